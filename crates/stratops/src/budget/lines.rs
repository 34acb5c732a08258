//! The cost of one line: its amount, its labour rate pieces, its goals,
//! owner and time-phasing.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::phase::{month_key, split, Window};
use super::{LineCost, Months, PhasedBy, RatePiece};
use crate::calendar::{from_minutes, to_minutes};
use crate::error::Error;
use crate::index::{EntityKind, NONE};
use crate::model::{Accrual, CostKind, CostLine, Plan, Resource};
use crate::schedule::Schedule;
use crate::values::{Date, Money};
use crate::Model;

pub(crate) fn overflow(id: &str, what: &str) -> Error {
    Error::calc(
        "overflow",
        Some(id),
        format!("{what} exceeds the range of an exact decimal (about 7.9e28)"),
    )
}

fn neg(m: Option<Money>) -> bool {
    m.is_some_and(|m| m.0.is_sign_negative() && !m.0.is_zero())
}

/// Per-task facts walked once over the WBS, parents first, without
/// recursion: the nearest ancestor-or-self that supports goals, and the
/// nearest that has an owner.
pub(crate) struct TaskFacts {
    pub sup_up: Vec<u32>,
    pub owner_up: Vec<u32>,
}

impl TaskFacts {
    pub(crate) fn new(model: &Model) -> TaskFacts {
        let ix = model.index();
        let n = ix.tasks.len();
        let mut sup_up = vec![NONE; n];
        let mut owner_up = vec![NONE; n];
        for &t in &ix.wbs_order {
            let task = model.task(t);
            let p = ix.task_parent[t as usize];
            let (ps, po) = if p == NONE {
                (NONE, NONE)
            } else {
                (sup_up[p as usize], owner_up[p as usize])
            };
            sup_up[t as usize] = if task.supports.is_empty() { ps } else { t };
            owner_up[t as usize] = if task.owner.is_some() { t } else { po };
        }
        TaskFacts { sup_up, owner_up }
    }
}

/// Computes one line, and returns it with its task's dense index. `stamp`
/// is scratch space for de-duplicating goals.
pub(crate) fn line_cost(
    model: &Model,
    sched: Option<&Schedule>,
    facts: &TaskFacts,
    plan: &Plan,
    c: &CostLine,
    stamp: &mut [u32],
    line_no: u32,
) -> Result<(LineCost, Option<u32>), Error> {
    let cx = LineCx {
        model,
        sched,
        plan,
        c,
        doc_cur: model.document().currency(),
    };
    check_currency(&cx)?;
    check_signs(c)?;
    let task = line_task(&cx, line_no)?;
    let (window, phased_by) = line_window(&cx, task)?;
    let Amount {
        amount,
        formula,
        hours,
        rates,
        labour_months,
    } = line_amount(&cx, task, window)?;
    let goals = line_goals(&cx, facts, task, stamp, line_no);
    let owner = line_owner(&cx, facts, task);
    let months = phase(&cx, amount, window, labour_months)?;
    let (a, b) = window.bounds();
    let line = LineCost {
        id: c.id.clone(),
        plan: plan.id.clone(),
        task: c.task.clone(),
        category: c.category.clone(),
        kind: c.kind,
        resource: c.resource.clone(),
        owner,
        amount: Money(amount),
        actual: line_actual(c)?,
        accrual: c.accrual,
        credit: c.credit,
        hours,
        rates,
        formula,
        goals,
        phased_by,
        window_start: from_minutes(a)?,
        // A horizon ending on 9999-12-31 ends past the last representable
        // minute; its last minute stands in.
        window_finish: from_minutes(b).or_else(|_| from_minutes(window.last()))?,
        months,
    };
    Ok((line, task))
}

/// The model, schedule, plan and line every step of a line's cost reads.
struct LineCx<'a> {
    model: &'a Model,
    sched: Option<&'a Schedule>,
    plan: &'a Plan,
    c: &'a CostLine,
    /// The document's currency.
    doc_cur: &'a str,
}

/// Refuses a line in another currency than the document's
/// (`currency_mismatch`).
fn check_currency(cx: &LineCx) -> Result<(), Error> {
    if let Some(cur) = &cx.c.currency {
        if cur != cx.doc_cur {
            return Err(Error::calc(
                "currency_mismatch",
                Some(&cx.c.id),
                format!("the line is in {cur}, the document in {}", cx.doc_cur),
            ));
        }
    }
    Ok(())
}

/// Refuses a negative amount, hours, quantity or unit price on a line that
/// is not a credit (`negative_amount`).
fn check_signs(c: &CostLine) -> Result<(), Error> {
    if !c.credit {
        for (f, v) in [
            ("amount", c.amount),
            ("hours", c.hours),
            ("quantity", c.quantity),
            ("unit_price", c.unit_price),
        ] {
            if neg(v) {
                return Err(Error::calc(
                    "negative_amount",
                    Some(&c.id),
                    format!("{f} is negative; set \"credit\": true for a credit line"),
                ));
            }
        }
    }
    Ok(())
}

/// The dense index of the line's task. Validation resolved it; the id is
/// looked up only if the index lacks it.
fn line_task(cx: &LineCx, line_no: u32) -> Result<Option<u32>, Error> {
    let c = cx.c;
    let ix = cx.model.index();
    Ok(match &c.task {
        Some(t) => Some(
            ix.cost_task
                .get(line_no as usize)
                .copied()
                .filter(|&d| d != crate::index::NONE)
                .or_else(|| ix.task(t))
                .ok_or_else(|| {
                    Error::calc("unknown_task", Some(&c.id), format!("no task {t:?}"))
                })?,
        ),
        None => None,
    })
}

/// The window: the scheduled task, or the plan's horizon.
fn line_window(cx: &LineCx, task: Option<u32>) -> Result<(Window, PhasedBy), Error> {
    Ok(match (task, cx.sched) {
        (Some(t), Some(s)) => {
            let tt = s.tasks.get(t as usize).ok_or_else(|| {
                Error::calc(
                    "schedule_mismatch",
                    Some(&cx.c.id),
                    "the schedule does not belong to this model",
                )
            })?;
            let (a, b) = (to_minutes(tt.start), to_minutes(tt.finish));
            (
                Window::Task {
                    dense: t,
                    a,
                    b: b.max(a),
                },
                PhasedBy::Schedule,
            )
        }
        _ => (
            Window::horizon(cx.plan.horizon.start, cx.plan.horizon.end),
            PhasedBy::Horizon,
        ),
    })
}

/// The `missing_cost_field` error for field `f` of line `c`.
fn missing(c: &CostLine, f: &str) -> Error {
    Error::calc(
        "missing_cost_field",
        Some(&c.id),
        format!("a {f} is needed"),
    )
}

/// A line's amount and how it was reached.
struct Amount {
    amount: Decimal,
    formula: String,
    /// The hours of a labour line.
    hours: Option<Money>,
    /// The rate pieces of a labour line.
    rates: Vec<RatePiece>,
    /// Each labour piece's start and cost, for a prorated labour line.
    labour_months: Option<Vec<(i64, Decimal)>>,
}

/// The line's amount by its kind: fixed, quantity × unit price, or labour.
fn line_amount(cx: &LineCx, task: Option<u32>, window: Window) -> Result<Amount, Error> {
    let (c, doc_cur) = (cx.c, cx.doc_cur);
    let (amount, formula) = match c.kind {
        CostKind::Fixed => {
            let a = c.amount.ok_or_else(|| missing(c, "amount"))?.0;
            (a, format!("{a} {doc_cur} (fixed)"))
        }
        CostKind::Unit => {
            let q = c.quantity.ok_or_else(|| missing(c, "quantity"))?.0;
            let p = c.unit_price.ok_or_else(|| missing(c, "unit_price"))?.0;
            let a = q
                .checked_mul(p)
                .ok_or_else(|| overflow(&c.id, "quantity × unit price"))?;
            (a, format!("{q} × {p} {doc_cur}"))
        }
        CostKind::Labour => return labour_amount(cx, task, window),
    };
    Ok(Amount {
        amount,
        formula,
        hours: None,
        rates: Vec::new(),
        labour_months: None,
    })
}

/// A labour line's amount: its hours (given, or its resource's assignment
/// hours on its task) priced at the rates in force.
fn labour_amount(cx: &LineCx, task: Option<u32>, window: Window) -> Result<Amount, Error> {
    let c = cx.c;
    let rid = c
        .resource
        .as_deref()
        .ok_or_else(|| missing(c, "resource"))?;
    let res = resource(cx.model, rid).ok_or_else(|| {
        Error::calc(
            "unknown_resource",
            Some(&c.id),
            format!("no resource {rid:?}"),
        )
    })?;
    let h = match (c.hours, task) {
        (Some(h), _) => h.0,
        (None, Some(t)) => assignment_hours(cx.model, t, rid, &c.id)?,
        (None, None) => return Err(missing(c, "hours")),
    };
    // A prorated labour line is cut at month starts and rate changes
    // at once, so its hours are split only once (see `labour`).
    let month_cuts = if c.accrual == Accrual::Prorated {
        window.month_cuts(&c.id)?
    } else {
        Vec::new()
    };
    let (a, pieces, by_piece) = labour(c, res, h, window, cx.sched, &month_cuts)?;
    let labour_months = if c.accrual == Accrual::Prorated {
        Some(by_piece)
    } else {
        None
    };
    Ok(Amount {
        amount: a,
        formula: labour_formula(&pieces, rid, cx.doc_cur),
        hours: Some(Money(h)),
        rates: pieces,
        labour_months,
    })
}

/// The formula of a labour line: one `hours × rate` term per rate piece.
fn labour_formula(pieces: &[RatePiece], rid: &str, doc_cur: &str) -> String {
    pieces
        .iter()
        .map(|p| {
            let from = match p.from {
                Some(d) => format!(" from {d}"),
                None => String::new(),
            };
            format!(
                "{} h × {} {doc_cur}/h (rate of resource {rid}{from})",
                p.hours, p.rate
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Goals: the line's own, its task's and the task's ancestors', its
/// plan's; each once, sorted.
fn line_goals(
    cx: &LineCx,
    facts: &TaskFacts,
    task: Option<u32>,
    stamp: &mut [u32],
    line_no: u32,
) -> Vec<String> {
    let ix = cx.model.index();
    let mut goals: Vec<String> = Vec::new();
    let mut add_goal = |g: &str, goals: &mut Vec<String>| {
        if let Some(d) = ix.of_kind(g, EntityKind::Goal) {
            if stamp[d as usize] != line_no {
                stamp[d as usize] = line_no;
                goals.push(g.to_string());
            }
        }
    };
    for g in &cx.c.supports {
        add_goal(g, &mut goals);
    }
    if let Some(t) = task {
        let mut s = facts.sup_up[t as usize];
        while s != NONE {
            for g in &cx.model.task(s).supports {
                add_goal(g, &mut goals);
            }
            let p = ix.task_parent[s as usize];
            s = if p == NONE {
                NONE
            } else {
                facts.sup_up[p as usize]
            };
        }
    }
    for g in &cx.plan.supports {
        add_goal(g, &mut goals);
    }
    goals.sort();
    goals
}

/// The owner: the nearest owned task at or above the line's task, else
/// the plan's owner.
fn line_owner(cx: &LineCx, facts: &TaskFacts, task: Option<u32>) -> Option<String> {
    task.map(|t| facts.owner_up[t as usize])
        .filter(|&o| o != NONE)
        .and_then(|o| cx.model.task(o).owner.clone())
        .or_else(|| cx.plan.owner.clone())
}

/// Phasing by month: at the window's start or end, by the labour pieces,
/// or pro rata by working time.
fn phase(
    cx: &LineCx,
    amount: Decimal,
    window: Window,
    labour_months: Option<Vec<(i64, Decimal)>>,
) -> Result<Months, Error> {
    let c = cx.c;
    let mut months = Months::default();
    match c.accrual {
        Accrual::Start => {
            months.add(month_key(window.first())?, Money(amount));
        }
        Accrual::End => {
            months.add(month_key(window.last())?, Money(amount));
        }
        Accrual::Prorated if labour_months.is_some() => {
            for (t, v) in labour_months.unwrap_or_default() {
                months
                    .add(month_key(t)?, Money(v))
                    .ok_or_else(|| overflow(&c.id, "a monthly share"))?;
            }
        }
        Accrual::Prorated => {
            let cuts = window.month_cuts(&c.id)?;
            let pieces = window.pieces(&cuts, cx.sched)?;
            let w: Vec<i64> = pieces.iter().map(|p| p.1).collect();
            let shares = split(amount, &w).ok_or_else(|| overflow(&c.id, "a monthly share"))?;
            for (p, s) in pieces.iter().zip(shares) {
                if p.1 > 0 {
                    months
                        .add(month_key(p.0)?, Money(s))
                        .ok_or_else(|| overflow(&c.id, "a monthly share"))?;
                }
            }
        }
    }
    Ok(months)
}

/// The line's actual: its dated actuals summed when given (validation
/// checks that an `actual` beside them agrees), else its `actual`.
fn line_actual(c: &CostLine) -> Result<Option<Money>, Error> {
    if c.actuals.is_empty() {
        return Ok(c.actual);
    }
    let mut sum = Decimal::ZERO;
    for a in &c.actuals {
        sum = sum
            .checked_add(a.amount.0)
            .ok_or_else(|| overflow(&c.id, "the actuals"))?;
    }
    Ok(Some(Money(sum)))
}

fn resource<'m>(model: &'m Model, id: &str) -> Option<&'m Resource> {
    let dense = model
        .index()
        .of_kind(id, crate::index::EntityKind::Resource)?;
    model.document().resources.get(dense as usize)
}

/// The hours of a resource's assignments on a task, summed.
fn assignment_hours(model: &Model, t: u32, rid: &str, line: &str) -> Result<Decimal, Error> {
    let task = model.task(t);
    let mut total: Option<Decimal> = None;
    for a in task.assignments.iter().filter(|a| a.resource == rid) {
        if let Some(h) = a.hours {
            let d = Decimal::from_str(&h.to_string()).map_err(|_| {
                Error::calc(
                    "bad_hours",
                    Some(line),
                    format!(
                        "the assignment hours {h} of {rid} on {} cannot be read exactly",
                        task.id
                    ),
                )
            })?;
            total = Some(
                total
                    .unwrap_or_default()
                    .checked_add(d)
                    .ok_or_else(|| overflow(line, "the assignment hours"))?,
            );
        }
    }
    total.ok_or_else(|| {
        Error::calc(
            "missing_hours",
            Some(line),
            format!(
                "the line gives no hours and task {} has no assignment of {rid} with hours",
                task.id
            ),
        )
    })
}

/// Hours × the rate in force, split pro rata by working time on each side
/// of every rate change inside the window, and of every cut in `extra`
/// (month starts, for a prorated line). The hours are split once over all
/// pieces, so a monthly share is a sum of `hours piece × rate` and needs no
/// second split. Returns the amount, the pieces grouped by rate, and each
/// piece's start and cost.
type LabourCost = (Decimal, Vec<RatePiece>, Vec<(i64, Decimal)>);

fn labour(
    c: &CostLine,
    res: &Resource,
    hours: Decimal,
    window: Window,
    sched: Option<&Schedule>,
    extra: &[i64],
) -> Result<LabourCost, Error> {
    let mut rates: Vec<(Option<Date>, Money)> =
        res.rates.iter().map(|r| (r.from, r.standard)).collect();
    rates.sort_by_key(|r| r.0);
    let mut cuts: Vec<i64> = rates
        .iter()
        .filter_map(|r| r.0)
        .map(|d| to_minutes(d.start_of_day()))
        .chain(extra.iter().copied())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let in_force = |t: i64| -> Option<(Option<Date>, Money)> {
        rates
            .iter()
            .rev()
            .find(|r| r.0.is_none_or(|d| to_minutes(d.start_of_day()) <= t))
            .copied()
    };
    let pieces = window.pieces(&cuts, sched)?;
    let pieces: Vec<(i64, i64)> = pieces.into_iter().filter(|p| p.1 > 0).collect();
    let w: Vec<i64> = pieces.iter().map(|p| p.1).collect();
    let shares = if pieces.len() == 1 {
        vec![hours]
    } else {
        split(hours, &w).ok_or_else(|| overflow(&c.id, "the hours"))?
    };
    let mut total = Decimal::ZERO;
    let mut grouped: Vec<RatePiece> = Vec::new();
    let mut by_piece = Vec::with_capacity(pieces.len());
    for (p, h) in pieces.iter().zip(shares) {
        let (from, rate) = in_force(p.0).ok_or_else(|| {
            let when = from_minutes(p.0)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            Error::calc(
                "missing_rate",
                Some(&c.id),
                format!("resource {} has no rate in force on {when}", res.id),
            )
        })?;
        let cost = h
            .checked_mul(rate.0)
            .ok_or_else(|| overflow(&c.id, "hours × rate"))?;
        total = total
            .checked_add(cost)
            .ok_or_else(|| overflow(&c.id, "the labour cost"))?;
        by_piece.push((p.0, cost));
        match grouped.last_mut() {
            Some(g) if g.from == from && g.rate == rate => {
                g.hours.0 = g
                    .hours
                    .0
                    .checked_add(h)
                    .ok_or_else(|| overflow(&c.id, "the hours"))?;
                g.cost.0 = g
                    .cost
                    .0
                    .checked_add(cost)
                    .ok_or_else(|| overflow(&c.id, "the labour cost"))?;
            }
            _ => grouped.push(RatePiece {
                from,
                rate,
                hours: Money(h),
                cost: Money(cost),
            }),
        }
    }
    Ok((total, grouped, by_piece))
}
