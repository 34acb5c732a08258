//! The project's own fields of an MSPDI import: the settings, the plan's
//! name, horizon and calendar, and the plan itself.

use std::collections::{BTreeMap, HashMap};

use stratops::{Horizon, Plan, PlanKind, Settings};

use super::{Ctx, ReadTasks, R, ROOT};

/// The project path in error messages.
const P: &str = "Project";

/// The document settings from the project's fields (consumed ones are
/// added to `consumed`).
pub(super) fn settings(cx: &Ctx<'_, '_>, consumed: &mut Vec<&str>) -> R<Settings> {
    let mut settings = Settings::default();
    for (name, slot) in [
        ("MinutesPerDay", &mut settings.minutes_per_day),
        ("MinutesPerWeek", &mut settings.minutes_per_week),
        ("DaysPerMonth", &mut settings.days_per_month),
    ] {
        if let Some(v) = cx.int(ROOT, name, P)? {
            if v <= 0 {
                let c = cx.tree.child(ROOT, name).unwrap_or(ROOT);
                return Err(cx.fail(
                    c,
                    "bad_value",
                    format!("{name} must be > 0"),
                    &format!("{P}/{name}"),
                ));
            }
            *slot = v;
            consumed.push(name);
        }
    }
    if let Some(h) = cx.text(ROOT, "HonorConstraints") {
        settings.honor_constraints = h == "1" || h == "true";
        consumed.push("HonorConstraints");
    }
    if let Some(days) = cx.int(ROOT, "CriticalSlackLimit", P)? {
        settings.critical_threshold_min = days.saturating_mul(settings.minutes_per_day);
        consumed.push("CriticalSlackLimit");
    }
    Ok(settings)
}

/// The project's header: what becomes the plan's name, horizon, start
/// time and calendar, and the document's organisation and currency.
pub(super) struct Header {
    name: String,
    horizon: Horizon,
    start_time: Option<String>,
    calendar: Option<String>,
    pub(super) organisation: Option<String>,
    pub(super) currency: Option<String>,
}

/// Reads the project's header fields (consumed ones are added to
/// `consumed`).
pub(super) fn header(
    cx: &mut Ctx<'_, '_>,
    consumed: &mut Vec<&str>,
    cal_ids: &HashMap<i64, String>,
) -> R<Header> {
    let start = cx.datetime(ROOT, "StartDate", P)?;
    let finish = cx.datetime(ROOT, "FinishDate", P)?;
    let def_finish = cx
        .text(ROOT, "DefaultFinishTime")
        .unwrap_or("17:00:00")
        .to_string();
    let Some(start) = start else {
        return Err(cx.fail(
            ROOT,
            "missing_start_date",
            "the project has no StartDate".into(),
            "Project/StartDate",
        ));
    };
    // The project start's time of day, when it is not the default start
    // time, is where the first tasks start (a 09:00 start on an 08:00
    // calendar starts them at 09:00).
    let start_clock = start.0.time().format("%H:%M:%S").to_string();
    let mut start_time = None;
    if start_clock != "00:00:00" && start_clock.ends_with(":00") {
        consumed.push("StartDate");
        start_time = Some(start_clock[..5].to_string());
    }
    let end = match finish {
        Some(f) => {
            if f.0.time().format("%H:%M:%S").to_string() == def_finish {
                consumed.push("FinishDate");
            }
            f.date().max(start.date())
        }
        None => start.date(),
    };
    let name = match (cx.text(ROOT, "Title"), cx.text(ROOT, "Name")) {
        (Some(t), _) => {
            consumed.push("Title");
            t.to_string()
        }
        (None, Some(n)) => {
            consumed.push("Name");
            n.to_string()
        }
        (None, None) => "Untitled".to_string(),
    };
    let organisation = cx.text(ROOT, "Company").map(str::to_string);
    if organisation.is_some() {
        consumed.push("Company");
    }
    let currency = cx
        .text(ROOT, "CurrencyCode")
        .filter(|c| stratops::currency::minor_units(c).is_some())
        .map(str::to_string);
    if currency.is_some() {
        consumed.push("CurrencyCode");
    }
    // A UID that names no calendar means MS Project's own Standard.
    let calendar = match cx.int(ROOT, "CalendarUID", P)? {
        Some(u) => {
            consumed.push("CalendarUID");
            cx.calendar_named(cal_ids, u, "Project.CalendarUID")
        }
        None => None,
    };
    Ok(Header {
        name,
        horizon: Horizon {
            start: start.date(),
            end,
        },
        start_time,
        calendar,
        organisation,
        currency,
    })
}

/// The one `project` plan: the header, the tasks read and the project's
/// extensions.
pub(super) fn plan(header: Header, read: ReadTasks, extensions: stratops::Extensions) -> Plan {
    let baselines = read
        .baseline_rows
        .into_iter()
        .map(|(number, tasks)| stratops::Baseline {
            number,
            saved: None,
            status_date: None,
            tasks,
            extensions: Default::default(),
        })
        .collect();
    Plan {
        id: "project".into(),
        kind: PlanKind::Project,
        name: header.name,
        horizon: header.horizon,
        start_time: header.start_time,
        owner: None,
        parent: None,
        supports: vec![],
        calendar: header.calendar,
        currency: None,
        vision: None,
        mission: None,
        executive_summary: None,
        decision_framework: None,
        stakeholders: vec![],
        communication: None,
        budget: None,
        category_budgets: BTreeMap::new(),
        management_reserve_pct: None,
        goals: vec![],
        kpis: vec![],
        tasks: read.tasks,
        costs: read.costs,
        risks: vec![],
        baselines,
        notes: None,
        comments: vec![],
        extensions,
    }
}
