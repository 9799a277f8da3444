//! Writing generated files: all or nothing, atomically, and only when their
//! content changed (so that cargo, rust-analyzer and file watchers do not
//! see a change that is not one).
//!
//! Every file is rendered straight into a temporary file beside its
//! destination (see [`PlannedFile`]), several files at once on as many
//! threads as there are cores; only when all of them are staged are they
//! renamed into place. A failure while staging removes the temporaries and
//! leaves the output folder as it was. While a file renders, its bytes are
//! compared with what the destination holds, so an unchanged file is not
//! written at all, not even to a temporary.

use crate::generate::PlannedFile;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
pub fn write(out_dir: &Path, files: &[PlannedFile<'_>]) -> Result<WriteReport, OutputError> {
    write_all(&[(out_dir, files)])
}

/// Writes the files of several output folders, all or nothing across all of
/// them: every new or changed file is staged first; only when all are
/// staged are they renamed into place, and should a rename fail, the files
/// already moved get their old content back (new ones are removed).
pub fn write_all(plans: &[(&Path, &[PlannedFile<'_>])]) -> Result<WriteReport, OutputError> {
    let jobs = jobs(plans)?;
    let results = in_parallel(&jobs, |job| stage(&job.destination, job.file, Mode::Stage));
    let mut staged = Vec::with_capacity(jobs.len());
    let mut failure = None;
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(outcome) => staged.push(outcome),
            Err(error) => {
                failure.get_or_insert(OutputError::Io {
                    path: job.destination.clone(),
                    error,
                });
            }
        }
    }
    if let Some(error) = failure {
        for outcome in staged {
            if let Staged::Temporary(temp) = outcome {
                let _ = std::fs::remove_file(temp);
            }
        }
        return Err(error);
    }

    let mut report = WriteReport::default();
    let mut pending: Vec<(&Path, PathBuf)> = Vec::new();
    for (job, outcome) in jobs.iter().zip(staged) {
        match outcome {
            Staged::Unchanged => report.unchanged.push(job.destination.clone()),
            Staged::Temporary(temp) => pending.push((&job.destination, temp)),
            Staged::Differs => unreachable!("staging writes what differs"),
        }
    }
    move_into_place(&pending)?;
    report.written = pending
        .into_iter()
        .map(|(path, _)| path.to_owned())
        .collect();
    Ok(report)
}

/// The files under `out_dir` that [`write`] would create or change. Nothing
/// is written: each file is compared with its destination as it renders.
pub fn drift(out_dir: &Path, files: &[PlannedFile<'_>]) -> Result<Vec<PathBuf>, OutputError> {
    let jobs = jobs(&[(out_dir, files)])?;
    let results = in_parallel(&jobs, |job| {
        stage(&job.destination, job.file, Mode::Compare)
    });
    let mut changed = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(Staged::Unchanged) => {}
            Ok(_) => changed.push(job.destination.clone()),
            Err(error) => {
                return Err(OutputError::Io {
                    path: job.destination.clone(),
                    error,
                })
            }
        }
    }
    Ok(changed)
}

/// One file to write: where it goes and how it is made.
struct Job<'p, 'a> {
    destination: PathBuf,
    file: &'p PlannedFile<'a>,
}

/// The destination of every file, refusing any that would leave its folder.
fn jobs<'p, 'a>(plans: &[(&Path, &'p [PlannedFile<'a>])]) -> Result<Vec<Job<'p, 'a>>, OutputError> {
    let mut jobs = Vec::new();
    for (out_dir, files) in plans {
        for file in *files {
            let destination = destination(out_dir, &file.path)?;
            refuse_symlinks(out_dir, &file.path)?;
            jobs.push(Job { destination, file });
        }
    }
    Ok(jobs)
}

/// Runs `work` on every job, on up to as many threads as there are cores,
/// and returns the results in the jobs' order.
fn in_parallel<'p, 'a, T: Send>(
    jobs: &[Job<'p, 'a>],
    work: impl Fn(&Job<'p, 'a>) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<T>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = work(job);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran to the end")
        })
        .collect()
}

/// Whether [`stage`] writes what differs to a temporary file, or only
/// compares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stage,
    Compare,
}

/// What rendering a file against its destination found.
enum Staged {
    /// The destination already holds exactly this content.
    Unchanged,
    /// The content differs and is staged in this temporary file.
    Temporary(PathBuf),
    /// The content differs ([`Mode::Compare`]: nothing written).
    Differs,
}

/// Renders `file` and compares it with what `destination` holds; in
/// [`Mode::Stage`], a content that differs is written to a temporary file
/// beside the destination. On an error no temporary file remains.
fn stage(destination: &Path, file: &PlannedFile<'_>, mode: Mode) -> io::Result<Staged> {
    // Only a regular file can hold the same content; anything else there (a
    // folder) differs, and replacing it fails when the file is moved in.
    let old = match std::fs::metadata(destination) {
        Ok(meta) if meta.is_file() => {
            Some(BufReader::with_capacity(1 << 16, File::open(destination)?))
        }
        _ => None,
    };
    let mut sink = Comparing {
        destination,
        mode,
        old,
        matched: 0,
        differs: false,
        temp: None,
        scratch: Vec::new(),
    };
    let result = {
        let mut buffered = BufWriter::with_capacity(1 << 16, &mut sink);
        file.write_to(&mut buffered).and_then(|()| buffered.flush())
    };
    let result = result.and_then(|()| sink.finish());
    if result.is_err() {
        if let Some((temp, _)) = sink.temp.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
    result
}

/// A writer that compares what it is given with the old file and, from the
/// first difference on ([`Mode::Stage`]), writes the new content to a
/// temporary file: the part before the difference is copied from the old
/// file, the rest comes from the writer.
struct Comparing<'d> {
    destination: &'d Path,
    mode: Mode,
    /// The old content, read along as bytes arrive, until the first difference.
    old: Option<BufReader<File>>,
    /// How many bytes matched the old content so far.
    matched: u64,
    /// Whether a difference was found.
    differs: bool,
    /// The temporary file, once the content differs ([`Mode::Stage`]).
    /// (Unbuffered: what reaches this writer comes through the 64 KB buffer
    /// in front of it.)
    temp: Option<(PathBuf, File)>,
    /// Reused for reading the old content.
    scratch: Vec<u8>,
}

impl Comparing<'_> {
    /// Whether the old content continues with `bytes` (and consumes them).
    fn old_continues_with(&mut self, bytes: &[u8]) -> io::Result<bool> {
        let Some(old) = self.old.as_mut() else {
            return Ok(false);
        };
        self.scratch.resize(bytes.len(), 0);
        match old.read_exact(&mut self.scratch) {
            Ok(()) => Ok(self.scratch == bytes),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Records the first difference; in [`Mode::Stage`], starts the
    /// temporary file with the part that matched.
    fn diverge(&mut self) -> io::Result<()> {
        self.differs = true;
        self.old = None;
        if self.mode == Mode::Compare {
            return Ok(());
        }
        if let Some(dir) = self.destination.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let path = beside(self.destination, "errgen-tmp");
        let file = File::create(&path)?;
        let temp = &mut self.temp.insert((path, file)).1;
        if self.matched > 0 {
            let mut old = File::open(self.destination)?.take(self.matched);
            io::copy(&mut old, temp)?;
        }
        Ok(())
    }

    /// What rendering found, once everything was written.
    fn finish(&mut self) -> io::Result<Staged> {
        if !self.differs {
            let old_ends_here = match self.old.as_mut() {
                Some(old) => old.fill_buf()?.is_empty(),
                None => false,
            };
            if old_ends_here {
                return Ok(Staged::Unchanged);
            }
            self.diverge()?;
        }
        Ok(match self.temp.take() {
            Some((path, _)) => Staged::Temporary(path),
            None => Staged::Differs,
        })
    }
}

impl Write for Comparing<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if !self.differs {
            if self.old_continues_with(bytes)? {
                self.matched += bytes.len() as u64;
                return Ok(bytes.len());
            }
            self.diverge()?;
        }
        if let Some((_, temp)) = self.temp.as_mut() {
            temp.write_all(bytes)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Renames every staged file onto its destination. What each destination
/// held is kept under a second name (a hard link, or a copy where links are
/// not possible) until all are in place, so that a failed rename can put
/// back what the ones before it replaced.
fn move_into_place(pending: &[(&Path, PathBuf)]) -> Result<(), OutputError> {
    let mut backups: Vec<Option<PathBuf>> = Vec::with_capacity(pending.len());
    let mut failure = None;
    for (path, temp) in pending {
        let moved = keep_old(path).and_then(|backup| match std::fs::rename(temp, path) {
            Ok(()) => Ok(backup),
            Err(error) => {
                if let Some(backup) = backup {
                    let _ = std::fs::remove_file(backup);
                }
                Err(error)
            }
        });
        match moved {
            Ok(backup) => backups.push(backup),
            Err(error) => {
                failure = Some(OutputError::Io {
                    path: path.to_path_buf(),
                    error,
                });
                break;
            }
        }
    }
    let Some(error) = failure else {
        for backup in backups.into_iter().flatten() {
            let _ = std::fs::remove_file(backup);
        }
        return Ok(());
    };
    for (_, temp) in &pending[backups.len()..] {
        let _ = std::fs::remove_file(temp);
    }
    for ((path, _), backup) in pending.iter().zip(backups) {
        restore(path, backup.as_deref());
    }
    Err(error)
}

/// Keeps what `path` holds under a second name beside it, if it exists.
fn keep_old(path: &Path) -> io::Result<Option<PathBuf>> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let backup = beside(path, "errgen-old");
    let _ = std::fs::remove_file(&backup);
    if std::fs::hard_link(path, &backup).is_err() {
        std::fs::copy(path, &backup)?;
    }
    Ok(Some(backup))
}

/// Best effort, after a failed rename: puts back what `path` held before
/// (atomically, from its backup), or removes it if it did not exist.
fn restore(path: &Path, backup: Option<&Path>) {
    match backup {
        Some(backup) => {
            if std::fs::rename(backup, path).is_err() {
                let _ = std::fs::remove_file(backup);
            }
        }
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A file beside `path` with the same name, hidden and with a suffix (in the
/// same folder, so that a rename cannot cross file systems).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::generate::GeneratedFile;

    fn file(path: &str, content: &str) -> PlannedFile<'static> {
        GeneratedFile {
            path: path.into(),
            content: content.into(),
        }
        .into()
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

    /// Contents that share a long start with the old file, or are a prefix
    /// of it, or have it as a prefix: the part copied from the old file and
    /// the part rendered must join exactly.
    #[test]
    fn a_change_after_a_long_equal_start_is_written_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let start = "x".repeat(200_000);
        let cases = [
            (format!("{start}old"), format!("{start}new!")),
            (format!("{start}old"), start.clone()),
            (start.clone(), format!("{start}more")),
            (String::new(), "A".into()),
            ("A".into(), String::new()),
        ];
        for (old, new) in cases {
            std::fs::write(dir.path().join("a.rs"), &old).unwrap();
            let changed = drift(dir.path(), &[file("a.rs", &new)]).unwrap();
            assert_eq!(changed, vec![dir.path().join("a.rs")]);
            let report = write(dir.path(), &[file("a.rs", &new)]).unwrap();
            assert_eq!(report.written, vec![dir.path().join("a.rs")]);
            assert!(std::fs::read_to_string(dir.path().join("a.rs")).unwrap() == new);
            assert!(drift(dir.path(), &[file("a.rs", &new)]).unwrap().is_empty());
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }

    #[test]
    fn a_render_that_fails_leaves_everything_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "old").unwrap();
        let failing = PlannedFile::new("b.rs", |out| {
            out.write_all(&[b'b'; 100_000])?;
            Err(io::Error::other("rendering failed"))
        });
        let result = write(dir.path(), &[file("a.rs", "new"), failing]);
        assert!(matches!(result, Err(OutputError::Io { .. })));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_file_is_not_even_staged() {
        // Creating or removing a temporary file would change the folder's
        // modification time, set far in the past here.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "same").unwrap();
        let past = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        File::open(dir.path()).unwrap().set_modified(past).unwrap();
        let report = write(dir.path(), &[file("a.rs", "same")]).unwrap();
        assert_eq!(report.unchanged, vec![dir.path().join("a.rs")]);
        let modified = std::fs::metadata(dir.path()).unwrap().modified().unwrap();
        assert_eq!(modified, past, "nothing was created in the folder");
    }
}
