//! The Rust target: one module per catalog, `<catalog>.rs`, meant to be
//! `include!`d inside a module (`mod api { include!(…); }`) or checked in.
//!
//! # What a catalog becomes
//!
//! For a catalog `optverse` (type names take the catalog's name in
//! UpperCamelCase as a prefix, so several catalogs can share one module):
//!
//! - `OptverseLocale`: the catalog's locales (`ALL`, `DEFAULT`, `tag()`,
//!   `from_tag()`).
//! - `OptverseKind`: a fieldless `Copy` enum with one variant per entry and
//!   `ALL`, `code()`, `from_code()` (which also maps the catalog's aliases to
//!   their entries, as do `FromStr`, `TryFrom`, serde and the envelope's
//!   `kind()`, all of which call it), `name()`, `http_status()`,
//!   `grpc_code()`, `is_retryable()`, `is_success()` (and `stage()` when the
//!   catalog uses stages), `Display` (the code) and `FromStr` (from the code;
//!   integer catalogs also have `TryFrom<u32>`/`TryFrom<u64>`).
//! - `OptverseError`: a struct of the kind and its params' values, built by
//!   one constructor per entry (`OptverseError::tenant_forbidden(tenant)`:
//!   the entry's name in snake_case, its params typed and in catalog order,
//!   strings as `String`), with the kind's accessors, `kind()`,
//!   `param(name)`, `params()`, `message(locale)`, `to_envelope(locale)`,
//!   `Display` (the default locale's message), `Debug` (as a derived one of
//!   a variant with fields), `Clone`, `PartialEq` (and `Eq` without float
//!   params) and `std::error::Error`, plus `classify(status, grpc, message)`
//!   when entries have upstream mappings, and `classify_body(system, status,
//!   grpc, body)` when they name upstream systems.
//! - `OptverseUpstream` (when mappings name upstream systems): the systems,
//!   with `name()`, `from_name` and `ALL`. `classify_body` reads a system's
//!   JSON body with `serde_json`, generated only when some system declares a
//!   JSON field (`grpc field`, `message field`, `field`), so that catalogs
//!   without one (and the downstream benchmark's) need no JSON parser.
//! - `OptverseEnvelope`: the wire shape of an error response; serde derives
//!   only with the `serde` option. For a `problem` envelope, `to_envelope`
//!   fills `title` from a static table of each kind's title
//!   (`OPTVERSE_PROBLEM_TITLE`, the IR's `Envelope::problem_title`: the same
//!   for every occurrence), `status` always (500 without `http`) and
//!   `detail` with the message in the locale.
//! - `OptverseUnknownCode` (the error of a failed code lookup) and
//!   `OptverseMessage` (a message rendered lazily, as `Display`).
//! - With the `serde` option (the including crate then also needs
//!   `serde_json`, which the module's header says), typed decoding of a
//!   received body (`templates/rust/decode.rs`, a function of the envelope's
//!   lowered members): `OptverseDecoded::decode(body)` and
//!   `TryFrom<OptverseEnvelope> for OptverseDecoded` give `Known(…)` for a
//!   code of the catalog or an alias of one, or `Unknown(OptverseUnknown {
//!   code, message, body })` (the body as a `serde_json::Value`) for a code
//!   of a newer server. `Known` holds the error itself when the envelope has
//!   a params member, its params checked at run time against their declared
//!   types by one checker over the table's `PARAM_TYPES` (recursively through
//!   lists, maps and records; `any` takes anything; a float an integer;
//!   params the entry does not declare are ignored); without a params member
//!   it holds `OptverseReceived { kind, message }`, so that no param is made
//!   up. A missing or mistyped param is `OptverseDecodeError::Param { code,
//!   param, expected, found }` (`param` a path such as `context.line`), a body
//!   that is not the envelope `OptverseDecodeError::Body`.
//!
//! Every catalog entry is a variant of the kind and has a constructor,
//! success entries too (`is_success()` tells them apart), so that every
//! code can be looked up and enveloped.
//!
//! # Cheap for rustc
//!
//! What is generated is compiled by every user on every clean build, so it
//! is laid out for rustc (`benches/downstream.rs`, `BENCHMARKS.md`), as
//! measured, not guessed:
//!
//! - No `match` over the entries and no enum with fields: rustc checks an
//!   arm per entry in each, and derives on an enum with fields are a `match`
//!   each. The error is a struct; the kind derives only what compares its
//!   discriminant, and its `Debug` reads a table (a derived one is a `match`:
//!   it took 2 s of rustc at 10,000 entries). The only per-entry items are
//!   the kind's variants and the constructors (one line each, taking
//!   `String`, not the generic `impl Into<String>`: 8 % of the module).
//! - Tables of integers, not of strings or structs: every text (codes,
//!   names, variant names, params' names, messages) is one string, `TEXT`,
//!   cut at the offsets of `AT`, and every fact a column indexed by
//!   `kind as usize`. 6,000 `&str` took rustc 0.09 s, 6,000
//!   `(&str, Option<usize>)` 0.18 s, one string and 6,000 offsets 0.02 s. A
//!   message is one text with `{n}` where param `n`'s value goes, written by
//!   one function, `write`.
//! - Every method is `#[inline]`: rustc compiles only what the including
//!   crate calls (on 1,000 entries, 0.54 s of rustc CPU time became 0.36 s
//!   with the earlier tables).
//!
//! On the 1,000-entry synthetic catalog rustc (debug lib) spends 0.33 s of
//! CPU on the module against 0.08 s for the bare enum; on 10,000, 3.3 s
//! against 2.0 s (perf samples; the enum-shaped output took 1.0 s and more
//! than 30 s).
//!
//! # Templates
//!
//! `templates/rust/catalog.rs` includes one template per construct
//! (`locale.rs`, `kind.rs`, `error.rs`, `envelope.rs`, `tables.rs`). Loops
//! over the entries that print code are in the templates, naming and typing
//! through the filters of the `filters` module; the data tables are written by the
//! view's methods, a row a line. Nothing formats the output: its shapes are
//! the ones rustfmt leaves as they are, the tables and constructors under
//! `#[rustfmt::skip]` (as core's Unicode tables are), and a test checks
//! that rustfmt changes nothing. (prettyplease behind a feature, as
//! prost-build does, would add a dependency and its build time to every
//! build script for output that is already stable, and would reflow the
//! tables a row per number.)
//!
//! # Names
//!
//! Variants come from an entry's name in UpperCamelCase, constructors and
//! their params from names in snake_case. A name that is a Rust keyword in
//! any edition (`type`, `match`, `enum`, `async`, `gen`, …) becomes a raw
//! identifier (`r#type`); `self`, `Self`, `super` and `crate`, which cannot
//! be raw, get a trailing underscore (`self_`, `Self_`). Weak keywords
//! (`default`, `union`, …) are ordinary identifiers and stay as they are.
//! A constructor named like a method of the error (`message`, `kind`, …,
//! `ERROR_METHODS`) gets a trailing underscore. On the wire (params,
//! envelope) names stay as the catalog wrote them. A param is bound in one
//! place only, its constructor, whose body has no local of its own, so no
//! param shadows anything. The table module is `<catalog>_table` (the
//! catalog's name in snake_case, unique in a workspace), so two catalogs
//! can share one module.
//!
//! # Strings
//!
//! Every string from the catalog reaches the output as a Rust string literal
//! that escapes `"`, `\`, line breaks, tabs and what the one invisible
//! policy (`crate::invisible`) calls invisible (`\u{200f}`); every doc line
//! is escaped for rustdoc's Markdown by the shared text layer (`text.rs`),
//! and texts in other locales come from the IR's fallback
//! (`Catalog::localized`). Messages are rendered by `write`, which copies
//! the text and `Display::fmt`s the params where it says `{n}`, never
//! through format strings made from catalog text (its braces are doubled in
//! the table).

use super::text as markdown;
use super::{
    push_decimal, push_escaped_runs, template_in_parts, Generator, LineBuffer, OptionKind,
    OptionSpec, Options, PlannedFile, PLAIN_IN_STRING,
};
use crate::invisible::is_invisible;
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, Envelope, EnvelopeMember, EnvelopeShape,
    LocalizedText, MemberKind, Message, MetaValue, Names, ParamType, PathStep, PlaceholderKey,
    ProblemType, RecordType, Segment, Segments, UpstreamSource,
};
use heck::ToUpperCamelCase;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt::{self, Display, Write as _};

/// The Rust target.
pub(crate) static GENERATOR: Rust = Rust;

/// The Rust target (see the module's documentation).
pub(crate) struct Rust;

impl Generator for Rust {
    fn summary(&self) -> &'static str {
        "Rust: the error kind enum, the error struct with a constructor per entry, lookups and the envelope."
    }

    fn options(&self) -> &'static [OptionSpec] {
        &[OptionSpec {
            key: "serde",
            kind: OptionKind::Flag,
            summary: "Derive serde's Serialize and Deserialize on the envelope and the kind (the crate then needs `serde` with its `derive` feature).",
        }]
    }

    fn plan<'a>(&self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        plan(catalog, options)
    }
}

/// The Rust module of one catalog, `<name>.rs`, rendered when written.
pub fn plan<'a>(catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
    let options = options.clone();
    let path = format!("{}.rs", catalog.name.snake());
    if catalog.entries.is_empty() {
        return vec![PlannedFile::new(path, move |out| {
            // Enums without variants would make every method unreachable code.
            let mut lines = View::new(catalog, &options).header;
            lines.push("//".into());
            lines
                .push("// The catalog has no entries yet, so there is nothing to generate.".into());
            out.write_all((lines.join("\n") + "\n").as_bytes())
        })];
    }
    // In two parts, the types and impls and then the tables ([`View::part`]):
    // another file can be written on a core between them (the Rust file is
    // the largest, and written whole it ended a large compile alone on one
    // core; BENCHMARKS.md).
    vec![template_in_parts(
        path,
        2,
        move || View::new(catalog, &options),
        |view, part| view.part = part,
    )]
}

// ---------------------------------------------------------------------------
// Escaping

/// Rust keywords of every edition (strict and reserved), which need `r#`.
/// (A `match`, which compiles to a comparison by length first, is much
/// faster than a scan of a list for the many names that are not keywords.)
fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
fn cannot_be_raw(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate" | "_")
}

/// A catalog name as a Rust identifier: raw if it is a keyword, with a
/// trailing `_` if it cannot be raw.
pub fn ident(name: &str) -> String {
    text(Ident(name))
}

/// An identifier without its `r#`, as serde and people see it.
fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `s` as a Rust string literal, `"…"`, that means exactly `s`.
pub fn string_literal(s: &str) -> String {
    text(Literal(s))
}

/// A string literal (see [`string_literal`]), as a piece of a line.
struct Literal<'a>(&'a str);

impl Piece for Literal<'_> {
    fn push_to(&self, out: &mut String) {
        out.push('"');
        push_literal_body(out, self.0);
        out.push('"');
    }
}

/// Pushes what goes between the quotes of a string literal of `s`: `"`,
/// `\`, line breaks, tabs and NUL as their escapes, every other character
/// that [`is_invisible`] (the one policy of every target) as `\u{…}`, the
/// rest as it is, copied in runs.
fn push_literal_body(out: &mut String, s: &str) {
    push_escaped_runs(out, s, &PLAIN_IN_STRING, b"\"\\", |out, rest| {
        let c = rest.chars().next()?;
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if is_invisible(c) => push_unicode_escape(out, c),
            _ => return None,
        }
        Some(c.len_utf8())
    });
}

/// Pushes `c` as the escape `\u{…}` (in lowercase hex).
fn push_unicode_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// `s` as a raw string literal `r"…"` when that is possible and reads
/// better (a regular expression full of backslashes), else a plain one.
fn pattern_literal(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c != '"' && !c.is_control() && !is_invisible(c));
    if plain && s.contains('\\') {
        format!("r\"{s}\"")
    } else {
        string_literal(s)
    }
}

/// Catalog text in the middle of a doc line, escaped for rustdoc's
/// Markdown by the shared text layer (`text.rs`): it reads as written.
fn inline(text: &str) -> String {
    untabbed(markdown::escape_line(text))
}

/// `doc` with its tabs as spaces: Markdown reads a tab as whitespace, and
/// clippy objects to tabs in doc comments.
fn untabbed(doc: String) -> String {
    if doc.contains('\t') {
        doc.replace('\t', " ")
    } else {
        doc
    }
}

/// Catalog text as doc lines, a paragraph (line breaks are hard breaks).
fn markdown(text: &str) -> Vec<String> {
    let escaped = untabbed(markdown::escape_paragraph(text));
    escaped.lines().map(str::to_owned).collect()
}

/// `s` as an inline code span (the shared text layer's).
fn code_span(s: &str) -> String {
    markdown::code_span(s)
}

/// An inline code span (see [`code_span`]), as a piece of a line.
struct CodeSpan<'a>(&'a str);

impl Piece for CodeSpan<'_> {
    fn push_to(&self, out: &mut String) {
        markdown::push_code_span(out, self.0);
    }
}

/// Doc comment lines (`/// …`) from paragraphs of Markdown lines; empty
/// paragraphs are dropped and paragraphs are separated by `///`.
fn doc(paragraphs: Vec<Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let lines: Vec<&String> = paragraph.iter().filter(|l| !l.is_empty()).collect();
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push("///".into());
        }
        out.extend(lines.into_iter().map(|l| format!("/// {l}")));
    }
    out
}

/// A paragraph made of one line.
fn line(s: impl Into<String>) -> Vec<String> {
    vec![s.into()]
}

// ---------------------------------------------------------------------------
// Filters: how the templates name and type what they print per entry

mod filters {
    use super::{markdown, push_displayed, text, Constructor, Ident, ParamType, Piece};
    use crate::ir::{Catalog, Code, Entry, Param};
    use askama::{Result, Values};

    /// An entry's variant name, as an identifier.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn variant(entry: &Entry, _: &dyn Values) -> Result<String> {
        Ok(text(super::variant(entry)))
    }

    /// An entry's constructor: its name in snake_case, as an identifier
    /// that no method of the error has (see [`Constructor`]).
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn constructor(entry: &Entry, _: &dyn Values) -> Result<String> {
        Ok(text(Constructor(entry)))
    }

    /// A param of a constructor: `name: type`. (A string is a `String`, not
    /// an `impl Into<String>`: generic constructors cost rustc 8 % more on
    /// the whole module of 1,000 entries.)
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn param(param: &Param, _: &dyn Values, catalog: &Catalog) -> Result<String> {
        let ty = super::rust_type(&param.ty, catalog);
        Ok(text((Ident(param.name.snake()), ": ", ty.as_str())))
    }

    /// The value of a param in a constructor, as a `<ParamValue>`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn param_value(param: &Param, _: &dyn Values, catalog: &Catalog) -> Result<String> {
        let name = Ident(param.name.snake());
        let pv = [catalog.name.upper_camel(), "ParamValue"].concat();
        Ok(match param.ty {
            ParamType::String => text((pv.as_str(), "::Str(", name, ')')),
            ParamType::Int => text((pv.as_str(), "::Int(", name, ')')),
            ParamType::Float => text((pv.as_str(), "::Float(", name, ')')),
            ParamType::Bool => text((pv.as_str(), "::Bool(", name, ')')),
            // A list, map, record or `any`: its JSON value.
            _ => super::value_expr(&param.ty, &text(name), &pv, 0),
        })
    }

    /// The one-line doc of an entry's kind: its code, then its message in
    /// the default locale (placeholders as written), escaped for rustdoc.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn kind_summary(entry: &Entry, _: &dyn Values, catalog: &Catalog) -> Result<String> {
        let default = catalog.localized(&entry.messages, catalog.default_locale());
        let mut out = String::with_capacity(32 + default.map_or(0, |m| 2 * m.text.len()));
        match &entry.code {
            Code::Int(n) => ('`', *n, '`').push_to(&mut out),
            Code::Str(s) => markdown::push_code_span(&mut out, s),
        }
        let mut message = String::with_capacity(default.map_or(0, |m| m.text.len()));
        if let Some(m) = default {
            push_displayed(&mut message, m.segments());
        }
        let message = markdown::trim_markdown(&message);
        if message.is_empty() {
            out.push('.');
        } else {
            out.push_str(": ");
            markdown::push_escaped(&mut out, message, markdown::Layout::Line, false, true);
        }
        Ok(super::untabbed(out))
    }

    // askama's `filter_fn` of the functions above: builders that call them
    // (tests/templates_expanded.rs makes it).
    #[cfg(not(feature = "askama-derive"))]
    include!("expanded/rust.filters.rs");
}

// ---------------------------------------------------------------------------
// The view model
//
// What a catalog has once (names, locales, docs, the envelope, the upstream
// rules) is prepared as strings; what it has per entry (the variants with
// their docs and the arms of every `match`) is written while the template
// prints it, by sections (methods returning [`Section`]s). So the view stays
// small whatever the catalog's size, and no line is built as a `String`
// only to be copied into the output.

#[cfg_attr(
    feature = "askama-derive",
    derive(askama::Template),
    template(path = "rust/catalog.rs", escape = "none")
)]
struct View<'a> {
    catalog: &'a Catalog,
    /// `// …` lines at the top.
    header: Vec<String>,
    locale: String,
    kind: String,
    error: String,
    param_value: String,
    unknown: String,
    message: String,
    catalog_code: String,
    locale_doc: Vec<String>,
    locales: Vec<LocaleView>,
    default_locale: String,
    kind_doc: Vec<String>,
    error_doc: Vec<String>,
    /// The doc line of each group (`Group `g` (title).`), by index.
    group_docs: Vec<String>,
    /// `#[allow(clippy::enum_variant_names)]` (and why) where needed.
    entries_allow: Vec<String>,
    locales_allow: Vec<String>,
    /// `&'static str`, `u32` or `u64`.
    code_type: String,
    /// For integer catalogs: `u32` or `u64`.
    int_code: Option<String>,
    http_type: String,
    http_doc: String,
    /// Whether every entry has an HTTP status.
    every_http: bool,
    grpc_type: String,
    /// Whether every entry has a gRPC code.
    every_grpc: bool,
    stage: Option<StageView>,
    /// Whether a param is a float (so the error is not `Eq`).
    has_float: bool,
    /// The name of the module that holds the tables.
    table: String,
    /// The number of params of all entries.
    param_count: usize,
    /// The stages, each once, in the order entries first name them.
    stages: Vec<&'a str>,
    /// Where the names, the variants' names, the params' names, the
    /// messages and the stages start among the texts of the table, and how
    /// many texts there are.
    name_base: usize,
    param_base: usize,
    message_base: usize,
    variant_base: usize,
    stage_base: usize,
    text_count: usize,
    /// The length of each text as [`View::text`] wrote it, for
    /// [`View::text_offsets`], which the template prints next: each text
    /// (a message with its braces doubled, a variant's name) is built once.
    /// (`u32`: 2.6 MB at 100,000 entries; a text of 4 GiB or more is left
    /// out, and the offsets are then taken from the texts again.)
    text_lengths: RefCell<Vec<u32>>,
    /// The part of the file the template writes: the module's types and
    /// impls (`0`), or its tables (`1`).
    part: usize,
    /// Every envelope's struct, nested error objects first.
    envelopes: Vec<EnvelopeView>,
    classifier: Option<ClassifierView>,
    serde: bool,
    /// The number of aliases of all entries (none: no alias table).
    alias_count: usize,
    /// Whether a param or member is structured: then `ParamValue` holds
    /// any JSON value (`Null`, `List`, `Map` too).
    structured: bool,
    /// The record types' structs.
    records: Vec<RecordView>,
    /// Each param's type as a table (`PARAM_TYPES`), when the classifier
    /// parses params or decoding checks them.
    types: Option<TypesView>,
    /// Whether that table has the structured types (decoding checks them).
    structured_types: bool,
    /// Typed decoding of a received body (`rust.serde`, an envelope with a
    /// code and a message).
    decode: Option<DecodeView>,
}

// askama's derive of the template above, checked in so that a build script
// compiles no proc macro (tests/templates_expanded.rs makes it).
#[cfg(not(feature = "askama-derive"))]
include!("expanded/rust.rs");

struct LocaleView {
    variant: String,
    tag: String,
    doc: Vec<String>,
    is_default: bool,
}

struct StageView {
    ty: String,
    /// Whether every entry has a stage.
    every: bool,
}

/// The struct of an envelope, or of the error object nested in one.
struct EnvelopeView {
    /// `{Catalog}Envelope`, `{Catalog}{Name}Envelope`, `…ErrorObject`.
    name: String,
    doc: Vec<String>,
    derives: String,
    fields: Vec<EnvelopeFieldView>,
    /// The expression, on `self`, that gives the kind its code names, and
    /// its doc; `None` for a success shape.
    kind: Option<(String, String)>,
    /// The error's method that makes it (`to_envelope`, `to_cli_envelope`);
    /// `None` for a nested object, a success shape or an unused envelope.
    method: Option<String>,
    /// Whether a field's value reads the locale (some envelopes carry no
    /// message).
    uses_locale: bool,
    /// A problem envelope's titles: the static's name and its items, one
    /// per entry in catalog order ([`crate::ir::Envelope::problem_title`]).
    titles: Option<(String, Vec<String>)>,
}

struct EnvelopeFieldView {
    /// What the member carries (`None` for a record's field).
    kind: Option<MemberKind>,
    doc: Vec<String>,
    attrs: Vec<String>,
    ident: String,
    ty: String,
    /// Its value in `to_envelope`, on `self` (an error) and `locale`.
    value: String,
}

/// The struct of a record type.
struct RecordView {
    doc: Vec<String>,
    derives: String,
    /// `{Catalog}{Record}`.
    name: String,
    fields: Vec<EnvelopeFieldView>,
}

impl RecordView {
    fn new(catalog: &Catalog, record: &RecordType, serde: bool) -> RecordView {
        let name = record_type_name(catalog, record.name.original());
        let pv = format!("{}ParamValue", catalog.name.upper_camel());
        let mut idents: Vec<String> = Vec::new();
        let fields = record
            .fields
            .iter()
            .map(|f| {
                let mut id = ident(f.name.snake());
                while idents.contains(&id) {
                    id.push('_');
                }
                idents.push(id.clone());
                let base = rust_type(&f.ty, catalog);
                let wire = f.name.original();
                let mut attrs = Vec::new();
                if serde {
                    if unraw(&id) != wire {
                        attrs.push(format!("#[serde(rename = {})]", string_literal(wire)));
                    }
                    if f.optional {
                        attrs.push("#[serde(default)]".to_owned());
                        attrs
                            .push("#[serde(skip_serializing_if = \"Option::is_none\")]".to_owned());
                    }
                }
                let (ty, what) = if f.optional {
                    (format!("Option<{base}>"), ", if sent")
                } else {
                    (base, "")
                };
                EnvelopeFieldView {
                    kind: None,
                    doc: doc(vec![line(format!(
                        "{} ({}, of type `{}`{what}).",
                        if f.optional {
                            "An optional field"
                        } else {
                            "A field"
                        },
                        code_span(wire),
                        markdown::comment_line(&f.ty.to_string())
                    ))]),
                    attrs,
                    value: if f.optional {
                        format!(
                            "if let Some(field) = value.{id} {{ map.insert({}.to_owned(), {}); }}",
                            string_literal(wire),
                            value_expr(&f.ty, "field", &pv, 0)
                        )
                    } else {
                        format!(
                            "map.insert({}.to_owned(), {});",
                            string_literal(wire),
                            value_expr(&f.ty, &format!("value.{id}"), &pv, 0)
                        )
                    },
                    ident: id,
                    ty,
                }
            })
            .collect();
        let float = record.fields.iter().any(|f| may_hold_float(&f.ty, catalog));
        let mut derives = vec!["Debug", "Clone", "Default", "PartialEq"];
        if !float {
            derives.push("Eq");
        }
        if serde {
            derives.push("serde::Serialize");
            derives.push("serde::Deserialize");
        }
        RecordView {
            doc: doc(vec![line(format!(
                "The record type {} of {}: what a param or envelope member of this type holds.",
                code_span(record.name.original()),
                code_span(catalog.name.original())
            ))]),
            derives: derives.join(", "),
            name,
            fields,
        }
    }
}

struct ClassifierView {
    /// The number of mappings.
    count: usize,
    /// Whether a mapping has a pattern (so the module needs `regex`).
    has_patterns: bool,
    /// The rows of `UPSTREAMS` (at indentation 8), each after a comment.
    rows: Vec<String>,
    /// The upstream systems: the enum, its variants and the rows of
    /// `SYSTEMS` (none when no mapping names a system).
    systems: Option<SystemsView>,
}

struct SystemsView {
    /// The enum's name (`PipelinesUpstream`).
    name: String,
    doc: Vec<String>,
    variants: Vec<SystemView>,
    /// Whether a system reads a JSON body (so the module needs `serde_json`).
    json: bool,
}

struct SystemView {
    doc: Vec<String>,
    variant: String,
    /// Its name as a string literal.
    name: String,
    /// Its row of `SYSTEMS` (at indentation 8).
    row: String,
}

impl<'a> View<'a> {
    fn new(catalog: &'a Catalog, options: &Options) -> View<'a> {
        let prefix = catalog.name.upper_camel().to_owned();
        let locale = format!("{prefix}Locale");
        let kind = format!("{prefix}Kind");
        let error = format!("{prefix}Error");
        let serde = options.flag("serde");
        let catalog_code = code_span(catalog.name.original());
        let default = catalog.default_locale().to_owned();

        let mut header = vec![format!(
            "// {}",
            super::header_line(catalog, markdown::comment_line)
        )];
        let mut needs = Vec::new();
        if serde {
            needs.push("`serde` (with its `derive` feature)");
        }
        let has_patterns = catalog
            .entries
            .iter()
            .any(|e| e.upstreams.iter().any(|u| u.pattern.is_some()));
        if has_patterns {
            needs.push("`regex`");
        }
        if catalog.upstream_systems.iter().any(|s| s.reads_json()) || decodes(catalog, serde) {
            needs.push("`serde_json`");
        }
        if !needs.is_empty() {
            header.push("//".into());
            let last = needs.pop().unwrap_or_default();
            let list = if needs.is_empty() {
                last.to_owned()
            } else {
                format!("{} and {last}", needs.join(", "))
            };
            header.push(format!("// The including crate depends on {list}."));
        }

        // Locales.
        let mut locale_variants: Vec<String> = Vec::new();
        let locales: Vec<LocaleView> = catalog
            .locales
            .iter()
            .map(|tag| {
                let mut variant = ident(&tag.to_upper_camel_case());
                if variant.is_empty() || !variant.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    variant = format!("L{variant}");
                }
                while locale_variants.contains(&variant) {
                    variant.push('_');
                }
                locale_variants.push(variant.clone());
                let is_default = *tag == default;
                LocaleView {
                    variant,
                    tag: string_literal(tag),
                    doc: doc(vec![line(if is_default {
                        format!("{}, the default.", code_span(tag))
                    } else {
                        format!("{}.", code_span(tag))
                    })]),
                    is_default,
                }
            })
            .collect();
        let default_locale = locales
            .iter()
            .find(|l| l.is_default)
            .map(|l| l.variant.clone())
            .unwrap_or_default();

        let title = catalog
            .title
            .as_deref()
            .map(inline)
            .filter(|t| !t.is_empty());
        let described = match (&title, &catalog.version) {
            (Some(t), Some(v)) => {
                format!("{t} (catalog {catalog_code}, version {})", inline(v))
            }
            (Some(t), None) => format!("{t} (catalog {catalog_code})"),
            (None, Some(v)) => format!("catalog {catalog_code}, version {}", inline(v)),
            (None, None) => format!("catalog {catalog_code}"),
        };
        let description: Vec<String> = catalog
            .localized(&catalog.description, &default)
            .map(|t| markdown(&t.text))
            .unwrap_or_default();
        let docs_link: Vec<String> = catalog
            .docs
            .as_deref()
            .map(|d| line(format!("Documentation: {}", inline(d))))
            .unwrap_or_default();

        let kind_doc = doc(vec![
            line(format!("The codes of {described}, without their params.")),
            description.clone(),
            docs_link.clone(),
        ]);
        let error_doc = doc(vec![
            line(format!("An error of {described}, with its params.")),
            description,
            docs_link,
            line(format!(
                "Its `Display` is the message in the default locale, {}.",
                code_span(&default)
            )),
        ]);
        let locale_doc = doc(vec![line(format!(
            "A locale the messages of {described} are written in."
        ))]);
        let group_docs = catalog
            .groups
            .iter()
            .map(|g| match &g.title {
                Some(t) => format!("Group {} ({}).", code_span(g.name.original()), inline(t)),
                None => format!("Group {}.", code_span(g.name.original())),
            })
            .collect();

        // Codes.
        let int_code = (catalog.code_kind == CodeKind::Integer).then(|| {
            let codes = catalog
                .entries
                .iter()
                .flat_map(|e| std::iter::once(&e.code).chain(e.aliases.iter().map(|a| &a.code)));
            let fits = codes.into_iter().all(|code| match code {
                Code::Int(n) => u32::try_from(*n).is_ok(),
                Code::Str(_) => true,
            });
            if fits { "u32" } else { "u64" }.to_owned()
        });
        let code_type = int_code.clone().unwrap_or_else(|| "&'static str".into());

        // HTTP statuses and gRPC codes.
        let every_http =
            !catalog.entries.is_empty() && catalog.entries.iter().all(|e| e.http.is_some());
        let (http_type, http_doc) = if every_http {
            (
                "u16".to_owned(),
                "The HTTP status the error is sent with.".to_owned(),
            )
        } else {
            (
                "Option<u16>".to_owned(),
                "The HTTP status the error is sent with, if the catalog gives one.".to_owned(),
            )
        };
        let every_grpc =
            !catalog.entries.is_empty() && catalog.entries.iter().all(|e| e.grpc.is_some());
        let grpc_type = if every_grpc { "i32" } else { "Option<i32>" }.to_owned();

        let stage = catalog.entries.iter().any(|e| e.stage.is_some()).then(|| {
            let every = catalog.entries.iter().all(|e| e.stage.is_some());
            StageView {
                ty: if every {
                    "&'static str"
                } else {
                    "Option<&'static str>"
                }
                .into(),
                every,
            }
        });

        let declared_structured = has_structured(catalog);
        let has_float = declared_structured
            || catalog
                .entries
                .iter()
                .any(|e| e.params.iter().any(|p| p.ty == ParamType::Float));
        let records = catalog
            .types
            .iter()
            .map(|r| RecordView::new(catalog, r, serde))
            .collect();

        let envelopes = EnvelopeContext {
            catalog,
            kind: &kind,
            int_code: int_code.as_deref(),
            serde,
            every_http,
            every_stage: stage.as_ref().map(|s| s.every),
        }
        .views(&error);

        let classifier = catalog
            .entries
            .iter()
            .any(|e| !e.upstreams.is_empty())
            .then(|| ClassifierView::new(catalog, &prefix));

        let decode = DecodeView::new(catalog, &prefix, &envelopes, int_code.as_deref(), serde);
        // Decoding checks received params, which may hold any JSON value.
        let structured_types = decode.as_ref().is_some_and(|d| d.received.is_none());
        let structured = declared_structured || structured_types;
        let types = (classifier.is_some() || structured_types)
            .then(|| TypesView::new(catalog, structured_types));
        let unknown = format!("{prefix}UnknownCode");
        let entries_allow = variant_names_allow(shared_word(
            catalog
                .entries
                .iter()
                .map(|e| variant_text(e.name.upper_camel())),
        ));
        let locales_allow = variant_names_allow(shared_word(
            locales.iter().map(|l| Cow::Borrowed(l.variant.as_str())),
        ));

        let mut view = View {
            catalog,
            header,
            entries_allow,
            locales_allow,
            locale,
            kind,
            error,
            unknown,
            message: format!("{prefix}Message"),
            param_value: format!("{prefix}ParamValue"),
            catalog_code,
            locale_doc,
            locales,
            default_locale,
            kind_doc,
            error_doc,
            group_docs,
            code_type,
            int_code,
            http_type,
            http_doc,
            every_http,
            grpc_type,
            every_grpc,
            stage,
            has_float,
            table: format!("{}_table", catalog.name.snake()),
            param_count: catalog.entries.iter().map(|e| e.params.len()).sum(),
            stages: Vec::new(),
            name_base: 0,
            param_base: 0,
            message_base: 0,
            variant_base: 0,
            stage_base: 0,
            text_count: 0,
            text_lengths: RefCell::default(),
            part: 0,
            envelopes,
            classifier,
            serde,
            alias_count: catalog.entries.iter().map(|e| e.aliases.len()).sum(),
            structured,
            records,
            types,
            structured_types,
            decode,
        };
        for e in &catalog.entries {
            if let Some(stage) = e.stage.as_deref() {
                if !view.stages.contains(&stage) {
                    view.stages.push(stage);
                }
            }
        }
        let entries = catalog.entries.len();
        view.name_base = if view.int_code.is_some() { 0 } else { entries };
        view.variant_base = view.name_base + entries;
        view.param_base = view.variant_base + entries;
        view.message_base = view.param_base + view.param_count;
        view.stage_base = view.message_base + entries * catalog.locales.len();
        view.text_count = view.stage_base + view.stages.len();
        view
    }

    /// The entries, in catalog order.
    fn entries(&self) -> &'a [Entry] {
        &self.catalog.entries
    }

    /// The doc comment of an entry's constructor (at indentation 4).
    fn constructor_doc<'e>(&'e self, e: &'e Entry) -> impl Display + use<'e, 'a> {
        section(4, move |out| {
            let mut scratch = Scratch::default();
            self.error_variant_doc(out, e, &mut scratch)
        })
    }

    /// The doc comment of an entry's error variant.
    fn error_variant_doc(
        &self,
        out: &mut Lines<'_, '_>,
        e: &Entry,
        scratch: &mut Scratch,
    ) -> fmt::Result {
        let default = self.catalog.default_locale();
        let mut doc = Doc::new(out);
        self.summary(e, scratch, |line| doc.text(line))?;
        doc.paragraph();
        if let Some(d) = self.catalog.localized(&e.description, default) {
            markdown_lines(&d.text, &mut scratch.line, |line| doc.text(line))?;
        }
        doc.paragraph();
        doc.line((Facts(e), '.'))?;
        doc.paragraph();
        if let Some(group) = e.group.and_then(|g| self.group_docs.get(g)) {
            doc.text(group)?;
        }
        doc.list(self.catalog, "Causes:", &e.causes, &mut scratch.line)?;
        doc.list(self.catalog, "Remedies:", &e.remedies, &mut scratch.line)?;
        doc.paragraph();
        if let Some(d) = &e.deprecated {
            let mut text = "**Deprecated**".to_owned();
            if let Some(r) = &d.reason {
                text.push_str(": ");
                text.push_str(&inline(r));
            }
            if !text.ends_with(['.', '!', '?', '。']) {
                text.push('.');
            }
            if let Some(by) = &d.replaced_by {
                match d.replaced_by_entry.map(|x| &self.catalog.entries[x]) {
                    Some(x) => (
                        " Use [`",
                        self.error.as_str(),
                        "::",
                        Constructor(x),
                        "`] instead.",
                    )
                        .push_to(&mut text),
                    None => text.push_str(&format!(" Use {} instead.", code_span(by))),
                }
            }
            doc.text(&text)?;
        }
        doc.paragraph();
        if let Some(d) = &e.docs {
            doc.line(("Documentation: ", inline(d)))?;
        }
        Ok(())
    }

    /// Calls `each` with every line of the summary of an entry: its
    /// message (in the default locale, else the first it has) as Markdown
    /// lines, placeholders as written.
    fn summary(
        &self,
        e: &Entry,
        scratch: &mut Scratch,
        each: impl FnMut(&str) -> fmt::Result,
    ) -> fmt::Result {
        let message = self
            .catalog
            .localized(&e.messages, self.catalog.default_locale());
        let Some(message) = message else {
            return Ok(());
        };
        scratch.text.clear();
        push_displayed(&mut scratch.text, message.segments());
        markdown_lines(&scratch.text, &mut scratch.line, each)
    }

    /// The entries' indexes sorted by code (at indentation 8).
    fn by_code(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let entries = self.entries();
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by(|&a, &b| code_order(&entries[a].code, &entries[b].code));
            let mut column = Column::new(out);
            for at in order {
                column.push(at as u64)?;
            }
            column.finish()
        })
    }

    /// The aliases, sorted by code, each with its kind's index (at
    /// indentation 8), as `(code, kind)` rows.
    fn aliases(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut rows: Vec<(&Code, usize)> = self
                .entries()
                .iter()
                .enumerate()
                .flat_map(|(at, e)| e.aliases.iter().map(move |a| (&a.code, at)))
                .collect();
            rows.sort_by(|a, b| code_order(a.0, b.0));
            for (code, at) in rows {
                let code = match code {
                    Code::Int(n) => n.to_string(),
                    Code::Str(s) => string_literal(s),
                };
                out.line(format!("({code}, {at}),"))?;
            }
            Ok(())
        })
    }

    /// The params' types (at indentation 8), an entry's on a line.
    fn param_types(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            if let Some(types) = self.types.as_ref().filter(|t| t.structured) {
                for e in self.entries().iter().filter(|e| !e.params.is_empty()) {
                    out.line(Join(e.params.iter().map(|p| (types.expr(&p.ty), ',')), " "))?;
                }
                return Ok(());
            }
            for e in self.entries().iter().filter(|e| !e.params.is_empty()) {
                let types = e.params.iter().map(|p| match p.ty {
                    ParamType::Int => "Type::Int,",
                    ParamType::Float => "Type::Float,",
                    ParamType::Bool => "Type::Bool,",
                    // A structured param is never read here: an entry with
                    // an upstream mapping has none (`structured-placeholder`).
                    _ => "Type::Str,",
                });
                out.line(Join(types, " "))?;
            }
            Ok(())
        })
    }

    /// Calls `each` with every text of the table, in the order of its
    /// `TEXT` (see the template): the codes (of a catalog of string codes),
    /// the names, the variants' names, the params' names, the messages, the
    /// stages.
    fn each_text(&self, mut each: impl FnMut(&str) -> fmt::Result) -> fmt::Result {
        let entries = self.entries();
        if self.int_code.is_none() {
            for e in entries {
                match &e.code {
                    Code::Str(code) => each(code)?,
                    Code::Int(code) => each(&code.to_string())?,
                }
            }
        }
        for e in entries {
            each(e.name.original())?;
        }
        let mut name = String::new();
        for e in entries {
            name.clear();
            variant(e).push_to(&mut name);
            each(unraw(&name))?;
        }
        for e in entries {
            for p in &e.params {
                each(p.name.original())?;
            }
        }
        let mut message = String::new();
        for e in entries {
            for l in 0..self.locales.len() {
                message.clear();
                push_message(&mut message, self.message_of(e, l), &e.code);
                each(&message)?;
            }
        }
        for stage in &self.stages {
            each(stage)?;
        }
        Ok(())
    }

    /// The texts (at indentation 8), one a line, each ending the line with
    /// a `\` that continues the string literal.
    fn text(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut lengths = self.text_lengths.borrow_mut();
            lengths.clear();
            lengths.reserve(self.text_count);
            self.each_text(|text| {
                if let Ok(length) = u32::try_from(text.len()) {
                    lengths.push(length);
                }
                let line = out.start();
                // A line break with `\` skips the spaces that follow it.
                match text.strip_prefix(' ') {
                    Some(rest) => {
                        line.push_str("\\x20");
                        push_literal_body(line, rest);
                    }
                    None => push_literal_body(line, text),
                }
                line.push('\\');
                out.end()
            })
        })
    }

    /// Where each text starts in `TEXT`, then where the last ends (at
    /// indentation 8), sixteen a line.
    fn text_offsets(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            let mut at: u64 = 0;
            let mut push = |length: u64| {
                column.push(at)?;
                at += length;
                Ok(())
            };
            let lengths = self.text_lengths.take();
            if lengths.len() == self.text_count {
                lengths.into_iter().try_for_each(|n| push(n.into()))?;
            } else {
                self.each_text(|text| push(text.len() as u64))?;
            }
            column.push(at)?;
            column.finish()
        })
    }

    /// The integer codes (at indentation 8).
    fn int_codes(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            for e in self.entries() {
                match &e.code {
                    Code::Int(code) => column.push(*code)?,
                    Code::Str(_) => column.push(0u64)?,
                }
            }
            column.finish()
        })
    }

    /// The HTTP statuses, `0` for none (at indentation 8).
    fn http_column(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            for e in self.entries() {
                column.push(e.http.unwrap_or(0))?;
            }
            column.finish()
        })
    }

    /// The gRPC codes, `-1` for none (at indentation 8).
    fn grpc_column(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            for e in self.entries() {
                match e.grpc {
                    Some(g) => column.push(g.number())?,
                    None => column.push_text("-1")?,
                }
            }
            column.finish()
        })
    }

    /// The flags (at indentation 8).
    fn flags_column(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            for e in self.entries() {
                let success = e.kind == EntryKind::Success;
                column.push(u8::from(e.retryable) | u8::from(success) << 1)?;
            }
            column.finish()
        })
    }

    /// The text of each entry's stage, `u32::MAX` for none (at indentation 8).
    fn stage_column(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            for e in self.entries() {
                let at = e
                    .stage
                    .as_deref()
                    .and_then(|s| self.stages.iter().position(|x| *x == s));
                match at {
                    Some(at) => column.push((self.stage_base + at) as u64)?,
                    None => column.push_text("u32::MAX")?,
                }
            }
            column.finish()
        })
    }

    /// Where each entry's params start, then where the last ends (at
    /// indentation 8).
    fn params_column(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let mut column = Column::new(out);
            let mut at = 0u64;
            for e in self.entries() {
                column.push(at)?;
                at += e.params.len() as u64;
            }
            column.push(at)?;
            column.finish()
        })
    }

    /// The message of `e` in the locale at `l` (in catalog order): its own,
    /// else the default locale's, else none.
    fn message_of(&self, e: &'a Entry, l: usize) -> Option<&'a Message> {
        self.catalog
            .localized(&e.messages, &self.catalog.locales[l])
    }
}

/// Numbers written as a table column, sixteen a line.
/// The order the generated `from_code` searches codes in: numbers by value,
/// strings by their bytes (as `str`'s `Ord` compares them).
fn code_order(a: &Code, b: &Code) -> std::cmp::Ordering {
    match (a, b) {
        (Code::Int(x), Code::Int(y)) => x.cmp(y),
        (Code::Str(x), Code::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Code::Int(_), Code::Str(_)) => std::cmp::Ordering::Less,
        (Code::Str(_), Code::Int(_)) => std::cmp::Ordering::Greater,
    }
}

struct Column<'o, 'a, 'b> {
    out: &'o mut Lines<'a, 'b>,
    /// How many are on the line being written.
    on_line: usize,
}

impl<'o, 'a, 'b> Column<'o, 'a, 'b> {
    /// The numbers on one line.
    const PER_LINE: usize = 16;

    fn new(out: &'o mut Lines<'a, 'b>) -> Self {
        Column { out, on_line: 0 }
    }

    /// Writes `n`.
    fn push(&mut self, n: impl Into<u64>) -> fmt::Result {
        let line = self.next();
        push_decimal(line, n);
        line.push(',');
        self.end()
    }

    /// Writes `text` as a number (`-1`, `u32::MAX`).
    fn push_text(&mut self, text: &str) -> fmt::Result {
        let line = self.next();
        line.push_str(text);
        line.push(',');
        self.end()
    }

    /// The line to push the next number onto.
    fn next(&mut self) -> &mut String {
        if self.on_line == 0 {
            self.out.start()
        } else {
            let line = self.out.out.text();
            line.push(' ');
            line
        }
    }

    fn end(&mut self) -> fmt::Result {
        self.on_line += 1;
        if self.on_line == Self::PER_LINE {
            self.on_line = 0;
            return self.out.end();
        }
        Ok(())
    }

    /// Ends the last line.
    fn finish(self) -> fmt::Result {
        Ok(())
    }
}

/// Pushes `value` as a Rust value of a table: bare when `every` entry has
/// one, else `Some(value)` or `None`.
fn push_option(out: &mut String, every: bool, value: Option<String>) {
    match value {
        Some(v) if every => out.push_str(&v),
        Some(v) => ("Some(", v, ')').push_to(out),
        None => out.push_str("None"),
    }
}

/// Pushes a message as the table holds it: its text with each placeholder
/// as `{n}`, `n` the index of its param (in the order the entry declares
/// them), and literal braces doubled (`{{`, `}}`). An unresolved placeholder
/// (in a catalog with errors) stays text, as written; no message at all is
/// the code.
fn push_message(out: &mut String, message: Option<&Message>, code: &Code) {
    let Some(message) = message else {
        push_braces_doubled(out, &code.to_string());
        return;
    };
    for s in message.segments() {
        match s {
            Segment::Text(t) => push_braces_doubled(out, &t),
            Segment::Placeholder(p) => match p.param {
                Some(at) => ('{', at, '}').push_to(out),
                None => push_braces_doubled(out, &p.key.to_string()),
            },
        }
    }
}

/// Pushes `text` with `{` and `}` doubled.
fn push_braces_doubled(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = crate::ir::template::find_brace(rest) {
        out.push_str(&rest[..=at]);
        out.push_str(&rest[at..=at]);
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// An entry's variant name.
fn variant(e: &Entry) -> Ident<'_> {
    Ident(e.name.upper_camel())
}

/// A variant name as [`Ident`] writes it, without `r#`.
fn variant_text(name: &str) -> Cow<'_, str> {
    if cannot_be_raw(name) {
        Cow::Owned(format!("{name}_"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Whether clippy's `enum_variant_names` would object to these variant
/// names (without `r#`): three or more that all begin, or all end, with the
/// same CamelCase word.
fn shared_word<'s>(variants: impl IntoIterator<Item = Cow<'s, str>>) -> bool {
    /// The first CamelCase word: up to the next capital.
    fn first(name: &str) -> Option<&str> {
        let mut chars = name.char_indices().skip(1);
        name.chars().next()?;
        Some(match chars.find(|(_, c)| c.is_ascii_uppercase()) {
            Some((i, _)) => &name[..i],
            None => name,
        })
    }
    /// The last CamelCase word: from the last capital.
    fn last(name: &str) -> Option<&str> {
        name.chars().next()?;
        Some(&name[name.rfind(|c: char| c.is_ascii_uppercase()).unwrap_or(0)..])
    }
    let mut count = 0;
    let mut firsts: Option<(Option<String>, bool)> = None;
    let mut lasts: Option<(Option<String>, bool)> = None;
    for name in variants {
        let name = name.trim_start_matches("r#");
        count += 1;
        for (slot, word) in [(&mut firsts, first(name)), (&mut lasts, last(name))] {
            match slot {
                None => *slot = Some((word.map(str::to_owned), true)),
                Some((shared, same)) => *same &= shared.as_deref() == word,
            }
        }
    }
    let shared = |slot: Option<(Option<String>, bool)>| {
        slot.is_some_and(|(word, same)| word.is_some() && same)
    };
    count >= 3 && (shared(firsts) || shared(lasts))
}

/// The allow attribute (lines) for an enum whose variants share a word.
fn variant_names_allow(shared_word: bool) -> Vec<String> {
    if shared_word {
        vec![
            "// The variants are the catalog's names, which share a word; renaming them".into(),
            "// would make them differ from the catalog.".into(),
            "#[allow(clippy::enum_variant_names)]".into(),
        ]
    } else {
        Vec::new()
    }
}

/// Buffers that sections reuse from entry to entry.
#[derive(Default)]
struct Scratch {
    /// A text before it is escaped.
    text: String,
    /// A line as it is written.
    line: String,
}

/// Calls `each` with every line of `text` as a Markdown paragraph (see
/// [`markdown`]), escaped into `line`.
fn markdown_lines(
    text: &str,
    line: &mut String,
    mut each: impl FnMut(&str) -> fmt::Result,
) -> fmt::Result {
    line.clear();
    markdown::push_escaped(line, text, markdown::Layout::Block(""), true, true);
    if line.contains('\t') {
        *line = line.replace('\t', " ");
    }
    for text_line in line.lines() {
        each(text_line)?;
    }
    Ok(())
}

/// Pushes a message as a reader sees it: literal braces single,
/// placeholders as `{name}` or `{0}`.
fn push_displayed(out: &mut String, segments: Segments) {
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(&t),
            Segment::Placeholder(p) => match p.key {
                PlaceholderKey::Named(name) => ('{', name, '}').push_to(out),
                PlaceholderKey::Index(i) => ('{', i, '}').push_to(out),
            },
        }
    }
}

/// The Rust type of a value of `ty`, the one mapping of types to Rust:
/// scalars as themselves, a list a `Vec`, a map a `BTreeMap` with `String`
/// keys, a record its struct (`{Catalog}{Record}`), and `any` the
/// catalog's `ParamValue`, which holds any JSON value (so that the
/// generated code needs no `serde_json`).
fn rust_type(ty: &ParamType, catalog: &Catalog) -> String {
    let prefix = catalog.name.upper_camel();
    match ty {
        ParamType::String => "String".into(),
        ParamType::Int => "i64".into(),
        ParamType::Float => "f64".into(),
        ParamType::Bool => "bool".into(),
        ParamType::Any => format!("{prefix}ParamValue"),
        ParamType::List(item) => format!("Vec<{}>", rust_type(item, catalog)),
        ParamType::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(value, catalog)
        ),
        ParamType::Record(name) => record_type_name(catalog, name),
    }
}

/// The expression that makes the `pv` (the catalog's `ParamValue`) of
/// `expr`, an owned value of `ty` (moved, never cloned); `depth` names the
/// closures' parameters apart. Written out per type rather than through
/// generic `From` impls, which cost rustc a trait search per use.
fn value_expr(ty: &ParamType, expr: &str, pv: &str, depth: usize) -> String {
    match ty {
        ParamType::String => format!("{pv}::Str({expr})"),
        ParamType::Int => format!("{pv}::Int({expr})"),
        ParamType::Float => format!("{pv}::Float({expr})"),
        ParamType::Bool => format!("{pv}::Bool({expr})"),
        ParamType::Any => expr.to_owned(),
        ParamType::Record(_) => format!("{pv}::from({expr})"),
        ParamType::List(item) if **item == ParamType::Any => format!("{pv}::List({expr})"),
        ParamType::Map(value) if **value == ParamType::Any => format!("{pv}::Map({expr})"),
        ParamType::List(item) => {
            let make = match &**item {
                ParamType::String => format!("{pv}::Str"),
                ParamType::Int => format!("{pv}::Int"),
                ParamType::Float => format!("{pv}::Float"),
                ParamType::Bool => format!("{pv}::Bool"),
                ParamType::Record(_) => format!("{pv}::from"),
                nested => {
                    let v = format!("v{depth}");
                    format!("|{v}| {}", value_expr(nested, &v, pv, depth + 1))
                }
            };
            format!("{pv}::List({expr}.into_iter().map({make}).collect())")
        }
        ParamType::Map(value) => {
            let (k, v) = (format!("k{depth}"), format!("v{depth}"));
            let inner = value_expr(value, &v, pv, depth + 1);
            format!("{pv}::Map({expr}.into_iter().map(|({k}, {v})| ({k}, {inner})).collect())")
        }
    }
}

/// The name of the struct of the record type `name`: `{Catalog}{Record}`.
fn record_type_name(catalog: &Catalog, name: &str) -> String {
    let upper = catalog.record(name).map_or_else(
        || Names::new(name).upper_camel().to_owned(),
        |r| r.name.upper_camel().to_owned(),
    );
    format!("{}{upper}", catalog.name.upper_camel())
}

/// Whether the catalog sends a structured value (`any`, a list, a map or a
/// record) in a param or an envelope member: then its `ParamValue` holds
/// any JSON value and the module has the record structs.
fn has_structured(catalog: &Catalog) -> bool {
    catalog
        .entries
        .iter()
        .any(|e| e.params.iter().any(|p| !p.ty.is_scalar()))
        || catalog
            .envelopes
            .iter()
            .flat_map(|e| e.members.iter().chain(e.error_members()))
            .any(|m| !m.ty.is_scalar() && !matches!(m.kind, MemberKind::Params | MemberKind::Error))
        || !catalog.types.is_empty()
}

/// Whether values of `ty` may hold a float (so that what holds them is not
/// `Eq`).
fn may_hold_float(ty: &ParamType, catalog: &Catalog) -> bool {
    match ty {
        ParamType::Float | ParamType::Any => true,
        ParamType::List(item) | ParamType::Map(item) => may_hold_float(item, catalog),
        ParamType::Record(name) => catalog.record(name).is_some_and(|r| {
            r.fields
                .iter()
                .any(|f| f.ty.record_name() != Some(name) && may_hold_float(&f.ty, catalog))
        }),
        _ => false,
    }
}

/// The facts of an entry's doc: `Code `X`, HTTP 404, …` (without the
/// closing `.`).
struct Facts<'e>(&'e Entry);

impl Piece for Facts<'_> {
    fn push_to(&self, out: &mut String) {
        let e = self.0;
        ("Code ", CodeSpanOf(&e.code)).push_to(out);
        if let Some(h) = e.http {
            (", HTTP ", h).push_to(out);
        }
        if let Some(g) = e.grpc {
            (", gRPC `", g.name(), "` (", g.number(), ")").push_to(out);
        }
        if let Some(s) = &e.stage {
            (", stage ", CodeSpan(s)).push_to(out);
        }
        if e.retryable {
            out.push_str(", retryable");
        }
        if e.kind == EntryKind::Success {
            out.push_str(", a success");
        }
    }
}

// ---------------------------------------------------------------------------
// Writing: sections of lines, written straight into the output

/// Text that pushes itself onto a `String`: what lines are made of.
///
/// A line is written as a tuple of pieces (`(SelfPath(v), " => ", value)`),
/// each pushed in turn: much faster than `write!` with `format_args!`, whose
/// machinery (a call per piece through `dyn Write`, `Display` per argument)
/// took most of the time of a large catalog.
trait Piece {
    /// Pushes the text onto `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// Nothing, or the piece.
impl<T: Piece> Piece for Option<T> {
    fn push_to(&self, out: &mut String) {
        if let Some(piece) = self {
            piece.push_to(out);
        }
    }
}

/// Formatted text, for the rare line that needs formatting.
impl Piece for fmt::Arguments<'_> {
    fn push_to(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = out.write_fmt(*self);
    }
}

/// Unsigned integers in decimal.
macro_rules! unsigned_pieces {
    ($($int:ty),*) => {$(
        impl Piece for $int {
            fn push_to(&self, out: &mut String) {
                super::push_decimal(out, *self as u64);
            }
        }
    )*};
}
unsigned_pieces!(u16, u32, u64, usize);

/// Pieces one after the other.
macro_rules! tuple_pieces {
    ($(($($piece:ident),+))*) => {$(
        #[allow(non_snake_case)]
        impl<$($piece: Piece),+> Piece for ($($piece,)+) {
            fn push_to(&self, out: &mut String) {
                let ($($piece,)+) = self;
                $($piece.push_to(out);)+
            }
        }
    )*};
}
tuple_pieces! {
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
}

/// A piece as a `String`.
fn text(piece: impl Piece) -> String {
    // Most are an identifier or a short expression: one allocation.
    let mut out = String::with_capacity(48);
    piece.push_to(&mut out);
    out
}

/// Spaces to indent lines with.
const SPACES: &str = "                                                                ";

/// Where a section writes its lines: each starts on a new line, at the
/// current indentation (as the template's `{%- for line in … %}` loops over
/// lines printed them). Lines gather in the generators' [`LineBuffer`], so
/// each of the many small pieces a line is made of costs a copy into a
/// `String`, not a trip through the template's writer.
struct Lines<'a, 'b> {
    out: LineBuffer<'a, 'b>,
    /// The indentation of the lines, in spaces.
    indent: usize,
}

impl Lines<'_, '_> {
    /// Writes one line.
    fn line(&mut self, text: impl Piece) -> fmt::Result {
        self.start_line();
        text.push_to(self.out.text());
        self.out.end_item()
    }

    /// Starts a line, to be pushed onto the returned text and ended with
    /// [`Lines::end`].
    fn start(&mut self) -> &mut String {
        self.start_line();
        self.out.text()
    }

    /// Ends the line begun with [`Lines::start`].
    fn end(&mut self) -> fmt::Result {
        self.out.end_item()
    }

    /// Starts a line: a newline and the indentation.
    fn start_line(&mut self) {
        let buffer = self.out.text();
        buffer.push('\n');
        let mut indent = self.indent;
        while indent > 0 {
            let n = indent.min(SPACES.len());
            buffer.push_str(&SPACES[..n]);
            indent -= n;
        }
    }
}

/// Lines written when displayed, by a function, at an indentation: what
/// the template prints of a view's per-entry parts.
struct Section<F>(usize, F);

/// The section that `write` writes at `indent`.
fn section<F: Fn(&mut Lines<'_, '_>) -> fmt::Result>(indent: usize, write: F) -> Section<F> {
    Section(indent, write)
}

impl<F: Fn(&mut Lines<'_, '_>) -> fmt::Result> Display for Section<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = Lines {
            out: LineBuffer::new(f),
            indent: self.0,
        };
        (self.1)(&mut lines)?;
        lines.out.finish()
    }
}

/// Writes doc comment lines (`/// …`) by paragraphs: empty lines are
/// dropped, and a paragraph with lines is separated from the one before by
/// `///`.
struct Doc<'o, 'a, 'b> {
    out: &'o mut Lines<'a, 'b>,
    /// Whether a line has been written.
    written: bool,
    /// Whether the current paragraph has a line.
    in_paragraph: bool,
}

impl<'o, 'a, 'b> Doc<'o, 'a, 'b> {
    fn new(out: &'o mut Lines<'a, 'b>) -> Self {
        Doc {
            out,
            written: false,
            in_paragraph: false,
        }
    }

    /// Starts a new paragraph.
    fn paragraph(&mut self) {
        self.in_paragraph = false;
    }

    /// Writes a line that is not empty.
    fn line(&mut self, text: impl Piece) -> fmt::Result {
        if !self.in_paragraph {
            if self.written {
                self.out.line("///")?;
            }
            self.in_paragraph = true;
            self.written = true;
        }
        self.out.line(("/// ", text))
    }

    /// Writes a line unless it is empty.
    fn text(&mut self, line: &str) -> fmt::Result {
        if line.is_empty() {
            Ok(())
        } else {
            self.line(line)
        }
    }

    /// A paragraph: a bulleted list of the texts in `locale` (else in the
    /// first locale that has some), under a heading line.
    /// A list under `heading` of the items of `texts` in the default
    /// locale, else in the locale the IR's fallback chooses.
    fn list(
        &mut self,
        catalog: &Catalog,
        heading: &str,
        texts: &[LocalizedText],
        line: &mut String,
    ) -> fmt::Result {
        self.paragraph();
        let Some(locale) = catalog
            .localized(texts, catalog.default_locale())
            .map(|t| t.locale.as_str())
        else {
            return Ok(());
        };
        self.line(heading)?;
        for item in texts.iter().filter(|t| t.locale == locale) {
            let mut bullet = "- ";
            markdown_lines(&item.text, line, |l| {
                if l.is_empty() {
                    return Ok(());
                }
                self.line((bullet, l))?;
                bullet = "  ";
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// A name as a Rust identifier, as [`ident`] makes it, as a piece of a
/// line.
#[derive(Clone, Copy)]
struct Ident<'a>(&'a str);

impl Piece for Ident<'_> {
    fn push_to(&self, out: &mut String) {
        if cannot_be_raw(self.0) {
            out.push_str(self.0);
            out.push('_');
        } else if is_keyword(self.0) {
            out.push_str("r#");
            out.push_str(self.0);
        } else {
            out.push_str(self.0);
        }
    }
}

/// The name of an entry's constructor: its name in snake_case, as an
/// identifier, with a trailing `_` if the error has a method of that name.
struct Constructor<'e>(&'e Entry);

/// The error's own associated functions, which no constructor may be
/// named (the methods of the traits it implements are called with `.` and
/// do not clash).
const ERROR_METHODS: &[&str] = &[
    "kind",
    "code",
    "http_status",
    "grpc_code",
    "is_retryable",
    "stage",
    "message",
    "display_in",
    "params",
    "param",
    "to_envelope",
    "write_message",
    "classify",
    "classify_body",
    "classify_in",
    "from_upstream",
    "with_args",
];

impl Piece for Constructor<'_> {
    fn push_to(&self, out: &mut String) {
        let name = self.0.name.snake();
        Ident(name).push_to(out);
        // `to_{envelope}_envelope` makes a named envelope.
        let envelope_method = name.starts_with("to_") && name.ends_with("_envelope");
        if ERROR_METHODS.contains(&name) || envelope_method {
            out.push('_');
        }
    }
}

/// A code as an inline code span (see [`code_span`]).
struct CodeSpanOf<'a>(&'a Code);

impl Piece for CodeSpanOf<'_> {
    fn push_to(&self, out: &mut String) {
        match self.0 {
            Code::Int(n) => ('`', n, '`').push_to(out),
            Code::Str(s) => CodeSpan(s).push_to(out),
        }
    }
}

/// Items written with a separator between them.
#[derive(Clone)]
struct Join<I>(I, &'static str);

impl<I> Piece for Join<I>
where
    I: Iterator + Clone,
    I::Item: Piece,
{
    fn push_to(&self, out: &mut String) {
        for (i, item) in self.0.clone().enumerate() {
            if i > 0 {
                out.push_str(self.1);
            }
            item.push_to(out);
        }
    }
}

/// What the views of a catalog's envelopes share.
struct EnvelopeContext<'a> {
    catalog: &'a Catalog,
    kind: &'a str,
    int_code: Option<&'a str>,
    serde: bool,
    every_http: bool,
    every_stage: Option<bool>,
}

/// The name of the static of a problem envelope's titles.
fn titles_name(envelope: &Envelope) -> String {
    // (The catalog's name is added by the caller's prefix.)
    if envelope.is_default() {
        "PROBLEM_TITLE".to_owned()
    } else {
        format!("{}_PROBLEM_TITLE", envelope.name.shouty_snake())
    }
}

/// The method of the error that makes `envelope` (`to_envelope`,
/// `to_cli_envelope`); `None` for a success shape and an envelope
/// no entry is sent in.
fn envelope_method(catalog: &Catalog, index: usize) -> Option<String> {
    catalog
        .envelope_made(index)
        .then(|| format!("to_{}", envelope_stem(catalog, index)))
}

/// What the error's methods for the envelope at `index` are named after,
/// as its struct is ([`envelope_type_base`]): `envelope` for the default
/// one (`to_envelope`), `{name}_envelope` for the others
/// (`to_cli_envelope`, the decoder's `from_cli_envelope`).
fn envelope_stem(catalog: &Catalog, index: usize) -> String {
    catalog.envelopes[index].function_stem()
}

/// The struct name of `envelope`: `{Catalog}Envelope` for the default one,
/// `{Catalog}{Name}Envelope` for the others.
fn envelope_type_base(catalog: &Catalog, envelope: &Envelope) -> String {
    format!("{}{}", catalog.name.upper_camel(), envelope.type_stem())
}

impl EnvelopeContext<'_> {
    /// The views of every envelope of the catalog, each nested error
    /// object's struct before the struct that holds it.
    fn views(&self, error: &str) -> Vec<EnvelopeView> {
        let catalog = self.catalog;
        let mut out = Vec::new();
        for (index, envelope) in catalog.envelopes.iter().enumerate() {
            let base = envelope_type_base(catalog, envelope);
            let name = format!("{base}Envelope");
            let method = envelope_method(catalog, index);
            let (fields, kind) = self.fields(envelope, &envelope.members, &name, &base, &mut out);
            let titles = (envelope.shape == EnvelopeShape::Problem).then(|| {
                let items = catalog
                    .entries
                    .iter()
                    .map(|e| string_literal(&envelope.problem_title(e)))
                    .collect();
                (
                    format!("{}_{}", catalog.name.shouty_snake(), titles_name(envelope)),
                    items,
                )
            });
            let shape_text = match envelope.shape {
                EnvelopeShape::Flat if envelope.error_object().is_some() => {
                    "the error object nested in an outer one"
                }
                EnvelopeShape::Flat => "one object",
                EnvelopeShape::TwoLevel => concat!(
                    "an outer code and message for the failed internal call, ",
                    "and the catalog's code and message inside"
                ),
                EnvelopeShape::Problem => "RFC 9457 problem details (`application/problem+json`)",
            };
            let wires: Vec<String> = envelope
                .members
                .iter()
                .map(|f| code_span(&f.wire))
                .collect();
            let what = if catalog.envelope_for_successes(index) {
                "The body of a success response".to_owned()
            } else {
                format!("The body of an error response: {shape_text}")
            };
            let title = match (&envelope.title, envelope.is_default()) {
                (Some(title), _) => format!(
                    " (envelope {}, {})",
                    code_span(envelope.name.original()),
                    markdown::comment_line(title)
                ),
                (None, false) => format!(" (envelope {})", code_span(envelope.name.original())),
                (None, true) => String::new(),
            };
            let made = match &method {
                Some(m) => format!("[`{error}::{m}`] makes one."),
                None if envelope.is_success() => {
                    "It carries no catalog entry: a client reads it to tell a success body from an error body.".to_owned()
                }
                None => "No entry is sent in it.".to_owned(),
            };
            let uses_locale = fields.iter().any(|f| f.value.contains("locale"));
            out.push(EnvelopeView {
                uses_locale,
                name,
                doc: doc(vec![
                    line(format!("{what}{title}.")),
                    line(format!("Its fields on the wire: {}.", wires.join(", "))),
                    line(made),
                ]),
                derives: self.derives(&envelope.members),
                fields,
                kind: if envelope.is_success() {
                    None
                } else {
                    Some(kind.unwrap_or_else(|| {
                        (
                            "None".to_owned(),
                            "The kind its code names: the envelope has no code field.".to_owned(),
                        )
                    }))
                },
                titles,
                method,
            });
        }
        out
    }

    /// The derives of a struct of `members`: param values may be floats,
    /// so one with params is not `Eq`.
    fn derives(&self, members: &[EnvelopeMember]) -> String {
        let catalog = self.catalog;
        let has_float = members.iter().any(|m| {
            m.kind == MemberKind::Params
                || (m.kind.per_occurrence() && may_hold_float(&m.ty, catalog))
                || (m.kind == MemberKind::Error
                    && m.members.iter().any(|m| {
                        m.kind == MemberKind::Params
                            || (m.kind.per_occurrence() && may_hold_float(&m.ty, catalog))
                    }))
        });
        let mut derives = vec!["Debug", "Clone", "PartialEq"];
        if !has_float {
            derives.push("Eq");
        }
        if self.serde {
            derives.push("serde::Serialize");
            derives.push("serde::Deserialize");
        }
        derives.join(", ")
    }

    /// The fields of a struct named `struct_name` holding `members` of
    /// `envelope`, and the expression (with its doc) that gives the kind
    /// its code names, when one of them is the code. A nested error
    /// object's struct is pushed onto `out`.
    fn fields(
        &self,
        envelope: &Envelope,
        members: &[EnvelopeMember],
        struct_name: &str,
        struct_name_base: &str,
        out: &mut Vec<EnvelopeView>,
    ) -> (Vec<EnvelopeFieldView>, Option<(String, String)>) {
        let catalog = self.catalog;
        let kind = self.kind;
        let every_http = self.every_http;
        let every_stage = self.every_stage;
        let serde = self.serde;
        let prefix = &catalog.name.upper_camel();
        let shape = envelope.shape;
        let int = self.int_code.is_some();
        let code_ty = self.int_code.unwrap_or("String");
        let code_value = if int {
            "self.code()"
        } else {
            "self.code().to_owned()"
        };
        let method = catalog
            .envelopes
            .iter()
            .position(|e| std::ptr::eq(e, envelope))
            .and_then(|i| envelope_method(catalog, i));
        // What a field the error's method does not fill says about itself.
        let (left_out, defaulted) = match &method {
            Some(m) => (
                format!("`{m}` leaves it out"),
                format!("; `{m}` gives it its type's default"),
            ),
            None => ("set by the server".to_owned(), String::new()),
        };
        let problem_type = envelope.problem_type();
        let mut idents: Vec<String> = Vec::new();
        let mut fields = Vec::new();
        let mut kind_found: Option<String> = None;
        let mut kind_doc = String::new();
        for f in members {
            let mut id = ident(&heck::ToSnakeCase::to_snake_case(f.wire.as_str()));
            if !unraw(&id).starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                || !unraw(&id)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                id = format!("field_{}", idents.len());
            }
            while idents.contains(&id) {
                id.push('_');
            }
            idents.push(id.clone());
            let wire = code_span(&f.wire);
            // Each kind of member mapped to Rust, here and only here.
            let (ty, value, text, optional): (String, String, String, bool) = match f.kind {
                MemberKind::OuterCode => (
                    format!("Option<{code_ty}>"),
                    "None".into(),
                    format!("The failed internal call's code ({wire}); {left_out}."),
                    true,
                ),
                MemberKind::OuterMessage => (
                    "Option<String>".into(),
                    "None".into(),
                    format!("The failed internal call's message ({wire}); {left_out}."),
                    true,
                ),
                MemberKind::Code => {
                    kind_found = Some(if int {
                        format!("{kind}::from_code(self.{id})")
                    } else {
                        format!("{kind}::from_code(&self.{id})")
                    });
                    kind_doc = format!("The kind its code ({wire}) names, if the catalog has it.");
                    (
                        code_ty.into(),
                        code_value.into(),
                        format!("The catalog code ({wire})."),
                        false,
                    )
                }
                MemberKind::Message => (
                    "String".into(),
                    "self.message(locale)".into(),
                    format!("The message in the requested locale ({wire})."),
                    false,
                ),
                MemberKind::Title => (
                    "String".into(),
                    format!(
                        "{}_{}[self.kind as usize].to_owned()",
                        catalog.name.shouty_snake(),
                        titles_name(envelope)
                    ),
                    format!(
                        "The problem's title ({wire}): a short summary, the same for every occurrence of the code."
                    ),
                    false,
                ),
                MemberKind::Detail => (
                    format!("Option<{}>", rust_type(&f.ty, catalog)),
                    "None".into(),
                    format!("Free-form detail ({wire}); {left_out}."),
                    true,
                ),
                MemberKind::Instance => (
                    "Option<String>".into(),
                    "None".into(),
                    format!("A URI for this occurrence ({wire}); {left_out}."),
                    true,
                ),
                MemberKind::Stage => {
                    // Optional when the IR says so or when some entry has no stage.
                    let optional = f.optional || every_stage != Some(true);
                    let (ty, value) = match (optional, every_stage) {
                        (true, Some(true)) => ("Option<String>", "Some(self.stage().to_owned())"),
                        (true, Some(false)) => {
                            ("Option<String>", "self.stage().map(str::to_owned)")
                        }
                        (true, None) => ("Option<String>", "None"),
                        (false, _) => ("String", "self.stage().to_owned()"),
                    };
                    let known = if optional { ", if known" } else { "" };
                    (
                        ty.into(),
                        value.into(),
                        format!("The stage the error occurred in{known} ({wire})."),
                        optional,
                    )
                }
                MemberKind::Params => (
                    format!("std::collections::BTreeMap<String, {prefix}ParamValue>"),
                    [
                        "self",
                        "                .params()",
                        "                .into_iter()",
                        "                .map(|(name, value)| (name.to_owned(), value))",
                        "                .collect()",
                    ]
                    .join("\n"),
                    format!("The params, by name, with their types ({wire})."),
                    f.optional,
                ),
                MemberKind::Const => {
                    let (ty, value) = match &f.value {
                        Some(MetaValue::Str(s)) => {
                            ("String", format!("{}.to_owned()", string_literal(s)))
                        }
                        Some(MetaValue::Bool(b)) => ("bool", b.to_string()),
                        Some(MetaValue::Int(n)) => ("i64", n.to_string()),
                        None => ("String", "String::new()".into()),
                    };
                    let shown = match &f.value {
                        Some(MetaValue::Str(s)) => code_span(&format!("{s:?}")),
                        Some(MetaValue::Bool(b)) => format!("`{b}`"),
                        Some(MetaValue::Int(n)) => format!("`{n}`"),
                        None => "empty".into(),
                    };
                    (ty.into(), value, format!("Always {shown} ({wire})."), false)
                }
                MemberKind::ProblemType => match problem_type {
                    Some(ProblemType::Prefixed(base)) => (
                        "String".into(),
                        if int {
                            format!("format!(\"{{}}{{}}\", {}, self.code())", string_literal(base))
                        } else {
                            format!("[{}, self.code()].concat()", string_literal(base))
                        },
                        format!(
                            "The problem type's URI: the code after {} ({wire}).",
                            code_span(base)
                        ),
                        false,
                    ),
                    Some(ProblemType::Blank) | None => (
                        "String".into(),
                        format!("{}.to_owned()", string_literal(ProblemType::BLANK)),
                        format!(
                            "The problem type's URI: always {}, the catalog gives no type base ({wire}).",
                            code_span(ProblemType::BLANK)
                        ),
                        false,
                    ),
                },
                MemberKind::HttpStatus => {
                    // A problem's `status` is always sent (the IR says so).
                    let problem = shape == EnvelopeShape::Problem;
                    let optional = f.optional || (!every_http && !problem);
                    let fallback;
                    let (ty, value) = match (optional, every_http) {
                        (true, true) => ("Option<u16>", "Some(self.http_status())"),
                        (true, false) => ("Option<u16>", "self.http_status()"),
                        (false, true) => ("u16", "self.http_status()"),
                        (false, false) => {
                            fallback = format!(
                                "self.http_status().unwrap_or({})",
                                crate::ir::Envelope::FALLBACK_STATUS
                            );
                            ("u16", fallback.as_str())
                        }
                    };
                    let known = if optional {
                        ", if the catalog gives one"
                    } else {
                        ""
                    };
                    (
                        ty.into(),
                        value.into(),
                        format!("The HTTP status{known} ({wire})."),
                        optional,
                    )
                }
                MemberKind::Error => {
                    let nested = format!("{struct_name_base}ErrorObject");
                    let (inner, inner_kind) =
                        self.fields(envelope, &f.members, &nested, struct_name_base, out);
                    if let Some((_, inner_doc)) = &inner_kind {
                        kind_found = Some(format!("self.{id}.kind()"));
                        kind_doc = inner_doc.replace("its code", "its error object's code");
                    }
                    let mut value = format!("{nested} {{");
                    for field in &inner {
                        value.push_str(&format!(
                            "\n                {}: {},",
                            field.ident,
                            field.value.replace('\n', "\n    ")
                        ));
                    }
                    value.push_str("\n            }");
                    out.push(EnvelopeView {
                        name: nested.clone(),
                        doc: doc(vec![
                            line(format!(
                                "The error object nested in [`{struct_name}`] as {wire}."
                            )),
                        ]),
                        derives: self.derives(&f.members),
                        fields: inner,
                        kind: inner_kind,
                        titles: None,
                        method: None,
                        uses_locale: false,
                    });
                    (
                        nested,
                        value,
                        format!("The error object ({wire})."),
                        false,
                    )
                }
                MemberKind::Data => {
                    let base = rust_type(&f.ty, catalog);
                    (
                        base,
                        "Default::default()".into(),
                        format!("The success payload ({wire})."),
                        false,
                    )
                }
                MemberKind::Field => {
                    let base = rust_type(&f.ty, catalog);
                    if f.optional {
                        (
                            format!("Option<{base}>"),
                            "None".into(),
                            format!("The {wire} field; {left_out}."),
                            true,
                        )
                    } else {
                        (
                            base,
                            "Default::default()".into(),
                            format!("The {wire} field{defaulted}."),
                            false,
                        )
                    }
                }
            };
            let mut attrs = Vec::new();
            if serde {
                let mut parts = Vec::new();
                if unraw(&id) != f.wire {
                    parts.push(format!("rename = {}", string_literal(&f.wire)));
                }
                if optional {
                    let skip = if ty.starts_with("Option<") {
                        "Option::is_none"
                    } else if ty.starts_with("std::collections::BTreeMap") {
                        "std::collections::BTreeMap::is_empty"
                    } else {
                        "Vec::is_empty"
                    };
                    parts.push("default".into());
                    parts.push(format!("skip_serializing_if = \"{skip}\""));
                }
                for part in parts {
                    attrs.push(format!("#[serde({part})]"));
                }
            }
            fields.push(EnvelopeFieldView {
                kind: Some(f.kind),
                doc: doc(vec![line(text)]),
                attrs,
                ident: id,
                ty,
                value,
            });
        }
        if kind_doc.is_empty() && kind_found.is_some() {
            kind_doc = "The kind its code names, if the catalog has it.".to_owned();
        }
        (fields, kind_found.map(|expr| (expr, kind_doc)))
    }
}

impl ClassifierView {
    fn new(catalog: &Catalog, prefix: &str) -> ClassifierView {
        let mut rows = Vec::new();
        let mut count = 0;
        let mut has_patterns = false;
        for e in &catalog.entries {
            if e.upstreams.is_empty() {
                continue;
            }
            for u in &e.upstreams {
                count += 1;
                has_patterns |= u.pattern.is_some();
                let source = u
                    .source
                    .as_deref()
                    .map(|s| format!(" from {}", markdown::comment_line(s)))
                    .unwrap_or_default();
                rows.push(format!(
                    "// {}{source}",
                    markdown::comment_line(&e.code.to_string())
                ));
                let mut row = text(("Upstream { kind: Kind::", variant(e), ", http: "));
                push_option(&mut row, false, u.http.map(|h| h.to_string()));
                row.push_str(", grpc: ");
                push_option(&mut row, false, u.grpc.map(|g| g.number().to_string()));
                row.push_str(", system: ");
                push_option(&mut row, false, u.system.map(|s| s.to_string()));
                // Which text a condition reads (see `System::texts`).
                let text_of = |field: &Option<String>| {
                    u.text_index(&catalog.upstream_systems, field.as_deref())
                };
                row.push_str(", contains: ");
                push_option(&mut row, false, u.contains.as_deref().map(string_literal));
                (", contains_in: ", text_of(&u.contains_field)).push_to(&mut row);
                row.push_str(", pattern: ");
                push_option(&mut row, false, u.pattern.as_deref().map(pattern_literal));
                (", pattern_in: ", text_of(&u.pattern_field)).push_to(&mut row);
                row.push_str(", groups: &[");
                if u.pattern.is_some() {
                    for (i, p) in e.params.iter().enumerate() {
                        if i > 0 {
                            row.push_str(", ");
                        }
                        push_option(&mut row, false, u.group_for(p).map(string_literal));
                    }
                }
                row.push_str("] },");
                rows.push(row);
            }
        }
        ClassifierView {
            count,
            has_patterns,
            rows,
            systems: SystemsView::new(catalog, prefix),
        }
    }
}

impl SystemsView {
    fn new(catalog: &Catalog, prefix: &str) -> Option<SystemsView> {
        if catalog.upstream_systems.is_empty() {
            return None;
        }
        let json = catalog.upstream_systems.iter().any(|s| s.reads_json());
        let read = |source: &UpstreamSource| match source {
            UpstreamSource::Call => "Read::Call".to_owned(),
            UpstreamSource::Field(path) => {
                let mut out = String::from("Read::Path(&[");
                for (i, step) in path.steps.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match step {
                        PathStep::Key(k) => {
                            ("Step::Key(", string_literal(k), ')').push_to(&mut out)
                        }
                        PathStep::Index(n) => ("Step::Index(", *n, ')').push_to(&mut out),
                    }
                }
                out.push_str("])");
                out
            }
        };
        let variants = catalog
            .upstream_systems
            .iter()
            .map(|s| {
                let mut how = Vec::new();
                if s.status {
                    how.push("the call's HTTP status".to_owned());
                }
                match &s.grpc {
                    Some(UpstreamSource::Call) => how.push("the call's gRPC code".to_owned()),
                    Some(UpstreamSource::Field(p)) => {
                        how.push(format!("its gRPC code in {}", code_span(&p.text)));
                    }
                    None => {}
                }
                how.push(match &s.message {
                    UpstreamSource::Call => "its message as the whole text".to_owned(),
                    UpstreamSource::Field(p) => format!("its message in {}", code_span(&p.text)),
                });
                for f in &s.fields {
                    how.push(format!(
                        "{} in {}",
                        code_span(&f.name),
                        code_span(&f.path.text)
                    ));
                }
                let title = match &s.title {
                    Some(t) => format!("{} ({})", code_span(s.name.original()), inline(t)),
                    None => code_span(s.name.original()),
                };
                let declared = if s.declared {
                    ""
                } else {
                    " (not declared in the catalog: everything from the call)"
                };
                let mut row = String::from("System { status: ");
                row.push_str(if s.status { "true" } else { "false" });
                row.push_str(", grpc: ");
                push_option(&mut row, false, s.grpc.as_ref().map(read));
                row.push_str(", texts: &[");
                let texts: Vec<String> = s.texts().iter().map(read).collect();
                row.push_str(&texts.join(", "));
                row.push_str("] },");
                SystemView {
                    doc: doc(vec![
                        line(format!("{title}{declared}.")),
                        line(format!("Its errors bring {}.", how.join(", "))),
                    ]),
                    variant: text(Ident(s.name.upper_camel())),
                    name: string_literal(s.name.original()),
                    row,
                }
            })
            .collect();
        Some(SystemsView {
            name: format!("{prefix}Upstream"),
            doc: doc(vec![
                line("A system whose errors the catalog's `upstream` mappings recognise."),
                line(format!(
                    "[`{prefix}Error::classify_body`] reads an error of one of them as the catalog declares it."
                )),
            ]),
            variants,
            json,
        })
    }
}

/// Whether the module decodes received bodies: with the `serde` option
/// (decoding deserializes an envelope and keeps an unknown code's body as a
/// `serde_json::Value`), for a catalog with an envelope that carries a code.
fn decodes(catalog: &Catalog, serde: bool) -> bool {
    serde
        && catalog
            .envelopes
            .iter()
            .any(|e| e.member(MemberKind::Code).is_some())
}

/// Typed decoding (`templates/rust/decode.rs`): what a received body
/// becomes, read from the envelopes' lowered members (see [`decodes`]).
struct DecodeView {
    /// `{Catalog}Decoded`: known or unknown.
    decoded: String,
    /// `{Catalog}Received` (kind and message), when an envelope that
    /// carries a code has no params member; `None` when a known code
    /// decodes to the error itself.
    received: Option<String>,
    /// `{Catalog}Unknown`.
    unknown: String,
    /// `{Catalog}DecodeError`.
    error: String,
    /// The envelopes that carry a code, in declaration order: what `decode`
    /// tries.
    shapes: Vec<DecodeShapeView>,
    /// The type of a code: `String`, or the integer type.
    code_ty: String,
    /// Whether codes are integers (written in decimal when unknown).
    int_code: bool,
}

/// One envelope `decode` reads, and where its error's parts are.
struct DecodeShapeView {
    /// Its struct, `{Catalog}Envelope` or `{Catalog}{Name}Envelope`.
    name: String,
    /// The decoder's function that reads it: `from_envelope`,
    /// `from_cli_envelope`.
    from: String,
    /// Where, on `envelope`, the code, the message and the params are:
    /// `envelope.code`, `envelope.error.message`; `String::new()` for a
    /// missing message, `None` for missing params.
    code: String,
    message: String,
    params: Option<String>,
}

impl DecodeView {
    /// The decoding of the catalog's envelopes, whose structs `views`
    /// are, if the module decodes.
    fn new(
        catalog: &Catalog,
        prefix: &str,
        views: &[EnvelopeView],
        int_code: Option<&str>,
        serde: bool,
    ) -> Option<DecodeView> {
        if !decodes(catalog, serde) {
            return None;
        }
        let find = |name: &str| views.iter().find(|v| v.name == name);
        let field = |view: &EnvelopeView, kind: MemberKind| {
            view.fields
                .iter()
                .find(|f| f.kind == Some(kind))
                .map(|f| f.ident.clone())
        };
        let mut shapes = Vec::new();
        for (index, envelope) in catalog.envelopes.iter().enumerate() {
            let base = envelope_type_base(catalog, envelope);
            let outer = find(&format!("{base}Envelope"))?;
            // The struct that holds the error's parts, and the path to it.
            let (holder, path) = match field(outer, MemberKind::Error) {
                Some(error) => (
                    find(&format!("{base}ErrorObject"))?,
                    format!("envelope.{error}"),
                ),
                None => (outer, "envelope".to_owned()),
            };
            let Some(code) = field(holder, MemberKind::Code) else {
                continue;
            };
            shapes.push(DecodeShapeView {
                name: outer.name.clone(),
                from: format!("from_{}", envelope_stem(catalog, index)),
                code: format!("{path}.{code}"),
                message: field(holder, MemberKind::Message)
                    .map_or_else(|| "String::new()".to_owned(), |m| format!("{path}.{m}")),
                params: field(holder, MemberKind::Params).map(|p| format!("{path}.{p}")),
            });
        }
        if shapes.is_empty() {
            return None;
        }
        let received = shapes
            .iter()
            .any(|s| s.params.is_none())
            .then(|| format!("{prefix}Received"));
        Some(DecodeView {
            decoded: format!("{prefix}Decoded"),
            received,
            unknown: format!("{prefix}Unknown"),
            error: format!("{prefix}DecodeError"),
            shapes,
            code_ty: int_code.unwrap_or("String").to_owned(),
            int_code: int_code.is_some(),
        })
    }
}

/// Each param's type as the table's `Type`: the expressions of the params'
/// types, and (for decoding, `structured`) the rows of `NESTED` (the item
/// type of a list, the value type of a map) and of `RECORDS`.
struct TypesView {
    structured: bool,
    /// The expression of each type a param has.
    exprs: Vec<(ParamType, String)>,
    /// The rows of `NESTED` (at indentation 8), with the type of each.
    nested: Vec<String>,
    nested_types: Vec<ParamType>,
    /// The rows of `RECORDS` (at indentation 8).
    records: Vec<String>,
}

impl TypesView {
    fn new(catalog: &Catalog, structured: bool) -> TypesView {
        let mut view = TypesView {
            structured,
            exprs: Vec::new(),
            nested: Vec::new(),
            nested_types: Vec::new(),
            records: Vec::new(),
        };
        if !structured {
            return view;
        }
        for e in &catalog.entries {
            for p in &e.params {
                if !view.exprs.iter().any(|(ty, _)| *ty == p.ty) {
                    let expr = view.make(&p.ty, catalog);
                    view.exprs.push((p.ty.clone(), expr));
                }
            }
        }
        for record in &catalog.types {
            let mut row = format!(
                "Record {{ name: {}, fields: &[",
                string_literal(record.name.original())
            );
            for (i, f) in record.fields.iter().enumerate() {
                if i > 0 {
                    row.push_str(", ");
                }
                let ty = view.make(&f.ty, catalog);
                let _ = write!(
                    row,
                    "Field {{ name: {}, ty: {ty}, optional: {} }}",
                    string_literal(f.name.original()),
                    f.optional
                );
            }
            row.push_str("] },");
            view.records.push(row);
        }
        view
    }

    /// The expression of `ty`, a `Type::…`, its nested types added to
    /// `NESTED` (each once).
    fn make(&mut self, ty: &ParamType, catalog: &Catalog) -> String {
        let nested = |item: &ParamType, this: &mut Self| {
            if let Some(at) = this.nested_types.iter().position(|t| t == item) {
                return at;
            }
            let expr = this.make(item, catalog);
            this.nested_types.push(item.clone());
            this.nested.push(format!("{expr},"));
            this.nested.len() - 1
        };
        match ty {
            ParamType::String => "Type::Str".into(),
            ParamType::Int => "Type::Int".into(),
            ParamType::Float => "Type::Float".into(),
            ParamType::Bool => "Type::Bool".into(),
            ParamType::Any => "Type::Any".into(),
            ParamType::List(item) => format!("Type::List({})", nested(item, self)),
            ParamType::Map(item) => format!("Type::Map({})", nested(item, self)),
            ParamType::Record(name) => {
                let at = catalog
                    .types
                    .iter()
                    .position(|r| r.name.original() == name.as_str());
                format!("Type::Record({})", at.unwrap_or(0))
            }
        }
    }

    /// The expression of a param's type (made in [`TypesView::new`]).
    fn expr(&self, ty: &ParamType) -> &str {
        self.exprs
            .iter()
            .find(|(t, _)| t == ty)
            .map_or("Type::Any", |(_, expr)| expr.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_escape_quotes_controls_and_invisible_characters() {
        assert_eq!(string_literal("plain 中文"), "\"plain 中文\"");
        // The shared policy: bidi marks and zero-width spaces are escaped;
        // other spaces and private-use characters are text.
        assert_eq!(
            string_literal("\"\\\n\r\t\0\u{1}\u{7f}\u{200f}\u{200b}\u{a0}\u{e000}"),
            "\"\\\"\\\\\\n\\r\\t\\0\\u{1}\\u{7f}\\u{200f}\\u{200b}\u{a0}\u{e000}\""
        );
    }

    /// `AT` from the lengths `TEXT` recorded and `AT` from the texts
    /// themselves (its path when none were recorded) are the same offsets.
    #[test]
    fn text_offsets_are_the_same_with_and_without_recorded_lengths() {
        for (name, catalog) in crate::test_support::example_catalogs() {
            let view = View::new(&catalog, &Options::new());
            let unrecorded = view.text_offsets().to_string();
            view.text().to_string();
            // Recorded, so the second `AT` takes the other path.
            assert_eq!(
                view.text_lengths.borrow().len(),
                view.text_count,
                "{name:?}"
            );
            assert_eq!(view.text_offsets().to_string(), unrecorded, "{name:?}");
        }
    }

    #[test]
    fn pieces_push_their_text() {
        assert_eq!(
            text(("Self::", Ident("type"), " => ", 404u16, ',')),
            "Self::r#type => 404,"
        );
        assert_eq!(text(Join(["a", "b", "c"].iter(), " | ")), "a | b | c");
        assert_eq!(text((0u64, ' ', u64::MAX)), "0 18446744073709551615");
        assert_eq!(text(CodeSpanOf(&Code::Int(7))), "`7`");
        assert_eq!(text(CodeSpan("a`b")), "``a`b``");
    }
}
