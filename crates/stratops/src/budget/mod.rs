//! The budget engine: exact totals by task (with the WBS rolled up), plan,
//! category, resource, owner, goal and period; contingency from risks; and
//! budget against actual.
//!
//! ```
//! let model = stratops::Model::from_json(r#"{"format": "stratops/1", "currency": "USD",
//!   "resources": [{"id": "alex", "name": "Alex", "rates": [{"from": "2025-01-01", "standard": "120.00"}]}],
//!   "plans": [{"id": "p", "kind": "project", "name": "P",
//!     "horizon": {"start": "2025-10-01", "end": "2025-12-31"},
//!     "tasks": [{"id": "a", "name": "Install", "duration": "3d"}],
//!     "costs": [
//!       {"id": "c1", "category": "software", "kind": "fixed", "task": "a", "amount": "5000.00"},
//!       {"id": "c2", "category": "labour", "kind": "labour", "task": "a", "resource": "alex", "hours": "40"}]}]}"#)?;
//! let s = stratops::schedule::schedule(&model, &Default::default())?;
//! let b = stratops::budget::budget(&model, Some(&s), &Default::default())?;
//! assert_eq!(b.total.to_string(), "9800.00");
//! assert_eq!(b.format(&b.total), "9,800.00 USD");
//! let e = &b.explain("c2")[0];
//! assert_eq!(e.formula, "40 h × 120.00 USD/h (rate of resource alex from 2025-01-01)");
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! # Decisions where DESIGN is silent
//! - **Amounts.** `fixed` is its `amount`; `unit` is `quantity × unit_price`;
//!   `labour` is `hours × rate`, where hours default to the sum of the
//!   task's assignment hours for the line's resource (`missing_hours`
//!   when there are none). A `credit` line only *permits* negative values:
//!   its amount is taken as written, so write a credit as `"-500.00"`.
//! - **Rates** take effect at 00:00 of their `from` date; the rate in force
//!   at an instant is the latest one that has taken effect. A task that
//!   spans a rate change splits its hours pro rata by its calendar's working
//!   minutes on each side; no rate in force on any worked piece is
//!   `missing_rate`.
//! - **Dates of a line.** A task line lives over the task's scheduled start
//!   and finish (late dates for ALAP tasks). A plan-level line, and *every*
//!   line when no schedule is given, lives over its plan's horizon, from
//!   00:00 of the first day to the end of the last, weighed by days; the
//!   rate of a labour line is then looked up over the horizon too.
//! - **Phasing.** `start` puts the whole amount in the month of the first
//!   minute, `end` in the month of the last minute, `prorated` splits it by
//!   the working minutes in each month (by wall-clock time if the task has
//!   no working minutes, such as a milestone). Quarters and years are sums of
//!   months, so every figure of every line is placed and `Σ by_month =
//!   total` exactly.
//! - **Exact pro-rata.** A split gives each piece its exact share when that
//!   share is a terminating decimal (40 h over 2:3 days is 16 h and 24 h).
//!   Otherwise the piece gets an exact fraction of the whole, a multiple of
//!   10^-12 chosen by largest remainder so the fractions sum to exactly 1
//!   (3000 over 23:20:1 working days gives 1568.181818181 to October). The
//!   last piece takes whatever is left, so splits always sum exactly to
//!   their line, and multiplying every amount by 10 multiplies every figure
//!   by 10 exactly. A non-terminating share differs from the infinitely
//!   precise one by at most 10^-12 of its line, far below a minor unit.
//! - **Owner** of a task line: the task's owner, else its nearest WBS
//!   ancestor's, else the plan's; `(unowned)` when none.
//! - **Goals.** A line supports its own `supports`, its task's, its task's
//!   WBS ancestors' and its plan's. Its full amount is attributed to each
//!   goal, so **per-goal figures overlap and do not sum to the total**
//!   ([`Budget::goal_note`]). Goals are not rolled up through
//!   `contributes_to`.
//! - **By plan** is each plan's own lines (a line belongs to the plan that
//!   lists it), not rolled up through `parent`, so `Σ by_plan = total`.
//! - **By resource** counts lines that name a resource.
//! - **Contingency** per risk is `probability × impact.cost`: the
//!   probability is `probability` if given (read exactly from its shortest
//!   decimal form), else from `likelihood` 1..5 as 0.1, 0.3, 0.5, 0.7, 0.9;
//!   a risk with neither, or with no cost impact, adds nothing. Each plan
//!   adds `management_reserve_pct`% of its own base total. Contingency is
//!   reported beside the total, never in it.
//! - **Variance** is `budget − actual` (positive: money left); percent spent
//!   is `actual / budget × 100`, rounded to two decimals, and absent when
//!   there is no cap or the cap is zero. The planned variance is `budget −
//!   planned`.
//! - **Rounding** happens only in [`Budget::round`] and [`Budget::format`],
//!   to the currency's minor units, banker's rounding by default.
//! - **Overflow** of any product or sum is the error `overflow` naming the
//!   line (or the risk, plan, task, quarter or year whose total overflowed).

mod json;
pub(crate) mod lines;
pub(crate) mod phase;
pub use phase::MAX_PHASE_MONTHS;
mod report;

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::error::Error;
use crate::index::NONE;
use crate::model::{Accrual, CostKind};
use crate::schedule::Schedule;
use crate::values::{Date, DateTime, Money};
use crate::Model;

use lines::{line_cost, overflow, TaskFacts};
pub use report::AlignedShare;

/// The note attached to per-goal figures.
pub const GOAL_NOTE: &str = "each line's full amount is attributed to every goal it supports \
(directly, through its task and the task's WBS ancestors, or through its plan), so per-goal \
figures overlap and do not sum to the total";

/// The owner key of lines with no owner.
pub const UNOWNED: &str = "(unowned)";

/// Options of a budget run.
#[derive(Debug, Clone, Copy)]
pub struct BudgetOptions {
    /// How [`Budget::round`] rounds to the currency's minor unit (default:
    /// banker's rounding, `MidpointNearestEven`).
    pub rounding: RoundingStrategy,
}

impl Default for BudgetOptions {
    fn default() -> Self {
        BudgetOptions {
            rounding: RoundingStrategy::MidpointNearestEven,
        }
    }
}

/// How money is rounded to the currency's minor unit: the option names
/// every face takes (`rounding` of a budget run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half to even, banker's rounding (the default).
    #[default]
    HalfEven,
    /// Half away from zero.
    HalfUp,
    /// Half toward zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Toward zero.
    Down,
}

impl Rounding {
    /// The option's name.
    pub const OPTION: &'static str = "rounding";

    /// Parses `half_even`, `half_up`, `half_down`, `up` or `down`.
    ///
    /// ```
    /// use stratops::budget::Rounding;
    /// assert_eq!(Rounding::from_option("half_up").unwrap(), Rounding::HalfUp);
    /// assert_eq!(Rounding::from_option("nearest").unwrap_err().code(), "bad_option");
    /// ```
    pub fn from_option(s: &str) -> Result<Rounding, crate::Error> {
        match s {
            "half_even" => Ok(Rounding::HalfEven),
            "half_up" => Ok(Rounding::HalfUp),
            "half_down" => Ok(Rounding::HalfDown),
            "up" => Ok(Rounding::Up),
            "down" => Ok(Rounding::Down),
            other => Err(crate::Error::calc(
                crate::error::codes::BAD_OPTION,
                Some(Rounding::OPTION),
                format!("option rounding must be one of half_even, half_up, half_down, up, down, not {other:?}"),
            )),
        }
    }

    /// The decimal rounding strategy.
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
            Rounding::Down => RoundingStrategy::ToZero,
        }
    }
}

/// How a line was placed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhasedBy {
    /// Over its task's scheduled working time.
    Schedule,
    /// Over its plan's horizon, by days.
    Horizon,
}

/// One piece of a labour line: the hours worked while one rate was in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RatePiece {
    /// The rate's effective date (`None`: from the beginning).
    pub from: Option<Date>,
    /// The hourly rate.
    pub rate: Money,
    /// The hours at that rate.
    pub hours: Money,
    /// `hours × rate`.
    pub cost: Money,
}

/// The computed cost of one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineCost {
    /// The line id.
    pub id: String,
    /// The plan that lists it.
    pub plan: String,
    /// Its task, if any.
    pub task: Option<String>,
    /// Its category.
    pub category: String,
    /// Fixed, labour or unit.
    pub kind: CostKind,
    /// Its resource, if any.
    pub resource: Option<String>,
    /// Its owner: the task's (or nearest ancestor's), else the plan's.
    pub owner: Option<String>,
    /// The exact amount.
    pub amount: Money,
    /// What was actually spent.
    pub actual: Option<Money>,
    /// Its accrual.
    pub accrual: Accrual,
    /// Whether it is a credit.
    pub credit: bool,
    /// The hours of a labour line.
    pub hours: Option<Money>,
    /// The rate pieces of a labour line.
    pub rates: Vec<RatePiece>,
    /// The formula, such as `40 h × 120.00 USD/h (rate of resource alex from 2025-01-01)`.
    pub formula: String,
    /// Every goal the line supports, sorted; empty when it serves no goal.
    pub goals: Vec<String>,
    /// Whether it was placed by the schedule or by its plan's horizon.
    pub phased_by: PhasedBy,
    /// The start of the window it lives over.
    pub window_start: DateTime,
    /// The end of that window.
    pub window_finish: DateTime,
    /// Its amount by month `"YYYY-MM"`; the values sum exactly to `amount`.
    pub months: Months,
}

/// A line's amounts by month `"YYYY-MM"`, in month order, each month once.
/// Serialized as a JSON object, like a map; kept as a short list because a
/// line spans only a few months.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Months(Vec<(String, Money)>);

type MonthRef<'a> = (&'a String, &'a Money);
/// The iterator of [`Months::iter`].
pub type MonthIter<'a> =
    std::iter::Map<std::slice::Iter<'a, (String, Money)>, fn(&(String, Money)) -> MonthRef<'_>>;

impl Months {
    /// The months and their amounts, in month order.
    pub fn iter(&self) -> MonthIter<'_> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// The amounts, in month order.
    pub fn values(&self) -> impl Iterator<Item = &Money> {
        self.0.iter().map(|(_, v)| v)
    }
    /// The months, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    /// The amount of one month.
    pub fn get(&self, month: &str) -> Option<&Money> {
        self.0.iter().find(|(k, _)| k == month).map(|(_, v)| v)
    }
    /// How many months.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// As a sorted map.
    pub fn to_map(&self) -> BTreeMap<String, Money> {
        self.0.iter().cloned().collect()
    }
    /// Adds to a month; months arrive in order, so a repeat is the last.
    pub(crate) fn add(&mut self, month: String, v: Money) -> Option<()> {
        if self.0.last().is_none_or(|(k, _)| *k < month) {
            self.0.push((month, v));
            return Some(());
        }
        match self.0.iter_mut().rev().find(|(k, _)| *k == month) {
            Some((_, e)) => e.0 = e.0.checked_add(v.0)?,
            None => {
                self.0.push((month, v));
                self.0.sort_by(|a, b| a.0.cmp(&b.0));
            }
        }
        Some(())
    }
}

impl<'a> IntoIterator for &'a Months {
    type Item = MonthRef<'a>;
    type IntoIter = MonthIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Serialize for Months {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A task's cost: its own lines, and with its WBS descendants'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskCost {
    /// The lines attached to the task itself.
    pub own: Money,
    /// Own plus every descendant's lines.
    pub total: Money,
    /// The WBS children with cost in their subtree, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
}

/// The expected monetary value of one risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskEmv {
    /// The risk id.
    pub id: String,
    /// Its plan.
    pub plan: String,
    /// The probability used.
    pub probability: Money,
    /// Where it came from: `probability` or `likelihood`.
    pub probability_source: String,
    /// The cost impact.
    pub cost_impact: Money,
    /// `probability × cost_impact`.
    pub emv: Money,
}

/// A plan's contingency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanContingency {
    /// The plan id.
    pub plan: String,
    /// Σ EMV of its risks.
    pub risk_emv: Money,
    /// Its management reserve percentage.
    pub reserve_pct: Option<Money>,
    /// `reserve_pct / 100 × base total`.
    pub management_reserve: Money,
    /// `risk_emv + management_reserve`.
    pub total: Money,
}

/// Contingency: beside the base total, never in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contingency {
    /// Σ probability × cost impact over every risk.
    pub risk_emv: Money,
    /// Σ of the plans' management reserves.
    pub management_reserve: Money,
    /// `risk_emv + management_reserve`.
    pub total: Money,
    /// Per plan.
    pub plans: Vec<PlanContingency>,
    /// Per risk with a cost impact and a probability.
    pub risks: Vec<RiskEmv>,
}

/// Budget against actual for one cap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variance {
    /// The cap, if any.
    pub budget: Option<Money>,
    /// Σ of the lines' amounts.
    pub planned: Money,
    /// Σ of the lines' actuals.
    pub actual: Money,
    /// `budget − actual`.
    pub variance: Option<Money>,
    /// `budget − planned`.
    pub planned_variance: Option<Money>,
    /// `actual / budget × 100`, two decimals.
    pub percent_spent: Option<Money>,
}

/// Budget against actual for a plan and each of its categories.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVariance {
    /// The plan id.
    pub plan: String,
    /// The whole plan against `plan.budget`.
    #[serde(flatten)]
    pub total: Variance,
    /// Each category with a cap or a cost, against `category_budgets`.
    pub categories: BTreeMap<String, Variance>,
}

/// The result of a budget run. All figures are exact; use [`Budget::round`]
/// or [`Budget::format`] to present them.
#[derive(Debug, Clone, Serialize)]
pub struct Budget {
    /// The document currency.
    pub currency: String,
    /// Σ of every line.
    pub total: Money,
    /// Every line, in document order.
    pub lines: Vec<LineCost>,
    /// By task id, with the WBS rolled up; tasks with no line in their
    /// subtree are left out.
    pub by_task: BTreeMap<String, TaskCost>,
    /// By plan id (every plan, own lines only).
    pub by_plan: BTreeMap<String, Money>,
    /// By category.
    pub by_category: BTreeMap<String, Money>,
    /// By resource id, over lines that name one.
    pub by_resource: BTreeMap<String, Money>,
    /// By owner ([`UNOWNED`] for lines with none).
    pub by_owner: BTreeMap<String, Money>,
    /// By goal id. These overlap: see [`Budget::goal_note`].
    pub by_goal: BTreeMap<String, Money>,
    /// Why per-goal figures do not sum to the total.
    pub goal_note: String,
    /// By month `"YYYY-MM"`.
    pub by_month: BTreeMap<String, Money>,
    /// By quarter `"YYYY-Qn"`.
    pub by_quarter: BTreeMap<String, Money>,
    /// By year `"YYYY"`.
    pub by_year: BTreeMap<String, Money>,
    /// Whether task lines were phased by a schedule or by plan horizons.
    pub phased_by: PhasedBy,
    /// Contingency, beside the total.
    pub contingency: Contingency,
    /// Budget against actual, per plan.
    pub variance: Vec<PlanVariance>,
    #[serde(skip)]
    rounding: RoundingStrategy,
    #[serde(skip)]
    minor_units: u32,
}

/// Sums keyed by borrowed strings while the lines are walked (no key is
/// copied per line); turned into sorted owned maps at the end.
#[derive(Default)]
struct Sums<'a>(std::collections::HashMap<&'a str, Decimal, crate::index::IdHasher>);

impl<'a> Sums<'a> {
    fn add(&mut self, key: &'a str, v: Decimal, id: &str, what: &str) -> Result<(), Error> {
        let e = self.0.entry(key).or_default();
        *e = e.checked_add(v).ok_or_else(|| overflow(id, what))?;
        Ok(())
    }
    fn into_map(self) -> BTreeMap<String, Money> {
        self.0
            .into_iter()
            .map(|(k, v)| (k.to_string(), Money(v)))
            .collect()
    }
}

/// Sums months into quarters or years.
fn roll_periods(
    months: &BTreeMap<String, Money>,
    key: impl Fn(&str) -> String,
    what: &str,
) -> Result<BTreeMap<String, Money>, Error> {
    let mut out: BTreeMap<String, Money> = BTreeMap::new();
    for (m, v) in months {
        let k = key(m);
        let e = out.entry(k.clone()).or_default();
        e.0 = e.0.checked_add(v.0).ok_or_else(|| overflow(&k, what))?;
    }
    Ok(out)
}

/// Computes the budget of a validated model. With a schedule, task lines
/// are phased over their tasks' scheduled working time; without one, every
/// line is phased over its plan's horizon.
///
/// Errors, each naming the line: `missing_rate`, `missing_hours`,
/// `unknown_resource`, `negative_amount`, `currency_mismatch`, `overflow`,
/// `schedule_mismatch`.
///
/// # Example
/// ```
/// use stratops::budget::{budget, BudgetOptions};
/// let model = stratops::Model::from_json(r#"{"format": "stratops/1",
///   "resources": [{"id": "r", "name": "R", "rates": [{"standard": "100"}]}],
///   "plans": [{"id": "p", "kind": "project", "name": "P",
///     "horizon": {"start": "2025-01-01", "end": "2025-02-28"},
///     "costs": [{"id": "c", "category": "labour", "kind": "labour", "resource": "r", "hours": "59"}]}]}"#)?;
/// // No schedule: the plan-level line is spread over the horizon's days,
/// // 31 in January and 28 in February: 59 h × 100 = 3100 + 2800.
/// let b = budget(&model, None, &BudgetOptions::default())?;
/// assert_eq!(b.by_month["2025-01"].to_string(), "3100");
/// assert_eq!(b.by_month["2025-02"].to_string(), "2800");
/// let err = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{"id": "p",
///   "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-01-31"},
///   "costs": [{"id": "c", "category": "x", "kind": "fixed", "amount": "-5"}]}]}"#).unwrap_err();
/// assert_eq!(err.id(), Some("c"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn budget(
    model: &Model,
    schedule: Option<&Schedule>,
    opts: &BudgetOptions,
) -> Result<Budget, Error> {
    let doc = model.document();
    let ix = model.index();
    if let Some(s) = schedule {
        let same = s.tasks.len() == ix.tasks.len()
            && s.tasks
                .iter()
                .enumerate()
                .all(|(i, t)| t.id == model.task(i as u32).id);
        if !same {
            return Err(Error::calc(
                "schedule_mismatch",
                None,
                "the schedule was computed for another model",
            ));
        }
    }
    let currency = doc.currency().to_string();
    let facts = TaskFacts::new(model);
    let mut stamp = vec![u32::MAX; ix.goals.len()];
    let mut lines = Vec::with_capacity(ix.costs.len());
    let mut line_task: Vec<u32> = Vec::with_capacity(ix.costs.len());
    for plan in &doc.plans {
        for c in &plan.costs {
            let n = lines.len() as u32;
            let (line, task) = line_cost(model, schedule, &facts, plan, c, &mut stamp, n)?;
            lines.push(line);
            line_task.push(task.unwrap_or(NONE));
        }
    }

    let mut total = Money::ZERO;
    let mut by_plan = Sums::default();
    for p in &doc.plans {
        by_plan.0.insert(p.id.as_str(), Decimal::ZERO);
    }
    let mut by_category = Sums::default();
    let mut by_resource = Sums::default();
    let mut by_owner = Sums::default();
    let mut by_goal = Sums::default();
    let mut by_month = Sums::default();
    let mut own = vec![Decimal::ZERO; ix.tasks.len()];
    let mut has = vec![false; ix.tasks.len()];
    for (l, &t) in lines.iter().zip(&line_task) {
        let id = l.id.as_str();
        let a = l.amount.0;
        total.0 = total
            .0
            .checked_add(a)
            .ok_or_else(|| overflow(id, "the total"))?;
        by_plan.add(&l.plan, a, id, "the plan total")?;
        by_category.add(&l.category, a, id, "a category total")?;
        if let Some(r) = &l.resource {
            by_resource.add(r, a, id, "a resource total")?;
        }
        let owner = l.owner.as_deref().unwrap_or(UNOWNED);
        by_owner.add(owner, a, id, "an owner total")?;
        for g in &l.goals {
            by_goal.add(g, a, id, "a goal total")?;
        }
        for (m, v) in &l.months {
            by_month.add(m, v.0, id, "a month total")?;
        }
        if t != NONE {
            own[t as usize] = own[t as usize]
                .checked_add(a)
                .ok_or_else(|| overflow(id, "a task total"))?;
            has[t as usize] = true;
        }
    }
    let by_plan = by_plan.into_map();
    let by_category = by_category.into_map();
    let by_resource = by_resource.into_map();
    let by_owner = by_owner.into_map();
    let by_goal = by_goal.into_map();
    let by_month = by_month.into_map();
    // Quarters and years are sums of months.
    let by_quarter = roll_periods(&by_month, phase::quarter_key, "a quarter total")?;
    let by_year = roll_periods(&by_month, phase::year_key, "a year total")?;

    // Roll the WBS up, children before parents, without recursion.
    let mut rolled = own.clone();
    for &t in ix.wbs_order.iter().rev() {
        let p = ix.task_parent[t as usize];
        if p != NONE {
            let (pu, tu) = (p as usize, t as usize);
            rolled[pu] = rolled[pu]
                .checked_add(rolled[tu])
                .ok_or_else(|| overflow(&model.task(p).id, "the rolled-up task total"))?;
            has[pu] |= has[tu];
        }
    }
    let by_task = (0..ix.tasks.len())
        .filter(|&t| has[t])
        .map(|t| {
            (
                model.task(t as u32).id.clone(),
                TaskCost {
                    own: Money(own[t]),
                    total: Money(rolled[t]),
                    children: ix
                        .children(t as u32)
                        .iter()
                        .filter(|&&c| has[c as usize])
                        .map(|&c| model.task(c).id.clone())
                        .collect(),
                },
            )
        })
        .collect();

    let contingency = report::contingency(model, &by_plan)?;
    let variance = report::variance(model, &lines, opts.rounding)?;
    Ok(Budget {
        minor_units: crate::currency::minor_units(&currency).unwrap_or(2),
        currency,
        total,
        lines,
        by_task,
        by_plan,
        by_category,
        by_resource,
        by_owner,
        by_goal,
        goal_note: GOAL_NOTE.to_string(),
        by_month,
        by_quarter,
        by_year,
        phased_by: if schedule.is_some() {
            PhasedBy::Schedule
        } else {
            PhasedBy::Horizon
        },
        contingency,
        variance,
        rounding: opts.rounding,
    })
}

#[cfg(test)]
mod tests {
    use super::report::likelihood_probability_decimal;
    use super::*;
    use crate::risk::probability_decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn probabilities_read_exactly() {
        assert_eq!(probability_decimal(0.15), Some(d("0.15")));
        assert_eq!(probability_decimal(1.0), Some(d("1")));
        // a value below the decimal's resolution reads as (nearly) zero
        // rather than failing
        let tiny = probability_decimal(1e-300).unwrap();
        assert!(tiny < d("0.0000000000000000000000001"));
        assert_eq!(probability_decimal(f64::NAN), None);
    }

    #[test]
    fn likelihood_scale() {
        let p: Vec<_> = (0..=6).map(likelihood_probability_decimal).collect();
        assert_eq!(
            p,
            vec![
                None,
                Some(d("0.1")),
                Some(d("0.3")),
                Some(d("0.5")),
                Some(d("0.7")),
                Some(d("0.9")),
                None
            ]
        );
    }
}
