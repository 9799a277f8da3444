//! Upstream `match` patterns: a probe corpus of patterns that must be
//! accepted and of patterns that must be refused (each with a clear
//! `invalid-value` diagnostic at the pattern), and the proof that every
//! accepted pattern — of the corpus and of every catalog under `examples/`
//! and `tests/fixtures/` — means the same in both generated classifiers:
//! each runs in Rust's `regex` (as the generated Rust does, on the pattern
//! as written) and in node (the regex literal exactly as the generated
//! TypeScript holds it) over probe strings with line separators, BOMs,
//! no-break spaces, non-ASCII digits and letters, and text that makes a
//! backtracking engine explode; both must find the same match and the same
//! named groups, and node must finish. The generated module of a catalog
//! with every accepted pattern must also compile with tsc and load in node.
//!
//! Python's `re` is held to the same: the patterns the generated Python
//! module holds must find what `regex` finds on every probe.
//!
//! With `ERRGEN_SEEDS` set, the upstream messages of seed 003 join the
//! probe strings.

use errgen::diagnostic::{Rule, Severity};
use errgen::generate::{Options, Target};
use errgen::ir::Catalog;
use errgen::workspace::Workspace;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

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
    // Large, but within what `regex` compiles.
    r"\w{80}",
    r"\p{L}{90}",
    r".{1000}",
    r"[a-z]{4000}",
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
    // JavaScript skips an optional part that matches nothing; Rust takes it.
    (r"(?:(?<x>a*))?", "can match the empty string"),
    (r"a(?:\B|b)?", "can match the empty string"),
    (r"(?:a|)?", "can match the empty string"),
    (r"(?:\b){0,2}", "can match the empty string"),
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
    (r"\w{150}", "too large"),
];

/// Strings every accepted pattern runs on.
fn probes() -> Vec<String> {
    let mut probes: Vec<String> = [
        "",
        "a",
        "aa",
        "ab",
        "abc",
        "a.b",
        "aXb",
        "abab c",
        "aaac",
        "xyz x-y",
        "Error",
        "error",
        "Unrecognized input parameter: foo-bar",
        "User 'ann' is not authorized, Namespace:kubeflow,",
        "failed quota: compute-resources: must specify cpu,memory",
        "Cannot transition token types from STRING [{] to VARIABLE [run.x]",
        "price of apple changed to 3.5 confirmed=true",
        "The input parameter length exceed maximum size of 10000",
        "key=value,other=1",
        "a\nb",
        "a\rb",
        "a\r\nb",
        "a\u{2028}b",
        "a\u{2029}b",
        "a\u{85}b",
        "a\u{FEFF}b",
        "a\u{A0}b",
        "a\u{3000}b",
        " \t\n\u{B}\u{C}",
        "\u{FEFF}",
        "\u{85}",
        "\u{1680}\u{180E}",
        "١٢٣",
        "size of ٣٤",
        "ⅷ ² ½",
        "é e\u{301} É",
        "Straße Strasse",
        "ΑΒΓ αβγ",
        "错误: 租户 acme 无权",
        "租户 acme 无权使用本服务",
        "😀😁😂😃",
        "k\u{212A}K",
        "_under_score 9",
        "word\u{200C}joiner\u{200D}",
        "[x]{y}/z\\w|^$*+?()",
        "#&~-",
        "\u{0}\u{1F}\u{7F}",
        "\u{10FFFF}",
        "192.168.0.1",
        "a,b , c",
        "first, second, third",
        "xaby",
        "cat dog",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
        "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a!",
        " , , , , , , , , , , , , , , , , , , , , , , , , , , , , ,!",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "1234567890123456789012345678901234567890.",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    probes.push("a".repeat(1000));
    probes.push("é".repeat(300));
    if let Some(seed) = seed_003() {
        probes.extend(
            seed.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned),
        );
    }
    probes
}

/// Seed 003 (upstream error messages), when `ERRGEN_SEEDS` names the seeds.
fn seed_003() -> Option<String> {
    let Some(dir) = std::env::var_os("ERRGEN_SEEDS") else {
        eprintln!("seed 003 not used as probes: ERRGEN_SEEDS is not set");
        return None;
    };
    let dir = support::root().join(dir);
    let file = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("ERRGEN_SEEDS names {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("003"))?;
    Some(std::fs::read_to_string(file).unwrap())
}

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

/// The pattern of every upstream mapping of every catalog under `examples/`
/// and `tests/fixtures/`, whatever other errors the catalog has.
fn fixture_patterns() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "errors") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&support::root().join("examples"), &mut files);
    walk(&support::root().join("tests/fixtures"), &mut files);
    files.sort();
    let mut patterns = Vec::new();
    for file in files {
        let mut workspace = Workspace::new();
        workspace.add_bytes("fixture.errors", None, &std::fs::read(&file).unwrap());
        for catalog in workspace.analyze().catalogs {
            for entry in &catalog.entries {
                for upstream in &entry.upstreams {
                    patterns.extend(upstream.pattern.clone());
                }
            }
        }
    }
    assert!(
        patterns.len() >= 5,
        "the fixtures have upstream patterns: {patterns:?}"
    );
    patterns
}

/// Every accepted pattern: the corpus's and the fixtures'.
fn accepted_patterns() -> Vec<String> {
    let mut patterns: Vec<String> = ACCEPTED.iter().map(|p| (*p).to_owned()).collect();
    patterns.extend(fixture_patterns());
    patterns
}

/// The generated TypeScript module of `catalog`.
fn typescript(catalog: &Catalog) -> String {
    let files = Target::Ts.generate(catalog, &Options::new());
    assert_eq!(files.len(), 1);
    files.into_iter().next().unwrap().content
}

/// The row of each upstream rule with a pattern, as the text of the
/// generated module's `UPSTREAM_ROWS` template literal, in order.
fn literals(module: &str) -> Vec<String> {
    // The rules are the lines of `UPSTREAM_ROWS`, a template literal; a
    // rule's pattern is the last value of its row.
    let open = "const UPSTREAM_ROWS = `\n";
    let start = module.find(open).expect("the rows") + open.len();
    let end = start + module[start..].find("\n`;").expect("the end of the rows");
    module[start..end]
        .lines()
        .filter(|row| !row.ends_with(",null]"))
        .map(str::to_owned)
        .collect()
}

/// What a match gives the classifier: the text before it, the match, and
/// each named group (null when it did not take part); null for no match.
fn rust_results(pattern: &str, probes: &[String]) -> Value {
    let regex = match regex::Regex::new(pattern) {
        Ok(regex) => regex,
        Err(e) => return json!({ "error": e.to_string() }),
    };
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    Value::Array(
        probes
            .iter()
            .map(|probe| match regex.captures(probe) {
                None => Value::Null,
                Some(c) => {
                    let m = c.get(0).unwrap();
                    let groups: serde_json::Map<String, Value> = names
                        .iter()
                        .map(|n| {
                            let v = c.name(n).map_or(Value::Null, |g| json!(g.as_str()));
                            ((*n).to_owned(), v)
                        })
                        .collect();
                    json!({ "before": &probe[..m.start()], "text": m.as_str(), "groups": groups })
                }
            })
            .collect(),
    )
}

/// The same in node: each rule's row read as the module reads it (the
/// template literal's line evaluated, parsed as JSON, its pattern given to
/// `new RegExp(…, "u")`).
const NODE_SCRIPT: &str = r#"
import { readFileSync, writeFileSync } from "node:fs";
const { literals, probes } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = literals.map((literal) => {
  let regex;
  try {
    const row = JSON.parse((0, eval)("`" + literal + "`"));
    regex = new RegExp(row[5], "u");
  } catch (e) {
    return { error: String(e) };
  }
  return probes.map((probe) => {
    regex.lastIndex = 0;
    const m = regex.exec(probe);
    if (m === null) return null;
    const groups = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) groups[k] = v ?? null;
    return { before: probe.slice(0, m.index), text: m[0], groups };
  });
});
writeFileSync(process.argv[3], JSON.stringify(results));
"#;

/// Runs node on `args` in `dir`, killing it after `limit`.
fn node_within(dir: &Path, args: &[&str], limit: Duration) {
    let mut child = Command::new("node")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr.txt")).unwrap())
        .spawn()
        .expect("node runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "node {args:?} did not finish in {limit:?}: a pattern backtracks catastrophically"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.success(),
        "node {args:?} failed: {}",
        std::fs::read_to_string(dir.join("stderr.txt")).unwrap()
    );
}

/// Runs `patterns`, which must all be accepted, in `regex` and in node
/// (each as the row the generated module holds) on `probes`; the
/// differences.
fn differences(patterns: &[String], probes: &[String]) -> Vec<String> {
    let (catalog, errors) = analyze(&catalog_source(patterns));
    let refused: Vec<String> = errors.iter().map(|d| d.primary.message.clone()).collect();
    assert!(
        refused.is_empty(),
        "accepted patterns are refused: {refused:?}"
    );
    let module = typescript(&catalog.unwrap());
    let literals = literals(&module);
    assert_eq!(
        literals.len(),
        patterns.len(),
        "one rule with a pattern per pattern"
    );

    let dir = support::temp_dir();
    std::fs::write(dir.path().join("run.mjs"), NODE_SCRIPT).unwrap();
    std::fs::write(
        dir.path().join("input.json"),
        json!({ "literals": literals, "probes": probes }).to_string(),
    )
    .unwrap();
    node_within(
        dir.path(),
        &["run.mjs", "input.json", "output.json"],
        Duration::from_secs(60),
    );
    let node: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("output.json")).unwrap())
            .unwrap();

    let mut wrong = Vec::new();
    for ((pattern, literal), js) in patterns.iter().zip(&literals).zip(&node) {
        let rust = rust_results(pattern, probes);
        if rust.get("error").is_some() || js.get("error").is_some() {
            wrong.push(format!("{pattern:?} ({literal}): Rust {rust}, node {js}"));
            continue;
        }
        for (i, probe) in probes.iter().enumerate() {
            if rust[i] != js[i] {
                wrong.push(format!(
                    "{pattern:?} ({literal}) on {probe:?}: Rust {}, node {}",
                    rust[i], js[i]
                ));
            }
        }
    }
    wrong
}

#[test]
fn accepted_patterns_match_the_same_in_rust_and_javascript() {
    let wrong = differences(&accepted_patterns(), &probes());
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The atoms random patterns are made of.
const ATOMS: &[&str] = &[
    "a",
    "b",
    "ab",
    "é",
    "1",
    " ",
    ".",
    "\\d",
    "\\D",
    "\\w",
    "\\W",
    "\\s",
    "\\S",
    "[a-c]",
    "[^a]",
    "[\\w-]",
    "[[:alpha:]]",
    "[a-z&&[^b]]",
    "\\pL",
    "\\p{Nd}",
    "\\x{2028}",
    "\\x{FEFF}",
    "\\-",
    "\\.",
    "/",
    "\\b",
    "\\B",
    "\\<",
    "\\>",
    "\\b{end}",
    "^",
    "$",
    "\\A",
    "\\z",
];

/// The quantifiers random patterns use.
const QUANTIFIERS: &[&str] = &[
    "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "+?", "??", "{0,2}?",
];

/// A random pattern: atoms, concatenations, alternations, groups of every
/// kind and quantifiers, nested up to `depth`.
fn random_pattern(next: &mut impl FnMut(usize) -> usize, depth: u32, names: &mut u32) -> String {
    let pick = if depth == 0 { 0 } else { next(6) };
    match pick {
        0 | 1 => ATOMS[next(ATOMS.len())].to_owned(),
        2 => (0..2 + next(2))
            .map(|_| random_pattern(next, depth - 1, names))
            .collect(),
        3 => {
            let a = random_pattern(next, depth - 1, names);
            let b = random_pattern(next, depth - 1, names);
            let open = match next(3) {
                0 => "(?:".to_owned(),
                1 => "(".to_owned(),
                _ => {
                    *names += 1;
                    format!("(?<g{names}>")
                }
            };
            format!("{open}{a}|{b})")
        }
        4 => {
            *names += 1;
            let inner = random_pattern(next, depth - 1, names);
            format!("(?P<g{names}>{inner})")
        }
        _ => {
            let inner = random_pattern(next, depth - 1, names);
            format!("(?:{inner}){}", QUANTIFIERS[next(QUANTIFIERS.len())])
        }
    }
}

/// Random patterns (a fixed seed, so that every run tries the same):
/// whatever the checker accepts must match the same in both engines.
#[test]
fn random_accepted_patterns_match_the_same_in_rust_and_javascript() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut accepted = Vec::new();
    let mut tried = 0;
    while accepted.len() < 500 {
        tried += 1;
        let pattern = random_pattern(&mut next, 4, &mut 0);
        let (_, errors) = analyze(&catalog_source(std::slice::from_ref(&pattern)));
        if errors.is_empty() {
            accepted.push(pattern);
        }
    }
    let wrong = differences(&accepted, &probes());
    assert!(
        wrong.is_empty(),
        "{} differences (of {} accepted patterns, {tried} tried):\n{}",
        wrong.len(),
        accepted.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_generated_module_with_every_accepted_pattern_loads_in_node() {
    let patterns = accepted_patterns();
    let (catalog, _) = analyze(&catalog_source(&patterns));
    let module = typescript(&catalog.unwrap());
    let dir = support::temp_dir();
    std::fs::write(dir.path().join("probes.ts"), module).unwrap();
    let out = support::run_tsc(dir.path(), &["--outDir", "out"], &["probes.ts".to_owned()]);
    assert!(
        out.status.success(),
        "tsc rejects the module:\n{}",
        support::output_text(&out)
    );
    std::fs::write(
        dir.path().join("out/package.json"),
        "{\"type\":\"module\"}\n",
    )
    .unwrap();
    let probes: Vec<String> = probes();
    std::fs::write(
        dir.path().join("load.mjs"),
        format!(
            "import {{ classify }} from \"./out/probes.js\";\n\
             for (const message of {}) classify({{ message }});\n",
            serde_json::to_string(&probes).unwrap()
        ),
    )
    .unwrap();
    node_within(dir.path(), &["load.mjs"], Duration::from_secs(60));
}

// ---------------------------------------------------------------------------
// Python's `re`.

/// The same in Python: the generated module imported, each rule's pattern
/// (as `_UPSTREAMS` holds it) given to `re.compile`, in rule order.
const PYTHON_SCRIPT: &str = r#"
import json, re, sys
sys.path.insert(0, sys.argv[1])
import probes
data = json.load(open(sys.argv[2], encoding="utf-8"))
results = []
for rule in probes._UPSTREAMS:
    try:
        regex = re.compile(rule[4])
    except Exception as e:
        results.append({"error": str(e)})
        continue
    found = []
    for probe in data["probes"]:
        m = regex.search(probe)
        if m is None:
            found.append(None)
        else:
            found.append({"before": probe[: m.start()], "text": m.group(0), "groups": m.groupdict()})
    results.append(found)
json.dump(results, open(sys.argv[3], "w", encoding="utf-8"))
"#;

/// Runs `patterns`, which must all be accepted, in `regex` and in Python's
/// `re` (each as the generated module holds it) on `probes`; the
/// differences.
fn python_differences(patterns: &[String], probes: &[String]) -> Vec<String> {
    let (catalog, errors) = analyze(&catalog_source(patterns));
    assert!(errors.is_empty(), "accepted patterns are refused");
    let files = Target::Python.generate(&catalog.unwrap(), &Options::new());
    let dir = support::temp_dir();
    std::fs::write(dir.path().join("probes.py"), &files[0].content).unwrap();
    std::fs::write(dir.path().join("run.py"), PYTHON_SCRIPT).unwrap();
    std::fs::write(
        dir.path().join("input.json"),
        json!({ "probes": probes }).to_string(),
    )
    .unwrap();
    let mut child = Command::new(support::python())
        .arg("run.py")
        .arg(dir.path())
        .arg("input.json")
        .arg("output.json")
        .current_dir(dir.path())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("stderr.txt")).unwrap())
        .spawn()
        .expect("python runs");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("python did not finish in 60 s: a pattern backtracks catastrophically");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.success(),
        "python failed: {}",
        std::fs::read_to_string(dir.path().join("stderr.txt")).unwrap()
    );
    let python: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("output.json")).unwrap())
            .unwrap();
    assert_eq!(python.len(), patterns.len(), "one rule per pattern");
    let mut wrong = Vec::new();
    for (pattern, py) in patterns.iter().zip(&python) {
        let rust = rust_results(pattern, probes);
        if rust.get("error").is_some() || py.get("error").is_some() {
            wrong.push(format!("{pattern:?}: Rust {rust}, Python {py}"));
            continue;
        }
        for (i, probe) in probes.iter().enumerate() {
            if rust[i] != py[i] {
                wrong.push(format!(
                    "{pattern:?} on {probe:?}: Rust {}, Python {}",
                    rust[i], py[i]
                ));
            }
        }
    }
    wrong
}

#[test]
fn accepted_patterns_match_the_same_in_rust_and_python() {
    let wrong = python_differences(&accepted_patterns(), &probes());
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Random patterns (the same seed as for JavaScript): whatever the checker
/// accepts must match the same in Rust and Python.
#[test]
fn random_accepted_patterns_match_the_same_in_rust_and_python() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut accepted = Vec::new();
    while accepted.len() < 500 {
        let pattern = random_pattern(&mut next, 4, &mut 0);
        let (_, errors) = analyze(&catalog_source(std::slice::from_ref(&pattern)));
        if errors.is_empty() {
            accepted.push(pattern);
        }
    }
    let wrong = python_differences(&accepted, &probes());
    assert!(
        wrong.is_empty(),
        "{} differences:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
