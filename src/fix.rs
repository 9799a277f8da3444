//! Applying suggestions to source text: what `errgen check --fix` does
//! with the machine-applicable ones, and an editor with the one a person
//! picked.
//!
//! The edits to one file are applied together, against the text the
//! diagnostics were found in. Edits that overlap are refused (the first in
//! the text is kept): after one of them the other's span no longer means
//! what its diagnostic meant. A refused edit is found again when the fixed
//! text is checked again, if it still applies.

use crate::diagnostic::{Applicability, Diagnostic, Suggestion};
use crate::source::FileId;

/// What applying suggestions to one text gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The text with the edits made.
    pub text: String,
    /// How many edits were made (identical suggestions count once).
    pub applied: usize,
    /// The suggestions not applied: they overlap one that was, or their
    /// span is not inside the text on character boundaries.
    pub refused: Vec<Suggestion>,
}

/// The machine-applicable suggestions of `diagnostics` that edit `file`,
/// in the order found.
pub fn machine_applicable(diagnostics: &[Diagnostic], file: FileId) -> Vec<&Suggestion> {
    diagnostics
        .iter()
        .flat_map(|d| &d.suggestions)
        .filter(|s| s.applicability == Applicability::MachineApplicable && s.span.file == file)
        .collect()
}

/// Applies `suggestions` (spans into `text`) all at once.
pub fn apply(text: &str, suggestions: &[&Suggestion]) -> Applied {
    let mut ordered: Vec<&Suggestion> = suggestions.to_vec();
    ordered.sort_by_key(|s| (s.span.start, s.span.end));
    ordered.dedup_by(|a, b| a.span == b.span && a.replacement == b.replacement);
    let mut kept: Vec<&Suggestion> = Vec::new();
    let mut refused = Vec::new();
    for s in ordered {
        let (start, end) = (s.span.start, s.span.end);
        let inside = start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        // Adjacent edits are fine; two at one point (an insertion next to
        // another edit starting there) have no order, so they overlap too.
        let overlaps = kept.last().is_some_and(|k| {
            start < k.span.end
                || (start == k.span.start && (start == end || k.span.start == k.span.end))
        });
        if inside && !overlaps {
            kept.push(s);
        } else {
            refused.push(s.clone());
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in &kept {
        out.push_str(&text[at..s.span.start]);
        out.push_str(&s.replacement);
        at = s.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        applied: kept.len(),
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(start: usize, end: usize, replacement: &str) -> Suggestion {
        Suggestion {
            message: String::new(),
            span: Span::new(FileId(0), start, end),
            replacement: replacement.into(),
            applicability: Applicability::MachineApplicable,
        }
    }

    #[test]
    fn edits_apply_together_against_the_original_text() {
        let (a, b, c) = (edit(0, 4, "http"), edit(10, 11, "_"), edit(20, 20, "!"));
        let applied = apply("htpp 404 A.B", &[&b, &a, &c]);
        assert_eq!(applied.text, "http 404 A_B");
        // `c` lies past the end.
        assert_eq!((applied.applied, applied.refused.len()), (2, 1));
    }

    #[test]
    fn overlapping_edits_are_refused_and_identical_ones_count_once() {
        let text = "abcdef";
        let (first, inner, same) = (edit(1, 4, "X"), edit(2, 3, "Y"), edit(1, 4, "X"));
        let applied = apply(text, &[&first, &inner, &same]);
        assert_eq!(applied.text, "aXef");
        assert_eq!(applied.applied, 1);
        assert_eq!(applied.refused, vec![inner]);
        // Two insertions at one point have no order.
        let (i, j) = (edit(2, 2, "1"), edit(2, 2, "2"));
        assert_eq!(apply(text, &[&i, &j]).applied, 1);
        // Adjacent edits both apply.
        let (k, l) = (edit(0, 2, "K"), edit(2, 4, "L"));
        assert_eq!(apply(text, &[&k, &l]).text, "KLef");
    }

    #[test]
    fn a_span_off_a_character_boundary_is_refused() {
        let applied = apply("错误", &[&edit(1, 3, "x")]);
        assert_eq!((applied.text.as_str(), applied.applied), ("错误", 0));
    }
}
