//! The IR target: the resolved catalog as JSON, `<catalog>.ir.json`, for
//! generators written outside errgen (as protoc plugins read descriptor
//! sets).
//!
//! The file is exactly the serde serialisation of [`Catalog`]: every field
//! of the IR types, `null` for an absent optional value, no source spans.
//! `schema/ir.schema.json` (JSON Schema draft 2020-12) describes it field by
//! field; the tests validate every example against it and check that the
//! schema and the serialisation name the same fields.
//!
//! Invisible and bidirectional format characters and non-printable ones are
//! written as `\uXXXX` escapes, so that a reviewer of the file sees what a
//! string holds; JSON readers get the same text either way.

use super::json::to_json_pretty;
use super::{write_text_file, Generator, Options, PlannedFile};
use crate::ir::Catalog;
use askama::Template;

/// The IR target.
pub(crate) static GENERATOR: Ir = Ir;

/// The IR target (see the module's documentation).
pub(crate) struct Ir;

impl Generator for Ir {
    fn summary(&self) -> &'static str {
        "The resolved catalogs as JSON (the IR), for generators written outside errgen."
    }

    /// `<name>.ir.json`.
    fn plan<'a>(&self, catalog: &'a Catalog, _options: &Options) -> Vec<PlannedFile<'a>> {
        let path = format!("{}.ir.json", catalog.name.snake());
        vec![PlannedFile::new(path, move |out| {
            let file = IrFile {
                json: to_json_pretty(catalog),
            };
            write_text_file(&file, out)
        })]
    }
}

/// The file: the serialised catalog (a final newline is added after
/// rendering).
#[derive(Template)]
#[template(path = "ir/catalog.json", escape = "none")]
struct IrFile {
    /// The catalog as pretty-printed JSON.
    json: String,
}
