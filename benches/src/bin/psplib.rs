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
            d => dir = Some(d.to_string()),
        }
        i += 1;
    }
    let dir = dir.expect("usage: psplib DIR [--optimum CSV] [--schedules 1000,5000] [--seed 1]");
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
    println!(
        "| instances | schedules | optimal | deviation from optimum | above critical path | serial LFT pass above critical path | mean time per instance |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &budget in &budgets {
        let (mut opt_n, mut with_opt, mut dev_opt, mut dev_cp, mut dev_lft) = (0, 0, 0.0, 0.0, 0.0);
        let t0 = Instant::now();
        for (name, model) in &models {
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
