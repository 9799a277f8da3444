//! The OpenAPI 3.1 target: one document per catalog,
//! `<catalog>.openapi.yaml`, or `<catalog>.openapi.json` with the option
//! `format: json`.
//!
//! # What a catalog becomes
//!
//! For a catalog `optverse` (component names take the catalog's name in
//! UpperCamelCase as a prefix, so that several catalogs fit in one API
//! document):
//!
//! - `info` (title, version, description) and `x-errgen` (the catalog's name,
//!   version and locales), `externalDocs` when the catalog has `docs`, and
//!   `paths: {}`: the errors are components for the team's own API document to
//!   reference.
//! - `components.schemas.OptverseCode`: the enum of every code (success codes
//!   too), with `x-enum-varnames` (entry names in UpperCamelCase),
//!   `x-enum-descriptions` (default-locale messages) and a Markdown listing of
//!   the codes in its `description`.
//! - `components.schemas.OptverseCodeAlias`, when entries have aliases: the
//!   enum of the published codes they also answer to, with `x-aliases` (the
//!   code each alias means, by alias). The envelope's code is then `anyOf`
//!   the two enums, each error schema's code an `enum` of its code and its
//!   aliases (and a problem's `type` of their types), and the
//!   `discriminator` maps each alias to its entry's schema: a client
//!   generated from the document decodes an aliased body as its entry's
//!   error, while `OptverseCode` stays the codes servers send.
//! - `components.schemas.OptverseEnvelope`: the envelope, for any code. Its
//!   properties follow the kinds of `catalog.envelope().members`: the
//!   catalog's code (`code`, or `sub_code` in a two-level envelope) is a
//!   `$ref` to the code enum, `stage` an enum of the catalog's stages,
//!   `params` an object, `const` fields a `const`; a `problem` envelope has
//!   the RFC 9457 members. `required` lists the fields that are not
//!   optional (a problem's `status` and `detail` are always required).
//! - `components.schemas.OptverseError`: any error of the catalog, a `oneOf`
//!   of one schema per error code, `Optverse<Entry>Error` (the first
//!   envelope `allOf` the code as a `const`, and for a problem its `type`,
//!   `title` and `status` as `const`s, and its params' own schema), with a
//!   `discriminator` on the code's wire name that maps each code to its
//!   schema. When the first envelope nests the error object
//!   (`{ok, error: {code, …}}`), what the code fixes inside it is under
//!   that member: the nested object's schema (`OptverseErrorObject`)
//!   `allOf` the code's `const` and params. A discriminator's values are
//!   strings, and its `propertyName` is a property of the `oneOf` schemas
//!   themselves (OpenAPI 3.1): a catalog of integer codes, or whose code is
//!   nested, gets the `oneOf` without one, its schemas told apart by their
//!   `const` codes alone.
//! - `components.schemas.Optverse<Entry><Name>EnvelopeError`: the same
//!   narrowing in each other envelope (named `name`) that the entry is sent
//!   in and that carries a code: that envelope `allOf` the code's `const`
//!   and params, at its top or under its nested error object. (A client
//!   generated from the document learns each code's params in every
//!   envelope, not only the first.)
//! - `components.schemas.Optverse<Entry>Params`: the params of an error
//!   code that has some (when an envelope it is narrowed in has `params`),
//!   each with its type, all required.
//! - `components.responses.OptverseError` (any error, the schema
//!   `OptverseError`) and `components.responses.Optverse<Entry>`, one per
//!   error entry in catalog order: its schema (a `oneOf` of its schemas
//!   in each envelope it is sent in), with its one example, keyed
//!   by the code, served as `application/json` (`application/problem+json`
//!   for a problem envelope). Success codes get no schema and no response.
//!
//! Component names come from the catalog's name and its entries' names
//! only (an entry's name is its declared name, else the one its code gives),
//! never from the set of statuses, so an edit that keeps a code and its
//! name keeps every `$ref` to it: a status added or changed renames
//! nothing. (Two catalogs in one API document still need names that do not
//! run into each other: `shop` with an entry `order` and a catalog
//! `shop_order` both have `ShopOrderError`.)
//!
//! # Examples
//!
//! An example is a body in the first envelope, with the error object it
//! nests, if any. It shows what the catalog fixes: the code, the
//! default-locale message, the stage, `const` fields, the problem `type`.
//! The message keeps its placeholders as `{name}`, named after the param (a
//! positional `{0}` declared `as tenant` shows as `{tenant}`). Every value
//! the catalog leaves to run time is a sample: a string is its own name in
//! braces (`"{path}"` for the param `path`, `"{errCode}"` for the outer
//! code of a two-level envelope), a number `0`, a boolean `false`. A
//! problem example shows the IR's `title` and `status`
//! (`Envelope::problem_title`, `Envelope::problem_status`: 500 for an error
//! without `http`) and the message as its `detail`. Optional fields are
//! left out.
//!
//! # Strings, keys and the two forms
//!
//! `Document::write` walks the document once and sends it to an
//! `Emitter`, which prints it as block YAML or as JSON (laid out as
//! serde_json's pretty printer does): one model, two serialisations, so
//! both forms hold the same data by construction. Every string from the
//! catalog is a JSON string literal (which is also a YAML 1.2 double-quoted
//! scalar), with invisible, bidirectional and non-printable characters
//! (`DEL`, C1 controls, U+2028) escaped as `\uXXXX` so that YAML 1.1 readers
//! load the same text. In YAML, keys from the catalog stay plain only when
//! they are simple words that no YAML version reads as anything but a
//! string; a key longer than YAML allows an implicit key (1,024 characters)
//! is written as an explicit key (`? "…"` then `: value`), which has no
//! limit. OpenAPI keys `examples` and `properties` by codes, wire names and
//! param names, so user text cannot be kept out of keys.
//!
//! Every `description` (of `info`, the schemas and their properties, the
//! responses and the examples) is CommonMark made by the text layer
//! (`super::text`), the Markdown target's own escaper: catalog text in it
//! (the title in the sentences built from it, the catalog's and entries'
//! descriptions, deprecation reasons, messages) renders as written, never
//! as HTML or a link, and its controls are shown as the Markdown pages
//! show them. `summary`, `title` and `x-enum-descriptions` are plain text.

use super::json::escape_json;
use super::text::{
    code_span, comment_line, escape_block, escape_line, escape_paragraph, push_code_span,
    push_escaped, Layout,
};
use super::{push_decimal, Generator, OptionKind, OptionSpec, Options, PlannedFile};
use crate::diagnostic::Diagnostic;
use crate::ir::{
    status_phrase, Catalog, Code, CodeKind, Entry, EntryKind, Envelope, EnvelopeMember,
    EnvelopeShape, LocalizedText, MemberKind, Message, MetaValue, ParamType, PlaceholderKey,
    ProblemType, Segment,
};
use crate::source::Span;
use std::cell::OnceCell;
use std::fmt::Write as _;
use std::io;

/// The OpenAPI target.
pub(crate) static GENERATOR: OpenApi = OpenApi;

/// The OpenAPI target (see the module's documentation).
pub(crate) struct OpenApi;

impl Generator for OpenApi {
    fn summary(&self) -> &'static str {
        "OpenAPI 3.1: the code enum, the envelope, a schema and a response per error code."
    }

    fn options(&self) -> &'static [OptionSpec] {
        &[OptionSpec {
            key: "format",
            kind: OptionKind::Choice(&["yaml", "json"]),
            summary: "The file format of the OpenAPI document.",
        }]
    }

    fn plan<'a>(&self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        plan(catalog, options)
    }

    /// The extension after `info`, in YAML and in JSON (which has no
    /// comment to hold the header).
    fn mark(&self) -> &'static str {
        "x-errgen"
    }

    fn name_clashes(&self, catalog: &Catalog) -> Vec<Diagnostic> {
        let names = schema_names(catalog);
        let mut seen: crate::hash::FastMap<&str, usize> =
            crate::hash::FastMap::with_capacity_and_hasher(names.ends.len(), Default::default());
        let mut found = Vec::new();
        for (i, (name, schema)) in names.names().zip(&names.schemas).enumerate() {
            let Some(&first) = seen.get(name) else {
                seen.insert(name, i);
                continue;
            };
            let first = &names.schemas[first];
            found.push(super::name_clash(
                "schemas of the OpenAPI document",
                name,
                (&first.what(catalog), Some(first.span(catalog))),
                (&schema.what(catalog), schema.span(catalog)),
                "rename one of them: the document names its schemas after the catalog \
                 and these names in UpperCamelCase",
            ));
        }
        found
    }
}

/// Whether the codes get schemas of their own in `envelope`: it carries
/// the code (at its top or in its nested error object).
fn narrows(envelope: &Envelope) -> bool {
    envelope.member(MemberKind::Code).is_some()
}

/// The envelopes `entry` gets a schema of its own in: the first (if it
/// [`narrows`]; every error code has that one, sent in it or not), then
/// each other it is sent in that narrows.
fn narrowed_in<'e>(catalog: &'e Catalog, entry: &'e Entry) -> impl Iterator<Item = usize> + 'e {
    let envelopes = &catalog.envelopes;
    let others = entry.envelopes.iter().copied();
    std::iter::once(0)
        .chain(others.filter(|&k| k > 0))
        .filter(move |&k| narrows(&envelopes[k]))
}

/// Whether `entry` gets `<Catalog><Entry>Params`: it has params and an
/// envelope it is narrowed in carries them.
fn has_params_schema(catalog: &Catalog, entry: &Entry) -> bool {
    !entry.params.is_empty()
        && narrowed_in(catalog, entry)
            .any(|k| catalog.envelopes[k].member(MemberKind::Params).is_some())
}

/// What an error's schema in envelope `k` is named after the catalog's
/// prefix and the entry's name, before `Error`: nothing in the first
/// envelope (`<Catalog><Entry>Error`), the envelope's middle in another
/// (`<Catalog><Entry><Name>EnvelopeError`).
fn entry_middle(envelope_names: &[String], k: usize) -> &str {
    if k == 0 {
        ""
    } else {
        &envelope_names[k]
    }
}

/// A schema of the document, for [`schema_names`]: what it is, said in
/// words only for a diagnostic.
enum Schema<'c> {
    Code,
    CodeAlias,
    Envelope(&'c Envelope),
    ErrorObject(&'c Envelope),
    Record(&'c crate::ir::RecordType),
    Union,
    Error(&'c Entry, usize),
    Params(&'c Entry),
}

impl Schema<'_> {
    /// What it is, for a diagnostic.
    fn what(&self, catalog: &Catalog) -> String {
        match self {
            Schema::Code => "the code enum".to_owned(),
            Schema::CodeAlias => "the alias enum".to_owned(),
            Schema::Envelope(e) => format!("envelope `{}`", e.name.original()),
            Schema::ErrorObject(e) => {
                format!("the error object of envelope `{}`", e.name.original())
            }
            Schema::Record(r) => format!("the record type `{}`", r.name.original()),
            Schema::Union => "the union of the errors".to_owned(),
            Schema::Error(entry, 0) => format!("the error `{}`", entry.name.original()),
            Schema::Error(entry, k) => format!(
                "the error `{}` in envelope `{}`",
                entry.name.original(),
                catalog.envelopes[*k].name.original()
            ),
            Schema::Params(entry) => format!("the params of `{}`", entry.name.original()),
        }
    }

    /// Where it is declared.
    fn span(&self, catalog: &Catalog) -> Span {
        match self {
            Schema::Envelope(e) | Schema::ErrorObject(e) => e.span.unwrap_or(catalog.name_span),
            Schema::Record(r) => r.span,
            Schema::Error(entry, _) | Schema::Params(entry) => entry.spans.head,
            Schema::Code | Schema::CodeAlias | Schema::Union => catalog.name_span,
        }
    }
}

/// The name of every schema the document of `catalog` defines
/// (`components.schemas`), in the order it writes them, and what each is:
/// the names `write_*` give, for [`OpenApi::name_clashes`] (a test holds
/// the two to each other).
fn schema_names(catalog: &Catalog) -> SchemaNames<'_> {
    let prefix = catalog.name.upper_camel();
    let first = catalog.envelope();
    let mut names = SchemaNames::with_capacity(catalog.entries.len());
    names.push(&[prefix, "Code"], Schema::Code);
    if has_aliases(catalog) {
        names.push(&[prefix, "CodeAlias"], Schema::CodeAlias);
    }
    names.push(&[prefix, &envelope_middle(first)], Schema::Envelope(first));
    for (k, envelope) in catalog.envelopes.iter().enumerate() {
        if envelope.error_object().is_some() {
            let nested = nested_middle(envelope);
            names.push(&[prefix, &nested], Schema::ErrorObject(envelope));
        }
        if k > 0 {
            names.push(
                &[prefix, &envelope_middle(envelope)],
                Schema::Envelope(envelope),
            );
        }
    }
    for record in &catalog.types {
        let name = record_schema_name(catalog, record.name.original());
        names.push(&[&name], Schema::Record(record));
    }
    names.push(&[prefix, "Error"], Schema::Union);
    let envelope_names: Vec<String> = catalog.envelopes.iter().map(envelope_middle).collect();
    for entry in catalog
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Error)
    {
        let entry_name = entry.name.upper_camel();
        for k in narrowed_in(catalog, entry) {
            let middle = entry_middle(&envelope_names, k);
            names.push(
                &[prefix, entry_name, middle, "Error"],
                Schema::Error(entry, k),
            );
        }
        if has_params_schema(catalog, entry) {
            names.push(&[prefix, entry_name, "Params"], Schema::Params(entry));
        }
    }
    names
}

/// [`schema_names`]: every name in one buffer (a catalog of 100,000
/// entries names 100,000 schemas or more, on every compile), with what
/// each schema is.
struct SchemaNames<'c> {
    text: String,
    /// Where each name ends in `text`.
    ends: Vec<usize>,
    schemas: Vec<Schema<'c>>,
}

impl<'c> SchemaNames<'c> {
    fn with_capacity(entries: usize) -> SchemaNames<'c> {
        SchemaNames {
            text: String::with_capacity(entries * 32),
            ends: Vec::with_capacity(entries + 8),
            schemas: Vec::with_capacity(entries + 8),
        }
    }

    /// Adds the schema named `parts` joined.
    fn push(&mut self, parts: &[&str], schema: Schema<'c>) {
        parts.iter().for_each(|part| self.text.push_str(part));
        self.ends.push(self.text.len());
        self.schemas.push(schema);
    }

    /// The name of schema `i`.
    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Every name, in order.
    fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.name(i))
    }
}

/// The OpenAPI document of one catalog, rendered when written:
/// `<name>.openapi.yaml`, or `<name>.openapi.json` when the option `format`
/// is `json`.
pub fn plan<'a>(catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
    let stem = &catalog.name.snake();
    let (syntax, extension) = match options.string("format") {
        Some("json") => (Syntax::Json, "json"),
        _ => (Syntax::Yaml, "yaml"),
    };
    vec![PlannedFile::new(
        format!("{stem}.openapi.{extension}"),
        move |out| Document::new(catalog, syntax).write(out),
    )]
}

/// The whole document, every catalog string already a quoted scalar (keys
/// are kept as text: how a key is written depends on the form).
struct Document<'a> {
    /// The header comment's text ([`header_line`](super::header_line)).
    header: String,
    /// `info.title`.
    title: String,
    /// `info.version`.
    version: String,
    /// `info.description`.
    description: Option<String>,
    /// `externalDocs.url`.
    docs: Option<String>,
    /// `x-errgen.catalog`.
    catalog: String,
    /// `x-errgen.version`, the catalog's own.
    catalog_version: Option<String>,
    /// `x-errgen.locales`.
    locales: Vec<String>,
    /// The code enum.
    code: CodeSchema<'a>,
    /// The first envelope: every member, for any code.
    error: ErrorSchema,
    /// The other envelopes' schemas and the error objects nested in any,
    /// in declaration order (a nested object's before its envelope's).
    others: Vec<ErrorSchema>,
    /// The name of each envelope's schema after the prefix (`Envelope`,
    /// `CliEnvelope`), by position: from declared names only, so stable.
    envelope_names: Vec<String>,
    /// The catalog's name in UpperCamelCase: the prefix of every component
    /// name.
    prefix: String,
    /// Whether each error code has its own schema, `<Catalog><Entry>Error`:
    /// the first envelope carries the code, at its top or in its nested
    /// error object (a success shape carries none).
    per_code: bool,
    /// The media type of the first envelope: that of `<Catalog>Error`.
    media_type: &'static str,
    /// What the examples are made from, each when the document is written.
    examples: Examples<'a>,
    /// The form it is written in.
    syntax: Syntax,
}

/// What an example is made from: the document holds no example's text, each
/// is made when the document is written.
struct Examples<'a> {
    catalog: &'a Catalog,
    /// Each envelope's members.
    fields: Vec<Vec<ExampleField<'a>>>,
}

/// A member an example shows, with its key written for the document's form
/// (made once), and, for a nested error object, its own members.
struct ExampleField<'a> {
    member: &'a EnvelopeMember,
    key: String,
    nested: Vec<ExampleField<'a>>,
}

impl<'a> ExampleField<'a> {
    /// `members` and the members nested in them, keyed for `syntax`.
    fn all(members: &'a [EnvelopeMember], syntax: Syntax) -> Vec<ExampleField<'a>> {
        members
            .iter()
            .map(|member| ExampleField {
                member,
                key: syntax.key(&member.wire),
                nested: ExampleField::all(&member.members, syntax),
            })
            .collect()
    }
}

impl Examples<'_> {
    /// Writes the example of entry `i` (whose scalars are `row`) in
    /// envelope `k`: its key, `summary`, `description` and `value`. The
    /// entry itself is read only for the envelope fields that show more of
    /// it than its row (a read of it costs a cache miss in a large catalog).
    fn write_one(&self, e: &mut Emitter<'_>, k: usize, i: usize, row: Row<'_>) {
        e.key(row.key);
        e.begin_map();
        e.word_key("summary");
        if row.deprecated {
            // Quoting is per character: the quoted name, then the rest.
            e.scalar_with(|out| {
                out.push_str(&row.name[..row.name.len() - 1]);
                out.push_str(" (deprecated)\"");
            });
        } else {
            e.scalar(row.name);
        }
        if !row.description.is_empty() {
            e.word_key("description");
            e.scalar(row.description);
        }
        e.word_key("value");
        self.write_value(e, k, &self.fields[k], i, &row);
        e.end_map();
    }

    /// Writes the object of `fields` in the example of entry `i` (whose
    /// scalars are `row`) in envelope `k`: the envelope, or the error
    /// object nested in it.
    fn write_value(
        &self,
        e: &mut Emitter<'_>,
        k: usize,
        fields: &[ExampleField<'_>],
        i: usize,
        row: &Row<'_>,
    ) {
        let entry = || &self.catalog.entries[i];
        let envelope = &self.catalog.envelopes[k];
        e.begin_map();
        // Each member kind's example value, in one place.
        for field in fields {
            let (f, field_key) = (field.member, &field.key);
            match f.kind {
                MemberKind::Code => {
                    e.key(field_key);
                    e.scalar(row.code);
                }
                MemberKind::Message => {
                    e.key(field_key);
                    e.scalar(row.message);
                }
                // The row holds the first envelope's title.
                MemberKind::Title if k == 0 => {
                    e.key(field_key);
                    e.scalar(row.title);
                }
                MemberKind::Title => {
                    e.key(field_key);
                    e.scalar_with(|out| quote_into(out, &envelope.problem_title(entry())));
                }
                MemberKind::Stage => {
                    if let Some(stage) = &entry().stage {
                        e.key(field_key);
                        e.scalar_with(|out| quote_into(out, stage));
                    }
                }
                MemberKind::Const => {
                    if let Some(value) = &f.value {
                        e.key(field_key);
                        e.scalar(&meta_scalar(value));
                    }
                }
                MemberKind::Params => {
                    let entry = entry();
                    if entry.params.is_empty() && f.optional {
                        continue;
                    }
                    e.key(field_key);
                    e.begin_map();
                    for p in &entry.params {
                        let name = &p.name.original();
                        e.key_text(name);
                        e.scalar_with(|out| sample_into(out, &p.ty, name, self.catalog));
                    }
                    e.end_map();
                }
                MemberKind::ProblemType => {
                    let problem_type = envelope.problem_type().unwrap_or(ProblemType::Blank);
                    e.key(field_key);
                    e.scalar_with(|out| quote_into(out, &problem_type.of(&entry().code)));
                }
                MemberKind::HttpStatus => {
                    e.key(field_key);
                    let status = Envelope::problem_status(entry());
                    e.scalar_with(|out| push_decimal(out, status));
                }
                // Left to the server: a sample when it is always there.
                MemberKind::OuterCode | MemberKind::OuterMessage => {
                    e.key(field_key);
                    e.scalar_with(|out| sample_into(out, &f.ty, &f.wire, self.catalog));
                }
                // The error object nested in the envelope, with the code's own
                // members.
                MemberKind::Error => {
                    e.key(field_key);
                    self.write_value(e, k, &field.nested, i, row);
                }
                MemberKind::Detail
                | MemberKind::Instance
                | MemberKind::Field
                | MemberKind::Data => {
                    if !f.optional {
                        e.key(field_key);
                        e.scalar_with(|out| sample_into(out, &f.ty, &f.wire, self.catalog));
                    }
                }
            }
        }
        e.end_map();
    }
}

/// The scalars of every entry that the document prints more than once or
/// in another order than the entries', each made once and kept one after
/// the other in entry order, and the error entries by status. The code
/// schema's lists and the responses read them here instead of walking the
/// IR again: a large catalog's IR does not fit in the caches, and each walk
/// of it costs a cache miss or more per entry.
struct Rows {
    /// The scalars, entry after entry.
    text: String,
    /// Per entry, where its scalars end in `text`.
    ends: Vec<RowEnds>,
    /// The indexes of the error entries, in entry order.
    errors: Vec<usize>,
}

/// Where the scalars of an entry end in [`Rows::text`], each beginning where
/// the one before ends (the first where the entry before ends), and whether
/// the entry is deprecated.
struct RowEnds {
    code: usize,
    key: usize,
    name: usize,
    message: usize,
    title: usize,
    description: usize,
    deprecated: bool,
}

/// The scalars of one entry, from [`Rows::get`].
struct Row<'r> {
    /// The code as a scalar ([`code_scalar_into`]).
    code: &'r str,
    /// The code as a key in the document's form ([`code_key_into`]).
    key: &'r str,
    /// The name in UpperCamelCase, quoted.
    name: &'r str,
    /// The default-locale message, quoted ([`message_into`]).
    message: &'r str,
    /// A problem's title ([`Envelope::problem_title`]), quoted; empty in
    /// another envelope.
    title: &'r str,
    /// The description of its example, quoted ([`example_description_into`]),
    /// or empty.
    description: &'r str,
    /// Whether it is deprecated.
    deprecated: bool,
}

impl Rows {
    fn with_capacity(entries: usize) -> Rows {
        Rows {
            text: String::with_capacity(entries * 128),
            ends: Vec::with_capacity(entries),
            errors: Vec::new(),
        }
    }

    /// Adds the next entry, whose default-locale message (from
    /// [`message_into`]) is `message`, whose problem title is `title` and
    /// the description of whose example is `description`; its code as a
    /// key is written for `syntax`.
    fn push(
        &mut self,
        entry: &Entry,
        message: &str,
        title: Option<&str>,
        description: Option<&str>,
        syntax: Syntax,
    ) {
        if entry.kind == EntryKind::Error {
            self.errors.push(self.ends.len());
        }
        let text = &mut self.text;
        code_scalar_into(text, &entry.code);
        let code = text.len();
        code_key_into(text, &entry.code, syntax);
        let key = text.len();
        quote_into(text, entry.name.upper_camel());
        let name = text.len();
        quote_into(text, message);
        let message = text.len();
        if let Some(title) = title {
            quote_into(text, title);
        }
        let title = text.len();
        if let Some(description) = description {
            quote_into(text, description);
        }
        self.ends.push(RowEnds {
            code,
            key,
            name,
            message,
            title,
            description: text.len(),
            deprecated: entry.deprecated.is_some(),
        });
    }

    /// The scalars of entry `i`.
    fn get(&self, i: usize) -> Row<'_> {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j].description);
        let ends = &self.ends[i];
        Row {
            code: &self.text[start..ends.code],
            key: &self.text[ends.code..ends.key],
            name: &self.text[ends.key..ends.name],
            message: &self.text[ends.name..ends.message],
            title: &self.text[ends.message..ends.title],
            description: &self.text[ends.title..ends.description],
            deprecated: ends.deprecated,
        }
    }

    /// The scalars of every entry, in entry order.
    fn iter(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        (0..self.ends.len()).map(|i| self.get(i))
    }
}

/// `components.schemas.<Catalog>Code`.
struct CodeSchema<'a> {
    /// The component name.
    name: String,
    /// "<title> catalog" as CommonMark ([`the_catalog`]), for the
    /// descriptions.
    catalog_phrase: String,
    /// The catalog's default locale.
    locale: &'a str,
    /// `string` or `integer`.
    ty: &'static str,
    /// The catalog (its entries are the codes).
    catalog: &'a Catalog,
    /// The entries (every code), in catalog order.
    entries: &'a [Entry],
    /// Their scalars, made by [`CodeSchema::description`] (the first list
    /// the document prints) as it walks the entries, else when first asked
    /// for.
    rows: OnceCell<Rows>,
    /// The form of the document, for the codes as keys in `rows`.
    syntax: Syntax,
}

impl<'a> CodeSchema<'a> {
    /// The scalars of every entry.
    fn rows(&self) -> &Rows {
        self.rows.get_or_init(|| {
            let mut rows = Rows::with_capacity(self.entries.len());
            let (mut message, mut scratch) = (String::new(), String::new());
            for entry in self.entries {
                message.clear();
                message_into(&mut message, self.catalog, entry, self.locale);
                self.push_row(&mut rows, entry, &message, &mut scratch);
            }
            rows
        })
    }

    /// Adds `entry`, whose default-locale message is `message`, to `rows`;
    /// `scratch` holds its example's description before it is quoted.
    fn push_row(&self, rows: &mut Rows, entry: &Entry, message: &str, scratch: &mut String) {
        scratch.clear();
        let described = example_description_into(scratch, self.catalog, entry);
        let envelope = &self.catalog.envelope();
        let title =
            (envelope.shape == EnvelopeShape::Problem).then(|| envelope.problem_title(entry));
        rows.push(
            entry,
            message,
            title.as_deref(),
            described.then_some(scratch.as_str()),
            self.syntax,
        );
    }

    /// `description`: a Markdown listing of the codes, as one quoted
    /// scalar. Escaping is per character, so each entry's line is escaped
    /// on its own. Makes [`CodeSchema::rows`] on the way, if not yet made.
    fn description(&self, out: &mut Emitter<'_>) -> io::Result<()> {
        out.begin_scalar();
        {
            let (text, line) = out.text_and_scratch();
            line.clear();
            line.push_str("A code of the ");
            line.push_str(&self.catalog_phrase);
            line.push_str(".\n");
            text.push('"');
            escape_into(text, line);
            let mut rows = self
                .rows
                .get()
                .is_none()
                .then(|| Rows::with_capacity(self.entries.len()));
            let (mut message, mut scratch) = (String::new(), String::new());
            for entry in self.entries {
                let (text, line) = out.text_and_scratch();
                line.clear();
                line.push_str("\n- ");
                match &entry.code {
                    Code::Int(n) => {
                        let _ = write!(line, "`{n}`");
                    }
                    Code::Str(s) => push_code_span(line, s),
                }
                line.push(' ');
                line.push_str(entry.name.upper_camel());
                match (entry.kind == EntryKind::Success, entry.deprecated.is_some()) {
                    (true, true) => line.push_str(" (success, deprecated)"),
                    (true, false) => line.push_str(" (success)"),
                    (false, true) => line.push_str(" (deprecated)"),
                    (false, false) => {}
                }
                message.clear();
                message_into(&mut message, self.catalog, entry, self.locale);
                if !message.is_empty() {
                    line.push_str(": ");
                    push_escaped(line, &message, Layout::Line, false, true);
                }
                escape_into(text, line);
                if let Some(rows) = &mut rows {
                    self.push_row(rows, entry, &message, &mut scratch);
                }
                out.end_item()?;
            }
            out.text().push('"');
            if let Some(rows) = rows {
                // Unset: checked above, and nothing else sets it meanwhile.
                let _ = self.rows.set(rows);
            }
            Ok(())
        }
    }

    /// A sequence of `scalar` of every entry's row: `enum` (the codes),
    /// `x-enum-varnames` (the names in UpperCamelCase) and
    /// `x-enum-descriptions` (the default-locale messages).
    fn enum_items(
        &self,
        out: &mut Emitter<'_>,
        scalar: impl for<'r> Fn(&Row<'r>) -> &'r str,
    ) -> io::Result<()> {
        out.begin_seq();
        for row in self.rows().iter() {
            out.scalar(scalar(&row));
            out.end_item()?;
        }
        out.end_seq();
        Ok(())
    }
}

/// `components.schemas.<Catalog>Envelope`.
struct ErrorSchema {
    /// The component name.
    name: String,
    /// `description`.
    description: String,
    /// The wire names of the fields that are not optional, quoted.
    required: Vec<String>,
    /// One property per envelope field.
    properties: Vec<Property>,
}

/// A property of the envelope schema; every part is optional.
#[derive(Default)]
struct Property {
    /// The wire name (the key).
    key: String,
    /// `$ref`, quoted.
    reference: Option<String>,
    /// `anyOf` of these `$ref`s, quoted (instead of `reference`).
    any_of: Vec<String>,
    /// `type`: a type name, or several (a sequence).
    ty: Vec<&'static str>,
    /// `format`.
    format: Option<&'static str>,
    /// `const`, as a scalar.
    constant: Option<String>,
    /// `enum` values, quoted.
    values: Vec<String>,
    /// `minimum` and `maximum`.
    range: Option<(u32, u32)>,
    /// `description`, quoted.
    description: String,
    /// A structured type, written with [`write_type_keys`] instead of `type`.
    structured: Option<ParamType>,
}

impl<'a> Document<'a> {
    fn new(catalog: &'a Catalog, syntax: Syntax) -> Document<'a> {
        let prefix = &catalog.name.upper_camel();
        let locale = catalog.default_locale();
        let title = catalog
            .title
            .clone()
            .unwrap_or_else(|| catalog.name.original().to_owned());
        let catalog_phrase = escape_line(&the_catalog(&title));
        let code_name = format!("{prefix}Code");
        let envelope_names: Vec<String> = catalog.envelopes.iter().map(envelope_middle).collect();
        let error_name = format!("{prefix}{}", envelope_names[0]);
        // Wire names are unique in the IR, as a document's keys must be.
        // The per-code schemas extend the first envelope.
        let fields: Vec<&EnvelopeMember> = catalog.envelope().members.iter().collect();
        let mut others = Vec::new();
        for (index, envelope) in catalog.envelopes.iter().enumerate() {
            let middle = &envelope_names[index];
            if let Some(nested) = envelope.error_object() {
                let fields: Vec<&EnvelopeMember> = nested.members.iter().collect();
                let name = format!("{prefix}{}", nested_middle(envelope));
                let description = format!(
                    "The error object nested as `{}` in `{prefix}{middle}`.",
                    nested.wire
                );
                let mut schema = error_schema(
                    catalog,
                    envelope,
                    &fields,
                    name,
                    &code_name,
                    &catalog_phrase,
                );
                schema.description = quote(&description);
                others.push(schema);
            }
            if index > 0 {
                let fields: Vec<&EnvelopeMember> = envelope.members.iter().collect();
                others.push(error_schema(
                    catalog,
                    envelope,
                    &fields,
                    format!("{prefix}{middle}"),
                    &code_name,
                    &catalog_phrase,
                ));
            }
        }

        Document {
            header: super::header_line(catalog, comment_line),
            title: quote(&title),
            version: quote(catalog.version.as_deref().unwrap_or("0.0.0")),
            description: text_in(catalog, &catalog.description, locale)
                .map(|d| quote(&escape_paragraph(d))),
            docs: catalog.docs.as_deref().map(quote),
            catalog: quote(catalog.name.original()),
            catalog_version: catalog.version.as_deref().map(quote),
            locales: catalog.locales.iter().map(|l| quote(l)).collect(),
            code: code_schema(catalog, code_name.clone(), &catalog_phrase, syntax),
            error: error_schema(
                catalog,
                catalog.envelope(),
                &fields,
                error_name,
                &code_name,
                &catalog_phrase,
            ),
            others,
            envelope_names,
            prefix: catalog.name.upper_camel().to_owned(),
            per_code: narrows(catalog.envelope()),
            media_type: media_type(catalog.envelope()),
            examples: Examples {
                catalog,
                fields: catalog
                    .envelopes
                    .iter()
                    .map(|envelope| ExampleField::all(&envelope.members, syntax))
                    .collect(),
            },
            syntax,
        }
    }
}

impl Document<'_> {
    /// Writes the document into `out`, in its form.
    fn write(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let e = &mut Emitter::new(self.syntax, out);
        e.comment(&self.header);
        e.begin_map();
        e.word_key("openapi");
        e.word("3.1.0");
        e.word_key("info");
        e.begin_map();
        e.word_key("title");
        e.scalar(&self.title);
        e.word_key("version");
        e.scalar(&self.version);
        if let Some(description) = &self.description {
            e.word_key("description");
            e.scalar(description);
        }
        e.end_map();
        if let Some(docs) = &self.docs {
            e.word_key("externalDocs");
            e.begin_map();
            e.word_key("url");
            e.scalar(docs);
            e.end_map();
        }
        e.word_key("x-errgen");
        e.begin_map();
        e.word_key("catalog");
        e.scalar(&self.catalog);
        if let Some(v) = &self.catalog_version {
            e.word_key("version");
            e.scalar(v);
        }
        e.word_key("locales");
        e.begin_seq();
        for locale in &self.locales {
            e.scalar(locale);
        }
        e.end_seq();
        e.end_map();
        e.word_key("paths");
        e.begin_map();
        e.end_map();
        e.word_key("components");
        e.begin_map();
        e.word_key("schemas");
        e.begin_map();
        self.write_code_schema(e)?;
        self.write_alias_schema(e)?;
        self.write_error_schema(e);
        self.write_records(e);
        self.write_variants(e)?;
        e.end_map();
        if !self.code.rows().errors.is_empty() {
            e.word_key("responses");
            e.begin_map();
            self.write_responses(e)?;
            e.end_map();
        }
        e.end_map();
        e.end_map();
        e.finish()
    }

    /// `components.schemas.<Catalog>Code`.
    fn write_code_schema(&self, e: &mut Emitter<'_>) -> io::Result<()> {
        let code = &self.code;
        e.key_text(&code.name);
        e.begin_map();
        e.word_key("description");
        code.description(e)?;
        e.word_key("type");
        e.word(code.ty);
        e.word_key("enum");
        code.enum_items(e, |row| row.code)?;
        e.word_key("x-enum-varnames");
        code.enum_items(e, |row| row.name)?;
        e.word_key("x-enum-descriptions");
        code.enum_items(e, |row| row.message)?;
        e.end_map();
        Ok(())
    }

    /// `components.schemas.<Catalog>CodeAlias`, when some entry has an
    /// `alias`: the published codes a response may carry instead of an
    /// entry's code, and `x-aliases`, each alias's code by alias (what a
    /// client reads to map one to its entry).
    fn write_alias_schema(&self, e: &mut Emitter<'_>) -> io::Result<()> {
        let catalog = self.code.catalog;
        if !has_aliases(catalog) {
            return Ok(());
        }
        let aliases = || {
            catalog
                .entries
                .iter()
                .flat_map(|entry| entry.aliases.iter().map(move |a| (a, entry)))
        };
        e.key_text(&[&self.code.name, ALIAS_SUFFIX].concat());
        e.begin_map();
        e.word_key("description");
        e.scalar_with(|out| {
            let mut text = format!(
                "Published codes that entries of the {} also answer to (`alias`): a response may carry one instead of the entry's code, and means that entry. Servers send the entry's code.\n",
                self.code.catalog_phrase
            );
            for (alias, entry) in aliases() {
                text.push_str("\n- ");
                text.push_str(&code_span(&alias.code.to_string()));
                text.push_str(": ");
                text.push_str(&code_span(&entry.code.to_string()));
                if let Some(reason) = &alias.reason {
                    text.push_str(" (");
                    text.push_str(&escape_line(reason));
                    text.push(')');
                }
            }
            quote_into(out, &text);
        });
        e.word_key("type");
        e.word(self.code.ty);
        e.word_key("enum");
        e.begin_seq();
        for (alias, _) in aliases() {
            e.scalar_with(|out| code_scalar_into(out, &alias.code));
            e.end_item()?;
        }
        e.end_seq();
        e.word_key("x-aliases");
        e.begin_map();
        for (alias, entry) in aliases() {
            let mut key = String::new();
            code_key_into(&mut key, &alias.code, self.syntax);
            e.key(&key);
            e.scalar_with(|out| code_scalar_into(out, &entry.code));
            e.end_item()?;
        }
        e.end_map();
        e.end_map();
        Ok(())
    }

    /// `components.schemas.<Catalog>Envelope` and the other envelopes'.
    fn write_error_schema(&self, e: &mut Emitter<'_>) {
        for error in std::iter::once(&self.error).chain(&self.others) {
            Self::write_one_schema(e, error, self.code.catalog);
        }
    }

    /// One envelope's (or nested object's) schema.
    fn write_one_schema(e: &mut Emitter<'_>, error: &ErrorSchema, catalog: &Catalog) {
        e.key_text(&error.name);
        e.begin_map();
        e.word_key("description");
        e.scalar(&error.description);
        e.word_key("type");
        e.word("object");
        if !error.required.is_empty() {
            e.word_key("required");
            e.begin_seq();
            for r in &error.required {
                e.scalar(r);
            }
            e.end_seq();
        }
        e.word_key("properties");
        e.begin_map();
        for p in &error.properties {
            write_property(e, p, catalog);
        }
        e.end_map();
        e.end_map();
    }

    /// `components.schemas.<Catalog><Record>`: each record type's schema.
    fn write_records(&self, e: &mut Emitter<'_>) {
        let catalog = self.code.catalog;
        for record in &catalog.types {
            e.key_text(&record_schema_name(catalog, record.name.original()));
            e.begin_map();
            e.word_key("description");
            e.scalar(&quote(&format!(
                "The record type `{}` of the {} catalog.",
                record.name.original(),
                catalog.name.original()
            )));
            e.word_key("type");
            e.word("object");
            if record.fields.iter().any(|f| !f.optional) {
                e.word_key("required");
                e.begin_seq();
                for f in record.fields.iter().filter(|f| !f.optional) {
                    e.scalar_with(|out| quote_into(out, f.name.original()));
                }
                e.end_seq();
            }
            if !record.fields.is_empty() {
                e.word_key("properties");
                e.begin_map();
                for f in &record.fields {
                    e.key_text(f.name.original());
                    write_type_schema(e, &f.ty, catalog);
                }
                e.end_map();
            }
            e.end_map();
        }
    }

    /// `#/components/schemas/<name>`, quoted, into `out`.
    fn schema_ref_into(out: &mut String, name: &str) {
        out.push_str("\"#/components/schemas/");
        escape_into(out, name);
        out.push('"');
    }

    /// A map `{ $ref: "#/components/schemas/<prefix><middle><suffix>" }`.
    fn write_ref(&self, e: &mut Emitter<'_>, middle: &str, suffix: &str) {
        e.begin_map();
        e.word_key("$ref");
        e.scalar_with(|out| {
            Self::schema_ref_into(out, &[&self.prefix, middle, suffix].concat());
        });
        e.end_map();
    }

    /// `components.schemas.<Catalog>Error`, any error of the catalog (see
    /// [`Self::write_union`]), then each error's own schemas.
    fn write_variants(&self, e: &mut Emitter<'_>) -> io::Result<()> {
        let rows = self.code.rows();
        let entries = &self.code.entries;
        let catalog = self.code.catalog;
        e.key_text(&[&self.prefix, "Error"].concat());
        e.begin_map();
        e.word_key("description");
        if self.per_code || rows.errors.is_empty() {
            e.scalar(&self.error.description);
        } else {
            let the_catalog = &self.code.catalog_phrase;
            let description =
                format!("An error of the {the_catalog}, in an envelope that carries its code.");
            e.scalar_with(|out| quote_into(out, &description));
        }
        if rows.errors.is_empty() {
            // No error to tell apart: the envelope itself.
            e.word_key("allOf");
            e.begin_seq();
            self.write_ref(e, &self.envelope_names[0], "");
            e.end_seq();
            e.end_map();
        } else if self.per_code {
            self.write_union(e, rows)?;
        } else {
            // The first envelope carries no code (a success shape): each
            // error as it is sent, in the envelopes that carry its code.
            // `anyOf`: two envelopes of one code need not exclude each other.
            e.word_key("anyOf");
            e.begin_seq();
            for &i in &rows.errors {
                let entry = &entries[i];
                for k in narrowed_in(catalog, entry) {
                    let middle = entry_middle(&self.envelope_names, k);
                    self.write_ref(e, &[entry.name.upper_camel(), middle].concat(), "Error");
                }
                e.end_item()?;
            }
            e.end_seq();
            e.end_map();
        }
        self.write_entry_schemas(e, rows)
    }

    /// The `oneOf` of `<Catalog>Error` when the first envelope carries the
    /// code: each error's schema in it, with a `discriminator` on the code
    /// for string codes at the envelope's top.
    fn write_union(&self, e: &mut Emitter<'_>, rows: &Rows) -> io::Result<()> {
        let entries = &self.code.entries;
        let catalog = self.code.catalog;
        let envelope = catalog.envelope();
        e.word_key("oneOf");
        e.begin_seq();
        for &i in &rows.errors {
            self.write_ref(e, entries[i].name.upper_camel(), "Error");
            e.end_item()?;
        }
        e.end_seq();
        // A discriminator's values are strings (OpenAPI 3.1, 4.8.25): integer
        // codes are told apart by the `const` of each `oneOf` schema alone.
        // And its `propertyName` names a property of the `oneOf` schemas
        // themselves, with no way to point into a nested object: a code
        // nested in the error object is told apart by its `const` alone too.
        let discriminator = match catalog.code_kind {
            CodeKind::String => top_wire(envelope, MemberKind::Code),
            CodeKind::Integer => None,
        };
        if let Some(property) = discriminator {
            e.word_key("discriminator");
            e.begin_map();
            e.word_key("propertyName");
            e.scalar_with(|out| quote_into(out, property));
            e.word_key("mapping");
            e.begin_map();
            for &i in &rows.errors {
                let name = [&self.prefix, entries[i].name.upper_camel(), "Error"].concat();
                e.key(rows.get(i).key);
                e.scalar_with(|out| Self::schema_ref_into(out, &name));
                e.end_item()?;
                // A body with an alias is the entry's error too.
                for alias in &entries[i].aliases {
                    let mut key = String::new();
                    code_key_into(&mut key, &alias.code, self.code.syntax);
                    e.key(&key);
                    e.scalar_with(|out| Self::schema_ref_into(out, &name));
                    e.end_item()?;
                }
            }
            e.end_map();
            e.end_map();
        }
        e.end_map();
        Ok(())
    }

    /// Each error's schema in every envelope it is narrowed in
    /// (`<Catalog><Entry>Error`, `<Catalog><Entry><Name>EnvelopeError`)
    /// and the schema of its params (`<Catalog><Entry>Params`), in entry
    /// order.
    fn write_entry_schemas(&self, e: &mut Emitter<'_>, rows: &Rows) -> io::Result<()> {
        let entries = &self.code.entries;
        let catalog = self.code.catalog;
        // Each envelope's nested error object, named once.
        let nested: Vec<Option<String>> = catalog
            .envelopes
            .iter()
            .map(|e| e.error_object().map(|_| nested_middle(e)))
            .collect();
        for &i in &rows.errors {
            let entry = &entries[i];
            let row = rows.get(i);
            let name = entry.name.upper_camel();
            // `<Catalog><Entry>Error`, then the same in every other envelope
            // it is sent in that carries a code.
            for k in narrowed_in(catalog, entry) {
                let middle = entry_middle(&self.envelope_names, k);
                e.key_text(&[&self.prefix, name, middle, "Error"].concat());
                e.begin_map();
                e.word_key("title");
                if k == 0 {
                    e.scalar(row.name);
                } else {
                    e.scalar_with(|out| quote_into(out, &[name, middle].concat()));
                }
                if row.deprecated {
                    e.word_key("deprecated");
                    e.scalar("true");
                }
                e.word_key("allOf");
                e.begin_seq();
                self.write_ref(e, &self.envelope_names[k], "");
                let members = &catalog.envelopes[k].members;
                self.write_narrowed(e, k, members, entry, &row, nested[k].as_deref());
                e.end_seq();
                e.end_map();
            }
            if has_params_schema(catalog, entry) {
                e.key_text(&[&self.prefix, name, "Params"].concat());
                e.begin_map();
                e.word_key("type");
                e.word("object");
                e.word_key("required");
                e.begin_seq();
                for p in &entry.params {
                    e.scalar_with(|out| quote_into(out, p.name.original()));
                }
                e.end_seq();
                e.word_key("properties");
                e.begin_map();
                for p in &entry.params {
                    e.key_text(p.name.original());
                    write_type_schema(e, &p.ty, catalog);
                }
                e.end_map();
                e.end_map();
            }
            e.end_item()?;
        }
        Ok(())
    }

    /// The part of `<Catalog><Entry>Error` (envelope `k` the first) or
    /// `<Catalog><Entry><Envelope>Error` that fixes what the code of
    /// `entry` (whose scalars are `row`) decides among `members`, one level
    /// of envelope `k`: an object schema with the code as a `const`
    /// (an `enum` with its aliases), for a problem its `type`, `title` and
    /// `status` as `const`s, and its params' own schema (required). The
    /// error object nested at this level, when it holds such a member, is
    /// its own schema (`<Catalog>` then `nested`, [`nested_middle`]) `allOf`
    /// the same part of its members.
    // The recursion passes what it was given, one level down.
    #[allow(clippy::too_many_arguments)]
    fn write_narrowed(
        &self,
        e: &mut Emitter<'_>,
        k: usize,
        members: &[EnvelopeMember],
        entry: &Entry,
        row: &Row<'_>,
        nested: Option<&str>,
    ) {
        let find = |kind| members.iter().find(|m| m.kind == kind);
        let params = find(MemberKind::Params).filter(|_| !entry.params.is_empty());
        e.begin_map();
        e.word_key("type");
        e.word("object");
        if let Some(params) = params {
            e.word_key("required");
            e.begin_seq();
            e.scalar_with(|out| quote_into(out, &params.wire));
            e.end_seq();
        }
        e.word_key("properties");
        e.begin_map();
        if let Some(code) = find(MemberKind::Code) {
            e.key_text(&code.wire);
            e.begin_map();
            if entry.aliases.is_empty() {
                e.word_key("const");
                e.scalar(row.code);
            } else {
                // The code, or one of the published codes it answers to.
                e.word_key("enum");
                e.begin_seq();
                e.scalar(row.code);
                for alias in &entry.aliases {
                    e.scalar_with(|out| code_scalar_into(out, &alias.code));
                }
                e.end_seq();
            }
            e.end_map();
        }
        let envelope = &self.code.catalog.envelopes[k];
        if let Some(problem_type) = envelope.problem_type() {
            let kinds = [
                MemberKind::ProblemType,
                MemberKind::Title,
                MemberKind::HttpStatus,
            ];
            for member in kinds.into_iter().filter_map(find) {
                e.key_text(&member.wire);
                e.begin_map();
                match member.kind {
                    MemberKind::ProblemType if !entry.aliases.is_empty() => {
                        // An old server sent the type of the alias.
                        e.word_key("enum");
                        e.begin_seq();
                        let codes = std::iter::once(&entry.code)
                            .chain(entry.aliases.iter().map(|a| &a.code));
                        for code in codes {
                            e.scalar_with(|out| quote_into(out, &problem_type.of(code)));
                        }
                        e.end_seq();
                    }
                    MemberKind::ProblemType => {
                        e.word_key("const");
                        e.scalar_with(|out| quote_into(out, &problem_type.of(&entry.code)));
                    }
                    MemberKind::Title if k == 0 => {
                        e.word_key("const");
                        e.scalar(row.title);
                    }
                    MemberKind::Title => {
                        e.word_key("const");
                        e.scalar_with(|out| quote_into(out, &envelope.problem_title(entry)));
                    }
                    _ => {
                        e.word_key("const");
                        let status = Envelope::problem_status(entry);
                        e.scalar_with(|out| push_decimal(out, status));
                    }
                }
                e.end_map();
            }
        }
        if let Some(params) = params {
            e.key_text(&params.wire);
            self.write_ref(e, entry.name.upper_camel(), "Params");
        }
        let decides = |m: &EnvelopeMember| {
            m.kind == MemberKind::Code || (m.kind == MemberKind::Params && !entry.params.is_empty())
        };
        let object = find(MemberKind::Error).filter(|o| o.members.iter().any(decides));
        if let (Some(object), Some(middle)) = (object, nested) {
            e.key_text(&object.wire);
            e.begin_map();
            e.word_key("allOf");
            e.begin_seq();
            self.write_ref(e, middle, "");
            self.write_narrowed(e, k, &object.members, entry, row, None);
            e.end_seq();
            e.end_map();
        }
        e.end_map();
        e.end_map();
    }

    /// `components.responses`: `<Catalog>Error`, any error of the catalog,
    /// then one per error entry, `<Catalog><Entry>`, with its example.
    fn write_responses(&self, e: &mut Emitter<'_>) -> io::Result<()> {
        let rows = self.code.rows();
        let the_catalog = &self.code.catalog_phrase;
        let error = [&self.prefix, "Error"].concat();
        e.key_text(&error);
        e.begin_map();
        e.word_key("description");
        e.scalar_with(|out| quote_into(out, &format!("An error of the {the_catalog}.")));
        e.word_key("content");
        e.begin_map();
        e.word_key(self.media_type);
        e.begin_map();
        e.word_key("schema");
        self.write_ref(e, "Error", "");
        e.end_map();
        e.end_map();
        e.end_map();
        let mut description = String::new();
        for &i in &rows.errors {
            let entry = &self.code.entries[i];
            let name = entry.name.upper_camel();
            e.key_text(&[&self.prefix, name].concat());
            e.begin_map();
            e.word_key("description");
            description.clear();
            description.push_str("The error ");
            match &entry.code {
                Code::Int(n) => {
                    description.push('`');
                    push_decimal(&mut description, *n);
                    description.push('`');
                }
                Code::Str(s) => push_code_span(&mut description, s),
            }
            if let Some(status) = entry.http {
                description.push_str(" (HTTP ");
                push_decimal(&mut description, status);
                if let Some(phrase) = status_phrase(status) {
                    description.push(' ');
                    description.push_str(phrase);
                }
                description.push(')');
            }
            description.push('.');
            e.scalar_with(|out| quote_into(out, &description));
            e.word_key("content");
            e.begin_map();
            // The envelopes the entry is sent in, each as the entry's own
            // schema in it when the envelope carries the code, under the
            // media type of each (a problem is `application/problem+json`).
            let schema_of = |e: &mut Emitter<'_>, k: usize| {
                if narrows(&self.code.catalog.envelopes[k]) {
                    let middle = entry_middle(&self.envelope_names, k);
                    self.write_ref(e, &[name, middle].concat(), "Error");
                } else {
                    self.write_ref(e, &self.envelope_names[k], "");
                }
            };
            let envelopes = &self.code.catalog.envelopes;
            for media in [JSON, PROBLEM_JSON] {
                let sent = || {
                    entry
                        .envelopes
                        .iter()
                        .copied()
                        .filter(|&k| media_type(&envelopes[k]) == media)
                };
                let (Some(first), second) = (sent().next(), sent().nth(1)) else {
                    continue;
                };
                e.word_key(media);
                e.begin_map();
                e.word_key("schema");
                if second.is_none() {
                    schema_of(e, first);
                } else {
                    e.begin_map();
                    e.word_key("oneOf");
                    e.begin_seq();
                    for k in sent() {
                        schema_of(e, k);
                    }
                    e.end_seq();
                    e.end_map();
                }
                // The example is of the first envelope of this media type
                // that the entry is sent in.
                e.word_key("examples");
                e.begin_map();
                self.examples.write_one(e, first, i, rows.get(i));
                e.end_map();
                e.end_map();
            }
            e.end_map();
            e.end_map();
            e.end_item()?;
        }
        Ok(())
    }
}

/// A property of the envelope schema.
fn write_property(e: &mut Emitter<'_>, p: &Property, catalog: &Catalog) {
    e.key_text(&p.key);
    e.begin_map();
    if let Some(ty) = &p.structured {
        write_type_keys(e, ty, catalog);
    }
    if let Some(r) = &p.reference {
        e.word_key("$ref");
        e.scalar(r);
    }
    if !p.any_of.is_empty() {
        e.word_key("anyOf");
        e.begin_seq();
        for r in &p.any_of {
            e.begin_map();
            e.word_key("$ref");
            e.scalar(r);
            e.end_map();
        }
        e.end_seq();
    }
    match p.ty.as_slice() {
        [] => {}
        [one] => {
            e.word_key("type");
            e.word(one);
        }
        many => {
            e.word_key("type");
            e.flow_words(many);
        }
    }
    if let Some(f) = p.format {
        e.word_key("format");
        e.word(f);
    }
    if let Some(c) = &p.constant {
        e.word_key("const");
        e.scalar(c);
    }
    if !p.values.is_empty() {
        e.word_key("enum");
        e.begin_seq();
        for v in &p.values {
            e.scalar(v);
        }
        e.end_seq();
    }
    if let Some((min, max)) = p.range {
        e.word_key("minimum");
        e.scalar_with(|out| push_decimal(out, min));
        e.word_key("maximum");
        e.scalar_with(|out| push_decimal(out, max));
    }
    e.word_key("description");
    e.scalar(&p.description);
    e.end_map();
}

/// The catalog as the descriptions' sentences name it: its title and
/// "catalog" ("the Shop catalog"), or the title alone when it says
/// "catalog" already ("the Shop error catalog", not "… catalog catalog").
fn the_catalog(title: &str) -> String {
    let last = title
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    if ["catalog", "catalogue"]
        .iter()
        .any(|w| last.eq_ignore_ascii_case(w))
    {
        title.trim_end().to_owned()
    } else {
        format!("{title} catalog")
    }
}

fn code_schema<'a>(
    catalog: &'a Catalog,
    name: String,
    catalog_phrase: &str,
    syntax: Syntax,
) -> CodeSchema<'a> {
    let locale = catalog.default_locale();
    CodeSchema {
        name,
        catalog_phrase: catalog_phrase.to_owned(),
        locale,
        ty: match catalog.code_kind {
            CodeKind::Integer => "integer",
            CodeKind::String => "string",
        },
        catalog,
        entries: &catalog.entries,
        rows: OnceCell::new(),
        syntax,
    }
}

const JSON: &str = "application/json";
const PROBLEM_JSON: &str = "application/problem+json";

/// The media type of a body in `envelope`: RFC 9457's for a problem.
fn media_type(envelope: &Envelope) -> &'static str {
    match envelope.shape {
        EnvelopeShape::Problem => PROBLEM_JSON,
        EnvelopeShape::Flat | EnvelopeShape::TwoLevel => JSON,
    }
}

/// The name of `envelope`'s schema after the catalog's prefix:
/// `Envelope` for the default one, `<Name>Envelope` for the others.
fn envelope_middle(envelope: &Envelope) -> String {
    format!("{}Envelope", envelope.type_stem())
}

/// The name of the schema of the error object nested in `envelope`, after
/// the catalog's prefix: `ErrorObject`, `<Name>ErrorObject`.
fn nested_middle(envelope: &Envelope) -> String {
    format!("{}ErrorObject", envelope.type_stem())
}

/// The wire name of the member of `kind` at the top of `envelope` (not in
/// its nested error object), if any.
fn top_wire(envelope: &Envelope, kind: MemberKind) -> Option<&str> {
    envelope
        .members
        .iter()
        .find(|m| m.kind == kind)
        .map(|m| m.wire.as_str())
}

/// The schema named `name` of `fields`, members of `envelope` (its own or
/// its nested error object's).
fn error_schema(
    catalog: &Catalog,
    envelope: &Envelope,
    fields: &[&EnvelopeMember],
    name: String,
    code_name: &str,
    the_catalog: &str,
) -> ErrorSchema {
    let wire = |kind| envelope.wire(kind).map_or_else(String::new, code_span);
    let named = match (&envelope.title, envelope.is_default()) {
        (Some(t), _) => format!(
            " (envelope `{}`: {})",
            envelope.name.original(),
            escape_line(t)
        ),
        (None, false) => format!(" (envelope `{}`)", envelope.name.original()),
        (None, true) => String::new(),
    };
    let description = match envelope.shape {
        _ if envelope.is_success() => {
            format!("The body of a success response of the {the_catalog}{named}.")
        }
        EnvelopeShape::Flat if envelope.error_object().is_some() => format!(
            "The body of an error response of the {the_catalog}{named}: the error object nested in an outer one."
        ),
        EnvelopeShape::Flat if named.is_empty() => {
            format!("The body of an error response of the {the_catalog}.")
        }
        EnvelopeShape::Flat => format!("The body of an error response of the {the_catalog}{named}."),
        EnvelopeShape::TwoLevel => format!(
            "The body of an error response of the {the_catalog}: {} and {} describe the failed internal call, {} and {} carry the catalog's error.",
            wire(MemberKind::OuterCode),
            wire(MemberKind::OuterMessage),
            wire(MemberKind::Code),
            wire(MemberKind::Message),
        ),
        EnvelopeShape::Problem => format!(
            "RFC 9457 problem details (application/problem+json) for the errors of the {the_catalog}; {} carries the code.",
            wire(MemberKind::Code),
        ),
    };
    let reference = quote(&format!("#/components/schemas/{code_name}"));
    // Each member kind's property, in one place.
    let properties = fields
        .iter()
        .map(|f| {
            // Params are an object whose schema each code's own gives.
            let structured = (!f.ty.is_scalar() && f.kind != MemberKind::Params)
                .then(|| f.ty.clone());
            let base = Property {
                key: f.wire.clone(),
                ty: match (&structured, f.ty.json_schema_type()) {
                    (None, Some(ty)) => vec![ty],
                    _ => Vec::new(),
                },
                structured,
                ..Property::default()
            };
            let (property, text) = match f.kind {
                MemberKind::OuterCode => {
                    (base, "The code of the failed internal call.".to_owned())
                }
                MemberKind::Code if has_aliases(catalog) => (
                    Property {
                        ty: Vec::new(),
                        any_of: vec![
                            reference.clone(),
                            quote(&format!("#/components/schemas/{code_name}{ALIAS_SUFFIX}")),
                        ],
                        ..base
                    },
                    "The catalog code, or a published code that an entry also answers to (an alias): read an alias as the code it maps to in `x-aliases`."
                        .to_owned(),
                ),
                MemberKind::Code => (
                    Property {
                        ty: Vec::new(),
                        reference: Some(reference.clone()),
                        ..base
                    },
                    "The catalog code.".to_owned(),
                ),
                MemberKind::OuterMessage => {
                    (base, "The message of the failed internal call.".to_owned())
                }
                MemberKind::Title => (
                    base,
                    "A short summary of the problem type, the same for every occurrence of the code."
                        .to_owned(),
                ),
                MemberKind::Message if envelope.shape == EnvelopeShape::Problem => (
                    base,
                    "This occurrence: the code's message in the response's locale, its placeholders filled in."
                        .to_owned(),
                ),
                MemberKind::Message => (
                    base,
                    "The code's message in the response's locale, its placeholders filled in."
                        .to_owned(),
                ),
                MemberKind::Detail => (
                    base,
                    "More about this occurrence of the error.".to_owned(),
                ),
                MemberKind::Stage => (
                    Property {
                        values: catalog.stages.iter().map(|s| quote(s)).collect(),
                        ..base
                    },
                    "The stage the error occurred in.".to_owned(),
                ),
                MemberKind::Params => (
                    base,
                    "The values of the code's params, by name (each code's own schema, `<Catalog><Entry>Params`, gives their types)."
                        .to_owned(),
                ),
                MemberKind::Const => {
                    let value = f.value.as_ref().map(meta_scalar);
                    let shown = code_span(value.as_deref().unwrap_or("null"));
                    (
                        Property {
                            constant: value,
                            ..base
                        },
                        format!("Always {shown}."),
                    )
                }
                MemberKind::ProblemType => (
                    Property {
                        format: Some("uri-reference"),
                        ..base
                    },
                    match envelope.problem_type() {
                        Some(ProblemType::Prefixed(b)) => format!(
                            "A URI reference that identifies the problem type: {} followed by the code.",
                            code_span(b)
                        ),
                        _ => "A URI reference that identifies the problem type.".to_owned(),
                    },
                ),
                MemberKind::HttpStatus => (
                    Property {
                        range: Some((100, 599)),
                        ..base
                    },
                    "The HTTP status code.".to_owned(),
                ),
                MemberKind::Instance => (
                    Property {
                        format: Some("uri-reference"),
                        ..base
                    },
                    "A URI reference that identifies this occurrence of the problem.".to_owned(),
                ),
                MemberKind::Field => (base, "A field of the response.".to_owned()),
                MemberKind::Error => (
                    Property {
                        ty: Vec::new(),
                        reference: Some(quote(&format!(
                            "#/components/schemas/{}{}",
                            catalog.name.upper_camel(),
                            nested_middle(envelope)
                        ))),
                        ..base
                    },
                    "The error object.".to_owned(),
                ),
                MemberKind::Data => (base, "The payload of the success response.".to_owned()),
            };
            Property {
                description: quote(&text),
                ..property
            }
        })
        .collect();
    ErrorSchema {
        name,
        description: quote(&description),
        required: fields
            .iter()
            .filter(|f| !f.optional)
            .map(|f| quote(&f.wire))
            .collect(),
        properties,
    }
}

/// Appends an entry's message in `locale` ([`Catalog::localized`]) to
/// `out`, placeholders shown as `{param_name}`.
fn message_into(out: &mut String, catalog: &Catalog, entry: &Entry, locale: &str) {
    let Some(message) = catalog.localized(&entry.messages, locale) else {
        return;
    };
    if reads_as_written(message) {
        debug_assert!(message.placeholders().all(|p| {
            let PlaceholderKey::Named(name) = p.key else {
                return false;
            };
            p.param
                .and_then(|i| entry.params.get(i))
                .is_none_or(|param| param.name.original() == name)
        }));
        out.push_str(&message.text);
        return;
    }
    for segment in message.segments() {
        match segment {
            Segment::Text(text) => out.push_str(&text),
            Segment::Placeholder(p) => match p.param.and_then(|i| entry.params.get(i)) {
                Some(param) => {
                    out.push('{');
                    out.push_str(param.name.original());
                    out.push('}');
                }
                None => {
                    let _ = write!(out, "{}", p.key);
                }
            },
        }
    }
}

/// Appends the description of the example of `entry` to `out`, as
/// CommonMark: its default-locale description and what its deprecation
/// says, if any; tells whether there was any.
fn example_description_into(out: &mut String, catalog: &Catalog, entry: &Entry) -> bool {
    let text = text_in(catalog, &entry.description, catalog.default_locale());
    if let Some(text) = text {
        out.push_str(&escape_paragraph(text));
    }
    let Some(d) = &entry.deprecated else {
        return text.is_some();
    };
    if text.is_some() {
        out.push_str("\n\n");
    }
    out.push_str("Deprecated");
    if let Some(reason) = &d.reason {
        out.push_str(": ");
        out.push_str(&escape_block(reason, ""));
    }
    if let Some(by) = &d.replaced_by {
        let code = d
            .replaced_by_entry
            .map_or_else(|| by.clone(), |e| catalog.entries[e].code.to_string());
        out.push_str("; use ");
        push_code_span(out, &code);
        out.push_str(" instead");
    }
    out.push('.');
    true
}

/// Whether [`message_into`] shows `message` as its text is written, which
/// it does when no `{{` or `}}` stands for a brace and every placeholder is
/// a name: the lowering fills `{name}` only with the param named `name`, so
/// the placeholder shows as written either way. Told from the text alone
/// (without `{{`, every `{` begins a placeholder, and only a position
/// begins with a digit), so that neither the placeholders nor the params
/// need be read.
fn reads_as_written(message: &Message) -> bool {
    !message
        .text
        .as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'{', b'{' | b'0'..=b'9'] | [b'}', b'}']))
}

/// The text in `locale` ([`Catalog::localized`]).
fn text_in<'a>(catalog: &Catalog, texts: &'a [LocalizedText], locale: &str) -> Option<&'a str> {
    catalog.localized(texts, locale).map(|t| t.text.as_str())
}

/// A string as a JSON string literal, which is also a YAML double-quoted
/// scalar; invisible and non-printable characters escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    out
}

/// Appends `text` as a quoted scalar (see [`quote`]) to `out`, copying
/// runs of characters that need no escape at once.
fn quote_into(out: &mut String, text: &str) {
    out.push('"');
    escape_into(out, text);
    out.push('"');
}

/// Appends `text` escaped as inside a JSON string literal to `out` (see
/// [`escape_json`]).
fn escape_into(out: &mut String, text: &str) {
    let done: Result<(), std::convert::Infallible> = escape_json(text, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = done;
}

/// Appends [`key`] of `text` to `out`.
fn key_into(out: &mut String, text: &str) {
    let simple = text
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    let special = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word));
    if simple && !special {
        out.push_str(text);
    } else {
        quote_into(out, text);
    }
}

/// The suffix of the alias schema's name: `<Catalog>CodeAlias`.
const ALIAS_SUFFIX: &str = "Alias";

/// Whether some entry of `catalog` has an alias.
fn has_aliases(catalog: &Catalog) -> bool {
    catalog.entries.iter().any(|e| !e.aliases.is_empty())
}

/// Appends a code as a key written for `syntax` (an integer code is a
/// quoted key).
fn code_key_into(out: &mut String, code: &Code, syntax: Syntax) {
    match code {
        Code::Int(n) => {
            out.push('"');
            push_decimal(out, *n);
            out.push('"');
        }
        Code::Str(s) => syntax.key_into(out, s),
    }
}

/// Appends a code as a scalar to `out`: an integer, or a quoted
/// string.
fn code_scalar_into(out: &mut String, code: &Code) {
    match code {
        Code::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Code::Str(s) => quote_into(out, s),
    }
}

/// Appends [`sample`] of a field to `out`.
fn sample_into(out: &mut String, ty: &ParamType, name: &str, catalog: &Catalog) {
    match ty {
        ParamType::String => {
            out.push_str("\"{");
            escape_into(out, name);
            out.push_str("}\"");
        }
        other => out.push_str(&sample(other, name, catalog)),
    }
}

/// A YAML key: plain when it is a simple word that every YAML version reads
/// as that string, quoted otherwise.
#[cfg(test)]
fn key(text: &str) -> String {
    let mut out = String::new();
    key_into(&mut out, text);
    out
}

/// The two forms of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// Block YAML 1.2 (that YAML 1.1 readers load the same).
    Yaml,
    /// JSON, laid out as serde_json's pretty printer lays it out.
    Json,
}

impl Syntax {
    /// Appends `text` as a key: in YAML [`key_into`]'s, in JSON quoted.
    fn key_into(self, out: &mut String, text: &str) {
        match self {
            Syntax::Yaml => key_into(out, text),
            Syntax::Json => quote_into(out, text),
        }
    }

    /// `text` as a key (see [`Syntax::key_into`]).
    fn key(self, text: &str) -> String {
        let mut out = String::new();
        self.key_into(&mut out, text);
        out
    }
}

/// The longest implicit (`key: value`) key YAML allows, in characters
/// (YAML 1.2 §7.4.2, and what libyaml and PyYAML enforce). A longer key is
/// written as an explicit key. [`Emitter::key`] compares it with the key's
/// length in bytes, which is never less than its length in characters.
const IMPLICIT_KEY_MAX: usize = 1024;

/// Writes one document as block YAML or as JSON from the same calls: maps,
/// sequences, keys and scalars (each scalar already a JSON literal: a
/// quoted string, a number, `true`, `false`, `{}` or `[]`, all of which
/// YAML reads the same). Text collects in a buffer that goes out to the
/// writer in pieces of about 32 KB at [`Emitter::end_item`].
///
/// YAML: two spaces of indentation per level, a sequence's items indented
/// under their key, a map that is a sequence item starting on the item's
/// line (`- key: value`), empty collections as `{}` and `[]`. JSON: as
/// `serde_json::to_string_pretty` prints it.
struct Emitter<'w> {
    syntax: Syntax,
    text: String,
    /// Text made before it is escaped into `text`.
    scratch: String,
    out: &'w mut dyn io::Write,
    /// The open maps and sequences, innermost last.
    open: Vec<Open>,
    /// YAML: the map just begun is a sequence item, so its first key goes
    /// on the line of the item's `-`.
    compact: bool,
}

/// An open map or sequence of an [`Emitter`].
#[derive(Clone, Copy)]
struct Open {
    map: bool,
    /// Whether it has an item yet.
    items: bool,
}

impl<'w> Emitter<'w> {
    /// The size past which [`Emitter::end_item`] writes the buffer out.
    const FLUSH_AT: usize = super::WRITE_CHUNK;

    fn new(syntax: Syntax, out: &'w mut dyn io::Write) -> Emitter<'w> {
        Emitter {
            syntax,
            text: String::with_capacity(Self::FLUSH_AT + 4096),
            scratch: String::new(),
            out,
            open: Vec::with_capacity(16),
            compact: false,
        }
    }

    /// A comment at the top of the document (YAML only; every key and
    /// item begins with a newline, so the document's first key starts the
    /// next line).
    fn comment(&mut self, comment: &str) {
        if self.syntax == Syntax::Yaml {
            self.text.push_str("# ");
            self.text.push_str(comment);
        }
    }

    /// A newline and the indentation of the items of the innermost open
    /// collection (`by` levels less).
    fn newline(&mut self, by: usize) {
        const NEWLINE: &str = "\n                                                                ";
        let depth = self.open.len() - by;
        let width = match self.syntax {
            Syntax::Yaml => 2 * depth.saturating_sub(1),
            Syntax::Json => 2 * depth,
        };
        let first = width.min(NEWLINE.len() - 1);
        self.text.push_str(&NEWLINE[..1 + first]);
        for _ in first..width {
            self.text.push(' ');
        }
    }

    /// What comes before a value: in a sequence, the item's start.
    fn before_value(&mut self) {
        let Some(open) = self.open.last_mut() else {
            return;
        };
        if open.map {
            return;
        }
        let first = !open.items;
        open.items = true;
        match self.syntax {
            Syntax::Yaml => {
                self.newline(0);
                self.text.push('-');
            }
            Syntax::Json => {
                if !first {
                    self.text.push(',');
                }
                self.newline(0);
            }
        }
    }

    /// Starts a map (the value of the last key, a sequence item or the
    /// document).
    fn begin_map(&mut self) {
        self.before_value();
        self.compact = self.syntax == Syntax::Yaml && self.open.last().is_some_and(|o| !o.map);
        if self.syntax == Syntax::Json {
            self.text.push('{');
        }
        self.open.push(Open {
            map: true,
            items: false,
        });
    }

    fn end_map(&mut self) {
        self.end(b'{', b'}');
    }

    /// Starts a sequence (the value of the last key).
    fn begin_seq(&mut self) {
        self.before_value();
        if self.syntax == Syntax::Json {
            self.text.push('[');
        }
        self.open.push(Open {
            map: false,
            items: false,
        });
    }

    fn end_seq(&mut self) {
        self.end(b'[', b']');
    }

    /// Closes the innermost collection, whose brackets are `open` and
    /// `close`.
    fn end(&mut self, open: u8, close: u8) {
        let items = self.open.last().is_some_and(|o| o.items);
        match (self.syntax, items) {
            (Syntax::Yaml, true) => {}
            (Syntax::Yaml, false) => {
                self.text.push(' ');
                self.text.push(char::from(open));
                self.text.push(char::from(close));
            }
            (Syntax::Json, true) => {
                self.newline(1);
                self.text.push(char::from(close));
            }
            (Syntax::Json, false) => self.text.push(char::from(close)),
        }
        self.compact = false;
        self.open.pop();
    }

    /// A key of the innermost map, already written for the document's form
    /// ([`Syntax::key_into`]); the value follows.
    fn key(&mut self, key: &str) {
        let Some(open) = self.open.last_mut() else {
            return;
        };
        let first = !open.items;
        open.items = true;
        match self.syntax {
            Syntax::Yaml if key.len() > IMPLICIT_KEY_MAX => {
                // An explicit key, on its own line even in a sequence item.
                self.compact = false;
                self.newline(0);
                self.text.push_str("? ");
                self.text.push_str(key);
                self.newline(0);
                self.text.push(':');
            }
            Syntax::Yaml => {
                if self.compact {
                    self.compact = false;
                    self.text.push(' ');
                } else {
                    self.newline(0);
                }
                self.text.push_str(key);
                self.text.push(':');
            }
            Syntax::Json => {
                if !first {
                    self.text.push(',');
                }
                self.newline(0);
                self.text.push_str(key);
                self.text.push_str(": ");
            }
        }
    }

    /// A key that is a word of the document's own (no escape needed).
    fn word_key(&mut self, word: &str) {
        match self.syntax {
            Syntax::Yaml => self.key(word),
            Syntax::Json => {
                self.scratch.clear();
                self.scratch.push('"');
                self.scratch.push_str(word);
                self.scratch.push('"');
                let key = std::mem::take(&mut self.scratch);
                self.key(&key);
                self.scratch = key;
            }
        }
    }

    /// A key from the catalog's text.
    fn key_text(&mut self, text: &str) {
        let mut key = std::mem::take(&mut self.scratch);
        key.clear();
        self.syntax.key_into(&mut key, text);
        self.key(&key);
        self.scratch = key;
    }

    /// Starts a scalar: what comes before it; the caller appends it to
    /// [`Emitter::text`].
    fn begin_scalar(&mut self) {
        self.before_value();
        if self.syntax == Syntax::Yaml {
            self.text.push(' ');
        }
    }

    /// A scalar: a JSON literal.
    fn scalar(&mut self, scalar: &str) {
        self.begin_scalar();
        self.text.push_str(scalar);
    }

    /// A scalar that `write` appends.
    fn scalar_with(&mut self, write: impl FnOnce(&mut String)) {
        self.begin_scalar();
        write(&mut self.text);
    }

    /// A string of the document's own (no escape needed): plain in YAML.
    fn word(&mut self, word: &str) {
        self.begin_scalar();
        match self.syntax {
            Syntax::Yaml => self.text.push_str(word),
            Syntax::Json => {
                self.text.push('"');
                self.text.push_str(word);
                self.text.push('"');
            }
        }
    }

    /// A short sequence of [`Emitter::word`]s: on one line in YAML.
    fn flow_words(&mut self, words: &[&str]) {
        match self.syntax {
            Syntax::Yaml => {
                self.begin_scalar();
                self.text.push('[');
                self.text.push_str(&words.join(", "));
                self.text.push(']');
            }
            Syntax::Json => {
                self.begin_seq();
                for word in words {
                    self.word(word);
                }
                self.end_seq();
            }
        }
    }

    /// The text waiting to be written.
    fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// The text waiting to be written and the scratch string.
    fn text_and_scratch(&mut self) -> (&mut String, &mut String) {
        (&mut self.text, &mut self.scratch)
    }

    /// Marks the end of one item of a long list: writes the buffer out
    /// once it is large.
    fn end_item(&mut self) -> io::Result<()> {
        if self.text.len() >= Self::FLUSH_AT {
            self.out.write_all(self.text.as_bytes())?;
            self.text.clear();
        }
        Ok(())
    }

    /// Ends the document with a newline and writes out what is left.
    fn finish(&mut self) -> io::Result<()> {
        debug_assert!(self.open.is_empty(), "every collection is closed");
        self.text.push('\n');
        self.out.write_all(self.text.as_bytes())
    }
}

fn meta_scalar(value: &MetaValue) -> String {
    match value {
        MetaValue::Str(s) => quote(s),
        MetaValue::Bool(b) => b.to_string(),
        MetaValue::Int(n) => n.to_string(),
    }
}

/// A sample value of a field the catalog leaves to run time.
/// A record's is an object of its required fields' samples (a flow map,
/// which YAML reads as JSON does).
fn sample(ty: &ParamType, name: &str, catalog: &Catalog) -> String {
    match ty {
        ParamType::String => quote(&format!("{{{name}}}")),
        ParamType::Int => "0".to_owned(),
        ParamType::Float => "0.0".to_owned(),
        ParamType::Bool => "false".to_owned(),
        ParamType::Any => "null".to_owned(),
        ParamType::List(_) => "[]".to_owned(),
        ParamType::Map(_) => "{}".to_owned(),
        ParamType::Record(record) => {
            let fields = catalog.record(record).map_or_else(Vec::new, |r| {
                r.fields
                    .iter()
                    .filter(|f| !f.optional)
                    .map(|f| {
                        let name = f.name.original();
                        format!("{}: {}", quote(name), sample(&f.ty, name, catalog))
                    })
                    .collect()
            });
            format!("{{{}}}", fields.join(", "))
        }
    }
}

/// Writes the JSON Schema keys of a value of `ty` into the open map: the
/// one mapping of types to JSON Schema. A scalar is its `type`; a list an
/// `array` with its `items`; a map an `object` with its
/// `additionalProperties`; a record a `$ref` to its schema
/// (`<Catalog><Record>`); `any` has no keys (every value is one).
fn write_type_keys(e: &mut Emitter<'_>, ty: &ParamType, catalog: &Catalog) {
    match ty {
        ParamType::Record(name) => {
            e.word_key("$ref");
            e.scalar_with(|out| Document::schema_ref_into(out, &record_schema_name(catalog, name)));
        }
        ParamType::Any => {}
        ParamType::List(item) => {
            e.word_key("type");
            e.word("array");
            e.word_key("items");
            write_type_schema(e, item, catalog);
        }
        ParamType::Map(value) => {
            e.word_key("type");
            e.word("object");
            e.word_key("additionalProperties");
            write_type_schema(e, value, catalog);
        }
        scalar => {
            e.word_key("type");
            e.word(scalar.json_schema_type().unwrap_or("string"));
        }
    }
}

/// The schema of a value of `ty`, as a map (see [`write_type_keys`]);
/// `any`'s says so in its `description`.
fn write_type_schema(e: &mut Emitter<'_>, ty: &ParamType, catalog: &Catalog) {
    e.begin_map();
    write_type_keys(e, ty, catalog);
    if *ty == ParamType::Any {
        e.word_key("description");
        e.scalar("\"Any JSON value.\"");
    }
    e.end_map();
}

/// The schema name of the record type `name`: `<Catalog><Record>`, as the
/// Rust struct and the TypeScript interface are named.
fn record_schema_name(catalog: &Catalog, name: &str) -> String {
    let upper = catalog.record(name).map_or_else(
        || crate::ir::Names::new(name).upper_camel().to_owned(),
        |r| r.name.upper_camel().to_owned(),
    );
    format!("{}{upper}", catalog.name.upper_camel())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::generate::json::escape_invisible;

    /// [`schema_names`] are the schemas the document writes, in its order:
    /// on every example, every codegen fixture, and a catalog with three
    /// envelopes, aliases and records.
    #[test]
    fn schema_names_are_the_written_schemas() {
        let inline = br#"catalog relay { locales en
  envelope { code "code" message "message" params "params" }
  envelope cli { const "status" = "error" error "error" { code "code" message "m" params "p" } }
  envelope feed problem { type_base "https://e.example/" code "code" }
  envelopes default, cli, feed
}
type hop_info { field n: int }
error lost = "LOST" { param hop: hop_info message en "Lost." alias "GONE" }
error closed = "CLOSED" { envelopes feed message en "Closed." }
success ok = "OK" { message en "Fine." }
"#;
        let mut workspace = crate::workspace::Workspace::new();
        workspace.add_bytes("inline", None, inline);
        let inline = workspace
            .analyze()
            .catalogs
            .into_iter()
            .map(|c| ("inline".into(), c));
        let mut compared = 0;
        for (name, catalog) in crate::test_support::example_catalogs()
            .into_iter()
            .chain(inline)
        {
            let name = name.display();
            let mut yaml = Vec::new();
            for file in plan(&catalog, &Options::new()) {
                file.write_to(&mut yaml).expect("render");
            }
            let yaml = String::from_utf8(yaml).expect("UTF-8");
            let schemas = yaml
                .split("\n  schemas:\n")
                .nth(1)
                .expect("components.schemas");
            let written: Vec<&str> = schemas
                .lines()
                .take_while(|l| l.starts_with("    ") || l.is_empty())
                .filter(|l| !l.starts_with("     ") && l.ends_with(':'))
                .map(|l| l.trim().trim_end_matches(':'))
                .collect();
            let names = schema_names(&catalog);
            let named: Vec<&str> = names.names().collect();
            assert_eq!(written, named, "{name}");
            compared += 1;
        }
        assert!(compared > 8, "{compared} catalogs");
    }

    #[test]
    fn keys_stay_plain_only_when_safe() {
        assert_eq!(key("error_code"), "error_code");
        assert_eq!(key("on"), "\"on\"");
        assert_eq!(key("No"), "\"No\"");
        assert_eq!(key("100101"), "\"100101\"");
        assert_eq!(key("a-b"), "\"a-b\"");
        assert_eq!(key(""), "\"\"");
    }

    #[test]
    fn quotes_escape_what_yaml_cannot_hold() {
        assert_eq!(quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(
            quote("x\u{7f}\u{85}\u{2028}\u{200f}y"),
            r#""x\u007f\u0085\u2028\u200fy""#
        );
        assert_eq!(quote("😀 中文"), "\"😀 中文\"");
    }

    #[test]
    fn quote_into_matches_quote_on_hostile_strings() {
        // What `quote` and `key` are specified as: serde_json's string
        // literal with `escape_invisible` applied, and a plain key only for a
        // simple word no YAML version reads as something else.
        let quote = |text: &str| {
            escape_invisible(serde_json::to_string(text).expect("a string serialises"))
        };
        let key = |text: &str| {
            let simple = text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            let special = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
                .contains(&text.to_ascii_lowercase().as_str());
            if simple && !special {
                text.to_owned()
            } else {
                quote(text)
            }
        };
        let mut hostile: Vec<String> = [
            "",
            "plain ascii text",
            "a\"b\\c\n\r\t\u{8}\u{c}",
            "x\u{7f}\u{85}\u{2028}\u{200f}y\u{feff}\u{fffe}\u{ffff}",
            "😀 中文 👩\u{200d}💻 \u{61c}\u{200b}\u{2060}\u{2066}\u{202e}",
            "{name} ends with \u{9f}",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        hostile.push((0u32..0x300).filter_map(char::from_u32).collect());
        hostile.push((0x2000u32..0x2100).filter_map(char::from_u32).collect());
        hostile.push((0xfe00u32..=0xffff).filter_map(char::from_u32).collect());
        for text in &hostile {
            let mut out = String::from("prefix ");
            quote_into(&mut out, text);
            assert_eq!(out, format!("prefix {}", quote(text)), "{text:?}");
            let mut key_out = String::new();
            key_into(&mut key_out, text);
            assert_eq!(key_out, key(text), "{text:?}");
        }
        for word in ["error_code", "On", "NULL", "_x1", "1a", "yes"] {
            let mut out = String::new();
            key_into(&mut out, word);
            assert_eq!(out, key(word));
        }
    }

    #[test]
    fn escape_into_matches_serde_json_on_every_character() {
        // Every character, in runs that mix each with plain text.
        let chars: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).collect();
        for run in chars.chunks(4096) {
            let text: String = run.iter().flat_map(|&c| [c, 'a']).collect();
            let mut out = String::new();
            escape_into(&mut out, &text);
            let json = escape_invisible(serde_json::to_string(&text).expect("a string serialises"));
            assert_eq!(format!("\"{out}\""), json);
        }
        // Each ASCII character at each place of a plain run, which is
        // skipped a word at a time.
        for c in (0u8..0x80).map(char::from) {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrst".into();
                text.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                let mut out = String::new();
                escape_into(&mut out, &text);
                let json =
                    escape_invisible(serde_json::to_string(&text).expect("a string serialises"));
                assert_eq!(format!("\"{out}\""), json);
            }
        }
    }

    /// `value` through an [`Emitter`] in `syntax`.
    fn emit(value: &serde_json::Value, syntax: Syntax) -> String {
        fn walk(e: &mut Emitter<'_>, value: &serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    e.begin_map();
                    for (k, v) in map {
                        e.key_text(k);
                        walk(e, v);
                    }
                    e.end_map();
                }
                serde_json::Value::Array(items) => {
                    e.begin_seq();
                    for v in items {
                        walk(e, v);
                    }
                    e.end_seq();
                }
                serde_json::Value::String(s) => e.scalar(&quote(s)),
                other => e.scalar(&other.to_string()),
            }
        }
        let mut out = Vec::new();
        let mut e = Emitter::new(syntax, &mut out);
        e.comment("a comment");
        walk(&mut e, value);
        e.finish().unwrap();
        drop(e);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn emitter_writes_one_value_as_yaml_and_json() {
        // Keys of every length around YAML's limit, in maps under keys, in
        // sequence items (first and later keys) and nested sequences; empty
        // collections everywhere.
        let mut keys: Vec<String> = [1, 170, 171, 1023, 1024, 1025, 3000]
            .iter()
            .map(|&n| "k".repeat(n))
            .collect();
        keys.push("\"".repeat(511)); // 1,024 once quoted
        keys.push("\"".repeat(512));
        keys.push("\u{0}".repeat(200));
        keys.push("on".into());
        let mut map = serde_json::Map::new();
        for (i, k) in keys.iter().enumerate() {
            let mut inner = serde_json::Map::new();
            inner.insert(k.clone(), serde_json::json!(i));
            inner.insert("b".into(), serde_json::json!([]));
            map.insert(
                k.clone(),
                serde_json::json!([inner, {}, [], [[1, "x"], {}], {"a": {}}, "s", 1.5, true]),
            );
        }
        map.insert("empty".into(), serde_json::json!({}));
        let value = serde_json::Value::Object(map);

        let json = emit(&value, Syntax::Json);
        assert_eq!(json, serde_json::to_string_pretty(&value).unwrap() + "\n");
        let yaml = emit(&value, Syntax::Yaml);
        assert!(yaml.starts_with("# a comment\n"));
        assert!(yaml.contains("\n? kkk"), "a long key is explicit");
        let back: serde_json::Value = yaml_serde::from_str(&yaml).unwrap();
        assert_eq!(back, value);
    }
}
