//! `errgen check --refs`: codes that source files refer to but no catalog
//! declares (W0033 undeclared-code), and declared codes no file uses
//! (N0034 unused-code). The fixture in `tests/fixtures/refs/` has a file per
//! language, with traps (codes in comments, ports, timestamps, codes inside
//! longer words, placeholders); the seeds' code examples must give their
//! real undeclared codes and nothing else.

use errgen::diagnostic::{Diagnostic, Rule};
use errgen::import::{import, Options};
use errgen::refs::{Lang, Refs};
use errgen::workspace::Workspace;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn errgen_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("errgen runs");
    Run {
        code: out.status.code().expect("errgen exits"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn errgen(args: &[&str]) -> Run {
    errgen_in(root(), args)
}

/// The catalog files of a folder, sorted (the shell's `*.errors`).
fn errors_in(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "errors"))
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    files
}

/// `(file, code)` of every W0033 in JSON output.
fn undeclared(json: &str) -> Vec<(String, String)> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|d| d["rule"] == "undeclared-code")
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let code = message.split('`').nth(1).unwrap().to_owned();
            (d["file"].as_str().unwrap().to_owned(), code)
        })
        .collect()
}

fn rules_of(json: &str, rule: &str) -> Vec<String> {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .split('`')
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn fixture_args(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check".to_owned()];
    args.extend(errors_in("tests/fixtures/refs/catalogs"));
    args.extend(["--refs", "tests/fixtures/refs/src"].map(str::to_owned));
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

#[test]
fn the_fixture_reports_its_undeclared_and_unused_codes() {
    let args = fixture_args(&["--message-format", "json"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = errgen(&args);
    assert_eq!(
        run.code, 0,
        "warnings and notes do not fail: {}",
        run.stderr
    );
    let src = "tests/fixtures/refs/src";
    let expected: Vec<(String, String)> = [
        ("courier.rs", "PARCEL_0777"),
        ("docs/errors.md", "PARCEL_0888"),
        ("web/responses.json", "PARCEL.0010"),
        ("web/tracker.ts", "42077"),
        ("worker.py", "42999"),
        ("worker.py", "RUN_STUCK"),
    ]
    .iter()
    .map(|(f, c)| (format!("{src}/{f}"), (*c).to_owned()))
    .collect();
    assert_eq!(undeclared(&run.stdout), expected, "{}", run.stdout);
    assert_eq!(
        rules_of(&run.stdout, "unused-code"),
        ["RUN_CANCELLED", "PARCEL_0004"],
        "a deprecated entry (PARCEL_0005) is not reported"
    );
    insta::assert_snapshot!("fixture_json", run.stdout);

    let args = fixture_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = errgen(&args);
    insta::assert_snapshot!("fixture_human", run.stderr);
}

#[test]
fn deny_warnings_fails_on_undeclared_codes_and_allow_silences_them() {
    let args = fixture_args(&["--deny", "warnings"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = errgen(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[W0033]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("note[N0034]"),
        "notes stay notes: {}",
        run.stderr
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("errgen.yaml"),
        "catalogs:\n  - path: parcel.errors\ncheck:\n  deny_warnings: true\n  allow: [undeclared-code]\n",
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/refs/catalogs/parcel.errors"),
        dir.path().join("parcel.errors"),
    )
    .unwrap();
    let src = root().join("tests/fixtures/refs/src");
    let run = errgen_in(dir.path(), &["check", "--refs", src.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("W0033"), "{}", run.stderr);
    assert!(run.stderr.contains("N0034"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let run = errgen(&["check", "examples/k12.errors", "--refs", "no/such/folder"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read `no/such/folder`"),
        "{}",
        run.stderr
    );
}

/// `--refs` takes every path after it, so a catalog written there is a
/// mistake of order: said so, rather than scanned as a source while the
/// catalogs of errgen.yaml (here the bundled examples) are checked instead.
#[test]
fn a_catalog_after_refs_is_a_usage_error() {
    let run = errgen(&[
        "check",
        "--refs",
        "tests/fixtures/refs/src",
        "examples/k12.errors",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`examples/k12.errors` is a catalog, but it comes after `--refs`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("checked"), "{}", run.stderr);
}

/// A folder with nothing to scan (only `.txt` here) is said to be one, and
/// does not make every declared code "used by no scanned file".
#[test]
fn a_folder_with_no_source_file_reports_no_unused_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "100101 is returned when…\n").unwrap();
    let folder = dir.path().to_string_lossy().into_owned();
    let run = errgen(&[
        "check",
        "examples/k12.errors",
        "--refs",
        &folder,
        "--message-format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        rules_of(&run.stdout, "unused-code").is_empty(),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("scanned 0 source files")
            && run.stderr.contains("--refs found no file to scan"),
        "{}",
        run.stderr
    );
}

/// The walk: `.gitignore` honoured (outside a git repository too),
/// `target/`, `node_modules/` and hidden folders skipped, other extensions
/// left out, symbolic links not followed, a file that is not UTF-8 skipped
/// with a note; a file named on the command line is read whatever its
/// extension.
#[test]
fn the_walk_skips_what_a_build_or_git_would() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    let outside = dir.path().join("outside");
    for sub in [
        "src",
        "target/debug",
        "node_modules/pkg",
        ".git",
        ".cache",
        "gen",
    ] {
        std::fs::create_dir_all(tree.join(sub)).unwrap();
    }
    std::fs::create_dir_all(&outside).unwrap();
    let code = |n: u32| format!("const c = \"PARCEL_{n:04}\";\n");
    std::fs::write(tree.join("src/app.ts"), code(701)).unwrap();
    std::fs::write(tree.join("target/debug/out.js"), code(702)).unwrap();
    std::fs::write(tree.join("node_modules/pkg/index.js"), code(703)).unwrap();
    std::fs::write(tree.join(".git/hook.js"), code(704)).unwrap();
    std::fs::write(tree.join(".cache/x.js"), code(705)).unwrap();
    std::fs::write(tree.join("gen/api.js"), code(706)).unwrap();
    std::fs::write(tree.join(".gitignore"), "gen/\n").unwrap();
    std::fs::write(tree.join("src/notes.txt"), code(707)).unwrap();
    let mut latin1 = code(708).into_bytes();
    latin1.extend(b"// caf\xE9\n");
    std::fs::write(tree.join("src/latin1.js"), latin1).unwrap();
    std::fs::write(outside.join("far.js"), code(709)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, tree.join("src/link")).unwrap();
        std::os::unix::fs::symlink(outside.join("far.js"), tree.join("src/far.js")).unwrap();
    }
    let named = dir.path().join("named.txt");
    std::fs::write(&named, "The depot answers PARCEL_0710.\n").unwrap();

    let catalog = root().join("tests/fixtures/refs/catalogs/parcel.errors");
    let run = errgen(&[
        "check",
        catalog.to_str().unwrap(),
        "--message-format",
        "json",
        "--refs",
        tree.to_str().unwrap(),
        named.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let codes: Vec<String> = undeclared(&run.stdout)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    assert_eq!(codes, ["PARCEL_0701", "PARCEL_0710"], "{}", run.stdout);
    assert!(
        run.stderr.contains("latin1.js`: not UTF-8 text"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_examples_refer_to_no_undeclared_code_of_their_own() {
    // The example catalogs and the generator tests' fixtures (which the
    // consumer crate compiles too) against the consumer crate and the
    // TypeScript tests. (edge-usage.ts uses `GONE` of the catalog that
    // tests/generate_ts.rs writes for the edge cases; the nested fixture has
    // a `GONE` too.) What remains is explained: `999999` and
    // `OptVerse_1212080009` (neither a code nor an alias) are the unknown
    // codes usage.ts checks the envelope guards with; the decoding tests
    // (the consumer's decode.rs, decode-usage.ts) send codes of a newer
    // server, which decode as unknown, and `X` in a body that is no envelope.
    let mut args = vec!["check".to_owned()];
    args.extend(errors_in("examples"));
    args.extend(errors_in("examples/consumer/catalogs"));
    args.extend(errors_in("examples/consumer/errors"));
    args.extend(errors_in("tests/fixtures/codegen"));
    args.push("tests/fixtures/syntax/every-item.errors".to_owned());
    args.extend(
        [
            "--message-format",
            "json",
            "--refs",
            "examples/consumer",
            "tests/ts",
        ]
        .map(str::to_owned),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = errgen(&args);
    let found: Vec<(String, String)> = undeclared(&run.stdout);
    let decode_rs = "examples/consumer/tests/decode.rs";
    let decode_ts = "tests/ts/decode-usage.ts";
    let expected: Vec<(String, String)> = [
        (decode_rs, "100777"),
        (decode_rs, "100777"),
        (decode_rs, "100777"),
        (decode_rs, "SCORER_GPU_LOST"),
        (decode_rs, "s_agent_newthing"),
        (decode_rs, "PIPELINE_NEW"),
        (decode_rs, "OptVerse_99999999"),
        (decode_rs, "OptVerse_99999999"),
        (decode_rs, "100003"),
        (decode_ts, "X"),
        (decode_ts, "SCORER_GPU_LOST"),
        (decode_ts, "100777"),
        (decode_ts, "PIPELINE_NEW"),
        (decode_ts, "OptVerse_99999999"),
        (decode_ts, "OptVerse_99999999"),
        ("tests/ts/usage.ts", "999999"),
        ("tests/ts/usage.ts", "OptVerse_1212080009"),
    ]
    .iter()
    .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(found, expected, "{}", run.stdout);

    // Without the consumer's own catalogs its codes are undeclared, as they
    // should be.
    let mut args = vec!["check".to_owned()];
    args.extend(errors_in("examples"));
    args.extend(["--message-format", "json", "--refs", "examples/consumer"].map(str::to_owned));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = errgen(&args);
    let codes: BTreeSet<String> = undeclared(&run.stdout)
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    // (`100001` is `legacy`'s, in the shape of k12's six digits, and
    // `EV_1002` the every-statement fixture's; the rest are the newer
    // server's codes of decode.rs, as above.)
    assert_eq!(
        codes,
        BTreeSet::from(
            [
                "100001",
                "100003",
                "100777",
                "EV_1002",
                "OptVerse_99999999",
                "PIPELINE_NEW",
                "SCORER_GPU_LOST",
                "SHOP_0001",
                "SHOP_0101",
                "s_agent_newthing",
            ]
            .map(str::to_owned)
        ),
        "{}",
        run.stdout
    );
}

/// The seed folder (`ERRGEN_SEEDS`), or `None` with a line saying why the
/// test is skipped.
fn seeds() -> Option<Vec<PathBuf>> {
    let Some(dir) = std::env::var_os("ERRGEN_SEEDS") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "ERRGEN_SEEDS must name the seed folder on CI (.ci/run sets it)"
        );
        eprintln!("skipped: the seeds are needed and ERRGEN_SEEDS is not set");
        return None;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .expect("ERRGEN_SEEDS can be read")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "{paths:?}");
    Some(paths)
}

/// The five seeds imported into one workspace, then their documents (the
/// code examples of the seeds are inside them) scanned as Markdown. The
/// runtime-only `100499` of seed 000, `PIPELINE_ERROR` of seed 001 and
/// `JOB_MANAGER.12050009` of seed 004's example body are each reported,
/// by `check --refs` when no catalog declares them, or by `import`, which
/// declares a code it finds only in an example with a warning that says
/// so; `check --refs` finds nothing else, not the `STRING_CODE` placeholder
/// of seed 001's schema, nor kubeflow's `"code": 13`.
#[test]
fn the_seeds_code_examples_give_their_undeclared_codes() {
    let Some(paths) = seeds() else { return };
    let names = [
        "k12",
        "autoscorer",
        "function_service",
        "pipelines",
        "optverse",
    ];
    let mut workspace = Workspace::new();
    let mut documents = Vec::new();
    let mut import_warnings = Vec::new();
    for (path, name) in paths.iter().zip(names) {
        let bytes = std::fs::read(path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let options = Options {
            name: Some(name.to_owned()),
            ..Options::default()
        };
        let imported = import(&file, &bytes, &options).unwrap();
        import_warnings.extend(
            imported
                .notes
                .iter()
                .filter(|n| n.severity == errgen::diagnostic::Severity::Warning)
                .map(|n| n.message.clone()),
        );
        workspace.add_bytes(&format!("{name}.errors"), None, imported.text.as_bytes());
        documents.push((file, bytes));
    }
    let mut analysis = workspace.analyze();
    assert_eq!(analysis.catalogs.len(), 5);
    let mut refs = Refs::new(&analysis.catalogs);
    for (file, bytes) in &documents {
        refs.scan(file, None, Lang::Markdown, bytes, &mut analysis.sources)
            .unwrap();
    }
    let diagnostics: Vec<Diagnostic> = refs.finish();
    let found: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| d.rule == Rule::UndeclaredCode)
        .map(|d| analysis.sources.slice(d.primary.span).to_owned())
        .collect();
    let declared = |code: &str| {
        analysis
            .catalogs
            .iter()
            .any(|c| c.entries.iter().any(|e| e.code.to_string() == code))
    };
    for code in ["100499", "PIPELINE_ERROR", "JOB_MANAGER.12050009"] {
        if declared(code) {
            assert!(
                import_warnings.iter().any(|w| w.contains(code)),
                "`{code}` is declared by import without a warning: {import_warnings:#?}"
            );
            assert!(!found.contains(code), "`{code}` is declared: {found:?}");
        } else {
            assert!(found.contains(code), "`{code}` is not reported: {found:?}");
        }
    }
    let undeclared: BTreeSet<&str> = ["100499", "PIPELINE_ERROR", "JOB_MANAGER.12050009"]
        .into_iter()
        .filter(|code| !declared(code))
        .collect();
    assert_eq!(
        found.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        undeclared,
        "check --refs reports nothing else"
    );
    // (How a finding in a scanned file renders: the fixture's snapshots.)
    // Codes the examples return are used (and the k12 table's numbers too:
    // a number that is a declared code counts as a use); the function
    // service's table lists its codes as bare words, which are no
    // reference, so they are noted.
    let unused: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| d.rule == Rule::UnusedCode)
        .map(|d| analysis.sources.slice(d.primary.span).to_owned())
        .collect();
    for used in ["100101", "100102", "100201", "\"CONTAINER_EXIT_NONZERO\""] {
        assert!(!unused.contains(used), "{used} is used by an example");
    }
    assert!(unused.contains("\"b_user_rolenotfound\""), "{unused:?}");
}

#[path = "support/linear.rs"]
mod linear;

/// The catalogs of the fixture, analyzed.
fn fixture_catalogs() -> errgen::workspace::Analysis {
    let mut workspace = Workspace::new();
    for file in errors_in("tests/fixtures/refs/catalogs") {
        workspace.add_path(&root().join(file)).unwrap();
    }
    workspace.analyze()
}

/// Scans `bytes` as every language; returns the diagnostics of the last.
fn scan_all(analysis: &mut errgen::workspace::Analysis, bytes: &[u8]) -> usize {
    let mut n = 0;
    for lang in [
        Lang::Rust,
        Lang::JavaScript,
        Lang::Python,
        Lang::Json,
        Lang::Markdown,
    ] {
        let mut refs = Refs::new(&analysis.catalogs);
        let _ = refs.scan("t", None, lang, bytes, &mut analysis.sources);
        n += refs.finish().len();
    }
    n
}

/// Inputs that would make a careless scanner quadratic: one long word that
/// holds `code` keys, prefixes and quotes over and over, unclosed comments
/// and strings.
#[test]
fn the_scanner_is_linear_on_hostile_lines() {
    let analysis = std::cell::RefCell::new(fixture_catalogs());
    for unit in [
        "codecode",
        "PARCEL_",
        "PARCEL_1",
        "\"code\":\"",
        "r#\"\"",
        "/*/*",
        "'''\"",
        "code: 42001 ",
        "`PARCEL_0001` ",
    ] {
        linear::assert_linear(
            unit,
            2_000,
            |n| unit.repeat(n).into_bytes(),
            |bytes| {
                scan_all(&mut analysis.borrow_mut(), bytes);
            },
        );
    }
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever the bytes, the scanner answers (a finding or none, a file
    /// skipped when it is not UTF-8) and never panics.
    #[test]
    fn the_scanner_never_panics(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![
                    "\"", "'", "`", "#", "//", "/*", "*/", "r#\"", "\"#", "\\", "\n", " ",
                    "code", "error_code", ":", "=", "==", "!==", "PARCEL_", "0001", "42001",
                    "RUN_", "TIMEOUT", "'''", "\"\"\"", "é", "\u{FEFF}",
                ]).prop_map(|s| s.as_bytes().to_vec()),
                proptest::collection::vec(proptest::num::u8::ANY, 0..4),
            ],
            0..64,
        )
    ) {
        let bytes: Vec<u8> = parts.concat();
        let mut analysis = fixture_catalogs();
        scan_all(&mut analysis, &bytes);
    }
}

/// A published alias is a declared code: a file that sends or matches it
/// refers to its entry, which is then used, and no `undeclared-code`.
#[test]
fn an_alias_is_a_use_of_its_entry() {
    let catalog = "catalog shop {\n  format \"SHOP_{digits:4}\"\n}\nerror sold_out = \"SHOP_0001\" {\n  alias \"SHOP_01\" \"the 1.x code\"\n  message en \"Sold out.\"\n}\nerror closed = \"SHOP_0002\" {\n  message en \"Closed.\"\n}\n";
    let mut workspace = Workspace::new();
    workspace.add_bytes("shop.errors", None, catalog.as_bytes());
    let mut analysis = workspace.analyze();
    assert!(
        analysis.diagnostics.is_empty(),
        "{:?}",
        analysis.diagnostics
    );
    let mut refs = Refs::new(&analysis.catalogs);
    let source = b"if err.code == \"SHOP_01\":\n    retry()\n";
    refs.scan("old.py", None, Lang::Python, source, &mut analysis.sources)
        .unwrap();
    let found: Vec<(Rule, String)> = refs
        .finish()
        .into_iter()
        .map(|d| (d.rule, d.message))
        .collect();
    assert_eq!(
        found,
        [(
            Rule::UnusedCode,
            "`SHOP_0002` is used by no scanned file".to_owned()
        )]
    );
}
