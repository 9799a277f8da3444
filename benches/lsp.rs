//! `cargo bench --bench lsp`: how long `errgen lsp` takes to re-check a
//! catalog after an edit, on the synthetic catalogs of 1,000 and 10,000
//! entries (`common::synthetic`, shared with the other benches).
//!
//! The figure that counts is end to end: the release binary as users build
//! it (`common::shipping_errgen`) is spawned as `errgen lsp`, the catalog is
//! opened, and each run sends a `didChange` (one message edited,
//! alternately) as an editor sends it — the edited range where the server
//! asks for incremental sync, else the whole text — and times it until the
//! last diagnostics it causes are published (the edit makes two errors and
//! taking it back clears them; a request sent after the change tells when
//! the server is done, as it checks and publishes before it answers one):
//! framing, JSON, parse, lower, check and the diagnostics' positions
//! and serialisation, all of what a keystroke costs in the server (which
//! parses again only the items an edit touched, then lowers and checks the
//! whole catalog). For where the time goes, the same text is also parsed
//! whole (`parse::parse`), lowered (`ir::lower`) and checked
//! (`check::check`) in process, with
//! the binary's allocator, and `errgen check FILE` is timed as a process
//! under the same load. Every figure is the median of the runs.
//!
//! A workspace of 50 catalogs of 1,000 entries (an errgen.yaml naming them
//! all) is measured too: one catalog edited, and the time until the
//! project's last diagnostics are published, since the server checks the
//! project's catalogs together (it sends a file's only when they changed;
//! an older server sent every file's), and the time from `initialize` to
//! every file's first diagnostics (`ERRGEN_BENCH_WORKSPACE=0` leaves it
//! out).
//!
//! `ERRGEN_BENCH_SIZES=10000` limits the sizes; `ERRGEN_BENCH_RUNS=N` sets
//! the number of runs (default 21). `ERRGEN_BENCH_REFERENCE=PATH` names
//! another errgen binary (e.g. a release build of `main`): a server of each
//! is started and they take the edits in turn, so that a change is measured
//! against its reference under the same load.

mod common;

use errgen::source::{FileId, SourceFile, SourceMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
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
    let reference = std::env::var_os("ERRGEN_BENCH_REFERENCE").map(std::path::PathBuf::from);
    let mut compared = Vec::new();
    std::fs::create_dir_all(common::bench_dir()).expect("create target/bench");
    println!(
        "| entries | MB | parse | lower | check | `errgen check FILE` | didChange → diagnostics out | server CPU per change |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let text = common::synthetic(n);
        let path = common::bench_dir().join(format!("synthetic-{n}.errors"));
        std::fs::write(&path, &text).expect("write the catalog");
        eprintln!(
            "bench: {n} entries ({:.1} MB), {runs} runs",
            text.len() as f64 / 1e6
        );
        let (parse, lower, check) = in_process(&text, runs);
        let process = check_process(&errgen, &path, runs);
        let [(round_trip, cpu), (theirs, their_cpu)] =
            over_stdio(&errgen, reference.as_deref(), Place::alone, &text, runs);
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
        if reference.is_some() {
            compared.push(row(
                &n.to_string(),
                round_trip,
                theirs,
                Some((cpu, their_cpu)),
            ));
        }
    }
    // A workspace: one catalog of errgen.yaml's 50 edited, all 50 checked
    // together (the rules across catalogs, and each changed catalog's own).
    if std::env::var("ERRGEN_BENCH_WORKSPACE").map_or(true, |v| v != "0") {
        let (count, n) = (WORKSPACE_CATALOGS, 1_000);
        let dir = common::bench_dir().join(format!("lsp-workspace-{count}x{n}"));
        common::workspace(&dir, count, n, true);
        let name = format!("c{:02}.errors", count / 2);
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        eprintln!("bench: a workspace of {count} catalogs of {n} entries, {runs} runs");
        let place = || Place::member(&dir, &name);
        let [(round_trip, cpu), (theirs, their_cpu)] =
            over_stdio(&errgen, reference.as_deref(), place, &text, runs);
        let (open, their_open) = opening(&errgen, reference.as_deref(), place, &text, runs.min(11));
        println!(
            "\n| workspace | didChange → diagnostics out | server CPU per change | `initialize` → every file's first diagnostics |"
        );
        println!("|---|---:|---:|---:|");
        println!(
            "| {count} × {n} entries | {} | {} | {} |",
            ms(round_trip),
            ms(cpu),
            ms(open)
        );
        if reference.is_some() {
            let label = format!("{count} × {n} (workspace)");
            compared.push(row(&format!("{label}, initialize"), open, their_open, None));
            compared.push(row(&label, round_trip, theirs, Some((cpu, their_cpu))));
        }
    }
    if !compared.is_empty() {
        println!(
            "\n| entries | didChange → diagnostics out | reference | ratio | server CPU per change | reference CPU per change |"
        );
        println!("|---:|---:|---:|---:|---:|---:|");
        compared.iter().for_each(|row| println!("{row}"));
    }
    ExitCode::SUCCESS
}

/// A row of the comparison with the reference: ours, theirs, the ratio,
/// and the servers' CPU per change when given.
fn row(label: &str, ours: Duration, theirs: Duration, cpu: Option<(Duration, Duration)>) -> String {
    let (cpu, their_cpu) = cpu.map_or((String::new(), String::new()), |(a, b)| (ms(a), ms(b)));
    format!(
        "| {label} | {} | {} | {:.2}× | {cpu} | {their_cpu} |",
        ms(ours),
        ms(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    )
}

/// How many catalogs the workspace measure holds (as the compile bench's).
const WORKSPACE_CATALOGS: usize = 50;

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
fn check_process(errgen: &Path, path: &Path, runs: usize) -> Duration {
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
    /// The id of the last request.
    requests: u64,
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

    /// Sends a request and reads until its answer, which the server sends
    /// once it has handled every message before it (it checks what changed
    /// and publishes before it answers a request): for each document of
    /// `files` it published diagnostics for meanwhile, how many and when
    /// (since `since`), the last publish of each.
    fn settle(
        &mut self,
        files: &[String],
        since: Instant,
    ) -> std::collections::HashMap<String, (usize, Duration)> {
        self.requests += 1;
        let id = self.requests;
        self.send(serde_json::json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": { "textDocument": { "uri": "untitled:none" } },
        }));
        let mut published = std::collections::HashMap::new();
        loop {
            let message = self.receive();
            if message["id"] == id {
                return published;
            }
            let uri = message["params"]["uri"].as_str().unwrap_or_default();
            if message["method"] == "textDocument/publishDiagnostics"
                && files.iter().any(|f| f == uri)
            {
                let count = message["params"]["diagnostics"].as_array().unwrap().len();
                published.insert(uri.to_owned(), (count, since.elapsed()));
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

/// Where a session's document is: alone, or a catalog of a project.
struct Place {
    /// The folder the server starts in.
    dir: PathBuf,
    /// Whether the folder is the workspace folder, with an errgen.yaml.
    project: bool,
    /// The edited document.
    uri: String,
    /// The documents an edit's check publishes diagnostics for.
    files: Vec<String>,
}

impl Place {
    /// A document in an empty folder with no errgen.yaml above it: checked
    /// alone.
    fn alone() -> Place {
        // Outside the repository: the server looks for errgen.yaml from
        // its folder up, and the repository's would make the examples a
        // project it checks and publishes beside the document.
        let dir = std::env::temp_dir().join("errgen-bench-lsp-empty");
        std::fs::create_dir_all(&dir).unwrap();
        let uri = "untitled:bench.errors".to_owned();
        Place {
            dir,
            project: false,
            files: vec![uri.clone()],
            uri,
        }
    }

    /// The catalog `name` of the project in `dir`, whose catalogs are its
    /// `*.errors` files.
    fn member(dir: &Path, name: &str) -> Place {
        let dir = dir.canonicalize().unwrap();
        let uri = |path: &Path| format!("file://{}", path.display());
        let files = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "errors"))
            .map(|path| uri(&path))
            .collect();
        Place {
            uri: uri(&dir.join(name)),
            dir,
            project: true,
            files,
        }
    }
}

/// An `errgen lsp` with a catalog open.
struct Session {
    child: std::process::Child,
    server: Server,
    cpu_before: Duration,
    changes: usize,
    /// Whether the server takes ranged changes (incremental sync).
    incremental: bool,
    /// The document as the server holds it.
    text: String,
    /// Where the document is.
    place: Place,
    /// For a project: from `initialize` to its files' first diagnostics.
    opened_in: Option<Duration>,
}

/// The time between two edits.
const PAUSE: Duration = Duration::from_millis(30);

impl Session {
    /// Starts `errgen` as a language server at `place` and opens `text`
    /// there.
    fn start(errgen: &Path, place: Place, text: &str) -> Session {
        let mut child = Command::new(errgen)
            .arg("lsp")
            .current_dir(&place.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("errgen lsp starts");
        let mut server = Server {
            stdin: child.stdin.take().unwrap(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            requests: 1,
        };
        let opened = Instant::now();
        let root = place
            .project
            .then(|| format!("file://{}", place.dir.display()));
        server.send(serde_json::json!({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": null, "rootUri": root, "capabilities": {} },
        }));
        let initialized = server.receive();
        let sync = &initialized["result"]["capabilities"]["textDocumentSync"];
        let incremental = sync["change"] == 2 || *sync == 2;
        server.send(serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        let mut opened_in = None;
        if place.project {
            // The project's catalogs are checked as it is found: until each
            // one's first diagnostics are out.
            let published = server.settle(&place.files, opened);
            assert_eq!(published.len(), place.files.len(), "every file's");
            assert!(
                published.values().all(|&(count, _)| count == 0),
                "the workspace is clean"
            );
            opened_in = published.values().map(|&(_, at)| at).max();
        }
        server.send(serde_json::json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": { "textDocument": { "uri": place.uri, "languageId": "errgen", "version": 0, "text": text } },
        }));
        let published = server.settle(&place.files, Instant::now());
        assert!(
            published.values().all(|&(count, _)| count == 0),
            "the synthetic catalog is clean"
        );
        let cpu_before = cpu_time(child.id()).unwrap_or_default();
        Session {
            child,
            server,
            cpu_before,
            changes: 0,
            incremental,
            text: text.to_owned(),
            place,
            opened_in,
        }
    }

    /// Puts `inserted` in place of the bytes `range` of the document and
    /// waits for the diagnostics: sends that range, or the whole text to a
    /// server that does not take ranges.
    fn change(&mut self, range: std::ops::Range<usize>, inserted: &str) -> Duration {
        self.changes += 1;
        let change = serde_json::json!({
            "range": {
                "start": position(&self.text, range.start),
                "end": position(&self.text, range.end),
            },
            "text": inserted,
        });
        self.text.replace_range(range, inserted);
        let change = if self.incremental {
            change
        } else {
            serde_json::json!({ "text": self.text })
        };
        let change = serde_json::json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": self.place.uri, "version": self.changes },
                "contentChanges": [change],
            },
        })
        .to_string();
        // The client's own JSON is not the server's time.
        let t = Instant::now();
        self.server.send_text(&change);
        let published = self.server.settle(&self.place.files, t);
        // The edit makes two diagnostics and taking it back clears them: the
        // edited document's are published every time.
        let (count, _) = published[&self.place.uri];
        assert_eq!(count, if self.changes % 2 == 1 { 2 } else { 0 });
        // Until the last diagnostics are out (a server that sends every
        // file's sends 50 for the workspace, one that sends what changed
        // one); not what the server does after (freeing the replaced text).
        published
            .values()
            .map(|&(_, at)| at)
            .max()
            .expect("published")
    }

    /// Shuts the server down: its mean CPU time per change (over all the
    /// changes, as the kernel counts it in ticks).
    fn finish(mut self) -> Duration {
        let cpu = cpu_time(self.child.id())
            .unwrap_or_default()
            .saturating_sub(self.cpu_before)
            / self.changes.max(1) as u32;
        self.server.requests += 1;
        let id = self.server.requests;
        self.server.send(
            serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown", "params": null }),
        );
        self.server.receive();
        self.server
            .send(serde_json::json!({ "jsonrpc": "2.0", "method": "exit", "params": null }));
        assert!(self.child.wait().unwrap().success());
        cpu
    }
}

/// From `initialize` to every file's first diagnostics, in `errgen` and
/// (when given) `reference` in turn: the medians of `runs` starts each.
fn opening(
    errgen: &Path,
    reference: Option<&Path>,
    place: impl Fn() -> Place,
    text: &str,
    runs: usize,
) -> (Duration, Duration) {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let session = Session::start(errgen, place(), text);
        ours.push(session.opened_in.expect("a project"));
        session.finish();
        if let Some(reference) = reference {
            let session = Session::start(reference, place(), text);
            theirs.push(session.opened_in.expect("a project"));
            session.finish();
        }
    }
    let theirs = if theirs.is_empty() {
        Duration::ZERO
    } else {
        median(theirs)
    };
    (median(ours), theirs)
}

/// The edit every run makes or takes back, in turn: `Edited {extra}: `
/// put at the start of the first English message, so that every run checks
/// a text other than the last one, and the edited document's diagnostics
/// change (two errors: a placeholder that names no param and that the
/// Chinese message lacks), as when a user types a mistake and mends it.
const EDIT: (&str, &str) = ("message en \"", "Edited {extra}: ");

/// The protocol's position (line, UTF-16 column) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> serde_json::Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let character = text[line_start..offset].encode_utf16().count();
    serde_json::json!({ "line": line, "character": character })
}

/// `runs` edits of `text` ([`EDIT`], made and taken back in turn), timed
/// from the change to its diagnostics, in `errgen` and (when given) in
/// `reference`, one change of each in turn: the medians and the servers'
/// CPU per change.
fn over_stdio(
    errgen: &Path,
    reference: Option<&Path>,
    place: impl Fn() -> Place,
    text: &str,
    runs: usize,
) -> [(Duration, Duration); 2] {
    let (before, inserted) = EDIT;
    let at = text
        .find(before)
        .expect("the catalog has an English message")
        + before.len();
    let mut ours = Session::start(errgen, place(), text);
    let mut theirs = reference.map(|r| Session::start(r, place(), text));
    let (mut samples, mut reference_samples) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (range, text) = if run % 2 == 0 {
            (at..at, inserted)
        } else {
            (at..at + inserted.len(), "")
        };
        samples.push(ours.change(range.clone(), text));
        // Edits come as a user types, with time between them: what a server
        // does after publishing (freeing what the edit replaced) is not the
        // next edit's time, nor the other server's.
        std::thread::sleep(PAUSE);
        if let Some(theirs) = &mut theirs {
            reference_samples.push(theirs.change(range, text));
            std::thread::sleep(PAUSE);
        }
    }
    let cpu = ours.finish();
    let reference = match theirs {
        Some(theirs) => (median(reference_samples), theirs.finish()),
        None => (Duration::ZERO, Duration::ZERO),
    };
    [(median(samples), cpu), reference]
}
