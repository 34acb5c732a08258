//! The alignment report: where operations drift from strategy (DESIGN §6).
//!
//! # Decisions
//!
//! - A **task supports** the goals in its own `supports`, its WBS
//!   ancestors' `supports` and its plan's `supports`. A **cost line**
//!   supports its own `supports`, its task's goals, and its plan's. Those
//!   supporting no goal at all are listed as unaligned (summary tasks too).
//! - A goal **has a KPI** when a KPI links to it, or to a goal that
//!   contributes to it, transitively: then its progress can be measured.
//! - A goal **has supporting work** when a task or cost line names it in
//!   `supports`, or a plan with at least one task or cost line does, or it
//!   has a contributing goal with supporting work, transitively. So a
//!   strategic goal is covered by the work on the goals under it.
//! - A goal **ladders up** when it belongs to a strategic plan or contributes
//!   (transitively) to a goal that does. Goals of operational, tactical and
//!   project plans that do not are listed.
//! - A KPI with a `cadence` is **stale** as of a date when the last
//!   measurement up to that date (or its baseline date, when it has none) is
//!   more than `cadence` days old ([`crate::values::cadence_days`]). Before
//!   its baseline date a KPI is never stale; after its target date the age
//!   is measured at the target date (a finished quarterly rock whose final
//!   reading was taken is not stale, one never read at the end is). Without an as-of date no
//!   staleness is reported (`stale_kpis` is `None`): the core never reads
//!   the clock.
//! - **RACI** is checked on every task that carries work: non-summary tasks
//!   that are not milestones, plus summaries that have assignments. It needs
//!   exactly one accountable resource and at least one responsible.
//! - **SMART**: `measurable` (has a KPI, as above), `owned` (has an owner),
//!   `time_bound` (has a due date) are derived; `specific`, `achievable` and
//!   `relevant` fail only when the goal's `smart` flags say `false` (absent
//!   means not assessed).
//! - **Hours share**: the explicit `hours` of every assignment. Hours are
//!   aligned to strategy when their task supports a goal that ladders up.
//!   The share is `None` when there are no hours.
//! - **Budget share**: the budget engine's base amount of every cost line
//!   (labour priced on the scheduled dates when the schedule can be
//!   computed, else on the plan horizon). A line is aligned to strategy
//!   when it supports, directly or through its task, the task's WBS
//!   ancestors or its plan, a goal that ladders up. `None` when the budget
//!   cannot be computed (for example a rate is missing) or is zero.
//!
//! Every pass is iterative: WBS in the index's `wbs_order`, goals in
//! `goal_order` (contributors first) and its reverse.
//!
//! # Example
//! ```
//! use stratops::{Model, align::align};
//! let model = Model::from_json(r#"{"format": "stratops/1", "plans": [
//!   {"id": "s", "kind": "strategic", "name": "S",
//!    "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
//!    "goals": [{"id": "grow", "name": "Grow"}]},
//!   {"id": "ops", "kind": "operational", "name": "Ops",
//!    "horizon": {"start": "2025-01-01", "end": "2025-12-31"},
//!    "goals": [{"id": "tidy", "name": "Tidy up"}],
//!    "tasks": [
//!      {"id": "a", "name": "A", "supports": ["grow"],
//!       "assignments": [{"resource": "x", "role": "accountable", "hours": 30},
//!                       {"resource": "y", "hours": 30}]},
//!      {"id": "b", "name": "B", "assignments": [{"resource": "y", "hours": 40}]}]}],
//!   "resources": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}]}"#)?;
//! let r = align(&model, None)?;
//! assert_eq!(r.unaligned_tasks[0].id, "b");
//! assert_eq!(r.not_laddering[0].id, "tidy");
//! assert_eq!(r.hours.share_strategic, Some(0.6)); // 60 of 100 hours
//! assert_eq!(r.raci_violations[0].task, "b");   // no accountable
//! # Ok::<(), stratops::Error>(())
//! ```

use std::collections::BTreeSet;

use serde::Serialize;

use crate::explain::Explanation;
use crate::index::{EntityKind, NONE};
use crate::model::{PlanKind, Raci, TaskKind};
use crate::values::{cadence_days, Date, Money};
use crate::{Error, Model};

/// An entity named in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// Its name (or description).
    pub name: String,
    /// Its owner, for routing.
    pub owner: Option<String>,
}

/// A KPI not measured within its cadence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleKpi {
    /// The KPI id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// Who reports it.
    pub owner: Option<String>,
    /// The cadence as written.
    pub cadence: String,
    /// The cadence in days.
    pub cadence_days: i64,
    /// The last measurement up to the as-of date.
    pub last_measured: Option<Date>,
    /// Days from the last measurement (or the baseline date) to as-of, or to
    /// the target date when that is earlier.
    pub days_since: i64,
}

/// A task breaking the RACI rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaciViolation {
    /// The task id.
    pub task: String,
    /// Its plan.
    pub plan: String,
    /// How many distinct resources are accountable.
    pub accountable: usize,
    /// How many distinct resources are responsible.
    pub responsible: usize,
    /// `accountable_count` and/or `no_responsible`.
    pub problems: Vec<&'static str>,
}

/// A goal failing SMART checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SmartFailure {
    /// The goal id.
    pub goal: String,
    /// Its plan.
    pub plan: String,
    /// The failed checks: `specific`, `measurable`, `achievable`,
    /// `relevant`, `owned`, `time_bound`.
    pub failed: Vec<&'static str>,
}

/// Work hours and how much of them serve the strategy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HoursShare {
    /// Σ assignment hours.
    pub total: f64,
    /// Hours on tasks supporting any goal.
    pub aligned: f64,
    /// Hours on tasks supporting a goal that ladders up to strategy.
    pub strategic: f64,
    /// strategic / total; `None` without hours.
    pub share_strategic: Option<f64>,
    /// How it was computed.
    pub explanation: Explanation,
}

/// Money aligned to strategy (filled in once the budget engine exists).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetShare {
    /// The total budget.
    pub total: Money,
    /// The part attributed to tasks and lines that serve the strategy.
    pub strategic: Money,
    /// strategic / total; `None` when the total is 0.
    pub share_strategic: Option<f64>,
}

/// The alignment report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignmentReport {
    /// The as-of date used for staleness, if any.
    pub as_of: Option<Date>,
    /// Tasks supporting no goal, directly or through ancestors or plan.
    pub unaligned_tasks: Vec<Item>,
    /// Cost lines supporting no goal.
    pub unaligned_costs: Vec<Item>,
    /// Goals no KPI measures, directly or through contributing goals.
    pub goals_without_kpi: Vec<Item>,
    /// Goals no work supports, directly or through contributing goals.
    pub goals_without_work: Vec<Item>,
    /// Operational, tactical and project goals not laddering up to a
    /// strategic goal.
    pub not_laddering: Vec<Item>,
    /// Stale KPIs; `None` without an as-of date.
    pub stale_kpis: Option<Vec<StaleKpi>>,
    /// RACI violations.
    pub raci_violations: Vec<RaciViolation>,
    /// SMART failures.
    pub smart_failures: Vec<SmartFailure>,
    /// Work hours aligned to strategy.
    pub hours: HoursShare,
    /// Budget aligned to strategy; `None` when the budget cannot be
    /// computed.
    pub budget_share: Option<BudgetShare>,
}

impl AlignmentReport {
    /// The number of findings (hours and budget shares aside).
    pub fn findings(&self) -> usize {
        self.unaligned_tasks.len()
            + self.unaligned_costs.len()
            + self.goals_without_kpi.len()
            + self.goals_without_work.len()
            + self.not_laddering.len()
            + self.stale_kpis.as_ref().map_or(0, Vec::len)
            + self.raci_violations.len()
            + self.smart_failures.len()
    }
}

/// Builds the alignment report. `as_of` enables the staleness check.
pub fn align(model: &Model, as_of: Option<Date>) -> Result<AlignmentReport, Error> {
    let doc = model.document();
    let ix = model.index();
    let ng = ix.goals.len();
    let nt = ix.tasks.len();
    let goal_plan = |g: usize| &doc.plans[ix.goals[g].0 as usize];
    let gid = |id: &str| ix.of_kind(id, EntityKind::Goal).map(|g| g as usize);
    let item_goal = |g: usize| {
        let goal = model.goal(g as u32);
        Item {
            id: goal.id.clone(),
            plan: goal_plan(g).id.clone(),
            name: goal.name.clone(),
            owner: goal.owner.clone(),
        }
    };

    // ---- goal flags ------------------------------------------------------
    let mut measured = vec![false; ng];
    for k in 0..ix.kpis.len() {
        for l in &model.kpi(k as u32).goals {
            if let Some(g) = gid(&l.goal) {
                measured[g] = true;
            }
        }
    }
    let mut worked = vec![false; ng];
    for plan in &doc.plans {
        let plan_has_work = !plan.tasks.is_empty() || !plan.costs.is_empty();
        let named = plan
            .tasks
            .iter()
            .flat_map(|t| t.supports.iter())
            .chain(plan.costs.iter().flat_map(|c| c.supports.iter()))
            .chain(plan.supports.iter().filter(|_| plan_has_work));
        for id in named {
            if let Some(g) = gid(id) {
                worked[g] = true;
            }
        }
    }
    for &g in &ix.goal_order {
        let g = g as usize;
        for l in &model.goal(g as u32).contributes_to {
            if let Some(t) = gid(&l.goal) {
                measured[t] |= measured[g];
                worked[t] |= worked[g];
            }
        }
    }
    let mut ladders = vec![false; ng];
    for &g in ix.goal_order.iter().rev() {
        let g = g as usize;
        ladders[g] = goal_plan(g).kind == PlanKind::Strategic
            || model
                .goal(g as u32)
                .contributes_to
                .iter()
                .any(|l| gid(&l.goal).is_some_and(|t| ladders[t]));
    }
    let any_strategic = |ids: &[String]| ids.iter().any(|id| gid(id).is_some_and(|g| ladders[g]));

    // ---- tasks: any goal / a strategic goal, inherited down the WBS -------
    let mut t_any = vec![false; nt];
    let mut t_strat = vec![false; nt];
    for &t in &ix.wbs_order {
        let t = t as usize;
        let task = model.task(t as u32);
        let plan = &doc.plans[ix.tasks[t].0 as usize];
        let parent = ix.task_parent[t];
        let (pa, ps) = if parent == NONE {
            (false, false)
        } else {
            (t_any[parent as usize], t_strat[parent as usize])
        };
        let own_any = task.supports.iter().any(|s| gid(s).is_some());
        let plan_any = plan.supports.iter().any(|s| gid(s).is_some());
        t_any[t] = own_any || plan_any || pa;
        t_strat[t] = any_strategic(&task.supports) || any_strategic(&plan.supports) || ps;
    }

    let mut unaligned_tasks = Vec::new();
    let mut raci_violations = Vec::new();
    let (mut total, mut aligned, mut strategic) = (0.0f64, 0.0f64, 0.0f64);
    for t in 0..nt {
        let task = model.task(t as u32);
        let plan = &doc.plans[ix.tasks[t].0 as usize];
        if !t_any[t] {
            unaligned_tasks.push(Item {
                id: task.id.clone(),
                plan: plan.id.clone(),
                name: task.name.clone(),
                owner: task.owner.clone(),
            });
        }
        let hours: f64 = task
            .assignments
            .iter()
            .filter_map(|a| a.hours)
            .filter(|h| h.is_finite())
            .sum();
        total += hours;
        if t_any[t] {
            aligned += hours;
        }
        if t_strat[t] {
            strategic += hours;
        }
        let summary = ix.is_summary(t as u32);
        let carries_work = if summary {
            !task.assignments.is_empty()
        } else {
            task.kind != TaskKind::Milestone
        };
        if carries_work {
            let count = |role: Raci| {
                task.assignments
                    .iter()
                    .filter(|a| a.role == role)
                    .map(|a| a.resource.as_str())
                    .collect::<BTreeSet<_>>()
                    .len()
            };
            let (a, r) = (count(Raci::Accountable), count(Raci::Responsible));
            let mut problems = Vec::new();
            if a != 1 {
                problems.push("accountable_count");
            }
            if r == 0 {
                problems.push("no_responsible");
            }
            if !problems.is_empty() {
                raci_violations.push(RaciViolation {
                    task: task.id.clone(),
                    plan: plan.id.clone(),
                    accountable: a,
                    responsible: r,
                    problems,
                });
            }
        }
    }

    // ---- cost lines -------------------------------------------------------
    let mut unaligned_costs = Vec::new();
    for c in 0..ix.costs.len() {
        let line = model.cost(c as u32);
        let plan = &doc.plans[ix.costs[c].0 as usize];
        let via_task = line
            .task
            .as_deref()
            .and_then(|id| ix.task(id))
            .is_some_and(|t| t_any[t as usize]);
        let own = line.supports.iter().any(|s| gid(s).is_some());
        let via_plan = plan.supports.iter().any(|s| gid(s).is_some());
        if !(own || via_task || via_plan) {
            unaligned_costs.push(Item {
                id: line.id.clone(),
                plan: plan.id.clone(),
                name: line
                    .description
                    .clone()
                    .unwrap_or_else(|| line.category.clone()),
                owner: None,
            });
        }
    }

    // ---- goals --------------------------------------------------------------
    let mut goals_without_kpi = Vec::new();
    let mut goals_without_work = Vec::new();
    let mut not_laddering = Vec::new();
    let mut smart_failures = Vec::new();
    for g in 0..ng {
        let goal = model.goal(g as u32);
        if !measured[g] {
            goals_without_kpi.push(item_goal(g));
        }
        if !worked[g] {
            goals_without_work.push(item_goal(g));
        }
        if goal_plan(g).kind != PlanKind::Strategic && !ladders[g] {
            not_laddering.push(item_goal(g));
        }
        let manual = goal.smart.clone().unwrap_or_default();
        let mut failed = Vec::new();
        if manual.specific == Some(false) {
            failed.push("specific");
        }
        if !measured[g] {
            failed.push("measurable");
        }
        if manual.achievable == Some(false) {
            failed.push("achievable");
        }
        if manual.relevant == Some(false) {
            failed.push("relevant");
        }
        if blank(goal.owner.as_deref()) {
            failed.push("owned");
        }
        if goal.due.is_none() {
            failed.push("time_bound");
        }
        if !failed.is_empty() {
            smart_failures.push(SmartFailure {
                goal: goal.id.clone(),
                plan: goal_plan(g).id.clone(),
                failed,
            });
        }
    }

    // ---- stale KPIs -----------------------------------------------------------
    let stale_kpis = as_of.map(|as_of| {
        let mut out = Vec::new();
        for k in 0..ix.kpis.len() {
            let kpi = model.kpi(k as u32);
            let Some(cad) = kpi.cadence.as_deref() else {
                continue;
            };
            let Some(days) = cadence_days(cad) else {
                continue;
            };
            if as_of < kpi.baseline.date {
                continue;
            }
            // After the target date no further reading is due: judge the
            // last one against the target date instead.
            let until = as_of.min(kpi.target.date);
            let last = kpi
                .measurements
                .iter()
                .map(|m| m.date)
                .filter(|&d| d <= as_of)
                .max();
            let since = (until.0 - last.unwrap_or(kpi.baseline.date).0).num_days();
            if since > days {
                out.push(StaleKpi {
                    id: kpi.id.clone(),
                    plan: doc.plans[ix.kpis[k].0 as usize].id.clone(),
                    owner: kpi.owner.clone(),
                    cadence: cad.to_string(),
                    cadence_days: days,
                    last_measured: last,
                    days_since: since,
                });
            }
        }
        out
    });

    let share = (total > 0.0).then(|| strategic / total);
    let explanation = Explanation::new(
        "document",
        "hours_share_strategic",
        format!("strategic hours / total hours = {strategic} / {total}"),
        share.map_or("none".into(), |s| s.to_string()),
    )
    .input("total_hours", total.to_string(), None)
    .input("aligned_hours", aligned.to_string(), None)
    .input("strategic_hours", strategic.to_string(), None);
    Ok(AlignmentReport {
        as_of,
        unaligned_tasks,
        unaligned_costs,
        goals_without_kpi,
        goals_without_work,
        not_laddering,
        stale_kpis,
        raci_violations,
        smart_failures,
        hours: HoursShare {
            total,
            aligned,
            strategic,
            share_strategic: share,
            explanation,
        },
        budget_share: budget_share(model, |g| gid(g).is_some_and(|g| ladders[g])),
    })
}

/// The share of the base budget that serves goals for which `strategic`
/// holds.
fn budget_share(model: &Model, strategic: impl Fn(&str) -> bool) -> Option<BudgetShare> {
    use rust_decimal::prelude::ToPrimitive;
    let sched = crate::schedule::schedule(model, &Default::default()).ok();
    let b = crate::budget::budget(model, sched.as_ref(), &Default::default()).ok()?;
    let s = b.aligned_share_by(strategic).ok()?;
    Some(BudgetShare {
        total: s.total,
        strategic: s.aligned,
        share_strategic: s.share.and_then(|m| m.0.to_f64()),
    })
}

fn blank(s: Option<&str>) -> bool {
    match s {
        None => true,
        Some(s) => s.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests;
