//! The one policy for characters a reader cannot see.
//!
//! A reviewer reading generated code, a page or a catalog must see what a
//! string holds. Every target treats the same characters as invisible
//! ([`is_invisible`]) and only chooses how to write them: string literals
//! (Rust, TypeScript, JSON, YAML, the catalog's own `fmt`) escape them
//! (`\u{200b}`, `\u200B`), text a Markdown renderer shows writes them as a
//! control picture (`␀`) or `⟨U+200B⟩`.
//!
//! Invisible: the controls (C0 other than tab, line feed and carriage
//! return, which every format writes in its own way; `DEL`; C1), the line
//! and paragraph separators, the bidirectional controls (embeddings,
//! overrides, isolates, the marks `LRM`, `RLM`, `ALM`), zero-width and
//! invisible format characters (`ZWSP`, word joiner, invisible operators,
//! soft hyphen, combining grapheme joiner, Mongolian vowel separator, the
//! Hangul and Khmer fillers that render as nothing, the BOM, interlinear
//! annotation marks) and the non-characters U+FFFE and U+FFFF.
//!
//! Not invisible, and written as they are everywhere: spaces other than
//! U+0020 (U+00A0, U+3000, …: a reader sees a space, and CJK text uses the
//! ideographic space), the joiners ZWNJ and ZWJ and the variation
//! selectors (emoji and several scripts need them), private-use characters.
//!
//! Every invisible character lies in the Basic Multilingual Plane, so each
//! is one `\uXXXX` escape in JSON (tested). It is public so that a
//! generator written outside errgen (reading `--target ir`) can follow the
//! same policy.

/// The policy written once, as ranges of code points, in two forms: the
/// `match` of [`is_invisible`] (what every escaper asks of a character),
/// and the list [`RANGES`] that the byte tables below are made from. The
/// tables walk the ranges' hundred-odd characters rather than asking
/// [`is_invisible`] of all 65,536 of the plane: rustc's constant evaluator
/// took about a second per table that way, on every clean build of a
/// build script that uses errgen (BENCHMARKS.md, "Build cost").
macro_rules! invisible {
    ($(#[$doc:meta])* $($lo:literal ..= $hi:literal)|*) => {
        $(#[$doc])*
        pub const fn is_invisible(c: char) -> bool {
            matches!(c, $($lo..=$hi)|*)
        }

        /// [`is_invisible`]'s characters as inclusive ranges.
        const RANGES: &[(char, char)] = &[$(($lo, $hi)),*];
    };
}

invisible! {
    /// Whether `c` is invisible (see the module doc): escaped in every string
    /// literal, shown as its code point in Markdown.
    '\u{0}'..='\u{8}'
    | '\u{b}'..='\u{c}'
    | '\u{e}'..='\u{1f}'
    | '\u{7f}'..='\u{9f}'
    | '\u{ad}'..='\u{ad}'
    | '\u{34f}'..='\u{34f}'
    | '\u{61c}'..='\u{61c}'
    | '\u{115f}'..='\u{1160}'
    | '\u{17b4}'..='\u{17b5}'
    | '\u{180e}'..='\u{180e}'
    | '\u{200b}'..='\u{200b}'
    | '\u{200e}'..='\u{200f}'
    | '\u{2028}'..='\u{202e}'
    | '\u{2060}'..='\u{2064}'
    | '\u{2066}'..='\u{206f}'
    | '\u{3164}'..='\u{3164}'
    | '\u{feff}'..='\u{feff}'
    | '\u{ffa0}'..='\u{ffa0}'
    | '\u{fff9}'..='\u{fffb}'
    | '\u{fffe}'..='\u{ffff}'
}

/// Both byte tables below, made in one walk over [`RANGES`] with the
/// UTF-8 arithmetic written once. It takes one- to three-byte characters:
/// a range outside the Basic Multilingual Plane, or written high to low,
/// is a build error, not a wrong table.
const TABLES: ([bool; 256], [u64; 256]) = {
    let (mut lead, mut second) = ([false; 256], [0u64; 256]);
    let mut r = 0;
    while r < RANGES.len() {
        let (from, to) = (RANGES[r].0 as u32, RANGES[r].1 as u32);
        assert!(from <= to && to <= 0xffff);
        let mut c = from;
        while c <= to {
            match c {
                0..=0x7f => lead[c as usize] = true,
                _ => {
                    let (first, next) = match c {
                        0x80..=0x7ff => (0xc0 | c >> 6, 0x80 | (c & 0x3f)),
                        _ => (0xe0 | c >> 12, 0x80 | (c >> 6 & 0x3f)),
                    };
                    lead[first as usize] = true;
                    second[first as usize] |= 1 << (next - 0x80);
                }
            }
            c += 1;
        }
        r += 1;
    }
    (lead, second)
};

/// For each byte, whether it begins the UTF-8 form of an invisible
/// character (an ASCII byte, or a lead byte: never a byte that continues a
/// character). Text without such a byte holds no invisible character and
/// may be copied as it is.
pub(crate) static INVISIBLE_LEAD: [bool; 256] = TABLES.0;

/// For each byte past ASCII, the second bytes (bit `b - 0x80` for
/// `0x80..=0xBF`) with which it begins an invisible character. A lead byte
/// of [`INVISIBLE_LEAD`] begins far more visible characters than invisible
/// ones: `E3` leads U+3164 and all of CJK punctuation and kana (`。` is
/// `E3 80 82`), `EF` the BOM and the fullwidth forms (`（` is `EF BC 88`).
static INVISIBLE_SECOND: [u64; 256] = TABLES.1;

/// The length of the character that starts at `bytes[i]` (a lead byte past
/// ASCII) when its first two bytes show it is not invisible, without
/// decoding it; `None` when it may be (decode it and ask [`is_invisible`]).
/// What lets an escaper copy CJK punctuation, kana and fullwidth forms in
/// its runs although [`INVISIBLE_LEAD`] stops at their first byte.
#[inline]
pub(crate) fn visible_len_at(bytes: &[u8], i: usize) -> Option<usize> {
    let lead = *bytes.get(i)?;
    let second = *bytes.get(i + 1)?;
    if lead < 0xc0 || !(0x80..0xc0).contains(&second) {
        return None;
    }
    if INVISIBLE_SECOND[usize::from(lead)] >> (second - 0x80) & 1 != 0 {
        return None;
    }
    Some(char_len(lead))
}

/// The length in bytes of the character whose first byte is `lead` (in a
/// `str`, never a continuation byte).
#[inline]
pub(crate) fn char_len(lead: u8) -> usize {
    match lead {
        ..0x80 => 1,
        0x80..0xe0 => 2,
        0xe0..0xf0 => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_made_of_every_invisible_character() {
        let (mut lead, mut second) = ([false; 256], [0u64; 256]);
        let mut utf8 = [0; 4];
        for c in (0..=0xffff)
            .filter_map(char::from_u32)
            .filter(|&c| is_invisible(c))
        {
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            lead[usize::from(bytes[0])] = true;
            if let [first, next, ..] = *bytes {
                second[usize::from(first)] |= 1 << (next - 0x80);
            }
        }
        assert_eq!(INVISIBLE_LEAD, lead);
        assert_eq!(INVISIBLE_SECOND, second);
    }

    #[test]
    fn the_second_byte_clears_only_visible_characters() {
        let mut utf8 = [0; 4];
        // Never an invisible character; all but the few that share their
        // first two bytes with one (U+2000 to U+207F, C1, …) at once.
        let mut left = 0;
        for c in (0x80..=0x10_ffff).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            match visible_len_at(bytes, 0) {
                Some(len) => {
                    assert!(!is_invisible(c), "{c:?} cleared");
                    assert_eq!(len, c.len_utf8(), "{c:?}");
                }
                None => left += 1,
            }
        }
        assert!(left < 1_000, "{left} characters left to decode");
        for c in ['。', '（', '：', 'ア', '\u{3000}', '\u{a0}', '€', 'é'] {
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            assert_eq!(visible_len_at(bytes, 0), Some(c.len_utf8()), "{c:?}");
        }
        for c in ['\u{3164}', '\u{feff}', '\u{200b}', '\u{ad}', '\u{85}'] {
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            assert_eq!(visible_len_at(bytes, 0), None, "{c:?}");
        }
    }

    #[test]
    fn every_invisible_character_is_in_the_basic_multilingual_plane() {
        for c in (0x1_0000..=0x10_ffff).filter_map(char::from_u32) {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn the_lead_table_screens_every_invisible_character() {
        let mut utf8 = [0; 4];
        for c in (0..=0xffff).filter_map(char::from_u32) {
            if is_invisible(c) {
                let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(INVISIBLE_LEAD[usize::from(lead)], "{c:?}");
            }
        }
        // Continuation bytes never screen: text after one is not misread.
        assert!((0x80..0xc0).all(|b| !INVISIBLE_LEAD[b]));
        assert!(!"plain text, é, 中文"
            .bytes()
            .any(|b| INVISIBLE_LEAD[usize::from(b)]));
    }

    #[test]
    fn spaces_joiners_and_selectors_are_text() {
        for c in [
            '\t', '\n', '\r', ' ', '\u{a0}', '\u{2007}', '\u{202f}', '\u{3000}', '\u{200c}',
            '\u{200d}', '\u{fe0f}', '\u{e000}',
        ] {
            assert!(!is_invisible(c), "{c:?}");
        }
        for c in [
            '\0', '\u{7f}', '\u{85}', '\u{ad}', '\u{200b}', '\u{200e}', '\u{202e}', '\u{2066}',
            '\u{2028}', '\u{feff}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
    }
}
