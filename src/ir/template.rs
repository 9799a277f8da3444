//! Message templates: literal text and `{name}` / `{0}` placeholders.

use serde::Serialize;
use std::ops::Range;

/// A message split into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Template {
    /// The parts, in order. Adjacent text is merged; `{{` is already `{`.
    pub segments: Vec<Segment>,
}

/// A part of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Literal text.
    Text(String),
    /// A placeholder.
    Placeholder(Placeholder),
}

/// What a placeholder names: a param's name or position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceholderKey {
    /// `{tenant}`.
    Named(String),
    /// `{0}`.
    Index(u32),
}

impl std::fmt::Display for PlaceholderKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderKey::Named(n) => write!(f, "{{{n}}}"),
            PlaceholderKey::Index(i) => write!(f, "{{{i}}}"),
        }
    }
}

/// One `{…}` in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// What it names, as written.
    pub key: PlaceholderKey,
    /// The index of the entry's param it is filled with, once resolved.
    pub param: Option<usize>,
    /// Its byte range in the message text, braces included.
    #[serde(skip)]
    pub range: Range<usize>,
}

/// A malformed placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Its byte range in the message text.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl Template {
    /// Parses a message. `{{` and `}}` are literal braces.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut segments = Vec::new();
        let mut literal = String::new();
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < text.len() {
            match bytes[i] {
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    literal.push('{');
                    i += 2;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    literal.push('}');
                    i += 2;
                }
                b'}' => {
                    return Err(TemplateError {
                        range: i..i + 1,
                        message: "`}` without a matching `{`".into(),
                        help: "write `}}` for a literal brace".into(),
                    })
                }
                b'{' => {
                    let close = text[i + 1..].find(['}', '{']).map(|j| i + 1 + j);
                    let Some(close) = close.filter(|&c| bytes[c] == b'}') else {
                        return Err(TemplateError {
                            range: i..i + 1,
                            message: "`{` is never closed".into(),
                            help:
                                "close the placeholder with `}`, or write `{{` for a literal brace"
                                    .into(),
                        });
                    };
                    let inner = &text[i + 1..close];
                    let key = parse_key(inner).ok_or_else(|| TemplateError {
                        range: i..close + 1,
                        message: format!("`{{{inner}}}` is not a placeholder"),
                        help: "a placeholder is a param name like `{tenant}` or a position like `{0}`; write `{{` and `}}` for literal braces".into(),
                    })?;
                    if !literal.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut literal)));
                    }
                    segments.push(Segment::Placeholder(Placeholder {
                        key,
                        param: None,
                        range: i..close + 1,
                    }));
                    i = close + 1;
                }
                _ => {
                    let next = text[i..].find(['{', '}']).map_or(text.len(), |j| i + j);
                    literal.push_str(&text[i..next]);
                    i = next;
                }
            }
        }
        if !literal.is_empty() {
            segments.push(Segment::Text(literal));
        }
        // A vector grows to four segments at once; most messages have fewer,
        // and a large catalog keeps every template.
        segments.shrink_to_fit();
        Ok(Template { segments })
    }

    /// The placeholders, in order of appearance.
    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Placeholder(p) => Some(p),
            Segment::Text(_) => None,
        })
    }

    /// The placeholders, mutably.
    pub fn placeholders_mut(&mut self) -> impl Iterator<Item = &mut Placeholder> {
        self.segments.iter_mut().filter_map(|s| match s {
            Segment::Placeholder(p) => Some(p),
            Segment::Text(_) => None,
        })
    }
}

fn parse_key(inner: &str) -> Option<PlaceholderKey> {
    if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.parse().ok().map(PlaceholderKey::Index);
    }
    super::names::is_identifier(inner).then(|| PlaceholderKey::Named(inner.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &str) -> Vec<PlaceholderKey> {
        Template::parse(t)
            .unwrap()
            .placeholders()
            .map(|p| p.key.clone())
            .collect()
    }

    #[test]
    fn parses_placeholders_and_braces() {
        assert_eq!(
            keys("User [{0}] of {svc}; {{literal}}"),
            vec![
                PlaceholderKey::Index(0),
                PlaceholderKey::Named("svc".into())
            ]
        );
        let t = Template::parse("a {{b}} c").unwrap();
        assert_eq!(t.segments, vec![Segment::Text("a {b} c".into())]);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(Template::parse("x {0").unwrap_err().range, 2..3);
        assert_eq!(Template::parse("x {a b}").unwrap_err().range, 2..7);
        assert_eq!(Template::parse("x {}").unwrap_err().range, 2..4);
        assert_eq!(Template::parse("x }").unwrap_err().range, 2..3);
        assert_eq!(Template::parse("{ {0}").unwrap_err().range, 0..1);
    }
}
