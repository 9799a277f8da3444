//! The text layer: catalog text as CommonMark, one policy for every target
//! whose output a Markdown renderer shows (the Markdown pages, the
//! `description` fields of the OpenAPI documents).
//!
//! Catalog text never reaches a renderer as Markdown or HTML; it is escaped
//! so that it renders as written (CommonMark plus the GFM extensions GitHub
//! uses: tables, strikethrough, math):
//!
//! - `\` `` ` `` `*` `[` `]` `<` `>` `|` `~` `$` `^` `#` `{` `}` `&` are
//!   backslash-escaped everywhere (`\&` keeps entities from decoding, `\<`
//!   keeps raw HTML and autolinks from starting, `\|` keeps table cells
//!   whole, `\{` keeps heading attributes from starting); `_` is escaped
//!   unless it sits between two letters or digits, where it cannot delimit
//!   emphasis (so `CONFIG_PARSE_ERROR` stays readable in the source).
//! - At the start of every line, the first character is escaped if it is
//!   ASCII punctuation, and so is the `.` or `)` after leading digits, so that
//!   no line of catalog text opens a heading, list, quote, fence, thematic
//!   break or setext underline.
//! - A line break (LF, CRLF or CR) is a hard line break (`\` at the end of
//!   the line) in a paragraph, and ` ⏎ ` in one line (a table cell, a
//!   heading). Spaces and tabs that end a paragraph are dropped: Markdown
//!   cannot show them.
//! - Characters a reader cannot see (the one policy of
//!   [`crate::invisible`]: controls, separators, bidirectional controls,
//!   zero-width and other invisible format characters) are shown
//!   ([`push_shown`]): C0 controls and DEL as their Unicode control pictures
//!   (`␀`, `␋`, `␡`, …), the others as `⟨U+200B⟩`. Other spaces (U+00A0,
//!   U+3000, …) and the joiners are text: kept, never trimmed.
//! - A web address (`https://…`) is written as an autolink,
//!   `<https://…>`: rustdoc warns about a bare one, and not every renderer
//!   links one ([`url_at`] says where one ends).
//! - Verbatim values are code spans ([`code_span`]), fenced with more
//!   backticks than they hold, with the same characters shown.

use std::fmt;

pub(crate) use crate::invisible::is_invisible;
use crate::invisible::{visible_len_at, INVISIBLE_LEAD};

/// Where escaped text goes.
#[derive(Clone, Copy)]
pub(crate) enum Layout<'a> {
    /// One line: a table cell or a heading. Line breaks become ` ⏎ `.
    Line,
    /// A paragraph whose continuation lines are indented by `indent` (a
    /// list item's content column). Line breaks are hard breaks.
    Block(&'a str),
}

/// `\r\n` and `\r` as `\n`.
pub(crate) fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text for a line comment (`//`, `#`): one line (a line break is a
/// space), invisible characters shown as [`push_shown`] shows them.
pub(crate) fn comment_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if push_shown(&mut out, c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes how Markdown shows `c` if it is invisible ([`is_invisible`], the
/// one policy for every target): a C0 control or `DEL` as its control
/// picture (`␀`, `␋`, `␡`), any other as `⟨U+200B⟩`. Returns false, writing
/// nothing, for other characters (tab and line breaks among them).
pub(crate) fn push_shown(out: &mut String, c: char) -> bool {
    infallible(write_shown(out, c))
}

/// [`push_shown`] onto any writer (a template's, through a filter).
pub(crate) fn write_shown<W: fmt::Write + ?Sized>(
    out: &mut W,
    c: char,
) -> Result<bool, fmt::Error> {
    if !is_invisible(c) {
        return Ok(false);
    }
    match c {
        '\0'..='\u{1f}' => {
            out.write_char(char::from_u32(0x2400 + u32::from(c)).expect("a control picture"))?;
        }
        '\u{7f}' => out.write_char('\u{2421}')?,
        _ => write!(out, "⟨U+{:04X}⟩", u32::from(c))?,
    }
    Ok(true)
}

/// The result of writing into a `String`, which cannot fail.
fn infallible<T>(result: Result<T, fmt::Error>) -> T {
    result.expect("writing into a String cannot fail")
}

/// Whether a byte of text may begin a line break or a character that
/// [`push_shown`] shows: text without one is shown as it is.
pub(crate) fn may_be_shown(b: u8) -> bool {
    b < 0x20 || INVISIBLE_LEAD[usize::from(b)]
}

/// `text` without the spaces and tabs that Markdown strips around a
/// paragraph, a heading or a table cell (other whitespace is text).
pub(crate) fn trim_markdown(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Catalog text as one line of Markdown (a table cell, a heading), after
/// other text on its line.
pub(crate) fn escape_line(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text, Layout::Line, false, true);
    out
}

/// Catalog text as a paragraph after a label, whose continuation lines get
/// `indent`.
pub(crate) fn escape_block(text: &str, indent: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text, Layout::Block(indent), false, true);
    out
}

/// Catalog text as paragraphs of their own (a `description` field).
pub(crate) fn escape_paragraph(text: &str) -> String {
    let mut out = String::new();
    push_escaped(&mut out, text, Layout::Block(""), true, true);
    out
}

/// Whether an ASCII byte of catalog text is always backslash-escaped.
const fn is_always_escaped(b: u8) -> bool {
    matches!(
        b,
        b'\\'
            | b'`'
            | b'*'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'|'
            | b'~'
            | b'$'
            | b'^'
            | b'#'
            | b'{'
            | b'}'
            | b'&'
    )
}

/// For each byte, whether catalog text holding it may need more than
/// copying: syntax, `_`, an ordinal delimiter, a line break, a control
/// character other than tab, or the first byte of a character
/// [`push_shown`] may show.
const NEEDS_CARE: [bool; 256] = needs_care(true);

/// [`NEEDS_CARE`] for text with no ordinal delimiter to escape: `.` and
/// `)`, common in prose, are copied with the run they are in.
const NEEDS_CARE_PROSE: [bool; 256] = needs_care(false);

/// [`NEEDS_CARE`], with `.` and `)` or without them.
const fn needs_care(ordinal_delimiters: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = is_always_escaped(byte)
            || matches!(byte, b'_' | b':' | b'\x7f')
            || (ordinal_delimiters && matches!(byte, b'.' | b')'))
            || (byte < 0x20 && byte != b'\t')
            || INVISIBLE_LEAD[b];
        b += 1;
    }
    table
}

/// Escapes catalog text onto `out` (see the module doc for the rules),
/// copying runs of bytes that need no escaping in one piece. `line_start`:
/// whether the text starts a line of the page (rather than following a
/// label or a table pipe); `last`: whether it is the last piece of its
/// paragraph (a block drops its trailing spaces, tabs and line breaks).
/// Returns whether the text ends a line.
pub(crate) fn push_escaped(
    out: &mut String,
    text: &str,
    layout: Layout,
    line_start: bool,
    last: bool,
) -> bool {
    infallible(write_escaped(out, text, layout, line_start, last))
}

/// [`push_escaped`] onto any writer (a template's, through a filter).
pub(crate) fn write_escaped<W: fmt::Write + ?Sized>(
    out: &mut W,
    text: &str,
    layout: Layout,
    mut line_start: bool,
    last: bool,
) -> Result<bool, fmt::Error> {
    let text = match layout {
        Layout::Block(_) if last => text.trim_end_matches([' ', '\t', '\n', '\r']),
        _ => text,
    };
    let bytes = text.as_bytes();
    // The byte index of a `.` or `)` after leading digits, to be escaped.
    let mut ordinal_delimiter = None;
    // The start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    loop {
        if line_start {
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
                i += 1;
            }
            match bytes.get(i) {
                // An empty line, or the end: still at the start of a line.
                None | Some(b'\n' | b'\r') => {}
                Some(&b) => {
                    line_start = false;
                    if b.is_ascii_punctuation() {
                        out.write_str(&text[copied..i])?;
                        out.write_char('\\')?;
                        out.write_char(char::from(b))?;
                        i += 1;
                        copied = i;
                        continue;
                    }
                    if b.is_ascii_digit() {
                        let end = i + bytes[i..].iter().take_while(|d| d.is_ascii_digit()).count();
                        if matches!(bytes.get(end), Some(b'.' | b')')) {
                            ordinal_delimiter = Some(end);
                        }
                    }
                }
            }
        }
        let care = match ordinal_delimiter {
            Some(at) if at >= i => &NEEDS_CARE,
            _ => &NEEDS_CARE_PROSE,
        };
        while i < bytes.len() && !care[usize::from(bytes[i])] {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'\n' | b'\r' => {
                out.write_str(&text[copied..i])?;
                match layout {
                    Layout::Line => out.write_str(" ⏎ ")?,
                    Layout::Block(indent) => {
                        out.write_str("\\\n")?;
                        out.write_str(indent)?;
                    }
                }
                i += if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                copied = i;
                line_start = true;
                continue;
            }
            b':' => {
                // The bytes of `http`/`https` before it are plain, so still
                // to be copied: the address starts at or after `copied`.
                if let Some(url) = url_at(text, i).filter(|url| url.start >= copied) {
                    out.write_str(&text[copied..url.start])?;
                    out.write_char('<')?;
                    out.write_str(&text[url.clone()])?;
                    out.write_char('>')?;
                    i = url.end;
                    copied = i;
                    continue;
                }
            }
            b'_' => {
                let prev = text[..i].chars().next_back();
                let next = text[i + 1..].chars().next();
                if !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
                {
                    out.write_str(&text[copied..i])?;
                    out.write_str("\\_")?;
                    copied = i + 1;
                }
            }
            b'.' | b')' => {
                if ordinal_delimiter == Some(i) {
                    out.write_str(&text[copied..i])?;
                    out.write_char('\\')?;
                    out.write_char(char::from(b))?;
                    copied = i + 1;
                }
            }
            b if is_always_escaped(b) => {
                out.write_str(&text[copied..i])?;
                out.write_char('\\')?;
                out.write_char(char::from(b))?;
                copied = i + 1;
            }
            b if b < 0x80 => {
                out.write_str(&text[copied..i])?;
                write_shown(out, char::from(b))?;
                copied = i + 1;
            }
            _ => {
                // The first byte of a character that may be shown.
                if let Some(len) = visible_len_at(bytes, i) {
                    i += len;
                    continue;
                }
                let c = text[i..].chars().next().expect("a character starts here");
                if is_invisible(c) {
                    out.write_str(&text[copied..i])?;
                    write_shown(out, c)?;
                    copied = i + c.len_utf8();
                }
                i += c.len_utf8();
                continue;
            }
        }
        i += 1;
    }
    out.write_str(&text[copied..])?;
    Ok(line_start)
}

/// The byte range of the web address whose `://` is at `colon`, if it is
/// one: `http://` or `https://` at the start of a word, then everything up to a space, a
/// `<`, `>` or `"`, or a character that is invisible, without the
/// punctuation that ends a sentence around it (`.`, `,`, `:`, `;`, `!`,
/// `?`, quotes, `*`, `_`, `~`, `]`, and a `)` that closes nothing in the
/// address), as GitHub's autolinks end. It is written as a CommonMark
/// autolink, `<https://…>`, which every renderer shows as a link and
/// rustdoc accepts (a bare address is its `rustdoc::bare_urls` warning).
/// Inside an autolink nothing is escaped, and none of what ends one can be
/// in it.
fn url_at(text: &str, colon: usize) -> Option<std::ops::Range<usize>> {
    let after = colon + "://".len();
    if !text[colon..].starts_with("://") {
        return None;
    }
    let start = if text[..colon].ends_with("https") {
        colon - 5
    } else if text[..colon].ends_with("http") {
        colon - 4
    } else {
        return None;
    };
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut end = after
        + text[after..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"') || is_invisible(c))
            .unwrap_or(text.len() - after);
    loop {
        let url = &text[start..end];
        match url.chars().next_back() {
            Some('.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~' | ']') => end -= 1,
            Some(')') if url.matches(')').count() > url.matches('(').count() => end -= 1,
            _ => break,
        }
    }
    text[after..end]
        .starts_with(|c: char| c.is_alphanumeric())
        .then_some(start..end)
}

/// Verbatim text as a code span, fenced with more backticks than it holds.
/// Line breaks show as `⏎` (a code span cannot hold one safely).
pub(crate) fn code_span(text: &str) -> String {
    let mut out = String::new();
    push_code_span(&mut out, text);
    out
}

/// Writes [`code_span`] of `text` onto `out`.
pub(crate) fn push_code_span(out: &mut String, text: &str) {
    infallible(write_code_span(out, text));
}

/// [`push_code_span`] onto any writer (a template's, through a filter).
pub(crate) fn write_code_span<W: fmt::Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    let plain = !text.bytes().any(|b| b == b'`' || may_be_shown(b));
    if plain {
        // Nothing to replace, and no backtick: a one-backtick fence.
        if text.is_empty() {
            return out.write_str("(empty)");
        }
        let pad =
            text.starts_with(' ') && text.ends_with(' ') && !text.trim_matches(' ').is_empty();
        out.write_str(if pad { "` " } else { "`" })?;
        out.write_str(text)?;
        return out.write_str(if pad { " `" } else { "`" });
    }
    let mut content = String::new();
    for c in normalize_newlines(text).chars() {
        match c {
            '\n' => content.push('⏎'),
            c => {
                if !push_shown(&mut content, c) {
                    content.push(c);
                }
            }
        }
    }
    if content.is_empty() {
        return out.write_str("(empty)");
    }
    let fence = "`".repeat(longest_run(&content, '`') + 1);
    let pad = content.starts_with('`')
        || content.ends_with('`')
        || (content.starts_with(' ')
            && content.ends_with(' ')
            && !content.trim_matches(' ').is_empty());
    out.write_str(&fence)?;
    if pad {
        out.write_char(' ')?;
    }
    out.write_str(&content)?;
    if pad {
        out.write_char(' ')?;
    }
    out.write_str(&fence)
}

/// The longest run of `c` in `text`.
pub(crate) fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for d in text.chars() {
        run = if d == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Catalog text that starts a block (a list item's first words).
    fn escape_line_at_start(text: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, text, Layout::Line, true, true);
        out
    }

    #[test]
    fn escapes_inline_syntax() {
        assert_eq!(escape_line("a|b"), "a\\|b");
        assert_eq!(escape_line("<b>&amp;</b>"), "\\<b\\>\\&amp;\\</b\\>");
        assert_eq!(escape_line("CONFIG_PARSE_ERROR"), "CONFIG_PARSE_ERROR");
        assert_eq!(escape_line("_x_ a_ _b"), "\\_x\\_ a\\_ \\_b");
        assert_eq!(
            escape_line("`x` *y* [z](u) ~s~ $m$"),
            "\\`x\\` \\*y\\* \\[z\\](u) \\~s\\~ \\$m\\$"
        );
        assert_eq!(escape_line("one\ntwo\r\nthree"), "one ⏎ two ⏎ three");
        assert_eq!(escape_line("nul\0del\u{7f}"), "nul␀del␡");
    }

    #[test]
    fn escapes_line_starts() {
        assert_eq!(
            escape_block("x\n# h\n- x\n1. y\n12) z\n===\n  +w", "  "),
            "x\\\n  \\# h\\\n  \\- x\\\n  1\\. y\\\n  12\\) z\\\n  \\===\\\n    \\+w"
        );
        assert_eq!(escape_block("2.5 is - fine", ""), "2.5 is - fine");
        assert_eq!(escape_block("1. after a label", ""), "1. after a label");
        assert_eq!(escape_line_at_start("1. item"), "1\\. item");
        assert_eq!(escape_line_at_start("- item"), "\\- item");
        assert_eq!(escape_block("trailing\n  \n", ""), "trailing");
        assert_eq!(escape_paragraph("# not a heading"), "\\# not a heading");
    }

    #[test]
    fn shows_what_a_reader_cannot_see() {
        assert_eq!(escape_block("\u{b}", ""), "␋");
        assert_eq!(escape_block("a\u{c} \t", ""), "a␌");
        assert_eq!(
            escape_block("\u{85}x\u{2028}\u{2029}", ""),
            "⟨U+0085⟩x⟨U+2028⟩⟨U+2029⟩"
        );
        assert_eq!(
            escape_line("\u{a0}é…\u{2027}—\u{a0}"),
            "\u{a0}é…\u{2027}—\u{a0}"
        );
        assert_eq!(code_span("a\u{2028}\u{9f}"), "`a⟨U+2028⟩⟨U+009F⟩`");
        // Zero-width and bidirectional characters are shown the same way;
        // spaces and joiners are text.
        assert_eq!(
            escape_line("a\u{200b}b\u{202e}c\u{feff}"),
            "a⟨U+200B⟩b⟨U+202E⟩c⟨U+FEFF⟩"
        );
        assert_eq!(escape_line("\u{3000}x\u{200d}y"), "\u{3000}x\u{200d}y");
        for c in (0..=0xffff).filter_map(char::from_u32) {
            let mut out = String::new();
            let shown = !matches!(c, '\t' | '\n' | '\r') && is_invisible(c);
            assert_eq!(push_shown(&mut out, c), shown, "{c:?}");
            if shown {
                assert!(
                    may_be_shown(c.encode_utf8(&mut [0; 4]).as_bytes()[0]),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn web_addresses_are_autolinks() {
        assert_eq!(
            escape_line("See https://example.com/a_b?x=1*2 for help."),
            "See <https://example.com/a_b?x=1*2> for help."
        );
        // Punctuation that ends a sentence, an unbalanced `)` and a quote
        // stay outside; balanced parentheses stay inside.
        assert_eq!(
            escape_line("(docs: http://x.org/a_(b)), or \"https://y.io/\"!"),
            "(docs: <http://x.org/a_(b)>), or \"<https://y.io/>\"!"
        );
        // Not an address: no host, inside a word, another scheme.
        assert_eq!(escape_line("https:// x"), "https:// x");
        assert_eq!(escape_line("xhttps://a.b"), "xhttps://a.b");
        assert_eq!(escape_line("ftp://a.b"), "ftp://a.b");
        // An address starts a line of a block; the text after it is
        // escaped as usual, and an invisible character ends it.
        assert_eq!(
            escape_block("one\nhttps://a.b/c\u{200b}*d*", "  "),
            "one\\\n  <https://a.b/c>⟨U+200B⟩\\*d\\*"
        );
        assert_eq!(escape_line_at_start("1. https://a.b"), "1\\. <https://a.b>");
    }

    #[test]
    fn code_spans_outrun_backticks() {
        assert_eq!(code_span("x"), "`x`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a``"), "``` `a`` ```");
        assert_eq!(code_span(" a "), "`  a  `");
        assert_eq!(code_span("a\nb"), "`a⏎b`");
    }
}
