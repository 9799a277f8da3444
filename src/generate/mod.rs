//! Generation: resolved catalogs → files for one target.
//!
//! Each target is one module here (`rust`, `ts`, …) plus one template folder
//! under `templates/<target>/`. A target module turns a [`Catalog`] into a
//! view model whose strings are already escaped for the target language, and
//! an askama template (with `escape = "none"`) prints it. OpenAPI has no
//! template: its one model is written as YAML or JSON by an emitter. Generators see only
//! the IR. Output is deterministic: no timestamps, no absolute paths, no tool
//! version, stable order.

pub mod ir;
pub mod md;
pub mod openapi;
pub mod rust;
pub mod ts;

use crate::ir::{Catalog, MetaValue};
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::PathBuf;

/// A generation target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Rust: one module per catalog, for `include!` or checking in.
    Rust,
    /// TypeScript: one ES module per catalog.
    Ts,
    /// OpenAPI 3.1: the code enum, the envelope and a response per status.
    OpenApi,
    /// Markdown: one page per catalog.
    Md,
    /// The resolved IR as JSON, for generators outside errgen.
    Ir,
}

impl Target {
    /// Every target, in the order they are generated.
    pub const ALL: &'static [Target] = &[
        Target::Rust,
        Target::Ts,
        Target::OpenApi,
        Target::Md,
        Target::Ir,
    ];

    /// The name used on the command line and in errgen.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Target::Rust => "rust",
            Target::Ts => "ts",
            Target::OpenApi => "openapi",
            Target::Md => "md",
            Target::Ir => "ir",
        }
    }

    /// The target with this name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The files of this target for one catalog, each rendered when it is
    /// written (see [`PlannedFile`]).
    pub fn plan<'a>(self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        match self {
            Target::Rust => rust::plan(catalog, options),
            Target::Ts => ts::plan(catalog, options),
            Target::OpenApi => openapi::plan(catalog, options),
            Target::Md => md::plan(catalog, options),
            Target::Ir => ir::plan(catalog, options),
        }
    }

    /// Generates the files of this target for one catalog, in memory.
    pub fn generate(self, catalog: &Catalog, options: &Options) -> Vec<GeneratedFile> {
        render_all(self.plan(catalog, options))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Options for a target: from errgen.yaml's `targets.<name>.options`, then
/// the catalog's own `option <target>.<key> …` statements, which win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    values: BTreeMap<String, MetaValue>,
}

impl Options {
    /// No options.
    pub fn new() -> Options {
        Options::default()
    }

    /// Sets an option.
    pub fn set(&mut self, key: impl Into<String>, value: MetaValue) -> &mut Options {
        self.values.insert(key.into(), value);
        self
    }

    /// These options, overridden by the catalog's `option <target>.<key>`.
    pub fn for_catalog(&self, target: Target, catalog: &Catalog) -> Options {
        let mut values = self.values.clone();
        let prefix = format!("{}.", target.name());
        for (key, value) in &catalog.options {
            if let Some(key) = key.strip_prefix(&prefix) {
                values.insert(key.to_owned(), value.clone());
            }
        }
        Options { values }
    }

    /// A boolean option (`true` if set to `true`).
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.values.get(key), Some(MetaValue::Bool(true)))
    }

    /// A string option.
    pub fn string(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(MetaValue::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// The files of `target` for every catalog, in catalog order: the files one
/// output folder receives.
pub fn plan_all<'a>(
    catalogs: impl IntoIterator<Item = &'a Catalog>,
    target: Target,
    options: &Options,
) -> Vec<PlannedFile<'a>> {
    catalogs
        .into_iter()
        .flat_map(|catalog| target.plan(catalog, &options.for_catalog(target, catalog)))
        .collect()
}

/// [`plan_all`], rendered in memory.
pub fn generate_all<'a>(
    catalogs: impl IntoIterator<Item = &'a Catalog>,
    target: Target,
    options: &Options,
) -> Vec<GeneratedFile> {
    render_all(plan_all(catalogs, target, options))
}

/// One generated file, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Its path relative to the target's output folder (a plain file name
    /// or relative path without `..`).
    pub path: PathBuf,
    /// Its content.
    pub content: String,
}

/// How a planned file writes its content.
type Render<'a> = Box<dyn Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a>;

/// One file a target will produce: its path, and how to write its content.
///
/// The content is rendered only when the file is written, straight into its
/// destination (see [`crate::output`]): a compile never holds the text of
/// every file at once, and files can be rendered on several threads.
/// Rendering is deterministic: every call writes the same bytes.
pub struct PlannedFile<'a> {
    /// Its path relative to the target's output folder (a plain file name
    /// or relative path without `..`).
    pub path: PathBuf,
    render: Render<'a>,
}

impl<'a> PlannedFile<'a> {
    /// A file at `path` whose content `render` writes.
    pub fn new(
        path: impl Into<PathBuf>,
        render: impl Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a,
    ) -> PlannedFile<'a> {
        PlannedFile {
            path: path.into(),
            render: Box::new(render),
        }
    }

    /// Writes the content into `out`; errors are `out`'s.
    pub fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        (self.render)(out)
    }

    /// The content, rendered in memory.
    pub fn render(&self) -> GeneratedFile {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes)
            .expect("writing into memory cannot fail");
        GeneratedFile {
            path: self.path.clone(),
            content: String::from_utf8(bytes).expect("generators write UTF-8 text"),
        }
    }
}

impl From<GeneratedFile> for PlannedFile<'static> {
    fn from(file: GeneratedFile) -> PlannedFile<'static> {
        let GeneratedFile { path, content } = file;
        PlannedFile::new(path, move |out| out.write_all(content.as_bytes()))
    }
}

impl fmt::Debug for PlannedFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlannedFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Renders planned files in memory.
fn render_all(files: Vec<PlannedFile<'_>>) -> Vec<GeneratedFile> {
    files.iter().map(PlannedFile::render).collect()
}

/// Writes an askama template into `out`, ending it with a newline if it
/// does not end with one (askama drops a template file's final newline).
pub(crate) fn write_text_file(
    template: &impl askama::Template,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut tracked = LastByte { out, last: None };
    askama::Template::write_into(template, &mut tracked)?;
    if tracked.last != Some(b'\n') {
        tracked.out.write_all(b"\n")?;
    }
    Ok(())
}

/// A writer that remembers the last byte written through it.
struct LastByte<'w> {
    out: &'w mut dyn io::Write,
    last: Option<u8>,
}

impl io::Write for LastByte<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.out.write(buf)?;
        if written > 0 {
            self.last = Some(buf[written - 1]);
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Appends `n` in decimal, without `fmt`: the generators write a number or
/// two per entry (codes, statuses, indexes).
pub(crate) fn push_decimal(out: &mut String, n: impl Into<u64>) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest: u64 = n.into();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).expect("ASCII digits"));
}

/// Text a generator makes in a loop while the template prints it: `write`
/// appends to a [`LineBuffer`], which goes out to the template's writer in
/// pieces of about 32 KB, so that a loop over every entry neither holds its
/// whole output nor writes it a few bytes at a time.
pub(crate) struct Lines<F>(F);

/// Wraps the loop `write` in a [`Lines`].
pub(crate) fn lines<F: Fn(&mut LineBuffer<'_, '_>) -> fmt::Result>(write: F) -> Lines<F> {
    Lines(write)
}

impl<F: Fn(&mut LineBuffer<'_, '_>) -> fmt::Result> fmt::Display for Lines<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = LineBuffer::new(f);
        (self.0)(&mut buffer)?;
        buffer.finish()
    }
}

/// The buffer of a [`Lines`]: text waiting to be written, and a scratch
/// string for text made before it is escaped.
pub(crate) struct LineBuffer<'f, 'g> {
    text: String,
    scratch: String,
    out: &'f mut fmt::Formatter<'g>,
}

impl<'f, 'g> LineBuffer<'f, 'g> {
    /// The size past which [`LineBuffer::end_item`] writes the buffer out.
    const FLUSH_AT: usize = 32 * 1024;

    /// An empty buffer in front of `out`.
    pub(crate) fn new(out: &'f mut fmt::Formatter<'g>) -> LineBuffer<'f, 'g> {
        LineBuffer {
            text: String::with_capacity(Self::FLUSH_AT + 4096),
            scratch: String::new(),
            out,
        }
    }

    /// Writes out what is left.
    pub(crate) fn finish(mut self) -> fmt::Result {
        self.flush()
    }

    /// The text waiting to be written.
    pub(crate) fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// The text waiting to be written and the scratch string.
    pub(crate) fn text_and_scratch(&mut self) -> (&mut String, &mut String) {
        (&mut self.text, &mut self.scratch)
    }

    /// Marks the end of one item: writes the buffer out once it is large.
    pub(crate) fn end_item(&mut self) -> fmt::Result {
        if self.text.len() >= Self::FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out what the buffer holds.
    fn flush(&mut self) -> fmt::Result {
        self.out.write_str(&self.text)?;
        self.text.clear();
        Ok(())
    }
}
