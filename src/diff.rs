//! Evolution: what changed between two versions of a catalog, and whether
//! each change breaks clients that are already deployed.
//!
//! Entries are matched by code, the identity clients see on the wire. A
//! change is *breaking* when a client built against the old catalog can
//! misbehave with a server built from the new one (a code it handles
//! disappears or changes meaning, a status it switches on changes, a param it
//! fills or reads changes, an alias it reads is gone), and *safe* otherwise
//! (codes added, wording, documentation, remedies, deprecations, aliases
//! added, a code replaced by an alias of the entry that takes its place).

use crate::diagnostic::{Category, Diagnostic, Rule};
use crate::ir::version::Version;
use crate::ir::{
    Alias, Catalog, Code, Entry, Envelope, EnvelopeMember, MemberKind, Param, ParamType,
    RangeIndex, RecordField, Reserved, ReservedCode,
};
use crate::source::{SourceMap, Span};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What a change to an envelope's members asks of its authors.
const ENVELOPE_HELP: &str =
    "deployed clients read the envelope by these names: keep them, add new fields as optional";

/// The label of a change's place in the old version.
const BEFORE: &str = "before";

/// The label of a change's place in the new version.
const AFTER: &str = "after";

struct Differ<'a> {
    old: &'a Catalog,
    new: &'a Catalog,
    changes: Vec<Diagnostic>,
    /// Whether each record type (by name) was kept, as [`Differ::type_kept`]
    /// found it.
    records_kept: HashMap<&'a str, bool>,
    /// The reserved codes of each version, indexed.
    old_reserved: ReservedIndex<'a>,
    new_reserved: ReservedIndex<'a>,
    /// For each old envelope, the new one it is ([`envelope_pairs`]).
    envelope_pairs: Vec<Option<usize>>,
    /// Codes whose coming or going is another catalog's ([`diff_apart`]).
    moved: HashSet<&'a Code>,
}

/// Compares two versions of a catalog: one diagnostic per change, of a
/// rule with a [`Category`] ([`Rule::change_category`]), a warning when
/// the change breaks deployed clients ([`Rule::is_breaking`]) and a note
/// when it does not. Its primary span is in the new version (labelled
/// `after`), or in the old one (`before`) for a removal; a change with a
/// place in both has the old one as a secondary label. Changes come in the
/// new catalog's order, removals last, breaking ones first within an entry.
pub fn diff(old: &Catalog, new: &Catalog) -> Vec<Diagnostic> {
    diff_apart(old, new, HashSet::new())
}

/// [`diff`], but for the codes of `moved`: a workspace's codes that left
/// `old` for another catalog or came into `new` from one, which
/// [`diff_workspaces`] reports as moved.
fn diff_apart<'a>(old: &'a Catalog, new: &'a Catalog, moved: HashSet<&'a Code>) -> Vec<Diagnostic> {
    let mut differ = Differ::new(old, new, moved);
    differ.catalog();
    differ.entries();
    differ.aliases_removed();
    differ.changes
}

/// A change of `rule`: placed in the new version (labelled `after`, the old
/// place as a secondary label), or in the old one (`before`) for a removal,
/// with a note of its category; at `anyway` (after) if it has neither.
fn change(
    rule: Rule,
    message: String,
    old: Option<Span>,
    new: Option<Span>,
    anyway: Span,
) -> Diagnostic {
    let (span, label) = match (new, old) {
        (Some(span), _) => (span, AFTER),
        (None, Some(span)) => (span, BEFORE),
        (None, None) => (anyway, AFTER),
    };
    let category = rule.change_category().map_or("", Category::name);
    let what = if rule.is_breaking() {
        "breaking"
    } else {
        "safe"
    };
    let mut d = Diagnostic::new(rule, span, message)
        .label(label)
        .note(format!(
            "category `{category}`; {what} for deployed clients"
        ));
    if let (Some(old), Some(_)) = (old, new) {
        d = d.secondary(old, BEFORE);
    }
    d
}

impl<'a> Differ<'a> {
    fn new(old: &'a Catalog, new: &'a Catalog, moved: HashSet<&'a Code>) -> Differ<'a> {
        Differ {
            old,
            new,
            changes: Vec::new(),
            records_kept: HashMap::new(),
            old_reserved: ReservedIndex::new(&old.reserved),
            new_reserved: ReservedIndex::new(&new.reserved),
            envelope_pairs: Vec::new(),
            moved,
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        message: String,
        old: Option<Span>,
        new: Option<Span>,
    ) -> &mut Diagnostic {
        let d = change(rule, message, old, new, self.new.span);
        self.changes.push(d);
        self.changes.last_mut().expect("just pushed")
    }

    fn catalog(&mut self) {
        let (old, new) = (self.old, self.new);
        let (os, ns) = (Some(old.span), Some(new.span));
        if old.name.original() != new.name.original() {
            let (was, now) = (old.name.original(), new.name.original());
            self.push(
                Rule::CatalogRenamed,
                format!("the catalog `{was}` is now named `{now}`"),
                Some(old.name_span),
                Some(new.name_span),
            )
            .help = Some(format!(
                "every generated type, function and file is named after the catalog (`{}Error`, `{was}.ts`, `{was}.rs`): code that uses them no longer compiles; keep the name `{was}` (the title may change)",
                old.name.upper_camel()
            ));
        }
        if old.code_kind != new.code_kind {
            self.push(
                Rule::CodeKindChanged,
                format!(
                    "codes changed from {:?} to {:?}",
                    old.code_kind, new.code_kind
                )
                .to_lowercase(),
                os,
                ns,
            )
            .help = Some("clients parse codes by type: keep the codes' type".into());
        }
        if old.locales.first() != new.locales.first() {
            self.push(
                Rule::DefaultLocaleChanged,
                format!(
                    "the default locale changed from `{}` to `{}`",
                    old.locales[0], new.locales[0]
                ),
                os,
                ns,
            )
            .help = Some(
                "clients fall back to the default locale: keep it, and add the new locale after it"
                    .into(),
            );
        }
        for locale in old.locales.iter().filter(|l| !new.locales.contains(l)) {
            self.push(Rule::LocaleRemoved, format!("locale `{locale}` was removed"), os, ns).help =
                Some(format!("clients asking for `{locale}` lose their messages: keep the locale until no client uses it"));
        }
        for locale in new.locales.iter().filter(|l| !old.locales.contains(l)) {
            self.push(
                Rule::LocaleAdded,
                format!("locale `{locale}` was added"),
                os,
                ns,
            );
        }
        let patterns = |c: &Catalog| {
            c.formats
                .iter()
                .map(|f| f.pattern.clone())
                .collect::<BTreeSet<_>>()
        };
        let (op, np) = (patterns(old), patterns(new));
        for p in op.difference(&np) {
            self.push(
                Rule::FormatChanged,
                format!("code format `{p}` was removed"),
                os,
                ns,
            );
        }
        for p in np.difference(&op) {
            self.push(
                Rule::FormatChanged,
                format!("code format `{p}` was added"),
                os,
                ns,
            );
        }
        self.envelope();
        // A reservation of codes the old version did not reserve (one that
        // narrows or splits an old range reserves nothing new).
        for r in &new.reserved {
            let what = match &r.code {
                ReservedCode::Code(c) if self.old_reserved.covering(c).is_some() => continue,
                ReservedCode::Code(c) => format!("code `{c}` is now reserved"),
                // The runs of its numbers the old reservations leave out.
                &ReservedCode::Range { from, to } => {
                    match self.old_reserved.uncovered(from, to).as_slice() {
                        [] => continue,
                        [(a, b)] if (*a, *b) == (from, to) => {
                            format!("codes {from}..{to} are now reserved")
                        }
                        [(a, b)] if a == b => format!("code {a} is now reserved"),
                        fresh => format!("codes {} are now reserved", listed_runs(fresh)),
                    }
                }
            };
            self.push(Rule::CodeReserved, what, None, Some(r.span));
        }
        // A reservation the new version drops (an entry that takes its code
        // is `reserved-code-reused`, reported with the entries).
        let taken: BTreeSet<&Code> = new.entries.iter().map(|e| &e.code).collect();
        for r in &old.reserved {
            let what = match &r.code {
                ReservedCode::Code(c) if taken.contains(c) => continue,
                ReservedCode::Code(c) if self.new_reserved.covering(c).is_some() => continue,
                ReservedCode::Code(c) => format!("code `{c}` is no longer reserved"),
                &ReservedCode::Range { from, to } if self.new_reserved.covers_all(from, to) => {
                    continue
                }
                ReservedCode::Range { from, to } => {
                    format!("codes {from}..{to} are no longer all reserved")
                }
            };
            self.push(Rule::ReservedRemoved, what, Some(r.span), None)
                .help = Some(
                "a later version may give a code that is no longer reserved a new meaning, \
                 which clients built before read as the old one: keep the reservation"
                    .into(),
            );
        }
    }

    /// The old version's first envelope with its namesake, or with the new
    /// first one when that is its new name (`envelope-changed`); the other
    /// envelopes both versions declare (`envelope-dropped`), the envelopes
    /// added (`envelope-added`) or removed (`envelope-dropped`).
    fn envelope(&mut self) {
        let (old, new) = (self.old, self.new);
        let pairs = envelope_pairs(old, new);
        self.envelope_pairs = pairs.clone();
        for (i, o) in old.envelopes.iter().enumerate() {
            let name = o.name.original();
            let Some(j) = pairs[i] else {
                self.push(
                    Rule::EnvelopeDropped,
                    format!("envelope `{name}` was removed"),
                    o.span,
                    Some(new.span),
                )
                .help = Some("clients that read this response body can no longer decode it: keep the envelope while it is sent".into());
                continue;
            };
            let n = &new.envelopes[j];
            if i == 0 {
                self.compare_envelope(o, n, Rule::EnvelopeChanged, "");
            } else {
                let what = format!("envelope `{name}`: ");
                self.compare_envelope(o, n, Rule::EnvelopeDropped, &what);
            }
            let now = n.name.original();
            if name != now {
                self.push(
                    Rule::EnvelopeRenamed,
                    format!("envelope `{name}` is now named `{now}`"),
                    o.span.or(Some(old.span)),
                    n.span.or(Some(new.span)),
                )
                .help = Some(format!(
                    "the generated types and functions of an envelope are named after it (`{}{}Envelope`, `to_{}`): code that uses them no longer compiles; keep the name `{name}`",
                    old.name.upper_camel(),
                    o.type_stem(),
                    o.function_stem()
                ));
            }
            if i == 0 && j != 0 {
                let first = new.envelope().name.original();
                self.push(
                    Rule::EnvelopeRenamed,
                    format!("envelope `{first}` is now declared first, before `{now}`"),
                    o.span.or(Some(old.span)),
                    new.envelope().span.or(Some(new.span)),
                )
                .help = Some(format!(
                    "the first envelope is the one entries are sent in when they name none, and OpenAPI's per-code schemas of it carry no envelope name (`{}<Entry>Error`): clients generated from the OpenAPI document see renamed schemas; declare `{now}` first again",
                    old.name.upper_camel()
                ));
            }
        }
        for (j, n) in new.envelopes.iter().enumerate() {
            if n.span.is_some() && !pairs.contains(&Some(j)) {
                self.push(
                    Rule::EnvelopeAdded,
                    format!("envelope `{}` was added", n.name.original()),
                    Some(old.span),
                    n.span,
                );
            }
        }
    }

    /// The changes between two versions of one envelope, reported with
    /// `rule`, each message after `what`.
    fn compare_envelope(&mut self, old: &Envelope, new: &Envelope, rule: Rule, what: &str) {
        let (os, ns) = (
            old.span.or(Some(self.old.span)),
            new.span.or(Some(self.new.span)),
        );
        if old.shape != new.shape {
            self.push(
                rule,
                format!(
                    "{what}the envelope's shape changed from {} to {}",
                    old.shape.as_str(),
                    new.shape.as_str()
                ),
                os,
                ns,
            )
            .help = Some(ENVELOPE_HELP.into());
            return;
        }
        self.compare_members(&old.members, &new.members, rule, what, (os, ns));
    }

    /// The changes between two member lists of one envelope (its own, or
    /// its nested error object's).
    fn compare_members(
        &mut self,
        old: &[EnvelopeMember],
        new: &[EnvelopeMember],
        rule: Rule,
        what: &str,
        (os, ns): (Option<Span>, Option<Span>),
    ) {
        let help = ENVELOPE_HELP;
        // "envelope field message `msg`", but "envelope field `trace`" for a
        // plain field, not "envelope field field `trace`".
        let describe = |f: &EnvelopeMember| match f.kind {
            MemberKind::Field => format!("`{}`", f.wire),
            kind => format!("{} `{}`", kind.as_str(), f.wire),
        };
        // A member that carries something of the error is one whatever its
        // wire name; a plain or fixed field is its wire name.
        let by_kind = |f: &EnvelopeMember| !matches!(f.kind, MemberKind::Field | MemberKind::Const);
        for f in old {
            match new
                .iter()
                .find(|g| g.kind == f.kind && (g.wire == f.wire || by_kind(f)))
            {
                None => {
                    self.push(
                        rule,
                        format!("{what}envelope field {} was removed", describe(f)),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(g) if g.wire != f.wire => {
                    self.push(
                        rule,
                        format!(
                            "{what}envelope field {} is now named `{}`",
                            describe(f),
                            g.wire
                        ),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(g)
                    if !self.type_kept(&f.ty, &g.ty)
                        || g.value != f.value
                        || (g.optional && !f.optional) =>
                {
                    self.push(
                        rule,
                        format!(
                            "{what}envelope field {} changed its type, value or optionality",
                            describe(f)
                        ),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(g) if f.kind == MemberKind::Error => {
                    let inner = format!("{what}`{}`: ", f.wire);
                    self.compare_members(&f.members, &g.members, rule, &inner, (os, ns));
                }
                Some(_) => {}
            }
        }
        for g in new {
            let known = old
                .iter()
                .any(|f| f.wire == g.wire || (by_kind(f) && f.kind == g.kind));
            if !known {
                let kind = if g.optional {
                    Rule::EnvelopeFieldAdded
                } else {
                    rule
                };
                let change = self.push(
                    kind,
                    format!("{what}envelope field {} was added", describe(g)),
                    os,
                    ns,
                );
                if !g.optional {
                    change.help =
                        Some("old servers do not send it: make the new field `optional`".into());
                }
            }
        }
    }

    /// `envelope-dropped`: an entry no longer sent in an envelope it was
    /// sent in, which the new version still declares (perhaps renamed).
    fn entry_envelopes(&mut self, old_entry: &Entry, new_entry: &Entry) {
        let new = self.new;
        for &i in old_entry.envelopes.iter() {
            let Some(j) = self.envelope_pairs.get(i).copied().flatten() else {
                continue;
            };
            let name = new.envelopes[j].name.original();
            if !new_entry.envelopes.contains(&j) {
                self.push(
                    Rule::EnvelopeDropped,
                    format!(
                        "`{}` is no longer sent in envelope `{name}`",
                        new_entry.code
                    ),
                    Some(old_entry.spans.head),
                    Some(new_entry.spans.head),
                )
                .help = Some(format!(
                    "clients reading envelope `{name}` no longer meet this code: keep `{name}` in its `envelopes`"
                ));
            }
        }
    }

    fn entries(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_by_code: HashMap<&Code, &Entry> =
            old.entries.iter().map(|e| (&e.code, e)).collect();
        let new_codes: BTreeSet<&Code> = new.entries.iter().map(|e| &e.code).collect();
        let new_alias_of = alias_index(new);
        let old_alias_of = alias_index(old);
        for n in &new.entries {
            match old_by_code.get(&n.code) {
                Some(o) => {
                    self.entry(o, n);
                    self.entry_envelopes(o, n);
                }
                None if self.moved.contains(&n.code) => continue,
                None => {
                    if let Some(r) = self.old_reserved.covering(&n.code) {
                        let change = self.push(
                            Rule::ReservedCodeReused,
                            format!(
                                "code `{}` was reserved and is used again by `{}`",
                                n.code,
                                n.name.original()
                            ),
                            Some(r.span),
                            Some(n.spans.code),
                        );
                        change.help = Some("a reserved code must never come back: old clients still read it with its old meaning; pick a new code".into());
                    } else {
                        self.push(
                            Rule::CodeAdded,
                            format!("code `{}`{} was added", n.code, named(n)),
                            None,
                            Some(n.spans.head),
                        );
                    }
                }
            }
            // New aliases, but for old codes: those are `CodeAliased` below.
            for alias in n.aliases.iter() {
                let known = old_alias_of
                    .get(&alias.code)
                    .is_some_and(|&(o, _)| same_entry(o, n));
                if !known
                    && !old_by_code.contains_key(&alias.code)
                    && !self.moved.contains(&alias.code)
                {
                    self.alias_added(n, alias);
                }
            }
        }
        let gone: Vec<&Entry> = (old.entries.iter())
            .filter(|e| !new_codes.contains(&e.code) && !self.moved.contains(&e.code))
            .collect();
        for o in gone {
            if let Some(&(n, alias)) = new_alias_of.get(&o.code) {
                self.code_aliased(o, n, alias, "");
                continue;
            }
            let reserved = self.new_reserved.covering(&o.code);
            match reserved {
                Some(r) => {
                    self.push(
                        Rule::CodeRetired,
                        format!("code `{}`{} was removed and reserved", o.code, named(o)),
                        Some(o.spans.head),
                        Some(r.span),
                    );
                }
                None => {
                    let code = o.code.literal();
                    let change = self.push(
                        Rule::CodeRemoved,
                        format!("code `{}`{} was removed", o.code, named(o)),
                        Some(o.spans.head),
                        None,
                    );
                    change.help = Some(format!(
                        "deployed clients may still receive and handle it: deprecate it first, and when it goes, reserve it (`reserved {code} \"removed in {}\"`) so it is never reused",
                        new.version.as_deref().unwrap_or("this version")
                    ));
                }
            }
        }
    }

    /// Reports each alias of the old catalog that the new one no longer
    /// reads as the same entry ([`same_entry`]): gone, or now another
    /// entry's code or alias.
    fn aliases_removed(&mut self) {
        let (old, new) = (self.old, self.new);
        let new_alias_of = alias_index(new);
        let new_by_code: HashMap<&Code, &Entry> =
            new.entries.iter().map(|e| (&e.code, e)).collect();
        let kept: Vec<&Entry> = (old.entries.iter())
            .filter(|o| !self.moved.contains(&o.code))
            .collect();
        for o in kept {
            for alias in o.aliases.iter() {
                let now = new_alias_of
                    .get(&alias.code)
                    .map(|&(n, _)| n)
                    .or_else(|| new_by_code.get(&alias.code).copied());
                let message = match now {
                    Some(n) if same_entry(o, n) => continue,
                    // Merged into the entry that the old one's code is now
                    // an alias of: still read as its replacement.
                    Some(n)
                        if new_alias_of
                            .get(&o.code)
                            .is_some_and(|&(m, _)| std::ptr::eq(m, n)) =>
                    {
                        continue
                    }
                    Some(n) => format!(
                        "alias `{}` of `{}`{} now means `{}`{}",
                        alias.code,
                        o.code,
                        named(o),
                        n.code,
                        named(n)
                    ),
                    None => format!(
                        "alias `{}` of `{}`{} was removed",
                        alias.code,
                        o.code,
                        named(o)
                    ),
                };
                self.alias_removed(o, alias, now, message);
            }
        }
    }

    /// `code-aliased`: the old entry `o`'s code is gone and is now `alias`
    /// of `n` (`place`: in which catalog, when another).
    fn code_aliased(&mut self, o: &Entry, n: &Entry, alias: &Alias, place: &str) {
        self.push(
            Rule::CodeAliased,
            format!(
                "code `{}`{} was removed and is now an alias of `{}`{}{place}",
                o.code,
                named(o),
                n.code,
                named(n)
            ),
            Some(o.spans.head),
            Some(alias.span),
        );
    }

    /// `alias-added`: `n` answers to `alias`, which no entry did.
    fn alias_added(&mut self, n: &Entry, alias: &Alias) {
        self.push(
            Rule::AliasAdded,
            format!(
                "`{}`{} answers to the alias `{}`",
                n.code,
                named(n),
                alias.code
            ),
            None,
            Some(alias.span),
        );
    }

    /// `alias-removed`: the old entry `o`'s `alias` is gone, or `now` another
    /// entry's (`message` says which).
    fn alias_removed(&mut self, o: &Entry, alias: &Alias, now: Option<&Entry>, message: String) {
        self.push(
            Rule::AliasRemoved,
            message,
            Some(alias.span),
            now.map(|n| n.spans.head),
        )
        .help = Some(format!(
            "clients built from this catalog no longer read `{}` as `{}`, though logs, links and servers not yet upgraded still use it: keep the alias",
            alias.code,
            o.name.original()
        ));
    }

    fn entry(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        let (os, ns) = (Some(o.spans.head), Some(n.spans.head));
        if o.name.original() != n.name.original() {
            self.push(Rule::EntryRenamed, format!("`{code}` was renamed from `{}` to `{}`", o.name.original(), n.name.original()), os, ns).help =
                Some("generated names (Rust variants, TypeScript handlers) change with it: keep the name, or treat this as a new major version".into());
        }
        if o.kind != n.kind {
            self.push(
                Rule::KindChanged,
                format!("`{code}` changed from {:?} to {:?}", o.kind, n.kind).to_lowercase(),
                os,
                ns,
            );
        }
        if o.http != n.http {
            let show = |h: Option<u16>| h.map_or("none".to_owned(), |h| h.to_string());
            self.push(
                Rule::HttpChanged,
                format!("`{code}`: HTTP status {} → {}", show(o.http), show(n.http)),
                os,
                ns,
            )
            .help =
                Some("clients and proxies switch on the status: keep it, or add a new code".into());
        }
        if o.grpc != n.grpc {
            let show = |g: Option<crate::ir::GrpcCode>| g.map_or("none", |g| g.name());
            self.push(
                Rule::GrpcChanged,
                format!("`{code}`: gRPC code {} → {}", show(o.grpc), show(n.grpc)),
                os,
                ns,
            )
            .help = Some("clients switch on the gRPC code: keep it, or add a new code".into());
        }
        if o.retryable && !n.retryable {
            self.push(Rule::RetryableOff, format!("`{code}` is no longer retryable"), os, ns).help =
                Some("clients that retry it will now retry an error that cannot succeed: add a new code instead".into());
        } else if !o.retryable && n.retryable {
            self.push(
                Rule::RetryableOn,
                format!("`{code}` is now retryable"),
                os,
                ns,
            );
        }
        if o.stage != n.stage {
            let show = |s: Option<&str>| s.unwrap_or("none").to_owned();
            self.push(
                Rule::StageChanged,
                format!(
                    "`{code}`: stage {} → {}",
                    show(o.stage.as_deref()),
                    show(n.stage.as_deref())
                ),
                os,
                ns,
            );
        }
        self.params(o, n);
        self.messages(o, n);
        self.upstreams(o, n);
        // Texts without their spans: only what they say counts (compared
        // in place: a diff of a large catalog runs this for every entry).
        let same_texts = |a: &[crate::ir::LocalizedText], b: &[crate::ir::LocalizedText]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x.locale == y.locale && x.text == y.text)
        };
        let same_docs = same_texts(&o.description, &n.description)
            && same_texts(&o.causes, &n.causes)
            && same_texts(&o.remedies, &n.remedies)
            && o.docs == n.docs
            && o.meta == n.meta;
        if !same_docs {
            self.push(
                Rule::DocsChanged,
                format!("`{code}`: description, causes, remedies, docs or meta changed"),
                os,
                ns,
            );
        }
        let (was, is) = (deprecation(self.old, o), deprecation(self.new, n));
        if was != is {
            let what = match (&was, &is) {
                (None, _) => "is now deprecated",
                (_, None) => "is no longer deprecated",
                _ => "is deprecated for another reason or with another replacement",
            };
            self.push(Rule::DeprecationChanged, format!("`{code}` {what}"), os, ns);
        }
    }

    /// The upstream errors an entry is recognised in (`classify_body`):
    /// each mapping one version has and the other has not, a safe change
    /// of what the server sends for another system's error.
    fn upstreams(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        let (old, new): (Vec<String>, Vec<String>) = (
            o.upstreams.iter().map(describe_upstream).collect(),
            n.upstreams.iter().map(describe_upstream).collect(),
        );
        for (u, text) in o.upstreams.iter().zip(&old) {
            if !new.contains(text) {
                self.push(
                    Rule::UpstreamChanged,
                    format!("`{code}` is no longer sent for {text}"),
                    Some(u.span),
                    Some(n.spans.head),
                )
                .help = Some(
                    "the server now sends another code for that error (often a generic one): clients that handled this code for it no longer see it"
                        .into(),
                );
            }
        }
        for (u, text) in n.upstreams.iter().zip(&new) {
            if !old.contains(text) {
                self.push(
                    Rule::UpstreamChanged,
                    format!("`{code}` is now sent for {text}"),
                    Some(o.spans.head),
                    Some(u.span),
                );
            }
        }
    }

    fn params<'e>(&mut self, o: &'e Entry, n: &'e Entry) {
        let code = &n.code;
        let (os, ns) = (Some(o.spans.head), Some(n.spans.head));
        // Match params by name, positional ones too: the name is the key
        // of a param in the envelope's `params` and in generated code, and
        // `{0}` is only where a message shows it.
        let by_name = |e: &'e Entry| -> BTreeMap<&'e str, &'e Param> {
            e.params.iter().map(|p| (p.name.original(), p)).collect()
        };
        let (old_params, new_params) = (by_name(o), by_name(n));
        let mut removed: Vec<&Param> = Vec::new();
        let mut added: Vec<&Param> = Vec::new();
        for (k, p) in &old_params {
            match new_params.get(k) {
                None => removed.push(p),
                Some(q) => {
                    if !self.type_kept(&p.ty, &q.ty) {
                        let message = match p.ty.record_name().filter(|_| p.ty == q.ty) {
                            Some(record) => format!(
                                "`{code}`: param `{}` changed type: the fields of record `{record}` changed",
                                q.name.original()
                            ),
                            None => format!(
                                "`{code}`: param `{}` changed type from {} to {}",
                                q.name.original(),
                                p.ty,
                                q.ty
                            ),
                        };
                        self.push(Rule::ParamRetyped, message, Some(p.span), Some(q.span))
                            .help = Some(
                            "clients fill and read params by type: add a new param instead".into(),
                        );
                    }
                }
            }
        }
        for (k, q) in &new_params {
            if !old_params.contains_key(k) {
                added.push(q);
            }
        }
        // The params both versions have, in another order: generated Rust
        // constructors take them by position.
        fn order<'p>(
            params: &'p [Param],
            other: &'p BTreeMap<&str, &Param>,
        ) -> impl Iterator<Item = &'p str> + 'p {
            params
                .iter()
                .map(|p| p.name.original())
                .filter(move |k| other.contains_key(k))
        }
        if !order(&o.params, &new_params).eq(order(&n.params, &old_params)) {
            let listed = |params, other| order(params, other).collect::<Vec<_>>().join(", ");
            self.push(
                Rule::ParamReordered,
                format!(
                    "`{code}`: params in another order: ({}) is now ({})",
                    listed(&o.params, &new_params),
                    listed(&n.params, &old_params)
                ),
                os,
                ns,
            )
            .help = Some(
                "generated Rust constructors take params in this order, and a call written for \
                 the old one can still compile with two values swapped: keep the order"
                    .into(),
            );
        }
        // One param out and one of the same type in: a rename.
        if removed.len() == 1 && added.len() == 1 && removed[0].ty == added[0].ty {
            let (p, q) = (removed[0], added[0]);
            self.push(
                Rule::ParamRenamed,
                format!(
                    "`{code}`: param `{}` renamed to `{}`",
                    p.name.original(),
                    q.name.original()
                ),
                Some(p.span),
                Some(q.span),
            )
            .help = Some("clients pass params by name: keep the old name".into());
            return;
        }
        for p in removed {
            self.push(
                Rule::ParamRemoved,
                format!("`{code}`: param `{}` was removed", p.name.original()),
                Some(p.span),
                ns,
            )
            .help = Some("old clients still send or read it: keep it until they are gone".into());
        }
        for q in added {
            self.push(Rule::ParamAdded, format!("`{code}`: param `{}` was added", q.name.original()), os, Some(q.span)).help =
                Some("old clients cannot fill the new placeholder and show it raw: add a new code, or keep the message's placeholders as they were".into());
        }
    }

    /// Whether the new version's type `b` is the old version's `a` to the
    /// clients that read it: the same type, and for a record the same
    /// fields, compared as an envelope's members are (each old field kept,
    /// of a kept type and not made optional; each new one optional).
    fn type_kept(&mut self, a: &ParamType, b: &ParamType) -> bool {
        fn field<'r>(fields: &'r [RecordField], name: &str) -> Option<&'r RecordField> {
            fields.iter().find(|f| f.name.original() == name)
        }
        match (a, b) {
            (ParamType::List(a), ParamType::List(b)) | (ParamType::Map(a), ParamType::Map(b)) => {
                self.type_kept(a, b)
            }
            (ParamType::Record(x), ParamType::Record(y)) if x == y => {
                let (Some(r), Some(s)) = (self.old.record(x), self.new.record(y)) else {
                    return true;
                };
                if let Some(&kept) = self.records_kept.get(r.name.original()) {
                    return kept;
                }
                // (Records do not contain themselves; were one to, it counts
                // as kept while its fields are compared.)
                self.records_kept.insert(r.name.original(), true);
                let mut kept = s
                    .fields
                    .iter()
                    .all(|g| g.optional || field(&r.fields, g.name.original()).is_some());
                for f in &r.fields {
                    kept = kept
                        && field(&s.fields, f.name.original()).is_some_and(|g| {
                            (f.optional || !g.optional) && self.type_kept(&f.ty, &g.ty)
                        });
                }
                self.records_kept.insert(r.name.original(), kept);
                kept
            }
            _ => a == b,
        }
    }

    fn messages(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        for m in &n.messages {
            match o.message(&m.locale) {
                Some(old) if old.text != m.text => {
                    self.push(
                        Rule::MessageReworded,
                        format!("`{code}`: the `{}` message was reworded", m.locale),
                        Some(old.span),
                        Some(m.span),
                    );
                }
                Some(_) => {}
                None => {
                    self.push(
                        Rule::MessageAdded,
                        format!("`{code}`: a `{}` message was added", m.locale),
                        Some(o.spans.head),
                        Some(m.span),
                    );
                }
            }
        }
        for m in o.messages.iter().filter(|m| n.message(&m.locale).is_none()) {
            self.push(
                Rule::MessageRemoved,
                format!("`{code}`: the `{}` message was removed", m.locale),
                Some(m.span),
                Some(n.spans.head),
            );
        }
    }
}

/// How many breaking changes `version-bump` names before "and N more".
const NAMED_CHANGES: usize = 3;

/// `version-bump` (W0032): whether `new`'s `version` fits the changes from
/// `old` (as [`diff`] gives them). Reported, on `new`'s `version` statement
/// (or its header when it has none): breaking changes under a version that
/// is not a major bump over `old`'s (semver, with Cargo's rule for `0.x`),
/// or under no version at all; and a version lower than `old`'s, whatever
/// changed. `None` when `old` declares no version (nothing to compare with),
/// or either version does not parse (lowering reports that).
pub fn version_bump(old: &Catalog, new: &Catalog, changes: &[Diagnostic]) -> Option<Diagnostic> {
    let written = old.version.as_deref()?;
    let before = Version::parse(written)?;
    let breaking: Vec<&Diagnostic> = changes.iter().filter(|c| c.rule.is_breaking()).collect();
    let name = new.name.original();
    let count = match breaking.len() {
        1 => "1 breaking change".to_owned(),
        n => format!("{n} breaking changes"),
    };
    let listed = || {
        let mut list: Vec<String> = breaking
            .iter()
            .take(NAMED_CHANGES)
            .map(|c| c.message.clone())
            .collect();
        if breaking.len() > NAMED_CHANGES {
            list.push(format!("and {} more", breaking.len() - NAMED_CHANGES));
        }
        format!("breaking: {}", list.join("; "))
    };
    let major = before.next_major();
    let previous = |d: Diagnostic| match old.version_span {
        Some(span) => d.secondary(span, "the previous version"),
        None => d,
    };
    let Some(now) = new.version.as_deref() else {
        if breaking.is_empty() {
            return None;
        }
        let d = Diagnostic::new(
            Rule::VersionBump,
            new.span,
            format!("catalog `{name}` has {count} since {written} and declares no version"),
        )
        .label("no `version` statement")
        .note(listed())
        .help(format!(
            "declare the major version it is: `version {major}`"
        ));
        return Some(previous(d));
    };
    let after = Version::parse(now)?;
    let span = new.version_span.unwrap_or(new.span);
    let d = if after.precedence(&before) == std::cmp::Ordering::Less {
        let d = Diagnostic::new(
            Rule::VersionBump,
            span,
            format!("catalog `{name}` goes down from version {written} to {now}"),
        )
        .label(format!("lower than {written}"))
        .note(
            "clients take the higher version for the newer one; with `errgen diff`, give the old catalog first",
        );
        if breaking.is_empty() {
            d.help(format!("give it a version above {written}"))
        } else {
            d.note(listed())
                .help(format!("with {count}, it needs `version {major}`"))
        }
    } else if !breaking.is_empty() && !before.allows_breaking(&after) {
        Diagnostic::new(
            Rule::VersionBump,
            span,
            format!(
                "catalog `{name}` has {count} since {written}, but {now} is not a major version bump"
            ),
        )
        .label(format!("not a major bump over {written}"))
        .note(listed())
        .help(format!(
            "write `version {major}`, or undo the breaking changes (`errgen diff` lists them)"
        ))
    } else {
        return None;
    };
    Some(previous(d))
}

/// `version-bump` for a workspace against its previous release (`check:
/// baseline` in errgen.yaml): the newest version of each catalog of
/// `current` (by name; versions of one catalog may be checked together)
/// against the newest of its released version in `baseline`: by name, or a
/// catalog renamed by the codes it keeps (at least half of its released
/// version's; the one keeping most). A catalog the baseline lacks is new
/// and not compared; nothing but `version-bump` is reported (the changes
/// themselves are `errgen diff`'s).
pub fn against_baseline(current: &[&Catalog], baseline: &[Catalog]) -> Vec<Diagnostic> {
    workspace_diff(baseline.iter(), current.iter().copied()).bumps
}

/// The changes between two versions of a workspace (`errgen diff` of two
/// folders): each catalog's changes, paired as [`against_baseline`] pairs
/// them; a code that left one catalog for another (`code-moved`, breaking
/// for the generated code), compared with its old self as any entry; a
/// catalog removed (`catalog-removed`, breaking; unless its every code
/// moved) or added (`catalog-added`); and the `version-bump` of each pair,
/// apart, which counts the codes that moved out of it.
pub fn diff_workspaces(old: &[Catalog], new: &[Catalog]) -> WorkspaceDiff {
    workspace_diff(old.iter(), new.iter())
}

fn workspace_diff<'a>(
    old: impl Iterator<Item = &'a Catalog>,
    new: impl Iterator<Item = &'a Catalog>,
) -> WorkspaceDiff {
    let paired = pair_catalogs(old, new);
    let moves = moves(&paired);
    // The codes that moved, by the name of the catalog they left and of the
    // one they came into (names are unique on each side).
    let mut moved: HashMap<(bool, &str), HashSet<&Code>> = HashMap::new();
    // The changes of the moves, by the name of the catalog they left.
    let mut moved_out: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
    let mut move_changes = Vec::new();
    for m in &moves {
        let (from, to) = (m.from.name.original(), m.to.name.original());
        moved.entry((false, from)).or_default().insert(&m.old.code);
        moved.entry((true, to)).or_default().insert(m.code_now());
        let found = m.changes();
        moved_out
            .entry(from)
            .or_default()
            .extend(found.iter().cloned());
        move_changes.extend(found);
    }
    let mut changes = Vec::new();
    let mut bumps = Vec::new();
    for (o, n) in paired.pairs {
        let apart = |side, name| moved.get(&(side, name)).into_iter().flatten().copied();
        let codes = apart(false, o.name.original())
            .chain(apart(true, n.name.original()))
            .collect();
        let mut found = diff_apart(o, n, codes);
        let out = moved_out.remove(o.name.original()).unwrap_or_default();
        let counted = found.len();
        found.extend(out);
        bumps.extend(version_bump(o, n, &found));
        found.truncate(counted);
        changes.extend(found);
    }
    changes.extend(move_changes);
    for o in paired.removed {
        let left = moved
            .get(&(false, o.name.original()))
            .map_or(0, HashSet::len);
        let stayed = o.entries.len() - left.min(o.entries.len());
        if stayed == 0 && left > 0 {
            continue;
        }
        let mut d = change(
            Rule::CatalogRemoved,
            format!("catalog `{}` was removed", o.name.original()),
            Some(o.span),
            None,
            o.span,
        );
        let codes = match (stayed, left) {
            (1, 0) => "its code".to_owned(),
            (n, 0) => format!("its {n} codes"),
            (1, _) => "the one code no other catalog took".to_owned(),
            (n, _) => format!("the {n} codes no other catalog took"),
        };
        d.help = Some(format!(
            "clients still meet {codes}, and code generated from it no longer builds: keep the catalog while its codes are sent"
        ));
        changes.push(d);
    }
    for n in paired.added {
        changes.push(change(
            Rule::CatalogAdded,
            format!("catalog `{}` was added", n.name.original()),
            None,
            Some(n.span),
            n.span,
        ));
    }
    WorkspaceDiff { changes, bumps }
}

/// A code of catalog `from` in the old workspace that is in `to` in the
/// new one, which is not `from`'s new version.
struct Move<'a> {
    from: &'a Catalog,
    old: &'a Entry,
    to: &'a Catalog,
    new: &'a Entry,
    /// The alias of `new` the code now is, when it is not `new`'s code.
    alias: Option<&'a Alias>,
}

impl Move<'_> {
    /// The code's place in the new workspace: its entry's code, or the
    /// alias it now is.
    fn code_now(&self) -> &Code {
        self.alias.map_or(&self.new.code, |a| &a.code)
    }

    /// `code-moved`, then what changed in the entry, as [`diff`] compares
    /// an entry both versions of a catalog hold: its fields, its envelopes
    /// (the old catalog's with the new one's of the same name or wire
    /// form), its aliases. A code that is now an alias of another
    /// catalog's entry is `code-aliased`, as within one catalog.
    fn changes(&self) -> Vec<Diagnostic> {
        let (o, n) = (self.old, self.new);
        let mut differ = Differ::new(self.from, self.to, HashSet::new());
        let (from, to) = (self.from.name.original(), self.to.name.original());
        if let Some(alias) = self.alias {
            differ.code_aliased(o, n, alias, &format!(" in catalog `{to}`"));
            return differ.changes;
        }
        differ
            .push(
                Rule::CodeMoved,
                format!("code `{}`{} moved from catalog `{from}` to `{to}`", n.code, named(n)),
                Some(o.spans.head),
                Some(n.spans.head),
            )
            .help = Some(format!(
            "the wire is unchanged, but the generated code names it in `{to}`'s module and types, not `{from}`'s: code that uses it there no longer builds, and `{from}` needs a major version"
        ));
        differ.entry(o, n);
        differ.envelope_pairs = envelope_pairs(self.from, self.to);
        for &i in o.envelopes.iter() {
            let Some(j) = differ.envelope_pairs.get(i).copied().flatten() else {
                continue;
            };
            let (was, is) = (&self.from.envelopes[i], &self.to.envelopes[j]);
            if n.envelopes.contains(&j) {
                let what = format!("`{}` in envelope `{}`: ", n.code, is.name.original());
                differ.compare_envelope(was, is, Rule::EnvelopeChanged, &what);
            }
        }
        differ.entry_envelopes(o, n);
        for alias in o.aliases.iter() {
            if !n.aliases.iter().any(|a| a.code == alias.code) {
                let message = format!(
                    "alias `{}` of `{}`{} was removed",
                    alias.code,
                    o.code,
                    named(o)
                );
                differ.alias_removed(o, alias, Some(n), message);
            }
        }
        for alias in n.aliases.iter() {
            if !o.aliases.iter().any(|a| a.code == alias.code) {
                differ.alias_added(n, alias);
            }
        }
        differ.changes
    }
}

/// The codes that left their catalog for another one: each code of an old
/// catalog (paired or removed) that the new workspace holds, as an entry's
/// code or an alias, in a catalog that is not its new version, in the old
/// workspace's order.
fn moves<'a>(paired: &Paired<'a>) -> Vec<Move<'a>> {
    let news = (paired.pairs.iter().map(|&(_, n)| n)).chain(paired.added.iter().copied());
    // Where each code is: an entry's code, else an alias.
    let mut home: HashMap<&Code, (&Catalog, &Entry, Option<&Alias>)> = HashMap::new();
    for catalog in news {
        for entry in &catalog.entries {
            home.insert(&entry.code, (catalog, entry, None));
            for alias in entry.aliases.iter() {
                home.entry(&alias.code)
                    .or_insert((catalog, entry, Some(alias)));
            }
        }
    }
    let olds = (paired.pairs.iter().map(|&(o, n)| (o, Some(n))))
        .chain(paired.removed.iter().map(|&o| (o, None)));
    let mut moves = Vec::new();
    for (from, successor) in olds {
        for old in &from.entries {
            let Some(&(to, new, alias)) = home.get(&old.code) else {
                continue;
            };
            if successor.is_some_and(|s| std::ptr::eq(s, to)) {
                continue;
            }
            moves.push(Move {
                from,
                old,
                to,
                new,
                alias,
            });
        }
    }
    moves
}

/// What [`diff_workspaces`] found.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceDiff {
    /// Every change, catalog by catalog.
    pub changes: Vec<Diagnostic>,
    /// The `version-bump` of each pair of catalogs that needs one.
    pub bumps: Vec<Diagnostic>,
}

/// Two versions of a workspace's catalogs, paired.
struct Paired<'a> {
    /// Each catalog with its new version.
    pairs: Vec<(&'a Catalog, &'a Catalog)>,
    /// The old catalogs the new version lacks.
    removed: Vec<&'a Catalog>,
    /// The new catalogs the old version lacks.
    added: Vec<&'a Catalog>,
}

/// Pairs the newest version of each catalog of `old` with that of `new`: by
/// name; then a new catalog whose name `old` lacks with an old one `new`
/// lacks, if it keeps at least half of that one's codes (it was renamed:
/// `catalog-renamed`; the one keeping most wins); the rest are removed or
/// added.
fn pair_catalogs<'a>(
    old: impl Iterator<Item = &'a Catalog>,
    new: impl Iterator<Item = &'a Catalog>,
) -> Paired<'a> {
    let mut released = newest(old);
    let current = newest(new);
    let mut pairs = Vec::new();
    let mut unpaired = Vec::new();
    for (name, new) in &current {
        match released.remove(name) {
            Some(old) => pairs.push((old, *new)),
            None => unpaired.push(*new),
        }
    }
    let mut added = Vec::new();
    for new in unpaired {
        let codes: BTreeSet<&Code> = new.entries.iter().map(|e| &e.code).collect();
        let kept = |old: &Catalog| {
            old.entries
                .iter()
                .filter(|e| codes.contains(&e.code))
                .count()
        };
        let renamed = released
            .iter()
            .map(|(name, old)| (*name, kept(old), old.entries.len()))
            .filter(|&(_, kept, all)| kept > 0 && kept * 2 >= all)
            .max_by_key(|&(_, kept, _)| kept);
        match renamed.and_then(|(name, ..)| released.remove(name)) {
            Some(old) => pairs.push((old, new)),
            None => added.push(new),
        }
    }
    Paired {
        pairs,
        removed: released.into_values().collect(),
        added,
    }
}

/// The catalog of each name with the highest version (one without a version,
/// or with one that does not parse, counts as the lowest; among equals, the
/// last).
fn newest<'a>(catalogs: impl Iterator<Item = &'a Catalog>) -> BTreeMap<&'a str, &'a Catalog> {
    let version = |c: &'a Catalog| c.version.as_deref().and_then(Version::parse);
    let mut by_name: BTreeMap<&str, &Catalog> = BTreeMap::new();
    for catalog in catalogs {
        let slot = by_name.entry(catalog.name.original()).or_insert(catalog);
        let lower = match (version(slot), version(catalog)) {
            (Some(a), Some(b)) => a.precedence(&b).is_le(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        if lower {
            *slot = catalog;
        }
    }
    by_name
}

/// ` (`name`)` when the entry's name is not just its code.
/// Each alias of a catalog with its entry, by the alias's code.
fn alias_index(catalog: &Catalog) -> HashMap<&Code, (&Entry, &Alias)> {
    catalog
        .entries
        .iter()
        .flat_map(|e| e.aliases.iter().map(move |a| (&a.code, (e, a))))
        .collect()
}

fn named(entry: &Entry) -> String {
    if entry.name.original() == entry.code.to_string() {
        String::new()
    } else {
        format!(" (`{}`)", entry.name.original())
    }
}

/// Whether an entry of the new version is `old` as an alias sees it: of
/// the same code (renamed or not), or of the same name (a promoted alias,
/// whose code changed).
fn same_entry(old: &Entry, new: &Entry) -> bool {
    old.code == new.code || old.name.original() == new.name.original()
}

/// An entry's deprecation as clients see it: its reason, and its
/// replacement by code (not by position in the catalog, which moves when
/// entries are reordered, nor by name, which a rename changes).
fn deprecation(catalog: &Catalog, entry: &Entry) -> Option<(Option<String>, Option<String>)> {
    let d = entry.deprecated.as_deref()?;
    let replacement = match d.replaced_by_entry {
        Some(i) => Some(catalog.entries[i].code.to_string()),
        None => d.replaced_by.clone(),
    };
    Some((d.reason.clone(), replacement))
}

/// Renders a change (a diagnostic of [`diff`]) in a few lines, for a list
/// of many: `breaking[W0050 code-removed, wire]: …` (or `safe[…]`), where
/// it was and is, and the help.
pub fn human(change: &Diagnostic, sources: &SourceMap) -> String {
    let place = |span: Span| {
        let (file, line, column) = sources.location(span);
        format!("{file}:{line}:{column}")
    };
    let rule = change.rule;
    let tag = if rule.is_breaking() {
        "breaking"
    } else {
        "safe"
    };
    let category = rule.change_category().map_or("", Category::name);
    let mut out = format!(
        "{tag}[{} {}, {category}]: {}",
        rule.code(),
        rule.name(),
        change.message
    );
    let primary = place(change.primary.span);
    match change.secondary.first() {
        Some(old) => out.push_str(&format!("\n  --> {} → {primary}", place(old.span))),
        None if change.primary.message == BEFORE => {
            out.push_str(&format!("\n  --> {primary} (old)"));
        }
        None => out.push_str(&format!("\n  --> {primary} (new)")),
    }
    if let Some(help) = &change.help {
        out.push_str(&format!("\n  help: {help}"));
    }
    out
}

/// A catalog's reserved codes, indexed so that finding the one that covers a
/// code is a lookup, not a scan of every reservation (which made a diff of
/// many added or removed codes against many reservations quadratic).
struct ReservedIndex<'a> {
    reserved: &'a [Reserved],
    /// The first reservation of each exact code.
    codes: HashMap<&'a Code, usize>,
    /// The first reservation of each integer code, for string codes with
    /// that number.
    numbers: HashMap<u64, usize>,
    /// The reserved ranges, by index.
    ranges: RangeIndex<usize>,
    /// Every reserved number (ranges and integer codes, and string codes
    /// by their number) as disjoint runs `(first, last)`, in order.
    runs: Vec<(u64, u64)>,
}

impl<'a> ReservedIndex<'a> {
    fn new(reserved: &'a [Reserved]) -> ReservedIndex<'a> {
        let mut codes = HashMap::new();
        let mut numbers = HashMap::new();
        let mut ranges = Vec::new();
        for (i, r) in reserved.iter().enumerate() {
            match &r.code {
                ReservedCode::Code(code) => {
                    codes.entry(code).or_insert(i);
                    if let Code::Int(n) = code {
                        numbers.entry(*n).or_insert(i);
                    }
                }
                ReservedCode::Range { from, to } => ranges.push((*from, *to, i)),
            }
        }
        let mut spans: Vec<(u64, u64)> = reserved
            .iter()
            .filter_map(|r| match &r.code {
                &ReservedCode::Range { from, to } => Some((from, to)),
                ReservedCode::Code(c) => c.number().map(|n| (n, n)),
            })
            .collect();
        spans.sort_unstable();
        let mut runs: Vec<(u64, u64)> = Vec::with_capacity(spans.len());
        for (from, to) in spans {
            match runs.last_mut() {
                Some(last) if from <= last.1.saturating_add(1) => last.1 = last.1.max(to),
                _ => runs.push((from, to)),
            }
        }
        ReservedIndex {
            reserved,
            codes,
            numbers,
            ranges: RangeIndex::new(ranges),
            runs,
        }
    }

    /// Whether every number of `from..=to` is reserved, by the ranges and
    /// numeric codes together (a range split in two, or partly written as
    /// codes, still covers it).
    fn covers_all(&self, from: u64, to: u64) -> bool {
        let after = self.runs.partition_point(|&(first, _)| first <= from);
        after > 0 && self.runs[after - 1].1 >= to
    }

    /// The runs `(first, last)` of the numbers of `from..=to` that nothing
    /// reserves (ranges and numeric codes together), in order.
    fn uncovered(&self, from: u64, to: u64) -> Vec<(u64, u64)> {
        let mut gaps = Vec::new();
        // The first number of `from..=to` not yet found reserved or not.
        let mut next = from;
        let start = self.runs.partition_point(|&(_, last)| last < from);
        for &(first, last) in &self.runs[start..] {
            if first > to {
                break;
            }
            if first > next {
                gaps.push((next, first - 1));
            }
            match last.checked_add(1) {
                Some(after) if after <= to => next = after,
                _ => return gaps,
            }
        }
        gaps.push((next, to));
        gaps
    }

    /// The first reservation, in catalog order, that covers `code` (as
    /// [`Reserved::covers`] decides).
    fn covering(&self, code: &Code) -> Option<&'a Reserved> {
        let mut first = self.codes.get(code).copied();
        let number = code.number();
        if let (Code::Str(_), Some(n)) = (code, number) {
            first = min_some(first, self.numbers.get(&n).copied());
        }
        if let Some(n) = number {
            first = min_some(first, self.ranges.holding(n).min());
        }
        first.map(|i| &self.reserved[i])
    }
}

/// How many runs of newly reserved codes a `code-reserved` message lists
/// before it counts the rest.
const LISTED_RUNS: usize = 4;

/// Runs of numbers `(first, last)` as a message lists them: `5..9 and 20`,
/// or the first [`LISTED_RUNS`] and the count of numbers in all: `1, 3, 5,
/// 7, … (12 in all)`.
fn listed_runs(runs: &[(u64, u64)]) -> String {
    let show = |&(first, last): &(u64, u64)| {
        if first == last {
            first.to_string()
        } else {
            format!("{first}..{last}")
        }
    };
    match runs {
        [] => String::new(),
        [first @ .., last] if runs.len() <= LISTED_RUNS => {
            let first: Vec<String> = first.iter().map(show).collect();
            if first.is_empty() {
                show(last)
            } else {
                format!("{} and {}", first.join(", "), show(last))
            }
        }
        _ => {
            let count: u128 = runs
                .iter()
                .map(|&(first, last)| u128::from(last - first) + 1)
                .sum();
            let first: Vec<String> = runs[..LISTED_RUNS].iter().map(show).collect();
            format!("{}, … ({count} in all)", first.join(", "))
        }
    }
}

/// For each envelope of `old`, the one of `new` it is (by index), if any.
/// Envelopes are matched by name, wherever they are declared; then an
/// envelope whose name is gone is the one new envelope of the same wire
/// form whose name is new (renamed, perhaps moved), if just one such is
/// there and it matches no other; last, a first envelope still unmatched
/// is the new first one, if that is unmatched too (renamed and changed).
fn envelope_pairs(old: &Catalog, new: &Catalog) -> Vec<Option<usize>> {
    let mut pairs: Vec<Option<usize>> = old
        .envelopes
        .iter()
        .map(|o| {
            new.envelopes
                .iter()
                .position(|n| n.name.original() == o.name.original())
        })
        .collect();
    let taken = |pairs: &[Option<usize>], j: usize| pairs.contains(&Some(j));
    let alike = |o: &Envelope, n: &Envelope| {
        o.shape == n.shape && o.type_base == n.type_base && same_members(&o.members, &n.members)
    };
    let unmatched_old: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].is_none()).collect();
    let unmatched_new: Vec<usize> = (0..new.envelopes.len())
        .filter(|&j| !taken(&pairs, j))
        .collect();
    for &i in &unmatched_old {
        let o = &old.envelopes[i];
        let mut candidates = unmatched_new
            .iter()
            .filter(|&&j| alike(o, &new.envelopes[j]));
        if let (Some(&j), None) = (candidates.next(), candidates.next()) {
            let rivals = unmatched_old
                .iter()
                .filter(|&&k| alike(&old.envelopes[k], &new.envelopes[j]))
                .count();
            if rivals == 1 {
                pairs[i] = Some(j);
            }
        }
    }
    if !pairs.is_empty() && pairs[0].is_none() && !new.envelopes.is_empty() && !taken(&pairs, 0) {
        pairs[0] = Some(0);
    }
    pairs
}

/// Whether two lists of envelope members are the same on the wire (where
/// they were written aside).
fn same_members(a: &[EnvelopeMember], b: &[EnvelopeMember]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.wire == y.wire
                && x.kind == y.kind
                && x.ty == y.ty
                && x.optional == y.optional
                && x.value == y.value
                && same_members(&x.members, &y.members)
        })
}

/// The smaller of two optional indices.
fn min_some(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The upstream errors a mapping recognises, as a diff names them:
/// "`kubeflow` errors with HTTP 500, gRPC INTERNAL, the message matching
/// `…`".
fn describe_upstream(u: &crate::ir::Upstream) -> String {
    let mut parts = Vec::new();
    if let Some(http) = u.http {
        parts.push(format!("HTTP {http}"));
    }
    if let Some(grpc) = u.grpc {
        parts.push(format!("gRPC {}", grpc.name()));
    }
    let field = |f: &Option<String>| {
        f.as_ref()
            .map_or("the message".to_owned(), |f| format!("field `{f}`"))
    };
    if let Some(pattern) = &u.pattern {
        parts.push(format!("{} matching `{pattern}`", field(&u.pattern_field)));
    }
    if let Some(contains) = &u.contains {
        parts.push(format!(
            "{} containing `{contains}`",
            field(&u.contains_field)
        ));
    }
    let system = u
        .source
        .as_ref()
        .map_or("upstream".to_owned(), |s| format!("`{s}`"));
    if parts.is_empty() {
        format!("every {system} error")
    } else {
        format!("{system} errors with {}", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// The index finds what a scan of every reservation finds, on
    /// overlapping, nested and disjoint ranges, exact codes, and integer
    /// reservations of string codes.
    #[test]
    fn the_reserved_index_agrees_with_a_scan() {
        let span = Span::new(FileId::default(), 0, 0);
        let reserve = |code| Reserved {
            code,
            reason: None,
            group: None,
            span,
        };
        let range = |from, to| reserve(ReservedCode::Range { from, to });
        let reserved = vec![
            range(10, 20),
            reserve(ReservedCode::Code(Code::Int(15))),
            range(100, 1_000),
            range(150, 160),
            reserve(ReservedCode::Code(Code::Str("E_OLD".into()))),
            range(5, 12),
            reserve(ReservedCode::Code(Code::Int(42))),
            range(990, 2_000),
            range(0, 3),
        ];
        let index = ReservedIndex::new(&reserved);
        let mut codes: Vec<Code> = (0..2_100).map(Code::Int).collect();
        codes.extend(
            ["E_OLD", "E_NEW", "E_42", "X15Y", "E_155", "NONE"].map(|s| Code::Str(s.into())),
        );
        for code in &codes {
            let scan = reserved.iter().position(|r| r.covers(code));
            let found = index
                .covering(code)
                .map(|r| reserved.iter().position(|x| std::ptr::eq(x, r)).unwrap());
            assert_eq!(found, scan, "{code:?}");
        }
        // The numbers nothing reserves, as runs, are those a scan finds.
        let reserved_number = |n: u64| {
            reserved.iter().any(|r| match &r.code {
                &ReservedCode::Range { from, to } => (from..=to).contains(&n),
                ReservedCode::Code(c) => c.number() == Some(n),
            })
        };
        for (from, to) in [
            (0, 2_100),
            (4, 4),
            (13, 13),
            (21, 99),
            (150, 160),
            (1_999, 2_001),
        ] {
            let mut scan: Vec<(u64, u64)> = Vec::new();
            for n in (from..=to).filter(|&n| !reserved_number(n)) {
                match scan.last_mut() {
                    Some(last) if last.1 + 1 == n => last.1 = n,
                    _ => scan.push((n, n)),
                }
            }
            assert_eq!(index.uncovered(from, to), scan, "{from}..{to}");
        }
        let all = ReservedIndex::new(&[]);
        assert_eq!(all.uncovered(0, u64::MAX), [(0, u64::MAX)]);
        let top = [range(u64::MAX - 1, u64::MAX)];
        assert!(ReservedIndex::new(&top)
            .uncovered(u64::MAX, u64::MAX)
            .is_empty());
    }
}
