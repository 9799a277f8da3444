//! `errgen fmt`: the canonical layout, idempotence, comment preservation and
//! value preservation over every example and fixture.

use errgen::fmt::{format, format_source};
use errgen::parse::ast::*;
use errgen::parse::parse;
use errgen::source::{FileId, Span};
use std::path::{Path, PathBuf};

fn parse_ok(text: &str) -> File {
    parse(FileId(0), text).unwrap_or_else(|d| panic!("does not parse: {}\n{text}", d.message))
}

fn fmt(text: &str) -> String {
    format(&parse_ok(text), text)
}

/// Formats `text`, checks the result is a fixed point that keeps every
/// comment and value, and returns it.
fn fmt_checked(text: &str) -> String {
    let before = parse_ok(text);
    let once = format(&before, text);
    let after = parse_ok(&once);
    let twice = format(&after, &once);
    assert_eq!(once, twice, "not idempotent; first output:\n{once}");
    assert_eq!(
        comment_texts(&before),
        comment_texts(&after),
        "comments changed:\n{once}"
    );
    assert_eq!(
        projection(&before),
        projection(&after),
        "values changed:\n{once}"
    );
    assert_eq!(
        ir_json(&before, text),
        ir_json(&after, &once),
        "IR changed:\n{once}"
    );
    assert!(
        once.ends_with('\n') && !once.ends_with("\n\n"),
        "bad ending: {once:?}"
    );
    // One kind of line ending, that of the input's first line.
    let crlf = text
        .find(['\n', '\r'])
        .is_some_and(|at| text[at..].starts_with("\r\n"));
    let lf = once.replace("\r\n", "\n");
    assert!(!lf.contains('\r'), "lone CR in output: {once:?}");
    assert_eq!(
        once,
        if crlf { lf.replace('\n', "\r\n") } else { lf },
        "mixed line endings"
    );
    assert!(
        !once.lines().any(|l| l.ends_with([' ', '\t'])),
        "trailing blanks:\n{once}"
    );
    once
}

fn comment_texts(file: &File) -> Vec<String> {
    file.comments.iter().map(|c| c.text.clone()).collect()
}

fn ir_json(file: &File, text: &str) -> String {
    serde_json::to_string(&errgen::ir::lower(file, text).0).expect("IR serialises")
}

// ------------------------------------------------------------ projection
//
// The syntax tree with what `fmt` may change erased: spans, string styles,
// whether `version` was quoted, `retryable` vs `retryable true`, comments.

const NO_SPAN: Span = Span {
    file: FileId(0),
    start: 0,
    end: 0,
};

fn projection(file: &File) -> String {
    let mut f = file.clone();
    f.comments.clear();
    let c = &mut f.catalog;
    c.span = NO_SPAN;
    ident(&mut c.name);
    c.title.iter_mut().for_each(string);
    for s in &mut c.stmts {
        s.span = NO_SPAN;
        match &mut s.node {
            CatalogStmt::Version(v, quoted) => {
                v.span = NO_SPAN;
                *quoted = false;
            }
            CatalogStmt::Locales(l) | CatalogStmt::Stages(l) => l.iter_mut().for_each(ident),
            CatalogStmt::Format(s) | CatalogStmt::Docs(s) => string(s),
            CatalogStmt::Option(k, v) => {
                ident(k);
                value(v);
            }
            CatalogStmt::Envelope(e) => {
                e.name.iter_mut().for_each(ident);
                e.title.iter_mut().for_each(string);
                e.shape.iter_mut().for_each(ident);
                envelope_stmts(&mut e.stmts);
            }
            CatalogStmt::Envelopes(list) => list.iter_mut().for_each(ident),
            CatalogStmt::Description(t) => text(t),
            CatalogStmt::Upstream(d) => {
                ident(&mut d.name);
                d.title.iter_mut().for_each(string);
                for s in &mut d.stmts {
                    s.span = NO_SPAN;
                    match &mut s.node {
                        UpstreamSource::Status => {}
                        UpstreamSource::Grpc(p) | UpstreamSource::Message(p) => {
                            p.iter_mut().for_each(string);
                        }
                        UpstreamSource::Field(n, p) => {
                            ident(n);
                            string(p);
                        }
                    }
                }
            }
        }
    }
    for item in &mut f.items {
        match item {
            Item::Group(g) => group(g),
            Item::Entry(e) => entry(e),
            Item::Reserved(r) => reserved(r),
            Item::Type(t) => {
                t.span = NO_SPAN;
                ident(&mut t.name);
                for f in &mut t.fields {
                    f.span = NO_SPAN;
                    ident(&mut f.node.name);
                    type_expr(&mut f.node.ty);
                }
            }
        }
    }
    format!("{f:#?}")
}

fn type_expr(t: &mut TypeExpr) {
    match t {
        TypeExpr::Name(n) => ident(n),
        TypeExpr::List(item, span) => {
            *span = NO_SPAN;
            type_expr(item);
        }
        TypeExpr::Map(key, value, span) => {
            *span = NO_SPAN;
            type_expr(key);
            type_expr(value);
        }
    }
}

fn ident(i: &mut Ident) {
    i.span = NO_SPAN;
}

fn string(s: &mut Str) {
    s.span = NO_SPAN;
    s.style = StrStyle::Plain;
}

fn int(i: &mut Int) {
    i.span = NO_SPAN;
}

fn text(t: &mut Text) {
    t.locale.iter_mut().for_each(ident);
    string(&mut t.text);
}

fn value(v: &mut Value) {
    match v {
        Value::Str(s) => string(s),
        Value::Bool(_, span) => *span = NO_SPAN,
        Value::Int(i) => int(i),
    }
}

fn grpc(g: &mut GrpcLit) {
    match g {
        GrpcLit::Int(i) => int(i),
        GrpcLit::Name(n) => ident(n),
    }
}

fn group(g: &mut Group) {
    g.span = NO_SPAN;
    ident(&mut g.name);
    g.title.iter_mut().for_each(string);
    for s in &mut g.stmts {
        s.span = NO_SPAN;
        match &mut s.node {
            GroupStmt::Range(a, b) => {
                int(a);
                int(b);
            }
            GroupStmt::Prefix(p) => string(p),
            GroupStmt::Allow(r) => ident(r),
            GroupStmt::Prop(p) => prop(p),
            GroupStmt::Group(g) => group(g),
            GroupStmt::Entry(e) => entry(e),
            GroupStmt::Reserved(r) => reserved(r),
        }
    }
}

fn reserved(r: &mut Reserved) {
    r.span = NO_SPAN;
    match &mut r.target {
        ReservedTarget::Int(i) => int(i),
        ReservedTarget::Range(a, b) => {
            int(a);
            int(b);
        }
        ReservedTarget::Str(s) => string(s),
    }
    r.reason.iter_mut().for_each(string);
}

fn code(c: &mut CodeLit) {
    match c {
        CodeLit::Int(i) => int(i),
        CodeLit::Str(s) => string(s),
    }
}

fn entry(e: &mut Entry) {
    e.span = NO_SPAN;
    e.head = NO_SPAN;
    e.name.iter_mut().for_each(ident);
    code(&mut e.code);
    for s in &mut e.stmts {
        s.span = NO_SPAN;
        match &mut s.node {
            EntryStmt::Message(t) => text(t),
            EntryStmt::Param(p) => {
                p.index.iter_mut().for_each(int);
                p.name.iter_mut().for_each(ident);
                type_expr(&mut p.ty);
                p.wire = p.wire.map(|_| NO_SPAN);
            }
            EntryStmt::ReplacedBy(n) => ident(n),
            EntryStmt::Alias(a) => {
                code(&mut a.code);
                a.reason.iter_mut().for_each(string);
            }
            EntryStmt::Prop(p) => prop(p),
            EntryStmt::Upstream(u) => {
                u.name.iter_mut().for_each(ident);
                for s in &mut u.stmts {
                    s.span = NO_SPAN;
                    match &mut s.node {
                        UpstreamStmt::Http(i) => int(i),
                        UpstreamStmt::Grpc(g) => grpc(g),
                        UpstreamStmt::Match(f, s) | UpstreamStmt::Contains(f, s) => {
                            f.iter_mut().for_each(ident);
                            string(s);
                        }
                    }
                }
            }
        }
    }
}

fn envelope_stmts(stmts: &mut [Spanned<EnvelopeStmt>]) {
    for s in stmts {
        s.span = NO_SPAN;
        match &mut s.node {
            EnvelopeStmt::Role(r, w, t) => {
                ident(r);
                string(w);
                t.iter_mut().for_each(type_expr);
            }
            EnvelopeStmt::Const(w, v) => {
                string(w);
                value(v);
            }
            EnvelopeStmt::Field(w, t, _) | EnvelopeStmt::Data(w, t) => {
                string(w);
                type_expr(t);
            }
            EnvelopeStmt::Error(w, inner) => {
                string(w);
                envelope_stmts(inner);
            }
        }
    }
}

fn prop(p: &mut Prop) {
    match p {
        Prop::Description(t) | Prop::Cause(t) | Prop::Remedy(t) => text(t),
        Prop::Http(i) => int(i),
        Prop::Grpc(g) => grpc(g),
        Prop::Retryable(r) => *r = Some((r.is_none_or(|(b, _)| b), NO_SPAN)),
        Prop::Stage(n) => ident(n),
        Prop::Deprecated(d) => d.iter_mut().for_each(string),
        Prop::Docs(s) => string(s),
        Prop::Meta(k, v) => {
            ident(k);
            value(v);
        }
        Prop::Envelopes(list) => list.iter_mut().for_each(ident),
    }
}

// ------------------------------------------------------------ the layout

/// Odd spacing, several statements per line, tabs, CRLF, comments
/// everywhere, every string style, escapes, Chinese and Korean.
const MESSY: &str = r#"// File header.

// Second header paragraph.
catalog   demo	"Demo — 데모 目录"{ // head trailing
	version "1.2.0"   locales en,zh ,ko
  format    "D_{digits:4}"
  // envelope comment


  envelope two_level{code "errCode" sub_code "subErrCode"
    const "ok"=false field "logs" :string optional // logs
  }
  option rust.serde true   option ts.strict "yes\tno"
  description zh """
      一个演示目录。
        缩进行
      """
}
group auth "Auth" { range 1000..1999 http 401 // default status
  remedy zh "请联系管理员处理。"
  error a = "D_1000" { message en "Hi \"{0}\"\n" message ko "안녕 {0}" alias   "D_999"
    r"published in 1.x"  alias "D_0998" }
  // before b
  error b= "D_1001"{
    message en // hoisted from inside
      r"raw \d+ path"
    retryable
    upstream kfp { http 500 match r"x (?<who>\S+)" } // after upstream



    param 0 as who : string
  }
  group sub { error c = "D_1100" {} }
  reserved 1003..1005 "retired" reserved "D_1006"
  // tail of auth
}
reserved 5
reserved 6 // six
success ok= "D_0000" { message """Done""" retryable false deprecated }
// end of file"#;

const MESSY_FORMATTED: &str = r#"// File header.

// Second header paragraph.
catalog demo "Demo — 데모 目录" { // head trailing
  version 1.2.0
  locales en, zh, ko
  format "D_{digits:4}"
  // envelope comment

  envelope two_level {
    code "errCode"
    sub_code "subErrCode"
    const "ok" = false
    field "logs": string optional // logs
  }
  option rust.serde true
  option ts.strict "yes\tno"
  description zh """
    一个演示目录。
      缩进行
    """
}

group auth "Auth" {
  range 1000..1999
  http 401 // default status
  remedy zh "请联系管理员处理。"

  error a = "D_1000" {
    message en "Hi \"{0}\"\n"
    message ko "안녕 {0}"
    alias "D_999" r"published in 1.x"
    alias "D_0998"
  }

  // before b
  error b = "D_1001" {
    // hoisted from inside
    message en r"raw \d+ path"
    retryable true
    upstream kfp {
      http 500
      match r"x (?<who>\S+)"
    } // after upstream

    param 0 as who: string
  }

  group sub {
    error c = "D_1100" {}
  }

  reserved 1003..1005 "retired"
  reserved "D_1006"
  // tail of auth
}

reserved 5
reserved 6 // six

success ok = "D_0000" {
  message """
    Done
    """
  retryable false
  deprecated
}

// end of file
"#;

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

#[test]
fn formats_a_messy_file() {
    // A file whose lines end in CRLF keeps CRLF (rustfmt's "Auto").
    assert_eq!(fmt(&crlf(MESSY)), crlf(MESSY_FORMATTED));
    assert_eq!(fmt(MESSY), MESSY_FORMATTED);
}

#[test]
fn formatting_is_idempotent() {
    assert_eq!(fmt_checked(&crlf(MESSY)), crlf(MESSY_FORMATTED));
    assert_eq!(fmt(&crlf(MESSY_FORMATTED)), crlf(MESSY_FORMATTED));
    assert_eq!(fmt(MESSY_FORMATTED), MESSY_FORMATTED);
}

#[test]
fn keeps_every_comment() {
    let before = parse_ok(&crlf(MESSY));
    let after = parse_ok(MESSY_FORMATTED);
    assert_eq!(before.comments.len(), 12);
    assert_eq!(comment_texts(&before), comment_texts(&after));
    // Each comment is on a line of its own or after code, exactly once.
    for c in &before.comments {
        assert_eq!(
            MESSY_FORMATTED.matches(c.text.as_str()).count(),
            1,
            "{}",
            c.text
        );
    }
}

#[test]
fn format_source_parses_then_formats() {
    assert_eq!(format_source("m.errors", MESSY).unwrap(), MESSY_FORMATTED);
    let err = format_source("bad.errors", "catalog c {\n  bogus\n}\n").unwrap_err();
    assert_eq!(err.rule.name(), "syntax");
}

/// Cases around the edges of the comment and blank-line rules.
#[test]
fn edge_cases() {
    let cases: &[(&str, &str)] = &[
        // The smallest file; an empty block prints `{}`.
        ("catalog c{}", "catalog c {}\n"),
        ("catalog c {\n\n}\n\n\n", "catalog c {}\n"),
        // A comment after `{` of an empty block keeps the block open, and a
        // comment after its `}` stays there too.
        (
            "catalog c {}\nerror a = 1 { // one\n} // two\n",
            "catalog c {}\n\nerror a = 1 { // one\n} // two\n",
        ),
        ("catalog c {}\nerror a = 1 {} // two\n", "catalog c {}\n\nerror a = 1 {} // two\n"),
        // Comments between the head and `{` move above the block.
        (
            "catalog c {}\nerror a = 1 // one\n // two\n { http 400 }",
            "catalog c {}\n\n// one\n// two\nerror a = 1 {\n  http 400\n}\n",
        ),
        // Only an own-line comment in a block.
        ("catalog c {\n  // todo\n}", "catalog c {\n  // todo\n}\n"),
        // A quoted version stays quoted only when it must.
        ("catalog c { version \"v2\" }", "catalog c {\n  version \"v2\"\n}\n"),
        ("catalog c { version \"1.0.0-rc.1+b.2\" }", "catalog c {\n  version 1.0.0-rc.1+b.2\n}\n"),
        // A """ string whose lines are all indented cannot stay one.
        (
            "catalog c { description \"\"\"\n    a\n    b\n  \"\"\" }",
            "catalog c {\n  description \"\"\"\n    a\n    b\n    \"\"\"\n}\n",
        ),
        (
            "catalog c {}\nerror a = 1 { message \"\"\"\n  x\n    \"\"\" }",
            "catalog c {}\n\nerror a = 1 {\n  message \"\"\"\n    x\n    \"\"\"\n}\n",
        ),
        // Top-level reserved codes keep their grouping; entries are spaced.
        (
            "catalog c {}\nreserved 1\nreserved 2\n\n\n\nreserved 3\nerror a = 4 {}\nreserved 5",
            "catalog c {}\n\nreserved 1\nreserved 2\n\nreserved 3\n\nerror a = 4 {}\n\nreserved 5\n",
        ),
        // Blank lines around entries of a group, none after `{` or before `}`.
        (
            "catalog c {}\ngroup g {\n\n  http 400\n  error a = 1 {}\n  error b = 2 {}\n  // tail\n\n}",
            "catalog c {}\n\ngroup g {\n  http 400\n\n  error a = 1 {}\n\n  error b = 2 {}\n\n  // tail\n}\n",
        ),
        // A leading comment sticks to its statement unless the source had a
        // blank line between them.
        (
            "catalog c {}\n// a\nerror a = 1 {}\n// b\n\nerror b = 2 {}",
            "catalog c {}\n\n// a\nerror a = 1 {}\n\n// b\n\nerror b = 2 {}\n",
        ),
        // Several comments inside one statement, with a leading one.
        (
            "catalog c {\n  // lead\n  option // x\n  // y\n  k\n  // z\n  1\n}",
            "catalog c {\n  // lead\n  // x\n  // y\n  // z\n  option k 1\n}\n",
        ),
        // Comments after the last statement and at the end of the file.
        (
            "catalog c { docs \"u\" // t\n // u\n } // v\n// w",
            "catalog c {\n  docs \"u\" // t\n  // u\n} // v\n\n// w\n",
        ),
        // Plain strings with controls and escapes re-encode.
        (
            "catalog c { description \"tab\\there\\u{7}\\0 \\\\ \\\"\" }",
            "catalog c {\n  description \"tab\\there\\u{7}\\0 \\\\ \\\"\"\n}\n",
        ),
        // A raw string is kept raw.
        ("catalog c {}\nerror a = 1 { upstream { contains r\"C:\\x\" } }",
         "catalog c {}\n\nerror a = 1 {\n  upstream {\n    contains r\"C:\\x\"\n  }\n}\n"),
        // Params of every shape, grpc by name and number, meta of each kind.
        (
            "catalog c {}\nerror a=1{param x:int param 0:string param 1 as y:bool grpc NOT_FOUND meta k.v 3 meta b true}\nerror b=2{grpc 5 stage s replaced_by a deprecated \"old\" cause en \"c\" remedy \"r\" docs \"d\" description ko \"설명\"}",
            "catalog c {}\n\nerror a = 1 {\n  param x: int\n  param 0: string\n  param 1 as y: bool\n  grpc NOT_FOUND\n  meta k.v 3\n  meta b true\n}\n\nerror b = 2 {\n  grpc 5\n  stage s\n  replaced_by a\n  deprecated \"old\"\n  cause en \"c\"\n  remedy \"r\"\n  docs \"d\"\n  description ko \"설명\"\n}\n",
        ),
        // Groups: titles, prefixes, subgroup spacing, envelope shapes.
        (
            "catalog c \"\"\"T\"\"\" { envelope { code \"c\" } envelope problem { type_base \"t\" } }\ngroup g \"G\" { prefix \"P_\" group s { } error \"P_A\" {} success \"P_B\" {} }",
            "catalog c \"\"\"\n  T\n  \"\"\" {\n  envelope {\n    code \"c\"\n  }\n  envelope problem {\n    type_base \"t\"\n  }\n}\n\ngroup g \"G\" {\n  prefix \"P_\"\n\n  group s {}\n\n  error \"P_A\" {}\n\n  success \"P_B\" {}\n}\n",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(&fmt_checked(input), expected, "input: {input:?}");
    }
}

#[test]
fn lone_cr_line_endings() {
    let text = "catalog c {\r  docs \"u\"\r\r  // x\r  version 1.0.0 // y\r}\r";
    assert_eq!(
        fmt_checked(text),
        "catalog c {\n  docs \"u\"\n\n  // x\n  version 1.0.0 // y\n}\n"
    );
    // A `"""` string's lines too: dedented, no `\r` kept in the value.
    let text = "catalog c {\r  description en \"\"\"\r    One.\r      Two.\r    \"\"\"\r}\r";
    assert_eq!(
        fmt_checked(text),
        "catalog c {\n  description en \"\"\"\n    One.\n      Two.\n    \"\"\"\n}\n"
    );
}

// ------------------------------------------------------------ the corpus

fn catalog_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            catalog_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "errors") {
            out.push(path);
        }
    }
}

/// Every example and fixture that parses formats to a fixed point with the
/// same comments, values and IR.
#[test]
fn examples_and_fixtures_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    catalog_files(&root.join("examples"), &mut files);
    catalog_files(&root.join("tests/fixtures"), &mut files);
    files.sort();
    let mut checked = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if parse(FileId(0), text).is_err() {
            continue; // a deliberately broken fixture
        }
        let result = std::panic::catch_unwind(|| fmt_checked(text));
        assert!(result.is_ok(), "{}: see the panic above", path.display());
        checked += 1;
    }
    eprintln!("fmt round trip: {checked} of {} catalog files", files.len());
}

// ------------------------------------------------------------ performance

#[test]
fn large_catalogs_format_in_linear_time() {
    // `FMT_ENTRIES=100000 cargo test --release --test fmt large` for the
    // full-size measurement.
    let entries: usize = std::env::var("FMT_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let mut text = String::from("catalog big {\n  locales en, zh\n}\n");
    for i in 0..entries {
        text.push_str(&format!(
            "// entry {i}\nerror e{i} = {i} {{ http 400 // status\n  message \"m {{x}}\"\n  message zh \"\"\"\n    多行\n    文本\n    \"\"\"\n  param x: string }}\n"
        ));
    }
    let file = parse_ok(&text);
    let start = std::time::Instant::now();
    let out = format(&file, &text);
    let elapsed = start.elapsed();
    assert_eq!(out.matches("// status").count(), entries);
    // Generous for debug builds on a busy machine; release is far faster.
    eprintln!("formatted {} bytes in {elapsed:?}", text.len());
    assert!(elapsed.as_secs_f64() < 5.0, "took {elapsed:?}");
}

// ------------------------------------------------------------ mutations

/// A tiny deterministic generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Rewrites every run of blanks outside strings and comments of `text` as
/// other blanks, line breaks or new comments.
fn mutate(text: &str, rng: &mut Lcg, serial: &mut usize) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    let mut after_comment = false;
    while i < b.len() {
        let start = i;
        let rest = &text[i..];
        if rest.starts_with("//") {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            out.push_str(&text[start..i]);
            after_comment = true;
            continue;
        }
        if b[i].is_ascii_whitespace() {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if after_comment {
                out.push('\n');
            }
            *serial += 1;
            let blanks = match rng.below(9) {
                0 => " ".to_owned(),
                1 => "\n".to_owned(),
                2 => "\r\n\t".to_owned(),
                3 => "\n\n\n  ".to_owned(),
                4 => format!(" // fuzz {serial}\n"),
                5 => format!("\n// fuzz {serial}\r\n\n"),
                6 => format!("\t// fuzz {serial}\n// fuzz {serial}b\n "),
                _ => text[start..i].to_owned(),
            };
            out.push_str(&blanks);
            after_comment = false;
            continue;
        }
        after_comment = false;
        let prev_ident =
            start > 0 && (b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'_');
        if let Some(body) = rest.strip_prefix("\"\"\"") {
            i += body.find("\"\"\"").map_or(rest.len(), |e| e + 6);
        } else if let Some(body) = rest.strip_prefix("r\"").filter(|_| !prev_ident) {
            i += body.find('"').map_or(rest.len(), |e| e + 3);
        } else if rest.starts_with('"') {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        out.push_str(&text[start..i.min(b.len())]);
    }
    out
}

/// Random re-spacing and comments in random places never break the rules.
#[test]
fn mutated_inputs_round_trip() {
    let mut rng = Lcg(0x5eed);
    let mut serial = 0;
    let seeds = [MESSY, MESSY_FORMATTED];
    let mut parsed = 0;
    for round in 0..300 {
        let seed = seeds[round % seeds.len()];
        let text = mutate(seed, &mut rng, &mut serial);
        let Ok(file) = parse(FileId(0), &text) else {
            continue;
        };
        parsed += 1;
        let once = fmt_checked(&text);
        assert_eq!(projection(&file), projection(&parse_ok(MESSY)), "{text}");
        assert_eq!(
            parse_ok(&once).comments.len(),
            file.comments.len(),
            "lost a comment:\n{text}\n---\n{once}"
        );
    }
    assert!(parsed > 250, "only {parsed} mutations parsed");
}

/// Several envelopes, a nested error object, a success payload and
/// `envelopes` in the header, a group and an entry, printed canonically.
#[test]
fn envelopes_print_canonically() {
    let messy = "catalog demo{envelope{code \"code\"}envelope   cli \"CLI\"   {const \"status\"=\"error\" error \"error\"{code \"code\" // the code\nmessage \"message\"} field \"meta\":map<string,any>}\nenvelope done{data \"data\" : list<int>}\nenvelope legacy problem{code \"code\"}\nenvelopes default,cli}\ngroup g{envelopes  cli\nerror a=\"A_1\"{envelopes default , legacy\nmessage \"A.\"}}\n";
    let expected = "catalog demo {\n  envelope {\n    code \"code\"\n  }\n  envelope cli \"CLI\" {\n    const \"status\" = \"error\"\n    error \"error\" {\n      code \"code\" // the code\n      message \"message\"\n    }\n    field \"meta\": map<string, any>\n  }\n  envelope done {\n    data \"data\": list<int>\n  }\n  envelope legacy problem {\n    code \"code\"\n  }\n  envelopes default, cli\n}\n\ngroup g {\n  envelopes cli\n\n  error a = \"A_1\" {\n    envelopes default, legacy\n    message \"A.\"\n  }\n}\n";
    assert_eq!(fmt_checked(messy), expected);
    assert_eq!(fmt(expected), expected);
}
