//! The `match` patterns of upstream mappings: which patterns a catalog may
//! use, and how each target's engine is given them.
//!
//! A pattern means what Rust's `regex` crate (default options) makes of it;
//! the generated Rust hands `regex::Regex::new` the pattern as written. The
//! other targets do not get the text: [`javascript`] prints the pattern's
//! HIR, `regex-syntax`'s resolved form (`\d`, `.` and `\p{L}` as explicit
//! ranges of characters, `\b` as the look-around it is), in JavaScript's
//! syntax, so the two mean the same by construction rather than by a shared
//! subset of syntax. [`python_source`] prints the same HIR for Python's `re`
//! (`(?P<name>…)`, `\A` and `\Z`, classes without the surrogates that no
//! Rust string holds); a further engine is one more [`Engine`], and
//! [`check`] refuses any pattern some engine cannot be given.
//!
//! [`check`] refuses, besides what `regex` itself rejects: inline flags, a
//! group name that is not an ASCII identifier, a named group inside a
//! repetition (JavaScript forgets it when a later repetition skips it), an
//! optional or repeated part that can match the empty string (JavaScript
//! never lets it, Rust does), a repetition that can match one text in
//! several ways (a backtracking engine such as JavaScript's or Python's then
//! takes exponential time on text that almost matches), a pattern too large
//! for `regex` to compile, and a pattern that one of the [`Engine`]s'
//! printers cannot print.

use super::names::is_identifier;
use crate::hash::FastMap;
use regex_syntax::ast::{self, Ast, GroupKind, RepetitionKind, RepetitionRange};
use regex_syntax::hir::{self, Class, Hir, HirKind, Look};
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

/// Why a pattern is refused, and where (a byte range of the pattern).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatternError {
    pub(crate) span: Range<usize>,
    pub(crate) label: String,
    pub(crate) help: String,
}

impl PatternError {
    fn new(span: Range<usize>, label: impl Into<String>, help: impl Into<String>) -> Self {
        PatternError {
            span,
            label: label.into(),
            help: help.into(),
        }
    }
}

/// The memory `regex` lets a compiled pattern take (its default
/// `size_limit`); larger patterns make `Regex::new` fail.
const RUST_SIZE_LIMIT: u64 = 10 << 20;

/// How many copies of a counted repetition's body the ambiguity check
/// writes out; larger counts are checked as an unbounded repetition.
const EXPAND_COUNT: u32 = 16;

/// The positions (characters and classes) the ambiguity check of one
/// repetition handles, the steps between them, the pairs of positions it
/// visits and the steps between pairs it tries; a larger pattern is refused
/// as too complex to prove safe, so that the check stays fast.
const MAX_POSITIONS: usize = 2_000;
const MAX_STEPS: usize = 100_000;
const MAX_PAIRS: usize = 100_000;
const MAX_PAIR_STEPS: usize = 500_000;

/// Checks `pattern`; on success, the names of its named groups in order,
/// and the pattern as each engine is given it (which the check prints
/// anyway: the generators take it from the IR instead of parsing it again).
pub(crate) fn check(pattern: &str) -> Checked {
    judge(pattern).map_err(|mut e| {
        // At least one character: `regex-syntax` marks some errors between two.
        if e.span.is_empty() {
            let end = pattern[e.span.end..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            let start = pattern[..e.span.start]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            e.span = if end > 0 {
                e.span.start..e.span.end + end
            } else {
                e.span.start - start..e.span.end
            };
        }
        e
    })
}

fn judge(pattern: &str) -> Result<(Vec<String>, Printed), PatternError> {
    let ast = parse(pattern)?;
    let hir = translate(pattern, &ast)?;
    if rust_size(&hir) > RUST_SIZE_LIMIT {
        return Err(PatternError::new(
            0..pattern.len(),
            "too large for Rust's `regex` crate to compile",
            "use smaller repetition counts (`\\w{150}` is already too large: `\\w` stands \
             for hundreds of ranges of characters), or `+` and `*`",
        ));
    }
    let mut walk = Walk {
        pattern,
        names: Vec::new(),
        repeated: 0,
    };
    walk.node(&ast)?;
    // What every engine is given is printed from the HIR: a pattern one of
    // them cannot be given is refused here rather than left out of a
    // generated classifier.
    let printed = Engine::ALL.map(|engine| print(&hir, engine));
    let [Some(javascript), Some(python)] = printed else {
        let engine = Engine::ALL[printed.iter().position(Option::is_none).unwrap_or(0)];
        return Err(PatternError::new(
            0..pattern.len(),
            format!("{} cannot be given this pattern", engine.name()),
            "write it with plain characters, classes, groups and repetitions",
        ));
    };
    Ok((walk.names, Printed { javascript, python }))
}

/// What [`check`] gives for a pattern.
pub(crate) type Checked = Result<(Vec<String>, Printed), PatternError>;

/// Patterns checked while lowering a text that is lowered again after each
/// edit (the language server's): an edit rarely touches a pattern. Holds
/// the patterns of the last two lowerings (see
/// [`PatternMemo::next_lowering`]).
#[derive(Debug, Default)]
pub struct PatternMemo {
    maps: std::sync::Mutex<[FastMap<String, Checked>; 2]>,
}

impl PatternMemo {
    /// [`check`], or what it gave for the same pattern before.
    pub(crate) fn check(&self, pattern: &str) -> Checked {
        let lock = || self.maps.lock().unwrap_or_else(|e| e.into_inner());
        {
            let mut maps = lock();
            let [now, before] = &mut *maps;
            if let Some(checked) = now.get(pattern) {
                return checked.clone();
            }
            if let Some((pattern, checked)) = before.remove_entry(pattern) {
                now.insert(pattern, checked.clone());
                return checked;
            }
        }
        let checked = check(pattern);
        lock()[0].insert(pattern.to_owned(), checked.clone());
        checked
    }

    /// Starts the next lowering: what the one before last checked and the
    /// last did not use again is forgotten.
    pub fn next_lowering(&self) {
        let mut maps = self.maps.lock().unwrap_or_else(|e| e.into_inner());
        let [now, before] = &mut *maps;
        *before = std::mem::take(now);
    }
}

/// A checked pattern as the engines of the generated classifiers are
/// given it (`python_source`, `javascript_source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The source of a JavaScript `RegExp` with the `u` flag.
    pub javascript: String,
    /// The source of a Python `re` pattern, without flags.
    pub python: String,
}

/// A regular-expression engine that a generated classifier hands the
/// patterns to, printed from the HIR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    /// JavaScript's `RegExp` with the `u` flag (and no other).
    JavaScript,
    /// Python's `re` on `str`, without flags.
    Python,
}

impl Engine {
    /// Every engine a pattern is printed for.
    const ALL: [Engine; 2] = [Engine::JavaScript, Engine::Python];

    /// The engine in words, for diagnostics.
    fn name(self) -> &'static str {
        match self {
            Engine::JavaScript => "JavaScript's `RegExp`",
            Engine::Python => "Python's `re`",
        }
    }
}

/// The HIR printed for `engine`; `None` when it has no syntax for a part.
fn print(hir: &Hir, engine: Engine) -> Option<String> {
    let mut out = String::new();
    Printer {
        out: &mut out,
        engine,
    }
    .node(hir)?;
    Some(out)
}

/// `pattern`, which [`check`] accepts, as the source of a Python `re`
/// pattern (for `re.compile(source)`, no flags) that matches exactly what
/// `regex` matches, with the same named groups. `None` for a pattern that
/// `regex` rejects or [`check`] refuses.
pub(crate) fn python_source(pattern: &str) -> Option<String> {
    print(
        &translate(pattern, &parse(pattern).ok()?).ok()?,
        Engine::Python,
    )
}

/// `pattern`, which [`check`] accepts, as a JavaScript regular expression
/// literal (`/…/u`) that matches exactly what `regex` matches, with the same
/// named groups. `None` for a pattern that JavaScript cannot be given: one
/// `regex` rejects, or with a group name or an assertion JavaScript has no
/// syntax for ([`check`] refuses these and more).
#[cfg(test)]
pub(crate) fn javascript(pattern: &str) -> Option<String> {
    Some(format!("/{}/u", javascript_source(pattern)?))
}

/// The source of [`javascript`]'s literal, between the slashes: what
/// `new RegExp(source, "u")` takes.
pub(crate) fn javascript_source(pattern: &str) -> Option<String> {
    print(
        &translate(pattern, &parse(pattern).ok()?).ok()?,
        Engine::JavaScript,
    )
}

fn parse(pattern: &str) -> Result<Ast, PatternError> {
    // The options `regex` uses: nesting up to 250, no octal escapes.
    ast::parse::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| syntax_error(e.span(), e.kind().to_string(), e.kind()))
}

fn translate(pattern: &str, ast: &Ast) -> Result<Hir, PatternError> {
    // The options of `regex::Regex`: Unicode, and matching only UTF-8.
    hir::translate::TranslatorBuilder::new()
        .build()
        .translate(pattern, ast)
        .map_err(|e| {
            let help = match e.kind() {
                hir::ErrorKind::UnicodePropertyNotFound
                | hir::ErrorKind::UnicodePropertyValueNotFound => {
                    "Unicode classes are written like `\\p{L}`, `\\p{Greek}`, `\\p{sc=Han}`, \
                     `\\p{Nd}`"
                }
                _ => "patterns are Rust `regex` syntax; see `errgen explain invalid-value`",
            };
            PatternError::new(
                e.span().start.offset..e.span().end.offset,
                e.kind().to_string(),
                help,
            )
        })
}

fn syntax_error(span: &ast::Span, label: String, kind: &ast::ErrorKind) -> PatternError {
    use ast::ErrorKind as K;
    let help = match kind {
        K::UnsupportedBackreference => {
            "back-references are not supported (Rust's `regex` has none); match the text itself"
        }
        K::UnsupportedLookAround => {
            "look-around is not supported (Rust's `regex` has none); match the text itself, \
             and capture the part you need with a named group"
        }
        K::EscapeUnrecognized => "escape only punctuation; write `r\"…\"` to avoid doubling `\\`",
        _ => "patterns are Rust `regex` syntax; write `r\"…\"` to avoid doubling `\\`",
    };
    PatternError::new(span.start.offset..span.end.offset, label, help)
}

/// The walk over the syntax tree that checks what the HIR no longer shows.
struct Walk<'a> {
    pattern: &'a str,
    names: Vec<String>,
    /// How many repetitions that repeat (more than once) enclose the node.
    repeated: usize,
}

impl Walk<'_> {
    /// Checks `ast`; whether it can match the empty string.
    fn node(&mut self, ast: &Ast) -> Result<bool, PatternError> {
        Ok(match ast {
            Ast::Empty(_) | Ast::Assertion(_) => true,
            Ast::Literal(_)
            | Ast::Dot(_)
            | Ast::ClassUnicode(_)
            | Ast::ClassPerl(_)
            | Ast::ClassBracketed(_) => false,
            Ast::Flags(f) => return Err(flags_error(&f.span)),
            Ast::Group(g) => {
                match &g.kind {
                    GroupKind::NonCapturing(flags) if !flags.items.is_empty() => {
                        return Err(flags_error(&flags.span));
                    }
                    GroupKind::CaptureName { name, .. } => self.name(name, &g.span)?,
                    _ => {}
                }
                self.node(&g.ast)?
            }
            Ast::Alternation(a) => {
                let mut empty = false;
                for ast in &a.asts {
                    empty |= self.node(ast)?;
                }
                empty
            }
            Ast::Concat(c) => {
                let mut empty = true;
                for ast in &c.asts {
                    empty &= self.node(ast)?;
                }
                empty
            }
            Ast::Repetition(r) => {
                let (min, max) = bounds(&r.op.kind);
                let repeats = max.is_none_or(|max| max > 1);
                self.repeated += usize::from(repeats);
                let empty = self.node(&r.ast)?;
                self.repeated -= usize::from(repeats);
                let span = r.span.start.offset..r.span.end.offset;
                // A part that may be skipped (`?`, `*`, `{0,2}`) or repeated.
                let optional = max != Some(min);
                if empty && (repeats || optional) {
                    return Err(PatternError::new(
                        span,
                        "the optional or repeated part can match the empty string",
                        "make it match at least one character (`(a*)*` → `a*`, `(?:a|\\b)?` → \
                         `a?`, `(a?b?)+` → `(?:a|b)+`): JavaScript never lets such a part match \
                         nothing and Rust does, so they can find different matches, and \
                         backtracking tries every way of dividing the text among empty and \
                         non-empty repetitions",
                    ));
                }
                if repeats && self.repeated == 0 {
                    let hir = translate(self.pattern, ast)?;
                    ambiguity(&hir, span)?;
                }
                min == 0 || empty
            }
        })
    }

    fn name(&mut self, name: &ast::CaptureName, group: &ast::Span) -> Result<(), PatternError> {
        let span = name.span.start.offset..name.span.end.offset;
        if !is_identifier(&name.name) {
            return Err(PatternError::new(
                span,
                format!("`{}` is not a valid group name", name.name),
                "a group name is an ASCII identifier (letters, digits, `_`) naming a param",
            ));
        }
        if self.repeated > 0 {
            return Err(PatternError::new(
                group.start.offset..group.end.offset,
                "a named group inside a repetition",
                format!(
                    "repeat inside the group instead, `(?<{0}>(?:…)+)`: a repeated group keeps \
                     only its last repetition, and JavaScript forgets even that when a later \
                     repetition skips the group",
                    name.name
                ),
            ));
        }
        self.names.push(name.name.clone());
        Ok(())
    }
}

fn flags_error(span: &ast::Span) -> PatternError {
    PatternError::new(
        span.start.offset..span.end.offset,
        "inline flags are not supported",
        "write what the flag would do: `[Ee]rror` for `(?i)error`, `[\\s\\S]` for `.` under \
         `(?s)`",
    )
}

/// The least and most repetitions of a repetition operator.
fn bounds(kind: &RepetitionKind) -> (u32, Option<u32>) {
    match kind {
        RepetitionKind::ZeroOrOne => (0, Some(1)),
        RepetitionKind::ZeroOrMore => (0, None),
        RepetitionKind::OneOrMore => (1, None),
        RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n, Some(*n)),
        RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n, None),
        RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
    }
}

/// An upper estimate of the memory `regex` needs for `hir` (measured with
/// `regex` 1.13: a character of a literal takes about 32 bytes, `.` about
/// 1,000, `\w` about 50,000).
fn rust_size(hir: &Hir) -> u64 {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 16,
        HirKind::Literal(l) => 64 * l.0.len() as u64,
        HirKind::Class(Class::Unicode(c)) => 128 * (c.ranges().len() as u64 + 16),
        HirKind::Class(Class::Bytes(c)) => 128 * (c.ranges().len() as u64 + 16),
        HirKind::Capture(c) => rust_size(&c.sub).saturating_add(64),
        HirKind::Repetition(r) => {
            let copies = r.max.unwrap_or(r.min.saturating_add(1)).max(1);
            rust_size(&r.sub)
                .saturating_mul(u64::from(copies))
                .saturating_add(64)
        }
        HirKind::Concat(subs) => subs.iter().map(rust_size).fold(0, u64::saturating_add),
        HirKind::Alternation(subs) => subs
            .iter()
            .map(|s| rust_size(s).saturating_add(64))
            .fold(0, u64::saturating_add),
    }
}

// ---------------------------------------------------------------------------
// Ambiguity: exponential backtracking.

/// Refuses a repetition (`hir`, written at `span`) that can match some text
/// in more than one way, repeatedly: a backtracking engine then tries
/// exponentially many ways on text that almost matches (`(a+)+$` on 30
/// characters runs for seconds in JavaScript).
///
/// The check is the one for exponential ambiguity of an automaton (Weber and
/// Seidl; Allauzen, Mohri and Rastogi): in the position automaton (Glushkov)
/// of the repetition, two different paths lead from one position back to
/// itself over the same text exactly when some strongly connected component
/// of the automaton's product with itself holds a pair of equal positions
/// and a pair of different ones. Counted repetitions up to
/// [`EXPAND_COUNT`] of a part of bounded length are written out; others are
/// checked as unbounded, which can only find more ambiguity (the check
/// refuses, never misses) and also refuses `(.*a){3}`, whose backtracking
/// grows with the third power of the text.
fn ambiguity(hir: &Hir, span: Range<usize>) -> Result<(), PatternError> {
    let too_complex = || {
        PatternError::new(
            span.clone(),
            "too complex to check for slow matching",
            "simplify the repetition, or split the pattern",
        )
    };
    let mut automaton = Positions::default();
    automaton.build(hir).ok_or_else(too_complex)?;
    match automaton.exponentially_ambiguous() {
        None => Err(too_complex()),
        Some(false) => Ok(()),
        Some(true) => Err(PatternError::new(
            span,
            "this repetition can match the same text in more than one way",
            "make each character matchable one way only (`(a+)+` → `a+`, `(\\w+\\s?)+` → \
             `\\w+(?:\\s\\w+)*`, `(a|ab)*c` → `(?:ab?)*c`): the TypeScript classifier runs on \
             text from another system, and JavaScript's backtracking tries every way, which \
             takes exponential time on text that almost matches",
        )),
    }
}

/// A position automaton: one state per character or class of the pattern.
#[derive(Default)]
struct Positions {
    /// The characters each position matches, as inclusive ranges.
    classes: Vec<Vec<(u32, u32)>>,
    /// The positions that may follow each position, once per way.
    follow: Vec<Vec<u32>>,
    /// How many entries `follow` has.
    steps: usize,
}

/// A part of the automaton: where it starts and ends, and whether it can
/// match the empty string.
struct Part {
    first: Vec<u32>,
    last: Vec<u32>,
    empty: bool,
}

impl Part {
    fn empty() -> Part {
        Part {
            first: Vec::new(),
            last: Vec::new(),
            empty: true,
        }
    }
}

impl Positions {
    fn position(&mut self, class: Vec<(u32, u32)>) -> Option<u32> {
        if self.classes.len() >= MAX_POSITIONS {
            return None;
        }
        self.classes.push(class);
        self.follow.push(Vec::new());
        Some(self.classes.len() as u32 - 1)
    }

    fn build(&mut self, hir: &Hir) -> Option<Part> {
        Some(match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Part::empty(),
            HirKind::Literal(l) => {
                let text = std::str::from_utf8(&l.0).ok()?;
                let mut part = Part::empty();
                for c in text.chars() {
                    let p = self.position(vec![(c as u32, c as u32)])?;
                    part = self.concat(part, single(p))?;
                }
                part
            }
            HirKind::Class(class) => {
                let ranges = match class {
                    Class::Unicode(c) => c
                        .ranges()
                        .iter()
                        .map(|r| (r.start() as u32, r.end() as u32))
                        .collect(),
                    Class::Bytes(c) => c
                        .ranges()
                        .iter()
                        .map(|r| (u32::from(r.start()), u32::from(r.end())))
                        .collect(),
                };
                single(self.position(ranges)?)
            }
            HirKind::Capture(c) => self.build(&c.sub)?,
            HirKind::Concat(subs) => {
                let mut part = Part::empty();
                for sub in subs {
                    let next = self.build(sub)?;
                    part = self.concat(part, next)?;
                }
                part
            }
            HirKind::Alternation(subs) => {
                let mut part = Part {
                    first: Vec::new(),
                    last: Vec::new(),
                    empty: false,
                };
                for sub in subs {
                    let next = self.build(sub)?;
                    part.first.extend(next.first);
                    part.last.extend(next.last);
                    part.empty |= next.empty;
                }
                part
            }
            HirKind::Repetition(r) => match r.max {
                Some(0) => Part::empty(),
                Some(max) if max <= EXPAND_COUNT && r.sub.properties().maximum_len().is_some() => {
                    // `x{2,4}` as `xx(?:x(?:x)?)?`.
                    let mut tail = Part::empty();
                    for _ in r.min..max {
                        let copy = self.build(&r.sub)?;
                        tail = self.concat(copy, tail)?;
                        tail.empty = true;
                    }
                    let mut part = Part::empty();
                    for _ in 0..r.min {
                        let copy = self.build(&r.sub)?;
                        part = self.concat(part, copy)?;
                    }
                    self.concat(part, tail)?
                }
                _ => {
                    let mut part = self.build(&r.sub)?;
                    self.link(&part.last, &part.first)?;
                    part.empty |= r.min == 0;
                    part
                }
            },
        })
    }

    /// Lets every position of `to` follow every position of `from`.
    fn link(&mut self, from: &[u32], to: &[u32]) -> Option<()> {
        self.steps += from.len() * to.len();
        if self.steps > MAX_STEPS {
            return None;
        }
        for &l in from {
            self.follow[l as usize].extend_from_slice(to);
        }
        Some(())
    }

    fn concat(&mut self, mut a: Part, b: Part) -> Option<Part> {
        self.link(&a.last, &b.first)?;
        if a.empty {
            a.first.extend_from_slice(&b.first);
        }
        let last = if b.empty {
            let mut last = b.last;
            last.extend(a.last);
            last
        } else {
            b.last
        };
        Some(Part {
            first: a.first,
            last,
            empty: a.empty && b.empty,
        })
    }

    /// Whether two different paths lead from some position back to itself
    /// over the same text; `None` when the pairs to visit exceed
    /// [`MAX_PAIRS`] or the steps to try [`MAX_PAIR_STEPS`].
    ///
    /// A position may follow another in more than one way (`(a+)+`: by
    /// either loop), and a backtracking engine tries each: such parallel
    /// steps make two paths part as surely as different positions do.
    fn exponentially_ambiguous(&self) -> Option<bool> {
        // Each position's followers, with how many ways each follows.
        let follow: Vec<Vec<(u32, u32)>> = self
            .follow
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.sort_unstable();
                let mut counted: Vec<(u32, u32)> = Vec::new();
                for p in f {
                    match counted.last_mut() {
                        Some((q, n)) if *q == p => *n += 1,
                        _ => counted.push((p, 1)),
                    }
                }
                counted
            })
            .collect();
        // The pairs of positions reachable from equal pairs, each pair
        // stepping to the pairs of its followers whose classes share a
        // character; and the steps where two paths part at an equal pair.
        let mut index: FastMap<(u32, u32), u32> = FastMap::default();
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut edges: Vec<Vec<u32>> = Vec::new();
        let mut parting: Vec<(u32, u32)> = Vec::new();
        let mut meets: FastMap<(u32, u32), bool> = FastMap::default();
        for p in 0..self.classes.len() as u32 {
            if !self.classes[p as usize].is_empty() {
                index.insert((p, p), pairs.len() as u32);
                pairs.push((p, p));
                edges.push(Vec::new());
            }
        }
        let mut next = 0;
        let mut tried = 0;
        while next < pairs.len() {
            let (p, q) = pairs[next];
            tried += follow[p as usize].len() * follow[q as usize].len();
            if tried > MAX_PAIR_STEPS {
                return None;
            }
            for &(a, ways_a) in &follow[p as usize] {
                for &(b, _) in &follow[q as usize] {
                    let key = (a.min(b), a.max(b));
                    let meet = *meets.entry(key).or_insert_with(|| {
                        intersect(&self.classes[a as usize], &self.classes[b as usize])
                    });
                    if !meet {
                        continue;
                    }
                    let id = match index.get(&(a, b)) {
                        Some(&id) => id,
                        None => {
                            if pairs.len() >= MAX_PAIRS {
                                return None;
                            }
                            let id = pairs.len() as u32;
                            index.insert((a, b), id);
                            pairs.push((a, b));
                            edges.push(Vec::new());
                            id
                        }
                    };
                    edges[next].push(id);
                    if p == q && a == b && ways_a > 1 {
                        parting.push((next as u32, id));
                    }
                }
            }
            next += 1;
        }
        let components = strongly_connected(&edges);
        let mut equal = vec![false; pairs.len()];
        let mut different = vec![false; pairs.len()];
        for (i, &(p, q)) in pairs.iter().enumerate() {
            let c = components[i] as usize;
            if p == q {
                equal[c] = true;
            } else {
                different[c] = true;
            }
        }
        let parted_in_cycle = parting
            .iter()
            .any(|&(from, to)| components[from as usize] == components[to as usize]);
        Some(parted_in_cycle || equal.iter().zip(&different).any(|(&e, &d)| e && d))
    }
}

fn single(p: u32) -> Part {
    Part {
        first: vec![p],
        last: vec![p],
        empty: false,
    }
}

/// Whether two sorted lists of inclusive ranges share a value.
fn intersect(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].1 < b[j].0 {
            i += 1;
        } else if b[j].1 < a[i].0 {
            j += 1;
        } else {
            return true;
        }
    }
    false
}

/// The strongly connected component of each node (Tarjan's algorithm,
/// without recursion).
fn strongly_connected(edges: &[Vec<u32>]) -> Vec<u32> {
    const UNSEEN: u32 = u32::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut on_stack = vec![false; n];
    let mut counter = 0u32;
    let mut components = 0u32;
    // (node, index of the next edge to follow)
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if order[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        order[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut at)) = calls.last_mut() {
            let vu = v as usize;
            if let Some(&w) = edges[vu].get(*at) {
                *at += 1;
                let wu = w as usize;
                if order[wu] == UNSEEN {
                    order[wu] = counter;
                    low[wu] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[wu] = true;
                    calls.push((w, 0));
                } else if on_stack[wu] {
                    low[vu] = low[vu].min(order[wu]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[vu]);
            }
            if low[vu] == order[vu] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    component[w as usize] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

// ---------------------------------------------------------------------------
// Printing for an engine.

/// Prints a HIR as the source of a pattern for `engine`: for JavaScript,
/// what goes between the slashes of a `/…/u` literal; for Python, what
/// `re.compile` takes.
struct Printer<'a> {
    out: &'a mut String,
    engine: Engine,
}

impl Printer<'_> {
    fn node(&mut self, hir: &Hir) -> Option<()> {
        match hir.kind() {
            HirKind::Empty => self.out.push_str("(?:)"),
            HirKind::Literal(l) => {
                for c in std::str::from_utf8(&l.0).ok()?.chars() {
                    push_char(self.out, c, false, self.engine);
                }
            }
            HirKind::Class(c) => push_class(self.out, &class_ranges(c)?, self.engine),
            HirKind::Look(look) => self.look(*look)?,
            HirKind::Capture(c) => {
                match &c.name {
                    Some(name) if !is_identifier(name) => return None,
                    Some(name) => {
                        self.out.push_str(match self.engine {
                            Engine::JavaScript => "(?<",
                            Engine::Python => "(?P<",
                        });
                        self.out.push_str(name);
                        self.out.push('>');
                    }
                    // Only named groups are read: others need not capture.
                    None => self.out.push_str("(?:"),
                }
                self.node(&c.sub)?;
                self.out.push(')');
            }
            HirKind::Repetition(r) => {
                let atom = match r.sub.kind() {
                    HirKind::Class(_) | HirKind::Capture(_) => true,
                    HirKind::Literal(l) => std::str::from_utf8(&l.0).ok()?.chars().count() == 1,
                    _ => false,
                };
                if atom {
                    self.node(&r.sub)?;
                } else {
                    self.out.push_str("(?:");
                    self.node(&r.sub)?;
                    self.out.push(')');
                }
                match (r.min, r.max) {
                    (0, None) => self.out.push('*'),
                    (1, None) => self.out.push('+'),
                    (0, Some(1)) => self.out.push('?'),
                    (m, None) => write!(self.out, "{{{m},}}").ok()?,
                    (m, Some(n)) if m == n => write!(self.out, "{{{m}}}").ok()?,
                    (m, Some(n)) => write!(self.out, "{{{m},{n}}}").ok()?,
                }
                if !r.greedy {
                    self.out.push('?');
                }
            }
            HirKind::Concat(subs) => {
                for sub in subs {
                    if matches!(sub.kind(), HirKind::Alternation(_)) {
                        self.out.push_str("(?:");
                        self.node(sub)?;
                        self.out.push(')');
                    } else {
                        self.node(sub)?;
                    }
                }
            }
            HirKind::Alternation(subs) => {
                for (i, sub) in subs.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(sub)?;
                }
            }
        }
        Some(())
    }

    /// An assertion, written with look-around where the engine's own
    /// differs: JavaScript's `\b` knows only ASCII word characters,
    /// Python's knows its own Unicode ones, and Python's `$` also matches
    /// before a final line break.
    fn look(&mut self, look: Look) -> Option<()> {
        use Look as L;
        let w = match look {
            L::WordUnicode
            | L::WordUnicodeNegate
            | L::WordStartUnicode
            | L::WordEndUnicode
            | L::WordStartHalfUnicode
            | L::WordEndHalfUnicode => unicode_word(self.engine),
            _ => "[0-9A-Z_a-z]",
        };
        let python = self.engine == Engine::Python;
        let text = match look {
            L::Start if python => "\\A".to_owned(),
            L::End if python => "\\Z".to_owned(),
            L::Start => "^".to_owned(),
            L::End => "$".to_owned(),
            L::StartLF => "(?<![^\\n])".to_owned(),
            L::EndLF => "(?![^\\n])".to_owned(),
            L::StartCRLF | L::EndCRLF => return None,
            L::WordAscii if !python => "\\b".to_owned(),
            L::WordAsciiNegate if !python => "\\B".to_owned(),
            L::WordUnicode | L::WordAscii => format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))"),
            L::WordUnicodeNegate | L::WordAsciiNegate => {
                format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
            }
            L::WordStartAscii | L::WordStartUnicode => format!("(?<!{w})(?={w})"),
            L::WordEndAscii | L::WordEndUnicode => format!("(?<={w})(?!{w})"),
            L::WordStartHalfAscii | L::WordStartHalfUnicode => format!("(?<!{w})"),
            L::WordEndHalfAscii | L::WordEndHalfUnicode => format!("(?!{w})"),
        };
        self.out.push_str(&text);
        Some(())
    }
}

/// `regex`'s Unicode `\w` as a class of `engine`.
fn unicode_word(engine: Engine) -> &'static str {
    static WORD: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
    WORD[engine as usize].get_or_init(|| {
        let mut out = String::new();
        let hir = regex_syntax::Parser::new()
            .parse(r"\w")
            .expect("`\\w` parses");
        if let HirKind::Class(c) = hir.kind() {
            push_class(&mut out, &class_ranges(c).unwrap_or_default(), engine);
        }
        out
    })
}

fn class_ranges(class: &Class) -> Option<Vec<(char, char)>> {
    match class {
        Class::Unicode(c) => Some(c.ranges().iter().map(|r| (r.start(), r.end())).collect()),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| {
                (r.start().is_ascii() && r.end().is_ascii())
                    .then(|| (char::from(r.start()), char::from(r.end())))
            })
            .collect(),
    }
}

/// The characters either side of the surrogates, which no Rust string
/// holds and a Python string may.
const SURROGATES: (char, char) = ('\u{D7FF}', '\u{E000}');

/// A class as `[…]`, or as `[^…]` of its complement when that is shorter
/// (`.` is `[^\n]`). Every range is written out, so that the class holds
/// exactly the characters it holds for `regex`, whatever Unicode version
/// the engine knows. For Python, whose strings may hold surrogates, no
/// class matches one: a range across them is split, and a negated class
/// names them.
fn push_class(out: &mut String, ranges: &[(char, char)], engine: Engine) {
    if ranges.is_empty() && engine == Engine::Python {
        // `[]` is JavaScript's class of nothing; Python has no empty class.
        out.push_str("[^\\u0000-\\U0010ffff]");
        return;
    }
    let complement = complement(ranges);
    let (negated, ranges) = if complement.len() < ranges.len() {
        (true, complement.as_slice())
    } else {
        (false, ranges)
    };
    out.push_str(if negated { "[^" } else { "[" });
    let push_range = |out: &mut String, start: char, end: char| {
        push_char(out, start, true, engine);
        if end != start {
            if u32::from(end) > u32::from(start) + 1 {
                out.push('-');
            }
            push_char(out, end, true, engine);
        }
    };
    for &(start, end) in ranges {
        if engine == Engine::Python && start <= SURROGATES.0 && end >= SURROGATES.1 {
            push_range(out, start, SURROGATES.0);
            push_range(out, SURROGATES.1, end);
        } else {
            push_range(out, start, end);
        }
    }
    if negated && engine == Engine::Python {
        out.push_str("\\ud800-\\udfff");
    }
    out.push(']');
}

/// The Unicode scalar values not in `ranges` (sorted, disjoint).
fn complement(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut out = Vec::new();
    let mut next = Some('\0');
    for &(start, end) in ranges {
        if let Some(from) = next {
            if from < start {
                if let Some(to) = char_before(start) {
                    out.push((from, to));
                }
            }
        }
        next = char_after(end);
    }
    if let Some(from) = next {
        out.push((from, char::MAX));
    }
    out
}

fn char_before(c: char) -> Option<char> {
    match c {
        '\u{E000}' => Some('\u{D7FF}'),
        c => char::from_u32(u32::from(c).checked_sub(1)?),
    }
}

fn char_after(c: char) -> Option<char> {
    match c {
        '\u{D7FF}' => Some('\u{E000}'),
        c => char::from_u32(u32::from(c) + 1),
    }
}

/// One character of a pattern, escaped where the engine needs it, and
/// written as an escape unless it is printable ASCII or, outside a class,
/// a visible non-ASCII letter or digit.
///
/// JavaScript (`u` mode): syntax characters, `/`, and in a class `-` are
/// escaped; `<` is written `\u{3C}`, so that no `</` or `<!--` ends up in
/// the module (which may be inlined in an HTML `<script>`); other escapes
/// are `\u{…}`. Python: syntax characters, and in a class also `-`, `&`,
/// `~` and `|` (whose doubles are set operations Python warns about) are
/// escaped; other escapes are `\uXXXX` or `\UXXXXXXXX`.
fn push_char(out: &mut String, c: char, in_class: bool, engine: Engine) {
    let shared = matches!(
        c,
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
    );
    let escaped = shared
        || match engine {
            Engine::JavaScript => c == '/' || (in_class && c == '-'),
            Engine::Python => in_class && matches!(c, '-' | '&' | '~'),
        };
    let visible_letter = !c.is_ascii()
        && c.is_alphanumeric()
        // The Hangul fillers are letters that show nothing.
        && !matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}');
    let plain_ascii =
        (c == ' ' || c.is_ascii_graphic()) && !(engine == Engine::JavaScript && c == '<');
    if escaped {
        out.push('\\');
        out.push(c);
    } else if plain_ascii || (visible_letter && !in_class) {
        out.push(c);
    } else {
        let n = u32::from(c);
        match engine {
            Engine::JavaScript => {
                out.push_str("\\u{");
                push_hex(out, n, 1, b"0123456789ABCDEF");
                out.push('}');
            }
            Engine::Python if n <= 0xFFFF => {
                out.push_str("\\u");
                push_hex(out, n, 4, b"0123456789abcdef");
            }
            Engine::Python => {
                out.push_str("\\U");
                push_hex(out, n, 8, b"0123456789abcdef");
            }
        }
    }
}

/// `n` in hexadecimal with `digits`, at least `width` of them (each
/// escape of a pattern's class is one; `write!` cost a class of a few
/// ranges more than its parse).
fn push_hex(out: &mut String, n: u32, width: usize, digits: &[u8; 16]) {
    let used = (32 - n.leading_zeros()).div_ceil(4).max(1) as usize;
    for _ in used..width {
        out.push('0');
    }
    for i in (0..used).rev() {
        out.push(char::from(digits[(n >> (4 * i)) as usize & 0xF]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(pattern: &str) -> String {
        check(pattern).expect_err(pattern).label
    }

    /// Lowering keeps what it printed while checking; an IR without it
    /// (made otherwise) is printed when a generator asks, and a pattern no
    /// lowering accepts becomes `(?!)`, which matches nothing.
    #[test]
    fn the_ir_carries_each_engines_pattern() {
        let text = "catalog c { locales en }\nerror e = \"E\" {\n  param name: string\n  \
                    message \"No {name}.\"\n  upstream { match r\"Unrecognized: (?P<name>\\w+)/\" }\n}\n";
        let (catalog, diagnostics) =
            crate::ir::parse_and_lower(crate::source::FileId(0), text).expect("parses");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut upstream = catalog.entries[0].upstreams[0].clone();
        let pattern = upstream.pattern.clone().unwrap();
        let printed = upstream.printed.clone().expect("printed by lowering");
        assert_eq!(
            Some(printed.javascript.clone()),
            javascript_source(&pattern)
        );
        assert_eq!(Some(printed.python.clone()), python_source(&pattern));
        assert!(printed.javascript.starts_with("Unrecognized: (?<name>"));
        // `(?P<…>` and `(?<…>` are one group, and the `/` is escaped for a
        // literal (the assertion of the TypeScript test this replaced).
        assert_eq!(
            format!("/{}/u", printed.javascript),
            javascript(r"Unrecognized: (?<name>\w+)/").unwrap()
        );
        upstream.printed = None;
        assert_eq!(upstream.javascript_pattern().unwrap(), printed.javascript);
        assert_eq!(upstream.python_pattern().unwrap(), printed.python);
        upstream.pattern = Some(r"(?<a.b>x)".to_owned());
        assert_eq!(upstream.javascript_pattern().unwrap(), "(?!)");
        assert_eq!(upstream.python_pattern().unwrap(), "(?!)");
    }

    #[test]
    fn hex_escapes_are_formats() {
        for n in [
            0, 1, 0xF, 0x10, 0xA0, 0xFFF, 0x1000, 0xFFFF, 0x10000, 0x10FFFF,
        ] {
            let mut out = String::new();
            push_hex(&mut out, n, 1, b"0123456789ABCDEF");
            push_hex(&mut out, n, 4, b"0123456789abcdef");
            push_hex(&mut out, n, 8, b"0123456789abcdef");
            assert_eq!(out, format!("{n:X}{n:04x}{n:08x}"));
        }
    }

    #[test]
    fn group_names_in_order() {
        assert_eq!(check(r"(?<a>x)(?P<b>y)(z)").unwrap().0, ["a", "b"]);
        assert!(refused(r"(?<a.b>x)").contains("not a valid group name"));
    }

    #[test]
    fn javascript_literals() {
        let js = |p: &str| javascript(p).unwrap();
        assert_eq!(js(r"(?P<name>ab)"), "/(?<name>ab)/u");
        assert_eq!(js(""), "/(?:)/u");
        assert_eq!(js(r"a.b"), r"/a[^\u{A}]b/u");
        assert_eq!(js(r"\Aa\z"), "/^a$/u");
        assert_eq!(js(r"a/b\#\-"), r"/a\/b#-/u");
        assert_eq!(js(r"[]/a-]"), r"/[\-\/\]a]/u");
        assert_eq!(js(r"\d"), js(r"\p{Nd}"));
        assert_eq!(js(r"(?:ab|cd)+?x{2,}"), r"/(?:ab|cd)+?x{2,}/u");
        assert_eq!(js("错误\u{2028}<!--"), r"/错误\u{2028}\u{3C}!--/u");
        assert_eq!(
            js(r"\bx"),
            "/(?:(?<=W)(?!W)|(?<!W)(?=W))x/u".replace('W', unicode_word(Engine::JavaScript))
        );
        assert!(unicode_word(Engine::JavaScript).starts_with("[0-9A-Z_a-z\\u{AA}"));
        assert_eq!(js(r"(a)"), "/(?:a)/u");
    }

    #[test]
    fn python_sources() {
        let py = |p: &str| python_source(p).unwrap();
        assert_eq!(py(r"(?P<name>ab)"), "(?P<name>ab)");
        assert_eq!(py(r"(?<name>ab)"), "(?P<name>ab)");
        assert_eq!(py(""), "(?:)");
        // `.` never matches a lone surrogate, which `regex` never sees.
        assert_eq!(py(r"a.b"), r"a[^\u000a\ud800-\udfff]b");
        assert_eq!(py(r"\Aa\z"), r"\Aa\Z");
        assert_eq!(py(r"^a$"), r"\Aa\Z");
        assert_eq!(py(r"a/b\#\-"), "a/b#-");
        assert_eq!(py(r"[]/a-]"), r"[\-/\]a]");
        assert_eq!(py(r"[&~|\[]"), r"[\&\[\|\~]");
        assert_eq!(py(r"[^a]"), r"[^a\ud800-\udfff]");
        assert_eq!(py(r"[\x{D000}-\x{E100}]"), r"[\ud000-\ud7ff\ue000-\ue100]");
        assert_eq!(py("错误\u{2028}\u{1F600}"), r"错误\u2028\U0001f600");
        assert_eq!(py(r"(?:ab|cd)+?x{2,}"), r"(?:ab|cd)+?x{2,}");
        assert_eq!(py(r"[^\s\S]"), r"[^\u0000-\U0010ffff]");
        let w = unicode_word(Engine::Python);
        assert!(w.starts_with(r"[0-9A-Z_a-z\u00aa"), "{w}");
        assert_eq!(py(r"\bx"), "(?:(?<=W)(?!W)|(?<!W)(?=W))x".replace('W', w));
        assert_eq!(
            py(r"(?-u:\b)x"),
            "(?:(?<=W)(?!W)|(?<!W)(?=W))x".replace('W', "[0-9A-Z_a-z]")
        );
    }

    #[test]
    fn ambiguity() {
        for p in [r"(a+)+", r"(a|aa)+", r"(?:a?a)+", r"(\w+\s?)+", r"(.*a){3}"] {
            assert!(refused(p).contains("more than one way"), "{p}");
        }
        for p in [
            r"(?:, \w+)*",
            r"(?:\d+\.){3}",
            r"(?:\d{3})+",
            r"(?:a|ab)*c",
            r"a*a*",
        ] {
            assert!(check(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn too_complex_is_refused_not_slow() {
        let p = format!("(?:x{})+", "[a-z]?".repeat(1000));
        assert!(refused(&p).contains("too complex"));
        let p = format!("(?:{})+", "[a-z]+x|".repeat(200) + "y");
        assert!(refused(&p).contains("too complex"));
        let p = format!("(?:{})+", "[ab]?".repeat(60) + "a");
        assert!(check(&p).is_err());
        let p = format!("(?:{})*", "x".repeat(MAX_POSITIONS + 1));
        assert!(refused(&p).contains("too complex"));
        // The size estimate saturates instead of overflowing.
        let p = "(?:(?:(?:a{4294967295}){4294967295}){4294967295}){4294967295}";
        assert!(refused(p).contains("too large"));
    }

    /// The memo gives what `check` gives, valid or not, and holds the
    /// patterns of the last two lowerings only.
    #[test]
    fn the_memo_gives_what_check_gives_and_forgets() {
        let memo = PatternMemo::default();
        let patterns = [r"case (?<n>\d+) failed", r"(a*)*b", r"(?<x>", "plain"];
        for _ in 0..2 {
            for pattern in patterns {
                assert_eq!(memo.check(pattern), check(pattern), "{pattern}");
            }
        }
        let held = |memo: &PatternMemo| {
            let maps = memo.maps.lock().unwrap();
            maps[0].len() + maps[1].len()
        };
        assert_eq!(held(&memo), patterns.len());
        // The next lowering uses one of them again; the one after, none.
        memo.next_lowering();
        assert_eq!(memo.check("plain"), check("plain"));
        memo.next_lowering();
        assert_eq!(held(&memo), 1);
        memo.next_lowering();
        assert_eq!(held(&memo), 0);
    }
}
