//! The syntax tree of one catalog file, as written.
//!
//! Nothing here is resolved: defaults are not inherited and names are not
//! checked. The formatter prints this tree; [`crate::ir`] lowers it.

use crate::source::{FileId, Span};

/// A parsed `*.errors` file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// The file it came from.
    pub file: FileId,
    /// The `catalog … { … }` header.
    pub catalog: Catalog,
    /// Groups, entries and reserved codes, in source order.
    pub items: Vec<Item>,
    /// Every `//` comment, in source order (the formatter re-attaches them).
    pub comments: Vec<Comment>,
}

/// A `// …` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Where it is.
    pub span: Span,
    /// Its text, from `//` to the end of the line (trailing blanks removed).
    pub text: String,
}

/// A node with the span it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

/// An identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// As written.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// How a string literal was written (kept so that `fmt` keeps it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrStyle {
    /// `"…"` with escapes.
    Plain,
    /// `r"…"` without escapes.
    Raw,
    /// `"""…"""` over several lines.
    Triple,
}

/// A string literal, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The decoded value.
    pub value: String,
    /// How it was written.
    pub style: StrStyle,
    /// Where, quotes included.
    pub span: Span,
}

/// An integer literal. `value` is `None` when it does not fit in 64 bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Int {
    /// The digits as written.
    pub digits: String,
    /// The value, when it fits.
    pub value: Option<u64>,
    /// Where.
    pub span: Span,
}

/// A scalar value: a string, a boolean or an integer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Str(Str),
    /// `true` or `false`.
    Bool(bool, Span),
    /// An integer.
    Int(Int),
}

impl Value {
    /// Where the value was written.
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span,
            Value::Bool(_, span) => *span,
            Value::Int(i) => i.span,
        }
    }
}

/// A text with an optional locale: `remedy zh "…"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The locale, if written.
    pub locale: Option<Ident>,
    /// The text.
    pub text: Str,
}

/// The catalog header.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// Its name.
    pub name: Ident,
    /// Its title, if written.
    pub title: Option<Str>,
    /// Its statements.
    pub stmts: Vec<Spanned<CatalogStmt>>,
    /// The whole header.
    pub span: Span,
}

/// A statement of the catalog header.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogStmt {
    /// `version 1.2.0` (bare or quoted).
    Version(Spanned<String>, bool),
    /// `locales en, zh`.
    Locales(Vec<Ident>),
    /// `format "…"`.
    Format(Str),
    /// `stages a, b`.
    Stages(Vec<Ident>),
    /// `option key value`.
    Option(Ident, Value),
    /// `envelope …`.
    Envelope(Envelope),
    /// `envelopes NAME, …`: the envelopes entries are sent in unless a
    /// group or the entry says otherwise.
    Envelopes(Vec<Ident>),
    /// `description [locale] "…"`.
    Description(Text),
    /// `docs "…"`.
    Docs(Str),
    /// `upstream NAME ["Title"] { … }`: an upstream system.
    Upstream(UpstreamDecl),
}

/// `upstream NAME ["Title"] { … }` in the catalog header: a system whose
/// errors the entries' mappings recognise, and how its errors arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct UpstreamDecl {
    /// Its name, as mappings name it.
    pub name: Ident,
    /// Its title, if written.
    pub title: Option<Str>,
    /// Its statements.
    pub stmts: Vec<Spanned<UpstreamSource>>,
}

/// A statement of an upstream declaration: where a part of its errors is read.
#[derive(Debug, Clone, PartialEq)]
pub enum UpstreamSource {
    /// `status http`: the HTTP status of the call.
    Status,
    /// `grpc trailer` (`None`) or `grpc field "path"`.
    Grpc(Option<Str>),
    /// `message text` (`None`) or `message field "path"`.
    Message(Option<Str>),
    /// `field NAME "path"`: a further JSON field mappings may match on.
    Field(Ident, Str),
}
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Its name, if written (else it is `default`).
    pub name: Option<Ident>,
    /// Its title, if written.
    pub title: Option<Str>,
    /// `flat`, `two_level` or `problem`, if written.
    pub shape: Option<Ident>,
    /// Its statements.
    pub stmts: Vec<Spanned<EnvelopeStmt>>,
}

/// A statement of an envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvelopeStmt {
    /// `code "wire_name"` and the other roles, with a type if written
    /// (`detail "detail": any`).
    Role(Ident, Str, Option<TypeExpr>),
    /// `const "ok" = false`.
    Const(Str, Value),
    /// `field "logs": string [optional]`.
    Field(Str, TypeExpr, bool),
    /// `error "error" { … }`: the error object nested in the outer one.
    Error(Str, Vec<Spanned<EnvelopeStmt>>),
    /// `data "data": TYPE`: a success response's payload.
    Data(Str, TypeExpr),
}

/// A type as written: `string`, `context`, `list<string>`, `map<string, int>`.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A name: a scalar (`string`, `int`, `float`, `bool`), `any`, `object`,
    /// `array`, or a record declared with `type`.
    Name(Ident),
    /// `list<T>`.
    List(Box<TypeExpr>, Span),
    /// `map<K, T>` (the key type as written; only `string` is accepted).
    Map(Box<TypeExpr>, Box<TypeExpr>, Span),
}

impl TypeExpr {
    /// Where the type was written.
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Name(name) => name.span,
            TypeExpr::List(_, span) | TypeExpr::Map(_, _, span) => *span,
        }
    }
}

impl std::fmt::Display for TypeExpr {
    /// The type as `errgen fmt` writes it: `map<string, list<int>>`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Name(name) => f.write_str(&name.name),
            TypeExpr::List(item, _) => write!(f, "list<{item}>"),
            TypeExpr::Map(key, value, _) => write!(f, "map<{key}, {value}>"),
        }
    }
}

/// `type name { field … }`: a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    /// Its name.
    pub name: Ident,
    /// Its fields, in source order.
    pub fields: Vec<Spanned<TypeField>>,
    /// The whole declaration.
    pub span: Span,
}

/// `field name: type [optional]` in a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeField {
    /// Its name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// Whether a value may leave it out.
    pub optional: bool,
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A group.
    Group(Group),
    /// An entry.
    Entry(Entry),
    /// A reserved code or range.
    Reserved(Reserved),
    /// A record type.
    Type(TypeDecl),
}

impl Item {
    /// The whole item.
    pub fn span(&self) -> Span {
        match self {
            Item::Group(g) => g.span,
            Item::Entry(e) => e.span,
            Item::Reserved(r) => r.span,
            Item::Type(t) => t.span,
        }
    }
}

/// `group name ["Title"] { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its name.
    pub name: Ident,
    /// Its title.
    pub title: Option<Str>,
    /// Its statements and members, in source order.
    pub stmts: Vec<Spanned<GroupStmt>>,
    /// The whole group.
    pub span: Span,
}

/// A statement or member of a group.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupStmt {
    /// `range a..b`.
    Range(Int, Int),
    /// `prefix "…"`.
    Prefix(Str),
    /// `allow RULE`: a warning the group's entries are exempt from.
    Allow(Ident),
    /// A default for the group's entries.
    Prop(Prop),
    /// A subgroup.
    Group(Group),
    /// An entry.
    Entry(Entry),
    /// A reserved code.
    Reserved(Reserved),
}

/// `reserved CODE ["why"]` or `reserved A..B ["why"]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reserved {
    /// What is reserved.
    pub target: ReservedTarget,
    /// Why.
    pub reason: Option<Str>,
    /// The whole statement.
    pub span: Span,
}

/// What a `reserved` statement reserves.
#[derive(Debug, Clone, PartialEq)]
pub enum ReservedTarget {
    /// An integer code (or the digits of string codes).
    Int(Int),
    /// An inclusive range.
    Range(Int, Int),
    /// A string code.
    Str(Str),
}

/// Whether an entry is an error or a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// `error`.
    Error,
    /// `success`.
    Success,
}

/// A code literal.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeLit {
    /// `100101`.
    Int(Int),
    /// `"OptVerse_10000001"`.
    Str(Str),
}

impl CodeLit {
    /// Where the code was written.
    pub fn span(&self) -> Span {
        match self {
            CodeLit::Int(i) => i.span,
            CodeLit::Str(s) => s.span,
        }
    }
}

/// `error [name =] CODE { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Error or success.
    pub kind: EntryKind,
    /// The name, if written.
    pub name: Option<Ident>,
    /// The code.
    pub code: CodeLit,
    /// Its statements.
    pub stmts: Vec<Spanned<EntryStmt>>,
    /// The whole entry.
    pub span: Span,
    /// The entry's head, `error name = CODE`.
    pub head: Span,
}

/// A statement of an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryStmt {
    /// `message [locale] "…"`.
    Message(Text),
    /// `param …: type`.
    Param(Param),
    /// `replaced_by name`.
    ReplacedBy(Ident),
    /// `alias CODE ["why"]`.
    Alias(Alias),
    /// A property that groups may also set.
    Prop(Prop),
    /// `upstream [name] { … }`.
    Upstream(Upstream),
}

/// `alias CODE ["why"]`: a published code the entry also answers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The code.
    pub code: CodeLit,
    /// Why the entry answers to it, if said.
    pub reason: Option<Str>,
}

/// `param name: type` or `param 0 [as name]: type`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The position, for positional params.
    pub index: Option<Int>,
    /// The name, if written.
    pub name: Option<Ident>,
    /// The type as written.
    pub ty: TypeExpr,
    /// Where `wire` was written, for a wire-only param.
    pub wire: Option<Span>,
}

/// A property shared by entries and groups.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    /// `description [locale] "…"`.
    Description(Text),
    /// `cause [locale] "…"`.
    Cause(Text),
    /// `remedy [locale] "…"`.
    Remedy(Text),
    /// `http N`.
    Http(Int),
    /// `grpc NAME` or `grpc N`.
    Grpc(GrpcLit),
    /// `retryable [bool]`.
    Retryable(Option<(bool, Span)>),
    /// `stage name`.
    Stage(Ident),
    /// `deprecated ["why"]`.
    Deprecated(Option<Str>),
    /// `docs "url"`.
    Docs(Str),
    /// `meta key value`.
    Meta(Ident, Value),
    /// `envelopes NAME, …`: the envelopes the entries are sent in.
    Envelopes(Vec<Ident>),
}

/// A gRPC code as written.
#[derive(Debug, Clone, PartialEq)]
pub enum GrpcLit {
    /// `grpc 5`.
    Int(Int),
    /// `grpc NOT_FOUND`.
    Name(Ident),
}

/// `upstream [name] { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Upstream {
    /// Its name (the upstream system), if written.
    pub name: Option<Ident>,
    /// Its conditions.
    pub stmts: Vec<Spanned<UpstreamStmt>>,
}

/// A condition of an upstream mapping.
#[derive(Debug, Clone, PartialEq)]
pub enum UpstreamStmt {
    /// `http N`.
    Http(Int),
    /// `grpc …`.
    Grpc(GrpcLit),
    /// `match [field] "regex"`.
    Match(Option<Ident>, Str),
    /// `contains [field] "text"`.
    Contains(Option<Ident>, Str),
}
