// The code the fuzz targets run, shared word for word with the corpus replay
// in tests/fuzz_regressions.rs (both `include!` this file).

/// Catalog bytes through the whole front end: decode → parse → lower →
/// check, then every diagnostic rendered both ways (spans must land on char
/// boundaries). When the file parsed, the canonical form must parse, be a
/// fixed point of the formatter, and lower to the same IR.
#[allow(dead_code)]
pub fn parse_check(data: &[u8]) {
    let analysis = analyze(data);
    for diagnostic in &analysis.diagnostics {
        let _ = errgen::render::human(diagnostic, &analysis.sources, false);
        let _ = errgen::render::json(diagnostic, &analysis.sources);
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
                let _ = note.render("fuzz.md");
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
