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
//! # Names
//!
//! Variants come from an entry's name in UpperCamelCase, fields from a
//! param's name in snake_case. A name that is a Rust keyword in any edition
//! (`type`, `match`, `enum`, `async`, `gen`, …) becomes a raw identifier
//! (`r#type`); `self`, `Self`, `super` and `crate`, which cannot be raw, get
//! a trailing underscore (`self_`, `Self_`). Weak keywords (`default`,
//! `union`, …) are ordinary identifiers and stay as they are. On the wire
//! (params, envelope) names stay as the catalog wrote them.
//!
//! # Strings
//!
//! Every string from the catalog reaches the output as a Rust string literal
//! that escapes `"`, `\`, control characters and invisible or bidirectional
//! format characters (`\u{200f}`); every doc line is escaped for rustdoc's
//! Markdown. Messages are rendered by writing literal pieces and
//! `Display::fmt` of params, never through format strings made from
//! catalog text.

use super::{EntryIndex, GeneratedFile, Options, PlannedFile, Target};
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, EnvelopeField, EnvelopeRole, EnvelopeShape,
    FieldType, LocalizedText, MetaValue, ParamType, Segment,
};
use askama::Template;
use heck::ToUpperCamelCase;
use std::collections::BTreeSet;

/// Generates the Rust module of one catalog.
pub fn generate(catalog: &Catalog, options: &Options) -> Vec<GeneratedFile> {
    Target::Rust.generate(catalog, options)
}

/// The Rust module of one catalog, `<name>.rs`, rendered when written.
pub fn plan<'a>(catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
    let options = options.clone();
    let path = format!("{}.rs", catalog.name.snake);
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

/// The regex a mapping's pattern compiles to, once.
const PATTERN_STATIC: &str =
    "static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();";

/// The width rustfmt formats to; used to decide when a line is broken.
const WIDTH: usize = 100;

// ---------------------------------------------------------------------------
// Escaping

/// Rust keywords of every edition (strict and reserved), which need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A catalog name as a Rust identifier: raw if it is a keyword, with a
/// trailing `_` if it cannot be raw.
pub fn ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
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
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || is_invisible(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    markdown_line_at(line, true)
}

/// Like [`markdown_line`], for text in the middle of a line.
fn inline(text: &str) -> String {
    markdown_line_at(&text.replace(['\n', '\r'], " "), false)
}

fn markdown_line_at(line: &str, at_start: bool) -> String {
    let line = line.trim();
    let mut out = String::new();
    // Code spans: split on backticks; they stay only if they pair up.
    let ticks = line.matches('`').count();
    let parts: Vec<&str> = line.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        let in_code = ticks.is_multiple_of(2) && !i.is_multiple_of(2);
        if in_code {
            out.push('`');
            out.push_str(&visible(part));
            out.push('`');
            continue;
        }
        if !ticks.is_multiple_of(2) && i > 0 {
            out.push_str("\\`");
        }
        out.push_str(&markdown_text(part, at_start && out.is_empty()));
    }
    out
}

/// Control and invisible characters as their `\u{…}` escape.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// Pushes `c` as [`visible`] writes it.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\t' => out.push(' '),
        c if c.is_control() || is_invisible(c) => {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        c => out.push(c),
    }
}

/// Markdown-escapes text outside code spans; `at_start` when it begins the
/// line (where `-`, `+`, `=` and `1.` would start a block).
fn markdown_text(text: &str, at_start: bool) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // Autolink a bare URL so that rustdoc does not warn about it.
        if (i == 0 || chars[i - 1].is_whitespace() || chars[i - 1] == '(')
            && (starts_with(&chars[i..], "https://") || starts_with(&chars[i..], "http://"))
        {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() {
                end += 1;
            }
            while end > i && ".,;:!?)'\"".contains(chars[end - 1]) {
                end -= 1;
            }
            let url: String = chars[i..end].iter().collect();
            if !url.contains(['<', '>', '\\', '`']) && url.chars().all(|c| !c.is_control()) {
                out.push('<');
                out.push_str(&url);
                out.push('>');
                i = end;
                continue;
            }
        }
        let c = chars[i];
        let line_start = at_start && out.is_empty();
        match c {
            '\\' | '*' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                if before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric)
                {
                    out.push('_');
                } else {
                    out.push_str("\\_");
                }
            }
            '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(c);
            }
            // Smart punctuation would make `--` a dash and `...` an ellipsis.
            '-' | '.' if i > 0 && chars[i - 1] == c => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if line_start => {
                // `1.` or `1)` at the start of a line would be a list.
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    out.push(chars[j]);
                    j += 1;
                }
                if j < chars.len() && (chars[j] == '.' || chars[j] == ')') {
                    out.push('\\');
                    out.push(chars[j]);
                    j += 1;
                }
                i = j;
                continue;
            }
            c => push_visible(&mut out, c),
        }
        i += 1;
    }
    out
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    chars.len() >= prefix.len() && prefix.chars().zip(chars).all(|(p, &c)| p == c)
}

/// Catalog text as Markdown lines (a line per line of the text).
fn markdown(text: &str) -> Vec<String> {
    text.lines().map(markdown_line).collect()
}

/// `s` as an inline code span, or escaped text when it cannot be one.
fn code_span(s: &str) -> String {
    if s.is_empty() || s.contains('`') || s.chars().any(|c| c.is_control() || is_invisible(c)) {
        inline(s)
    } else {
        format!("`{s}`")
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

/// A bulleted list of catalog texts, under a heading line.
fn list(heading: &str, items: &[&LocalizedText]) -> Vec<String> {
    if items.is_empty() {
        return Vec::new();
    }
    let mut out = vec![heading.to_owned()];
    for item in items {
        for (i, l) in markdown(&item.text)
            .into_iter()
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            out.push(if i == 0 {
                format!("- {l}")
            } else {
                format!("  {l}")
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The view model

#[derive(Template)]
#[template(path = "rust/catalog.rs", escape = "none")]
struct View {
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
    locales_all: Vec<String>,
    default_locale: String,
    kind_doc: Vec<String>,
    error_doc: Vec<String>,
    entries: Vec<EntryView>,
    kinds_all: Vec<String>,
    code_lines: Vec<String>,
    from_code_lines: Vec<String>,
    name_lines: Vec<String>,
    tag_lines: Vec<String>,
    kind_lines: Vec<String>,
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
    http_lines: Vec<String>,
    grpc_type: String,
    grpc_lines: Vec<String>,
    retryable_lines: Vec<String>,
    success_lines: Vec<String>,
    stage: Option<StageView>,
    error_derives: String,
    /// Whether `message` matches on the locale anywhere.
    message_uses_locale: bool,
    message_arms: Vec<String>,
    params_lines: Vec<String>,
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

struct EntryView {
    variant: String,
    kind_doc: Vec<String>,
    error_doc: Vec<String>,
    fields: Vec<FieldView>,
    code: String,
    name: String,
    /// `Self::X { .. }` or `Self::X`.
    any_pattern: String,
}

struct FieldView {
    ident: String,
    ty: String,
    doc: Vec<String>,
}

struct StageView {
    ty: String,
    lines: Vec<String>,
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
    rules: Vec<RuleView>,
}

struct RuleView {
    doc: Vec<String>,
    name: String,
    /// `fn …(…) -> Option<Self> {`, parameters `_`-prefixed where unused.
    signature: Vec<String>,
    lines: Vec<String>,
}

impl View {
    fn new(catalog: &Catalog, options: &Options) -> View {
        let prefix = catalog.name.upper_camel.clone();
        let locale = format!("{prefix}Locale");
        let kind = format!("{prefix}Kind");
        let error = format!("{prefix}Error");
        let envelope = format!("{prefix}Envelope");
        let serde = options.flag("serde");
        let catalog_code = code_span(&catalog.name.original);
        let default = catalog.default_locale().to_owned();

        let mut header = vec![format!(
            "// Generated by errgen from catalog `{}`{}. Do not edit.",
            catalog.name.original,
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

        // Entries.
        let index = EntryIndex::new(catalog);
        let entries: Vec<EntryView> = catalog
            .entries
            .iter()
            .map(|e| EntryView::new(catalog, &index, e, &error))
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
        let http_values: Vec<(String, String)> = catalog
            .entries
            .iter()
            .zip(&entries)
            .map(|(e, v)| {
                let value = match e.http {
                    Some(s) if every_http => s.to_string(),
                    Some(s) => format!("Some({s})"),
                    None => "None".into(),
                };
                (v.variant.clone(), value)
            })
            .collect();
        let http_lines = value_match(&http_values, (!every_http).then_some("None"));

        let every_grpc =
            !catalog.entries.is_empty() && catalog.entries.iter().all(|e| e.grpc.is_some());
        let grpc_type = if every_grpc { "i32" } else { "Option<i32>" }.to_owned();
        let grpc_values: Vec<(String, String)> = catalog
            .entries
            .iter()
            .zip(&entries)
            .map(|(e, v)| {
                let value = match e.grpc {
                    Some(g) if every_grpc => g.number().to_string(),
                    Some(g) => format!("Some({})", g.number()),
                    None => "None".into(),
                };
                (v.variant.clone(), value)
            })
            .collect();
        let grpc_lines = value_match(&grpc_values, (!every_grpc).then_some("None"));

        let variants_where = |pred: &dyn Fn(&Entry) -> bool| -> Vec<String> {
            catalog
                .entries
                .iter()
                .zip(&entries)
                .filter(|(e, _)| pred(e))
                .map(|(_, v)| format!("Self::{}", v.variant))
                .collect()
        };
        let retryable_lines = bool_match(&variants_where(&|e| e.retryable));
        let success_lines = bool_match(&variants_where(&|e| e.kind == EntryKind::Success));

        let stage = catalog.entries.iter().any(|e| e.stage.is_some()).then(|| {
            let every = catalog.entries.iter().all(|e| e.stage.is_some());
            let values: Vec<(String, String)> = catalog
                .entries
                .iter()
                .zip(&entries)
                .map(|(e, v)| {
                    let value = match &e.stage {
                        Some(s) if every => string_literal(s),
                        Some(s) => format!("Some({})", string_literal(s)),
                        None => "None".into(),
                    };
                    (v.variant.clone(), value)
                })
                .collect();
            StageView {
                ty: if every {
                    "&'static str"
                } else {
                    "Option<&'static str>"
                }
                .into(),
                lines: value_match(&values, (!every).then_some("None")),
            }
        });

        let has_float = catalog
            .entries
            .iter()
            .any(|e| e.params.iter().any(|p| p.ty == ParamType::Float));
        let error_derives = if has_float {
            "Debug, Clone, PartialEq"
        } else {
            "Debug, Clone, PartialEq, Eq"
        }
        .to_owned();

        // Messages.
        let mut message_uses_locale = false;
        let mut message_arms = Vec::new();
        for (e, v) in catalog.entries.iter().zip(&entries) {
            let (arm, uses_locale) = message_arm(catalog, e, v, &locales, &locale);
            message_uses_locale |= uses_locale;
            message_arms.extend(arm);
        }

        let params_lines = params_match(catalog, &entries);

        let envelope_view = EnvelopeView::new(
            catalog,
            &error,
            &kind,
            int_code.as_deref(),
            serde,
            every_http,
            stage.as_ref().map(|s| s.ty.starts_with("&")),
        );

        let classifier = catalog
            .entries
            .iter()
            .any(|e| !e.upstreams.is_empty())
            .then(|| ClassifierView::new(catalog, &entries));

        let variants: Vec<String> = entries
            .iter()
            .map(|v| format!("Self::{}", v.variant))
            .collect();
        let kinds_all = all_array(&variants);
        let code_lines = simple_arms(
            entries
                .iter()
                .map(|v| (format!("Self::{}", v.variant), v.code.clone())),
        );
        let from_code_lines = simple_arms(
            entries
                .iter()
                .map(|v| (v.code.clone(), format!("Some(Self::{})", v.variant))),
        );
        let name_lines = simple_arms(
            entries
                .iter()
                .map(|v| (format!("Self::{}", v.variant), v.name.clone())),
        );
        let kind_lines = simple_arms(
            entries
                .iter()
                .map(|v| (v.any_pattern.clone(), format!("{kind}::{}", v.variant))),
        );
        let tag_lines = simple_arms(
            locales
                .iter()
                .map(|l| (format!("Self::{}", l.variant), l.tag.clone())),
        );
        let locales_all = all_array(
            &locales
                .iter()
                .map(|l| format!("Self::{}", l.variant))
                .collect::<Vec<_>>(),
        );

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

        let entries_allow = variant_names_allow(
            &entries
                .iter()
                .map(|v| v.variant.clone())
                .collect::<Vec<_>>(),
        );
        let locales_allow = variant_names_allow(
            &locales
                .iter()
                .map(|l| l.variant.clone())
                .collect::<Vec<_>>(),
        );

        View {
            header,
            entries_allow,
            locales_allow,
            deserialize_lines,
            locales_all,
            kinds_all,
            code_lines,
            from_code_lines,
            name_lines,
            tag_lines,
            kind_lines,
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
            entries,
            code_type,
            int_code,
            http_type,
            http_doc,
            http_lines,
            grpc_type,
            grpc_lines,
            retryable_lines,
            success_lines,
            stage,
            error_derives,
            message_uses_locale,
            message_arms,
            params_lines,
            envelope_view,
            classifier,
            serde,
        }
    }
}

/// Whether clippy's `enum_variant_names` would object to these variant
/// names: three or more that all begin, or all end, with the same
/// CamelCase word.
fn shared_word(variants: &[String]) -> bool {
    fn words(name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in name.trim_start_matches("r#").chars() {
            match out.last_mut() {
                Some(w) if !c.is_ascii_uppercase() => w.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    }
    if variants.len() < 3 {
        return false;
    }
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let same = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = pick(&split[0]);
        first.is_some() && split.iter().all(|w| pick(w) == first)
    };
    same(|w| w.first()) || same(|w| w.last())
}

/// The allow attribute (lines) for an enum whose variants share a word.
fn variant_names_allow(variants: &[String]) -> Vec<String> {
    if shared_word(variants) {
        vec![
            "// The variants are the catalog's names, which share a word; renaming them".into(),
            "// would make them differ from the catalog.".into(),
            "#[allow(clippy::enum_variant_names)]".into(),
        ]
    } else {
        Vec::new()
    }
}

/// A message as a reader sees it: literal braces single, placeholders as
/// `{name}` or `{0}`.
fn as_displayed(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) => t.clone(),
            Segment::Placeholder(p) => p.key.to_string(),
        })
        .collect()
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

/// Every text of `texts` in `locale` (the default); if none is, those of the
/// first locale that has some.
fn in_locale<'a>(texts: &'a [LocalizedText], locale: &str) -> Vec<&'a LocalizedText> {
    let mine: Vec<&LocalizedText> = texts.iter().filter(|t| t.locale == locale).collect();
    if !mine.is_empty() || texts.is_empty() {
        return mine;
    }
    let first = &texts[0].locale;
    texts.iter().filter(|t| &t.locale == first).collect()
}

impl EntryView {
    fn new(catalog: &Catalog, index: &EntryIndex, e: &Entry, error: &str) -> EntryView {
        let default = catalog.default_locale();
        let variant = ident(&e.name.upper_camel);
        let code_text = e.code.to_string();
        let code = match &e.code {
            Code::Int(n) => n.to_string(),
            Code::Str(s) => string_literal(s),
        };
        let summary = e
            .message(default)
            .or_else(|| e.messages.first())
            .map(|m| markdown(&as_displayed(&m.template.segments)))
            .unwrap_or_default();
        let summary_line = summary
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let kind_doc = doc(vec![line(if summary_line.is_empty() {
            format!("{}.", code_span(&code_text))
        } else {
            format!("{}: {summary_line}", code_span(&code_text))
        })]);

        let mut facts = vec![format!("Code {}", code_span(&code_text))];
        if let Some(h) = e.http {
            facts.push(format!("HTTP {h}"));
        }
        if let Some(g) = e.grpc {
            facts.push(format!("gRPC `{}` ({})", g.name(), g.number()));
        }
        if let Some(s) = &e.stage {
            facts.push(format!("stage {}", code_span(s)));
        }
        if e.retryable {
            facts.push("retryable".into());
        }
        if e.kind == EntryKind::Success {
            facts.push("a success".into());
        }
        let group = e
            .group
            .and_then(|g| catalog.groups.get(g))
            .map(|g| match &g.title {
                Some(t) => format!("Group {} ({}).", code_span(&g.name.original), inline(t)),
                None => format!("Group {}.", code_span(&g.name.original)),
            })
            .unwrap_or_default();
        let mut deprecation = Vec::new();
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
                match index.named(by).map(|x| &catalog.entries[x]) {
                    Some(x) => text.push_str(&format!(
                        " Use [`{error}::{}`] instead.",
                        ident(&x.name.upper_camel)
                    )),
                    None => text.push_str(&format!(" Use {} instead.", code_span(by))),
                }
            }
            deprecation.push(text);
        }
        let error_doc = doc(vec![
            summary,
            localized(&e.description, default)
                .map(|d| markdown(&d.text))
                .unwrap_or_default(),
            line(format!("{}.", facts.join(", "))),
            line(group),
            list("Causes:", &in_locale(&e.causes, default)),
            list("Remedies:", &in_locale(&e.remedies, default)),
            deprecation,
            e.docs
                .as_deref()
                .map(|d| line(format!("Documentation: {}", inline(d))))
                .unwrap_or_default(),
        ]);

        let fields: Vec<FieldView> = e
            .params
            .iter()
            .map(|p| {
                let placeholder = match p.index {
                    Some(i) => format!("`{{{i}}}`"),
                    None => format!("`{{{}}}`", p.name.original),
                };
                FieldView {
                    ident: ident(&p.name.snake),
                    ty: rust_type(p.ty).into(),
                    doc: doc(vec![line(format!(
                        "Fills {placeholder} in the message ({}).",
                        p.ty.as_str()
                    ))]),
                }
            })
            .collect();
        let any_pattern = if fields.is_empty() {
            format!("Self::{variant}")
        } else {
            format!("Self::{variant} {{ .. }}")
        };
        EntryView {
            variant,
            kind_doc,
            error_doc,
            fields,
            code,
            name: string_literal(&e.name.original),
            any_pattern,
        }
    }
}

fn rust_type(ty: ParamType) -> &'static str {
    match ty {
        ParamType::String => "String",
        ParamType::Int => "i64",
        ParamType::Float => "f64",
        ParamType::Bool => "bool",
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

/// Whether `s` fits on a line indented by `indent`.
fn fits(indent: usize, s: &str) -> bool {
    indent + width(s) <= WIDTH
}

/// Indents every line by four more spaces.
fn indented(lines: impl IntoIterator<Item = String>) -> impl Iterator<Item = String> {
    lines.into_iter().map(|l| format!("    {l}"))
}

/// A call with one argument, as a statement or an expression:
/// `f.write_str("…")?;`.
#[derive(Clone, PartialEq)]
struct Call {
    callee: String,
    arg: String,
    /// `?;` for a statement that is not the last, else empty.
    suffix: &'static str,
}

impl Call {
    fn one_line(&self) -> String {
        format!("{}({}){}", self.callee, self.arg, self.suffix)
    }

    /// Its lines at `indent`: broken after `(` when too long and the
    /// argument then fits (else left long, as rustfmt leaves it).
    fn lines(&self, indent: usize) -> Vec<String> {
        let one = self.one_line();
        if fits(indent, &one) || !fits(indent + 4, &format!("{},", self.arg)) {
            return vec![one];
        }
        vec![
            format!("{}(", self.callee),
            format!("    {},", self.arg),
            format!("){}", self.suffix),
        ]
    }
}

/// The body of a match arm.
enum Body {
    /// One expression.
    Expr(String),
    /// A call expression, which may be broken after its `(`.
    Call(Call),
    /// Statements, the last one the value: a block.
    Stmts(Vec<Call>),
    /// An expression spanning lines: its first line (after `=> `), the lines
    /// inside (relative) and its last line.
    Open(String, Vec<String>, String),
}

/// The lines of a match arm at `indent`.
fn arm(indent: usize, pattern: &[String], body: Body) -> Vec<String> {
    let (last, head) = pattern.split_last().expect("a pattern has a line");
    let mut out: Vec<String> = head.to_vec();
    match body {
        Body::Expr(e) => {
            let same = format!("{last} => {e},");
            if fits(indent, &same) || !fits(indent + 4, &e) {
                out.push(same);
            } else {
                out.push(format!("{last} => {{"));
                out.push(format!("    {e}"));
                out.push("}".into());
            }
        }
        Body::Call(call) => {
            let one = call.one_line();
            let same = format!("{last} => {one},");
            if fits(indent, &same) {
                out.push(same);
            } else if fits(indent + 4, &one) {
                out.push(format!("{last} => {{"));
                out.push(format!("    {one}"));
                out.push("}".into());
            } else if fits(indent + 4, &format!("{},", call.arg)) {
                out.push(format!("{last} => {}(", call.callee));
                out.push(format!("    {},", call.arg));
                out.push("),".into());
            } else {
                out.push(same);
            }
        }
        Body::Stmts(stmts) => {
            out.push(format!("{last} => {{"));
            for s in &stmts {
                out.extend(indented(s.lines(indent + 4)));
            }
            out.push("}".into());
        }
        Body::Open(first, inner, close) => {
            out.push(format!("{last} => {first}"));
            out.extend(indented(inner));
            out.push(close);
        }
    }
    out
}

/// A struct pattern `Self::X { a, b }` (lines) at `indent`: one line while
/// its fields are short, as rustfmt's `struct_lit_width`.
fn struct_pattern(indent: usize, variant: &str, parts: &[String]) -> Vec<String> {
    if parts.is_empty() {
        return vec![format!("Self::{variant}")];
    }
    let content = parts.join(", ");
    let one = format!("Self::{variant} {{ {content} }}");
    if width(&content) <= 18 && fits(indent, &one) {
        return vec![one];
    }
    let mut out = vec![format!("Self::{variant} {{")];
    out.extend(parts.iter().map(|p| format!("    {p},")));
    out.push("}".into());
    out
}

/// A binding for a field in a pattern: `name`, or `name: name_` where the
/// name would shadow the formatter `f` (heck never makes a name end in `_`).
fn binding(field: &str) -> (String, String) {
    if field == "f" {
        ("f: f_".into(), "f_".into())
    } else {
        (field.to_owned(), field.to_owned())
    }
}

/// The pattern of `v` binding the fields at `used` (lines at `indent`), and
/// the local name of each field (empty where unbound).
fn pattern(indent: usize, v: &EntryView, used: &[usize]) -> (Vec<String>, Vec<String>) {
    let mut parts = Vec::new();
    let mut names = vec![String::new(); v.fields.len()];
    for &i in used {
        let (part, name) = binding(&v.fields[i].ident);
        parts.push(part);
        names[i] = name;
    }
    if !v.fields.is_empty() && used.len() < v.fields.len() {
        parts.push("..".into());
    }
    (struct_pattern(indent, &v.variant, &parts), names)
}

/// The calls that write a message template to `f`.
fn write_calls(segments: &[Segment], names: &[String]) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    for s in segments {
        let (callee, arg) = match s {
            Segment::Text(t) => ("f.write_str".to_owned(), string_literal(t)),
            Segment::Placeholder(p) => match p.param.and_then(|i| names.get(i)) {
                Some(name) if !name.is_empty() => {
                    ("std::fmt::Display::fmt".to_owned(), format!("{name}, f"))
                }
                // An unresolved placeholder (a catalog with errors) prints as written.
                _ => ("f.write_str".to_owned(), string_literal(&p.key.to_string())),
            },
        };
        out.push(Call {
            callee,
            arg,
            suffix: "?;",
        });
    }
    if let Some(last) = out.last_mut() {
        last.suffix = "";
    }
    out
}

/// The body writing `calls`.
fn write_body(calls: Vec<Call>) -> Body {
    match calls.len() {
        0 => Body::Expr("Ok(())".into()),
        1 => Body::Call(calls.into_iter().next().expect("one call")),
        _ => Body::Stmts(calls),
    }
}

/// The arm of `write_message` for one entry (at indentation 12), and
/// whether it looks at the locale.
fn message_arm(
    catalog: &Catalog,
    e: &Entry,
    v: &EntryView,
    locales: &[LocaleView],
    locale_type: &str,
) -> (Vec<String>, bool) {
    let default = catalog.default_locale();
    // The params any message uses, in declaration order.
    let used: BTreeSet<usize> = e
        .messages
        .iter()
        .flat_map(|m| m.template.placeholders().filter_map(|p| p.param))
        .filter(|&i| i < v.fields.len())
        .collect();
    let used: Vec<usize> = used.into_iter().collect();
    let (pat, names) = pattern(12, v, &used);
    let fallback = match e.message(default) {
        Some(m) => write_calls(&m.template.segments, &names),
        None => vec![Call {
            callee: if catalog.code_kind == CodeKind::Integer {
                "std::fmt::Display::fmt".into()
            } else {
                "f.write_str".into()
            },
            arg: if catalog.code_kind == CodeKind::Integer {
                "&self.code(), f".into()
            } else {
                "self.code()".into()
            },
            suffix: "",
        }],
    };
    let others: Vec<(String, Vec<Call>)> = locales
        .iter()
        .zip(&catalog.locales)
        .filter(|(l, _)| !l.is_default)
        .filter_map(|(l, tag)| {
            let m = e.message(tag)?;
            Some((
                format!("{locale_type}::{}", l.variant),
                write_calls(&m.template.segments, &names),
            ))
        })
        .filter(|(_, calls)| *calls != fallback)
        .collect();
    if others.is_empty() {
        return (arm(12, &pat, write_body(fallback)), false);
    }
    let mut inner = Vec::new();
    for (l, calls) in others {
        inner.extend(arm(16, &[l], write_body(calls)));
    }
    inner.extend(arm(16, &["_".to_owned()], write_body(fallback)));
    (
        arm(
            12,
            &pat,
            Body::Open("match locale {".into(), inner, "},".into()),
        ),
        true,
    )
}

/// The body of `params()` (at indentation 8).
fn params_match(catalog: &Catalog, entries: &[EntryView]) -> Vec<String> {
    let with: Vec<(&Entry, &EntryView)> = catalog
        .entries
        .iter()
        .zip(entries)
        .filter(|(_, v)| !v.fields.is_empty())
        .collect();
    if with.is_empty() {
        return vec!["Vec::new()".into()];
    }
    let mut out = vec!["match self {".to_owned()];
    for (e, v) in &with {
        let all: Vec<usize> = (0..v.fields.len()).collect();
        let (pat, names) = pattern(12, v, &all);
        let items: Vec<String> = e
            .params
            .iter()
            .zip(&names)
            .map(|(p, name)| {
                // `From<&T>` for the value type keeps each item short.
                let value = format!("{name}.into()");
                format!("({}, {value})", string_literal(&p.name.original))
            })
            .collect();
        let content = items.join(", ");
        // rustfmt's `array_width` applies to `vec![…]`.
        let body = if width(&content) <= 60 {
            Body::Expr(format!("vec![{content}]"))
        } else {
            Body::Open(
                "vec![".into(),
                items.iter().map(|i| format!("{i},")).collect(),
                "],".into(),
            )
        };
        out.extend(indented(arm(12, &pat, body)));
    }
    if with.len() < catalog.entries.len() {
        out.push("    _ => Vec::new(),".into());
    }
    out.push("}".into());
    out
}

/// A `match self` (lines, at indentation 8) mapping variants to values,
/// variants with the same value sharing an arm; `fallback` becomes `_`.
fn value_match(values: &[(String, String)], fallback: Option<&str>) -> Vec<String> {
    if values.iter().all(|(_, v)| Some(v.as_str()) == fallback) {
        return vec![fallback.unwrap_or("match self {}").to_owned()];
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (variant, value) in values {
        if Some(value.as_str()) == fallback {
            continue;
        }
        let pattern = format!("Self::{variant}");
        match groups.iter_mut().find(|(v, _)| v == value) {
            Some((_, patterns)) => patterns.push(pattern),
            None => groups.push((value.clone(), vec![pattern])),
        }
    }
    let mut out = vec!["match self {".to_owned()];
    for (value, patterns) in &groups {
        out.extend(indented(or_arm(12, patterns, value)));
    }
    let covered: usize = groups.iter().map(|(_, p)| p.len()).sum();
    if let Some(f) = fallback {
        if covered < values.len() {
            out.push(format!("    _ => {f},"));
        }
    }
    out.push("}".into());
    out
}

/// `A | B => value,` (lines at `indent`) as rustfmt lays it out: on one
/// line, else with the value in a block, else one alternative a line.
fn or_arm(indent: usize, patterns: &[String], value: &str) -> Vec<String> {
    let joined = patterns.join(" | ");
    if fits(indent, &format!("{joined} => {value},")) {
        return vec![format!("{joined} => {value},")];
    }
    if fits(indent, &format!("{joined} => {{")) {
        return vec![
            format!("{joined} => {{"),
            format!("    {value}"),
            "}".into(),
        ];
    }
    let mut out = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        let lead = if i == 0 { "" } else { "| " };
        if i + 1 == patterns.len() {
            out.push(format!("{lead}{p} => {value},"));
        } else {
            out.push(format!("{lead}{p}"));
        }
    }
    out
}

/// `matches!(self, A | B)` (lines at indentation 8) or `false`.
fn bool_match(patterns: &[String]) -> Vec<String> {
    if patterns.is_empty() {
        return vec!["false".into()];
    }
    let joined = patterns.join(" | ");
    let one = format!("matches!(self, {joined})");
    // rustfmt's `fn_call_width` applies to the macro's arguments.
    if fits(8, &one) && width(&joined) + 6 <= 60 {
        return vec![one];
    }
    let mut out = vec!["matches!(".to_owned(), "    self,".to_owned()];
    if fits(12, &joined) {
        out.push(format!("    {joined}"));
    } else {
        for (i, p) in patterns.iter().enumerate() {
            out.push(if i == 0 {
                format!("    {p}")
            } else {
                format!("        | {p}")
            });
        }
    }
    out.push(")".into());
    out
}

/// `pub const ALL: [Self; N] = […];` (lines at indentation 4).
fn all_array(items: &[String]) -> Vec<String> {
    let content = items.join(", ");
    let one = format!("pub const ALL: [Self; {}] = [{content}];", items.len());
    if width(&content) <= 60 && fits(4, &one) {
        return vec![one];
    }
    let mut out = vec![format!("pub const ALL: [Self; {}] = [", items.len())];
    out.extend(items.iter().map(|i| format!("    {i},")));
    out.push("];".into());
    out
}

/// Arms `pattern => value,` (lines at indentation 12), one per pair.
fn simple_arms(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<String> {
    pairs
        .into_iter()
        .flat_map(|(p, v)| arm(12, &[p], Body::Expr(v)))
        .collect()
}

/// A function signature `fn name(params) -> ret {` (lines at `indent`).
fn signature(indent: usize, head: &str, params: &[String], ret: &str) -> Vec<String> {
    let one = format!("{head}({}) -> {ret} {{", params.join(", "));
    if fits(indent, &one) {
        return vec![one];
    }
    let mut out = vec![format!("{head}(")];
    out.extend(params.iter().map(|p| format!("    {p},")));
    out.push(format!(") -> {ret} {{"));
    out
}

/// `if a || b {` (lines at `indent`) as rustfmt breaks a long condition.
fn if_any(indent: usize, conditions: &[String]) -> Vec<String> {
    let joined = conditions.join(" || ");
    if fits(indent, &format!("if {joined} {{")) {
        return vec![format!("if {joined} {{")];
    }
    if fits(indent, &format!("if {joined}")) {
        return vec![format!("if {joined}"), "{".into()];
    }
    let mut out = vec![format!("if {}", conditions[0])];
    out.extend(conditions[1..].iter().map(|c| format!("    || {c}")));
    out.push("{".into());
    out
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
        let prefix = &catalog.name.upper_camel;
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
        for f in &catalog.envelope.fields {
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
            .fields
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
    fn new(catalog: &Catalog, entries: &[EntryView]) -> ClassifierView {
        let mut rules = Vec::new();
        for (e, v) in catalog.entries.iter().zip(entries) {
            for (n, u) in e.upstreams.iter().enumerate() {
                let name = if e.upstreams.len() == 1 {
                    format!("upstream_{}", e.name.snake)
                } else {
                    format!("upstream_{}_{}", e.name.snake, n + 1)
                };
                let mut conditions = Vec::new();
                let mut facts = Vec::new();
                if let Some(h) = u.http {
                    conditions.push(format!("status != Some({h})"));
                    facts.push(format!("HTTP {h}"));
                }
                if let Some(g) = u.grpc {
                    conditions.push(format!("grpc != Some({})", g.number()));
                    facts.push(format!("gRPC `{}` ({})", g.name(), g.number()));
                }
                if let Some(c) = &u.contains {
                    conditions.push(format!("!message.contains({})", string_literal(c)));
                    facts.push(format!("a message containing {}", code_span(c)));
                }
                if let Some(p) = &u.pattern {
                    facts.push(format!("a message matching {}", code_span(p)));
                }
                let source = u
                    .source
                    .as_deref()
                    .map(|s| format!(" from {}", code_span(s)))
                    .unwrap_or_default();
                let doc_lines = doc(vec![line(format!(
                    "{}{source}: {}.",
                    code_span(&e.code.to_string()),
                    if facts.is_empty() {
                        "any error".to_owned()
                    } else {
                        facts.join(", ")
                    }
                ))]);
                let mut lines = Vec::new();
                if !conditions.is_empty() {
                    lines.extend(if_any(8, &conditions));
                    lines.push("    return None;".into());
                    lines.push("}".into());
                }
                let captured: Vec<bool> = e
                    .params
                    .iter()
                    .map(|p| u.captures.contains(&p.name.original))
                    .collect();
                let uses_captures = u.pattern.is_some() && captured.iter().any(|&c| c);
                if let Some(p) = &u.pattern {
                    lines.push(PATTERN_STATIC.into());
                    lines.push("let pattern = PATTERN.get_or_init(|| {".into());
                    lines.push(format!("    regex::Regex::new({})", pattern_literal(p)));
                    let expect = Call {
                        callee: ".expect".into(),
                        arg: string_literal(&format!(
                            "the upstream pattern of {} is a valid regular expression",
                            e.code
                        )),
                        suffix: "",
                    };
                    lines.extend(expect.lines(16).into_iter().map(|l| format!("        {l}")));
                    lines.push("});".into());
                    if uses_captures {
                        lines.push("let captures = pattern.captures(message)?;".into());
                    } else {
                        lines.push("if !pattern.is_match(message) {".into());
                        lines.push("    return None;".into());
                        lines.push("}".into());
                    }
                }
                if v.fields.is_empty() {
                    lines.push(format!("Some(Self::{})", v.variant));
                } else {
                    lines.push(format!("Some(Self::{} {{", v.variant));
                    for ((p, f), &cap) in e.params.iter().zip(&v.fields).zip(&captured) {
                        if cap && uses_captures {
                            let name = string_literal(&p.name.original);
                            let (some, none) = match p.ty {
                                ParamType::String => ("value.as_str().to_owned()", "String::new()"),
                                ParamType::Int => ("value.as_str().parse().ok()?", "0"),
                                ParamType::Float => ("value.as_str().parse().ok()?", "0.0"),
                                ParamType::Bool => ("value.as_str().parse().ok()?", "false"),
                            };
                            lines.push(format!("    {}: match captures.name({name}) {{", f.ident));
                            lines.push(format!("        Some(value) => {some},"));
                            lines.push(format!("        None => {none},"));
                            lines.push("    },".into());
                        } else {
                            let none = match p.ty {
                                ParamType::String => "String::new()",
                                ParamType::Int => "0",
                                ParamType::Float => "0.0",
                                ParamType::Bool => "false",
                            };
                            lines.push(format!("    {}: {none},", f.ident));
                        }
                    }
                    lines.push("})".into());
                }
                let mark = |used: bool, n: &str, ty: &str| {
                    if used {
                        format!("{n}: {ty}")
                    } else {
                        format!("_{n}: {ty}")
                    }
                };
                let params = [
                    mark(u.http.is_some(), "status", "Option<u16>"),
                    mark(u.grpc.is_some(), "grpc", "Option<i32>"),
                    mark(
                        u.contains.is_some() || u.pattern.is_some(),
                        "message",
                        "&str",
                    ),
                ];
                rules.push(RuleView {
                    doc: doc_lines,
                    name: name.clone(),
                    signature: signature(4, &format!("fn {name}"), &params, "Option<Self>"),
                    lines,
                });
            }
        }
        ClassifierView { rules }
    }
}
