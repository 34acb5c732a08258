//! Every engine behind one entry point, by name, with its options as a JSON
//! object: what the Python face calls, and the option names and checks
//! ([`options`]) the wasm face's typed methods share.
//!
//! The result is the engine's own serde JSON (the CLI's `--format json`
//! shape, plus the extra fields the result types carry). Unknown option
//! names are refused (`bad_option`), so a typo is never silently ignored.
//!
//! ```
//! let text = std::fs::read_to_string(concat!(
//!     env!("CARGO_MANIFEST_DIR"),
//!     "/../../examples/plans/endpoint-security.json"
//! ))
//! .unwrap();
//! let model = stratops::Model::from_json(&text)?;
//! let none = serde_json::Value::Null;
//! let s = stratops::engines::run(&model, "schedule", &none, &|_, _| true)?;
//! assert!(s["project_finish"].is_string());
//! let bad = serde_json::json!({ "honour_constraints": true });
//! let e = stratops::engines::run(&model, "schedule", &bad, &|_, _| true).unwrap_err();
//! assert_eq!((e.code(), e.id()), ("bad_option", Some("honour_constraints")));
//! # Ok::<(), stratops::Error>(())
//! ```

pub mod options;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::budget::{budget, Budget};
use crate::error::codes::INTERNAL;
use crate::report;
use crate::schedule::{schedule, Schedule, ScheduleOptions};
use crate::{Error, Model, Money};
use options::{bad, Opts, ReportFormat, SCHEDULE};

/// The engines [`run`] knows.
pub const ENGINES: &[&str] = &[
    "schedule",
    "schedule_explain",
    "scorecard",
    "alignment",
    "risk",
    "budget",
    "earned_value",
    "health",
    "simulate",
    "simulate_chunk",
    "simulate_merge",
    "level",
    "resource_usage",
    "baseline_variance",
    "save_baseline",
    "budget_explain",
    "report",
    "remind",
    "explain",
];

/// A progress hook for the long engines (`simulate`, `level`): `(done,
/// total)`; `false` stops the run.
pub type Hook<'h> = &'h (dyn Fn(u64, u64) -> bool + Sync);

/// Runs engine `name` on a model with `options` (a JSON object or `null`);
/// `hook` sees the progress of the long engines.
pub fn run(model: &Model, name: &str, options: &Value, hook: Hook<'_>) -> Result<Value, Error> {
    let o = Opts::new(options)?;
    match name {
        "schedule" => to_value(&run_schedule(model, options)?),
        "schedule_explain" => schedule_explain(model, &o),
        "scorecard" => run_scorecard(model, &o),
        "alignment" => {
            o.allow(&["as_of"])?;
            to_value(&crate::align::align(model, o.date("as_of")?)?)
        }
        "budget" => budget_json(model, &o),
        "budget_explain" => budget_explain(model, &o),
        "report" => run_report(model, &o),
        "remind" => run_remind(model, &o),
        "risk" => {
            o.allow(&[])?;
            to_value(&crate::risk::risk_register(model)?)
        }
        "earned_value" => run_earned_value(model, &o),
        "simulate" => run_simulate(model, options, hook),
        "level" => run_level(model, options, hook),
        "resource_usage" => to_value(&crate::level::resource_usage(
            model,
            &options::usage(options)?,
        )?),
        "simulate_chunk" => run_simulate_chunk(model, &o),
        "simulate_merge" => run_simulate_merge(model, &o),
        "health" => to_value(&crate::health::health(model, &options::health(options)?)?),
        "baseline_variance" => run_baseline_variance(model, &o),
        "save_baseline" => run_save_baseline(model, &o),
        "explain" => {
            o.allow(&["id", "as_of"])?;
            let e =
                crate::explain::explain_id(model, o.required_str("id")?, o.date("as_of")?, None)?;
            Ok(json!({ "explanations": to_value(&e)? }))
        }
        _ => Err(Error::calc(
            "unknown_engine",
            Some(name),
            format!(
                "no engine named {name:?} in this build; available: {}",
                ENGINES.join(", ")
            ),
        )),
    }
}

/// The schedule engine alone, as the core's value: the same options and
/// errors as `run(model, "schedule", ..)`.
pub fn run_schedule(model: &Model, options: &Value) -> Result<Schedule, Error> {
    schedule(model, &options::schedule(options)?)
}

/// `schedule_explain`: why task `id` is where the schedule put it.
fn schedule_explain(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    let mut known = vec!["id"];
    known.extend_from_slice(SCHEDULE);
    o.allow(&known)?;
    let id = o.required_str("id")?;
    let s = schedule(model, &options::schedule_fields(o)?)?;
    let e = s.explain(model, id).ok_or_else(|| {
        Error::calc(
            "unknown_id",
            Some(id),
            format!("no task {id:?} in the schedule"),
        )
    })?;
    Ok(json!({ "explanations": to_value(&e)? }))
}

/// `scorecard`: the objectives' scorecard as of a required date.
fn run_scorecard(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["as_of", "on_track", "at_risk", "default_cap"])?;
    let as_of = o.required_date("as_of")?;
    let s = options::scorecard_fields(o)?;
    to_value(&crate::scorecard::scorecard(model, as_of, &s)?)
}

/// `budget`: the budget's JSON plus the month × category table.
fn budget_json(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["exact", "use_schedule", "rounding"])?;
    let run = options::budget_fields(o)?;
    budget_value(&run_budget(model, &run)?, run.exact)
}

/// A budget's JSON in every face and the CLI: [`Budget::to_json`] plus
/// `by_period_category`, the long month × category table.
pub fn budget_value(b: &Budget, exact: bool) -> Result<Value, Error> {
    let mut v = b.to_json(exact);
    v["by_period_category"] = by_period_category(b, exact)?;
    Ok(v)
}

/// `budget_explain`: how the budget figure `id` was computed.
fn budget_explain(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["id", "use_schedule", "rounding"])?;
    let id = o.required_str("id")?;
    let e = run_budget(model, &options::budget_fields(o)?)?.explain(id);
    if e.is_empty() {
        return Err(Error::calc(
            "unknown_id",
            Some(id),
            format!("no budget figure is named {id:?}"),
        ));
    }
    Ok(json!({ "explanations": to_value(&e)? }))
}

/// The budget, phased over the default schedule unless `use_schedule` is
/// false (then every line is placed over its plan's horizon, like the CLI's
/// `--no-schedule`).
fn run_budget(model: &Model, b: &options::BudgetRun) -> Result<Budget, Error> {
    let sched = if b.use_schedule {
        Some(schedule(model, &ScheduleOptions::default())?)
    } else {
        None
    };
    budget(model, sched.as_ref(), &b.options)
}

/// `report`: the status report as JSON, Markdown or HTML.
fn run_report(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["as_of", "format", "lookahead_days", "top_risks"])?;
    let as_of = o.required_date("as_of")?;
    let (ro, format) = options::report_fields(o)?;
    let r = report::report(model, as_of, &ro)?;
    match format {
        ReportFormat::Json => to_value(&r),
        ReportFormat::Markdown => {
            Ok(json!({ "format": "md", "text": report::render_markdown(&r) }))
        }
        ReportFormat::Html => Ok(json!({ "format": "html", "text": report::render_html(&r) })),
    }
}

/// `remind`: the events due within `within_days` (default 14) of `as_of`.
fn run_remind(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["as_of", "within_days"])?;
    let as_of = o.required_date("as_of")?;
    let days = o.i64("within_days")?.unwrap_or(14);
    let events = report::remind(model, as_of, days)?;
    Ok(json!({ "as_of": as_of, "within_days": days, "events": to_value(&events)? }))
}

/// `earned_value`: the EVM figures at a required status date.
fn run_earned_value(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["status_date", "baseline", "eac_method"])?;
    let status = o.required_date("status_date")?;
    let e = options::evm_fields(o)?;
    to_value(&crate::evm::earned_value(model, status, &e)?)
}

/// `simulate`: the Monte Carlo run, reporting progress to `hook`.
fn run_simulate(model: &Model, options: &Value, hook: Hook<'_>) -> Result<Value, Error> {
    let s = options::simulation(options)?;
    let sim_hook = |done: u32, total: u32| hook(u64::from(done), u64::from(total));
    to_value(&crate::simulate::simulate_with(model, &s, Some(&sim_hook))?)
}

/// `level`: resource levelling, reporting progress to `hook`; a hook that
/// returns false stops the run with the best schedule so far.
fn run_level(model: &Model, options: &Value, hook: Hook<'_>) -> Result<Value, Error> {
    let l = options::level(options)?;
    to_value(&crate::level::level_with(
        model,
        &l,
        Some(&|d, t| hook(d, t)),
    )?)
}

/// `simulate_chunk`: iterations `from..to` of a simulation, as text.
fn run_simulate_chunk(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["iterations", "seed", "status_date", "from", "to"])?;
    let s = options::simulation_fields(o)?;
    let range = |k: &str| -> Result<u32, Error> {
        let v = o
            .i64(k)?
            .ok_or_else(|| Error::calc("missing_option", Some(k), format!("{k} is required")))?;
        u32::try_from(v).map_err(|_| bad(k, "an iteration number", v))
    };
    let c = crate::simulate::simulate_chunk(model, &s, range("from")?, range("to")?)?;
    // as text: the sums are 128-bit integers, which a JSON value here
    // would round
    Ok(Value::String(serde_json::to_string(&c).map_err(|e| {
        Error::calc(INTERNAL, None, format!("cannot encode: {e}"))
    })?))
}

/// `simulate_merge`: the simulation result from its chunks' texts.
fn run_simulate_merge(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["iterations", "seed", "status_date", "chunks"])?;
    let s = options::simulation_fields(o)?;
    let texts = match o.get("chunks") {
        Some(Value::Array(a)) => a,
        _ => return Err(bad("chunks", "a list of chunk texts", "something else")),
    };
    let mut chunks = Vec::with_capacity(texts.len());
    for t in texts {
        let Value::String(t) = t else {
            return Err(bad("chunks", "a list of chunk texts", "another value"));
        };
        chunks.push(
            serde_json::from_str::<crate::simulate::SimChunk>(t).map_err(|e| {
                Error::calc("bad_chunk", None, format!("a chunk is not readable: {e}"))
            })?,
        );
    }
    to_value(&crate::simulate::merge_chunks(model, &s, &chunks)?)
}

/// `baseline_variance`: the variance against baseline `number` (default 0).
fn run_baseline_variance(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["number", "status_date"])?;
    let n = o.i64("number")?.unwrap_or(0);
    to_value(&crate::baseline::variance(
        model,
        n,
        o.date("status_date")?,
    )?)
}

/// `save_baseline`: the document with baseline `number` saved on `saved`.
fn run_save_baseline(model: &Model, o: &Opts<'_>) -> Result<Value, Error> {
    o.allow(&["number", "saved", "status_date"])?;
    let n = o.i64("number")?.unwrap_or(0);
    let saved = o.required_date("saved")?;
    let doc = crate::baseline::save_baseline(model, n, saved, o.date("status_date")?)?;
    serde_json::from_str(&doc.to_json()).map_err(|e| {
        Error::calc(
            INTERNAL,
            None,
            format!("a saved document did not serialise: {e}"),
        )
    })
}

/// The long table month × category: each cell summed exactly over the
/// lines, then rounded once (so with rounding, a month's cells may differ
/// from the month's rounded total by a minor unit; `exact` gives exact sums).
fn by_period_category(b: &Budget, exact: bool) -> Result<Value, Error> {
    let mut cells: BTreeMap<(&str, &str), Money> = BTreeMap::new();
    for l in &b.lines {
        for (month, amount) in &l.months {
            let c = cells.entry((month, &l.category)).or_default();
            c.0 = c.0.checked_add(amount.0).ok_or_else(|| {
                Error::calc(
                    "overflow",
                    Some(&l.id),
                    "the month and category sum overflows",
                )
            })?;
        }
    }
    Ok(Value::Array(
        cells
            .into_iter()
            .map(|((period, category), m)| {
                let amount = if exact { m } else { b.round(&m) };
                json!({"period": period, "category": category, "amount": amount.to_string()})
            })
            .collect(),
    ))
}

/// `diff(old, new)`: what changed between two versions of a document and
/// what follows from it (options: `as_of`; anything but an object is no
/// options).
pub fn diff(old: &Model, new: &Model, options: &Value) -> Result<Value, Error> {
    let o = if options.is_object() {
        Opts::new(options)?
    } else {
        Opts::new(&Value::Null)?
    };
    o.allow(&["as_of"])?;
    to_value(&report::diff(old, new, o.date("as_of")?)?)
}

/// Serialises an engine result.
fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v)
        .map_err(|e| Error::calc(INTERNAL, None, format!("cannot encode result: {e}")))
}
