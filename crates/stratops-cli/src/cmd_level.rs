//! `stratops level FILE [--schedules N] [--seed S] [--mode standard|optimise]
//! [--within-slack] [--status-date D]`: resource leveling.
//!
//! In a terminal, a long optimisation draws a bar on stderr; Ctrl+C stops
//! it and prints the best schedule found so far (`"stopped": true`).

use std::fmt::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use stratops::level::{level_with, LevelMode, LevelOptions};

use crate::cmd_scorecard::parse_date_flag;
use crate::common::{self, CmdResult, Fmt, Out};

/// The options of `stratops level`.
pub struct LevelArgs<'a> {
    pub path: &'a str,
    pub schedules: Option<u64>,
    pub seed: Option<u64>,
    pub mode: Option<&'a str>,
    pub within_slack: bool,
    pub status_date: Option<&'a str>,
    pub format: Fmt,
}

/// `stratops level`.
pub fn run_level(a: &LevelArgs<'_>) -> CmdResult {
    use std::io::{IsTerminal, Write as _};
    let model = common::load(a.path, a.format)?;
    let mode = a
        .mode
        .map(LevelMode::from_option)
        .transpose()
        .map_err(|e| common::invalid(a.path, &e, a.format))?;
    let opts = LevelOptions {
        mode,
        schedules: a.schedules,
        seed: a.seed,
        within_slack: a.within_slack,
        status_date: a
            .status_date
            .map(|d| parse_date_flag("--status-date", d))
            .transpose()?,
    };
    let tty = std::io::stderr().is_terminal();
    let interrupted = Arc::new(AtomicBool::new(false));
    if tty {
        let flag = Arc::clone(&interrupted);
        // A second handler cannot be installed; without one Ctrl+C simply
        // ends the process as before.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    }
    let last = AtomicU64::new(u64::MAX);
    let bar = |done: u64, total: u64| {
        let pct = done.saturating_mul(100) / total.max(1);
        if last.swap(pct, Ordering::Relaxed) != pct {
            let filled = (pct / 5).min(20) as usize;
            let mut e = std::io::stderr();
            let _ = write!(
                e,
                "\r[{}{}] {pct:>3}% {done}/{total} schedules",
                "#".repeat(filled),
                " ".repeat(20 - filled)
            );
            let _ = e.flush();
        }
        !interrupted.load(Ordering::Relaxed)
    };
    let progress: Option<stratops::level::Progress<'_>> = if tty { Some(&bar) } else { None };
    let r = level_with(&model, &opts, progress);
    if tty {
        eprintln!();
    }
    let r = r.map_err(|e| common::invalid(a.path, &e, a.format))?;
    match a.format {
        Fmt::Json => {
            let v = serde_json::to_value(&r).map_err(|e| {
                common::usage(format!("stratops: cannot serialise the leveling: {e}"))
            })?;
            Ok(Out::json(&v))
        }
        Fmt::Text => {
            let mut o = String::new();
            let mode = match r.mode {
                LevelMode::Standard => "standard order",
                LevelMode::Optimise => "optimised",
            };
            let _ = writeln!(
                o,
                "leveled ({mode}, {} schedule(s){}): {} working day(s), critical path {} d; finish {} (unleveled {})",
                r.schedules,
                if r.stopped { ", stopped early" } else { "" },
                r.makespan_days,
                r.lower_bound_days,
                r.finish,
                r.unleveled_finish
            );
            let _ = writeln!(
                o,
                "over-allocations: {} before, {} after",
                r.overallocations_before.len(),
                r.overallocations.len()
            );
            for t in r.tasks.iter().filter(|t| t.leveling_delay_days > 0) {
                let _ = writeln!(
                    o,
                    "  {:<16} delayed {:>4} d  {} -> {}",
                    t.id, t.leveling_delay_days, t.start, t.finish
                );
            }
            for ov in &r.overallocations {
                let _ = writeln!(
                    o,
                    "  still over: {} {}..{} peak {} of {} ({})",
                    ov.resource,
                    ov.from,
                    ov.to,
                    ov.peak_units,
                    ov.capacity_units,
                    ov.tasks.join(", ")
                );
            }
            Ok(Out::text(o))
        }
    }
}
