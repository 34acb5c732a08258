//! The reminders feed: events that automation can route to their owners.

use chrono::Duration;
use serde::Serialize;

use super::owners::{days, done, finish_day, risk_owner, Owners};
use crate::align::align;
use crate::model::{Task, TaskKind};
use crate::schedule::{schedule, ScheduleOptions, TaskTimes};
use crate::scorecard::{scorecard, ScorecardOptions, Status};
use crate::values::Date;
use crate::{Error, Model};

/// What an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A task, milestone or goal due before the as-of date is not done.
    Overdue,
    /// A risk's trigger date has passed: check whether it has happened.
    RiskTriggered,
    /// A KPI has no measurement within its cadence.
    StaleKpi,
    /// A task, milestone or goal is due within the window.
    DueSoon,
    /// A milestone was reached within the window before the as-of date.
    MilestoneReached,
    /// A task should have started by the as-of date (its scheduled start
    /// has passed) but has no progress and is not yet due.
    NotStarted,
}

impl EventKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Overdue => "overdue",
            EventKind::RiskTriggered => "risk_triggered",
            EventKind::StaleKpi => "stale_kpi",
            EventKind::DueSoon => "due_soon",
            EventKind::MilestoneReached => "milestone_reached",
            EventKind::NotStarted => "not_started",
        }
    }
}

/// One reminder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// `task`, `milestone`, `goal`, `kpi` or `risk`.
    pub entity: &'static str,
    /// The entity id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// Whom to tell (see the report module's owner rules).
    pub owner: Option<String>,
    /// The date the event is about: the due date, the date a KPI went
    /// stale, the date a milestone was reached, a risk's trigger date.
    pub date: Date,
    /// A human message.
    pub message: String,
}

/// Lists reminders as of a date, looking `within_days` days ahead for due
/// items and back for reached milestones.
///
/// Due dates are scheduled finishes (milestones, and tasks with a
/// duration) and goal `due` dates; done follows the report's rule. A goal is overdue when its due
/// date has passed and its scorecard status is not `met`. A KPI went stale
/// on its last measurement (or baseline) date plus its cadence. A milestone
/// done by `percent_complete` alone, with no actual finish, counts as
/// reached on its scheduled date, or the as-of date if that is earlier.
/// Events are sorted by date, then kind (in [`EventKind`]'s order), then
/// id, so the feed is deterministic.
///
/// # Example
/// ```
/// use stratops::{Model, report::{remind, EventKind}};
/// let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P", "owner": "kim",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "2d"},
///             {"id": "b", "name": "B", "duration": "10d", "dependencies": [{"predecessor": "a"}]}]}]}"#)?;
/// let feed = remind(&model, "2025-10-09".parse().unwrap(), 14)?;
/// // a finished on Tuesday 7 October and is not marked done; b should have
/// // started on Wednesday 8 and has no progress; it is due on the 21st
/// assert_eq!((feed[0].kind, feed[0].id.as_str()), (EventKind::Overdue, "a"));
/// assert_eq!((feed[1].kind, feed[1].id.as_str()), (EventKind::NotStarted, "b"));
/// assert_eq!((feed[2].kind, feed[2].id.as_str()), (EventKind::DueSoon, "b"));
/// assert_eq!(feed[2].owner.as_deref(), Some("kim"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn remind(model: &Model, as_of: Date, within_days: i64) -> Result<Vec<Event>, Error> {
    if within_days < 0 {
        return Err(Error::calc(
            crate::error::codes::BAD_OPTION,
            None,
            "the reminder window must be zero or more days",
        ));
    }
    let mut feed = Feed {
        model,
        owners: Owners::new(model),
        as_of,
        within_days,
        out: Vec::new(),
    };
    feed.task_events()?;
    feed.goal_events()?;
    feed.stale_kpi_events()?;
    feed.risk_events();
    let mut out = feed.out;
    sort_events(&mut out);
    Ok(out)
}

/// What the reminder steps read, and the events found so far.
struct Feed<'a> {
    model: &'a Model,
    owners: Owners,
    as_of: Date,
    within_days: i64,
    out: Vec<Event>,
}

/// One scheduled task and the facts its events follow from.
struct DatedTask<'a> {
    /// The dense task index.
    t: usize,
    times: &'a TaskTimes,
    task: &'a Task,
    milestone: bool,
    /// The scheduled finish day.
    due: Date,
}

impl Feed<'_> {
    /// The id of the plan at `loc` (plan, position).
    fn plan_of(&self, loc: (u32, u32)) -> String {
        self.model.document().plans[loc.0 as usize].id.clone()
    }

    /// The events of every dated task and milestone that is not a summary.
    fn task_events(&mut self) -> Result<(), Error> {
        let model = self.model;
        let ix = model.index();
        if ix.tasks.is_empty() {
            return Ok(());
        }
        let s = schedule(model, &ScheduleOptions::default())?;
        for (t, tt) in s.tasks.iter().enumerate() {
            if ix.is_summary(t as u32) || !super::owners::dated(model, t as u32) {
                continue;
            }
            let task = model.task(t as u32);
            let f = DatedTask {
                t,
                times: tt,
                task,
                milestone: task.kind == TaskKind::Milestone,
                due: finish_day(tt.finish),
            };
            self.task_events_of(&f);
        }
        Ok(())
    }

    /// One task's events: reached when done, else overdue, else not started
    /// and due soon.
    fn task_events_of(&mut self, f: &DatedTask<'_>) {
        let (is_done, done_on) = done(f.task.progress.as_ref(), self.as_of);
        let due = f.due;
        let ahead = days(self.as_of, due);
        if is_done {
            if f.milestone {
                self.milestone_reached(f, done_on);
            }
        } else if ahead < 0 {
            let message = format!("{} was due {due} ({} days ago)", f.task.name, -ahead);
            self.push_task(f, EventKind::Overdue, due, message);
        } else {
            self.not_started(f);
            if ahead <= self.within_days {
                let message = format!("{} is due {due} (in {ahead} days)", f.task.name);
                self.push_task(f, EventKind::DueSoon, due, message);
            }
        }
    }

    /// A done milestone reached within the window before the as-of date.
    fn milestone_reached(&mut self, f: &DatedTask<'_>, done_on: Option<Date>) {
        let (due, as_of) = (f.due, self.as_of);
        let on = done_on.unwrap_or(if due < as_of { due } else { as_of });
        if (0..=self.within_days).contains(&days(on, as_of)) {
            let message = format!("{} reached on {on}", f.task.name);
            self.push_task(f, EventKind::MilestoneReached, on, message);
        }
    }

    /// A task whose scheduled start has passed with no progress.
    fn not_started(&mut self, f: &DatedTask<'_>) {
        let start = f.times.start.date();
        let started = f
            .task
            .progress
            .as_ref()
            .is_some_and(|p| p.actual_start.is_some() || p.percent_complete > 0.0);
        if !f.milestone && !started && start <= self.as_of {
            let message = format!(
                "{} should have started {start} and has no progress",
                f.task.name
            );
            self.push_task(f, EventKind::NotStarted, start, message);
        }
    }

    /// Pushes an event about the task or milestone `f`.
    fn push_task(&mut self, f: &DatedTask<'_>, kind: EventKind, date: Date, message: String) {
        self.out.push(Event {
            kind,
            entity: if f.milestone { "milestone" } else { "task" },
            id: f.times.id.clone(),
            plan: f.times.plan.clone(),
            owner: self.owners.task[f.t].clone(),
            date,
            message,
        });
    }

    /// Goals with a due date that are not met: overdue or due soon.
    fn goal_events(&mut self) -> Result<(), Error> {
        let model = self.model;
        let ix = model.index();
        let card = scorecard(model, self.as_of, &ScorecardOptions::default())?;
        for g in 0..ix.goals.len() as u32 {
            let goal = model.goal(g);
            let Some(due) = goal.due else { continue };
            if card.goal(&goal.id).is_some_and(|s| s.status == Status::Met) {
                continue;
            }
            let ahead = days(self.as_of, due);
            let Some((kind, message)) = goal_due(&goal.name, due, ahead, self.within_days) else {
                continue;
            };
            self.out.push(Event {
                kind,
                entity: "goal",
                id: goal.id.clone(),
                plan: self.plan_of(ix.goals[g as usize]),
                owner: self.owners.goal[g as usize].clone(),
                date: due,
                message,
            });
        }
        Ok(())
    }

    /// KPIs with no measurement within their cadence, dated when they went
    /// stale.
    fn stale_kpi_events(&mut self) -> Result<(), Error> {
        let (model, as_of) = (self.model, self.as_of);
        let ix = model.index();
        let alignment = align(model, Some(as_of))?;
        for k in alignment.stale_kpis.iter().flatten() {
            let Some(d) = ix.of_kind(&k.id, crate::index::EntityKind::Kpi) else {
                continue;
            };
            let since = k.days_since.saturating_sub(k.cadence_days);
            let date = as_of
                .0
                .checked_sub_signed(Duration::days(since))
                .map(Date)
                .unwrap_or(as_of);
            let last = k
                .last_measured
                .map(|l| format!("last measured {l}"))
                .unwrap_or_else(|| "never measured".into());
            self.out.push(Event {
                kind: EventKind::StaleKpi,
                entity: "kpi",
                id: k.id.clone(),
                plan: k.plan.clone(),
                owner: self.owners.kpi[d as usize].clone(),
                date,
                message: format!(
                    "{} has no measurement within its {} cadence ({last})",
                    model.kpi(d).name,
                    k.cadence
                ),
            });
        }
        Ok(())
    }

    /// Risks whose trigger date has passed.
    fn risk_events(&mut self) {
        let model = self.model;
        let ix = model.index();
        for r in 0..ix.risks.len() as u32 {
            let risk = model.risk(r);
            let Some(t) = risk.trigger_date.filter(|t| *t <= self.as_of) else {
                continue;
            };
            self.out.push(Event {
                kind: EventKind::RiskTriggered,
                entity: "risk",
                id: risk.id.clone(),
                plan: self.plan_of(ix.risks[r as usize]),
                owner: risk_owner(model, r),
                date: t,
                message: format!(
                    "Trigger date {t} has passed: check whether \"{}\" has happened",
                    risk.description
                ),
            });
        }
    }
}

/// An unmet goal's event `ahead` days before its due date: overdue when
/// past, due soon within the window, else none.
fn goal_due(name: &str, due: Date, ahead: i64, within_days: i64) -> Option<(EventKind, String)> {
    if ahead < 0 {
        Some((
            EventKind::Overdue,
            format!("Goal \"{name}\" was due {due} and is not met"),
        ))
    } else if ahead <= within_days {
        Some((
            EventKind::DueSoon,
            format!("Goal \"{name}\" is due {due} (in {ahead} days)"),
        ))
    } else {
        None
    }
}

/// Sorts the feed by date, kind, id, then entity (stable).
fn sort_events(out: &mut [Event]) {
    crate::sort::by(out, |a, b| {
        (a.date, a.kind, &a.id)
            .cmp(&(b.date, b.kind, &b.id))
            .then_with(|| a.entity.cmp(b.entity))
    });
}
