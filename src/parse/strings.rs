//! Decoding and encoding of string literals.

use crate::invisible::is_invisible;

/// What the grammar accepts after a backslash in a plain string, for people.
pub(crate) const ESCAPES_HELP: &str = "the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\r` `\\0` and `\\u{…}` with 1 to 6 hex digits naming a Unicode scalar value (0 to 10FFFF, but not the surrogates D800 to DFFF); write the character itself, or `\\\\` for a backslash";

/// The first escape in a plain string that the grammar's `escape` rule
/// rejects, as its range in `rest` and what is wrong with it. `rest` starts
/// after the string's opening quote; the string ends at its closing quote
/// or at the end of the line.
pub(crate) fn invalid_escape(rest: &str) -> Option<(std::ops::Range<usize>, String)> {
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\n' | b'\r' => return None,
            b'\\' => {}
            _ => {
                i += 1;
                continue;
            }
        }
        let start = i;
        match bytes.get(i + 1) {
            Some(b'"' | b'\\' | b'n' | b't' | b'r' | b'0') => {
                i += 2;
                continue;
            }
            Some(b'u') => {}
            _ => {
                let len = rest[i + 1..].chars().next().map_or(0, char::len_utf8);
                let end = i + 1 + len;
                return Some((
                    start..end,
                    format!("`{}` is no such escape", &rest[start..end]),
                ));
            }
        }
        // `\u`: `{`, 1 to 6 hex digits, `}`, naming a scalar value.
        let digits = bytes[i + 2..]
            .iter()
            .skip(usize::from(bytes.get(i + 2) == Some(&b'{')))
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        let open = bytes.get(i + 2) == Some(&b'{');
        let close = i + 3 + digits;
        if !open || !(1..=6).contains(&digits) || bytes.get(close) != Some(&b'}') {
            let end = if open && bytes.get(close) == Some(&b'}') {
                close + 1
            } else {
                i + 2 + usize::from(open) + digits
            };
            return Some((
                start..end,
                "`\\u{…}` takes 1 to 6 hex digits in braces".to_owned(),
            ));
        }
        let value = u32::from_str_radix(&rest[i + 3..close], 16).expect("1 to 6 hex digits");
        let why = match value {
            0xD800..=0xDFFF => format!("U+{value:04X} is a surrogate, not a character"),
            0x110000.. => format!("U+{value:X} is past U+10FFFF, the last character"),
            _ => {
                i = close + 1;
                continue;
            }
        };
        return Some((start..close + 1, why));
    }
    None
}

/// One part of a string literal's body as its value reads it: the body's
/// bytes at `source` (offsets into the body) stand for themselves or for
/// one character (an escape, a line break). Bytes no part covers stand for
/// nothing (a `"""` string's indentation and its first and last line
/// breaks). The one reading of a body: the decoders join the parts, and
/// `source::Within` maps a range of the value back to the source through
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) source: std::ops::Range<usize>,
    /// `None`: the source bytes themselves.
    pub(crate) char: Option<char>,
}

/// The parts of a plain string body, in order: runs without escapes, and
/// each escape with the character it names. The grammar has already
/// checked that every escape is well formed and names a character.
pub(crate) fn plain_parts(body: &str) -> impl Iterator<Item = Part> + '_ {
    let bytes = body.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i;
        if start >= bytes.len() {
            return None;
        }
        if bytes[start] != b'\\' {
            i = next_backslash(bytes, start);
            return Some(Part {
                source: start..i,
                char: None,
            });
        }
        let (len, c) = match bytes.get(start + 1) {
            Some(b'n') => (2, '\n'),
            Some(b't') => (2, '\t'),
            Some(b'r') => (2, '\r'),
            Some(b'0') => (2, '\0'),
            Some(b'u') => {
                // `\u{…}`: the hex digits between the braces.
                let close = body[start..].find('}').map_or(bytes.len(), |c| start + c);
                let hex = body.get(start + 3..close).unwrap_or("");
                let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                (close + 1 - start, c.unwrap_or(char::REPLACEMENT_CHARACTER))
            }
            // `\"` and `\\` (and, were the grammar to let one through, any
            // other character as itself).
            Some(_) => {
                let c = body[start + 1..]
                    .chars()
                    .next()
                    .expect("a character follows");
                (1 + c.len_utf8(), c)
            }
            None => (1, '\\'),
        };
        i = (start + len).min(bytes.len());
        Some(Part {
            source: start..i,
            char: Some(c),
        })
    })
}

/// Where the next backslash at or after `from` is, or the end.
fn next_backslash(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\\')
        .map_or(bytes.len(), |p| from + p)
}

/// Decodes the escapes of a plain string body (see [`plain_parts`]).
pub(crate) fn unescape(body: &str) -> String {
    if !body.contains('\\') {
        return body.to_owned();
    }
    read(body, plain_parts(body))
}

/// The value `parts` of `body` read as.
fn read(body: &str, parts: impl IntoIterator<Item = Part>) -> String {
    let mut out = String::with_capacity(body.len());
    for part in parts {
        match part.char {
            Some(c) => out.push(c),
            None => out.push_str(&body[part.source]),
        }
    }
    out
}

/// The parts of the body of a `"""` string: its lines without the
/// indentation common to all non-blank lines, and the line breaks between
/// them (`\r\n`, `\n` or a lone `\r`, each read as `\n`); the line break after the
/// opening quotes and the blank last line before the closing quotes are
/// left out, and a blank line reads as empty.
pub(crate) fn triple_parts(body: &str) -> Vec<Part> {
    // The length of the line break at `at`, if one is there.
    let break_at = |at: usize| match &body.as_bytes()[at..] {
        [b'\r', b'\n', ..] => 2,
        [b'\r' | b'\n', ..] => 1,
        _ => 0,
    };
    let first = break_at(0);
    // Each line's range, without its line break, and the break's range.
    let mut lines: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut start = first;
    loop {
        match body[start..].find(['\n', '\r']) {
            Some(n) => {
                let end = start + n;
                let next = end + break_at(end);
                lines.push((start..end, end..next));
                start = next;
            }
            None => {
                lines.push((start..body.len(), body.len()..body.len()));
                break;
            }
        }
    }
    let blank = |range: &std::ops::Range<usize>| body[range.clone()].trim().is_empty();
    if lines.len() > 1 && lines.last().is_some_and(|(line, _)| blank(line)) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|(line, _)| !blank(line))
        .map(|(line, _)| {
            let text = &body[line.clone()];
            text.len() - text.trim_start_matches([' ', '\t']).len()
        })
        .min()
        .unwrap_or(0);
    let mut parts = Vec::with_capacity(lines.len() * 2);
    let count = lines.len();
    for (k, (line, newline)) in lines.into_iter().enumerate() {
        if !blank(&line) {
            parts.push(Part {
                source: line.start + indent..line.end,
                char: None,
            });
        }
        if k + 1 < count {
            parts.push(Part {
                source: newline,
                char: Some('\n'),
            });
        }
    }
    parts
}

/// Decodes the body of a `"""` string: drops the line break after the
/// opening quotes, the blank last line before the closing quotes, and the
/// indentation common to all non-blank lines. Line endings (`\r\n`, `\n`
/// or a lone `\r`, as the grammar reads them) become `\n`.
pub fn decode_triple(body: &str) -> String {
    read(body, triple_parts(body))
}

/// Writes `value` as a plain `"…"` literal.
pub fn encode_plain(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `value` as a `"""` literal whose lines are indented by `indent`,
/// or `None` when no such literal would read back as `value`.
pub fn encode_triple(value: &str, indent: &str) -> Option<String> {
    if value.contains("\"\"\"") || value.contains('\r') || value.chars().any(is_invisible) {
        return None;
    }
    let mut out = String::from("\"\"\"\n");
    for line in value.split('\n') {
        if !line.trim().is_empty() {
            out.push_str(indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("\"\"\"");
    let body = &out[3..out.len() - 3];
    (decode_triple(body) == value).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\u{1F600}"#), "a\"b\\c\nd😀");
    }

    /// `decode_triple` as it was written before it read parts: the
    /// reference the parts must agree with.
    fn triple_reference(body: &str) -> String {
        let body = body.replace("\r\n", "\n").replace('\r', "\n");
        let body = body.strip_prefix('\n').unwrap_or(&body);
        let mut lines: Vec<&str> = body.split('\n').collect();
        if lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        let indent = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        lines
            .iter()
            .map(|l| {
                if l.trim().is_empty() {
                    ""
                } else {
                    &l[indent..]
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn triple_parts_read_as_the_reference() {
        let bodies = [
            "",
            "inline",
            "\n",
            "\r\n",
            "\n  a\n  ",
            "\r\n    one\r\n      two\r\n\r\n    three\r\n  ",
            "\n\tx\n\t\ty\n",
            "\n  a\r\n b\rc\n   \n  d",
            "\n\n\n",
            "  lead\n  next",
            "\n 错误\n  第二行\n",
            "\n  \u{3000}wide\n  x\n",
            "\r",
            "\n  a\r",
            "\r    one\r      two\r\r    three\r  ",
            "\r\r\n  a\r\n\r  b\n",
        ];
        for body in bodies {
            assert_eq!(decode_triple(body), triple_reference(body), "{body:?}");
        }
        // A file with lone CRs (classic Mac OS) reads as one with LFs.
        assert_eq!(
            decode_triple("\r    one\r      two\r\r    three\r  "),
            "one\n  two\n\nthree"
        );
    }

    #[test]
    fn plain_parts_cover_the_body() {
        let body = r#"a\"b\\c\nd\u{1F600}e"#;
        let parts: Vec<Part> = plain_parts(body).collect();
        let mut covered = 0;
        for part in &parts {
            assert_eq!(part.source.start, covered, "{parts:?}");
            covered = part.source.end;
        }
        assert_eq!(covered, body.len());
        assert_eq!(
            parts.iter().filter_map(|p| p.char).collect::<String>(),
            "\"\\\n😀"
        );
    }

    #[test]
    fn triple_strings_dedent() {
        assert_eq!(
            decode_triple("\n    one\n      two\n\n    three\n  "),
            "one\n  two\n\nthree"
        );
        assert_eq!(decode_triple("inline"), "inline");
    }

    #[test]
    fn triple_round_trips_or_declines() {
        for v in ["a\nb", "a\n  b\n", "x"] {
            let lit = encode_triple(v, "    ").unwrap();
            assert_eq!(decode_triple(&lit[3..lit.len() - 3]), v);
        }
        assert!(encode_triple("  both\n  indented", "  ").is_none());
        assert!(encode_triple("has \"\"\" in it", "").is_none());
    }

    #[test]
    fn plain_escapes_controls() {
        assert_eq!(encode_plain("a\"\\\n\u{7}"), r#""a\"\\\n\u{7}""#);
        assert_eq!(
            encode_plain("x\u{200F}y👩\u{200D}💻"),
            "\"x\\u{200f}y👩\u{200D}💻\""
        );
    }
}
