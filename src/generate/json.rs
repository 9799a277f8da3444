//! JSON text as every target writes it: pretty-printed (or indented to a
//! depth, the rest of each value on one line), with the characters a
//! reader would not see escaped (the IR file, the OpenAPI document in both
//! its forms), written straight into the output.

#[cfg(any(feature = "ir", feature = "md"))]
use serde::Serialize;
#[cfg(any(feature = "ir", feature = "md"))]
use serde_json::ser::Formatter;
use std::io::{self, Write};

use super::skip_plain_ascii;
use crate::invisible::{is_invisible, visible_len_at, INVISIBLE_LEAD};

/// Every level indented: serde_json's pretty text, for [`write_json`].
#[cfg(any(feature = "ir", feature = "md"))]
pub(crate) const PRETTY: usize = usize::MAX;

/// Writes `value` into `out` as JSON with the characters of
/// [`is_invisible`] escaped, through a 32 KB buffer: the text is never held
/// whole, and `out` gets large writes rather than one per token. The
/// containers down to `indented` levels deep are laid out as serde_json's
/// pretty text (a member a line, two-space indent), every value inside
/// them on one line with no space: [`PRETTY`] for pretty text throughout;
/// 2 for a document's members and each element of an array member a line
/// each (the IR: half as long and half as slow to write as pretty text at
/// 100,000 entries, and a changed entry is one changed line). No final
/// newline. (For the `ir` and `md` targets alone: it is what brings serde
/// and serde_json into a build.)
#[cfg(any(feature = "ir", feature = "md"))]
pub(crate) fn write_json<T: Serialize + ?Sized>(
    out: &mut dyn io::Write,
    value: &T,
    indented: usize,
) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(super::WRITE_CHUNK, out);
    let formatter = Visible {
        indented,
        depth: 0,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    buffered.flush()
}

/// serde_json's pretty layout (as its `PrettyFormatter` writes it) for
/// the containers down to `indented` levels deep and its compact layout
/// inside them, with [`is_invisible`] characters in strings (and keys)
/// escaped.
#[cfg(any(feature = "ir", feature = "md"))]
struct Visible {
    /// How many levels of containers are laid out a member a line.
    indented: usize,
    /// How many containers are open.
    depth: usize,
    /// Whether the innermost open container has had a value (an empty one
    /// closes on its own line).
    has_value: bool,
}

#[cfg(any(feature = "ir", feature = "md"))]
impl Visible {
    /// A member of the innermost open container begins: after its comma,
    /// a new line and the indent if that container is indented.
    fn begin_member<W: ?Sized + io::Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        if self.depth <= self.indented {
            self.new_line(out, self.depth)?;
        }
        Ok(())
    }

    /// The innermost open container ends with `close`: on a line of its
    /// own if it was indented and not empty.
    fn end_container<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        close: &[u8],
    ) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value && self.depth < self.indented {
            self.new_line(out, self.depth)?;
        }
        out.write_all(close)
    }

    fn new_line<W: ?Sized + io::Write>(&self, out: &mut W, depth: usize) -> io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        out.write_all(b"\n")?;
        let mut indent = 2 * depth;
        while indent > 0 {
            let step = indent.min(SPACES.len());
            out.write_all(&SPACES[..step])?;
            indent -= step;
        }
        Ok(())
    }
}

#[cfg(any(feature = "ir", feature = "md"))]
impl Formatter for Visible {
    /// The text between serde_json's own escapes (which take every C0
    /// control, `"` and `\`, so only the invisible characters are left).
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        escape_json(fragment, |piece| out.write_all(piece.as_bytes()))
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.end_container(out, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_member(out, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.end_container(out, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.begin_member(out, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(if self.depth <= self.indented {
            b": "
        } else {
            b":"
        })
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `text` as the inside of a JSON string literal through `emit`:
/// serde_json's escapes for `"`, `\` and the C0 controls, and `\uXXXX` for
/// every [`is_invisible`] character; runs that need no escape go out
/// in one piece. The one JSON string escaper: OpenAPI's scalars and the
/// strings of the streamed IR both go through it.
pub(crate) fn escape_json<E>(
    text: &str,
    mut emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut escape = [0u8; 6];
    loop {
        i = skip_plain_ascii(bytes, i, b"\"\\");
        let Some(j) = bytes[i..].iter().position(|&b| MAY_ESCAPE[usize::from(b)]) else {
            break;
        };
        i += j;
        let b = bytes[i];
        if b < 0x80 {
            emit(&text[start..i])?;
            emit(match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x0c => "\\f",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                _ => unicode_escape(u32::from(b), &mut escape),
            })?;
            i += 1;
            start = i;
        } else if let Some(len) = visible_len_at(bytes, i) {
            i += len;
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("i is at a character boundary");
            let len = c.len_utf8();
            if is_invisible(c) {
                emit(&text[start..i])?;
                emit(unicode_escape(u32::from(c), &mut escape))?;
                start = i + len;
            }
            i += len;
        }
    }
    emit(&text[start..])
}

/// `\uXXXX` (lowercase hex) for a character of the Basic Multilingual
/// Plane, written into `buffer`.
fn unicode_escape(c: u32, buffer: &mut [u8; 6]) -> &str {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    *buffer = [
        b'\\',
        b'u',
        HEX[(c >> 12 & 0xf) as usize],
        HEX[(c >> 8 & 0xf) as usize],
        HEX[(c >> 4 & 0xf) as usize],
        HEX[(c & 0xf) as usize],
    ];
    std::str::from_utf8(buffer).expect("ASCII")
}

/// The bytes [`escape_json`] stops at: ASCII controls, `"`, `\`, and the
/// bytes that begin a character [`is_invisible`] escapes
/// ([`INVISIBLE_LEAD`]: `DEL`, and lead bytes such as `E2` for U+200B to
/// U+2069). No byte that continues a character is among them, so every
/// other byte (most of any text, CJK included) is copied as it is.
static MAY_ESCAPE: [bool; 256] = {
    let mut table = INVISIBLE_LEAD;
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// What [`write_json`] with [`PRETTY`] is specified as, for the tests: serde_json's
/// pretty text with every [`is_invisible`] character then escaped
/// (outside string literals JSON text has none).
#[cfg(test)]
pub(crate) fn escape_invisible(json: String) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// [`write_json`] with [`PRETTY`] into a string: a small document (the Markdown
/// page's envelope example).
#[cfg(any(feature = "ir", feature = "md"))]
pub(crate) fn to_json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    write_json(&mut out, value, PRETTY).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

#[cfg(all(test, any(feature = "ir", feature = "md")))]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_inside_strings_and_round_trips() {
        let text = "a\u{7f}b\u{200f}c\u{2028}d👩\u{200d}💻\t";
        let json = to_json_pretty(&vec![text]);
        assert_eq!(json, "[\n  \"a\\u007fb\\u200fc\\u2028d👩\u{200d}💻\\t\"\n]");
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, [text]);
    }

    #[test]
    #[cfg(feature = "ir")]
    fn indents_to_the_depth_asked_and_writes_the_rest_on_one_line() {
        let value = serde_json::json!({
            "v": 1,
            "empty": [],
            "name": { "a": "x", "b": {} },
            "entries": [{ "k": [1, { "m": null }], "e": [] }, [], 2],
        });
        let lines = |indented| {
            let mut out = Vec::new();
            write_json(&mut out, &value, indented).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            lines(2),
            // (serde_json's map keeps its keys sorted)
            "{\n  \"empty\": [],\n  \"entries\": [\n    {\"e\":[],\"k\":[1,{\"m\":null}]},\n    [],\n    2\n  ],\n  \"name\": {\n    \"a\": \"x\",\n    \"b\": {}\n  },\n  \"v\": 1\n}"
        );
        assert_eq!(lines(0), serde_json::to_string(&value).unwrap());
        for indented in [5, 6, PRETTY] {
            assert_eq!(
                lines(indented),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
        for indented in 0..4 {
            let back: serde_json::Value = serde_json::from_str(&lines(indented)).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn streams_as_the_escaped_text_on_every_character() {
        // Every character, in runs that mix each with plain text, as a value
        // and as a key, in nested containers.
        let chars: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).collect();
        for run in chars.chunks(4096) {
            let text: String = run.iter().flat_map(|&c| [c, 'a']).collect();
            let value = serde_json::json!({ "k": [text.clone(), { &text: 1 }], &text: null });
            let expected = escape_invisible(serde_json::to_string_pretty(&value).unwrap());
            assert_eq!(to_json_pretty(&value), expected);
        }
        // Each ASCII character at each place of a plain run, which is
        // skipped a word at a time.
        for c in (0u8..0x80).map(char::from) {
            for at in 0..20 {
                let mut text: String = "abcdefghijklmnopqrst".into();
                text.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                let expected = escape_invisible(serde_json::to_string_pretty(&text).unwrap());
                assert_eq!(to_json_pretty(&text), expected);
            }
        }
    }
}
