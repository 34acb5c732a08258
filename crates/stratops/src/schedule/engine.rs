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

pub(super) struct Net<'a> {
    pub model: &'a Model,
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

impl<'a> Net<'a> {
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

    fn lag_minutes(&self, lag: Lag, pred: u32) -> Result<(i64, bool), Error> {
        Ok(match lag {
            Lag::None => (0, false),
            Lag::Working(m) => (m, false),
            Lag::Elapsed(m) => (m, true),
            Lag::Percent(p) => {
                let p_us = pred as usize;
                let d = if self.summary[p_us] {
                    self.c(pred).between(self.es[p_us], self.ef[p_us])?
                } else {
                    self.dur[p_us]
                };
                let m = (p * Decimal::from(d) / Decimal::from(100))
                    .round()
                    .to_i64()
                    .unwrap_or(0);
                (m, false)
            }
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
}

impl Extra {
    fn of(task: &crate::model::Task) -> Option<Extra> {
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
        let e = Extra {
            con,
            act_start,
            act_finish,
            cap_f,
            cap_s,
        };
        (con.is_some()
            || act_start.is_some()
            || act_finish.is_some()
            || cap_f.is_some()
            || cap_s.is_some())
        .then_some(e)
    }
}

/// What set a task's early start, kept compact during the passes and
/// turned into a [`Driver`] (with ids) only when the results are built.
#[derive(Debug, Clone, Copy)]
enum Drv {
    ProjectStart,
    /// A link, by its index in `Net::links`.
    Link(u32),
    /// A summary, by task index.
    Summary(u32),
    Constraint,
    Actual,
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
        plan_start[t as usize] = to_minutes(plan.horizon.start.start_of_day());
        if let Some(e) = Extra::of(task) {
            extra_ix[t as usize] = extras.len() as u32;
            extras.push(e);
        }
        if !summary[t as usize] && task.kind != TaskKind::Milestone {
            if let Some(d) = &task.duration {
                dur[t as usize] = d.minutes(scale).filter(|m| *m >= 0).ok_or_else(|| {
                    Error::calc(
                        "bad_duration",
                        Some(&task.id),
                        format!("duration {d} cannot be scheduled"),
                    )
                })?;
                elapsed[t as usize] = d.elapsed;
            }
        }
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
                Some(l) if l.unit == DurationUnit::Percent => Lag::Percent(l.amount),
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
    let mut net = Net {
        model,
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
    };
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut drivers: Vec<Drv> = vec![Drv::ProjectStart; n];
    // Every link's forward bound (`Net::cand`), computed once in the forward
    // pass, when its predecessor's dates are final, and read again for free
    // float.
    let mut link_cand = vec![0i64; net.links.len()];
    let extra = |t: usize| extras.get(extra_ix[t] as usize);

    // ---- forward pass ----------------------------------------------------
    for &node in &ix.event_order {
        let exit = node as usize >= n;
        let t = if exit { node - n as u32 } else { node };
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        if exit {
            let kids = ix.children(t);
            net.es[tu] = kids.iter().map(|&c| net.es[c as usize]).min().unwrap_or(0);
            net.ef[tu] = kids.iter().map(|&c| net.ef[c as usize]).max().unwrap_or(0);
            continue;
        }
        if net.summary[tu] {
            let (mut sb, mut fb, mut src) = if parent != NONE {
                (
                    net.sb[parent as usize],
                    net.fb[parent as usize],
                    net.sb_src[parent as usize],
                )
            } else {
                (None, None, NONE)
            };
            let r = net.in_start[tu] as usize..net.in_start[tu + 1] as usize;
            for &li in &net.in_links[r] {
                let cv = net.cand(&net.links[li as usize])?;
                link_cand[li as usize] = cv.1;
                match cv {
                    (Kind::Start, v) if sb.is_none_or(|b| v > b) => {
                        sb = Some(v);
                        src = t;
                    }
                    (Kind::Finish, v) if fb.is_none_or(|b| v > b) => fb = Some(v),
                    _ => {}
                }
            }
            if let Some((kind, ds, df)) = extra(tu).and_then(|e| e.con) {
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
            net.sb[tu] = sb;
            net.fb[tu] = fb;
            net.sb_src[tu] = src;
            continue;
        }
        // a leaf task
        let c = net.c(t);
        let mut es = c.next_start(plan_start[tu])?;
        let mut driver = Drv::ProjectStart;
        if parent != NONE {
            let pu = parent as usize;
            if let Some(sb) = net.sb[pu] {
                let v = c.next_start(sb)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(net.sb_src[pu]);
                }
            }
            if let Some(fb) = net.fb[pu] {
                let v = net.start_for_finish(t, fb)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(parent);
                }
            }
        }
        let r = net.in_start[tu] as usize..net.in_start[tu + 1] as usize;
        for &li in &net.in_links[r] {
            let l = &net.links[li as usize];
            let cv = net.cand(l)?;
            link_cand[li as usize] = cv.1;
            let v = match cv {
                (Kind::Start, v) => c.next_start(v)?,
                (Kind::Finish, v) => net.start_for_finish(t, v)?,
            };
            if v > es {
                es = v;
                driver = Drv::Link(li);
            }
        }
        let ext = extra(tu);
        if let Some((con_kind, ds, df)) = ext.and_then(|e| e.con) {
            {
                let at_start = || c.next_start(ds);
                let at_finish = || net.start_for_finish(t, df);
                let (v, mode) = match con_kind {
                    ConstraintType::SNET => (at_start()?, 1),
                    ConstraintType::FNET => (at_finish()?, 1),
                    ConstraintType::MSO => (at_start()?, 0),
                    ConstraintType::MFO => (at_finish()?, 0),
                    ConstraintType::SNLT if honor => (at_start()?, -1),
                    ConstraintType::FNLT if honor => (at_finish()?, -1),
                    _ => (es, 2),
                };
                let conflict = (mode == 0 || mode == -1) && v < es;
                if conflict {
                    let task = model.task(t);
                    let d = task
                        .constraint
                        .as_ref()
                        .and_then(|c| c.date)
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    diags.push(Diagnostic {
                        code: "constraint_conflict".into(),
                        severity: Severity::Warning,
                        id: Some(task.id.clone()),
                        path: format!("plans[{}].tasks[{}].constraint", ix.tasks[tu].0, ix.tasks[tu].1),
                        message: format!("the {con_kind:?} constraint on {d} moves it before what its predecessors allow; the constraint wins, which shows as negative float"),
                        related: vec![],
                    });
                }
                if (mode == 1 && v > es) || mode == 0 || (mode == -1 && v < es) {
                    es = v;
                    driver = Drv::Constraint;
                }
            }
        }
        // A milestone driven by a link sits at its predecessor's finish
        // (Monday 17:00, not Tuesday 08:00), as MS Project shows it.
        if net.dur[tu] == 0 && matches!(driver, Drv::Link(_)) {
            es = c.prev_finish(es)?;
        }
        if let Some(a) = ext.and_then(|e| e.act_start) {
            es = a;
            driver = Drv::Actual;
        }
        let mut ef = if net.dur[tu] == 0 {
            es
        } else {
            net.dcal(t).add(es, net.dur[tu])?
        };
        if let Some((a, is_date)) = ext.and_then(|e| e.act_finish) {
            ef = if is_date { c.prev_finish(a)? } else { a };
        }
        net.es[tu] = es;
        net.ef[tu] = ef;
        drivers[tu] = driver;
    }

    let leaves = || (0..n as u32).filter(|&t| !net.summary[t as usize]);
    let starts: Vec<i64> = doc
        .plans
        .iter()
        .filter(|p| !p.tasks.is_empty())
        .map(|p| to_minutes(p.horizon.start.start_of_day()))
        .collect();
    let project_start_raw = match starts.iter().min() {
        Some(&s) => s,
        None => match doc
            .plans
            .iter()
            .map(|p| to_minutes(p.horizon.start.start_of_day()))
            .min()
        {
            Some(s) => s,
            None => {
                return Err(Error::calc(
                    "no_plans",
                    None,
                    "the document has no plans to schedule",
                ))
            }
        },
    };
    let pf = leaves()
        .map(|t| net.ef[t as usize])
        .max()
        .unwrap_or(project_start_raw);
    let project_start = leaves()
        .map(|t| net.es[t as usize])
        .min()
        .unwrap_or(project_start_raw);

    // ---- backward pass ---------------------------------------------------
    let mut flb: Vec<Option<i64>> = vec![None; n];
    let mut slb: Vec<Option<i64>> = vec![None; n];
    for &node in ix.event_order.iter().rev() {
        let exit = node as usize >= n;
        let t = if exit { node - n as u32 } else { node };
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        let (fc, sc) = extra(tu).map_or((None, None), |e| (e.cap_f, e.cap_s));
        if exit {
            let mut f = if parent != NONE {
                flb[parent as usize]
            } else {
                None
            };
            let mut s: Option<i64> = None;
            for l in net.outgoing(t) {
                match net.late_cand(l)? {
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
            flb[tu] = f;
            slb[tu] = s;
            continue;
        }
        if net.summary[tu] {
            let kids = ix.children(t);
            net.ls[tu] = kids.iter().map(|&c| net.ls[c as usize]).min().unwrap_or(0);
            net.lf[tu] = kids.iter().map(|&c| net.lf[c as usize]).max().unwrap_or(0);
            net.lfm[tu] = kids.iter().map(|&c| net.lfm[c as usize]).min().unwrap_or(0);
            continue;
        }
        let c = net.c(t);
        let mut lf = pf;
        let mut ls_bound: Option<i64> = None;
        if parent != NONE {
            let pu = parent as usize;
            if let Some(f) = flb[pu] {
                lf = lf.min(f);
            }
            if let Some(s) = slb[pu] {
                if net.es[tu] == net.es[pu] {
                    ls_bound = Some(s);
                }
            }
        }
        for l in net.outgoing(t) {
            match net.late_cand(l)? {
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
            lf = lf.min(net.finish_for_start(t, s)?);
        }
        let lf = c.prev_finish(lf)?;
        let ls = if net.dur[tu] == 0 {
            lf
        } else {
            net.dcal(t).sub(lf, net.dur[tu])?
        };
        net.lf[tu] = lf;
        net.lfm[tu] = lf;
        net.ls[tu] = ls;
    }

    // ---- floats ----------------------------------------------------------
    let mut tf = vec![0i64; n];
    let mut ff = vec![0i64; n];
    for t in 0..n as u32 {
        let tu = t as usize;
        let c = net.c(t);
        tf[tu] = c
            .between(net.es[tu], net.ls[tu])?
            .min(c.between(net.ef[tu], net.lf[tu])?);
    }
    for t in leaves() {
        let tu = t as usize;
        let c = net.c(t);
        let mut gap: Option<i64> = None;
        let r = net.out_start[tu] as usize..net.out_start[tu + 1] as usize;
        for (l, &li) in net.links_out[r.clone()].iter().zip(&net.out_links[r]) {
            let s = l.succ as usize;
            let v = link_cand[li as usize];
            let g = match l.ty {
                LinkType::FS | LinkType::SS => c.between(v, net.es[s])?,
                LinkType::FF | LinkType::SF => c.between(v, net.ef[s])?,
            };
            gap = Some(gap.map_or(g, |x| x.min(g)));
        }
        let g = match gap {
            Some(g) => g,
            None => c.between(net.ef[tu], pf)?,
        };
        ff[tu] = g.min(tf[tu]).max(0);
    }

    // ---- results -----------------------------------------------------------
    let mut tasks = Vec::with_capacity(n);
    for t in 0..n as u32 {
        let tu = t as usize;
        let task = model.task(t);
        let (pi, ti) = ix.tasks[tu];
        let kind = if net.summary[tu] {
            TaskKind::Summary
        } else if task.kind == TaskKind::Milestone
            || (task.kind == TaskKind::Task && net.dur[tu] == 0 && task.duration.is_some())
        {
            TaskKind::Milestone
        } else {
            TaskKind::Task
        };
        let alap = task
            .constraint
            .as_ref()
            .is_some_and(|c| c.kind == ConstraintType::ALAP);
        if tf[tu] < 0 {
            diags.push(Diagnostic {
                code: "negative_float".into(),
                severity: Severity::Warning,
                id: Some(task.id.clone()),
                path: format!("plans[{pi}].tasks[{ti}]"),
                message: format!("{} has {} working minutes of negative float: a constraint or deadline cannot be met", task.id, tf[tu]),
                related: vec![],
            });
        }
        if let Some(d) = task.deadline {
            if net.ef[tu] > to_minutes(d.as_finish()) {
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
        let (es, ef, ls, lf) = (
            from_minutes(net.es[tu])?,
            from_minutes(net.ef[tu])?,
            from_minutes(net.ls[tu])?,
            from_minutes(net.lf[tu])?,
        );
        tasks.push(TaskTimes {
            id: task.id.clone(),
            plan: doc.plans[pi as usize].id.clone(),
            kind,
            early_start: es,
            early_finish: ef,
            late_start: ls,
            late_finish: lf,
            start: if alap { ls } else { es },
            finish: if alap { lf } else { ef },
            duration_min: if net.summary[tu] {
                net.c(t).between(net.es[tu], net.ef[tu])?
            } else {
                net.dur[tu]
            },
            total_float_min: tf[tu],
            free_float_min: if net.summary[tu] { 0 } else { ff[tu] },
            critical: tf[tu] <= threshold,
            driver: match drivers[tu] {
                Drv::ProjectStart => Driver::ProjectStart,
                Drv::Link(li) => {
                    let l = &net.links[li as usize];
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
            },
        });
    }
    let max_paths = opts.max_paths.unwrap_or(100);
    let (critical_paths, paths_truncated) = paths::critical_paths(&net, &tf, threshold, max_paths)?;
    Ok(Schedule {
        project_start: from_minutes(project_start)?,
        project_finish: from_minutes(pf)?,
        tasks,
        critical_paths,
        paths_truncated,
        diagnostics: diags,
        cals: net.cals,
        task_cal: net.cal,
    })
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
