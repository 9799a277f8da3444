//! Rendering diagnostics: rustc-style text through annotate-snippets (the
//! renderer cargo uses), or one JSON object per line for machines.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{floor_char_boundary, FileId, SourceMap, Span};
use annotate_snippets::{normalize_untrusted_str, AnnotationKind, Group, Level, Renderer, Snippet};

/// Renders one diagnostic as text, with the source lines it points at.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let id = diagnostic.rule.code();
    let mut group = level
        .primary_title(diagnostic.message.as_str())
        .id(id)
        .element(snippet(diagnostic, diagnostic.primary.span.file, sources));
    let mut other_files: Vec<FileId> = Vec::new();
    for label in &diagnostic.secondary {
        let file = label.span.file;
        if file != diagnostic.primary.span.file && !other_files.contains(&file) {
            other_files.push(file);
        }
    }
    for file in other_files {
        group = group.element(snippet(diagnostic, file, sources));
    }
    group = group.element(Level::NOTE.message(format!(
        "rule `{}`; run `errgen explain {}` for more",
        diagnostic.rule.name(),
        diagnostic.rule.code()
    )));
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(normalize_untrusted_str(note)));
    }
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(help) = &diagnostic.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(normalize_untrusted_str(help)),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report)
}

/// The lines of `file` that the diagnostic's labels point at, annotated.
fn snippet<'a>(
    diagnostic: &'a Diagnostic,
    file: FileId,
    sources: &'a SourceMap,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let source = sources.get(file);
    let text = source.text.as_str();
    let labels = std::iter::once((&diagnostic.primary, true))
        .chain(diagnostic.secondary.iter().map(|l| (l, false)))
        .filter(|(l, _)| l.span.file == file);
    let spans: Vec<(Span, &str, bool)> = labels
        .map(|(l, primary)| (clamp(text, l.span), l.message.as_str(), primary))
        .collect();
    // Only the lines from the first to the last label, so that a large file
    // costs no more than the lines shown.
    let first = spans.iter().map(|(s, ..)| s.start).min().unwrap_or(0);
    let last = spans.iter().map(|(s, ..)| s.end).max().unwrap_or(0);
    let start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let (line, _) = source.line_col(start);
    let mut snippet = Snippet::source(&text[start..end])
        .line_start(line)
        .path(source.name.as_str());
    for (span, message, primary) in spans {
        let kind = if primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        snippet = snippet.annotation(
            kind.span(span.start - start..span.end - start)
                .label(message),
        );
    }
    snippet
}

/// A span made safe to slice: inside the text and on char boundaries.
fn clamp(text: &str, span: Span) -> Span {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    Span::new(span.file, start, end)
}

/// Renders one diagnostic as a single line of JSON with `severity`, `rule`,
/// `code`, `message`, `file`, `line`, `column` (1-based, in characters),
/// `end_line`, `end_column`, `help`, `notes` and the secondary `labels`.
pub fn json(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let (file, line, column) = sources.location(diagnostic.primary.span);
    let end = diagnostic.primary.span;
    let (end_line, end_column) = sources.get(end.file).line_col(end.end);
    let labels: Vec<serde_json::Value> = diagnostic
        .secondary
        .iter()
        .map(|l| {
            let (file, line, column) = sources.location(l.span);
            serde_json::json!({ "file": file, "line": line, "column": column, "message": l.message })
        })
        .collect();
    serde_json::json!({
        "severity": diagnostic.severity.as_str(),
        "rule": diagnostic.rule.name(),
        "code": diagnostic.rule.code(),
        "message": diagnostic.message,
        "file": file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "label": diagnostic.primary.message,
        "help": diagnostic.help,
        "notes": diagnostic.notes,
        "labels": labels,
    })
    .to_string()
}

/// The closing line: `3 errors, 1 warning`, or `None` when there are none.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(plural(e, "error")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}
