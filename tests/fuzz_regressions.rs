//! Replays the fuzz corpus — the crashers the fuzzers found and a minimised
//! set of inputs that cover what they reached — through the very code the
//! fuzz targets run (`fuzz/harness.rs`): catalog bytes through parse → lower
//! → check → render → fmt, documents through import → parse → check, and
//! clean catalogs through every generator and `diff`. No input may panic. See fuzz/README.md for running the fuzzers.

use std::path::Path;

include!("../fuzz/harness.rs");

/// Runs `harness` on every file of `fuzz/corpus/<target>`, naming the one
/// that panics.
fn replay(target: &str, harness: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    let mut failed = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        if std::panic::catch_unwind(|| harness(&bytes)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "these inputs panic:\n{}",
        failed.join("\n")
    );
}

#[test]
fn parse_check_corpus_never_panics() {
    replay("parse_check", parse_check);
}

#[test]
fn import_corpus_never_panics() {
    replay("import", import);
}

#[test]
fn generate_corpus_never_panics() {
    replay("generate", generate);
}

#[test]
fn config_corpus_never_panics() {
    replay("config", config);
}
