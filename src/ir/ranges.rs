//! Which of many ranges of numbers hold a number, without a scan of all of
//! them: for reserved ranges and group ranges, in `check` and `diff`.

/// Ranges `from..=to`, each with a value (usually its index), sorted by
/// start, with the furthest end reached so far at each position.
pub(crate) struct RangeIndex<T> {
    /// `(from, to, value)`, sorted.
    ranges: Vec<(u64, u64, T)>,
    /// `reach[k]`: the largest `to` among `ranges[..=k]`.
    reach: Vec<u64>,
}

impl<T: Ord + Copy> RangeIndex<T> {
    /// Indexes `(from, to, value)` ranges.
    pub(crate) fn new(ranges: impl IntoIterator<Item = (u64, u64, T)>) -> RangeIndex<T> {
        let mut ranges: Vec<(u64, u64, T)> = ranges.into_iter().collect();
        ranges.sort_unstable();
        let reach = ranges
            .iter()
            .scan(0, |most, &(_, to, _)| {
                *most = to.max(*most);
                Some(*most)
            })
            .collect();
        RangeIndex { ranges, reach }
    }

    /// The values of the ranges that hold `n`, the latest start first. The
    /// walk back from the last range starting at or before `n` stops where
    /// no earlier range reaches `n`: on disjoint ranges, a binary search
    /// and one step.
    pub(crate) fn holding(&self, n: u64) -> impl Iterator<Item = T> + '_ {
        let upto = self.ranges.partition_point(|&(from, _, _)| from <= n);
        (0..upto)
            .rev()
            .take_while(move |&k| self.reach[k] >= n)
            .filter(move |&k| self.ranges[k].1 >= n)
            .map(move |k| self.ranges[k].2)
    }
}

#[cfg(test)]
mod tests {
    use super::RangeIndex;

    /// The same ranges as a scan finds, on nested, overlapping, disjoint
    /// and single-number ranges.
    #[test]
    fn holding_finds_what_a_scan_finds() {
        let ranges = [
            (10, 20),
            (15, 15),
            (100, 1_000),
            (150, 160),
            (5, 12),
            (990, 2_000),
            (0, 3),
            (3_000, 3_000),
        ];
        let index = RangeIndex::new(ranges.iter().enumerate().map(|(i, &(a, b))| (a, b, i)));
        for n in 0..3_100 {
            let mut found: Vec<usize> = index.holding(n).collect();
            found.sort_unstable();
            let scan: Vec<usize> = (0..ranges.len())
                .filter(|&i| (ranges[i].0..=ranges[i].1).contains(&n))
                .collect();
            assert_eq!(found, scan, "{n}");
        }
    }
}
