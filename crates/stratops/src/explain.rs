//! Explanations: every computed number can say which inputs and which
//! formula produced it.

use serde::{Deserialize, Serialize};

/// One named input of a computation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// What the input is, such as `"hours"` or `"baseline"`.
    pub name: String,
    /// Its value, as text (money as a decimal string, dates ISO).
    pub value: String,
    /// Where it came from: an entity id or a JSON path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Input {
    /// An input named `name` with `value`, from `source` if known.
    pub fn new(name: impl Into<String>, value: impl Into<String>, source: Option<&str>) -> Input {
        Input {
            name: name.into(),
            value: value.into(),
            source: source.map(str::to_string),
        }
    }
}

/// How one number was computed.
///
/// # Example
/// ```
/// use stratops::explain::Explanation;
/// let e = Explanation::new("c-alex", "total", "40 h × 120.00 USD/h", "4800.00")
///     .input("hours", "40", Some("c-alex"))
///     .input("rate", "120.00", Some("alex"));
/// assert_eq!(e.inputs.len(), 2);
/// assert!(e.to_string().contains("4800.00"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The entity the number belongs to.
    pub id: String,
    /// Which number of that entity, such as `"total_float_min"` or `"progress"`.
    pub quantity: String,
    /// The formula, written out with the actual values where helpful.
    pub formula: String,
    /// The result, as text.
    pub result: String,
    /// The inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    /// Sub-explanations (for example the children of a goal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Explanation>,
}

impl Explanation {
    /// A new explanation with no inputs.
    pub fn new(
        id: impl Into<String>,
        quantity: impl Into<String>,
        formula: impl Into<String>,
        result: impl Into<String>,
    ) -> Explanation {
        Explanation {
            id: id.into(),
            quantity: quantity.into(),
            formula: formula.into(),
            result: result.into(),
            inputs: Vec::new(),
            parts: Vec::new(),
        }
    }
    /// Adds an input.
    pub fn input(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        source: Option<&str>,
    ) -> Explanation {
        self.inputs.push(Input::new(name, value, source));
        self
    }
    /// Adds a sub-explanation.
    pub fn part(mut self, part: Explanation) -> Explanation {
        self.parts.push(part);
        self
    }
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{} = {} = {}",
            self.id, self.quantity, self.formula, self.result
        )?;
        for i in &self.inputs {
            write!(f, "\n  {} = {}", i.name, i.value)?;
            if let Some(s) = &i.source {
                write!(f, " (from {s})")?;
            }
        }
        Ok(())
    }
}

/// How the numbers of `id` were computed, whatever it names: a task (its
/// schedule dates and floats), a KPI or goal (its scorecard figures as of
/// `as_of`, which they need), a cost line, plan or resource (its budget
/// figures), a risk (its score), or a budget figure that is not an entity
/// (a category, an owner, a month). `schedule` is the default schedule of
/// `model` when the caller has one cached; otherwise it is computed.
///
/// Errors: `unknown_id` (nothing is named `id`), `as_of_required` (a KPI or
/// goal without `as_of`), `nothing_to_explain` (an entity with no computed
/// numbers, such as a calendar).
///
/// ```
/// let text = std::fs::read_to_string(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/../../examples/plans/endpoint-security.json"
/// ))
/// .unwrap();
/// let model = stratops::Model::from_json(&text)?;
/// let why = stratops::explain::explain_id(&model, "av-install", None, None)?;
/// assert!(!why.is_empty());
/// let e = stratops::explain::explain_id(&model, "no-such-id", None, None).unwrap_err();
/// assert_eq!(e.code(), "unknown_id");
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn explain_id(
    model: &crate::Model,
    id: &str,
    as_of: Option<crate::Date>,
    schedule: Option<&crate::schedule::Schedule>,
) -> Result<Vec<Explanation>, crate::Error> {
    use crate::index::EntityKind;
    use crate::Error;
    let budget = || {
        let mut slot = None;
        crate::budget::budget(
            model,
            Some(default_schedule(model, schedule, &mut slot)?),
            &crate::budget::BudgetOptions::default(),
        )
    };
    let Some(kind) = model.index().get(id).map(|r| r.kind) else {
        // Not an entity: perhaps a budget category, owner or period.
        let e = budget()?.explain(id);
        if e.is_empty() {
            return Err(Error::calc(
                "unknown_id",
                Some(id),
                format!("no entity has id {id:?}"),
            ));
        }
        return Ok(e);
    };
    match kind {
        EntityKind::Task => {
            let mut slot = None;
            Ok(default_schedule(model, schedule, &mut slot)?
                .explain(model, id)
                .unwrap_or_default())
        }
        EntityKind::Kpi | EntityKind::Goal => {
            let as_of = as_of.ok_or_else(|| {
                Error::calc(
                    "as_of_required",
                    Some(id),
                    "explaining a KPI or goal needs the as-of date",
                )
            })?;
            let card = crate::scorecard::scorecard(
                model,
                as_of,
                &crate::scorecard::ScorecardOptions::default(),
            )?;
            let e = match kind {
                EntityKind::Kpi => card.kpi(id).map(|k| k.explanation.clone()),
                _ => card.goal(id).map(|g| g.explanation.clone()),
            };
            Ok(e.into_iter().collect())
        }
        EntityKind::Cost | EntityKind::Plan | EntityKind::Resource => {
            let e = budget()?.explain(id);
            if e.is_empty() {
                return Err(Error::calc(
                    "nothing_to_explain",
                    Some(id),
                    format!("{id:?} has no budget figures"),
                ));
            }
            Ok(e)
        }
        EntityKind::Risk => Ok(crate::risk::risk_register(model)?
            .risks
            .iter()
            .filter(|r| r.id == id)
            .map(|r| r.explanation.clone())
            .collect()),
        other => Err(Error::calc(
            "nothing_to_explain",
            Some(id),
            format!("a {} has no computed numbers yet", other.name()),
        )),
    }
}

/// `given`, or the default schedule of `model` computed into `slot`: only
/// the kinds that need a schedule pay for one.
fn default_schedule<'a>(
    model: &crate::Model,
    given: Option<&'a crate::schedule::Schedule>,
    slot: &'a mut Option<crate::schedule::Schedule>,
) -> Result<&'a crate::schedule::Schedule, crate::Error> {
    match given {
        Some(s) => Ok(s),
        None => Ok(slot.insert(crate::schedule::schedule(
            model,
            &crate::schedule::ScheduleOptions::default(),
        )?)),
    }
}
