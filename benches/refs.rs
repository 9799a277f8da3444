//! `cargo bench --bench refs`: the speed of `errgen check --refs` over a
//! synthetic monorepo (issue 14, item 8: at least 200 MB/s of scanned
//! source).
//!
//! The corpus is written to a temporary folder under `target/bench/`:
//! ~60 MB of Rust, TypeScript, Python, JSON and Markdown files of 10–50 KB
//! in nested folders, made of realistic lines (comments, string literals,
//! identifiers like `code`, `node`, `mode`, numbers, ports) with now and
//! then a reference to a code of the synthetic 10,000-entry catalog
//! (`common::synthetic`), a code key's value, and a few undeclared codes.
//! Every figure is the median of several runs, each in the same process and
//! under the same load:
//!
//! - `walk`: listing the files (the `ignore` walker, `.gitignore` and all);
//! - `read`: walking and reading every file (the floor of any scan);
//! - `memchr "`: counting the double quotes of the bytes in memory, the
//!   reference a byte scanner is measured against;
//! - `scan`: the references scanner over the bytes in memory (UTF-8
//!   validation, lexing, code keys, prefixes);
//! - `check_paths`: walk, read and scan, what `errgen check --refs` adds to
//!   a check.
//!
//! `ERRGEN_BENCH_MB=N` sets the corpus size; `ERRGEN_BENCH_RUNS=N` the runs.

mod common;

use common::Rng;
use errgen::refs::{Lang, Refs};
use errgen::source::SourceMap;
use errgen::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ENTRIES: usize = 10_000;

fn main() {
    let megabytes: usize = std::env::var("ERRGEN_BENCH_MB")
        .ok()
        .map_or(60, |n| n.parse().expect("ERRGEN_BENCH_MB: a number"));
    let runs: usize = std::env::var("ERRGEN_BENCH_RUNS")
        .ok()
        .map_or(7, |n| n.parse().expect("ERRGEN_BENCH_RUNS: a number"));

    let mut workspace = Workspace::new();
    workspace.add_bytes("bench.errors", None, common::synthetic(ENTRIES).as_bytes());
    let analysis = workspace.analyze();
    assert!(
        analysis.diagnostics.is_empty(),
        "the bench catalog checks clean"
    );
    let codes: Vec<String> = common::codes(ENTRIES).collect();

    std::fs::create_dir_all(common::bench_dir()).expect("create target/bench");
    let dir = tempfile::Builder::new()
        .prefix("refs-corpus")
        .tempdir_in(common::bench_dir())
        .expect("a temporary folder");
    let (files, bytes, undeclared) = write_corpus(dir.path(), megabytes << 20, &codes);
    eprintln!(
        "bench: {files} files, {:.1} MB, {undeclared} undeclared references, {runs} runs",
        bytes as f64 / 1e6
    );
    let root = [dir.path().to_path_buf()];

    let walk = median(runs, || {
        let walk = errgen::refs::walk(&root).unwrap();
        assert_eq!(walk.files.len(), files);
    });
    let read = median(runs, || {
        let walk = errgen::refs::walk(&root).unwrap();
        let total: usize = walk
            .files
            .iter()
            .map(|(p, _)| std::fs::read(p).unwrap().len())
            .sum();
        assert_eq!(total, bytes);
    });
    let loaded: Vec<(PathBuf, Lang, Vec<u8>)> = errgen::refs::walk(&root)
        .unwrap()
        .files
        .into_iter()
        .map(|(p, lang)| {
            let b = std::fs::read(&p).unwrap();
            (p, lang, b)
        })
        .collect();
    let quotes = median(runs, || {
        let n: usize = loaded
            .iter()
            .map(|(_, _, b)| memchr::memchr_iter(b'"', b).count())
            .sum();
        std::hint::black_box(n);
    });
    let scan = median(runs, || {
        let mut sources = SourceMap::new();
        let mut refs = Refs::new(&analysis.catalogs);
        for (p, lang, b) in &loaded {
            refs.scan(&p.display().to_string(), None, *lang, b, &mut sources)
                .unwrap();
        }
        let found = refs.finish();
        let n = found
            .iter()
            .filter(|d| d.rule == errgen::diagnostic::Rule::UndeclaredCode)
            .count();
        assert_eq!(n, undeclared);
    });
    let full = median(runs, || {
        let mut sources = SourceMap::new();
        let (found, skipped, _) =
            errgen::refs::check_paths(&analysis.catalogs, &mut sources, &root).unwrap();
        assert!(skipped.is_empty());
        std::hint::black_box(found);
    });

    let mb = bytes as f64 / 1e6;
    let rate = |d: Duration| mb / d.as_secs_f64();
    println!("| step | median | MB/s | vs `memchr \"` |");
    println!("|---|---:|---:|---:|");
    for (name, d) in [
        ("walk", walk),
        ("read (walk + read)", read),
        ("memchr \" (in memory)", quotes),
        ("scan (in memory)", scan),
        ("check_paths (walk + read + scan)", full),
    ] {
        println!(
            "| {name} | {:.1} ms | {:.0} | {:.2}× |",
            d.as_secs_f64() * 1e3,
            rate(d),
            d.as_secs_f64() / quotes.as_secs_f64()
        );
    }
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and the allocator
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

const WORDS: &[&str] = &[
    "tenant", "project", "quota", "job", "token", "bucket", "model", "node", "mode", "user",
    "region", "image", "decode", "encode", "dataset", "pipeline", "license", "status",
];

/// Writes files until `total` bytes; returns the file count, the bytes and
/// how many undeclared references the files hold.
fn write_corpus(dir: &Path, total: usize, codes: &[String]) -> (usize, usize, usize) {
    let mut rng = Rng(0x005E_ED0F_2EF5);
    let (mut files, mut bytes, mut undeclared) = (0, 0, 0);
    while bytes < total {
        let lang = rng.below(5);
        let size = 10_000 + rng.below(40_000) as usize;
        let folder = dir.join(format!("pkg{}/src/m{}", rng.below(40), rng.below(8)));
        std::fs::create_dir_all(&folder).unwrap();
        let ext = ["rs", "ts", "py", "json", "md"][lang as usize];
        let mut text = String::with_capacity(size + 512);
        if lang == 3 {
            text.push_str("{\n  \"items\": [\n");
        }
        while text.len() < size {
            let w = rng.pick(WORDS);
            let v = rng.pick(WORDS);
            let n = rng.below(100_000);
            let code = &codes[rng.below(codes.len() as u64) as usize];
            let refer = rng.below(40) == 0;
            let bogus = rng.below(2_000) == 0;
            let value = if bogus {
                format!("BENCH_9{:07}", rng.below(10_000_000))
            } else {
                code.clone()
            };
            let line = match lang {
                0 => match rng.below(6) {
                    0 => format!("    // Look the {w} up in the {v} cache before the {w} node.\n"),
                    1 => format!("    let {w}_{v} = self.{v}.get(\"{w}-{n}\").map(|x| x.len());\n"),
                    2 if refer => format!("        \"{value}\" => Kind::{w}{v},\n"),
                    3 if refer => format!("    return Err(Error {{ code: \"{value}\".into(), mode: {n} }});\n"),
                    _ => format!("    if {w}.{v}_count > {n} {{ tracing::warn!(\"{w} over {v}: {{}}\", {n}); }}\n"),
                },
                1 => match rng.below(6) {
                    0 => format!("  // The {w} decode path; see {v}.ts for the encode side.\n"),
                    1 => format!("  const {w}{n} = await client.{v}(`/api/{w}/${{id}}`, {{ mode: \"{v}\" }});\n"),
                    2 if refer => format!("    case \"{value}\": return render{w}(e);\n"),
                    3 if refer => format!("  if (body.error_code === '{value}') retry({n});\n"),
                    _ => format!("  export function {w}_{v}(node: Node, port = 8080): number {{ return node.{v} + {n}; }}\n"),
                },
                2 => match rng.below(6) {
                    0 => format!("    # the {w} node keeps its {v} in a dict, mode {n}\n"),
                    1 => format!("    {w}_{v} = self.{v}.get('{w}-{n}', None)\n"),
                    2 if refer => format!("    raise ApiError(error_code=\"{value}\", detail=f\"{w} {{x}}\")\n"),
                    3 if refer => format!("    return {{\"error_code\": \"{value}\", \"error_msg\": \"{v}\"}}\n"),
                    _ => format!("    if {w}.{v}_count > {n}:\n        logger.info(\"{w} over {v}: %s\", {n})\n"),
                },
                3 => {
                    let code_value = if refer { value.as_str() } else { "" };
                    if refer {
                        format!("    {{ \"{w}\": \"{v}\", \"error_code\": \"{code_value}\", \"count\": {n}, \"port\": 8080 }},\n")
                    } else {
                        format!("    {{ \"{w}\": \"{v}\", \"node\": \"{w}-{n}\", \"count\": {n}, \"mode\": \"{v}\" }},\n")
                    }
                }
                _ => match rng.below(5) {
                    0 if refer => format!("When the {w} is gone the service answers `{value}`; retry the {v}.\n\n"),
                    1 => format!("```json\n{{\"{w}\": \"{v}\", \"count\": {n}}}\n```\n\n"),
                    _ => format!("The {w} node decodes each {v} in mode {n} before the encode step; see the {v} guide.\n"),
                },
            };
            if bogus && line.contains(&value) {
                undeclared += 1;
            }
            text.push_str(&line);
        }
        if lang == 3 {
            text.push_str("    {}\n  ]\n}\n");
        }
        std::fs::write(folder.join(format!("f{files}.{ext}")), &text).unwrap();
        files += 1;
        bytes += text.len();
    }
    (files, bytes, undeclared)
}
