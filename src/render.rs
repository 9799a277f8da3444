//! Rendering diagnostics: rustc-style text through annotate-snippets (the
//! renderer cargo uses), or one JSON object per line for machines.

use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::source::{floor_char_boundary, FileId, SourceMap, Span};
use annotate_snippets::{
    normalize_untrusted_str, AnnotationKind, Group, Level, Patch, Renderer, Snippet,
};

/// Renders one diagnostic as text, with the source lines it points at.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let id = diagnostic.rule.code();
    let mut group = Group::with_title(level.primary_title(diagnostic.message.as_str()).id(id));
    let mut files: Vec<FileId> = vec![diagnostic.primary.span.file];
    for label in &diagnostic.secondary {
        if !files.contains(&label.span.file) {
            files.push(label.span.file);
        }
    }
    let mut fixes = Vec::new();
    for file in files {
        group = group.elements(snippets(diagnostic, file, sources, &mut fixes));
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
    // A fix is shown as rustc shows one: its message, then the lines as
    // they would read; the `help` line it spells out is not repeated.
    let shown = |help: &String| diagnostic.suggestions.iter().any(|s| &s.message == help);
    if let Some(help) = diagnostic.help.as_ref().filter(|h| !shown(h)) {
        report.push(Group::with_title(
            Level::HELP.secondary_title(normalize_untrusted_str(help)),
        ));
    }
    for suggestion in &diagnostic.suggestions {
        report.push(
            Group::with_title(
                Level::HELP.secondary_title(normalize_untrusted_str(&suggestion.message)),
            )
            .element(patched(suggestion, sources)),
        );
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    fix_locations(renderer.render(&report), &fixes)
}

/// Labels at most this many lines and [`SNIPPET_GAP_BYTES`] apart share a
/// snippet (the lines between are shown or folded); farther apart, each run
/// has its own.
const SNIPPET_GAP: usize = 32;

/// See [`SNIPPET_GAP`].
const SNIPPET_GAP_BYTES: usize = 8192;

/// A line longer than this (in bytes) is shown only around its labels.
const LONG_LINE: usize = 4096;

/// How much of a long line is kept before and after its labels.
const LONG_LINE_CONTEXT: usize = 128;

/// A label's span, message and whether it is the primary one.
type Labeled<'a> = (Span, &'a str, bool);

/// The snippets of `file`: one per run of nearby labels, the primary label's
/// first. Each costs what it shows, not the text between labels far apart
/// nor the whole of a long line, so that many diagnostics pointing back at
/// one place cost no more each than one. A snippet of a cut line is
/// returned with the location annotate-snippets will print for it and the
/// right one (it counts columns from the cut).
fn snippets<'a>(
    diagnostic: &'a Diagnostic,
    file: FileId,
    sources: &'a SourceMap,
    fixes: &mut Vec<Option<(String, String)>>,
) -> Vec<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let source = sources.get(file);
    let text = source.text.as_str();
    let mut labels: Vec<Labeled<'_>> = std::iter::once((&diagnostic.primary, true))
        .chain(diagnostic.secondary.iter().map(|l| (l, false)))
        .filter(|(l, _)| l.span.file == file)
        .map(|(l, primary)| (clamp(text, l.span), l.message.as_str(), primary))
        .collect();
    labels.sort_by_key(|(span, _, primary)| (span.start, span.end, !primary));
    let mut runs: Vec<(&[Labeled<'_>], usize)> = Vec::new();
    let mut rest = &labels[..];
    while !rest.is_empty() {
        // A run: labels starting at most `SNIPPET_GAP` lines after the end
        // of the run so far.
        let mut end = rest[0].0.end;
        let mut n = 1;
        while let Some(&(next, ..)) = rest.get(n) {
            let (gap_start, gap_end) = (source.line_of(end), source.line_of(next.start));
            if gap_end.0 > gap_start.0 + SNIPPET_GAP
                || gap_end.1.start.saturating_sub(gap_start.1.end) > SNIPPET_GAP_BYTES
            {
                break;
            }
            end = end.max(next.end);
            n += 1;
        }
        let (run, after) = rest.split_at(n);
        runs.push((run, end));
        rest = after;
    }
    if let Some(i) = runs.iter().position(|(run, _)| run.iter().any(|l| l.2)) {
        let primary = runs.remove(i);
        runs.insert(0, primary);
    }
    runs.into_iter()
        .map(|(run, end)| {
            let (snippet, fix) = snippet(source, run, end);
            fixes.push(fix);
            snippet
        })
        .collect()
}

/// One snippet: the lines from the first label of `run` to `end`, the end of
/// its last label, a long line cut around the labels. With the location
/// annotate-snippets prints for it and the right one, when they differ.
fn snippet<'a>(
    source: &'a crate::source::SourceFile,
    run: &[Labeled<'a>],
    end: usize,
) -> (
    Snippet<'a, annotate_snippets::Annotation<'a>>,
    Option<(String, String)>,
) {
    let text = source.text.as_str();
    let first = run[0].0.start;
    let (line, first_line) = source.line_of(first);
    let last_line = source.line_of(end).1;
    let (mut start, mut stop) = (first_line.start, last_line.end);
    let mut fix = None;
    if first - start > LONG_LINE {
        let cut = floor_char_boundary(text, first - LONG_LINE_CONTEXT);
        // annotate-snippets names the primary label's column, or the first
        // label's in a snippet without the primary one.
        let shown = run.iter().find(|l| l.2).unwrap_or(&run[0]).0.start;
        let (shown_line, column) = source.line_col(shown);
        if shown_line == line {
            let counted = text[cut..floor_char_boundary(text, shown)].chars().count() + 1;
            fix = Some((format!(":{line}:{counted}"), format!(":{line}:{column}")));
        }
        start = cut;
    }
    if stop - end.max(last_line.start) > LONG_LINE {
        stop = floor_char_boundary(text, end + LONG_LINE_CONTEXT).max(end);
    }
    let mut snippet = Snippet::source(&text[start..stop])
        .line_start(line)
        .path(source.name.as_str());
    for &(span, message, primary) in run {
        let kind = if primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let span =
            span.start.max(start) - start..span.end.min(stop).max(span.start.max(start)) - start;
        snippet = snippet.annotation(kind.span(span).label(message));
    }
    (snippet, fix)
}

/// The lines of a suggestion's span with its replacement patched in (a
/// long line only around the span).
fn patched<'a>(suggestion: &'a Suggestion, sources: &'a SourceMap) -> Snippet<'a, Patch<'a>> {
    let source = sources.get(suggestion.span.file);
    let text = source.text.as_str();
    let span = clamp(text, suggestion.span);
    let (line, first_line) = source.line_of(span.start);
    let last_line = source.line_of(span.end).1;
    let mut start = first_line.start;
    if span.start - start > LONG_LINE {
        start = floor_char_boundary(text, span.start - LONG_LINE_CONTEXT);
    }
    let mut stop = last_line.end;
    if stop - span.end.max(last_line.start) > LONG_LINE {
        stop = floor_char_boundary(text, span.end + LONG_LINE_CONTEXT).max(span.end);
    }
    Snippet::source(&text[start..stop])
        .line_start(line)
        .path(source.name.as_str())
        .patch(Patch::new(
            span.start - start..span.end - start,
            normalize_untrusted_str(&suggestion.replacement),
        ))
}

/// Puts the right locations into the `-->`/`:::` lines of `rendered`, the
/// `n`th such line by `fixes[n]`.
fn fix_locations(rendered: String, fixes: &[Option<(String, String)>]) -> String {
    if fixes.iter().all(Option::is_none) {
        return rendered;
    }
    let mut out = String::with_capacity(rendered.len());
    let mut fixes = fixes.iter();
    for line in rendered.split_inclusive('\n') {
        let mut plain = line.trim_start_matches(' ');
        while let Some(styled) = plain.strip_prefix('\x1b') {
            plain = styled.split_once('m').map_or("", |(_, rest)| rest);
        }
        let is_location = plain.starts_with("--> ") || plain.starts_with("::: ");
        match is_location.then(|| fixes.next()).flatten() {
            Some(Some((shown, right))) if line.contains(shown.as_str()) => {
                let at = line.rfind(shown.as_str()).unwrap_or(0);
                out.push_str(&line[..at]);
                out.push_str(right);
                out.push_str(&line[at + shown.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
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
/// (Feature `json`, which `cli` turns on: `--format json`.)
#[cfg(feature = "json")]
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

/// The closing line: `3 errors, 1 warning, 2 notes`, or `None` when there
/// are none.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Note, "note"),
    ]
    .into_iter()
    .map(|(s, word)| (count(s), word))
    .filter(|&(n, _)| n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::summary;
    use crate::diagnostic::{Diagnostic, Rule, Severity};
    use crate::source::{FileId, Span};

    fn with(severity: Severity) -> Diagnostic {
        let span = Span {
            file: FileId(0),
            start: 0,
            end: 0,
        };
        let mut d = Diagnostic::new(Rule::UnusedParam, span, "m");
        d.severity = severity;
        d
    }

    #[test]
    fn the_summary_counts_each_severity_and_names_only_those_present() {
        assert_eq!(summary(&[]), None);
        let notes = [with(Severity::Note), with(Severity::Note)];
        assert_eq!(summary(&notes).as_deref(), Some("2 notes"));
        let all = [
            with(Severity::Note),
            with(Severity::Error),
            with(Severity::Warning),
        ];
        assert_eq!(summary(&all).as_deref(), Some("1 error, 1 warning, 1 note"));
    }
}
