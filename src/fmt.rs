//! `errgen fmt`: prints a parsed catalog file in its canonical form.
//!
//! The layout is fixed, so two people formatting the same catalog get the
//! same bytes, and formatting is idempotent: formatting the output again
//! changes nothing. What the formatter keeps from the source:
//!
//! * the order of every statement (it never reorders);
//! * every comment, placed by position: a comment after a statement on the
//!   line where that statement ends stays there (`http 404 // why`); any other
//!   comment gets its own line before the statement it precedes (or before the
//!   `}` of its block, or at the end of the file); a comment inside a
//!   statement (`message en // x` ⏎ `"…"`) moves to its own line before it;
//! * one blank line where the source had one or more between two statements
//!   or comments of a block;
//! * how each string was written (`"…"`, `r"…"`, `"""…"""`), unless that
//!   style cannot hold the value.
//!
//! What it decides itself: two-space indentation, one statement per line,
//! single spaces, `{` at the end of the head line and `}` on a line of its
//! own (an empty block with no comment in it prints `{}`), `retryable true`
//! for a bare `retryable`, a bare `version` whenever the version is a valid
//! bare token, exactly one blank line around every group and entry (and
//! around the catalog header) but none right after `{` or right before `}`,
//! and exactly one line ending at the end.
//!
//! Line endings are those of the file's first line, as rustfmt's default
//! (`newline_style = "Auto"`) has them: `\r\n` if it ends so, else `\n`
//! (a lone `\r` too). A checkout that turns every `\n` into `\r\n`
//! (git's `core.autocrlf` on Windows) is then formatted as it is, and `fmt
//! --check` does not fail on every file of it.

use crate::diagnostic::Diagnostic;
use crate::parse::ast::*;
use crate::parse::{encode_plain, encode_triple, parse};
use crate::source::{FileId, Span};

/// Prints `file`, parsed from `text`, in canonical form.
///
/// `text` must be the source `file` was parsed from: comments, blank lines
/// and the position of braces are read from it through the tree's spans.
/// The output ends with exactly one line ending and uses one kind only:
/// `\r\n` if `text`'s first line ends so, else `\n`.
pub fn format(file: &File, text: &str) -> String {
    let mut printer = Printer {
        text,
        comments: &file.comments,
        next: 0,
        out: String::with_capacity(text.len() + text.len() / 4 + 16),
    };
    let mut top = Vec::with_capacity(file.items.len() + 1);
    top.push(Node {
        span: file.catalog.span,
        kind: Kind::Catalog(&file.catalog),
    });
    top.extend(file.items.iter().map(Node::item));
    printer.body(&top, 0, text.len());
    printer.out.push('\n');
    if first_line_ends_with_crlf(text) {
        // A value's own line breaks are `\n` or escaped (`\r` is never
        // written raw), so every `\n` here is a line ending.
        printer.out.replace('\n', "\r\n")
    } else {
        printer.out
    }
}

/// Whether the first line ending of `text` is `\r\n`.
fn first_line_ends_with_crlf(text: &str) -> bool {
    text.find(['\n', '\r'])
        .is_some_and(|at| text[at..].starts_with("\r\n"))
}

/// Parses `text` (as file 0) and prints it in canonical form, or returns the
/// syntax diagnostic. `name` is the file's display name: the diagnostic's
/// spans refer to `FileId(0)`, so render it with a source map whose first
/// file is `name` and `text`.
#[allow(clippy::result_large_err)] // the same error as `parse`
pub fn format_source(name: &str, text: &str) -> Result<String, Diagnostic> {
    let _ = name; // the diagnostic carries a file id, not a name
    let file = parse(FileId(0), text)?;
    Ok(format(&file, text))
}

/// Whether `version` reads back as the bare `semver` token of the grammar.
fn is_bare_semver(version: &str) -> bool {
    let b = version.as_bytes();
    let mut i = 0;
    for part in 0..3 {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if part < 2 {
            if b.get(i) != Some(&b'.') {
                return false;
            }
            i += 1;
        }
    }
    let tail = |i: &mut usize| {
        let start = *i;
        while b
            .get(*i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
        {
            *i += 1;
        }
        *i > start
    };
    for sigil in [b'-', b'+'] {
        if b.get(i) == Some(&sigil) {
            i += 1;
            if !tail(&mut i) {
                return false;
            }
        }
    }
    i == b.len()
}

/// How many line breaks (`\n`, `\r\n` or a lone `\r`) `s` holds, counting
/// to two at most.
fn line_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            n += 1;
            if n == 2 {
                break;
            }
        }
    }
    n
}

/// One statement of a block (or one top-level item) to print.
struct Node<'a> {
    /// The whole statement; for a block, from its keyword to its `}`.
    span: Span,
    kind: Kind<'a>,
}

/// What a [`Node`] is: a block with statements of its own, or a leaf.
enum Kind<'a> {
    Catalog(&'a Catalog),
    Envelope(&'a Envelope),
    /// `error "wire" { … }` in an envelope.
    EnvelopeError(&'a Str, &'a [Spanned<EnvelopeStmt>]),
    Group(&'a Group),
    Entry(&'a Entry),
    Upstream(&'a Upstream),
    UpstreamDecl(&'a UpstreamDecl),
    Type(&'a TypeDecl),
    Leaf(Leaf<'a>),
}

/// A one-line statement (one line unless it holds a `"""` string).
enum Leaf<'a> {
    Catalog(&'a CatalogStmt),
    Envelope(&'a EnvelopeStmt),
    Group(&'a GroupStmt),
    Entry(&'a EntryStmt),
    Upstream(&'a UpstreamStmt),
    UpstreamSource(&'a UpstreamSource),
    Reserved(&'a Reserved),
    Field(&'a TypeField),
}

impl<'a> Node<'a> {
    fn item(item: &'a Item) -> Node<'a> {
        let (span, kind) = match item {
            Item::Group(g) => (g.span, Kind::Group(g)),
            Item::Entry(e) => (e.span, Kind::Entry(e)),
            Item::Reserved(r) => (r.span, Kind::Leaf(Leaf::Reserved(r))),
            Item::Type(t) => (t.span, Kind::Type(t)),
        };
        Node { span, kind }
    }

    fn catalog(stmt: &'a Spanned<CatalogStmt>) -> Node<'a> {
        let kind = match &stmt.node {
            CatalogStmt::Envelope(e) => Kind::Envelope(e),
            CatalogStmt::Upstream(d) => Kind::UpstreamDecl(d),
            other => Kind::Leaf(Leaf::Catalog(other)),
        };
        Node {
            span: stmt.span,
            kind,
        }
    }

    fn envelope(stmt: &'a Spanned<EnvelopeStmt>) -> Node<'a> {
        let kind = match &stmt.node {
            EnvelopeStmt::Error(wire, stmts) => Kind::EnvelopeError(wire, stmts),
            other => Kind::Leaf(Leaf::Envelope(other)),
        };
        Node {
            span: stmt.span,
            kind,
        }
    }

    fn group(stmt: &'a Spanned<GroupStmt>) -> Node<'a> {
        let kind = match &stmt.node {
            GroupStmt::Group(g) => Kind::Group(g),
            GroupStmt::Entry(e) => Kind::Entry(e),
            other => Kind::Leaf(Leaf::Group(other)),
        };
        Node {
            span: stmt.span,
            kind,
        }
    }

    fn entry(stmt: &'a Spanned<EntryStmt>) -> Node<'a> {
        let kind = match &stmt.node {
            EntryStmt::Upstream(u) => Kind::Upstream(u),
            other => Kind::Leaf(Leaf::Entry(other)),
        };
        Node {
            span: stmt.span,
            kind,
        }
    }

    /// Whether the statement gets a blank line before and after it: the
    /// catalog header, groups and entries.
    fn spaced(&self) -> bool {
        matches!(
            self.kind,
            Kind::Catalog(_) | Kind::Group(_) | Kind::Entry(_) | Kind::Type(_)
        )
    }

    /// For a block: where its head ends (the `{` follows, after blanks and
    /// comments). `None` for a leaf.
    fn head_end(&self) -> Option<usize> {
        const KEYWORD: usize = "envelope".len(); // = "upstream".len()
        Some(match &self.kind {
            Kind::Catalog(c) => c.title.as_ref().map_or(c.name.span.end, |t| t.span.end),
            Kind::Group(g) => g.title.as_ref().map_or(g.name.span.end, |t| t.span.end),
            Kind::Entry(e) => e.head.end,
            Kind::Type(t) => t.name.span.end,
            Kind::Envelope(e) => e
                .shape
                .as_ref()
                .map(|s| s.span.end)
                .or(e.title.as_ref().map(|t| t.span.end))
                .or(e.name.as_ref().map(|n| n.span.end))
                .unwrap_or(self.span.start + KEYWORD),
            Kind::EnvelopeError(wire, _) => wire.span.end,
            Kind::Upstream(u) => u
                .name
                .as_ref()
                .map_or(self.span.start + KEYWORD, |n| n.span.end),
            Kind::UpstreamDecl(d) => d.title.as_ref().map_or(d.name.span.end, |t| t.span.end),
            Kind::Leaf(_) => return None,
        })
    }

    /// For a block: its statements.
    fn children(&self) -> Vec<Node<'a>> {
        match &self.kind {
            Kind::Catalog(c) => c.stmts.iter().map(Node::catalog).collect(),
            Kind::Group(g) => g.stmts.iter().map(Node::group).collect(),
            Kind::Entry(e) => e.stmts.iter().map(Node::entry).collect(),
            Kind::Envelope(e) => e.stmts.iter().map(Node::envelope).collect(),
            Kind::EnvelopeError(_, stmts) => stmts.iter().map(Node::envelope).collect(),
            Kind::Upstream(u) => u
                .stmts
                .iter()
                .map(|s| Node {
                    span: s.span,
                    kind: Kind::Leaf(Leaf::Upstream(&s.node)),
                })
                .collect(),
            Kind::UpstreamDecl(d) => d
                .stmts
                .iter()
                .map(|s| Node {
                    span: s.span,
                    kind: Kind::Leaf(Leaf::UpstreamSource(&s.node)),
                })
                .collect(),
            Kind::Type(t) => t
                .fields
                .iter()
                .map(|s| Node {
                    span: s.span,
                    kind: Kind::Leaf(Leaf::Field(&s.node)),
                })
                .collect(),
            Kind::Leaf(_) => Vec::new(),
        }
    }
}

/// What was printed last in a block, for the blank-line rules.
#[derive(Clone, Copy)]
enum Prev {
    /// Nothing yet: right after `{`, or at the start of the file.
    Open,
    /// An own-line comment ending at this offset.
    Comment(usize),
    /// A statement (with its trailing comment) ending at this offset.
    Stmt { end: usize, spaced: bool },
}

struct Printer<'a> {
    text: &'a str,
    /// All comments, in source order; `next` is the first not yet printed.
    comments: &'a [Comment],
    next: usize,
    out: String,
}

impl<'a> Printer<'a> {
    /// Takes the next comment if it starts before `pos`.
    fn comment_before(&mut self, pos: usize) -> Option<&'a Comment> {
        let comments: &'a [Comment] = self.comments;
        let c = comments.get(self.next).filter(|c| c.span.start < pos)?;
        self.next += 1;
        Some(c)
    }

    /// Takes the next comment if it starts before `limit` on the line where
    /// `from` is (a trailing comment).
    fn trailing(&mut self, from: usize, limit: usize) -> Option<&'a Comment> {
        let comments: &'a [Comment] = self.comments;
        let c = comments.get(self.next)?;
        let on_line = c.span.start >= from
            && c.span.start < limit
            && line_breaks(&self.text[from..c.span.start]) == 0;
        on_line.then(|| {
            self.next += 1;
            c
        })
    }

    /// Whether the source has a blank line between `from` and `to`.
    fn blank_in_source(&self, from: usize, to: usize) -> bool {
        from < to && line_breaks(&self.text[from..to]) >= 2
    }

    /// Whether a blank line goes between `prev` and an element starting at
    /// `start`; `spaced_unit` when that element opens a spaced statement's
    /// lines (its first leading comment, or the statement itself).
    fn blank(&self, prev: Prev, spaced_unit: bool, start: usize) -> bool {
        match prev {
            Prev::Open => false,
            Prev::Stmt { spaced: true, .. } => true,
            Prev::Stmt { end, .. } | Prev::Comment(end) => {
                spaced_unit || self.blank_in_source(end, start)
            }
        }
    }

    /// Starts a new line (after a blank one if `blank`) indented to `level`.
    fn line(&mut self, blank: bool, level: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if blank {
                self.out.push('\n');
            }
        }
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    /// Prints the statements of a block (or the file, at level 0) whose `}`
    /// is at `close`, each with its comments, then the comments left before
    /// `close`.
    fn body(&mut self, nodes: &[Node<'a>], level: usize, close: usize) {
        let mut prev = Prev::Open;
        for (i, node) in nodes.iter().enumerate() {
            let start = node.span.start;
            let spaced = node.spaced();
            let mut first = true;
            // Own-line comments before the statement.
            while let Some(c) = self.comment_before(start) {
                let blank = self.blank(prev, first && spaced, c.span.start);
                self.line(blank, level);
                self.out.push_str(&c.text);
                prev = Prev::Comment(c.span.end);
                first = false;
            }
            // Comments inside the statement (before the `{` of a block) go
            // on their own lines before it, with no blank line among them.
            let hoist_limit = match node.head_end() {
                Some(head_end) => self.open_brace(head_end),
                None => node.span.end,
            };
            let mut hoisted = false;
            while let Some(c) = self.comment_before(hoist_limit) {
                let blank = !hoisted && self.blank(prev, first && spaced, start);
                self.line(blank, level);
                self.out.push_str(&c.text);
                hoisted = true;
                first = false;
            }
            let blank = !hoisted && self.blank(prev, first && spaced, start);
            self.line(blank, level);
            self.node(node, level, hoist_limit);
            let limit = nodes.get(i + 1).map_or(close, |n| n.span.start);
            let mut end = node.span.end;
            if let Some(c) = self.trailing(end, limit) {
                self.out.push(' ');
                self.out.push_str(&c.text);
                end = c.span.end;
            }
            prev = Prev::Stmt { end, spaced };
        }
        while let Some(c) = self.comment_before(close) {
            let blank = self.blank(prev, false, c.span.start);
            self.line(blank, level);
            self.out.push_str(&c.text);
            prev = Prev::Comment(c.span.end);
        }
    }

    /// The offset of the `{` that follows a block's head ending at `from`
    /// (only blanks and comments lie between).
    fn open_brace(&self, from: usize) -> usize {
        let b = self.text.as_bytes();
        let mut i = from;
        while i < b.len() {
            match b[i] {
                b'{' => return i,
                b'/' => {
                    while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        debug_assert!(false, "no `{{` after a block head");
        from
    }

    /// Prints one statement (without its comments) at `level`; for a block,
    /// `open` is the offset of its `{`.
    fn node(&mut self, node: &Node<'a>, level: usize, open: usize) {
        match &node.kind {
            Kind::Leaf(leaf) => return self.leaf(leaf, level),
            Kind::Catalog(c) => {
                self.out.push_str("catalog ");
                self.out.push_str(&c.name.name);
                if let Some(title) = &c.title {
                    self.out.push(' ');
                    self.string(title, level);
                }
            }
            Kind::Group(g) => {
                self.out.push_str("group ");
                self.out.push_str(&g.name.name);
                if let Some(title) = &g.title {
                    self.out.push(' ');
                    self.string(title, level);
                }
            }
            Kind::Entry(e) => {
                self.out.push_str(match e.kind {
                    EntryKind::Error => "error ",
                    EntryKind::Success => "success ",
                });
                if let Some(name) = &e.name {
                    self.out.push_str(&name.name);
                    self.out.push_str(" = ");
                }
                self.code(&e.code, level);
            }
            Kind::Envelope(e) => {
                self.out.push_str("envelope");
                if let Some(name) = &e.name {
                    self.out.push(' ');
                    self.out.push_str(&name.name);
                }
                if let Some(title) = &e.title {
                    self.out.push(' ');
                    self.string(title, level);
                }
                if let Some(shape) = &e.shape {
                    self.out.push(' ');
                    self.out.push_str(&shape.name);
                }
            }
            Kind::EnvelopeError(wire, _) => {
                self.out.push_str("error ");
                self.string(wire, level);
            }
            Kind::Type(t) => {
                self.out.push_str("type ");
                self.out.push_str(&t.name.name);
            }
            Kind::Upstream(u) => {
                self.out.push_str("upstream");
                if let Some(name) = &u.name {
                    self.out.push(' ');
                    self.out.push_str(&name.name);
                }
            }
            Kind::UpstreamDecl(d) => {
                self.out.push_str("upstream ");
                self.out.push_str(&d.name.name);
                if let Some(title) = &d.title {
                    self.out.push(' ');
                    self.string(title, level);
                }
            }
        }
        let close = node.span.end - 1;
        debug_assert_eq!(self.text.as_bytes().get(close), Some(&b'}'));
        let children = node.children();
        let first = children.first().map_or(close, |n| n.span.start);
        let trailing = self.trailing(open + 1, first);
        let empty = children.is_empty()
            && trailing.is_none()
            && self
                .comments
                .get(self.next)
                .is_none_or(|c| c.span.start >= close);
        if empty {
            self.out.push_str(" {}");
            return;
        }
        self.out.push_str(" {");
        if let Some(c) = trailing {
            self.out.push(' ');
            self.out.push_str(&c.text);
        }
        self.body(&children, level + 1, close);
        self.line(false, level);
        self.out.push('}');
    }

    fn leaf(&mut self, leaf: &Leaf<'a>, level: usize) {
        match leaf {
            Leaf::Catalog(stmt) => self.catalog_stmt(stmt, level),
            Leaf::Envelope(stmt) => match stmt {
                EnvelopeStmt::Role(role, wire, ty) => {
                    self.out.push_str(&role.name);
                    self.out.push(' ');
                    self.string(wire, level);
                    if let Some(ty) = ty {
                        self.out.push_str(": ");
                        self.out.push_str(&ty.to_string());
                    }
                }
                EnvelopeStmt::Const(wire, value) => {
                    self.out.push_str("const ");
                    self.string(wire, level);
                    self.out.push_str(" = ");
                    self.value(value, level);
                }
                EnvelopeStmt::Field(wire, ty, optional) => {
                    self.out.push_str("field ");
                    self.string(wire, level);
                    self.out.push_str(": ");
                    self.out.push_str(&ty.to_string());
                    if *optional {
                        self.out.push_str(" optional");
                    }
                }
                EnvelopeStmt::Data(wire, ty) => {
                    self.out.push_str("data ");
                    self.string(wire, level);
                    self.out.push_str(": ");
                    self.out.push_str(&ty.to_string());
                }
                EnvelopeStmt::Error(..) => unreachable!("blocks are not leaves"),
            },
            Leaf::Group(stmt) => match stmt {
                GroupStmt::Range(from, to) => {
                    self.out.push_str("range ");
                    self.range(from, to);
                }
                GroupStmt::Prefix(s) => {
                    self.out.push_str("prefix ");
                    self.string(s, level);
                }
                GroupStmt::Allow(rule) => {
                    self.out.push_str("allow ");
                    self.out.push_str(&rule.name);
                }
                GroupStmt::Prop(prop) => self.prop(prop, level),
                GroupStmt::Reserved(r) => self.reserved(r, level),
                GroupStmt::Group(_) | GroupStmt::Entry(_) => unreachable!("blocks are not leaves"),
            },
            Leaf::Entry(stmt) => match stmt {
                EntryStmt::Message(text) => self.text("message", text, level),
                EntryStmt::Param(param) => {
                    self.out.push_str("param ");
                    if let Some(index) = &param.index {
                        self.out.push_str(&index.digits);
                        if let Some(name) = &param.name {
                            self.out.push_str(" as ");
                            self.out.push_str(&name.name);
                        }
                    } else if let Some(name) = &param.name {
                        self.out.push_str(&name.name);
                    }
                    self.out.push_str(": ");
                    self.out.push_str(&param.ty.to_string());
                    if param.wire.is_some() {
                        self.out.push_str(" wire");
                    }
                }
                EntryStmt::ReplacedBy(name) => {
                    self.out.push_str("replaced_by ");
                    self.out.push_str(&name.name);
                }
                EntryStmt::Alias(alias) => {
                    self.out.push_str("alias ");
                    self.code(&alias.code, level);
                    if let Some(why) = &alias.reason {
                        self.out.push(' ');
                        self.string(why, level);
                    }
                }
                EntryStmt::Prop(prop) => self.prop(prop, level),
                EntryStmt::Upstream(_) => unreachable!("blocks are not leaves"),
            },
            Leaf::Field(field) => {
                self.out.push_str("field ");
                self.out.push_str(&field.name.name);
                self.out.push_str(": ");
                self.out.push_str(&field.ty.to_string());
                if field.optional {
                    self.out.push_str(" optional");
                }
            }
            Leaf::Upstream(stmt) => match stmt {
                UpstreamStmt::Http(code) => {
                    self.out.push_str("http ");
                    self.out.push_str(&code.digits);
                }
                UpstreamStmt::Grpc(code) => self.grpc(code),
                UpstreamStmt::Match(field, s) => {
                    self.out.push_str("match ");
                    self.field_ref(field);
                    self.string(s, level);
                }
                UpstreamStmt::Contains(field, s) => {
                    self.out.push_str("contains ");
                    self.field_ref(field);
                    self.string(s, level);
                }
            },
            Leaf::UpstreamSource(stmt) => match stmt {
                UpstreamSource::Status => self.out.push_str("status http"),
                UpstreamSource::Grpc(path) | UpstreamSource::Message(path) => {
                    let (keyword, call) = match stmt {
                        UpstreamSource::Grpc(_) => ("grpc", "trailer"),
                        _ => ("message", "text"),
                    };
                    self.out.push_str(keyword);
                    match path {
                        None => {
                            self.out.push(' ');
                            self.out.push_str(call);
                        }
                        Some(path) => {
                            self.out.push_str(" field ");
                            self.string(path, level);
                        }
                    }
                }
                UpstreamSource::Field(name, path) => {
                    self.out.push_str("field ");
                    self.out.push_str(&name.name);
                    self.out.push(' ');
                    self.string(path, level);
                }
            },
            Leaf::Reserved(r) => self.reserved(r, level),
        }
    }

    /// The field of `match FIELD "…"` or `contains FIELD "…"`, and its blank.
    fn field_ref(&mut self, field: &Option<Ident>) {
        if let Some(field) = field {
            self.out.push_str(&field.name);
            self.out.push(' ');
        }
    }

    fn catalog_stmt(&mut self, stmt: &CatalogStmt, level: usize) {
        match stmt {
            CatalogStmt::Version(version, _quoted) => {
                self.out.push_str("version ");
                if is_bare_semver(&version.node) {
                    self.out.push_str(&version.node);
                } else {
                    self.out.push_str(&encode_plain(&version.node));
                }
            }
            CatalogStmt::Locales(list) => self.list("locales ", list),
            CatalogStmt::Format(s) => {
                self.out.push_str("format ");
                self.string(s, level);
            }
            CatalogStmt::Stages(list) => self.list("stages ", list),
            CatalogStmt::Option(key, value) => {
                self.out.push_str("option ");
                self.out.push_str(&key.name);
                self.out.push(' ');
                self.value(value, level);
            }
            CatalogStmt::Description(text) => self.text("description", text, level),
            CatalogStmt::Docs(s) => {
                self.out.push_str("docs ");
                self.string(s, level);
            }
            CatalogStmt::Envelopes(list) => self.list("envelopes ", list),
            CatalogStmt::Envelope(_) | CatalogStmt::Upstream(_) => {
                unreachable!("blocks are not leaves")
            }
        }
    }

    fn prop(&mut self, prop: &Prop, level: usize) {
        match prop {
            Prop::Description(text) => self.text("description", text, level),
            Prop::Cause(text) => self.text("cause", text, level),
            Prop::Remedy(text) => self.text("remedy", text, level),
            Prop::Http(code) => {
                self.out.push_str("http ");
                self.out.push_str(&code.digits);
            }
            Prop::Grpc(code) => self.grpc(code),
            Prop::Retryable(value) => {
                let yes = value.is_none_or(|(b, _)| b);
                self.out.push_str(if yes {
                    "retryable true"
                } else {
                    "retryable false"
                });
            }
            Prop::Stage(name) => {
                self.out.push_str("stage ");
                self.out.push_str(&name.name);
            }
            Prop::Deprecated(why) => {
                self.out.push_str("deprecated");
                if let Some(why) = why {
                    self.out.push(' ');
                    self.string(why, level);
                }
            }
            Prop::Docs(s) => {
                self.out.push_str("docs ");
                self.string(s, level);
            }
            Prop::Meta(key, value) => {
                self.out.push_str("meta ");
                self.out.push_str(&key.name);
                self.out.push(' ');
                self.value(value, level);
            }
            Prop::Envelopes(list) => self.list("envelopes ", list),
        }
    }

    /// A code as written: its digits or its string.
    fn code(&mut self, code: &CodeLit, level: usize) {
        match code {
            CodeLit::Int(i) => self.out.push_str(&i.digits),
            CodeLit::Str(s) => self.string(s, level),
        }
    }

    fn reserved(&mut self, r: &Reserved, level: usize) {
        self.out.push_str("reserved ");
        match &r.target {
            ReservedTarget::Int(code) => self.out.push_str(&code.digits),
            ReservedTarget::Range(from, to) => self.range(from, to),
            ReservedTarget::Str(s) => self.string(s, level),
        }
        if let Some(why) = &r.reason {
            self.out.push(' ');
            self.string(why, level);
        }
    }

    fn range(&mut self, from: &Int, to: &Int) {
        self.out.push_str(&from.digits);
        self.out.push_str("..");
        self.out.push_str(&to.digits);
    }

    fn grpc(&mut self, code: &GrpcLit) {
        self.out.push_str("grpc ");
        self.out.push_str(match code {
            GrpcLit::Int(i) => &i.digits,
            GrpcLit::Name(n) => &n.name,
        });
    }

    /// `keyword [locale] "…"`.
    fn text(&mut self, keyword: &str, text: &Text, level: usize) {
        self.out.push_str(keyword);
        self.out.push(' ');
        if let Some(locale) = &text.locale {
            self.out.push_str(&locale.name);
            self.out.push(' ');
        }
        self.string(&text.text, level);
    }

    /// `keyword a, b, c`.
    fn list(&mut self, keyword: &str, items: &[Ident]) {
        self.out.push_str(keyword);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push_str(&item.name);
        }
    }

    fn value(&mut self, value: &Value, level: usize) {
        match value {
            Value::Str(s) => self.string(s, level),
            Value::Bool(b, _) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => self.out.push_str(&i.digits),
        }
    }

    /// A string literal in a statement at `level`, in the style it was
    /// written in when that style can hold its value, else plain.
    fn string(&mut self, s: &Str, level: usize) {
        match s.style {
            StrStyle::Raw if !s.value.contains(['"', '\r', '\n']) => {
                self.out.push_str("r\"");
                self.out.push_str(&s.value);
                self.out.push('"');
            }
            StrStyle::Triple => {
                let indent = "  ".repeat(level + 1);
                match encode_triple(&s.value, &indent) {
                    Some(lit) => self.out.push_str(&lit),
                    None => self.out.push_str(&encode_plain(&s.value)),
                }
            }
            StrStyle::Plain | StrStyle::Raw => self.out.push_str(&encode_plain(&s.value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_semver() {
        for ok in [
            "1.2.0",
            "10.20.30",
            "1.0.0-rc.1",
            "1.0.0-a-b+build.5",
            "1.0.0+x",
        ] {
            assert!(is_bare_semver(ok), "{ok}");
        }
        for bad in [
            "1.2",
            "v1.2.0",
            "1.2.0-",
            "1.2.0+",
            "1.2.0 ",
            "1.2.0-a+b+c",
            "",
            "1..0",
        ] {
            assert!(!is_bare_semver(bad), "{bad}");
        }
    }

    #[test]
    fn counts_line_breaks() {
        assert_eq!(line_breaks("  "), 0);
        assert_eq!(line_breaks(" \r\n "), 1);
        assert_eq!(line_breaks("\r\n\r\n"), 2);
        assert_eq!(line_breaks("\r\r"), 2);
    }
}
