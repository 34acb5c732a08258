//! Contingency, variance, presentation and explanations of a [`Budget`].

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::lines::overflow;
use super::{
    Budget, Contingency, LineCost, PlanContingency, PlanVariance, RiskEmv, TaskCost, Variance,
    UNOWNED,
};
use crate::error::Error;
use crate::explain::Explanation;
use crate::model::CostKind;
use crate::risk::probability_decimal;
use crate::values::Money;
use crate::Model;

/// The probability of a 1-5 likelihood as an exact decimal (0.1 ... 0.9),
/// from the risk register's scale.
pub(crate) fn likelihood_probability_decimal(l: u8) -> Option<Decimal> {
    crate::risk::likelihood_probability(l).and_then(crate::risk::probability_decimal)
}

pub(crate) fn contingency(
    model: &Model,
    by_plan: &BTreeMap<String, Money>,
) -> Result<Contingency, Error> {
    let mut risks = Vec::new();
    let mut plans = Vec::new();
    let (mut emv_all, mut reserve_all) = (Decimal::ZERO, Decimal::ZERO);
    for plan in &model.document().plans {
        let mut emv_plan = Decimal::ZERO;
        for r in &plan.risks {
            let Some(cost) = r.impact.cost else { continue };
            let (p, src) = match (r.probability, r.likelihood) {
                (Some(p), _) => (
                    probability_decimal(p).ok_or_else(|| {
                        Error::calc(
                            "bad_probability",
                            Some(&r.id),
                            format!("probability {p} cannot be read as a decimal"),
                        )
                    })?,
                    "probability",
                ),
                (None, Some(l)) => (
                    likelihood_probability_decimal(l).ok_or_else(|| {
                        Error::calc("bad_score", Some(&r.id), "likelihood must be 1..=5")
                    })?,
                    "likelihood",
                ),
                (None, None) => continue,
            };
            let emv = p
                .checked_mul(cost.0)
                .ok_or_else(|| overflow(&r.id, "probability × cost impact"))?;
            emv_plan = emv_plan
                .checked_add(emv)
                .ok_or_else(|| overflow(&r.id, "the plan's risk contingency"))?;
            risks.push(RiskEmv {
                id: r.id.clone(),
                plan: plan.id.clone(),
                probability: Money(p),
                probability_source: src.to_string(),
                cost_impact: cost,
                emv: Money(emv),
            });
        }
        let base = by_plan.get(&plan.id).copied().unwrap_or_default();
        let reserve = match plan.management_reserve_pct {
            Some(pct) => pct
                .0
                .checked_mul(base.0)
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                .ok_or_else(|| overflow(&plan.id, "the management reserve"))?,
            None => Decimal::ZERO,
        };
        let total = emv_plan
            .checked_add(reserve)
            .ok_or_else(|| overflow(&plan.id, "the plan's contingency"))?;
        emv_all = emv_all
            .checked_add(emv_plan)
            .ok_or_else(|| overflow(&plan.id, "the risk contingency"))?;
        reserve_all = reserve_all
            .checked_add(reserve)
            .ok_or_else(|| overflow(&plan.id, "the management reserve"))?;
        plans.push(PlanContingency {
            plan: plan.id.clone(),
            risk_emv: Money(emv_plan),
            reserve_pct: plan.management_reserve_pct,
            management_reserve: Money(reserve),
            total: Money(total),
        });
    }
    let total = emv_all
        .checked_add(reserve_all)
        .ok_or_else(|| overflow("contingency", "the contingency"))?;
    Ok(Contingency {
        risk_emv: Money(emv_all),
        management_reserve: Money(reserve_all),
        total: Money(total),
        plans,
        risks,
    })
}

fn variance_of(
    budget: Option<Money>,
    planned: Decimal,
    actual: Decimal,
    id: &str,
    rounding: RoundingStrategy,
) -> Result<Variance, Error> {
    let sub = |b: Money, x: Decimal| {
        b.0.checked_sub(x)
            .map(Money)
            .ok_or_else(|| overflow(id, "the variance"))
    };
    let percent = match budget {
        Some(b) if !b.0.is_zero() => Some(Money(
            actual
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(b.0))
                .ok_or_else(|| overflow(id, "the percentage spent"))?
                .round_dp_with_strategy(2, rounding),
        )),
        _ => None,
    };
    Ok(Variance {
        budget,
        planned: Money(planned),
        actual: Money(actual),
        variance: budget.map(|b| sub(b, actual)).transpose()?,
        planned_variance: budget.map(|b| sub(b, planned)).transpose()?,
        percent_spent: percent,
    })
}

pub(crate) fn variance(
    model: &Model,
    lines: &[LineCost],
    rounding: RoundingStrategy,
) -> Result<Vec<PlanVariance>, Error> {
    let plans = &model.document().plans;
    // Each plan's lines, found in one pass over the lines.
    let at: std::collections::HashMap<&str, usize> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut of_plan: Vec<Vec<&LineCost>> = vec![Vec::new(); plans.len()];
    for l in lines {
        if let Some(&i) = at.get(l.plan.as_str()) {
            of_plan[i].push(l);
        }
    }
    let mut out = Vec::new();
    for (plan, plan_lines) in plans.iter().zip(of_plan) {
        let (mut planned, mut actual) = (Decimal::ZERO, Decimal::ZERO);
        let mut cats: BTreeMap<&str, (Decimal, Decimal)> = plan
            .category_budgets
            .keys()
            .map(|k| (k.as_str(), (Decimal::ZERO, Decimal::ZERO)))
            .collect();
        for l in plan_lines {
            let a = l.actual.unwrap_or_default().0;
            let add = |x: Decimal, y: Decimal| {
                x.checked_add(y)
                    .ok_or_else(|| overflow(&l.id, "a plan's spend"))
            };
            planned = add(planned, l.amount.0)?;
            actual = add(actual, a)?;
            let c = cats.entry(l.category.as_str()).or_default();
            c.0 = add(c.0, l.amount.0)?;
            c.1 = add(c.1, a)?;
        }
        let mut categories = BTreeMap::new();
        for (k, (p, a)) in cats {
            let cap = plan.category_budgets.get(k).copied();
            categories.insert(k.to_string(), variance_of(cap, p, a, &plan.id, rounding)?);
        }
        out.push(PlanVariance {
            plan: plan.id.clone(),
            total: variance_of(plan.budget, planned, actual, &plan.id, rounding)?,
            categories,
        });
    }
    Ok(out)
}

/// The data the alignment report needs: how much of the budget serves at
/// least one goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignedShare {
    /// The base total.
    pub total: Money,
    /// Σ of the lines that support at least one goal.
    pub aligned: Money,
    /// `aligned / total` (exact to 28 digits), absent when the total is 0.
    pub share: Option<Money>,
    /// The lines that support no goal, directly or through their task, its
    /// ancestors or their plan.
    pub unaligned_lines: Vec<String>,
}

type ByMap<'a> = (
    &'a str,
    &'a BTreeMap<String, Money>,
    &'a dyn Fn(&LineCost) -> bool,
    &'a str,
);

fn sum_expl<'a>(
    id: &str,
    quantity: &str,
    result: Money,
    parts: impl Iterator<Item = (&'a str, Money)>,
    note: &str,
) -> Explanation {
    let parts: Vec<(&str, Money)> = parts.collect();
    let terms = parts
        .iter()
        .map(|(_, m)| m.to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    let formula = if parts.is_empty() {
        "no lines".to_string()
    } else {
        format!("Σ of {} line(s): {terms}{note}", parts.len())
    };
    let mut e = Explanation::new(id, quantity, formula, result.to_string());
    for (src, m) in parts {
        e = e.input(src, m.to_string(), Some(src));
    }
    e
}

impl Budget {
    /// Rounds an amount to the currency's minor units with the run's
    /// rounding strategy, keeping trailing zeros (`5000` gives `5000.00`).
    pub fn round(&self, m: &Money) -> Money {
        let mut d = m.0.round_dp_with_strategy(self.minor_units, self.rounding);
        d.rescale(self.minor_units);
        Money(d)
    }

    /// Rounds and formats an amount with thousands separators and the
    /// currency code: `12,800.00 USD`.
    pub fn format(&self, m: &Money) -> String {
        let s = self.round(m).to_string();
        let (sign, s) = match s.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", s.as_str()),
        };
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        match frac {
            Some(f) => format!("{sign}{grouped}.{f} {}", self.currency),
            None => format!("{sign}{grouped} {}", self.currency),
        }
    }

    /// The line with an id.
    pub fn line(&self, id: &str) -> Option<&LineCost> {
        self.lines.iter().find(|l| l.id == id)
    }

    /// How much of the base total supports at least one goal, and which
    /// lines support none.
    pub fn aligned_share(&self) -> Result<AlignedShare, Error> {
        self.aligned_share_by(|_| true)
    }

    /// How much of the base total supports at least one goal for which
    /// `counts` holds (for example "ladders up to a strategic goal"), and
    /// which lines support no such goal.
    ///
    /// # Example
    /// ```
    /// let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{"id": "p",
    ///   "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-01-31"},
    ///   "goals": [{"id": "g", "name": "G"}, {"id": "h", "name": "H"}],
    ///   "costs": [{"id": "a", "category": "x", "kind": "fixed", "amount": "30", "supports": ["g"]},
    ///             {"id": "b", "category": "x", "kind": "fixed", "amount": "10", "supports": ["h"]}]}]}"#)?;
    /// let b = stratops::budget::budget(&model, None, &Default::default())?;
    /// let s = b.aligned_share_by(|goal| goal == "g")?;
    /// assert_eq!(s.aligned.to_string(), "30");
    /// assert_eq!(s.share.unwrap().to_string(), "0.75");
    /// assert_eq!(s.unaligned_lines, vec!["b".to_string()]);
    /// # Ok::<(), stratops::Error>(())
    /// ```
    pub fn aligned_share_by(&self, counts: impl Fn(&str) -> bool) -> Result<AlignedShare, Error> {
        let mut aligned = Decimal::ZERO;
        let mut unaligned = Vec::new();
        for l in &self.lines {
            if l.goals.iter().any(|g| counts(g)) {
                aligned = aligned
                    .checked_add(l.amount.0)
                    .ok_or_else(|| overflow(&l.id, "the aligned total"))?;
            } else {
                unaligned.push(l.id.clone());
            }
        }
        Ok(AlignedShare {
            total: self.total,
            aligned: Money(aligned),
            share: if self.total.0.is_zero() {
                None
            } else {
                aligned.checked_div(self.total.0).map(Money)
            },
            unaligned_lines: unaligned,
        })
    }

    /// Explains every figure that `id` names: a cost line, a task, a plan,
    /// a goal, a resource, an owner, a category, a risk, a period key
    /// (`"2025-10"`, `"2025-Q4"`, `"2025"`), `"total"` or `"contingency"`.
    /// Empty when nothing matches.
    pub fn explain(&self, id: &str) -> Vec<Explanation> {
        let mut out = Vec::new();
        if let Some(l) = self.line(id) {
            out.push(line_explanation(id, l));
        }
        if let Some(t) = self.by_task.get(id) {
            out.push(self.task_explanation(id, t));
        }
        self.push_map_sums(id, &mut out);
        self.push_period_sums(id, &mut out);
        if let Some(r) = self.contingency.risks.iter().find(|r| r.id == id) {
            out.push(risk_explanation(id, r));
        }
        if let Some(p) = self.contingency.plans.iter().find(|p| p.plan == id) {
            out.push(plan_contingency_explanation(id, p));
        }
        match id {
            "total" => out.push(self.total_explanation()),
            "contingency" => out.push(self.contingency_explanation()),
            _ => {}
        }
        out
    }

    /// The id and amount of every line for which `f` holds, in line order.
    fn lines_where(&self, f: &dyn Fn(&LineCost) -> bool) -> Vec<(&str, Money)> {
        self.lines
            .iter()
            .filter(|l| f(l))
            .map(|l| (l.id.as_str(), l.amount))
            .collect()
    }

    /// A task's total: its own lines plus its WBS children's totals.
    fn task_explanation(&self, id: &str, t: &TaskCost) -> Explanation {
        let mut e = sum_expl(
            id,
            "total",
            t.total,
            self.lines_where(&|l| l.task.as_deref() == Some(id))
                .into_iter(),
            "",
        );
        e.formula = format!(
            "own lines ({}) + WBS children ({}); own: {}",
            t.own,
            t.children.join(", "),
            e.formula
        );
        for ch in &t.children {
            if let Some(c) = self.by_task.get(ch) {
                e = e.input(format!("child {ch}"), c.total.to_string(), Some(ch));
            }
        }
        e
    }

    /// The plan, goal, resource, owner and category sums that `id` names,
    /// in that order.
    fn push_map_sums(&self, id: &str, out: &mut Vec<Explanation>) {
        let maps: [ByMap<'_>; 5] = [
            ("by_plan", &self.by_plan, &|l: &LineCost| l.plan == id, ""),
            (
                "by_goal",
                &self.by_goal,
                &|l: &LineCost| l.goals.iter().any(|g| g == id),
                "; per-goal figures overlap and do not sum to the total",
            ),
            (
                "by_resource",
                &self.by_resource,
                &|l: &LineCost| l.resource.as_deref() == Some(id),
                "",
            ),
            (
                "by_owner",
                &self.by_owner,
                &|l: &LineCost| l.owner.as_deref().unwrap_or(UNOWNED) == id,
                "",
            ),
            (
                "by_category",
                &self.by_category,
                &|l: &LineCost| l.category == id,
                "",
            ),
        ];
        for (q, map, f, note) in maps {
            if let Some(v) = map.get(id) {
                out.push(sum_expl(id, q, *v, self.lines_where(f).into_iter(), note));
            }
        }
    }

    /// The month, quarter and year sums that `id` names, in that order.
    fn push_period_sums(&self, id: &str, out: &mut Vec<Explanation>) {
        for (q, map) in [
            ("by_month", &self.by_month),
            ("by_quarter", &self.by_quarter),
            ("by_year", &self.by_year),
        ] {
            if let Some(v) = map.get(id) {
                let parts = self.lines.iter().filter_map(|l| line_in_period(l, q, id));
                out.push(sum_expl(id, q, *v, parts, ""));
            }
        }
    }

    /// The base total: the sum of every line.
    fn total_explanation(&self) -> Explanation {
        sum_expl(
            "total",
            "total",
            self.total,
            self.lines.iter().map(|l| (l.id.as_str(), l.amount)),
            "",
        )
    }

    /// The whole contingency: every risk's EMV plus the management reserves.
    fn contingency_explanation(&self) -> Explanation {
        let mut e = Explanation::new(
            "contingency",
            "total",
            format!(
                "Σ probability × cost impact ({}) + Σ management reserve ({}); beside the base total, not in it",
                self.contingency.risk_emv, self.contingency.management_reserve
            ),
            self.contingency.total.to_string(),
        );
        for r in &self.contingency.risks {
            e = e.input(r.id.clone(), r.emv.to_string(), Some(&r.id));
        }
        e
    }
}

/// A cost line's amount, with its phasing over the months as a part.
fn line_explanation(id: &str, l: &LineCost) -> Explanation {
    line_amount_explanation(id, l).part(line_phasing_explanation(id, l))
}

/// How a line's amount was computed (hours and rate periods for labour).
fn line_amount_explanation(id: &str, l: &LineCost) -> Explanation {
    let mut e = Explanation::new(id, "amount", l.formula.clone(), l.amount.to_string());
    match l.kind {
        CostKind::Fixed => {}
        CostKind::Unit => {}
        CostKind::Labour => {
            if let Some(h) = l.hours {
                e = e.input("hours", h.to_string(), Some(id));
            }
            for p in &l.rates {
                let from = p.from.map(|d| d.to_string()).unwrap_or_default();
                e = e.input(
                    format!("rate from {from}"),
                    format!("{} h × {} = {}", p.hours, p.rate, p.cost),
                    l.resource.as_deref(),
                );
            }
        }
    }
    e
}

/// How a line was spread over the months, one input per month.
fn line_phasing_explanation(id: &str, l: &LineCost) -> Explanation {
    let mut ph = Explanation::new(
        id,
        "by_month",
        format!(
            "{:?} accrual over {} to {} ({:?})",
            l.accrual, l.window_start, l.window_finish, l.phased_by
        )
        .to_lowercase(),
        l.amount.to_string(),
    );
    for (m, v) in &l.months {
        ph = ph.input(m.clone(), v.to_string(), None);
    }
    ph
}

/// A line's share of the period `id` (month, quarter or year per `q`), if
/// not zero.
fn line_in_period<'a>(l: &'a LineCost, q: &str, id: &str) -> Option<(&'a str, Money)> {
    let s: Decimal = l
        .months
        .iter()
        .filter(|(m, _)| match q {
            "by_month" => m.as_str() == id,
            "by_quarter" => super::phase::quarter_key(m) == id,
            _ => super::phase::year_key(m) == id,
        })
        .map(|(_, v)| v.0)
        .sum();
    (!s.is_zero()).then_some((l.id.as_str(), Money(s)))
}

/// A risk's expected monetary value: probability × cost impact.
fn risk_explanation(id: &str, r: &RiskEmv) -> Explanation {
    Explanation::new(
        id,
        "emv",
        format!(
            "{} × {} (probability from {})",
            r.probability, r.cost_impact, r.probability_source
        ),
        r.emv.to_string(),
    )
    .input("probability", r.probability.to_string(), Some(id))
    .input("cost impact", r.cost_impact.to_string(), Some(id))
}

/// A plan's contingency: its risks' EMV plus its management reserve.
fn plan_contingency_explanation(id: &str, p: &PlanContingency) -> Explanation {
    let pct = p
        .reserve_pct
        .map(|m| m.to_string())
        .unwrap_or_else(|| "0".into());
    Explanation::new(
        id,
        "contingency",
        format!(
            "risk EMV {} + {pct}% management reserve of the base total = {} + {}",
            p.risk_emv, p.risk_emv, p.management_reserve
        ),
        p.total.to_string(),
    )
}
