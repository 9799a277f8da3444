//! Byte offsets ↔ LSP positions.
//!
//! errgen's spans are byte offsets into a file's text (after a byte-order
//! mark, which decoding removes); the protocol counts a position as a line
//! and a column in UTF-16 code units (the default `positionEncoding`, the only
//! one every client speaks). A [`LineIndex`] is built once per version of a
//! document and converts both ways.

use lsp_types::{Position, Range};

/// Where each line of a document starts, and what the document's text holds
/// before the text errgen analyzes (a byte-order mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineIndex {
    /// The byte offset each line starts at, in the document as the client
    /// sent it: after each `\n`, `\r\n` and lone `\r`, the line ends of
    /// the protocol.
    line_starts: Vec<usize>,
    /// The bytes before the analyzed text: 3 when the document starts with
    /// U+FEFF, else 0. The mark is a character of the document to the client
    /// (1 UTF-16 unit at line 0), but not of the text errgen's spans index.
    shift: usize,
}

impl LineIndex {
    /// Indexes `document`, the text as the client holds it.
    pub(crate) fn new(document: &str) -> LineIndex {
        let bytes = document.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            document
                .match_indices(['\n', '\r'])
                .map(|(i, _)| i + 1)
                .filter(|&p| starts_line(bytes, p)),
        );
        LineIndex {
            line_starts,
            shift: Self::bom(document),
        }
    }

    /// How many lines the document has.
    #[cfg(test)]
    pub(crate) fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The part of `document` (the text this index was built from) that
    /// errgen analyzes: without a leading byte-order mark.
    pub(crate) fn analyzed<'t>(&self, document: &'t str) -> &'t str {
        &document[self.shift..]
    }

    /// The position of `offset`, a byte offset into the analyzed text
    /// (floored to a character boundary, clamped to the end).
    pub(crate) fn position(&self, document: &str, offset: usize) -> Position {
        let offset = floor_boundary(document, offset + self.shift);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let character = utf16_len(&document[start..offset]);
        Position::new(line as u32, character as u32)
    }

    /// The range of a byte range into the analyzed text.
    pub(crate) fn range(&self, document: &str, start: usize, end: usize) -> Range {
        Range::new(
            self.position(document, start),
            self.position(document, end.max(start)),
        )
    }

    /// The byte offset into the analyzed text of a position: a column past
    /// the line's end is its end, a line past the last is the text's end,
    /// and a column inside a character (between the halves of a surrogate
    /// pair) is the character's start. A position inside the byte-order mark
    /// is offset 0.
    pub(crate) fn offset(&self, document: &str, position: Position) -> usize {
        self.document_offset(document, position)
            .saturating_sub(self.shift)
    }

    /// The byte offset into `document` itself (with a byte-order mark) of a
    /// position, clamped as [`offset`](Self::offset) clamps it: where an
    /// edit of the client's applies.
    pub(crate) fn document_offset(&self, document: &str, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return document.len();
        };
        // The line without its end (`\n`, `\r\n` or `\r`).
        let end = self
            .line_starts
            .get(position.line as usize + 1)
            .map_or(document.len(), |&next| {
                next - 1 - usize::from(document[..next].ends_with("\r\n") && next - 1 > start)
            });
        let mut units = 0;
        let mut at = end;
        for (i, c) in document[start..end].char_indices() {
            if units + c.len_utf16() > position.character as usize {
                at = start + i;
                break;
            }
            units += c.len_utf16();
        }
        at
    }

    /// Follows an edit of the document: the bytes `start..end` of the text
    /// this index was built from were replaced by `inserted`, giving
    /// `document`. Only the lines of the edit are looked at; the starts of
    /// those after it move by the change in length.
    pub(crate) fn replace(&mut self, document: &str, start: usize, end: usize, inserted: &str) {
        // Whether a line starts at `p` depends on the bytes before and at
        // `p` (a `\r` ends a line unless a `\n` follows): the starts from
        // `start` to one past the edit are found again, in the new text.
        let first = self.line_starts.partition_point(|&s| s < start.max(1));
        let last = self.line_starts.partition_point(|&s| s <= end + 1);
        let bytes = document.as_bytes();
        let until = (start + inserted.len() + 1).min(bytes.len());
        let added: Vec<usize> = (start.max(1)..=until)
            .filter(|&p| starts_line(bytes, p))
            .collect();
        let kept = first + added.len();
        self.line_starts.splice(first..last, added);
        for s in &mut self.line_starts[kept..] {
            *s = *s - end + start + inserted.len();
        }
        self.shift = Self::bom(document);
    }

    /// The bytes of a leading byte-order mark in `document`.
    fn bom(document: &str) -> usize {
        if document.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        }
    }
}

/// Whether a line of `bytes` starts at `p`: after a `\n`, or after a `\r`
/// that no `\n` follows.
fn starts_line(bytes: &[u8], p: usize) -> bool {
    match p.checked_sub(1).map(|i| bytes[i]) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(p) != Some(&b'\n'),
        _ => false,
    }
}

/// How many UTF-16 code units `text` takes.
fn utf16_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().map(char::len_utf16).sum()
    }
}

/// The largest character boundary of `text` not after `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    crate::source::floor_char_boundary(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns count UTF-16 units: a CJK character is one, an emoji outside
    /// the Basic Multilingual Plane two; both directions agree at every
    /// character boundary.
    #[test]
    fn columns_are_utf16_units() {
        let text = "ab\n租户 {0} 😀x\r\nz";
        let index = LineIndex::new(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(index.position(text, 0), Position::new(0, 0));
        assert_eq!(index.position(text, at("租")), Position::new(1, 0));
        assert_eq!(index.position(text, at("户")), Position::new(1, 1));
        assert_eq!(index.position(text, at("{")), Position::new(1, 3));
        assert_eq!(index.position(text, at("😀")), Position::new(1, 7));
        assert_eq!(index.position(text, at("x")), Position::new(1, 9));
        assert_eq!(index.position(text, at("\r")), Position::new(1, 10));
        assert_eq!(index.position(text, at("z")), Position::new(2, 0));
        assert_eq!(index.position(text, text.len()), Position::new(2, 1));
        for (offset, _) in text.char_indices() {
            // Between the `\r` and `\n` of a line end is no position.
            if text[..offset].ends_with('\r') {
                continue;
            }
            let position = index.position(text, offset);
            assert_eq!(index.offset(text, position), offset, "{position:?}");
        }
    }

    /// Positions a client may send that fall between characters or past
    /// the text are clamped, never a panic.
    #[test]
    fn odd_positions_are_clamped() {
        let text = "😀a\nb";
        let index = LineIndex::new(text);
        // Between the halves of the emoji's surrogate pair: its start.
        assert_eq!(index.offset(text, Position::new(0, 1)), 0);
        assert_eq!(index.offset(text, Position::new(0, 2)), 4);
        // Past the line's end: the end of the line (before `\n`).
        assert_eq!(index.offset(text, Position::new(0, 99)), 5);
        // Past the last line: the end of the text.
        assert_eq!(index.offset(text, Position::new(7, 0)), text.len());
        // An offset inside a character floors to its start.
        assert_eq!(index.position(text, 2), Position::new(0, 0));
    }

    /// An index moved along by edits is the index of the edited text: for
    /// edits that add, remove and replace line breaks anywhere, the
    /// byte-order mark included.
    #[test]
    fn an_edited_index_is_the_index_of_the_edited_text() {
        let pieces = [
            "", "a", "\n", "租户\n", "\r\n", "\r", "😀", "\u{FEFF}", "x\ry\n",
        ];
        let mut document = String::from("\u{FEFF}ab\n租户 {0}\r\n\nz😀\n");
        let mut index = LineIndex::new(&document);
        let mut random = crate::lsp::typing::Lcg(7);
        let mut next = |n: usize| random.below(n);
        for _ in 0..2000 {
            let bounds: Vec<usize> = (0..=document.len())
                .filter(|&i| document.is_char_boundary(i))
                .collect();
            let a = bounds[next(bounds.len())];
            let b = bounds[next(bounds.len())];
            let (start, end) = (a.min(b), a.max(b));
            let inserted = pieces[next(pieces.len())];
            document.replace_range(start..end, inserted);
            index.replace(&document, start, end, inserted);
            assert_eq!(index, LineIndex::new(&document), "{document:?}");
        }
    }

    /// Lines end at `\n`, `\r\n` and a lone `\r`, as the protocol counts
    /// them; a column past a line's end is the end, before `\r\n`.
    #[test]
    fn every_line_end_of_the_protocol_ends_a_line() {
        let text = "a\rb\r\nc\nd\r";
        let index = LineIndex::new(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(index.position(text, at("b")), Position::new(1, 0));
        assert_eq!(index.position(text, at("c")), Position::new(2, 0));
        assert_eq!(index.position(text, at("d")), Position::new(3, 0));
        assert_eq!(index.position(text, text.len()), Position::new(4, 0));
        assert_eq!(index.offset(text, Position::new(1, 9)), at("b") + 1);
        assert_eq!(index.offset(text, Position::new(0, 9)), at("a") + 1);
        assert_eq!(index.offset(text, Position::new(3, 9)), at("d") + 1);
    }

    /// A document that starts with a byte-order mark: errgen's offsets count
    /// from after it, the client's columns on line 0 count it as one unit.
    #[test]
    fn a_byte_order_mark_shifts_the_first_line() {
        let text = "\u{FEFF}错x\ny";
        let index = LineIndex::new(text);
        let analyzed = index.analyzed(text);
        assert_eq!(analyzed, "错x\ny");
        assert_eq!(index.position(text, 0), Position::new(0, 1));
        assert_eq!(index.position(text, 3), Position::new(0, 2));
        assert_eq!(index.position(text, 5), Position::new(1, 0));
        assert_eq!(index.offset(text, Position::new(0, 2)), 3);
        assert_eq!(index.offset(text, Position::new(1, 1)), 6);
        assert_eq!(index.offset(text, Position::new(0, 0)), 0);
    }
}
