//! A fast, non-cryptographic hasher for maps keyed by catalog text (codes,
//! names, heading ids, normalized messages): the keys come from the user's
//! own catalogs, so flooding is no concern, and SipHash was the largest cost
//! of checking a large catalog. Nothing iterates these maps, so the hasher
//! decides nothing about any output.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A hash map with [`FxHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set with [`FxHasher`].
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A map that scans its few entries while it holds at most [`SCAN`] and
/// hashes them once it holds more: a block's properties, an entry's params
/// and a catalog's locales are a handful (a map per block cost more than the
/// scan), but nothing bounds them, and a scan per lookup is quadratic in an
/// entry with a million params. The first value inserted for a key stays.
#[derive(Debug, Clone)]
pub(crate) struct ScanMap<K, V> {
    entries: Vec<(K, V)>,
    /// Key → position in `entries`; empty while `entries` is scanned.
    index: FastMap<K, usize>,
}

/// How many entries a [`ScanMap`] scans before it hashes.
const SCAN: usize = 16;

impl<K, V> Default for ScanMap<K, V> {
    fn default() -> Self {
        ScanMap {
            entries: Vec::new(),
            index: FastMap::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, V> ScanMap<K, V> {
    /// The value of `key`.
    pub(crate) fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if self.entries.len() <= SCAN {
            self.entries
                .iter()
                .find(|(k, _)| k.borrow() == key)
                .map(|(_, v)| v)
        } else {
            self.index.get(key).map(|&i| &self.entries[i].1)
        }
    }

    /// Inserts `key` unless it is there; returns the value it already had.
    pub(crate) fn insert_new(&mut self, key: K, value: V) -> Option<&V> {
        if let Some(i) = self.position(&key) {
            return Some(&self.entries[i].1);
        }
        if self.entries.len() == SCAN {
            self.index.extend(
                self.entries
                    .iter()
                    .enumerate()
                    .map(|(i, (k, _))| (k.clone(), i)),
            );
        }
        if self.entries.len() >= SCAN {
            self.index.insert(key.clone(), self.entries.len());
        }
        self.entries.push((key, value));
        None
    }

    fn position(&self, key: &K) -> Option<usize> {
        if self.entries.len() <= SCAN {
            self.entries.iter().position(|(k, _)| k == key)
        } else {
            self.index.get(key).copied()
        }
    }

    /// Forgets every entry, keeping the room.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.index.clear();
    }
}

/// The Fx hash (as in rustc): a rotate, xor and multiply per word, with a
/// finalizer that mixes the high bits down.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while rest.len() > 8 {
            let (word, tail) = rest.split_at(8);
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
            rest = tail;
        }
        // The last 1 to 8 bytes in one word, read with overlapping loads
        // rather than copied into a zeroed buffer: the copy went through a
        // `memcpy` call and a stalled load, and cost more than the hashing.
        let n = rest.len();
        let word = if n == 8 {
            u64::from_le_bytes(rest.try_into().expect("8 bytes"))
        } else if n >= 4 {
            let low = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
            let high = u32::from_le_bytes(rest[n - 4..].try_into().expect("4 bytes"));
            u64::from(low) | (u64::from(high) << 32)
        } else if n > 0 {
            u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
        } else {
            0
        };
        self.add(word ^ ((n as u64) << 59));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // A multiply carries a difference only towards the high bits, and
        // keys often differ in their last bytes (codes, ids): mix it down
        // (murmur3's finalizer), as hashbrown picks buckets with the low
        // bits and tags with the top seven.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(key: impl Hash) -> u64 {
        let mut h = FxHasher::default();
        key.hash(&mut h);
        h.finish()
    }

    /// (From the Markdown generator's id hasher, which this replaced.)
    #[test]
    fn reads_every_byte() {
        use std::hash::BuildHasher;
        let hash = |s: &str| BuildHasherDefault::<FxHasher>::default().hash_one(s);
        assert_ne!(hash("bench_10000000"), hash("bench_10000001"));
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
        assert_ne!(hash("a"), hash("a\0"));
    }

    /// A scan map answers alike below and above the size where it starts
    /// hashing, and keeps the first value of a key.
    #[test]
    fn scan_map_keeps_first_values() {
        let mut map = ScanMap::default();
        for i in 0..100u32 {
            assert_eq!(map.insert_new(i.to_string(), i), None);
            assert_eq!(map.insert_new(i.to_string(), 1000), Some(&i));
            for j in 0..=i {
                assert_eq!(map.get(j.to_string().as_str()), Some(&j), "{j} of {i}");
            }
            assert_eq!(map.get("x"), None);
        }
        map.clear();
        assert_eq!(map.get("1"), None);
        assert_eq!(map.insert_new("1".to_owned(), 7), None);
    }

    /// Keys that differ in one byte anywhere, or only in length (trailing
    /// NULs), hash apart, and their low bits differ too.
    #[test]
    fn near_keys_hash_apart() {
        let base = "BENCH_10000000";
        let mut seen = std::collections::HashSet::new();
        let mut low = std::collections::HashSet::new();
        for i in 0..base.len() {
            let mut key = base.as_bytes().to_vec();
            key[i] ^= 1;
            assert!(seen.insert(hash(&key[..])));
            low.insert(hash(&key[..]) & 0xff);
        }
        for n in 0..12 {
            assert!(seen.insert(hash(&vec![0u8; n][..])), "{n} NULs");
        }
        assert!(low.len() > base.len() / 2, "low bits: {low:?}");
    }
}
