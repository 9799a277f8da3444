//! Parsing: catalog text → [`ast::File`], or a `syntax` diagnostic.
//!
//! The grammar is `grammar/errgen.pest`; `grammar.rs` is the parser pest
//! derives from it, generated and checked in (`tests/parser_generated.rs`
//! keeps the two equal), and this module turns pest's pairs into the typed
//! tree of [`ast`]. The top-level items of a well-formed file are read by
//! a hand-written front (`fast.rs`, three times cheaper), which declines
//! whatever it is not sure of: pest reads those items, the header and
//! every syntax error, and the tests hold the front to pest's trees.

pub mod ast;
#[rustfmt::skip]
mod grammar;
#[cfg(feature = "lsp")]
pub(crate) mod expect;
mod fast;
#[cfg(feature = "lsp")]
pub(crate) mod incremental;
mod split;
pub(crate) mod strings;
mod syntax_error;

#[cfg(test)]
pub(crate) use split::propose_splits;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use ast::*;
use pest::iterators::Pair;
use pest::Parser as _;
use pest::Token;

pub use strings::{decode_triple, encode_plain, encode_triple};

use grammar::CatalogParser;
pub use grammar::Rule;

/// Parses one catalog file. `file` is the id the spans will carry.
///
/// The file is parsed one top-level item at a time (`file_head`, then
/// `file_next` from where the last one stopped): pest keeps
/// the tokens of everything it parses in one queue, which for the whole of
/// a large file is several times its size, so item by item the memory stays
/// that of the syntax tree. The pieces accept exactly what `file` accepts;
/// when one fails, the whole file is parsed with `file` again so that the
/// syntax error is the one the grammar's `file` rule reports.
///
/// A large file's items are parsed in runs on several threads (see
/// [`parse_with`]); the result is the same as one thread's.
// A syntax error is one diagnostic, made once per file: its size is no cost.
#[allow(clippy::result_large_err)]
pub fn parse(file: FileId, text: &str) -> Result<File, Diagnostic> {
    let parsed = parse_with(file, text, |_| Vec::new)?;
    Ok(parsed.into_file(file))
}

/// Receives a file's top-level items, in source order, as they are parsed,
/// so that a consumer (lowering) can take each one while it is fresh and
/// drop it, and the whole tree of a large file never exists at once.
///
/// A large file is parsed in runs of items on several threads, each run
/// into a sink of its own; see [`parse_with`].
pub trait ItemSink: Send {
    /// Whether the sink wants the file's `//` comments (finding them walks
    /// every token of the file again).
    const COMMENTS: bool;

    /// Takes the next item.
    fn item(&mut self, item: Item);
}

/// The syntax tree: every item kept, comments too.
impl ItemSink for Vec<Item> {
    const COMMENTS: bool = true;

    fn item(&mut self, item: Item) {
        self.push(item);
    }
}

/// A file parsed into sinks by [`parse_with`].
#[derive(Debug, PartialEq)]
pub struct Parsed<S> {
    /// The `catalog … { … }` header.
    pub catalog: Catalog,
    /// Every `//` comment in source order, if the sink asked for them.
    pub comments: Vec<Comment>,
    /// The sinks, in source order: the first run of items went into the
    /// first, the next run into the second, and so on.
    pub runs: Vec<S>,
}

impl Parsed<Vec<Item>> {
    /// The syntax tree of the file.
    pub fn into_file(self, file: FileId) -> File {
        let mut runs = self.runs.into_iter();
        let mut items = runs.next().unwrap_or_default();
        for run in runs {
            items.extend(run);
        }
        File {
            file,
            catalog: self.catalog,
            items,
            comments: self.comments,
        }
    }
}

/// [`parse`], handing the items to sinks instead of keeping them.
///
/// Once the header is parsed, `sinks` is given it and returns the maker of
/// the sinks: one sink per run of items, each filled on its own thread, in
/// order within the run. The runs are those of the one-thread parse cut in
/// pieces: putting the sinks' items one after the other gives the items of
/// [`parse`]. After a syntax error the sinks are dropped and the error is
/// the one [`parse`] reports.
#[allow(clippy::result_large_err)]
pub fn parse_with<S: ItemSink, M: Fn() -> S + Sync>(
    file: FileId,
    text: &str,
    sinks: impl FnOnce(&Catalog) -> M,
) -> Result<Parsed<S>, Diagnostic> {
    let runs = runs_for(text.len());
    parse_split(
        file,
        text,
        sinks,
        |items_start| split::propose_splits(text, items_start, runs),
        Front::Fast,
    )
}

/// How many runs of items a file of `len` bytes is parsed (and lowered) in,
/// each on a thread of its own.
pub(crate) fn runs_for(len: usize) -> usize {
    match len / MIN_RUN_LEN {
        // Most files: no need to ask the system for its number of cores.
        0 | 1 => 1,
        worth => std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(MAX_RUNS)
            .min(worth),
    }
}

/// The most threads [`parse`] uses.
const MAX_RUNS: usize = 8;
/// The least text (bytes) worth a thread of its own: below about a megabyte
/// for two threads, starting a thread costs more than it saves.
const MIN_RUN_LEN: usize = 512 * 1024;

/// [`parse_with`] with the runs' starts that `splits` proposes, given where
/// the items start (the tests propose wrong ones on purpose).
#[allow(clippy::result_large_err)]
pub(crate) fn parse_split<S: ItemSink, M: Fn() -> S + Sync>(
    file: FileId,
    text: &str,
    sinks: impl FnOnce(&Catalog) -> M,
    splits: impl FnOnce(usize) -> Vec<usize>,
    front: Front,
) -> Result<Parsed<S>, Diagnostic> {
    // The header, which pest parses (the front bounds the items' types).
    nesting(file, text, 0, true)?;
    let mut comments = Vec::new();
    let builder = Builder { file, base: 0 };
    let Some(head) = piece::<S>(Rule::file_head, text, &builder, &mut comments) else {
        return parse_whole_into(file, text, sinks);
    };
    let items_start = head.as_span().end();
    let catalog = builder.catalog(children(head).next().expect("grammar: catalog first"));
    let make_sink = sinks(&catalog);
    match parse_runs(file, text, items_start, &make_sink, splits, front) {
        Some((runs, run_comments)) => {
            comments.extend(run_comments);
            Ok(Parsed {
                catalog,
                comments,
                runs,
            })
        }
        // The one-thread parse meets the same error: report it as the
        // `file` rule does.
        None => Ok(into_one_sink(parse_whole(file, text)?, make_sink())),
    }
}

/// Parses the items after `items_start` in runs of items parsed at the same
/// time, each into a sink of `make_sink`; `None` at a syntax error.
///
/// `splits` guesses where runs of whole items start. Each run but the last
/// is parsed until it reaches the next run's start; a run is used only when
/// the items before it ended exactly at its start, where the one-thread
/// parse would start an item too (pest parses `file_next` at an offset from
/// the text after it alone, so the run's items are those of the one-thread
/// parse). After a wrong guess the parse goes on from where the items
/// ended, in this thread, into the last sink used.
fn parse_runs<S: ItemSink>(
    file: FileId,
    text: &str,
    items_start: usize,
    make_sink: &(impl Fn() -> S + Sync),
    splits: impl FnOnce(usize) -> Vec<usize>,
    front: Front,
) -> Option<(Vec<S>, Vec<Comment>)> {
    let mut starts = vec![items_start];
    for split in splits(items_start) {
        if split > starts[starts.len() - 1] && text.is_char_boundary(split) {
            starts.push(split);
        }
    }
    let results: Vec<Option<ItemRun<S>>> = std::thread::scope(|scope| {
        let later: Vec<_> = (1..starts.len())
            .map(|i| {
                let (from, stop) = (starts[i], starts.get(i + 1).copied());
                scope.spawn(move || parse_items(file, text, from, stop, make_sink(), front))
            })
            .collect();
        let first = parse_items(
            file,
            text,
            items_start,
            starts.get(1).copied(),
            make_sink(),
            front,
        );
        std::iter::once(first)
            .chain(
                later
                    .into_iter()
                    .map(|run| run.join().expect("a parse thread")),
            )
            .collect()
    });

    let mut sinks = Vec::new();
    let mut comments = Vec::new();
    let mut pos = items_start;
    let mut at_end = false;
    for (&from, result) in starts.iter().zip(results) {
        if at_end || from != pos {
            break;
        }
        // The one-thread parse meets this run's syntax error too.
        let run = result?;
        sinks.push(run.sink);
        comments.extend(run.comments);
        pos = run.end;
        at_end = run.at_end;
    }
    if !at_end {
        let last = sinks.pop().expect("the first run is always used");
        let run = parse_items(file, text, pos, None, last, front)?;
        sinks.push(run.sink);
        comments.extend(run.comments);
    }
    Some((sinks, comments))
}

/// Top-level items parsed one after another into a sink.
struct ItemRun<S> {
    sink: S,
    comments: Vec<Comment>,
    /// Where the last item ended.
    end: usize,
    /// Whether the run reached the end of the file.
    at_end: bool,
}

/// Parses top-level items from `from` into `sink`, to the end of the file
/// or until an item ends at or after `stop`; `None` at a syntax error.
fn parse_items<S: ItemSink>(
    file: FileId,
    text: &str,
    from: usize,
    stop: Option<usize>,
    sink: S,
    front: Front,
) -> Option<ItemRun<S>> {
    let mut run = ItemRun {
        sink,
        comments: Vec::new(),
        end: from,
        at_end: false,
    };
    // A piece that fails makes pest build an error, which costs the length
    // of the rest of the text: only a syntax error may fail one.
    while stop.is_none_or(|stop| run.end < stop) {
        let (item, end) = next_item::<S>(file, text, run.end, front, &mut run.comments)?;
        run.end = end;
        match item {
            Some(item) => run.sink.item(item),
            None => {
                run.at_end = true;
                break;
            }
        }
    }
    Some(run)
}

/// Which parser reads the items: the hand-written front of `fast.rs`
/// with pest where it declines, or pest alone (the tests' reference).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Front {
    Fast,
    #[cfg(test)]
    PestOnly,
}

/// The top-level item after the blanks and comments at `from` (`None` at
/// the end of the file) and where it ends, adding the comments read if
/// the sink `S` wants them; `None` at a syntax error.
///
/// The hand-written front reads it when it can; pest reads it when the
/// front declines (anything unusual, and every syntax error, which pest
/// reports).
fn next_item<S: ItemSink>(
    file: FileId,
    text: &str,
    from: usize,
    front: Front,
    comments: &mut Vec<Comment>,
) -> Option<(Option<Item>, usize)> {
    if front == Front::Fast {
        if let Some(step) = fast::item(file, text, from, S::COMMENTS) {
            comments.extend(step.comments);
            return Some((step.item, step.end));
        }
    }
    // pest recurses: not into a block nested too deep (the whole-file
    // parse then reports it).
    nesting(file, text, from, false).ok()?;
    let builder = Builder { file, base: from };
    let pair = piece::<S>(Rule::file_next, &text[from..], &builder, comments)?;
    let end = from + pair.as_span().end();
    let next = children(pair).next().expect("grammar: an item or the end");
    let item = (next.as_rule() != Rule::EOI).then(|| builder.item(next));
    Some((item, end))
}

/// Parses `rule` at the start of `text`, adding the comments it holds if
/// the sink `S` wants them.
fn piece<'a, S: ItemSink>(
    rule: Rule,
    text: &'a str,
    builder: &Builder,
    comments: &mut Vec<Comment>,
) -> Option<Pair<'a, Rule>> {
    let pair = CatalogParser::parse(rule, text).ok()?.next()?;
    if S::COMMENTS {
        add_comments(&pair, builder, comments);
    }
    Some(pair)
}

/// Adds the comments that `pair` holds, in source order. (Pest's tokens,
/// unlike its pairs, are read without allocating or counting.)
fn add_comments(pair: &Pair<'_, Rule>, builder: &Builder, comments: &mut Vec<Comment>) {
    let text = pair.get_input();
    let mut start = 0;
    for token in pair.clone().tokens() {
        match token {
            Token::Start {
                rule: Rule::COMMENT,
                pos,
            } => start = pos.pos(),
            Token::End {
                rule: Rule::COMMENT,
                pos,
            } => comments.push(Comment {
                span: Span::new(builder.file, builder.base + start, builder.base + pos.pos()),
                text: text[start..pos.pos()].trim_end().to_owned(),
            }),
            _ => {}
        }
    }
}

/// [`parse_with`] in one piece with the `file` rule: all items into one sink.
#[allow(clippy::result_large_err)]
fn parse_whole_into<S: ItemSink, M: Fn() -> S + Sync>(
    file: FileId,
    text: &str,
    sinks: impl FnOnce(&Catalog) -> M,
) -> Result<Parsed<S>, Diagnostic> {
    let whole = parse_whole(file, text)?;
    let sink = sinks(&whole.catalog)();
    Ok(into_one_sink(whole, sink))
}

/// A file parsed whole, its items handed to `sink`.
fn into_one_sink<S: ItemSink>(whole: File, mut sink: S) -> Parsed<S> {
    for item in whole.items {
        sink.item(item);
    }
    Parsed {
        catalog: whole.catalog,
        comments: if S::COMMENTS {
            whole.comments
        } else {
            Vec::new()
        },
        runs: vec![sink],
    }
}

/// The file as pest alone reads it, with the grammar's `file` rule: the
/// reference that the hand-written front (`fast.rs`) is held to by the
/// tests and the fuzz targets. [`parse`] gives the same result, faster.
#[doc(hidden)]
#[allow(clippy::result_large_err)]
pub fn parse_by_pest(file: FileId, text: &str) -> Result<File, Diagnostic> {
    parse_whole(file, text)
}

/// [`incremental::reparse`]: the tree of `text` from `old`, the tree of
/// `old_text` (the language server's parse after an edit), or the syntax
/// error with `old` given back. Public for the fuzz targets, which hold it
/// to [`parse`] of the new text.
#[cfg(feature = "lsp")]
#[doc(hidden)]
#[allow(clippy::result_large_err)]
pub fn reparse(
    file: FileId,
    old: File,
    old_text: &str,
    text: &str,
) -> Result<File, (Diagnostic, File)> {
    incremental::reparse(file, old, old_text, text)
}

/// How deep a type (`list<list<…>>`) or a block in the header (an
/// envelope's error objects) may nest. pest follows both recursions on the
/// stack, and so do lowering and the generators: about 20,000 levels
/// overflowed the main thread's; real catalogs nest two or three.
pub(crate) const MAX_NESTING: usize = 64;

/// A syntax error where the block of `text` at `from` (the header, or an
/// item pest is to parse) nests deeper than [`MAX_NESTING`], before pest
/// recurses into it; else where the block ends.
#[allow(clippy::result_large_err)]
fn nesting(file: FileId, text: &str, from: usize, header: bool) -> Result<usize, Diagnostic> {
    split::nesting_within(text, from, MAX_NESTING, header).map_err(|at| {
        let what = if text.as_bytes()[at] == b'<' {
            "a type"
        } else {
            "a block"
        };
        Diagnostic::new(
            crate::diagnostic::Rule::Syntax,
            Span::new(file, at, at + 1),
            format!("{what} nested more than {MAX_NESTING} levels deep"),
        )
        .label(format!("level {} starts here", MAX_NESTING + 1))
        .help(format!(
            "errgen reads at most {MAX_NESTING} levels; a catalog needs two or three"
        ))
    })
}

/// [`nesting`] for every block of the file.
#[allow(clippy::result_large_err)]
fn nesting_everywhere(file: FileId, text: &str) -> Result<(), Diagnostic> {
    let mut from = nesting(file, text, 0, true)?;
    while from < text.len() {
        from = nesting(file, text, from, false)?;
    }
    Ok(())
}

/// [`parse`] in one piece with the `file` rule.
#[allow(clippy::result_large_err)]
fn parse_whole(file: FileId, text: &str) -> Result<File, Diagnostic> {
    nesting_everywhere(file, text)?;
    let mut pairs = CatalogParser::parse(Rule::file, text).map_err(|e| {
        let reparse = || CatalogParser::parse(Rule::file, text).err();
        syntax_error::to_diagnostic(file, text, syntax_error::with_detail(e, reparse))
    })?;
    let root = pairs.next().expect("the file rule always yields one pair");
    let builder = Builder { file, base: 0 };
    let mut comments = Vec::new();
    add_comments(&root, &builder, &mut comments);
    let mut inner = children(root);
    let catalog = builder.catalog(inner.next().expect("grammar: catalog first"));
    let items = inner
        .filter(|p| p.as_rule() != Rule::EOI)
        .map(|p| builder.item(p))
        .collect();
    Ok(File {
        file,
        catalog,
        items,
        comments,
    })
}

/// The children of a pair, without comments and keywords.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| p.as_rule() != Rule::COMMENT && !is_keyword(p.as_rule()))
}

/// Whether a rule is one of the `kw_*` keyword rules.
fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_catalog
            | Rule::kw_version
            | Rule::kw_locales
            | Rule::kw_format
            | Rule::kw_stages
            | Rule::kw_option
            | Rule::kw_envelope
            | Rule::kw_envelopes
            | Rule::kw_error
            | Rule::kw_data
            | Rule::kw_const
            | Rule::kw_field
            | Rule::kw_optional
            | Rule::kw_group
            | Rule::kw_range
            | Rule::kw_prefix
            | Rule::kw_reserved
            | Rule::kw_message
            | Rule::kw_param
            | Rule::kw_as
            | Rule::kw_description
            | Rule::kw_cause
            | Rule::kw_remedy
            | Rule::kw_http
            | Rule::kw_grpc
            | Rule::kw_retryable
            | Rule::kw_stage
            | Rule::kw_deprecated
            | Rule::kw_replaced_by
            | Rule::kw_alias
            | Rule::kw_docs
            | Rule::kw_meta
            | Rule::kw_upstream
            | Rule::kw_match
            | Rule::kw_contains
            | Rule::kw_status
            | Rule::kw_trailer
            | Rule::kw_text
            | Rule::kw_type
            | Rule::kw_list
            | Rule::kw_map
            | Rule::kw_wire
    )
}

/// The span of a pair, without the whitespace and comments pest consumes
/// after its last token when an optional part at its end is absent.
/// (`base` is where the text pest parsed starts in the file.)
fn span(file: FileId, base: usize, pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    let end = pair
        .clone()
        .into_inner()
        .rev()
        .find(|p| p.as_rule() != Rule::COMMENT)
        .map_or(s.end(), |last| last.as_span().end());
    Span::new(file, base + s.start(), base + end)
}

struct Builder {
    file: FileId,
    /// Where the text being built from starts in the file.
    base: usize,
}

impl Builder {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        span(self.file, self.base, pair)
    }

    fn ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(&pair),
        }
    }

    fn int(&self, pair: Pair<'_, Rule>) -> Int {
        Int {
            digits: pair.as_str().to_owned(),
            value: pair.as_str().parse().ok(),
            span: self.span(&pair),
        }
    }

    fn string(&self, pair: Pair<'_, Rule>) -> Str {
        let span = self.span(&pair);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: string has a kind");
        let body = inner.clone().into_inner().next().map_or("", |p| p.as_str());
        let (value, style) = match inner.as_rule() {
            Rule::plain_string => (strings::unescape(body), StrStyle::Plain),
            Rule::raw_string => (body.to_owned(), StrStyle::Raw),
            _ => (decode_triple(body), StrStyle::Triple),
        };
        Str { value, style, span }
    }

    fn value(&self, pair: Pair<'_, Rule>) -> Value {
        let inner = pair.into_inner().next().expect("grammar: value has a kind");
        match inner.as_rule() {
            Rule::string => Value::Str(self.string(inner)),
            Rule::boolean => Value::Bool(inner.as_str() == "true", self.span(&inner)),
            _ => Value::Int(self.int(inner)),
        }
    }

    /// Reads `[locale] string`.
    fn text(&self, pair: Pair<'_, Rule>) -> Text {
        let mut locale = None;
        let mut text = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::locale => locale = Some(self.ident(p)),
                _ => text = Some(self.string(p)),
            }
        }
        Text {
            locale,
            text: text.expect("grammar: text has a string"),
        }
    }

    fn spanned<T>(&self, pair: &Pair<'_, Rule>, node: T) -> Spanned<T> {
        Spanned {
            node,
            span: self.span(pair),
        }
    }

    /// Reads `kw name ["title"] {`, leaving the iterator after the `{`.
    fn head<'a>(&self, inner: &mut impl Iterator<Item = Pair<'a, Rule>>) -> (Ident, Option<Str>) {
        let name = self.ident(inner.next().expect("grammar: a name"));
        let mut title = None;
        for p in inner.by_ref() {
            match p.as_rule() {
                Rule::string => title = Some(self.string(p)),
                _ => break, // `open`
            }
        }
        (name, title)
    }

    fn catalog(&self, pair: Pair<'_, Rule>) -> Catalog {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let (name, title) = self.head(&mut inner);
        let stmts = inner
            .filter(|p| p.as_rule() != Rule::close)
            .map(|p| {
                let node = self.catalog_stmt(p.clone());
                self.spanned(&p, node)
            })
            .collect();
        Catalog {
            name,
            title,
            stmts,
            span,
        }
    }

    fn catalog_stmt(&self, pair: Pair<'_, Rule>) -> CatalogStmt {
        let rule = pair.as_rule();
        match rule {
            Rule::version_stmt => {
                let v = children(pair).next().expect("grammar: version value");
                let quoted = v.as_rule() == Rule::string;
                let text = if quoted {
                    self.string(v.clone()).value
                } else {
                    v.as_str().to_owned()
                };
                CatalogStmt::Version(self.spanned(&v, text), quoted)
            }
            Rule::locales_stmt => {
                CatalogStmt::Locales(children(pair).map(|p| self.ident(p)).collect())
            }
            Rule::format_stmt => {
                CatalogStmt::Format(self.string(children(pair).next().expect("grammar")))
            }
            Rule::stages_stmt => {
                CatalogStmt::Stages(children(pair).map(|p| self.ident(p)).collect())
            }
            Rule::option_stmt => {
                let mut inner = children(pair);
                let key = self.ident(inner.next().expect("grammar: key"));
                let value = self.value(inner.next().expect("grammar: value"));
                CatalogStmt::Option(key, value)
            }
            Rule::envelope => CatalogStmt::Envelope(self.envelope(pair)),
            Rule::envelopes_stmt => CatalogStmt::Envelopes(self.names_list(pair)),
            Rule::description_stmt => CatalogStmt::Description(self.text(pair)),
            Rule::docs_stmt => CatalogStmt::Docs(self.string(children(pair).next().expect("g"))),
            Rule::upstream_decl => CatalogStmt::Upstream(self.upstream_decl(pair)),
            other => unreachable!("grammar: unexpected catalog statement {other:?}"),
        }
    }

    fn upstream_decl(&self, pair: Pair<'_, Rule>) -> UpstreamDecl {
        let mut inner = children(pair);
        let (name, title) = self.head(&mut inner);
        let mut stmts = Vec::new();
        for p in inner {
            // The path of `… field "path"`, or `None` for `trailer` / `text`.
            let path = |p: &Pair<'_, Rule>| {
                children(p.clone())
                    .find(|c| c.as_rule() == Rule::json_path)
                    .map(|c| self.string(children(c).next().expect("grammar: path")))
            };
            let node = match p.as_rule() {
                Rule::status_source => UpstreamSource::Status,
                Rule::grpc_source => UpstreamSource::Grpc(path(&p)),
                Rule::message_source => UpstreamSource::Message(path(&p)),
                Rule::field_source => {
                    let mut inner = children(p.clone());
                    let name = self.ident(inner.next().expect("grammar: field name"));
                    let path = self.string(inner.next().expect("grammar: field path"));
                    UpstreamSource::Field(name, path)
                }
                _ => continue, // braces
            };
            stmts.push(self.spanned(&p, node));
        }
        UpstreamDecl { name, title, stmts }
    }

    fn envelope(&self, pair: Pair<'_, Rule>) -> Envelope {
        let mut name = None;
        let mut title = None;
        let mut shape = None;
        let mut stmts = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::envelope_name => name = Some(self.ident(p)),
                Rule::string => title = Some(self.string(p)),
                Rule::envelope_shape => shape = Some(self.ident(p)),
                Rule::open | Rule::close => {}
                _ => stmts.push(self.envelope_stmt(p)),
            }
        }
        Envelope {
            name,
            title,
            shape,
            stmts,
        }
    }

    /// A member of an envelope (or of its nested error object).
    fn envelope_stmt(&self, p: Pair<'_, Rule>) -> Spanned<EnvelopeStmt> {
        let mut inner = children(p.clone());
        let node = match p.as_rule() {
            Rule::envelope_role => {
                let role = self.ident(inner.next().expect("grammar: role"));
                let wire = self.string(inner.next().expect("grammar: wire name"));
                let ty = inner.next().map(|t| self.type_expr(t));
                EnvelopeStmt::Role(role, wire, ty)
            }
            Rule::envelope_const => {
                let wire = self.string(inner.next().expect("grammar: wire name"));
                let value = self.value(inner.next().expect("grammar: value"));
                EnvelopeStmt::Const(wire, value)
            }
            Rule::envelope_field => {
                let wire = self.string(inner.next().expect("grammar: wire name"));
                let ty = self.type_expr(inner.next().expect("grammar: type"));
                let optional = inner.next().is_some();
                EnvelopeStmt::Field(wire, ty, optional)
            }
            Rule::envelope_error => {
                let wire = self.string(inner.next().expect("grammar: wire name"));
                let members = inner
                    .filter(|c| !matches!(c.as_rule(), Rule::open | Rule::close))
                    .map(|c| self.envelope_stmt(c))
                    .collect();
                EnvelopeStmt::Error(wire, members)
            }
            Rule::envelope_data => {
                let wire = self.string(inner.next().expect("grammar: wire name"));
                let ty = self.type_expr(inner.next().expect("grammar: type"));
                EnvelopeStmt::Data(wire, ty)
            }
            other => unreachable!("grammar: unexpected envelope member {other:?}"),
        };
        self.spanned(&p, node)
    }

    /// `envelopes a, b`: the names.
    fn names_list(&self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        children(pair)
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.ident(p))
            .collect()
    }

    fn item(&self, pair: Pair<'_, Rule>) -> Item {
        match pair.as_rule() {
            Rule::group => Item::Group(self.group(pair)),
            Rule::entry => Item::Entry(self.entry(pair)),
            Rule::reserved_stmt => Item::Reserved(self.reserved(pair)),
            Rule::type_decl => Item::Type(self.type_decl(pair)),
            other => unreachable!("grammar: unexpected item {other:?}"),
        }
    }

    /// `type name { field … }`.
    fn type_decl(&self, pair: Pair<'_, Rule>) -> TypeDecl {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let name = self.ident(inner.next().expect("grammar: type name"));
        let mut fields = Vec::new();
        for p in inner {
            if p.as_rule() != Rule::type_field {
                continue; // braces
            }
            let mut f = children(p.clone());
            let field_name = self.ident(f.next().expect("grammar: field name"));
            let ty = self.type_expr(f.next().expect("grammar: field type"));
            let optional = f.next().is_some();
            fields.push(self.spanned(
                &p,
                TypeField {
                    name: field_name,
                    ty,
                    optional,
                },
            ));
        }
        TypeDecl { name, fields, span }
    }

    /// A `type_expr`: a name, `list<T>` or `map<K, T>`.
    fn type_expr(&self, pair: Pair<'_, Rule>) -> TypeExpr {
        let inner = children(pair).next().expect("grammar: type");
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::list_type => {
                let item = children(inner).next().expect("grammar: list item type");
                TypeExpr::List(Box::new(self.type_expr(item)), span)
            }
            Rule::map_type => {
                let mut parts = children(inner);
                let key = self.type_expr(parts.next().expect("grammar: map key type"));
                let value = self.type_expr(parts.next().expect("grammar: map value type"));
                TypeExpr::Map(Box::new(key), Box::new(value), span)
            }
            _ => TypeExpr::Name(self.ident(children(inner).next().expect("grammar: type name"))),
        }
    }

    fn group(&self, pair: Pair<'_, Rule>) -> Group {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let (name, title) = self.head(&mut inner);
        let mut stmts = Vec::new();
        for p in inner {
            let node = match p.as_rule() {
                Rule::close => continue,
                Rule::range_stmt => {
                    let mut r = children(p.clone());
                    let from = self.int(r.next().expect("grammar: from"));
                    let to = self.int(r.next().expect("grammar: to"));
                    GroupStmt::Range(from, to)
                }
                Rule::prefix_stmt => {
                    GroupStmt::Prefix(self.string(children(p.clone()).next().expect("g")))
                }
                Rule::allow_stmt => {
                    let rule = children(p.clone()).last().expect("grammar: rule");
                    GroupStmt::Allow(Ident {
                        name: rule.as_str().to_owned(),
                        span: self.span(&rule),
                    })
                }
                Rule::subgroup => GroupStmt::Group(self.group(p.clone())),
                Rule::entry => GroupStmt::Entry(self.entry(p.clone())),
                Rule::reserved_stmt => GroupStmt::Reserved(self.reserved(p.clone())),
                _ => GroupStmt::Prop(self.prop(p.clone())),
            };
            stmts.push(self.spanned(&p, node));
        }
        stmts.shrink_to_fit();
        Group {
            name,
            title,
            stmts,
            span,
        }
    }

    fn reserved(&self, pair: Pair<'_, Rule>) -> Reserved {
        let span = self.span(&pair);
        let mut inner = children(pair);
        let target_pair = inner.next().expect("grammar: reserved target");
        let mut t = children(target_pair);
        let first = t.next().expect("grammar: reserved value");
        let target = match first.as_rule() {
            Rule::string => ReservedTarget::Str(self.string(first)),
            _ => {
                let from = self.int(first);
                match t.next() {
                    Some(to) => ReservedTarget::Range(from, self.int(to)),
                    None => ReservedTarget::Int(from),
                }
            }
        };
        let reason = inner.next().map(|p| self.string(p));
        Reserved {
            target,
            reason,
            span,
        }
    }

    fn entry(&self, pair: Pair<'_, Rule>) -> Entry {
        let span = self.span(&pair);
        let mut inner = children(pair).peekable();
        let kind_pair = inner.next().expect("grammar: entry kind");
        let kind = if kind_pair.as_str() == "success" {
            EntryKind::Success
        } else {
            EntryKind::Error
        };
        let name = match inner.peek().map(|p| p.as_rule()) {
            Some(Rule::ident) => Some(self.ident(inner.next().expect("peeked"))),
            _ => None,
        };
        let code_pair = inner.next().expect("grammar: code");
        let head = Span::new(self.file, span.start, self.base + code_pair.as_span().end());
        let code = self.code(code_pair);
        let mut stmts = Vec::new();
        for p in inner {
            let node = match p.as_rule() {
                Rule::open | Rule::close => continue,
                Rule::message_stmt => EntryStmt::Message(self.text(p.clone())),
                Rule::param_stmt => EntryStmt::Param(self.param(p.clone())),
                Rule::replaced_by_stmt => {
                    EntryStmt::ReplacedBy(self.ident(children(p.clone()).next().expect("g")))
                }
                Rule::alias_stmt => {
                    let mut inner = children(p.clone());
                    let code = self.code(inner.next().expect("grammar: alias code"));
                    let reason = inner.next().map(|r| self.string(r));
                    EntryStmt::Alias(Alias { code, reason })
                }
                Rule::upstream => EntryStmt::Upstream(self.upstream(p.clone())),
                _ => EntryStmt::Prop(self.prop(p.clone())),
            };
            stmts.push(self.spanned(&p, node));
        }
        // The tree lives as long as the compile: no spare capacity (an
        // entry's statements would otherwise hold room for about 3 more).
        stmts.shrink_to_fit();
        Entry {
            kind,
            name,
            code,
            stmts,
            span,
            head,
        }
    }

    /// A `code`: an integer or a string.
    fn code(&self, pair: Pair<'_, Rule>) -> CodeLit {
        let inner = children(pair).next().expect("grammar: code value");
        match inner.as_rule() {
            Rule::integer => CodeLit::Int(self.int(inner)),
            _ => CodeLit::Str(self.string(inner)),
        }
    }

    fn param(&self, pair: Pair<'_, Rule>) -> Param {
        let mut inner = children(pair);
        let reference = inner.next().expect("grammar: param ref");
        let ty = self.type_expr(inner.next().expect("grammar: param type"));
        let wire = inner.next().map(|p| self.span(&p));
        let mut index = None;
        let mut name = None;
        for p in children(reference) {
            match p.as_rule() {
                Rule::integer => index = Some(self.int(p)),
                _ => name = Some(self.ident(p)),
            }
        }
        Param {
            index,
            name,
            ty,
            wire,
        }
    }

    fn grpc(&self, pair: Pair<'_, Rule>) -> GrpcLit {
        match pair.as_rule() {
            Rule::integer => GrpcLit::Int(self.int(pair)),
            _ => GrpcLit::Name(self.ident(pair)),
        }
    }

    fn prop(&self, pair: Pair<'_, Rule>) -> Prop {
        let rule = pair.as_rule();
        match rule {
            Rule::description_stmt => Prop::Description(self.text(pair)),
            Rule::cause_stmt => Prop::Cause(self.text(pair)),
            Rule::remedy_stmt => Prop::Remedy(self.text(pair)),
            Rule::http_stmt => Prop::Http(self.int(children(pair).next().expect("g"))),
            Rule::grpc_stmt => Prop::Grpc(self.grpc(children(pair).next().expect("g"))),
            Rule::retryable_stmt => Prop::Retryable(
                children(pair)
                    .next()
                    .map(|b| (b.as_str() == "true", self.span(&b))),
            ),
            Rule::stage_stmt => Prop::Stage(self.ident(children(pair).next().expect("g"))),
            Rule::deprecated_stmt => {
                Prop::Deprecated(children(pair).next().map(|p| self.string(p)))
            }
            Rule::docs_stmt => Prop::Docs(self.string(children(pair).next().expect("g"))),
            Rule::meta_stmt => {
                let mut inner = children(pair);
                let key = self.ident(inner.next().expect("grammar: key"));
                let value = self.value(inner.next().expect("grammar: value"));
                Prop::Meta(key, value)
            }
            Rule::envelopes_stmt => Prop::Envelopes(self.names_list(pair)),
            other => unreachable!("grammar: unexpected property {other:?}"),
        }
    }

    fn upstream(&self, pair: Pair<'_, Rule>) -> Upstream {
        let mut name = None;
        let mut stmts = Vec::new();
        for p in children(pair) {
            let node = match p.as_rule() {
                Rule::ident => {
                    name = Some(self.ident(p));
                    continue;
                }
                Rule::http_stmt => {
                    UpstreamStmt::Http(self.int(children(p.clone()).next().expect("g")))
                }
                Rule::grpc_stmt => {
                    UpstreamStmt::Grpc(self.grpc(children(p.clone()).next().expect("g")))
                }
                Rule::match_stmt => {
                    let (field, text) = self.field_and_string(&p);
                    UpstreamStmt::Match(field, text)
                }
                Rule::contains_stmt => {
                    let (field, text) = self.field_and_string(&p);
                    UpstreamStmt::Contains(field, text)
                }
                _ => continue, // braces
            };
            stmts.push(self.spanned(&p, node));
        }
        stmts.shrink_to_fit();
        Upstream { name, stmts }
    }

    /// The optional field and the string of `match [field] "…"` or
    /// `contains [field] "…"`.
    fn field_and_string(&self, pair: &Pair<'_, Rule>) -> (Option<Ident>, Str) {
        let mut field = None;
        let mut text = None;
        for c in children(pair.clone()) {
            match c.as_rule() {
                Rule::field_ref => field = Some(self.ident(c)),
                Rule::string => text = Some(self.string(c)),
                _ => {}
            }
        }
        (field, text.expect("grammar: a string"))
    }
}

#[cfg(test)]
mod tests;
