//! # stratops for JavaScript
//!
//! The WebAssembly face of stratops, published as the npm package
//! `stratops`. This crate only converts at the edge: every computation is
//! the core's.
//!
//! ```js
//! import { Plan } from "stratops";
//! const plan = Plan.fromJSON(text);          // throws a StratopsError if invalid
//! plan.setDuration("av-install", "5d");     // revalidates at once
//! console.log(plan.validate().diagnostics);
//! ```
//!
//! ## Decisions
//! - **Crossing the boundary.** Results go out as the same JSON the CLI prints
//!   with `--format json`, parsed into plain objects: snake_case fields, money
//!   as decimal strings, dates and date-times as ISO strings. The schedule,
//!   the one result recomputed on every keystroke, skips the JSON: it crosses
//!   as columns (typed arrays of minutes and floats, ids cached once) and
//!   `src/glue.js` builds the same objects ([`columns`]). Objects come in
//!   through `JSON.stringify`, so cyclic or absurdly deep objects are refused
//!   by JavaScript before Rust sees them, and text goes through the core's
//!   parser, whose nesting limit turns deep JSON into a `too_deep` error.
//! - **Types.** The core is free of binding code, so its types do not derive
//!   tsify; the TypeScript declarations are written by hand in
//!   `src/types.d.ts` (no `any` anywhere), and the tests check them with
//!   `tsc` and against real results.
//! - **Errors.** Every thrown value is an `Error` named `StratopsError` with a
//!   stable `code`, the offending `id` and `path` when known, and the
//!   `diagnostics` of an invalid document. Nothing in this crate unwraps
//!   user data, so a bad input never traps the module.
//! - **Edits** are all-or-nothing: an edit that would make the plan invalid
//!   (a cycle, a negative duration) is undone and thrown, and the plan stays
//!   as it was. Engine results are recomputed on the next call.
//! - **`toJSON()`** returns the document as text, the inverse of
//!   `fromJSON(text)`. Because JavaScript's `JSON.stringify(plan)` calls
//!   `toJSON`, it yields that text as a JSON string; use `toObject()` to get
//!   the document as an object.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod columns;
pub mod convert;
pub mod edit;
#[cfg(feature = "extras")]
mod engines;
pub mod error;
pub mod jsonpath;
#[cfg(feature = "extras")]
mod report;

use stratops::edit::{ChangeSet, Edit, Editor};
use stratops::schedule::{self, Schedule, ScheduleOptions};
use stratops::Model;
use wasm_bindgen::prelude::*;

use crate::convert::{stringify, to_js_value};
use crate::edit::{DependencyOptions, DurationArg, MeasurementOptions};
use crate::error::{js_error, to_js};

#[wasm_bindgen(module = "/src/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = splitStrings)]
    fn split_strings(text: &str, lens: &[u32]) -> JsValue;
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = buildSchedule)]
    fn build_schedule(
        ids: &JsValue,
        plans: &JsValue,
        plan_of: &[u32],
        times: &[f64],
        nums: &[f64],
        flags: &[u8],
        refs: &[i32],
        lag_text: &str,
        lag_task: &[u32],
        lag_lens: &[u32],
        paths: &[u32],
        path_lens: &[u32],
        head: &[f64],
        diagnostics: &str,
    ) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types.d.ts");

#[cfg(feature = "extras")]
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES_EXTRAS: &'static str = include_str!("types-extras.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `DependencyOptions` of `types.d.ts`.
    #[wasm_bindgen(typescript_type = "DependencyOptions")]
    pub type DependencyOptionsJs;
    /// `MeasurementOptions` of `types.d.ts`.
    #[wasm_bindgen(typescript_type = "MeasurementOptions")]
    pub type MeasurementOptionsJs;
    /// `ScheduleOptions` of `types.d.ts`.
    #[wasm_bindgen(typescript_type = "ScheduleOptions")]
    pub type ScheduleOptionsJs;
    /// `BudgetOptions` of `types.d.ts`.
    #[cfg(feature = "extras")]
    #[wasm_bindgen(typescript_type = "BudgetOptions")]
    pub type BudgetOptionsJs;
}

/// Deserialises an optional options object passed from JavaScript.
fn options<T: serde::de::DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    let text = stringify(&value)?;
    serde_json::from_str(&text).map_err(|e| {
        js_error(
            stratops::error::codes::BAD_OPTION,
            &format!("invalid {what}: {e}"),
            None,
            Some(what),
        )
    })
}

/// The ISO date-time (`YYYY-MM-DDTHH:MM:SS`, the plan's wall clock) of
/// whole minutes since 1970-01-01T00:00, as `schedule()` writes the
/// instants `scheduleColumns()` gives in minutes. Throws a `StratopsError`
/// with code `date_out_of_range` for a value that is not a whole number
/// of minutes within the years 1 to 9999.
#[wasm_bindgen(js_name = isoFromMinutes)]
pub fn iso_from_minutes(minutes: f64) -> Result<String, JsValue> {
    let out = || {
        js_error(
            "date_out_of_range",
            &format!("{minutes} is not a whole number of minutes within the years 1 to 9999"),
            None,
            None,
        )
    };
    if !minutes.is_finite() || minutes.fract() != 0.0 || minutes.abs() > 1e13 {
        return Err(out());
    }
    stratops::calendar::from_minutes(minutes as i64)
        .map(|t| t.to_string())
        .map_err(|_| out())
}

/// The version of the stratops core inside this package.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every error and diagnostic code stratops raises (the core's typed list,
/// `stratops::error::codes::Code`), in alphabetical order: the `code` of a
/// thrown `StratopsError` and of every diagnostic is one of these.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    stratops::error::codes::all()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Validates a document given as text and returns every diagnostic, errors
/// and warnings, without throwing for an invalid document. Text that is not
/// a readable `stratops/1` document gives one diagnostic naming the line,
/// column and path.
#[wasm_bindgen(js_name = validateJSON, unchecked_return_type = "ValidationReport")]
pub fn validate_json(text: &str) -> Result<JsValue, JsValue> {
    match jsonpath::read(text) {
        Ok(doc) => report(&stratops::validate(&doc)),
        Err(e) => {
            let diag = stratops::Diagnostic {
                code: e.code().to_string(),
                severity: stratops::Severity::Error,
                id: None,
                path: e.path().unwrap_or("").to_string(),
                message: e.to_string(),
                related: vec![],
            };
            report(&[diag])
        }
    }
}

fn report(diags: &[stratops::Diagnostic]) -> Result<JsValue, JsValue> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        valid: bool,
        diagnostics: &'a [stratops::Diagnostic],
    }
    to_js_value(&Report {
        valid: !diags.iter().any(|d| d.is_error()),
        diagnostics: diags,
    })
}

/// An options object passed from JavaScript as JSON (`null` when absent),
/// for the core's option readers ([`stratops::engines::options`]): the
/// option names and checks are the core's, the same in every face.
fn json_options(value: Option<JsValue>) -> Result<serde_json::Value, JsValue> {
    options(value, "options")
}

/// Parses an ISO date argument.
#[cfg(feature = "extras")]
fn date_arg(text: &str, what: &str) -> Result<stratops::Date, JsValue> {
    text.parse::<stratops::Date>().map_err(|e| {
        js_error(
            "bad_date",
            &format!("{what}: {}", e.message),
            None,
            Some(what),
        )
    })
}

/// An engine's result as a JavaScript value, or its error as a thrown
/// `StratopsError`. Each engine method is this plus its arguments.
#[cfg(feature = "extras")]
fn engine<T: serde::Serialize>(result: Result<T, stratops::Error>) -> Result<JsValue, JsValue> {
    match result {
        Ok(v) => to_js_value(&v),
        Err(e) => Err(to_js(&e)),
    }
}

/// Schedule options as the core reads them.
fn schedule_options(options: Option<ScheduleOptionsJs>) -> Result<ScheduleOptions, JsValue> {
    stratops::engines::options::schedule(&json_options(options.map(Into::into))?)
        .map_err(|e| to_js(&e))
}

/// The error for a default schedule missing right after it was computed
/// (an internal error: `Editor::schedule` keeps what it computes).
fn no_schedule() -> JsValue {
    js_error(stratops::error::codes::INTERNAL, "no schedule", None, None)
}

/// The task ids and plan ids as JavaScript arrays, with the editor's
/// generation they were read at.
type Names = Option<(JsValue, JsValue, u64)>;

/// A conversion of a schedule to JavaScript (`schedule()` or
/// `scheduleColumns()`).
type Converter = fn(&Model, &mut Names, u64, &Schedule) -> Result<JsValue, JsValue>;

/// A validated stratops document with its engines.
#[wasm_bindgen]
pub struct Plan {
    /// The model, its schedule with default options (kept up to date by
    /// edits, incrementally for duration edits) and the undo history.
    ed: Editor,
    /// The task ids and plan ids as JavaScript arrays, for the schedule's
    /// conversion, with the editor's generation they were read at (a
    /// transaction other than duration changes may reorder the tasks).
    names: Option<(JsValue, JsValue, u64)>,
    /// The `onChange` listener.
    listener: Option<js_sys::Function>,
    /// The default schedule's columns for `scheduleColumns()`, with the
    /// schedule revision they hold (`Editor::schedule_changes`): after a
    /// duration edit only the rows it rebuilt are converted again.
    cols: Option<(u64, columns::DenseColumns)>,
}

impl Plan {
    fn new(model: Model) -> Plan {
        Plan {
            ed: Editor::lazy(model, ScheduleOptions::default()),
            names: None,
            listener: None,
            cols: None,
        }
    }
    fn model(&self) -> &Model {
        self.ed.model()
    }
    /// A schedule of this plan as the public `Schedule` object.
    fn schedule_to_js(
        model: &Model,
        names: &mut Names,
        generation: u64,
        sched: &Schedule,
    ) -> Result<JsValue, JsValue> {
        let c = columns::ScheduleColumns::new(model, sched).map_err(|e| to_js(&e))?;
        let (ids, plans) = Plan::names(model, names, generation)?;
        Ok(build_schedule(
            &ids,
            &plans,
            &c.plan_of,
            &c.times,
            &c.nums,
            &c.flags,
            &c.refs,
            &c.lags.text,
            &c.lag_task,
            &c.lags.lens,
            &c.paths,
            &c.path_lens,
            &c.head,
            &c.diagnostics,
        ))
    }
    /// Runs `convert` on the schedule with `options`: the cached default
    /// one (computed if needed) when the options are the defaults.
    fn with_schedule(
        &mut self,
        options: Option<ScheduleOptionsJs>,
        convert: Converter,
    ) -> Result<JsValue, JsValue> {
        let opts = schedule_options(options)?;
        self.with_options(&opts, convert)
    }
    /// [`Plan::with_schedule`] with the options read.
    fn with_options(
        &mut self,
        opts: &ScheduleOptions,
        convert: Converter,
    ) -> Result<JsValue, JsValue> {
        if opts.is_default() {
            self.default_schedule().map_err(|e| to_js(&e))?;
            let Plan { ed, names, .. } = self;
            let s = ed.cached_schedule().ok_or_else(no_schedule)?;
            return convert(ed.model(), names, ed.generation(), s);
        }
        let sched = schedule::schedule(self.model(), opts).map_err(|e| to_js(&e))?;
        let Plan { ed, names, .. } = self;
        convert(ed.model(), names, ed.generation(), &sched)
    }
    /// A schedule as the public `ScheduleColumns` object.
    fn columns_to_js(
        model: &Model,
        names: &mut Names,
        generation: u64,
        sched: &Schedule,
    ) -> Result<JsValue, JsValue> {
        let c = columns::DenseColumns::new(model, sched).map_err(|e| to_js(&e))?;
        Plan::dense_to_js(model, names, generation, &c)
    }
    /// The default schedule as the public `ScheduleColumns` object, from
    /// the kept columns brought up to date: only the rows the last change
    /// rebuilt when the columns are one change behind, all of them when
    /// further.
    fn default_columns(&mut self) -> Result<JsValue, JsValue> {
        self.default_schedule().map_err(|e| to_js(&e))?;
        let Plan {
            ed, names, cols, ..
        } = self;
        let sched = ed.cached_schedule().ok_or_else(no_schedule)?;
        let (revision, rows) = ed.schedule_changes();
        // taken out while updated: a failure leaves no columns kept
        let c = match cols.take() {
            Some((r, c)) if r == revision => c,
            Some((r, mut c)) if r + 1 == revision && rows.is_some() => {
                c.refresh(ed.model(), sched, rows).map_err(|e| to_js(&e))?;
                c
            }
            _ => columns::DenseColumns::new(ed.model(), sched).map_err(|e| to_js(&e))?,
        };
        let out = Plan::dense_to_js(ed.model(), names, ed.generation(), &c);
        *cols = Some((revision, c));
        out
    }
    /// Dense columns as the public `ScheduleColumns` object.
    fn dense_to_js(
        model: &Model,
        names: &mut Names,
        generation: u64,
        c: &columns::DenseColumns,
    ) -> Result<JsValue, JsValue> {
        let (ids, plans) = Plan::names(model, names, generation)?;
        let out = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
        };
        set("task_ids", &ids);
        set("plan_ids", &plans);
        let plan_of: Vec<u32> = model.index().tasks.iter().map(|&(p, _)| p).collect();
        set("plan_of", &js_sys::Uint32Array::from(&plan_of[..]));
        for (name, col) in columns::DENSE_NAMES.iter().zip(&c.cols) {
            set(name, &js_sys::Float64Array::from(&col[..]));
        }
        set("kind", &js_sys::Uint8Array::from(&c.kind[..]));
        set("critical", &js_sys::Uint8Array::from(&c.critical[..]));
        set("project_start_min", &JsValue::from_f64(c.head[0]));
        set("project_finish_min", &JsValue::from_f64(c.head[1]));
        let diagnostics = if c.diagnostics.len() > 2 {
            js_sys::JSON::parse(&c.diagnostics)?
        } else {
            js_sys::Array::new().into()
        };
        set("diagnostics", &diagnostics);
        Ok(out.into())
    }
    /// The task ids and plan ids as frozen JavaScript arrays, cached for
    /// the editor's generation.
    fn names(
        model: &Model,
        names: &mut Names,
        generation: u64,
    ) -> Result<(JsValue, JsValue), JsValue> {
        if names.as_ref().is_none_or(|n| n.2 != generation) {
            let ids = columns::task_ids(model);
            let plans = columns::plan_ids(model);
            let freeze =
                |v: JsValue| -> JsValue { js_sys::Object::freeze(&js_sys::Object::from(v)).into() };
            *names = Some((
                freeze(split_strings(&ids.text, &ids.lens)),
                freeze(split_strings(&plans.text, &plans.lens)),
                generation,
            ));
        }
        match names {
            Some((ids, plans, _)) => Ok((ids.clone(), plans.clone())),
            None => Err(js_error(
                stratops::error::codes::INTERNAL,
                "no task ids",
                None,
                None,
            )),
        }
    }
    /// The default schedule, computed if needed (after duration edits only
    /// what they can move was computed again).
    fn default_schedule(&mut self) -> Result<&Schedule, stratops::Error> {
        self.ed.schedule()
    }
    /// The default schedule, if it is up to date.
    #[cfg(feature = "extras")]
    fn cached_schedule(&self) -> Option<&Schedule> {
        self.ed.cached_schedule()
    }
    #[cfg(feature = "extras")]
    fn run_budget(
        &mut self,
        args: &stratops::engines::options::BudgetRun,
    ) -> Result<stratops::budget::Budget, JsValue> {
        if args.use_schedule {
            self.default_schedule().map_err(|e| to_js(&e))?;
        }
        let sched = self.cached_schedule().filter(|_| args.use_schedule);
        stratops::budget::budget(self.model(), sched, &args.options).map_err(|e| to_js(&e))
    }
    /// After an edit, an undo or a redo: tells the listener (in a
    /// microtask, once this call has returned, so that it may call the
    /// plan) and returns the change set.
    fn edited(&mut self, r: Result<ChangeSet, stratops::Error>) -> Result<ChangeSet, JsValue> {
        let c = r.map_err(|e| to_js(&e))?;
        if let Some(f) = &self.listener {
            if let Ok(v) = to_js_value(&c) {
                // Promise.resolve(changes).then(listener): a listener's
                // exception rejects that promise and does not undo the edit
                let p = js_sys::Promise::resolve(&v);
                if let Ok(then) = js_sys::Reflect::get(&p, &JsValue::from_str("then")) {
                    if let Some(then) = then.dyn_ref::<js_sys::Function>() {
                        let _ = then.call1(&p, f);
                    }
                }
            }
        }
        Ok(c)
    }
}

#[wasm_bindgen]
impl Plan {
    /// Reads and validates a `stratops/1` document from JSON text. Throws a
    /// `StratopsError` when the text is unreadable or the document invalid.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(text: &str) -> Result<Plan, JsValue> {
        jsonpath::read(text)
            .and_then(Model::new)
            .map(Plan::new)
            .map_err(|e| to_js(&e))
    }

    /// Imports MS Project XML (MSPDI) text as a one-plan document. Throws a
    /// `StratopsError` with the XML `line` and `column` (codes such as
    /// `xml_syntax`, `missing_uid`, `unknown_uid`) when it cannot.
    #[cfg(feature = "extras")]
    #[wasm_bindgen(js_name = fromMSPDI)]
    pub fn from_mspdi(text: &str) -> Result<Plan, JsValue> {
        let import = stratops_interop::import_mspdi(text).map_err(|e| to_js(&e))?;
        Model::new(import.document)
            .map(Plan::new)
            .map_err(|e| to_js(&e))
    }

    /// Imports a PSPLIB single-mode `.sm` file's text (job n becomes task
    /// `jn`, resource k `Rk`; see `docs/leveling.md`). Throws a
    /// `StratopsError` with code `bad_psplib` and the line in `path`.
    #[cfg(feature = "extras")]
    #[wasm_bindgen(js_name = fromPSPLIB)]
    pub fn from_psplib(text: &str) -> Result<Plan, JsValue> {
        stratops_interop::import_psplib(text)
            .and_then(Model::new)
            .map(Plan::new)
            .map_err(|e| to_js(&e))
    }

    /// Reads and validates a document given as a plain object.
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "PlanDocument")] obj: JsValue,
    ) -> Result<Plan, JsValue> {
        Plan::from_json(&stringify(&obj)?)
    }

    /// The document as pretty-printed `stratops/1` JSON text.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.model().document().to_json()
    }

    /// The document as a plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "PlanDocument")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js_value(self.model().document())
    }

    /// The warnings of the document (a `Plan` is valid by construction, so
    /// `valid` is always true here; see `validateJSON` for any text).
    #[wasm_bindgen(unchecked_return_type = "ValidationReport")]
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        report(self.model().warnings())
    }

    /// Applies `edits` atomically (see `docs/editing.md`): every edit is
    /// checked and applied, the plan validated once and rescheduled once
    /// (incrementally for duration edits). If any edit is refused nothing
    /// changes, and the thrown `StratopsError` has the refusal's `code`,
    /// `id` and `diagnostics`, `path` `edits[i]` and `edit` i. Returns the
    /// change set: the tasks whose dates or floats moved, the project
    /// finish, whether the critical path changed.
    #[wasm_bindgen(unchecked_return_type = "ChangeSet")]
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Edit[]")] edits: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = stringify(&edits)?;
        let list: Vec<Edit> = serde_json::from_str(&text).map_err(|e| {
            js_error(
                "bad_edit",
                &format!("the edits are not a list of edits: {e}"),
                None,
                Some("edits"),
            )
        })?;
        let r = self.ed.apply(&list);
        let c = self.edited(r)?;
        to_js_value(&c)
    }

    /// Undoes the last transaction (or single edit); returns its change
    /// set, or `null` when there is nothing to undo. The document and the
    /// schedule are restored exactly.
    #[wasm_bindgen(unchecked_return_type = "ChangeSet | null")]
    pub fn undo(&mut self) -> Result<JsValue, JsValue> {
        let r = self.ed.undo();
        match r {
            Ok(Some(c)) => to_js_value(&self.edited(Ok(c))?),
            Ok(None) => Ok(JsValue::NULL),
            Err(e) => Err(to_js(&e)),
        }
    }

    /// Re-applies the last undone transaction; `null` when there is none.
    #[wasm_bindgen(unchecked_return_type = "ChangeSet | null")]
    pub fn redo(&mut self) -> Result<JsValue, JsValue> {
        let r = self.ed.redo();
        match r {
            Ok(Some(c)) => to_js_value(&self.edited(Ok(c))?),
            Ok(None) => Ok(JsValue::NULL),
            Err(e) => Err(to_js(&e)),
        }
    }

    /// Whether `undo()` has something to undo.
    #[wasm_bindgen(getter, js_name = canUndo)]
    pub fn can_undo(&self) -> bool {
        self.ed.can_undo()
    }

    /// Whether `redo()` has something to redo.
    #[wasm_bindgen(getter, js_name = canRedo)]
    pub fn can_redo(&self) -> bool {
        self.ed.can_redo()
    }

    /// Calls `listener(changes)` after every applied edit, undo and redo
    /// (`null` removes it), in a microtask once the call has returned, so
    /// the listener may read the plan. An exception in the listener does
    /// not undo the edit.
    #[wasm_bindgen(js_name = onChange)]
    pub fn on_change(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "((changes: ChangeSet) => void) | null")]
        listener: Option<js_sys::Function>,
    ) {
        self.listener = listener;
    }

    /// Every task id, in document order.
    #[wasm_bindgen(js_name = taskIds)]
    pub fn task_ids(&self) -> Vec<String> {
        let doc = self.model().document();
        doc.plans
            .iter()
            .flat_map(|p| p.tasks.iter().map(|t| t.id.clone()))
            .collect()
    }

    /// Sets a task's duration: a string such as `"5d"`, `"3h"`, `"4ed"`, or
    /// a number of working days. The next `schedule()` computes again only
    /// what the new duration can move.
    #[wasm_bindgen(js_name = setDuration)]
    pub fn set_duration(
        &mut self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "string | number")] duration: JsValue,
    ) -> Result<(), JsValue> {
        let arg = if let Some(s) = duration.as_string() {
            DurationArg::Text(s)
        } else if let Some(n) = duration.as_f64() {
            DurationArg::Days(n)
        } else {
            return Err(js_error(
                "bad_duration",
                "a duration is a string such as \"5d\" or a number of working days",
                Some(id),
                None,
            ));
        };
        // A refused duration leaves the model unchanged; an accepted one
        // is rescheduled incrementally.
        let r = edit::set_duration(&mut self.ed, id, &arg);
        self.edited(r).map(|_| ())
    }

    /// Makes `successor` depend on `predecessor` (FS with no lag unless the
    /// options say otherwise). Throws `dependency_cycle` if that would close
    /// a cycle, and leaves the plan unchanged.
    #[wasm_bindgen(js_name = addDependency)]
    pub fn add_dependency(
        &mut self,
        successor: &str,
        predecessor: &str,
        options: Option<DependencyOptionsJs>,
    ) -> Result<(), JsValue> {
        let opts: DependencyOptions = self::options(options.map(Into::into), "DependencyOptions")?;
        let r = edit::add_dependency(&mut self.ed, successor, predecessor, &opts);
        self.edited(r).map(|_| ())
    }

    /// Removes the dependency of `successor` on `predecessor`.
    #[wasm_bindgen(js_name = removeDependency)]
    pub fn remove_dependency(&mut self, successor: &str, predecessor: &str) -> Result<(), JsValue> {
        let r = edit::remove_dependency(&mut self.ed, successor, predecessor);
        self.edited(r).map(|_| ())
    }

    /// Records a KPI measurement on a date (`YYYY-MM-DD`), replacing one on
    /// the same date.
    #[wasm_bindgen(js_name = setMeasurement)]
    pub fn set_measurement(
        &mut self,
        kpi: &str,
        date: &str,
        value: f64,
        options: Option<MeasurementOptionsJs>,
    ) -> Result<(), JsValue> {
        let opts: MeasurementOptions =
            self::options(options.map(Into::into), "MeasurementOptions")?;
        let r = edit::set_measurement(&mut self.ed, kpi, date, value, &opts);
        self.edited(r).map(|_| ())
    }

    /// The schedule (CPM): early and late dates, total and free float in
    /// working minutes, critical flags and the critical paths. Without
    /// options the result is cached until the next edit.
    #[wasm_bindgen(unchecked_return_type = "Schedule")]
    pub fn schedule(&mut self, options: Option<ScheduleOptionsJs>) -> Result<JsValue, JsValue> {
        self.with_schedule(options, Plan::schedule_to_js)
    }

    /// The same schedule as `schedule()`, as columns for drawing: one
    /// typed array per field, indexed like `task_ids` (document order),
    /// with instants in minutes since 1970-01-01T00:00 of the plan's wall
    /// clock (`new Date(m * 60000)` read with the `getUTC*` methods, or
    /// `isoFromMinutes(m)`). No object per task is made, so after an edit
    /// this costs a small fraction of `schedule()`. `task_ids` and
    /// `plan_ids` are frozen arrays; duration edits keep the same ones, any
    /// other transaction may give new ones.
    #[wasm_bindgen(js_name = scheduleColumns, unchecked_return_type = "ScheduleColumns")]
    pub fn schedule_columns(
        &mut self,
        options: Option<ScheduleOptionsJs>,
    ) -> Result<JsValue, JsValue> {
        let opts = schedule_options(options)?;
        if opts.is_default() {
            return self.default_columns();
        }
        self.with_options(&opts, Plan::columns_to_js)
    }

    /// The budget, in the CLI's `budget --format json` shape: the total,
    /// breakdowns by category, plan, task (WBS rolled up), goal
    /// (overlapping), resource, owner, month (`by_period`), quarter and
    /// year, the contingency beside the total, budget against actual, and
    /// every line with its formula. Money is decimal strings rounded to the
    /// currency's minor unit (`"12800.00"`), exact with `{exact: true}`.
    /// Lines are phased over the schedule (cached until the next edit)
    /// unless `use_schedule` is false.
    #[cfg(feature = "extras")]
    #[wasm_bindgen(unchecked_return_type = "Budget")]
    pub fn budget(&mut self, options: Option<BudgetOptionsJs>) -> Result<JsValue, JsValue> {
        let args = stratops::engines::options::budget(&json_options(options.map(Into::into))?)
            .map_err(|e| to_js(&e))?;
        let b = self.run_budget(&args)?;
        to_js_value(&stratops::engines::budget_value(&b, args.exact).map_err(|e| to_js(&e))?)
    }
}
