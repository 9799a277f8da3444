//! Generation: resolved catalogs → files for one target.
//!
//! Each target is one module here (`rust`, `ts`, …) plus one template folder
//! under `templates/<target>/`. A target module turns a [`Catalog`] into a
//! view model whose strings are already escaped for the target language, and
//! an askama template (with `escape = "none"`) prints it. Generators see only
//! the IR. Output is deterministic: no timestamps, no absolute paths, no tool
//! version, stable order.

pub mod ir;
pub mod md;
pub mod openapi;
pub mod rust;
pub mod ts;

use crate::ir::{Catalog, MetaValue};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// A generation target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Rust: one module per catalog, for `include!` or checking in.
    Rust,
    /// TypeScript: one ES module per catalog.
    Ts,
    /// OpenAPI 3.1: the code enum, the envelope and a response per status.
    OpenApi,
    /// Markdown: one page per catalog.
    Md,
    /// The resolved IR as JSON, for generators outside errgen.
    Ir,
}

impl Target {
    /// Every target, in the order they are generated.
    pub const ALL: &'static [Target] = &[
        Target::Rust,
        Target::Ts,
        Target::OpenApi,
        Target::Md,
        Target::Ir,
    ];

    /// The name used on the command line and in errgen.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Target::Rust => "rust",
            Target::Ts => "ts",
            Target::OpenApi => "openapi",
            Target::Md => "md",
            Target::Ir => "ir",
        }
    }

    /// The target with this name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// Generates the files of this target for one catalog.
    pub fn generate(self, catalog: &Catalog, options: &Options) -> Vec<GeneratedFile> {
        match self {
            Target::Rust => rust::generate(catalog, options),
            Target::Ts => ts::generate(catalog, options),
            Target::OpenApi => openapi::generate(catalog, options),
            Target::Md => md::generate(catalog, options),
            Target::Ir => ir::generate(catalog, options),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Options for a target: from errgen.yaml's `targets.<name>.options`, then
/// the catalog's own `option <target>.<key> …` statements, which win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    values: BTreeMap<String, MetaValue>,
}

impl Options {
    /// No options.
    pub fn new() -> Options {
        Options::default()
    }

    /// Sets an option.
    pub fn set(&mut self, key: impl Into<String>, value: MetaValue) -> &mut Options {
        self.values.insert(key.into(), value);
        self
    }

    /// These options, overridden by the catalog's `option <target>.<key>`.
    pub fn for_catalog(&self, target: Target, catalog: &Catalog) -> Options {
        let mut values = self.values.clone();
        let prefix = format!("{}.", target.name());
        for (key, value) in &catalog.options {
            if let Some(key) = key.strip_prefix(&prefix) {
                values.insert(key.to_owned(), value.clone());
            }
        }
        Options { values }
    }

    /// A boolean option (`true` if set to `true`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some(MetaValue::Bool(true)))
    }

    /// A string option.
    pub fn string(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(MetaValue::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// Generates `target` for every catalog that is not marked to be skipped,
/// in catalog order: the files one output folder receives.
pub fn generate_all<'a>(
    catalogs: impl IntoIterator<Item = &'a Catalog>,
    target: Target,
    options: &Options,
) -> Vec<GeneratedFile> {
    catalogs
        .into_iter()
        .flat_map(|catalog| target.generate(catalog, &options.for_catalog(target, catalog)))
        .collect()
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Its path relative to the target's output folder (a plain file name
    /// or relative path without `..`).
    pub path: PathBuf,
    /// Its content.
    pub content: String,
}
