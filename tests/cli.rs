//! The command-line contract: exit codes, output formats, and hostile input
//! that must get a clear diagnostic instead of a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn errgen_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("errgen runs");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.wait_with_output().expect("errgen finishes");
    writer.join().expect("stdin writer");
    Run {
        code: out
            .status
            .code()
            .expect("errgen exits, not killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn errgen(args: &[&str], stdin: &[u8]) -> Run {
    errgen_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

fn check_stdin(bytes: &[u8]) -> Run {
    errgen(&["check", "-"], bytes)
}

const VALID: &str =
    "catalog demo {\n  locales en\n}\n\nerror a = \"A_1\" {\n  message en \"Hello.\"\n}\n";

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "errgen panicked:\n{}",
        run.stderr
    );
}

#[test]
fn empty_input_is_a_syntax_error() {
    let run = check_stdin(b"");
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "expected the catalog header `catalog NAME { … }`, found the end of the file"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn random_bytes_are_an_encoding_error() {
    // A fixed xorshift sequence: the same "random" bytes on every run.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let run = check_stdin(&bytes);
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0002]"), "{}", run.stderr);
}

#[test]
fn printable_garbage_is_a_syntax_error() {
    let run = check_stdin(b"\x01\x02 }}}{{{ \"unterminated\n \\\\ catalog");
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0001]"), "{}", run.stderr);
}

#[test]
fn deeply_nested_braces_do_not_overflow_the_stack() {
    let mut text = String::from("catalog deep {\n");
    text.push_str(&"{".repeat(100_000));
    let run = check_stdin(text.as_bytes());
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0001]"), "{}", run.stderr);

    let mut groups = String::from("catalog deep { }\n");
    groups.push_str(&"group g {\n".repeat(100_000));
    let run = check_stdin(groups.as_bytes());
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("groups nest one level only"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_five_megabyte_line_gets_a_short_diagnostic() {
    let mut text = String::from(VALID);
    text.push_str("error b = \"A_2\" { message en \"");
    text.push_str(&"x".repeat(5 * 1024 * 1024));
    text.push_str("\" bogus }\n");
    let run = check_stdin(text.as_bytes());
    assert_no_panic(&run);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("found `bogus`"),
        "{}",
        &run.stderr[..run.stderr.len().min(2000)]
    );
    assert!(
        run.stderr.len() < 64 * 1024,
        "diagnostic is {} bytes long",
        run.stderr.len()
    );
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(VALID.as_bytes());
    let run = check_stdin(&bytes);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn crlf_line_endings_are_accepted_and_located_right() {
    let crlf = VALID.replace('\n', "\r\n");
    let run = check_stdin(crlf.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);

    let broken = format!("{crlf}error c = \"A_3\" {{\r\n  htpp 404\r\n}}\r\n");
    let run = errgen(
        &["check", "-", "--message-format", "json"],
        broken.as_bytes(),
    );
    assert_eq!(run.code, 1);
    let d: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().expect("a diagnostic")).unwrap();
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(9), Some(3)),
        "{d}"
    );
}

#[test]
fn utf16_is_rejected_with_a_hint() {
    let utf16: Vec<u8> = VALID.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for bytes in [[&[0xFF, 0xFE][..], &utf16].concat(), utf16.clone()] {
        let run = check_stdin(&bytes);
        assert_no_panic(&run);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("is UTF-16"), "{}", run.stderr);
        assert!(run.stderr.contains("iconv"), "{}", run.stderr);
    }
}

#[test]
fn missing_files_are_io_errors() {
    let run = errgen(&["check", "does/not/exist.errors"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read `does/not/exist.errors`"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_diagnostics_carry_the_contract_fields() {
    let text = format!("{VALID}error b = \"A_1\" {{\n  message en \"Other.\"\n}}\n");
    let run = errgen(&["check", "-", "--message-format", "json"], text.as_bytes());
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    let d: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "duplicate-code");
    assert_eq!(d["code"], "E0003");
    assert_eq!(d["file"], "<stdin>");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(11))
    );
    assert!(d["message"].as_str().unwrap().contains("`A_1`"));
    assert!(d["help"].as_str().is_some());
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let text =
        "catalog demo {\n  locales en, zh\n}\n\nerror a = \"A_1\" {\n  message en \"Hello.\"\n}\n";
    assert_eq!(check_stdin(text.as_bytes()).code, 0);
    let run = errgen(&["check", "-", "--deny", "warnings"], text.as_bytes());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[W0010]"), "{}", run.stderr);
}

#[test]
fn explain_prints_rules_and_rejects_unknown_codes() {
    let run = errgen(&["explain", "E0005"], b"");
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# E0005 malformed-code"),
        "{}",
        run.stdout
    );
    let run = errgen(&["explain", "placeholder-mismatch"], b"");
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("## Wrong") && run.stdout.contains("## Right"));
    let run = errgen(&["explain", "malformed-cod"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `malformed-code`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_describes_a_target_and_its_options() {
    let run = errgen(&["explain", "rust"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# Target `rust`"), "{}", run.stdout);
    assert!(
        run.stdout.contains("- `serde` (`true` or `false`): "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`option rust.serde true`"),
        "{}",
        run.stdout
    );
    let run = errgen(&["explain", "openapi"], b"");
    assert!(
        run.stdout.contains("- `format` (`yaml` or `json`): "),
        "{}",
        run.stdout
    );
    let run = errgen(&["explain", "ts"], b"");
    assert!(
        run.stdout.contains("It takes no options."),
        "{}",
        run.stdout
    );
}

#[test]
fn unknown_targets_and_options_are_refused_naming_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.errors"), VALID).unwrap();
    let run = errgen_in(
        dir.path(),
        &["compile", "a.errors", "--target", "typescript"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown target `typescript`; did you mean `ts`?"),
        "{}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\ntargets:\n  rust: { out: gen, options: { serd: true } }\n",
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["compile"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown option `serd` for target `rust` in `targets.rust`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `serde`?"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("gen").exists());
}

#[test]
fn explain_describes_a_catalog_code() {
    let run = errgen(&["explain", "OptVerse_10000004"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("http: 403"), "{}", run.stdout);
}

#[test]
fn explain_describes_an_alias_as_its_entry() {
    let run = errgen(&["explain", "OptVerse_1212080003"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "`OptVerse_1212080003` is an alias of `OptVerse_12080003` (published with two digits too many)."
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(sdk_version_not_found)"),
        "{}",
        run.stdout
    );
}

/// An entry is found by its name as the targets write it, and a code
/// written a little otherwise gets the one meant.
#[test]
fn explain_finds_an_entry_by_name_and_suggests_near_codes() {
    for name in ["sdk_license_not_uploaded", "SdkLicenseNotUploaded"] {
        let run = errgen(&["explain", name], b"");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.starts_with(&format!(
                "`{name}` is the name of `OptVerse_12080002`.\n\n# optverse `OptVerse_12080002`"
            )),
            "{}",
            run.stdout
        );
    }
    for near in ["optverse_12080002", "OptVerse_1208002", "12080002"] {
        let run = errgen(&["explain", near], b"");
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(
            run.stderr.contains("did you mean `OptVerse_12080002`?"),
            "{near}: {}",
            run.stderr
        );
    }
}

#[test]
fn every_rule_has_an_explanation_that_names_it() {
    for rule in errgen::diagnostic::Rule::ALL {
        let text = rule.explanation();
        let heading = format!(
            "# {} {} ({})",
            rule.code(),
            rule.name(),
            rule.severity().as_str()
        );
        assert!(
            text.starts_with(&heading),
            "{}: {}",
            rule.name(),
            &text[..text.len().min(80)]
        );
        assert!(text.contains("## Why it matters"), "{}", rule.name());
    }
}

#[test]
fn the_bundled_examples_check_clean_and_are_formatted() {
    let run = errgen(&["check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("no problems"), "{}", run.stderr);
    let run = errgen(&["check", "--deny", "warnings"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = errgen(&["fmt", "--check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn fmt_reports_unformatted_files_and_writes_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "catalog  demo{locales en}\nerror a=\"A_1\"{message en \"Hi.\"}\n";
    std::fs::write(dir.path().join("a.errors"), messy).unwrap();
    let run = errgen_in(dir.path(), &["fmt", "--check", "a.errors"], b"");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not formatted: a.errors"),
        "{}",
        run.stderr
    );
    // The whole change, as a unified diff, not only where it starts.
    assert!(
        run.stdout
            .starts_with("--- a/a.errors\n+++ b/a.errors\n@@ -1,2 +1,7 @@\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("-catalog  demo{locales en}\n")
            && run.stdout.contains("+catalog demo {\n+  locales en\n+}\n")
            && run.stdout.contains("+  message en \"Hi.\"\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.errors")).unwrap(),
        messy
    );

    let run = errgen_in(dir.path(), &["fmt", "--write", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let formatted = std::fs::read_to_string(dir.path().join("a.errors")).unwrap();
    assert_ne!(formatted, messy);
    let run = errgen_in(dir.path(), &["fmt", "--check", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");

    let run = errgen(&["fmt", "-"], messy.as_bytes());
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, formatted);
}

/// A catalog with one fix of each kind `check --fix` applies, one hidden
/// behind another (the malformed code is found once the keyword parses),
/// a fix that is not certain (two params as near) and an error no fix
/// removes. The misspelt placeholder sits in a message with escapes.
const FIXABLE: &str = "\u{FEFF}catalog demo {\n  locales en\n  format \"DEMO_{digits:4}\"\n}\n\n\
error a = \"DEMO.0001\" {\n  htpp 404\n  param name: string\n  message en \"No \\\"{nme}\\\".\"\n}\n\n\
error b = \"DEMO_0002\" {\n  param ab: string\n  param ac: string\n  message en \"{a} {ab} {ac}.\"\n}\n";

#[test]
fn check_fix_applies_the_certain_fixes_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, FIXABLE).unwrap();
    let run = errgen_in(dir.path(), &["check", "--fix", "a.errors"], b"");
    assert_no_panic(&run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let fixed = std::fs::read_to_string(&path).unwrap();
    // The malformed code's fix keeps the code as written as an alias.
    let want = FIXABLE
        .replace(
            "\"DEMO.0001\" {\n",
            "\"DEMO_0001\" {\n  alias \"DEMO.0001\"\n",
        )
        .replace("htpp", "http")
        .replace("{nme}", "{name}");
    assert_eq!(
        fixed, want,
        "the byte-order mark is kept, nothing else changes"
    );
    assert!(
        run.stderr.contains("errgen: applied 3 fixes to `a.errors`"),
        "{}",
        run.stderr
    );
    // `{a}` is as near `ab` as `ac`: suggested, not applied, and reported.
    assert!(
        run.stderr
            .contains("placeholder `{a}` names no param of `b`")
            && run.stderr.contains("errgen: checked 1 file: 1 error"),
        "{}",
        run.stderr
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    // Nothing more to do the second time.
    let run = errgen_in(dir.path(), &["check", "--fix", "a.errors"], b"");
    assert!(
        run.stderr.contains("errgen: no machine-applicable fixes"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
}

/// One typo for each name a catalog refers to by name: a type, a
/// replacement entry, a locale (and a locale written with `_`), a gRPC
/// code, a stage, a rule a group allows, an upstream system and its field.
/// Each gets the same did-you-mean fix (`Diagnostic::did_you_mean`).
const MISSPELT: &str = "catalog demo {\n  locales en, zh-CN\n  stages config, run\n  \
envelope {\n    code \"code\"\n    message \"message\"\n    params \"params\"\n  }\n  \
upstream kube {\n    status http\n    grpc field \"code\"\n    message field \"message\"\n    field detail \"details[0].error_message\"\n  }\n}\n\n\
type context {\n  field file: string\n}\n\n\
group g {\n  allow error-with-succes-status\n  stage confg\n\n\
  error a = \"A\" {\n    param where: contxt\n    message en \"Bad.\"\n    message zh_CN \"坏。\"\n    deprecated\n    replaced_by bb\n  }\n\n\
  error b = \"B\" {\n    http 503\n    message enn \"Down.\"\n    message zh-CN \"停了。\"\n    upstream kub {\n      grpc UNAVAILABEL\n      match detale r\"down\"\n    }\n  }\n}\n";

#[test]
fn check_fix_corrects_a_misspelt_name_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, MISSPELT).unwrap();
    let run = errgen_in(dir.path(), &["check", "--fix", "a.errors"], b"");
    assert_no_panic(&run);
    let fixed = std::fs::read_to_string(&path).unwrap();
    let want = MISSPELT
        .replace("contxt", "context")
        .replace("replaced_by bb", "replaced_by b")
        .replace("zh_CN", "zh-CN")
        .replace("enn", "en")
        .replace("UNAVAILABEL", "UNAVAILABLE")
        .replace("confg", "config")
        .replace("succes", "success")
        .replace("kub ", "kube ")
        .replace("detale", "detail");
    assert_eq!(fixed, want, "{}", run.stderr);
    let run = errgen_in(dir.path(), &["check", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Values written as other formats write them stop the parse one at a
/// time; `check --fix` applies each certain fix and parses again until the
/// file checks, and leaves the fixes a person must look at.
#[test]
fn check_fix_respells_values_of_other_formats_one_syntax_error_after_another() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    let text = "catalog c {\n  locales en\n  version 1.0\n}\n\nerror a = A_1 {\n  message en \"X.\"\n  retryable yes\n  http \"404\"\n  param n: i64\n}\n";
    std::fs::write(&path, text).unwrap();
    let run = errgen_in(dir.path(), &["check", "--fix", "a.errors"], b"");
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = text
        .replace("1.0\n", "1.0.0\n")
        .replace("A_1", "\"A_1\"")
        .replace("yes", "true")
        .replace("\"404\"", "404")
        .replace("i64", "int");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
    assert!(run.stderr.contains("applied 5 fixes"), "{}", run.stderr);
    // Text without quotes is a fix a person looks at: not applied.
    std::fs::write(
        &path,
        "catalog c {\n  locales en\n}\n\nerror a = \"A\" {\n  message en Gone.\n}\n",
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["check", "--fix", "a.errors"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("message en Gone."));
}

#[test]
fn check_fix_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, FIXABLE).unwrap();
    let args = ["check", "--fix", "--dry-run", "a.errors"];
    let run = errgen_in(dir.path(), &args, b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXABLE);
    assert!(
        run.stdout.starts_with("--- a/a.errors\n+++ b/a.errors\n"),
        "{}",
        run.stdout
    );
    for line in [
        "-error a = \"DEMO.0001\" {\n",
        "+error a = \"DEMO_0001\" {\n",
        "-  htpp 404\n",
        "+  http 404\n",
        "+  message en \"No \\\"{name}\\\".\"\n",
    ] {
        assert!(run.stdout.contains(line), "{line}: {}", run.stdout);
    }
    assert!(
        run.stderr
            .contains("errgen: would apply 3 fixes to `a.errors`")
            && run.stderr.contains("errgen: checked 1 file: 1 error"),
        "{}",
        run.stderr
    );
    // With JSON diagnostics on stdout, the diff goes to stderr.
    let run = errgen_in(
        dir.path(),
        &[&args[..], &["--message-format", "json"]].concat(),
        b"",
    );
    let d: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(d["rule"], "undeclared-placeholder", "{}", run.stdout);
    assert!(run.stderr.contains("+  http 404\n"), "{}", run.stderr);
    // Standard input can be shown fixed, not rewritten.
    let run = errgen(&["check", "--fix", "--dry-run", "-"], FIXABLE.as_bytes());
    assert!(run.stdout.contains("+  http 404\n"), "{}", run.stdout);
    let run = errgen(&["check", "--fix", "-"], FIXABLE.as_bytes());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("add --dry-run"), "{}", run.stderr);
    // `--dry-run` is `--fix`'s.
    let run = errgen_in(dir.path(), &["check", "--dry-run", "a.errors"], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn fmt_leaves_files_that_do_not_parse_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "catalog demo {\n";
    std::fs::write(dir.path().join("b.errors"), broken).unwrap();
    let run = errgen_in(dir.path(), &["fmt", "--write", "b.errors"], b"");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0001]"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.errors")).unwrap(),
        broken
    );
}

#[test]
fn fmt_write_keeps_a_byte_order_mark() {
    // `fmt --check` passes a formatted file that begins with a byte-order
    // mark, so the mark is not the formatter's to remove: `--write` keeps
    // it whether or not the rest of the file changes (as `check --fix`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, "\u{FEFF}catalog demo {\n  locales en\n}").unwrap();
    let run = errgen_in(dir.path(), &["fmt", "--write", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "\u{FEFF}catalog demo {\n  locales en\n}\n"
    );
    let run = errgen_in(dir.path(), &["fmt", "--check", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Printed, too (`errgen fmt a.errors > b.errors` is the same file),
    // also from standard input.
    let run = errgen_in(dir.path(), &["fmt", "a.errors"], b"");
    assert_eq!(run.stdout, "\u{FEFF}catalog demo {\n  locales en\n}\n");
    let run = errgen_in(
        dir.path(),
        &["fmt", "-"],
        "\u{FEFF}catalog demo {}".as_bytes(),
    );
    assert_eq!(run.stdout, "\u{FEFF}catalog demo {}\n");
}

/// A checkout with `core.autocrlf` (Windows) has every line end in CRLF:
/// `fmt --check` failed on every file of it, and `fmt --write` turned the
/// whole file into LF, a change git then shows on every line.
#[test]
fn fmt_keeps_crlf_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, "catalog demo {\r\n  locales en\r\n}\r\n").unwrap();
    let run = errgen_in(dir.path(), &["fmt", "--check", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    std::fs::write(&path, "catalog demo {\r\nlocales en\n}").unwrap();
    let run = errgen_in(dir.path(), &["fmt", "--check", "a.errors"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = errgen_in(dir.path(), &["fmt", "--write", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "catalog demo {\r\n  locales en\r\n}\r\n"
    );
}

#[test]
fn without_files_or_errgen_yaml_it_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let run = errgen_in(dir.path(), &["check"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no errgen.yaml"), "{}", run.stderr);
}

/// A folder with a valid catalog `a.errors` and `errgen_yaml`.
fn project(errgen_yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.errors"), VALID).unwrap();
    std::fs::write(dir.path().join("errgen.yaml"), errgen_yaml).unwrap();
    dir
}

/// A folder stands for the catalog files in it: in errgen.yaml (with its
/// `generate`), and on the command line; it was "a folder; name catalog
/// files", so a project of many catalogs listed each.
#[test]
fn a_folder_stands_for_its_catalog_files() {
    let dir = project(
        "catalogs:\n  - path: a.errors\n  - path: more\n    generate: false\ntargets:\n  md: { out: gen }\n",
    );
    std::fs::create_dir_all(dir.path().join("more/sub")).unwrap();
    for name in ["b", "c"] {
        std::fs::write(
            dir.path().join(format!("more/{name}.errors")),
            format!("catalog {name} {{\n  locales en\n}}\n"),
        )
        .unwrap();
    }
    // Neither a catalog (another extension) nor in the folder itself.
    std::fs::write(dir.path().join("more/notes.md"), "# notes").unwrap();
    std::fs::write(dir.path().join("more/sub/d.errors"), "not read").unwrap();
    let run = errgen_in(dir.path(), &["check"], b"");
    run.expect_code(0)
        .expect_stderr(true, &["checked 3 files: no problems"]);
    // `generate: false` holds for every file of the folder.
    errgen_in(dir.path(), &["compile"], b"").expect_code(0);
    let written: Vec<_> = std::fs::read_dir(dir.path().join("gen"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, ["demo.md"]);
    // On the command line, named with a file of it: each read once.
    errgen_in(dir.path(), &["check", "more", "more/b.errors"], b"")
        .expect_code(0)
        .expect_stderr(true, &["checked 2 files: no problems"]);
    // A folder without catalogs is an error, wherever it is named.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    errgen_in(dir.path(), &["check", "empty"], b"")
        .expect_code(2)
        .expect_stderr(true, &["the folder `empty` holds no `.errors` file"]);
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: empty\n",
    )
    .unwrap();
    errgen_in(dir.path(), &["check"], b"")
        .expect_code(2)
        .expect_stderr(true, &["holds no `.errors` file"]);
}

/// An errgen.yaml saved with a byte-order mark (Windows editors) is read
/// as without it: a problem past `catalogs` was "more than one YAML
/// document", and a problem on line 1 was placed a column too far.
#[test]
fn an_errgen_yaml_with_a_byte_order_mark_is_read_as_without() {
    let dir = project("\u{FEFF}catalogs:\n  - path: a.errors\ncheck:\n  allow: [nope]\n");
    errgen_in(dir.path(), &["check"], b"")
        .expect_code(2)
        .expect_stderr(
            true,
            &[
                "unknown rule `nope` in `check.allow`",
                "--> errgen.yaml:4:11",
            ],
        );
    std::fs::write(dir.path().join("errgen.yaml"), "\u{FEFF}catalog: x\n").unwrap();
    errgen_in(dir.path(), &["check"], b"")
        .expect_code(2)
        .expect_stderr(true, &["--> errgen.yaml:1:1"]);
}

/// A target errgen.yaml does not configure is written to
/// `generated/<target>` of the project, wherever errgen runs: from a
/// subfolder it made a `generated/` there.
#[test]
fn an_unconfigured_target_writes_into_the_project_from_a_subfolder() {
    let dir = project("catalogs:\n  - path: a.errors\ntargets:\n  rust:\n    out: gen/rust\n");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let run = errgen_in(&sub, &["compile", "--target", "md"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("md → ../generated/md: 1 file(s)"),
        "{}",
        run.stderr
    );
    assert!(!sub.join("generated").exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("generated/md"))
            .unwrap()
            .count(),
        1
    );
    // From the project's folder, the same files.
    let run = errgen_in(dir.path(), &["compile", "--target", "md", "--check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn every_problem_of_errgen_yaml_is_reported() {
    let dir = project(
        "catalogs:\n  - path: a.errors\ntargets:\n  tss: { out: ts }\n  rust: { out: ts }\n  md: { out: ts }\n",
    );
    let run = errgen_in(dir.path(), &["compile"], b"");
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.matches("error[E0025]").count(),
        2,
        "{}",
        run.stderr
    );
    let unknown = run.stderr.find("unknown key `tss`").expect("the first");
    // The unknown target's folder is not a problem of its own.
    let shared = run
        .stderr
        .find("`targets.md` writes to `ts`, the output folder of `targets.rust`")
        .expect("the second");
    assert!(unknown < shared, "in file order: {}", run.stderr);
    assert!(
        run.stderr
            .ends_with("errgen: error: errgen.yaml is invalid\n"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("ts").exists(), "nothing is written");
    // A JSON line each, and one SARIF log with both.
    let run = errgen_in(dir.path(), &["compile", "--message-format", "json"], b"");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.iter().map(|d| &d["line"]).collect::<Vec<_>>(), [4, 6]);
    let run = errgen_in(dir.path(), &["compile", "--message-format", "sarif"], b"");
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn errgen_yaml_unknown_keys_get_a_suggestion() {
    let dir = project("catalogs:\n  - path: a.errors\ntragets: {}\n");
    let run = errgen_in(dir.path(), &["check"], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("error[E0025]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `targets`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("errgen.yaml:3:1"), "{}", run.stderr);
    // The same finding as the diagnostics' JSON.
    let run = errgen_in(dir.path(), &["check", "--message-format", "json"], b"");
    assert_eq!(run.code, 2);
    let d: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(
        (&d["rule"], &d["code"], &d["line"], &d["column"]),
        (
            &serde_json::json!("config"),
            &serde_json::json!("E0025"),
            &serde_json::json!(3),
            &serde_json::json!(1)
        )
    );
    assert_eq!(d["help"], "did you mean `targets`?");

    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: a.errors\n",
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn several_files_form_a_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let a = "catalog a {\n  format \"OPT_{digits:4}\"\n}\n\nerror x = \"OPT_0001\" {\n  message en \"X.\"\n}\n";
    let b = "catalog b {\n  format \"OPT_{digits:4}\"\n}\n\nerror y = \"OPT_0001\" {\n  message en \"Y.\"\n}\n";
    std::fs::write(dir.path().join("a.errors"), a).unwrap();
    std::fs::write(dir.path().join("b.errors"), b).unwrap();
    let run = errgen_in(dir.path(), &["check", "a.errors", "b.errors"], b"");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[E0003]"), "{}", run.stderr);
    assert!(run.stderr.contains("error[E0019]"), "{}", run.stderr);
    // Each file alone is clean.
    assert_eq!(errgen_in(dir.path(), &["check", "a.errors"], b"").code, 0);
}

const DEMO: &str = "catalog demo {\n  locales en, zh\n  format \"DEMO_{digits:3}\"\n}\n\nerror not_found = \"DEMO_001\" {\n  http 404\n  param item: string\n  message en \"No {item} here.\"\n  message zh \"这里没有 {item}。\"\n}\n";

#[test]
fn compile_writes_then_check_catches_drift() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();
    let run = errgen_in(dir.path(), &["compile", "demo.errors", "--out", "out"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rust = dir.path().join("out/rust/demo.rs");
    let ts = dir.path().join("out/ts/demo.ts");
    assert!(rust.is_file() && ts.is_file(), "{}", run.stderr);
    let before = std::fs::read_to_string(&rust).unwrap();
    let stamp = std::fs::metadata(&rust).unwrap().modified().unwrap();

    // Unchanged catalog: nothing is rewritten, and --check agrees.
    let run = errgen_in(dir.path(), &["compile", "demo.errors", "--out", "out"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote 0 file(s)"), "{}", run.stderr);
    assert_eq!(stamp, std::fs::metadata(&rust).unwrap().modified().unwrap());
    let run = errgen_in(
        dir.path(),
        &["compile", "demo.errors", "--out", "out", "--check"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A changed message: --check lists both files and writes nothing.
    std::fs::write(
        dir.path().join("demo.errors"),
        DEMO.replace("No {item} here.", "Nothing called {item}."),
    )
    .unwrap();
    let run = errgen_in(
        dir.path(),
        &["compile", "demo.errors", "--out", "out", "--check"],
        b"",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("out of date: out/rust/demo.rs"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("out of date: out/ts/demo.ts"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&rust).unwrap(), before);
}

/// `DEMO` compiled into `out/` of a new folder with `compile demo.errors
/// --out out` and `targets`, to compile or check again.
struct DemoOut {
    dir: tempfile::TempDir,
    args: Vec<&'static str>,
}

impl DemoOut {
    fn new(targets: &[&'static str]) -> DemoOut {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();
        let mut args = vec!["compile", "demo.errors", "--out", "out"];
        args.extend(targets);
        let demo = DemoOut { dir, args };
        demo.compile(false).expect_code(0);
        demo
    }

    /// `compile`, or `compile --check`.
    fn compile(&self, check: bool) -> Run {
        let check: &[&str] = if check { &["--check"] } else { &[] };
        errgen_in(self.dir.path(), &[&self.args[..], check].concat(), b"")
    }

    /// A path below the folder.
    fn path(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }
}

impl Run {
    /// Asserts the exit code, showing stderr if it is another.
    #[track_caller]
    fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "{}", self.stderr);
        self
    }

    /// Asserts that stderr holds each of `texts`, or none of them.
    #[track_caller]
    fn expect_stderr(&self, holds: bool, texts: &[&str]) -> &Run {
        for text in texts {
            assert_eq!(
                self.stderr.contains(text),
                holds,
                "{text:?} in:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// `compile --check` named a generated file that is not there at all (not
/// checked in, deleted) "out of date", as it names one whose content
/// differs.
#[test]
fn compile_check_says_which_files_are_missing() {
    let demo = DemoOut::new(&["--target", "rust,ts"]);
    std::fs::remove_file(demo.path("out/ts/demo.ts")).unwrap();
    std::fs::write(demo.path("out/rust/demo.rs"), "// edited").unwrap();
    demo.compile(true).expect_code(1).expect_stderr(
        true,
        &[
            "missing: out/ts/demo.ts\n",
            "out of date: out/rust/demo.rs\n",
            "2 generated file(s) differ",
        ],
    );
}

#[test]
fn compile_check_tells_a_stale_file_from_an_out_of_date_one() {
    let demo = DemoOut::new(&["--target", "rust"]);
    // A file of a catalog since removed: `compile` leaves it alone, so
    // `--check` must not send the user to `compile` to fix it.
    std::fs::copy(demo.path("out/rust/demo.rs"), demo.path("out/rust/old.rs")).unwrap();
    for _ in 0..2 {
        demo.compile(true)
            .expect_code(1)
            .expect_stderr(
                false,
                &["out of date: out/rust/old.rs", "run `errgen compile`"],
            )
            .expect_stderr(
                true,
                &["out/rust/old.rs is no longer generated by any catalog; delete it"],
            );
        demo.compile(false).expect_code(0);
    }
}

#[test]
fn compile_check_leaves_other_files_of_the_same_extension_alone() {
    // The IR is `NAME.ir.json`, OpenAPI `NAME.openapi.yaml`: a `.json` or
    // `.yaml` file of another tool beside them is not one errgen made.
    let demo = DemoOut::new(&["--target", "ir,openapi"]);
    std::fs::write(demo.path("out/ir/package.json"), "{}").unwrap();
    std::fs::write(demo.path("out/openapi/redocly.yaml"), "x: 1").unwrap();
    demo.compile(true).expect_code(0);
    // One with the suffix is a catalog's that is gone.
    std::fs::write(
        demo.path("out/ir/old.ir.json"),
        "{\n  \"ir_version\": 1\n}\n",
    )
    .unwrap();
    demo.compile(true)
        .expect_code(1)
        .expect_stderr(true, &["out/ir/old.ir.json"])
        .expect_stderr(false, &["package.json"]);
}

/// A file someone keeps beside the generated ones (`mod.rs` that declares
/// them, a package's `__init__.py`, an `index.ts`, a `README.md`) was
/// reported as "no longer generated by any catalog", so `compile --check`
/// failed for ever; only a file the target wrote (its mark near the start)
/// can be stale.
#[test]
fn compile_check_leaves_files_errgen_did_not_write_alone() {
    let demo = DemoOut::new(&[]);
    std::fs::write(demo.path("out/rust/mod.rs"), "pub mod demo;\n").unwrap();
    std::fs::write(demo.path("out/python/__init__.py"), "").unwrap();
    std::fs::write(demo.path("out/ts/index.ts"), "export * from \"./demo\";\n").unwrap();
    std::fs::write(
        demo.path("out/md/README.md"),
        "# Errors\n\n- [demo](demo.md)\n",
    )
    .unwrap();
    demo.compile(true)
        .expect_code(0)
        .expect_stderr(false, &["no longer generated"]);
    // The files of a catalog since renamed are, whatever the target.
    let renamed = DEMO.replace("catalog demo", "catalog shop");
    std::fs::write(demo.path("demo.errors"), renamed).unwrap();
    demo.compile(false).expect_code(0);
    demo.compile(true).expect_code(1).expect_stderr(
        true,
        &[
            "out/rust/demo.rs is no longer generated",
            "out/ts/demo.ts is no longer generated",
            "out/openapi/demo.openapi.yaml is no longer generated",
            "out/md/demo.md is no longer generated",
            "out/python/demo.py is no longer generated",
            "out/ir/demo.ir.json is no longer generated",
            "6 file(s) in the output folders",
        ],
    );
}

#[test]
fn compile_writes_nothing_when_a_catalog_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();
    let run = errgen_in(dir.path(), &["compile", "demo.errors", "--out", "out"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = std::fs::read_to_string(dir.path().join("out/rust/demo.rs")).unwrap();

    std::fs::write(
        dir.path().join("demo.errors"),
        DEMO.replace("DEMO_001", "DEMO.001"),
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["compile", "demo.errors", "--out", "out"], b"");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("nothing was generated"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/rust/demo.rs")).unwrap(),
        before
    );
    let run = errgen_in(
        dir.path(),
        &["compile", "demo.errors", "--out", "fresh"],
        b"",
    );
    assert_eq!(run.code, 1);
    assert!(!dir.path().join("fresh").exists());
}

#[test]
fn compile_selects_targets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();
    let run = errgen_in(
        dir.path(),
        &["compile", "demo.errors", "--out", "out", "--target", "ts"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("out/ts/demo.ts").is_file());
    assert!(!dir.path().join("out/rust").exists());
    let run = errgen_in(
        dir.path(),
        &["compile", "demo.errors", "--target", "cobol"],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown target `cobol`"),
        "{}",
        run.stderr
    );
}

/// `errgen compile` and `errgen::Builder` are two front ends of one library
/// function (`errgen::compile`): the same catalogs, targets and options give
/// the same files, byte for byte, whichever is used; a catalog's own option
/// wins over the project's in both.
#[test]
fn builder_and_command_line_write_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();
    let shop = "catalog shop {\n  locales en\n  option rust.serde false\n}\n\n\
                error gone = \"S_1\" {\n  http 410\n  message en \"Gone.\"\n}\n";
    std::fs::write(dir.path().join("shop.errors"), shop).unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: demo.errors\n  - path: shop.errors\n\
         targets:\n  rust:\n    out: cli/rust\n    options:\n      serde: true\n\
         \x20 ts:\n    out: cli/ts\n  openapi:\n    out: cli/openapi\n    format: json\n",
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["compile"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);

    let built = dir.path().join("built");
    let compiled = errgen::Builder::new()
        .catalogs([
            dir.path().join("demo.errors"),
            dir.path().join("shop.errors"),
        ])
        .target(errgen::Target::Rust)
        .target(errgen::Target::Ts)
        .target(errgen::Target::OpenApi)
        .option("rust.serde", true)
        .option("openapi.format", "json")
        .out_dir(&built)
        .quiet(true)
        .compile()
        .unwrap();
    assert_eq!(compiled.files.len(), 6, "{:?}", compiled.files);
    let mut compared = 0;
    for (target, extension) in [("rust", "rs"), ("ts", "ts"), ("openapi", "openapi.json")] {
        for name in ["demo", "shop"] {
            let file = format!("{name}.{extension}");
            let cli = std::fs::read(dir.path().join("cli").join(target).join(&file)).unwrap();
            let builder = std::fs::read(built.join(&file)).unwrap();
            assert!(cli == builder, "{target}: {file} differs");
            compared += 1;
        }
    }
    assert_eq!(compared, compiled.files.len());
    // The options reached the generators: serde for `demo`, not for `shop`.
    let demo = std::fs::read_to_string(built.join("demo.rs")).unwrap();
    let shop = std::fs::read_to_string(built.join("shop.rs")).unwrap();
    assert!(demo.contains("serde") && !shop.contains("serde::"));
}

/// Like cargo with `Cargo.toml`, every command that reads errgen.yaml finds
/// it in the nearest folder above the current one, and resolves its paths
/// against the folder that holds it.
#[test]
fn errgen_yaml_is_found_in_a_folder_above() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("errors")).unwrap();
    std::fs::create_dir_all(dir.path().join("src/deep")).unwrap();
    std::fs::write(dir.path().join("errors/demo.errors"), DEMO).unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: errors/demo.errors\ntargets:\n  ts: { out: gen/ts }\n",
    )
    .unwrap();
    let below = dir.path().join("src/deep");

    let run = errgen_in(&below, &["check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("checked 1 file"), "{}", run.stderr);

    let run = errgen_in(&below, &["compile"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.path().join("gen/ts/demo.ts").is_file(),
        "{}",
        run.stderr
    );
    assert!(!below.join("gen").exists());
    let run = errgen_in(&below, &["compile", "--check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = errgen_in(&below, &["fmt", "--check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = errgen_in(&below, &["explain", "DEMO_001"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("http: 404"), "{}", run.stdout);

    // Its errors point at it where it is.
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: errors/demo.errors\ntragets: {}\n",
    )
    .unwrap();
    let run = errgen_in(&below, &["check"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("../../errgen.yaml:3:1"),
        "{}",
        run.stderr
    );
}

/// `explain` looks a code up in the catalogs it is given, and says plainly
/// when there are none to look in.
#[test]
fn explain_takes_catalog_files_and_says_when_there_is_no_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("demo.errors"), DEMO).unwrap();

    let run = errgen_in(dir.path(), &["explain", "DEMO_001", "demo.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("http: 404"), "{}", run.stdout);

    let run = errgen_in(dir.path(), &["explain", "DEMO_002", "demo.errors"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`DEMO_002` is neither a rule nor a code or entry name of demo.errors"),
        "{}",
        run.stderr
    );

    let run = errgen_in(dir.path(), &["explain", "DEMO_001"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "`DEMO_001` is not a rule, and there is no errgen.yaml in this folder or above it"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("errgen explain DEMO_001 api.errors"),
        "{}",
        run.stderr
    );
    // A rule needs no catalogs.
    assert_eq!(errgen_in(dir.path(), &["explain", "E0005"], b"").code, 0);
}

#[test]
fn checked_in_generated_files_match_the_examples() {
    // The drift check CI relies on: generated/ is what the examples produce.
    let run = errgen(&["compile", "--check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn diff_flags_breaking_changes() {
    let run = errgen(
        &[
            "diff",
            "examples/autoscorer-v1.errors",
            "examples/autoscorer.errors",
            "--breaking",
        ],
        b"",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "breaking[W0050 code-removed, wire]: code `CONTAINER_WAIT_FAILED` was removed"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("breaking[W0050 code-removed, wire]: code `EXEC_ERROR` was removed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("--> examples/autoscorer-v1.errors:"),
        "{}",
        run.stdout
    );
    // Without --breaking it only reports.
    let run = errgen(
        &[
            "diff",
            "examples/autoscorer-v1.errors",
            "examples/autoscorer.errors",
        ],
        b"",
    );
    assert_eq!(run.code, 0);
}

/// Standard input holds one catalog: `check - -` (and `fmt`, `compile`)
/// read it for the first and reported a syntax error in the empty second.
#[test]
fn standard_input_named_twice_is_a_usage_error() {
    for command in ["check", "fmt", "compile"] {
        let run = errgen(&[command, "-", "-"], DEMO.as_bytes());
        assert_eq!(run.code, 2, "{command}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr
                .contains("`-` is given more than once: standard input holds one catalog"),
            "{command}: {}",
            run.stderr
        );
    }
    let run = errgen(&["check", "-"], DEMO.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A file named twice (overlapping globs) is one catalog: `fmt --write`
/// refused to write it "twice" and formatted nothing, `check` reported it
/// as two versions of one catalog (E0019).
#[test]
fn a_file_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.errors");
    std::fs::write(&path, "catalog demo {\nlocales en\n}\n").unwrap();
    let run = errgen_in(
        dir.path(),
        &["fmt", "--write", "a.errors", "./a.errors"],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "catalog demo {\n  locales en\n}\n"
    );
    let run = errgen_in(dir.path(), &["fmt", "a.errors", "a.errors"], b"");
    assert_eq!(run.stdout, "catalog demo {\n  locales en\n}\n");
    let run = errgen_in(dir.path(), &["check", "a.errors", "a.errors"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("checked 1 file: no problems"),
        "{}",
        run.stderr
    );
}

/// Two folders are two versions of a workspace (a folder given to `diff`
/// was "cannot read `errors`: Is a directory"); a folder and a file are a
/// usage error.
#[test]
fn diff_compares_two_folders_of_catalogs() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["old", "new"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    std::fs::write(dir.path().join("old/a.errors"), VALID).unwrap();
    std::fs::write(dir.path().join("new/a.errors"), VALID).unwrap();
    let other = VALID
        .replace("catalog demo", "catalog other")
        .replace("A_1", "B_1");
    std::fs::write(dir.path().join("old/b.errors"), &other).unwrap();
    errgen_in(dir.path(), &["diff", "old", "new"], b"")
        .expect_code(0)
        .expect_stderr(
            true,
            &["1 breaking and 0 safe change(s) from `old` to `new`"],
        );
    let run = errgen_in(dir.path(), &["diff", "old", "new", "--breaking"], b"");
    run.expect_code(1);
    assert!(
        run.stdout
            .starts_with("breaking[W0091 catalog-removed, wire]: catalog `other` was removed"),
        "{}",
        run.stdout
    );
    errgen_in(dir.path(), &["diff", "old", "new/a.errors"], b"")
        .expect_code(2)
        .expect_stderr(true, &["`old` is a folder and `new/a.errors` is not"]);
}

/// Standard input holds one version: `diff - -` read it for the old one
/// and then said the empty new one "does not parse".
#[test]
fn diff_of_standard_input_twice_is_a_usage_error() {
    let run = errgen(&["diff", "-", "-"], DEMO.as_bytes());
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("both versions are `-`: standard input gives one"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("does not parse"), "{}", run.stderr);
    // One of them from standard input still works.
    let old = std::fs::read("examples/autoscorer-v1.errors").unwrap();
    let run = errgen(&["diff", "-", "examples/autoscorer.errors"], &old);
    assert!(
        run.stdout.contains("code `EXEC_ERROR` was removed"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn diff_safe_changes_pass_and_print_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.errors"), DEMO).unwrap();
    let reworded = DEMO.replace("No {item} here.", "Nothing called {item}.");
    let new = format!("{reworded}\nerror gone = \"DEMO_002\" {{\n  message en \"Gone.\"\n  message zh \"没了。\"\n}}\n");
    std::fs::write(dir.path().join("new.errors"), new).unwrap();
    let run = errgen_in(
        dir.path(),
        &[
            "diff",
            "old.errors",
            "new.errors",
            "--breaking",
            "--message-format",
            "json",
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let kinds: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The diagnostics' JSON: safe changes are notes of their change rule.
    assert_eq!(kinds.len(), 2, "{}", run.stdout);
    assert!(kinds.iter().all(|k| k["severity"] == "note"));
    assert!(kinds.iter().any(|k| k["rule"] == "code-added"
        && k["code"] == "N0066"
        && k["message"] == "code `DEMO_002` (`gone`) was added"
        && k["file"] == "new.errors"
        && k["line"].is_u64()
        && k["notes"][0] == "category `wire`; safe for deployed clients"));
    assert!(kinds.iter().any(|k| k["rule"] == "message-reworded"
        && k["file"] == "new.errors"
        && k["labels"][0]["file"] == "old.errors"
        && k["labels"][0]["message"] == "before"));
}

/// `--breaking CATEGORY` fails only on the breaking changes of the
/// categories named, which become errors; the others stay warnings.
#[test]
fn diff_breaking_selects_categories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.errors"), DEMO).unwrap();
    // A renamed entry: generated code breaks, the wire does not.
    let renamed = DEMO.replacen("error not_found", "error missing", 1);
    assert_ne!(renamed, DEMO);
    std::fs::write(dir.path().join("new.errors"), renamed).unwrap();
    let args = ["diff", "old.errors", "new.errors"];
    let run = errgen_in(
        dir.path(),
        &[&args[..], &["--breaking", "wire"]].concat(),
        b"",
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("breaking[W0052 entry-renamed, code]: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("errgen: 0 of them breaking in the categories asked for (wire)"),
        "{}",
        run.stderr
    );
    for breaking in [
        &["--breaking", "code"][..],
        &["--breaking=wire,code"],
        &["--breaking"],
    ] {
        let run = errgen_in(dir.path(), &[&args[..], breaking].concat(), b"");
        assert_eq!(run.code, 1, "{breaking:?}: {}", run.stderr);
    }
    let run = errgen_in(
        dir.path(),
        &[
            &args[..],
            &["--breaking", "code", "--message-format", "json"],
        ]
        .concat(),
        b"",
    );
    let d: serde_json::Value = serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&d["rule"], &d["code"], &d["severity"]),
        (
            &serde_json::json!("entry-renamed"),
            &serde_json::json!("W0052"),
            &serde_json::json!("error")
        )
    );
    let run = errgen_in(
        dir.path(),
        &[&args[..], &["--breaking", "wires"]].concat(),
        b"",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("categories are wire, code, docs"),
        "{}",
        run.stderr
    );
    // Each change rule has its page.
    let run = errgen(&["explain", "W0052"], b"");
    assert!(
        run.stdout.starts_with("# W0052 entry-renamed (warning)"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_reads_versions_from_git() {
    let run = errgen(
        &[
            "diff",
            "git:HEAD:examples/k12.errors",
            "examples/k12.errors",
            "--breaking",
        ],
        b"",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = errgen(
        &[
            "diff",
            "git:no-such-ref:examples/k12.errors",
            "examples/k12.errors",
        ],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("git cannot read"), "{}", run.stderr);
    let run = errgen(&["diff", "git:HEAD", "examples/k12.errors"], b"");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("write `git:REF:path`"),
        "{}",
        run.stderr
    );
    // A folder at a revision is a workspace: the examples at HEAD against
    // the working tree (the same in a fresh clone; no catalog removed).
    let run = errgen(
        &["diff", "git:HEAD:examples", "examples", "--breaking"],
        b"",
    );
    run.expect_code(0);
    assert!(!run.stdout.contains("catalog-removed"), "{}", run.stdout);
    errgen(&["diff", "git:HEAD:examples/", "examples/k12.errors"], b"")
        .expect_code(2)
        .expect_stderr(true, &["`git:HEAD:examples/` is a folder and"]);
}

/// `git:REF:path` never lets REF reach git as an option: `--output=FILE`
/// would make `git show` write FILE.
#[test]
fn diff_refuses_a_git_ref_that_looks_like_an_option() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x");
    let spec = format!("git:--output={}:Cargo.toml", target.display());
    let run = errgen(&["diff", &spec, "examples/k12.errors"], b"");
    assert_no_panic(&run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a git revision cannot start with `-`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "git wrote a file"
    );
}

#[test]
fn diff_refuses_catalogs_with_errors() {
    let run = errgen(
        &[
            "diff",
            "tests/fixtures/defects/optverse.errors",
            "examples/optverse.errors",
        ],
        b"",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot compare"), "{}", run.stderr);
}

/// Every command whose main output is standard output fails with exit 2 when
/// it cannot be written (a full disk: /dev/full), instead of exiting 0 with
/// an empty file (`errgen fmt a > t && mv t a` would empty the catalog).
#[test]
fn a_failed_write_of_standard_output_is_exit_2() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: this system has no /dev/full");
        return;
    }
    let commands: &[&[&str]] = &[
        &["fmt", "examples/k12.errors"],
        &["import", "tests/fixtures/import/placeholders.md"],
        &["explain", "E0005"],
        &["explain", "OptVerse_10000004"],
        &[
            "check",
            "tests/fixtures/rules/duplicate-code.errors",
            "--message-format",
            "json",
        ],
        &[
            "compile",
            "tests/fixtures/rules/duplicate-code.errors",
            "--message-format",
            "json",
        ],
        &[
            "diff",
            "examples/autoscorer-v1.errors",
            "examples/autoscorer.errors",
        ],
    ];
    for args in commands {
        let out = Command::new(env!("CARGO_BIN_EXE_errgen"))
            .args(*args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(full).unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("errgen: error: cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn colours_only_on_a_terminal_or_when_forced() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_errgen"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let piped = run(&["check", "tests/fixtures/rules/syntax.errors"]);
    assert!(piped.starts_with("error[E0001]"), "{piped}");
    assert!(!piped.contains('\x1b'), "no colour into a pipe");
    let forced = run(&[
        "--color",
        "always",
        "check",
        "tests/fixtures/rules/syntax.errors",
    ]);
    assert!(forced.contains("\x1b["), "{forced}");
    let never = run(&[
        "--color",
        "never",
        "check",
        "tests/fixtures/rules/syntax.errors",
    ]);
    assert!(!never.contains('\x1b'));
}

#[test]
fn openapi_of_long_and_control_character_codes() {
    // The reproductions, end to end. A code of 200 NULs is a
    // malformed-code error: nothing is written, no panic, in either format.
    let dir = tempfile::tempdir().unwrap();
    let nul = "\\0".repeat(200);
    let long = "C".repeat(1025);
    for format in ["yaml", "json"] {
        let source = format!(
            "catalog demo {{\n  option openapi.format \"{format}\"\n}}\n\nerror a = \"{nul}\" {{\n  message \"A.\"\n}}\n"
        );
        std::fs::write(dir.path().join("nul.errors"), source).unwrap();
        let run = errgen_in(
            dir.path(),
            &[
                "compile",
                "nul.errors",
                "--out",
                "nul",
                "--target",
                "openapi",
            ],
            b"",
        );
        assert_no_panic(&run);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("E0005"), "{}", run.stderr);
        assert!(!dir.path().join("nul").exists());

        // A 1,025-character code compiles into a document that parses.
        let source = format!(
            "catalog demo {{\n  option openapi.format \"{format}\"\n}}\n\nerror a = \"{long}\" {{\n  http 400\n  message \"A.\"\n}}\n"
        );
        std::fs::write(dir.path().join("long.errors"), source).unwrap();
        let run = errgen_in(
            dir.path(),
            &[
                "compile",
                "long.errors",
                "--out",
                "long",
                "--target",
                "openapi",
            ],
            b"",
        );
        assert_no_panic(&run);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = dir
            .path()
            .join(format!("long/openapi/demo.openapi.{format}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_json::Value = if format == "json" {
            serde_json::from_str(&text).unwrap()
        } else {
            yaml_serde::from_str(&text).unwrap()
        };
        let examples =
            &doc["components"]["responses"]["DemoA"]["content"]["application/json"]["examples"];
        assert_eq!(examples[&long]["value"]["code"], long.as_str());
    }
}

/// The fixture pair of `version-bump`: a released catalog and its next
/// version, which breaks clients under a minor bump.
fn version_bump_pair() -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/version-bump");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    (read("released.errors"), read("next.errors"))
}

#[test]
fn diff_reports_a_missing_major_bump_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let (released, next) = version_bump_pair();
    std::fs::write(dir.path().join("old.errors"), &released).unwrap();
    std::fs::write(dir.path().join("new.errors"), &next).unwrap();
    let args = ["diff", "old.errors", "new.errors"];
    let run = errgen_in(dir.path(), &args, b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[W0032]: catalog `scoring` has 3 breaking changes since 1.2.0, but 1.3.0 is not a major version bump"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> new.errors:3:3"), "{}", run.stderr);
    let run = errgen_in(
        dir.path(),
        &[&args[..], &["--message-format", "json"]].concat(),
        b"",
    );
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let last = lines.last().unwrap();
    assert_eq!(last["code"], "W0032", "{}", run.stdout);
    assert_eq!(last["rule"], "version-bump");
    assert_eq!(last["severity"], "warning");
    assert_eq!(last["labels"][0]["file"], "old.errors");
    // Changes first, each once; the diagnostic is the only other line.
    assert_eq!(
        lines
            .iter()
            .filter(
                |l| l["code"] != "W0032" && l["notes"][0].as_str().unwrap().starts_with("category")
            )
            .count(),
        lines.len() - 1
    );
    // With its major bump, nothing is said.
    std::fs::write(
        dir.path().join("new.errors"),
        next.replace("1.3.0", "2.0.0"),
    )
    .unwrap();
    let run = errgen_in(dir.path(), &args, b"");
    assert!(!run.stderr.contains("W0032"), "{}", run.stderr);
}

#[test]
fn check_compares_with_the_baseline_of_errgen_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let (released, next) = version_bump_pair();
    std::fs::create_dir(dir.path().join("released")).unwrap();
    std::fs::write(dir.path().join("released/scoring.errors"), &released).unwrap();
    std::fs::write(dir.path().join("scoring.errors"), &next).unwrap();
    // A catalog the baseline lacks is new: not compared.
    std::fs::write(dir.path().join("new.errors"), VALID).unwrap();
    let yaml =
        "catalogs:\n  - path: scoring.errors\n  - path: new.errors\ncheck:\n  baseline: released\n";
    std::fs::write(dir.path().join("errgen.yaml"), yaml).unwrap();
    let run = errgen_in(dir.path(), &["check"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning[W0032]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> scoring.errors:3:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("::: released/scoring.errors:3:3"),
        "{}",
        run.stderr
    );
    // The released version is read, not checked: two catalogs were.
    assert!(
        run.stderr.contains("errgen: checked 2 files: 1 warning"),
        "{}",
        run.stderr
    );
    // Nothing of diff's own output.
    assert!(!run.stderr.contains("breaking[W"), "{}", run.stderr);
    let run = errgen_in(dir.path(), &["check", "--deny", "warnings"], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = errgen_in(dir.path(), &["check", "--message-format", "json"], b"");
    let found: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(found["rule"], "version-bump");
    // `check.allow` silences it like any warning.
    std::fs::write(
        dir.path().join("errgen.yaml"),
        format!("{yaml}  allow: [version-bump]\n"),
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["check", "--deny", "warnings"], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A baseline that is not there is a config error on its line.
    std::fs::write(
        dir.path().join("errgen.yaml"),
        yaml.replace("baseline: released", "baseline: releases"),
    )
    .unwrap();
    let run = errgen_in(dir.path(), &["check"], b"");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[E0025]: the baseline `releases` does not exist"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> errgen.yaml:5:13"),
        "{}",
        run.stderr
    );
}
