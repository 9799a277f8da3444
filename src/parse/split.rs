//! Proposes where a large file may be cut into runs of whole top-level
//! items, so that [`super::parse`] can parse the runs on several threads.
//!
//! This is a hint and not a parser: it reads just enough of the lexical
//! syntax (strings, comments and braces) to guess where a top-level `}` ends
//! an item. The parser checks every guess — a run is used only when the
//! items before it ended exactly where it starts — so a wrong guess costs
//! time and never changes a result.

/// Up to `count - 1` offsets after `from`, in increasing order, each just
/// after a `}` that seems to close a top-level item, near the points that
/// cut `text[from..]` into `count` runs of about the same length.
pub(crate) fn propose_splits(text: &str, from: usize, count: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    let run_len = bytes.len().saturating_sub(from) / count.max(1);
    let mut splits = Vec::new();
    // One run (most files) needs no split.
    if count <= 1 || run_len == 0 {
        return splits;
    }
    // `start` is outside every string, comment and block: `from`, then
    // each split.
    let mut start = from;
    while splits.len() + 1 < count {
        let target = start + run_len;
        let Some(end) =
            column_zero_close(bytes, target).or_else(|| scanned_close(bytes, start, target))
        else {
            break;
        };
        splits.push(end);
        start = end;
    }
    splits
}

/// Just after the first `}` at or after `target` that stands alone at the
/// start of its line, with an item, a comment or the end of the file on the
/// next line that is not blank: where a formatted file (`errgen fmt`)
/// closes a top-level item, found without reading the text before it.
fn column_zero_close(bytes: &[u8], target: usize) -> Option<usize> {
    let mut at = target.checked_sub(1)?;
    while let Some(brace) = find(bytes, at, b"\n}").map(|n| n + 1) {
        at = brace;
        let mut i = brace + 1;
        while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            i += 1;
        }
        let next_line_starts = bytes[brace + 1..i].contains(&b'\n') && bytes[i - 1] == b'\n';
        let fits = match bytes.get(i) {
            None => true,
            Some(b) => {
                next_line_starts && (b.is_ascii_alphabetic() || bytes[i..].starts_with(b"//"))
            }
        };
        if fits {
            return Some(brace + 1);
        }
    }
    None
}

/// Just after the first `}` at or after `target` that brings the braces
/// back to the depth of `start` (outside every string, comment and block),
/// reading the text from `start`.
fn scanned_close(bytes: &[u8], start: usize, target: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in code_bytes(bytes, start) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 >= target {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The bytes of `bytes[from..]` that are outside strings and comments,
/// with their offsets: just enough of the lexical syntax to follow braces
/// and angle brackets.
fn code_bytes(bytes: &[u8], from: usize) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut i = from;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            match bytes[i] {
                b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
                b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                    i = find(bytes, i + 3, b"\"\"\"").map_or(bytes.len(), |end| end + 2);
                }
                b'"' => i = plain_string_end(bytes, i, i > 0 && bytes[i - 1] == b'r'),
                b => {
                    i += 1;
                    return Some((i - 1, b));
                }
            }
            i += 1;
        }
        None
    })
}

/// Reads one block from `from` (to the `}` that brings the braces back to
/// where they were, or to the end of the text) for the grammar's two
/// recursions, which pest follows on the stack: `Err` with the offset of
/// the `<` that opens a type nested more than `max` deep, or, with
/// `header`, of the `{` that opens a block more than `max` deep (the
/// header's envelopes nest error objects; an item's blocks cannot nest,
/// and pest reports nested groups at the second); else `Ok` with where the
/// block ends. Strings and comments do not count.
pub(crate) fn nesting_within(
    text: &str,
    from: usize,
    max: usize,
    header: bool,
) -> Result<usize, usize> {
    let (mut braces, mut angles) = (0usize, 0usize);
    for (i, b) in code_bytes(text.as_bytes(), from) {
        match b {
            b'{' => {
                braces += 1;
                if header && braces > max {
                    return Err(i);
                }
            }
            // (A `}` that closes nothing opened here is no end.)
            b'}' if braces > 0 => {
                braces -= 1;
                if braces == 0 {
                    return Ok(i + 1);
                }
            }
            b'<' => {
                angles += 1;
                if angles > max {
                    return Err(i);
                }
            }
            b'>' => angles = angles.saturating_sub(1),
            _ => {}
        }
    }
    Ok(text.len())
}

/// The offset of the line break that ends the line holding `i` (or the end).
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| i + n)
}

/// The offset of the closing quote of the one-line string opened at `i`
/// (or of the line break or end that comes first).
fn plain_string_end(bytes: &[u8], i: usize, raw: bool) -> usize {
    let mut j = i + 1;
    while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
        if bytes[j] == b'\\' && !raw {
            j += 1;
        }
        j += 1;
    }
    j
}

/// The first occurrence of `needle` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_after_top_level_items_only() {
        let text = "catalog c { }\ngroup g { error a = 1 { message \"}\" } }\n\
                    // } in a comment\nerror b = 2 { message \"\"\"\n}\n\"\"\" }\nerror c = 3 { }\n";
        let from = text.find("group").unwrap();
        let item_ends: Vec<usize> = ["} }\n", "\"\"\" }\n", "3 { }\n"]
            .iter()
            .map(|end| text.find(end).unwrap() + end.len() - 1)
            .collect();
        for count in 2..6 {
            let splits = propose_splits(text, from, count);
            assert!(!splits.is_empty());
            assert!(splits.iter().all(|s| item_ends.contains(s)), "{splits:?}");
        }
        assert!(propose_splits(text, text.len(), 2).is_empty());
    }

    /// A formatted file is cut at a `}` that closes a top-level item without
    /// reading what comes before; one that only looks so (in a string, or
    /// followed by an indented line) is passed over.
    #[test]
    fn a_formatted_file_is_cut_at_its_column_zero_braces() {
        let item =
            |i: usize| format!("error e{i} = {i} {{\n  message \"\"\"\n}}\n  \"\"\"\n}}\n\n");
        let text: String = std::iter::once("catalog c {}\n".to_owned())
            .chain((0..50).map(item))
            .collect();
        let from = text.find("error").unwrap();
        let item_ends: Vec<usize> = text
            .match_indices("\"\"\"\n}")
            .map(|(i, m)| i + m.len())
            .collect();
        for count in 2..8 {
            let splits = propose_splits(&text, from, count);
            assert_eq!(splits.len(), count - 1, "{count}");
            assert!(splits.iter().all(|s| item_ends.contains(s)), "{splits:?}");
        }
        // The same file with its items on one line: no column-zero brace,
        // read from the start instead.
        let flat = text.replace("\n}\n  ", " } ");
        assert!(!propose_splits(&flat, from, 3).is_empty());
    }
}
