//! The strategy: goals and their links, KPIs, measurements and bands.

use super::*;

/// A weighted link from a goal or KPI to the goal it feeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalLink {
    /// The goal fed.
    pub goal: String,
    /// The weight (default 1); must be > 0.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}
fn is_one(w: &f64) -> bool {
    *w == 1.0
}

/// How a goal's progress is computed from its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rollup {
    /// The weighted mean of the children with data (the default).
    #[default]
    WeightedMean,
    /// The weakest child.
    Min,
    /// 1 when every child is met, else the share met.
    AllMet,
}

/// How a goal's status is computed from its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusRollup {
    /// The worst child status (the default).
    #[default]
    Worst,
    /// The status of the weighted pace.
    Weighted,
}

/// The manual part of a goal's SMART checklist. "Measurable" (has a KPI),
/// "owned" and "time-bound" are derived from the model.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Smart {
    /// The goal is specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specific: Option<bool>,
    /// The goal is achievable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievable: Option<bool>,
    /// The goal is relevant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relevant: Option<bool>,
}

/// A goal, objective or priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Unique id.
    pub id: String,
    /// The goal's statement.
    pub name: String,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who is accountable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// The goals this one feeds, with weights. Forms a DAG across plans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributes_to: Vec<GoalLink>,
    /// How progress rolls up from children.
    #[serde(default, skip_serializing_if = "is_default_rollup")]
    pub rollup: Rollup,
    /// How status rolls up from children.
    #[serde(default, skip_serializing_if = "is_default_status_rollup")]
    pub status_rollup: StatusRollup,
    /// The manual SMART checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smart: Option<Smart>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_default_rollup(r: &Rollup) -> bool {
    *r == Rollup::WeightedMean
}
fn is_default_status_rollup(r: &StatusRollup) -> bool {
    *r == StatusRollup::Worst
}

/// Which direction of a KPI is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Up is good: progress is (v - b) / (g - b).
    Increase,
    /// Down is good: the same formula, with g < b.
    Decrease,
    /// Met while v >= target.
    AtLeast,
    /// Met while v <= target.
    AtMost,
    /// Met while v is inside `range`.
    Range,
}

/// How measurements in a period combine into the current value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The latest measurement (the default).
    #[default]
    Last,
    /// The sum of the measurements.
    Sum,
    /// The mean of the measurements.
    Average,
    /// Sum of numerators over sum of denominators.
    Ratio,
}

/// A value at a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// The value.
    pub value: f64,
    /// The date.
    pub date: Date,
}

/// The acceptable band of a `range` KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lower bound.
    pub lo: f64,
    /// The upper bound.
    pub hi: f64,
    /// The distance outside the band at which progress falls to 0.
    pub tolerance: f64,
}

/// One measurement of a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// When it was measured.
    pub date: Date,
    /// The value (the numerator for a `ratio` KPI).
    pub value: f64,
    /// The denominator, for a `ratio` KPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<f64>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A KPI, metric or key result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Unique id.
    pub id: String,
    /// What is measured.
    pub name: String,
    /// Who reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The goals it feeds, with weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<GoalLink>,
    /// The unit, such as "%" or "devices".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Which direction is good.
    pub polarity: Polarity,
    /// Where it started.
    pub baseline: Point,
    /// Where it should be, and when.
    pub target: Point,
    /// The band of a `range` KPI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Band>,
    /// Intermediate targets; expected progress is piecewise linear through them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Point>,
    /// A stretch value beyond the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stretch: Option<f64>,
    /// The upper bound of progress (default 1). Above 1 allows over-achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<f64>,
    /// The measurements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// How measurements combine.
    #[serde(default, skip_serializing_if = "is_default_agg")]
    pub aggregation: Aggregation,
    /// A leading indicator.
    #[serde(default, skip_serializing_if = "is_false")]
    pub leading: bool,
    /// How often it should be measured; older data is stale. Written as an
    /// elapsed duration such as `"1emo"` or `"7ed"`, or `"monthly"`,
    /// `"weekly"`, `"quarterly"`, `"daily"`, `"yearly"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_default_agg(a: &Aggregation) -> bool {
    *a == Aggregation::Last
}
