//! Semantic versions: the one reading of a catalog's `version`, for
//! lowering (is it one?) and for `version-bump` (which is higher, and is
//! the step a major one?).

use std::cmp::Ordering;

/// A parsed `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version<'a> {
    /// Major, minor and patch.
    pub(crate) core: [u64; 3],
    /// The pre-release part after `-`, if any (empty when written `1.0.0-`).
    pub(crate) pre: Option<&'a str>,
}

impl<'a> Version<'a> {
    /// Reads a version: three dot-separated numbers, then anything after a
    /// `-` or `+` (the grammar says what may follow). `None` when the three
    /// numbers are not there or one does not fit in 64 bits.
    pub(crate) fn parse(text: &'a str) -> Option<Version<'a>> {
        let end = text.find(['-', '+']).unwrap_or(text.len());
        let mut parts = text[..end].split('.');
        let mut core = [0; 3];
        for slot in &mut core {
            let part = parts.next()?;
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        if parts.next().is_some() {
            return None;
        }
        let pre = text[end..]
            .strip_prefix('-')
            .map(|rest| rest.split('+').next().unwrap_or(""));
        Some(Version { core, pre })
    }

    /// Semantic versioning's precedence: by the numbers, then a pre-release
    /// before its release, pre-releases by their dot-separated identifiers
    /// (numbers numerically and before words). Build metadata is ignored.
    pub(crate) fn precedence(&self, other: &Version) -> Ordering {
        self.core
            .cmp(&other.core)
            .then_with(|| match (self.pre, other.pre) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(a), Some(b)) => {
                    let rank = |id: &str| match id.parse::<u64>() {
                        Ok(n) if id.bytes().all(|b| b.is_ascii_digit()) => (0, n),
                        _ => (1, 0),
                    };
                    let mut a = a.split('.');
                    let mut b = b.split('.');
                    loop {
                        match (a.next(), b.next()) {
                            (None, None) => return Ordering::Equal,
                            (None, Some(_)) => return Ordering::Less,
                            (Some(_), None) => return Ordering::Greater,
                            (Some(x), Some(y)) => {
                                let order = rank(x).cmp(&rank(y)).then_with(|| x.cmp(y));
                                if order != Ordering::Equal {
                                    return order;
                                }
                            }
                        }
                    }
                }
            })
    }

    /// What versions that Cargo takes as compatible share: the first
    /// non-zero number with its place (`1.4.2` and `1.9.0` share `(0, 1)`,
    /// `0.3.1` and `0.3.7` share `(1, 3)`, `0.0.3` is alone with `(2, 3)`).
    fn compatibility(&self) -> (usize, u64) {
        self.core
            .iter()
            .position(|&n| n != 0)
            .map_or((2, 0), |place| (place, self.core[place]))
    }

    /// Whether going from `self` to `next` may break clients under Cargo's
    /// rules: `next` is higher, and not compatible with `self` or `self` is
    /// a pre-release (which promises nothing).
    pub(crate) fn allows_breaking(&self, next: &Version) -> bool {
        self.precedence(next) == Ordering::Less
            && (self.pre.is_some() || self.compatibility() != next.compatibility())
    }

    /// The lowest version that is a major bump over `self`: `2.0.0` after
    /// `1.4.2`, `0.4.0` after `0.3.1`, `0.0.4` after `0.0.3`, and `2.0.0`
    /// after the pre-release `2.0.0-rc.1` too.
    pub(crate) fn next_major(&self) -> String {
        if self.pre.is_some() {
            let [a, b, c] = self.core;
            return format!("{a}.{b}.{c}");
        }
        match self.compatibility() {
            (0, n) => format!("{}.0.0", n + 1),
            (1, n) => format!("0.{}.0", n + 1),
            (_, n) => format!("0.0.{}", n + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Version;
    use std::cmp::Ordering;

    fn v(text: &str) -> Version<'_> {
        Version::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn parses_what_the_grammar_writes() {
        assert_eq!(v("1.2.3").core, [1, 2, 3]);
        assert_eq!(v("1.2.3-rc.1+build.5").pre, Some("rc.1"));
        assert_eq!(v("1.2.3+build-5").pre, None);
        for bad in [
            "1.2",
            "1.2.3.4",
            "a.b.c",
            "1..3",
            "",
            "99999999999999999999.0.0",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    /// The precedence example of semver.org, item 11.
    #[test]
    fn precedence_follows_semver() {
        let order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for (i, a) in order.iter().enumerate() {
            for (j, b) in order.iter().enumerate() {
                assert_eq!(v(a).precedence(&v(b)), i.cmp(&j), "{a} {b}");
            }
        }
        assert_eq!(v("1.0.0+a").precedence(&v("1.0.0+b")), Ordering::Equal);
    }

    #[test]
    fn major_bumps_follow_cargo() {
        let major = [
            ("1.4.2", "2.0.0"),
            ("1.4.2", "3.1.0"),
            ("0.3.1", "0.4.0"),
            ("0.3.1", "1.0.0"),
            ("0.0.3", "0.0.4"),
            ("1.0.0", "2.0.0-rc.1"),
            ("2.0.0-rc.1", "2.0.0"),
            ("2.0.0-rc.1", "2.0.0-rc.2"),
            ("2.0.0-rc.1", "2.0.1"),
        ];
        for (a, b) in major {
            assert!(v(a).allows_breaking(&v(b)), "{a} → {b}");
        }
        let not = [
            ("1.4.2", "1.5.0"),
            ("1.4.2", "1.4.3"),
            ("1.4.2", "1.4.2"),
            ("0.3.1", "0.3.2"),
            ("2.0.0", "1.0.0"),
            ("1.0.0", "1.1.0-beta"),
            ("2.0.0-rc.2", "2.0.0-rc.1"),
        ];
        for (a, b) in not {
            assert!(!v(a).allows_breaking(&v(b)), "{a} → {b}");
        }
        assert_eq!(v("1.4.2").next_major(), "2.0.0");
        assert_eq!(v("0.3.1").next_major(), "0.4.0");
        assert_eq!(v("0.0.3").next_major(), "0.0.4");
        assert_eq!(v("2.0.0-rc.1").next_major(), "2.0.0");
    }
}
