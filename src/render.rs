//! Rendering diagnostics: rustc-style text through annotate-snippets (the
//! renderer cargo uses); for machines, one JSON object per line, a SARIF
//! 2.1.0 log (code scanning) or GitHub Actions workflow commands
//! (annotations on a pull request's lines).

use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::source::{floor_char_boundary, FileId, SourceFile, SourceMap, Span};
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
    let (mut start, mut stop) = (first_line.start, before_cr(text, last_line.end, end));
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

/// The end of a snippet whose last line ends at `stop`, without the `\r`
/// of a CRLF line ending unless a label reaching to `end` covers it:
/// annotate-snippets would print it as `␍` at the end of the line.
fn before_cr(text: &str, stop: usize, end: usize) -> usize {
    if stop > end && text.as_bytes()[..stop].ends_with(b"\r") {
        stop - 1
    } else {
        stop
    }
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
    let mut stop = before_cr(text, last_line.end, span.end);
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

/// Where a span lies, in the units the machine formats report: 1-based
/// lines and columns (in characters) of its start and of its end (the
/// character after it), and byte offsets into the file as read (a
/// byte-order mark counted, [`SourceFile::file_offset`]).
struct Place<'a> {
    source: &'a SourceFile,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
}

fn place(sources: &SourceMap, span: Span) -> Place<'_> {
    let source = sources.get(span.file);
    let span = clamp(&source.text, span);
    let (line, column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end);
    Place {
        source,
        line,
        column,
        end_line,
        end_column,
        byte_start: source.file_offset(span.start),
        byte_end: source.file_offset(span.end),
    }
}

/// Renders one diagnostic as a single line of JSON with `severity`, `rule`,
/// `code`, `message`, `file`, `line`, `column` (1-based, in characters),
/// `end_line`, `end_column` (the character after the span), `byte_start`,
/// `byte_end` (offsets into the file as read, a byte-order mark counted),
/// `label`, `help`, `notes`, the secondary `labels` (each with its `file`,
/// lines, columns, byte offsets and `message`) and the `suggestions` (each
/// with its `message`, `replacement`, `applicability` and the place it
/// replaces, in the same fields).
/// (Feature `json`, which `cli` turns on: `--message-format json`.)
#[cfg(feature = "json")]
pub fn json(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    use serde_json::{json, Value};
    /// The place's fields, with `extra` beside them.
    fn placed(at: &Place<'_>, extra: Value) -> Value {
        let mut value = json!({
            "file": at.source.name,
            "line": at.line,
            "column": at.column,
            "end_line": at.end_line,
            "end_column": at.end_column,
            "byte_start": at.byte_start,
            "byte_end": at.byte_end,
        });
        if let (Value::Object(fields), Value::Object(more)) = (&mut value, extra) {
            fields.extend(more);
        }
        value
    }
    let labels: Vec<Value> = diagnostic
        .secondary
        .iter()
        .map(|l| placed(&place(sources, l.span), json!({ "message": l.message })))
        .collect();
    let suggestions: Vec<Value> = diagnostic
        .suggestions
        .iter()
        .map(|s| {
            placed(
                &place(sources, s.span),
                json!({
                    "message": s.message,
                    "replacement": s.replacement,
                    "applicability": s.applicability.as_str(),
                }),
            )
        })
        .collect();
    placed(
        &place(sources, diagnostic.primary.span),
        json!({
            "severity": diagnostic.severity.as_str(),
            "rule": diagnostic.rule.name(),
            "code": diagnostic.rule.code(),
            "message": diagnostic.message,
            "label": diagnostic.primary.message,
            "help": diagnostic.help,
            "notes": diagnostic.notes,
            "labels": labels,
            "suggestions": suggestions,
        }),
    )
    .to_string()
}

/// The text of a diagnostic for formats that show one message: the
/// headline, then a line per related place (`file:line:column: label`),
/// `help:` and each `note:`.
fn message_text(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let mut text = diagnostic.message.clone();
    for label in &diagnostic.secondary {
        let (file, line, column) = sources.location(label.span);
        text.push_str(&format!("\n{file}:{line}:{column}: {}", label.message));
    }
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for note in &diagnostic.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    text
}

/// Renders one diagnostic as a GitHub Actions workflow command, which the
/// runner shows as an annotation on the file's line in the pull request:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=E0003 duplicate-code::message`
/// (`::warning` for a warning, `::notice` for a note). The message holds
/// the headline, the related places, `help:` and the notes, one a line.
/// Properties and message are escaped as the runner unescapes them
/// (`%`, CR and LF; in properties also `:` and `,`), so that no text of a
/// catalog can end the command early or start another.
pub fn github(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let at = place(sources, diagnostic.primary.span);
    let title = format!("{} {}", diagnostic.rule.code(), diagnostic.rule.name());
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        github_escape(&at.source.name, true),
        at.line,
        at.column,
        at.end_line,
        at.end_column,
        github_escape(&title, true),
        github_escape(&message_text(diagnostic, sources), false),
    )
}

/// Escapes a workflow command's message (`property` false) or property
/// value (`property` true) as the Actions runner's `CommandEscaping`
/// unescapes it.
fn github_escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// Renders diagnostics as one SARIF 2.1.0 log (a JSON document): one run of
/// the tool `errgen`, whose rules are every checker rule (`id` its code,
/// `name` its name, the summary and the `errgen explain` page as its
/// descriptions and help, its default level); one result per diagnostic
/// with the rule, level, message (as [`github`] composes it), the primary
/// place (region with lines, columns in Unicode code points and byte
/// offsets), the related places, and a fix per suggestion (its
/// applicability in the fix's property bag). Paths relative to the current
/// folder are relative URIs against `%SRCROOT%`, which GitHub code scanning
/// reads as the repository's root; absolute paths are `file://` URIs.
/// (Feature `json`: `--message-format sarif`.)
#[cfg(feature = "json")]
pub fn sarif(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    use crate::diagnostic::Rule;
    use serde_json::{json, Value};
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let region = |at: &Place<'_>| {
        json!({
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
            "byteOffset": at.byte_start,
            "byteLength": at.byte_end - at.byte_start,
        })
    };
    let physical = |span: Span| {
        let at = place(sources, span);
        json!({
            "artifactLocation": artifact_location(at.source),
            "region": region(&at),
        })
    };
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code(),
                "name": rule.name(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.summary() },
                "help": { "text": rule.explanation(), "markdown": rule.explanation() },
                "defaultConfiguration": { "level": level(rule.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut location = json!({ "physicalLocation": physical(d.primary.span) });
            if !d.primary.message.is_empty() {
                location["message"] = json!({ "text": d.primary.message });
            }
            let related: Vec<Value> = d
                .secondary
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i + 1,
                        "physicalLocation": physical(l.span),
                        "message": { "text": l.message },
                    })
                })
                .collect();
            let fixes: Vec<Value> = d
                .suggestions
                .iter()
                .map(|s| {
                    let at = place(sources, s.span);
                    json!({
                        "description": { "text": s.message },
                        "artifactChanges": [{
                            "artifactLocation": artifact_location(at.source),
                            "replacements": [{
                                "deletedRegion": region(&at),
                                "insertedContent": { "text": s.replacement },
                            }],
                        }],
                        "properties": { "applicability": s.applicability.as_str() },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule.code(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == d.rule),
                "level": level(d.severity),
                "message": { "text": message_text(d, sources) },
                "locations": [location],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            result
        })
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "errgen",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
    .to_string()
}

/// The `$schema` of a SARIF log: the OASIS standard's (errata 01).
#[cfg(feature = "json")]
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A SARIF `artifactLocation` for a source file: its path (or its name, for
/// standard input) as a URI, relative against `%SRCROOT%` or `file://`.
#[cfg(feature = "json")]
fn artifact_location(source: &SourceFile) -> serde_json::Value {
    use std::path::{Component, Path};
    let path = source
        .path
        .as_deref()
        .unwrap_or_else(|| Path::new(&source.name));
    let mut absolute = false;
    let mut segments: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            // A Windows drive (`C:`): `file:///C:/…`.
            Component::Prefix(prefix) => {
                absolute = true;
                segments.push(percent_encode(&prefix.as_os_str().to_string_lossy(), ":"));
            }
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => segments.push("..".to_owned()),
            Component::Normal(name) => segments.push(percent_encode(&name.to_string_lossy(), "")),
        }
    }
    let joined = segments.join("/");
    if absolute {
        serde_json::json!({ "uri": format!("file:///{joined}") })
    } else {
        serde_json::json!({ "uri": joined, "uriBaseId": "%SRCROOT%" })
    }
}

/// `text` as a URI path segment: unreserved characters, sub-delimiters,
/// `@` and those in `keep` as they are, every other byte of its UTF-8 as
/// `%XX` (`:` too, so that a relative reference never reads as a scheme).
#[cfg(feature = "json")]
fn percent_encode(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=@".contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
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
