//! JSON text as every target writes it: pretty-printed, with the
//! characters a reader would not see escaped (the IR file, the OpenAPI
//! document in both its forms).

use serde::Serialize;

/// `value` as pretty-printed JSON (two-space indent, no final newline), with
/// the characters of [`escape_invisible`] escaped.
pub(crate) fn to_json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    escape_invisible(serde_json::to_string_pretty(value).expect("the value serialises to JSON"))
}

/// Replaces characters that a reader would not see, or that YAML does not
/// allow raw, with `\uXXXX` escapes: C0 controls (serde_json already escapes
/// them), `DEL` and the C1 controls, the line and paragraph separators,
/// bidirectional controls and invisible format characters (not the
/// joiners, which emoji and some scripts need), the BOM and the
/// non-characters U+FFFE and U+FFFF. All of them lie in the Basic
/// Multilingual Plane, so one escape each is valid JSON and valid YAML.
///
/// `json` must be JSON text: such characters can then only stand inside
/// string literals, where the escape means the same character.
pub(crate) fn escape_invisible(json: String) -> String {
    if !json.chars().any(invisible_in_json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if invisible_in_json(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether [`escape_invisible`] escapes `c`.
pub(crate) fn invisible_in_json(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{b}'..='\u{c}'
        | '\u{e}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'
        | '\u{200e}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{fffe}'..='\u{ffff}')
}

#[cfg(test)]
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
}
