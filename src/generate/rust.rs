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
//!   `ALL`, `code()`, `from_code()`, `name()`, `http_status()`,
//!   `grpc_code()`, `is_retryable()`, `is_success()` (and `stage()` when the
//!   catalog uses stages), `Display` (the code) and `FromStr` (from the code;
//!   integer catalogs also have `TryFrom<u32>`/`TryFrom<u64>`).
//! - `OptverseError`: one variant per entry holding its typed params, with
//!   the same accessors, `message(locale)`, `params()`, `to_envelope(locale)`,
//!   `Display` (the default locale's message) and `std::error::Error`, plus
//!   `classify(status, grpc, message)` when entries have upstream mappings.
//! - `OptverseEnvelope`: the wire shape of an error response; serde derives
//!   only with the `serde` option.
//! - `OptverseUnknownCode` (the error of a failed code lookup) and
//!   `OptverseMessage` (a message rendered lazily, as `Display`).
//!
//! Every catalog entry is a variant of both enums, success entries too
//! (`is_success()` tells them apart), so that every code can be looked up
//! and enveloped.
//!
//! # Tables, not a `match` per method
//!
//! What is generated is compiled by every user on every clean build, so it
//! is laid out for rustc. The per-entry data (code, name, HTTP status, gRPC
//! code, flags, stage, where its params' names and its messages are) is one
//! static table, `<catalog>_table::ROWS`, indexed by `kind as usize`; the
//! messages are one flat table of pieces (a text, then a param's index)
//! that one function, `<catalog>_table::write`, formats; the upstream
//! mappings are rows of `UPSTREAMS` that `classify` walks in one loop. The
//! error enum's params are bound by one `match`, `args()`: `params()`,
//! the messages, `Debug` and `PartialEq` read it (only `Clone` is derived);
//! every other `match` uses `{ .. }` or builds variants. rustc checks a
//! table once where it checked a `match` arm per entry and method
//! (`benches/downstream.rs`, `BENCHMARKS.md`: 1,000 entries went from 52×
//! the bare `enum`'s time and 4.4× its memory to 10×, 2.0×; 10,000 entries
//! from more than 120 s to 8.6×, 1.2×). What remains is mostly the
//! field-carrying enum: its derived `Clone` and `args()`.
//!
//! The tables are laid out by the generator as tables, one row a line,
//! under `#[rustfmt::skip]` (as core's Unicode tables are); everything else
//! is printed in the shape rustfmt gives it, and a test checks that
//! rustfmt changes nothing.
//!
//! # Names
//!
//! Variants come from an entry's name in UpperCamelCase, fields from a
//! param's name in snake_case. A name that is a Rust keyword in any edition
//! (`type`, `match`, `enum`, `async`, `gen`, …) becomes a raw identifier
//! (`r#type`); `self`, `Self`, `super` and `crate`, which cannot be raw, get
//! a trailing underscore (`self_`, `Self_`). Weak keywords (`default`,
//! `union`, …) are ordinary identifiers and stay as they are. On the wire
//! (params, envelope) names stay as the catalog wrote them. Params are
//! bound in one place, `args()`, which has no local of its own, so no
//! param's binding shadows anything. The table module is
//! `<catalog>_table` (the catalog's name in snake_case, unique in a
//! workspace), so two catalogs can share one module.
//!
//! # Strings
//!
//! Every string from the catalog reaches the output as a Rust string literal
//! that escapes `"`, `\`, control characters and invisible or bidirectional
//! format characters (`\u{200f}`); every doc line is escaped for rustdoc's
//! Markdown. Messages are rendered by writing literal pieces and
//! `Display::fmt` of params, never through format strings made from
//! catalog text.

use super::{Generator, LineBuffer, OptionKind, OptionSpec, Options, PlannedFile};
use crate::ir::EntryIndex;
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, EnvelopeField, EnvelopeRole, EnvelopeShape,
    FieldType, LocalizedText, Message, MetaValue, Param, ParamType, PlaceholderKey, Segment, Segments,
};
use askama::Template;
use heck::ToUpperCamelCase;
use std::borrow::Cow;
use std::ops::Range;
use std::fmt::{self, Display, Write as _};

/// The Rust target.
pub(crate) static GENERATOR: Rust = Rust;

/// The Rust target (see the module's documentation).
pub(crate) struct Rust;

impl Generator for Rust {
    fn summary(&self) -> &'static str {
        "Rust: the error kind enum, the data-carrying error enum, lookups and the envelope."
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
    vec![PlannedFile::new(path, move |out| {
        let view = View::new(catalog, &options);
        if catalog.entries.is_empty() {
            // Enums without variants would make every method unreachable code.
            let mut lines = view.header;
            lines.push("//".into());
            lines
                .push("// The catalog has no entries yet, so there is nothing to generate.".into());
            out.write_all((lines.join("\n") + "\n").as_bytes())
        } else {
            view.write_into(out)
        }
    })]
}

/// What a field `to_envelope` does not fill says about itself.
const LEFT_OUT: &str = "`to_envelope` leaves it out";


/// The width rustfmt formats to; used to decide when a line is broken.
const WIDTH: usize = 100;

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

/// Characters that are escaped in literals and doc comments although they
/// are printable: invisible or direction-changing format characters,
/// separators other than the space, private-use characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00a0}' | '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}'
        | '\u{1680}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}'
        | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}' | '\u{205f}'..='\u{206f}'
        | '\u{3000}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}' | '\u{e000}'..='\u{f8ff}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}' | '\u{f0000}'..='\u{10ffff}')
}

/// `s` as a Rust string literal, `"…"`, that means exactly `s`.
pub fn string_literal(s: &str) -> String {
    text(Literal(s))
}

/// A string literal (see [`string_literal`]), as a piece of a line.
struct Literal<'a>(&'a str);

impl Piece for Literal<'_> {
    fn push_to(&self, out: &mut String) {
        let s = self.0;
        out.push('"');
        // Unescaped runs are written as they are, in one piece; the bytes
        // are looked at one by one.
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if (b' '..0x7f).contains(&b) && b != b'"' && b != b'\\' {
                i += 1;
                continue;
            }
            if is_cjk_lead(b) {
                i += 3;
                continue;
            }
            let (escape, len) = if b.is_ascii() {
                let escape = match bytes[i] {
                    b'"' => "\\\"",
                    b'\\' => "\\\\",
                    b'\n' => "\\n",
                    b'\r' => "\\r",
                    b'\t' => "\\t",
                    b'\0' => "\\0",
                    b if b.is_ascii_control() => "",
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                (escape, 1)
            } else {
                let c = s[i..].chars().next().expect("a char starts here");
                if is_visible(c) {
                    i += c.len_utf8();
                    continue;
                }
                ("", c.len_utf8())
            };
            out.push_str(&s[start..i]);
            if escape.is_empty() {
                let c = s[i..].chars().next().expect("a char starts here");
                push_unicode_escape(out, c);
            } else {
                out.push_str(escape);
            }
            i += len;
            start = i;
        }
        out.push_str(&s[start..]);
        out.push('"');
    }
}

/// Whether `b` begins a character from U+4000 to U+DFFF (three bytes):
/// CJK, Yi, Hangul, which are neither control nor invisible (see
/// [`is_visible`]); found without decoding the character.
fn is_cjk_lead(b: u8) -> bool {
    (0xe4..=0xed).contains(&b)
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

/// Escapes one line of catalog text for rustdoc's Markdown: the text reads
/// as written, with no emphasis, link, HTML, heading or list made of it.
/// Backtick spans that open and close on the line stay code.
fn markdown_line(line: &str) -> String {
    let mut out = String::new();
    push_markdown_line(&mut out, line, true);
    out
}

/// Like [`markdown_line`], for text in the middle of a line.
fn inline(text: &str) -> String {
    let mut out = String::new();
    push_markdown_line(&mut out, &text.replace(['\n', '\r'], " "), false);
    out
}

/// Pushes `line` escaped as [`markdown_line`] (`at_start`) or [`inline`]
/// escape it.
fn push_markdown_line(out: &mut String, line: &str, at_start: bool) {
    let begin = out.len();
    let line = line.trim();
    if !line.contains('`') {
        return push_markdown_text(out, line, at_start, begin);
    }
    // Code spans: split on backticks; they stay only if they pair up.
    let paired = line
        .bytes()
        .filter(|&b| b == b'`')
        .count()
        .is_multiple_of(2);
    for (i, part) in line.split('`').enumerate() {
        if paired && !i.is_multiple_of(2) {
            out.push('`');
            push_visible_str(out, part);
            out.push('`');
            continue;
        }
        if !paired && i > 0 {
            out.push_str("\\`");
        }
        push_markdown_text(out, part, at_start, begin);
    }
}

/// Control and invisible characters as their `\u{…}` escape.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_visible_str(&mut out, s);
    out
}

/// Pushes `s` as [`visible`] writes it: runs of characters written as they
/// are in one piece, the others by [`push_visible`].
fn push_visible_str(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    // The start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if (b' '..0x7f).contains(&bytes[i]) {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().expect("a char starts here");
        if !c.is_ascii() && is_visible(c) {
            i += c.len_utf8();
            continue;
        }
        out.push_str(&s[copied..i]);
        push_visible(out, c);
        i += c.len_utf8();
        copied = i;
    }
    out.push_str(&s[copied..]);
}

/// Pushes `c` as [`visible`] writes it.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\t' => out.push(' '),
        c if c.is_control() || (!c.is_ascii() && is_invisible(c)) => push_unicode_escape(out, c),
        c => out.push(c),
    }
}

/// Whether a character other than ASCII is written as it is: neither a
/// control nor an invisible character (CJK and most other scripts are
/// looked up by one comparison).
fn is_visible(c: char) -> bool {
    (0x3165..0xe000).contains(&(c as u32)) || !c.is_control() && !is_invisible(c)
}

/// For each ASCII byte, whether [`push_markdown_text`] copies it as it is
/// wherever it stands: not a character Markdown may read as syntax, not a
/// digit or `h` (which may start a list item or a URL), not a control
/// character.
const MARKDOWN_PLAIN: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = (byte.is_ascii_graphic() || byte == b' ')
            && !byte.is_ascii_digit()
            && !matches!(
                byte,
                b'\\'
                    | b'*'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'#'
                    | b'|'
                    | b'~'
                    | b'&'
                    | b'_'
                    | b'-'
                    | b'+'
                    | b'='
                    | b'.'
                    | b'h'
                    | b'`'
            );
        b += 1;
    }
    table
};

/// Pushes text outside code spans, Markdown-escaped; `at_start` when the
/// line begins at `begin` in `out` (where `-`, `+`, `=` and `1.` would
/// start a block).
///
/// Runs of characters written as they are go to `out` in one piece: only
/// the bytes that [`MARKDOWN_PLAIN`] does not clear, and characters other
/// than ASCII, are looked at one by one.
fn push_markdown_text(out: &mut String, text: &str, at_start: bool, begin: usize) {
    // Only the first character can start the line: every character before
    // another one writes something.
    let line_start = at_start && out.len() == begin;
    let bytes = text.as_bytes();
    // The start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() && MARKDOWN_PLAIN[usize::from(b)] {
            i += 1;
            continue;
        }
        // Cheap looks first: most of the bytes looked at stand for
        // themselves where they are.
        let starts_line = line_start && i == 0;
        let after_same = i > 0 && bytes[i - 1] == b;
        let plain = match b {
            b'h' => !text[i..].starts_with("http"),
            b'0'..=b'9' | b'+' | b'=' => !starts_line,
            b'-' => !starts_line && !after_same,
            b'.' => !after_same,
            _ => is_cjk_lead(b),
        };
        if plain {
            i += if is_cjk_lead(b) { 3 } else { 1 };
            continue;
        }
        let rest = &text[i..];
        let before = text[..i].chars().next_back();
        let c = rest.chars().next().expect("a char starts here");
        // What stands for `c` (and the bytes after it it covers), when it
        // is not copied as it is.
        let escaped: Escaped = match c {
            // Autolink a bare URL so that rustdoc does not warn about it.
            'h' if before.is_none_or(|b| b.is_whitespace() || b == '(')
                && (rest.starts_with("https://") || rest.starts_with("http://")) =>
            {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(|c| ".,;:!?)'\"".contains(c));
                if !url.contains(['<', '>', '\\', '`']) && url.chars().all(|c| !c.is_control()) {
                    out.push_str(&text[copied..i]);
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                    i += url.len();
                    copied = i;
                    continue;
                }
                Escaped::Plain
            }
            '\\' | '*' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => Escaped::Backslash,
            '_' => {
                let after = rest[1..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric)
                {
                    Escaped::Plain
                } else {
                    Escaped::Backslash
                }
            }
            '-' | '+' | '=' if line_start && i == 0 => Escaped::Backslash,
            // Smart punctuation would make `--` a dash and `...` an ellipsis.
            '-' | '.' if before == Some(c) => Escaped::Backslash,
            '0'..='9' if line_start && i == 0 => {
                // `1.` or `1)` at the start of a line would be a list.
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if let Some(mark @ (b'.' | b')')) = rest.as_bytes().get(digits) {
                    out.push_str(&text[copied..i + digits]);
                    out.push('\\');
                    out.push(char::from(*mark));
                    i += digits + 1;
                    copied = i;
                } else {
                    i += digits;
                }
                continue;
            }
            c if c.is_control() || !c.is_ascii() && !is_visible(c) => Escaped::Visible,
            _ => Escaped::Plain,
        };
        match escaped {
            Escaped::Plain => {}
            Escaped::Backslash => {
                out.push_str(&text[copied..i]);
                out.push('\\');
                out.push(c);
                copied = i + 1;
            }
            Escaped::Visible => {
                out.push_str(&text[copied..i]);
                push_visible(out, c);
                copied = i + c.len_utf8();
            }
        }
        i += c.len_utf8();
    }
    out.push_str(&text[copied..]);
}

/// How [`push_markdown_text`] writes a character it looks at.
enum Escaped {
    /// As it is (copied with the run it is in).
    Plain,
    /// After a backslash.
    Backslash,
    /// As [`push_visible`] writes it.
    Visible,
}

/// Catalog text as Markdown lines (a line per line of the text).
fn markdown(text: &str) -> Vec<String> {
    text.lines().map(markdown_line).collect()
}

/// `s` as an inline code span, or escaped text when it cannot be one.
fn code_span(s: &str) -> String {
    text(CodeSpan(s))
}

/// An inline code span (see [`code_span`]), as a piece of a line.
struct CodeSpan<'a>(&'a str);

impl Piece for CodeSpan<'_> {
    fn push_to(&self, out: &mut String) {
        let s = self.0;
        // Printable ASCII (a code, a name) needs no look at each char.
        let plain = s.bytes().all(|b| (b' '..0x7f).contains(&b))
            || s.chars().all(|c| !c.is_control() && !is_invisible(c));
        if s.is_empty() || s.contains('`') || !plain {
            push_markdown_line(out, &s.replace(['\n', '\r'], " "), false);
        } else {
            out.push('`');
            out.push_str(s);
            out.push('`');
        }
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
// The view model
//
// What a catalog has once (names, locales, docs, the envelope, the upstream
// rules) is prepared as strings; what it has per entry (the variants with
// their docs and the arms of every `match`) is written while the template
// prints it, by sections (methods returning [`Section`]s). So the view stays
// small whatever the catalog's size, and no line is built as a `String`
// only to be copied into the output.

#[derive(Template)]
#[template(path = "rust/catalog.rs", escape = "none")]
struct View<'a> {
    catalog: &'a Catalog,
    /// The catalog's entries by name, for `replaced_by`.
    index: EntryIndex<'a>,
    /// `// …` lines at the top.
    header: Vec<String>,
    locale: String,
    kind: String,
    error: String,
    envelope: String,
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
    deserialize_lines: Vec<String>,
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
    /// The largest number of params an entry has.
    max_params: usize,
    /// The number of params of all entries.
    param_count: usize,
    /// The number of message pieces.
    piece_count: usize,
    /// Where each entry's message in each locale is in the pieces: entry
    /// `i`'s in the locale at `l` is at `i * locales + l`.
    message_ranges: Vec<Range<usize>>,
    envelope_view: EnvelopeView,
    classifier: Option<ClassifierView>,
    serde: bool,
}

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

struct EnvelopeView {
    doc: Vec<String>,
    derives: String,
    fields: Vec<EnvelopeFieldView>,
    /// The expression, on `self`, that gives the kind its code names.
    kind_expr: String,
    kind_doc: String,
}

struct EnvelopeFieldView {
    doc: Vec<String>,
    attrs: Vec<String>,
    ident: String,
    ty: String,
    /// Its value in `to_envelope`, on `self` (an error) and `locale`.
    value: String,
}

struct ClassifierView {
    /// The number of mappings.
    count: usize,
    /// Whether a mapping has a pattern (so the module needs `regex`).
    has_patterns: bool,
    /// The rows of `UPSTREAMS` (at indentation 8), each after a comment.
    rows: Vec<String>,
    /// The arms of `from_upstream` (at indentation 12).
    arms: Vec<String>,
    /// Whether every entry has a mapping (so `from_upstream` needs no `_`).
    every_entry: bool,
}

impl<'a> View<'a> {
    fn new(catalog: &'a Catalog, options: &Options) -> View<'a> {
        let prefix = catalog.name.upper_camel().to_owned();
        let locale = format!("{prefix}Locale");
        let kind = format!("{prefix}Kind");
        let error = format!("{prefix}Error");
        let envelope = format!("{prefix}Envelope");
        let serde = options.flag("serde");
        let catalog_code = code_span(catalog.name.original());
        let default = catalog.default_locale().to_owned();

        let mut header = vec![format!(
            "// Generated by errgen from catalog `{}`{}. Do not edit.",
            catalog.name.original(),
            match &catalog.version {
                Some(v) => format!(" version {}", comment_text(v)),
                None => String::new(),
            }
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
        if !needs.is_empty() {
            header.push("//".into());
            header.push(format!(
                "// The including crate depends on {}.",
                needs.join(" and ")
            ));
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
        let description: Vec<String> = localized(&catalog.description, &default)
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
            let fits = catalog.entries.iter().all(|e| match &e.code {
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

        let has_float = catalog
            .entries
            .iter()
            .any(|e| e.params.iter().any(|p| p.ty == ParamType::Float));

        let envelope_view = EnvelopeView::new(
            catalog,
            &error,
            &kind,
            int_code.as_deref(),
            serde,
            every_http,
            stage.as_ref().map(|s| s.every),
        );

        let classifier = catalog
            .entries
            .iter()
            .any(|e| !e.upstreams.is_empty())
            .then(|| ClassifierView::new(catalog, &kind));

        let unknown = format!("{prefix}UnknownCode");
        let deserialize = format!(
            "Self::from_code(&code).ok_or_else(|| serde::de::Error::custom({unknown} {{ code }}))"
        );
        let deserialize_lines = if fits(8, &deserialize) {
            vec![deserialize]
        } else {
            vec![
                "Self::from_code(&code)".to_owned(),
                format!("    .ok_or_else(|| serde::de::Error::custom({unknown} {{ code }}))"),
            ]
        };

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
            index: EntryIndex::new(&catalog.entries),
            header,
            entries_allow,
            locales_allow,
            deserialize_lines,
            locale,
            kind,
            error,
            envelope,
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
            max_params: catalog.entries.iter().map(|e| e.params.len()).max().unwrap_or(0),
            param_count: catalog.entries.iter().map(|e| e.params.len()).sum(),
            piece_count: 0,
            message_ranges: Vec::new(),
            envelope_view,
            classifier,
            serde,
        };
        // The pieces of each message, in order; a locale whose message is
        // the same as an earlier locale's (or falls back to it) shares it.
        let locales = catalog.locales.len();
        let mut pieces = Vec::new();
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(catalog.entries.len() * locales);
        for e in &catalog.entries {
            let first = ranges.len();
            for l in 0..locales {
                let message = view.message_of(e, l);
                let text = message.map(|m| m.text.as_str());
                let earlier = (0..l).find(|&k| view.message_of(e, k).map(|m| m.text.as_str()) == text);
                if let Some(k) = earlier {
                    ranges.push(ranges[first + k].clone());
                    continue;
                }
                message_pieces(message, &e.code, &mut pieces);
                ranges.push(view.piece_count..view.piece_count + pieces.len());
                view.piece_count += pieces.len();
            }
        }
        view.message_ranges = ranges;
        view
    }

    /// The entries, in catalog order.
    fn entries(&self) -> &'a [Entry] {
        &self.catalog.entries
    }

    /// `pub const ALL` of the locale enum (at indentation 4).
    fn locales_all(&self) -> impl Display + use<'_, 'a> {
        section(4, move |out| {
            all_array(out, self.locales.iter().map(|l| SelfPath(&l.variant)))
        })
    }

    /// The arms of `tag()` (at indentation 12).
    fn tag_arms(&self) -> impl Display + use<'_, 'a> {
        section(12, move |out| {
            for l in &self.locales {
                expr_arm(out, SelfPath(&l.variant), &l.tag)?;
            }
            Ok(())
        })
    }

    /// The variants of the kind enum with their docs (at indentation 4).
    fn kind_variants(&self) -> impl Display + use<'_, 'a> {
        section(4, move |out| {
            let mut scratch = Scratch::default();
            let mut summary = String::new();
            for e in self.entries() {
                summary.clear();
                self.summary(e, &mut scratch, |line| {
                    if !line.is_empty() {
                        if !summary.is_empty() {
                            summary.push(' ');
                        }
                        summary.push_str(line);
                    }
                    Ok(())
                })?;
                if summary.is_empty() {
                    out.line(("/// ", CodeSpanOf(&e.code), '.'))?;
                } else {
                    out.line(("/// ", CodeSpanOf(&e.code), ": ", summary.as_str()))?;
                }
                out.line((variant(e), ','))?;
            }
            Ok(())
        })
    }

    /// `pub const ALL` of the kind enum (at indentation 4).
    fn kinds_all(&self) -> impl Display + use<'_, 'a> {
        section(4, move |out| {
            all_array(out, self.entries().iter().map(|e| SelfPath(variant(e))))
        })
    }

    /// The variants of the error enum with their docs and fields (at
    /// indentation 4).
    fn error_variants(&self) -> impl Display + use<'_, 'a> {
        section(4, move |out| {
            let mut scratch = Scratch::default();
            for e in self.entries() {
                self.error_variant_doc(out, e, &mut scratch)?;
                if e.params.is_empty() {
                    out.line((variant(e), ','))?;
                    continue;
                }
                out.line((variant(e), " {"))?;
                out.nested(|out| {
                    for p in &e.params {
                        let ty = p.ty.as_str();
                        match p.index {
                            Some(i) => {
                                out.line(("/// Fills `{", i, "}` in the message (", ty, ")."))?
                            }
                            None => {
                                let name = p.name.original();
                                out.line(("/// Fills `{", name, "}` in the message (", ty, ")."))?
                            }
                        }
                        out.line((Ident(p.name.snake()), ": ", rust_type(p.ty), ','))?;
                    }
                    Ok(())
                })?;
                out.line("},")?;
            }
            Ok(())
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
        if let Some(d) = localized(&e.description, default) {
            markdown_lines(&d.text, &mut scratch.line, |line| doc.text(line))?;
        }
        doc.paragraph();
        doc.line((Facts(e), '.'))?;
        doc.paragraph();
        if let Some(group) = e.group.and_then(|g| self.group_docs.get(g)) {
            doc.text(group)?;
        }
        doc.list("Causes:", &e.causes, default, &mut scratch.line)?;
        doc.list("Remedies:", &e.remedies, default, &mut scratch.line)?;
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
                match self.index.named(by).map(|x| &self.catalog.entries[x]) {
                    Some(x) => (
                        " Use [`",
                        self.error.as_str(),
                        "::",
                        variant(x),
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
        let message = e
            .message(self.catalog.default_locale())
            .or_else(|| e.messages.first());
        let Some(message) = message else {
            return Ok(());
        };
        scratch.text.clear();
        push_displayed(&mut scratch.text, message.segments());
        markdown_lines(&scratch.text, &mut scratch.line, each)
    }

    /// The arms of the error's `kind()` (at indentation 12).
    fn kind_arms(&self) -> impl Display + use<'_, 'a> {
        section(12, move |out| {
            for e in self.entries() {
                let any = if e.params.is_empty() { "" } else { " { .. }" };
                expr_arm(
                    out,
                    ("Self::", variant(e), any),
                    (self.kind.as_str(), "::", variant(e)),
                )?;
            }
            Ok(())
        })
    }

    /// The arms of `args()` (at indentation 12): each entry with params
    /// binds them all and lists their values.
    fn args_arms(&self) -> impl Display + use<'_, 'a> {
        section(12, move |out| {
            let entries = self.entries();
            let all = vec![true; self.max_params];
            for e in entries.iter().filter(|e| !e.params.is_empty()) {
                let pattern = StructPattern::new(out, e, &all[..e.params.len()]);
                let items = Join(e.params.iter().map(ArgItem), ", ");
                // rustfmt's `fn_call_width` (the array is the call's argument).
                if out.joined_width_up_to(&items, 60) + 2 <= 60 {
                    arm(out, Pattern::Struct(&pattern), Body::Expr(&("Arg::padded([", &items, "])")))?;
                } else {
                    let inner = |out: &mut Lines<'_, '_>| -> fmt::Result {
                        for p in &e.params {
                            out.line((ArgItem(p), ','))?;
                        }
                        Ok(())
                    };
                    arm(out, Pattern::Struct(&pattern), Body::Open("Arg::padded([", &inner, "]),"))?;
                }
            }
            if entries.iter().any(|e| e.params.is_empty()) {
                out.line("_ => Arg::padded([]),")?;
            }
            Ok(())
        })
    }

    /// The rows of the table (at indentation 8), one a line.
    fn rows(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let every_stage = self.stage.as_ref().map(|s| s.every);
            let locales = self.locales.len();
            let mut param = 0;
            for (i, e) in self.entries().iter().enumerate() {
                let line = out.start();
                ("Row { code: ", CodeValue(&e.code), ", name: ", Literal(e.name.original())).push_to(line);
                line.push_str(", http: ");
                push_option(line, self.every_http, e.http.map(|h| h.to_string()));
                line.push_str(", grpc: ");
                push_option(line, self.every_grpc, e.grpc.map(|g| g.number().to_string()));
                (", retryable: ", if e.retryable { "true" } else { "false" }).push_to(line);
                let success = e.kind == EntryKind::Success;
                (", success: ", if success { "true" } else { "false" }).push_to(line);
                if let Some(every) = every_stage {
                    line.push_str(", stage: ");
                    push_option(line, every, e.stage.as_deref().map(string_literal));
                }
                let next = param + e.params.len();
                (", params: ", param, "..", next, ", messages: [").push_to(line);
                param = next;
                for (l, range) in self.message_ranges[i * locales..(i + 1) * locales].iter().enumerate() {
                    if l > 0 {
                        line.push_str(", ");
                    }
                    (range.start, "..", range.end).push_to(line);
                }
                line.push_str("] },");
                out.end()?;
            }
            Ok(())
        })
    }

    /// The kinds sorted by code (at indentation 8), one a line.
    fn by_code(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let entries = self.entries();
            let mut order: Vec<&Entry> = entries.iter().collect();
            order.sort_by(|a, b| match (&a.code, &b.code) {
                (Code::Int(x), Code::Int(y)) => x.cmp(y),
                (Code::Str(x), Code::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
                (Code::Int(_), Code::Str(_)) => std::cmp::Ordering::Less,
                (Code::Str(_), Code::Int(_)) => std::cmp::Ordering::Greater,
            });
            for e in order {
                out.line(("Kind::", variant(e), ','))?;
            }
            Ok(())
        })
    }

    /// The params' names (at indentation 8), an entry's on a line.
    fn param_names(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            for e in self.entries().iter().filter(|e| !e.params.is_empty()) {
                let names = e.params.iter().map(|p| (Literal(p.name.original()), ','));
                out.line(Join(names, " "))?;
            }
            Ok(())
        })
    }

    /// The message pieces (at indentation 8): a comment line, then a
    /// message's pieces on one line.
    fn pieces(&self) -> impl Display + use<'_, 'a> {
        section(8, move |out| {
            let locales = self.locales.len();
            let mut pieces = Vec::new();
            for (i, e) in self.entries().iter().enumerate() {
                let ranges = &self.message_ranges[i * locales..(i + 1) * locales];
                for (l, range) in ranges.iter().enumerate() {
                    // Written once: where it is first used.
                    if ranges[..l].contains(range) {
                        continue;
                    }
                    let tags = self.catalog.locales.iter().zip(ranges);
                    let tags = tags.filter(|(_, r)| *r == range).map(|(t, _)| comment_text(t));
                    let tags: Vec<String> = tags.collect();
                    out.line(("// ", range.start, ": ", comment_text(e.name.original()), ", ", tags.join(", ")))?;
                    message_pieces(self.message_of(e, l), &e.code, &mut pieces);
                    let items = pieces.iter().map(|(text, param)| PieceItem(text, *param));
                    out.line(Join(items, " "))?;
                }
            }
            Ok(())
        })
    }

    /// The message of `e` in the locale at `l` (in catalog order): its own,
    /// else the default locale's, else none.
    fn message_of(&self, e: &'a Entry, l: usize) -> Option<&'a Message> {
        e.message(&self.catalog.locales[l])
            .or_else(|| e.message(self.catalog.default_locale()))
    }
}

/// A piece of a message as a table item: `("text", Some(0)),`.
struct PieceItem<'a>(&'a str, Option<usize>);

impl Piece for PieceItem<'_> {
    fn push_to(&self, out: &mut String) {
        ('(', Literal(self.0), ", ").push_to(out);
        match self.1 {
            Some(at) => ("Some(", at, ")),").push_to(out),
            None => out.push_str("None),"),
        }
    }
}

/// An item of `args()`: `Arg::Str(name)`, `Arg::Int(*name)`, ….
struct ArgItem<'p>(&'p Param);

impl Piece for ArgItem<'_> {
    fn push_to(&self, out: &mut String) {
        let name = Ident(self.0.name.snake());
        match self.0.ty {
            ParamType::String => ("Arg::Str(", name, ')').push_to(out),
            ParamType::Int => ("Arg::Int(*", name, ')').push_to(out),
            ParamType::Float => ("Arg::Float(*", name, ')').push_to(out),
            ParamType::Bool => ("Arg::Bool(*", name, ')').push_to(out),
        }
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

/// The pieces of a message (into `out`): text up to each placeholder with
/// its param's index, then the text after the last. An unresolved
/// placeholder (in a catalog with errors) stays text, as written; no message
/// at all is the code.
fn message_pieces<'m>(
    message: Option<&'m Message>,
    code: &Code,
    out: &mut Vec<(Cow<'m, str>, Option<usize>)>,
) {
    out.clear();
    let Some(message) = message else {
        out.push((Cow::Owned(code.to_string()), None));
        return;
    };
    let mut text: Cow<'m, str> = Cow::Borrowed("");
    for s in message.segments() {
        match s {
            Segment::Text(t) if text.is_empty() => text = t,
            Segment::Text(t) => text.to_mut().push_str(&t),
            Segment::Placeholder(p) => match p.param {
                Some(at) => out.push((std::mem::take(&mut text), Some(at))),
                None => text.to_mut().push_str(&p.key.to_string()),
            },
        }
    }
    if !text.is_empty() || out.is_empty() {
        out.push((text, None));
    }
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

/// Calls `each` with every line of `text` as Markdown (see
/// [`markdown_line`]), escaped into `line`.
fn markdown_lines(
    text: &str,
    line: &mut String,
    mut each: impl FnMut(&str) -> fmt::Result,
) -> fmt::Result {
    for text_line in text.lines() {
        line.clear();
        push_markdown_line(line, text_line, true);
        each(line)?;
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

/// Text for a `//` comment: one line, control characters escaped.
fn comment_text(s: &str) -> String {
    visible(&s.replace(['\n', '\r'], " "))
}

/// The text in `locale`, or else in the first locale that has one.
fn localized<'a>(texts: &'a [LocalizedText], locale: &str) -> Option<&'a LocalizedText> {
    texts
        .iter()
        .find(|t| t.locale == locale)
        .or_else(|| texts.first())
}

fn rust_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "String",
        ParamType::Int => "i64",
        ParamType::Float => "f64",
        ParamType::Bool => "bool",
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
    let mut out = String::new();
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

    /// Writes `text` as the next line if it fits in [`WIDTH`], and tells
    /// whether it did (it is measured where it is written, and taken back
    /// when too wide).
    fn line_if_fits(&mut self, text: impl Piece) -> Result<bool, fmt::Error> {
        let room = WIDTH.saturating_sub(self.indent);
        let before = self.out.text().len();
        self.start_line();
        let buffer = self.out.text();
        let start = buffer.len();
        text.push_to(buffer);
        if !fits_in(&buffer[start..], room) {
            buffer.truncate(before);
            return Ok(false);
        }
        self.out.end_item()?;
        Ok(true)
    }

    /// `text` pushed alone into the scratch string, to be measured.
    fn measured(&mut self, text: impl Piece) -> &str {
        let (_, scratch) = self.out.text_and_scratch();
        scratch.clear();
        text.push_to(scratch);
        scratch
    }

    /// The display width of `text`.
    fn width_of(&mut self, text: impl Piece) -> usize {
        width(self.measured(text))
    }

    /// Whether `text` fits on a line indented by `more` spaces more.
    fn fits(&mut self, more: usize, text: impl Piece) -> bool {
        let Some(room) = WIDTH.checked_sub(self.indent + more) else {
            return false;
        };
        fits_in(self.measured(text), room)
    }

    /// The display width of `join` if it is at most `limit`, else some
    /// width past `limit` (found without pushing the rest: an `A | B | …` of
    /// every variant of a large catalog is not written only to be measured).
    fn joined_width_up_to<I>(&mut self, join: &Join<I>, limit: usize) -> usize
    where
        I: Iterator + Clone,
        I::Item: Piece,
    {
        let mut total = 0;
        for (i, item) in join.0.clone().enumerate() {
            if i > 0 {
                total += width(join.1);
            }
            total += self.width_of(item);
            if total > limit {
                break;
            }
        }
        total
    }

    /// Runs `write` with the lines indented by four more spaces.
    fn nested(&mut self, write: impl FnOnce(&mut Self) -> fmt::Result) -> fmt::Result {
        self.indent += 4;
        let result = write(self);
        self.indent -= 4;
        result
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
    fn list(
        &mut self,
        heading: &str,
        texts: &[LocalizedText],
        locale: &str,
        line: &mut String,
    ) -> fmt::Result {
        self.paragraph();
        let locale = if texts.iter().any(|t| t.locale == locale) {
            locale
        } else if let Some(first) = texts.first() {
            first.locale.as_str()
        } else {
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

/// `Self::` and a variant.
#[derive(Clone, Copy)]
struct SelfPath<T>(T);

impl<T: Piece> Piece for SelfPath<T> {
    fn push_to(&self, out: &mut String) {
        out.push_str("Self::");
        self.0.push_to(out);
    }
}

/// A code as a Rust value: the number, or a string literal.
struct CodeValue<'a>(&'a Code);

impl Piece for CodeValue<'_> {
    fn push_to(&self, out: &mut String) {
        match self.0 {
            Code::Int(n) => n.push_to(out),
            Code::Str(s) => Literal(s).push_to(out),
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

// ---------------------------------------------------------------------------
// Layout: the shapes rustfmt gives code, so that the output reads as if
// formatted (widths are measured as rustfmt does, CJK characters counting 2).

/// The display width of `s`.
fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars()
        .map(|c| match c as u32 {
            ..0x1100 => 1,
            0x1100..=0x115f
            | 0x2e80..=0x303e
            | 0x3041..=0x33ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xa000..=0xa4cf
            | 0xac00..=0xd7a3
            | 0xf900..=0xfaff
            | 0xfe30..=0xfe4f
            | 0xff00..=0xff60
            | 0xffe0..=0xffe6
            | 0x1f300..=0x1f64f
            | 0x1f900..=0x1f9ff
            | 0x20000..=0x3fffd => 2,
            _ => 1,
        })
        .sum()
}

/// Whether `s` is at most `room` wide; measured only when it has more
/// bytes than that (no character is wider than its UTF-8 bytes).
fn fits_in(s: &str, room: usize) -> bool {
    s.len() <= room || width(s) <= room
}

/// Whether `text` fits on a line indented by `indent`.
fn fits(indent: usize, piece: impl Piece) -> bool {
    indent + width(&text(piece)) <= WIDTH
}

/// The pattern of a match arm.
enum Pattern<'p> {
    /// A pattern on one line.
    Line(&'p dyn Piece),
    /// A variant's struct pattern.
    Struct(&'p StructPattern<'p>),
}

/// A struct pattern `Self::X { a, b }` binding some of an entry's params:
/// on one line while its fields are short (rustfmt's `struct_lit_width`),
/// else a field a line.
struct StructPattern<'e> {
    entry: &'e Entry,
    /// Whether each param is bound, by index.
    bound: &'e [bool],
    one_line: bool,
}

impl<'e> StructPattern<'e> {
    /// The pattern of `entry` binding the params at `bound`, at `out`'s
    /// indentation.
    fn new(out: &mut Lines<'_, '_>, entry: &'e Entry, bound: &'e [bool]) -> Self {
        let mut pattern = StructPattern {
            entry,
            bound,
            one_line: true,
        };
        if !entry.params.is_empty() {
            // `Self::X { parts }`, measured by its parts.
            let parts = out.width_of(pattern.parts());
            pattern.one_line = parts <= 18
                && out.indent
                    + "Self::".len()
                    + out.width_of(variant(entry))
                    + " {  }".len()
                    + parts
                    <= WIDTH;
        }
        pattern
    }

    /// The bound params, then `..` if any is not bound.
    fn parts(&self) -> impl Piece + use<'_, 'e> {
        let bound = self
            .entry
            .params
            .iter()
            .zip(self.bound)
            .filter(|(_, &b)| b)
            .map(|(p, _)| PatternPart::Param(p.name.snake()));
        let rest = self.bound.iter().any(|&b| !b).then_some(PatternPart::Rest);
        Join(bound.chain(rest), ", ")
    }

    /// Writes the lines before the last.
    fn write_head(&self, out: &mut Lines<'_, '_>) -> fmt::Result {
        if self.one_line {
            return Ok(());
        }
        out.line(("Self::", variant(self.entry), " {"))?;
        let bound = self.entry.params.iter().zip(self.bound).filter(|(_, &b)| b);
        for (p, _) in bound {
            out.line(("    ", Ident(p.name.snake()), ','))?;
        }
        if self.bound.iter().any(|&b| !b) {
            out.line("    ..")?;
        }
        Ok(())
    }
}

/// The last line of a [`StructPattern`].
struct PatternLast<'p, 'e>(&'p StructPattern<'e>);

impl Piece for PatternLast<'_, '_> {
    fn push_to(&self, out: &mut String) {
        let pattern = self.0;
        if !pattern.one_line {
            out.push('}');
        } else if pattern.entry.params.is_empty() {
            ("Self::", variant(pattern.entry)).push_to(out);
        } else {
            (
                "Self::",
                variant(pattern.entry),
                " { ",
                pattern.parts(),
                " }",
            )
                .push_to(out);
        }
    }
}

/// A part of a struct pattern.
#[derive(Clone, Copy)]
enum PatternPart<'a> {
    /// A param, by its snake_case name.
    Param(&'a str),
    /// `..`.
    Rest,
}

impl Piece for PatternPart<'_> {
    fn push_to(&self, out: &mut String) {
        match self {
            PatternPart::Param(name) => Ident(name).push_to(out),
            PatternPart::Rest => out.push_str(".."),
        }
    }
}

/// The body of a match arm.
enum Body<'b> {
    /// One expression.
    Expr(&'b dyn Piece),
    /// An expression spanning lines: its first line (after `=> `), what
    /// writes the lines inside (indented once more) and its last line.
    Open(
        &'static str,
        &'b dyn Fn(&mut Lines<'_, '_>) -> fmt::Result,
        &'static str,
    ),
}

/// Writes a match arm.
fn arm(out: &mut Lines<'_, '_>, pattern: Pattern<'_>, body: Body<'_>) -> fmt::Result {
    let struct_last;
    let last: &dyn Piece = match pattern {
        Pattern::Line(line) => line,
        Pattern::Struct(pattern) => {
            pattern.write_head(out)?;
            struct_last = PatternLast(pattern);
            &struct_last
        }
    };
    match body {
        Body::Expr(e) => {
            if out.line_if_fits((last, " => ", e, ','))? {
                Ok(())
            } else if !out.fits(4, e) {
                out.line((last, " => ", e, ','))
            } else {
                out.line((last, " => {"))?;
                out.nested(|out| out.line(e))?;
                out.line('}')
            }
        }
        Body::Open(first, inner, close) => {
            out.line((last, " => ", first))?;
            out.nested(inner)?;
            out.line(close)
        }
    }
}

/// Writes the arm `pattern => value,`.
fn expr_arm(out: &mut Lines<'_, '_>, pattern: impl Piece, value: impl Piece) -> fmt::Result {
    arm(out, Pattern::Line(&pattern), Body::Expr(&value))
}

/// Writes `pub const ALL: [Self; N] = […];`.
fn all_array<I>(out: &mut Lines<'_, '_>, items: I) -> fmt::Result
where
    I: ExactSizeIterator + Clone,
    I::Item: Piece,
{
    let head = format!("pub const ALL: [Self; {}] = [", items.len());
    let content = Join(items.clone(), ", ");
    let content_width = out.joined_width_up_to(&content, WIDTH);
    if content_width <= 60 && out.indent + width(&head) + content_width + "];".len() <= WIDTH {
        return out.line((&head, &content, "];"));
    }
    out.line(&head)?;
    out.nested(|out| items.into_iter().try_for_each(|i| out.line((i, ','))))?;
    out.line("];")
}

impl EnvelopeView {
    /// `int_code` is the type of integer codes (`u32`/`u64`), `None` for
    /// strings; `every_stage` whether every entry has a stage, `None` if none has.
    fn new(
        catalog: &Catalog,
        error: &str,
        kind: &str,
        int_code: Option<&str>,
        serde: bool,
        every_http: bool,
        every_stage: Option<bool>,
    ) -> EnvelopeView {
        let prefix = &catalog.name.upper_camel();
        let shape = catalog.envelope.shape;
        let int = int_code.is_some();
        let code_ty = int_code.unwrap_or("String");
        let code_value = if int {
            "self.code()"
        } else {
            "self.code().to_owned()"
        };
        let mut idents: Vec<String> = Vec::new();
        let mut fields = Vec::new();
        // Without a code field (only in a catalog with errors) no kind is known.
        let mut kind_expr = "None".to_owned();
        let mut kind_doc = "The kind its code names: the envelope has no code field.".to_owned();
        for f in &catalog.envelope.fields() {
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
            let problem_field = shape == EnvelopeShape::Problem && f.role == EnvelopeRole::Field;
            let (ty, value, text, optional): (String, String, String, bool) = match f.role {
                EnvelopeRole::Code if shape == EnvelopeShape::TwoLevel => (
                    format!("Option<{code_ty}>"),
                    "None".into(),
                    format!("The failed internal call's code ({wire}); {LEFT_OUT}."),
                    true,
                ),
                EnvelopeRole::Message if shape == EnvelopeShape::TwoLevel => (
                    "Option<String>".into(),
                    "None".into(),
                    format!("The failed internal call's message ({wire}); {LEFT_OUT}."),
                    true,
                ),
                EnvelopeRole::Code | EnvelopeRole::SubCode => {
                    kind_expr = if int {
                        format!("{kind}::from_code(self.{id})")
                    } else {
                        format!("{kind}::from_code(&self.{id})")
                    };
                    kind_doc = format!("The kind its code ({wire}) names, if the catalog has it.");
                    (
                        code_ty.into(),
                        code_value.into(),
                        format!("The catalog code ({wire})."),
                        false,
                    )
                }
                EnvelopeRole::Message | EnvelopeRole::SubMessage => (
                    "String".into(),
                    "self.message(locale)".into(),
                    if shape == EnvelopeShape::Problem {
                        format!("The message, as the problem's title ({wire}).")
                    } else {
                        format!("The message in the requested locale ({wire}).")
                    },
                    false,
                ),
                EnvelopeRole::Detail => (
                    "Option<String>".into(),
                    "None".into(),
                    format!("Free-form detail ({wire}); {LEFT_OUT}."),
                    true,
                ),
                EnvelopeRole::Stage => {
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
                EnvelopeRole::Params => (
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
                EnvelopeRole::Const => {
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
                EnvelopeRole::Field if problem_field && f.wire == "type" => {
                    let base = catalog.envelope.type_base.as_deref().unwrap_or("");
                    let value = if int {
                        format!(
                            "format!(\"{{}}{{}}\", {}, self.code())",
                            string_literal(base)
                        )
                    } else {
                        format!("[{}, self.code()].concat()", string_literal(base))
                    };
                    (
                        "String".into(),
                        value,
                        format!(
                            "The problem type's URI: the code after {} ({wire}).",
                            code_span(base)
                        ),
                        false,
                    )
                }
                EnvelopeRole::Field if problem_field && f.wire == "status" => {
                    let optional = f.optional || !every_http;
                    let (ty, value) = match (optional, every_http) {
                        (true, true) => ("Option<u16>", "Some(self.http_status())"),
                        (true, false) => ("Option<u16>", "self.http_status()"),
                        (false, _) => ("u16", "self.http_status()"),
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
                EnvelopeRole::Field => {
                    let base = match f.ty {
                        FieldType::String => "String",
                        FieldType::Int => "i64",
                        FieldType::Float => "f64",
                        FieldType::Bool => "bool",
                        FieldType::Object => "std::collections::BTreeMap<String, String>",
                        FieldType::Array => "Vec<String>",
                    };
                    if f.optional {
                        (
                            format!("Option<{base}>"),
                            "None".into(),
                            format!("The {wire} field; {LEFT_OUT}."),
                            true,
                        )
                    } else {
                        (
                            base.into(),
                            match f.ty {
                                FieldType::Object => "std::collections::BTreeMap::new()".into(),
                                FieldType::Array => "Vec::new()".into(),
                                _ => format!("{base}::default()"),
                            },
                            format!("The {wire} field; `to_envelope` gives it its type's default."),
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
                if !parts.is_empty() {
                    // rustfmt's `attr_fn_like_width`.
                    let args = parts.join(", ");
                    if width(&args) <= 70 {
                        attrs.push(format!("#[serde({args})]"));
                    } else {
                        attrs.push("#[serde(".into());
                        let last = parts.len() - 1;
                        for (i, part) in parts.iter().enumerate() {
                            attrs.push(format!("    {part}{}", if i == last { "" } else { "," }));
                        }
                        attrs.push(")]".into());
                    }
                }
            }
            fields.push(EnvelopeFieldView {
                doc: doc(vec![line(text)]),
                attrs,
                ident: id,
                ty,
                value,
            });
        }
        // Param values may be floats, so an envelope with params is not `Eq`.
        let has_float = fields
            .iter()
            .any(|f| f.ty.contains("f64") || f.ty.contains("ParamValue"));
        let mut derives = vec!["Debug", "Clone", "PartialEq"];
        if !has_float {
            derives.push("Eq");
        }
        if serde {
            derives.push("serde::Serialize");
            derives.push("serde::Deserialize");
        }
        let shape_text = match shape {
            EnvelopeShape::Flat => "one object",
            EnvelopeShape::TwoLevel => concat!(
                "an outer code and message for the failed internal call, ",
                "and the catalog's code and message inside"
            ),
            EnvelopeShape::Problem => "RFC 9457 problem details (`application/problem+json`)",
        };
        let wires: Vec<String> = catalog
            .envelope
            .fields()
            .iter()
            .map(|f: &EnvelopeField| code_span(&f.wire))
            .collect();
        EnvelopeView {
            doc: doc(vec![
                line(format!("The body of an error response: {shape_text}.")),
                line(format!("Its fields on the wire: {}.", wires.join(", "))),
                line(format!("[`{error}::to_envelope`] makes one.")),
            ]),
            derives: derives.join(", "),
            fields,
            kind_expr,
            kind_doc,
        }
    }
}

impl ClassifierView {
    fn new(catalog: &Catalog, kind: &str) -> ClassifierView {
        let mut rows = Vec::new();
        let mut arms = Vec::new();
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
                    .map(|s| format!(" from {}", comment_text(s)))
                    .unwrap_or_default();
                rows.push(format!("// {}{source}", comment_text(&e.code.to_string())));
                let mut row = text(("Upstream { kind: Kind::", variant(e), ", http: "));
                push_option(&mut row, false, u.http.map(|h| h.to_string()));
                row.push_str(", grpc: ");
                push_option(&mut row, false, u.grpc.map(|g| g.number().to_string()));
                row.push_str(", contains: ");
                push_option(&mut row, false, u.contains.as_deref().map(string_literal));
                row.push_str(", pattern: ");
                push_option(&mut row, false, u.pattern.as_deref().map(pattern_literal));
                row.push_str(" },");
                rows.push(row);
            }
            let path = text((kind, "::", variant(e)));
            if e.params.is_empty() {
                arms.push(text((path.as_str(), " => Some(Self::", variant(e), "),")));
                continue;
            }
            // `X => Some(Self::X {` while it fits, else in a block.
            let head = text((path.as_str(), " => Some(Self::", variant(e), " {"));
            let in_block = !fits(12, head.as_str());
            let (pad, first) = if in_block {
                arms.push(text((path.as_str(), " => {")));
                ("    ", text(("    Some(Self::", variant(e), " {")))
            } else {
                ("", head)
            };
            arms.push(first);
            for p in &e.params {
                let field = ident(p.name.snake());
                let captured = e.upstreams.iter().any(|u| {
                    u.pattern.is_some() && u.captures.iter().any(|c| c == p.name.original())
                });
                let (some, none) = match p.ty {
                    ParamType::String => ("value.to_owned()", "String::new()"),
                    ParamType::Int => ("value.parse().ok()?", "0"),
                    ParamType::Float => ("value.parse().ok()?", "0.0"),
                    ParamType::Bool => ("value.parse().ok()?", "false"),
                };
                if captured {
                    let name = string_literal(p.name.original());
                    arms.push(format!("{pad}    {field}: match capture({name}) {{"));
                    arms.push(format!("{pad}        Some(value) => {some},"));
                    arms.push(format!("{pad}        None => {none},"));
                    arms.push(format!("{pad}    }},"));
                } else {
                    arms.push(format!("{pad}    {field}: {none},"));
                }
            }
            if in_block {
                arms.push("    })".into());
                arms.push("}".into());
            } else {
                arms.push("}),".into());
            }
        }
        ClassifierView {
            count,
            has_patterns,
            rows,
            arms,
            every_entry: catalog.entries.iter().all(|e| !e.upstreams.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_only_what_may_be_syntax() {
        let cases = [
            // Runs of plain text, `h`, digits and single `-`/`.` as they are.
            ("The path has 2 parts - a.b", "The path has 2 parts - a.b"),
            // A list or a heading at the start of the line.
            ("1. first", "1\\. first"),
            ("12) twelfth", "12\\) twelfth"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            // Smart punctuation.
            ("wait... -- no", "wait.\\.\\. -\\- no"),
            // Emphasis, links, HTML; `_` only between words stays.
            ("*a* [b] <c> a_b _c", "\\*a\\* \\[b\\] \\<c\\> a_b \\_c"),
            // Bare URLs are autolinked, trailing punctuation left out.
            ("see https://a.example/x.", "see <https://a.example/x>."),
            ("(http://a.b)", "(<http://a.b>)"),
            ("xhttp://a.b", "xhttp://a.b"),
            // Code spans that pair up stay; a lone backtick is escaped.
            ("use `a_b*` now", "use `a_b*` now"),
            ("a ` b", "a \\` b"),
            // Controls and invisible characters show as escapes; CJK as it is.
            ("a\tb\u{200b}c 中文。", "a b\\u{200b}c 中文。"),
        ];
        for (text, escaped) in cases {
            assert_eq!(markdown_line(text), escaped, "{text:?}");
        }
        // In the middle of a line, nothing starts a block.
        assert_eq!(inline("1. - x"), "1. - x");
    }

    #[test]
    fn literals_escape_quotes_controls_and_invisible_characters() {
        assert_eq!(string_literal("plain 中文"), "\"plain 中文\"");
        assert_eq!(
            string_literal("\"\\\n\r\t\0\u{1}\u{7f}\u{200f}\u{e000}"),
            "\"\\\"\\\\\\n\\r\\t\\0\\u{1}\\u{7f}\\u{200f}\\u{e000}\""
        );
    }

    #[test]
    fn pieces_push_their_text() {
        assert_eq!(
            text((SelfPath(Ident("type")), " => ", 404u16, ',')),
            "Self::r#type => 404,"
        );
        assert_eq!(text(Join(["a", "b", "c"].iter(), " | ")), "a | b | c");
        assert_eq!(text((0u64, ' ', u64::MAX)), "0 18446744073709551615");
        assert_eq!(text(CodeSpanOf(&Code::Int(7))), "`7`");
        assert_eq!(text(CodeSpan("a`b")), "a\\`b");
    }

    #[test]
    fn widths_count_wide_characters_twice() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("中文a"), 5);
        assert!(fits_in("中文中文", 8));
        assert!(!fits_in("中文中文", 7));
    }
}
