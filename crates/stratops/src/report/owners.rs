//! Who owns what: the fallbacks of the module docs, computed once.

use crate::index::NONE;
use crate::model::{Progress, Raci};
use crate::values::{Date, DateTime};
use crate::Model;

/// Resolved owners of every task, goal and KPI (by dense index).
pub(crate) struct Owners {
    pub task: Vec<Option<String>>,
    pub goal: Vec<Option<String>>,
    pub kpi: Vec<Option<String>>,
}

impl Owners {
    pub fn new(model: &Model) -> Owners {
        let doc = model.document();
        let ix = model.index();
        let n = ix.tasks.len();
        let mut task: Vec<Option<String>> = vec![None; n];
        // parents before children: each task sees its parent's owner resolved
        for &t in &ix.wbs_order {
            let tu = t as usize;
            let (p, _) = ix.tasks[tu];
            let tk = model.task(t);
            let own = tk.owner.clone().or_else(|| {
                tk.assignments
                    .iter()
                    .find(|a| a.role == Raci::Accountable)
                    .map(|a| a.resource.clone())
            });
            let parent = ix.task_parent[tu];
            task[tu] = own
                .or_else(|| {
                    if parent == NONE {
                        None
                    } else {
                        task.get(parent as usize).cloned().flatten()
                    }
                })
                .or_else(|| doc.plans[p as usize].owner.clone());
        }
        let goal: Vec<Option<String>> = (0..ix.goals.len() as u32)
            .map(|g| {
                let (p, _) = ix.goals[g as usize];
                model
                    .goal(g)
                    .owner
                    .clone()
                    .or_else(|| doc.plans[p as usize].owner.clone())
            })
            .collect();
        let kpi = (0..ix.kpis.len() as u32)
            .map(|k| {
                let (p, _) = ix.kpis[k as usize];
                let kp = model.kpi(k);
                kp.owner
                    .clone()
                    .or_else(|| {
                        kp.goals
                            .first()
                            .and_then(|l| ix.goal(&l.goal))
                            .and_then(|g| model.goal(g).owner.clone())
                    })
                    .or_else(|| doc.plans[p as usize].owner.clone())
            })
            .collect();
        Owners { task, goal, kpi }
    }
}

/// The owner of a risk: its own, else its plan's.
pub(crate) fn risk_owner(model: &Model, dense: u32) -> Option<String> {
    let (p, _) = model.index().risks[dense as usize];
    model
        .risk(dense)
        .owner
        .clone()
        .or_else(|| model.document().plans[p as usize].owner.clone())
}

/// The day a finish belongs to: a finish at 00:00 ends the day before.
pub(crate) fn finish_day(t: DateTime) -> Date {
    let d = t.date();
    if t.0.time() == chrono::NaiveTime::MIN {
        d.0.pred_opt().map(Date).unwrap_or(d)
    } else {
        d
    }
}

/// Whether a task is done as of a date, and when (if an actual finish says).
pub(crate) fn done(progress: Option<&Progress>, as_of: Date) -> (bool, Option<Date>) {
    let Some(p) = progress else {
        return (false, None);
    };
    if let Some(f) = p.actual_finish {
        let day = finish_day(f.as_finish());
        if day <= as_of {
            return (true, Some(day));
        }
    }
    (p.percent_complete >= 100.0, None)
}

/// Calendar days from `a` to `b`.
pub(crate) fn days(a: Date, b: Date) -> i64 {
    (b.0 - a.0).num_days()
}

/// Whether a leaf task has a date to be held to: a milestone, or a task
/// with a duration. A task with no duration (such as an initiative listed
/// in a strategic plan without dates) is never due, late or overdue.
pub(crate) fn dated(model: &Model, t: u32) -> bool {
    let task = model.task(t);
    task.kind == crate::model::TaskKind::Milestone || task.duration.is_some()
}
