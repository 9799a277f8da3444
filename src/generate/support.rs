//! What several generators share to write their files: askama output with
//! a final newline, text made in loops and written in large pieces, and
//! numbers without `fmt`.

use std::fmt;
use std::io;

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
    if !ends_line {
        pieces.text.push('\n');
    }
    pieces.out.write_all(pieces.text.as_bytes())
}

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
    const FLUSH_AT: usize = 32 * 1024;
}

impl fmt::Write for Pieces<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        if self.text.len() >= Self::FLUSH_AT {
            if let Err(error) = self.out.write_all(self.text.as_bytes()) {
                self.error = Some(error);
                return Err(fmt::Error);
            }
            self.ends_line = self.text.ends_with('\n');
            self.text.clear();
        }
        Ok(())
    }
}

/// Appends `n` in decimal, without `fmt`: the generators write a number or
/// two per entry (codes, statuses, indexes).
pub(crate) fn push_decimal(out: &mut String, n: impl Into<u64>) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest: u64 = n.into();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[start..]).expect("ASCII digits"));
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
    const FLUSH_AT: usize = 32 * 1024;

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
