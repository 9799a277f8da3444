//! The project file `errgen.yaml`.
//!
//! With no files on the command line, `errgen check`, `compile`, `fmt` and
//! `explain` read the `errgen.yaml` that [`discover`] finds (in the current
//! folder or the nearest one above it): the catalogs, the targets, their
//! output folders and options. [`Config::load`] reads and validates it;
//! every problem is a [`ConfigError`] with a 1-based line and column where
//! one can be found, and a `help` line where there is something to suggest
//! (an unknown key gets "did you mean …?").
//!
//! ```yaml
//! catalogs:
//!   - path: errors/api.errors
//!   - path: errors/api-v1.errors
//!     generate: false        # checked, not generated
//! targets:
//!   rust:    { out: generated/rust }
//!   openapi: { out: generated/openapi, format: json }
//! check:
//!   deny_warnings: true
//!   allow: [duplicate-message]
//!   baseline: released/      # the previous release, for `version-bump`
//! ```
//!
//! The JSON Schema of the file is `schema/errgen.schema.json`, generated
//! from the registry and these structs by a test (see `schema_text` below).

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::generate::{Target, KNOWN_TARGETS};
use crate::ir::MetaValue;
use crate::source::{FileId, Span};
use crate::suggest::closest;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The name of the project file (see [`discover`]).
pub const FILE_NAME: &str = "errgen.yaml";

/// The project file that applies in the folder `dir`: [`FILE_NAME`] in it or
/// in the nearest folder above it, as cargo finds `Cargo.toml`. The path is
/// `dir` followed by as many `..` as it climbed (`errgen.yaml`,
/// `../../errgen.yaml` from `.`), so that messages name it as the user sees
/// it and [`Config::load`] resolves its paths against its own folder.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let here = dir.canonicalize().ok()?;
    let mut path = if dir == Path::new(".") {
        PathBuf::new()
    } else {
        dir.to_path_buf()
    };
    for folder in here.ancestors() {
        if folder.join(FILE_NAME).is_file() {
            path.push(FILE_NAME);
            return Some(path);
        }
        path.push("..");
    }
    None
}

/// The smallest useful project file, shown when `catalogs` is missing.
const MINIMAL_EXAMPLE: &str =
    "list the catalogs to check, e.g.\n\ncatalogs:\n  - path: errors/api.errors";

/// A validated `errgen.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping with `catalogs`")]
pub struct Config {
    /// The catalogs of the project, in file order; never empty.
    pub catalogs: Vec<CatalogRef>,
    /// The targets `errgen compile` generates.
    #[serde(default)]
    pub targets: Targets,
    /// How warnings are treated, and the release to compare with.
    #[serde(default)]
    pub check: CheckOptions,
    /// The folder that holds the file: relative paths are resolved against
    /// it. [`Config::load`] sets it; [`Config::parse`] leaves it empty, which
    /// means the current folder.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// One entry of `catalogs`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping with `path`")]
pub struct CatalogRef {
    /// The catalog file, as written (relative to [`Config::base_dir`]), or
    /// a folder: the `*.errors` files in it.
    pub path: PathBuf,
    /// Whether `errgen compile` generates code for it; a catalog with
    /// `generate: false` is still checked. Defaults to `true`.
    #[serde(default = "default_generate")]
    pub generate: bool,
}

fn default_generate() -> bool {
    true
}

/// The `targets` section: one entry per target, keyed by the target's name
/// (the registry in `src/generate/mod.rs` says which names there are).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// The entries in the order errgen.yaml writes them.
    entries: Vec<(String, TargetConfig)>,
}

impl Targets {
    /// The target called `name`, if it is configured.
    pub fn get(&self, name: &str) -> Option<&TargetConfig> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, target)| target)
    }

    /// The configured targets with their names, in the order targets are
    /// generated ([`Target::ALL`]'s, then any this build lacks).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &TargetConfig)> + '_ {
        let rank = |name: &str| KNOWN_TARGETS.iter().position(|k| *k == name);
        let mut entries: Vec<&(String, TargetConfig)> = self.entries.iter().collect();
        entries.sort_by_key(|(name, _)| rank(name));
        entries
            .into_iter()
            .map(|(name, target)| (name.as_str(), target))
    }

    /// Whether no target is configured.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetsVisitor;

        impl<'de> Visitor<'de> for TargetsVisitor {
            type Value = Targets;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of targets")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Targets, E> {
                Ok(Targets::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Targets, A::Error> {
                let mut entries: Vec<(String, TargetConfig)> = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    let target = map.next_value_seed(PresentTarget)?;
                    if entries.iter().any(|(n, _)| *n == name) {
                        return Err(de::Error::custom(format_args!(
                            "duplicate entry with key \"{name}\""
                        )));
                    }
                    entries.push((name, target));
                }
                Ok(Targets { entries })
            }
        }

        deserializer.deserialize_any(TargetsVisitor)
    }
}

/// One target's settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a mapping with `out`")]
pub struct TargetConfig {
    /// The output folder, relative to [`Config::base_dir`]; never absolute
    /// and without `..`. Text only: `out: true` or `out: 2024` is refused
    /// (YAML reads them as a boolean and a number), `out: "2024"` is not.
    #[serde(deserialize_with = "folder_name")]
    pub out: PathBuf,
    /// `format: …` beside `out`: a shorthand for the option `format`, for
    /// the targets that read one (openapi: `yaml` or `json`).
    #[serde(default)]
    pub format: Option<String>,
    /// Options passed through to the generator, each one it reads.
    #[serde(default)]
    pub options: BTreeMap<String, OptionValue>,
}

/// A folder named in text: what YAML reads as a boolean or a number is
/// most likely not meant as a folder's name.
fn folder_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
    struct Folder;
    impl serde::de::Visitor<'_> for Folder {
        type Value = PathBuf;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(FOLDER_NAME)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PathBuf, E> {
            Ok(PathBuf::from(v))
        }
        /// `out:` with nothing: the check of an empty `out` says so.
        fn visit_unit<E: serde::de::Error>(self) -> Result<PathBuf, E> {
            Ok(PathBuf::new())
        }
    }
    // `any`: YAML's resolved type, which a request for a string hides.
    deserializer.deserialize_any(Folder)
}

/// What [`folder_name`] expects, as its error says it.
const FOLDER_NAME: &str = "a folder name";

impl TargetConfig {
    /// Every option this target is given, `format` included, as generators
    /// read them.
    pub fn options(&self) -> Vec<(&str, MetaValue)> {
        let mut all: Vec<(&str, MetaValue)> = self
            .options
            .iter()
            .map(|(key, value)| (key.as_str(), value.to_meta()))
            .collect();
        if let Some(format) = &self.format {
            all.push(("format", MetaValue::Str(format.clone())));
        }
        all
    }
}

/// The value of a target option: a YAML scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits in an `i64`.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
}

impl OptionValue {
    /// The boolean, if the value is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            OptionValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            OptionValue::String(s) => Some(s),
            _ => None,
        }
    }
}

impl OptionValue {
    /// The value as a catalog's `option` statement would give it.
    pub fn to_meta(&self) -> MetaValue {
        match self {
            OptionValue::Bool(b) => MetaValue::Bool(*b),
            OptionValue::Int(i) => {
                u64::try_from(*i).map_or_else(|_| MetaValue::Str(i.to_string()), MetaValue::Int)
            }
            OptionValue::Float(f) => MetaValue::Str(f.to_string()),
            OptionValue::String(s) => MetaValue::Str(s.clone()),
        }
    }
}

impl fmt::Display for OptionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Int(i) => write!(f, "{i}"),
            OptionValue::Float(x) => write!(f, "{x}"),
            OptionValue::String(s) => f.write_str(s),
        }
    }
}

impl<'de> Deserialize<'de> for OptionValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;

        impl Visitor<'_> for ScalarVisitor {
            type Value = OptionValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, boolean or number")
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OptionValue, E> {
                Ok(OptionValue::Bool(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptionValue, E> {
                Ok(OptionValue::Int(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptionValue, E> {
                Ok(i64::try_from(v).map_or(OptionValue::Float(v as f64), OptionValue::Int))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OptionValue, E> {
                Ok(OptionValue::Float(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptionValue, E> {
                Ok(OptionValue::String(v.to_owned()))
            }
        }

        deserializer.deserialize_any(ScalarVisitor)
    }
}

/// The `check` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, expecting = "a mapping")]
pub struct CheckOptions {
    /// Treat warnings as errors, like `--deny warnings`.
    pub deny_warnings: bool,
    /// Names of rules whose warnings are not reported (warning rules only).
    pub allow: Vec<String>,
    /// The previous release of the catalogs: a folder of `.errors` files
    /// or one file, relative to [`Config::base_dir`]. `errgen check`
    /// compares each catalog with the one of the same name there and
    /// reports `version-bump`; [`Config::load`] refuses a baseline that
    /// does not exist.
    pub baseline: Option<PathBuf>,
}

/// Reads a target that is present: `rust:` with no value is an error rather
/// than a silently skipped target.
struct PresentTarget;

impl<'de> DeserializeSeed<'de> for PresentTarget {
    type Value = TargetConfig;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<TargetConfig, D::Error> {
        // `deserialize_any` (unlike `deserialize_option`) lets yaml_serde put
        // the value's position on the error.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PresentTarget {
    type Value = TargetConfig;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping with `out`")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TargetConfig, A::Error> {
        TargetConfig::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

/// A problem with `errgen.yaml`: it cannot be read, is not YAML, or does not
/// describe a valid project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong, in one line.
    pub message: String,
    /// The 1-based line it is on, if known.
    pub line: Option<usize>,
    /// The 1-based column it is at, if known.
    pub column: Option<usize>,
    /// How to fix it, if there is something to say (may span lines).
    pub help: Option<String>,
    /// The other problems found in the same pass, in file order (each with
    /// an empty `more`): errgen.yaml's checks report every problem, not
    /// only the first. YAML that does not parse stops at its first problem;
    /// one that does not fit the schema at its first that is not an
    /// unknown key (unknown keys and the checks' problems come together).
    pub more: Vec<ConfigError>,
}

impl ConfigError {
    fn new(message: impl Into<String>, at: Option<(usize, usize)>) -> ConfigError {
        ConfigError {
            message: message.into(),
            line: at.map(|(line, _)| line),
            column: at.map(|(_, column)| column),
            help: None,
            more: Vec::new(),
        }
    }

    /// `Ok` for no problem, else the first in the file with the others in
    /// its `more` (those without a place last).
    fn all(mut problems: Vec<ConfigError>) -> Result<(), ConfigError> {
        problems.sort_by_key(|p| (p.line.is_none(), p.line, p.column));
        let mut problems = problems.into_iter();
        match problems.next() {
            None => Ok(()),
            Some(mut first) => {
                first.more = problems.collect();
                Err(first)
            }
        }
    }

    /// This problem and those in [`ConfigError::more`], in file order.
    pub fn problems(&self) -> impl Iterator<Item = &ConfigError> {
        std::iter::once(self).chain(&self.more)
    }

    fn help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }

    /// The error as a `config` diagnostic (E0025) in `file`, the text of
    /// errgen.yaml: on its key or value, from its line and column up to the
    /// line's end, a `:`, or what ends an item of a flow collection (`,`,
    /// `]`, `}`), or at the start when it has no place. (Only this problem:
    /// see [`ConfigError::to_diagnostics`].)
    pub fn to_diagnostic(&self, file: FileId, text: &str) -> Diagnostic {
        // Lines and columns count from after a byte-order mark.
        let bom = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let text = &text[bom..];
        let start = match self.line {
            Some(line) => {
                let line_start: usize = text
                    .split_inclusive('\n')
                    .take(line.saturating_sub(1))
                    .map(str::len)
                    .sum();
                let column = self.column.unwrap_or(1).saturating_sub(1);
                let rest = &text[line_start..];
                line_start + rest.char_indices().nth(column).map_or(0, |(i, _)| i)
            }
            None => 0,
        };
        let rest = &text[start..];
        let end = start
            + rest[..rest.find(['\n', ':', ',', ']', '}']).unwrap_or(rest.len())]
                .trim_end()
                .len();
        let mut d = Diagnostic::new(
            Rule::Config,
            Span::new(file, bom + start, bom + end.max(start)),
            self.message.clone(),
        );
        d.help = self.help.clone();
        d
    }

    /// Every problem ([`ConfigError::problems`]) as a `config` diagnostic,
    /// in file order: what the command line prints and the language server
    /// publishes.
    pub fn to_diagnostics(&self, file: FileId, text: &str) -> Vec<Diagnostic> {
        self.problems()
            .map(|problem| problem.to_diagnostic(file, text))
            .collect()
    }
}

impl fmt::Display for ConfigError {
    /// `line L, column C: message`, then `help: …` on the next line; each
    /// problem of [`ConfigError::more`] likewise after it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (Some(line), None) => write!(f, "line {line}: ")?,
            _ => {}
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        for problem in &self.more {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl CheckOptions {
    /// Applies the options to a run's diagnostics: drops the warnings and
    /// notes of the `allow`ed rules, then makes warnings errors when
    /// `deny_warnings` is set here or by the caller (`--deny warnings`).
    pub fn judge(&self, diagnostics: &mut Vec<Diagnostic>, deny_warnings: bool) {
        diagnostics.retain(|d| {
            d.severity == Severity::Error || !self.allow.iter().any(|a| a == d.rule.name())
        });
        if deny_warnings || self.deny_warnings {
            for d in diagnostics {
                if d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
            }
        }
    }
}

/// The text of the errgen.yaml at `path` as its problems are placed in it
/// ([`ConfigError::to_diagnostics`]): without a byte-order mark, as a
/// catalog's text is held, and whether it had one; empty when it cannot be
/// read.
pub fn text_of(path: &Path) -> (String, bool) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest.to_owned(), true),
        None => (text, false),
    }
}

impl Config {
    /// Parses and validates the text of an `errgen.yaml`. [`Config::base_dir`]
    /// is left empty (the current folder).
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse_in(text, None)
    }

    /// [`Config::parse`], and with `base` (the folder of the file) also
    /// the checks that look at the disk, so that they are reported with
    /// the others rather than after them are fixed.
    fn parse_in(text: &str, base: Option<&Path>) -> Result<Config, ConfigError> {
        // A byte-order mark is no content (yaml_serde took the file for
        // several documents); lines and columns are those of the rest,
        // which [`ConfigError::to_diagnostic`] places after the mark.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        check_depth(text)?;
        let config: Config =
            yaml_serde::from_str(text).map_err(|e| schema_errors(text, &e, base))?;
        ConfigError::all(config.validate(text, base))?;
        Ok(config)
    }

    /// Reads, parses and validates the file at `path`, and sets
    /// [`Config::base_dir`] to the folder that holds it. A file that cannot
    /// be read gives an error without a line.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            let error = match e.kind() {
                std::io::ErrorKind::InvalidData => {
                    ConfigError::new(format!("{} is not UTF-8 text", path.display()), None)
                }
                _ => ConfigError::new(format!("cannot read {}: {e}", path.display()), None),
            };
            if e.kind() == std::io::ErrorKind::NotFound {
                error.help(format!(
                    "run errgen in the folder that holds {FILE_NAME}, or name the catalogs on the command line"
                ))
            } else {
                error
            }
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut config = Config::parse_in(&text, Some(&base))?;
        config.base_dir = base;
        Ok(config)
    }

    /// Resolves a path from the file (a catalog or an output folder) against
    /// [`Config::base_dir`].
    pub fn resolve(&self, path: &Path) -> PathBuf {
        self.base_dir.join(path)
    }

    /// Every catalog file, resolved, in file order, each with its
    /// `generate`: a `path` that is a folder stands for the `*.errors`
    /// files in it ([`crate::workspace::catalog_files`]); one that cannot
    /// be read or holds none is kept as it is, for the reading to report.
    pub fn catalog_files(&self) -> Vec<(PathBuf, bool)> {
        let mut files = Vec::new();
        for c in &self.catalogs {
            let path = self.resolve(&c.path);
            let found = crate::workspace::catalog_files(&path).unwrap_or_else(|_| vec![path]);
            files.extend(found.into_iter().map(|f| (f, c.generate)));
        }
        files
    }

    /// The released catalog files `check.baseline` names: the file, or
    /// the `*.errors` files in the folder
    /// ([`crate::workspace::catalog_files_in`]); none without a baseline.
    pub fn baseline_files(&self) -> std::io::Result<Vec<PathBuf>> {
        let Some(baseline) = &self.check.baseline else {
            return Ok(Vec::new());
        };
        let path = self.resolve(baseline);
        if path.is_dir() {
            crate::workspace::catalog_files_in(&path)
        } else {
            Ok(vec![path])
        }
    }

    /// Every catalog file's path ([`Config::catalog_files`]).
    pub fn catalog_paths(&self) -> Vec<PathBuf> {
        self.catalog_files().into_iter().map(|(f, _)| f).collect()
    }

    /// The catalog files that are generated (`generate: true`).
    pub fn generated_catalog_paths(&self) -> Vec<PathBuf> {
        self.catalog_files()
            .into_iter()
            .filter_map(|(f, generate)| generate.then_some(f))
            .collect()
    }

    /// A target's output folder, resolved.
    pub fn out_dir(&self, target: &TargetConfig) -> PathBuf {
        self.resolve(&target.out)
    }

    /// The checks serde cannot make, every problem found; `text` is the
    /// source, to find positions. With `base`, the folder of the file, the
    /// baseline must also exist.
    fn validate(&self, text: &str, base: Option<&Path>) -> Vec<ConfigError> {
        let at = |path: &[Seg]| locate(text, path);
        let mut errors = Vec::new();

        if self.catalogs.is_empty() {
            errors.push(
                ConfigError::new("`catalogs` is empty", at(&[key("catalogs")]))
                    .help(MINIMAL_EXAMPLE),
            );
        }
        let mut seen: Vec<Vec<Component>> = Vec::new();
        for (i, catalog) in self.catalogs.iter().enumerate() {
            let here = || at(&[key("catalogs"), Seg::Index(i), key("path")]);
            if catalog.path.as_os_str().is_empty() {
                errors.push(
                    ConfigError::new(format!("`catalogs[{i}].path` is empty"), here())
                        .help("give the catalog file, e.g. `path: errors/api.errors`"),
                );
                continue;
            }
            let normal = normalize(&catalog.path);
            if seen.contains(&normal) {
                errors.push(
                    ConfigError::new(
                        format!("catalog `{}` is listed twice", catalog.path.display()),
                        here(),
                    )
                    .help("remove one of the entries"),
                );
            }
            seen.push(normal);
        }

        let mut outs: Vec<(&str, Vec<Component>)> = Vec::new();
        for (name, target) in self.targets.iter() {
            if !KNOWN_TARGETS.contains(&name) {
                let here = locate_key(text, &[key("targets"), key(name)]);
                let error = ConfigError::new(format!("unknown key `{name}` in `targets`"), here);
                errors.push(match crate::generate::nearest_target(name) {
                    Some(s) => error.help(format!("did you mean `{s}`?")),
                    None => error.help(format!(
                        "the keys allowed here are {}",
                        KNOWN_TARGETS
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                });
                // Its folder and options say nothing more: its name is
                // the problem.
                continue;
            }
            let out_at = || at(&[key("targets"), key(name), key("out")]);
            let out = target.out.to_string_lossy();
            let example = format!("e.g. `out: generated/{name}`");
            // The folder's first problem, if any (each check below assumes
            // the ones before it passed).
            let folder = || -> Result<Vec<Component>, ConfigError> {
                if out.is_empty() {
                    return Err(ConfigError::new(
                        format!("`targets.{name}.out` is empty"),
                        out_at(),
                    )
                    .help(format!("name the folder to write into, {example}")));
                }
                let inside = format!(
                    "errgen writes only inside the project: give a folder relative to the one that holds {FILE_NAME}, {example}"
                );
                if is_absolute(&target.out) {
                    return Err(ConfigError::new(
                        format!("the output folder of `targets.{name}` is absolute: `{out}`"),
                        out_at(),
                    )
                    .help(inside));
                }
                if out.split(['/', '\\']).any(|part| part == "..") {
                    return Err(ConfigError::new(
                        format!("the output folder of `targets.{name}` goes up with `..`: `{out}`"),
                        out_at(),
                    )
                    .help(inside));
                }
                let normal = normalize(&target.out);
                if let Some((other, _)) = outs.iter().find(|(_, o)| *o == normal) {
                    return Err(ConfigError::new(
                        format!("`targets.{name}` writes to `{out}`, the output folder of `targets.{other}`"),
                        out_at(),
                    )
                    .help(format!("give each target its own folder, {example}")));
                }
                Ok(normal)
            };
            match folder() {
                Ok(normal) => outs.push((name, normal)),
                Err(error) => errors.push(error),
            }

            let option_at = |option: &str, unknown: bool| {
                let path = [key("targets"), key(name), key("options"), key(option)];
                let found = if unknown {
                    locate_key(text, &path)
                } else {
                    at(&path)
                };
                found.or_else(out_at)
            };
            let Ok(generator) = Target::lookup(name) else {
                continue; // a target this build lacks: its options are its own
            };
            for (option, value) in target.options() {
                let shorthand = option == "format" && target.format.is_some();
                let subject = if shorthand {
                    format!("`targets.{name}.format`")
                } else {
                    format!("`targets.{name}.options.{option}`")
                };
                if let Err(e) = generator.check_option(option, &value, &subject) {
                    let unknown = e.unknown_name;
                    let here = if shorthand {
                        at(&[key("targets"), key(name), key("format")])
                    } else {
                        option_at(option, unknown)
                    };
                    if unknown && shorthand {
                        let takers: Vec<String> = Target::ALL
                            .iter()
                            .filter(|t| t.options().iter().any(|o| o.key == "format"))
                            .map(|t| format!("the {t} target"))
                            .collect();
                        errors.push(
                            ConfigError::new(
                                format!(
                                    "`format` applies only to {}, not to `targets.{name}`",
                                    takers.join(" and ")
                                ),
                                here,
                            )
                            .help(format!("remove `format` from `targets.{name}`")),
                        );
                        continue;
                    }
                    let message = if unknown {
                        format!("{} in `targets.{name}`", e.message)
                    } else {
                        e.message
                    };
                    errors.push(ConfigError::new(message, here).help(e.help));
                }
            }
        }

        if self
            .check
            .baseline
            .as_ref()
            .is_some_and(|b| b.as_os_str().is_empty())
        {
            errors.push(
                ConfigError::new(
                    "`check.baseline` is empty",
                    at(&[key("check"), key("baseline")]),
                )
                .help(
                    "name the folder of the previously released catalogs, e.g. `baseline: released/`",
                ),
            );
        } else if let (Some(base), Some(baseline)) = (base, &self.check.baseline) {
            if !base.join(baseline).exists() {
                errors.push(
                    ConfigError::new(
                        format!("the baseline `{}` does not exist", baseline.display()),
                        at(&[key("check"), key("baseline")]),
                    )
                    .help(format!(
                        "name the folder (or file) that holds the previously released catalogs, relative to the folder of {FILE_NAME}; \
                         remove `baseline` to check without comparing with a release"
                    )),
                );
            }
        }

        let warnings: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.is_catalog_rule() && r.severity() != Severity::Error)
            .map(|r| r.name())
            .collect();
        let allowable = || {
            let list: Vec<String> = warnings.iter().map(|w| format!("`{w}`")).collect();
            format!(
                "the rules that report warnings or notes are {}",
                list.join(", ")
            )
        };
        for (i, name) in self.check.allow.iter().enumerate() {
            let here = || at(&[key("check"), key("allow"), Seg::Index(i)]);
            match Rule::lookup(name) {
                Some(rule) if rule.severity() == Severity::Error => {
                    errors.push(
                        ConfigError::new(
                            format!("`{}` reports errors, which cannot be allowed", rule.name()),
                            here(),
                        )
                        .help(format!(
                            "only warnings and notes can be allowed: {}",
                            allowable()
                        )),
                    );
                }
                Some(rule) if !rule.is_catalog_rule() => {
                    errors.push(
                        ConfigError::new(
                            format!(
                                "`{}` is reported by `errgen {}`, not by `check`",
                                rule.name(),
                                if rule == Rule::Import {
                                    "import"
                                } else {
                                    "diff"
                                }
                            ),
                            here(),
                        )
                        .help(format!(
                            "only the rules of `check` can be allowed: {}",
                            allowable()
                        )),
                    );
                }
                Some(rule) if rule.name() != name => {
                    errors.push(
                        ConfigError::new(
                            format!("`check.allow` takes rule names, not `{name}`"),
                            here(),
                        )
                        .help(format!("write `{}`", rule.name())),
                    );
                }
                Some(_) => {}
                None => {
                    let error =
                        ConfigError::new(format!("unknown rule `{name}` in `check.allow`"), here());
                    errors.push(match closest(name, warnings.iter().copied()) {
                        Some(s) => error.help(format!("did you mean `{s}`?")),
                        None => error.help(allowable()),
                    });
                }
            }
        }
        errors
    }
}

/// How deep `errgen.yaml` may nest; its schema needs five levels.
const MAX_DEPTH: usize = 64;

/// Refuses a text that nests deeper than [`MAX_DEPTH`], before the YAML
/// parser sees it: its scanner is quadratic in the depth of flow
/// collections (`[[[…]]]` 1e5 deep took 23 s) and its consumers recurse.
/// A linear pass that over-counts rather than under-counts: flow brackets
/// outside quoted scalars and comments, plus block indentation levels and
/// `- ` markers.
fn check_depth(text: &str) -> Result<(), ConfigError> {
    let too_deep = |line: usize, column: usize| {
        ConfigError::new(
            format!("errgen.yaml nests more than {MAX_DEPTH} levels deep"),
            Some((line, column)),
        )
        .help("errgen.yaml needs a few levels: `catalogs`, `targets` and their keys")
    };
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        let mut chars = line.chars().peekable();
        if quote.is_none() && flow == 0 {
            let body = line.trim_start_matches([' ', '\t']);
            let indent = line.len() - body.len();
            if !body.is_empty() && !body.starts_with('#') {
                while indents.last().is_some_and(|&top| top >= indent) {
                    indents.pop();
                }
                indents.push(indent);
                let mut rest = body;
                let mut markers = 0;
                while let Some(after) = rest.strip_prefix("- ").or(rest.strip_prefix("? ")) {
                    markers += 1;
                    rest = after.trim_start_matches(' ');
                }
                if indents.len() + markers > MAX_DEPTH {
                    return Err(too_deep(n + 1, indent + 1));
                }
            }
        }
        // Whether the last significant character starts a token (a flow
        // collection or a quoted scalar may begin here).
        let mut token_start = true;
        let mut column = 0;
        let mut prev = ' ';
        while let Some(c) = chars.next() {
            column += 1;
            let after_space = prev.is_whitespace();
            prev = c;
            if let Some(q) = quote {
                if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                        column += 1;
                    } else {
                        quote = None;
                        token_start = false;
                    }
                } else if c == '\\' && q == '"' {
                    chars.next();
                    column += 1;
                }
                continue;
            }
            match c {
                '#' if after_space => break,
                '"' | '\'' if token_start || flow > 0 => quote = Some(c),
                '[' | '{' if token_start || flow > 0 => {
                    flow += 1;
                    if indents.len() + flow > MAX_DEPTH {
                        return Err(too_deep(n + 1, column));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                _ => {}
            }
            if !c.is_whitespace() {
                token_start = matches!(c, ':' | '-' | ',' | '[' | '{' | '?');
            }
        }
    }
    Ok(())
}

/// Whether `path` is absolute on any platform (errgen.yaml is shared
/// between machines): a leading `/` or `\`, or a drive letter.
fn is_absolute(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let bytes = text.as_bytes();
    path.has_root()
        || path.is_absolute()
        || text.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// The components of a path without `.`, so that `a/b`, `./a/b` and `a/b/`
/// compare equal.
fn normalize(path: &Path) -> Vec<Component<'_>> {
    path.components()
        .filter(|c| *c != Component::CurDir)
        .collect()
}

// ---------------------------------------------------------------------------
// Turning yaml_serde's errors into ConfigErrors.

/// The messages serde's derived code produces, which may follow a path.
const SERDE_MESSAGES: [&str; 7] = [
    "unknown field `",
    "missing field `",
    "duplicate field `",
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "unknown variant `",
];

/// How many problems [`schema_errors`] reports at most.
const MAX_SCHEMA_ERRORS: usize = 50;

/// The first problem serde found in errgen.yaml's shape, with the others
/// after it: each unknown key is taken out of the document and the rest
/// read again, so that three misspelt keys are fixed in one run; once the
/// rest fits, the checks after the shape run on it and their problems are
/// reported too. The first problem that is not an unknown key (a wrong
/// type, a missing key) is the last reported, since what follows it could
/// be its consequence; YAML that only parses with the unknown key in it
/// stops at the first.
fn schema_errors(text: &str, first: &yaml_serde::Error, base: Option<&Path>) -> ConfigError {
    let error = from_yaml_error(text, first);
    let Some(mut unknown) = unknown_key(first) else {
        return error;
    };
    let Ok(mut document) = yaml_serde::from_str::<yaml_serde::Value>(text) else {
        return error;
    };
    let mut problems = vec![error];
    while problems.len() < MAX_SCHEMA_ERRORS && remove_key(&mut document, &unknown) {
        let Ok(again) = yaml_serde::to_string(&document) else {
            break;
        };
        let next = match yaml_serde::from_str::<Config>(&again) {
            Err(next) => next,
            Ok(config) => {
                // Without its unknown keys the file fits: its checks run
                // too (on the file's own text: only keys were taken out,
                // so every path in it is where it was).
                problems.extend(config.validate(text, base));
                break;
            }
        };
        let problem = from_yaml_error_in(text, &next, Place::ByPath);
        if problem.line.is_none() {
            break;
        }
        problems.push(problem);
        match unknown_key(&next) {
            Some(path) => unknown = path,
            None => break,
        }
    }
    match ConfigError::all(problems) {
        Err(all) => all,
        Ok(()) => unreachable!("the first problem is in the list"),
    }
}

/// The path of the key an "unknown field" error is about, the key last.
fn unknown_key(error: &yaml_serde::Error) -> Option<Vec<Seg>> {
    let full = error.to_string();
    let (path, message) = split_path(&full)?;
    if !message.starts_with("unknown field") {
        return None;
    }
    let mut segs = parse_path(path);
    segs.push(key(backticked(message).first()?));
    Some(segs)
}

/// Removes the key at the end of `path` from `document`; whether it was
/// there.
fn remove_key(document: &mut yaml_serde::Value, path: &[Seg]) -> bool {
    let Some((Seg::Key(last, _), parents)) = path.split_last() else {
        return false;
    };
    let mut node = document;
    for seg in parents {
        let next = match seg {
            Seg::Key(name, _) => node.get_mut(name.as_str()),
            Seg::Index(i) => node.get_mut(*i),
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    node.as_mapping_mut()
        .and_then(|m| m.remove(last.as_str()))
        .is_some()
}

/// yaml_serde's `path: message` split where serde's message starts (the
/// path empty at the top level); `None` for an error that is not serde's
/// (YAML that does not parse).
fn split_path(full: &str) -> Option<(&str, &str)> {
    let start = SERDE_MESSAGES
        .iter()
        .filter_map(|m| {
            full.match_indices(m)
                .map(|(i, _)| i)
                .find(|&i| i == 0 || full[..i].ends_with(": "))
        })
        .min()?;
    let path = if start == 0 { "" } else { &full[..start - 2] };
    Some((path, &full[start..]))
}

fn from_yaml_error(text: &str, error: &yaml_serde::Error) -> ConfigError {
    from_yaml_error_in(text, error, Place::Reported)
}

/// Where a yaml_serde error is placed in errgen.yaml.
enum Place {
    /// Where the error says: it was read from the file's own text.
    Reported,
    /// Where its path is in the file (it was read from another text, the
    /// file with keys taken out): an unknown key at the key, anything else
    /// at the value; nowhere if the path is not found.
    ByPath,
}

/// [`from_yaml_error`], placed as `place` says.
fn from_yaml_error_in(text: &str, error: &yaml_serde::Error, place: Place) -> ConfigError {
    let location = error.location();
    let mut full = error.to_string();
    if let Some(location) = &location {
        let suffix = format!(" at line {} column {}", location.line(), location.column());
        if let Some(i) = full.find(&suffix) {
            full.replace_range(i..i + suffix.len(), "");
        }
    }
    let split = split_path(&full);
    let at = match place {
        Place::Reported => location.map(|l| (l.line(), l.column())),
        Place::ByPath => split.and_then(|(path, _)| match unknown_key(error) {
            Some(key_path) => locate_key(text, &key_path),
            None => locate(text, &parse_path(path)),
        }),
    };

    let Some((path, message)) = split else {
        if full.contains("more than one document") {
            return ConfigError::new(format!("{FILE_NAME} holds more than one YAML document"), at)
                .help("keep one document: remove the `---` lines");
        }
        return ConfigError::new(format!("{FILE_NAME} is not valid YAML: {full}"), at);
    };
    let place = if path.is_empty() {
        FILE_NAME.to_owned()
    } else {
        format!("`{path}`")
    };
    let names = backticked(message);

    if message.starts_with("unknown field") {
        let unknown = names.first().copied().unwrap_or_default();
        let expected = &names[1.min(names.len())..];
        let error = ConfigError::new(format!("unknown key `{unknown}` in {place}"), at);
        // A target's option written beside `out` instead of under `options`.
        let target = path
            .strip_prefix("targets.")
            .and_then(crate::generate::Target::from_name);
        if let Some(option) = target.and_then(|t| t.options().iter().find(|o| o.key == unknown)) {
            let example = match option.kind {
                crate::generate::OptionKind::Flag => "true",
                crate::generate::OptionKind::Choice(choices) => {
                    choices.first().copied().unwrap_or("…")
                }
            };
            return error.help(format!(
                "`{unknown}` is an option of `{}`: write it under `options`, e.g. `options: {{ {unknown}: {example} }}`",
                path.trim_start_matches("targets.")
            ));
        }
        return match closest(unknown, expected.iter().copied()) {
            Some(s) => error.help(format!("did you mean `{s}`?")),
            None if expected.is_empty() => error,
            None => {
                let list: Vec<String> = expected.iter().map(|n| format!("`{n}`")).collect();
                error.help(format!("the keys allowed here are {}", list.join(", ")))
            }
        };
    }
    if message.starts_with("missing field") {
        let field = names.first().copied().unwrap_or_default();
        let error = ConfigError::new(format!("{place} has no `{field}`"), at);
        return match field {
            "catalogs" => error.help(MINIMAL_EXAMPLE),
            "out" => {
                let target = path.rsplit('.').next().unwrap_or("rust");
                error.help(format!(
                    "name the folder to write into, e.g. `out: generated/{target}`"
                ))
            }
            "path" => error.help("give the catalog file, e.g. `path: errors/api.errors`"),
            _ => error,
        };
    }
    if message.starts_with("duplicate field") {
        let field = names.first().copied().unwrap_or_default();
        let mut segs = parse_path(path);
        segs.push(Seg::Key(field.to_owned(), 2));
        return ConfigError::new(
            format!("`{field}` is given twice in {place}"),
            locate_key(text, &segs).or(at),
        )
        .help("keep one of them");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        // `invalid type: string "yes", expected a boolean`
        let (found, expected) = rest
            .rsplit_once(", expected ")
            .unwrap_or((rest, "something else"));
        let found = if found == "unit value" {
            "nothing"
        } else {
            found
        };
        let error = ConfigError::new(format!("{place} must be {expected}, found {found}"), at);
        return if expected == "a boolean" {
            error.help("write `true` or `false`")
        } else if expected == "a mapping with `path`" && found.starts_with("string") {
            let quoted = found.trim_start_matches("string ");
            error.help(format!("write `- path: {}`", quoted.trim_matches('"')))
        } else if expected == FOLDER_NAME && found != "nothing" {
            // `invalid type: boolean `true`` / `integer `2024``
            let value = found.split('`').nth(1).unwrap_or("generated");
            error.help(format!(
                "a folder's name is text; if `{value}` is meant, quote it: `out: \"{value}\"`"
            ))
        } else if expected == "a mapping with `out`" && found == "nothing" {
            let target = path.rsplit('.').next().unwrap_or("rust");
            error.help(format!(
                "give the output folder, e.g. `{target}: {{ out: generated/{target} }}`, or remove the key to skip the target"
            ))
        } else {
            error
        };
    }
    ConfigError::new(
        if path.is_empty() {
            message.to_owned()
        } else {
            format!("{place}: {message}")
        },
        at,
    )
}

/// The words between backticks in `text`, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

// ---------------------------------------------------------------------------
// Finding positions in the source.
//
// yaml_serde has no spans, but it puts the position of the value being read
// on every error. To find where `targets.rust.out` is, the text is read again
// by a visitor that walks down that path and fails on arrival; the error's
// location is the answer. This works for block and flow style alike.

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    /// The value of a key; the second field picks the n-th occurrence
    /// (1-based), for duplicate keys.
    Key(String, usize),
    /// An element of a sequence.
    Index(usize),
}

fn key(name: &str) -> Seg {
    Seg::Key(name.to_owned(), 1)
}

/// Parses a yaml_serde path such as `catalogs[0].path` (`.` is the root).
fn parse_path(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next().filter(|n| !n.is_empty()) {
            segs.push(key(name));
        }
        for index in pieces {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                segs.push(Seg::Index(i));
            }
        }
    }
    segs
}

/// The 1-based line and column of the value at `path`, if it exists.
fn locate(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    probe(
        text,
        Probe {
            path,
            at_key: false,
        },
    )
}

/// The 1-based line and column of the last key of `path`, if it exists.
fn locate_key(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    probe(text, Probe { path, at_key: true })
}

fn probe(text: &str, probe: Probe<'_>) -> Option<(usize, usize)> {
    let deserializer = yaml_serde::Deserializer::from_str(text);
    match probe.deserialize(deserializer) {
        Ok(()) => None,
        Err(e) => e.location().map(|l| (l.line(), l.column())),
    }
}

/// Walks down `path` and fails at its end (see above).
#[derive(Clone, Copy)]
struct Probe<'a> {
    path: &'a [Seg],
    /// Fail on the last key itself rather than on its value.
    at_key: bool,
}

const FOUND: &str = "errgen: found";

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((Seg::Key(wanted, nth), rest)) = self.path.split_first() else {
            return self.arrive();
        };
        let last = rest.is_empty() && self.at_key;
        let mut seen = 0;
        while let Some(is_it) = map.next_key_seed(KeyProbe {
            wanted,
            fail: last && seen + 1 == *nth,
        })? {
            if is_it {
                seen += 1;
                if seen == *nth {
                    return map.next_value_seed(Probe { path: rest, ..self });
                }
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((Seg::Index(wanted), rest)) = self.path.split_first() else {
            return self.arrive();
        };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Probe { path: rest, ..self })?;
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.arrive()
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.arrive()
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.arrive()
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.arrive()
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.arrive()
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.arrive()
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.arrive()
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.arrive()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.arrive()
    }
}

impl Probe<'_> {
    /// Fails if the walk has arrived, so that the position is recorded.
    fn arrive<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() && !self.at_key {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

/// Reads a key: whether it is `wanted`, failing on it when `fail` is set.
struct KeyProbe<'a> {
    wanted: &'a str,
    fail: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if v != self.wanted {
            Ok(false)
        } else if self.fail {
            Err(E::custom(FOUND))
        } else {
            Ok(true)
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::OptionKind;

    fn err(text: &str) -> ConfigError {
        Config::parse(text).expect_err("the file should be rejected")
    }

    /// `(line, column, message)` of every problem of an error.
    fn places(e: &ConfigError) -> Vec<(Option<usize>, Option<usize>, &str)> {
        e.problems()
            .map(|p| (p.line, p.column, p.message.as_str()))
            .collect()
    }

    /// `(line, column, message, help)` of an error, for one-line asserts.
    fn parts(e: &ConfigError) -> (Option<usize>, Option<usize>, &str, Option<&str>) {
        (e.line, e.column, e.message.as_str(), e.help.as_deref())
    }

    const FULL: &str = "\
# errgen.yaml
catalogs:
  - path: examples/k12.errors
  - path: examples/autoscorer-v1.errors
    generate: false
targets:
  rust:    { out: generated/rust, options: { serde: true } }
  ts:      { out: generated/ts }
  openapi: { out: generated/openapi, format: yaml }
  md:
    out: generated/md
  ir: { out: ./generated/ir/ }
check:
  deny_warnings: true
  allow: [duplicate-message, unused-param]
";

    #[test]
    fn full_file() {
        let config = Config::parse(FULL).unwrap();
        assert_eq!(
            config.catalogs,
            vec![
                CatalogRef {
                    path: "examples/k12.errors".into(),
                    generate: true
                },
                CatalogRef {
                    path: "examples/autoscorer-v1.errors".into(),
                    generate: false
                },
            ]
        );
        let names: Vec<&str> = config.targets.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["rust", "ts", "openapi", "md", "ir"]);
        assert_eq!(
            config.targets.get("rust").unwrap().out,
            Path::new("generated/rust")
        );
        assert_eq!(
            config.targets.get("md").unwrap().out,
            Path::new("generated/md")
        );
        let openapi = config.targets.get("openapi").unwrap();
        assert_eq!(openapi.format.as_deref(), Some("yaml"));
        assert!(openapi.options.is_empty());
        let rust = &config.targets.get("rust").unwrap().options;
        assert_eq!(rust["serde"], OptionValue::Bool(true));
        assert!(config.targets.get("ts").unwrap().options.is_empty());
        assert_eq!(
            config.check,
            CheckOptions {
                deny_warnings: true,
                allow: vec!["duplicate-message".into(), "unused-param".into()],
                baseline: None,
            }
        );
        assert_eq!(config.base_dir, PathBuf::new());
        assert_eq!(
            config.catalog_paths()[1],
            Path::new("examples/autoscorer-v1.errors")
        );
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "ts", feature = "md"))]
    fn every_problem_is_reported_in_file_order() {
        let text = "\
catalogs:
  - path: a.errors
  - path: ./a.errors
targets:
  rust: { out: gen, options: { serd: true, extra_derives: 3 } }
  tss: { out: ts }
  md: { out: gen/ }
check:
  allow: [near-duplicate-mesage]
";
        let e = err(text);
        let found: Vec<_> = e.problems().map(parts).collect();
        assert_eq!(
            found,
            [
                (
                    Some(3),
                    Some(11),
                    "catalog `./a.errors` is listed twice",
                    Some("remove one of the entries")
                ),
                (
                    Some(5),
                    Some(32),
                    "unknown option `serd` for target `rust` in `targets.rust`",
                    Some("did you mean `serde`?")
                ),
                (
                    Some(5),
                    Some(44),
                    "unknown option `extra_derives` for target `rust` in `targets.rust`",
                    Some("its options are `serde`")
                ),
                (
                    Some(6),
                    Some(3),
                    "unknown key `tss` in `targets`",
                    Some("did you mean `ts`?")
                ),
                (
                    Some(7),
                    Some(14),
                    "`targets.md` writes to `gen/`, the output folder of `targets.rust`",
                    Some("give each target its own folder, e.g. `out: generated/md`")
                ),
                (
                    Some(9),
                    Some(11),
                    "unknown rule `near-duplicate-mesage` in `check.allow`",
                    Some("did you mean `near-duplicate-message`?")
                ),
            ]
        );
        assert!(e.more.iter().all(|p| p.more.is_empty()));
        // Displayed one after the other.
        let shown = e.to_string();
        assert!(shown.starts_with("line 3, column 11: catalog `./a.errors` is listed twice\nhelp: remove one of the entries\nline 5, column 32: "), "{shown}");
        assert_eq!(shown.matches("\nhelp: ").count(), 6, "{shown}");
        // One problem alone has nothing more.
        let e = err("catalogs: [{path: a.errors}]\ncheck: {allow: [nope]}\n");
        assert_eq!(e.problems().count(), 1);
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "openapi"))]
    fn an_option_beside_out_is_shown_under_options() {
        let e = err("catalogs: [{path: a}]\ntargets:\n  rust: { out: r, serde: true }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(19),
                "unknown key `serde` in `targets.rust`",
                Some("`serde` is an option of `rust`: write it under `options`, e.g. `options: { serde: true }`")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  openapi:\n    out: o\n    style: x\n");
        assert_eq!(
            e.help.as_deref(),
            Some("the keys allowed here are `out`, `format`, `options`")
        );
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "ts"))]
    fn unknown_keys_and_the_checks_problems_come_together() {
        let text = "\
catalogs:
  - path: a.errors
  - path: ./a.errors
targets:
  rust:
    out: ../shared/generated
    serde: true
  tss:
    out: web/src/generated
";
        let e = err(text);
        assert_eq!(
            places(&e),
            [
                (Some(3), Some(11), "catalog `./a.errors` is listed twice"),
                (
                    Some(6),
                    Some(10),
                    "the output folder of `targets.rust` goes up with `..`: `../shared/generated`"
                ),
                (Some(7), Some(5), "unknown key `serde` in `targets.rust`"),
                (Some(8), Some(3), "unknown key `tss` in `targets`"),
            ]
        );
        // The checks' problems placed as in the file without the unknown key.
        let checks = err(&text.replace("    serde: true\n", ""));
        assert_eq!(places(&checks)[..2], places(&e)[..2]);
    }

    #[test]
    fn every_unknown_key_is_reported_then_the_first_other_problem() {
        let text = "\
catalogs:
  - path: a.errors
    generat: false
targets:
  rust: { out: gen/rust, serd: true }
  ts:
    out: gen/ts
    optionz: { x: 1 }
chek:
  deny_warnings: true
";
        let e = err(text);
        let found: Vec<_> = e.problems().map(parts).collect();
        assert_eq!(
            found,
            [
                (
                    Some(3),
                    Some(5),
                    "unknown key `generat` in `catalogs[0]`",
                    Some("did you mean `generate`?")
                ),
                (
                    Some(5),
                    Some(26),
                    "unknown key `serd` in `targets.rust`",
                    Some("the keys allowed here are `out`, `format`, `options`")
                ),
                (
                    Some(8),
                    Some(5),
                    "unknown key `optionz` in `targets.ts`",
                    Some("did you mean `options`?")
                ),
                (
                    Some(9),
                    Some(1),
                    "unknown key `chek` in errgen.yaml",
                    Some("did you mean `check`?")
                ),
            ]
        );
        // Placed as the first is, where yaml_serde puts it (one line up).
        let first = err(&text.replace("    generat: false\n", ""));
        let (_, column, message, help) = found[1];
        assert_eq!(parts(&first), (Some(4), column, message, help));

        // After the unknown keys, the first other problem, then no more:
        // a wrong type, and the unknown key after it is not reported.
        let e = err("catalogs:\n  - { path: a.errors, generat: false, generate: maybe }\ncheck: { allow: 3 }\nchek: 1\n");
        let found = places(&e);
        assert_eq!(
            found,
            [
                (Some(2), Some(23), "unknown key `generat` in `catalogs[0]`"),
                (
                    Some(2),
                    Some(49),
                    "`catalogs[0].generate` must be a boolean, found string \"maybe\""
                ),
            ]
        );
        // Where yaml_serde puts it when it is the first.
        let alone = err("catalogs:\n  - { path: a.errors,                 generate: maybe }\n");
        let (line, column, message, _) = parts(&alone);
        assert_eq!((line, column, message), found[1]);
        // A missing key is reported at its mapping (which comes first).
        let e = err("catalogs:\n  - { generat: false }\n");
        let found = places(&e);
        assert_eq!(
            found,
            [
                (Some(2), Some(5), "`catalogs[0]` has no `path`"),
                (Some(2), Some(7), "unknown key `generat` in `catalogs[0]`"),
            ]
        );
    }

    #[test]
    fn defaults() {
        let config = Config::parse("catalogs:\n  - path: a.errors\n").unwrap();
        assert!(config.catalogs[0].generate);
        assert_eq!(config.targets, Targets::default());
        assert!(config.targets.is_empty());
        assert_eq!(config.check, CheckOptions::default());
        assert!(!config.check.deny_warnings && config.check.allow.is_empty());
        // Empty sections are the defaults too.
        let config = Config::parse("catalogs: [{path: a.errors}]\ntargets:\ncheck:\n").unwrap();
        assert!(config.targets.is_empty());
        assert_eq!(config.check, CheckOptions::default());
        // A target with only `out`.
        let config =
            Config::parse("catalogs: [{path: a.errors}]\ntargets: {md: {out: docs}}\n").unwrap();
        let md = config.targets.get("md").unwrap();
        assert_eq!((md.format.as_deref(), md.options.len()), (None, 0));
    }

    #[test]
    fn load_resolves_against_the_folder_of_the_file() {
        let dir = std::env::temp_dir().join(format!("errgen-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(FILE_NAME);
        std::fs::write(&file, FULL).unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(config.base_dir, dir);
        assert_eq!(
            config.catalog_paths(),
            vec![
                dir.join("examples/k12.errors"),
                dir.join("examples/autoscorer-v1.errors")
            ]
        );
        assert_eq!(
            config.generated_catalog_paths(),
            vec![dir.join("examples/k12.errors")]
        );
        assert_eq!(
            config.out_dir(config.targets.get("rust").unwrap()),
            dir.join("generated/rust")
        );
        std::fs::remove_dir_all(&dir).unwrap();

        let missing = Config::load(&dir.join(FILE_NAME)).unwrap_err();
        assert!(
            missing.message.starts_with("cannot read "),
            "{}",
            missing.message
        );
        assert_eq!((missing.line, missing.column), (None, None));
        assert!(missing.help.is_some());
    }

    /// An errgen.yaml with a byte-order mark: its problems are found and
    /// placed as without it (yaml_serde took such a file for several
    /// documents once a problem was past the catalogs).
    #[test]
    fn a_byte_order_mark_is_no_content() {
        let text = "\u{FEFF}catalogs:\n  - path: a.errors\ncheck:\n  allow: [nope]\n";
        let e = err(text);
        assert_eq!(
            (e.line, e.message.as_str()),
            (Some(4), "unknown rule `nope` in `check.allow`")
        );
        // Placed in the file's text, mark and all.
        let d = e.to_diagnostic(FileId(0), text);
        assert_eq!(&text[d.primary.span.start..d.primary.span.end], "nope");
        let e = err("\u{FEFF}catalog: []\n");
        let d = e.to_diagnostic(FileId(0), "\u{FEFF}catalog: []\n");
        assert_eq!(d.primary.span.start, 3, "{e:?}");
        assert!(Config::parse("\u{FEFF}catalogs: [{path: a.errors}]\n").is_ok());
    }

    /// `out: true` wrote into a folder named `true`, `out: 2024` into one
    /// named `2024`: YAML read a boolean and a number, taken as text.
    #[test]
    fn an_out_that_yaml_reads_as_no_text_is_refused() {
        let target = |out: &str| {
            format!("catalogs: [{{path: a.errors}}]\ntargets:\n  rust: {{ out: {out} }}\n")
        };
        let e = err(&target("true"));
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(16),
                "`targets.rust.out` must be a folder name, found boolean `true`",
                Some("a folder's name is text; if `true` is meant, quote it: `out: \"true\"`")
            )
        );
        let e = err(&target("2024"));
        assert_eq!(
            parts(&e).2,
            "`targets.rust.out` must be a folder name, found integer `2024`"
        );
        assert_eq!(
            err(&target("")).problems().next().unwrap().message,
            "`targets.rust.out` is empty"
        );
        for text in ["\"2024\"", "gen/rust", "'true'"] {
            let config = Config::parse(&target(text)).unwrap();
            assert_eq!(
                config.targets.get("rust").unwrap().out,
                PathBuf::from(text.trim_matches(['"', '\'']))
            );
        }
    }

    /// The README's example of errgen.yaml is a file errgen accepts.
    #[test]
    fn the_readmes_example_parses() {
        let readme = include_str!("../README.md");
        let at = readme
            .find("An `errgen.yaml` names the catalogs")
            .expect("the README introduces its example");
        let start = at + readme[at..].find("```yaml\n").expect("a yaml block") + 8;
        let end = start + readme[start..].find("```").expect("the block ends");
        let config = Config::parse(&readme[start..end]).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.catalogs.len(), 2);
        assert!(!config.catalogs[1].generate);
        assert!(config.check.deny_warnings);
        assert_eq!(
            config.check.baseline.as_deref(),
            Some(Path::new("released/"))
        );
    }

    /// `check.baseline` is read as a path, resolved against the file's
    /// folder, and must exist when the file is loaded.
    #[test]
    fn the_baseline_must_exist() {
        let dir = std::env::temp_dir().join(format!("errgen-baseline-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("released")).unwrap();
        let file = dir.join(FILE_NAME);
        let text = "catalogs: [{path: a.errors}]\ncheck:\n  baseline: released\n";
        std::fs::write(&file, text).unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(
            config.check.baseline.as_deref(),
            Some(Path::new("released"))
        );
        assert_eq!(config.resolve(Path::new("released")), dir.join("released"));

        std::fs::write(&file, text.replace("released", "gone")).unwrap();
        let e = Config::load(&file).unwrap_err();
        assert_eq!(e.message, "the baseline `gone` does not exist");
        assert_eq!((e.line, e.column), (Some(3), Some(13)));
        assert!(e
            .help
            .as_ref()
            .unwrap()
            .contains("previously released catalogs"));
        assert!(e.more.is_empty());

        // Reported with the file's other problems, not after they are fixed.
        let others = "catalogs: [{path: a.errors}]\ntargets:\n  tss: {out: ts}\n  rust: {out: gen, options: {serd: true}}\ncheck:\n  baseline: gone\n  allow: [unused-parm]\n";
        std::fs::write(&file, others).unwrap();
        let e = Config::load(&file).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        let messages: Vec<&str> = e.problems().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown key `tss` in `targets`",
                "unknown option `serd` for target `rust` in `targets.rust`",
                "the baseline `gone` does not exist",
                "unknown rule `unused-parm` in `check.allow`",
            ]
        );

        let e = err("catalogs: [{path: a}]\ncheck: {baseline: ''}\n");
        assert_eq!(e.message, "`check.baseline` is empty");
    }

    #[test]
    fn discover_finds_the_nearest_project_file_above() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), FULL).unwrap();
        let found = discover(&deep).unwrap();
        assert_eq!(found, deep.join("../..").join(FILE_NAME));
        assert_eq!(
            found.canonicalize().unwrap(),
            dir.path().join(FILE_NAME).canonicalize().unwrap()
        );
        // A folder named like the file is not it; the nearest file wins.
        std::fs::create_dir(deep.join(FILE_NAME)).unwrap();
        assert_eq!(discover(&deep), Some(deep.join("../..").join(FILE_NAME)));
        std::fs::write(dir.path().join("a").join(FILE_NAME), FULL).unwrap();
        assert_eq!(discover(&deep), Some(deep.join("..").join(FILE_NAME)));
        assert_eq!(discover(&dir.path().join("missing")), None);
    }

    #[test]
    fn unknown_top_level_key_suggests() {
        let e = err("catalogs:\n  - path: a.errors\ntragets:\n  rust: { out: gen }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(1),
                "unknown key `tragets` in errgen.yaml",
                Some("did you mean `targets`?")
            )
        );
        assert_eq!(
            e.to_string(),
            "line 3, column 1: unknown key `tragets` in errgen.yaml\nhelp: did you mean `targets`?"
        );
    }

    #[test]
    fn unknown_nested_keys_suggest() {
        let e = err("catalogs:\n  - path: a.errors\n    generat: false\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(5),
                "unknown key `generat` in `catalogs[0]`",
                Some("did you mean `generate`?")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  openapi: { out: o, fromat: json }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(22),
                "unknown key `fromat` in `targets.openapi`",
                Some("did you mean `format`?")
            )
        );
        let e = err("catalogs: [{path: a}]\ncheck:\n  deny_warning: true\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(3),
                "unknown key `deny_warning` in `check`",
                Some("did you mean `deny_warnings`?")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  typescript: { out: ts }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(3),
                "unknown key `typescript` in `targets`",
                Some("did you mean `ts`?")
            )
        );
        // Nothing close: list what is allowed.
        let e = err("catalogs: [{path: a}]\ntargets:\n  kotlin: { out: kt }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(3),
                "unknown key `kotlin` in `targets`",
                Some("the keys allowed here are `rust`, `ts`, `openapi`, `md`, `python`, `ir`")
            )
        );
    }

    #[test]
    fn catalogs_missing_or_empty() {
        let e = err("targets: {}\n");
        assert_eq!(
            parts(&e),
            (
                Some(1),
                Some(1),
                "errgen.yaml has no `catalogs`",
                Some(MINIMAL_EXAMPLE)
            )
        );
        let e = err("");
        assert_eq!(e.message, "errgen.yaml has no `catalogs`");
        let e = err("check: {}\ncatalogs: []\n");
        assert_eq!(
            parts(&e),
            (
                Some(2),
                Some(11),
                "`catalogs` is empty",
                Some(MINIMAL_EXAMPLE)
            )
        );
        let e = err("catalogs:\n  - a.errors\n");
        assert_eq!(
            parts(&e),
            (
                Some(2),
                Some(5),
                "`catalogs[0]` must be a mapping with `path`, found string \"a.errors\"",
                Some("write `- path: a.errors`")
            )
        );
        let e = err("catalogs:\n  - path: a.errors\n  - path: ./a.errors\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (Some(3), Some(11), "catalog `./a.errors` is listed twice")
        );
    }

    #[test]
    fn output_folders_stay_inside_the_project() {
        let e = err("catalogs: [{path: a}]\ntargets:\n  rust:\n    out: /tmp/gen\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (
                Some(4),
                Some(10),
                "the output folder of `targets.rust` is absolute: `/tmp/gen`"
            )
        );
        assert!(e
            .help
            .unwrap()
            .starts_with("errgen writes only inside the project"));
        let e = err("catalogs: [{path: a}]\ntargets:\n  ts: { out: gen/../../x }\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (
                Some(3),
                Some(14),
                "the output folder of `targets.ts` goes up with `..`: `gen/../../x`"
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets: {md: {out: 'C:\\docs'}}\n");
        assert_eq!(
            e.message,
            "the output folder of `targets.md` is absolute: `C:\\docs`"
        );
        let e =
            err("catalogs: [{path: a}]\ntargets:\n  rust: { out: gen }\n  ts: { out: ./gen/ }\n");
        assert_eq!(
            parts(&e),
            (
                Some(4),
                Some(14),
                "`targets.ts` writes to `./gen/`, the output folder of `targets.rust`",
                Some("give each target its own folder, e.g. `out: generated/ts`")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  ir: {}\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(7),
                "`targets.ir` has no `out`",
                Some("name the folder to write into, e.g. `out: generated/ir`")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  rust:\n");
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                Some(3),
                "`targets.rust` must be a mapping with `out`, found nothing"
            )
        );
    }

    #[test]
    fn option_values_are_yaml_scalars() {
        let options: BTreeMap<String, OptionValue> =
            yaml_serde::from_str("{ module: esm, strict: true, indent: 2, ratio: 0.5 }").unwrap();
        assert_eq!(options["module"], OptionValue::String("esm".into()));
        assert_eq!(options["strict"], OptionValue::Bool(true));
        assert_eq!(options["indent"], OptionValue::Int(2));
        assert_eq!(options["ratio"], OptionValue::Float(0.5));
        assert_eq!(options["module"].as_str(), Some("esm"));
        assert_eq!(options["strict"].as_bool(), Some(true));
        assert_eq!(options["indent"].to_string(), "2");
        assert_eq!(options["indent"].to_meta(), MetaValue::Int(2));
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "ts", feature = "openapi"))]
    fn options_are_the_ones_each_target_reads() {
        let e =
            err("catalogs: [{path: a}]\ntargets:\n  rust: { out: r, options: { serd: true } }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(30),
                "unknown option `serd` for target `rust` in `targets.rust`",
                Some("did you mean `serde`?")
            )
        );
        let e =
            err("catalogs: [{path: a}]\ntargets:\n  ts: { out: t, options: { module: esm } }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(28),
                "unknown option `module` for target `ts` in `targets.ts`",
                Some("`ts` takes no options")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  rust:\n    out: r\n    options:\n      serde: \"yes\"\n");
        assert_eq!(
            parts(&e),
            (
                Some(6),
                Some(14),
                "`targets.rust.options.serde` must be `true` or `false`, not `yes`",
                Some("write `true` or `false`")
            )
        );
        let e = err(
            "catalogs: [{path: a}]\ntargets:\n  openapi: { out: o, options: { format: jsn } }\n",
        );
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(41),
                "`targets.openapi.options.format` must be `yaml` or `json`, not `jsn`",
                Some("did you mean `json`?")
            )
        );
        let config = Config::parse(
            "catalogs: [{path: a}]\ntargets:\n  openapi: { out: o, options: { format: json } }\n",
        )
        .unwrap();
        let options = config.targets.get("openapi").unwrap().options();
        assert_eq!(options, [("format", MetaValue::Str("json".into()))]);
    }

    #[test]
    #[cfg(feature = "openapi")]
    fn openapi_format() {
        let e = err("catalogs: [{path: a}]\ntargets:\n  openapi:\n    out: o\n    format: yml\n");
        assert_eq!(
            parts(&e),
            (
                Some(5),
                Some(13),
                "`targets.openapi.format` must be `yaml` or `json`, not `yml`",
                Some("did you mean `yaml`?")
            )
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  openapi: { out: o, format: xml }\n");
        assert_eq!(
            (e.line, e.column, e.help.as_deref()),
            (Some(3), Some(30), Some("write `yaml` or `json`"))
        );
        let e = err("catalogs: [{path: a}]\ntargets:\n  rust: { out: r, format: json }\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(27),
                "`format` applies only to the openapi target, not to `targets.rust`",
                Some("remove `format` from `targets.rust`")
            )
        );
        let config =
            Config::parse("catalogs: [{path: a}]\ntargets: {openapi: {out: o, format: json}}\n")
                .unwrap();
        assert_eq!(
            config.targets.get("openapi").unwrap().format.as_deref(),
            Some("json")
        );
    }

    #[test]
    fn type_errors() {
        let e = err("catalogs:\n  - path: a\n    generate: \"yes\"\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(15),
                "`catalogs[0].generate` must be a boolean, found string \"yes\"",
                Some("write `true` or `false`")
            )
        );
        let e = err("catalogs: [{path: a}]\ncheck:\n  allow: duplicate-message\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(10),
                "`check.allow` must be a sequence, found string \"duplicate-message\"",
                None
            )
        );
        let e =
            err("catalogs: [{path: a}]\ntargets:\n  rust: { out: r, options: { deep: [1, 2] } }\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (
                Some(3),
                Some(36),
                "`targets.rust.options.deep` must be a string, boolean or number, found sequence"
            )
        );
        let e = err("- path: a\n");
        assert_eq!(
            e.message,
            "errgen.yaml must be a mapping with `catalogs`, found sequence"
        );
        let e = err("catalogs: [{path: a}]\ncheck: {}\ncheck: {}\n");
        assert_eq!(
            parts(&e),
            (
                Some(3),
                Some(1),
                "`check` is given twice in errgen.yaml",
                Some("keep one of them")
            )
        );
    }

    #[test]
    fn allowed_rules() {
        let e = err(
            "catalogs: [{path: a}]\ncheck:\n  allow:\n    - unused-param\n    - duplicate-mesage\n",
        );
        assert_eq!(
            parts(&e),
            (
                Some(5),
                Some(7),
                "unknown rule `duplicate-mesage` in `check.allow`",
                Some("did you mean `duplicate-message`?")
            )
        );
        let e = err("catalogs: [{path: a}]\ncheck: {allow: [duplicate-code]}\n");
        assert_eq!((e.line, e.column), (Some(2), Some(17)));
        assert_eq!(
            e.message,
            "`duplicate-code` reports errors, which cannot be allowed"
        );
        assert_eq!(
            e.help.as_deref(),
            Some(
                "only warnings and notes can be allowed: the rules that report warnings or notes are `unused-param`, \
                 `missing-translation`, `duplicate-message`, `empty-entry`, \
                 `error-with-success-status`, `overlapping-ranges`, `uncaptured-param`, \
                 `script-mismatch`, `foreign-placeholder`, `near-duplicate-message`, `version-bump`, \
                 `undeclared-code`, `unused-code`, `retired-alias`, `undeclared-upstream`, `unused-envelope`"
            )
        );
        let e = err("catalogs: [{path: a}]\ncheck: {allow: [W0011]}\n");
        assert_eq!(
            parts(&e),
            (
                Some(2),
                Some(17),
                "`check.allow` takes rule names, not `W0011`",
                Some("write `duplicate-message`")
            )
        );
        // The changes of `diff` and the findings of `import` are not `check`'s.
        let e = err("catalogs: [{path: a}]\ncheck: {allow: [code-removed]}\n");
        assert_eq!(
            e.message,
            "`code-removed` is reported by `errgen diff`, not by `check`"
        );
        let e = err("catalogs: [{path: a}]\ncheck: {allow: [import]}\n");
        assert_eq!(
            e.message,
            "`import` is reported by `errgen import`, not by `check`"
        );
    }

    #[test]
    fn yaml_syntax_error_has_a_location() {
        let e = err("catalogs:\n  - path: a\n\t- path: b\n");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert_eq!(
            e.message,
            "errgen.yaml is not valid YAML: found a tab character that violates indentation, \
             while scanning a plain scalar at line 2 column 11"
        );
        let e = err("catalogs: [{path: a}\n");
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert!(
            e.message.starts_with("errgen.yaml is not valid YAML: "),
            "{}",
            e.message
        );
        let e = err("catalogs: [{path: a}]\n---\ncatalogs: [{path: b}]\n");
        assert_eq!(e.message, "errgen.yaml holds more than one YAML document");
    }

    #[test]
    fn locate_finds_values_and_keys() {
        let text = "a:\n  b: [x, {c: 1}]\n  b: 2\n";
        assert_eq!(
            locate(text, &[key("a"), key("b"), Seg::Index(1), key("c")]),
            Some((2, 14))
        );
        assert_eq!(
            locate(text, &[key("a"), Seg::Key("b".into(), 2)]),
            Some((3, 6))
        );
        assert_eq!(
            locate_key(text, &[key("a"), Seg::Key("b".into(), 2)]),
            Some((3, 3))
        );
        assert_eq!(locate(text, &[key("a"), key("z")]), None);
        assert_eq!(
            parse_path("catalogs[0].path"),
            vec![key("catalogs"), Seg::Index(0), key("path")]
        );
    }

    // --- the JSON Schema: made from the registry, checked in ---

    /// A JSON value whose objects keep the order they are written in (the
    /// schema reads top-down: what a key is before what it holds).
    enum Node {
        Object(Vec<(String, Node)>),
        Value(serde_json::Value),
    }

    impl serde::Serialize for Node {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            match self {
                Node::Value(value) => value.serialize(serializer),
                Node::Object(entries) => {
                    let mut map = serializer.serialize_map(Some(entries.len()))?;
                    for (key, value) in entries {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }
        }
    }

    fn obj<const N: usize>(entries: [(&str, Node); N]) -> Node {
        Node::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    fn val(value: serde_json::Value) -> Node {
        Node::Value(value)
    }

    /// `schema/errgen.schema.json` as the registry and the structs make it:
    /// `targets.<name>` and `$defs/<name>Target` come from each target's
    /// summary and declared options, `check.allow` from the rules, so that
    /// adding a target or an option needs no hand edit of the schema.
    fn schema_text() -> String {
        let target_entries: Vec<(String, Node)> = Target::ALL
            .iter()
            .map(|t| {
                let entry = obj([
                    ("description", val(t.summary().into())),
                    ("$ref", val(format!("#/$defs/{}Target", t.name()).into())),
                ]);
                (t.name().to_owned(), entry)
            })
            .collect();
        let mut defs = vec![
            (
                "catalog".to_owned(),
                obj([
                    ("description", val("One catalog of the project.".into())),
                    ("type", val("object".into())),
                    ("additionalProperties", val(false.into())),
                    ("required", val(serde_json::json!(["path"]))),
                    (
                        "properties",
                        obj([
                            (
                                "path",
                                obj([
                                    ("description", val("The catalog file, relative to the folder that holds errgen.yaml; or a folder, for every `.errors` file in it (not in its sub-folders).".into())),
                                    ("type", val("string".into())),
                                    ("minLength", val(1.into())),
                                ]),
                            ),
                            (
                                "generate",
                                obj([
                                    ("description", val("Whether `errgen compile` generates code for this catalog. A catalog with `false` is still checked (e.g. a previous version kept for `errgen diff`).".into())),
                                    ("type", val("boolean".into())),
                                    ("default", val(true.into())),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            (
                "outPath".to_owned(),
                obj([
                    ("description", val("The folder the target's files are written to, relative to the folder that holds errgen.yaml. errgen never writes outside the project: no absolute path, no `..`.".into())),
                    ("type", val("string".into())),
                    ("minLength", val(1.into())),
                    ("pattern", val(r"^(?![/\\])(?![A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$))".into())),
                ]),
            ),
        ];
        for target in Target::ALL {
            let name = target.name();
            let options = target.options();
            let option_values = |kind: OptionKind| match kind {
                OptionKind::Flag => ("type", val("boolean".into())),
                OptionKind::Choice(choices) => ("enum", val(serde_json::json!(choices))),
            };
            let mut properties = vec![(
                "out".to_owned(),
                obj([
                    (
                        "description",
                        val(
                            "The output folder, relative to the folder that holds errgen.yaml."
                                .into(),
                        ),
                    ),
                    ("$ref", val("#/$defs/outPath".into())),
                ]),
            )];
            // `format: …` beside `out`: the shorthand of the option.
            if let Some(format) = options.iter().find(|o| o.key == "format") {
                let summary = format.summary.trim_end_matches('.');
                properties.push((
                    "format".to_owned(),
                    obj([
                        (
                            "description",
                            val(
                                format!("{summary}. A shorthand for `options: {{ format: … }}`.")
                                    .into(),
                            ),
                        ),
                        option_values(format.kind),
                    ]),
                ));
            }
            let reads = match options {
                [] => "none".to_owned(),
                _ => crate::generate::listed(options.iter().map(|o| o.key)),
            };
            properties.push((
                "options".to_owned(),
                obj([
                    (
                        "description",
                        val(format!(
                            "Options for the generator; the `{name}` target reads {reads}."
                        )
                        .into()),
                    ),
                    ("type", val("object".into())),
                    ("additionalProperties", val(false.into())),
                    (
                        "properties",
                        Node::Object(
                            options
                                .iter()
                                .map(|o| {
                                    let option = obj([
                                        ("description", val(o.summary.into())),
                                        option_values(o.kind),
                                    ]);
                                    (o.key.to_owned(), option)
                                })
                                .collect(),
                        ),
                    ),
                ]),
            ));
            defs.push((
                format!("{name}Target"),
                obj([
                    (
                        "description",
                        val(format!(
                            "The `{name}` target: where it writes and the options it reads."
                        )
                        .into()),
                    ),
                    ("type", val("object".into())),
                    ("additionalProperties", val(false.into())),
                    ("required", val(serde_json::json!(["out"]))),
                    ("properties", Node::Object(properties)),
                ]),
            ));
        }
        let warnings: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.is_catalog_rule() && r.severity() != Severity::Error)
            .map(|r| r.name())
            .collect();
        let schema = obj([
            ("$schema", val("https://json-schema.org/draft/2020-12/schema".into())),
            ("$id", val("https://errgen.dev/schema/errgen.schema.json".into())),
            ("title", val("errgen.yaml".into())),
            ("description", val("The errgen project file: the catalogs to check, the targets to generate, their output folders and options. `errgen check`, `compile` and `fmt` read it from the current folder when given no files. Relative paths are resolved against the folder that holds errgen.yaml.".into())),
            ("type", val("object".into())),
            ("additionalProperties", val(false.into())),
            ("required", val(serde_json::json!(["catalogs"]))),
            (
                "properties",
                obj([
                    (
                        "catalogs",
                        obj([
                            ("description", val("The catalogs (`*.errors` files) of the project, checked together as one workspace. At least one.".into())),
                            ("type", val("array".into())),
                            ("minItems", val(1.into())),
                            ("items", obj([("$ref", val("#/$defs/catalog".into()))])),
                        ]),
                    ),
                    (
                        "targets",
                        obj([
                            ("description", val("What `errgen compile` generates, one entry per target. A target that is absent is not generated. Two targets may not share an output folder.".into())),
                            ("type", val(serde_json::json!(["object", "null"]))),
                            ("additionalProperties", val(false.into())),
                            ("properties", Node::Object(target_entries)),
                        ]),
                    ),
                    (
                        "check",
                        obj([
                            ("description", val("How `errgen check` and `errgen compile` treat warnings, and the release `errgen check` compares with.".into())),
                            ("type", val(serde_json::json!(["object", "null"]))),
                            ("additionalProperties", val(false.into())),
                            (
                                "properties",
                                obj([
                                    (
                                        "deny_warnings",
                                        obj([
                                            ("description", val("Treat warnings as errors, like `--deny warnings`.".into())),
                                            ("type", val("boolean".into())),
                                            ("default", val(false.into())),
                                        ]),
                                    ),
                                    (
                                        "allow",
                                        obj([
                                            ("description", val("Rules whose warnings and notes are not reported. Only rules that report warnings or notes may be allowed.".into())),
                                            ("type", val("array".into())),
                                            ("default", val(serde_json::json!([]))),
                                            (
                                                "items",
                                                obj([
                                                    ("description", val("The kebab-case name of a rule that reports warnings.".into())),
                                                    ("enum", val(serde_json::json!(warnings))),
                                                ]),
                                            ),
                                        ]),
                                    ),
                                    (
                                        "baseline",
                                        obj([
                                            ("description", val("The previous release of the catalogs: a folder of `.errors` files, or one file, relative to the folder that holds errgen.yaml; it must exist. `errgen check` compares each catalog with the one of the same name there and warns (`version-bump`) when breaking changes come without a major version bump. A catalog whose name the baseline lacks is compared with a released catalog no current one is named after if it keeps at least half of its codes (it was renamed); otherwise it is new and not compared.".into())),
                                            ("type", val("string".into())),
                                            ("minLength", val(1.into())),
                                        ]),
                                    ),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ),
            ("$defs", Node::Object(defs)),
        ]);
        let mut text = serde_json::to_string_pretty(&schema).expect("the schema serialises");
        text.push('\n');
        text
    }

    /// The checked-in schema is what [`schema_text`] makes from the registry
    /// today. After adding a target or an option:
    /// `ERRGEN_REGENERATE=1 cargo test --lib config::tests::the_checked_in_schema`.
    #[test]
    fn the_checked_in_schema_is_what_the_registry_makes() {
        if Target::ALL.len() != KNOWN_TARGETS.len() {
            eprintln!("skipped: this build lacks targets; the schema describes them all");
            return;
        }
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/errgen.schema.json");
        let want = schema_text();
        if std::env::var_os("ERRGEN_REGENERATE").is_some_and(|v| v != "0") {
            std::fs::write(&path, &want).expect("write schema/errgen.schema.json");
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "schema/errgen.schema.json is not what the registry makes; regenerate it with \
             `ERRGEN_REGENERATE=1 cargo test --lib config::tests::the_checked_in_schema`"
        );
    }

    // --- the JSON Schema must describe exactly what the structs accept ---

    const SCHEMA: &str = include_str!("../schema/errgen.schema.json");

    /// The keys a derived `Deserialize` accepts, read from what it passes to
    /// `deserialize_struct`.
    fn fields_of<T: for<'de> Deserialize<'de>>() -> Vec<String> {
        struct Fields;
        impl<'de> Deserializer<'de> for Fields {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("not a struct"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom(fields.join(",")))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        let e = T::deserialize(Fields).err().unwrap().to_string();
        let mut fields: Vec<String> = e.split(',').map(str::to_owned).collect();
        fields.sort();
        fields
    }

    fn keys(schema: &serde_json::Value, pointer: &str) -> Vec<String> {
        let properties = schema
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {pointer}"));
        let mut keys: Vec<String> = properties.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    #[test]
    fn schema_matches_the_structs() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(
            schema["$id"],
            "https://errgen.dev/schema/errgen.schema.json"
        );
        assert!(schema["title"].is_string());

        assert_eq!(keys(&schema, "/properties"), fields_of::<Config>());
        // `targets`: one entry per target of the registry, each with the
        // summary, the options and the option types its generator declares.
        let mut names: Vec<String> = KNOWN_TARGETS.iter().map(|n| n.to_string()).collect();
        names.sort();
        assert_eq!(keys(&schema, "/properties/targets/properties"), names);
        assert_eq!(
            keys(&schema, "/$defs/catalog/properties"),
            fields_of::<CatalogRef>()
        );
        assert_eq!(
            keys(&schema, "/properties/check/properties"),
            fields_of::<CheckOptions>()
        );
        for target in Target::ALL {
            let name = target.name();
            let entry = &schema["properties"]["targets"]["properties"][name];
            assert_eq!(entry["description"], target.summary(), "{name}");
            let reference = format!("#/$defs/{name}Target");
            assert_eq!(entry["$ref"], reference.as_str(), "{name}");
            let definition = format!("/$defs/{name}Target");
            let options = target.options();
            // `format: …` beside `out` is the shorthand of the option.
            let expected: Vec<String> = fields_of::<TargetConfig>()
                .into_iter()
                .filter(|f| f != "format" || options.iter().any(|o| o.key == "format"))
                .collect();
            assert_eq!(keys(&schema, &format!("{definition}/properties")), expected);
            assert_eq!(
                schema.pointer(&format!("{definition}/required")),
                Some(&serde_json::json!(["out"]))
            );
            let mut declared: Vec<String> = options.iter().map(|o| o.key.to_owned()).collect();
            declared.sort();
            let at = format!("{definition}/properties/options/properties");
            assert_eq!(keys(&schema, &at), declared, "{name}");
            for option in options {
                let property = &schema.pointer(&at).unwrap()[option.key];
                assert_eq!(
                    property["description"], option.summary,
                    "{name}.{}",
                    option.key
                );
                let (kind, wanted) = match option.kind {
                    OptionKind::Flag => ("type", serde_json::json!("boolean")),
                    OptionKind::Choice(choices) => ("enum", serde_json::json!(choices)),
                };
                assert_eq!(property[kind], wanted, "{name}.{}", option.key);
                if option.key == "format" {
                    let shorthand = format!("{definition}/properties/format/enum");
                    assert_eq!(schema.pointer(&shorthand), Some(&wanted), "{name}");
                }
            }
        }
        assert_eq!(schema["required"], serde_json::json!(["catalogs"]));
        assert_eq!(
            schema["$defs"]["catalog"]["required"],
            serde_json::json!(["path"])
        );

        // `check.allow` lists exactly the rules that report warnings or notes.
        let warnings: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.is_catalog_rule() && r.severity() != Severity::Error)
            .map(|r| r.name())
            .collect();
        assert_eq!(
            schema["properties"]["check"]["properties"]["allow"]["items"]["enum"],
            serde_json::json!(warnings)
        );

        // Every object with properties is closed, and every property is described.
        fn walk(node: &serde_json::Value, at: &str) {
            match node {
                serde_json::Value::Object(map) => {
                    if let Some(properties) = map.get("properties").and_then(|p| p.as_object()) {
                        assert_eq!(
                            map.get("additionalProperties"),
                            Some(&serde_json::json!(false)),
                            "{at}"
                        );
                        for (name, property) in properties {
                            assert!(
                                property["description"].is_string(),
                                "{at}/{name} has no description"
                            );
                        }
                    }
                    for (k, v) in map {
                        walk(v, &format!("{at}/{k}"));
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, at)),
                _ => {}
            }
        }
        walk(&schema, "");
    }
}
