//! The hand-written front for top-level items: what pest would build from a
//! well-formed item, at a fraction of the cost.
//!
//! pest stays the grammar's source of truth and the parser of everything
//! this front declines: the catalog header, any item it does not read
//! through, and every syntax error (see [`super::next_item`]). It reads the
//! same rules as `grammar/errgen.pest`, and gives up (`None`) wherever it
//! is not sure that pest would accept the same text in the same way; when
//! it returns an item, that item, its end and its comments are those that
//! pest and [`super::Builder`] would give. The tests hold it to that on
//! every catalog of the repository, the fuzz corpus and mutations of them
//! (`src/parse/tests.rs`).
//!
//! Why it exists: pest's rule machinery and the walk over its pairs were a
//! third of the instructions of a 100,000-entry compile (BENCHMARKS.md,
//! "A hand-written front for items").

use super::ast::*;
use super::strings::{self, decode_triple};
use crate::source::{FileId, Span};

/// What [`item`] read: the next top-level item (`None` at the end of the
/// file), where it ended, and the comments before and inside it.
pub(super) struct Step {
    pub(super) item: Option<Item>,
    pub(super) end: usize,
    pub(super) comments: Vec<Comment>,
}

/// Reads the blanks and comments at `from` and the top-level item after
/// them (or the end of the file); `None` where pest must decide.
pub(super) fn item(file: FileId, text: &str, from: usize, keep_comments: bool) -> Option<Step> {
    let mut p = Front {
        file,
        text,
        bytes: text.as_bytes(),
        pos: from,
        last: from,
        keep_comments,
        comments: Vec::new(),
        types: 0,
    };
    p.skip();
    if p.pos == p.bytes.len() {
        return Some(Step {
            item: None,
            end: p.pos,
            comments: p.comments,
        });
    }
    let (start, word) = p.take_word();
    let item = match word {
        "error" | "success" => Item::Entry(p.entry(start, word)?),
        "group" => Item::Group(p.group(start, true)?),
        "reserved" => Item::Reserved(p.reserved(start)?),
        "type" => Item::Type(p.type_decl(start)?),
        _ => return None,
    };
    // Where pest's pair for the item ends, and the next item's parse
    // starts: at its last token, except that pest keeps the blanks and
    // comments it read before an optional part that is absent, as the
    // reason of `reserved 6 // six` (the others end with `}`).
    let end = match &item {
        Item::Reserved(r) if r.reason.is_none() => p.pos,
        _ => p.last,
    };
    Some(Step {
        item: Some(item),
        end,
        comments: p.comments,
    })
}

/// A place to go back to: where the reading was, the end of the last
/// token, and how many comments had been seen.
#[derive(Clone, Copy)]
struct Mark(usize, usize, usize);

struct Front<'t> {
    file: FileId,
    text: &'t str,
    bytes: &'t [u8],
    /// Where the reading is.
    pos: usize,
    /// The end of the last token read: where the pair pest would make for
    /// the construct being read ends.
    last: usize,
    keep_comments: bool,
    comments: Vec<Comment>,
    /// How many `list<`/`map<` the type being read is inside: past
    /// [`super::MAX_NESTING`] the front declines, and the parse reports it.
    types: usize,
}

/// `ident_char`: `ASCII_ALPHANUMERIC | "_"`.
fn ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'t> Front<'t> {
    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.last)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn mark(&self) -> Mark {
        Mark(self.pos, self.last, self.comments.len())
    }

    fn reset(&mut self, mark: Mark) {
        self.pos = mark.0;
        self.last = mark.1;
        self.comments.truncate(mark.2);
    }

    /// pest's implicit `(WHITESPACE | COMMENT)*` between the tokens of a
    /// rule, keeping the comments.
    fn skip(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    let start = self.pos;
                    // Line breaks are ASCII: never inside a UTF-8 sequence.
                    let len = self.bytes[start..]
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .unwrap_or(self.bytes.len() - start);
                    self.pos = start + len;
                    if self.keep_comments {
                        self.comments.push(Comment {
                            span: Span::new(self.file, start, self.pos),
                            text: self.text[start..self.pos].trim_end().to_owned(),
                        });
                    }
                }
                _ => break,
            }
        }
    }

    /// The run of `ident_char`s at the reading place (not consumed): a
    /// keyword when it is one, since every keyword ends at a word boundary.
    fn word(&self) -> &'t str {
        let len = self.bytes[self.pos..]
            .iter()
            .position(|&b| !ident_char(b))
            .unwrap_or(self.bytes.len() - self.pos);
        &self.text[self.pos..self.pos + len]
    }

    /// Consumes the keyword `kw` if it is the word here; its start.
    fn keyword(&mut self, kw: &str) -> Option<usize> {
        if self.word() != kw {
            return None;
        }
        let start = self.pos;
        self.pos += kw.len();
        self.last = self.pos;
        Some(start)
    }

    /// Skips, then consumes `kw` (the keyword the caller has seen).
    fn take_keyword(&mut self, kw: &str) -> Option<usize> {
        self.skip();
        self.keyword(kw)
    }

    /// Skips, then consumes the word there, whatever it is (`""` if none):
    /// its start and the word, for the caller to match once.
    fn take_word(&mut self) -> (usize, &'t str) {
        self.skip();
        let (start, word) = (self.pos, self.word());
        if !word.is_empty() {
            self.pos += word.len();
            self.last = self.pos;
        }
        (start, word)
    }

    /// Skips, then consumes the literal `punct`.
    fn punct(&mut self, punct: &str) -> Option<()> {
        self.skip();
        if !self.text[self.pos..].starts_with(punct) {
            return None;
        }
        self.pos += punct.len();
        self.last = self.pos;
        Some(())
    }

    /// Skips; whether `b` is next.
    fn at(&mut self, b: u8) -> bool {
        self.skip();
        self.peek() == Some(b)
    }

    fn at_ident(&mut self) -> bool {
        self.skip();
        self.peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
    }

    fn at_string(&mut self) -> bool {
        self.skip();
        self.peek() == Some(b'"') || self.text[self.pos..].starts_with("r\"")
    }

    /// `ident`.
    fn ident(&mut self) -> Option<Ident> {
        if !self.at_ident() {
            return None;
        }
        let start = self.pos;
        Some(self.take_name(start, start + self.word().len()))
    }

    /// Consumes `text[start..end]`, a name of some kind (an ident, a key, a
    /// locale, a rule), as an [`Ident`].
    fn take_name(&mut self, start: usize, end: usize) -> Ident {
        self.pos = end;
        self.last = end;
        Ident {
            name: self.text[start..end].to_owned(),
            span: self.span(start),
        }
    }

    /// `integer`: digits not followed by an `ident_char`.
    fn int(&mut self) -> Option<Int> {
        self.skip();
        let word = self.word();
        if word.is_empty() || !word.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let start = self.pos;
        self.pos += word.len();
        self.last = self.pos;
        Some(Int {
            digits: word.to_owned(),
            value: word.parse().ok(),
            span: self.span(start),
        })
    }

    /// `string`: `"""triple"""`, `"plain"` or `r"raw"`.
    fn string(&mut self) -> Option<Str> {
        self.skip();
        let start = self.pos;
        let rest = &self.text[start..];
        let (value, style, end) = if let Some(body) = rest.strip_prefix("\"\"\"") {
            let len = body.find("\"\"\"")?;
            let end = start + 3 + len + 3;
            (decode_triple(&body[..len]), StrStyle::Triple, end)
        } else if let Some(body) = rest.strip_prefix('"') {
            let bytes = body.as_bytes();
            let mut i = 0;
            let mut escapes = false;
            loop {
                match *bytes.get(i)? {
                    b'"' => break,
                    b'\n' | b'\r' => return None,
                    b'\\' => {
                        escapes = true;
                        i += 2;
                    }
                    _ => i += 1,
                }
            }
            // `strings::invalid_escape` reads the grammar's `escape` rule.
            if escapes && strings::invalid_escape(body).is_some() {
                return None;
            }
            let value = body.get(..i)?;
            (strings::unescape(value), StrStyle::Plain, start + 1 + i + 1)
        } else if let Some(body) = rest.strip_prefix("r\"") {
            let len = body.find(['"', '\n', '\r'])?;
            if body.as_bytes()[len] != b'"' {
                return None;
            }
            (body[..len].to_owned(), StrStyle::Raw, start + 2 + len + 1)
        } else {
            return None;
        };
        self.pos = end;
        self.last = end;
        Some(Str {
            value,
            style,
            span: self.span(start),
        })
    }

    /// `string?`.
    fn opt_string(&mut self) -> Option<Option<Str>> {
        if self.at_string() {
            self.string().map(Some)
        } else {
            Some(None)
        }
    }

    /// `value`: `string | boolean | integer`.
    fn value(&mut self) -> Option<Value> {
        if self.at_string() {
            return self.string().map(Value::Str);
        }
        match self.word() {
            w @ ("true" | "false") => {
                let start = self.keyword(w)?;
                Some(Value::Bool(w == "true", self.span(start)))
            }
            _ => self.int().map(Value::Int),
        }
    }

    /// `locale?`: letters, then `-` or `_` and letters or digits, never
    /// followed by a quote or an `ident_char`.
    fn opt_locale(&mut self) -> Option<Ident> {
        self.skip();
        let b = self.bytes;
        let start = self.pos;
        let mut i = start;
        while b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        if i == start {
            return None;
        }
        while matches!(b.get(i), Some(b'-' | b'_'))
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            i += 2;
            while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
        }
        if b.get(i).is_some_and(|&c| c == b'"' || ident_char(c)) {
            return None;
        }
        Some(self.take_name(start, i))
    }

    /// `[locale] string`.
    fn text(&mut self) -> Option<Text> {
        let locale = self.opt_locale();
        let text = self.string()?;
        Some(Text { locale, text })
    }

    /// `code`: a string or an integer.
    fn code(&mut self) -> Option<CodeLit> {
        if self.at_string() {
            self.string().map(CodeLit::Str)
        } else {
            self.int().map(CodeLit::Int)
        }
    }

    /// `integer | ident` after `grpc`.
    fn grpc(&mut self) -> Option<GrpcLit> {
        if self.at_ident() {
            self.ident().map(GrpcLit::Name)
        } else {
            self.int().map(GrpcLit::Int)
        }
    }

    /// `ident ~ ("," ~ ident)*`.
    fn names(&mut self) -> Option<Vec<Ident>> {
        let mut names = vec![self.ident()?];
        while self.at(b',') {
            self.punct(",")?;
            names.push(self.ident()?);
        }
        Some(names)
    }

    /// `key`: `ident ~ ("." ~ ident)*`, with no blanks.
    fn key(&mut self) -> Option<Ident> {
        if !self.at_ident() {
            return None;
        }
        let start = self.pos;
        let b = self.bytes;
        let mut i = start + self.word().len();
        while b.get(i) == Some(&b'.')
            && b.get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        {
            i += 1;
            while b.get(i).copied().is_some_and(ident_char) {
                i += 1;
            }
        }
        Some(self.take_name(start, i))
    }

    /// `type_expr`: `list<T>`, `map<K, T>` or a name.
    fn type_expr(&mut self) -> Option<TypeExpr> {
        self.skip();
        let word = self.word();
        if word == "list" || word == "map" {
            let mark = self.mark();
            let start = self.keyword(word)?;
            if self.at(b'<') {
                if self.types >= super::MAX_NESTING {
                    return None;
                }
                self.types += 1;
                self.punct("<")?;
                // The span ends with the last type, before the `>`: the
                // builder spans a pair to its last child (a literal is
                // none).
                let first = self.type_expr()?;
                let ty = if word == "list" {
                    let span = self.span(start);
                    self.punct(">")?;
                    TypeExpr::List(Box::new(first), span)
                } else {
                    self.punct(",")?;
                    let value = self.type_expr()?;
                    let span = self.span(start);
                    self.punct(">")?;
                    TypeExpr::Map(Box::new(first), Box::new(value), span)
                };
                self.types -= 1;
                return Some(ty);
            }
            // Not `list<`: the type named `list`.
            self.reset(mark);
        }
        self.ident().map(TypeExpr::Name)
    }

    /// `{ stmt* }`: the statements of a block, each read by `stmt` from
    /// its keyword (the word and its start) and spanned as pest spans the
    /// statement's pair; no spare capacity, as the pest builder leaves none.
    fn block<T>(
        &mut self,
        mut stmt: impl FnMut(&mut Self, usize, &'t str) -> Option<T>,
    ) -> Option<Vec<Spanned<T>>> {
        self.punct("{")?;
        let mut stmts = Vec::new();
        while !self.at(b'}') {
            let (start, word) = self.take_word();
            let node = stmt(self, start, word)?;
            stmts.push(Spanned {
                node,
                span: self.span(start),
            });
        }
        self.punct("}")?;
        stmts.shrink_to_fit();
        Some(stmts)
    }

    /// Whether the keyword `kw` follows; consumes it with its blanks if so
    /// (an optional flag at a statement's end: `optional`, `wire`).
    fn flag(&mut self, kw: &str) -> Option<Span> {
        let mark = self.mark();
        self.skip();
        match self.keyword(kw) {
            Some(start) => Some(self.span(start)),
            None => {
                self.reset(mark);
                None
            }
        }
    }

    /// `type name { field … }`, after `type` (at `start`).
    fn type_decl(&mut self, start: usize) -> Option<TypeDecl> {
        let name = self.ident()?;
        self.punct("{")?;
        let mut fields = Vec::new();
        while !self.at(b'}') {
            let field_start = self.take_keyword("field")?;
            let name = self.ident()?;
            self.punct(":")?;
            let ty = self.type_expr()?;
            let optional = self.flag("optional").is_some();
            fields.push(Spanned {
                node: TypeField { name, ty, optional },
                span: self.span(field_start),
            });
        }
        self.punct("}")?;
        Some(TypeDecl {
            name,
            fields,
            span: self.span(start),
        })
    }

    /// `group name ["title"] { … }`, after `group` (at `start`); a
    /// subgroup (`top` false) holds no groups.
    fn group(&mut self, start: usize, top: bool) -> Option<Group> {
        let name = self.ident()?;
        let title = self.opt_string()?;
        let stmts = self.block(|p, start, word| {
            Some(match word {
                "error" | "success" => GroupStmt::Entry(p.entry(start, word)?),
                "range" => {
                    let from = p.int()?;
                    p.punct("..")?;
                    GroupStmt::Range(from, p.int()?)
                }
                "prefix" => GroupStmt::Prefix(p.string()?),
                "allow" => GroupStmt::Allow(p.rule_ref()?),
                "group" if top => GroupStmt::Group(p.group(start, false)?),
                "reserved" => GroupStmt::Reserved(p.reserved(start)?),
                _ => GroupStmt::Prop(p.prop(word)?),
            })
        })?;
        Some(Group {
            name,
            title,
            stmts,
            span: self.span(start),
        })
    }

    /// `rule_ref`: a letter, then letters, digits and `-`.
    fn rule_ref(&mut self) -> Option<Ident> {
        self.skip();
        let b = self.bytes;
        let start = self.pos;
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut i = start + 1;
        while b
            .get(i)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-')
        {
            i += 1;
        }
        if b.get(i) == Some(&b'_') {
            return None;
        }
        Some(self.take_name(start, i))
    }

    /// `reserved (from..to | code | "code") ["why"]`, after `reserved` (at
    /// `start`).
    fn reserved(&mut self, start: usize) -> Option<Reserved> {
        let target = if self.at_string() {
            ReservedTarget::Str(self.string()?)
        } else {
            let from = self.int()?;
            let mark = self.mark();
            self.skip();
            if self.text[self.pos..].starts_with("..") {
                self.punct("..")?;
                ReservedTarget::Range(from, self.int()?)
            } else {
                self.reset(mark);
                ReservedTarget::Int(from)
            }
        };
        let reason = self.opt_string()?;
        Some(Reserved {
            target,
            reason,
            span: self.span(start),
        })
    }

    /// `error|success [name =] code { … }`, after `kind` (at `start`).
    fn entry(&mut self, start: usize, kind: &str) -> Option<Entry> {
        let kind = if kind == "success" {
            EntryKind::Success
        } else {
            EntryKind::Error
        };
        let mut name = None;
        if self.at_ident() {
            let mark = self.mark();
            let ident = self.ident()?;
            if self.at(b'=') {
                self.punct("=")?;
                name = Some(ident);
            } else {
                self.reset(mark);
            }
        }
        let code = self.code()?;
        let head = self.span(start);
        let stmts = self.block(|p, _, word| {
            Some(match word {
                "message" => EntryStmt::Message(p.text()?),
                "param" => EntryStmt::Param(p.param()?),
                "replaced_by" => EntryStmt::ReplacedBy(p.ident()?),
                "alias" => {
                    let code = p.code()?;
                    let reason = p.opt_string()?;
                    EntryStmt::Alias(Alias { code, reason })
                }
                "upstream" => EntryStmt::Upstream(p.upstream()?),
                _ => EntryStmt::Prop(p.prop(word)?),
            })
        })?;
        Some(Entry {
            kind,
            name,
            code,
            stmts,
            span: self.span(start),
            head,
        })
    }

    /// `(name | index [as name]): type [wire]` after `param`.
    fn param(&mut self) -> Option<Param> {
        let mut index = None;
        let mut name = None;
        if self.at_ident() {
            name = Some(self.ident()?);
        } else {
            index = Some(self.int()?);
            let mark = self.mark();
            if self.take_keyword("as").is_some() && self.at_ident() {
                name = Some(self.ident()?);
            } else {
                self.reset(mark);
            }
        }
        self.punct(":")?;
        let ty = self.type_expr()?;
        let wire = self.flag("wire");
        Some(Param {
            index,
            name,
            ty,
            wire,
        })
    }

    /// A statement an entry or a group may hold (`shared_stmt`), after its
    /// keyword `word`.
    fn prop(&mut self, word: &str) -> Option<Prop> {
        Some(match word {
            "http" => Prop::Http(self.int()?),
            "remedy" => Prop::Remedy(self.text()?),
            "retryable" => {
                self.skip();
                match self.word() {
                    w @ ("true" | "false") => {
                        let start = self.keyword(w)?;
                        Prop::Retryable(Some((w == "true", self.span(start))))
                    }
                    _ => Prop::Retryable(None),
                }
            }
            "description" => Prop::Description(self.text()?),
            "cause" => Prop::Cause(self.text()?),
            "grpc" => Prop::Grpc(self.grpc()?),
            "stage" => Prop::Stage(self.ident()?),
            "deprecated" => Prop::Deprecated(self.opt_string()?),
            "docs" => Prop::Docs(self.string()?),
            "meta" => {
                let key = self.key()?;
                Prop::Meta(key, self.value()?)
            }
            "envelopes" => Prop::Envelopes(self.names()?),
            _ => return None,
        })
    }

    /// `[system] { http … grpc … match … contains … }` after `upstream`.
    fn upstream(&mut self) -> Option<Upstream> {
        let name = if self.at_ident() {
            Some(self.ident()?)
        } else {
            None
        };
        let stmts = self.block(|p, _, word| {
            Some(match word {
                "http" => UpstreamStmt::Http(p.int()?),
                "grpc" => UpstreamStmt::Grpc(p.grpc()?),
                "match" | "contains" => {
                    // `field_ref`: an ident, but never the `r` of `r"…"`.
                    let field = if p.at_ident() && !p.text[p.pos..].starts_with("r\"") {
                        Some(p.ident()?)
                    } else {
                        None
                    };
                    let text = p.string()?;
                    if word == "match" {
                        UpstreamStmt::Match(field, text)
                    } else {
                        UpstreamStmt::Contains(field, text)
                    }
                }
                _ => return None,
            })
        })?;
        Some(Upstream { name, stmts })
    }
}
