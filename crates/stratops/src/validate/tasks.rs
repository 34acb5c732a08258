//! Tasks: WBS parent, duration, dependencies and lags, constraint,
//! calendar, assignments (units, timephased work, contours), goals
//! supported, progress and manual dates.

use super::ids::check_ref;
use super::structure::Graph;
use super::{duration_error, Ctx, MAX_MINUTES};
use crate::index::{EntityKind, Index};
use crate::model::{ConstraintType, Plan, Task};
use crate::values::{DurationUnit, UnitScale};

/// A plan's tasks; each resolved parent and predecessor of a task whose id
/// names it becomes an edge of `g`.
pub(super) fn check_tasks(
    cx: &mut Ctx,
    ix: &Index,
    scale: UnitScale,
    p: usize,
    plan: &Plan,
    g: &mut Graph,
) {
    let pp = format!("plans[{p}]");
    for (i, t) in plan.tasks.iter().enumerate() {
        let tp = || format!("{pp}.tasks[{i}]");
        let me = g.next_task;
        g.next_task += 1;
        let mine = g.task_mine.get(me as usize).copied().unwrap_or(false);
        if let Some(par) = &t.parent {
            if let Some(d) = check_ref(
                cx,
                ix,
                &t.id,
                &|| format!("{}.parent", tp()),
                par,
                EntityKind::Task,
                "parent task",
            ) {
                if mine {
                    g.parent[me as usize] = d;
                }
            }
        }
        if let Some(d) = &t.duration {
            if let Some((code, message)) = duration_error(d, scale) {
                cx.err(code, &t.id, format!("{}.duration", tp()), message);
            }
        }
        check_dependencies(cx, ix, t, &tp, scale, (me, mine), g);
        if let Some(c) = &t.constraint {
            if !matches!(c.kind, ConstraintType::ASAP | ConstraintType::ALAP) && c.date.is_none() {
                cx.err(
                    "constraint_without_date",
                    &t.id,
                    format!("{}.constraint", tp()),
                    format!("a {:?} constraint needs a date", c.kind),
                );
            }
        }
        if let Some(c) = &t.calendar {
            check_ref(
                cx,
                ix,
                &t.id,
                &|| format!("{}.calendar", tp()),
                c,
                EntityKind::Calendar,
                "calendar",
            );
        }
        check_assignments(cx, ix, t, &tp);
        check_state(cx, ix, t, &tp);
    }
}

/// A task's dependencies: the predecessor exists, the lag fits.
fn check_dependencies(
    cx: &mut Ctx,
    ix: &Index,
    t: &Task,
    tp: &dyn Fn() -> String,
    scale: UnitScale,
    (me, mine): (u32, bool),
    g: &mut Graph,
) {
    for (k, dep) in t.dependencies.iter().enumerate() {
        let dp = || format!("{}.dependencies[{k}]", tp());
        if let Some(pred) = check_ref(
            cx,
            ix,
            &t.id,
            &|| format!("{}.predecessor", dp()),
            &dep.predecessor,
            EntityKind::Task,
            "predecessor",
        ) {
            if mine {
                g.dep_edges.push((pred, me, dep.link_type));
            }
        }
        if let Some(l) = &dep.lag {
            let over = match l.unit {
                DurationUnit::Percent => l.amount.abs() > rust_decimal::Decimal::from(100_000),
                // `unsigned_abs`: `i64::MIN` minutes has no `abs`.
                _ => l
                    .minutes(scale)
                    .is_none_or(|m| m.unsigned_abs() > MAX_MINUTES.unsigned_abs()),
            };
            if over {
                cx.err(
                    "lag_overflow",
                    &t.id,
                    format!("{}.lag", dp()),
                    format!("lag {l} is too large to schedule"),
                );
            }
        }
    }
}

/// A task's assignments: resource, hours, units, timephased work, contour.
fn check_assignments(cx: &mut Ctx, ix: &Index, t: &Task, tp: &dyn Fn() -> String) {
    for (k, a) in t.assignments.iter().enumerate() {
        let ap = || format!("{}.assignments[{k}]", tp());
        check_ref(
            cx,
            ix,
            &t.id,
            &|| format!("{}.resource", ap()),
            &a.resource,
            EntityKind::Resource,
            "resource",
        );
        if a.hours.is_some_and(|h| !h.is_finite() || h < 0.0) {
            cx.err(
                "bad_hours",
                &t.id,
                format!("{}.hours", ap()),
                "hours must be a finite number >= 0".into(),
            );
        }
        if a.units.is_some_and(|u| !u.is_finite() || u < 0.0) {
            cx.err(
                "bad_units",
                &t.id,
                format!("{}.units", ap()),
                "units must be a finite number >= 0 (1 = 100%)".into(),
            );
        } else if a.units == Some(0.0) || (a.units.is_some() && a.hours == Some(0.0)) {
            cx.warn(
                "idle_assignment",
                &t.id,
                ap(),
                "an assignment with zero units or zero hours does not drive the task's dates"
                    .into(),
            );
        }
        check_timephased(cx, &t.id, &ap, &a.timephased);
        if a.timephased.is_empty() && a.contour.is_some_and(|c| c.mean_share().is_none()) {
            cx.warn(
                "contour_flat",
                &t.id,
                format!("{}.contour", ap()),
                "this contour has no table and the assignment no timephased periods: its work is scheduled flat"
                    .into(),
            );
        }
    }
}

/// The goals a task supports, its progress and its manual dates.
fn check_state(cx: &mut Ctx, ix: &Index, t: &Task, tp: &dyn Fn() -> String) {
    for (k, g) in t.supports.iter().enumerate() {
        check_ref(
            cx,
            ix,
            &t.id,
            &|| format!("{}.supports[{k}]", tp()),
            g,
            EntityKind::Goal,
            "goal",
        );
    }
    if let Some(pr) = &t.progress {
        if !(0.0..=100.0).contains(&pr.percent_complete) {
            cx.err(
                "bad_percent",
                &t.id,
                format!("{}.progress.percent_complete", tp()),
                "percent complete must be within 0..=100".into(),
            );
        }
        if let (Some(a), Some(b)) = (pr.actual_start, pr.actual_finish) {
            // Two bare dates compare as dates: a finish on
            // 1 January (24:00) and a start on 2 January (00:00)
            // are the same instant but clearly reversed.
            if b.as_finish() < a.as_start() || b.date() < a.date() {
                cx.err(
                    "actual_finish_before_start",
                    &t.id,
                    format!("{}.progress", tp()),
                    "the actual finish is before the actual start".into(),
                );
            }
        }
    }
    if let Some(m) = &t.manual {
        if let (Some(a), Some(b)) = (m.start, m.finish) {
            if b.as_finish() < a.as_start() || b.date() < a.date() {
                cx.err(
                    "manual_finish_before_start",
                    &t.id,
                    format!("{}.manual", tp()),
                    "the entered finish of a manual task is before its entered start".into(),
                );
            }
        }
    }
}

/// An assignment's timephased work: each period ends after it starts,
/// carries finite, non-negative hours, and starts no earlier than the
/// previous one ends (`timephased_overlap` otherwise), so its span is well
/// defined.
/// `at`: the assignment's JSON path, formatted only for a diagnostic.
fn check_timephased(
    cx: &mut Ctx,
    id: &str,
    at: &dyn Fn() -> String,
    periods: &[crate::model::WorkPeriod],
) {
    let mut prev: Option<crate::DateTime> = None;
    for (i, p) in periods.iter().enumerate() {
        if !(p.hours.is_finite() && p.hours >= 0.0) {
            cx.err(
                "bad_timephased",
                id,
                format!("{}.timephased[{i}].hours", at()),
                "a work period's hours must be a finite number >= 0".into(),
            );
        }
        if p.finish <= p.start {
            cx.err(
                "bad_timephased",
                id,
                format!("{}.timephased[{i}].finish", at()),
                format!(
                    "a work period must end after it starts ({} to {})",
                    p.start, p.finish
                ),
            );
        }
        if let Some(f) = prev.filter(|&f| p.start < f) {
            cx.err(
                "timephased_overlap",
                id,
                format!("{}.timephased[{i}].start", at()),
                format!(
                    "this work period starts at {}, before the previous one ends ({f}): periods are listed in order and do not overlap",
                    p.start
                ),
            );
        }
        prev = Some(prev.map_or(p.finish, |f| f.max(p.finish)));
    }
}
