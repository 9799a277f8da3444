//! `cargo bench --bench lsp`: how long `errgen lsp` takes to re-check a
//! catalog after an edit, on the synthetic catalogs of 1,000 and 10,000
//! entries (`common::synthetic`, shared with the other benches).
//!
//! The figure that counts is end to end: the release binary as users build
//! it (`common::shipping_errgen`) is spawned as `errgen lsp`, the catalog is
//! opened, and each run sends a `didChange` with the whole text (one
//! message edited, alternately) and waits for the `publishDiagnostics` it
//! causes: framing, JSON, parse, lower, check and the diagnostics' positions
//! and serialisation, all of what a keystroke costs in the server (which
//! parses again only the items an edit touched, then lowers and checks the
//! whole catalog). For where the time goes, the same text is also parsed
//! whole (`parse::parse`), lowered (`ir::lower`) and checked
//! (`check::check`) in process, with
//! the binary's allocator, and `errgen check FILE` is timed as a process
//! under the same load. Every figure is the median of the runs.
//!
//! `ERRGEN_BENCH_SIZES=10000` limits the sizes; `ERRGEN_BENCH_RUNS=N` sets
//! the number of runs (default 21).

mod common;

use errgen::source::{FileId, SourceFile, SourceMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The allocator the errgen binary uses, so that in-process figures are
/// comparable with the process's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let sizes = common::sizes(&[1_000, 10_000]);
    let runs: usize = std::env::var("ERRGEN_BENCH_RUNS")
        .ok()
        .map_or(21, |n| n.parse().expect("a number of runs"));
    let errgen = common::shipping_errgen();
    std::fs::create_dir_all(common::bench_dir()).expect("create target/bench");
    println!(
        "| entries | MB | parse | lower | check | `errgen check FILE` | didChange → publishDiagnostics | server CPU per change |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let text = common::synthetic(n);
        let path = common::bench_dir().join(format!("synthetic-{n}.errors"));
        std::fs::write(&path, &text).expect("write the catalog");
        // The edit: one message changed, so that every run re-checks a
        // text other than the last one.
        let edited = text.replacen("message en \"", "message en \"Edited: ", 1);
        assert_ne!(text, edited, "the synthetic catalog has an English message");
        eprintln!(
            "bench: {n} entries ({:.1} MB), {runs} runs",
            text.len() as f64 / 1e6
        );
        let (parse, lower, check) = in_process(&text, runs);
        let process = check_process(&errgen, &path, runs);
        let (round_trip, cpu) = over_stdio(&errgen, [&text, &edited], runs);
        println!(
            "| {n} | {:.1} | {} | {} | {} | {} | {} | {} |",
            text.len() as f64 / 1e6,
            ms(parse),
            ms(lower),
            ms(check),
            ms(process),
            ms(round_trip),
            ms(cpu)
        );
    }
    ExitCode::SUCCESS
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Parse, lower (the tree, as the server keeps it), then check, in this
/// process: the medians.
fn in_process(text: &str, runs: usize) -> (Duration, Duration, Duration) {
    let mut sources = SourceMap::new();
    sources.add(SourceFile::new("bench.errors", None, text.to_owned()));
    let mut parsing = Vec::new();
    let mut lowering = Vec::new();
    let mut checking = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let tree = errgen::parse::parse(FileId(0), text).expect("it parses");
        parsing.push(t.elapsed());
        let t = Instant::now();
        let (catalog, found) = errgen::ir::lower(&tree, text);
        lowering.push(t.elapsed());
        assert!(found.is_empty(), "the synthetic catalog is clean");
        let t = Instant::now();
        let diagnostics = errgen::check::check(std::slice::from_ref(&catalog), &sources);
        checking.push(t.elapsed());
        assert!(diagnostics.is_empty(), "the synthetic catalog is clean");
    }
    (median(parsing), median(lowering), median(checking))
}

/// `errgen check FILE`, the whole process: the same work as a re-check
/// plus reading the file and starting up, for comparison under the same
/// load.
fn check_process(errgen: &std::path::Path, path: &std::path::Path, runs: usize) -> Duration {
    let samples = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let status = Command::new(errgen)
                .arg("check")
                .arg(path)
                .stderr(Stdio::null())
                .status()
                .expect("errgen check runs");
            assert!(status.success());
            t.elapsed()
        })
        .collect();
    median(samples)
}

/// A minimal client of the protocol's stdio framing.
struct Server {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Server {
    fn send(&mut self, message: serde_json::Value) {
        self.send_text(&message.to_string());
    }

    fn send_text(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&mut self) -> serde_json::Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            assert!(self.stdout.read_line(&mut line).unwrap() > 0, "server gone");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// Reads until the diagnostics of `uri` are published.
    fn diagnostics(&mut self, uri: &str) -> usize {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().len();
            }
        }
    }
}

/// The CPU time (user and system, all threads) process `pid` has used:
/// from `/proc` on Linux, `None` elsewhere.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command's `)`: utime and stime are the 12th and
    // 13th there (14th and 15th of the line), in clock ticks.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let output = Command::new("getconf").arg("CLK_TCK").output().ok()?;
    let per_second: u64 = String::from_utf8(output.stdout).ok()?.trim().parse().ok()?;
    Some(Duration::from_secs_f64(ticks as f64 / per_second as f64))
}

/// The median time from sending a `didChange` to receiving the
/// diagnostics it causes, with `texts` sent in turn; and the server's mean
/// CPU time per change (over all the changes, as the kernel counts it in
/// ticks): what a change costs whatever else the machine runs.
fn over_stdio(errgen: &std::path::Path, texts: [&str; 2], runs: usize) -> (Duration, Duration) {
    // No errgen.yaml in an empty folder: the document is checked alone.
    let dir = common::bench_dir().join("lsp-empty");
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(errgen)
        .arg("lsp")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("errgen lsp starts");
    let mut server = Server {
        stdin: child.stdin.take().unwrap(),
        stdout: BufReader::new(child.stdout.take().unwrap()),
    };
    server.send(serde_json::json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": null, "capabilities": {} },
    }));
    server.receive();
    server.send(serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let uri = "untitled:bench.errors";
    server.send(serde_json::json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "errgen", "version": 0, "text": texts[0] } },
    }));
    assert_eq!(server.diagnostics(uri), 0, "the synthetic catalog is clean");
    let mut samples = Vec::new();
    let cpu_before = cpu_time(child.id()).unwrap_or_default();
    for run in 0..runs {
        let text = texts[(run + 1) % 2];
        let change = serde_json::json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": run + 1 },
                "contentChanges": [{ "text": text }],
            },
        })
        .to_string();
        // The client's own JSON is not the server's time.
        let t = Instant::now();
        server.send_text(&change);
        assert_eq!(server.diagnostics(uri), 0);
        samples.push(t.elapsed());
    }
    let cpu = cpu_time(child.id())
        .unwrap_or_default()
        .saturating_sub(cpu_before)
        / runs as u32;
    server.send(
        serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }),
    );
    server.receive();
    server.send(serde_json::json!({ "jsonrpc": "2.0", "method": "exit", "params": null }));
    assert!(child.wait().unwrap().success());
    (median(samples), cpu)
}
