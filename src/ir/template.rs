//! Message templates: literal text and `{name}` / `{0}` placeholders.
//!
//! A [`Template`] keeps only where its message's placeholders are (byte
//! ranges in [`Message::text`]) and which param fills each: the literal text
//! around them, the keys they name and the parts in order are read from the
//! text when asked for ([`Message::segments`], [`Message::placeholders`]).
//! A large catalog keeps every template while it generates, and the text is
//! kept anyway: a template costs 12 bytes a placeholder, and a message
//! without placeholders allocates nothing.

use super::Message;
#[cfg(feature = "ir")]
use serde::ser::{SerializeStruct, Serializer};
#[cfg(feature = "ir")]
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// Where a message's placeholders are and what fills them; the message text
/// holds the rest. Read it with [`Template::segments`] and
/// [`Template::placeholders`], passing the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    /// The placeholders, in order.
    holes: Box<[Hole]>,
    /// How the text between them reads.
    literal: Literal,
}

/// One placeholder: its byte range in the text (braces included) and the
/// index of its param, or [`UNRESOLVED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hole {
    start: u32,
    end: u32,
    param: u32,
}

/// The param of a placeholder not (yet) resolved.
const UNRESOLVED: u32 = u32::MAX;

/// How the text outside placeholders reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Literal {
    /// As written: it has no `{{` or `}}`.
    #[default]
    Plain,
    /// With `{{` and `}}` read as single braces.
    Escaped,
    /// As written, braces and all: the text did not parse, and is shown
    /// whole ([`Template::verbatim`]).
    Verbatim,
}

/// A part of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum Segment<'a> {
    /// Literal text: all of it between two placeholders, `{{` already `{`
    /// (borrowed from the message text unless it had such escapes).
    Text(Cow<'a, str>),
    /// A placeholder.
    Placeholder(Placeholder<'a>),
}

/// What a placeholder names: a param's name or position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum PlaceholderKey<'a> {
    /// `{tenant}`.
    Named(&'a str),
    /// `{0}`.
    Index(u32),
}

impl std::fmt::Display for PlaceholderKey<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderKey::Named(n) => write!(f, "{{{n}}}"),
            PlaceholderKey::Index(i) => write!(f, "{{{i}}}"),
        }
    }
}

/// One `{…}` in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct Placeholder<'a> {
    /// What it names, as written.
    pub key: PlaceholderKey<'a>,
    /// The index of the entry's param it is filled with, once resolved.
    pub param: Option<usize>,
    /// Its byte range in the message text, braces included.
    #[cfg_attr(feature = "ir", serde(skip))]
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
        // Placeholders are kept as 32-bit offsets.
        if u32::try_from(text.len()).is_err() {
            return Err(TemplateError {
                range: 0..0,
                message: "a message of 4 GiB or more cannot have placeholders".into(),
                help: "shorten the message".into(),
            });
        }
        let mut holes = Vec::new();
        let mut literal = Literal::Plain;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < text.len() {
            match bytes[i] {
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    literal = Literal::Escaped;
                    i += 2;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    literal = Literal::Escaped;
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
                    let close = find_brace(&text[i + 1..]).map(|j| i + 1 + j);
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
                    if !is_key(inner) {
                        return Err(TemplateError {
                            range: i..close + 1,
                            message: format!("`{{{inner}}}` is not a placeholder"),
                            help: "a placeholder is a param name like `{tenant}` or a position like `{0}`; write `{{` and `}}` for literal braces".into(),
                        });
                    }
                    // Both fit: the text is shorter than 4 GiB.
                    holes.push(Hole {
                        start: i as u32,
                        end: (close + 1) as u32,
                        param: UNRESOLVED,
                    });
                    i = close + 1;
                }
                _ => i = find_brace(&text[i..]).map_or(text.len(), |j| i + j),
            }
        }
        Ok(Template {
            holes: holes.into_boxed_slice(),
            literal,
        })
    }

    /// A template reading the whole text as literal text, braces as
    /// written: for a message whose placeholders are malformed.
    pub fn verbatim() -> Template {
        Template {
            holes: Box::default(),
            literal: Literal::Verbatim,
        }
    }

    /// The parts of `text` (what this template was parsed from), in order:
    /// literal text merged between placeholders, `{{` already `{`.
    pub fn segments<'a>(&'a self, text: &'a str) -> Segments<'a> {
        Segments {
            text,
            holes: self.holes.iter(),
            next: None,
            at: 0,
            escaped: self.literal == Literal::Escaped,
        }
    }

    /// The placeholders of `text` (what this template was parsed from), in
    /// order of appearance.
    pub fn placeholders<'a>(
        &'a self,
        text: &'a str,
    ) -> impl ExactSizeIterator<Item = Placeholder<'a>> + DoubleEndedIterator + Clone + 'a {
        self.holes.iter().map(move |h| h.placeholder(text))
    }

    /// Resolves every placeholder of `text` (what this template was parsed
    /// from) to the param `param` gives for its key, if any.
    pub fn resolve(
        &mut self,
        text: &str,
        mut param: impl FnMut(PlaceholderKey<'_>) -> Option<usize>,
    ) {
        for h in self.holes.iter_mut() {
            h.param = param(key(&text[h.start as usize + 1..h.end as usize - 1]))
                .and_then(|i| u32::try_from(i).ok())
                .filter(|&i| i != UNRESOLVED)
                .unwrap_or(UNRESOLVED);
        }
    }
}

impl Hole {
    fn placeholder(self, text: &str) -> Placeholder<'_> {
        let range = self.start as usize..self.end as usize;
        Placeholder {
            key: key(&text[range.start + 1..range.end - 1]),
            param: (self.param != UNRESOLVED).then_some(self.param as usize),
            range,
        }
    }
}

/// Whether `inner` (between the braces) names a param: a position or a
/// name.
fn is_key(inner: &str) -> bool {
    if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.parse::<u32>().is_ok();
    }
    super::names::is_identifier(inner)
}

/// The key of a placeholder [`is_key`] accepted.
fn key(inner: &str) -> PlaceholderKey<'_> {
    match inner.bytes().next() {
        // A name does not begin with a digit.
        Some(b'0'..=b'9') => PlaceholderKey::Index(inner.parse().unwrap_or_default()),
        _ => PlaceholderKey::Named(inner),
    }
}

/// The parts of a message, from [`Template::segments`].
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    text: &'a str,
    /// The placeholders after `next`.
    holes: std::slice::Iter<'a, Hole>,
    /// A placeholder to yield before reading on.
    next: Option<Hole>,
    /// Where the text not yet yielded begins.
    at: usize,
    /// Whether literal text has `{{`/`}}` escapes to undo.
    escaped: bool,
}

impl<'a> Segments<'a> {
    /// The literal text `text[at..end]`, unescaped.
    fn literal(&mut self, end: usize) -> Segment<'a> {
        let written = &self.text[self.at..end];
        self.at = end;
        Segment::Text(if self.escaped && find_brace(written).is_some() {
            Cow::Owned(unescape(written))
        } else {
            Cow::Borrowed(written)
        })
    }

    fn placeholder(&mut self, hole: Hole) -> Segment<'a> {
        self.at = hole.end as usize;
        Segment::Placeholder(hole.placeholder(self.text))
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        if let Some(hole) = self.next.take() {
            return Some(self.placeholder(hole));
        }
        match self.holes.next() {
            Some(&hole) if hole.start as usize > self.at => {
                self.next = Some(hole);
                Some(self.literal(hole.start as usize))
            }
            Some(&hole) => Some(self.placeholder(hole)),
            None if self.at < self.text.len() => Some(self.literal(self.text.len())),
            None => None,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Each placeholder, and at most one literal before each and one
        // after the last.
        let holes = self.holes.len() + usize::from(self.next.is_some());
        let literals = self.holes.len() + usize::from(self.at < self.text.len());
        (holes, Some(holes + literals))
    }
}

impl std::iter::FusedIterator for Segments<'_> {}

/// Where the first `{` or `}` of `text` is. A byte search (braces are
/// ASCII, never part of a longer character), not `str::find`, which
/// decodes every character: messages are mostly text between braces, and
/// every target reads them.
pub(crate) fn find_brace(text: &str) -> Option<usize> {
    memchr::memchr2(b'{', b'}', text.as_bytes())
}

/// Literal text with its `{{` and `}}` made single braces. In literal text
/// of a parsed template every brace begins such a pair.
fn unescape(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    let mut rest = written;
    while let Some(i) = find_brace(rest) {
        out.push_str(&rest[..=i]);
        rest = rest.get(i + 2..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

impl Message {
    /// The parts of the message: literal text merged between placeholders,
    /// `{{` already `{`.
    pub fn segments(&self) -> Segments<'_> {
        self.template.segments(&self.text)
    }

    /// The placeholders, in order of appearance.
    pub fn placeholders(
        &self,
    ) -> impl ExactSizeIterator<Item = Placeholder<'_>> + DoubleEndedIterator + Clone + '_ {
        self.template.placeholders(&self.text)
    }
}

/// A message serialises as `{"locale", "text", "template": {"segments":
/// [...]}}`, the template's parts read from the text as
/// [`Message::segments`] yields them.
#[cfg(feature = "ir")]
impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// `{"segments": [...]}`.
        struct TemplateJson<'a>(&'a Message);
        impl Serialize for TemplateJson<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut template = serializer.serialize_struct("Template", 1)?;
                template.serialize_field("segments", &SegmentsJson(self.0))?;
                template.end()
            }
        }
        /// `[{"text": ...}, {"placeholder": ...}]`.
        struct SegmentsJson<'a>(&'a Message);
        impl Serialize for SegmentsJson<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.segments())
            }
        }

        let mut message = serializer.serialize_struct("Message", 3)?;
        message.serialize_field("locale", &self.locale)?;
        message.serialize_field("text", &self.text)?;
        message.serialize_field("template", &TemplateJson(self))?;
        message.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(t: &str) -> Vec<String> {
        let template = Template::parse(t).unwrap();
        template
            .placeholders(t)
            .map(|p| p.key.to_string())
            .collect()
    }

    #[track_caller]
    fn assert_segments(t: &str, expected: &[Segment<'_>]) {
        let template = Template::parse(t).unwrap();
        assert_eq!(template.segments(t).collect::<Vec<_>>(), expected, "{t:?}");
    }

    fn text(t: &str) -> Segment<'_> {
        Segment::Text(t.into())
    }

    fn hole(key: PlaceholderKey<'_>, range: Range<usize>) -> Segment<'_> {
        Segment::Placeholder(Placeholder {
            key,
            param: None,
            range,
        })
    }

    #[test]
    fn parses_placeholders_and_braces() {
        assert_eq!(keys("User [{0}] of {svc}; {{literal}}"), ["{0}", "{svc}"]);
        assert_segments("a {{b}} c", &[text("a {b} c")]);
        // Literal text is borrowed unless it had escapes.
        let t = "a {{b}} c {d} e";
        let template = Template::parse(t).unwrap();
        let segments: Vec<_> = template.segments(t).collect();
        assert!(matches!(segments[0], Segment::Text(Cow::Owned(_))));
        assert!(matches!(segments[2], Segment::Text(Cow::Borrowed(" e"))));
    }

    #[test]
    fn merges_literal_text_between_placeholders() {
        use PlaceholderKey::{Index, Named};
        assert_segments("", &[]);
        assert_segments("{0}", &[hole(Index(0), 0..3)]);
        assert_segments("{a}{b}", &[hole(Named("a"), 0..3), hole(Named("b"), 3..6)]);
        assert_segments(
            "x {a} y {{ {007} }}",
            &[
                text("x "),
                hole(Named("a"), 2..5),
                text(" y { "),
                hole(Index(7), 11..16),
                text(" }"),
            ],
        );
        assert_segments(
            "{{{a}}}{{}}}}",
            &[text("{"), hole(Named("a"), 2..5), text("}{}}")],
        );
        assert_segments(
            "本地 {image}，拉取",
            &[text("本地 "), hole(Named("image"), 7..14), text("，拉取")],
        );
    }

    #[test]
    fn size_hint_bounds_the_count() {
        for t in ["", "a", "{a}", "a{b}c{d}", "{a}{b}", "{{x}} {y}"] {
            let template = Template::parse(t).unwrap();
            let mut segments = template.segments(t);
            loop {
                let (low, high) = segments.size_hint();
                let left = segments.clone().count();
                assert!(
                    low <= left && Some(left) <= high,
                    "{t:?}: {left} {low} {high:?}"
                );
                if segments.next().is_none() {
                    break;
                }
            }
        }
    }

    #[test]
    fn verbatim_reads_the_text_as_written() {
        let t = "x {{ {a b}";
        assert!(Template::parse(t).is_err());
        let v = Template::verbatim();
        assert_eq!(v.segments(t).collect::<Vec<_>>(), vec![text(t)]);
        assert_eq!(v.placeholders(t).count(), 0);
    }

    #[test]
    fn resolves_params_by_key() {
        let t = "{a} {1} {b} {a}";
        let mut template = Template::parse(t).unwrap();
        assert!(template.placeholders(t).all(|p| p.param.is_none()));
        template.resolve(t, |k| match k {
            PlaceholderKey::Named("a") => Some(0),
            PlaceholderKey::Index(1) => Some(2),
            _ => None,
        });
        let params: Vec<_> = template.placeholders(t).map(|p| p.param).collect();
        assert_eq!(params, [Some(0), Some(2), None, Some(0)]);
        let ranges: Vec<_> = template.placeholders(t).map(|p| p.range).collect();
        assert_eq!(ranges, [0..3, 4..7, 8..11, 12..15]);
    }

    #[test]
    #[cfg(feature = "ir")]
    fn serialises_as_segments() {
        let t = "a {{{b}";
        let mut template = Template::parse(t).unwrap();
        template.resolve(t, |_| Some(1));
        let json = serde_json::to_string(&template.segments(t).collect::<Vec<_>>()).unwrap();
        assert_eq!(
            json,
            r#"[{"text":"a {"},{"placeholder":{"key":{"named":"b"},"param":1}}]"#
        );
        let t = "{9}";
        let template = Template::parse(t).unwrap();
        let json = serde_json::to_string(&template.segments(t).collect::<Vec<_>>()).unwrap();
        assert_eq!(
            json,
            r#"[{"placeholder":{"key":{"index":9},"param":null}}]"#
        );
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(Template::parse("x {0").unwrap_err().range, 2..3);
        assert_eq!(Template::parse("x {a b}").unwrap_err().range, 2..7);
        assert_eq!(Template::parse("x {}").unwrap_err().range, 2..4);
        assert_eq!(Template::parse("x }").unwrap_err().range, 2..3);
        assert_eq!(Template::parse("{ {0}").unwrap_err().range, 0..1);
        assert_eq!(Template::parse("x {99999999999}").unwrap_err().range, 2..15);
    }
}
