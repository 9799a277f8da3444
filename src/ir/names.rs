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
        Names {
            original: name.to_owned(),
            snake: name.to_snake_case(),
            upper_camel: name.to_upper_camel_case(),
            lower_camel: name.to_lower_camel_case(),
            shouty_snake: name.to_shouty_snake_case(),
            kebab: name.to_kebab_case(),
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

    #[test]
    fn identifiers() {
        assert!(is_identifier("b_tenant_x"));
        assert!(!is_identifier("9a"));
        assert!(!is_identifier("__"));
        assert!(!is_identifier("错误"));
    }
}
