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
    let mut covered = vec![Rule::Config]; // errgen.yaml: tests/cli.rs
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

    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !covered.contains(r))
        .map(|r| r.name())
        .collect();
    assert!(missing.is_empty(), "no fixture reports: {missing:?}");
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
