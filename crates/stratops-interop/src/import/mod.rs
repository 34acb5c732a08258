//! MSPDI → `stratops/1`. See the crate docs and `docs/MSPDI.md` for the
//! mapping; everything without a stratops field lands in `extensions`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{Assignment, DateTime, Document, Error, Horizon, Plan, PlanKind, Raci, TaskKind};

use crate::codes;
use crate::leftover::{children_json, node_json};
use crate::xml::Tree;
use crate::{err, Import, EXT, PLACEHOLDER_RESOURCE};

pub(crate) type R<T> = Result<T, Error>;

mod baseline;
mod calres;
mod task;

use calres::{check_working_time, import_calendar, import_resource};
use task::import_task;

pub(crate) struct Ctx<'t, 'a> {
    pub(crate) tree: &'t Tree<'a>,
    pub(crate) report: BTreeSet<String>,
}

impl Ctx<'_, '_> {
    pub(crate) fn fail(&self, idx: usize, code: &str, msg: String, path: &str) -> Error {
        let (line, column) = self.tree.line_col(idx);
        err(code, msg, line, column, path)
    }
    pub(crate) fn text(&self, idx: usize, name: &str) -> Option<&str> {
        self.tree.child_text(idx, name)
    }
    pub(crate) fn int(&self, idx: usize, name: &str, path: &str) -> R<Option<i64>> {
        let Some(c) = self.tree.child(idx, name) else {
            return Ok(None);
        };
        let t = self.tree.node(c).text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<i64>().map(Some).map_err(|_| {
            self.fail(
                c,
                "bad_value",
                format!("{name} {t:?} is not an integer"),
                &format!("{path}/{name}"),
            )
        })
    }
    pub(crate) fn dec(&self, idx: usize, name: &str, path: &str) -> R<Option<Decimal>> {
        let Some(c) = self.tree.child(idx, name) else {
            return Ok(None);
        };
        let t = self.tree.node(c).text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        Decimal::from_str_exact(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map(Some)
            .map_err(|_| {
                self.fail(
                    c,
                    "bad_value",
                    format!("{name} {t:?} is not a number"),
                    &format!("{path}/{name}"),
                )
            })
    }
    pub(crate) fn datetime(&self, idx: usize, name: &str, path: &str) -> R<Option<DateTime>> {
        let Some(c) = self.tree.child(idx, name) else {
            return Ok(None);
        };
        let t = self.tree.node(c).text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        // Drop fractional seconds or a zone some writers add.
        let core = t.get(..19).unwrap_or(t);
        core.parse::<DateTime>().map(Some).map_err(|_| {
            self.fail(
                c,
                "bad_value",
                format!("{name} {t:?} is not a date-time YYYY-MM-DDTHH:MM:SS"),
                &format!("{path}/{name}"),
            )
        })
    }
    pub(crate) fn minutes(&self, idx: usize, name: &str, path: &str) -> R<Option<Decimal>> {
        let Some(c) = self.tree.child(idx, name) else {
            return Ok(None);
        };
        let t = self.tree.node(c).text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        codes::parse_iso_minutes(t).map(Some).ok_or_else(|| {
            self.fail(
                c,
                "bad_value",
                format!("{name} {t:?} is not a duration such as PT8H0M0S"),
                &format!("{path}/{name}"),
            )
        })
    }
    pub(crate) fn flag(&self, idx: usize, name: &str) -> bool {
        matches!(self.text(idx, name), Some("1") | Some("true"))
    }
    /// The calendar a `CalendarUID`-like field names. A UID that names no
    /// calendar means none, as in MPXJ's reader; the import report notes it
    /// as `field`.
    pub(crate) fn calendar_named(
        &mut self,
        cal_ids: &HashMap<i64, String>,
        uid: i64,
        field: &str,
    ) -> Option<String> {
        let found = cal_ids.get(&uid).cloned();
        if found.is_none() {
            self.report
                .insert(format!("{field} naming no calendar ({uid}) read as none"));
        }
        found
    }
    /// The children of `idx` not in `consumed`, recorded in the report.
    pub(crate) fn leftovers(
        &mut self,
        idx: usize,
        consumed: &[&str],
        entity: &str,
    ) -> Map<String, Value> {
        let m = children_json(self.tree, idx, consumed);
        for k in m.keys() {
            self.report.insert(format!("{entity}.{k}"));
        }
        m
    }
    pub(crate) fn uid(&self, idx: usize, path: &str, what: &str) -> R<i64> {
        match self.int(idx, "UID", path)? {
            Some(u) => Ok(u),
            None => Err(self.fail(idx, "missing_uid", format!("this {what} has no UID"), path)),
        }
    }
}

pub(crate) fn ext(map: Map<String, Value>) -> stratops::Extensions {
    let mut e = stratops::Extensions::new();
    if !map.is_empty() {
        e.insert(EXT.into(), Value::Object(map));
    }
    e
}

/// Imports an MSPDI document. See [`crate::import_mspdi`].
pub fn import(xml: &str) -> R<Import> {
    let tree = Tree::parse(xml)?;
    let mut cx = Ctx {
        tree: &tree,
        report: BTreeSet::new(),
    };
    let root = 0usize;
    if tree.node(root).name != "Project" {
        return Err(cx.fail(
            root,
            "not_mspdi",
            format!(
                "the root element is <{}>; an MS Project XML file starts with <Project>",
                tree.node(root).name
            ),
            "",
        ));
    }
    let p = "Project";
    let mut consumed: Vec<&str> = vec!["Calendars", "Tasks", "Resources", "Assignments"];

    // ---- settings ----
    let mut settings = stratops::Settings::default();
    for (name, slot) in [
        ("MinutesPerDay", &mut settings.minutes_per_day),
        ("MinutesPerWeek", &mut settings.minutes_per_week),
        ("DaysPerMonth", &mut settings.days_per_month),
    ] {
        if let Some(v) = cx.int(root, name, p)? {
            if v <= 0 {
                let c = tree.child(root, name).unwrap_or(root);
                return Err(cx.fail(
                    c,
                    "bad_value",
                    format!("{name} must be > 0"),
                    &format!("{p}/{name}"),
                ));
            }
            *slot = v;
            consumed.push(name);
        }
    }
    let scale = settings.scale();
    if let Some(h) = cx.text(root, "HonorConstraints") {
        settings.honor_constraints = h == "1" || h == "true";
        consumed.push("HonorConstraints");
    }
    if let Some(days) = cx.int(root, "CriticalSlackLimit", p)? {
        settings.critical_threshold_min = days.saturating_mul(settings.minutes_per_day);
        consumed.push("CriticalSlackLimit");
    }

    // ---- calendars ----
    let mut calendars = Vec::new();
    let mut cal_ids: HashMap<i64, String> = HashMap::new();
    let mut cal_nodes = Vec::new();
    if let Some(cs) = tree.child(root, "Calendars") {
        for (i, c) in tree.children_named(cs, "Calendar").enumerate() {
            let path = format!("Project/Calendars/Calendar[{i}]");
            let uid = cx.uid(c, &path, "calendar")?;
            if cal_ids.insert(uid, format!("c{uid}")).is_some() {
                return Err(cx.fail(
                    c,
                    "duplicate_uid",
                    format!("calendar UID {uid} appears twice"),
                    &path,
                ));
            }
            cal_nodes.push((c, uid, path));
        }
    }
    for (c, uid, path) in &cal_nodes {
        calendars.push(import_calendar(&mut cx, *c, *uid, path, &cal_ids)?);
    }
    check_working_time(&cx, &calendars, &cal_nodes)?;

    // ---- resources ----
    let mut resources = Vec::new();
    let mut res_ids: HashMap<i64, String> = HashMap::new();
    let mut plan_ext = Map::new();
    if let Some(rs) = tree.child(root, "Resources") {
        for (i, r) in tree.children_named(rs, "Resource").enumerate() {
            let path = format!("Project/Resources/Resource[{i}]");
            let uid = cx.uid(r, &path, "resource")?;
            if res_ids.contains_key(&uid)
                || (uid == 0 && plan_ext.contains_key(PLACEHOLDER_RESOURCE))
            {
                return Err(cx.fail(
                    r,
                    "duplicate_uid",
                    format!("resource UID {uid} appears twice"),
                    &path,
                ));
            }
            if uid == 0 && cx.text(r, "Name").is_none_or(str::is_empty) {
                plan_ext.insert(PLACEHOLDER_RESOURCE.into(), node_json(&tree, r));
                cx.report
                    .insert("Resource[UID=0] (unnamed placeholder) → plan extensions".into());
                continue;
            }
            res_ids.insert(uid, format!("r{uid}"));
            resources.push(import_resource(&mut cx, r, uid, &path, &cal_ids)?);
        }
    }

    // ---- tasks: ids first, so links can point forward ----
    let mut task_ids: HashMap<i64, String> = HashMap::new();
    let mut task_nodes = Vec::new();
    let mut null_tasks = Vec::new();
    if let Some(ts) = tree.child(root, "Tasks") {
        for (i, t) in tree.children_named(ts, "Task").enumerate() {
            let path = format!("Project/Tasks/Task[{i}]");
            let uid = cx.uid(t, &path, "task")?;
            if task_ids.contains_key(&uid)
                || (uid == 0 && plan_ext.contains_key(crate::SUMMARY_TASK))
            {
                return Err(cx.fail(
                    t,
                    "duplicate_uid",
                    format!("task UID {uid} appears twice"),
                    &path,
                ));
            }
            if uid == 0 {
                plan_ext.insert(crate::SUMMARY_TASK.into(), node_json(&tree, t));
                cx.report
                    .insert("Task[UID=0] (project summary task) → plan extensions".into());
                continue;
            }
            if cx.flag(t, "IsNull") {
                null_tasks.push(node_json(&tree, t));
                cx.report
                    .insert("Task[IsNull=1] (blank row) → plan extensions".into());
                continue;
            }
            task_ids.insert(uid, format!("t{uid}"));
            task_nodes.push((t, uid, path));
        }
    }
    if !null_tasks.is_empty() {
        plan_ext.insert(crate::NULL_TASKS.into(), Value::Array(null_tasks));
    }
    let mut tasks = Vec::with_capacity(task_nodes.len());
    let mut costs = Vec::new();
    let mut outline: Vec<(i64, String)> = Vec::new();
    let default_accrual = cx.int(root, "DefaultFixedCostAccrual", p)?;
    let mut baseline_rows: BTreeMap<i64, Vec<stratops::BaselineTask>> = BTreeMap::new();
    for (t, uid, path) in &task_nodes {
        let (task, cost, task_baselines) = import_task(
            &mut cx,
            *t,
            *uid,
            path,
            &task_ids,
            &cal_ids,
            scale,
            default_accrual,
        )?;
        // The outline: the parent is the nearest earlier task one level up.
        let level = match cx.int(*t, "OutlineLevel", path)? {
            Some(l) => l,
            None => cx
                .text(*t, "OutlineNumber")
                .map(|n| n.split('.').count() as i64)
                .unwrap_or(1),
        }
        .max(1);
        while outline.last().is_some_and(|(l, _)| *l >= level) {
            outline.pop();
        }
        for (n, row) in task_baselines {
            baseline_rows.entry(n).or_default().push(row);
        }
        let mut task = task;
        task.parent = outline.last().map(|(_, id)| id.clone());
        outline.push((level, task.id.clone()));
        tasks.push(task);
        costs.extend(cost);
    }
    // A task with children but no Summary flag stays a task; the flag is
    // kept so the export does not turn it into a summary.
    let parents: std::collections::HashSet<String> =
        tasks.iter().filter_map(|t| t.parent.clone()).collect();
    for t in tasks.iter_mut() {
        if t.kind != TaskKind::Summary && parents.contains(&t.id) {
            let e = t
                .extensions
                .entry(EXT.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = e {
                m.insert("Summary".into(), Value::String("0".into()));
                cx.report.insert("Task.Summary".into());
            }
        }
    }
    let index: HashMap<String, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();

    // ---- assignments ----
    if let Some(asg) = tree.child(root, "Assignments") {
        for (i, a) in tree.children_named(asg, "Assignment").enumerate() {
            let path = format!("Project/Assignments/Assignment[{i}]");
            cx.uid(a, &path, "assignment")?;
            let Some(tuid) = cx.int(a, "TaskUID", &path)? else {
                return Err(cx.fail(
                    a,
                    "missing_uid",
                    "this assignment has no TaskUID".into(),
                    &path,
                ));
            };
            let Some(ruid) = cx.int(a, "ResourceUID", &path)? else {
                return Err(cx.fail(
                    a,
                    "missing_uid",
                    "this assignment has no ResourceUID".into(),
                    &path,
                ));
            };
            let Some(ti) = task_ids.get(&tuid).and_then(|id| index.get(id)).copied() else {
                if tuid == 0 && plan_ext.contains_key(crate::SUMMARY_TASK) {
                    let entry = plan_ext
                        .entry(crate::SUMMARY_ASSIGNMENTS)
                        .or_insert(Value::Array(vec![]));
                    if let Value::Array(v) = entry {
                        v.push(node_json(&tree, a));
                    }
                    cx.report
                        .insert("Assignment[TaskUID=0] → plan extensions".into());
                    continue;
                }
                return Err(cx.fail(
                    a,
                    "unknown_uid",
                    format!("assignment to unknown task UID {tuid}"),
                    &format!("{path}/TaskUID"),
                ));
            };
            let mut left;
            match res_ids.get(&ruid) {
                Some(rid) => {
                    let hours = cx.minutes(a, "Work", &path)?.and_then(|m| {
                        use rust_decimal::prelude::ToPrimitive;
                        (m / Decimal::from(60)).to_f64()
                    });
                    // MS Project's default units are 100%.
                    let units = match cx.dec(a, "Units", &path)? {
                        Some(u) => {
                            use rust_decimal::prelude::ToPrimitive;
                            u.to_f64()
                        }
                        None => Some(1.0),
                    };
                    // ActualWork and RemainingWork equal to what the export
                    // derives (work × percent complete) are not kept twice.
                    let pct = tasks[ti]
                        .progress
                        .as_ref()
                        .map_or_else(|| "0".to_string(), |p| p.percent_complete.to_string())
                        .parse::<Decimal>()
                        .unwrap_or_default();
                    let (aw, rw) = codes::derived_progress(cx.minutes(a, "Work", &path)?, pct);
                    let mut used = vec!["TaskUID", "ResourceUID", "Work", "Units"];
                    if aw.is_some() && cx.minutes(a, "ActualWork", &path)? == aw {
                        used.push("ActualWork");
                    }
                    if rw.is_some() && cx.minutes(a, "RemainingWork", &path)? == rw {
                        used.push("RemainingWork");
                    }
                    // WorkContour 0 (flat) is the default, written back on
                    // export; an unknown number stays in the extensions.
                    let wc = cx.int(a, "WorkContour", &path)?;
                    let contour = wc.and_then(stratops::Contour::from_mspdi);
                    if contour.is_some() {
                        used.push("WorkContour");
                    }
                    let contour = contour.filter(|c| *c != stratops::Contour::Flat);
                    left = cx.leftovers(a, &used, "Assignment");
                    // The work periods also stay in the extensions, with
                    // the UID and display unit the model does not hold.
                    let timephased = crate::timephased::periods(left.get("TimephasedData"));

                    tasks[ti].assignments.push(Assignment {
                        resource: rid.clone(),
                        role: Raci::Responsible,
                        hours,
                        units,
                        timephased,
                        contour,
                    });
                }
                None if ruid == -65535 || ruid == 0 => {
                    left = children_json(&tree, a, &["TaskUID", "ResourceUID"]);
                    cx.report.insert(
                        "Assignment[ResourceUID=-65535 or 0] (no resource) → task extensions"
                            .into(),
                    );
                }
                None => {
                    return Err(cx.fail(
                        a,
                        "unknown_uid",
                        format!("assignment to unknown resource UID {ruid}"),
                        &format!("{path}/ResourceUID"),
                    ));
                }
            }
            left.insert("ResourceUID".into(), Value::String(ruid.to_string()));
            push_ext_array(&mut tasks[ti].extensions, "Assignment", Value::Object(left));
        }
    }
    // The export writes a task's resource assignments, then the placeholder
    // ones (no resource): keep the task's list in that order, so import ->
    // export -> import is exact.
    for t in &mut tasks {
        if let Some(Value::Array(a)) = t
            .extensions
            .get_mut(EXT)
            .and_then(|m| m.get_mut("Assignment"))
        {
            let placeholder = |v: &Value| {
                matches!(
                    v.get("ResourceUID").and_then(Value::as_str),
                    Some("-65535") | Some("0")
                )
            };
            a.sort_by_key(placeholder);
        }
    }

    // ---- the project ----
    let start = cx.datetime(root, "StartDate", p)?;
    let finish = cx.datetime(root, "FinishDate", p)?;
    let def_finish = cx
        .text(root, "DefaultFinishTime")
        .unwrap_or("17:00:00")
        .to_string();
    let Some(start) = start else {
        return Err(cx.fail(
            root,
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
    let name = match (cx.text(root, "Title"), cx.text(root, "Name")) {
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
    let organisation = cx.text(root, "Company").map(str::to_string);
    if organisation.is_some() {
        consumed.push("Company");
    }
    let currency = cx
        .text(root, "CurrencyCode")
        .filter(|c| stratops::currency::minor_units(c).is_some())
        .map(str::to_string);
    if currency.is_some() {
        consumed.push("CurrencyCode");
    }
    // A UID that names no calendar means MS Project's own Standard.
    let calendar = match cx.int(root, "CalendarUID", p)? {
        Some(u) => {
            consumed.push("CalendarUID");
            cx.calendar_named(&cal_ids, u, "Project.CalendarUID")
        }
        None => None,
    };
    let left = cx.leftovers(root, &consumed, "Project");
    let mut project_ext = ext(left);
    for (k, v) in plan_ext {
        project_ext.insert(k, v);
    }
    let baselines = baseline_rows
        .into_iter()
        .map(|(number, tasks)| stratops::Baseline {
            number,
            saved: None,
            status_date: None,
            tasks,
            extensions: Default::default(),
        })
        .collect();
    let plan = Plan {
        id: "project".into(),
        kind: PlanKind::Project,
        name,
        horizon: Horizon {
            start: start.date(),
            end,
        },
        start_time,
        owner: None,
        parent: None,
        supports: vec![],
        calendar,
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
        tasks,
        costs,
        risks: vec![],
        baselines,
        notes: None,
        comments: vec![],
        extensions: project_ext,
    };
    let mut document = Document::new();
    document.organisation = organisation;
    document.currency = currency;
    document.settings = settings;
    document.calendars = calendars;
    document.resources = resources;
    document.plans = vec![plan];
    Ok(Import {
        document,
        extension_fields: cx.report.into_iter().collect(),
    })
}

/// Appends `v` to the array `key` of an entity's `extensions.mspdi`,
/// creating both if missing (a non-object value there is replaced).
fn push_ext_array(e: &mut stratops::Extensions, key: &str, v: Value) {
    let slot = e
        .entry(EXT.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(m) = slot {
        push_array(m, key, v);
    }
}

fn push_array(m: &mut Map<String, Value>, key: &str, v: Value) {
    match m.get_mut(key) {
        Some(Value::Array(a)) => a.push(v),
        _ => {
            m.insert(key.into(), Value::Array(vec![v]));
        }
    }
}
