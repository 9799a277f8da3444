//! What the server answers: diagnostics in the protocol's shape, quick
//! fixes, hover, go to definition, document symbols, completion and
//! formatting. Each reads the state as the last check left it.

use super::position::LineIndex;
use super::state::{Analysis, File, State};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::ir::{Catalog, Code, Entry, EntryIndex};
use crate::source::{FileId, Span};
use lsp_types::{
    CodeAction, CodeActionOrCommand, CodeActionParams, CompletionItem, CompletionItemKind,
    DiagnosticRelatedInformation, DiagnosticSeverity, DocumentSymbol, GotoDefinitionResponse,
    Hover, HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, SymbolKind,
    TextDocumentPositionParams, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// A diagnostic as the protocol carries it: the range of its primary span
/// in UTF-16 positions, the rule's code in `code` (no link: the
/// explanation is `errgen explain CODE`), the help and notes after the
/// message, the secondary spans as related information, and in `data` the
/// rule's name and the suggestions.
pub(crate) fn to_lsp(state: &State, d: &Diagnostic) -> lsp_types::Diagnostic {
    let file = state.file(d.primary.span.file);
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push_str(&format!(" ({})", d.primary.message));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .secondary
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: location(state, label.span)?,
                message: if label.message.is_empty() {
                    "see here".to_owned()
                } else {
                    label.message.clone()
                },
            })
        })
        .collect();
    let suggestions: Vec<serde_json::Value> = d
        .suggestions
        .iter()
        .map(|s| {
            serde_json::json!({
                "message": s.message,
                "replacement": s.replacement,
                "applicability": s.applicability.as_str(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(file, d.primary.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_owned())),
        code_description: None,
        source: Some("errgen".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "rule": d.rule.name(),
            "suggestions": suggestions,
        })),
    }
}

/// The `config` diagnostic of an invalid errgen.yaml (`text`, as
/// [`crate::config::text_of`] reads it: without a byte-order mark, as the
/// client holds it).
pub(crate) fn config_to_lsp(_uri: &Uri, text: &str, d: &Diagnostic) -> lsp_types::Diagnostic {
    let index = LineIndex::new(text);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    lsp_types::Diagnostic {
        range: index.range(text, d.primary.span.start, d.primary.span.end),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_owned())),
        source: Some("errgen".to_owned()),
        message,
        data: Some(serde_json::json!({ "rule": d.rule.name(), "suggestions": [] })),
        ..lsp_types::Diagnostic::default()
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The range of a span in its file.
fn range(file: &File, span: Span) -> lsp_types::Range {
    file.index.range(&file.text, span.start, span.end)
}

/// Where a span is, for the client.
fn location(state: &State, span: Span) -> Option<Location> {
    let file = state.files.get(span.file.0 as usize)?;
    Some(Location::new(file.uri.clone(), range(file, span)))
}

/// The file of `uri` and the byte offset of `position` in its analyzed text.
fn at(state: &State, uri: &Uri, position: lsp_types::Position) -> Option<(FileId, usize)> {
    let id = state.find(uri)?;
    let file = state.file(id);
    Some((id, file.index.offset(&file.text, position)))
}

/// Quick fixes: each suggestion of a diagnostic that touches the range asked
/// about becomes an edit; a machine-applicable one is the preferred fix.
// `WorkspaceEdit::changes` is keyed by lsp-types' `Uri`, whose parsed form
// clippy takes for interior mutability; its hash and order are its text's.
#[allow(clippy::mutable_key_type)]
pub(crate) fn code_actions(state: &State, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(id) = state.find(&params.text_document.uri) else {
        return Vec::new();
    };
    let file = state.file(id);
    let from = file.index.offset(&file.text, params.range.start);
    let to = file.index.offset(&file.text, params.range.end);
    let mut actions = Vec::new();
    for d in &file.diagnostics {
        let span = d.primary.span;
        if span.start > to || span.end < from {
            continue;
        }
        for suggestion in &d.suggestions {
            let Some(target) = state.files.get(suggestion.span.file.0 as usize) else {
                continue;
            };
            let edit = TextEdit::new(
                range(target, suggestion.span),
                suggestion.replacement.clone(),
            );
            let changes = HashMap::from([(target.uri.clone(), vec![edit])]);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: suggestion.message.clone(),
                kind: Some(lsp_types::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(state, d)]),
                edit: Some(WorkspaceEdit::new(changes)),
                is_preferred: Some(suggestion.applicability == Applicability::MachineApplicable),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// A token of the text under the cursor.
#[derive(Debug, PartialEq)]
enum Token<'t> {
    /// A name (`[A-Za-z_][A-Za-z0-9_]*`), and the word before it on its
    /// line (`replaced_by` for a reference).
    Name(&'t str, &'t str),
    /// A code: a string literal's content or an integer.
    Code(Code),
}

/// The token at `offset` and its span: a string literal on the line (a code
/// is written without escapes), an integer, or a name.
fn token_at(text: &str, offset: usize) -> Option<(Token<'_>, std::ops::Range<usize>)> {
    // Lines end at `\n`, `\r\n` and a lone `\r`.
    let line_start = text[..offset.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let line_end = text[offset.min(text.len())..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    // The strings of the line, outside comments: does one hold the cursor?
    let bytes = line.as_bytes();
    let code = comment_start(line).unwrap_or(bytes.len());
    let mut i = 0;
    while i < code {
        if bytes[i] == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            let end = (i + 1).min(bytes.len());
            if (line_start + start..=line_start + end).contains(&offset) {
                let content = line.get(start + 1..i.min(bytes.len()))?;
                return Some((
                    Token::Code(Code::Str(content.to_owned())),
                    line_start + start..line_start + end,
                ));
            }
        }
        i += 1;
    }
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let column = offset - line_start;
    let start = bytes[..column]
        .iter()
        .rposition(|&b| !word(b))
        .map_or(0, |i| i + 1);
    let end = bytes[column..]
        .iter()
        .position(|&b| !word(b))
        .map_or(bytes.len(), |i| column + i);
    if start == end {
        return None;
    }
    let text_of = &line[start..end];
    let span = line_start + start..line_start + end;
    if text_of.bytes().all(|b| b.is_ascii_digit()) {
        return Some((Token::Code(Code::Int(text_of.parse().ok()?)), span));
    }
    if text_of.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let before = line[..start].split_whitespace().next_back().unwrap_or("");
    Some((Token::Name(text_of, before), span))
}

/// Where the comment of `line` (a line, or its start) begins: its first
/// `//` outside a string literal (plain, with escapes, or raw).
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => return Some(i),
            b'"' => {
                let raw = i > 0 && bytes[i - 1] == b'r';
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' && !raw { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The keywords whose name argument refers to an entry of the catalog, so
/// that go to definition follows it. (An `alias` declares a code on its
/// entry: a code is followed by [`answering`], which is where aliases join.)
const REFERENCES: &[&str] = &["replaced_by"];

/// The entries of `analyses` that answer to `code`, each with its
/// analysis.
fn answering<'a, 'c>(
    analyses: &'a [Analysis<'c>],
    code: &Code,
) -> Vec<(&'a Analysis<'c>, &'c Entry)> {
    let mut found = Vec::new();
    for analysis in analyses {
        for entry in &analysis.catalog.entries {
            if same_code(&entry.code, code) {
                found.push((analysis, entry));
            }
        }
    }
    found
}

/// Whether a code as read from a token is `code`: a string token `"100"`
/// of an integer catalog is the integer.
fn same_code(code: &Code, token: &Code) -> bool {
    match (code, token) {
        (Code::Int(n), Code::Str(s)) => s.parse::<u64>().ok() == Some(*n),
        _ => code == token,
    }
}

/// The entry of `catalog` that a name refers to, as `replaced_by` resolves
/// it (its name as written or in snake case).
fn named<'c>(catalog: &'c Catalog, name: &str) -> Option<&'c Entry> {
    EntryIndex::new(&catalog.entries)
        .named_or_snake(name)
        .map(|i| &catalog.entries[i])
}

/// Hover on a code (an entry's, a reference to one, a reserved one) or an
/// entry's name: the entry described, with its messages in every locale,
/// its HTTP status and params; a reserved code with its reason. While the
/// file does not parse, the last catalog that did answers for a token in
/// unchanged text ([`State::analysis`]).
pub(crate) fn hover(state: &State, params: &TextDocumentPositionParams) -> Option<Hover> {
    let (id, offset) = at(state, &params.text_document.uri, params.position)?;
    let file = state.file(id);
    let (token, span) = token_at(file.analyzed(), offset)?;
    let analyses = state.analyses_with(id);
    let own = analyses.first().filter(|a| a.catalog.file == id)?;
    if !own.unchanged(span.start, span.end) {
        return None;
    }
    let text = match &token {
        Token::Name(name, _) => own.catalog.describe(named(own.catalog, name)?),
        Token::Code(code) => match answering(&analyses, code).first() {
            Some((analysis, entry)) => analysis.catalog.describe(entry),
            None => {
                let reserved = analyses
                    .iter()
                    .flat_map(|a| a.catalog.reserved.iter())
                    .find(|r| r.covers(code))?;
                let mut text = format!(
                    "reserved: {}",
                    crate::generate::text::code_span(&code.to_string())
                );
                if let Some(reason) = &reserved.reason {
                    text.push_str(&format!(" ({})", crate::generate::text::code_span(reason)));
                }
                text
            }
        },
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(file.index.range(&file.text, span.start, span.end)),
    })
}

/// Go to definition: from `replaced_by NAME` to the entry; from a code to
/// every other place that declares or reserves it (the entry that has it,
/// the `reserved` statement that retired it), across the catalogs checked
/// together. While a file does not parse, the last catalog that did
/// answers, from and to unchanged text ([`State::analysis`]).
pub(crate) fn definition(
    state: &State,
    params: &TextDocumentPositionParams,
) -> Option<GotoDefinitionResponse> {
    let (id, offset) = at(state, &params.text_document.uri, params.position)?;
    let file = state.file(id);
    let (token, span) = token_at(file.analyzed(), offset)?;
    let analyses = state.analyses_with(id);
    let own = analyses.first().filter(|a| a.catalog.file == id)?;
    if !own.unchanged(span.start, span.end) {
        return None;
    }
    let here = |span: Span| span.file == id && span.start <= offset && offset <= span.end;
    // Each target as it stands in its file's text of now.
    let mut targets = Vec::new();
    match token {
        Token::Name(name, before) if REFERENCES.contains(&before) => {
            let entry = named(own.catalog, name)?;
            targets.extend(own.span_within(entry.spans.name.unwrap_or(entry.spans.head)));
        }
        Token::Name(..) => return None,
        Token::Code(code) => {
            for (analysis, entry) in answering(&analyses, &code) {
                targets.extend(analysis.span_within(entry.spans.code));
            }
            for analysis in &analyses {
                for reserved in &analysis.catalog.reserved {
                    if reserved.covers(&code) {
                        targets.extend(analysis.span_within(reserved.span));
                    }
                }
            }
        }
    }
    let locations: Vec<Location> = targets
        .into_iter()
        .filter(|&span| !here(span))
        .filter_map(|span| location(state, span))
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

/// The outline: groups (subgroups inside), and the entries inside their
/// group, each named by its name with its code as detail. While the file
/// does not parse, the last catalog that did gives the outline, without
/// the groups and entries whose start, end or name the edits since changed
/// ([`State::analysis`]): those inside a removed group move up.
#[allow(deprecated)] // `DocumentSymbol::deprecated`: the field must be written
pub(crate) fn symbols(state: &State, uri: &Uri) -> Option<Vec<DocumentSymbol>> {
    let id = state.find(uri)?;
    let file = state.file(id);
    let analysis = state.analysis(id)?;
    let catalog = analysis.catalog;
    let symbol = |name: String, detail: String, kind, span: Span, selection: Span| {
        Some(DocumentSymbol {
            name,
            detail: Some(detail),
            kind,
            tags: None,
            deprecated: None,
            range: range(file, analysis.span(span)?),
            selection_range: range(file, analysis.span_within(selection)?),
            children: None,
        })
    };
    let mut groups: Vec<(Option<usize>, Option<DocumentSymbol>)> = catalog
        .groups
        .iter()
        .map(|g| {
            let title = g.title.clone().unwrap_or_default();
            let selection = group_name_span(analysis.text, g.span).unwrap_or(g.span);
            let s = symbol(
                g.name.original().to_owned(),
                title,
                SymbolKind::NAMESPACE,
                g.span,
                selection,
            );
            (g.parent, s)
        })
        .collect();
    // The group a symbol goes in: the innermost one still there.
    let parent = |groups: &[(Option<usize>, Option<DocumentSymbol>)], mut g: Option<usize>| {
        while let Some(i) = g {
            if groups[i].1.is_some() {
                break;
            }
            g = groups[i].0;
        }
        g
    };
    let mut top = Vec::new();
    for entry in &catalog.entries {
        let Some(s) = symbol(
            entry.name.original().to_owned(),
            entry.code.to_string(),
            SymbolKind::ENUM_MEMBER,
            entry.spans.entry,
            entry.spans.name.unwrap_or(entry.spans.code),
        ) else {
            continue;
        };
        match parent(&groups, entry.group).and_then(|g| groups[g].1.as_mut()) {
            Some(group) => group.children.get_or_insert_with(Vec::new).push(s),
            None => top.push(s),
        }
    }
    // Subgroups come after their parents: move each into its parent from
    // the last one up.
    while let Some((parent_of, group)) = groups.pop() {
        let Some(group) = group else {
            continue;
        };
        match parent(&groups, parent_of).and_then(|p| groups[p].1.as_mut()) {
            Some(p) => p.children.get_or_insert_with(Vec::new).push(group),
            None => top.push(group),
        }
    }
    fn order(symbols: &mut [DocumentSymbol]) {
        symbols.sort_by_key(|s| (s.range.start.line, s.range.start.character));
        for s in symbols {
            if let Some(children) = &mut s.children {
                order(children);
            }
        }
    }
    order(&mut top);
    Some(top)
}

/// The span of a group's name after its `group` keyword.
fn group_name_span(text: &str, group: Span) -> Option<Span> {
    let head = text.get(group.start..group.end)?.strip_prefix("group")?;
    let blank = head.len() - head.trim_start().len();
    let name_len = head[blank..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(head.len() - blank);
    let start = group.start + "group".len() + blank;
    Some(Span::new(group.file, start, start + name_len))
}

/// Completion: the keywords that may start what comes at the cursor (the
/// grammar says which, [`crate::parse::expect`]) and, where a locale may
/// stand, the locales the catalog declares; nothing in a comment. After a
/// syntax error, a place in text unchanged since the file last parsed is
/// asked of that text.
pub(crate) fn completion(
    state: &State,
    params: &TextDocumentPositionParams,
) -> Option<Vec<CompletionItem>> {
    let (id, offset) = at(state, &params.text_document.uri, params.position)?;
    let text = state.file(id).analyzed();
    let line = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if comment_start(&text[line..offset]).is_some() {
        return Some(Vec::new());
    }
    // The word being typed is replaced by the item: ask about what precedes it.
    let start = text[..offset]
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .len();
    let expected = crate::parse::expect::after(&text[..start]);
    // A text wrong before the place: while the file does not parse, a place
    // after the edits since the last text that did is asked of that text.
    let (expected, text) = match expected {
        Some(expected) => (expected, text),
        None => match state.analysis(id).filter(Analysis::is_earlier) {
            Some(analysis) => {
                let earlier = analysis
                    .offset(start)
                    .and_then(|start| crate::parse::expect::after(analysis.text.get(..start)?));
                match earlier {
                    Some(expected) => (expected, analysis.text),
                    None => return Some(Vec::new()),
                }
            }
            None => return Some(Vec::new()),
        },
    };
    let mut items: Vec<CompletionItem> = expected
        .keywords
        .iter()
        .map(|&keyword| CompletionItem {
            label: keyword.to_owned(),
            kind: Some(CompletionItemKind::KEYWORD),
            ..CompletionItem::default()
        })
        .collect();
    if expected.locale {
        items.extend(
            crate::parse::expect::declared_locales(text)
                .into_iter()
                .map(|locale| CompletionItem {
                    label: locale,
                    kind: Some(CompletionItemKind::VALUE),
                    detail: Some("locale".to_owned()),
                    ..CompletionItem::default()
                }),
        );
    }
    Some(items)
}

/// Formatting with `errgen fmt`: one edit replacing the text with its
/// canonical form, none when it is already formatted; `None` when the file
/// does not parse (fmt leaves such a file alone).
pub(crate) fn formatting(state: &State, uri: &Uri) -> Option<Vec<TextEdit>> {
    let file = state.file(state.find(uri)?);
    let text = file.analyzed();
    let formatted = crate::fmt::format_source(file.uri.as_str(), text).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    let whole = file.index.range(&file.text, 0, text.len());
    Some(vec![TextEdit::new(whole, formatted)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_under_the_cursor() {
        let text =
            "  replaced_by old_name // x\n  error a = \"OptVerse_1\" {\n  reserved 100 \"why\"";
        let at = |needle: &str, plus: usize| token_at(text, text.find(needle).unwrap() + plus);
        assert_eq!(
            at("old_name", 3).map(|t| t.0),
            Some(Token::Name("old_name", "replaced_by"))
        );
        assert_eq!(
            at("OptVerse", 0).map(|t| t.0),
            Some(Token::Code(Code::Str("OptVerse_1".into())))
        );
        // On the opening quote, and on the closing one.
        assert!(matches!(at("\"OptVerse", 0), Some((Token::Code(_), _))));
        assert!(matches!(at("_1\"", 2), Some((Token::Code(_), _))));
        assert_eq!(at("100", 1).map(|t| t.0), Some(Token::Code(Code::Int(100))));
        assert_eq!(at("error", 2).map(|t| t.0), Some(Token::Name("error", "")));
        // Inside a comment: a word, never a string.
        assert_eq!(at("x\n", 0).map(|t| t.0), Some(Token::Name("x", "//")));
        assert_eq!(token_at(text, text.find(" {").unwrap() + 1), None);
    }

    /// A lone `\r` ends a line as `\n` does: a comment on the line before
    /// hides nothing on this one.
    #[test]
    fn tokens_of_a_file_whose_lines_end_in_cr() {
        let text = "// old\r  error a = \"OptVerse_1\" {\r  replaced_by b\r";
        let at = |needle: &str| token_at(text, text.find(needle).unwrap() + 1).map(|t| t.0);
        assert_eq!(
            at("OptVerse"),
            Some(Token::Code(Code::Str("OptVerse_1".into())))
        );
        assert_eq!(at("b\r"), Some(Token::Name("b", "replaced_by")));
    }

    /// A line's comment starts at its first `//` outside a string: not in
    /// a URL, nor after a raw string that ends in a backslash.
    #[test]
    fn where_a_comment_starts() {
        fn at(line: &str) -> Option<&str> {
            comment_start(line).map(|i| &line[i..])
        }
        assert_eq!(at("  http 404 // why"), Some("// why"));
        assert_eq!(at("  docs \"https://x\" // d"), Some("// d"));
        assert_eq!(at(r#"  match r"a\" // d"#), Some("// d"));
        assert_eq!(comment_start(r#"  message en "a \" // b""#), None);
        assert_eq!(comment_start("  message en \"unterminated // x"), None);
    }
}
