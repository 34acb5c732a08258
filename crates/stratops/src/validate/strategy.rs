//! Goals (weights, `contributes_to`) and KPIs (polarity, targets,
//! measurements).

use super::ids::check_ref;
use super::{check_weight, Ctx};
use crate::index::{EntityKind, Index};
use crate::model::{Aggregation, Plan, Polarity};

/// A plan's goals; each resolved `contributes_to` link becomes an edge of
/// the goal DAG.
pub(super) fn check_goals(
    cx: &mut Ctx,
    ix: &Index,
    p: usize,
    plan: &Plan,
    goal_edges: &mut Vec<(u32, u32)>,
) {
    let pp = format!("plans[{p}]");
    for (i, g) in plan.goals.iter().enumerate() {
        let gp = || format!("{pp}.goals[{i}]");
        let me = ix.goal(&g.id);
        for (k, l) in g.contributes_to.iter().enumerate() {
            let lp = || format!("{}.contributes_to[{k}]", gp());
            check_weight(cx, &g.id, &lp, l.weight);
            if let (Some(a), Some(b)) = (
                me,
                check_ref(
                    cx,
                    ix,
                    &g.id,
                    &|| format!("{}.goal", lp()),
                    &l.goal,
                    EntityKind::Goal,
                    "goal",
                ),
            ) {
                goal_edges.push((a, b));
            }
        }
    }
}

/// One KPI.
pub(super) fn check_kpi(cx: &mut Ctx, ix: &Index, k: &crate::model::Kpi, kp: &dyn Fn() -> String) {
    let id = k.id.as_str();
    for (j, l) in k.goals.iter().enumerate() {
        let lp = || format!("{}.goals[{j}]", kp());
        check_weight(cx, id, &lp, l.weight);
        check_ref(
            cx,
            ix,
            id,
            &|| format!("{}.goal", lp()),
            &l.goal,
            EntityKind::Goal,
            "goal",
        );
    }
    let finite = |cx: &mut Ctx, path: &dyn Fn() -> String, v: f64| {
        if !v.is_finite() {
            cx.err(
                "non_finite_value",
                id,
                path(),
                format!("{v} is not a finite number"),
            );
        }
    };
    finite(cx, &|| format!("{}.baseline.value", kp()), k.baseline.value);
    finite(cx, &|| format!("{}.target.value", kp()), k.target.value);
    if k.target.date < k.baseline.date {
        cx.err(
            "target_before_baseline",
            id,
            format!("{}.target.date", kp()),
            "the target date is before the baseline date".into(),
        );
    }
    if matches!(k.polarity, Polarity::Increase | Polarity::Decrease) {
        if k.target.value == k.baseline.value {
            cx.err(
                "target_equals_baseline",
                id,
                format!("{}.target.value", kp()),
                "the target equals the baseline, so progress (v - b)/(g - b) is undefined".into(),
            );
        } else if (k.polarity == Polarity::Increase) != (k.target.value > k.baseline.value) {
            cx.warn(
                "polarity_mismatch",
                id,
                format!("{}.polarity", kp()),
                format!(
                    "polarity is {:?} but the target moves the other way from the baseline",
                    k.polarity
                )
                .to_lowercase(),
            );
        }
    }
    if k.polarity == Polarity::Range {
        match &k.range {
            None => cx.err(
                "missing_range",
                id,
                format!("{}.range", kp()),
                "a range KPI needs \"range\": {lo, hi, tolerance}".into(),
            ),
            Some(b) => {
                if !(b.lo.is_finite() && b.hi.is_finite() && b.tolerance.is_finite())
                    || b.lo > b.hi
                    || b.tolerance <= 0.0
                {
                    cx.err(
                        "bad_range",
                        id,
                        format!("{}.range", kp()),
                        "range needs finite lo <= hi and tolerance > 0".into(),
                    );
                }
            }
        }
    }
    if let Some(c) = k.cap {
        if !c.is_finite() || c <= 0.0 {
            cx.err(
                "bad_cap",
                id,
                format!("{}.cap", kp()),
                "cap must be a finite number > 0".into(),
            );
        }
    }
    if let Some(c) = &k.cadence {
        if crate::values::cadence_days(c).is_none() {
            cx.err("bad_cadence", id, format!("{}.cadence", kp()), format!("{c:?} is not a cadence (daily, weekly, monthly, quarterly, yearly, or an elapsed duration like \"14ed\")"));
        }
    }
    for (j, m) in k.milestones.iter().enumerate() {
        finite(cx, &|| format!("{}.milestones[{j}].value", kp()), m.value);
    }
    // Dates already seen: a sorted copy keeps the check O(m log m).
    let mut seen: Vec<(crate::values::Date, usize)> = k
        .measurements
        .iter()
        .enumerate()
        .map(|(j, m)| (m.date, j))
        .collect();
    seen.sort_unstable();
    let mut dup = vec![false; k.measurements.len()];
    for w in seen.windows(2) {
        if w[0].0 == w[1].0 {
            dup[w[1].1.max(w[0].1)] = true;
        }
    }
    for (j, m) in k.measurements.iter().enumerate() {
        let mp = || format!("{}.measurements[{j}]", kp());
        finite(cx, &|| format!("{}.value", mp()), m.value);
        if let Some(d) = m.denominator {
            finite(cx, &|| format!("{}.denominator", mp()), d);
        } else if k.aggregation == Aggregation::Ratio {
            cx.err(
                "missing_denominator",
                id,
                format!("{}.denominator", mp()),
                "a ratio KPI's measurements need a denominator".into(),
            );
        }
        if dup[j] {
            cx.err(
                "duplicate_measurement",
                id,
                format!("{}.date", mp()),
                format!("two measurements on {}", m.date),
            );
        }
    }
}
