//! The plan model: the Rust types of the `stratops/1` file format.
//!
//! A [`Document`] holds one organisation's plans. Every entity has a string
//! `id` that is unique across the whole document, so a task in an operational
//! plan can name a goal of the strategic plan. Unknown data belongs in the
//! `extensions` object that every entity carries; it survives a load/save
//! round trip untouched. Any other unknown field is a load error
//! (`unknown_field`), so a typo such as `"duraton"` cannot be silently ignored.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::values::{Date, DateOrTime, DateTime, Duration, Money, UnitScale};

/// Free-form data kept verbatim through a load/save round trip.
pub type Extensions = BTreeMap<String, serde_json::Value>;

/// The format tag written at the top of every document.
pub const FORMAT: &str = "stratops/1";

fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole stratops document: one organisation's plans, shared resources and
/// calendars, and the unit settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `"stratops/1"`.
    pub format: String,
    /// The organisation's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The document's currency, an ISO 4217 code. Every plan and cost line
    /// must use it. Defaults to `USD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Unit conversions and scheduling defaults.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// Working-time calendars. The built-in `standard` calendar (Monday to
    /// Friday, 08:00-12:00 and 13:00-17:00) exists even when not listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendars: Vec<Calendar>,
    /// People, roles, teams, vendors, materials and tools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// The plans.
    #[serde(default)]
    pub plans: Vec<Plan>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// Unit conversions and scheduling defaults of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Working minutes in a day, used to convert `d` (default 480).
    #[serde(default = "d480")]
    pub minutes_per_day: i64,
    /// Working minutes in a week, used to convert `w` (default 2400).
    #[serde(default = "d2400")]
    pub minutes_per_week: i64,
    /// Working days in a month, used to convert `mo` (default 20).
    #[serde(default = "d20")]
    pub days_per_month: i64,
    /// The calendar used when neither task nor plan names one (default
    /// `standard`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Whether SNLT/FNLT constraints cap the early dates (MS Project's
    /// "tasks will always honor their constraint dates", on by default).
    #[serde(default = "dtrue")]
    pub honor_constraints: bool,
    /// Tasks whose total float, in working minutes, is at most this are
    /// critical (default 0).
    #[serde(default)]
    pub critical_threshold_min: i64,
}

fn d480() -> i64 {
    480
}
fn d2400() -> i64 {
    2400
}
fn d20() -> i64 {
    20
}
fn dtrue() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            minutes_per_day: 480,
            minutes_per_week: 2400,
            days_per_month: 20,
            calendar: None,
            honor_constraints: true,
            critical_threshold_min: 0,
        }
    }
}

impl Settings {
    fn is_default(&self) -> bool {
        *self == Settings::default()
    }
    /// The unit scale for converting durations.
    pub fn scale(&self) -> UnitScale {
        UnitScale {
            minutes_per_day: self.minutes_per_day,
            minutes_per_week: self.minutes_per_week,
            days_per_month: self.days_per_month,
        }
    }
}

/// The four kinds of plan.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// 1-10 years: vision, goals, KPIs, initiatives.
    Strategic,
    /// A year or less: the day-to-day work that carries out the strategy.
    Operational,
    /// A month or a quarter, such as the quarterly "rocks".
    Tactical,
    /// A temporary effort with a clear end.
    Project,
}

/// A start and end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// The first day. Tasks with no predecessor start here.
    pub start: Date,
    /// The last day.
    pub end: Date,
}

/// A person and the role they play for a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// Who: a name, or a resource id.
    pub person: String,
    /// Their role, such as "sponsor" or "decision maker".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// How a plan's progress is communicated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    /// Channels such as "email" or "#it-security".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
    /// How often updates go out, such as "weekly".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadence: Option<String>,
    /// Who receives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// Whom to call when something is on fire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// A dated comment on a plan or task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// What.
    pub text: String,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// A plan: strategic, operational, tactical or project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Unique id.
    pub id: String,
    /// The kind.
    pub kind: PlanKind,
    /// The title.
    pub name: String,
    /// The start and end dates.
    pub horizon: Horizon,
    /// The time of day work starts on the horizon's first day, `HH:MM`
    /// (MS Project's project start time, such as 09:00). Absent: the first
    /// working minute of the day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Who owns the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The plan this one carries out (for example an operational plan's
    /// strategic plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Goals this whole plan supports; its tasks and cost lines inherit them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<String>,
    /// The default calendar of the plan's tasks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The plan's currency; if given it must equal the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The vision statement (strategic plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vision: Option<String>,
    /// The mission statement (strategic plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    /// The executive summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executive_summary: Option<String>,
    /// How decisions are made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_framework: Option<String>,
    /// Stakeholders and their roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stakeholders: Vec<Stakeholder>,
    /// The communication protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication: Option<Communication>,
    /// The budget cap of the whole plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    /// Budget caps per cost category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub category_budgets: BTreeMap<String, Money>,
    /// Management reserve, as a percentage of the base total, added to the
    /// risk contingency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_reserve_pct: Option<Money>,
    /// Goals, objectives and priorities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// KPIs, metrics and key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
    /// Work items: tasks, milestones and summaries (the WBS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Cost lines, attached to a task or to the plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub costs: Vec<CostLine>,
    /// The risk register.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Saved baselines, numbered 0-10 (MS Project's Baseline, Baseline1 ...
    /// Baseline10); baseline 0 is the one earned value compares against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baselines: Vec<Baseline>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Dated comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

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

/// Task, milestone or summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Ordinary work (the default). A task with children is a summary
    /// whatever its kind says.
    #[default]
    Task,
    /// Zero duration.
    Milestone,
    /// Spans its children.
    Summary,
}

/// The four link types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub enum LinkType {
    /// Finish-to-start (the default).
    #[default]
    FS,
    /// Start-to-start.
    SS,
    /// Finish-to-finish.
    FF,
    /// Start-to-finish.
    SF,
}

/// A dependency on a predecessor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The predecessor's id.
    pub predecessor: String,
    /// The link type (default FS).
    #[serde(rename = "type", default, skip_serializing_if = "is_fs")]
    pub link_type: LinkType,
    /// The lag: may be negative, elapsed (`"2ed"`), or a percentage of the
    /// predecessor's duration (`"50%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<Duration>,
}

fn is_fs(t: &LinkType) -> bool {
    *t == LinkType::FS
}

/// The eight constraint types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ConstraintType {
    /// As soon as possible.
    ASAP,
    /// As late as possible.
    ALAP,
    /// Start no earlier than.
    SNET,
    /// Start no later than.
    SNLT,
    /// Finish no earlier than.
    FNET,
    /// Finish no later than.
    FNLT,
    /// Must start on.
    MSO,
    /// Must finish on.
    MFO,
}

/// A date constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// The type.
    #[serde(rename = "type")]
    pub kind: ConstraintType,
    /// The date; required for every type but ASAP and ALAP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateOrTime>,
}

/// A RACI role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Raci {
    /// Does the work (the default).
    #[default]
    Responsible,
    /// Answers for it; exactly one per task.
    Accountable,
    /// Asked before.
    Consulted,
    /// Told after.
    Informed,
}

/// A resource assigned to a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The resource id.
    pub resource: String,
    /// The RACI role.
    #[serde(default)]
    pub role: Raci,
    /// Hours of effort (MS Project's assignment work).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// The share of the resource's time on this task: 1.0 = 100%. When set
    /// (with `hours`), the assignment drives the task's dates: its work
    /// takes `hours / units` of the resource's calendar (see
    /// [`Task::task_type`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<f64>,
    /// Timephased work (MS Project's contoured, hand-edited and split
    /// assignments): the periods the work was laid out in, in order, each
    /// with the hours worked in it. When present, the assignment takes the
    /// working time its periods span on the resource's calendar (first
    /// period's start to last period's finish), wherever the task starts,
    /// instead of `hours / units`: a period with no work, or a gap between
    /// periods, is a split that pushes the finish back. Absent: the work is
    /// spread evenly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timephased: Vec<WorkPeriod>,
    /// How the work is spread over the assignment (MS Project's work
    /// contour). Absent: flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contour: Option<Contour>,
}

/// MS Project's work contours. A predefined contour divides the assignment
/// into ten equal slices of working time and gives each a share of the
/// units; the work then takes `hours / (units × mean share)` of the
/// resource's calendar.
///
/// | contour | shares, % | mean |
/// |---|---|---|
/// | flat | 100 × 10 | 1.0 |
/// | back_loaded | 10 15 25 50 50 75 75 100 100 100 | 0.6 |
/// | front_loaded | 100 100 100 75 75 50 50 25 15 10 | 0.6 |
/// | double_peak | 25 50 100 50 25 25 50 100 50 25 | 0.5 |
/// | bell | 10 20 40 80 100 100 80 40 20 10 | 0.5 |
/// | turtle | 25 50 75 100 100 100 100 75 50 25 | 0.7 |
///
/// `early_peak`, `late_peak` and `contoured` (hand-edited) have no table
/// here: the assignment's [`Assignment::timephased`] periods give its span
/// when present, else it is scheduled flat (with a `contour_flat` warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Contour {
    /// Even work (the default).
    Flat,
    /// Rising to the end.
    BackLoaded,
    /// Falling from the start.
    FrontLoaded,
    /// Two peaks.
    DoublePeak,
    /// A ramp up to an early peak.
    EarlyPeak,
    /// A late peak after a ramp up.
    LatePeak,
    /// One peak in the middle.
    Bell,
    /// A bell with a broad top.
    Turtle,
    /// Edited by hand: the timephased periods are the shape.
    Contoured,
}

impl Contour {
    /// The mean share of the units over the ten slices, for the contours
    /// with a table (see the type's docs); `None` for the others.
    ///
    /// ```
    /// use stratops::Contour;
    /// assert_eq!(Contour::Turtle.mean_share(), Some(0.7));
    /// assert_eq!(Contour::Contoured.mean_share(), None);
    /// ```
    pub fn mean_share(self) -> Option<f64> {
        match self {
            Contour::Flat => Some(1.0),
            Contour::BackLoaded | Contour::FrontLoaded => Some(0.6),
            Contour::DoublePeak | Contour::Bell => Some(0.5),
            Contour::Turtle => Some(0.7),
            Contour::EarlyPeak | Contour::LatePeak | Contour::Contoured => None,
        }
    }

    /// MS Project's `WorkContour` number (0-8).
    pub fn mspdi(self) -> u8 {
        self as u8
    }

    /// The contour for MS Project's `WorkContour` number.
    pub fn from_mspdi(n: i64) -> Option<Contour> {
        use Contour::*;
        [
            Flat,
            BackLoaded,
            FrontLoaded,
            DoublePeak,
            EarlyPeak,
            LatePeak,
            Bell,
            Turtle,
            Contoured,
        ]
        .get(usize::try_from(n).ok()?)
        .copied()
    }
}

/// One period of an assignment's timephased work.
///
/// # Example
/// ```
/// use stratops::WorkPeriod;
/// let p: WorkPeriod = serde_json::from_str(
///     r#"{"start": "2025-03-03T08:00", "finish": "2025-03-04T08:00", "hours": 6.5}"#,
/// ).unwrap();
/// assert!(!p.actual);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPeriod {
    /// When the period starts.
    pub start: DateTime,
    /// When it ends (after `start`).
    pub finish: DateTime,
    /// Hours of work in the period (0: the assignment is split here).
    pub hours: f64,
    /// Work already done (MS Project's actual work) rather than remaining.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actual: bool,
}

/// Progress of a task.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Percent complete, 0-100.
    #[serde(default)]
    pub percent_complete: f64,
    /// When it actually started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<DateOrTime>,
    /// When it actually finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_finish: Option<DateOrTime>,
    /// Remaining duration, if estimated separately.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Duration>,
    /// How earned value credits the task's progress (default
    /// `percent_complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ev_method: Option<EvMethod>,
}

/// The distributions of a three-point estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Triangular on (optimistic, most likely, pessimistic) (the default).
    #[default]
    Triangular,
    /// Beta-PERT: mean (a + 4m + b) / 6.
    Pert,
    /// Uniform between optimistic and pessimistic.
    Uniform,
}

/// A three-point estimate of a task's duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// The shortest it could take.
    pub optimistic: Duration,
    /// The likeliest.
    pub most_likely: Duration,
    /// The longest.
    pub pessimistic: Duration,
    /// The distribution (default triangular).
    #[serde(default)]
    pub distribution: Distribution,
}

/// How earned value credits a task's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvMethod {
    /// EV = BAC × percent complete (the default).
    #[default]
    PercentComplete,
    /// Nothing until complete, then all of it.
    ZeroHundred,
    /// Half when started, all when complete.
    FiftyFifty,
}

/// One saved baseline of a plan: each task's dates, duration, work and
/// cost when it was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 0-10.
    pub number: i64,
    /// The day it was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<Date>,
    /// The status date it was saved at, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<Date>,
    /// The tasks' baseline figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<BaselineTask>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// One task's figures in a baseline; any may be absent (MS Project saves
/// them field by field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineTask {
    /// The task id.
    pub task: String,
    /// The baseline start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateOrTime>,
    /// The baseline finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<DateOrTime>,
    /// The baseline duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// The baseline work, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_hours: Option<f64>,
    /// The baseline cost (the budget at completion of the task, with its
    /// WBS descendants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
}

/// A dated actual cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedAmount {
    /// The day it was spent.
    pub date: Date,
    /// How much.
    pub amount: Money,
}

/// MS Project's task types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskType {
    /// Units stay when work or duration change; dates come from the
    /// assignments (MS Project's default).
    FixedUnits,
    /// The duration stays; assignments do not move the dates.
    FixedDuration,
    /// Work stays; dates come from the assignments.
    FixedWork,
}

/// The entered dates of a manually scheduled task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manual {
    /// The entered start. Without it, the plan's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateOrTime>,
    /// The entered finish. Without it, the start plus the duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<DateOrTime>,
    /// The dates were never entered (MS Project keeps only text such as
    /// `StartText` for such a task): it is scheduled as above but is never
    /// critical.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
}

/// A work item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The parent task in the WBS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Task, milestone or summary.
    #[serde(default, skip_serializing_if = "is_task_kind")]
    pub kind: TaskKind,
    /// The duration (working days if a bare number). Ignored for summaries
    /// and milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Predecessors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// A date constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// A deadline: caps the late finish without moving the early dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateOrTime>,
    /// The task's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Who works on it, in which RACI role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What it delivers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<String>,
    /// Goals it supports; children inherit their ancestors' goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<String>,
    /// Progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// The duration's uncertainty, for the schedule risk simulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// How duration, work and units relate (MS Project's task type):
    /// `fixed_units` (the default) and `fixed_work` tasks are scheduled from
    /// their resource assignments that have `units`; a `fixed_duration`
    /// task keeps its duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type: Option<TaskType>,
    /// Effort-driven: adding a resource shortens the task, keeping its work
    /// (MS Project's flag; kept for editing, it does not change a schedule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub effort_driven: bool,
    /// Manually scheduled (MS Project's "Manual" task mode): the entered
    /// dates are the task's early dates, whatever its links and constraints
    /// say; its late dates still come from the logic. Absent: scheduled
    /// automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<Manual>,
    /// Leveling priority, 0-1000 as in MS Project: leveling delays tasks of
    /// lower priority first, and 1000 means "do not level". Absent: 500,
    /// MS Project's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Dated comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_task_kind(k: &TaskKind) -> bool {
    *k == TaskKind::Task
}

/// The kinds of resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// A named person (the default).
    #[default]
    Person,
    /// A generic role.
    Role,
    /// A team.
    Team,
    /// An outside vendor.
    Vendor,
    /// A consumable material.
    Material,
    /// A tool or licence.
    Tool,
}

/// An hourly rate that takes effect on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// The first day the rate applies. Omitted: from the beginning of time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// The standard hourly rate.
    pub standard: Money,
}

/// A person, role, team, vendor, material or tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Unique id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The kind.
    #[serde(default, skip_serializing_if = "is_person")]
    pub kind: ResourceKind,
    /// Effective-dated hourly rates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<Rate>,
    /// The resource's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Capacity in units (1.0 = one full-time person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// Contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_person(k: &ResourceKind) -> bool {
    *k == ResourceKind::Person
}

/// The three kinds of cost line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// A fixed `amount`.
    Fixed,
    /// `hours` x the `resource`'s rate on the task's dates.
    Labour,
    /// `quantity` x `unit_price`.
    Unit,
}

/// When a cost is incurred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Accrual {
    /// All at the task's start.
    Start,
    /// Spread over the task's working time (the default).
    #[default]
    Prorated,
    /// All at the task's finish.
    End,
}

/// A cost line, attached to a task or to its plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostLine {
    /// Unique id.
    pub id: String,
    /// The category, such as "software", "training", "labour" or "vendor".
    pub category: String,
    /// The kind, which says which amount fields are used.
    pub kind: CostKind,
    /// What it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The task it belongs to; without one, it belongs to the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// The amount of a `fixed` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// The resource of a `labour` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Hours of a `labour` line; defaults to the task's assignment hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Money>,
    /// Quantity of a `unit` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Money>,
    /// Unit price of a `unit` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Money>,
    /// When it is incurred.
    #[serde(default, skip_serializing_if = "is_prorated")]
    pub accrual: Accrual,
    /// What has actually been spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Money>,
    /// What was spent, and when: earned value's actual cost as of a date
    /// counts the amounts dated on or before it. When given, their sum is
    /// the line's actual (and `actual`, if also given, must equal it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actuals: Vec<DatedAmount>,
    /// The line is a credit, so a negative amount is allowed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub credit: bool,
    /// The line's currency; if given it must equal the document's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Goals this line supports directly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_prorated(a: &Accrual) -> bool {
    *a == Accrual::Prorated
}

/// Risk categories, as in the operational-planning seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskCategory {
    /// Key people leaving, skill gaps, low adoption.
    People,
    /// System failures, vulnerabilities, integration.
    Technology,
    /// Delivery delays, quality, contracts.
    Vendor,
    /// Optimistic deadlines, scope creep, dependent delays.
    Timeline,
    /// Anything else.
    #[default]
    Other,
}

/// Risk responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskResponse {
    /// Remove the cause.
    Avoid,
    /// Reduce likelihood or impact.
    Mitigate,
    /// Hand it to someone else (insurance, contract).
    Transfer,
    /// Live with it.
    Accept,
    /// Raise it to a higher level.
    Escalate,
}

/// What a risk would do if it happened.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    /// The cost if it happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// The schedule delay if it happens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<Duration>,
    /// A 1-5 impact score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
}

/// An entry of the risk register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Unique id.
    pub id: String,
    /// The category.
    #[serde(default)]
    pub category: RiskCategory,
    /// What could go wrong.
    pub description: String,
    /// The assumption it threatens ("what am I assuming will go right?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// Probability from 0 to 1. If absent, derived from `likelihood`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// Likelihood on a 1-5 scale. If absent, derived from `probability`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<u8>,
    /// The impact.
    #[serde(default)]
    pub impact: Impact,
    /// Who watches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The response strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RiskResponse>,
    /// The if-then plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_then: Option<String>,
    /// When to check whether it has happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_date: Option<Date>,
    /// The tasks it affects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<String>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// A working interval within a day, `"08:00"` to `"12:00"`. `"24:00"` is
/// allowed as an end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// The start, `HH:MM`.
    pub from: String,
    /// The end, `HH:MM` (up to `24:00`).
    pub to: String,
}

/// The weekly pattern of a calendar. A day left out inherits from the base
/// calendar, or from `standard` when there is none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Week {
    /// Monday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monday: Option<Vec<Interval>>,
    /// Tuesday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuesday: Option<Vec<Interval>>,
    /// Wednesday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wednesday: Option<Vec<Interval>>,
    /// Thursday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thursday: Option<Vec<Interval>>,
    /// Friday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friday: Option<Vec<Interval>>,
    /// Saturday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturday: Option<Vec<Interval>>,
    /// Sunday's working intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunday: Option<Vec<Interval>>,
}

impl Week {
    /// The days Monday..Sunday as an array.
    pub fn days(&self) -> [&Option<Vec<Interval>>; 7] {
        [
            &self.monday,
            &self.tuesday,
            &self.wednesday,
            &self.thursday,
            &self.friday,
            &self.saturday,
            &self.sunday,
        ]
    }
}

/// A calendar exception: dates that are non-working, or that have their own
/// working intervals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarException {
    /// A name such as "Christmas".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The first date.
    pub from: Date,
    /// The last date (default: `from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// The working intervals on these dates; empty means non-working.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intervals: Vec<Interval>,
}

/// A working-time calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Unique id.
    pub id: String,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The calendar this one is based on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The weekly pattern.
    #[serde(default)]
    pub week: Week,
    /// Exceptions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<CalendarException>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

impl Document {
    /// An empty document with the format tag set.
    pub fn new() -> Document {
        Document {
            format: FORMAT.to_string(),
            organisation: None,
            currency: None,
            settings: Settings::default(),
            calendars: vec![],
            resources: vec![],
            plans: vec![],
            extensions: Extensions::new(),
        }
    }
    /// The document currency (default `USD`).
    pub fn currency(&self) -> &str {
        self.currency.as_deref().unwrap_or("USD")
    }
}

impl Default for Document {
    fn default() -> Self {
        Document::new()
    }
}
