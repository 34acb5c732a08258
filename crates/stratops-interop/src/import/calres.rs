//! Calendars and resources of an MSPDI import.

use std::collections::HashMap;

use chrono::Datelike;
use serde_json::{Map, Value};
use stratops::{
    Calendar, CalendarException, Date, Interval, Money, Rate, Resource, ResourceKind, Week,
};

use super::{ext, Ctx, R};
use crate::codes;
use crate::leftover::node_json;

/// The standard working day, used for `DayWorking = 1` without times.
pub(crate) fn standard_day() -> Vec<Interval> {
    vec![
        Interval {
            from: "08:00".into(),
            to: "12:00".into(),
        },
        Interval {
            from: "13:00".into(),
            to: "17:00".into(),
        },
    ]
}

fn clock(t: &str, is_end: bool) -> Option<String> {
    let b = t.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let h: u32 = t.get(0..2)?.parse().ok()?;
    let m: u32 = t.get(3..5)?.parse().ok()?;
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return None;
    }
    if is_end && h == 0 && m == 0 {
        return Some("24:00".into());
    }
    Some(format!("{h:02}:{m:02}"))
}

pub(super) fn import_resource(
    cx: &mut Ctx<'_, '_>,
    r: usize,
    uid: i64,
    path: &str,
    cal_ids: &HashMap<i64, String>,
) -> R<Resource> {
    let tree = cx.tree;
    let mut consumed: Vec<&str> = vec!["UID", "ID", "Name"];
    let generic = cx.flag(r, "IsGeneric");
    let kind = match cx.int(r, "Type", path)? {
        Some(0) => {
            consumed.push("Type");
            ResourceKind::Material
        }
        Some(1) | None => {
            consumed.push("Type");
            if generic {
                consumed.push("IsGeneric");
                ResourceKind::Role
            } else {
                if cx.text(r, "IsGeneric").is_some() {
                    consumed.push("IsGeneric");
                }
                ResourceKind::Person
            }
        }
        Some(_) => ResourceKind::Person,
    };
    use rust_decimal::prelude::ToPrimitive;
    let capacity = cx.dec(r, "MaxUnits", path)?.and_then(|d| d.to_f64());
    if capacity.is_some() {
        consumed.push("MaxUnits");
    }
    let calendar = match cx.int(r, "CalendarUID", path)? {
        None | Some(-1) => None,
        Some(u) => cx.calendar_named(cal_ids, u, "Resource.CalendarUID"),
    };
    consumed.push("CalendarUID");
    let email = cx.text(r, "EmailAddress").map(str::to_string);
    consumed.push("EmailAddress");

    let mut rates = Vec::new();
    let mut extra = Map::new();
    if let Some(rs) = tree.child(r, "Rates") {
        consumed.push("Rates");
        let mut others = Vec::new();
        let mut a_extras = Vec::new();
        for (k, rate) in tree.children_named(rs, "Rate").enumerate() {
            let rp = format!("{path}/Rates/Rate[{k}]");
            let table = cx.int(rate, "RateTable", &rp)?.unwrap_or(0);
            if table != 0 {
                others.push(node_json(tree, rate));
                cx.report
                    .insert("Resource.Rates (cost rate tables B-E)".into());
                continue;
            }
            let standard = cx.dec(rate, "StandardRate", &rp)?.unwrap_or_default();
            let from = cx
                .datetime(rate, "RatesFrom", &rp)?
                .map(|d| d.date())
                .filter(|d| d.0.year() > 1984);
            rates.push(Rate {
                from,
                standard: Money(standard),
            });
            let e = cx.leftovers(rate, &["StandardRate", "RateTable"], "Rate");
            a_extras.push(Value::Object(e));
        }
        if !others.is_empty() {
            extra.insert("Rates".into(), serde_json::json!({ "Rate": others }));
        }
        if a_extras
            .iter()
            .any(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        {
            extra.insert(crate::RATES_A.into(), Value::Array(a_extras));
        }
    } else if let Some(sr) = cx.dec(r, "StandardRate", path)? {
        consumed.push("StandardRate");
        rates.push(Rate {
            from: None,
            standard: Money(sr),
        });
    }
    let mut left = cx.leftovers(r, &consumed, "Resource");
    left.extend(extra);
    Ok(Resource {
        id: format!("r{uid}"),
        name: cx.text(r, "Name").unwrap_or_default().to_string(),
        kind,
        rates,
        calendar,
        capacity,
        email,
        extensions: ext(left),
    })
}

fn intervals(cx: &Ctx<'_, '_>, day: usize, path: &str) -> R<Vec<Interval>> {
    let tree = cx.tree;
    let Some(wts) = tree.child(day, "WorkingTimes") else {
        return Ok(if cx.flag(day, "DayWorking") {
            standard_day()
        } else {
            vec![]
        });
    };
    if !cx.flag(day, "DayWorking") {
        return Ok(vec![]);
    }
    let mut out = Vec::new();
    for (k, wt) in tree.children_named(wts, "WorkingTime").enumerate() {
        let wp = format!("{path}/WorkingTimes/WorkingTime[{k}]");
        let (Some(f), Some(t)) = (cx.text(wt, "FromTime"), cx.text(wt, "ToTime")) else {
            continue;
        };
        let (Some(from), Some(to)) = (clock(f, false), clock(t, true)) else {
            return Err(cx.fail(
                wt,
                "bad_value",
                format!("working time {f}-{t} is not HH:MM:SS-HH:MM:SS"),
                &wp,
            ));
        };
        if from != to {
            out.push(Interval { from, to });
        }
    }
    Ok(out)
}

pub(super) fn import_calendar(
    cx: &mut Ctx<'_, '_>,
    c: usize,
    uid: i64,
    path: &str,
    cal_ids: &HashMap<i64, String>,
) -> R<Calendar> {
    let tree = cx.tree;
    let mut consumed: Vec<&str> = vec!["UID", "Name", "WeekDays", "BaseCalendarUID"];
    // A base calendar has no base, whatever its BaseCalendarUID says (MS
    // Project 2013+ writes 0, some files -65533); a UID that names no
    // calendar means "no base" too, as in MPXJ's reader.
    let base = match cx.int(c, "BaseCalendarUID", path)? {
        None | Some(-1) => None,
        Some(_) if cx.flag(c, "IsBaseCalendar") => None,
        Some(b) => cx.calendar_named(cal_ids, b, "Calendar.BaseCalendarUID"),
    };
    if cx.text(c, "IsBaseCalendar").is_some() && cx.flag(c, "IsBaseCalendar") == base.is_none() {
        consumed.push("IsBaseCalendar");
    }
    let has_new_exceptions = tree.child(c, "Exceptions").is_some();
    let mut week = Week::default();
    let mut exceptions = Vec::new();
    if let Some(wds) = tree.child(c, "WeekDays") {
        for (k, wd) in tree.children_named(wds, "WeekDay").enumerate() {
            let wp = format!("{path}/WeekDays/WeekDay[{k}]");
            let dt = cx.int(wd, "DayType", &wp)?.unwrap_or(-1);
            if dt == 0 {
                if has_new_exceptions {
                    cx.report.insert("Calendar.WeekDay[DayType=0] ignored: the same exceptions are in <Exceptions>".into());
                    continue;
                }
                if let Some(ex) = exception(cx, wd, &wp, None)? {
                    exceptions.push(ex);
                }
                continue;
            }
            let Some(i) = codes::day_type_index(dt) else {
                return Err(cx.fail(
                    wd,
                    "bad_value",
                    format!("DayType {dt} is not 0..7"),
                    &format!("{wp}/DayType"),
                ));
            };
            let ints = intervals(cx, wd, &wp)?;
            let slot = match i {
                0 => &mut week.monday,
                1 => &mut week.tuesday,
                2 => &mut week.wednesday,
                3 => &mut week.thursday,
                4 => &mut week.friday,
                5 => &mut week.saturday,
                _ => &mut week.sunday,
            };
            *slot = Some(ints);
        }
    }
    let mut recurring = Vec::new();
    if let Some(exs) = tree.child(c, "Exceptions") {
        consumed.push("Exceptions");
        for (k, e) in tree.children_named(exs, "Exception").enumerate() {
            let ep = format!("{path}/Exceptions/Exception[{k}]");
            let ty = cx.int(e, "Type", &ep)?.unwrap_or(1);
            let period = cx.int(e, "Period", &ep)?.unwrap_or(1);
            if ty != 1 || period != 1 {
                recurring.push(node_json(tree, e));
                cx.report
                    .insert("Calendar.Exceptions (recurring, not expanded)".into());
                continue;
            }
            let name = cx
                .text(e, "Name")
                .filter(|n| !n.is_empty())
                .map(str::to_string);
            if let Some(ex) = exception(cx, e, &ep, name)? {
                exceptions.push(ex);
            }
        }
    }
    let mut left = cx.leftovers(c, &consumed, "Calendar");
    if !recurring.is_empty() {
        left.insert(
            "Exceptions".into(),
            serde_json::json!({ "Exception": recurring }),
        );
    }
    Ok(Calendar {
        id: format!("c{uid}"),
        name: cx.text(c, "Name").map(str::to_string),
        base,
        week,
        exceptions,
        extensions: ext(left),
    })
}

fn exception(
    cx: &Ctx<'_, '_>,
    e: usize,
    path: &str,
    name: Option<String>,
) -> R<Option<CalendarException>> {
    let tree = cx.tree;
    let Some(tp) = tree.child(e, "TimePeriod") else {
        return Err(cx.fail(
            e,
            "bad_value",
            "a calendar exception has no TimePeriod".into(),
            path,
        ));
    };
    let tpp = format!("{path}/TimePeriod");
    let (Some(from), Some(to)) = (
        cx.datetime(tp, "FromDate", &tpp)?,
        cx.datetime(tp, "ToDate", &tpp)?,
    ) else {
        return Err(cx.fail(
            tp,
            "bad_value",
            "a calendar exception needs FromDate and ToDate".into(),
            &tpp,
        ));
    };
    let from_d = from.date();
    let mut to_d = to.date();
    // An end at exactly midnight means "up to the end of the previous day".
    if to.0.time() == chrono::NaiveTime::MIN && to_d > from_d {
        to_d = Date(to_d.0.pred_opt().unwrap_or(to_d.0));
    }
    Ok(Some(CalendarException {
        name,
        from: from_d,
        to: (to_d != from_d).then_some(to_d),
        intervals: intervals(cx, e, path)?,
    }))
}

/// Refuses a calendar that has no working time in any week, resolving
/// missing weekdays along its base chain (and the built-in standard week at
/// the end of the chain), as stratops does.
pub(super) fn check_working_time(
    cx: &Ctx<'_, '_>,
    cals: &[Calendar],
    nodes: &[(usize, i64, String)],
) -> R<()> {
    let by_id: HashMap<&str, usize> = cals
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for (i, c) in cals.iter().enumerate() {
        let any = (0..7).any(|d| {
            let mut cur = Some(i);
            let mut steps = 0;
            while let Some(k) = cur {
                if let Some(ints) = cals[k].week.days()[d] {
                    return !ints.is_empty();
                }
                steps += 1;
                if steps > cals.len() {
                    return true; // a base cycle: validation reports it
                }
                cur = cals[k].base.as_deref().and_then(|b| by_id.get(b).copied());
            }
            d < 5
        });
        if !any {
            let (node, _, path) = &nodes[i];
            return Err(cx.fail(
                *node,
                "calendar_no_working_time",
                format!(
                    "calendar {:?} has no working time in any week",
                    c.name.as_deref().unwrap_or(&c.id)
                ),
                path,
            ));
        }
    }
    Ok(())
}
