//! The IR target: the resolved catalog as JSON, `<catalog>.ir.json`, for
//! generators written outside errgen (as protoc plugins read descriptor
//! sets).
//!
//! The file is one object: `"ir_version"` ([`IR_VERSION`]) first, then
//! exactly the serde serialisation of [`Catalog`]: every field of the IR
//! types, `null` for an absent optional value, no source spans.
//! `schema/ir.schema.json` (JSON Schema draft 2020-12) describes it field by
//! field; the tests validate every example against it and check that the
//! schema and the serialisation name the same fields.
//!
//! The layout: the document's members a line each, and so the members of
//! its objects and the elements of its lists (one entry, one envelope, one
//! locale a line), each of those on its one line with no space. A changed
//! entry is one changed line in a review and `grep` finds an entry whole;
//! the file is half the size of JSON indented to the last level (1.5 KB
//! an entry of the benchmark catalog instead of 2.9 KB) and half as slow to
//! write. Readers parse it as any JSON: the layout is not part of the
//! format, and `ir_version` does not follow it.
//!
//! Invisible and bidirectional format characters and non-printable ones are
//! written as `\uXXXX` escapes, so that a reviewer of the file sees what a
//! string holds; JSON readers get the same text either way.
//!
//! The JSON is written straight into the file as it is serialised (the IR
//! of 100,000 entries is about 280 MB of it), never held whole. So the
//! target has no template folder: the file is a serde serialisation with
//! nothing around it, which a template could only print as one string.

use super::json::write_json;
use super::{Generator, Options, PlannedFile};
use crate::ir::Catalog;
use serde::Serialize;

/// The version of the IR's JSON form, the file's `ir_version`: a reader
/// checks it and refuses a version it does not know.
///
/// It increments with any change a reader written for the previous version
/// could misread: a member removed, renamed, retyped, made nullable or
/// given another meaning, a new value of an enumeration a reader must
/// handle in full (`code_kind`, an envelope's shape or member kind, a
/// segment or a meta value's type), or an order that is no longer kept.
/// Adding a member does not: readers ignore members they do not know (the
/// schema of the errgen that wrote a file describes it exactly). Changes
/// are listed in `schema/ir.schema.json`'s `ir_version`.
pub const IR_VERSION: u32 = 7;

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
            let document = Document {
                ir_version: IR_VERSION,
                catalog,
            };
            write_json(out, &document, 2)?;
            out.write_all(b"\n")
        })]
    }

    /// JSON has no comments: the document's first field.
    fn mark(&self) -> &'static str {
        "\"ir_version\""
    }
}

/// The file's object: the version, then the catalog's members.
#[derive(Serialize)]
struct Document<'a> {
    ir_version: u32,
    #[serde(flatten)]
    catalog: &'a Catalog,
}
