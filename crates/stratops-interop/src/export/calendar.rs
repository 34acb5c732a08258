//! Calendars of an MSPDI export.

use std::collections::HashMap;

use serde_json::{Map, Value};
use stratops::{Calendar, Interval};

use super::{element, fail, leftovers, put, s, R};
use crate::codes;

pub(super) fn calendar(
    out: &mut String,
    c: &Calendar,
    cal_uid: &HashMap<String, i64>,
    path: &str,
) -> R<()> {
    let mut left = leftovers(&c.extensions);
    let recurring = left.remove("Exceptions");
    let mut e: Vec<(String, Value)> = left.into_iter().collect();
    put(&mut e, "UID", s(cal_uid.get(&c.id).copied().unwrap_or(0)));
    if let Some(n) = &c.name {
        put(&mut e, "Name", s(n));
    }
    let base = match &c.base {
        Some(b) => Some(cal_uid.get(b).copied().ok_or_else(|| {
            fail(
                "unknown_id",
                format!("calendar {:?} is based on unknown calendar {b:?}", c.id),
                &format!("{path}.base"),
            )
        })?),
        None => None,
    };
    if !e.iter().any(|(k, _)| k == "IsBaseCalendar") {
        put(&mut e, "IsBaseCalendar", s(u8::from(base.is_none())));
    }
    put(&mut e, "BaseCalendarUID", s(base.unwrap_or(-1)));
    let mut days = Vec::new();
    let week = c.week.days();
    // Sunday first, as MS Project writes them (DayType 1..7).
    for i in [6, 0, 1, 2, 3, 4, 5] {
        let d = week[i];
        // A day left out inherits (from the base, or MS Project's default).
        if let Some(ints) = d {
            days.push(day_json("DayType", codes::index_day_type(i), ints));
        }
    }
    if !days.is_empty() {
        put(&mut e, "WeekDays", serde_json::json!({ "WeekDay": days }));
    }
    let mut exc = Vec::new();
    for x in &c.exceptions {
        let to = x.to.unwrap_or(x.from);
        let n = (to.0 - x.from.0).num_days() + 1;
        let mut m = Map::new();
        m.insert("EnteredByOccurrences".into(), s(0));
        m.insert("TimePeriod".into(), serde_json::json!({"FromDate": format!("{}T00:00:00", x.from), "ToDate": format!("{to}T23:59:00")}));
        m.insert("Occurrences".into(), s(n));
        if let Some(nm) = &x.name {
            m.insert("Name".into(), s(nm));
        }
        m.insert("Type".into(), s(1));
        m.insert("DayWorking".into(), s(u8::from(!x.intervals.is_empty())));
        if !x.intervals.is_empty() {
            m.insert("WorkingTimes".into(), working_times(&x.intervals));
        }
        exc.push(Value::Object(m));
    }
    if let Some(Value::Object(o)) = recurring {
        match o.get("Exception") {
            Some(Value::Array(a)) => exc.extend(a.iter().cloned()),
            Some(v) => exc.push(v.clone()),
            None => {}
        }
    }
    if !exc.is_empty() {
        put(
            &mut e,
            "Exceptions",
            serde_json::json!({ "Exception": exc }),
        );
    }
    element(out, 2, "Calendar", e)
}

fn working_times(ints: &[Interval]) -> Value {
    let wt: Vec<Value> = ints
        .iter()
        .map(|iv| {
            let to = if iv.to == "24:00" {
                "00:00".to_string()
            } else {
                iv.to.clone()
            };
            serde_json::json!({"FromTime": format!("{}:00", iv.from), "ToTime": format!("{to}:00")})
        })
        .collect();
    serde_json::json!({ "WorkingTime": wt })
}

fn day_json(key: &str, day_type: i64, ints: &[Interval]) -> Value {
    let mut m = Map::new();
    m.insert(key.into(), s(day_type));
    m.insert("DayWorking".into(), s(u8::from(!ints.is_empty())));
    if !ints.is_empty() {
        m.insert("WorkingTimes".into(), working_times(ints));
    }
    Value::Object(m)
}
