//! The intermediate representation: a catalog resolved and ready for checks
//! and generators.
//!
//! Defaults are inherited from groups, placeholders are parsed, implicit
//! params are made explicit, and every name is computed once in each case a
//! target needs. Generators see only these types. Spans are kept (and not
//! serialised) so that checks can point at the source.

pub mod code_format;
mod describe;
mod entry_index;
mod envelope;
mod lower;
pub mod names;
pub(crate) mod pattern;
pub use pattern::Printed as PrintedPattern;
mod ranges;
pub mod template;
mod upstream;
pub(crate) mod version;

pub use code_format::{CodeFix, CodeFormat, FormatMismatch};
pub(crate) use entry_index::EntryIndex;
pub use envelope::{
    status_phrase, status_phrases, Envelope, EnvelopeMember, EnvelopeRole, EnvelopeShape,
    MemberKind, ProblemType,
};
pub use lower::{lower, lower_edited, lower_in_runs, lower_owned, parse_and_lower};
pub use names::Names;
pub use pattern::PatternMemo;
pub(crate) use ranges::RangeIndex;
pub use template::{Placeholder, PlaceholderKey, Segment, Segments, Template};
pub use upstream::{
    JsonPath, PathStep, UpstreamField, UpstreamSource, UpstreamSpans, UpstreamSystem,
};

use crate::source::{FileId, Span};
#[cfg(feature = "ir")]
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// One resolved catalog.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Catalog {
    /// The catalog's name in every case.
    pub name: Names,
    /// Its title.
    pub title: Option<String>,
    /// Its semantic version.
    pub version: Option<String>,
    /// Where its `version` statement is.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub version_span: Option<Span>,
    /// Its description per locale.
    pub description: Vec<LocalizedText>,
    /// A link to its documentation.
    pub docs: Option<String>,
    /// Its locales; the first is the default.
    pub locales: Vec<String>,
    /// Whether codes are integers or strings.
    pub code_kind: CodeKind,
    /// The formats codes must match (none: any code).
    pub formats: Vec<CodeFormat>,
    /// The stages entries may name (empty: any).
    pub stages: Vec<String>,
    /// The wire shapes of its responses, in declaration order; never
    /// empty (a catalog that declares none has `{ "code", "message" }`,
    /// named `default`). Entries name them by position
    /// ([`Entry::envelopes`]).
    pub envelopes: Vec<Envelope>,
    /// The envelopes an entry is sent in unless its group or itself says
    /// (`envelopes` in the header; else the first envelope), by position.
    pub default_envelopes: Arc<[usize]>,
    /// The systems whose errors the entries' `upstream` mappings recognise,
    /// in the order they are declared (or, when the catalog declares none,
    /// first named).
    pub upstream_systems: Vec<UpstreamSystem>,
    /// Options for targets, by dotted key (`rust.serde`).
    pub options: BTreeMap<String, MetaValue>,
    /// Groups, parents before their subgroups, in source order.
    pub groups: Vec<Group>,
    /// Entries in source order.
    pub entries: Vec<Entry>,
    /// Reserved codes and ranges.
    pub reserved: Vec<Reserved>,
    /// Its record types, in source order.
    pub types: Vec<RecordType>,
    /// The file it came from.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub file: FileId,
    /// The catalog header.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
    /// Its name in the header.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub name_span: Span,
}

impl Catalog {
    /// The first envelope: the one `to_envelope` makes and entries are
    /// sent in when nothing says otherwise.
    pub fn envelope(&self) -> &Envelope {
        &self.envelopes[0]
    }

    /// The envelopes `entry` is sent in.
    pub fn envelopes_of<'c>(&'c self, entry: &'c Entry) -> impl Iterator<Item = &'c Envelope> {
        entry.envelopes.iter().map(|&i| &self.envelopes[i])
    }

    /// Whether the envelope at `index` carries successes only: a success
    /// shape, or one in which only success entries are sent. Targets call
    /// its bodies success responses.
    pub fn envelope_for_successes(&self, index: usize) -> bool {
        let mut sent = self.entries.iter().filter(|e| e.envelopes.contains(&index));
        self.envelopes[index].is_success()
            || (self.envelope_used(index) && sent.all(|e| e.kind == EntryKind::Success))
    }

    /// Whether an error makes bodies in the envelope at `index` (Rust's
    /// `to_envelope`, `to_cli_envelope`, Python's): the first envelope,
    /// and every other one some entry is sent in, unless a success shape.
    pub fn envelope_made(&self, index: usize) -> bool {
        !self.envelopes[index].is_success() && (index == 0 || self.envelope_used(index))
    }

    /// Whether some entry is sent in the envelope at `index`.
    pub fn envelope_used(&self, index: usize) -> bool {
        self.entries.iter().any(|e| e.envelopes.contains(&index))
    }

    /// The record type `name` (as written) names, if the catalog declares it.
    pub fn record(&self, name: &str) -> Option<&RecordType> {
        self.types.iter().find(|t| t.name.original() == name)
    }

    /// The default locale.
    pub fn default_locale(&self) -> &str {
        &self.locales[0]
    }

    /// The locale fallback, the one rule every target follows to pick a
    /// text for a locale: among `texts` (an entry's messages, a
    /// description, causes, remedies), the one in `locale`; else the one in
    /// the default locale; else the first one there is (a `remedy zh …` in
    /// a catalog whose default is `en` is better shown than dropped). `None`
    /// only when `texts` is empty.
    ///
    /// A lookup that must not fall back (a page that lists every locale and
    /// marks the missing ones) reads [`Entry::message`] instead.
    pub fn localized<'t, T: Localized>(&self, texts: &'t [T], locale: &str) -> Option<&'t T> {
        // Messages come in the catalog's locale order, so the default
        // locale's is usually first: look there before walking.
        let find = |wanted: &str| match texts.first() {
            Some(first) if same_tag(first.locale(), wanted) => Some(first),
            _ => texts.iter().find(|t| same_tag(t.locale(), wanted)),
        };
        find(locale)
            .or_else(|| find(self.default_locale()))
            .or(texts.first())
    }
}

/// A text in one locale: what [`Catalog::localized`] picks among.
pub trait Localized {
    /// The text's locale.
    fn locale(&self) -> &str;
}

impl Localized for LocalizedText {
    fn locale(&self) -> &str {
        &self.locale
    }
}

impl Localized for Message {
    fn locale(&self) -> &str {
        &self.locale
    }
}

/// Whether two locales of the IR are the same: compared byte by byte, as
/// the IR spells every locale as the catalog's `locales` does (the looser
/// rule for source text is `names::same_locale`), and without a call to
/// `memcmp`, which costs more than a locale's few bytes.
pub(crate) fn same_tag(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Whether a catalog's codes are integers or strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum CodeKind {
    /// `100101`.
    Integer,
    /// `"OptVerse_10000001"`.
    String,
}

/// A code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(untagged))]
pub enum Code {
    /// An integer code.
    Int(u64),
    /// A string code.
    Str(String),
}

impl Code {
    /// The number a group range or reserved range applies to: the integer
    /// code itself, or the first run of digits in a string code.
    pub fn number(&self) -> Option<u64> {
        match self {
            Code::Int(n) => Some(*n),
            Code::Str(s) => s[digits(s)?].parse().ok(),
        }
    }

    /// The code with its number ([`Code::number`]) replaced by `n`, written
    /// as wide as the number it replaces (`OptVerse_00000012` →
    /// `OptVerse_00000013`); `None` when `n` does not fit that width.
    pub(crate) fn with_number(&self, n: u64) -> Option<Code> {
        match self {
            Code::Int(_) => Some(Code::Int(n)),
            Code::Str(s) => {
                let at = digits(s)?;
                let digits = format!("{n:0width$}", width = at.len());
                (digits.len() == at.len())
                    .then(|| Code::Str(format!("{}{digits}{}", &s[..at.start], &s[at.end..])))
            }
        }
    }
}

/// Where the first run of digits of a string code stands: its number.
fn digits(s: &str) -> Option<std::ops::Range<usize>> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let len = s[start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(s.len() - start);
    Some(start..start + len)
}

impl Code {
    /// The code as a catalog literal: `100101` or `"OptVerse_10000001"`.
    pub fn literal(&self) -> String {
        match self {
            Code::Int(n) => n.to_string(),
            Code::Str(s) => crate::parse::encode_plain(s),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(n) => write!(f, "{n}"),
            Code::Str(s) => f.write_str(s),
        }
    }
}

/// A text in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct LocalizedText {
    /// The locale.
    pub locale: String,
    /// The text.
    pub text: String,
    /// Where it was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

/// A group of entries.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Group {
    /// Its name in every case.
    pub name: Names,
    /// Its title.
    pub title: Option<String>,
    /// Its description per locale.
    pub description: Vec<LocalizedText>,
    /// The index of its parent group, for a subgroup.
    pub parent: Option<usize>,
    /// The inclusive range its codes' numbers lie in (own or inherited).
    pub range: Option<(u64, u64)>,
    /// The prefix its codes start with (own or inherited).
    pub prefix: Option<String>,
    /// Where it was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
    /// Where its range was written (its own or its parent's).
    #[cfg_attr(feature = "ir", serde(skip))]
    pub range_span: Option<Span>,
    /// Where its prefix was written (its own or its parent's).
    #[cfg_attr(feature = "ir", serde(skip))]
    pub prefix_span: Option<Span>,
    /// The warnings its entries are exempt from (`allow`, own or its
    /// parent's), each with where it was allowed: a concern of the checker,
    /// not of generators.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub allow: Vec<(crate::diagnostic::Rule, Span)>,
}

/// Whether an entry is an error or a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum EntryKind {
    /// An error.
    Error,
    /// A success.
    Success,
}

/// One code of the catalog, resolved.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Entry {
    /// Its identifier in every case.
    pub name: Names,
    /// Its code: the canonical one, which it is sent with.
    pub code: Code,
    /// Published codes it also answers to (`alias`), in source order: a
    /// client that receives one reads it as this entry.
    pub aliases: Box<[Alias]>,
    /// Error or success.
    pub kind: EntryKind,
    /// The index of its (innermost) group.
    pub group: Option<usize>,
    /// Its messages, in the catalog's locale order.
    pub messages: Box<[Message]>,
    /// Its params: declared ones in declaration order, or implicit ones.
    pub params: Box<[Param]>,
    /// Whether the params were declared (`false`: inferred from messages).
    pub params_declared: bool,
    /// Its description per locale.
    pub description: Box<[LocalizedText]>,
    /// Common causes (own, or inherited from its group: then shared with
    /// the group's other entries).
    pub causes: Arc<[LocalizedText]>,
    /// What to do (own, or inherited from its group: then shared with the
    /// group's other entries).
    pub remedies: Arc<[LocalizedText]>,
    /// The HTTP status.
    pub http: Option<u16>,
    /// The gRPC status code.
    pub grpc: Option<GrpcCode>,
    /// Whether retrying may succeed.
    pub retryable: bool,
    /// The stage it occurs in (shared with its group's entries when
    /// inherited).
    pub stage: Option<Arc<str>>,
    /// Its deprecation, if deprecated (boxed: few entries are).
    pub deprecated: Option<Box<Deprecation>>,
    /// A link to more documentation (shared with its group's entries when
    /// inherited).
    pub docs: Option<Arc<str>>,
    /// Free key/values (own over inherited).
    pub meta: BTreeMap<String, MetaValue>,
    /// Upstream errors that map to it.
    pub upstreams: Box<[Upstream]>,
    /// The envelopes it is sent in, by position in the catalog's
    /// `envelopes` (its own `envelopes`, else its group's, else the
    /// catalog's: then shared with the entries that say the same).
    pub envelopes: Arc<[usize]>,
    /// Where things were written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub spans: EntrySpans,
}

impl Entry {
    /// The message in `locale` exactly, if any (no fallback: for that, ask
    /// [`Catalog::localized`]).
    pub fn message(&self, locale: &str) -> Option<&Message> {
        self.messages.iter().find(|m| *m.locale == *locale)
    }
}

/// A published code an entry also answers to: `alias CODE ["why"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Alias {
    /// The code.
    pub code: Code,
    /// Why the entry answers to it, if said.
    pub reason: Option<String>,
    /// Where the code was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

/// Where the parts of an entry were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntrySpans {
    /// The whole entry.
    pub entry: Span,
    /// `error name = CODE`.
    pub head: Span,
    /// The code literal.
    pub code: Span,
    /// The name, if written.
    pub name: Option<Span>,
    /// The `http` statement that gives its status (its own or its group's).
    pub http: Option<Span>,
    /// The `envelopes` statement that chose its envelopes (its own or its
    /// group's; `None`: the catalog's).
    pub envelopes: Option<Span>,
    /// The first message written in a locale the catalog does not declare,
    /// which lowering leaves out (`unknown-locale` reports it): with one,
    /// an entry without messages is not an `empty-entry`.
    pub undeclared_locale_message: Option<Span>,
}

/// A message in one locale.
///
/// Serialised by hand (in `template.rs`): the template's parts are read
/// from the text.
#[derive(Debug, Clone)]
pub struct Message {
    /// The locale (one of the catalog's, shared by every message in it).
    pub locale: Arc<str>,
    /// The text as written (placeholders included).
    pub text: String,
    /// Where its placeholders are in `text` (replace both together): read
    /// the text split into literal text and placeholders with
    /// [`Message::segments`].
    pub template: Template,
    /// Where it was written (not serialised).
    pub span: Span,
}

/// The type of a value on the wire: a param's, a record field's or an
/// envelope member's. The scalars (`string`, `int`, `float`, `bool`) may
/// fill a message's placeholder; the structured types (`any`, lists, maps
/// and records) travel only in the envelope ([`ParamType::is_scalar`]).
///
/// In the IR's JSON a scalar or `any` is its name (`"int"`), a structured
/// type an object: `{"list": "string"}`, `{"map": {"record": "context"}}`,
/// `{"record": "context"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum ParamType {
    /// Text.
    String,
    /// A signed integer.
    Int,
    /// A floating-point number.
    Float,
    /// `true` or `false`.
    Bool,
    /// Any JSON value (`null` included): for what a system really sends
    /// without a fixed shape.
    Any,
    /// `list<T>`: a JSON array of values of one type.
    List(Box<ParamType>),
    /// `map<string, T>`: a JSON object with any keys and values of one type.
    Map(Box<ParamType>),
    /// A record type declared with `type`, by its name as written (see
    /// [`Catalog::record`]).
    Record(String),
}

impl ParamType {
    /// Whether a value of the type is one scalar (`string`, `int`,
    /// `float`, `bool`), which a message's placeholder can show; the
    /// others only travel in the envelope.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            ParamType::String | ParamType::Int | ParamType::Float | ParamType::Bool
        )
    }

    /// The JSON Schema `type` of a value of a scalar type (`integer` for
    /// `int`), of a list (`array`) or of a map or a record (`object`);
    /// `None` for `any`, which has every type.
    pub fn json_schema_type(&self) -> Option<&'static str> {
        Some(match self {
            ParamType::String => "string",
            ParamType::Int => "integer",
            ParamType::Float => "number",
            ParamType::Bool => "boolean",
            ParamType::List(_) => "array",
            ParamType::Map(_) | ParamType::Record(_) => "object",
            ParamType::Any => return None,
        })
    }

    /// The record type it names, itself or as its items' type (`context`
    /// for `list<context>`), if any.
    pub fn record_name(&self) -> Option<&str> {
        match self {
            ParamType::List(item) | ParamType::Map(item) => item.record_name(),
            ParamType::Record(name) => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for ParamType {
    /// The type as a catalog writes it: `int`, `list<string>`,
    /// `map<string, context>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamType::String => f.write_str("string"),
            ParamType::Int => f.write_str("int"),
            ParamType::Float => f.write_str("float"),
            ParamType::Bool => f.write_str("bool"),
            ParamType::Any => f.write_str("any"),
            ParamType::List(item) => write!(f, "list<{item}>"),
            ParamType::Map(value) => write!(f, "map<string, {value}>"),
            ParamType::Record(name) => f.write_str(name),
        }
    }
}

/// A record type: `type context { field file: string … }`, declared once
/// per catalog and named by params, fields and envelope members.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct RecordType {
    /// Its name in every case.
    pub name: Names,
    /// Its fields, in declaration order.
    pub fields: Vec<RecordField>,
    /// Where it was declared.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

/// A field of a record type.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct RecordField {
    /// Its name in every case (its wire name is the name as written).
    pub name: Names,
    /// Its type.
    pub ty: ParamType,
    /// Whether a value may leave it out.
    pub optional: bool,
    /// Where it was declared.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

/// A param: a value a message's placeholder is filled with.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Param {
    /// Its name in every case (`arg0` for an unnamed positional param).
    pub name: Names,
    /// Its position, for `{0}` placeholders.
    pub index: Option<u32>,
    /// Its type.
    pub ty: ParamType,
    /// Whether it is wire-only: sent in the envelope, typed and documented,
    /// but shown in no message. Written `wire`, and always so for a
    /// structured type, which no placeholder can show.
    pub wire: bool,
    /// Where it was declared (for an implicit param: its first use).
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

impl Param {
    /// Whether a pattern's named group `group` fills this param: its name as
    /// written or in snake case (`tenantId` or `tenant_id`).
    pub fn is_filled_by(&self, group: &str) -> bool {
        group == self.name.original() || group == self.name.snake()
    }
}

/// A deprecation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Deprecation {
    /// Why, if said.
    pub reason: Option<String>,
    /// The name of the entry that replaces it, as written.
    pub replaced_by: Option<String>,
    /// That entry, as an index into [`Catalog::entries`]: set by lowering,
    /// which finds it by its name as written or in snake_case (`None`
    /// without `replaced_by`, or when no entry has the name, which is an
    /// error). Every target links the replacement through it.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub replaced_by_entry: Option<usize>,
}

/// A free value: in `meta` and `option` statements.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(untagged))]
pub enum MetaValue {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(u64),
}

impl From<bool> for MetaValue {
    fn from(value: bool) -> MetaValue {
        MetaValue::Bool(value)
    }
}

impl From<&str> for MetaValue {
    fn from(value: &str) -> MetaValue {
        MetaValue::Str(value.to_owned())
    }
}

impl From<u64> for MetaValue {
    fn from(value: u64) -> MetaValue {
        MetaValue::Int(value)
    }
}

/// The gRPC status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "SCREAMING_SNAKE_CASE"))]
#[allow(missing_docs)]
pub enum GrpcCode {
    Ok,
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl GrpcCode {
    /// Every code, by number.
    pub const ALL: [GrpcCode; 17] = [
        GrpcCode::Ok,
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The canonical name, e.g. `NOT_FOUND`.
    pub fn name(self) -> &'static str {
        [
            "OK",
            "CANCELLED",
            "UNKNOWN",
            "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION",
            "ABORTED",
            "OUT_OF_RANGE",
            "UNIMPLEMENTED",
            "INTERNAL",
            "UNAVAILABLE",
            "DATA_LOSS",
            "UNAUTHENTICATED",
        ][self as usize]
    }

    /// The number on the wire.
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The code with this number.
    pub fn from_number(n: u64) -> Option<GrpcCode> {
        GrpcCode::ALL.get(usize::try_from(n).ok()?).copied()
    }

    /// The code with this name (case-insensitive).
    pub fn from_name(name: &str) -> Option<GrpcCode> {
        GrpcCode::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// A known upstream error that maps to an entry.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Upstream {
    /// The upstream system's name, if given.
    pub source: Option<String>,
    /// The upstream system, as an index into [`Catalog::upstream_systems`]
    /// (`None`: the mapping names none).
    pub system: Option<usize>,
    /// The HTTP status it comes with.
    pub http: Option<u16>,
    /// The gRPC code it comes with.
    pub grpc: Option<GrpcCode>,
    /// A regular expression searched in its message.
    pub pattern: Option<String>,
    /// The named groups of `pattern`, each filling the param of that name.
    pub captures: Vec<String>,
    /// `pattern` as the other targets' engines are given it, printed by
    /// lowering as it checks the pattern (`None` in an IR made otherwise:
    /// the generators then print it themselves).
    #[cfg_attr(feature = "ir", serde(skip))]
    pub printed: Option<PrintedPattern>,
    /// The field of its system that `pattern` is searched in (`None`: the
    /// message).
    pub pattern_field: Option<String>,
    /// A plain substring of its message.
    pub contains: Option<String>,
    /// The field of its system that must contain `contains` (`None`: the
    /// message).
    pub contains_field: Option<String>,
    /// Where the parts naming something of its system were written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub spans: UpstreamSpans,
    /// Where it was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
    /// Where its pattern was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub pattern_span: Option<Span>,
}

impl Upstream {
    /// Whether a condition reads a declared JSON field rather than the
    /// message: such a mapping needs the body, and a classifier given only
    /// the message text (`classify(status, grpc, text)`) never matches it.
    pub fn reads_fields(&self) -> bool {
        self.pattern_field.is_some() || self.contains_field.is_some()
    }

    /// Which text of its system a condition on `field` (its
    /// `contains_field` or `pattern_field`) reads: 0 the message, `i + 1`
    /// the system's field `i`. Every target's classifier numbers a system's
    /// texts so.
    pub fn text_index(&self, systems: &[UpstreamSystem], field: Option<&str>) -> usize {
        let system = self.system.and_then(|s| systems.get(s));
        field.and_then(|f| system?.field(f)).map_or(0, |i| i + 1)
    }

    /// `pattern` as the source of a JavaScript `RegExp` (flag `u`) that
    /// matches what Rust's `regex` matches (`pattern`); `None` without a
    /// pattern.
    pub fn javascript_pattern(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.printed_pattern(|p| &p.javascript, pattern::javascript_source)
    }

    /// `pattern` as the source of a Python `re` pattern (no flags) that
    /// matches what Rust's `regex` matches; `None` without a pattern.
    pub fn python_pattern(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.printed_pattern(|p| &p.python, pattern::python_source)
    }

    /// The pattern as lowering printed it, else printed now; a pattern
    /// that lowering refuses (only in an IR made otherwise) is `(?!)`,
    /// which matches nothing, so that the generated classifier still loads.
    fn printed_pattern(
        &self,
        printed: impl Fn(&PrintedPattern) -> &String,
        print: impl Fn(&str) -> Option<String>,
    ) -> Option<std::borrow::Cow<'_, str>> {
        let pattern = self.pattern.as_deref()?;
        Some(match &self.printed {
            Some(p) => std::borrow::Cow::Borrowed(printed(p).as_str()),
            None => std::borrow::Cow::Owned(print(pattern).unwrap_or_else(|| "(?!)".to_owned())),
        })
    }

    /// The named group of the pattern that fills `param` (see
    /// [`Param::is_filled_by`]); `None` without a pattern or such a group.
    /// What the checker and every target read a param from.
    pub fn group_for(&self, param: &Param) -> Option<&str> {
        self.pattern.as_ref()?;
        self.captures
            .iter()
            .find(|c| param.is_filled_by(c))
            .map(String::as_str)
    }
}

/// What a `reserved` statement reserves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum ReservedCode {
    /// One code.
    Code(Code),
    /// An inclusive range of numbers.
    Range {
        /// The first number.
        from: u64,
        /// The last number.
        to: u64,
    },
}

/// A reserved code or range.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Reserved {
    /// What is reserved.
    pub code: ReservedCode,
    /// Why.
    pub reason: Option<String>,
    /// The group it was written in.
    pub group: Option<usize>,
    /// Where it was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

impl Reserved {
    /// Whether it reserves `code`.
    pub fn covers(&self, code: &Code) -> bool {
        match &self.code {
            ReservedCode::Code(c) => match (c, code) {
                (Code::Int(a), Code::Str(_)) => code.number() == Some(*a),
                _ => c == code,
            },
            ReservedCode::Range { from, to } => {
                code.number().is_some_and(|n| (*from..=*to).contains(&n))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(text: &str) -> Catalog {
        let (catalog, diagnostics) = parse_and_lower(FileId(0), text).expect("it parses");
        assert!(
            diagnostics.iter().all(|d| !d.is_error()),
            "{diagnostics:#?}"
        );
        catalog
    }

    /// The locale fallback: the locale asked for, else the default, else
    /// the first text there is; exact lookups stay exact.
    #[test]
    fn localized_falls_back_to_the_default_then_the_first() {
        let catalog = catalog(
            r#"catalog demo {
  locales en, zh, ko
}
error both = "BOTH" {
  message en "Both."
  message zh "两者。"
  remedy zh "只有中文。"
  remedy ko "한국어만."
}
"#,
        );
        let entry = &catalog.entries[0];
        fn text(m: Option<&Message>) -> Option<&str> {
            m.map(|m| m.text.as_str())
        }
        assert_eq!(
            text(catalog.localized(&entry.messages, "zh")),
            Some("两者。")
        );
        assert_eq!(
            text(catalog.localized(&entry.messages, "ko")),
            Some("Both.")
        );
        assert_eq!(
            text(catalog.localized(&entry.messages, "xx")),
            Some("Both.")
        );
        assert_eq!(text(entry.message("ko")), None);
        let remedy = |l| {
            catalog
                .localized(&entry.remedies, l)
                .map(|t| t.text.as_str())
        };
        assert_eq!(remedy("ko"), Some("한국어만."));
        // Neither `en` nor the default: the first one written.
        assert_eq!(remedy("en"), Some("只有中文。"));
        assert_eq!(catalog.localized(&entry.description, "en"), None);
    }
}
