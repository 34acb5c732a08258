//! `stratops/1` → MSPDI. Mapped fields and the `extensions.mspdi`
//! leftovers are merged per element and written in schema order.

use std::collections::{HashMap, HashSet};

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{Calendar, DateOrTime, Document, Error, Plan, Task};

use crate::codes;
use crate::leftover::{pad, position, schema_order, write_value};
use crate::{
    err, EXT, NULL_TASKS, PLACEHOLDER_RESOURCE, RATES_A, SUMMARY_ASSIGNMENTS, SUMMARY_TASK,
};

pub(crate) type R<T> = Result<T, Error>;

mod calendar;
mod task;

use calendar::calendar;
pub use task::MAX_OUTLINE_NUMBER_LEVEL;
use task::{outline, take_assignment, task_fields, task_links};

pub(crate) fn fail(code: &str, message: String, path: &str) -> Error {
    err(code, message, 0, 0, path)
}

pub(crate) fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

/// The `extensions.mspdi` object of an entity, if any.
pub(crate) fn leftovers(e: &stratops::Extensions) -> Map<String, Value> {
    match e.get(EXT) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

/// Assigns MSPDI UIDs: an id `<prefix><n>` keeps n when unique and at
/// least `min`; other ids get fresh numbers after the largest.
fn uids<'a>(
    ids: impl Iterator<Item = &'a str> + Clone,
    prefix: char,
    min: i64,
) -> HashMap<String, i64> {
    uids_with(ids, prefix, min, false)
}

/// [`uids`], optionally keeping negative numbers too (task UIDs: MS Project
/// never writes them, but an imported `t-7` must come back as `t-7`).
fn uids_with<'a>(
    ids: impl Iterator<Item = &'a str> + Clone,
    prefix: char,
    min: i64,
    keep_negative: bool,
) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    let mut used = HashSet::new();
    for id in ids.clone() {
        if let Some(n) = id.strip_prefix(prefix).and_then(|r| r.parse::<i64>().ok()) {
            if (n >= min || (keep_negative && n < 0)) && used.insert(n) {
                out.insert(id.to_string(), n);
            }
        }
    }
    let mut next = used
        .iter()
        .copied()
        .max()
        .unwrap_or(min - 1)
        .max(min - 1)
        .saturating_add(1);
    for id in ids {
        if !out.contains_key(id) {
            // Skip numbers already taken (only possible near i64::MAX).
            while used.contains(&next) && next < i64::MAX {
                next += 1;
            }
            used.insert(next);
            out.insert(id.to_string(), next);
            next = next.saturating_add(1);
        }
    }
    out
}

/// Writes an element from an entry list, in the schema order of `name`.
pub(crate) fn element(
    out: &mut String,
    indent: usize,
    name: &str,
    mut entries: Vec<(String, Value)>,
) -> R<()> {
    let order = schema_order(name);
    entries.sort_by_key(|(k, _)| position(order, k));
    pad(out, indent);
    out.push_str(&format!("<{name}>\n"));
    for (k, v) in &entries {
        if !write_value(out, indent + 1, k, v) {
            return Err(fail(
                "bad_extension",
                format!("extensions of a {name} hold a key that is not an XML element name, or nest too deeply"),
                name,
            ));
        }
    }
    pad(out, indent);
    out.push_str(&format!("</{name}>\n"));
    Ok(())
}

pub(crate) fn put(entries: &mut Vec<(String, Value)>, k: &str, v: Value) {
    entries.retain(|(n, _)| n != k);
    entries.push((k.to_string(), v));
}

/// The MSPDI `Work` of `hours`: the fewest decimals of seconds that the
/// importer reads back as exactly the same `f64` (so import -> export ->
/// import is exact), whole seconds for every value MS Project writes.
pub(crate) fn work_text(hours: f64) -> String {
    let secs = Decimal::from_f64(hours * 3600.0).unwrap_or_default();
    let sign = if secs.is_sign_negative() && !secs.is_zero() {
        "-"
    } else {
        ""
    };
    let secs = secs.abs();
    let text = |dp: u32| {
        let sec = secs.round_dp(dp);
        let whole = sec.trunc();
        let h = (whole / Decimal::from(3600)).trunc();
        let mm = ((whole - h * Decimal::from(3600)) / Decimal::from(60)).trunc();
        let ss = (sec - h * Decimal::from(3600) - mm * Decimal::from(60)).normalize();
        format!("{sign}PT{}H{}M{}S", h.normalize(), mm.normalize(), ss)
    };
    let back = |t: &str| codes::parse_iso_minutes(t).and_then(|m| (m / Decimal::from(60)).to_f64());
    (0..=12)
        .map(text)
        .find(|t| back(t) == Some(hours))
        .unwrap_or_else(|| text(12))
}

pub(crate) fn minutes_text(m: Decimal) -> Value {
    s(codes::format_iso_minutes(m))
}

pub(crate) struct Times {
    pub(crate) start: String,
    pub(crate) finish: String,
    /// Each summary's span in working minutes, from a schedule of the
    /// document (empty when it does not schedule): MS Project writes a
    /// `Duration` on every task, and MPXJ refuses a task without one.
    pub(crate) summary_min: HashMap<String, i64>,
    /// With several plans: the project start (the first plan's). Tasks of a
    /// plan that starts later get a start-no-earlier-than at their plan's
    /// start, since a client schedules the whole file from one start.
    pub(crate) multi_start: Option<stratops::Date>,
}

impl Times {
    pub(crate) fn start(&self, d: DateOrTime) -> String {
        match d {
            DateOrTime::DateTime(t) => t.to_string(),
            DateOrTime::Date(d) => format!("{d}T{}", self.start),
        }
    }
    pub(crate) fn finish(&self, d: DateOrTime) -> String {
        match d {
            DateOrTime::DateTime(t) => t.to_string(),
            DateOrTime::Date(d) => format!("{d}T{}", self.finish),
        }
    }
}

/// Exports a document. See [`crate::export_mspdi`].
pub fn export(doc: &Document) -> R<String> {
    let Some(first) = doc.plans.first() else {
        return Err(fail(
            stratops::error::codes::NO_PLANS,
            "the document has no plan to export".into(),
            "plans",
        ));
    };
    let scale = doc.settings.scale();
    let mut project = leftovers(&first.extensions);
    let summary_min: HashMap<String, i64> = stratops::Model::new(doc.clone())
        .ok()
        .and_then(|m| stratops::schedule::schedule(&m, &Default::default()).ok())
        .map(|s| {
            // A plan row (several plans exported) spans its plan's tasks.
            let mut spans: HashMap<String, (u32, stratops::DateTime, stratops::DateTime)> =
                HashMap::new();
            for (dense, t) in s.tasks.iter().enumerate() {
                let e = spans.entry(format!("plan:{}", t.plan)).or_insert((
                    dense as u32,
                    t.early_start,
                    t.early_finish,
                ));
                e.1 = e.1.min(t.early_start);
                e.2 = e.2.max(t.early_finish);
            }
            let mut out: HashMap<String, i64> = spans
                .into_iter()
                .map(|(k, (d, a, b))| (k, s.working_minutes(d, a, b).unwrap_or(0)))
                .collect();
            out.extend(
                s.tasks
                    .into_iter()
                    .filter(|t| t.kind == stratops::TaskKind::Summary)
                    .map(|t| (t.id, t.duration_min)),
            );
            out
        })
        .unwrap_or_default();
    let times = Times {
        summary_min,
        multi_start: (doc.plans.len() > 1).then_some(first.horizon.start),
        start: project
            .get("DefaultStartTime")
            .and_then(Value::as_str)
            .unwrap_or("08:00:00")
            .to_string(),
        finish: project
            .get("DefaultFinishTime")
            .and_then(Value::as_str)
            .unwrap_or("17:00:00")
            .to_string(),
    };

    // ---- UIDs ----
    let mut cal_ids: Vec<&str> = doc.calendars.iter().map(|c| c.id.as_str()).collect();
    // The built-in `standard` calendar is written only when used.
    let uses_standard = !cal_ids.contains(&"standard")
        && (doc.settings.calendar.as_deref() == Some("standard")
            || doc
                .calendars
                .iter()
                .any(|c| c.base.as_deref() == Some("standard"))
            || doc
                .resources
                .iter()
                .any(|r| r.calendar.as_deref() == Some("standard"))
            || doc.plans.iter().any(|p| {
                p.calendar.as_deref() == Some("standard")
                    || p.tasks
                        .iter()
                        .any(|t| t.calendar.as_deref() == Some("standard"))
            }));
    if uses_standard {
        cal_ids.push("standard");
    }
    // UID 0 only for a calendar imported with it (`c0`): fresh ones start
    // at 1, as MS Project numbers them.
    let cal_min = i64::from(!cal_ids.contains(&"c0"));
    let cal_uid = uids(cal_ids.iter().copied(), 'c', cal_min);
    // Resource UID 0 only for a named resource imported with it (`r0`),
    // unless the unnamed placeholder takes it: MS Project and MPXJ read an
    // assignment to UID 0 as unassigned otherwise.
    let placeholder = doc
        .plans
        .first()
        .is_some_and(|p| p.extensions.contains_key(PLACEHOLDER_RESOURCE));
    let has_r0 = doc.resources.iter().any(|r| r.id == "r0");
    let res_uid = uids(
        doc.resources.iter().map(|r| r.id.as_str()),
        'r',
        i64::from(placeholder || !has_r0),
    );
    let all_tasks: Vec<(&Plan, &Task)> = doc
        .plans
        .iter()
        .flat_map(|p| p.tasks.iter().map(move |t| (p, t)))
        .collect();
    let plan_rows: Vec<String> = if doc.plans.len() > 1 {
        doc.plans.iter().map(|p| format!("plan:{}", p.id)).collect()
    } else {
        vec![]
    };
    let task_uid = uids_with(
        all_tasks
            .iter()
            .map(|(_, t)| t.id.as_str())
            .chain(plan_rows.iter().map(String::as_str)),
        't',
        1,
        true,
    );
    let cal_of = |id: &str, path: &str| -> R<i64> {
        cal_uid
            .get(id)
            .copied()
            .ok_or_else(|| fail("unknown_id", format!("unknown calendar {id:?}"), path))
    };

    // ---- project fields ----
    let mut pe: Vec<(String, Value)> = Vec::new();
    put(&mut pe, "Title", s(&first.name));
    if let Some(o) = &doc.organisation {
        put(&mut pe, "Company", s(o));
    }
    if let Some(c) = &doc.currency {
        put(&mut pe, "CurrencyCode", s(c));
    }
    let start = project
        .remove("StartDate")
        .unwrap_or_else(|| match &first.start_time {
            Some(t) => s(format!("{}T{t}:00", first.horizon.start)),
            None => s(format!("{}T{}", first.horizon.start, times.start)),
        });
    put(&mut pe, "StartDate", start);
    let finish = project
        .remove("FinishDate")
        .unwrap_or_else(|| s(format!("{}T{}", first.horizon.end, times.finish)));
    put(&mut pe, "FinishDate", finish);
    // A setting the import could not read (a blank value) is kept in the
    // extensions while the setting stays at its default: write it back
    // rather than the default.
    let defaults = stratops::Settings::default();
    let mut setting = |key: &str, value: Value, is_default: bool| {
        if !(is_default && project.contains_key(key)) {
            put(&mut pe, key, value);
        }
    };
    let st = &doc.settings;
    setting(
        "MinutesPerDay",
        s(st.minutes_per_day),
        st.minutes_per_day == defaults.minutes_per_day,
    );
    setting(
        "MinutesPerWeek",
        s(st.minutes_per_week),
        st.minutes_per_week == defaults.minutes_per_week,
    );
    setting(
        "DaysPerMonth",
        s(st.days_per_month),
        st.days_per_month == defaults.days_per_month,
    );
    setting(
        "HonorConstraints",
        s(u8::from(st.honor_constraints)),
        st.honor_constraints == defaults.honor_constraints,
    );
    let mpd = st.minutes_per_day.max(1);
    setting(
        "CriticalSlackLimit",
        s(st.critical_threshold_min / mpd),
        st.critical_threshold_min == defaults.critical_threshold_min,
    );
    // Without a calendar, MS Project uses its own Standard calendar.
    if let Some(c) = first
        .calendar
        .as_deref()
        .or(doc.settings.calendar.as_deref())
    {
        put(&mut pe, "CalendarUID", s(cal_of(c, "plans[0].calendar")?));
    }
    for (k, v) in project {
        if !pe.iter().any(|(n, _)| *n == k) {
            pe.push((k, v));
        }
    }
    let order = schema_order("Project");
    pe.sort_by_key(|(k, _)| position(order, k));
    let split = order
        .iter()
        .position(|n| *n == "Calendars")
        .unwrap_or(order.len());

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    for (k, v) in pe.iter().filter(|(k, _)| position(order, k).0 < split) {
        if !write_value(&mut out, 1, k, v) {
            return Err(fail(
                "bad_extension",
                "project extensions hold a key that is not an XML element name, or nest too deeply"
                    .into(),
                "plans[0].extensions",
            ));
        }
    }

    // ---- calendars ----
    out.push_str("\t<Calendars>\n");
    for (i, c) in doc.calendars.iter().enumerate() {
        calendar(&mut out, c, &cal_uid, &format!("calendars[{i}]"))?;
    }
    if uses_standard {
        let std_cal = Calendar {
            id: "standard".into(),
            name: Some("Standard".into()),
            base: None,
            week: Default::default(),
            exceptions: vec![],
            extensions: Default::default(),
        };
        calendar(&mut out, &std_cal, &cal_uid, "standard")?;
    }
    out.push_str("\t</Calendars>\n");

    // ---- tasks, in outline order ----
    out.push_str("\t<Tasks>\n");
    let first_ext = &first.extensions;
    if let Some(v) = first_ext.get(SUMMARY_TASK) {
        if !write_value(&mut out, 2, "Task", v) {
            return Err(fail(
                "bad_extension",
                "summary task extensions hold a key that is not an XML element name, or nest too deeply".into(),
                "plans[0].extensions",
            ));
        }
    }
    let rows = outline(doc, &plan_rows)?;
    let mut assignments: Vec<Vec<(String, Value)>> = Vec::new();
    let mut asg_used: HashSet<i64> = HashSet::new();
    let mut pending: Vec<(i64, Map<String, Value>)> = Vec::new();
    for (row, r) in rows.iter().enumerate() {
        let id_row = row + 1;
        match r.task {
            None => {
                // A plan row when several plans are exported.
                let key = &plan_rows[r.plan];
                let uid = task_uid.get(key.as_str()).copied().unwrap_or(0);
                // A plan row is at level 1: its number is always written.
                let e = vec![
                    ("UID".to_string(), s(uid)),
                    ("ID".to_string(), s(id_row)),
                    ("Name".to_string(), s(&doc.plans[r.plan].name)),
                    (
                        "OutlineNumber".to_string(),
                        s(r.number.as_deref().unwrap_or("1")),
                    ),
                    ("OutlineLevel".to_string(), s(r.level)),
                    ("Summary".to_string(), s(1)),
                    (
                        "Duration".to_string(),
                        minutes_text(Decimal::from(
                            times.summary_min.get(key.as_str()).copied().unwrap_or(0),
                        )),
                    ),
                    // stratops starts a plan's tasks no earlier than its
                    // horizon: a start-no-earlier-than on the plan's row,
                    // which MS Project applies to every task under it.
                    ("ConstraintType".to_string(), s(4)),
                    (
                        "ConstraintDate".to_string(),
                        s(match &doc.plans[r.plan].start_time {
                            Some(t) => format!("{}T{t}:00", doc.plans[r.plan].horizon.start),
                            None => format!("{}T{}", doc.plans[r.plan].horizon.start, times.start),
                        }),
                    ),
                    ("ActualDuration".to_string(), s("PT0H0M0S")),
                    (
                        "RemainingDuration".to_string(),
                        minutes_text(Decimal::from(
                            times.summary_min.get(key.as_str()).copied().unwrap_or(0),
                        )),
                    ),
                ];
                element(&mut out, 2, "Task", e)?;
            }
            Some(ti) => {
                let plan = &doc.plans[r.plan];
                let t = &plan.tasks[ti];
                let path = format!("plans[{}].tasks[{ti}]", r.plan);
                let uid = task_uid.get(&t.id).copied().unwrap_or(0);
                let mut left = leftovers(&t.extensions);
                let links = left.remove("PredecessorLink");
                let kept_baselines = left.remove("Baseline");
                if let Some(Value::Array(a)) = left.remove("Assignment") {
                    for v in a {
                        if let Value::Object(m) = v {
                            pending.push((uid, m));
                        }
                    }
                }
                let mut e: Vec<(String, Value)> = left.into_iter().collect();
                task_fields(
                    &mut e, plan, t, uid, id_row, r, &times, scale, &cal_of, &path,
                )?;
                task_links(&mut e, t, links, &task_uid, scale, &path)?;
                task::task_baselines(&mut e, plan, t, kept_baselines, scale, &path)?;
                element(&mut out, 2, "Task", e)?;
                for a in &t.assignments {
                    let Some(&ruid) = res_uid.get(&a.resource) else {
                        return Err(fail(
                            "unknown_id",
                            format!(
                                "task {:?} is assigned unknown resource {:?}",
                                t.id, a.resource
                            ),
                            &path,
                        ));
                    };
                    let mut m = take_assignment(&mut pending, uid, ruid);
                    if let Some(u) = m
                        .get("UID")
                        .and_then(Value::as_str)
                        .and_then(|u| u.parse().ok())
                    {
                        asg_used.insert(u);
                    }
                    m.insert("TaskUID".into(), s(uid));
                    m.insert("ResourceUID".into(), s(ruid));
                    if let Some(h) = a.hours {
                        m.insert("Work".into(), s(work_text(h)));
                    } else if a.units.is_none() && !m.contains_key("Work") {
                        // A plan's assignment with neither hours nor units:
                        // MS Project's default, 100% over the task's
                        // duration, so clients schedule it as stratops does.
                        let mins = t
                            .duration
                            .as_ref()
                            .filter(|_| t.kind == stratops::TaskKind::Task)
                            .and_then(|d| codes::duration_minutes(d, scale))
                            .unwrap_or_default();
                        m.insert("Work".into(), minutes_text(mins));
                    }
                    // MS Project writes Units on every assignment (100% when
                    // the plan says nothing).
                    m.insert("Units".into(), s(a.units.unwrap_or(1.0)));
                    // ... and ActualWork and RemainingWork (MPXJ needs them):
                    // derived from the work and the task's percent complete.
                    let pct = t
                        .progress
                        .as_ref()
                        .map_or_else(|| "0".to_string(), |p| p.percent_complete.to_string())
                        .parse::<Decimal>()
                        .unwrap_or_default();
                    let work = m
                        .get("Work")
                        .and_then(Value::as_str)
                        .and_then(codes::parse_iso_minutes);
                    let (actual, remaining) = codes::derived_progress(work, pct);
                    if let (Some(a), false) = (actual, m.contains_key("ActualWork")) {
                        m.insert("ActualWork".into(), minutes_text(a));
                    }
                    if let (Some(r), false) = (remaining, m.contains_key("RemainingWork")) {
                        m.insert("RemainingWork".into(), minutes_text(r));
                    }
                    crate::timephased::write_back(&mut m, &a.timephased);
                    if !m.contains_key("WorkContour") {
                        let c = a.contour.unwrap_or(stratops::Contour::Flat);
                        m.insert("WorkContour".into(), s(c.mspdi()));
                    }
                    assignments.push(m.into_iter().collect());
                }
            }
        }
    }
    if let Some(Value::Array(a)) = first_ext.get(NULL_TASKS) {
        for v in a {
            if !write_value(&mut out, 2, "Task", v) {
                return Err(fail(
                    "bad_extension",
                    "blank task rows hold a key that is not an XML element name, or nest too deeply".into(),
                    "plans[0].extensions",
                ));
            }
        }
    }
    out.push_str("\t</Tasks>\n");

    // ---- resources ----
    out.push_str("\t<Resources>\n");
    if let Some(v) = first_ext.get(PLACEHOLDER_RESOURCE) {
        if !write_value(&mut out, 2, "Resource", v) {
            return Err(fail(
                "bad_extension",
                "resource extensions hold a key that is not an XML element name, or nest too deeply".into(),
                "plans[0].extensions",
            ));
        }
    }
    for (i, r) in doc.resources.iter().enumerate() {
        let path = format!("resources[{i}]");
        let mut left = leftovers(&r.extensions);
        let rates_a = left.remove(RATES_A);
        let other_rates = left.remove("Rates");
        let mut e: Vec<(String, Value)> = left.into_iter().collect();
        put(&mut e, "UID", s(res_uid.get(&r.id).copied().unwrap_or(0)));
        put(&mut e, "ID", s(i + 1));
        put(&mut e, "Name", s(&r.name));
        use stratops::ResourceKind as K;
        if !e.iter().any(|(k, _)| k == "Type") {
            put(&mut e, "Type", s(if r.kind == K::Material { 0 } else { 1 }));
        }
        // Kept when the import could not map it (a cost resource, Type 2).
        if !e.iter().any(|(k, _)| k == "IsGeneric") {
            put(&mut e, "IsGeneric", s(u8::from(r.kind == K::Role)));
        }
        if let Some(c) = r.capacity {
            put(&mut e, "MaxUnits", s(c));
        }
        if let Some(c) = &r.calendar {
            put(
                &mut e,
                "CalendarUID",
                s(cal_of(c, &format!("{path}.calendar"))?),
            );
        }
        if let Some(m) = &r.email {
            put(&mut e, "EmailAddress", s(m));
        }
        let need_table = r.rates.len() > 1
            || r.rates.iter().any(|x| x.from.is_some())
            || rates_a.is_some()
            || other_rates.is_some();
        // With a rate table, a top-level StandardRate is only what the
        // import kept; without one, it is the single rate.
        if !need_table {
            if let Some(x) = r.rates.first() {
                put(&mut e, "StandardRate", s(x.standard));
            }
        }
        if need_table {
            let extras: Vec<Value> = match rates_a {
                Some(Value::Array(a)) => a,
                _ => vec![],
            };
            let mut list = Vec::new();
            for (k, rate) in r.rates.iter().enumerate() {
                let mut m = match extras.get(k) {
                    Some(Value::Object(o)) => o.clone(),
                    _ => Map::new(),
                };
                m.entry("RatesFrom").or_insert_with(|| {
                    s(rate
                        .from
                        .map(|d| format!("{d}T00:00:00"))
                        .unwrap_or_else(|| "1984-01-01T00:00:00".into()))
                });
                m.entry("RatesTo").or_insert_with(|| {
                    s(r.rates
                        .get(k + 1)
                        .and_then(|n| n.from)
                        .map(|d| format!("{d}T00:00:00"))
                        .unwrap_or_else(|| "2049-12-31T23:59:00".into()))
                });
                m.insert("RateTable".into(), s(0));
                m.insert("StandardRate".into(), s(rate.standard));
                list.push(Value::Object(m));
            }
            if let Some(Value::Object(o)) = other_rates {
                match o.get("Rate") {
                    Some(Value::Array(a)) => list.extend(a.iter().cloned()),
                    Some(v) => list.push(v.clone()),
                    None => {}
                }
            }
            put(&mut e, "Rates", serde_json::json!({ "Rate": list }));
        }
        element(&mut out, 2, "Resource", e)?;
    }
    out.push_str("\t</Resources>\n");

    // ---- assignments ----
    out.push_str("\t<Assignments>\n");
    let mut next_uid = pending
        .iter()
        .filter_map(|(_, m)| {
            m.get("UID")
                .and_then(Value::as_str)
                .and_then(|u| u.parse::<i64>().ok())
        })
        .chain(asg_used.iter().copied())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    for mut a in assignments {
        if !a.iter().any(|(k, _)| k == "UID") {
            a.push(("UID".into(), s(next_uid)));
            next_uid = next_uid.saturating_add(1);
        }
        element(&mut out, 2, "Assignment", a)?;
    }
    // Placeholder assignments (no resource) kept from an import.
    for (uid, mut m) in pending {
        let r = m
            .get("ResourceUID")
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<i64>().ok());
        if matches!(r, Some(-65535) | Some(0)) {
            m.insert("TaskUID".into(), s(uid));
            element(&mut out, 2, "Assignment", m.into_iter().collect())?;
        }
    }
    if let Some(Value::Array(a)) = first_ext.get(SUMMARY_ASSIGNMENTS) {
        for v in a {
            if !write_value(&mut out, 2, "Assignment", v) {
                return Err(fail(
                    "bad_extension",
                    "assignment extensions hold a key that is not an XML element name, or nest too deeply".into(),
                    "plans[0].extensions",
                ));
            }
        }
    }
    out.push_str("\t</Assignments>\n");
    for (k, v) in pe.iter().filter(|(k, _)| position(order, k).0 >= split) {
        if !write_value(&mut out, 1, k, v) {
            return Err(fail(
                "bad_extension",
                "project extensions hold a key that is not an XML element name, or nest too deeply"
                    .into(),
                "plans[0].extensions",
            ));
        }
    }
    out.push_str("</Project>\n");
    Ok(out)
}
