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

/// Decodes the escapes of a plain string body. The grammar has already
/// checked that every escape is well formed and names a character.
pub(crate) fn unescape(body: &str) -> String {
    if !body.contains('\\') {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars
                    .by_ref()
                    .skip(1) // `{`
                    .take_while(|&c| c != '}')
                    .collect();
                // The grammar admits only scalar values (`unicode`).
                if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
            Some(other) => out.push(other), // `\"` and `\\`
            None => {}
        }
    }
    out
}

/// Decodes the body of a `"""` string: drops the line break after the
/// opening quotes, the blank last line before the closing quotes, and the
/// indentation common to all non-blank lines. Line endings become `\n`.
pub fn decode_triple(body: &str) -> String {
    let body = body.replace("\r\n", "\n");
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
