//! The Python target: a snapshot of the module generated for every catalog
//! file of the generator tests and the catalogs below, determinism, and
//! the real tools over the output: `python -W error -m py_compile`, `ruff
//! check`, `mypy --strict`
//! (pinned in tests/support/requirements.txt) and pyright in strict mode
//! (pinned in package.json) on every module and on a client that uses them
//! (tests/python/client.py, also run); pyright's `reportMatchNotExhaustive`
//! on a `match` that forgets a class (tests/python/exhaustive.py); and a
//! unittest run (tests/python/roundtrip.py) that builds every error of every
//! catalog with hostile param values and checks its message in every locale
//! against the IR, and its envelope through JSON and `from_envelope`.

use errgen::generate::{Options, Target};
use errgen::ir::{Catalog, Code, Entry, EntryKind, MemberKind, ParamType, Segment};
use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::{output_text, root, run_python};

/// Names a Python module must not trip over: classes named like keywords,
/// builtins and the module's own names, params named like keywords, the
/// error's members and builtin types, a locale that is not an identifier,
/// an entry without messages, a deprecated entry with a replacement, and
/// upstream rules with params of every type.
const PYEDGE: &str = r#"
catalog pyedge {
  version 0.0.1
  locales en, zh-Hans, ko
}

error none = "none" {
  param self: string
  param code: int
  param class: bool
  param str: float
  message en "none {self} {code} {class} {str}"
  message zh-Hans "无 {self} {code} {class} {str}"
  upstream {
    match r"self=(?P<self>\S+) code=(?P<code>-?\d+) class=(?P<class>true|false) str=(?P<str>[0-9.]+)$"
  }
}

error value_error = "value_error" {
  message en "shadows a builtin"
  deprecated "use none"
  replaced_by none
}

error pyedge_error = "pyedge_error" {
  param message: string
  message en "{message} in en"
  message zh-Hans "{message} in zh-Hans, and ko falls back to en"
}

error error_code = "error_code" {
}

error envelope_error = "envelope_error" {
  http 418
  message en "{{literal}} braces"
  upstream {
    http 418
    contains "teapot"
  }
}
"#;

/// A `problem` envelope with members of every kind a problem has, consts,
/// fields of every type and a success entry.
const PROBLEM: &str = r#"
catalog problem {
  format "{lower}"
  stages build, run
  envelope problem {
    type_base "https://errors.example.com/"
    code "errorCode"
    params "params"
    const "version" = 2
    const "kind" = "error"
    const "fatal" = true
    field "retry_after": int optional
    field "ratio": float optional
    field "debug": bool optional
    field "tags": array optional
    field "extra": object optional
    field "default": string
  }
}

error "gone" {
  http 410
  param what: string
  message "It is {what}, gone."
  stage run
}

error "teapot" {
  message "No status."
}

success "done" {
  message "Done."
}
"#;

/// Every catalog file of the generator tests (`support::catalog_files`), then
/// the catalogs above: (snapshot name, catalog).
fn catalogs() -> Vec<(String, Catalog)> {
    let mut out: Vec<(String, Catalog)> = support::catalog_files()
        .iter()
        .map(|path| (support::stem(path), support::load(path)))
        .collect();
    out.push((
        "pyedge".into(),
        support::load_source("pyedge.errors", PYEDGE),
    ));
    out.push((
        "problem".into(),
        support::load_source("problem.errors", PROBLEM),
    ));
    out.push((
        "empty".into(),
        support::load_source("empty.errors", "catalog empty {\n}\n"),
    ));
    out
}

/// The one file the target generates for `catalog`.
fn generate(catalog: &Catalog) -> (String, String) {
    let files = Target::Python.generate(catalog, &Options::new());
    assert_eq!(files.len(), 1, "one module per catalog");
    let file = files.into_iter().next().unwrap();
    (file.path.display().to_string(), file.content)
}

#[test]
fn snapshots() {
    for (name, catalog) in catalogs() {
        let (path, content) = generate(&catalog);
        assert_eq!(path, format!("{}.py", catalog.name.snake()));
        insta::assert_snapshot!(name, content);
    }
}

#[test]
fn output_is_deterministic() {
    for ((name, first), (_, second)) in catalogs().into_iter().zip(catalogs()) {
        assert_eq!(generate(&first), generate(&second), "{name}");
    }
}

/// No comment holds catalog text (only the first line, which names the
/// catalog and its version), so none can be a `coding:` declaration; and
/// nothing a reader cannot see is left raw.
#[test]
fn catalog_text_stays_in_string_literals() {
    for (name, catalog) in catalogs() {
        let (_, content) = generate(&catalog);
        assert!(!content.lines().nth(1).unwrap().starts_with('#'), "{name}");
        for c in [
            '\u{2028}', '\u{2029}', '\u{200e}', '\u{200f}', '\u{0}', '\r', '\u{7f}', '\u{feff}',
        ] {
            assert!(!content.contains(c), "{name}: {c:?}");
        }
    }
}

/// A folder with the module of every catalog and the named files of
/// tests/python.
fn project(files: &[&str]) -> tempfile::TempDir {
    let dir = support::temp_dir();
    for (_, catalog) in catalogs() {
        let (path, content) = generate(&catalog);
        std::fs::write(dir.path().join(path), content).unwrap();
    }
    for name in files {
        std::fs::copy(
            root().join("tests/python").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    dir
}

/// The modules' file names, sorted.
fn modules() -> Vec<String> {
    let mut names: Vec<String> = catalogs().iter().map(|(_, c)| generate(c).0).collect();
    names.sort();
    names
}

/// The venv's Python with `args` in `dir`.
fn python_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(support::python())
        .args(args)
        .current_dir(dir)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the venv's python runs")
}

fn assert_success(what: &str, out: &Output) {
    assert!(out.status.success(), "{what} failed:\n{}", output_text(out));
}

#[test]
fn every_module_compiles_without_warnings() {
    let dir = project(&[]);
    for module in modules() {
        let out = python_in(dir.path(), &["-W", "error", "-m", "py_compile", &module]);
        assert_success(&format!("py_compile {module}"), &out);
    }
}

#[test]
fn ruff_finds_nothing() {
    let dir = project(&["client.py"]);
    let mut args = vec![
        "-m",
        "ruff",
        "check",
        "--isolated",
        "--no-cache",
        "--target-version",
        "py39",
    ];
    let modules = modules();
    args.extend(modules.iter().map(String::as_str));
    assert_success("ruff check", &python_in(dir.path(), &args));
}

#[test]
fn mypy_strict_accepts_the_modules_and_the_client() {
    let dir = project(&["client.py"]);
    let modules = modules();
    // mypy 2 checks for Python 3.10 and later; pyright checks 3.9 below.
    let mut args = vec![
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.10",
        "--no-incremental",
        "--cache-dir",
        "/dev/null",
        "client.py",
    ];
    args.extend(modules.iter().map(String::as_str));
    assert_success("mypy --strict", &python_in(dir.path(), &args));
}

/// pyright, strict, for `python_version`, over `files` in `dir`.
fn pyright(dir: &Path, python_version: &str, files: &[&str]) -> Output {
    std::fs::write(
        dir.join("pyrightconfig.json"),
        format!(
            "{{\"typeCheckingMode\": \"strict\", \"pythonVersion\": \"{python_version}\", \"reportMatchNotExhaustive\": \"error\"}}\n"
        ),
    )
    .unwrap();
    Command::new("node")
        .arg(support::pyright())
        .arg("--pythonpath")
        .arg(support::python())
        .args(files)
        .current_dir(dir)
        .output()
        .expect("node runs")
}

#[test]
fn pyright_strict_accepts_the_modules_and_the_client() {
    let dir = project(&["client.py"]);
    let modules = modules();
    let mut files = vec!["client.py"];
    files.extend(modules.iter().map(String::as_str));
    assert_success("pyright", &pyright(dir.path(), "3.9", &files));
}

#[test]
fn the_client_runs() {
    let dir = project(&["client.py"]);
    let out = python_in(dir.path(), &["-W", "error", "client.py"]);
    assert_success("client.py", &out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "client: ok");
}

/// The README's Python examples run against the generated modules: the
/// first as it stands, the WSGI one called with a handler that raises.
#[test]
fn the_readme_examples_run() {
    let blocks = support::readme_blocks("Python (3.9+, standard library only)", "python");
    let (first, wsgi) = (&blocks[0], &blocks[1]);
    let script = format!(
        "{first}\n\
         {wsgi}\n\
         from optverse import TenantForbidden\n\
         def handle(environ, start_response):\n    raise TenantForbidden(tenant=\"acme\")\n\
         seen = []\n\
         body = app({{\"HTTP_ACCEPT_LANGUAGE\": \"zh\"}}, lambda status, headers: seen.append(status))\n\
         assert seen == [\"403 Error\"], seen\n\
         assert json.loads(body[0])[\"error_code\"] == \"OptVerse_10000004\", body\n\
         print(\"readme: ok\")\n"
    );
    let dir = project(&[]);
    std::fs::write(dir.path().join("readme.py"), script).unwrap();
    let out = python_in(dir.path(), &["-W", "error", "readme.py"]);
    assert_success("the README's Python", &out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "readme: ok");
}

/// A `match` over `AnyPipelinesError` that forgets a class is an error of
/// pyright's, naming the class; the one that handles every class is not.
#[test]
fn pyright_reports_a_match_that_misses_a_class() {
    let dir = project(&["exhaustive.py"]);
    let out = pyright(dir.path(), "3.10", &["exhaustive.py"]);
    let text = output_text(&out);
    assert!(
        !out.status.success(),
        "pyright accepts a missing case:\n{text}"
    );
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(" - error: ")).collect();
    // The match and the function's return on the path it misses.
    assert_eq!(errors.len(), 2, "{text}");
    assert!(
        errors.iter().all(|e| e.contains("exhaustive.py:3")),
        "{text}"
    );
    assert!(text.contains("reportMatchNotExhaustive"), "{text}");
    assert!(
        text.contains("Unhandled type: \"PipelineQuotaRequiresResources\""),
        "{text}"
    );
}

/// No class name hides a builtin of the interpreter's from the module's own
/// code: every builtin with a capital letter is in the list.
#[test]
fn every_builtin_class_is_avoided() {
    let out = run_python(&[
        "-c",
        "import builtins; print('\\n'.join(n for n in dir(builtins) if n[:1].isupper()))",
    ]);
    assert_success("python", &out);
    for name in String::from_utf8_lossy(&out.stdout).lines() {
        assert!(
            errgen::generate::python::BUILTIN_CLASSES.contains(&name),
            "{name} is missing from BUILTIN_CLASSES"
        );
    }
}

/// A value for a param, as JSON, and as the message shows it.
fn param_value(entry: &Entry, index: usize) -> (serde_json::Value, String) {
    let param = &entry.params[index];
    match param.ty {
        ParamType::String => {
            let s = format!(
                "<{}> \"q\" \\ ` ${{x}} {{{{ */ \"\"\" \n\t\u{0} \u{2028}\u{200f}\u{feff} 😀 中文 한국어 {}",
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
        // Structured params are wire-only: no message shows them.
        ParamType::List(_) => (serde_json::json!([]), String::new()),
        ParamType::Map(_) | ParamType::Record(_) => (serde_json::json!({}), String::new()),
        ParamType::Any => (
            serde_json::json!({"nested": [1, "two", null, {"three": 3.5}]}),
            String::new(),
        ),
    }
}

/// The message of `entry` in `locale` with `values` filled in, as the IR
/// says: the locale fallback is `Catalog::localized`'s; the code without any
/// message.
fn expected_message(catalog: &Catalog, entry: &Entry, locale: &str, values: &[String]) -> String {
    let Some(message) = catalog.localized(&entry.messages, locale) else {
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

/// The keyword of a param, as the module names it (read from its row).
fn keyword(module: &str, entry: &Entry, index: usize) -> String {
    let wire = errgen::generate::python::string(entry.params[index].name.original());
    let needle = format!("({wire}, \"");
    let at = module.find(&format!(
        "{}, {}",
        errgen::generate::python::string(&class_of(module, entry).unwrap_or_default()),
        code_literal(&entry.code)
    ));
    let row = &module[at.expect("the entry's row")..];
    let start = row.find(&needle).expect("the param's row") + needle.len();
    row[start..start + row[start..].find('"').unwrap()].to_owned()
}

/// A code as the module writes it.
fn code_literal(code: &Code) -> String {
    match code {
        Code::Int(n) => n.to_string(),
        Code::Str(s) => errgen::generate::python::string(s),
    }
}

/// The class the module gives `entry` (read from its row), if an error.
fn class_of(module: &str, entry: &Entry) -> Option<String> {
    if entry.kind == EntryKind::Success {
        return None;
    }
    let tail = format!(", {}, ", code_literal(&entry.code));
    module.lines().find_map(|line| {
        let row = line.trim_start().strip_prefix("(\"")?;
        let end = row.find('"')?;
        row[end + 1..]
            .starts_with(&tail)
            .then(|| row[..end].to_owned())
    })
}

#[test]
fn every_message_renders_and_every_envelope_round_trips() {
    let dir = project(&["roundtrip.py"]);
    let mut cases = Vec::new();
    for (_, catalog) in catalogs() {
        let (path, module) = generate(&catalog);
        let module_name = path.trim_end_matches(".py").to_owned();
        let base = format!("{}Error", catalog.name.upper_camel());
        let unknown_code = match catalog.code_kind {
            errgen::ir::CodeKind::Integer => serde_json::json!(999_999_999u64),
            errgen::ir::CodeKind::String => serde_json::json!("NOT_A_CODE_OF_THIS_CATALOG"),
        };
        for entry in &catalog.entries {
            let class = class_of(&module, entry);
            let mut params = serde_json::Map::new();
            let mut keywords = serde_json::Map::new();
            let mut values = Vec::new();
            for i in 0..entry.params.len() {
                let (json, shown) = param_value(entry, i);
                params.insert(entry.params[i].name.original().to_owned(), json.clone());
                if class.is_some() {
                    keywords.insert(keyword(&module, entry, i), json);
                }
                values.push(shown);
            }
            let code = match &entry.code {
                Code::Int(n) => serde_json::json!(n),
                Code::Str(s) => serde_json::json!(s),
            };
            // Each envelope the entry is sent in that an error makes: its
            // methods, and where its code is.
            let envelopes: Vec<serde_json::Value> = entry
                .envelopes
                .iter()
                .filter(|&&i| catalog.envelope_made(i))
                .map(|&i| {
                    let envelope = &catalog.envelopes[i];
                    let stem = envelope.function_stem();
                    let code = envelope.member(MemberKind::Code).unwrap();
                    let mut code_path: Vec<&str> = envelope
                        .error_object()
                        .map(|e| e.wire.as_str())
                        .into_iter()
                        .collect();
                    code_path.push(&code.wire);
                    serde_json::json!({
                        "name": envelope.name.original(),
                        "to": format!("to_{stem}"),
                        "from": format!("from_{stem}"),
                        "has_message": envelope.member(MemberKind::Message).is_some(),
                        "has_params": envelope.member(MemberKind::Params).is_some(),
                        "code_path": code_path,
                    })
                })
                .collect();
            for (i, locale) in catalog.locales.iter().enumerate() {
                cases.push(serde_json::json!({
                    "module": module_name,
                    "code": code,
                    "member": entry.name.shouty_snake(),
                    "kind": if entry.kind == EntryKind::Error { "error" } else { "success" },
                    "http": entry.http,
                    "grpc": entry.grpc.map(|g| g.number()),
                    "retryable": entry.retryable,
                    "stage": entry.stage.as_deref(),
                    "class": class,
                    "keywords": keywords,
                    "params": params,
                    "locale": locale,
                    "message": expected_message(&catalog, entry, locale, &values),
                    "default_message": expected_message(&catalog, entry, catalog.default_locale(), &values),
                    "ascii": i % 2 == 0,
                    "envelopes": envelopes,
                    "unknown_code": unknown_code,
                    "unknown_class": format!("Unknown{base}"),
                    "base_class": base,
                }));
            }
        }
    }
    let cases_path = dir.path().join("cases.json");
    std::fs::write(&cases_path, serde_json::to_string(&cases).unwrap()).unwrap();
    let out = Command::new(support::python())
        .args(["-W", "error", "-m", "unittest", "-v", "roundtrip"])
        .current_dir(dir.path())
        .env("ERRGEN_CASES", &cases_path)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the venv's python runs");
    assert_success("roundtrip.py", &out);
    assert!(
        output_text(&out).contains("Ran 1 test"),
        "{}",
        output_text(&out)
    );
}

/// The wire corpus (tests/fixtures/wire/) decodes as it expects with the
/// modules, as it does with the Rust and the TypeScript; and each kind of
/// expectation, made wrong, is reported.
#[test]
fn the_wire_corpus_decodes() {
    let dir = project(&["wire_corpus.py"]);
    let corpus = root().join("tests/fixtures/wire");
    let out = python_in(
        dir.path(),
        &["-W", "error", "wire_corpus.py", corpus.to_str().unwrap()],
    );
    assert_success("wire_corpus.py", &out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let count: usize = stdout
        .trim()
        .strip_prefix("wire: ")
        .and_then(|rest| rest.strip_suffix(" cases ok"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(count >= 25, "{stdout}");

    // Each kind of expectation, made wrong, is reported.
    let changed = support::wrong_wire_corpus(dir.path());
    let out = python_in(dir.path(), &["wire_corpus.py", "wrong"]);
    assert!(!out.status.success(), "{}", output_text(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    for name in &changed {
        assert!(
            report.contains(name.as_str()),
            "{name} not reported:\n{report}"
        );
    }
}
