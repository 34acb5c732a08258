//! The engines, behind one generic entry point.
//!
//! Every engine crosses the boundary the same way: options arrive as a JSON
//! object, the result leaves as the engine's own serde JSON (the same
//! shape as the CLI's `--format json`, plus the extra fields the core's
//! result types carry), and the Python layer (`stratops/_engines.py`) turns
//! it into a typed result object. Adding an engine is one `match` arm here
//! and one small class there. Unknown option names are refused
//! (`bad_option`), so a typo cannot be silently ignored.

use std::collections::BTreeMap;

use rust_decimal::RoundingStrategy;
use serde_json::{json, Map, Value};
use stratops::budget::{budget, Budget, BudgetOptions};
use stratops::report::{self, ReportOptions};
use stratops::schedule::{schedule, Schedule, ScheduleOptions};
use stratops::scorecard::{scorecard, ScorecardOptions};
use stratops::{Error, Model, Money};

/// The engines this build knows.
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
];

/// The options object of an engine (`null` is no options).
fn options_map<'a>(
    options: &'a Value,
    empty: &'a Map<String, Value>,
) -> Result<&'a Map<String, Value>, Error> {
    match options {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(empty),
        _ => Err(Error::calc(
            stratops::error::codes::BAD_OPTION,
            None,
            "engine options must be a JSON object",
        )),
    }
}

/// A progress hook for the long engines (`simulate`, `level`): `(done,
/// total)`; `false` stops the run.
pub type Hook<'h> = &'h (dyn Fn(u64, u64) -> bool + Sync);

/// Runs engine `name` on a validated model; `hook` sees the progress of the
/// long engines.
pub fn run(model: &Model, name: &str, options: &Value, hook: Hook<'_>) -> Result<Value, Error> {
    let empty = Map::new();
    let opts = options_map(options, &empty)?;
    match name {
        "schedule" => to_value(&run_schedule(model, options)?),
        "schedule_explain" => schedule_explain(model, opts),
        "scorecard" => run_scorecard(model, opts),
        "alignment" => {
            allow(opts, &["as_of"])?;
            to_value(&stratops::align::align(model, opt_date(opts, "as_of")?)?)
        }
        "budget" => budget_json(model, opts),
        "budget_explain" => budget_explain(model, opts),
        "report" => run_report(model, opts),
        "remind" => run_remind(model, opts),
        "risk" => {
            allow(opts, &[])?;
            to_value(&stratops::risk::risk_register(model)?)
        }
        "earned_value" => run_earned_value(model, opts),
        "simulate" => run_simulate(model, opts, hook),
        "level" => run_level(model, opts, hook),
        "resource_usage" => run_resource_usage(model, opts),
        "simulate_chunk" => run_simulate_chunk(model, opts),
        "simulate_merge" => run_simulate_merge(model, opts),
        "health" => run_health(model, opts),
        "baseline_variance" => run_baseline_variance(model, opts),
        "save_baseline" => run_save_baseline(model, opts),
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

/// `schedule_explain`: why task `id` is where the schedule put it.
fn schedule_explain(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(
        opts,
        &[
            "id",
            "honor_constraints",
            "critical_threshold_min",
            "max_paths",
            "status_date",
            "out_of_sequence",
        ],
    )?;
    let id = opt_str(opts, "id")?
        .ok_or_else(|| Error::calc("missing_option", Some("id"), "id is required"))?;
    let s = schedule(model, &schedule_options(opts)?)?;
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
fn run_scorecard(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["as_of", "on_track", "at_risk", "default_cap"])?;
    let as_of = opt_date(opts, "as_of")?.ok_or_else(|| {
        Error::calc(
            "missing_option",
            Some("as_of"),
            "as_of (a date) is required",
        )
    })?;
    let mut o = ScorecardOptions::default();
    if let Some(x) = opt_f64(opts, "on_track")? {
        o.on_track = x;
    }
    if let Some(x) = opt_f64(opts, "at_risk")? {
        o.at_risk = x;
    }
    if let Some(x) = opt_f64(opts, "default_cap")? {
        o.default_cap = x;
    }
    to_value(&scorecard(model, as_of, &o)?)
}

/// `budget`: the budget's JSON plus the month × category table.
fn budget_json(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["exact", "use_schedule", "rounding"])?;
    let exact = opt_bool(opts, "exact")?.unwrap_or(false);
    let b = run_budget(model, opts)?;
    let mut v = b.to_json(exact);
    v["by_period_category"] = by_period_category(&b, exact)?;
    Ok(v)
}

/// `budget_explain`: how the budget figure `id` was computed.
fn budget_explain(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["id", "use_schedule", "rounding"])?;
    let id = opt_str(opts, "id")?
        .ok_or_else(|| Error::calc("missing_option", Some("id"), "id is required"))?;
    let e = run_budget(model, opts)?.explain(id);
    if e.is_empty() {
        return Err(Error::calc(
            "unknown_id",
            Some(id),
            format!("no budget figure is named {id:?}"),
        ));
    }
    Ok(json!({ "explanations": to_value(&e)? }))
}

/// `report`: the status report as JSON, Markdown or HTML.
fn run_report(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["as_of", "format", "lookahead_days", "top_risks"])?;
    let as_of = required_date(opts)?;
    let o = ReportOptions::from_options(
        opt_i64(opts, "lookahead_days")?,
        opt_i64(opts, "top_risks")?,
    )?;
    let r = report::report(model, as_of, &o)?;
    match opt_str(opts, "format")?.unwrap_or("json") {
        "json" => to_value(&r),
        "md" => Ok(json!({ "format": "md", "text": report::render_markdown(&r) })),
        "html" => Ok(json!({ "format": "html", "text": report::render_html(&r) })),
        other => Err(bad("format", "json, md or html", format!("{other:?}"))),
    }
}

/// `remind`: the events due within `within_days` (default 14) of `as_of`.
fn run_remind(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["as_of", "within_days"])?;
    let as_of = required_date(opts)?;
    let days = opt_i64(opts, "within_days")?.unwrap_or(14);
    let events = report::remind(model, as_of, days)?;
    Ok(json!({ "as_of": as_of, "within_days": days, "events": to_value(&events)? }))
}

/// `earned_value`: the EVM figures at a required status date.
fn run_earned_value(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["status_date", "baseline", "eac_method"])?;
    let status = date_named(opts, "status_date")?;
    let o = stratops::evm::EvmOptions {
        baseline: opt_i64(opts, "baseline")?,
        eac_method: stratops::evm::EacMethod::from_option(opt_str(opts, "eac_method")?)?,
    };
    to_value(&stratops::evm::earned_value(model, status, &o)?)
}

/// `simulate`: the Monte Carlo run, reporting progress to `hook`.
fn run_simulate(model: &Model, opts: &Map<String, Value>, hook: Hook<'_>) -> Result<Value, Error> {
    allow(opts, &["iterations", "seed", "threads", "status_date"])?;
    let o = sim_options(opts)?;
    // Ctrl+C stops a long run: the hook takes the GIL now and then
    // to look at Python's signals (see `lib.rs`).
    let sim_hook = |done: u32, total: u32| hook(u64::from(done), u64::from(total));
    to_value(&stratops::simulate::simulate_with(
        model,
        &o,
        Some(&sim_hook),
    )?)
}

/// `level`: resource levelling, reporting progress to `hook`.
fn run_level(model: &Model, opts: &Map<String, Value>, hook: Hook<'_>) -> Result<Value, Error> {
    allow(
        opts,
        &["mode", "schedules", "seed", "within_slack", "status_date"],
    )?;
    let o = stratops::level::LevelOptions {
        mode: opt_str(opts, "mode")?
            .map(stratops::level::LevelMode::from_option)
            .transpose()?,
        schedules: opt_i64(opts, "schedules")?
            .map(|n| u64::try_from(n).map_err(|_| bad("schedules", "1 to 10,000,000", n)))
            .transpose()?,
        seed: opt_i64(opts, "seed")?.map(|s| s as u64),
        within_slack: opt_bool(opts, "within_slack")?.unwrap_or(false),
        status_date: opt_date(opts, "status_date")?,
    };
    // Ctrl+C (or a callback returning False) stops the run with the
    // best schedule so far: `stopped` is true.
    to_value(&stratops::level::level_with(
        model,
        &o,
        Some(&|d, t| hook(d, t)),
    )?)
}

/// `resource_usage`: each resource's load per period.
fn run_resource_usage(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["period", "status_date"])?;
    let o = stratops::level::UsageOptions {
        period: opt_str(opts, "period")?
            .map(stratops::level::UsagePeriod::from_option)
            .transpose()?,
        status_date: opt_date(opts, "status_date")?,
    };
    to_value(&stratops::level::resource_usage(model, &o)?)
}

/// `simulate_chunk`: iterations `from..to` of a simulation, as text.
fn run_simulate_chunk(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["iterations", "seed", "status_date", "from", "to"])?;
    let o = sim_options(opts)?;
    let range = |k: &str| -> Result<u32, Error> {
        let v = opt_i64(opts, k)?
            .ok_or_else(|| Error::calc("missing_option", Some(k), format!("{k} is required")))?;
        u32::try_from(v).map_err(|_| bad(k, "an iteration number", v))
    };
    let c = stratops::simulate::simulate_chunk(model, &o, range("from")?, range("to")?)?;
    // as text: the sums are 128-bit integers, which a JSON value
    // here would round
    Ok(Value::String(serde_json::to_string(&c).map_err(|e| {
        Error::calc(
            stratops::error::codes::INTERNAL,
            None,
            format!("cannot encode: {e}"),
        )
    })?))
}

/// `simulate_merge`: the simulation result from its chunks' texts.
fn run_simulate_merge(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["iterations", "seed", "status_date", "chunks"])?;
    let o = sim_options(opts)?;
    let texts = match opts.get("chunks") {
        Some(Value::Array(a)) => a,
        _ => return Err(bad("chunks", "a list of chunk texts", "something else")),
    };
    let mut chunks = Vec::with_capacity(texts.len());
    for t in texts {
        let Value::String(t) = t else {
            return Err(bad("chunks", "a list of chunk texts", "another value"));
        };
        chunks.push(
            serde_json::from_str::<stratops::simulate::SimChunk>(t).map_err(|e| {
                Error::calc("bad_chunk", None, format!("a chunk is not readable: {e}"))
            })?,
        );
    }
    to_value(&stratops::simulate::merge_chunks(model, &o, &chunks)?)
}

/// `health`: the plan's health checks under an optional profile.
fn run_health(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["status_date", "profile"])?;
    let o = stratops::health::HealthOptions {
        status_date: opt_date(opts, "status_date")?,
        profile: opt_str(opts, "profile")?.map(str::to_string),
    };
    to_value(&stratops::health::health(model, &o)?)
}

/// `baseline_variance`: the variance against baseline `number` (default 0).
fn run_baseline_variance(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["number", "status_date"])?;
    let n = opt_i64(opts, "number")?.unwrap_or(0);
    to_value(&stratops::baseline::variance(
        model,
        n,
        opt_date(opts, "status_date")?,
    )?)
}

/// `save_baseline`: the document with baseline `number` saved on `saved`.
fn run_save_baseline(model: &Model, opts: &Map<String, Value>) -> Result<Value, Error> {
    allow(opts, &["number", "saved", "status_date"])?;
    let n = opt_i64(opts, "number")?.unwrap_or(0);
    let saved = date_named(opts, "saved")?;
    let doc = stratops::baseline::save_baseline(model, n, saved, opt_date(opts, "status_date")?)?;
    serde_json::from_str(&doc.to_json()).map_err(|e| {
        Error::calc(
            stratops::error::codes::INTERNAL,
            None,
            format!("a saved document did not serialise: {e}"),
        )
    })
}

/// The options of a simulation (and of its chunks).
fn sim_options(opts: &Map<String, Value>) -> Result<stratops::simulate::SimOptions, Error> {
    let iterations = opt_i64(opts, "iterations")?.unwrap_or(1000);
    Ok(stratops::simulate::SimOptions {
        iterations: u32::try_from(iterations)
            .map_err(|_| bad("iterations", "1 to 10,000,000", iterations))?,
        seed: opt_i64(opts, "seed")?.map_or(0, |s| s as u64),
        threads: opt_i64(opts, "threads")?
            .map(|t| usize::try_from(t).map_err(|_| bad("threads", "a positive integer", t)))
            .transpose()?,
        status_date: opt_date(opts, "status_date")?,
    })
}

/// The schedule engine alone, kept as the core's value (see
/// `schedule.rs`): the same options and errors as `run(model, "schedule")`.
pub fn run_schedule(model: &Model, options: &Value) -> Result<Schedule, Error> {
    let empty = Map::new();
    let opts = options_map(options, &empty)?;
    allow(
        opts,
        &[
            "honor_constraints",
            "critical_threshold_min",
            "max_paths",
            "status_date",
            "out_of_sequence",
        ],
    )?;
    schedule(model, &schedule_options(opts)?)
}

/// The budget, phased over the default schedule unless `use_schedule` is
/// false (then every line is placed over its plan's horizon, like the CLI's
/// `--no-schedule`).
fn run_budget(model: &Model, opts: &Map<String, Value>) -> Result<Budget, Error> {
    let sched = if opt_bool(opts, "use_schedule")?.unwrap_or(true) {
        Some(schedule(model, &ScheduleOptions::default())?)
    } else {
        None
    };
    let rounding = match opt_str(opts, "rounding")?.unwrap_or("half_even") {
        "half_even" => RoundingStrategy::MidpointNearestEven,
        "half_up" => RoundingStrategy::MidpointAwayFromZero,
        "half_down" => RoundingStrategy::MidpointTowardZero,
        "up" => RoundingStrategy::AwayFromZero,
        "down" => RoundingStrategy::ToZero,
        other => {
            return Err(bad(
                "rounding",
                "one of half_even, half_up, half_down, up, down",
                format!("{other:?}"),
            ))
        }
    };
    budget(model, sched.as_ref(), &BudgetOptions { rounding })
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

/// A required date option other than `as_of`.
fn date_named(opts: &Map<String, Value>, key: &str) -> Result<stratops::Date, Error> {
    opt_date(opts, key)?.ok_or_else(|| {
        Error::calc(
            "missing_option",
            Some(key),
            format!("{key} (a date) is required"),
        )
    })
}

fn required_date(opts: &Map<String, Value>) -> Result<stratops::Date, Error> {
    opt_date(opts, "as_of")?.ok_or_else(|| {
        Error::calc(
            "missing_option",
            Some("as_of"),
            "as_of (a date) is required",
        )
    })
}

/// `diff(old, new)`: what changed between two versions of a document and
/// what follows from it (options: `as_of`).
pub fn diff(old: &Model, new: &Model, options: &Value) -> Result<Value, Error> {
    let empty = Map::new();
    let opts = match options {
        Value::Object(m) => m,
        _ => &empty,
    };
    allow(opts, &["as_of"])?;
    to_value(&report::diff(old, new, opt_date(opts, "as_of")?)?)
}

fn schedule_options(opts: &Map<String, Value>) -> Result<ScheduleOptions, Error> {
    Ok(ScheduleOptions {
        honor_constraints: opt_bool(opts, "honor_constraints")?,
        critical_threshold_min: opt_i64(opts, "critical_threshold_min")?,
        max_paths: opt_i64(opts, "max_paths")?
            .map(|n| usize::try_from(n).map_err(|_| bad("max_paths", "a non-negative integer", n)))
            .transpose()?,
        status_date: opt_date(opts, "status_date")?,
        out_of_sequence: stratops::schedule::OutOfSequence::from_option(opt_str(
            opts,
            "out_of_sequence",
        )?)?,
    })
}

fn bad(key: &str, what: &str, got: impl std::fmt::Display) -> Error {
    Error::calc(
        stratops::error::codes::BAD_OPTION,
        Some(key),
        format!("option {key} must be {what}, not {got}"),
    )
}

/// Refuses option names outside `known`.
fn allow(opts: &Map<String, Value>, known: &[&str]) -> Result<(), Error> {
    match opts.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(k) => Err(Error::calc(
            stratops::error::codes::BAD_OPTION,
            Some(k),
            format!("unknown option {k:?}; known: {}", known.join(", ")),
        )),
    }
}

fn get<'a>(opts: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    opts.get(key).filter(|v| !v.is_null())
}

fn opt_str<'a>(opts: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, Error> {
    match get(opts, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(bad(key, "a string", other)),
    }
}

fn opt_bool(opts: &Map<String, Value>, key: &str) -> Result<Option<bool>, Error> {
    match get(opts, key) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| bad(key, "a boolean", v)),
    }
}

fn opt_i64(opts: &Map<String, Value>, key: &str) -> Result<Option<i64>, Error> {
    match get(opts, key) {
        None => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| bad(key, "an integer", v)),
    }
}

fn opt_f64(opts: &Map<String, Value>, key: &str) -> Result<Option<f64>, Error> {
    match get(opts, key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| bad(key, "a finite number", v)),
    }
}

fn opt_date(opts: &Map<String, Value>, key: &str) -> Result<Option<stratops::Date>, Error> {
    match opt_str(opts, key)? {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| bad(key, "a date YYYY-MM-DD", format!("{s:?}"))),
    }
}

/// Serialises an engine result.
fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| {
        Error::calc(
            stratops::error::codes::INTERNAL,
            None,
            format!("cannot encode result: {e}"),
        )
    })
}
