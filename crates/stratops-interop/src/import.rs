//! MSPDI → `stratops/1`. See the crate docs and `docs/MSPDI.md` for the
//! mapping; everything without a stratops field lands in `extensions`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{
    Assignment, Calendar, CalendarException, Constraint, ConstraintType, CostKind, CostLine, Date,
    DateOrTime, DateTime, Dependency, Document, Duration, DurationUnit, Error, Horizon, Interval,
    Money, Plan, PlanKind, Progress, Raci, Rate, Resource, ResourceKind, Task, TaskKind, UnitScale,
    Week,
};

use crate::codes;
use crate::leftover::{children_json, node_json, push_value};
use crate::xml::Tree;
use crate::{err, Import, EXT, PLACEHOLDER_RESOURCE};

type R<T> = Result<T, Error>;

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

struct Ctx<'t, 'a> {
    tree: &'t Tree<'a>,
    report: BTreeSet<String>,
}

impl Ctx<'_, '_> {
    fn fail(&self, idx: usize, code: &str, msg: String, path: &str) -> Error {
        let (line, column) = self.tree.line_col(idx);
        err(code, msg, line, column, path)
    }
    fn text(&self, idx: usize, name: &str) -> Option<&str> {
        self.tree.child_text(idx, name)
    }
    fn int(&self, idx: usize, name: &str, path: &str) -> R<Option<i64>> {
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
    fn dec(&self, idx: usize, name: &str, path: &str) -> R<Option<Decimal>> {
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
    fn datetime(&self, idx: usize, name: &str, path: &str) -> R<Option<DateTime>> {
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
    fn minutes(&self, idx: usize, name: &str, path: &str) -> R<Option<Decimal>> {
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
    fn flag(&self, idx: usize, name: &str) -> bool {
        matches!(self.text(idx, name), Some("1") | Some("true"))
    }
    /// The children of `idx` not in `consumed`, recorded in the report.
    fn leftovers(&mut self, idx: usize, consumed: &[&str], entity: &str) -> Map<String, Value> {
        let m = children_json(self.tree, idx, consumed);
        for k in m.keys() {
            self.report.insert(format!("{entity}.{k}"));
        }
        m
    }
    fn uid(&self, idx: usize, path: &str, what: &str) -> R<i64> {
        match self.int(idx, "UID", path)? {
            Some(u) => Ok(u),
            None => Err(self.fail(idx, "missing_uid", format!("this {what} has no UID"), path)),
        }
    }
}

fn ext(map: Map<String, Value>) -> stratops::Extensions {
    let mut e = stratops::Extensions::new();
    if !map.is_empty() {
        e.insert(EXT.into(), Value::Object(map));
    }
    e
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
    for (t, uid, path) in &task_nodes {
        let (task, cost) = import_task(
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
        let mut task = task;
        task.parent = outline.last().map(|(_, id)| id.clone());
        outline.push((level, task.id.clone()));
        tasks.push(task);
        costs.extend(cost);
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
                    tasks[ti].assignments.push(Assignment {
                        resource: rid.clone(),
                        role: Raci::Responsible,
                        hours,
                    });
                    left = cx.leftovers(a, &["TaskUID", "ResourceUID", "Work"], "Assignment");
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
            let m = mspdi_mut(&mut tasks[ti].extensions);
            push_array(m, "Assignment", Value::Object(left));
        }
    }

    // ---- the project ----
    let start = cx.datetime(root, "StartDate", p)?;
    let finish = cx.datetime(root, "FinishDate", p)?;
    let def_start = cx
        .text(root, "DefaultStartTime")
        .unwrap_or("08:00:00")
        .to_string();
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
    if start.0.time().format("%H:%M:%S").to_string() == def_start {
        consumed.push("StartDate");
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
    let calendar = match cx.int(root, "CalendarUID", p)? {
        Some(u) => {
            consumed.push("CalendarUID");
            match cal_ids.get(&u) {
                Some(id) => Some(id.clone()),
                None => {
                    let c = tree.child(root, "CalendarUID").unwrap_or(root);
                    return Err(cx.fail(
                        c,
                        "unknown_uid",
                        format!("project calendar UID {u} is not defined"),
                        "Project/CalendarUID",
                    ));
                }
            }
        }
        None => None,
    };
    let left = cx.leftovers(root, &consumed, "Project");
    let mut project_ext = ext(left);
    for (k, v) in plan_ext {
        project_ext.insert(k, v);
    }
    let plan = Plan {
        id: "project".into(),
        kind: PlanKind::Project,
        name,
        horizon: Horizon {
            start: start.date(),
            end,
        },
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

/// The `extensions.mspdi` object of an entity, created if missing.
pub(crate) fn mspdi_mut(e: &mut stratops::Extensions) -> &mut Map<String, Value> {
    let v = e
        .entry(EXT.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("just made an object"),
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

#[allow(clippy::too_many_arguments)]
fn import_task(
    cx: &mut Ctx<'_, '_>,
    t: usize,
    uid: i64,
    path: &str,
    task_ids: &HashMap<i64, String>,
    cal_ids: &HashMap<i64, String>,
    scale: UnitScale,
    default_accrual: Option<i64>,
) -> R<(Task, Option<CostLine>)> {
    let tree = cx.tree;
    let id = format!("t{uid}");
    let mut consumed: Vec<&str> = vec![
        "UID",
        "ID",
        "Name",
        "OutlineLevel",
        "OutlineNumber",
        "PredecessorLink",
    ];
    let summary = cx.flag(t, "Summary");
    let milestone_flag = cx.flag(t, "Milestone");
    consumed.push("Summary");
    let dur_min = cx.minutes(t, "Duration", path)?;
    if let Some(m) = dur_min {
        if m.is_sign_negative() && !m.is_zero() {
            let c = tree.child(t, "Duration").unwrap_or(t);
            return Err(cx.fail(
                c,
                "negative_duration",
                format!("task UID {uid} has a negative duration"),
                &format!("{path}/Duration"),
            ));
        }
    }
    let fmt = cx.int(t, "DurationFormat", path)?.unwrap_or(7);
    let mut duration = None;
    let kind = if summary {
        TaskKind::Summary
    } else if milestone_flag && dur_min.is_none_or(|m| m.is_zero()) {
        consumed.push("Milestone");
        if dur_min.is_some() {
            consumed.push("Duration");
        }
        TaskKind::Milestone
    } else {
        if !milestone_flag {
            consumed.push("Milestone");
        }
        if let Some(m) = dur_min {
            duration = Some(codes::minutes_to_duration(m, fmt, scale));
            consumed.push("Duration");
            if tree.child(t, "DurationFormat").is_some() && codes::format_unit(fmt).is_some() {
                consumed.push("DurationFormat");
            }
        }
        TaskKind::Task
    };

    // progress
    let pc = cx.dec(t, "PercentComplete", path)?.unwrap_or_default();
    let actual_start = cx.datetime(t, "ActualStart", path)?;
    let actual_finish = cx.datetime(t, "ActualFinish", path)?;
    consumed.extend(["PercentComplete", "ActualStart", "ActualFinish"]);
    let progress = if !pc.is_zero() || actual_start.is_some() || actual_finish.is_some() {
        use rust_decimal::prelude::ToPrimitive;
        let remaining = match cx.minutes(t, "RemainingDuration", path)? {
            Some(m) if kind == TaskKind::Task => {
                consumed.push("RemainingDuration");
                Some(codes::minutes_to_duration(m, fmt, scale))
            }
            _ => None,
        };
        Some(Progress {
            percent_complete: pc.to_f64().unwrap_or(0.0),
            actual_start: actual_start.map(DateOrTime::DateTime),
            actual_finish: actual_finish.map(DateOrTime::DateTime),
            remaining,
        })
    } else {
        None
    };

    // constraint and deadline
    let ctype = cx.int(t, "ConstraintType", path)?.unwrap_or(0);
    let Some(kind_c) = codes::constraint_type(ctype) else {
        let c = tree.child(t, "ConstraintType").unwrap_or(t);
        return Err(cx.fail(
            c,
            "bad_value",
            format!("unknown ConstraintType {ctype}"),
            &format!("{path}/ConstraintType"),
        ));
    };
    consumed.push("ConstraintType");
    let cdate = cx.datetime(t, "ConstraintDate", path)?;
    let constraint = match kind_c {
        ConstraintType::ASAP => None,
        ConstraintType::ALAP => Some(Constraint {
            kind: kind_c,
            date: None,
        }),
        _ => {
            let Some(d) = cdate else {
                return Err(cx.fail(
                    t,
                    "constraint_without_date",
                    format!("task UID {uid} has constraint type {ctype} but no ConstraintDate"),
                    &format!("{path}/ConstraintDate"),
                ));
            };
            consumed.push("ConstraintDate");
            Some(Constraint {
                kind: kind_c,
                date: Some(DateOrTime::DateTime(d)),
            })
        }
    };
    let deadline = cx.datetime(t, "Deadline", path)?.map(DateOrTime::DateTime);
    consumed.push("Deadline");

    let calendar = match cx.int(t, "CalendarUID", path)? {
        None | Some(-1) => {
            consumed.push("CalendarUID");
            None
        }
        Some(u) => {
            consumed.push("CalendarUID");
            match cal_ids.get(&u) {
                Some(c) => Some(c.clone()),
                None => {
                    let c = tree.child(t, "CalendarUID").unwrap_or(t);
                    return Err(cx.fail(
                        c,
                        "unknown_uid",
                        format!("task UID {uid} uses unknown calendar UID {u}"),
                        &format!("{path}/CalendarUID"),
                    ));
                }
            }
        }
    };
    let notes = tree.child(t, "Notes").map(|n| tree.node(n).text.clone());
    consumed.push("Notes");

    // fixed cost (stored in hundredths of the currency unit)
    let fixed = cx.dec(t, "FixedCost", path)?.unwrap_or_default();
    let mut cost = None;
    if fixed.is_zero() {
        if cx.text(t, "FixedCost").is_some() {
            consumed.push("FixedCost");
        }
    } else {
        let acc_code = cx
            .int(t, "FixedCostAccrual", path)?
            .or(default_accrual)
            .unwrap_or(2);
        let Some(accrual) = codes::accrual(acc_code) else {
            let c = tree.child(t, "FixedCostAccrual").unwrap_or(t);
            return Err(cx.fail(
                c,
                "bad_value",
                format!("unknown FixedCostAccrual {acc_code}"),
                &format!("{path}/FixedCostAccrual"),
            ));
        };
        consumed.extend(["FixedCost", "FixedCostAccrual"]);
        let amount = fixed / Decimal::from(100);
        cost = Some(CostLine {
            id: format!("{id}-fixed-cost"),
            category: "fixed".into(),
            kind: CostKind::Fixed,
            description: Some("MS Project fixed cost".into()),
            task: Some(id.clone()),
            amount: Some(Money(amount)),
            resource: None,
            hours: None,
            quantity: None,
            unit_price: None,
            accrual,
            actual: None,
            credit: amount.is_sign_negative(),
            currency: None,
            supports: vec![],
            extensions: Default::default(),
        });
    }

    // links
    let mut deps = Vec::new();
    let mut link_left = Vec::new();
    for (k, l) in tree.children_named(t, "PredecessorLink").enumerate() {
        let lp = format!("{path}/PredecessorLink[{k}]");
        if cx.text(l, "CrossProject") == Some("1") {
            link_left.push(node_json(tree, l));
            cx.report
                .insert("PredecessorLink[CrossProject=1] (external) → task extensions".into());
            continue;
        }
        let Some(puid) = cx.int(l, "PredecessorUID", &lp)? else {
            return Err(cx.fail(
                l,
                "missing_uid",
                "this link has no PredecessorUID".into(),
                &lp,
            ));
        };
        let Some(pred) = task_ids.get(&puid) else {
            let c = tree.child(l, "PredecessorUID").unwrap_or(l);
            return Err(cx.fail(
                c,
                "unknown_uid",
                format!("task UID {uid} links to unknown task UID {puid}"),
                &format!("{lp}/PredecessorUID"),
            ));
        };
        let code = cx.int(l, "Type", &lp)?.unwrap_or(1);
        let Some(link_type) = codes::link_type(code) else {
            let c = tree.child(l, "Type").unwrap_or(l);
            return Err(cx.fail(
                c,
                "unknown_link_type",
                format!("link type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)"),
                &format!("{lp}/Type"),
            ));
        };
        let tenths = cx.dec(l, "LinkLag", &lp)?.unwrap_or_default();
        let lag_fmt = cx.int(l, "LagFormat", &lp)?.unwrap_or(7);
        let mut lconsumed = vec!["PredecessorUID", "Type", "LinkLag"];
        if cx.text(l, "CrossProject") == Some("0") {
            lconsumed.push("CrossProject");
        }
        let lag = if tenths.is_zero() {
            // A zero lag in days (7, the default written back) is not data.
            if lag_fmt == 7 {
                lconsumed.push("LagFormat");
            }
            None
        } else {
            let Some((unit, elapsed)) = codes::format_unit(lag_fmt) else {
                let c = tree.child(l, "LagFormat").unwrap_or(l);
                return Err(cx.fail(
                    c,
                    "bad_value",
                    format!("unknown LagFormat {lag_fmt}"),
                    &format!("{lp}/LagFormat"),
                ));
            };
            if unit == DurationUnit::Percent {
                // LinkLag holds the percentage itself. stratops has no
                // elapsed percentage, so LagFormat 20 stays in extensions.
                if !elapsed {
                    lconsumed.push("LagFormat");
                }
                Some(Duration {
                    amount: tenths.normalize(),
                    unit: DurationUnit::Percent,
                    elapsed: false,
                })
            } else {
                lconsumed.push("LagFormat");
                Some(codes::minutes_to_duration(
                    tenths / Decimal::from(10),
                    lag_fmt,
                    scale,
                ))
            }
        };
        deps.push(Dependency {
            predecessor: pred.clone(),
            link_type,
            lag,
        });
        let mut left = cx.leftovers(l, &lconsumed, "PredecessorLink");
        if !left.is_empty() {
            left.insert("PredecessorUID".into(), Value::String(puid.to_string()));
            link_left.push(Value::Object(left));
        }
    }

    let mut left = cx.leftovers(t, &consumed, "Task");
    for l in link_left {
        push_value(&mut left, "PredecessorLink", l);
    }
    // PredecessorLink must stay an array so the exporter can merge by UID.
    if let Some(v) = left.get_mut("PredecessorLink") {
        if !v.is_array() {
            *v = Value::Array(vec![v.take()]);
        }
    }
    let task = Task {
        id,
        name: cx.text(t, "Name").unwrap_or_default().to_string(),
        parent: None,
        kind,
        duration,
        dependencies: deps,
        constraint,
        deadline,
        calendar,
        assignments: vec![],
        owner: None,
        deliverables: vec![],
        supports: vec![],
        progress,
        notes,
        comments: vec![],
        extensions: ext(left),
    };
    Ok((task, cost))
}

fn import_resource(
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
        Some(u) => match cal_ids.get(&u) {
            Some(c) => Some(c.clone()),
            None => {
                let c = tree.child(r, "CalendarUID").unwrap_or(r);
                return Err(cx.fail(
                    c,
                    "unknown_uid",
                    format!("resource UID {uid} uses unknown calendar UID {u}"),
                    &format!("{path}/CalendarUID"),
                ));
            }
        },
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

fn import_calendar(
    cx: &mut Ctx<'_, '_>,
    c: usize,
    uid: i64,
    path: &str,
    cal_ids: &HashMap<i64, String>,
) -> R<Calendar> {
    let tree = cx.tree;
    let mut consumed: Vec<&str> = vec!["UID", "Name", "WeekDays", "BaseCalendarUID"];
    let base = match cx.int(c, "BaseCalendarUID", path)? {
        None | Some(-1) => None,
        Some(b) => match cal_ids.get(&b) {
            Some(id) => Some(id.clone()),
            None => {
                let n = tree.child(c, "BaseCalendarUID").unwrap_or(c);
                return Err(cx.fail(
                    n,
                    "unknown_uid",
                    format!("calendar UID {uid} is based on unknown calendar UID {b}"),
                    &format!("{path}/BaseCalendarUID"),
                ));
            }
        },
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
fn check_working_time(
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
