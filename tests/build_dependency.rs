//! What a `build.rs` user compiles: errgen as a build-dependency with
//! `default-features = false, features = ["rust"]` (README, "From
//! build.rs") builds exactly the packages below, and no proc macro.
//!
//! Issue 11, item 6 holds a clean build of such a crate to no more than
//! prost-build's (BENCHMARKS.md, "Build cost for a build.rs user"): every
//! package on this list is on its critical path. The bench measures the
//! time (`ERRGEN_BENCH_BUILD_COST=1 cargo bench --bench downstream`, with
//! `protoc`); this test, which CI runs, fails as soon as a change brings
//! another package into that build, so that the change is measured before
//! the list is widened.

use std::collections::BTreeSet;
use std::process::Command;

/// The packages of the rust-only library on Linux (x86-64), errgen
/// included. rustix and linux-raw-sys come with tempfile and fs4.
const EXPECTED: &[&str] = &[
    "annotate-snippets",
    "anstyle",
    "askama",
    "bitflags",
    "errgen",
    "fastrand",
    "fs4",
    "heck",
    "itoa",
    "linux-raw-sys",
    "memchr",
    "once_cell",
    "pest",
    "regex-syntax",
    "rustix",
    "tempfile",
    "ucd-trie",
    "unicode-width",
];

#[test]
fn a_rust_only_build_dependency_compiles_these_packages_and_no_proc_macro() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--locked",
            "-p",
            "errgen",
            "--no-default-features",
            "--features",
            "rust",
            "-e",
            "normal,build",
            "--target",
            "x86_64-unknown-linux-gnu",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    let macros: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("(proc-macro)"))
        .collect();
    assert!(
        macros.is_empty(),
        "a build script would compile a proc macro (and syn with it): {macros:?}"
    );
    let packages: BTreeSet<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: BTreeSet<&str> = EXPECTED.iter().copied().collect();
    let added: Vec<&&str> = packages.difference(&expected).collect();
    let gone: Vec<&&str> = expected.difference(&packages).collect();
    assert!(
        added.is_empty() && gone.is_empty(),
        "the rust-only build-dependency's packages changed: added {added:?}, gone {gone:?}. \
         An added package is on every build.rs user's clean build: measure it \
         (ERRGEN_BENCH_BUILD_COST=1 cargo bench --bench downstream) and write the figures \
         in BENCHMARKS.md before changing EXPECTED."
    );
}
