//! Independent pieces of work on the cores: one queue that every thread
//! takes its next item from, the results kept in the items' order. Used by
//! `check` (its rules) and [`crate::output`] (the files it renders).

use std::sync::{Condvar, Mutex};

/// Runs `work` on every item, on up to as many threads as there are cores
/// (no more than there are items), and returns the results in the items'
/// order. Each thread takes the next item not yet taken, so items listed
/// longest first keep the cores busy to the end: [`chains`] of one step.
pub(crate) fn map<J: Sync, T: Send>(items: &[J], work: impl Fn(&J) -> T + Sync) -> Vec<T> {
    chains(
        items,
        |_| 1,
        |item, _, _: Option<()>| Link::Done(work(item)),
    )
}

/// What a step of a chain leaves: what the next step starts from, or the
/// chain's result (after its last step, or earlier when it stops).
pub(crate) enum Link<S, T> {
    Next(S),
    Done(T),
}

/// Runs a chain of steps for each job and returns each chain's result in
/// the jobs' order. Job `j` takes `steps(j)` steps (at least one), one
/// after another, each given what the one before left (`None` for the
/// first); the last returns [`Link::Done`]. Steps of different jobs run at
/// the same time on up to as many threads as there are cores.
///
/// A free thread takes the step that can run with the lowest number, the
/// first job's on a tie: every job's first step in the jobs' order, then
/// the second steps. A long job in several steps thus lets the cores take
/// turns with other jobs between its steps, so that they end at about the
/// same time instead of one core running the long job's tail alone. No
/// chain is started while twice as many as there are threads are under
/// way (each holds what its last step left: with many jobs, not all of
/// them at once).
pub(crate) fn chains<'j, J: Sync, S: Send, T: Send>(
    jobs: &'j [J],
    steps: impl Fn(&J) -> usize,
    step: impl Fn(&'j J, usize, Option<S>) -> Link<S, T> + Sync,
) -> Vec<T> {
    let counts: Vec<usize> = jobs.iter().map(|job| steps(job).max(1)).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if threads <= 1 {
        return jobs
            .iter()
            .zip(&counts)
            .map(|(job, &count)| {
                let mut state = None;
                for k in 0..count {
                    match step(job, k, state.take()) {
                        Link::Next(s) => state = Some(s),
                        Link::Done(t) => return t,
                    }
                }
                panic!("the last step of a chain ends it")
            })
            .collect();
    }
    let board = Mutex::new(Board {
        slots: jobs.iter().map(|_| Slot::Ready(0, None)).collect(),
        fresh: 0,
        waiting: Vec::new(),
        left: jobs.len(),
        started: 0,
        failed: false,
    });
    let changed = Condvar::new();
    let lock = || board.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut b = lock();
                loop {
                    if b.left == 0 || b.failed {
                        return;
                    }
                    // The lowest step first: a chain not started yet (in
                    // the jobs' order), but only while few are between two
                    // steps (each holds its state, here open files); else
                    // the lowest next step of those waiting, a few at most.
                    let j = if b.fresh < jobs.len() && b.started < threads * 2 {
                        b.fresh += 1;
                        b.fresh - 1
                    } else if let Some(i) = (0..b.waiting.len()).min_by_key(|&i| {
                        let j = b.waiting[i];
                        (b.slots[j].step(), j)
                    }) {
                        b.waiting.swap_remove(i)
                    } else {
                        b = changed.wait(b).unwrap_or_else(|e| e.into_inner());
                        continue;
                    };
                    let Slot::Ready(k, state) = std::mem::replace(&mut b.slots[j], Slot::Running)
                    else {
                        unreachable!("the slot was ready")
                    };
                    if k == 0 {
                        b.started += 1;
                    }
                    drop(b);
                    // A panicking step stops the other threads (which would
                    // wait for its chain forever); the scope passes the panic on.
                    let stop = StopOnPanic {
                        board: &board,
                        changed: &changed,
                    };
                    let link = step(&jobs[j], k, state);
                    std::mem::forget(stop);
                    b = lock();
                    b.slots[j] = match link {
                        Link::Next(s) if k + 1 < counts[j] => {
                            b.waiting.push(j);
                            Slot::Ready(k + 1, Some(s))
                        }
                        Link::Next(_) => {
                            b.failed = true;
                            changed.notify_all();
                            drop(b);
                            panic!("the last step of a chain ends it")
                        }
                        Link::Done(t) => {
                            b.left -= 1;
                            b.started -= 1;
                            Slot::Done(t)
                        }
                    };
                    changed.notify_all();
                }
            });
        }
    });
    let b = board.into_inner().unwrap_or_else(|e| e.into_inner());
    b.slots
        .into_iter()
        .map(|slot| match slot {
            Slot::Done(t) => t,
            _ => unreachable!("every chain ran to its end"),
        })
        .collect()
}

/// Where [`chains`]'s threads see which steps can run.
struct Board<S, T> {
    slots: Vec<Slot<S, T>>,
    /// The first job whose chain has not started (they start in order).
    fresh: usize,
    /// The started chains whose next step can run.
    waiting: Vec<usize>,
    /// Chains not done yet.
    left: usize,
    /// Chains started and not done yet.
    started: usize,
    /// A step panicked.
    failed: bool,
}

/// A chain: its next step can run (with what the step before left), a
/// step runs, or its result.
enum Slot<S, T> {
    Ready(usize, Option<S>),
    Running,
    Done(T),
}

impl<S, T> Slot<S, T> {
    /// The number of the step that can run next.
    fn step(&self) -> usize {
        match self {
            Slot::Ready(k, _) => *k,
            _ => unreachable!("only a ready chain waits"),
        }
    }
}

/// Dropped only when a step panics (it is forgotten otherwise): tells the
/// other threads to stop.
struct StopOnPanic<'b, S, T> {
    board: &'b Mutex<Board<S, T>>,
    changed: &'b Condvar,
}

impl<S, T> Drop for StopOnPanic<'_, S, T> {
    fn drop(&mut self) {
        self.board.lock().unwrap_or_else(|e| e.into_inner()).failed = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u32> = (0..1_000).collect();
        let squares = super::map(&items, |&n| {
            if n % 7 == 0 {
                std::thread::yield_now();
            }
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u32], |&n| n).is_empty());
    }

    /// Each chain's steps run in order, each given what the one before
    /// left, and a chain that stops early skips its other steps.
    #[test]
    fn chains_run_their_steps_in_order() {
        use super::Link;
        let jobs: Vec<usize> = (0..40).collect();
        let results = super::chains(
            &jobs,
            |&j| j % 5 + 1,
            |&j, k, state: Option<Vec<usize>>| {
                let mut seen = state.unwrap_or_default();
                assert_eq!(seen.len(), k, "step {k} of job {j}");
                seen.push(k);
                if k + 1 == j % 5 + 1 || (j == 7 && k == 1) {
                    Link::Done((j, seen))
                } else {
                    Link::Next(seen)
                }
            },
        );
        for (j, (job, seen)) in results.into_iter().enumerate() {
            assert_eq!(job, j);
            let steps = if j == 7 { 2 } else { j % 5 + 1 };
            assert_eq!(seen, (0..steps).collect::<Vec<_>>());
        }
    }

    /// However many jobs, only a few chains are under way at a time.
    #[test]
    fn few_chains_are_under_way_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (under_way, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let jobs: Vec<usize> = (0..200).collect();
        let results = super::chains(
            &jobs,
            |_| 3,
            |&j, k, _: Option<()>| {
                if k == 0 {
                    let now = under_way.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                }
                if k == 2 {
                    under_way.fetch_sub(1, Ordering::SeqCst);
                    super::Link::Done(j)
                } else {
                    super::Link::Next(())
                }
            },
        );
        assert_eq!(results, jobs);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let most = most.load(Ordering::SeqCst);
        assert!(most <= 2 * threads.max(1), "{most} under way at once");
    }

    /// A chain whose last step does not end it is a panic, not a hang.
    #[test]
    fn a_chain_that_does_not_end_is_a_panic() {
        let jobs: Vec<usize> = (0..6).collect();
        let outcome = std::panic::catch_unwind(|| {
            super::chains(
                &jobs,
                |_| 2,
                |_, _, _: Option<()>| super::Link::<(), ()>::Next(()),
            )
        });
        assert!(outcome.is_err());
    }

    /// A step that panics ends the run with its panic, not a hang.
    #[test]
    fn a_panicking_step_stops_the_chains() {
        let jobs: Vec<usize> = (0..8).collect();
        let outcome = std::panic::catch_unwind(|| {
            super::chains(
                &jobs,
                |_| 3,
                |&j, k, _: Option<()>| {
                    assert!(!(j == 2 && k == 1), "step 1 of job 2");
                    if k == 2 {
                        super::Link::Done(())
                    } else {
                        super::Link::Next(())
                    }
                },
            )
        });
        assert!(outcome.is_err());
    }
}
