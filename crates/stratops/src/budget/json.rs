//! The budget as JSON: DESIGN section 8's shape, shared by the CLI's
//! `--format json` and the Python and WebAssembly faces, so the three print
//! the same figures.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{Budget, Variance};
use crate::values::Money;

impl Budget {
    /// The budget in DESIGN section 8's JSON shape (what `stratops budget
    /// --format json` prints): `currency`, `total`, `by_category`,
    /// `by_plan`, `by_task` (WBS rolled up), `by_goal` (overlapping, with
    /// `by_goal_note`), `by_resource`, `by_owner`, `by_period` (months),
    /// `by_quarter`, `by_year`, `phased_by`, `contingency` (beside the
    /// total), `contingency_detail`, `variance` and `lines`. Amounts are
    /// decimal strings rounded to the currency's minor unit with the run's
    /// rounding (`"12800.00"`), or the exact figures when `exact`.
    pub fn to_json(&self, exact: bool) -> Value {
        let m = |v: &Money| -> String {
            if exact {
                v.to_string()
            } else {
                self.round(v).to_string()
            }
        };
        to_json(self, &m)
    }
}

fn obj(map: &BTreeMap<String, Money>, m: &dyn Fn(&Money) -> String) -> Value {
    Value::Object(
        map.iter()
            .map(|(k, v)| (k.clone(), Value::String(m(v))))
            .collect::<Map<_, _>>(),
    )
}

fn opt(v: &Option<Money>, m: &dyn Fn(&Money) -> String) -> Value {
    v.as_ref().map_or(Value::Null, |v| Value::String(m(v)))
}

pub(crate) fn to_json(b: &Budget, m: &dyn Fn(&Money) -> String) -> Value {
    let by_task: Map<_, _> = b
        .by_task
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(m(&v.total))))
        .collect();
    let c = &b.contingency;
    let variance: Vec<Value> = b
        .variance
        .iter()
        .map(|p| {
            let v = |x: &Variance| {
                json!({
                    "budget": opt(&x.budget, m), "planned": m(&x.planned), "actual": m(&x.actual),
                    "variance": opt(&x.variance, m), "planned_variance": opt(&x.planned_variance, m),
                    "percent_spent": x.percent_spent.map(|p| p.to_string()),
                })
            };
            let mut o = v(&p.total);
            o["plan"] = json!(p.plan);
            o["categories"] = Value::Object(
                p.categories
                    .iter()
                    .map(|(k, x)| (k.clone(), v(x)))
                    .collect(),
            );
            o
        })
        .collect();
    let lines: Vec<Value> = b
        .lines
        .iter()
        .map(|l| {
            json!({
                "id": l.id, "plan": l.plan, "task": l.task, "category": l.category,
                "resource": l.resource, "owner": l.owner, "amount": m(&l.amount),
                "actual": opt(&l.actual, m), "formula": l.formula, "goals": l.goals,
                "by_period": Value::Object(
                    l.months
                        .iter()
                        .map(|(k, v)| (k.clone(), Value::String(m(v))))
                        .collect::<Map<_, _>>(),
                ),
            })
        })
        .collect();
    json!({
        "currency": b.currency,
        "total": m(&b.total),
        "by_category": obj(&b.by_category, m),
        "by_plan": obj(&b.by_plan, m),
        "by_task": by_task,
        "by_goal": obj(&b.by_goal, m),
        "by_goal_note": b.goal_note,
        "by_resource": obj(&b.by_resource, m),
        "by_owner": obj(&b.by_owner, m),
        "by_period": obj(&b.by_month, m),
        "by_quarter": obj(&b.by_quarter, m),
        "by_year": obj(&b.by_year, m),
        "phased_by": b.phased_by,
        "contingency": m(&c.total),
        "contingency_detail": {
            "risk_emv": m(&c.risk_emv),
            "management_reserve": m(&c.management_reserve),
            "risks": c.risks.iter().map(|r| json!({
                "id": r.id, "plan": r.plan, "probability": r.probability.to_string(),
                "probability_source": r.probability_source,
                "cost_impact": m(&r.cost_impact), "emv": m(&r.emv),
            })).collect::<Vec<_>>(),
            "plans": c.plans.iter().map(|p| json!({
                "plan": p.plan, "risk_emv": m(&p.risk_emv),
                "reserve_pct": p.reserve_pct.map(|x| x.to_string()),
                "management_reserve": m(&p.management_reserve), "total": m(&p.total),
            })).collect::<Vec<_>>(),
        },
        "variance": variance,
        "lines": lines,
    })
}
