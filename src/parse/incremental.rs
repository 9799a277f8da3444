//! Parsing an edited text again from the tree of the text before the edit,
//! for the language server: the top-level items before the changed bytes
//! are kept, those after it are kept with their spans moved, and only the
//! items in between are parsed (pest parses `file_next` from an item's start
//! with the text after it alone, so an item parsed at the same text gives
//! the same tree). On a 10,000-entry catalog an edit costs the parse of an
//! item or two instead of 3 MB.
//!
//! The result is always what [`super::parse`] gives for the new text: when
//! the edit touches the header, or the items parsed again do not end where
//! a kept item starts, or anything fails to parse, the whole text is parsed.

use super::ast::*;
use super::{next_item, Front};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// The tree of `text`, reusing `old`, the tree of `old_text`; at a syntax
/// error, the error and `old` as it was (to reuse at the next edit).
#[allow(clippy::result_large_err)] // the same error as `parse`
pub(crate) fn reparse(
    file: FileId,
    old: File,
    old_text: &str,
    text: &str,
) -> Result<File, (Diagnostic, File)> {
    match splice(file, old, old_text, text) {
        Ok(tree) => Ok(tree),
        Err(old) => super::parse(file, text).map_err(|error| (error, old)),
    }
}

/// [`reparse`] without the fallback: `Err` with `old` unchanged where the
/// whole text must be parsed.
#[allow(clippy::result_large_err)] // `old` given back whole
fn splice(file: FileId, old: File, old_text: &str, text: &str) -> Result<File, File> {
    if old.file != file {
        return Err(old);
    }
    let prefix = old_text
        .bytes()
        .zip(text.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let most = old_text.len().min(text.len()) - prefix;
    let suffix = old_text
        .bytes()
        .rev()
        .zip(text.bytes().rev())
        .take(most)
        .take_while(|(a, b)| a == b)
        .count();
    let delta = text.len() as isize - old_text.len() as isize;
    // The bytes `prefix..old_text.len() - suffix` of the old text changed.
    if old.catalog.span.end >= prefix {
        return Err(old);
    }
    let File {
        catalog,
        items,
        comments,
        ..
    } = old;
    // Kept before: the items that end before the change, but the last of
    // them (a `reserved` statement ends at its last token, so a change right
    // after it may extend it).
    let before = items
        .iter()
        .take_while(|item| item.span().end < prefix)
        .count()
        .saturating_sub(1);
    let start = if before == 0 {
        catalog.span.end
    } else {
        items[before - 1].span().end
    };
    // Kept after: the items that start in the unchanged end.
    let unchanged_from = old_text.len() - suffix;
    let after = items
        .iter()
        .position(|item| item.span().start >= unchanged_from && item.span().start > start)
        .unwrap_or(items.len());
    let target = (after < items.len()).then(|| shifted(items[after].span().start, delta));

    // Parse from `start` until an item starts at `target` (or the end).
    let parsed = (|| {
        let mut pos = start;
        let mut middle = Vec::new();
        let mut new_comments = Vec::new();
        loop {
            let (item, end) =
                next_item::<Vec<Item>>(file, text, pos, Front::Fast, &mut new_comments)?;
            let Some(item) = item else {
                if target.is_some() {
                    return None;
                }
                break;
            };
            let item_start = item.span().start;
            match target {
                Some(t) if item_start == t => break,
                Some(t) if item_start > t => return None,
                _ => {}
            }
            middle.push(item);
            pos = end;
        }
        Some((middle, new_comments))
    })();
    let Some((middle, new_comments)) = parsed else {
        return Err(File {
            file,
            catalog,
            items,
            comments,
        });
    };

    let mut kept = items;
    let mut tail = kept.split_off(after);
    kept.truncate(before);
    for item in &mut tail {
        item.shift(delta);
    }
    kept.extend(middle);
    kept.extend(tail);

    let mut all_comments: Vec<Comment> = comments
        .iter()
        .filter(|c| c.span.end <= start)
        .cloned()
        .collect();
    all_comments.extend(
        new_comments
            .into_iter()
            .filter(|c| target.is_none_or(|t| c.span.start < t)),
    );
    if let Some(t) = target {
        let old_target = (t as isize - delta) as usize;
        all_comments.extend(
            comments
                .into_iter()
                .filter(|c| c.span.start >= old_target)
                .map(|mut c| {
                    c.span.shift(delta);
                    c
                }),
        );
    }
    Ok(File {
        file,
        catalog,
        items: kept,
        comments: all_comments,
    })
}

fn shifted(offset: usize, by: isize) -> usize {
    (offset as isize + by) as usize
}

/// Moves every span of a node by a number of bytes.
trait Shift {
    fn shift(&mut self, by: isize);
}

impl Shift for Span {
    fn shift(&mut self, by: isize) {
        self.start = shifted(self.start, by);
        self.end = shifted(self.end, by);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: isize) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Spanned<T> {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
        self.node.shift(by);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: isize) {
        for x in self {
            x.shift(by);
        }
    }
}

impl Shift for Ident {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
    }
}

impl Shift for Str {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
    }
}

impl Shift for Int {
    fn shift(&mut self, by: isize) {
        self.span.shift(by);
    }
}

impl Shift for Value {
    fn shift(&mut self, by: isize) {
        match self {
            Value::Str(s) => s.shift(by),
            Value::Bool(_, span) => span.shift(by),
            Value::Int(i) => i.shift(by),
        }
    }
}

impl Shift for Text {
    fn shift(&mut self, by: isize) {
        self.locale.shift(by);
        self.text.shift(by);
    }
}

impl Shift for Item {
    fn shift(&mut self, by: isize) {
        match self {
            Item::Group(g) => g.shift(by),
            Item::Entry(e) => e.shift(by),
            Item::Reserved(r) => r.shift(by),
            Item::Type(t) => t.shift(by),
        }
    }
}

impl Shift for TypeDecl {
    fn shift(&mut self, by: isize) {
        self.name.shift(by);
        for field in &mut self.fields {
            field.span.shift(by);
            field.node.name.shift(by);
            field.node.ty.shift(by);
        }
        self.span.shift(by);
    }
}

impl Shift for TypeExpr {
    fn shift(&mut self, by: isize) {
        match self {
            TypeExpr::Name(name) => name.shift(by),
            TypeExpr::List(item, span) => {
                item.shift(by);
                span.shift(by);
            }
            TypeExpr::Map(key, value, span) => {
                key.shift(by);
                value.shift(by);
                span.shift(by);
            }
        }
    }
}

impl Shift for Group {
    fn shift(&mut self, by: isize) {
        self.name.shift(by);
        self.title.shift(by);
        self.stmts.shift(by);
        self.span.shift(by);
    }
}

impl Shift for GroupStmt {
    fn shift(&mut self, by: isize) {
        match self {
            GroupStmt::Range(a, b) => {
                a.shift(by);
                b.shift(by);
            }
            GroupStmt::Prefix(s) => s.shift(by),
            GroupStmt::Allow(i) => i.shift(by),
            GroupStmt::Prop(p) => p.shift(by),
            GroupStmt::Group(g) => g.shift(by),
            GroupStmt::Entry(e) => e.shift(by),
            GroupStmt::Reserved(r) => r.shift(by),
        }
    }
}

impl Shift for Reserved {
    fn shift(&mut self, by: isize) {
        match &mut self.target {
            ReservedTarget::Int(i) => i.shift(by),
            ReservedTarget::Range(a, b) => {
                a.shift(by);
                b.shift(by);
            }
            ReservedTarget::Str(s) => s.shift(by),
        }
        self.reason.shift(by);
        self.span.shift(by);
    }
}

impl Shift for Entry {
    fn shift(&mut self, by: isize) {
        self.name.shift(by);
        match &mut self.code {
            CodeLit::Int(i) => i.shift(by),
            CodeLit::Str(s) => s.shift(by),
        }
        self.stmts.shift(by);
        self.span.shift(by);
        self.head.shift(by);
    }
}

impl Shift for EntryStmt {
    fn shift(&mut self, by: isize) {
        match self {
            EntryStmt::Message(t) => t.shift(by),
            EntryStmt::Param(p) => {
                p.index.shift(by);
                p.name.shift(by);
                p.ty.shift(by);
                p.wire.shift(by);
            }
            EntryStmt::ReplacedBy(i) => i.shift(by),
            EntryStmt::Alias(a) => {
                match &mut a.code {
                    CodeLit::Int(i) => i.shift(by),
                    CodeLit::Str(s) => s.shift(by),
                }
                a.reason.shift(by);
            }
            EntryStmt::Prop(p) => p.shift(by),
            EntryStmt::Upstream(u) => {
                u.name.shift(by);
                u.stmts.shift(by);
            }
        }
    }
}

impl Shift for UpstreamStmt {
    fn shift(&mut self, by: isize) {
        match self {
            UpstreamStmt::Http(i) => i.shift(by),
            UpstreamStmt::Grpc(g) => g.shift(by),
            UpstreamStmt::Match(field, s) | UpstreamStmt::Contains(field, s) => {
                field.shift(by);
                s.shift(by);
            }
        }
    }
}

impl Shift for GrpcLit {
    fn shift(&mut self, by: isize) {
        match self {
            GrpcLit::Int(i) => i.shift(by),
            GrpcLit::Name(n) => n.shift(by),
        }
    }
}

impl Shift for Prop {
    fn shift(&mut self, by: isize) {
        match self {
            Prop::Description(t) | Prop::Cause(t) | Prop::Remedy(t) => t.shift(by),
            Prop::Http(i) => i.shift(by),
            Prop::Grpc(g) => g.shift(by),
            Prop::Retryable(r) => {
                if let Some((_, span)) = r {
                    span.shift(by);
                }
            }
            Prop::Stage(i) => i.shift(by),
            Prop::Deprecated(s) => s.shift(by),
            Prop::Docs(s) => s.shift(by),
            Prop::Meta(k, v) => {
                k.shift(by);
                v.shift(by);
            }
            Prop::Envelopes(names) => names.shift(by),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edit that nests a type 100,000 deep is the syntax error a parse
    /// gives, not a stack overflow in the items parsed again.
    #[test]
    fn a_deep_edit_is_an_error() {
        let text = "catalog c { locales en }\nerror e = \"E\" {\n  param x: string\n}\n";
        let file = FileId(0);
        let old = super::super::parse(file, text).expect("parses");
        let deep = text.replace(
            "string",
            &format!("{}string{}", "list<".repeat(100_000), ">".repeat(100_000)),
        );
        let (error, _) = reparse(file, old, text, &deep).expect_err("too deep");
        assert_eq!(
            Some(error.message),
            super::super::parse(file, &deep).err().map(|d| d.message)
        );
    }

    /// Every edit of every example catalog and test fixture, at many
    /// places: inserting, deleting and replacing text, also text that
    /// breaks the syntax or moves item boundaries; the tree is always the
    /// one a whole parse of the new text gives (or the same syntax error).
    /// The fixtures hold what the examples do not (`replaced_by`, nested
    /// groups, hostile text), so that a span the shift of kept items
    /// forgets is found.
    #[test]
    fn a_reparse_is_a_parse() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in [
            "examples",
            "tests/fixtures/syntax",
            "tests/fixtures/codegen",
            "tests/fixtures/rules",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "errors") {
                    texts.push(std::fs::read_to_string(path).unwrap_or_default());
                }
            }
        }
        let edits: &[(&str, &str)] = &[
            ("", "x"),
            ("", "\n"),
            ("", "}"),
            ("", " \"why\""),
            ("", "// note\n"),
            ("", "\nerror extra = \"EXTRA_1\" {\n  message en \"x\"\n}\n"),
            ("", "\nreserved 9"),
            ("del", ""),
        ];
        let file = FileId(0);
        let mut checked = 0;
        // (A fixture of a syntax error has no tree to start from.)
        let trees: Vec<_> = texts
            .iter()
            .filter_map(|text| Some((text, super::super::parse(file, text).ok()?)))
            .collect();
        // Every keyword of the grammar is in a text edited here, so that
        // every statement is among the items an edit moves.
        let grammar = include_str!("../../grammar/errgen.pest");
        let keywords = grammar
            .lines()
            .filter(|line| line.starts_with("kw_"))
            .filter_map(|line| line.split('"').nth(1));
        for keyword in keywords {
            let is_word = |text: &str| {
                text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .any(|word| word == keyword)
            };
            assert!(trees.iter().any(|(text, _)| is_word(text)), "{keyword}");
        }
        for (text, old) in trees {
            let step = (text.len() / 25).max(1);
            for at in (0..text.len()).step_by(step).chain([text.len()]) {
                if !text.is_char_boundary(at) {
                    continue;
                }
                for (kind, insert) in edits {
                    let mut new = text.clone();
                    if *kind == "del" {
                        let end = (at + 7).min(text.len());
                        if !text.is_char_boundary(end) {
                            continue;
                        }
                        new.replace_range(at..end, "");
                    } else {
                        new.insert_str(at, insert);
                    }
                    let expected = super::super::parse(file, &new);
                    let got = reparse(file, old.clone(), text, &new);
                    match (got, expected) {
                        (Ok(got), Ok(expected)) => {
                            assert_eq!(got, expected, "edit {kind:?} {insert:?} at {at}")
                        }
                        (Err((got, back)), Err(expected)) => {
                            assert_eq!(got, expected, "edit {kind:?} {insert:?} at {at}");
                            assert_eq!(back, old, "the old tree comes back unchanged");
                        }
                        (got, expected) => panic!("{got:?} but {expected:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// An edit inside one entry of a large catalog parses that entry only:
    /// the result is the whole parse's, and the items around it are reused.
    #[test]
    fn an_edit_in_the_middle_keeps_the_rest() {
        let mut text = String::from("catalog big {\n  locales en\n}\n");
        for i in 0..200 {
            text.push_str(&format!(
                "\nerror e{i} = \"B_{i}\" {{\n  message en \"Number {i}.\"\n}}\n"
            ));
        }
        let file = FileId(0);
        let old = super::super::parse(file, &text).unwrap();
        let new = text.replacen("Number 100.", "Number one hundred.", 1);
        let spliced = splice(file, old, &text, &new).expect("no whole parse needed");
        assert_eq!(spliced, super::super::parse(file, &new).unwrap());
    }
}
