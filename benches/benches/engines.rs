//! Criterion benches of every engine (load, schedule, budget, scorecard, align) at 1k, 10k and 100k tasks (1M with
//! `STRATOPS_BENCH_1M=1`), plus the bare CSR kernel on the same networks.
//!
//! ```text
//! cargo bench -p stratops-bench                       # 1k, 10k, 100k
//! STRATOPS_BENCH_1M=1 cargo bench -p stratops-bench   # and 1M
//! cargo bench -p stratops-bench -- schedule           # one group
//! ```
//! Plans come from `stratops_bench::gen` with seed 1. Benchmarks are not
//! tests: nothing here asserts a time.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use stratops::Model;
use stratops_bench::gen::{generate, GenOptions};
use stratops_bench::kernel::{Csr, Network, Times};

struct Case {
    n: usize,
    json: String,
    model: Model,
}

fn cases() -> Vec<Case> {
    stratops_bench::sizes()
        .into_iter()
        .map(|n| {
            let json = generate(&GenOptions::new(n, 1)).json;
            let model = match Model::from_json(&json) {
                Ok(m) => m,
                Err(e) => panic!("generated plan of {n} tasks is invalid: {e}"),
            };
            Case { n, json, model }
        })
        .collect()
}

fn configure<'a>(
    c: &'a mut Criterion,
    name: &str,
    n: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(n as u64));
    if n >= 100_000 {
        g.sample_size(10).measurement_time(Duration::from_secs(10));
    }
    g
}

fn benches(c: &mut Criterion) {
    let as_of = stratops::Date::from_ymd(2025, 9, 30).unwrap_or_else(|| unreachable!());
    for case in cases() {
        let n = case.n;
        let id = BenchmarkId::from_parameter(n);

        let mut g = configure(c, "load", n);
        g.bench_with_input(id.clone(), &case.json, |b, j| {
            b.iter(|| Model::from_json(black_box(j)).map(|m| m.index().tasks.len()))
        });
        g.finish();

        let mut g = configure(c, "schedule", n);
        g.bench_with_input(id.clone(), &case.model, |b, m| {
            b.iter(|| {
                stratops::schedule::schedule(black_box(m), &Default::default())
                    .map(|s| s.tasks.len())
            })
        });
        g.finish();

        // Budget totals and monthly phasing, on a schedule computed once.
        if let Ok(sched) = stratops::schedule::schedule(&case.model, &Default::default()) {
            let mut g = configure(c, "budget", n);
            g.bench_with_input(id.clone(), &case.model, |b, m| {
                b.iter(|| {
                    stratops::budget::budget(black_box(m), Some(&sched), &Default::default())
                        .map(|r| r.total)
                })
            });
            g.finish();
        }

        let mut g = configure(c, "scorecard", n);
        g.bench_with_input(id.clone(), &case.model, |b, m| {
            b.iter(|| {
                stratops::scorecard::scorecard(black_box(m), as_of, &Default::default())
                    .map(|s| s.kpis.len())
            })
        });
        g.finish();

        let mut g = configure(c, "align", n);
        g.bench_with_input(id.clone(), &case.model, |b, m| {
            b.iter(|| stratops::align::align(black_box(m), Some(as_of)).map(|r| r.findings()))
        });
        g.finish();

        let net = Network::from_model(&case.model);
        let mut g = configure(c, "kernel_build", n);
        g.bench_with_input(id.clone(), &net, |b, net| {
            b.iter(|| Csr::build(black_box(net)).map(|c| c.order.len()))
        });
        g.finish();

        let Some(csr) = Csr::build(&net) else {
            panic!("generated network has a cycle")
        };
        let mut t = Times::default();
        let mut g = configure(c, "kernel_pass", n);
        g.bench_function(id, |b| {
            b.iter(|| {
                csr.pass(black_box(&mut t));
                t.finish
            })
        });
        g.finish();
    }
}

criterion_group!(all, benches);
criterion_main!(all);
