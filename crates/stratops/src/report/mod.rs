//! The operating loop (DESIGN §7): the progress report, the reminders feed
//! and the plan diff.
//!
//! [`report()`] gathers, as of a date, what a planner sends around after
//! each "evaluate and adjust" step: an executive summary, the KPI status
//! table, milestone completion, overdue tasks, the critical path, budget
//! against actual with contingency, the top risks and the "challenges".
//! The [`Report`] value is the source of truth (it serialises to JSON);
//! [`render_markdown`] and [`render_html`] are views of it. [`remind()`]
//! lists events that automation can route to their owners, and [`diff()`]
//! compares two versions of a document.
//!
//! # Example
//! ```
//! use stratops::{Model, Date, report::{report, render_markdown, ReportOptions}};
//! let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "Move office", "owner": "kim",
//!   "horizon": {"start": "2025-10-06", "end": "2025-10-31"},
//!   "tasks": [
//!     {"id": "pack", "name": "Pack", "duration": "3d", "progress": {"percent_complete": 100}},
//!     {"id": "move", "name": "Move", "duration": "2d", "dependencies": [{"predecessor": "pack"}]},
//!     {"id": "done", "name": "Moved", "kind": "milestone", "dependencies": [{"predecessor": "move"}]}]}]}"#)?;
//! let as_of: Date = "2025-10-13".parse().unwrap();
//! let r = report(&model, as_of, &ReportOptions::default())?;
//! // "move" was planned for Thursday 9 and Friday 10 October and is not done.
//! assert_eq!(r.overdue_tasks[0].id, "move");
//! assert_eq!(r.overdue_tasks[0].owner.as_deref(), Some("kim")); // the plan owner
//! assert!(render_markdown(&r).contains("| Move |"));
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! # Decisions where DESIGN is silent
//!
//! - **Done.** A task is done when its `percent_complete` is 100 or it has
//!   an `actual_finish` on or before the as-of date (an actual finish after
//!   the as-of date did not happen yet, as of then).
//! - **Due dates** are the scheduled finish (the early finish, or the late
//!   finish of an ALAP task). A finish at exactly 00:00 belongs to the day
//!   before, since a finish is the end of the last working minute.
//! - **Milestone states.** `done`; `late` when not done and due before the
//!   as-of date; `due` when due from the as-of date up to
//!   [`ReportOptions::lookahead_days`] later (14 by default); `upcoming`
//!   when due after that. A milestone whose scheduled finish is after its
//!   deadline also says `misses_deadline`.
//! - **Overdue tasks** are non-milestone leaf tasks that are not done and
//!   whose scheduled finish is before the as-of date. A task with no
//!   `duration` (an initiative listed without dates) is never due, late or
//!   overdue, and does not count towards its plan's finish. The schedule engine
//!   does not yet reschedule unfinished work after a status date, so the
//!   scheduled dates are the plan's dates.
//! - **Owners.** A task's owner is its `owner`, else its accountable
//!   resource, else its nearest WBS ancestor's owner, else its plan's owner.
//!   A KPI's owner is its `owner`, else its first goal's owner, else its
//!   plan's owner; goals and risks fall back to their plan's owner. Owners
//!   are ids or names as written in the document.
//! - **Strategic goals** in the executive summary are the goals of
//!   strategic plans; a document without a strategic plan shows the goals
//!   that contribute to no other goal.
//! - **Project finish against the horizon**, per plan with tasks: the
//!   latest scheduled finish of its leaf tasks, and the calendar days from
//!   that finish to the horizon's end (negative: the plan overruns).
//! - **Challenges** list, each with its owner, everything off track or at
//!   risk: KPIs and goals `off_track`, `at_risk` or `missed`; stale KPIs;
//!   late milestones; overdue tasks; tasks with negative float; plans that
//!   finish after their horizon; plans or categories planned over their
//!   budget cap and spending over plan; risks whose trigger date has passed
//!   or whose band is high or critical. Off-track items come first, then
//!   by kind and document order.
//! - **Budget.** See [`BudgetSection`]: the budget engine's totals, caps
//!   and actuals; contingency is the risks' expected monetary value plus
//!   each plan's management reserve. A budget error (such as a labour line
//!   with no rate, `missing_rate`) is the report's error.
//! - **Before every horizon**, or with nothing to schedule, the report is
//!   still valid: its sections are empty and [`Report::notes`] says why
//!   with a stable code (`before_horizon`, `no_tasks`, `no_plans`).

mod budget;
mod build;
mod challenges;
mod diff;
mod execution;
mod fmt;
mod gantt;
mod html;
mod markdown;
mod owners;
mod remind;
mod resources;
mod sections;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{PlanKind, Polarity, RiskCategory, RiskResponse, TaskKind};
use crate::risk::Band;
use crate::schedule::ScheduleOptions;
use crate::scorecard::{ForecastOutcome, ScorecardOptions, Status};
use crate::values::{Date, DateTime, Money};

pub use build::report;
pub use diff::{diff, Consequences, Diff, EntityChange, EntityKey, FieldChange, GoalStatusChange};
pub use execution::{ForecastSection, SlippedTask};
pub use html::render_html;
pub use markdown::render_markdown;
pub use remind::{remind, Event, EventKind};
pub use resources::{DelayedTask, ResourceSection};

/// Options of [`report()`].
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// How many days after the as-of date a milestone counts as `due`
    /// rather than `upcoming` (default 14).
    pub lookahead_days: i64,
    /// How many risks the top-risks table lists (default 5).
    pub top_risks: usize,
    /// The schedule options.
    pub schedule: ScheduleOptions,
    /// The scorecard options (status thresholds).
    pub scorecard: ScorecardOptions,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            lookahead_days: 14,
            top_risks: 5,
            schedule: ScheduleOptions::default(),
            scorecard: ScorecardOptions::default(),
        }
    }
}

impl ReportOptions {
    /// The options every face takes, checked once here: `lookahead_days`
    /// (zero or more) and `top_risks` (zero or more); `None` keeps the
    /// default. A value out of range is a `bad_option` error naming it.
    ///
    /// ```
    /// let o = stratops::report::ReportOptions::from_options(Some(7), None).unwrap();
    /// assert_eq!((o.lookahead_days, o.top_risks), (7, 5));
    /// assert_eq!(stratops::report::ReportOptions::from_options(Some(-1), None).unwrap_err().code(), "bad_option");
    /// ```
    pub fn from_options(
        lookahead_days: Option<i64>,
        top_risks: Option<i64>,
    ) -> Result<ReportOptions, crate::Error> {
        let bad = |key: &str, got: i64| {
            crate::Error::calc(
                crate::error::codes::BAD_OPTION,
                Some(key),
                format!("option {key} must be zero or more, not {got}"),
            )
        };
        let mut o = ReportOptions::default();
        if let Some(n) = lookahead_days {
            if n < 0 {
                return Err(bad("lookahead_days", n));
            }
            o.lookahead_days = n;
        }
        if let Some(n) = top_risks {
            o.top_risks = usize::try_from(n).map_err(|_| bad("top_risks", n))?;
        }
        Ok(o)
    }
}

/// A progress report as of a date. Serialise it for the JSON form.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The as-of date.
    pub as_of: Date,
    /// A title: the operational plans' names, or the organisation's.
    pub title: String,
    /// The organisation.
    pub organisation: Option<String>,
    /// The document currency.
    pub currency: String,
    /// The `due` window of milestones, in days.
    pub lookahead_days: i64,
    /// The executive summary.
    pub summary: Summary,
    /// Every goal, in document order.
    pub goals: Vec<GoalRow>,
    /// Every KPI, leading indicators first, then document order.
    pub kpis: Vec<KpiRow>,
    /// Every milestone, by due date then id.
    pub milestones: Vec<MilestoneRow>,
    /// Overdue tasks, most overdue first.
    pub overdue_tasks: Vec<OverdueTask>,
    /// The schedule: project dates, critical paths and the Gantt bars.
    /// `None` when there is no task to schedule.
    pub schedule: Option<ScheduleSection>,
    /// The forecast at the status date (the as-of date) against the
    /// baseline or the plan as written. `None` without tasks.
    pub forecast: Option<ForecastSection>,
    /// Earned value as of the as-of date; `None` without any budget.
    pub earned_value: Option<crate::evm::EarnedValue>,
    /// Schedule health (the DCMA 14-point assessment) at the as-of date;
    /// `None` without tasks.
    pub health: Option<crate::health::Health>,
    /// Schedule risk: a 1,000-iteration simulation (seed 0) at the as-of
    /// date, when any task has an `estimate`.
    pub schedule_risk: Option<crate::simulate::Simulation>,
    /// Over-allocated resources at the as-of date and the finish after
    /// standard leveling; `None` when no task loads a resource.
    pub resources: Option<ResourceSection>,
    /// Budget against actual, and contingency.
    pub budget: BudgetSection,
    /// The risk register's top risks by exposure.
    pub risks: RiskSection,
    /// Everything off track or at risk, each with its owner.
    pub challenges: Vec<Challenge>,
    /// Caveats about the report itself, each with a stable code.
    pub notes: Vec<Note>,
}

/// A caveat about the report, such as "the as-of date is before every
/// horizon".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// A stable snake_case code.
    pub code: String,
    /// A human message.
    pub message: String,
}

/// The executive summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The status of every strategic goal.
    pub strategic_goals: Vec<GoalRow>,
    /// Each plan's scheduled finish against its horizon.
    pub plans: Vec<PlanFinish>,
    /// The project start (earliest scheduled start), when there are tasks.
    pub project_start: Option<DateTime>,
    /// The project finish (latest scheduled finish), when there are tasks.
    pub project_finish: Option<DateTime>,
    /// How many KPIs have each status.
    pub kpi_status_counts: BTreeMap<String, usize>,
    /// How many milestones are in each state.
    pub milestone_counts: BTreeMap<String, usize>,
    /// How many tasks are overdue.
    pub overdue_tasks: usize,
    /// How many challenges are off track.
    pub challenges_off_track: usize,
    /// How many challenges are at risk.
    pub challenges_at_risk: usize,
}

/// A plan's scheduled finish against its horizon.
#[derive(Debug, Clone, Serialize)]
pub struct PlanFinish {
    /// The plan id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: PlanKind,
    /// Its owner.
    pub owner: Option<String>,
    /// The horizon's first day.
    pub horizon_start: Date,
    /// The horizon's last day.
    pub horizon_end: Date,
    /// The latest scheduled finish of its leaf tasks; `None` without tasks.
    pub finish: Option<DateTime>,
    /// Calendar days from the finish to the horizon's end; negative when
    /// the plan overruns its horizon.
    pub days_to_horizon_end: Option<i64>,
}

/// One goal's status.
#[derive(Debug, Clone, Serialize)]
pub struct GoalRow {
    /// The goal id.
    pub id: String,
    /// Its statement.
    pub name: String,
    /// Its plan.
    pub plan: String,
    /// Its plan's kind.
    pub plan_kind: PlanKind,
    /// Its owner (see the module docs).
    pub owner: Option<String>,
    /// Its due date.
    pub due: Option<Date>,
    /// Rolled-up progress, when any child has data.
    pub progress: Option<f64>,
    /// Expected progress, when any child has data.
    pub expected: Option<f64>,
    /// The status.
    pub status: Status,
}

/// One KPI's status.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// The KPI id.
    pub id: String,
    /// What is measured.
    pub name: String,
    /// Its plan.
    pub plan: String,
    /// Its owner (see the module docs).
    pub owner: Option<String>,
    /// Its unit.
    pub unit: Option<String>,
    /// A leading indicator.
    pub leading: bool,
    /// Which direction is good.
    pub polarity: Polarity,
    /// The baseline value.
    pub baseline: f64,
    /// The target value.
    pub target: f64,
    /// The target date.
    pub target_date: Date,
    /// The current value, if measured.
    pub value: Option<f64>,
    /// Progress, if measured.
    pub progress: Option<f64>,
    /// Expected progress at the as-of date.
    pub expected: f64,
    /// Progress over expected progress.
    pub pace: Option<f64>,
    /// The status.
    pub status: Status,
    /// The date of the last measurement used.
    pub last_measured: Option<Date>,
    /// No measurement within its cadence.
    pub stale: bool,
    /// The forecast's verdict.
    pub forecast: ForecastOutcome,
    /// When the trend line reaches the target, if it does.
    pub forecast_reaches_on: Option<Date>,
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneState {
    /// Reached.
    Done,
    /// Not reached, and due before the as-of date.
    Late,
    /// Due within the lookahead window.
    Due,
    /// Due after the lookahead window.
    Upcoming,
}

impl MilestoneState {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneState::Done => "done",
            MilestoneState::Late => "late",
            MilestoneState::Due => "due",
            MilestoneState::Upcoming => "upcoming",
        }
    }
}

/// One milestone.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: String,
    /// Its owner.
    pub owner: Option<String>,
    /// The scheduled date.
    pub due: Date,
    /// Its deadline, if any.
    pub deadline: Option<Date>,
    /// Where it stands.
    pub state: MilestoneState,
    /// When it was reached, if an actual finish says so.
    pub done_on: Option<Date>,
    /// Calendar days late (as-of date minus due date) when `late`, else 0.
    pub days_late: i64,
    /// On a critical path.
    pub critical: bool,
    /// Scheduled after its deadline.
    pub misses_deadline: bool,
}

/// A task that should have finished.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueTask {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: String,
    /// Its owner.
    pub owner: Option<String>,
    /// The scheduled start.
    pub start: DateTime,
    /// The scheduled finish.
    pub finish: DateTime,
    /// Percent complete.
    pub percent_complete: f64,
    /// Calendar days from the scheduled finish to the as-of date.
    pub days_overdue: i64,
    /// Critical.
    pub critical: bool,
}

/// The schedule part of the report.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleSection {
    /// The earliest scheduled start.
    pub project_start: DateTime,
    /// The latest scheduled finish.
    pub project_finish: DateTime,
    /// The critical paths, each an ordered chain.
    pub critical_paths: Vec<Vec<PathStep>>,
    /// Whether more critical paths exist than are listed.
    pub paths_truncated: bool,
    /// Tasks with negative total float.
    pub negative_float: Vec<FloatIssue>,
    /// Every task in outline order (parents before their children), for
    /// the Gantt chart.
    pub bars: Vec<Bar>,
    /// The schedule's diagnostics (constraint conflicts, missed deadlines).
    pub diagnostics: Vec<Diagnostic>,
}

/// One step of a critical path.
#[derive(Debug, Clone, Serialize)]
pub struct PathStep {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: Option<String>,
    /// The scheduled start.
    pub start: DateTime,
    /// The scheduled finish.
    pub finish: DateTime,
}

/// A task whose constraint or deadline cannot be met.
#[derive(Debug, Clone, Serialize)]
pub struct FloatIssue {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Total float in working minutes (negative).
    pub total_float_min: i64,
}

/// One bar of the Gantt chart.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its plan.
    pub plan: String,
    /// Its depth in the WBS (0 for a top-level task).
    pub depth: u32,
    /// Task, milestone or summary.
    pub kind: TaskKind,
    /// The scheduled start.
    pub start: DateTime,
    /// The scheduled finish.
    pub finish: DateTime,
    /// Critical (summaries: never).
    pub critical: bool,
    /// Percent complete (0 when not given).
    pub percent_complete: f64,
    /// Done (see the module docs).
    pub done: bool,
}

/// One row of the budget table.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetRow {
    /// The category or plan id.
    pub key: String,
    /// The cap, if one is set.
    pub cap: Option<Money>,
    /// The planned cost.
    pub planned: Money,
    /// What has been spent (the sum of the lines' `actual`).
    pub actual: Money,
    /// planned − actual.
    pub remaining: Money,
    /// Planned over the cap.
    pub over_cap: bool,
}

/// Budget against actual, and contingency, from the budget engine
/// ([`crate::budget`]): planned cost is the lines' amounts (labour priced at
/// the rates in force on the scheduled dates), actual the lines' `actual`.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetSection {
    /// The currency.
    pub currency: String,
    /// Σ planned cost.
    pub planned: Money,
    /// Σ actual cost.
    pub actual: Money,
    /// planned − actual.
    pub remaining: Money,
    /// Σ plan caps, when every plan with cost lines has one.
    pub cap: Option<Money>,
    /// How many cost lines there are.
    pub lines: usize,
    /// How many of them carry an actual.
    pub lines_with_actual: usize,
    /// By category, sorted by name.
    pub by_category: Vec<BudgetRow>,
    /// By plan, in document order.
    pub by_plan: Vec<BudgetRow>,
    /// The risks' expected monetary value.
    pub risk_contingency: Money,
    /// Σ management reserve % × each plan's planned cost.
    pub management_reserve: Money,
    /// risk contingency + management reserve.
    pub contingency: Money,
}

/// The top risks.
#[derive(Debug, Clone, Serialize)]
pub struct RiskSection {
    /// How many risks the register holds.
    pub count: usize,
    /// Σ probability × cost impact over the register.
    pub total_exposure: Money,
    /// The top risks by exposure.
    pub top: Vec<RiskRow>,
}

/// One risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    /// The risk id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// What could go wrong.
    pub description: String,
    /// Its category.
    pub category: RiskCategory,
    /// Its owner.
    pub owner: Option<String>,
    /// Probability 0–1.
    pub probability: Option<f64>,
    /// The cost if it happens.
    pub impact_cost: Option<Money>,
    /// probability × cost impact.
    pub exposure_money: Option<Money>,
    /// probability × delay, in days.
    pub exposure_days: Option<f64>,
    /// likelihood × impact score.
    pub score: Option<u8>,
    /// The score's band.
    pub band: Option<Band>,
    /// The response.
    pub response: Option<RiskResponse>,
    /// The if-then plan.
    pub if_then: Option<String>,
    /// When to check it.
    pub trigger_date: Option<Date>,
    /// The trigger date is on or before the as-of date.
    pub trigger_passed: bool,
}

/// How bad a challenge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Off track: late, overdue, missed, over budget.
    OffTrack,
    /// At risk.
    AtRisk,
}

impl Level {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::OffTrack => "off_track",
            Level::AtRisk => "at_risk",
        }
    }
}

/// Something off track or at risk.
#[derive(Debug, Clone, Serialize)]
pub struct Challenge {
    /// Off track or at risk.
    pub level: Level,
    /// The kind of entity: `goal`, `kpi`, `milestone`, `task`, `plan`,
    /// `budget` or `risk`.
    pub kind: &'static str,
    /// The entity id (a category name for a category over its cap).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who should act.
    pub owner: Option<String>,
    /// What is wrong, in one word: `off_track`, `at_risk`, `missed`,
    /// `stale`, `late`, `overdue`, `negative_float`, `overrun`,
    /// `over_cap`, `overspent`, `triggered`, `high_exposure`.
    pub issue: &'static str,
    /// A human message.
    pub message: String,
}
