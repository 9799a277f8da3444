//! `errgen import`: every seed page imports to a canonical catalog that
//! parses and keeps every code of its tables, and `errgen check` on the
//! result reports the seeds' real defects and nothing else. Edge cases have
//! small fixtures of their own in `tests/fixtures/import/`.
//!
//! The seeds are read from the folder named by `ERRGEN_SEEDS` (`.ci/run`
//! sets it to `../shared/seeds`, relative paths taken from the checkout);
//! they are never copied into the project. Without it, the tests that need
//! them say they were skipped and why — except under CI, where a missing
//! folder fails.

use errgen::diagnostic::Rule;
use errgen::import::{decode_inline, import, ColumnMapping, ImportError, Imported, Options};
use errgen::ir::Code;
use errgen::parse::parse;
use errgen::source::FileId;
use errgen::workspace::{Analysis, Workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The seed whose file name starts with `number` (`"004"`), or `None` (with
/// a line saying why the test is skipped) when `ERRGEN_SEEDS` is not set.
fn seed_path(number: &str) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("ERRGEN_SEEDS") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "ERRGEN_SEEDS must name the seed folder on CI (.ci/run sets it)"
        );
        eprintln!(
            "skipped: seed {number} is needed and ERRGEN_SEEDS is not set \
             (set it to the folder of the seed documents, e.g. ../shared/seeds)"
        );
        return None;
    };
    let dir = root().join(dir);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "ERRGEN_SEEDS names {}, which cannot be read: {e}",
            dir.display()
        )
    });
    let found = entries
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{number}_")))
        })
        .unwrap_or_else(|| panic!("no seed {number}_* in {}", dir.display()));
    Some(found)
}

fn read(path: &Path) -> (String, Vec<u8>) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read(path).unwrap())
}

fn import_named(file: &str, bytes: &[u8], name: &str) -> Imported {
    let options = Options {
        name: Some(name.to_owned()),
        ..Options::default()
    };
    import(file, bytes, &options).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Parses and checks an imported catalog.
fn analyze(text: &str) -> Analysis {
    let mut workspace = Workspace::new();
    workspace.add_bytes("imported.errors", None, text.as_bytes());
    workspace.analyze()
}

/// How many diagnostics each `severity rule` has.
fn tally(analysis: &Analysis) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in &analysis.diagnostics {
        *out.entry(format!("{} {}", d.severity, d.rule.name()))
            .or_default() += 1;
    }
    out
}

fn tally_of(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

/// The output parses and is already in canonical form.
fn assert_canonical(text: &str) {
    let file = parse(FileId(0), text)
        .unwrap_or_else(|d| panic!("the import does not parse: {}\n{text}", d.message));
    assert_eq!(errgen::fmt::format(&file, text), text, "not canonical");
}

/// Whether the imported catalog has `code` as an entry or a reserved code.
fn holds(analysis: &Analysis, code: &str) -> bool {
    let catalog = &analysis.catalogs[0];
    let wanted = match code.parse::<u64>() {
        Ok(n) if catalog.code_kind == errgen::ir::CodeKind::Integer => Code::Int(n),
        _ => Code::Str(code.to_owned()),
    };
    catalog.entries.iter().any(|e| e.code == wanted)
        || catalog.reserved.iter().any(|r| r.covers(&wanted))
}

/// The codes of a page's tables, found independently of the importer: in
/// each pipe row, the first cell that `is_code` accepts (backticks and `**`
/// removed).
fn table_codes(text: &str, is_code: fn(&str) -> bool) -> Vec<String> {
    let mut codes = Vec::new();
    for line in text.lines() {
        if !line.contains('|') {
            continue;
        }
        let first = line
            .split('|')
            .map(|cell| cell.trim().trim_matches('`').trim_matches('*'))
            .find(|cell| is_code(cell));
        codes.extend(first.map(str::to_owned));
    }
    codes
}

fn notes(imported: &Imported, file: &str) -> String {
    imported
        .notes
        .iter()
        .map(|n| imported.short(n, file))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Imports a seed, checks the invariants every import must keep, snapshots
/// the catalog and the notes, and returns the analysis of the result.
fn seed(number: &str, name: &str, is_code: fn(&str) -> bool, codes: usize) -> Option<Analysis> {
    let (file, bytes) = read(&seed_path(number)?);
    let imported = import_named(&file, &bytes, name);
    assert_canonical(&imported.text);
    insta::assert_snapshot!(format!("seed_{number}"), imported.text);
    insta::assert_snapshot!(format!("seed_{number}.notes"), notes(&imported, &file));

    let analysis = analyze(&imported.text);
    assert_eq!(analysis.catalogs.len(), 1, "{:?}", analysis.diagnostics);
    let expected = table_codes(&String::from_utf8_lossy(&bytes), is_code);
    assert_eq!(expected.len(), codes, "the seed's codes: {expected:?}");
    for code in &expected {
        assert!(holds(&analysis, code), "seed {number}: `{code}` was lost");
    }
    Some(analysis)
}

fn is_digits6(c: &str) -> bool {
    c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())
}

fn is_upper_code(c: &str) -> bool {
    c.len() > 3
        && c.contains('_')
        && c.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

fn is_layered(c: &str) -> bool {
    let parts: Vec<&str> = c.split('_').collect();
    parts.len() == 3
        && ["b", "p", "s"].contains(&parts[0])
        && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

fn is_optverse(c: &str) -> bool {
    c.starts_with("OptVerse_") || c.starts_with("JOB_MANAGER_")
}

#[test]
fn seed_000_k12() {
    let Some(analysis) = seed("000", "k12", is_digits6, 19) else {
        return;
    };
    // `100499` is returned at run time (a JSON example of the page) and is in
    // no table: it is imported, English only, with the `xxxx` the page put
    // in place of a repository name.
    assert_eq!(
        tally(&analysis),
        tally_of(&[
            ("warning foreign-placeholder", 1),
            ("warning missing-translation", 1)
        ]),
        "{:#?}",
        analysis.diagnostics
    );
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.locales, ["en", "zh"]);
    assert_eq!(catalog.entries.len(), 8);
    let runtime = catalog
        .entries
        .iter()
        .find(|e| e.code == Code::Int(100499))
        .expect("the code of the JSON example");
    assert!(runtime.messages[0]
        .text
        .starts_with("404 Client Error: Not Found"));
    assert_eq!(catalog.entries[0].kind, errgen::ir::EntryKind::Success);
}

#[test]
fn seed_001_autoscorer() {
    // All six tables of the v2 convention, the v1 bullet list at the end
    // (whose CONTAINER_WAIT_FAILED and EXEC_ERROR no table has) and the
    // failure callback's JSON example (PIPELINE_ERROR, in nothing else). The
    // codes that lack their category's prefix are the real defects `errgen
    // check` must list; PIPELINE_ERROR has no message anywhere.
    let Some(analysis) = seed(
        "001",
        "autoscorer",
        |c| is_upper_code(c) || c == "MISMATCH",
        29,
    ) else {
        return;
    };
    assert_eq!(
        tally(&analysis),
        tally_of(&[("error malformed-code", 15), ("warning empty-entry", 1)]),
        "{:#?}",
        analysis.diagnostics
    );
    let catalog = &analysis.catalogs[0];
    let prefixes: Vec<&str> = catalog
        .groups
        .iter()
        .filter_map(|g| g.prefix.as_deref())
        .collect();
    assert_eq!(
        prefixes,
        [
            "CONFIG_",
            "WORKSPACE_",
            "CONTAINER_",
            "SCORE_",
            "K8S_",
            "SCORER_MGMT_"
        ]
    );
    let malformed: Vec<&str> = analysis
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(malformed
        .iter()
        .any(|m| m.contains("`MISSING_FILE` does not start with its group's prefix `WORKSPACE_`")));
    assert!(malformed
        .iter()
        .any(|m| m
            .contains("`FILE_NOT_FOUND` does not start with its group's prefix `SCORER_MGMT_`")));
    assert!(malformed.contains(&"entry `PIPELINE_ERROR` has no message"));
    let messages = messages_of(&analysis, "CONTAINER_WAIT_FAILED");
    assert_eq!(messages["zh"], "等待容器退出失败");
    assert_eq!(
        messages_of(&analysis, "EXEC_ERROR")["zh"],
        "其他运行阶段异常"
    );
    // The field lists (`- **code**: …`) and the schema's `"STRING_CODE"` are no codes.
    for code in ["ok", "code", "stage", "STRING_CODE"] {
        assert!(!holds(&analysis, code), "{code}");
    }
}

#[test]
fn seed_002_function_service() {
    let Some(analysis) = seed("002", "function_service", is_layered, 109) else {
        return;
    };
    assert_eq!(
        tally(&analysis),
        tally_of(&[
            ("warning duplicate-message", 2),
            ("warning foreign-placeholder", 3),
            ("warning script-mismatch", 2)
        ]),
        "{:#?}",
        analysis.diagnostics
    );
    // Two messages of the Chinese column were never translated.
    let mut untranslated: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ScriptMismatch)
        .map(|d| d.message.as_str())
        .collect();
    untranslated.sort_unstable();
    assert_eq!(
        untranslated,
        [
            "the `zh` message of `s_function_createfunctionerror` is written in Latin script",
            "the `zh` message of `s_function_updatefunctionerror` is written in Latin script",
        ]
    );
    // Three roles glued to the statement before them (`角色不存在${Role}`).
    let mut glued: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::ForeignPlaceholder)
        .map(|d| d.message.as_str())
        .collect();
    glued.sort_unstable();
    assert_eq!(
        glued,
        [
            "the placeholder `{role}` is glued to `不合法` (`zh` message of `b_session_roleidnotvalid`)",
            "the placeholder `{role}` is glued to `不存在` (`zh` message of `b_user_rolenotfound`)",
            "the placeholder `{role}` is glued to `已存在` (`zh` message of `b_user_rolenameduplicated`)",
        ]
    );
    let mut pairs: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::DuplicateMessage)
        .map(|d| d.message.as_str())
        .collect();
    pairs.sort_unstable();
    assert_eq!(
        pairs,
        [
            "`b_session_tokenforbidden` and `b_session_tokennotvalid` carry the same `zh` message",
            "`p_common_tenantidrequired` and `b_tenant_invalidtenantidnul` carry the same `zh` message",
        ]
    );
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.locales, ["zh"]);
    let role = catalog
        .entries
        .iter()
        .find(|e| e.code == Code::Str("b_user_rolenotfound".into()))
        .unwrap();
    assert_eq!(role.messages[0].text, "角色不存在{role}");
    assert_eq!(role.params[0].name.original(), "role");
    assert!(role.params_declared);
}

#[test]
fn seed_003_has_no_table() {
    let Some(analysis) = seed("003", "pipelines", |_| false, 0) else {
        return;
    };
    assert_eq!(tally(&analysis), tally_of(&[]));
    let (file, bytes) = read(&seed_path("003").expect("checked above"));
    let imported = import_named(&file, &bytes, "pipelines");
    assert!(imported.notes.iter().any(|n| n
        .message
        .contains("no table with a code column and no list of codes")));
    // A note per section that holds something, saying what it holds.
    let sections: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.message.starts_with("section `"))
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(sections.len(), 10, "{sections:#?}");
    assert!(sections[0].starts_with(
        "section `log › 500 › Invalid input error: Unrecognized` holds 2 code blocks, 3 list items"
    ));
    assert!(sections[0].contains("JSON bodies with the code `13`"));
    assert!(sections[3].contains("`log › 403 › Unauthorized access`"));
}

#[test]
fn seed_004_optverse() {
    let Some(analysis) = seed("004", "optverse", is_optverse, 72) else {
        return;
    };
    assert_eq!(
        tally(&analysis),
        tally_of(&[
            ("error malformed-code", 5),
            ("error placeholder-mismatch", 1),
            ("warning duplicate-message", 1),
            ("warning empty-entry", 1),
        ]),
        "{:#?}",
        analysis.diagnostics
    );
    let about = |rule: Rule| -> Vec<&str> {
        analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.message.as_str())
            .collect()
    };
    // The error body's example names `JOB_MANAGER.12050009`, in no table:
    // its dot is not the tables' underscore, and its message is `xxx`.
    assert!(about(Rule::MalformedCode)
        .iter()
        .any(|m| m.contains("`JOB_MANAGER.12050009`")));
    assert_eq!(
        about(Rule::EmptyEntry),
        ["entry `JOB_MANAGER.12050009` has no message"]
    );
    for n in 2..=5 {
        let code = format!("`OptVerse_121208000{n}`");
        assert!(
            about(Rule::MalformedCode).iter().any(|m| m.contains(&code)),
            "{code}"
        );
    }
    assert_eq!(
        about(Rule::PlaceholderMismatch),
        ["the `zh` message of `JOB_MANAGER_12020015` lacks `{1}`"]
    );
    assert_eq!(
        about(Rule::DuplicateMessage),
        ["`OptVerse_12030007` and `OptVerse_12040002` carry the same `en` and `zh` message"]
    );
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.locales, ["en", "zh"]);
    let formats: Vec<&str> = catalog.formats.iter().map(|f| f.pattern.as_str()).collect();
    assert_eq!(formats, ["OptVerse_{digits:8}", "JOB_MANAGER_{digits:8}"]);
}

#[test]
fn locale_order_overrides_the_inferred_one() {
    let Some(path) = seed_path("004") else {
        return;
    };
    let (file, bytes) = read(&path);
    let options = Options {
        name: Some("optverse".into()),
        locale_order: vec!["zh".into(), "en".into()],
        ..Options::default()
    };
    let imported = import(&file, &bytes, &options).unwrap();
    assert!(imported.text.contains("  locales zh, en\n"));
    let analysis = analyze(&imported.text);
    assert_eq!(analysis.catalogs[0].default_locale(), "zh");
}

#[test]
fn bad_options_are_refused() {
    let options = Options {
        name: Some("9lives".into()),
        ..Options::default()
    };
    assert_eq!(
        import("x.md", b"", &options).unwrap_err(),
        ImportError::InvalidName("9lives".into())
    );
    let options = Options {
        locale_order: vec!["en".into(), "z h".into()],
        ..Options::default()
    };
    assert_eq!(
        import("x.md", b"", &options).unwrap_err(),
        ImportError::InvalidLocale("z h".into())
    );
}

/// Imports a fixture of `tests/fixtures/import/`, snapshots it, and returns
/// the import and the analysis of the result.
fn fixture(name: &str) -> (Imported, Analysis) {
    let path = root()
        .join("tests/fixtures/import")
        .join(format!("{name}.md"));
    let (file, bytes) = read(&path);
    let imported = import(&file, &bytes, &Options::default()).unwrap();
    assert_canonical(&imported.text);
    insta::assert_snapshot!(format!("fixture_{name}"), imported.text);
    insta::assert_snapshot!(format!("fixture_{name}.notes"), notes(&imported, &file));
    let analysis = analyze(&imported.text);
    assert_eq!(analysis.catalogs.len(), 1, "{:?}", analysis.diagnostics);
    (imported, analysis)
}

#[test]
fn fixture_without_outer_pipes() {
    let (_, analysis) = fixture("no-outer-pipes");
    assert_eq!(tally(&analysis), tally_of(&[("error malformed-code", 1)]));
    for code in [
        "SHOP_0001",
        "SHOP_0002",
        "SHOP_0003",
        "SHOP.0004",
        "SHOP_0005",
    ] {
        assert!(holds(&analysis, code), "{code}");
    }
    let coupon = analysis.catalogs[0]
        .entries
        .iter()
        .find(|e| e.code == Code::Str("SHOP_0005".into()))
        .unwrap();
    assert_eq!(coupon.messages[0].text, "The coupon | voucher is invalid.");
}

/// Two columns for one fact: a second column that agrees adds nothing,
/// one that disagrees is kept as `meta` with a warning that says so (not
/// that its value is no status), and a cell that is no value says that.
#[test]
fn fixture_with_repeated_columns() {
    let (imported, analysis) = fixture("repeated-columns");
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.entries.len(), 4);
    let entry = |code: &str| {
        catalog
            .entries
            .iter()
            .find(|e| e.code == Code::Str(code.into()))
            .unwrap()
    };
    assert_eq!(entry("ORDER_0001").http, Some(429));
    assert!(entry("ORDER_0001").meta.is_empty());
    assert_eq!(entry("ORDER_0002").http, Some(404));
    assert!(entry("ORDER_0004").retryable);
    let notes = notes(&imported, "repeated-columns.md");
    assert!(
        notes.contains("`ORDER_0002`: `410` differs from `404`, which an earlier column gave; kept as `meta http_status`"),
        "{notes}"
    );
    assert!(
        notes.contains("`ORDER_0003`: `否` differs from `true`, which an earlier column gave"),
        "{notes}"
    );
    assert!(
        notes.contains("`ORDER_0004`: `maybe` is not yes or no"),
        "{notes}"
    );
    assert!(!notes.contains("is not an HTTP status"), "{notes}");
    assert!(!notes.contains("is not a gRPC code"), "{notes}");
}

#[test]
fn fixture_with_repeated_headers() {
    let (_, analysis) = fixture("repeated-header");
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.entries.len(), 4);
    assert_eq!(catalog.groups.len(), 1);
    assert_eq!(tally(&analysis), tally_of(&[("error malformed-code", 1)]));
}

#[test]
fn fixture_with_backticks_and_blank_rows() {
    let (imported, analysis) = fixture("backticks-blank");
    assert!(imported
        .text
        .contains("reserved 2002..2003 \"blank in the imported table\""));
    for code in 2000..=2007 {
        assert!(holds(&analysis, &code.to_string()), "{code}");
    }
    assert_eq!(
        tally(&analysis),
        tally_of(&[("warning duplicate-message", 1)])
    );
}

#[test]
fn fixture_with_placeholders() {
    let (imported, analysis) = fixture("placeholders");
    assert_eq!(
        tally(&analysis),
        tally_of(&[]),
        "{:#?}",
        analysis.diagnostics
    );
    assert!(imported
        .text
        .contains("meta original.en \"Cannot open %s: %d bytes read\""));
    let file = analysis.catalogs[0]
        .entries
        .iter()
        .find(|e| e.code == Code::Str("E_FILE".into()))
        .unwrap();
    let types: Vec<String> = file.params.iter().map(|p| p.ty.to_string()).collect();
    assert_eq!(types, ["string", "int"]);
}

#[test]
fn fixture_with_prefix_headings() {
    let (imported, analysis) = fixture("prefix-heading");
    assert!(
        !imported.text.contains("NOT_A_CODE"),
        "a fenced table was read"
    );
    let catalog = &analysis.catalogs[0];
    let groups: Vec<(&str, Option<&str>)> = catalog
        .groups
        .iter()
        .map(|g| (g.name.original(), g.prefix.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [
            ("card", Some("CARD_")),
            ("wallet", Some("WALLET_")),
            ("refunds", None)
        ]
    );
    assert_eq!(catalog.locales, ["en", "ko"]);
    let errors: Vec<&str> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        errors,
        ["code `EXPIRED_CARD` does not start with its group's prefix `CARD_`"]
    );
}

#[test]
fn crlf_imports_like_lf() {
    let path = root().join("tests/fixtures/import/no-outer-pipes.md");
    let lf = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\r\n", "\n");
    let crlf = lf.replace('\n', "\r\n");
    let a = import("shop.md", lf.as_bytes(), &Options::default()).unwrap();
    let b = import("shop.md", crlf.as_bytes(), &Options::default()).unwrap();
    assert_eq!(a.text, b.text);
    assert_eq!(a.notes, b.notes);
}

#[test]
fn hostile_input_never_panics_and_always_parses() {
    let wide_header: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
    let wide_row: Vec<String> = (0..100).map(|i| format!("v{i}")).collect();
    let wide = format!(
        "| code | message | {} |\n|{}\n| W_1 | Wide. | {} |\n",
        wide_header.join(" | "),
        "---|".repeat(102),
        wide_row.join(" | ")
    );
    let mut random = Vec::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        random.push((x >> 24) as u8);
    }
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xEF\xBB\xBF".to_vec(),
        random,
        b"\xff\xfe| code | message |\n| A_1 | x |\n".to_vec(),
        wide.into_bytes(),
        b"| code | message\n| A | b | c | d |\n|\n||\n|||\n| B\n".to_vec(),
        b"code | message |\n---\n`` | ``\n**|**\n\\| A | b \\|\n".to_vec(),
        "| 错误码 | 错误信息 |\n| `X\"\\\u{0}\u{202E}` | {a b} {{ }} ${ %1$ %99999999999$s {99999999999} |\n"
            .as_bytes()
            .to_vec(),
        b"| code | message |\n| 1 | a |\n| 01 | b |\n| 99999999999999999999999 | c |\n".to_vec(),
        b"# T\n## (*)\n## (_*)\n### \xe4\xb8\x80\xe3\x80\x81\n| code | message |\n|-|-|\n| A | a |\n"
            .to_vec(),
        "```\n| code | message |\n| A | a |\n".as_bytes().to_vec(),
    ];
    for (i, input) in inputs.iter().enumerate() {
        let imported = import("hostile.md", input, &Options::default())
            .unwrap_or_else(|e| panic!("input {i}: {e}"));
        assert_canonical(&imported.text);
        let analysis = analyze(&imported.text);
        assert_eq!(
            analysis.catalogs.len(),
            1,
            "input {i}: {:?}",
            analysis.diagnostics
        );
    }
}

/// Runs the `errgen` binary with `args`, colours off: exit code, stdout,
/// stderr.
fn errgen(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_prints_the_catalog_and_its_notes() {
    let Some(path) = seed_path("004") else {
        return;
    };
    let run = errgen;
    let path_arg = path.to_str().unwrap();
    let (code, stdout, stderr) = run(&["import", path_arg, "--name", "optverse"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (file, bytes) = read(&path);
    assert_eq!(stdout, import_named(&file, &bytes, "optverse").text);
    assert!(
        stderr.contains(&format!(
            "warning: {path_arg}:9: skipped a table without a code column"
        )),
        "{stderr}"
    );
    let (code, stdout, _) = run(&["import", path_arg, "--locale-order", "zh,en"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("catalog imported {") && stdout.contains("locales zh, en"));
    let (code, _, stderr) = run(&["import", path_arg, "--name", "not-a-name"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`not-a-name` is not a catalog name"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["import", "no/such/file.md"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read `no/such/file.md`"), "{stderr}");
}

/// The messages of the entry `code` in the first catalog, by locale.
fn messages_of(analysis: &Analysis, code: &str) -> BTreeMap<String, String> {
    let entry = analysis.catalogs[0]
        .entries
        .iter()
        .find(|e| e.code == Code::Str(code.to_owned()))
        .unwrap_or_else(|| panic!("no entry {code}"));
    entry
        .messages
        .iter()
        .map(|m| (m.locale.to_string(), m.text.clone()))
        .collect()
}

/// Compound headers no synonym names are read by their words: `错误码信息`
/// is a message (not a code), `处理建议` a remedy, `Message (EN)` English
/// messages, `Chinese description` Chinese text; a column errgen cannot map
/// is a warning that names it and says how to map it.
#[test]
fn fixture_with_compound_headers() {
    let (imported, analysis) = fixture("compound-headers");
    assert_eq!(tally(&analysis), tally_of(&[]), "{}", imported.text);
    let en_zh = |en: &str, zh: &str| {
        BTreeMap::from([
            ("en".to_owned(), en.to_owned()),
            ("zh".to_owned(), zh.to_owned()),
        ])
    };
    assert_eq!(
        messages_of(&analysis, "BILL_10000002"),
        en_zh("The invoice was not found.", "未找到该发票。")
    );
    assert_eq!(
        messages_of(&analysis, "BILL_20000001"),
        en_zh("Refund refused.", "银行拒绝了退款。")
    );
    let refund = &analysis.catalogs[0].entries[3];
    assert_eq!(refund.remedies.len(), 1);
    assert_eq!(refund.description.len(), 1);
    assert_eq!(analysis.catalogs[0].entries[0].remedies.len(), 1);
    let unmapped: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.message.contains("not one errgen knows"))
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(unmapped.len(), 1, "{unmapped:?}");
    assert!(unmapped[0].contains("`负责人`"), "{}", unmapped[0]);
    assert!(
        unmapped[0].contains(r#"--column "负责人=ROLE[:LOCALE]""#),
        "{}",
        unmapped[0]
    );
}

/// The findings are diagnostics of the rule `import` on the document's
/// lines (a warning on the line of the column it could not map), or on the
/// whole document (the formats it inferred, a note).
#[test]
fn findings_are_import_diagnostics_on_the_document() {
    use errgen::diagnostic::{Rule, Severity};
    let path = root().join("tests/fixtures/import/mapped-column.md");
    let (file, bytes) = read(&path);
    let imported = import(&file, &bytes, &Options::default()).unwrap();
    assert!(imported.notes.iter().all(|n| n.rule == Rule::Import));
    let warning = imported
        .notes
        .iter()
        .find(|n| n.severity == Severity::Warning && n.message.contains("`Wortlaut`"))
        .expect("a warning about the column");
    let line = imported.document.slice(warning.primary.span);
    assert!(
        line.contains("Wortlaut") && !line.contains('\n'),
        "{line:?}"
    );
    let short = imported.short(warning, "m.md");
    let (_, number, _) = imported.document.location(warning.primary.span);
    assert!(
        short.starts_with(&format!("warning: m.md:{number}: ")),
        "{short}"
    );
    let whole = imported
        .notes
        .iter()
        .find(|n| n.severity == Severity::Note && n.message.contains("declared the format"))
        .expect("a note about the format");
    assert_eq!((whole.primary.span.start, whole.primary.span.end), (0, 0));
    assert!(imported.short(whole, "m.md").starts_with("note: m.md: of "));
}

/// `--column` maps a column its header does not name; without it the column
/// is kept as meta, with a warning naming it.
#[test]
fn a_column_mapped_by_hand() {
    let path = root().join("tests/fixtures/import/mapped-column.md");
    let (file, bytes) = read(&path);
    let unmapped = import(&file, &bytes, &Options::default()).unwrap();
    assert!(unmapped.text.contains("meta wortlaut"), "{}", unmapped.text);
    assert!(
        unmapped
            .notes
            .iter()
            .any(|n| n.severity == errgen::diagnostic::Severity::Warning
                && n.rule == errgen::diagnostic::Rule::Import
                && n.message.contains("`Wortlaut`")
                && n.message.contains("--column")),
        "{:?}",
        unmapped.notes
    );

    let options = Options {
        columns: vec![ColumnMapping::parse("wortlaut = message:en").unwrap()],
        ..Options::default()
    };
    let mapped = import(&file, &bytes, &options).unwrap();
    assert_canonical(&mapped.text);
    assert!(!mapped.text.contains("meta"), "{}", mapped.text);
    assert!(mapped.notes.iter().all(|n| !n.message.contains("Wortlaut")));
    let analysis = analyze(&mapped.text);
    assert_eq!(tally(&analysis), tally_of(&[]));
    assert_eq!(analysis.catalogs[0].locales, ["en", "zh"]);
    assert_eq!(
        messages_of(&analysis, "QUOTA_0002")["en"],
        "The quota {name} does not exist."
    );

    // The mapping wins over what the header says.
    let options = Options {
        columns: vec![ColumnMapping::parse("说明=remedy").unwrap()],
        ..Options::default()
    };
    let remedy = import(&file, &bytes, &options).unwrap();
    assert!(
        remedy.text.contains("remedy zh \"配额已用完。\""),
        "{}",
        remedy.text
    );
}

#[test]
fn bad_column_mappings_are_refused() {
    let invalid = |spec: &str| match ColumnMapping::parse(spec) {
        Err(ImportError::InvalidColumn(message)) => message,
        other => panic!("{spec}: {other:?}"),
    };
    let message = invalid("Wortlaut=wording");
    for role in [
        "code",
        "message",
        "description",
        "cause",
        "remedy",
        "http",
        "grpc",
        "retryable",
        "meta",
    ] {
        assert!(message.contains(role), "{message}");
    }
    assert!(invalid("Wortlaut=message:z h").contains("not a locale"));
    assert!(invalid("Wortlaut").contains("HEADER=ROLE"));
    assert!(invalid(" =message").contains("empty"));

    let path = root().join("tests/fixtures/import/mapped-column.md");
    let (file, bytes) = read(&path);
    let options = Options {
        columns: vec![ColumnMapping::parse("Text=message").unwrap()],
        ..Options::default()
    };
    let error = import(&file, &bytes, &options).unwrap_err();
    assert_eq!(
        error,
        ImportError::UnknownColumn {
            header: "Text".into(),
            known: vec!["code".into(), "Wortlaut".into(), "说明".into()],
        }
    );
    assert!(error.to_string().contains("`Wortlaut`"), "{error}");
}

#[test]
fn the_command_maps_columns() {
    let path = root().join("tests/fixtures/import/mapped-column.md");
    let path = path.to_str().unwrap();
    let run = |args: &[&str]| errgen(&[&["import", path], args].concat());
    let (code, stdout, stderr) = run(&[
        "--column",
        "Wortlaut=message:en",
        "--column",
        "说明=message:zh",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("message en \"The quota is exhausted.\""),
        "{stdout}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");

    let (code, stdout, stderr) = run(&["--column", "Wortlaut=wording"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("`wording` is not a role; the roles are code, message"),
        "{stderr}"
    );

    let (code, _, stderr) = run(&["--column", "Text=message"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("no table has a column headed so"),
        "{stderr}"
    );

    let (_, help, _) = errgen(&["import", "--help"]);
    assert!(help.contains("--column <HEADER=ROLE[:LOCALE]>"), "{help}");
    assert!(help.contains("retryable or meta"), "{help}");
}

#[test]
fn the_command_writes_a_file_whole_and_never_over_one() {
    let document = root().join("tests/fixtures/import/placeholders.md");
    let document = document.to_str().unwrap();
    let run = |args: &[&str]| errgen(&[&["import", document], args].concat());
    let (code, printed, stderr) = run(&[]);
    assert_eq!(code, Some(0), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new/imported.errors");
    let target_arg = target.to_str().unwrap();
    let (code, stdout, stderr) = run(&["-o", target_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), printed);
    assert!(
        stderr.contains(&format!(
            "errgen: wrote `{target_arg}`; run `errgen check {target_arg}` next"
        )),
        "{stderr}"
    );

    // An existing file is an edited catalog: kept unless `--force`.
    std::fs::write(&target, "// edited by hand\n").unwrap();
    let (code, _, stderr) = run(&["--output", target_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("exists; pass `--force` to replace it"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "// edited by hand\n"
    );
    let (code, _, stderr) = run(&["--output", target_arg, "--force"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), printed);

    // A folder is no file name; a failed import writes nothing.
    let (code, _, stderr) = run(&["-o", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("is a folder; name the catalog file"),
        "{stderr}"
    );
    let untouched = dir.path().join("failed.errors");
    let (code, _, stderr) = run(&[
        "-o",
        untouched.to_str().unwrap(),
        "--column",
        "Text=message",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!untouched.exists());
    let mut names: Vec<_> = std::fs::read_dir(dir.path().join("new"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["imported.errors"], "no staged file is left behind");

    // `--force` means nothing without a file to replace.
    let (code, _, stderr) = run(&["--force"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("--output <FILE>"), "{stderr}");
}

#[path = "support/linear.rs"]
mod linear;

/// A table of one row whose message cell is `cell`.
fn one_cell(cell: &str) -> Vec<u8> {
    format!("| 错误码 | 错误信息 |\n|---|---|\n| A_1 | {cell} |\n").into_bytes()
}

/// One cell with many printf placeholders imports in linear time (each
/// param was looked up by a scan of those before it, twice).
#[test]
fn many_placeholders_in_one_cell_import_linearly() {
    linear::assert_linear(
        "`%s` in one cell",
        1_000,
        |n| one_cell(&"%s ".repeat(n)),
        |table| {
            let imported = import("t.md", table, &Options::default()).unwrap();
            assert!(
                imported.text.contains("param 999: string"),
                "{}",
                imported.text
            );
        },
    );
}

/// A cell in another script than its column is warned about with the
/// judgement of `check`'s `script-mismatch`: English left in the Chinese
/// column is, a product name inside a Chinese cell is not.
#[test]
fn a_cell_in_another_script_is_judged_as_check_judges() {
    let table = "| 错误码 | 错误信息 |\n|---|---|\n\
        | A_1 | 挂载域名报错 |\n\
        | A_2 | create by template failure |\n\
        | A_3 | 请检查 Kubernetes 的 API 配置 |\n";
    let imported = import("t.md", table.as_bytes(), &Options::default()).unwrap();
    let about: Vec<&str> = imported
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .filter(|m| m.contains("reads as"))
        .collect();
    assert_eq!(
        about,
        ["`A_2`: the cell `create by template failure` reads as `en` text in a `zh` column; it is kept as `zh`"],
        "{:#?}",
        imported.notes
    );
    // A Chinese name inside an English cell is no Chinese text (any Han
    // character made the cell `zh` before).
    let table = "| code | message |\n|---|---|\n\
        | A_1 | Mounting the domain failed |\n\
        | A_2 | Set the display language to 简体中文 first |\n\
        | A_3 | 参数错误 |\n";
    let imported = import("t.md", table.as_bytes(), &Options::default()).unwrap();
    let about: Vec<&str> = imported
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .filter(|m| m.contains("reads as"))
        .collect();
    assert_eq!(
        about,
        ["`A_3`: the cell `参数错误` reads as `zh` text in a `en` column; it is kept as `en`"],
        "{:#?}",
        imported.notes
    );
}

#[test]
fn fixture_reading_the_whole_document() {
    let (imported, analysis) = fixture("whole-document");
    let catalog = &analysis.catalogs[0];
    // Setext headings title the catalog and name a group.
    assert_eq!(catalog.title.as_deref(), Some("Ticketing API errors"));
    let groups: Vec<&str> = catalog.groups.iter().map(|g| g.name.original()).collect();
    assert_eq!(groups, ["seats", "pay", "older_codes"]);
    // Inline Markdown reads as it renders.
    assert_eq!(
        messages_of(&analysis, "SEAT_TAKEN")["en"],
        "The seat is already booked."
    );
    assert_eq!(
        messages_of(&analysis, "SEAT_UNKNOWN")["en"],
        "No seat matches the seat map & row."
    );
    assert_eq!(
        messages_of(&analysis, "SEAT_LOCKED")["en"],
        "The seat is held by another basket.\nTry again in a minute."
    );
    // Two tables, each mapped by its own header; the second is no GFM table
    // (no delimiter row, a row with a cell too many) and still imports.
    assert_eq!(
        messages_of(&analysis, "PAY_CURRENCY")["zh"],
        "不支持该币种 <{0}>"
    );
    let timeout = catalog
        .entries
        .iter()
        .find(|e| e.code == Code::Str("PAY_TIMEOUT".into()))
        .unwrap();
    assert_eq!(timeout.remedies[0].text, "请稍后重试");
    // The list of older codes, nested lists included, and the example body.
    assert_eq!(
        messages_of(&analysis, "BOOKING_CLOSED")["en"],
        "sales for the show have ended"
    );
    assert_eq!(
        messages_of(&analysis, "REFUND_LATE")["en"],
        "the refund window has passed"
    );
    assert_eq!(
        messages_of(&analysis, "REFUND_UPSTREAM")["en"],
        "The bank did not answer."
    );
    // A field list and a schema's stand-in are no codes; a listed code the
    // table has keeps the table's text.
    for code in ["ok", "code", "message", "STRING_CODE"] {
        assert!(!holds(&analysis, code), "{code}");
    }
    assert_eq!(
        messages_of(&analysis, "SEAT_TAKEN").len(),
        1,
        "{}",
        imported.text
    );
    // A header that is a link reads as its text.
    assert_eq!(timeout_http(&analysis), Some(423));
    let warned: Vec<&str> = imported
        .notes
        .iter()
        .map(|n| n.message.as_str())
        .filter(|m| m.contains("imported"))
        .collect();
    assert_eq!(
        warned,
        [
            "`BOOKING_CLOSED` is in a list and in no table; imported from a list item with its text as the message",
            "`REFUND_LATE` is in a list and in no table; imported from a list item with its text as the message",
            "`502` (the `code` of a JSON example) is not imported: the tables' codes are strings",
            "`REFUND_UPSTREAM` is only in a JSON example, in no table or list; imported from the `code` of a JSON example with its text as the message",
        ]
    );
    assert_eq!(
        tally(&analysis),
        tally_of(&[("warning missing-translation", 6)]),
        "{:#?}",
        analysis.diagnostics
    );
}

fn timeout_http(analysis: &Analysis) -> Option<u16> {
    analysis.catalogs[0]
        .entries
        .iter()
        .find(|e| e.code == Code::Str("SEAT_LOCKED".into()))
        .and_then(|e| e.http)
}

/// Every document the tests import: the fixtures, and the seeds when
/// `ERRGEN_SEEDS` names them.
fn documents() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/import"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    for number in ["000", "001", "002", "003", "004"] {
        paths.extend(seed_path(number));
    }
    paths.sort();
    paths
}

/// What `check` says, in a form to compare.
fn diagnostics(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .map(|d| format!("{} {}: {}", d.severity, d.rule.name(), d.message))
        .collect()
}

#[test]
fn import_check_fmt_is_stable() {
    for path in documents() {
        let (file, bytes) = read(&path);
        let imported = import(&file, &bytes, &Options::default()).unwrap();
        let before = analyze(&imported.text);
        assert!(
            before.diagnostics.iter().all(|d| d.rule != Rule::Syntax),
            "{file}"
        );
        let parsed = parse(FileId(0), &imported.text).unwrap();
        let formatted = errgen::fmt::format(&parsed, &imported.text);
        assert_eq!(formatted, imported.text, "{file}: fmt changed the import");
        let again = errgen::fmt::format(&parse(FileId(0), &formatted).unwrap(), &formatted);
        assert_eq!(again, formatted, "{file}: fmt is no fixed point");
        let after = analyze(&formatted);
        assert_eq!(
            diagnostics(&before),
            diagnostics(&after),
            "{file}: check differs after fmt"
        );
    }
}

/// Cells that say "nothing" (the importer's documented blanks).
const BLANK: &[&str] = &[
    "-", "--", "—", "——", "/", "n/a", "none", "null", "无", "暂无",
];

/// Whether a header cell names the code column (the headers of the
/// fixtures and seeds).
fn is_code_header(cell: &str) -> bool {
    let norm: String = decode_inline(cell)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    ["code", "errorcode", "错误码"].contains(&norm.as_str())
}

/// The tables of a page, found without the importer: runs of lines with a
/// `|` outside code fences, their header the first row or the row above a
/// delimiter row; only tables with a code column. Each body row as (line,
/// code column, cells).
fn source_tables(text: &str) -> Vec<(usize, usize, Vec<String>)> {
    let split = |line: &str| -> Vec<String> {
        let t = line.trim().trim_start_matches('>').trim();
        let t = t.strip_prefix('|').unwrap_or(t);
        let t = t
            .strip_suffix('|')
            .filter(|x| !x.ends_with('\\'))
            .unwrap_or(t);
        let mut cells = vec![String::new()];
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if chars.peek() == Some(&'|') => {
                    chars.next();
                    cells.last_mut().unwrap().push('|');
                }
                '|' => cells.push(String::new()),
                c => cells.last_mut().unwrap().push(c),
            }
        }
        cells.iter().map(|c| c.trim().to_owned()).collect()
    };
    let delimiter = |cells: &[String]| {
        cells.iter().all(|c| {
            let inner = c.trim_matches(':');
            !inner.is_empty() && inner.chars().all(|x| x == '-')
        })
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut rows = Vec::new();
    let mut fence = false;
    let mut code_col: Option<usize> = None;
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim().trim_start_matches('>').trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || !t.contains('|') {
            first = true;
            code_col = None;
            continue;
        }
        let cells = split(line);
        if delimiter(&cells) {
            continue;
        }
        let next_delimiter = lines
            .get(i + 1)
            .is_some_and(|l| l.contains('|') && delimiter(&split(l)));
        if first || next_delimiter {
            first = false;
            code_col = cells.iter().position(|c| is_code_header(c));
            continue;
        }
        if let Some(c) = code_col {
            rows.push((i + 1, c, cells));
        }
    }
    rows
}

/// Every text the catalog holds about the entry or reserved code `code`.
fn texts_of(analysis: &Analysis, code: &str) -> Option<Vec<String>> {
    let catalog = &analysis.catalogs[0];
    let wanted = match code.parse::<u64>() {
        Ok(n) if catalog.code_kind == errgen::ir::CodeKind::Integer => Code::Int(n),
        _ => Code::Str(code.to_owned()),
    };
    if let Some(e) = catalog.entries.iter().find(|e| e.code == wanted) {
        let mut texts = vec![e.code.to_string(), e.name.original().to_owned()];
        texts.extend(e.messages.iter().map(|m| m.text.clone()));
        for list in [&e.description[..], &e.causes[..], &e.remedies[..]] {
            texts.extend(list.iter().map(|t| t.text.clone()));
        }
        texts.extend(e.meta.values().map(|v| match v {
            errgen::ir::MetaValue::Str(s) => s.clone(),
            errgen::ir::MetaValue::Bool(b) => b.to_string(),
            errgen::ir::MetaValue::Int(n) => n.to_string(),
        }));
        texts.extend(e.http.map(|h| h.to_string()));
        if let Some(g) = e.grpc {
            texts.push(g.name().to_owned());
            texts.push(g.number().to_string());
        }
        // `retryable` as the yes/no words the importer reads.
        let words: &[&str] = if e.retryable {
            &["yes", "true", "y", "是"]
        } else {
            &["no", "false", "n", "否"]
        };
        texts.extend(words.iter().map(|w| (*w).to_owned()));
        return Some(texts);
    }
    let reserved = catalog.reserved.iter().find(|r| r.covers(&wanted))?;
    Some(vec![
        code.to_owned(),
        reserved.reason.clone().unwrap_or_default(),
    ])
}

/// Whether `cell` is written as the entry's HTTP status or gRPC code, in a
/// form the import reads as such: the status alone or with its reason phrase
/// (`404 Not Found`, `404（未找到）`), the gRPC code by number, by name in any
/// case, or both (`5 (NOT_FOUND)`, `AlreadyExists`).
fn is_value_of(analysis: &Analysis, code: &str, cell: &str) -> bool {
    let catalog = &analysis.catalogs[0];
    let Some(e) = catalog.entries.iter().find(|e| e.code.to_string() == code) else {
        return false;
    };
    let said: String = cell
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut forms = Vec::new();
    if let Some(status) = e.http {
        forms.push(status.to_string());
        for phrase in errgen::ir::status_phrases(status) {
            forms.push(format!("{status}{}", letters(phrase)));
        }
    }
    if let Some(g) = e.grpc {
        let (number, name) = (g.number().to_string(), letters(g.name()));
        forms.extend([
            number.clone(),
            name.clone(),
            format!("{number}{name}"),
            format!("{name}{number}"),
        ]);
    }
    forms.contains(&said)
}

#[test]
fn every_cell_of_every_table_is_in_the_catalog() {
    let mut checked = 0;
    for path in documents() {
        let (file, bytes) = read(&path);
        let imported = import(&file, &bytes, &Options::default()).unwrap();
        let analysis = analyze(&imported.text);
        let text = String::from_utf8_lossy(&bytes);
        let mut missing = Vec::new();
        for (line, code_col, cells) in source_tables(&text) {
            let code = decode_inline(cells.get(code_col).map_or("", String::as_str));
            let code = code.trim_matches('`').trim();
            if code.is_empty() {
                // Skipped with a warning, as documented.
                continue;
            }
            let Some(texts) = texts_of(&analysis, code) else {
                missing.push(format!("{file}:{line}: the code `{code}`"));
                continue;
            };
            for cell in &cells {
                let decoded = decode_inline(cell);
                if decoded.is_empty() || BLANK.contains(&decoded.to_lowercase().as_str()) {
                    continue;
                }
                checked += 1;
                let bare = decoded.trim_matches('`');
                let found = texts
                    .iter()
                    .any(|t| t.contains(&decoded) || t.eq_ignore_ascii_case(bare))
                    || is_value_of(&analysis, code, &decoded);
                if !found {
                    missing.push(format!("{file}:{line}: `{decoded}` (of `{code}`)"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "cells not in the catalog:\n{}",
            missing.join("\n")
        );
    }
    assert!(checked > 100, "only {checked} cells were compared");
}

/// The reading of lists, example bodies and sections stays linear: a list
/// of many codes (each counted against its list), many JSON bodies, and a
/// page of many sections without a table (each section's blocks counted).
#[test]
fn lists_examples_and_sections_import_linearly() {
    let run = |page: &String| {
        let imported = import("t.md", page.as_bytes(), &Options::default()).unwrap();
        assert!(!imported.text.is_empty());
    };
    linear::assert_linear(
        "list items",
        2_000,
        |n| {
            (0..n)
                .map(|i| format!("- CODE_{i}: text {i}\n"))
                .collect::<String>()
        },
        run,
    );
    linear::assert_linear(
        "JSON bodies",
        2_000,
        |n| {
            let mut page = "| code | message |\n|---|---|\n| A_1 | a |\n".to_owned();
            for i in 0..n {
                page.push_str(&format!("{{\"code\": \"B_{i}\", \"message\": \"b\"}}\n\n"));
            }
            page
        },
        run,
    );
    linear::assert_linear(
        "sections",
        2_000,
        |n| {
            (0..n)
                .map(|i| format!("## S{i}\n\ntext\n\n```\n{{\"code\": 1}}\n```\n"))
                .collect::<String>()
        },
        run,
    );
}

/// Pages that stress the new readings never panic and always give a
/// catalog that parses.
#[test]
fn odd_lists_examples_and_headings_never_panic() {
    let inputs: &[&str] = &[
        "- A_B:\n- C_D:\n- :\n- `\n- ``E_F``: x\n",
        "- 1234: a\n- 12: b\n\n| code | message |\n|---|---|\n| 1000 | x |\n",
        "- X_Y: a\n- X_Y: b\n{\"code\": \"X_Y\"}\n{\"code\": \"\u{0}\"}\n{\"code\": \"a b\"}\n",
        "{\"code\": \"Z_1\", \"message\": \"\\u12\\\"\n{{{{[[[\"code\":\n\"code\": -\n",
        "Title\n===\nSub\n---\n===\n---\n| code | message |\n---\n| A | b |\n",
        "> - A_B: x\n> - C_D: y\n>\n> ```\n> {\"code\": \"E_F\"}\n",
        "| code | message |\n|---|---|\n| 7 | x |\n{\"code\": \"NOT_INT\"}\n- A_B: c\n- C_D: d\n",
        "* **`A_B`** &amp; x: y\n* <b>C_D</b>: z\n1. E_F: g\n2. G_H: h\n",
    ];
    for (i, input) in inputs.iter().enumerate() {
        let imported = import("odd.md", input.as_bytes(), &Options::default())
            .unwrap_or_else(|e| panic!("input {i}: {e}"));
        assert_canonical(&imported.text);
        let analysis = analyze(&imported.text);
        assert_eq!(
            analysis.catalogs.len(),
            1,
            "input {i}: {:?}",
            analysis.diagnostics
        );
        assert!(
            analysis
                .diagnostics
                .iter()
                .all(|d| d.rule != Rule::DuplicateCode),
            "input {i}: {}",
            imported.text
        );
    }
    // An empty `#` is no title: the next level-1 heading is.
    let page = "#\n\n# Real title\n\n| code | message |\n|-|-|\n| A_B | x |\n";
    let imported = import("t.md", page.as_bytes(), &Options::default()).unwrap();
    assert!(
        imported.text.contains("catalog t \"Real title\" {"),
        "{}",
        imported.text
    );
}

/// A status written with its reason phrase (`404 Not Found`) is that status,
/// and a gRPC code written with its number and name (`5 (NOT_FOUND)`) or in
/// another case (`AlreadyExists`) is that code; a cell naming two statuses,
/// or a number and a name that disagree, is kept as `meta` with a warning.
#[test]
fn fixture_with_status_phrases() {
    let (imported, analysis) = fixture("status-phrases");
    let catalog = &analysis.catalogs[0];
    let entry = |code: &str| {
        catalog
            .entries
            .iter()
            .find(|e| e.code == Code::Str(code.into()))
            .unwrap()
    };
    let statuses: Vec<Option<u16>> = catalog.entries.iter().map(|e| e.http).collect();
    assert_eq!(
        statuses,
        [
            Some(404),
            Some(400),
            Some(503),
            Some(409),
            None,
            Some(422),
            None,
            Some(404)
        ],
        "{}",
        imported.text
    );
    let grpc: Vec<Option<&str>> = catalog
        .entries
        .iter()
        .map(|e| e.grpc.map(|g| g.name()))
        .collect();
    assert_eq!(
        grpc,
        [
            Some("NOT_FOUND"),
            Some("INVALID_ARGUMENT"),
            Some("UNAVAILABLE"),
            Some("ALREADY_EXISTS"),
            None,
            Some("FAILED_PRECONDITION"),
            Some("NOT_FOUND"),
            Some("NOT_FOUND")
        ]
    );
    assert!(entry("SHIP_001").meta.is_empty());
    assert_eq!(entry("SHIP_005").meta.len(), 2);
    let notes = notes(&imported, "status-phrases.md");
    assert_eq!(notes.matches("is not an HTTP status").count(), 2, "{notes}");
    assert!(
        notes.contains("`404 unless signed in` is not an HTTP status"),
        "{notes}"
    );
    assert!(
        notes.contains("`400 or 422` is not an HTTP status"),
        "{notes}"
    );
    assert!(
        notes.contains("`5 (ABORTED)` is not a gRPC code"),
        "{notes}"
    );
}

/// A header that gives its name in two languages (`错误码 Code`, `原因
/// Cause`) is read by either: such a table was skipped as one "without a
/// code column", and its rows lost.
#[test]
fn fixture_with_bilingual_headers() {
    let (imported, analysis) = fixture("bilingual-headers");
    let catalog = &analysis.catalogs[0];
    assert_eq!(catalog.entries.len(), 3, "{}", imported.text);
    assert_eq!(
        messages_of(&analysis, "PUSH_0001"),
        BTreeMap::from([
            ("en".to_owned(), "The device is not registered.".to_owned()),
            ("zh".to_owned(), "设备未注册".to_owned()),
        ])
    );
    assert_eq!(catalog.entries[0].remedies.len(), 1);
    assert_eq!(catalog.entries[2].http, Some(429));
    assert_eq!(catalog.entries[2].causes.len(), 1);
    assert!(imported
        .notes
        .iter()
        .all(|n| !n.message.contains("skipped")));
    assert_eq!(
        tally(&analysis),
        tally_of(&[("warning missing-translation", 1)])
    );
}

/// A second code column (`Old code`, `Legacy Code`) is kept as `meta`
/// without a warning, before the code column as after it: the code column
/// itself was reported as "not one errgen knows" when a code column came
/// first, and a second one always was.
#[test]
fn fixture_with_a_second_code_column() {
    let (imported, analysis) = fixture("second-code-column");
    let catalog = &analysis.catalogs[0];
    let codes: Vec<String> = catalog.entries.iter().map(|e| e.code.to_string()).collect();
    assert_eq!(
        codes,
        ["LEDGER_CLOSED", "LEDGER_LOCKED", "LEDGER_OVERDRAWN"]
    );
    assert_eq!(catalog.entries[0].meta.len(), 1);
    assert!(catalog.entries[0].meta.contains_key("old_code"));
    assert!(catalog.entries[2].meta.contains_key("legacy_code"));
    assert!(
        imported
            .notes
            .iter()
            .all(|n| !n.message.contains("not one errgen knows")),
        "{}",
        notes(&imported, "second-code-column.md")
    );
    assert_eq!(tally(&analysis), tally_of(&[]));
}

/// The format note counts in words that agree with the number: a page of one
/// code said "of 1 codes".
#[test]
fn the_format_note_of_one_code_is_singular() {
    let page = "| Code | Message |\n|---|---|\n| ORD_001 | The order is gone. |\n";
    let imported = import("one.md", page.as_bytes(), &Options::default()).unwrap();
    let said = notes(&imported, "one.md");
    assert!(
        said.contains("of 1 code, declared the format `ORD_{digits:3}` (1)"),
        "{said}"
    );
    let page = "| Code | Message |\n|---|---|\n| 7 | The order is gone. |\n";
    let imported = import("one.md", page.as_bytes(), &Options::default()).unwrap();
    let said = notes(&imported, "one.md");
    assert!(!said.contains("1 codes"), "{said}");
}

/// A code cell that lists several codes of one kind gives each an entry with
/// the row's text: such a row was skipped as a code cell that "holds
/// spaces", and both codes were lost. Words that are not alike codes (`E
/// 001`) are still no code.
#[test]
fn a_code_cell_of_several_codes_gives_each_an_entry() {
    let page = "| Code | Message | HTTP |\n|---|---|---|\n\
                | ORD_001<br>ORD_002 | The order is gone. | 404 |\n\
                | `ORD_003`, `ORD_004` | The cart is empty. | 409 |\n\
                | E 001 | Not a code. | 400 |\n";
    let imported = import("several.md", page.as_bytes(), &Options::default()).unwrap();
    let analysis = analyze(&imported.text);
    let entries: Vec<(String, Option<u16>)> = analysis.catalogs[0]
        .entries
        .iter()
        .map(|e| (e.code.to_string(), e.http))
        .collect();
    assert_eq!(
        entries,
        [
            ("ORD_001".to_owned(), Some(404)),
            ("ORD_002".to_owned(), Some(404)),
            ("ORD_003".to_owned(), Some(409)),
            ("ORD_004".to_owned(), Some(409)),
        ],
        "{}",
        imported.text
    );
    let said = notes(&imported, "several.md");
    assert!(
        said.contains("several.md:3: the code cell holds 2 codes (`ORD_001`, `ORD_002`)"),
        "{said}"
    );
    assert!(said.contains("`E 001` holds spaces"), "{said}");
}

/// A page that gives its codes in a Chinese table and again in an English
/// one imports one entry per code with both messages: it gave two entries
/// of each code, which `errgen check` then rejected as duplicates. Rows
/// that disagree (another status), or that repeat a row, stay apart so that
/// the duplicate code is reported.
#[test]
fn the_tables_of_a_code_in_two_locales_make_one_entry() {
    let page = "# 订单错误\n\n| 错误码 | 错误信息 | HTTP |\n|---|---|---|\n\
                | ORD_001 | 订单不存在 | 404 |\n| ORD_002 | 购物车为空 | 409 |\n\
                | ORD_003 | 库存不足 | 409 |\n| ORD_003 | 库存不足 | 409 |\n\n\
                # Order errors\n\n| Code | Message | HTTP |\n|---|---|---|\n\
                | ORD_001 | The order does not exist. | 404 |\n\
                | ORD_002 | The cart is empty. | 400 |\n";
    let imported = import("orders.md", page.as_bytes(), &Options::default()).unwrap();
    let analysis = analyze(&imported.text);
    let codes: Vec<String> = analysis.catalogs[0]
        .entries
        .iter()
        .map(|e| e.code.to_string())
        .collect();
    assert_eq!(
        codes,
        ["ORD_001", "ORD_002", "ORD_003", "ORD_003", "ORD_002"],
        "{}",
        imported.text
    );
    assert!(
        imported.text.contains(
            "  http 404\n  message zh \"订单不存在\"\n  message en \"The order does not exist.\"\n"
        ),
        "{}",
        imported.text
    );
    let said = notes(&imported, "orders.md");
    assert!(
        said.contains("1 code appears in more than one table, in other locales (`ORD_001`)"),
        "{said}"
    );
    assert!(
        said.contains("2 codes appear in more than one row (`ORD_003`, `ORD_002`)"),
        "{said}"
    );
}

/// A page whose one table has a code column but no row with a code says so:
/// it was reported as "no table with a code column" and "a table without a
/// code column", both false.
#[test]
fn a_table_whose_rows_were_all_skipped_is_not_called_codeless() {
    let page = "| Code | Message |\n|---|---|\n| E 001 | Gone. |\n| HTTP 404 | Missing. |\n";
    let imported = import("skipped.md", page.as_bytes(), &Options::default()).unwrap();
    let said = notes(&imported, "skipped.md");
    assert!(!said.contains("without a code column"), "{said}");
    assert!(!said.contains("no table with a code column"), "{said}");
    assert!(
        said.contains("every row of the tables with a code column was skipped"),
        "{said}"
    );
    assert!(
        said.contains(
            "skipped.md:1: the text before the first heading holds a table whose rows were all skipped"
        ) && !said.contains("not mapped"),
        "{said}"
    );
}
