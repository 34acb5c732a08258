//! Validation: every diagnostic at once, each with a stable code, the entity
//! id and the JSON path. Nothing here recurses over user-controlled depth.
//!
//! One entry point, `validate`, runs the validators of each entity in
//! turn: ids (`ids`), settings and plans (`plans`), calendars and
//! resources (`calendars`), goals and KPIs (`strategy`), tasks
//! (`tasks`), cost lines and risks (`costs`), then the structure (WBS,
//! network, goal DAG: `structure`) and execution data (`execution`).

mod calendars;
mod costs;
mod execution;
mod ids;
mod plans;
mod strategy;
mod structure;
mod tasks;

use crate::currency;
use crate::error::{Diagnostic, Severity};
use crate::index::Index;
use crate::model::Document;
use crate::values::{Duration, DurationUnit, UnitScale};

pub use execution::{MAX_BASELINE, REACH_CHECK_MINUTES};

struct Ctx {
    diags: Vec<Diagnostic>,
}

impl Ctx {
    fn push(
        &mut self,
        sev: Severity,
        code: &str,
        id: Option<&str>,
        path: String,
        message: String,
        related: Vec<String>,
    ) {
        self.diags.push(Diagnostic {
            code: code.to_string(),
            severity: sev,
            id: id.map(str::to_string),
            path,
            message,
            related,
        });
    }
    fn err(&mut self, code: &str, id: &str, path: String, message: String) {
        self.push(Severity::Error, code, Some(id), path, message, vec![]);
    }
    fn warn(&mut self, code: &str, id: &str, path: String, message: String) {
        self.push(Severity::Warning, code, Some(id), path, message, vec![]);
    }
}

/// The built-in calendar id.
pub const STANDARD: &str = "standard";

/// Validates a document. Returns every diagnostic, and the index when the
/// document has no error.
pub fn validate(doc: &Document) -> (Vec<Diagnostic>, Option<Index>) {
    let mut cx = Ctx { diags: Vec::new() };
    let mut ix = Index::default();
    let task_mine = ids::index_ids(&mut cx, &mut ix, doc);
    plans::check_settings(&mut cx, &ix, doc);
    calendars::check_calendars(&mut cx, &ix, doc);
    calendars::check_resources(&mut cx, &ix, doc);
    let scale = doc.settings.scale();
    let doc_cur = doc.currency();
    let mut g = structure::Graph::new(task_mine, ix.tasks.len(), ix.costs.len());
    for (p, plan) in doc.plans.iter().enumerate() {
        plans::check_plan(&mut cx, &ix, doc_cur, p, plan);
        strategy::check_goals(&mut cx, &ix, p, plan, &mut g.goal_edges);
        for (i, k) in plan.kpis.iter().enumerate() {
            strategy::check_kpi(&mut cx, &ix, k, &|| format!("plans[{p}].kpis[{i}]"));
        }
        tasks::check_tasks(&mut cx, &ix, scale, p, plan, &mut g);
        costs::check_costs(&mut cx, &ix, doc_cur, p, plan, &mut g.cost_task);
        costs::check_risks(&mut cx, &ix, p, plan);
    }
    structure::check_structure(&mut cx, &mut ix, doc, g);
    execution::check_execution(doc, &ix, &mut cx);
    if !cx.diags.iter().any(Diagnostic::is_error) {
        execution::check_reach(doc, &mut cx);
    }
    let ok = !cx.diags.iter().any(Diagnostic::is_error);
    (cx.diags, ok.then_some(ix))
}

/// The longest duration or lag accepted, in minutes (about 1,900 years),
/// which keeps every sum of minutes far from `i64` overflow.
pub const MAX_MINUTES: i64 = 1_000_000_000;

/// What validation says about a task's duration: `None` when it can be
/// scheduled, otherwise the error code (`bad_duration_unit`,
/// `negative_duration` or `duration_overflow`) and message. Shared with
/// [`crate::Model::set_task_duration`], so an edit refuses exactly the
/// durations a full validation refuses.
pub(crate) fn duration_error(d: &Duration, scale: UnitScale) -> Option<(&'static str, String)> {
    if d.unit == DurationUnit::Percent {
        Some((
            "bad_duration_unit",
            "a task duration cannot be a percentage".into(),
        ))
    } else if d.is_negative() {
        Some(("negative_duration", format!("duration {d} is negative")))
    } else if d.minutes(scale).is_none_or(|m| m > MAX_MINUTES) {
        Some((
            "duration_overflow",
            format!("duration {d} is too long to schedule"),
        ))
    } else {
        None
    }
}

const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn check_currency(cx: &mut Ctx, id: &str, path: String, code: &str, doc_cur: &str) {
    if currency::minor_units(code).is_none() {
        cx.err(
            "unknown_currency",
            id,
            path,
            format!("{code:?} is not an ISO 4217 currency code"),
        );
    } else if code != doc_cur {
        cx.err("currency_mismatch", id, path, format!("{code} differs from the document currency {doc_cur}; exchange rates are not supported yet"));
    }
}

fn check_weight(cx: &mut Ctx, id: &str, path: &dyn Fn() -> String, w: f64) {
    if !w.is_finite() || w <= 0.0 {
        cx.err(
            "bad_weight",
            id,
            format!("{}.weight", path()),
            format!("weight {w} must be a finite number > 0"),
        );
    }
}
