//! Codes outside the tables: the items of a list of `CODE: message` lines
//! (seed 001's v1 convention) and the bodies of JSON examples (seed 004's
//! `"error_code": "JOB_MANAGER.12050009"`, in a code block or in the text).

use super::markdown::Outline;
use std::collections::HashMap;

/// A code found outside the tables, with the text that goes with it.
pub(super) struct Found {
    pub code: String,
    /// The list item's text after the code, or the example's message.
    pub message: Option<String>,
    /// 0-based.
    pub line: usize,
    /// The JSON key that held the code (`None` for a list item).
    pub key: Option<String>,
}

/// The separators between a list item's code and its text.
const ITEM_SEPARATORS: &[&str] = &[":", "：", " - ", " – ", " — ", " = "];

/// The list items that read `CODE: text` in lists where at least two items
/// do, a code being `UPPER_SNAKE`, three or more digits, or what `fits`
/// (the tables' code formats) accepts.
pub(super) fn list_codes(outline: &Outline, fits: &dyn Fn(&str) -> bool) -> Vec<Found> {
    let code_like = |token: &str| {
        let upper = token.len() >= 3
            && token.starts_with(|c: char| c.is_ascii_uppercase())
            && token
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        let digits = token.len() >= 3 && token.bytes().all(|b| b.is_ascii_digit());
        upper || digits || fits(token)
    };
    let mut found: Vec<(usize, Found)> = Vec::new();
    for item in &outline.items {
        let Some((at, sep)) = ITEM_SEPARATORS
            .iter()
            .filter_map(|s| item.text.find(s).map(|i| (i, s.len())))
            .min()
        else {
            continue;
        };
        let token = item.text[..at].trim();
        let token = token
            .strip_prefix('`')
            .and_then(|t| t.strip_suffix('`'))
            .unwrap_or(token)
            .trim();
        if token.is_empty() || token.contains(|c: char| c.is_whitespace() || c == '`') {
            continue;
        }
        if !code_like(token) {
            continue;
        }
        let text = item.text[at + sep..].trim();
        found.push((
            item.list,
            Found {
                code: token.to_owned(),
                message: (!text.is_empty()).then(|| text.to_owned()),
                line: item.line,
                key: None,
            },
        ));
    }
    let mut per_list: HashMap<usize, usize> = HashMap::new();
    for (list, _) in &found {
        *per_list.entry(*list).or_default() += 1;
    }
    found
        .into_iter()
        .filter_map(|(list, f)| (per_list[&list] >= 2).then_some(f))
        .collect()
}

/// Keys that hold a code in a JSON body (compared without case, `_` and `-`).
const CODE_KEYS: &[&str] = &[
    "code",
    "errorcode",
    "errcode",
    "suberrcode",
    "suberrorcode",
    "errno",
    "retcode",
    "resultcode",
];
/// Keys that hold its message.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "msg",
    "errormsg",
    "errmsg",
    "errormessage",
    "errmessage",
    "suberrmessage",
    "suberrmsg",
    "brief",
];

fn key_norm(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A value that stands for "a code" or "a message" in a schema-like example
/// (`"STRING_CODE"`, `"xxx"`, `"..."`), not a real one.
pub(super) fn stand_in(value: &str) -> bool {
    let norm = key_norm(value.trim());
    norm.is_empty()
        || !norm.chars().any(char::is_alphanumeric)
        || norm.chars().all(|c| c == 'x' || c == '.')
        || [
            "string",
            "stringcode",
            "code",
            "errorcode",
            "errcode",
            "message",
            "msg",
            "yyy",
            "todo",
            "tbd",
        ]
        .contains(&norm.as_str())
}

enum Value {
    Text(String),
    Number(String),
}

#[derive(Default)]
struct Object {
    /// Key, value, 0-based line.
    pairs: Vec<(String, Value, usize)>,
    key: Option<String>,
}

/// The codes of the JSON objects in `text` (outside the lines `skip` names),
/// with their messages: each object that has a code key with a string or
/// number value. Tolerant: a string ends at its quote or its line, an object
/// left open at the end still counts (a truncated example).
pub(super) fn example_codes(text: &str, skip: &dyn Fn(usize) -> bool) -> Vec<Found> {
    let mut found = Vec::new();
    let mut stack: Vec<Object> = Vec::new();
    let mut line = 0;
    let mut chars = text.chars().peekable();
    let mut at_line_start = true;
    let emit = |object: Object, found: &mut Vec<Found>| {
        let code = object.pairs.iter().find_map(|(k, v, line)| {
            let norm = key_norm(k);
            CODE_KEYS.contains(&norm.as_str()).then_some((k, v, *line))
        });
        let Some((key, value, line)) = code else {
            return;
        };
        let code = match value {
            Value::Text(t) | Value::Number(t) => t.trim().to_owned(),
        };
        let message = object.pairs.iter().find_map(|(k, v, _)| match v {
            Value::Text(t) if MESSAGE_KEYS.contains(&key_norm(k).as_str()) => Some(t.clone()),
            _ => None,
        });
        found.push(Found {
            code,
            message,
            line,
            key: Some(key.clone()),
        });
    };
    while let Some(c) = chars.next() {
        if at_line_start && skip(line) {
            // A table row: its braces are placeholders, not JSON.
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            line += 1;
            continue;
        }
        at_line_start = false;
        match c {
            '\n' => {
                line += 1;
                at_line_start = true;
            }
            '{' => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                }
                stack.push(Object::default());
            }
            '}' => {
                if let Some(object) = stack.pop() {
                    emit(object, &mut found);
                }
            }
            '[' | ']' => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                }
            }
            '"' => {
                let mut s = String::new();
                let mut closed = false;
                while let Some(&c) = chars.peek() {
                    if c == '\n' {
                        break;
                    }
                    chars.next();
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => match chars.peek().copied() {
                            Some('n') => {
                                chars.next();
                                s.push('\n');
                            }
                            Some('t') => {
                                chars.next();
                                s.push('\t');
                            }
                            Some('u') => {
                                chars.next();
                                let hex: String = (0..4)
                                    .filter_map(|_| chars.next_if(char::is_ascii_hexdigit))
                                    .collect();
                                let unit = u32::from_str_radix(&hex, 16).ok();
                                s.push(unit.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
                            }
                            Some(c) if c != '\n' => {
                                chars.next();
                                s.push(c);
                            }
                            _ => s.push('\\'),
                        },
                        c => s.push(c),
                    }
                }
                let Some(top) = stack.last_mut() else {
                    continue;
                };
                if !closed {
                    top.key = None;
                    continue;
                }
                // A key when a `:` follows (after spaces or the `\` of an
                // escaped quote).
                while chars.next_if(|c| matches!(c, ' ' | '\t' | '\\')).is_some() {}
                if chars.next_if_eq(&':').is_some() {
                    top.key = Some(s);
                } else if let Some(key) = top.key.take() {
                    top.pairs.push((key, Value::Text(s), line));
                }
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut n = String::from(c);
                while let Some(d) = chars.next_if(|d| d.is_ascii_alphanumeric() || *d == '.') {
                    n.push(d);
                }
                if let Some(top) = stack.last_mut() {
                    if let Some(key) = top.key.take() {
                        if n.bytes().all(|b| b.is_ascii_digit()) {
                            top.pairs.push((key, Value::Number(n), line));
                        }
                    }
                }
            }
            c if c.is_whitespace() || c == ',' || c == ':' => {}
            _ => {
                if let Some(top) = stack.last_mut() {
                    top.key = None;
                }
            }
        }
    }
    while let Some(object) = stack.pop() {
        emit(object, &mut found);
    }
    found.sort_by_key(|f| f.line);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_of_json_examples() {
        let text = "x\n{\n\"error_msg\": \"xxx\",\n\"error_code\": \"JOB.1\"\n} then\n\
                    '{\"code\": 100101, \"brief\": \"Json key \\\"k\\\".\", \"detail\": \"\\'op\\'\"}'\n\
                    | 1 | {\"code\": \"NOT\"} |\n\
                    {\"error\": {\"code\": 7, \"message\": \"cut";
        let found = example_codes(text, &|l| l == 6);
        let got: Vec<(&str, Option<&str>, usize, Option<&str>)> = found
            .iter()
            .map(|f| {
                (
                    f.code.as_str(),
                    f.message.as_deref(),
                    f.line,
                    f.key.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("JOB.1", Some("xxx"), 3, Some("error_code")),
                ("100101", Some("Json key \"k\"."), 5, Some("code")),
                ("7", None, 7, Some("code")),
            ]
        );
        assert!(stand_in("STRING_CODE") && stand_in("xxx") && stand_in("..."));
        assert!(!stand_in("PIPELINE_ERROR"));
    }
}
