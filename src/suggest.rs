//! "Did you mean …?" suggestions by edit distance.

/// The Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// at most two edits, and at most a third of the word's length.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = 2.min(word.chars().count().div_ceil(3)).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// The candidate [`closest`] picks, and whether it is certain: no other
/// candidate is as near. A certain pick may be applied unattended (a
/// machine-applicable fix); one of several at the same distance may not.
pub(crate) fn nearest<'a, I>(word: &str, candidates: I) -> Option<(&'a str, bool)>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    let pick = closest(word, candidates.clone())?;
    let distance = |c: &str| edit_distance(&word.to_lowercase(), &c.to_lowercase());
    let best = distance(pick);
    let ties = candidates
        .into_iter()
        .filter(|c| *c != pick && distance(c) == best)
        .count();
    Some((pick, ties == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("htpp", "http"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("错误", "错误码"), 1);
    }

    #[test]
    fn suggests_only_near_words() {
        let words = ["http", "grpc", "message", "remedy"];
        assert_eq!(closest("mesage", words), Some("message"));
        assert_eq!(closest("htp", words), Some("http"));
        assert_eq!(closest("zzzz", words), None);
        assert_eq!(closest("ab", ["xy"]), None);
        assert_eq!(
            nearest("kubflow", ["kubeflow", "argo"]),
            Some(("kubeflow", true))
        );
        assert_eq!(nearest("ab", ["aa", "bb"]), Some(("aa", false)));
    }

    #[test]
    fn a_pick_is_certain_only_without_a_tie() {
        assert_eq!(nearest("htpp", ["http", "grpc"]), Some(("http", true)));
        // `nme` is one edit from both.
        assert_eq!(
            nearest("nme", ["name", "nmae", "x"]).map(|n| n.1),
            Some(false)
        );
        assert_eq!(nearest("cde", ["code", "cdf"]), Some(("cdf", false)));
        assert_eq!(nearest("zzzz", ["http"]), None);
    }
}
