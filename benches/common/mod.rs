//! What the benches share: the synthetic catalogs, the scratch folder under
//! the target dir, and measuring a child process's wall time and peak RSS.
//!
//! Each bench is its own crate (`mod common;`) and uses part of this module.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `target/bench` (`CARGO_TARGET_DIR` honoured).
pub fn bench_dir() -> PathBuf {
    target_dir().join("bench")
}

/// The cargo target folder: `CARGO_TARGET_DIR`, else `target/` in the
/// repository.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The release `errgen` as users build it (`cargo build --release`), built
/// once into `target/bench/shipping`. Not `CARGO_BIN_EXE_errgen`: cargo
/// builds the benches' binary with the dev-dependencies' features unified
/// in, and the parser check's `pest_generator` turns on pest's `std` and
/// with it a stack guard on every grammar rule (17 % of `check`), which the
/// shipped binary does not have.
pub fn shipping_errgen() -> PathBuf {
    let dir = bench_dir().join("shipping");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--quiet",
            "--bin",
            "errgen",
            "--target-dir",
        ])
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "cargo build --release --bin errgen failed"
    );
    dir.join("release").join("errgen")
}

/// Writes into `dir` (emptied first) a workspace of `count` catalogs of `n`
/// entries, `c00.errors`, `c01.errors`, …: the synthetic catalog under
/// other names and codes, as a company's may be; with an errgen.yaml that
/// names them all when `project`.
pub fn workspace(dir: &Path, count: usize, n: usize, project: bool) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create the workspace folder");
    let text = synthetic(n);
    let mut yaml = String::from("catalogs:\n");
    for i in 0..count {
        // Codes unique across the workspace: `BENCH_` becomes `W<ab>_`,
        // two letters of its own (digits would be read as the code's).
        let letter = |k: usize| char::from(b'A' + (k % 26) as u8);
        let own = text
            .replacen("catalog bench ", &format!("catalog bench{i} "), 1)
            .replace("BENCH_", &format!("W{}{}_", letter(i / 26), letter(i)));
        let name = format!("c{i:02}.errors");
        std::fs::write(dir.join(&name), own).expect("write a catalog");
        yaml.push_str(&format!("  - path: {name}\n"));
    }
    if project {
        std::fs::write(dir.join("errgen.yaml"), yaml).expect("write errgen.yaml");
    }
}

/// `ERRGEN_BENCH_SIZES=1000,10000`, else `default` (empty: none).
pub fn sizes(default: &[usize]) -> Vec<usize> {
    std::env::var("ERRGEN_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().expect("ERRGEN_BENCH_SIZES: a size"))
                .collect()
        })
        .unwrap_or_else(|| default.to_vec())
}

// ---------------------------------------------------------------- catalogs

/// A small deterministic generator (xorshift64*), so that every run and
/// every machine sees the same catalogs.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
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
pub const GROUP_SIZE: usize = 100;

/// The code of the first entry (`BENCH_{FIRST_CODE}`); entry `i` of group
/// `g` has `FIRST_CODE + g * 1000 + i`.
pub const FIRST_CODE: u64 = 10_000_000;

/// The code of every entry of [`synthetic`]`(n)`, in order.
pub fn codes(n: usize) -> impl Iterator<Item = String> {
    (0..n).map(|i| {
        let (g, k) = (i / GROUP_SIZE, i % GROUP_SIZE);
        format!("BENCH_{:08}", FIRST_CODE + g as u64 * 1_000 + k as u64)
    })
}

/// A catalog of `n` entries that uses every feature that shapes the
/// generated code, and checks without diagnostics:
///
/// - 2 locales (`en`, `zh`); groups of [`GROUP_SIZE`] entries with a
///   `range`, an `http` default and two `remedy` defaults;
/// - entries with 0–3 typed params used in both messages, a third with
///   their own `http`, a quarter with a `remedy`, an eighth `retryable`, a
///   comment each;
/// - every tenth entry `deprecated` and `replaced_by` the entry before it;
/// - every eighth an `upstream` mapping (HTTP status and gRPC code, and a
///   `match` regex with a named group for each of its params, or a
///   `contains` when it has none);
/// - a reserved range in every other group, a reserved code every tenth;
/// - the one upstream system the mappings name, declared in the header.
///
/// The random choices do not depend on the deprecations and upstream
/// mappings (those follow the entry's index), so the rest of each entry is
/// the same as in the catalogs before they were added.
pub fn synthetic(n: usize) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut s = String::with_capacity(n * 200);
    s.push_str(
        "// A synthetic catalog for errgen's benches (benches/common/mod.rs).\n\
         catalog bench \"Synthetic benchmark catalog\" {\n  \
           version 1.0.0\n  \
           locales en, zh\n  \
           format \"BENCH_{digits:8}\"\n  \
           envelope {\n    code \"error_code\"\n    message \"error_msg\"\n  }\n  \
           upstream backend \"The backend the service calls\" {\n    status http\n    grpc trailer\n  }\n\
         }\n",
    );
    let groups = n.div_ceil(GROUP_SIZE);
    let mut index = 0;
    for g in 0..groups {
        // Codes of group g: BENCH_{g:05}{000..199}; entries take the first
        // 100, a reserved range takes 190..199.
        let base = FIRST_CODE + g as u64 * 1_000;
        let _ = write!(
            s,
            "\ngroup g{g}_{noun} \"Group {g}\" {{\n  range {base}..{}\n  http {}\n  remedy en \"Contact the administrator of group {g}.\"\n  remedy zh \"请联系第 {g} 组的管理员。\"\n",
            base + 999,
            rng.pick(&["400", "500", "403"]),
            noun = rng.pick(NOUNS),
        );
        let mut previous = String::new();
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
            if k % 10 == 9 {
                let _ = writeln!(
                    s,
                    "    deprecated \"split in 1.1\"\n    replaced_by {previous}"
                );
            }
            if index % 8 == 3 {
                let _ = writeln!(
                    s,
                    "    upstream backend {{\n      http 500\n      grpc INTERNAL"
                );
                if chosen.is_empty() {
                    let _ = writeln!(s, "      contains \"case {index} failed\"");
                } else {
                    // A group for every param, so that none is left empty
                    // (`uncaptured-param`).
                    let _ = write!(s, "      match r\"case {index} failed:");
                    for (p, ty) in &chosen {
                        let group = match *ty {
                            "int" => "-?[0-9]+",
                            "float" => "-?[0-9]+(?:\\.[0-9]+)?",
                            "bool" => "true|false",
                            _ => "\\S+",
                        };
                        let _ = write!(s, " (?<{p}>{group})");
                    }
                    s.push_str("\"\n");
                }
                s.push_str("    }\n");
            }
            s.push_str("  }\n");
            previous = name;
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

// ---------------------------------------------------------------- child processes

/// Limits on a measured child: past either, its process group is killed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
    pub timeout: Option<Duration>,
    /// On the resident memory of the child's whole process group, in KiB,
    /// read from `/proc` every 50 ms.
    pub rss_cap_kb: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// A non-zero exit or a signal that the wrapper did not send.
    Failed(String),
    TimedOut,
    OverMemory,
}

/// What [`run_measured`] saw.
#[derive(Debug, Clone)]
pub struct Measured {
    pub outcome: Outcome,
    pub wall: Duration,
    /// The largest resident set of any process of the run (KiB):
    /// `getrusage(RUSAGE_CHILDREN)` in the wrapper; for a killed run, the
    /// largest group total that the watcher saw, which is a lower bound.
    pub peak_rss_kb: u64,
    /// The CPU time (user + system) of the command and every descendant it
    /// waited for: with [`Measured::wall`], how busy it kept the cores.
    pub cpu: Duration,
}

const WRAP: &str = "ERRGEN_BENCH_WRAP";
const WRAP_TIMEOUT_MS: &str = "ERRGEN_BENCH_WRAP_TIMEOUT_MS";
const WRAP_RSS_CAP_KB: &str = "ERRGEN_BENCH_WRAP_RSS_CAP_KB";
const WRAP_LOG: &str = "ERRGEN_BENCH_WRAP_LOG";

/// Whether this process is the wrapper (see [`wrap`]); a bench's `main`
/// starts with `if common::is_wrapper() { return common::wrap(); }`.
pub fn is_wrapper() -> bool {
    std::env::var_os(WRAP).is_some()
}

/// Runs `command` (its program, arguments, folder and environment) under
/// the wrapper: the bench re-executes itself with [`WRAP`] set, and that
/// process, whose only child is the command, reports the command's wall
/// time and `getrusage(RUSAGE_CHILDREN).ru_maxrss` — exact for its one
/// child (and for every descendant the child waited for), on Linux, with no
/// dependency. Standard output and error go to `log` (or nowhere).
pub fn run_measured(command: &Command, limits: Limits, log: Option<&Path>) -> Measured {
    let mut wrapper = Command::new(std::env::current_exe().expect("the bench executable"));
    wrapper.env(WRAP, "1").arg(command.get_program());
    wrapper.args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapper.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapper.env(key, value),
            None => wrapper.env_remove(key),
        };
    }
    if let Some(timeout) = limits.timeout {
        wrapper.env(WRAP_TIMEOUT_MS, timeout.as_millis().to_string());
    }
    if let Some(cap) = limits.rss_cap_kb {
        wrapper.env(WRAP_RSS_CAP_KB, cap.to_string());
    }
    if let Some(log) = log {
        wrapper.env(WRAP_LOG, log);
    }
    let output = wrapper
        .stderr(Stdio::inherit())
        .output()
        .expect("run the wrapper");
    let report = String::from_utf8_lossy(&output.stdout);
    let mut fields = report.split_whitespace();
    let outcome = match fields.next() {
        Some("ok") => Outcome::Ok,
        Some("timeout") => Outcome::TimedOut,
        Some("memory") => Outcome::OverMemory,
        Some(other) => Outcome::Failed(other.to_owned()),
        None => panic!("the wrapper reported nothing ({})", output.status),
    };
    let mut number = || -> u64 {
        fields
            .next()
            .and_then(|f| f.parse().ok())
            .expect("the wrapper's report")
    };
    let nanos = number();
    let rusage_kb = number();
    let watched_kb = number();
    let cpu = Duration::from_micros(number());
    Measured {
        cpu,
        peak_rss_kb: match outcome {
            Outcome::TimedOut | Outcome::OverMemory => watched_kb,
            _ => rusage_kb,
        },
        outcome,
        wall: Duration::from_nanos(nanos),
    }
}

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
    fn kill(pid: i32, signal: i32) -> i32;
    fn sysconf(name: i32) -> i64;
}

const RUSAGE_CHILDREN: i32 = -1;
const SIGKILL: i32 = 9;
const SC_PAGESIZE: i32 = 30;

const KILLED_NONE: u8 = 0;
const KILLED_TIMEOUT: u8 = 1;
const KILLED_MEMORY: u8 = 2;

/// The wrapper: runs the command in its arguments in a process group of its
/// own, and prints `OUTCOME WALL_NS MAXRSS_KB WATCHED_KB CPU_US` on one line. A
/// watcher thread kills the group past the time or memory limit; the main
/// thread blocks in `wait`, so the wall time is exact.
pub fn wrap() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let program = args.next().expect("a program");
    let limit = |key| -> Option<u64> {
        std::env::var(key)
            .ok()
            .map(|v| v.parse().expect("a number"))
    };
    let timeout = limit(WRAP_TIMEOUT_MS).map(Duration::from_millis);
    let rss_cap_kb = limit(WRAP_RSS_CAP_KB);
    let (stdout, stderr) = match std::env::var_os(WRAP_LOG) {
        Some(path) => {
            let file = std::fs::File::create(path).expect("create the log");
            (
                Stdio::from(file.try_clone().expect("the log")),
                Stdio::from(file),
            )
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let mut command = Command::new(&program);
    command
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .stdin(Stdio::null());
    for key in [WRAP, WRAP_TIMEOUT_MS, WRAP_RSS_CAP_KB, WRAP_LOG] {
        command.env_remove(key);
    }
    if timeout.is_some() || rss_cap_kb.is_some() {
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
    }
    let t = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("bench: cannot run {program:?}: {e}");
            println!("spawn-failed 0 0 0 0");
            return ExitCode::SUCCESS;
        }
    };
    let done = Arc::new(AtomicBool::new(false));
    let killed = Arc::new(AtomicU8::new(KILLED_NONE));
    let watched = Arc::new(AtomicU64::new(0));
    let watcher = (timeout.is_some() || rss_cap_kb.is_some()).then(|| {
        let (done, killed, watched) = (done.clone(), killed.clone(), watched.clone());
        let group = child.id() as i32;
        std::thread::spawn(move || {
            // SAFETY: sysconf has no preconditions.
            let page_kb = (unsafe { sysconf(SC_PAGESIZE) }.max(1024) / 1024) as u64;
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
                let rss = group_rss_pages(group) * page_kb;
                watched.fetch_max(rss, Ordering::SeqCst);
                let why = if timeout.is_some_and(|limit| t.elapsed() > limit) {
                    KILLED_TIMEOUT
                } else if rss_cap_kb.is_some_and(|cap| rss > cap) {
                    KILLED_MEMORY
                } else {
                    continue;
                };
                if !done.load(Ordering::SeqCst) {
                    killed.store(why, Ordering::SeqCst);
                    // SAFETY: kill has no memory preconditions; the group
                    // is the child's, which has not been waited for yet.
                    unsafe { kill(-group, SIGKILL) };
                }
                return;
            }
        })
    });
    let status = child.wait().expect("wait for the child");
    let wall = t.elapsed();
    done.store(true, Ordering::SeqCst);
    if let Some(watcher) = watcher {
        watcher.join().expect("the watcher");
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
    let outcome = match killed.load(Ordering::SeqCst) {
        KILLED_TIMEOUT => "timeout".to_owned(),
        KILLED_MEMORY => "memory".to_owned(),
        _ if status.success() => "ok".to_owned(),
        _ => format!("failed({})", status.to_string().replace(' ', "_")),
    };
    let micros = |t: [i64; 2]| t[0] * 1_000_000 + t[1];
    println!(
        "{outcome} {} {} {} {}",
        wall.as_nanos(),
        usage.maxrss,
        watched.load(Ordering::SeqCst),
        micros(usage.utime) + micros(usage.stime)
    );
    ExitCode::SUCCESS
}

/// The resident pages of every process in process group `group`, from
/// `/proc/PID/stat` (fields 5, `pgrp`, and 24, `rss`).
fn group_rss_pages(group: i32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut pages = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.as_encoded_bytes().iter().all(u8::is_ascii_digit) {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The fields after the command name, which is in parentheses and
        // may hold spaces: state is field 3, so pgrp is [2] and rss [21].
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(2).and_then(|f| f.parse::<i32>().ok()) == Some(group) {
            pages += fields
                .get(21)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    pages
}
