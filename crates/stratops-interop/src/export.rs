//! `stratops/1` → MSPDI. Mapped fields and the `extensions.mspdi`
//! leftovers are merged per element and written in schema order.

use std::collections::{HashMap, HashSet};

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{
    Calendar, ConstraintType, CostKind, DateOrTime, Document, DurationUnit, Error, Interval, Plan,
    Task, TaskKind, UnitScale,
};

use crate::codes;
use crate::leftover::{pad, position, schema_order, write_value};
use crate::{
    err, EXT, NULL_TASKS, PLACEHOLDER_RESOURCE, RATES_A, SUMMARY_ASSIGNMENTS, SUMMARY_TASK,
};

type R<T> = Result<T, Error>;

fn fail(code: &str, message: String, path: &str) -> Error {
    err(code, message, 0, 0, path)
}

fn s(v: impl ToString) -> Value {
    Value::String(v.to_string())
}

/// The `extensions.mspdi` object of an entity, if any.
fn leftovers(e: &stratops::Extensions) -> Map<String, Value> {
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
    let mut out = HashMap::new();
    let mut used = HashSet::new();
    for id in ids.clone() {
        if let Some(n) = id.strip_prefix(prefix).and_then(|r| r.parse::<i64>().ok()) {
            if n >= min && used.insert(n) {
                out.insert(id.to_string(), n);
            }
        }
    }
    let mut next = used.iter().copied().max().unwrap_or(min - 1).max(min - 1) + 1;
    for id in ids {
        if !out.contains_key(id) {
            out.insert(id.to_string(), next);
            next += 1;
        }
    }
    out
}

/// Writes an element from an entry list, in the schema order of `name`.
fn element(
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
                "too_deep",
                format!("extensions of a {name} nest too deeply"),
                name,
            ));
        }
    }
    pad(out, indent);
    out.push_str(&format!("</{name}>\n"));
    Ok(())
}

fn put(entries: &mut Vec<(String, Value)>, k: &str, v: Value) {
    entries.retain(|(n, _)| n != k);
    entries.push((k.to_string(), v));
}

fn minutes_text(m: Decimal) -> Value {
    s(codes::format_iso_minutes(m))
}

struct Times {
    start: String,
    finish: String,
}

impl Times {
    fn start(&self, d: DateOrTime) -> String {
        match d {
            DateOrTime::DateTime(t) => t.to_string(),
            DateOrTime::Date(d) => format!("{d}T{}", self.start),
        }
    }
    fn finish(&self, d: DateOrTime) -> String {
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
            "no_plan",
            "the document has no plan to export".into(),
            "plans",
        ));
    };
    let scale = doc.settings.scale();
    let mut project = leftovers(&first.extensions);
    let times = Times {
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
    let cal_uid = uids(cal_ids.iter().copied(), 'c', 1);
    let res_uid = uids(doc.resources.iter().map(|r| r.id.as_str()), 'r', 1);
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
    let task_uid = uids(
        all_tasks
            .iter()
            .map(|(_, t)| t.id.as_str())
            .chain(plan_rows.iter().map(String::as_str)),
        't',
        1,
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
        .unwrap_or_else(|| s(format!("{}T{}", first.horizon.start, times.start)));
    put(&mut pe, "StartDate", start);
    let finish = project
        .remove("FinishDate")
        .unwrap_or_else(|| s(format!("{}T{}", first.horizon.end, times.finish)));
    put(&mut pe, "FinishDate", finish);
    put(&mut pe, "MinutesPerDay", s(doc.settings.minutes_per_day));
    put(&mut pe, "MinutesPerWeek", s(doc.settings.minutes_per_week));
    put(&mut pe, "DaysPerMonth", s(doc.settings.days_per_month));
    put(
        &mut pe,
        "HonorConstraints",
        s(u8::from(doc.settings.honor_constraints)),
    );
    let mpd = doc.settings.minutes_per_day.max(1);
    put(
        &mut pe,
        "CriticalSlackLimit",
        s(doc.settings.critical_threshold_min / mpd),
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
                "too_deep",
                "project extensions nest too deeply".into(),
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
                "too_deep",
                "summary task extensions nest too deeply".into(),
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
                let e = vec![
                    ("UID".to_string(), s(uid)),
                    ("ID".to_string(), s(id_row)),
                    ("Name".to_string(), s(&doc.plans[r.plan].name)),
                    ("OutlineNumber".to_string(), s(&r.number)),
                    ("OutlineLevel".to_string(), s(r.level)),
                    ("Summary".to_string(), s(1)),
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
                        let mins = Decimal::from_f64(h * 60.0).unwrap_or_default().round_dp(4);
                        m.insert("Work".into(), minutes_text(mins));
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
                    "too_deep",
                    "blank task rows nest too deeply".into(),
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
                "too_deep",
                "resource extensions nest too deeply".into(),
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
        put(&mut e, "IsGeneric", s(u8::from(r.kind == K::Role)));
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
        + 1;
    for mut a in assignments {
        if !a.iter().any(|(k, _)| k == "UID") {
            a.push(("UID".into(), s(next_uid)));
            next_uid += 1;
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
                    "too_deep",
                    "assignment extensions nest too deeply".into(),
                    "plans[0].extensions",
                ));
            }
        }
    }
    out.push_str("\t</Assignments>\n");
    for (k, v) in pe.iter().filter(|(k, _)| position(order, k).0 >= split) {
        if !write_value(&mut out, 1, k, v) {
            return Err(fail(
                "too_deep",
                "project extensions nest too deeply".into(),
                "plans[0].extensions",
            ));
        }
    }
    out.push_str("</Project>\n");
    Ok(out)
}

fn take_assignment(
    pending: &mut Vec<(i64, Map<String, Value>)>,
    task: i64,
    res: i64,
) -> Map<String, Value> {
    let want = res.to_string();
    match pending.iter().position(|(t, m)| {
        *t == task && m.get("ResourceUID").and_then(Value::as_str) == Some(want.as_str())
    }) {
        Some(i) => pending.remove(i).1,
        None => Map::new(),
    }
}

/// One row of the exported outline.
struct Row {
    plan: usize,
    /// `None` for a plan's own summary row.
    task: Option<usize>,
    level: usize,
    number: String,
    has_children: bool,
}

/// Orders tasks depth-first (parents before children, siblings in document
/// order), iteratively, and numbers the outline.
fn outline(doc: &Document, plan_rows: &[String]) -> R<Vec<Row>> {
    let mut rows = Vec::new();
    let offset = usize::from(!plan_rows.is_empty());
    let mut counters: Vec<usize> = Vec::new();
    let mut number = |level: usize| -> String {
        counters.truncate(level);
        while counters.len() < level {
            counters.push(0);
        }
        if let Some(last) = counters.last_mut() {
            *last += 1;
        }
        counters
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(".")
    };
    for (p, plan) in doc.plans.iter().enumerate() {
        let index: HashMap<&str, usize> = plan
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); plan.tasks.len()];
        let mut roots = Vec::new();
        for (i, t) in plan.tasks.iter().enumerate() {
            match t.parent.as_deref().and_then(|pid| index.get(pid)) {
                Some(&pi) if pi != i => children[pi].push(i),
                _ => roots.push(i),
            }
        }
        if offset == 1 {
            rows.push(Row {
                plan: p,
                task: None,
                level: 1,
                number: number(1),
                has_children: true,
            });
        }
        let mut seen = 0usize;
        let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 1 + offset)).collect();
        while let Some((i, level)) = stack.pop() {
            seen += 1;
            rows.push(Row {
                plan: p,
                task: Some(i),
                level,
                number: number(level),
                has_children: !children[i].is_empty(),
            });
            for &c in children[i].iter().rev() {
                stack.push((c, level + 1));
            }
        }
        if seen != plan.tasks.len() {
            return Err(fail(
                "wbs_cycle",
                format!("the parents of plan {:?} form a cycle", plan.id),
                &format!("plans[{p}].tasks"),
            ));
        }
    }
    Ok(rows)
}

#[allow(clippy::too_many_arguments)]
fn task_fields(
    e: &mut Vec<(String, Value)>,
    plan: &Plan,
    t: &Task,
    uid: i64,
    id_row: usize,
    r: &Row,
    times: &Times,
    scale: UnitScale,
    cal_of: &dyn Fn(&str, &str) -> R<i64>,
    path: &str,
) -> R<()> {
    put(e, "UID", s(uid));
    put(e, "ID", s(id_row));
    put(e, "Name", s(&t.name));
    put(e, "OutlineNumber", s(&r.number));
    put(e, "OutlineLevel", s(r.level));
    let summary = t.kind == TaskKind::Summary || r.has_children;
    put(e, "Summary", s(u8::from(summary)));
    match t.kind {
        TaskKind::Milestone => {
            put(e, "Milestone", s(1));
            put(e, "Duration", s("PT0H0M0S"));
        }
        _ => {
            if !e.iter().any(|(k, _)| k == "Milestone") {
                put(e, "Milestone", s(0));
            }
        }
    }
    if t.kind == TaskKind::Task && !r.has_children {
        if let Some(d) = &t.duration {
            if d.unit == DurationUnit::Percent {
                return Err(fail(
                    "bad_value",
                    format!("task {:?} has a percentage duration", t.id),
                    &format!("{path}.duration"),
                ));
            }
            if d.is_negative() {
                return Err(fail(
                    "negative_duration",
                    format!("task {:?} has a negative duration", t.id),
                    &format!("{path}.duration"),
                ));
            }
            let Some(m) = codes::duration_minutes(d, scale) else {
                return Err(fail(
                    "bad_value",
                    format!("the duration of task {:?} overflows", t.id),
                    &format!("{path}.duration"),
                ));
            };
            put(e, "Duration", minutes_text(m));
            // Keep MS Project's "estimated" variant (code + 32) when flagged.
            let estimated = e
                .iter()
                .any(|(k, v)| k == "Estimated" && v.as_str() == Some("1"));
            let code = codes::unit_format(d.unit, d.elapsed) + if estimated { 32 } else { 0 };
            put(e, "DurationFormat", s(code));
        }
    }
    if let Some(p) = &t.progress {
        put(e, "PercentComplete", s(p.percent_complete));
        if let Some(a) = p.actual_start {
            put(e, "ActualStart", s(times.start(a)));
        }
        if let Some(a) = p.actual_finish {
            put(e, "ActualFinish", s(times.finish(a)));
        }
        if let Some(rem) = &p.remaining {
            if let Some(m) = codes::duration_minutes(rem, scale) {
                put(e, "RemainingDuration", minutes_text(m));
            }
        }
    } else {
        put(e, "PercentComplete", s(0));
    }
    match &t.constraint {
        None => put(e, "ConstraintType", s(0)),
        Some(c) => {
            put(e, "ConstraintType", s(codes::constraint_code(c.kind)));
            if let Some(d) = c.date {
                let text = match c.kind {
                    ConstraintType::MFO | ConstraintType::FNET | ConstraintType::FNLT => {
                        times.finish(d)
                    }
                    _ => times.start(d),
                };
                put(e, "ConstraintDate", s(text));
            }
        }
    }
    if let Some(d) = t.deadline {
        put(e, "Deadline", s(times.finish(d)));
    }
    match &t.calendar {
        Some(c) => put(e, "CalendarUID", s(cal_of(c, &format!("{path}.calendar"))?)),
        None => put(e, "CalendarUID", s(-1)),
    }
    if let Some(n) = &t.notes {
        put(e, "Notes", s(n));
    }
    let fixed: Vec<_> = plan
        .costs
        .iter()
        .filter(|c| c.kind == CostKind::Fixed && c.task.as_deref() == Some(t.id.as_str()))
        .collect();
    let total: Decimal = fixed.iter().filter_map(|c| c.amount).map(|m| m.0).sum();
    put(e, "FixedCost", s((total * Decimal::from(100)).normalize()));
    if let Some(c) = fixed.first() {
        put(e, "FixedCostAccrual", s(codes::accrual_code(c.accrual)));
    }
    Ok(())
}

fn task_links(
    e: &mut Vec<(String, Value)>,
    t: &Task,
    kept: Option<Value>,
    task_uid: &HashMap<String, i64>,
    scale: UnitScale,
    path: &str,
) -> R<()> {
    let mut kept: Vec<Map<String, Value>> = match kept {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| v.as_object().cloned())
            .collect(),
        Some(Value::Object(o)) => vec![o],
        _ => vec![],
    };
    let mut links = Vec::new();
    for (k, d) in t.dependencies.iter().enumerate() {
        let Some(&puid) = task_uid.get(&d.predecessor) else {
            return Err(fail(
                "unknown_id",
                format!(
                    "task {:?} depends on unknown task {:?}",
                    t.id, d.predecessor
                ),
                &format!("{path}.dependencies[{k}]"),
            ));
        };
        let want = puid.to_string();
        let mut m = match kept.iter().position(|m| {
            m.get("PredecessorUID").and_then(Value::as_str) == Some(want.as_str())
                && m.get("CrossProject").and_then(Value::as_str) != Some("1")
        }) {
            Some(i) => kept.remove(i),
            None => Map::new(),
        };
        m.insert("PredecessorUID".into(), s(puid));
        m.insert("Type".into(), s(codes::link_code(d.link_type)));
        m.entry("CrossProject").or_insert_with(|| s(0));
        match &d.lag {
            None => {
                m.insert("LinkLag".into(), s(0));
                m.entry("LagFormat").or_insert_with(|| s(7));
            }
            Some(lag) if lag.unit == DurationUnit::Percent => {
                m.insert("LinkLag".into(), s(lag.amount.round()));
                m.entry("LagFormat").or_insert_with(|| s(19));
            }
            Some(lag) => {
                let Some(mins) = codes::duration_minutes(lag, scale) else {
                    return Err(fail(
                        "bad_value",
                        format!("a lag of task {:?} overflows", t.id),
                        &format!("{path}.dependencies[{k}].lag"),
                    ));
                };
                m.insert("LinkLag".into(), s((mins * Decimal::from(10)).round()));
                m.insert(
                    "LagFormat".into(),
                    s(codes::unit_format(lag.unit, lag.elapsed)),
                );
            }
        }
        // write_value orders the fields by the schema.
        links.push(Value::Object(m));
    }
    // Cross-project links kept verbatim.
    for m in kept {
        if m.get("CrossProject").and_then(Value::as_str) == Some("1") {
            links.push(Value::Object(m));
        }
    }
    if !links.is_empty() {
        put(e, "PredecessorLink", Value::Array(links));
    }
    Ok(())
}

fn calendar(out: &mut String, c: &Calendar, cal_uid: &HashMap<String, i64>, path: &str) -> R<()> {
    let mut left = leftovers(&c.extensions);
    let recurring = left.remove("Exceptions");
    let mut e: Vec<(String, Value)> = left.into_iter().collect();
    put(&mut e, "UID", s(cal_uid.get(&c.id).copied().unwrap_or(0)));
    put(&mut e, "Name", s(c.name.as_deref().unwrap_or(&c.id)));
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
