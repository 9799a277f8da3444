//! Complexity checks (`#[path = "support/linear.rs"] mod linear;`): a step
//! timed at two sizes, never against a clock.

use std::time::{Duration, Instant};

/// Asserts that `run` on the input `make` builds grows linearly from size
/// `n` to `8 n`: the time ratio must stay under 20, where quadratic growth
/// gives 64. The sizes are timed in turn, five times each, and each keeps
/// its best time (a time under a millisecond counts as one); a ratio over 20
/// is measured again, up to three times in all, since other processes of a
/// shared machine can slow one size down, but not a quadratic step to a
/// linear one. Inputs are built outside the timing.
pub fn assert_linear<T>(what: &str, n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) {
    let inputs = [make(n), make(8 * n)];
    let mut measured = Vec::new();
    for _ in 0..3 {
        let mut best = [Duration::MAX; 2];
        for _ in 0..5 {
            for (input, best) in inputs.iter().zip(&mut best) {
                let start = Instant::now();
                run(input);
                *best = (*best).min(start.elapsed());
            }
        }
        let [small, large] = best;
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
        eprintln!(
            "{what}: {n} in {small:?}, {} in {large:?}: ratio {ratio:.1}",
            8 * n
        );
        if ratio < 20.0 {
            return;
        }
        measured.push(format!("{small:?} and {large:?} (ratio {ratio:.1})"));
    }
    panic!(
        "{what} grows faster than linearly: {n} and {} took {} (linear is 8, quadratic 64)",
        8 * n,
        measured.join(", then ")
    );
}
