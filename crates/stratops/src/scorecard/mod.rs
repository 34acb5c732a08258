//! The KPI scorecard: KPI progress with polarity, expected progress, status
//! by pace, a least-squares forecast, and goal rollups through the
//! `contributes_to` DAG up to the strategic goals (DESIGN §5).
//!
//! # Example
//! ```
//! use stratops::{Model, Date, scorecard::{scorecard, ScorecardOptions, Status}};
//! let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "s", "kind": "strategic", "name": "S",
//!   "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
//!   "goals": [{"id": "g", "name": "Grow", "owner": "ceo", "due": "2025-12-31"}],
//!   "kpis": [{"id": "k", "name": "Members", "goals": [{"goal": "g"}],
//!     "polarity": "increase",
//!     "baseline": {"value": 100, "date": "2025-01-01"},
//!     "target": {"value": 200, "date": "2025-12-31"},
//!     "measurements": [{"date": "2025-07-01", "value": 140}]}]}]}"#)?;
//! let as_of: Date = "2025-07-01".parse().unwrap();
//! let card = scorecard(&model, as_of, &ScorecardOptions::default())?;
//! let k = &card.kpis[0];
//! assert_eq!(k.progress, Some(0.4));                   // (140-100)/(200-100)
//! assert!((k.expected - 181.0 / 364.0).abs() < 1e-12); // 181 of 364 days
//! assert_eq!(k.status, Status::AtRisk);                // pace 0.80
//! assert_eq!(card.goals[0].progress, Some(0.4));
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! # Decisions
//!
//! **Current value.** The measurements dated from the KPI's baseline date up
//! to the as-of date, both included, form the aggregation period. `last`
//! takes the latest, `sum` adds them (cumulative since the baseline, as for
//! "new customers signed"), `average` is their mean, and `ratio` is
//! Σ numerators / Σ denominators, never a mean of ratios. Measurements
//! before the baseline date are ignored. A ratio whose denominators sum to 0
//! has no value.
//!
//! **Progress** follows DESIGN §5. `increase`/`decrease`: (v − b)/(g − b).
//! `at_least`/`at_most`: when the bound holds, progress is 1 (or the linear
//! formula when it is larger and the KPI's `cap` allows over-achievement);
//! otherwise the linear formula, but only when the target lies in the good
//! direction from the baseline, else 0. `range`: 1 inside `[lo, hi]`,
//! falling linearly to 0 at `tolerance` outside. Progress is clamped to
//! `[0, cap]` (`cap` from the KPI, else [`ScorecardOptions::default_cap`],
//! 1), so a move in the wrong direction gives 0. No measurement gives
//! `no_data` and no progress.
//!
//! **Expected progress** is the expected value path mapped through the
//! linear formula: the path runs from the baseline through the milestones
//! dated strictly between the baseline and target dates (others are
//! ignored; on a repeated date the lower value wins) to the target. For
//! `range` KPIs and for `at_least`/`at_most` with target = baseline there is
//! no value path, so expected progress is the elapsed share of the time from
//! baseline date to target date. It is within [0, 1].
//!
//! **Status.** Before the baseline date: `not_started`. No measurement:
//! `no_data`. From the target date on (the date itself included, since the
//! result is then known): `met` or `missed`. Otherwise by pace p/e:
//! `on_track` at ≥ [`ScorecardOptions::on_track`] (0.95), `at_risk` at ≥
//! [`ScorecardOptions::at_risk`] (0.75), else `off_track`. When nothing is
//! expected yet (e = 0) a KPI with data is `on_track`. A KPI that reaches
//! its target early keeps its pace status and reports `target_met: true`.
//!
//! **Forecast.** An ordinary least-squares line through the KPI's value
//! series (its aggregated value as of each measurement date in the period),
//! with x in days. It needs two points. The outcome is `on_time` when the
//! line meets the target at the target date, `late` when the line moves
//! towards the target but gets there after the target date (with the day it
//! crosses, rounded up), and `not_reachable` when it is flat or points away.
//!
//! **Goal progress** uses the goal's `rollup` over its children: the KPIs
//! that link to it and the goals that contribute to it, across plans.
//! Children with no progress (`no_data`, `not_started`) are left out and the
//! weights renormalised. `weighted_mean` (default): Σ wᵢpᵢ / Σ wᵢ. `min`: the
//! weakest child. `all_met`: the weighted share of children whose target is
//! met (1 when all are). A goal's progress is not clamped again, so with
//! capped-above-1 children it can exceed 1. Expected progress of a goal is
//! the weighted mean of its children's expected progress (same children).
//! A goal is met when every child with data is met.
//!
//! **Goal status.** No child with data: `not_started` when every child is
//! `not_started`, else `no_data` (also for a goal with no child at all).
//! `worst` (default): the worst child status among children with data, in
//! the order missed, off_track, at_risk, on_track, met. `weighted`: `met` or
//! `missed` when every child with data is met or missed, otherwise the pace
//! of the goal's progress against its expected progress, with the same
//! thresholds.
//!
//! **Order.** Goals are walked in the index's `goal_order` (contributors
//! first), never recursively. Children are summed in id order and
//! measurements in date order, so the result does not depend on the order
//! of the input. Output lists follow document order.
//!
//! **Leading indicators** still feed their goals; they are also listed on
//! their own in [`Scorecard::leading`].

mod kpi;
mod rollup;
mod text;

use serde::Serialize;

use crate::explain::Explanation;
use crate::index::EntityKind;
use crate::model::{Aggregation, PlanKind, Polarity, Rollup, StatusRollup};
use crate::values::Date;
use crate::{Error, Model};

pub use text::render_text;

/// Options of [`scorecard`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorecardOptions {
    /// Pace p/e at or above which a KPI is on track (default 0.95).
    pub on_track: f64,
    /// Pace at or above which a KPI is at risk rather than off track
    /// (default 0.75).
    pub at_risk: f64,
    /// The progress cap of KPIs that do not set one (default 1).
    pub default_cap: f64,
}

impl Default for ScorecardOptions {
    fn default() -> Self {
        ScorecardOptions {
            on_track: 0.95,
            at_risk: 0.75,
            default_cap: 1.0,
        }
    }
}

/// The status of a KPI or goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Before the baseline date.
    NotStarted,
    /// No measurement yet.
    NoData,
    /// Pace at or above the on-track threshold.
    OnTrack,
    /// Pace at or above the at-risk threshold.
    AtRisk,
    /// Pace below the at-risk threshold.
    OffTrack,
    /// Target date reached and target met.
    Met,
    /// Target date reached and target not met.
    Missed,
}

impl Status {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::NoData => "no_data",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Met => "met",
            Status::Missed => "missed",
        }
    }
    /// Badness for worst-of: higher is worse. Statuses without data are 0.
    fn severity(self) -> u8 {
        match self {
            Status::Met => 1,
            Status::OnTrack => 2,
            Status::AtRisk => 3,
            Status::OffTrack => 4,
            Status::Missed => 5,
            Status::NotStarted | Status::NoData => 0,
        }
    }
}

/// What the least-squares line says about the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastOutcome {
    /// Fewer than two points.
    InsufficientData,
    /// The line meets the target by the target date.
    OnTime,
    /// The line reaches the target after the target date.
    Late,
    /// The line is flat or points away from the target.
    NotReachable,
}

impl ForecastOutcome {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastOutcome::InsufficientData => "insufficient_data",
            ForecastOutcome::OnTime => "on_time",
            ForecastOutcome::Late => "late",
            ForecastOutcome::NotReachable => "not_reachable",
        }
    }
}

/// A KPI's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The verdict.
    pub outcome: ForecastOutcome,
    /// How many points the line was fitted to.
    pub points: usize,
    /// The slope, in KPI units per day.
    pub slope_per_day: Option<f64>,
    /// The line's value at the target date.
    pub projected_at_target: Option<f64>,
    /// The day the line reaches the target (or the band of a range KPI), if
    /// it moves towards it.
    pub reaches_target_on: Option<Date>,
    /// The KPI's target date.
    pub target_date: Date,
}

/// One KPI on the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiScore {
    /// The KPI id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The plan holding it.
    pub plan: String,
    /// Its unit.
    pub unit: Option<String>,
    /// The goals it feeds.
    pub goals: Vec<String>,
    /// A leading indicator.
    pub leading: bool,
    /// Its polarity.
    pub polarity: Polarity,
    /// Its aggregation.
    pub aggregation: Aggregation,
    /// The current value; `None` with no data.
    pub value: Option<f64>,
    /// Progress within [0, cap]; `None` with no data.
    pub progress: Option<f64>,
    /// Expected progress at the as-of date, within [0, 1].
    pub expected: f64,
    /// progress / expected, when both exist and expected > 0.
    pub pace: Option<f64>,
    /// The status.
    pub status: Status,
    /// Whether the current value meets the target.
    pub target_met: bool,
    /// The date of the last measurement used.
    pub last_measured: Option<Date>,
    /// The forecast.
    pub forecast: Forecast,
    /// How progress, value, expected, status and forecast were computed.
    pub explanation: Explanation,
}

/// One child of a goal and what it adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The child's id.
    pub id: String,
    /// `kpi` or `goal`.
    pub kind: &'static str,
    /// The link weight.
    pub weight: f64,
    /// The child's progress (`None` when left out).
    pub progress: Option<f64>,
    /// The child's status.
    pub status: Status,
    /// weight / Σ weights of children with data × progress, for
    /// `weighted_mean`; `None` when the child is left out or the method is
    /// not a weighted mean.
    pub contribution: Option<f64>,
}

/// One goal on the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalScore {
    /// The goal id.
    pub id: String,
    /// Its statement.
    pub name: String,
    /// The plan holding it.
    pub plan: String,
    /// That plan's kind.
    pub plan_kind: PlanKind,
    /// The progress method.
    pub rollup: Rollup,
    /// The status method.
    pub status_rollup: StatusRollup,
    /// Progress; `None` when no child has data.
    pub progress: Option<f64>,
    /// Expected progress; `None` when no child has data.
    pub expected: Option<f64>,
    /// The status.
    pub status: Status,
    /// Whether every child with data is met (and there is one).
    pub met: bool,
    /// The goals this one feeds.
    pub contributes_to: Vec<String>,
    /// Its children, in id order.
    pub children: Vec<Contribution>,
    /// How progress was computed, with one part per child.
    pub explanation: Explanation,
}

/// A leading indicator, listed on its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leading {
    /// The KPI id.
    pub id: String,
    /// Its status.
    pub status: Status,
    /// Its progress.
    pub progress: Option<f64>,
    /// Its expected progress.
    pub expected: f64,
}

/// The result of [`scorecard`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    /// The as-of date.
    pub as_of: Date,
    /// Every KPI, in document order.
    pub kpis: Vec<KpiScore>,
    /// Every goal, in document order.
    pub goals: Vec<GoalScore>,
    /// The leading indicators, in document order.
    pub leading: Vec<Leading>,
    /// Goals of strategic plans, in document order: the tops of the tree.
    pub strategic: Vec<String>,
    /// The options used.
    pub options: ScorecardOptions,
}

impl Scorecard {
    /// The KPI with an id.
    pub fn kpi(&self, id: &str) -> Option<&KpiScore> {
        self.kpis.iter().find(|k| k.id == id)
    }
    /// The goal with an id.
    pub fn goal(&self, id: &str) -> Option<&GoalScore> {
        self.goals.iter().find(|g| g.id == id)
    }
}

/// Formats a number for explanations: at most 4 decimals, no trailing zeros.
pub(crate) fn num(x: f64) -> String {
    let mut buf = [0u8; 40];
    match num_fast(x, &mut buf) {
        Some(s) => s.to_string(),
        None => crate::values::fixed_trimmed(x, 4),
    }
}

/// [`num`] as a `Display`, for `format!` arguments (no intermediate
/// string).
#[derive(Clone, Copy)]
pub(crate) struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = [0u8; 40];
        match num_fast(self.0, &mut buf) {
            Some(s) => f.write_str(s),
            None => f.write_str(&crate::values::fixed_trimmed(self.0, 4)),
        }
    }
}

/// The fast path of [`num`]: when x × 10⁴ is not within a millionth of a
/// rounding tie, rounding it in floating point gives the same four
/// decimals as exact formatting (its error is far below 10⁻⁶), without
/// the big-number arithmetic of exact float formatting. `None` near a
/// tie or for huge or non-finite values.
fn num_fast(x: f64, buf: &mut [u8; 40]) -> Option<&str> {
    let r = x * 10_000.0;
    if !(r.is_finite() && r.abs() < 1e15) {
        return None;
    }
    let frac = r - r.floor();
    if (frac - 0.5).abs() <= 1e-6 {
        return None;
    }
    let k = r.round() as i64;
    let (int, dec) = (k.unsigned_abs() / 10_000, k.unsigned_abs() % 10_000);
    // digits written from the end of the buffer
    let mut i = buf.len();
    let mut put = |c: u8, i: &mut usize| {
        *i -= 1;
        buf[*i] = c;
    };
    if dec != 0 {
        let mut d = dec;
        let mut trailing = true;
        for _ in 0..4 {
            let c = (d % 10) as u8;
            d /= 10;
            if trailing && c == 0 {
                continue;
            }
            trailing = false;
            put(b'0' + c, &mut i);
        }
        put(b'.', &mut i);
    }
    let mut v = int;
    loop {
        put(b'0' + (v % 10) as u8, &mut i);
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if k < 0 {
        put(b'-', &mut i);
    }
    std::str::from_utf8(&buf[i..]).ok()
}

fn check_options(o: &ScorecardOptions) -> Result<(), Error> {
    let ok = o.on_track.is_finite()
        && o.at_risk.is_finite()
        && o.at_risk >= 0.0
        && o.on_track >= o.at_risk
        && o.default_cap.is_finite()
        && o.default_cap > 0.0;
    if ok {
        Ok(())
    } else {
        Err(Error::calc(
            crate::error::codes::BAD_OPTION,
            None,
            "thresholds must be finite with 0 <= at_risk <= on_track, and default_cap finite and > 0",
        ))
    }
}

/// Computes the scorecard as of a date.
///
/// Errors: `bad_option` for unusable options; `non_finite_result` if an
/// aggregation overflows. The model was validated when it was built, so
/// NaN, infinite values, target = baseline, weights ≤ 0 and goal cycles
/// never reach this function (see [`crate::validate()`]).
pub fn scorecard(model: &Model, as_of: Date, opts: &ScorecardOptions) -> Result<Scorecard, Error> {
    check_options(opts)?;
    let doc = model.document();
    let ix = model.index();
    let plan_of = |loc: (u32, u32)| &doc.plans[loc.0 as usize];

    let mut kpis = Vec::with_capacity(ix.kpis.len());
    for (d, &loc) in ix.kpis.iter().enumerate() {
        kpi::score(
            model.kpi(d as u32),
            &plan_of(loc).id,
            as_of,
            opts,
            &mut kpis,
        )?;
    }

    // children of each goal, sorted by id
    let ng = ix.goals.len();
    let mut children: Vec<Vec<(rollup::Child, f64)>> = vec![Vec::new(); ng];
    for (d, _) in ix.kpis.iter().enumerate() {
        for l in &model.kpi(d as u32).goals {
            if let Some(g) = ix.of_kind(&l.goal, EntityKind::Goal) {
                children[g as usize].push((rollup::Child::Kpi(d as u32), l.weight));
            }
        }
    }
    for g in 0..ng {
        for l in &model.goal(g as u32).contributes_to {
            if let Some(t) = ix.of_kind(&l.goal, EntityKind::Goal) {
                children[t as usize].push((rollup::Child::Goal(g as u32), l.weight));
            }
        }
    }
    let child_id = |c: rollup::Child| match c {
        rollup::Child::Kpi(k) => model.kpi(k).id.as_str(),
        rollup::Child::Goal(g) => model.goal(g).id.as_str(),
    };
    for list in &mut children {
        crate::sort::by(list, |a, b| child_id(a.0).cmp(child_id(b.0)));
    }

    let mut goals: Vec<Option<GoalScore>> = vec![None; ng];
    for &g in &ix.goal_order {
        let gs = rollup::roll_goal(model, g, &children[g as usize], &kpis, &goals, opts, as_of)?;
        goals[g as usize] = Some(gs);
    }
    let goals: Vec<GoalScore> = goals.into_iter().flatten().collect();
    if goals.len() != ng {
        return Err(Error::calc(
            crate::error::codes::INTERNAL,
            None,
            "the goal order does not cover every goal",
        ));
    }
    let leading = kpis
        .iter()
        .filter(|k| k.leading)
        .map(|k| Leading {
            id: k.id.clone(),
            status: k.status,
            progress: k.progress,
            expected: k.expected,
        })
        .collect();
    let strategic = goals
        .iter()
        .filter(|g| g.plan_kind == PlanKind::Strategic)
        .map(|g| g.id.clone())
        .collect();
    Ok(Scorecard {
        as_of,
        kpis,
        goals,
        leading,
        strategic,
        options: opts.clone(),
    })
}

#[cfg(test)]
mod tests;
