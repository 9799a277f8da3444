//! Turns pest's errors into `syntax` diagnostics in words a person reads:
//! "expected an entry property such as `message` or `http`, found `htpp`"
//! rather than a list of grammar rule names.

use super::Rule;
use crate::diagnostic::{Applicability, Diagnostic, Rule as Check};
use crate::source::{floor_char_boundary, FileId, Span};
use crate::suggest::{closest, nearest};

/// What a family of grammar rules is called, and the keywords that start it:
/// the one list of which keywords may stand where, read by the syntax
/// errors' "did you mean" and by the language server's completion
/// ([`super::expect`]).
pub(super) struct Family {
    words: &'static str,
    pub(super) keywords: &'static [&'static str],
}

static ENTRY: Family = Family {
    words: "an entry property (`message`, `param`, `http`, `grpc`, `remedy`, …)",
    keywords: &[
        "message",
        "param",
        "replaced_by",
        "alias",
        "upstream",
        "description",
        "cause",
        "remedy",
        "http",
        "grpc",
        "retryable",
        "stage",
        "deprecated",
        "docs",
        "meta",
        "envelopes",
    ],
};
static GROUP: Family = Family {
    words: "a group property (`range`, `prefix`, `http`, …), an entry or a subgroup",
    keywords: &[
        "range",
        "prefix",
        "allow",
        "group",
        "error",
        "success",
        "reserved",
        "description",
        "cause",
        "remedy",
        "http",
        "grpc",
        "retryable",
        "stage",
        "deprecated",
        "docs",
        "meta",
        "envelopes",
    ],
};
static CATALOG: Family = Family {
    words: "a catalog statement (`version`, `locales`, `format`, `envelope`, …)",
    keywords: &[
        "version",
        "locales",
        "format",
        "stages",
        "option",
        "envelope",
        "envelopes",
        "description",
        "docs",
        "upstream",
    ],
};
static ITEM: Family = Family {
    words: "an entry (`error`, `success`), a `group`, `reserved` or a `type`",
    keywords: &["error", "success", "group", "reserved", "type"],
};
static ENVELOPE: Family = Family {
    words: "an envelope field (`code`, `message`, `const`, `field`, …)",
    keywords: &[
        "code",
        "message",
        "detail",
        "stage",
        "params",
        "sub_code",
        "sub_message",
        "type_base",
        "const",
        "field",
        "error",
        "data",
    ],
};
static UPSTREAM_SYSTEM: Family = Family {
    words: "an upstream source (`status`, `grpc`, `message`, `field`)",
    keywords: &["status", "grpc", "message", "field"],
};
static SOURCE: Family = Family {
    words: "where it is read (`field \"PATH\"`, `trailer` for `grpc`, `text` for `message`)",
    keywords: &["field", "trailer", "text"],
};
static UPSTREAM: Family = Family {
    words: "an upstream condition (`http`, `grpc`, `match`, `contains`)",
    keywords: &["http", "grpc", "match", "contains"],
};

static TYPE: Family = Family {
    words: "a type (`string`, `int`, `float`, `bool`, `any`, `list<…>`, `map<string, …>` or a record's name)",
    keywords: &["string", "int", "float", "bool", "any", "list", "map"],
};

fn family(rule: Rule) -> Option<&'static Family> {
    use Rule::*;
    Some(match rule {
        message_stmt | param_stmt | replaced_by_stmt | alias_stmt | upstream | kw_message
        | kw_param | kw_replaced_by | kw_alias => &ENTRY,
        range_stmt | prefix_stmt | allow_stmt | subgroup | kw_range | kw_prefix | kw_allow => {
            &GROUP
        }
        version_stmt | locales_stmt | format_stmt | stages_stmt | option_stmt | envelope
        | kw_version | kw_locales | kw_format | kw_stages | kw_option | kw_envelope => &CATALOG,
        group | entry | reserved_stmt | type_decl | kw_group | kw_reserved | kw_type
        | entry_kind => &ITEM,
        envelope_role | envelope_const | envelope_field | envelope_error | envelope_data
        | role_name | kw_const | kw_field | kw_error | kw_data => &ENVELOPE,
        match_stmt | contains_stmt | kw_match | kw_contains => &UPSTREAM,
        type_expr | type_ref | list_type | map_type | kw_list | kw_map => &TYPE,
        // `upstream` starts an entry's mapping and a header's declaration:
        // in an entry the entry's other keywords pick the entry's family.
        upstream_decl | kw_upstream => &CATALOG,
        json_path | kw_trailer | kw_text => &SOURCE,
        status_source | grpc_source | message_source | field_source | kw_status => &UPSTREAM_SYSTEM,
        _ => return None,
    })
}

fn words(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        open => "`{`",
        close => "`}`",
        ident => "a name",
        key => "a key",
        locale => "a locale such as `en`",
        integer => "a number",
        boolean => "`true` or `false`",
        semver => "a version such as `1.0.0`",
        string | plain_string | raw_string | triple_string => "a string",
        value => "a value (a string, a number, `true` or `false`)",
        file | catalog | kw_catalog => "the catalog header `catalog NAME { … }`",
        EOI => "the end of the file",
        entry_kind => "`error` or `success`",
        code => "a code (a number or a string)",
        reserved_target => "a code or a range `FROM..TO`",
        param_ref => "a param name or position",
        type_expr | type_ref | list_type | map_type | kw_list | kw_map => {
            "a type (`string`, `int`, `float`, `bool`, `any`, `list<…>`, `map<string, …>` or a record's name)"
        }
        type_decl | kw_type => "a record type `type NAME { … }`",
        type_field => "a field `field NAME: TYPE`",
        wire_flag | kw_wire => "`wire`",
        envelope_shape => "an envelope shape (`flat`, `two_level` or `problem`)",
        role_name => "an envelope role",
        optional_flag => "`optional`",
        description_stmt | cause_stmt | remedy_stmt | http_stmt | grpc_stmt | retryable_stmt
        | stage_stmt | deprecated_stmt | docs_stmt | meta_stmt | envelopes_stmt
        | kw_description | kw_cause | kw_remedy | kw_http | kw_grpc | kw_retryable | kw_stage
        | kw_deprecated | kw_docs | kw_meta | kw_envelopes => "a property",
        envelope_name => "an envelope's name",
        kw_as => "`as`",
        field_ref => "a field the upstream system declares",
        status_http => "`http`",
        kw_optional => "`optional`",
        _ => "something else",
    }
}

/// The innermost family among the expected rules: entry beats group beats
/// catalog, because their property lists overlap.
pub(super) fn pick_family(positives: &[Rule]) -> Option<&'static Family> {
    let families: Vec<&Family> = positives.iter().filter_map(|&r| family(r)).collect();
    // A source's value first (`kw_field` also starts an envelope field),
    // and an upstream system's statements before an entry's (`message`
    // starts both).
    [
        &TYPE,
        &SOURCE,
        &UPSTREAM_SYSTEM,
        &ENTRY,
        &UPSTREAM,
        &ENVELOPE,
        &GROUP,
        &CATALOG,
        &ITEM,
    ]
    .into_iter()
    .find(|&wanted| families.iter().any(|f| std::ptr::eq(*f, wanted)))
}

/// Describes what the source holds at `pos`: a word, a character, or the end.
fn found_at(text: &str, pos: usize) -> (String, usize) {
    let rest = &text[floor_char_boundary(text, pos)..];
    let Some(c) = rest.chars().next() else {
        return ("the end of the file".into(), 0);
    };
    if c == '\n' || c == '\r' {
        return ("the end of the line".into(), c.len_utf8());
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .take(40)
        .collect();
    if word.is_empty() {
        (format!("`{c}`"), c.len_utf8())
    } else {
        let len = word.len();
        (format!("`{word}`"), len)
    }
}

/// The last `{` in `text[..pos]` that is never closed, outside strings and comments.
fn unclosed_brace(text: &str, pos: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[..pos.min(text.len())];
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                if bytes[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                        i += 1;
                    }
                    i += 2;
                } else {
                    let raw = i > 0 && bytes[i - 1] == b'r';
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                        if bytes[i] == b'\\' && !raw {
                            i += 1;
                        }
                        i += 1;
                    }
                }
            }
            b'{' => open.push(i),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// Whether `pos` lies inside a one-line string that the line ends before closing.
fn in_unterminated_string(text: &str, pos: usize) -> Option<usize> {
    let pos = floor_char_boundary(text, pos);
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let line = &text.as_bytes()[line_start..line_end];
    let mut i = 0;
    while i < line.len() {
        if line[i] == b'/' && line.get(i + 1) == Some(&b'/') {
            return None;
        }
        if line[i] == b'"' {
            if line[i..].starts_with(b"\"\"\"") {
                return None;
            }
            let start = i;
            let raw = i > 0 && line[i - 1] == b'r';
            i += 1;
            while i < line.len() && line[i] != b'"' {
                if line[i] == b'\\' && !raw {
                    i += 1;
                }
                i += 1;
            }
            if i >= line.len() {
                return Some(line_start + start);
            }
        }
        i += 1;
    }
    None
}

/// `error`, or when it names no rule that was expected (only a literal
/// such as `:` was), the error of `reparse` with pest's parse attempts,
/// which name the literals. pest collects them only while its global
/// switch is on, at a cost to every parse: it is turned on for this one
/// parse of a file that has already failed, unless it was on already (the
/// error carries attempts then), and off again after. Another parse that
/// starts meanwhile only collects them too.
pub(super) fn with_detail(
    error: pest::error::Error<Rule>,
    reparse: impl FnOnce() -> Option<pest::error::Error<Rule>>,
) -> pest::error::Error<Rule> {
    let names_a_rule = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().any(|&r| r != Rule::COMMENT)
        }
        pest::error::ErrorVariant::CustomError { .. } => true,
    };
    if names_a_rule || error.parse_attempts().is_some() {
        return error;
    }
    pest::set_error_detail(true);
    let detailed = reparse();
    pest::set_error_detail(false);
    match detailed {
        Some(detailed) if detailed.location == error.location => detailed,
        _ => error,
    }
}

/// The literals `error`'s parse attempts expected at its position, in
/// words: `` `:` ``, `a number`, `a name` (whitespace and comments left
/// out); none without attempts.
fn expected_tokens(error: &pest::error::Error<Rule>) -> Vec<String> {
    let Some(attempts) = error.parse_attempts() else {
        return Vec::new();
    };
    let mut words = Vec::new();
    for token in attempts.expected_tokens() {
        // pest does not export its token type; its `Display` shows a
        // literal as itself and a character range as `a..z`.
        let shown = token.to_string();
        let mut chars = shown.chars();
        let word = match (chars.next(), chars.as_str().strip_prefix("..")) {
            (Some(start), Some(end)) if end.chars().count() == 1 => {
                if start.is_ascii_digit() {
                    "a number".to_owned()
                } else if start.is_alphabetic() || start == '_' {
                    "a name".to_owned()
                } else {
                    continue;
                }
            }
            _ if shown.trim().is_empty() || shown == "//" || shown == "/*" => continue,
            _ => format!("`{shown}`"),
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Converts a pest error into a `syntax` diagnostic.
pub(super) fn to_diagnostic(
    file: FileId,
    text: &str,
    error: pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let (found, found_len) = found_at(text, pos);
    let span = Span::new(file, pos, pos + found_len);

    if let Some(quote) = in_unterminated_string(text, pos) {
        let end = text[quote..].find('\n').map_or(text.len(), |i| quote + i);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        return Diagnostic::new(
            Check::Syntax,
            Span::new(file, quote, end),
            "unterminated string",
        )
        .label("this string is not closed before the end of the line")
        .help("close it with `\"`; for text over several lines use a `\"\"\"` string");
    }

    // A plain string with an escape the grammar rejects fails as a whole, at
    // its opening quote: point at the escape instead.
    let rest = text.get(pos..).unwrap_or_default();
    if rest.starts_with('"') && !rest.starts_with("\"\"\"") {
        if let Some((range, why)) = super::strings::invalid_escape(&rest[1..]) {
            let span = Span::new(file, pos + 1 + range.start, pos + 1 + range.end);
            let escape = &text[span.start..span.end];
            return Diagnostic::new(Check::Syntax, span, format!("invalid escape `{escape}`"))
                .label(why)
                .help(super::strings::ESCAPES_HELP);
        }
    }

    let positives = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { message } => {
            return Diagnostic::new(Check::Syntax, span, message.clone());
        }
    };

    let mut expected: Vec<&str> = Vec::new();
    let fam = pick_family(&positives);
    if let Some(f) = fam {
        expected.push(f.words);
    }
    for &rule in &positives {
        if family(rule).is_some() {
            continue;
        }
        if rule == Rule::COMMENT {
            continue;
        }
        let w = words(rule);
        if (w == "a property" && fam.is_some()) || expected.contains(&w) {
            continue;
        }
        expected.push(w);
    }
    // No rule was expected: a literal such as `:` or `=` was. pest names
    // those only in its parse attempts (see [`with_detail`]).
    let tokens = if expected.is_empty() {
        expected_tokens(&error)
    } else {
        Vec::new()
    };
    expected.extend(tokens.iter().map(String::as_str));
    if expected.is_empty() {
        expected.push("something else");
    }
    let expected_text = match expected.len() {
        1 => expected[0].to_owned(),
        n => format!("{} or {}", expected[..n - 1].join(", "), expected[n - 1]),
    };

    let mut diagnostic = Diagnostic::new(
        Check::Syntax,
        span,
        format!("expected {expected_text}, found {found}"),
    )
    .label(format!("expected {}", expected[0]));

    let at_end = found_len == 0;
    let word = found.trim_matches('`');
    let starts_item = ["error", "success", "group", "reserved"].contains(&word);
    let nested_group = word == "group" && fam.is_some_and(|f| std::ptr::eq(f, &GROUP));
    let glued_quote = text[pos..]
        .get(found_len..)
        .is_some_and(|rest| rest.starts_with('"'));
    if positives.contains(&Rule::locale) && glued_quote {
        diagnostic = diagnostic.help(format!(
            "put a space between the locale and the string: `{word} \"…\"`"
        ));
    } else if !at_end && starts_item && positives.contains(&Rule::close) && !nested_group {
        diagnostic = Diagnostic::new(
            Check::Syntax,
            span,
            format!("expected `}}` to close the block before this `{word}`"),
        )
        .label("a new item starts here");
        if let Some(brace) = unclosed_brace(text, pos) {
            diagnostic =
                diagnostic.secondary(Span::new(file, brace, brace + 1), "this `{` is not closed");
        }
        diagnostic = diagnostic.help("add the missing `}`");
    } else if at_end && positives.contains(&Rule::close) {
        if let Some(brace) = unclosed_brace(text, pos) {
            diagnostic = diagnostic
                .secondary(
                    Span::new(file, brace, brace + 1),
                    "this `{` is never closed",
                )
                .help("add the missing `}`");
        }
    } else if let Some(f) = fam {
        if nested_group {
            diagnostic = diagnostic.help("groups nest one level only: move this group up a level");
        } else if let Some((kw, certain)) = nearest(word, f.keywords.iter().copied()) {
            if kw == word {
                diagnostic = diagnostic.help(format!("`{kw}` cannot stand here"));
            } else {
                // A misspelt keyword: the word is replaced, nothing else.
                let help = format!("did you mean `{kw}`?");
                let applicability = Applicability::of_pick(certain);
                diagnostic = diagnostic
                    .help(help.clone())
                    .suggest(help, span, kw, applicability);
            }
        }
    }
    let wants_header = positives
        .iter()
        .any(|r| matches!(r, Rule::file | Rule::catalog | Rule::kw_catalog));
    if wants_header && word != "catalog" && closest(word, ["catalog"]).is_some() {
        let help = "did you mean `catalog`?";
        diagnostic =
            diagnostic
                .help(help)
                .suggest(help, span, "catalog", Applicability::MachineApplicable);
    }
    if diagnostic.help.is_none() && found == "`{`" && positives.contains(&Rule::ident) {
        diagnostic = diagnostic.help("a block needs a name before its `{`");
    }
    // What another language or format writes where errgen wants something
    // else: the first respelling that fits, unless a fix is already given.
    if diagnostic.suggestions.is_empty() {
        let respell = [
            version,
            dashed_name,
            unquoted_code,
            code_as_name,
            yes_no,
            quoted_number,
            quoted_name,
            unquoted_text,
        ];
        if let Some(r) = respell.iter().find_map(|f| f(text, pos, &positives)) {
            if let Some(expected) = r.expected {
                diagnostic = diagnostic.label(format!("expected {expected}"));
            }
            diagnostic = diagnostic.help(r.help.clone()).suggest(
                r.help,
                Span::new(file, r.range.start, r.range.end),
                r.replacement,
                if r.certain {
                    Applicability::MachineApplicable
                } else {
                    Applicability::MaybeIncorrect
                },
            );
        }
    }
    // A comment as other languages write it.
    let rest = &text[pos..];
    if rest.starts_with("/*") || rest.starts_with('#') {
        let how = if rest.starts_with('#') {
            "`#`"
        } else {
            "`/* … */`"
        };
        diagnostic.help = Some(format!(
            "a comment is `//` to the end of the line; {how} is not one"
        ));
    }
    diagnostic
}

/// A fix for what another language or format writes where errgen wants
/// something else: replace `range` of the text with `replacement`.
struct Respelling {
    help: String,
    range: std::ops::Range<usize>,
    replacement: String,
    /// Certainly what was meant (`check --fix` applies it).
    certain: bool,
    /// What the label says is expected, when not the first of the
    /// expected list (`retryable yes`: `true` or `false`, not "an entry
    /// property", though a property may follow a bare `retryable`).
    expected: Option<&'static str>,
}

/// The word at `pos`: the characters `part` accepts.
fn word_at(text: &str, pos: usize, part: impl Fn(char) -> bool) -> &str {
    let rest = &text[pos..];
    rest.find(|c: char| !part(c))
        .map_or(rest, |end| &rest[..end])
}

/// `version 1.0`, `version v1.2.3`: the version as three numbers.
fn version(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    if !positives.contains(&Rule::semver) {
        return None;
    }
    let written = word_at(text, pos, |c| c.is_ascii_alphanumeric() || c == '.');
    let mut numbers: Vec<&str> = written
        .strip_prefix(['v', 'V'])
        .unwrap_or(written)
        .split('.')
        .collect();
    let plain = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    if !(1..=3).contains(&numbers.len()) || !numbers.iter().all(plain) {
        return None;
    }
    numbers.resize(3, "0");
    let version = numbers.join(".");
    Some(Respelling {
        help: format!("a version is three numbers: `{version}`"),
        range: pos..pos + written.len(),
        replacement: version,
        certain: true,
        expected: None,
    })
}

/// A name written with `-` (`catalog my-shop`, `error not-found = …`), in
/// snake_case.
fn dashed_name(text: &str, pos: usize, _: &[Rule]) -> Option<Respelling> {
    if !text[pos..].starts_with('-') {
        return None;
    }
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let start = text[..pos]
        .char_indices()
        .rfind(|&(_, c)| !part(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = pos + word_at(text, pos, part).len();
    let name = text[start..end].replace('-', "_").to_ascii_lowercase();
    let is_name = start < pos
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && !name.contains("__")
        && !name.ends_with('_');
    is_name.then(|| Respelling {
        help: format!("a name is letters, digits and `_`: `{name}`"),
        range: start..end,
        replacement: name,
        certain: false,
        expected: None,
    })
}

/// A code written without its quotes (`error a = A_1 {`, `reserved B-7`).
fn unquoted_code(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    let wants_code = positives
        .iter()
        .any(|r| matches!(r, Rule::code | Rule::reserved_target));
    if !wants_code || positives.contains(&Rule::string) {
        return None;
    }
    let bare = word_at(text, pos, |c| c.is_alphanumeric() || "_-.:".contains(c));
    bare.starts_with(char::is_alphabetic).then(|| Respelling {
        help: format!("a code that is not a number is a string: \"{bare}\""),
        range: pos..pos + bare.len(),
        replacement: format!("\"{bare}\""),
        certain: true,
        expected: None,
    })
}

/// `error OptVerse_12080002 {`: the code read as the entry's name. It may
/// also be a name whose code is missing.
fn code_as_name(text: &str, pos: usize, _: &[Rule]) -> Option<Respelling> {
    if !text[pos..].starts_with('{') {
        return None;
    }
    let before = text[..pos].trim_end();
    let start = before
        .char_indices()
        .rfind(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[start..];
    let keyword = before[..start]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '}')
        .next()
        .unwrap_or("");
    let after_kind = keyword == "error" || keyword == "success";
    (!word.is_empty() && after_kind).then(|| Respelling {
        help: format!(
            "a code that is not a number is written in quotes (`\"{word}\"`); a name comes before `=` and the code"
        ),
        range: start..start + word.len(),
        replacement: format!("\"{word}\""),
        certain: false,
        expected: None,
    })
}

/// `retryable yes`: a boolean as YAML or a spreadsheet writes it.
fn yes_no(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    if !positives.contains(&Rule::boolean) {
        return None;
    }
    let word = word_at(text, pos, |c| c.is_ascii_alphanumeric());
    let value = match word.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" | "1" | "true" => "true",
        "no" | "n" | "off" | "0" | "false" => "false",
        _ => return None,
    };
    Some(Respelling {
        help: format!("write `{value}`"),
        range: pos..pos + word.len(),
        replacement: value.to_owned(),
        certain: true,
        expected: Some("`true` or `false`"),
    })
}

/// `replaced_by "new_thing"`, `stage "checkout"`: a name in quotes.
fn quoted_name(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    if !positives.contains(&Rule::ident)
        || positives.contains(&Rule::string)
        || !text[pos..].starts_with('"')
    {
        return None;
    }
    let name = word_at(text, pos + 1, |c| c.is_ascii_alphanumeric() || c == '_');
    let closed = text[pos + 1 + name.len()..].starts_with('"');
    let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    (closed && is_name).then(|| Respelling {
        help: format!("a name is written without quotes: `{name}`"),
        range: pos..pos + name.len() + 2,
        replacement: name.to_owned(),
        certain: true,
        expected: None,
    })
}

/// `http "404"`: a number in quotes.
fn quoted_number(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    if !positives.contains(&Rule::integer) || !text[pos..].starts_with('"') {
        return None;
    }
    let digits = word_at(text, pos + 1, |c| c.is_ascii_digit());
    let closed = text[pos + 1 + digits.len()..].starts_with('"');
    (!digits.is_empty() && closed).then(|| Respelling {
        help: format!("a number is written without quotes: `{digits}`"),
        range: pos..pos + digits.len() + 2,
        replacement: digits.to_owned(),
        certain: true,
        expected: Some("a number"),
    })
}

/// Text without its quotes (`message en The file is missing.`): the rest of
/// the line (before a `//` comment), quoted; not a line that opens a block
/// (`catalog c The shop {`) or holds a quote. The line may hold more than
/// the text: a person looks first.
fn unquoted_text(text: &str, pos: usize, positives: &[Rule]) -> Option<Respelling> {
    if !positives.contains(&Rule::string) {
        return None;
    }
    let line = text[pos..].split(['\n', '\r']).next().unwrap_or("");
    let line = line.split(" //").next().unwrap_or(line).trim_end();
    let balanced = line.matches('{').count() == line.matches('}').count() && !line.ends_with('{');
    let fits = line.starts_with(char::is_alphanumeric) && !line.contains('"') && balanced;
    fits.then(|| Respelling {
        help: "put the text in quotes".to_owned(),
        range: pos..pos + line.len(),
        replacement: super::encode_plain(line),
        certain: false,
        expected: None,
    })
}
