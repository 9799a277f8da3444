//! Generation: resolved catalogs → files for one target.
//!
//! Each target is one module here (`rust`, `ts`, …), one line in the
//! registry below, and for a code target one template folder under
//! `templates/<target>/`: the module turns a [`Catalog`] into a view model
//! whose strings are already escaped for the target language, and an askama
//! template (with `escape = "none"`) prints it. The data targets have no
//! template: OpenAPI's one model is written as YAML or JSON by an emitter,
//! and the IR is a serde serialisation streamed into its file. Generators
//! see only the IR. Output is deterministic: no timestamps, no absolute
//! paths, no tool version, stable order.
//!
//! `src/generate/README.md` says how to add a target.

use crate::diagnostic::{Diagnostic, Rule};
use crate::ir::{Catalog, MetaValue};
use crate::suggest::closest;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::PathBuf;

pub(crate) mod json;
mod support;
pub(crate) mod text;
pub(crate) use support::{
    push_decimal, push_escaped_runs, skip_plain_ascii, template_in_parts, write_text_file,
    LineBuffer, PLAIN_IN_STRING, WRITE_CHUNK,
};

/// The registry: one line per target, `Variant = "name" => module`. The
/// name is the target's name on the command line, in errgen.yaml and in a
/// catalog's `option name.key`, and the cargo feature that compiles it in;
/// the module implements [`Generator`] as `GENERATOR`.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $module:ident,)*) => {
        $(#[cfg(feature = $name)] pub mod $module;)*

        /// A generation target: one of errgen's generators, as compiled into
        /// this build (each has a cargo feature of its name, all on by
        /// default).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Target {
            $($(#[$doc])* #[cfg(feature = $name)] $variant,)*
        }

        impl Target {
            /// Every target compiled into this build, in the order they are
            /// generated.
            pub const ALL: &'static [Target] = &[$(#[cfg(feature = $name)] Target::$variant,)*];

            /// The name used on the command line, in errgen.yaml and in a
            /// catalog's `option NAME.key`; also its cargo feature.
            pub fn name(self) -> &'static str {
                match self {
                    $(#[cfg(feature = $name)] Target::$variant => $name,)*
                }
            }

            fn generator(self) -> &'static dyn Generator {
                match self {
                    $(#[cfg(feature = $name)] Target::$variant => &$module::GENERATOR,)*
                }
            }
        }

        /// The name of every target errgen has, compiled into this build or
        /// not: options for a target left out of the build are accepted
        /// unchecked, a name that is no target at all is refused.
        pub(crate) const KNOWN_TARGETS: &[&str] = &[$($name),*];

        /// Each target's module, for the test that `cargo fmt` reaches it.
        #[cfg(test)]
        const MODULES: &[&str] = &[$(stringify!($module)),*];
    };
}

registry! {
    /// Rust: one module per catalog, for `include!` or checking in.
    Rust = "rust" => rust,
    /// TypeScript: one ES module per catalog.
    Ts = "ts" => ts,
    /// OpenAPI 3.1: the code enum, the envelope, a schema and a response per error code.
    OpenApi = "openapi" => openapi,
    /// Markdown: one page per catalog.
    Md = "md" => md,
    /// Python: one module per catalog, standard library only.
    Python = "python" => python,
    /// The resolved IR as JSON, for generators outside errgen.
    Ir = "ir" => ir,
}

// `cargo fmt` does not follow a module declared inside a macro, as the
// registry declares the targets'; these declarations, never compiled, show
// it each file (`cargo_fmt_reaches_every_target_module` keeps them whole).
#[cfg(any())]
mod ir;
#[cfg(any())]
mod md;
#[cfg(any())]
mod openapi;
#[cfg(any())]
mod python;
#[cfg(any())]
mod rust;
#[cfg(any())]
mod ts;

/// What each target module implements (as `GENERATOR`, listed by the
/// registry above): what it makes, the options it reads, and its files.
pub(crate) trait Generator: Sync {
    /// One sentence on what it generates (`errgen explain`, the errgen.yaml
    /// schema).
    fn summary(&self) -> &'static str;

    /// The options it reads; any other is refused wherever options are set.
    fn options(&self) -> &'static [OptionSpec] {
        &[]
    }

    /// The files of one catalog, each rendered when it is written.
    fn plan<'a>(&self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>>;

    /// Text that every file it writes holds near its start (within
    /// [`MARK_WITHIN`] bytes), by which `compile` tells a file it generated
    /// for a catalog since removed (stale) from one a person put beside
    /// them (`mod.rs`, `__init__.py`, `index.ts`, `README.md`). By default
    /// the start of the header comment ([`header_line`]).
    fn mark(&self) -> &'static str {
        GENERATED_BY
    }

    /// Names that two parts of one catalog would both give to what this
    /// target generates (a record and an entry's params schema, …): one
    /// `duplicate-name` diagnostic each, and nothing is written while there
    /// is one (see [`clashes`]).
    fn name_clashes(&self, _catalog: &Catalog) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// The `duplicate-name` diagnostic of a [`Generator::name_clashes`]: two of
/// the target's `things` ("schemas of the OpenAPI document") would be named
/// `name`, `first` (declared at `first_span`, when the catalog declares it)
/// and then `what` (at `span`); `help` says how the target names them.
pub(crate) fn name_clash(
    things: &str,
    name: &str,
    (first, first_span): (&str, Option<crate::source::Span>),
    (what, span): (&str, crate::source::Span),
    help: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Rule::DuplicateName,
        span,
        format!("two {things} would be named `{name}`: {first} and {what}"),
    )
    .label(format!("named `{name}` here"));
    match first_span {
        Some(first_span) => diagnostic.secondary(first_span, format!("also named `{name}`")),
        None => diagnostic,
    }
    .help(help)
}

/// An option a target reads: its key (without the target's name) and the
/// values it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    /// The key, e.g. `serde` (written `rust.serde` in a catalog).
    pub key: &'static str,
    /// The values it takes.
    pub kind: OptionKind,
    /// One sentence on what it does.
    pub summary: &'static str,
}

/// The values an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// `true` or `false`; absent means `false`.
    Flag,
    /// One of these strings; absent means the first.
    Choice(&'static [&'static str]),
}

impl OptionKind {
    /// Whether `value` is one of the values this kind takes.
    fn accepts(self, value: &MetaValue) -> bool {
        match (self, value) {
            (OptionKind::Flag, MetaValue::Bool(_)) => true,
            (OptionKind::Choice(choices), MetaValue::Str(s)) => choices.contains(&s.as_str()),
            _ => false,
        }
    }

    /// The values, in words: `` `true` or `false` ``.
    pub fn describe(self) -> String {
        let values: Vec<String> = match self {
            OptionKind::Flag => vec!["`true`".into(), "`false`".into()],
            OptionKind::Choice(choices) => choices.iter().map(|c| format!("`{c}`")).collect(),
        };
        match values.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// Why an option was refused: what is wrong, and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// Whether the name (of the target or the option) is wrong, rather than
    /// the value.
    pub unknown_name: bool,
    /// What is wrong, e.g. ``unknown option `serd` for target `rust` ``.
    pub message: String,
    /// What would be right: the nearest known name, or the known ones.
    pub help: String,
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message, self.help)
    }
}

/// `` `a`, `b` and `c` `` (or "none").
pub(crate) fn listed(names: impl IntoIterator<Item = impl fmt::Display>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        None => "none".into(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "did you mean `x`?" when `word` is a likely typo of a candidate, else
/// `otherwise`.
fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: String,
) -> String {
    closest(word, candidates).map_or(otherwise, |s| format!("did you mean `{s}`?"))
}

/// The target a mistyped or spelt-out target name most likely means
/// (`typescript` → `ts`, `rsut` → `rust`), among every target errgen has.
pub(crate) fn nearest_target(name: &str) -> Option<&'static str> {
    let alias = match name.to_ascii_lowercase().as_str() {
        "typescript" | "javascript" | "js" => Some("ts"),
        "markdown" | "docs" => Some("md"),
        "rs" => Some("rust"),
        "py" | "python3" => Some("python"),
        "swagger" | "oas" => Some("openapi"),
        _ => None,
    };
    alias
        .filter(|a| KNOWN_TARGETS.contains(a))
        .or_else(|| closest(name, KNOWN_TARGETS.iter().copied()))
        .and_then(|n| KNOWN_TARGETS.iter().copied().find(|k| *k == n))
}

/// How the header comment of a generated file begins, and so the default
/// [`Generator::mark`].
const GENERATED_BY: &str = "Generated by errgen";

/// The header comment's sentence, `Generated by errgen from catalog `shop`
/// version 1.2.0. Do not edit.`, the name and version made safe for a
/// comment of the target's language by `comment`.
pub(crate) fn header_line(catalog: &Catalog, comment: impl Fn(&str) -> String) -> String {
    let name = comment(catalog.name.original());
    match &catalog.version {
        Some(v) => format!(
            "{GENERATED_BY} from catalog `{name}` version {}. Do not edit.",
            comment(v)
        ),
        None => format!("{GENERATED_BY} from catalog `{name}`. Do not edit."),
    }
}

/// How far into a file [`Generator::mark`] is looked for.
pub(crate) const MARK_WITHIN: usize = 64 << 10;

impl Target {
    /// Whether `head`, the first [`MARK_WITHIN`] bytes of a file, holds the
    /// mark of the files this target writes ([`Generator::mark`]).
    pub(crate) fn marks(self, head: &[u8]) -> bool {
        memchr::memmem::find(head, self.generator().mark().as_bytes()).is_some()
    }

    /// The target with this name, if it is compiled into this build.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The target called `name`, or why there is none: a name that is no
    /// target (with the nearest one), or one this build was compiled
    /// without (with the feature that adds it).
    pub fn lookup(name: &str) -> Result<Target, OptionError> {
        if let Some(target) = Target::from_name(name) {
            return Ok(target);
        }
        if KNOWN_TARGETS.contains(&name) {
            return Err(OptionError {
                unknown_name: true,
                message: format!("this errgen was built without the `{name}` target"),
                help: format!("enable errgen's cargo feature `{name}`"),
            });
        }
        let names = Target::ALL.iter().map(|t| t.name());
        Err(OptionError {
            unknown_name: true,
            message: format!("unknown target `{name}`"),
            help: match nearest_target(name) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("targets are {}", listed(names)),
            },
        })
    }

    /// One sentence on what it generates.
    pub fn summary(self) -> &'static str {
        self.generator().summary()
    }

    /// The options it reads.
    pub fn options(self) -> &'static [OptionSpec] {
        self.generator().options()
    }

    /// What `errgen explain NAME` prints: what the target makes, its cargo
    /// feature, and each option with its values and where to set it.
    pub fn explanation(self) -> String {
        let name = self.name();
        let mut text = format!(
            "# Target `{name}`\n\n{}\n\nGenerate it with `errgen compile --target {name}`, a `targets.{name}` entry in errgen.yaml, or `Builder::target` (cargo feature `{name}`).\n",
            self.summary()
        );
        let options = self.options();
        if options.is_empty() {
            text.push_str("\nIt takes no options.\n");
            return text;
        }
        text.push_str("\n## Options\n\n");
        for option in options {
            text.push_str(&format!(
                "- `{}` ({}): {}\n",
                option.key,
                option.kind.describe(),
                option.summary
            ));
        }
        let example = &options[0];
        let value = match example.kind {
            OptionKind::Flag => "true".to_owned(),
            OptionKind::Choice(choices) => format!("\"{}\"", choices.last().unwrap_or(&"")),
        };
        text.push_str(&format!(
            "\nSet one in errgen.yaml (`targets.{name}.options.{key}: {value}`), in a catalog's header (`option {name}.{key} {value}`) or from a build script (`Builder::option(\"{name}.{key}\", …)`); a catalog's own option wins.\n",
            key = example.key
        ));
        text
    }

    /// Checks one option for this target: a key it reads, with a value it
    /// takes. `subject` names the option in a message about its value, as
    /// the place it was set writes it (`` option `rust.serde` ``).
    pub fn check_option(
        self,
        key: &str,
        value: &MetaValue,
        subject: &str,
    ) -> Result<(), OptionError> {
        let specs = self.options();
        let Some(spec) = specs.iter().find(|s| s.key == key) else {
            let keys = specs.iter().map(|s| s.key);
            let known = match specs {
                [] => format!("`{}` takes no options", self.name()),
                _ => format!("its options are {}", listed(keys.clone())),
            };
            return Err(OptionError {
                unknown_name: true,
                message: format!("unknown option `{key}` for target `{}`", self.name()),
                help: did_you_mean(key, keys, known),
            });
        };
        if spec.kind.accepts(value) {
            return Ok(());
        }
        let shown = match value {
            MetaValue::Str(s) => format!("`{s}`"),
            MetaValue::Bool(b) => format!("`{b}`"),
            MetaValue::Int(n) => format!("`{n}`"),
        };
        let help = match (spec.kind, value) {
            (OptionKind::Choice(choices), MetaValue::Str(s)) => did_you_mean(
                s,
                choices.iter().copied(),
                format!("write {}", spec.kind.describe()),
            ),
            _ => format!("write {}", spec.kind.describe()),
        };
        Err(OptionError {
            unknown_name: false,
            message: format!("{subject} must be {}, not {shown}", spec.kind.describe()),
            help,
        })
    }

    /// Checks a dotted option as a catalog or `Builder::option` writes it,
    /// `rust.serde`. An option for a target this build was compiled without
    /// is accepted unchecked (a catalog is shared by builds with different
    /// targets). Gives the target and the option's own key when the target
    /// is in this build.
    pub fn check_dotted_option<'k>(
        key: &'k str,
        value: &MetaValue,
    ) -> Result<Option<(Target, &'k str)>, OptionError> {
        let Some((target, rest)) = key.split_once('.') else {
            return Err(OptionError {
                unknown_name: true,
                message: format!("option `{key}` names no target"),
                help: format!(
                    "write `<target>.<option>`, e.g. `rust.serde`, with a target among {}",
                    listed(Target::ALL.iter().map(|t| t.name()))
                ),
            });
        };
        match Target::lookup(target) {
            Ok(target) => target
                .check_option(rest, value, &format!("option `{key}`"))
                .map(|()| Some((target, rest))),
            Err(_) if KNOWN_TARGETS.contains(&target) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The files of this target for one catalog, each rendered when it is
    /// written (see [`PlannedFile`]).
    pub fn plan<'a>(self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        self.generator().plan(catalog, options)
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
/// the catalog's own `option <target>.<key> …` statements, which win. Every
/// key is one the target declares (see [`Target::check_option`]), checked
/// where the option was set.
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

/// What keeps [`plan_all`]'s files from sharing one output folder: two
/// catalogs whose files of `target` have one path (also up to case, for
/// file systems that ignore it) — two versions of one catalog, or names
/// that are the same in snake_case (`Foo` and `foo`, `x` and `___x`). One
/// `duplicate-name` diagnostic per pair, naming both; nothing should be
/// written while there is one.
pub fn clashes<'a>(
    catalogs: impl IntoIterator<Item = &'a Catalog>,
    target: Target,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, &Catalog> = BTreeMap::new();
    let mut found = Vec::new();
    for catalog in catalogs {
        found.extend(target.generator().name_clashes(catalog));
        for file in target.plan(catalog, &options.for_catalog(target, catalog)) {
            let path = file.path.to_string_lossy().into_owned();
            let Some(first) = seen.get(&path.to_lowercase()).copied() else {
                seen.insert(path.to_lowercase(), catalog);
                continue;
            };
            let (a, b) = (first.name.original(), catalog.name.original());
            let (message, help) = if a == b {
                (
                    format!(
                        "two versions of catalog `{a}` ({} and {}) both generate the {target} file `{path}`",
                        first.version.as_deref().unwrap_or("no version"),
                        catalog.version.as_deref().unwrap_or("no version"),
                    ),
                    "one output folder holds one version of a catalog: compile each version on its own \
                     (with its own `--out`), or mark one `generate: false` in errgen.yaml",
                )
            } else {
                (
                    format!("catalogs `{a}` and `{b}` both generate the {target} file `{path}`"),
                    "rename one of the catalogs: generated files are named after the catalog's name in snake_case",
                )
            };
            found.push(
                Diagnostic::new(Rule::DuplicateName, catalog.name_span, message)
                    .label(format!("generates `{path}`"))
                    .secondary(first.name_span, format!("also generates `{path}`"))
                    .help(help),
            );
        }
    }
    found
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

/// How a planned file writes its content: at once, or in parts.
enum Render<'a> {
    Whole(WholeWriter<'a>),
    /// How many parts, and how to start writing them.
    Parts(usize, Box<dyn Fn() -> PartWriter<'a> + Send + Sync + 'a>),
}

/// Writes a whole file.
type WholeWriter<'a> = Box<dyn Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a>;

/// Writes the parts of one rendering of a file, called with each part's
/// number in turn (`0, 1, …`): what a part needs from the ones before it
/// (a view built once) it keeps between the calls.
pub(crate) type PartWriter<'a> =
    Box<dyn FnMut(usize, &mut dyn io::Write) -> io::Result<()> + Send + 'a>;

/// One file a target will produce: its path, and how to write its content.
///
/// The content is rendered only when the file is written, straight into its
/// destination (see [`crate::output`]): a compile never holds the text of
/// every file at once, and files can be rendered on several threads. A
/// large file may be written in parts, one after another, which another
/// thread may take on between them (see `crate::parallel::chains`).
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
            render: Render::Whole(Box::new(render)),
        }
    }

    /// A file at `path` whose content is `parts` parts, which the writer
    /// that `start` makes writes one after another.
    pub(crate) fn in_parts(
        path: impl Into<PathBuf>,
        parts: usize,
        start: impl Fn() -> PartWriter<'a> + Send + Sync + 'a,
    ) -> PlannedFile<'a> {
        PlannedFile {
            path: path.into(),
            render: Render::Parts(parts.max(1), Box::new(start)),
        }
    }

    /// How many parts the content is written in.
    pub(crate) fn parts(&self) -> usize {
        match &self.render {
            Render::Whole(_) => 1,
            Render::Parts(parts, _) => *parts,
        }
    }

    /// A writer of the parts of one rendering.
    pub(crate) fn part_writer(&self) -> PartWriter<'_> {
        match &self.render {
            Render::Whole(render) => Box::new(move |_, out| render(out)),
            Render::Parts(_, start) => start(),
        }
    }

    /// Writes the content into `out`; errors are `out`'s.
    pub fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut writer = self.part_writer();
        (0..self.parts()).try_for_each(|part| writer(part, out))
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

#[cfg(test)]
mod tests {
    /// `replaced_by` may name the replacement as written or in snake_case
    /// (lowering accepts both); every target links the entry lowering
    /// resolved. (Rust and OpenAPI looked the name up as written only, and
    /// showed `new_thing` instead of linking `newThing`.)
    #[test]
    #[cfg(all(feature = "rust", feature = "openapi", feature = "ts", feature = "md"))]
    fn every_target_links_a_replacement_named_in_snake_case() {
        let text = "catalog c { locales en }\nerror newThing = \"NEW_THING\" { message \"New.\" }\n\
                    error old = \"OLD\" {\n  message \"Old.\"\n  deprecated\n  replaced_by new_thing\n}\n";
        let (catalog, diagnostics) =
            crate::ir::parse_and_lower(crate::source::FileId(0), text).expect("parses");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let old = catalog.entries[1].deprecated.as_ref().unwrap();
        assert_eq!(old.replaced_by_entry, Some(0));
        let options = super::Options::new();
        let output = |target: super::Target| {
            let files = target.generate(&catalog, &options);
            files.into_iter().map(|f| f.content).collect::<String>()
        };
        let rust = output(super::Target::Rust);
        assert!(
            rust.contains("Use [`CError::new_thing`] instead."),
            "{rust}"
        );
        let openapi = output(super::Target::OpenApi);
        assert!(openapi.contains("use `NEW_THING` instead"), "{openapi}");
        let ts = output(super::Target::Ts);
        assert!(ts.contains("Replaced by `NEW_THING`."), "{ts}");
        let md = output(super::Target::Md);
        assert!(md.contains("- **Replaced by:** ["), "{md}");
    }

    /// A target added to the registry is also declared where `cargo fmt`
    /// sees it, or its module would go unformatted and unchecked by
    /// `cargo fmt --check`.
    /// `every-target` (the default build's feature) turns on every
    /// target of the registry: the build CI lints, and the one in which
    /// src/lib.rs keeps the lints of partial builds.
    #[test]
    #[cfg(feature = "every-target")]
    fn every_target_is_in_the_every_target_feature() {
        let names: Vec<&str> = super::Target::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(
            names,
            super::KNOWN_TARGETS,
            "add the target to `every-target` in Cargo.toml"
        );
    }

    #[test]
    fn cargo_fmt_reaches_every_target_module() {
        let source = include_str!("mod.rs");
        for module in super::MODULES {
            assert!(
                source.contains(&format!("#[cfg(any())]\nmod {module};\n")),
                "declare `#[cfg(any())] mod {module};` in src/generate/mod.rs"
            );
        }
    }
}
