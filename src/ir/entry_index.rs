//! Entries by name.

use super::Entry;
use crate::hash::FastMap;

/// A catalog's entries by name, for `replaced_by` (lowering resolves each
/// one into [`super::Deprecation::replaced_by_entry`], which the generators
/// read; the language server finds the entry a name means): a lookup per
/// deprecated entry instead of a scan of every entry (which made catalogs
/// with many replacements quadratic). Built on first use, so that catalogs
/// without replacements pay nothing.
pub(crate) struct EntryIndex<'a> {
    entries: &'a [Entry],
    maps: std::cell::OnceCell<NameMaps<'a>>,
}

/// The first entry with each original name, and the first with each
/// snake_case name that differs from the entry's original name (most names
/// are written in snake_case: the second map stays small, and
/// [`EntryIndex::named_or_snake`] gives the same answer, since an entry
/// left out of it is in the first under the same name).
type NameMaps<'a> = (FastMap<&'a str, usize>, FastMap<&'a str, usize>);

impl<'a> EntryIndex<'a> {
    /// The index of `entries` (built on its first lookup).
    pub(crate) fn new(entries: &'a [Entry]) -> EntryIndex<'a> {
        EntryIndex {
            entries,
            maps: std::cell::OnceCell::new(),
        }
    }

    fn maps(&self) -> &NameMaps<'a> {
        self.maps.get_or_init(|| {
            let capacity = self.entries.len();
            let mut original = FastMap::with_capacity_and_hasher(capacity, Default::default());
            let mut snake = FastMap::default();
            for (i, e) in self.entries.iter().enumerate() {
                original.entry(e.name.original()).or_insert(i);
                if e.name.snake() != e.name.original() {
                    snake.entry(e.name.snake()).or_insert(i);
                }
            }
            (original, snake)
        })
    }

    /// The first entry whose name as written or in snake_case is `name`.
    pub(crate) fn named_or_snake(&self, name: &str) -> Option<usize> {
        let (original, snake) = self.maps();
        match (original.get(name), snake.get(name)) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EntryIndex;

    /// Each lookup finds the first entry whose name as written or in
    /// snake_case is the name, whichever of them is written in snake_case.
    #[test]
    fn the_first_entry_named_either_way() {
        let text = b"catalog c { locales en }
error FooBar = \"A\" { message en \"a\" }
error foo_bar = \"B\" { message en \"b\" }
error fooBar = \"C\" { message en \"c\" }
error other = \"D\" { message en \"d\" }
error Other = \"E\" { message en \"e\" }
error HTTPError = \"F\" { message en \"f\" }
";
        let mut workspace = crate::workspace::Workspace::new();
        workspace.add_bytes("c.errors", None, text);
        let catalog = workspace.analyze().catalogs.remove(0);
        let names = [
            "FooBar",
            "foo_bar",
            "fooBar",
            "other",
            "Other",
            "HTTPError",
            "http_error",
            "none",
        ];
        let index = EntryIndex::new(&catalog.entries);
        for name in names {
            let first = catalog
                .entries
                .iter()
                .position(|e| e.name.original() == name || e.name.snake() == name);
            assert_eq!(index.named_or_snake(name), first, "{name}");
        }
        assert_eq!(index.named_or_snake("foo_bar"), Some(0));
        assert_eq!(index.named_or_snake("http_error"), Some(5));
    }
}
