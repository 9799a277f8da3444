//! Names the targets cannot turn into identifiers, names equal after
//! conversion, and locales equal up to case or separator: each a
//! diagnostic at the name, never generated code that does not compile.

use errgen::diagnostic::{Diagnostic, Rule, Severity};
use errgen::workspace::{Analysis, Workspace};

/// Analyzes catalogs given as (file name, text) as one workspace.
fn analyze(files: &[(&str, &str)]) -> Analysis {
    let mut workspace = Workspace::new();
    for (name, text) in files {
        workspace.add_bytes(name, None, text.as_bytes());
    }
    workspace.analyze()
}

fn errors(analysis: &Analysis) -> Vec<&Diagnostic> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The one error of `text`, which must be of `rule` and point at the
/// `occurrence`-th (0-based) `name` in the text.
fn one_error_at(text: &str, rule: Rule, name: &str, occurrence: usize) -> Diagnostic {
    let analysis = analyze(&[("c.errors", text)]);
    let found = errors(&analysis);
    assert_eq!(found.len(), 1, "{text}\n{found:#?}");
    let d = found[0].clone();
    assert_eq!(d.rule, rule, "{text}\n{d:#?}");
    let at = text
        .match_indices(name)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("{name} in {text}"))
        .0;
    let span = d.primary.span;
    assert_eq!(
        &text[span.start..span.end],
        name,
        "{text}\n{d:#?} points at the wrong text"
    );
    assert_eq!(span.start, at, "{text}\n{d:#?}");
    assert!(d.help.is_some(), "{d:#?}");
    d
}

/// `_1`, `__`, `___` and `_9a` check clean today and become `1`, ``, ``
/// and `9a` in every case: an enum variant `1`, a file `.rs`.
#[test]
fn names_that_make_no_identifier_are_reported_where_they_stand() {
    for bad in ["_1", "__", "___", "_9a"] {
        let cases = [
            // A catalog (its name is also the file name).
            format!("catalog {bad} {{\n}}\n\nerror a = \"A\" {{\n  message \"x\"\n}}\n"),
            // A group.
            format!("catalog c {{\n}}\n\ngroup {bad} {{\n  error a = \"A\" {{\n    message \"x\"\n  }}\n}}\n"),
            // An entry.
            format!("catalog c {{\n}}\n\nerror {bad} = \"A\" {{\n  message \"x\"\n}}\n"),
            // A named param.
            format!("catalog c {{\n}}\n\nerror a = \"A\" {{\n  param {bad}: string\n  message \"x\"\n}}\n"),
            // A positional param's name.
            format!("catalog c {{\n}}\n\nerror a = \"A\" {{\n  param 0 as {bad}: string\n  message \"x {{0}}\"\n}}\n"),
        ];
        for text in &cases {
            let d = one_error_at(text, Rule::InvalidValue, bad, 0);
            assert!(d.message.contains(&format!("`{bad}`")), "{d:#?}");
        }
    }
    // A placeholder that would make such a param is no placeholder.
    let text = "catalog c {\n}\n\nerror a = \"A\" {\n  message \"x {_1}\"\n}\n";
    one_error_at(text, Rule::InvalidPlaceholder, "{_1}", 0);
    // Leading and doubled underscores are fine while a letter comes first.
    let fine = "catalog _c {\n}\n\ngroup _g_ {\n  error _a__b = \"A\" {\n    param _p1: string\n    message \"x {_p1}\"\n  }\n}\n";
    let analysis = analyze(&[("c.errors", fine)]);
    assert!(errors(&analysis).is_empty(), "{:#?}", analysis.diagnostics);
}

/// Catalogs of one workspace whose names differ but are the same in some
/// case write the same files (`my_api.rs`) and type names (`MyApiError`).
#[test]
fn catalog_names_equal_after_conversion_are_reported() {
    let a =
        "catalog my_api {\n  format \"A_{digits}\"\n}\n\nerror a = \"A_1\" {\n  message \"x\"\n}\n";
    let b =
        "catalog myApi {\n  format \"B_{digits}\"\n}\n\nerror b = \"B_1\" {\n  message \"y\"\n}\n";
    let analysis = analyze(&[("a.errors", a), ("b.errors", b)]);
    let found = errors(&analysis);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = found[0];
    assert_eq!(d.rule, Rule::DuplicateName, "{d:#?}");
    assert!(d.message.contains("`my_api`") && d.message.contains("`myApi`"));
    assert_eq!(d.secondary.len(), 1, "{d:#?}");
    assert!(d.help.is_some());
    // Two versions of one catalog share its name: no clash.
    let v1 = "catalog my_api {\n  version 1.0.0\n  format \"A_{digits}\"\n}\n\nerror a = \"A_1\" {\n  message \"x\"\n}\n";
    let v2 = "catalog my_api {\n  version 2.0.0\n  format \"A_{digits}\"\n}\n\nerror a = \"A_1\" {\n  message \"x\"\n}\n";
    let analysis = analyze(&[("v1.errors", v1), ("v2.errors", v2)]);
    assert!(errors(&analysis).is_empty(), "{:#?}", analysis.diagnostics);
}

/// `en` and `EN`, `zh-Hans` and `zh_hans` are one locale to every lookup
/// (`from_tag` ignores case and `-`/`_`): listing both is an error at the
/// second.
#[test]
fn locales_equal_up_to_case_or_separator_are_one_locale() {
    for (locales, second) in [
        ("en, EN", "EN"),
        ("en, zh-Hans, zh_hans", "zh_hans"),
        ("pt_BR, en, pt-br", "pt-br"),
        ("en, en", "en"),
    ] {
        let text = format!("catalog c {{\n  locales {locales}\n}}\n");
        let occurrence = usize::from(second == "en");
        let d = one_error_at(&text, Rule::InvalidValue, second, occurrence);
        assert!(d.message.contains("listed twice"), "{d:#?}");
        assert_eq!(d.secondary.len(), 1, "{d:#?}");
    }
    let analysis = analyze(&[(
        "c.errors",
        "catalog c {\n  locales en, en-US, zh-Hans, zh-Hant\n}\n",
    )]);
    assert!(errors(&analysis).is_empty(), "{:#?}", analysis.diagnostics);
}

/// A text names a locale as `locales` writes it; one that differs only in
/// case or `-`/`_` is told how to write it, not to add it (which would list
/// the locale twice).
#[test]
fn a_locale_written_otherwise_is_told_its_spelling() {
    let text = "catalog c {\n  locales en, zh-Hans\n}\n\nerror a = \"A\" {\n  message \"x\"\n  message zh_hans \"y\"\n}\n";
    let d = one_error_at(text, Rule::UnknownLocale, "zh_hans", 0);
    assert_eq!(
        d.help.as_deref(),
        Some("write it `zh-Hans`, as the catalog's `locales` does"),
        "{d:#?}"
    );
}
