//! Lowering: [`ast::File`] → [`Catalog`].
//!
//! Resolves what the syntax leaves open (default locale, inherited group
//! defaults, implicit params, placeholder references, replacement names) and
//! reports what makes a statement meaningless: a duplicate property, an
//! unknown locale, an out-of-domain value, a malformed placeholder. Rules that
//! judge a well-formed catalog live in [`crate::check`].

use super::envelope;
use super::names::{canonical_locale, is_identifier, not_identifier, same_locale, Names};
use super::template::{PlaceholderKey, Template};
use super::*;
use crate::diagnostic::{Applicability, Diagnostic, Rule};
use crate::hash::{FastMap, FastSet, ScanMap};
use crate::parse::ast;
use std::collections::BTreeMap;

/// Lowers a parsed file. Always returns a catalog (best effort) so that the
/// checks can still run; problems are returned as diagnostics.
///
/// A large file's items are lowered in runs of about as many bytes each,
/// as many as [`parse_and_lower`] makes of its text, on several threads
/// (the language server lowers the tree it keeps between edits).
pub fn lower(file: &ast::File, text: &str) -> (Catalog, Vec<Diagnostic>) {
    lower_tree(file, text, crate::parse::runs_for(text.len()), None)
}

/// [`lower`] of a text lowered again after each edit (the language
/// server's): the patterns `memo` holds are not checked again.
pub fn lower_edited(
    file: &ast::File,
    text: &str,
    memo: &super::PatternMemo,
) -> (Catalog, Vec<Diagnostic>) {
    memo.next_lowering();
    lower_tree(file, text, crate::parse::runs_for(text.len()), Some(memo))
}

/// [`lower`] in `runs` runs of items (one: on this thread). Public for the
/// fuzz targets, which hold the runs to the one-thread lowering.
#[doc(hidden)]
pub fn lower_in_runs(file: &ast::File, text: &str, runs: usize) -> (Catalog, Vec<Diagnostic>) {
    lower_tree(file, text, runs, None)
}

/// [`lower`] in `runs` runs of items, checking patterns through `memo`.
fn lower_tree<'a>(
    file: &ast::File,
    text: &'a str,
    runs: usize,
    memo: Option<&'a super::PatternMemo>,
) -> (Catalog, Vec<Diagnostic>) {
    let runs = runs.min(file.items.len());
    if runs <= 1 {
        return lower_items(file, file.items.iter(), text, memo);
    }
    let ((catalog, diagnostics, refs), make) =
        header_and_runs(file.file, &file.catalog, text, memo);
    // Runs of about as many bytes each.
    let end = |item: &ast::Item| item.span().end;
    let start = file.items.first().map_or(0, |item| item.span().start);
    let length = file.items.last().map_or(0, end) - start;
    let mut cuts = vec![0];
    for (i, item) in file.items.iter().enumerate() {
        if end(item) - start >= length * cuts.len() / runs && cuts.len() < runs {
            cuts.push(i + 1);
        }
    }
    cuts.push(file.items.len());
    cuts.dedup();
    let runs: Vec<&[ast::Item]> = cuts.windows(2).map(|c| &file.items[c[0]..c[1]]).collect();
    let lowered = crate::parallel::map(&runs, |items| {
        let mut lowerer = make();
        items.iter().for_each(|item| lowerer.item(item));
        lowerer
    });
    finish(catalog, diagnostics, refs, lowered)
}

/// [`lower`], consuming the syntax tree: each top-level item is dropped as
/// soon as it is lowered, so that a large catalog's tree and IR are never
/// both whole in memory.
pub fn lower_owned(mut file: ast::File, text: &str) -> (Catalog, Vec<Diagnostic>) {
    let items = std::mem::take(&mut file.items);
    lower_items(&file, items.into_iter(), text, None)
}

/// Parses and lowers a file in one pass: [`parse`](crate::parse::parse) then
/// [`lower`], with the same result, but each top-level item is lowered as
/// soon as it is parsed and then dropped, on the thread that parsed it. A
/// large file's syntax tree never exists whole, and its items are lowered
/// on as many threads as they are parsed. A syntax error is returned as
/// `parse` returns it.
#[allow(clippy::result_large_err)]
pub fn parse_and_lower(file: FileId, text: &str) -> Result<(Catalog, Vec<Diagnostic>), Diagnostic> {
    lower_runs(file, text, |sinks| {
        crate::parse::parse_with(file, text, sinks)
    })
}

/// [`parse_and_lower`] with the parse that `parse` makes (the tests choose
/// where runs start).
#[allow(clippy::result_large_err)]
fn lower_runs<'a>(
    file: FileId,
    text: &'a str,
    parse: impl FnOnce(
        Box<dyn FnOnce(&ast::Catalog) -> MakeLowerer<'a> + '_>,
    ) -> Result<crate::parse::Parsed<Lowerer<'a>>, Diagnostic>,
) -> Result<(Catalog, Vec<Diagnostic>), Diagnostic> {
    let mut header = None;
    let parsed = parse(Box::new(|catalog| -> MakeLowerer<'a> {
        let (lowered, make) = header_and_runs(file, catalog, text, None);
        header = Some(lowered);
        make
    }))?;
    let (catalog, diagnostics, refs) = header.expect("the header is lowered before the items");
    Ok(finish(catalog, diagnostics, refs, parsed.runs))
}

/// The catalog's header lowered (with its diagnostics and the record types
/// it names), and the maker of the lowerer of each run of items: each
/// starts from what the header declared.
fn header_and_runs<'a>(
    file: FileId,
    catalog: &ast::Catalog,
    text: &'a str,
    memo: Option<&'a super::PatternMemo>,
) -> (Header, MakeLowerer<'a>) {
    let mut first = Lowerer::new(text, memo);
    let lowered = first.catalog_header(file, catalog);
    let (locales, locale_ids, message_locales, stages, envelope_names, default_envelopes) = (
        first.locales,
        first.locale_ids,
        first.message_locales,
        first.stages,
        first.envelope_names,
        first.default_envelopes,
    );
    let make = Box::new(move || {
        let mut run = Lowerer::new(text, memo);
        run.locales.clone_from(&locales);
        run.locale_ids.clone_from(&locale_ids);
        run.message_locales.clone_from(&message_locales);
        run.stages.clone_from(&stages);
        run.envelope_names.clone_from(&envelope_names);
        run.default_envelopes = default_envelopes.clone();
        run
    });
    ((lowered, first.diagnostics, first.type_refs), make)
}

/// The names of the built-in types, which no record type may take.
const BUILTIN_TYPES: [&str; 9] = [
    "string", "int", "float", "bool", "any", "object", "array", "list", "map",
];

/// The names (in UpperCamelCase) after the catalog's name of the types
/// the targets generate besides the records' (`<Catalog>Error`, …): a
/// record type named so would clash with one.
const GENERATED_TYPES: [&str; 14] = [
    "ErrorObject",
    "Upstream",
    "Locale",
    "Kind",
    "Error",
    "Envelope",
    "UnknownCode",
    "Message",
    "ParamValue",
    "Code",
    "Decoded",
    "Received",
    "Unknown",
    "DecodeError",
];

/// How many entries a lowerer lowers before it guesses how many more there
/// are ([`Lowerer::reserve_to_end`]).
const RESERVE_AFTER: usize = 512;

/// A catalog's header lowered: the catalog so far, its diagnostics and
/// the record types it names.
type Header = (Catalog, Vec<Diagnostic>, Vec<(String, Span)>);

/// Makes the lowerer of each run of items.
type MakeLowerer<'a> = Box<dyn Fn() -> Lowerer<'a> + Sync + 'a>;

/// Lowers the header of `file`, then `items` one by one.
fn lower_items<'a, I: std::borrow::Borrow<ast::Item>>(
    file: &ast::File,
    items: impl Iterator<Item = I>,
    text: &'a str,
    memo: Option<&'a super::PatternMemo>,
) -> (Catalog, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::new(text, memo);
    let catalog = lowerer.catalog_header(file.file, &file.catalog);
    let header_diagnostics = std::mem::take(&mut lowerer.diagnostics);
    let header_refs = std::mem::take(&mut lowerer.type_refs);
    for item in items {
        lowerer.item(item.borrow());
    }
    finish(catalog, header_diagnostics, header_refs, vec![lowerer])
}

/// Lowering takes the items of a file as they are parsed, in runs.
impl crate::parse::ItemSink for Lowerer<'_> {
    const COMMENTS: bool = false;

    fn item(&mut self, item: ast::Item) {
        Lowerer::item(self, &item);
    }
}

/// Completes `catalog` (its header lowered, with `diagnostics`) with the
/// items of `runs`, lowered run by run in source order: what needs the
/// whole catalog (the kinds of its codes, `replaced_by` references) is
/// decided here.
fn finish(
    mut catalog: Catalog,
    mut diagnostics: Vec<Diagnostic>,
    mut type_refs: Vec<(String, Span)>,
    runs: Vec<Lowerer<'_>>,
) -> (Catalog, Vec<Diagnostic>) {
    let total: usize = runs.iter().map(|run| run.entries.len()).sum();
    let mut replacements = Vec::new();
    for mut run in runs {
        catalog.types.append(&mut run.types);
        type_refs.append(&mut run.type_refs);
        let (group_base, entry_base) = (catalog.groups.len(), catalog.entries.len());
        if group_base > 0 {
            for group in &mut run.groups {
                group.parent = group.parent.map(|p| p + group_base);
            }
            for entry in &mut run.entries {
                entry.group = entry.group.map(|g| g + group_base);
            }
            for reserved in &mut run.reserved {
                reserved.group = reserved.group.map(|g| g + group_base);
            }
        }
        if catalog.entries.is_empty() {
            // The first run's entries stay where they are.
            catalog.entries = std::mem::take(&mut run.entries);
            catalog.entries.reserve_exact(total - catalog.entries.len());
        } else {
            catalog.entries.append(&mut run.entries);
        }
        catalog.groups.append(&mut run.groups);
        catalog.reserved.append(&mut run.reserved);
        replacements.extend(
            run.replacements
                .drain(..)
                .map(|(index, name, span)| (index + entry_base, name, span)),
        );
        diagnostics.append(&mut run.diagnostics);
    }
    catalog.code_kind = code_kind(&catalog.entries, &mut diagnostics);
    resolve_types(&mut catalog, &type_refs, &mut diagnostics);
    resolve_replacements(&mut catalog.entries, replacements, &mut diagnostics);
    if catalog.code_kind == CodeKind::Integer {
        let int_code = |member: &mut EnvelopeMember| {
            if matches!(member.kind, MemberKind::Code | MemberKind::OuterCode) {
                member.ty = ParamType::Int;
            }
        };
        for member in catalog.envelopes.iter_mut().flat_map(|e| &mut e.members) {
            int_code(member);
            member.members.iter_mut().for_each(int_code);
        }
    }
    envelope::settle_optional(&mut catalog.envelopes, &catalog.entries);
    super::upstream::resolve(&mut catalog, &mut diagnostics);
    (catalog, diagnostics)
}

/// Checks the record types of `catalog` once every run is lowered (a
/// type may be declared after the entries that name it): two types of one
/// name (`duplicate-type`), a name in `refs` that no type has
/// (`unknown-type`, and the type becomes `any` so that nothing after
/// lowering meets a dangling name), a type that contains itself
/// (`recursive-type`).
fn resolve_types(catalog: &mut Catalog, refs: &[(String, Span)], out: &mut Vec<Diagnostic>) {
    let mut first: ScanMap<&str, usize> = ScanMap::default();
    let mut keep = vec![true; catalog.types.len()];
    for (i, record) in catalog.types.iter().enumerate() {
        match first.get(record.name.snake()) {
            Some(&j) => {
                keep[i] = false;
                let earlier = &catalog.types[j];
                out.push(
                    Diagnostic::new(
                        Rule::DuplicateType,
                        record.span,
                        format!("record type `{}` is declared twice", record.name.original()),
                    )
                    .label("declared again here")
                    .secondary(
                        earlier.span,
                        format!("`{}` is declared here", earlier.name.original()),
                    )
                    .help("give each record type its own name, or merge the two"),
                );
            }
            None => {
                first.insert_new(record.name.snake(), i);
            }
        }
    }
    drop(first);
    let mut index = 0;
    catalog.types.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    let known: FastSet<String> = catalog
        .types
        .iter()
        .map(|t| t.name.original().to_owned())
        .collect();
    let mut unknown: FastSet<&str> = FastSet::default();
    for (name, span) in refs {
        if known.contains(name) {
            continue;
        }
        unknown.insert(name);
        let builtins = ["string", "int", "float", "bool", "any"];
        let candidates = builtins
            .iter()
            .copied()
            .chain(catalog.types.iter().map(|t| t.name.original()));
        let d = Diagnostic::new(
            Rule::UnknownType,
            *span,
            format!("there is no type `{name}`"),
        )
        .label("unknown type");
        out.push(match name.as_str() {
            "list" => d.help("a list names its items' type: `list<string>`"),
            "map" => d.help("a map names its values' type: `map<string, int>`"),
            _ if builtin_for(name).is_some() => {
                let (builtin, certain) = builtin_for(name).expect("just matched");
                let help = format!("errgen calls this type `{builtin}`");
                let applicability = if certain {
                    Applicability::MachineApplicable
                } else {
                    Applicability::MaybeIncorrect
                };
                d.help(help.clone()).suggest(help, *span, builtin, applicability)
            }
            _ => d.did_you_mean(*span, name, candidates, || format!(
                "declare it: `type {name} {{ field NAME: TYPE }}`, or use a built-in type (`string`, `int`, `float`, `bool`, `any`, `list<…>`, `map<string, …>`)"
            )),
        });
    }
    if !unknown.is_empty() {
        // An unknown type is `any`, but a param's type that another
        // language names a scalar (`str`, `i64`) is that scalar: as `any` it
        // added an error for every message that shows the param and every
        // envelope without `params`.
        let fix = |ty: &mut ParamType| forget_unknown(ty, &known);
        for entry in &mut catalog.entries {
            for param in &mut entry.params {
                let builtin = match &param.ty {
                    ParamType::Record(name) if !known.contains(name.as_str()) => {
                        builtin_for(name).map(|(builtin, _)| (name.clone(), builtin))
                    }
                    _ => None,
                };
                let Some((name, builtin)) = builtin else {
                    fix(&mut param.ty);
                    continue;
                };
                // Another language's name for a scalar (`str`, `i64`): the
                // param is that scalar, wire-only only if `wire` was written
                // (after the type, within the statement).
                let written_wire = refs.iter().any(|(n, span)| {
                    *n == name
                        && span.file == param.span.file
                        && param.span.start <= span.start
                        && span.end < param.span.end
                });
                param.ty = match builtin {
                    "string" => ParamType::String,
                    "int" => ParamType::Int,
                    "float" => ParamType::Float,
                    "bool" => ParamType::Bool,
                    _ => ParamType::Any,
                };
                param.wire = written_wire;
            }
        }
        for record in &mut catalog.types {
            record.fields.iter_mut().for_each(|f| fix(&mut f.ty));
        }
        for member in catalog.envelopes.iter_mut().flat_map(|e| &mut e.members) {
            fix(&mut member.ty);
            member.members.iter_mut().for_each(|m| fix(&mut m.ty));
        }
    }
    recursive_types(catalog, out);
}

/// Turns every record name of `ty` that is not `known` into `any`.
/// errgen's built-in type for the name another language gives it (`str`,
/// `i64`, `boolean`), and whether that is certainly what was meant (`number`
/// may be `int` or `float`). Declared record types come first: a catalog
/// may declare a type named `number`.
fn builtin_for(name: &str) -> Option<(&'static str, bool)> {
    Some(match name {
        "str" | "String" | "text" | "varchar" => ("string", true),
        "integer" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "long"
        | "usize" | "isize" | "Integer" | "Long" => ("int", true),
        "boolean" | "Boolean" => ("bool", true),
        "double" | "f32" | "f64" | "decimal" | "Double" | "Float" => ("float", true),
        "number" | "Number" => ("float", false),
        "json" | "Object" | "unknown" | "dynamic" => ("any", false),
        _ => return None,
    })
}

fn forget_unknown(ty: &mut ParamType, known: &FastSet<String>) {
    match ty {
        ParamType::List(item) | ParamType::Map(item) => forget_unknown(item, known),
        ParamType::Record(name) if !known.contains(name.as_str()) => *ty = ParamType::Any,
        _ => {}
    }
}

/// `recursive-type`: a record type that reaches itself through its fields'
/// types, reported once per cycle at the field that closes it.
fn recursive_types(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let position = |name: &str| catalog.types.iter().position(|t| t.name.original() == name);
    // 0: not visited, 1: on the path, 2: done.
    let mut state = vec![0u8; catalog.types.len()];
    fn visit(
        at: usize,
        catalog: &Catalog,
        position: &dyn Fn(&str) -> Option<usize>,
        state: &mut [u8],
        path: &mut Vec<usize>,
        out: &mut Vec<Diagnostic>,
    ) {
        state[at] = 1;
        path.push(at);
        for field in &catalog.types[at].fields {
            let Some(next) = field.ty.record_name().and_then(position) else {
                continue;
            };
            match state[next] {
                0 => visit(next, catalog, position, state, path, out),
                1 => {
                    let start = path.iter().position(|&p| p == next).unwrap_or(0);
                    let mut names: Vec<String> = path[start..]
                        .iter()
                        .map(|&p| format!("`{}`", catalog.types[p].name.original()))
                        .collect();
                    names.push(format!("`{}`", catalog.types[next].name.original()));
                    out.push(
                        Diagnostic::new(
                            Rule::RecursiveType,
                            field.span,
                            format!(
                                "record type `{}` contains itself: {}",
                                catalog.types[next].name.original(),
                                names.join(" → ")
                            ),
                        )
                        .label("this field closes the cycle")
                        .secondary(
                            catalog.types[next].span,
                            "the record type that contains itself",
                        )
                        .help("type the nested part `any`, or flatten it into fields"),
                    );
                }
                _ => {}
            }
        }
        path.pop();
        state[at] = 2;
    }
    let mut path = Vec::new();
    for at in 0..catalog.types.len() {
        if state[at] == 0 {
            visit(at, catalog, &position, &mut state, &mut path, out);
        }
    }
}

/// The kind of the catalog's codes: that of its first code (strings if it
/// has none). Reports every code, and every alias, of the other kind.
fn code_kind(entries: &[Entry], diagnostics: &mut Vec<Diagnostic>) -> CodeKind {
    let kind = |code: &Code| match code {
        Code::Int(_) => CodeKind::Integer,
        Code::Str(_) => CodeKind::String,
    };
    let Some(first) = entries.first() else {
        return CodeKind::String;
    };
    let first_kind = kind(&first.code);
    let aliases = entries
        .iter()
        .flat_map(|e| e.aliases.iter().map(|a| (&a.code, a.span, "alias")));
    let codes = entries[1..]
        .iter()
        .map(|e| (&e.code, e.spans.code, "code"))
        .chain(aliases);
    for (code, span, what) in codes {
        let this_kind = kind(code);
        if this_kind == first_kind {
            continue;
        }
        let (this, other) = match this_kind {
            CodeKind::Integer => ("an integer", "string"),
            CodeKind::String => ("a string", "integer"),
        };
        diagnostics.push(
            Diagnostic::new(
                Rule::MixedCodeKinds,
                span,
                format!("this {what} is {this}, but the catalog's codes are {other}s"),
            )
            .label(format!("{this} {what}"))
            .secondary(
                first.spans.code,
                format!(
                    "the first code is {}",
                    if other == "string" {
                        "a string"
                    } else {
                        "an integer"
                    }
                ),
            )
            .help(match this_kind {
                CodeKind::Integer => format!("quote it: `\"{code}\"`"),
                CodeKind::String => "write every code of the catalog the same way".to_owned(),
            }),
        );
    }
    first_kind
}

/// Checks every `replaced_by` (`(entry index, name, span)`) names another
/// entry, by its name as written or in snake case; the first entry so named
/// is the one meant (as the generators find it, with the same index).
fn resolve_replacements(
    entries: &mut [Entry],
    replacements: Vec<(usize, String, Span)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let index_of = EntryIndex::new(entries);
    let mut resolved = Vec::new();
    for (index, name, span) in replacements {
        let found = index_of.named_or_snake(&name);
        if let Some(target) = found.filter(|&t| t != index) {
            resolved.push((index, target));
        }
        match found {
            Some(target) if target == index => diagnostics.push(
                Diagnostic::new(
                    Rule::UnknownReference,
                    span,
                    "an entry cannot replace itself",
                )
                .label("names this entry")
                .help("name the entry that clients should use instead"),
            ),
            Some(_) => {}
            None => {
                let names = entries.iter().map(|e| e.name.original());
                diagnostics.push(
                    Diagnostic::new(
                        Rule::UnknownReference,
                        span,
                        format!("no entry is named `{name}`"),
                    )
                    .label("unknown entry")
                    .did_you_mean(span, &name, names, || {
                        "name an entry of this catalog".to_owned()
                    }),
                );
            }
        }
    }
    drop(index_of);
    for (index, target) in resolved {
        if let Some(d) = entries[index].deprecated.as_mut() {
            d.replaced_by_entry = Some(target);
        }
    }
}

/// Defaults a group passes to its members.
#[derive(Debug, Clone, Default)]
struct Inherited {
    /// Shared by every entry that inherits them (`Arc::default()` does not
    /// allocate).
    causes: Arc<[LocalizedText]>,
    remedies: Arc<[LocalizedText]>,
    http: Option<(u16, Span)>,
    grpc: Option<GrpcCode>,
    retryable: Option<bool>,
    stage: Option<Arc<str>>,
    deprecated: Option<Option<String>>,
    docs: Option<Arc<str>>,
    meta: BTreeMap<String, MetaValue>,
    range: Option<((u64, u64), Span)>,
    prefix: Option<(String, Span)>,
    /// The envelopes a group chose, with where (`None`: the catalog's).
    envelopes: Option<(Arc<[usize]>, Span)>,
}

/// The properties one block sets itself.
#[derive(Debug, Default)]
struct Props {
    description: Vec<LocalizedText>,
    causes: Vec<LocalizedText>,
    remedies: Vec<LocalizedText>,
    http: Option<(u16, Span)>,
    grpc: Option<GrpcCode>,
    retryable: Option<bool>,
    stage: Option<String>,
    deprecated: Option<Option<String>>,
    docs: Option<String>,
    meta: BTreeMap<String, MetaValue>,
    envelopes: Option<(Arc<[usize]>, Span)>,
}

impl Props {
    /// Own values over inherited ones.
    fn over(self, base: &Inherited) -> Inherited {
        let mut meta = base.meta.clone();
        meta.extend(self.meta);
        Inherited {
            causes: if self.causes.is_empty() {
                base.causes.clone()
            } else {
                self.causes.into()
            },
            remedies: if self.remedies.is_empty() {
                base.remedies.clone()
            } else {
                self.remedies.into()
            },
            http: self.http.or(base.http),
            grpc: self.grpc.or(base.grpc),
            retryable: self.retryable.or(base.retryable),
            stage: self.stage.map(Arc::from).or_else(|| base.stage.clone()),
            deprecated: self.deprecated.or_else(|| base.deprecated.clone()),
            docs: self.docs.map(Arc::from).or_else(|| base.docs.clone()),
            meta,
            range: base.range,
            prefix: base.prefix.clone(),
            envelopes: self.envelopes.or_else(|| base.envelopes.clone()),
        }
    }
}

/// Remembers which single-valued properties a block has set, to report a
/// second one. Keys are written into one buffer and compared by a linear
/// scan while a block has set a handful (a map with a `String` per key cost
/// several allocations per entry); past [`Seen::SCAN`] keys (an entry with
/// thousands of `meta` keys or locales) they are hashed.
#[derive(Default)]
struct Seen {
    /// Every key, one after another.
    keys: String,
    /// Where each key lies in `keys`, and where it was first set.
    marks: Vec<(std::ops::Range<usize>, Span)>,
    /// Every key and its first span, once there are more than `SCAN`.
    index: FastMap<Box<str>, Span>,
}

impl Seen {
    const SCAN: usize = 16;

    /// Records the key made of `parts`; returns the first span when it was
    /// already set.
    fn first(&mut self, parts: &[&str], span: Span) -> Option<Span> {
        let start = self.keys.len();
        for part in parts {
            self.keys.push_str(part);
        }
        let key = &self.keys[start..];
        if self.marks.len() < Self::SCAN {
            if let Some(&(_, first)) = self
                .marks
                .iter()
                .find(|(range, _)| &self.keys[range.clone()] == key)
            {
                self.keys.truncate(start);
                return Some(first);
            }
            self.marks.push((start..self.keys.len(), span));
            if self.marks.len() == Self::SCAN {
                let keys = &self.keys;
                self.index.extend(
                    self.marks
                        .iter()
                        .map(|(range, first)| (Box::from(&keys[range.clone()]), *first)),
                );
            }
            return None;
        }
        let key: Box<str> = key.into();
        self.keys.truncate(start);
        match self.index.entry(key) {
            std::collections::hash_map::Entry::Occupied(o) => Some(*o.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(span);
                None
            }
        }
    }

    /// Forgets every key, keeping the buffers for the next block.
    fn clear(&mut self) {
        self.keys.clear();
        self.marks.clear();
        if !self.index.is_empty() {
            self.index = FastMap::default();
        }
    }
}

/// Lowers a header and items; a large file has one per run of items (see
/// [`parse_and_lower`]), merged by [`finish`].
struct Lowerer<'a> {
    text: &'a str,
    /// Where patterns checked before are remembered, if anywhere.
    patterns: Option<&'a super::PatternMemo>,
    diagnostics: Vec<Diagnostic>,
    locales: Vec<String>,
    /// Each locale → its position in `locales`.
    locale_ids: ScanMap<String, usize>,
    /// `locales` for messages, one allocation each, made with them.
    message_locales: Vec<Arc<str>>,
    stages: Vec<String>,
    groups: Vec<Group>,
    entries: Vec<Entry>,
    reserved: Vec<Reserved>,
    /// `(entry index, name, span)` of every `replaced_by`.
    replacements: Vec<(usize, String, Span)>,
    /// The [`Seen`] of the last entry, cleared and reused by the next.
    entry_seen: Seen,
    /// Every param name met so far, in every case.
    param_names: std::collections::HashMap<String, Names>,
    /// The record types declared so far.
    types: Vec<RecordType>,
    /// The names of the catalog's envelopes, by position.
    envelope_names: Vec<String>,
    /// The envelopes an entry is sent in unless it or its group says.
    default_envelopes: Arc<[usize]>,
    /// Every record name a type names, with where: resolved once the
    /// whole catalog is lowered ([`resolve_types`]).
    type_refs: Vec<(String, Span)>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer of `text` that has seen nothing yet.
    fn new(text: &'a str, patterns: Option<&'a super::PatternMemo>) -> Lowerer<'a> {
        Lowerer {
            text,
            patterns,
            diagnostics: Vec::new(),
            locales: Vec::new(),
            locale_ids: ScanMap::default(),
            message_locales: Vec::new(),
            stages: Vec::new(),
            groups: Vec::new(),
            entries: Vec::new(),
            reserved: Vec::new(),
            replacements: Vec::new(),
            entry_seen: Seen::default(),
            param_names: std::collections::HashMap::new(),
            types: Vec::new(),
            type_refs: Vec::new(),
            envelope_names: Vec::new(),
            default_envelopes: Arc::from([0]),
        }
    }
}

impl Lowerer<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The names of a catalog, group or entry (`what`), checked by
    /// [`Self::check_name`].
    fn names(&mut self, ident: &ast::Ident, what: &str) -> Names {
        self.check_name(ident, what);
        Names::new(&ident.name)
    }

    /// Reports the name of a catalog, group, entry or param (`what`) when a
    /// target cannot make identifiers of it (`_1`, `__`).
    fn check_name(&mut self, ident: &ast::Ident, what: &str) {
        if let Some(why) = not_identifier(&ident.name) {
            let rest = ident.name.trim_start_matches('_');
            let example = if rest.is_empty() {
                what.to_owned()
            } else {
                format!("{what}_{rest}")
            };
            self.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    ident.span,
                    format!("the {what} name `{}` makes no identifier", ident.name),
                )
                .label(why)
                .help(format!(
                    "start the name with a letter, such as `{example}`: every target makes identifiers of it"
                )),
            );
        }
    }

    /// Reports a second occurrence of a single-valued property.
    fn once(&mut self, seen: &mut Seen, key: &str, what: &str, span: Span) -> bool {
        self.once_keyed(seen, &[key], what, span)
    }

    /// [`Self::once`] with a key made of parts (`["message ", locale]`) and a
    /// description formatted only when it is reported.
    fn once_keyed(
        &mut self,
        seen: &mut Seen,
        key: &[&str],
        what: impl std::fmt::Display,
        span: Span,
    ) -> bool {
        match seen.first(key, span) {
            None => true,
            Some(first) => {
                self.report(
                    Diagnostic::new(
                        Rule::DuplicateProperty,
                        span,
                        format!("{what} is set twice"),
                    )
                    .label("set again here")
                    .secondary(first, "first set here")
                    .help("remove one of the two: it takes one value per block"),
                );
                false
            }
        }
    }

    /// The locale of a text, checked against the catalog's locales.
    fn locale(&mut self, locale: &Option<ast::Ident>) -> Option<String> {
        self.locale_index(locale).map(|i| self.locales[i].clone())
    }

    /// The locale of a message, checked against the catalog's locales: the
    /// catalog's one, shared.
    fn message_locale(&mut self, locale: &Option<ast::Ident>) -> Option<Arc<str>> {
        let i = self.locale_index(locale)?;
        Some(self.message_locales[i].clone())
    }

    /// The index in `locales` of the locale of a text, checked.
    fn locale_index(&mut self, locale: &Option<ast::Ident>) -> Option<usize> {
        let Some(ident) = locale else {
            // The default locale.
            return Some(0);
        };
        if let Some(&i) = self.locale_ids.get(ident.name.as_str()) {
            return Some(i);
        }
        let declared = self.locales.join(", ");
        let mut d = Diagnostic::new(
            Rule::UnknownLocale,
            ident.span,
            format!(
                "locale `{}` is not one of the catalog's locales",
                ident.name
            ),
        )
        .label("not declared in `locales`");
        if let Some(same) = self.locales.iter().find(|l| same_locale(l, &ident.name)) {
            // Adding it would list one locale twice.
            d = d
                .help(format!(
                    "write it `{same}`, as the catalog's `locales` does"
                ))
                .suggest(
                    format!("write `{same}`"),
                    ident.span,
                    same.clone(),
                    Applicability::MachineApplicable,
                );
        } else {
            let locales = self.locales.iter().map(String::as_str);
            d = d.did_you_mean(ident.span, &ident.name, locales, || {
                format!(
                    "add it to the catalog's `locales {declared}, {}`, or use one of: {declared}",
                    ident.name
                )
            });
        }
        self.report(d);
        None
    }

    fn localized(&mut self, text: &ast::Text) -> Option<LocalizedText> {
        let locale = self.locale(&text.locale)?;
        Some(LocalizedText {
            locale,
            text: text.text.value.clone(),
            span: text.text.span,
        })
    }

    fn meta_value(value: &ast::Value) -> MetaValue {
        match value {
            ast::Value::Str(s) => MetaValue::Str(s.value.clone()),
            ast::Value::Bool(b, _) => MetaValue::Bool(*b),
            ast::Value::Int(i) => MetaValue::Int(i.value.unwrap_or(u64::MAX)),
        }
    }

    fn int(&mut self, int: &ast::Int, what: &str) -> Option<u64> {
        if int.value.is_none() {
            self.report(
                Diagnostic::new(Rule::InvalidValue, int.span, format!("{what} is too large"))
                    .label("does not fit in 64 bits")
                    .help("use a smaller number"),
            );
        }
        int.value
    }

    fn http(&mut self, int: &ast::Int) -> Option<u16> {
        let n = self.int(int, "the HTTP status")?;
        if (100..=599).contains(&n) {
            return Some(n as u16);
        }
        self.report(
            Diagnostic::new(
                Rule::InvalidValue,
                int.span,
                format!("{n} is not an HTTP status"),
            )
            .label("HTTP statuses are 100 to 599")
            .help("use a status such as 400, 404 or 500"),
        );
        None
    }

    fn grpc(&mut self, lit: &ast::GrpcLit) -> Option<GrpcCode> {
        match lit {
            ast::GrpcLit::Int(i) => {
                let code = i.value.and_then(GrpcCode::from_number);
                if code.is_none() {
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            i.span,
                            format!("{} is not a gRPC status code", i.digits),
                        )
                        .label("gRPC codes are 0 to 16")
                        .help("use a number from 0 to 16 or a name such as `NOT_FOUND`"),
                    );
                }
                code
            }
            ast::GrpcLit::Name(ident) => {
                let code = GrpcCode::from_name(&ident.name);
                if code.is_none() {
                    let names = GrpcCode::ALL.iter().map(|c| c.name());
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            ident.span,
                            format!("`{}` is not a gRPC status code", ident.name),
                        )
                        .label("unknown gRPC code")
                        .did_you_mean(ident.span, &ident.name, names, || {
                            "use a canonical name such as `NOT_FOUND`, `INTERNAL` or `UNAVAILABLE`"
                                .into()
                        }),
                    );
                }
                code
            }
        }
    }

    fn stage(&mut self, ident: &ast::Ident) -> Option<String> {
        if self.stages.is_empty() || self.stages.contains(&ident.name) {
            return Some(ident.name.clone());
        }
        let d = Diagnostic::new(
            Rule::UnknownReference,
            ident.span,
            format!("stage `{}` is not one of the catalog's stages", ident.name),
        )
        .label("unknown stage")
        .did_you_mean(
            ident.span,
            &ident.name,
            self.stages.iter().map(String::as_str),
            || {
                format!(
                    "use one of the catalog's stages ({}), or add `{}` to them",
                    self.stages.join(", "),
                    ident.name
                )
            },
        );
        self.report(d);
        None
    }

    /// Reads the shared properties of one block.
    fn props<'p>(
        &mut self,
        props: impl Iterator<Item = (&'p ast::Prop, Span)>,
        seen: &mut Seen,
    ) -> Props {
        let mut out = Props::default();
        for (prop, span) in props {
            match prop {
                ast::Prop::Description(t) => {
                    let key: &[&str] = match &t.locale {
                        Some(l) => &["description ", &l.name],
                        None => &["description"],
                    };
                    if self.once_keyed(seen, key, "the description", span) {
                        out.description.extend(self.localized(t));
                    }
                }
                ast::Prop::Cause(t) => out.causes.extend(self.localized(t)),
                ast::Prop::Remedy(t) => out.remedies.extend(self.localized(t)),
                ast::Prop::Http(i) => {
                    if self.once(seen, "http", "the HTTP status", span) {
                        out.http = self.http(i).map(|h| (h, span));
                    }
                }
                ast::Prop::Grpc(g) => {
                    if self.once(seen, "grpc", "the gRPC code", span) {
                        out.grpc = self.grpc(g);
                    }
                }
                ast::Prop::Retryable(b) => {
                    if self.once(seen, "retryable", "`retryable`", span) {
                        out.retryable = Some(b.is_none_or(|(b, _)| b));
                    }
                }
                ast::Prop::Stage(s) => {
                    if self.once(seen, "stage", "the stage", span) {
                        out.stage = self.stage(s);
                    }
                }
                ast::Prop::Deprecated(reason) => {
                    if self.once(seen, "deprecated", "`deprecated`", span) {
                        out.deprecated = Some(reason.as_ref().map(|r| r.value.clone()));
                    }
                }
                ast::Prop::Docs(s) => {
                    if self.once(seen, "docs", "the docs link", span) {
                        out.docs = Some(s.value.clone());
                    }
                }
                ast::Prop::Meta(key, value) => {
                    if self.once_keyed(
                        seen,
                        &["meta ", &key.name],
                        format_args!("meta `{}`", key.name),
                        span,
                    ) {
                        out.meta.insert(key.name.clone(), Self::meta_value(value));
                    }
                }
                ast::Prop::Envelopes(names) => {
                    if self.once(seen, "envelopes", "`envelopes`", span) {
                        out.envelopes = self.envelope_refs(names).map(|list| (list, span));
                    }
                }
            }
        }
        out
    }

    fn catalog_header(&mut self, file: FileId, header: &ast::Catalog) -> Catalog {
        let mut seen = Seen::default();
        // Locales first: every text below depends on them.
        for stmt in &header.stmts {
            if let ast::CatalogStmt::Locales(list) = &stmt.node {
                if !self.once(&mut seen, "locales", "`locales`", stmt.span) {
                    continue;
                }
                let mut spans: Vec<Span> = Vec::new();
                let mut canonical: ScanMap<String, usize> = ScanMap::default();
                for ident in list {
                    // Locales that differ only in case or `-`/`_` are one
                    // locale: they meet under one key.
                    let key = canonical_locale(&ident.name);
                    if let Some(&first) = canonical.insert_new(key, self.locales.len()) {
                        let written = &self.locales[first];
                        let message = if *written == ident.name {
                            format!("locale `{written}` is listed twice")
                        } else {
                            format!(
                                "locale `{}` is listed twice: `{written}` is the same locale",
                                ident.name
                            )
                        };
                        let diagnostic = Diagnostic::new(Rule::InvalidValue, ident.span, message)
                            .label("listed again here")
                            .secondary(spans[first], "first listed here")
                            .help("list each locale once; case and `-` or `_` do not tell locales apart");
                        self.report(diagnostic);
                    } else {
                        self.locale_ids
                            .insert_new(ident.name.clone(), self.locales.len());
                        self.locales.push(ident.name.clone());
                        spans.push(ident.span);
                    }
                }
            }
            if let ast::CatalogStmt::Stages(list) = &stmt.node {
                if self.once(&mut seen, "stages", "`stages`", stmt.span) {
                    self.stages = list.iter().map(|i| i.name.clone()).collect();
                }
            }
        }
        if self.locales.is_empty() {
            self.locales.push("en".into());
            self.locale_ids.insert_new("en".into(), 0);
        }
        // One shared string per locale for every message (every run's
        // lowerer gets these).
        self.message_locales = self.locales.iter().map(|l| Arc::from(l.as_str())).collect();

        let mut catalog = Catalog {
            name: self.names(&header.name, "catalog"),
            title: header.title.as_ref().map(|t| t.value.clone()),
            version: None,
            version_span: None,
            description: Vec::new(),
            docs: None,
            locales: self.locales.clone(),
            code_kind: CodeKind::String,
            formats: Vec::new(),
            stages: self.stages.clone(),
            envelopes: Vec::new(),
            default_envelopes: Arc::from([0]),
            upstream_systems: Vec::new(),
            options: BTreeMap::new(),
            groups: Vec::new(),
            entries: Vec::new(),
            reserved: Vec::new(),
            types: Vec::new(),
            file,
            span: header.span,
            name_span: header.name.span,
        };

        for stmt in &header.stmts {
            let span = stmt.span;
            match &stmt.node {
                ast::CatalogStmt::Locales(_) | ast::CatalogStmt::Stages(_) => {}
                ast::CatalogStmt::Version(v, _) => {
                    if self.once(&mut seen, "version", "the version", span) {
                        if !is_semver(&v.node) {
                            self.report(
                                Diagnostic::new(
                                    Rule::InvalidValue,
                                    v.span,
                                    format!("`{}` is not a semantic version", v.node),
                                )
                                .label("expected MAJOR.MINOR.PATCH")
                                .help("write a version such as `1.2.0`"),
                            );
                        }
                        catalog.version = Some(v.node.clone());
                        catalog.version_span = Some(span);
                    }
                }
                ast::CatalogStmt::Format(s) => match CodeFormat::parse(&s.value) {
                    Ok(mut format) => {
                        format.span = s.span;
                        if catalog.formats.iter().any(|f| f.pattern == format.pattern) {
                            self.once(&mut seen, &format!("format {}", s.value), "this format", span);
                        }
                        catalog.formats.push(format);
                    }
                    Err(why) => self.report(
                        Diagnostic::new(Rule::InvalidValue, s.span, "invalid code format")
                            .label(why)
                            .help("slots are `{digits:8}`, `{digits}`, `{upper}`, `{lower}`, `{alnum}` and `{a|b|c}`; `{{` and `}}` are literal braces"),
                    ),
                },
                ast::CatalogStmt::Option(key, written) => {
                    let value = Self::meta_value(written);
                    if let Err(e) = crate::generate::Target::check_dotted_option(&key.name, &value) {
                        let at = if e.unknown_name { key.span } else { written.span() };
                        self.report(
                            Diagnostic::new(Rule::InvalidValue, at, e.message)
                                .label(if e.unknown_name {
                                    "no generator reads this option"
                                } else {
                                    "not a value this option takes"
                                })
                                .help(e.help),
                        );
                    } else if self.once(&mut seen, &format!("option {}", key.name), &format!("option `{}`", key.name), span) {
                        catalog.options.insert(key.name.clone(), value);
                    }
                }
                ast::CatalogStmt::Envelope(e) => {
                    let envelope = self.envelope(e, span);
                    self.add_envelope(&mut catalog.envelopes, envelope);
                }
                // Resolved once every envelope is known (below).
                ast::CatalogStmt::Envelopes(_) => {}
                ast::CatalogStmt::Description(t) => {
                    let key = format!("description {:?}", t.locale.as_ref().map(|l| &l.name));
                    if self.once(&mut seen, &key, "the description", span) {
                        catalog.description.extend(self.localized(t));
                    }
                }
                ast::CatalogStmt::Docs(s) => {
                    if self.once(&mut seen, "docs", "the docs link", span) {
                        catalog.docs = Some(s.value.clone());
                    }
                }
                ast::CatalogStmt::Upstream(d) => {
                    if let Some(system) = self.upstream_decl(d, &catalog.upstream_systems) {
                        catalog.upstream_systems.push(system);
                    }
                }
            }
        }
        if catalog.envelopes.is_empty() {
            catalog.envelopes.push(Envelope::default_flat());
        }
        self.envelope_names = catalog
            .envelopes
            .iter()
            .map(|e| e.name.original().to_owned())
            .collect();
        for stmt in &header.stmts {
            if let ast::CatalogStmt::Envelopes(names) = &stmt.node {
                if self.once(&mut seen, "envelopes", "`envelopes`", stmt.span) {
                    if let Some(list) = self.envelope_refs(names) {
                        self.default_envelopes = list;
                    }
                }
            }
        }
        catalog.default_envelopes = self.default_envelopes.clone();
        catalog
    }

    /// An upstream system's declaration; `None` when a system of `earlier`
    /// has its name (in some case), which is reported.
    fn upstream_decl(
        &mut self,
        d: &ast::UpstreamDecl,
        earlier: &[UpstreamSystem],
    ) -> Option<UpstreamSystem> {
        let name = self.names(&d.name, "upstream system");
        if let Some(first) = earlier
            .iter()
            .find(|s| s.name.snake() == name.snake() || s.name.upper_camel() == name.upper_camel())
        {
            let same = first.name.original() == name.original();
            self.report(
                Diagnostic::new(
                    Rule::DuplicateName,
                    d.name.span,
                    if same {
                        format!("the upstream system `{}` is declared twice", d.name.name)
                    } else {
                        format!(
                            "the upstream system `{}` has the name of `{}` in generated code",
                            d.name.name,
                            first.name.original()
                        )
                    },
                )
                .label("declared again here")
                .secondary(first.span, "first declared here")
                .help("declare each system once, with all its fields"),
            );
            return None;
        }
        let mut seen = Seen::default();
        let mut system = UpstreamSystem {
            name,
            title: d.title.as_ref().map(|t| t.value.clone()),
            declared: true,
            status: false,
            grpc: None,
            message: UpstreamSource::Call,
            fields: Vec::new(),
            span: d.name.span,
        };
        for stmt in &d.stmts {
            match &stmt.node {
                ast::UpstreamSource::Status => {
                    if self.once(&mut seen, "status", "the status", stmt.span) {
                        system.status = true;
                    }
                }
                ast::UpstreamSource::Grpc(path) => {
                    if self.once(&mut seen, "grpc", "the gRPC code's source", stmt.span) {
                        system.grpc = match path {
                            None => Some(UpstreamSource::Call),
                            Some(p) => self.json_path(p).map(UpstreamSource::Field),
                        };
                    }
                }
                ast::UpstreamSource::Message(path) => {
                    if self.once(&mut seen, "message", "the message's source", stmt.span) {
                        if let Some(p) = path {
                            if let Some(path) = self.json_path(p) {
                                system.message = UpstreamSource::Field(path);
                            }
                        }
                    }
                }
                ast::UpstreamSource::Field(field, p) => {
                    if field.name == "message" {
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                field.span,
                                "`message` names the message itself, not a further field",
                            )
                            .label("reserved for the message")
                            .help(format!(
                                "say where the message is: `message field \"{}\"`",
                                p.value
                            )),
                        );
                        continue;
                    }
                    let key = ["field ", field.name.as_str()];
                    let what = format!("the field `{}`", field.name);
                    if !self.once_keyed(&mut seen, &key, what, stmt.span) {
                        continue;
                    }
                    if let Some(path) = self.json_path(p) {
                        system.fields.push(UpstreamField {
                            name: field.name.clone(),
                            path,
                            span: field.span,
                        });
                    }
                }
            }
        }
        Some(system)
    }

    /// A JSON path, or `None` when malformed (reported).
    fn json_path(&mut self, lit: &ast::Str) -> Option<JsonPath> {
        match JsonPath::parse(&lit.value) {
            Ok(path) => Some(path),
            Err(e) => {
                let span = self.inner_span(lit, e.at);
                self.report(
                    Diagnostic::new(
                        Rule::InvalidUpstreamPath,
                        span,
                        format!("malformed JSON path `{}`", lit.value),
                    )
                    .label(e.label)
                    .help("write keys joined by `.` and array indexes in brackets: `details[0].error_message`"),
                );
                None
            }
        }
    }

    /// Adds `envelope` to `envelopes` unless one there has its name (in
    /// any case a target writes it), which is reported (`duplicate-envelope`).
    fn add_envelope(&mut self, envelopes: &mut Vec<Envelope>, envelope: Envelope) {
        let name = &envelope.name;
        let clash = envelopes
            .iter()
            .find(|e| e.name.snake() == name.snake() || e.name.upper_camel() == name.upper_camel());
        let Some(first) = clash else {
            envelopes.push(envelope);
            return;
        };
        let here = envelope.span.expect("a declared envelope");
        let there = first.span.expect("a declared envelope");
        let message = if first.name.original() == name.original() {
            format!("two envelopes are named `{}`", name.original())
        } else {
            format!(
                "envelopes `{}` and `{}` have one name in generated code",
                first.name.original(),
                name.original()
            )
        };
        let help = if name.original() == Envelope::DEFAULT {
            "an envelope without a name is `default`: name one of the two (`envelope cli { … }`)"
        } else {
            "give each envelope its own name"
        };
        self.report(
            Diagnostic::new(Rule::DuplicateEnvelope, here, message)
                .label("declared again here")
                .secondary(there, "first declared here")
                .help(help),
        );
    }

    /// The envelopes `names` name, by position, each once; unknown names
    /// are reported (`unknown-envelope`). `None` when none is known.
    fn envelope_refs(&mut self, names: &[ast::Ident]) -> Option<Arc<[usize]>> {
        let mut out: Vec<usize> = Vec::with_capacity(names.len());
        for ident in names {
            match self.envelope_names.iter().position(|n| *n == ident.name) {
                Some(i) => {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
                None => {
                    let candidates = self.envelope_names.iter().map(String::as_str);
                    let d = Diagnostic::new(
                        Rule::UnknownEnvelope,
                        ident.span,
                        format!("the catalog declares no envelope `{}`", ident.name),
                    )
                    .label("no envelope of this name")
                    .did_you_mean(ident.span, &ident.name, candidates, || {
                        format!(
                            "name one of the catalog's envelopes ({}), or declare `envelope {} {{ … }}` in the catalog header",
                            self.envelope_names.join(", "),
                            ident.name
                        )
                    });
                    self.report(d);
                }
            }
        }
        (!out.is_empty()).then(|| out.into())
    }

    fn envelope(&mut self, e: &ast::Envelope, span: Span) -> Envelope {
        // Point at the head `envelope [NAME] [shape] {`, not the whole block.
        let head_end = self.text[span.start..span.end]
            .find('{')
            .map_or(span.end, |i| span.start + i + 1);
        let span = Span::new(span.file, span.start, head_end);
        let shape = match e.shape.as_ref().map(|s| s.name.as_str()) {
            Some("two_level") => EnvelopeShape::TwoLevel,
            Some("problem") => EnvelopeShape::Problem,
            _ => EnvelopeShape::Flat,
        };
        let name = match &e.name {
            Some(ident) => self.names(ident, "envelope"),
            None => Names::new(Envelope::DEFAULT),
        };
        let mut type_base = None;
        let declared = self.envelope_members(&e.stmts, shape, false, span, &mut type_base);
        let all = || {
            declared
                .iter()
                .chain(declared.iter().flat_map(|m| &m.members))
        };
        let success = all().any(|m| m.kind == MemberKind::Data);
        let needed: &[(MemberKind, &str)] = match shape {
            // A success shape carries a payload instead of a code.
            EnvelopeShape::Flat if success => &[],
            EnvelopeShape::Flat => &[(MemberKind::Code, "code")],
            EnvelopeShape::TwoLevel => &[
                (MemberKind::OuterCode, "code"),
                (MemberKind::Code, "sub_code"),
            ],
            // The shape adds what it needs.
            EnvelopeShape::Problem => &[],
        };
        for (kind, word) in needed {
            if !all().any(|m| m.kind == *kind) {
                self.report(
                    Diagnostic::new(
                        Rule::InvalidEnvelope,
                        span,
                        format!("a {} envelope needs a `{word}` field", shape.as_str()),
                    )
                    .label(format!("no `{word}` here"))
                    .help(format!(
                        "add `{word} \"wire_name\"` with the name the field has in the JSON body"
                    )),
                );
            }
        }
        if success {
            if let Some(code) = all().find(|m| m.kind == MemberKind::Code) {
                let data = all().find(|m| m.kind == MemberKind::Data).expect("success");
                self.report(
                    Diagnostic::new(
                        Rule::InvalidEnvelope,
                        data.span.unwrap_or(span),
                        "an envelope has both a success payload and a code",
                    )
                    .label("the success payload")
                    .secondary(code.span.unwrap_or(span), "the error's code")
                    .help("declare the success body and the error body as two envelopes: one with `data`, the other with the code"),
                );
            }
        }
        // A part of the error both at the top and in the nested object.
        if let Some(nested) = declared.iter().find(|m| m.kind == MemberKind::Error) {
            for inner in &nested.members {
                if matches!(inner.kind, MemberKind::Const | MemberKind::Field) {
                    continue;
                }
                if let Some(outer) = declared.iter().find(|m| m.kind == inner.kind) {
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidEnvelope,
                            inner.span.unwrap_or(span),
                            format!(
                                "{} is both in the nested error object and outside it",
                                inner.kind.what()
                            ),
                        )
                        .label("inside `error`")
                        .secondary(outer.span.unwrap_or(span), "outside it")
                        .help("declare it once: in the `error` block if the body nests it there"),
                    );
                }
            }
        }
        let mut diagnostics = Vec::new();
        let members = envelope::finish_members(shape, declared, span, &mut diagnostics);
        for d in diagnostics {
            self.report(d);
        }
        Envelope {
            name,
            title: e.title.as_ref().map(|t| t.value.clone()),
            shape,
            members,
            type_base,
            span: Some(span),
        }
    }

    /// The members `stmts` declare, in an envelope of `shape` whose head is
    /// `head`; `nested` inside its `error` block.
    fn envelope_members(
        &mut self,
        stmts: &[ast::Spanned<ast::EnvelopeStmt>],
        shape: EnvelopeShape,
        nested: bool,
        head: Span,
        type_base: &mut Option<String>,
    ) -> Vec<EnvelopeMember> {
        let span = head;
        let mut declared: Vec<EnvelopeMember> = Vec::new();
        let mut seen = Seen::default();
        for stmt in stmts {
            let member = match &stmt.node {
                ast::EnvelopeStmt::Error(wire, _) | ast::EnvelopeStmt::Data(wire, _)
                    if nested || shape == EnvelopeShape::Problem =>
                {
                    let word = match &stmt.node {
                        ast::EnvelopeStmt::Error(..) => "error",
                        _ => "data",
                    };
                    let (message, help) = if nested {
                        (
                            format!("`{word}` cannot be inside the nested error object"),
                            "nest one level only: the `error` block holds the error's own members (code, message, stage, params, detail, fields, consts)",
                        )
                    } else {
                        (
                            format!("`{word}` does not belong in a problem envelope"),
                            "RFC 9457 fixes a problem's members: declare a flat envelope for a nested or success body",
                        )
                    };
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidEnvelope,
                            Span::new(stmt.span.file, stmt.span.start, wire.span.end),
                            message,
                        )
                        .label("not allowed here")
                        .help(help),
                    );
                    continue;
                }
                ast::EnvelopeStmt::Error(wire, inner) => {
                    if !self.once(&mut seen, "error", "the nested error object", stmt.span) {
                        continue;
                    }
                    let members = self.envelope_members(inner, shape, true, head, type_base);
                    let mut diagnostics = Vec::new();
                    // Wire names are unique inside the nested object too.
                    let members = envelope::finish_members(
                        EnvelopeShape::Flat,
                        members,
                        wire.span,
                        &mut diagnostics,
                    );
                    for d in diagnostics {
                        self.report(d);
                    }
                    EnvelopeMember {
                        wire: wire.value.clone(),
                        kind: MemberKind::Error,
                        ty: ParamType::Any,
                        optional: false,
                        value: None,
                        members,
                        span: Some(wire.span),
                    }
                }
                ast::EnvelopeStmt::Data(wire, ty) => {
                    if !self.once(&mut seen, "data", "the success payload", stmt.span) {
                        continue;
                    }
                    let ty = self.type_expr(ty);
                    EnvelopeMember {
                        wire: wire.value.clone(),
                        kind: MemberKind::Data,
                        ty,
                        optional: false,
                        value: None,
                        members: Vec::new(),
                        span: Some(wire.span),
                    }
                }
                ast::EnvelopeStmt::Role(role, wire, _) if role.name == "type_base" => {
                    if shape != EnvelopeShape::Problem {
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidEnvelope,
                                role.span,
                                "`type_base` belongs to a `problem` envelope",
                            )
                            .label("only RFC 9457 problem details have a `type`")
                            .help("write `envelope problem { … }`, or remove `type_base`"),
                        );
                    } else if self.once(&mut seen, "type_base", "`type_base`", stmt.span) {
                        *type_base = Some(wire.value.clone());
                    }
                    continue;
                }
                ast::EnvelopeStmt::Role(role, wire, written) => {
                    let r = EnvelopeRole::from_keyword(&role.name).expect("grammar: known roles");
                    if !self.once(
                        &mut seen,
                        &role.name,
                        &format!("`{}`", role.name),
                        stmt.span,
                    ) {
                        continue;
                    }
                    let allowed = match shape {
                        EnvelopeShape::Flat => {
                            !matches!(r, EnvelopeRole::SubCode | EnvelopeRole::SubMessage)
                        }
                        EnvelopeShape::TwoLevel => true,
                        EnvelopeShape::Problem => {
                            matches!(r, EnvelopeRole::Code | EnvelopeRole::Params)
                        }
                    };
                    if !allowed {
                        let help = match shape {
                            EnvelopeShape::Problem => "a problem envelope has fixed members (`type`, `title`, `status`, `detail`, `instance`); name only `code` and `params` extensions",
                            _ => "write `envelope two_level { … }` for an outer and an inner code",
                        };
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidEnvelope,
                                role.span,
                                format!(
                                    "`{}` does not belong in a {} envelope",
                                    role.name,
                                    shape.as_str()
                                ),
                            )
                            .label("not part of this shape")
                            .help(help),
                        );
                        continue;
                    }
                    let kind = r.kind(shape);
                    let ty = match (kind, written) {
                        (MemberKind::Detail, Some(written)) => self.type_expr(written),
                        (_, Some(written)) => {
                            self.report(
                                Diagnostic::new(
                                    Rule::InvalidType,
                                    written.span(),
                                    format!("`{}` takes no type", role.name),
                                )
                                .label(format!("it carries {}", kind.what()))
                                .help("remove the type; of the roles, only `detail` says what it carries (`detail \"detail\": any`)"),
                            );
                            ParamType::String
                        }
                        (MemberKind::Params, None) => ParamType::Map(Box::new(ParamType::Any)),
                        (_, None) => ParamType::String,
                    };
                    // Set only when an internal call failed, or by the server.
                    let optional = matches!(
                        kind,
                        MemberKind::Detail
                            | MemberKind::Params
                            | MemberKind::OuterCode
                            | MemberKind::OuterMessage
                    );
                    EnvelopeMember {
                        wire: wire.value.clone(),
                        kind,
                        ty,
                        optional,
                        value: None,
                        members: Vec::new(),
                        span: Some(wire.span),
                    }
                }
                ast::EnvelopeStmt::Const(wire, value) => {
                    let ty = match value {
                        ast::Value::Str(_) => ParamType::String,
                        ast::Value::Bool(..) => ParamType::Bool,
                        ast::Value::Int(_) => ParamType::Int,
                    };
                    EnvelopeMember {
                        wire: wire.value.clone(),
                        kind: MemberKind::Const,
                        ty,
                        optional: false,
                        value: Some(Self::meta_value(value)),
                        members: Vec::new(),
                        span: Some(wire.span),
                    }
                }
                ast::EnvelopeStmt::Field(wire, ty, optional) => {
                    let ty = self.type_expr(ty);
                    EnvelopeMember {
                        wire: wire.value.clone(),
                        kind: MemberKind::Field,
                        ty,
                        optional: *optional,
                        value: None,
                        members: Vec::new(),
                        span: Some(wire.span),
                    }
                }
            };
            if member.wire.is_empty() {
                self.report(
                    Diagnostic::new(
                        Rule::InvalidEnvelope,
                        member.span.unwrap_or(span),
                        "a wire name cannot be empty",
                    )
                    .label("empty")
                    .help("name the field as it appears in the JSON body"),
                );
                continue;
            }
            declared.push(member);
        }
        declared
    }

    fn group(&mut self, g: &ast::Group, parent: Option<usize>, inherited: &Inherited) {
        let mut seen = Seen::default();
        let mut own_range = None;
        let mut own_prefix = None;
        let mut allow = parent.map_or_else(Vec::new, |p| self.groups[p].allow.clone());
        for stmt in &g.stmts {
            match &stmt.node {
                ast::GroupStmt::Allow(rule) => {
                    if let Some(allowed) = self.allowed_rule(rule) {
                        if !allow.iter().any(|&(r, _)| r == allowed) {
                            allow.push((allowed, rule.span));
                        }
                    }
                }
                ast::GroupStmt::Range(from, to) => {
                    if !self.once(&mut seen, "range", "the range", stmt.span) {
                        continue;
                    }
                    let (Some(a), Some(b)) = (
                        self.int(from, "the range start"),
                        self.int(to, "the range end"),
                    ) else {
                        continue;
                    };
                    if a > b {
                        self.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                stmt.span,
                                format!("range {a}..{b} is empty"),
                            )
                            .label("the start is after the end")
                            .help(format!("write `range {b}..{a}`")),
                        );
                        continue;
                    }
                    if let Some(((pa, pb), pspan)) = inherited.range {
                        if a < pa || b > pb {
                            self.report(
                                Diagnostic::new(
                                    Rule::CodeOutOfRange,
                                    stmt.span,
                                    format!("range {a}..{b} is not inside the parent group's range {pa}..{pb}"),
                                )
                                .label("reaches outside the parent range")
                                .secondary(pspan, "the parent group's range")
                                .help("narrow the subgroup's range to lie inside its parent's"),
                            );
                        }
                    }
                    own_range = Some(((a, b), stmt.span));
                }
                ast::GroupStmt::Prefix(p)
                    if self.once(&mut seen, "prefix", "the prefix", stmt.span) =>
                {
                    own_prefix = Some((p.value.clone(), p.span));
                }
                _ => {}
            }
        }
        let props = self.props(
            g.stmts.iter().filter_map(|s| match &s.node {
                ast::GroupStmt::Prop(p) => Some((p, s.span)),
                _ => None,
            }),
            &mut seen,
        );
        let own_description = props.description.clone();
        let mut defaults = props.over(inherited);
        if own_range.is_some() {
            defaults.range = own_range;
        }
        if own_prefix.is_some() {
            defaults.prefix = own_prefix;
        }
        let index = self.groups.len();
        let name = self.names(&g.name, "group");
        self.groups.push(Group {
            name,
            title: g.title.as_ref().map(|t| t.value.clone()),
            description: own_description,
            parent,
            range: defaults.range.map(|(r, _)| r),
            prefix: defaults.prefix.as_ref().map(|(p, _)| p.clone()),
            span: g.name.span,
            range_span: defaults.range.map(|(_, s)| s),
            prefix_span: defaults.prefix.as_ref().map(|(_, s)| *s),
            allow,
        });
        for stmt in &g.stmts {
            match &stmt.node {
                ast::GroupStmt::Group(sub) => self.group(sub, Some(index), &defaults),
                ast::GroupStmt::Entry(e) => self.entry(e, Some(index), &defaults),
                ast::GroupStmt::Reserved(r) => self.reserved(r, Some(index)),
                _ => {}
            }
        }
    }

    /// The rule an `allow` statement names, if a group may allow it;
    /// otherwise reports why not.
    fn allowed_rule(&mut self, rule: &ast::Ident) -> Option<Rule> {
        /// The warnings a group may allow for its entries: those whose
        /// finding can be what the API really does.
        const ALLOWABLE: &[Rule] = &[Rule::ErrorWithSuccessStatus];
        let found = Rule::lookup(&rule.name).filter(|r| r.name() == rule.name);
        if let Some(found) = found.filter(|r| ALLOWABLE.contains(r)) {
            return Some(found);
        }
        let list: Vec<String> = ALLOWABLE
            .iter()
            .map(|r| format!("`{}`", r.name()))
            .collect();
        let d = |message: String| {
            Diagnostic::new(Rule::InvalidValue, rule.span, message)
                .label("not a rule a group may allow")
        };
        let d = match found.or_else(|| Rule::lookup(&rule.name)) {
            Some(r) if r.name() != rule.name => {
                d(format!("`allow` takes rule names, not `{}`", rule.name))
                    .help(format!("write `allow {}`", r.name()))
                    .suggest(
                        format!("write `{}`", r.name()),
                        rule.span,
                        r.name(),
                        Applicability::MachineApplicable,
                    )
            }
            Some(r) => d(format!("a group cannot allow `{}`", r.name())).help(format!(
                "a group may allow {}; allow other warnings for the project with `check.allow` in errgen.yaml",
                list.join(", ")
            )),
            None => d(format!("unknown rule `{}`", rule.name)).did_you_mean(
                rule.span,
                &rule.name,
                ALLOWABLE.iter().map(|r| r.name()),
                || format!("a group may allow {}", list.join(", ")),
            ),
        };
        self.report(d);
        None
    }

    fn reserved(&mut self, r: &ast::Reserved, group: Option<usize>) {
        let code = match &r.target {
            ast::ReservedTarget::Int(i) => match self.int(i, "the reserved code") {
                Some(n) => ReservedCode::Code(Code::Int(n)),
                None => return,
            },
            ast::ReservedTarget::Str(s) => ReservedCode::Code(Code::Str(s.value.clone())),
            ast::ReservedTarget::Range(from, to) => {
                let (Some(a), Some(b)) = (
                    self.int(from, "the range start"),
                    self.int(to, "the range end"),
                ) else {
                    return;
                };
                if a > b {
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            r.span,
                            format!("range {a}..{b} is empty"),
                        )
                        .label("the start is after the end")
                        .help(format!("write `reserved {b}..{a}`")),
                    );
                    return;
                }
                ReservedCode::Range { from: a, to: b }
            }
        };
        self.reserved.push(Reserved {
            code,
            reason: r.reason.as_ref().map(|s| s.value.clone()),
            group,
            span: r.span,
        });
    }

    /// The value of a code. Whether it is of the catalog's kind is decided
    /// once the catalog is whole (see [`code_kind`]).
    fn code(&mut self, lit: &ast::CodeLit) -> Code {
        match lit {
            ast::CodeLit::Int(i) => Code::Int(self.int(i, "the code").unwrap_or(u64::MAX)),
            ast::CodeLit::Str(s) => Code::Str(s.value.clone()),
        }
    }

    /// Lowers a top-level item.
    fn item(&mut self, item: &ast::Item) {
        match item {
            ast::Item::Group(g) => self.group(g, None, &Inherited::default()),
            ast::Item::Entry(e) => self.entry(e, None, &Inherited::default()),
            ast::Item::Reserved(r) => self.reserved(r, None),
            ast::Item::Type(t) => self.type_decl(t),
        }
    }

    /// Lowers `type name { field … }`. Whether the types its fields name
    /// exist is decided once the catalog is whole ([`resolve_types`]).
    fn type_decl(&mut self, t: &ast::TypeDecl) {
        let name = self.names(&t.name, "type");
        // An envelope's types (`<Catalog><Name>Envelope`, …).
        let envelope_type = self.envelope_names.iter().any(|envelope| {
            let record = name.upper_camel();
            let envelope = Names::new(envelope);
            let stem = envelope::type_stem(&envelope);
            record
                .strip_prefix(stem)
                .is_some_and(|suffix| Envelope::TYPE_SUFFIXES.contains(&suffix))
        });
        let label = if BUILTIN_TYPES.contains(&t.name.name.as_str()) {
            Some("the name of a built-in type")
        } else if GENERATED_TYPES.contains(&name.upper_camel()) {
            Some("the generated code names a type of its own so (`<Catalog>Error`, …)")
        } else if envelope_type {
            Some("the generated code names an envelope's type so (`<Catalog><Name>Envelope`, …)")
        } else {
            None
        };
        if let Some(label) = label {
            self.report(
                Diagnostic::new(
                    Rule::InvalidType,
                    t.name.span,
                    format!("a record type cannot be called `{}`", t.name.name),
                )
                .label(label)
                .help(format!(
                    "name it after what it holds: `{}_info`",
                    t.name.name
                )),
            );
        }
        let mut fields: Vec<RecordField> = Vec::with_capacity(t.fields.len());
        for f in &t.fields {
            let field_name = self.names(&f.node.name, "field");
            let ty = self.type_expr(&f.node.ty);
            if let Some(first) = fields.iter().find(|g| g.name.snake() == field_name.snake()) {
                let first_span = first.span;
                let first_name = first.name.original().to_owned();
                self.report(
                    Diagnostic::new(
                        Rule::DuplicateType,
                        f.span,
                        format!(
                            "record type `{}` has two fields named `{}`",
                            t.name.name,
                            field_name.original()
                        ),
                    )
                    .label("declared again here")
                    .secondary(first_span, format!("`{first_name}` is declared here"))
                    .help("give each field its own name"),
                );
                continue;
            }
            fields.push(RecordField {
                name: field_name,
                ty,
                optional: f.node.optional,
                span: f.span,
            });
        }
        self.types.push(RecordType {
            name,
            fields,
            span: t.span,
        });
    }

    /// Lowers a type as written. A name that is not built in is a record's,
    /// remembered in `type_refs` to be resolved once the catalog is whole.
    fn type_expr(&mut self, t: &ast::TypeExpr) -> ParamType {
        match t {
            ast::TypeExpr::Name(name) => match name.name.as_str() {
                "string" => ParamType::String,
                "int" => ParamType::Int,
                "float" => ParamType::Float,
                "bool" => ParamType::Bool,
                "any" => ParamType::Any,
                // The envelope's older spellings: any JSON object or array.
                "object" => ParamType::Map(Box::new(ParamType::Any)),
                "array" => ParamType::List(Box::new(ParamType::Any)),
                other => {
                    self.type_refs.push((other.to_owned(), name.span));
                    ParamType::Record(other.to_owned())
                }
            },
            ast::TypeExpr::List(item, _) => ParamType::List(Box::new(self.type_expr(item))),
            ast::TypeExpr::Map(key, value, _) => {
                let string_key = matches!(&**key, ast::TypeExpr::Name(k) if k.name == "string");
                if !string_key {
                    self.report(
                        Diagnostic::new(
                            Rule::InvalidType,
                            key.span(),
                            format!("a map's keys are strings, not `{key}`"),
                        )
                        .label("not `string`")
                        .help(format!(
                            "JSON object keys are strings: `map<string, {value}>`"
                        )),
                    );
                }
                ParamType::Map(Box::new(self.type_expr(value)))
            }
        }
    }

    fn entry_name(&mut self, e: &ast::Entry, code: &Code) -> Names {
        if let Some(name) = &e.name {
            return self.names(name, "entry");
        }
        if let Code::Str(s) = code {
            let names = Names::new(s);
            if is_identifier(names.snake()) {
                return names;
            }
        }
        let (why, fallback) = match code {
            Code::Int(n) => (
                "an integer code needs a name".to_owned(),
                format!("code_{n}"),
            ),
            Code::Str(s) => (
                format!("`{s}` cannot be turned into an identifier"),
                "unnamed".to_owned(),
            ),
        };
        self.report(
            Diagnostic::new(Rule::MissingName, e.head, "this entry has no name")
                .label(why)
                .help(format!(
                    "name it: `{} name = {}`",
                    kind_word(e.kind),
                    self.text_of(e.code.span())
                )),
        );
        Names::new(&fallback)
    }

    /// The names of a param, computed once per distinct name: a catalog
    /// uses a few param names over and over.
    fn param_names(&mut self, name: &str) -> Names {
        if let Some(names) = self.param_names.get(name) {
            return names.clone();
        }
        let names = Names::new(name);
        self.param_names.insert(name.to_owned(), names.clone());
        names
    }

    fn text_of(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The span of `range` inside a string literal's value.
    fn inner_span(&self, lit: &ast::Str, range: std::ops::Range<usize>) -> Span {
        self.within(lit).span(range)
    }

    /// Spans inside a string literal's value.
    fn within(&self, lit: &ast::Str) -> crate::source::Within {
        crate::source::Within::new(self.text, lit.span, &lit.value)
    }

    fn entry(&mut self, e: &ast::Entry, group: Option<usize>, inherited: &Inherited) {
        let code = self.code(&e.code);
        let name = self.entry_name(e, &code);
        let mut seen = std::mem::take(&mut self.entry_seen);
        seen.clear();
        let props = self.props(
            e.stmts.iter().filter_map(|s| match &s.node {
                ast::EntryStmt::Prop(p) => Some((p, s.span)),
                _ => None,
            }),
            &mut seen,
        );
        let own_description = props.description.clone();
        let resolved = props.over(inherited);

        // Messages, in the catalog's locale order.
        let mut messages = Vec::new();
        let mut undeclared_locale_message = None;
        for stmt in &e.stmts {
            let ast::EntryStmt::Message(t) = &stmt.node else {
                continue;
            };
            let Some(locale) = self.message_locale(&t.locale) else {
                undeclared_locale_message.get_or_insert(stmt.span);
                continue;
            };
            if !self.once_keyed(
                &mut seen,
                &["message ", &locale],
                format_args!("the `{locale}` message"),
                stmt.span,
            ) {
                continue;
            }
            let template = match Template::parse(&t.text.value) {
                Ok(t) => t,
                Err(err) => {
                    let span = self.inner_span(&t.text, err.range.clone());
                    self.report(
                        Diagnostic::new(Rule::InvalidPlaceholder, span, err.message)
                            .label("malformed placeholder")
                            .help(err.help),
                    );
                    Template::verbatim()
                }
            };
            messages.push((
                Message {
                    locale,
                    text: t.text.value.clone(),
                    template,
                    span: t.text.span,
                },
                &t.text,
            ));
        }
        let order = |l: &str| self.locale_ids.get(l).copied().unwrap_or(usize::MAX);
        messages.sort_by_key(|(m, _)| order(&m.locale));

        // Params: declared, or implicit from the placeholders. Declared ones
        // first all read, then the second of a snake name or a position
        // dropped (looked up in maps that borrow the names).
        let mut declared: Vec<Param> = Vec::new();
        for stmt in &e.stmts {
            let ast::EntryStmt::Param(p) = &stmt.node else {
                continue;
            };
            let index = p
                .index
                .as_ref()
                .and_then(|i| self.int(i, "the position"))
                .map(|n| n.min(u32::MAX as u64) as u32);
            let name: std::borrow::Cow<str> = match (&p.name, index) {
                (Some(n), _) => {
                    self.check_name(n, "param");
                    n.name.as_str().into()
                }
                (None, Some(i)) => format!("arg{i}").into(),
                (None, None) => continue,
            };
            let ty = self.type_expr(&p.ty);
            declared.push(Param {
                name: self.param_names(&name),
                index,
                wire: p.wire.is_some() || !ty.is_scalar(),
                ty,
                span: stmt.span,
            });
        }
        let mut by_index: ScanMap<u32, usize> = ScanMap::default();
        let mut keep = vec![true; declared.len()];
        {
            let mut by_snake: ScanMap<&str, usize> = ScanMap::default();
            for (i, param) in declared.iter().enumerate() {
                let same_name = by_snake.get(param.name.snake()).copied();
                let same_index = param.index.and_then(|p| by_index.get(&p).copied());
                let earliest = match (same_name, same_index) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let Some(first) = earliest.map(|j| &declared[j]) else {
                    by_snake.insert_new(param.name.snake(), i);
                    if let Some(p) = param.index {
                        by_index.insert_new(p, i);
                    }
                    continue;
                };
                keep[i] = false;
                let what = match param.index {
                    Some(p) if first.index == Some(p) => format!("position {{{p}}}"),
                    _ => format!("param `{}`", param.name.original()),
                };
                self.report(
                    Diagnostic::new(
                        Rule::DuplicateName,
                        param.span,
                        format!("{what} is declared twice"),
                    )
                    .label("declared again here")
                    .secondary(first.span, "first declared here")
                    .help("declare each param once, with one name and one position"),
                );
            }
        }
        let mut params: Vec<Param> = declared
            .into_iter()
            .zip(keep)
            .filter_map(|(param, keep)| keep.then_some(param))
            .collect();
        let params_declared = e
            .stmts
            .iter()
            .any(|s| matches!(s.node, ast::EntryStmt::Param(_)));
        if !params_declared {
            let mut indices: Vec<(u32, Span)> = Vec::new();
            let mut named: Vec<(&str, Span)> = Vec::new();
            let mut seen: FastSet<PlaceholderKey> = FastSet::default();
            for (m, lit) in &messages {
                let within = self.within(lit);
                for p in m.placeholders() {
                    if !seen.insert(p.key) {
                        continue;
                    }
                    let span = within.span(p.range.clone());
                    match p.key {
                        PlaceholderKey::Index(i) => indices.push((i, span)),
                        PlaceholderKey::Named(n) => named.push((n, span)),
                    }
                }
            }
            indices.sort();
            params.extend(indices.into_iter().map(|(i, span)| Param {
                name: self.param_names(&format!("arg{i}")),
                index: Some(i),
                ty: ParamType::String,
                wire: false,
                span,
            }));
            params.extend(named.into_iter().map(|(n, span)| Param {
                name: self.param_names(n),
                index: None,
                ty: ParamType::String,
                wire: false,
                span,
            }));
        }
        // The IR of a large catalog is kept whole while generating: no spare
        // capacity (boxed slices; a vector grows to four elements at once,
        // an entry has one to three messages and params).
        let mut messages: Box<[Message]> = messages.into_iter().map(|(m, _)| m).collect();
        let params = params.into_boxed_slice();
        let mut by_original: ScanMap<&str, usize> = ScanMap::default();
        by_index.clear();
        for (i, q) in params.iter().enumerate() {
            by_original.insert_new(q.name.original(), i);
            if let Some(index) = q.index {
                by_index.insert_new(index, i);
            }
        }
        for m in &mut *messages {
            m.template.resolve(&m.text, |key| match key {
                PlaceholderKey::Index(i) => by_index.get(&i).copied(),
                PlaceholderKey::Named(n) => by_original.get(n).copied(),
            });
        }

        // Replacement, aliases and upstream mappings.
        let mut replaced_by = None;
        let mut aliases = Vec::new();
        let mut upstreams = Vec::new();
        let index = self.entries.len();
        for stmt in &e.stmts {
            match &stmt.node {
                ast::EntryStmt::ReplacedBy(ident)
                    if self.once(&mut seen, "replaced_by", "`replaced_by`", stmt.span) =>
                {
                    replaced_by = Some(ident.name.clone());
                    self.replacements
                        .push((index, ident.name.clone(), ident.span));
                }
                ast::EntryStmt::Alias(alias) => aliases.push(Alias {
                    code: self.code(&alias.code),
                    reason: alias.reason.as_ref().map(|r| r.value.clone()),
                    span: alias.code.span(),
                }),
                ast::EntryStmt::Upstream(u) => upstreams.push(self.upstream(u, stmt.span)),
                _ => {}
            }
        }
        let deprecated = match (resolved.deprecated, replaced_by) {
            (None, None) => None,
            (reason, replaced_by) => Some(Box::new(Deprecation {
                reason: reason.flatten(),
                replaced_by,
                replaced_by_entry: None,
            })),
        };

        let (causes, remedies) = (resolved.causes, resolved.remedies);
        self.entry_seen = seen;
        if self.entries.len() == RESERVE_AFTER {
            self.reserve_to_end(e.span.end);
        }
        self.entries.push(Entry {
            name,
            code,
            aliases: aliases.into_boxed_slice(),
            kind: match e.kind {
                ast::EntryKind::Error => EntryKind::Error,
                ast::EntryKind::Success => EntryKind::Success,
            },
            group,
            messages,
            params,
            params_declared,
            description: own_description.into_boxed_slice(),
            causes,
            remedies,
            http: resolved.http.map(|(h, _)| h),
            grpc: resolved.grpc,
            retryable: resolved.retryable.unwrap_or(false),
            stage: resolved.stage,
            deprecated,
            docs: resolved.docs,
            meta: resolved.meta,
            upstreams: upstreams.into_boxed_slice(),
            envelopes: match &resolved.envelopes {
                Some((list, _)) => list.clone(),
                None => self.default_envelopes.clone(),
            },
            spans: EntrySpans {
                entry: e.span,
                head: e.head,
                code: e.code.span(),
                name: e.name.as_ref().map(|n| n.span),
                http: resolved.http.map(|(_, s)| s),
                envelopes: resolved.envelopes.as_ref().map(|(_, s)| *s),
                undeclared_locale_message,
            },
        });
    }

    /// Reserves room for the entries between the first entry and the end of
    /// the text, guessed from the length of those seen so far (the last one
    /// ends at `end`), so that a large catalog's entries are not copied
    /// each time their vector fills, nor when [`finish`] appends the next
    /// runs to the first. Room that is never filled is never touched and
    /// costs no memory.
    fn reserve_to_end(&mut self, end: usize) {
        let Some(first) = self.entries.first() else {
            return;
        };
        let seen = end.saturating_sub(first.spans.entry.start).max(1);
        let rest = self.text.len().saturating_sub(end);
        let guess = rest as f64 * self.entries.len() as f64 / seen as f64;
        // Only a guess: if the system refuses that much, the vector grows as
        // usual.
        let _ = self
            .entries
            .try_reserve_exact((guess * 1.1) as usize + RESERVE_AFTER);
    }

    fn upstream(&mut self, u: &ast::Upstream, span: Span) -> Upstream {
        let mut seen = Seen::default();
        let mut out = Upstream {
            source: u.name.as_ref().map(|n| n.name.clone()),
            system: None,
            http: None,
            grpc: None,
            pattern: None,
            captures: Vec::new(),
            printed: None,
            pattern_field: None,
            contains: None,
            contains_field: None,
            spans: UpstreamSpans {
                system: u.name.as_ref().map(|n| n.span),
                ..UpstreamSpans::default()
            },
            span,
            pattern_span: None,
        };
        for stmt in &u.stmts {
            match &stmt.node {
                ast::UpstreamStmt::Http(i) => {
                    if self.once(&mut seen, "http", "the HTTP status", stmt.span) {
                        out.http = self.http(i);
                        out.spans.http = Some(stmt.span);
                    }
                }
                ast::UpstreamStmt::Grpc(g) => {
                    if self.once(&mut seen, "grpc", "the gRPC code", stmt.span) {
                        out.grpc = self.grpc(g);
                        out.spans.grpc = Some(stmt.span);
                    }
                }
                ast::UpstreamStmt::Match(field, s) => {
                    if !self.once(&mut seen, "match", "`match`", stmt.span) {
                        continue;
                    }
                    out.pattern_field = field.as_ref().map(|f| f.name.clone());
                    out.spans.pattern_field = field.as_ref().map(|f| f.span);
                    let checked = match self.patterns {
                        Some(memo) => memo.check(&s.value),
                        None => super::pattern::check(&s.value),
                    };
                    match checked {
                        Ok((captures, printed)) => {
                            out.captures = captures;
                            out.printed = Some(printed);
                            out.pattern = Some(s.value.clone());
                            out.pattern_span = Some(s.span);
                        }
                        Err(e) => {
                            let span = self.inner_span(s, e.span);
                            self.report(
                                Diagnostic::new(
                                    Rule::InvalidValue,
                                    span,
                                    "invalid regular expression",
                                )
                                .label(e.label)
                                .help(e.help),
                            );
                        }
                    }
                }
                ast::UpstreamStmt::Contains(field, s) => {
                    if self.once(&mut seen, "contains", "`contains`", stmt.span) {
                        out.contains = Some(s.value.clone());
                        out.contains_field = field.as_ref().map(|f| f.name.clone());
                        out.spans.contains_field = field.as_ref().map(|f| f.span);
                    }
                }
            }
        }
        if u.stmts.is_empty() {
            self.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    span,
                    "this upstream mapping has no condition",
                )
                .label("matches every upstream error")
                .help("add `http`, `grpc`, `match` or `contains`"),
            );
        }
        out
    }
}

fn kind_word(kind: ast::EntryKind) -> &'static str {
    match kind {
        ast::EntryKind::Error => "error",
        ast::EntryKind::Success => "success",
    }
}

fn is_semver(v: &str) -> bool {
    super::version::Version::parse(v).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type the Rust target declares besides the records' and the
    /// envelopes' is in [`GENERATED_TYPES`], so that no record can be named
    /// like it (`Upstream` was missing: a record `upstream` made two
    /// `pub … ShopUpstream`). Read from the Rust of every example and
    /// codegen fixture.
    #[cfg(feature = "rust")]
    #[test]
    fn generated_types_lists_every_type_the_rust_declares() {
        let mut checked = 0;
        for (path, catalog) in crate::test_support::example_catalogs() {
            let prefix = catalog.name.upper_camel();
            let own: Vec<String> = catalog
                .types
                .iter()
                .map(|r| r.name.upper_camel().to_owned())
                .chain(catalog.envelopes.iter().flat_map(|e| {
                    Envelope::TYPE_SUFFIXES.map(|suffix| format!("{}{suffix}", e.type_stem()))
                }))
                .collect();
            let options = crate::generate::Options::new();
            for file in crate::generate::Target::Rust.generate(&catalog, &options) {
                for line in file.content.lines() {
                    let keywords = ["pub struct ", "pub enum ", "pub type "];
                    let Some(name) = crate::test_support::declared_name(line, &keywords) else {
                        continue;
                    };
                    let Some(suffix) = name.strip_prefix(prefix) else {
                        continue;
                    };
                    assert!(
                        own.iter().any(|o| o == suffix) || GENERATED_TYPES.contains(&suffix),
                        "{}: `{name}` is not in GENERATED_TYPES",
                        path.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked} types");
    }

    /// What lowering gives, spans included, as text to compare.
    fn lowered(result: &Result<(Catalog, Vec<Diagnostic>), Diagnostic>) -> String {
        format!("{result:#?}")
    }

    /// A catalog whose items depend on each other across runs: subgroups,
    /// inherited defaults, `replaced_by` forwards, backwards, to itself and
    /// to nothing, codes of both kinds, reserved codes in and out of groups.
    const ACROSS_RUNS: &str = r#"catalog demo {
  locales en, zh
  stages parse, run
}

group outer "Outer" {
  range 1..99
  http 409
  remedy en "Try again."
  group inner {
    error first = 1 {
      message en "First {who}."
      message zh "第一 {who}。"
      deprecated
      replaced_by later
    }
    reserved 50..60 "retired"
  }
  error second = 2 { message en "Second." stage run }
}

error later = 3 { message en "Later." replaced_by first deprecated }
reserved 70
group other {
  range 100..199
  error textual = "TEXT" { message en "Text." }
  error itself = 101 { message en "Self." replaced_by itself deprecated }
}
error lost = 102 { message en "Lost." replaced_by nowhere deprecated }
error huge = 99999999999999999999999 { message en "Huge." }
"#;

    /// Lowering runs of items as they are parsed, wherever the runs start,
    /// gives the catalog and diagnostics that lowering the whole tree does.
    #[test]
    #[allow(clippy::result_large_err)]
    fn runs_lower_as_the_whole_tree() {
        let file = FileId(2);
        let text = ACROSS_RUNS;
        let whole = crate::parse::parse(file, text).map(|tree| lower(&tree, text));
        let expected = lowered(&whole);
        let (_, diagnostics) = whole.as_ref().expect("the catalog parses");
        for rule in [Rule::MixedCodeKinds, Rule::UnknownReference] {
            assert!(diagnostics.iter().any(|d| d.rule == rule), "{rule:?}");
        }
        let mut split_runs = 0;
        for split in 0..text.len() {
            for splits in [vec![split], vec![split, split + 97]] {
                let runs = lower_runs(file, text, |sinks| {
                    let parsed = crate::parse::parse_split(
                        file,
                        text,
                        sinks,
                        |_| splits.clone(),
                        crate::parse::Front::Fast,
                    );
                    if parsed.as_ref().is_ok_and(|p| p.runs.len() > 1) {
                        split_runs += 1;
                    }
                    parsed
                });
                assert_eq!(lowered(&runs), expected, "runs at {splits:?}");
            }
        }
        // Most guesses are wrong; the right ones made runs of their own.
        assert!(split_runs >= 10, "{split_runs} splits made runs");
    }

    /// A kept tree lowered in runs (the language server's) gives what
    /// lowering it on one thread does.
    #[test]
    fn a_tree_lowers_in_runs_as_on_one_thread() {
        let file = FileId(2);
        let text = ACROSS_RUNS;
        let tree = crate::parse::parse(file, text).expect("the catalog parses");
        let expected = lowered(&Ok(lower_in_runs(&tree, text, 1)));
        for runs in 2..=tree.items.len() + 1 {
            let got = lowered(&Ok(lower_in_runs(&tree, text, runs)));
            assert_eq!(got, expected, "{runs} runs");
        }
    }

    /// The same, on every catalog of the repository, at the splits the
    /// parser itself would propose for 2 to 6 threads.
    #[test]
    #[allow(clippy::result_large_err)]
    fn repository_catalogs_lower_the_same_in_runs() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        let mut folders = vec![root.join("examples"), root.join("tests/fixtures")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).expect("a folder") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "errors") {
                    paths.push(path);
                }
            }
        }
        assert!(paths.len() > 10);
        for path in paths {
            let Ok(text) = crate::source::decode(&std::fs::read(&path).expect("read")) else {
                continue;
            };
            let file = FileId(0);
            let tree = crate::parse::parse(file, &text);
            let expected = lowered(
                &tree
                    .as_ref()
                    .map(|t| lower_in_runs(t, &text, 1))
                    .map_err(Clone::clone),
            );
            for count in 2..=6 {
                if let Ok(tree) = &tree {
                    let kept = lowered(&Ok(lower_in_runs(tree, &text, count)));
                    assert_eq!(kept, expected, "{} kept, {count} runs", path.display());
                }
                let runs = lower_runs(file, &text, |sinks| {
                    crate::parse::parse_split(
                        file,
                        &text,
                        sinks,
                        |start| crate::parse::propose_splits(&text, start, count),
                        crate::parse::Front::Fast,
                    )
                });
                assert_eq!(
                    lowered(&runs),
                    expected,
                    "{} in {count} runs",
                    path.display()
                );
            }
        }
    }
}
