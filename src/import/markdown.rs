//! The document's structure, read with pulldown-cmark: which lines are code
//! or headings (ATX and setext), the headings' text, the list items, and
//! where code blocks, paragraphs and tables start; and [`decode_inline`], the text a cell's inline Markdown
//! renders to. Table rows are not taken from pulldown-cmark: a row that
//! breaks a GFM table (a missing delimiter row, a stray pipe) must still
//! import, so the importer splits the lines it marks as text itself.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a line of the document is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Line {
    /// Paragraphs, tables, lists, quotes, HTML: where table rows are looked for.
    Text,
    /// A fenced or indented code block (its fences included).
    Code,
    /// A heading (an ATX line, or a setext heading's text and underline): the
    /// index of the heading in [`Outline::headings`].
    Heading(usize),
}

/// A heading: its 0-based line, level and text.
pub(super) struct Heading {
    pub line: usize,
    pub level: usize,
    pub text: String,
}

/// A list item: its 0-based line, the outermost list it belongs to, and the
/// text of its first paragraph (without the nested lists or blocks that
/// follow).
pub(super) struct Item {
    pub line: usize,
    pub list: usize,
    pub text: String,
}

/// The blocks of a document, by line.
pub(super) struct Outline {
    pub lines: Vec<Line>,
    pub headings: Vec<Heading>,
    pub items: Vec<Item>,
    /// The first lines of code blocks.
    pub code: Vec<usize>,
    /// The first lines of paragraphs.
    pub paragraphs: Vec<usize>,
    /// The first lines of tables pulldown-cmark recognises (GFM tables).
    pub tables: Vec<usize>,
}

/// The HTML elements a wiki cell or heading may hold for its layout or
/// emphasis; a tag of another name (`<bucket>`, `<id>`) is text that reads
/// as a tag, a placeholder most often.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// The elements that may stand without a closing tag: void ones, and
/// those whose end tag HTML lets one leave out.
const LEFT_OPEN: &[&str] = &[
    "br", "hr", "img", "wbr", "p", "li", "dd", "dt", "tr", "td", "th", "thead", "tbody",
];

/// The lowercased name of the HTML tag `h` (`<Code>` → `code`), and whether
/// it closes (`</code>`).
fn html_tag(h: &str) -> (String, bool) {
    let inner = h.trim().trim_start_matches('<');
    let name = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect();
    (name, inner.starts_with('/'))
}

/// Appends the text an inline event renders to; `false` when `event` is not
/// inline content. Entities and backslash escapes are decoded by
/// pulldown-cmark; emphasis loses its markers; a code span stays one; `<br>`
/// is a line break, other HTML elements and comments render to nothing and a
/// tag that names no element (`<bucket>`) stays as written; a link or an
/// image is its text. A tag that is `unclosed` (an element opened and
/// never closed in a cell: `<code>` in "the <code> is wrong") is a
/// placeholder too, and stays as written.
fn push_inline(event: &Event, out: &mut String, unclosed: bool) -> bool {
    match event {
        Event::Text(t) | Event::InlineMath(t) | Event::DisplayMath(t) => out.push_str(t),
        // Kept as a code span: the catalog's texts are Markdown to its
        // targets, and a command in a remedy stays one.
        Event::Code(t) => {
            let mut run = 0;
            let mut longest = 0;
            for c in t.chars() {
                run = if c == '`' { run + 1 } else { 0 };
                longest = longest.max(run);
            }
            let fence = "`".repeat(longest + 1);
            let pad = if longest > 0 { " " } else { "" };
            let _ = write!(out, "{fence}{pad}{t}{pad}{fence}");
        }
        Event::SoftBreak => out.push(' '),
        Event::HardBreak => out.push('\n'),
        Event::InlineHtml(h) | Event::Html(h) => {
            let (name, _) = html_tag(h);
            if name == "br" {
                out.push('\n');
            } else if (!HTML_ELEMENTS.contains(&name.as_str()) || unclosed)
                && !h.starts_with("<!--")
            {
                // `<bucket>`, `<userId>`: a placeholder, not markup.
                out.push_str(h);
            }
        }
        _ => return false,
    }
    true
}

/// The text that the inline Markdown `s` (a table cell, a heading) renders
/// to, trimmed: `**bold**` loses its markers, `&amp;` and `\|` are decoded,
/// `[text](url)` is its text, `<br>` a line break, `<span>` nothing and
/// `<bucket>` itself; a code span is kept as written (a code cell takes it
/// off).
///
/// Public for the round-trip test (`tests/import.rs`), which compares every
/// cell of a source table with the catalog in this decoded form.
#[doc(hidden)]
pub fn decode_inline(s: &str) -> String {
    let s = s.trim();
    if !s
        .bytes()
        .any(|b| matches!(b, b'*' | b'_' | b'`' | b'&' | b'<' | b'[' | b'\\' | b'!'))
    {
        return s.to_owned();
    }
    // `x ` first, so that the cell is read as the text of a paragraph and not
    // as a block (`1. Retry`, `- none`, `# 3`): it is taken off again below.
    let source = format!("x {s}");
    let events: Vec<Event> = Parser::new_ext(&source, Options::empty()).collect();
    // Each closing tag closes the last open one of its name; an opening
    // tag left open (of an element that needs its end tag) is text.
    let mut unclosed = vec![false; events.len()];
    let mut open: Vec<(String, usize)> = Vec::new();
    for (at, event) in events.iter().enumerate() {
        if let Event::InlineHtml(h) | Event::Html(h) = event {
            let (name, closing) = html_tag(h);
            if LEFT_OPEN.contains(&name.as_str()) || name.is_empty() {
                continue;
            }
            if !closing {
                unclosed[at] = true;
                open.push((name, at));
            } else if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                unclosed[open.remove(i).1] = false;
            }
        }
    }
    let mut out = String::new();
    for (event, unclosed) in events.iter().zip(unclosed) {
        push_inline(event, &mut out, unclosed);
    }
    let out = out.strip_prefix('x').unwrap_or(&out);
    out.trim().to_owned()
}

/// Reads the blocks of `text`.
pub(super) fn outline(text: &str) -> Outline {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    let mut outline = Outline {
        lines: vec![Line::Text; starts.len()],
        headings: Vec::new(),
        items: Vec::new(),
        code: Vec::new(),
        paragraphs: Vec::new(),
        tables: Vec::new(),
    };
    // What inline text is being collected for.
    let mut heading: Option<(usize, usize, String)> = None;
    let mut in_code = false;
    // Open list items: their entry in `outline.items`, and whether their
    // first paragraph is still being read.
    let mut items: Vec<(usize, bool)> = Vec::new();
    let mut lists: Vec<usize> = Vec::new();
    let mut list_count = 0;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let first = line_of(range.start);
        let last = line_of(range.end.saturating_sub(1).max(range.start));
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((first, *level as usize, String::new()));
                let index = outline.headings.len();
                for line in &mut outline.lines[first..=last] {
                    *line = Line::Heading(index);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((line, level, text)) = heading.take() {
                    outline.headings.push(Heading {
                        line,
                        level,
                        text: text.trim().to_owned(),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(_)) => {
                if let Some(item) = items.last_mut() {
                    item.1 = false;
                }
                for l in &mut outline.lines[first..=last] {
                    *l = Line::Code;
                }
                outline.code.push(first);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if in_code => {}
            Event::Start(Tag::List(_)) => {
                if let Some(item) = items.last_mut() {
                    item.1 = false;
                }
                lists.push(list_count);
                list_count += 1;
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                items.push((outline.items.len(), true));
                outline.items.push(Item {
                    line: first,
                    list: lists.first().copied().unwrap_or(0),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some((index, _)) = items.pop() {
                    let text = outline.items[index].text.trim().to_owned();
                    outline.items[index].text = text;
                }
            }
            Event::Start(Tag::Paragraph) => outline.paragraphs.push(first),
            Event::End(TagEnd::Paragraph) | Event::Start(Tag::BlockQuote(_)) => {
                if let Some(item) = items.last_mut() {
                    item.1 = false;
                }
            }
            Event::Start(Tag::Table(_)) => outline.tables.push(first),
            _ => {
                if let Some((_, _, buffer)) = heading.as_mut() {
                    push_inline(&event, buffer, false);
                } else if let Some(&(index, true)) = items.last() {
                    push_inline(&event, &mut outline.items[index].text, false);
                }
            }
        }
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_decodes_to_text() {
        assert_eq!(decode_inline(" **Bold** &amp; `code` "), "Bold & `code`");
        assert_eq!(decode_inline("``a`b``"), "`` a`b ``");
        assert_eq!(
            decode_inline("[the docs](https://x.test) say"),
            "the docs say"
        );
        assert_eq!(decode_inline("one<br>two<br/>three"), "one\ntwo\nthree");
        assert_eq!(decode_inline("1. Retry"), "1. Retry");
        assert_eq!(decode_inline("- none"), "- none");
        assert_eq!(decode_inline("&lt;id&gt; &#20013;"), "<id> 中");
        assert_eq!(
            decode_inline("Bucket <bucket> of <userId/> is <b>gone</b><!-- x -->"),
            "Bucket <bucket> of <userId/> is gone"
        );
        assert_eq!(
            decode_inline(r#"<font color="red">Stop</font> <SPAN>now</SPAN>"#),
            "Stop now"
        );
        // An element opened and never closed is a placeholder of that
        // name; one closed around text is markup.
        assert_eq!(
            decode_inline("The <code> of <b>bucket</b> is unknown"),
            "The <code> of bucket is unknown"
        );
        assert_eq!(
            decode_inline("Run <code>make</code>, then <Code>"),
            "Run make, then <Code>"
        );
        assert_eq!(decode_inline("a<br>b <img src=x> c<p>d"), "a\nb  cd");
        assert_eq!(
            decode_inline("plain {0} ${Role} %s"),
            "plain {0} ${Role} %s"
        );
        assert_eq!(decode_inline(""), "");
        assert_eq!(decode_inline("**"), "**");
    }

    #[test]
    fn setext_headings_and_lists() {
        let o =
            outline("Title\n=====\n\nSub *x*\n---\n- `A_B`: one\n  - C: two\n\n```\n# no\n```\n");
        let h: Vec<(usize, usize, &str)> = o
            .headings
            .iter()
            .map(|h| (h.line, h.level, h.text.as_str()))
            .collect();
        assert_eq!(h, [(0, 1, "Title"), (3, 2, "Sub x")]);
        assert_eq!(o.lines[1], Line::Heading(0));
        assert_eq!(o.lines[9], Line::Code);
        let items: Vec<(usize, &str)> = o.items.iter().map(|i| (i.line, i.text.as_str())).collect();
        assert_eq!(items, [(5, "`A_B`: one"), (6, "C: two")]);
        assert_eq!(o.items[0].list, o.items[1].list);
        assert_eq!(o.code, [8]);
    }
}
