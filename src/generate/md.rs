//! The md target (implementation in progress).

use super::{GeneratedFile, Options};
use crate::ir::Catalog;

/// Generates the md output of one catalog.
pub fn generate(_catalog: &Catalog, _options: &Options) -> Vec<GeneratedFile> {
    Vec::new()
}
