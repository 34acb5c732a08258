//! Execution data (baselines, dated actuals, estimates) and the reach of
//! long durations and lags on their calendars.

use std::collections::{HashMap, HashSet};

use super::{Ctx, MAX_MINUTES, STANDARD};
use crate::error::Severity;
use crate::index::{EntityKind, Index};
use crate::model::Document;
use crate::values::{Duration, DurationUnit};

/// The highest baseline number (MS Project's Baseline10).
pub const MAX_BASELINE: i64 = 10;

/// Baselines and dated actuals: a baseline number outside 0-10 or used
/// twice in a plan, a baseline entry naming no task of its plan (or one
/// task twice), a dated actual that is negative on a line that is no
/// credit, and an `actual` that disagrees with the sum of `actuals`.
pub(super) fn check_execution(doc: &Document, ix: &Index, cx: &mut Ctx) {
    let scale = doc.settings.scale();
    for (p, plan) in doc.plans.iter().enumerate() {
        for (i, t) in plan.tasks.iter().enumerate() {
            let Some(e) = &t.estimate else { continue };
            let m = [&e.optimistic, &e.most_likely, &e.pessimistic].map(|d| {
                d.minutes(scale)
                    .filter(|m| *m >= 0 && *m <= MAX_MINUTES && d.unit != DurationUnit::Percent)
            });
            let ordered = matches!(m, [Some(a), Some(b), Some(c)] if a <= b && b <= c);
            if !ordered {
                cx.err(
                    "bad_estimate",
                    &t.id,
                    format!("plans[{p}].tasks[{i}].estimate"),
                    "an estimate needs optimistic <= most_likely <= pessimistic, each a duration of zero or more".into(),
                );
            }
        }
        let mut seen = [false; MAX_BASELINE as usize + 1];
        for (b, base) in plan.baselines.iter().enumerate() {
            let bp = format!("plans[{p}].baselines[{b}]");
            match usize::try_from(base.number)
                .ok()
                .filter(|&n| n < seen.len())
            {
                None => cx.err(
                    "bad_baseline_number",
                    &plan.id,
                    format!("{bp}.number"),
                    format!("baseline number {} is not within 0..=10", base.number),
                ),
                Some(n) if seen[n] => cx.err(
                    "duplicate_baseline",
                    &plan.id,
                    format!("{bp}.number"),
                    format!("plan {} has baseline {n} twice", plan.id),
                ),
                Some(n) => seen[n] = true,
            }
            let mut ids: HashSet<&str> = HashSet::with_capacity(base.tasks.len());
            for (k, bt) in base.tasks.iter().enumerate() {
                let path = format!("{bp}.tasks[{k}].task");
                let mine = ix
                    .get(&bt.task)
                    .filter(|e| e.kind == EntityKind::Task)
                    .is_some_and(|e| {
                        ix.tasks
                            .get(e.dense as usize)
                            .is_some_and(|l| l.0 as usize == p)
                    });
                if !mine {
                    cx.push(
                        Severity::Error,
                        "dangling_reference",
                        Some(&plan.id),
                        path,
                        format!(
                            "baseline {} names {:?}, which is no task of plan {}",
                            base.number, bt.task, plan.id
                        ),
                        vec![bt.task.clone()],
                    );
                } else if !ids.insert(&bt.task) {
                    cx.err(
                        "duplicate_id",
                        &bt.task,
                        path,
                        format!("baseline {} lists task {} twice", base.number, bt.task),
                    );
                }
            }
        }
        for (i, c) in plan.costs.iter().enumerate() {
            if c.actuals.is_empty() {
                continue;
            }
            let cp = format!("plans[{p}].costs[{i}]");
            let mut sum = rust_decimal::Decimal::ZERO;
            for (k, a) in c.actuals.iter().enumerate() {
                if !c.credit && a.amount.0.is_sign_negative() && !a.amount.0.is_zero() {
                    cx.err(
                        "negative_amount",
                        &c.id,
                        format!("{cp}.actuals[{k}].amount"),
                        "an actual is negative; set \"credit\": true for a credit line".into(),
                    );
                }
                sum = sum.saturating_add(a.amount.0);
            }
            if c.actual.is_some_and(|a| a.0 != sum) {
                cx.err(
                    "actuals_mismatch",
                    &c.id,
                    format!("{cp}.actual"),
                    format!(
                        "actual is {} but the dated actuals sum to {sum}",
                        c.actual.map(|a| a.0).unwrap_or_default()
                    ),
                );
            }
        }
    }
}

/// Durations and lags longer than this many minutes are walked on their
/// calendar from the plan's start by validation (shorter ones fit anywhere a
/// horizon can start but the last days of year 9999).
pub const REACH_CHECK_MINUTES: i64 = 100_000;

/// Refuses, with the code the engine would give (`date_out_of_range`), every
/// long duration or lag that cannot be counted on its calendar from its
/// plan's start without leaving the years 1-9999: for example a lag of
/// -1,000,000,000 minutes, which is 8,000 years of an 8-hour calendar. Only
/// values over [`REACH_CHECK_MINUTES`] are walked, so a plan of ordinary
/// tasks pays one comparison per value.
pub(super) fn check_reach(doc: &Document, cx: &mut Ctx) {
    use crate::calendar::{to_minutes, WorkCalendar};
    let scale = doc.settings.scale();
    let default_cal = doc.settings.calendar.as_deref().unwrap_or(STANDARD);
    let mut cals: HashMap<&str, Option<WorkCalendar>> = HashMap::new();
    for (pi, plan) in doc.plans.iter().enumerate() {
        let start = to_minutes(plan.horizon.start.start_of_day());
        for (ti, t) in plan.tasks.iter().enumerate() {
            let long = |d: &Duration| {
                d.unit != DurationUnit::Percent
                    && d.minutes(scale)
                        .is_some_and(|m| m.unsigned_abs() > REACH_CHECK_MINUTES as u64)
            };
            let mut values: Vec<(&Duration, String)> = Vec::new();
            if let Some(d) = t.duration.as_ref().filter(|d| long(d)) {
                values.push((d, format!("plans[{pi}].tasks[{ti}].duration")));
            }
            for (k, dep) in t.dependencies.iter().enumerate() {
                if let Some(l) = dep.lag.as_ref().filter(|l| long(l)) {
                    values.push((l, format!("plans[{pi}].tasks[{ti}].dependencies[{k}].lag")));
                }
            }
            if values.is_empty() {
                continue;
            }
            let cid = t
                .calendar
                .as_deref()
                .or(plan.calendar.as_deref())
                .unwrap_or(default_cal);
            let wc = cals.entry(cid).or_insert_with(|| {
                match doc.calendars.iter().find(|c| c.id == cid) {
                    Some(c) => WorkCalendar::resolve(doc, c).ok(),
                    None => Some(WorkCalendar::standard()),
                }
            });
            let Some(wc) = wc.as_ref() else { continue };
            for (d, path) in values {
                let Some(m) = d.minutes(scale) else { continue };
                let reached = if d.elapsed {
                    WorkCalendar::continuous().add(start, m)
                } else {
                    wc.add(start, m)
                };
                if reached.is_err() {
                    cx.err(
                        "date_out_of_range",
                        &t.id,
                        path,
                        format!(
                            "{d} on calendar {cid} from the plan start {} leaves the years 1-9999",
                            plan.horizon.start
                        ),
                    );
                }
            }
        }
    }
}
