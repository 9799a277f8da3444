//! The ir target (implementation in progress).

use super::{GeneratedFile, Options};
use crate::ir::Catalog;

/// Generates the ir output of one catalog.
pub fn generate(_catalog: &Catalog, _options: &Options) -> Vec<GeneratedFile> {
    Vec::new()
}
