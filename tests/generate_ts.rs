//! The TypeScript target: a snapshot of the module generated for every
//! catalog file of the generator tests and the catalogs below,
//! determinism, and the real tools over the output: the TypeScript
//! compiler pinned in `package.json`
//! (installed with `npm ci` when missing) must accept every module with the
//! usage files in strict mode, must reject a `handleError` call that lacks a
//! handler and name the missing code, and `node` must render every message
//! of every catalog exactly as the IR says.

use errgen::generate::{Options, Target};
use errgen::ir::{Catalog, Code, Entry, ParamType, Segment};
use errgen::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use support::run_tsc;

/// Names no example uses: a code that is literally `default` (the
/// fallback key of `handleError`) and `default_`, codes `__proto__` and
/// `toString` that every object inherits a property of, an entry without
/// messages,
/// keyword params, a locale that is not an identifier, and a
/// deprecated entry with a replacement.
const EDGE: &str = r#"
catalog edge {
  version 0.0.1
  locales en, zh-Hans
}

error "default" {
  param class: string
  message en "default {class}"
  message zh-Hans "默认 {class}"
  upstream legacy {
    match r"class=(?P<class>[^/\s]+)/\-\#"
  }
}

error default_underscore = "default_" {
  message en "default_"
}

error proto = "__proto__" {
  param __proto__: string
  message en "proto {__proto__}"
}

error empty = "empty" {
}

error to_string = "toString" {
  message en "toString"
}

error "A.B" {
  param 0: int
  param 1: bool
  param 2: float
  message en "{0} {1} {2} {{0}}"
  deprecated "use default"
  replaced_by default
  upstream {
    http 418
    match r"n=(?<arg0>-?\d+) b=(?<arg1>true|false)(?: f=(?<arg2>\S+))?"
  }
}
"#;

/// A `problem` envelope with a field of every type.
const PROBLEM: &str = r#"
catalog problem {
  format "{lower}"
  envelope problem {
    type_base "https://errors.example.com/"
    code "errorCode"
    params "params"
    const "version" = 2
    const "kind" = "error"
    field "retry_after": int optional
    field "ratio": float optional
    field "debug": bool optional
    field "tags": array optional
    field "extra": object optional
    field "default": string optional
  }
}

error "gone" {
  http 410
  message "It is gone."
}
"#;

/// An envelope whose fields are named like properties every object
/// inherits: `isEnvelope` must read them as the body's own.
const PROTO_ENVELOPE: &str = r#"
catalog proto_envelope {
  format "{upper}"
  envelope {
    code "code"
    message "message"
    params "valueOf"
    field "toString": string optional
    field "constructor": int optional
    field "hasOwnProperty": bool optional
    field "__proto__": object
  }
}

error "GONE" {
  param name: string
  message "Gone: {name}."
}
"#;

/// Catalog text that JSDoc would read as tags: `@` at the start of a line
/// (after spaces and one `*`, which TypeScript skips) and `{@link}`.
const JSDOC: &str = r#"
catalog jsdoc {
  format "{upper}"
}

error see = "SEE" {
  message "@see https://evil.example"
}

error deprecated = "DEPRECATED" {
  message "  @deprecated but it is not"
}

error lines = "LINES" {
  message "first line\n@internal\n * @private\n\u{a0}\u{200b}@example x\n*@returns"
}

error star = "STAR" {
  message "* @deprecated"
}

error inline = "INLINE" {
  message "see {{@link javascript:alert(1)}} and {{@linkcode X}}"
}

error close = "CLOSE" {
  message "ends */ @see x"
}

error old = "OLD" {
  message "@returns nothing"
  deprecated "@see {@link SEE} instead"
  replaced_by see
}
"#;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The catalog in `bytes`, which must have no errors.
fn analyze(name: &str, bytes: &[u8]) -> Catalog {
    let mut workspace = Workspace::new();
    workspace.add_bytes(name, Some(PathBuf::from(name)), bytes);
    let analysis = workspace.analyze();
    let errors: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == errgen::diagnostic::Severity::Error)
        .map(|d| errgen::render::human(d, &analysis.sources, false))
        .collect();
    assert!(
        errors.is_empty(),
        "{name} has errors:\n{}",
        errors.join("\n")
    );
    assert_eq!(analysis.catalogs.len(), 1, "{name} holds one catalog");
    analysis.catalogs.into_iter().next().unwrap()
}

/// Every catalog file of the generator tests (`support::catalog_files`), then
/// the inline catalogs: (snapshot name, catalog).
fn catalogs() -> Vec<(String, Catalog)> {
    let mut out: Vec<(String, Catalog)> = support::catalog_files()
        .iter()
        .map(|path| {
            let bytes = std::fs::read(root().join(path)).unwrap();
            (
                support::stem(path),
                analyze(&path.display().to_string(), &bytes),
            )
        })
        .collect();
    out.push(("edge".to_owned(), analyze("edge.errors", EDGE.as_bytes())));
    out.push((
        "empty".to_owned(),
        analyze("empty.errors", b"catalog empty {\n}\n"),
    ));
    out.push((
        "problem".to_owned(),
        analyze("problem.errors", PROBLEM.as_bytes()),
    ));
    out.push((
        "jsdoc".to_owned(),
        analyze("jsdoc.errors", JSDOC.as_bytes()),
    ));
    out.push((
        "proto_envelope".to_owned(),
        analyze("proto_envelope.errors", PROTO_ENVELOPE.as_bytes()),
    ));
    out
}

/// The one file the target generates for `catalog`.
fn generate(catalog: &Catalog) -> (String, String) {
    let files = Target::Ts.generate(catalog, &Options::new());
    assert_eq!(files.len(), 1, "one module per catalog");
    let file = files.into_iter().next().unwrap();
    (file.path.display().to_string(), file.content)
}

#[test]
fn snapshots() {
    for (name, catalog) in catalogs() {
        let (path, content) = generate(&catalog);
        assert_eq!(path, format!("{}.ts", catalog.name.snake()));
        insta::assert_snapshot!(name, content);
    }
}

#[test]
fn output_is_deterministic() {
    for ((name, first), (_, second)) in catalogs().into_iter().zip(catalogs()) {
        assert_eq!(generate(&first), generate(&second), "{name}");
    }
}

/// Bundlers drop what is not imported only from a module without top-level
/// side effects: every top-level binding is a literal or a call marked
/// `/* @__PURE__ */`, and no statement at the top level is a call.
#[test]
fn top_level_has_no_side_effects() {
    for (name, catalog) in catalogs() {
        let (_, content) = generate(&catalog);
        for line in content.lines() {
            // A line at the top level that starts with a word starts a declaration.
            let first = line.split([' ', '(', '.', '<']).next().unwrap_or("");
            assert!(
                !first.starts_with(|c: char| c.is_ascii_alphabetic())
                    || ["export", "const", "function", "type", "interface"].contains(&first),
                "{name}: a top-level statement that is not a declaration: {line}"
            );
            let Some(declaration) = line
                .strip_prefix("export const ")
                .or(line.strip_prefix("const "))
            else {
                continue;
            };
            let (_, value) = declaration.split_once(" = ").expect("an initializer");
            assert!(
                value.starts_with("/* @__PURE__ */ ")
                    || value.starts_with(['{', '[', '"', '`', '-'])
                    || value.starts_with(|c: char| c.is_ascii_digit()),
                "{name}: a top-level initializer with a possible side effect: {line}"
            );
        }
    }
}

#[test]
fn catalog_text_stays_in_string_literals_and_line_comments() {
    for (name, catalog) in catalogs() {
        let (_, content) = generate(&catalog);
        let code = code_outside_literals(&content);
        // No template literal with a substitution but the two types the
        // template writes, no catalog text outside literals and comments.
        let mut rest = code.clone();
        for fixed in [
            "`handler for ${C & (string | number)} (or default",
            "`${P & (string | number)}`",
        ] {
            let start = rest.find(fixed).expect("the template literal type");
            let end = start + 1 + rest[start + 1..].find('`').unwrap();
            assert!(
                !rest[start..end].contains('"'),
                "{name}: {}",
                &rest[start..]
            );
            rest.replace_range(start..=end, "");
        }
        assert!(!rest.contains('`'), "{name}: a template literal:\n{rest}");
        for entry in &catalog.entries {
            for message in &entry.messages {
                if message.text.chars().count() > 12 {
                    assert!(!code.contains(&message.text), "{name}: {}", message.text);
                }
            }
        }
        // Nothing a reader cannot see, and no line break inside a literal.
        for c in [
            '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}', '\u{0}', '\r', '\u{7f}',
        ] {
            assert!(!content.contains(c), "{name}: {c:?}");
        }
    }
}

/// The JSDoc tags TypeScript reads in `source`, by name: in each `/** … */`
/// comment, an `@` that starts a line (after spaces and one `*`, which its
/// JSDoc parser skips), and `{@link`, `{@linkcode`, `{@linkplain` anywhere.
fn jsdoc_tags(source: &str) -> Vec<String> {
    // TypeScript's `isWhiteSpaceSingleLine`.
    let space = |c: char| {
        matches!(
            c,
            ' ' | '\t' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{85}' | '\u{1680}' | '\u{2000}'
                ..='\u{200b}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
        )
    };
    let name = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut tags = Vec::new();
    for comment in split_source(source).1 {
        let Some(body) = comment.strip_prefix('*') else {
            continue; // `/* … */`, not JSDoc
        };
        for line in body.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
            let lead = line.trim_start_matches(space);
            let lead = lead.strip_prefix('*').unwrap_or(lead);
            if let Some(tag) = lead.trim_start_matches(space).strip_prefix('@') {
                tags.push(name(tag));
            }
            for (at, _) in line.match_indices("{@") {
                let tag = name(&line[at + 2..]);
                if tag.starts_with("link") {
                    tags.push(tag);
                }
            }
        }
    }
    tags
}

#[test]
fn catalog_text_makes_no_jsdoc_tags() {
    for (name, catalog) in catalogs() {
        let (_, content) = generate(&catalog);
        let deprecated = catalog
            .entries
            .iter()
            .filter(|e| e.deprecated.is_some())
            .count();
        assert_eq!(
            jsdoc_tags(&content),
            vec!["deprecated".to_owned(); deprecated],
            "{name}: the only tags are the deprecated entries' own"
        );
    }
}

/// `source` with the insides of string literals, template literals without
/// substitutions, regex literals and comments blanked out: what is left is
/// code the template wrote.
fn code_outside_literals(source: &str) -> String {
    split_source(source).0
}

/// [`code_outside_literals`], and the text of every block comment.
fn split_source(source: &str) -> (String, Vec<String>) {
    let mut comments = Vec::new();
    let mut out = String::new();
    let mut chars = source.chars().peekable();
    let mut last = ' ';
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                let quote = c;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        c if c == quote => break,
                        '\n' => panic!("a line break inside a string literal"),
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            '`' => {
                // A template literal: blanked like a string when it has no
                // substitution (the rows of data), kept as code when it has
                // one (only the template literal types the template writes).
                let mut text = String::from('`');
                let mut substitution = false;
                while let Some(c) = chars.next() {
                    text.push(c);
                    match c {
                        '\\' => text.extend(chars.next()),
                        '$' if chars.peek() == Some(&'{') => substitution = true,
                        '`' => break,
                        _ => {}
                    }
                }
                out.push_str(if substitution { &text } else { "\"\"" });
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                out.push('\n');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                let mut comment = String::new();
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        comment.pop();
                        break;
                    }
                    comment.push(c);
                    previous = c;
                }
                comments.push(comment);
            }
            '/' if matches!(last, '=' | '(' | ',' | ':') => {
                // A regex literal.
                let mut in_class = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '[' => in_class = true,
                        ']' => in_class = false,
                        '/' if !in_class => break,
                        '\n' => panic!("a line break inside a regex literal"),
                        _ => {}
                    }
                }
                out.push_str("/re/");
            }
            c => out.push(c),
        }
        if let Some(c) = out.chars().rev().find(|c| !c.is_whitespace()) {
            last = c;
        }
    }
    (out, comments)
}

// ---------------------------------------------------------------------------
// The TypeScript compiler and node.

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A temporary folder with the generated module of every catalog and the
/// named files of tests/ts; returns it and the .ts files in it.
fn project(usage: &[&str]) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (_, catalog) in catalogs() {
        let (path, content) = generate(&catalog);
        std::fs::write(dir.path().join(&path), content).unwrap();
        files.push(path);
    }
    for name in usage {
        std::fs::copy(root().join("tests/ts").join(name), dir.path().join(name)).unwrap();
        if name.ends_with(".ts") {
            files.push((*name).to_owned());
        }
    }
    (dir, files)
}

#[test]
fn tsc_accepts_every_module_and_the_usage_files() {
    let (dir, files) = project(&["usage.ts", "edge-usage.ts", "decode-usage.ts"]);
    let out = run_tsc(dir.path(), &["--noEmit"], &files);
    assert!(
        out.status.success(),
        "tsc rejects the generated TypeScript:\n{}",
        text(&out)
    );
}

/// The README's TypeScript example compiles against the generated module
/// of the example catalog it names (`error` and `response` declared).
#[test]
fn tsc_accepts_the_readme_example() {
    let block = &support::readme_blocks(
        "TypeScript: the compiler proves every code is handled.",
        "ts",
    )[0];
    assert!(block.contains("\"./generated/ts/optverse\""), "{block}");
    let example = format!(
        "import type {{ CatalogError }} from \"./optverse\";\n\
         declare const error: CatalogError;\n\
         declare const response: {{ text(): Promise<string> }};\n\
         {}\nexport {{}};\n",
        block.replace("\"./generated/ts/optverse\"", "\"./optverse\"")
    );
    let (dir, mut files) = project(&[]);
    std::fs::write(dir.path().join("readme.ts"), example).unwrap();
    files.push("readme.ts".into());
    let out = run_tsc(
        dir.path(),
        &["--noEmit", "--noUnusedLocals", "false"],
        &files,
    );
    assert!(
        out.status.success(),
        "tsc rejects the README's example:\n{}",
        text(&out)
    );
}

/// A catalog of `n` codes `LARGE_0000`, `LARGE_0001`, …, each with a param.
fn large_catalog(n: usize) -> Catalog {
    let mut source = String::from("catalog large {\n  format \"LARGE_{digits:4}\"\n}\n");
    for i in 0..n {
        source.push_str(&format!(
            "error e{i:04} = \"LARGE_{i:04}\" {{\n  param name: string\n  message \"Item {{name}}.\"\n}}\n"
        ));
    }
    analyze("large.errors", source.as_bytes())
}

#[test]
fn tsc_names_the_missing_handler() {
    let (dir, mut files) = project(&["missing-handler.ts"]);
    // Large enough that tsc lists four missing properties and counts the rest.
    let (path, content) = generate(&large_catalog(1000));
    std::fs::write(dir.path().join(&path), content).unwrap();
    files.push(path);
    let out = run_tsc(dir.path(), &["--noEmit"], &files);
    let output = text(&out);
    assert!(
        !out.status.success(),
        "tsc accepts a missing handler:\n{output}"
    );
    // Exactly the calls that lack a handler fail, each saying that a handler
    // or `default` is missing and naming the missing code, or the first
    // missing codes and how many more.
    let errors: Vec<&str> = output
        .split("\nmissing-handler.ts(")
        .filter(|e| e.contains("error TS"))
        .collect();
    assert_eq!(errors.len(), 4, "{output}");
    assert!(
        output
            .lines()
            .filter(|l| l.contains("error TS"))
            .all(|e| e.starts_with("missing-handler.ts(") && e.contains("TS2769")),
        "{output}"
    );
    for (error, missing) in errors.iter().zip([
        &["handler for 100201 (or default)"][..],
        &["handler for PIPELINE_NOT_FOUND (or default)"],
        &["handler for LARGE_0999 (or default)"],
        &["handler for LARGE_0001 (or default)", "and 995 more"],
    ]) {
        for m in missing {
            assert!(error.contains(m), "the error does not say {m:?}:\n{error}");
        }
    }
    insta::assert_snapshot!("missing_handler_tsc_output", output);
}

/// What `parse` returns may hold a code of a newer server: a handler map
/// without `default` is a tsc error, even with a handler for every code.
#[test]
fn tsc_requires_default_for_a_decoded_error() {
    let (dir, files) = project(&["missing-default.ts"]);
    let out = run_tsc(dir.path(), &["--noEmit"], &files);
    let output = text(&out);
    assert!(!out.status.success(), "tsc accepts no default:\n{output}");
    let errors: Vec<&str> = output.lines().filter(|l| l.contains("error TS")).collect();
    assert_eq!(errors.len(), 1, "{output}");
    assert!(errors[0].starts_with("missing-default.ts("), "{output}");
    // The last overload's error: what `parse` returns is no `CatalogError`
    // (the overloads that take a `Decoded` want `default`).
    assert!(
        output.contains(
            "Argument of type 'Decoded' is not assignable to parameter of type 'CatalogError'"
        ),
        "{output}"
    );
}

/// Compiles every module and the usage files to JavaScript in `out/`.
fn emit(usage: &[&str]) -> tempfile::TempDir {
    let (dir, files) = project(usage);
    let out = run_tsc(dir.path(), &["--outDir", "out"], &files);
    assert!(out.status.success(), "tsc:\n{}", text(&out));
    std::fs::write(
        dir.path().join("out/package.json"),
        "{\"type\":\"module\"}\n",
    )
    .unwrap();
    dir
}

fn node(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("node")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node {args:?} failed:\n{}",
        text(&out)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn usage_runs_under_node() {
    let dir = emit(&["usage.ts", "edge-usage.ts", "decode-usage.ts"]);
    assert_eq!(node(dir.path(), &["out/usage.js"]).trim(), "usage: ok");
    assert_eq!(
        node(dir.path(), &["out/decode-usage.js"]).trim(),
        "decode-usage: ok"
    );
    assert_eq!(
        node(dir.path(), &["out/edge-usage.js"]).trim(),
        "edge-usage: ok"
    );
}

/// A value for a param, as JSON, and as the message shows it.
fn param_value(entry: &Entry, index: usize) -> (serde_json::Value, String) {
    let param = &entry.params[index];
    match param.ty {
        ParamType::String => {
            let s = format!(
                "<{}> \"q\" \\ ` ${{x}} {{{{ */ \n\t\u{0} \u{2028}\u{200f} 😀 中文 한국어 {}",
                param.name.original(),
                entry.code
            );
            (serde_json::Value::String(s.clone()), s)
        }
        ParamType::Int => (
            serde_json::json!(-42 - index as i64),
            (-42 - index as i64).to_string(),
        ),
        ParamType::Float => (serde_json::json!(2.5), "2.5".to_owned()),
        ParamType::Bool => (serde_json::json!(true), "true".to_owned()),
        // No message shows a structured param: any value of its shape.
        ParamType::List(_) => (serde_json::json!([]), String::new()),
        ParamType::Map(_) | ParamType::Record(_) => (serde_json::json!({}), String::new()),
        ParamType::Any => (serde_json::Value::Null, String::new()),
    }
}

/// The message of `entry` in `locale` with `values` filled in, rendered from
/// the IR: the default locale's when it has none in `locale`.
fn expected_message(catalog: &Catalog, entry: &Entry, locale: &str, values: &[String]) -> String {
    let Some(message) = entry
        .message(locale)
        .or_else(|| entry.message(catalog.default_locale()))
    else {
        return entry.code.to_string();
    };
    let mut out = String::new();
    for segment in message.segments() {
        match segment {
            Segment::Text(t) => out.push_str(&t),
            Segment::Placeholder(p) => out.push_str(&values[p.param.expect("resolved")]),
        }
    }
    out
}

/// `ENTRIES[code]` as the IR says: the fields an entry does not set absent.
fn expected_entry(catalog: &Catalog, entry: &Entry) -> serde_json::Value {
    let code = |code: &Code| match code {
        Code::Int(n) => serde_json::json!(n),
        Code::Str(s) => serde_json::json!(s),
    };
    let mut fields = serde_json::Map::new();
    fields.insert("code".into(), code(&entry.code));
    fields.insert("name".into(), entry.name.original().into());
    fields.insert(
        "kind".into(),
        format!("{:?}", entry.kind).to_lowercase().into(),
    );
    if let Some(g) = entry.group {
        fields.insert("group".into(), catalog.groups[g].name.original().into());
    }
    if let Some(http) = entry.http {
        fields.insert("http".into(), http.into());
    }
    if let Some(grpc) = entry.grpc {
        fields.insert("grpc".into(), grpc.number().into());
    }
    fields.insert("retryable".into(), entry.retryable.into());
    if let Some(stage) = &entry.stage {
        fields.insert("stage".into(), stage.to_string().into());
    }
    fields.insert("deprecated".into(), entry.deprecated.is_some().into());
    let replacement = entry.deprecated.as_ref().and_then(|d| {
        let name = d.replaced_by.as_deref()?;
        catalog
            .entries
            .iter()
            .find(|e| e.name.original() == name || e.name.snake() == name)
    });
    if let Some(replacement) = replacement {
        fields.insert("replacedBy".into(), code(&replacement.code));
    }
    if let Some(docs) = &entry.docs {
        fields.insert("docs".into(), docs.to_string().into());
    }
    let messages: serde_json::Map<_, _> = entry
        .messages
        .iter()
        .map(|m| (m.locale.to_string(), m.text.clone().into()))
        .collect();
    fields.insert("messages".into(), messages.into());
    fields.into()
}

#[test]
fn node_renders_every_message_as_the_ir_says() {
    let dir = emit(&[]);
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for (_, catalog) in catalogs() {
        let module = format!("./out/{}.js", catalog.name.snake());
        for entry in &catalog.entries {
            let (params, values): (serde_json::Map<_, _>, Vec<String>) = {
                let mut params = serde_json::Map::new();
                let mut values = Vec::new();
                for (i, p) in entry.params.iter().enumerate() {
                    let (json, shown) = param_value(entry, i);
                    params.insert(p.name.original().to_owned(), json);
                    values.push(shown);
                }
                (params, values)
            };
            let code = match &entry.code {
                Code::Int(n) => serde_json::json!(n),
                Code::Str(s) => serde_json::json!(s),
            };
            for locale in &catalog.locales {
                cases.push(serde_json::json!({
                    "module": module, "code": code, "params": params, "locale": locale,
                }));
                expected.push(serde_json::json!({
                    "message": expected_message(&catalog, entry, locale, &values),
                    "raw": entry.message(locale).map(|m| m.text.clone()),
                    "entry": expected_entry(&catalog, entry),
                }));
            }
        }
    }
    std::fs::write(
        dir.path().join("cases.json"),
        serde_json::to_string(&cases).unwrap(),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/ts/render.mjs"),
        dir.path().join("render.mjs"),
    )
    .unwrap();
    let output = node(dir.path(), &["render.mjs", "cases.json"]);
    let actual: Vec<serde_json::Value> = serde_json::from_str(&output).expect("JSON from node");
    assert_eq!(actual.len(), expected.len());
    for ((case, actual), expected) in cases.iter().zip(&actual).zip(&expected) {
        assert_eq!(actual, expected, "{case}");
    }
}

/// The wire corpus (tests/fixtures/wire/): every body decodes as the corpus
/// expects with the compiled modules under node (tests/ts/wire.mjs), and a
/// copy of the corpus with wrong expectations fails, case by case.
#[test]
fn the_wire_corpus_decodes_under_node() {
    let dir = emit(&["wire.mjs"]);
    let corpus = root().join("tests/fixtures/wire");
    let corpus = corpus.to_str().unwrap();
    let out = node(dir.path(), &["wire.mjs", corpus]);
    let count: usize = out
        .trim()
        .strip_prefix("wire: ")
        .and_then(|rest| rest.strip_suffix(" cases ok"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(count >= 25, "{out}");

    // Each kind of expectation, made wrong, is reported.
    let changed = support::wrong_wire_corpus(dir.path());
    let out = Command::new("node")
        .args(["wire.mjs", "wrong"])
        .current_dir(dir.path())
        .output()
        .expect("node runs");
    assert!(!out.status.success(), "{}", text(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    for name in &changed {
        assert!(
            report.contains(name.as_str()),
            "{name} not reported:\n{report}"
        );
    }
}
