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
//!
//! The JSON is written straight into the file as it is serialised (the IR
//! of 100,000 entries is about 280 MB of it), never held whole. So the
//! target has no template folder: the file is a serde serialisation with
//! nothing around it, which a template could only print as one string.

use super::json::write_json_pretty;
use super::{Generator, Options, PlannedFile};
use crate::ir::Catalog;

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
            write_json_pretty(out, catalog)?;
            out.write_all(b"\n")
        })]
    }
}
