//! The plan model: the Rust types of the `stratops/1` file format.
//!
//! A [`Document`] holds one organisation's plans. Every entity has a string
//! `id` that is unique across the whole document, so a task in an operational
//! plan can name a goal of the strategic plan. Unknown data belongs in the
//! `extensions` object that every entity carries; it survives a load/save
//! round trip untouched. Any other unknown field is a load error
//! (`unknown_field`), so a typo such as `"duraton"` cannot be silently ignored.

mod resources;
mod strategy;
mod task;

pub use resources::*;
pub use strategy::*;
pub use task::*;

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
