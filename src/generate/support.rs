//! What several generators share to write their files: askama output with
//! a final newline, text made in loops and written in large pieces,
//! numbers without `fmt`, and the string escapers' skeleton (runs of plain
//! ASCII skipped eight bytes at a time, then a table of plain bytes).

use super::PlannedFile;
use crate::invisible::{char_len, visible_len_at, INVISIBLE_LEAD};
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// Writes an askama template into `out`, ending it with a newline if it
/// does not end with one (askama drops a template file's final newline).
///
/// The template writes into a string that goes out in pieces of about
/// 32 KB: a template makes many small writes (a literal, a value, a
/// filter's escaped text), each one call into the string rather than
/// through askama's `io::Write` adapter into `out`.
pub(crate) fn write_text_file(
    template: &impl askama::Template,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    write_text(template, out, true)
}

/// A file written from one askama view in `parts` parts (see
/// [`PlannedFile::in_parts`]): `make` builds the view for the first part
/// and it is kept for the others, `set_part` tells it which part to
/// write, and every part but the last is written without the final
/// newline that [`write_text_file`] adds.
pub(crate) fn template_in_parts<'a, V: askama::Template + Send + 'a>(
    path: impl Into<PathBuf>,
    parts: usize,
    make: impl Fn() -> V + Send + Sync + 'a,
    set_part: fn(&mut V, usize),
) -> PlannedFile<'a> {
    let make: Arc<dyn Fn() -> V + Send + Sync + 'a> = Arc::new(make);
    PlannedFile::in_parts(path, parts, move || {
        let make = Arc::clone(&make);
        let mut view: Option<V> = None;
        Box::new(move |part, out| {
            let view = view.get_or_insert_with(|| make());
            set_part(view, part);
            write_text(&*view, out, part + 1 == parts)
        })
    })
}

fn write_text(
    template: &impl askama::Template,
    out: &mut dyn io::Write,
    last: bool,
) -> io::Result<()> {
    let mut pieces = Pieces {
        text: String::with_capacity(Pieces::FLUSH_AT + 4096),
        out,
        ends_line: false,
        error: None,
    };
    let rendered = template.render_into(&mut pieces);
    if let Some(error) = pieces.error.take() {
        return Err(error);
    }
    rendered.map_err(io::Error::other)?;
    let ends_line = match pieces.text.as_bytes().last() {
        Some(&last) => last == b'\n',
        None => pieces.ends_line,
    };
    if last && !ends_line {
        pieces.text.push('\n');
    }
    pieces.out.write_all(pieces.text.as_bytes())
}

/// The size of the pieces in which generated text is written out: the
/// generators' buffers ([`Pieces`], [`LineBuffer`], OpenAPI's emitter)
/// hand on at least this much at a time, and the output's writer buffers
/// this much in front of the file (so that their pieces pass through it
/// uncopied).
pub(crate) const WRITE_CHUNK: usize = 32 * 1024;

/// The writer [`write_text_file`] renders into.
struct Pieces<'w> {
    /// Text not yet written to `out`.
    text: String,
    out: &'w mut dyn io::Write,
    /// Whether what was written to `out` so far ends with a newline.
    ends_line: bool,
    /// The error `out` returned, which `fmt::Write` cannot carry.
    error: Option<io::Error>,
}

impl Pieces<'_> {
    /// The size past which the text is written out.
    const FLUSH_AT: usize = WRITE_CHUNK;
}

impl fmt::Write for Pieces<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        // A whole piece (a `LineBuffer`'s) goes on as it is, not copied.
        let piece = if self.text.is_empty() && s.len() >= Self::FLUSH_AT {
            s
        } else {
            self.text.push_str(s);
            if self.text.len() < Self::FLUSH_AT {
                return Ok(());
            }
            &self.text
        };
        if let Err(error) = self.out.write_all(piece.as_bytes()) {
            self.error = Some(error);
            return Err(fmt::Error);
        }
        self.ends_line = piece.ends_with('\n');
        self.text.clear();
        Ok(())
    }
}

/// Appends `n` in decimal, without `fmt`: the generators write a number or
/// two per entry (codes, statuses, indexes), the Rust file's tables about
/// twelve (1.2 million at 100,000 entries).
pub(crate) fn push_decimal(out: &mut String, n: impl Into<u64>) {
    out.push_str(itoa::Buffer::new().format(n.into()));
}

/// Text a generator makes in a loop while a template prints it: appended
/// here and written to the template's formatter in pieces of about 32 KB,
/// so that a loop over every entry neither holds its whole output nor
/// writes it a few bytes at a time.
pub(crate) struct LineBuffer<'f, 'g> {
    text: String,
    out: &'f mut fmt::Formatter<'g>,
}

impl<'f, 'g> LineBuffer<'f, 'g> {
    /// The size past which [`LineBuffer::end_item`] writes the buffer out.
    const FLUSH_AT: usize = WRITE_CHUNK;

    /// An empty buffer in front of `out`.
    pub(crate) fn new(out: &'f mut fmt::Formatter<'g>) -> LineBuffer<'f, 'g> {
        LineBuffer {
            text: String::with_capacity(Self::FLUSH_AT + 4096),
            out,
        }
    }

    /// Writes out what is left.
    pub(crate) fn finish(mut self) -> fmt::Result {
        self.flush()
    }

    /// The text waiting to be written.
    pub(crate) fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// Marks the end of one item: writes the buffer out once it is large.
    pub(crate) fn end_item(&mut self) -> fmt::Result {
        if self.text.len() >= Self::FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes out what the buffer holds.
    fn flush(&mut self) -> fmt::Result {
        self.out.write_str(&self.text)?;
        self.text.clear();
        Ok(())
    }
}

/// Eight copies of `b`, one in each byte of a `u64`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Whether some byte of `x` is below `n` (at most 0x80), for `x` with no
/// high bit set: exact, since a borrow only starts at such a byte.
const fn has_byte_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(splat(n)) & !x & splat(0x80) != 0
}

/// From `i` on, skips whole runs of eight bytes of printable ASCII (no
/// control, `DEL` or non-ASCII byte) none of which is in `specials`, and
/// returns where the first other run of eight, or the short tail, begins:
/// what a string escaper may copy as it is, tested a word at a time, which
/// is faster than a table lookup per byte for ASCII text.
#[inline]
pub(crate) fn skip_plain_ascii(bytes: &[u8], mut i: usize, specials: &[u8]) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        let plain = x & splat(0x80) == 0
            && !has_byte_below(x, 0x20)
            && !has_byte_below(x ^ splat(0x7f), 1)
            && !specials.iter().any(|&b| has_byte_below(x ^ splat(b), 1));
        if !plain {
            break;
        }
        i += 8;
    }
    i
}

/// The bytes a Rust or Python `"…"` literal copies as they are: none that
/// is `"`, `\`, a line break or tab, or the first byte of an invisible
/// character ([`INVISIBLE_LEAD`]).
pub(crate) static PLAIN_IN_STRING: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x100 {
        table[b] = !INVISIBLE_LEAD[b] && !matches!(b as u8, b'"' | b'\\' | b'\n' | b'\r' | b'\t');
        b += 1;
    }
    table
};

/// The skeleton of every string-literal escaper that writes onto a
/// `String` (Rust's, Python's, TypeScript's): appends `s` to `out`,
/// copying the runs that need no escape at once — plain ASCII a word at a
/// time ([`skip_plain_ascii`], stopping at `specials`), then the bytes
/// `plain` allows, then the characters [`visible_len_at`] clears by their
/// first two bytes. At any other character, `escape` gets the rest of the
/// text: it pushes an escape for its first bytes and says how many it
/// stood for, or returns `None` to keep the character as it is. `plain`
/// must refuse every byte of `specials` and every lead byte of
/// [`INVISIBLE_LEAD`]; each language keeps only its escapes.
#[inline]
pub(crate) fn push_escaped_runs(
    out: &mut String,
    s: &str,
    plain: &[bool; 256],
    specials: &[u8],
    mut escape: impl FnMut(&mut String, &str) -> Option<usize>,
) {
    let bytes = s.as_bytes();
    // The start of the bytes not yet copied to `out`.
    let mut copied = 0;
    let mut i = 0;
    loop {
        i = skip_plain_ascii(bytes, i, specials);
        while i < bytes.len() && plain[usize::from(bytes[i])] {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        if let Some(len) = visible_len_at(bytes, i) {
            i += len;
            continue;
        }
        out.push_str(&s[copied..i]);
        copied = i;
        match escape(out, &s[i..]) {
            Some(consumed) => {
                i += consumed;
                copied = i;
            }
            // Kept: its length from its first byte, not decoded again.
            None => i += char_len(bytes[i]),
        }
    }
    out.push_str(&s[copied..]);
}

#[cfg(test)]
mod tests {
    use super::skip_plain_ascii;

    #[test]
    fn plain_ascii_is_skipped_a_word_at_a_time_up_to_any_other_byte() {
        let text = b"abcdefgh12345678xyz";
        assert_eq!(skip_plain_ascii(text, 0, b"\""), 16, "the tail is left");
        for special in [b'\0', b'\x1f', b'\x7f', 0x80, 0xe2, b'"'] {
            for at in 0..16 {
                let mut text = *b"abcdefgh12345678xyz";
                text[at] = special;
                assert_eq!(
                    skip_plain_ascii(&text, 0, b"\""),
                    at / 8 * 8,
                    "{special:#x} at {at}"
                );
            }
        }
        // A byte that is special for one escaper only.
        assert_eq!(skip_plain_ascii(b"abc<defgh", 0, b"\""), 8);
        assert_eq!(skip_plain_ascii(b"abc<defgh", 0, b"<"), 0);
    }
}
