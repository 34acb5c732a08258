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

use serde::Serialize;

use crate::explain::Explanation;
use crate::values::{Date, Money};
use crate::{Error, Model};
use passes::{
    goal_findings, goal_flags, hours_share, stale_kpis, task_findings, task_support,
    unaligned_costs, Cx,
};

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
    let cx = Cx::new(model);
    let flags = goal_flags(&cx);
    let support = task_support(&cx, &flags.ladders);
    let tasks = task_findings(&cx, &support);
    let unaligned_costs = unaligned_costs(&cx, &support.any);
    let goals = goal_findings(&cx, &flags);
    let stale_kpis = as_of.map(|as_of| stale_kpis(&cx, as_of));
    let hours = hours_share(tasks.total, tasks.aligned, tasks.strategic);
    Ok(AlignmentReport {
        as_of,
        unaligned_tasks: tasks.unaligned,
        unaligned_costs,
        goals_without_kpi: goals.without_kpi,
        goals_without_work: goals.without_work,
        not_laddering: goals.not_laddering,
        stale_kpis,
        raci_violations: tasks.raci_violations,
        smart_failures: goals.smart_failures,
        hours,
        budget_share: budget_share(model, |g| cx.gid(g).is_some_and(|g| flags.ladders[g])),
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

mod passes;
#[cfg(test)]
mod tests;
