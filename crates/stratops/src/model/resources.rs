//! Resources and rates, cost lines, risks, and calendars.

use super::*;

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
