//! Code formats: `"OptVerse_{digits:8}"`, `"{b|p|s}_{lower}_{lower}"`.
//!
//! A format is literal text and slots. Matching explains the first place a
//! code goes wrong ("expected 8 digits, found 10"), which is what makes a
//! `malformed-code` diagnostic useful.

#[cfg(feature = "ir")]
use serde::Serialize;

/// Codes longer than this are not matched (and are reported as malformed),
/// which bounds the backtracking matcher.
pub const MAX_CODE_LEN: usize = 200;

/// A part of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(rename_all = "snake_case"))]
pub enum Slot {
    /// Text that must appear as is.
    Literal(String),
    /// ASCII digits: exactly `n`, or one or more.
    Digits(Option<usize>),
    /// An UPPER_SNAKE word.
    Upper,
    /// A lowercase word without `_`.
    Lower,
    /// ASCII letters and digits.
    Alnum,
    /// One of the alternatives.
    OneOf(Vec<String>),
}

/// A parsed code format.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct CodeFormat {
    /// As written.
    pub pattern: String,
    /// An equivalent regular expression, anchored (for generators).
    pub regex: String,
    /// The parsed slots.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub slots: Vec<Slot>,
    /// Where it was written.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: crate::source::Span,
}

/// Why a code does not match a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatMismatch {
    /// Byte offset in the code where it goes wrong.
    pub at: usize,
    /// How many bytes from `at` are wrong (at least one, unless at the end).
    pub len: usize,
    /// What the format wants there.
    pub expected: String,
    /// What the code has there.
    pub found: String,
    /// The fix, when it is obvious (one wrong separator, digits typed twice).
    /// (Boxed: a mismatch is returned on every failed check, a fix rarely.)
    pub fix: Option<Box<CodeFix>>,
}

/// The obvious fix of a malformed code, as an edit of the code's text (so
/// that a [`crate::diagnostic::Suggestion`] can replace just those bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFix {
    /// The bytes of the code to replace.
    pub range: std::ops::Range<usize>,
    /// What to put there (empty: delete them).
    pub replacement: String,
    /// The whole corrected code.
    pub fixed: String,
}

impl CodeFormat {
    /// Parses a format pattern.
    pub fn parse(pattern: &str) -> Result<CodeFormat, String> {
        let mut slots = Vec::new();
        let mut literal = String::new();
        let mut rest = pattern;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("{{") || rest.starts_with("}}") {
                literal.push(c);
                rest = &rest[2..];
            } else if c == '{' {
                let close = rest
                    .find('}')
                    .ok_or_else(|| format!("`{{` is never closed in format `{pattern}`"))?;
                let slot = parse_slot(&rest[1..close])?;
                if !literal.is_empty() {
                    slots.push(Slot::Literal(std::mem::take(&mut literal)));
                }
                slots.push(slot);
                rest = &rest[close + 1..];
            } else if c == '}' {
                return Err("`}` without `{`: write `}}` for a literal brace".into());
            } else {
                literal.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            slots.push(Slot::Literal(literal));
        }
        if slots.is_empty() {
            return Err("a format cannot be empty".into());
        }
        let regex = regex_of(&slots);
        Ok(CodeFormat {
            pattern: pattern.to_owned(),
            regex,
            slots,
            span: crate::source::Span::default(),
        })
    }

    /// A code that matches the format, to show as an example.
    pub fn example(&self) -> String {
        let mut out = String::new();
        for slot in &self.slots {
            match slot {
                Slot::Literal(s) => out.push_str(s),
                Slot::Digits(n) => out.extend("1234567890".chars().cycle().take(n.unwrap_or(4))),
                Slot::Upper => out.push_str("NAME"),
                Slot::Lower => out.push_str("name"),
                Slot::Alnum => out.push_str("abc1"),
                Slot::OneOf(options) => out.push_str(&options[0]),
            }
        }
        out
    }

    /// The literal text every matching code starts with (may be empty).
    pub fn literal_prefix(&self) -> &str {
        match self.slots.first() {
            Some(Slot::Literal(s)) => s,
            _ => "",
        }
    }

    /// Checks a code against the format.
    pub fn check(&self, code: &str) -> Result<(), FormatMismatch> {
        if code.len() > MAX_CODE_LEN {
            return Err(FormatMismatch {
                at: 0,
                len: code.len(),
                expected: format!("a code of at most {MAX_CODE_LEN} bytes"),
                found: format!("{} bytes", code.len()),
                fix: None,
            });
        }
        let mut furthest: Option<FormatMismatch> = None;
        if matches(&self.slots, code, 0, &mut furthest) {
            return Ok(());
        }
        let mut mismatch = furthest.expect("a failed match records where it failed");
        mismatch.fix = self.suggest(code, &mismatch).map(Box::new);
        Err(mismatch)
    }

    /// A fix for a code whose only fault is one wrong character where a
    /// literal separator belongs (`JOB_MANAGER.12050009`), or digits whose
    /// first ones were typed twice (`OptVerse_1212080002`).
    fn suggest(&self, code: &str, mismatch: &FormatMismatch) -> Option<CodeFix> {
        let digits = &code[mismatch.at..mismatch.at + mismatch.len];
        if mismatch.expected.ends_with(" digits") && digits.bytes().all(|b| b.is_ascii_digit()) {
            let want: usize = mismatch.expected.split(' ').next()?.parse().ok()?;
            let extra = digits.len().checked_sub(want).filter(|&k| k > 0)?;
            let doubled = digits.len() >= 2 * extra && digits[..extra] == digits[extra..2 * extra];
            let fixed = format!("{}{}", &code[..mismatch.at], &code[mismatch.at + extra..]);
            return (doubled && self.check_plain(&fixed)).then(|| CodeFix {
                range: mismatch.at..mismatch.at + extra,
                replacement: String::new(),
                fixed,
            });
        }
        let expected = mismatch.expected.strip_prefix('`')?.strip_suffix('`')?;
        let mut chars = expected.chars();
        let want = chars.next()?;
        let got = code[mismatch.at..].chars().next()?;
        if chars.next().is_some() || want.is_alphanumeric() || got.is_alphanumeric() {
            return None;
        }
        let fixed = format!(
            "{}{}{}",
            &code[..mismatch.at],
            want,
            &code[mismatch.at + got.len_utf8()..]
        );
        self.check_plain(&fixed).then(|| CodeFix {
            range: mismatch.at..mismatch.at + got.len_utf8(),
            replacement: want.to_string(),
            fixed,
        })
    }

    fn check_plain(&self, code: &str) -> bool {
        let mut furthest = None;
        matches(&self.slots, code, 0, &mut furthest)
    }
}

fn parse_slot(inner: &str) -> Result<Slot, String> {
    Ok(match inner {
        "digits" => Slot::Digits(None),
        "upper" => Slot::Upper,
        "lower" => Slot::Lower,
        "alnum" => Slot::Alnum,
        _ if inner.starts_with("digits:") => {
            let n: usize = inner["digits:".len()..]
                .parse()
                .map_err(|_| format!("`{{{inner}}}`: the digit count must be a number"))?;
            if n == 0 || n > 40 {
                return Err(format!("`{{{inner}}}`: the digit count must be 1 to 40"));
            }
            Slot::Digits(Some(n))
        }
        _ if inner.contains('|') => {
            let options: Vec<String> = inner.split('|').map(str::to_owned).collect();
            if options.iter().any(|o| o.is_empty()) {
                return Err(format!("`{{{inner}}}` has an empty alternative"));
            }
            Slot::OneOf(options)
        }
        _ => {
            // `{digit:3}`, `{Upper}`: the slot it most likely means.
            let (name, count) = inner
                .split_once(':')
                .map_or((inner, None), |(n, c)| (n, Some(c)));
            let names = ["digits", "upper", "lower", "alnum"];
            let lower = name.to_ascii_lowercase();
            let near = names
                .iter()
                .find(|n| **n == lower)
                .copied()
                .or_else(|| crate::suggest::nearest(name, names).map(|(n, _)| n));
            return Err(match near {
                Some(near) => {
                    let meant = match count {
                        Some(c) if near == "digits" => format!("{{{near}:{c}}}"),
                        _ => format!("{{{near}}}"),
                    };
                    format!("unknown slot `{{{inner}}}`: did you mean `{meant}`?")
                }
                None => format!(
                    "unknown slot `{{{inner}}}`; slots are `{{digits:N}}`, `{{digits}}`, `{{upper}}`, `{{lower}}`, `{{alnum}}` and `{{a|b}}`"
                ),
            });
        }
    })
}

fn regex_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.+*?()|[]{}^$-/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn regex_of(slots: &[Slot]) -> String {
    let mut out = String::from("^");
    for slot in slots {
        match slot {
            Slot::Literal(s) => out.push_str(&regex_escape(s)),
            Slot::Digits(Some(n)) => out.push_str(&format!("[0-9]{{{n}}}")),
            Slot::Digits(None) => out.push_str("[0-9]+"),
            Slot::Upper => out.push_str("[A-Z][A-Z0-9_]*"),
            Slot::Lower => out.push_str("[a-z][a-z0-9]*"),
            Slot::Alnum => out.push_str("[A-Za-z0-9]+"),
            Slot::OneOf(options) => {
                let alts: Vec<String> = options.iter().map(|o| regex_escape(o)).collect();
                out.push_str(&format!("(?:{})", alts.join("|")));
            }
        }
    }
    out.push('$');
    out
}

fn describe(code: &str, at: usize) -> String {
    match code[at..].chars().next() {
        None => "the end of the code".into(),
        Some(c) => format!("`{c}`"),
    }
}

/// The length in bytes of the character at `at` (0 at the end).
fn char_len(code: &str, at: usize) -> usize {
    code[at..].chars().next().map_or(0, char::len_utf8)
}

fn record(
    furthest: &mut Option<FormatMismatch>,
    at: usize,
    len: usize,
    expected: String,
    found: String,
) {
    if furthest.as_ref().is_none_or(|f| at > f.at) {
        *furthest = Some(FormatMismatch {
            at,
            len,
            expected,
            found,
            fix: None,
        });
    }
}

/// How many bytes from `at` satisfy `ok` (a first-char test and a rest test).
fn run_len(code: &str, at: usize, first: fn(char) -> bool, rest: fn(char) -> bool) -> usize {
    let mut chars = code[at..].char_indices();
    match chars.next() {
        Some((_, c)) if first(c) => {}
        _ => return 0,
    }
    chars
        .find(|&(_, c)| !rest(c))
        .map_or(code.len() - at, |(i, _)| i)
}

/// Backtracking match of `slots` against `code[at..]`, remembering the
/// furthest failure.
fn matches(slots: &[Slot], code: &str, at: usize, furthest: &mut Option<FormatMismatch>) -> bool {
    let Some((slot, rest)) = slots.split_first() else {
        if at == code.len() {
            return true;
        }
        record(
            furthest,
            at,
            code.len() - at,
            "the end of the code".into(),
            format!("`{}`", &code[at..]),
        );
        return false;
    };
    match slot {
        Slot::Literal(lit) => {
            if code[at..].starts_with(lit.as_str()) {
                return matches(rest, code, at + lit.len(), furthest);
            }
            let common = lit
                .chars()
                .zip(code[at..].chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum::<usize>();
            let want = lit[common..]
                .chars()
                .next()
                .expect("mismatch inside literal");
            let expected = if common == 0 {
                format!("`{lit}`")
            } else {
                format!("`{want}`")
            };
            let at = at + common;
            record(
                furthest,
                at,
                char_len(code, at),
                expected,
                describe(code, at),
            );
            false
        }
        Slot::Digits(Some(n)) => {
            let len = run_len(code, at, |c| c.is_ascii_digit(), |c| c.is_ascii_digit());
            if len == *n {
                return matches(rest, code, at + len, furthest);
            }
            if len > *n && matches(rest, code, at + n, &mut None) {
                return true;
            }
            let found = if len == 0 {
                describe(code, at)
            } else {
                format!("{len} digits")
            };
            let bad = if len == 0 { char_len(code, at) } else { len };
            record(furthest, at, bad, format!("{n} digits"), found);
            false
        }
        Slot::Digits(None) | Slot::Upper | Slot::Lower | Slot::Alnum => {
            let (len, what) = match slot {
                Slot::Digits(None) => (
                    run_len(code, at, |c| c.is_ascii_digit(), |c| c.is_ascii_digit()),
                    "digits",
                ),
                Slot::Upper => (
                    run_len(
                        code,
                        at,
                        |c| c.is_ascii_uppercase(),
                        |c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_',
                    ),
                    "an UPPER_SNAKE word",
                ),
                Slot::Lower => (
                    run_len(
                        code,
                        at,
                        |c| c.is_ascii_lowercase(),
                        |c| c.is_ascii_lowercase() || c.is_ascii_digit(),
                    ),
                    "a lowercase word",
                ),
                _ => (
                    run_len(
                        code,
                        at,
                        |c| c.is_ascii_alphanumeric(),
                        |c| c.is_ascii_alphanumeric(),
                    ),
                    "letters or digits",
                ),
            };
            if len == 0 {
                record(
                    furthest,
                    at,
                    char_len(code, at),
                    what.into(),
                    describe(code, at),
                );
                return false;
            }
            // All chars in these runs are ASCII, so every length is a boundary.
            (1..=len)
                .rev()
                .any(|l| matches(rest, code, at + l, furthest))
        }
        Slot::OneOf(options) => {
            let mut any = false;
            for option in options {
                if code[at..].starts_with(option.as_str())
                    && matches(rest, code, at + option.len(), furthest)
                {
                    any = true;
                    break;
                }
            }
            if !any {
                let list: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
                record(
                    furthest,
                    at,
                    char_len(code, at),
                    format!("one of {}", list.join(", ")),
                    describe(code, at),
                );
            }
            any
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(p: &str) -> CodeFormat {
        CodeFormat::parse(p).unwrap()
    }

    /// A misspelt slot names the one it most likely means.
    #[test]
    fn a_misspelt_slot_says_which_it_means() {
        let said = |inner: &str| parse_slot(inner).err().unwrap_or_default();
        assert!(said("digit:3").ends_with("did you mean `{digits:3}`?"));
        assert!(said("Upper").ends_with("did you mean `{upper}`?"));
        assert!(said("alnun").ends_with("did you mean `{alnum}`?"));
        assert!(said("xyz").contains("slots are"));
    }

    #[test]
    fn matches_the_seed_formats() {
        assert!(f("OptVerse_{digits:8}").check("OptVerse_10000001").is_ok());
        assert!(f("{b|p|s}_{lower}_{lower}")
            .check("p_common_tenantidrequired")
            .is_ok());
        assert!(f("{upper}").check("CONFIG_FILE_NOT_FOUND").is_ok());
        assert!(f("{digits:6}").check("100101").is_ok());
        assert!(f("{upper}_{digits}").check("A_B_12").is_ok());
    }

    #[test]
    fn explains_wrong_digit_counts() {
        let m = f("OptVerse_{digits:8}")
            .check("OptVerse_1212080002")
            .unwrap_err();
        assert_eq!(
            (m.at, m.len, m.expected.as_str(), m.found.as_str()),
            (9, 10, "8 digits", "10 digits")
        );
        let fix = m.fix.unwrap();
        assert_eq!(fix.fixed, "OptVerse_12080002");
        assert_eq!((fix.range, fix.replacement.as_str()), (9..11, ""));
        let m = f("OptVerse_{digits:8}")
            .check("OptVerse_1234567890")
            .unwrap_err();
        assert_eq!(m.fix, None);
    }

    #[test]
    fn explains_wrong_separators_and_suggests() {
        let m = f("JOB_MANAGER_{digits:8}")
            .check("JOB_MANAGER.12050009")
            .unwrap_err();
        assert_eq!(
            (m.at, m.expected.as_str(), m.found.as_str()),
            (11, "`_`", "`.`")
        );
        let fix = m.fix.unwrap();
        assert_eq!(fix.fixed, "JOB_MANAGER_12050009");
        assert_eq!((fix.range, fix.replacement.as_str()), (11..12, "_"));
        let m = f("{b|p|s}_{lower}_{lower}")
            .check("x_common_a")
            .unwrap_err();
        assert_eq!(m.expected, "one of `b`, `p`, `s`");
    }

    #[test]
    fn regex_equivalents() {
        assert_eq!(f("OptVerse_{digits:8}").regex, "^OptVerse_[0-9]{8}$");
        assert_eq!(f("{b|p}_{lower}").regex, "^(?:b|p)_[a-z][a-z0-9]*$");
    }

    #[test]
    fn rejects_bad_patterns() {
        assert!(CodeFormat::parse("X_{digit:8}").is_err());
        assert!(CodeFormat::parse("X_{digits:8").is_err());
        assert!(CodeFormat::parse("").is_err());
    }
}
