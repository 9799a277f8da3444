//! The formats CI tools read: a SARIF 2.1.0 log (validated against the
//! OASIS schema, tests/support/sarif-schema-2.1.0.json, with the pinned
//! jsonschema), GitHub Actions workflow commands, the byte offsets and
//! suggestions of the JSON lines, and the shells' completion scripts.

mod support;

use errgen::diagnostic::{Applicability, Diagnostic, Rule};
use errgen::render;
use errgen::source::Span;
use errgen::workspace::{Analysis, Workspace};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/support/sarif-schema-2.1.0.json"
);

fn errgen(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .current_dir(support::root())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("errgen runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        support::output_text(&out)
    );
    out
}

/// Analyzes files (each on its own) by their paths as given.
fn analyze(files: &[(&str, PathBuf)]) -> Analysis {
    let mut workspace = Workspace::new();
    for (name, path) in files {
        let bytes = std::fs::read(support::root().join(path)).unwrap();
        workspace.add_bytes(name, Some(path.clone()), &bytes);
    }
    workspace.analyze()
}

/// Validates SARIF documents against the OASIS schema; panics with the
/// validator's findings.
fn assert_valid_sarif(files: &[&Path]) {
    let mut args = vec!["sarif", SCHEMA];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = support::check_py(&args);
    assert!(
        out.status.success(),
        "not valid SARIF 2.1.0:\n{}",
        support::output_text(&out)
    );
}

/// `%XX` decoded (the test's own decoder, for the URIs).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().unwrap()
}

#[test]
fn sarif_of_every_defect_fixture_is_valid_and_names_its_rules() {
    let dir = support::temp_dir();
    let mut written = Vec::new();
    for name in [
        "autoscorer",
        "function-service",
        "k12",
        "optverse",
        "pipelines",
    ] {
        let path = PathBuf::from(format!("tests/fixtures/defects/{name}.errors"));
        let analysis = analyze(&[(&path.display().to_string(), path.clone())]);
        assert!(!analysis.diagnostics.is_empty(), "{name} has defects");
        let text = render::sarif(&analysis.diagnostics, &analysis.sources);
        let log: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "errgen");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Rule::ALL.len());
        for (rule, described) in Rule::ALL.iter().zip(rules) {
            assert_eq!(described["id"], rule.code());
            assert_eq!(described["name"], rule.name());
            assert_eq!(described["help"]["markdown"], rule.explanation());
        }
        assert_eq!(results(&log).len(), analysis.diagnostics.len());
        let source = std::fs::read(support::root().join(&path)).unwrap();
        for (result, d) in results(&log).iter().zip(&analysis.diagnostics) {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(result["ruleId"], rules[index]["id"], "{result}");
            assert_eq!(result["ruleId"], d.rule.code());
            assert_eq!(result["level"], d.severity.as_str());
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uri"], path.to_str().unwrap());
            assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            // The region's bytes are the span's text, its lines and columns
            // where the JSON lines put them.
            let region = &location["region"];
            let start = region["byteOffset"].as_u64().unwrap() as usize;
            let length = region["byteLength"].as_u64().unwrap() as usize;
            assert_eq!(
                &source[start..start + length],
                analysis.sources.slice(d.primary.span).as_bytes()
            );
            let line: Value = serde_json::from_str(&render::json(d, &analysis.sources)).unwrap();
            for (sarif, json) in [
                ("startLine", "line"),
                ("startColumn", "column"),
                ("endLine", "end_line"),
                ("endColumn", "end_column"),
                ("byteOffset", "byte_start"),
            ] {
                assert_eq!(region[sarif], line[json], "{sarif}: {result}");
            }
            assert_eq!(
                result["relatedLocations"].as_array().map_or(0, Vec::len),
                d.secondary.len()
            );
        }
        let file = dir.path().join(format!("{name}.sarif"));
        std::fs::write(&file, text).unwrap();
        written.push(file);
    }
    let paths: Vec<&Path> = written.iter().map(PathBuf::as_path).collect();
    assert_valid_sarif(&paths);
}

/// A catalog behind a BOM, at a path that needs escaping, whose diagnostic
/// carries fixes: the fixes are SARIF `fixes`, the byte offsets count the
/// BOM, the URI decodes back to the path, and the log is valid.
#[test]
fn sarif_fixes_offsets_and_uris_of_an_awkward_file() {
    let dir = support::temp_dir();
    let folder = dir.path().join("a dir, with: 100% ünïcode #1");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("cat?.errors");
    let text = "catalog demo {\n  locales en, zh\n}\n\nerror a = \"A_1\" {\n  message en \"Hello {0}.\"\n  param 0 as who: string\n}\n\nerror b = \"A_1\" {\n  message en \"Bye.\"\n}\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(&path, &bytes).unwrap();
    let mut workspace = Workspace::new();
    workspace.add_path(&path).unwrap();
    let mut analysis = workspace.analyze();
    let duplicate = analysis
        .diagnostics
        .iter_mut()
        .find(|d| d.rule == Rule::DuplicateCode)
        .expect("the second `A_1` is a duplicate");
    let code = duplicate.primary.span;
    let insert_at = Span::new(code.file, code.end, code.end);
    *duplicate = duplicate
        .clone()
        .suggest(
            "give it a code of its own",
            code,
            "\"A_2\"",
            Applicability::MaybeIncorrect,
        )
        .suggest(
            "or mark it",
            insert_at,
            " /* dup */",
            Applicability::MachineApplicable,
        );
    let d: Diagnostic = duplicate.clone();

    let sarif = render::sarif(&analysis.diagnostics, &analysis.sources);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let result = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "E0003")
        .unwrap();
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    let decoded = percent_decode(uri.strip_prefix("file://").expect("absolute: a file URI"));
    assert_eq!(Path::new(&decoded), path, "{uri}");
    assert!(
        !uri.contains([' ', '#', '?', 'ü']) && uri.matches(':').count() == 1,
        "{uri}"
    );
    let fixes = result["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 2);
    for (fix, suggestion) in fixes.iter().zip(&d.suggestions) {
        assert_eq!(fix["description"]["text"], suggestion.message);
        assert_eq!(
            fix["properties"]["applicability"],
            suggestion.applicability.as_str()
        );
        let replacement = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(
            replacement["insertedContent"]["text"],
            suggestion.replacement
        );
        let region = &replacement["deletedRegion"];
        let start = region["byteOffset"].as_u64().unwrap() as usize;
        let length = region["byteLength"].as_u64().unwrap() as usize;
        assert_eq!(start, suggestion.span.start + 3, "the BOM is counted");
        assert_eq!(
            &bytes[start..start + length],
            analysis.sources.slice(suggestion.span).as_bytes()
        );
    }
    // The JSON line carries the same suggestions and offsets.
    let line: Value = serde_json::from_str(&render::json(&d, &analysis.sources)).unwrap();
    assert_eq!(line["byte_start"].as_u64(), Some(code.start as u64 + 3));
    assert_eq!(line["byte_end"].as_u64(), Some(code.end as u64 + 3));
    let suggestions = line["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 2);
    assert_eq!(suggestions[0]["replacement"], "\"A_2\"");
    assert_eq!(suggestions[0]["applicability"], "maybe-incorrect");
    assert_eq!(suggestions[1]["applicability"], "machine-applicable");
    assert_eq!(suggestions[1]["byte_start"], suggestions[1]["byte_end"]);
    assert_eq!(suggestions[1]["line"], line["line"]);

    let file = dir.path().join("awkward.sarif");
    std::fs::write(&file, sarif).unwrap();
    assert_valid_sarif(&[&file]);
}

#[test]
fn github_annotations_escape_what_would_end_the_command() {
    let mut workspace = Workspace::new();
    let text = "catalog demo {\n  locales en\n}\n\nerror a = \"A_1\" {\n  message en \"Hello.\"\n}\n\nerror b = \"A_1\" {\n  message en \"Bye.\"\n}\n";
    workspace.add_bytes("odd,name:100%.errors", None, text.as_bytes());
    let analysis = workspace.analyze();
    assert_eq!(analysis.diagnostics.len(), 1, "{:?}", analysis.diagnostics);
    let mut d = analysis.diagnostics[0].clone();
    d.message = "two lines\r\nand 100%: a, b".to_owned();
    d.notes = vec!["::warning::injected".to_owned()];
    let line = render::github(&d, &analysis.sources);
    assert_eq!(
        line,
        "::error file=odd%2Cname%3A100%25.errors,line=9,col=11,endLine=9,endColumn=16,\
         title=E0003 duplicate-code::two lines%0D%0Aand 100%25: a, b\
         %0Aodd,name:100%25.errors:5:11: first used by `a`\
         %0Ahelp: give this entry a code of its own; a code must mean one thing to every client\
         %0Anote: ::warning::injected"
    );
    assert!(!line.contains('\n') && !line.contains('\r'));
}

#[test]
fn the_command_line_prints_each_format() {
    let fixture = "tests/fixtures/defects/optverse.errors";
    // SARIF: one valid document on stdout, the exit code as ever.
    let out = errgen(&["check", fixture, "--message-format", "sarif"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", support::output_text(&out));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let log: Value = serde_json::from_str(&stdout).expect("one JSON document");
    let json = errgen(&["check", fixture, "--message-format", "json"], b"");
    let lines = String::from_utf8(json.stdout).unwrap();
    assert_eq!(results(&log).len(), lines.lines().count());
    assert!(results(&log).len() > 5);

    // GitHub: one workflow command a diagnostic, nothing else on stdout.
    let out = errgen(&["check", fixture, "--message-format", "github"], b"");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), lines.lines().count());
    for line in stdout.lines() {
        assert!(
            ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }

    // A clean compile (writing nothing) still prints a log, with no results.
    let dir = support::temp_dir();
    let out = errgen(
        &[
            "compile",
            "examples/k12.errors",
            "--check",
            "--out",
            dir.path().to_str().unwrap(),
            "--message-format",
            "sarif",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1), "--check: files would change");
    let clean: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(results(&clean).len(), 0);

    // A catalog with errors: the log, and nothing generated.
    let out = errgen(
        &["compile", fixture, "--check", "--message-format", "sarif"],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let failed: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(results(&failed).len(), results(&log).len());

    let files = [
        dir.path().join("check.sarif"),
        dir.path().join("clean.sarif"),
    ];
    std::fs::write(&files[0], stdout_of(&log)).unwrap();
    std::fs::write(&files[1], stdout_of(&clean)).unwrap();
    assert_valid_sarif(&[&files[0], &files[1]]);
}

fn stdout_of(log: &Value) -> String {
    log.to_string()
}

#[test]
fn json_lines_count_a_byte_order_mark_in_their_offsets() {
    let text =
        "catalog demo {\r\n  locales en\r\n}\r\n\r\nerror a = \"A_1\" {\r\n  htpp 404\r\n}\r\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let out = errgen(&["check", "-", "--message-format", "json"], &bytes);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let d: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    let (start, end) = (
        d["byte_start"].as_u64().unwrap() as usize,
        d["byte_end"].as_u64().unwrap() as usize,
    );
    assert!(
        std::str::from_utf8(&bytes[start..end])
            .unwrap()
            .starts_with("htpp"),
        "{d}"
    );
    // The keyword's fix, with offsets counted the same way.
    let fix = &d["suggestions"][0];
    assert_eq!(fix["replacement"], "http", "{d}");
    assert_eq!(fix["applicability"], "machine-applicable", "{d}");
    let (start, end) = (
        fix["byte_start"].as_u64().unwrap() as usize,
        fix["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bytes[start..end], b"htpp", "{d}");
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _errgen"),
        ("zsh", "#compdef errgen"),
        ("fish", "complete -c errgen"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = errgen(&["completions", shell], b"");
        assert_eq!(out.status.code(), Some(0), "{}", support::output_text(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for word in ["check", "compile", "diff", "completions", "message-format"] {
            assert!(script.contains(word), "{shell} does not offer `{word}`");
        }
        // clap_complete's PowerShell script offers options, not their values.
        if shell != "powershell" {
            assert!(script.contains("sarif"), "{shell}: the format values");
        }
        if shell == "bash" {
            let dir = support::temp_dir();
            let file = dir.path().join("errgen.bash");
            std::fs::write(&file, &script).unwrap();
            let parsed = Command::new("bash").arg("-n").arg(&file).output().unwrap();
            assert!(parsed.status.success(), "{}", support::output_text(&parsed));
            // Sourced, it registers the completion.
            let sourced = Command::new("bash")
                .arg("-c")
                .arg(format!("source '{}' && complete -p errgen", file.display()))
                .output()
                .unwrap();
            assert!(
                sourced.status.success()
                    && String::from_utf8_lossy(&sourced.stdout).contains("errgen"),
                "{}",
                support::output_text(&sourced)
            );
        }
    }
    let out = errgen(&["completions", "tcsh"], b"");
    assert_eq!(out.status.code(), Some(2));
}
