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

/// Writes every file under `out_dir` that is new or changed, all or nothing.
pub fn write(out_dir: &Path, files: &[GeneratedFile]) -> Result<WriteReport, OutputError> {
    let mut report = WriteReport::default();
    let mut pending = Vec::new();
    for file in files {
        let path = destination(out_dir, &file.path)?;
        if up_to_date(&path, &file.content) {
            report.unchanged.push(path);
        } else {
            pending.push((path, file.content.as_str()));
        }
    }
    if pending.is_empty() {
        return Ok(report);
    }

    // Stage every file beside its destination, then move them all in.
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = pending.iter().try_for_each(|(path, content)| {
        let io = |error| OutputError::Io {
            path: path.clone(),
            error,
        };
        let dir = path.parent().unwrap_or(out_dir);
        std::fs::create_dir_all(dir).map_err(io)?;
        // Refuse a destination that is a symbolic link: writing through it
        // could land outside the output folder.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Escapes(path.clone()));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.errgen-tmp"));
        std::fs::write(&temp, content).map_err(io)?;
        staged.push((temp, path.clone()));
        Ok(())
    });
    if let Err(error) = result {
        for (temp, _) in &staged {
            let _ = std::fs::remove_file(temp);
        }
        return Err(error);
    }
    for (temp, path) in staged {
        std::fs::rename(&temp, &path).map_err(|error| {
            let _ = std::fs::remove_file(&temp);
            OutputError::Io {
                path: path.clone(),
                error,
            }
        })?;
        report.written.push(path);
    }
    Ok(report)
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
