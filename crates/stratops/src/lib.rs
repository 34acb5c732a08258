//! # stratops
//!
//! One model for an organisation's **strategy** and the **work plans** that
//! ladder up to it, and the engines that compute what planners otherwise
//! check by hand: the schedule and its critical path, the budget, KPI
//! progress rolled up to goals, the drift between operations and strategy,
//! and the progress report.
//!
//! ```
//! use stratops::{Document, Model};
//!
//! let json = r#"{
//!   "format": "stratops/1",
//!   "plans": [{
//!     "id": "ops", "kind": "operational", "name": "IT operations",
//!     "horizon": {"start": "2025-10-01", "end": "2025-12-31"},
//!     "goals": [{"id": "g1", "name": "99.9% endpoint compliance"}],
//!     "tasks": [
//!       {"id": "a", "name": "Deploy antivirus", "duration": "5d", "supports": ["g1"]},
//!       {"id": "b", "name": "Scan", "duration": "2d",
//!        "dependencies": [{"predecessor": "a"}]}
//!     ]
//!   }]
//! }"#;
//! let model = Model::from_json(json)?;
//! assert_eq!(model.document().plans[0].tasks.len(), 2);
//! // Save and load again: nothing is lost.
//! let again = Document::from_json(&model.document().to_json())?;
//! assert_eq!(&again, model.document());
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! The engines never read the clock: an "as of" date is always an argument.
//! Nothing in this crate recurses over user-controlled depth, and every bad
//! input is an [`Error`] with a stable [`code`](Error::code).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod align;
pub mod baseline;
pub mod budget;
pub mod calendar;
pub mod currency;
pub mod edit;
pub mod engines;
pub mod error;
pub mod evm;
pub mod explain;
pub mod health;
pub mod index;
mod io;
pub mod level;
pub mod model;
pub mod report;
pub mod risk;
mod rng;
pub mod schedule;
pub mod scorecard;
pub mod simulate;
pub mod sort;
mod strict;
pub mod validate;
pub mod values;

pub use error::{CalcError, CycleError, Diagnostic, EditError, Error, FormatError, Severity};
pub use index::Index;
pub use io::json_schema;
pub use model::*;
pub use values::{Date, DateOrTime, DateTime, Duration, DurationUnit, Money, UnitScale};

/// A validated document with its resolved index: the input of every engine.
///
/// Build it with [`Model::new`] or [`Model::from_json`]. Warnings are kept
/// in [`Model::warnings`]; errors refuse the model.
#[derive(Debug, Clone)]
pub struct Model {
    doc: Document,
    index: Index,
    warnings: Vec<Diagnostic>,
}

impl Model {
    /// Validates a document. Returns [`Error::Cycle`] if the document has a
    /// cycle, [`Error::Invalid`] with every diagnostic for any other error.
    ///
    /// # Example
    /// ```
    /// let doc = stratops::Document::from_json(r#"{"format": "stratops/1", "plans": [{
    ///   "id": "p", "kind": "project", "name": "P",
    ///   "horizon": {"start": "2025-01-01", "end": "2025-03-01"},
    ///   "tasks": [
    ///     {"id": "a", "name": "A", "dependencies": [{"predecessor": "b"}]},
    ///     {"id": "b", "name": "B", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
    /// let err = stratops::Model::new(doc).unwrap_err();
    /// assert_eq!(err.code(), "dependency_cycle");
    /// ```
    pub fn new(doc: Document) -> Result<Model, Error> {
        Model::try_new(doc).map_err(|refused| refused.0)
    }
    /// Reads and validates a `stratops/1` JSON document.
    pub fn from_json(text: &str) -> Result<Model, Error> {
        Model::new(Document::from_json(text)?)
    }
    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }
    /// Gives the document back.
    pub fn into_document(self) -> Document {
        self.doc
    }
    /// The resolved index.
    pub fn index(&self) -> &Index {
        &self.index
    }
    /// The warnings found by validation.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
    /// Sets the duration of the task with dense index `task` without
    /// validating the whole document again, for interactive edits.
    ///
    /// A duration is referenced by nothing and orders nothing, and no
    /// warning depends on it, so the index and the warnings stay valid; this
    /// checks only what validation checks on a duration and refuses the same
    /// values with the same diagnostic ([`Error::Invalid`] holding the one
    /// `bad_duration_unit`, `negative_duration` or `duration_overflow`
    /// error), leaving the model unchanged. `None` removes the duration.
    /// Whether the task may have a duration (a summary's or milestone's is
    /// derived) is the caller's policy: the file format allows one.
    ///
    /// # Example
    /// ```
    /// let mut model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
    ///   "id": "p", "kind": "project", "name": "P",
    ///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
    ///   "tasks": [{"id": "a", "name": "A", "duration": "1d"}]}]}"#).unwrap();
    /// let a = model.index().task("a").unwrap();
    /// model.set_task_duration(a, Some("3d".parse().unwrap())).unwrap();
    /// assert_eq!(model.task(a).duration.unwrap().to_string(), "3d");
    /// let err = model.set_task_duration(a, Some("-1d".parse().unwrap())).unwrap_err();
    /// assert_eq!(err.diagnostics()[0].code, "negative_duration");
    /// assert_eq!(model.task(a).duration.unwrap().to_string(), "3d");
    /// ```
    pub fn set_task_duration(
        &mut self,
        task: u32,
        duration: Option<Duration>,
    ) -> Result<(), Error> {
        let scale = self.doc.settings.scale();
        let found = self.index.tasks.get(task as usize).and_then(|&(p, i)| {
            let t = self
                .doc
                .plans
                .get_mut(p as usize)?
                .tasks
                .get_mut(i as usize)?;
            Some((p, i, t))
        });
        let Some((p, i, t)) = found else {
            return Err(Error::calc(
                "unknown_task",
                None,
                format!("no task with index {task}"),
            ));
        };
        if let Some((code, message)) = duration
            .as_ref()
            .and_then(|d| validate::duration_error(d, scale))
        {
            return Err(Error::Invalid(vec![Diagnostic {
                code: code.to_string(),
                severity: Severity::Error,
                id: Some(t.id.clone()),
                path: format!("plans[{p}].tasks[{i}].duration"),
                message,
                related: vec![],
            }]));
        }
        t.duration = duration;
        Ok(())
    }
    /// The task with a dense index.
    pub fn task(&self, dense: u32) -> &Task {
        let (p, i) = self.index.tasks[dense as usize];
        &self.doc.plans[p as usize].tasks[i as usize]
    }
    /// The goal with a dense index.
    pub fn goal(&self, dense: u32) -> &Goal {
        let (p, i) = self.index.goals[dense as usize];
        &self.doc.plans[p as usize].goals[i as usize]
    }
    /// The KPI with a dense index.
    pub fn kpi(&self, dense: u32) -> &Kpi {
        let (p, i) = self.index.kpis[dense as usize];
        &self.doc.plans[p as usize].kpis[i as usize]
    }
    /// The cost line with a dense index.
    pub fn cost(&self, dense: u32) -> &CostLine {
        let (p, i) = self.index.costs[dense as usize];
        &self.doc.plans[p as usize].costs[i as usize]
    }
    /// The risk with a dense index.
    pub fn risk(&self, dense: u32) -> &Risk {
        let (p, i) = self.index.risks[dense as usize];
        &self.doc.plans[p as usize].risks[i as usize]
    }
}

/// Validates a document and returns every diagnostic, errors and warnings.
///
/// # Example
/// ```
/// let doc = stratops::Document::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-03-01", "end": "2025-01-01"}}]}"#).unwrap();
/// let diags = stratops::validate(&doc);
/// assert_eq!(diags[0].code, "horizon_reversed");
/// ```
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    validate::validate(doc).0
}

impl Model {
    /// Like [`Model::new`], but a refused document comes back with the
    /// error, so a caller that keeps refused documents (the Python binding
    /// keeps them for `validate()` and saving) need not clone every
    /// document before validating it.
    ///
    /// # Example
    /// ```
    /// let doc = stratops::Document::from_json(r#"{"format": "stratops/1", "plans": [{
    ///   "id": "p", "kind": "project", "name": "P",
    ///   "horizon": {"start": "2025-01-01", "end": "2025-03-01"},
    ///   "tasks": [{"id": "a", "name": "A", "dependencies": [{"predecessor": "zz"}]}]}]}"#).unwrap();
    /// let (err, doc) = *stratops::Model::try_new(doc).unwrap_err();
    /// assert_eq!(err.code(), "invalid");
    /// assert_eq!(doc.plans[0].tasks[0].id, "a");
    /// ```
    pub fn try_new(doc: Document) -> Result<Model, Box<(Error, Document)>> {
        let (diags, index) = validate::validate(&doc);
        match index {
            Some(index) => Ok(Model {
                doc,
                index,
                warnings: diags,
            }),
            None => {
                // `Model::new` returns this error.
                let cycle = diags
                    .iter()
                    .find(|d| d.is_error() && d.code.ends_with("_cycle"))
                    .cloned();
                let err = match cycle {
                    Some(c) => Error::Cycle(CycleError {
                        code: c.code,
                        ids: c.related,
                        diagnostics: diags,
                    }),
                    None => Error::Invalid(diags),
                };
                Err(Box::new((err, doc)))
            }
        }
    }
}
