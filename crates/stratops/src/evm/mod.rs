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

mod compute;

use compute::*;

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
    check_baseline(model, opts)?;
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

    let (base, plan_base, own_base) = baselines(model, number)?;
    let items = planned_items(model, &bud, plain, &facts, &base, &own_base)?;

    let mut sums = planned_and_earned(model, &items, status, plain)?;
    let (status_month, ac_months, ac_line) =
        actual_costs(model, &bud, status, status_date, &mut sums)?;

    let (by_task, by_plan, by_goal) = breakdowns(model, &sums, &plan_base)?;

    let by_period = s_curve(&items, &ac_months, &status_month)?;

    let f = forecast(model, status_date, opts, sums.total, &ac_line)?;
    let Acc { bac, pv, ev, ac } = sums.total;

    let (es_days, at_days, pd_days) =
        earned_schedule(model, &items, plain, ev, status, status_date)?;
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
        sv: Money(f.sv.normalize()),
        cv: Money(f.cv.normalize()),
        spi: f.spi,
        cpi: f.cpi,
        eac: f.eac.map(Money),
        etc: f.etc.map(|d| Money(d.normalize())),
        vac: f.vac.map(|d| Money(d.normalize())),
        tcpi: f.tcpi,
        tcpi_eac: f.tcpi_eac,
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
