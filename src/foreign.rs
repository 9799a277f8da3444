//! Placeholder syntax of other systems left in a message (rule
//! `foreign-placeholder`), and placeholders glued to a word.
//!
//! Only the literal text of a message is searched (errgen's own `{name}`
//! placeholders are skipped), so what is found is shown to users as is:
//!
//! - printf conversions: `%s`, `%d`, `%1$s`, `%-5.2f`, `%(name)s` (not `%%`,
//!   and not `%` followed by a space or a letter run such as `50% done`,
//!   `%success`);
//! - `$` right before an errgen placeholder of a param that is not a number
//!   (`${role}`: shell and JavaScript syntax; `${amount}` of an `int` or
//!   `float` param may be a price and is left alone);
//! - `{{name}}` where `name` is a param of the entry: in errgen `{{` is a
//!   literal brace, so users read `{name}` (Mustache/Handlebars syntax);
//!   other `{{…}}` are taken as the intended literal braces;
//! - stand-ins `xxx` / `yyy` (three or more, any case, not inside a longer
//!   word);
//! - a placeholder glued to a word: in a Latin-script locale, two or more
//!   letters right before it, or right after it unless its param is a number
//!   (`{size}MB` is a unit); in `zh`, right after a word that ends a
//!   statement (`不存在`, `已存在`, `失败`, …) with no separator, as in
//!   `角色不存在{role}`. Chinese text needs no space around a value, so only
//!   that case is judged there; other CJK locales are not judged.

use std::ops::Range;

/// What kind of foreign syntax was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Foreign {
    /// `%s`, `%d`, `%1$s`: a printf conversion.
    Printf,
    /// `%(name)s`: a Python named conversion.
    PrintfNamed(String),
    /// `$` before the placeholder of param `param`.
    Dollar(usize),
    /// `{{name}}` naming param `param`.
    Mustache(usize),
    /// `xxx`, `yyy`.
    StandIn,
    /// The placeholder at this byte range (of a param, if resolved) glued
    /// to the word next to it.
    Glued(Range<usize>, Option<usize>),
}

/// One finding: its kind and its byte range in the message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What.
    pub kind: Foreign,
    /// Where, in the message text.
    pub range: Range<usize>,
}

/// A param as the search needs it.
pub struct ParamInfo<'a> {
    /// Its names (original and snake case).
    pub names: [&'a str; 2],
    /// Whether it is an `int` or `float`.
    pub number: bool,
}

/// Words that end a Chinese statement: a value right after one needs a
/// separator (`角色不存在：{role}`).
const ZH_ENDINGS: &[&str] = &[
    "不存在",
    "已存在",
    "失败",
    "错误",
    "无效",
    "不合法",
    "非法",
    "重复",
    "不支持",
    "不足",
    "为空",
    "超时",
    "报错",
    "异常",
];

/// Finds foreign placeholder syntax in `text`, whose errgen placeholders are
/// `holes` (byte range and resolved param, in order). `latin`: the locale is
/// written in Latin script; `zh`: it is Chinese. Linear in the text.
pub fn find(
    text: &str,
    holes: &[(Range<usize>, Option<usize>)],
    params: &[ParamInfo<'_>],
    latin: bool,
    zh: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut start = 0;
    for (k, (range, param)) in holes.iter().enumerate() {
        literal(text, start..range.start, params, &mut out);
        let before = &text[start..range.start];
        let number = param.and_then(|p| params.get(p)).is_some_and(|p| p.number);
        if let Some(p) = *param {
            if before.ends_with('$') && !number {
                out.push(Finding {
                    kind: Foreign::Dollar(p),
                    range: range.start - 1..range.end,
                });
            }
        }
        let after_end = holes.get(k + 1).map_or(text.len(), |h| h.0.start);
        let after = &text[range.end..after_end];
        if latin {
            let b = letters_back(before);
            let a = letters_forward(after);
            if b >= 2 {
                out.push(Finding {
                    kind: Foreign::Glued(range.clone(), *param),
                    range: range.start - b..range.end,
                });
            } else if a >= 2 && !number {
                out.push(Finding {
                    kind: Foreign::Glued(range.clone(), *param),
                    range: range.start..range.end + a,
                });
            }
        } else if zh {
            if let Some(w) = ZH_ENDINGS.iter().find(|w| before.ends_with(**w)) {
                out.push(Finding {
                    kind: Foreign::Glued(range.clone(), *param),
                    range: range.start - w.len()..range.end,
                });
            }
        }
        start = range.end;
    }
    literal(text, start..text.len(), params, &mut out);
    out
}

/// Bytes of Latin letters right at the end of `s`.
fn letters_back(s: &str) -> usize {
    s.chars()
        .rev()
        .take_while(|c| is_latin(*c))
        .map(char::len_utf8)
        .sum()
}

/// Bytes of Latin letters right at the start of `s`.
fn letters_forward(s: &str) -> usize {
    s.chars()
        .take_while(|c| is_latin(*c))
        .map(char::len_utf8)
        .sum()
}

fn is_latin(c: char) -> bool {
    crate::script::script_of(c) == Some(crate::script::Script::Latin)
}

/// The param called `name` (any case), if any.
pub fn find_param(params: &[ParamInfo<'_>], name: &str) -> Option<usize> {
    params
        .iter()
        .position(|p| p.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
}

/// Searches one literal stretch of the text.
fn literal(text: &str, range: Range<usize>, params: &[ParamInfo<'_>], out: &mut Vec<Finding>) {
    let b = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        match b[i] {
            b'%' if b.get(i + 1) == Some(&b'%') => i += 2,
            b'%' => {
                if let Some((end, name)) = printf(&text[i..range.end]) {
                    let kind = match name {
                        Some(n) => Foreign::PrintfNamed(n.to_owned()),
                        None => Foreign::Printf,
                    };
                    out.push(Finding {
                        kind,
                        range: i..i + end,
                    });
                    i += end;
                } else {
                    i += 1;
                }
            }
            b'{' if b.get(i + 1) == Some(&b'{') => {
                let rest = &text[i + 2..range.end];
                let name_len = rest
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let name = rest[..name_len].trim();
                if name_len > 0 && rest[name_len..].starts_with("}}") {
                    if let Some(p) = find_param(params, name) {
                        out.push(Finding {
                            kind: Foreign::Mustache(p),
                            range: i..i + 2 + name_len + 2,
                        });
                        i += 4 + name_len;
                        continue;
                    }
                }
                i += 2;
            }
            b'x' | b'X' | b'y' | b'Y' => {
                let lower = b[i].to_ascii_lowercase();
                let n = b[i..range.end]
                    .iter()
                    .take_while(|c| c.to_ascii_lowercase() == lower)
                    .count();
                let alone = |c: Option<&u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
                let prev = if i > range.start { b.get(i - 1) } else { None };
                if n >= 3 && alone(prev) && alone(b.get(i + n).filter(|_| i + n < range.end)) {
                    out.push(Finding {
                        kind: Foreign::StandIn,
                        range: i..i + n,
                    });
                }
                i += n;
            }
            _ => i += 1,
        }
    }
}

/// A printf conversion at the start of `s` (which starts with `%`): its
/// length and, for `%(name)s`, the name.
fn printf(s: &str) -> Option<(usize, Option<&str>)> {
    let b = s.as_bytes();
    let mut n = 1;
    let mut name = None;
    if b.get(1) == Some(&b'(') {
        let close = s.find(')')?;
        let inner = &s[2..close];
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return None;
        }
        name = Some(inner);
        n = close + 1;
    }
    // `%1$s`.
    let digits = b[n..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && b.get(n + digits) == Some(&b'$') {
        n += digits + 1;
    }
    n += b[n..].iter().take_while(|c| b"-+#0".contains(c)).count();
    n += b[n..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(n) == Some(&b'.') {
        n += 1;
        n += b[n..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    if b.get(n) == Some(&b'l') {
        n += 1;
    }
    let conv = *b.get(n)?;
    if !b"sdifuxXeEgGcv".contains(&conv) {
        return None;
    }
    n += 1;
    if b.get(n).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((n, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, latin: bool, zh: bool) -> Vec<(Foreign, &str)> {
        let t = crate::ir::Template::parse(text).unwrap();
        let holes: Vec<(Range<usize>, Option<usize>)> = t
            .placeholders(text)
            .map(|p| (p.range.clone(), Some(0)))
            .collect();
        let params = [ParamInfo {
            names: ["Role", "role"],
            number: false,
        }];
        find(text, &holes, &params, latin, zh)
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    #[test]
    fn printf_and_python() {
        assert_eq!(
            kinds("Role %s not found: %(role)s, %1$d %-5.2f", true, false),
            [
                (Foreign::Printf, "%s"),
                (Foreign::PrintfNamed("role".into()), "%(role)s"),
                (Foreign::Printf, "%1$d"),
                (Foreign::Printf, "%-5.2f")
            ]
        );
        assert_eq!(
            kinds("角色%s不存在", false, true),
            [(Foreign::Printf, "%s")]
        );
    }

    #[test]
    fn percent_signs_are_not_printf() {
        assert!(kinds("50% done, 100%% sure, %success, 5%", true, false).is_empty());
    }

    #[test]
    fn dollar_mustache_and_stand_ins() {
        assert_eq!(
            kinds("角色 ${role} 与 {{role}} 和 xxx、YYYY", false, true),
            [
                (Foreign::Dollar(0), "${role}"),
                (Foreign::Mustache(0), "{{role}}"),
                (Foreign::StandIn, "xxx"),
                (Foreign::StandIn, "YYYY"),
            ]
        );
        assert!(kinds("{{literal}} braces, xxxl, taxxx, box", true, false).is_empty());
    }

    #[test]
    fn glued_per_script() {
        assert_eq!(
            kinds("Role{role}missing", true, false),
            [(Foreign::Glued(4..10, Some(0)), "Role{role}")]
        );
        assert!(kinds("Role {role}'s v{role} missing: {role}s", true, false).is_empty());
        assert_eq!(
            kinds("角色不存在{role}", false, true),
            [(Foreign::Glued(15..21, Some(0)), "不存在{role}")]
        );
        assert!(kinds("用户{role}不存在，角色不存在：{role}", false, true).is_empty());
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "%", "%(", "%()s", "%(a", "%1$", "{{", "{{a}", "x", "%l", "%.", "$",
        ] {
            let holes = [];
            let _ = find(s, &holes, &[], true, true);
        }
    }
}
