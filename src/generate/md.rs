//! The Markdown target: one page per catalog, `<catalog>.md`.
//!
//! # Page layout
//!
//! ```text
//! # Title                       catalog title (or name)
//! description per locale, facts (catalog name, version, locales, formats, …)
//! ## Envelope                   the wire shape, a JSON example built from the
//!                               first error entry, and its fields
//! ## Upstream systems           the systems whose errors map to codes: how
//!                               each one's errors arrive, and what maps from it
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
//! # Templates
//!
//! The page is printed by `templates/md/`: `catalog.md` (the title, facts
//! and reserved codes) includes `envelope.md`, and `section.md` for each
//! section, which includes `table.md` and `entry.md` for each entry. The
//! loops over groups, rows and entries are in the templates; Rust computes
//! only what is page-wide (the heading ids, the envelope example).
//!
//! # Escaping
//!
//! Catalog text reaches the templates as written; they print it through
//! the filters of `filters` (`md`, `block`, `code`, `message`, `cell`,
//! `url`, `heading`, `link`), which write it straight into the output,
//! escaped by the text layer (`super::text`) so that it renders as
//! written, controls and separators shown. Placeholders
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
//! An entry's aliases are listed among its facts, each a link to a heading
//! of its own at the end of the entry's section, one level down, whose text
//! is the alias: its id is the one the code's section had when the code was
//! the entry's own (ids are slugged in page order like every heading), so
//! links to the published code land beside the entry.
//!
//! Raw `<a id>` tags would survive more renderers but are raw HTML, which
//! sanitizers strip and which the page promises not to contain; CommonMark
//! has no other anchor syntax (`{#id}` is an extension).

use super::json::to_json_pretty;
use super::text::{
    code_span, escape_line, longest_run, may_be_shown, normalize_newlines, push_shown,
    trim_markdown, write_code_span, write_escaped, Layout,
};
use super::{push_decimal, template_in_parts, Generator, Options, PlannedFile};
use crate::hash::{FastMap, FastSet};
use crate::ir::names::is_identifier;
use crate::ir::same_tag;
use crate::ir::template::PlaceholderKey;
use crate::ir::{
    Catalog, Code, CodeKind, Entry, EntryKind, Envelope, EnvelopeMember, EnvelopeShape, Group,
    MemberKind, Message, MetaValue, ParamType, ProblemType, ReservedCode, Segment, UpstreamSource,
};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
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

    /// The page has no header comment: the line of the catalog's name
    /// after its title and descriptions.
    fn mark(&self) -> &'static str {
        "\n- **Catalog:** `"
    }
}

/// The Markdown page of one catalog, `<name>.md`, rendered when written.
pub fn plan<'a>(catalog: &'a Catalog, _options: &Options) -> Vec<PlannedFile<'a>> {
    let path = PathBuf::from(format!("{}.md", catalog.name.snake()));
    // In two parts, each with about half the entries ([`Page::part`]):
    // another file can be written on a core between them (as the Rust
    // file is).
    vec![template_in_parts(
        path,
        2,
        move || Page::new(catalog),
        |page, part| page.part = part,
    )]
}

// ---------------------------------------------------------------------------
// The outline: every heading in page order, so that ids are computed once.
// ---------------------------------------------------------------------------

/// One heading of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Title,
    Envelope,
    Upstreams,
    Group(usize),
    Entry(usize),
    /// Entry `.0`'s alias `.1`: a heading under the entry whose text is the
    /// alias, so that links to the code's old section land here.
    Alias(usize, usize),
    Ungrouped,
    Reserved,
}

impl Part {
    /// Entry `e`'s heading (`Part::entry(e)` in the templates).
    fn entry(e: impl Value<usize>) -> Part {
        Part::Entry(e.value())
    }

    /// The heading of entry `e`'s alias `a` (`Part::alias(e, a)`).
    fn alias(e: impl Value<usize>, a: impl Value<usize>) -> Part {
        Part::Alias(e.value(), a.value())
    }

    /// Group `g`'s heading.
    fn group(g: impl Value<usize>) -> Part {
        Part::Group(g.value())
    }
}

/// A number or a part as a template hands it over: by value, or behind the
/// references that askama's loops, `let`s and `if let`s add.
trait Value<T> {
    fn value(&self) -> T;
}

macro_rules! impl_value {
    ($($t:ty),*) => {$(
        impl Value<$t> for $t {
            fn value(&self) -> $t {
                *self
            }
        }

        impl<R: Value<$t> + ?Sized> Value<$t> for &R {
            fn value(&self) -> $t {
                (**self).value()
            }
        }
    )*};
}

impl_value!(usize, u32, Part);

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
    if !catalog.upstream_systems.is_empty() {
        parts.push((Part::Upstreams, 2));
    }
    // An entry at `level`, then the headings of its aliases one below.
    let entry_parts = |e: usize, level: usize| {
        let aliases =
            (0..catalog.entries[e].aliases.len()).map(move |a| (Part::Alias(e, a), level + 1));
        std::iter::once((Part::Entry(e), level)).chain(aliases)
    };
    let entries_of = |group: Option<usize>, level: usize| {
        members
            .entries_of(group)
            .iter()
            .flat_map(move |&e| entry_parts(e, level))
    };
    let mut placed = vec![false; catalog.groups.len()];
    for (g, group) in catalog.groups.iter().enumerate() {
        if group.parent.is_some() {
            continue;
        }
        parts.push((Part::Group(g), 2));
        placed[g] = true;
        parts.extend(entries_of(Some(g), 3));
        for &s in &members.subgroups[g] {
            parts.push((Part::Group(s), 3));
            placed[s] = true;
            parts.extend(entries_of(Some(s), 4));
        }
    }
    // Subgroups whose parent is itself a subgroup cannot be written (one
    // level of nesting), but the IR does not forbid them: place them last.
    for g in (0..catalog.groups.len()).filter(|&g| !placed[g]) {
        parts.push((Part::Group(g), 2));
        parts.extend(entries_of(Some(g), 3));
    }
    if !members.entries_of(None).is_empty() {
        parts.push((Part::Ungrouped, 2));
        parts.extend(entries_of(None, 3));
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
    fn write_heading<W: fmt::Write + ?Sized>(&self, out: &mut W, part: Part) -> fmt::Result {
        match part {
            Part::Entry(e) => match &self.catalog.entries[e].code {
                // Digits and a sign: nothing to escape.
                Code::Int(n) => write!(out, "{n}"),
                Code::Str(code) => {
                    let text = code_heading_text_str(code);
                    write_escaped(out, &text, Layout::Line, false, true).map(|_| ())
                }
            },
            _ => out.write_str(&self.others[&part].escaped),
        }
    }

    /// Writes a link to a part, `[text](#id)`, onto `out`.
    fn write_link<W: fmt::Write + ?Sized>(&self, out: &mut W, part: Part) -> fmt::Result {
        out.write_char('[')?;
        self.write_heading(out, part)?;
        out.write_str("](#")?;
        out.write_str(self.id(part))?;
        out.write_char(')')
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
            Part::Upstreams => free("Upstream systems", " (section)"),
            Part::Group(g) => free(group_title(catalog, g), " (group)"),
            Part::Alias(e, a) => {
                // A code, as an entry's heading is, slugged in page order
                // (it may take `-1` from an earlier heading of the same
                // slug, as the code's own section did).
                let text = match &catalog.entries[e].aliases[a].code {
                    Code::Int(n) => n.to_string(),
                    Code::Str(code) => code_heading_text_str(code).into_owned(),
                };
                let heading = Heading {
                    id: slugger.slug(&text),
                    escaped: escape_line(&text),
                };
                others.insert(part, heading);
                continue;
            }
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

/// Writes a docs link: an `http(s)` URL made of URL characters as an
/// autolink, whole; anything else as escaped text (where, as in any text,
/// a web address it holds is an autolink up to where it ends).
fn write_link_or_text<W: fmt::Write + ?Sized>(out: &mut W, url: &str) -> fmt::Result {
    let safe = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "https://".len()
        && url
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c));
    if safe {
        out.write_char('<')?;
        out.write_str(url)?;
        out.write_char('>')
    } else {
        write_escaped(out, url, Layout::Line, false, true).map(|_| ())
    }
}

/// Writes a message onto `out`: its literal text escaped, its
/// placeholders as code spans.
fn write_message<W: fmt::Write + ?Sized>(
    out: &mut W,
    message: &Message,
    layout: Layout,
) -> fmt::Result {
    let mut segments = message.segments().peekable();
    let mut line_start = false;
    while let Some(segment) = segments.next() {
        match segment {
            Segment::Text(t) => {
                let last = segments.peek().is_none();
                line_start = write_escaped(out, &t, layout, line_start, last)?;
            }
            Segment::Placeholder(p) => {
                write_placeholder(out, p.key)?;
                line_start = false;
            }
        }
    }
    Ok(())
}

/// Whether a message shows nothing on one line: no placeholder, and no
/// text but the spaces and tabs Markdown strips (everything else escapes to
/// something visible).
fn is_blank(message: &Message) -> bool {
    message.segments().all(|segment| match segment {
        Segment::Text(t) => trim_markdown(&t).is_empty(),
        Segment::Placeholder(_) => false,
    })
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
}

impl<'a> Locales<'a> {
    fn new(catalog: &'a Catalog) -> Locales<'a> {
        let names = &catalog.locales[..];
        let distinct = names
            .iter()
            .enumerate()
            .all(|(i, l)| !names[..i].contains(l));
        Locales { names, distinct }
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

    /// An entry's messages, one per catalog locale and per other locale it
    /// has, each as [`Entry::message`] finds it (`None`: missing).
    fn of<'e>(&'e self, entry: &'e Entry) -> impl Iterator<Item = (&'e str, Option<&'e Message>)> {
        let aligned = self.aligned(entry);
        let other_locales = entry
            .messages
            .iter()
            .enumerate()
            .filter(move |&(i, m)| {
                !aligned
                    && !self.names.iter().any(|l| **l == *m.locale)
                    && !entry.messages[..i].iter().any(|n| n.locale == m.locale)
            })
            .map(|(_, m)| &*m.locale);
        self.names
            .iter()
            .map(String::as_str)
            .chain(other_locales)
            .enumerate()
            .map(move |(i, locale)| {
                let message = if aligned {
                    entry.messages.get(i)
                } else {
                    entry.message(locale)
                };
                (locale, message)
            })
    }
}

/// Writes a placeholder as a code span, `` `{name}` ``: as it is when its
/// name is an identifier (a placeholder's always is), else through the text
/// layer, which shows what a reader could not see.
fn write_placeholder<W: fmt::Write + ?Sized>(out: &mut W, key: PlaceholderKey) -> fmt::Result {
    match key {
        PlaceholderKey::Named(name) if is_identifier(name) => {
            out.write_str("`{")?;
            out.write_str(name)?;
            out.write_str("}`")
        }
        PlaceholderKey::Index(index) => write!(out, "`{{{index}}}`"),
        key => write_code_span(out, &key.to_string()),
    }
}

// ---------------------------------------------------------------------------
// The page: what the templates read.
// ---------------------------------------------------------------------------

/// The page of one catalog: `templates/md/catalog.md` and the templates it
/// includes, which loop over the IR. Catalog text reaches them as written;
/// the [`filters`] escape it through the text layer as it is printed.
#[cfg_attr(
    feature = "askama-derive",
    derive(askama::Template),
    template(path = "md/catalog.md", escape = "none")
)]
struct Page<'a> {
    catalog: &'a Catalog,
    members: Members,
    /// Every heading's text and id.
    outline: Outline<'a>,
    locales: Locales<'a>,
    /// The group sections (and the ungrouped entries), in page order.
    sections: Vec<Section>,
    /// One view per envelope, in declaration order.
    envelopes: Vec<EnvelopeView<'a>>,
    /// The part of the page the template writes: the head and the first
    /// sections (`0`), or the other sections and the reserved codes (`1`).
    part: usize,
    /// The first section of part `1`: the one that the first half of the
    /// entries ends before.
    second_half: usize,
}

// askama's derive of the template above, checked in so that a build script
// compiles no proc macro (tests/templates_expanded.rs makes it).
#[cfg(not(feature = "askama-derive"))]
include!("expanded/md.rs");

/// An envelope in the envelope section: the example and the fields.
struct EnvelopeView<'a> {
    /// `**Envelope `cli`** (CLI output): ` before its text when the
    /// catalog has several envelopes, as Markdown; else empty.
    head: String,
    /// The shape's sentence, as Markdown.
    shape: String,
    /// The entry the example shows, and its HTTP status.
    example: Option<(usize, Option<u16>)>,
    /// The code fence (backticks), longer than any run in the example.
    fence: String,
    /// The JSON example.
    json: String,
    /// The fields, in wire order.
    fields: Vec<FieldView<'a>>,
    /// The record types: each one's name and fields, as Markdown.
    types: Vec<(String, String)>,
}

/// A field of the envelope, with what it carries.
struct FieldView<'a> {
    /// Two blanks per level of nesting.
    indent: &'static str,
    wire: &'a str,
    /// Its type, as Markdown ([`type_shown`]).
    ty: String,
    optional: bool,
    /// What it carries, as Markdown.
    what: String,
}

/// A section of the page: a group, a subgroup or the ungrouped entries,
/// with its heading level, and its entries with theirs.
struct Section {
    part: Part,
    level: usize,
    entries: Vec<(usize, usize)>,
}

/// The first section after the first half of the entries.
fn second_half(sections: &[Section]) -> usize {
    let total: usize = sections.iter().map(|s| s.entries.len()).sum();
    let mut seen = 0;
    sections
        .iter()
        .position(|s| {
            seen += s.entries.len();
            seen * 2 > total
        })
        .map_or(sections.len(), |last| last + 1)
}

impl<'a> Page<'a> {
    fn new(catalog: &'a Catalog) -> Page<'a> {
        let members = Members::new(catalog);
        let parts = page_parts(catalog, &members);
        let outline = Outline::new(catalog, &parts);
        let mut sections: Vec<Section> = Vec::new();
        for &(part, level) in &parts {
            match part {
                Part::Title
                | Part::Envelope
                | Part::Upstreams
                | Part::Reserved
                | Part::Alias(..) => {}
                Part::Group(_) | Part::Ungrouped => sections.push(Section {
                    part,
                    level,
                    entries: Vec::new(),
                }),
                Part::Entry(e) => sections
                    .last_mut()
                    .expect("an entry follows its section's heading")
                    .entries
                    .push((e, level)),
            }
        }
        Page {
            catalog,
            envelopes: catalog
                .envelopes
                .iter()
                .map(|envelope| envelope_view(catalog, envelope))
                .collect(),
            members,
            outline,
            locales: Locales::new(catalog),
            second_half: second_half(&sections),
            sections,
            part: 0,
        }
    }

    /// The sections that part [`Page::part`] writes.
    fn sections_in_part(&self) -> &[Section] {
        if self.part == 0 {
            &self.sections[..self.second_half]
        } else {
            &self.sections[self.second_half..]
        }
    }

    /// The entries with a mapping from upstream system `system`, in
    /// catalog order, each once.
    fn mapped_from(&self, system: &usize) -> Vec<usize> {
        let system = Some(*system);
        (0..self.catalog.entries.len())
            .filter(|&e| {
                self.catalog.entries[e]
                    .upstreams
                    .iter()
                    .any(|u| u.system == system)
            })
            .collect()
    }

    /// The number of error entries and of success entries.
    fn counts(&self) -> (usize, usize) {
        let entries = &self.catalog.entries;
        let errors = entries
            .iter()
            .filter(|e| e.kind == EntryKind::Error)
            .count();
        (errors, entries.len() - errors)
    }

    /// The group a section shows, with its index; `None` for the ungrouped
    /// entries.
    fn group_of(&self, section: &Section) -> Option<(usize, &'a Group)> {
        match section.part {
            Part::Group(g) => Some((g, &self.catalog.groups[g])),
            _ => None,
        }
    }

    /// An entry's message in the default locale (else the first).
    fn default_message(&self, entry: &'a Entry) -> Option<&'a Message> {
        self.catalog
            .localized(&entry.messages, self.catalog.default_locale())
    }

    /// The entry a `replaced_by` names
    /// ([`crate::ir::Deprecation::replaced_by_entry`]).
    fn replacement(&self, deprecation: &crate::ir::Deprecation) -> Option<Part> {
        deprecation.replaced_by_entry.map(Part::Entry)
    }

    /// The envelopes `entry` is sent in, as Markdown code spans, when they
    /// are not the catalog's default ones.
    fn envelope_list(&self, entry: &Entry) -> Option<String> {
        let catalog = self.catalog;
        (entry.envelopes != catalog.default_envelopes).then(|| {
            catalog
                .envelopes_of(entry)
                .map(|e| code_span(e.name.original()))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// The indentation of a list item's continuation lines (`- ` is 2 wide).
const ITEM: &str = "  ";

/// What the templates print catalog text with: each filter writes through
/// the text layer ([`super::text`]) straight into the template's output,
/// so that escaping stays in one place and no escaped copy is made.
mod filters {
    use super::{
        is_blank, write_code_span, write_escaped, write_link_or_text, write_message,
        write_placeholder, Layout, Message, Outline, Part, PlaceholderKey, Value,
    };
    use askama::{FastWritable, Values};
    use std::fmt;

    /// What a filter prints. askama writes it through `FastWritable`,
    /// straight into the template's output; `Display` is what askama's
    /// type checks ask of every printed value.
    pub(super) struct Printed<T>(T);

    /// How a filter's value is written.
    pub(super) trait Print {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result;
    }

    impl<T: Print> FastWritable for Printed<T> {
        fn write_into(&self, dest: &mut dyn fmt::Write, _: &dyn Values) -> askama::Result<()> {
            Ok(self.0.print(dest)?)
        }
    }

    impl<T: Print> fmt::Display for Printed<T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.print(f)
        }
    }

    /// Catalog text, escaped by the text layer.
    pub(super) struct Escaped<S> {
        text: S,
        layout: Layout<'static>,
        line_start: bool,
    }

    impl<S: AsRef<str>> Print for Escaped<S> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            write_escaped(out, self.text.as_ref(), self.layout, self.line_start, true).map(|_| ())
        }
    }

    /// Catalog text on one line, after other text: `{{ locale|md }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn md<S: AsRef<str>>(
        text: S,
        _: &dyn Values,
    ) -> askama::Result<Printed<Escaped<S>>> {
        Ok(Printed(Escaped {
            text,
            layout: Layout::Line,
            line_start: false,
        }))
    }

    /// Catalog text that starts a list item: `- {{ code|md_start }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn md_start<S: AsRef<str>>(
        text: S,
        _: &dyn Values,
    ) -> askama::Result<Printed<Escaped<S>>> {
        Ok(Printed(Escaped {
            text,
            layout: Layout::Line,
            line_start: true,
        }))
    }

    /// Catalog text as a paragraph after a label, continuation lines
    /// indented by `indent`: `{{ reason|block(ITEM) }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn block<S: AsRef<str>>(
        text: S,
        _: &dyn Values,
        indent: &'static str,
    ) -> askama::Result<Printed<Escaped<S>>> {
        Ok(Printed(Escaped {
            text,
            layout: Layout::Block(indent),
            line_start: false,
        }))
    }

    /// Verbatim text as a code span.
    pub(super) struct CodeSpan<S>(S);

    impl<S: AsRef<str>> Print for CodeSpan<S> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            write_code_span(out, self.0.as_ref())
        }
    }

    /// Verbatim text (a name, a stage, a pattern) as a code span:
    /// `{{ stage|code }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn code<S: AsRef<str>>(
        text: S,
        _: &dyn Values,
    ) -> askama::Result<Printed<CodeSpan<S>>> {
        Ok(Printed(CodeSpan(text)))
    }

    /// A docs link.
    pub(super) struct Url<S>(S);

    impl<S: AsRef<str>> Print for Url<S> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            write_link_or_text(out, self.0.as_ref())
        }
    }

    /// A docs link: an autolink if it is a plain `http(s)` URL, else
    /// escaped text: `{{ docs|url }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn url<S: AsRef<str>>(url: S, _: &dyn Values) -> askama::Result<Printed<Url<S>>> {
        Ok(Printed(Url(url)))
    }

    /// A message: text escaped, placeholders as code spans.
    pub(super) struct MessageText<'m> {
        message: &'m Message,
        indent: &'static str,
    }

    impl Print for MessageText<'_> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            write_message(out, self.message, Layout::Block(self.indent))
        }
    }

    /// A message in a list item, continuation lines indented by `indent`:
    /// `{{ message|message(ITEM) }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn message<'m>(
        message: &'m Message,
        _: &dyn Values,
        indent: &'static str,
    ) -> askama::Result<Printed<MessageText<'m>>> {
        Ok(Printed(MessageText { message, indent }))
    }

    /// A message in a table cell.
    pub(super) struct Cell<'m>(Option<&'m Message>);

    impl Print for Cell<'_> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            match self.0 {
                Some(message) if !is_blank(message) => write_message(out, message, Layout::Line),
                _ => out.write_char('—'),
            }
        }
    }

    /// A message in a table cell, on one line; `—` when there is none or
    /// it shows nothing: `{{ self.default_message(entry)|cell }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn cell<'m>(
        message: Option<&'m Message>,
        _: &dyn Values,
    ) -> askama::Result<Printed<Cell<'m>>> {
        Ok(Printed(Cell(message)))
    }

    /// A placeholder as a code span.
    pub(super) struct Placeholder<'k>(PlaceholderKey<'k>);

    impl Print for Placeholder<'_> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            write_placeholder(out, self.0)
        }
    }

    /// A positional param's placeholder as a code span, `` `{0}` ``:
    /// `{{ index|placeholder }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn placeholder<I: Value<u32>>(
        index: I,
        _: &dyn Values,
    ) -> askama::Result<Printed<Placeholder<'static>>> {
        Ok(Printed(Placeholder(PlaceholderKey::Index(index.value()))))
    }

    /// A heading of the page, or a link to it.
    pub(super) struct Heading<'o> {
        outline: &'o Outline<'o>,
        part: Part,
        link: bool,
    }

    impl Print for Heading<'_> {
        fn print(&self, out: &mut dyn fmt::Write) -> fmt::Result {
            if self.link {
                self.outline.write_link(out, self.part)
            } else {
                self.outline.write_heading(out, self.part)
            }
        }
    }

    /// The escaped text of a part's heading:
    /// `{{ Part::Entry(e)|heading(outline) }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn heading<'o, P: Value<Part>>(
        part: P,
        _: &dyn Values,
        outline: &'o Outline<'o>,
    ) -> askama::Result<Printed<Heading<'o>>> {
        Ok(Printed(Heading {
            outline,
            part: part.value(),
            link: false,
        }))
    }

    /// A link to a part's heading, `[text](#id)`:
    /// `{{ Part::Group(g)|link(outline) }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn link<'o, P: Value<Part>>(
        part: P,
        _: &dyn Values,
        outline: &'o Outline<'o>,
    ) -> askama::Result<Printed<Heading<'o>>> {
        Ok(Printed(Heading {
            outline,
            part: part.value(),
            link: true,
        }))
    }

    /// The `#`s of a heading at `level` (1 to 6): `{{ level|hashes }}`.
    #[cfg_attr(feature = "askama-derive", askama::filter_fn)]
    pub(super) fn hashes<L: Value<usize>>(
        level: L,
        _: &dyn Values,
    ) -> askama::Result<&'static str> {
        Ok(&"######"[..level.value().min(6)])
    }

    // askama's `filter_fn` of the functions above: builders that call them
    // (tests/templates_expanded.rs makes it).
    #[cfg(not(feature = "askama-derive"))]
    include!("expanded/md.filters.rs");
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
}

/// An object's members in their order (serde_json's own map would sort
/// them), for [`to_json_pretty`], the JSON printer of every target.
impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Scalar(value) => value.serialize(serializer),
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// The sample value a param of this type gets in the example.
fn sample(ty: &ParamType, name: &str, catalog: &Catalog) -> Json {
    match ty {
        ParamType::String | ParamType::Any => Json::string(format!("<{name}>")),
        ParamType::Int => Json::Scalar(42.into()),
        ParamType::Float => Json::Scalar(serde_json::json!(1.5)),
        ParamType::Bool => Json::Scalar(true.into()),
        other => structured_sample(other, catalog),
    }
}

/// The sample value of an envelope field of this type.
fn field_sample(ty: &ParamType, wire: &str, catalog: &Catalog) -> Json {
    match ty {
        // `any` too: a text stands for whatever the server sends.
        ParamType::String | ParamType::Any => Json::string(format!("<{wire}>")),
        ParamType::Int => Json::Scalar(0.into()),
        ParamType::Float => Json::Scalar(serde_json::json!(0.0)),
        ParamType::Bool => Json::Scalar(false.into()),
        other => structured_sample(other, catalog),
    }
}

/// The sample value of a structured type: empty, `null` for `any`, and a
/// record's required fields with their samples.
fn structured_sample(ty: &ParamType, catalog: &Catalog) -> Json {
    match ty {
        ParamType::List(_) => Json::Scalar(serde_json::json!([])),
        ParamType::Map(_) => Json::Object(Vec::new()),
        ParamType::Record(name) => Json::Object(catalog.record(name).map_or_else(Vec::new, |r| {
            r.fields
                .iter()
                .filter(|f| !f.optional)
                .map(|f| {
                    let name = f.name.original();
                    (name.to_owned(), sample(&f.ty, name, catalog))
                })
                .collect()
        })),
        _ => Json::Scalar(serde_json::Value::Null),
    }
}

/// How the page names a type: a scalar or a param object by its JSON type
/// (`integer`), a structured type as the catalog writes it, in a code
/// span (`list<string>`).
fn type_shown(ty: &ParamType) -> String {
    match ty.json_schema_type() {
        Some(json) if ty.is_scalar() => json.to_owned(),
        _ => code_span(&ty.to_string()),
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
                Some(param) => match sample(&param.ty, param.name.original(), catalog) {
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
    match (code, &field.ty) {
        (Code::Int(n), ParamType::Int) => Json::Scalar((*n).into()),
        _ if catalog.code_kind == CodeKind::Integer && field.ty == ParamType::Int => {
            Json::Scalar(code.number().unwrap_or(0).into())
        }
        _ => Json::string(code.to_string()),
    }
}

/// The indentation of a field at each depth of nesting.
const INDENT: [&str; 2] = ["", "  "];

fn envelope_view<'a>(catalog: &'a Catalog, envelope: &'a Envelope) -> EnvelopeView<'a> {
    // The example shows the first error entry sent in the envelope.
    let index = catalog
        .envelopes
        .iter()
        .position(|e| std::ptr::eq(e, envelope))
        .unwrap_or(0);
    let example = catalog
        .entries
        .iter()
        .position(|e| e.kind == EntryKind::Error && e.envelopes.contains(&index))
        .or_else(|| {
            catalog
                .entries
                .iter()
                .position(|e| e.envelopes.contains(&index))
        })
        .filter(|_| !envelope.is_success());
    let mut members = Vec::new();
    let mut fields = Vec::new();
    example_members(
        catalog,
        envelope,
        &envelope.members,
        example,
        0,
        &mut members,
        &mut fields,
    );
    let json = to_json_pretty(&Json::Object(members));
    let head = if catalog.envelopes.len() < 2 {
        String::new()
    } else {
        let mut head = format!("**Envelope {}**", code_span(envelope.name.original()));
        if let Some(title) = &envelope.title {
            head.push_str(" (");
            head.push_str(&crate::generate::text::escape_line(title));
            head.push(')');
        }
        head.push_str(": ");
        head
    };
    let shape = if envelope.is_success() {
        "A success response is one JSON object; it carries no entry of this catalog.".to_owned()
    } else if catalog.envelope_for_successes(index) {
        "A success response is one JSON object.".to_owned()
    } else {
        match envelope.shape {
            EnvelopeShape::Flat if envelope.error_object().is_some() => format!(
                "An error response is one JSON object with the error nested in {}.",
                code_span(&envelope.error_object().expect("nested").wire)
            ),
            EnvelopeShape::Flat => "An error response is one JSON object.".to_owned(),
            EnvelopeShape::TwoLevel => format!(
                "An error response is one JSON object with two levels: the outer code and message describe the call that failed, the inner {} carries the code from this catalog.",
                code_span(envelope.wire(MemberKind::Code).unwrap_or("sub_code"))
            ),
            EnvelopeShape::Problem => format!(
                "An error response is an RFC 9457 problem details object ({}).",
                code_span("application/problem+json")
            ),
        }
    };
    EnvelopeView {
        head,
        shape,
        example: example.map(|e| (e, catalog.entries[e].http)),
        fence: "`".repeat((longest_run(&json, '`') + 1).max(3)),
        json,
        fields,
        // The record types are listed once, under the first envelope.
        types: if index > 0 {
            Vec::new()
        } else {
            catalog
                .types
                .iter()
                .map(|t| {
                    let fields: Vec<String> = t
                        .fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{} ({}{})",
                                code_span(f.name.original()),
                                type_shown(&f.ty),
                                if f.optional { ", optional" } else { "" }
                            )
                        })
                        .collect();
                    (
                        code_span(t.name.original()),
                        if fields.is_empty() {
                            "an object without fields".to_owned()
                        } else {
                            format!("an object with {}", fields.join(", "))
                        },
                    )
                })
                .collect()
        },
    }
}

/// The example's members and the field list of `list` (members of
/// `envelope` at `depth` of nesting), the example showing the entry at
/// `example` if any.
fn example_members<'a>(
    catalog: &'a Catalog,
    envelope: &'a Envelope,
    list: &'a [EnvelopeMember],
    example: Option<usize>,
    depth: usize,
    members: &mut Vec<(String, Json)>,
    fields: &mut Vec<FieldView<'a>>,
) {
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
    // Each member kind's example value and description, in one place.
    for field in list {
        let placeholder = || field_sample(&field.ty, &field.wire, catalog);
        let (value, what) = match field.kind {
            MemberKind::Code => (
                code_value(catalog, field, &code),
                "the code from this catalog".to_owned(),
            ),
            MemberKind::Message => (
                Json::string(message.clone()),
                "the message in the default locale, with its params filled in".to_owned(),
            ),
            MemberKind::Title => (
                Json::string(entry.map_or_else(String::new, |e| {
                    envelope.problem_title(e).into_owned()
                })),
                match envelope.problem_type() {
                    Some(ProblemType::Blank) => "a short summary, the same for every occurrence of the code: the reason phrase of its HTTP status".to_owned(),
                    _ => "a short summary, the same for every occurrence of the code: the entry's name in words".to_owned(),
                },
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
                                        sample(&p.ty, p.name.original(), catalog),
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
                let what = format!("always {}", code_span(&to_json_pretty(&value)));
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
                Json::Scalar(
                    entry
                        .map_or(Envelope::FALLBACK_STATUS, Envelope::problem_status)
                        .into(),
                ),
                format!(
                    "the HTTP status ({} for an error without `http`)",
                    Envelope::FALLBACK_STATUS
                ),
            ),
            MemberKind::Instance => (placeholder(), "a URI for this occurrence".to_owned()),
            MemberKind::Field => (placeholder(), "a field of the service's own".to_owned()),
            MemberKind::Data => (placeholder(), "the payload of the success response".to_owned()),
            MemberKind::Error => {
                let mut inner = Vec::new();
                let mut inner_fields = Vec::new();
                example_members(
                    catalog,
                    envelope,
                    &field.members,
                    example,
                    depth + 1,
                    &mut inner,
                    &mut inner_fields,
                );
                fields.push(FieldView {
                    indent: INDENT[depth],
                    wire: &field.wire,
                    ty: "object".to_owned(),
                    optional: field.optional,
                    what: "the error object, with these fields:".to_owned(),
                });
                fields.append(&mut inner_fields);
                members.push((field.wire.clone(), Json::Object(inner)));
                continue;
            }
        };
        fields.push(FieldView {
            indent: INDENT[depth],
            wire: &field.wire,
            ty: if field.kind == MemberKind::Params {
                "object".to_owned()
            } else {
                type_shown(&field.ty)
            },
            optional: field.optional,
            what,
        });
        members.push((field.wire.clone(), value));
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

    fn link_or_text(url: &str) -> String {
        let mut out = String::new();
        write_link_or_text(&mut out, url).unwrap();
        out
    }

    #[test]
    fn links_only_plain_urls() {
        assert_eq!(
            link_or_text("https://x.example/a?b=c#d"),
            "<https://x.example/a?b=c#d>"
        );
        assert_eq!(
            link_or_text("https://x.example/a b"),
            "<https://x.example/a> b"
        );
        assert_eq!(link_or_text("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            link_or_text("https://x/<script>"),
            "<https://x/>\\<script\\>"
        );
    }
}
