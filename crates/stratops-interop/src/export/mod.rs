//! `stratops/1` → MSPDI. Mapped fields and the `extensions.mspdi`
//! leftovers are merged per element and written in schema order.

use std::collections::{HashMap, HashSet};

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{Calendar, DateOrTime, Document, Error, Plan, Settings, UnitScale};

use crate::codes;
use crate::leftover::{pad, position, schema_order, write_value};
use crate::{err, EXT, NULL_TASKS, PLACEHOLDER_RESOURCE, SUMMARY_TASK};

pub(crate) type R<T> = Result<T, Error>;

mod assignment;
mod calendar;
mod resource;
mod task;

use assignment::Gathered;
use calendar::calendar;
pub use task::MAX_OUTLINE_NUMBER_LEVEL;
use task::{outline, task_fields, task_links, Row, TaskCx};

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
    stratops::sort::by_key(&mut entries, |(k, _)| position(order, k));
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
    /// `d` as a start date-time (a date starts at the default start time).
    pub(crate) fn start(&self, d: DateOrTime) -> String {
        match d {
            DateOrTime::DateTime(t) => t.to_string(),
            DateOrTime::Date(d) => format!("{d}T{}", self.start),
        }
    }
    /// `d` as a finish date-time (a date ends at the default finish time).
    pub(crate) fn finish(&self, d: DateOrTime) -> String {
        match d {
            DateOrTime::DateTime(t) => t.to_string(),
            DateOrTime::Date(d) => format!("{d}T{}", self.finish),
        }
    }
}

impl Times {
    /// The start and finish times of day (the project's defaults, else
    /// 08:00 and 17:00) and the summary spans of a schedule of `doc`.
    fn new(doc: &Document, first: &Plan, project: &Map<String, Value>) -> Times {
        Times {
            summary_min: summary_spans(doc),
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
        }
    }
}

/// Each summary's and plan row's span in working minutes, from a schedule
/// of the document (empty when it does not schedule).
fn summary_spans(doc: &Document) -> HashMap<String, i64> {
    stratops::Model::new(doc.clone())
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
        .unwrap_or_default()
}

/// The MSPDI UIDs of the document's calendars, resources and tasks.
pub(crate) struct Uids {
    pub(crate) cal: HashMap<String, i64>,
    pub(crate) res: HashMap<String, i64>,
    pub(crate) task: HashMap<String, i64>,
    /// With several plans, the key of each plan's summary row
    /// (`plan:<id>`); empty with one plan.
    pub(crate) plan_rows: Vec<String>,
    /// Whether the built-in `standard` calendar is written.
    pub(crate) uses_standard: bool,
}

impl Uids {
    /// Numbers every calendar, resource, task and plan row of `doc`.
    fn new(doc: &Document) -> Uids {
        let mut cal_ids: Vec<&str> = doc.calendars.iter().map(|c| c.id.as_str()).collect();
        // The built-in `standard` calendar is written only when used.
        let uses_standard = !cal_ids.contains(&"standard") && uses_standard(doc);
        if uses_standard {
            cal_ids.push("standard");
        }
        // UID 0 only for a calendar imported with it (`c0`): fresh ones
        // start at 1, as MS Project numbers them.
        let cal_min = i64::from(!cal_ids.contains(&"c0"));
        let cal = uids(cal_ids.iter().copied(), 'c', cal_min);
        // Resource UID 0 only for a named resource imported with it (`r0`),
        // unless the unnamed placeholder takes it: MS Project and MPXJ read
        // an assignment to UID 0 as unassigned otherwise.
        let placeholder = doc
            .plans
            .first()
            .is_some_and(|p| p.extensions.contains_key(PLACEHOLDER_RESOURCE));
        let has_r0 = doc.resources.iter().any(|r| r.id == "r0");
        let res = uids(
            doc.resources.iter().map(|r| r.id.as_str()),
            'r',
            i64::from(placeholder || !has_r0),
        );
        let plan_rows: Vec<String> = if doc.plans.len() > 1 {
            doc.plans.iter().map(|p| format!("plan:{}", p.id)).collect()
        } else {
            vec![]
        };
        let task = uids_with(
            doc.plans
                .iter()
                .flat_map(|p| p.tasks.iter().map(|t| t.id.as_str()))
                .chain(plan_rows.iter().map(String::as_str)),
            't',
            1,
            true,
        );
        Uids {
            cal,
            res,
            task,
            plan_rows,
            uses_standard,
        }
    }

    /// The UID of calendar `id`, or `unknown_id` at `path`.
    pub(crate) fn cal_of(&self, id: &str, path: &str) -> R<i64> {
        self.cal
            .get(id)
            .copied()
            .ok_or_else(|| fail("unknown_id", format!("unknown calendar {id:?}"), path))
    }
}

/// Whether anything in `doc` names the built-in `standard` calendar.
fn uses_standard(doc: &Document) -> bool {
    doc.settings.calendar.as_deref() == Some("standard")
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
        })
}

/// What every section of an export reads.
pub(crate) struct Cx<'d> {
    pub(crate) doc: &'d Document,
    /// The first plan: the project's fields and kept elements are its.
    pub(crate) first: &'d Plan,
    pub(crate) scale: UnitScale,
    pub(crate) times: Times,
    pub(crate) uids: Uids,
}

/// Writes an element kept verbatim in extensions, or fails with
/// `bad_extension` naming `what` when it cannot be written.
pub(crate) fn write_kept(
    out: &mut String,
    indent: usize,
    name: &str,
    v: &Value,
    what: &str,
) -> R<()> {
    if write_value(out, indent, name, v) {
        return Ok(());
    }
    Err(fail(
        "bad_extension",
        format!("{what} hold a key that is not an XML element name, or nest too deeply"),
        "plans[0].extensions",
    ))
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
    let project = leftovers(&first.extensions);
    let cx = Cx {
        doc,
        first,
        scale: doc.settings.scale(),
        times: Times::new(doc, first, &project),
        uids: Uids::new(doc),
    };
    let pe = project_fields(&cx, project)?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n");
    write_project_fields(&mut out, &pe, true)?;
    write_calendars(&mut out, &cx)?;
    let gathered = write_tasks(&mut out, &cx)?;
    resource::write_resources(&mut out, &cx)?;
    assignment::write_assignments(&mut out, &cx, gathered)?;
    write_project_fields(&mut out, &pe, false)?;
    out.push_str("</Project>\n");
    Ok(out)
}

/// The project's fields: the mapped ones and the settings, merged with the
/// kept `project` leftovers, in schema order.
fn project_fields(cx: &Cx<'_>, mut project: Map<String, Value>) -> R<Vec<(String, Value)>> {
    let (doc, first) = (cx.doc, cx.first);
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
            None => s(format!("{}T{}", first.horizon.start, cx.times.start)),
        });
    put(&mut pe, "StartDate", start);
    let finish = project
        .remove("FinishDate")
        .unwrap_or_else(|| s(format!("{}T{}", first.horizon.end, cx.times.finish)));
    put(&mut pe, "FinishDate", finish);
    settings_fields(&mut pe, &project, &doc.settings);
    // Without a calendar, MS Project uses its own Standard calendar.
    if let Some(c) = first
        .calendar
        .as_deref()
        .or(doc.settings.calendar.as_deref())
    {
        put(
            &mut pe,
            "CalendarUID",
            s(cx.uids.cal_of(c, "plans[0].calendar")?),
        );
    }
    for (k, v) in project {
        if !pe.iter().any(|(n, _)| *n == k) {
            pe.push((k, v));
        }
    }
    let order = schema_order("Project");
    stratops::sort::by_key(&mut pe, |(k, _)| position(order, k));
    Ok(pe)
}

/// The document settings as project fields. A setting the import could
/// not read (a blank value) is kept in the extensions while the setting
/// stays at its default: that is written back rather than the default.
fn settings_fields(pe: &mut Vec<(String, Value)>, project: &Map<String, Value>, st: &Settings) {
    let defaults = Settings::default();
    let mut setting = |key: &str, value: Value, is_default: bool| {
        if !(is_default && project.contains_key(key)) {
            put(pe, key, value);
        }
    };
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
}

/// Writes the project fields that come before `<Calendars>` in the schema
/// (`before`), or those after it.
fn write_project_fields(out: &mut String, pe: &[(String, Value)], before: bool) -> R<()> {
    let order = schema_order("Project");
    let split = order
        .iter()
        .position(|n| *n == "Calendars")
        .unwrap_or(order.len());
    for (k, v) in pe
        .iter()
        .filter(|(k, _)| (position(order, k).0 < split) == before)
    {
        write_kept(out, 1, k, v, "project extensions")?;
    }
    Ok(())
}

/// Writes `<Calendars>`: the document's, then the built-in `standard` one
/// when something uses it.
fn write_calendars(out: &mut String, cx: &Cx<'_>) -> R<()> {
    out.push_str("\t<Calendars>\n");
    for (i, c) in cx.doc.calendars.iter().enumerate() {
        calendar(out, c, &cx.uids.cal, &format!("calendars[{i}]"))?;
    }
    if cx.uids.uses_standard {
        let std_cal = Calendar {
            id: "standard".into(),
            name: Some("Standard".into()),
            base: None,
            week: Default::default(),
            exceptions: vec![],
            extensions: Default::default(),
        };
        calendar(out, &std_cal, &cx.uids.cal, "standard")?;
    }
    out.push_str("\t</Calendars>\n");
    Ok(())
}

/// Writes `<Tasks>` in outline order: the kept project summary task, a
/// row per plan (several plans) and task, then the kept blank rows.
/// Returns the assignments gathered from the tasks.
fn write_tasks(out: &mut String, cx: &Cx<'_>) -> R<Gathered> {
    out.push_str("\t<Tasks>\n");
    let first_ext = &cx.first.extensions;
    if let Some(v) = first_ext.get(SUMMARY_TASK) {
        write_kept(out, 2, "Task", v, "summary task extensions")?;
    }
    let rows = outline(cx.doc, &cx.uids.plan_rows)?;
    let mut gathered = Gathered::default();
    for (row, r) in rows.iter().enumerate() {
        match r.task {
            None => element(out, 2, "Task", plan_row(cx, r, row + 1))?,
            Some(ti) => write_task(out, cx, r, ti, row + 1, &mut gathered)?,
        }
    }
    if let Some(Value::Array(a)) = first_ext.get(NULL_TASKS) {
        for v in a {
            write_kept(out, 2, "Task", v, "blank task rows")?;
        }
    }
    out.push_str("\t</Tasks>\n");
    Ok(gathered)
}

/// The summary row of a plan when several plans are exported.
fn plan_row(cx: &Cx<'_>, r: &Row, id_row: usize) -> Vec<(String, Value)> {
    let key = &cx.uids.plan_rows[r.plan];
    let plan = &cx.doc.plans[r.plan];
    let uid = cx.uids.task.get(key.as_str()).copied().unwrap_or(0);
    let span = || {
        minutes_text(Decimal::from(
            cx.times.summary_min.get(key.as_str()).copied().unwrap_or(0),
        ))
    };
    // A plan row is at level 1: its number is always written.
    vec![
        ("UID".to_string(), s(uid)),
        ("ID".to_string(), s(id_row)),
        ("Name".to_string(), s(&plan.name)),
        (
            "OutlineNumber".to_string(),
            s(r.number.as_deref().unwrap_or("1")),
        ),
        ("OutlineLevel".to_string(), s(r.level)),
        ("Summary".to_string(), s(1)),
        ("Duration".to_string(), span()),
        // stratops starts a plan's tasks no earlier than its horizon: a
        // start-no-earlier-than on the plan's row, which MS Project applies
        // to every task under it.
        ("ConstraintType".to_string(), s(4)),
        (
            "ConstraintDate".to_string(),
            s(match &plan.start_time {
                Some(t) => format!("{}T{t}:00", plan.horizon.start),
                None => format!("{}T{}", plan.horizon.start, cx.times.start),
            }),
        ),
        ("ActualDuration".to_string(), s("PT0H0M0S")),
        ("RemainingDuration".to_string(), span()),
    ]
}

/// Writes one task's row and gathers its assignments.
fn write_task(
    out: &mut String,
    cx: &Cx<'_>,
    r: &Row,
    ti: usize,
    id_row: usize,
    gathered: &mut Gathered,
) -> R<()> {
    let plan = &cx.doc.plans[r.plan];
    let t = &plan.tasks[ti];
    let path = format!("plans[{}].tasks[{ti}]", r.plan);
    let uid = cx.uids.task.get(&t.id).copied().unwrap_or(0);
    let mut left = leftovers(&t.extensions);
    let links = left.remove("PredecessorLink");
    let kept_baselines = left.remove("Baseline");
    if let Some(Value::Array(a)) = left.remove("Assignment") {
        for v in a {
            if let Value::Object(m) = v {
                gathered.pending.push((uid, m));
            }
        }
    }
    let mut e: Vec<(String, Value)> = left.into_iter().collect();
    let tcx = TaskCx {
        cx,
        plan,
        t,
        uid,
        id_row,
        row: r,
        path: &path,
    };
    task_fields(&mut e, &tcx)?;
    task_links(&mut e, t, links, &cx.uids.task, cx.scale, &path)?;
    task::task_baselines(&mut e, plan, t, kept_baselines, cx.scale, &path)?;
    element(out, 2, "Task", e)?;
    for a in &t.assignments {
        assignment::task_assignment(&tcx, a, gathered)?;
    }
    Ok(())
}
