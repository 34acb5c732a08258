//! MSPDI → `stratops/1`. See the crate docs and `docs/MSPDI.md` for the
//! mapping; everything without a stratops field lands in `extensions`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{Calendar, CostLine, DateTime, Document, Error, Resource, Task, TaskKind};

use crate::codes;
use crate::leftover::{children_json, node_json};
use crate::xml::Tree;
use crate::{err, Import, EXT, PLACEHOLDER_RESOURCE};

pub(crate) type R<T> = Result<T, Error>;

mod assignment;
mod baseline;
mod calres;
mod project;
mod task;

use calres::{check_working_time, import_calendar, import_resource};
use task::{import_task, TaskEnv};

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

/// The node index of the root `<Project>`.
const ROOT: usize = 0;

/// An element to read: its node, its UID and its path.
type UidNode = (usize, i64, String);

/// Imports an MSPDI document. See [`crate::import_mspdi`].
pub fn import(xml: &str) -> R<Import> {
    let tree = Tree::parse(xml)?;
    let mut cx = Ctx {
        tree: &tree,
        report: BTreeSet::new(),
    };
    if tree.node(ROOT).name != "Project" {
        return Err(cx.fail(
            ROOT,
            "not_mspdi",
            format!(
                "the root element is <{}>; an MS Project XML file starts with <Project>",
                tree.node(ROOT).name
            ),
            "",
        ));
    }
    let mut consumed: Vec<&str> = vec!["Calendars", "Tasks", "Resources", "Assignments"];
    let settings = project::settings(&cx, &mut consumed)?;
    let (calendars, cal_ids) = import_calendars(&mut cx)?;
    let mut plan_ext = Map::new();
    let (resources, res_ids) = import_resources(&mut cx, &cal_ids, &mut plan_ext)?;
    let (task_ids, task_nodes) = task_nodes(&mut cx, &mut plan_ext)?;
    let env = TaskEnv {
        task_ids: &task_ids,
        cal_ids: &cal_ids,
        scale: settings.scale(),
        default_accrual: cx.int(ROOT, "DefaultFixedCostAccrual", "Project")?,
    };
    let mut read = import_tasks(&mut cx, &task_nodes, &env)?;
    mark_parents(&mut cx, &mut read.tasks);
    assignment::import_assignments(&mut cx, &mut read.tasks, &task_ids, &res_ids, &mut plan_ext)?;
    assignment::order_placeholders(&mut read.tasks);
    let mut header = project::header(&mut cx, &mut consumed, &cal_ids)?;
    let left = cx.leftovers(ROOT, &consumed, "Project");
    let mut project_ext = ext(left);
    for (k, v) in plan_ext {
        project_ext.insert(k, v);
    }
    let mut document = Document::new();
    document.organisation = header.organisation.take();
    document.currency = header.currency.take();
    document.settings = settings;
    document.calendars = calendars;
    document.resources = resources;
    document.plans = vec![project::plan(header, read, project_ext)];
    Ok(Import {
        document,
        extension_fields: cx.report.into_iter().collect(),
    })
}

/// Reads `<Calendars>`: every UID first (a calendar may be based on a
/// later one), then the calendars, which must all have working time.
/// Returns them with the ids their UIDs became.
fn import_calendars(cx: &mut Ctx<'_, '_>) -> R<(Vec<Calendar>, HashMap<i64, String>)> {
    let tree = cx.tree;
    let mut calendars = Vec::new();
    let mut cal_ids: HashMap<i64, String> = HashMap::new();
    let mut cal_nodes = Vec::new();
    if let Some(cs) = tree.child(ROOT, "Calendars") {
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
        calendars.push(import_calendar(cx, *c, *uid, path, &cal_ids)?);
    }
    check_working_time(cx, &calendars, &cal_nodes)?;
    Ok((calendars, cal_ids))
}

/// Reads `<Resources>`, with the ids their UIDs became. MS Project's
/// unnamed resource UID 0 goes to the plan extensions `plan_ext`.
fn import_resources(
    cx: &mut Ctx<'_, '_>,
    cal_ids: &HashMap<i64, String>,
    plan_ext: &mut Map<String, Value>,
) -> R<(Vec<Resource>, HashMap<i64, String>)> {
    let tree = cx.tree;
    let mut resources = Vec::new();
    let mut res_ids: HashMap<i64, String> = HashMap::new();
    if let Some(rs) = tree.child(ROOT, "Resources") {
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
                plan_ext.insert(PLACEHOLDER_RESOURCE.into(), node_json(tree, r));
                cx.report
                    .insert("Resource[UID=0] (unnamed placeholder) → plan extensions".into());
                continue;
            }
            res_ids.insert(uid, format!("r{uid}"));
            resources.push(import_resource(cx, r, uid, &path, cal_ids)?);
        }
    }
    Ok((resources, res_ids))
}

/// The `<Task>` nodes to read, each with its UID and path, and the ids
/// their UIDs become (collected first, so links can point forward). The
/// project summary task (UID 0) and blank rows go to `plan_ext`.
fn task_nodes(
    cx: &mut Ctx<'_, '_>,
    plan_ext: &mut Map<String, Value>,
) -> R<(HashMap<i64, String>, Vec<UidNode>)> {
    let tree = cx.tree;
    let mut task_ids: HashMap<i64, String> = HashMap::new();
    let mut task_nodes = Vec::new();
    let mut null_tasks = Vec::new();
    if let Some(ts) = tree.child(ROOT, "Tasks") {
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
                plan_ext.insert(crate::SUMMARY_TASK.into(), node_json(tree, t));
                cx.report
                    .insert("Task[UID=0] (project summary task) → plan extensions".into());
                continue;
            }
            if cx.flag(t, "IsNull") {
                null_tasks.push(node_json(tree, t));
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
    Ok((task_ids, task_nodes))
}

/// The tasks read, with what they add to the plan.
pub(crate) struct ReadTasks {
    pub(crate) tasks: Vec<Task>,
    /// The tasks' fixed cost lines.
    pub(crate) costs: Vec<CostLine>,
    /// The baseline rows of the tasks, by baseline number.
    pub(crate) baseline_rows: BTreeMap<i64, Vec<stratops::BaselineTask>>,
}

/// Reads the task nodes in order, each under the nearest earlier task one
/// outline level up.
fn import_tasks(cx: &mut Ctx<'_, '_>, task_nodes: &[UidNode], env: &TaskEnv<'_>) -> R<ReadTasks> {
    let mut read = ReadTasks {
        tasks: Vec::with_capacity(task_nodes.len()),
        costs: Vec::new(),
        baseline_rows: BTreeMap::new(),
    };
    let mut outline: Vec<(i64, String)> = Vec::new();
    for (t, uid, path) in task_nodes {
        let (mut task, cost, task_baselines) = import_task(cx, *t, *uid, path, env)?;
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
            read.baseline_rows.entry(n).or_default().push(row);
        }
        task.parent = outline.last().map(|(_, id)| id.clone());
        outline.push((level, task.id.clone()));
        read.tasks.push(task);
        read.costs.extend(cost);
    }
    Ok(read)
}

/// A task with children but no Summary flag stays a task; the flag is
/// kept so the export does not turn it into a summary.
fn mark_parents(cx: &mut Ctx<'_, '_>, tasks: &mut [Task]) {
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
