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

/// The first entry with each original and each snake_case name.
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
            let mut snake = FastMap::with_capacity_and_hasher(capacity, Default::default());
            for (i, e) in self.entries.iter().enumerate() {
                original.entry(e.name.original()).or_insert(i);
                snake.entry(e.name.snake()).or_insert(i);
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
