//! The plan diff: entities added, removed and changed field by field, and
//! what the change does to the finish date, the critical path, the budget
//! and the goals' status.
//!
//! Entities are compared by kind and id, each as its `serde_json` value
//! (so a change in any field, including `extensions`, shows). A plan's
//! value leaves out its goals, KPIs, tasks, cost lines and risks, which are
//! entities of their own; a plan-owned entity gets a synthetic `plan` field,
//! so moving it between plans shows as a change. Objects are walked
//! iteratively down to [`MAX_DEPTH`] levels (`progress.percent_complete`,
//! `horizon.end`); arrays, and anything deeper, are compared as whole
//! values (documents are read by `serde_json`, which refuses more than 128
//! nested levels, so that comparison is bounded). The document's own
//! settings are the entity `document`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::owners::{days, finish_day};
use crate::schedule::{schedule, Schedule, ScheduleOptions};
use crate::scorecard::{scorecard, ScorecardOptions, Status};
use crate::values::{Date, DateTime, Money};
use crate::{Error, Model};

/// How deep field paths go before values are compared whole.
pub const MAX_DEPTH: usize = 4;

/// An entity: its kind, id and plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityKey {
    /// `document`, `plan`, `goal`, `kpi`, `task`, `cost`, `risk`,
    /// `resource` or `calendar`.
    pub kind: &'static str,
    /// The id (empty for the document).
    pub id: String,
    /// The plan holding it, for plan-owned entities.
    pub plan: Option<String>,
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field path inside the entity, such as `progress.percent_complete`.
    pub path: String,
    /// The old value (`None`: the field was absent).
    pub old: Option<Value>,
    /// The new value (`None`: the field is gone).
    pub new: Option<Value>,
}

/// An entity present in both documents with different fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityChange {
    /// Which entity.
    pub entity: EntityKey,
    /// The changed fields, sorted by path.
    pub fields: Vec<FieldChange>,
}

/// A goal whose status differs as of the diff's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalStatusChange {
    /// The goal id.
    pub id: String,
    /// Its status in the old document.
    pub old: Status,
    /// Its status in the new document.
    pub new: Status,
}

/// What the changes do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Consequences {
    /// The old project finish (`None` without tasks).
    pub project_finish_old: Option<DateTime>,
    /// The new project finish.
    pub project_finish_new: Option<DateTime>,
    /// Working minutes from the old finish to the new one, on the calendar
    /// of the new schedule's last task (negative: earlier).
    pub finish_moved_working_min: Option<i64>,
    /// The same in working days (minutes per day from the new document).
    pub finish_moved_working_days: Option<f64>,
    /// Calendar days from the old finish day to the new one.
    pub finish_moved_calendar_days: Option<i64>,
    /// The old critical paths.
    pub critical_paths_old: Vec<Vec<String>>,
    /// The new critical paths.
    pub critical_paths_new: Vec<Vec<String>>,
    /// Whether they differ.
    pub critical_path_changed: bool,
    /// The old planned budget total.
    pub budget_total_old: Money,
    /// The new planned budget total.
    pub budget_total_new: Money,
    /// new − old.
    pub budget_delta: Money,
    /// The as-of date of the goal comparison, if one was given.
    pub as_of: Option<Date>,
    /// Goals in both documents whose status differs as of that date.
    pub goals_status_changed: Vec<GoalStatusChange>,
}

/// The difference between two documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Entities only in the new document.
    pub added: Vec<EntityKey>,
    /// Entities only in the old document.
    pub removed: Vec<EntityKey>,
    /// Entities in both with changed fields.
    pub changed: Vec<EntityChange>,
    /// What the changes do.
    pub consequences: Consequences,
}

const KINDS: [&str; 9] = [
    "document", "plan", "goal", "kpi", "task", "cost", "risk", "resource", "calendar",
];

fn rank(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(KINDS.len())
}

type Entities = BTreeMap<(usize, String), (EntityKey, Value)>;

fn value_with_plan<T: Serialize>(e: &T, plan: &str) -> Value {
    let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("plan".into(), Value::String(plan.to_string()));
    }
    v
}

fn entities(model: &Model) -> Entities {
    let doc = model.document();
    let mut out = Entities::new();
    let mut put = |kind: &'static str, id: &str, plan: Option<&str>, v: Value| {
        out.insert(
            (rank(kind), id.to_string()),
            (
                EntityKey {
                    kind,
                    id: id.to_string(),
                    plan: plan.map(str::to_string),
                },
                v,
            ),
        );
    };
    let mut top = serde_json::to_value(doc).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut top {
        for k in ["plans", "resources", "calendars"] {
            m.remove(k);
        }
    }
    put("document", "", None, top);
    for r in &doc.resources {
        put(
            "resource",
            &r.id,
            None,
            serde_json::to_value(r).unwrap_or(Value::Null),
        );
    }
    for c in &doc.calendars {
        put(
            "calendar",
            &c.id,
            None,
            serde_json::to_value(c).unwrap_or(Value::Null),
        );
    }
    for p in &doc.plans {
        let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            for k in ["goals", "kpis", "tasks", "costs", "risks"] {
                m.remove(k);
            }
        }
        put("plan", &p.id, None, v);
        let pid = Some(p.id.as_str());
        for e in &p.goals {
            put("goal", &e.id, pid, value_with_plan(e, &p.id));
        }
        for e in &p.kpis {
            put("kpi", &e.id, pid, value_with_plan(e, &p.id));
        }
        for e in &p.tasks {
            put("task", &e.id, pid, value_with_plan(e, &p.id));
        }
        for e in &p.costs {
            put("cost", &e.id, pid, value_with_plan(e, &p.id));
        }
        for e in &p.risks {
            put("risk", &e.id, pid, value_with_plan(e, &p.id));
        }
    }
    out
}

/// Field changes between two values, walking objects with an explicit
/// stack down to [`MAX_DEPTH`].
fn fields(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, Option<&Value>, Option<&Value>, usize)> =
        vec![(String::new(), Some(old), Some(new), 0)];
    while let Some((path, a, b, depth)) = stack.pop() {
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) if depth < MAX_DEPTH => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                crate::sort::by(&mut keys, Ord::cmp);
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    stack.push((p, x.get(k), y.get(k), depth + 1));
                }
            }
            (a, b) if a != b => out.push(FieldChange {
                path: if path.is_empty() {
                    "(value)".into()
                } else {
                    path
                },
                old: a.cloned(),
                new: b.cloned(),
            }),
            _ => {}
        }
    }
    crate::sort::by(&mut out, |a, b| a.path.cmp(&b.path));
    out
}

struct Side {
    sched: Option<Schedule>,
    budget: Money,
}

fn side(model: &Model) -> Result<Side, Error> {
    let sched = if model.index().tasks.is_empty() {
        None
    } else {
        Some(schedule(model, &ScheduleOptions::default())?)
    };
    let budget = crate::budget::budget(model, sched.as_ref(), &Default::default())?.total;
    Ok(Side { sched, budget })
}

/// Compares two validated documents.
///
/// With `as_of`, the goals' statuses are compared as of that date.
///
/// # Example
/// ```
/// use stratops::{Model, report::diff};
/// let old = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "2d"}]}]}"#)?;
/// let new = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "5d"}]}]}"#)?;
/// let d = diff(&old, &new, None)?;
/// assert_eq!(d.changed[0].fields[0].path, "duration");
/// // Tuesday 7 October to Friday 10 October: 3 working days, 3 calendar days
/// assert_eq!(d.consequences.finish_moved_working_days, Some(3.0));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn diff(old: &Model, new: &Model, as_of: Option<Date>) -> Result<Diff, Error> {
    let (eo, en) = (entities(old), entities(new));
    let added = en
        .iter()
        .filter(|(k, _)| !eo.contains_key(*k))
        .map(|(_, (e, _))| e.clone())
        .collect();
    let removed = eo
        .iter()
        .filter(|(k, _)| !en.contains_key(*k))
        .map(|(_, (e, _))| e.clone())
        .collect();
    let changed = en
        .iter()
        .filter_map(|(k, (e, vn))| {
            let (_, vo) = eo.get(k)?;
            let f = fields(vo, vn);
            (!f.is_empty()).then(|| EntityChange {
                entity: e.clone(),
                fields: f,
            })
        })
        .collect();

    let (so, sn) = (side(old)?, side(new)?);
    let pf_old = so.sched.as_ref().map(|s| s.project_finish);
    let pf_new = sn.sched.as_ref().map(|s| s.project_finish);
    let (mut moved_min, mut moved_days, mut moved_cal) = (None, None, None);
    if let (Some(a), Some(b), Some(s)) = (pf_old, pf_new, sn.sched.as_ref()) {
        let last = s
            .tasks
            .iter()
            .enumerate()
            .filter(|(i, _)| !new.index().is_summary(*i as u32))
            .find(|(_, t)| t.early_finish == b)
            .map(|(i, _)| i as u32);
        if let Some(t) = last {
            let m = s.working_minutes(t, a, b)?;
            moved_min = Some(m);
            let per_day = new.document().settings.minutes_per_day;
            if per_day > 0 {
                moved_days = Some(m as f64 / per_day as f64);
            }
        }
        moved_cal = Some(days(finish_day(a), finish_day(b)));
    }
    let cp_old = so
        .sched
        .as_ref()
        .map(|s| s.critical_paths.clone())
        .unwrap_or_default();
    let cp_new = sn
        .sched
        .as_ref()
        .map(|s| s.critical_paths.clone())
        .unwrap_or_default();
    let mut goals_status_changed = Vec::new();
    if let Some(d) = as_of {
        let opts = ScorecardOptions::default();
        let (co, cn) = (scorecard(old, d, &opts)?, scorecard(new, d, &opts)?);
        for g in &cn.goals {
            if let Some(o) = co.goal(&g.id) {
                if o.status != g.status {
                    goals_status_changed.push(GoalStatusChange {
                        id: g.id.clone(),
                        old: o.status,
                        new: g.status,
                    });
                }
            }
        }
    }
    let delta = sn
        .budget
        .0
        .checked_sub(so.budget.0)
        .ok_or_else(|| Error::calc("overflow", None, "budget delta overflows"))?;
    Ok(Diff {
        added,
        removed,
        changed,
        consequences: Consequences {
            project_finish_old: pf_old,
            project_finish_new: pf_new,
            finish_moved_working_min: moved_min,
            finish_moved_working_days: moved_days,
            finish_moved_calendar_days: moved_cal,
            critical_path_changed: cp_old != cp_new,
            critical_paths_old: cp_old,
            critical_paths_new: cp_new,
            budget_total_old: so.budget,
            budget_total_new: sn.budget,
            budget_delta: Money(delta),
            as_of,
            goals_status_changed,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_walk_objects_and_compare_arrays_whole() {
        let a = json!({"name": "A", "progress": {"percent_complete": 50}, "supports": ["g1"]});
        let b = json!({"name": "A", "progress": {"percent_complete": 100}, "supports": ["g1", "g2"], "owner": "kim"});
        let f = fields(&a, &b);
        let paths: Vec<&str> = f.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["owner", "progress.percent_complete", "supports"]);
        assert_eq!(f[0].old, None);
        assert_eq!(f[2].new, Some(json!(["g1", "g2"])));
    }

    #[test]
    fn deep_values_are_compared_whole() {
        // Documents come from serde_json, which refuses more than 128
        // nested levels, so whole-value comparison below MAX_DEPTH is
        // bounded; the walk itself never goes deeper than MAX_DEPTH.
        let mut a = json!(1);
        let mut b = json!(2);
        for _ in 0..120 {
            a = json!({ "x": a });
            b = json!({ "x": b });
        }
        let f = fields(&a, &b);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "x.x.x.x");
    }
}
