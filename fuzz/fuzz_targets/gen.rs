//! A structured generator of valid-shaped plans from fuzz bytes. Sizes grow
//! with the input (the blow-ups this exists for came from size, not from
//! malformed bytes): wide summaries, links into and out of summaries, long
//! and negative lags, every constraint, several calendars, prorated cost
//! lines over long horizons.

use arbitrary::{Result, Unstructured};
use serde_json::{json, Value};

const DURATIONS: &[&str] = &[
    "0d", "1d", "2d", "5d", "3h", "90m", "4ed", "1w", "1mo", "200d", "40000d", "2000000m",
];
const LAGS: &[&str] = &[
    "0d",
    "1d",
    "-1d",
    "-3d",
    "2h",
    "50%",
    "-50%",
    "3ed",
    "-1000000000m",
    "100000d",
];
const TYPES: &[&str] = &["FS", "SS", "FF", "SF"];
const CONSTRAINTS: &[&str] = &["ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"];
const DATES: &[&str] = &[
    "2025-01-06",
    "2025-03-03",
    "2024-12-31",
    "2026-07-01",
    "0001-01-01",
    "9999-12-30",
];
const HORIZONS: &[(&str, &str)] = &[
    ("2025-01-06", "2025-12-31"),
    ("2025-01-01", "2027-12-31"),
    ("2000-01-01", "2099-12-31"),
    ("0001-01-01", "9999-12-31"),
];
const CALENDARS: &[&str] = &["standard", "night", "seven"];

fn pick<'a, T>(u: &mut Unstructured, xs: &'a [T]) -> Result<&'a T> {
    Ok(&xs[u.choose_index(xs.len())?])
}

/// A plan document and its task count.
pub fn plan(u: &mut Unstructured) -> Result<(Value, usize)> {
    // Size: up to 4,000 tasks, often one wide summary.
    let n = 1 + (u.arbitrary::<u16>()? as usize % 4000);
    let wide = u.ratio(1, 3)?;
    let (hs, he) = *pick(u, HORIZONS)?;
    let mut tasks = Vec::with_capacity(n);
    let mut links = 0usize;
    for i in 0..n {
        let mut t = json!({"id": format!("t{i}"), "name": "t"});
        if i > 0 {
            let parent = if wide {
                (i % 2 == 1).then_some(0)
            } else if u.ratio(1, 3)? {
                Some(u.choose_index(i)?)
            } else {
                None
            };
            if let Some(p) = parent {
                t["parent"] = json!(format!("t{p}"));
            }
        }
        if u.ratio(4, 5)? {
            t["duration"] = json!(pick(u, DURATIONS)?);
        }
        if i > 0 {
            let k = if wide && i % 2 == 0 {
                1
            } else {
                u.int_in_range(0..=3)?
            };
            let mut deps = Vec::new();
            for _ in 0..k {
                let pred = if wide && i % 2 == 0 {
                    0
                } else {
                    u.choose_index(i)?
                };
                let mut d = json!({"predecessor": format!("t{pred}"), "type": pick(u, TYPES)?});
                if u.ratio(1, 4)? {
                    d["lag"] = json!(pick(u, LAGS)?);
                }
                deps.push(d);
                links += 1;
            }
            if !deps.is_empty() {
                t["dependencies"] = Value::Array(deps);
            }
        }
        if u.ratio(1, 8)? {
            t["constraint"] = json!({"type": pick(u, CONSTRAINTS)?, "date": pick(u, DATES)?});
        }
        if u.ratio(1, 10)? {
            t["calendar"] = json!(pick(u, CALENDARS)?);
        }
        if u.ratio(1, 10)? {
            t["deadline"] = json!(pick(u, DATES)?);
        }
        if u.ratio(1, 6)? {
            let mut p = json!({"percent_complete": u.int_in_range(0..=100)?});
            if u.ratio(1, 2)? {
                p["actual_start"] = json!(pick(u, DATES)?);
            }
            if u.ratio(1, 4)? {
                p["remaining"] = json!(pick(u, DURATIONS)?);
            }
            if u.ratio(1, 4)? {
                p["ev_method"] = json!(pick(
                    u,
                    &["percent_complete", "zero_hundred", "fifty_fifty"]
                )?);
            }
            t["progress"] = p;
        }
        tasks.push(t);
    }
    let lines = u.int_in_range(0..=200usize)?;
    let mut costs = Vec::with_capacity(lines);
    for i in 0..lines {
        let mut c = json!({"id": format!("c{i}"), "category": "x", "kind": "fixed",
            "amount": "1000.00", "accrual": pick(u, &["start", "prorated", "end"])?});
        if u.ratio(1, 2)? {
            c["task"] = json!(format!("t{}", u.choose_index(n)?));
        }
        if u.ratio(1, 4)? {
            c["actuals"] = json!([{"date": pick(u, DATES)?, "amount": "250.00"}]);
        }
        costs.push(c);
    }
    let doc = json!({
        "format": "stratops/1",
        "calendars": [
            {"id": "night", "name": "Night", "base": "standard",
             "week": {"monday": [{"from": "22:00", "to": "24:00"}],
                      "tuesday": [{"from": "00:00", "to": "06:00"}, {"from": "22:00", "to": "24:00"}]}},
            {"id": "seven", "name": "Seven", "week": {
                "monday": [{"from": "00:00", "to": "24:00"}], "tuesday": [{"from": "00:00", "to": "24:00"}],
                "wednesday": [{"from": "00:00", "to": "24:00"}], "thursday": [{"from": "00:00", "to": "24:00"}],
                "friday": [{"from": "00:00", "to": "24:00"}], "saturday": [{"from": "00:00", "to": "24:00"}],
                "sunday": [{"from": "00:00", "to": "24:00"}]},
             "exceptions": [{"from": "2025-12-24", "to": "2026-01-02", "intervals": []}]}
        ],
        "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": hs, "end": he}, "tasks": tasks, "costs": costs}]
    });
    Ok((doc, n + links))
}
