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
