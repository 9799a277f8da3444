//! The pipeline over several files: read → parse → lower → check.
//!
//! A [`Workspace`] holds the sources; [`Workspace::analyze`] runs every stage
//! and returns the catalogs with all diagnostics. Files that do not decode or
//! parse contribute their diagnostic and no catalog.

use crate::check;
use crate::diagnostic::{self, Diagnostic, Rule};
use crate::ir::{self, Catalog};
use crate::parse::{self, ast};
use crate::source::{decode_owned, DecodeError, FileId, SourceFile, SourceMap, Span, UTF8_BOM};
use std::path::{Path, PathBuf};

/// Source files to analyze together.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    sources: SourceMap,
    /// Diagnostics found while reading (encoding).
    read_errors: Vec<Diagnostic>,
}

/// The result of analyzing a workspace.
#[derive(Debug)]
pub struct Analysis {
    /// Every source file read.
    pub sources: SourceMap,
    /// The syntax tree of each file that parsed, by file: filled by
    /// [`Workspace::parse`] only; [`Workspace::analyze`] lowers each tree
    /// and drops it, so that a large catalog's tree and IR are not both
    /// held.
    pub files: Vec<(FileId, ast::File)>,
    /// The catalog of each file that parsed, in file order.
    pub catalogs: Vec<Catalog>,
    /// Every diagnostic, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The catalog files (`*.errors`) directly in `folder`, sorted: what a
/// folder stands for wherever catalogs are named (errgen.yaml's `catalogs`
/// and `check.baseline`, the command line, [`crate::Builder::catalog`]).
/// Sub-folders are not read. The error names the folder.
pub fn catalog_files_in(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot read the folder `{}`: {e}", folder.display()),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "errors") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The catalog files a path names: itself, or for a folder the catalog
/// files in it ([`catalog_files_in`]); a folder without any is an error
/// that says so.
pub fn catalog_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let files = catalog_files_in(path)?;
    if files.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder `{}` holds no `.errors` file", path.display()),
        ));
    }
    Ok(files)
}

impl Workspace {
    /// An empty workspace.
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Adds a file's bytes under a display name. Bytes that are not UTF-8
    /// text are recorded as an `encoding` diagnostic.
    pub fn add_bytes(&mut self, name: &str, path: Option<PathBuf>, bytes: &[u8]) -> FileId {
        self.add_owned(name, path, bytes.to_vec())
    }

    /// [`Workspace::add_bytes`], taking the bytes (valid text is kept
    /// where it was read, not copied): see [`read_source`].
    fn add_owned(&mut self, name: &str, path: Option<PathBuf>, bytes: Vec<u8>) -> FileId {
        let id = FileId(self.sources.files().count() as u32);
        let (source, error) = read_source(id, name, path, bytes);
        self.read_errors.extend(error);
        self.sources.add(source)
    }

    /// Reads a file from disk and adds it.
    pub fn add_path(&mut self, path: &Path) -> std::io::Result<FileId> {
        let bytes = std::fs::read(path)?;
        Ok(self.add_owned(&path.display().to_string(), Some(path.to_owned()), bytes))
    }

    /// Replaces the text of a file already added (as `check --fix` does
    /// after applying suggestions, or an editor after a change): its
    /// reading errors go with the old text.
    pub fn set_text(&mut self, id: FileId, text: String) {
        let old = self.sources.get(id);
        let file = SourceFile::new(old.name.clone(), old.path.clone(), text);
        self.sources.replace(id, file);
        self.read_errors.retain(|d| d.primary.span.file != id);
    }

    /// The sources added so far.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// Parses, lowers and checks every file. The analysis keeps the
    /// catalogs, not the syntax trees: each item is lowered as it is parsed
    /// ([`ir::parse_and_lower`]).
    pub fn analyze(self) -> Analysis {
        let (sources, mut diagnostics, lowered) = self.each_file(ir::parse_and_lower);
        let mut catalogs = Vec::new();
        for result in lowered {
            match result {
                Ok((catalog, mut found)) => {
                    diagnostics.append(&mut found);
                    catalogs.push(catalog);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        diagnostics.extend(check::check(&catalogs, &sources));
        diagnostic::sort(&mut diagnostics);
        Analysis {
            sources,
            files: Vec::new(),
            catalogs,
            diagnostics,
        }
    }

    /// Runs `work` on every file that could be read, with its text, several
    /// files at once on the cores (a workspace of many catalogs was parsed
    /// one file after another on one core: a large file is split over them
    /// anyway); returns the sources, the diagnostics of reading, and what
    /// `work` gave, in file order.
    fn each_file<T: Send>(
        self,
        work: impl Fn(FileId, &str) -> T + Sync,
    ) -> (SourceMap, Vec<Diagnostic>, Vec<T>) {
        let Workspace {
            sources,
            read_errors,
        } = self;
        let unreadable: Vec<FileId> = read_errors.iter().map(|d| d.primary.span.file).collect();
        let results = {
            let files: Vec<(FileId, &str)> = sources
                .files()
                .filter(|(id, _)| !unreadable.contains(id))
                .map(|(id, source)| (id, source.text.as_str()))
                .collect();
            crate::parallel::map(&files, |&(id, text)| work(id, text))
        };
        (sources, read_errors, results)
    }

    /// Reads and parses every file, no more: what `fmt` needs. The analysis
    /// has no catalogs, and only `encoding` and `syntax` diagnostics.
    pub fn parse(self) -> Analysis {
        let (sources, mut diagnostics, parsed) = self.each_file(parse::parse);
        let mut files = Vec::new();
        for result in parsed {
            match result {
                Ok(file) => files.push((file.file, file)),
                Err(d) => diagnostics.push(d),
            }
        }
        diagnostic::sort(&mut diagnostics);
        Analysis {
            sources,
            files,
            catalogs: Vec::new(),
            diagnostics,
        }
    }
}

/// A file's bytes as the source file `id`, and the `encoding` diagnostic
/// when they are not UTF-8 text: then the text is shown without its
/// byte-order mark (lossily, or empty for UTF-16), so that the diagnostic's
/// offset (counted after the mark) points into it. Valid text is kept where
/// it was read, not copied.
pub(crate) fn read_source(
    id: FileId,
    name: &str,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
) -> (SourceFile, Option<Diagnostic>) {
    let bom = bytes.starts_with(UTF8_BOM);
    match decode_owned(bytes) {
        Ok(text) => (
            SourceFile::new(name, path, text).after_byte_order_mark(bom),
            None,
        ),
        Err((error, bytes)) => {
            let (text, at, message, help) = match error {
                DecodeError::Utf16 { big_endian } => (
                    String::new(),
                    0,
                    format!(
                        "`{name}` is UTF-16{} text; catalogs are UTF-8",
                        if big_endian { " (big-endian)" } else { "" }
                    ),
                    "convert it, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8`".to_owned(),
                ),
                DecodeError::NotUtf8 { offset } => (
                    String::from_utf8_lossy(&bytes).into_owned(),
                    offset,
                    format!("`{name}` is not valid UTF-8 (byte {offset} is not)"),
                    "save the file as UTF-8; errgen reads no other encoding".to_owned(),
                ),
            };
            // The lossy text holds U+FFFD (3 bytes) where the bad byte was.
            let end = text.len().min(at + 3);
            let diagnostic = Diagnostic::new(Rule::Encoding, Span::new(id, at, end), message)
                .label("not UTF-8")
                .help(help);
            (
                SourceFile::new(name, path, text).after_byte_order_mark(bom),
                Some(diagnostic),
            )
        }
    }
}
