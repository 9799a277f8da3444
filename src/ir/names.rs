//! Identifiers in every case a target needs, computed once with heck.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
#[cfg(feature = "ir")]
use serde::ser::SerializeStruct;
#[cfg(feature = "ir")]
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// A name as written and in each case the generators use.
///
/// An IR keeps a name per entry and per param, so the six forms share one
/// buffer (one allocation instead of six) and a clone shares it (every
/// param of a catalog reuses a few names). 32 bytes inline.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Names(Repr);

/// How the forms are kept. Which one depends only on the forms, so the
/// derived equality and hash are those of the forms.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// The original, then each form that differs from it, in the order of
    /// the accessors: `ends` holds where each but the last ends, and bit
    /// `k` of `same` says form `k` is the original (and takes no room).
    Packed {
        buf: Arc<str>,
        ends: [u16; 5],
        same: u8,
    },
    /// A name whose forms do not fit `u16` offsets: each on its own.
    Long(Arc<[Box<str>; 6]>),
}

/// The forms, in buffer order.
const ORIGINAL: usize = 0;
const SNAKE: usize = 1;
const UPPER_CAMEL: usize = 2;
const LOWER_CAMEL: usize = 3;
const SHOUTY_SNAKE: usize = 4;
const KEBAB: usize = 5;

/// Form `form` of a buffer laid out as in [`Repr::Packed`].
fn form_of(buf: &str, ends: [usize; 5], same: u8, form: usize) -> &str {
    let form = if same & (1 << form) != 0 {
        ORIGINAL
    } else {
        form
    };
    let start = match form {
        ORIGINAL => 0,
        _ => ends[form - 1],
    };
    let end = ends.get(form).copied().unwrap_or(buf.len());
    &buf[start..end]
}

/// Builds a `Names` one form at a time, in buffer order.
struct Builder {
    buf: String,
    ends: [usize; 5],
    same: u8,
    /// The form being written.
    next: usize,
}

impl Builder {
    /// Starts with `original`; `capacity` is what the other forms may need.
    fn new(original: &str, capacity: usize) -> Builder {
        let mut buf = String::with_capacity(original.len() + capacity);
        buf.push_str(original);
        let mut b = Builder {
            buf,
            ends: [0; 5],
            same: 0,
            next: ORIGINAL,
        };
        b.end();
        b
    }

    /// Ends the form written since the last end: dropped again if it is the
    /// original.
    fn end(&mut self) {
        let start = match self.next {
            ORIGINAL => 0,
            form => self.ends[form - 1],
        };
        if self.next != ORIGINAL && self.buf[start..] == self.buf[..self.ends[ORIGINAL]] {
            self.buf.truncate(start);
            self.same |= 1 << self.next;
        }
        if let Some(end) = self.ends.get_mut(self.next) {
            *end = self.buf.len();
        }
        self.next += 1;
    }

    /// Appends a whole form.
    fn form(&mut self, text: &str) {
        self.buf.push_str(text);
        self.end();
    }

    fn finish(self) -> Names {
        debug_assert_eq!(self.next, KEBAB + 1);
        match self.ends.map(u16::try_from) {
            [Ok(a), Ok(b), Ok(c), Ok(d), Ok(e)] => Names(Repr::Packed {
                buf: Arc::from(self.buf),
                ends: [a, b, c, d, e],
                same: self.same,
            }),
            _ => {
                let form = |k| Box::from(form_of(&self.buf, self.ends, self.same, k));
                Names(Repr::Long(Arc::new([
                    form(ORIGINAL),
                    form(SNAKE),
                    form(UPPER_CAMEL),
                    form(LOWER_CAMEL),
                    form(SHOUTY_SNAKE),
                    form(KEBAB),
                ])))
            }
        }
    }
}

impl Names {
    /// Computes every case of `name`.
    pub fn new(name: &str) -> Names {
        if name.is_ascii() {
            return Names::ascii(name);
        }
        Names::with_heck(name)
    }

    /// Every case of `name` by heck.
    fn with_heck(name: &str) -> Names {
        let mut b = Builder::new(name, 0);
        b.form(&name.to_snake_case());
        b.form(&name.to_upper_camel_case());
        b.form(&name.to_lower_camel_case());
        b.form(&name.to_shouty_snake_case());
        b.form(&name.to_kebab_case());
        b.finish()
    }

    /// Every case of an ASCII `name`, as heck computes them, from one split
    /// into words instead of five (heck formats char by char through
    /// `fmt::Display`, the largest cost of lowering a large catalog).
    fn ascii(name: &str) -> Names {
        let words = ascii_words(name);
        let letters: usize = words.iter().map(|w| w.len()).sum();
        let separated = letters + words.len().saturating_sub(1);
        // At most: every form kept. Shrunk to fit when it is shared.
        let mut b = Builder::new(name, 3 * separated + 2 * letters);
        // Each form: the words, with `sep` between them, each byte cased
        // by `case(word index, index in the word, byte)`.
        let write = |b: &mut Builder, sep: Option<char>, case: fn(usize, usize, u8) -> u8| {
            for (i, word) in words.iter().enumerate() {
                if let (true, Some(sep)) = (i > 0, sep) {
                    b.buf.push(sep);
                }
                for (j, &c) in word.as_bytes().iter().enumerate() {
                    b.buf.push(char::from(case(i, j, c)));
                }
            }
            b.end();
        };
        write(&mut b, Some('_'), |_, _, c| c.to_ascii_lowercase());
        write(&mut b, None, |_, j, c| {
            if j == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        });
        write(&mut b, None, |i, j, c| {
            if j == 0 && i > 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        });
        write(&mut b, Some('_'), |_, _, c| c.to_ascii_uppercase());
        write(&mut b, Some('-'), |_, _, c| c.to_ascii_lowercase());
        b.finish()
    }

    /// Form `form`, by the buffer-order constants.
    fn get(&self, form: usize) -> &str {
        match &self.0 {
            Repr::Packed { buf, ends, same } => form_of(buf, ends.map(usize::from), *same, form),
            Repr::Long(forms) => &forms[form],
        }
    }

    /// As written in the catalog.
    pub fn original(&self) -> &str {
        self.get(ORIGINAL)
    }

    /// `tenant_forbidden`: Rust functions, fields and modules.
    pub fn snake(&self) -> &str {
        self.get(SNAKE)
    }

    /// `TenantForbidden`: Rust types and enum variants.
    pub fn upper_camel(&self) -> &str {
        self.get(UPPER_CAMEL)
    }

    /// `tenantForbidden`: TypeScript properties.
    pub fn lower_camel(&self) -> &str {
        self.get(LOWER_CAMEL)
    }

    /// `TENANT_FORBIDDEN`: constants.
    pub fn shouty_snake(&self) -> &str {
        self.get(SHOUTY_SNAKE)
    }

    /// `tenant-forbidden`: anchors and file names.
    pub fn kebab(&self) -> &str {
        self.get(KEBAB)
    }

    /// The forms that must be unique among siblings, with what each is for.
    pub fn forms(&self) -> [(&str, &'static str); 4] {
        [
            (self.snake(), "snake_case"),
            (self.upper_camel(), "UpperCamelCase"),
            (self.lower_camel(), "lowerCamelCase"),
            (self.shouty_snake(), "SHOUTY_SNAKE_CASE"),
        ]
    }
}

/// As the struct of six strings it stands for.
impl fmt::Debug for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Names")
            .field("original", &self.original())
            .field("snake", &self.snake())
            .field("upper_camel", &self.upper_camel())
            .field("lower_camel", &self.lower_camel())
            .field("shouty_snake", &self.shouty_snake())
            .field("kebab", &self.kebab())
            .finish()
    }
}

/// As an object of the six forms (`schema/ir.schema.json`).
#[cfg(feature = "ir")]
impl Serialize for Names {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Names", 6)?;
        s.serialize_field("original", self.original())?;
        s.serialize_field("snake", self.snake())?;
        s.serialize_field("upper_camel", self.upper_camel())?;
        s.serialize_field("lower_camel", self.lower_camel())?;
        s.serialize_field("shouty_snake", self.shouty_snake())?;
        s.serialize_field("kebab", self.kebab())?;
        s.end()
    }
}

/// The words heck splits an ASCII string into (heck 0.5's `transform`):
/// non-alphanumeric characters separate words, and within a run a word ends
/// before an uppercase letter that follows a lowercase one, or before the
/// last of several uppercase letters when a lowercase one follows.
fn ascii_words(s: &str) -> Vec<&str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut words = Vec::new();
    for word in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = word.as_bytes();
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..b.len() {
            let c = b[i];
            let Some(&next) = b.get(i + 1) else {
                words.push(&word[init..]);
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                words.push(&word[init..i + 1]);
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                words.push(&word[init..i]);
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
    words
}

/// Whether `name` is an identifier every target accepts in every case (see
/// [`not_identifier`]).
pub fn is_identifier(name: &str) -> bool {
    not_identifier(name).is_none()
}

/// Why `name` is not an identifier every target accepts in every case, or
/// `None` when it is: ASCII letters, digits and `_`, the first that is not
/// `_` a letter. Every case drops leading and doubled `_` (`_1` is `1` in
/// snake_case, `__` is empty), so a name must still start with a letter
/// without them.
pub fn not_identifier(name: &str) -> Option<&'static str> {
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Some("it holds characters other than ASCII letters, digits and `_`");
    }
    match name.bytes().find(|&b| b != b'_') {
        None if name.is_empty() => Some("it is empty"),
        None => Some("it is only underscores, which every case drops, leaving nothing"),
        Some(b'0'..=b'9') if name.starts_with('_') => Some(
            "every case drops its leading `_`, and then it starts with a digit, which no identifier may",
        ),
        Some(b'0'..=b'9') => Some("it starts with a digit, which no identifier may"),
        Some(_) => None,
    }
}

/// A locale tag's character as locales are compared: ASCII lowercase, `_`
/// as `-`.
fn locale_char(c: char) -> char {
    if c == '_' {
        '-'
    } else {
        c.to_ascii_lowercase()
    }
}

/// The form in which locales that [`same_locale`] calls the same are equal.
pub(crate) fn canonical_locale(tag: &str) -> String {
    tag.chars().map(locale_char).collect()
}

/// Whether two locale tags name one locale: equal but for ASCII case and
/// `-`/`_` (`en` and `EN`, `pt_BR` and `pt-br`), as BCP 47 compares tags and
/// as the generated Rust's `from_tag` looks them up.
pub(crate) fn same_locale(a: &str, b: &str) -> bool {
    a.chars().map(locale_char).eq(b.chars().map(locale_char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let n = Names::new("CONFIG_FILE_NOT_FOUND");
        assert_eq!(n.snake(), "config_file_not_found");
        assert_eq!(n.upper_camel(), "ConfigFileNotFound");
        assert_eq!(n.lower_camel(), "configFileNotFound");
        assert_eq!(
            Names::new("tenantId").snake(),
            Names::new("tenant_id").snake()
        );
        assert_eq!(
            Names::new("OptVerse_10000001").snake(),
            "opt_verse_10000001"
        );
    }

    /// Every form reads back as heck computes it, whichever are shared with
    /// the original; and the object serialised is the six strings.
    #[test]
    fn forms_read_back() {
        // Past 64 KiB of forms, a name is kept as six strings.
        let long = "tenantId".repeat(5_000);
        let long_unicode = "Ωmega_".repeat(4_000);
        for name in [
            "tenant_id",
            "TenantId",
            "tenantId",
            "TENANT_ID",
            "tenant-id",
            "tenant",
            "",
            "_",
            "a b",
            "错误_码",
            "Ωmega",
            &long,
            &long_unicode,
        ] {
            let n = Names::new(name);
            let forms = [
                n.original(),
                n.snake(),
                n.upper_camel(),
                n.lower_camel(),
                n.shouty_snake(),
                n.kebab(),
            ];
            let heck = [
                name.to_owned(),
                name.to_snake_case(),
                name.to_upper_camel_case(),
                name.to_lower_camel_case(),
                name.to_shouty_snake_case(),
                name.to_kebab_case(),
            ];
            assert_eq!(forms, heck.each_ref().map(String::as_str), "{name:?}");
            assert_eq!(matches!(n.0, Repr::Long(_)), name.len() > 1000, "{name:?}");
            if name.is_ascii() {
                assert_eq!(Names::ascii(name), Names::with_heck(name), "{name:?}");
            }
            #[cfg(feature = "ir")]
            {
                let json = serde_json::to_string(&n).unwrap();
                assert_eq!(
                    json,
                    format!(
                        r#"{{"original":{:?},"snake":{:?},"upper_camel":{:?},"lower_camel":{:?},"shouty_snake":{:?},"kebab":{:?}}}"#,
                        heck[0], heck[1], heck[2], heck[3], heck[4], heck[5]
                    ),
                    "{name:?}"
                );
            }
        }
    }

    /// The ASCII path gives what heck gives, on tricky names and on many
    /// generated ones.
    #[test]
    fn ascii_is_heck() {
        let mut names: Vec<String> = [
            "",
            "_",
            "__",
            "a",
            "A",
            "1",
            "a_b",
            "a__b",
            "_a_",
            "HTTPServer",
            "httpServer",
            "HTTP2Server",
            "ABC123def",
            "a1B",
            "A1b",
            "aB1c",
            "IOError",
            "X",
            "xY",
            "XY",
            "XYz",
            "tenant.id",
            "a-b c",
            "OptVerse_10000001",
            "CONFIG_FILE_NOT_FOUND",
            "tenantId",
            "9a",
            "a9A",
            "A9a",
            "ab CD",
            "aBC",
            "ABc",
            "_A_b_C_",
            "a.B-c D_e",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = b"aAbBzZ09_-. xX";
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 9) as usize;
            let name: String = (0..len)
                .map(|k| alphabet[((seed >> (k * 4 + 8)) % alphabet.len() as u64) as usize] as char)
                .collect();
            names.push(name);
        }
        for name in &names {
            assert_eq!(Names::ascii(name), Names::with_heck(name), "{name:?}");
        }
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("b_tenant_x"));
        assert!(is_identifier("_a__1"));
        assert!(!is_identifier("9a"));
        assert!(!is_identifier("__"));
        assert!(!is_identifier("_1"));
        assert!(!is_identifier("___9a"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("错误"));
    }

    /// An identifier keeps a letter first and is not empty in every case,
    /// whatever heck does with its underscores and digits.
    #[test]
    fn identifiers_stay_identifiers_in_every_case() {
        let alphabet = b"aB9_";
        for len in 1..=6u32 {
            for n in 0..4usize.pow(len) {
                let name: String = (0..len)
                    .map(|k| char::from(alphabet[n / 4usize.pow(k) % 4]))
                    .collect();
                let names = Names::new(&name);
                let forms = [names.snake(), names.upper_camel(), names.lower_camel()];
                let usable = forms
                    .iter()
                    .all(|f| f.starts_with(|c: char| c.is_ascii_alphabetic()));
                assert_eq!(is_identifier(&name), usable, "{name:?}: {forms:?}");
            }
        }
    }
}
