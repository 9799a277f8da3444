//! One compile, planned and written in one place: which files each target
//! makes of which catalogs, in which folder, with which options; nothing
//! when a catalog has errors or two catalogs would write one file; then
//! every file written at once, all or nothing ([`crate::output`]), or only
//! compared with what is there (`--check`).
//!
//! The command line (`errgen compile`) and [`Builder`](crate::Builder) both
//! describe what they want as a [`CompileRequest`] and call [`compile`];
//! they differ only in where the request comes from (arguments and
//! errgen.yaml, or a build script's calls) and in how they report.

use crate::diagnostic::Diagnostic;
use crate::generate::{self, OptionError, Options, PlannedFile, Target};
use crate::ir::MetaValue;
use crate::output::{self, OutputError};
use crate::workspace::Analysis;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// What to compile: the targets with their folders and options, which
/// catalog files to leave out, and whether to write or only compare.
#[derive(Debug, Clone, Default)]
pub struct CompileRequest {
    /// The targets, each with its output folder and options, in the order
    /// they are generated.
    pub targets: Vec<TargetRequest>,
    /// Catalog files that are checked but not generated (errgen.yaml's
    /// `generate: false`), as their source paths.
    pub skip: Vec<PathBuf>,
    /// Write nothing: report every file that would change (`--check`).
    pub check: bool,
}

/// One target of a compile: where it writes, with which options.
#[derive(Debug, Clone)]
pub struct TargetRequest {
    /// The target.
    pub target: Target,
    /// Its output folder.
    pub folder: OutputFolder,
    options: Options,
}

impl TargetRequest {
    /// `target` into `folder`, with no options.
    pub fn new(target: Target, folder: OutputFolder) -> TargetRequest {
        TargetRequest {
            target,
            folder,
            options: Options::new(),
        }
    }

    /// Sets one option (its key without the target's name, `serde`),
    /// refusing a key the target does not read or a value it does not take
    /// ([`Target::check_option`], the one rule for every place that sets
    /// options).
    pub fn option(&mut self, key: &str, value: MetaValue) -> Result<&mut Self, OptionError> {
        let subject = format!("option `{}.{key}`", self.target.name());
        self.target.check_option(key, &value, &subject)?;
        self.options.set(key, value);
        Ok(self)
    }
}

/// An output folder: a `root` taken as given (it may be absolute, contain
/// `..` or be a symbolic link: the user chose it), and a path `below` it in
/// which no part may be a symbolic link, since one could lead anywhere.
/// Files below the folder are held to the same rule when they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFolder {
    root: PathBuf,
    below: PathBuf,
}

impl OutputFolder {
    /// `root` itself (`Builder`'s `OUT_DIR`).
    pub fn given(root: impl Into<PathBuf>) -> OutputFolder {
        OutputFolder::inside(root, "")
    }

    /// `below` inside `root`: `--out DIR` gives `DIR` and the target's
    /// name; errgen.yaml gives its own folder and the target's `out`.
    pub fn inside(root: impl Into<PathBuf>, below: impl Into<PathBuf>) -> OutputFolder {
        OutputFolder {
            root: root.into(),
            below: below.into(),
        }
    }

    /// The folder's path, as people wrote it (without a leading `./`).
    pub fn path(&self) -> PathBuf {
        let mut path: PathBuf = self
            .root
            .components()
            .skip_while(|c| *c == Component::CurDir)
            .collect();
        path.push(&self.below);
        if path.as_os_str().is_empty() {
            path.push(".");
        }
        path
    }

    /// Refuses the folder when a part of it below the root is a link.
    fn refuse_symlinks(&self) -> Result<(), CompileError> {
        let root = if self.root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            self.root.as_path()
        };
        match output::refuse_symlinks(root, &self.below) {
            Err(OutputError::Symlink(link)) => Err(CompileError::FolderThroughLink {
                folder: self.path(),
                link: link.strip_prefix(".").unwrap_or(&link).to_path_buf(),
                root: self.root.clone(),
            }),
            _ => Ok(()),
        }
    }
}

/// What a compile did (or, with [`CompileRequest::check`], found).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompileReport {
    /// Each target's folder and files, in the request's order.
    pub targets: Vec<TargetReport>,
    /// The files written (new or changed); none with `check`.
    pub written: Vec<PathBuf>,
    /// The files that already held their content.
    pub unchanged: Vec<PathBuf>,
    /// With `check`: every file that would change, what an interrupted
    /// write left behind, and files no catalog generates any more.
    pub drifted: Vec<PathBuf>,
}

/// One target's part of a compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetReport {
    /// The target.
    pub target: Target,
    /// Its output folder.
    pub folder: PathBuf,
    /// Its files, each with the index of its catalog in
    /// [`Analysis::catalogs`].
    pub files: Vec<(usize, PathBuf)>,
    /// Files in its folder of the kinds it writes that no catalog generates
    /// any more (a catalog was removed or renamed): left alone, reported.
    pub stale: Vec<PathBuf>,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum CompileError {
    /// A catalog has errors; they are in the analysis's diagnostics.
    CatalogErrors,
    /// Two catalogs would write one file (one diagnostic per pair; every
    /// target names its files after the catalog, so the first target's).
    Clash(Vec<Diagnostic>),
    /// A request without targets.
    NoTargets,
    /// An output folder passes through a symbolic link below its root.
    FolderThroughLink {
        /// The output folder.
        folder: PathBuf,
        /// The part of it that is a link.
        link: PathBuf,
        /// The root it was given below.
        root: PathBuf,
    },
    /// Writing (or, with `check`, reading) failed; see [`OutputError`].
    Output(OutputError),
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::CatalogErrors => {
                f.write_str("the catalogs have errors; nothing was generated")
            }
            CompileError::Clash(clashes) => write!(
                f,
                "{}; nothing was generated",
                clashes.first().map_or("two catalogs generate one file", |d| d.message.as_str())
            ),
            CompileError::NoTargets => f.write_str("no target to generate"),
            CompileError::FolderThroughLink { folder, link, root } => write!(
                f,
                "refusing to write into `{}`: `{}` is a symbolic link, which could lead out of `{}`; \
                 make it a real folder",
                folder.display(),
                link.display(),
                if root.as_os_str().is_empty() { Path::new(".") } else { root }.display()
            ),
            CompileError::Output(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CompileError {}

impl From<OutputError> for CompileError {
    fn from(error: OutputError) -> CompileError {
        CompileError::Output(error)
    }
}

/// Plans every target's files for the analysed catalogs and writes them
/// all, or none (see the module's documentation).
pub fn compile(
    analysis: &Analysis,
    request: &CompileRequest,
) -> Result<CompileReport, CompileError> {
    if analysis.has_errors() {
        return Err(CompileError::CatalogErrors);
    }
    if request.targets.is_empty() {
        return Err(CompileError::NoTargets);
    }
    let catalogs: Vec<usize> = (0..analysis.catalogs.len())
        .filter(|&i| {
            let path = analysis
                .sources
                .get(analysis.catalogs[i].file)
                .path
                .as_deref();
            !path.is_some_and(|p| request.skip.iter().any(|s| s == p))
        })
        .collect();

    let mut clashes = Vec::new();
    let mut plans: Vec<(PathBuf, Vec<PlannedFile<'_>>)> = Vec::new();
    let mut report = CompileReport::default();
    for wanted in &request.targets {
        let (target, options) = (wanted.target, &wanted.options);
        wanted.folder.refuse_symlinks()?;
        let folder = wanted.folder.path();
        clashes.extend(generate::clashes(
            catalogs.iter().map(|&i| &analysis.catalogs[i]),
            target,
            options,
        ));
        let mut files = Vec::new();
        let mut paths = Vec::new();
        for &i in &catalogs {
            let catalog = &analysis.catalogs[i];
            for file in target.plan(catalog, &options.for_catalog(target, catalog)) {
                paths.push((i, folder.join(&file.path)));
                files.push(file);
            }
        }
        report.targets.push(TargetReport {
            target,
            stale: stale_files(&folder, target, &files),
            folder: folder.clone(),
            files: paths,
        });
        plans.push((folder, files));
    }
    if !clashes.is_empty() {
        return Err(CompileError::Clash(clashes));
    }

    // All targets at once: on the cores together.
    let all: Vec<(&Path, &[PlannedFile])> = plans
        .iter()
        .map(|(folder, files)| (folder.as_path(), files.as_slice()))
        .collect();
    if request.check {
        report.drifted.extend(output::drift_all(&all)?);
        for target in &report.targets {
            report.drifted.extend(target.stale.iter().cloned());
        }
        return Ok(report);
    }
    // A failure in one target leaves the others as they were too.
    let written = output::write_all(&all)?;
    report.written = written.written;
    report.unchanged = written.unchanged;
    Ok(report)
}

/// Whether the file at `path` holds the mark of `target`'s files near its
/// start ([`Target::marks`]).
fn written_by(target: Target, path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            file.take(generate::MARK_WITHIN as u64)
                .read_to_end(&mut head)
        })
        .is_ok()
        && target.marks(&head)
}

/// What a file's name ends with from its first `.` on (`.ir.json`): a
/// catalog's name has no `.`, so this is what a target puts after it.
fn suffix(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.find('.').map(|dot| &name[dot..])
}

/// Files in `folder` whose name ends as one of `files`' does after the
/// catalog's name (`.rs`, `.ir.json`: not any `.json`) that none of
/// `files` is (a catalog was removed or renamed), and that `target` wrote:
/// a `mod.rs` or `__init__.py` someone keeps beside the generated files is
/// not stale, and `compile --check` does not fail on it for ever.
fn stale_files(folder: &Path, target: Target, files: &[PlannedFile<'_>]) -> Vec<PathBuf> {
    let suffixes: Vec<&str> = files.iter().filter_map(|f| suffix(&f.path)).collect();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && suffix(p).is_some_and(|s| suffixes.contains(&s)))
        .filter(|p| !files.iter().any(|f| folder.join(&f.path) == *p))
        .filter(|p| written_by(target, p))
        .collect();
    stale.sort();
    stale
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests that compile: they need a target in the build.
    #[cfg(any(
        feature = "rust",
        feature = "ts",
        feature = "openapi",
        feature = "md",
        feature = "python",
        feature = "ir"
    ))]
    mod with_a_target {
        use super::*;
        use crate::workspace::Workspace;

        fn analysis(dir: &Path) -> Analysis {
            let path = dir.join("shop.errors");
            std::fs::write(
                &path,
                "catalog shop {\n  locales en\n}\n\nerror gone = \"S_1\" {\n  message en \"Gone.\"\n}\n",
            )
            .unwrap();
            let mut workspace = Workspace::new();
            workspace.add_path(&path).unwrap();
            workspace.analyze()
        }

        fn request(folder: OutputFolder, check: bool) -> CompileRequest {
            let target = Target::ALL[0];
            CompileRequest {
                targets: vec![TargetRequest::new(target, folder)],
                skip: Vec::new(),
                check,
            }
        }

        #[test]
        fn check_reports_what_would_change_and_stale_files_and_writes_nothing() {
            let dir = tempfile::tempdir().unwrap();
            let analysis = analysis(dir.path());
            let out = dir.path().join("out");
            let written = compile(&analysis, &request(OutputFolder::given(&out), false)).unwrap();
            assert_eq!(written.written.len(), 1);
            let file = &written.written[0];
            let name = file.file_name().unwrap().to_str().unwrap();
            // A file the target wrote for a catalog since removed is
            // stale; one of the same kind that it did not write is not.
            let stale = out.join(name.replacen("shop", "old", 1));
            std::fs::copy(file, &stale).unwrap();
            std::fs::write(out.join(name.replacen("shop", "mod", 1)), "x").unwrap();
            std::fs::write(file, "edited").unwrap();
            let checked = compile(&analysis, &request(OutputFolder::given(&out), true)).unwrap();
            assert_eq!(checked.drifted, vec![file.clone(), stale.clone()]);
            assert_eq!(checked.targets[0].stale, vec![stale]);
            assert!(checked.written.is_empty());
            assert_eq!(std::fs::read_to_string(file).unwrap(), "edited");
            // Skipped catalogs make no files.
            let mut skipping = request(OutputFolder::given(&out), true);
            skipping.skip.push(dir.path().join("shop.errors"));
            let report = compile(&analysis, &skipping).unwrap();
            assert!(report.targets[0].files.is_empty());
        }

        #[cfg(unix)]
        #[test]
        fn the_root_may_be_a_link_but_nothing_below_it() {
            let dir = tempfile::tempdir().unwrap();
            let outside = tempfile::tempdir().unwrap();
            let analysis = analysis(dir.path());
            std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
            let below = OutputFolder::inside(dir.path(), "link/gen");
            let error = compile(&analysis, &request(below, false)).unwrap_err();
            assert!(
                matches!(&error, CompileError::FolderThroughLink { link, .. } if link.ends_with("link")),
                "{error}"
            );
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
            let root = OutputFolder::inside(dir.path().join("link"), "gen");
            compile(&analysis, &request(root, false)).unwrap();
            assert_eq!(
                std::fs::read_dir(outside.path().join("gen"))
                    .unwrap()
                    .count(),
                1
            );
        }
    }

    #[test]
    fn a_folder_reads_as_written() {
        assert_eq!(
            OutputFolder::inside("./gen", "rust").path(),
            Path::new("gen/rust")
        );
        assert_eq!(OutputFolder::given("").path(), Path::new("."));
        assert_eq!(
            OutputFolder::given("/tmp/out").path(),
            Path::new("/tmp/out")
        );
    }
}
