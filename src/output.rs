//! Writing generated files: all or nothing, atomically, and only when their
//! content changed (so that cargo, rust-analyzer and file watchers do not
//! see a change that is not one).
//!
//! Every file is rendered straight into a staged file beside its
//! destination (see [`PlannedFile`]), several files at once on as many
//! threads as there are cores (a file planned in parts part by part, each
//! part on whichever thread is free: `crate::parallel::chains`). A
//! staged file has a random name and is created exclusively (a symbolic
//! link planted beside the destination is never followed), and is synced
//! before it is renamed into place (on a thread of its own while other
//! files render: see `stage_and_sync`). While a file renders, its bytes
//! are compared with what the destination holds, so an unchanged file is
//! not written at all, not even to a staged file.
//!
//! A write holds an advisory lock on each output folder, so a second write
//! into the same folders (another `errgen compile`) waits for the first.
//! Once every file is staged, a journal listing the renames is written into
//! each output folder; only then are the files renamed into place. A run
//! that is killed during the renames leaves the journal behind, and the next
//! write into any of those folders first finishes the renames (or, if the
//! run was rolling back a failed rename, finishes that); a run killed
//! earlier leaves only staged files, which the next write removes. A rename
//! that fails puts back what the renames before it replaced.

use crate::generate::PlannedFile;
use crate::parallel::Link;
use std::collections::{BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

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
    /// A file or folder below the output folder is a symbolic link, which
    /// could lead anywhere.
    Symlink(PathBuf),
    /// Two files would be written to one path (the same up to case).
    Clash(PathBuf),
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
            OutputError::Symlink(path) => write!(
                f,
                "refusing to write through `{}`: it is a symbolic link, which could lead out of \
                 the output folder; replace it with a real folder or file",
                path.display()
            ),
            OutputError::Clash(path) => write!(
                f,
                "refusing to write `{}` twice: two generated files have this path (up to case)",
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
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Symlink(path));
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
/// staged are they renamed into place (see the module's documentation).
pub fn write_all(plans: &[(&Path, &[PlannedFile<'_>])]) -> Result<WriteReport, OutputError> {
    let jobs = jobs(plans)?;
    let mut made = MadeFolders::default();
    let mut roots = Vec::new();
    for (out_dir, files) in plans {
        if !files.is_empty() {
            made.note(out_dir);
            fs::create_dir_all(out_dir).map_err(|error| not_a_folder(out_dir, error))?;
            roots.push(out_dir.to_path_buf());
        }
    }
    let _locks = lock_and_recover(&roots)?;
    for folder in folders(&roots, &jobs) {
        remove_leftovers(&folder)?;
    }

    let (results, unsynced) = stage_and_sync(&jobs);
    let mut staged = Vec::with_capacity(jobs.len());
    for (job, result) in jobs.iter().zip(results) {
        // On an error, the staged files dropped with `staged` are removed.
        staged.push(result.map_err(at(&job.destination))?);
    }
    if let Some(error) = unsynced {
        return Err(error);
    }
    pause_at("staged");

    let mut report = WriteReport::default();
    let mut pending: Vec<(&Path, TempPath)> = Vec::new();
    for (job, outcome) in jobs.iter().zip(staged) {
        match outcome {
            None => report.unchanged.push(job.destination.clone()),
            Some(temp) => pending.push((&job.destination, temp)),
        }
    }
    if !pending.is_empty() {
        move_into_place(&roots, &pending)?;
    }
    report.written = pending
        .into_iter()
        .map(|(path, _)| path.to_owned())
        .collect();
    made.keep();
    Ok(report)
}

/// The output folders (and folders above them) that a write creates:
/// removed again, when still empty, if the write fails, so that a failed
/// write leaves no new folder behind (with `gen/ts` a file, a compile made
/// `gen/rust` before it found it could write nothing).
#[derive(Default)]
struct MadeFolders(Vec<PathBuf>);

impl MadeFolders {
    /// Records the folders of `folder`'s path that do not exist yet,
    /// outermost first.
    fn note(&mut self, folder: &Path) {
        let missing: Vec<&Path> = folder
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .take_while(|p| !present(p))
            .collect();
        for path in missing.into_iter().rev() {
            if !self.0.iter().any(|p| p == path) {
                self.0.push(path.to_path_buf());
            }
        }
    }

    /// The write succeeded: the folders stay.
    fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for MadeFolders {
    fn drop(&mut self) {
        // Innermost first; a folder that holds anything stays.
        for folder in self.0.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Stages every job's file (`None`: the destination already holds it) and
/// syncs each staged file to disk, all before any rename.
///
/// Syncing is what keeps a power cut or an OS crash after the renames from
/// leaving a destination renamed but empty or short: the renames (and the
/// journal that records them) must not reach the disk before the data they
/// point to. A process that is killed needs none of it (its writes are in
/// the page cache), so the sync's only job is that order, and it need not
/// hold up rendering: each staged file is synced on a thread of its own as
/// soon as it is complete (a large one also every [`EARLY_SYNC`] bytes while
/// it is written), while the cores render the next ones, and the write
/// waits for every sync only before it writes the journal. At 100,000
/// entries that took most of the sync's ≈ 0.19 s off the wall time
/// (BENCHMARKS.md). `sync_data` (fdatasync): the content and the size a
/// reader needs, not the timestamps.
fn stage_and_sync<'p, 'a>(
    jobs: &'p [Job<'p, 'a>],
) -> (Vec<io::Result<Option<TempPath>>>, Option<OutputError>) {
    std::thread::scope(|scope| {
        // Bounded, so that staged files that wait for their sync do not
        // hold more than this many open files.
        let (to_sync, queue): (SyncQueue, _) = std::sync::mpsc::sync_channel(64);
        let syncer = scope.spawn(move || {
            let mut failed = None;
            for (path, file) in queue {
                if failed.is_none() {
                    failed = file.sync_data().err().map(at(&path));
                }
            }
            failed
        });
        let results = staged_in_parts(jobs, Mode::Stage, Some(&to_sync), |job, staged| {
            match staged? {
                Staged::Unchanged => Ok(None),
                Staged::Temporary(temp) => {
                    let file = temp.as_file().try_clone()?;
                    // Fails only when the syncing thread is gone, which
                    // `join` below reports.
                    let _ = to_sync.send((job.destination.clone(), file));
                    Ok(Some(temp.into_temp_path()))
                }
                Staged::Differs => unreachable!("staging writes what differs"),
            }
        });
        drop(to_sync);
        let failed = match syncer.join() {
            Ok(failed) => failed,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        (results, failed)
    })
}

/// The files under `out_dir` that [`write()`] would create or change, and
/// what an interrupted write left there (its journal, staged files), which
/// the next write finishes or removes. Nothing is written: each file is
/// compared with its destination as it renders.
pub fn drift(out_dir: &Path, files: &[PlannedFile<'_>]) -> Result<Vec<PathBuf>, OutputError> {
    drift_all(&[(out_dir, files)])
}

/// [`drift`] of several output folders at once: their files are compared
/// on the cores together, as [`write_all`] writes them (one folder after
/// another left a core idle whenever a folder had a single file).
pub fn drift_all(plans: &[(&Path, &[PlannedFile<'_>])]) -> Result<Vec<PathBuf>, OutputError> {
    let jobs = jobs(plans)?;
    let mut changed = Vec::new();
    // Shared locks, taken in the order writes take theirs.
    let present = plans.iter().map(|(dir, _)| *dir).filter(|dir| dir.is_dir());
    let roots = lock_order(present)?;
    let mut _locks = Vec::with_capacity(roots.len());
    for root in &roots {
        _locks.push(lock(root, false).map_err(at(root))?);
    }
    // Each folder once (two targets may share one).
    let mut out_dirs: Vec<PathBuf> = Vec::new();
    for (out_dir, _) in plans {
        if !out_dirs.iter().any(|seen| seen == out_dir) {
            out_dirs.push(out_dir.to_path_buf());
        }
    }
    for out_dir in out_dirs.iter().filter(|dir| dir.is_dir()) {
        let journal = out_dir.join(JOURNAL);
        if fs::symlink_metadata(&journal).is_ok() {
            changed.push(journal);
        }
    }
    for folder in folders(&out_dirs, &jobs) {
        changed.extend(leftovers(&folder).map_err(at(&folder))?);
    }
    let results = staged_in_parts(&jobs, Mode::Compare, None, |_, staged| staged);
    for (job, result) in jobs.iter().zip(results) {
        match result.map_err(at(&job.destination))? {
            Staged::Unchanged => {}
            _ => changed.push(job.destination.clone()),
        }
    }
    Ok(changed)
}

/// An [`OutputError::Io`] about `path`.
/// Why `out_dir` could not be made: a file where it or a folder above it
/// should be ("cannot write `gen`: it is a file where a folder is needed")
/// rather than the OS's "File exists" or "Not a directory" about a path
/// below it.
fn not_a_folder(out_dir: &Path, error: io::Error) -> OutputError {
    let file = out_dir
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| fs::metadata(p).is_ok_and(|m| !m.is_dir()));
    match file {
        Some(file) => OutputError::Io {
            path: file.to_owned(),
            error: io::Error::new(
                io::ErrorKind::NotADirectory,
                "it is a file where a folder is needed; give another output folder, or remove the file",
            ),
        },
        None => at(out_dir)(error),
    }
}

fn at(path: &Path) -> impl Fn(io::Error) -> OutputError + '_ {
    move |error| OutputError::Io {
        path: path.to_owned(),
        error,
    }
}

/// One file to write: where it goes and how it is made.
struct Job<'p, 'a> {
    destination: PathBuf,
    file: &'p PlannedFile<'a>,
}

/// The destination of every file, refusing any that would leave its folder,
/// pass through a symbolic link, or be written twice.
fn jobs<'p, 'a>(plans: &[(&Path, &'p [PlannedFile<'a>])]) -> Result<Vec<Job<'p, 'a>>, OutputError> {
    let mut jobs = Vec::new();
    let mut seen = HashSet::new();
    for (out_dir, files) in plans {
        for file in *files {
            let destination = destination(out_dir, &file.path)?;
            refuse_symlinks(out_dir, &file.path)?;
            if !seen.insert(destination.to_string_lossy().to_lowercase()) {
                return Err(OutputError::Clash(destination));
            }
            jobs.push(Job { destination, file });
        }
    }
    Ok(jobs)
}

/// The folders a write works in: the output folders and every folder that
/// holds a destination.
fn folders(roots: &[PathBuf], jobs: &[Job<'_, '_>]) -> BTreeSet<PathBuf> {
    let parents = jobs.iter().filter_map(|job| job.destination.parent());
    roots
        .iter()
        .map(PathBuf::as_path)
        .chain(parents)
        .filter(|folder| folder.is_dir())
        .map(Path::to_path_buf)
        .collect()
}

/// Whether [`stage`] writes what differs to a staged file, or only
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
    /// The content differs and is staged in this file (not yet synced:
    /// see [`stage_and_sync`]), which is removed when dropped.
    Temporary(NamedTempFile),
    /// The content differs ([`Mode::Compare`]: nothing written).
    Differs,
}

/// [`stage`]s every job's file on the cores, each in its parts (see
/// [`crate::parallel::chains`]), and hands each outcome to `then`, on the
/// thread that staged the file's last part.
fn staged_in_parts<'j, 'p, 'a, T: Send>(
    jobs: &'j [Job<'p, 'a>],
    mode: Mode,
    sync: Option<&'j SyncQueue>,
    then: impl Fn(&Job<'p, 'a>, io::Result<Staged>) -> T + Sync,
) -> Vec<T> {
    crate::parallel::chains(
        jobs,
        |job| job.file.parts(),
        |job, part, rendering| match stage(job, part, rendering, mode, sync) {
            Err(error) => Link::Done(then(job, Err(error))),
            Ok(rendering) if part + 1 < job.file.parts() => Link::Next(rendering),
            Ok(mut rendering) => Link::Done(then(job, rendering.sink.finish())),
        },
    )
}

/// A file between two of its parts: what it is compared with and staged
/// in, and the writer of its parts.
struct Rendering<'d, 'p> {
    sink: Comparing<'d>,
    writer: crate::generate::PartWriter<'p>,
}

/// Renders part `part` of `job`'s file (starting the file at its first
/// part) and compares it with what the destination holds; in
/// [`Mode::Stage`], a content that differs is written to a staged file
/// beside the destination. Returns the rendering after the part, to go on
/// with; on an error no staged file remains.
fn stage<'d, 'p>(
    job: &'d Job<'p, '_>,
    part: usize,
    rendering: Option<Rendering<'d, 'p>>,
    mode: Mode,
    sync: Option<&'d SyncQueue>,
) -> io::Result<Rendering<'d, 'p>> {
    let mut rendering = match rendering {
        Some(rendering) => rendering,
        None => start(job, mode, sync)?,
    };
    {
        // The generators' pieces pass through uncopied; a generator that
        // writes smaller ones is buffered.
        let mut buffered =
            BufWriter::with_capacity(crate::generate::WRITE_CHUNK, &mut rendering.sink);
        (rendering.writer)(part, &mut buffered).and_then(|()| buffered.flush())?;
    }
    // On an error the staged file is dropped with `rendering`, which
    // removes it.
    Ok(rendering)
}

/// A rendering of `job`'s file that has written nothing yet.
fn start<'d, 'p>(
    job: &'d Job<'p, '_>,
    mode: Mode,
    sync: Option<&'d SyncQueue>,
) -> io::Result<Rendering<'d, 'p>> {
    let destination = job.destination.as_path();
    // Only a regular file can hold the same content; anything else there (a
    // folder) differs, and replacing it fails when the file is moved in.
    let old = match fs::metadata(destination) {
        Ok(meta) if meta.is_file() => {
            Some(BufReader::with_capacity(1 << 16, File::open(destination)?))
        }
        _ => None,
    };
    Ok(Rendering {
        sink: Comparing {
            destination,
            mode,
            old,
            matched: 0,
            differs: false,
            temp: None,
            sync,
            unsynced: 0,
        },
        writer: job.file.part_writer(),
    })
}

/// A writer that compares what it is given with the old file and, from the
/// first difference on ([`Mode::Stage`]), writes the new content to a
/// staged file: the part before the difference is copied from the old
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
    /// The staged file, once the content differs ([`Mode::Stage`]).
    /// (Unbuffered: what reaches this writer comes through the 64 KB buffer
    /// in front of it.)
    temp: Option<NamedTempFile>,
    /// Where a large staged file is handed for an early sync.
    sync: Option<&'d SyncQueue>,
    /// Bytes written to the staged file since it was last handed there.
    unsynced: u64,
}

/// The queue of [`stage_and_sync`]'s syncing thread: a staged file (an
/// open handle of its own) to sync, and its destination for an error.
type SyncQueue = std::sync::mpsc::SyncSender<(PathBuf, File)>;

/// After this many bytes a staged file is handed to the syncing thread
/// while it is still being written, so that the disk writes it back as it
/// grows and its last sync waits only for the rest (as `sync_file_range`
/// would, which std does not offer).
const EARLY_SYNC: u64 = 16 << 20;

impl Comparing<'_> {
    /// Whether the old content continues with `bytes` (and consumes them;
    /// after a difference, what is left of it is not read again). Compared
    /// in the reader's own buffer, not copied out of it.
    fn old_continues_with(&mut self, mut bytes: &[u8]) -> io::Result<bool> {
        let Some(old) = self.old.as_mut() else {
            return Ok(false);
        };
        while !bytes.is_empty() {
            let buffered = old.fill_buf()?;
            let n = buffered.len().min(bytes.len());
            if n == 0 || buffered[..n] != bytes[..n] {
                return Ok(false);
            }
            old.consume(n);
            bytes = &bytes[n..];
        }
        Ok(true)
    }

    /// Records the first difference; in [`Mode::Stage`], starts the
    /// staged file with the part that matched.
    fn diverge(&mut self) -> io::Result<()> {
        self.differs = true;
        self.old = None;
        if self.mode == Mode::Compare {
            return Ok(());
        }
        let dir = match self.destination.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        fs::create_dir_all(dir)?;
        let temp = self.temp.insert(staged_file(self.destination, dir)?);
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
            Some(temp) => Staged::Temporary(temp),
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
        if let Some(temp) = self.temp.as_mut() {
            temp.write_all(bytes)?;
            self.unsynced += bytes.len() as u64;
            if let Some(queue) = self.sync.filter(|_| self.unsynced >= EARLY_SYNC) {
                self.unsynced = 0;
                // A hint: when the syncing thread is behind, the last sync
                // does it all.
                let _ =
                    queue.try_send((self.destination.to_path_buf(), temp.as_file().try_clone()?));
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The suffix of a staged file; [`BACKUP`], of a destination's old content
/// kept during the renames.
const STAGED: &str = ".errgen-tmp";
const BACKUP: &str = ".errgen-old";
/// The journal of the renames, in each output folder while they run.
const JOURNAL: &str = ".errgen-journal";

/// A new staged file in `dir` for `destination`: `.NAME.RANDOM.errgen-tmp`,
/// created exclusively, with the permissions a new file gets, or, when it
/// replaces a file, that file's (a catalog `fmt --write` rewrites keeps
/// its mode: private stays private).
fn staged_file(destination: &Path, dir: &Path) -> io::Result<NamedTempFile> {
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(STAGED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Before the umask, as for `File::create` (tempfile's default is 0o600).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(dir).map_err(without_staged_path)?;
    #[cfg(unix)]
    if let Some(old) = fs::symlink_metadata(destination)
        .ok()
        .filter(|m| m.is_file())
    {
        use std::os::unix::fs::PermissionsExt;
        // Set on the open file, so that the umask does not apply; without
        // set-user-ID or other special bits.
        let mode = old.permissions().mode() & 0o777;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    Ok(temp)
}

/// `error` without the ` at path "….errgen-tmp"` that tempfile appends: the
/// error is reported with the file it was for, and the staged file, which
/// a user never sees (and which was not made), only confuses.
fn without_staged_path(error: io::Error) -> io::Error {
    let text = error.to_string();
    match text.rfind(" at path \"") {
        Some(at) if text.ends_with(&format!("{STAGED}\"")) => {
            io::Error::new(error.kind(), &text[..at])
        }
        _ => error,
    }
}

/// Whether `name` is a staged file or a backup that a write left behind.
fn is_leftover(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') && (name.ends_with(STAGED) || name.ends_with(BACKUP))
}

/// The staged files and backups in `folder` (not folders).
fn leftovers(folder: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        if is_leftover(&entry.file_name()) && !entry.file_type()?.is_dir() {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the staged files and backups an earlier write left in `folder`
/// (killed before its renames: the output folders are locked and their
/// journals replayed, so no write still needs them).
fn remove_leftovers(folder: &Path) -> Result<(), OutputError> {
    for path in leftovers(folder).map_err(at(folder))? {
        remove_if_present(&path).map_err(at(&path))?;
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// An advisory lock on `folder`, exclusive or shared, held until the file
/// is dropped. On Unix the folder itself is locked (nothing is created in
/// it); elsewhere a `.errgen-lock` file in it.
fn lock(folder: &Path, exclusive: bool) -> io::Result<File> {
    #[cfg(unix)]
    let file = File::open(folder)?;
    #[cfg(not(unix))]
    let file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(folder.join(".errgen-lock"))?;
    if exclusive {
        fs4::FileExt::lock(&file)?;
    } else {
        fs4::FileExt::lock_shared(&file)?;
    }
    Ok(file)
}

/// The renames of one write, as its journal records them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Journal {
    /// Whether the renames go forward, or are being undone after one failed.
    state: State,
    /// Every output folder of the write (absolute), each holding a copy.
    roots: Vec<PathBuf>,
    /// Every rename (absolute paths).
    moves: Vec<Move>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Commit,
    Rollback,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Move {
    /// The staged file.
    staged: PathBuf,
    /// Where it goes.
    destination: PathBuf,
    /// The destination's old content, if it had any.
    backup: Option<PathBuf>,
}

impl Journal {
    /// Writes a copy into every root (each atomically).
    fn save(&self) -> Result<(), OutputError> {
        for root in &self.roots {
            let path = root.join(JOURNAL);
            let save = || -> io::Result<()> {
                let text = self.encode()?;
                let mut temp = tempfile::Builder::new()
                    .prefix(&format!("{JOURNAL}."))
                    .suffix(STAGED)
                    .tempfile_in(root)?;
                temp.write_all(&text)?;
                temp.as_file().sync_all()?;
                temp.persist(&path).map_err(|e| e.error)?;
                Ok(())
            };
            save().map_err(at(&path))?;
        }
        Ok(())
    }

    /// Reads the journal in `root`, if there is one.
    fn load(root: &Path) -> Result<Option<Journal>, OutputError> {
        let path = root.join(JOURNAL);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(at(&path)(e)),
        };
        Journal::parse(&bytes).map(Some).map_err(|e| {
            at(&path)(io::Error::other(format!(
                "it is not a journal errgen can read ({e}); remove it if no errgen wrote it"
            )))
        })
    }

    /// The journal's text (see [`Journal::parse`]). An error for a path
    /// the format cannot hold: one that is not absolute, or (off Unix)
    /// not Unicode.
    fn encode(&self) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        out.extend_from_slice(JOURNAL_HEADER);
        out.extend_from_slice(match self.state {
            State::Commit => b"state commit\n",
            State::Rollback => b"state rollback\n",
        });
        for root in &self.roots {
            out.extend_from_slice(b"root ");
            escape_path(root, &mut out)?;
            out.push(b'\n');
        }
        for m in &self.moves {
            out.extend_from_slice(b"move ");
            escape_path(&m.staged, &mut out)?;
            out.push(b' ');
            escape_path(&m.destination, &mut out)?;
            if let Some(backup) = &m.backup {
                out.push(b' ');
                escape_path(backup, &mut out)?;
            }
            out.push(b'\n');
        }
        out.extend_from_slice(b"end\n");
        Ok(out)
    }

    /// Reads a journal's text, strictly: the header line
    /// `errgen-journal 1`, one `state commit` or `state rollback`, one or
    /// more `root PATH`, any number of `move STAGED DESTINATION [BACKUP]`,
    /// and `end`, each line ending in `\n` and nothing after `end` (so a
    /// truncated copy is refused, not read as a shorter journal). Paths
    /// are absolute, with every byte outside `!`..=`~` and the `\` itself
    /// written `\xHH`: a space separates fields and a newline ends a line
    /// whatever the paths hold.
    fn parse(text: &[u8]) -> Result<Journal, String> {
        let body = text
            .strip_prefix(JOURNAL_HEADER)
            .ok_or("it does not begin with `errgen-journal 1`")?;
        let body = body
            .strip_suffix(b"end\n")
            .filter(|b| b.is_empty() || b.ends_with(b"\n"))
            .ok_or("it does not end with an `end` line (truncated?)")?;
        let mut lines = body.split(|&b| b == b'\n');
        // The last piece is the empty one after the final newline.
        let _ = lines.next_back();
        let line_at = |n: usize| n + 2;
        let mut state = None;
        let mut roots = Vec::new();
        let mut moves = Vec::new();
        for (n, line) in lines.enumerate() {
            let fail = |what: &str| format!("line {}: {what}", line_at(n));
            let mut fields = line.split(|&b| b == b' ');
            let key = fields.next().unwrap_or_default();
            let mut paths = || -> Result<Vec<PathBuf>, String> {
                fields
                    .by_ref()
                    .map(|f| unescape_path(f).map_err(|e| fail(&e)))
                    .collect()
            };
            match key {
                b"state" if state.is_none() && n == 0 => {
                    state = Some(match fields.next() {
                        Some(b"commit") => State::Commit,
                        Some(b"rollback") => State::Rollback,
                        _ => return Err(fail("the state is neither `commit` nor `rollback`")),
                    });
                    if fields.next().is_some() {
                        return Err(fail("more than the state"));
                    }
                }
                b"root" if state.is_some() && moves.is_empty() => match paths()?.as_slice() {
                    [root] => roots.push(root.clone()),
                    _ => return Err(fail("a `root` line holds one path")),
                },
                b"move" if !roots.is_empty() => {
                    let mut p = paths()?.into_iter();
                    match (p.next(), p.next(), p.next(), p.next()) {
                        (Some(staged), Some(destination), backup, None) => moves.push(Move {
                            staged,
                            destination,
                            backup,
                        }),
                        _ => return Err(fail("a `move` line holds two or three paths")),
                    }
                }
                _ => return Err(fail("not the line expected here")),
            }
        }
        match state {
            Some(state) if !roots.is_empty() => Ok(Journal {
                state,
                roots,
                moves,
            }),
            _ => Err("it has no state or no root".into()),
        }
    }

    /// Brings the output folders to the state the journal asks for: every
    /// rename done (commit) or undone (rollback). Each step can be
    /// repeated, so a run killed while replaying is replayed again.
    fn replay(&self) -> io::Result<()> {
        for m in &self.moves {
            match self.state {
                State::Commit => {
                    if present(&m.staged) {
                        fs::rename(&m.staged, &m.destination)?;
                    }
                    if let Some(backup) = &m.backup {
                        remove_if_present(backup)?;
                    }
                }
                State::Rollback => {
                    // While the staged file is there, its rename was not done.
                    let moved = !present(&m.staged);
                    match &m.backup {
                        Some(backup) if present(backup) => {
                            fs::rename(backup, &m.destination)?;
                            // (Left in place when both were one file already.)
                            remove_if_present(backup)?;
                        }
                        Some(_) => {}
                        None if moved => remove_if_present(&m.destination)?,
                        None => {}
                    }
                    remove_if_present(&m.staged)?;
                }
            }
        }
        self.remove()
    }

    /// Forgets a write that never reached its renames (some copy was not
    /// written): removes its staged files, backups and copies.
    fn discard(&self) -> io::Result<()> {
        for m in &self.moves {
            remove_if_present(&m.staged)?;
            if let Some(backup) = &m.backup {
                remove_if_present(backup)?;
            }
        }
        self.remove()
    }

    /// Removes every copy.
    fn remove(&self) -> io::Result<()> {
        for root in &self.roots {
            remove_if_present(&root.join(JOURNAL))?;
        }
        Ok(())
    }
}

/// The first line of a journal: its format and the format's version.
const JOURNAL_HEADER: &[u8] = b"errgen-journal 1\n";

/// The bytes of `path`: on Unix any bytes; elsewhere its Unicode text.
#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt;
    Some(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<&[u8]> {
    path.to_str().map(str::as_bytes)
}

/// The path of `bytes` (the inverse of [`path_bytes`]).
#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

/// Appends `path` as one field of a journal line: the bytes `!`..=`~`
/// as they are but `\`, every other byte (space, newline, `\`, non-ASCII)
/// as `\xHH`.
fn escape_path(path: &Path, out: &mut Vec<u8>) -> io::Result<()> {
    let bytes = path_bytes(path)
        .filter(|_| path.is_absolute())
        .ok_or_else(|| {
            io::Error::other(format!(
                "the journal cannot record the path `{}` (not absolute, or not Unicode)",
                path.display()
            ))
        })?;
    for &b in bytes {
        if b.is_ascii_graphic() && b != b'\\' {
            out.push(b);
        } else {
            out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
        }
    }
    Ok(())
}

/// The path of one field of a journal line (see [`escape_path`]); only
/// what it writes is read: lowercase hex, no empty or relative path.
fn unescape_path(field: &[u8]) -> Result<PathBuf, String> {
    let hex = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut bytes = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        match field[i] {
            b'\\' => {
                let (hi, lo) = match field.get(i + 1..i + 4) {
                    Some([b'x', hi, lo]) => (hex(*hi), hex(*lo)),
                    _ => (None, None),
                };
                let byte = hi.zip(lo).map(|(hi, lo)| hi << 4 | lo);
                match byte {
                    Some(b) if !(b.is_ascii_graphic() && b != b'\\') => bytes.push(b),
                    _ => return Err("a `\\` that is not `\\xHH` of an escaped byte".into()),
                }
                i += 4;
            }
            b if b.is_ascii_graphic() => {
                bytes.push(b);
                i += 1;
            }
            _ => return Err("a byte that should have been escaped".into()),
        }
    }
    match path_from_bytes(bytes) {
        Some(path) if path.is_absolute() => Ok(path),
        Some(_) => Err("a path that is empty or not absolute".into()),
        None => Err("a path that is not Unicode".into()),
    }
}

/// Output folders in the order every write and check locks them (by
/// their canonical paths), so that two processes never wait on each other
/// in a circle.
fn lock_order<'p>(
    folders: impl IntoIterator<Item = &'p Path>,
) -> Result<BTreeSet<PathBuf>, OutputError> {
    folders
        .into_iter()
        .map(|folder| fs::canonicalize(folder).map_err(at(folder)))
        .collect()
}

/// Locks the output folders (exclusively, in one order, so that two writes
/// cannot each wait for the other) and replays what a write killed during
/// its renames left in them. A journal naming further folders has those
/// locked too before it is replayed.
fn lock_and_recover(roots: &[PathBuf]) -> Result<Vec<File>, OutputError> {
    let mut wanted = lock_order(roots.iter().map(PathBuf::as_path))?;
    loop {
        let mut locks = Vec::with_capacity(wanted.len());
        for root in &wanted {
            locks.push(lock(root, true).map_err(at(root))?);
        }
        let mut journals: Vec<Journal> = Vec::new();
        for root in &wanted {
            if let Some(journal) = Journal::load(root)? {
                if !journals.iter().any(|j| j.moves == journal.moves) {
                    journals.push(journal);
                }
            }
        }
        let more: Vec<PathBuf> = journals
            .iter()
            .flat_map(|j| &j.roots)
            .filter(|root| !wanted.contains(*root) && root.is_dir())
            .cloned()
            .collect();
        if !more.is_empty() {
            drop(locks);
            wanted.extend(more);
            continue;
        }
        for journal in &journals {
            recover(journal).map_err(at(&journal.roots[0].join(JOURNAL)))?;
        }
        return Ok(locks);
    }
}

/// Finishes (or undoes) the write whose journal this is, reading every copy:
/// the renames began only once all copies were written, and a copy that
/// says `rollback` wins over one that says `commit`.
fn recover(journal: &Journal) -> io::Result<()> {
    let mut journal = journal.clone();
    for root in &journal.roots {
        let path = root.join(JOURNAL);
        let copy = match fs::read(&path) {
            Ok(bytes) => Journal::parse(&bytes).ok(),
            Err(_) => None,
        };
        match copy {
            Some(copy) if copy.moves == journal.moves => {
                if copy.state == State::Rollback {
                    journal.state = State::Rollback;
                }
            }
            _ => return journal.discard(),
        }
    }
    journal.replay()
}

/// Renames every staged file onto its destination, with a journal in each
/// output folder while it does. What each destination held is kept under a
/// second name (a hard link, or a copy where links are not possible) until
/// all are in place, so that a failed rename can put back what the ones
/// before it replaced.
fn move_into_place(roots: &[PathBuf], pending: &[(&Path, TempPath)]) -> Result<(), OutputError> {
    let absolute = |path: &Path| std::path::absolute(path).map_err(at(path));
    let mut journal = Journal {
        state: State::Commit,
        roots: Vec::new(),
        moves: Vec::with_capacity(pending.len()),
    };
    for root in roots {
        journal
            .roots
            .push(fs::canonicalize(root).map_err(at(root))?);
    }
    let mut backups = Vec::new();
    let kept = (|| {
        for (destination, staged) in pending {
            let backup = keep_old(destination, staged).map_err(at(destination))?;
            backups.extend(backup.clone());
            journal.moves.push(Move {
                staged: absolute(staged)?,
                destination: absolute(destination)?,
                backup: backup.as_deref().map(absolute).transpose()?,
            });
        }
        journal.save()
    })();
    if let Err(error) = kept {
        let _ = journal.remove();
        for backup in backups {
            let _ = fs::remove_file(backup);
        }
        return Err(error);
    }

    for (i, (destination, staged)) in pending.iter().enumerate() {
        if cfg!(debug_assertions) {
            pause_at(&format!("rename:{i}"));
        }
        if let Err(error) = fs::rename(staged, destination) {
            journal.state = State::Rollback;
            // Should the copies not all say so, a later run still sees one
            // that does, or (with none changed) finishes the renames.
            let _ = journal.save();
            let _ = journal.replay();
            return Err(at(destination)(error));
        }
    }
    journal.replay().map_err(at(&roots[0].join(JOURNAL)))
}

/// Keeps what `destination` holds beside it, if it is a file: a hard link
/// (or a copy) named like its staged file, with [`BACKUP`] at the end.
fn keep_old(destination: &Path, staged: &Path) -> io::Result<Option<PathBuf>> {
    if !fs::symlink_metadata(destination).is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    let name = staged.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(STAGED).unwrap_or(&name);
    let backup = staged.with_file_name(format!("{stem}{BACKUP}"));
    if fs::hard_link(destination, &backup).is_err() {
        let mut copy = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&backup)?;
        io::copy(&mut File::open(destination)?, &mut copy)?;
        copy.sync_all()?;
    }
    Ok(Some(backup))
}

/// A test hook, in debug builds only: with `ERRGEN_TEST_PAUSE` set to
/// `point` (`staged`, or `rename:N` before the N-th rename), a write says so
/// on standard error and waits there until it is killed, so that tests can
/// kill a real process at a known point.
fn pause_at(point: &str) {
    if cfg!(debug_assertions) && std::env::var("ERRGEN_TEST_PAUSE").is_ok_and(|p| p == point) {
        eprintln!("errgen: paused at {point}");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
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

    /// A staged file that cannot be made is reported without the name
    /// tempfile gave it (`… (os error 30) at path "/x/.a.md.Xy1.errgen-tmp"`).
    #[test]
    fn a_staged_file_that_cannot_be_made_is_not_named() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let error = staged_file(&gone.join("a.md"), &gone).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        let text = error.to_string();
        assert!(
            !text.is_empty() && !text.contains(STAGED) && !text.contains("at path"),
            "{text}"
        );
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

    /// Several folders at once: what each would report alone, and what
    /// an interrupted write left in any of them; a folder not made yet
    /// has only new files.
    #[test]
    fn reports_the_drift_of_several_folders_together() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let three = one.path().join("not-yet");
        write(one.path(), &[file("a.rs", "A")]).unwrap();
        write(two.path(), &[file("b.ts", "B")]).unwrap();
        let staged = two.path().join(".b.ts.x1y2z3.errgen-tmp");
        std::fs::write(&staged, "half").unwrap();
        let (in_one, in_two, in_three) = (
            [file("a.rs", "A"), file("c.rs", "C")],
            [file("b.ts", "changed")],
            [file("d.md", "D")],
        );
        let plans: [(&Path, &[PlannedFile]); 3] = [
            (one.path(), &in_one),
            (two.path(), &in_two),
            (&three, &in_three),
        ];
        let drifted = drift_all(&plans).unwrap();
        assert_eq!(
            drifted,
            vec![
                staged.clone(),
                one.path().join("c.rs"),
                two.path().join("b.ts"),
                three.join("d.md"),
            ]
        );
        let alone: Vec<PathBuf> = plans
            .iter()
            .flat_map(|(dir, files)| drift(dir, files).unwrap())
            .collect();
        let (mut sorted, mut alone) = (drifted, alone);
        sorted.sort();
        alone.sort();
        assert_eq!(sorted, alone);
        assert!(!three.exists() && !one.path().join("c.rs").exists());
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
            Err(OutputError::Symlink(_))
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
            Err(OutputError::Symlink(_))
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

    /// The comparison with the old file reads it in its reader's buffers
    /// while the new content arrives in pieces of other sizes: a difference
    /// on either side of a buffer's or a piece's end is found, and equal
    /// contents are equal, whatever the pieces.
    #[test]
    fn pieces_and_buffers_of_any_size_compare_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let old: Vec<u8> = (0..200_000u32).map(|i| b'a' + (i % 23) as u8).collect();
        let in_pieces = |content: Vec<u8>, piece: usize| {
            PlannedFile::new("a.rs", move |out| {
                content.chunks(piece).try_for_each(|c| out.write_all(c))
            })
        };
        for piece in [1, 7, 4096, 32 * 1024 - 1, 40_000, 1 << 16, 300_000] {
            for at in [0, 32 * 1024 - 1, 32 * 1024, 1 << 16, (1 << 16) + 1, 199_999] {
                std::fs::write(dir.path().join("a.rs"), &old).unwrap();
                let same = drift(dir.path(), &[in_pieces(old.clone(), piece)]).unwrap();
                assert!(same.is_empty(), "piece {piece}");
                let mut new = old.clone();
                new[at] = b'!';
                let changed = drift(dir.path(), &[in_pieces(new.clone(), piece)]).unwrap();
                assert_eq!(changed.len(), 1, "piece {piece}, at {at}");
                write(dir.path(), &[in_pieces(new.clone(), piece)]).unwrap();
                assert!(std::fs::read(dir.path().join("a.rs")).unwrap() == new);
            }
        }
    }

    /// A file larger than [`EARLY_SYNC`] is handed to the syncing thread
    /// while it is written, and still lands whole, with nothing left over.
    #[test]
    fn a_file_synced_while_it_grows_is_written_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let size = 2 * EARLY_SYNC as usize + 12_345;
        let big = PlannedFile::new("big.rs", move |out| {
            for i in 0..size / 1000 {
                writeln!(out, "{:0999}", i)?;
            }
            out.write_all(&vec![b'x'; size % 1000])
        });
        let report = write(dir.path(), &[big, file("a.rs", "A")]).unwrap();
        assert_eq!(report.written.len(), 2);
        let text = std::fs::read(dir.path().join("big.rs")).unwrap();
        assert_eq!(text.len(), size);
        assert!(text.starts_with(&[b'0'; 999]) && text.ends_with(b"x"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
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

    /// A file in `parts` parts, part `k` being `texts[k]` (`None`: the
    /// part fails after writing half its text).
    fn in_parts(path: &str, texts: Vec<Option<String>>) -> PlannedFile<'static> {
        let parts = texts.len();
        PlannedFile::in_parts(path, parts, move || {
            let texts = texts.clone();
            let mut next = 0;
            Box::new(move |part, out| {
                assert_eq!(part, next, "parts are written in order");
                next += 1;
                match &texts[part] {
                    Some(text) => out.write_all(text.as_bytes()),
                    None => {
                        out.write_all(&[b'x'; 50_000])?;
                        Err(io::Error::other("rendering failed"))
                    }
                }
            })
        })
    }

    /// A file written in parts (between which other files are written) is
    /// its parts one after another, compared and staged as one file: a
    /// difference in its last part only, in its first only, none.
    #[test]
    fn a_file_in_parts_is_written_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let big = |c: char| Some(c.to_string().repeat(70_000));
        let files = |last: Option<String>, first: Option<String>| {
            vec![
                in_parts("a.rs", vec![first.clone(), big('b'), last.clone()]),
                file("b.ts", "B"),
                in_parts("c.md", vec![big('c'), last, big('d'), first]),
            ]
        };
        let expected = |path: &str, parts: &[&Option<String>]| {
            let content = std::fs::read_to_string(dir.path().join(path)).unwrap();
            let parts: String = parts.iter().map(|p| p.as_deref().unwrap()).collect();
            assert!(content == parts, "{path}");
        };
        let (one, two) = (big('1'), big('2'));
        let report = write(dir.path(), &files(one.clone(), one.clone())).unwrap();
        assert_eq!(report.written.len(), 3);
        expected("a.rs", &[&one, &big('b'), &one]);
        expected("c.md", &[&big('c'), &one, &big('d'), &one]);
        let report = write(dir.path(), &files(two.clone(), one.clone())).unwrap();
        assert_eq!(report.unchanged, vec![dir.path().join("b.ts")]);
        expected("a.rs", &[&one, &big('b'), &two]);
        let report = write(dir.path(), &files(two.clone(), two.clone())).unwrap();
        assert_eq!(report.written.len(), 2);
        expected("c.md", &[&big('c'), &two, &big('d'), &two]);
        let report = write(dir.path(), &files(two.clone(), two.clone())).unwrap();
        assert_eq!(report.unchanged.len(), 3);
        assert_eq!(
            drift(dir.path(), &files(two.clone(), two)).unwrap(),
            Vec::<PathBuf>::new()
        );
        let drifted = drift(dir.path(), &files(one.clone(), one)).unwrap();
        assert_eq!(drifted.len(), 2);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    /// A part that fails, first or later, leaves everything as it was.
    #[test]
    fn a_part_that_fails_leaves_everything_as_it_was() {
        for failing in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("a.rs"), "old").unwrap();
            let mut texts = vec![Some("x".repeat(60_000)); 3];
            texts[failing] = None;
            let result = write(dir.path(), &[file("a.rs", "new"), in_parts("b.rs", texts)]);
            assert!(
                matches!(result, Err(OutputError::Io { .. })),
                "part {failing}"
            );
            assert_eq!(
                std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
                "old"
            );
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        }
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

    #[test]
    fn two_files_for_one_path_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let result = write(dir.path(), &[file("a.rs", "1"), file("A.rs", "2")]);
        assert!(matches!(result, Err(OutputError::Clash(_))), "{result:?}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_a_staging_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::fs::write(dir.path().join("a.rs"), "old").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".a.rs.errgen-tmp")).unwrap();
        write(dir.path(), &[file("a.rs", "new")]).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.rs")).unwrap(),
            "new"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_file_create_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[file("a.rs", "A")]).unwrap();
        File::create(dir.path().join("b.rs")).unwrap();
        let mode = |name: &str| {
            std::fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
        };
        assert_eq!(mode("a.rs"), mode("b.rs"));
    }

    #[test]
    fn leftovers_are_reported_then_removed() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &[file("a.rs", "A")]).unwrap();
        let staged = dir.path().join(".a.rs.x1y2z3.errgen-tmp");
        let backup = dir.path().join(".a.rs.errgen-old");
        std::fs::write(&staged, "half").unwrap();
        std::fs::write(&backup, "A").unwrap();
        let drifted = drift(dir.path(), &[file("a.rs", "A")]).unwrap();
        assert_eq!(drifted, vec![backup.clone(), staged.clone()]);
        let report = write(dir.path(), &[file("a.rs", "A")]).unwrap();
        assert_eq!(report.unchanged.len(), 1);
        assert!(!staged.exists() && !backup.exists());
        assert!(drift(dir.path(), &[file("a.rs", "A")]).unwrap().is_empty());
    }

    /// The state a write killed after its first rename leaves: `a.rs` moved
    /// in, `b.rs` still staged, the journal in both output folders (or, for
    /// `all_copies == false`, killed while writing them: no rename done).
    fn killed_write(one: &Path, two: &Path, state: State, all_copies: bool) {
        for (dir, name) in [(one, "a.rs"), (two, "b.rs")] {
            std::fs::write(dir.join(name), "old").unwrap();
            std::fs::write(dir.join(format!(".{name}.R.errgen-tmp")), "new").unwrap();
            std::fs::hard_link(dir.join(name), dir.join(format!(".{name}.R.errgen-old"))).unwrap();
        }
        let roots = vec![
            fs::canonicalize(one).unwrap(),
            fs::canonicalize(two).unwrap(),
        ];
        let moves = [(&roots[0], "a.rs"), (&roots[1], "b.rs")]
            .map(|(root, name)| Move {
                staged: root.join(format!(".{name}.R.errgen-tmp")),
                destination: root.join(name),
                backup: Some(root.join(format!(".{name}.R.errgen-old"))),
            })
            .to_vec();
        let journal = Journal {
            state,
            roots: if all_copies {
                roots.clone()
            } else {
                vec![roots[0].clone()]
            },
            moves,
        };
        journal.save().unwrap();
        if all_copies {
            fs::rename(one.join(".a.rs.R.errgen-tmp"), one.join("a.rs")).unwrap();
        } else {
            // The journal names both folders; the second copy is missing.
            let text = fs::read(one.join(JOURNAL)).unwrap();
            let widened = Journal {
                roots,
                ..Journal::parse(&text).unwrap()
            };
            fs::write(one.join(JOURNAL), widened.encode().unwrap()).unwrap();
        }
    }

    /// A journal of every kind of path: spaces, newlines, backslashes,
    /// text that looks like an escape, a line that ends in `end` (a move
    /// without backup to `…/end`: cut after it, the text still ends in
    /// `end\n`), and (on Unix) bytes that are not UTF-8.
    fn odd_journal() -> Journal {
        let mut names: Vec<std::ffi::OsString> = ["a b", "x\ny", "c\\d", "end", "\\x41", "é\t\r"]
            .map(Into::into)
            .to_vec();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            names.push(std::ffi::OsString::from_vec(vec![b'z', 0xff, b'\n', 0x80]));
        }
        let root = std::path::absolute("/out dir\n").unwrap();
        let moves = names
            .iter()
            .enumerate()
            .map(|(i, name)| Move {
                staged: root.join(name).with_extension("errgen-tmp"),
                destination: root.join(name),
                backup: (i % 2 == 0).then(|| root.join(name).with_extension("errgen-old")),
            })
            .collect();
        Journal {
            state: State::Rollback,
            roots: vec![root.clone(), root.join("end\n")],
            moves,
        }
    }

    #[test]
    fn the_journal_reads_back_every_path_one_line_each() {
        let journal = odd_journal();
        let text = journal.encode().unwrap();
        assert_eq!(Journal::parse(&text), Ok(journal.clone()));
        // header, state, two roots, the moves, `end`: no path splits a line.
        let lines = text.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(lines, 5 + journal.moves.len());
        assert!(text
            .iter()
            .all(|&b| b == b'\n' || b.is_ascii_graphic() || b == b' '));
        // A relative path is refused on writing, not recorded.
        let relative = Journal {
            roots: vec![PathBuf::from("out")],
            ..journal
        };
        assert!(relative.encode().is_err());
    }

    #[test]
    fn a_truncated_or_garbled_journal_is_refused() {
        let text = odd_journal().encode().unwrap();
        for end in 0..text.len() {
            assert!(Journal::parse(&text[..end]).is_err(), "truncated at {end}");
        }
        let valid = String::from_utf8(text.clone()).unwrap();
        let garbled = [
            valid.replacen("errgen-journal 1", "errgen-journal 2", 1),
            valid.replacen("state rollback", "state done", 1),
            valid.replacen("state rollback\n", "", 1),
            valid.replacen("state rollback\n", "state rollback\nstate commit\n", 1),
            valid.replacen("root /", "root out/", 1),
            valid.replacen("root /", "root  /", 1),
            valid.replacen("\\x20dir", "\\x2", 1),
            valid.replacen("\\x20", "\\X20", 1),
            valid.replacen("\\x0a", "\\x0A", 1),
            valid.replacen("\\x20", " ", 1),
            valid.replacen("\\x20", "\\x41", 1),
            valid.replacen("\\x20", "\u{e9}", 1),
            valid.replacen("move ", "move /a /b /c /d ", 1),
            valid.replacen("move ", "move\n", 1),
            valid.replace('\n', "\r\n"),
            valid.clone() + "end\n",
            valid.clone() + "\n",
            format!("{valid}root /late\n"),
            r#"{"state":"commit","roots":["/out"],"moves":[]}"#.into(),
            String::new(),
        ];
        for bad in &garbled {
            assert_ne!(bad, &valid);
            assert!(Journal::parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_unreadable_copy_stops_the_next_write_and_changes_nothing() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        killed_write(one.path(), two.path(), State::Commit, true);
        let copy = two.path().join(JOURNAL);
        let text = fs::read(&copy).unwrap();
        fs::write(&copy, &text[..text.len() / 2]).unwrap();
        let error = write(one.path(), &[file("c.rs", "C")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("not a journal errgen can read"), "{error}");
        assert!(error.contains(".errgen-journal"), "{error}");
        assert_eq!(fs::read_to_string(one.path().join("a.rs")).unwrap(), "new");
        assert_eq!(fs::read_to_string(two.path().join("b.rs")).unwrap(), "old");
        assert!(one.path().join(JOURNAL).exists() && copy.exists());
        assert!(!one.path().join("c.rs").exists());
    }

    #[test]
    fn the_next_write_finishes_or_undoes_a_killed_one() {
        for (state, all_copies, expected) in [
            (State::Commit, true, "new"),
            (State::Rollback, true, "old"),
            (State::Commit, false, "old"),
        ] {
            let one = tempfile::tempdir().unwrap();
            let two = tempfile::tempdir().unwrap();
            killed_write(one.path(), two.path(), state, all_copies);
            assert_eq!(drift(one.path(), &[]).unwrap()[0], one.path().join(JOURNAL));
            // Two targets writing into one folder: its journal once.
            let shared = drift_all(&[(one.path(), &[]), (one.path(), &[])]).unwrap();
            let journals = shared.iter().filter(|p| p.ends_with(JOURNAL)).count();
            assert_eq!(journals, 1, "{shared:?}");
            // A write into the first folder only settles both.
            write(one.path(), &[file("c.rs", "C")]).unwrap();
            for (dir, name) in [(one.path(), "a.rs"), (two.path(), "b.rs")] {
                let text = std::fs::read_to_string(dir.join(name)).unwrap();
                assert_eq!(text, expected, "{state:?} {all_copies}: {name}");
            }
            assert_eq!(std::fs::read_dir(one.path()).unwrap().count(), 2);
            assert_eq!(std::fs::read_dir(two.path()).unwrap().count(), 1);
        }
    }
}
