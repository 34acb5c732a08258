//! One goal's progress, expected progress and status from its children
//! (the rules are in the parent module's docs). Called once per goal in
//! `goal_order`, so every contributing goal is already computed.

use crate::explain::{Explanation, Input};
use crate::model::{Goal, Rollup, StatusRollup};
use crate::{Error, Model};

use super::{num, Contribution, GoalScore, KpiScore, Num, ScorecardOptions, Status};

/// A child of a goal: a KPI or a contributing goal, by dense index.
#[derive(Clone, Copy)]
pub(crate) enum Child {
    Kpi(u32),
    Goal(u32),
}

/// What a goal reads of one child.
struct ChildView {
    id: String,
    kind: &'static str,
    weight: f64,
    progress: Option<f64>,
    expected: Option<f64>,
    status: Status,
    met: bool,
}

/// Rolls goal `g` up from its children `kids` (KPIs and contributing goals
/// already scored): progress, expected progress, status and explanation.
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
    let views = child_views(goal, kids, kpis, goals)?;
    let kids = Kids::new(&views);
    let progress = kids.progress(goal.rollup);
    let expected = kids.expected();
    let met = kids.usable && kids.with.iter().all(|v| v.met);
    let status = kids.status(goal.status_rollup, progress, expected, met, opts);
    // A goal whose due date (else its plan's end) has not come can still be
    // met: a child's `missed` makes it at worst off track until then.
    let due = goal.due.unwrap_or(plan.horizon.end);
    let status = if status == Status::Missed && as_of < due {
        Status::OffTrack
    } else {
        status
    };
    check_finite(goal, progress, expected)?;

    let contributions = kids.contributions(goal.rollup);
    let parts = contributions
        .iter()
        .map(|c| contribution_part(goal, c, kids.wsum))
        .collect();
    // Built as one literal, not by the builder's by-value chain.
    let ex = Explanation {
        id: goal.id.clone(),
        quantity: "progress".into(),
        formula: kids.formula(goal.rollup),
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

/// The goal's children as views, in order; a contributing goal not yet
/// computed is an internal error.
fn child_views(
    goal: &Goal,
    kids: &[(Child, f64)],
    kpis: &[KpiScore],
    goals: &[Option<GoalScore>],
) -> Result<Vec<ChildView>, Error> {
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
    Ok(views)
}

/// A goal's children, those with data, and their total weight.
struct Kids<'v> {
    views: &'v [ChildView],
    /// The children with progress.
    with: Vec<&'v ChildView>,
    /// Σ of their weights.
    wsum: f64,
    /// Whether some child has data and the weights sum to a positive,
    /// finite number.
    usable: bool,
}

impl<'v> Kids<'v> {
    /// Selects the children with data and sums their weights.
    fn new(views: &'v [ChildView]) -> Self {
        let with: Vec<&ChildView> = views.iter().filter(|v| v.progress.is_some()).collect();
        let wsum: f64 = with.iter().map(|v| v.weight).sum();
        let usable = !with.is_empty() && wsum > 0.0 && wsum.is_finite();
        Kids {
            views,
            with,
            wsum,
            usable,
        }
    }

    /// The weighted mean of `f` over the children with data.
    fn wmean(&self, f: &dyn Fn(&ChildView) -> f64) -> f64 {
        self.with.iter().map(|v| v.weight * f(v)).sum::<f64>() / self.wsum
    }

    /// The goal's progress by its rollup rule; `None` when not usable.
    fn progress(&self, rollup: Rollup) -> Option<f64> {
        if !self.usable {
            None
        } else {
            Some(match rollup {
                Rollup::WeightedMean => self.wmean(&|v| v.progress.unwrap_or(0.0)),
                Rollup::Min => self
                    .with
                    .iter()
                    .filter_map(|v| v.progress)
                    .fold(f64::INFINITY, f64::min),
                Rollup::AllMet => self.wmean(&|v| if v.met { 1.0 } else { 0.0 }),
            })
        }
    }

    /// The weighted mean of the children's expected progress.
    fn expected(&self) -> Option<f64> {
        self.usable
            .then(|| self.wmean(&|v| v.expected.unwrap_or(0.0)))
    }

    /// The goal's status by its status rule, before the due-date hold.
    fn status(
        &self,
        rule: StatusRollup,
        progress: Option<f64>,
        expected: Option<f64>,
        met: bool,
        opts: &ScorecardOptions,
    ) -> Status {
        if !self.usable {
            if !self.views.is_empty() && self.views.iter().all(|v| v.status == Status::NotStarted) {
                return Status::NotStarted;
            }
            return Status::NoData;
        }
        match rule {
            StatusRollup::Worst => self
                .with
                .iter()
                .map(|v| v.status)
                .max_by_key(|s| s.severity())
                .unwrap_or(Status::NoData),
            StatusRollup::Weighted => {
                if self
                    .with
                    .iter()
                    .all(|v| matches!(v.status, Status::Met | Status::Missed))
                {
                    if met {
                        Status::Met
                    } else {
                        Status::Missed
                    }
                } else {
                    pace_status(progress, expected, opts)
                }
            }
        }
    }

    /// Each child's contribution, in order.
    fn contributions(&self, rollup: Rollup) -> Vec<Contribution> {
        self.views
            .iter()
            .map(|v| Contribution {
                id: v.id.clone(),
                kind: v.kind,
                weight: v.weight,
                progress: v.progress,
                status: v.status,
                contribution: match (rollup, v.progress, self.usable) {
                    (Rollup::WeightedMean, Some(p), true) => Some(v.weight / self.wsum * p),
                    _ => None,
                },
            })
            .collect()
    }

    /// The formula of the goal's progress.
    fn formula(&self, rollup: Rollup) -> String {
        let (with, views) = (self.with.len(), self.views.len());
        match (rollup, self.usable) {
            (_, false) => "no child has data".to_string(),
            (Rollup::WeightedMean, true) => format!(
                "Σ wᵢ·pᵢ / Σ wᵢ over {} of {} children with data; Σ wᵢ = {}",
                with,
                views,
                Num(self.wsum)
            ),
            (Rollup::Min, true) => {
                format!("min pᵢ over {} of {} children with data", with, views)
            }
            (Rollup::AllMet, true) => format!(
                "Σ wᵢ·[met] / Σ wᵢ over {} of {} children with data",
                with, views
            ),
        }
    }
}

/// On track, at risk or off track by progress over expected progress; on
/// track when nothing is expected yet.
fn pace_status(progress: Option<f64>, expected: Option<f64>, opts: &ScorecardOptions) -> Status {
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

/// Refuses a non-finite progress or expected progress
/// (`non_finite_result`).
fn check_finite(goal: &Goal, progress: Option<f64>, expected: Option<f64>) -> Result<(), Error> {
    for x in [progress, expected].into_iter().flatten() {
        if !x.is_finite() {
            return Err(Error::calc(
                "non_finite_result",
                Some(&goal.id),
                "goal rollup produced a non-finite number",
            ));
        }
    }
    Ok(())
}

/// The explanation of one child's contribution.
fn contribution_part(goal: &Goal, c: &Contribution, wsum: f64) -> Explanation {
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
    Explanation {
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
    }
}
