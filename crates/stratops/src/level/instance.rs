//! A plan's schedule as an RCPSP instance on a grid of working days.
//!
//! One period is one working day (`settings.minutes_per_day` working minutes
//! of the project calendar), counted from the day of the project start: MS
//! Project's "day by day" leveling. A leaf task is an activity whose release
//! is the period of its scheduled start (early, or late for ALAP) and whose
//! length is the periods its span touches. Its requests are its
//! `responsible` assignments (units default 1.0, in thousandths) on
//! resources other than materials; a resource's capacity defaults to 1.0.
//!
//! A summary becomes three zero-length gates: an entry that its children
//! follow (its incoming links land there), an exit after its children's
//! finishes (its outgoing finish links leave from there) and a start hub
//! after its children's starts (its outgoing start links leave from there,
//! which is conservative: MS Project's summary start is the earliest child
//! start). Links into a summary's finish (FF, SF) bind its entry by the
//! summary's span. Every link becomes a minimum start-to-start lag.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::rcpsp::{Lag, Problem};
use crate::calendar::{to_minutes, WorkCalendar};
use crate::index::{EntityKind, NONE};
use crate::model::{LinkType, Raci, ResourceKind, TaskKind};
use crate::schedule::Schedule;
use crate::values::DurationUnit;
use crate::{Error, Model};

/// Priority at or above which a task is never delayed (MS Project's "Do
/// Not Level").
pub const DO_NOT_LEVEL: u32 = 1000;

/// The instance and the maps back to the plan.
pub(crate) struct Instance {
    pub problem: Problem,
    /// Activities `0..tasks` are the document's tasks (summaries are their
    /// entry gates); the rest are gates.
    pub tasks: usize,
    /// Whether activity `j` (`j < tasks`) is a leaf task.
    pub leaf: Vec<bool>,
    /// Total float in whole periods per activity (gates: unbounded).
    pub float: Vec<i64>,
    /// Priority per activity (500 when unset).
    pub priority: Vec<u32>,
    /// Problem resource `k` is document resource `resources[k]`.
    pub resources: Vec<u32>,
    /// Working minutes per period.
    pub per: i64,
    /// The project start, in minutes.
    pub origin: i64,
    /// The day (from the project start's day, `<= 0`) of period 0: tasks
    /// may start before the project start (a manual task, an ALAP task
    /// pulled back by a deadline), and periods are never negative.
    pub shift: i64,
    /// The project calendar.
    pub cal: WorkCalendar,
}

fn ceil_div(a: i64, b: i64) -> i64 {
    -((-a).div_euclid(b))
}

fn units_milli(u: f64) -> i64 {
    if u.is_finite() && u > 0.0 {
        (u * 1000.0).round().min(1e15) as i64
    } else {
        0
    }
}

impl Instance {
    /// The period of an instant (floor) on the project calendar.
    pub fn period_floor(&self, t: i64) -> Result<i64, Error> {
        Ok(self.cal.between(self.origin, t)?.div_euclid(self.per) - self.shift)
    }

    fn period_ceil(&self, t: i64) -> Result<i64, Error> {
        Ok(ceil_div(self.cal.between(self.origin, t)?, self.per) - self.shift)
    }

    /// The first instant of period `p`.
    pub fn period_start(&self, p: i64) -> Result<i64, Error> {
        let day = p.saturating_add(self.shift);
        let t = self.cal.add(self.origin, day.saturating_mul(self.per))?;
        self.cal.next_start(t)
    }

    /// The day of period `p`, counted from the project start's day.
    pub fn day(&self, p: i64) -> i64 {
        p.saturating_add(self.shift)
    }
}

/// Builds the instance from a model and its schedule.
pub(crate) fn build(model: &Model, s: &Schedule) -> Result<Instance, Error> {
    let doc = model.document();
    let ix = model.index();
    let n = s.tasks.len();
    let cal = crate::calendar::project_calendar(model)?;
    let per = doc.settings.minutes_per_day.max(1);
    let origin = to_minutes(s.project_start);
    let mut inst = Instance {
        problem: Problem::new(vec![], vec![], vec![], vec![], &[], &[]),
        tasks: n,
        leaf: vec![false; n],
        float: vec![i64::MAX / 4; n],
        priority: vec![500; n],
        resources: Vec::new(),
        per,
        origin,
        shift: 0,
        cal,
    };
    // the earliest scheduled start is period 0 when it is before the
    // project start's day
    for tt in &s.tasks {
        let day = inst.period_floor(to_minutes(tt.start))?;
        inst.shift = inst.shift.min(day);
    }
    let mut dur = vec![0i64; n];
    let mut release = vec![0i64; n];
    let mut pinned = vec![false; n];
    let mut span = vec![0i64; n];
    let mut res_slot: Vec<u32> = vec![NONE; doc.resources.len()];
    let mut cap: Vec<i64> = Vec::new();
    let mut requests: Vec<Vec<(u32, i64)>> = vec![Vec::new(); n];
    for (t, tt) in s.tasks.iter().enumerate() {
        let task = model.task(t as u32);
        let a = inst.period_floor(to_minutes(tt.start))?;
        let b = inst.period_ceil(to_minutes(tt.finish))?.max(a);
        release[t] = a;
        span[t] = b - a;
        if ix.is_summary(t as u32) {
            continue;
        }
        inst.leaf[t] = true;
        dur[t] = if tt.kind == TaskKind::Milestone {
            0
        } else {
            b - a
        };
        inst.float[t] = tt.total_float_min.div_euclid(per).max(0);
        let prio = task.priority.unwrap_or(500);
        inst.priority[t] = prio;
        let started = task.progress.as_ref().is_some_and(|p| {
            p.actual_start.is_some() || p.actual_finish.is_some() || p.percent_complete > 0.0
        });
        pinned[t] = prio >= DO_NOT_LEVEL || started || task.manual.is_some();
        if dur[t] == 0 {
            continue;
        }
        requests[t] = task_requests(task, model, &mut inst.resources, &mut res_slot, &mut cap)?;
    }
    // gates for summaries: exit and start hub
    let mut exit = vec![NONE; n];
    let mut hub = vec![NONE; n];
    let mut next = n as u32;
    for t in 0..n {
        if ix.is_summary(t as u32) {
            exit[t] = next;
            hub[t] = next + 1;
            next += 2;
        }
    }
    let total = next as usize;
    dur.resize(total, 0);
    release.resize(total, 0);
    pinned.resize(total, false);
    requests.resize(total, Vec::new());
    let mut links: Vec<Lag> = Vec::new();
    for t in 0..n as u32 {
        if !ix.is_summary(t) {
            continue;
        }
        let (e, x, h) = (t, exit[t as usize], hub[t as usize]);
        for &c in ix.children(t) {
            links.push((e, c, 0));
            if ix.is_summary(c) {
                links.push((exit[c as usize], x, 0));
                links.push((hub[c as usize], h, 0));
            } else {
                links.push((c, x, dur[c as usize]));
                links.push((c, h, 0));
            }
        }
    }
    let scale = doc.settings.scale();
    for q in 0..n as u32 {
        let task = model.task(q);
        for (k, dep) in task.dependencies.iter().enumerate() {
            let Some(p) = ix.predecessor(q, k) else {
                continue;
            };
            let pu = p as usize;
            let lag = match &dep.lag {
                None => 0,
                Some(l) if l.unit == DurationUnit::Percent => {
                    let v = l.amount * Decimal::from(span[pu]) / Decimal::from(100);
                    v.ceil().to_i64().unwrap_or(0)
                }
                Some(l) => {
                    let m = l.minutes(scale).ok_or_else(|| {
                        Error::calc(
                            "lag_overflow",
                            Some(&task.id),
                            format!("lag {l} is too large"),
                        )
                    })?;
                    ceil_div(m, if l.elapsed { 1440 } else { per })
                }
            };
            let summary_p = ix.is_summary(p);
            let (start_node, finish_node, finish_off) = if summary_p {
                (hub[pu], exit[pu], 0)
            } else {
                (p, p, dur[pu])
            };
            let dq = if ix.is_summary(q) {
                span[q as usize]
            } else {
                dur[q as usize]
            };
            let (from, delta) = match dep.link_type {
                LinkType::FS => (finish_node, finish_off + lag),
                LinkType::SS => (start_node, lag),
                LinkType::FF => (finish_node, finish_off + lag - dq),
                LinkType::SF => (start_node, lag - dq),
            };
            links.push((from, q, delta));
        }
    }
    inst.float.resize(total, i64::MAX / 4);
    inst.priority.resize(total, 500);
    inst.problem = Problem::new(dur, release, pinned, cap, &requests, &links);
    Ok(inst)
}

/// A leaf task's requests: its responsible assignments on resources other
/// than materials, in thousandths of a unit, each resource numbered on
/// first use (`res_slot`, `cap`, `resources`). Refuses a request no
/// capacity can meet.
fn task_requests(
    task: &crate::model::Task,
    model: &Model,
    resources: &mut Vec<u32>,
    res_slot: &mut [u32],
    cap: &mut Vec<i64>,
) -> Result<Vec<(u32, i64)>, Error> {
    let (doc, ix) = (model.document(), model.index());
    let mut req: Vec<(u32, i64)> = Vec::new();
    for asg in &task.assignments {
        if asg.role != Raci::Responsible {
            continue;
        }
        let Some(r) = ix.of_kind(&asg.resource, EntityKind::Resource) else {
            continue;
        };
        let res = &doc.resources[r as usize];
        if res.kind == ResourceKind::Material {
            continue;
        }
        let amount = units_milli(asg.units.unwrap_or(1.0));
        if amount == 0 {
            continue;
        }
        if res_slot[r as usize] == NONE {
            res_slot[r as usize] = cap.len() as u32;
            resources.push(r);
            let c = res.capacity.unwrap_or(1.0);
            cap.push(if c.is_finite() && c > 0.0 {
                units_milli(c)
            } else {
                0
            });
        }
        let k = res_slot[r as usize];
        match req.iter_mut().find(|(kk, _)| *kk == k) {
            Some(x) => x.1 = x.1.saturating_add(amount),
            None => req.push((k, amount)),
        }
    }
    for &(k, a) in &req {
        let c = cap[k as usize];
        let rid = &doc.resources[resources[k as usize] as usize].id;
        if c == 0 {
            return Err(Error::calc(
                "zero_capacity",
                Some(rid),
                format!(
                    "task {} needs resource {rid}, whose capacity is zero",
                    task.id
                ),
            ));
        }
        if a > c {
            return Err(Error::calc(
                "over_capacity",
                Some(&task.id),
                format!(
                    "task {} needs {} of resource {rid}, whose capacity is {}: no schedule exists",
                    task.id,
                    a as f64 / 1000.0,
                    c as f64 / 1000.0
                ),
            ));
        }
    }
    Ok(req)
}
