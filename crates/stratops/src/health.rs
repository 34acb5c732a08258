//! Schedule health: the DCMA 14-point assessment (DCMA-EA PAM 200.1,
//! October 2012), with check 12 run for real: a critical task is delayed,
//! the plan rescheduled, and the project finish must slip by as much.
//!
//! ```
//! let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-10-06", "end": "2027-12-31"},
//!   "tasks": [{"id": "s", "name": "Start", "kind": "milestone"},
//!             {"id": "a", "name": "A", "duration": "5d", "dependencies": [{"predecessor": "s"}]},
//!             {"id": "f", "name": "Finish", "kind": "milestone", "dependencies": [{"predecessor": "a"}]}]}]}"#)?;
//! let h = stratops::health::health(&model, &Default::default())?;
//! let cp = &h.checks[11];
//! assert_eq!((cp.number, cp.pass), (12, Some(true)));
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! Definitions, thresholds and sources: `docs/health.md`.

use serde::Serialize;

use crate::calendar::{project_calendar, to_minutes};
use crate::error::Error;
use crate::index::{EntityKind, NONE};
use crate::model::{ConstraintType, TaskKind};
use crate::schedule::{schedule, Schedule, ScheduleOptions};
use crate::values::{Date, DateOrTime, Duration, DurationUnit};
use crate::Model;

/// The thresholds of one profile: data, kept in one place.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Profile {
    /// Its name.
    pub name: &'static str,
    /// Working days beyond which float (check 6) and duration (check 8)
    /// are "high".
    pub high_days: i64,
    /// The most percent of tasks (checks 1, 5, 6, 8, 11) or links (check 3).
    pub max_pct: f64,
    /// The least percent of links that are finish-to-start (check 4).
    pub min_fs_pct: f64,
    /// The most tasks without resources (check 10); `None`: count only.
    pub max_unresourced: Option<i64>,
    /// The working days of delay check 12 adds.
    pub cp_test_days: i64,
    /// The least CPLI (check 13) and BEI (check 14).
    pub min_index: f64,
}

/// The DCMA 14-point thresholds (the default profile).
pub const DCMA: Profile = Profile {
    name: "dcma",
    high_days: 44,
    max_pct: 5.0,
    min_fs_pct: 90.0,
    max_unresourced: Some(0),
    cp_test_days: 600,
    min_index: 0.95,
};

/// The profiles this build knows.
pub const PROFILES: &[Profile] = &[DCMA];

/// Options of a health run.
#[derive(Debug, Clone, Default)]
pub struct HealthOptions {
    /// The status date: the schedule is the plan as executed at it; checks
    /// 9, 11 and 14 need it.
    pub status_date: Option<Date>,
    /// The profile name (default `dcma`).
    pub profile: Option<String>,
}

/// One check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// 1-14.
    pub number: u8,
    /// Its name, such as `missing_logic`.
    pub name: &'static str,
    /// The metric: a percent, a count, or an index.
    pub value: Option<f64>,
    /// What the metric is compared with.
    pub threshold: Option<f64>,
    /// `<=`, `>=` or `=`.
    pub comparison: &'static str,
    /// `percent`, `count` or `index`.
    pub unit: &'static str,
    /// Whether it passes; `null` when it cannot run (see `note`).
    pub pass: Option<bool>,
    /// The offending task ids (for check 12, the critical path of the task
    /// delayed, which the note names).
    pub tasks: Vec<String>,
    /// How many tasks or links the percent is of.
    pub population: usize,
    /// Why it could not run, or how it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Health {
    /// The status date, if any.
    pub status_date: Option<Date>,
    /// The profile used.
    pub profile: String,
    /// The 14 checks, in order.
    pub checks: Vec<Check>,
    /// How many passed.
    pub passed: usize,
    /// How many failed (checks that cannot run count in neither).
    pub failed: usize,
}

fn pct(n: usize, of: usize) -> Option<f64> {
    (of > 0).then(|| n as f64 * 100.0 / of as f64)
}

struct Ctx<'a> {
    model: &'a Model,
    s: &'a Schedule,
    p: Profile,
    /// Incomplete leaf tasks, in document order.
    pop: Vec<u32>,
    day: i64,
}

#[allow(clippy::too_many_arguments)]
fn check(
    number: u8,
    name: &'static str,
    value: Option<f64>,
    threshold: Option<f64>,
    comparison: &'static str,
    unit: &'static str,
    tasks: Vec<String>,
    population: usize,
) -> Check {
    let pass = match (value, threshold) {
        (Some(v), Some(t)) => Some(match comparison {
            "<=" => v <= t + 1e-9,
            ">=" => v >= t - 1e-9,
            _ => (v - t).abs() < 1e-9,
        }),
        _ => None,
    };
    Check {
        number,
        name,
        value,
        threshold,
        comparison,
        unit,
        pass,
        tasks,
        population,
        note: value
            .is_none()
            .then(|| "nothing to measure: no task or link in the population".to_string()),
    }
}

fn cannot(mut c: Check, note: &str) -> Check {
    c.pass = None;
    c.value = None;
    c.note = Some(note.to_string());
    c
}

/// Runs the 14 checks. Errors: `bad_option` for an unknown profile, and
/// those of the schedule.
pub fn health(model: &Model, opts: &HealthOptions) -> Result<Health, Error> {
    health_on(model, opts, None)
}

/// [`health`] on a schedule the caller already has (the report's, at the
/// same status date), so it is not computed again.
pub(crate) fn health_on(
    model: &Model,
    opts: &HealthOptions,
    given: Option<&Schedule>,
) -> Result<Health, Error> {
    let name = opts.profile.as_deref().unwrap_or("dcma");
    let p = *PROFILES.iter().find(|p| p.name == name).ok_or_else(|| {
        Error::calc(
            crate::error::codes::BAD_OPTION,
            Some("profile"),
            format!("no health profile named {name:?}; known: dcma"),
        )
    })?;
    let sopts = ScheduleOptions {
        status_date: opts.status_date,
        ..Default::default()
    };
    let computed;
    let s = match given {
        Some(s) => s,
        None => {
            computed = schedule(model, &sopts)?;
            &computed
        }
    };
    let ix = model.index();
    let pop: Vec<u32> = (0..ix.tasks.len() as u32)
        .filter(|&t| !ix.is_summary(t) && !complete(model, t))
        .collect();
    let cx = Ctx {
        model,
        s,
        p,
        pop,
        day: model.document().settings.minutes_per_day.max(1),
    };
    let mut checks = Vec::with_capacity(14);
    checks.push(missing_logic(&cx));
    checks.extend(link_checks(&cx));
    checks.push(hard_constraints(&cx));
    checks.push(high_float(&cx));
    checks.push(negative_float(&cx));
    checks.push(high_duration(&cx));
    checks.push(invalid_dates(&cx, opts.status_date));
    checks.push(resources(&cx));
    checks.push(missed_tasks(&cx, opts.status_date));
    checks.push(critical_path_test(&cx, &sopts)?);
    checks.push(cpli(&cx, opts.status_date)?);
    checks.push(bei(&cx, opts.status_date));
    let passed = checks.iter().filter(|c| c.pass == Some(true)).count();
    let failed = checks.iter().filter(|c| c.pass == Some(false)).count();
    Ok(Health {
        status_date: opts.status_date,
        profile: p.name.to_string(),
        checks,
        passed,
        failed,
    })
}

fn complete(model: &Model, t: u32) -> bool {
    model
        .task(t)
        .progress
        .as_ref()
        .is_some_and(|p| p.actual_finish.is_some() || p.percent_complete >= 100.0)
}

fn id(cx: &Ctx<'_>, t: u32) -> String {
    cx.model.task(t).id.clone()
}

/// Whether `t` or a WBS ancestor has a predecessor link.
fn has_pred(model: &Model, t: u32) -> bool {
    let ix = model.index();
    let mut x = t;
    while x != NONE {
        if !model.task(x).dependencies.is_empty() {
            return true;
        }
        x = ix.task_parent[x as usize];
    }
    false
}

/// Check 1: Tasks with no predecessor or no successor (links on a WBS ancestor
/// count; a milestone's open start or end is the project's own).
fn missing_logic(cx: &Ctx<'_>) -> Check {
    let ix = cx.model.index();
    let n = ix.tasks.len();
    let mut succ = vec![false; n];
    for t in 0..n as u32 {
        for (k, _) in cx.model.task(t).dependencies.iter().enumerate() {
            if let Some(p) = ix.predecessor(t, k) {
                succ[p as usize] = true;
            }
        }
    }
    // A summary's successor is every descendant's.
    for &t in &ix.wbs_order {
        let p = ix.task_parent[t as usize];
        if p != NONE && succ[p as usize] {
            succ[t as usize] = true;
        }
    }
    let bad: Vec<String> = cx
        .pop
        .iter()
        .filter(|&&t| {
            let milestone = cx.s.tasks[t as usize].kind == TaskKind::Milestone;
            !milestone && (!has_pred(cx.model, t) || !succ[t as usize])
        })
        .map(|&t| id(cx, t))
        .collect();
    check(
        1,
        "missing_logic",
        pct(bad.len(), cx.pop.len()),
        Some(cx.p.max_pct),
        "<=",
        "percent",
        bad,
        cx.pop.len(),
    )
}

/// Checks 2-4: Leads, lags and link types, over the links into incomplete tasks.
fn link_checks(cx: &Ctx<'_>) -> [Check; 3] {
    let (mut leads, mut lags, mut not_fs) = (Vec::new(), Vec::new(), Vec::new());
    let mut links = 0;
    for &t in &cx.pop {
        for d in &cx.model.task(t).dependencies {
            links += 1;
            let amount = d
                .lag
                .as_ref()
                .map_or(rust_decimal::Decimal::ZERO, |l| l.amount);
            if amount < rust_decimal::Decimal::ZERO {
                leads.push(id(cx, t));
            } else if amount > rust_decimal::Decimal::ZERO {
                lags.push(id(cx, t));
            }
            if d.link_type != crate::model::LinkType::FS {
                not_fs.push(id(cx, t));
            }
        }
    }
    let fs = links - not_fs.len();
    [
        check(
            2,
            "leads",
            Some(leads.len() as f64),
            Some(0.0),
            "=",
            "count",
            leads,
            links,
        ),
        check(
            3,
            "lags",
            pct(lags.len(), links),
            Some(cx.p.max_pct),
            "<=",
            "percent",
            lags,
            links,
        ),
        check(
            4,
            "relationship_types",
            pct(fs, links),
            Some(cx.p.min_fs_pct),
            ">=",
            "percent",
            not_fs,
            links,
        ),
    ]
}

/// Check 5: Hard constraints: MSO, MFO, SNLT, FNLT.
fn hard_constraints(cx: &Ctx<'_>) -> Check {
    let bad: Vec<String> = cx
        .pop
        .iter()
        .filter(|&&t| {
            cx.model.task(t).constraint.as_ref().is_some_and(|c| {
                matches!(
                    c.kind,
                    ConstraintType::MSO
                        | ConstraintType::MFO
                        | ConstraintType::SNLT
                        | ConstraintType::FNLT
                )
            })
        })
        .map(|&t| id(cx, t))
        .collect();
    check(
        5,
        "hard_constraints",
        pct(bad.len(), cx.pop.len()),
        Some(cx.p.max_pct),
        "<=",
        "percent",
        bad,
        cx.pop.len(),
    )
}

/// Check 6: Total float over the profile's days.
fn high_float(cx: &Ctx<'_>) -> Check {
    let lim = cx.p.high_days * cx.day;
    let bad: Vec<String> = cx
        .pop
        .iter()
        .filter(|&&t| cx.s.tasks[t as usize].total_float_min > lim)
        .map(|&t| id(cx, t))
        .collect();
    check(
        6,
        "high_float",
        pct(bad.len(), cx.pop.len()),
        Some(cx.p.max_pct),
        "<=",
        "percent",
        bad,
        cx.pop.len(),
    )
}

/// Check 7: Negative float.
fn negative_float(cx: &Ctx<'_>) -> Check {
    let bad: Vec<String> = cx
        .pop
        .iter()
        .filter(|&&t| cx.s.tasks[t as usize].total_float_min < 0)
        .map(|&t| id(cx, t))
        .collect();
    check(
        7,
        "negative_float",
        Some(bad.len() as f64),
        Some(0.0),
        "=",
        "count",
        bad,
        cx.pop.len(),
    )
}

/// Check 8: Duration over the profile's days (milestones left out).
fn high_duration(cx: &Ctx<'_>) -> Check {
    let lim = cx.p.high_days * cx.day;
    let tasks: Vec<u32> = cx
        .pop
        .iter()
        .copied()
        .filter(|&t| cx.s.tasks[t as usize].kind != TaskKind::Milestone)
        .collect();
    let bad: Vec<String> = tasks
        .iter()
        .filter(|&&t| cx.s.tasks[t as usize].duration_min > lim)
        .map(|&t| id(cx, t))
        .collect();
    check(
        8,
        "high_duration",
        pct(bad.len(), tasks.len()),
        Some(cx.p.max_pct),
        "<=",
        "percent",
        bad,
        tasks.len(),
    )
}

/// Check 9: Invalid dates: a forecast of work not done before the status date,
/// or an actual date after it.
fn invalid_dates(cx: &Ctx<'_>, status: Option<Date>) -> Check {
    let c = check(
        9,
        "invalid_dates",
        None,
        Some(0.0),
        "=",
        "count",
        vec![],
        cx.pop.len(),
    );
    let Some(sd) = status else {
        return cannot(c, "needs a status date");
    };
    let end = DateOrTime::Date(sd).as_finish();
    let ix = cx.model.index();
    let mut bad = Vec::new();
    for t in 0..ix.tasks.len() as u32 {
        if ix.is_summary(t) {
            continue;
        }
        let task = cx.model.task(t);
        let pr = task.progress.as_ref();
        let actual_after = pr.is_some_and(|p| {
            [p.actual_start, p.actual_finish]
                .iter()
                .flatten()
                .any(|d| d.as_start() > end)
        });
        let started = pr.is_some_and(|p| p.actual_start.is_some() || p.percent_complete > 0.0);
        let times = &cx.s.tasks[t as usize];
        let forecast_before = !complete(cx.model, t)
            && (times.early_finish < end || (!started && times.early_start < end));
        if actual_after || forecast_before {
            bad.push(task.id.clone());
        }
    }
    check(
        9,
        "invalid_dates",
        Some(bad.len() as f64),
        Some(0.0),
        "=",
        "count",
        bad,
        cx.pop.len(),
    )
}

/// Check 10: Tasks with a duration but neither assignments nor cost lines.
fn resources(cx: &Ctx<'_>) -> Check {
    let doc = cx.model.document();
    let costed: std::collections::HashSet<&str> = doc
        .plans
        .iter()
        .flat_map(|p| p.costs.iter().filter_map(|c| c.task.as_deref()))
        .collect();
    let tasks: Vec<u32> = cx
        .pop
        .iter()
        .copied()
        .filter(|&t| cx.s.tasks[t as usize].duration_min > 0)
        .collect();
    let bad: Vec<String> = tasks
        .iter()
        .filter(|&&t| {
            let task = cx.model.task(t);
            task.assignments.is_empty() && !costed.contains(task.id.as_str())
        })
        .map(|&t| id(cx, t))
        .collect();
    let mut c = check(
        10,
        "resources",
        Some(bad.len() as f64),
        cx.p.max_unresourced.map(|n| n as f64),
        "<=",
        "count",
        bad,
        tasks.len(),
    );
    if cx.p.max_unresourced.is_none() {
        c.note = Some("the profile sets no threshold: the count only".into());
    }
    c
}

/// What checks 11 and 14 need: the end of the status date and each
/// task's baseline 0 finish (minutes), or why they cannot run.
fn due_inputs(cx: &Ctx<'_>, status: Option<Date>) -> Result<(i64, Vec<Option<i64>>), &'static str> {
    let sd = status.ok_or("needs a status date")?;
    let base = crate::baseline::finishes(cx.model, 0).ok_or("needs baseline 0")?;
    let base = base.into_iter().map(|f| f.map(to_minutes)).collect();
    Ok((to_minutes(DateOrTime::Date(sd).as_finish()), base))
}

fn finished_at(cx: &Ctx<'_>, t: u32) -> Option<i64> {
    let task = cx.model.task(t);
    let p = task.progress.as_ref()?;
    if let Some(f) = p.actual_finish {
        return Some(to_minutes(f.as_finish()));
    }
    (p.percent_complete >= 100.0).then(|| to_minutes(cx.s.tasks[t as usize].early_finish))
}

/// Check 11: Tasks baselined to finish by the status date that did not, or
/// finished late.
fn missed_tasks(cx: &Ctx<'_>, status: Option<Date>) -> Check {
    let c = check(
        11,
        "missed_tasks",
        None,
        Some(cx.p.max_pct),
        "<=",
        "percent",
        vec![],
        0,
    );
    let (end, base) = match due_inputs(cx, status) {
        Ok(x) => x,
        Err(why) => return cannot(c, why),
    };
    let ix = cx.model.index();
    let due: Vec<u32> = (0..ix.tasks.len() as u32)
        .filter(|&t| !ix.is_summary(t) && base[t as usize].is_some_and(|b| b <= end))
        .collect();
    if due.is_empty() {
        return cannot(c, "no task was baselined to finish by the status date");
    }
    let bad: Vec<String> = due
        .iter()
        .filter(|&&t| {
            let b = base[t as usize].unwrap_or(i64::MAX);
            finished_at(cx, t).is_none_or(|f| f > b)
        })
        .map(|&t| id(cx, t))
        .collect();
    check(
        11,
        "missed_tasks",
        pct(bad.len(), due.len()),
        Some(cx.p.max_pct),
        "<=",
        "percent",
        bad,
        due.len(),
    )
}

/// Check 12: The critical path test: delay an unstarted critical task by the
/// profile's days, reschedule, and the project finish must slip as much.
fn critical_path_test(cx: &Ctx<'_>, sopts: &ScheduleOptions) -> Result<Check, Error> {
    let c = check(
        12,
        "critical_path_test",
        None,
        Some(cx.p.cp_test_days as f64),
        "=",
        "days",
        vec![],
        0,
    );
    let ix = cx.model.index();
    let pick = cx.s.critical_paths.iter().flatten().find_map(|tid| {
        let t = ix.of_kind(tid, EntityKind::Task)?;
        let task = cx.model.task(t);
        let started = task
            .progress
            .as_ref()
            .is_some_and(|p| p.actual_start.is_some() || p.percent_complete > 0.0);
        let elapsed = task.duration.as_ref().is_some_and(|d| d.elapsed);
        (task.kind == TaskKind::Task
            && task.manual.is_none()
            && !started
            && !elapsed
            && !ix.is_summary(t))
        .then_some(t)
    });
    let Some(t) = pick else {
        return Ok(cannot(
            c,
            "no unstarted, automatically scheduled critical task to delay",
        ));
    };
    let added = cx.p.cp_test_days * cx.day;
    let dur = cx.s.tasks[t as usize].duration_min;
    let mut m = cx.model.clone();
    m.set_task_duration(
        t,
        Some(Duration {
            amount: rust_decimal::Decimal::from(dur + added),
            unit: DurationUnit::Minutes,
            elapsed: false,
        }),
    )?;
    let delayed = match schedule(&m, sopts) {
        Ok(s) => s,
        Err(e) if matches!(e.code(), "date_out_of_range" | "overflow") => {
            return Ok(cannot(c, "the delayed schedule runs beyond the year 9999"));
        }
        Err(e) => return Err(e),
    };
    // The slip, in working minutes of the delayed task's calendar.
    let slip = delayed.working_minutes(t, cx.s.project_finish, delayed.project_finish)?;
    let mut out = check(
        12,
        "critical_path_test",
        Some(slip as f64 / cx.day as f64),
        Some(cx.p.cp_test_days as f64),
        "=",
        "days",
        cx.s.critical_paths
            .iter()
            .find(|p| p.contains(&id(cx, t)))
            .cloned()
            .unwrap_or_else(|| vec![id(cx, t)]),
        1,
    );
    out.note = Some(format!(
        "delayed {} by {} working days: the project finish moved from {} to {}",
        id(cx, t),
        cx.p.cp_test_days,
        cx.s.project_finish,
        delayed.project_finish
    ));
    Ok(out)
}

/// Check 13: CPLI = (critical path length + project total float) / critical path
/// length, in working days of the project calendar. The critical path runs
/// from the status date (else the project start) to the project finish; the
/// project's total float is the float of the tasks that finish it (the
/// least of theirs), not the least float of any task.
fn cpli(cx: &Ctx<'_>, status: Option<Date>) -> Result<Check, Error> {
    let cal = project_calendar(cx.model)?;
    let from = match status {
        Some(sd) => {
            to_minutes(DateOrTime::Date(sd).as_finish()).max(to_minutes(cx.s.project_start))
        }
        None => to_minutes(cx.s.project_start),
    };
    let pf = to_minutes(cx.s.project_finish);
    let cpl = cal.between(from, pf)? as f64 / cx.day as f64;
    let ptf =
        cx.s.tasks
            .iter()
            .enumerate()
            .filter(|(t, tt)| {
                !cx.model.index().is_summary(*t as u32) && tt.early_finish == cx.s.project_finish
            })
            .map(|(_, tt)| tt.total_float_min)
            .min()
            .unwrap_or(0) as f64
            / cx.day as f64;
    let c = check(
        13,
        "cpli",
        None,
        Some(cx.p.min_index),
        ">=",
        "index",
        vec![],
        0,
    );
    if cpl <= 0.0 {
        return Ok(cannot(c, "no critical path length left at the status date"));
    }
    let mut out = check(
        13,
        "cpli",
        Some((cpl + ptf) / cpl),
        Some(cx.p.min_index),
        ">=",
        "index",
        vec![],
        0,
    );
    out.note = Some(format!(
        "critical path length {cpl} working days, project total float {ptf}"
    ));
    Ok(out)
}

/// Check 14: BEI = tasks completed / tasks baselined to complete by the status
/// date (not capped at 1: work finished early counts).
fn bei(cx: &Ctx<'_>, status: Option<Date>) -> Check {
    let c = check(
        14,
        "bei",
        None,
        Some(cx.p.min_index),
        ">=",
        "index",
        vec![],
        0,
    );
    let (end, base) = match due_inputs(cx, status) {
        Ok(x) => x,
        Err(why) => return cannot(c, why),
    };
    let ix = cx.model.index();
    let leaves = (0..ix.tasks.len() as u32).filter(|&t| !ix.is_summary(t));
    let due: Vec<u32> = leaves
        .clone()
        .filter(|&t| base[t as usize].is_some_and(|b| b <= end))
        .collect();
    let done = leaves
        .filter(|&t| finished_at(cx, t).is_some_and(|f| f <= end))
        .count();
    if due.is_empty() {
        return cannot(c, "no task was baselined to finish by the status date");
    }
    let late: Vec<String> = due
        .iter()
        .filter(|&&t| finished_at(cx, t).is_none())
        .map(|&t| id(cx, t))
        .collect();
    let mut out = check(
        14,
        "bei",
        Some(done as f64 / due.len() as f64),
        Some(cx.p.min_index),
        ">=",
        "index",
        late,
        due.len(),
    );
    out.note = Some(format!(
        "{done} tasks completed by the status date, {} baselined to",
        due.len()
    ));
    out
}
