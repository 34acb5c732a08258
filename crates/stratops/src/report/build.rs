//! Assembles a [`Report`] from the engines' results.

use std::collections::{BTreeMap, HashSet};

use super::owners::{dated, days, done, finish_day, Owners};
use super::sections::Ctx;
use super::{
    budget, challenges, Bar, FloatIssue, GoalRow, KpiRow, MilestoneRow, MilestoneState, Note,
    OverdueTask, PathStep, Report, ReportOptions, ScheduleSection,
};
use crate::align::{align, AlignmentReport};
use crate::index::NONE;
use crate::model::{PlanKind, TaskKind};
use crate::risk::risk_register;
use crate::schedule::{schedule, Schedule, ScheduleOptions};
use crate::scorecard::{scorecard, Scorecard};
use crate::values::Date;
use crate::{Error, Model};

/// Builds the progress report as of a date.
///
/// Errors are the engines' own (for example `bad_option` for unusable
/// scorecard thresholds, or `overflow`); a document with nothing to report
/// gives an empty but valid report with [`Report::notes`] saying why.
///
/// # Example
/// ```
/// use stratops::{Model, report::{report, ReportOptions}};
/// let model = Model::from_json(r#"{"format": "stratops/1", "plans": []}"#)?;
/// let r = report(&model, "2025-01-01".parse().unwrap(), &ReportOptions::default())?;
/// assert!(r.schedule.is_none());
/// assert_eq!(r.notes[0].code, "no_plans");
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn report(model: &Model, as_of: Date, opts: &ReportOptions) -> Result<Report, Error> {
    let doc = model.document();
    let owners = Owners::new(model);
    let mut notes = horizon_notes(model, as_of);
    let schedules = Schedules::new(model, as_of, opts, &mut notes)?;
    let card = scorecard(model, as_of, &opts.scorecard)?;
    let alignment = align(model, Some(as_of))?;
    let stale = stale_kpis(&alignment);
    let register = risk_register(model)?;

    let ctx = Ctx {
        model,
        owners: &owners,
        as_of,
        schedules: &schedules,
    };
    let rows = ctx.rows(&card, &stale, opts.lookahead_days);
    let schedule_section = ctx.schedule_section();
    let forecast = ctx.forecast()?;
    let health = ctx.health()?;
    let schedule_risk = ctx.schedule_risk()?;
    let resources = ctx.resources()?;
    let earned_value = ctx.earned_value(&mut notes)?;
    let budget = budget::section(model, schedules.plain.as_ref())?;
    let risks = ctx.risk_section(&register, opts.top_risks);
    let plans = ctx.plan_finishes();

    let challenges = challenges::collect(challenges::Inputs {
        model,
        goals: &rows.goals,
        kpis: &rows.kpis,
        milestones: &rows.milestones,
        overdue: &rows.overdue_tasks,
        schedule: schedule_section.as_ref(),
        plans: &plans,
        budget: &budget,
        register: &register,
        as_of,
    });
    let summary = ctx.summary(&rows, plans, &challenges);
    Ok(Report {
        as_of,
        title: title(model),
        organisation: doc.organisation.clone(),
        currency: doc.currency().to_string(),
        lookahead_days: opts.lookahead_days,
        summary,
        goals: rows.goals,
        kpis: rows.kpis,
        milestones: rows.milestones,
        overdue_tasks: rows.overdue_tasks,
        schedule: schedule_section,
        forecast,
        earned_value,
        health,
        schedule_risk,
        resources,
        budget,
        risks,
        challenges,
        notes,
    })
}

/// A note with a stable code and a message.
pub(super) fn note(code: &str, message: &str) -> Note {
    Note {
        code: code.into(),
        message: message.into(),
    }
}

/// The notes about the plans themselves: none at all, or none started yet.
fn horizon_notes(model: &Model, as_of: Date) -> Vec<Note> {
    let doc = model.document();
    let mut notes = Vec::new();
    if doc.plans.is_empty() {
        notes.push(note("no_plans", "The document has no plans."));
    } else if doc.plans.iter().all(|p| p.horizon.start > as_of) {
        notes.push(note(
            "before_horizon",
            "The as-of date is before every plan's horizon: nothing is due yet.",
        ));
    }
    notes
}

/// The ids of the KPIs with no measurement within their cadence.
fn stale_kpis(alignment: &AlignmentReport) -> HashSet<&str> {
    alignment
        .stale_kpis
        .iter()
        .flatten()
        .map(|s| s.id.as_str())
        .collect()
}

/// The plan as written (milestones due, overdue work, the budget) and as
/// executed at the as-of date (the forecast, the Gantt, critical paths).
pub(super) struct Schedules {
    /// The plan as written; `None` without tasks.
    pub plain: Option<Schedule>,
    /// The plan as executed at the status date, else the plan as written.
    pub exec: Option<Schedule>,
    /// Whether the as-executed schedule could be computed.
    pub forecast_ok: bool,
}

impl Schedules {
    /// Schedules the plan as written and at the status date (the as-of
    /// date unless the options set one), noting why either is missing.
    fn new(
        model: &Model,
        as_of: Date,
        opts: &ReportOptions,
        notes: &mut Vec<Note>,
    ) -> Result<Schedules, Error> {
        if model.index().tasks.is_empty() {
            if !model.document().plans.is_empty() {
                notes.push(note("no_tasks", "The document has no tasks to schedule."));
            }
            return Ok(Schedules {
                plain: None,
                exec: None,
                forecast_ok: false,
            });
        }
        let plain = ScheduleOptions {
            status_date: None,
            ..opts.schedule.clone()
        };
        let at = ScheduleOptions {
            status_date: Some(opts.schedule.status_date.unwrap_or(as_of)),
            ..opts.schedule.clone()
        };
        let plain = schedule(model, &plain)?;
        // A status date at the edge of time (as of 9999-12-31) leaves no
        // room for the remaining work: the report keeps the plan as written
        // and says why there is no forecast.
        let exec = match schedule(model, &at) {
            Ok(s) => Some(s),
            Err(e) if matches!(e.code(), "date_out_of_range" | "overflow") => {
                notes.push(note(
                    "no_forecast",
                    "The work left at the as-of date cannot be scheduled within the years 1-9999: the schedule shown is the plan as written.",
                ));
                None
            }
            Err(e) => return Err(e),
        };
        let forecast_ok = exec.is_some();
        let plain = Some(plain);
        let exec = exec.or_else(|| plain.clone());
        Ok(Schedules {
            plain,
            exec,
            forecast_ok,
        })
    }
}

/// The one non-strategic plan's name; with several, the organisation (or
/// their names); with none, the strategic plans' names, else the
/// organisation.
fn title(model: &Model) -> String {
    let doc = model.document();
    let names = |strategic: bool| -> Vec<&str> {
        doc.plans
            .iter()
            .filter(|p| (p.kind == PlanKind::Strategic) == strategic)
            .map(|p| p.name.as_str())
            .collect()
    };
    let ops = names(false);
    match (ops.len(), &doc.organisation) {
        (1, _) => return ops[0].to_string(),
        (n, Some(org)) if n > 1 => return org.clone(),
        (n, None) if n > 1 => return ops.join(" · "),
        _ => {}
    }
    let st = names(true);
    if !st.is_empty() {
        return st.join(" · ");
    }
    doc.organisation
        .clone()
        .unwrap_or_else(|| "Progress report".to_string())
}

/// One row per goal of the scorecard, in document order.
pub(super) fn goal_rows(model: &Model, card: &Scorecard, owners: &Owners) -> Vec<GoalRow> {
    let ix = model.index();
    card.goals
        .iter()
        .filter_map(|g| {
            let d = ix.goal(&g.id)?;
            Some(GoalRow {
                id: g.id.clone(),
                name: g.name.clone(),
                plan: g.plan.clone(),
                plan_kind: g.plan_kind,
                owner: owners.goal[d as usize].clone(),
                due: model.goal(d).due,
                progress: g.progress,
                expected: g.expected,
                status: g.status,
            })
        })
        .collect()
}

/// One row per KPI of the scorecard, leading indicators first.
pub(super) fn kpi_rows(
    model: &Model,
    card: &Scorecard,
    owners: &Owners,
    stale: &HashSet<&str>,
) -> Vec<KpiRow> {
    let ix = model.index();
    let mut rows: Vec<KpiRow> = card
        .kpis
        .iter()
        .filter_map(|k| {
            let d = ix.of_kind(&k.id, crate::index::EntityKind::Kpi)?;
            let kpi = model.kpi(d);
            Some(KpiRow {
                id: k.id.clone(),
                name: k.name.clone(),
                plan: k.plan.clone(),
                owner: owners.kpi[d as usize].clone(),
                unit: k.unit.clone(),
                leading: k.leading,
                polarity: k.polarity,
                baseline: kpi.baseline.value,
                target: kpi.target.value,
                target_date: kpi.target.date,
                value: k.value,
                progress: k.progress,
                expected: k.expected,
                pace: k.pace,
                status: k.status,
                last_measured: k.last_measured,
                stale: stale.contains(k.id.as_str()),
                forecast: k.forecast.outcome,
                forecast_reaches_on: k.forecast.reaches_target_on,
            })
        })
        .collect();
    // leading indicators first; the sort is stable, so document order holds
    crate::sort::by_key(&mut rows, |k| !k.leading);
    rows
}

/// The milestones and the overdue tasks of a schedule, each sorted.
pub(super) fn progress_rows(
    model: &Model,
    s: &Schedule,
    owners: &Owners,
    as_of: Date,
    lookahead: i64,
) -> (Vec<MilestoneRow>, Vec<OverdueTask>) {
    let ix = model.index();
    let mut milestones = Vec::new();
    let mut overdue = Vec::new();
    for (t, tt) in s.tasks.iter().enumerate() {
        if ix.is_summary(t as u32) || !dated(model, t as u32) {
            continue;
        }
        let task = model.task(t as u32);
        let (is_done, done_on) = done(task.progress.as_ref(), as_of);
        let due = finish_day(tt.finish);
        let owner = owners.task[t].clone();
        if task.kind == TaskKind::Milestone {
            let late_by = days(due, as_of);
            let state = if is_done {
                MilestoneState::Done
            } else if late_by > 0 {
                MilestoneState::Late
            } else if -late_by <= lookahead {
                MilestoneState::Due
            } else {
                MilestoneState::Upcoming
            };
            let deadline = task.deadline.map(|d| finish_day(d.as_finish()));
            milestones.push(MilestoneRow {
                id: tt.id.clone(),
                name: task.name.clone(),
                plan: tt.plan.clone(),
                owner,
                due,
                deadline,
                state,
                done_on,
                days_late: if state == MilestoneState::Late {
                    late_by
                } else {
                    0
                },
                critical: tt.critical,
                misses_deadline: task.deadline.is_some_and(|d| tt.finish > d.as_finish()),
            });
        } else if !is_done && due < as_of {
            overdue.push(OverdueTask {
                id: tt.id.clone(),
                name: task.name.clone(),
                plan: tt.plan.clone(),
                owner,
                start: tt.start,
                finish: tt.finish,
                percent_complete: task.progress.as_ref().map_or(0.0, |p| p.percent_complete),
                days_overdue: days(due, as_of),
                critical: tt.critical,
            });
        }
    }
    crate::sort::by(&mut milestones, |a, b| {
        a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id))
    });
    crate::sort::by(&mut overdue, |a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.id.cmp(&b.id))
    });
    (milestones, overdue)
}

/// The schedule section: dates, critical paths, negative float and bars.
pub(super) fn schedule_section(
    model: &Model,
    s: &Schedule,
    owners: &Owners,
    as_of: Date,
) -> ScheduleSection {
    let ix = model.index();
    let n = ix.tasks.len();
    let dense: BTreeMap<&str, usize> = s
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let step = |id: &String| -> Option<PathStep> {
        let &i = dense.get(id.as_str())?;
        let tt = &s.tasks[i];
        Some(PathStep {
            id: id.clone(),
            name: model.task(i as u32).name.clone(),
            owner: owners.task[i].clone(),
            start: tt.start,
            finish: tt.finish,
        })
    };
    let critical_paths = s
        .critical_paths
        .iter()
        .map(|p| p.iter().filter_map(step).collect())
        .collect();
    let negative_float = s
        .tasks
        .iter()
        .enumerate()
        .filter(|(i, t)| t.total_float_min < 0 && !ix.is_summary(*i as u32))
        .map(|(i, t)| FloatIssue {
            id: t.id.clone(),
            name: model.task(i as u32).name.clone(),
            owner: owners.task[i].clone(),
            total_float_min: t.total_float_min,
        })
        .collect();
    // outline order without recursion: a stack of tasks still to visit
    let mut depth = vec![0u32; n];
    let mut bars = Vec::with_capacity(n);
    let mut stack: Vec<u32> = (0..n as u32)
        .rev()
        .filter(|&t| ix.task_parent[t as usize] == NONE)
        .collect();
    while let Some(t) = stack.pop() {
        let tu = t as usize;
        let tt = &s.tasks[tu];
        let task = model.task(t);
        let summary = ix.is_summary(t);
        let (is_done, _) = done(task.progress.as_ref(), as_of);
        bars.push(Bar {
            id: tt.id.clone(),
            name: task.name.clone(),
            plan: tt.plan.clone(),
            depth: depth[tu],
            kind: tt.kind,
            start: tt.start,
            finish: tt.finish,
            critical: tt.critical && !summary,
            percent_complete: task.progress.as_ref().map_or(0.0, |p| p.percent_complete),
            done: is_done,
        });
        for &c in ix.children(t).iter().rev() {
            depth[c as usize] = depth[tu].saturating_add(1);
            stack.push(c);
        }
    }
    ScheduleSection {
        project_start: s.project_start,
        project_finish: s.project_finish,
        critical_paths,
        paths_truncated: s.paths_truncated,
        negative_float,
        bars,
        diagnostics: s.diagnostics.clone(),
    }
}
