//! An entry described for people: what `errgen explain CODE` prints and what
//! the language server shows on hover, one text for both.

use super::{Catalog, Entry};
use crate::generate::text::code_span;
use std::fmt::Write as _;

impl Catalog {
    /// `entry` (one of this catalog's) as Markdown: a heading with the
    /// catalog, the code and the name, then a list of its HTTP status, gRPC
    /// code, whether it is retryable, its stage and deprecation, its
    /// message in every locale, its params, causes and remedies. Texts are
    /// code spans, shown verbatim (placeholders and all).
    pub fn describe(&self, entry: &Entry) -> String {
        let mut out = format!(
            "# {} {} ({})\n\n",
            self.name.original(),
            code_span(&entry.code.to_string()),
            entry.name.original()
        );
        let mut line = |key: &str, value: &str| {
            let _ = writeln!(out, "- {key}: {value}");
        };
        if let Some(group) = entry.group {
            line("group", self.groups[group].name.original());
        }
        if let Some(http) = entry.http {
            line("http", &http.to_string());
        }
        if let Some(grpc) = entry.grpc {
            line("grpc", grpc.name());
        }
        line("retryable", if entry.retryable { "true" } else { "false" });
        if let Some(stage) = &entry.stage {
            line("stage", stage);
        }
        if let Some(deprecation) = &entry.deprecated {
            let mut text = deprecation
                .reason
                .as_deref()
                .map_or_else(|| "yes".to_owned(), code_span);
            if let Some(by) = &deprecation.replaced_by {
                let _ = write!(text, ", replaced by {by}");
            }
            line("deprecated", &text);
        }
        for alias in entry.aliases.iter() {
            let mut text = code_span(&alias.code.to_string());
            if let Some(why) = &alias.reason {
                let _ = write!(text, " ({})", code_span(why));
            }
            line("alias", &text);
        }
        for m in &entry.messages {
            line(&format!("message {}", m.locale), &code_span(&m.text));
        }
        for p in &entry.params {
            let name = p.name.original();
            let declared = match p.index {
                Some(index) if index.to_string() != name => format!("{index} as {name}"),
                _ => name.to_owned(),
            };
            line("param", &format!("{declared}: {}", p.ty));
        }
        for c in entry.causes.iter() {
            line(&format!("cause {}", c.locale), &code_span(&c.text));
        }
        for r in entry.remedies.iter() {
            line(&format!("remedy {}", r.locale), &code_span(&r.text));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::source::FileId;

    #[test]
    fn an_entry_is_described_with_every_locale_and_param() {
        let text = r#"catalog demo {
  locales en, zh
}
group auth {
  http 401
  error tenant_forbidden = "D_1" {
    http 403
    param 0 as tenant: string
    message en "The tenant {0} may not use `x`."
    message zh "租户 {0} 无权使用。"
    remedy zh "请联系管理员。"
  }
}
"#;
        let (catalog, _) = crate::ir::parse_and_lower(FileId(0), text).unwrap();
        let described = catalog.describe(&catalog.entries[0]);
        assert_eq!(
            described,
            "# demo `D_1` (tenant_forbidden)\n\n\
             - group: auth\n\
             - http: 403\n\
             - retryable: false\n\
             - message en: ``The tenant {0} may not use `x`.``\n\
             - message zh: `租户 {0} 无权使用。`\n\
             - param: 0 as tenant: string\n\
             - remedy zh: `请联系管理员。`\n"
        );
    }
}
