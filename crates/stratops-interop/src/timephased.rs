//! An assignment's timephased work: MSPDI `TimephasedData` of type 1
//! (remaining work) and 2 (actual work) ↔ the model's
//! [`stratops::Assignment::timephased`] periods.
//!
//! The raw elements stay in the assignment's extensions (with their `UID`
//! and display `Unit`, which the model does not need), so an import →
//! export → import is exact. The export writes them back untouched while
//! the model's periods still equal what they describe, and rewrites the
//! work periods from the model once they differ (an edit).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{DateTime, WorkPeriod};

use crate::codes;

const REMAINING: &str = "1";
const ACTUAL: &str = "2";

/// The kept `TimephasedData` items (one object, or an array of them).
fn items(kept: Option<&Value>) -> Vec<&Map<String, Value>> {
    match kept {
        Some(Value::Object(o)) => vec![o],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

fn text<'v>(o: &'v Map<String, Value>, k: &str) -> Option<&'v str> {
    o.get(k).and_then(Value::as_str).map(str::trim)
}

fn instant(o: &Map<String, Value>, k: &str) -> Option<DateTime> {
    let t = text(o, k)?;
    t.get(..19).unwrap_or(t).parse().ok()
}

/// The work periods the kept `TimephasedData` describe, in time order.
/// Empty when there are none, or when any is unreadable, ends before it
/// starts or overlaps another: such data stay in the extensions only, and
/// the assignment is scheduled from its work and units.
pub(crate) fn periods(kept: Option<&Value>) -> Vec<WorkPeriod> {
    let mut out = Vec::new();
    for o in items(kept) {
        let actual = match text(o, "Type") {
            Some(REMAINING) => false,
            Some(ACTUAL) => true,
            _ => continue,
        };
        let (Some(start), Some(finish)) = (instant(o, "Start"), instant(o, "Finish")) else {
            return Vec::new();
        };
        let minutes = match text(o, "Value").filter(|v| !v.is_empty()) {
            None => Decimal::ZERO,
            Some(v) => match codes::parse_iso_minutes(v) {
                Some(m) if !m.is_sign_negative() => m,
                _ => return Vec::new(),
            },
        };
        let Some(hours) = (minutes / Decimal::from(60)).to_f64() else {
            return Vec::new();
        };
        out.push(WorkPeriod {
            start,
            finish,
            hours,
            actual,
        });
    }
    stratops::sort::by_key(&mut out, |p| p.start);
    let ordered = out.windows(2).all(|w| w[1].start >= w[0].finish);
    if !ordered || out.iter().any(|p| p.finish <= p.start) {
        return Vec::new();
    }
    out
}

/// Makes the kept `TimephasedData` of an exported assignment say what the
/// model's `periods` say: untouched when they already do, else the work
/// periods are rewritten (other types kept).
pub(crate) fn write_back(m: &mut Map<String, Value>, model: &[WorkPeriod]) {
    if periods(m.get("TimephasedData")) == model {
        return;
    }
    let uid = m.get("UID").cloned();
    let mut kept: Vec<Value> = items(m.get("TimephasedData"))
        .into_iter()
        .filter(|o| !matches!(text(o, "Type"), Some(REMAINING) | Some(ACTUAL)))
        .map(|o| Value::Object(o.clone()))
        .collect();
    for p in model {
        let mut o = Map::new();
        let kind = if p.actual { ACTUAL } else { REMAINING };
        o.insert("Type".into(), Value::String(kind.into()));
        if let Some(u) = &uid {
            o.insert("UID".into(), u.clone());
        }
        o.insert("Start".into(), stamp(p.start));
        o.insert("Finish".into(), stamp(p.finish));
        // The timescale unit MS Project displays the value in: days,
        // hours or minutes, by the period's length.
        let span = (p.finish.0 - p.start.0).num_minutes();
        let unit = match span {
            s if s >= 24 * 60 => "2",
            s if s >= 60 => "1",
            _ => "0",
        };
        o.insert("Unit".into(), Value::String(unit.into()));
        o.insert(
            "Value".into(),
            Value::String(crate::export::work_text(p.hours)),
        );
        kept.push(Value::Object(o));
    }
    match kept.len() {
        0 => {
            m.remove("TimephasedData");
        }
        1 => {
            m.insert("TimephasedData".into(), kept.remove(0));
        }
        _ => {
            m.insert("TimephasedData".into(), Value::Array(kept));
        }
    }
}

fn stamp(t: DateTime) -> Value {
    Value::String(t.0.format("%Y-%m-%dT%H:%M:%S").to_string())
}
