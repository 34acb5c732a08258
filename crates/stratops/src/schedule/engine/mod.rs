//! The schedule engine: the network ([`Net`]) and the shared link
//! arithmetic here; [`prepare`] builds it from a model, [`forward`] and
//! [`backward`] run the passes and floats, [`results`] turns them into a
//! [`Schedule`], [`incremental`] reschedules after an edit, and [`sim`]
//! runs the passes alone for a simulation.

mod backward;
mod forward;
mod incremental;
mod prepare;
mod results;
mod sim;

use incremental::Changed;
pub use incremental::Rescheduler;
use prepare::{task_duration, Extra};
pub(crate) use sim::SimNet;

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{paths, Driver, Schedule, ScheduleOptions, TaskTimes};
use crate::calendar::{from_minutes, to_minutes, WorkCalendar};
use crate::error::{Diagnostic, Error, Severity};
use crate::index::NONE;
use crate::model::{ConstraintType, LinkType, TaskKind};
use crate::values::{DateOrTime, DurationUnit};
use crate::Model;

/// A lag, resolved.
#[derive(Debug, Clone, Copy)]
pub(super) enum Lag {
    None,
    Working(i64),
    Elapsed(i64),
    /// Percent of the predecessor's duration.
    Percent(Decimal),
    /// A whole percent of the predecessor's duration (the usual case,
    /// computed in integers).
    PercentInt(i64),
}

/// `p` percent of `d` minutes, rounded half to even; 0 when it does not
/// fit (only an absurd lag, which validation lets through, can overflow).
fn percent_of(p: Decimal, d: i64) -> i64 {
    p.checked_mul(Decimal::from(d))
        .and_then(|x| x.checked_div(Decimal::from(100)))
        .and_then(|x| x.round().to_i64())
        .unwrap_or(0)
}

/// [`percent_of`] for a whole percent, in integer arithmetic, with the
/// same rounding (half to even).
fn percent_of_int(p: i64, d: i64) -> i64 {
    let num = i128::from(p) * i128::from(d);
    let (q, r) = (num.div_euclid(100), num.rem_euclid(100));
    let m = if r > 50 || (r == 50 && q % 2 != 0) {
        q + 1
    } else {
        q
    };
    i64::try_from(m).unwrap_or(0)
}

/// One link, stored on both ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct Link {
    pub pred: u32,
    pub succ: u32,
    pub ty: LinkType,
    pub lag: Lag,
    /// Index of the dependency within the successor (for explanations).
    pub dep: u32,
}

/// Whether a bound applies to a start or a finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Start,
    Finish,
}

/// The network and every per-task figure of the passes. It owns its data
/// (no borrow of the model), so a [`super::Rescheduler`] can keep it between
/// runs.
pub(super) struct Net {
    pub n: usize,
    pub cals: Vec<WorkCalendar>,
    pub cal: Vec<u32>,
    pub dur: Vec<i64>,
    pub elapsed: Vec<bool>,
    pub summary: Vec<bool>,
    pub links: Vec<Link>,
    /// CSR of link indices by successor and by predecessor.
    pub in_start: Vec<u32>,
    pub in_links: Vec<u32>,
    pub out_start: Vec<u32>,
    pub out_links: Vec<u32>,
    /// The links again, in `out_links` order, so that the backward pass
    /// reads them in sequence rather than scattered.
    pub links_out: Vec<Link>,
    pub es: Vec<i64>,
    pub ef: Vec<i64>,
    pub ls: Vec<i64>,
    pub lf: Vec<i64>,
    /// The least late finish over a summary's leaves (a leaf's own `lf`).
    pub leaf_late_finish_min: Vec<i64>,
    /// Summary entry-gate bounds inherited by descendants, and which summary
    /// set the start bound.
    pub start_bound: Vec<Option<i64>>,
    pub start_bound_from: Vec<u32>,
    pub finish_bound: Vec<Option<i64>>,
    continuous: WorkCalendar,
    /// Each task's plan start, and its constraint, actuals and caps.
    plan_start: Vec<i64>,
    extra_ix: Vec<u32>,
    extras: Vec<Extra>,
    drivers: Vec<Drv>,
    /// Whether a task's constraint conflicts with its predecessors.
    conflict: Vec<bool>,
    /// The driving assignments of resource-driven tasks: (calendar, working
    /// minutes of that calendar = hours × 60 / units).
    drive: Vec<(u32, i64)>,
    /// Every link's forward bound (`Net::cand`), computed in the forward
    /// pass, when its predecessor's dates are final, and read again for
    /// free float.
    link_cand: Vec<i64>,
    /// Summary exit-gate bounds inherited by descendants in the backward
    /// pass.
    late_finish_bound: Vec<Option<i64>>,
    late_start_bound: Vec<Option<i64>>,
    pub tf: Vec<i64>,
    ff: Vec<i64>,
    pf: i64,
    project_start: i64,
    honor: bool,
    threshold: i64,
    max_paths: usize,
    /// The status date, as the end of that day (minutes), if any.
    status: Option<i64>,
    status_date: Option<crate::values::Date>,
    /// Progress override: the remaining work of a started task ignores its
    /// predecessors (otherwise retained logic).
    progress_override: bool,
}

fn csr(n: usize, keys: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for k in keys.clone() {
        start[k as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut items = vec![0u32; start[n] as usize];
    for (i, k) in keys.enumerate() {
        items[fill[k as usize] as usize] = i as u32;
        fill[k as usize] += 1;
    }
    (start, items)
}

impl Net {
    /// Whether task `t` is critical: a leaf or summary whose total float is
    /// at most the threshold, unless it is a manual placeholder.
    pub fn is_critical(&self, t: u32) -> bool {
        let tu = t as usize;
        self.tf[tu] <= self.threshold
            && !self
                .extra(tu)
                .and_then(|e| e.manual)
                .is_some_and(|(_, _, placeholder)| placeholder)
    }

    pub fn c(&self, t: u32) -> &WorkCalendar {
        &self.cals[self.cal[t as usize] as usize]
    }
    /// The calendar that durations of `t` are counted on.
    fn dcal(&self, t: u32) -> &WorkCalendar {
        if self.elapsed[t as usize] {
            &self.continuous
        } else {
            self.c(t)
        }
    }
    pub fn incoming(&self, t: u32) -> impl Iterator<Item = &Link> {
        let r = self.in_start[t as usize] as usize..self.in_start[t as usize + 1] as usize;
        self.in_links[r]
            .iter()
            .map(move |&i| &self.links[i as usize])
    }
    pub fn outgoing(&self, t: u32) -> impl Iterator<Item = &Link> {
        let r = self.out_start[t as usize] as usize..self.out_start[t as usize + 1] as usize;
        self.links_out[r].iter()
    }

    /// The task of a network node, and whether the node is a summary's
    /// exit gate (see [`crate::Index::event_order`]).
    #[inline(always)]
    fn node_task(&self, node: u32) -> (u32, bool) {
        match node.checked_sub(self.n as u32) {
            Some(t) => (t, true),
            None => (node, false),
        }
    }

    /// The duration a percentage lag is a share of: a leaf's own, a
    /// summary's span.
    fn pred_span(&self, pred: u32) -> Result<i64, Error> {
        let p = pred as usize;
        if self.summary[p] {
            self.c(pred).between(self.es[p], self.ef[p])
        } else {
            Ok(self.dur[p])
        }
    }

    fn lag_minutes(&self, lag: Lag, pred: u32) -> Result<(i64, bool), Error> {
        Ok(match lag {
            Lag::None => (0, false),
            Lag::Working(m) => (m, false),
            Lag::Elapsed(m) => (m, true),
            Lag::Percent(p) => (percent_of(p, self.pred_span(pred)?), false),
            Lag::PercentInt(p) => (percent_of_int(p, self.pred_span(pred)?), false),
        })
    }

    /// The forward bound a link puts on its successor: `base + lag`.
    pub fn cand(&self, l: &Link) -> Result<(Kind, i64), Error> {
        let p = l.pred as usize;
        let (base, kind) = match l.ty {
            LinkType::FS => (self.ef[p], Kind::Start),
            LinkType::SS => (self.es[p], Kind::Start),
            LinkType::FF => (self.ef[p], Kind::Finish),
            LinkType::SF => (self.es[p], Kind::Finish),
        };
        let (m, elapsed) = self.lag_minutes(l.lag, l.pred)?;
        let v = if m == 0 {
            base
        } else if elapsed {
            base.checked_add(m).ok_or_else(overflow)?
        } else {
            self.c(l.succ).add(base, m)?
        };
        Ok((kind, v))
    }

    /// The backward bound a link puts on its predecessor: `bound - lag`.
    fn late_cand(&self, l: &Link) -> Result<(Kind, i64), Error> {
        let s = l.succ as usize;
        // A start link (SS, SF) from an unstarted manual task to an
        // unstarted task bounds the manual task's finish by its successor's
        // late finish when the successor has no successor, else by the
        // project finish: the manual start does not move (MS Project).
        if matches!(l.ty, LinkType::SS | LinkType::SF) {
            let started = |t: usize| self.started(t);
            let manual = self
                .extra(l.pred as usize)
                .is_some_and(|e| e.manual.is_some());
            if manual && !started(l.pred as usize) && !started(s) {
                let lf = if self.summary[s] {
                    self.lf_min(l.succ)
                } else {
                    self.lf[s]
                };
                let last = self.out_start[s] == self.out_start[s + 1];
                return Ok((Kind::Finish, if last { lf } else { self.pf }));
            }
        }
        let (ls, lf_min) = if self.summary[s] {
            (self.ls[s], self.lf_min(l.succ))
        } else {
            (self.ls[s], self.lf[s])
        };
        let (bound, kind) = match l.ty {
            LinkType::FS => (ls, Kind::Finish),
            LinkType::SS => (ls, Kind::Start),
            LinkType::FF => (lf_min, Kind::Finish),
            LinkType::SF => (lf_min, Kind::Start),
        };
        let (m, elapsed) = self.lag_minutes(l.lag, l.pred)?;
        let v = if m == 0 {
            bound
        } else if elapsed {
            bound.checked_sub(m).ok_or_else(overflow)?
        } else {
            self.c(l.succ).sub(bound, m)?
        };
        Ok((kind, v))
    }

    /// The least late finish of any leaf under `s` (or of `s` itself).
    fn lf_min(&self, s: u32) -> i64 {
        self.leaf_late_finish_min[s as usize]
    }

    /// The earliest start whose finish meets finish bound `f`.
    pub fn start_for_finish(&self, t: u32, f: i64) -> Result<i64, Error> {
        let d = self.dur[t as usize];
        let s = if d == 0 { f } else { self.dcal(t).sub(f, d)? };
        self.c(t).next_start(s)
    }
    /// The finish of a task starting at bound `s`.
    fn finish_for_start(&self, t: u32, s: i64) -> Result<i64, Error> {
        let d = self.dur[t as usize];
        let st = self.c(t).next_start(s)?;
        if d == 0 {
            Ok(st)
        } else {
            self.dcal(t).add(st, d)
        }
    }
}

/// What set a task's early start, kept compact during the passes and
/// turned into a [`Driver`] (with ids) only when the results are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drv {
    ProjectStart,
    /// A link, by its index in `Net::links`.
    Link(u32),
    /// A summary, by task index.
    Summary(u32),
    Constraint,
    Actual,
    Manual,
    StatusDate,
}

fn overflow() -> Error {
    Error::calc("overflow", None, "a date computation overflowed")
}

/// Schedules every task of the document.
///
/// # Example
/// ```
/// let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "1d"},
///             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
/// let s = stratops::schedule::schedule(&model, &Default::default()).unwrap();
/// // A one-day task from Monday 08:00 finishes Monday 17:00; B starts Tuesday 08:00.
/// assert_eq!(s.task("a").unwrap().early_finish.to_string(), "2025-10-06T17:00:00");
/// assert_eq!(s.task("b").unwrap().early_start.to_string(), "2025-10-07T08:00:00");
/// assert_eq!(s.critical_paths, vec![vec!["a".to_string(), "b".to_string()]]);
/// ```
pub fn schedule(model: &Model, opts: &ScheduleOptions) -> Result<Schedule, Error> {
    let mut net = Net::prepare(model, opts)?;
    net.run_full(model)?;
    let mut s = net.result(model, false)?;
    s.cals = std::mem::take(&mut net.cals);
    s.task_cal = std::mem::take(&mut net.cal);
    Ok(s)
}

/// The size of the critical-path graph and the steps its enumeration took,
/// for tests that bound the work by the input's size (not by time).
#[doc(hidden)]
pub fn path_graph_size(
    model: &Model,
    opts: &ScheduleOptions,
) -> Result<paths::PathGraphSize, Error> {
    let mut net = Net::prepare(model, opts)?;
    net.run_full(model)?;
    let (_, _, size) = paths::critical_paths_sized(&net, model, net.max_paths)?;
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_percentages_in_integers_round_as_decimals_do() {
        for p in [
            -150i64, -100, -75, -50, -33, -25, -1, 0, 1, 25, 33, 50, 67, 75, 99, 100, 250,
        ] {
            for d in (-1000i64..=1000).chain([479, 480, 481, 2399, 2400, 1_000_000_007]) {
                assert_eq!(
                    percent_of_int(p, d),
                    percent_of(Decimal::from(p), d),
                    "{p}% of {d}"
                );
            }
        }
    }

    #[test]
    fn an_absurd_percentage_does_not_overflow() {
        let p: Decimal = "79228162514264337593543950335".parse().unwrap();
        assert_eq!(percent_of(p, i64::MAX), 0);
        assert_eq!(percent_of_int(i64::MAX, i64::MAX), 0);
    }
}
