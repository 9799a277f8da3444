//! Failure safety of `errgen compile`: a compile that fails — a bad catalog,
//! a folder that cannot be written, a full disk, a rename that fails — leaves
//! every existing output file as it was (and no temporary file behind); and
//! nothing in `errgen.yaml` (`..`, absolute paths, symbolic links) makes
//! errgen write outside the project's output folders.
//!
//! The tests run the real binary in a temporary project. Two of them mount
//! file systems (a read-only bind mount, a tiny tmpfs) and need root; where
//! mounting is not permitted they fall back to another real failure and say
//! so on standard error.

// Symbolic links, mounts and modes as Unix has them.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

const CONFIG: &str = "catalogs:\n  - path: api.errors\ntargets:\n  rust: { out: gen/rust }\n  ts: { out: gen/ts }\n  md: { out: gen/md }\n";

fn catalog(message: &str) -> String {
    format!(
        "catalog demo {{\n  locales en, zh\n  format \"DEMO_{{digits:4}}\"\n}}\n\n\
         error not_found = \"DEMO_0001\" {{\n  http 404\n  param item: string\n  \
         message en \"{message} {{item}}\"\n  message zh \"找不到 {{item}}。\"\n}}\n"
    )
}

/// A catalog with errors: a duplicate code and a malformed one.
const BAD: &str = "catalog demo {\n  locales en\n  format \"DEMO_{digits:4}\"\n}\n\n\
    error a = \"DEMO_0001\" {\n  message en \"A\"\n}\n\n\
    error b = \"DEMO_0001\" {\n  message en \"B\"\n}\n\n\
    error c = \"DEMO.02\" {\n  message en \"C\"\n}\n";

struct Run {
    code: i32,
    stderr: String,
}

fn errgen(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("errgen runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "errgen panicked:\n{stderr}");
    Run {
        code: out.status.code().expect("errgen exits"),
        stderr,
    }
}

/// A project with errgen.yaml and a valid catalog, compiled once.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("errgen.yaml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["gen/rust/demo.rs", "gen/ts/demo.ts", "gen/md/demo.md"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    dir
}

/// Every file under `dir` (symbolic links not followed): its bytes and
/// modification time.
type Snapshot = BTreeMap<PathBuf, (Vec<u8>, Option<SystemTime>)>;

fn snapshot(dir: &Path) -> Snapshot {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path, (bytes, meta.modified().ok()));
            }
        }
    }
    files
}

/// The bytes only, for a failure after which a file was put back.
fn contents(snapshot: &Snapshot) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot
        .iter()
        .map(|(path, (bytes, _))| (path.clone(), bytes.clone()))
        .collect()
}

/// Asserts two snapshots are equal, naming the files that differ (not
/// dumping their bytes).
#[track_caller]
fn assert_unchanged<V: PartialEq>(after: &BTreeMap<PathBuf, V>, before: &BTreeMap<PathBuf, V>) {
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .collect();
    assert!(
        changed.is_empty(),
        "changed, created or removed: {changed:?}"
    );
}

fn assert_no_temporaries(dir: &Path) {
    for path in snapshot(dir).keys() {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(!name.contains(".errgen-"), "left behind: {path:?}");
    }
}

/// A change to the catalog that changes every generated file.
fn change_catalog(dir: &Path) {
    std::fs::write(dir.join("api.errors"), catalog("Missing:")).unwrap();
}

#[test]
fn a_bad_catalog_writes_nothing() {
    let dir = project();
    let before = snapshot(&dir.path().join("gen"));
    std::fs::write(dir.path().join("api.errors"), BAD).unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing was generated"),
        "{}",
        run.stderr
    );
    assert_unchanged(&snapshot(&dir.path().join("gen")), &before);
}

#[test]
fn a_folder_that_cannot_be_made_leaves_every_target_as_it_was() {
    // `gen/md` becomes a regular file: no one, not even root, can create
    // `gen/md/demo.md`. The rust and ts outputs, which could be written,
    // must not be either: a compile is all or nothing across targets.
    let dir = project();
    std::fs::remove_dir_all(dir.path().join("gen/md")).unwrap();
    std::fs::write(dir.path().join("gen/md"), "a file, not a folder").unwrap();
    let before = snapshot(&dir.path().join("gen"));
    change_catalog(dir.path());
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The message names the file in the way, not a path below it with the
    // OS's "File exists".
    assert!(
        run.stderr
            .contains("cannot write `gen/md`: it is a file where a folder is needed"),
        "{}",
        run.stderr
    );
    assert_unchanged(&snapshot(&dir.path().join("gen")), &before);
    assert_no_temporaries(dir.path());
}

#[test]
fn a_failed_rename_puts_back_what_was_already_moved() {
    // The ts destination is a folder: staging succeeds everywhere, the rust
    // file is renamed into place, then renaming over the folder fails. The
    // rust file must get its old bytes back.
    let dir = project();
    let ts = dir.path().join("gen/ts/demo.ts");
    std::fs::remove_file(&ts).unwrap();
    std::fs::create_dir(&ts).unwrap();
    std::fs::write(ts.join("keep"), "keep").unwrap();
    let before = snapshot(&dir.path().join("gen"));
    change_catalog(dir.path());
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("demo.ts"), "{}", run.stderr);
    assert_unchanged(
        &contents(&snapshot(&dir.path().join("gen"))),
        &contents(&before),
    );
    assert_no_temporaries(dir.path());
}

/// A mount that is undone when dropped.
struct Mount(PathBuf);

impl Mount {
    fn run(args: &[&str]) -> bool {
        Command::new("mount")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).output();
    }
}

#[test]
fn a_read_only_folder_leaves_every_target_as_it_was() {
    let dir = project();
    let md = dir.path().join("gen/md");
    let md_str = md.to_str().unwrap();
    let _mount = if Mount::run(&["--bind", md_str, md_str]) {
        let mount = Mount(md.clone());
        if !Mount::run(&["-o", "remount,ro,bind", md_str]) {
            eprintln!("note: cannot remount read-only; skipping the read-only case");
            return;
        }
        mount
    } else {
        // Not root, or no mount namespace: a read-only file system is out of
        // reach, but the mode bits stop anyone who is not root.
        eprintln!("note: cannot bind-mount; testing a read-only folder by its mode instead");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&md, std::fs::Permissions::from_mode(0o555)).unwrap();
        if std::fs::write(md.join("probe"), "").is_ok() {
            eprintln!("note: the mode does not stop this user (root?); skipping");
            return;
        }
        Mount(PathBuf::from("/nonexistent-errgen-mount"))
    };
    let before = snapshot(&dir.path().join("gen"));
    change_catalog(dir.path());
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert_unchanged(&snapshot(&dir.path().join("gen")), &before);
    assert_no_temporaries(dir.path());
}

#[test]
fn a_full_disk_leaves_every_target_as_it_was() {
    // `gen` is a 1 MiB tmpfs, filled up after the first compile; the second
    // compile, with a 200 KB message, runs out of space while staging.
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("gen");
    std::fs::create_dir(&gen).unwrap();
    let gen_str = gen.to_str().unwrap();
    if !Mount::run(&["-t", "tmpfs", "-o", "size=1m", "tmpfs", gen_str]) {
        eprintln!("note: cannot mount a tmpfs (not root?); the full-disk case is not run");
        return;
    }
    let _mount = Mount(gen.clone());
    std::fs::write(dir.path().join("errgen.yaml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Fill the disk.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(gen.join("filler")).unwrap();
        let block = vec![b'x'; 4096];
        while filler.write_all(&block).is_ok() {}
        let _ = filler.sync_all();
    }
    let before = snapshot(&gen);
    let long = "long ".repeat(40_000);
    std::fs::write(dir.path().join("api.errors"), catalog(&long)).unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert_unchanged(&snapshot(&gen), &before);
    assert_no_temporaries(&gen);
}

/// A project whose only target writes to `out`, and a folder outside it
/// that must stay empty.
fn project_with_out(out: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let out = out.replace("OUTSIDE", outside.path().to_str().unwrap());
    std::fs::write(
        dir.path().join("errgen.yaml"),
        format!("catalogs:\n  - path: api.errors\ntargets:\n  rust: {{ out: '{out}' }}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    (dir, outside)
}

#[test]
fn an_output_folder_that_goes_up_is_refused() {
    for out in ["../escape", "gen/../../escape", "gen/../.."] {
        let (dir, outside) = project_with_out(out);
        let run = errgen(dir.path(), &["compile"]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("goes up with `..`"), "{}", run.stderr);
        assert!(snapshot(outside.path()).is_empty());
        assert!(!dir.path().parent().unwrap().join("escape").exists());
        assert!(snapshot(dir.path()).len() == 2, "only the inputs remain");
    }
}

#[test]
fn an_absolute_output_folder_is_refused() {
    let (dir, outside) = project_with_out("OUTSIDE/gen");
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is absolute"), "{}", run.stderr);
    assert!(snapshot(outside.path()).is_empty());
    assert!(!outside.path().join("gen").exists());
}

#[test]
fn an_output_folder_through_a_symlink_is_refused() {
    // `gen` → outside, with `out: gen/rust`; and `out: link` → outside.
    for (out, link) in [("gen/rust", "gen"), ("link", "link")] {
        let (dir, outside) = project_with_out(out);
        std::os::unix::fs::symlink(outside.path(), dir.path().join(link)).unwrap();
        let run = errgen(dir.path(), &["compile"]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("make the folders of `targets.rust.out` in errgen.yaml real folders"),
            "{}",
            run.stderr
        );
        assert!(snapshot(outside.path()).is_empty(), "{out}");
        // `--check` only reads, and still refuses to look through it.
        let run = errgen(dir.path(), &["compile", "--check"]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
    }
    // A target errgen.yaml does not configure writes to
    // `generated/<target>`: no `out` of errgen.yaml is to blame.
    let (dir, outside) = project_with_out("gen/rust");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("generated")).unwrap();
    let run = errgen(dir.path(), &["compile", "--target", "md"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`generated` is a symbolic link")
            && run.stderr.contains("make it a real folder"),
        "{}",
        run.stderr
    );
    assert!(snapshot(outside.path()).is_empty());
}

#[test]
fn an_output_file_that_is_a_symlink_is_refused() {
    let (dir, outside) = project_with_out("gen");
    let victim = outside.path().join("victim.rs");
    std::fs::write(&victim, "keep").unwrap();
    std::fs::create_dir(dir.path().join("gen")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("gen/demo.rs")).unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("demo.rs`: it is a symbolic link"),
        "reported as a link, not as outside the folder: {}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(snapshot(outside.path()).len(), 1);
}

#[test]
fn a_symlink_planted_at_a_staging_name_is_not_followed() {
    // The names staging used before were fixed: `.NAME.errgen-tmp`.
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    for staged in [
        "gen/rust/.demo.rs.errgen-tmp",
        "gen/ts/.demo.ts.errgen-tmp",
        "gen/md/.demo.md.errgen-tmp",
        ".api.errors.errgen-tmp",
    ] {
        std::os::unix::fs::symlink(&victim, dir.path().join(staged)).unwrap();
    }
    change_catalog(dir.path());
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // `fmt --write` stages the same way (the catalog is not in canonical form).
    let unformatted = catalog("Missing:").replace("  http 404", "  http    404");
    std::fs::write(dir.path().join("api.errors"), unformatted).unwrap();
    let run = errgen(dir.path(), &["fmt", "--write", "api.errors"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("api.errors")).unwrap(),
        catalog("Missing:")
    );
    for file in ["gen/rust/demo.rs", "gen/ts/demo.ts", "gen/md/demo.md"] {
        let path = dir.path().join(file);
        assert!(
            std::fs::symlink_metadata(&path).unwrap().is_file(),
            "{file}"
        );
        assert!(std::fs::read_to_string(&path).unwrap().contains("Missing:"));
    }
}

/// A catalog of `n` entries whose every message names `marker`.
fn big_catalog(marker: &str, n: usize) -> String {
    let mut text = "catalog demo {\n  locales en\n  format \"DEMO_{digits:5}\"\n}\n".to_owned();
    for i in 0..n {
        text.push_str(&format!(
            "\nerror e{i} = \"DEMO_{i:05}\" {{\n  message en \"{marker} {i}\"\n}}\n"
        ));
    }
    text
}

#[test]
fn concurrent_compiles_leave_every_file_wholly_one_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("alpha.errors"), big_catalog("ALPHA", 3000)).unwrap();
    std::fs::write(dir.path().join("bravo.errors"), big_catalog("BRAVO", 3000)).unwrap();
    for trial in 0..6 {
        let children: Vec<_> = ["alpha.errors", "bravo.errors"]
            .iter()
            .map(|file| {
                Command::new(env!("CARGO_BIN_EXE_errgen"))
                    .args(["compile", file, "--out", "out"])
                    .current_dir(dir.path())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let files = snapshot(&dir.path().join("out"));
        assert_eq!(
            files.len(),
            errgen::Target::ALL.len(),
            "trial {trial}: {:?}",
            files.keys()
        );
        let mut versions = BTreeMap::new();
        for (path, (bytes, _)) in &files {
            let text = String::from_utf8_lossy(bytes);
            let (alpha, bravo) = (text.contains("ALPHA"), text.contains("BRAVO"));
            assert!(alpha != bravo, "trial {trial}: {path:?} is torn");
            versions.insert(path.clone(), if alpha { "alpha" } else { "bravo" });
        }
        let first = versions.values().next().unwrap();
        assert!(
            versions.values().all(|v| v == first),
            "trial {trial}: targets of both versions: {versions:?}"
        );
    }
}

/// Starts `errgen compile` told to stop at `point` (a debug-build test
/// hook), waits until it says it is there, and kills it (SIGKILL).
fn kill_compile_at(dir: &Path, args: &[&str], point: &str) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_errgen"))
        .args(args)
        .current_dir(dir)
        .env("ERRGEN_TEST_PAUSE", point)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        if line.contains(&format!("paused at {point}")) {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        seen.push_str(&line);
        seen.push('\n');
    }
    let status = child.wait().unwrap();
    panic!("errgen never reached {point} ({status:?}):\n{seen}");
}

/// The generated files of `project()` that hold `text`.
fn targets_holding(dir: &Path, text: &str) -> Vec<&'static str> {
    ["gen/rust/demo.rs", "gen/ts/demo.ts", "gen/md/demo.md"]
        .into_iter()
        .filter(|file| {
            std::fs::read_to_string(dir.join(file))
                .unwrap()
                .contains(text)
        })
        .collect()
}

#[test]
fn a_compile_killed_while_staging_leaves_nothing_behind() {
    let dir = project();
    let before = contents(&snapshot(&dir.path().join("gen")));
    change_catalog(dir.path());
    kill_compile_at(dir.path(), &["compile"], "staged");
    // Every target is still the old version; the staged files are stale.
    let run = errgen(dir.path(), &["compile", "--check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(".errgen-tmp"), "{}", run.stderr);
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    let run = errgen(dir.path(), &["compile", "--check"]);
    assert_eq!(run.code, 1, "leftovers are not up to date: {}", run.stderr);
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_unchanged(&contents(&snapshot(&dir.path().join("gen"))), &before);
    assert_no_temporaries(dir.path());
    let run = errgen(dir.path(), &["compile", "--check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_compile_killed_during_its_renames_is_finished_by_the_next_run() {
    // Three targets, three renames: killed before the first, second, third.
    for n in 0..3 {
        let dir = project();
        change_catalog(dir.path());
        kill_compile_at(dir.path(), &["compile"], &format!("rename:{n}"));
        let run = errgen(dir.path(), &["compile", "--check"]);
        assert_eq!(run.code, 1, "rename {n}: {}", run.stderr);
        assert!(run.stderr.contains(".errgen-journal"), "{}", run.stderr);

        // The next run, of the old catalog and one target only, first
        // finishes the killed run in every folder.
        std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
        let run = errgen(dir.path(), &["compile", "--target", "md"]);
        assert_eq!(run.code, 0, "rename {n}: {}", run.stderr);
        assert_eq!(
            targets_holding(dir.path(), "Missing:"),
            ["gen/rust/demo.rs", "gen/ts/demo.ts"],
            "rename {n}"
        );
        assert_eq!(
            targets_holding(dir.path(), "Not found:"),
            ["gen/md/demo.md"]
        );
        assert_no_temporaries(dir.path());
        let run = errgen(dir.path(), &["compile", "--check"]);
        assert_eq!(run.code, 1, "rust and ts are of the newer catalog");
        let run = errgen(dir.path(), &["compile"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = errgen(dir.path(), &["compile", "--check"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
}

#[test]
fn a_file_size_limit_is_an_io_error() {
    // Under `ulimit -f` a write past the limit raised SIGXFSZ, which killed
    // errgen (exit 153) and left its staged file behind.
    let dir = project();
    let before = snapshot(&dir.path().join("gen"));
    let long = "long ".repeat(40_000);
    std::fs::write(dir.path().join("api.errors"), catalog(&long)).unwrap();
    let out = Command::new("sh")
        .args(["-c", "ulimit -f 100 && exec \"$0\" compile"])
        .arg(env!("CARGO_BIN_EXE_errgen"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{:?}: {stderr}", out.status);
    assert!(stderr.contains("File too large"), "{stderr}");
    assert_unchanged(&snapshot(&dir.path().join("gen")), &before);
    assert_no_temporaries(dir.path());
}

#[test]
fn no_symlink_below_an_explicit_out_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    // A target folder that is a link.
    std::fs::create_dir(dir.path().join("gen")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("gen/rust")).unwrap();
    let run = errgen(dir.path(), &["compile", "api.errors", "--out", "gen"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(snapshot(outside.path()).is_empty());
    // A file that is a link, from an absolute `--out`: reported as a link.
    std::fs::remove_file(dir.path().join("gen/rust")).unwrap();
    std::fs::create_dir(dir.path().join("gen/rust")).unwrap();
    let victim = outside.path().join("victim.rs");
    std::fs::write(&victim, "keep").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("gen/rust/demo.rs")).unwrap();
    let gen = dir.path().join("gen");
    let run = errgen(
        dir.path(),
        &["compile", "api.errors", "--out", gen.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("demo.rs`: it is a symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    // `--out` itself may be a link: the user chose it.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
    let run = errgen(dir.path(), &["compile", "api.errors", "--out", "link"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(outside.path().join("rust/demo.rs").is_file());
}

#[test]
fn two_catalogs_with_one_output_file_are_a_diagnostic() {
    let versioned = |version: &str, message: &str| {
        catalog(message).replace("  locales", &format!("  version {version}\n  locales"))
    };
    let renamed = |name: &str| {
        catalog("Other:")
            .replace("catalog demo", &format!("catalog {name}"))
            .replace("DEMO_", "OTHER_")
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("v1.errors"), versioned("1.0.0", "One:")).unwrap();
    std::fs::write(dir.path().join("v2.errors"), versioned("2.0.0", "Two:")).unwrap();
    std::fs::write(dir.path().join("under.errors"), renamed("___demo")).unwrap();
    std::fs::write(dir.path().join("upper.errors"), renamed("Demo")).unwrap();
    for other in ["v2.errors", "under.errors", "upper.errors"] {
        // A fresh folder, and one that already holds the first catalog's files.
        for existing in [false, true] {
            let out = dir.path().join("out");
            let _ = std::fs::remove_dir_all(&out);
            if existing {
                let run = errgen(dir.path(), &["compile", "v1.errors", "--out", "out"]);
                assert_eq!(run.code, 0, "{}", run.stderr);
            }
            let before = snapshot(dir.path());
            let run = errgen(dir.path(), &["compile", "v1.errors", other, "--out", "out"]);
            assert_eq!(run.code, 1, "{other}: {}", run.stderr);
            assert!(run.stderr.contains("error[E0004]"), "{}", run.stderr);
            assert!(run.stderr.contains("--> v1.errors") || run.stderr.contains("::: v1.errors"));
            assert!(
                run.stderr.contains(&format!("{other}:1:9")),
                "{}",
                run.stderr
            );
            assert!(
                run.stderr.contains("nothing was generated"),
                "{}",
                run.stderr
            );
            assert_unchanged(&snapshot(dir.path()), &before);
        }
    }
}

/// A file errgen rewrites keeps its mode: `fmt --write` made a private
/// catalog (0600) readable by everyone (0644, a new file's mode), and
/// `compile` made a generated file someone had made read-only writable.
#[test]
fn a_rewritten_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let set = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    let dir = project();
    let api = dir.path().join("api.errors");
    std::fs::write(
        &api,
        catalog("Not found:").replace("  http 404", "http   404"),
    )
    .unwrap();
    set(&api, 0o600);
    let run = errgen(dir.path(), &["fmt", "--write", "api.errors"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&api).unwrap(),
        catalog("Not found:")
    );
    assert_eq!(mode(&api), 0o600);
    let rust = dir.path().join("gen/rust/demo.rs");
    set(&rust, 0o444);
    change_catalog(dir.path());
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote 3 file(s)"), "{}", run.stderr);
    assert_eq!(mode(&rust), 0o444);
}

/// `fmt --write` on a catalog reached through a symbolic link (one shared
/// between projects) formats the file it points to and keeps the link; it
/// refused, telling the user to replace the link "with a real folder or
/// file" as if it were in an output folder.
#[test]
fn fmt_writes_a_linked_catalog_where_the_link_points() {
    let dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let real = shared.path().join("api.errors");
    std::fs::write(&real, "catalog demo {\nlocales en\n}\n").unwrap();
    let link = dir.path().join("api.errors");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let run = errgen(dir.path(), &["fmt", "--write", "api.errors"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "catalog demo {\n  locales en\n}\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(std::fs::read_dir(shared.path()).unwrap().count(), 1);
}

/// A compile that fails leaves no folder it made behind: with `gen/ts` a
/// file, a first compile made `gen/rust`, empty, before it found that it
/// could write nothing.
#[test]
fn a_failed_compile_leaves_no_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("errgen.yaml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("api.errors"), catalog("Not found:")).unwrap();
    std::fs::create_dir(dir.path().join("gen")).unwrap();
    std::fs::write(dir.path().join("gen/ts"), "a file, not a folder").unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let left: Vec<_> = std::fs::read_dir(dir.path().join("gen"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["ts"]);
    // Nor a new output folder above them.
    std::fs::write(
        dir.path().join("errgen.yaml"),
        CONFIG.replace("gen/rust", "new/out/rust"),
    )
    .unwrap();
    let run = errgen(dir.path(), &["compile"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("new").exists());
}
