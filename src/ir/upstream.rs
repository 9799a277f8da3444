//! Upstream systems: the systems whose errors a catalog's `upstream`
//! mappings recognise, declared once in the catalog header with how their
//! errors arrive, and each mapping resolved to its system.
//!
//! The rules reported here: `unknown-upstream` (a mapping names no declared
//! system), `undeclared-upstream` (a catalog with mappings declares no
//! system: a note, the catalog keeps working), `unknown-upstream-field`,
//! `missing-upstream-source` (an `http` or `grpc` condition on a system whose
//! errors carry no such thing) and `invalid-upstream-path`.

use super::names::Names;
use super::{Catalog, Upstream};
use crate::diagnostic::{Applicability, Diagnostic, Rule};
use crate::source::Span;
#[cfg(feature = "ir")]
use serde::Serialize;

/// A system whose errors the catalog's `upstream` mappings recognise, and
/// how its errors arrive.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct UpstreamSystem {
    /// Its name in every case (mappings name it as written).
    pub name: Names,
    /// Its title.
    pub title: Option<String>,
    /// Whether the catalog declares it. A catalog that declares no system
    /// gets one per name its mappings use, undeclared: its errors come with
    /// the call's HTTP status and gRPC code, and their message is the text.
    pub declared: bool,
    /// Whether its errors come with the HTTP status of the call (`status http`).
    pub status: bool,
    /// Where its gRPC code is read (`None`: its errors have none).
    pub grpc: Option<UpstreamSource>,
    /// Where its message is read.
    pub message: UpstreamSource,
    /// Its further named JSON fields, which mappings may match on.
    pub fields: Vec<UpstreamField>,
    /// Where it is declared (for an undeclared one: the first mapping
    /// naming it).
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

impl UpstreamSystem {
    /// Whether anything of its errors is read from a JSON body.
    pub fn reads_json(&self) -> bool {
        !self.fields.is_empty()
            || matches!(self.message, UpstreamSource::Field(_))
            || matches!(self.grpc, Some(UpstreamSource::Field(_)))
    }

    /// Where each of its texts is read, as classifiers number them (see
    /// [`super::Upstream::text_index`]): its message, then each field.
    pub fn texts(&self) -> Vec<UpstreamSource> {
        let fields = self
            .fields
            .iter()
            .map(|f| UpstreamSource::Field(f.path.clone()));
        std::iter::once(self.message.clone())
            .chain(fields)
            .collect()
    }

    /// The position of the field named `name` among [`Self::fields`].
    pub fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

/// Where a part of an upstream error is read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(tag = "from", rename_all = "snake_case"))]
pub enum UpstreamSource {
    /// From the call itself: the gRPC status trailer (`grpc trailer`), or
    /// the whole text of the error (`message text`).
    Call,
    /// From a field of the JSON body (`… field "path"`).
    Field(JsonPath),
}

/// A named JSON field of an upstream system's errors (`field NAME "path"`).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct UpstreamField {
    /// Its name, as mappings name it.
    pub name: String,
    /// Where it is in the body.
    pub path: JsonPath,
    /// Where it is declared.
    #[cfg_attr(feature = "ir", serde(skip))]
    pub span: Span,
}

/// A path into a JSON body: `details[0].error_message`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
pub struct JsonPath {
    /// As written.
    pub text: String,
    /// Its steps from the top: object keys and array indexes.
    pub steps: Vec<PathStep>,
}

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "ir", derive(Serialize))]
#[cfg_attr(feature = "ir", serde(untagged))]
pub enum PathStep {
    /// The member of an object with this key.
    Key(String),
    /// The element of an array at this index.
    Index(u32),
}

/// Why a path is malformed: where (a byte range of the path), what is wrong
/// there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathError {
    pub(crate) at: std::ops::Range<usize>,
    pub(crate) label: String,
}

impl JsonPath {
    /// Parses `key(.key|[index])*` (it may also start with `[index]`). A key
    /// is one or more characters other than `.`, `[` and `]`; an index is
    /// decimal digits without leading zeros.
    pub(crate) fn parse(text: &str) -> Result<JsonPath, PathError> {
        let err = |at: std::ops::Range<usize>, label: &str| PathError {
            at,
            label: label.to_owned(),
        };
        if text.is_empty() {
            return Err(err(0..0, "the path is empty"));
        }
        let bytes = text.as_bytes();
        let mut steps = Vec::new();
        let mut i = 0;
        let mut first = true;
        while i < bytes.len() {
            match bytes[i] {
                b'[' => {
                    let start = i;
                    let close = text[i..].find(']').map(|j| i + j);
                    let Some(close) = close else {
                        return Err(err(start..text.len(), "`[` without its `]`"));
                    };
                    let digits = &text[i + 1..close];
                    let valid = !digits.is_empty()
                        && digits.bytes().all(|b| b.is_ascii_digit())
                        && (digits == "0" || !digits.starts_with('0'));
                    let index = digits.parse::<u32>().ok().filter(|_| valid);
                    let Some(index) = index else {
                        return Err(err(
                            start..close + 1,
                            "an index is a number without leading zeros, such as `[0]`",
                        ));
                    };
                    steps.push(PathStep::Index(index));
                    i = close + 1;
                }
                b'.' if first => return Err(err(0..1, "the path starts with `.`")),
                b']' => return Err(err(i..i + 1, "`]` without its `[`")),
                _ => {
                    if !first {
                        if bytes[i] != b'.' {
                            return Err(err(i..i + 1, "expected `.` or `[` between steps"));
                        }
                        i += 1;
                    }
                    let start = i;
                    let end = text[i..]
                        .find(['.', '[', ']'])
                        .map_or(text.len(), |j| i + j);
                    if end == start {
                        return Err(err(start.saturating_sub(1)..end, "an empty key"));
                    }
                    steps.push(PathStep::Key(text[start..end].to_owned()));
                    i = end;
                }
            }
            first = false;
        }
        Ok(JsonPath {
            text: text.to_owned(),
            steps,
        })
    }
}

/// Where the parts of a mapping that name something of its system were
/// written (for diagnostics).
#[derive(Debug, Clone, Default)]
pub struct UpstreamSpans {
    /// The system's name.
    pub system: Option<Span>,
    /// The `http` condition.
    pub http: Option<Span>,
    /// The `grpc` condition.
    pub grpc: Option<Span>,
    /// The field of `match`.
    pub pattern_field: Option<Span>,
    /// The field of `contains`.
    pub contains_field: Option<Span>,
}

/// Resolves each mapping's system and checks what it names: the system, its
/// fields, and conditions on what the system's errors carry. A catalog that
/// declares no system gets one, undeclared, per name its mappings use.
pub(super) fn resolve(catalog: &mut Catalog, diagnostics: &mut Vec<Diagnostic>) {
    let declared = !catalog.upstream_systems.is_empty();
    let mut systems = std::mem::take(&mut catalog.upstream_systems);
    // The first mapping that names a system (nothing to misspell in one
    // that names none).
    let mut first_named: Option<Span> = None;
    for entry in &mut catalog.entries {
        for mapping in entry.upstreams.iter_mut() {
            if let Some(name) = mapping.spans.system {
                first_named.get_or_insert(name);
            }
            mapping.system = system_of(mapping, &mut systems, declared, diagnostics);
            if let Some(system) = mapping.system {
                check_mapping(mapping, &systems[system], diagnostics);
            }
        }
    }
    if let (false, Some(span)) = (declared, first_named) {
        diagnostics.push(undeclared_note(&systems, span));
    }
    catalog.upstream_systems = systems;
}

/// The system `mapping` names, made if the catalog declares none.
fn system_of(
    mapping: &Upstream,
    systems: &mut Vec<UpstreamSystem>,
    declared: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let Some(name) = mapping.source.as_deref() else {
        if declared {
            // `upstream {`: the name goes after the keyword.
            let at = Span::new(
                mapping.span.file,
                mapping.span.start + "upstream".len(),
                mapping.span.start + "upstream".len(),
            );
            let keyword = Span::new(mapping.span.file, mapping.span.start, at.start);
            let mut d = Diagnostic::new(
                Rule::UnknownUpstream,
                keyword,
                "this upstream mapping names no system",
            )
            .label("which system's errors does it recognise?");
            d = if let [only] = systems.as_slice() {
                let name = only.name.original();
                d.help(format!(
                    "name the catalog's only system: `upstream {name} {{`"
                ))
                .suggest(
                    format!("name `{name}`"),
                    at,
                    format!(" {name}"),
                    Applicability::MachineApplicable,
                )
            } else {
                d.help(format!(
                    "name one of the declared systems: {}",
                    list(systems.iter().map(|s| s.name.original()))
                ))
                .suggest(
                    "name a system",
                    at,
                    " SYSTEM",
                    Applicability::HasPlaceholders,
                )
            };
            diagnostics.push(d);
        }
        return None;
    };
    let span = mapping.spans.system.unwrap_or(mapping.span);
    if let Some(i) = systems.iter().position(|s| s.name.original() == name) {
        return Some(i);
    }
    if !declared {
        systems.push(UpstreamSystem {
            name: Names::new(name),
            title: None,
            declared: false,
            status: true,
            grpc: Some(UpstreamSource::Call),
            message: UpstreamSource::Call,
            fields: Vec::new(),
            span,
        });
        return Some(systems.len() - 1);
    }
    let names = systems.iter().map(|s| s.name.original());
    let d = Diagnostic::new(
        Rule::UnknownUpstream,
        span,
        format!("no upstream system is named `{name}`"),
    )
    .label("not declared in the catalog header")
    .did_you_mean(span, name, names.clone(), || {
        format!(
            "name one of {}, or declare `upstream {name} {{ … }}` in the catalog header",
            list(names)
        )
    });
    diagnostics.push(d);
    None
}

/// Checks that `mapping` asks only for what its system's errors carry.
fn check_mapping(mapping: &Upstream, system: &UpstreamSystem, diagnostics: &mut Vec<Diagnostic>) {
    let name = system.name.original();
    if let (Some(span), false) = (mapping.spans.http, system.status) {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingUpstreamSource,
                span,
                format!("the errors of `{name}` come with no HTTP status"),
            )
            .label("this condition can never hold")
            .secondary(
                system.span,
                format!("`{name}` declared without `status http`"),
            )
            .help(format!(
                "remove the condition, or add `status http` to the declaration of `{name}`"
            )),
        );
    }
    if let (Some(span), None) = (mapping.spans.grpc, &system.grpc) {
        diagnostics.push(
            Diagnostic::new(
                Rule::MissingUpstreamSource,
                span,
                format!("the errors of `{name}` come with no gRPC code"),
            )
            .label("this condition can never hold")
            .secondary(system.span, format!("`{name}` declared without `grpc`"))
            .help(format!(
                "remove the condition, or say where `{name}` sends it: `grpc field \"code\"` or `grpc trailer`"
            )),
        );
    }
    for (field, span) in [
        (&mapping.pattern_field, mapping.spans.pattern_field),
        (&mapping.contains_field, mapping.spans.contains_field),
    ] {
        let (Some(field), Some(span)) = (field, span) else {
            continue;
        };
        if system.field(field).is_some() {
            continue;
        }
        let names = system.fields.iter().map(|f| f.name.as_str());
        let d = Diagnostic::new(
            Rule::UnknownUpstreamField,
            span,
            format!("`{name}` declares no field `{field}`"),
        )
        .label("unknown field")
        .secondary(system.span, format!("`{name}` declared here"))
        .did_you_mean(span, field, names.clone(), || {
            if system.fields.is_empty() {
                format!(
                    "declare it: `field {field} \"path.in[0].body\"` in `upstream {name} {{ … }}`, or match the message"
                )
            } else {
                format!("name one of {}, or declare `field {field} \"…\"`", list(names))
            }
        });
        diagnostics.push(d);
    }
}

/// The note for a catalog whose mappings name systems it does not declare.
fn undeclared_note(systems: &[UpstreamSystem], first: Span) -> Diagnostic {
    let example = systems
        .first()
        .map_or("upstream_system", |s| s.name.original());
    Diagnostic::new(
        Rule::UndeclaredUpstream,
        first,
        "the catalog's upstream mappings name systems it does not declare",
    )
    .label("a misspelt system name here would go unnoticed")
    .help(format!(
        "declare each system once in the catalog header, e.g. `upstream {example} {{ status http }}`; then a misspelt name is an error"
    ))
    .note(format!(
        "systems named: {}",
        list(systems.iter().map(|s| s.name.original()))
    ))
}

/// `` `a`, `b`, `c` ``.
fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn lowered(text: &str) -> (Catalog, Vec<Diagnostic>) {
        crate::ir::parse_and_lower(FileId(0), text).expect("it parses")
    }

    #[test]
    fn mappings_resolve_to_declared_systems_and_their_fields() {
        let (catalog, diagnostics) = lowered(
            r#"catalog c {
  upstream kubeflow "KFP" {
    status http
    grpc field "code"
    message field "message"
    field detail "details[0].error_message"
  }
  upstream argo { message text }
}
error "A" {
  message "a"
  upstream argo { contains "x" }
  upstream kubeflow { http 404 grpc NOT_FOUND match detail r"y" }
}"#,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let systems = &catalog.upstream_systems;
        assert_eq!(systems.len(), 2);
        assert!(systems[0].declared && systems[0].status && systems[0].reads_json());
        assert!(!systems[1].reads_json() && systems[1].grpc.is_none());
        assert_eq!(systems[0].field("detail"), Some(0));
        let upstreams = &catalog.entries[0].upstreams;
        assert_eq!(upstreams[0].system, Some(1));
        assert_eq!(upstreams[1].system, Some(0));
        assert_eq!(upstreams[1].pattern_field.as_deref(), Some("detail"));
    }

    #[test]
    fn a_catalog_without_declarations_gets_undeclared_systems_and_a_note() {
        let (catalog, diagnostics) = lowered(
            r#"catalog c { }
error "A" {
  message "a"
  upstream kubeflow { http 500 grpc 13 contains "x" }
  upstream { contains "y" }
  upstream kubeflow { contains "z" }
}"#,
        );
        let rules: Vec<Rule> = diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(rules, [Rule::UndeclaredUpstream]);
        let systems = &catalog.upstream_systems;
        assert_eq!(systems.len(), 1);
        assert!(!systems[0].declared && systems[0].status);
        assert_eq!(systems[0].grpc, Some(UpstreamSource::Call));
        let upstreams = &catalog.entries[0].upstreams;
        let resolved: Vec<Option<usize>> = upstreams.iter().map(|u| u.system).collect();
        assert_eq!(resolved, [Some(0), None, Some(0)]);
        // Unnamed mappings alone: nothing to misspell, no note.
        let (_, diagnostics) =
            lowered("catalog c { }\nerror \"A\" { message \"a\" upstream { contains \"y\" } }");
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }

    #[test]
    fn suggestions_are_machine_applicable_only_when_unambiguous() {
        let text = r#"catalog c {
  upstream kubeflow { status http }
}
error "A" {
  message "a"
  upstream kubflow { http 404 }
  upstream { http 500 }
}"#;
        let (_, diagnostics) = lowered(text);
        let fixes: Vec<(&str, &str, Applicability)> = diagnostics
            .iter()
            .flat_map(|d| &d.suggestions)
            .map(|s| {
                (
                    &text[s.span.start..s.span.end],
                    s.replacement.as_str(),
                    s.applicability,
                )
            })
            .collect();
        assert_eq!(
            fixes,
            [
                ("kubflow", "kubeflow", Applicability::MachineApplicable),
                ("", " kubeflow", Applicability::MachineApplicable),
            ]
        );
        let text = r#"catalog c {
  upstream aa { status http }
  upstream bb { status http }
}
error "A" {
  message "a"
  upstream ab { http 404 }
  upstream { http 500 }
}"#;
        let (_, diagnostics) = lowered(text);
        let fixes: Vec<(&str, Applicability)> = diagnostics
            .iter()
            .flat_map(|d| &d.suggestions)
            .map(|s| (s.replacement.as_str(), s.applicability))
            .collect();
        assert_eq!(
            fixes,
            [
                ("aa", Applicability::MaybeIncorrect),
                (" SYSTEM", Applicability::HasPlaceholders),
            ]
        );
    }

    #[test]
    fn duplicate_systems_and_fields_are_reported() {
        let (catalog, diagnostics) = lowered(
            r#"catalog c {
  upstream kfp_client { message text }
  upstream kfpClient { message text }
  upstream k {
    field d "a"
    field d "b"
    field message "c"
    status http
    status http
  }
}"#,
        );
        let rules: Vec<Rule> = diagnostics.iter().map(|d| d.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::DuplicateName,
                Rule::DuplicateProperty,
                Rule::InvalidValue,
                Rule::DuplicateProperty
            ]
        );
        assert_eq!(catalog.upstream_systems.len(), 2);
    }

    fn steps(text: &str) -> Vec<PathStep> {
        JsonPath::parse(text).expect("a path").steps
    }

    #[test]
    fn paths_parse_into_keys_and_indexes() {
        use PathStep::{Index, Key};
        assert_eq!(steps("message"), [Key("message".into())]);
        assert_eq!(
            steps("details[0].error_message"),
            [Key("details".into()), Index(0), Key("error_message".into())]
        );
        assert_eq!(steps("[2][10]"), [Index(2), Index(10)]);
        assert_eq!(steps("@type"), [Key("@type".into())]);
    }

    #[test]
    fn malformed_paths_say_where() {
        let at = |text: &str| JsonPath::parse(text).expect_err(text).at;
        assert_eq!(at(""), 0..0);
        assert_eq!(at(".a"), 0..1);
        assert_eq!(at("a..b"), 1..2);
        assert_eq!(at("a."), 1..2);
        assert_eq!(at("a[x]"), 1..4);
        assert_eq!(at("a[01]"), 1..5);
        assert_eq!(at("a[]"), 1..3);
        assert_eq!(at("a[0"), 1..3);
        assert_eq!(at("a]"), 1..2);
        assert_eq!(at("a[0]b"), 4..5);
        assert_eq!(at("a[99999999999]"), 1..14);
    }
}
