// The code the fuzz targets run, shared word for word with the corpus replay
// in tests/fuzz_regressions.rs (both `include!` this file).

/// Catalog bytes through the whole front end: decode → parse → lower →
/// check, then every diagnostic rendered both ways (spans must land on char
/// boundaries); the parser's hand-written front must read the file as pest
/// does. When the file parsed, the canonical form must parse, be a fixed
/// point of the formatter, and lower to the same IR.
#[allow(dead_code)]
pub fn parse_check(data: &[u8]) {
    let analysis = analyze(data);
    for diagnostic in &analysis.diagnostics {
        let _ = errgen::render::human(diagnostic, &analysis.sources, false);
        let _ = errgen::render::json(diagnostic, &analysis.sources);
    }
    // `check --fix`: the certain fixes apply without a panic, and the text
    // they make is checked again without one.
    for (id, source) in analysis.sources.files() {
        let fixes = errgen::fix::machine_applicable(&analysis.diagnostics, id);
        if !fixes.is_empty() {
            let fixed = errgen::fix::apply(&source.text, &fixes);
            let _ = analyze(fixed.text.as_bytes());
        }
    }
    // The hand-written front of the parser reads what pest reads: the same
    // tree, spans and comments, or a syntax error where pest has one.
    for (_, source) in analysis.sources.files() {
        // Edited in the language server, it checks as the edited text
        // opened afresh (whether or not it parses now).
        errgen::lsp::typing::edits_check_as_opened(&source.text, seed(data));
        let file = errgen::source::FileId(0);
        let fast = errgen::parse::parse(file, &source.text);
        let pest = errgen::parse::parse_by_pest(file, &source.text);
        assert_eq!(
            fast.as_ref().ok(),
            pest.as_ref().ok(),
            "the front and pest differ"
        );
        assert_eq!(
            fast.as_ref().err().map(|d| &d.message),
            pest.as_ref().err().map(|d| &d.message),
            "the front and pest report different syntax errors"
        );
        // A kept tree (the language server's) lowered in runs on several
        // threads gives what lowering it on one thread does.
        if let Ok(tree) = &fast {
            let one = format!("{:?}", errgen::ir::lower_in_runs(tree, &source.text, 1));
            for runs in [2, 3, 5] {
                let split = format!("{:?}", errgen::ir::lower_in_runs(tree, &source.text, runs));
                assert_eq!(split, one, "lowered in {runs} runs");
            }
            // Edits, as typed in an editor, parse from the last tree as
            // the whole edited text parses.
            reparses(tree, &source.text, data);
            // And again with the patterns remembered, as after an edit.
            let memo = errgen::ir::PatternMemo::default();
            for _ in 0..2 {
                let edited = format!("{:?}", errgen::ir::lower_edited(tree, &source.text, &memo));
                assert_eq!(edited, one, "lowered with remembered patterns");
            }
        }
    }
    for (id, file) in &analysis.files {
        let formatted = errgen::fmt::format(file, &analysis.sources.get(*id).text);
        let again = errgen::fmt::format_source("fuzz.errors", &formatted)
            .unwrap_or_else(|d| panic!("fmt output does not parse: {d:?}\n{formatted}"));
        assert_eq!(again, formatted, "fmt is not idempotent");
        let reparsed = analyze(formatted.as_bytes());
        assert_eq!(ir(&reparsed), ir(&analysis), "fmt changed the IR");
    }
}

/// Six edits of `text` one after another, at places and with texts drawn
/// from `data` (deleting up to 23 bytes, inserting a fragment that may
/// break or move the syntax), each parsed as the language server does:
/// from the tree of the last text that parsed. Each gives the tree a whole
/// parse of the edited text gives, or the same syntax error and the last
/// tree back unchanged.
#[allow(dead_code)]
fn reparses(tree: &errgen::parse::ast::File, text: &str, data: &[u8]) {
    use errgen::lsp::typing::INSERTS;
    let file = errgen::source::FileId(0);
    let mut random = errgen::lsp::typing::Lcg(seed(data));
    let mut below = |n: usize| random.below(n);
    let boundary = |text: &str, mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    // The last tree that parsed and its text, and the text now.
    let (mut last, mut last_text, mut now) = (tree.clone(), text.to_owned(), text.to_owned());
    for _ in 0..6 {
        let at = boundary(&now, below(now.len() + 1));
        let end = boundary(&now, (at + below(24)).min(now.len()));
        now.replace_range(at..end, INSERTS[below(INSERTS.len())]);
        let whole = errgen::parse::parse(file, &now);
        match (errgen::parse::reparse(file, last.clone(), &last_text, &now), whole) {
            (Ok(got), Ok(whole)) => {
                assert_eq!(got, whole, "a reparse differs from the parse of {now:?}");
                (last, last_text) = (got, now.clone());
            }
            (Err((got, back)), Err(whole)) => {
                assert_eq!(got, whole, "a reparse reports another error in {now:?}");
                assert_eq!(back, last, "a failed reparse changed the last tree");
            }
            (got, whole) => panic!("reparse {:?}, parse {:?} of {now:?}", got.is_ok(), whole.is_ok()),
        }
    }
}

/// A number drawn from the input (its FNV-1a hash), to draw edits from.
#[allow(dead_code)]
fn seed(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[allow(dead_code)]
fn analyze(data: &[u8]) -> errgen::workspace::Analysis {
    let mut workspace = errgen::workspace::Workspace::new();
    workspace.add_bytes("fuzz.errors", None, data);
    workspace.analyze()
}

/// The IR JSON of every catalog (it holds no source positions).
#[allow(dead_code)]
fn ir(analysis: &errgen::workspace::Analysis) -> Vec<String> {
    let options = errgen::generate::Options::new();
    analysis
        .catalogs
        .iter()
        .flat_map(|c| errgen::generate::Target::Ir.generate(c, &options))
        .map(|f| f.content)
        .collect()
}

/// A document through `import`, then its catalog through the checker. The
/// first byte picks the options, so that named catalogs and locale orders
/// are covered too. The importer must always produce text that parses and
/// is in canonical form.
#[allow(dead_code)]
pub fn import(data: &[u8]) {
    let (options, bytes) = match data.split_first() {
        Some((&selector, rest)) => {
            let mut options = errgen::import::Options::default();
            if selector & 1 != 0 {
                options.name = Some("fuzzed".to_owned());
            }
            match (selector >> 1) & 3 {
                1 => options.locale_order = vec!["en".to_owned(), "zh".to_owned()],
                2 => options.locale_order = vec!["zh".to_owned()],
                3 => options.locale_order = vec!["ko".to_owned(), "en".to_owned()],
                _ => {}
            }
            (options, rest)
        }
        None => (errgen::import::Options::default(), data),
    };
    match errgen::import::import("fuzz.md", bytes, &options) {
        Ok(imported) => {
            for note in &imported.notes {
                let _ = imported.short(note, "fuzz.md");
                let _ = errgen::render::human(note, &imported.document, false);
            }
            let analysis = analyze(imported.text.as_bytes());
            assert!(
                !analysis
                    .diagnostics
                    .iter()
                    .any(|d| d.rule == errgen::diagnostic::Rule::Syntax),
                "the imported catalog does not parse:\n{}",
                imported.text
            );
            // "printed in canonical form"
            let formatted = errgen::fmt::format_source("imported.errors", &imported.text);
            assert_eq!(
                formatted.as_deref().ok(),
                Some(imported.text.as_str()),
                "the imported catalog is not in canonical form"
            );
        }
        Err(errgen::import::ImportError::Internal(message)) => {
            panic!("import produced a catalog that does not parse: {message}")
        }
        Err(_) => {}
    }
}

/// Catalog bytes that check clean through every generator: every target
/// with every option value that changes its output (`rust.serde`,
/// `openapi.format`), as `compile` plans them (the catalog's own options
/// winning) and with each value forced. Every OpenAPI document must parse
/// (the YAML with yaml_serde, the JSON with serde_json) and both forms of
/// one catalog must hold the same data; the IR must be JSON. Then `diff`
/// between the catalog and mutated copies of it that also check clean, both
/// ways, every change rendered both ways; a catalog against itself has no
/// change.
#[allow(dead_code)]
pub fn generate(data: &[u8]) {
    use errgen::generate::{Options, Target};
    use errgen::ir::MetaValue;
    let analysis = analyze(data);
    if analysis.has_errors() {
        return;
    }
    let variants: [(Target, &str, &[MetaValue]); 2] = [
        (Target::Rust, "serde", &[MetaValue::Bool(false), MetaValue::Bool(true)]),
        (
            Target::OpenApi,
            "format",
            &[MetaValue::Str(String::new()), MetaValue::Str("json".into())],
        ),
    ];
    for &target in Target::ALL {
        for file in errgen::generate::generate_all(&analysis.catalogs, target, &Options::new()) {
            read_generated(target, &file);
        }
    }
    for catalog in &analysis.catalogs {
        for &target in Target::ALL {
            let values = variants
                .iter()
                .find(|(t, _, _)| *t == target)
                .map_or(&[][..], |(_, _, values)| *values);
            let mut documents = Vec::new();
            for value in values.iter().map(Some).chain(values.is_empty().then_some(None)) {
                let mut options = Options::new();
                if let Some(value) = value {
                    let key = variants.iter().find(|(t, _, _)| *t == target).unwrap().1;
                    options.set(key, value.clone());
                }
                for file in target.generate(catalog, &options) {
                    let document = read_generated(target, &file);
                    if target == Target::Ir {
                        // errgen's own serializer says what serde_json says.
                        let mut expected = serde_json::to_value(catalog).expect("the IR serialises");
                        expected["ir_version"] = errgen::generate::ir::IR_VERSION.into();
                        assert_eq!(document, expected, "the IR file is not the IR's serialisation");
                    }
                    documents.push(document);
                }
            }
            if target == Target::OpenApi {
                assert_eq!(documents.len(), 2, "one document per format");
                assert_eq!(
                    documents[0], documents[1],
                    "the OpenAPI YAML and JSON of `{}` differ",
                    catalog.name.original()
                );
            }
        }
    }
    diff_mutants(data);
}

/// A generated file read back: an OpenAPI document or the IR with a real
/// parser (`Null` for the other targets).
#[allow(dead_code)]
fn read_generated(
    target: errgen::generate::Target,
    file: &errgen::generate::GeneratedFile,
) -> serde_json::Value {
    use errgen::generate::Target;
    let json = file.path.extension().is_some_and(|e| e == "json");
    match target {
        Target::OpenApi if !json => yaml_serde::from_str(&file.content).unwrap_or_else(|e| {
            panic!("{} is not YAML: {e}\n{}", file.path.display(), file.content)
        }),
        Target::OpenApi | Target::Ir => serde_json::from_str(&file.content).unwrap_or_else(|e| {
            panic!("{} is not JSON: {e}\n{}", file.path.display(), file.content)
        }),
        _ => serde_json::Value::Null,
    }
}

/// Copies of `data` with one change each: a line dropped, two lines
/// swapped, the digits of a line counted up.
#[allow(dead_code)]
fn mutants(data: &[u8]) -> Vec<Vec<u8>> {
    let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
    let mut out = Vec::new();
    for k in 0..lines.len().min(6) {
        let at = (k * 7919 + data.len()) % lines.len();
        let mut copy: Vec<Vec<u8>> = lines.iter().map(|line| line.to_vec()).collect();
        match k % 3 {
            0 => {
                copy.remove(at);
            }
            1 => copy.swap(at, (at + 1) % lines.len()),
            _ => {
                for b in &mut copy[at] {
                    *b = match *b {
                        b'0'..=b'8' => *b + 1,
                        b'9' => b'0',
                        other => other,
                    };
                }
            }
        }
        out.push(copy.concat());
    }
    out
}

/// `diff` of `data` against itself (no change) and against each of its
/// [`mutants`], both ways, when both versions check clean, as `errgen diff`
/// runs it (each version checked on its own, both in one source map);
/// every change rendered both ways.
#[allow(dead_code)]
fn diff_mutants(data: &[u8]) {
    use errgen::source::{SourceFile, SourceMap};
    for (i, mutant) in std::iter::once(data.to_vec()).chain(mutants(data)).enumerate() {
        let mut sources = SourceMap::new();
        let mut catalogs = Vec::new();
        for (name, bytes) in [("old.errors", data), ("new.errors", &mutant[..])] {
            let Ok(text) = errgen::source::decode(bytes) else {
                return;
            };
            let file = sources.add(SourceFile::new(name, None, text));
            let text = sources.get(file).text.clone();
            let Ok(parsed) = errgen::parse::parse(file, &text) else {
                break;
            };
            let (catalog, mut diagnostics) = errgen::ir::lower(&parsed, &text);
            diagnostics.extend(errgen::check::check(
                std::slice::from_ref(&catalog),
                &sources,
            ));
            if diagnostics.iter().any(|d| d.is_error()) {
                break;
            }
            catalogs.push(catalog);
        }
        let [old, new] = &catalogs[..] else {
            continue;
        };
        if i == 0 {
            let changes = errgen::diff::diff(old, new);
            assert!(changes.is_empty(), "a catalog differs from itself: {changes:?}");
        }
        for (a, b) in [(old, new), (new, old)] {
            for change in errgen::diff::diff(a, b) {
                let _ = errgen::diff::human(&change, &sources);
                let _ = errgen::render::json(&change, &sources);
                let _ = errgen::render::human(&change, &sources, false);
            }
            // As workspaces of one catalog each, with the catalog gone, and
            // with the new one under another name: paired with the old one
            // by the codes it keeps, or its codes moved out of a removed
            // catalog into an added one.
            let mut renamed = b.clone();
            renamed.name = errgen::ir::Names::new("fuzz_renamed");
            let moved = errgen::diff::diff_workspaces(std::slice::from_ref(a), &[renamed]);
            if i == 0 && !a.entries.is_empty() && a.name.original() != "fuzz_renamed" {
                let rules: Vec<&str> = moved.changes.iter().map(|c| c.rule.name()).collect();
                assert_eq!(rules, ["catalog-renamed"], "{:?}", moved.changes);
            }
            let (a, b) = (std::slice::from_ref(a), std::slice::from_ref(b));
            for found in [
                errgen::diff::diff_workspaces(a, b),
                errgen::diff::diff_workspaces(a, &[]),
                errgen::diff::diff_workspaces(&[], b),
                moved,
            ] {
                for change in found.changes.iter().chain(&found.bumps) {
                    let _ = errgen::diff::human(change, &sources);
                    let _ = errgen::render::json(change, &sources);
                }
            }
            let gone = errgen::diff::diff_workspaces(a, &[]).changes;
            assert!(
                gone.len() == 1 && gone[0].rule.name() == "catalog-removed",
                "{gone:?}"
            );
        }
    }
}

/// errgen.yaml text → `Config::parse`: never a panic. A refused file's
/// problems come in file order, each on a span of the text that renders
/// (char boundaries); an accepted file meets what `validate` promises.
#[allow(dead_code)]
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match errgen::config::Config::parse(&text) {
        Ok(config) => {
            assert!(!config.catalogs.is_empty(), "a project without catalogs");
            for catalog in &config.catalogs {
                assert!(!catalog.path.as_os_str().is_empty(), "an empty catalog path");
            }
            for (name, target) in config.targets.iter() {
                assert!(errgen::Target::ALL.iter().any(|t| t.name() == name), "{name}");
                assert!(target.out.is_relative(), "{}", target.out.display());
            }
        }
        Err(error) => {
            let mut sources = errgen::source::SourceMap::new();
            let file = sources.add(errgen::source::SourceFile::new(
                "errgen.yaml",
                None,
                text.into_owned(),
            ));
            let text = &sources.get(file).text;
            assert!(error.more.iter().all(|p| p.more.is_empty()), "nested problems");
            let mut last = None;
            for problem in error.problems() {
                if let (Some(line), Some(last)) = (problem.line, last) {
                    assert!(line >= last, "problems out of file order");
                }
                last = problem.line.or(last);
                let diagnostic = problem.to_diagnostic(file, text);
                let _ = errgen::render::human(&diagnostic, &sources, false);
                let _ = errgen::render::json(&diagnostic, &sources);
            }
        }
    }
}
