//! The engines, behind one generic entry point.
//!
//! Every engine crosses the boundary the same way: options arrive as a JSON
//! object, the result leaves as the engine's own serde JSON (the same
//! shape as the CLI's `--format json`), and the Python layer
//! (`stratops/_results.py`) turns it into a typed result object. Adding an
//! engine is therefore one `match` arm here and one small class there.

use serde_json::Value;
use stratops::{Error, Model};

/// The engines this build knows, in the order they are documented.
pub const ENGINES: &[&str] = &[];

/// Runs engine `name` on a validated model.
pub fn run(_model: &Model, name: &str, options: &Value) -> Result<Value, Error> {
    if !(options.is_object() || options.is_null()) {
        return Err(Error::calc(
            "bad_option",
            None,
            "engine options must be a JSON object",
        ));
    }
    // Engines land here as the core grows (schedule, scorecard, alignment,
    // budget, report): `"schedule" => to_value(schedule(model, &opts)?)`.
    Err(Error::calc(
        "unknown_engine",
        Some(name),
        format!(
            "no engine named {name:?} in this build; available: {}",
            ENGINES.join(", ")
        ),
    ))
}

/// A string option, if present.
#[allow(dead_code)]
pub fn opt_str<'a>(options: &'a Value, key: &str) -> Result<Option<&'a str>, Error> {
    match options.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::calc(
            "bad_option",
            Some(key),
            format!("option {key} must be a string, not {other}"),
        )),
    }
}

/// A date option (`YYYY-MM-DD`), if present.
#[allow(dead_code)]
pub fn opt_date(options: &Value, key: &str) -> Result<Option<stratops::Date>, Error> {
    match opt_str(options, key)? {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| {
            Error::calc(
                "bad_option",
                Some(key),
                format!("option {key} must be a date YYYY-MM-DD, not {s:?}"),
            )
        }),
    }
}

/// Serialises an engine result.
#[allow(dead_code)]
pub fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v)
        .map_err(|e| Error::calc("internal_error", None, format!("cannot encode result: {e}")))
}
