//! The Markdown target: a snapshot of the page of every catalog file of the
//! generator tests and of catalogs written here, and the facts the issue
//! asks of every page, checked by parsing it with a CommonMark parser
//! (pulldown-cmark, with GFM tables and every extension that could turn
//! catalog text into markup): one table row per entry with the header's
//! cells, unique anchors that every link reaches, no HTML, and catalog text
//! that reads back as written.

mod support;

use errgen::generate::{GeneratedFile, Options, Target};
use errgen::ir::{Catalog, Segment, Segments};
use errgen::workspace::Workspace;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Every catalog file of the generator tests (`support::catalog_files`).
fn fixture_paths() -> Vec<String> {
    support::catalog_files()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

/// The catalog of one source, analyzed alone (examples share names).
fn catalog_of(name: &str, source: &str) -> Catalog {
    let mut workspace = Workspace::new();
    workspace.add_bytes(name, None, source.as_bytes());
    let mut analysis = workspace.analyze();
    assert_eq!(
        analysis.catalogs.len(),
        1,
        "{name} did not parse: {:?}",
        analysis.diagnostics
    );
    analysis.catalogs.remove(0)
}

fn load(path: &str) -> Catalog {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    catalog_of(path, &std::fs::read_to_string(root.join(path)).unwrap())
}

fn page(catalog: &Catalog) -> String {
    let files = Target::Md.generate(catalog, &Options::new());
    assert_eq!(files.len(), 1);
    let GeneratedFile { path, content } = &files[0];
    assert_eq!(
        path.to_str().unwrap(),
        format!("{}.md", catalog.name.snake())
    );
    content.clone()
}

/// Every property the language has, a problem envelope, a group whose title
/// is also a code, a code named like a fixed section, and a docs link that
/// must not become a link.
const FEATURES: &str = r#"
catalog features "Features | all of them" {
  version 3.1.0
  locales en, de
  format "{upper}"
  stages auth, io
  docs "https://errors.example.com/features (see)"
  description en "Line one\n# not a heading\n- not a list\n1. not a list\n> not a quote"
  envelope problem {
    type_base "https://errors.example.com/"
    code "code"
    params "params"
  }
}

group mismatch "Mismatch" {
  description en "A group titled like a code: its heading makes way."

  error "MISMATCH" {
    param have: int
    param want: int
    http 409
    grpc ABORTED
    retryable
    stage io
    message en "Versions differ: {have} vs {want}."
    message de "Versionen unterscheiden sich: {have} gegen {want}."
    cause en "Two writers raced."
    remedy en "Read, then write again."
    docs "https://errors.example.com/MISMATCH"
    meta owner "storage | team"
    meta pager true
    meta tier 2
  }

  error "OLD_MISMATCH" {
    deprecated "use MISMATCH | or else"
    replaced_by MISMATCH
    message en "Old."
  }
}

success "DONE" {
  message en "Done."
  message de "Fertig."
}

error "ENVELOPE" {
  stage auth
  message en "A code that looks like a section heading."
  upstream gateway {
    http 502
    grpc UNAVAILABLE
    match r"upstream `(?<host>[^`]+)` \| down"
    contains "<b>down</b>"
  }
}

reserved "RETIRED" "gone in 3.0 & <never> back"
"#;

/// Codes whose anchors collide: GitHub's suffixes must be what the links use.
const COLLISIONS: &str = r#"
catalog collisions {
  envelope two_level {
    code "errCode"
    message "errMessage"
    sub_code "subErrCode"
    sub_message "subErrMessage"
  }
}

error a_dot_b = "A.B" { message "first" }
error ab = "AB" { message "second" }
error ab_1 = "AB-1" { message "third" }
error pipe = "X|Y <b>" { message "a | b" }
"#;

/// Characters a reader cannot see, at the ends of messages and prose.
const INVISIBLE: &str = r#"
catalog invisible {
  format "{upper}"
}

error vt = "VT" {
  message "\u{b}"
  description "\u{c}"
}

error ff_end = "FF_END" {
  message "x\u{c}"
}

error ls_start = "LS_START" {
  message "\u{2028}y"
  remedy "y\u{2029}"
}

error nel = "NEL" {
  message "\u{85}"
  cause "z\u{85}"
}

error nbsp = "NBSP" {
  message "\u{a0}a\u{a0}"
}
"#;

/// A catalog with nothing in it yet.
const EMPTY: &str = "catalog empty {\n  format \"E{digits:3}\"\n}\n";

fn inline_catalogs() -> Vec<(&'static str, Catalog)> {
    vec![
        ("features", catalog_of("features.errors", FEATURES)),
        ("collisions", catalog_of("collisions.errors", COLLISIONS)),
        ("empty", catalog_of("empty.errors", EMPTY)),
        ("invisible", catalog_of("invisible.errors", INVISIBLE)),
    ]
}

fn all_catalogs() -> Vec<(String, Catalog)> {
    let mut all: Vec<(String, Catalog)> = fixture_paths()
        .iter()
        .map(|p| {
            let stem = Path::new(p).file_stem().unwrap().to_string_lossy();
            (stem.into_owned(), load(p))
        })
        .collect();
    all.extend(
        inline_catalogs()
            .into_iter()
            .map(|(n, c)| (n.to_owned(), c)),
    );
    all
}

#[test]
fn snapshots() {
    for (name, catalog) in all_catalogs() {
        insta::assert_snapshot!(name, page(&catalog));
    }
}

#[test]
fn deterministic() {
    for (name, catalog) in all_catalogs() {
        assert_eq!(page(&catalog), page(&catalog), "{name}");
    }
}

// ---------------------------------------------------------------------------
// Reading a page back.
// ---------------------------------------------------------------------------

fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_MATH
        | O::ENABLE_GFM
        | O::ENABLE_DEFINITION_LIST
        | O::ENABLE_SUPERSCRIPT
        | O::ENABLE_SUBSCRIPT
        | O::ENABLE_WIKILINKS
}

/// What a page says, as a CommonMark parser reads it.
#[derive(Debug, Default)]
struct Read {
    /// Headings in order: level and text.
    headings: Vec<(u32, String)>,
    /// Tables: header cells, then rows of cells; a cell is its text and
    /// the links in it.
    tables: Vec<(Vec<String>, Vec<Vec<Cell>>)>,
    /// Every link: destination and text.
    links: Vec<(String, String)>,
    /// The text of every `**strong**` and `*emphasis*`.
    strong: Vec<String>,
    emphasis: Vec<String>,
    /// Fenced code blocks: info string and content.
    code_blocks: Vec<(String, String)>,
    /// All text (text, code spans and breaks) in order.
    text: String,
    /// Events that catalog text must never produce.
    forbidden: Vec<String>,
}

#[derive(Debug, Default, Clone)]
struct Cell {
    text: String,
    links: Vec<String>,
}

/// The containers open while reading, whose text is being collected.
#[derive(Default)]
struct Open {
    heading: Option<(u32, String)>,
    cell: Option<Cell>,
    row: Vec<Cell>,
    strong: Vec<String>,
    emphasis: Vec<String>,
    link: Option<(String, String)>,
    code_block: Option<(String, String)>,
}

impl Open {
    /// Text outside code blocks goes to every open container.
    fn text(&mut self, r: &mut Read, text: &str) {
        r.text.push_str(text);
        if let Some((_, h)) = &mut self.heading {
            h.push_str(text);
        }
        if let Some(c) = &mut self.cell {
            c.text.push_str(text);
        }
        for s in self.strong.iter_mut().chain(self.emphasis.iter_mut()) {
            s.push_str(text);
        }
        if let Some((_, l)) = &mut self.link {
            l.push_str(text);
        }
    }
}

fn read(markdown: &str) -> Read {
    let mut r = Read::default();
    let mut open = Open::default();
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                assert!(id.is_none(), "a heading got an id attribute: {id:?}");
                open.heading = Some((level as u32, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => r.headings.push(open.heading.take().unwrap()),
            Event::Start(Tag::Table(_)) => r.tables.push((Vec::new(), Vec::new())),
            Event::End(TagEnd::TableHead) => {
                r.tables.last_mut().unwrap().0 = open.row.drain(..).map(|c| c.text).collect();
            }
            Event::Start(Tag::TableRow) => open.row.clear(),
            Event::End(TagEnd::TableRow) => r
                .tables
                .last_mut()
                .unwrap()
                .1
                .push(std::mem::take(&mut open.row)),
            Event::Start(Tag::TableCell) => open.cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => open.row.push(open.cell.take().unwrap()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(c) = &mut open.cell {
                    c.links.push(dest_url.to_string());
                }
                open.link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => r.links.push(open.link.take().unwrap()),
            Event::Start(Tag::Strong) => open.strong.push(String::new()),
            Event::End(TagEnd::Strong) => r.strong.push(open.strong.pop().unwrap()),
            Event::Start(Tag::Emphasis) => open.emphasis.push(String::new()),
            Event::End(TagEnd::Emphasis) => r.emphasis.push(open.emphasis.pop().unwrap()),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".into(),
                };
                open.code_block = Some((info, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => r.code_blocks.push(open.code_block.take().unwrap()),
            Event::Text(t) => match &mut open.code_block {
                Some((_, content)) => content.push_str(&t),
                None => open.text(&mut r, &t),
            },
            Event::Code(t) => open.text(&mut r, &t),
            Event::SoftBreak | Event::HardBreak => open.text(&mut r, "\n"),
            Event::Html(h) | Event::InlineHtml(h) => r.forbidden.push(format!("HTML {h:?}")),
            Event::InlineMath(m) | Event::DisplayMath(m) => r.forbidden.push(format!("math {m:?}")),
            Event::FootnoteReference(f) => r.forbidden.push(format!("footnote {f:?}")),
            Event::TaskListMarker(_) => r.forbidden.push("task list marker".into()),
            Event::Start(
                tag @ (Tag::HtmlBlock
                | Tag::Image { .. }
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::MetadataBlock(_)),
            ) => r.forbidden.push(format!("{tag:?}")),
            _ => {}
        }
    }
    r
}

/// The id GitHub gives a heading (github-slugger), written independently
/// of the generator's.
fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The ids of headings in order, de-duplicated as GitHub does.
fn ids(headings: &[(u32, String)]) -> Vec<String> {
    let mut occurrences: HashMap<String, u32> = HashMap::new();
    headings
        .iter()
        .map(|(_, text)| {
            let base = slug(text);
            let mut id = base.clone();
            while occurrences.contains_key(&id) {
                let n = occurrences.get_mut(&base).unwrap();
                *n += 1;
                id = format!("{base}-{n}");
            }
            occurrences.insert(id.clone(), 0);
            id
        })
        .collect()
}

/// Text as a page shows it: control characters as control pictures, C1
/// controls and U+2028/U+2029 as `⟨U+2028⟩`, line breaks and runs of
/// whitespace as one space.
fn shown(text: &str) -> String {
    let pictured: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => " ".to_owned(),
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap().to_string(),
            '\u{7f}' => '\u{2421}'.to_string(),
            c if errgen::invisible::is_invisible(c) => format!("⟨U+{:04X}⟩", c as u32),
            c => c.to_string(),
        })
        .collect();
    pictured.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A message as written: literal text with `{{` undone, placeholders as
/// `{name}`.
fn as_written(segments: Segments) -> String {
    segments
        .map(|s| match s {
            Segment::Text(t) => t.into_owned(),
            Segment::Placeholder(p) => p.key.to_string(),
        })
        .collect()
}

/// The text a one-line context (heading, cell) shows for catalog text.
fn one_line(text: &str) -> String {
    shown(&text.replace("\r\n", " ⏎ ").replace(['\n', '\r'], " ⏎ "))
}

const LABELS: &[&str] = &[
    "Catalog:",
    "Version:",
    "Locales:",
    "Code formats:",
    "Stages:",
    "Envelopes:",
    "Docs:",
    "Codes:",
    "Code numbers:",
    "Fields",
    "Group:",
    "Part of:",
    "Prefix:",
    "Subgroups:",
    "Name:",
    "Kind:",
    "HTTP status:",
    "gRPC status:",
    "Retryable:",
    "Stage:",
    "Deprecated:",
    "Replaced by:",
    "Aliases:",
    "Messages",
    "Types",
    "Params",
    "Params (inferred from the messages)",
    "Description",
    "Causes",
    "Remedies",
    "Upstream errors that map to it",
    "Meta",
    "Message matches:",
    "Fills params:",
    "Message contains:",
    "Field matches:",
    "Field contains:",
    "Status:",
    "gRPC code:",
    "Message:",
    "Field:",
    "Maps to:",
];

/// Checks the facts every page must hold; returns what was read.
fn check_page(name: &str, catalog: &Catalog, markdown: &str) -> Read {
    let r = read(markdown);
    assert!(r.forbidden.is_empty(), "{name}: {:?}", r.forbidden);

    // Bold and italics come from the generator only.
    let locales: BTreeSet<String> = catalog
        .locales
        .iter()
        .map(String::as_str)
        .chain(
            catalog
                .entries
                .iter()
                .flat_map(|e| e.messages.iter().map(|m| &*m.locale)),
        )
        .flat_map(|l| [format!("{l}:"), format!("{l} (default):")])
        .collect();
    // `**Envelope NAME**` heads each envelope when there are several.
    let envelopes: BTreeSet<String> = catalog
        .envelopes
        .iter()
        .map(|e| format!("Envelope {}", e.name.original()))
        .collect();
    for s in &r.strong {
        assert!(
            LABELS.contains(&s.as_str()) || locales.contains(s) || envelopes.contains(s),
            "{name}: unexpected bold text {s:?}"
        );
    }
    for e in &r.emphasis {
        assert_eq!(e, "(missing)", "{name}: unexpected emphasis");
    }

    // One code block per envelope: its example, valid JSON.
    assert_eq!(
        r.code_blocks.len(),
        catalog.envelopes.len(),
        "{name}: {:?}",
        r.code_blocks
    );
    for (language, block) in &r.code_blocks {
        assert_eq!(language, "json");
        let example: serde_json::Value = serde_json::from_str(block)
            .unwrap_or_else(|e| panic!("{name}: the example is not JSON: {e}"));
        assert!(example.is_object());
    }

    // Anchors: unique. An entry's is its code's slug, which no other
    // heading takes (so GitHub's de-duplication never moves it), except on a
    // page built to collide. Groups of the same title are told apart by
    // GitHub's `-1` suffixes.
    let ids = ids(&r.headings);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{name}: {ids:?}");
    if name != "collisions" {
        let codes: BTreeSet<String> = catalog
            .entries
            .iter()
            .map(|e| one_line(&e.code.to_string()))
            .collect();
        let mut entry_slugs = BTreeSet::new();
        let mut other_slugs = BTreeSet::new();
        for (_, text) in &r.headings {
            if codes.contains(&shown(text)) {
                assert!(entry_slugs.insert(slug(text)), "{name}: {text}");
            } else {
                other_slugs.insert(slug(text));
            }
        }
        let shared: Vec<_> = entry_slugs.intersection(&other_slugs).collect();
        assert!(shared.is_empty(), "{name}: {shared:?}");
        for (entry, id) in r.headings.iter().zip(&ids) {
            if codes.contains(&shown(&entry.1)) {
                assert_eq!(id, &slug(&entry.1), "{name}");
            }
        }
    }
    let id_of: HashMap<&str, &str> = ids
        .iter()
        .zip(&r.headings)
        .map(|(id, (_, text))| (id.as_str(), text.as_str()))
        .collect();
    // A link into the page leads to the heading it names.
    for (link, text) in &r.links {
        if let Some(fragment) = link.strip_prefix('#') {
            let heading = id_of.get(fragment);
            assert!(heading.is_some(), "{name}: link to {link} leads nowhere");
            assert_eq!(shown(heading.unwrap()), shown(text), "{name}: {link}");
        } else {
            assert!(link.starts_with("https://"), "{name}: link to {link}");
        }
    }

    // Every entry has exactly one heading, whose text is its code.
    for entry in &catalog.entries {
        let code = one_line(&entry.code.to_string());
        let n = r.headings.iter().filter(|(_, t)| shown(t) == code).count();
        assert_eq!(n, 1, "{name}: headings for {code}");
    }

    // Every alias has one heading, its code, at the code's slug (so that a
    // link to the code's old section lands there), linked from its entry.
    for entry in &catalog.entries {
        for alias in entry.aliases.iter() {
            let code = one_line(&alias.code.to_string());
            let at: Vec<usize> = (0..r.headings.len())
                .filter(|&i| shown(&r.headings[i].1) == code)
                .collect();
            assert_eq!(at.len(), 1, "{name}: headings for the alias {code}");
            assert_eq!(ids[at[0]], slug(&r.headings[at[0]].1), "{name}: {code}");
            let link = format!("#{}", ids[at[0]]);
            assert!(
                r.links.iter().any(|(l, t)| *l == link && shown(t) == code),
                "{name}: no link to the alias {code}"
            );
        }
    }

    // Tables: the header, one row per entry, each with the header's cells,
    // its code linking to its own section and its default message whole.
    let rows: Vec<&Vec<Cell>> = r.tables.iter().flat_map(|(_, rows)| rows).collect();
    assert_eq!(rows.len(), catalog.entries.len(), "{name}: table rows");
    for (head, body) in &r.tables {
        assert_eq!(head, &["Code", "Name", "HTTP", "Message"], "{name}");
        for row in body {
            assert_eq!(row.len(), head.len(), "{name}: {row:?}");
        }
    }
    let mut seen = BTreeSet::new();
    for row in rows {
        let code = shown(&row[0].text);
        let entry = catalog
            .entries
            .iter()
            .find(|e| one_line(&e.code.to_string()) == code)
            .unwrap_or_else(|| panic!("{name}: a row for unknown code {code:?}"));
        assert!(seen.insert(code.clone()), "{name}: two rows for {code}");
        assert_eq!(row[0].links.len(), 1, "{name}: {row:?}");
        let target = row[0].links[0].strip_prefix('#').unwrap();
        assert_eq!(shown(id_of[target]), code, "{name}: the row of {code}");
        assert!(
            row[1].text.starts_with(entry.name.snake()),
            "{name}: {row:?}"
        );
        let expected = match entry.message(catalog.default_locale()) {
            Some(m) if !m.text.trim_matches([' ', '\t']).is_empty() => {
                one_line(&as_written(m.segments()))
            }
            _ => "—".to_owned(),
        };
        assert_eq!(shown(&row[3].text), expected, "{name}: the row of {code}");
    }

    // Every message, in every locale, reads back as written.
    let text = shown(&r.text);
    for entry in &catalog.entries {
        for message in &entry.messages {
            let written = shown(&as_written(message.segments()));
            assert!(
                text.contains(&written),
                "{name}: {} {} does not read back: {written:?}",
                entry.code,
                message.locale
            );
        }
        for t in entry
            .causes
            .iter()
            .chain(entry.remedies.iter())
            .chain(&entry.description)
        {
            assert!(text.contains(&shown(&t.text)), "{name}: {:?}", t.text);
        }
    }
    for t in &catalog.description {
        assert!(text.contains(&shown(&t.text)), "{name}: {:?}", t.text);
    }
    r
}

#[test]
fn every_page_reads_back() {
    for (name, catalog) in all_catalogs() {
        check_page(&name, &catalog, &page(&catalog));
    }
}

#[test]
fn hostile_strings_render_as_text() {
    let catalog = load("tests/fixtures/codegen/hostile.errors");
    let markdown = page(&catalog);
    let r = check_page("hostile", &catalog, &markdown);
    assert_eq!(r.headings[0].1, "Hostile \"strings\" */ </script>");
    let text = shown(&r.text);
    for literal in [
        "</script><script>alert(1)</script> & <!-- -->",
        "Quote \" backslash \\ backtick ` dollar-brace ${x} close-comment */ braces { }",
        "<b>tags</b> and [brackets] and `code`.",
        "Line one Line two with a tab and a NUL ␀ here",
        "emoji 😀👩‍💻, and ␡ delete",
        "'single' \"double\" `back` {self} \\n is not a newline",
        "indented \"quotes\" and \\ backslashes stay raw here,",
    ] {
        assert!(text.contains(literal), "{literal:?} is not in the page");
    }
    // The raw page carries no NUL or other control character but tab/LF.
    assert!(!markdown
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t'));
}

#[test]
fn invisible_characters_at_the_ends_are_shown() {
    let catalog = catalog_of("invisible.errors", INVISIBLE);
    let r = check_page("invisible", &catalog, &page(&catalog));
    let cells: BTreeMap<String, String> = r
        .tables
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|row| (row[0].text.clone(), row[3].text.clone()))
        .collect();
    for (code, message) in [
        ("VT", "␋"),
        ("FF_END", "x␌"),
        ("LS_START", "⟨U+2028⟩y"),
        ("NEL", "⟨U+0085⟩"),
        ("NBSP", "\u{a0}a\u{a0}"),
    ] {
        assert_eq!(cells[code], message, "the table row of {code}");
    }
    // The entries' sections, read as one text (blocks are not separated).
    for section in [
        "en (default): ␋Descriptionen: ␌FF_END",
        "en (default): x␌LS_START",
        "en (default): ⟨U+2028⟩yRemediesen: y⟨U+2029⟩NEL",
        "en (default): ⟨U+0085⟩Causesen: z⟨U+0085⟩NBSP",
    ] {
        assert!(r.text.contains(section), "no {section:?} in {:?}", r.text);
    }
    assert!(
        r.text.ends_with("en (default): \u{a0}a\u{a0}"),
        "{:?}",
        r.text
    );
}

#[test]
fn features_render() {
    let catalogs = inline_catalogs();
    let (_, features) = &catalogs[0];
    let markdown = page(features);
    let r = check_page("features", features, &markdown);
    let headings: Vec<&str> = r.headings.iter().map(|(_, t)| t.as_str()).collect();
    // The group and the fixed section make way for the codes.
    assert!(headings.contains(&"Mismatch (group)"), "{headings:?}");
    assert!(headings.contains(&"Envelope (section)"), "{headings:?}");
    assert!(headings.contains(&"MISMATCH"));
    // The replacement links to its entry; the docs link is a link only when
    // it is a plain URL.
    assert!(markdown.contains("**Replaced by:** [MISMATCH](#mismatch)"));
    let docs = "https://errors.example.com/MISMATCH";
    assert!(r.links.contains(&(docs.to_owned(), docs.to_owned())));
    assert!(!r.links.iter().any(|(l, _)| l.contains("(see)")));
    let text = shown(&r.text);
    for literal in [
        "upstream `(?<host>[^`]+)` \\| down",
        "<b>down</b>",
        "gone in 3.0 & <never> back",
        "storage | team",
        "# not a heading - not a list 1. not a list > not a quote",
    ] {
        assert!(text.contains(literal), "{literal:?} is not in the page");
    }
    // The example is an RFC 9457 problem for the first error.
    let example: serde_json::Value = serde_json::from_str(&r.code_blocks[0].1).unwrap();
    assert_eq!(example["type"], "https://errors.example.com/MISMATCH");
    assert_eq!(example["status"], 409);
    assert_eq!(example["code"], "MISMATCH");
    assert_eq!(example["params"]["have"], 42);
}

#[test]
fn colliding_codes_link_to_their_own_sections() {
    let catalogs = inline_catalogs();
    let (_, collisions) = &catalogs[1];
    let markdown = page(collisions);
    let r = check_page("collisions", collisions, &markdown);
    let ids = ids(&r.headings);
    let by_text: BTreeMap<&str, &str> = r
        .headings
        .iter()
        .zip(&ids)
        .map(|((_, t), id)| (t.as_str(), id.as_str()))
        .collect();
    assert_eq!(by_text["A.B"], "ab");
    assert_eq!(by_text["AB"], "ab-1");
    assert_eq!(by_text["AB-1"], "ab-1-1");
    assert_eq!(by_text["X|Y <b>"], "xy-b");
}

/// The anchors of a catalog's codes do not move when groups, entries and
/// headings that look like codes are added around them.
#[test]
fn anchors_survive_regeneration() {
    fn entry_ids(source: &str) -> BTreeMap<String, String> {
        let catalog = catalog_of("features.errors", source);
        let r = read(&page(&catalog));
        let codes: BTreeSet<String> = catalog.entries.iter().map(|e| e.code.to_string()).collect();
        r.headings
            .iter()
            .zip(ids(&r.headings))
            .filter(|((_, t), _)| codes.contains(t))
            .map(|((_, t), id)| (t.clone(), id))
            .collect()
    }
    let before = entry_ids(FEATURES);
    let grown = FEATURES.replace(
        "group mismatch",
        r#"group done "Done" {
  error "ZEBRA" { message "New." }
  error "DONE_" { message "Close to DONE." }
}

group mismatch"#,
    );
    let after = entry_ids(&grown);
    assert_eq!(after.len(), before.len() + 2);
    for (code, id) in &before {
        assert_eq!(&after[code], id, "{code} moved");
    }
    assert_eq!(before["DONE"], "done");
}

/// The envelope example is JSON as every target prints it (json.rs): a
/// character a reader cannot see is escaped, `\u200b`, as in the IR and
/// OpenAPI files, not left raw in the block.
#[test]
fn envelope_example_escapes_what_a_reader_cannot_see() {
    let catalog = catalog_of(
        "zero_width.errors",
        "catalog zero_width {\n  format \"{upper}\"\n}\n\nerror \"ZW\" {\n  message \"a\\u{200b}b\"\n}\n",
    );
    let page = page(&catalog);
    let json = page
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a JSON block");
    assert!(json.contains("a\\u200bb"), "{json}");
    assert!(!json.contains('\u{200b}'), "{json}");
}
