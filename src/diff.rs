//! Evolution: what changed between two versions of a catalog, and whether
//! each change breaks clients that are already deployed.
//!
//! Entries are matched by code, the identity clients see on the wire. A
//! change is *breaking* when a client built against the old catalog can
//! misbehave with a server built from the new one (a code it handles
//! disappears or changes meaning, a status it switches on changes, a param it
//! fills or reads changes), and *safe* otherwise (codes added, wording,
//! documentation, remedies, deprecations).

use crate::diagnostic::{Diagnostic, Rule};
use crate::ir::version::Version;
use crate::ir::{
    Catalog, Code, Entry, EnvelopeMember, MemberKind, Param, RangeIndex, Reserved, ReservedCode,
};
use crate::source::{SourceMap, Span};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What kind of change it is. Each kind is always breaking or always safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A code is gone and not reserved.
    CodeRemoved,
    /// A code is gone but reserved, so it cannot come back with a new meaning.
    CodeRetired,
    /// A new code.
    CodeAdded,
    /// A code that the old catalog reserved is used again.
    ReservedCodeReused,
    /// The same code has a new name: generated identifiers change.
    EntryRenamed,
    /// An error became a success or the other way round.
    KindChanged,
    /// The HTTP status of a code changed.
    HttpChanged,
    /// The gRPC code of a code changed.
    GrpcChanged,
    /// A code is no longer retryable.
    RetryableOff,
    /// A code became retryable.
    RetryableOn,
    /// The stage a code reports changed.
    StageChanged,
    /// A param is gone.
    ParamRemoved,
    /// A param was added: old clients cannot fill it.
    ParamAdded,
    /// A param has a new name.
    ParamRenamed,
    /// A param has a new type.
    ParamRetyped,
    /// A message's text changed, with the same params.
    MessageReworded,
    /// A message in a new locale.
    MessageAdded,
    /// A message in one locale is gone (clients fall back to the default).
    MessageRemoved,
    /// Description, causes, remedies, docs or meta changed.
    DocsChanged,
    /// A code was deprecated (or is no longer).
    DeprecationChanged,
    /// A locale is gone from the catalog.
    LocaleRemoved,
    /// A locale was added.
    LocaleAdded,
    /// The default locale changed.
    DefaultLocaleChanged,
    /// The envelope's shape or a field clients read changed.
    EnvelopeChanged,
    /// An optional envelope field was added.
    EnvelopeFieldAdded,
    /// Codes became integers, or strings.
    CodeKindChanged,
    /// A code format was added or removed.
    FormatChanged,
    /// A code or range was reserved.
    Reserved,
}

impl ChangeKind {
    /// Whether deployed clients can break.
    pub fn is_breaking(self) -> bool {
        use ChangeKind::*;
        matches!(
            self,
            CodeRemoved
                | ReservedCodeReused
                | EntryRenamed
                | KindChanged
                | HttpChanged
                | GrpcChanged
                | RetryableOff
                | StageChanged
                | ParamRemoved
                | ParamAdded
                | ParamRenamed
                | ParamRetyped
                | LocaleRemoved
                | DefaultLocaleChanged
                | EnvelopeChanged
                | CodeKindChanged
        )
    }

    /// A stable kebab-case name, for JSON output and scripts.
    pub fn name(self) -> &'static str {
        use ChangeKind::*;
        match self {
            CodeRemoved => "code-removed",
            CodeRetired => "code-retired",
            CodeAdded => "code-added",
            ReservedCodeReused => "reserved-code-reused",
            EntryRenamed => "entry-renamed",
            KindChanged => "kind-changed",
            HttpChanged => "http-changed",
            GrpcChanged => "grpc-changed",
            RetryableOff => "retryable-off",
            RetryableOn => "retryable-on",
            StageChanged => "stage-changed",
            ParamRemoved => "param-removed",
            ParamAdded => "param-added",
            ParamRenamed => "param-renamed",
            ParamRetyped => "param-retyped",
            MessageReworded => "message-reworded",
            MessageAdded => "message-added",
            MessageRemoved => "message-removed",
            DocsChanged => "docs-changed",
            DeprecationChanged => "deprecation-changed",
            LocaleRemoved => "locale-removed",
            LocaleAdded => "locale-added",
            DefaultLocaleChanged => "default-locale-changed",
            EnvelopeChanged => "envelope-changed",
            EnvelopeFieldAdded => "envelope-field-added",
            CodeKindChanged => "code-kind-changed",
            FormatChanged => "format-changed",
            Reserved => "reserved",
        }
    }
}

/// One change between the old and the new catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The code concerned, if the change is about one entry.
    pub code: Option<Code>,
    /// What changed, in words.
    pub message: String,
    /// Where it was in the old catalog.
    pub old: Option<Span>,
    /// Where it is in the new catalog.
    pub new: Option<Span>,
    /// What to do about it (for breaking changes).
    pub help: Option<String>,
}

impl Change {
    /// Whether deployed clients can break.
    pub fn is_breaking(&self) -> bool {
        self.kind.is_breaking()
    }
}

struct Differ<'a> {
    old: &'a Catalog,
    new: &'a Catalog,
    changes: Vec<Change>,
}

/// Compares two versions of a catalog. Changes come in the new catalog's
/// order, removals last, breaking ones first within an entry.
pub fn diff(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        changes: Vec::new(),
    };
    differ.catalog();
    differ.entries();
    differ.changes
}

impl Differ<'_> {
    fn push(
        &mut self,
        kind: ChangeKind,
        code: Option<&Code>,
        message: String,
        old: Option<Span>,
        new: Option<Span>,
    ) -> &mut Change {
        self.changes.push(Change {
            kind,
            code: code.cloned(),
            message,
            old,
            new,
            help: None,
        });
        self.changes.last_mut().expect("just pushed")
    }

    fn catalog(&mut self) {
        let (old, new) = (self.old, self.new);
        let (os, ns) = (Some(old.span), Some(new.span));
        if old.code_kind != new.code_kind {
            self.push(
                ChangeKind::CodeKindChanged,
                None,
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
                ChangeKind::DefaultLocaleChanged,
                None,
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
            self.push(ChangeKind::LocaleRemoved, None, format!("locale `{locale}` was removed"), os, ns).help =
                Some(format!("clients asking for `{locale}` lose their messages: keep the locale until no client uses it"));
        }
        for locale in new.locales.iter().filter(|l| !old.locales.contains(l)) {
            self.push(
                ChangeKind::LocaleAdded,
                None,
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
                ChangeKind::FormatChanged,
                None,
                format!("code format `{p}` was removed"),
                os,
                ns,
            );
        }
        for p in np.difference(&op) {
            self.push(
                ChangeKind::FormatChanged,
                None,
                format!("code format `{p}` was added"),
                os,
                ns,
            );
        }
        self.envelope();
        let reserved = |c: &Catalog| {
            c.reserved
                .iter()
                .map(|r| format!("{:?}", r.code))
                .collect::<BTreeSet<_>>()
        };
        let old_reserved = reserved(old);
        for r in &new.reserved {
            if !old_reserved.contains(&format!("{:?}", r.code)) {
                let what = match &r.code {
                    ReservedCode::Code(c) => format!("code `{c}` is now reserved"),
                    ReservedCode::Range { from, to } => {
                        format!("codes {from}..{to} are now reserved")
                    }
                };
                self.push(ChangeKind::Reserved, None, what, None, Some(r.span));
            }
        }
    }

    fn envelope(&mut self) {
        let (old, new) = (&self.old.envelope, &self.new.envelope);
        let (os, ns) = (Some(self.old.span), Some(self.new.span));
        let help = "deployed clients read the envelope by these names: keep them, add new fields as optional";
        if old.shape != new.shape {
            self.push(
                ChangeKind::EnvelopeChanged,
                None,
                format!(
                    "the envelope's shape changed from {:?} to {:?}",
                    old.shape, new.shape
                )
                .to_lowercase(),
                os,
                ns,
            )
            .help = Some(help.into());
            return;
        }
        let describe = |f: &EnvelopeMember| format!("{} `{}`", f.kind.as_str(), f.wire);
        // A member that carries something of the error is one whatever its
        // wire name; a plain or fixed field is its wire name.
        let by_kind = |f: &EnvelopeMember| !matches!(f.kind, MemberKind::Field | MemberKind::Const);
        for f in &old.members {
            match new
                .members
                .iter()
                .find(|g| g.kind == f.kind && (g.wire == f.wire || by_kind(f)))
            {
                None => {
                    self.push(
                        ChangeKind::EnvelopeChanged,
                        None,
                        format!("envelope field {} was removed", describe(f)),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(g) if g.wire != f.wire => {
                    self.push(
                        ChangeKind::EnvelopeChanged,
                        None,
                        format!("envelope field {} is now named `{}`", describe(f), g.wire),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(g) if g.ty != f.ty || g.value != f.value || (g.optional && !f.optional) => {
                    self.push(
                        ChangeKind::EnvelopeChanged,
                        None,
                        format!(
                            "envelope field {} changed its type, value or optionality",
                            describe(f)
                        ),
                        os,
                        ns,
                    )
                    .help = Some(help.into());
                }
                Some(_) => {}
            }
        }
        for g in &new.members {
            let known = old
                .members
                .iter()
                .any(|f| f.wire == g.wire || (by_kind(f) && f.kind == g.kind));
            if !known {
                let kind = if g.optional {
                    ChangeKind::EnvelopeFieldAdded
                } else {
                    ChangeKind::EnvelopeChanged
                };
                let change = self.push(
                    kind,
                    None,
                    format!("envelope field {} was added", describe(g)),
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

    fn entries(&mut self) {
        let (old, new) = (self.old, self.new);
        let old_by_code: HashMap<&Code, &Entry> =
            old.entries.iter().map(|e| (&e.code, e)).collect();
        let new_codes: BTreeSet<&Code> = new.entries.iter().map(|e| &e.code).collect();
        let old_reserved = ReservedIndex::new(&old.reserved);
        let new_reserved = ReservedIndex::new(&new.reserved);
        for n in &new.entries {
            match old_by_code.get(&n.code) {
                Some(o) => self.entry(o, n),
                None => {
                    if let Some(r) = old_reserved.covering(&n.code) {
                        let change = self.push(
                            ChangeKind::ReservedCodeReused,
                            Some(&n.code),
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
                            ChangeKind::CodeAdded,
                            Some(&n.code),
                            format!("code `{}`{} was added", n.code, named(n)),
                            None,
                            Some(n.spans.head),
                        );
                    }
                }
            }
        }
        for o in old.entries.iter().filter(|e| !new_codes.contains(&e.code)) {
            let reserved = new_reserved.covering(&o.code);
            match reserved {
                Some(r) => {
                    self.push(
                        ChangeKind::CodeRetired,
                        Some(&o.code),
                        format!("code `{}`{} was removed and reserved", o.code, named(o)),
                        Some(o.spans.head),
                        Some(r.span),
                    );
                }
                None => {
                    let code = o.code.literal();
                    let change = self.push(
                        ChangeKind::CodeRemoved,
                        Some(&o.code),
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

    fn entry(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        let (os, ns) = (Some(o.spans.head), Some(n.spans.head));
        if o.name.original() != n.name.original() {
            self.push(ChangeKind::EntryRenamed, Some(code), format!("`{code}` was renamed from `{}` to `{}`", o.name.original(), n.name.original()), os, ns).help =
                Some("generated names (Rust variants, TypeScript handlers) change with it: keep the name, or treat this as a new major version".into());
        }
        if o.kind != n.kind {
            self.push(
                ChangeKind::KindChanged,
                Some(code),
                format!("`{code}` changed from {:?} to {:?}", o.kind, n.kind).to_lowercase(),
                os,
                ns,
            );
        }
        if o.http != n.http {
            let show = |h: Option<u16>| h.map_or("none".to_owned(), |h| h.to_string());
            self.push(
                ChangeKind::HttpChanged,
                Some(code),
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
                ChangeKind::GrpcChanged,
                Some(code),
                format!("`{code}`: gRPC code {} → {}", show(o.grpc), show(n.grpc)),
                os,
                ns,
            )
            .help = Some("clients switch on the gRPC code: keep it, or add a new code".into());
        }
        if o.retryable && !n.retryable {
            self.push(ChangeKind::RetryableOff, Some(code), format!("`{code}` is no longer retryable"), os, ns).help =
                Some("clients that retry it will now retry an error that cannot succeed: add a new code instead".into());
        } else if !o.retryable && n.retryable {
            self.push(
                ChangeKind::RetryableOn,
                Some(code),
                format!("`{code}` is now retryable"),
                os,
                ns,
            );
        }
        if o.stage != n.stage {
            let show = |s: Option<&str>| s.unwrap_or("none").to_owned();
            self.push(
                ChangeKind::StageChanged,
                Some(code),
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
        // Texts without their spans: only what they say counts.
        let texts = |list: &[crate::ir::LocalizedText]| {
            list.iter()
                .map(|t| (t.locale.clone(), t.text.clone()))
                .collect::<Vec<_>>()
        };
        let docs = |e: &Entry| {
            (
                texts(&e.description),
                texts(&e.causes),
                texts(&e.remedies),
                e.docs.clone(),
                e.meta.clone(),
            )
        };
        if docs(o) != docs(n) {
            self.push(
                ChangeKind::DocsChanged,
                Some(code),
                format!("`{code}`: description, causes, remedies, docs or meta changed"),
                os,
                ns,
            );
        }
        if o.deprecated != n.deprecated {
            let what = if n.deprecated.is_some() {
                "is now deprecated"
            } else {
                "is no longer deprecated"
            };
            self.push(
                ChangeKind::DeprecationChanged,
                Some(code),
                format!("`{code}` {what}"),
                os,
                ns,
            );
        }
    }

    fn params(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        let (os, ns) = (Some(o.spans.head), Some(n.spans.head));
        // Match params by position when positional, else by name.
        let key = |p: &Param| match p.index {
            Some(i) => format!("{{{i}}}"),
            None => p.name.original().to_owned(),
        };
        let old_params: BTreeMap<String, &Param> = o.params.iter().map(|p| (key(p), p)).collect();
        let new_params: BTreeMap<String, &Param> = n.params.iter().map(|p| (key(p), p)).collect();
        let mut removed: Vec<&Param> = Vec::new();
        let mut added: Vec<&Param> = Vec::new();
        for (k, p) in &old_params {
            match new_params.get(k) {
                None => removed.push(p),
                Some(q) => {
                    if p.index.is_some() && p.name.original() != q.name.original() {
                        self.push(
                            ChangeKind::ParamRenamed,
                            Some(code),
                            format!(
                                "`{code}`: param {k} renamed from `{}` to `{}`",
                                p.name.original(),
                                q.name.original()
                            ),
                            os,
                            ns,
                        );
                    }
                    if p.ty != q.ty {
                        self.push(
                            ChangeKind::ParamRetyped,
                            Some(code),
                            format!(
                                "`{code}`: param `{}` changed type from {} to {}",
                                q.name.original(),
                                p.ty,
                                q.ty
                            ),
                            Some(p.span),
                            Some(q.span),
                        )
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
        // One named param out and one of the same type in: a rename.
        if removed.len() == 1
            && added.len() == 1
            && removed[0].ty == added[0].ty
            && removed[0].index.is_none()
        {
            let (p, q) = (removed[0], added[0]);
            self.push(
                ChangeKind::ParamRenamed,
                Some(code),
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
                ChangeKind::ParamRemoved,
                Some(code),
                format!("`{code}`: param `{}` was removed", p.name.original()),
                Some(p.span),
                ns,
            )
            .help = Some("old clients still send or read it: keep it until they are gone".into());
        }
        for q in added {
            self.push(ChangeKind::ParamAdded, Some(code), format!("`{code}`: param `{}` was added", q.name.original()), os, Some(q.span)).help =
                Some("old clients cannot fill the new placeholder and show it raw: add a new code, or keep the message's placeholders as they were".into());
        }
    }

    fn messages(&mut self, o: &Entry, n: &Entry) {
        let code = &n.code;
        for m in &n.messages {
            match o.message(&m.locale) {
                Some(old) if old.text != m.text => {
                    self.push(
                        ChangeKind::MessageReworded,
                        Some(code),
                        format!("`{code}`: the `{}` message was reworded", m.locale),
                        Some(old.span),
                        Some(m.span),
                    );
                }
                Some(_) => {}
                None => {
                    self.push(
                        ChangeKind::MessageAdded,
                        Some(code),
                        format!("`{code}`: a `{}` message was added", m.locale),
                        Some(o.spans.head),
                        Some(m.span),
                    );
                }
            }
        }
        for m in o.messages.iter().filter(|m| n.message(&m.locale).is_none()) {
            self.push(
                ChangeKind::MessageRemoved,
                Some(code),
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
pub fn version_bump(old: &Catalog, new: &Catalog, changes: &[Change]) -> Option<Diagnostic> {
    let written = old.version.as_deref()?;
    let before = Version::parse(written)?;
    let breaking: Vec<&Change> = changes.iter().filter(|c| c.is_breaking()).collect();
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
/// against the newest of that name in `baseline`. A catalog the baseline
/// lacks is new and not compared; nothing but `version-bump` is reported
/// (the changes themselves are `errgen diff`'s).
pub fn against_baseline(current: &[&Catalog], baseline: &[Catalog]) -> Vec<Diagnostic> {
    let released = newest(baseline.iter());
    newest(current.iter().copied())
        .into_iter()
        .filter_map(|(name, new)| {
            let old = released.get(name)?;
            version_bump(old, new, &diff(old, new))
        })
        .collect()
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
fn named(entry: &Entry) -> String {
    if entry.name.original() == entry.code.to_string() {
        String::new()
    } else {
        format!(" (`{}`)", entry.name.original())
    }
}

/// Renders a change as one line of text with both locations.
pub fn human(change: &Change, sources: &SourceMap) -> String {
    let place = |span: Option<Span>| {
        span.map(|s| {
            let (file, line, column) = sources.location(s);
            format!("{file}:{line}:{column}")
        })
    };
    let tag = if change.is_breaking() {
        "breaking"
    } else {
        "safe"
    };
    let mut out = format!("{tag}[{}]: {}", change.kind.name(), change.message);
    match (place(change.old), place(change.new)) {
        (Some(o), Some(n)) => out.push_str(&format!("\n  --> {o} → {n}")),
        (Some(o), None) => out.push_str(&format!("\n  --> {o} (old)")),
        (None, Some(n)) => out.push_str(&format!("\n  --> {n} (new)")),
        (None, None) => {}
    }
    if let Some(help) = &change.help {
        out.push_str(&format!("\n  help: {help}"));
    }
    out
}

/// Renders a change as one line of JSON: `kind`, `breaking`, `code`,
/// `message`, `help`, and `old`/`new` locations (`file`, `line`, `column`).
/// (Feature `json`, which `cli` turns on.)
#[cfg(feature = "json")]
pub fn json(change: &Change, sources: &SourceMap) -> String {
    let place = |span: Option<Span>| {
        span.map(|s| {
            let (file, line, column) = sources.location(s);
            serde_json::json!({ "file": file, "line": line, "column": column })
        })
    };
    serde_json::json!({
        "kind": change.kind.name(),
        "breaking": change.is_breaking(),
        "code": change.code.as_ref().map(|c| c.to_string()),
        "message": change.message,
        "help": change.help,
        "old": place(change.old),
        "new": place(change.new),
    })
    .to_string()
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
        ReservedIndex {
            reserved,
            codes,
            numbers,
            ranges: RangeIndex::new(ranges),
        }
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

/// The smaller of two optional indices.
fn min_some(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
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
    }
}
