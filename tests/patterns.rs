//! Upstream `match` patterns: a probe corpus of patterns that must be
//! accepted and of patterns that must be refused, each with a clear
//! `invalid-value` diagnostic at the pattern.

use errgen::diagnostic::{Rule, Severity};
use errgen::ir::Catalog;
use errgen::workspace::Workspace;

/// Patterns that must be accepted (and then behave the same everywhere).
const ACCEPTED: &[&str] = &[
    // From the README and the examples.
    r"Unrecognized input parameter: (?<name>\S+)",
    r"User '(?<user>[^']+)' is not authorized.*Namespace:(?<namespace>[^,]*),",
    r"failed quota: (?<quota>[\w.-]+): must specify (?<resources>[\w,]+)",
    r"Cannot transition token types from STRING \[\{\] to VARIABLE \[(?<token>[^\]]+)\]",
    r"price of (?<type>\w+) changed to (?<f>[0-9.]+)(?: confirmed=(?<self>true|false))?",
    // `(?P<name>…)` is written `(?<name>…)` for JavaScript.
    r"(?P<key>\w+)=(?P<value>[^,]*)",
    // `.` excludes only `\n` in Rust; JavaScript's also excludes `\r`, U+2028, U+2029.
    r"a.b",
    r"^(?<all>.*)$",
    r"(?<rest>.+)",
    r"x.*?y",
    // Perl classes are Unicode in Rust, ASCII (`\d`, `\w`) or different
    // (`\s`: U+FEFF in, U+0085 out) in JavaScript.
    r"\d+",
    r"\D+",
    r"\w+",
    r"\W+",
    r"\s+",
    r"\S+",
    r"[\d_]+",
    r"[^\d\s]+",
    r"[\w.-]+",
    r"(?<n>[0-9]+)",
    r"size of (?<max_size>\d+)",
    // Unicode classes, with and without braces, scripts, negations.
    r"\p{L}+",
    r"\pL+",
    r"\pN",
    r"\p{Greek}+",
    r"\p{sc=Han}+",
    r"\P{L}+",
    r"\p{Lu}\p{Ll}+",
    r"[\p{L}\p{N}]+",
    r"\p{Nd}+",
    r"\p{Letter}",
    r"\p{greek}",
    // Class syntax only Rust has: ASCII classes, set operations, nesting.
    r"[[:alpha:]]+",
    r"[[:^digit:]]",
    r"[a-z&&[^aeiou]]+",
    r"[\w--\d]+",
    r"[a-c~~b-d]",
    r"[a[bc]]",
    // Escapes: Rust accepts escaping any punctuation; JavaScript's `u` mode
    // only syntax characters.
    r"\x41\x{1F600}",
    r"\u0041\U0001F600",
    r"\t\n\r\f\v",
    r"\a",
    r"\#\&\~\-",
    r"a\.b",
    r"a/b",
    r"a\/b",
    r"\[\]\{\}\(\)\|\^\$\*\+\?",
    r"[\[\]]",
    r"[]a]",
    r"[^]a]",
    r"[a-]",
    r"[-a]",
    r"[a\-z]",
    r"[/]",
    r"\x00[\x00-\x1F]\x7F",
    r"\x{FEFF}",
    r"\x{2028}|\x{2029}",
    // Anchors and word boundaries (Unicode in Rust, ASCII in JavaScript).
    r"^abc$",
    r"\Aabc\z",
    r"\bword\b",
    r"\b\w+\b",
    r"\Bx\B",
    r"\<\w+\>",
    r"\b{start}a",
    r"a\b{end}",
    r"\b{start-half}é",
    r"é\b{end-half}",
    // Quantifiers, greedy and lazy, and repetitions without ambiguity.
    r"a{2}",
    r"a{2,}",
    r"a{2,5}",
    r"a*?",
    r"a+?b",
    r"a{2,3}?",
    r"(?:ab){2,3}",
    r"(?:\d{1,3}\.){3}\d{1,3}",
    r"(?:\d+\.){3}\d+",
    r"(?<first>\w+)(?:, \w+)*",
    r"x(?:a|b)*y",
    r"(?:ab|ac)+",
    r"(?:a|ab)*c",
    r"(a|a)+",
    r"(?:a{1,10}){1,10}",
    r"(?:\d{3})+",
    // One class once simplified: `\w` holds `\d`.
    r"(?:\w|\d)+\.",
    r"a+b+c+",
    r".*foo.*bar",
    r"\s*(?:,\s*)+",
    r"(?:\s*,)+",
    // Alternation and groups.
    r"cat|dog",
    r"(?<k>true|false)",
    r"(?<a>x)|(?<b>y)",
    r"(?:(?<x>a)|b)c",
    r"(?<x>a)?b",
    r"a|",
    r"|a",
    r"(?:)",
    r"",
    r"(a)(b)",
    // Non-ASCII text.
    r"错误: (?<msg>.+)",
    r"租户 (?<tenant>\S+) 无权",
    r"é+",
    r"[à-ÿ]+",
    r"😀+",
    r"[😀-😂]",
    r"Stra(?:ß|ss)e",
    r"[Ee]rror",
    r"\x{10FFFF}",
    r"[^\s\S]",
    r"a{1000}",
];

/// Patterns that must be refused, with a part of the diagnostic's label.
const REFUSED: &[(&str, &str)] = &[
    // Inline flags: JavaScript has none.
    (r"(?i)abc", "inline flags"),
    (r"(?i:abc)", "inline flags"),
    (r"(?s).", "inline flags"),
    (r"(?m)^a", "inline flags"),
    (r"(?x) a b", "inline flags"),
    (r"(?U)a+", "inline flags"),
    (r"(?-u:\w)", "inline flags"),
    (r"(?R)^a", "inline flags"),
    // What neither engine of the generated Rust supports.
    (r"(a)\1", "backreferences are not supported"),
    (r"(?=a)", "look-around"),
    (r"(?!a)", "look-around"),
    (r"(?<=a)b", "look-around"),
    (r"(?<!a)b", "look-around"),
    (r"(?P<n>x)(?P=n)", ""),
    // Syntax errors.
    (r"[abc", "unclosed character class"),
    (r"(a", "unclosed group"),
    (r"a)", "unopened group"),
    (r"*a", "repetition operator missing expression"),
    (r"a**", "can match the empty string"),
    (r"a{2,1}", "invalid repetition count range"),
    ("a\\", "incomplete escape sequence"),
    (r"\q", "unrecognized escape sequence"),
    (r"\Z", "unrecognized escape sequence"),
    (r"\p{Foo}", "Unicode property not found"),
    (r"\p{Greek", ""),
    (r"[\d-z]", "invalid range boundary"),
    (r"\x{110000}", "not a Unicode scalar value"),
    (r"\x{D800}", "not a Unicode scalar value"),
    (r"\b{foo}", "unrecognized"),
    // Group names: each names a param, and JavaScript's must be identifiers.
    (r"(?<a>x)(?<a>y)", "duplicate capture group name"),
    (r"(?<a.b>x)", "is not a valid group name"),
    (r"(?<a[0]>x)", "is not a valid group name"),
    (r"(?<é>x)", ""),
    (r"(?<1a>x)", ""),
    // A named group in a repetition: JavaScript forgets it.
    (r"(?<x>a)+", "named group inside a repetition"),
    (r"(?:(?<x>a)|b)+", "named group inside a repetition"),
    (r"(?:(?<x>a)b){2}", "named group inside a repetition"),
    // Repetitions of what may match nothing.
    (r"(a*)*", "can match the empty string"),
    (r"(a?)+", "can match the empty string"),
    (r"(a|)+", "can match the empty string"),
    (r"(?:a*b*)*", "can match the empty string"),
    (r"(?:\b)+", "can match the empty string"),
    (r"(?:^)*a", "can match the empty string"),
    // Exponential backtracking in JavaScript.
    (r"(a+)+", "more than one way"),
    (r"(a+)+$", "more than one way"),
    (r"^(a+)+$", "more than one way"),
    (r"(a|aa)+$", "more than one way"),
    (r"(?:a|ab|b)*c", "more than one way"),
    (r"(\w+\s?)+$", "more than one way"),
    (r"(?:\s*,\s*)+x", "more than one way"),
    (r"(?:a?a)+", "more than one way"),
    (r"(?:a+b?)+c", "more than one way"),
    (r"(x+x+)+y", "more than one way"),
    (r"(.*a){20}", "more than one way"),
    (r"(?:\d+)+", "more than one way"),
    (r"^(?:[a-z]+|\w+)*@", "more than one way"),
    (r"(?:(?:a+)+b)?c", "more than one way"),
    (r"(.*a){3}", "more than one way"),
    // Too large for `regex` to compile: the generated Rust would panic.
    (r"\w{300}", "too large"),
    (r"\pL{1000}", "too large"),
    (r"(?:\w{100}){100}", "too large"),
    (r"(?:.{100}){200}", "too large"),
];

/// `s` as an errgen `"…"` string.
fn errgen_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' ' => out.push(' '),
            c if c.is_ascii_graphic() => out.push(c),
            c => out.push_str(&format!("\\u{{{:X}}}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// The group names of `pattern` that can be params.
fn param_names(pattern: &str) -> Vec<String> {
    let Ok(regex) = regex::Regex::new(pattern) else {
        return Vec::new();
    };
    regex
        .capture_names()
        .flatten()
        .filter(|n| {
            n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(str::to_owned)
        .collect()
}

/// A catalog with one entry per pattern, each mapping an upstream error
/// whose message matches it, its groups filling string params.
fn catalog_source(patterns: &[String]) -> String {
    let mut out = String::from("catalog probes {\n}\n");
    for (i, pattern) in patterns.iter().enumerate() {
        let names = param_names(pattern);
        out.push_str(&format!("error p{i} = \"P{i}\" {{\n"));
        let mut message = format!("Pattern {i}");
        for name in &names {
            out.push_str(&format!("  param {name}: string\n"));
            message.push_str(&format!(" {{{name}}}"));
        }
        out.push_str(&format!("  message en \"{message}.\"\n"));
        out.push_str(&format!(
            "  upstream {{\n    match {}\n  }}\n}}\n",
            errgen_string(pattern)
        ));
    }
    out
}

/// Analyzes catalog source; its catalog and error diagnostics.
fn analyze(source: &str) -> (Option<Catalog>, Vec<errgen::diagnostic::Diagnostic>) {
    let mut workspace = Workspace::new();
    workspace.add_bytes("probes.errors", None, source.as_bytes());
    let analysis = workspace.analyze();
    let errors = analysis
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    (analysis.catalogs.into_iter().next(), errors)
}

#[test]
fn the_corpus_is_judged_as_expected() {
    let mut wrong = Vec::new();
    for pattern in ACCEPTED {
        let source = catalog_source(&[(*pattern).to_owned()]);
        let (_, errors) = analyze(&source);
        if !errors.is_empty() {
            wrong.push(format!(
                "{pattern:?} is refused: {:?}",
                errors
                    .iter()
                    .map(|d| format!("{} ({})", d.message, d.primary.message))
                    .collect::<Vec<_>>()
            ));
        }
    }
    for (pattern, label) in REFUSED {
        let source = catalog_source(&[(*pattern).to_owned()]);
        let (_, errors) = analyze(&source);
        let Some(d) = errors.iter().find(|d| d.rule == Rule::InvalidValue) else {
            wrong.push(format!("{pattern:?} is accepted"));
            continue;
        };
        // The diagnostic points into the pattern's string and says how to fix it.
        let at = source.find("match \"").unwrap() + "match ".len();
        let end = source[at..].find('\n').unwrap() + at;
        let inside = d.primary.span.start >= at && d.primary.span.end <= end;
        if !d.primary.message.contains(label)
            || !inside
            || d.primary.span.start >= d.primary.span.end
            || d.help.as_deref().is_none_or(str::is_empty)
        {
            wrong.push(format!(
                "{pattern:?}: expected a label with {label:?} inside the pattern and a help, got \
                 {:?} at {}..{} (pattern at {at}..{end}), help {:?}",
                d.primary.message, d.primary.span.start, d.primary.span.end, d.help
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(ACCEPTED.len() + REFUSED.len() >= 100);
}
