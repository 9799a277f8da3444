//! `cargo bench --bench compile`: speed and memory of errgen on synthetic
//! catalogs of 1,000, 10,000 and 100,000 entries.
//!
//! The catalogs are generated deterministically (a fixed-seed generator) and
//! written to `target/bench/`. For each size the bench measures, in process,
//! parse, lower, both at once (`parse_and_lower`, as `compile` does), check
//! and each target's generation, then spawns the release `errgen compile`
//! binary (four targets: rust, ts, openapi, md) for the whole process's wall
//! time and peak RSS. Every figure is the median of
//! several runs. See BENCHMARKS.md for the figures and the targets.
//!
//! Peak RSS is measured without extra dependencies: the bench re-executes
//! itself as a small wrapper (`ERRGEN_BENCH_WRAP=1`) that spawns errgen,
//! waits for it and reads `getrusage(RUSAGE_CHILDREN).ru_maxrss` — exact
//! for its one child, on Linux.
//!
//! `ERRGEN_BENCH_SIZES=1000,10000` limits the sizes;
//! `ERRGEN_BENCH_RUNS=N` sets the number of runs per figure.

use errgen::generate::{Options, Target};
use errgen::source::{FileId, SourceFile, SourceMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The allocator the errgen binary uses, so that in-process figures are
/// comparable with the process's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TARGETS: [Target; 4] = [Target::Rust, Target::Ts, Target::OpenApi, Target::Md];

fn main() -> ExitCode {
    if std::env::var_os("ERRGEN_BENCH_WRAP").is_some() {
        return wrap();
    }
    // `cargo bench` passes `--bench`; ignore every argument.
    let sizes: Vec<usize> = std::env::var("ERRGEN_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .map(|n| n.trim().parse().expect("a size"))
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);
    let runs_override: Option<usize> = std::env::var("ERRGEN_BENCH_RUNS")
        .ok()
        .map(|n| n.parse().expect("a number of runs"));
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).expect("create target/bench");

    let mut rows = Vec::new();
    for &n in &sizes {
        let text = synthetic(n);
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
    ExitCode::SUCCESS
}

/// `target/bench`, next to the bench executable's profile folder.
fn bench_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench")
}

// ---------------------------------------------------------------- catalogs

/// A small deterministic generator (xorshift64*), so that every run and
/// every machine sees the same catalogs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len() as u64) as usize]
    }
}

const NOUNS: &[&str] = &[
    "tenant", "project", "quota", "job", "token", "bucket", "model", "solver", "user", "region",
    "image", "volume", "network", "policy", "instance", "dataset", "pipeline", "license",
];
const STATES: &[&str] = &[
    "not_found",
    "forbidden",
    "invalid",
    "expired",
    "exceeded",
    "conflict",
    "unavailable",
    "locked",
    "timeout",
    "missing",
];
const PARAMS: &[(&str, &str)] = &[
    ("name", "string"),
    ("limit", "int"),
    ("reason", "string"),
    ("ratio", "float"),
    ("enabled", "bool"),
    ("region", "string"),
];
const HTTP: &[u16] = &[400, 401, 403, 404, 409, 429, 500, 503];

/// Entries per group; each group reserves a range of codes above its last.
const GROUP_SIZE: usize = 100;

/// A catalog of `n` entries: 2 locales, 0–3 params each, groups of
/// [`GROUP_SIZE`] entries with a range and defaults, and some reserved codes
/// and ranges. It checks without diagnostics.
pub fn synthetic(n: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut s = String::with_capacity(n * 160);
    s.push_str(
        "// A synthetic catalog for `cargo bench --bench compile`.\n\
         catalog bench \"Synthetic benchmark catalog\" {\n  \
           version 1.0.0\n  \
           locales en, zh\n  \
           format \"BENCH_{digits:8}\"\n  \
           envelope {\n    code \"error_code\"\n    message \"error_msg\"\n  }\n\
         }\n",
    );
    let groups = n.div_ceil(GROUP_SIZE);
    let mut index = 0;
    for g in 0..groups {
        // Codes of group g: BENCH_{g:05}{000..199}; entries take the first
        // 100, a reserved range takes 190..199.
        let base = 10_000_000 + g as u64 * 1_000;
        let _ = write!(
            s,
            "\ngroup g{g}_{noun} \"Group {g}\" {{\n  range {base}..{}\n  http {}\n  remedy en \"Contact the administrator of group {g}.\"\n  remedy zh \"请联系第 {g} 组的管理员。\"\n",
            base + 999,
            rng.pick(&["400", "500", "403"]),
            noun = rng.pick(NOUNS),
        );
        for k in 0..GROUP_SIZE.min(n - index) {
            let code = base + k as u64;
            let name = format!("{}_{}_{index}", rng.pick(NOUNS), rng.pick(STATES));
            let _ = writeln!(
                s,
                "\n  // Entry {index}.\n  error {name} = \"BENCH_{code:08}\" {{"
            );
            if rng.below(3) == 0 {
                let _ = writeln!(
                    s,
                    "    http {}",
                    HTTP[rng.below(HTTP.len() as u64) as usize]
                );
            }
            let params = rng.below(4) as usize;
            let start = rng.below(PARAMS.len() as u64) as usize;
            let chosen: Vec<(&str, &str)> = (0..params)
                .map(|i| PARAMS[(start + i) % PARAMS.len()])
                .collect();
            for (p, ty) in &chosen {
                let _ = writeln!(s, "    param {p}: {ty}");
            }
            let mut en = format!(
                "The {} is {}",
                rng.pick(NOUNS),
                rng.pick(STATES).replace('_', " ")
            );
            let mut zh = format!(
                "{}状态异常",
                rng.pick(&["租户", "项目", "配额", "作业", "令牌"])
            );
            for (p, _) in &chosen {
                let _ = write!(en, " ({p}: {{{p}}})");
                let _ = write!(zh, "（{p}：{{{p}}}）");
            }
            let _ = writeln!(s, "    message en \"{en} (case {index}).\"");
            let _ = writeln!(s, "    message zh \"{zh}（情形 {index}）。\"");
            if rng.below(4) == 0 {
                let _ = writeln!(
                    s,
                    "    remedy en \"Retry later or check the \\\"{}\\\" settings.\"",
                    rng.pick(NOUNS)
                );
            }
            if rng.below(8) == 0 {
                let _ = writeln!(s, "    retryable");
            }
            s.push_str("  }\n");
            index += 1;
        }
        if g % 2 == 0 {
            let _ = writeln!(
                s,
                "\n  reserved {}..{} \"kept for later\"",
                base + 190,
                base + 199
            );
        }
        s.push_str("}\n");
        if g % 10 == 0 {
            let _ = writeln!(s, "\nreserved \"BENCH_{:08}\" \"retired\"", base + 500);
        }
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
    wall: Duration,
    rss_kb: u64,
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
    // fresh folder each time (so that every file is written).
    let exe = env!("CARGO_BIN_EXE_errgen");
    let out = path.with_extension("out");
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let output = Command::new(std::env::current_exe().expect("the bench executable"))
            .env("ERRGEN_BENCH_WRAP", "1")
            .current_dir(path.parent().expect("target/bench"))
            .arg(exe)
            .arg("compile")
            .arg(path)
            .arg("--out")
            .arg(&out)
            .arg("--target")
            .arg("rust,ts,openapi,md")
            .stderr(Stdio::inherit())
            .output()
            .expect("run the wrapper");
        let report = String::from_utf8_lossy(&output.stdout);
        let mut fields = report.split_whitespace();
        let nanos: u64 = fields.next().and_then(|f| f.parse().ok()).expect("wall");
        let kb: u64 = fields.next().and_then(|f| f.parse().ok()).expect("rss");
        walls.push(Duration::from_nanos(nanos));
        rss.push(kb);
    }
    rss.sort_unstable();
    Row {
        entries: n,
        bytes: text.len(),
        parse: median(parse),
        lower: median(lower),
        parse_and_lower: median(parse_and_lower),
        check: median(check),
        targets: targets.into_iter().map(median).collect(),
        wall: median(walls),
        rss_kb: rss[rss.len() / 2],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\n| entries | MB | parse ms | lower ms | parse+lower ms | check ms | rust ms | ts ms | openapi ms | md ms | compile wall ms | peak RSS MB |"
    );
    let _ = writeln!(
        s,
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} |",
            r.entries,
            r.bytes as f64 / 1e6,
            ms(r.parse),
            ms(r.lower),
            ms(r.parse_and_lower),
            ms(r.check),
            ms(r.targets[0]),
            ms(r.targets[1]),
            ms(r.targets[2]),
            ms(r.targets[3]),
            ms(r.wall),
            r.rss_kb as f64 / 1024.0,
        );
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
            ratio(small.wall, large.wall),
            large.rss_kb as f64 / small.rss_kb as f64,
        );
    }
    s
}

// ---------------------------------------------------------------- wrapper

/// `struct rusage` on Linux: two `timeval`s then fourteen `long`s.
#[repr(C)]
struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

const RUSAGE_CHILDREN: i32 = -1;

/// Runs the command in the arguments and prints its wall time (ns) and peak
/// RSS (KiB). This process has exactly one child, so `RUSAGE_CHILDREN`'s
/// maximum is that child's.
fn wrap() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let program = args.next().expect("a program");
    let t = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn errgen");
    let wall = t.elapsed();
    if !status.success() {
        eprintln!("bench: errgen compile failed: {status}");
        return ExitCode::FAILURE;
    }
    let mut usage = Rusage {
        utime: [0; 2],
        stime: [0; 2],
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: `usage` is a valid, writable `struct rusage` (Linux layout).
    let rc = unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage failed");
    println!("{} {}", wall.as_nanos(), usage.maxrss);
    ExitCode::SUCCESS
}
