//! Engine options read from a JSON object: the one set of option names and
//! checks that every face uses (Python passes a dict, the wasm face a
//! JavaScript object, both as JSON). An unknown name, a value of the wrong
//! type or out of range is refused with `bad_option` naming the option; a
//! required one that is missing with `missing_option`.
//!
//! Each engine's options are read by one function here
//! ([`schedule`], [`budget`], [`earned_value`], [`simulation`], [`level`],
//! [`usage`], [`health`], [`report`], [`scorecard`]), so the faces only
//! convert their native values to JSON and back.

use serde_json::{Map, Value};

use crate::budget::{BudgetOptions, Rounding};
use crate::error::codes::BAD_OPTION;
use crate::report::ReportOptions;
use crate::schedule::{OutOfSequence, ScheduleOptions};
use crate::scorecard::ScorecardOptions;
use crate::{Date, Error};

/// The names of the schedule options (shared by every engine that
/// schedules with options).
pub const SCHEDULE: &[&str] = &[
    "honor_constraints",
    "critical_threshold_min",
    "max_paths",
    "status_date",
    "out_of_sequence",
];

/// An engine's options object (`null` is no options).
#[derive(Debug, Clone, Copy)]
pub struct Opts<'a> {
    map: Option<&'a Map<String, Value>>,
}

impl<'a> Opts<'a> {
    /// Reads `value`, which must be a JSON object or `null`.
    pub fn new(value: &'a Value) -> Result<Opts<'a>, Error> {
        match value {
            Value::Object(m) => Ok(Opts { map: Some(m) }),
            Value::Null => Ok(Opts { map: None }),
            _ => Err(Error::calc(
                BAD_OPTION,
                None,
                "engine options must be a JSON object",
            )),
        }
    }

    /// Refuses option names outside `known`.
    pub fn allow(&self, known: &[&str]) -> Result<(), Error> {
        let Some(m) = self.map else { return Ok(()) };
        match m.keys().find(|k| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some(k) => Err(Error::calc(
                BAD_OPTION,
                Some(k),
                format!("unknown option {k:?}; known: {}", known.join(", ")),
            )),
        }
    }

    /// The raw value of `key` (`null` counts as absent).
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map?.get(key).filter(|v| !v.is_null())
    }

    /// A string option.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(bad(key, "a string", other)),
        }
    }

    /// A boolean option.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| bad(key, "a boolean", v)),
        }
    }

    /// An integer option.
    pub fn i64(&self, key: &str) -> Result<Option<i64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| bad(key, "an integer", v)),
        }
    }

    /// A finite number option.
    pub fn f64(&self, key: &str) -> Result<Option<f64>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| bad(key, "a finite number", v)),
        }
    }

    /// A date option (`YYYY-MM-DD`).
    pub fn date(&self, key: &str) -> Result<Option<Date>, Error> {
        match self.str(key)? {
            None => Ok(None),
            Some(s) => s
                .parse()
                .map(Some)
                .map_err(|_| bad(key, "a date YYYY-MM-DD", format!("{s:?}"))),
        }
    }

    /// A required date option.
    pub fn required_date(&self, key: &str) -> Result<Date, Error> {
        self.date(key)?.ok_or_else(|| missing(key, "a date"))
    }

    /// A required string option.
    pub fn required_str(&self, key: &str) -> Result<&'a str, Error> {
        self.str(key)?
            .ok_or_else(|| Error::calc("missing_option", Some(key), format!("{key} is required")))
    }
}

/// `bad_option`: option `key` must be `what`, not `got`.
pub fn bad(key: &str, what: &str, got: impl std::fmt::Display) -> Error {
    Error::calc(
        BAD_OPTION,
        Some(key),
        format!("option {key} must be {what}, not {got}"),
    )
}

fn missing(key: &str, what: &str) -> Error {
    Error::calc(
        "missing_option",
        Some(key),
        format!("{key} ({what}) is required"),
    )
}

/// The schedule options ([`SCHEDULE`]) of `o`; other names are the
/// caller's to allow.
pub fn schedule_fields(o: &Opts<'_>) -> Result<ScheduleOptions, Error> {
    Ok(ScheduleOptions {
        honor_constraints: o.bool("honor_constraints")?,
        critical_threshold_min: o.i64("critical_threshold_min")?,
        max_paths: o
            .i64("max_paths")?
            .map(|n| usize::try_from(n).map_err(|_| bad("max_paths", "a non-negative integer", n)))
            .transpose()?,
        status_date: o.date("status_date")?,
        out_of_sequence: OutOfSequence::from_option(o.str("out_of_sequence")?)?,
    })
}

/// The options of `schedule`: exactly [`SCHEDULE`].
pub fn schedule(value: &Value) -> Result<ScheduleOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(SCHEDULE)?;
    schedule_fields(&o)
}

/// What a budget run takes: the core options, whether to phase over the
/// default schedule (`use_schedule`, default true) and whether to show
/// exact figures (`exact`, default false).
#[derive(Debug, Clone, Copy)]
pub struct BudgetRun {
    /// The rounding.
    pub options: BudgetOptions,
    /// Phase over the default schedule (false: over each plan's horizon).
    pub use_schedule: bool,
    /// Exact figures instead of rounded ones.
    pub exact: bool,
}

impl Default for BudgetRun {
    /// Banker's rounding, phased over the default schedule, rounded figures.
    fn default() -> Self {
        BudgetRun {
            options: BudgetOptions::default(),
            use_schedule: true,
            exact: false,
        }
    }
}

/// The options of `budget` (`exact`, `use_schedule`, `rounding`).
pub fn budget(value: &Value) -> Result<BudgetRun, Error> {
    let o = Opts::new(value)?;
    o.allow(&["exact", "use_schedule", "rounding"])?;
    budget_fields(&o)
}

/// The budget fields of `o`; other names are the caller's to allow.
pub fn budget_fields(o: &Opts<'_>) -> Result<BudgetRun, Error> {
    let rounding = match o.str("rounding")? {
        None => Rounding::default(),
        Some(s) => Rounding::from_option(s)?,
    };
    Ok(BudgetRun {
        options: BudgetOptions {
            rounding: rounding.strategy(),
        },
        use_schedule: o.bool("use_schedule")?.unwrap_or(true),
        exact: o.bool("exact")?.unwrap_or(false),
    })
}

/// The options of `earned_value` other than its status date (`baseline`,
/// `eac_method`).
pub fn earned_value(value: &Value) -> Result<crate::evm::EvmOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["baseline", "eac_method"])?;
    evm_fields(&o)
}

/// The earned value fields of `o`.
pub fn evm_fields(o: &Opts<'_>) -> Result<crate::evm::EvmOptions, Error> {
    Ok(crate::evm::EvmOptions {
        baseline: o.i64("baseline")?,
        eac_method: crate::evm::EacMethod::from_option(o.str("eac_method")?)?,
    })
}

/// The simulation fields of `o` (`iterations`, default 1,000; `seed`,
/// default 0; `threads`; `status_date`).
pub fn simulation_fields(o: &Opts<'_>) -> Result<crate::simulate::SimOptions, Error> {
    let iterations = o.i64("iterations")?.unwrap_or(1000);
    Ok(crate::simulate::SimOptions {
        iterations: u32::try_from(iterations)
            .map_err(|_| bad("iterations", "1 to 10,000,000", iterations))?,
        seed: o.i64("seed")?.map_or(0, |s| s as u64),
        threads: o
            .i64("threads")?
            .map(|t| usize::try_from(t).map_err(|_| bad("threads", "a positive integer", t)))
            .transpose()?,
        status_date: o.date("status_date")?,
    })
}

/// The options of `simulate` (`iterations`, `seed`, `threads`,
/// `status_date`).
pub fn simulation(value: &Value) -> Result<crate::simulate::SimOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["iterations", "seed", "threads", "status_date"])?;
    simulation_fields(&o)
}

/// The options of `level` (`mode`, `schedules`, `seed`, `within_slack`,
/// `status_date`).
pub fn level(value: &Value) -> Result<crate::level::LevelOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["mode", "schedules", "seed", "within_slack", "status_date"])?;
    Ok(crate::level::LevelOptions {
        mode: o
            .str("mode")?
            .map(crate::level::LevelMode::from_option)
            .transpose()?,
        schedules: o
            .i64("schedules")?
            .map(|n| u64::try_from(n).map_err(|_| bad("schedules", "1 to 10,000,000", n)))
            .transpose()?,
        seed: o.i64("seed")?.map(|s| s as u64),
        within_slack: o.bool("within_slack")?.unwrap_or(false),
        status_date: o.date("status_date")?,
    })
}

/// The options of `resource_usage` (`period`, `status_date`).
pub fn usage(value: &Value) -> Result<crate::level::UsageOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["period", "status_date"])?;
    Ok(crate::level::UsageOptions {
        period: o
            .str("period")?
            .map(crate::level::UsagePeriod::from_option)
            .transpose()?,
        status_date: o.date("status_date")?,
    })
}

/// The options of `health` (`status_date`, `profile`).
pub fn health(value: &Value) -> Result<crate::health::HealthOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["status_date", "profile"])?;
    Ok(crate::health::HealthOptions {
        status_date: o.date("status_date")?,
        profile: o.str("profile")?.map(str::to_string),
    })
}

/// A report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// The report's JSON (the default).
    #[default]
    Json,
    /// Markdown text.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

impl ReportFormat {
    /// Parses `json`, `md` or `html`.
    pub fn from_option(s: &str) -> Result<ReportFormat, Error> {
        match s {
            "json" => Ok(ReportFormat::Json),
            "md" => Ok(ReportFormat::Markdown),
            "html" => Ok(ReportFormat::Html),
            other => Err(bad("format", "json, md or html", format!("{other:?}"))),
        }
    }
}

/// The options of `report` other than its date (`lookahead_days`,
/// `top_risks`, `format`).
pub fn report(value: &Value) -> Result<(ReportOptions, ReportFormat), Error> {
    let o = Opts::new(value)?;
    o.allow(&["format", "lookahead_days", "top_risks"])?;
    report_fields(&o)
}

/// The report fields of `o`.
pub fn report_fields(o: &Opts<'_>) -> Result<(ReportOptions, ReportFormat), Error> {
    let opts = ReportOptions::from_options(o.i64("lookahead_days")?, o.i64("top_risks")?)?;
    let format = o
        .str("format")?
        .map(ReportFormat::from_option)
        .transpose()?
        .unwrap_or_default();
    Ok((opts, format))
}

/// The scorecard fields of `o` (`on_track`, `at_risk`, `default_cap`).
pub fn scorecard_fields(o: &Opts<'_>) -> Result<ScorecardOptions, Error> {
    let mut s = ScorecardOptions::default();
    if let Some(x) = o.f64("on_track")? {
        s.on_track = x;
    }
    if let Some(x) = o.f64("at_risk")? {
        s.at_risk = x;
    }
    if let Some(x) = o.f64("default_cap")? {
        s.default_cap = x;
    }
    Ok(s)
}

/// The options of `scorecard` other than its date.
pub fn scorecard(value: &Value) -> Result<ScorecardOptions, Error> {
    let o = Opts::new(value)?;
    o.allow(&["on_track", "at_risk", "default_cap"])?;
    scorecard_fields(&o)
}
