//! Budget against actual, and contingency, for the report.
//!
//! This is a small adapter that prices cost lines itself (see
//! [`super::BudgetSection`]); the full budget engine (time-phasing,
//! per-goal attribution, rounding policy) lives in its own module. The
//! figures here are exact sums, never rounded.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::BudgetRow;
use super::BudgetSection;
use crate::model::{CostKind, CostLine};
use crate::risk::RiskRegister;
use crate::schedule::Schedule;
use crate::values::{Date, Money};
use crate::{Error, Model};

fn add(a: Decimal, b: Decimal, id: &str) -> Result<Decimal, Error> {
    a.checked_add(b)
        .ok_or_else(|| Error::calc("overflow", Some(id), "money sum overflows"))
}

fn mul(a: Decimal, b: Decimal, id: &str) -> Result<Decimal, Error> {
    a.checked_mul(b)
        .ok_or_else(|| Error::calc("overflow", Some(id), "money product overflows"))
}

/// The planned cost of one line, or `None` when it cannot be priced.
fn planned(
    model: &Model,
    sched: Option<&Schedule>,
    line: &CostLine,
    plan_start: Date,
) -> Result<Option<Decimal>, Error> {
    let id = line.id.as_str();
    Ok(match line.kind {
        CostKind::Fixed => line.amount.map(|m| m.0),
        CostKind::Unit => match (line.quantity, line.unit_price) {
            (Some(q), Some(p)) => Some(mul(q.0, p.0, id)?),
            _ => None,
        },
        CostKind::Labour => {
            let Some(res_id) = line.resource.as_deref() else {
                return Ok(None);
            };
            let doc = model.document();
            let Some(res) = doc.resources.iter().find(|r| r.id == res_id) else {
                return Ok(None);
            };
            let task = line
                .task
                .as_deref()
                .and_then(|t| model.index().task(t).map(|d| (d, model.task(d))));
            let hours = match line.hours {
                Some(h) => Some(h.0),
                None => {
                    let mut sum = None;
                    if let Some((_, t)) = task {
                        for a in t.assignments.iter().filter(|a| a.resource == res_id) {
                            if let Some(h) = a.hours {
                                let h = Decimal::from_str_exact(&h.to_string()).ok();
                                sum = match (sum, h) {
                                    (None, h) => h,
                                    (Some(s), Some(h)) => Some(add(s, h, id)?),
                                    (s, None) => s,
                                };
                            }
                        }
                    }
                    sum
                }
            };
            let Some(hours) = hours else {
                return Ok(None);
            };
            let on = task
                .and_then(|(d, _)| sched.and_then(|s| s.tasks.get(d as usize)))
                .map(|t| t.start.date())
                .unwrap_or(plan_start);
            // the rate in effect on that day: the latest `from` on or before it
            let rate = res
                .rates
                .iter()
                .filter(|r| r.from.is_none_or(|f| f <= on))
                .max_by_key(|r| r.from)
                .map(|r| r.standard.0);
            match rate {
                Some(r) => Some(mul(hours, r, id)?),
                None => None,
            }
        }
    })
}

#[derive(Default)]
struct Acc {
    cap: Option<Money>,
    planned: Decimal,
    actual: Decimal,
}

fn sub(a: Decimal, b: Decimal, id: &str) -> Result<Decimal, Error> {
    a.checked_sub(b)
        .ok_or_else(|| Error::calc("overflow", Some(id), "money difference overflows"))
}

fn row(key: String, a: &Acc) -> Result<BudgetRow, Error> {
    Ok(BudgetRow {
        remaining: Money(sub(a.planned, a.actual, &key)?),
        key,
        cap: a.cap,
        planned: Money(a.planned),
        actual: Money(a.actual),
        over_cap: a.cap.is_some_and(|c| a.planned > c.0),
    })
}

/// Builds the budget section.
pub(crate) fn section(
    model: &Model,
    sched: Option<&Schedule>,
    risks: &RiskRegister,
) -> Result<BudgetSection, Error> {
    let doc = model.document();
    let mut by_cat: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_plan: Vec<BudgetRow> = Vec::new();
    let (mut planned_total, mut actual_total) = (Decimal::ZERO, Decimal::ZERO);
    let mut reserve = Decimal::ZERO;
    let mut lines = 0;
    let mut with_actual = 0;
    let mut unpriced = Vec::new();
    let mut caps_complete = true;
    let mut cap_total = Decimal::ZERO;
    for plan in &doc.plans {
        if plan.costs.is_empty() && plan.budget.is_none() {
            continue;
        }
        let mut pa = Acc {
            cap: plan.budget,
            ..Acc::default()
        };
        match plan.budget {
            Some(b) => cap_total = add(cap_total, b.0, &plan.id)?,
            None => caps_complete = false,
        }
        for line in &plan.costs {
            lines += 1;
            let amount = match planned(model, sched, line, plan.horizon.start)? {
                Some(a) => a,
                None => {
                    unpriced.push(line.id.clone());
                    Decimal::ZERO
                }
            };
            let actual = line.actual.map(|m| m.0).unwrap_or_default();
            if line.actual.is_some() {
                with_actual += 1;
            }
            let cat = by_cat.entry(line.category.clone()).or_default();
            cat.planned = add(cat.planned, amount, &line.id)?;
            cat.actual = add(cat.actual, actual, &line.id)?;
            pa.planned = add(pa.planned, amount, &line.id)?;
            pa.actual = add(pa.actual, actual, &line.id)?;
        }
        for (cat, cap) in &plan.category_budgets {
            let c = by_cat.entry(cat.clone()).or_default();
            c.cap = Some(Money(add(
                c.cap.map(|m| m.0).unwrap_or_default(),
                cap.0,
                &plan.id,
            )?));
        }
        if let Some(pct) = plan.management_reserve_pct {
            let r = mul(pa.planned, pct.0, &plan.id)? / Decimal::ONE_HUNDRED;
            reserve = add(reserve, r, &plan.id)?;
        }
        planned_total = add(planned_total, pa.planned, &plan.id)?;
        actual_total = add(actual_total, pa.actual, &plan.id)?;
        by_plan.push(row(plan.id.clone(), &pa)?);
    }
    let risk_contingency = risks.total_exposure_money.0;
    let by_category = by_cat
        .iter()
        .map(|(k, a)| row(k.clone(), a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BudgetSection {
        currency: doc.currency().to_string(),
        planned: Money(planned_total),
        actual: Money(actual_total),
        remaining: Money(sub(planned_total, actual_total, "total")?),
        cap: (caps_complete && !by_plan.is_empty()).then_some(Money(cap_total)),
        lines,
        lines_with_actual: with_actual,
        by_category,
        by_plan,
        risk_contingency: Money(risk_contingency),
        management_reserve: Money(reserve),
        contingency: Money(add(risk_contingency, reserve, "contingency")?),
        unpriced,
    })
}
