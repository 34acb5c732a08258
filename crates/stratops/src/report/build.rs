//! Assembles a [`Report`] from the engines' results.

use std::collections::{BTreeMap, HashSet};

use super::owners::{dated, days, done, finish_day, risk_owner, Owners};
use super::{
    budget, challenges, Bar, FloatIssue, GoalRow, KpiRow, MilestoneRow, MilestoneState, Note,
    OverdueTask, PathStep, PlanFinish, Report, ReportOptions, RiskRow, RiskSection,
    ScheduleSection, Summary,
};
use crate::align::align;
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
    let ix = model.index();
    let owners = Owners::new(model);
    let mut notes = Vec::new();
    let note = |code: &str, message: &str| Note {
        code: code.into(),
        message: message.into(),
    };
    if doc.plans.is_empty() {
        notes.push(note("no_plans", "The document has no plans."));
    } else if doc.plans.iter().all(|p| p.horizon.start > as_of) {
        notes.push(note(
            "before_horizon",
            "The as-of date is before every plan's horizon: nothing is due yet.",
        ));
    }
    // The plan as written (milestones due, overdue work, the budget) and as
    // executed at the as-of date (the forecast, the Gantt, critical paths).
    let (sched, exec) = if ix.tasks.is_empty() {
        if !doc.plans.is_empty() {
            notes.push(note("no_tasks", "The document has no tasks to schedule."));
        }
        (None, None)
    } else {
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
        (Some(plain), exec)
    };
    let forecast_ok = exec.is_some();
    let exec = exec.or_else(|| sched.clone());
    let card = scorecard(model, as_of, &opts.scorecard)?;
    let alignment = align(model, Some(as_of))?;
    let stale: HashSet<&str> = alignment
        .stale_kpis
        .iter()
        .flatten()
        .map(|s| s.id.as_str())
        .collect();
    let register = risk_register(model)?;

    let goals = goal_rows(model, &card, &owners);
    let kpis = kpi_rows(model, &card, &owners, &stale);
    let (milestones, overdue_tasks) = match &sched {
        Some(s) => progress_rows(model, s, &owners, as_of, opts.lookahead_days),
        None => (Vec::new(), Vec::new()),
    };
    let schedule_section = exec
        .as_ref()
        .map(|s| schedule_section(model, s, &owners, as_of));
    let forecast = match (&sched, &exec) {
        (Some(p), Some(e)) if forecast_ok => Some(super::execution::forecast(
            model,
            p,
            e,
            &owners,
            e.status_date.unwrap_or(as_of),
        )?),
        _ => None,
    };
    let health = if ix.tasks.is_empty() || !forecast_ok {
        None
    } else {
        let o = crate::health::HealthOptions {
            status_date: exec.as_ref().and_then(|e| e.status_date).or(Some(as_of)),
            profile: None,
        };
        // The as-executed schedule above is the one health needs.
        Some(crate::health::health_on(model, &o, exec.as_ref())?)
    };
    let uncertain = (0..ix.tasks.len() as u32).any(|t| model.task(t).estimate.is_some());
    let schedule_risk = if uncertain && forecast_ok {
        let o = crate::simulate::SimOptions {
            iterations: 1000,
            seed: 0,
            threads: Some(1),
            status_date: Some(as_of),
        };
        Some(crate::simulate::simulate(model, &o)?)
    } else {
        None
    };
    let resources = if ix.tasks.is_empty() || !forecast_ok {
        None
    } else {
        super::resources::section(model, as_of)?
    };
    let earned_value = if ix.tasks.is_empty() {
        None
    } else {
        match super::execution::evm(model, as_of, sched.as_ref()) {
            Ok(ev) => ev,
            Err(e)
                if matches!(
                    e.code(),
                    "horizon_too_long" | "date_out_of_range" | "overflow"
                ) =>
            {
                notes.push(note("no_earned_value", &format!("No earned value: {e}")));
                None
            }
            Err(e) => return Err(e),
        }
    };
    let budget = budget::section(model, sched.as_ref())?;

    let mut top = Vec::new();
    for id in register.top.iter().take(opts.top_risks) {
        let Some(r) = register.risks.iter().find(|r| &r.id == id) else {
            continue;
        };
        let Some(d) = ix.of_kind(id, crate::index::EntityKind::Risk) else {
            continue;
        };
        let risk = model.risk(d);
        top.push(RiskRow {
            id: r.id.clone(),
            plan: r.plan.clone(),
            description: r.description.clone(),
            category: r.category,
            owner: risk_owner(model, d),
            probability: r.probability,
            impact_cost: risk.impact.cost,
            exposure_money: r.exposure_money,
            exposure_days: r.exposure_days,
            score: r.score,
            band: r.band,
            response: r.response,
            if_then: risk.if_then.clone(),
            trigger_date: risk.trigger_date,
            trigger_passed: risk.trigger_date.is_some_and(|t| t <= as_of),
        });
    }
    let risks = RiskSection {
        count: register.risks.len(),
        total_exposure: register.total_exposure_money,
        top,
    };

    let plans: Vec<PlanFinish> = doc
        .plans
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let finish = exec.as_ref().and_then(|s| {
                s.tasks
                    .iter()
                    .enumerate()
                    .filter(|(t, _)| {
                        ix.tasks[*t].0 as usize == pi
                            && !ix.is_summary(*t as u32)
                            && dated(model, *t as u32)
                    })
                    .map(|(_, tt)| tt.finish)
                    .max()
            });
            PlanFinish {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                owner: p.owner.clone(),
                horizon_start: p.horizon.start,
                horizon_end: p.horizon.end,
                finish,
                days_to_horizon_end: finish.map(|f| days(finish_day(f), p.horizon.end)),
            }
        })
        .collect();

    let challenges = challenges::collect(challenges::Inputs {
        model,
        goals: &goals,
        kpis: &kpis,
        milestones: &milestones,
        overdue: &overdue_tasks,
        schedule: schedule_section.as_ref(),
        plans: &plans,
        budget: &budget,
        register: &register,
        as_of,
    });

    let has_strategic = doc.plans.iter().any(|p| p.kind == PlanKind::Strategic);
    let strategic_goals = goals
        .iter()
        .filter(|g| {
            if has_strategic {
                g.plan_kind == PlanKind::Strategic
            } else {
                ix.goal(&g.id)
                    .is_some_and(|d| model.goal(d).contributes_to.is_empty())
            }
        })
        .cloned()
        .collect();
    let mut kpi_status_counts = BTreeMap::new();
    for k in &kpis {
        *kpi_status_counts
            .entry(k.status.as_str().to_string())
            .or_insert(0) += 1;
    }
    let mut milestone_counts = BTreeMap::new();
    for s in [
        MilestoneState::Done,
        MilestoneState::Late,
        MilestoneState::Due,
        MilestoneState::Upcoming,
    ] {
        milestone_counts.insert(
            s.as_str().to_string(),
            milestones.iter().filter(|m| m.state == s).count(),
        );
    }
    let summary = Summary {
        strategic_goals,
        plans,
        project_start: exec.as_ref().map(|s| s.project_start),
        project_finish: exec.as_ref().map(|s| s.project_finish),
        kpi_status_counts,
        milestone_counts,
        overdue_tasks: overdue_tasks.len(),
        challenges_off_track: challenges
            .iter()
            .filter(|c| c.level == super::Level::OffTrack)
            .count(),
        challenges_at_risk: challenges
            .iter()
            .filter(|c| c.level == super::Level::AtRisk)
            .count(),
    };
    Ok(Report {
        as_of,
        title: title(model),
        organisation: doc.organisation.clone(),
        currency: doc.currency().to_string(),
        lookahead_days: opts.lookahead_days,
        summary,
        goals,
        kpis,
        milestones,
        overdue_tasks,
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

fn goal_rows(model: &Model, card: &Scorecard, owners: &Owners) -> Vec<GoalRow> {
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

fn kpi_rows(
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
    rows.sort_by_key(|k| !k.leading);
    rows
}

fn progress_rows(
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
    milestones.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
    overdue.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.id.cmp(&b.id))
    });
    (milestones, overdue)
}

fn schedule_section(model: &Model, s: &Schedule, owners: &Owners, as_of: Date) -> ScheduleSection {
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
