//! The envelope: the wire shape of an error response, lowered once.
//!
//! The catalog's `envelope` block names some members by role (`code
//! "error_code"`, `sub_code "subErrCode"`, `field "logs": string`); its
//! shape adds others (a `problem` envelope's `type`, `title`, `status`,
//! `detail`, `instance`). Lowering resolves all of them into one final,
//! ordered list of [`EnvelopeMember`]s, each saying what it carries
//! ([`MemberKind`]): a target maps each kind to its syntax in one place
//! and never looks at the shape or a wire name to learn what a member is.
//! Wire names are unique on that final list (checked when lowering, with
//! `invalid-envelope`).
//!
//! What the catalog itself decides about a member is decided here too:
//! its JSON type (an integer code in a catalog of integer codes), whether a
//! response may leave it out ([`settle_optional`]), and the problem `type`
//! of each code ([`Envelope::problem_type`]).
//!
//! A catalog declares several envelopes, each named ([`Envelope::name`],
//! `default` when unnamed), and each entry says which ones it is sent in
//! ([`Entry::envelopes`](super::Entry::envelopes)). A member that nests
//! the error object (the CLI's `{status, error: {…}, meta}`) is a
//! [`MemberKind::Error`] holding its own member list
//! ([`EnvelopeMember::members`]); a success response's payload is a
//! [`MemberKind::Data`]. An envelope with a payload and no code is a
//! *success shape* ([`Envelope::is_success`]): it holds no entry, and is
//! generated so that a client can tell a success body from an error body.
//! Members are typed with [`ParamType`], structured types included.
//! Targets keep mapping each kind in one place.

use super::{Code, Entry, EntryKind, MetaValue, Names, ParamType};
use crate::diagnostic::{Diagnostic, Rule};
use crate::source::Span;
#[cfg(feature = "ir")]
use serde::Serialize;
use std::borrow::Cow;

/// The shape of the error envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum EnvelopeShape {
    /// One object with a code and a message.
    Flat,
    /// An outer code and message with an inner sub-code and sub-message.
    TwoLevel,
    /// RFC 9457 `application/problem+json`.
    Problem,
}

impl EnvelopeShape {
    /// `flat`, `two_level` or `problem`, as the catalog writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvelopeShape::Flat => "flat",
            EnvelopeShape::TwoLevel => "two_level",
            EnvelopeShape::Problem => "problem",
        }
    }
}

/// What an envelope member carries, whatever the shape and the wire name.
///
/// The kinds whose value comes from the error itself are [`Code`],
/// [`Message`], [`Title`], [`HttpStatus`], [`Stage`], [`Params`],
/// [`ProblemType`] and [`Const`]; the server fills the others per
/// occurrence ([`MemberKind::per_occurrence`]).
///
/// [`Code`]: MemberKind::Code
/// [`Message`]: MemberKind::Message
/// [`Title`]: MemberKind::Title
/// [`HttpStatus`]: MemberKind::HttpStatus
/// [`Stage`]: MemberKind::Stage
/// [`Params`]: MemberKind::Params
/// [`ProblemType`]: MemberKind::ProblemType
/// [`Const`]: MemberKind::Const
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum MemberKind {
    /// The catalog code of the error (`code`; `sub_code` in a two-level
    /// envelope).
    Code,
    /// The error's message in the response's locale, its params filled in
    /// (`message`; `sub_message` in a two-level envelope).
    Message,
    /// A problem's `title`: a short summary that is the same for every
    /// occurrence of the code ([`Envelope::problem_title`]).
    Title,
    /// The HTTP status of the error (a problem's `status`).
    HttpStatus,
    /// The stage the error occurred in.
    Stage,
    /// The object of the error's params, by name, each with its type.
    Params,
    /// A fixed value ([`EnvelopeMember::value`]).
    Const,
    /// A problem's `type`: a URI for the code ([`Envelope::problem_type`]).
    ProblemType,
    /// The code of the failed internal call (a two-level envelope's outer
    /// `code`), set by the server.
    OuterCode,
    /// The message of the failed internal call (a two-level envelope's
    /// outer `message`), set by the server.
    OuterMessage,
    /// Free-form detail of this occurrence (a flat envelope's `detail`),
    /// set by the server. A problem's `detail` is its [`MemberKind::Message`].
    Detail,
    /// A URI for this occurrence (a problem's `instance`), set by the
    /// server.
    Instance,
    /// A field of the service's own, with its type (`field`), set by the
    /// server.
    Field,
    /// The error object nested in the outer one (`error "error" { … }`):
    /// its members are [`EnvelopeMember::members`].
    Error,
    /// A success response's payload, with its type (`data "data": TYPE`),
    /// set by the server.
    Data,
}

impl MemberKind {
    /// Its name in the IR's JSON: `code`, `http_status`, `outer_code`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            MemberKind::Code => "code",
            MemberKind::Message => "message",
            MemberKind::Title => "title",
            MemberKind::HttpStatus => "http_status",
            MemberKind::Stage => "stage",
            MemberKind::Params => "params",
            MemberKind::Const => "const",
            MemberKind::ProblemType => "problem_type",
            MemberKind::OuterCode => "outer_code",
            MemberKind::OuterMessage => "outer_message",
            MemberKind::Detail => "detail",
            MemberKind::Instance => "instance",
            MemberKind::Field => "field",
            MemberKind::Error => "error",
            MemberKind::Data => "data",
        }
    }

    /// Whether the server fills it per occurrence: the catalog fixes
    /// neither its value nor where it comes from.
    pub fn per_occurrence(self) -> bool {
        matches!(
            self,
            MemberKind::OuterCode
                | MemberKind::OuterMessage
                | MemberKind::Detail
                | MemberKind::Instance
                | MemberKind::Field
                | MemberKind::Data
        )
    }

    /// What it carries, in words, for diagnostics: `the HTTP status`.
    pub fn what(self) -> &'static str {
        match self {
            MemberKind::Code => "the code",
            MemberKind::Message => "the message",
            MemberKind::Title => "the problem's title",
            MemberKind::HttpStatus => "the HTTP status",
            MemberKind::Stage => "the stage",
            MemberKind::Params => "the params",
            MemberKind::Const => "a fixed value",
            MemberKind::ProblemType => "the problem type",
            MemberKind::OuterCode => "the outer code",
            MemberKind::OuterMessage => "the outer message",
            MemberKind::Detail => "the detail",
            MemberKind::Instance => "the problem instance",
            MemberKind::Field => "a field",
            MemberKind::Error => "the nested error object",
            MemberKind::Data => "the success payload",
        }
    }
}

/// One member of the envelope, resolved.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct EnvelopeMember {
    /// Its name on the wire (unique in its envelope).
    pub wire: String,
    /// What it carries.
    pub kind: MemberKind,
    /// Its type on the wire: for [`MemberKind::Code`] and
    /// [`MemberKind::OuterCode`] the catalog's kind of code.
    pub ty: ParamType,
    /// Whether a response may leave it out (decided once, when lowering).
    pub optional: bool,
    /// Its value, for [`MemberKind::Const`] (else `None`).
    pub value: Option<MetaValue>,
    /// For [`MemberKind::Error`], the members of the nested error object,
    /// in wire order (else empty).
    pub members: Vec<EnvelopeMember>,
    /// Where its wire name was written; `None` for a member the shape adds
    /// (a problem's `type`, …) or the default envelope's.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Option<Span>,
}

impl EnvelopeMember {
    /// A member of `kind` that the shape adds, required until settled.
    pub(crate) fn implied(kind: MemberKind, wire: &str, ty: ParamType) -> EnvelopeMember {
        EnvelopeMember {
            wire: wire.to_owned(),
            kind,
            ty,
            optional: false,
            value: None,
            members: Vec::new(),
            span: None,
        }
    }
}

/// The wire shape of a response.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Envelope {
    /// Its name in every case: as declared, or `default`
    /// ([`Envelope::DEFAULT`]).
    pub name: Names,
    /// Its title, if declared.
    pub title: Option<String>,
    /// The shape.
    pub shape: EnvelopeShape,
    /// Every member, in wire order: for a problem, its RFC 9457 members
    /// (`type`, `title`, `status`, `detail` — the filled message —,
    /// `instance`), the code, then the declared ones; otherwise as declared.
    pub members: Vec<EnvelopeMember>,
    /// For `problem`: the URI the code is appended to, to make `type`.
    pub type_base: Option<String>,
    /// Its head, `envelope [NAME] ["Title"] [shape] {`; `None` for the
    /// envelope a catalog without one has.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Option<crate::source::Span>,
}

impl Envelope {
    /// The name of an envelope declared without one.
    pub const DEFAULT: &'static str = "default";

    /// The envelope of a catalog that declares none, `{ "code", "message" }`.
    pub(crate) fn default_flat() -> Envelope {
        Envelope {
            name: Names::new(Envelope::DEFAULT),
            title: None,
            span: None,
            shape: EnvelopeShape::Flat,
            members: vec![
                EnvelopeMember::implied(MemberKind::Code, "code", ParamType::String),
                EnvelopeMember::implied(MemberKind::Message, "message", ParamType::String),
            ],
            type_base: None,
        }
    }

    /// The first member of `kind`, if any, at the top or in the nested
    /// error object (a kind other than `Const` and `Field` appears at most
    /// once in the two together).
    pub fn member(&self, kind: MemberKind) -> Option<&EnvelopeMember> {
        self.members
            .iter()
            .find(|m| m.kind == kind)
            .or_else(|| self.error_object()?.members.iter().find(|m| m.kind == kind))
    }

    /// The member that nests the error object, if the envelope has one.
    pub fn error_object(&self) -> Option<&EnvelopeMember> {
        self.members.iter().find(|m| m.kind == MemberKind::Error)
    }

    /// The members that carry the error's parts: the nested error
    /// object's, or the envelope's own when nothing is nested.
    pub fn error_members(&self) -> &[EnvelopeMember] {
        self.error_object()
            .map_or(&self.members[..], |e| &e.members[..])
    }

    /// Whether it is a success shape: a payload (`data`) and no code. It
    /// holds no entry.
    pub fn is_success(&self) -> bool {
        self.member(MemberKind::Data).is_some() && self.member(MemberKind::Code).is_none()
    }

    /// Whether it is the catalog's `default` envelope (named so, or
    /// declared without a name): targets keep its unprefixed type names.
    pub fn is_default(&self) -> bool {
        self.name.original() == Envelope::DEFAULT
    }

    /// What the envelope's types are named after, behind the catalog's
    /// prefix and before [`Envelope::TYPE_SUFFIXES`]: nothing for the
    /// default envelope (`<Catalog>Envelope`), its name in UpperCamelCase
    /// for the others (`<Catalog>CliEnvelope`, `<Catalog>CliErrorObject`).
    /// Every target that names the envelope's types, and the check that no
    /// record takes one of those names, follow it.
    pub fn type_stem(&self) -> &str {
        type_stem(&self.name)
    }

    /// The types an envelope gets, after its [`Envelope::type_stem`]: the
    /// envelope itself and the error object it may nest.
    pub const TYPE_SUFFIXES: [&'static str; 2] = ["Envelope", "ErrorObject"];

    /// What the snake_case targets name its functions after (`to_envelope`,
    /// `from_cli_envelope`): `envelope` for the default envelope,
    /// `{name}_envelope` for the others, as its types are named.
    pub fn function_stem(&self) -> String {
        if self.is_default() {
            "envelope".to_owned()
        } else {
            format!("{}_envelope", self.name.snake())
        }
    }

    /// The wire name of the member of `kind`, if any.
    pub fn wire(&self, kind: MemberKind) -> Option<&str> {
        self.member(kind).map(|m| m.wire.as_str())
    }

    /// How a problem envelope makes `type` from a code; `None` for the
    /// other shapes.
    pub fn problem_type(&self) -> Option<ProblemType<'_>> {
        (self.shape == EnvelopeShape::Problem).then(|| match &self.type_base {
            Some(base) => ProblemType::Prefixed(base),
            None => ProblemType::Blank,
        })
    }
}

impl Envelope {
    /// The `status` of a problem response for `entry`: its `http`, else
    /// [`Envelope::FALLBACK_STATUS`]. RFC 9457 makes `status` advisory
    /// only, but a client that reads it must find the status the server
    /// sends, so a problem envelope always has it.
    pub fn problem_status(entry: &Entry) -> u16 {
        entry.http.unwrap_or(Envelope::FALLBACK_STATUS)
    }

    /// The status of a problem response for an error without `http`: 500.
    pub const FALLBACK_STATUS: u16 = 500;

    /// A problem's `title` for `entry`, the same text for every occurrence
    /// of its code (RFC 9457, 3.1.4), in every target. With a `type_base`
    /// it is the entry's name in words (`out_of_stock` → `Out of stock`),
    /// which names the problem type; with the `type` `about:blank` it is
    /// the reason phrase of the entry's status (`Conflict` for 409, RFC
    /// 9457, 4.2.1), or the name in words for a status without a
    /// registered phrase. The occurrence — the message with its params
    /// filled in, in the response's locale — goes into `detail`.
    pub fn problem_title(&self, entry: &Entry) -> Cow<'static, str> {
        if self.type_base.is_none() {
            if let Some(phrase) = status_phrase(Envelope::problem_status(entry)) {
                return Cow::Borrowed(phrase);
            }
        }
        Cow::Owned(in_words(entry.name.snake()))
    }
}

/// A snake_case name in words, its first letter capitalised:
/// `out_of_stock` → `Out of stock`.
fn in_words(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for word in snake.split('_').filter(|w| !w.is_empty()) {
        if out.is_empty() {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out
}

/// The reason phrase of a registered HTTP status (RFC 9110, 15), for the
/// statuses an error response has (4xx and 5xx).
pub fn status_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Every reason phrase a table may give `status`: the registered one
/// ([`status_phrase`]), a success status's, and the names RFC 7231 gave
/// before RFC 9110 renamed them (`422 Unprocessable Entity`).
pub fn status_phrases(status: u16) -> impl Iterator<Item = &'static str> {
    const OTHERS: &[(u16, &str)] = &[
        (200, "OK"),
        (201, "Created"),
        (202, "Accepted"),
        (204, "No Content"),
        (413, "Payload Too Large"),
        (413, "Request Entity Too Large"),
        (416, "Requested Range Not Satisfiable"),
        (422, "Unprocessable Entity"),
    ];
    let others = OTHERS.iter().filter(move |(s, _)| *s == status);
    status_phrase(status)
        .into_iter()
        .chain(others.map(|&(_, phrase)| phrase))
}

/// A problem's `type`, the same in every target: the catalog's `type_base`
/// followed by the code, or `about:blank` without one (RFC 9457, 4.2.1:
/// the type a problem without `type` has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType<'a> {
    /// `type_base` followed by the code.
    Prefixed(&'a str),
    /// [`ProblemType::BLANK`] for every code.
    Blank,
}

impl ProblemType<'_> {
    /// The type of a problem without a `type_base`.
    pub const BLANK: &'static str = "about:blank";

    /// The `type` of the error with `code`.
    pub fn of(self, code: &Code) -> Cow<'static, str> {
        match self {
            ProblemType::Prefixed(base) => Cow::Owned(format!("{base}{code}")),
            ProblemType::Blank => Cow::Borrowed(ProblemType::BLANK),
        }
    }
}

/// The final member list of an envelope of `shape` whose block declared
/// `declared` (in order, each with its span; `code` the declared code
/// member, if any) at `head`: a problem's RFC 9457 members and code first.
/// Reports and leaves out every member whose wire name an earlier one has.
pub(crate) fn finish_members(
    shape: EnvelopeShape,
    mut declared: Vec<EnvelopeMember>,
    head: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EnvelopeMember> {
    let mut members = Vec::with_capacity(declared.len() + 6);
    if shape == EnvelopeShape::Problem {
        use MemberKind as K;
        let code = declared
            .iter()
            .position(|m| m.kind == K::Code)
            .map(|i| declared.remove(i))
            .unwrap_or_else(|| EnvelopeMember::implied(K::Code, "code", ParamType::String));
        members.extend([
            EnvelopeMember::implied(K::ProblemType, "type", ParamType::String),
            EnvelopeMember::implied(K::Title, "title", ParamType::String),
            EnvelopeMember::implied(K::HttpStatus, "status", ParamType::Int),
            // The occurrence: the message with its params filled in.
            EnvelopeMember::implied(K::Message, "detail", ParamType::String),
            EnvelopeMember {
                optional: true,
                ..EnvelopeMember::implied(K::Instance, "instance", ParamType::String)
            },
        ]);
        declared.insert(0, code);
    }
    for member in declared {
        match members.iter().find(|m| m.wire == member.wire) {
            Some(first) => diagnostics.push(duplicate_wire(shape, first, &member, head)),
            None => members.push(member),
        }
    }
    members
}

/// `invalid-envelope`: `again` has the wire name of `first`, which comes
/// before it in the final list.
fn duplicate_wire(
    shape: EnvelopeShape,
    first: &EnvelopeMember,
    again: &EnvelopeMember,
    head: Span,
) -> Diagnostic {
    let wire = &first.wire;
    let message = format!("wire name `{wire}` is used twice");
    match (first.span, again.span) {
        (Some(first_span), Some(span)) => Diagnostic::new(Rule::InvalidEnvelope, span, message)
            .label(format!("used again here, for {}", again.kind.what()))
            .secondary(
                first_span,
                format!("first used here, for {}", first.kind.what()),
            )
            .help("give every envelope member its own wire name"),
        // The first is implied; only the second can have been written.
        (None, again_span) => {
            let (label, help) = if shape == EnvelopeShape::Problem && first.kind != MemberKind::Code
            {
                (
                    format!("a problem envelope has `{wire}` already, for {}", first.kind.what()),
                    format!(
                        "rename this member: RFC 9457 fixes `type`, `title`, `status`, `detail` and `instance`, and errgen fills `{wire}` with {}",
                        first.kind.what()
                    ),
                )
            } else {
                (
                    format!("the envelope's code is `{wire}` unless the envelope names it"),
                    "rename this member, or name the code: `code \"error_code\"`".to_owned(),
                )
            };
            let span = again_span.unwrap_or(head);
            Diagnostic::new(Rule::InvalidEnvelope, span, message)
                .label(format!("used here for {}", again.kind.what()))
                .secondary(head, label)
                .help(help)
        }
        // Only a written member follows an implied one.
        (Some(first_span), None) => Diagnostic::new(Rule::InvalidEnvelope, first_span, message)
            .label("used here")
            .help("give every envelope member its own wire name"),
    }
}

/// Decides, once for every target, which members an error response may
/// leave out besides those declared optional (and a problem's `instance`):
/// the stage when some errors have none, the HTTP status when some errors
/// have none — except a problem's `status`, which is always sent
/// ([`Envelope::problem_status`]). A two-level envelope's outer code and
/// message are optional from the start (set only when an internal call
/// failed).
///
/// Each envelope of `envelopes` is settled by the error entries sent in it
/// (its position in `envelopes` is what [`Entry::envelopes`] holds).
pub(crate) fn settle_optional(envelopes: &mut [Envelope], entries: &[Entry]) {
    for (index, envelope) in envelopes.iter_mut().enumerate() {
        let errors = || {
            entries
                .iter()
                .filter(|e| e.kind == EntryKind::Error && e.envelopes.contains(&index))
        };
        let some_without_stage = errors().any(|e| e.stage.is_none());
        let some_without_http =
            envelope.shape != EnvelopeShape::Problem && errors().any(|e| e.http.is_none());
        let settle = |member: &mut EnvelopeMember| {
            member.optional |= match member.kind {
                MemberKind::Stage => some_without_stage,
                MemberKind::HttpStatus => some_without_http,
                _ => false,
            };
        };
        for member in &mut envelope.members {
            settle(member);
            member.members.iter_mut().for_each(settle);
        }
    }
}

/// What a field of the envelope is declared as: the catalog's keyword, which
/// lowering turns into a [`MemberKind`] (see [`EnvelopeRole::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum EnvelopeRole {
    /// `code` (a two-level envelope's outer code).
    Code,
    /// `message` (a two-level envelope's outer message).
    Message,
    /// `detail`.
    Detail,
    /// `stage`.
    Stage,
    /// `params`.
    Params,
    /// `sub_code`.
    SubCode,
    /// `sub_message`.
    SubMessage,
    /// `const`.
    Const,
    /// `field`, and a problem's `type`, `status` and `instance`.
    Field,
}

impl EnvelopeRole {
    /// The role with this keyword.
    pub fn from_keyword(word: &str) -> Option<EnvelopeRole> {
        Some(match word {
            "code" => EnvelopeRole::Code,
            "message" => EnvelopeRole::Message,
            "detail" => EnvelopeRole::Detail,
            "stage" => EnvelopeRole::Stage,
            "params" => EnvelopeRole::Params,
            "sub_code" => EnvelopeRole::SubCode,
            "sub_message" => EnvelopeRole::SubMessage,
            _ => return None,
        })
    }

    /// What a member declared with this role carries in an envelope of
    /// `shape`.
    pub fn kind(self, shape: EnvelopeShape) -> MemberKind {
        let two_level = shape == EnvelopeShape::TwoLevel;
        match self {
            EnvelopeRole::Code if two_level => MemberKind::OuterCode,
            EnvelopeRole::Message if two_level => MemberKind::OuterMessage,
            EnvelopeRole::Code | EnvelopeRole::SubCode => MemberKind::Code,
            EnvelopeRole::Message | EnvelopeRole::SubMessage => MemberKind::Message,
            EnvelopeRole::Detail => MemberKind::Detail,
            EnvelopeRole::Stage => MemberKind::Stage,
            EnvelopeRole::Params => MemberKind::Params,
            EnvelopeRole::Const => MemberKind::Const,
            EnvelopeRole::Field => MemberKind::Field,
        }
    }
}

/// [`Envelope::type_stem`] of an envelope named `name` (lowering knows the
/// names before the envelopes are whole).
pub(crate) fn type_stem(name: &super::Names) -> &str {
    if name.original() == Envelope::DEFAULT {
        ""
    } else {
        name.upper_camel()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{parse_and_lower, Catalog};
    use crate::source::{FileId, SourceFile, SourceMap};

    /// The catalog `header` opens, with one error entry, and its
    /// diagnostics rendered as `errgen check` prints them.
    fn lower(header: &str) -> (Catalog, Vec<Diagnostic>, String) {
        let text = format!("{header}\nerror \"E_ONE\" {{ message \"One.\" http 400 }}\n");
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("demo.errors", None, text.clone()));
        let (catalog, diagnostics) = parse_and_lower(file, &text).expect("it parses");
        let rendered = diagnostics
            .iter()
            .map(|d| crate::render::human(d, &sources, false))
            .collect();
        (catalog, diagnostics, rendered)
    }

    fn kinds(envelope: &Envelope) -> Vec<(&str, MemberKind)> {
        envelope
            .members
            .iter()
            .map(|m| (m.wire.as_str(), m.kind))
            .collect()
    }

    /// Asserts one `invalid-envelope` error about `wire` whose primary span
    /// is the text `primary` and whose rendering says each of `says`.
    fn assert_duplicate(header: &str, wire: &str, primary: &str, says: &[&str]) -> Catalog {
        let (catalog, diagnostics, rendered) = lower(header);
        assert_eq!(diagnostics.len(), 1, "{rendered}");
        let d = &diagnostics[0];
        assert_eq!(d.rule, Rule::InvalidEnvelope);
        assert_eq!(d.message, format!("wire name `{wire}` is used twice"));
        let text = format!("{header}\n");
        assert_eq!(&text[d.primary.span.start..d.primary.span.end], primary);
        assert_eq!(d.secondary.len(), 1, "{rendered}");
        assert!(d.help.is_some(), "{rendered}");
        for s in says {
            assert!(rendered.contains(s), "`{s}` in:\n{rendered}");
        }
        // The final list has the wire name once.
        let count = catalog.envelope().members.iter().filter(|m| m.wire == wire);
        assert_eq!(count.count(), 1);
        catalog
    }

    /// The case: `status` of the service's own in a problem
    /// envelope, which has `status` already (the TS had it twice, the Rust
    /// sent both `status` and `status_` as `"status"`).
    #[test]
    fn a_field_named_like_a_problem_member_is_reported() {
        let catalog = assert_duplicate(
            "catalog demo {\n  envelope problem {\n    code \"code\"\n    field \"status\": string\n  }\n}",
            "status",
            "\"status\"",
            &[
                "error[E0024]: wire name `status` is used twice",
                "used here for a field",
                "a problem envelope has `status` already, for the HTTP status",
                "help: rename this member: RFC 9457 fixes `type`, `title`, `status`, `detail` and `instance`",
            ],
        );
        let status = catalog.envelope().member(MemberKind::HttpStatus);
        assert_eq!(status.map(|m| &m.ty), Some(&ParamType::Int));
        assert!(catalog.envelope().member(MemberKind::Field).is_none());
    }

    /// The problem's code extension, named after a fixed member.
    #[test]
    fn a_problem_code_named_type_is_reported() {
        assert_duplicate(
            "catalog demo {\n  envelope problem {\n    code \"type\"\n  }\n}",
            "type",
            "\"type\"",
            &["used here for the code", "for the problem type"],
        );
    }

    /// The code a problem envelope implies when it names none.
    #[test]
    fn a_member_named_like_the_implied_code_is_reported() {
        assert_duplicate(
            "catalog demo {\n  envelope problem {\n    params \"code\"\n  }\n}",
            "code",
            "\"code\"",
            &[
                "the envelope's code is `code` unless the envelope names it",
                "help: rename this member, or name the code",
            ],
        );
    }

    /// Two declared members: both spans shown.
    #[test]
    fn two_declared_members_with_one_wire_name_are_reported() {
        let catalog = assert_duplicate(
            "catalog demo {\n  envelope {\n    code \"code\"\n    message \"text\"\n    const \"text\" = true\n  }\n}",
            "text",
            "\"text\"",
            &[
                "used again here, for a fixed value",
                "first used here, for the message",
                "help: give every envelope member its own wire name",
            ],
        );
        // The first one stays.
        assert_eq!(
            kinds(catalog.envelope()),
            [("code", MemberKind::Code), ("text", MemberKind::Message)]
        );
        let (_, diagnostics, _) = lower("catalog demo {\n  envelope {\n    code \"code\"\n    message \"text\"\n    const \"text\" = true\n  }\n}");
        let d = &diagnostics[0];
        let text = "catalog demo {\n  envelope {\n    code \"code\"\n    message \"text\"\n    const \"text\" = true\n  }\n}\n";
        // The primary span is the second `"text"`, the first is secondary.
        assert!(d.primary.span.start > d.secondary[0].span.start);
        assert_eq!(
            &text[d.secondary[0].span.start..d.secondary[0].span.end],
            "\"text\""
        );
    }

    /// Every member of each shape resolved to what it carries, in wire order.
    #[test]
    fn members_say_what_they_carry() {
        let (problem, diagnostics, rendered) = lower(
            "catalog demo {\n  envelope problem {\n    type_base \"https://errors.example.com/\"\n    params \"params\"\n    field \"trace\": string optional\n  }\n}",
        );
        assert!(diagnostics.is_empty(), "{rendered}");
        use MemberKind as K;
        assert_eq!(
            kinds(problem.envelope()),
            [
                ("type", K::ProblemType),
                ("title", K::Title),
                ("status", K::HttpStatus),
                ("detail", K::Message),
                ("instance", K::Instance),
                ("code", K::Code),
                ("params", K::Params),
                ("trace", K::Field),
            ]
        );
        let optional: Vec<&str> = problem
            .envelope()
            .members
            .iter()
            .filter(|m| m.optional)
            .map(|m| m.wire.as_str())
            .collect();
        // `status` and `detail` (the occurrence's message) are always sent.
        assert_eq!(optional, ["instance", "params", "trace"]);
        let by_server: Vec<&str> = problem
            .envelope()
            .members
            .iter()
            .filter(|m| m.kind.per_occurrence())
            .map(|m| m.wire.as_str())
            .collect();
        assert_eq!(by_server, ["instance", "trace"]);
        let code = crate::ir::Code::Str("E_ONE".into());
        let problem_type = problem.envelope().problem_type().expect("a problem");
        assert_eq!(problem_type.of(&code), "https://errors.example.com/E_ONE");

        let (two_level, diagnostics, rendered) = lower(
            "catalog demo {\n  envelope two_level {\n    code \"errCode\"\n    message \"errMessage\"\n    sub_code \"subErrCode\"\n    sub_message \"subErrMessage\"\n    stage \"stage\"\n  }\n}",
        );
        assert!(diagnostics.is_empty(), "{rendered}");
        assert_eq!(
            kinds(two_level.envelope()),
            [
                ("errCode", K::OuterCode),
                ("errMessage", K::OuterMessage),
                ("subErrCode", K::Code),
                ("subErrMessage", K::Message),
                ("stage", K::Stage),
            ]
        );
        assert!(two_level.envelope().problem_type().is_none());
        // The outer pair is set only when an internal call failed; the
        // only error has no stage.
        let optional: Vec<bool> = two_level
            .envelope()
            .members
            .iter()
            .map(|m| m.optional)
            .collect();
        assert_eq!(optional, [true, true, false, false, true]);
    }

    /// Without `type_base`, `about:blank`; without an HTTP status on some
    /// error, `status` is still sent (500); integer codes are integers.
    #[test]
    fn problem_defaults_and_integer_codes() {
        let text = "catalog demo {\n  envelope problem {\n    code \"code\"\n  }\n}\nerror one = 100 { message \"One.\" }\n";
        let (catalog, diagnostics) = parse_and_lower(FileId(0), text).expect("it parses");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let envelope = catalog.envelope();
        let problem_type = envelope.problem_type().expect("a problem");
        assert_eq!(problem_type, ProblemType::Blank);
        assert_eq!(problem_type.of(&catalog.entries[0].code), "about:blank");
        let status = envelope.member(MemberKind::HttpStatus).expect("status");
        assert!(!status.optional);
        assert_eq!(Envelope::problem_status(&catalog.entries[0]), 500);
        let code = envelope.member(MemberKind::Code).expect("code");
        assert_eq!(code.ty, ParamType::Int);
    }

    /// A problem's title is one text per code, never the occurrence's
    /// message: the name in words with a `type_base`, the status phrase
    /// with `about:blank` (RFC 9457, 4.2.1), the name in words for a status
    /// without a phrase.
    #[test]
    fn problem_titles_are_stable_per_code() {
        let body = "error out_of_stock = \"S_1\" { http 409 message \"{item} is gone.\" }\nerror odd = \"S_2\" { http 499 message \"Odd.\" }\nerror plain = \"S_3\" { message \"Plain.\" }\n";
        let titles = |envelope: &str| {
            let text =
                format!("catalog demo {{\n  envelope problem {{\n{envelope}  }}\n}}\n{body}");
            let (catalog, diagnostics) = parse_and_lower(FileId(0), &text).expect("it parses");
            assert!(diagnostics.is_empty(), "{diagnostics:#?}");
            let envelope = catalog.envelope();
            let titles: Vec<String> = catalog
                .entries
                .iter()
                .map(|e| envelope.problem_title(e).into_owned())
                .collect();
            titles
        };
        assert_eq!(
            titles("    type_base \"https://e.example/\"\n"),
            ["Out of stock", "Odd", "Plain"]
        );
        assert_eq!(titles(""), ["Conflict", "Odd", "Internal Server Error"]);
        assert_eq!(in_words("_leading__double_"), "Leading double");
    }

    /// Several envelopes: names, titles, a nested error object, a success
    /// shape, and the envelopes each entry is sent in.
    #[test]
    fn several_envelopes_lower_to_a_named_list() {
        let text = "catalog demo {\n  envelope {\n    code \"code\"\n  }\n  envelope cli \"CLI output\" {\n    const \"status\" = \"error\"\n    error \"error\" {\n      code \"code\"\n      message \"message\"\n    }\n  }\n  envelope done {\n    data \"data\": any\n  }\n  envelopes default, cli\n}\nerror one = \"E_ONE\" { message \"One.\" }\ngroup g {\n  envelopes cli\n  error two = \"E_TWO\" { message \"Two.\" }\n}\n";
        let (catalog, diagnostics) = parse_and_lower(FileId(0), text).expect("it parses");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let names: Vec<&str> = catalog
            .envelopes
            .iter()
            .map(|e| e.name.original())
            .collect();
        assert_eq!(names, ["default", "cli", "done"]);
        assert_eq!(catalog.envelopes[1].title.as_deref(), Some("CLI output"));
        let cli = &catalog.envelopes[1];
        let nested = cli.error_object().expect("nested");
        assert_eq!(
            kinds(cli),
            [("status", MemberKind::Const), ("error", MemberKind::Error)]
        );
        assert_eq!(nested.members.len(), 2);
        assert_eq!(
            cli.member(MemberKind::Message).map(|m| m.wire.as_str()),
            Some("message")
        );
        assert!(!cli.is_success() && catalog.envelopes[2].is_success());
        assert_eq!(&*catalog.default_envelopes, &[0, 1]);
        assert_eq!(&*catalog.entries[0].envelopes, &[0, 1]);
        assert_eq!(&*catalog.entries[1].envelopes, &[1]);
    }

    /// The structural errors of several envelopes, each `invalid-envelope`.
    #[test]
    fn structural_errors_are_invalid_envelopes() {
        let cases = [
            ("  envelope {\n    error \"e\" {\n      code \"code\"\n    }\n    error \"f\" {\n      code \"c\"\n    }\n  }\n", "the nested error object is set twice"),
            ("  envelope {\n    error \"e\" {\n      code \"code\"\n      error \"x\" {\n      }\n    }\n  }\n", "`error` cannot be inside the nested error object"),
            ("  envelope {\n    code \"code\"\n    data \"data\": any\n  }\n", "an envelope has both a success payload and a code"),
            ("  envelope {\n    code \"code\"\n    error \"e\" {\n      code \"c\"\n    }\n  }\n", "the code is both in the nested error object and outside it"),
            ("  envelope {\n    error \"e\" {\n      code \"c\"\n      message \"c\"\n    }\n  }\n", "wire name `c` is used twice"),
            ("  envelope problem {\n    data \"data\": any\n  }\n", "`data` does not belong in a problem envelope"),
        ];
        for (body, message) in cases {
            let (_, diagnostics, rendered) = lower(&format!("catalog demo {{\n{body}}}"));
            assert!(
                diagnostics.iter().any(|d| d.message == message
                    && matches!(d.rule, Rule::InvalidEnvelope | Rule::DuplicateProperty)),
                "{message}:\n{rendered}"
            );
        }
    }
}
