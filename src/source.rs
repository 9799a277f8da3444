//! Source files and byte spans into them.
//!
//! Every diagnostic points at a [`Span`]; a [`SourceMap`] owns the text so that
//! line and column numbers can be computed when a diagnostic is rendered.

use std::path::PathBuf;

/// Identifies one file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A half-open byte range `start..end` in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// The file the span lies in.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start, end }
    }

    /// The smallest span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file, already decoded to UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as given, or `<stdin>`).
    pub name: String,
    /// The path it was read from, if any.
    pub path: Option<PathBuf>,
    /// The text, without a byte-order mark.
    pub text: String,
    /// Whether the file's bytes began with a UTF-8 byte-order mark, which
    /// `text` no longer holds (see [`SourceFile::file_offset`]).
    byte_order_mark: bool,
    /// Where each line starts, found the first time a diagnostic needs a
    /// line number (a clean run never does).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// How many characters come before every [`CHAR_STEP`]th byte (floored
    /// to a character boundary), so that a column costs at most a step of
    /// counting even on a line of megabytes; found with `line_starts`.
    char_marks: std::sync::OnceLock<Vec<usize>>,
}

/// The bytes between two entries of `SourceFile::char_marks`.
const CHAR_STEP: usize = 4096;

impl SourceFile {
    /// Wraps `text` (already decoded) under a display `name`.
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: String) -> SourceFile {
        SourceFile {
            name: name.into(),
            path,
            text,
            byte_order_mark: false,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
        }
    }

    /// Notes that the file's bytes began with a UTF-8 byte-order mark that
    /// decoding removed (see [`decode`]), so that [`SourceFile::file_offset`]
    /// counts it.
    pub fn after_byte_order_mark(mut self, removed: bool) -> SourceFile {
        self.byte_order_mark = removed;
        self
    }

    /// Whether the file's bytes began with a UTF-8 byte-order mark, which
    /// `text` does not hold: a rewrite of the file puts it back.
    pub fn has_byte_order_mark(&self) -> bool {
        self.byte_order_mark
    }

    /// The offset in the file's bytes of a byte offset into `text`: the
    /// same, plus the 3 bytes of a byte-order mark that decoding removed.
    /// What machine formats report (`--message-format json`, `sarif`), so
    /// that a tool can seek to it in the file.
    pub fn file_offset(&self, offset: usize) -> usize {
        offset.min(self.text.len())
            + if self.byte_order_mark {
                UTF8_BOM.len()
            } else {
                0
            }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts()[line];
        let column = self.chars_before(offset) - self.chars_before(start);
        (line + 1, column + 1)
    }

    /// Where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// The 0-based line of a byte offset.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The 1-based line of a byte offset, and the byte range of that line
    /// (without its `\n`).
    pub(crate) fn line_of(&self, offset: usize) -> (usize, std::ops::Range<usize>) {
        let line = self.line_index(offset.min(self.text.len()));
        let starts = self.line_starts();
        let end = starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        (line + 1, starts[line]..end)
    }

    /// How many characters the text holds before `offset` (floored to a
    /// character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let text = self.text.as_str();
        // Mark `k` counts the characters before `floor(k * CHAR_STEP)`.
        let mark = |k: usize| floor_char_boundary(text, k * CHAR_STEP);
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![0];
            for k in 1..=text.len() / CHAR_STEP {
                let count = text[mark(k - 1)..mark(k)].chars().count();
                marks.push(marks[k - 1] + count);
            }
            marks
        });
        let offset = floor_char_boundary(text, offset);
        let k = offset / CHAR_STEP;
        marks[k] + text[mark(k)..offset].chars().count()
    }
}

/// The largest char boundary not after `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The span of `range` (byte offsets into `value`) inside the literal at
/// `literal`: see [`Within`].
pub(crate) fn span_within(
    text: &str,
    literal: Span,
    value: &str,
    range: std::ops::Range<usize>,
) -> Span {
    Within::new(text, literal, value).span(range)
}

/// Spans inside one literal, found once: a range of the literal's value is
/// the span of the source text it was read from, escapes and a `"""`
/// string's indentation included (a range that starts or ends inside an
/// escape's character takes the whole escape); when the source does not
/// read as the value, it is the whole literal. (Comparing the value with the
/// source per span made a message with many placeholders quadratic.)
#[derive(Debug, Clone)]
pub(crate) struct Within {
    literal: Span,
    map: ValueMap,
}

/// How [`Within`] finds the source of a range of the value.
#[derive(Debug, Clone)]
enum ValueMap {
    /// The value is the source from `start`, byte for byte (the common case).
    Verbatim { start: usize, len: usize },
    /// The value read from parts ([`crate::parse::strings::Part`]): for
    /// each, where its text starts in the value and the source it is read
    /// from (absolute offsets), and whether it is that source as it is.
    Parts {
        parts: Box<[(usize, std::ops::Range<usize>, bool)]>,
        len: usize,
    },
    /// Neither: every range is the whole literal.
    Whole,
}

impl Within {
    pub(crate) fn new(text: &str, literal: Span, value: &str) -> Within {
        use crate::parse::strings::{plain_parts, triple_parts, Part};
        let whole = Within {
            literal,
            map: ValueMap::Whole,
        };
        let Some(source) = text.get(literal.start..literal.end) else {
            return whole;
        };
        let (open, close) = if source.starts_with("\"\"\"") {
            (3, 3)
        } else if source.starts_with("r\"") {
            (2, 1)
        } else if source.starts_with('"') {
            (1, 1)
        } else {
            (0, 0)
        };
        let Some(body) = source.get(open..source.len().saturating_sub(close)) else {
            return whole;
        };
        let body_start = literal.start + open;
        if body == value && open != 3 {
            return Within {
                literal,
                map: ValueMap::Verbatim {
                    start: body_start,
                    len: value.len(),
                },
            };
        }
        let parts: Vec<Part> = match open {
            1 => plain_parts(body).collect(),
            3 => triple_parts(body),
            _ => return whole,
        };
        // The value the parts read, compared with `value` as it is built.
        let mut at = 0;
        let mut mapped = Vec::with_capacity(parts.len());
        for part in parts {
            let mut buf = [0; 4];
            let read = match part.char {
                Some(c) => &*c.encode_utf8(&mut buf),
                None => &body[part.source.clone()],
            };
            if value.get(at..at + read.len()) != Some(read) {
                return whole;
            }
            let source = body_start + part.source.start..body_start + part.source.end;
            mapped.push((at, source, part.char.is_none()));
            at += read.len();
        }
        if at != value.len() {
            return whole;
        }
        Within {
            literal,
            map: ValueMap::Parts {
                parts: mapped.into(),
                len: value.len(),
            },
        }
    }

    /// The span of `range`, byte offsets into the value.
    pub(crate) fn span(&self, range: std::ops::Range<usize>) -> Span {
        let file = self.literal.file;
        match &self.map {
            ValueMap::Verbatim { start, len } if range.start <= range.end && range.end <= *len => {
                Span::new(file, start + range.start, start + range.end)
            }
            ValueMap::Parts { parts, len } if range.start <= range.end && range.end <= *len => {
                let start = Self::offset(parts, range.start, false, self.literal.end);
                let end = if range.is_empty() {
                    start
                } else {
                    Self::offset(parts, range.end, true, self.literal.end)
                };
                Span::new(file, start, end.max(start))
            }
            _ => self.literal,
        }
    }

    /// Where value offset `at` is in the source: inside a verbatim part, the
    /// same place; at an escape's character, the escape's start (or, for
    /// the end of a range, its end). `last` is where the value's end maps
    /// when no part holds it.
    fn offset(
        parts: &[(usize, std::ops::Range<usize>, bool)],
        at: usize,
        end: bool,
        last: usize,
    ) -> usize {
        // The part that holds `at`: for a range's end, the part whose text
        // ends at or after it (the one before a part that starts at `at`).
        let index =
            parts.partition_point(|(start, _, _)| if end { *start < at } else { *start <= at });
        let Some((start, source, verbatim)) = index.checked_sub(1).map(|i| &parts[i]) else {
            return parts.first().map_or(last, |(_, source, _)| source.start);
        };
        if *verbatim {
            (source.start + (at - start)).min(source.end)
        } else if end {
            source.end
        } else {
            source.start
        }
    }
}

/// All source files of one run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// Puts `file` in the place of the file with this id.
    pub(crate) fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id.0 as usize] = file;
    }

    /// Makes `text` the text of the file with this id, in the buffer of
    /// the text it had (the language server's, which keeps its map).
    #[cfg(feature = "lsp")]
    pub(crate) fn set_text(&mut self, id: FileId, text: &str) {
        let file = &mut self.files[id.0 as usize];
        file.text.clear();
        file.text.push_str(text);
        file.line_starts = std::sync::OnceLock::new();
        file.char_marks = std::sync::OnceLock::new();
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Where a span starts: the file's display name, line and column (1-based).
    pub fn location(&self, span: Span) -> (&str, usize, usize) {
        let file = self.get(span.file);
        let (line, column) = file.line_col(span.start);
        (&file.name, line, column)
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = &self.get(span.file).text;
        &text[floor_char_boundary(text, span.start)..floor_char_boundary(text, span.end)]
    }

    /// Every file, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// Why bytes could not be read as a catalog's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes start with a UTF-16 byte-order mark.
    Utf16 {
        /// Whether the mark is big-endian.
        big_endian: bool,
    },
    /// The bytes are not valid UTF-8; `offset` is the first bad byte.
    NotUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
}

/// The UTF-8 encoding of U+FEFF, which a file may begin with.
pub(crate) const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Decodes a catalog's bytes: UTF-8, with an optional byte-order mark removed.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    decode_owned(bytes.to_vec()).map_err(|(error, _)| error)
}

/// [`decode`], taking the bytes: valid text stays where it was read (only a
/// byte-order mark is moved out) and is validated once; with an error come
/// the bytes back, without their byte-order mark.
pub(crate) fn decode_owned(mut bytes: Vec<u8>) -> Result<String, (DecodeError, Vec<u8>)> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Err((DecodeError::Utf16 { big_endian: false }, bytes));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((DecodeError::Utf16 { big_endian: true }, bytes));
    }
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    // UTF-16 without a mark: in mostly-ASCII text every other byte is NUL.
    let head = &bytes[..bytes.len().min(64)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    if head.len() >= 4 && nuls * 3 >= head.len() {
        let big_endian = bytes[0] == 0;
        return Err((DecodeError::Utf16 { big_endian }, bytes));
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        (DecodeError::NotUtf8 { offset }, e.into_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source text a range of a literal's value is given as: `text`
    /// holds the literal (from its first quote to the end); `value` is what
    /// it reads as.
    fn spanned<'t>(text: &'t str, value: &str, range: std::ops::Range<usize>) -> &'t str {
        let literal = Span::new(FileId(0), 0, text.len());
        let span = Within::new(text, literal, value).span(range);
        &text[span.start..span.end]
    }

    #[test]
    fn spans_inside_a_literal_with_escapes() {
        let text = r#""say \"hi\" to {name}\n\u{1F600} now""#;
        let value = "say \"hi\" to {name}\n\u{1F600} now";
        let at = |part: &str| {
            let start = value.find(part).unwrap();
            start..start + part.len()
        };
        // Text after escapes is found where it is written.
        assert_eq!(spanned(text, value, at("{name}")), "{name}");
        assert_eq!(spanned(text, value, at("now")), "now");
        // A range over escaped characters takes their escapes whole.
        assert_eq!(spanned(text, value, at("\"hi\"")), r#"\"hi\""#);
        assert_eq!(spanned(text, value, at("\u{1F600}")), r"\u{1F600}");
        assert_eq!(spanned(text, value, at("}\n")), r"}\n");
        // An empty range and the whole value.
        assert_eq!(spanned(text, value, 4..4), "");
        assert_eq!(
            spanned(text, value, 0..value.len()),
            &text[1..text.len() - 1]
        );
        // A range past the value, or a value the source does not read as:
        // the whole literal.
        assert_eq!(spanned(text, value, 0..value.len() + 1), text);
        assert_eq!(spanned(text, "other", 0..2), text);
    }

    /// Every range of a value written as a plain literal (escapes included)
    /// is given as exactly the source that reads as that part of the value.
    #[test]
    fn every_range_of_an_escaped_literal_reads_back() {
        for value in ["a\"b\\c\nd😀e{x}\t\u{200b}f\0", "\"\"", "plain", ""] {
            let text = crate::parse::encode_plain(value);
            let bounds: Vec<usize> = value
                .char_indices()
                .map(|(i, _)| i)
                .chain([value.len()])
                .collect();
            for (k, &start) in bounds.iter().enumerate() {
                for &end in &bounds[k..] {
                    let source = spanned(&text, value, start..end);
                    assert_eq!(
                        crate::parse::strings::unescape(source),
                        &value[start..end],
                        "{text} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn spans_inside_a_triple_quoted_literal() {
        for newline in ["\n", "\r\n"] {
            let text = format!(
                "\"\"\"{newline}    one {{a}}{newline}      two{newline}{newline}    three{newline}    \"\"\""
            );
            let value = "one {a}\n  two\n\nthree";
            let at = |part: &str| {
                let start = value.find(part).unwrap();
                start..start + part.len()
            };
            assert_eq!(spanned(&text, value, at("{a}")), "{a}");
            assert_eq!(spanned(&text, value, at("two")), "two");
            assert_eq!(spanned(&text, value, at("  two")), "  two");
            assert_eq!(spanned(&text, value, at("three")), "three");
            // Across lines: from the first line's text to the next one's.
            let across = spanned(&text, value, at("{a}\n  two"));
            assert!(
                across.starts_with("{a}") && across.ends_with("two"),
                "{across:?}"
            );
        }
    }

    #[test]
    fn spans_inside_verbatim_and_raw_literals() {
        assert_eq!(spanned(r#""plain {x}""#, "plain {x}", 6..9), "{x}");
        assert_eq!(spanned(r#"r"a\d+ (?<n>x)""#, r"a\d+ (?<n>x)", 1..3), r"\d");
        assert_eq!(spanned("1234", "1234", 1..3), "23");
    }

    /// Columns on a line longer than the steps of `char_marks`, with
    /// characters straddling the step boundaries.
    #[test]
    fn line_col_on_long_lines() {
        let text = format!(
            "ab\n{}x\n{}",
            "错".repeat(3 * CHAR_STEP),
            "é".repeat(CHAR_STEP)
        );
        let f = SourceFile::new("t", None, text.clone());
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let start = text[..floor_char_boundary(&text, offset)]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line = text[..start].matches('\n').count() + 1;
            let column = text[start..floor_char_boundary(&text, offset)]
                .chars()
                .count()
                + 1;
            assert_eq!(f.line_col(offset), (line, column), "at {offset}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let f = SourceFile::new("t", None, "ab\n错误x\r\nz".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(9), (2, 3));
        assert_eq!(f.line_col(12), (3, 1));
    }

    #[test]
    fn decode_handles_boms() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert!(matches!(
            decode(b"\xFF\xFEa\0b\0"),
            Err(DecodeError::Utf16 { big_endian: false })
        ));
        assert!(matches!(
            decode(b"a\0b\0c\0d\0"),
            Err(DecodeError::Utf16 { .. })
        ));
        assert!(matches!(
            decode(b"ab\xC3"),
            Err(DecodeError::NotUtf8 { offset: 2 })
        ));
    }

    /// The offset of a bad byte counts from after the byte-order mark, and
    /// the bytes given back (to show) start there too.
    #[test]
    fn decode_owned_gives_back_the_text_the_offset_is_in() {
        let (error, bytes) = decode_owned(b"\xEF\xBB\xBFab\xC3".to_vec()).unwrap_err();
        assert!(matches!(error, DecodeError::NotUtf8 { offset: 2 }));
        assert_eq!(bytes, b"ab\xC3");
        assert_eq!(decode_owned(b"abc".to_vec()).unwrap(), "abc");
    }
}
