//! The TypeScript target: one ES module per catalog.
//!
//! The module `<catalog>.ts` exports, for a catalog with codes `A` and `B`:
//!
//! | export | what |
//! |---|---|
//! | `interface Params`, `type ErrorCode = keyof Params` | the params of each code's message, by code; the codes (number literals for an integer catalog) |
//! | `ERROR_CODES`, `isErrorCode(value)` | every code; the guard for an unknown value |
//! | `canonicalCode(value)` | the code a received value means: a code, or the code of the entry an alias belongs to; `undefined` otherwise |
//! | `type AliasCode`, `ALIASES` | the published codes entries also answer to, each with its entry's code (only when some entry has an `alias`); `Envelope`'s code is then `ErrorCode \| AliasCode`, and `isEnvelope` reads it through `canonicalCode` |
//! | `Code` | the code of each entry by its name in lowerCamelCase (`Code.tenantForbidden`) |
//! | `type Locale`, `LOCALES`, `DEFAULT_LOCALE`, `isLocale(value)` | the catalog's locales |
//! | `type Stage` | the catalog's stages (only when it declares some) |
//! | `interface Entry`, `EntryTable`, `ENTRIES` | the frozen table: kind, group, HTTP status, gRPC code, retryable, stage, deprecation, docs, messages per locale (a field an entry does not set is absent) |
//! | `formatMessage(code, params, locale?)` | the message with its placeholders filled; falls back to the default locale, then to the code |
//! | `ErrorOf<C>`, `CatalogError`, `createError(code, params, locale?)` | an error value: a union discriminated by `code` |
//! | `Handlers<R>`, `PartialHandlers<R>`, `handleError(error, handlers)` | the switch table: a handler for every code, or some and `default` |
//! | `HandlerMap<R>`, `Unhandled<H>`, `UnknownKeys<H>`, `MissingHandlers<C>`, `Forbidden<K>` | the types behind `handleError`'s error for a missing handler |
//! | `interface Envelope`, `isEnvelope(body)` | the wire shape of an error response and its guard |
//! | `UpstreamError`, `classify(upstream, locale?)` | the upstream classifier, over a private table of rules: a known upstream error as a `CatalogError` (only when some entry has an `upstream`) |
//! | `type UpstreamSystem`, `UPSTREAM_SYSTEMS`, `UpstreamCall`, `classifyBody(system, call, body, locale?)` | the upstream systems, and the classifier of what one of them sent, reading the gRPC code, the message and the fields at the paths the catalog declares (only when some mapping names a system) |
//!
//! Messages are rendered from pieces computed here from the IR's
//! [`Template`](crate::ir::Template) (literal text at even indices, param
//! names at odd ones), so nothing parses catalog text at run time.
//!
//! # What tsc pays for
//!
//! Every user type-checks the module, so its shapes are chosen for tsc
//! (`benches/downstream.rs`; BENCHMARKS.md, "Downstream cost"). The
//! per-entry tables `ENTRIES` and the message templates are rows of JSON,
//! one string literal per entry, parsed when the module loads: an object
//! literal per entry cost tsc a type per entry and a check of each against
//! the mapped `EntryTable`, and even plain array rows a literal type per
//! value. The upstream rules are rows of plain values (an error-making
//! closure per rule cost a relation to `CatalogError` per rule).
//! `ErrorCode` is `keyof Params`, the same type, so that `Params[C]` needs no
//! comparison of two unions of every code; private helpers take `unknown`
//! or `object` where the exported signature is precise (their overloads
//! relate a union of every code to `object`, which is cheap).
//!
//! # Escaping
//!
//! Every string from a catalog reaches the module in a string literal:
//! double-quoted, or inside the JSON of a row (escaped by `json::escape_json`,
//! the one JSON escaper) in a single-quoted literal. The quote and `\` are
//! escaped, `\n`, `\r` and `\t` use their short escapes, and every
//! character the one policy of [`crate::invisible`] calls invisible
//! (controls, line separators, bidirectional controls, zero-width and
//! format characters, the BOM) is written as `\uXXXX`. `</` becomes `<\/`
//! and `<!--` becomes `<\!--`, so the module can also be inlined in an HTML
//! `<script>`.
//! No template literal ever holds catalog text. Catalog text in comments
//! (JSDoc) has its line breaks split into comment lines, `*/` written as
//! `*\/`, `{@` as `{\@` and the characters above written as `\uXXXX`; an
//! `@` that starts a JSDoc line is written `\@`, so that catalog text never
//! makes a tag (`@deprecated`, `@see`) or an inline `{@link}`. Regular
//! expressions are printed from their parsed form (see
//! `crate::ir::pattern`), not copied.
//!
//! # Names
//!
//! No catalog name becomes a binding (a variable, function or type) of the
//! module: codes are string or number literals, and entry names, param
//! names, locales and envelope wire names are property keys. A property key
//! is written bare when it is an ASCII identifier that is not a JavaScript or
//! TypeScript keyword (reserved, strict-mode or contextual: see
//! [`KEYWORDS`]); otherwise it is a string literal key (`"default"`,
//! `"zh-Hans"`), which TypeScript code reads as `params.default` or
//! `params["default"]` alike. Codes are always written as literals
//! (`"CONFIG_FILE_NOT_FOUND"`, `100101`). In object literals the key
//! `__proto__` is written as the computed key `["__proto__"]`, so that it
//! makes an own property instead of setting the prototype.
//!
//! The one name that can collide is the fallback key of `handleError`'s
//! handler map: it is `default`, unless a code is literally the string
//! `"default"`, in which case it is `default_` (then `default__`, … until
//! no code has it). A handler for a code named like a property every object
//! inherits (`toString`, `constructor`, `__proto__`, …) is looked up as an
//! own property of the handler map, so that a missing one goes to the
//! fallback. `isEnvelope` reads every field of a body as an own property
//! too: a body without `valueOf` has no `valueOf` field.
//!
//! # The switch table
//!
//! `handleError` has three overloads: `PartialHandlers<R>` (with the
//! fallback), `Handlers<R>` (every code), and a last one that accepts no
//! call the first two reject, there for its error: tsc reports the last
//! overload's. It infers the handler map `H` and requires a property named
//! after each code `H` lacks (`MissingHandlers<Unhandled<H>>`), so that the
//! error reads `Property '"handler for PIPELINE_NOT_FOUND (or default)"' is
//! missing …`, or for several codes `… is missing the following properties
//! …: "handler for A (or default)", …, and 995 more`, whatever the size of
//! the catalog; keys that are neither codes nor the fallback must be
//! `never` (`Forbidden<UnknownKeys<H>>`). A call that type-checks is
//! resolved before the last overload. The shapes of these types are chosen
//! for tsc: a conditional type in a mapped type's `as` clause made tsc
//! check the declaration once per code (twice the check time at 5,000
//! codes), and a mapped type over `H`'s keys without an `as` clause lost
//! the handlers' parameter types in a catalog of integer codes. The body
//! looks the handler up by code (an own property of the map, so that a
//! code named `toString` is not `Object.prototype`'s), else takes the
//! fallback: the types prove the map exhaustive, and a `switch` over every
//! code cost tsc a narrowing of the whole union per case.
//!
//! # Tree-shaking
//!
//! Nothing at the top level has a side effect: tables are literals, and the
//! calls that build the frozen ones (`frozen`, `new Set`, the tables
//! parsed from their rows) are marked `/* @__PURE__ */` and take only
//! names as arguments, so that a bundler drops every table its importer
//! does not reach. `isErrorCode` reaches the codes only; `formatMessage`
//! the message templates and the locales.

use super::json::escape_json;
use super::{
    push_decimal, push_escaped_runs, skip_plain_ascii, template_in_parts, Generator, Options,
    PlannedFile,
};
use crate::invisible::{is_invisible, INVISIBLE_LEAD};
use crate::ir::{
    Catalog, Code, CodeKind, EntryKind, EnvelopeShape, MemberKind, MetaValue, Param, ParamType,
    PathStep, Segment, Segments, Upstream, UpstreamSource,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::convert::Infallible;
use std::fmt::{Display, Write as _};
use std::path::PathBuf;

/// Words that are written as string keys instead of bare property names:
/// JavaScript's reserved words, strict-mode reserved words and
/// TypeScript's contextual keywords, plus `__proto__`, `arguments`,
/// `eval`, `constructor` and `prototype`.
pub const KEYWORDS: &[&str] = &[
    // ECMAScript reserved words and literals.
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    // Strict mode.
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    // TypeScript keywords and contextual keywords.
    "abstract",
    "accessor",
    "any",
    "as",
    "asserts",
    "async",
    "bigint",
    "boolean",
    "declare",
    "from",
    "get",
    "global",
    "infer",
    "intrinsic",
    "is",
    "keyof",
    "module",
    "namespace",
    "never",
    "number",
    "object",
    "of",
    "out",
    "override",
    "readonly",
    "require",
    "satisfies",
    "set",
    "string",
    "symbol",
    "type",
    "undefined",
    "unique",
    "unknown",
    "using",
    // Names with a meaning of their own on every object or function.
    "__proto__",
    "arguments",
    "constructor",
    "eval",
    "prototype",
];

/// The TypeScript target.
pub(crate) static GENERATOR: Ts = Ts;

/// The TypeScript target (see the module's documentation).
pub(crate) struct Ts;

impl Generator for Ts {
    fn summary(&self) -> &'static str {
        "TypeScript: the code union, the entry table, typed params, formatMessage and the handleError switch table."
    }

    fn plan<'a>(&self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        plan(catalog, options)
    }

    fn name_clashes(&self, catalog: &Catalog) -> Vec<crate::diagnostic::Diagnostic> {
        let names = catalog_names(catalog);
        let mut seen: crate::hash::FastMap<&str, usize> = Default::default();
        let mut found = Vec::new();
        for (i, (name, what, span)) in names.iter().enumerate() {
            // A guard or reader (`isCliEnvelope`) clashes where its type does.
            if name.starts_with(char::is_lowercase) {
                continue;
            }
            let first = *seen.entry(name).or_insert(i);
            let (other, other_span) = match &names[first] {
                (_, other, span) if first != i => (other.clone(), Some(*span)),
                _ if FIXED_NAMES.contains(&name.as_str()) => {
                    (format!("the module's own `{name}`"), None)
                }
                _ => continue,
            };
            found.push(super::name_clash(
                "declarations of the TypeScript module",
                name,
                (&other, other_span),
                (what, *span),
                "rename it: the module names a record `<Catalog><Record>` and an envelope's \
                 types `<Envelope>Envelope` and `<Envelope>ErrorObject`, in UpperCamelCase",
            ));
        }
        found
    }
}

/// Every top-level name the module may declare that is not made from the
/// catalog's names (those are [`catalog_names`]), whether this catalog
/// needs it or not: a record named like one clashes in the catalog that
/// needs it. A test holds it to the modules of every example.
const FIXED_NAMES: &[&str] = &[
    "ALIASES",
    "AliasCode",
    "CODE_SET",
    "CatalogError",
    "Code",
    "DECODE_TYPES",
    "DEFAULT_LOCALE",
    "DecodeError",
    "DecodeType",
    "Decoded",
    "DecodedHandlers",
    "ENTRIES",
    "ENTRY_FIELDS",
    "ENTRY_ROWS",
    "ERROR_CODES",
    "Entry",
    "EntryRow",
    "EntryTable",
    "ErrorCode",
    "ErrorOf",
    "Forbidden",
    "HandlerMap",
    "Handlers",
    "KnownError",
    "LOCALES",
    "LOCALE_SET",
    "Locale",
    "MessageTemplate",
    "MissingHandlers",
    "PARAM_TYPE_ROWS",
    "ParamType",
    "ParamTypes",
    "Params",
    "PartialHandlers",
    "RECORD_TYPES",
    "Read",
    "RecordTypes",
    "SYSTEM_ROWS",
    "SYSTEM_SOURCES",
    "Stage",
    "SystemSource",
    "TEMPLATES",
    "TEMPLATE_ROWS",
    "TemplateRow",
    "UPSTREAM_ROWS",
    "UPSTREAM_RULES",
    "UPSTREAM_SYSTEMS",
    "Unhandled",
    "UnknownError",
    "UnknownKeys",
    "UpstreamCall",
    "UpstreamError",
    "UpstreamRule",
    "UpstreamSystem",
    "canonicalCode",
    "checkParam",
    "checkedParams",
    "classify",
    "classifyBody",
    "classifyIn",
    "codeList",
    "createError",
    "decodeFields",
    "entryTable",
    "formatMessage",
    "foundText",
    "handleError",
    "hasOwn",
    "isErrorCode",
    "isLocale",
    "isObject",
    "messageOf",
    "own",
    "parse",
    "parseParam",
    "templateMap",
    "templateOf",
    "typeName",
    "upstreamError",
    "upstreamRules",
    "walk",
];

/// The top-level names the module makes from the catalog's names, with
/// what each declares (for a diagnostic) and where that is declared: each
/// envelope's interfaces, their guards and its `from…` function, and each
/// record's interface and guard.
fn catalog_names(catalog: &Catalog) -> Vec<(String, String, crate::source::Span)> {
    let mut names = Vec::new();
    for envelope in &catalog.envelopes {
        let span = envelope.span.unwrap_or(catalog.name_span);
        let stem = envelope.type_stem();
        let what = format!("envelope `{}`", envelope.name.original());
        for suffix in crate::ir::Envelope::TYPE_SUFFIXES {
            let ty = format!("{stem}{suffix}");
            names.push((format!("is{ty}"), format!("the guard of {what}"), span));
            names.push((ty, what.clone(), span));
        }
        names.push((
            format!("from{stem}Envelope"),
            format!("the reader of {what}"),
            span,
        ));
    }
    for record in &catalog.types {
        let ty = record_name(catalog, record.name.original());
        let what = format!("the record type `{}`", record.name.original());
        names.push((
            format!("is{ty}"),
            format!("the guard of {what}"),
            record.span,
        ));
        names.push((ty, what, record.span));
    }
    names
}

/// The TypeScript module of one catalog, `<name>.ts`, rendered when written.
pub fn plan<'a>(catalog: &'a Catalog, _options: &Options) -> Vec<PlannedFile<'a>> {
    let path = PathBuf::from(format!("{}.ts", catalog.name.snake()));
    // In two parts, the codes and entries and then the rest
    // ([`CatalogTs::part`]): another file can be written on a core between
    // them (as the Rust file is).
    vec![template_in_parts(
        path,
        2,
        move || CatalogTs::new(catalog),
        |view, part| view.part = part,
    )]
}

/// The view the template prints: every string is TypeScript already.
#[cfg_attr(
    feature = "askama-derive",
    derive(askama::Template),
    template(path = "ts/catalog.ts", escape = "none")
)]
struct CatalogTs<'a> {
    /// The part of the module the template writes: the codes and entries
    /// (`0`), or the rest (`1`).
    part: usize,
    /// The first line, without `// `.
    header: String,
    /// The catalog's title and description, as comment lines.
    about: Vec<String>,
    /// The catalog, for the queries every target shares.
    catalog: &'a Catalog,
    /// The entries, each printed as the template reaches it.
    entries: &'a [crate::ir::Entry],
    /// Every code as a literal, made once for the sections that repeat it.
    codes: CodeLiterals,
    /// The catalog's locales, the default first.
    locale_names: Vec<&'a str>,
    /// The catalog's groups, by index.
    groups: &'a [crate::ir::Group],
    /// A buffer for the JSON text of one row.
    scratch: RefCell<String>,
    /// The locales as string literals, the default first.
    locales: Vec<String>,
    /// The default locale as a string literal.
    default_locale: String,
    /// The stages as string literals (empty: `Stage` is not generated).
    stages: Vec<String>,
    /// The fallback key of the handler map, as a property key.
    fallback_key: String,
    /// The fallback key as a string literal (for the `in` check).
    fallback_literal: String,
    /// The fallback key as written in prose.
    fallback_name: String,
    /// The envelope.
    envelope: EnvelopeTs,
    /// The upstream rules, in catalog order (empty: no classifier).
    upstreams: Vec<UpstreamTs>,
    /// Each alias and the code of its entry, as literals, in catalog order
    /// (empty: no `AliasCode` nor `ALIASES`).
    aliases: Vec<(String, String)>,
    /// The upstream systems (none when no mapping names one).
    systems: Option<SystemsTs>,
    /// Typed decoding of a received body.
    decode: DecodeTs,
}

/// Typed decoding of a received body (`templates/ts/decode.ts`), read from
/// the lowered envelopes: `parse`, a `from…Envelope` per envelope that
/// carries a code, and what they return.
struct DecodeTs {
    /// The envelopes that carry a code, in declaration order: what `parse`
    /// tries.
    shapes: Vec<DecodeShapeTs>,
    /// Whether each of them has a params member, so that a decoded error
    /// is the typed error with its params (else its code and message).
    params: bool,
    /// `string`, or `number` for a catalog of integer codes.
    code_type: &'static str,
    /// `"not an error response of the `…` catalog: "` as a string literal.
    not_ours: String,
    /// The record types as JSON (template-literal text): `[name, [[field,
    /// type, optional], …]]` each.
    records_json: String,
}

/// One envelope `parse` reads: where its error's parts are.
struct DecodeShapeTs {
    /// Its interface, `Envelope` or `CliEnvelope`.
    name: String,
    /// The wire name of the nested error object, as a string literal, if
    /// the error's parts are nested.
    error_wire: Option<String>,
    /// The wire names of the code, the message and the params members
    /// (`undefined` for one it lacks), as string literals.
    code_wire: String,
    message_wire: String,
    params_wire: String,
}

impl DecodeTs {
    fn new(catalog: &Catalog) -> DecodeTs {
        let shapes: Vec<DecodeShapeTs> = catalog
            .envelopes
            .iter()
            .filter_map(|envelope| {
                let wire = |kind: MemberKind| envelope.wire(kind).map(string_literal);
                Some(DecodeShapeTs {
                    name: envelope_type_name(envelope),
                    error_wire: envelope.error_object().map(|e| string_literal(&e.wire)),
                    code_wire: wire(MemberKind::Code)?,
                    message_wire: wire(MemberKind::Message)
                        .unwrap_or_else(|| "undefined".to_owned()),
                    params_wire: wire(MemberKind::Params).unwrap_or_else(|| "undefined".to_owned()),
                })
            })
            .collect();
        let params = shapes.iter().all(|s| s.params_wire != "undefined");
        let mut records = String::from("[");
        for (i, record) in catalog.types.iter().enumerate() {
            if i > 0 {
                records.push(',');
            }
            records.push('[');
            push_json_string(&mut records, record.name.original());
            records.push_str(",[");
            for (j, field) in record.fields.iter().enumerate() {
                if j > 0 {
                    records.push(',');
                }
                records.push('[');
                push_json_string(&mut records, field.name.original());
                records.push(',');
                push_json_type(&mut records, &field.ty, catalog);
                records.push_str(if field.optional { ",true]" } else { ",false]" });
            }
            records.push_str("]]");
        }
        records.push(']');
        let mut records_json = String::new();
        push_template_text(&mut records_json, &records);
        DecodeTs {
            shapes,
            params,
            code_type: if catalog.code_kind == CodeKind::Integer {
                "number"
            } else {
                "string"
            },
            not_ours: string_literal(&format!(
                "not an error response of the `{}` catalog: ",
                catalog.name.original()
            )),
            records_json,
        }
    }
}

/// Appends a param's type as `parse` reads it: a scalar's name (`"int"`),
/// `{"list": T}`, `{"map": T}` or `{"record": i}` (`i` the record's index).
fn push_json_type(out: &mut String, ty: &ParamType, catalog: &Catalog) {
    match ty {
        ParamType::String => out.push_str("\"string\""),
        ParamType::Int => out.push_str("\"int\""),
        ParamType::Float => out.push_str("\"float\""),
        ParamType::Bool => out.push_str("\"bool\""),
        ParamType::Any => out.push_str("\"any\""),
        ParamType::List(item) => {
            out.push_str("{\"list\":");
            push_json_type(out, item, catalog);
            out.push('}');
        }
        ParamType::Map(item) => {
            out.push_str("{\"map\":");
            push_json_type(out, item, catalog);
            out.push('}');
        }
        ParamType::Record(name) => {
            let at = catalog
                .types
                .iter()
                .position(|r| r.name.original() == name.as_str());
            out.push_str("{\"record\":");
            push_decimal(out, at.unwrap_or(0) as u64);
            out.push('}');
        }
    }
}

/// The upstream systems, ready to print.
struct SystemsTs {
    /// JSDoc lines of the `UpstreamSystem` type: one per system.
    doc: Vec<String>,
    /// `"kubeflow" | "argo"`.
    union: String,
    /// The names as string literals, in catalog order.
    names: Vec<String>,
    /// The table as JSON, escaped as template-literal text: for each
    /// system, `[status, grpc, texts]` (see `SystemSource`).
    rows: String,
}

// askama's derive of the template above, checked in so that a build script
// compiles no proc macro (tests/templates_expanded.rs makes it).
#[cfg(not(feature = "askama-derive"))]
include!("expanded/ts.rs");

/// Text made when the template prints it: the closure appends it to a
/// buffer reused across calls, which goes to the template's writer at once.
struct Lazy<F>(F);

/// `write` as a [`Lazy`].
fn lazy<F: Fn(&mut String)>(write: F) -> Lazy<F> {
    Lazy(write)
}

thread_local! {
    /// The buffer of [`Lazy`].
    static LAZY_BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
}

impl<F: Fn(&mut String)> Display for Lazy<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        LAZY_BUFFER.with_borrow_mut(|out| {
            out.clear();
            (self.0)(out);
            f.write_str(out)
        })
    }
}

/// The template's filters: the naming and escaping rules of this module,
/// each written once (see the module's documentation, "Names").
mod filters {
    use crate::ir::ParamType;

    /// `name` as a property key in a type: bare when an identifier that is
    /// not a keyword, else a string literal.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn type_key(name: &str, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::type_key(name))
    }

    /// `name` as a key in an object literal: as [`type_key`], but
    /// `__proto__` is computed, so that it makes an own property.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn object_key(name: &str, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(super::object_key(name))
    }

    /// The TypeScript type of a param.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub fn ts_type(
        ty: &ParamType,
        _: &dyn askama::Values,
        catalog: &crate::ir::Catalog,
    ) -> askama::Result<String> {
        Ok(super::ts_type(ty, catalog))
    }

    // askama's `filter_fn` of the functions above: builders that call them
    // (tests/templates_expanded.rs makes it).
    #[cfg(not(feature = "askama-derive"))]
    include!("expanded/ts.filters.rs");
}

/// One entry: each part is made when the template prints it, so that the
/// view never holds the text of every entry at once.
struct EntryTs<'v, 'a> {
    /// The view, for what it made once per catalog.
    view: &'v CatalogTs<'a>,
    entry: &'a crate::ir::Entry,
    /// The code as a literal.
    code: &'v str,
}

/// The code of every entry as a literal (`"A"` or `100101`), escaped
/// once: eight sections print each code, some more than once.
#[derive(Default)]
struct CodeLiterals {
    /// The literals, one after another in catalog order.
    text: String,
    /// Where each entry's literal ends in `text`.
    ends: Vec<usize>,
}

impl CodeLiterals {
    /// Appends the literal of `code`.
    fn push(&mut self, code: &Code) {
        push_code_literal(&mut self.text, code);
        self.ends.push(self.text.len());
    }

    /// Each entry's code literal, in catalog order.
    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        self.ends
            .iter()
            .zip(starts)
            .map(|(&end, start)| &self.text[start..end])
    }
}

/// The envelopes and the record types, ready to print.
struct EnvelopeTs {
    /// Each envelope's interface and guard, each nested error object's
    /// before the envelope that holds it.
    shapes: Vec<ShapeTs>,
    /// Whether the `isObject` helper is used.
    uses_is_object: bool,
    /// The record types' interfaces and guards.
    records: Vec<RecordTs>,
}

/// The interface of an envelope (or of the error object nested in one) and
/// its guard.
struct ShapeTs {
    /// `Envelope`, `CliEnvelope`, `CliErrorObject`.
    name: String,
    /// The JSDoc line of the interface.
    doc: String,
    /// The JSDoc line of the guard.
    guard_doc: String,
    /// Interface members, e.g. `readonly code: ErrorCode;`.
    members: Vec<EnvelopeMember>,
    /// The conditions the guard checks, joined with `&&`.
    checks: Vec<String>,
}

/// One member of the envelope interface.
struct EnvelopeMember {
    /// A JSDoc line.
    doc: String,
    /// `readonly key?: Type;`
    line: String,
}

/// One upstream rule, ready to print: its `UpstreamRow` as JSON, escaped
/// as template-literal text.
struct UpstreamTs {
    row: String,
}

impl<'a> CatalogTs<'a> {
    fn new(catalog: &'a Catalog) -> CatalogTs<'a> {
        let header = super::header_line(catalog, comment_text);
        let default_locale = catalog.default_locale();
        let mut about = Vec::new();
        if let Some(title) = &catalog.title {
            about.extend(doc_lines(title));
        }
        let description = catalog.localized(&catalog.description, default_locale);
        if let Some(d) = description {
            if !about.is_empty() {
                about.push(String::new());
            }
            about.extend(doc_lines(&d.text));
        }
        if let Some(docs) = &catalog.docs {
            about.push(format!("See {}", comment_text(docs)));
        }

        // One walk over the entries for what the sections share: the code
        // literals, the codes that push the fallback key on, the upstreams.
        let mut codes = CodeLiterals::default();
        codes.ends.reserve(catalog.entries.len());
        let mut taken_fallbacks = Vec::new();
        let mut upstreams = Vec::new();
        let mut aliases = Vec::new();
        for entry in &catalog.entries {
            codes.push(&entry.code);
            for alias in &entry.aliases {
                let (mut from, mut to) = (String::new(), String::new());
                push_code_literal(&mut from, &alias.code);
                push_code_literal(&mut to, &entry.code);
                aliases.push((from, to));
            }
            if let Code::Str(code) = &entry.code {
                if let Some(rest) = code.strip_prefix("default") {
                    if rest.bytes().all(|b| b == b'_') {
                        taken_fallbacks.push(rest.len());
                    }
                }
            }
            upstreams.extend(
                entry
                    .upstreams
                    .iter()
                    .map(|u| UpstreamTs::new(catalog, entry, u)),
            );
        }

        // `default`, then `default_`, … until no code has it.
        taken_fallbacks.sort_unstable();
        let mut fallback_name = String::from("default");
        for taken in taken_fallbacks {
            if taken == fallback_name.len() - "default".len() {
                fallback_name.push('_');
            }
        }

        CatalogTs {
            part: 0,
            header,
            about,
            catalog,
            entries: &catalog.entries,
            codes,
            locale_names: catalog.locales.iter().map(|l| l.as_str()).collect(),
            groups: &catalog.groups,
            scratch: RefCell::new(String::new()),
            locales: catalog.locales.iter().map(|l| string_literal(l)).collect(),
            default_locale: string_literal(default_locale),
            stages: catalog.stages.iter().map(|s| string_literal(s)).collect(),
            fallback_key: type_key(&fallback_name),
            fallback_literal: string_literal(&fallback_name),
            fallback_name,
            envelope: EnvelopeTs::new(catalog),
            upstreams,
            systems: SystemsTs::new(catalog),
            aliases,
            decode: DecodeTs::new(catalog),
        }
    }
}

impl<'a> CatalogTs<'a> {
    /// Each entry, with its code literal.
    fn entry_views(&self) -> impl Iterator<Item = EntryTs<'_, 'a>> {
        self.entries
            .iter()
            .zip(self.codes.iter())
            .map(|(entry, code)| EntryTs {
                view: self,
                entry,
                code,
            })
    }
}

impl<'v, 'a> EntryTs<'v, 'a> {
    /// The message its JSDoc shows: the default locale's, else the first.
    fn doc_message(&self) -> Option<&crate::ir::Message> {
        let catalog = self.view.catalog;
        catalog.localized(&self.entry.messages, catalog.default_locale())
    }

    /// The JSDoc of its `Code` member, each line after a line break and
    /// two spaces: the default-locale message and the `@deprecated` line,
    /// on one line when there is only one; nothing without either.
    fn jsdoc(&self) -> impl Display + use<'_, 'v, 'a> {
        lazy(move |out| self.push_doc(out))
    }

    /// Its `ENTRY_ROWS` row (see [`EntryTs::push_row`]).
    fn entry_row(&self) -> impl Display + use<'_, 'v, 'a> {
        lazy(move |out| self.push_row(out))
    }

    /// Its `TEMPLATE_ROWS` row (see [`EntryTs::push_templates`]).
    fn template_row(&self) -> impl Display + use<'_, 'v, 'a> {
        lazy(move |out| self.push_templates(out))
    }

    /// Its `PARAM_TYPE_ROWS` row, a JSON array as template-literal text: its
    /// code, then `[name, type]` per param (see [`push_json_type`]).
    fn param_types_row(&self) -> impl Display + use<'_, 'v, 'a> {
        lazy(move |out| {
            let mut json = self.view.scratch.borrow_mut();
            json.clear();
            json.push('[');
            push_json_code(&mut json, &self.entry.code);
            json.push_str(",[");
            for (i, p) in self.entry.params.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push('[');
                push_json_string(&mut json, p.name.original());
                json.push(',');
                push_json_type(&mut json, &p.ty, self.view.catalog);
                json.push(']');
            }
            json.push_str("]]");
            push_template_text(out, &json);
        })
    }

    /// Appends the JSDoc of its `Code` member: the default-locale message
    /// and the `@deprecated` line, on one line when there is only one.
    fn push_doc(&self, out: &mut String) {
        let message = self.doc_message();
        let deprecated_doc = self.deprecated_doc();
        match (message, &deprecated_doc) {
            (None, None) => {}
            (Some(m), None) if !m.text.contains('\n') => {
                out.push_str("\n  /** ");
                push_doc_line(out, &m.text);
                out.push_str(" */");
            }
            _ => {
                out.push_str("\n  /**");
                if let Some(m) = message {
                    for line in m.text.split('\n') {
                        out.push_str("\n   *");
                        let start = out.len();
                        out.push(' ');
                        push_doc_line(out, line);
                        if out.len() == start + 1 {
                            out.truncate(start);
                        }
                    }
                }
                if let Some(d) = &deprecated_doc {
                    out.push_str("\n   * ");
                    out.push_str(d);
                }
                out.push_str("\n   */");
            }
        }
    }

    /// The JSDoc `@deprecated` line, if deprecated.
    fn deprecated_doc(&self) -> Option<String> {
        self.entry.deprecated.as_ref().map(|d| {
            let mut line = String::from("@deprecated");
            if let Some(reason) = &d.reason {
                line.push(' ');
                line.push_str(doc_lines(reason).join(" ").trim());
                if !line.ends_with(['.', '!', '?', '。', '！', '？']) {
                    line.push('.');
                }
            }
            if let Some(i) = d.replaced_by_entry {
                let code = &self.view.entries[i].code;
                line.push_str(&format!(" Replaced by `{}`.", code_comment(code)));
            }
            line
        })
    }

    /// Its message in each locale of the catalog, in the catalog's order.
    fn messages_by_locale(&self) -> impl Iterator<Item = Option<&'a crate::ir::Message>> + '_ {
        let messages = &self.entry.messages;
        self.view
            .locale_names
            .iter()
            .enumerate()
            .map(move |(i, locale)| match messages.get(i) {
                // Messages usually come in the catalog's locale order.
                Some(m) if &*m.locale == *locale => Some(m),
                _ => self.entry.message(locale),
            })
    }

    /// Appends its `ENTRY_ROWS` row, a JSON array as template-literal text: code,
    /// name, kind, group, http, grpc, retryable, stage, deprecated,
    /// replacedBy, docs, then its message in each locale; `null` for what
    /// it does not set.
    fn push_row(&self, out: &mut String) {
        let entry = self.entry;
        let mut json = self.view.scratch.borrow_mut();
        let json = &mut *json;
        json.clear();
        json.push('[');
        push_json_code(json, &entry.code);
        json.push(',');
        push_json_string(json, entry.name.original());
        json.push_str(match entry.kind {
            EntryKind::Error => ",\"error\",",
            EntryKind::Success => ",\"success\",",
        });
        push_json_or_null(json, entry.group, |out, g| {
            push_json_string(out, self.view.groups[g].name.original());
        });
        json.push(',');
        push_json_or_null(json, entry.http, push_decimal);
        json.push(',');
        push_json_or_null(json, entry.grpc, |out, g| push_decimal(out, g.number()));
        json.push_str(if entry.retryable { ",true," } else { ",false," });
        push_json_or_null(json, entry.stage.as_deref(), push_json_string);
        json.push_str(if entry.deprecated.is_some() {
            ",true,"
        } else {
            ",false,"
        });
        let replaced_by = entry.deprecated.as_ref().and_then(|d| d.replaced_by_entry);
        push_json_or_null(json, replaced_by, |out, i| {
            push_json_code(out, &self.view.entries[i].code);
        });
        json.push(',');
        push_json_or_null(json, entry.docs.as_deref(), push_json_string);
        for m in self.messages_by_locale() {
            json.push(',');
            push_json_or_null(json, m, |out, m| push_json_string(out, &m.text));
        }
        json.push(']');
        push_template_text(out, json);
    }

    /// Appends its `TEMPLATE_ROWS` row, a JSON array as template-literal text:
    /// its code, then per locale the message's pieces, or `null`.
    fn push_templates(&self, out: &mut String) {
        let mut json = self.view.scratch.borrow_mut();
        let json = &mut *json;
        json.clear();
        json.push('[');
        push_json_code(json, &self.entry.code);
        for m in self.messages_by_locale() {
            json.push(',');
            match m {
                Some(m) => {
                    json.push('[');
                    push_template_pieces(json, m.segments(), &self.entry.params);
                    json.push(']');
                }
                None => json.push_str("null"),
            }
        }
        json.push(']');
        push_template_text(out, json);
    }

    /// Its code as JSON, for `ERROR_CODES` (template-literal text).
    fn code_json(&self) -> impl Display + use<'_, 'v, 'a> {
        lazy(move |out| {
            let mut json = self.view.scratch.borrow_mut();
            json.clear();
            push_json_code(&mut json, &self.entry.code);
            push_template_text(out, &json);
        })
    }
}

/// Appends `text` as a JSON string (see [`escape_json`]).
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    let done: Result<(), Infallible> = escape_json(text, |piece| {
        out.push_str(piece);
        Ok(())
    });
    let Ok(()) = done;
    out.push('"');
}

/// Appends `value` as JSON with `push`, or `null` without one.
fn push_json_or_null<T>(out: &mut String, value: Option<T>, push: impl FnOnce(&mut String, T)) {
    match value {
        Some(v) => push(out, v),
        None => out.push_str("null"),
    }
}

/// Appends a code as JSON: a string or a number.
fn push_json_code(out: &mut String, code: &Code) {
    match code {
        Code::Int(n) => push_decimal(out, *n),
        Code::Str(s) => push_json_string(out, s),
    }
}

/// Appends a message as JSON strings separated by `,`: literal text at
/// even indices, param names at odd ones; always starts and ends with
/// (possibly empty) text. A text piece is escaped whole, so that escapes
/// see all of it: it is the text between two placeholders, borrowed, unless
/// an unresolved placeholder (printed as written) joins it to its
/// neighbours.
fn push_template_pieces(out: &mut String, segments: Segments, params: &[Param]) {
    let mut piece: Cow<str> = Cow::Borrowed("");
    for segment in segments {
        match segment {
            Segment::Text(text) if piece.is_empty() => piece = text,
            Segment::Text(text) => piece.to_mut().push_str(&text),
            Segment::Placeholder(p) => match p.param.and_then(|i| params.get(i)) {
                Some(param) => {
                    push_json_string(out, &piece);
                    out.push(',');
                    push_json_string(out, param.name.original());
                    out.push(',');
                    piece = Cow::Borrowed("");
                }
                // Unresolved (only in a catalog with errors): print it as written.
                None => push_display(piece.to_mut(), p.key),
            },
        }
    }
    push_json_string(out, &piece);
}

/// Appends `value` as its `Display` writes it.
fn push_display(out: &mut String, value: impl Display) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{value}");
}

impl EnvelopeTs {
    fn new(catalog: &Catalog) -> EnvelopeTs {
        let mut shapes = Vec::new();
        let mut uses_is_object = false;
        for (index, envelope) in catalog.envelopes.iter().enumerate() {
            let base = envelope.type_stem();
            let named = match (&envelope.title, envelope.is_default()) {
                (Some(title), _) => format!(
                    " (envelope `{}`, {})",
                    comment_text(envelope.name.original()),
                    comment_text(title)
                ),
                (None, false) => {
                    format!(" (envelope `{}`)", comment_text(envelope.name.original()))
                }
                (None, true) => String::new(),
            };
            let doc = if catalog.envelope_for_successes(index) {
                format!("The body of a success response{named}.")
            } else {
                match envelope.shape {
                    EnvelopeShape::Flat if envelope.error_object().is_some() => format!(
                        "The body of an error response{named}: the error object nested in an outer one."
                    ),
                    EnvelopeShape::Flat => format!("The body of an error response{named}."),
                    EnvelopeShape::TwoLevel => format!(
                        "The body of an error response{named}: the failed call outside, the catalog's error inside."
                    ),
                    EnvelopeShape::Problem => match &envelope.type_base {
                        Some(b) => format!(
                            "The body of an error response{named}: RFC 9457 problem details, `type` being {} followed by the code.",
                            comment_text(b)
                        ),
                        None => format!(
                            "The body of an error response{named}: RFC 9457 problem details."
                        ),
                    },
                }
            };
            let guard_doc = if catalog.envelope_for_successes(index) {
                "Whether `body` is a success response of this shape.".to_owned()
            } else {
                "Whether `body` is an error response of this shape; its code may be one of a newer server (`parse` tells them apart)."
                    .to_owned()
            };
            let (members, checks) = shape_members(
                catalog,
                &envelope.members,
                envelope.shape,
                base,
                &mut shapes,
                &mut uses_is_object,
            );
            shapes.push(ShapeTs {
                name: envelope_type_name(envelope),
                doc,
                guard_doc,
                members,
                checks,
            });
        }
        let records = catalog
            .types
            .iter()
            .map(|r| RecordTs::new(catalog, r, &mut uses_is_object))
            .collect();
        EnvelopeTs {
            shapes,
            uses_is_object,
            records,
        }
    }
}

/// An envelope's interface: `Envelope`, `CliEnvelope`.
fn envelope_type_name(envelope: &crate::ir::Envelope) -> String {
    format!("{}Envelope", envelope.type_stem())
}

/// The interface members of `list` (an envelope's or its nested error
/// object's members, in an envelope of `shape` whose types start with
/// `base`) and the conditions of its guard; a nested object's interface
/// is pushed onto `shapes`. Each kind of member mapped to TypeScript, here
/// and only here.
fn shape_members(
    catalog: &Catalog,
    list: &[crate::ir::EnvelopeMember],
    shape: EnvelopeShape,
    base: &str,
    shapes: &mut Vec<ShapeTs>,
    uses_is_object: &mut bool,
) -> (Vec<EnvelopeMember>, Vec<String>) {
    let mut members = Vec::new();
    let mut checks = Vec::new();
    // The code is any code of its type: a code of this catalog, an alias,
    // or a code of a newer server, whose message an older client must still
    // be able to read (`parse` tells them apart).
    let int_code = catalog.code_kind == CodeKind::Integer;
    for field in list {
        let is_code = field.kind == MemberKind::Code;
        let nested = format!("{base}ErrorObject");
        if field.kind == MemberKind::Error {
            let (inner, inner_checks) =
                shape_members(catalog, &field.members, shape, base, shapes, uses_is_object);
            shapes.push(ShapeTs {
                name: nested.clone(),
                doc: format!(
                    "The error object nested in `{base}Envelope` as `{}`.",
                    comment_text(&field.wire)
                ),
                guard_doc: "Whether `body` is an error object of this shape; its code may be one of a newer server (`parse` tells them apart)."
                    .to_owned(),
                members: inner,
                checks: inner_checks,
            });
        }
        let ty = if is_code && int_code {
            "number".to_owned()
        } else if is_code {
            "string".to_owned()
        } else if field.kind == MemberKind::Error {
            nested.clone()
        } else if let Some(value) = &field.value {
            meta_literal(value)
        } else {
            ts_type(&field.ty, catalog)
        };
        members.push(EnvelopeMember {
            doc: member_doc(field, shape).to_owned(),
            line: format!(
                "readonly {}{}: {};",
                type_key(&field.wire),
                if field.optional { "?" } else { "" },
                ty
            ),
        });
        // Own properties only: `fields.valueOf` of a body without one is
        // `Object.prototype`'s.
        let wire = string_literal(&field.wire);
        let access = if field.optional {
            format!("fields[{wire}]")
        } else {
            format!("own(fields, {wire})")
        };
        let check = if is_code && int_code {
            Some(format!("Number.isInteger({access})"))
        } else if is_code {
            Some(format!("typeof {access} === \"string\""))
        } else if field.kind == MemberKind::Error {
            Some(format!("is{nested}({access})"))
        } else if let Some(value) = &field.value {
            Some(format!("{access} === {}", meta_literal(value)))
        } else {
            type_check(&field.ty, &access, catalog, 0, uses_is_object)
        };
        match check {
            Some(check) if field.optional => {
                checks.push(format!("(!hasOwn(fields, {wire}) || {check})"));
            }
            Some(check) => checks.push(check),
            // `any`: present if required, else nothing to check.
            None if field.optional => {}
            None => checks.push(format!("hasOwn(fields, {wire})")),
        }
    }
    (members, checks)
}

/// The JSDoc line of an envelope member, from what it carries.
fn member_doc(member: &crate::ir::EnvelopeMember, shape: EnvelopeShape) -> &'static str {
    let two_level = shape == EnvelopeShape::TwoLevel;
    match member.kind {
        MemberKind::Code => {
            "The code of the error: a code of this catalog (`ErrorCode`), an alias of one, or a code of a newer server (see `parse`)."
        }
        MemberKind::Message if two_level => "The message of the error, rendered in some locale.",
        MemberKind::Message if shape == EnvelopeShape::Problem => {
            "This occurrence: the message with its params, rendered in some locale."
        }
        MemberKind::Message => "The message, rendered in some locale.",
        MemberKind::Title => "A short summary, the same for every occurrence of the code.",
        MemberKind::HttpStatus => "The HTTP status code.",
        MemberKind::Stage => "The stage the error occurred in.",
        MemberKind::Params => "The params of the message.",
        MemberKind::Const => "Always this value.",
        MemberKind::ProblemType => "A URI that identifies the problem type.",
        MemberKind::OuterCode => "The code of the failed call.",
        MemberKind::OuterMessage => "The message of the failed call.",
        MemberKind::Detail => "More about this occurrence.",
        MemberKind::Instance => "A URI that identifies this occurrence.",
        MemberKind::Field => "A field of the response.",
        MemberKind::Error => "The error object.",
        MemberKind::Data => "The payload of the success response.",
    }
}

impl UpstreamTs {
    /// The row of `upstream`, a rule of `entry`: code, HTTP status, gRPC
    /// code, substring, `[name, type, group]` per param, pattern source.
    fn new(catalog: &Catalog, entry: &crate::ir::Entry, upstream: &Upstream) -> UpstreamTs {
        let mut json = String::from("[");
        push_json_code(&mut json, &entry.code);
        json.push(',');
        push_json_or_null(&mut json, upstream.http, push_decimal);
        json.push(',');
        push_json_or_null(&mut json, upstream.grpc, |out, g| {
            push_decimal(out, g.number())
        });
        json.push(',');
        push_json_or_null(&mut json, upstream.contains.as_deref(), push_json_string);
        json.push_str(",[");
        for (i, p) in entry.params.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let capture = upstream.group_for(p);
            json.push('[');
            push_json_string(&mut json, p.name.original());
            json.push_str(",\"");
            // `UpstreamRule`'s `ParamType`: an entry with an upstream mapping
            // has scalar params only (`structured-placeholder`).
            json.push_str(match p.ty {
                ParamType::Int => "integer",
                ParamType::Float => "number",
                ParamType::Bool => "boolean",
                _ => "string",
            });
            json.push_str("\",");
            push_json_or_null(&mut json, capture, push_json_string);
            json.push(']');
        }
        json.push_str("],");
        push_json_or_null(
            &mut json,
            upstream.javascript_pattern().as_deref(),
            push_json_string,
        );
        // The system, and which of its texts `contains` and the pattern
        // read: 0 the message, i its field i - 1.
        json.push(',');
        push_json_or_null(&mut json, upstream.system.map(|s| s as u64), push_decimal);
        for field in [&upstream.contains_field, &upstream.pattern_field] {
            let text = upstream.text_index(&catalog.upstream_systems, field.as_deref());
            json.push(',');
            push_decimal(&mut json, text as u64);
        }
        json.push(']');
        let mut row = String::with_capacity(json.len());
        push_template_text(&mut row, &json);
        UpstreamTs { row }
    }
}

impl SystemsTs {
    fn new(catalog: &Catalog) -> Option<SystemsTs> {
        if catalog.upstream_systems.is_empty() {
            return None;
        }
        fn push_read(out: &mut String, source: &UpstreamSource) {
            match source {
                UpstreamSource::Call => out.push_str("\"call\""),
                UpstreamSource::Field(path) => {
                    out.push('[');
                    for (i, step) in path.steps.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        match step {
                            PathStep::Key(k) => push_json_string(out, k),
                            PathStep::Index(n) => push_decimal(out, *n),
                        }
                    }
                    out.push(']');
                }
            }
        }
        let mut json = String::from("[");
        let mut doc = Vec::new();
        for (i, system) in catalog.upstream_systems.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push('[');
            json.push_str(if system.status { "true" } else { "false" });
            json.push(',');
            match &system.grpc {
                Some(source) => push_read(&mut json, source),
                None => json.push_str("null"),
            }
            json.push_str(",[");
            for (i, text) in system.texts().iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                push_read(&mut json, text);
            }
            json.push_str("]]");
            let title = system
                .title
                .as_deref()
                .map(|t| format!(": {}", comment_text(t)))
                .unwrap_or_default();
            doc.push(format!(
                "- `{}`{title}",
                comment_text(system.name.original())
            ));
        }
        json.push(']');
        let mut rows = String::with_capacity(json.len());
        push_template_text(&mut rows, &json);
        let names: Vec<String> = catalog
            .upstream_systems
            .iter()
            .map(|s| string_literal(s.name.original()))
            .collect();
        Some(SystemsTs {
            doc,
            union: names.join(" | "),
            names,
            rows,
        })
    }
}

/// The TypeScript type of a param.
/// The TypeScript type of a value of `ty` (a param, a record's field, an
/// envelope member), the one mapping of types to TypeScript: `any` is
/// `unknown`, a list a `readonly T[]`, a map a `Readonly<Record<string,
/// T>>`, a record its interface (`{Catalog}{Record}`, as in Rust).
fn ts_type(ty: &ParamType, catalog: &Catalog) -> String {
    match ty {
        ParamType::String => "string".into(),
        ParamType::Int | ParamType::Float => "number".into(),
        ParamType::Bool => "boolean".into(),
        ParamType::Any => "unknown".into(),
        ParamType::List(item) => match &**item {
            ParamType::List(_) => {
                format!("readonly ({})[]", ts_type(item, catalog))
            }
            _ => format!("readonly {}[]", ts_type(item, catalog)),
        },
        ParamType::Map(value) => format!("Readonly<Record<string, {}>>", ts_type(value, catalog)),
        ParamType::Record(name) => record_name(catalog, name),
    }
}

/// The interface of the record type `name`: `{Catalog}{Record}`.
fn record_name(catalog: &Catalog, name: &str) -> String {
    let upper = catalog.record(name).map_or_else(
        || crate::ir::Names::new(name).upper_camel().to_owned(),
        |r| r.name.upper_camel().to_owned(),
    );
    format!("{}{upper}", catalog.name.upper_camel())
}

/// The condition that `access` (an expression of type `unknown`) holds a
/// value of `ty`, as `isEnvelope` and the record guards check it; `None`
/// for `any`, which every value is. `depth` names the arrow functions'
/// parameters apart.
fn type_check(
    ty: &ParamType,
    access: &str,
    catalog: &Catalog,
    depth: usize,
    uses_is_object: &mut bool,
) -> Option<String> {
    Some(match ty {
        ParamType::String => format!("typeof {access} === \"string\""),
        ParamType::Int => format!("Number.isInteger({access})"),
        ParamType::Float => format!("typeof {access} === \"number\""),
        ParamType::Bool => format!("typeof {access} === \"boolean\""),
        ParamType::Any => return None,
        ParamType::List(item) => {
            let v = format!("v{depth}");
            match type_check(item, &v, catalog, depth + 1, uses_is_object) {
                Some(check) => format!(
                    "Array.isArray({access}) && ({access} as readonly unknown[]).every(({v}: unknown) => {check})"
                ),
                None => format!("Array.isArray({access})"),
            }
        }
        ParamType::Map(value) => {
            *uses_is_object = true;
            let v = format!("v{depth}");
            match type_check(value, &v, catalog, depth + 1, uses_is_object) {
                Some(check) => format!(
                    "isObject({access}) && Object.values({access} as object).every(({v}: unknown) => {check})"
                ),
                None => format!("isObject({access})"),
            }
        }
        ParamType::Record(name) => format!("is{}({access})", record_name(catalog, name)),
    })
}

/// A record type's interface and guard.
struct RecordTs {
    /// The JSDoc line of the interface.
    doc: String,
    /// `{Catalog}{Record}`.
    name: String,
    /// Its members, as [`EnvelopeMember`]s.
    members: Vec<EnvelopeMember>,
    /// The conditions its guard checks on `value`, joined with `&&`.
    checks: Vec<String>,
}

impl RecordTs {
    fn new(
        catalog: &Catalog,
        record: &crate::ir::RecordType,
        uses_is_object: &mut bool,
    ) -> RecordTs {
        *uses_is_object = true;
        let mut members = Vec::new();
        let mut checks = vec!["isObject(value)".to_owned()];
        for field in &record.fields {
            let wire_name = field.name.original();
            members.push(EnvelopeMember {
                doc: format!(
                    "A field of type `{}`{}.",
                    comment_text(&field.ty.to_string()),
                    if field.optional {
                        ", left out when absent"
                    } else {
                        ""
                    }
                ),
                line: format!(
                    "readonly {}{}: {};",
                    type_key(wire_name),
                    if field.optional { "?" } else { "" },
                    ts_type(&field.ty, catalog)
                ),
            });
            let wire = string_literal(wire_name);
            let access = if field.optional {
                format!("value[{wire}]")
            } else {
                format!("own(value, {wire})")
            };
            match type_check(&field.ty, &access, catalog, 0, uses_is_object) {
                Some(check) if field.optional => {
                    checks.push(format!("(!hasOwn(value, {wire}) || {check})"));
                }
                Some(check) => checks.push(check),
                // `any`: present if required, else nothing to check.
                None if field.optional => {}
                None => checks.push(format!("hasOwn(value, {wire})")),
            }
        }
        RecordTs {
            doc: format!(
                "The record type `{}` of `{}`.",
                comment_text(record.name.original()),
                comment_text(catalog.name.original())
            ),
            name: record_name(catalog, record.name.original()),
            members,
            checks,
        }
    }
}

/// A `meta`/`const` value as a TypeScript literal (value and type alike).
fn meta_literal(value: &MetaValue) -> String {
    match value {
        MetaValue::Str(s) => string_literal(s),
        MetaValue::Bool(b) => b.to_string(),
        MetaValue::Int(n) => n.to_string(),
    }
}

/// Appends a code as a literal: `"A"` or `100101`.
fn push_code_literal(out: &mut String, code: &Code) {
    match code {
        Code::Int(n) => push_decimal(out, *n),
        Code::Str(s) => push_string_literal(out, s),
    }
}

/// A code in a comment.
fn code_comment(code: &Code) -> String {
    comment_text(&code.to_string())
}

/// Whether `name` is an ASCII JavaScript identifier.
fn is_js_identifier(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(c) if c.is_ascii_alphabetic() || c == b'_' || c == b'$')
        && bytes.all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
}

/// The longest of the [`KEYWORDS`], in bytes.
const KEYWORD_MAX_LEN: usize = 11;

/// For each length and last byte of a keyword, the set of its first bytes
/// (bit `first & 31`; keywords are lowercase ASCII letters and `_`, which
/// `& 31` keeps apart): names not in it skip the list.
const KEYWORD_SHAPES: [[u32; 32]; KEYWORD_MAX_LEN + 1] = {
    let mut shapes = [[0u32; 32]; KEYWORD_MAX_LEN + 1];
    let mut i = 0;
    while i < KEYWORDS.len() {
        let bytes = KEYWORDS[i].as_bytes();
        let last = (bytes[bytes.len() - 1] & 31) as usize;
        shapes[bytes.len()][last] |= 1 << (bytes[0] & 31);
        i += 1;
    }
    shapes
};

/// Whether `name` is one of the [`KEYWORDS`]; they are all lowercase
/// ASCII letters and `_`, so other names (and names whose length, first
/// and last byte no keyword has) skip the list.
fn is_keyword(name: &str) -> bool {
    let bytes = name.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    bytes.len() <= KEYWORD_MAX_LEN
        && KEYWORD_SHAPES[bytes.len()][usize::from(last & 31)] & (1 << (first & 31)) != 0
        && bytes.iter().all(|&b| b.is_ascii_lowercase() || b == b'_')
        && KEYWORDS_PACKED.contains(&pack_keyword(bytes))
}

/// A name of at most [`KEYWORD_MAX_LEN`] bytes as one number, its bytes
/// in order from the lowest: names without NUL bytes pack apart.
const fn pack_keyword(bytes: &[u8]) -> u128 {
    let mut packed = 0;
    let mut i = 0;
    while i < bytes.len() {
        packed |= (bytes[i] as u128) << (8 * i);
        i += 1;
    }
    packed
}

/// The [`KEYWORDS`] packed by [`pack_keyword`], compared faster than
/// strings.
const KEYWORDS_PACKED: [u128; KEYWORDS.len()] = {
    let mut packed = [0; KEYWORDS.len()];
    let mut i = 0;
    while i < KEYWORDS.len() {
        packed[i] = pack_keyword(KEYWORDS[i].as_bytes());
        i += 1;
    }
    packed
};

/// `name` as a property key in a type: bare when an identifier and not a
/// keyword, else a string literal.
fn type_key(name: &str) -> String {
    let mut out = String::new();
    push_type_key(&mut out, name);
    out
}

/// Appends `name` as a property key in a type (see [`type_key`]).
fn push_type_key(out: &mut String, name: &str) {
    if is_js_identifier(name) && !is_keyword(name) {
        out.push_str(name);
    } else {
        push_string_literal(out, name);
    }
}

/// `name` as a key in an object literal: as [`type_key`], but `__proto__`
/// is computed so that it makes an own property.
fn object_key(name: &str) -> String {
    let mut out = String::new();
    push_object_key(&mut out, name);
    out
}

/// Appends `name` as a key in an object literal (see [`object_key`]).
fn push_object_key(out: &mut String, name: &str) {
    if name == "__proto__" {
        out.push_str("[\"__proto__\"]");
    } else {
        push_type_key(out, name);
    }
}

/// Appends `\uXXXX` for a character of the basic multilingual plane,
/// `\u{X…}` otherwise.
fn push_unicode_escape(out: &mut String, c: char) {
    let n = u32::from(c);
    // Writing to a String cannot fail.
    let _ = if n <= 0xFFFF {
        write!(out, "\\u{n:04X}")
    } else {
        write!(out, "\\u{{{n:X}}}")
    };
}

/// Which bytes a literal delimited by `quote` (`"`, `'` or `` ` ``) may
/// copy as they are: printable ASCII other than its quote, `\`, `<`
/// (which may start `</` or `<!--`) and, in a template literal, `$`; and
/// the bytes of UTF-8 sequences other than the lead bytes of invisible
/// characters ([`INVISIBLE_LEAD`], from the one policy of
/// [`crate::invisible`]), so that text in other scripts is copied in runs
/// too. (The other quotes are plain: a JSON row in a template literal is
/// mostly `"`.)
const fn plain_in(quote: u8) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x100 {
        let byte = b as u8;
        let special =
            byte == quote || byte == b'\\' || byte == b'<' || (quote == b'`' && byte == b'$');
        table[b] = !INVISIBLE_LEAD[b] && !special;
        b += 1;
    }
    table
}

static PLAIN_IN_DOUBLE: [bool; 256] = plain_in(b'"');
static PLAIN_IN_SINGLE: [bool; 256] = plain_in(b'\'');
static PLAIN_IN_TEMPLATE: [bool; 256] = plain_in(b'`');

/// `s` as a double-quoted JavaScript string literal.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_string_literal(&mut out, s);
    out
}

/// Appends `s` as a double-quoted JavaScript string literal, copying runs
/// of bytes that need no escape at once (found eight bytes at a time).
fn push_string_literal(out: &mut String, s: &str) {
    push_quoted(out, s, '"');
}

/// Appends `s` as a JavaScript string literal in `quote` (`"` or `'`),
/// escaped as [`push_string_literal`] says.
fn push_quoted(out: &mut String, s: &str, quote: char) {
    out.reserve(s.len() + 2);
    out.push(quote);
    push_quoted_text(out, s, quote);
    out.push(quote);
}

/// Appends `s` as the text of a template literal without substitutions
/// (between backquotes): `` ` ``, `${`, backslashes, line breaks and
/// invisible characters escaped, so that the literal's value is `s`.
fn push_template_text(out: &mut String, s: &str) {
    push_quoted_text(out, s, '`');
}

/// Appends `s` escaped for the inside of a literal delimited by `quote`:
/// `"`, `'` or `` ` `` (a template literal, where `${` is escaped too).
fn push_quoted_text(out: &mut String, s: &str, quote: char) {
    let (plain, specials): (&[bool; 256], &[u8]) = match quote {
        '"' => (&PLAIN_IN_DOUBLE, b"\"\\<"),
        '\'' => (&PLAIN_IN_SINGLE, b"'\\<"),
        _ => (&PLAIN_IN_TEMPLATE, b"`$\\<"),
    };
    push_escaped_runs(out, s, plain, specials, |out, rest| {
        if rest.starts_with("</") {
            out.push_str("<\\/");
            return Some(2);
        }
        if rest.starts_with("<!--") {
            out.push_str("<\\!--");
            return Some(4);
        }
        let c = rest.chars().next()?;
        match c {
            '"' | '\'' | '`' if c != quote => return None,
            '$' if quote != '`' || !rest.starts_with("${") => return None,
            '"' => out.push_str("\\\""),
            '\'' => out.push_str("\\'"),
            '`' => out.push_str("\\`"),
            '$' => out.push_str("\\$"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_invisible(c) => push_unicode_escape(out, c),
            _ => return None,
        }
        Some(c.len_utf8())
    });
}

/// `s` made safe for one comment line: line breaks, controls and bidi
/// controls as `\uXXXX`, `*/` as `*\/`.
fn comment_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_comment_text(&mut out, s);
    out
}

/// Appends `s` made safe for one comment line (see [`comment_text`]);
/// text of printable ASCII without `*/` or `{@` is copied at once.
fn push_comment_text(out: &mut String, s: &str) {
    if is_printable_ascii(s) && !s.contains("*/") && !s.contains("{@") {
        out.push_str(s);
        return;
    }
    let mut previous = ' ';
    for c in s.chars() {
        if c == '/' && previous == '*' {
            out.push_str("\\/");
        } else if c == '@' && previous == '{' {
            // `{@link …}` would be an inline JSDoc tag.
            out.push_str("\\@");
        } else if matches!(c, '\n' | '\r') || is_invisible(c) {
            // Line breaks too: a comment is one line.
            push_unicode_escape(out, c);
        } else {
            out.push(c);
        }
        previous = c;
    }
}

/// Whether `s` is printable ASCII (no control byte, DEL or non-ASCII),
/// tested eight bytes at a time.
fn is_printable_ascii(s: &str) -> bool {
    let bytes = s.as_bytes();
    let i = skip_plain_ascii(bytes, 0, b"");
    bytes[i..].iter().all(|b| (0x20..0x7F).contains(b))
}

/// Appends one line of text as a JSDoc line: without a trailing `\r` or
/// spaces, made safe. A line whose text starts with `@` (after spaces and
/// one `*`, which TypeScript skips) would be a tag: the `@` is written
/// `\@`, TSDoc's escape, which Markdown hovers show as `@`.
fn push_doc_line(out: &mut String, line: &str) {
    let start = out.len();
    push_comment_text(out, line.strip_suffix('\r').unwrap_or(line).trim_end());
    let text = &out[start..];
    let lead = text.trim_start_matches(is_jsdoc_space);
    let lead = lead.strip_prefix('*').unwrap_or(lead);
    if lead.trim_start_matches(is_jsdoc_space).starts_with('@') {
        let at = start + text.find('@').expect("the line has an `@`");
        out.insert(at, '\\');
    }
}

/// The spaces TypeScript skips at the start of a JSDoc line (those of its
/// scanner's `isWhiteSpaceSingleLine` that a comment line holds unescaped).
fn is_jsdoc_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// `s` as comment lines: one per line of text, each made safe.
fn doc_lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|line| comment_text(line.strip_suffix('\r').unwrap_or(line).trim_end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every top-level name of the module of every example and codegen
    /// fixture is one of [`FIXED_NAMES`] or made from the catalog's names
    /// ([`catalog_names`]), and each fixed name is declared by one of them:
    /// the clash check knows every name the module declares.
    #[test]
    fn fixed_names_list_every_name_the_module_declares() {
        let mut seen = std::collections::BTreeSet::new();
        for (path, catalog) in crate::test_support::example_catalogs() {
            let own: Vec<String> = catalog_names(&catalog)
                .into_iter()
                .map(|(n, ..)| n)
                .collect();
            let options = Options::new();
            for file in crate::generate::Target::Ts.generate(&catalog, &options) {
                for line in file.content.lines() {
                    let line = line.strip_prefix("export ").unwrap_or(line);
                    let keywords = ["interface ", "type ", "const ", "function ", "class "];
                    let Some(name) = crate::test_support::declared_name(line, &keywords) else {
                        continue;
                    };
                    if own.iter().any(|o| o == name) {
                        continue;
                    }
                    assert!(
                        FIXED_NAMES.contains(&name),
                        "{}: `{name}` is not in FIXED_NAMES",
                        path.display()
                    );
                    seen.insert(name.to_owned());
                }
            }
        }
        let unseen: Vec<&&str> = FIXED_NAMES.iter().filter(|n| !seen.contains(**n)).collect();
        assert!(unseen.is_empty(), "declared by no example: {unseen:?}");
    }

    /// A record whose `<Catalog><Record>` is a name of the module's own, or
    /// an envelope's type: a `duplicate-name` diagnostic, not two
    /// interfaces that tsc silently merges.
    #[test]
    fn a_record_named_like_a_declaration_is_a_clash() {
        let text = r#"catalog upstream {
  locales en
  envelope upstream_y { code "code" message "message" }
  envelopes upstream_y
}
type call { field n: int }
type y_envelope { field n: int }
error lost = "LOST" { message en "Lost." }
"#;
        let mut workspace = crate::workspace::Workspace::new();
        workspace.add_bytes("clash.errors", None, text.as_bytes());
        let analysis = workspace.analyze();
        assert!(
            analysis.diagnostics.is_empty(),
            "{:?}",
            analysis.diagnostics
        );
        let catalog = &analysis.catalogs[0];
        let found = Ts.name_clashes(catalog);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "two declarations of the TypeScript module would be named `UpstreamCall`: \
                 the module's own `UpstreamCall` and the record type `call`",
                "two declarations of the TypeScript module would be named \
                 `UpstreamYEnvelope`: envelope `upstream_y` and the record type `y_envelope`",
            ]
        );
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string_literal("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string_literal("x\n\t\0y"), r#""x\n\t\u0000y""#);
        assert_eq!(string_literal("`${x}` */"), r#""`${x}` */""#);
        assert_eq!(
            string_literal("</script><!-- -->"),
            r#""<\/script><\!-- -->""#
        );
        assert_eq!(string_literal("\u{200f}\u{2028}😀"), r#""\u200F\u2028😀""#);
        assert_eq!(string_literal("한국어 中文"), "\"한국어 中文\"");
        let mut single = String::new();
        push_quoted(&mut single, "it's \"x\" \\ </", '\'');
        assert_eq!(single, r#"'it\'s "x" \\ <\/'"#);
        assert_eq!(string_literal("it's"), r#""it's""#);
        assert_eq!(
            string_literal("é\u{85}\u{61C}ؠ\u{FEFF}（\u{2069}…"),
            r#""é\u0085\u061Cؠ\uFEFF（\u2069…""#
        );
    }

    #[test]
    fn every_invisible_character_is_escaped() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("ab{c}cd");
            let literal = string_literal(&text);
            if is_invisible(c) {
                assert!(!literal.contains(c), "{c:?} is left raw: {literal}");
            } else if !matches!(c, '"' | '\\' | '\n' | '\r' | '\t') {
                assert!(literal.contains(c), "{c:?} is escaped: {literal}");
            }
        }
    }

    #[test]
    fn plain_runs_are_found_eight_bytes_at_a_time() {
        let specials = [
            ("\"", "\\\""),
            ("\\", "\\\\"),
            ("</", "<\\/"),
            ("<!--", "<\\!--"),
            ("<a", "<a"),
            ("\n", "\\n"),
            ("\u{7F}", "\\u007F"),
            ("\u{85}", "\\u0085"),
            ("é", "é"),
            ("\u{61C}", "\\u061C"),
            ("ؠ", "ؠ"),
            ("\u{2029}", "\\u2029"),
            ("…", "…"),
            ("\u{FEFF}", "\\uFEFF"),
            ("（", "（"),
            ("中", "中"),
        ];
        for (special, escaped) in specials {
            for before in 0..18 {
                let text = format!("{}{special}{}", "a".repeat(before), "b".repeat(17 - before));
                let expected = format!(
                    "\"{}{escaped}{}\"",
                    "a".repeat(before),
                    "b".repeat(17 - before)
                );
                assert_eq!(string_literal(&text), expected, "{text:?}");
            }
        }
    }

    #[test]
    fn keywords_are_lowercase_ascii() {
        for keyword in KEYWORDS {
            assert!(keyword.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert!(keyword.len() <= KEYWORD_MAX_LEN);
            assert!(is_keyword(keyword));
        }
        assert!(!is_keyword("Default"));
        assert!(!is_keyword("region"));
        assert!(!is_keyword(""));
    }

    #[test]
    fn comments_cannot_close_or_break() {
        assert_eq!(comment_text("a */ b"), "a *\\/ b");
        assert_eq!(comment_text("a\u{2028}b\rc"), "a\\u2028b\\u000Dc");
        assert_eq!(doc_lines("one\r\ntwo  "), ["one", "two"]);
        assert_eq!(comment_text("see {@link x}"), "see {\\@link x}");
    }

    #[test]
    fn doc_lines_make_no_tags() {
        let doc = |line: &str| {
            let mut out = String::new();
            push_doc_line(&mut out, line);
            out
        };
        assert_eq!(doc("@deprecated"), "\\@deprecated");
        assert_eq!(doc(" \u{A0}\u{3000}@see x"), " \u{A0}\u{3000}\\@see x");
        // A zero-width space is invisible: escaped, so no longer a space.
        assert_eq!(doc("\u{200B}@see x"), "\\u200B@see x");
        assert_eq!(doc("* @internal"), "* \\@internal");
        assert_eq!(doc("** @internal"), "** @internal");
        assert_eq!(doc("mail a@b.example"), "mail a@b.example");
    }

    #[test]
    fn keys() {
        assert_eq!(type_key("tenant"), "tenant");
        assert_eq!(type_key("default"), "\"default\"");
        assert_eq!(type_key("zh-Hans"), "\"zh-Hans\"");
        assert_eq!(object_key("__proto__"), "[\"__proto__\"]");
        assert_eq!(type_key("__proto__"), "\"__proto__\"");
    }
}
