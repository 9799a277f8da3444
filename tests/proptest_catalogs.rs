//! Property tests over random catalogs, built as text by composing
//! statements: random int or string codes (with formats, sometimes
//! malformed or duplicated), keyword and ordinary names, named and
//! positional params, messages in several locales mixing Chinese, Korean,
//! emoji, RTL text and strings hostile to the generated languages (`"`, `\`,
//! `{{`, `}}`, `*/`, `</script>`, `${x}`, U+2028), with placeholders that
//! agree across locales — and sometimes do not, or are malformed, to
//! exercise the diagnostics.
//!
//! * the pipeline (parse → lower → check → render) never panics;
//! * `fmt` is idempotent, and the formatted text lowers to the same IR;
//! * compiling is deterministic: every target, twice, byte for byte;
//! * the OpenAPI document parses as YAML and as JSON, to the same data;
//! * the Rust (rustc, `-D warnings`) and TypeScript (the pinned tsc, strict)
//!   generated for a batch of random valid catalogs compile — one rustc and
//!   one tsc run for the whole batch.

mod support;

use errgen::generate::{Options, Target};
use errgen::parse::encode_plain;
use errgen::workspace::{Analysis, Workspace};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use std::fmt::Write as _;
use std::process::Command;

/// Text that the generators must carry into string literals and comments
/// without breaking them.
const HOSTILE: &[&str] = &[
    "中文消息",
    "한국어 메시지",
    "😀🚀👩‍👩‍👧",
    "\u{200f}שלום\u{202e}",
    "مرحبا",
    "\"quoted\"",
    "back\\slash",
    "{{",
    "}}",
    "{{x}}",
    "*/",
    "/*",
    "</script>",
    "${{x}}",
    "$",
    "`tick`",
    "'single'",
    "line\nbreak",
    "tab\there",
    "\u{2028}",
    "%s",
    "#[x]",
    "<!-- -->",
    " ",
    "Plain text.",
];

/// Names that are keywords or special somewhere.
const KEYWORDS: &[&str] = &[
    "type",
    "match",
    "self",
    "default",
    "async",
    "crate",
    "super",
    "yield",
    "new",
    "delete",
    "constructor",
    "to_string",
    "proto",
];

/// Catalog names: keywords of the generated languages, and an ordinary one.
const CATALOG_NAMES: &[&str] = &[
    "type", "match", "self", "default", "async", "error", "random",
];

const PARAM_NAMES: &[&str] = &[
    "item", "tenant", "type", "match", "class", "count", "name", "default", "value", "await",
];

const PARAM_TYPES: &[&str] = &["string", "int", "float", "bool"];

const EXTRA_LOCALES: &[&str] = &["zh", "ko", "ar", "zh-Hans"];

#[derive(Debug, Clone)]
enum Piece {
    Text(usize),
    Placeholder,
}

#[derive(Debug, Clone)]
struct EntrySpec {
    success: bool,
    keyword_name: bool,
    anonymous: bool,
    positional: bool,
    aliased: bool,
    param_types: Vec<usize>,
    pieces: Vec<Piece>,
    http: Option<u16>,
    description: Option<usize>,
    /// `cause`, `remedy`, `deprecated`, `docs`, `meta` or `grpc` with
    /// hostile text, in a random locale.
    extras: Vec<(usize, usize, usize)>,
    raw_strings: bool,
    /// Drop a placeholder from a non-default locale.
    mismatch: bool,
    /// Leave out a translation.
    missing_translation: bool,
    /// A lone `{` or an undeclared `{ghost}`.
    bad_placeholder: bool,
    malformed_code: bool,
    duplicate_code: bool,
}

#[derive(Debug, Clone)]
struct CatalogSpec {
    int_codes: bool,
    digits: usize,
    prefix: String,
    locales: Vec<&'static str>,
    codes: Vec<u32>,
    entries: Vec<EntrySpec>,
    grouped: bool,
    reserved: bool,
}

fn weighted(p: f64) -> BoxedStrategy<bool> {
    proptest::bool::weighted(p).boxed()
}

fn entry() -> impl Strategy<Value = EntrySpec> {
    (
        (
            weighted(0.15),
            weighted(0.3),
            weighted(0.1),
            any::<bool>(),
            any::<bool>(),
        ),
        prop::collection::vec(0..PARAM_TYPES.len(), 0..4),
        prop::collection::vec(
            prop_oneof![
                3 => (0..HOSTILE.len()).prop_map(Piece::Text),
                1 => Just(Piece::Placeholder),
            ],
            1..6,
        ),
        prop::option::of(prop::sample::select(vec![400u16, 404, 409, 429, 500, 503])),
        (
            prop::option::of(0..HOSTILE.len()),
            prop::collection::vec((0..6usize, 0..HOSTILE.len(), 0..4usize), 0..3),
        ),
        any::<bool>(),
        (
            weighted(0.05),
            weighted(0.05),
            weighted(0.03),
            weighted(0.03),
            weighted(0.03),
        ),
    )
        .prop_map(
            |(
                (success, keyword_name, anonymous, positional, aliased),
                param_types,
                pieces,
                http,
                (description, extras),
                raw_strings,
                (mismatch, missing_translation, bad_placeholder, malformed_code, duplicate_code),
            )| EntrySpec {
                success,
                keyword_name,
                anonymous,
                positional,
                aliased,
                param_types,
                pieces,
                http,
                description,
                extras,
                raw_strings,
                mismatch,
                missing_translation,
                bad_placeholder,
                malformed_code,
                duplicate_code,
            },
        )
}

fn catalog() -> impl Strategy<Value = CatalogSpec> {
    (
        any::<bool>(),
        3usize..7,
        "[A-Z]{1,6}",
        prop::sample::subsequence(EXTRA_LOCALES.to_vec(), 0..3),
        prop::collection::vec(entry(), 1..6),
        prop::collection::btree_set(0u32..1000, 6),
        weighted(0.3),
        weighted(0.2),
    )
        .prop_map(
            |(int_codes, digits, prefix, extra, entries, codes, grouped, reserved)| {
                let mut locales = vec!["en"];
                locales.extend(extra);
                CatalogSpec {
                    int_codes,
                    digits,
                    prefix,
                    locales,
                    codes: codes.into_iter().collect(),
                    entries,
                    grouped,
                    reserved,
                }
            },
        )
}

/// A string literal: raw when asked and possible, else plain with escapes.
fn literal(value: &str, raw: bool) -> String {
    if raw && !value.contains('"') && !value.chars().any(char::is_control) {
        format!("r\"{value}\"")
    } else {
        encode_plain(value)
    }
}

impl CatalogSpec {
    fn code(&self, i: usize, malformed: bool) -> String {
        let n = self.codes[i % self.codes.len()];
        if self.int_codes {
            format!("{}", 10_000 + n)
        } else if malformed {
            format!("\"{}.{n}\"", self.prefix)
        } else {
            format!("\"{}_{:0width$}\"", self.prefix, n, width = self.digits)
        }
    }

    /// The catalog's text, named `name`.
    fn render(&self, name: &str) -> String {
        let mut out = String::new();
        writeln!(out, "// Random catalog {name}.").unwrap();
        writeln!(out, "catalog {name} \"Random {name}\" {{").unwrap();
        writeln!(out, "  version 1.0.0").unwrap();
        writeln!(out, "  locales {}", self.locales.join(", ")).unwrap();
        if !self.int_codes {
            writeln!(
                out,
                "  format \"{}_{{digits:{}}}\"",
                self.prefix, self.digits
            )
            .unwrap();
        }
        writeln!(out, "}}\n").unwrap();
        let indent = if self.grouped { "  " } else { "" };
        if self.grouped {
            writeln!(out, "group grouped \"A group\" {{").unwrap();
            writeln!(out, "  http 503").unwrap();
            writeln!(out, "  retryable").unwrap();
        }
        for (i, e) in self.entries.iter().enumerate() {
            let kind = if e.success { "success" } else { "error" };
            let code_index = if e.duplicate_code && i > 0 { i - 1 } else { i };
            let code = self.code(code_index, e.malformed_code);
            let name = if e.anonymous && !self.int_codes {
                String::new()
            } else if e.keyword_name {
                format!("{} = ", KEYWORDS[i % KEYWORDS.len()])
            } else {
                format!("entry_{i} = ")
            };
            writeln!(out, "{indent}{kind} {name}{code} {{").unwrap();
            if let Some(http) = e.http {
                writeln!(out, "{indent}  http {http}").unwrap();
            }
            if let Some(d) = e.description {
                writeln!(
                    out,
                    "{indent}  description {}",
                    literal(HOSTILE[d], e.raw_strings)
                )
                .unwrap();
            }
            for (k, (kind, t, l)) in e.extras.iter().enumerate() {
                let value = literal(HOSTILE[*t], e.raw_strings);
                let locale = self.locales[l % self.locales.len()];
                match kind {
                    0 => writeln!(out, "{indent}  cause {locale} {value}"),
                    1 => writeln!(out, "{indent}  remedy {locale} {value}"),
                    2 => writeln!(out, "{indent}  deprecated {value}"),
                    3 => writeln!(
                        out,
                        "{indent}  docs \"https://example.com/{t}?q=\\\"x\\\"\""
                    ),
                    4 => writeln!(out, "{indent}  meta key_{k} {value}"),
                    _ => writeln!(out, "{indent}  grpc NOT_FOUND"),
                }
                .unwrap();
            }
            let mut placeholders = Vec::new();
            for (j, t) in e.param_types.iter().enumerate() {
                let ty = PARAM_TYPES[*t];
                if e.positional {
                    let alias = if e.aliased {
                        format!(" as {}", PARAM_NAMES[(i + j) % PARAM_NAMES.len()])
                    } else {
                        String::new()
                    };
                    writeln!(out, "{indent}  param {j}{alias}: {ty}").unwrap();
                    placeholders.push(format!("{{{j}}}"));
                } else {
                    let p = PARAM_NAMES[(i + j) % PARAM_NAMES.len()];
                    writeln!(out, "{indent}  param {p}: {ty}").unwrap();
                    placeholders.push(format!("{{{p}}}"));
                }
            }
            for (l, locale) in self.locales.iter().enumerate() {
                if l > 0 && e.missing_translation {
                    continue;
                }
                // Each locale uses every placeholder, in its own order.
                let mut mine = placeholders.clone();
                if !mine.is_empty() {
                    let k = l % mine.len();
                    mine.rotate_left(k);
                }
                if l > 0 && e.mismatch && !mine.is_empty() {
                    mine.pop();
                }
                let mut text = format!("[{locale}] ");
                let mut next = mine.iter();
                for piece in &e.pieces {
                    match piece {
                        Piece::Text(t) => text.push_str(HOSTILE[*t]),
                        Piece::Placeholder => {
                            if let Some(p) = next.next() {
                                text.push_str(p);
                            }
                        }
                    }
                    // `$` right before a placeholder: `${item}` in JS.
                    if !text.ends_with('$') {
                        text.push(' ');
                    }
                }
                for p in next {
                    text.push_str(p);
                    text.push(' ');
                }
                if e.bad_placeholder {
                    text.push_str(if l == 0 { "{" } else { "{ghost}" });
                }
                writeln!(
                    out,
                    "{indent}  message {locale} {}",
                    literal(text.trim_end(), e.raw_strings)
                )
                .unwrap();
            }
            writeln!(out, "{indent}}}\n").unwrap();
        }
        if self.grouped {
            writeln!(out, "}}\n").unwrap();
        }
        if self.reserved {
            let retired = if self.int_codes {
                "99999".to_owned()
            } else {
                format!("\"{}_{}\"", self.prefix, "9".repeat(self.digits))
            };
            writeln!(out, "reserved {retired} \"retired\"").unwrap();
        }
        out
    }
}

fn analyze(text: &str) -> Analysis {
    let mut workspace = Workspace::new();
    workspace.add_bytes("random.errors", None, text.as_bytes());
    workspace.analyze()
}

/// The IR JSON of the one catalog in `text` (no spans in it).
fn ir(analysis: &Analysis) -> String {
    let files = Target::Ir.generate(&analysis.catalogs[0], &Options::new());
    files.into_iter().map(|f| f.content).collect()
}

/// Every target's files for the catalogs of `analysis`.
fn compile(analysis: &Analysis) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    for target in Target::ALL {
        for file in errgen::generate::generate_all(&analysis.catalogs, *target, &Options::new()) {
            files.push((file.path, file.content));
        }
    }
    files
}

proptest! {
    #![proptest_config(Config { cases: 1024, ..Config::default() })]

    #[test]
    fn random_catalogs_hold_every_property(
        spec in catalog(),
        name in prop::sample::select(CATALOG_NAMES),
    ) {
        let text = spec.render(name);
        // The checker never panics; every diagnostic renders.
        let analysis = analyze(&text);
        for d in &analysis.diagnostics {
            let _ = errgen::render::human(d, &analysis.sources, false);
            let _ = errgen::render::json(d, &analysis.sources);
        }
        // The generator writes only valid syntax.
        prop_assert_eq!(analysis.catalogs.len(), 1, "{}\n{:#?}", text, analysis.diagnostics);

        // fmt is idempotent, and what it prints has the same IR.
        let formatted = errgen::fmt::format_source("random.errors", &text)
            .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let again = errgen::fmt::format_source("random.errors", &formatted)
            .map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        prop_assert_eq!(&again, &formatted, "fmt is not idempotent on\n{}", text);
        let reparsed = analyze(&formatted);
        prop_assert_eq!(ir(&reparsed), ir(&analysis), "fmt changed the IR of\n{}", text);
        let rules = |a: &Analysis| a.diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>();
        prop_assert_eq!(rules(&reparsed), rules(&analysis));

        // Compiling is deterministic.
        if !analysis.has_errors() {
            let first = compile(&analysis);
            let second = compile(&analyze(&text));
            prop_assert!(first == second, "two compiles differ for\n{}", text);

            // Its OpenAPI document parses in both forms (YAML with
            // yaml_serde, JSON with serde_json), to the same data.
            let mut documents = Vec::new();
            for format in ["yaml", "json"] {
                let mut options = Options::new();
                options.set("format", errgen::ir::MetaValue::Str(format.into()));
                for file in Target::OpenApi.generate(&analysis.catalogs[0], &options) {
                    documents.push(support::read_openapi(&file));
                }
            }
            prop_assert!(
                documents[0] == documents[1],
                "the OpenAPI YAML and JSON differ for\n{}",
                text
            );
        }
    }
}

/// The Rust and TypeScript of a batch of random valid catalogs compile, with
/// one rustc and one tsc run for the whole batch.
#[test]
fn generated_rust_and_typescript_of_random_catalogs_compile() {
    const BATCH: usize = 20;
    // A new seed every run (PROPTEST_RNG_SEED fixes it); a failure keeps
    // the catalogs and the generated files in a folder it names.
    let mut runner = TestRunner::default();
    let strategy = catalog();
    let dir = tempfile::tempdir().unwrap();
    let mut modules = String::new();
    let mut ts_files = Vec::new();
    let mut drawn = 0;
    let mut valid = 0;
    while valid < BATCH {
        drawn += 1;
        assert!(
            drawn < 40 * BATCH,
            "the generator makes too few valid catalogs"
        );
        let spec = strategy.new_tree(&mut runner).unwrap().current();
        // The first catalogs are named by keywords, the others `random_N`.
        let name = match CATALOG_NAMES.get(valid) {
            Some(&name) if name != "random" => name.to_owned(),
            _ => format!("random_{valid}"),
        };
        let text = spec.render(&name);
        let analysis = analyze(&text);
        if analysis.has_errors() {
            continue;
        }
        for file in
            errgen::generate::generate_all(&analysis.catalogs, Target::Rust, &Options::new())
        {
            std::fs::write(dir.path().join(&file.path), &file.content).unwrap();
            writeln!(
                modules,
                "pub mod m{valid} {{\n    include!({:?});\n}}",
                file.path.display().to_string()
            )
            .unwrap();
        }
        for file in errgen::generate::generate_all(&analysis.catalogs, Target::Ts, &Options::new())
        {
            std::fs::write(dir.path().join(&file.path), &file.content).unwrap();
            ts_files.push(file.path.display().to_string());
        }
        std::fs::write(dir.path().join(format!("{name}.errors")), &text).unwrap();
        valid += 1;
    }
    eprintln!("{valid} valid catalogs out of {drawn} drawn");

    std::fs::write(dir.path().join("lib.rs"), modules).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let out = Command::new(rustc)
        .args([
            "--edition",
            "2021",
            "--crate-type",
            "lib",
            "--crate-name",
            "random_catalogs",
            "--emit",
            "metadata",
            "-D",
            "warnings",
            "lib.rs",
        ])
        .current_dir(dir.path())
        .output()
        .expect("rustc runs");
    assert!(
        out.status.success(),
        "rustc rejects the generated Rust (catalogs kept in {:?}):\n{}",
        dir.keep(),
        String::from_utf8_lossy(&out.stderr)
    );

    let out = support::run_tsc(dir.path(), &["--noEmit"], &ts_files);
    assert!(
        out.status.success(),
        "tsc rejects the generated TypeScript (catalogs kept in {:?}):\n{}{}",
        dir.keep(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
