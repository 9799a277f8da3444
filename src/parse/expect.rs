//! What may be written at a place of a catalog: the keywords and whether a
//! locale, for the language server's completion. Asked of the grammar
//! itself: the text before the place is parsed, and the rules pest expected
//! where it ended are mapped to the keyword lists of the syntax errors (one
//! list of which keywords stand where).

use super::grammar::CatalogParser;
use super::syntax_error::pick_family;
use super::Rule;
use pest::Parser as _;

/// What the grammar accepts after a prefix of a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    /// The keywords that may start what comes next (a statement of the
    /// block the prefix ends in, or an item at the top level).
    pub(crate) keywords: &'static [&'static str],
    /// Whether a locale tag may come next (`message |`, `locales en, |`).
    pub(crate) locale: bool,
}

/// What may follow `prefix`, the text of a catalog up to a place (the place
/// is its end). `None` for a prefix that is wrong before its end: it says
/// nothing of the place.
pub(crate) fn after(prefix: &str) -> Option<Expected> {
    let nothing = Expected {
        keywords: &[],
        locale: false,
    };
    let positives = match CatalogParser::parse(Rule::file, prefix) {
        // A whole catalog: what comes next is another item.
        Ok(_) => vec![Rule::entry, Rule::group, Rule::reserved_stmt],
        Err(error) => {
            let at = match error.location {
                pest::error::InputLocation::Pos(p) => p,
                pest::error::InputLocation::Span((s, _)) => s,
            };
            // Only an error at the end says what the place may hold.
            if !prefix[at..].trim().is_empty() {
                return None;
            }
            match error.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
                pest::error::ErrorVariant::CustomError { .. } => return Some(nothing),
            }
        }
    };
    Some(Expected {
        keywords: pick_family(&positives).map_or(&[], |f| f.keywords),
        locale: positives.contains(&Rule::locale),
    })
}

/// The locales the header of `text` declares (`locales en, zh`), read
/// from the header alone: what a text's locale may be, also while the rest
/// of the file does not parse.
pub(crate) fn declared_locales(text: &str) -> Vec<String> {
    let Ok(mut pairs) = CatalogParser::parse(Rule::file_head, text) else {
        return Vec::new();
    };
    let Some(head) = pairs.next() else {
        return Vec::new();
    };
    let builder = super::Builder {
        file: crate::source::FileId(0),
        base: 0,
    };
    let Some(catalog) = super::children(head).next() else {
        return Vec::new();
    };
    builder
        .catalog(catalog)
        .stmts
        .into_iter()
        .filter_map(|stmt| match stmt.node {
            super::ast::CatalogStmt::Locales(locales) => Some(locales),
            _ => None,
        })
        .flatten()
        .map(|ident| ident.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "catalog demo {\n  locales en, zh\n";

    fn keywords(prefix: &str) -> &'static [&'static str] {
        after(prefix).map_or(&[], |e| e.keywords)
    }

    #[test]
    fn each_block_expects_its_own_statements() {
        let header = keywords(HEAD);
        assert!(header.contains(&"format") && !header.contains(&"message"));
        let top = format!("{HEAD}}}\n\n");
        assert_eq!(
            keywords(&top),
            ["error", "success", "group", "reserved", "type"]
        );
        let entry = format!("{HEAD}}}\nerror a = \"A\" {{\n  message en \"x\"\n  ");
        let entry = keywords(&entry);
        assert!(entry.contains(&"message") && entry.contains(&"replaced_by"));
        assert!(!entry.contains(&"range"));
        let group = format!("{HEAD}}}\ngroup g {{\n  ");
        let group = keywords(&group);
        assert!(group.contains(&"range") && group.contains(&"error"));
        let upstream = format!("{HEAD}}}\nerror a = 1 {{\n  upstream k {{\n    ");
        assert_eq!(keywords(&upstream), ["http", "grpc", "match", "contains"]);
    }

    #[test]
    fn a_locale_is_expected_after_a_text_keyword() {
        let message = format!("{HEAD}}}\nerror a = 1 {{\n  message ");
        assert!(after(&message).unwrap().locale);
        let locales = "catalog demo {\n  locales en, ";
        assert!(after(locales).unwrap().locale);
        let http = format!("{HEAD}}}\nerror a = 1 {{\n  http ");
        assert_eq!(
            after(&http),
            Some(Expected {
                keywords: &[],
                locale: false
            })
        );
    }

    #[test]
    fn the_header_declares_the_locales() {
        let text = format!("{HEAD}}}\nerror a = 1 {{\n  message ");
        assert_eq!(declared_locales(&text), ["en", "zh"]);
        assert_eq!(declared_locales("catalog {"), Vec::<String>::new());
    }

    /// A prefix wrong before its end says nothing (no guess).
    #[test]
    fn a_wrong_prefix_expects_nothing() {
        let wrong = format!("{HEAD}}}\nerror a = 1 {{\n  htpp 404\n  ");
        assert_eq!(after(&wrong), None);
    }

    /// Every keyword of the grammar (a `kw_*` rule of grammar/errgen.pest)
    /// is offered somewhere, but those that only follow another word: the
    /// header's `catalog`, `param 0 as`, a field's `optional`, a param's `wire`.
    #[test]
    fn every_grammar_keyword_is_offered_somewhere() {
        let prefixes = [
            HEAD.to_owned(),
            format!("{HEAD}}}\n"),
            format!("{HEAD}}}\nerror a = 1 {{\n"),
            format!("{HEAD}}}\ngroup g {{\n"),
            format!("{HEAD}}}\nerror a = 1 {{\n  upstream {{\n"),
            format!("{HEAD}  envelope {{\n"),
            format!("{HEAD}  upstream k {{\n"),
            format!("{HEAD}  upstream k {{\n    grpc "),
            format!("{HEAD}}}\nerror a = 1 {{\n  param x: "),
        ];
        let offered: Vec<&str> = prefixes.iter().flat_map(|p| keywords(p)).copied().collect();
        for rule in Rule::all_rules() {
            let name = format!("{rule:?}");
            let Some(keyword) = name.strip_prefix("kw_") else {
                continue;
            };
            if ["catalog", "as", "optional", "wire"].contains(&keyword) {
                continue;
            }
            assert!(offered.contains(&keyword), "`{keyword}` is never offered");
        }
    }
}
