//! Budget against actual, and contingency, for the report: a view of the
//! budget engine's result ([`crate::budget::Budget`]), exact, never
//! rounded (the renderers round for display).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{BudgetRow, BudgetSection};
use crate::budget::{budget, BudgetOptions};
use crate::schedule::Schedule;
use crate::values::Money;
use crate::{Error, Model};

fn add(a: Decimal, b: Decimal, id: &str) -> Result<Decimal, Error> {
    a.checked_add(b)
        .ok_or_else(|| Error::calc("overflow", Some(id), "money sum overflows"))
}

fn sub(a: Decimal, b: Decimal, id: &str) -> Result<Decimal, Error> {
    a.checked_sub(b)
        .ok_or_else(|| Error::calc("overflow", Some(id), "money difference overflows"))
}

#[derive(Default)]
struct Acc {
    cap: Option<Decimal>,
    planned: Decimal,
    actual: Decimal,
}

fn row(key: String, a: &Acc) -> Result<BudgetRow, Error> {
    Ok(BudgetRow {
        remaining: Money(sub(a.planned, a.actual, &key)?),
        key,
        cap: a.cap.map(Money),
        planned: Money(a.planned),
        actual: Money(a.actual),
        over_cap: a.cap.is_some_and(|c| a.planned > c),
    })
}

/// Builds the budget section. Plans with neither cost lines nor a cap are
/// left out of `by_plan`; a category's cap is the sum of the caps the plans
/// set for it.
pub(crate) fn section(model: &Model, sched: Option<&Schedule>) -> Result<BudgetSection, Error> {
    let b = budget(model, sched, &BudgetOptions::default())?;
    let doc = model.document();
    let mut by_plan = Vec::new();
    let mut by_cat: BTreeMap<String, Acc> = BTreeMap::new();
    let (mut actual, mut cap_total, mut caps_complete) = (Decimal::ZERO, Decimal::ZERO, true);
    for pv in &b.variance {
        let Some(plan) = doc.plans.iter().find(|p| p.id == pv.plan) else {
            continue;
        };
        let has_lines = !plan.costs.is_empty();
        if !has_lines && plan.budget.is_none() {
            continue;
        }
        match pv.total.budget {
            Some(c) => cap_total = add(cap_total, c.0, &plan.id)?,
            None => caps_complete = false,
        }
        actual = add(actual, pv.total.actual.0, &plan.id)?;
        by_plan.push(row(
            plan.id.clone(),
            &Acc {
                cap: pv.total.budget.map(|m| m.0),
                planned: pv.total.planned.0,
                actual: pv.total.actual.0,
            },
        )?);
        for (cat, v) in &pv.categories {
            let a = by_cat.entry(cat.clone()).or_default();
            a.planned = add(a.planned, v.planned.0, &plan.id)?;
            a.actual = add(a.actual, v.actual.0, &plan.id)?;
            if let Some(c) = v.budget {
                a.cap = Some(add(a.cap.unwrap_or_default(), c.0, &plan.id)?);
            }
        }
    }
    let by_category = by_cat
        .iter()
        .map(|(k, a)| row(k.clone(), a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(BudgetSection {
        currency: b.currency.clone(),
        planned: b.total,
        actual: Money(actual),
        remaining: Money(sub(b.total.0, actual, "total")?),
        cap: (caps_complete && !by_plan.is_empty()).then_some(Money(cap_total)),
        lines: b.lines.len(),
        lines_with_actual: b.lines.iter().filter(|l| l.actual.is_some()).count(),
        by_category,
        by_plan,
        risk_contingency: b.contingency.risk_emv,
        management_reserve: b.contingency.management_reserve,
        contingency: b.contingency.total,
    })
}
