//! Benchmark support for stratops: a deterministic plan generator
//! ([`gen`]), a bare critical-path kernel over CSR arrays ([`kernel`]) that
//! marks the "physical limit" of a schedule pass, and small timing helpers
//! shared by the `runonce` binary.
//!
//! The criterion benches live in `benches/engines.rs`; the comparison with
//! peer tools in `compare/`; the results in `README.md`.

pub mod gen;
pub mod kernel;

/// Every bench binary allocates with mimalloc, as the `stratops` CLI and the
/// Python module do: the engines make many small allocations (ids, result
/// rows), where glibc's allocator spends a large share of the time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

/// Runs `f` `runs` times (at least once) and returns the median wall time
/// and the last result.
pub fn median_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs.max(1));
    let mut last = None;
    for _ in 0..runs.max(1) {
        // The previous result is dropped first, outside the timing, so that
        // one result at a time is alive (peak memory is one model's).
        drop(last.take());
        let t0 = Instant::now();
        let r = f();
        times.push(t0.elapsed());
        last = Some(r);
    }
    times.sort();
    let Some(r) = last else {
        unreachable!("ran at least once")
    };
    (times[times.len() / 2], r)
}

/// The sizes the benches run at: 1k, 10k and 100k tasks, plus 1M when the
/// environment variable `STRATOPS_BENCH_1M` is set to anything but `0`.
/// `STRATOPS_BENCH_SIZES=1000,5000` replaces the list.
pub fn sizes() -> Vec<usize> {
    if let Ok(s) = std::env::var("STRATOPS_BENCH_SIZES") {
        let v: Vec<usize> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if !v.is_empty() {
            return v;
        }
    }
    let mut v = vec![1_000, 10_000, 100_000];
    if std::env::var("STRATOPS_BENCH_1M").is_ok_and(|x| x != "0") {
        v.push(1_000_000);
    }
    v
}
