//! Preparing the network: calendars, durations (fixed, resource-driven,
//! contoured, timephased), lags, constraints and actuals resolved once, and
//! the links laid out by successor and by predecessor.

use super::*;

/// A task's constraint, deadline and actuals, gathered once in document
/// order so that the passes, which visit tasks in network order, never
/// touch the (large) task records.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Extra {
    /// The constraint kind and its date as a start and as a finish bound.
    pub(super) con: Option<(ConstraintType, i64, i64)>,
    /// The actual start.
    pub(super) act_start: Option<i64>,
    /// The actual finish, and whether it was a bare date.
    pub(super) act_finish: Option<(i64, bool)>,
    /// The task's own caps on its late finish and late start.
    pub(super) cap_f: Option<i64>,
    pub(super) cap_s: Option<i64>,
    /// The deadline, as a finish.
    pub(super) deadline: Option<i64>,
    /// A manually scheduled task: its entered start and finish, and whether
    /// it is a placeholder (never critical).
    pub(super) manual: Option<(Option<i64>, Option<i64>, bool)>,
    /// A resource-driven task: its driving assignments, as a range of
    /// `Net::drive` (calendar, minutes of that calendar).
    pub(super) drive: Option<(u32, u32)>,
    /// Percent complete, 0-100.
    pub(super) pct: f64,
    /// The remaining duration entered, in minutes of the task's calendar.
    pub(super) rem: Option<i64>,
}

impl Extra {
    /// No constraint, actual, cap, manual date or assignment.
    pub(super) fn of_none() -> Extra {
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
    pub(super) fn complete(&self) -> bool {
        self.act_finish.is_some() || self.pct >= 100.0
    }

    pub(super) fn of(task: &crate::model::Task, scale: crate::values::UnitScale) -> Option<Extra> {
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

/// The duration of leaf `t` in minutes on its calendar, and whether it
/// counts elapsed time.
pub(super) fn task_duration(
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

impl Net {
    /// Resolves calendars, durations, lags and constraints, and lays the
    /// links out by successor and by predecessor.
    pub(super) fn prepare(model: &Model, opts: &ScheduleOptions) -> Result<Net, Error> {
        let doc = model.document();
        let ix = model.index();
        let n = ix.tasks.len();
        let settings = &doc.settings;
        let honor = opts.honor_constraints.unwrap_or(settings.honor_constraints);
        let threshold = opts
            .critical_threshold_min
            .unwrap_or(settings.critical_threshold_min);
        let scale = settings.scale();

        // calendars, resolved on first use
        let mut cals = Calendars {
            doc,
            cals: Vec::new(),
            ids: HashMap::default(),
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
            cal[t as usize] = cals.of(cid)?;
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
                driving_assignments(ix, task, cal[t as usize], &mut cals, &mut drive)?;
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
            task_links(ix, t, task, scale, &mut links)?;
        }
        let (in_start, in_links) = csr(n, links.iter().map(|l| l.succ));
        let (out_start, out_links) = csr(n, links.iter().map(|l| l.pred));
        let links_out: Vec<Link> = out_links.iter().map(|&i| links[i as usize]).collect();
        let nl = links.len();
        Ok(Net {
            n,
            cals: cals.cals,
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
            leaf_late_finish_min: vec![0; n],
            start_bound: vec![None; n],
            start_bound_from: vec![NONE; n],
            finish_bound: vec![None; n],
            continuous: WorkCalendar::continuous(),
            plan_start,
            extra_ix,
            extras,
            drivers: vec![Drv::ProjectStart; n],
            conflict: vec![false; n],
            drive,
            link_cand: vec![0i64; nl],
            late_finish_bound: vec![None; n],
            late_start_bound: vec![None; n],
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
            progress_override: opts.out_of_sequence
                == Some(crate::schedule::OutOfSequence::ProgressOverride),
        })
    }

    /// Whether task `t` counts as started: an actual start, or (with a
    /// status date) some progress.
    pub(super) fn started(&self, t: usize) -> bool {
        self.extra(t).is_some_and(|e| {
            e.act_start.is_some() || (self.status.is_some() && e.pct > 0.0 && !e.complete())
        })
    }

    #[inline(always)]
    pub(super) fn extra(&self, t: usize) -> Option<&Extra> {
        self.extras.get(self.extra_ix[t] as usize)
    }
}

/// A task's own caps on its late finish and late start: FNLT, MFO and the
/// deadline cap the finish; SNLT and MSO cap the start.
pub(super) fn own_late_caps(task: &crate::model::Task) -> (Option<i64>, Option<i64>) {
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

/// The calendars of a schedule, each resolved on first use.
struct Calendars<'d> {
    doc: &'d crate::model::Document,
    cals: Vec<WorkCalendar>,
    ids: HashMap<String, u32, crate::index::IdHasher>,
}

impl Calendars<'_> {
    /// The index of calendar `id` (the standard calendar when no calendar
    /// has that id).
    fn of(&mut self, id: &str) -> Result<u32, Error> {
        if let Some(&i) = self.ids.get(id) {
            return Ok(i);
        }
        let wc = match self.doc.calendars.iter().find(|c| c.id == id) {
            Some(c) => WorkCalendar::resolve(self.doc, c)?,
            None => WorkCalendar::standard(),
        };
        self.cals.push(wc);
        let i = (self.cals.len() - 1) as u32;
        self.ids.insert(id.to_string(), i);
        Ok(i)
    }
}

/// The assignments that drive a task's dates, pushed to `drive` as
/// (calendar, working minutes of that calendar): a predefined contour's
/// work at its mean share of the units, timephased periods' span on the
/// resource's calendar (splits included), or work ÷ units. Material
/// resources and idle assignments do not drive.
fn driving_assignments(
    ix: &crate::Index,
    task: &crate::model::Task,
    task_cal: u32,
    cals: &mut Calendars<'_>,
    drive: &mut Vec<(u32, i64)>,
) -> Result<(), Error> {
    for a in &task.assignments {
        // Only hours over units, or timephased work, can drive the task:
        // skip the rest before looking its resource up.
        let hours_units = matches!((a.hours, a.units), (Some(h), Some(u)) if h > 0.0 && u > 0.0);
        if !hours_units && a.timephased.is_empty() {
            continue;
        }
        let Some(r) = ix
            .get(&a.resource)
            .filter(|e| e.kind == crate::index::EntityKind::Resource)
            .and_then(|e| cals.doc.resources.get(e.dense as usize))
        else {
            continue;
        };
        if r.kind == crate::model::ResourceKind::Material {
            continue;
        }
        let rc = match r.calendar.as_deref() {
            Some(c) => cals.of(c)?,
            None => task_cal,
        };
        let share = a.contour.and_then(crate::model::Contour::mean_share);
        let m = match (a.timephased.first(), a.timephased.last(), a.hours, a.units) {
            (.., Some(h), Some(u)) if share.is_some() && h > 0.0 && u > 0.0 => {
                (h * 60.0 / (u * share.unwrap_or(1.0))).round()
            }
            (Some(first), Some(last), ..) if share.is_none() && a.units != Some(0.0) => {
                cals.cals[rc as usize].between(to_minutes(first.start), to_minutes(last.finish))?
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
    Ok(())
}

/// A task's dependencies as links, their lags resolved.
fn task_links(
    ix: &crate::Index,
    t: u32,
    task: &crate::model::Task,
    scale: crate::values::UnitScale,
    links: &mut Vec<Link>,
) -> Result<(), Error> {
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
    Ok(())
}
