//! `errgen check --refs`: the codes that source files refer to, compared
//! with the codes the catalogs declare.
//!
//! A file is scanned as bytes, once it is known to be UTF-8 (a file that is
//! not is skipped, and said so). What counts as a reference is deliberately
//! narrow, so that ordinary code is not taken for codes:
//!
//! - **the value of a code key**: `"code": 100499`, `code: 'X'`,
//!   `error_code = "X"`, `e.code === "X"` — a key named `code`,
//!   `error_code`/`errorCode`, `err_code`/`errCode`, `sub_code`/
//!   `subErrCode` (any case, with or without `_`/`-`) or the code field of a
//!   catalog's envelope, then `:`, `=`, `==`, `===`, `!=` or `!==`, then a
//!   quoted string or a number, in any file and also inside a string (JSON
//!   held in a Python string);
//! - **a code with a fixed prefix and digits** (`format "OptVerse_{digits:8}"`):
//!   any word that starts with the prefix, inside a string literal of code
//!   (Rust, TS/JS, Python), anywhere in JSON and Markdown;
//! - a string literal or Markdown code span that is exactly a declared code,
//!   and a number that is a declared integer code (`ApiError(100101)`),
//!   count as uses (never as undeclared codes: `"GET"` and `8080` are not).
//!
//! Comments are not read: a code named only in a comment is neither used
//! nor reported. An undeclared code is reported when it has the shape of a
//! catalog's codes: it matches one of the catalog's formats (a code key's
//! value also when it misses one by a separator, `JOB_MANAGER.12050009`);
//! for integer codes without a format, it lies in a group's range or has
//! the digit count all the catalog's codes share; for string codes without
//! a format, it is an UPPER_SNAKE word like all of the catalog's codes. A
//! code reserved by a catalog is known, not undeclared; a code key's value
//! that names what belongs there (`STRING_CODE`, `ERROR_CODE`, `xxx`) is a
//! placeholder of the documentation, not a code.

use crate::diagnostic::{Diagnostic, Rule};
use crate::hash::FastMap;
use crate::ir::code_format::Slot;
use crate::ir::{Catalog, Code, CodeFormat, CodeKind};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use memchr::memmem::Finder;
use memchr::{memchr, memchr2, memchr3};
use std::path::Path;
#[cfg(feature = "cli")]
use std::path::PathBuf;

/// The language a file is scanned as, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// `.rs`: `//` and nested `/* */` comments, raw strings, char literals.
    Rust,
    /// `.ts .tsx .js .jsx .mjs .cjs`: `//`, `/* */`, `'…'`, `"…"`, `` `…` ``.
    JavaScript,
    /// `.py`: `#` comments, `'…'`, `"…"`, triple quotes.
    Python,
    /// `.json`: strings.
    Json,
    /// `.md .markdown`, and any other text named on the command line: prose,
    /// code spans and code blocks, no comments.
    Markdown,
}

/// The extensions a folder walk scans, and the language of each.
pub const EXTENSIONS: &[(&str, Lang)] = &[
    ("rs", Lang::Rust),
    ("ts", Lang::JavaScript),
    ("tsx", Lang::JavaScript),
    ("js", Lang::JavaScript),
    ("jsx", Lang::JavaScript),
    ("mjs", Lang::JavaScript),
    ("cjs", Lang::JavaScript),
    ("mts", Lang::JavaScript),
    ("cts", Lang::JavaScript),
    ("py", Lang::Python),
    ("json", Lang::Json),
    ("md", Lang::Markdown),
    ("markdown", Lang::Markdown),
];

impl Lang {
    /// The language of a file with this extension, if errgen scans it
    /// ([`EXTENSIONS`]).
    pub fn from_path(path: &Path) -> Option<Lang> {
        let ext = path.extension()?.to_str()?;
        EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|&(_, lang)| lang)
    }

    /// Whether the language has comments and string literals to tell apart
    /// from code.
    fn is_code(self) -> bool {
        matches!(self, Lang::Rust | Lang::JavaScript | Lang::Python)
    }
}

/// The longest key name looked at, in bytes.
const MAX_KEY: usize = 32;

/// The most two-digit heads of integer codes searched for as bare numbers.
const MAX_NUMBER_PREFIXES: usize = 8;

/// Key names (lowercase, without `_` and `-`) whose value is a code.
const CODE_KEYS: &[&str] = &[
    "code",
    "errorcode",
    "errcode",
    "suberrcode",
    "subcode",
    "suberrorcode",
];

/// A code-shaped word nobody declares, found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Undeclared {
    /// Byte range in the file.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The catalog whose shape it has.
    pub(crate) catalog: usize,
    /// Why it has that shape.
    pub(crate) why: Why,
}

/// Why a word has a catalog's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// It matches the catalog's format of this index.
    Format(usize),
    /// A code key's value that misses the format of this index where a fix
    /// is obvious: the suggestion and what is wrong.
    NearFormat(usize, String, String),
    /// An integer in the range of the group of this index.
    Range(usize),
    /// An integer with the digit count of all the catalog's codes.
    Digits(usize),
    /// An UPPER_SNAKE word, as all the catalog's codes are.
    Upper,
}

/// A catalog's shape of codes, for words that are not declared.
struct Shape {
    kind: CodeKind,
    /// The formats, with the length of their literal text (a longer one is
    /// the more specific claim).
    formats: Vec<(usize, usize)>,
    /// Group ranges, `(from, to, group)`.
    ranges: Vec<(u64, u64, usize)>,
    /// The digit count all integer codes share.
    digits: Option<usize>,
    /// Whether every string code is UPPER_SNAKE (used without formats).
    upper: bool,
    /// Normalised code-field names of its envelope.
    keys: Vec<Vec<u8>>,
}

/// A fixed prefix of a format made of literal text and digits only.
struct Prefix {
    finder: Finder<'static>,
    len: usize,
    /// Bytes a code of the format may hold (letters, digits, `_`, and its
    /// literal text's).
    word: [bool; 256],
    /// `(catalog, format)` pairs with this prefix.
    owners: Vec<(usize, usize)>,
}

/// What the scanner knows of the catalogs.
struct Index<'c> {
    catalogs: &'c [Catalog],
    strs: FastMap<&'c [u8], (u32, u32)>,
    ints: FastMap<u64, (u32, u32)>,
    /// Shortest and longest declared code, in bytes of its text.
    lengths: (usize, usize),
    shapes: Vec<Shape>,
    prefixes: Vec<Prefix>,
    /// Finders of key names: `ode` (every `code` key) and envelope names
    /// without it.
    key_finders: Vec<Finder<'static>>,
    /// The first two digits of the declared integer codes (when there are
    /// at most [`MAX_NUMBER_PREFIXES`] of them): a number with one of them
    /// is looked up, for uses such as `raise ApiError(100101)`.
    number_prefixes: Vec<Finder<'static>>,
    /// Normalised key names.
    keys: Vec<Vec<u8>>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Lowercase without `_` and `-`.
fn normalise_key(key: &[u8]) -> Vec<u8> {
    key.iter()
        .filter(|&&b| b != b'_' && b != b'-')
        .map(u8::to_ascii_lowercase)
        .collect()
}

/// Whether `raw`, normalised as [`normalise_key`] does, is `key`.
fn same_key(raw: &[u8], key: &[u8]) -> bool {
    let mut raw = raw
        .iter()
        .filter(|&&b| b != b'_' && b != b'-')
        .map(u8::to_ascii_lowercase);
    key.iter().all(|&k| raw.next() == Some(k)) && raw.next().is_none()
}

/// Whether a format is literal text and digits, with a literal first that
/// holds two letters or more: a word starting with that literal is a code
/// wherever it appears (`OptVerse_{digits:8}`; not `{upper}`,
/// `PIPELINE_{upper}` or `{digits:6}`, which ordinary words and numbers
/// match).
fn is_distinctive(format: &CodeFormat) -> bool {
    let prefix = format.literal_prefix();
    prefix.bytes().filter(u8::is_ascii_alphabetic).count() >= 2
        && format
            .slots
            .iter()
            .all(|s| matches!(s, Slot::Literal(_) | Slot::Digits(_)))
        && format.slots.iter().any(|s| matches!(s, Slot::Digits(_)))
}

fn literal_len(format: &CodeFormat) -> usize {
    format
        .slots
        .iter()
        .map(|s| match s {
            Slot::Literal(l) => l.len(),
            _ => 0,
        })
        .sum()
}

fn is_upper_snake(code: &str) -> bool {
    let b = code.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_uppercase()
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

impl<'c> Index<'c> {
    fn new(catalogs: &'c [Catalog]) -> Index<'c> {
        let mut strs = FastMap::default();
        let mut ints = FastMap::default();
        let mut lengths = (usize::MAX, 0);
        let mut shapes = Vec::new();
        let mut prefixes: Vec<Prefix> = Vec::new();
        let mut keys: Vec<Vec<u8>> = CODE_KEYS.iter().map(|k| k.as_bytes().to_vec()).collect();
        let mut key_finders = vec![Finder::new(b"ode").into_owned()];
        for (c, catalog) in catalogs.iter().enumerate() {
            let mut digits = None::<Option<usize>>;
            let mut upper = true;
            for (e, entry) in catalog.entries.iter().enumerate() {
                let id = (c as u32, e as u32);
                let len = match &entry.code {
                    Code::Int(n) => {
                        ints.entry(*n).or_insert(id);
                        let len = n.to_string().len();
                        digits = Some(match digits {
                            None => Some(len),
                            Some(Some(d)) if d == len => Some(d),
                            Some(_) => None,
                        });
                        len
                    }
                    Code::Str(s) => {
                        strs.entry(s.as_bytes()).or_insert(id);
                        upper &= is_upper_snake(s);
                        s.len()
                    }
                };
                lengths = (lengths.0.min(len), lengths.1.max(len));
                // A published alias is a use of its entry too (it is no
                // evidence of the codes' shape: it was often malformed).
                for alias in entry.aliases.iter() {
                    let len = match &alias.code {
                        Code::Int(n) => {
                            ints.entry(*n).or_insert(id);
                            n.to_string().len()
                        }
                        Code::Str(s) => {
                            strs.entry(s.as_bytes()).or_insert(id);
                            s.len()
                        }
                    };
                    lengths = (lengths.0.min(len), lengths.1.max(len));
                }
            }
            let mut shape_keys = Vec::new();
            let members = catalog
                .envelopes
                .iter()
                .flat_map(|e| e.members.iter().chain(e.error_members()));
            for member in members {
                if member.kind == crate::ir::MemberKind::Code {
                    let key = normalise_key(member.wire.as_bytes());
                    if !keys.contains(&key) {
                        if !key.windows(3).any(|w| w == b"ode") {
                            key_finders.push(Finder::new(member.wire.as_bytes()).into_owned());
                        }
                        keys.push(key.clone());
                    }
                    shape_keys.push(key);
                }
            }
            for (f, format) in catalog.formats.iter().enumerate() {
                if !is_distinctive(format) {
                    continue;
                }
                let literal = format.literal_prefix().as_bytes();
                let mut word = [false; 256];
                for b in 0..=255u8 {
                    word[b as usize] = is_word(b);
                }
                for slot in &format.slots {
                    if let Slot::Literal(l) = slot {
                        for b in l.bytes() {
                            word[b as usize] = true;
                        }
                    }
                }
                match prefixes.iter_mut().find(|p| p.finder.needle() == literal) {
                    Some(p) => {
                        p.owners.push((c, f));
                        for (w, x) in p.word.iter_mut().zip(word) {
                            *w |= x;
                        }
                    }
                    None => prefixes.push(Prefix {
                        finder: Finder::new(literal).into_owned(),
                        len: literal.len(),
                        word,
                        owners: vec![(c, f)],
                    }),
                }
            }
            let ranges = catalog
                .groups
                .iter()
                .enumerate()
                .filter_map(|(g, group)| group.range.map(|(a, b)| (a, b, g)))
                .collect();
            shapes.push(Shape {
                kind: catalog.code_kind,
                formats: catalog
                    .formats
                    .iter()
                    .enumerate()
                    .map(|(f, format)| (f, literal_len(format)))
                    .collect(),
                ranges,
                digits: digits.flatten(),
                upper: upper && !catalog.entries.is_empty(),
                keys: shape_keys,
            });
        }
        if lengths.0 > lengths.1 {
            lengths = (1, 0);
        }
        let mut heads: Vec<String> = ints
            .keys()
            .filter(|&&n| n >= 10)
            .map(|n| n.to_string()[..2].to_owned())
            .collect();
        heads.sort();
        heads.dedup();
        let number_prefixes = if heads.len() <= MAX_NUMBER_PREFIXES {
            heads
                .iter()
                .map(|h| Finder::new(h.as_bytes()).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        // The outer call's code of a two-level envelope (`errCode`) is
        // another system's code, unless some catalog names its own so.
        let outer: Vec<Vec<u8>> = catalogs
            .iter()
            .flat_map(|c| &c.envelopes)
            .flat_map(|e| e.members.iter().chain(e.error_members()))
            .filter(|m| m.kind == crate::ir::MemberKind::OuterCode)
            .map(|m| normalise_key(m.wire.as_bytes()))
            .collect();
        let own: Vec<&Vec<u8>> = shapes.iter().flat_map(|s: &Shape| &s.keys).collect();
        keys.retain(|k| !outer.contains(k) || own.contains(&k));
        Index {
            catalogs,
            strs,
            ints,
            lengths,
            shapes,
            prefixes,
            key_finders,
            number_prefixes,
            keys,
        }
    }

    /// The entry a literal's whole text declares, if any.
    fn declared(&self, text: &[u8]) -> Option<(u32, u32)> {
        if text.len() < self.lengths.0 || text.len() > self.lengths.1 {
            return None;
        }
        if let Some(&id) = self.strs.get(text) {
            return Some(id);
        }
        if !self.ints.is_empty() && text.iter().all(u8::is_ascii_digit) {
            let n: u64 = std::str::from_utf8(text).ok()?.parse().ok()?;
            return self.ints.get(&n).copied();
        }
        None
    }

    /// Whether some catalog reserves `code`.
    fn reserved(&self, code: &Code) -> bool {
        self.catalogs
            .iter()
            .any(|c| c.reserved.iter().any(|r| r.covers(code)))
    }

    /// The catalog (and why) whose shape an undeclared code key's value
    /// has: the catalog whose envelope names the key first, then the most
    /// specific format.
    fn shape_of(&self, text: &str, number: bool, key: &[u8]) -> Option<(usize, Why)> {
        let mut best: Option<(bool, usize, usize, Why)> = None;
        for (c, shape) in self.shapes.iter().enumerate() {
            let catalog = &self.catalogs[c];
            let found = match shape.kind {
                CodeKind::Integer => {
                    if !text.bytes().all(|b| b.is_ascii_digit()) || text.is_empty() {
                        continue;
                    }
                    let Ok(n) = text.parse::<u64>() else { continue };
                    if !shape.formats.is_empty() {
                        shape
                            .formats
                            .iter()
                            .find(|&&(f, _)| catalog.formats[f].check(text).is_ok())
                            .map(|&(f, len)| (len, Why::Format(f)))
                    } else if !shape.ranges.is_empty() {
                        shape
                            .ranges
                            .iter()
                            .find(|&&(a, b, _)| (a..=b).contains(&n))
                            .map(|&(_, _, g)| (0, Why::Range(g)))
                    } else {
                        shape
                            .digits
                            .filter(|&d| d == text.len())
                            .map(|d| (0, Why::Digits(d)))
                    }
                }
                CodeKind::String if number => continue,
                CodeKind::String => {
                    if shape.formats.is_empty() {
                        (shape.upper && is_upper_snake(text)).then_some((0, Why::Upper))
                    } else {
                        let mut near = None;
                        let mut hit = None;
                        for &(f, len) in &shape.formats {
                            match catalog.formats[f].check(text) {
                                Ok(()) => {
                                    if hit.as_ref().is_none_or(|&(l, _)| len > l) {
                                        hit = Some((len, Why::Format(f)));
                                    }
                                }
                                Err(m) => {
                                    if let Some(fix) = m.fix.map(|f| f.fixed) {
                                        let what =
                                            format!("expected {}, found {}", m.expected, m.found);
                                        near.get_or_insert((len, Why::NearFormat(f, fix, what)));
                                    }
                                }
                            }
                        }
                        hit.or(near)
                    }
                }
            };
            let Some((len, why)) = found else { continue };
            let own = shape.keys.iter().any(|k| k == key);
            let better = match &best {
                None => true,
                Some((b_own, b_len, _, _)) => (own, len) > (*b_own, *b_len),
            };
            if better {
                best = Some((own, len, c, why));
            }
        }
        best.map(|(_, _, c, why)| (c, why))
    }
}

/// A comment or a string literal's content, in a code file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Region {
    start: usize,
    end: usize,
    comment: bool,
}

/// The region holding `at`, if any (regions sorted and disjoint).
fn region_at(regions: &[Region], at: usize) -> Option<Region> {
    let i = regions.partition_point(|r| r.start <= at);
    regions[..i].last().copied().filter(|r| at < r.end)
}

/// The end of a string whose content starts at `from`: the offset of the
/// closing `quote`, skipping escapes; at a newline when `line` (the string
/// is then unterminated), or at the end.
fn string_end(b: &[u8], from: usize, quote: u8, line: bool) -> usize {
    let mut j = from;
    while j < b.len() {
        let found = if line {
            memchr3(quote, b'\\', b'\n', &b[j..])
        } else {
            memchr2(quote, b'\\', &b[j..])
        };
        let Some(k) = found else { return b.len() };
        let p = j + k;
        if b[p] == b'\\' {
            j = p + 2;
            continue;
        }
        return p;
    }
    b.len()
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr(b'\n', &b[from.min(b.len())..]).map_or(b.len(), |k| from + k)
}

/// Finds the comments and string literals of a file, calling `literal`
/// with each string's content (and each Markdown code span's). Regions are
/// pushed only for code files.
fn lex(lang: Lang, b: &[u8], regions: &mut Vec<Region>, mut literal: impl FnMut(&[u8])) {
    let mut push = |regions: &mut Vec<Region>, start: usize, end: usize, comment: bool| {
        let end = end.min(b.len());
        if !comment {
            literal(&b[start.min(end)..end]);
        }
        if lang.is_code() {
            regions.push(Region {
                start,
                end,
                comment,
            });
        }
    };
    let mut i = 0;
    match lang {
        Lang::Rust => {
            while let Some(k) = memchr3(b'"', b'/', b'\'', &b[i.min(b.len())..]) {
                let p = i + k;
                match b[p] {
                    b'"' => {
                        let mut q = p;
                        while q > 0 && b[q - 1] == b'#' {
                            q -= 1;
                        }
                        let hashes = p - q;
                        let prefixed = |at: usize| at == 0 || !is_word(b[at - 1]);
                        let raw = q > 0
                            && b[q - 1] == b'r'
                            && (prefixed(q - 1)
                                || (q >= 2 && matches!(b[q - 2], b'b' | b'c') && prefixed(q - 2)));
                        if raw {
                            let mut j = p + 1;
                            let end = loop {
                                match memchr(b'"', &b[j.min(b.len())..]) {
                                    None => break b.len(),
                                    Some(k) => {
                                        let e = j + k;
                                        let close = &b[e + 1..(e + 1 + hashes).min(b.len())];
                                        if close.len() == hashes && close.iter().all(|&h| h == b'#')
                                        {
                                            break e;
                                        }
                                        j = e + 1;
                                    }
                                }
                            };
                            push(regions, p + 1, end, false);
                            i = end + 1 + hashes;
                        } else if hashes > 0 {
                            i = p + 1;
                        } else {
                            let end = string_end(b, p + 1, b'"', false);
                            push(regions, p + 1, end, false);
                            i = end + 1;
                        }
                    }
                    b'/' => match b.get(p + 1) {
                        Some(b'/') => {
                            let end = line_end(b, p);
                            push(regions, p, end, true);
                            i = end;
                        }
                        Some(b'*') => {
                            // Nested, as Rust's are.
                            let mut depth = 1;
                            let mut j = p + 2;
                            while depth > 0 {
                                match memchr2(b'*', b'/', &b[j.min(b.len())..]) {
                                    None => {
                                        j = b.len();
                                        break;
                                    }
                                    Some(k) => {
                                        let e = j + k;
                                        if b[e] == b'*' && b.get(e + 1) == Some(&b'/') {
                                            depth -= 1;
                                            j = e + 2;
                                        } else if b[e] == b'/' && b.get(e + 1) == Some(&b'*') {
                                            depth += 1;
                                            j = e + 2;
                                        } else {
                                            j = e + 1;
                                        }
                                    }
                                }
                            }
                            push(regions, p, j, true);
                            i = j;
                        }
                        _ => i = p + 1,
                    },
                    _ => {
                        // A char literal (`'"'`, `'\''`, `'é'`) or a lifetime.
                        i = p + 1;
                        if b.get(p + 1) == Some(&b'\\') {
                            let window = &b[(p + 3).min(b.len())..(p + 12).min(b.len())];
                            if let Some(k) = memchr(b'\'', window) {
                                i = p + 3 + k + 1;
                            }
                        } else if let Some(&c) = b.get(p + 1) {
                            let len = match c {
                                0x00..=0x7F => 1,
                                0xC0..=0xDF => 2,
                                0xE0..=0xEF => 3,
                                _ => 4,
                            };
                            if b.get(p + 1 + len) == Some(&b'\'') {
                                i = p + 2 + len;
                            }
                        }
                    }
                }
            }
        }
        Lang::JavaScript => {
            // Two searches, each kept until it is passed: searching again
            // for the one further away at every stop would read the file
            // once per stop.
            let mut slash = memchr(b'/', b);
            let mut quote = memchr3(b'"', b'\'', b'`', b);
            loop {
                if quote.is_some_and(|q| q < i) {
                    quote = memchr3(b'"', b'\'', b'`', &b[i.min(b.len())..]).map(|k| i + k);
                }
                if slash.is_some_and(|s| s < i) {
                    slash = memchr(b'/', &b[i.min(b.len())..]).map(|k| i + k);
                }
                let p = match (quote, slash) {
                    (None, None) => break,
                    (Some(q), Some(s)) => q.min(s),
                    (Some(q), None) => q,
                    (None, Some(s)) => s,
                };
                match b[p] {
                    b'/' => match b.get(p + 1) {
                        Some(b'/') => {
                            let end = line_end(b, p);
                            push(regions, p, end, true);
                            i = end;
                        }
                        Some(b'*') => {
                            let end = memchr::memmem::find(&b[p + 2..], b"*/")
                                .map_or(b.len(), |k| p + 2 + k + 2);
                            push(regions, p, end, true);
                            i = end;
                        }
                        // Division or a regular expression: not read.
                        _ => i = p + 1,
                    },
                    q => {
                        let end = string_end(b, p + 1, q, q != b'`');
                        push(regions, p + 1, end, false);
                        i = end + 1;
                    }
                }
            }
        }
        Lang::Python => {
            while let Some(k) = memchr3(b'"', b'\'', b'#', &b[i.min(b.len())..]) {
                let p = i + k;
                let q = b[p];
                if q == b'#' {
                    let end = line_end(b, p);
                    push(regions, p, end, true);
                    i = end;
                } else if b.get(p + 1) == Some(&q) && b.get(p + 2) == Some(&q) {
                    let triple = [q, q, q];
                    let end =
                        memchr::memmem::find(&b[p + 3..], &triple).map_or(b.len(), |k| p + 3 + k);
                    push(regions, p + 3, end, false);
                    i = end + 3;
                } else {
                    let end = string_end(b, p + 1, q, true);
                    push(regions, p + 1, end, false);
                    i = end + 1;
                }
            }
        }
        Lang::Json => {
            while let Some(k) = memchr(b'"', &b[i.min(b.len())..]) {
                let p = i + k;
                let end = string_end(b, p + 1, b'"', true);
                push(regions, p + 1, end, false);
                i = end + 1;
            }
        }
        Lang::Markdown => {
            // Code spans and quoted text, one line at most; a run of two or
            // more backticks (a fence) is skipped.
            while let Some(k) = memchr3(b'"', b'\'', b'`', &b[i.min(b.len())..]) {
                let p = i + k;
                let q = b[p];
                if q == b'`' && b.get(p + 1) == Some(&b'`') {
                    i = p + 1;
                    while b.get(i) == Some(&b'`') {
                        i += 1;
                    }
                    continue;
                }
                let end = string_end(b, p + 1, q, true);
                push(regions, p + 1, end, false);
                i = end + 1;
            }
        }
    }
}

/// Placeholders of documentation in a code key's value: a word `CODE`
/// (`STRING_CODE`, `ERROR_CODE`), or `xxx`.
fn is_placeholder(text: &str) -> bool {
    text.split(['_', '-', '.', ' '])
        .any(|w| w.eq_ignore_ascii_case("code") || w.eq_ignore_ascii_case("codes"))
        || (text.len() >= 3 && text.bytes().all(|b| b == b'x' || b == b'X'))
}

/// What one file refers to.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Declared entries it uses, `(catalog, entry)` (may repeat).
    pub(crate) used: Vec<(u32, u32)>,
    /// Undeclared code-shaped words, by position.
    pub(crate) undeclared: Vec<Undeclared>,
}

impl Index<'_> {
    /// Scans one file's bytes.
    fn scan(&self, lang: Lang, b: &[u8], regions: &mut Vec<Region>) -> Found {
        let mut found = Found::default();
        regions.clear();
        lex(lang, b, regions, |text| {
            let text = text.trim_ascii();
            if let Some(id) = self.declared(text) {
                found.used.push(id);
            }
        });
        let in_comment = |at: usize| region_at(regions, at).is_some_and(|r| r.comment);

        // Code keys.
        let mut last_key = usize::MAX;
        for finder in &self.key_finders {
            for hit in finder.find_iter(b) {
                // A key is at most `MAX_KEY` bytes: the word around the
                // hit is looked at no further (a long word is no key, and
                // a line of `odeode…` stays linear).
                let floor = hit.saturating_sub(MAX_KEY + 1);
                let mut start = hit;
                while start > floor && is_word(b[start - 1]) {
                    start -= 1;
                }
                let ceiling = (hit + MAX_KEY + 1).min(b.len());
                let mut end = hit + finder.needle().len();
                while end < ceiling && is_word(b[end]) {
                    end += 1;
                }
                if start == last_key
                    || end - start > MAX_KEY
                    || (start > 0 && is_word(b[start - 1]))
                {
                    continue;
                }
                last_key = start;
                // Most hits are other words (`node`, `mode`, `decode`):
                // compared in place, without building the normalised key.
                let raw = &b[start..end];
                let Some(key) = self.keys.iter().find(|k| same_key(raw, k)) else {
                    continue;
                };
                if lang.is_code() && in_comment(start) {
                    continue;
                }
                if let Some((vs, ve, number)) = key_value(b, end) {
                    self.classify(b, vs, ve, number, key, &mut found);
                }
            }
        }

        // Bare numbers that are declared integer codes: uses only.
        for finder in &self.number_prefixes {
            for at in finder.find_iter(b) {
                if at > 0 && (is_word(b[at - 1]) || b[at - 1] == b'.') {
                    continue;
                }
                let mut end = at + 2;
                while end < b.len() && end - at <= 20 && b[end].is_ascii_digit() {
                    end += 1;
                }
                let float =
                    b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
                if float || b.get(end).is_some_and(|&c| is_word(c)) {
                    continue;
                }
                let Some(n) = std::str::from_utf8(&b[at..end])
                    .ok()
                    .and_then(|t| t.parse::<u64>().ok())
                else {
                    continue;
                };
                if let Some(&id) = self.ints.get(&n) {
                    if !(lang.is_code() && in_comment(at)) {
                        found.used.push(id);
                    }
                }
            }
        }

        // Fixed prefixes.
        for prefix in &self.prefixes {
            for at in prefix.finder.find_iter(b) {
                if at > 0 && is_word(b[at - 1]) {
                    continue;
                }
                let mut end = at + prefix.len;
                while end < b.len() && prefix.word[b[end] as usize] {
                    end += 1;
                }
                while end > at + prefix.len && !b[end - 1].is_ascii_alphanumeric() {
                    end -= 1;
                }
                let word = &b[at..end];
                if let Some(id) = self.declared(word) {
                    if !(lang.is_code() && in_comment(at)) {
                        found.used.push(id);
                    }
                    continue;
                }
                if lang.is_code() && region_at(regions, at).is_none_or(|r| r.comment) {
                    continue;
                }
                let Ok(text) = std::str::from_utf8(word) else {
                    continue;
                };
                let code = Code::Str(text.to_owned());
                if self.reserved(&code) {
                    continue;
                }
                let owner = prefix.owners.iter().find(|&&(c, f)| {
                    self.catalogs[c].code_kind == CodeKind::String
                        && self.catalogs[c].formats[f].check(text).is_ok()
                });
                if let Some(&(catalog, f)) = owner {
                    found.undeclared.push(Undeclared {
                        start: at,
                        end,
                        catalog,
                        why: Why::Format(f),
                    });
                }
            }
        }
        found.undeclared.sort_by_key(|u| (u.start, u.end));
        found.undeclared.dedup_by_key(|u| (u.start, u.end));
        found
    }

    /// Judges a code key's value.
    fn classify(
        &self,
        b: &[u8],
        start: usize,
        end: usize,
        number: bool,
        key: &[u8],
        found: &mut Found,
    ) {
        let word = &b[start..end];
        if let Some(id) = self.declared(word) {
            found.used.push(id);
            return;
        }
        let Ok(text) = std::str::from_utf8(word) else {
            return;
        };
        if text.is_empty() || (!number && is_placeholder(text)) {
            return;
        }
        let code = match text.parse::<u64>() {
            Ok(n) if number || text.bytes().all(|b| b.is_ascii_digit()) => Code::Int(n),
            _ => Code::Str(text.to_owned()),
        };
        if self.reserved(&code) || self.reserved(&Code::Str(text.to_owned())) {
            return;
        }
        if let Some((catalog, why)) = self.shape_of(text, number, key) {
            found.undeclared.push(Undeclared {
                start,
                end,
                catalog,
                why,
            });
        }
    }
}

/// The value after a code key that ends at `at`: `"code": "X"`,
/// `code = 'X'`, `code === "X"`, `"code": 100499`, `\"code\": \"X\"`.
/// Returns the value's range and whether it is a bare number.
fn key_value(b: &[u8], mut at: usize) -> Option<(usize, usize, bool)> {
    let ws = |b: &[u8], mut at: usize| {
        while at < b.len() && matches!(b[at], b' ' | b'\t') {
            at += 1;
        }
        at
    };
    // The key's closing quote, escaped or not.
    if b.get(at) == Some(&b'\\') && matches!(b.get(at + 1), Some(b'"' | b'\'')) {
        at += 2;
    } else if matches!(b.get(at), Some(b'"' | b'\'' | b'`')) {
        at += 1;
    }
    at = ws(b, at);
    match b.get(at)? {
        b':' => at += 1,
        b'=' => {
            at += 1;
            while b.get(at) == Some(&b'=') {
                at += 1;
            }
            if b.get(at) == Some(&b'>') {
                return None;
            }
        }
        b'!' if b.get(at + 1) == Some(&b'=') => {
            at += 2;
            if b.get(at) == Some(&b'=') {
                at += 1;
            }
        }
        _ => return None,
    }
    at = ws(b, at);
    let escaped = b.get(at) == Some(&b'\\');
    if escaped {
        at += 1;
    }
    match *b.get(at)? {
        q @ (b'"' | b'\'' | b'`') => {
            let start = at + 1;
            let window = &b[start..(start + crate::ir::code_format::MAX_CODE_LEN + 2).min(b.len())];
            let k = if escaped {
                memchr::memmem::find(window, &[b'\\', q])?
            } else {
                memchr2(q, b'\n', window).filter(|&k| window[k] == q)?
            };
            Some((start, start + k, false))
        }
        d if d.is_ascii_digit() => {
            let mut end = at;
            while end < b.len() && b[end].is_ascii_digit() {
                end += 1;
            }
            let float = b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
            if float || b.get(end).is_some_and(|&c| is_word(c)) {
                return None;
            }
            Some((at, end, true))
        }
        _ => None,
    }
}

/// Why a scanned file was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file's display name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// The references check over many files: scan each with [`Refs::scan`],
/// then [`Refs::finish`] for the diagnostics.
pub struct Refs<'c> {
    index: Index<'c>,
    used: Vec<Vec<bool>>,
    diagnostics: Vec<Diagnostic>,
    regions: Vec<Region>,
    /// The nearest declared code of each undeclared one reported so far.
    nearest: FastMap<String, Option<String>>,
}

impl<'c> Refs<'c> {
    /// A check against these catalogs.
    pub fn new(catalogs: &'c [Catalog]) -> Refs<'c> {
        Refs {
            index: Index::new(catalogs),
            used: catalogs
                .iter()
                .map(|c| vec![false; c.entries.len()])
                .collect(),
            diagnostics: Vec::new(),
            regions: Vec::new(),
            nearest: FastMap::default(),
        }
    }

    /// Scans one file. A file with an undeclared code is added to
    /// `sources`, so that the diagnostic shows its line. A file that is not
    /// UTF-8 is skipped (it is not scanned).
    pub fn scan(
        &mut self,
        name: &str,
        path: Option<&Path>,
        lang: Lang,
        bytes: &[u8],
        sources: &mut SourceMap,
    ) -> Result<(), Skipped> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Err(e) = std::str::from_utf8(bytes) {
            return Err(Skipped {
                name: name.to_owned(),
                reason: format!("not UTF-8 text (byte {} is not)", e.valid_up_to()),
            });
        }
        let mut regions = std::mem::take(&mut self.regions);
        let found = self.index.scan(lang, bytes, &mut regions);
        self.regions = regions;
        for (c, e) in found.used {
            self.used[c as usize][e as usize] = true;
        }
        if found.undeclared.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8(bytes.to_vec()).expect("validated above");
        let file = sources.add(SourceFile::new(name, path.map(Path::to_path_buf), text));
        for u in found.undeclared {
            let d = self.undeclared(file, &u, sources);
            self.diagnostics.push(d);
        }
        Ok(())
    }

    fn undeclared(&mut self, file: FileId, u: &Undeclared, sources: &SourceMap) -> Diagnostic {
        let catalog = &self.index.catalogs[u.catalog];
        let span = Span::new(file, u.start, u.end);
        let code = sources.slice(span).to_owned();
        let name = catalog.name.original();
        let mut d = Diagnostic::new(
            Rule::UndeclaredCode,
            span,
            format!("`{code}` looks like a code of `{name}`, but no catalog declares it"),
        )
        .label("not declared in any catalog");
        match &u.why {
            Why::Format(f) => {
                let format = &catalog.formats[*f];
                d = d.secondary(format.span, "it matches this format");
            }
            Why::NearFormat(f, fix, what) => {
                let format = &catalog.formats[*f];
                d = d
                    .secondary(format.span, "it is the value of a code key and nearly matches this format")
                    .note(format!(
                        "`{code}` does not match `{}` ({what}); `{fix}` would, and is not declared either",
                        format.pattern
                    ));
            }
            Why::Range(g) => {
                let group = &catalog.groups[*g];
                if let Some(range) = group.range_span {
                    d = d.secondary(
                        range,
                        format!("it lies in the range of group `{}`", group.name.original()),
                    );
                }
            }
            Why::Digits(n) => {
                d = d.note(format!(
                    "every code of `{name}` has {n} digits, as this one does"
                ));
            }
            Why::Upper => {
                d = d.note(format!(
                    "every code of `{name}` is an UPPER_SNAKE word, as this one is, and it is the value of a code key"
                ));
            }
        }
        let nearest = self
            .nearest
            .entry(code.clone())
            .or_insert_with(|| {
                let codes: Vec<String> =
                    catalog.entries.iter().map(|e| e.code.to_string()).collect();
                crate::suggest::closest(&code, codes.iter().map(String::as_str)).map(str::to_owned)
            })
            .clone();
        let literal = match catalog.code_kind {
            CodeKind::Integer => code.clone(),
            CodeKind::String => crate::parse::encode_plain(&code),
        };
        let declare = format!(
            "declare it in `{name}` (`error some_name = {literal} {{ … }}`), or reserve it there if it is retired"
        );
        d.help(match (&u.why, nearest) {
            (Why::NearFormat(_, fix, _), _) => {
                format!("if it is meant as `{fix}`, write that and declare it in `{name}`")
            }
            (_, Some(near)) => {
                format!("did you mean `{near}`? if `{code}` is a code of its own, {declare}")
            }
            (_, None) => format!("if the service returns it, {declare}"),
        })
    }

    /// The diagnostics: each undeclared code in file order, then a note for
    /// each declared code no scanned file uses (deprecated entries are
    /// left out: unused is where they are headed).
    pub fn finish(mut self) -> Vec<Diagnostic> {
        for (c, catalog) in self.index.catalogs.iter().enumerate() {
            for (e, entry) in catalog.entries.iter().enumerate() {
                if self.used[c][e] || entry.deprecated.is_some() {
                    continue;
                }
                self.diagnostics.push(
                    Diagnostic::new(
                        Rule::UnusedCode,
                        entry.spans.code,
                        format!("`{}` is used by no scanned file", entry.code),
                    )
                    .label("declared here, referred to nowhere in the `--refs` paths")
                    .help("if clients can no longer receive it, deprecate it or turn it into a `reserved` code"),
                );
            }
        }
        self.diagnostics
    }
}

/// What [`walk`] found.
#[cfg(feature = "cli")]
#[derive(Debug, Default)]
pub struct Walk {
    /// The files to scan, each with its language, in a stable order.
    pub files: Vec<(PathBuf, Lang)>,
    /// What could not be walked.
    pub skipped: Vec<Skipped>,
}

/// The files under `paths` that `--refs` scans, in a stable order, with
/// what was skipped: folders are walked as ripgrep does (`.gitignore`,
/// `.ignore`, hidden files skipped; `target/`, `node_modules/` and `.git/`
/// too), keeping the extensions of [`Lang::from_path`]; a file named
/// itself is read whatever its extension (as Markdown when unknown).
/// Symbolic links are not followed.
#[cfg(feature = "cli")]
pub fn walk(paths: &[PathBuf]) -> Result<Walk, String> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let meta = std::fs::symlink_metadata(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if meta.is_file() || (meta.file_type().is_symlink() && path.is_file()) {
            files.push((
                path.clone(),
                Lang::from_path(path).unwrap_or(Lang::Markdown),
            ));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|entry| {
                !(entry.file_type().is_some_and(|t| t.is_dir())
                    && matches!(
                        entry.file_name().to_str(),
                        Some("target" | "node_modules" | ".git")
                    ))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    if let Some(lang) = Lang::from_path(entry.path()) {
                        files.push((entry.into_path(), lang));
                    }
                }
                Err(e) => skipped.push(Skipped {
                    name: path.display().to_string(),
                    reason: e.to_string(),
                }),
            }
        }
    }
    Ok(Walk { files, skipped })
}

/// `errgen check --refs PATH…`: walks `paths` ([`walk`]), scans every file
/// against `catalogs`, and returns the diagnostics, the files skipped and
/// how many files were scanned.
#[cfg(feature = "cli")]
pub fn check_paths(
    catalogs: &[Catalog],
    sources: &mut SourceMap,
    paths: &[PathBuf],
) -> Result<(Vec<Diagnostic>, Vec<Skipped>, usize), String> {
    let Walk { files, mut skipped } = walk(paths)?;
    let mut refs = Refs::new(catalogs);
    let mut scanned = 0;
    for (path, lang) in files {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match refs.scan(&name, Some(&path), lang, &bytes, sources) {
                Ok(()) => scanned += 1,
                Err(skip) => skipped.push(skip),
            },
            Err(e) => skipped.push(Skipped {
                name,
                reason: format!("cannot be read: {e}"),
            }),
        }
    }
    Ok((refs.finish(), skipped, scanned))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::parse_and_lower;

    fn catalogs() -> Vec<Catalog> {
        let texts = [
            r#"catalog shop {
  locales en
  format "SHOP_{digits:4}"
  envelope {
    code "error_code"
    message "error_msg"
  }
}
error out_of_stock = "SHOP_0001" { message en "Out of stock." }
error gone = "SHOP_0002" { message en "Gone." }
reserved "SHOP_0009" "retired"
"#,
            r#"catalog jobs {
  locales en
  format "{digits:6}"
}
group queue {
  range 200000..200999
  error full = 200001 { message en "Full." }
}
"#,
            r#"catalog runner {
  locales en
  format "{upper}"
}
error "RUN_FAILED" { message en "Failed." }
error "MISMATCH" { message en "Mismatch." }
"#,
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let (catalog, diagnostics) = parse_and_lower(FileId(i as u32), t).expect("parses");
                assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
                catalog
            })
            .collect()
    }

    /// The undeclared words of `text` scanned as `lang`.
    fn undeclared(lang: Lang, text: &str) -> Vec<String> {
        let catalogs = catalogs();
        let index = Index::new(&catalogs);
        let found = index.scan(lang, text.as_bytes(), &mut Vec::new());
        found
            .undeclared
            .iter()
            .map(|u| text[u.start..u.end].to_owned())
            .collect()
    }

    fn used(lang: Lang, text: &str) -> Vec<String> {
        let catalogs = catalogs();
        let index = Index::new(&catalogs);
        let mut used: Vec<String> = index
            .scan(lang, text.as_bytes(), &mut Vec::new())
            .used
            .iter()
            .map(|&(c, e)| catalogs[c as usize].entries[e as usize].code.to_string())
            .collect();
        used.sort();
        used.dedup();
        used
    }

    #[test]
    fn prefixed_codes_in_strings_not_in_comments_or_identifiers() {
        let rust = r##"
// SHOP_0404 in a comment is not read
/* nor SHOP_0405 /* nested */ SHOP_0406 */
fn f() -> &'static str {
    let c = '"'; let d = '\''; // a quote in a char literal opens no string
    let url = "http://x"; // `//` inside a string is no comment
    let SHOP_0407 = 1; // an identifier, not a string
    let raw = r#"a "quoted" SHOP_0408"#;
    log("failed with SHOP_0403: boom");
    "SHOP_0001"
}
"##;
        assert_eq!(undeclared(Lang::Rust, rust), ["SHOP_0408", "SHOP_0403"]);
        assert_eq!(used(Lang::Rust, rust), ["SHOP_0001"]);
    }

    #[test]
    fn words_that_only_start_like_a_code_are_not_codes() {
        let ts = "const a = 'SHOP_00011'; const b = 'XSHOP_0003'; const c = `SHOP_0003x`; const d = 'SHOP_0012';";
        assert_eq!(undeclared(Lang::JavaScript, ts), ["SHOP_0012"]);
    }

    #[test]
    fn code_keys_find_integers_and_free_strings() {
        let py = r#"
port = 8080
timestamp = 1574345220956
body = '{"code": 200404, "brief": "no"}'  # JSON held in a string
other = {"code": 404, "exit_code": 200405}
# {"code": 200406} in a comment
resp = {'code': 'RUN_EXPLODED', "status": "ERROR_STATE"}
if err.code == "RUN_FAILED":
    pass
placeholder = {"code": "STRING_CODE"}
reserved = {"error_code": "SHOP_0009"}
"#;
        assert_eq!(undeclared(Lang::Python, py), ["200404", "RUN_EXPLODED"]);
        assert_eq!(used(Lang::Python, py), ["RUN_FAILED"]);
    }

    #[test]
    fn a_code_key_value_that_misses_a_format_by_a_separator() {
        let md = "The body is `{\"error_code\": \"SHOP.0100\", \"error_msg\": \"xxx\"}`.\n";
        let catalogs = catalogs();
        let index = Index::new(&catalogs);
        let found = index.scan(Lang::Markdown, md.as_bytes(), &mut Vec::new());
        assert_eq!(found.undeclared.len(), 1, "{found:?}");
        assert!(
            matches!(&found.undeclared[0].why, Why::NearFormat(0, fix, _) if fix == "SHOP_0100"),
            "{found:?}"
        );
    }

    #[test]
    fn markdown_prose_and_json() {
        let md = "Returns SHOP_0777 when the basket is gone (see `SHOP_0002`).\n\n```json\n{\"code\": 200500}\n```\n";
        assert_eq!(undeclared(Lang::Markdown, md), ["SHOP_0777", "200500"]);
        assert_eq!(used(Lang::Markdown, md), ["SHOP_0002"]);
        let json = r#"{"error_code": "SHOP_0002", "note": "see SHOP_0888", "port": 8080}"#;
        assert_eq!(undeclared(Lang::Json, json), ["SHOP_0888"]);
    }

    /// Integer codes with neither a format nor a range: the digit count
    /// all of them share is their shape.
    #[test]
    fn integer_codes_without_format_or_range_go_by_digit_count() {
        let (catalog, _) = parse_and_lower(
            FileId(0),
            "catalog legacy {\n  locales en\n}\nerror a = 50001 { message en \"A.\" }\nerror b = 50002 { message en \"B.\" }\n",
        )
        .expect("parses");
        let catalogs = [catalog];
        let index = Index::new(&catalogs);
        let text = b"{\"code\": 50003} {\"code\": 5003} {\"code\": 500030} {\"code\": 50002}";
        let found = index.scan(Lang::Json, text, &mut Vec::new());
        let words: Vec<&[u8]> = found
            .undeclared
            .iter()
            .map(|u| &text[u.start..u.end])
            .collect();
        assert_eq!(words, [b"50003"]);
        assert_eq!(found.undeclared[0].why, Why::Digits(5));
        let mut used = found.used.clone();
        used.dedup();
        assert_eq!(used, [(0, 1)]);

        // A bare number is a use, not in a comment, not inside a longer
        // number, a word or a decimal.
        let rust =
            b"let e = Error::new(50001); // 50002\nlet x = 150002 + 50002.5 + v50002 + 1.50002;";
        let found = index.scan(Lang::Rust, rust, &mut Vec::new());
        assert_eq!(found.used, [(0, 0)]);
        assert!(found.undeclared.is_empty());
    }

    #[test]
    fn python_triple_quotes_and_escapes() {
        let py = "s = \"\"\"a 'b' \"SHOP_0555\" # not a comment\"\"\"\nt = 'it\\'s SHOP_0556'\n";
        assert_eq!(undeclared(Lang::Python, py), ["SHOP_0555", "SHOP_0556"]);
    }

    #[test]
    fn unterminated_strings_and_comments_do_not_panic() {
        for lang in [
            Lang::Rust,
            Lang::JavaScript,
            Lang::Python,
            Lang::Json,
            Lang::Markdown,
        ] {
            for text in [
                "\"",
                "'",
                "/*",
                "r#\"",
                "'\\",
                "\"\\",
                "`",
                "\"\"\"",
                "code:",
                "code: \"",
                "code == \\",
                "SHOP_",
            ] {
                undeclared(lang, text);
            }
        }
    }
}
