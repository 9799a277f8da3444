//! Checking: the rules that judge resolved catalogs.
//!
//! Each rule is a function over the IR that pushes [`Diagnostic`]s. Catalogs
//! checked together form a workspace: codes and code prefixes must be unique
//! across it, except between versions of one catalog (same name).
//! Every rule runs in linear time (hash maps, no pairwise loops).

use crate::diagnostic::{self, Applicability, Diagnostic, Rule, Suggestion};
use crate::hash::{FastMap, FastSet, FxHasher};
use crate::ir::template::PlaceholderKey;
use crate::ir::{Catalog, Code, Entry, Names, RangeIndex, ReservedCode};
use crate::source::{span_within, SourceMap, Span, Within};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;

/// Checks catalogs as one workspace; returns the diagnostics sorted by place.
pub fn check(catalogs: &[Catalog], sources: &SourceMap) -> Vec<Diagnostic> {
    let mut own = vec![None; catalogs.len()];
    let across = check_on(catalogs, sources, parallel(catalogs.iter()), &mut own);
    assemble(catalogs, own.into_iter().flatten().flatten(), across)
}

/// [`check`] that keeps what each catalog's own rules found (all but the
/// rules across catalogs): `own[c]` is catalog `c`'s from an earlier check
/// of the same catalog and text, or `None`, which this check fills in. The
/// language server keeps them between edits, so that an edit in one
/// catalog of a workspace runs the rules of that catalog and those across
/// catalogs, not every catalog's.
#[cfg(feature = "lsp")]
pub(crate) fn check_keeping(
    catalogs: &[Catalog],
    sources: &SourceMap,
    own: &mut [Option<Vec<Diagnostic>>],
) -> Vec<Diagnostic> {
    let unchecked = catalogs.iter().zip(&*own).filter(|(_, o)| o.is_none());
    let parallel = parallel(unchecked.map(|(catalog, _)| catalog));
    let across = check_on(catalogs, sources, parallel, own);
    assemble(catalogs, own.iter().flatten().flatten().cloned(), across)
}

/// Whether checking `catalogs` is worth the cores (a thread costs more than
/// checking a small workspace).
fn parallel<'c>(catalogs: impl Iterator<Item = &'c Catalog>) -> bool {
    catalogs.map(|c| c.entries.len()).sum::<usize>() >= PARALLEL_FROM
}

/// Runs the rules of each catalog whose `own` is `None` (filling it in, in
/// one order however the rules ran) and those across catalogs, whose
/// findings it returns; on the cores when `parallel`.
fn check_on(
    catalogs: &[Catalog],
    sources: &SourceMap,
    parallel: bool,
    own: &mut [Option<Vec<Diagnostic>>],
) -> Vec<Diagnostic> {
    let cxs: Vec<Cx> = catalogs
        .iter()
        .map(|catalog| Cx {
            catalog,
            text: sources.get(catalog.file).text.as_str(),
        })
        .collect();
    // Every rule of every catalog to check is a task, and the rules that
    // compare catalogs one more, run longest first ([`RULES`]). Each task's
    // diagnostics are kept apart and put together in one order however the
    // tasks ran.
    let tasks: Vec<Option<(usize, usize)>> = (0..RULES.len())
        .flat_map(|rule| {
            (0..cxs.len())
                .filter(|&c| own[c].is_none())
                .map(move |c| Some((c, rule)))
        })
        .chain([None])
        .collect();
    let run = |task: &Option<(usize, usize)>| {
        let mut out = Vec::new();
        match *task {
            Some((c, rule)) => (RULES[rule].1)(&cxs[c], &mut out),
            None => {
                duplicate_codes(catalogs, &mut out);
                duplicate_aliases(catalogs, &mut out);
            }
        }
        out
    };
    let mut found: Vec<Vec<Diagnostic>> = if parallel {
        crate::parallel::map(&tasks, run)
    } else {
        tasks.iter().map(run).collect()
    };
    let across = found.pop().unwrap_or_default();
    // Each catalog's findings, rule by rule in the order of `RULES`' places.
    let mut by_rule: Vec<Vec<Vec<Diagnostic>>> = vec![vec![Vec::new(); RULES.len()]; cxs.len()];
    for (task, diagnostics) in tasks.iter().zip(found) {
        if let Some((c, rule)) = *task {
            by_rule[c][RULES[rule].0 as usize] = diagnostics;
        }
    }
    for (c, rules) in by_rule.into_iter().enumerate() {
        if own[c].is_none() {
            own[c] = Some(rules.into_iter().flatten().collect());
        }
    }
    across
}

/// The workspace's diagnostics: each catalog's own (`own`, in catalog
/// order), those across catalogs (`across`), code prefixes and catalog
/// names; sorted by place.
fn assemble(
    catalogs: &[Catalog],
    own: impl Iterator<Item = Diagnostic>,
    across: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = own.collect();
    out.extend(across);
    duplicate_prefixes(catalogs, &mut out);
    catalog_names(catalogs, &mut out);
    diagnostic::sort(&mut out);
    out
}

/// A rule of one catalog, which pushes what it finds.
type CatalogRule = fn(&Cx<'_>, &mut Vec<Diagnostic>);

/// The rules of each catalog, longest first (on 100,000 entries: 88, 56,
/// 45, 40, 40 and 15 ms, the rest 6 ms together), so that the cores end
/// together; each with its place in the order their diagnostics are put
/// together in.
const RULES: [(u8, CatalogRule); 9] = [
    (8, |cx, out| cx.duplicate_messages(out)),
    (6, |cx, out| cx.foreign_placeholders(out)),
    (7, |cx, out| cx.messages(out)),
    (1, |cx, out| cx.duplicate_names(out)),
    (5, |cx, out| cx.scripts(out)),
    (0, |cx, out| cx.codes(out)),
    (4, |cx, out| cx.envelopes(out)),
    (2, |cx, out| cx.overlapping_groups(out)),
    (3, |cx, out| cx.success_statuses(out)),
];

/// The number of entries from which [`check`] runs its rules on the cores.
const PARALLEL_FROM: usize = 5_000;

/// Whether two catalogs of a workspace are compared with each other: not
/// when they are versions of one catalog.
fn compared(a: &Catalog, b: &Catalog) -> bool {
    a.name.original() != b.name.original()
}

fn duplicate_codes(catalogs: &[Catalog], out: &mut Vec<Diagnostic>) {
    /// No further use in the chain.
    const END: usize = usize::MAX;
    let total = catalogs.iter().map(|c| c.entries.len()).sum();
    // Per code, its first use `(catalog, entry)` that clashed with nothing,
    // and the index in `more` of the next such use: a chain in use order,
    // which is only ever longer than one across versions of one catalog.
    // (A `Vec` per code cost an allocation per entry.)
    let mut first: FastMap<&Code, (usize, usize, usize)> =
        FastMap::with_capacity_and_hasher(total, Default::default());
    let mut more: Vec<(usize, usize, usize)> = Vec::new();
    for (ci, catalog) in catalogs.iter().enumerate() {
        for (ei, entry) in catalog.entries.iter().enumerate() {
            let head = match first.entry(&entry.code) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert((ci, ei, END));
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            };
            let clashes = |cj: usize| cj == ci || compared(&catalogs[cj], catalog);
            let mut clash = None;
            let (mut link, mut at) = (head.2, None);
            if clashes(head.0) {
                clash = Some((head.0, head.1));
            } else {
                while link != END {
                    let (cj, ej, next) = more[link];
                    if clashes(cj) {
                        clash = Some((cj, ej));
                        break;
                    }
                    at = Some(link);
                    link = next;
                }
            }
            match clash {
                Some((cj, ej)) => {
                    let other = &catalogs[cj].entries[ej];
                    let where_ = if cj == ci {
                        String::new()
                    } else {
                        format!(" in catalog `{}`", catalogs[cj].name.original())
                    };
                    out.push(
                        Diagnostic::new(
                            Rule::DuplicateCode,
                            entry.spans.code,
                            format!("code `{}` is already used by `{}`{where_}", entry.code, other.name.original()),
                        )
                        .label("used again here")
                        .secondary(other.spans.code, format!("first used by `{}`", other.name.original()))
                        .help("give this entry a code of its own; a code must mean one thing to every client"),
                    );
                }
                None => {
                    more.push((ci, ei, END));
                    let added = more.len() - 1;
                    match at {
                        Some(last) => more[last].2 = added,
                        None => head.2 = added,
                    }
                }
            }
        }
    }
}

/// Reports aliases that are already codes: their own entry's, another
/// entry's, or an earlier alias (of catalogs compared with each other, as
/// [`duplicate_codes`] compares codes). Linear: the aliases, few, are
/// indexed, and every code is looked up once.
fn duplicate_aliases(catalogs: &[Catalog], out: &mut Vec<Diagnostic>) {
    // Per alias code, the aliases that clashed with nothing:
    // `(catalog, entry, alias)`.
    let mut aliases: FastMap<&Code, Vec<(usize, usize, usize)>> = FastMap::default();
    let clashes = |ci: usize, cj: usize| ci == cj || compared(&catalogs[ci], &catalogs[cj]);
    let name = |ci: usize, ei: usize| {
        let entry = &catalogs[ci].entries[ei];
        entry.name.original()
    };
    for (ci, catalog) in catalogs.iter().enumerate() {
        for (ei, entry) in catalog.entries.iter().enumerate() {
            for (ai, alias) in entry.aliases.iter().enumerate() {
                if alias.code == entry.code {
                    out.push(
                        Diagnostic::new(
                            Rule::DuplicateAlias,
                            alias.span,
                            format!("alias `{}` is the entry's own code", alias.code),
                        )
                        .label("the entry's code again")
                        .secondary(entry.spans.code, "the entry's code")
                        .help("remove the alias: an entry always answers to its own code"),
                    );
                    continue;
                }
                let uses = aliases.entry(&alias.code).or_default();
                match uses.iter().find(|&&(cj, _, _)| clashes(ci, cj)) {
                    Some(&(cj, ej, aj)) => {
                        let first = &catalogs[cj].entries[ej].aliases[aj];
                        let (message, label) = if (cj, ej) == (ci, ei) {
                            (
                                format!("alias `{}` is listed twice", alias.code),
                                "first listed here".to_owned(),
                            )
                        } else {
                            (
                                format!(
                                    "alias `{}` is already an alias of `{}`{}",
                                    alias.code,
                                    name(cj, ej),
                                    in_catalog(catalogs, ci, cj)
                                ),
                                format!("first an alias of `{}`", name(cj, ej)),
                            )
                        };
                        out.push(
                            Diagnostic::new(Rule::DuplicateAlias, alias.span, message)
                                .label("answered to again here")
                                .secondary(first.span, label)
                                .help(
                                    "keep the alias on the one entry that the published code means",
                                ),
                        );
                    }
                    None => uses.push((ci, ei, ai)),
                }
            }
        }
    }
    if aliases.is_empty() {
        return;
    }
    for (ci, catalog) in catalogs.iter().enumerate() {
        for (ei, entry) in catalog.entries.iter().enumerate() {
            let Some(uses) = aliases.get(&entry.code) else {
                continue;
            };
            for &(cj, ej, aj) in uses {
                if (cj, ej) == (ci, ei) || !clashes(ci, cj) {
                    continue;
                }
                let alias = &catalogs[cj].entries[ej].aliases[aj];
                out.push(
                    Diagnostic::new(
                        Rule::DuplicateAlias,
                        alias.span,
                        format!(
                            "alias `{}` is the code of `{}`{}",
                            alias.code,
                            entry.name.original(),
                            in_catalog(catalogs, cj, ci)
                        ),
                    )
                    .label(format!("an alias of `{}`", name(cj, ej)))
                    .secondary(entry.spans.code, format!("the code of `{}`", entry.name.original()))
                    .help(format!(
                        "a code means one entry: remove the alias, or remove `{}` if its code now means `{}`",
                        entry.name.original(),
                        name(cj, ej)
                    )),
                );
            }
        }
    }
}

/// ` in catalog `NAME`` when `other` is not `this`, else nothing.
fn in_catalog(catalogs: &[Catalog], this: usize, other: usize) -> String {
    if this == other {
        String::new()
    } else {
        format!(" in catalog `{}`", catalogs[other].name.original())
    }
}

fn duplicate_prefixes(catalogs: &[Catalog], out: &mut Vec<Diagnostic>) {
    let mut prefixes: FastMap<&str, usize> = FastMap::default();
    let mut versions: FastMap<(&str, Option<&str>), usize> = FastMap::default();
    for (ci, catalog) in catalogs.iter().enumerate() {
        let key = (catalog.name.original(), catalog.version.as_deref());
        if let Some(&cj) = versions.get(&key) {
            let version = catalog.version.as_deref().unwrap_or("(none)");
            out.push(
                Diagnostic::new(
                    Rule::DuplicatePrefix,
                    catalog.span,
                    format!("catalog `{}` version {version} is given twice", catalog.name.original()),
                )
                .label("given again here")
                .secondary(catalogs[cj].span, "first given here")
                .help("check each catalog once; two versions of one catalog need different `version`s"),
            );
            continue;
        }
        versions.insert(key, ci);
        for format in &catalog.formats {
            let prefix = format.literal_prefix();
            if prefix.is_empty() {
                continue;
            }
            match prefixes.get(prefix) {
                Some(&cj) if compared(&catalogs[cj], catalog) => {
                    let other = &catalogs[cj];
                    let first = other
                        .formats
                        .iter()
                        .find(|f| f.literal_prefix() == prefix)
                        .map_or(other.span, |f| f.span);
                    out.push(
                        Diagnostic::new(
                            Rule::DuplicatePrefix,
                            format.span,
                            format!("code prefix `{prefix}` is also claimed by catalog `{}`", other.name.original()),
                        )
                        .label("claimed again here")
                        .secondary(first, "first claimed here")
                        .help("give each catalog a prefix of its own, so that a code tells which service it came from"),
                    );
                }
                Some(_) => {}
                None => {
                    prefixes.insert(prefix, ci);
                }
            }
        }
    }
}

/// Reports catalogs of the workspace whose names differ but are the same in
/// some case: they would write the same files and type names. (Versions of
/// one catalog share its name as written.)
fn catalog_names(catalogs: &[Catalog], out: &mut Vec<Diagnostic>) {
    let mut written = BTreeSet::new();
    let names: Vec<(&Names, Span)> = catalogs
        .iter()
        .filter(|c| written.insert(c.name.original()))
        .map(|c| (&c.name, c.name_span))
        .collect();
    distinct_names("catalog", &names, &mut BTreeSet::new(), out);
}

/// Reports names of one kind (entries, groups or catalogs) that are the
/// same in some case. One map per case, keyed by the form alone and sized
/// up front: a single map keyed by `(kind, case, form)` hashed three strings
/// per lookup and grew through every power of two.
fn distinct_names(
    kind: &str,
    names: &[(&Names, Span)],
    reported: &mut BTreeSet<(Span, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: [FastMap<&str, usize>; 4] =
        std::array::from_fn(|_| FastMap::with_capacity_and_hasher(names.len(), Default::default()));
    for (index, &(name, span)) in names.iter().enumerate() {
        for ((form, case), seen) in name.forms().into_iter().zip(&mut seen) {
            let first = match seen.entry(form) {
                std::collections::hash_map::Entry::Occupied(o) => *o.get(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(index);
                    continue;
                }
            };
            let (first_names, first_span) = names[first];
            let first_name = first_names.original();
            if !reported.insert((first_span, span)) {
                continue;
            }
            let message = if first_name == name.original() {
                format!("the {kind} name `{first_name}` is used twice")
            } else {
                format!(
                    "{kind} names `{first_name}` and `{}` are the same in {case} (`{form}`)",
                    name.original()
                )
            };
            out.push(
                Diagnostic::new(Rule::DuplicateName, span, message)
                    .label("clashes with an earlier name")
                    .secondary(first_span, "first named here")
                    .help("rename one of them; generated code needs a distinct name in every case"),
            );
        }
    }
}

/// The diagnostic for an alias that `reserved` covers: `retired-alias` (a
/// note) when the statement reserves that one code, as a retired code is,
/// `reserved-alias` (an error) when it sets aside a range of codes to come.
fn reserved_alias(
    entry: &Entry,
    alias: &crate::ir::Alias,
    reserved: &crate::ir::Reserved,
) -> Diagnostic {
    let why = reserved
        .reason
        .as_ref()
        .map_or(String::new(), |w| format!(" ({w})"));
    let single = match &reserved.code {
        ReservedCode::Code(_) => true,
        ReservedCode::Range { from, to } => from == to,
    };
    let name = entry.name.original();
    if single {
        Diagnostic::new(
            Rule::RetiredAlias,
            alias.span,
            format!("alias `{}` is a reserved code{why}", alias.code),
        )
        .label(format!("now read as `{name}`"))
        .secondary(reserved.span, "reserved here")
        .help(format!(
            "clients that still receive `{}` will read it as `{name}`: make sure that is what it meant, and drop the `reserved` line if you like (the alias keeps the code from being taken again)",
            alias.code
        ))
    } else {
        Diagnostic::new(
            Rule::ReservedAlias,
            alias.span,
            format!("alias `{}` lies in a reserved range{why}", alias.code),
        )
        .label("an alias in a reserved range")
        .secondary(reserved.span, "reserved here")
        .help("a reserved range keeps its codes for what comes later: shrink the range around the published code, or remove the alias")
    }
}

/// One catalog under check, with its source text for precise spans.
struct Cx<'a> {
    catalog: &'a Catalog,
    text: &'a str,
}

impl Cx<'_> {
    /// `envelope-cannot-hold`: an entry sent in a success shape, or with
    /// params that travel only in `params` (wire-only or structured) in an
    /// envelope without a `params` member. `unused-envelope`: an envelope,
    /// not a success shape, that no entry is sent in.
    fn envelopes(&self, out: &mut Vec<Diagnostic>) {
        use crate::ir::MemberKind;
        let catalog = self.catalog;
        let envelopes = &catalog.envelopes;
        let success: Vec<bool> = envelopes.iter().map(|e| e.is_success()).collect();
        let has_params: Vec<bool> = envelopes
            .iter()
            .map(|e| e.member(MemberKind::Params).is_some())
            .collect();
        let mut used = vec![false; envelopes.len()];
        for entry in &catalog.entries {
            for &k in entry.envelopes.iter() {
                used[k] = true;
                let envelope = &envelopes[k];
                let name = envelope.name.original();
                let problem = if success[k] {
                    Some((
                        format!(
                            "`{}` is sent in envelope `{name}`, a success shape",
                            entry.name.original()
                        ),
                        "a success shape (a payload and no code) carries no catalog entry".to_owned(),
                        format!("send it in an envelope with a code: name one in `envelopes`, or remove `{name}` from it"),
                    ))
                } else if let Some(p) = entry
                    .params
                    .iter()
                    .find(|p| !has_params[k] && (p.wire || !p.ty.is_scalar()))
                {
                    let why = if p.ty.is_scalar() {
                        "wire-only"
                    } else {
                        "structured"
                    };
                    Some((
                        format!(
                            "envelope `{name}` has no `params` member for the {why} param `{}` of `{}`",
                            p.name.original(),
                            entry.name.original()
                        ),
                        format!(
                            "param `{}` is in no message: it travels only in the envelope's params",
                            p.name.original()
                        ),
                        format!("add `params \"params\"` (with its wire name) to envelope `{name}`, or send the entry in another envelope"),
                    ))
                } else {
                    None
                };
                let Some((message, label, help)) = problem else {
                    continue;
                };
                let mut d = Diagnostic::new(Rule::EnvelopeCannotHold, entry.spans.head, message)
                    .label(label);
                if let Some(span) = envelope.span {
                    d = d.secondary(span, format!("envelope `{name}` is declared here"));
                }
                if let Some(span) = entry.spans.envelopes {
                    d = d.secondary(span, "chosen here");
                }
                out.push(d.help(help));
            }
        }
        if catalog.entries.is_empty() {
            return;
        }
        for (k, envelope) in envelopes.iter().enumerate() {
            let Some(span) = envelope.span.filter(|_| !used[k] && !success[k]) else {
                continue;
            };
            let name = envelope.name.original();
            out.push(
                Diagnostic::new(
                    Rule::UnusedEnvelope,
                    span,
                    format!("no entry is sent in envelope `{name}`"),
                )
                .label("unused")
                .help(format!(
                    "name it in `envelopes` (the catalog header's, a group's or an entry's), or remove it: `envelopes {}`",
                    envelopes
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| used[i] || i == k)
                        .map(|(_, e)| e.name.original())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }

    /// The span of `range` inside an entry's code literal.
    fn code_span(&self, entry: &Entry, range: std::ops::Range<usize>) -> Span {
        span_within(self.text, entry.spans.code, &entry.code.to_string(), range)
    }

    /// `malformed-code`, then the ranges and reserved codes of the codes that
    /// are not malformed.
    fn codes(&self, out: &mut Vec<Diagnostic>) {
        let malformed = self.malformed_codes(out);
        self.ranges_and_reserved(&malformed, out);
    }

    /// Reports codes that hold a control character, match no format or miss
    /// their group's prefix;
    /// returns, per entry, whether its code is malformed.
    fn malformed_codes(&self, out: &mut Vec<Diagnostic>) -> Vec<bool> {
        let formats = &self.catalog.formats;
        let mut malformed = vec![false; self.catalog.entries.len()];
        // The catalog's codes, collected the first time a fix needs them.
        let mut codes: Option<std::collections::HashSet<&Code>> = None;
        // An alias is a code that was published as it was: no format or
        // prefix applies to it, but a control character is no code at all.
        for alias in self.catalog.entries.iter().flat_map(|e| e.aliases.iter()) {
            let Code::Str(code) = &alias.code else {
                continue;
            };
            if let Some((at, c)) = code.char_indices().find(|(_, c)| c.is_control()) {
                out.push(
                    Diagnostic::new(
                        Rule::MalformedCode,
                        span_within(self.text, alias.span, code, at..at + c.len_utf8()),
                        format!(
                            "alias `{}` contains the control character U+{:04X}",
                            code.escape_debug(),
                            u32::from(c)
                        ),
                    )
                    .label("a control character")
                    .help("codes are identifiers on the wire: remove the control characters"),
                );
            }
        }
        for (index, entry) in self.catalog.entries.iter().enumerate() {
            let code: std::borrow::Cow<str> = match &entry.code {
                Code::Str(s) => s.as_str().into(),
                Code::Int(n) => n.to_string().into(),
            };
            if let Some((at, c)) = code.char_indices().find(|(_, c)| c.is_control()) {
                out.push(
                    Diagnostic::new(
                        Rule::MalformedCode,
                        self.code_span(entry, at..at + c.len_utf8()),
                        format!(
                            "code `{}` contains the control character U+{:04X}",
                            code.escape_debug(),
                            u32::from(c)
                        ),
                    )
                    .label("a control character")
                    .help("codes are identifiers on the wire: remove the control characters"),
                );
                malformed[index] = true;
                continue;
            }
            if !formats.is_empty() {
                let mut best = None;
                for format in formats {
                    match format.check(&code) {
                        Ok(()) => {
                            best = None;
                            break;
                        }
                        Err(m) => {
                            if best
                                .as_ref()
                                .is_none_or(|(b, _): &(crate::ir::FormatMismatch, _)| m.at > b.at)
                            {
                                best = Some((m, format));
                            }
                        }
                    }
                }
                if let Some((m, format)) = best {
                    let span = self.code_span(entry, m.at..m.at + m.len);
                    let mut d = Diagnostic::new(
                        Rule::MalformedCode,
                        span,
                        format!(
                            "code `{code}` does not match the format `{}`",
                            format.pattern
                        ),
                    )
                    .label(format!("expected {}, found {}", m.expected, m.found))
                    .secondary(format.span, "the format");
                    d = match &m.fix {
                        Some(fix) => {
                            let help = format!("did you mean `{}`?", fix.fixed);
                            let span = self.code_span(entry, fix.range.clone());
                            // Only an edit of the code as written, not
                            // through escapes, and only certain when the
                            // fixed code is free.
                            if self.text.get(span.start..span.end) == code.get(fix.range.clone()) {
                                let fixed = match entry.code {
                                    Code::Int(_) => fix
                                        .fixed
                                        .parse()
                                        .map_or_else(|_| Code::Str(fix.fixed.clone()), Code::Int),
                                    Code::Str(_) => Code::Str(fix.fixed.clone()),
                                };
                                let taken = codes
                                    .get_or_insert_with(|| {
                                        self.catalog.entries.iter().map(|e| &e.code).collect()
                                    })
                                    .contains(&fixed)
                                    || self.catalog.reserved.iter().any(|r| r.covers(&fixed));
                                let applicability = diagnostic::Applicability::of_pick(!taken);
                                let widened = keeping_alias(
                                    self.text,
                                    entry.spans.code,
                                    span,
                                    &fix.replacement,
                                );
                                let keeps_alias = widened.is_some();
                                let (span, replacement) =
                                    widened.unwrap_or_else(|| (span, fix.replacement.clone()));
                                d = d.suggest(help.clone(), span, replacement, applicability);
                                if keeps_alias {
                                    d = d.note(format!(
                                        "the fix keeps `{code}` as an `alias` of the entry, so \
                                         that a body that carries it is still read as this error; \
                                         delete the alias if the code was never published"
                                    ));
                                }
                                if taken {
                                    d = d.note(format!(
                                        "`{}` is taken already: the fix is not applied by `check --fix`",
                                        fix.fixed
                                    ));
                                }
                            }
                            d.help(help)
                        }
                        None => d.help(format!(
                            "write the code in the format `{}`, e.g. `{}`",
                            format.pattern,
                            format.example()
                        )),
                    };
                    if formats.len() > 1 {
                        let all: Vec<String> =
                            formats.iter().map(|f| format!("`{}`", f.pattern)).collect();
                        d = d.note(format!("the catalog's formats are {}", all.join(", ")));
                    }
                    out.push(d);
                    malformed[index] = true;
                    continue;
                }
            }
            let Some(group) = entry.group.map(|g| &self.catalog.groups[g]) else {
                continue;
            };
            let Some(prefix) = &group.prefix else {
                continue;
            };
            if !code.starts_with(prefix.as_str()) {
                let mut d = Diagnostic::new(
                    Rule::MalformedCode,
                    entry.spans.code,
                    format!("code `{code}` does not start with its group's prefix `{prefix}`"),
                )
                .label(format!("expected a code starting with `{prefix}`"))
                .help(format!(
                    "rename the code to `{prefix}…`, or move the entry to a group whose codes it fits"
                ));
                if let Some(span) = group.prefix_span {
                    d = d.secondary(
                        span,
                        format!("group `{}` declares the prefix", group.name.original()),
                    );
                }
                out.push(d);
                malformed[index] = true;
            }
        }
        malformed
    }

    /// Reports codes outside their group's range (unless already malformed)
    /// and codes that are reserved.
    fn ranges_and_reserved(&self, malformed: &[bool], out: &mut Vec<Diagnostic>) {
        let catalog = self.catalog;
        let mut exact: FastMap<&Code, usize> = FastMap::default();
        let mut ranges: Vec<(u64, u64, usize)> = Vec::new();
        for (i, r) in catalog.reserved.iter().enumerate() {
            match &r.code {
                ReservedCode::Code(Code::Int(n))
                    if catalog.code_kind == crate::ir::CodeKind::String =>
                {
                    ranges.push((*n, *n, i))
                }
                ReservedCode::Code(c) => {
                    exact.entry(c).or_insert(i);
                }
                ReservedCode::Range { from, to } => ranges.push((*from, *to, i)),
            }
        }
        let reserved_ranges = RangeIndex::new(ranges);
        // The reserved range holding a number (the one starting last).
        let covering = |n: u64| reserved_ranges.holding(n).next();
        // The last group whose range holds a number, for the help of a code
        // out of its group's range; indexed at the first such code (a scan
        // of every group per code made many out-of-range codes quadratic).
        let group_ranges = std::cell::OnceCell::new();
        let home_of = |n: u64| {
            group_ranges
                .get_or_init(|| {
                    RangeIndex::new(
                        catalog
                            .groups
                            .iter()
                            .enumerate()
                            .filter_map(|(g, group)| group.range.map(|(a, b)| (a, b, g))),
                    )
                })
                .holding(n)
                .max()
        };

        let taken = std::cell::OnceCell::new();
        for (entry, &malformed) in catalog.entries.iter().zip(malformed) {
            let number = entry.code.number();
            if let Some(group) = entry
                .group
                .filter(|_| !malformed)
                .map(|g| &catalog.groups[g])
            {
                if let (Some((from, to)), Some(n)) = (group.range, number) {
                    if !(from..=to).contains(&n) {
                        let home = home_of(n).map(|g| &catalog.groups[g]);
                        let help = match home {
                            Some(h) => format!("move the entry to group `{}`, whose range holds {n}", h.name.original()),
                            None => format!("move the entry to a group whose range holds {n}, or widen this group's range"),
                        };
                        let mut d = Diagnostic::new(
                            Rule::CodeOutOfRange,
                            entry.spans.code,
                            format!(
                                "code `{}` lies outside group `{}`'s range {from}..{to}",
                                entry.code,
                                group.name.original()
                            ),
                        )
                        .label(format!("{n} is not in {from}..{to}"))
                        .help(help);
                        if let Some(span) = group.range_span {
                            d = d.secondary(span, "the group's range");
                        }
                        out.push(d);
                    }
                }
            }
            if catalog.reserved.is_empty() {
                continue;
            }
            let hit = exact
                .get(&entry.code)
                .copied()
                .or_else(|| number.and_then(covering));
            if let Some(i) = hit {
                let r = &catalog.reserved[i];
                let why = r
                    .reason
                    .as_ref()
                    .map_or(String::new(), |w| format!(" ({w})"));
                let mut d = Diagnostic::new(
                    Rule::ReservedCode,
                    entry.spans.code,
                    format!("code `{}` is reserved{why}", entry.code),
                )
                .label("takes a reserved code")
                .secondary(r.span, "reserved here");
                // The first code after it that is neither reserved nor
                // taken, within the entry's group's range.
                let taken = taken.get_or_init(|| {
                    catalog
                        .entries
                        .iter()
                        .map(|e| &e.code)
                        .collect::<FastSet<&Code>>()
                });
                let limit = entry
                    .group
                    .and_then(|g| catalog.groups[g].range)
                    .map_or(u64::MAX, |(_, to)| to);
                let free = number.and_then(|n| {
                    let mut m = n.checked_add(1)?;
                    for _ in 0..FREE_CODE_STEPS {
                        if m > limit {
                            return None;
                        }
                        let candidate = entry.code.with_number(m)?;
                        if let Some(k) = covering(m) {
                            let ReservedCode::Range { to, .. } = catalog.reserved[k].code else {
                                m = m.checked_add(1)?;
                                continue;
                            };
                            m = to.checked_add(1)?;
                        } else if taken.contains(&candidate) || exact.contains_key(&candidate) {
                            m = m.checked_add(1)?;
                        } else {
                            return Some(candidate);
                        }
                    }
                    None
                });
                d = match free {
                    Some(code) => {
                        let help = format!(
                            "choose a code that is not reserved, such as `{code}`, the first free one after it; a reserved code must never come back with a new meaning"
                        );
                        d.help(help.clone()).suggest(
                            help,
                            entry.spans.code,
                            code.literal(),
                            Applicability::MaybeIncorrect,
                        )
                    }
                    None => d.help("choose a code that is not reserved; a reserved code must never come back with a new meaning"),
                };
                out.push(d);
            }
        }
        if catalog.reserved.is_empty() {
            return;
        }
        for entry in &catalog.entries {
            for alias in &entry.aliases {
                let hit = exact
                    .get(&alias.code)
                    .copied()
                    .or_else(|| alias.code.number().and_then(covering));
                if let Some(i) = hit {
                    out.push(reserved_alias(entry, alias, &catalog.reserved[i]));
                }
            }
        }
    }

    /// Reports error entries whose HTTP status (own or their group's) is
    /// 2xx, unless their group allows it.
    fn success_statuses(&self, out: &mut Vec<Diagnostic>) {
        let catalog = self.catalog;
        for entry in &catalog.entries {
            let Some(status @ 200..=299) = entry.http else {
                continue;
            };
            if entry.kind != crate::ir::EntryKind::Error {
                continue;
            }
            let group = entry.group.map(|g| &catalog.groups[g]);
            if group.is_some_and(|g| {
                g.allow
                    .iter()
                    .any(|&(r, _)| r == Rule::ErrorWithSuccessStatus)
            }) {
                continue;
            }
            let own = entry.spans.http.filter(|s| {
                s.file == entry.spans.entry.file
                    && s.start >= entry.spans.entry.start
                    && s.end <= entry.spans.entry.end
            });
            let message = format!(
                "error `{}` answers with HTTP {status}, a success status",
                entry.name.original()
            );
            let mut d = match (own, entry.spans.http) {
                (Some(span), _) => Diagnostic::new(Rule::ErrorWithSuccessStatus, span, message)
                    .label("a 2xx status on an error"),
                (None, inherited) => {
                    let d =
                        Diagnostic::new(Rule::ErrorWithSuccessStatus, entry.spans.head, message)
                            .label(format!("inherits HTTP {status}"));
                    match inherited {
                        Some(span) => d.secondary(span, "the group's default"),
                        None => d,
                    }
                }
            };
            d = d.note(
                "clients, proxies and monitoring take a 2xx response for a success: retries, alerts and error rates miss it",
            );
            d = match group {
                Some(g) => d.help(format!(
                    "give it the status of its failure (`http 400`, `http 500`, …); if the API really answers these errors with {status}, say so in group `{}`: `allow error-with-success-status`",
                    g.name.original()
                )),
                None => d.help(format!(
                    "give it the status of its failure (`http 400`, `http 500`, …); if the API really answers it with {status}, put it in a group that says `allow error-with-success-status`"
                )),
            };
            out.push(d);
        }
    }

    /// Reports groups whose own ranges overlap, or whose own prefixes nest,
    /// so that a code could belong to both. Only groups that compete for
    /// codes are compared: the top-level groups, and the subgroups of one
    /// parent (a subgroup inside its parent's range or prefix narrows it; one
    /// under a parent without a range or prefix of its own competes with the
    /// top level). Ranges are compared between groups of one prefix (string
    /// catalogs reuse a prefix across disjoint ranges), prefixes between
    /// groups without a range. Sort-based: each group is reported once, against the
    /// earlier group it overlaps that reaches furthest.
    fn overlapping_groups(&self, out: &mut Vec<Diagnostic>) {
        let groups = &self.catalog.groups;
        if groups.len() < 2 {
            return;
        }
        // A constraint is a group's own when its span differs from its parent's.
        let own_range = |g: usize| {
            let group = &groups[g];
            let span = group.range_span?;
            let inherited = group.parent.and_then(|p| groups[p].range_span);
            (inherited != Some(span)).then_some(group.range?)
        };
        let own_prefix = |g: usize| {
            let group = &groups[g];
            let span = group.prefix_span?;
            let inherited = group.parent.and_then(|p| groups[p].prefix_span);
            (inherited != Some(span)).then_some(group.prefix.as_deref())?
        };
        // Ranges: keyed by (competing level, prefix), sorted by start.
        type Ranged<'p> = (Option<usize>, Option<&'p str>, u64, u64, usize);
        let mut ranged: Vec<Ranged> = Vec::new();
        // Prefixes of groups without a range: keyed by level, sorted by text.
        let mut prefixed: Vec<(Option<usize>, &str, usize)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            if let Some((from, to)) = own_range(g) {
                let level = group.parent.filter(|&p| own_range(p).is_some());
                ranged.push((level, group.prefix.as_deref(), from, to, g));
            }
            if let (Some(prefix), None) = (own_prefix(g), group.range) {
                let level = group.parent.filter(|&p| own_prefix(p).is_some());
                prefixed.push((level, prefix, g));
            }
        }
        ranged.sort_unstable();
        // The earlier group of the same key that reaches furthest.
        let mut reach: Option<(Option<usize>, Option<&str>, u64, usize)> = None;
        for &(level, prefix, from, to, g) in &ranged {
            match reach {
                Some((l, p, end, h)) if l == level && p == prefix && from <= end => {
                    let (a, b) = groups[h].range.unwrap_or_default();
                    let shared = (from, to.min(end).min(b));
                    self.report_overlap(
                        g,
                        h,
                        format!(
                            "group `{}`'s range {from}..{to} overlaps group `{}`'s range {a}..{b}",
                            groups[g].name.original(),
                            groups[h].name.original()
                        ),
                        format!("{}..{} lie in both", shared.0, shared.1),
                        groups[g].range_span,
                        groups[h].range_span,
                        format!(
                            "start the range after {b}: `range {}..{to}`, or move the codes into one group",
                            b.saturating_add(1)
                        ),
                        to <= b,
                        out,
                    );
                    if to > end {
                        reach = Some((level, prefix, to, g));
                    }
                }
                _ => reach = Some((level, prefix, to, g)),
            }
        }
        prefixed.sort_unstable();
        // The chain of earlier prefixes of one level, each a prefix of the next.
        let mut chain: Vec<(Option<usize>, &str, usize)> = Vec::new();
        for &(level, prefix, g) in &prefixed {
            while chain
                .last()
                .is_some_and(|&(l, p, _)| l != level || !prefix.starts_with(p))
            {
                chain.pop();
            }
            if let Some(&(_, p, h)) = chain.last() {
                let message = if p == prefix {
                    format!(
                        "groups `{}` and `{}` have the same prefix `{prefix}`",
                        groups[h].name.original(),
                        groups[g].name.original()
                    )
                } else {
                    format!(
                        "group `{}`'s prefix `{prefix}` starts with group `{}`'s prefix `{p}`",
                        groups[g].name.original(),
                        groups[h].name.original()
                    )
                };
                let help = if p == prefix {
                    "give each group a prefix of its own, or merge them into one group".to_owned()
                } else {
                    format!(
                        "make `{}` a subgroup of `{}`, or give it a prefix that does not start with `{p}`",
                        groups[g].name.original(),
                        groups[h].name.original()
                    )
                };
                self.report_overlap(
                    g,
                    h,
                    message,
                    format!("a code starting with `{prefix}` fits both groups"),
                    groups[g].prefix_span,
                    groups[h].prefix_span,
                    help,
                    false,
                    out,
                );
            }
            chain.push((level, prefix, g));
        }
    }

    /// Pushes an `overlapping-ranges` warning for group `g` against the
    /// earlier group `h`.
    #[allow(clippy::too_many_arguments)]
    fn report_overlap(
        &self,
        g: usize,
        h: usize,
        message: String,
        label: String,
        span: Option<Span>,
        other: Option<Span>,
        help: String,
        inside: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let groups = &self.catalog.groups;
        let mut d = Diagnostic::new(
            Rule::OverlappingRanges,
            span.unwrap_or(groups[g].span),
            message,
        )
        .label(label)
        .secondary(
            other.unwrap_or(groups[h].span),
            format!("group `{}` claims them too", groups[h].name.original()),
        );
        d = if inside {
            d.help(format!(
                "make `{}` a subgroup of `{}`, or give it a range of its own",
                groups[g].name.original(),
                groups[h].name.original()
            ))
        } else {
            d.help(help)
        };
        out.push(d.note(
            "an entry belongs to the group it is written in, but overlapping groups no longer tell a reader, or whoever picks the next code, which group a code is in",
        ));
    }

    fn duplicate_names(&self, out: &mut Vec<Diagnostic>) {
        // An entry named after its code (`error "A" { … }`) that repeats an
        // earlier code is `duplicate-code`'s: its name clashes only because
        // its code does.
        let mut codes: FastSet<&Code> = FastSet::default();
        let entries: Vec<(&Names, Span)> = self
            .catalog
            .entries
            .iter()
            .filter(|e| codes.insert(&e.code) || e.spans.name.is_some())
            .map(|e| (&e.name, e.spans.name.unwrap_or(e.spans.head)))
            .collect();
        let groups: Vec<(&Names, Span)> = self
            .catalog
            .groups
            .iter()
            .map(|g| (&g.name, g.span))
            .collect();
        let mut reported: BTreeSet<(Span, Span)> = BTreeSet::new();
        distinct_names("entry", &entries, &mut reported, out);
        distinct_names("group", &groups, &mut reported, out);
    }

    fn messages(&self, out: &mut Vec<Diagnostic>) {
        let catalog = self.catalog;
        let default = catalog.default_locale();
        let mut reference_set = Vec::new();
        let mut these_set = Vec::new();
        for entry in &catalog.entries {
            let head = entry.spans.head;
            // Messages only in undeclared locales: `unknown-locale`'s.
            if entry.messages.is_empty() && entry.spans.undeclared_locale_message.is_none() {
                out.push(
                    Diagnostic::new(
                        Rule::EmptyEntry,
                        head,
                        format!("entry `{}` has no message", entry.name.original()),
                    )
                    .label("no message in any locale")
                    .help(
                        if entry.causes.is_empty()
                            && entry.remedies.is_empty()
                            && entry.description.is_empty()
                        {
                            format!(
                                "write its messages, or reserve the code instead: `reserved {}`",
                                entry.code.literal()
                            )
                        } else {
                            format!(
                                "write its message: `message {} \"…\"`",
                                catalog.default_locale()
                            )
                        },
                    ),
                );
                continue;
            }
            let Some(reference) = entry.message(default) else {
                out.push(
                    Diagnostic::new(
                        Rule::MissingDefaultMessage,
                        head,
                        format!("entry `{}` has no message in the default locale `{default}`", entry.name.original()),
                    )
                    .label(format!("no `{default}` message"))
                    .help(format!("add `message {default} \"…\"`: it is what clients show when no translation fits")),
                );
                continue;
            };
            // Messages come in the catalog's locale order, one per locale: a
            // walk along both (a lookup per locale was quadratic in them).
            let mut messages = entry.messages.iter().peekable();
            let missing: Vec<&str> = catalog
                .locales
                .iter()
                .filter(|l| messages.next_if(|m| *m.locale == ***l).is_none())
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                let list: Vec<String> = missing.iter().map(|l| format!("`{l}`")).collect();
                out.push(
                    Diagnostic::new(
                        Rule::MissingTranslation,
                        head,
                        format!(
                            "entry `{}` has no {} message",
                            entry.name.original(),
                            list.join(" or ")
                        ),
                    )
                    .label("translation missing")
                    .help(format!("add `message {} \"…\"`", missing[0])),
                );
            }

            // Placeholders must agree across locales. Most do: compare the
            // sets of keys in reused buffers first, and spell out the
            // differences only when there are some.
            if entry.messages.len() > 1 {
                placeholder_set(reference, &mut reference_set);
            }
            let mut reference_keys = None;
            for m in entry.messages.iter().filter(|m| *m.locale != *default) {
                placeholder_set(m, &mut these_set);
                if these_set == reference_set {
                    continue;
                }
                let reference_keys =
                    reference_keys.get_or_insert_with(|| placeholder_keys(reference));
                let these = placeholder_keys(m);
                let lacks: Vec<&String> = reference_keys
                    .iter()
                    .filter(|(k, _)| !these.contains_key(*k))
                    .map(|(_, v)| v)
                    .collect();
                let extra: Vec<&String> = these
                    .iter()
                    .filter(|(k, _)| !reference_keys.contains_key(*k))
                    .map(|(_, v)| v)
                    .collect();
                if lacks.is_empty() && extra.is_empty() {
                    continue;
                }
                let show = |v: &[&String]| {
                    v.iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut parts = Vec::new();
                if !lacks.is_empty() {
                    parts.push(format!("lacks {}", show(&lacks)));
                }
                if !extra.is_empty() {
                    parts.push(format!(
                        "has {} that the `{default}` message does not",
                        show(&extra)
                    ));
                }
                let all: Vec<&String> = reference_keys.values().collect();
                out.push(
                    Diagnostic::new(
                        Rule::PlaceholderMismatch,
                        m.span,
                        format!(
                            "the `{}` message of `{}` {}",
                            m.locale,
                            entry.name.original(),
                            parts.join(" and ")
                        ),
                    )
                    .label(format!("placeholders differ from the `{default}` message"))
                    .secondary(reference.span, format!("the `{default}` message"))
                    .help(if all.is_empty() {
                        "use the same placeholders in every locale: here, none".to_owned()
                    } else {
                        format!("use the same placeholders in every locale: {}", show(&all))
                    }),
                );
            }

            if entry.params_declared {
                let mut used = vec![false; entry.params.len()];
                for m in &entry.messages {
                    let within = Within::new(self.text, m.span, &m.text);
                    for p in m.placeholders() {
                        match p.param {
                            Some(i) if entry.params[i].wire => {
                                used[i] = true;
                                out.push(self.unshowable(
                                    entry,
                                    &entry.params[i],
                                    within.span(p.range.clone()),
                                ));
                            }
                            Some(i) => used[i] = true,
                            None => {
                                let span = within.span(p.range.clone());
                                let near = match p.key {
                                    PlaceholderKey::Named(n) => crate::suggest::nearest(
                                        n,
                                        entry.params.iter().map(|q| q.name.original()),
                                    ),
                                    PlaceholderKey::Index(_) => None,
                                };
                                let help = match (near, p.key) {
                                    (Some((near, _)), _) => format!("did you mean `{{{near}}}`?"),
                                    (None, PlaceholderKey::Index(i)) => {
                                        format!("declare it: `param {i}: string`")
                                    }
                                    (None, PlaceholderKey::Named(n)) => {
                                        format!("declare it: `param {n}: string`")
                                    }
                                };
                                out.push(
                                    Diagnostic::new(
                                        Rule::UndeclaredPlaceholder,
                                        span,
                                        format!(
                                            "placeholder `{}` names no param of `{}`",
                                            p.key,
                                            entry.name.original()
                                        ),
                                    )
                                    .label("not declared")
                                    .help(help.clone()),
                                );
                                if let Some((near, certain)) = near {
                                    let fix = placeholder_fix(
                                        self.text,
                                        span,
                                        (&m.text[p.range.clone()], p.key),
                                        near,
                                        certain
                                            && !m.placeholders().any(|q| {
                                                q.param.is_some_and(|i| {
                                                    entry.params[i].name.original() == near
                                                })
                                            }),
                                    );
                                    if let (Some((replacement, applicability)), Some(d)) =
                                        (fix, out.last_mut())
                                    {
                                        d.suggestions.push(Suggestion {
                                            message: help,
                                            span,
                                            replacement,
                                            applicability,
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
                for (param, used) in entry.params.iter().zip(used) {
                    if !used && !param.wire {
                        let key = match param.index {
                            Some(i) => format!("{{{i}}}"),
                            None => format!("{{{}}}", param.name.original()),
                        };
                        out.push(
                            Diagnostic::new(
                                Rule::UnusedParam,
                                param.span,
                                format!("param `{}` appears in no message", param.name.original()),
                            )
                            .label("declared but never shown")
                            .help(format!("use `{key}` in the messages, or remove the param")),
                        );
                    }
                }
            }

            if let (Some(upstream), Some(param)) = (
                entry.upstreams.first(),
                entry.params.iter().find(|p| !p.ty.is_scalar()),
            ) {
                out.push(
                    Diagnostic::new(
                        Rule::StructuredPlaceholder,
                        upstream.span,
                        format!(
                            "`{}` has an upstream mapping and the structured param `{}`",
                            entry.name.original(),
                            param.name.original()
                        ),
                    )
                    .label("builds the error from another system's text")
                    .secondary(param.span, format!("a `{}` has no text to come from", param.ty))
                    .help("make the entry's params scalars (`string`, `int`, `float`, `bool`), or map the upstream error to an entry without structured params"),
                );
            }
            for upstream in &entry.upstreams {
                self.uncaptured_params(entry, upstream, out);
                for capture in &upstream.captures {
                    let known = entry.params.iter().any(|p| p.is_filled_by(capture));
                    if known {
                        continue;
                    }
                    let span = upstream.pattern_span.unwrap_or(upstream.span);
                    let span = upstream.pattern.as_ref().map_or(span, |p| {
                        let needle = format!("<{capture}>");
                        match p.find(&needle) {
                            Some(at) => {
                                span_within(self.text, span, p, at + 1..at + 1 + capture.len())
                            }
                            None => span,
                        }
                    });
                    out.push(
                        Diagnostic::new(
                            Rule::UnknownCapture,
                            span,
                            format!("the pattern captures `{capture}`, but `{}` has no such param", entry.name.original()),
                        )
                        .label("no param of this name")
                        .help(format!(
                            "declare `param {capture}: string` and use `{{{capture}}}` in the messages, or rename the group"
                        )),
                    );
                }
            }
        }
    }

    /// `script-mismatch`: a message written in a script its locale does not
    /// use, judged by [`crate::script::mismatch`] (the one judgement
    /// `errgen import` uses too).
    fn scripts(&self, out: &mut Vec<Diagnostic>) {
        let catalog = self.catalog;
        for entry in &catalog.entries {
            for m in &entry.messages {
                let Some(mismatch) = crate::script::mismatch(&m.locale, &m.text) else {
                    continue;
                };
                let (locale, found) = (&*m.locale, mismatch.found);
                let likely = found.likely_locale();
                let elsewhere = if likely != locale
                    && catalog.locales.iter().any(|l| l == likely)
                    && entry.message(likely).is_some()
                {
                    format!(
                        "translate it into `{locale}` (`{}` has its `{likely}` message already)",
                        entry.code
                    )
                } else if likely != locale && catalog.locales.iter().any(|l| l == likely) {
                    format!(
                        "translate it into `{locale}`, or if it is the `{likely}` text, write it as `message {likely} \"…\"`"
                    )
                } else {
                    format!("translate it into `{locale}`")
                };
                out.push(
                    Diagnostic::new(
                        Rule::ScriptMismatch,
                        m.span,
                        format!(
                            "the `{locale}` message of `{}` is written in {} script",
                            entry.code,
                            found.name()
                        ),
                    )
                    .label(format!("{} text in the `{locale}` message", found.name()))
                    .help(elsewhere)
                    .note(format!(
                        "{} of its {} letter units are in {} script; a message in `{locale}` needs at least a quarter (placeholders, code spans, web addresses and digits do not count)",
                        mismatch.native,
                        mismatch.total,
                        mismatch.expected.name()
                    )),
                );
            }
        }
    }

    /// `foreign-placeholder`: printf, shell, Mustache or stand-in syntax in
    /// a message, and placeholders glued to a word ([`crate::foreign`]).
    fn foreign_placeholders(&self, out: &mut Vec<Diagnostic>) {
        use crate::foreign::{Foreign, ParamInfo};
        use crate::ir::ParamType;
        let mut holes = Vec::new();
        let mut params = Vec::new();
        for entry in &self.catalog.entries {
            params.clear();
            params.extend(entry.params.iter().map(|p| ParamInfo {
                names: [p.name.original(), p.name.snake()],
                number: matches!(p.ty, ParamType::Int | ParamType::Float),
            }));
            let written = |p: usize| match entry.params.get(p) {
                Some(param) => match param.index {
                    Some(i) => format!("{{{i}}}"),
                    None => format!("{{{}}}", param.name.original()),
                },
                None => "{…}".to_owned(),
            };
            let only = (entry.params.len() == 1).then(|| written(0));
            let instead = || match &only {
                Some(p) => format!("write `{p}`, errgen's placeholder of its one param"),
                None if entry.params.is_empty() => {
                    "declare a param (`param name: string`) and write `{name}`".to_owned()
                }
                None => {
                    "write the errgen placeholder `{name}` of the param it stands for".to_owned()
                }
            };
            for m in &entry.messages {
                holes.clear();
                holes.extend(m.placeholders().map(|p| (p.range, p.param)));
                let scripts = crate::script::scripts_of_locale(&m.locale);
                let latin = scripts == Some(&[crate::script::Script::Latin][..]);
                let zh = scripts == Some(&[crate::script::Script::Han][..]);
                let findings = crate::foreign::find(&m.text, &holes, &params, latin, zh);
                if findings.is_empty() {
                    continue;
                }
                let within = Within::new(self.text, m.span, &m.text);
                for f in findings {
                    let what = &m.text[f.range.clone()];
                    let (message, label, help, note) = match &f.kind {
                        Foreign::Printf => (
                            format!("`{what}` is a printf placeholder, not one of errgen's"),
                            "printf syntax, shown to users as is".to_owned(),
                            instead(),
                            None,
                        ),
                        Foreign::PrintfNamed(name) => (
                            format!("`{what}` is a Python placeholder, not one of errgen's"),
                            "Python syntax, shown to users as is".to_owned(),
                            match crate::foreign::find_param(&params, name) {
                                Some(p) => format!("write `{}`", written(p)),
                                None => instead(),
                            },
                            None,
                        ),
                        Foreign::Dollar(p) => (
                            format!("`{what}` is shell/JavaScript placeholder syntax"),
                            "users see the `$` before the value".to_owned(),
                            format!("remove the `$`: write `{}`", written(*p)),
                            Some("a number param may follow a currency sign; only a non-number param is reported".to_owned()),
                        ),
                        Foreign::Mustache(p) => (
                            format!("`{what}` is Mustache syntax: errgen shows it as a literal `{}`", written(*p)),
                            "`{{` and `}}` are literal braces in errgen".to_owned(),
                            format!("write `{}`", written(*p)),
                            None,
                        ),
                        Foreign::StandIn => (
                            format!("`{what}` is a stand-in left in the message"),
                            "a stand-in, shown to users as is".to_owned(),
                            match &only {
                                Some(p) => format!("write `{p}` in its place, or the words it stands for"),
                                None => "replace it with a param's placeholder `{name}`, or with the words it stands for".to_owned(),
                            },
                            None,
                        ),
                        Foreign::Glued(hole, _) => {
                            let word = if hole.start > f.range.start {
                                &m.text[f.range.start..hole.start]
                            } else {
                                &m.text[hole.end..f.range.end]
                            };
                            let hole = &m.text[hole.clone()];
                            if zh {
                                (
                                    format!("the placeholder `{hole}` is glued to `{word}`"),
                                    "no separator between the statement and the value".to_owned(),
                                    format!("separate the value: `{word}：{hole}`"),
                                    Some("Chinese needs no space around a value, but a value right after a word that ends the statement (不存在, 失败, …) reads as part of it".to_owned()),
                                )
                            } else {
                                let spaced = if what.starts_with(hole) {
                                    format!("{hole} {word}")
                                } else {
                                    format!("{word} {hole}")
                                };
                                (
                                    format!("the placeholder `{hole}` is glued to the word `{word}`"),
                                    "no space between the word and the value".to_owned(),
                                    format!("separate them: `{spaced}`"),
                                    None,
                                )
                            }
                        }
                    };
                    let mut d = Diagnostic::new(
                        Rule::ForeignPlaceholder,
                        within.span(f.range.clone()),
                        format!("{message} (`{}` message of `{}`)", m.locale, entry.code),
                    )
                    .label(label)
                    .help(help);
                    if let Some(note) = note {
                        d = d.note(note);
                    }
                    out.push(d);
                }
            }
        }
    }

    /// `structured-placeholder`: a placeholder at `span` names `param`,
    /// which is structured or `wire`.
    fn unshowable(&self, entry: &Entry, param: &crate::ir::Param, span: Span) -> Diagnostic {
        let name = param.name.original();
        let (message, label, help) = if param.ty.is_scalar() {
            (
                format!(
                    "the message of `{}` shows the wire-only param `{name}`",
                    entry.name.original()
                ),
                "declared `wire`: shown in no message".to_owned(),
                format!("remove `wire` from `param {name}` to show it, or remove the placeholder"),
            )
        } else {
            (
                format!(
                    "the message of `{}` shows `{name}`, a `{}`",
                    entry.name.original(),
                    param.ty
                ),
                "a structured value has no text form".to_owned(),
                "structured params travel in the envelope; show a scalar param in the message instead".to_owned(),
            )
        };
        Diagnostic::new(Rule::StructuredPlaceholder, span, message)
            .label(label)
            .secondary(param.span, format!("`{name}` is declared here"))
            .help(help)
    }

    /// Reports an upstream mapping that leaves params of its entry
    /// uncaptured: the generated classifiers fill them with `""`, `0`
    /// (TypeScript: `NaN`) or `false`, and the message shows that.
    fn uncaptured_params(
        &self,
        entry: &Entry,
        upstream: &crate::ir::Upstream,
        out: &mut Vec<Diagnostic>,
    ) {
        if entry.params.is_empty() {
            return;
        }
        // A group that names no param is `unknown-capture`, usually this
        // param misspelt: one fix, one diagnostic.
        if upstream
            .captures
            .iter()
            .any(|c| !entry.params.iter().any(|p| p.is_filled_by(c)))
        {
            return;
        }
        // Captures are few (a pattern's named groups): a scan per param.
        let missing: Vec<&crate::ir::Param> = entry
            .params
            .iter()
            // A structured param is never captured (`structured-placeholder`).
            .filter(|p| p.ty.is_scalar() && upstream.group_for(p).is_none())
            .collect();
        let Some(first) = missing.first() else {
            return;
        };
        let list: Vec<String> = missing
            .iter()
            .map(|p| format!("`{}`", p.name.original()))
            .collect();
        let fills: Vec<String> = missing
            .iter()
            .map(|p| {
                let empty = match p.ty {
                    crate::ir::ParamType::Int | crate::ir::ParamType::Float => {
                        "0 (`NaN` in TypeScript)"
                    }
                    crate::ir::ParamType::Bool => "false",
                    _ => "\"\"",
                };
                format!("`{}` with {empty}", p.name.original())
            })
            .collect();
        let source = upstream
            .source
            .as_deref()
            .map_or(String::new(), |s| format!(" `{s}`"));
        let name = first.name.original();
        let class = match first.ty {
            crate::ir::ParamType::Int => "[0-9]+",
            crate::ir::ParamType::Float => "[0-9.]+",
            crate::ir::ParamType::Bool => "true|false",
            _ => "\\S+",
        };
        let d = match (&upstream.pattern, upstream.pattern_span) {
            (Some(_), Some(span)) => Diagnostic::new(
                Rule::UncapturedParam,
                span,
                format!(
                    "the upstream{source} pattern of `{}` captures no {}",
                    entry.name.original(),
                    list.join(", ")
                ),
            )
            .label(format!("no group named {}", list.join(", ")))
            .help(format!(
                "capture it where the upstream message says it: `(?<{name}>{class})`"
            )),
            _ => Diagnostic::new(
                Rule::UncapturedParam,
                upstream.span,
                format!(
                    "the upstream{source} mapping of `{}` has no `match` pattern to capture {}",
                    entry.name.original(),
                    list.join(", ")
                ),
            )
            .label("`contains`, `http` and `grpc` capture nothing")
            .help(format!(
                "add a `match` pattern with a group for each param, e.g. `match r\"…(?<{name}>{class})…\"`, or map this upstream to an entry without params"
            )),
        };
        out.push(d.note(format!(
            "the generated `classify` fills {}, and the message shows that",
            fills.join(", ")
        )));
    }

    /// `duplicate-message` (W0011) and `near-duplicate-message` (N0031) in
    /// one pass: each message is hashed in its near form ([`normalize`]);
    /// only the messages of a class with more than one member (none, in a
    /// clean catalog) are compared further, by their exact forms.
    fn duplicate_messages(&self, out: &mut Vec<Diagnostic>) {
        use std::collections::hash_map::Entry as Slot;
        let catalog = self.catalog;
        let entries = &catalog.entries;
        let total = entries.iter().map(|e| e.messages.len()).sum();
        // The hash of `(locale, near form)` → the first message `(entry,
        // message)` with it. The forms are built in two reused buffers, not
        // `String`s per message; a hit is confirmed by comparing the near
        // forms, and a different text with the same hash goes to `collided`,
        // keyed exactly. (Indices as `u32`: a smaller table, and no catalog
        // has four billion entries.)
        let mut first: FastMap<u64, (u32, u32)> =
            FastMap::with_capacity_and_hasher(total, Default::default());
        let mut near = String::new();
        let mut collided: FastMap<(&str, String), (u32, u32)> = FastMap::default();
        // The exact forms of the messages of classes with several members →
        // the first entry with it.
        let mut exact_first: FastMap<(&str, String), usize> = FastMap::default();
        // (first entry, second entry) → the locales of their exact and of
        // their near duplicates.
        type Locales<'a> = (Vec<&'a str>, Vec<&'a str>);
        let mut pairs: BTreeMap<(usize, usize), Locales> = BTreeMap::new();
        let forms = |(j, l): (u32, u32)| normalized(&entries[j as usize].messages[l as usize].text);
        for (i, entry) in entries.iter().enumerate() {
            for (k, m) in entry.messages.iter().enumerate() {
                if !normalize(&m.text, None, &mut near) {
                    continue;
                }
                let mut hasher = FxHasher::default();
                hasher.write(m.locale.as_bytes());
                hasher.write_u8(0xff);
                hasher.write(near.as_bytes());
                let here = (i as u32, k as u32);
                let head = match first.entry(hasher.finish()) {
                    Slot::Vacant(v) => {
                        v.insert(here);
                        continue;
                    }
                    Slot::Occupied(o) => *o.get(),
                };
                let other = &entries[head.0 as usize].messages[head.1 as usize];
                let (head, head_exact) = match forms(head) {
                    Some((e, n)) if other.locale == m.locale && n == near => (head, e),
                    _ => match collided.entry((&*m.locale, near.clone())) {
                        Slot::Occupied(o) => {
                            let head = *o.get();
                            (head, forms(head).map(|(e, _)| e).unwrap_or_default())
                        }
                        Slot::Vacant(v) => {
                            v.insert(here);
                            continue;
                        }
                    },
                };
                let j = head.0 as usize;
                let exact = forms(here).map(|(e, _)| e).unwrap_or_default();
                exact_first.entry((&*m.locale, head_exact)).or_insert(j);
                match exact_first.entry((&*m.locale, exact)) {
                    Slot::Occupied(o) => {
                        let j = *o.get();
                        if j != i {
                            pairs.entry((j, i)).or_default().0.push(&m.locale);
                        }
                    }
                    Slot::Vacant(v) => {
                        v.insert(i);
                        if j != i {
                            pairs.entry((j, i)).or_default().1.push(&m.locale);
                        }
                    }
                }
            }
        }
        for ((j, i), (same, near)) in pairs {
            let (a, b) = (&entries[j], &entries[i]);
            let (rule, locales) = if same.is_empty() {
                (Rule::NearDuplicateMessage, near)
            } else {
                // Already reported as duplicates: not again as near ones.
                (Rule::DuplicateMessage, same)
            };
            let locale = locales[0];
            let (Some(ma), Some(mb)) = (a.message(locale), b.message(locale)) else {
                continue;
            };
            let list: Vec<String> = locales.iter().map(|l| format!("`{l}`")).collect();
            let list = list.join(" and ");
            let d = if rule == Rule::DuplicateMessage {
                Diagnostic::new(
                    rule,
                    mb.span,
                    format!(
                        "`{}` and `{}` carry the same {list} message",
                        b.code, a.code
                    ),
                )
                .label(if ma.text == mb.text {
                    "same text as another code"
                } else {
                    "same text but for case, spacing at its ends or final punctuation"
                })
                .secondary(ma.span, format!("the message of `{}`", a.code))
                .help("say what sets the two errors apart, or merge them into one code")
            } else {
                let read = normalized(&mb.text).map(|(_, n)| n).unwrap_or_default();
                Diagnostic::new(
                    rule,
                    mb.span,
                    format!(
                        "`{}` and `{}` carry nearly the same {list} message",
                        b.code, a.code
                    ),
                )
                .label("differs only in punctuation, width, case or spacing")
                .secondary(ma.span, format!("the `{locale}` message of `{}`", a.code))
                .note(format!(
                    "both read `{read}` once punctuation, full/half width, case and spacing are set aside"
                ))
                .help("say what sets the two errors apart; if they are one error, keep one code and one spelling")
            };
            out.push(d);
        }
    }
}

/// The edit of a malformed code's fix, widened so that the code as it was
/// written stays an `alias` of the entry (a code that was published with a
/// defect, which clients and logs still see: what the language's aliases
/// are for): `span` (inside the code literal `code`) takes `replacement`,
/// and an `alias` with the literal as written follows the entry's `{`, on a
/// line of its own (an empty body `{}` opened for it), or beside the `{`
/// when the body shares its line. `None` without a `{` after the code.
fn keeping_alias(text: &str, code: Span, span: Span, replacement: &str) -> Option<(Span, String)> {
    let literal = text.get(code.start..code.end)?;
    let after = text.get(code.end..)?;
    let brace = after
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| after[i..].starts_with('{'))?;
    // Lines end in LF, CRLF or a lone CR (as the parser reads them).
    let is_break = |c: char| matches!(c, '\n' | '\r');
    let line_start = text[..code.start].rfind(is_break).map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .collect();
    let after_brace = &after[brace + 1..];
    let line_end = after_brace.find(is_break).unwrap_or(after_brace.len());
    let rest_of_line = &after_brace[..line_end];
    let newline = match &after_brace.as_bytes()[line_end..] {
        [b'\r', b'\n', ..] => "\r\n",
        [b'\r', ..] => "\r",
        _ => "\n",
    };
    let rest = rest_of_line.trim_start();
    // Up to the `{`, or to the end of its line (a comment kept); the
    // spacing between the `{` and a body on its line is replaced.
    let body = code.end + brace + 1;
    let spacing = body + (rest_of_line.len() - rest.len());
    let (kept, end, tail) = if rest.is_empty() || rest.starts_with("//") {
        let end = body + rest_of_line.len();
        (end, end, format!("{newline}{indent}  alias {literal}"))
    } else if rest.starts_with('}') {
        let tail = format!("{newline}{indent}  alias {literal}{newline}{indent}");
        (body, spacing, tail)
    } else {
        (body, spacing, format!(" alias {literal} "))
    };
    let mut widened = String::with_capacity(kept - span.start + tail.len());
    widened.push_str(replacement);
    widened.push_str(&text[span.end..kept]);
    widened.push_str(&tail);
    Some((Span { end, ..span }, widened))
}

/// The distinct placeholder keys of a message, sorted, into `set`: a
/// resolved placeholder by its param, an unresolved one by what it names.
/// The fix of a placeholder that names no param but nearly names one:
/// the placeholder as written with `near` for its name, when the source
/// holds it verbatim at `span` (not through escapes). Machine-applicable
/// when `certain`: no other param is as near, and the message does not use
/// `near` already (a second `{near}` would be a likelier slip elsewhere).
fn placeholder_fix(
    text: &str,
    span: Span,
    (written, key): (&str, PlaceholderKey<'_>),
    near: &str,
    certain: bool,
) -> Option<(String, diagnostic::Applicability)> {
    let PlaceholderKey::Named(name) = key else {
        return None;
    };
    if text.get(span.start..span.end) != Some(written) {
        return None;
    }
    let rest = written.strip_prefix('{')?.strip_prefix(name)?;
    let applicability = diagnostic::Applicability::of_pick(certain);
    Some((format!("{{{near}{rest}"), applicability))
}

fn placeholder_set<'a>(
    message: &'a crate::ir::Message,
    set: &mut Vec<Result<usize, PlaceholderKey<'a>>>,
) {
    set.clear();
    set.extend(message.placeholders().map(|p| p.param.ok_or(p.key)));
    set.sort_unstable();
    set.dedup();
}

/// The placeholder keys of a message as [`placeholder_set`] has them, each
/// with how it is written.
fn placeholder_keys(
    message: &crate::ir::Message,
) -> BTreeMap<Result<usize, PlaceholderKey<'_>>, String> {
    message
        .placeholders()
        .map(|p| (p.param.ok_or(p.key), p.key.to_string()))
        .collect()
}

/// A message trimmed of white space and trailing punctuation, or `None` when
/// what is left is only placeholders (which says nothing to compare).
fn trimmed_message(text: &str) -> Option<&str> {
    let trimmed = text
        .trim()
        .trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?。，、；：！？…．".contains(c));
    let only_placeholders = trimmed
        .chars()
        .all(|c| c == '{' || c == '}' || c.is_ascii_digit() || c.is_whitespace());
    (!only_placeholders).then_some(trimmed)
}

/// The one normalisation of messages for comparison, into reused buffers
/// (so that no message costs an allocation); `false` when there is nothing
/// to compare (the message is only placeholders).
///
/// - `exact`, the form of `duplicate-message` (W0011), built only when
///   asked for (a message is hashed in its near form; the exact one is
///   needed only to tell apart the members of a class of near ones): the
///   text trimmed of surrounding white space and trailing punctuation (`.`,
///   `。`, `!`, …), case folded.
/// - `near`, the form of `near-duplicate-message` (N0031): the exact form,
///   character by character ([`Near::push`]), with full-width ASCII forms
///   (U+FF01–U+FF5E) folded to ASCII; Chinese and Japanese punctuation
///   turned into its ASCII counterpart ([`ascii_punctuation`]); invisible
///   characters ([`crate::invisible`]) dropped; every run of white space
///   (U+3000 included) made one space, and dropped next to punctuation or a
///   Han or kana character; trailing punctuation removed again. Being made
///   from the exact form, it is the same for exact duplicates. Placeholders
///   stay as written, so they compare by name.
fn normalize(text: &str, exact: Option<&mut String>, near: &mut String) -> bool {
    let Some(trimmed) = trimmed_message(text) else {
        return false;
    };
    near.clear();
    let mut out = Near {
        out: near,
        space: false,
        last: None,
    };
    if trimmed.contains('Σ') {
        // `str::to_lowercase` folds a final sigma by its context; every other
        // character folds on its own.
        let lowered = trimmed.to_lowercase();
        lowered.chars().for_each(|c| out.push(c));
        if let Some(exact) = exact {
            exact.clear();
            exact.push_str(&lowered);
        }
    } else if trimmed.is_ascii() {
        // Runs of printable ASCII other than capitals and the space are
        // written as they are, at once.
        let plain = |b: u8| matches!(b, b'!'..=b'~') && !b.is_ascii_uppercase();
        let bytes = trimmed.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let run = bytes[at..]
                .iter()
                .position(|&b| !plain(b))
                .unwrap_or(bytes.len() - at);
            out.put_str(&trimmed[at..at + run]);
            at += run;
            if let Some(&b) = bytes.get(at) {
                out.push(char::from(b.to_ascii_lowercase()));
                at += 1;
            }
        }
        if let Some(exact) = exact {
            exact.clear();
            exact.extend(trimmed.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
    } else {
        // Runs of characters [`Near::push`] writes as they are (ASCII as
        // above, Han and kana letters) are written at once.
        let plain = |c: char| match c {
            '!'..='~' => !c.is_ascii_uppercase(),
            _ => matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'),
        };
        let mut rest = trimmed;
        while !rest.is_empty() {
            let run = rest
                .char_indices()
                .find(|&(_, c)| !plain(c))
                .map_or(rest.len(), |(i, _)| i);
            out.put_str(&rest[..run]);
            let mut chars = rest[run..].chars();
            if let Some(c) = chars.next() {
                if folds_to_itself(c) {
                    out.push(c);
                } else {
                    c.to_lowercase().for_each(|l| out.push(l));
                }
            }
            rest = chars.as_str();
        }
        if let Some(exact) = exact {
            exact.clear();
            for c in trimmed.chars() {
                exact.extend(c.to_lowercase());
            }
        }
    }
    let kept = near.trim_end_matches(|c: char| ".,;:!?".contains(c)).len();
    near.truncate(kept);
    true
}

/// The near form being written (see [`normalize`]).
struct Near<'a> {
    out: &'a mut String,
    /// Whether white space was seen since the last character written.
    space: bool,
    /// The last character written.
    last: Option<char>,
}

impl Near<'_> {
    /// Takes the next character of the exact form (case already folded).
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            if c.is_ascii_whitespace() || c == '\u{b}' {
                self.space = true;
            } else if !c.is_ascii_control() {
                self.put(c.to_ascii_lowercase());
            }
            return;
        }
        // Most characters of Chinese and Japanese text: letters without
        // case, punctuation or width forms.
        if matches!(c, '\u{3041}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}') {
            self.put(c);
            return;
        }
        if c.is_whitespace() {
            self.space = true;
            return;
        }
        if crate::invisible::is_invisible(c) {
            return;
        }
        if let '\u{ff01}'..='\u{ff5e}' = c {
            // The full-width ASCII forms, capitals folded to `ａ`… before.
            self.push(char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c));
            return;
        }
        match ascii_punctuation(c) {
            "" => self.put(c),
            ascii => ascii.chars().for_each(|a| self.put(a)),
        }
    }

    /// Writes characters that [`Near::push`] would write as they are.
    fn put_str(&mut self, run: &str) {
        let mut chars = run.chars();
        if let Some(first) = chars.next() {
            self.put(first);
            self.out.push_str(chars.as_str());
            self.last = run.chars().next_back();
        }
    }

    /// Writes a character, after the one space of a run of white space
    /// unless punctuation or a Han or kana character is on either side.
    fn put(&mut self, c: char) {
        if std::mem::take(&mut self.space) {
            let holds = |c: char| {
                c.is_ascii_punctuation()
                    || matches!(
                        crate::script::script_of(c),
                        Some(crate::script::Script::Han | crate::script::Script::Kana)
                    )
            };
            if self.last.is_some_and(|last| !holds(last) && !holds(c)) {
                self.out.push(' ');
            }
        }
        self.out.push(c);
        self.last = Some(c);
    }
}

/// [`normalize`] into new buffers: `(exact, near)`, for the few messages
/// compared again.
fn normalized(text: &str) -> Option<(String, String)> {
    let (mut exact, mut near) = (String::new(), String::new());
    normalize(text, Some(&mut exact), &mut near).then_some((exact, near))
}

/// The ASCII counterpart of a Chinese or Japanese punctuation mark (the
/// full-width forms are folded before), or `""` for any other character.
fn ascii_punctuation(c: char) -> &'static str {
    match c {
        '。' | '｡' => ".",
        '、' | '､' => ",",
        '「' | '」' | '『' | '』' | '“' | '”' | '｢' | '｣' => "\"",
        '‘' | '’' => "'",
        '【' | '〔' | '〖' => "[",
        '】' | '〕' | '〗' => "]",
        '…' => "...",
        _ => "",
    }
}

/// Whether lower-casing `c` gives `c`, known without the Unicode tables:
/// ASCII other than capitals, and the blocks without case (CJK
/// punctuation, kana, CJK ideographs).
fn folds_to_itself(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_uppercase()
    } else {
        is_caseless(c)
    }
}

/// Whether `c` is in a block without case (CJK punctuation, kana, CJK
/// ideographs), so that folding it is a no-op known without the Unicode
/// tables.
fn is_caseless(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}')
}

/// How many codes the help of a reserved code looks through for a free one.
const FREE_CODE_STEPS: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::normalized;

    /// A malformed code's fix applied to an entry head as written: the code
    /// fixed, the code as written kept as an alias after the `{`.
    fn fixed_keeping_alias(text: &str, wrong: &str, right: &str) -> Option<String> {
        use crate::source::{FileId, Span};
        let at = text.find(wrong).expect("the wrong part is in the text");
        let quote = text[..at].rfind('"').expect("a code literal");
        let close = quote + 1 + text[quote + 1..].find('"').expect("closed");
        let code = Span {
            file: FileId(0),
            start: quote,
            end: close + 1,
        };
        let span = Span {
            file: FileId(0),
            start: at,
            end: at + wrong.len(),
        };
        let (span, replacement) = super::keeping_alias(text, code, span, right)?;
        Some(format!(
            "{}{replacement}{}",
            &text[..span.start],
            &text[span.end..]
        ))
    }

    #[test]
    fn a_fixed_code_stays_an_alias_wherever_the_body_starts() {
        let cases = [
            (
                "  error a = \"E.01\" {\n    message en \"A.\"\n  }\n",
                "  error a = \"E_01\" {\n    alias \"E.01\"\n    message en \"A.\"\n  }\n",
            ),
            (
                "error a = \"E.01\" { // why\r\n}\r\n",
                "error a = \"E_01\" { // why\r\n  alias \"E.01\"\r\n}\r\n",
            ),
            (
                "error \"E.01\"   {   }\n",
                "error \"E_01\"   {\n  alias \"E.01\"\n}\n",
            ),
            (
                "error \"E.01\" {message en \"A.\"}\n",
                "error \"E_01\" { alias \"E.01\" message en \"A.\"}\n",
            ),
            (
                "error \"E.01\"\n{\n  message en \"A.\"\n}\n",
                "error \"E_01\"\n{\n  alias \"E.01\"\n  message en \"A.\"\n}\n",
            ),
            // Lines that end in a lone CR keep it, and the indentation.
            (
                "  error a = \"E.01\" {\r    message en \"A.\"\r  }\r",
                "  error a = \"E_01\" {\r    alias \"E.01\"\r    message en \"A.\"\r  }\r",
            ),
        ];
        for (text, expected) in cases {
            let fixed = fixed_keeping_alias(text, ".", "_");
            assert_eq!(fixed.as_deref(), Some(expected), "{text:?}");
            let file = format!("catalog c {{}}\ngroup g {{\n{expected}}}\n");
            let tree = crate::parse::parse(crate::source::FileId(0), &file);
            assert!(tree.is_ok(), "{file}");
        }
        // No `{` after the code: no alias, the caller makes the plain edit.
        assert_eq!(
            fixed_keeping_alias("reserved \"E.01\" \"x\"\n", ".", "_"),
            None
        );
    }

    #[test]
    fn caseless_blocks_fold_to_themselves() {
        for c in ('\u{3000}'..='\u{30ff}').chain('\u{4e00}'..='\u{9fff}') {
            assert!(super::is_caseless(c));
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
        for c in '\0'..='\u{7f}' {
            assert_eq!(super::folds_to_itself(c), c.to_lowercase().eq([c]), "{c:?}");
        }
    }

    /// The exact form folds case as `str::to_lowercase` does, whichever
    /// path the text takes.
    #[test]
    fn the_exact_form_folds_as_to_lowercase() {
        let texts = [
            "Get product error: {0}.",
            "GET PRODUCT ERROR: {0}",
            "获取产品失败:{0}。",
            "ΟΔΟΣ closed.",
            "οδος closed",
            "\u{212a}elvin limit",
            "İstanbul",
            "Ｆｕｌｌ ＷＩＤＴＨ",
            &"LONG MESSAGE ".repeat(20),
        ];
        for text in texts {
            let (exact, _) = normalized(text).unwrap();
            let oracle = super::trimmed_message(text).unwrap().to_lowercase();
            assert_eq!(exact, oracle, "{text:?}");
        }
        assert_eq!(normalized("{0}"), None);
        assert_eq!(normalized(" {0} {1}. "), None);
    }

    fn exact(text: &str) -> String {
        normalized(text).unwrap().0
    }

    fn near(text: &str) -> String {
        normalized(text).unwrap().1
    }

    #[test]
    fn the_exact_form_sets_aside_trailing_punctuation_and_case() {
        assert_eq!(
            exact("Get product error: {0}."),
            exact("GET PRODUCT ERROR: {0}")
        );
        assert_eq!(exact("获取产品失败:{0}。"), exact("获取产品失败:{0}"));
        assert_ne!(exact("获取产品失败：{0}"), exact("获取产品失败:{0}"));
    }

    /// What the near form sets aside, one kind at a time.
    #[test]
    fn the_near_form_sets_aside_width_punctuation_and_spacing() {
        let same = [
            // full-width ASCII forms, and their case
            ("获取产品失败：{0}", "获取产品失败:{0}"),
            ("租户ＩＤ不能为空", "租户id不能为空"),
            ("Ｔｏｋｅｎ（ｉｄ）无效", "token(id)无效"),
            // Chinese punctuation, and the space that follows ASCII punctuation
            ("任务输入校验失败，{0}", "任务输入校验失败, {0}"),
            ("找不到对应会话、请检查", "找不到对应会话,请检查"),
            ("请传入「{type}」文件", "请传入\"{type}\"文件"),
            ("Loading… {0}", "Loading... {0}"),
            // white space: runs, the ideographic space, next to Han and punctuation
            (
                "The tenant  ID must\tnot be empty",
                "The tenant ID must not be empty",
            ),
            ("租户\u{3000}ID 不能为空", "租户ID不能为空"),
            ("获取 {id} 失败", "获取{id}失败"),
            ("Failed:  {0}", "Failed:{0}"),
            // invisible characters, and trailing punctuation behind them
            ("Token\u{200b} expired", "Token expired"),
            ("配置失败。\u{200b}", "配置失败"),
            ("服务不存在！", "服务不存在"),
        ];
        for (a, b) in same {
            assert_eq!(near(a), near(b), "{a:?} {b:?}");
        }
        let different = [
            // placeholders compare by name
            ("Get product error: {0}", "Get product error: {reason}"),
            ("Task {task} failed", "Task {job} failed"),
            // words are words
            ("The tenant is frozen", "The tenants are frozen"),
            ("未知错误", "未知异常"),
            ("token expired", "tokenexpired"),
            // punctuation inside is kept
            ("Failed: {0}", "Failed {0}"),
        ];
        for (a, b) in different {
            assert_ne!(near(a), near(b), "{a:?} {b:?}");
        }
    }

    /// Exact duplicates are near duplicates too (the near form is made
    /// from the exact one), so a class of near ones holds whole classes of
    /// exact ones.
    #[test]
    fn exact_duplicates_are_near_duplicates() {
        let texts = [
            "Get product error: {0}.",
            "GET PRODUCT ERROR: {0}",
            "获取产品失败：{0}。",
            "获取产品失败：{0}",
            "租户　ＩＤ 不能为空！",
            "租户　ｉｄ 不能为空",
        ];
        for a in texts {
            for b in texts {
                if exact(a) == exact(b) {
                    assert_eq!(near(a), near(b), "{a:?} {b:?}");
                }
            }
        }
        // The near form is a function of the exact one, however the text
        // takes its way through `normalize`.
        let more = [
            "ΟΔΟΣ  closed.",
            "İstanbul： {0}",
            "\u{212a}ELVIN\u{3000}limit！",
            "Ａ\u{200b}Ｂ  c",
        ];
        for text in texts.iter().chain(&more) {
            assert_eq!(near(text), near(&exact(text)), "{text:?}");
        }
    }
}

#[cfg(test)]
mod parallel_tests {
    use crate::workspace::Workspace;
    use std::fmt::Write as _;

    /// A workspace of two catalogs, large enough for the rules to run on
    /// the cores, with defects for most rules.
    fn defective_workspace() -> Workspace {
        let mut workspace = Workspace::new();
        for (k, name) in ["alpha", "beta"].iter().enumerate() {
            let mut text = format!(
                "catalog {name} {{\n  locales en, zh\n  format \"AB_{{digits:8}}\"\n}}\n\ngroup g {{\n  range 10000000..10009999\n"
            );
            for i in 0..super::PARALLEL_FROM {
                let code = if i % 997 == 0 {
                    format!("AB_{i}")
                } else {
                    format!("AB_{:08}", 10_000_000 + i)
                };
                let name = if i % 1_009 == 1 {
                    "twice".to_owned()
                } else {
                    format!("e{k}_{i}")
                };
                let en = match i % 5 {
                    0 => "The same message.".to_owned(),
                    1 => format!("Item {i} of %s failed."),
                    _ => format!("Item {i} failed at {{0}}."),
                };
                let zh = match i % 7 {
                    0 => format!("Item {i} failed."),
                    _ => format!("第 {i} 项失败：{{0}}。"),
                };
                let param = if i % 5 >= 2 {
                    "    param 0 as at: string\n"
                } else {
                    ""
                };
                write!(
                    text,
                    "  error {name} = \"{code}\" {{\n{param}    message en \"{en}\"\n    message zh \"{zh}\"\n  }}\n"
                )
                .unwrap();
            }
            text.push_str("}\n");
            workspace.add_bytes(&format!("{name}.errors"), None, text.as_bytes());
        }
        workspace
    }

    /// The rules give the same diagnostics in the same order on the cores
    /// as one after the other.
    #[test]
    fn the_rules_find_the_same_on_the_cores_as_in_turn() {
        let analysis = defective_workspace().analyze();
        let (catalogs, sources) = (&analysis.catalogs, &analysis.sources);
        let on = |parallel| {
            let mut own = vec![None; catalogs.len()];
            let across = super::check_on(catalogs, sources, parallel, &mut own);
            super::assemble(catalogs, own.into_iter().flatten().flatten(), across)
        };
        let (parallel, in_turn) = (on(true), on(false));
        let rules: std::collections::BTreeSet<&str> =
            parallel.iter().map(|d| d.rule.name()).collect();
        assert!(rules.len() >= 5, "rules that found something: {rules:?}");
        assert_eq!(parallel.len(), in_turn.len());
        for (a, b) in parallel.iter().zip(&in_turn) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
    }
}

#[cfg(all(test, feature = "lsp"))]
mod keeping_tests {
    use crate::workspace::Workspace;

    fn analyzed(b: &str) -> crate::workspace::Analysis {
        let a = "catalog a {\n  locales en\n  format \"X_{digits:2}\"\n}\n\nerror one = \"X_01\" {\n  message en \"Same.\"\n}\n\nerror two = \"X_2\" {\n  message en \"Same.\"\n}\n";
        let mut workspace = Workspace::new();
        workspace.add_bytes("a.errors", None, a.as_bytes());
        workspace.add_bytes("b.errors", None, b.as_bytes());
        workspace.analyze()
    }

    /// A catalog's own findings kept from an earlier check, with the other
    /// catalog changed since, give what checking everything again gives:
    /// its own rules' findings and those across catalogs.
    #[test]
    fn kept_findings_and_a_changed_catalog_check_as_all_again() {
        let b = "catalog b {\n  locales en\n}\n\nerror three = \"X_03\" {\n  message en \"%s failed.\"\n}\n";
        let before = analyzed(b);
        let mut own = vec![None; 2];
        let first = super::check_keeping(&before.catalogs, &before.sources, &mut own);
        assert_eq!(
            format!("{first:?}"),
            format!("{:?}", super::check(&before.catalogs, &before.sources))
        );
        assert!(own.iter().all(Option::is_some));
        // b now takes a's code (across catalogs) and keeps a rule's finding.
        let after = analyzed(&b.replace("X_03", "X_01"));
        let mut kept = vec![own[0].take(), None];
        let again = super::check_keeping(&after.catalogs, &after.sources, &mut kept);
        let whole = super::check(&after.catalogs, &after.sources);
        assert_eq!(format!("{again:?}"), format!("{whole:?}"));
        let rules: Vec<&str> = whole.iter().map(|d| d.rule.name()).collect();
        assert!(rules.len() >= 4, "{rules:?}");
        assert!(rules.contains(&"duplicate-code"), "{rules:?}");
    }
}

#[cfg(test)]
mod range_help_tests {
    use crate::workspace::Workspace;

    /// The help of a code outside its group's range names the last group
    /// whose range holds the code, among overlapping and disjoint ranges.
    #[test]
    fn the_help_names_the_last_group_holding_the_code() {
        let text = r#"catalog demo {
  locales en
}
group a { range 100..199
  error x = 150 { message "x" }
  error y = 220 { message "y" }
  error z = 999 { message "z" }
}
group b { range 200..299 }
group c { range 210..230 }
group d { range 300..399 }
"#;
        let mut workspace = Workspace::new();
        workspace.add_bytes("demo.errors", None, text.as_bytes());
        let analysis = workspace.analyze();
        let helps: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule.name() == "code-out-of-range")
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert_eq!(
            helps,
            [
                "move the entry to group `c`, whose range holds 220",
                "move the entry to a group whose range holds 999, or widen this group's range",
            ]
        );
    }
}
