//! JSON text as every target writes it: pretty-printed (or indented to a
//! depth, the rest of each value on one line), with the characters a
//! reader would not see escaped (the IR file, the OpenAPI document in both
//! its forms), written straight into the output.

#[cfg(any(feature = "ir", feature = "md"))]
mod serializer;

#[cfg(any(feature = "ir", feature = "md"))]
use serde::Serialize;
#[cfg(any(feature = "ir", feature = "md"))]
pub(crate) use serializer::{write_json, PRETTY};

use super::skip_plain_ascii;
use crate::invisible::{is_invisible, visible_len_at, INVISIBLE_LEAD};

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

    /// Every form of serde's data model, in every layout, written as
    /// serde_json writes it (the serializer is errgen's own).
    #[test]
    #[cfg(feature = "ir")]
    fn writes_every_serde_form_as_serde_json_does() {
        use std::collections::BTreeMap;
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        struct Newtype(u8);
        #[derive(Serialize)]
        struct Pair(i8, &'static str);
        #[derive(Serialize)]
        struct Empty {}
        #[derive(Serialize)]
        enum Variant {
            Unit,
            Newtype(Vec<u8>),
            Tuple(u8, bool),
            Struct { a: Option<u8>, b: (), c: Empty },
            EmptyStruct {},
        }
        #[derive(Serialize)]
        #[allow(clippy::struct_field_names)]
        struct All {
            flags: (bool, bool),
            ints: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
            floats: Vec<f64>,
            single: f32,
            chars: (char, char),
            text: &'static str,
            #[serde(with = "bytes")]
            bytes: Vec<u8>,
            nothing: Option<u8>,
            some: Option<Option<&'static str>>,
            unit: (),
            unit_struct: Unit,
            newtype: Newtype,
            pair: Pair,
            empty: Empty,
            variants: Vec<Variant>,
            int_keys: BTreeMap<i64, u8>,
            bool_keys: BTreeMap<bool, u8>,
            char_keys: BTreeMap<char, Vec<u8>>,
            nested: Vec<Vec<BTreeMap<&'static str, Vec<u8>>>>,
            #[serde(flatten)]
            flattened: BTreeMap<&'static str, Variant>,
        }
        mod bytes {
            pub(super) fn serialize<S: serde::Serializer>(
                v: &[u8],
                s: S,
            ) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(v)
            }
        }
        let value = All {
            flags: (true, false),
            ints: (
                i8::MIN,
                -2,
                -3,
                i64::MIN,
                i128::MIN,
                0,
                7,
                8,
                u64::MAX,
                u128::MAX,
            ),
            floats: vec![0.0, -0.0, 1.5, 1e300, -2.5e-10, f64::NAN, f64::INFINITY],
            single: 0.1,
            chars: ('"', '\u{200b}'),
            text: "a\tb\u{2066}c",
            bytes: vec![0, 255],
            nothing: None,
            some: Some(None),
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(3),
            pair: Pair(-1, "x"),
            empty: Empty {},
            variants: vec![
                Variant::Unit,
                Variant::Newtype(vec![1]),
                Variant::Newtype(vec![]),
                Variant::Tuple(2, true),
                Variant::Struct {
                    a: Some(1),
                    b: (),
                    c: Empty {},
                },
                Variant::EmptyStruct {},
            ],
            int_keys: [(-1, 1), (2, 2)].into(),
            bool_keys: [(false, 0), (true, 1)].into(),
            char_keys: [('k', vec![]), ('\u{feff}', vec![1, 2])].into(),
            nested: vec![vec![], vec![[("a", vec![]), ("b", vec![1])].into()]],
            flattened: [("x", Variant::Tuple(1, false)), ("y", Variant::Unit)].into(),
        };
        let ours = |indented| {
            let mut out = Vec::new();
            write_json(&mut out, &value, indented).unwrap();
            String::from_utf8(out).unwrap()
        };
        let compact = escape_invisible(serde_json::to_string(&value).unwrap());
        let pretty = escape_invisible(serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(ours(0), compact);
        assert_eq!(ours(PRETTY), pretty);
        assert_eq!(ours(6), pretty);
        for indented in 1..6 {
            let back: serde_json::Value = serde_json::from_str(&ours(indented)).unwrap();
            assert_eq!(
                back,
                serde_json::from_str::<serde_json::Value>(&compact).unwrap()
            );
        }
        // What JSON cannot hold is an error, as it is serde_json's.
        let float_keys: BTreeMap<String, BTreeMap<Vec<u8>, u8>> =
            [("k".into(), [(vec![1], 1)].into())].into();
        let error = write_json(&mut Vec::new(), &float_keys, 0).unwrap_err();
        assert!(serde_json::to_string(&float_keys).is_err());
        assert!(
            error.to_string().contains("key must be a string"),
            "{error}"
        );
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
        // Each ASCII character and some invisible ones at places of a
        // plain run (skipped a word at a time), as a value and as a key.
        let invisible = ['\u{200b}', '\u{feff}', '\u{7f}', '\u{3000}', '。'];
        for c in (0u8..0x80).map(char::from).chain(invisible) {
            for len in [20, 63, 64, 65] {
                for at in (0..len).filter(|at| at % 9 == 0 || at + 2 >= len) {
                    let mut text: String = "abcdefghijklmnopqrstuvwxyz".repeat(3)[..len].into();
                    text.replace_range(at..=at, c.encode_utf8(&mut [0; 4]));
                    let value = serde_json::json!([&text, { &text: &text }]);
                    for pretty in [false, true] {
                        let expected = escape_invisible(if pretty {
                            serde_json::to_string_pretty(&value).unwrap()
                        } else {
                            serde_json::to_string(&value).unwrap()
                        });
                        let mut ours = Vec::new();
                        write_json(&mut ours, &value, if pretty { PRETTY } else { 0 }).unwrap();
                        assert_eq!(String::from_utf8(ours).unwrap(), expected);
                    }
                }
            }
        }
    }
}
