//! Which script a text is written in, and whether that suits its locale.
//!
//! One implementation for `errgen import` (a cell whose script disagrees
//! with its column) and `errgen check` (rule `script-mismatch`).
//!
//! A text is measured in *letter units*: a run of Latin, Cyrillic or Greek
//! letters is one unit (a word), and each Han, kana or Hangul character is
//! one unit (about a word, too). Placeholders (`{…}`, `${…}`, `%s`, `%(x)s`),
//! code spans (`` `…` ``), web addresses, digits and punctuation are not
//! counted. A text *mismatches* its locale when the locale's own script makes
//! less than a quarter of its units ([`mismatch`]): `请检查 Kubernetes 的 API
//! 配置` has 6 Han units and 2 Latin ones and is fine as `zh`; `create by
//! template failure` has no Han unit and is not. Locales whose script is not
//! known here (by primary subtag) are never judged.

/// A writing system, as far as the locale judgement needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (ASCII and accented).
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Greek letters.
    Greek,
    /// Han characters (CJK ideographs).
    Han,
    /// Hiragana and katakana.
    Kana,
    /// Hangul syllables and jamo.
    Hangul,
}

impl Script {
    /// Its English name, e.g. `Latin`.
    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Han => "Han",
            Script::Kana => "kana",
            Script::Hangul => "Hangul",
        }
    }

    /// The locale a text wholly in this script most likely is in.
    pub fn likely_locale(self) -> &'static str {
        match self {
            Script::Latin => "en",
            Script::Cyrillic => "ru",
            Script::Greek => "el",
            Script::Han => "zh",
            Script::Kana => "ja",
            Script::Hangul => "ko",
        }
    }

    /// Whether each character is one unit (CJK) rather than each word.
    fn per_character(self) -> bool {
        matches!(self, Script::Han | Script::Kana | Script::Hangul)
    }

    fn index(self) -> usize {
        self as usize
    }

    const ALL: [Script; 6] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Han,
        Script::Kana,
        Script::Hangul,
    ];
}

/// The script of one character, if it is a letter of a known script.
pub fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    Some(match u {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF => Script::Hangul,
        0x3040..=0x309F | 0x30A1..=0x30FA | 0x30FD..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        _ if c.is_ascii_alphabetic() => Script::Latin,
        0x00C0..=0x024F if c.is_alphabetic() => Script::Latin,
        0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF if c.is_alphabetic() => Script::Greek,
        0x0400..=0x052F if c.is_alphabetic() => Script::Cyrillic,
        _ => return None,
    })
}

/// The scripts a locale is written in, by its primary subtag; `None` when
/// the locale is not known here (no judgement then).
pub fn scripts_of_locale(locale: &str) -> Option<&'static [Script]> {
    let primary = locale.split(['-', '_']).next().unwrap_or("");
    // Lowercased on the stack: this runs for every message of a catalog.
    let mut lower = [0u8; 3];
    let lower = lower.get_mut(..primary.len())?;
    lower.copy_from_slice(primary.as_bytes());
    lower.make_ascii_lowercase();
    Some(match std::str::from_utf8(lower).ok()? {
        "zh" | "yue" => &[Script::Han],
        "ja" => &[Script::Kana, Script::Han],
        "ko" => &[Script::Hangul, Script::Han],
        "ru" | "uk" | "be" | "bg" | "mk" | "kk" => &[Script::Cyrillic],
        "el" => &[Script::Greek],
        "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "sv" | "da" | "no" | "nb" | "nn"
        | "fi" | "is" | "pl" | "cs" | "sk" | "sl" | "hr" | "hu" | "ro" | "tr" | "id" | "ms"
        | "vi" | "ca" | "eu" | "gl" | "et" | "lv" | "lt" | "ga" | "cy" | "af" | "sw" | "tl"
        | "fil" => &[Script::Latin],
        _ => return None,
    })
}

/// How many letter units of each script a text has (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Units([usize; 6]);

impl Units {
    /// Units of one script.
    pub fn of(&self, script: Script) -> usize {
        self.0[script.index()]
    }

    /// All units.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// Counts a text's letter units, skipping placeholders, code spans and web
/// addresses. Linear in the text.
pub fn units(text: &str) -> Units {
    let mut units = Units::default();
    let mut word: Option<Script> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let skip = skipped(&text[i..]);
        if skip > 0 {
            word = None;
            i += skip;
            continue;
        }
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => text[i..].chars().next().unwrap_or(' '),
        };
        i += c.len_utf8();
        match script_of(c) {
            Some(s) if s.per_character() => {
                units.0[s.index()] += 1;
                word = None;
            }
            Some(s) => {
                if word != Some(s) {
                    units.0[s.index()] += 1;
                    word = Some(s);
                }
            }
            // A combining mark or apostrophe inside a word keeps it one word.
            None if word.is_some() && (c == '\'' || c == '’' || c == '-' || is_mark(c)) => {}
            None => word = None,
        }
    }
    units
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

/// The byte length of a placeholder, code span or web address at the start
/// of `s`, or 0.
fn skipped(s: &str) -> usize {
    let b = s.as_bytes();
    match b[0] {
        b'{' | b'`' => {
            let close = if b[0] == b'{' { '}' } else { '`' };
            match s[1..].find([close, '\n']) {
                Some(n) if s[1 + n..].starts_with(close) => n + 2,
                _ => 1,
            }
        }
        b'$' if s.starts_with("${") => match s.find('}') {
            Some(n) => n + 1,
            None => 2,
        },
        b'%' => {
            // `%s`, `%d`, `%1$s`, `%(name)s`, `%-5.2f`.
            let mut n = 1;
            if s[1..].starts_with('(') {
                match s.find(')') {
                    Some(k) => n = k + 1,
                    None => return 1,
                }
            }
            while n < b.len() && (b[n].is_ascii_digit() || b"$-+.# ".contains(&b[n])) {
                n += 1;
            }
            if n < b.len() && b"sdifuxXeEgGcpqvtT".contains(&b[n]) {
                n + 1
            } else {
                1
            }
        }
        b'h' | b'H' | b'w' | b'W' => {
            let lower = |p: &str| {
                s.len() >= p.len() && s.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            };
            if lower("http://") || lower("https://") || lower("www.") {
                s.find(|c: char| c.is_whitespace() || c == '>' || c == ')' || c == '"')
                    .unwrap_or(s.len())
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// The locale a text's script says, for guessing a column's locale: by
/// letter units (as [`mismatch`] counts them), mostly CJK is `ko` with
/// Hangul, `ja` with kana, else `zh`; mostly other letters is `en`; `None`
/// without letters. So an English text naming `简体中文` reads as `en`, and
/// `请检查 Kubernetes 的 API 配置` as `zh`.
pub fn script_locale(text: &str) -> Option<&'static str> {
    let units = units(text);
    let total = units.total();
    let cjk = units.of(Script::Han) + units.of(Script::Kana) + units.of(Script::Hangul);
    if total == 0 {
        None
    } else if cjk * 2 >= total {
        Some(if units.of(Script::Hangul) > 0 {
            "ko"
        } else if units.of(Script::Kana) > 0 {
            "ja"
        } else {
            "zh"
        })
    } else {
        Some("en")
    }
}

/// A text written in a script its locale does not use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch {
    /// The script the text is mostly in.
    pub found: Script,
    /// The locale's (first) script.
    pub expected: Script,
    /// The text's units in the locale's scripts.
    pub native: usize,
    /// All its units.
    pub total: usize,
}

/// Whether `text` is not written in `locale`'s script: the locale's scripts
/// make less than a quarter of its letter units. `None` for locales not
/// known here and texts without letters.
pub fn mismatch(locale: &str, text: &str) -> Option<Mismatch> {
    let scripts = scripts_of_locale(locale)?;
    if text.is_ascii() && scripts.contains(&Script::Latin) {
        // Every letter of ASCII text is Latin: the locale's own script.
        return None;
    }
    let units = units(text);
    let total = units.total();
    let native: usize = scripts.iter().map(|s| units.of(*s)).sum();
    if total == 0 || native * 4 >= total {
        return None;
    }
    let found = Script::ALL
        .iter()
        .copied()
        .filter(|s| !scripts.contains(s))
        .max_by_key(|s| (units.of(*s), std::cmp::Reverse(s.index())))?;
    Some(Mismatch {
        found,
        expected: scripts[0],
        native,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_in_chinese_and_chinese_in_english() {
        let m = mismatch("zh", "create by template failure").unwrap();
        assert_eq!(
            (m.found, m.expected, m.native, m.total),
            (Script::Latin, Script::Han, 0, 4)
        );
        let m = mismatch("en-US", "参数错误").unwrap();
        assert_eq!((m.found, m.native, m.total), (Script::Han, 0, 4));
        assert!(mismatch("zh-Hans", "Timeout").is_some());
    }

    #[test]
    fn product_names_in_chinese_are_fine() {
        assert_eq!(mismatch("zh", "请检查 Kubernetes 的 API 配置"), None);
        assert_eq!(mismatch("zh", "app不存在:{app}"), None);
        assert_eq!(mismatch("zh", "JSON 里没有所需的 key"), None);
        assert_eq!(mismatch("en", "Use the 简体 locale"), None);
    }

    #[test]
    fn placeholders_code_and_addresses_do_not_count() {
        assert_eq!(
            mismatch("zh", "请求失败 {reason_text} `retry_after_seconds`"),
            None
        );
        assert_eq!(
            mismatch("zh", "见 https://example.com/docs/errors/limits"),
            None
        );
        assert_eq!(mismatch("zh", "失败 %s ${Name} %(name)s"), None);
        assert_eq!(mismatch("zh", "{0}: 404"), None);
        assert_eq!(units("{0} 1234 !!").total(), 0);
    }

    #[test]
    fn japanese_and_korean_take_their_scripts() {
        assert_eq!(mismatch("ja", "ファイルが見つかりません"), None);
        assert_eq!(mismatch("ja", "無効"), None);
        assert_eq!(mismatch("ko", "파일을 찾을 수 없습니다"), None);
        assert_eq!(
            mismatch("ko", "File not found").map(|m| m.found),
            Some(Script::Latin)
        );
        assert_eq!(
            mismatch("en", "파일 없음").map(|m| m.found),
            Some(Script::Hangul)
        );
    }

    #[test]
    fn a_text_reads_as_its_main_script() {
        assert_eq!(script_locale("请检查 Kubernetes 的 API 配置"), Some("zh"));
        assert_eq!(
            script_locale("Set the language to 简体中文 first"),
            Some("en")
        );
        assert_eq!(script_locale("ファイルが見つかりません"), Some("ja"));
        assert_eq!(script_locale("API 키가 없습니다"), Some("ko"));
        assert_eq!(script_locale("{0} 42"), None);
    }

    #[test]
    fn unknown_locales_are_not_judged() {
        assert_eq!(mismatch("tlh", "参数错误"), None);
        assert_eq!(mismatch("", "参数错误"), None);
        assert_eq!(mismatch("x-private", "anything"), None);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "{",
            "`",
            "${",
            "%",
            "%(",
            "h",
            "http://",
            "é́",
            "\u{10FFFF}",
            "%5",
            "{\n}",
        ] {
            let _ = units(s);
            let _ = mismatch("zh", s);
        }
    }
}
