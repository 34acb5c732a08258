//! Resource usage per day or week against capacity, on the leveling grid
//! (one working day of the project calendar per period).

use serde::Serialize;

use super::instance::{self, Instance};
use super::rcpsp::{self, Profile};
use crate::calendar::from_minutes;
use crate::error::codes;
use crate::schedule::{schedule, ScheduleOptions};
use crate::values::Date;
use crate::{Error, Model};

/// The period of a usage row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsagePeriod {
    /// One row per working day.
    #[default]
    Day,
    /// One row per calendar week (Monday to Sunday).
    Week,
}

impl UsagePeriod {
    /// Parses `day` or `week`; any other value is a `bad_option` naming
    /// `period`.
    pub fn from_option(s: &str) -> Result<UsagePeriod, Error> {
        match s {
            "day" => Ok(UsagePeriod::Day),
            "week" => Ok(UsagePeriod::Week),
            _ => Err(Error::calc(
                codes::BAD_OPTION,
                Some("period"),
                format!("period must be day or week, not {s:?}"),
            )),
        }
    }
}

/// Options of [`resource_usage`].
#[derive(Debug, Clone, Default)]
pub struct UsageOptions {
    /// Day (default) or week.
    pub period: Option<UsagePeriod>,
    /// Schedule the plan as executed at this date.
    pub status_date: Option<Date>,
}

/// One resource in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageRow {
    /// The resource id.
    pub resource: String,
    /// The first day of the period (for weeks, the Monday).
    pub date: Date,
    /// The first working day of the period, counted from the project start.
    pub from_day: i64,
    /// The working day after the period's last one.
    pub to_day: i64,
    /// The peak units in use on one day of the period (1.0 = one full-time
    /// unit).
    pub units: f64,
    /// Units times working days: the work in the period, in unit-days.
    pub unit_days: f64,
    /// The resource's capacity in units.
    pub capacity_units: f64,
    /// Whether some day of the period needs more than the capacity.
    pub over: bool,
    /// The tasks using the resource in the period, in document order.
    pub tasks: Vec<String>,
}

/// Resource usage of the (unleveled) schedule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceUsage {
    /// Day or week.
    pub period: UsagePeriod,
    /// Rows with some use, by resource (document order), then period.
    pub rows: Vec<UsageRow>,
}

/// The usage of every resource, day by day or week by week, of the
/// schedule as computed (before any leveling).
///
/// ```
/// use stratops::{Document, Model};
/// use stratops::level::{resource_usage, UsageOptions};
/// let doc = Document::from_json(r#"{"format": "stratops/1",
///   "resources": [{"id": "ana", "name": "Ana"}],
///   "plans": [{"id": "p", "kind": "project", "name": "P",
///     "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///     "tasks": [
///       {"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
///       {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}]}]}]}"#).unwrap();
/// let u = resource_usage(&Model::new(doc).unwrap(), &UsageOptions::default()).unwrap();
/// // both tasks start on Monday: Ana is booked twice for two days
/// assert_eq!(u.rows[0].units, 2.0);
/// assert!(u.rows[0].over);
/// assert_eq!(u.rows[2].units, 1.0);
/// assert_eq!(u.rows.len(), 3);
/// ```
pub fn resource_usage(model: &Model, opts: &UsageOptions) -> Result<ResourceUsage, Error> {
    let s = schedule(
        model,
        &ScheduleOptions {
            status_date: opts.status_date,
            ..Default::default()
        },
    )?;
    let inst = instance::build(model, &s)?;
    let p = &inst.problem;
    let mut prof = Profile::new(p.cap.len());
    rcpsp::serial_fixed(p, &p.release, &mut prof)?;
    let period = opts.period.unwrap_or_default();
    let ids: Vec<&str> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    let rows = rows(model, &inst, &prof, &p.release, &ids, period)?;
    Ok(ResourceUsage { period, rows })
}

/// The usage rows of a filled profile, with `start` the period of each
/// activity.
pub(super) fn rows(
    model: &Model,
    inst: &Instance,
    prof: &Profile,
    start: &[i64],
    ids: &[&str],
    period: UsagePeriod,
) -> Result<Vec<UsageRow>, Error> {
    let p = &inst.problem;
    let doc = model.document();
    let mut out: Vec<UsageRow> = Vec::new();
    let mut dates: Vec<Date> = Vec::with_capacity(prof.periods() as usize);
    for t in 0..prof.periods() {
        dates.push(from_minutes(inst.period_start(t)?)?.date());
    }
    for (k, &cap) in p.cap.iter().enumerate() {
        let resource = &doc.resources[inst.resources[k] as usize].id;
        let mut t = 0;
        while t < prof.periods() {
            let key = |d: Date| match period {
                UsagePeriod::Day => d,
                UsagePeriod::Week => monday(d),
            };
            let date = key(dates[t as usize]);
            let from = t;
            let (mut peak, mut sum) = (0i64, 0i64);
            while t < prof.periods() && key(dates[t as usize]) == date {
                peak = peak.max(prof.at(t, k));
                sum = sum.saturating_add(prof.at(t, k));
                t += 1;
            }
            if sum == 0 {
                continue;
            }
            let tasks = (0..inst.tasks)
                .filter(|&j| {
                    p.requests(j).iter().any(|&(kk, _)| kk as usize == k)
                        && start[j] < t
                        && start[j] + p.dur[j] > from
                })
                .map(|j| ids[j].to_string())
                .collect();
            out.push(UsageRow {
                resource: resource.clone(),
                date,
                from_day: inst.day(from),
                to_day: inst.day(t),
                units: peak as f64 / 1000.0,
                unit_days: sum as f64 / 1000.0,
                capacity_units: cap as f64 / 1000.0,
                over: peak > cap,
                tasks,
            });
        }
    }
    Ok(out)
}

/// The Monday of a date's week.
fn monday(d: Date) -> Date {
    use chrono::Datelike;
    let back = u64::from(d.0.weekday().num_days_from_monday());
    d.0.checked_sub_days(chrono::Days::new(back))
        .map_or(d, Date)
}
