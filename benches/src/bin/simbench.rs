//! The Monte Carlo benchmark of issue 19: the generated plan (10,000 tasks,
//! seed 1) with a triangular estimate on every leaf task (optimistic 0.8 ×,
//! most likely 1 ×, pessimistic 1.6 × its duration), simulated for
//! `--iterations` (default 10,000) on one thread and on every core; the
//! bare CSR kernel's forward/backward pass on the same network, timed in
//! the same process, for the ratio per iteration. `--network FILE` also
//! writes the network (with the estimates' factors) for the numpy peer
//! (`benches/compare/numpy_mc.py`).
//!
//! ```sh
//! cargo run -p stratops-bench --release --bin simbench -- --tasks 10000 --iterations 10000 \
//!   --network target/mc-network.json
//! ```
//!
//! Prints one JSON object: seconds per phase and the ratios.

use std::time::Instant;

use serde_json::{json, Value};
use stratops::simulate::{simulate, SimOptions};
use stratops::Model;
use stratops_bench::gen::{generate, GenOptions};
use stratops_bench::kernel::{Csr, Network, Times};

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut tasks, mut iterations, mut network) = (10_000usize, 10_000u32, None::<String>);
    let usage = || -> ! {
        eprintln!("usage: simbench [--tasks N] [--iterations N] [--network FILE]");
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        let Some(v) = args.next() else { usage() };
        match a.as_str() {
            "--tasks" => tasks = v.parse().unwrap_or_else(|_| usage()),
            "--iterations" => iterations = v.parse().unwrap_or_else(|_| usage()),
            "--network" => network = Some(v),
            _ => usage(),
        }
    }
    let g = generate(&GenOptions::new(tasks, 1));
    let plain = Model::from_json(&g.json).expect("the generated plan loads");
    let net = Network::from_model(&plain);
    // every leaf task with a duration gets a three-point estimate
    let mut doc: Value = serde_json::from_str(&g.json).unwrap();
    let mut uncertain = 0usize;
    let mut t = 0usize;
    for plan in doc["plans"].as_array_mut().unwrap() {
        let Some(list) = plan.get_mut("tasks").and_then(Value::as_array_mut) else {
            continue;
        };
        for task in list {
            let d = net.dur[t];
            let leaf = !plain.index().is_summary(t as u32) && d > 0;
            if leaf && task.get("duration").is_some() {
                let elapsed = task["duration"].as_str().is_some_and(|s| s.contains('e'));
                let unit = if elapsed { "em" } else { "m" };
                task["estimate"] = json!({
                    "optimistic": format!("{}{unit}", (d as f64 * 0.8).round()),
                    "most_likely": format!("{d}{unit}"),
                    "pessimistic": format!("{}{unit}", (d as f64 * 1.6).round()),
                });
                uncertain += 1;
            }
            t += 1;
        }
    }
    let model = Model::from_json(&doc.to_string()).expect("the plan with estimates loads");
    if let Some(path) = network {
        // the numpy peer's input: the kernel network and the same factors
        let text = net.to_json();
        let text = format!(
            "{},\"estimate\":[0.8,1.0,1.6]}}",
            text.strip_suffix('}').unwrap()
        );
        std::fs::write(&path, text).expect("writes the network");
    }
    // the bare kernel: one forward/backward pass, median of 201 runs
    let csr = Csr::build(&net).expect("acyclic");
    let mut times = Times::default();
    let mut samples: Vec<f64> = (0..201)
        .map(|_| {
            let t0 = Instant::now();
            csr.pass(&mut times);
            t0.elapsed().as_secs_f64()
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let kernel_s = samples[100];
    let run = |threads: usize| {
        let t0 = Instant::now();
        let s = simulate(
            &model,
            &SimOptions {
                iterations,
                seed: 1,
                threads: Some(threads),
                status_date: None,
            },
        )
        .expect("the simulation runs");
        (t0.elapsed().as_secs_f64(), s.duration_days.p80)
    };
    let (one_s, p80) = run(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (all_s, p80_all) = run(cores);
    assert_eq!(
        p80, p80_all,
        "the same seed gives the same result on any thread count"
    );
    let per_iter = one_s / f64::from(iterations);
    println!(
        "{}",
        json!({
            "tasks": model.index().tasks.len(),
            "uncertain_tasks": uncertain,
            "links": net.edges.len(),
            "iterations": iterations,
            "one_thread_s": one_s,
            "threads": cores,
            "all_threads_s": all_s,
            "iterations_per_s": f64::from(iterations) / all_s,
            "per_iteration_one_thread_ms": per_iter * 1e3,
            "kernel_pass_ms": kernel_s * 1e3,
            "ratio_to_kernel_per_iteration": per_iter / kernel_s,
            "p80_days": p80,
        })
    );
}
