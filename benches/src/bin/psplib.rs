//! The PSPLIB leveling table: every `.sm` instance of a directory leveled
//! at each budget of generated schedules, against the proven optimum (when
//! a `problem,optimum` CSV is given) and the critical-path lower bound.
//!
//! ```sh
//! cargo run -p stratops-bench --release --bin psplib -- \
//!   ../shared/data/psplib/j30 --optimum ../shared/data/psplib/j30-optimum.csv \
//!   --schedules 1000,5000 --seed 1
//! ```
//!
//! Prints one markdown row per budget: instances, optimal share, average
//! deviation from the optimum, average deviation above the critical path,
//! the single serial LFT pass's deviation for comparison, and the mean
//! wall time per instance (import and the unleveled schedule included).
//!
//! `--synthetic N` (instead of a directory) generates 20 seeded instances
//! of N jobs shaped like PSPLIB's (1-3 successors per job, durations 1-10,
//! 4 renewable resources of capacity 10-15, each job asking for 1-10 units of up to 3 of them): a speed
//! figure for sizes whose library files are not at hand. Their deviations
//! are not comparable to the literature's.

use std::collections::HashMap;
use std::time::Instant;

use stratops::level::{level, LevelOptions};
use stratops::Model;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut optimum_csv = None;
    let mut budgets = vec![1000u64, 5000];
    let mut seed = 1u64;
    let mut synthetic: Option<usize> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--optimum" => {
                optimum_csv = args.get(i + 1).cloned();
                i += 1;
            }
            "--schedules" => {
                budgets = args[i + 1]
                    .split(',')
                    .map(|b| b.parse().expect("--schedules 1000,5000"))
                    .collect();
                i += 1;
            }
            "--seed" => {
                seed = args[i + 1].parse().expect("--seed N");
                i += 1;
            }
            "--synthetic" => {
                synthetic = Some(args[i + 1].parse().expect("--synthetic JOBS"));
                i += 1;
            }
            d => dir = Some(d.to_string()),
        }
        i += 1;
    }
    if let Some(jobs) = synthetic {
        let models: Vec<(String, Model)> = (0..20u64)
            .map(|k| {
                let text = generate(jobs, k + 1);
                let doc = stratops_interop::import_psplib(&text).expect("a generated instance");
                (format!("synthetic{k}"), Model::new(doc).unwrap())
            })
            .collect();
        table(&models, &budgets, seed, &HashMap::new());
        return;
    }
    let dir = dir.expect(
        "usage: psplib DIR|--synthetic JOBS [--optimum CSV] [--schedules 1000,5000] [--seed 1]",
    );
    let optimum: HashMap<String, i64> = optimum_csv
        .map(|p| {
            std::fs::read_to_string(p)
                .expect("the optimum CSV")
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let (f, v) = l.split_once(',')?;
                    Some((f.to_string(), v.trim().parse().ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the instance directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "sm"))
        .collect();
    files.sort();
    let models: Vec<(String, Model)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let doc = stratops_interop::import_psplib(&text).unwrap();
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                Model::new(doc).unwrap(),
            )
        })
        .collect();
    table(&models, &budgets, seed, &optimum);
}

fn table(models: &[(String, Model)], budgets: &[u64], seed: u64, optimum: &HashMap<String, i64>) {
    println!(
        "| instances | schedules | optimal | deviation from optimum | above critical path | serial LFT pass above critical path | mean time per instance |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &budget in budgets {
        let (mut opt_n, mut with_opt, mut dev_opt, mut dev_cp, mut dev_lft) = (0, 0, 0.0, 0.0, 0.0);
        let t0 = Instant::now();
        for (name, model) in models {
            let r = level(
                model,
                &LevelOptions {
                    schedules: Some(budget),
                    seed: Some(seed),
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let lb = r.lower_bound_days.max(1) as f64;
            dev_cp += (r.makespan_days as f64 - lb) / lb;
            dev_lft += (r.lft_makespan_days.unwrap_or(r.makespan_days) as f64 - lb) / lb;
            if let Some(&o) = optimum.get(name) {
                with_opt += 1;
                dev_opt += (r.makespan_days - o) as f64 / o as f64;
                if r.makespan_days == o {
                    opt_n += 1;
                }
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        let n = models.len() as f64;
        let (share, dev) = if with_opt > 0 {
            (
                format!("{:.1}%", 100.0 * opt_n as f64 / with_opt as f64),
                format!("{:.3}%", 100.0 * dev_opt / with_opt as f64),
            )
        } else {
            ("-".into(), "-".into())
        };
        println!(
            "| {} | {budget} | {share} | {dev} | {:.2}% | {:.2}% | {:.1} ms |",
            models.len(),
            100.0 * dev_cp / n,
            100.0 * dev_lft / n,
            1000.0 * secs / n
        );
    }
}

/// A PSPLIB-shaped single-mode instance of `jobs` real jobs (plus source
/// and sink), from a SplitMix64 stream.
// job numbers are the indices: a range loop reads as the format does
#[allow(clippy::needless_range_loop)]
fn generate(jobs: usize, seed: u64) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut rand = |n: u64| {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    };
    let n = jobs + 2;
    // successors: each real job j links to 1-3 later jobs; jobs without a
    // predecessor follow the source, without a successor precede the sink
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_pred = vec![false; n];
    for j in 1..=jobs {
        let k = 1 + rand(3) as usize;
        for _ in 0..k {
            let span = (jobs - j).min(12);
            if span == 0 {
                break;
            }
            let s = j + 1 + rand(span as u64) as usize;
            if !succ[j].contains(&s) {
                succ[j].push(s);
                has_pred[s] = true;
            }
        }
    }
    for j in 1..=jobs {
        if !has_pred[j] {
            succ[0].push(j);
        }
        if succ[j].is_empty() {
            succ[j].push(n - 1);
        }
    }
    let mut t = format!("jobs (incl. supersource/sink ):  {n}\nRESOURCES\n  - renewable                 :  4   R\n****\n");
    t.push_str("PRECEDENCE RELATIONS:\njobnr.    #modes  #successors   successors\n");
    for (j, s) in succ.iter().enumerate() {
        let list: Vec<String> = s.iter().map(|v| (v + 1).to_string()).collect();
        t.push_str(&format!("{} 1 {} {}\n", j + 1, s.len(), list.join(" ")));
    }
    t.push_str("****\nREQUESTS/DURATIONS:\njobnr. mode duration  R 1  R 2  R 3  R 4\n----\n");
    for j in 0..n {
        let real = j != 0 && j != n - 1;
        let dur = if real { 1 + rand(10) } else { 0 };
        let mut req = [0u64; 4];
        if real {
            for _ in 0..1 + rand(3) {
                req[rand(4) as usize] = 1 + rand(10);
            }
        }
        t.push_str(&format!(
            "{} 1 {dur} {} {} {} {}\n",
            j + 1,
            req[0],
            req[1],
            req[2],
            req[3]
        ));
    }
    t.push_str("****\nRESOURCEAVAILABILITIES:\n  R 1  R 2  R 3  R 4\n");
    let caps: Vec<String> = (0..4).map(|_| (10 + rand(6)).to_string()).collect();
    t.push_str(&format!("  {}\n****\n", caps.join(" ")));
    t
}
