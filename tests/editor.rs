//! The VS Code extension in editors/vscode: its TextMate grammar, tested
//! with the pinned `vscode-tmgrammar-test` against the scope assertions of
//! editors/vscode/test/ and against assertions that errgen's own parser
//! derives from every example catalog; the client type-checked by the
//! pinned TypeScript; the package made by the pinned `@vscode/vsce`.

mod support;

use errgen::parse::ast::{
    self, CatalogStmt, EntryStmt, GroupStmt, Item, Prop, ReservedTarget, StrStyle, UpstreamStmt,
};
use errgen::source::Span;
use errgen::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::Command;

const GRAMMAR: &str = "syntaxes/errgen.tmLanguage.json";

fn grammar() -> serde_json::Value {
    let path = support::root().join("editors/vscode").join(GRAMMAR);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Runs vscode-tmgrammar-test on `files` (paths it can open from
/// editors/vscode); panics with its report when an assertion fails.
fn assert_scopes(files: &[&Path]) {
    let mut args = vec!["-g", GRAMMAR];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = support::run_vscode_tool("vscode-tmgrammar-test", &args);
    let report = support::output_text(&out);
    assert!(out.status.success(), "scope assertions failed:\n{report}");
    assert_eq!(
        report.matches("run successfuly").count(),
        files.len(),
        "every file was tested:\n{report}"
    );
}

#[test]
fn the_grammar_passes_its_scope_assertions_and_the_test_files_are_catalogs() {
    let dir = support::root().join("editors/vscode/test");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "errors"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let relative: Vec<PathBuf> = files
        .iter()
        .map(|f| f.strip_prefix(support::vscode_extension()).unwrap().into())
        .collect();
    assert_scopes(&relative.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    // Each is a catalog without a diagnostic, so that what it asserts is
    // what a real catalog looks like.
    for file in &files {
        let mut workspace = Workspace::new();
        workspace.add_path(file).unwrap();
        let analysis = workspace.analyze();
        let found: Vec<String> = analysis
            .diagnostics
            .iter()
            .map(|d| errgen::render::human(d, &analysis.sources, false))
            .collect();
        assert!(
            found.is_empty(),
            "{}:\n{}",
            file.display(),
            found.join("\n")
        );
    }
}

/// What errgen's parser says a piece of a catalog is, as the scope the
/// grammar must give it there: (start, length in bytes, scope).
type Expected = (usize, usize, &'static str);

/// The leading keyword of a statement at `start`.
fn keyword(text: &str, start: usize, scope: &'static str) -> Expected {
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
        .unwrap_or(text.len() - start);
    (start, len, scope)
}

fn whole(span: Span, scope: &'static str) -> Expected {
    (span.start, span.end - span.start, scope)
}

/// A string literal's opening quote(s), as its style is scoped.
fn string_start(s: &ast::Str) -> Expected {
    match s.style {
        StrStyle::Plain => (s.span.start, 1, "string.quoted.double.errgen"),
        StrStyle::Raw => (s.span.start, 2, "string.quoted.raw.errgen"),
        StrStyle::Triple => (s.span.start, 3, "string.quoted.triple.errgen"),
    }
}

fn text_stmt(text: &str, at: Span, t: &ast::Text, out: &mut Vec<Expected>) {
    out.push(keyword(text, at.start, "keyword.other.errgen"));
    if let Some(locale) = &t.locale {
        out.push(whole(locale.span, "constant.other.locale.errgen"));
    }
    out.push(string_start(&t.text));
}

fn code(target: &ast::CodeLit, out: &mut Vec<Expected>) {
    match target {
        ast::CodeLit::Int(i) => out.push(whole(i.span, "constant.other.code.errgen")),
        ast::CodeLit::Str(s) if s.style == StrStyle::Plain => out.push((
            s.span.start + 1,
            s.span.end - s.span.start - 2,
            "constant.other.code.errgen",
        )),
        ast::CodeLit::Str(s) => out.push(string_start(s)),
    }
}

fn prop(text: &str, at: Span, p: &Prop, out: &mut Vec<Expected>) {
    match p {
        Prop::Description(t) | Prop::Cause(t) | Prop::Remedy(t) => text_stmt(text, at, t, out),
        Prop::Stage(stage) => {
            out.push(keyword(text, at.start, "keyword.other.errgen"));
            out.push(whole(stage.span, "variable.other.stage.errgen"));
        }
        Prop::Grpc(ast::GrpcLit::Name(name)) => {
            out.push(keyword(text, at.start, "keyword.other.errgen"));
            out.push(whole(name.span, "constant.other.grpc.errgen"));
        }
        Prop::Meta(key, _) => {
            out.push(keyword(text, at.start, "keyword.other.errgen"));
            out.push(whole(key.span, "variable.other.key.errgen"));
        }
        Prop::Envelopes(names) => {
            out.push(keyword(text, at.start, "keyword.other.errgen"));
            for name in names {
                out.push(whole(name.span, "variable.other.envelope.errgen"));
            }
        }
        _ => out.push(keyword(text, at.start, "keyword.other.errgen")),
    }
}

fn entry(text: &str, e: &ast::Entry, out: &mut Vec<Expected>) {
    out.push(keyword(text, e.head.start, "storage.type.entry.errgen"));
    if let Some(name) = &e.name {
        out.push(whole(name.span, "entity.name.function.entry.errgen"));
    }
    code(&e.code, out);
    for stmt in &e.stmts {
        match &stmt.node {
            EntryStmt::Message(t) => text_stmt(text, stmt.span, t, out),
            EntryStmt::Param(p) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
                if let Some(name) = &p.name {
                    out.push(whole(name.span, "variable.parameter.errgen"));
                }
                type_expr(text, &p.ty, out);
            }
            EntryStmt::Alias(alias) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
                code(&alias.code, out);
            }
            EntryStmt::ReplacedBy(name) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
                out.push(whole(name.span, "variable.other.entry.errgen"));
            }
            EntryStmt::Prop(p) => prop(text, stmt.span, p, out),
            EntryStmt::Upstream(u) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
                for s in &u.stmts {
                    out.push(keyword(text, s.span.start, "keyword.other.errgen"));
                    if let UpstreamStmt::Match(_, pattern) = &s.node {
                        out.push((pattern.span.start + 2, 1, "string.regexp.errgen"));
                    }
                }
            }
        }
    }
}

/// The names of a type that are no record's: scalars and the open ones.
const BUILTIN_TYPES: [&str; 7] = ["string", "int", "float", "bool", "any", "object", "array"];

/// A type as written (a param's, a record field's, an envelope member's)
/// and every type it holds: `list` and `map` are keywords, a built-in
/// type's name a support type, any other name a record.
fn type_expr(text: &str, ty: &ast::TypeExpr, out: &mut Vec<Expected>) {
    match ty {
        ast::TypeExpr::Name(name) if BUILTIN_TYPES.contains(&name.name.as_str()) => {
            out.push(whole(name.span, "support.type.errgen"));
        }
        ast::TypeExpr::Name(name) => out.push(whole(name.span, "entity.name.type.record.errgen")),
        ast::TypeExpr::List(item, span) => {
            out.push(keyword(text, span.start, "keyword.other.errgen"));
            type_expr(text, item, out);
        }
        ast::TypeExpr::Map(key, value, span) => {
            out.push(keyword(text, span.start, "keyword.other.errgen"));
            type_expr(text, key, out);
            type_expr(text, value, out);
        }
    }
}

fn reserved(r: &ast::Reserved, out: &mut Vec<Expected>) {
    out.push((
        r.span.start,
        "reserved".len(),
        "keyword.other.reserved.errgen",
    ));
    match &r.target {
        ReservedTarget::Int(i) => out.push(whole(i.span, "constant.other.code.errgen")),
        ReservedTarget::Range(a, b) => {
            out.push(whole(a.span, "constant.other.code.errgen"));
            out.push(whole(b.span, "constant.other.code.errgen"));
        }
        ReservedTarget::Str(s) => code(&ast::CodeLit::Str(s.clone()), out),
    }
}

fn group(text: &str, g: &ast::Group, out: &mut Vec<Expected>) {
    out.push(keyword(text, g.span.start, "keyword.other.group.errgen"));
    out.push(whole(g.name.span, "entity.name.namespace.group.errgen"));
    for stmt in &g.stmts {
        match &stmt.node {
            GroupStmt::Range(..) | GroupStmt::Prefix(_) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
            }
            GroupStmt::Allow(rule) => {
                out.push(keyword(text, stmt.span.start, "keyword.other.errgen"));
                out.push(whole(rule.span, "support.constant.rule.errgen"));
            }
            GroupStmt::Prop(p) => prop(text, stmt.span, p, out),
            GroupStmt::Group(g) => group(text, g, out),
            GroupStmt::Entry(e) => entry(text, e, out),
            GroupStmt::Reserved(r) => reserved(r, out),
        }
    }
}

/// Everything the parser and the checker know about `text` that the
/// grammar must agree with: comments, keywords, names, codes, locales,
/// params, strings by style, and every placeholder of every message.
fn expectations(text: &str) -> Vec<Expected> {
    let mut workspace = Workspace::new();
    let id = workspace.add_bytes("example.errors", None, text.as_bytes());
    let parsed = errgen::parse::parse(id, text).expect("the example parses");
    let mut out = Vec::new();
    for c in &parsed.comments {
        out.push((c.span.start, 2, "comment.line.double-slash.errgen"));
    }
    let catalog = &parsed.catalog;
    out.push(keyword(
        text,
        catalog.span.start,
        "keyword.other.catalog.errgen",
    ));
    out.push(whole(catalog.name.span, "entity.name.type.catalog.errgen"));
    for stmt in &catalog.stmts {
        let head = match stmt.node {
            // An envelope's block is a region (`meta.envelope.errgen`).
            CatalogStmt::Envelope(_) => "meta.envelope.errgen keyword.other.errgen",
            _ => "keyword.other.errgen",
        };
        out.push(keyword(text, stmt.span.start, head));
        match &stmt.node {
            CatalogStmt::Locales(locales) => {
                for l in locales {
                    out.push(whole(l.span, "constant.other.locale.errgen"));
                }
            }
            CatalogStmt::Stages(stages) => {
                for s in stages {
                    out.push(whole(s.span, "variable.other.stage.errgen"));
                }
            }
            CatalogStmt::Option(key, _) => out.push(whole(key.span, "variable.other.key.errgen")),
            CatalogStmt::Description(t) => text_stmt(text, stmt.span, t, &mut out),
            CatalogStmt::Envelope(envelope) => {
                if let Some(name) = &envelope.name {
                    out.push(whole(name.span, "entity.name.section.envelope.errgen"));
                }
                if let Some(title) = &envelope.title {
                    out.push(string_start(title));
                }
                if let Some(shape) = &envelope.shape {
                    out.push(whole(shape.span, "support.constant.envelope.errgen"));
                }
                envelope_members(text, &envelope.stmts, "meta.envelope.errgen", &mut out);
            }
            CatalogStmt::Envelopes(names) => {
                for name in names {
                    out.push(whole(name.span, "variable.other.envelope.errgen"));
                }
            }
            CatalogStmt::Version(..)
            | CatalogStmt::Format(_)
            | CatalogStmt::Docs(_)
            | CatalogStmt::Upstream(_) => {}
        }
    }
    for item in &parsed.items {
        match item {
            Item::Group(g) => group(text, g, &mut out),
            Item::Entry(e) => entry(text, e, &mut out),
            Item::Reserved(r) => reserved(r, &mut out),
            Item::Type(t) => {
                out.push(keyword(text, t.span.start, "keyword.other.errgen"));
                out.push(whole(t.name.span, "entity.name.type.record.errgen"));
                for field in &t.fields {
                    out.push(keyword(text, field.span.start, "keyword.other.errgen"));
                    type_expr(text, &field.node.ty, &mut out);
                }
            }
        }
    }
    // Placeholders, where the message is written verbatim in the source.
    let analysis = workspace.analyze();
    for catalog in &analysis.catalogs {
        for e in catalog.entries.iter() {
            for m in e.messages.iter() {
                let literal = &text[m.span.start..m.span.end];
                let open = if literal.starts_with("r\"") { 2 } else { 1 };
                if literal.starts_with("\"\"\"")
                    || literal.get(open..literal.len() - 1) != Some(m.text.as_str())
                {
                    continue;
                }
                for p in m.placeholders() {
                    let start = m.span.start + open + p.range.start;
                    out.push((start, p.range.len(), "variable.other.placeholder.errgen"));
                }
            }
        }
    }
    out
}

/// The members of an envelope, or of the error object it nests, inside
/// their region (`region`): their keywords, wire names and types, and
/// never an entry's scopes.
fn envelope_members(
    text: &str,
    members: &[ast::Spanned<ast::EnvelopeStmt>],
    region: &'static str,
    out: &mut Vec<Expected>,
) {
    for member in members {
        let start = member.span.start;
        match &member.node {
            ast::EnvelopeStmt::Role(_, wire, _)
            | ast::EnvelopeStmt::Const(wire, _)
            | ast::EnvelopeStmt::Field(wire, ..)
            | ast::EnvelopeStmt::Data(wire, _) => out.push(string_start(wire)),
            // The nested error object's wire name is no entry's code.
            ast::EnvelopeStmt::Error(wire, _) if wire.style == StrStyle::Plain => out.push((
                wire.span.start,
                wire.span.end - wire.span.start,
                "string.quoted.double.errgen - constant.other.code.errgen",
            )),
            ast::EnvelopeStmt::Error(wire, _) => out.push(string_start(wire)),
        }
        match &member.node {
            ast::EnvelopeStmt::Role(_, _, Some(ty))
            | ast::EnvelopeStmt::Field(_, ty, _)
            | ast::EnvelopeStmt::Data(_, ty) => type_expr(text, ty, out),
            _ => {}
        }
        match &member.node {
            // `message` and `stage` are keywords of the language too; the
            // other roles are not.
            ast::EnvelopeStmt::Role(role, ..)
                if ["message", "stage"].contains(&role.name.as_str()) =>
            {
                out.push(keyword(
                    text,
                    start,
                    region_scope(region, "keyword.other.errgen"),
                ));
            }
            ast::EnvelopeStmt::Role(..) | ast::EnvelopeStmt::Data(..) => out.push(keyword(
                text,
                start,
                region_scope(region, "variable.other.property.role.errgen"),
            )),
            ast::EnvelopeStmt::Const(..) | ast::EnvelopeStmt::Field(..) => {
                out.push(keyword(
                    text,
                    start,
                    region_scope(region, "keyword.other.errgen"),
                ));
            }
            ast::EnvelopeStmt::Error(_, nested) => {
                let inner = "meta.envelope.error.errgen";
                out.push(keyword(
                    text,
                    start,
                    "meta.envelope.error.errgen keyword.other.errgen - storage.type.entry.errgen",
                ));
                envelope_members(text, nested, inner, out);
            }
        }
    }
}

/// `scope` inside `region`, as one assertion: the region's scope first.
fn region_scope(region: &'static str, scope: &'static str) -> &'static str {
    // The pairs that occur, spelt out: an assertion's scopes are `'static`.
    match (region, scope) {
        ("meta.envelope.errgen", "keyword.other.errgen") => {
            "meta.envelope.errgen keyword.other.errgen"
        }
        ("meta.envelope.errgen", _) => "meta.envelope.errgen variable.other.property.role.errgen",
        (_, "keyword.other.errgen") => "meta.envelope.error.errgen keyword.other.errgen",
        _ => "meta.envelope.error.errgen variable.other.property.role.errgen",
    }
}

/// `text` with an assertion line after each line for what `expected` says
/// of it (vscode-tmgrammar-test's syntax; columns in UTF-16 code units, as
/// the tokenizer counts them).
fn with_assertions(text: &str, expected: &[Expected]) -> String {
    let mut out = String::from("// SYNTAX TEST \"source.errgen\" \"an example catalog\"\n");
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push('\n');
        }
        let body = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + body.len();
        let mut here: Vec<&Expected> = expected
            .iter()
            .filter(|(start, _, _)| (line_start..line_end).contains(start))
            .collect();
        here.sort();
        for &&(start, len, scope) in &here {
            let end = (start + len).min(line_end);
            let column = text[line_start..start].encode_utf16().count();
            let width = text[start..end].encode_utf16().count().max(1);
            if column < 3 {
                let tildes = "~".repeat(column);
                out.push_str(&format!("// <{tildes}{} {scope}\n", "-".repeat(width)));
            } else {
                out.push_str(&format!(
                    "//{}{} {scope}\n",
                    " ".repeat(column - 2),
                    "^".repeat(width)
                ));
            }
        }
        line_start += line.len();
    }
    out
}

#[test]
fn the_grammar_agrees_with_the_parser_on_every_example() {
    // The catalog files of the generator tests: the examples, the
    // code-generation fixtures and the catalog of every statement.
    let examples = support::catalog_files();
    assert!(examples.len() >= 6, "{examples:?}");
    let dir = support::temp_dir();
    let mut written = Vec::new();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for path in &examples {
        let text = std::fs::read_to_string(support::root().join(path)).unwrap();
        let expected = expectations(&text);
        for (_, _, scope) in &expected {
            *counts.entry(scope).or_default() += 1;
        }
        let file = dir.path().join(path.file_name().unwrap());
        std::fs::write(&file, with_assertions(&text, &expected)).unwrap();
        written.push(file);
    }
    // The examples exercise what matters most.
    for scope in [
        "comment.line.double-slash.errgen",
        "constant.other.code.errgen",
        "entity.name.function.entry.errgen",
        "variable.other.placeholder.errgen",
        "constant.other.locale.errgen",
        "variable.parameter.errgen",
        "keyword.other.reserved.errgen",
        // Envelopes, the error object one nests, and types.
        "meta.envelope.errgen variable.other.property.role.errgen",
        "meta.envelope.error.errgen keyword.other.errgen - storage.type.entry.errgen",
        "string.quoted.double.errgen - constant.other.code.errgen",
        "support.type.errgen",
        "entity.name.type.record.errgen",
        "variable.other.envelope.errgen",
    ] {
        assert!(
            counts.get(scope).copied().unwrap_or(0) > 0,
            "no example asserts {scope}: {counts:?}"
        );
    }
    assert_scopes(&written.iter().map(PathBuf::as_path).collect::<Vec<_>>());
}

/// Every keyword of grammar/errgen.pest (`kw_*`, the entry kinds, envelope
/// shapes, field and param types) is one the TextMate grammar names, so
/// that a keyword added to the language cannot go unhighlighted.
#[test]
fn the_grammar_knows_every_keyword_of_the_language() {
    let pest = std::fs::read_to_string(support::root().join("grammar/errgen.pest")).unwrap();
    let grammar = grammar().to_string();
    let mut words = Vec::new();
    for line in pest.lines() {
        let Some((rule, body)) = line.split_once('=') else {
            continue;
        };
        let rule = rule.trim();
        if rule.starts_with("kw_")
            || [
                "entry_kind",
                "envelope_shape",
                "field_type",
                "param_type",
                "boolean",
            ]
            .contains(&rule)
        {
            for word in body.split('"').skip(1).step_by(2) {
                words.push(word.to_owned());
            }
        }
    }
    assert!(words.len() > 35, "{words:?}");
    for word in &words {
        assert!(
            grammar.contains(&format!("|{word}|"))
                || grammar.contains(&format!("({word}|"))
                || grammar.contains(&format!("|{word})"))
                || grammar.contains(&format!("({word})")),
            "the TextMate grammar does not name `{word}`"
        );
    }
}

#[test]
fn the_client_type_checks() {
    let out = Command::new("node")
        .arg(support::tsc())
        .args(["-p", "jsconfig.json"])
        .current_dir(support::vscode_extension())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "tsc on editors/vscode/extension.js:\n{}",
        support::output_text(&out)
    );
}

#[test]
fn the_extension_packs_with_the_grammar_the_client_and_the_schema() {
    let dir = support::temp_dir();
    let vsix = dir.path().join("errgen.vsix");
    let out = support::run_vscode_tool(
        "vsce",
        &[
            "package",
            "--skip-license",
            "--allow-missing-repository",
            "--out",
            vsix.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "vsce package:\n{}",
        support::output_text(&out)
    );
    // The package's files, read with Python's zipfile.
    let listed = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\n\
             z = zipfile.ZipFile(sys.argv[1])\n\
             print('\\n'.join(z.namelist()))\n\
             open(sys.argv[2], 'wb').write(z.read('extension/schemas/errgen.schema.json'))",
            vsix.to_str().unwrap(),
            dir.path().join("schema.json").to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs");
    assert!(listed.status.success(), "{}", support::output_text(&listed));
    let names = String::from_utf8(listed.stdout).unwrap();
    for file in [
        "extension/package.json",
        "extension/extension.js",
        "extension/language-configuration.json",
        "extension/syntaxes/errgen.tmLanguage.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(
            names.lines().any(|n| n == file),
            "{file} is not packed:\n{names}"
        );
    }
    for left_out in ["extension/test/", "extension/node_modules/@vscode/vsce/"] {
        assert!(
            !names.lines().any(|n| n.starts_with(left_out)),
            "{left_out} is packed"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("schema.json")).unwrap(),
        std::fs::read(support::root().join("schema/errgen.schema.json")).unwrap(),
        "the packed schema is the project's"
    );
}

/// The manifest maps `.errors` to the grammar and `errgen.yaml` to the
/// schema, and starts `errgen lsp`; the language configuration is JSON.
#[test]
fn the_manifest_wires_the_language_the_grammar_and_the_server() {
    let dir = support::root().join("editors/vscode");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
    };
    let package = read("package.json");
    let contributes = &package["contributes"];
    assert_eq!(contributes["languages"][0]["extensions"][0], ".errors");
    let grammar_path = contributes["grammars"][0]["path"].as_str().unwrap();
    assert!(dir.join(grammar_path).is_file());
    assert_eq!(
        contributes["grammars"][0]["scopeName"],
        grammar()["scopeName"]
    );
    assert_eq!(contributes["yamlValidation"][0]["fileMatch"], "errgen.yaml");
    let config = read("language-configuration.json");
    assert_eq!(config["comments"]["lineComment"], "//");
    let client = std::fs::read_to_string(dir.join("extension.js")).unwrap();
    assert!(
        client.contains("args: [\"lsp\"]"),
        "the client starts `errgen lsp`"
    );
}
