//! Tasks and their links of an MSPDI import.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{
    Constraint, ConstraintType, CostKind, CostLine, DateOrTime, Dependency, Duration, DurationUnit,
    Money, Progress, Task, TaskKind, UnitScale,
};

use super::{ext, Ctx, R};
use crate::codes;
use crate::leftover::{node_json, push_value};

/// What reading any task needs: the UIDs read so far and the settings.
pub(super) struct TaskEnv<'a> {
    pub(super) task_ids: &'a HashMap<i64, String>,
    pub(super) cal_ids: &'a HashMap<i64, String>,
    pub(super) scale: UnitScale,
    /// The project's `DefaultFixedCostAccrual`.
    pub(super) default_accrual: Option<i64>,
}

/// One `<Task>` being read: its node, UID and path, and the children
/// consumed so far (the others go to its extensions).
struct Node<'p> {
    t: usize,
    uid: i64,
    path: &'p str,
    consumed: Vec<&'static str>,
}

/// A task's kind and duration, with the fields they are read from.
struct Shape {
    kind: TaskKind,
    duration: Option<Duration>,
    /// The `Duration`, in minutes.
    dur_min: Option<Decimal>,
    /// The `DurationFormat` (7, days, when absent).
    fmt: i64,
}

/// Reads task `t` (UID `uid`): the task, its fixed cost line and its
/// baseline rows.
pub(super) fn import_task(
    cx: &mut Ctx<'_, '_>,
    t: usize,
    uid: i64,
    path: &str,
    env: &TaskEnv<'_>,
) -> R<(Task, Option<CostLine>, super::baseline::Rows)> {
    let tree = cx.tree;
    let id = format!("t{uid}");
    let mut n = Node {
        t,
        uid,
        path,
        consumed: vec![
            "UID",
            "ID",
            "Name",
            "OutlineLevel",
            "OutlineNumber",
            "PredecessorLink",
        ],
    };
    let shape = shape(cx, &mut n, env.scale)?;
    let progress = progress(cx, &mut n, &shape, env.scale)?;
    let constraint = constraint(cx, &mut n)?;
    let deadline = cx.datetime(t, "Deadline", path)?.map(DateOrTime::DateTime);
    n.consumed.push("Deadline");
    // A UID that names no calendar means none (as in MPXJ's reader).
    n.consumed.push("CalendarUID");
    let calendar = match cx.int(t, "CalendarUID", path)? {
        None | Some(-1) => None,
        Some(u) => cx.calendar_named(env.cal_ids, u, "Task.CalendarUID"),
    };
    let notes = tree.child(t, "Notes").map(|n| tree.node(n).text.clone());
    n.consumed.push("Notes");
    let cost = fixed_cost(cx, &mut n, &id, env.default_accrual)?;
    let (deps, link_left) = links(cx, &n, env)?;
    let manual = manual(cx, &mut n, shape.kind)?;
    let (task_type, effort_driven, priority) = type_fields(cx, &mut n)?;
    let (baselines, kept) = super::baseline::task_baselines(cx, t, &id, path, env.scale)?;
    n.consumed.push("Baseline");
    let left = task_leftovers(cx, &n, kept, link_left);
    let task = Task {
        id,
        name: cx.text(t, "Name").unwrap_or_default().to_string(),
        parent: None,
        kind: shape.kind,
        duration: shape.duration,
        dependencies: deps,
        constraint,
        deadline,
        calendar,
        assignments: vec![],
        owner: None,
        deliverables: vec![],
        supports: vec![],
        progress,
        estimate: None,
        task_type,
        effort_driven,
        manual,
        priority,
        notes,
        comments: vec![],
        extensions: ext(left),
    };
    Ok((task, cost, baselines))
}

/// The task's kind (summary, milestone or task) and duration.
fn shape(cx: &Ctx<'_, '_>, n: &mut Node<'_>, scale: UnitScale) -> R<Shape> {
    let (tree, t, path) = (cx.tree, n.t, n.path);
    let consumed = &mut n.consumed;
    let summary = cx.flag(t, "Summary");
    let milestone_flag = cx.flag(t, "Milestone");
    consumed.push("Summary");
    // A summary's duration is derived: the export writes its span again.
    if summary {
        consumed.push("Duration");
    }
    let dur_min = cx.minutes(t, "Duration", path)?;
    if let Some(m) = dur_min {
        if m.is_sign_negative() && !m.is_zero() {
            let c = tree.child(t, "Duration").unwrap_or(t);
            return Err(cx.fail(
                c,
                "negative_duration",
                format!("task UID {} has a negative duration", n.uid),
                &format!("{path}/Duration"),
            ));
        }
    }
    let fmt = cx.int(t, "DurationFormat", path)?.unwrap_or(7);
    let mut duration = None;
    let kind = if summary {
        if !milestone_flag {
            consumed.push("Milestone");
        }
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
        if let Some(m) = dur_min.filter(|m| !(m.is_zero() && fmt == codes::NO_DURATION_FORMAT)) {
            duration = Some(codes::minutes_to_duration(m, fmt, scale));
            consumed.push("Duration");
            if tree.child(t, "DurationFormat").is_some() && codes::format_unit(fmt).is_some() {
                consumed.push("DurationFormat");
            }
        }
        TaskKind::Task
    };
    Ok(Shape {
        kind,
        duration,
        dur_min,
        fmt,
    })
}

/// The task's progress: none while it has no percent complete and no
/// actual dates.
fn progress(
    cx: &Ctx<'_, '_>,
    n: &mut Node<'_>,
    shape: &Shape,
    scale: UnitScale,
) -> R<Option<Progress>> {
    let (t, path) = (n.t, n.path);
    let consumed = &mut n.consumed;
    let (kind, dur_min, fmt) = (shape.kind, shape.dur_min, shape.fmt);
    let pc = cx.dec(t, "PercentComplete", path)?.unwrap_or_default();
    let actual_start = cx.datetime(t, "ActualStart", path)?;
    let actual_finish = cx.datetime(t, "ActualFinish", path)?;
    consumed.extend(["PercentComplete", "ActualStart", "ActualFinish"]);
    // ActualDuration and RemainingDuration equal to what the export derives
    // from the duration and percent complete are not stored twice.
    let (actual_d, remaining_d) = codes::derived_progress(dur_min, pc);
    if actual_d.is_some() && cx.minutes(t, "ActualDuration", path)? == actual_d {
        consumed.push("ActualDuration");
    }
    // A zero Duration in the "none" format is a task without a duration
    // (how the export writes one, since MS Project needs a Duration).
    if kind == TaskKind::Task
        && shape.duration.is_none()
        && dur_min.is_some_and(|m| m.is_zero())
        && fmt == codes::NO_DURATION_FORMAT
    {
        consumed.extend(["Duration", "DurationFormat"]);
    }
    if pc.is_zero() && actual_start.is_none() && actual_finish.is_none() {
        if remaining_d.is_some() && cx.minutes(t, "RemainingDuration", path)? == remaining_d {
            consumed.push("RemainingDuration");
        }
        return Ok(None);
    }
    use rust_decimal::prelude::ToPrimitive;
    let remaining = match cx.minutes(t, "RemainingDuration", path)? {
        Some(m) if Some(m) == remaining_d => {
            consumed.push("RemainingDuration");
            None
        }
        Some(m) if kind == TaskKind::Task => {
            consumed.push("RemainingDuration");
            Some(codes::minutes_to_duration(m, fmt, scale))
        }
        _ => None,
    };
    Ok(Some(Progress {
        percent_complete: pc.to_f64().unwrap_or(0.0),
        actual_start: actual_start.map(DateOrTime::DateTime),
        actual_finish: actual_finish.map(DateOrTime::DateTime),
        remaining,
        ev_method: None,
    }))
}

/// The task's constraint (none for as soon as possible).
fn constraint(cx: &Ctx<'_, '_>, n: &mut Node<'_>) -> R<Option<Constraint>> {
    let (t, path) = (n.t, n.path);
    let ctype = cx.int(t, "ConstraintType", path)?.unwrap_or(0);
    let Some(kind_c) = codes::constraint_type(ctype) else {
        let c = cx.tree.child(t, "ConstraintType").unwrap_or(t);
        return Err(cx.fail(
            c,
            "bad_value",
            format!("unknown ConstraintType {ctype}"),
            &format!("{path}/ConstraintType"),
        ));
    };
    n.consumed.push("ConstraintType");
    let cdate = cx.datetime(t, "ConstraintDate", path)?;
    Ok(match kind_c {
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
                    format!(
                        "task UID {} has constraint type {ctype} but no ConstraintDate",
                        n.uid
                    ),
                    &format!("{path}/ConstraintDate"),
                ));
            };
            n.consumed.push("ConstraintDate");
            Some(Constraint {
                kind: kind_c,
                date: Some(DateOrTime::DateTime(d)),
            })
        }
    })
}

/// The task's `FixedCost` (stored in hundredths of the currency unit) as a
/// fixed cost line `<id>-fixed-cost`; none when zero.
fn fixed_cost(
    cx: &Ctx<'_, '_>,
    n: &mut Node<'_>,
    id: &str,
    default_accrual: Option<i64>,
) -> R<Option<CostLine>> {
    let (t, path) = (n.t, n.path);
    let fixed = cx.dec(t, "FixedCost", path)?.unwrap_or_default();
    if fixed.is_zero() {
        if cx.text(t, "FixedCost").is_some() {
            n.consumed.push("FixedCost");
        }
        return Ok(None);
    }
    let acc_code = cx
        .int(t, "FixedCostAccrual", path)?
        .or(default_accrual)
        .unwrap_or(2);
    let Some(accrual) = codes::accrual(acc_code) else {
        let c = cx.tree.child(t, "FixedCostAccrual").unwrap_or(t);
        return Err(cx.fail(
            c,
            "bad_value",
            format!("unknown FixedCostAccrual {acc_code}"),
            &format!("{path}/FixedCostAccrual"),
        ));
    };
    n.consumed.extend(["FixedCost", "FixedCostAccrual"]);
    let amount = fixed / Decimal::from(100);
    Ok(Some(CostLine {
        id: format!("{id}-fixed-cost"),
        category: "fixed".into(),
        kind: CostKind::Fixed,
        description: Some("MS Project fixed cost".into()),
        task: Some(id.to_string()),
        amount: Some(Money(amount)),
        resource: None,
        hours: None,
        quantity: None,
        unit_price: None,
        accrual,
        actual: None,
        actuals: vec![],
        credit: amount.is_sign_negative(),
        currency: None,
        supports: vec![],
        extensions: Default::default(),
    }))
}

/// The task's links: its dependencies, and the links (or their unmapped
/// parts) to keep in its extensions; cross-project links are kept whole.
fn links(
    cx: &mut Ctx<'_, '_>,
    n: &Node<'_>,
    env: &TaskEnv<'_>,
) -> R<(Vec<Dependency>, Vec<Value>)> {
    let tree = cx.tree;
    let mut deps = Vec::new();
    let mut link_left = Vec::new();
    for (k, l) in tree.children_named(n.t, "PredecessorLink").enumerate() {
        let lp = format!("{}/PredecessorLink[{k}]", n.path);
        if cx.text(l, "CrossProject") == Some("1") {
            link_left.push(node_json(tree, l));
            cx.report
                .insert("PredecessorLink[CrossProject=1] (external) → task extensions".into());
            continue;
        }
        let (dep, left) = link(cx, l, &lp, n.uid, env)?;
        deps.push(dep);
        link_left.extend(left);
    }
    Ok((deps, link_left))
}

/// One `<PredecessorLink>` `l` of task UID `uid`: the dependency, and its
/// unmapped children (with its PredecessorUID) when there are any.
fn link(
    cx: &mut Ctx<'_, '_>,
    l: usize,
    lp: &str,
    uid: i64,
    env: &TaskEnv<'_>,
) -> R<(Dependency, Option<Value>)> {
    let tree = cx.tree;
    let Some(puid) = cx.int(l, "PredecessorUID", lp)? else {
        return Err(cx.fail(
            l,
            "missing_uid",
            "this link has no PredecessorUID".into(),
            lp,
        ));
    };
    let Some(pred) = env.task_ids.get(&puid) else {
        let c = tree.child(l, "PredecessorUID").unwrap_or(l);
        return Err(cx.fail(
            c,
            "unknown_uid",
            format!("task UID {uid} links to unknown task UID {puid}"),
            &format!("{lp}/PredecessorUID"),
        ));
    };
    let code = cx.int(l, "Type", lp)?.unwrap_or(1);
    let Some(link_type) = codes::link_type(code) else {
        let c = tree.child(l, "Type").unwrap_or(l);
        return Err(cx.fail(
            c,
            "unknown_link_type",
            format!("link type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)"),
            &format!("{lp}/Type"),
        ));
    };
    let mut lconsumed = vec!["PredecessorUID", "Type", "LinkLag"];
    let lag = link_lag(cx, l, lp, &mut lconsumed, env.scale)?;
    let dep = Dependency {
        predecessor: pred.clone(),
        link_type,
        lag,
    };
    let mut left = cx.leftovers(l, &lconsumed, "PredecessorLink");
    if left.is_empty() {
        return Ok((dep, None));
    }
    left.insert("PredecessorUID".into(), Value::String(puid.to_string()));
    Ok((dep, Some(Value::Object(left))))
}

/// A link's lag from `LinkLag` and `LagFormat` (none when zero). LinkLag
/// is a whole number of tenths of a minute (or a whole percentage) in
/// MSPDI; a fraction is rounded as the export writes it.
fn link_lag(
    cx: &Ctx<'_, '_>,
    l: usize,
    lp: &str,
    lconsumed: &mut Vec<&'static str>,
    scale: UnitScale,
) -> R<Option<Duration>> {
    let tenths = cx.dec(l, "LinkLag", lp)?.unwrap_or_default().round();
    let lag_fmt = cx.int(l, "LagFormat", lp)?.unwrap_or(7);
    if cx.text(l, "CrossProject") == Some("0") {
        lconsumed.push("CrossProject");
    }
    if tenths.is_zero() {
        // A zero lag in days (7, the default written back) is not data.
        if lag_fmt == 7 {
            lconsumed.push("LagFormat");
        }
        return Ok(None);
    }
    let Some((unit, elapsed)) = codes::format_unit(lag_fmt) else {
        let c = cx.tree.child(l, "LagFormat").unwrap_or(l);
        return Err(cx.fail(
            c,
            "bad_value",
            format!("unknown LagFormat {lag_fmt}"),
            &format!("{lp}/LagFormat"),
        ));
    };
    if unit == DurationUnit::Percent {
        // LinkLag holds the percentage itself. stratops has no elapsed
        // percentage, so LagFormat 20 stays in extensions.
        if !elapsed {
            lconsumed.push("LagFormat");
        }
        return Ok(Some(Duration {
            amount: tenths.normalize(),
            unit: DurationUnit::Percent,
            elapsed: false,
        }));
    }
    lconsumed.push("LagFormat");
    Ok(Some(codes::minutes_to_duration(
        tenths / Decimal::from(10),
        lag_fmt,
        scale,
    )))
}

/// A manually scheduled task (MS Project 2010+): its Start and Finish are
/// the entered dates (they stay in the extensions too, as MS Project
/// computed them). With StartText, FinishText or DurationText present, the
/// dates were never entered: a placeholder.
fn manual(cx: &Ctx<'_, '_>, n: &mut Node<'_>, kind: TaskKind) -> R<Option<stratops::Manual>> {
    let (t, path) = (n.t, n.path);
    if !(cx.flag(t, "Manual") && kind == TaskKind::Task) {
        return Ok(None);
    }
    n.consumed.push("Manual");
    Ok(Some(stratops::Manual {
        start: cx.datetime(t, "Start", path)?.map(DateOrTime::DateTime),
        finish: cx.datetime(t, "Finish", path)?.map(DateOrTime::DateTime),
        placeholder: ["StartText", "FinishText", "DurationText"]
            .iter()
            .any(|k| cx.tree.child(t, k).is_some()),
    }))
}

/// The task type, the effort-driven flag and the leveling priority.
fn type_fields(
    cx: &Ctx<'_, '_>,
    n: &mut Node<'_>,
) -> R<(Option<stratops::TaskType>, bool, Option<u32>)> {
    let (t, path) = (n.t, n.path);
    let task_type = match cx.int(t, "Type", path)? {
        Some(0) => Some(stratops::TaskType::FixedUnits),
        Some(1) => Some(stratops::TaskType::FixedDuration),
        Some(2) => Some(stratops::TaskType::FixedWork),
        _ => None,
    };
    if task_type.is_some() {
        n.consumed.push("Type");
    }
    let effort_driven = cx.flag(t, "EffortDriven");
    if matches!(cx.text(t, "EffortDriven"), Some("0") | Some("1")) {
        n.consumed.push("EffortDriven");
    }
    // The leveling priority: MS Project's default 500 stays in the
    // extensions (the model's absent priority means 500).
    let priority = match cx.int(t, "Priority", path)? {
        Some(p @ 0..=1000) if p != 500 => {
            n.consumed.push("Priority");
            Some(p as u32)
        }
        _ => None,
    };
    Ok((task_type, effort_driven, priority))
}

/// The task's unconsumed children, with the kept baselines and links.
fn task_leftovers(
    cx: &mut Ctx<'_, '_>,
    n: &Node<'_>,
    kept: Vec<Value>,
    link_left: Vec<Value>,
) -> Map<String, Value> {
    let mut left = cx.leftovers(n.t, &n.consumed, "Task");
    if !kept.is_empty() {
        left.insert("Baseline".into(), Value::Array(kept));
    }
    for l in link_left {
        push_value(&mut left, "PredecessorLink", l);
    }
    // PredecessorLink must stay an array so the exporter can merge by UID.
    if let Some(v) = left.get_mut("PredecessorLink") {
        if !v.is_array() {
            *v = Value::Array(vec![v.take()]);
        }
    }
    left
}
