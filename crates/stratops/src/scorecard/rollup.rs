//! One goal's progress, expected progress and status from its children
//! (the rules are in the parent module's docs). Called once per goal in
//! `goal_order`, so every contributing goal is already computed.

use crate::explain::{Explanation, Input};
use crate::model::{Rollup, StatusRollup};
use crate::{Error, Model};

use super::{num, Contribution, GoalScore, KpiScore, Num, ScorecardOptions, Status};

/// A child of a goal: a KPI or a contributing goal, by dense index.
#[derive(Clone, Copy)]
pub(crate) enum Child {
    Kpi(u32),
    Goal(u32),
}

struct ChildView {
    id: String,
    kind: &'static str,
    weight: f64,
    progress: Option<f64>,
    expected: Option<f64>,
    status: Status,
    met: bool,
}

pub(crate) fn roll_goal(
    model: &Model,
    g: u32,
    kids: &[(Child, f64)],
    kpis: &[KpiScore],
    goals: &[Option<GoalScore>],
    opts: &ScorecardOptions,
    as_of: crate::values::Date,
) -> Result<GoalScore, Error> {
    let goal = model.goal(g);
    let loc = model.index().goals[g as usize];
    let plan = &model.document().plans[loc.0 as usize];
    let mut views = Vec::with_capacity(kids.len());
    for &(c, w) in kids {
        views.push(match c {
            Child::Kpi(k) => {
                let s = &kpis[k as usize];
                ChildView {
                    id: s.id.clone(),
                    kind: "kpi",
                    weight: w,
                    progress: s.progress,
                    expected: Some(s.expected),
                    status: s.status,
                    met: s.target_met,
                }
            }
            Child::Goal(c) => {
                let s = goals[c as usize].as_ref().ok_or_else(|| {
                    Error::calc(
                        crate::error::codes::INTERNAL,
                        Some(&goal.id),
                        "a contributing goal was not computed first",
                    )
                })?;
                ChildView {
                    id: s.id.clone(),
                    kind: "goal",
                    weight: w,
                    progress: s.progress,
                    expected: s.expected,
                    status: s.status,
                    met: s.met,
                }
            }
        });
    }
    let with: Vec<&ChildView> = views.iter().filter(|v| v.progress.is_some()).collect();
    let wsum: f64 = with.iter().map(|v| v.weight).sum();
    let usable = !with.is_empty() && wsum > 0.0 && wsum.is_finite();
    let wmean = |f: &dyn Fn(&ChildView) -> f64| -> f64 {
        with.iter().map(|v| v.weight * f(v)).sum::<f64>() / wsum
    };
    let progress = if !usable {
        None
    } else {
        Some(match goal.rollup {
            Rollup::WeightedMean => wmean(&|v| v.progress.unwrap_or(0.0)),
            Rollup::Min => with
                .iter()
                .filter_map(|v| v.progress)
                .fold(f64::INFINITY, f64::min),
            Rollup::AllMet => wmean(&|v| if v.met { 1.0 } else { 0.0 }),
        })
    };
    let expected = usable.then(|| wmean(&|v| v.expected.unwrap_or(0.0)));
    let met = usable && with.iter().all(|v| v.met);
    let status = if !usable {
        if !views.is_empty() && views.iter().all(|v| v.status == Status::NotStarted) {
            Status::NotStarted
        } else {
            Status::NoData
        }
    } else {
        match goal.status_rollup {
            StatusRollup::Worst => with
                .iter()
                .map(|v| v.status)
                .max_by_key(|s| s.severity())
                .unwrap_or(Status::NoData),
            StatusRollup::Weighted => {
                if with
                    .iter()
                    .all(|v| matches!(v.status, Status::Met | Status::Missed))
                {
                    if met {
                        Status::Met
                    } else {
                        Status::Missed
                    }
                } else {
                    match (progress, expected) {
                        (Some(p), Some(e)) if e > 0.0 => {
                            let r = p / e;
                            if r >= opts.on_track {
                                Status::OnTrack
                            } else if r >= opts.at_risk {
                                Status::AtRisk
                            } else {
                                Status::OffTrack
                            }
                        }
                        _ => Status::OnTrack,
                    }
                }
            }
        }
    };
    // A goal whose due date (else its plan's end) has not come can still be
    // met: a child's `missed` makes it at worst off track until then.
    let due = goal.due.unwrap_or(plan.horizon.end);
    let status = if status == Status::Missed && as_of < due {
        Status::OffTrack
    } else {
        status
    };
    for x in [progress, expected].into_iter().flatten() {
        if !x.is_finite() {
            return Err(Error::calc(
                "non_finite_result",
                Some(&goal.id),
                "goal rollup produced a non-finite number",
            ));
        }
    }

    let contributions: Vec<Contribution> = views
        .iter()
        .map(|v| Contribution {
            id: v.id.clone(),
            kind: v.kind,
            weight: v.weight,
            progress: v.progress,
            status: v.status,
            contribution: match (goal.rollup, v.progress, usable) {
                (Rollup::WeightedMean, Some(p), true) => Some(v.weight / wsum * p),
                _ => None,
            },
        })
        .collect();
    let formula = match (goal.rollup, usable) {
        (_, false) => "no child has data".to_string(),
        (Rollup::WeightedMean, true) => format!(
            "Σ wᵢ·pᵢ / Σ wᵢ over {} of {} children with data; Σ wᵢ = {}",
            with.len(),
            views.len(),
            Num(wsum)
        ),
        (Rollup::Min, true) => format!(
            "min pᵢ over {} of {} children with data",
            with.len(),
            views.len()
        ),
        (Rollup::AllMet, true) => format!(
            "Σ wᵢ·[met] / Σ wᵢ over {} of {} children with data",
            with.len(),
            views.len()
        ),
    };
    let mut parts = Vec::with_capacity(contributions.len());
    for c in &contributions {
        let (formula, result) = match (c.progress, c.contribution) {
            (None, _) => (
                format!("{}: left out", c.status.as_str()),
                "none".to_string(),
            ),
            (Some(p), Some(x)) => (
                format!("{} / {} × {}", Num(c.weight), Num(wsum), Num(p)),
                num(x),
            ),
            (Some(p), None) => ("progress".to_string(), num(p)),
        };
        parts.push(Explanation {
            id: c.id.clone(),
            quantity: "contribution".into(),
            formula,
            result,
            inputs: vec![
                Input::new("weight", num(c.weight), Some(&goal.id)),
                Input::new(
                    "progress",
                    c.progress.map_or("none".into(), num),
                    Some(&c.id),
                ),
                Input::new("status", c.status.as_str().to_string(), Some(&c.id)),
            ],
            parts: Vec::new(),
        });
    }
    // Built as one literal, not by the builder's by-value chain.
    let ex = Explanation {
        id: goal.id.clone(),
        quantity: "progress".into(),
        formula,
        result: progress.map_or("no data".into(), num),
        inputs: vec![
            Input::new("rollup", format!("{:?}", goal.rollup), None),
            Input::new("expected", expected.map_or("none".into(), num), None),
            Input::new("status", status.as_str().to_string(), None),
        ],
        parts,
    };
    Ok(GoalScore {
        id: goal.id.clone(),
        name: goal.name.clone(),
        plan: plan.id.clone(),
        plan_kind: plan.kind,
        rollup: goal.rollup,
        status_rollup: goal.status_rollup,
        progress,
        expected,
        status,
        met,
        contributes_to: goal.contributes_to.iter().map(|l| l.goal.clone()).collect(),
        children: contributions,
        explanation: ex,
    })
}
