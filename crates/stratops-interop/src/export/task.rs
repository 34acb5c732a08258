//! Tasks, links and the outline of an MSPDI export.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{
    ConstraintType, CostKind, DateOrTime, Document, DurationUnit, Plan, Task, TaskKind, UnitScale,
};

use super::{fail, minutes_text, put, s, work_text, Cx, R};
use crate::codes;

/// Takes the kept assignment of `task` to resource `res` out of `pending`
/// (an empty one when none is kept).
pub(super) fn take_assignment(
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

/// The deepest outline level whose dotted `OutlineNumber` is written.
/// Deeper rows carry only their `OutlineLevel` (from which MS Project and
/// MPXJ derive the number), so the export is linear in the rows however
/// deep the WBS: a 20,000-level WBS would otherwise write 200 million
/// digits of outline numbers.
pub const MAX_OUTLINE_NUMBER_LEVEL: usize = 100;

/// One row of the exported outline.
pub(super) struct Row {
    pub(super) plan: usize,
    /// `None` for a plan's own summary row.
    pub(super) task: Option<usize>,
    pub(super) level: usize,
    /// The dotted `OutlineNumber`, or `None` below
    /// [`MAX_OUTLINE_NUMBER_LEVEL`] levels.
    pub(super) number: Option<String>,
    pub(super) has_children: bool,
}

/// Orders tasks depth-first (parents before children, siblings in document
/// order), iteratively, and numbers the outline.
pub(super) fn outline(doc: &Document, plan_rows: &[String]) -> R<Vec<Row>> {
    let mut rows = Vec::new();
    let offset = usize::from(!plan_rows.is_empty());
    let mut counters: Vec<usize> = Vec::new();
    let mut number = |level: usize| -> Option<String> {
        counters.truncate(level);
        while counters.len() < level {
            counters.push(0);
        }
        if let Some(last) = counters.last_mut() {
            *last += 1;
        }
        (level <= MAX_OUTLINE_NUMBER_LEVEL).then(|| {
            counters
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(".")
        })
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

/// One task being exported: where it sits and what it is written with.
pub(super) struct TaskCx<'a, 'd> {
    pub(super) cx: &'a Cx<'d>,
    pub(super) plan: &'a Plan,
    pub(super) t: &'a Task,
    pub(super) uid: i64,
    /// The row's `ID`: its 1-based position in the outline.
    pub(super) id_row: usize,
    pub(super) row: &'a Row,
    pub(super) path: &'a str,
}

/// Writes the mapped fields of a task over its leftovers `e`.
pub(super) fn task_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) -> R<()> {
    let (t, times, path) = (tcx.t, &tcx.cx.times, tcx.path);
    let is_summary = outline_fields(e, tcx);
    duration_fields(e, tcx, is_summary)?;
    type_fields(e, tcx);
    progress_fields(e, tcx);
    constraint_fields(e, tcx);
    if let Some(d) = t.deadline {
        put(e, "Deadline", s(times.finish(d)));
    }
    match &t.calendar {
        Some(c) => put(
            e,
            "CalendarUID",
            s(tcx.cx.uids.cal_of(c, &format!("{path}.calendar"))?),
        ),
        None => put(e, "CalendarUID", s(-1)),
    }
    if let Some(n) = &t.notes {
        put(e, "Notes", s(n));
    }
    fixed_cost_fields(e, tcx)
}

/// The row's identity and outline fields, `Summary` and `Milestone` (and
/// the `Duration` of a summary or milestone). Returns whether the task is
/// exported as a summary (a kept `Summary` 0 flag says no).
fn outline_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) -> bool {
    let (t, r) = (tcx.t, tcx.row);
    put(e, "UID", s(tcx.uid));
    put(e, "ID", s(tcx.id_row));
    put(e, "Name", s(&t.name));
    if let Some(number) = &r.number {
        put(e, "OutlineNumber", s(number));
    }
    put(e, "OutlineLevel", s(r.level));
    // A parent is a summary, unless the import kept an explicit flag.
    if !e.iter().any(|(k, _)| k == "Summary") {
        let summary = t.kind == TaskKind::Summary || r.has_children;
        put(e, "Summary", s(u8::from(summary)));
    }
    let is_summary = e
        .iter()
        .any(|(k, v)| k == "Summary" && matches!(v.as_str(), Some("1") | Some("true")));
    // A summary's duration is derived: its span in the schedule.
    if is_summary && !e.iter().any(|(k, _)| k == "Duration") {
        let m = tcx.cx.times.summary_min.get(&t.id).copied().unwrap_or(0);
        put(e, "Duration", minutes_text(Decimal::from(m)));
    }
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
    is_summary
}

/// A plain task's `Duration` and `DurationFormat` (zero in the "none"
/// format for a task without a duration).
fn duration_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>, is_summary: bool) -> R<()> {
    let t = tcx.t;
    // (Not when the import kept a DurationFormat of its own: that pair
    // would not read back as no duration.)
    if t.kind == TaskKind::Task
        && t.duration.is_none()
        && !is_summary
        && !e
            .iter()
            .any(|(k, _)| k == "Duration" || k == "DurationFormat")
    {
        // MS Project needs a Duration on every task: zero, in the "none"
        // format, which the import reads back as no duration.
        put(e, "Duration", s("PT0H0M0S"));
        put(e, "DurationFormat", s(codes::NO_DURATION_FORMAT));
    }
    if t.kind != TaskKind::Task {
        return Ok(());
    }
    let Some(d) = &t.duration else {
        return Ok(());
    };
    let scale = tcx.cx.scale;
    let at = format!("{}.duration", tcx.path);
    if d.unit == DurationUnit::Percent {
        return Err(fail(
            "bad_value",
            format!("task {:?} has a percentage duration", t.id),
            &at,
        ));
    }
    if d.is_negative() {
        return Err(fail(
            "negative_duration",
            format!("task {:?} has a negative duration", t.id),
            &at,
        ));
    }
    let Some(m) = codes::duration_minutes(d, scale) else {
        return Err(fail(
            "bad_value",
            format!("the duration of task {:?} overflows", t.id),
            &at,
        ));
    };
    put(e, "Duration", minutes_text(m));
    // Keep MS Project's "estimated" variant (code + 32) when flagged.
    let estimated = e
        .iter()
        .any(|(k, v)| k == "Estimated" && v.as_str() == Some("1"));
    let code = codes::unit_format(d.unit, d.elapsed) + if estimated { 32 } else { 0 };
    // An unknown format code kept by the import stays when it reads back
    // as this very duration.
    let kept = e.iter().any(|(k, v)| {
        k == "DurationFormat"
            && v.as_str()
                .and_then(|c| c.trim().parse::<i64>().ok())
                .is_some_and(|c| {
                    codes::format_unit(c).is_none() && codes::minutes_to_duration(m, c, scale) == *d
                })
    });
    if !kept {
        put(e, "DurationFormat", s(code));
    }
    Ok(())
}

/// The task type, effort-driven flag, priority and manual scheduling.
fn type_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) {
    let (t, times) = (tcx.t, &tcx.cx.times);
    if let Some(tt) = t.task_type {
        let code = match tt {
            stratops::TaskType::FixedUnits => 0,
            stratops::TaskType::FixedDuration => 1,
            stratops::TaskType::FixedWork => 2,
        };
        put(e, "Type", s(code));
    }
    if t.effort_driven {
        put(e, "EffortDriven", s(1));
    }
    if let Some(p) = t.priority {
        put(e, "Priority", s(p));
    }
    if let Some(m) = &t.manual {
        put(e, "Manual", s(1));
        if let Some(d) = m.start {
            put(e, "Start", s(times.start(d)));
        }
        if let Some(d) = m.finish {
            put(e, "Finish", s(times.finish(d)));
        }
        // MS Project marks a task whose dates were never entered by its
        // text fields.
        if m.placeholder
            && !["StartText", "FinishText", "DurationText"]
                .iter()
                .any(|k| e.iter().any(|(n, _)| n == k))
        {
            put(e, "StartText", s(""));
        }
    }
}

/// The progress fields, with `ActualDuration` and `RemainingDuration`
/// derived unless kept.
fn progress_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) {
    let (t, times, scale) = (tcx.t, &tcx.cx.times, tcx.cx.scale);
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
    // MS Project writes ActualDuration and RemainingDuration on every task
    // (and MPXJ's scheduler needs them): derived here unless kept.
    let pct_text = t
        .progress
        .as_ref()
        .map_or_else(|| "0".to_string(), |p| p.percent_complete.to_string());
    let pct = pct_text.parse::<Decimal>().unwrap_or_default();
    // Derived from the Duration written above (or kept), as the import
    // derives them from the Duration it reads.
    let dur = e
        .iter()
        .find(|(k, _)| k == "Duration")
        .and_then(|(_, v)| v.as_str())
        .and_then(codes::parse_iso_minutes);
    let (actual, remaining) = codes::derived_progress(dur, pct);
    if let Some(a) = actual {
        if !e.iter().any(|(k, _)| k == "ActualDuration") {
            put(e, "ActualDuration", minutes_text(a));
        }
    }
    if let Some(rm) = remaining {
        if !e.iter().any(|(k, _)| k == "RemainingDuration") {
            put(e, "RemainingDuration", minutes_text(rm));
        }
    }
}

/// `ConstraintType` and `ConstraintDate`: a task of a plan starting after
/// the project start (several plans) without a constraint of its own
/// starts no earlier than its plan.
fn constraint_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) {
    let (plan, t, times) = (tcx.plan, tcx.t, &tcx.cx.times);
    let later_plan = times.multi_start.is_some_and(|ps| {
        plan.horizon.start > ps && !tcx.row.has_children && t.kind != TaskKind::Summary
    });
    match &t.constraint {
        None
        | Some(stratops::Constraint {
            kind: ConstraintType::ASAP,
            ..
        }) if later_plan => {
            put(e, "ConstraintType", s(4));
            let at = match &plan.start_time {
                Some(st) => format!("{}T{st}:00", plan.horizon.start),
                None => format!("{}T{}", plan.horizon.start, times.start),
            };
            put(e, "ConstraintDate", s(at));
        }
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
}

/// `FixedCost` (in hundredths: the sum of the task's fixed cost lines) and
/// the accrual of the first of them.
fn fixed_cost_fields(e: &mut Vec<(String, Value)>, tcx: &TaskCx<'_, '_>) -> R<()> {
    let t = tcx.t;
    let fixed: Vec<_> = tcx
        .plan
        .costs
        .iter()
        .filter(|c| c.kind == CostKind::Fixed && c.task.as_deref() == Some(t.id.as_str()))
        .collect();
    let overflow = || {
        fail(
            "bad_value",
            format!("the fixed costs of task {:?} overflow", t.id),
            tcx.path,
        )
    };
    let mut total = Decimal::ZERO;
    for m in fixed.iter().filter_map(|c| c.amount) {
        total = total.checked_add(m.0).ok_or_else(overflow)?;
    }
    let hundredths = total.checked_mul(Decimal::from(100)).ok_or_else(overflow)?;
    put(e, "FixedCost", s(hundredths.normalize()));
    if let Some(c) = fixed.first() {
        put(e, "FixedCostAccrual", s(codes::accrual_code(c.accrual)));
    }
    Ok(())
}

/// The `PredecessorLink`s of a task: each dependency merged with the kept
/// link of the same predecessor, then the kept cross-project links.
pub(super) fn task_links(
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
                let Some(tenths) = mins.checked_mul(Decimal::from(10)) else {
                    return Err(fail(
                        "bad_value",
                        format!("a lag of task {:?} overflows", t.id),
                        &format!("{path}.dependencies[{k}].lag"),
                    ));
                };
                m.insert("LinkLag".into(), s(tenths.round()));
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

/// The task's `<Baseline>` elements: each of its plan's baselines that
/// lists it (Number, Start, Finish, Duration, Work, Cost), merged with the
/// kept children of the same Number; kept elements of other numbers follow
/// as they were.
pub(super) fn task_baselines(
    e: &mut Vec<(String, Value)>,
    plan: &Plan,
    t: &Task,
    kept: Option<Value>,
    scale: UnitScale,
    path: &str,
) -> R<()> {
    let mut kept: Vec<Map<String, Value>> = match kept {
        Some(Value::Array(a)) => a
            .into_iter()
            .filter_map(|v| match v {
                Value::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        Some(Value::Object(m)) => vec![m],
        _ => Vec::new(),
    };
    let mut out: Vec<Value> = Vec::new();
    for b in &plan.baselines {
        let Some(bt) = b.tasks.iter().find(|bt| bt.task == t.id) else {
            continue;
        };
        let number = b.number.to_string();
        let mut m = match kept
            .iter()
            .position(|k| k.get("Number").and_then(Value::as_str) == Some(number.as_str()))
        {
            Some(i) => kept.remove(i),
            None => Map::new(),
        };
        m.insert("Number".into(), s(&number));
        let at = |d: DateOrTime, finish: bool| {
            let v = if finish { d.as_finish() } else { d.as_start() };
            s(v.0.format("%Y-%m-%dT%H:%M:%S"))
        };
        if let Some(d) = bt.start {
            m.insert("Start".into(), at(d, false));
        }
        if let Some(d) = bt.finish {
            m.insert("Finish".into(), at(d, true));
        }
        if let Some(d) = bt
            .duration
            .as_ref()
            .and_then(|d| codes::duration_minutes(d, scale))
        {
            m.insert("Duration".into(), minutes_text(d));
        }
        if let Some(h) = bt.work_hours {
            m.insert("Work".into(), s(work_text(h)));
        }
        if let Some(c) = bt.cost {
            let hundredths = c.0.checked_mul(Decimal::from(100)).ok_or_else(|| {
                fail(
                    "bad_value",
                    format!("the baseline {number} cost of task {:?} overflows", t.id),
                    path,
                )
            })?;
            m.insert("Cost".into(), s(hundredths.normalize()));
        }
        out.push(Value::Object(m));
    }
    out.extend(kept.into_iter().map(Value::Object));
    if !out.is_empty() {
        put(e, "Baseline", Value::Array(out));
    }
    Ok(())
}
