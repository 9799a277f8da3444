//! The build-script API: `errgen::Builder`, used from `build.rs` the way
//! prost-build is.
//!
//! ```no_run
//! // In build.rs's `main`:
//! let compiled = errgen::Builder::new()
//!     .catalog("errors/api.errors")
//!     .target(errgen::Target::Rust)
//!     .compile()
//!     .unwrap();
//! // The module is named after the catalog, not its file: pass its path on.
//! let api = compiled.file("errors/api.errors", errgen::Target::Rust).unwrap();
//! println!("cargo:rustc-env=ERRGEN_API={}", api.display());
//! // In src/lib.rs: mod api { include!(env!("ERRGEN_API")); }
//! ```
//!
//! `compile` prints `cargo:rerun-if-changed` for every catalog it reads (and
//! for nothing else), rewrites only files whose content changed, shows
//! warnings as `cargo:warning` lines, returns the generated paths per catalog
//! ([`Compiled`]) and an error that renders the diagnostics rustc-style, so
//! `.unwrap()` in a build script reads well.

use crate::compile::{self, CompileError, CompileRequest, OutputFolder, TargetRequest};
use crate::diagnostic::Severity;
use crate::generate::Target;
use crate::ir::MetaValue;
use crate::render;
use crate::workspace::Workspace;
use std::fmt;
use std::path::{Path, PathBuf};

/// Compiles catalogs from a build script.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    catalogs: Vec<PathBuf>,
    targets: Vec<Target>,
    out_dir: Option<PathBuf>,
    /// Options by target, each checked by [`Builder::option`] and again
    /// by the compile's own rule.
    options: Vec<(Target, String, MetaValue)>,
    /// Options refused by [`Builder::option`], reported by `compile`.
    refused_options: Vec<String>,
    deny_warnings: bool,
    quiet: bool,
}

/// What [`Builder::compile`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// Every generated file, written or already up to date.
    pub files: Vec<PathBuf>,
    /// The files that were (re)written this time.
    pub written: Vec<PathBuf>,
    /// The files of each catalog, in the order the catalogs were added.
    pub catalogs: Vec<CompiledCatalog>,
}

/// The files generated from one catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledCatalog {
    /// The catalog file, as given to [`Builder::catalog`].
    pub source: PathBuf,
    /// The catalog's name (`catalog NAME { … }`), which its files are named after.
    pub name: String,
    /// Each target's files, in the output folder.
    pub files: Vec<(Target, PathBuf)>,
}

impl Compiled {
    /// The file that `target` generated from the catalog file `catalog` (as
    /// given to [`Builder::catalog`]); the first, for a target that writes
    /// several. Files are named after the catalog, not after its file, so a
    /// build script hands this path to the crate rather than guessing it:
    ///
    /// ```no_run
    /// # let compiled = errgen::Builder::new().catalog("errors/api.errors").compile().unwrap();
    /// let api = compiled.file("errors/api.errors", errgen::Target::Rust).unwrap();
    /// println!("cargo:rustc-env=ERRGEN_API={}", api.display());
    /// // src/lib.rs: mod api { include!(env!("ERRGEN_API")); }
    /// ```
    ///
    /// The catalog may be written another way than it was given
    /// (`./errors/api.errors`, or an absolute path): the same file is found.
    pub fn file(&self, catalog: impl AsRef<Path>, target: Target) -> Option<&Path> {
        let catalog = catalog.as_ref();
        fn parts(path: &Path) -> impl Iterator<Item = std::path::Component<'_>> {
            path.components()
                .filter(|c| *c != std::path::Component::CurDir)
        }
        let same = |source: &Path| {
            parts(source).eq(parts(catalog))
                || std::fs::canonicalize(source)
                    .is_ok_and(|s| std::fs::canonicalize(catalog).is_ok_and(|c| c == s))
        };
        self.catalogs
            .iter()
            .filter(|c| same(&c.source))
            .flat_map(|c| &c.files)
            .find(|(t, _)| *t == target)
            .map(|(_, path)| path.as_path())
    }
}

/// Why [`Builder::compile`] failed. Its `Debug` and `Display` both show the
/// rendered diagnostics, so that `.unwrap()` prints them readably.
pub struct BuildError {
    message: String,
}

impl BuildError {
    fn new(message: impl Into<String>) -> BuildError {
        BuildError {
            message: message.into(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{}", self.message)
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder with no catalogs; the target defaults to Rust.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds a catalog file, or a folder for the `*.errors` files in it
    /// (relative paths are relative to the crate root, where cargo runs
    /// build scripts).
    pub fn catalog(mut self, path: impl AsRef<Path>) -> Builder {
        self.catalogs.push(path.as_ref().to_owned());
        self
    }

    /// Adds several catalog files.
    pub fn catalogs<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Builder {
        self.catalogs
            .extend(paths.into_iter().map(|p| p.as_ref().to_owned()));
        self
    }

    /// Adds a target (several may be given).
    pub fn target(mut self, target: Target) -> Builder {
        if !self.targets.contains(&target) {
            self.targets.push(target);
        }
        self
    }

    /// Where to write; defaults to `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Builder {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Sets a target option by dotted key, as the catalog's `option`
    /// statement does: `.option("rust.serde", true)`. An option the target
    /// does not read (`rust.serd`) or a value it does not take makes
    /// `compile` fail, naming the options there are; so does an option of
    /// a target the builder does not generate or this build leaves out.
    pub fn option(mut self, key: &str, value: impl Into<MetaValue>) -> Builder {
        let value = value.into();
        match Target::check_dotted_option(key, &value) {
            Ok(Some((target, rest))) => {
                self.options
                    .retain(|(t, k, _)| (*t, k.as_str()) != (target, rest));
                self.options.push((target, rest.to_owned(), value));
            }
            // A target this build of errgen leaves out: the Builder cannot
            // generate it, so the option is a mistake as for a target not
            // generated (a catalog's `option` statement, shared by builds,
            // is another matter).
            Ok(None) => {
                let target = key.split_once('.').map_or(key, |(target, _)| target);
                self.refused_options.push(format!(
                    "option `{key}` is for target `{target}`, which this build of errgen \
                     leaves out: enable errgen's cargo feature `{target}`, or remove the option"
                ));
            }
            Err(error) => self.refused_options.push(error.to_string()),
        }
        self
    }

    /// Fails on warnings too.
    pub fn deny_warnings(mut self, deny: bool) -> Builder {
        self.deny_warnings = deny;
        self
    }

    /// Prints no `cargo:` lines (for use outside build scripts).
    pub fn quiet(mut self, quiet: bool) -> Builder {
        self.quiet = quiet;
        self
    }

    /// Checks the catalogs and writes the generated files.
    pub fn compile(self) -> Result<Compiled, BuildError> {
        if !self.refused_options.is_empty() {
            return Err(BuildError::new(format!(
                "errgen::Builder: {}",
                self.refused_options.join("\nerrgen::Builder: ")
            )));
        }
        if self.catalogs.is_empty() {
            return Err(BuildError::new(
                "errgen::Builder has no catalogs: add one with `.catalog(\"errors/api.errors\")`",
            ));
        }
        let out_dir = match self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        {
            Some(dir) => dir,
            None => {
                return Err(BuildError::new(
                    "OUT_DIR is not set: run from a build script, or call `.out_dir(…)`",
                ))
            }
        };
        let mut workspace = Workspace::new();
        for given in &self.catalogs {
            // Before reading, so that fixing a broken catalog reruns the
            // build (for a folder, cargo reruns when anything in it changes).
            if !self.quiet {
                println!("cargo:rerun-if-changed={}", given.display());
            }
            // A folder: the catalog files in it.
            let files = crate::workspace::catalog_files(given)
                .map_err(|e| BuildError::new(format!("errgen::Builder: {e}")))?;
            for path in &files {
                workspace.add_path(path).map_err(|e| {
                    BuildError::new(format!("cannot read catalog `{}`: {e}", path.display()))
                })?;
            }
        }
        let mut analysis = workspace.analyze();
        if self.deny_warnings {
            for d in &mut analysis.diagnostics {
                if d.severity == Severity::Warning {
                    d.severity = Severity::Error;
                }
            }
        }
        if analysis.has_errors() {
            let rendered: Vec<String> = analysis
                .diagnostics
                .iter()
                .map(|d| render::human(d, &analysis.sources, false))
                .collect();
            let summary = render::summary(&analysis.diagnostics).unwrap_or_default();
            return Err(BuildError::new(format!(
                "{}\n\nerrgen: the catalogs have problems ({summary}); nothing was generated",
                rendered.join("\n\n")
            )));
        }
        if !self.quiet {
            // Notes are for `errgen check`, not for every build's output.
            for d in analysis
                .diagnostics
                .iter()
                .filter(|d| d.severity != Severity::Note)
            {
                for line in render::human(d, &analysis.sources, false).lines() {
                    println!("cargo:warning={line}");
                }
            }
        }
        let targets = match (self.targets.is_empty(), Target::from_name("rust")) {
            (false, _) => self.targets.clone(),
            (true, Some(rust)) => vec![rust],
            (true, None) => {
                return Err(BuildError::new(
                    "errgen::Builder has no target, and this errgen was built without `rust`: \
                     add one with `.target(…)`",
                ))
            }
        };
        // An option of a target not generated would change nothing: it is
        // a mistake (a target left out, or an option meant for another).
        if let Some((target, key, _)) = self.options.iter().find(|(t, ..)| !targets.contains(t)) {
            return Err(BuildError::new(format!(
                "errgen::Builder: option `{name}.{key}` is for target `{name}`, which this \
                 Builder does not generate: add it with `.target(errgen::Target::{target:?})`, \
                 or remove the option",
                name = target.name(),
            )));
        }
        let mut request = CompileRequest::default();
        for target in targets {
            // Every target writes into the one folder, taken as given.
            let mut wanted = TargetRequest::new(target, OutputFolder::given(&out_dir));
            for (_, key, value) in self.options.iter().filter(|(t, _, _)| *t == target) {
                wanted
                    .option(key, value.clone())
                    .map_err(|e| BuildError::new(format!("errgen::Builder: {e}")))?;
            }
            request.targets.push(wanted);
        }
        let report = match compile::compile(&analysis, &request) {
            Ok(report) => report,
            Err(CompileError::Clash(clashes)) => {
                // Every target names its files after the catalog: one is enough.
                let shown = clashes
                    .first()
                    .map(|d| render::human(d, &analysis.sources, false))
                    .unwrap_or_default();
                return Err(BuildError::new(format!(
                    "{shown}\n\nerrgen: nothing was generated"
                )));
            }
            Err(error) => return Err(BuildError::new(error.to_string())),
        };
        let mut catalogs: Vec<CompiledCatalog> = analysis
            .catalogs
            .iter()
            .map(|catalog| CompiledCatalog {
                source: analysis
                    .sources
                    .get(catalog.file)
                    .path
                    .clone()
                    .unwrap_or_default(),
                name: catalog.name.original().to_owned(),
                files: Vec::new(),
            })
            .collect();
        for target in &report.targets {
            for (catalog, path) in &target.files {
                catalogs[*catalog].files.push((target.target, path.clone()));
            }
        }
        let mut all = report.written.clone();
        all.extend(report.unchanged);
        all.sort();
        Ok(Compiled {
            files: all,
            written: report.written,
            catalogs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_catalog_is_an_error_that_renders_its_diagnostics() {
        let dir = tempfile::tempdir().unwrap();
        let catalog = dir.path().join("bad.errors");
        std::fs::write(&catalog, "catalog bad {\n  format \"B_{digits:2}\"\n}\n\nerror x = \"B_123\" {\n  message en \"X.\"\n}\n").unwrap();
        let error = Builder::new()
            .catalog(&catalog)
            .out_dir(dir.path().join("out"))
            .quiet(true)
            .compile()
            .unwrap_err();
        let text = format!("{error:?}");
        assert!(
            text.contains("error[E0005]: code `B_123` does not match the format `B_{digits:2}`"),
            "{text}"
        );
        assert!(text.contains("nothing was generated"), "{text}");
        assert!(!dir.path().join("out").exists(), "nothing is written");
    }

    /// A folder with `api.errors` holding `catalog`, and the path of its
    /// `out` folder (not made).
    #[allow(dead_code)] // a build without the targets its tests need
    fn project(catalog: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let api = dir.path().join("api.errors");
        std::fs::write(&api, catalog).unwrap();
        let out = dir.path().join("out");
        (dir, api, out)
    }

    /// A folder given as a catalog stands for the catalog files in it.
    #[test]
    #[cfg(feature = "rust")]
    fn a_folder_stands_for_its_catalog_files() {
        let dir = tempfile::tempdir().unwrap();
        let errors = dir.path().join("errors");
        std::fs::create_dir(&errors).unwrap();
        for name in ["a", "b"] {
            let text = format!("catalog {name} {{\n  locales en\n}}\n");
            std::fs::write(errors.join(format!("{name}.errors")), text).unwrap();
        }
        let out = dir.path().join("out");
        let compiled = Builder::new()
            .catalog(&errors)
            .out_dir(&out)
            .quiet(true)
            .compile()
            .unwrap();
        assert_eq!(compiled.files, [out.join("a.rs"), out.join("b.rs")]);
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let error = Builder::new()
            .catalog(&empty)
            .out_dir(&out)
            .quiet(true)
            .compile()
            .unwrap_err()
            .to_string();
        assert!(error.contains("holds no `.errors` file"), "{error}");
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "ts"))]
    fn compile_reports_each_catalogs_files_named_after_the_catalog() {
        let (dir, api, out) = project("catalog storefront {\n  locales en\n}\n\nerror gone = \"S_1\" {\n  message en \"Gone.\"\n}\n");
        let compiled = Builder::new()
            .catalog(&api)
            .target(Target::Rust)
            .target(Target::Ts)
            .out_dir(&out)
            .quiet(true)
            .compile()
            .unwrap();
        assert_eq!(compiled.catalogs.len(), 1);
        assert_eq!(compiled.catalogs[0].source, api);
        assert_eq!(compiled.catalogs[0].name, "storefront");
        let rust = compiled.file(&api, Target::Rust).unwrap();
        assert_eq!(rust, out.join("storefront.rs"));
        assert!(rust.is_file());
        assert_eq!(
            compiled.file(&api, Target::Ts),
            Some(out.join("storefront.ts").as_path())
        );
        assert_eq!(compiled.file(&api, Target::Md), None);
        assert_eq!(
            compiled.file(dir.path().join("other.errors"), Target::Rust),
            None
        );
        // The same file written another way.
        let dotted = dir.path().join(".").join("api.errors");
        let through = dir.path().join("out").join("..").join("api.errors");
        for other in [dotted, through] {
            assert_eq!(compiled.file(&other, Target::Rust), Some(rust), "{other:?}");
        }
        assert_eq!(compiled.files.len(), 2);
    }

    #[test]
    #[cfg(feature = "rust")]
    fn two_catalogs_with_one_output_file_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        // Two versions of one catalog: a workspace `check` accepts, whose
        // files would overwrite each other.
        for (file, version) in [("a.errors", "1.0.0"), ("b.errors", "2.0.0")] {
            let text = format!(
                "catalog shop {{\n  version {version}\n}}\n\nerror x = \"{file}\" {{\n  message en \"X.\"\n}}\n"
            );
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        let error = Builder::new()
            .catalogs([dir.path().join("a.errors"), dir.path().join("b.errors")])
            .out_dir(dir.path().join("out"))
            .quiet(true)
            .compile()
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("two versions of catalog `shop` (1.0.0 and 2.0.0) both generate the rust file `shop.rs`"),
            "{text}"
        );
        assert!(!dir.path().join("out").exists(), "nothing is written");
    }

    #[test]
    fn options_must_name_a_target() {
        let error = Builder::new()
            .catalog("x.errors")
            .option("serde", true)
            .compile()
            .unwrap_err();
        assert!(error.to_string().contains("option `serde` names no target"));
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "openapi", feature = "md"))]
    fn a_misspelt_option_names_the_known_ones() {
        let error = |key: &str, value: MetaValue| {
            Builder::new()
                .catalog("x.errors")
                .option(key, value)
                .compile()
                .unwrap_err()
                .to_string()
        };
        let text = error("rust.serd", true.into());
        assert!(
            text.contains("unknown option `serd` for target `rust`; did you mean `serde`?"),
            "{text}"
        );
        let text = error("rust.sqlx", true.into());
        assert!(text.contains("its options are `serde`"), "{text}");
        let text = error("rsut.serde", true.into());
        assert!(
            text.contains("unknown target `rsut`; did you mean `rust`?"),
            "{text}"
        );
        let text = error("rust.serde", MetaValue::Str("yes".into()));
        assert!(
            text.contains("option `rust.serde` must be `true` or `false`, not `yes`"),
            "{text}"
        );
        let text = error("openapi.format", MetaValue::Str("jsn".into()));
        assert!(text.contains("did you mean `json`?"), "{text}");
        let text = error("md.anything", true.into());
        assert!(text.contains("`md` takes no options"), "{text}");
    }

    /// Run by CI's rust-only build: an option of a target compiled out
    /// was dropped without a word.
    #[test]
    #[cfg(all(feature = "rust", not(feature = "ts")))]
    fn an_option_of_a_target_this_build_leaves_out_is_an_error() {
        let error = refused_option("ts.strict", true.into());
        assert!(
            error.contains(
                "option `ts.strict` is for target `ts`, which this build of errgen leaves \
                 out: enable errgen's cargo feature `ts`"
            ),
            "{error}"
        );
    }

    /// The error of a Rust-only build of a catalog given the option `key`;
    /// nothing may be written.
    #[allow(dead_code)] // a build without the targets its tests need
    fn refused_option(key: &str, value: MetaValue) -> String {
        let (_dir, api, out) = project("catalog shop {\n  locales en\n}\n");
        let error = Builder::new()
            .catalog(&api)
            .option(key, value)
            .out_dir(&out)
            .quiet(true)
            .compile()
            .unwrap_err()
            .to_string();
        assert!(!out.exists(), "nothing is written");
        error
    }

    #[test]
    #[cfg(all(feature = "rust", feature = "openapi"))]
    fn an_option_of_a_target_not_generated_is_an_error() {
        // The default target, Rust, does not read `openapi.format`.
        let error = refused_option("openapi.format", MetaValue::Str("json".into()));
        assert!(
            error.contains(
                "option `openapi.format` is for target `openapi`, which this Builder does not \
                 generate: add it with `.target(errgen::Target::OpenApi)`"
            ),
            "{error}"
        );
        let (_dir, api, out) = project("catalog shop {\n  locales en\n}\n");
        let compiled = Builder::new()
            .catalog(&api)
            .target(Target::OpenApi)
            .option("openapi.format", MetaValue::Str("json".into()))
            .out_dir(&out)
            .quiet(true)
            .compile()
            .unwrap();
        assert_eq!(compiled.files, vec![out.join("shop.openapi.json")]);
    }

    #[test]
    fn missing_catalogs_and_out_dir_are_errors() {
        assert!(Builder::new()
            .compile()
            .unwrap_err()
            .to_string()
            .contains("no catalogs"));
        let error = Builder::new()
            .catalog("does-not-exist.errors")
            .out_dir("/tmp")
            .quiet(true)
            .compile()
            .unwrap_err();
        assert!(error
            .to_string()
            .contains("cannot read catalog `does-not-exist.errors`"));
    }
}
