//! Helpers shared by the generator tests (`mod support;`): loading catalogs
//! through the library, and a Python virtual environment with pinned
//! packages (openapi-spec-validator, jsonschema) for checking the output
//! with real tools.
//!
//! The venv lives in `target/py-venv`. It is (re)built only when its stamp
//! differs from `tests/support/requirements.txt`, in a fresh directory that
//! is then renamed into place, so that test threads and other test binaries
//! running at the same time never see a half-built one. A failed install
//! fails the test with pip's output; nothing is skipped.

#![allow(dead_code)] // each test binary uses part of it

use errgen::ir::Catalog;
use errgen::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// The pinned packages, with every dependency.
const REQUIREMENTS: &str = include_str!("requirements.txt");

/// The checks run on generated files (see its docstring).
pub const CHECK_PY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/check.py");

/// The crate root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fenced blocks of Markdown `text`: each one's info string and text
/// (with its last newline).
pub fn fenced(mut text: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    while let Some(open) = text.find("```") {
        let rest = &text[open + 3..];
        let (info, body) = rest.split_once('\n').expect("a fence ends its line");
        let close = body.find("\n```").expect("a fence is closed");
        blocks.push((info.trim(), &body[..close + 1]));
        text = &body[close + 4..];
    }
    blocks
}

/// The blocks fenced as `lang` (```` ```ts ````) after the first `marker`
/// in README.md, in order: the examples a test runs.
pub fn readme_blocks(marker: &str, lang: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("README has `{marker}`"));
    fenced(&readme[at..])
        .into_iter()
        .filter(|(info, _)| *info == lang)
        .map(|(_, block)| block.to_owned())
        .collect()
}

/// Every catalog file the generator tests compile, relative to the crate
/// root, in a stable order: the examples errgen.yaml generates (not the
/// previous version of autoscorer, the baseline of `errgen diff`, whose
/// modules would take the current one's names), the code-generation
/// fixtures (tests/fixtures/codegen/) and the catalog that holds every
/// statement (tests/fixtures/syntax/every-item.errors). Each target's tests
/// snapshot all of them and hand them to the target's own tools (rustc
/// through the consumer crate, tsc, mypy and pyright, the OpenAPI
/// validator, the IR's schema), so that a feature any of them holds is
/// proven in every target.
pub fn catalog_files() -> Vec<PathBuf> {
    let config =
        errgen::config::Config::load(&root().join("errgen.yaml")).expect("errgen.yaml loads");
    let mut files: Vec<PathBuf> = config
        .catalogs
        .iter()
        .filter(|c| c.generate)
        .map(|c| c.path.clone())
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/codegen"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "errors"))
        .map(|p| p.strip_prefix(root()).unwrap().to_owned())
        .collect();
    fixtures.sort();
    files.extend(fixtures);
    files.push("tests/fixtures/syntax/every-item.errors".into());
    files
}

/// The file name of a catalog file without `.errors`: the snapshot name.
pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Loads one catalog file (relative to the crate root); it must have no
/// errors.
pub fn load(path: &Path) -> Catalog {
    let bytes = std::fs::read(root().join(path)).unwrap();
    load_bytes(&path.display().to_string(), &bytes)
}

/// Loads one catalog from source text; it must have no errors.
pub fn load_source(name: &str, source: &str) -> Catalog {
    load_bytes(name, source.as_bytes())
}

fn load_bytes(name: &str, bytes: &[u8]) -> Catalog {
    let mut workspace = Workspace::new();
    workspace.add_bytes(name, None, bytes);
    let analysis = workspace.analyze();
    let rendered: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule.severity() == errgen::diagnostic::Severity::Error)
        .map(|d| errgen::render::human(d, &analysis.sources, false))
        .collect();
    assert!(
        rendered.is_empty(),
        "{name} has errors:\n{}",
        rendered.join("\n")
    );
    assert_eq!(analysis.catalogs.len(), 1, "{name}: one catalog");
    analysis.catalogs.into_iter().next().unwrap()
}

/// A generated OpenAPI document read with a real parser: serde_json for
/// `.json`, yaml_serde (YAML 1.2) otherwise. Panics, naming the file, when
/// it does not parse.
pub fn read_openapi(file: &errgen::generate::GeneratedFile) -> serde_json::Value {
    let path = file.path.display();
    if file.path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&file.content).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
    } else {
        yaml_serde::from_str(&file.content).unwrap_or_else(|e| panic!("{path} is not YAML: {e}"))
    }
}

/// The venv's Python, the venv being created first if needed.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| ensure_venv().join("bin").join("python"))
}

/// Runs the venv's Python with `args`.
pub fn run_python(args: &[&str]) -> Output {
    Command::new(python())
        .args(args)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("the venv's python runs")
}

/// stdout and stderr of a run, for messages.
pub fn output_text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `check.py` with `args`.
pub fn check_py(args: &[&str]) -> Output {
    let mut all = vec![CHECK_PY];
    all.extend_from_slice(args);
    run_python(&all)
}

/// Runs openapi-spec-validator (its command line, as a user would) on
/// `files` as OpenAPI 3.1.
pub fn openapi_spec_validator(files: &[&Path]) -> Output {
    let mut args = vec!["-m", "openapi_spec_validator", "--schema", "3.1"];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    run_python(&args)
}

/// `target/py-venv`, with the pinned packages installed.
fn ensure_venv() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let venv = target.join("py-venv");
    if is_current(&venv) {
        return venv;
    }
    let unique = format!(
        "{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let fresh = target.join(format!("py-venv.new-{unique}"));
    build_venv(&fresh);
    // Publish it. Renaming a directory onto a non-empty one fails, so a venv
    // that appeared meanwhile (another process) stays; an outdated one is
    // moved aside first.
    for _ in 0..10 {
        if std::fs::rename(&fresh, &venv).is_ok() {
            return venv;
        }
        if is_current(&venv) {
            let _ = std::fs::remove_dir_all(&fresh);
            return venv;
        }
        let old = target.join(format!("py-venv.old-{unique}"));
        if std::fs::rename(&venv, &old).is_ok() {
            let _ = std::fs::remove_dir_all(&old);
        }
    }
    panic!(
        "could not move {} into place at {}",
        fresh.display(),
        venv.display()
    );
}

/// Whether `venv` has exactly the pinned packages.
fn is_current(venv: &Path) -> bool {
    std::fs::read_to_string(venv.join("errgen-requirements.txt")).is_ok_and(|s| s == REQUIREMENTS)
        && venv.join("bin").join("python").exists()
}

/// Creates a venv at `dir` and installs the pinned packages; panics with the
/// tools' output when that fails.
fn build_venv(dir: &Path) {
    let run = |what: &str, command: &mut Command| {
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("{what}: cannot run it: {e}"));
        assert!(
            output.status.success(),
            "{what} failed ({}):\n{}",
            output.status,
            output_text(&output)
        );
    };
    run(
        "python3 -m venv",
        Command::new("python3").arg("-m").arg("venv").arg(dir),
    );
    let requirements = dir.join("errgen-requirements.in");
    std::fs::write(&requirements, REQUIREMENTS).unwrap();
    run(
        "pip install of tests/support/requirements.txt",
        Command::new(dir.join("bin").join("python"))
            .args([
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--quiet",
                "-r",
            ])
            .arg(&requirements),
    );
    // The stamp goes last: a venv without it is never used.
    std::fs::write(dir.join("errgen-requirements.txt"), REQUIREMENTS).unwrap();
}

/// A temporary directory for generated files.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("errgen-gen-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
}

// ---------------------------------------------------------------------------
// The node tools pinned in package.json: the TypeScript compiler
// (tests/generate_ts.rs, tests/proptest_catalogs.rs) and pyright
// (tests/generate_python.rs).

/// The version of TypeScript pinned in package.json.
pub fn pinned_typescript() -> String {
    pinned_npm("typescript")
}

/// The TypeScript compiler's entry point, installed with `npm ci` when it is
/// missing or not the pinned version.
pub fn tsc() -> &'static Path {
    static TSC: OnceLock<PathBuf> = OnceLock::new();
    TSC.get_or_init(|| npm_tool("typescript", "bin/tsc"))
}

/// pyright's entry point (for `node`), installed with `npm ci` when it is
/// missing or not the version pinned in package.json.
pub fn pyright() -> &'static Path {
    static PYRIGHT: OnceLock<PathBuf> = OnceLock::new();
    PYRIGHT.get_or_init(|| npm_tool("pyright", "index.js"))
}

/// The version of `package` pinned in package.json.
fn pinned_npm(package: &str) -> String {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("package.json")).unwrap()).unwrap();
    manifest["devDependencies"][package]
        .as_str()
        .unwrap_or_else(|| panic!("package.json pins {package}"))
        .to_owned()
}

/// `node_modules/<package>/<entry>`, after `npm ci` when the package is
/// missing or not the pinned version.
fn npm_tool(package: &str, entry: &str) -> PathBuf {
    let path = root().join("node_modules").join(package).join(entry);
    let installed = || -> Option<String> {
        let manifest = std::fs::read(
            root()
                .join("node_modules")
                .join(package)
                .join("package.json"),
        )
        .ok()?;
        let manifest: serde_json::Value = serde_json::from_slice(&manifest).ok()?;
        Some(manifest["version"].as_str()?.to_owned())
    };
    if !path.exists() || installed() != Some(pinned_npm(package)) {
        let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
        let out = Command::new(npm)
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(root())
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run `npm ci` (are Node.js and npm installed?): {e}")
            });
        assert!(
            out.status.success(),
            "`npm ci` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        installed(),
        Some(pinned_npm(package)),
        "npm ci installs the pinned {package}"
    );
    path
}

/// The flags of every run: strict, and stricter than strict.
pub const TSC_FLAGS: &[&str] = &[
    "--strict",
    "--noUncheckedIndexedAccess",
    "--exactOptionalPropertyTypes",
    "--noImplicitReturns",
    "--noFallthroughCasesInSwitch",
    "--noPropertyAccessFromIndexSignature",
    "--noUnusedLocals",
    "--noUnusedParameters",
    "--verbatimModuleSyntax",
    "--erasableSyntaxOnly",
    "--target",
    "es2022",
    "--module",
    "es2022",
    "--moduleResolution",
    "bundler",
    "--lib",
    "es2022",
    "--pretty",
    "false",
];

/// Runs tsc in `dir` over `files` with [`TSC_FLAGS`] and `extra`.
pub fn run_tsc(dir: &Path, extra: &[&str], files: &[String]) -> Output {
    Command::new("node")
        .arg(tsc())
        .args(TSC_FLAGS)
        .args(extra)
        .args(files)
        .current_dir(dir)
        .output()
        .expect("node runs")
}

// ---------------------------------------------------------------------------
// The VS Code extension's tools, pinned in editors/vscode/package.json (tests/editor.rs).

/// `editors/vscode`, with its pinned packages installed by `npm ci` when
/// any of them is missing or not the version its package.json pins.
pub fn vscode_extension() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = root().join("editors/vscode");
        let package: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("package.json")).unwrap()).unwrap();
        let pins: Vec<(String, String)> = ["dependencies", "devDependencies"]
            .iter()
            .flat_map(|key| package[key].as_object().unwrap().iter())
            .map(|(name, version)| (name.clone(), version.as_str().unwrap().to_owned()))
            .collect();
        let installed = |name: &str| -> Option<String> {
            let file = dir.join("node_modules").join(name).join("package.json");
            let package: serde_json::Value =
                serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
            Some(package["version"].as_str()?.to_owned())
        };
        let current = || pins.iter().all(|(n, v)| installed(n).as_ref() == Some(v));
        if !current() {
            let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
            // No install scripts: nothing the tests use needs one (only
            // @vscode/vsce-sign has one, for `vsce sign`, which they do not run).
            let out = Command::new(npm)
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .current_dir(&dir)
                .output()
                .unwrap_or_else(|e| {
                    panic!("cannot run `npm ci` (are Node.js and npm installed?): {e}")
                });
            assert!(
                out.status.success(),
                "`npm ci` in editors/vscode failed:\n{}",
                output_text(&out)
            );
        }
        assert!(
            current(),
            "npm ci installs the versions package.json pins: {pins:?}"
        );
        dir
    })
}

/// Runs a command of editors/vscode/node_modules/.bin in `editors/vscode`.
pub fn run_vscode_tool(tool: &str, args: &[&str]) -> Output {
    let dir = vscode_extension();
    Command::new(dir.join("node_modules/.bin").join(tool))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"))
}

/// A copy of the wire corpus's autoscorer file in `dir/wrong/` with one
/// expectation of each kind (known params, unknown code, invalid param,
/// success envelope) made wrong: a corpus driver run on `dir/wrong` must
/// fail and name each returned case.
pub fn wrong_wire_corpus(dir: &Path) -> Vec<String> {
    let wrong = dir.join("wrong");
    std::fs::create_dir(&wrong).unwrap();
    let corpus = root().join("tests/fixtures/wire/autoscorer.json");
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus).unwrap()).unwrap();
    let cases = file["cases"].as_array_mut().unwrap();
    let mut changed: Vec<String> = Vec::new();
    for key in ["known", "unknown", "invalid", "success"] {
        let case = cases
            .iter_mut()
            .find(|c| {
                c["expect"].get(key).is_some() && !changed.iter().any(|n| c["name"] == n.as_str())
            })
            .unwrap();
        changed.push(case["name"].as_str().unwrap().to_owned());
        match key {
            "known" => case["expect"]["params"]["error_count"] = serde_json::json!(3),
            "unknown" => case["expect"]["unknown"] = serde_json::json!("ELSE"),
            "invalid" => case["expect"]["invalid"] = serde_json::json!("other"),
            _ => case["envelope"] = serde_json::json!("cli"),
        }
    }
    std::fs::write(wrong.join("autoscorer.json"), file.to_string()).unwrap();
    changed
}
