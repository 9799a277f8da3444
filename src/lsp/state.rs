//! The server's files and their analysis, kept between messages so that a
//! change re-does only what it must.
//!
//! Every file the server knows (an open document, or a catalog of a
//! project's errgen.yaml read from disk) has a slot whose index is its
//! [`FileId`]. A change re-parses and re-lowers that one file; the checker,
//! whose rules span catalogs (duplicate codes and prefixes across the
//! project), then runs over the file's set: the catalogs of its
//! errgen.yaml together, or an open file outside every project alone. Each
//! workspace folder has the errgen.yaml found from it
//! ([`State::load_projects`]). Nothing is generated.

use super::position::LineIndex;
use crate::config::{CheckOptions, Config, FILE_NAME};
use crate::diagnostic::{self, Diagnostic};
use crate::ir::{self, Catalog};
use crate::parse::{self, ast};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use lsp_types::Uri;
use std::path::{Path, PathBuf};

/// One file the server knows.
#[derive(Debug)]
pub(crate) struct File {
    /// How the client names it.
    pub(crate) uri: Uri,
    /// Where it is on disk, for a `file:` URI.
    pub(crate) path: Option<PathBuf>,
    /// Its text as the client holds it (or as read from disk).
    pub(crate) text: String,
    /// Lines of `text`, for positions.
    pub(crate) index: LineIndex,
    /// Whether the client has it open (its text is the client's then).
    pub(crate) open: bool,
    /// The project ([`State::projects`]) whose errgen.yaml lists it, if
    /// any: it is checked with that project's other catalogs.
    pub(crate) member: Option<usize>,
    /// The catalog lowered from `text` with the diagnostics of reading,
    /// parsing and lowering it; `None` when `text` changed since (or the
    /// file is not analyzed: closed and no member).
    lowered: Option<Lowered>,
    /// The syntax tree of the last text that parsed, and that text: the
    /// next edit parses only the items it changed
    /// ([`crate::parse::incremental`]).
    tree: Option<(ast::File, String)>,
    /// The analysis of that text (the tree's), once an edit replaced it
    /// and until a text parses again: while the text does not parse,
    /// requests are answered from it where the text is unchanged
    /// ([`State::analysis`]).
    good: Option<Lowered>,
    /// The diagnostics of the last check whose primary place is here.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// What the client was last sent for it ([`State::unsent`]).
    published: Option<Vec<lsp_types::Diagnostic>>,
    /// The upstream patterns its last lowerings checked.
    patterns: ir::PatternMemo,
    /// Counts the changes of `text`: the checker's copy of the text is
    /// made again only when it differs from the copy's
    /// ([`State::sources`]).
    edits: u64,
    /// The texts and analyses edits replaced, freed once the diagnostics
    /// are out ([`State::free_replaced`]): a 10,000-entry catalog takes
    /// 4 ms to free.
    replaced: Vec<(String, Option<Lowered>)>,
}

/// What reading, parsing and lowering one file gave.
#[derive(Debug)]
struct Lowered {
    /// The catalog, unless the file does not parse (or read).
    catalog: Option<Catalog>,
    /// The diagnostics found so far.
    diagnostics: Vec<Diagnostic>,
    /// What the catalog's own rules found when it was last checked
    /// ([`crate::check::check_keeping`]): checking its set again after an
    /// edit in another file does not run them again.
    own: Option<Vec<Diagnostic>>,
    /// For a text that does not parse, how it differs from the last text
    /// that did ([`File::good`]).
    edited: Option<Edited>,
}

/// Where a text differs from an earlier one: the bytes before `prefix` and
/// from `old_end` (of the earlier text) on are unchanged, the latter from
/// `new_end` on in the text of now. Offsets are on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edited {
    prefix: usize,
    old_end: usize,
    new_end: usize,
}

impl Edited {
    /// The common prefix and suffix of `old` and `new` (at most all of the
    /// shorter one together).
    pub(crate) fn new(old: &str, new: &str) -> Edited {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(a, b, false);
        while !old.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let mut suffix = common_prefix(&a[prefix..], &b[prefix..], true);
        while !old.is_char_boundary(a.len() - suffix) {
            suffix -= 1;
        }
        Edited {
            prefix,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
        }
    }

    /// Where a span's start in the old text is now, unless the byte it
    /// starts at changed.
    fn start(&self, offset: usize) -> Option<usize> {
        if offset < self.prefix {
            Some(offset)
        } else {
            (offset >= self.old_end).then(|| offset - self.old_end + self.new_end)
        }
    }

    /// Where a span's end in the old text is now, unless the byte before
    /// it changed.
    fn end(&self, offset: usize) -> Option<usize> {
        if offset <= self.prefix {
            Some(offset)
        } else {
            (offset > self.old_end).then(|| offset - self.old_end + self.new_end)
        }
    }

    /// The offset in the old text of an offset of now that is not inside
    /// the changed bytes.
    fn back(&self, offset: usize) -> Option<usize> {
        if offset <= self.prefix {
            Some(offset)
        } else {
            (offset >= self.new_end).then(|| offset - self.new_end + self.old_end)
        }
    }
}

/// How many bytes `a` and `b` have in common at their start, or at their
/// `end`: compared 64 at a time (a slice comparison), then one by one.
fn common_prefix(a: &[u8], b: &[u8], end: bool) -> usize {
    const CHUNK: usize = 64;
    let same = |(x, y): &(&[u8], &[u8])| x == y;
    let chunks = if end {
        (a.rchunks_exact(CHUNK).zip(b.rchunks_exact(CHUNK)))
            .take_while(same)
            .count()
    } else {
        (a.chunks_exact(CHUNK).zip(b.chunks_exact(CHUNK)))
            .take_while(same)
            .count()
    };
    let whole = chunks * CHUNK;
    let rest = if end {
        let (a, b) = (&a[..a.len() - whole], &b[..b.len() - whole]);
        (a.iter().rev().zip(b.iter().rev()))
            .take_while(|(x, y)| x == y)
            .count()
    } else {
        (a[whole..].iter().zip(&b[whole..]))
            .take_while(|(x, y)| x == y)
            .count()
    };
    whole + rest
}

/// A file's catalog to answer requests from: of its text, or, while the
/// text does not parse, of the last text that did (spans of that text are
/// mapped to the text of now where it is unchanged).
pub(crate) struct Analysis<'s> {
    pub(crate) catalog: &'s Catalog,
    /// The analyzed text the catalog was lowered from.
    pub(crate) text: &'s str,
    /// How the file's text differs from `text`: `None` when it is `text`.
    edited: Option<Edited>,
}

impl Analysis<'_> {
    /// A span of the catalog as it stands in the text of now: its start
    /// and end each in unchanged text (it may enclose the changed bytes).
    pub(crate) fn span(&self, span: Span) -> Option<Span> {
        let Some(edited) = self.edited else {
            return Some(span);
        };
        let start = edited.start(span.start)?;
        let end = edited.end(span.end)?.max(start);
        Some(Span::new(span.file, start, end))
    }

    /// [`Analysis::span`] for a span wholly in unchanged text.
    pub(crate) fn span_within(&self, span: Span) -> Option<Span> {
        let mapped = self.span(span)?;
        let kept = self
            .edited
            .is_none_or(|e| span.end <= e.prefix || span.start >= e.old_end);
        kept.then_some(mapped)
    }

    /// Whether the bytes `start..end` of the text of now are unchanged
    /// since `text` (so the catalog speaks of them).
    pub(crate) fn unchanged(&self, start: usize, end: usize) -> bool {
        self.edited
            .is_none_or(|e| end <= e.prefix || start >= e.new_end)
    }

    /// The offset in `text` of an offset of now in unchanged text.
    pub(crate) fn offset(&self, offset: usize) -> Option<usize> {
        match self.edited {
            Some(edited) => edited.back(offset),
            None => Some(offset),
        }
    }

    /// Whether the catalog is of an earlier text than the file's.
    pub(crate) fn is_earlier(&self) -> bool {
        self.edited.is_some()
    }
}

impl File {
    /// The text errgen analyzes: without a leading byte-order mark.
    pub(crate) fn analyzed(&self) -> &str {
        self.index.analyzed(&self.text)
    }

    /// Whether the server analyzes it.
    fn analyzed_now(&self) -> bool {
        self.open || self.member.is_some()
    }

    /// Parses (again, from the last tree where there is one) and lowers
    /// its text.
    fn lower(&mut self, id: FileId) -> Lowered {
        let text = self.index.analyzed(&self.text);
        let parsed = match self.tree.take() {
            Some((tree, old_text)) => parse::incremental::reparse(id, tree, &old_text, text)
                .map_err(|(error, old)| (error, Some((old, old_text)))),
            None => parse::parse(id, text).map_err(|error| (error, None)),
        };
        match parsed {
            Ok(tree) => {
                let (catalog, diagnostics) = ir::lower_edited(&tree, text, &self.patterns);
                self.tree = Some((tree, text.to_owned()));
                if let Some(good) = self.good.take() {
                    self.replaced.push((String::new(), Some(good)));
                }
                Lowered {
                    catalog: Some(catalog),
                    diagnostics,
                    own: None,
                    edited: None,
                }
            }
            Err((syntax, old)) => {
                let edited = (old.as_ref().zip(self.good.as_ref()))
                    .map(|((_, old_text), _)| Edited::new(old_text, text));
                self.tree = old;
                Lowered {
                    catalog: None,
                    diagnostics: vec![syntax],
                    own: None,
                    edited,
                }
            }
        }
    }

    /// Sets its text; the analysis is stale until the next check.
    pub(crate) fn set_text(&mut self, text: String) {
        self.edits += 1;
        self.index = LineIndex::new(&text);
        let old = std::mem::replace(&mut self.text, text);
        let lowered = self.replace_lowered();
        self.replaced.push((old, lowered));
    }

    /// Takes the analysis of the text an edit replaces: one that parsed is
    /// kept as [`File::good`] (what it replaces there is returned, to
    /// free), another returned.
    fn replace_lowered(&mut self) -> Option<Lowered> {
        let lowered = self.lowered.take()?;
        if lowered.catalog.is_some() {
            self.good.replace(lowered)
        } else {
            Some(lowered)
        }
    }

    /// Applies one change of the client's (incremental sync): `text` in
    /// place of `range` of the text as the changes before left it, or as
    /// the whole text without a range. A range past the text is clamped
    /// to it, an end before the start is the start.
    pub(crate) fn apply(&mut self, range: Option<lsp_types::Range>, text: String) {
        let Some(range) = range else {
            return self.set_text(text);
        };
        let start = self.index.document_offset(&self.text, range.start);
        let end = self.index.document_offset(&self.text, range.end).max(start);
        self.edits += 1;
        self.text.replace_range(start..end, &text);
        self.index.replace(&self.text, start, end, &text);
        if let Some(lowered) = self.replace_lowered() {
            self.replaced.push((String::new(), Some(lowered)));
        }
    }
}

/// errgen.yaml as found, loaded or refused.
#[derive(Debug)]
pub(crate) struct Project {
    /// Where it is.
    pub(crate) path: PathBuf,
    /// The workspace folders it applies in (in them, or above them).
    pub(crate) folders: Vec<PathBuf>,
    /// Its content, or why it is invalid: its text as read, and a
    /// `config` diagnostic on it for each problem.
    pub(crate) config: Result<Config, (String, Vec<Diagnostic>)>,
    /// The released catalogs of its `check.baseline` ([`released`]).
    baseline: Vec<Catalog>,
}

/// The released catalogs of `config`'s `check.baseline` that lower
/// without errors, which `version-bump` compares the project's with
/// ([`crate::diff::against_baseline`], as `errgen check` does). Their file
/// ids count down from the last, past every file of the server's, so that
/// no place of theirs is taken for one of its files (a diagnostic's label
/// there is left out).
fn released(config: &Config) -> Vec<Catalog> {
    let files = config.baseline_files().unwrap_or_default();
    (files.iter().enumerate())
        .filter_map(|(i, file)| {
            let text = crate::source::decode(&std::fs::read(file).ok()?).ok()?;
            let id = FileId(u32::MAX - i as u32);
            let (catalog, diagnostics) = ir::parse_and_lower(id, &text).ok()?;
            (!diagnostics.iter().any(Diagnostic::is_error)).then_some(catalog)
        })
        .collect()
}

/// Every file, the projects, and what the last checks found.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// By [`FileId`].
    pub(crate) files: Vec<File>,
    /// The workspace folders, each made [`canonical`].
    pub(crate) folders: Vec<PathBuf>,
    /// The errgen.yaml files that apply in the folders, each once (two
    /// folders of one project share it), in the folders' order.
    pub(crate) projects: Vec<Project>,
    /// The texts the checker reads, by [`FileId`] (the checked set's, the
    /// others empty), with the [`File::edits`] count of each copy: kept
    /// between checks, so that a check of a workspace copies only the
    /// texts changed since (50 catalogs of 1,000 entries: 16 MB, 8 ms).
    sources: (SourceMap, Vec<Option<u64>>),
    /// The names files had before the client opened them by others (a
    /// path through a symbolic link), whose diagnostics are to be cleared.
    pub(crate) renamed: Vec<Uri>,
}

impl State {
    /// The slot of `uri`, if the server knows it.
    pub(crate) fn find(&self, uri: &Uri) -> Option<FileId> {
        let path = super::uri_to_path(uri).map(|p| canonical(&p));
        self.files
            .iter()
            .position(|f| f.uri == *uri || (path.is_some() && f.path == path))
            .map(|i| FileId(i as u32))
    }

    /// The file in slot `id`.
    pub(crate) fn file(&self, id: FileId) -> &File {
        &self.files[id.0 as usize]
    }

    fn file_mut(&mut self, id: FileId) -> &mut File {
        &mut self.files[id.0 as usize]
    }

    /// The slot of `uri`, made when new (with no text).
    fn slot(&mut self, uri: &Uri) -> FileId {
        if let Some(id) = self.find(uri) {
            return id;
        }
        let path = super::uri_to_path(uri).map(|p| canonical(&p));
        self.files.push(File {
            uri: uri.clone(),
            path,
            text: String::new(),
            index: LineIndex::new(""),
            open: false,
            member: None,
            lowered: None,
            tree: None,
            good: None,
            diagnostics: Vec::new(),
            published: None,
            patterns: ir::PatternMemo::default(),
            edits: 0,
            replaced: Vec::new(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// The client opened or changed `uri`: its text is now `text`. Returns
    /// the file, to check.
    pub(crate) fn edit(&mut self, uri: &Uri, text: String) -> FileId {
        let id = self.opened(uri);
        self.file_mut(id).set_text(text);
        id
    }

    /// The slot of `uri`, which the client has open: named as the client
    /// names it, for its diagnostics and edits to reach the client's
    /// document (a catalog of errgen.yaml, named by its real path, may be
    /// open through a symbolic link).
    fn opened(&mut self, uri: &Uri) -> FileId {
        let id = self.slot(uri);
        let file = self.file_mut(id);
        file.open = true;
        if file.uri != *uri {
            let old = std::mem::replace(&mut file.uri, uri.clone());
            if file.published.take().is_some_and(|sent| !sent.is_empty()) {
                self.renamed.push(old);
            }
        }
        id
    }

    /// The client changed the open `uri` by `changes`, in order (a
    /// document it did not open starts empty). Returns the file, to check.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
    ) -> FileId {
        let id = self.opened(uri);
        let file = self.file_mut(id);
        for change in changes {
            file.apply(change.range, change.text);
        }
        id
    }

    /// The client closed `uri`: a member is read from disk again, any other
    /// file is no longer analyzed. Returns the file, to check (or clear).
    pub(crate) fn close(&mut self, uri: &Uri) -> Option<FileId> {
        let id = self.find(uri)?;
        let file = self.file_mut(id);
        file.open = false;
        if file.member.is_some() {
            self.reload(id);
        } else {
            file.set_text(String::new());
            // No longer analyzed: nothing is answered from it.
            let good = file.good.take();
            file.replaced.push((String::new(), good));
        }
        Some(id)
    }

    /// Reads a file that is not open from disk again (a member whose file
    /// changed, or was closed unsaved).
    pub(crate) fn reload(&mut self, id: FileId) {
        let file = self.file_mut(id);
        if file.open {
            return;
        }
        let read = match file.path.as_deref() {
            Some(path) => std::fs::read(path).map_err(|e| (path.display().to_string(), e)),
            None => Ok(Vec::new()),
        };
        let (bytes, error) = match read {
            Ok(bytes) => (bytes, None),
            // As `errgen check` says it: a file errgen.yaml lists that is
            // not there (yet) is no empty catalog.
            Err((path, e)) => {
                let message = format!("cannot read `{path}`: {e}");
                let mut d = Diagnostic::new(diagnostic::Rule::Config, Span::new(id, 0, 0), message);
                d.help = Some("errgen.yaml lists it as a catalog".to_owned());
                (Vec::new(), Some(d))
            }
        };
        let (source, undecodable) =
            crate::workspace::read_source(id, file.uri.as_str(), None, bytes);
        file.set_text(source.text);
        // An unreadable or undecodable file has its diagnostic (`config`,
        // `encoding`) and no catalog.
        if let Some(error) = error.or(undecodable) {
            file.lowered = Some(Lowered {
                catalog: None,
                diagnostics: vec![error],
                own: None,
                edited: None,
            });
        }
    }

    /// Makes `folders` the workspace folders: finds and loads the
    /// errgen.yaml that applies in each, and makes each one's catalogs its
    /// members. A catalog two of them list is the member of the one whose
    /// folder is the innermost that holds it. A catalog that was not a
    /// member of the same errgen.yaml before is read from disk (unless
    /// open); the others are as the client's file events left them.
    /// Returns every file whose diagnostics may have changed.
    pub(crate) fn load_projects(&mut self, folders: Vec<PathBuf>) -> Vec<FileId> {
        let before: Vec<Option<PathBuf>> = self
            .files
            .iter()
            .map(|file| file.member.map(|i| self.projects[i].path.clone()))
            .collect();
        let mut touched: Vec<FileId> = (0..self.files.len() as u32)
            .map(FileId)
            .filter(|&id| self.file(id).member.is_some())
            .collect();
        for file in &mut self.files {
            file.member = None;
        }
        self.folders.clear();
        for folder in folders {
            let folder = canonical(&folder);
            if !self.folders.contains(&folder) {
                self.folders.push(folder);
            }
        }
        self.projects.clear();
        for folder in &self.folders {
            let Some(path) = crate::config::discover(folder) else {
                continue;
            };
            let path = canonical(&path);
            if let Some(project) = self.projects.iter_mut().find(|p| p.path == path) {
                project.folders.push(folder.clone());
                continue;
            }
            let config = Config::load(&path).map_err(|error| {
                let (text, _) = crate::config::text_of(&path);
                let diagnostics = error.to_diagnostics(FileId(0), &text);
                (text, diagnostics)
            });
            let folders = vec![folder.clone()];
            let baseline = config.as_ref().map_or_else(|_| Vec::new(), released);
            self.projects.push(Project {
                path,
                folders,
                config,
                baseline,
            });
        }
        let listed: Vec<(usize, PathBuf)> = self
            .projects
            .iter()
            .enumerate()
            .filter_map(|(i, project)| Some((i, project.config.as_ref().ok()?.catalog_paths())))
            .flat_map(|(i, paths)| paths.into_iter().map(move |path| (i, canonical(&path))))
            .collect();
        for (project, path) in listed {
            let Some(uri) = super::path_to_uri(&path) else {
                continue;
            };
            let id = self.slot(&uri);
            // The innermost folder that holds it: the most components.
            let depth = |i: usize| {
                self.projects[i]
                    .folders
                    .iter()
                    .filter(|folder| path.starts_with(folder))
                    .map(|folder| folder.components().count())
                    .max()
            };
            let current = self.file(id).member;
            if current.is_none_or(|other| depth(other) < depth(project)) {
                self.file_mut(id).member = Some(project);
            }
            touched.push(id);
        }
        touched.sort();
        touched.dedup();
        for &id in &touched {
            let file = self.file(id);
            let project = file.member.map(|i| &self.projects[i].path);
            let was = before.get(id.0 as usize).and_then(Option::as_ref);
            if project.is_some() && project != was && !file.open {
                self.reload(id);
            }
        }
        touched
    }

    /// Each errgen.yaml and catalog of the projects that is in no
    /// workspace folder (an errgen.yaml found above one, a catalog listed
    /// as `../x.errors`): a watcher of the folders does not see it.
    pub(crate) fn outside_folders(&self) -> Vec<PathBuf> {
        let projects = self.projects.iter().map(|p| &p.path);
        let members = (self.files.iter())
            .filter(|f| f.member.is_some())
            .filter_map(|f| f.path.as_ref());
        let mut outside: Vec<PathBuf> = projects
            .chain(members)
            .filter(|path| !self.folders.iter().any(|f| path.starts_with(f)))
            .cloned()
            .collect();
        outside.sort();
        outside.dedup();
        outside
    }

    /// The files checked together with `id`: the members of its project
    /// for a member, else `id` alone (none for a file no longer analyzed).
    pub(crate) fn set_of(&self, id: FileId) -> Vec<FileId> {
        let file = self.file(id);
        if let Some(project) = file.member {
            (0..self.files.len() as u32)
                .map(FileId)
                .filter(|&i| self.file(i).member == Some(project))
                .collect()
        } else if file.open {
            vec![id]
        } else {
            Vec::new()
        }
    }

    /// Checks the files of `set` together (re-lowering those whose text
    /// changed) and stores each one's diagnostics, to publish. The
    /// `check` options (`allow`, `deny_warnings`) of the members'
    /// project apply to them.
    pub(crate) fn check(&mut self, set: &[FileId]) {
        // The files whose text changed, lowered on the cores together (a
        // project's catalogs, when it is loaded; one file, as typed, on
        // this thread).
        let stale: Vec<std::sync::Mutex<(FileId, &mut File)>> = self
            .files
            .iter_mut()
            .enumerate()
            .map(|(i, file)| (FileId(i as u32), file))
            .filter(|(id, file)| set.contains(id) && file.lowered.is_none() && file.analyzed_now())
            .map(std::sync::Mutex::new)
            .collect();
        crate::parallel::map(&stale, |job| {
            let mut job = job.lock().unwrap_or_else(|e| e.into_inner());
            let (id, file) = &mut *job;
            file.lowered = Some(file.lower(*id));
        });
        // The checker reads each catalog's text through a source map indexed
        // by file id: the set's texts at their slots, the others empty.
        let (sources, copied) = &mut self.sources;
        for (i, file) in self.files.iter().enumerate() {
            let id = FileId(i as u32);
            if i == copied.len() {
                let empty = SourceFile::new(file.uri.as_str(), file.path.clone(), String::new());
                sources.add(empty);
                copied.push(None);
            }
            let wanted = set.contains(&id).then_some(file.edits);
            if copied[i] != wanted {
                sources.set_text(id, wanted.map_or("", |_| file.analyzed()));
                copied[i] = wanted;
            }
        }
        // The catalogs are moved out for the checker (it takes a slice) and
        // back: a 10,000-entry catalog is not copied. So are their own
        // rules' findings, which only a catalog lowered anew lacks.
        let mut catalogs = Vec::new();
        let mut own = Vec::new();
        let mut found = Vec::new();
        for &id in set {
            if let Some(lowered) = &mut self.file_mut(id).lowered {
                found.extend(lowered.diagnostics.iter().cloned());
                if let Some(catalog) = lowered.catalog.take() {
                    catalogs.push(catalog);
                    own.push(lowered.own.take());
                }
            }
        }
        found.extend(crate::check::check_keeping(
            &catalogs,
            &self.sources.0,
            &mut own,
        ));
        // A project's `version-bump` against its released catalogs.
        let member = set.first().and_then(|&id| self.file(id).member);
        if let Some(project) = member.map(|i| &self.projects[i]) {
            if !project.baseline.is_empty() {
                let current: Vec<&Catalog> = catalogs.iter().collect();
                found.extend(crate::diff::against_baseline(&current, &project.baseline));
            }
        }
        for (catalog, own) in catalogs.into_iter().zip(own) {
            let file = catalog.file;
            if let Some(lowered) = &mut self.file_mut(file).lowered {
                lowered.catalog = Some(catalog);
                lowered.own = own;
            }
        }
        let project = set
            .first()
            .and_then(|&id| self.file(id).member)
            .and_then(|i| self.projects[i].config.as_ref().ok());
        match project {
            Some(config) => config.check.judge(&mut found, false),
            None => CheckOptions::default().judge(&mut found, false),
        }
        diagnostic::sort(&mut found);
        for &id in set {
            self.file_mut(id).diagnostics.clear();
        }
        for d in found {
            let file = d.primary.span.file;
            if set.contains(&file) {
                self.file_mut(file).diagnostics.push(d);
            }
        }
    }

    /// Frees what edits replaced (see [`File::set_text`]): once the
    /// diagnostics are published.
    pub(crate) fn free_replaced(&mut self) {
        self.files.iter_mut().for_each(|file| file.replaced.clear());
    }

    /// Whether `diagnostics` (the protocol's form of a file's) are to be
    /// sent: not when the client was sent exactly these for it last (a
    /// check of a project publishes only the files whose diagnostics
    /// changed: an edit of one of 50 catalogs sent 50 notifications).
    /// Records them as sent.
    pub(crate) fn unsent(&mut self, id: FileId, diagnostics: &[lsp_types::Diagnostic]) -> bool {
        let published = &mut self.file_mut(id).published;
        if published.as_deref() == Some(diagnostics) {
            return false;
        }
        *published = Some(diagnostics.to_vec());
        true
    }

    /// Forgets the diagnostics of a file no longer analyzed.
    pub(crate) fn clear(&mut self, id: FileId) {
        self.file_mut(id).diagnostics.clear();
    }

    /// The catalog of `id`, if its text (as last checked) parsed.
    pub(crate) fn catalog(&self, id: FileId) -> Option<&Catalog> {
        self.file(id).lowered.as_ref()?.catalog.as_ref()
    }

    /// The catalog to answer requests about `id` from: its text's, else,
    /// while its text (as last checked) does not parse, the last one that
    /// parsed, with how the text changed since.
    pub(crate) fn analysis(&self, id: FileId) -> Option<Analysis<'_>> {
        let file = self.file(id);
        let lowered = file.lowered.as_ref()?;
        if let Some(catalog) = &lowered.catalog {
            return Some(Analysis {
                catalog,
                text: file.analyzed(),
                edited: None,
            });
        }
        Some(Analysis {
            catalog: file.good.as_ref()?.catalog.as_ref()?,
            text: &file.tree.as_ref()?.1,
            edited: Some(lowered.edited?),
        })
    }

    /// The analyses of the files checked with `id` (its own first).
    pub(crate) fn analyses_with(&self, id: FileId) -> Vec<Analysis<'_>> {
        let mut set = self.set_of(id);
        set.sort_by_key(|&i| i != id);
        set.into_iter().filter_map(|i| self.analysis(i)).collect()
    }

    /// Each invalid errgen.yaml: its path, the text its `config`
    /// diagnostics are on, and the diagnostics.
    pub(crate) fn project_errors(&self) -> Vec<(&Path, &str, &[Diagnostic])> {
        self.projects
            .iter()
            .filter_map(|project| match &project.config {
                Err((text, d)) => Some((project.path.as_path(), text.as_str(), d.as_slice())),
                Ok(_) => None,
            })
            .collect()
    }
}

/// `path` made absolute and without symbolic links when it exists, so that
/// a catalog named by errgen.yaml and the same file opened by the client
/// are one slot.
pub(crate) fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Whether a changed file (from the client's file watcher) is errgen.yaml.
pub(crate) fn is_project_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == FILE_NAME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

    /// The checker reads each checked file's text as it is now: after a
    /// ranged change, a whole-text change and a close, and a file checked
    /// no more reads as empty.
    #[test]
    fn the_checker_reads_the_text_of_now() {
        let mut state = State::default();
        let (a, b): (Uri, Uri) = (
            "untitled:a.errors".parse().unwrap(),
            "untitled:b.errors".parse().unwrap(),
        );
        let text = "catalog a {\n  locales en\n}\n\nerror e = \"E\" {\n  message en \"%s.\"\n}\n";
        let ids = [
            state.edit(&a, text.to_owned()),
            state.edit(&b, text.replace("catalog a", "catalog b")),
        ];
        let read = |state: &State, id: FileId| state.sources.0.get(id).text.clone();
        for id in ids {
            state.check(&[id]);
            assert_eq!(read(&state, id), state.file(id).analyzed());
        }
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_owned(),
        };
        let at = Range::new(Position::new(5, 14), Position::new(5, 14));
        state.change(&a, vec![change(Some(at), "\\\"")]);
        state.check(&[ids[0]]);
        assert_eq!(read(&state, ids[0]), state.file(ids[0]).analyzed());
        assert!(
            read(&state, ids[0]).contains(r#""\"%s."#),
            "{}",
            read(&state, ids[0])
        );
        state.change(&a, vec![change(None, "catalog a {\n  locales en\n}\n")]);
        state.check(&[ids[0]]);
        assert_eq!(read(&state, ids[0]), state.file(ids[0]).analyzed());
        // Checked alone, `b` leaves `a`'s text out.
        state.check(&[ids[1]]);
        assert_eq!(read(&state, ids[0]), "");
        assert_eq!(read(&state, ids[1]), state.file(ids[1]).analyzed());
    }

    /// Edits of a project's open catalogs, as typed, check as the edited
    /// texts opened afresh: after every edit (and after taking it back) each
    /// member's diagnostics and catalog (spans included) are those of a new
    /// server given the same texts ([`super::super::typing`]). The project
    /// is the seeds' defects and a catalog of every statement, so that
    /// diagnostics stand all through the files and the kept findings of
    /// the catalogs not edited count.
    #[test]
    fn edits_check_as_the_edited_texts_opened_afresh() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let project = tempfile::tempdir().unwrap();
        let names = [
            "defects/k12.errors",
            "defects/optverse.errors",
            "defects/function-service.errors",
            "syntax/every-item.errors",
        ];
        let mut yaml = String::from("catalogs:\n");
        for name in names {
            let file = Path::new(name).file_name().unwrap();
            std::fs::copy(fixtures.join(name), project.path().join(file)).unwrap();
            yaml.push_str(&format!("  - path: {}\n", file.to_str().unwrap()));
        }
        std::fs::write(project.path().join(FILE_NAME), yaml).unwrap();
        let open = |state: &mut State, texts: &[(Uri, String)]| {
            let members = state.load_projects(vec![project.path().to_path_buf()]);
            assert_eq!(members.len(), names.len());
            for (uri, text) in texts {
                state.edit(uri, text.clone());
            }
            let set = state.set_of(members[0]);
            state.check(&set);
            set
        };
        let fresh = |texts: &[(Uri, String)]| {
            let mut fresh = State::default();
            open(&mut fresh, texts);
            fresh
        };
        // Three sequences of edits: which edit shows a bug depends on the
        // draw (a stale copy of the text shows only where a rule reads it).
        for seed in 1..=3 {
            let mut state = State::default();
            let set = open(&mut state, &[]);
            // Two members open, as read from disk: the one with the most
            // diagnostics, and the catalog of every statement.
            let opened: Vec<(Uri, String)> = [set[0], set[3]]
                .iter()
                .map(|&id| (state.file(id).uri.clone(), state.file(id).text.clone()))
                .collect();
            open(&mut state, &opened);
            let uris: Vec<Uri> = opened.into_iter().map(|(uri, _)| uri).collect();
            let (checks, parsed) = super::super::typing::edit_and_compare(
                &mut state,
                &uris,
                &set,
                &fresh,
                &mut crate::lsp::typing::Lcg(seed),
                50,
            );
            assert!(
                checks > 50 && parsed > 50,
                "{parsed} of {checks} checks parsed"
            );
        }
    }

    /// A catalog two workspace folders' errgen.yaml files list (a folder
    /// inside another) is the member of the innermost folder's, and
    /// checked with its catalogs only; two folders that find one
    /// errgen.yaml (above both) share it, one project.
    #[test]
    fn a_catalog_belongs_to_the_innermost_folders_project() {
        let dir = tempfile::tempdir().unwrap();
        let outer = canonical(dir.path());
        let inner = outer.join("inner");
        std::fs::create_dir(&inner).unwrap();
        let catalog = "catalog c {\n  locales en\n}\n";
        for path in [outer.join("a.errors"), inner.join("b.errors")] {
            std::fs::write(path, catalog).unwrap();
        }
        let listed = "catalogs:\n  - path: a.errors\n  - path: inner/b.errors\n";
        std::fs::write(outer.join(FILE_NAME), listed).unwrap();
        std::fs::write(inner.join(FILE_NAME), "catalogs:\n  - path: b.errors\n").unwrap();
        let mut state = State::default();
        let members = |state: &State| -> Vec<(String, Option<usize>)> {
            let mut members: Vec<_> = (state.files.iter())
                .map(|f| {
                    (
                        f.uri.as_str().rsplit('/').next().unwrap().to_owned(),
                        f.member,
                    )
                })
                .collect();
            members.sort();
            members
        };
        let name = |name: &str| name.to_owned();
        for folders in [
            vec![outer.clone(), inner.clone()],
            vec![inner.clone(), outer.clone()],
        ] {
            state.load_projects(folders.clone());
            let outer_project = state
                .projects
                .iter()
                .position(|p| p.folders == [outer.clone()]);
            let inner_project = state
                .projects
                .iter()
                .position(|p| p.folders == [inner.clone()]);
            assert_eq!(
                members(&state),
                [
                    (name("a.errors"), outer_project),
                    (name("b.errors"), inner_project)
                ],
                "{folders:?}"
            );
        }
        // The inner folder gone, the outer's errgen.yaml has both.
        state.load_projects(vec![outer.clone()]);
        assert_eq!(
            members(&state),
            [(name("a.errors"), Some(0)), (name("b.errors"), Some(0))]
        );
        let b = state
            .files
            .iter()
            .position(|f| f.uri.as_str().ends_with("b.errors"))
            .unwrap();
        assert_eq!(state.set_of(FileId(b as u32)).len(), 2);
        // Two folders under one errgen.yaml: one project.
        std::fs::remove_file(inner.join(FILE_NAME)).unwrap();
        let other = outer.join("other");
        std::fs::create_dir(&other).unwrap();
        state.load_projects(vec![inner.clone(), other.clone()]);
        assert_eq!(state.projects.len(), 1);
        assert_eq!(state.projects[0].folders, [inner, other]);
        assert_eq!(
            members(&state),
            [(name("a.errors"), Some(0)), (name("b.errors"), Some(0))]
        );
    }

    /// The common prefix and suffix of two texts end at character
    /// boundaries; spans map to the text of now only from unchanged text.
    #[test]
    fn an_edit_maps_only_unchanged_text() {
        let edited = Edited::new("aé-xyz", "aè-QQxyz");
        // `é` and `è` share their first byte: the prefix is `a` alone.
        assert_eq!(
            edited,
            Edited {
                prefix: 1,
                old_end: 4,
                new_end: 6
            }
        );
        let mut state = State::default();
        let uri: Uri = "untitled:a.errors".parse().unwrap();
        let id = state.edit(&uri, "catalog c {\n  locales en\n}\n".to_owned());
        state.check(&[id]);
        let analysis = Analysis {
            catalog: state.catalog(id).unwrap(),
            text: "aé-xyz",
            edited: Some(edited),
        };
        let span = |start, end| Span::new(FileId(0), start, end);
        assert_eq!(analysis.span_within(span(0, 1)), Some(span(0, 1)));
        assert_eq!(analysis.span_within(span(4, 7)), Some(span(6, 9)));
        assert_eq!(analysis.span_within(span(1, 3)), None);
        assert_eq!(analysis.span_within(span(0, 7)), None);
        // A span that encloses the edit, as a group does.
        assert_eq!(analysis.span(span(0, 7)), Some(span(0, 9)));
        assert_eq!(analysis.span(span(0, 2)), None);
        assert!(analysis.unchanged(6, 9) && !analysis.unchanged(4, 6));
        assert_eq!(analysis.offset(7), Some(5));
        assert_eq!(analysis.offset(3), None);
        // Long texts are compared in chunks: the same as byte by byte.
        let long: String = (0..300)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        for (at, removed, inserted) in [(0, 0, "é"), (130, 5, ""), (299, 1, "xyz"), (64, 64, "")] {
            let mut edited = long.clone();
            edited.replace_range(at..at + removed, inserted);
            let (a, b) = (long.as_bytes(), edited.as_bytes());
            let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let suffix = (a[prefix..].iter().rev().zip(b[prefix..].iter().rev()))
                .take_while(|(x, y)| x == y)
                .count();
            let naive = Edited {
                prefix,
                old_end: a.len() - suffix,
                new_end: b.len() - suffix,
            };
            assert_eq!(
                Edited::new(&long, &edited),
                naive,
                "{at} {removed} {inserted}"
            );
        }
        // A pure insertion: a span starting at it starts after it.
        let edited = Edited::new("ab", "aXb");
        assert_eq!((edited.start(1), edited.end(1)), (Some(2), Some(1)));
    }

    /// Ranged changes at any positions a client may send (past a line's
    /// end, past the last line, inside a surrogate pair or a `\r\n`, end
    /// before start) edit the text at character boundaries, never panic,
    /// and leave the line index that of the edited text.
    #[test]
    fn any_ranged_change_keeps_text_and_index_together() {
        let mut state = State::default();
        let uri: Uri = "untitled:a.errors".parse().unwrap();
        let id = state.edit(&uri, "\u{FEFF}ab\r\n租户 😀\rz\n\nend".to_owned());
        let inserts = ["", "x", "\n", "\r", "\r\n", "😀", "户\n", "\u{FEFF}"];
        let mut random = crate::lsp::typing::Lcg(11);
        for _ in 0..3000 {
            let count = state.file(id).index.line_count();
            let mut at = || Position::new(random.below(count + 2) as u32, random.below(8) as u32);
            let range = Range::new(at(), at());
            let text = inserts[random.below(inserts.len())].to_owned();
            let change = TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text,
            };
            state.change(&uri, vec![change]);
            let file = state.file(id);
            assert_eq!(file.index, LineIndex::new(&file.text), "{:?}", file.text);
        }
    }
}
