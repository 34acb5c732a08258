//! Calendars (intervals, exceptions, bases, cycles, working time) and
//! resources (calendar, rates, capacity).

use super::ids::check_ref;
use super::{Ctx, DAY_NAMES};
use crate::calendar::parse_clock;
use crate::error::Severity;
use crate::index::{EntityKind, Index, NONE};
use crate::model::Document;

/// Every calendar: its intervals and exceptions, its base (no cycles), and
/// some working time in its week.
pub(super) fn check_calendars(cx: &mut Ctx, ix: &Index, doc: &Document) {
    // calendars
    let ncal = doc.calendars.len();
    let mut cal_base = vec![NONE; ncal];
    for (i, c) in doc.calendars.iter().enumerate() {
        let cp = format!("calendars[{i}]");
        if let Some(b) = &c.base {
            if let Some(d) = check_ref(
                cx,
                ix,
                &c.id,
                &|| format!("{cp}.base"),
                b,
                EntityKind::Calendar,
                "base calendar",
            ) {
                cal_base[i] = d;
            }
        }
        for (d, day) in c.week.days().iter().enumerate() {
            if let Some(ints) = day {
                check_intervals(cx, &c.id, &format!("{cp}.week.{}", DAY_NAMES[d]), ints);
            }
        }
        for (e, ex) in c.exceptions.iter().enumerate() {
            let ep = format!("{cp}.exceptions[{e}]");
            if ex.to.is_some_and(|t| t < ex.from) {
                cx.err(
                    "bad_exception",
                    &c.id,
                    ep.clone(),
                    "exception ends before it starts".into(),
                );
            }
            check_intervals(cx, &c.id, &format!("{ep}.intervals"), &ex.intervals);
        }
    }
    // calendar base cycles and "no working time at all"
    for i in 0..ncal {
        let mut seen = vec![i];
        let mut cur = cal_base[i];
        let mut cyc = false;
        while cur != NONE {
            if seen.contains(&(cur as usize)) {
                cyc = true;
                break;
            }
            seen.push(cur as usize);
            cur = cal_base[cur as usize];
        }
        let c = &doc.calendars[i];
        if cyc {
            let ids: Vec<String> = seen.iter().map(|&k| doc.calendars[k].id.clone()).collect();
            cx.push(
                Severity::Error,
                "calendar_cycle",
                Some(&c.id),
                format!("calendars[{i}].base"),
                format!("calendar bases form a cycle: {}", ids.join(" -> ")),
                ids,
            );
            continue;
        }
        // Resolve each weekday along the chain; the standard week fills gaps.
        let any_work = (0..7).any(|d| {
            for &k in &seen {
                if let Some(ints) = doc.calendars[k].week.days()[d] {
                    return !ints.is_empty();
                }
            }
            d < 5
        });
        if !any_work {
            cx.err(
                "calendar_no_working_time",
                &c.id,
                format!("calendars[{i}].week"),
                format!("calendar {:?} has no working time in any week", c.id),
            );
        }
    }
}

/// Every resource: its calendar, rates and capacity.
pub(super) fn check_resources(cx: &mut Ctx, ix: &Index, doc: &Document) {
    for (i, r) in doc.resources.iter().enumerate() {
        let rp = format!("resources[{i}]");
        if let Some(c) = &r.calendar {
            check_ref(
                cx,
                ix,
                &r.id,
                &|| format!("{rp}.calendar"),
                c,
                EntityKind::Calendar,
                "calendar",
            );
        }
        for (k, rate) in r.rates.iter().enumerate() {
            if rate.standard.0.is_sign_negative() && !rate.standard.0.is_zero() {
                cx.err(
                    "negative_rate",
                    &r.id,
                    format!("{rp}.rates[{k}].standard"),
                    "a rate cannot be negative".into(),
                );
            }
            if r.rates[..k].iter().any(|o| o.from == rate.from) {
                cx.err(
                    "duplicate_rate",
                    &r.id,
                    format!("{rp}.rates[{k}].from"),
                    "two rates take effect on the same date".into(),
                );
            }
        }
        if r.capacity.is_some_and(|c| !c.is_finite() || c < 0.0) {
            cx.err(
                "bad_capacity",
                &r.id,
                format!("{rp}.capacity"),
                "capacity must be a finite number >= 0".into(),
            );
        }
    }
}

fn check_intervals(cx: &mut Ctx, id: &str, path: &str, ints: &[crate::model::Interval]) {
    let mut spans = Vec::new();
    for (k, iv) in ints.iter().enumerate() {
        let ip = format!("{path}[{k}]");
        match (parse_clock(&iv.from), parse_clock(&iv.to)) {
            (Some(a), Some(b)) if a < b => spans.push((a, b)),
            (Some(_), Some(_)) => cx.err(
                "bad_interval",
                id,
                ip,
                format!("interval {}-{} is empty or reversed", iv.from, iv.to),
            ),
            _ => cx.err(
                "bad_interval",
                id,
                ip,
                format!(
                    "interval {}-{} is not HH:MM-HH:MM within 00:00-24:00",
                    iv.from, iv.to
                ),
            ),
        }
    }
    crate::sort::by(&mut spans, Ord::cmp);
    if spans.windows(2).any(|w| w[1].0 < w[0].1) {
        cx.err(
            "overlapping_intervals",
            id,
            path.to_string(),
            "working intervals overlap".into(),
        );
    }
}
