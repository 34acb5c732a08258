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
