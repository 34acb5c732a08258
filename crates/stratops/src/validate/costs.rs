//! Cost lines (references, required fields, signs, currency) and risks
//! (probability, scores, impact, tasks affected).

use super::ids::check_ref;
use super::{check_currency, Ctx};
use crate::index::{EntityKind, Index, NONE};
use crate::model::{CostKind, Plan};

/// A plan's cost lines; each line's task (or `NONE`) is pushed to
/// `cost_task`, in cost order.
pub(super) fn check_costs(
    cx: &mut Ctx,
    ix: &Index,
    doc_cur: &str,
    p: usize,
    plan: &Plan,
    cost_task: &mut Vec<u32>,
) {
    let pp = format!("plans[{p}]");
    for (i, c) in plan.costs.iter().enumerate() {
        let cp = || format!("{pp}.costs[{i}]");
        let task = match &c.task {
            Some(t) => check_ref(
                cx,
                ix,
                &c.id,
                &|| format!("{}.task", cp()),
                t,
                EntityKind::Task,
                "task",
            ),
            None => None,
        };
        cost_task.push(task.unwrap_or(NONE));
        if let Some(r) = &c.resource {
            check_ref(
                cx,
                ix,
                &c.id,
                &|| format!("{}.resource", cp()),
                r,
                EntityKind::Resource,
                "resource",
            );
        }
        for (k, g) in c.supports.iter().enumerate() {
            check_ref(
                cx,
                ix,
                &c.id,
                &|| format!("{}.supports[{k}]", cp()),
                g,
                EntityKind::Goal,
                "goal",
            );
        }
        if let Some(cur) = &c.currency {
            check_currency(cx, &c.id, format!("{}.currency", cp()), cur, doc_cur);
        }
        let need = |cx: &mut Ctx, f: &str, v: bool| {
            if !v {
                cx.err(
                    "missing_cost_field",
                    &c.id,
                    format!("{}.{f}", cp()),
                    format!("a {:?} cost line needs {f}", c.kind).to_lowercase(),
                );
            }
        };
        match c.kind {
            CostKind::Fixed => need(cx, "amount", c.amount.is_some()),
            CostKind::Labour => {
                need(cx, "resource", c.resource.is_some());
                if c.task.is_none() {
                    need(cx, "hours", c.hours.is_some());
                }
            }
            CostKind::Unit => {
                need(cx, "quantity", c.quantity.is_some());
                need(cx, "unit_price", c.unit_price.is_some());
            }
        }
        if !c.credit {
            for (f, v) in [
                ("amount", &c.amount),
                ("hours", &c.hours),
                ("quantity", &c.quantity),
                ("unit_price", &c.unit_price),
            ] {
                if v.is_some_and(|m| m.0.is_sign_negative() && !m.0.is_zero()) {
                    cx.err(
                        "negative_amount",
                        &c.id,
                        format!("{}.{f}", cp()),
                        format!("{f} is negative; set \"credit\": true for a credit line"),
                    );
                }
            }
        }
    }
}

/// A plan's risks.
pub(super) fn check_risks(cx: &mut Ctx, ix: &Index, p: usize, plan: &Plan) {
    let pp = format!("plans[{p}]");
    for (i, r) in plan.risks.iter().enumerate() {
        let rp = format!("{pp}.risks[{i}]");
        if r.probability.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
            cx.err(
                "bad_probability",
                &r.id,
                format!("{rp}.probability"),
                "probability must be within 0..=1".into(),
            );
        }
        if r.likelihood.is_some_and(|l| !(1..=5).contains(&l)) {
            cx.err(
                "bad_score",
                &r.id,
                format!("{rp}.likelihood"),
                "likelihood must be 1..=5".into(),
            );
        }
        if r.impact.score.is_some_and(|l| !(1..=5).contains(&l)) {
            cx.err(
                "bad_score",
                &r.id,
                format!("{rp}.impact.score"),
                "impact score must be 1..=5".into(),
            );
        }
        if r.impact
            .cost
            .is_some_and(|m| m.0.is_sign_negative() && !m.0.is_zero())
        {
            cx.err(
                "negative_amount",
                &r.id,
                format!("{rp}.impact.cost"),
                "a cost impact cannot be negative".into(),
            );
        }
        for (k, t) in r.affects.iter().enumerate() {
            check_ref(
                cx,
                ix,
                &r.id,
                &|| format!("{rp}.affects[{k}]"),
                t,
                EntityKind::Task,
                "task",
            );
        }
    }
}
