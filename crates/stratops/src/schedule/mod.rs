//! The schedule engine: the critical path method as MS Project computes it.
//!
//! # The network
//! A leaf task is one node: its finish follows from its start and duration.
//! A summary task has an entry gate (its own links and constraints, which
//! every descendant inherits, as MS Project applies a link on a summary to
//! all its children) and an exit gate (it spans its children: start = the
//! earliest child start, finish = the latest child finish). Validation has
//! already ordered these nodes topologically ([`crate::Index::event_order`]),
//! so both passes are single sweeps over flat arrays, with no recursion.
//!
//! # Time
//! Instants are minutes since 1970-01-01 00:00. A start is the first
//! working minute at or after its bound; a finish is the end of the last
//! working minute (a one-day task starting Monday 08:00 finishes Monday
//! 17:00). Durations and lags count working minutes on a calendar
//! ([`crate::calendar::WorkCalendar`]); elapsed ones (`"4ed"`) count
//! wall-clock minutes. Lags are measured on the successor's calendar; a
//! percentage lag is that share of the predecessor's duration.
//!
//! # Decisions where DESIGN is silent
//! - Every task starts no earlier than its plan's horizon start (the
//!   project start), on its own calendar.
//! - FF and SF links into a summary bound the finish of every descendant,
//!   just as FS and SS links bound their start. SS and SF links *from* a
//!   summary bound, in the backward pass, only the children that set the
//!   summary's start.
//! - With "honor constraints" on (the default), SNLT and FNLT cap the early
//!   dates and a `constraint_conflict` warning names the task; with it off
//!   they only cap the late dates, which shows as negative float. MSO and
//!   MFO always pin.
//! - An actual start or finish pins the early dates. A started task shows
//!   its actual start as its late start and has only finish slack (MS
//!   Project).
//! - A plan's `start_time` (`"09:00"`) is where its first tasks start; an
//!   SNET or FNET date on a task with no predecessor (own or inherited)
//!   replaces the plan start even when earlier.
//! - A manual task (`manual`) sits on its entered dates whatever its links
//!   and constraints say; its late finish comes from the logic and its late
//!   start is the late finish minus its duration. An SS or SF link from an
//!   unstarted manual task bounds its late finish by the successor's late
//!   finish (the successor's own, if it has no successor, else the project
//!   finish). A `placeholder` manual task is never critical.
//! - Resource-driven tasks: an assignment with `hours` and `units` (on a
//!   work resource, in a task that is not `fixed_duration`) takes
//!   `hours × 60 / units` working minutes of its resource's calendar; the
//!   task starts when its first such resource can and ends with its last
//!   assignment; slack is measured on the task's calendar.
//! - An elapsed task may end as late as the next working minute after its
//!   late-finish bound, and its slack is counted in elapsed minutes.
//! - Total float is the lesser of start and finish slack, in working minutes
//!   on the task's calendar. Free float is the least gap to any successor
//!   (after its lag), floored at 0 and never more than total float; a task
//!   with no successor measures its gap to the project finish.
//! - Critical paths: chains of critical leaf tasks joined by driving links
//!   (links with no gap), from a task with no driving critical predecessor
//!   to one with no driving critical successor. At most
//!   [`ScheduleOptions::max_paths`] chains are listed, in order of their
//!   first task's start; `paths_truncated` says when more exist.

mod engine;
mod paths;

use serde::Serialize;

use crate::calendar::WorkCalendar;
use crate::error::{Diagnostic, Error};
use crate::explain::Explanation;
use crate::model::{LinkType, TaskKind};
use crate::values::DateTime;
use crate::Model;

#[doc(hidden)]
pub use engine::path_graph_size;
pub(crate) use engine::SimNet;
pub use engine::{schedule, Rescheduler};
pub use paths::PathGraphSize;

/// Options of a schedule run. `None` fields take the document's settings.
#[derive(Debug, Clone, Default)]
pub struct ScheduleOptions {
    /// Whether SNLT/FNLT constraints cap the early dates.
    pub honor_constraints: Option<bool>,
    /// Tasks with total float at most this many working minutes are critical.
    pub critical_threshold_min: Option<i64>,
    /// The most critical paths to list (default 100).
    pub max_paths: Option<usize>,
    /// The status date (the end of that day): completed work stays where it
    /// happened, started work resumes after it, unstarted work starts after
    /// it. Absent: the plan as written.
    pub status_date: Option<crate::values::Date>,
    /// How started tasks whose predecessors are not done are scheduled
    /// (default [`OutOfSequence::RetainedLogic`]).
    pub out_of_sequence: Option<OutOfSequence>,
}

impl ScheduleOptions {
    /// Whether every option is unset (the document's settings apply).
    pub fn is_default(&self) -> bool {
        self.honor_constraints.is_none()
            && self.critical_threshold_min.is_none()
            && self.max_paths.is_none()
            && self.status_date.is_none()
            && self.out_of_sequence.is_none()
    }
}

/// How the remaining work of a task started out of sequence (before its
/// predecessors allowed) is scheduled, as Primavera P6 offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutOfSequence {
    /// The remaining work still waits for its predecessors (the default).
    #[default]
    RetainedLogic,
    /// The remaining work continues from the status date, ignoring its
    /// predecessors.
    ProgressOverride,
}

impl OutOfSequence {
    /// Parses the option's value: `retained_logic` or `progress_override`.
    pub fn parse(s: &str) -> Option<OutOfSequence> {
        match s {
            "retained_logic" => Some(OutOfSequence::RetainedLogic),
            "progress_override" => Some(OutOfSequence::ProgressOverride),
            _ => None,
        }
    }

    /// The option `out_of_sequence` as every face takes it: absent, or one
    /// of the two names; anything else is `bad_option`.
    ///
    /// ```
    /// use stratops::schedule::OutOfSequence;
    /// assert_eq!(OutOfSequence::from_option(Some("progress_override")).unwrap(),
    ///            Some(OutOfSequence::ProgressOverride));
    /// assert_eq!(OutOfSequence::from_option(Some("x")).unwrap_err().code(), "bad_option");
    /// ```
    pub fn from_option(v: Option<&str>) -> Result<Option<OutOfSequence>, Error> {
        v.map(|s| {
            OutOfSequence::parse(s).ok_or_else(|| {
                Error::calc(
                    crate::error::codes::BAD_OPTION,
                    Some("out_of_sequence"),
                    format!(
                        "option out_of_sequence must be retained_logic or progress_override, not {s:?}"
                    ),
                )
            })
        })
        .transpose()
    }
}

/// What set a task's early start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Driver {
    /// The plan's start date.
    ProjectStart,
    /// A link from a predecessor.
    Link {
        /// The predecessor's id.
        predecessor: String,
        /// The link type.
        link_type: LinkType,
        /// The lag, as written.
        #[serde(skip_serializing_if = "Option::is_none")]
        lag: Option<String>,
    },
    /// A link or constraint on an enclosing summary task.
    Summary {
        /// The summary's id.
        summary: String,
    },
    /// The task's own date constraint.
    Constraint,
    /// The task's actual start.
    Actual,
    /// The dates entered on a manually scheduled task.
    Manual,
    /// The status date: work not started waits for it.
    StatusDate,
}

/// The computed dates of one task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskTimes {
    /// The task id.
    pub id: String,
    /// The task's plan id.
    pub plan: String,
    /// Task, milestone or summary (derived from children).
    pub kind: TaskKind,
    /// Early start.
    pub early_start: DateTime,
    /// Early finish.
    pub early_finish: DateTime,
    /// Late start.
    pub late_start: DateTime,
    /// Late finish.
    pub late_finish: DateTime,
    /// The scheduled start: early, or late for an ALAP task.
    pub start: DateTime,
    /// The scheduled finish.
    pub finish: DateTime,
    /// The duration in minutes (working, or wall-clock if elapsed).
    pub duration_min: i64,
    /// Total float in working minutes on the task's calendar; negative when
    /// a constraint or deadline cannot be met.
    pub total_float_min: i64,
    /// Free float in working minutes, never negative.
    pub free_float_min: i64,
    /// Whether total float is at most the critical threshold.
    pub critical: bool,
    /// What set the early start.
    pub driver: Driver,
}

/// The result of a schedule run.
#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    /// The earliest start of any plan with tasks.
    pub project_start: DateTime,
    /// The latest early finish.
    pub project_finish: DateTime,
    /// Every task, in document order (the dense task index).
    pub tasks: Vec<TaskTimes>,
    /// Critical paths as ordered chains of task ids.
    pub critical_paths: Vec<Vec<String>>,
    /// Whether more critical paths exist than were listed.
    pub paths_truncated: bool,
    /// Constraint conflicts, missed deadlines and negative float; with a
    /// status date, out-of-sequence progress and actuals after it.
    pub diagnostics: Vec<Diagnostic>,
    /// The status date the schedule was computed at, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_date: Option<crate::values::Date>,
    #[serde(skip)]
    pub(crate) cals: Vec<WorkCalendar>,
    #[serde(skip)]
    pub(crate) task_cal: Vec<u32>,
}

impl Schedule {
    /// The times of a task by id.
    pub fn task(&self, id: &str) -> Option<&TaskTimes> {
        self.tasks.iter().find(|t| t.id == id)
    }

    /// Working minutes of a task's calendar from `from` to `to` (negative
    /// when `to` is earlier). The budget engine uses it to pro-rate costs.
    pub fn working_minutes(&self, task: u32, from: DateTime, to: DateTime) -> Result<i64, Error> {
        let cal = self
            .task_cal
            .get(task as usize)
            .and_then(|&c| self.cals.get(c as usize))
            .ok_or_else(|| {
                Error::calc("unknown_task", None, format!("no task with index {task}"))
            })?;
        cal.between(
            crate::calendar::to_minutes(from),
            crate::calendar::to_minutes(to),
        )
    }

    /// Explains a task's early start and its total float.
    ///
    /// # Example
    /// ```
    /// let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
    ///   "id": "p", "kind": "project", "name": "P",
    ///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
    ///   "tasks": [{"id": "a", "name": "A", "duration": "2d"},
    ///             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
    /// let s = stratops::schedule::schedule(&model, &Default::default()).unwrap();
    /// let e = s.explain(&model, "b").unwrap();
    /// assert!(e[0].formula.contains("FS"));
    /// ```
    pub fn explain(&self, model: &Model, id: &str) -> Option<Vec<Explanation>> {
        let t = self.task(id)?;
        let task = model.index().task(id).map(|d| model.task(d))?;
        let es = match &t.driver {
            Driver::ProjectStart => Explanation::new(
                id,
                "early_start",
                "the first working minute at or after the plan start",
                t.early_start.to_string(),
            ),
            Driver::Link {
                predecessor,
                link_type,
                lag,
            } => {
                let p = self.task(predecessor);
                let base = match link_type {
                    LinkType::FS | LinkType::FF => p.map(|p| p.early_finish),
                    LinkType::SS | LinkType::SF => p.map(|p| p.early_start),
                };
                let rule = match link_type {
                    LinkType::FS => "ES(succ) >= EF(pred) + lag",
                    LinkType::SS => "ES(succ) >= ES(pred) + lag",
                    LinkType::FF => "EF(succ) >= EF(pred) + lag",
                    LinkType::SF => "EF(succ) >= ES(pred) + lag",
                };
                let mut e = Explanation::new(
                    id,
                    "early_start",
                    format!("{link_type:?} link from {predecessor}: {rule}"),
                    t.early_start.to_string(),
                )
                .input("predecessor", predecessor.clone(), Some(predecessor));
                if let Some(b) = base {
                    e = e.input("predecessor date", b.to_string(), Some(predecessor));
                }
                e.input("lag", lag.clone().unwrap_or_else(|| "0".into()), None)
            }
            Driver::Manual => {
                let m = task.manual.as_ref();
                Explanation::new(
                    id,
                    "early_start",
                    "the start entered on a manually scheduled task (or the plan start)",
                    t.early_start.to_string(),
                )
                .input(
                    "entered start",
                    m.and_then(|m| m.start)
                        .map_or_else(|| "none".to_string(), |d| d.to_string()),
                    None,
                )
            }
            Driver::Summary { summary } => Explanation::new(
                id,
                "early_start",
                format!("inherited from summary {summary}'s links or constraint"),
                t.early_start.to_string(),
            )
            .input("summary", summary.clone(), Some(summary)),
            Driver::Constraint => {
                let c = task.constraint.as_ref();
                Explanation::new(
                    id,
                    "early_start",
                    format!("{:?} constraint", c.map(|c| c.kind)),
                    t.early_start.to_string(),
                )
                .input(
                    "constraint date",
                    c.and_then(|c| c.date)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    Some(id),
                )
            }
            Driver::Actual => Explanation::new(
                id,
                "early_start",
                "the actual start",
                t.early_start.to_string(),
            ),
            Driver::StatusDate => Explanation::new(
                id,
                "early_start",
                "work not started waits for the status date: the first working minute after its end",
                t.early_start.to_string(),
            )
            .input(
                "status date",
                self.status_date
                    .map_or_else(String::new, |d| d.to_string()),
                None,
            ),
        };
        let tf = Explanation::new(
            id,
            "total_float_min",
            "min(LS - ES, LF - EF) in working minutes on the task's calendar",
            t.total_float_min.to_string(),
        )
        .input("early_start", t.early_start.to_string(), None)
        .input("late_start", t.late_start.to_string(), None)
        .input("early_finish", t.early_finish.to_string(), None)
        .input("late_finish", t.late_finish.to_string(), None);
        Some(vec![es, tf])
    }
}
