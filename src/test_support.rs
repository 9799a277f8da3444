//! What several modules' tests share.

use crate::ir::Catalog;
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

/// Every catalog of the bundled examples and of the code-generation
/// fixtures, lowered, with its file: what the tests that hold a list of
/// generated names to the generated code read.
pub(crate) fn example_catalogs() -> Vec<(PathBuf, Catalog)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for dir in ["examples", "tests/fixtures/codegen"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "errors") {
                continue;
            }
            let mut workspace = Workspace::new();
            workspace.add_path(&path).expect("read");
            let catalogs = workspace.analyze().catalogs;
            found.extend(catalogs.into_iter().map(|c| (path.clone(), c)));
        }
    }
    assert!(found.len() > 5, "{} catalogs", found.len());
    found
}

/// The name a line of generated code declares after one of `keywords`
/// (`"pub struct "`, `"interface "`), if it starts with one.
pub(crate) fn declared_name<'l>(line: &'l str, keywords: &[&str]) -> Option<&'l str> {
    let rest = keywords.iter().find_map(|kw| line.strip_prefix(kw))?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// A small deterministic generator of pseudo-random numbers (a linear
/// congruential one), for tests that try many cases of one shape.
#[cfg(feature = "lsp")]
pub(crate) struct Lcg(pub(crate) u64);

#[cfg(feature = "lsp")]
impl Lcg {
    /// A number below `n` (0 for `n` = 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n.max(1)
    }
}
