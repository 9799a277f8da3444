use super::*;

fn parse_ok(text: &str) -> File {
    match parse(FileId(0), text) {
        Ok(f) => f,
        Err(d) => panic!("{}: {:?}", d.message, d),
    }
}

fn parse_err(text: &str) -> Diagnostic {
    parse(FileId(0), text).expect_err("should not parse")
}

#[test]
fn parses_a_small_catalog() {
    let f = parse_ok(
        r#"// leading
catalog demo "Demo" {
  version 1.2.0
  locales en, zh
  format "D_{digits:4}"
  envelope two_level {
    code "errCode"
    sub_code "subErrCode"
    const "ok" = false
    field "logs": string optional
  }
}

group g "G" {
  range 1000..1999
  http 400
  group sub {
    error a = "D_1000" {
      param 0 as who: string
      message en "hi {0}" // trailing
      message zh """
        你好
          {0}
        """
      upstream kfp {
        http 500
        match r"x (?<who>\S+)"
      }
    }
  }
}
reserved 1..3 "why"
success "D_0000" { message "ok" retryable }
"#,
    );
    assert_eq!(f.catalog.name.name, "demo");
    assert_eq!(f.catalog.stmts.len(), 4);
    assert_eq!(f.items.len(), 3);
    assert_eq!(f.comments.len(), 2);
    let Item::Group(g) = &f.items[0] else {
        panic!()
    };
    let GroupStmt::Group(sub) = &g.stmts[2].node else {
        panic!("{:?}", g.stmts[2])
    };
    let GroupStmt::Entry(e) = &sub.stmts[0].node else {
        panic!()
    };
    let EntryStmt::Message(m) = &e.stmts[2].node else {
        panic!()
    };
    assert_eq!(m.text.value, "你好\n  {0}");
    let EntryStmt::Upstream(u) = &e.stmts[3].node else {
        panic!()
    };
    let UpstreamStmt::Match(None, re) = &u.stmts[1].node else {
        panic!()
    };
    assert_eq!(re.value, r"x (?<who>\S+)");
}

#[test]
fn upstream_systems_and_field_conditions() {
    let f = parse_ok(
        r#"catalog c {
  upstream kubeflow "Kubeflow" {
    status http
    grpc field "code"
    message field "message"
    field detail "details[0].error_message"
  }
  upstream argo { message text grpc trailer }
}
error a = "A" {
  upstream kubeflow {
    match detail r"x"
    match r"y"
    contains r "z"
    contains detail"w"
  }
}"#,
    );
    let CatalogStmt::Upstream(d) = &f.catalog.stmts[0].node else {
        panic!("{:?}", f.catalog.stmts[0])
    };
    assert_eq!(d.name.name, "kubeflow");
    assert_eq!(d.title.as_ref().map(|t| t.value.as_str()), Some("Kubeflow"));
    let sources: Vec<&UpstreamSource> = d.stmts.iter().map(|s| &s.node).collect();
    assert!(matches!(sources[0], UpstreamSource::Status));
    assert!(matches!(sources[1], UpstreamSource::Grpc(Some(p)) if p.value == "code"));
    assert!(matches!(sources[2], UpstreamSource::Message(Some(p)) if p.value == "message"));
    assert!(matches!(sources[3], UpstreamSource::Field(n, p)
        if n.name == "detail" && p.value == "details[0].error_message"));
    let CatalogStmt::Upstream(argo) = &f.catalog.stmts[1].node else {
        panic!()
    };
    assert!(matches!(argo.stmts[0].node, UpstreamSource::Message(None)));
    assert!(matches!(argo.stmts[1].node, UpstreamSource::Grpc(None)));
    let Item::Entry(e) = &f.items[0] else {
        panic!()
    };
    let EntryStmt::Upstream(u) = &e.stmts[0].node else {
        panic!()
    };
    let field = |i: usize| match &u.stmts[i].node {
        UpstreamStmt::Match(f, s) | UpstreamStmt::Contains(f, s) => {
            (f.as_ref().map(|f| f.name.clone()), s.value.clone())
        }
        other => panic!("{other:?}"),
    };
    // `r"y"` is a raw string, `r "z"` a field named `r`.
    assert_eq!(field(0), (Some("detail".into()), "x".into()));
    assert_eq!(field(1), (None, "y".into()));
    assert_eq!(field(2), (Some("r".into()), "z".into()));
    assert_eq!(field(3), (Some("detail".into()), "w".into()));
}

#[test]
fn raw_string_is_not_a_locale() {
    let f = parse_ok("catalog c { }\nerror a = \"A\" { message r\"x\\d\" }");
    let Item::Entry(e) = &f.items[0] else {
        panic!()
    };
    let EntryStmt::Message(m) = &e.stmts[0].node else {
        panic!()
    };
    assert!(m.locale.is_none());
    assert_eq!(m.text.value, "x\\d");
}

#[test]
fn misspelled_keyword_gets_a_suggestion() {
    let d = parse_err("catalog c { }\nerror a = \"A\" {\n  htpp 404\n}\n");
    assert_eq!(
        d.message,
        "expected an entry property (`message`, `param`, `http`, `grpc`, `remedy`, …) or `}`, found `htpp`"
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `http`?"));
    assert_eq!(d.primary.span.start, 32);
}

#[test]
fn unclosed_brace_points_at_the_opening() {
    let d = parse_err("catalog c { }\nerror a = \"A\" {\n  http 404\n");
    assert!(
        d.message.ends_with("found the end of the file"),
        "{}",
        d.message
    );
    assert_eq!(d.secondary[0].span.start, 28);
}

#[test]
fn unterminated_string() {
    let d = parse_err("catalog c { }\nerror a = \"A\" {\n  message en \"oops\n}\n");
    assert_eq!(d.message, "unterminated string");
}

#[test]
fn groups_nest_one_level() {
    let d = parse_err("catalog c { }\ngroup a { group b { group c { } } }\n");
    assert!(d.message.contains("found `group`"), "{}", d.message);
    assert_eq!(
        d.help.as_deref(),
        Some("groups nest one level only: move this group up a level")
    );
}

#[test]
fn a_file_must_start_with_the_catalog_header() {
    for text in ["", "  // only a comment\n"] {
        let d = parse_err(text);
        assert_eq!(
            d.message,
            "expected the catalog header `catalog NAME { … }`, found the end of the file"
        );
    }
    let d = parse_err("catalgo x { }");
    assert_eq!(d.help.as_deref(), Some("did you mean `catalog`?"));
}

#[test]
fn a_locale_glued_to_its_string() {
    let d = parse_err("catalog c { }\nerror a = \"A\" {\n  message en\"x\"\n}\n");
    assert_eq!(
        d.help.as_deref(),
        Some("put a space between the locale and the string: `en \"…\"`")
    );
}

#[test]
fn a_missing_brace_before_the_next_entry() {
    let d =
        parse_err("catalog c { }\nerror a = \"A\" {\n  message en \"x\"\n\nerror b = \"B\" {\n}\n");
    assert_eq!(
        d.message,
        "expected `}` to close the block before this `error`"
    );
    assert_eq!(d.secondary[0].span.start, 28);
}

/// The item-by-item parse without the `file` fallback, in runs at the
/// starts `splits` proposes: `None` at a syntax error.
fn parse_by_items_split(
    file: FileId,
    text: &str,
    splits: impl FnOnce(usize) -> Vec<usize>,
    front: Front,
) -> Option<File> {
    nesting(file, text, 0, true).ok()?;
    let mut comments = Vec::new();
    let builder = Builder { file, base: 0 };
    let head = piece::<Vec<Item>>(Rule::file_head, text, &builder, &mut comments)?;
    let items_start = head.as_span().end();
    let catalog = builder.catalog(children(head).next()?);
    let (runs, run_comments) = parse_runs(file, text, items_start, &Vec::new, splits, front)?;
    comments.extend(run_comments);
    let parsed = Parsed {
        catalog,
        comments,
        runs,
    };
    Some(parsed.into_file(file))
}

/// [`parse_by_items_split`] in up to `runs` runs where [`parse`] would cut.
fn parse_by_items(file: FileId, text: &str, runs: usize) -> Option<File> {
    parse_by_items_split(
        file,
        text,
        |start| split::propose_splits(text, start, runs),
        Front::Fast,
    )
}

/// Parsing item by item gives the tree `file` gives, on every catalog of the
/// repository (valid or not), and fails exactly when `file` fails; with
/// the hand-written front and with pest alone.
#[test]
fn by_items_is_the_whole_file_rule() {
    for text in &repository_catalogs() {
        let whole = parse_whole(FileId(3), text).ok();
        let by_items = parse_by_items(FileId(3), text, 1);
        assert_same_tree(by_items.as_ref(), whole.as_ref(), text);
        let by_pest = parse_by_items_split(FileId(3), text, |_| Vec::new(), Front::PestOnly);
        assert_eq!(by_pest, whole, "{text}");
    }
}

/// The hand-written front (`fast.rs`) against pest: the item-by-item parse
/// with the front gives what the `file` rule gives (the same tree, spans
/// and comments; a failure where it fails) on every catalog of the
/// repository, every input of the fuzz corpus, and thousands of mutations
/// of them that break strings, escapes, keywords, numbers, braces and
/// comments where the front has to decide.
#[test]
fn the_fast_front_reads_as_pest_reads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = repository_catalogs();
    let corpus = root.join("fuzz/corpus/parse_check");
    let mut fuzz: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the fuzz corpus")
        .map(|e| e.expect("an entry").path())
        .collect();
    fuzz.sort();
    let before = texts.len();
    texts.extend(
        fuzz.iter()
            .filter_map(|p| crate::source::decode(&std::fs::read(p).expect("read")).ok()),
    );
    assert!(texts.len() > before + 100, "the fuzz corpus is read");

    let agrees = |text: &str| {
        let whole = parse_whole(FileId(3), text).ok();
        let fast = parse_by_items(FileId(3), text, 1);
        assert_same_tree(fast.as_ref(), whole.as_ref(), text);
    };
    // Pieces a mutation puts in: each one something a rule of the
    // grammar turns on.
    const PIECES: &[&str] = &[
        "\"",
        "r\"",
        "\"\"\"",
        "\\",
        "\\u{41}",
        "\\u{D800}",
        "\\u{110000}",
        "\\q",
        "{",
        "}",
        "..",
        ".",
        ",",
        ":",
        "=",
        "<",
        ">",
        "//",
        "// c\n",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "_",
        "-",
        "0",
        "99999999999999999999",
        "x",
        "true",
        "false",
        "as",
        "wire",
        "optional",
        "list",
        "map",
        "list<string>",
        "en",
        "zh-Hans",
        "pt_BR",
        "error",
        "success",
        "group",
        "reserved",
        "type",
        "field",
        "message",
        "param",
        "http",
        "grpc",
        "retryable",
        "stage",
        "deprecated",
        "replaced_by",
        "alias",
        "docs",
        "meta",
        "envelopes",
        "upstream",
        "match",
        "contains",
        "range",
        "prefix",
        "allow",
        "remedy",
        "cause",
        "description",
        "é",
        "你",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below.max(1) as u64) as usize
    };
    let mut mutants = 0;
    for text in &texts {
        agrees(text);
        // Comments after every line and between all lines: where pest's
        // pairs end (after the blanks before an absent optional part, as
        // in `reserved 6 // six`) decides which item a comment is read
        // with, and a comment must be read once.
        let trailing: String = text.lines().map(|l| format!("{l} // t\n")).collect();
        agrees(&trailing);
        let between: String = text.lines().map(|l| format!("{l}\n// b\n")).collect();
        agrees(&between);
        // Other blanks: CRLF line ends, tabs, and a comment on every line
        // with CRLF.
        agrees(&text.replace('\n', "\r\n"));
        agrees(&text.replace(' ', "\t"));
        agrees(&trailing.replace('\n', "\r\n"));
        // Mutations of the catalogs that parse: those exercise the front.
        if parse_whole(FileId(3), text).is_err() {
            continue;
        }
        for _ in 0..40 {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut mutant = text[..at].to_owned();
            let mut rest = &text[at..];
            match next(3) {
                0 => {
                    // Delete a few characters.
                    let cut = rest
                        .char_indices()
                        .nth(1 + next(6))
                        .map_or(rest.len(), |c| c.0);
                    rest = &rest[cut..];
                }
                1 => mutant.push_str(PIECES[next(PIECES.len())]),
                _ => {
                    // Replace a character by a piece.
                    mutant.push_str(PIECES[next(PIECES.len())]);
                    let cut = rest.char_indices().nth(1).map_or(rest.len(), |c| c.0);
                    rest = &rest[cut..];
                }
            }
            mutant.push_str(rest);
            agrees(&mutant);
            mutants += 1;
        }
    }
    assert!(mutants > 1000, "{mutants} mutants");
}

/// Panics with the first item (or comment) where `fast` and `pest`
/// differ, and the text.
fn assert_same_tree(fast: Option<&File>, pest: Option<&File>, text: &str) {
    let (Some(fast), Some(pest)) = (fast, pest) else {
        assert_eq!(
            fast.is_some(),
            pest.is_some(),
            "one parses, the other fails:\n{text}"
        );
        return;
    };
    for (i, (a, b)) in fast.items.iter().zip(&pest.items).enumerate() {
        if a != b {
            let (a, b) = (format!("{a:?}"), format!("{b:?}"));
            let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            let from = a.floor_char_boundary(at.saturating_sub(300));
            panic!(
                "item {i} differs:\n front: …{}\n  pest: …{}\nin:\n{text}",
                &a[from..a.floor_char_boundary((at + 200).min(a.len()))],
                &b[from..b.floor_char_boundary((at + 200).min(b.len()))],
            );
        }
    }
    assert_eq!(fast.items.len(), pest.items.len(), "{text}");
    assert_eq!(fast.comments, pest.comments, "comments differ in:\n{text}");
    assert_eq!(fast, pest, "{text}");
}

/// The front reads every item of the bundled examples itself: the test
/// above compares something.
#[test]
fn the_fast_front_reads_the_examples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("examples")).expect("examples") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "errors") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let mut pos = parse_ok(&text).catalog.span.end;
        let mut items = 0;
        loop {
            let step = fast::item(FileId(0), &text, pos, true)
                .unwrap_or_else(|| panic!("{}: the front declines at {pos}", path.display()));
            let Some(_) = step.item else { break };
            pos = step.end;
            items += 1;
        }
        assert!(items > 0, "{}", path.display());
    }
}

/// Every catalog of the repository (valid or not), and a few more.
fn repository_catalogs() -> Vec<String> {
    fn visit(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                visit(&path, out);
            } else if path.extension().is_some_and(|e| e == "errors") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    visit(&root.join("examples"), &mut paths);
    visit(&root.join("tests/fixtures"), &mut paths);
    assert!(paths.len() > 10);
    let mut texts: Vec<String> = paths
        .iter()
        .filter_map(|p| crate::source::decode(&std::fs::read(p).expect("read")).ok())
        .collect();
    // Comments and blank lines around and between items, and at the end.
    texts.push(
        "// a\ncatalog c { locales en } // b\n// c\n\nerror 1 { message \"x\" } // d\n\n// e"
            .into(),
    );
    texts.push("catalog c { locales en }\nerror 1 { message \"x\" }\n  broken".into());
    texts
}

/// Runs of items parsed on several threads make the tree one thread makes,
/// and fail where it fails.
#[test]
fn parallel_runs_are_the_one_thread_parse() {
    for text in &repository_catalogs() {
        let one = parse_by_items(FileId(3), text, 1);
        for runs in 2..=5 {
            assert_eq!(
                parse_by_items(FileId(3), text, runs),
                one,
                "{runs} runs: {text}"
            );
        }
    }
}

/// The proposed splits are only a hint: wherever they fall — inside a
/// string, a comment, an item, a word — the tree is the one-thread tree.
#[test]
fn a_wrong_split_changes_nothing() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/codegen/hostile.errors"
    ))
    .expect("read the fixture");
    let broken = format!("{text}\nerror x = 1 {{ htpp 5 }}\nerror y = 2 {{ }}\n");
    for text in [&text, &broken] {
        let one = parse_by_items(FileId(3), text, 1);
        for split in 0..=text.len() + 1 {
            let two = parse_by_items_split(FileId(3), text, |_| vec![split], Front::Fast);
            assert_eq!(two, one, "split at {split}");
            let three =
                parse_by_items_split(FileId(3), text, |_| vec![split, split + 41], Front::Fast);
            assert_eq!(three, one, "splits at {split} and {}", split + 41);
        }
    }
}

/// A catalog large enough that [`parse`] uses threads parses as the `file`
/// rule parses it.
#[test]
fn a_large_catalog_parses_on_threads_as_in_one_piece() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/optverse.errors"
    ))
    .expect("read the example");
    let header = parse_ok(&example).catalog.span.end;
    let (head, body) = example.split_at(header);
    let mut text = head.to_owned();
    while text.len() < 3 * MIN_RUN_LEN {
        text.push_str(body);
    }
    assert!(
        !split::propose_splits(&text, header, 2).is_empty(),
        "the test needs a file that can be split"
    );
    let threads = parse(FileId(3), &text).expect("parses");
    assert_eq!(Some(threads), parse_whole(FileId(3), &text).ok());
}

/// A `\u{…}` escape must name a Unicode scalar value: a surrogate or a
/// number past U+10FFFF is a syntax error at the escape (never U+FFFD), as
/// is an escape the language does not have; in the header as in an entry.
#[test]
fn invalid_escapes_are_reported_at_the_escape() {
    for (escape, label) in [
        (r"\u{D800}", "a surrogate"),
        (r"\u{dfff}", "a surrogate"),
        (r"\u{0DABC}", "a surrogate"),
        (r"\u{110000}", "past U+10FFFF"),
        (r"\u{FFFFFF}", "past U+10FFFF"),
        (r"\u{1234567}", "1 to 6 hex digits"),
        (r"\u{}", "1 to 6 hex digits"),
        (r"\u{12", "1 to 6 hex digits"),
        (r"\uD800", "1 to 6 hex digits"),
        (r"\q", "no such escape"),
    ] {
        for text in [
            format!("catalog c {{\n}}\nerror a = \"A\" {{\n  message en \"x {escape} y\"\n}}\n"),
            format!("catalog c {{\n  description \"{escape}\"\n}}\n"),
        ] {
            let d = parse_err(&text);
            assert_eq!(d.rule, crate::diagnostic::Rule::Syntax, "{text}");
            let at = text.find(escape).unwrap();
            let span = &d.primary.span;
            assert_eq!((span.start, span.end), (at, at + escape.len()), "{text}");
            assert!(d.primary.message.contains(label), "{escape}: {d:?}");
            assert!(
                d.help.as_deref().is_some_and(|h| h.contains("10FFFF")),
                "{d:?}"
            );
        }
    }
    // The scalar values at the edges still read.
    for (escape, c) in [
        (r"\u{0}", '\0'),
        (r"\u{000000}", '\0'),
        (r"\u{D7FF}", '\u{D7FF}'),
        (r"\u{e000}", '\u{E000}'),
        (r"\u{FFFF}", '\u{FFFF}'),
        (r"\u{10000}", '\u{10000}'),
        (r"\u{010000}", '\u{10000}'),
        (r"\u{10FFFF}", '\u{10FFFF}'),
    ] {
        let f = parse_ok(&format!("catalog c {{\n  description \"{escape}\"\n}}\n"));
        let CatalogStmt::Description(text) = &f.catalog.stmts[0].node else {
            panic!("{:?}", f.catalog.stmts)
        };
        assert_eq!(text.text.value, c.to_string(), "{escape}");
    }
}

/// The grammar and `strings::invalid_escape` agree on which `\u{…}` escapes
/// are valid: every number of digits, around every edge, any zeros first.
#[test]
fn the_grammar_and_the_escape_check_agree() {
    let mut hexes: Vec<String> = Vec::new();
    for value in [
        0u32, 1, 0xFFF, 0x1000, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFFFF, 0x10000,
        0xFFFFF, 0x100000, 0x10FFFF, 0x110000, 0x1FFFFF, 0xFFFFFF, 0x1000000,
    ] {
        for zeros in 0..4 {
            hexes.push(format!("{}{value:x}", "0".repeat(zeros)));
            hexes.push(format!("{}{value:X}", "0".repeat(zeros)));
        }
    }
    hexes.push(String::new());
    for hex in hexes {
        let escape = format!("\\u{{{hex}}}");
        let text = format!("catalog c {{\n  description \"{escape}\"\n}}\n");
        let parsed = parse(FileId(0), &text);
        let invalid = strings::invalid_escape(&format!("{escape}\""));
        assert_eq!(parsed.is_ok(), invalid.is_none(), "{escape}: {invalid:?}");
        let scalar = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
        assert_eq!(
            parsed.is_ok(),
            hex.len() <= 6 && scalar.is_some(),
            "{escape}"
        );
    }
}

#[test]
fn syntax_errors_in_upstream_declarations_say_what_goes_there() {
    for (text, want) in [
        ("upstream k { status htp }", "expected `http`, found `htp`"),
        (
            "upstream k { grpc code }",
            "expected where it is read (`field \"PATH\"`, `trailer` for `grpc`, `text` for `message`), found `code`",
        ),
        (
            "upstream k { stat http }",
            "expected an upstream source (`status`, `grpc`, `message`, `field`) or `}`, found `stat`",
        ),
        (
            "upstreem k { }",
            "expected a catalog statement (`version`, `locales`, `format`, `envelope`, …) or `}`, found `upstreem`",
        ),
    ] {
        let d = parse_err(&format!("catalog c {{\n  {text}\n}}\n"));
        assert_eq!(d.message, want, "{text}");
    }
}

/// The grammar's two recursions are bounded before pest (or lowering, or a
/// generator) follows them on the stack: a type nested deeper than
/// [`MAX_NESTING`], or a block in the header (an envelope's error objects
/// inside each other), is one syntax error at the first level too many,
/// even 200,000 levels deep; `<` and `{` in strings and comments do not
/// count; and the limit itself parses.
#[test]
fn nesting_is_bounded_before_any_parser_recurses() {
    let typed = |depth: usize| {
        format!(
            "catalog c {{ locales en }}\nerror e = \"E\" {{\n  param x: {}string{}\n  message \"x\"\n}}\n",
            "list<".repeat(depth),
            ">".repeat(depth)
        )
    };
    assert!(parse(FileId(0), &typed(MAX_NESTING)).is_ok());
    for depth in [MAX_NESTING + 1, 200_000] {
        let text = typed(depth);
        for result in [parse(FileId(0), &text), parse_by_pest(FileId(0), &text)] {
            let d = result.expect_err("too deep");
            assert_eq!(
                d.message,
                format!("a type nested more than {MAX_NESTING} levels deep")
            );
            let first = text.find('<').unwrap();
            assert_eq!(d.primary.span.start, first + 5 * MAX_NESTING);
        }
    }
    let header = |depth: usize| {
        format!(
            "catalog c {{\n  locales en\n  envelope {{\n    code \"code\"\n    {}{}\n  }}\n}}\n",
            "error \"e\" { ".repeat(depth),
            "}".repeat(depth)
        )
    };
    let d = parse_err(&header(200_000));
    assert_eq!(
        d.message,
        format!("a block nested more than {MAX_NESTING} levels deep")
    );
    // The catalog's block and the envelope's are two of the levels.
    assert!(parse(FileId(0), &header(MAX_NESTING - 2)).is_ok());
    assert!(parse_err(&header(MAX_NESTING - 1))
        .message
        .contains("nested"));
    // Angle brackets and braces in strings and comments are text.
    let text = format!(
        "catalog c {{ locales en }}\nerror e = \"E\" {{\n  message \"{}\" // {}\n  description r\"{}\"\n}}\n",
        "<{".repeat(500),
        "<{".repeat(500),
        "<".repeat(500)
    );
    assert!(parse(FileId(0), &text).is_ok());
}

/// Where the grammar expects a literal (`:`, `=`, `>`, `..`), not a rule,
/// the syntax error names it instead of "something else".
#[test]
fn a_missing_punctuation_mark_is_named() {
    for (text, want) in [
        (
            "catalog a { envelope { data \"data\" } }\n",
            "expected `:`, found `}`",
        ),
        (
            "catalog a {}\ntype R { field a string }\n",
            "expected `:`, found `string`",
        ),
        (
            "catalog a {}\nerror x \"X\" { message \"m\" }\n",
            "expected `=`, found `\"`",
        ),
        (
            "catalog a { envelope { const \"x\" \"y\" } }\n",
            "expected `=`, found `\"`",
        ),
        (
            "catalog a {}\nerror x = \"X\" { param a: list<string }\n",
            "expected `>`, found `}`",
        ),
    ] {
        let d = parse_err(text);
        assert_eq!(d.message, want, "{text}");
        assert_eq!(d.primary.message, want[..want.find(",").unwrap()]);
    }
}

/// Every punctuation mark of every repository catalog, taken out one at a
/// time: the syntax error (when it is one) always says what was expected.
#[test]
fn no_syntax_error_expects_something_else() {
    let mut errors = 0;
    for text in repository_catalogs() {
        let marks: Vec<usize> = text
            .char_indices()
            .filter(|&(_, c)| matches!(c, ':' | '=' | '>' | '<' | '{' | '}' | '.'))
            .map(|(i, _)| i)
            .collect();
        // A spread of each file's marks keeps the test quick.
        let step = marks.len() / 40 + 1;
        for &at in marks.iter().step_by(step) {
            let mut cut = text.clone();
            cut.remove(at);
            if let Err(d) = parse(FileId(0), &cut) {
                errors += 1;
                assert!(
                    !d.message.contains("something else"),
                    "{}\n---\n{cut}",
                    d.message
                );
            }
        }
    }
    assert!(errors > 100, "only {errors} syntax errors made");
}

/// A comment written as C or YAML write it says what a comment is: the
/// error only listed the statements expected where `/*` stood.
#[test]
fn a_comment_of_another_language_says_how_to_write_one() {
    for (text, how) in [
        ("catalog c {\n  /* note */\n}\n", "`/* … */`"),
        ("catalog c {\n  # note\n}\n", "`#`"),
        ("/* head */\ncatalog c {\n}\n", "`/* … */`"),
        (
            "catalog c {\n  locales en\n}\n\nerror a = \"A\" {\n  message en \"A.\" /* x */\n}\n",
            "`/* … */`",
        ),
    ] {
        let d = parse_err(text);
        assert_eq!(
            d.help.as_deref(),
            Some(format!("a comment is `//` to the end of the line; {how} is not one").as_str()),
            "{text}"
        );
    }
}

/// Text written without its quotes gets the line quoted as a fix (a person
/// looks first: the line may hold more than the text); not where the line
/// opens a block (`catalog c The shop {`).
#[test]
fn text_without_quotes_gets_them_as_a_fix() {
    for (line, quoted) in [
        (
            "  message en The thing failed. // why\n",
            "\"The thing failed.\"",
        ),
        (
            "  message en File {name} is missing.\n",
            "\"File {name} is missing.\"",
        ),
        ("  format OptVerse_{digits:8}\n", "\"OptVerse_{digits:8}\""),
    ] {
        let text = format!("catalog c {{\n  locales en\n}}\n\nerror a = \"A\" {{\n{line}}}\n");
        let text = if line.contains("format") {
            format!("catalog c {{\n  locales en\n{line}}}\n")
        } else {
            text
        };
        let d = parse_err(&text);
        assert_eq!(d.help.as_deref(), Some("put the text in quotes"), "{line}");
        let fix = &d.suggestions[0];
        assert_eq!(fix.replacement, quoted, "{line}");
        assert_eq!(
            fix.applicability,
            crate::diagnostic::Applicability::MaybeIncorrect
        );
    }
    let d = parse_err("catalog c The shop {\n  locales en\n}\n");
    assert!(d.suggestions.is_empty(), "{d:?}");
}

/// A code written without its quotes gets them as a certain fix.
#[test]
fn a_code_without_quotes_gets_them() {
    for (text, quoted) in [
        ("error a = A_1 {\n  message en \"X.\"\n}\n", "\"A_1\""),
        ("reserved B-7 \"retired\"\n", "\"B-7\""),
        (
            "error OptVerse_12080002 {\n  message en \"X.\"\n}\n",
            "\"OptVerse_12080002\"",
        ),
    ] {
        let d = parse_err(&format!("catalog c {{\n  locales en\n}}\n\n{text}"));
        let fix = &d.suggestions[0];
        assert_eq!(fix.replacement, quoted, "{text}");
        // Where the code stands as the entry's name, it may be a name whose
        // code is missing: a person looks first.
        let certain = !text.starts_with("error OptVerse");
        assert_eq!(
            fix.applicability == crate::diagnostic::Applicability::MachineApplicable,
            certain,
            "{text}"
        );
    }
}

/// The fixes above read the text around the error by characters: a
/// multibyte character before the word must not split.
#[test]
fn the_syntax_fixes_read_whole_characters() {
    for text in [
        "catalog c {\n  locales en\n}\n\nerror。OptVerse_1 {\n}\n",
        "catalog c {\n  locales en\n}\n\nerror 名前 {\n}\n",
        "catalog c {\n  locales en\n}\n\nerror a = 甲 {\n}\n",
        "catalog c {\n  locales en\n}\n\nerror a = \"A\" {\n  message en 文件缺失。\n}\n",
    ] {
        let _ = parse_err(text);
    }
}

/// A yes/no, a quoted number or a quoted name where errgen wants
/// `true`/`false`, a number or a name gets it as errgen writes it, as a
/// certain fix.
#[test]
fn values_of_other_formats_get_errgen_s_spelling() {
    for (line, fixed, label) in [
        ("retryable yes", "true", "expected `true` or `false`"),
        ("retryable TRUE", "true", "expected `true` or `false`"),
        ("retryable off", "false", "expected `true` or `false`"),
        ("http \"404\"", "404", "expected a number"),
        ("replaced_by \"b\"", "b", "expected a name"),
        ("stage \"checkout\"", "checkout", "expected a name"),
    ] {
        let d = parse_err(&format!(
            "catalog c {{\n  locales en\n}}\n\nerror a = \"A\" {{\n  message en \"X.\"\n  {line}\n}}\n"
        ));
        // The label says what the fix writes, not the first of what may
        // stand there (a property may follow a bare `retryable`).
        assert_eq!(d.primary.message, label, "{line}");
        let fix = &d.suggestions[0];
        assert_eq!(fix.replacement, fixed, "{line}");
        assert_eq!(
            fix.applicability,
            crate::diagnostic::Applicability::MachineApplicable
        );
    }
}

/// A version of one or two numbers, or with a `v`, and a name written with
/// `-`, get errgen's form as a fix.
#[test]
fn versions_and_dashed_names_get_errgen_s_form() {
    let header = |stmt: &str| format!("catalog c {{\n  locales en\n  {stmt}\n}}\n");
    for (text, fixed, certain) in [
        (header("version 1.0"), "1.0.0", true),
        (header("version v2"), "2.0.0", true),
        (
            "catalog My-Shop {\n  locales en\n}\n".to_owned(),
            "my_shop",
            false,
        ),
        (
            "catalog c {\n  locales en\n}\n\nerror not-found = \"NF\" {\n  message en \"X.\"\n}\n"
                .to_owned(),
            "not_found",
            false,
        ),
    ] {
        let d = parse_err(&text);
        let fix = &d.suggestions[0];
        assert_eq!(fix.replacement, fixed, "{text}");
        assert_eq!(
            fix.applicability == crate::diagnostic::Applicability::MachineApplicable,
            certain,
            "{text}"
        );
    }
}
