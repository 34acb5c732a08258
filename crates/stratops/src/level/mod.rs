//! Resource leveling: over-allocations found and resolved.
//!
//! Two modes, both on a grid of working days (see `instance.rs`):
//! - [`LevelMode::Standard`] levels as MS Project's "Level Now" does with its
//!   standard order: tasks are delayed, never shortened, and taken in order
//!   of their predecessors, then total slack, then priority (0-1000; 1000,
//!   "do not level", is never delayed), one serial pass; optionally only
//!   within slack.
//! - [`LevelMode::Optimise`] minimises the finish: the resource-constrained
//!   project scheduling problem, by priority rules and a genetic algorithm
//!   with justification (see [`ga`]) within a budget of generated
//!   schedules, deterministic for a seed.
//!
//! The unleveled schedule stays beside the leveled one: each task carries
//! its early dates and its `leveling_delay_days`.
//!
//! ```
//! use stratops::{Document, Model};
//! use stratops::level::{level, LevelOptions, LevelMode};
//! let doc = Document::from_json(r#"{"format": "stratops/1",
//!   "resources": [{"id": "ana", "name": "Ana"}],
//!   "plans": [{"id": "p", "kind": "project", "name": "P",
//!     "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
//!     "tasks": [
//!       {"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
//!       {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}]}]}]}"#).unwrap();
//! let model = Model::new(doc).unwrap();
//! let r = level(&model, &LevelOptions { mode: Some(LevelMode::Standard), ..Default::default() }).unwrap();
//! // Ana cannot do both at once: one waits for the other
//! assert_eq!(r.makespan_days, 5);
//! assert_eq!(r.lower_bound_days, 3);
//! assert!(r.overallocations.is_empty());
//! assert_eq!(r.overallocations_before.len(), 1);
//! ```

pub mod ga;
pub(crate) mod instance;
pub mod rcpsp;
mod usage;

pub use usage::{resource_usage, ResourceUsage, UsageOptions, UsagePeriod, UsageRow};

use serde::Serialize;

use crate::calendar::{from_minutes, to_minutes};
use crate::error::codes;
use crate::schedule::{schedule, ScheduleOptions};
use crate::values::{Date, DateTime};
use crate::{Error, Model};
use instance::Instance;
use rcpsp::{Problem, Profile};

/// The most schedules an optimisation may generate.
pub const MAX_SCHEDULES: u64 = 10_000_000;

/// The plan extension that marks a PSPLIB import (its default mode is
/// [`LevelMode::Optimise`]).
pub const PSPLIB_EXTENSION: &str = "psplib";

/// How to level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelMode {
    /// MS Project's standard order, one pass.
    Standard,
    /// The shortest finish found within the schedule budget.
    Optimise,
}

impl LevelMode {
    /// Parses `standard` or `optimise` (`optimize` too).
    pub fn from_option(s: &str) -> Result<LevelMode, Error> {
        match s {
            "standard" => Ok(LevelMode::Standard),
            "optimise" | "optimize" => Ok(LevelMode::Optimise),
            _ => Err(Error::calc(
                codes::BAD_OPTION,
                Some("mode"),
                format!("mode must be standard or optimise, not {s:?}"),
            )),
        }
    }
}

/// Options of a leveling run.
#[derive(Debug, Clone, Default)]
pub struct LevelOptions {
    /// The mode; absent: `optimise` for a PSPLIB import, else `standard`.
    pub mode: Option<LevelMode>,
    /// The budget of generated schedules for `optimise` (default 1,000; at
    /// most [`MAX_SCHEDULES`]).
    pub schedules: Option<u64>,
    /// The seed of the optimisation (default 1).
    pub seed: Option<u64>,
    /// Delay tasks only within their total slack (`standard` only): a task
    /// that would have to move further stays over-allocated.
    pub within_slack: bool,
    /// Level the plan as executed at this status date.
    pub status_date: Option<Date>,
}

/// A leveled task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeveledTask {
    /// The task id.
    pub id: String,
    /// The leveled start.
    pub start: DateTime,
    /// The leveled finish.
    pub finish: DateTime,
    /// The leveled start, in working days from the project start's day.
    pub start_day: i64,
    /// The leveled finish (exclusive), in working days.
    pub finish_day: i64,
    /// How many working days leveling delayed the task.
    pub leveling_delay_days: i64,
    /// The unleveled start.
    pub early_start: DateTime,
    /// The unleveled finish.
    pub early_finish: DateTime,
}

/// A run of days on which a resource is over-allocated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overallocation {
    /// The resource id.
    pub resource: String,
    /// The first over-allocated day (working days from the project start).
    pub from_day: i64,
    /// The day after the last over-allocated day.
    pub to_day: i64,
    /// The first over-allocated date.
    pub from: Date,
    /// The last over-allocated date.
    pub to: Date,
    /// The highest load in the run, in units (1.0 = one full-time person).
    pub peak_units: f64,
    /// The resource's capacity in units.
    pub capacity_units: f64,
    /// The tasks using the resource during the run.
    pub tasks: Vec<String>,
}

/// The result of leveling.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leveling {
    /// The mode used.
    pub mode: LevelMode,
    /// The project start (day 0 is its day).
    pub project_start: DateTime,
    /// The leveled finish, in working days from the project start's day.
    pub makespan_days: i64,
    /// The critical-path length without resource limits, in working days.
    pub lower_bound_days: i64,
    /// A second lower bound from the resources alone (total work over
    /// capacity), in working days.
    pub resource_bound_days: i64,
    /// The makespan of one pass of the serial LFT rule (`optimise` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lft_makespan_days: Option<i64>,
    /// Schedules generated.
    pub schedules: u64,
    /// The seed (`optimise` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Whether a progress hook stopped the run (the best schedule so far
    /// is returned).
    pub stopped: bool,
    /// The leveled finish.
    pub finish: DateTime,
    /// The unleveled finish.
    pub unleveled_finish: DateTime,
    /// Leaf tasks and milestones, in document order.
    pub tasks: Vec<LeveledTask>,
    /// Over-allocations left after leveling (none unless tasks were pinned
    /// or leveled only within slack).
    pub overallocations: Vec<Overallocation>,
    /// Over-allocations of the unleveled schedule.
    pub overallocations_before: Vec<Overallocation>,
    /// Daily use of each resource after leveling (rows with some use).
    pub usage: Vec<UsageRow>,
    /// Daily use of each resource before leveling.
    pub usage_before: Vec<UsageRow>,
}

/// A progress hook `(schedules so far, budget)`; `false` stops the run with
/// the best schedule found.
pub type Progress<'p> = ga::Hook<'p>;

/// Levels the model's resources. See [`level_with`].
pub fn level(model: &Model, opts: &LevelOptions) -> Result<Leveling, Error> {
    level_with(model, opts, None)
}

/// Whether the model came from a PSPLIB import.
pub fn is_psplib(model: &Model) -> bool {
    model
        .document()
        .plans
        .iter()
        .any(|p| p.extensions.contains_key(PSPLIB_EXTENSION))
}

/// Levels the model's resources, calling `progress` between generations.
pub fn level_with(
    model: &Model,
    opts: &LevelOptions,
    progress: Option<Progress<'_>>,
) -> Result<Leveling, Error> {
    let budget = opts.schedules.unwrap_or(1000);
    if budget == 0 || budget > MAX_SCHEDULES {
        return Err(Error::calc(
            codes::BAD_OPTION,
            Some("schedules"),
            format!("schedules must be 1 to {MAX_SCHEDULES}, not {budget}"),
        ));
    }
    let mode = opts.mode.unwrap_or(if is_psplib(model) {
        LevelMode::Optimise
    } else {
        LevelMode::Standard
    });
    let seed = opts.seed.unwrap_or(1);
    let s = schedule(
        model,
        &ScheduleOptions {
            status_date: opts.status_date,
            ..Default::default()
        },
    )?;
    let inst = instance::build(model, &s)?;
    let p = &inst.problem;
    let topo = p.topological().map_err(|left| {
        let ids: Vec<String> = left
            .iter()
            .filter(|&&j| (j as usize) < inst.tasks)
            .map(|&j| s.tasks[j as usize].id.clone())
            .collect();
        Error::calc(
            "dependency_cycle",
            ids.first().map(String::as_str),
            format!(
                "the leveling network has a cycle through {}",
                ids.join(", ")
            ),
        )
    })?;
    let es = p.early_starts(&topo);
    let lower = p.cpm_length(&es);
    let rbound = p.resource_bound();
    let mut prof = Profile::new(p.cap.len());
    let mut leveled = Vec::new();
    let unleveled_ms = rcpsp::serial_fixed(p, &es, &mut prof)?;
    debug_assert!(unleveled_ms >= lower);
    let over_before = overallocations(model, &inst, &s, &es, &prof)?;
    let ids: Vec<&str> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    let usage_before = usage::rows(model, &inst, &prof, &es, &ids, UsagePeriod::Day)?;
    let (start, schedules, stopped, lft) = match mode {
        LevelMode::Standard => {
            let prio = standard_priority(&inst, &es);
            let order = rcpsp::list_by_priority(p, &prio);
            let latest: Option<Vec<i64>> = opts.within_slack.then(|| {
                (0..p.len())
                    .map(|j| p.release[j].saturating_add(inst.float[j]))
                    .collect()
            });
            rcpsp::serial(p, &order, latest.as_deref(), &mut prof, &mut leveled)?;
            (leveled, 1, false, None)
        }
        LevelMode::Optimise => {
            let out = ga::optimise(p, budget, seed, lower.max(rbound), progress)?;
            (
                out.best.start,
                out.schedules,
                out.stopped,
                Some(out.lft_makespan),
            )
        }
    };
    rcpsp::serial_fixed(p, &start, &mut prof)?;
    let over_after = overallocations(model, &inst, &s, &start, &prof)?;
    let usage = usage::rows(model, &inst, &prof, &start, &ids, UsagePeriod::Day)?;
    let mut tasks = Vec::new();
    let mut makespan = 0;
    let mut finish = s.project_start;
    for (t, tt) in s.tasks.iter().enumerate() {
        if !inst.leaf[t] {
            continue;
        }
        let delay = start[t] - p.release[t];
        let shift = delay.saturating_mul(inst.per);
        let cal = s.cals.get(s.task_cal[t] as usize).unwrap_or(&inst.cal);
        // a start lands on a working minute (an add can end at a day's last
        // minute, which is the same working instant as the next day's first)
        let a = if shift == 0 {
            tt.start
        } else {
            from_minutes(cal.next_start(cal.add(to_minutes(tt.start), shift)?)?)?
        };
        let b = from_minutes(cal.add(to_minutes(tt.finish), shift)?)?;
        makespan = makespan.max(start[t] + p.dur[t]);
        finish = finish.max(b);
        tasks.push(LeveledTask {
            id: tt.id.clone(),
            start: a,
            finish: b,
            start_day: inst.day(start[t]),
            finish_day: inst.day(start[t] + p.dur[t]),
            leveling_delay_days: delay,
            early_start: tt.start,
            early_finish: tt.finish,
        });
    }
    Ok(Leveling {
        mode,
        project_start: s.project_start,
        makespan_days: inst.day(makespan),
        lower_bound_days: inst.day(lower),
        resource_bound_days: rbound,
        lft_makespan_days: lft.map(|d| inst.day(d)),
        schedules,
        seed: (mode == LevelMode::Optimise).then_some(seed),
        stopped,
        finish,
        unleveled_finish: s.project_finish,
        tasks,
        overallocations: over_after,
        overallocations_before: over_before,
        usage,
        usage_before,
    })
}

/// MS Project's standard order as one priority value per activity: total
/// slack, then priority (higher first), then the unleveled start, then
/// document order.
fn standard_priority(inst: &Instance, es: &[i64]) -> Vec<i64> {
    let n = inst.problem.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by_key(|&j| {
        (
            !inst.problem.pinned[j],
            inst.float[j],
            std::cmp::Reverse(inst.priority[j]),
            es[j],
            j,
        )
    });
    let mut prio = vec![0i64; n];
    for (rank, &j) in idx.iter().enumerate() {
        prio[j] = rank as i64;
    }
    prio
}

/// Runs of over-allocated days per resource in a profile.
fn overallocations(
    model: &Model,
    inst: &Instance,
    s: &crate::schedule::Schedule,
    start: &[i64],
    prof: &Profile,
) -> Result<Vec<Overallocation>, Error> {
    let p: &Problem = &inst.problem;
    let doc = model.document();
    let mut out = Vec::new();
    for (k, &cap) in p.cap.iter().enumerate() {
        let mut t = 0;
        while t < prof.periods() {
            if prof.at(t, k) <= cap {
                t += 1;
                continue;
            }
            let from = t;
            let mut peak = 0;
            while t < prof.periods() && prof.at(t, k) > cap {
                peak = peak.max(prof.at(t, k));
                t += 1;
            }
            let mut tasks = Vec::new();
            for (j, &sj) in start.iter().enumerate().take(inst.tasks) {
                let uses = p.requests(j).iter().any(|&(kk, _)| kk as usize == k);
                if uses && sj < t && sj + p.dur[j] > from {
                    tasks.push(s.tasks[j].id.clone());
                }
            }
            let first = from_minutes(inst.period_start(from)?)?.date();
            let last = from_minutes(inst.period_start(t - 1)?)?.date();
            out.push(Overallocation {
                resource: doc.resources[inst.resources[k] as usize].id.clone(),
                from_day: inst.day(from),
                to_day: inst.day(t),
                from: first,
                to: last,
                peak_units: peak as f64 / 1000.0,
                capacity_units: cap as f64 / 1000.0,
                tasks,
            });
        }
    }
    Ok(out)
}
