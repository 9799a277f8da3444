//! Identifiers in every case a target needs, computed once with heck.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;

/// A name as written and in each case the generators use.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Names {
    /// As written in the catalog.
    pub original: String,
    /// `tenant_forbidden`: Rust functions, fields and modules.
    pub snake: String,
    /// `TenantForbidden`: Rust types and enum variants.
    pub upper_camel: String,
    /// `tenantForbidden`: TypeScript properties.
    pub lower_camel: String,
    /// `TENANT_FORBIDDEN`: constants.
    pub shouty_snake: String,
    /// `tenant-forbidden`: anchors and file names.
    pub kebab: String,
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
        Names {
            original: name.to_owned(),
            snake: name.to_snake_case(),
            upper_camel: name.to_upper_camel_case(),
            lower_camel: name.to_lower_camel_case(),
            shouty_snake: name.to_shouty_snake_case(),
            kebab: name.to_kebab_case(),
        }
    }

    /// Every case of an ASCII `name`, as heck computes them, from one split
    /// into words instead of five (heck formats char by char through
    /// `fmt::Display`, the largest cost of lowering a large catalog).
    fn ascii(name: &str) -> Names {
        let words = ascii_words(name);
        // Exact capacities: every name of a catalog is kept in its IR.
        let letters: usize = words.iter().map(|w| w.len()).sum();
        let separated = letters + words.len().saturating_sub(1);
        let mut snake = String::with_capacity(separated);
        let mut shouty_snake = String::with_capacity(separated);
        let mut kebab = String::with_capacity(separated);
        let mut upper_camel = String::with_capacity(letters);
        let mut lower_camel = String::with_capacity(letters);
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                snake.push('_');
                shouty_snake.push('_');
                kebab.push('-');
            }
            for (j, c) in word.chars().enumerate() {
                let lower = c.to_ascii_lowercase();
                let upper = c.to_ascii_uppercase();
                snake.push(lower);
                kebab.push(lower);
                shouty_snake.push(upper);
                upper_camel.push(if j == 0 { upper } else { lower });
                lower_camel.push(if j == 0 && i > 0 { upper } else { lower });
            }
        }
        Names {
            original: name.to_owned(),
            snake,
            upper_camel,
            lower_camel,
            shouty_snake,
            kebab,
        }
    }

    /// The forms that must be unique among siblings, with what each is for.
    pub fn forms(&self) -> [(&str, &'static str); 4] {
        [
            (&self.snake, "snake_case"),
            (&self.upper_camel, "UpperCamelCase"),
            (&self.lower_camel, "lowerCamelCase"),
            (&self.shouty_snake, "SHOUTY_SNAKE_CASE"),
        ]
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

/// Whether `name` is an identifier every target accepts: an ASCII letter or
/// `_` first, then ASCII letters, digits and `_`, and not only underscores.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().any(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        let n = Names::new("CONFIG_FILE_NOT_FOUND");
        assert_eq!(n.snake, "config_file_not_found");
        assert_eq!(n.upper_camel, "ConfigFileNotFound");
        assert_eq!(n.lower_camel, "configFileNotFound");
        assert_eq!(Names::new("tenantId").snake, Names::new("tenant_id").snake);
        assert_eq!(Names::new("OptVerse_10000001").snake, "opt_verse_10000001");
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
        assert!(!is_identifier("9a"));
        assert!(!is_identifier("__"));
        assert!(!is_identifier("错误"));
    }
}
