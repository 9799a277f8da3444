//! `cargo bench --bench compile`: speed and memory of errgen on synthetic
//! catalogs of 1,000, 10,000 and 100,000 entries.
//!
//! The catalogs are generated deterministically (a fixed-seed generator) and
//! written to `target/bench/`. For each size the bench measures, in process,
//! parse, lower, both at once (`parse_and_lower`, as `compile` does), check
//! and each target's generation, then spawns the release `errgen compile`
//! binary (the four targets of the budget, [`BUDGET_TARGETS`]; then every
//! target, into a fresh folder, again into the folder it filled, and as
//! `compile --check` against it) for the whole process's wall time, peak
//! RSS and CPU time (with the CPU time over the cores: the wall time it
//! could reach with every core busy), and for comparison `errgen check` and
//! `errgen compile --target ir` alone; then CI's other commands, `errgen
//! fmt --check` (of the catalog in canonical form) and `errgen diff` (of a
//! version with one message changed and the catalog). Every figure is the
//! median of several runs. See BENCHMARKS.md for the figures and the
//! targets.
//!
//! Peak RSS is measured without extra dependencies: the bench re-executes
//! itself as a small wrapper (`common::run_measured`) that spawns errgen,
//! waits for it and reads `getrusage(RUSAGE_CHILDREN)` (`ru_maxrss`, and
//! `ru_utime` + `ru_stime` for the CPU time) — exact
//! for its one child, on Linux. The catalogs are `common::synthetic`'s,
//! shared with `benches/downstream.rs`.
//!
//! With the 1,000-entry size, a workspace of 50 such catalogs (other names
//! and codes) is checked and compiled to every target too.
//!
//! `ERRGEN_BENCH_SIZES=1000,10000` limits the sizes;
//! `ERRGEN_BENCH_RUNS=N` sets the number of runs per figure.
//! `ERRGEN_BENCH_REFERENCE=PATH` names another errgen binary (e.g. a release
//! build of `main`): the whole-process compile then runs with both, one run
//! of each in turn, and the table gives the reference's figures and the
//! ratio, so that a change is measured against its reference under the same
//! load.

mod common;

use errgen::generate::{Options, Target};
use errgen::source::{FileId, SourceFile, SourceMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The allocator the errgen binary uses, so that in-process figures are
/// comparable with the process's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The targets measured in process: every target of the registry (the
/// whole-process compile below keeps the four it has always measured, so
/// that its figures stay comparable; the IR's process is measured alone).
const TARGETS: &[Target] = Target::ALL;

/// The targets errgen's 100k budget was first set on, which the
/// whole-process compile measures (then every target beside them).
const BUDGET_TARGETS: &str = "rust,ts,openapi,md";

fn main() -> ExitCode {
    if common::is_wrapper() {
        return common::wrap();
    }
    // `cargo bench` passes `--bench`; ignore every argument.
    let sizes = common::sizes(&[1_000, 10_000, 100_000]);
    let runs_override: Option<usize> = std::env::var("ERRGEN_BENCH_RUNS")
        .ok()
        .map(|n| n.parse().expect("a number of runs"));
    let dir = common::bench_dir();
    std::fs::create_dir_all(&dir).expect("create target/bench");

    let mut rows = Vec::new();
    for &n in &sizes {
        let text = common::synthetic(n);
        let path = dir.join(format!("synthetic-{n}.errors"));
        std::fs::write(&path, &text).expect("write the catalog");
        let runs = runs_override.unwrap_or(match n {
            0..=5_000 => 21,
            5_001..=50_000 => 11,
            _ => 5,
        });
        eprintln!(
            "bench: {n} entries ({:.1} MB), {runs} runs",
            text.len() as f64 / 1e6
        );
        rows.push(measure(n, &text, &path, runs));
    }
    print!("{}", table(&rows));
    if let Some(&n) = sizes.iter().find(|&&n| n <= 1_000) {
        print!(
            "{}",
            workspace(WORKSPACE_CATALOGS, n, runs_override.unwrap_or(11))
        );
    }
    ExitCode::SUCCESS
}

/// Every target of the registry, as `--target` takes them.
fn every_target() -> String {
    TARGETS
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(",")
}

/// How many catalogs the workspace measure holds.
const WORKSPACE_CATALOGS: usize = 50;

/// A workspace of `count` catalogs of `n` entries (the synthetic catalog
/// under other names and codes), as a company's may be: `check` and
/// `compile` to every target of all of them at once.
fn workspace(count: usize, n: usize, runs: usize) -> String {
    let dir = common::bench_dir().join(format!("workspace-{count}x{n}"));
    common::workspace(&dir, count, n, false);
    eprintln!("bench: a workspace of {count} catalogs of {n} entries, {runs} runs");
    let every_target = every_target();
    let check = process(&dir, runs, &["check"]);
    let compile = process(&dir, runs, &["compile", "--target", &every_target]);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n| workspace | command | wall ms | CPU ms (user + sys) | peak RSS MB |"
    );
    let _ = writeln!(s, "|---|---|---:|---:|---:|");
    for (command, run) in [("`check`", check), ("`compile`, every target", compile)] {
        let _ = writeln!(
            s,
            "| {count} × {n} entries | {command} | {} | {} | {:.0} |",
            ms(run.wall),
            ms(run.cpu),
            run.rss_kb as f64 / 1024.0
        );
    }
    s
}

// ---------------------------------------------------------------- measuring

struct Row {
    entries: usize,
    bytes: usize,
    parse: Duration,
    lower: Duration,
    parse_and_lower: Duration,
    check: Duration,
    targets: Vec<Duration>,
    /// The whole-process compile to the four targets.
    compile: Proc,
    /// The whole-process compile to every target (Python and the IR too).
    every: Proc,
    /// The same into a folder where every file is up to date.
    up_to_date: Proc,
    /// `compile --check` of every target against an up-to-date folder.
    check_every: Proc,
    /// The same compile by `ERRGEN_BENCH_REFERENCE`, in the same runs.
    reference: Option<Proc>,
    /// `errgen check` alone: what parsing and checking cost a process.
    check_process: Proc,
    /// `errgen compile --target ir` alone.
    ir_process: Proc,
    /// `errgen fmt --check` of the catalog in canonical form.
    fmt_check: Proc,
    /// `errgen diff` of a version with one message changed and the catalog.
    diff: Proc,
}

/// What a run of the errgen process took (each the median of the runs).
#[derive(Clone, Copy)]
struct Proc {
    wall: Duration,
    rss_kb: u64,
    /// User + system CPU time.
    cpu: Duration,
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// A writer that only counts what it is given.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn measure(n: usize, text: &str, path: &Path, runs: usize) -> Row {
    let file = FileId(0);
    let mut parse = Vec::new();
    let mut lower = Vec::new();
    let mut parse_and_lower = Vec::new();
    let mut check = Vec::new();
    let mut targets = vec![Vec::new(); TARGETS.len()];
    let mut sources = SourceMap::new();
    sources.add(SourceFile::new("bench.errors", None, text.to_owned()));
    for _ in 0..runs {
        let t = Instant::now();
        let ast = errgen::parse::parse(file, text).expect("the synthetic catalog parses");
        parse.push(t.elapsed());

        let t = Instant::now();
        // Each item's tree dropped once lowered.
        let (catalog, diagnostics) = errgen::ir::lower_owned(ast, text);
        lower.push(t.elapsed());
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());
        drop(catalog);

        // As `compile` does both: each item lowered as soon as it is parsed,
        // on the thread that parsed it.
        let t = Instant::now();
        let (catalog, diagnostics) =
            errgen::ir::parse_and_lower(file, text).expect("the synthetic catalog parses");
        parse_and_lower.push(t.elapsed());
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());

        let catalogs = [catalog];
        let t = Instant::now();
        let diagnostics = errgen::check::check(&catalogs, &sources);
        check.push(t.elapsed());
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());

        // Each file rendered as `compile` renders it (into a 64 KB buffer
        // in front of the file), here in front of a byte counter.
        let options = Options::new();
        for (i, target) in TARGETS.iter().enumerate() {
            let t = Instant::now();
            let mut written = ByteCount(0);
            for file in target.plan(&catalogs[0], &options) {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut written);
                file.write_to(&mut out)
                    .expect("rendering into memory cannot fail");
                out.flush().expect("counting cannot fail");
            }
            targets[i].push(t.elapsed());
            assert!(written.0 > 0);
        }
    }

    // The whole process: `errgen compile` with the four targets, into a
    // fresh folder each time (so that every file is written); then `check`
    // and the IR target alone, whose figures are compared with each other.
    let compile_args = ["compile", "--target", BUDGET_TARGETS];
    let (compile, reference) = match std::env::var_os("ERRGEN_BENCH_REFERENCE") {
        Some(reference) => {
            let (ours, theirs) = process_pair(path, runs, &compile_args, Path::new(&reference));
            (ours, Some(theirs))
        }
        None => (process(path, runs, &compile_args), None),
    };
    let every_target = every_target();
    let every = process(path, runs, &["compile", "--target", &every_target]);
    // Into the folder the last run filled: every file already up to date
    // (a compile run again), and `compile --check` (CI's).
    let up_to_date = process_in(
        path,
        runs,
        &["compile", "--target", &every_target],
        Out::Kept,
    );
    let check_every = process_in(
        path,
        runs,
        &["compile", "--check", "--target", &every_target],
        Out::Kept,
    );
    let check_process = process(path, runs, &["check"]);
    // CI's other commands: `fmt --check` of the catalog in canonical form,
    // and `diff` against a version whose first message changed.
    let formatted = path.with_extension("formatted.errors");
    let printed = Command::new(shipping())
        .arg("fmt")
        .arg(path)
        .output()
        .expect("run errgen fmt");
    assert!(printed.status.success(), "errgen fmt failed");
    std::fs::write(&formatted, &printed.stdout).expect("write the formatted catalog");
    let fmt_check = process_in(&formatted, runs, &["fmt", "--check"], Out::Kept);
    let changed = path.with_extension("changed.errors");
    let first_message = "message en \"";
    assert!(text.contains(first_message));
    std::fs::write(
        &changed,
        text.replacen(first_message, "message en \"Changed: ", 1),
    )
    .expect("write the changed catalog");
    let changed_arg = changed.to_str().expect("a UTF-8 path");
    let diff = process_in(path, runs, &["diff", changed_arg], Out::Kept);
    let ir_process = process(path, runs, &["compile", "--target", "ir"]);
    Row {
        entries: n,
        bytes: text.len(),
        parse: median(parse),
        lower: median(lower),
        parse_and_lower: median(parse_and_lower),
        check: median(check),
        targets: targets.into_iter().map(median).collect(),
        compile,
        every,
        up_to_date,
        check_every,
        reference,
        check_process,
        ir_process,
        fmt_check,
        diff,
    }
}

/// The medians of `runs` runs of the release `errgen ARGS FILE` as users
/// build it (`--out` a fresh folder for `compile`).
fn process(path: &Path, runs: usize, args: &[&str]) -> Proc {
    process_in(path, runs, args, Out::Fresh)
}

/// [`process`] with `--out` as `out` says.
fn process_in(path: &Path, runs: usize, args: &[&str], out: Out) -> Proc {
    medians(
        (0..runs)
            .map(|_| process_with(None, path, args, out))
            .collect(),
    )
}

/// The output folder of a measured `compile`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Out {
    /// Removed before each run: every file is written.
    Fresh,
    /// As the run before left it.
    Kept,
}

/// [`process`] for this build's errgen and `reference`, one run of each in
/// turn: (this build's, the reference's) medians.
fn process_pair(path: &Path, runs: usize, args: &[&str], reference: &Path) -> (Proc, Proc) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ours.push(process_with(None, path, args, Out::Fresh));
        theirs.push(process_with(Some(reference), path, args, Out::Fresh));
    }
    (medians(ours), medians(theirs))
}

/// Each figure's median over the runs.
fn medians(runs: Vec<Proc>) -> Proc {
    let mut rss: Vec<u64> = runs.iter().map(|r| r.rss_kb).collect();
    rss.sort_unstable();
    Proc {
        wall: median(runs.iter().map(|r| r.wall).collect()),
        rss_kb: rss[rss.len() / 2],
        cpu: median(runs.iter().map(|r| r.cpu).collect()),
    }
}

/// The release errgen as users build it, built once a run.
fn shipping() -> &'static Path {
    static SHIPPING: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    SHIPPING.get_or_init(common::shipping_errgen)
}

/// One run of `exe ARGS FILE` (this build's errgen when `None`; a folder
/// for FILE: the catalogs in it), with `--out` the folder `out` says for
/// `compile`.
fn process_with(exe: Option<&Path>, path: &Path, args: &[&str], kept: Out) -> Proc {
    let exe = exe.unwrap_or_else(|| shipping());
    let out = path.with_extension("out");
    if kept == Out::Fresh {
        let _ = std::fs::remove_dir_all(&out);
    }
    let mut command = Command::new(exe);
    command
        .current_dir(path.parent().expect("target/bench"))
        .args(args);
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .expect("the workspace folder")
            .map(|entry| entry.expect("an entry").path())
            .collect();
        files.sort();
        command.args(files);
    } else {
        command.arg(path);
    }
    if args[0] == "compile" {
        command.arg("--out").arg(&out);
    }
    let run = common::run_measured(&command, common::Limits::default(), None);
    assert_eq!(
        run.outcome,
        common::Outcome::Ok,
        "{} {args:?} failed",
        exe.display()
    );
    Proc {
        wall: run.wall,
        rss_kb: run.peak_rss_kb,
        cpu: run.cpu,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let targets: String = TARGETS.iter().map(|t| format!(" {t} ms |")).collect();
    let _ = writeln!(
        s,
        "\n| entries | MB | parse ms | lower ms | parse+lower ms | check ms |{targets} compile wall ms | peak RSS MB |"
    );
    let _ = writeln!(
        s,
        "|---:|---:|---:|---:|---:|---:|{}---:|---:|",
        "---:|".repeat(TARGETS.len())
    );
    for r in rows {
        let targets: String = r.targets.iter().map(|d| format!(" {} |", ms(*d))).collect();
        let _ = writeln!(
            s,
            "| {} | {:.1} | {} | {} | {} | {} |{targets} {} | {:.0} |",
            r.entries,
            r.bytes as f64 / 1e6,
            ms(r.parse),
            ms(r.lower),
            ms(r.parse_and_lower),
            ms(r.check),
            ms(r.compile.wall),
            r.compile.rss_kb as f64 / 1024.0,
        );
    }
    // The wall time a compile could reach on this machine with every core
    // busy from start to end: its CPU time over the cores. A wall time above
    // the budget with a floor below it asks for more parallelism; a floor
    // above it, for less work.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        s,
        "\n| entries | targets | compile wall ms | CPU ms (user + sys) | CPU / {cores} cores ms | cores busy | peak RSS MB |"
    );
    let _ = writeln!(s, "|---:|---|---:|---:|---:|---:|---:|");
    let budget = BUDGET_TARGETS.replace(',', ", ");
    for r in rows {
        for (targets, run) in [
            (budget.as_str(), r.compile),
            ("every target", r.every),
            ("every target, files up to date", r.up_to_date),
            ("every target, `compile --check`", r.check_every),
        ] {
            let Proc { wall, cpu, rss_kb } = run;
            let _ = writeln!(
                s,
                "| {} | {targets} | {} | {} | {} | {:.0} % | {:.0} |",
                r.entries,
                ms(wall),
                ms(cpu),
                ms(cpu / cores as u32),
                100.0 * cpu.as_secs_f64() / (wall.as_secs_f64() * cores as f64),
                rss_kb as f64 / 1024.0,
            );
        }
    }
    let _ = writeln!(
        s,
        "\n| entries | check wall ms | check peak RSS MB | ir wall ms | ir peak RSS MB | ir / check wall | ir / check RSS |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let (check, ir) = (r.check_process, r.ir_process);
        let (check_wall, check_rss, ir_wall, ir_rss) =
            (check.wall, check.rss_kb, ir.wall, ir.rss_kb);
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {} | {:.0} | {:.2}× | {:.2}× |",
            r.entries,
            ms(check_wall),
            check_rss as f64 / 1024.0,
            ms(ir_wall),
            ir_rss as f64 / 1024.0,
            ir_wall.as_secs_f64() / check_wall.as_secs_f64(),
            ir_rss as f64 / check_rss as f64,
        );
    }
    let _ = writeln!(
        s,
        "\n| entries | command | wall ms | CPU ms (user + sys) | peak RSS MB |"
    );
    let _ = writeln!(s, "|---:|---|---:|---:|---:|");
    for r in rows {
        for (command, run) in [
            ("`check`", r.check_process),
            ("`compile --check`, every target", r.check_every),
            ("`fmt --check` (canonical)", r.fmt_check),
            ("`diff` (one message changed)", r.diff),
        ] {
            let _ = writeln!(
                s,
                "| {} | {command} | {} | {} | {:.0} |",
                r.entries,
                ms(run.wall),
                ms(run.cpu),
                run.rss_kb as f64 / 1024.0,
            );
        }
    }
    if rows.iter().any(|r| r.reference.is_some()) {
        let _ = writeln!(
            s,
            "\n| entries | compile wall ms | reference wall ms | wall / reference | peak RSS MB | reference peak RSS MB |"
        );
        let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|");
        for r in rows {
            if let Some(reference) = r.reference {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {:.2}× | {:.0} | {:.0} |",
                    r.entries,
                    ms(r.compile.wall),
                    ms(reference.wall),
                    r.compile.wall.as_secs_f64() / reference.wall.as_secs_f64(),
                    r.compile.rss_kb as f64 / 1024.0,
                    reference.rss_kb as f64 / 1024.0,
                );
            }
        }
    }
    let find = |n| rows.iter().find(|r| r.entries == n);
    if let (Some(small), Some(large)) = (find(10_000), find(100_000)) {
        let ratio = |a: Duration, b: Duration| b.as_secs_f64() / a.as_secs_f64();
        let _ = writeln!(
            s,
            "\n100k / 10k: parse {:.1}×, lower {:.1}×, parse+lower {:.1}×, check {:.1}×, compile wall {:.1}×, peak RSS {:.1}×",
            ratio(small.parse, large.parse),
            ratio(small.lower, large.lower),
            ratio(small.parse_and_lower, large.parse_and_lower),
            ratio(small.check, large.check),
            ratio(small.compile.wall, large.compile.wall),
            large.compile.rss_kb as f64 / small.compile.rss_kb as f64,
        );
    }
    s
}
