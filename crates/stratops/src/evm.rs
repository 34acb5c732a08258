//! Earned value as of a status date, with Lipke's earned schedule: are we
//! on track for cost and time, by task, WBS, plan and goal.
//!
//! ```
//! let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
//!   "tasks": [{"id": "a", "name": "A", "duration": "2d", "progress": {"percent_complete": 25}}],
//!   "costs": [{"id": "c", "category": "x", "kind": "fixed", "task": "a", "amount": "1000",
//!              "actuals": [{"date": "2025-10-06", "amount": "300"}]}]}]}"#)?;
//! let ev = stratops::evm::earned_value(&model, "2025-10-06".parse().unwrap(), &Default::default())?;
//! // Monday is half of the 2-day task: PV = 500; EV = 25% × 1000; AC = 300.
//! assert_eq!((ev.pv.to_string(), ev.ev.to_string(), ev.ac.to_string()),
//!            ("500".into(), "250".into(), "300".into()));
//! assert_eq!(ev.spi, Some(0.5));
//! // Earned schedule: PV reached 250 half-way through day 1 of 1 elapsed.
//! assert_eq!((ev.es_days, ev.at_days), (0.5, 1.0));
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! The formulas, their sources and every decision are in `docs/evm.md`.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::budget::lines::{overflow, TaskFacts};
use crate::budget::phase::{split, Window};
use crate::budget::{budget, BudgetOptions, PhasedBy};
use crate::calendar::to_minutes;
use crate::error::Error;
use crate::explain::Explanation;
use crate::index::{EntityKind, NONE};
use crate::model::{Accrual, EvMethod};
use crate::schedule::{schedule, Schedule, ScheduleOptions};
use crate::values::{Date, DateOrTime, Money};
use crate::Model;

/// How the estimate at completion is forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EacMethod {
    /// `BAC / CPI`: the cost efficiency so far continues (the default).
    #[default]
    Cpi,
    /// `AC + (BAC − EV)`: the rest is done at the budgeted rate.
    BudgetRate,
    /// `AC + (BAC − EV) / (CPI × SPI)`: cost and schedule efficiency both
    /// weigh on the rest.
    CpiSpi,
    /// `AC + ETC`, the ETC bottom-up: each line's cost on the schedule as
    /// executed at the status date, less what it has cost so far (never
    /// below zero).
    BottomUp,
}

impl EacMethod {
    /// The option's value: `cpi`, `budget_rate`, `cpi_spi` or `bottom_up`;
    /// anything else is `bad_option`.
    pub fn from_option(v: Option<&str>) -> Result<EacMethod, Error> {
        match v {
            None | Some("cpi") => Ok(EacMethod::Cpi),
            Some("budget_rate") => Ok(EacMethod::BudgetRate),
            Some("cpi_spi") => Ok(EacMethod::CpiSpi),
            Some("bottom_up") => Ok(EacMethod::BottomUp),
            Some(s) => Err(Error::calc(
                crate::error::codes::BAD_OPTION,
                Some("eac_method"),
                format!(
                    "option eac_method must be cpi, budget_rate, cpi_spi or bottom_up, not {s:?}"
                ),
            )),
        }
    }
}

/// Options of an earned value run.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvmOptions {
    /// The baseline to measure against (0-10). Absent: baseline 0 where a
    /// plan has one, else the plan as written.
    pub baseline: Option<i64>,
    /// How EAC is forecast.
    pub eac_method: EacMethod,
}

/// Budget at completion, planned value, earned value and actual cost of
/// one task (with its WBS descendants), plan or goal.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Budget at completion.
    pub bac: Money,
    /// Planned value as of the status date.
    pub pv: Money,
    /// Earned value.
    pub ev: Money,
    /// Actual cost as of the status date.
    pub ac: Money,
    /// `EV / PV`, or null when PV is 0.
    pub spi: Option<f64>,
    /// `EV / AC`, or null when AC is 0.
    pub cpi: Option<f64>,
}

/// One task's figures: its own lines and its WBS descendants'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskEv {
    /// The task id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// Whether it is a WBS summary (its figures include its descendants').
    pub summary: bool,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One plan's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanEv {
    /// The plan id.
    pub plan: String,
    /// The baseline its planned value came from, if any.
    pub baseline: Option<i64>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One goal's figures: the work and money serving it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalEv {
    /// The goal id.
    pub goal: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// One month of the S-curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodEv {
    /// `"YYYY-MM"`.
    pub period: String,
    /// Planned value in the month.
    pub pv: Money,
    /// Cumulative planned value through the month.
    pub pv_cum: Money,
    /// Cumulative actual cost through the month; null after the status
    /// date's month.
    pub ac_cum: Option<Money>,
}

/// The result of an earned value run. Money is exact; ratios are `None`
/// (JSON null) where undefined, never NaN or infinite.
#[derive(Debug, Clone, Serialize)]
pub struct EarnedValue {
    /// The status date.
    pub status_date: Date,
    /// The document currency.
    pub currency: String,
    /// The baseline number asked for, if any.
    pub baseline: Option<i64>,
    /// How EAC was forecast.
    pub eac_method: EacMethod,
    /// Budget at completion.
    pub bac: Money,
    /// Planned value.
    pub pv: Money,
    /// Earned value.
    pub ev: Money,
    /// Actual cost.
    pub ac: Money,
    /// Schedule variance `EV − PV`.
    pub sv: Money,
    /// Cost variance `EV − AC`.
    pub cv: Money,
    /// Schedule performance index `EV / PV`.
    pub spi: Option<f64>,
    /// Cost performance index `EV / AC`.
    pub cpi: Option<f64>,
    /// Estimate at completion (see [`EacMethod`]).
    pub eac: Option<Money>,
    /// Estimate to complete `EAC − AC`.
    pub etc: Option<Money>,
    /// Variance at completion `BAC − EAC`.
    pub vac: Option<Money>,
    /// To-complete performance index to meet BAC: `(BAC − EV) / (BAC − AC)`.
    pub tcpi: Option<f64>,
    /// To-complete performance index to meet EAC: `(BAC − EV) / (EAC − AC)`.
    pub tcpi_eac: Option<f64>,
    /// Earned schedule, in working days of the project calendar since the
    /// first planned day.
    pub es_days: f64,
    /// Actual time: working days from the first planned day through the
    /// status date.
    pub at_days: f64,
    /// Planned duration: working days from the first planned day through
    /// the last.
    pub pd_days: f64,
    /// `ES / AT`.
    pub spi_t: Option<f64>,
    /// `ES − AT`, in working days.
    pub sv_t_days: f64,
    /// Independent estimate at completion (time): `PD / SPI(t)`, days.
    pub ieac_t_days: Option<f64>,
    /// To-complete schedule performance index `(PD − ES) / (PD − AT)`.
    pub tspi: Option<f64>,
    /// By task (with the WBS rolled up), tasks with any figure, in
    /// document order.
    pub by_task: Vec<TaskEv>,
    /// By plan, every plan.
    pub by_plan: Vec<PlanEv>,
    /// By goal: the work and money serving each goal (they overlap, as the
    /// budget's per-goal figures do).
    pub by_goal: Vec<GoalEv>,
    /// The S-curve by month.
    pub by_period: Vec<PeriodEv>,
}

/// Where planned value sits in time: one budget line, or one task's
/// baseline cost.
struct Item {
    task: u32,
    plan: u32,
    amount: Decimal,
    win: Window,
    accrual: Accrual,
    /// (month start, month key, amount), in order.
    months: Vec<(i64, String, Decimal)>,
    goals: Vec<String>,
}

impl Item {
    /// Planned value as of instant `t`: the months before `t`'s month, and
    /// the share of `t`'s month before `t` (split as the budget splits).
    fn pv(&self, t: i64, sched: &Schedule) -> Result<Decimal, Error> {
        let mut v = Decimal::ZERO;
        let (a, b) = self.win.bounds();
        for (k, (ms, _, amt)) in self.months.iter().enumerate() {
            let me = self
                .months
                .get(k + 1)
                .map_or(i64::MAX, |m| m.0)
                .min(next_month(*ms)?);
            let part = if me <= t {
                *amt
            } else if *ms >= t {
                Decimal::ZERO
            } else {
                match self.accrual {
                    Accrual::Start => {
                        if self.win.first() < t {
                            *amt
                        } else {
                            Decimal::ZERO
                        }
                    }
                    Accrual::End => {
                        if self.win.last() < t {
                            *amt
                        } else {
                            Decimal::ZERO
                        }
                    }
                    Accrual::Prorated => {
                        let (sa, sb) = (a.max(*ms), b.min(me));
                        if t <= sa {
                            Decimal::ZERO
                        } else if t >= sb {
                            *amt
                        } else {
                            let sub = match self.win {
                                Window::Task { dense, .. } => Window::Task {
                                    dense,
                                    a: sa,
                                    b: sb,
                                },
                                Window::Days { .. } => Window::Days { a: sa, b: sb },
                            };
                            let w: Vec<i64> =
                                sub.pieces(&[t], Some(sched))?.iter().map(|p| p.1).collect();
                            split(*amt, &w)
                                .and_then(|s| s.first().copied())
                                .ok_or_else(|| overflow("pv", "a planned value"))?
                        }
                    }
                }
            };
            v = v
                .checked_add(part)
                .ok_or_else(|| overflow("pv", "planned value"))?;
        }
        Ok(v)
    }
}

fn month_start(key: &str) -> Option<i64> {
    let y: i32 = key.get(..4)?.parse().ok()?;
    let m: u32 = key.get(5..7)?.parse().ok()?;
    Date::from_ymd(y, m, 1).map(|d| to_minutes(d.start_of_day()))
}

fn next_month(ms: i64) -> Result<i64, Error> {
    let (y, m) = crate::budget::phase::month_of(ms)?;
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Ok(Date::from_ymd(y, m, 1).map_or(i64::MAX, |d| to_minutes(d.start_of_day())))
}

/// A percentage as an exact decimal, from its shortest decimal form.
fn pct_decimal(p: f64) -> Decimal {
    Decimal::from_str(&format!("{p}")).unwrap_or(Decimal::ZERO)
}

/// `a / b` as a number, or `None` when `b` is zero or the result is not
/// finite.
fn ratio(a: Decimal, b: Decimal) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    a.checked_div(b)
        .and_then(|q| q.to_f64())
        .filter(|x| x.is_finite())
}

/// The share of a task's budget its progress has earned.
fn credit(task: &crate::model::Task) -> Decimal {
    let Some(p) = task.progress.as_ref() else {
        return Decimal::ZERO;
    };
    let complete = p.actual_finish.is_some() || p.percent_complete >= 100.0;
    let started = complete || p.actual_start.is_some() || p.percent_complete > 0.0;
    match p.ev_method.unwrap_or_default() {
        _ if complete => Decimal::ONE,
        EvMethod::PercentComplete => {
            pct_decimal(p.percent_complete.clamp(0.0, 100.0)) / Decimal::ONE_HUNDRED
        }
        EvMethod::ZeroHundred => Decimal::ZERO,
        EvMethod::FiftyFifty if started => Decimal::new(5, 1),
        EvMethod::FiftyFifty => Decimal::ZERO,
    }
}

/// Each task's credit. A summary with no progress of its own is credited
/// as MS Project rolls up percent complete: the mean of its leaves'
/// credits weighted by their durations (by count when they have none).
/// Each credit is a fraction (numerator, denominator), so that
/// `amount × num / den` divides once, last.
fn credits(model: &Model, plain: &Schedule) -> Vec<(Decimal, Decimal)> {
    let ix = model.index();
    let n = ix.tasks.len();
    let mut c: Vec<(Decimal, Decimal)> = (0..n as u32)
        .map(|t| (credit(model.task(t)), Decimal::ONE))
        .collect();
    // (Σ duration × credit, Σ duration, Σ credit, leaves) per summary
    let mut acc = vec![(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, 0i64); n];
    for &t in ix.wbs_order.iter().rev() {
        let tu = t as usize;
        if ix.is_summary(t) {
            let (wc, w, sc, k) = acc[tu];
            if model.task(t).progress.is_none() && k > 0 {
                c[tu] = if w.is_zero() {
                    (sc, Decimal::from(k))
                } else {
                    (wc, w)
                };
            }
        } else {
            let d = Decimal::from(plain.tasks[tu].duration_min.max(0));
            let x = c[tu].0;
            acc[tu] = (d.saturating_mul(x), d, x, 1);
        }
        let p = ix.task_parent[tu];
        if p != NONE {
            let (a, b) = (acc[tu], &mut acc[p as usize]);
            *b = (
                b.0.saturating_add(a.0),
                b.1.saturating_add(a.1),
                b.2.saturating_add(a.2),
                b.3 + a.3,
            );
        }
    }
    c
}

#[derive(Clone, Copy, Default)]
struct Acc {
    bac: Decimal,
    pv: Decimal,
    ev: Decimal,
    ac: Decimal,
}

impl Acc {
    fn add(&mut self, o: &Acc, id: &str) -> Result<(), Error> {
        let f = |a: Decimal, b: Decimal| {
            a.checked_add(b)
                .ok_or_else(|| overflow(id, "an earned value figure"))
        };
        self.bac = f(self.bac, o.bac)?;
        self.pv = f(self.pv, o.pv)?;
        self.ev = f(self.ev, o.ev)?;
        self.ac = f(self.ac, o.ac)?;
        Ok(())
    }
    fn is_zero(&self) -> bool {
        self.bac.is_zero() && self.pv.is_zero() && self.ev.is_zero() && self.ac.is_zero()
    }
    fn figures(&self) -> Figures {
        Figures {
            bac: Money(self.bac.normalize()),
            pv: Money(self.pv.normalize()),
            ev: Money(self.ev.normalize()),
            ac: Money(self.ac.normalize()),
            spi: ratio(self.ev, self.pv),
            cpi: ratio(self.ev, self.ac),
        }
    }
}

/// The most days the earned schedule walks (about 110 years).
pub const MAX_ES_DAYS: i64 = 40_000;

/// Computes earned value and earned schedule as of the end of
/// `status_date`. Errors as the schedule and budget engines, and
/// `bad_option` for a baseline number outside 0-10, `unknown_baseline`
/// when no plan has the baseline asked for, `horizon_too_long` when the
/// curve spans more than [`MAX_ES_DAYS`] days.
pub fn earned_value(
    model: &Model,
    status_date: Date,
    opts: &EvmOptions,
) -> Result<EarnedValue, Error> {
    earned_value_on(model, status_date, opts, None)
}

/// [`earned_value`] on the plan-as-written schedule the caller already has
/// (the report's), so it is not computed again.
pub(crate) fn earned_value_on(
    model: &Model,
    status_date: Date,
    opts: &EvmOptions,
    given: Option<&Schedule>,
) -> Result<EarnedValue, Error> {
    let doc = model.document();
    let ix = model.index();
    if let Some(n) = opts.baseline {
        if !(0..=crate::validate::MAX_BASELINE).contains(&n) {
            return Err(Error::calc(
                crate::error::codes::BAD_OPTION,
                Some("baseline"),
                format!("option baseline must be within 0..=10, not {n}"),
            ));
        }
        if !doc
            .plans
            .iter()
            .any(|p| p.baselines.iter().any(|b| b.number == n))
        {
            return Err(Error::calc(
                "unknown_baseline",
                Some("baseline"),
                format!("no plan has baseline {n}"),
            ));
        }
    }
    let computed;
    let plain = match given {
        Some(s) => s,
        None => {
            computed = schedule(model, &ScheduleOptions::default())?;
            &computed
        }
    };
    let status = to_minutes(DateOrTime::Date(status_date).as_finish());
    let bud = budget(model, Some(plain), &BudgetOptions::default())?;
    let facts = TaskFacts::new(model);
    let number = opts.baseline.unwrap_or(0);

    // Each task's baseline (cost, start, finish), where its plan has one.
    let n = ix.tasks.len();
    let mut base: Vec<Option<(Decimal, i64, i64)>> = vec![None; n];
    let mut plan_base: Vec<Option<i64>> = vec![None; doc.plans.len()];
    for (pi, plan) in doc.plans.iter().enumerate() {
        let Some(b) = plan.baselines.iter().find(|b| b.number == number) else {
            continue;
        };
        plan_base[pi] = Some(number);
        for bt in &b.tasks {
            if let (Some(t), Some(c), Some(s), Some(f)) = (
                ix.of_kind(&bt.task, EntityKind::Task),
                bt.cost,
                bt.start,
                bt.finish,
            ) {
                base[t as usize] = Some((c.0, to_minutes(s.as_start()), to_minutes(f.as_finish())));
            }
        }
    }
    // A summary's baseline cost includes its descendants': its own share is
    // the rest.
    let mut own_base: Vec<Option<Decimal>> = base.iter().map(|b| b.map(|b| b.0)).collect();
    for (t, b) in base.iter().enumerate() {
        let p = ix.task_parent[t];
        if p != NONE {
            if let (Some(c), Some(po)) = (b.map(|b| b.0), own_base[p as usize].as_mut()) {
                *po = po
                    .checked_sub(c)
                    .ok_or_else(|| overflow(&model.task(t as u32).id, "a baseline cost"))?;
            }
        }
    }

    let task_goals = |t: u32, plan: u32| -> Vec<String> {
        let mut goals: Vec<String> = Vec::new();
        let mut s = facts.sup_up[t as usize];
        while s != NONE {
            goals.extend(model.task(s).supports.iter().cloned());
            let p = ix.task_parent[s as usize];
            s = if p == NONE {
                NONE
            } else {
                facts.sup_up[p as usize]
            };
        }
        goals.extend(doc.plans[plan as usize].supports.iter().cloned());
        goals.retain(|g| ix.of_kind(g, EntityKind::Goal).is_some());
        goals.sort();
        goals.dedup();
        goals
    };

    // Planned value items: baseline tasks, and every line not replaced by
    // a baseline.
    let mut items: Vec<Item> = Vec::new();
    for line in &bud.lines {
        let task = line
            .task
            .as_deref()
            .and_then(|t| ix.of_kind(t, EntityKind::Task))
            .unwrap_or(NONE);
        if task != NONE && base[task as usize].is_some() {
            continue;
        }
        let plan = doc
            .plans
            .iter()
            .position(|p| p.id == line.plan)
            .unwrap_or(0) as u32;
        let (a, b) = (
            to_minutes(line.window_start),
            to_minutes(line.window_finish),
        );
        let win = match (line.phased_by, task) {
            (PhasedBy::Schedule, t) if t != NONE => Window::Task { dense: t, a, b },
            _ => Window::Days { a, b },
        };
        let months = line
            .months
            .iter()
            .filter_map(|(k, v)| month_start(k).map(|ms| (ms, k.clone(), v.0)))
            .collect();
        items.push(Item {
            task,
            plan,
            amount: line.amount.0,
            win,
            accrual: line.accrual,
            months,
            goals: line.goals.clone(),
        });
    }
    for t in 0..n as u32 {
        let (Some((_, a, b)), Some(cost)) = (base[t as usize], own_base[t as usize]) else {
            continue;
        };
        if cost.is_zero() {
            continue;
        }
        let id = &model.task(t).id;
        let win = Window::Task {
            dense: t,
            a,
            b: b.max(a),
        };
        let cuts = win.month_cuts(id)?;
        let pieces = win.pieces(&cuts, Some(plain))?;
        let w: Vec<i64> = pieces.iter().map(|p| p.1).collect();
        let shares = split(cost, &w).ok_or_else(|| overflow(id, "a baseline cost"))?;
        let mut months: Vec<(i64, String, Decimal)> = Vec::new();
        for (p, s) in pieces.iter().zip(shares) {
            let key = crate::budget::phase::month_key(p.0)?;
            let ms = month_start(&key).unwrap_or(p.0);
            match months.last_mut() {
                Some(m) if m.1 == key => m.2 += s,
                _ => months.push((ms, key, s)),
            }
        }
        let plan = ix.tasks[t as usize].0;
        items.push(Item {
            task: t,
            plan,
            amount: cost,
            win,
            accrual: Accrual::Prorated,
            months,
            goals: task_goals(t, plan),
        });
    }

    // Figures per task (own), plan and goal.
    let mut own: Vec<Acc> = vec![Acc::default(); n];
    let mut plans: Vec<Acc> = vec![Acc::default(); doc.plans.len()];
    let mut goals: BTreeMap<String, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    let credits = credits(model, plain);
    for it in &items {
        let pv = it.pv(status, plain)?;
        let ev = if it.task == NONE {
            // A plan-level line is level of effort: it earns what it plans.
            pv
        } else {
            let (num, den) = credits[it.task as usize];
            it.amount
                .checked_mul(num)
                .and_then(|x| x.checked_div(den))
                .ok_or_else(|| overflow(&model.task(it.task).id, "earned value"))?
        };
        let a = Acc {
            bac: it.amount,
            pv,
            ev,
            ac: Decimal::ZERO,
        };
        add_to(
            &a, it.task, it.plan, &it.goals, &mut own, &mut plans, &mut goals, &mut total,
        )?;
    }
    // Actual cost per line, and by month for the S-curve.
    let status_month = crate::budget::phase::month_key(status)?;
    let mut ac_months: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut ac_line: std::collections::HashMap<&str, Decimal> = std::collections::HashMap::new();
    for (pi, plan) in doc.plans.iter().enumerate() {
        for c in &plan.costs {
            let mut ac = Decimal::ZERO;
            let mut put = |month: String, v: Decimal| -> Result<(), Error> {
                let e = ac_months.entry(month).or_default();
                *e = e
                    .checked_add(v)
                    .ok_or_else(|| overflow(&c.id, "actual cost"))?;
                ac = ac
                    .checked_add(v)
                    .ok_or_else(|| overflow(&c.id, "actual cost"))?;
                Ok(())
            };
            if c.actuals.is_empty() {
                if let Some(a) = c.actual {
                    put(status_month.clone(), a.0)?;
                }
            } else {
                for d in c.actuals.iter().filter(|d| d.date <= status_date) {
                    put(
                        crate::budget::phase::month_key(to_minutes(d.date.start_of_day()))?,
                        d.amount.0,
                    )?;
                }
            }
            if ac.is_zero() {
                continue;
            }
            ac_line.insert(c.id.as_str(), ac);
            let task = c
                .task
                .as_deref()
                .and_then(|t| ix.of_kind(t, EntityKind::Task))
                .unwrap_or(NONE);
            let line_goals = bud.line(&c.id).map(|l| l.goals.clone()).unwrap_or_default();
            let a = Acc {
                ac,
                ..Acc::default()
            };
            add_to(
                &a,
                task,
                pi as u32,
                &line_goals,
                &mut own,
                &mut plans,
                &mut goals,
                &mut total,
            )?;
        }
    }

    // The WBS rolled up, children before parents.
    let mut rolled = own.clone();
    for &t in ix.wbs_order.iter().rev() {
        let p = ix.task_parent[t as usize];
        if p != NONE {
            let c = rolled[t as usize];
            rolled[p as usize].add(&c, &model.task(p).id)?;
        }
    }
    let by_task = (0..n)
        .filter(|&t| !rolled[t].is_zero())
        .map(|t| TaskEv {
            id: model.task(t as u32).id.clone(),
            plan: doc.plans[ix.tasks[t].0 as usize].id.clone(),
            summary: ix.is_summary(t as u32),
            figures: rolled[t].figures(),
        })
        .collect();
    let by_plan = doc
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| PlanEv {
            plan: p.id.clone(),
            baseline: plan_base[i],
            figures: plans[i].figures(),
        })
        .collect();
    let by_goal = goals
        .iter()
        .map(|(g, a)| GoalEv {
            goal: g.clone(),
            figures: a.figures(),
        })
        .collect();

    // The S-curve.
    let mut pv_months: BTreeMap<String, Decimal> = BTreeMap::new();
    for it in &items {
        for (_, k, v) in &it.months {
            let e = pv_months.entry(k.clone()).or_default();
            *e = e
                .checked_add(*v)
                .ok_or_else(|| overflow(k, "planned value"))?;
        }
    }
    let mut keys: Vec<&String> = pv_months.keys().chain(ac_months.keys()).collect();
    keys.sort();
    keys.dedup();
    let (mut pv_cum, mut ac_cum) = (Decimal::ZERO, Decimal::ZERO);
    let mut by_period = Vec::with_capacity(keys.len());
    for k in keys {
        let pv = pv_months.get(k).copied().unwrap_or_default();
        pv_cum = pv_cum
            .checked_add(pv)
            .ok_or_else(|| overflow(k, "planned value"))?;
        ac_cum = ac_cum
            .checked_add(ac_months.get(k).copied().unwrap_or_default())
            .ok_or_else(|| overflow(k, "actual cost"))?;
        by_period.push(PeriodEv {
            period: k.clone(),
            pv: Money(pv.normalize()),
            pv_cum: Money(pv_cum.normalize()),
            ac_cum: (*k <= status_month).then_some(Money(ac_cum.normalize())),
        });
    }

    // The cost indices and forecasts.
    let Acc { bac, pv, ev, ac } = total;
    let sub =
        |a: Decimal, b: Decimal, what: &str| a.checked_sub(b).ok_or_else(|| overflow(what, what));
    let (sv, cv) = (sub(ev, pv, "sv")?, sub(ev, ac, "cv")?);
    let (spi, cpi) = (ratio(ev, pv), ratio(ev, ac));
    let rest = sub(bac, ev, "bac - ev")?;
    let eac: Option<Decimal> = match opts.eac_method {
        EacMethod::Cpi => (!ev.is_zero() && !ac.is_zero())
            .then(|| bac.checked_mul(ac).and_then(|x| x.checked_div(ev)))
            .flatten(),
        EacMethod::BudgetRate => ac.checked_add(rest),
        EacMethod::CpiSpi => {
            let k = if ac.is_zero() || pv.is_zero() {
                None
            } else {
                ev.checked_mul(ev)
                    .and_then(|e2| e2.checked_div(ac.checked_mul(pv)?))
            };
            k.filter(|k| !k.is_zero())
                .and_then(|k| rest.checked_div(k))
                .and_then(|r| ac.checked_add(r))
        }
        EacMethod::BottomUp => {
            let exec = schedule(
                model,
                &ScheduleOptions {
                    status_date: Some(status_date),
                    ..Default::default()
                },
            )?;
            let fb = budget(model, Some(&exec), &BudgetOptions::default())?;
            let mut etc = Decimal::ZERO;
            for l in &fb.lines {
                let spent = ac_line.get(l.id.as_str()).copied().unwrap_or_default();
                let left = l
                    .amount
                    .0
                    .checked_sub(spent)
                    .unwrap_or_default()
                    .max(Decimal::ZERO);
                etc = etc
                    .checked_add(left)
                    .ok_or_else(|| overflow(&l.id, "the estimate to complete"))?;
            }
            ac.checked_add(etc)
        }
    };
    let eac = eac.map(|d| d.normalize());
    let etc = eac.and_then(|e| e.checked_sub(ac));
    let vac = eac.and_then(|e| bac.checked_sub(e));
    let tcpi = ratio(rest, sub(bac, ac, "bac - ac")?);
    let tcpi_eac = etc.and_then(|e| ratio(rest, e));

    // Earned schedule, on the project calendar.
    let cal = crate::calendar::project_calendar(model)?;
    let first = items.iter().map(|i| i.win.first()).min();
    let last = items.iter().map(|i| i.win.last()).max();
    let (mut es_days, mut at_days, mut pd_days) = (0.0, 0.0, 0.0);
    if let (Some(first), Some(last)) = (first, last) {
        let day0 = crate::calendar::from_minutes(first)?.date();
        let end = crate::calendar::from_minutes(last)?.date().max(status_date);
        let span = (end.0 - day0.0).num_days();
        if span > MAX_ES_DAYS {
            return Err(Error::calc(
                "horizon_too_long",
                Some("status_date"),
                format!("the earned schedule would walk {span} days; at most {MAX_ES_DAYS}"),
            ));
        }
        // The ends of the working days, from the first planned day.
        let mut ends: Vec<i64> = Vec::new();
        let mut d = day0;
        while d <= end {
            let a = to_minutes(d.start_of_day());
            if cal.between(a, a + 1440)? > 0 {
                ends.push(a + 1440);
            }
            match d.0.succ_opt() {
                Some(x) => d = Date(x),
                None => break,
            }
        }
        let pd = ends.iter().take_while(|&&e| e <= last).count()
            + usize::from(ends.iter().any(|&e| e > last && e - 1440 <= last));
        let pd = pd.min(ends.len());
        let at = ends.iter().take_while(|&&e| e <= status).count();
        let pv_at = |k: usize| -> Result<Decimal, Error> {
            if k == 0 {
                return Ok(Decimal::ZERO);
            }
            let t = ends[k - 1];
            let mut v = Decimal::ZERO;
            for it in &items {
                v = v
                    .checked_add(it.pv(t, plain)?)
                    .ok_or_else(|| overflow("pv", "planned value"))?;
            }
            Ok(v)
        };
        // The last whole day C with PV(C) <= EV (PV never falls as time
        // passes, for lines that are no credits), then the share of day C+1.
        let (mut lo, mut hi) = (0usize, pd);
        if pv_at(pd)? <= ev {
            lo = pd;
        } else {
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if pv_at(mid)? <= ev {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        let mut es = Decimal::from(lo as i64);
        if lo < pd {
            let (p0, p1) = (pv_at(lo)?, pv_at(lo + 1)?);
            if p1 > p0 {
                let share = ev
                    .checked_sub(p0)
                    .zip(p1.checked_sub(p0))
                    .and_then(|(num, den)| num.checked_div(den))
                    .unwrap_or_default();
                es += share.max(Decimal::ZERO).min(Decimal::ONE);
            }
        }
        es_days = es.to_f64().unwrap_or(0.0);
        at_days = at as f64;
        pd_days = pd as f64;
    }
    let spi_t = (at_days > 0.0)
        .then(|| es_days / at_days)
        .filter(|x| x.is_finite());
    let ieac_t_days = spi_t
        .filter(|s| *s > 0.0)
        .map(|s| pd_days / s)
        .filter(|x| x.is_finite());
    let tspi = (pd_days != at_days)
        .then(|| (pd_days - es_days) / (pd_days - at_days))
        .filter(|x| x.is_finite());

    Ok(EarnedValue {
        status_date,
        currency: bud.currency.clone(),
        baseline: opts.baseline,
        eac_method: opts.eac_method,
        bac: Money(bac.normalize()),
        pv: Money(pv.normalize()),
        ev: Money(ev.normalize()),
        ac: Money(ac.normalize()),
        sv: Money(sv.normalize()),
        cv: Money(cv.normalize()),
        spi,
        cpi,
        eac: eac.map(Money),
        etc: etc.map(|d| Money(d.normalize())),
        vac: vac.map(|d| Money(d.normalize())),
        tcpi,
        tcpi_eac,
        es_days,
        at_days,
        pd_days,
        spi_t,
        sv_t_days: es_days - at_days,
        ieac_t_days,
        tspi,
        by_task,
        by_plan,
        by_goal,
        by_period,
    })
}

#[allow(clippy::too_many_arguments)]
fn add_to(
    a: &Acc,
    task: u32,
    plan: u32,
    goal_ids: &[String],
    own: &mut [Acc],
    plans: &mut [Acc],
    goals: &mut BTreeMap<String, Acc>,
    total: &mut Acc,
) -> Result<(), Error> {
    if task != NONE {
        own[task as usize].add(a, "task")?;
    }
    plans[plan as usize].add(a, "plan")?;
    for g in goal_ids {
        goals.entry(g.clone()).or_default().add(a, g)?;
    }
    total.add(a, "total")
}

impl EarnedValue {
    /// Why a top-level figure has its value: the formula and its inputs.
    /// `None` for a field that is not a figure.
    pub fn explain(&self, field: &str) -> Option<Explanation> {
        let m = |x: &Money| x.to_string();
        let r = |x: Option<f64>| x.map_or_else(|| "null".to_string(), |v| v.to_string());
        let (formula, value, inputs): (&str, String, Vec<(&str, String)>) = match field {
            "bac" => ("Σ task baseline costs, or Σ cost lines of the plan as written", m(&self.bac), vec![]),
            "pv" => ("Σ each line's (or baseline task's) budget phased through the end of the status date", m(&self.pv), vec![("status_date", self.status_date.to_string())]),
            "ev" => ("Σ task BAC × credit (percent complete, 0/100 or 50/50); plan-level lines earn their PV", m(&self.ev), vec![]),
            "ac" => ("Σ dated actuals on or before the status date, or each line's undated actual", m(&self.ac), vec![]),
            "sv" => ("EV − PV", m(&self.sv), vec![("ev", m(&self.ev)), ("pv", m(&self.pv))]),
            "cv" => ("EV − AC", m(&self.cv), vec![("ev", m(&self.ev)), ("ac", m(&self.ac))]),
            "spi" => ("EV / PV (null when PV = 0)", r(self.spi), vec![("ev", m(&self.ev)), ("pv", m(&self.pv))]),
            "cpi" => ("EV / AC (null when AC = 0)", r(self.cpi), vec![("ev", m(&self.ev)), ("ac", m(&self.ac))]),
            "eac" => (
                match self.eac_method {
                    EacMethod::Cpi => "BAC / CPI",
                    EacMethod::BudgetRate => "AC + (BAC − EV)",
                    EacMethod::CpiSpi => "AC + (BAC − EV) / (CPI × SPI)",
                    EacMethod::BottomUp => "AC + Σ each line's remaining cost on the schedule as executed",
                },
                self.eac.as_ref().map_or_else(|| "null".into(), m),
                vec![("bac", m(&self.bac)), ("ac", m(&self.ac)), ("ev", m(&self.ev))],
            ),
            "es_days" => ("C + (EV − PV(C)) / (PV(C+1) − PV(C)), C the last working day with PV(C) ≤ EV", self.es_days.to_string(), vec![("ev", m(&self.ev))]),
            "spi_t" => ("ES / AT", r(self.spi_t), vec![("es_days", self.es_days.to_string()), ("at_days", self.at_days.to_string())]),
            "ieac_t_days" => ("PD / SPI(t)", r(self.ieac_t_days), vec![("pd_days", self.pd_days.to_string()), ("spi_t", r(self.spi_t))]),
            _ => return None,
        };
        let mut e = Explanation::new("evm", field, formula, value);
        for (k, v) in inputs {
            e = e.input(k, v, None);
        }
        Some(e)
    }
}
