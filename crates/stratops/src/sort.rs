//! One stable sort for the cold paths (reports, baselines, scorecard text,
//! exports): the standard library's stable sort is instantiated once per
//! element type and comparison closure, about 4 KB of WebAssembly each. Here
//! every call sorts a list of indices with the *one* instantiation in
//! [`sort_indices`] (the comparison behind `dyn`), then moves the elements
//! into place, so a call site costs a small shim. The result is exactly what
//! `slice::sort_by` gives: the index sort is itself stable. Hot paths (the
//! schedule, leveling, simulation, budget) keep `sort_by`.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` does.
///
/// ```
/// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
/// stratops::sort::by(&mut v, |a, b| a.0.cmp(&b.0));
/// assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
/// ```
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut idx: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut idx, &mut |a, b| cmp(&items[a], &items[b]));
    }
    permute(v, idx);
}

/// Sorts `v` stably by a key, as `v.sort_by_key(key)` does.
///
/// ```
/// let mut v = vec!["ccc", "a", "bb", "d"];
/// stratops::sort::by_key(&mut v, |s| s.len());
/// assert_eq!(v, ["a", "d", "bb", "ccc"]);
/// ```
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// The one instantiation of the standard stable sort behind [`by`].
#[inline(never)]
fn sort_indices(idx: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    idx.sort_by(|&a, &b| cmp(a, b));
}

/// Puts `v[idx[i]]` at position `i` for every `i`, in place: each cycle of
/// the permutation is walked once with swaps.
fn permute<T>(v: &mut [T], mut idx: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut j = start;
        while idx[j] != DONE {
            let k = idx[j];
            idx[j] = DONE;
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut seed = 7u64;
        for n in 0..200usize {
            let mut v: Vec<(u64, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 5, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            super::by_key(&mut v, |p| p.0);
            assert_eq!(v, want, "n = {n}");
        }
    }
}
