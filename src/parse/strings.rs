//! Decoding and encoding of string literals.

/// Decodes the escapes of a plain string body. The grammar has already
/// checked that every escape is well formed.
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
                let c = u32::from_str_radix(&hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                out.push(c);
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
            c if c.is_control() || is_invisible_format(c) => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Bidirectional controls and other invisible format characters, which are
/// kept escaped so that what a reviewer sees is what the string holds.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Writes `value` as a `"""` literal whose lines are indented by `indent`,
/// or `None` when no such literal would read back as `value`.
pub fn encode_triple(value: &str, indent: &str) -> Option<String> {
    if value.contains("\"\"\"") || value.contains('\r') || value.chars().any(is_invisible_format) {
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
