//! Baselines: saving the plan's dates, durations, work and costs under a
//! number 0-10, and the variance of the plan as executed against one.
//!
//! ```
//! use stratops::baseline::{save_baseline, variance};
//! let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
//!   "tasks": [{"id": "a", "name": "A", "duration": "2d"}]}]}"#)?;
//! let saved = save_baseline(&model, 0, "2025-10-01".parse().unwrap(), None)?;
//! let mut doc = saved.clone();
//! doc.plans[0].tasks[0].duration = Some("3d".parse().unwrap());
//! let later = stratops::Model::new(doc)?;
//! let v = variance(&later, 0, None)?;
//! // one working day (480 min) late
//! assert_eq!(v.tasks[0].finish_variance_min, Some(480));
//! assert_eq!(v.slipped, vec!["a".to_string()]);
//! # Ok::<(), stratops::Error>(())
//! ```

use rust_decimal::Decimal;
use serde::Serialize;

use crate::budget::{budget, BudgetOptions};
use crate::calendar::to_minutes;
use crate::error::Error;
use crate::model::{Baseline, BaselineTask, Document};
use crate::schedule::{schedule, ScheduleOptions};
use crate::values::{Date, DateOrTime, DateTime, Duration, DurationUnit, Money};
use crate::Model;

/// Each task's finish in baseline `number` (by dense task index), where
/// its plan has that baseline and the baseline gives one; `None` when no
/// plan has the baseline. Health checks 11 and 14 and the report's
/// forecast read it.
pub(crate) fn finishes(model: &Model, number: i64) -> Option<Vec<Option<DateTime>>> {
    let ix = model.index();
    let mut any = false;
    let mut out = vec![None; ix.tasks.len()];
    for p in &model.document().plans {
        let Some(b) = p.baselines.iter().find(|b| b.number == number) else {
            continue;
        };
        any = true;
        for bt in &b.tasks {
            if let (Some(t), Some(f)) = (
                ix.of_kind(&bt.task, crate::index::EntityKind::Task),
                bt.finish,
            ) {
                out[t as usize] = Some(f.as_finish());
            }
        }
    }
    any.then_some(out)
}

fn check_number(number: i64) -> Result<(), Error> {
    if (0..=crate::validate::MAX_BASELINE).contains(&number) {
        Ok(())
    } else {
        Err(Error::calc(
            "bad_baseline_number",
            Some("baseline"),
            format!("baseline number {number} is not within 0..=10"),
        ))
    }
}

/// Returns the document with baseline `number` saved in every plan that
/// has tasks (replacing one of that number): each task's scheduled start
/// and finish (at `status_date` when given), its duration, its assignment
/// work and its cost with its WBS descendants'. `saved` is the day it is
/// saved on (the core never reads the clock). Errors as the schedule and
/// budget, and `bad_baseline_number` outside 0-10.
pub fn save_baseline(
    model: &Model,
    number: i64,
    saved: Date,
    status_date: Option<Date>,
) -> Result<Document, Error> {
    check_number(number)?;
    let s = schedule(
        model,
        &ScheduleOptions {
            status_date,
            ..Default::default()
        },
    )?;
    let b = budget(model, Some(&s), &BudgetOptions::default())?;
    let mut doc = model.document().clone();
    let ix = model.index();
    let mut rows: Vec<Vec<BaselineTask>> = vec![Vec::new(); doc.plans.len()];
    for (t, times) in s.tasks.iter().enumerate() {
        let task = model.task(t as u32);
        let work: f64 = task.assignments.iter().filter_map(|a| a.hours).sum();
        rows[ix.tasks[t].0 as usize].push(BaselineTask {
            task: times.id.clone(),
            start: Some(DateOrTime::DateTime(times.start)),
            finish: Some(DateOrTime::DateTime(times.finish)),
            duration: Some(Duration {
                amount: Decimal::from(times.duration_min),
                unit: DurationUnit::Minutes,
                elapsed: false,
            }),
            work_hours: (work > 0.0).then_some(work),
            cost: Some(b.by_task.get(&times.id).map_or(Money::ZERO, |c| c.total)),
        });
    }
    for (plan, tasks) in doc.plans.iter_mut().zip(rows) {
        if tasks.is_empty() {
            continue;
        }
        plan.baselines.retain(|b| b.number != number);
        plan.baselines.push(Baseline {
            number,
            saved: Some(saved),
            status_date,
            tasks,
            extensions: Default::default(),
        });
        crate::sort::by_key(&mut plan.baselines, |b| b.number);
    }
    Ok(doc)
}

/// One task against its baseline. Variances are positive when the task is
/// later, longer or dearer than baselined; dates in working minutes of the
/// task's calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskVariance {
    /// The task id.
    pub id: String,
    /// The baseline start.
    pub baseline_start: Option<DateTime>,
    /// The baseline finish.
    pub baseline_finish: Option<DateTime>,
    /// The start now (forecast at the status date, if given).
    pub start: DateTime,
    /// The finish now.
    pub finish: DateTime,
    /// `start − baseline start`.
    pub start_variance_min: Option<i64>,
    /// `finish − baseline finish`.
    pub finish_variance_min: Option<i64>,
    /// `duration − baseline duration`, in minutes.
    pub duration_variance_min: Option<i64>,
    /// `cost − baseline cost`.
    pub cost_variance: Option<Money>,
}

/// A plan's finish against its baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVariance {
    /// The plan id.
    pub plan: String,
    /// The latest baseline finish of its tasks.
    pub baseline_finish: Option<DateTime>,
    /// The latest finish of its tasks now.
    pub forecast_finish: Option<DateTime>,
    /// `forecast − baseline`, in working minutes of the project calendar
    /// (the document's default).
    pub finish_variance_min: Option<i64>,
    /// The baseline cost of its tasks.
    pub baseline_cost: Money,
    /// Their cost now.
    pub cost: Money,
}

/// The plan as executed against a baseline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variance {
    /// The baseline number.
    pub baseline: i64,
    /// The status date the dates were forecast at, if any.
    pub status_date: Option<Date>,
    /// Every baselined task, in document order.
    pub tasks: Vec<TaskVariance>,
    /// Every plan with the baseline.
    pub plans: Vec<PlanVariance>,
    /// Leaf tasks that finish later than baselined, in document order.
    pub slipped: Vec<String>,
}

/// Compares the plan (scheduled at `status_date`, if given) with baseline
/// `number`. Errors: `bad_baseline_number`, `unknown_baseline` when no plan
/// has it, and those of the schedule and budget.
pub fn variance(model: &Model, number: i64, status_date: Option<Date>) -> Result<Variance, Error> {
    check_number(number)?;
    let doc = model.document();
    if !doc
        .plans
        .iter()
        .any(|p| p.baselines.iter().any(|b| b.number == number))
    {
        return Err(Error::calc(
            "unknown_baseline",
            Some("baseline"),
            format!("no plan has baseline {number}"),
        ));
    }
    let s = schedule(
        model,
        &ScheduleOptions {
            status_date,
            ..Default::default()
        },
    )?;
    let b = budget(model, Some(&s), &BudgetOptions::default())?;
    let ix = model.index();
    let scale = doc.settings.scale();
    let mut tasks = Vec::new();
    let mut plans = Vec::new();
    let mut slipped = Vec::new();
    for plan in &doc.plans {
        let Some(base) = plan.baselines.iter().find(|b| b.number == number) else {
            continue;
        };
        let mut pv = PlanVariance {
            plan: plan.id.clone(),
            baseline_finish: None,
            forecast_finish: None,
            finish_variance_min: None,
            baseline_cost: Money::ZERO,
            cost: Money::ZERO,
        };
        let mut rows: Vec<(u32, TaskVariance)> = Vec::new();
        for bt in &base.tasks {
            let Some(t) = ix.of_kind(&bt.task, crate::index::EntityKind::Task) else {
                continue;
            };
            let times = &s.tasks[t as usize];
            let bs = bt.start.map(|d| d.as_start());
            let bf = bt.finish.map(|d| d.as_finish());
            let between = |a: DateTime, c: DateTime| s.working_minutes(t, a, c);
            let cost = b.by_task.get(&times.id).map_or(Money::ZERO, |c| c.total);
            let top = ix.task_parent[t as usize] == crate::index::NONE;
            let overflow = || {
                Error::calc(
                    "overflow",
                    Some(&times.id),
                    "a baseline cost exceeds the range of an exact decimal",
                )
            };
            if top {
                if let Some(c) = bt.cost {
                    pv.baseline_cost.0 =
                        pv.baseline_cost.0.checked_add(c.0).ok_or_else(overflow)?;
                }
                pv.cost.0 = pv.cost.0.checked_add(cost.0).ok_or_else(overflow)?;
            }
            if let Some(f) = bf {
                pv.baseline_finish = Some(pv.baseline_finish.map_or(f, |x: DateTime| x.max(f)));
            }
            pv.forecast_finish = Some(
                pv.forecast_finish
                    .map_or(times.finish, |x: DateTime| x.max(times.finish)),
            );
            let row = TaskVariance {
                id: times.id.clone(),
                baseline_start: bs,
                baseline_finish: bf,
                start: times.start,
                finish: times.finish,
                start_variance_min: bs.map(|x| between(x, times.start)).transpose()?,
                finish_variance_min: bf.map(|x| between(x, times.finish)).transpose()?,
                duration_variance_min: bt
                    .duration
                    .as_ref()
                    .and_then(|d| d.minutes(scale))
                    .map(|m| times.duration_min.saturating_sub(m)),
                cost_variance: bt
                    .cost
                    .map(|c| cost.0.checked_sub(c.0).map(Money).ok_or_else(overflow))
                    .transpose()?,
            };
            if !ix.is_summary(t) && row.finish_variance_min.is_some_and(|v| v > 0) {
                slipped.push((t, times.id.clone()));
            }
            rows.push((t, row));
        }
        crate::sort::by_key(&mut rows, |r| r.0);
        tasks.extend(rows.into_iter().map(|r| r.1));
        if let (Some(bf), Some(ff)) = (pv.baseline_finish, pv.forecast_finish) {
            let cal = crate::calendar::project_calendar(model)?;
            pv.finish_variance_min = Some(cal.between(to_minutes(bf), to_minutes(ff))?);
        }
        plans.push(pv);
    }
    crate::sort::by_key(&mut slipped, |r| r.0);
    Ok(Variance {
        baseline: number,
        status_date,
        tasks,
        plans,
        slipped: slipped.into_iter().map(|r| r.1).collect(),
    })
}
