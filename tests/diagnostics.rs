//! The exact diagnostics for every fixture, as insta snapshots of both the
//! human and the JSON output, plus the facts the issue asks to hold.

use errgen::diagnostic::{Diagnostic, Rule};
use errgen::render;
use errgen::workspace::{Analysis, Workspace};
use std::path::{Path, PathBuf};

/// Analyzes files as one workspace; paths are relative to the crate root so
/// that snapshots do not depend on where the checkout is.
fn analyze(paths: &[PathBuf]) -> Analysis {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut workspace = Workspace::new();
    for path in paths {
        let bytes = std::fs::read(root.join(path)).unwrap();
        workspace.add_bytes(&path.display().to_string(), Some(path.clone()), &bytes);
    }
    workspace.analyze()
}

fn human(analysis: &Analysis) -> String {
    analysis
        .diagnostics
        .iter()
        .map(|d| render::human(d, &analysis.sources, false))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn json(analysis: &Analysis) -> String {
    analysis
        .diagnostics
        .iter()
        .map(|d| render::json(d, &analysis.sources))
        .collect::<Vec<_>>()
        .join("\n")
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "errors"))
        .map(|p| p.strip_prefix(root).unwrap().to_owned())
        .collect();
    files.sort();
    files
}

fn count(diagnostics: &[Diagnostic], rule: Rule) -> usize {
    diagnostics.iter().filter(|d| d.rule == rule).count()
}

fn snapshot(name: &str, analysis: &Analysis) {
    insta::assert_snapshot!(format!("{name}.human"), human(analysis));
    insta::assert_snapshot!(format!("{name}.json"), json(analysis));
}

#[test]
fn defect_fixtures() {
    let files = files_in("tests/fixtures/defects");
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let analysis = analyze(std::slice::from_ref(&path));
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        snapshot(&format!("defects__{name}"), &analysis);
    }
}

#[test]
fn optverse_as_it_really_is() {
    let analysis = analyze(&["tests/fixtures/defects/optverse.errors".into()]);
    let d = &analysis.diagnostics;
    let malformed: Vec<&str> = d
        .iter()
        .filter(|d| d.rule == Rule::MalformedCode)
        .map(|d| d.message.as_str())
        .collect();
    for code in [
        "OptVerse_1212080002",
        "OptVerse_1212080003",
        "OptVerse_1212080004",
        "OptVerse_1212080005",
        "JOB_MANAGER.12050009",
    ] {
        assert!(
            malformed.iter().any(|m| m.contains(&format!("`{code}`"))),
            "{code}: {malformed:?}"
        );
    }
    assert_eq!(count(d, Rule::PlaceholderMismatch), 1);
    assert!(
        d.iter()
            .any(|d| d.rule == Rule::PlaceholderMismatch
                && d.message.contains("JOB_MANAGER_12020015"))
    );
    assert_eq!(count(d, Rule::DuplicateMessage), 1);
    assert!(d.iter().any(|d| d.rule == Rule::DuplicateMessage
        && d.message.contains("OptVerse_12040002")
        && d.message.contains("OptVerse_12030007")));
}

#[test]
fn function_service_repeats_two_messages() {
    let analysis = analyze(&["tests/fixtures/defects/function-service.errors".into()]);
    assert_eq!(count(&analysis.diagnostics, Rule::DuplicateMessage), 2);
}

#[test]
fn autoscorer_codes_outside_their_prefix() {
    let analysis = analyze(&["tests/fixtures/defects/autoscorer.errors".into()]);
    let messages: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::MalformedCode)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`MISSING_FILE`") && m.contains("`WORKSPACE_`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`FILE_NOT_FOUND`") && m.contains("`SCORER_MGMT_`")),
        "{messages:?}"
    );
}

#[test]
fn rule_fixtures_report_their_rule() {
    // errgen.yaml: tests/cli.rs; version-bump compares two catalogs:
    // `version_bump_fixture` below; source files scanned by `check --refs`:
    // tests/refs.rs.
    let mut covered = vec![
        Rule::Config,
        Rule::VersionBump,
        Rule::UndeclaredCode,
        Rule::UnusedCode,
    ];
    for path in files_in("tests/fixtures/rules") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rule = Rule::lookup(&name).unwrap_or_else(|| panic!("{name} is no rule"));
        let analysis = analyze(std::slice::from_ref(&path));
        assert!(
            analysis.diagnostics.iter().any(|d| d.rule == rule),
            "{name} does not report {name}:\n{}",
            human(&analysis)
        );
        snapshot(&format!("rules__{name}"), &analysis);
        covered.push(rule);
    }
    let workspace = files_in("tests/fixtures/rules/duplicate-prefix");
    let analysis = analyze(&workspace);
    assert!(analysis
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::DuplicatePrefix));
    assert!(analysis
        .diagnostics
        .iter()
        .any(|d| d.rule == Rule::DuplicateCode));
    snapshot("rules__duplicate-prefix-workspace", &analysis);
    covered.push(Rule::DuplicatePrefix);

    // The changes of `errgen diff` have their own coverage test
    // (tests/diff.rs), and `import`'s findings theirs (tests/import.rs).
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.is_catalog_rule() && !covered.contains(r))
        .map(|r| r.name())
        .collect();
    assert!(missing.is_empty(), "no fixture reports: {missing:?}");
}

/// `version-bump` on its fixture pair, as `errgen check` reports it with
/// the released catalog as its baseline: snapshots of both outputs.
#[test]
fn version_bump_fixture() {
    let analysis = analyze(&[
        "tests/fixtures/rules/version-bump/released.errors".into(),
        "tests/fixtures/rules/version-bump/next.errors".into(),
    ]);
    assert!(analysis.diagnostics.is_empty(), "{}", human(&analysis));
    let [released, next] = &analysis.catalogs[..] else {
        panic!("two catalogs");
    };
    let found = errgen::diff::against_baseline(&[next], std::slice::from_ref(released));
    assert_eq!(count(&found, Rule::VersionBump), 1);
    let analysis = Analysis {
        diagnostics: found,
        ..analysis
    };
    snapshot("rules__version-bump", &analysis);
}

#[test]
fn examples_check_clean() {
    let files = files_in("examples");
    assert!(files.len() >= 6, "{files:?}");
    let analysis = analyze(&files);
    assert!(analysis.diagnostics.is_empty(), "{}", human(&analysis));
    assert_eq!(analysis.catalogs.len(), files.len());
}

#[test]
fn codes_with_control_characters_are_malformed() {
    // Codes are identifiers on the wire: a control character in one is an
    // error whether or not the catalog has a `format`, and the span is the
    // character when the literal spells it raw.
    let nul = "\\0".repeat(200);
    for (source, at) in [
        (
            format!("catalog c {{}}\nerror a = \"{nul}\" {{ message \"A.\" }}\n"),
            None,
        ),
        (
            "catalog c {}\nerror a = \"A\\u{7f}B\" { message \"A.\" }\n".to_owned(),
            None,
        ),
        (
            "catalog c { format \"A{upper}\" }\nerror a = \"A\\tB\" { message \"A.\" }\n"
                .to_owned(),
            None,
        ),
        (
            "catalog c {}\nerror a = \"A\u{85}\" { message \"A.\" }\n".to_owned(),
            Some(25),
        ),
        (
            "catalog c {}\nerror a = \"AB\u{1}\" { message \"A.\" }\n".to_owned(),
            Some(26),
        ),
    ] {
        let mut workspace = Workspace::new();
        workspace.add_bytes("c.errors", None, source.as_bytes());
        let analysis = workspace.analyze();
        let malformed: Vec<&Diagnostic> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::MalformedCode)
            .collect();
        assert_eq!(malformed.len(), 1, "{source:?}: {:?}", analysis.diagnostics);
        let d = malformed[0];
        assert!(d.message.contains("control character"), "{}", d.message);
        assert!(!d.message.chars().any(char::is_control), "{:?}", d.message);
        if let Some(at) = at {
            assert_eq!(d.primary.span.start, at, "{source:?}");
        }
        let rendered = render::human(d, &analysis.sources, false);
        assert!(rendered.contains("E0005"), "{rendered}");
    }
}

/// Groups compete for codes with their siblings only: a subgroup that
/// narrows its parent, or inherits its range, is no overlap; string
/// catalogs reuse a prefix over disjoint ranges.
#[test]
fn overlapping_ranges_compares_siblings() {
    let clean = r#"catalog demo {
  locales en
  format "OV_{digits:8}"
  format "JM_{digits:8}"
}
group a { range 10000000..10009999
  prefix "OV_"
  group a1 { range 10000000..10000999 }
  group a2 { range 10001000..10009999 }
  group a3 { }
}
group b { range 10000000..10009999
  prefix "JM_"
}
group c { range 10010000..10019999
  prefix "OV_"
}
group d { }
group e { }
"#;
    let analysis = analyze_text(clean);
    assert_eq!(
        count(&analysis.diagnostics, Rule::OverlappingRanges),
        0,
        "{}",
        human(&analysis)
    );

    // A subgroup under a parent without a range competes with the top
    // level; equal prefixes overlap; each group is reported once.
    let overlapping = r#"catalog demo {
  locales en
}
group a { range 100..199 }
group p {
  group p1 { range 150..160 }
}
group q { range 120..130 }
group x { prefix "X_" }
group y { prefix "X_" }
"#;
    let analysis = analyze_text(overlapping);
    let messages: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::OverlappingRanges)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "group `p1`'s range 150..160 overlaps group `a`'s range 100..199",
            "group `q`'s range 120..130 overlaps group `a`'s range 100..199",
            "groups `x` and `y` have the same prefix `X_`",
        ],
        "{}",
        human(&analysis)
    );
}

/// `allow` names a rule a group may allow, by name: anything else is an
/// error with the fix; a subgroup inherits its parent's `allow`.
#[test]
fn groups_allow_only_what_they_may() {
    for (allow, message, help) in [
        (
            "W0026",
            "`allow` takes rule names, not `W0026`",
            "write `allow error-with-success-status`",
        ),
        (
            "duplicate-message",
            "a group cannot allow `duplicate-message`",
            "a group may allow `error-with-success-status`; allow other warnings for the project with `check.allow` in errgen.yaml",
        ),
        (
            "error-with-sucess-status",
            "unknown rule `error-with-sucess-status`",
            "did you mean `error-with-success-status`?",
        ),
    ] {
        let text = format!(
            "catalog demo {{\n  locales en\n}}\ngroup g {{\n  http 200\n  allow {allow}\n  error e = \"E\" {{ message \"E.\" }}\n}}\n"
        );
        let analysis = analyze_text(&text);
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule == Rule::InvalidValue)
            .unwrap_or_else(|| panic!("{}", human(&analysis)));
        assert_eq!(d.message, message);
        assert_eq!(d.help.as_deref(), Some(help));
        assert_eq!(count(&analysis.diagnostics, Rule::ErrorWithSuccessStatus), 1);
    }
    let text = "catalog demo {\n  locales en\n}\ngroup g {\n  http 204\n  allow error-with-success-status\n  group s {\n    error e = \"E\" { message \"E.\" }\n  }\n}\nerror f = \"F\" {\n  http 299\n  message \"F.\"\n}\nsuccess o = \"O\" {\n  http 200\n  message \"O.\"\n}\nerror n = \"N\" {\n  http 300\n  message \"N.\"\n}\n";
    let analysis = analyze_text(text);
    let found: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        found,
        ["error `f` answers with HTTP 299, a success status"],
        "{}",
        human(&analysis)
    );
}

/// A mapping that captures every param, or belongs to an entry without
/// params, is quiet; an optional group counts as a capture; positional
/// params are captured by their name.
#[test]
fn uncaptured_params_only_where_a_value_is_lost() {
    let text = r#"catalog demo {
  locales en
}
error a = "A" {
  param 0 as tenant: string
  message en "Tenant {0}."
  upstream { match r"tenant (?<tenant>\S+)" }
}
error b = "B" {
  message en "Plain."
  upstream { contains "plain" }
}
error c = "C" {
  param n: int
  message en "Limit {n}."
  upstream { match r"limit(?: (?<n>[0-9]+))?" }
}
error d = "D" {
  message en "Implicit {0}."
  upstream { http 500 }
}
"#;
    let analysis = analyze_text(text);
    let found: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        found,
        ["the upstream mapping of `d` has no `match` pattern to capture `arg0`"],
        "{}",
        human(&analysis)
    );
}

#[test]
fn many_overlapping_groups_are_linear() {
    linear::assert_linear(
        "overlapping groups",
        2_000,
        |n| {
            let mut text = "catalog demo {\n  locales en\n}\n".to_owned();
            for i in 0..n {
                text.push_str(&format!("group r{i} {{ range 1..{} }}\n", 1_000 + i));
                text.push_str(&format!(
                    "group p{i} {{ prefix \"{}\" }}\n",
                    "P".repeat(1 + i % 50)
                ));
            }
            text
        },
        |text| assert!(check_and_render(text) > 0),
    );
}

// Quadratic paths (a denial of service on CI): each grows linearly.

#[path = "support/linear.rs"]
mod linear;

/// A catalog of one entry whose body is `body`, under `locales`.
fn one_entry(locales: &str, body: &str) -> String {
    format!("catalog demo {{\n  locales {locales}\n  format \"D_{{digits}}\"\n}}\nerror e = \"D_1\" {{\n{body}}}\n")
}

fn analyze_text(text: &str) -> Analysis {
    let mut workspace = Workspace::new();
    workspace.add_bytes("big.errors", None, text.as_bytes());
    workspace.analyze()
}

/// Analyzes `text` and renders every diagnostic as text; returns how many.
fn check_and_render(text: &str) -> usize {
    let analysis = analyze_text(text);
    let rendered: usize = analysis
        .diagnostics
        .iter()
        .map(|d| render::human(d, &analysis.sources, false).len())
        .sum();
    assert!(rendered > 0 || analysis.diagnostics.is_empty());
    analysis.diagnostics.len()
}

#[test]
fn many_params_on_one_entry_are_linear() {
    linear::assert_linear(
        "params",
        2_000,
        |n| {
            let mut body = String::new();
            for i in 0..n {
                body.push_str(&format!("  param p{i}: string\n"));
            }
            let all: String = (0..n).map(|i| format!("{{p{i}}}")).collect();
            body.push_str(&format!("  message en \"{all}\"\n"));
            one_entry("en", &body)
        },
        |text| assert_eq!(check_and_render(text), 0),
    );
}

#[test]
fn many_locales_are_linear() {
    linear::assert_linear(
        "locales",
        1_000,
        |n| {
            let locales: Vec<String> = (0..n).map(|i| format!("l-{i}")).collect();
            let body: String = locales
                .iter()
                .map(|l| format!("  message {l} \"x\"\n"))
                .collect();
            one_entry(&locales.join(", "), &body)
        },
        |text| assert_eq!(check_and_render(text), 0),
    );
}

#[test]
fn many_meta_keys_are_linear() {
    linear::assert_linear(
        "meta keys",
        2_000,
        |n| {
            let mut body = "  message en \"x\"\n".to_owned();
            for i in 0..n {
                body.push_str(&format!("  meta k{i} \"v\"\n"));
            }
            one_entry("en", &body)
        },
        |text| assert_eq!(check_and_render(text), 0),
    );
}

#[test]
fn many_placeholders_in_one_message_are_linear() {
    linear::assert_linear(
        "placeholders",
        20_000,
        |n| one_entry("en", &format!("  message en \"{}\"\n", "{0}".repeat(n))),
        |text| assert_eq!(check_and_render(text), 0),
    );
}

/// Placeholders glued to words and printf leftovers, many in one message:
/// one warning each, found in linear time.
#[test]
fn many_foreign_placeholders_in_one_message_are_linear() {
    linear::assert_linear(
        "glued placeholders",
        500,
        |n| {
            one_entry(
                "en",
                &format!("  message en \"{}\"\n", "ab{0} %s xxx ".repeat(n)),
            )
        },
        |text| assert!(check_and_render(text) > 0),
    );
}

/// A diagnostic per placeholder, all on one long line: each is rendered
/// around its own label, not along the whole line.
#[test]
fn many_diagnostics_on_one_line_are_linear() {
    linear::assert_linear(
        "undeclared placeholders",
        100,
        |n| {
            // Long names, for a long line per diagnostic.
            let x = format!("{{x{}}}", "x".repeat(100));
            let message = format!("{{p}}{}", x.repeat(n));
            one_entry(
                "en",
                &format!("  param p: string\n  message en \"{message}\"\n"),
            )
        },
        |text| assert!(check_and_render(text) > 0),
    );
}

/// Every warning points back at the first message: each snippet shows the
/// two messages, not the catalog between them.
#[test]
fn many_duplicate_messages_render_linearly() {
    linear::assert_linear(
        "duplicate-message warnings",
        300,
        |n| {
            let mut text = "catalog demo {\n  locales en\n  format \"D_{digits}\"\n}\n".to_owned();
            for i in 0..n {
                text.push_str(&format!(
                    "error e{i} = \"D_{i}\" {{\n  message en \"same\"\n}}\n"
                ));
            }
            text
        },
        |text| assert!(check_and_render(text) > 0),
    );
}

/// Far apart, the labels of one diagnostic get a snippet each, the primary
/// one first; the location of a label deep in a long line is its own.
#[test]
fn snippets_show_only_their_labels() {
    let mut text = "catalog demo {\n  locales en\n  format \"D_{digits}\"\n}\n".to_owned();
    text.push_str("error a = \"D_1\" {\n  message en \"same\"\n}\n");
    for i in 0..100 {
        text.push_str(&format!("// filler {i}\n"));
    }
    text.push_str("error b = \"D_2\" {\n  message en \"same\"\n}\n");
    let analysis = analyze_text(&text);
    let out = render::human(&analysis.diagnostics[0], &analysis.sources, false);
    assert!(!out.contains("filler"), "{out}");
    let primary = out.find("--> big.errors:109:14").expect(&out);
    let secondary = out.find("::: big.errors:6:14").expect(&out);
    assert!(primary < secondary, "{out}");

    let message = format!("{{p}}{}{{x}}", "a".repeat(10_000));
    let text = one_entry(
        "en",
        &format!("  param p: string\n  message en \"{message}\"\n"),
    );
    let analysis = analyze_text(&text);
    // (`{p}aaa…` is also a placeholder glued to a word: a warning before it.)
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::UndeclaredPlaceholder)
        .expect("`{x}` is undeclared");
    let (_, line, column) = analysis.sources.location(d.primary.span);
    assert_eq!((line, column), (7, 10_018));
    let out = render::human(d, &analysis.sources, false);
    assert!(out.contains("--> big.errors:7:10018"), "{out}");
    assert!(out.len() < 2_000, "{out}");
}

#[test]
fn deep_errgen_yaml_is_linear_and_refused() {
    let nested = |n: usize| {
        format!(
            "catalogs:\n  - path: x.errors\ntargets:\n  rust:\n    options:\n      a: {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        )
    };
    linear::assert_linear("errgen.yaml nesting", 2_000, nested, |text| {
        assert!(errgen::config::Config::parse(text).is_err())
    });
    let error = errgen::config::Config::parse(&nested(100_000)).unwrap_err();
    assert!(error.message.contains("nests more than"), "{error}");
    let block: String = (0..200)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    let error = errgen::config::Config::parse(&format!("targets:\n{block}")).unwrap_err();
    assert!(error.message.contains("nests more than"), "{error}");
    // What errgen.yaml really holds passes.
    let ours = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("errgen.yaml"));
    errgen::config::Config::parse(&ours.unwrap()).unwrap();
}

#[test]
fn script_mismatch_spares_product_names_in_chinese() {
    let analysis = analyze(&["tests/fixtures/rules/script-mismatch.errors".into()]);
    let found: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ScriptMismatch)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        found,
        [
            "the `zh` message of `s_function_createfunctionerror` is written in Latin script",
            "the `en` message of `s_function_mountdomainerror` is written in Han script",
        ]
    );
}

#[test]
fn foreign_placeholders_are_found_and_units_are_not() {
    let analysis = analyze(&["tests/fixtures/rules/foreign-placeholder.errors".into()]);
    let found: Vec<(&str, &str)> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ForeignPlaceholder)
        .map(|d| {
            let text = &analysis.sources.get(d.primary.span.file).text;
            (
                &text[d.primary.span.start..d.primary.span.end],
                d.help.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("${role}", "remove the `$`: write `{role}`"),
            (
                "%s",
                "write `{role}`, errgen's placeholder of its one param"
            ),
            ("已存在{role}", "separate the value: `已存在：{role}`"),
            ("{{role}}", "write `{role}`"),
            ("%(app)s", "write `{app}`"),
            (
                "xxx",
                "write `{type}` in its place, or the words it stands for"
            ),
            ("type{type}", "separate them: `type {type}`"),
            // Where they are written, in a string with escapes and in a
            // `"""` string.
            (
                "xxxx",
                "replace it with a param's placeholder `{name}`, or with the words it stands for"
            ),
            (
                "xxxx",
                "replace it with a param's placeholder `{name}`, or with the words it stands for"
            ),
        ],
        "`{{size}}MB` of an int param and `100%` are not reported"
    );
}

/// Aliases across a workspace: an alias that is another catalog's code is
/// `duplicate-alias`, but a code of the released version of a catalog may
/// be an alias in the next one (versions are not compared); an alias of the
/// other kind of code is `mixed-code-kinds`, and one with a control
/// character `malformed-code`, formats aside.
#[test]
fn aliases_across_a_workspace() {
    let released = "catalog shop {\n  version 1.0.0\n  format \"SHOP_{digits:4}\"\n}\nerror gone = \"SHOP_0001\" {\n  message en \"Gone.\"\n}\n";
    let next = "catalog shop {\n  version 2.0.0\n  format \"SHOP_{digits:4}\"\n}\nerror kept = \"SHOP_0002\" {\n  alias \"SHOP_0001\" \"was `gone`\"\n  alias \"BILL_0001\"\n  alias 7\n  alias \"SHOP_\\u{7}\"\n  message en \"Kept.\"\n}\n";
    let other = "catalog bill {\n  format \"BILL_{digits:4}\"\n}\nerror paid = \"BILL_0001\" {\n  message en \"Paid.\"\n}\n";
    let mut workspace = Workspace::new();
    for (name, text) in [("released", released), ("next", next), ("other", other)] {
        workspace.add_bytes(name, None, text.as_bytes());
    }
    let analysis = workspace.analyze();
    let found: Vec<(Rule, &str)> = analysis
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                Rule::DuplicateAlias,
                "alias `BILL_0001` is the code of `paid` in catalog `bill`"
            ),
            (
                Rule::MixedCodeKinds,
                "this alias is an integer, but the catalog's codes are strings"
            ),
            (
                Rule::MalformedCode,
                "alias `SHOP_\\u{7}` contains the control character U+0007"
            ),
        ],
        "{}",
        human(&analysis)
    );
}

/// A param typed with another language's name for a scalar (`str`, `i64`)
/// is one error with the fix, not three: as an unknown record it was `any`,
/// so every message showing it and the envelope without `params` were
/// errors too. Written `wire`, it stays wire-only.
#[test]
fn a_scalar_type_of_another_language_is_one_error() {
    let rules = |body: &str| -> Vec<&'static str> {
        let analysis = analyze_text(&one_entry("en", body));
        analysis.diagnostics.iter().map(|d| d.rule.name()).collect()
    };
    assert_eq!(
        rules("  param x: str\n  param n: i64\n  message en \"X {x} {n}.\"\n"),
        ["unknown-type", "unknown-type"]
    );
    let analysis = analyze_text(&one_entry(
        "en",
        "  param x: str\n  message en \"X {x}.\"\n",
    ));
    let fix = &analysis.diagnostics[0].suggestions[0];
    assert_eq!(fix.replacement, "string");
    assert_eq!(
        fix.applicability,
        errgen::diagnostic::Applicability::MachineApplicable
    );
    // `number` may be `int` or `float`: a fix a person looks at first.
    let analysis = analyze_text(&one_entry(
        "en",
        "  param n: number\n  message en \"{n}.\"\n",
    ));
    assert_eq!(
        analysis.diagnostics[0].suggestions[0].applicability,
        errgen::diagnostic::Applicability::MaybeIncorrect
    );
    // `wire` written after the type: still wire-only, so showing it is an
    // error of its own.
    assert_eq!(
        rules("  param x: str wire\n  message en \"X {x}.\"\n"),
        [
            "envelope-cannot-hold",
            "unknown-type",
            "structured-placeholder"
        ]
    );
}

/// Two entries named after one code are one error, the duplicate code: the
/// clash of the names derived from it was reported as well. Names written,
/// or two codes that name alike (`A-1`, `A_1`), still clash as names.
#[test]
fn a_repeated_code_is_not_also_a_repeated_name() {
    let rules = |items: &str| -> Vec<&'static str> {
        let text = format!("catalog demo {{\n  locales en\n}}\n{items}");
        let analysis = analyze_text(&text);
        analysis.diagnostics.iter().map(|d| d.rule.name()).collect()
    };
    let entry = |head: &str, text: &str| format!("{head} {{\n  message en \"{text}\"\n}}\n");
    assert_eq!(
        rules(&[entry("error \"A\"", "X."), entry("error \"A\"", "Y.")].concat()),
        ["duplicate-code"]
    );
    assert_eq!(
        rules(
            &[
                entry("error a = \"A\"", "X."),
                entry("error a = \"B\"", "Y.")
            ]
            .concat()
        ),
        ["duplicate-name"]
    );
    let both = rules(&[entry("error \"A-1\"", "X."), entry("error \"A_1\"", "Y.")].concat());
    assert!(both.contains(&"duplicate-name"), "{both:?}");
}

/// A message in a locale the catalog does not declare is left out, but the
/// entry is not "without a message in any locale": the warning said so
/// beside `unknown-locale`. Its default message is still missing.
#[test]
fn a_message_in_an_undeclared_locale_is_not_an_empty_entry() {
    let analysis = analyze_text(&one_entry("en", "  message fr \"X.\"\n"));
    let rules: Vec<&str> = analysis.diagnostics.iter().map(|d| d.rule.name()).collect();
    assert_eq!(rules, ["missing-default-message", "unknown-locale"]);
    // With no message at all it is one.
    let analysis = analyze_text(&one_entry("en", "  http 404\n"));
    let rules: Vec<&str> = analysis.diagnostics.iter().map(|d| d.rule.name()).collect();
    assert!(rules.contains(&"empty-entry"), "{rules:?}");
}

#[test]
fn a_crlf_file_shows_its_lines_without_the_carriage_return() {
    // The snippet of a line and the lines of a fix ended with the `\r` of
    // the line ending, which annotate-snippets prints as `␍`.
    let text = "catalog demo {\r\n  locales en\r\n}\r\n\r\nerror a = 1 {\r\n  message en \"A\"\r\n  htpp 404\r\n}\r\n";
    let analysis = analyze_text(text);
    let rendered = human(&analysis);
    assert!(!rendered.contains('\u{240D}'), "{rendered}");
    assert!(!rendered.contains('\r'), "{rendered}");
    assert!(rendered.contains("7 |   htpp 404\n"), "{rendered}");
    assert!(rendered.contains("7 -   htpp 404\n"), "{rendered}");
    assert!(rendered.contains("7 +   http 404\n"), "{rendered}");
    // A label over several lines: the last one too.
    let mut workspace = Workspace::new();
    for name in ["a.errors", "b.errors"] {
        workspace.add_bytes(name, None, b"catalog demo {\r\n  locales en\r\n}\r\n");
    }
    let rendered = human(&workspace.analyze());
    assert!(rendered.contains("3 | | }\n"), "{rendered}");
    assert!(!rendered.contains('\u{240D}'), "{rendered}");
}

/// A reserved code gets the first free code after it as a fix to consider:
/// past the reservation, past codes taken or reserved one by one, written
/// as wide as the code, and none past the group's range.
#[test]
fn a_reserved_code_is_offered_the_first_free_one() {
    let text = |group: &str| {
        format!(
            "catalog demo {{\n  locales en\n  format \"D_{{digits:4}}\"\n}}\n\n\
             reserved 10..12\nreserved \"D_0014\"\n\n\
             group g {{\n  {group}\n\n  error a = \"D_0011\" {{\n    message en \"A.\"\n  }}\n\n  \
             error b = \"D_0013\" {{\n    message en \"B.\"\n  }}\n}}\n"
        )
    };
    let fix = |group: &str| {
        let analysis = analyze_text(&text(group));
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.rule.name() == "reserved-code")
            .expect("reserved-code");
        d.suggestions.first().map(|s| {
            assert_eq!(
                s.applicability,
                errgen::diagnostic::Applicability::MaybeIncorrect
            );
            s.replacement.clone()
        })
    };
    // 12 reserved, 13 taken, 14 reserved as a code: 15.
    assert_eq!(fix("range 1..99").as_deref(), Some("\"D_0015\""));
    // The group ends at 14: nothing to offer.
    assert_eq!(fix("range 1..14"), None);
}
