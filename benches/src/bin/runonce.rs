//! Times each engine on one plan file, in one process, and prints one JSON
//! object of medians (seconds). Used by `run-all.sh`, by the comparison
//! harness (stratops through its own binary) and as a `perf record` target.
//!
//! ```text
//! runonce PLAN.json [--runs 5] [--only load|schedule|budget|scorecard|align|kernel|edit]
//! ```

use std::process::ExitCode;
use std::time::Instant;

use stratops::Model;
use stratops_bench::kernel::{Csr, Network, Times};
use stratops_bench::median_of;

/// A `kB` field of `/proc/self/status`, if readable.
fn proc_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: runonce PLAN.json [--runs N] [--only PHASE]");
        return ExitCode::from(2);
    };
    let mut runs = 5usize;
    let mut only: Option<String> = None;
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--runs", Some(v)) => runs = v.parse().unwrap_or(5),
            ("--only", Some(v)) => only = Some(v),
            _ => {
                eprintln!("runonce: bad argument {a}");
                return ExitCode::from(2);
            }
        }
    }
    let want = |p: &str| only.as_deref().is_none_or(|o| o == p);
    let t0 = Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("runonce: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    let read_s = t0.elapsed().as_secs_f64();
    let mut out = serde_json::Map::new();
    out.insert("file".into(), path.clone().into());
    out.insert("bytes".into(), text.len().into());
    out.insert("read_s".into(), read_s.into());
    let load_runs = if want("load") { runs } else { 1 };
    let (load, model) = median_of(load_runs, || Model::from_json(&text));
    let mut model = match model {
        Ok(m) => m,
        Err(e) => {
            eprintln!("runonce: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    drop(text);
    if want("load") {
        out.insert("load_s".into(), load.as_secs_f64().into());
    }
    let ix = model.index();
    out.insert("tasks".into(), ix.tasks.len().into());
    out.insert("kpis".into(), ix.kpis.len().into());
    out.insert("goals".into(), ix.goals.len().into());
    out.insert("cost_lines".into(), ix.costs.len().into());
    if want("schedule") {
        // Peak memory of the schedule run: reset the high-water mark (Linux),
        // run once, read it back.
        let before = proc_kb("VmRSS:");
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        if let Ok(s) = stratops::schedule::schedule(&model, &Default::default()) {
            if let (Some(b), Some(peak), true) = (before, proc_kb("VmHWM:"), reset) {
                out.insert("rss_before_schedule_mb".into(), (b / 1024).into());
                out.insert("schedule_peak_rss_mb".into(), (peak / 1024).into());
            }
            out.insert("schedule_diagnostics".into(), s.diagnostics.len().into());
        }
        let (d, s) = median_of(runs, || {
            stratops::schedule::schedule(&model, &Default::default())
        });
        match s {
            Ok(s) => {
                out.insert("schedule_s".into(), d.as_secs_f64().into());
                out.insert("project_finish".into(), s.project_finish.to_string().into());
                let crit = s.tasks.iter().filter(|t| t.critical).count();
                out.insert("critical_tasks".into(), crit.into());
            }
            Err(e) => {
                eprintln!("runonce: schedule failed: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if want("budget") {
        // Totals and monthly phasing need the schedule's dates: computed
        // once, outside the timing.
        let sched = match stratops::schedule::schedule(&model, &Default::default()) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("runonce: schedule failed: {e}");
                return ExitCode::from(1);
            }
        };
        let (d, r) = median_of(runs, || {
            stratops::budget::budget(&model, Some(&sched), &Default::default())
        });
        if let Err(e) = r {
            eprintln!("runonce: budget failed: {e}");
            return ExitCode::from(1);
        }
        out.insert("budget_s".into(), d.as_secs_f64().into());
    }
    if want("scorecard") {
        let as_of = stratops::Date::from_ymd(2025, 9, 30).unwrap_or_else(|| unreachable!());
        let (d, r) = median_of(runs, || {
            stratops::scorecard::scorecard(&model, as_of, &Default::default())
        });
        if let Err(e) = r {
            eprintln!("runonce: scorecard failed: {e}");
            return ExitCode::from(1);
        }
        out.insert("scorecard_s".into(), d.as_secs_f64().into());
    }
    if want("align") {
        let as_of = stratops::Date::from_ymd(2025, 9, 30);
        let (d, r) = median_of(runs, || stratops::align::align(&model, as_of));
        if let Err(e) = r {
            eprintln!("runonce: align failed: {e}");
            return ExitCode::from(1);
        }
        out.insert("align_s".into(), d.as_secs_f64().into());
    }
    if want("kernel") {
        let net = Network::from_model(&model);
        out.insert("links".into(), net.edges.len().into());
        let (d, csr) = median_of(runs, || Csr::build(&net));
        let Some(csr) = csr else {
            eprintln!("runonce: cycle");
            return ExitCode::from(1);
        };
        out.insert("kernel_build_s".into(), d.as_secs_f64().into());
        let mut t = Times::default();
        let (d, ()) = median_of(runs, || csr.pass(&mut t));
        out.insert("kernel_pass_s".into(), d.as_secs_f64().into());
        out.insert("kernel_finish_min".into(), t.finish.into());
    }
    if want("edit") {
        // One duration edit, then the schedule brought up to date
        // (`Rescheduler`), as a page does on every keystroke: the leaves
        // with a working-day duration, taken in a fixed stride, set to
        // 1d..9d in turn (as benches/wasm/bench.mjs does).
        let mut r = match stratops::schedule::Rescheduler::new(&model, &Default::default()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("runonce: schedule failed: {e}");
                return ExitCode::from(1);
            }
        };
        let leaves: Vec<u32> = (0..model.index().tasks.len() as u32)
            .filter(|&t| {
                !model.index().is_summary(t)
                    && model.task(t).kind == stratops::TaskKind::Task
                    && model
                        .task(t)
                        .duration
                        .is_some_and(|d| d.unit == stratops::DurationUnit::Days && !d.elapsed)
            })
            .collect();
        if !leaves.is_empty() {
            let edits = (runs * 10).max(31);
            let mut times = Vec::with_capacity(edits);
            for k in 0..edits {
                let t = leaves[(k * 7919) % leaves.len()];
                let d: stratops::Duration = match format!("{}d", k % 9 + 1).parse() {
                    Ok(d) => d,
                    Err(_) => continue,
                };
                let t0 = Instant::now();
                let ok = model.set_task_duration(t, Some(d)).is_ok()
                    && r.durations_changed(&model, &[t]).is_ok();
                times.push(t0.elapsed());
                if !ok {
                    eprintln!("runonce: edit failed");
                    return ExitCode::from(1);
                }
            }
            times.sort();
            out.insert("edit_s".into(), times[times.len() / 2].as_secs_f64().into());
        }
    }
    println!("{}", serde_json::Value::Object(out));
    ExitCode::SUCCESS
}
