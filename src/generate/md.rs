//! The Markdown target: one page per catalog, `<catalog>.md`.
//!
//! # Page layout
//!
//! ```text
//! # Title                       catalog title (or name)
//! description per locale, facts (catalog name, version, locales, formats, …)
//! ## Envelope                   the wire shape, a JSON example built from the
//!                               first error entry, and its fields
//! ## Group title                per group, in source order, with its facts,
//!                               description and a table
//!                               | Code | Name | HTTP | Message |
//! ### CODE                      per entry of the group: facts, messages per
//!                               locale, params, description, causes,
//!                               remedies, upstream errors, meta
//! ### Subgroup title            a subgroup's section sits in its parent's,
//! #### CODE                     one level down
//! ## Other codes                entries in no group (`## Codes` when the
//!                               catalog has no groups)
//! ## Reserved codes             reserved codes and ranges
//! ```
//!
//! The group tables are the only tables on the page: one row per entry.
//!
//! # Escaping
//!
//! Catalog text goes through the text layer ([`super::text`]): escaped so
//! that it renders as written, controls and separators shown. Placeholders
//! of messages are code spans (`` `{name}` ``); names, stages, patterns and
//! other verbatim values are code spans too. Catalog text is never put in a
//! code span inside a table, except identifiers. The envelope example is a
//! fenced JSON block whose fence is longer than any backtick run in it; its
//! strings are JSON-escaped. A docs link becomes an autolink only if it is an
//! `http(s)` URL made of URL characters; anything else is escaped text.
//!
//! The page contains no HTML at all, not even generated anchors.
//!
//! # Anchors
//!
//! Every entry's section is a heading whose text is exactly its code, so its
//! anchor is the heading id that GitHub (and GitLab, Gitea, VS Code, …)
//! derives from the text: lowercase, keep letters, digits, `_`, `-`, turn
//! spaces into `-`, drop everything else; a repeated id gets `-1`, `-2`, … in
//! page order (the github-slugger rule). `OptVerse_10000004` is at
//! `#optverse_10000004`, `100101` at `#100101`. The table rows, replacement
//! links and group links point at these ids, computed with the same rule over
//! every heading of the page. The anchor of an entry depends on its code
//! alone, so links survive regeneration, unless two codes of the catalog
//! have the same id (they differ only in case or punctuation): then the
//! later one in page order gets the `-1` suffix. Headings that are not codes
//! (the title, groups, fixed sections) make way: if one would take an
//! entry's id, ` (group)`, ` (section)` or ` (catalog)` is added to its text.
//!
//! Raw `<a id>` tags would survive more renderers but are raw HTML, which
//! sanitizers strip and which the page promises not to contain; CommonMark
//! has no other anchor syntax (`{#id}` is an extension).

use super::text::{
    code_span, escape_block, escape_line, escape_line_at_start, longest_run, normalize_newlines,
    may_be_shown, push_code_span, push_escaped, push_shown, trim_markdown, Layout,
};
use super::{lines, push_decimal, write_text_file, Generator, Options, PlannedFile};
use crate::hash::{FastMap, FastSet};
use crate::ir::template::PlaceholderKey;
use crate::ir::names::is_identifier;
use crate::ir::{same_tag, EntryIndex};
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, EnvelopeMember, EnvelopeShape, FieldType,
    MemberKind, ProblemType, GrpcCode, LocalizedText, Message, MetaValue, ParamType, ReservedCode, Segment,
    Upstream,
};
use askama::Template;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::PathBuf;

/// The Markdown target.
pub(crate) static GENERATOR: Md = Md;

/// The Markdown target (see the module's documentation).
pub(crate) struct Md;

impl Generator for Md {
    fn summary(&self) -> &'static str {
        "Markdown: a reference page per catalog."
    }

    fn plan<'a>(&self, catalog: &'a Catalog, options: &Options) -> Vec<PlannedFile<'a>> {
        plan(catalog, options)
    }
}

/// The Markdown page of one catalog, `<name>.md`, rendered when written.
pub fn plan<'a>(catalog: &'a Catalog, _options: &Options) -> Vec<PlannedFile<'a>> {
    let path = PathBuf::from(format!("{}.md", catalog.name.snake()));
    vec![PlannedFile::new(path, move |out| {
        write_text_file(&Page::new(catalog), out)
    })]
}

// ---------------------------------------------------------------------------
// The outline: every heading in page order, so that ids are computed once.
// ---------------------------------------------------------------------------

/// One heading of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Title,
    Envelope,
    Group(usize),
    Entry(usize),
    Ungrouped,
    Reserved,
}

/// The entries of each group and the subgroups of each group, in catalog
/// order: built once, so that laying out the page is linear in the size of
/// the catalog (not groups × entries).
struct Members {
    /// The entries of group `g`, at `entries[g]`; entries in no group last.
    entries: Vec<Vec<usize>>,
    /// The subgroups of group `g`, at `subgroups[g]`.
    subgroups: Vec<Vec<usize>>,
}

impl Members {
    fn new(catalog: &Catalog) -> Members {
        let groups = catalog.groups.len();
        let mut entries = vec![Vec::new(); groups + 1];
        for (i, entry) in catalog.entries.iter().enumerate() {
            entries[entry.group.unwrap_or(groups)].push(i);
        }
        let mut subgroups = vec![Vec::new(); groups];
        for (s, sub) in catalog.groups.iter().enumerate() {
            if let Some(parent) = sub.parent {
                subgroups[parent].push(s);
            }
        }
        Members { entries, subgroups }
    }

    /// The entries of a group, or of no group.
    fn entries_of(&self, group: Option<usize>) -> &[usize] {
        &self.entries[group.unwrap_or(self.entries.len() - 1)]
    }
}

/// The parts of the page in order, with the heading level of each.
fn page_parts(catalog: &Catalog, members: &Members) -> Vec<(Part, usize)> {
    let mut parts = vec![(Part::Title, 1), (Part::Envelope, 2)];
    let entries_of = |group: Option<usize>| members.entries_of(group).iter().copied();
    let mut placed = vec![false; catalog.groups.len()];
    for (g, group) in catalog.groups.iter().enumerate() {
        if group.parent.is_some() {
            continue;
        }
        parts.push((Part::Group(g), 2));
        placed[g] = true;
        parts.extend(entries_of(Some(g)).map(|e| (Part::Entry(e), 3)));
        for &s in &members.subgroups[g] {
            parts.push((Part::Group(s), 3));
            placed[s] = true;
            parts.extend(entries_of(Some(s)).map(|e| (Part::Entry(e), 4)));
        }
    }
    // Subgroups whose parent is itself a subgroup cannot be written (one
    // level of nesting), but the IR does not forbid them: place them last.
    for g in (0..catalog.groups.len()).filter(|&g| !placed[g]) {
        parts.push((Part::Group(g), 2));
        parts.extend(entries_of(Some(g)).map(|e| (Part::Entry(e), 3)));
    }
    if !members.entries_of(None).is_empty() {
        parts.push((Part::Ungrouped, 2));
        parts.extend(entries_of(None).map(|e| (Part::Entry(e), 3)));
    }
    if !catalog.reserved.is_empty() {
        parts.push((Part::Reserved, 2));
    }
    parts
}

/// The heading texts and ids of a page.
struct Outline<'a> {
    /// The catalog, whose codes are the entries' heading texts.
    catalog: &'a Catalog,
    /// The entries' heading ids, one after another (one allocation rather
    /// than one per entry).
    entry_id_text: String,
    /// Where each entry's heading id is in `entry_id_text`, at
    /// `entry_ids[e]`; its text is its code.
    entry_ids: Vec<Range<usize>>,
    /// The headings of the other parts.
    others: HashMap<Part, Heading>,
}

/// One heading's escaped text and id.
struct Heading {
    /// The heading text, escaped as [`escape_line`] does.
    escaped: String,
    /// The id of the heading.
    id: String,
}

impl<'a> Outline<'a> {
    fn new(catalog: &'a Catalog, plan: &[(Part, usize)]) -> Outline<'a> {
        // Each entry's slug; becomes its id unless it is taken.
        let mut entry_id_text = String::with_capacity(catalog.entries.len() * 16);
        let mut entry_ids: Vec<Range<usize>> = Vec::with_capacity(catalog.entries.len());
        for entry in &catalog.entries {
            let start = entry_id_text.len();
            match &entry.code {
                // Digits and a sign: the slug is the number.
                Code::Int(n) => push_decimal(&mut entry_id_text, *n),
                Code::Str(code) => push_code_slug(&mut entry_id_text, code),
            }
            entry_ids.push(start..entry_id_text.len());
        }
        let ids = EntryIds {
            text: &entry_id_text,
            ranges: &entry_ids,
        };
        // Each entry's slug is reserved for it; with the table sized up
        // front, every entry costs one insert.
        let mut reserved = IdSet::with_capacity_and_hasher(entry_ids.len(), Default::default());
        let mut distinct = true;
        for range in &entry_ids {
            distinct &= reserved.insert(&entry_id_text[range.clone()]);
        }
        // When the entries' slugs are distinct, each entry keeps its own
        // unless another heading's id took it: then only those headings
        // need a pass (see `headings`).
        let fast = distinct
            .then(|| headings(catalog, plan, &reserved, None))
            .filter(|(others, _)| others.values().all(|h| !reserved.contains(h.id.as_str())));
        let (others, suffixed) =
            fast.unwrap_or_else(|| headings(catalog, plan, &reserved, Some(ids)));
        for (e, id) in suffixed {
            let start = entry_id_text.len();
            entry_id_text.push_str(&id);
            entry_ids[e] = start..entry_id_text.len();
        }
        Outline {
            catalog,
            entry_id_text,
            entry_ids,
            others,
        }
    }

    /// The id of a part's heading.
    fn id(&self, part: Part) -> &str {
        match part {
            Part::Entry(e) => &self.entry_id_text[self.entry_ids[e].clone()],
            _ => &self.others[&part].id,
        }
    }

    /// Writes the escaped heading text of a part onto `out`.
    fn push_heading(&self, out: &mut String, part: Part) {
        match part {
            Part::Entry(e) => match &self.catalog.entries[e].code {
                // Digits and a sign: nothing to escape.
                Code::Int(n) => push_decimal(out, *n),
                Code::Str(code) => {
                    let text = code_heading_text_str(code);
                    push_escaped(out, &text, Layout::Line, false, true);
                }
            },
            _ => out.push_str(&self.others[&part].escaped),
        }
    }

    /// The escaped heading text of a part.
    fn heading(&self, part: Part) -> String {
        let mut out = String::new();
        self.push_heading(&mut out, part);
        out
    }

    /// A link to a part: `[text](#id)`.
    fn link(&self, part: Part) -> String {
        let mut out = String::new();
        self.push_link(&mut out, part);
        out
    }

    /// Writes [`Outline::link`] onto `out`.
    fn push_link(&self, out: &mut String, part: Part) {
        out.push('[');
        self.push_heading(out, part);
        out.push_str("](#");
        out.push_str(self.id(part));
        out.push(')');
    }
}

/// The entries' slugs: entry `e`'s is `text[ranges[e]]`.
#[derive(Clone, Copy)]
struct EntryIds<'s> {
    text: &'s str,
    ranges: &'s [Range<usize>],
}

/// A set of ids.
type IdSet<'s> = FastSet<&'s str>;

/// Gives every heading of the page an id, in page order: the headings that
/// are not entries, which make way for the `reserved` entry slugs, and,
/// given their slugs, the entries. Returns the other parts' headings, and
/// each entry whose id is not its slug with its id.
///
/// Without the entries, the result for the other headings is the same as
/// with them if the entries' slugs are distinct and none of those headings
/// got an entry's slug (see [`Outline::new`]): an entry takes nothing but
/// its own slug then, which no other heading wants.
fn headings<'s>(
    catalog: &Catalog,
    plan: &[(Part, usize)],
    reserved: &IdSet<'_>,
    entries: Option<EntryIds<'s>>,
) -> (HashMap<Part, Heading>, Vec<(usize, String)>) {
    let mut others = HashMap::new();
    let mut suffixed = Vec::new();
    let mut slugger = Slugger::with_capacity(if entries.is_some() { plan.len() } else { 64 });
    // A heading that is not a code gives way to the codes.
    let free = |text: &str, suffix: &str| {
        let mut text = heading_text(text);
        while reserved.contains(github_slug(&text).as_str()) {
            text.push_str(suffix);
        }
        text
    };
    for &(part, _) in plan {
        let text = match part {
            Part::Title => free(catalog_title(catalog), " (catalog)"),
            Part::Envelope => free("Envelope", " (section)"),
            Part::Group(g) => free(group_title(catalog, g), " (group)"),
            Part::Entry(e) => {
                if let Some(ids) = entries {
                    let base = &ids.text[ids.ranges[e].clone()];
                    if let Cow::Owned(id) = slugger.slug_of(Cow::Borrowed(base)) {
                        suffixed.push((e, id));
                    }
                }
                continue;
            }
            Part::Ungrouped => free(
                if catalog.groups.is_empty() {
                    "Codes"
                } else {
                    "Other codes"
                },
                " (section)",
            ),
            Part::Reserved => free("Reserved codes", " (section)"),
        };
        let heading = Heading {
            id: slugger.slug(&text),
            escaped: escape_line(&text),
        };
        others.insert(part, heading);
    }
    (others, suffixed)
}

/// [`heading_text`] of a string code, borrowed when nothing changes.
fn code_heading_text_str(code: &str) -> Cow<'_, str> {
    let trimmed = trim_markdown(code);
    if trimmed.bytes().any(may_be_shown) {
        Cow::Owned(heading_text(trimmed))
    } else {
        Cow::Borrowed(trimmed)
    }
}

fn catalog_title(catalog: &Catalog) -> &str {
    catalog.title.as_deref().unwrap_or(catalog.name.original())
}

fn group_title(catalog: &Catalog, g: usize) -> &str {
    let group = &catalog.groups[g];
    group.title.as_deref().unwrap_or(group.name.original())
}

/// The text a heading shows for `text`: one line, as [`escape_line`] renders
/// it, without the spaces and tabs around it that Markdown strips.
fn heading_text(text: &str) -> String {
    let text = trim_markdown(text);
    if !text.bytes().any(may_be_shown) {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in normalize_newlines(text).chars() {
        match c {
            '\n' => out.push_str(" ⏎ "),
            c => {
                if !push_shown(&mut out, c) {
                    out.push(c);
                }
            }
        }
    }
    trim_markdown(&out).to_owned()
}

/// The id GitHub gives a heading with this text (before de-duplication).
fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    push_github_slug(&mut slug, text);
    slug
}

/// Writes [`github_slug`] of `text` onto `out`.
fn push_github_slug(out: &mut String, text: &str) {
    if text.is_ascii() {
        for b in text.bytes() {
            match b {
                b' ' => out.push('-'),
                b'-' | b'_' => out.push(char::from(b)),
                b if b.is_ascii_alphanumeric() => out.push(char::from(b.to_ascii_lowercase())),
                _ => {}
            }
        }
        return;
    }
    out.extend(text.to_lowercase().chars().filter_map(|c| match c {
        ' ' => Some('-'),
        '-' | '_' => Some(c),
        c if c.is_alphanumeric() => Some(c),
        _ => None,
    }));
}

/// Writes the slug of a string code's heading onto `out`: [`github_slug`]
/// of [`code_heading_text_str`], byte by byte for the common codes (ASCII
/// without spaces or control characters, so that the heading text is the
/// code).
fn push_code_slug(out: &mut String, code: &str) {
    if !code
        .bytes()
        .all(|b| SLUG_BYTE[usize::from(b)] != SLUG_COMPLEX)
    {
        push_github_slug(out, &code_heading_text_str(code));
        return;
    }
    out.extend(
        code.bytes()
            .map(|b| SLUG_BYTE[usize::from(b)])
            .filter(|&b| b != SLUG_DROPPED)
            .map(char::from),
    );
}

/// [`SLUG_BYTE`] of a byte that is not in slugs.
const SLUG_DROPPED: u8 = 0;
/// [`SLUG_BYTE`] of a byte that needs the general rule: a space, a control
/// character, or part of a non-ASCII character.
const SLUG_COMPLEX: u8 = 0xff;

/// What [`github_slug`] makes of each byte of ASCII text without spaces or
/// control characters: itself lowercased, or nothing.
const SLUG_BYTE: [u8; 256] = {
    let mut table = [SLUG_COMPLEX; 256];
    let mut b = 0x21;
    while b < 0x7f {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            byte.to_ascii_lowercase()
        } else {
            SLUG_DROPPED
        };
        b += 1;
    }
    table
};

/// Ids for the headings of one page, de-duplicated as GitHub does
/// (github-slugger): the second `x` is `x-1`, the third `x-2`, skipping ids
/// already taken.
#[derive(Default)]
struct Slugger<'s> {
    /// Every id taken so far; for a base slug, how many times it was
    /// suffixed.
    occurrences: FastMap<Cow<'s, str>, u32>,
}

impl<'s> Slugger<'s> {
    /// A slugger with room for `headings` ids.
    fn with_capacity(headings: usize) -> Slugger<'s> {
        Slugger {
            occurrences: HashMap::with_capacity_and_hasher(headings, Default::default()),
        }
    }

    /// The id for a heading with this text.
    fn slug(&mut self, text: &str) -> String {
        self.slug_of(Cow::Owned(github_slug(text))).into_owned()
    }

    /// The id for a heading whose slug (before de-duplication) is `base`:
    /// `base` itself (borrowed if it was) when it is free.
    fn slug_of(&mut self, base: Cow<'s, str>) -> Cow<'s, str> {
        if !self.occurrences.contains_key(&*base) {
            self.occurrences.insert(base.clone(), 0);
            return base;
        }
        let mut result = base.to_string();
        while self.occurrences.contains_key(result.as_str()) {
            let n = self
                .occurrences
                .get_mut(&*base)
                .expect("a suffixed slug's base is taken");
            *n += 1;
            result = format!("{base}-{n}");
        }
        self.occurrences.insert(Cow::Owned(result.clone()), 0);
        Cow::Owned(result)
    }
}

/// An `http(s)` URL as an autolink, or anything else as escaped text.
fn link_or_text(url: &str) -> String {
    let safe = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && url
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c));
    if safe {
        format!("<{url}>")
    } else {
        escape_line(url)
    }
}

/// Writes a message onto `out`: its literal text escaped, its
/// placeholders as code spans.
fn push_message(out: &mut String, message: &Message, layout: Layout) {
    let mut segments = message.segments().peekable();
    let mut line_start = false;
    while let Some(segment) = segments.next() {
        match segment {
            Segment::Text(t) => {
                let last = segments.peek().is_none();
                line_start = push_escaped(out, &t, layout, line_start, last);
            }
            Segment::Placeholder(p) => {
                push_placeholder(out, p.key);
                line_start = false;
            }
        }
    }
}

/// The catalog's locales, as an entry's messages are looked up in them:
/// by index when the entry's messages are in the catalog's locale order
/// (they are, but for a message missing at the end), instead of comparing
/// every message's locale with every locale.
struct Locales<'a> {
    /// The catalog's locales, default first.
    names: &'a [String],
    /// Whether they are distinct (a repeated one finds the first message).
    distinct: bool,
    /// The start of each one's list item, `\n- **en (default):** `.
    labels: Vec<String>,
}

impl<'a> Locales<'a> {
    fn new(catalog: &'a Catalog) -> Locales<'a> {
        let names = &catalog.locales[..];
        let distinct = names
            .iter()
            .enumerate()
            .all(|(i, l)| !names[..i].contains(l));
        let labels = names
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut label = String::from("\n- **");
                push_escaped(&mut label, l, Layout::Line, false, true);
                if i == 0 {
                    label.push_str(" (default)");
                }
                label.push_str(":** ");
                label
            })
            .collect();
        Locales {
            names,
            distinct,
            labels,
        }
    }

    /// Whether the entry's messages are in the first of the catalog's
    /// locales, one each and in order: then the message in locale `i` is
    /// `messages.get(i)`, and there is no message in another locale.
    fn aligned(&self, entry: &Entry) -> bool {
        self.distinct
            && entry.messages.len() <= self.names.len()
            && entry
                .messages
                .iter()
                .zip(self.names)
                .all(|(m, l)| same_tag(&m.locale, l))
    }

}

/// Writes a placeholder as a code span, `` `{name}` ``: as it is when its
/// name is an identifier (a placeholder's always is), else through the text
/// layer, which shows what a reader could not see.
fn push_placeholder(out: &mut String, key: PlaceholderKey) {
    match key {
        PlaceholderKey::Named(name) if is_identifier(name) => {
            out.push_str("`{");
            out.push_str(name);
            out.push_str("}`");
        }
        PlaceholderKey::Index(index) => {
            out.push_str("`{");
            push_decimal(out, index);
            out.push_str("}`");
        }
        key => push_code_span(out, &key.to_string()),
    }
}

// ---------------------------------------------------------------------------
// The view model.
// ---------------------------------------------------------------------------

/// The page of one catalog; every string is Markdown, escaped.
#[derive(Template)]
#[template(path = "md/catalog.md", escape = "none")]
struct Page<'a> {
    /// The `#` heading.
    title: String,
    /// Description paragraphs, one per locale.
    description: Vec<String>,
    /// Facts about the catalog, one list item each.
    facts: Vec<String>,
    /// The envelope section.
    envelope: EnvelopeView,
    /// The group sections (and the ungrouped entries), in page order.
    sections: Sections<'a>,
    /// The reserved codes section.
    reserved: Option<ReservedView>,
}

/// The group sections of a page, each made only when the template prints
/// it: the page never holds the view of every entry at once.
struct Sections<'a> {
    catalog: &'a Catalog,
    index: EntryIndex<'a>,
    members: Members,
    outline: Outline<'a>,
    locales: Locales<'a>,
    /// Each section's heading and entries, in page order.
    plans: Vec<SectionPlan>,
}

/// A section to print: a group, a subgroup or the ungrouped entries, with
/// its heading level, and its entries with theirs.
struct SectionPlan {
    part: Part,
    level: usize,
    entries: Vec<(usize, usize)>,
}

impl<'a> Sections<'a> {
    /// The view of one section; its entries are written when printed.
    fn view<'s>(&'s self, plan: &'s SectionPlan) -> SectionView<'s, 'a> {
        let mut section = match plan.part {
            Part::Group(g) => group_section(self, plan, g),
            _ => SectionView {
                hashes: "#".repeat(plan.level),
                heading: self.outline.heading(plan.part),
                facts: Vec::new(),
                description: Vec::new(),
                empty: None,
                sections: self,
                plan,
            },
        };
        // The sentence stands for the table of a section without entries.
        if !plan.entries.is_empty() {
            section.empty = None;
        }
        section
    }

    /// Writes an entry's table row, `\n| code | name | HTTP | message |`.
    fn write_row(&self, out: &mut String, e: usize) {
        let entry = &self.catalog.entries[e];
        out.push_str("\n| ");
        self.outline.push_link(out, Part::Entry(e));
        out.push_str(" | ");
        push_code_span(out, entry.name.snake());
        if entry.kind == EntryKind::Success {
            out.push_str(" (success)");
        }
        if entry.deprecated.is_some() {
            out.push_str(" (deprecated)");
        }
        out.push_str(" | ");
        match entry.http {
            Some(http) => push_decimal(out, http),
            None => out.push('—'),
        }
        out.push_str(" | ");
        let message_start = out.len();
        let default = self.catalog.default_locale();
        if let Some(message) = self.catalog.localized(&entry.messages, default) {
            push_message(out, message, Layout::Line);
        }
        if trim_markdown(&out[message_start..]).is_empty() {
            out.truncate(message_start);
            out.push('—');
        }
        out.push_str(" |");
    }

    /// Writes an entry's messages, one list item per catalog locale and per
    /// other locale it has, each as [`Entry::message`] finds it.
    fn write_messages(&self, out: &mut String, entry: &Entry) {
        let default_locales = &self.catalog.locales;
        let other_locales = entry
            .messages
            .iter()
            .enumerate()
            .filter(|&(i, m)| {
                !default_locales.iter().any(|l| **l == *m.locale)
                    && !entry.messages[..i].iter().any(|n| n.locale == m.locale)
            })
            .map(|(_, m)| &*m.locale);
        for (i, locale) in default_locales
            .iter()
            .map(String::as_str)
            .chain(other_locales)
            .enumerate()
        {
            out.push_str("\n- **");
            push_escaped(out, locale, Layout::Line, false, true);
            if i == 0 {
                out.push_str(" (default)");
            }
            out.push_str(":** ");
            match entry.message(locale) {
                Some(message) => push_message(out, message, Layout::Block(ITEM)),
                None => out.push_str("*(missing)*"),
            }
        }
    }

    /// Writes an entry's section: its heading, facts and labelled lists,
    /// each line after a line break.
    fn write_entry(&self, out: &mut String, e: usize, level: usize) {
        let catalog = self.catalog;
        let entry = &catalog.entries[e];
        out.push_str("\n\n");
        for _ in 0..level {
            out.push('#');
        }
        out.push(' ');
        self.outline.push_heading(out, Part::Entry(e));
        out.push('\n');

        push_fact(out, "Name");
        push_code_span(out, entry.name.snake());
        if entry.kind == EntryKind::Success {
            push_fact(out, "Kind");
            out.push_str("success");
        }
        if let Some(http) = entry.http {
            push_fact(out, "HTTP status");
            push_decimal(out, http);
        }
        if let Some(code) = entry.grpc {
            push_fact(out, "gRPC status");
            push_grpc(out, code);
        }
        if entry.kind == EntryKind::Error {
            push_fact(out, "Retryable");
            out.push_str(yes_no(entry.retryable));
        }
        if let Some(stage) = &entry.stage {
            push_fact(out, "Stage");
            push_code_span(out, stage);
        }
        if let Some(deprecation) = &entry.deprecated {
            push_fact(out, "Deprecated");
            match &deprecation.reason {
                Some(reason) => {
                    push_escaped(out, reason, Layout::Block(ITEM), false, true);
                }
                None => out.push_str("yes"),
            }
            if let Some(by) = &deprecation.replaced_by {
                push_fact(out, "Replaced by");
                match self.index.named_or_snake(by) {
                    Some(t) => self.outline.push_link(out, Part::Entry(t)),
                    None => push_code_span(out, by),
                }
            }
        }
        if let Some(docs) = &entry.docs {
            push_fact(out, "Docs");
            out.push_str(&link_or_text(docs));
        }

        out.push_str("\n\n**Messages**\n");
        if self.locales.aligned(entry) {
            for (i, label) in self.locales.labels.iter().enumerate() {
                out.push_str(label);
                match entry.messages.get(i) {
                    Some(message) => push_message(out, message, Layout::Block(ITEM)),
                    None => out.push_str("*(missing)*"),
                }
            }
        } else {
            self.write_messages(out, entry);
        }
        if !entry.params.is_empty() {
            out.push_str(if entry.params_declared {
                "\n\n**Params**\n"
            } else {
                "\n\n**Params (inferred from the messages)**\n"
            });
            for p in &entry.params {
                out.push_str("\n- ");
                push_code_span(out, p.name.original());
                if let Some(index) = p.index {
                    out.push_str(" (`{");
                    push_decimal(out, index);
                    out.push_str("}`)");
                }
                out.push_str(": ");
                out.push_str(p.ty.as_str());
            }
        }
        for (label, texts) in [
            ("Description", &entry.description[..]),
            ("Causes", &entry.causes[..]),
            ("Remedies", &entry.remedies[..]),
        ] {
            if !texts.is_empty() {
                out.push_str("\n\n**");
                out.push_str(label);
                out.push_str("**\n");
                for t in texts {
                    out.push_str("\n- **");
                    push_escaped(out, &t.locale, Layout::Line, false, true);
                    out.push_str(":** ");
                    push_escaped(out, &t.text, Layout::Block(ITEM), false, true);
                }
            }
        }
        if !entry.upstreams.is_empty() {
            out.push_str("\n\n**Upstream errors that map to it**\n");
            for upstream in &entry.upstreams {
                out.push_str("\n- ");
                out.push_str(&upstream_item(upstream));
            }
        }
        if !entry.meta.is_empty() {
            out.push_str("\n\n**Meta**\n");
            for (key, value) in &entry.meta {
                out.push_str("\n- ");
                push_code_span(out, key);
                out.push_str(": ");
                out.push_str(&meta_value(value, ITEM));
            }
        }
    }
}

/// The envelope section.
struct EnvelopeView {
    heading: String,
    /// What the shape is.
    intro: String,
    /// The sentence before the example.
    example_intro: String,
    /// The code fence (backticks).
    fence: String,
    /// The JSON example.
    json: String,
    /// The fields, one list item each.
    fields: Vec<String>,
}

/// A group, a subgroup, or the ungrouped entries.
struct SectionView<'s, 'a> {
    /// `##` or `###`.
    hashes: String,
    heading: String,
    facts: Vec<String>,
    description: Vec<String>,
    /// A sentence instead of a table when the section has no entries.
    empty: Option<String>,
    /// The page's sections, which write the entries.
    sections: &'s Sections<'a>,
    /// This section's plan: its part, level and entries.
    plan: &'s SectionPlan,
}

impl<'s, 'a> SectionView<'s, 'a> {
    /// Whether the section has entries (and so a table).
    fn has_entries(&self) -> bool {
        !self.plan.entries.is_empty()
    }

    /// The table rows, one per entry, each after a line break.
    fn rows(&self) -> impl fmt::Display + use<'s, 'a> {
        let (sections, plan) = (self.sections, self.plan);
        lines(move |out| {
            for &(e, _) in &plan.entries {
                sections.write_row(out.text(), e);
                out.end_item()?;
            }
            Ok(())
        })
    }

    /// The entries' sections.
    fn entries(&self) -> impl fmt::Display + use<'s, 'a> {
        let (sections, plan) = (self.sections, self.plan);
        lines(move |out| {
            for &(e, level) in &plan.entries {
                sections.write_entry(out.text(), e, level);
                out.end_item()?;
            }
            Ok(())
        })
    }
}

/// The reserved codes section.
struct ReservedView {
    heading: String,
    items: Vec<String>,
}

/// Writes the start of a fact list item: `\n- **label:** `.
fn push_fact(out: &mut String, label: &str) {
    out.push_str("\n- **");
    out.push_str(label);
    out.push_str(":** ");
}

/// Writes [`grpc`] of a status onto `out`.
fn push_grpc(out: &mut String, code: GrpcCode) {
    push_code_span(out, code.name());
    out.push_str(" (");
    push_decimal(out, code.number());
    out.push(')');
}

/// The indentation of a list item's continuation lines (`- ` is 2 wide).
const ITEM: &str = "  ";

fn fact(label: &str, value: impl AsRef<str>) -> String {
    format!("**{label}:** {}", value.as_ref())
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn grpc(code: GrpcCode) -> String {
    format!("{} ({})", code_span(code.name()), code.number())
}

/// `**en:** text` for each text, continuation lines indented by `indent`.
fn per_locale(texts: &[LocalizedText], indent: &str) -> Vec<String> {
    texts
        .iter()
        .map(|t| {
            format!(
                "**{}:** {}",
                escape_line(&t.locale),
                escape_block(&t.text, indent)
            )
        })
        .collect()
}

impl<'a> Page<'a> {
    fn new(catalog: &'a Catalog) -> Page<'a> {
        let members = Members::new(catalog);
        let parts = page_parts(catalog, &members);
        let outline = Outline::new(catalog, &parts);
        let mut plans: Vec<SectionPlan> = Vec::new();
        let mut reserved = None;
        for &(part, level) in &parts {
            match part {
                Part::Title | Part::Envelope => {}
                Part::Group(_) | Part::Ungrouped => plans.push(SectionPlan {
                    part,
                    level,
                    entries: Vec::new(),
                }),
                Part::Entry(e) => plans
                    .last_mut()
                    .expect("an entry follows its section's heading")
                    .entries
                    .push((e, level)),
                Part::Reserved => {
                    reserved = Some(ReservedView {
                        heading: outline.heading(part),
                        items: reserved_items(catalog, &outline),
                    })
                }
            }
        }
        Page {
            title: outline.heading(Part::Title),
            description: per_locale(&catalog.description, ""),
            facts: catalog_facts(catalog),
            envelope: envelope_view(catalog, &outline),
            sections: Sections {
                catalog,
                index: EntryIndex::new(&catalog.entries),
                members,
                outline,
                locales: Locales::new(catalog),
                plans,
            },
            reserved,
        }
    }
}

fn catalog_facts(catalog: &Catalog) -> Vec<String> {
    let mut facts = vec![fact("Catalog", code_span(catalog.name.original()))];
    if let Some(version) = &catalog.version {
        facts.push(fact("Version", escape_line(version)));
    }
    let locales: Vec<String> = catalog
        .locales
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = escape_line(l);
            if i == 0 {
                format!("{l} (default)")
            } else {
                l
            }
        })
        .collect();
    facts.push(fact("Locales", locales.join(", ")));
    if !catalog.formats.is_empty() {
        let formats: Vec<String> = catalog
            .formats
            .iter()
            .map(|f| code_span(&f.pattern))
            .collect();
        facts.push(fact("Code formats", formats.join(", ")));
    }
    if !catalog.stages.is_empty() {
        let stages: Vec<String> = catalog.stages.iter().map(|s| code_span(s)).collect();
        facts.push(fact("Stages", stages.join(", ")));
    }
    if let Some(docs) = &catalog.docs {
        facts.push(fact("Docs", link_or_text(docs)));
    }
    let errors = catalog
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::Error)
        .count();
    let successes = catalog.entries.len() - errors;
    let mut count = format!("{errors} error{}", if errors == 1 { "" } else { "s" });
    if successes > 0 {
        let _ = write!(
            count,
            ", {successes} success{}",
            if successes == 1 { "" } else { "es" }
        );
    }
    facts.push(fact("Codes", count));
    facts
}

/// The head of a group's section (its heading, facts, description and the
/// sentence shown when it has no entries).
fn group_section<'s, 'a>(
    sections: &'s Sections<'a>,
    plan: &'s SectionPlan,
    g: usize,
) -> SectionView<'s, 'a> {
    let catalog = sections.catalog;
    let outline = &sections.outline;
    let group = &catalog.groups[g];
    let mut facts = vec![fact("Group", code_span(group.name.original()))];
    if let Some(parent) = group.parent {
        facts.push(fact("Part of", outline.link(Part::Group(parent))));
    }
    if let Some((from, to)) = group.range {
        let what = match catalog.code_kind {
            CodeKind::Integer => "Codes",
            CodeKind::String => "Code numbers",
        };
        facts.push(fact(what, format!("{from} to {to}")));
    }
    if let Some(prefix) = &group.prefix {
        facts.push(fact("Prefix", code_span(prefix)));
    }
    let subgroups: Vec<String> = sections.members.subgroups[g]
        .iter()
        .map(|&s| outline.link(Part::Group(s)))
        .collect();
    let has_subgroups = !subgroups.is_empty();
    if has_subgroups {
        facts.push(fact("Subgroups", subgroups.join(", ")));
    }
    SectionView {
        hashes: "#".repeat(plan.level),
        heading: outline.heading(Part::Group(g)),
        facts,
        description: per_locale(&group.description, ""),
        empty: Some(if has_subgroups {
            "Its codes are in its subgroups.".to_owned()
        } else {
            "No codes yet.".to_owned()
        }),
        sections,
        plan,
    }
}

fn meta_value(value: &MetaValue, indent: &str) -> String {
    match value {
        MetaValue::Str(s) => escape_block(s, indent),
        MetaValue::Bool(b) => b.to_string(),
        MetaValue::Int(n) => n.to_string(),
    }
}

/// A list item for an upstream mapping, with a nested list of conditions.
fn upstream_item(upstream: &Upstream) -> String {
    let mut item = match &upstream.source {
        Some(source) => format!("From {}:", code_span(source)),
        None => "From any system:".to_owned(),
    };
    let mut line = |text: String| {
        item.push('\n');
        item.push_str(ITEM);
        item.push_str("- ");
        item.push_str(&text);
    };
    if let Some(http) = upstream.http {
        line(fact("HTTP status", http.to_string()));
    }
    if let Some(code) = upstream.grpc {
        line(fact("gRPC status", grpc(code)));
    }
    if let Some(pattern) = &upstream.pattern {
        line(fact("Message matches", code_span(pattern)));
    }
    if !upstream.captures.is_empty() {
        let captures: Vec<String> = upstream.captures.iter().map(|c| code_span(c)).collect();
        line(fact("Fills params", captures.join(", ")));
    }
    if let Some(contains) = &upstream.contains {
        line(fact("Message contains", code_span(contains)));
    }
    item
}

fn reserved_items(catalog: &Catalog, outline: &Outline<'_>) -> Vec<String> {
    catalog
        .reserved
        .iter()
        .map(|r| {
            let mut item = match &r.code {
                ReservedCode::Code(code) => escape_line_at_start(&code.to_string()),
                ReservedCode::Range { from, to } => match catalog.code_kind {
                    CodeKind::Integer => format!("{from} to {to}"),
                    CodeKind::String => format!("code numbers {from} to {to}"),
                },
            };
            if let Some(reason) = &r.reason {
                let _ = write!(item, " — {}", escape_block(reason, ITEM));
            }
            if let Some(g) = r.group {
                let _ = write!(item, " (in {})", outline.link(Part::Group(g)));
            }
            item
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The envelope example.
// ---------------------------------------------------------------------------

/// A JSON value for the example: a scalar, or an object with ordered keys.
enum Json {
    Scalar(serde_json::Value),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn string(s: impl Into<String>) -> Json {
        Json::Scalar(serde_json::Value::String(s.into()))
    }

    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Scalar(v) => out.push_str(&v.to_string()),
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Object(members) => {
                out.push_str("{\n");
                for (i, (key, value)) in members.iter().enumerate() {
                    out.push_str(&"  ".repeat(indent + 1));
                    out.push_str(&serde_json::Value::String(key.clone()).to_string());
                    out.push_str(": ");
                    value.write(out, indent + 1);
                    if i + 1 < members.len() {
                        out.push(',');
                    }
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(indent));
                out.push('}');
            }
        }
    }
}

/// The sample value a param of this type gets in the example.
fn sample(ty: ParamType, name: &str) -> Json {
    match ty {
        ParamType::String => Json::string(format!("<{name}>")),
        ParamType::Int => Json::Scalar(42.into()),
        ParamType::Float => Json::Scalar(serde_json::json!(1.5)),
        ParamType::Bool => Json::Scalar(true.into()),
    }
}

/// The sample value of an envelope field of this type.
fn field_sample(ty: FieldType, wire: &str) -> Json {
    match ty {
        FieldType::String => Json::string(format!("<{wire}>")),
        FieldType::Int => Json::Scalar(0.into()),
        FieldType::Float => Json::Scalar(serde_json::json!(0.0)),
        FieldType::Bool => Json::Scalar(false.into()),
        FieldType::Object => Json::Object(Vec::new()),
        FieldType::Array => Json::Scalar(serde_json::json!([])),
    }
}

/// An entry's default message with its params filled with samples.
fn filled_message(catalog: &Catalog, entry: &Entry) -> String {
    let Some(message) = catalog.localized(&entry.messages, catalog.default_locale()) else {
        return String::new();
    };
    let mut out = String::new();
    for segment in message.segments() {
        match segment {
            Segment::Text(t) => out.push_str(&t),
            Segment::Placeholder(p) => match p.param.and_then(|i| entry.params.get(i)) {
                Some(param) => match sample(param.ty, param.name.original()) {
                    Json::Scalar(serde_json::Value::String(s)) => out.push_str(&s),
                    Json::Scalar(v) => out.push_str(&v.to_string()),
                    Json::Object(_) => {}
                },
                None => out.push_str(&p.key.to_string()),
            },
        }
    }
    out
}

fn code_value(catalog: &Catalog, field: &EnvelopeMember, code: &Code) -> Json {
    match (code, field.ty) {
        (Code::Int(n), FieldType::Int) => Json::Scalar((*n).into()),
        _ if catalog.code_kind == CodeKind::Integer && field.ty == FieldType::Int => {
            Json::Scalar(code.number().unwrap_or(0).into())
        }
        _ => Json::string(code.to_string()),
    }
}

fn envelope_view(catalog: &Catalog, outline: &Outline<'_>) -> EnvelopeView {
    let envelope = &catalog.envelope;
    let shape = envelope.shape;
    let example = catalog
        .entries
        .iter()
        .position(|e| e.kind == EntryKind::Error)
        .or_else(|| (!catalog.entries.is_empty()).then_some(0));
    let entry = example.map(|e| &catalog.entries[e]);
    let code = match entry {
        Some(e) => e.code.clone(),
        None => Code::Str(
            catalog
                .formats
                .first()
                .map_or_else(|| "CODE".to_owned(), |f| f.example()),
        ),
    };
    let message = entry.map_or_else(String::new, |e| filled_message(catalog, e));

    let mut members = Vec::new();
    let mut fields = Vec::new();
    // Each member kind's example value and description, in one place.
    for field in &envelope.members {
        let placeholder = || field_sample(field.ty, &field.wire);
        let (value, what) = match field.kind {
            MemberKind::Code => (
                code_value(catalog, field, &code),
                "the code from this catalog".to_owned(),
            ),
            MemberKind::Message | MemberKind::Title => (
                Json::string(message.clone()),
                "the message in the default locale, with its params filled in".to_owned(),
            ),
            MemberKind::OuterCode => (
                placeholder(),
                "the outer code (of the call that failed)".to_owned(),
            ),
            MemberKind::OuterMessage => (placeholder(), "the outer message".to_owned()),
            MemberKind::Detail => (
                placeholder(),
                "free-form details of this occurrence".to_owned(),
            ),
            MemberKind::Stage => (
                entry
                    .and_then(|e| e.stage.as_deref())
                    .map_or_else(placeholder, Json::string),
                "the stage the error occurred in".to_owned(),
            ),
            MemberKind::Params => (
                Json::Object(
                    entry
                        .map(|e| {
                            e.params
                                .iter()
                                .map(|p| {
                                    (
                                        p.name.original().to_owned(),
                                        sample(p.ty, p.name.original()),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                ),
                "the params of the message, by name".to_owned(),
            ),
            MemberKind::Const => {
                let value = match &field.value {
                    Some(MetaValue::Str(s)) => Json::string(s.clone()),
                    Some(MetaValue::Bool(b)) => Json::Scalar((*b).into()),
                    Some(MetaValue::Int(n)) => Json::Scalar((*n).into()),
                    None => placeholder(),
                };
                let mut shown = String::new();
                value.write(&mut shown, 0);
                let what = format!("always {}", code_span(&shown));
                (value, what)
            }
            MemberKind::ProblemType => {
                let problem_type = envelope.problem_type().unwrap_or(ProblemType::Blank);
                let what = match problem_type {
                    ProblemType::Prefixed(base) => {
                        format!("{} followed by the code", code_span(base))
                    }
                    ProblemType::Blank => code_span(ProblemType::BLANK),
                };
                (Json::string(problem_type.of(&code)), what)
            }
            MemberKind::HttpStatus => (
                Json::Scalar(entry.and_then(|e| e.http).unwrap_or(500).into()),
                "the HTTP status".to_owned(),
            ),
            MemberKind::Instance => (placeholder(), "a URI for this occurrence".to_owned()),
            MemberKind::Field => (placeholder(), "a field of the service's own".to_owned()),
        };
        let ty = match field.ty {
            FieldType::String => "string",
            FieldType::Int => "integer",
            FieldType::Float => "number",
            FieldType::Bool => "boolean",
            FieldType::Object => "object",
            FieldType::Array => "array",
        };
        let optional = if field.optional { ", optional" } else { "" };
        fields.push(format!(
            "{} ({ty}{optional}): {what}",
            code_span(&field.wire)
        ));
        members.push((field.wire.clone(), value));
    }
    let mut json = String::new();
    Json::Object(members).write(&mut json, 0);

    let intro = match shape {
        EnvelopeShape::Flat => "An error response is one JSON object.".to_owned(),
        EnvelopeShape::TwoLevel => format!(
            "An error response is one JSON object with two levels: the outer code and message describe the call that failed, the inner {} carries the code from this catalog.",
            code_span(envelope.wire(MemberKind::Code).unwrap_or("sub_code"))
        ),
        EnvelopeShape::Problem => format!(
            "An error response is an RFC 9457 problem details object ({}).",
            code_span("application/problem+json")
        ),
    };
    let example_intro = match example {
        Some(e) => {
            let http = match catalog.entries[e].http {
                Some(status) => format!(" (HTTP {status})"),
                None => String::new(),
            };
            format!("For example, {}{http}:", outline.link(Part::Entry(e)))
        }
        None => "For example:".to_owned(),
    };
    EnvelopeView {
        heading: outline.heading(Part::Envelope),
        intro,
        example_intro,
        fence: "`".repeat((longest_run(&json, '`') + 1).max(3)),
        json,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(github_slug("OptVerse_10000004"), "optverse_10000004");
        assert_eq!(github_slug("Keywords as names"), "keywords-as-names");
        assert_eq!(github_slug("JOB_MANAGER.12050009"), "job_manager12050009");
        assert_eq!(
            github_slug("Hostile \"strings\" */ </script>"),
            "hostile-strings--script"
        );
        let mut s = Slugger::default();
        assert_eq!(s.slug("a"), "a");
        assert_eq!(s.slug("A"), "a-1");
        assert_eq!(s.slug("a-1"), "a-1-1");
        assert_eq!(s.slug("a"), "a-2");
    }

    #[test]
    fn code_slugs_match_the_general_rule() {
        for code in [
            "BENCH_10000000",
            "JOB_MANAGER.12050009",
            "a-b_c!?",
            " padded ",
            "tab\there",
            "Ünïcode_X",
            "",
        ] {
            let mut fast = String::new();
            push_code_slug(&mut fast, code);
            assert_eq!(fast, github_slug(&code_heading_text_str(code)), "{code:?}");
        }
        let mut n = String::new();
        for i in [0u64, 7, 10, 1234567890, u64::MAX] {
            push_decimal(&mut n, i);
            n.push(' ');
        }
        assert_eq!(n, format!("0 7 10 1234567890 {} ", u64::MAX));
    }

    #[test]
    fn links_only_plain_urls() {
        assert_eq!(
            link_or_text("https://x.example/a?b=c#d"),
            "<https://x.example/a?b=c#d>"
        );
        assert_eq!(
            link_or_text("https://x.example/a b"),
            "https://x.example/a b"
        );
        assert_eq!(link_or_text("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link_or_text("https://x/<script>"), "https://x/\\<script\\>");
    }
}
