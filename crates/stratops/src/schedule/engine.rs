//! The forward and backward passes.

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
    pub lfm: Vec<i64>,
    /// Summary entry-gate bounds inherited by descendants, and which summary
    /// set the start bound.
    pub sb: Vec<Option<i64>>,
    pub sb_src: Vec<u32>,
    pub fb: Vec<Option<i64>>,
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
    flb: Vec<Option<i64>>,
    slb: Vec<Option<i64>>,
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
        self.lfm[s as usize]
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

/// A task's constraint, deadline and actuals, gathered once in document
/// order so that the passes, which visit tasks in network order, never
/// touch the (large) task records.
#[derive(Debug, Clone, Copy, Default)]
struct Extra {
    /// The constraint kind and its date as a start and as a finish bound.
    con: Option<(ConstraintType, i64, i64)>,
    /// The actual start.
    act_start: Option<i64>,
    /// The actual finish, and whether it was a bare date.
    act_finish: Option<(i64, bool)>,
    /// The task's own caps on its late finish and late start.
    cap_f: Option<i64>,
    cap_s: Option<i64>,
    /// The deadline, as a finish.
    deadline: Option<i64>,
    /// A manually scheduled task: its entered start and finish, and whether
    /// it is a placeholder (never critical).
    manual: Option<(Option<i64>, Option<i64>, bool)>,
    /// A resource-driven task: its driving assignments, as a range of
    /// `Net::drive` (calendar, minutes of that calendar).
    drive: Option<(u32, u32)>,
    /// Percent complete, 0-100.
    pct: f64,
    /// The remaining duration entered, in minutes of the task's calendar.
    rem: Option<i64>,
}

impl Extra {
    /// No constraint, actual, cap, manual date or assignment.
    fn of_none() -> Extra {
        Extra {
            con: None,
            act_start: None,
            act_finish: None,
            cap_f: None,
            cap_s: None,
            deadline: None,
            manual: None,
            drive: None,
            pct: 0.0,
            rem: None,
        }
    }

    /// Complete: an actual finish, or 100% done.
    fn complete(&self) -> bool {
        self.act_finish.is_some() || self.pct >= 100.0
    }

    fn of(task: &crate::model::Task, scale: crate::values::UnitScale) -> Option<Extra> {
        let con = task.constraint.as_ref().and_then(|c| {
            c.date
                .map(|d| (c.kind, to_minutes(d.as_start()), to_minutes(d.as_finish())))
        });
        let progress = task.progress.as_ref();
        let act_start = progress
            .and_then(|p| p.actual_start)
            .map(|a| to_minutes(a.as_start()));
        let act_finish = progress.and_then(|p| p.actual_finish).map(|a| match a {
            DateOrTime::DateTime(x) => (to_minutes(x), false),
            DateOrTime::Date(_) => (to_minutes(a.as_finish()), true),
        });
        let (cap_f, cap_s) = own_late_caps(task);
        let pct = progress.map_or(0.0, |p| p.percent_complete);
        let pct = if pct.is_finite() {
            pct.clamp(0.0, 100.0)
        } else {
            0.0
        };
        let rem = progress
            .and_then(|p| p.remaining.as_ref())
            .and_then(|d| d.minutes(scale))
            .filter(|m| *m >= 0);
        let e = Extra {
            pct,
            rem,
            con,
            act_start,
            act_finish,
            cap_f,
            cap_s,
            deadline: task.deadline.map(|d| to_minutes(d.as_finish())),
            drive: None,
            manual: task.manual.as_ref().map(|m| {
                (
                    m.start.map(|d| to_minutes(d.as_start())),
                    m.finish.map(|d| to_minutes(d.as_finish())),
                    m.placeholder,
                )
            }),
        };
        (con.is_some()
            || e.manual.is_some()
            || act_start.is_some()
            || act_finish.is_some()
            || pct > 0.0
            || rem.is_some()
            || cap_f.is_some()
            || cap_s.is_some())
        .then_some(e)
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

/// The duration of leaf `t` in minutes on its calendar, and whether it
/// counts elapsed time.
fn task_duration(
    task: &crate::model::Task,
    summary: bool,
    scale: crate::values::UnitScale,
) -> Result<(i64, bool), Error> {
    if summary || task.kind == TaskKind::Milestone {
        return Ok((0, false));
    }
    match &task.duration {
        None => Ok((0, false)),
        Some(d) => {
            let m = d.minutes(scale).filter(|m| *m >= 0).ok_or_else(|| {
                Error::calc(
                    "bad_duration",
                    Some(&task.id),
                    format!("duration {d} cannot be scheduled"),
                )
            })?;
            Ok((m, d.elapsed))
        }
    }
}

/// Which figures of a node changed when it was computed again.
#[derive(Debug, Clone, Copy, Default)]
struct Changed {
    /// Dates other nodes read.
    dates: bool,
    /// Only what the task's own result row shows (its driver, a conflict).
    row: bool,
}

/// The nodes still to compute again in an incremental run, and the tasks
/// whose results changed.
struct Marks {
    fwd: Vec<bool>,
    bwd: Vec<bool>,
    touched: Vec<bool>,
    touched_list: Vec<u32>,
}

impl Marks {
    fn new(n: usize) -> Marks {
        Marks {
            fwd: vec![false; 2 * n],
            bwd: vec![false; 2 * n],
            touched: vec![false; n],
            touched_list: Vec::new(),
        }
    }
    fn touch(&mut self, t: u32) {
        if let Some(x) = self.touched.get_mut(t as usize) {
            if !*x {
                *x = true;
                self.touched_list.push(t);
            }
        }
    }
}

impl Net {
    /// Resolves calendars, durations, lags and constraints, and lays the
    /// links out by successor and by predecessor.
    fn prepare(model: &Model, opts: &ScheduleOptions) -> Result<Net, Error> {
        let doc = model.document();
        let ix = model.index();
        let n = ix.tasks.len();
        let settings = &doc.settings;
        let honor = opts.honor_constraints.unwrap_or(settings.honor_constraints);
        let threshold = opts
            .critical_threshold_min
            .unwrap_or(settings.critical_threshold_min);
        let scale = settings.scale();

        // calendars, resolved on first use; index 0 is the default
        let mut cals: Vec<WorkCalendar> = Vec::new();
        let mut cal_ids: HashMap<String, u32, crate::index::IdHasher> = HashMap::default();
        let mut cal_of = |id: &str, cals: &mut Vec<WorkCalendar>| -> Result<u32, Error> {
            if let Some(&i) = cal_ids.get(id) {
                return Ok(i);
            }
            let wc = match doc.calendars.iter().find(|c| c.id == id) {
                Some(c) => WorkCalendar::resolve(doc, c)?,
                None => WorkCalendar::standard(),
            };
            cals.push(wc);
            let i = (cals.len() - 1) as u32;
            cal_ids.insert(id.to_string(), i);
            Ok(i)
        };
        let default_cal = settings
            .calendar
            .as_deref()
            .unwrap_or(crate::validate::STANDARD);

        let mut cal = vec![0u32; n];
        let mut dur = vec![0i64; n];
        let mut elapsed = vec![false; n];
        let mut summary = vec![false; n];
        let mut plan_start = vec![0i64; n];
        let mut extra_ix = vec![NONE; n];
        let mut extras: Vec<Extra> = Vec::new();
        let mut drive: Vec<(u32, i64)> = Vec::new();
        let mut links: Vec<Link> = Vec::with_capacity(ix.dep_pred.len());
        for t in 0..n as u32 {
            let (p, i) = ix.tasks[t as usize];
            let plan = &doc.plans[p as usize];
            let task = &plan.tasks[i as usize];
            let cid = task
                .calendar
                .as_deref()
                .or(plan.calendar.as_deref())
                .unwrap_or(default_cal);
            cal[t as usize] = cal_of(cid, &mut cals)?;
            summary[t as usize] = ix.is_summary(t);
            plan_start[t as usize] = to_minutes(plan.horizon.start.start_of_day())
                + plan
                    .start_time
                    .as_deref()
                    .and_then(crate::calendar::parse_clock)
                    .map_or(0, i64::from);
            let from = drive.len() as u32;
            if !ix.is_summary(t)
                && task.kind == TaskKind::Task
                && task.manual.is_none()
                && task.task_type != Some(crate::model::TaskType::FixedDuration)
            {
                for a in &task.assignments {
                    let Some(r) = ix
                        .get(&a.resource)
                        .filter(|e| e.kind == crate::index::EntityKind::Resource)
                        .and_then(|e| doc.resources.get(e.dense as usize))
                    else {
                        continue;
                    };
                    if r.kind == crate::model::ResourceKind::Material {
                        continue;
                    }
                    let rc = match r.calendar.as_deref() {
                        Some(c) => cal_of(c, &mut cals)?,
                        None => cal[t as usize],
                    };
                    let share = a.contour.and_then(crate::model::Contour::mean_share);
                    let m = match (a.timephased.first(), a.timephased.last(), a.hours, a.units) {
                        // A predefined contour: the work at the contour's
                        // mean share of the units.
                        (.., Some(h), Some(u)) if share.is_some() && h > 0.0 && u > 0.0 => {
                            (h * 60.0 / (u * share.unwrap_or(1.0))).round()
                        }
                        // Timephased work: the working time its periods
                        // span on the resource's calendar, splits included.
                        (Some(first), Some(last), ..)
                            if share.is_none() && a.units != Some(0.0) =>
                        {
                            cals[rc as usize]
                                .between(to_minutes(first.start), to_minutes(last.finish))?
                                as f64
                        }
                        (.., Some(h), Some(u)) if h > 0.0 && u > 0.0 => (h * 60.0 / u).round(),
                        _ => continue,
                    };
                    if !(m.is_finite() && m >= 1.0 && m <= crate::validate::MAX_MINUTES as f64) {
                        continue;
                    }
                    drive.push((rc, m as i64));
                }
            }
            let to = drive.len() as u32;
            let mut ext = Extra::of(task, scale);
            if to > from {
                ext.get_or_insert_with(Extra::of_none).drive = Some((from, to));
            }
            if let Some(e) = ext {
                extra_ix[t as usize] = extras.len() as u32;
                extras.push(e);
            }
            (dur[t as usize], elapsed[t as usize]) =
                task_duration(task, summary[t as usize], scale)?;
            for (k, dep) in task.dependencies.iter().enumerate() {
                let pred = ix.predecessor(t, k).ok_or_else(|| {
                    Error::calc(
                        "dangling_reference",
                        Some(&task.id),
                        format!("unknown predecessor {}", dep.predecessor),
                    )
                })?;
                let lag = match &dep.lag {
                    None => Lag::None,
                    Some(l) if l.unit == DurationUnit::Percent => {
                        match (l.amount.scale(), l.amount.to_i64()) {
                            (0, Some(p)) => Lag::PercentInt(p),
                            _ => Lag::Percent(l.amount),
                        }
                    }
                    Some(l) => {
                        let m = l.minutes(scale).ok_or_else(|| {
                            Error::calc(
                                "lag_overflow",
                                Some(&task.id),
                                format!("lag {l} is too large"),
                            )
                        })?;
                        if l.elapsed {
                            Lag::Elapsed(m)
                        } else {
                            Lag::Working(m)
                        }
                    }
                };
                links.push(Link {
                    pred,
                    succ: t,
                    ty: dep.link_type,
                    lag,
                    dep: k as u32,
                });
            }
        }
        let (in_start, in_links) = csr(n, links.iter().map(|l| l.succ));
        let (out_start, out_links) = csr(n, links.iter().map(|l| l.pred));
        let links_out: Vec<Link> = out_links.iter().map(|&i| links[i as usize]).collect();
        let nl = links.len();
        Ok(Net {
            n,
            cals,
            cal,
            dur,
            elapsed,
            summary,
            links,
            in_start,
            in_links,
            out_start,
            out_links,
            links_out,
            es: vec![0; n],
            ef: vec![0; n],
            ls: vec![0; n],
            lf: vec![0; n],
            lfm: vec![0; n],
            sb: vec![None; n],
            sb_src: vec![NONE; n],
            fb: vec![None; n],
            continuous: WorkCalendar::continuous(),
            plan_start,
            extra_ix,
            extras,
            drivers: vec![Drv::ProjectStart; n],
            conflict: vec![false; n],
            drive,
            link_cand: vec![0i64; nl],
            flb: vec![None; n],
            slb: vec![None; n],
            tf: vec![0; n],
            ff: vec![0; n],
            pf: 0,
            project_start: 0,
            honor,
            threshold,
            max_paths: opts.max_paths.unwrap_or(100),
            status_date: opts.status_date,
            status: opts
                .status_date
                .map(|d| to_minutes(DateOrTime::Date(d).as_finish())),
            progress_override: opts.out_of_sequence == Some(super::OutOfSequence::ProgressOverride),
        })
    }

    /// Whether task `t` counts as started: an actual start, or (with a
    /// status date) some progress.
    fn started(&self, t: usize) -> bool {
        self.extra(t).is_some_and(|e| {
            e.act_start.is_some() || (self.status.is_some() && e.pct > 0.0 && !e.complete())
        })
    }

    #[inline(always)]
    fn extra(&self, t: usize) -> Option<&Extra> {
        self.extras.get(self.extra_ix[t] as usize)
    }

    /// Every pass over every node.
    fn run_full(&mut self, model: &Model) -> Result<(), Error> {
        let ix = model.index();
        for &node in &ix.event_order {
            self.forward_node::<false>(model, node)?;
        }
        self.finish_bounds(model)?;
        for &node in ix.event_order.iter().rev() {
            self.backward_node::<false>(model, node)?;
        }
        for t in 0..self.n as u32 {
            self.total_float(t)?;
        }
        for t in 0..self.n as u32 {
            self.free_float(t)?;
        }
        Ok(())
    }

    /// The forward pass at one node of [`crate::Index::event_order`].
    /// `TRACK`: whether to compare with the previous figures (an
    /// incremental run); a full run skips the reads.
    #[inline(always)]
    fn forward_node<const TRACK: bool>(
        &mut self,
        model: &Model,
        node: u32,
    ) -> Result<Changed, Error> {
        let ix = model.index();
        let (t, exit) = self.node_task(node);
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        if exit {
            let kids = ix.children(t);
            let es = kids.iter().map(|&c| self.es[c as usize]).min().unwrap_or(0);
            let ef = kids.iter().map(|&c| self.ef[c as usize]).max().unwrap_or(0);
            let dates = TRACK && (es, ef) != (self.es[tu], self.ef[tu]);
            self.es[tu] = es;
            self.ef[tu] = ef;
            return Ok(Changed { dates, row: false });
        }
        if self.summary[tu] {
            let (mut sb, mut fb, mut src) = if parent != NONE {
                (
                    self.sb[parent as usize],
                    self.fb[parent as usize],
                    self.sb_src[parent as usize],
                )
            } else {
                (None, None, NONE)
            };
            let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
            for k in r {
                let li = self.in_links[k] as usize;
                let cv = self.cand(&self.links[li])?;
                self.link_cand[li] = cv.1;
                match cv {
                    (Kind::Start, v) if sb.is_none_or(|b| v > b) => {
                        sb = Some(v);
                        src = t;
                    }
                    (Kind::Finish, v) if fb.is_none_or(|b| v > b) => fb = Some(v),
                    _ => {}
                }
            }
            if let Some((kind, ds, df)) = self.extra(tu).and_then(|e| e.con) {
                match kind {
                    ConstraintType::SNET | ConstraintType::MSO if sb.is_none_or(|b| ds > b) => {
                        sb = Some(ds);
                        src = t;
                    }
                    ConstraintType::FNET | ConstraintType::MFO => {
                        fb = Some(fb.map_or(df, |b| b.max(df)));
                    }
                    _ => {}
                }
            }
            let dates = TRACK && (sb, fb, src) != (self.sb[tu], self.fb[tu], self.sb_src[tu]);
            self.sb[tu] = sb;
            self.fb[tu] = fb;
            self.sb_src[tu] = src;
            return Ok(Changed { dates, row: false });
        }
        // a leaf task
        let c = self.c(t);
        let mut es = c.next_start(self.plan_start[tu])?;
        let mut driver = Drv::ProjectStart;
        if parent != NONE {
            let pu = parent as usize;
            if let Some(sb) = self.sb[pu] {
                let v = c.next_start(sb)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(self.sb_src[pu]);
                }
            }
            if let Some(fb) = self.fb[pu] {
                let v = self.start_for_finish(t, fb)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(parent);
                }
            }
        }
        let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
        // No predecessor, own or inherited from a summary: an SNET or FNET
        // date replaces the project start, even when earlier (MS Project).
        let unlinked = r.is_empty()
            && (parent == NONE
                || (self.sb[parent as usize].is_none() && self.fb[parent as usize].is_none()));
        for k in r {
            let li = self.in_links[k];
            let l = &self.links[li as usize];
            let cv = self.cand(l)?;
            self.link_cand[li as usize] = cv.1;
            let c = self.c(t);
            let v = match cv {
                (Kind::Start, v) => c.next_start(v)?,
                (Kind::Finish, v) => self.start_for_finish(t, v)?,
            };
            if v > es {
                es = v;
                driver = Drv::Link(li);
            }
        }
        let c = self.c(t);
        let ext = self.extra(tu);
        let mut conflict = false;
        if let Some((con_kind, ds, df)) = ext.and_then(|e| e.con) {
            let at_start = || c.next_start(ds);
            let at_finish = || self.start_for_finish(t, df);
            let (v, mode) = match con_kind {
                ConstraintType::SNET => (at_start()?, 1),
                ConstraintType::FNET => (at_finish()?, 1),
                ConstraintType::MSO => (at_start()?, 0),
                ConstraintType::MFO => (at_finish()?, 0),
                ConstraintType::SNLT if self.honor => (at_start()?, -1),
                ConstraintType::FNLT if self.honor => (at_finish()?, -1),
                _ => (es, 2),
            };
            conflict = (mode == 0 || mode == -1) && v < es;
            if (mode == 1 && (v > es || unlinked)) || mode == 0 || (mode == -1 && v < es) {
                es = v;
                driver = Drv::Constraint;
            }
        }
        // A milestone driven by a link sits at its predecessor's finish
        // (Monday 17:00, not Tuesday 08:00), as MS Project shows it.
        if self.dur[tu] == 0 && matches!(driver, Drv::Link(_)) {
            es = c.prev_finish(es)?;
        }
        // The date the logic allows, before actuals and entered dates.
        let logic_es = es;
        // A manual task sits on its entered dates.
        let manual = ext.and_then(|e| e.manual);
        if let Some((start, _, _)) = manual {
            es = match start {
                Some(d) => d,
                None => c.next_start(self.plan_start[tu])?,
            };
            driver = Drv::Manual;
        }
        if let Some(a) = ext.and_then(|e| e.act_start) {
            es = a;
            driver = Drv::Actual;
        }
        // With a status date, work not done waits for it: an unstarted task
        // starts after it; a started one resumes its remaining work after it
        // (and, with retained logic, after what its predecessors allow).
        let mut resume: Option<(i64, i64)> = None;
        if let (Some(sd), None) = (self.status, manual) {
            if !ext.is_some_and(Extra::complete) {
                let after = c.next_start(sd)?;
                if let Some(e) = ext.filter(|e| e.act_start.is_some() || e.pct > 0.0) {
                    let mut r = after.max(es);
                    if !self.progress_override {
                        r = r.max(logic_es);
                    }
                    let rem = e.rem.unwrap_or_else(|| {
                        ((self.dur[tu] as f64) * (100.0 - e.pct) / 100.0).round() as i64
                    });
                    resume = Some((r, rem));
                } else if after > es {
                    es = after;
                    driver = Drv::StatusDate;
                }
            }
        }
        let drive = ext.and_then(|e| e.drive);
        let mut ef = match (manual, drive) {
            _ if resume.is_some() => {
                let (r, rem) = resume.unwrap_or_default();
                if rem > 0 {
                    self.dcal(t).add(r, rem)?
                } else {
                    c.prev_finish(r)?.max(es)
                }
            }
            (Some((_, Some(f), _)), _) if ext.is_none_or(|e| e.act_start.is_none()) => f,
            (_, Some((from, to))) => {
                // A resource-driven task starts when its first resource can
                // and ends with its last assignment, each on its resource's
                // calendar.
                let started = ext.is_some_and(|e| e.act_start.is_some());
                let mut first: Option<i64> = None;
                let mut last: Option<i64> = None;
                for &(rc, m) in &self.drive[from as usize..to as usize] {
                    let rcal = &self.cals[rc as usize];
                    let st = if started { es } else { rcal.next_start(es)? };
                    let f = rcal.add(st, m)?;
                    first = Some(first.map_or(st, |x| x.min(st)));
                    last = Some(last.map_or(f, |x| x.max(f)));
                }
                es = first.unwrap_or(es);
                last.unwrap_or(es)
            }
            _ if self.dur[tu] == 0 => es,
            _ => self.dcal(t).add(es, self.dur[tu])?,
        };
        if let Some((a, is_date)) = ext.and_then(|e| e.act_finish) {
            ef = if is_date { c.prev_finish(a)? } else { a };
        }
        let dates = TRACK && (es, ef) != (self.es[tu], self.ef[tu]);
        let row = TRACK && (driver != self.drivers[tu] || conflict != self.conflict[tu]);
        self.es[tu] = es;
        self.ef[tu] = ef;
        self.drivers[tu] = driver;
        self.conflict[tu] = conflict;
        Ok(Changed { dates, row })
    }

    /// The project's start and finish, once the forward pass is done.
    /// Returns whether the finish moved.
    fn finish_bounds(&mut self, model: &Model) -> Result<bool, Error> {
        let doc = model.document();
        let starts = doc
            .plans
            .iter()
            .filter(|p| !p.tasks.is_empty())
            .map(|p| to_minutes(p.horizon.start.start_of_day()))
            .min();
        let project_start_raw = match starts {
            Some(s) => s,
            None => match doc
                .plans
                .iter()
                .map(|p| to_minutes(p.horizon.start.start_of_day()))
                .min()
            {
                Some(s) => s,
                None => {
                    return Err(Error::calc(
                        crate::error::codes::NO_PLANS,
                        None,
                        "the document has no plans to schedule",
                    ))
                }
            },
        };
        let mut pf: Option<i64> = None;
        let mut ps: Option<i64> = None;
        for t in 0..self.n {
            if !self.summary[t] {
                pf = Some(pf.map_or(self.ef[t], |x| x.max(self.ef[t])));
                ps = Some(ps.map_or(self.es[t], |x| x.min(self.es[t])));
            }
        }
        let pf = pf.unwrap_or(project_start_raw);
        let moved = pf != self.pf;
        self.pf = pf;
        self.project_start = ps.unwrap_or(project_start_raw);
        Ok(moved)
    }

    /// The backward pass at one node. `TRACK` as for
    /// [`Net::forward_node`].
    #[inline(always)]
    fn backward_node<const TRACK: bool>(
        &mut self,
        model: &Model,
        node: u32,
    ) -> Result<bool, Error> {
        let ix = model.index();
        let (t, exit) = self.node_task(node);
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        let (fc, sc) = self.extra(tu).map_or((None, None), |e| (e.cap_f, e.cap_s));
        if exit {
            let mut f = if parent != NONE {
                self.flb[parent as usize]
            } else {
                None
            };
            let mut s: Option<i64> = None;
            for l in self.outgoing(t) {
                match self.late_cand(l)? {
                    (Kind::Finish, v) => f = Some(f.map_or(v, |b| b.min(v))),
                    (Kind::Start, v) => s = Some(s.map_or(v, |b| b.min(v))),
                }
            }
            if let Some(v) = fc {
                f = Some(f.map_or(v, |b| b.min(v)));
            }
            if let Some(v) = sc {
                s = Some(s.map_or(v, |b| b.min(v)));
            }
            let changed = TRACK && (f, s) != (self.flb[tu], self.slb[tu]);
            self.flb[tu] = f;
            self.slb[tu] = s;
            return Ok(changed);
        }
        let (ls, lf, lfm) = if self.summary[tu] {
            let kids = ix.children(t);
            (
                kids.iter().map(|&c| self.ls[c as usize]).min().unwrap_or(0),
                kids.iter().map(|&c| self.lf[c as usize]).max().unwrap_or(0),
                kids.iter()
                    .map(|&c| self.lfm[c as usize])
                    .min()
                    .unwrap_or(0),
            )
        } else {
            let c = self.c(t);
            let mut lf = self.pf;
            let mut ls_bound: Option<i64> = None;
            if parent != NONE {
                let pu = parent as usize;
                if let Some(f) = self.flb[pu] {
                    lf = lf.min(f);
                }
                if let Some(s) = self.slb[pu] {
                    if self.es[tu] == self.es[pu] {
                        ls_bound = Some(s);
                    }
                }
            }
            for l in self.outgoing(t) {
                match self.late_cand(l)? {
                    (Kind::Finish, v) => lf = lf.min(v),
                    (Kind::Start, v) => ls_bound = Some(ls_bound.map_or(v, |b| b.min(v))),
                }
            }
            if let Some(v) = fc {
                lf = lf.min(v);
            }
            if let Some(v) = sc {
                ls_bound = Some(ls_bound.map_or(v, |b| b.min(v)));
            }
            if let Some(s) = ls_bound {
                lf = lf.min(self.finish_for_start(t, s)?);
            }
            match self.extra(tu).and_then(|e| e.drive) {
                Some((from, to)) => {
                    // Each assignment finishes by the bound on its
                    // resource's calendar; the task spans them.
                    let mut first: Option<i64> = None;
                    let mut last: Option<i64> = None;
                    for &(rc, m) in &self.drive[from as usize..to as usize] {
                        let rcal = &self.cals[rc as usize];
                        let f = rcal.prev_finish(lf)?;
                        let st = rcal.sub(f, m)?;
                        first = Some(first.map_or(st, |x| x.min(st)));
                        last = Some(last.map_or(f, |x| x.max(f)));
                    }
                    let lf = last.unwrap_or(lf);
                    (first.unwrap_or(lf), lf, lf)
                }
                None => {
                    // An elapsed task runs through non-working time, so it
                    // may end as late as the next working minute (MS
                    // Project: a bound of Friday 17:00 lets it end Monday
                    // 08:00).
                    let lf = if self.elapsed[tu] && self.dur[tu] > 0 {
                        c.next_start(lf)?
                    } else {
                        c.prev_finish(lf)?
                    };
                    let ls = if self.dur[tu] == 0 {
                        lf
                    } else {
                        self.dcal(t).sub(lf, self.dur[tu])?
                    };
                    (ls, lf, lf)
                }
            }
        };
        let changed = TRACK && (ls, lf, lfm) != (self.ls[tu], self.lf[tu], self.lfm[tu]);
        self.ls[tu] = ls;
        self.lf[tu] = lf;
        self.lfm[tu] = lfm;
        Ok(changed)
    }

    /// Total float: the lesser of start and finish slack.
    #[inline(always)]
    fn total_float(&mut self, t: u32) -> Result<(), Error> {
        let tu = t as usize;
        // Slack of an elapsed task is in elapsed minutes.
        let c = self.dcal(t);
        let finish = c.between(self.ef[tu], self.lf[tu])?;
        // A started task has only finish slack: its start is history.
        self.tf[tu] = if self.started(tu) {
            finish
        } else {
            c.between(self.es[tu], self.ls[tu])?.min(finish)
        };
        Ok(())
    }

    /// Free float of a leaf: the least gap to a successor, or to the
    /// project finish. Needs the task's total float.
    #[inline(always)]
    fn free_float(&mut self, t: u32) -> Result<(), Error> {
        let tu = t as usize;
        if self.summary[tu] {
            return Ok(());
        }
        let c = self.c(t);
        let mut gap: Option<i64> = None;
        let r = self.out_start[tu] as usize..self.out_start[tu + 1] as usize;
        for (l, &li) in self.links_out[r.clone()].iter().zip(&self.out_links[r]) {
            let s = l.succ as usize;
            let v = self.link_cand[li as usize];
            let g = match l.ty {
                LinkType::FS | LinkType::SS => c.between(v, self.es[s])?,
                LinkType::FF | LinkType::SF => c.between(v, self.ef[s])?,
            };
            gap = Some(gap.map_or(g, |x| x.min(g)));
        }
        let g = match gap {
            Some(g) => g,
            None if self.elapsed[tu] && self.dur[tu] > 0 => self
                .dcal(t)
                .between(self.ef[tu], self.c(t).next_start(self.pf)?)?,
            None => c.between(self.ef[tu], self.pf)?,
        };
        self.ff[tu] = g.min(self.tf[tu]).max(0);
        Ok(())
    }

    /// The result row of task `t`.
    #[inline(always)]
    fn row(&self, model: &Model, t: u32) -> Result<TaskTimes, Error> {
        let tu = t as usize;
        let task = model.task(t);
        let doc = model.document();
        let (pi, _) = model.index().tasks[tu];
        let kind = if self.summary[tu] {
            TaskKind::Summary
        } else if task.kind == TaskKind::Milestone
            || (task.kind == TaskKind::Task && self.dur[tu] == 0 && task.duration.is_some())
        {
            TaskKind::Milestone
        } else {
            TaskKind::Task
        };
        let alap = task
            .constraint
            .as_ref()
            .is_some_and(|c| c.kind == ConstraintType::ALAP);
        // A started task shows its actual start as its late start (MS
        // Project); the passes keep the late start its remaining work needs.
        let late_start = match self.extra(tu).and_then(|e| e.act_start) {
            Some(a) if !self.summary[tu] => a,
            _ if !self.summary[tu] && self.started(tu) => self.es[tu],
            _ => self.ls[tu],
        };
        let (es, ef, ls, lf) = (
            from_minutes(self.es[tu])?,
            from_minutes(self.ef[tu])?,
            from_minutes(late_start)?,
            from_minutes(self.lf[tu])?,
        );
        Ok(TaskTimes {
            id: task.id.clone(),
            plan: doc.plans[pi as usize].id.clone(),
            kind,
            early_start: es,
            early_finish: ef,
            late_start: ls,
            late_finish: lf,
            start: if alap { ls } else { es },
            finish: if alap { lf } else { ef },
            duration_min: if self.summary[tu] || self.extra(tu).is_some_and(|e| e.drive.is_some()) {
                self.c(t).between(self.es[tu], self.ef[tu])?
            } else {
                self.dur[tu]
            },
            total_float_min: self.tf[tu],
            free_float_min: if self.summary[tu] { 0 } else { self.ff[tu] },
            critical: self.is_critical(t),
            driver: match self.drivers[tu] {
                Drv::ProjectStart => Driver::ProjectStart,
                Drv::Link(li) => {
                    let l = &self.links[li as usize];
                    let dep = &model.task(l.succ).dependencies[l.dep as usize];
                    Driver::Link {
                        predecessor: dep.predecessor.clone(),
                        link_type: dep.link_type,
                        lag: dep.lag.map(|l| l.to_string()),
                    }
                }
                Drv::Summary(s) => Driver::Summary {
                    summary: model.task(s).id.clone(),
                },
                Drv::Constraint => Driver::Constraint,
                Drv::Actual => Driver::Actual,
                Drv::Manual => Driver::Manual,
                Drv::StatusDate => Driver::StatusDate,
            },
        })
    }

    /// The warnings: constraint conflicts in network order, then negative
    /// float and missed deadlines in task order.
    fn diagnostics(&self, model: &Model) -> Vec<Diagnostic> {
        let ix = model.index();
        let mut diags = Vec::new();
        if self.conflict.iter().any(|&c| c) {
            for &node in &ix.event_order {
                let tu = node as usize;
                if tu >= self.n || !self.conflict[tu] {
                    continue;
                }
                let task = model.task(node);
                let con = task.constraint.as_ref();
                let con_kind = con.map(|c| c.kind);
                let d = con
                    .and_then(|c| c.date)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let kind = con_kind.map(|k| format!("{k:?}")).unwrap_or_default();
                diags.push(Diagnostic {
                    code: "constraint_conflict".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{}].tasks[{}].constraint", ix.tasks[tu].0, ix.tasks[tu].1),
                    message: format!("the {kind} constraint on {d} moves it before what its predecessors allow; the constraint wins, which shows as negative float"),
                    related: vec![],
                });
            }
        }
        for tu in 0..self.n {
            let neg = self.tf[tu] < 0;
            let missed = self
                .extra(tu)
                .and_then(|e| e.deadline)
                .is_some_and(|d| self.ef[tu] > d);
            if !neg && !missed {
                continue;
            }
            let task = model.task(tu as u32);
            let (pi, ti) = ix.tasks[tu];
            if neg {
                diags.push(Diagnostic {
                    code: "negative_float".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{pi}].tasks[{ti}]"),
                    message: format!("{} has {} working minutes of negative float: a constraint or deadline cannot be met", task.id, self.tf[tu]),
                    related: vec![],
                });
            }
            if let (true, Some(d)) = (missed, task.deadline) {
                diags.push(Diagnostic {
                    code: "deadline_missed".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{pi}].tasks[{ti}].deadline"),
                    message: format!("{} finishes after its deadline {d}", task.id),
                    related: vec![],
                });
            }
        }
        if let Some(sd) = self.status {
            self.status_diagnostics(model, sd, &mut diags);
        }
        diags
    }

    /// With a status date: actual dates after it, and progress out of
    /// sequence (a task started while a predecessor it waits for is not
    /// done: an FS or FF predecessor not complete, an SS or SF one not
    /// started), naming both tasks.
    fn status_diagnostics(&self, model: &Model, sd: i64, diags: &mut Vec<Diagnostic>) {
        let ix = model.index();
        let day = self.status_date.map(|d| d.to_string()).unwrap_or_default();
        for tu in 0..self.n {
            let Some(e) = self.extra(tu) else { continue };
            let (pi, ti) = ix.tasks[tu];
            let task = model.task(tu as u32);
            let late = [
                ("actual_start", e.act_start),
                ("actual_finish", e.act_finish.map(|f| f.0)),
            ];
            for (field, v) in late {
                if v.is_some_and(|v| v > sd) {
                    diags.push(Diagnostic {
                        code: "actual_after_status_date".into(),
                        severity: Severity::Warning,
                        id: Some(task.id.clone()),
                        path: format!("plans[{pi}].tasks[{ti}].progress.{field}"),
                        message: format!("{}'s {field} is after the status date {day}", task.id),
                        related: vec![],
                    });
                }
            }
            if self.summary[tu] || !(e.act_start.is_some() || e.pct > 0.0 || e.complete()) {
                continue;
            }
            let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
            for k in r {
                let l = &self.links[self.in_links[k] as usize];
                let p = l.pred as usize;
                if self.summary[p] {
                    continue;
                }
                let pe = self.extra(p);
                let waits = match l.ty {
                    LinkType::FS | LinkType::FF => !pe.is_some_and(Extra::complete),
                    LinkType::SS | LinkType::SF => {
                        !pe.is_some_and(|e| e.act_start.is_some() || e.pct > 0.0 || e.complete())
                    }
                };
                if waits {
                    let pred = model.task(l.pred);
                    diags.push(Diagnostic {
                        code: "out_of_sequence".into(),
                        severity: Severity::Warning,
                        id: Some(task.id.clone()),
                        path: format!("plans[{pi}].tasks[{ti}].dependencies[{}]", l.dep),
                        message: format!(
                            "{} has progress but its {:?} predecessor {} {}",
                            task.id,
                            l.ty,
                            pred.id,
                            if matches!(l.ty, LinkType::FS | LinkType::FF) {
                                "is not complete"
                            } else {
                                "has not started"
                            }
                        ),
                        related: vec![pred.id.clone()],
                    });
                }
            }
        }
    }

    /// The public result of a full run.
    /// `with_cals`: a copy of the calendars for the schedule's own working
    /// time arithmetic (otherwise left empty, for the caller to move in).
    fn result(&self, model: &Model, with_cals: bool) -> Result<Schedule, Error> {
        let mut tasks = Vec::with_capacity(self.n);
        for t in 0..self.n as u32 {
            tasks.push(self.row(model, t)?);
        }
        let (critical_paths, paths_truncated) = paths::critical_paths(self, model, self.max_paths)?;
        Ok(Schedule {
            project_start: from_minutes(self.project_start)?,
            project_finish: from_minutes(self.pf)?,
            tasks,
            critical_paths,
            paths_truncated,
            diagnostics: self.diagnostics(model),
            status_date: self.status_date,
            cals: if with_cals {
                self.cals.clone()
            } else {
                Vec::new()
            },
            task_cal: if with_cals {
                self.cal.clone()
            } else {
                Vec::new()
            },
        })
    }

    /// The node whose backward step reads `t`'s outgoing links: a leaf's
    /// own node, a summary's exit gate.
    fn out_node(&self, t: u32) -> usize {
        if self.summary[t as usize] {
            t as usize + self.n
        } else {
            t as usize
        }
    }

    /// Computes again only what the changed durations of `changed` can
    /// move, and updates `sched` in place. Falls back to every node of a
    /// pass when the project finish moves.
    fn run_incremental(
        &mut self,
        model: &Model,
        changed: &[u32],
        sched: &mut Schedule,
    ) -> Result<(), Error> {
        let ix = model.index();
        let n = self.n;
        let scale = model.document().settings.scale();
        let mut m = Marks::new(n);
        let mut dur_changed = Vec::new();
        for &t in changed {
            let tu = t as usize;
            let (d, e) = task_duration(model.task(t), self.summary[tu], scale)?;
            // The row's kind reads whether the task has a duration at all
            // (none and "0d" both count zero minutes): rebuilt either way.
            m.touch(t);
            if (d, e) == (self.dur[tu], self.elapsed[tu]) {
                continue;
            }
            self.dur[tu] = d;
            self.elapsed[tu] = e;
            dur_changed.push(t);
            m.touch(t);
            m.fwd[tu] = true;
            // a percentage lag reads its predecessor's duration
            for k in self.out_start[tu] as usize..self.out_start[tu + 1] as usize {
                m.fwd[self.links_out[k].succ as usize] = true;
            }
        }
        // forward
        let mut fwd_changed: Vec<u32> = Vec::new();
        for &node in &ix.event_order {
            let nu = node as usize;
            if !m.fwd[nu] {
                continue;
            }
            let c = self.forward_node::<true>(model, node)?;
            let (t, _) = self.node_task(node);
            let tu = t as usize;
            if c.row {
                m.touch(t);
            }
            if !c.dates {
                continue;
            }
            if nu < n && self.summary[tu] {
                // an entry gate: its children inherit its bounds
                for &k in ix.children(t) {
                    m.fwd[k as usize] = true;
                }
                continue;
            }
            m.touch(t);
            fwd_changed.push(t);
            for k in self.out_start[tu] as usize..self.out_start[tu + 1] as usize {
                m.fwd[self.links_out[k].succ as usize] = true;
            }
            let p = ix.task_parent[tu];
            if p != NONE {
                m.fwd[p as usize + n] = true;
            }
        }
        let finish_moved = self.finish_bounds(model)?;
        // backward
        if finish_moved {
            for &node in ix.event_order.iter().rev() {
                self.backward_node::<false>(model, node)?;
            }
            for t in 0..n as u32 {
                self.total_float(t)?;
            }
            for t in 0..n as u32 {
                self.free_float(t)?;
            }
            sched.tasks.clear();
            for t in 0..n as u32 {
                sched.tasks.push(self.row(model, t)?);
            }
        } else {
            for &t in fwd_changed.iter().chain(&dur_changed) {
                let tu = t as usize;
                let o = self.out_node(t);
                m.bwd[o] = true;
                if self.summary[tu] {
                    // leaves compare their early start with their parent's
                    for &k in ix.children(t) {
                        if !self.summary[k as usize] {
                            m.bwd[k as usize] = true;
                        }
                    }
                }
            }
            for &node in ix.event_order.iter().rev() {
                let nu = node as usize;
                if !m.bwd[nu] {
                    continue;
                }
                if !self.backward_node::<true>(model, node)? {
                    continue;
                }
                let (t, _) = self.node_task(node);
                let tu = t as usize;
                if nu >= n {
                    // an exit gate: its descendants inherit its bounds
                    for &k in ix.children(t) {
                        let o = self.out_node(k);
                        m.bwd[o] = true;
                    }
                    continue;
                }
                m.touch(t);
                for k in self.in_start[tu] as usize..self.in_start[tu + 1] as usize {
                    let l = &self.links[self.in_links[k] as usize];
                    let o = self.out_node(l.pred);
                    m.bwd[o] = true;
                }
                let p = ix.task_parent[tu];
                if p != NONE {
                    m.bwd[p as usize] = true;
                }
            }
            // floats of the touched tasks and of their predecessors
            let mut floats = m.touched_list.clone();
            let mut seen = m.touched.clone();
            for &t in &m.touched_list {
                let tu = t as usize;
                for k in self.in_start[tu] as usize..self.in_start[tu + 1] as usize {
                    let p = self.links[self.in_links[k] as usize].pred;
                    if !seen[p as usize] {
                        seen[p as usize] = true;
                        floats.push(p);
                    }
                }
            }
            for &t in &floats {
                self.total_float(t)?;
            }
            for &t in &floats {
                self.free_float(t)?;
            }
            for &t in &floats {
                sched.tasks[t as usize] = self.row(model, t)?;
            }
        }
        let (critical_paths, paths_truncated) = paths::critical_paths(self, model, self.max_paths)?;
        sched.project_start = from_minutes(self.project_start)?;
        sched.project_finish = from_minutes(self.pf)?;
        sched.critical_paths = critical_paths;
        sched.paths_truncated = paths_truncated;
        sched.diagnostics = self.diagnostics(model);
        Ok(())
    }
}

/// A schedule kept up to date across duration edits: after
/// [`Model::set_task_duration`], [`Rescheduler::durations_changed`]
/// computes again only the tasks the new durations can move (the
/// successors' early dates, and the predecessors' late dates unless the
/// project finish moves), and gives the same [`Schedule`] as
/// [`schedule`] would.
///
/// # Example
/// ```
/// use stratops::schedule::{self, Rescheduler};
/// let mut model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "1d"},
///             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
/// let mut r = Rescheduler::new(&model, &Default::default()).unwrap();
/// let a = model.index().task("a").unwrap();
/// model.set_task_duration(a, Some("2d".parse().unwrap())).unwrap();
/// let s = r.durations_changed(&model, &[a]).unwrap();
/// assert_eq!(s.task("b").unwrap().early_start.to_string(), "2025-10-08T08:00:00");
/// let full = schedule::schedule(&model, &Default::default()).unwrap();
/// assert_eq!(s.tasks, full.tasks);
/// ```
pub struct Rescheduler {
    net: Net,
    opts: ScheduleOptions,
    schedule: Schedule,
    /// The last update failed part way: the next one starts afresh.
    stale: bool,
}

impl std::fmt::Debug for Rescheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rescheduler")
            .field("tasks", &self.net.n)
            .field("links", &self.net.links.len())
            .field("stale", &self.stale)
            .finish()
    }
}

impl Rescheduler {
    /// Schedules `model` in full and keeps what an update needs.
    pub fn new(model: &Model, opts: &ScheduleOptions) -> Result<Rescheduler, Error> {
        let mut net = Net::prepare(model, opts)?;
        net.run_full(model)?;
        let schedule = net.result(model, true)?;
        Ok(Rescheduler {
            net,
            opts: opts.clone(),
            schedule,
            stale: false,
        })
    }

    /// The current schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The current schedule, owned.
    pub fn into_schedule(self) -> Schedule {
        self.schedule
    }

    /// Brings the schedule up to date after the durations of the tasks
    /// `changed` (dense indices, as [`crate::Index::task`] gives) were set
    /// with [`Model::set_task_duration`].
    ///
    /// `model` must be the model this was built from, changed since only
    /// in those durations. When its task or link count differs, or an
    /// earlier update failed, this schedules it in full instead. An index
    /// beyond the model's tasks is an `unknown_task` error. After any other
    /// error, [`Rescheduler::schedule`] is not up to date until the next
    /// call succeeds (which schedules in full).
    pub fn durations_changed(
        &mut self,
        model: &Model,
        changed: &[u32],
    ) -> Result<&Schedule, Error> {
        let n = model.index().tasks.len();
        if let Some(&t) = changed.iter().find(|&&t| t as usize >= n) {
            return Err(Error::calc(
                "unknown_task",
                None,
                format!("no task with index {t}"),
            ));
        }
        if self.stale || n != self.net.n || model.index().dep_pred.len() != self.net.links.len() {
            *self = Rescheduler::new(model, &self.opts)?;
            return Ok(&self.schedule);
        }
        self.stale = true;
        self.net
            .run_incremental(model, changed, &mut self.schedule)?;
        self.stale = false;
        Ok(&self.schedule)
    }
}

/// A task's own caps on its late finish and late start: FNLT, MFO and the
/// deadline cap the finish; SNLT and MSO cap the start.
fn own_late_caps(task: &crate::model::Task) -> (Option<i64>, Option<i64>) {
    let mut f: Option<i64> = task.deadline.map(|d| to_minutes(d.as_finish()));
    let mut s = None;
    if let Some(c) = &task.constraint {
        if let Some(d) = c.date {
            match c.kind {
                ConstraintType::FNLT | ConstraintType::MFO => {
                    let v = to_minutes(d.as_finish());
                    f = Some(f.map_or(v, |b| b.min(v)));
                }
                ConstraintType::SNLT | ConstraintType::MSO => s = Some(to_minutes(d.as_start())),
                _ => {}
            }
        }
    }
    (f, s)
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
