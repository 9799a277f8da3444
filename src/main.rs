//! The `errgen` command line. Exit codes: 0 clean, 1 diagnostics with errors
//! (or warnings under `--deny warnings`), 2 usage or I/O error.

/// mimalloc instead of the system allocator: a compile makes and frees many
/// small strings, and glibc's malloc spent 10–15 % of a large compile
/// consolidating freed chunks. Only the binary uses it; the library leaves
/// the allocator to whoever links it. Built without its transparent huge
/// pages (`no_thp` in Cargo.toml): a 2 MB page is cleared whole at its first
/// touch, which cost a small compile 1 ms and 13 MB, and a large one 30 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before it returns it to the OS, in
/// milliseconds. Its default, a second, outlasts a whole compile: what the
/// parse threads freed stayed held while the generator threads (new ones)
/// took fresh memory, and a 100k-entry compile peaked at 240–262 MB
/// instead of the 215 MB that `check` needs. After 5 ms it peaks at
/// 211–215 MB and is no slower (BENCHMARKS.md, "Peak memory, eighth
/// session"); 0 purges at every free and costs a third more time.
const PURGE_DELAY_MS: std::ffi::c_long = 5;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (mimalloc.h):
/// libmimalloc-sys names the options of mimalloc 2 only, and the enum keeps
/// the place of every retired option, so the number is stable.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets mimalloc's purge delay ([`PURGE_DELAY_MS`]) for this process.
fn tune_allocator() {
    // SAFETY: `mi_option_set` stores an integer option, which mimalloc
    // reads each time it purges; any value is valid for it.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
}

use anstream::ColorChoice;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use errgen::compile::{CompileError, CompileRequest, OutputFolder, TargetRequest};
use errgen::config::{self, Config};
use errgen::diagnostic::{Category, Diagnostic, Rule, Severity};
use errgen::generate::{PlannedFile, Target};
use errgen::render;
use errgen::source::{FileId, SourceFile, SourceMap};
use errgen::workspace::{Analysis, Workspace};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

#[derive(Parser)]
#[command(
    name = "errgen",
    version,
    about = "Check API error catalogs and generate code from them"
)]
struct Cli {
    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// rustc-style text on stderr.
    Human,
    /// One JSON object per diagnostic per line on stdout.
    Json,
    /// One SARIF 2.1.0 log on stdout (for code scanning: upload it).
    Sarif,
    /// GitHub Actions workflow commands on stdout: an annotation per diagnostic.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    /// Treat warnings as errors.
    Warnings,
}

#[derive(Subcommand)]
enum Command {
    /// Check catalogs; exit 1 when any has errors.
    Check {
        /// Catalog files (`-` for standard input); none: those in errgen.yaml.
        files: Vec<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// `--deny warnings` fails on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Also scan these source files and folders (Rust, TS/JS, Python,
        /// JSON, Markdown; .gitignore honoured, target/ and node_modules/
        /// skipped) for codes: W0033 undeclared-code for a code no catalog
        /// declares, N0034 unused-code (a note) for a declared code no file
        /// uses. A reference is a code key's value (`"code": 100499`,
        /// `code: 'X'`), or, for formats of a fixed prefix and digits, a word
        /// with the prefix inside a string (anywhere in JSON and Markdown);
        /// comments are not read. See `errgen explain undeclared-code`.
        #[arg(long, value_name = "PATH", num_args = 1..)]
        refs: Vec<PathBuf>,
        /// Apply the machine-applicable fixes (a misspelt keyword, a
        /// malformed code with one obvious fix, a placeholder that nearly
        /// names a param), every file at once, then check again and report
        /// what remains.
        #[arg(long)]
        fix: bool,
        /// With `--fix`: write nothing, print the fixes as a unified diff.
        #[arg(long, requires = "fix")]
        dry_run: bool,
    },
    /// Check catalogs and generate code from them; nothing is written if any has errors.
    Compile {
        /// Catalog files (`-` for standard input); none: those in errgen.yaml.
        files: Vec<PathBuf>,
        /// The output folder; each target writes to `<DIR>/<target>`. Without
        /// it: the folders errgen.yaml names, or `generated/<target>`.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The targets to generate (comma-separated); default: all configured.
        #[arg(long, value_delimiter = ',', value_parser = parse_target)]
        target: Vec<Target>,
        /// Write nothing; exit 1 listing every file that would change.
        #[arg(long)]
        check: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
        /// `--deny warnings` fails on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Print catalogs in canonical form (or rewrite them, or check them).
    Fmt {
        /// Catalog files (`-` for standard input); none: those in errgen.yaml.
        files: Vec<PathBuf>,
        /// Write nothing; print how each file that is not formatted would
        /// change (a unified diff) and exit 1.
        #[arg(long, conflicts_with = "write")]
        check: bool,
        /// Rewrite the files in place instead of printing them.
        #[arg(long, short)]
        write: bool,
    },
    /// Compare two versions of a catalog (or of a folder of catalogs) and
    /// classify every change as breaking or safe for deployed clients.
    Diff {
        /// The old version: a file, `-`, or `git:REF:path`; or a folder
        /// (on disk or `git:REF:folder`) of catalogs.
        old: String,
        /// The new version, as the old one: two files, or two folders.
        new: String,
        /// Exit 1 when any change is breaking: of any category, or only of
        /// those named (comma-separated): `wire` (what clients receive:
        /// codes, statuses, the envelope, params, locales), `code` (what
        /// generated code relies on: names, retryability, formats), `docs`.
        /// Give it after the versions or with `=`: `--breaking=wire`.
        #[arg(long, value_name = "CATEGORY", num_args = 0..=1, value_delimiter = ',', value_parser = parse_category)]
        breaking: Option<Vec<Category>>,
        /// How to print the changes.
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Turn the error tables of a Markdown or wiki page into a catalog (on stdout, or into a file).
    Import {
        /// The document (`-` for standard input).
        file: PathBuf,
        /// Write the catalog to this file instead of standard output: whole
        /// or not at all, never over an existing file without `--force`.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the `--output` file when it exists (an import overwrites
        /// whatever was edited in it since).
        #[arg(long, requires = "output")]
        force: bool,
        /// The catalog's name; default: the file name in snake_case.
        #[arg(long)]
        name: Option<String>,
        /// The locales in order, the first the default (e.g. `en,zh`); default: inferred.
        #[arg(long, value_delimiter = ',')]
        locale_order: Vec<String>,
        /// Map a column by its header, over what the header says (repeatable):
        /// `--column "错误码信息=message:en"`. ROLE is code, message,
        /// description, cause, remedy, http, grpc, retryable or meta.
        #[arg(long = "column", value_name = "HEADER=ROLE[:LOCALE]", value_parser = parse_column)]
        columns: Vec<errgen::import::ColumnMapping>,
    },
    /// Run the language server on stdin and stdout (for editors): diagnostics
    /// while typing, quick fixes, hover, go to definition, symbols,
    /// completion and formatting; the catalogs of errgen.yaml are checked
    /// together.
    Lsp,
    /// Explain a rule (`E0005`, `malformed-code`), a target, or a catalog code or entry name.
    Explain {
        /// A rule's code or name, a target, or a code, alias or entry name of the catalogs.
        code: String,
        /// Catalog files to look the code up in (`-` for standard input);
        /// none: those in errgen.yaml.
        files: Vec<PathBuf>,
    },
    /// Print the completion script of a shell, e.g.
    /// `errgen completions bash > ~/.local/share/bash-completion/completions/errgen`.
    Completions {
        /// The shell: bash, zsh, fish or powershell.
        shell: Shell,
    },
}

/// The shells `errgen completions` writes a script for.
#[derive(Clone, Copy, ValueEnum)]
enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// A failure that stops the command: usage or I/O (exit 2).
struct Fatal(String);

type Result<T> = std::result::Result<T, Fatal>;

fn main() -> ExitCode {
    tune_allocator();
    // A write past the file size limit (`ulimit -f`) then fails with EFBIG and
    // is an I/O error (exit 2) like a full disk, instead of SIGXFSZ killing
    // errgen mid-write. (A handler rather than SIG_IGN: it needs no unsafe
    // code, and a child process such as `git` gets the default back.)
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    match cli.color {
        Color::Auto => {}
        Color::Always => ColorChoice::Always.write_global(),
        Color::Never => ColorChoice::Never.write_global(),
    }
    let result = match cli.command {
        Command::Check {
            files,
            message_format,
            deny,
            refs,
            fix,
            dry_run,
        } => {
            let fix = fix.then_some(if dry_run { Fix::DryRun } else { Fix::Write });
            check(&files, message_format, deny.is_some(), &refs, fix)
        }
        Command::Compile {
            files,
            out,
            target,
            check,
            message_format,
            deny,
        } => compile(&files, out, &target, check, message_format, deny.is_some()),
        Command::Fmt {
            files,
            check,
            write,
        } => fmt(files, check, write),
        Command::Diff {
            old,
            new,
            breaking,
            message_format,
        } => diff(&old, &new, breaking, message_format),
        Command::Import {
            file,
            output,
            force,
            name,
            locale_order,
            columns,
        } => import(
            &file,
            output.as_deref().map(|path| (path, force)),
            errgen::import::Options {
                name,
                locale_order,
                columns,
            },
        ),
        Command::Explain { code, files } => explain(&code, &files),
        Command::Completions { shell } => completions(shell),
        Command::Lsp => errgen::lsp::run()
            .map(|shut_down| ExitCode::from(u8::from(!shut_down)))
            .map_err(|e| Fatal(format!("language server: {e}"))),
    };
    let code = match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            let _ = writeln!(anstream::stderr(), "errgen: error: {message}");
            ExitCode::from(2)
        }
    };
    let _ = stdout().flush();
    match STDOUT_ERROR
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
    {
        None => code,
        // The reader went away (`errgen fmt a | head`): it wanted no more.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(2),
        Some(e) => {
            let _ = writeln!(
                anstream::stderr(),
                "errgen: error: cannot write to standard output: {e}"
            );
            ExitCode::from(2)
        }
    }
}

/// The first error writing standard output (see [`stdout`]).
static STDOUT_ERROR: Mutex<Option<std::io::Error>> = Mutex::new(None);

/// Standard output, where a command's main output goes (a formatted catalog,
/// an imported one, JSON diagnostics, an explanation, a diff). Commands may
/// ignore its write errors: the first is kept, and `main` reports it and
/// exits 2 whatever the command returned, so that `errgen fmt a > t && mv t
/// a` cannot empty a catalog on a full disk. The only way to standard output
/// (clippy.toml disallows `std::io::stdout` elsewhere).
#[allow(clippy::disallowed_methods)]
fn stdout() -> Stdout {
    Stdout(std::io::stdout().lock())
}

struct Stdout(std::io::StdoutLock<'static>);

impl Stdout {
    /// `result`, with its error kept for `main`.
    fn keep<T>(result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            if e.kind() != std::io::ErrorKind::Interrupted {
                STDOUT_ERROR
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Self::keep(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Self::keep(self.0.flush())
    }
}

/// Whether styled output should be produced (anstream strips it again when
/// stderr is not a terminal or NO_COLOR is set).
fn color() -> bool {
    !matches!(ColorChoice::global(), ColorChoice::Never)
}

/// The files a command works on: the arguments, or the catalogs of the
/// project's errgen.yaml, with the options it sets.
struct Inputs {
    workspace: Workspace,
    config: Option<Config>,
}

/// Reads the files, or the catalogs errgen.yaml names; an invalid
/// errgen.yaml is reported as a `config` diagnostic in `format`.
fn load_inputs(files: &[PathBuf], format: MessageFormat) -> Result<Inputs> {
    let mut workspace = Workspace::new();
    if files.iter().filter(|f| *f == Path::new("-")).count() > 1 {
        return Err(Fatal(
            "`-` is given more than once: standard input holds one catalog".to_owned(),
        ));
    }
    // The paths named: the files given, or errgen.yaml's catalogs.
    let (named, config) = if !files.is_empty() {
        (files.to_vec(), None)
    } else {
        let Some(path) = config::discover(Path::new(".")) else {
            return Err(Fatal(format!(
                "no files given and no {} in this folder or above it; name the catalogs to use, e.g. `errgen check api.errors`",
                config::FILE_NAME
            )));
        };
        let path = path.as_path();
        let config = match Config::load(path) {
            Ok(config) => config,
            Err(error) => {
                print_config_error(path, &error, format);
                return Err(Fatal(format!("{} is invalid", path.display())));
            }
        };
        let named = config
            .catalogs
            .iter()
            .map(|c| config.resolve(&c.path))
            .collect();
        (named, Some(config))
    };
    // A file named twice (`errors/*.errors errors/api.errors`) is read
    // once: it is one catalog, not two versions of one, and `fmt --write`
    // or `check --fix` writes it once.
    let mut seen = std::collections::HashSet::new();
    for given in &named {
        // A folder: the catalog files in it (one without any is an error).
        let expanded = errgen::workspace::catalog_files(given).map_err(|e| Fatal(e.to_string()))?;
        for path in &expanded {
            let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if path == Path::new("-") || seen.insert(key) {
                add_file(&mut workspace, path)?;
            }
        }
    }
    Ok(Inputs { workspace, config })
}

fn add_file(workspace: &mut Workspace, path: &Path) -> Result<FileId> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
        return Ok(workspace.add_bytes("<stdin>", None, &bytes));
    }
    workspace
        .add_path(path)
        .map_err(|e| Fatal(format!("cannot read `{}`: {e}", path.display())))
}

/// Renders each problem of an errgen.yaml error as a `config` diagnostic on
/// its line.
fn print_config_error(path: &Path, error: &config::ConfigError, format: MessageFormat) {
    let (text, bom) = config::text_of(path);
    let mut sources = SourceMap::new();
    let file = sources.add(
        SourceFile::new(path.display().to_string(), Some(path.into()), text)
            .after_byte_order_mark(bom),
    );
    let text = &sources.get(file).text;
    print_diagnostics(&error.to_diagnostics(file, text), &sources, format);
}

fn parse_column(spec: &str) -> std::result::Result<errgen::import::ColumnMapping, String> {
    errgen::import::ColumnMapping::parse(spec).map_err(|e| match e {
        errgen::import::ImportError::InvalidColumn(message) => message,
        e => e.to_string(),
    })
}

fn parse_category(name: &str) -> std::result::Result<Category, String> {
    Category::ALL
        .iter()
        .copied()
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            let all: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            format!("categories are {}", all.join(", "))
        })
}

fn parse_target(name: &str) -> std::result::Result<Target, String> {
    Target::lookup(name).map_err(|e| e.to_string())
}

/// What `check --fix` does with the fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fix {
    /// Rewrites the files.
    Write,
    /// Prints the fixes as a unified diff.
    DryRun,
}

fn check(
    files: &[PathBuf],
    format: MessageFormat,
    deny_flag: bool,
    refs: &[PathBuf],
    fix: Option<Fix>,
) -> Result<ExitCode> {
    // `--refs` takes every path that follows it: a catalog written after
    // it (`check --refs src api.errors`) would be scanned as a source, and
    // errgen.yaml's catalogs checked instead of it.
    if let Some(catalog) = refs
        .iter()
        .find(|path| path.extension().is_some_and(|ext| ext == "errors"))
    {
        return Err(Fatal(format!(
            "`{}` is a catalog, but it comes after `--refs`, which takes every path that follows it \
             as a source to scan; name the catalogs before `--refs`: `errgen check {} --refs …`",
            catalog.display(),
            catalog.display()
        )));
    }
    let mut inputs = load_inputs(files, format)?;
    if let Some(mode) = fix {
        inputs.workspace = apply_fixes(&inputs.workspace, mode, format)?;
    }
    let (analysis, _) = analyze_inputs(inputs, format, deny_flag, refs)?;
    if format == MessageFormat::Sarif {
        report_sarif(&analysis, &[]);
    }
    Ok(if analysis.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many times `check --fix` checks, fixes and checks again: a fix can
/// uncover the next (a syntax error hides what follows it).
const FIX_ROUNDS: usize = 8;

/// `check --fix`: the workspace with every machine-applicable suggestion
/// applied (round after round, while any applies), written back to the
/// files (all at once, staged and renamed, as `fmt --write` writes) or
/// printed as a unified diff (on stdout, or on stderr when stdout carries
/// JSON diagnostics). Returns the fixed workspace, for the check that
/// reports what remains.
fn apply_fixes(
    original: &errgen::workspace::Workspace,
    mode: Fix,
    format: MessageFormat,
) -> Result<errgen::workspace::Workspace> {
    let mut fixed = original.clone();
    let mut refused = 0;
    let mut counts = vec![0; original.sources().files().count()];
    for _ in 0..FIX_ROUNDS {
        let analysis = fixed.clone().analyze();
        let mut changed = false;
        refused = 0;
        for (id, source) in analysis.sources.files() {
            let suggestions = errgen::fix::machine_applicable(&analysis.diagnostics, id);
            if suggestions.is_empty() {
                continue;
            }
            let applied = errgen::fix::apply(&source.text, &suggestions);
            refused += applied.refused.len();
            if applied.applied > 0 {
                counts[id.0 as usize] += applied.applied;
                fixed.set_text(id, applied.text);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut stderr = anstream::stderr();
    let mut rewrites = Vec::new();
    for ((id, before), (_, after)) in original.sources().files().zip(fixed.sources().files()) {
        if before.text == after.text {
            continue;
        }
        match mode {
            Fix::DryRun => {
                let diff = unified_diff(&before.name, &before.text, &after.text);
                let _ = match format {
                    MessageFormat::Human => write!(stdout(), "{diff}"),
                    // Standard output carries the machine-readable findings.
                    MessageFormat::Json | MessageFormat::Github | MessageFormat::Sarif => {
                        write!(stderr, "{diff}")
                    }
                };
            }
            Fix::Write => {
                let Some(path) = &after.path else {
                    return Err(Fatal(format!(
                        "`{}` has fixes, but --fix rewrites files and standard input is none; \
                         add --dry-run to see them",
                        after.name
                    )));
                };
                // The file as it is now: unchanged since it was read, and
                // with its byte-order mark kept.
                let bytes = std::fs::read(path)
                    .map_err(|e| Fatal(format!("cannot read `{}`: {e}", path.display())))?;
                if errgen::source::decode(&bytes).ok().as_deref() != Some(before.text.as_str()) {
                    return Err(Fatal(format!(
                        "`{}` changed while errgen fixed it; nothing was written",
                        path.display()
                    )));
                }
                let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
                    "\u{FEFF}"
                } else {
                    ""
                };
                rewrites.push((path.clone(), format!("{bom}{}", after.text)));
            }
        }
        let verb = if mode == Fix::Write {
            "applied"
        } else {
            "would apply"
        };
        let n = counts[id.0 as usize];
        let noun = if n == 1 { "fix" } else { "fixes" };
        let _ = writeln!(stderr, "errgen: {verb} {n} {noun} to `{}`", after.name);
    }
    let written = rewrites.len();
    write_in_place(rewrites)?;
    if written == 0 && mode == Fix::Write {
        let _ = writeln!(stderr, "errgen: no machine-applicable fixes");
    }
    if refused > 0 {
        let _ = writeln!(
            stderr,
            "errgen: {refused} fix(es) not applied: they overlap another fix of the same text"
        );
    }
    Ok(fixed)
}

/// A unified diff of a file's text before and after (fixes, formatting),
/// with three lines of context: `--- a/NAME`, `+++ b/NAME`, hunks. By
/// patience diff (as `git diff --patience`): lines that occur once on each
/// side anchor the rest, which reads well on a catalog (every entry's code
/// is such a line) and kept `fmt --check` of a 100k-entry catalog with
/// 20,000 changed lines at 0.85 s, where Myers's took 3.0 s.
fn unified_diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Loads, analyzes and reports: the shared front half of `check` and `compile`.
fn analyze(
    files: &[PathBuf],
    format: MessageFormat,
    deny_flag: bool,
    refs: &[PathBuf],
) -> Result<(Kept<Analysis>, Option<Config>)> {
    analyze_inputs(load_inputs(files, format)?, format, deny_flag, refs)
}

/// What a command analyzed (its catalogs, the versions it compares), kept
/// to the end of the process: a command ends the process once it is done
/// with them, and handing the catalogs back to the allocator one string at
/// a time would only delay the exit (70 ms at 100k entries; the memory goes
/// back with the process).
type Kept<T> = std::mem::ManuallyDrop<T>;

/// [`analyze`] of inputs already loaded.
fn analyze_inputs(
    inputs: Inputs,
    format: MessageFormat,
    deny_flag: bool,
    refs: &[PathBuf],
) -> Result<(Kept<Analysis>, Option<Config>)> {
    let Inputs { workspace, config } = inputs;
    let mut analysis = workspace.analyze();
    // The catalogs checked: the baseline's versions and the `--refs` files
    // with findings join `sources` below, but were not checked.
    let checked = analysis.sources.files().count();
    if let Some(config) = &config {
        compare_with_baseline(config, &mut analysis)?;
    }
    if !refs.is_empty() {
        check_refs(&mut analysis, refs)?;
    }
    match &config {
        Some(config) => config.check.judge(&mut analysis.diagnostics, deny_flag),
        None => config::CheckOptions::default().judge(&mut analysis.diagnostics, deny_flag),
    }
    // A SARIF log is one document: `compile` prints it once it knows
    // whether the catalogs' files clash (`report_sarif`).
    if format != MessageFormat::Sarif {
        report(&analysis, checked, format);
    }
    Ok((Kept::new(analysis), config))
}

/// `check --refs`: the diagnostics of the source files under `refs` join
/// the catalogs' (and go through the same `allow` and `--deny`); skipped
/// files are noted on stderr.
fn check_refs(analysis: &mut Analysis, refs: &[PathBuf]) -> Result<()> {
    let (found, skipped, scanned) =
        errgen::refs::check_paths(&analysis.catalogs, &mut analysis.sources, refs)
            .map_err(Fatal)?;
    let mut stderr = anstream::stderr();
    for skip in &skipped {
        let _ = writeln!(
            stderr,
            "errgen: note: skipped `{}`: {}",
            skip.name, skip.reason
        );
    }
    // The closing summary counts the files it shows; this says how many
    // were read for references.
    let noun = if scanned == 1 { "file" } else { "files" };
    let _ = writeln!(
        stderr,
        "errgen: scanned {scanned} source {noun} for code references"
    );
    let mut found = found;
    if scanned == 0 {
        // Every code would be "used by no scanned file": say why instead.
        found.retain(|d| d.rule != errgen::diagnostic::Rule::UnusedCode);
        let extensions: Vec<String> = errgen::refs::EXTENSIONS
            .iter()
            .map(|(e, _)| format!(".{e}"))
            .collect();
        let _ = writeln!(
            stderr,
            "errgen: warning: --refs found no file to scan (folders are searched for \
             {} files; name a file to scan it whatever its extension); \
             unused codes are not reported",
            extensions.join(" ")
        );
    }
    analysis.diagnostics.extend(found);
    errgen::diagnostic::sort(&mut analysis.diagnostics);
    Ok(())
}

/// `version-bump` against `check.baseline` of errgen.yaml (a folder of
/// `.errors` files, or one file): its catalogs join the source map so that
/// the warnings can point at the previous versions; the catalogs of the
/// workspace that have errors are not compared.
fn compare_with_baseline(config: &Config, analysis: &mut Analysis) -> Result<()> {
    if config.check.baseline.is_none() {
        return Ok(());
    }
    let files = config
        .baseline_files()
        .map_err(|e| Fatal(format!("the baseline: {e}")))?;
    let mut released = Kept::new(Vec::new());
    for file in files {
        let bytes = std::fs::read(&file)
            .map_err(|e| Fatal(format!("cannot read `{}`: {e}", file.display())))?;
        let name = file.display().to_string();
        released.push(load_version(
            &mut analysis.sources,
            &name,
            Some(file),
            &bytes,
        )?);
    }
    let broken: Vec<FileId> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.primary.span.file)
        .collect();
    let current: Vec<&errgen::ir::Catalog> = analysis
        .catalogs
        .iter()
        .filter(|c| !broken.contains(&c.file))
        .collect();
    let found = errgen::diff::against_baseline(&current, &released);
    analysis.diagnostics.extend(found);
    errgen::diagnostic::sort(&mut analysis.diagnostics);
    Ok(())
}

fn compile(
    files: &[PathBuf],
    out: Option<PathBuf>,
    targets: &[Target],
    check: bool,
    format: MessageFormat,
    deny: bool,
) -> Result<ExitCode> {
    let (analysis, config) = analyze(files, format, deny, &[])?;
    if analysis.has_errors() {
        if format == MessageFormat::Sarif {
            report_sarif(&analysis, &[]);
        }
        let _ = writeln!(anstream::stderr(), "errgen: nothing was generated");
        return Ok(ExitCode::from(1));
    }
    // The request: the targets asked for (`--target`, else errgen.yaml's,
    // else all), each into `--out DIR/<target>`, errgen.yaml's `out` or
    // `generated/<target>`, with errgen.yaml's options.
    let configured: Vec<(&str, &config::TargetConfig)> = config
        .as_ref()
        .map_or_else(Vec::new, |c| c.targets.iter().collect());
    let wanted: Vec<Target> = if !targets.is_empty() {
        targets.to_vec()
    } else if !configured.is_empty() {
        let mut wanted = Vec::new();
        for (name, _) in &configured {
            wanted.push(
                Target::lookup(name)
                    .map_err(|e| Fatal(format!("errgen.yaml configures target `{name}`: {e}")))?,
            );
        }
        wanted
    } else {
        Target::ALL.to_vec()
    };
    let mut request = CompileRequest {
        check,
        ..CompileRequest::default()
    };
    if let Some(c) = &config {
        request.skip = c
            .catalog_files()
            .into_iter()
            .filter_map(|(f, generate)| (!generate).then_some(f))
            .collect();
    }
    for target in wanted {
        let target_config = configured
            .iter()
            .find(|(n, _)| *n == target.name())
            .map(|(_, t)| *t);
        let folder = match (&out, target_config, &config) {
            (Some(dir), _, _) => OutputFolder::inside(dir, target.name()),
            // The text of `out` is checked when errgen.yaml loads; a folder
            // on the way may still be a link.
            (None, Some(t), Some(c)) => OutputFolder::inside(&c.base_dir, &t.out),
            // A target errgen.yaml does not configure (`--target md`, or a
            // file without `targets`) goes to `generated/<target>` in the
            // project's folder, as every path of errgen.yaml does: not into
            // the folder errgen runs in.
            (None, None, Some(c)) => {
                OutputFolder::inside(&c.base_dir, Path::new("generated").join(target.name()))
            }
            (None, _, None) => OutputFolder::inside("generated", target.name()),
        };
        let mut wanted = TargetRequest::new(target, folder);
        for (key, value) in target_config.map(|t| t.options()).unwrap_or_default() {
            wanted
                .option(key, value)
                .map_err(|e| Fatal(format!("{}: {e}", config::FILE_NAME)))?;
        }
        request.targets.push(wanted);
    }

    let report = match errgen::compile(&analysis, &request) {
        Ok(report) => report,
        Err(CompileError::Clash(clashes)) => {
            // Every target names its files after the catalog: a clash once is enough.
            let clash = &clashes[..clashes.len().min(1)];
            if format == MessageFormat::Sarif {
                report_sarif(&analysis, clash);
            }
            if let Some(clash) = clash.first() {
                let _ = match format {
                    MessageFormat::Json => {
                        writeln!(stdout(), "{}", render::json(clash, &analysis.sources))
                    }
                    MessageFormat::Github => {
                        writeln!(stdout(), "{}", render::github(clash, &analysis.sources))
                    }
                    MessageFormat::Sarif => Ok(()),
                    MessageFormat::Human => write!(
                        anstream::stderr(),
                        "{}\n\n",
                        render::human(clash, &analysis.sources, color())
                    ),
                };
            }
            let _ = writeln!(anstream::stderr(), "errgen: nothing was generated");
            return Ok(ExitCode::from(1));
        }
        Err(error) => {
            // A folder errgen.yaml names: say which `out` to change. (One it
            // does not name, `generated/<target>`, gets the plain error.)
            if let (CompileError::FolderThroughLink { folder, link, .. }, None, Some(c)) =
                (&error, &out, &config)
            {
                if let Some((name, _)) = configured.iter().find(|(_, t)| c.out_dir(t) == *folder) {
                    return Err(Fatal(format!(
                        "refusing to write into `{}`: `{}` is a symbolic link, which could lead out of the project; \
                         make the folders of `targets.{name}.out` in {} real folders",
                        folder.display(),
                        link.display(),
                        config::FILE_NAME
                    )));
                }
            }
            return Err(Fatal(error.to_string()));
        }
    };
    if format == MessageFormat::Sarif {
        report_sarif(&analysis, &[]);
    }
    let mut stderr = anstream::stderr();
    // A stale file is one `compile` leaves alone: it is reported apart
    // from what `compile` would rewrite, with what removes it.
    let stale: Vec<&PathBuf> = report.targets.iter().flat_map(|t| &t.stale).collect();
    let report_stale = |stderr: &mut dyn Write| {
        for path in &stale {
            let _ = writeln!(
                stderr,
                "note: {} is no longer generated by any catalog; delete it if nothing uses it",
                path.display()
            );
        }
    };
    if check {
        let changed: Vec<&PathBuf> = report
            .drifted
            .iter()
            .filter(|p| !stale.contains(p))
            .collect();
        for path in &changed {
            // A file never written (or deleted, or not checked in) is not
            // "out of date": say which, so that CI's log names the fix.
            let state = if std::fs::symlink_metadata(path).is_ok() {
                "out of date"
            } else {
                "missing"
            };
            let _ = writeln!(stderr, "{state}: {}", path.display());
        }
        report_stale(&mut stderr);
        if !changed.is_empty() {
            let _ = writeln!(
                stderr,
                "errgen: {} generated file(s) differ from the catalogs; run `errgen compile`",
                changed.len()
            );
        }
        if !stale.is_empty() {
            let _ = writeln!(
                stderr,
                "errgen: {} file(s) in the output folders are no longer generated; \
                 `errgen compile` leaves them, delete them",
                stale.len()
            );
        }
        return Ok(if report.drifted.is_empty() {
            let _ = writeln!(stderr, "errgen: generated files are up to date");
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    report_stale(&mut stderr);
    for target in &report.targets {
        let _ = writeln!(
            stderr,
            "errgen: {} → {}: {} file(s)",
            target.target,
            target.folder.display(),
            target.files.len()
        );
    }
    let _ = writeln!(
        stderr,
        "errgen: wrote {} file(s), {} already up to date",
        report.written.len(),
        report.unchanged.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints diagnostics in `format`: JSON or GitHub lines, or one SARIF log,
/// on stdout; for people, rustc-style text on stderr.
fn print_diagnostics(diagnostics: &[Diagnostic], sources: &SourceMap, format: MessageFormat) {
    match format {
        MessageFormat::Json => {
            let mut stdout = stdout();
            for d in diagnostics {
                let _ = writeln!(stdout, "{}", render::json(d, sources));
            }
        }
        MessageFormat::Github => {
            let mut stdout = stdout();
            for d in diagnostics {
                let _ = writeln!(stdout, "{}", render::github(d, sources));
            }
        }
        MessageFormat::Sarif => {
            let _ = writeln!(stdout(), "{}", render::sarif(diagnostics, sources));
        }
        MessageFormat::Human => {
            let mut stderr = anstream::stderr().lock();
            for d in diagnostics {
                let _ = write!(stderr, "{}\n\n", render::human(d, sources, color()));
            }
        }
    }
}

/// Prints diagnostics and, for people, the closing summary (`files`: how
/// many catalog files were checked).
fn report(analysis: &Analysis, files: usize, format: MessageFormat) {
    print_diagnostics(&analysis.diagnostics, &analysis.sources, format);
    if format == MessageFormat::Human {
        let mut stderr = anstream::stderr().lock();
        let noun = if files == 1 { "file" } else { "files" };
        let _ = match render::summary(&analysis.diagnostics) {
            Some(summary) => writeln!(stderr, "errgen: checked {files} {noun}: {summary}"),
            None => writeln!(stderr, "errgen: checked {files} {noun}: no problems"),
        };
    }
}

/// Prints the SARIF log of the analysis's diagnostics and `more`.
fn report_sarif(analysis: &Analysis, more: &[Diagnostic]) {
    let all: Vec<Diagnostic> = analysis.diagnostics.iter().chain(more).cloned().collect();
    print_diagnostics(&all, &analysis.sources, MessageFormat::Sarif);
}

fn fmt(files: Vec<PathBuf>, check: bool, write: bool) -> Result<ExitCode> {
    let Inputs { workspace, .. } = load_inputs(&files, MessageFormat::Human)?;
    // Formatting needs the syntax tree only. Files that did not decode or
    // parse get their diagnostic and are left as they are.
    let analysis = workspace.parse();
    let mut failed = !analysis.diagnostics.is_empty();
    for d in &analysis.diagnostics {
        let _ = write!(
            anstream::stderr(),
            "{}\n\n",
            render::human(d, &analysis.sources, color())
        );
    }
    let mut unformatted = Vec::new();
    let mut rewrites = Vec::new();
    let mut stdout = stdout();
    for (id, file) in &analysis.files {
        let source = analysis.sources.get(*id);
        let formatted = errgen::fmt::format(file, &source.text);
        // The byte-order mark is kept, as `check --fix` keeps it: `--check`
        // does not count it as unformatted.
        let bom = if source.has_byte_order_mark() {
            "\u{FEFF}"
        } else {
            ""
        };
        match (&source.path, check, write) {
            (_, true, _) => {
                if formatted != source.text {
                    let _ = write!(
                        stdout,
                        "{}",
                        unified_diff(&source.name, &source.text, &formatted)
                    );
                    unformatted.push(source.name.clone());
                }
            }
            (Some(path), _, true) => {
                if formatted != source.text {
                    rewrites.push((path.clone(), format!("{bom}{formatted}")));
                }
            }
            _ => {
                let _ = stdout.write_all(bom.as_bytes());
                let _ = stdout.write_all(formatted.as_bytes());
            }
        }
    }
    write_in_place(rewrites)?;
    if !unformatted.is_empty() {
        let mut stderr = anstream::stderr();
        for name in &unformatted {
            let _ = writeln!(stderr, "not formatted: {name}");
        }
        let _ = writeln!(stderr, "errgen: run `errgen fmt --write` to format them");
        failed = true;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes catalogs (`fmt --write`, `check --fix`, `import --output`), all or nothing, the
/// way `compile` writes its output (each catalog's folder is the output
/// folder of its file).
fn write_in_place(rewrites: Vec<(PathBuf, String)>) -> Result<()> {
    let mut by_folder: std::collections::BTreeMap<PathBuf, Vec<PlannedFile>> = Default::default();
    for (path, content) in rewrites {
        // A catalog named through a symbolic link (one shared between
        // projects) is rewritten where the link points, and the link kept,
        // as other formatters do: the user named the file through it.
        let path = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                std::fs::canonicalize(&path).unwrap_or(path)
            }
            _ => path,
        };
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path.file_name().unwrap_or_default();
        let file = errgen::generate::GeneratedFile {
            path: name.into(),
            content,
        };
        by_folder
            .entry(folder.to_path_buf())
            .or_default()
            .push(file.into());
    }
    let plans: Vec<(&Path, &[PlannedFile])> = by_folder
        .iter()
        .map(|(folder, files)| (folder.as_path(), files.as_slice()))
        .collect();
    errgen::output::write_all(&plans).map_err(|e| Fatal(e.to_string()))?;
    Ok(())
}

/// One catalog file of a version: its name in messages, its path on disk
/// (not for standard input or git), its bytes.
type VersionFile = (String, Option<PathBuf>, Vec<u8>);

/// What a version named on the command line holds: one catalog file (a
/// file, `-`, `git:REF:path` of a file), or a folder's catalog files (a
/// folder, or `git:REF:path` of a tree).
enum Version {
    One(VersionFile),
    Folder(Vec<VersionFile>),
}

/// Reads the version `spec` names.
fn read_version(spec: &str) -> Result<Version> {
    if let Some(rest) = spec.strip_prefix("git:") {
        let Some((reference, path)) = rest.split_once(':') else {
            return Err(Fatal(format!(
                "`{spec}`: write `git:REF:path`, e.g. `git:HEAD~1:errors/api.errors`"
            )));
        };
        // A revision is never an option: `--output=FILE` would make git
        // write FILE. `--end-of-options` keeps git from reading one anyway.
        if reference.starts_with('-') {
            return Err(Fatal(format!(
                "`{spec}`: a git revision cannot start with `-`; write `git:REF:path`, e.g. `git:HEAD~1:errors/api.errors`"
            )));
        }
        let object = format!("{reference}:{path}");
        let git = |args: &[&str]| -> Result<Vec<u8>> {
            let output = std::process::Command::new("git")
                .args(args)
                .output()
                .map_err(|e| Fatal(format!("cannot run git for `{spec}`: {e}")))?;
            if !output.status.success() {
                let why = String::from_utf8_lossy(&output.stderr);
                return Err(Fatal(format!("git cannot read `{spec}`: {}", why.trim())));
            }
            Ok(output.stdout)
        };
        let kind = git(&["cat-file", "-t", "--end-of-options", &object])?;
        if kind.trim_ascii() != b"tree" {
            let bytes = git(&["show", "--end-of-options", &object])?;
            return Ok(Version::One((spec.to_owned(), None, bytes)));
        }
        // A folder at that revision: its catalog files (`<mode> blob
        // <id>\t<name>` lines), as `catalog_files_in` reads one on disk.
        let listing = git(&["ls-tree", "--end-of-options", &object])?;
        let mut files = Vec::new();
        for line in String::from_utf8_lossy(&listing).lines() {
            let Some((meta, name)) = line.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (Some(_), Some("blob"), Some(id)) = (meta.next(), meta.next(), meta.next()) else {
                continue;
            };
            if name.ends_with(".errors") {
                let bytes = git(&["cat-file", "blob", id])?;
                let shown = format!("git:{reference}:{}/{name}", path.trim_end_matches('/'));
                files.push((shown, None, bytes));
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        return Ok(Version::Folder(files));
    }
    if spec == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
        return Ok(Version::One((spec.to_owned(), None, bytes)));
    }
    let read = |path: &Path| {
        std::fs::read(path).map_err(|e| Fatal(format!("cannot read `{}`: {e}", path.display())))
    };
    if Path::new(spec).is_dir() {
        let mut files = Vec::new();
        for file in errgen::workspace::catalog_files_in(Path::new(spec))
            .map_err(|e| Fatal(e.to_string()))?
        {
            let bytes = read(&file)?;
            files.push((file.display().to_string(), Some(file), bytes));
        }
        return Ok(Version::Folder(files));
    }
    let bytes = read(Path::new(spec))?;
    Ok(Version::One((
        spec.to_owned(),
        Some(PathBuf::from(spec)),
        bytes,
    )))
}

/// One version of a catalog to compare with another (`errgen diff`, the
/// baseline of `errgen check`), added to `sources` so that changes and
/// diagnostics can point into it: checked on its own, and refused with its
/// errors printed when it has any.
fn load_version(
    sources: &mut SourceMap,
    name: &str,
    path: Option<PathBuf>,
    bytes: &[u8],
) -> Result<errgen::ir::Catalog> {
    let text = errgen::source::decode(bytes).map_err(|_| {
        Fatal(format!(
            "`{name}` is not UTF-8 text; run `errgen check` on it for details"
        ))
    })?;
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let file = sources.add(SourceFile::new(name, path, text).after_byte_order_mark(bom));
    let sources: &SourceMap = sources;
    // Parsed and lowered at once, on the cores, as a workspace's files are.
    let lowered = errgen::ir::parse_and_lower(file, &sources.get(file).text);
    let (catalog, mut diagnostics) = lowered.map_err(|d| {
        let _ = write!(
            anstream::stderr(),
            "{}\n\n",
            render::human(&d, sources, color())
        );
        Fatal(format!("cannot compare: `{name}` does not parse"))
    })?;
    diagnostics.extend(errgen::check::check(
        std::slice::from_ref(&catalog),
        sources,
    ));
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        for d in errors {
            let _ = write!(
                anstream::stderr(),
                "{}\n\n",
                render::human(d, sources, color())
            );
        }
        return Err(Fatal(format!(
            "cannot compare: `{name}` has errors (see `errgen check`)"
        )));
    }
    Ok(catalog)
}

/// `errgen diff`: every change as a diagnostic of its change rule; with
/// `--breaking`, the breaking ones of the categories asked for become
/// errors, and any error fails the diff.
fn diff(
    old: &str,
    new: &str,
    breaking: Option<Vec<Category>>,
    format: MessageFormat,
) -> Result<ExitCode> {
    // Each version is checked on its own (they are not one workspace), but
    // both live in one source map so that changes can point into either.
    if old == "-" && new == "-" {
        return Err(Fatal(
            "both versions are `-`: standard input gives one; give the other as a file or `git:REF:path`".to_owned(),
        ));
    }
    let mut sources = SourceMap::new();
    let versions = [read_version(old)?, read_version(new)?];
    let (mut changes, bumps) = match versions {
        // Two workspaces: every catalog of each folder.
        [Version::Folder(was), Version::Folder(now)] => {
            let mut sides = Kept::new(Vec::new());
            for files in [was, now] {
                let mut catalogs = Vec::with_capacity(files.len());
                for (name, path, bytes) in files {
                    catalogs.push(load_version(&mut sources, &name, path, &bytes)?);
                }
                sides.push(catalogs);
            }
            let found = errgen::diff::diff_workspaces(&sides[0], &sides[1]);
            (found.changes, found.bumps)
        }
        [Version::One(was), Version::One(now)] => {
            let mut catalogs = Kept::new(Vec::new());
            for (name, path, bytes) in [was, now] {
                catalogs.push(load_version(&mut sources, &name, path, &bytes)?);
            }
            let changes = errgen::diff::diff(&catalogs[0], &catalogs[1]);
            // `version-bump`: the one diagnostic of the catalog a diff gives.
            let bump = errgen::diff::version_bump(&catalogs[0], &catalogs[1], &changes);
            (changes, bump.into_iter().collect())
        }
        [first, _] => {
            let (folder, file) = match first {
                Version::Folder(_) => (old, new),
                Version::One(_) => (new, old),
            };
            return Err(Fatal(format!(
                "`{folder}` is a folder and `{file}` is not: compare two catalog files, or two \
                 folders of catalogs (each catalog with its version in the other)"
            )));
        }
    };
    // `--breaking` alone: every category.
    let selected: Vec<Category> = match &breaking {
        Some(list) if !list.is_empty() => list.clone(),
        Some(_) => Category::ALL.to_vec(),
        None => Vec::new(),
    };
    for d in &mut changes {
        if d.rule.is_breaking()
            && d.rule
                .change_category()
                .is_some_and(|c| selected.contains(&c))
        {
            d.severity = Severity::Error;
        }
    }
    let mut stdout = stdout();
    for change in &changes {
        let _ = match format {
            MessageFormat::Json => writeln!(stdout, "{}", render::json(change, &sources)),
            MessageFormat::Github => writeln!(stdout, "{}", render::github(change, &sources)),
            MessageFormat::Human => writeln!(stdout, "{}\n", errgen::diff::human(change, &sources)),
            // One document, once the version bump is known (below).
            MessageFormat::Sarif => Ok(()),
        };
    }
    // `version-bump`, after the changes.
    for d in &bumps {
        let _ = match format {
            MessageFormat::Json => writeln!(stdout, "{}", render::json(d, &sources)),
            MessageFormat::Github => writeln!(stdout, "{}", render::github(d, &sources)),
            MessageFormat::Human => write!(
                anstream::stderr(),
                "{}\n\n",
                render::human(d, &sources, color())
            ),
            MessageFormat::Sarif => Ok(()),
        };
    }
    if format == MessageFormat::Sarif {
        let all: Vec<Diagnostic> = changes.iter().chain(&bumps).cloned().collect();
        let _ = writeln!(stdout, "{}", render::sarif(&all, &sources));
    }
    let broken = changes.iter().filter(|c| c.rule.is_breaking()).count();
    let failing = changes.iter().filter(|c| c.is_error()).count();
    if format == MessageFormat::Human {
        let mut stderr = anstream::stderr();
        let _ = writeln!(
            stderr,
            "errgen: {broken} breaking and {} safe change(s) from `{old}` to `{new}`",
            changes.len() - broken
        );
        if breaking.is_some() && selected.len() < Category::ALL.len() {
            let names: Vec<&str> = selected.iter().map(|c| c.name()).collect();
            let _ = writeln!(
                stderr,
                "errgen: {failing} of them breaking in the categories asked for ({})",
                names.join(", ")
            );
        }
    }
    Ok(if failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `errgen completions SHELL`: the shell's completion script on stdout.
fn completions(shell: Shell) -> Result<ExitCode> {
    use clap_complete::shells;
    let mut command = Cli::command();
    // Into memory first: clap_complete panics on a failed write, and a
    // failed write of stdout is exit 2 (see `stdout`).
    let mut script = Vec::new();
    match shell {
        Shell::Bash => clap_complete::generate(shells::Bash, &mut command, "errgen", &mut script),
        Shell::Zsh => clap_complete::generate(shells::Zsh, &mut command, "errgen", &mut script),
        Shell::Fish => clap_complete::generate(shells::Fish, &mut command, "errgen", &mut script),
        Shell::Powershell => {
            clap_complete::generate(shells::PowerShell, &mut command, "errgen", &mut script)
        }
    }
    let _ = stdout().write_all(&script);
    Ok(ExitCode::SUCCESS)
}

/// `errgen import`: the catalog on stdout or into the `--output` file
/// (`output`, with whether `--force` lets it replace an existing one), what
/// could not be mapped on stderr.
fn import(
    file: &Path,
    output: Option<(&Path, bool)>,
    options: errgen::import::Options,
) -> Result<ExitCode> {
    if let Some((path, force)) = output {
        // Refused before the document is read: nothing is written, and the
        // mistake shows at once.
        if path.is_dir() {
            return Err(Fatal(format!(
                "`{}` is a folder; name the catalog file to write, e.g. `{}`",
                path.display(),
                path.join("imported.errors").display()
            )));
        }
        if !force && std::fs::symlink_metadata(path).is_ok() {
            return Err(Fatal(format!(
                "`{}` exists; pass `--force` to replace it (what was edited in it is lost), or name another file",
                path.display()
            )));
        }
    }
    let (display, bytes) = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_owned(), bytes)
    } else {
        let bytes = std::fs::read(file)
            .map_err(|e| Fatal(format!("cannot read `{}`: {e}", file.display())))?;
        (file.display().to_string(), bytes)
    };
    let imported =
        errgen::import::import(&display, &bytes, &options).map_err(|e| Fatal(e.to_string()))?;
    let mut stderr = anstream::stderr();
    for note in &imported.notes {
        let _ = writeln!(stderr, "{}", imported.short(note, &display));
    }
    match output {
        None => {
            let _ = stdout().write_all(imported.text.as_bytes());
        }
        Some((path, _)) => {
            write_in_place(vec![(path.to_path_buf(), imported.text)])?;
            let _ = writeln!(
                stderr,
                "errgen: wrote `{0}`; run `errgen check {0}` next",
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(code: &str, files: &[PathBuf]) -> Result<ExitCode> {
    if let Some(rule) = Rule::lookup(code) {
        let _ = write!(stdout(), "{}", rule.explanation());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(target) = Target::from_name(code) {
        let _ = write!(stdout(), "{}", target.explanation());
        return Ok(ExitCode::SUCCESS);
    }
    let names = Rule::ALL.iter().map(|r| r.name());
    let hint = match errgen::suggest::closest(code, names) {
        Some(near) => format!("; did you mean `{near}`?"),
        None => "; rules are E0001…, W0008… or names like `malformed-code`".to_owned(),
    };
    // Not a rule: look for a catalog code in the files, or in the project's.
    let searched = if !files.is_empty() {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        names.join(", ")
    } else if let Some(path) = config::discover(Path::new(".")) {
        format!("the catalogs in {}", path.display())
    } else {
        return Err(Fatal(format!(
            "`{code}` is not a rule, and there is no {name} in this folder or above it to look catalog codes up in; \
             name the catalogs, e.g. `errgen explain {code} api.errors`{hint}",
            name = config::FILE_NAME
        )));
    };
    let Inputs { workspace, .. } = load_inputs(files, MessageFormat::Human)?;
    let analysis = workspace.analyze();
    for catalog in &analysis.catalogs {
        if let Some(entry) = catalog.entries.iter().find(|e| e.code.to_string() == code) {
            let _ = write!(stdout(), "{}", catalog.describe(entry));
            return Ok(ExitCode::SUCCESS);
        }
        let aliased = catalog.entries.iter().find_map(|e| {
            let alias = e.aliases.iter().find(|a| a.code.to_string() == code)?;
            Some((e, alias))
        });
        if let Some((entry, alias)) = aliased {
            let why = alias
                .reason
                .as_ref()
                .map_or(String::new(), |r| format!(" ({r})"));
            let _ = write!(
                stdout(),
                "`{code}` is an alias of `{}`{why}.\n\n{}",
                entry.code,
                catalog.describe(entry)
            );
            return Ok(ExitCode::SUCCESS);
        }
    }
    // An entry's name, in any of the forms the targets give it
    // (`sdk_license_not_uploaded`, `SdkLicenseNotUploaded`, …): every
    // catalog's entry of that name.
    let named: Vec<String> = analysis
        .catalogs
        .iter()
        .flat_map(|catalog| {
            catalog
                .entries
                .iter()
                .filter(|e| {
                    e.name.original() == code
                        || e.name.forms().iter().any(|(form, _)| *form == code)
                })
                .map(move |e| {
                    format!(
                        "`{code}` is the name of `{}`.\n\n{}",
                        e.code,
                        catalog.describe(e)
                    )
                })
        })
        .collect();
    if !named.is_empty() {
        let _ = write!(stdout(), "{}", named.join("\n"));
        return Ok(ExitCode::SUCCESS);
    }
    // A code or name written a little otherwise (`optverse_12080002`).
    let known: Vec<String> = analysis
        .catalogs
        .iter()
        .flat_map(|c| &c.entries)
        .flat_map(|e| {
            let aliases = e.aliases.iter().map(|a| a.code.to_string());
            [e.code.to_string(), e.name.original().to_owned()]
                .into_iter()
                .chain(aliases)
        })
        .collect();
    // Or a code's number alone (`12080002` for `OptVerse_12080002`).
    let number = || {
        (code.len() >= 3 && code.bytes().all(|b| b.is_ascii_digit()))
            .then(|| known.iter().find(|k| k.ends_with(code) && *k != code))
            .flatten()
            .map(String::as_str)
    };
    let hint =
        match errgen::suggest::closest(code, known.iter().map(String::as_str)).or_else(number) {
            Some(near) => format!("; did you mean `{near}`?"),
            None => hint,
        };
    Err(Fatal(format!(
        "`{code}` is neither a rule nor a code or entry name of {searched}{hint}"
    )))
}
