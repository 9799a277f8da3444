//! What `errgen explain` shows is what errgen does: for every rule whose
//! page has a `## Wrong` and a `## Right` example, the wrong one is
//! reported under that rule and the right one is not; for a change of
//! `errgen diff` shown as an old and a new version, the diff says what the
//! page says of it (as rustc tests the examples of its error index).

mod support;

use errgen::diagnostic::Rule;
use errgen::workspace::Workspace;
use support::fenced;

/// The rules whose examples need more than catalogs and errgen.yaml, and
/// what: their pages say it in words around the examples.
const NEED_MORE: &[(&str, &str)] = &[
    ("encoding", "a file's bytes, shown as text"),
    ("import", "a Markdown document, read by `errgen import`"),
    (
        "version-bump",
        "the released version the catalog is compared with",
    ),
    ("undeclared-code", "the source files `check --refs` reads"),
    ("unused-code", "the source files `check --refs` reads"),
];

/// The fenced blocks of the section under `heading` in `page`.
fn examples<'p>(page: &'p str, heading: &str) -> Vec<(&'p str, &'p str)> {
    let Some(at) = page.find(&format!("\n{heading}\n")) else {
        return Vec::new();
    };
    let after = &page[at + heading.len() + 2..];
    fenced(&after[..after.find("\n## ").unwrap_or(after.len())])
}

/// `text`, or an excerpt with a minimal catalog header before it.
fn whole(text: &str) -> String {
    let has_header = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with("catalog "));
    if has_header {
        text.to_string()
    } else {
        format!("catalog example {{}}\n\n{text}")
    }
}

/// The rules the catalogs `texts` are reported under, checked together.
fn reported(texts: &[&str]) -> Vec<Rule> {
    let mut workspace = Workspace::new();
    for (i, text) in texts.iter().enumerate() {
        workspace.add_bytes(&format!("example{i}.errors"), None, whole(text).as_bytes());
    }
    let analysis = workspace.analyze();
    analysis.diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn every_wrong_example_is_reported_and_every_right_one_is_not() {
    let mut failures = Vec::new();
    let mut checked = Vec::new();
    for &rule in Rule::ALL {
        let page = rule.explanation();
        let (wrong, right) = (examples(page, "## Wrong"), examples(page, "## Right"));
        if wrong.is_empty() || right.is_empty() {
            continue;
        }
        if NEED_MORE.iter().any(|(name, _)| *name == rule.name()) {
            continue;
        }
        checked.push(rule.name());
        let kind = |blocks: &[(&'static str, &'static str)]| -> Option<&'static str> {
            let (first, rest) = blocks.split_first()?;
            rest.iter().all(|b| b.0 == first.0).then_some(first.0)
        };
        let texts = |blocks: &[(&str, &'static str)]| -> Vec<&'static str> {
            blocks.iter().map(|b| b.1).collect()
        };
        match (kind(&wrong), kind(&right)) {
            (Some("errgen"), Some("errgen")) => {
                let found = reported(&texts(&wrong));
                if !found.contains(&rule) {
                    failures.push(format!(
                        "{}: the wrong example is not reported under it (found {found:?})",
                        rule.name()
                    ));
                }
                let found = reported(&texts(&right));
                if found.contains(&rule) {
                    failures.push(format!("{}: the right example is reported", rule.name()));
                }
            }
            (Some("yaml"), Some("yaml")) if rule == Rule::Config => {
                if errgen::config::Config::parse(wrong[0].1).is_ok() {
                    failures.push("config: the wrong errgen.yaml is accepted".into());
                }
                if let Err(e) = errgen::config::Config::parse(right[0].1) {
                    failures.push(format!("config: the right errgen.yaml is refused: {e}"));
                }
            }
            other => failures.push(format!("{}: examples written as {other:?}", rule.name())),
        }
    }
    assert!(checked.len() >= 40, "only {checked:?} have both examples");
    for (name, _) in NEED_MORE {
        let rule = Rule::lookup(name).unwrap_or_else(|| panic!("no rule `{name}`"));
        let page = rule.explanation();
        assert!(
            !examples(page, "## Wrong").is_empty() && !examples(page, "## Right").is_empty(),
            "{name} has no examples to leave out"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rules `errgen diff` reports from `old` to `new`; both must check
/// without errors.
fn changes(old: &str, new: &str) -> Result<Vec<Rule>, String> {
    let mut catalogs = Vec::new();
    for text in [old, new] {
        let text = whole(text);
        let mut workspace = Workspace::new();
        workspace.add_bytes("example.errors", None, text.as_bytes());
        let mut analysis = workspace.analyze();
        if let Some(d) = analysis.diagnostics.iter().find(|d| d.is_error()) {
            return Err(format!("{}: {}", d.rule.name(), d.message));
        }
        catalogs.push(analysis.catalogs.remove(0));
    }
    let found = errgen::diff::diff(&catalogs[0], &catalogs[1]);
    Ok(found.iter().map(|d| d.rule).collect())
}

#[test]
fn every_change_shown_as_two_versions_is_what_the_page_says() {
    // What the text between the two versions says of the new one.
    const SAFE: &str = "one that\nkeeps them working:";
    const REPORTED: &str = "The new version,";
    let mut failures = Vec::new();
    let mut checked = Vec::new();
    for &rule in Rule::ALL {
        let page = rule.explanation();
        let blocks = examples(page, "## Example");
        let [("errgen", old), ("errgen", new)] = blocks.as_slice() else {
            continue;
        };
        let between = &page[page.find(old).unwrap() + old.len()..page.find(new).unwrap()];
        let expect_reported = if between.contains(SAFE) {
            false
        } else if between.contains(REPORTED) {
            true
        } else {
            failures.push(format!(
                "{}: the page does not say what the new version is",
                rule.name()
            ));
            continue;
        };
        checked.push(rule.name());
        match changes(old, new) {
            Err(e) => failures.push(format!("{}: a version does not check: {e}", rule.name())),
            Ok(found) if found.contains(&rule) != expect_reported => failures.push(format!(
                "{}: the new version is {}reported under it (found {found:?})",
                rule.name(),
                if expect_reported { "not " } else { "" }
            )),
            Ok(_) => {}
        }
    }
    assert!(checked.len() >= 15, "only {checked:?} show two versions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every catalog a page shows parses (an excerpt with a minimal header),
/// except the wrong example of the page about syntax errors.
#[test]
fn every_catalog_shown_on_a_page_parses() {
    let mut failures = Vec::new();
    for &rule in Rule::ALL {
        let page = rule.explanation();
        // A page about syntax shows a syntax error where it is wrong.
        let wrong = examples(page, "## Wrong");
        for block in fenced(page) {
            if block.0 != "errgen" || (rule == Rule::Syntax && wrong.contains(&block)) {
                continue;
            }
            // A line of `…` stands for what the example leaves out.
            let text: String = block
                .1
                .lines()
                .filter(|l| l.trim() != "…")
                .map(|l| format!("{l}\n"))
                .collect();
            if reported(&[&text]).contains(&Rule::Syntax) {
                failures.push(format!("{}: a block does not parse:\n{text}", rule.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README's table of rules lists every rule, by its code and name, or
/// within a range of codes (`W0050–W0065`), and no rule that does not
/// exist: the rows of new rules were added by hand.
#[test]
fn the_readme_lists_every_rule() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let number = |code: &str| code[1..].parse::<u32>().ok();
    let mut rows: Vec<(u32, u32, Option<String>)> = Vec::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(code), Some(rule)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let name = rule
            .strip_prefix('`')
            .and_then(|r| r.split('`').next())
            .map(str::to_owned);
        match code.split_once('–') {
            Some((from, to)) => {
                if let (Some(a), Some(b)) = (number(from), number(to.trim())) {
                    rows.push((a, b, None));
                }
            }
            None if code.len() == 5 && code.starts_with(['E', 'W', 'N']) => {
                if let Some(n) = number(code) {
                    rows.push((n, n, name));
                }
            }
            None => {}
        }
    }
    let mut missing = Vec::new();
    for rule in Rule::ALL {
        let n = number(rule.code()).unwrap();
        let listed = rows.iter().any(|(a, b, name)| {
            (*a..=*b).contains(&n) && name.as_deref().is_none_or(|name| name == rule.name())
        });
        if !listed {
            missing.push(format!("{} {}", rule.code(), rule.name()));
        }
    }
    assert!(missing.is_empty(), "not in the README's table: {missing:?}");
    let known: Vec<u32> = Rule::ALL
        .iter()
        .map(|r| number(r.code()).unwrap())
        .collect();
    let unknown: Vec<&(u32, u32, Option<String>)> =
        rows.iter().filter(|(a, _, _)| !known.contains(a)).collect();
    assert!(unknown.is_empty(), "rows of no rule: {unknown:?}");
}
