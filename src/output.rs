//! Writing generated files: all or nothing, atomically, and only when their
//! content changed (so that cargo, rust-analyzer and file watchers do not
//! see a change that is not one).
//!
//! Every file is first written to a temporary file beside its destination;
//! only when all of them are staged are they renamed into place. A failure
//! while staging removes the temporaries and leaves the output folder as it
//! was.

use crate::generate::GeneratedFile;
use std::io;
use std::path::{Component, Path, PathBuf};

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed), as full paths.
    pub written: Vec<PathBuf>,
    /// Files whose content was already right, left untouched.
    pub unchanged: Vec<PathBuf>,
}

/// Why files could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// A generated path would leave its output folder.
    Escapes(PathBuf),
    /// Reading, writing or renaming failed.
    Io {
        /// The path concerned.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Escapes(path) => write!(
                f,
                "refusing to write `{}`: it is not inside the output folder",
                path.display()
            ),
            OutputError::Io { path, error } => {
                write!(f, "cannot write `{}`: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for OutputError {}

/// The full path of a generated file under `out_dir`, refusing paths that are
/// absolute or climb out with `..`.
pub fn destination(out_dir: &Path, relative: &Path) -> Result<PathBuf, OutputError> {
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && relative.components().next().is_some();
    if !safe {
        return Err(OutputError::Escapes(relative.to_owned()));
    }
    Ok(out_dir.join(relative))
}

/// Whether the file at `path` already holds `content`.
fn up_to_date(path: &Path, content: &str) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes == content.as_bytes())
}

/// Refuses `root/relative` when any part of it below `root` that exists is a
/// symbolic link: writing through one could land outside the folder.
pub fn refuse_symlinks(root: &Path, relative: &Path) -> Result<(), OutputError> {
    let mut path = root.to_path_buf();
    for component in relative.components() {
        path.push(component);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Escapes(path));
        }
    }
    Ok(())
}

/// Writes every file under `out_dir` that is new or changed, all or nothing.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> Result<WriteReport, OutputError> {
    write_all(&[(out_dir, files)])
}

/// Writes the files of several output folders, all or nothing across all of
/// them: every new or changed file is staged first; only when all are
/// staged are they renamed into place, and should a rename fail, the files
/// already moved get their old content back (new ones are removed).
pub fn write_all(plans: &[(&Path, &[GeneratedFile])]) -> Result<WriteReport, OutputError> {
    let mut report = WriteReport::default();
    // (destination, content, what it held before if anything)
    let mut pending: Vec<(PathBuf, &str, Option<Vec<u8>>)> = Vec::new();
    for (out_dir, files) in plans {
        for file in *files {
            let path = destination(out_dir, &file.path)?;
            refuse_symlinks(out_dir, &file.path)?;
            let old = std::fs::read(&path).ok();
            if old.as_deref() == Some(file.content.as_bytes()) {
                report.unchanged.push(path);
            } else {
                pending.push((path, file.content.as_str(), old));
            }
        }
    }
    if pending.is_empty() {
        return Ok(report);
    }

    // Stage every file beside its destination, then move them all in.
    let mut staged: Vec<PathBuf> = Vec::new();
    let result = pending.iter().try_for_each(|(path, content, _)| {
        let io = |error| OutputError::Io {
            path: path.clone(),
            error,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let temp = temp_beside(path);
        staged.push(temp.clone());
        std::fs::write(&temp, content).map_err(io)
    });
    if let Err(error) = result {
        for temp in &staged {
            let _ = std::fs::remove_file(temp);
        }
        return Err(error);
    }
    for (done, ((path, _, _), temp)) in pending.iter().zip(&staged).enumerate() {
        if let Err(error) = std::fs::rename(temp, path) {
            for temp in &staged[done..] {
                let _ = std::fs::remove_file(temp);
            }
            for (path, _, old) in &pending[..done] {
                restore(path, old.as_deref());
            }
            return Err(OutputError::Io {
                path: path.clone(),
                error,
            });
        }
    }
    report.written = pending.into_iter().map(|(path, _, _)| path).collect();
    Ok(report)
}

/// The temporary file a destination is staged in, in the same folder (so
/// that the rename cannot cross file systems).
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.errgen-tmp"))
}

/// Best effort, after a failed rename: puts back what `path` held before
/// (atomically), or removes it if it did not exist.
fn restore(path: &Path, old: Option<&[u8]>) {
    match old {
        Some(bytes) => {
            let temp = temp_beside(path);
            if std::fs::write(&temp, bytes).is_err() || std::fs::rename(&temp, path).is_err() {
                let _ = std::fs::remove_file(&temp);
            }
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The files under `out_dir` that [`write`] would create or change.
pub fn drift(out_dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, OutputError> {
    let mut changed = Vec::new();
    for file in files {
        let path = destination(out_dir, &file.path)?;
        if !up_to_date(&path, &file.content) {
            changed.push(path);
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            content: content.into(),
        }
    }

    #[test]
    fn writes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("a.rs", "A"), file("sub/b.ts", "B")];
        let first = write(dir.path(), &files).unwrap();
        assert_eq!(first.written.len(), 2);
        let modified = std::fs::metadata(dir.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        let second = write(dir.path(), &[file("a.rs", "A"), file("sub/b.ts", "B2")]).unwrap();
        assert_eq!(second.unchanged, vec![dir.path().join("a.rs")]);
        assert_eq!(second.written, vec![dir.path().join("sub/b.ts")]);
        let after = std::fs::metadata(dir.path().join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(modified, after, "an unchanged file is not rewritten");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/b.ts")).unwrap(),
            "B2"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary files remain");
    }

    #[test]
    fn reports_drift_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[file("a.rs", "A")]).unwrap();
        let changed = drift(dir.path(), &[file("a.rs", "A"), file("b.rs", "B")]).unwrap();
        assert_eq!(changed, vec![dir.path().join("b.rs")]);
        assert!(!dir.path().join("b.rs").exists());
    }

    #[test]
    fn never_leaves_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x.rs", "/etc/x.rs", "a/../../x.rs", ""] {
            assert!(
                matches!(
                    write(dir.path(), &[file(bad, "X")]),
                    Err(OutputError::Escapes(_))
                ),
                "{bad}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("victim.rs");
        std::fs::write(&target, "keep").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join("a.rs")).unwrap();
        assert!(matches!(
            write(dir.path(), &[file("a.rs", "X")]),
            Err(OutputError::Escapes(_))
        ));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlinked_folder() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("sub")).unwrap();
        assert!(matches!(
            write(dir.path(), &[file("sub/b.ts", "X")]),
            Err(OutputError::Escapes(_))
        ));
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_rename_restores_the_files_already_moved() {
        // `b.rs` is a folder: both files stage, `a.rs` moves in, `b.rs` cannot.
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        std::fs::write(one.path().join("a.rs"), "old").unwrap();
        std::fs::create_dir(two.path().join("b.rs")).unwrap();
        let result = write_all(&[
            (one.path(), &[file("a.rs", "new"), file("n.rs", "N")]),
            (two.path(), &[file("b.rs", "B")]),
        ]);
        assert!(matches!(result, Err(OutputError::Io { .. })));
        assert_eq!(
            std::fs::read_to_string(one.path().join("a.rs")).unwrap(),
            "old"
        );
        assert!(!one.path().join("n.rs").exists(), "a new file is removed");
        assert_eq!(std::fs::read_dir(one.path()).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(two.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failure_leaves_everything_as_it_was() {
        // `blocker` is a file, so `blocker/b.rs` cannot be staged, whoever runs this.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "old").unwrap();
        std::fs::write(dir.path().join("blocker"), "").unwrap();
        let result = write(
            dir.path(),
            &[file("a.rs", "new"), file("blocker/b.rs", "B")],
        );
        assert!(matches!(result, Err(OutputError::Io { .. })));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            "old"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file remains: {names:?}");
    }
}
