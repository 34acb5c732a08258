//! Assignments of an MSPDI import.

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{Assignment, Raci, Task};

use super::{push_ext_array, Ctx, R, ROOT};
use crate::codes;
use crate::leftover::{children_json, node_json};
use crate::EXT;

/// Reads `<Assignments>`: a resource's becomes an assignment of its task
/// (its unmapped children kept in the task's extensions), a placeholder
/// one (no resource) stays whole in the task's extensions, and one of the
/// project summary task goes to the plan extensions `plan_ext`.
pub(super) fn import_assignments(
    cx: &mut Ctx<'_, '_>,
    tasks: &mut [Task],
    task_ids: &HashMap<i64, String>,
    res_ids: &HashMap<i64, String>,
    plan_ext: &mut Map<String, Value>,
) -> R<()> {
    let tree = cx.tree;
    let index: HashMap<String, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();
    let Some(asg) = tree.child(ROOT, "Assignments") else {
        return Ok(());
    };
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
                    v.push(node_json(tree, a));
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
        let mut left = match res_ids.get(&ruid) {
            Some(rid) => resource_assignment(cx, a, &path, &mut tasks[ti], rid)?,
            None if ruid == -65535 || ruid == 0 => {
                cx.report.insert(
                    "Assignment[ResourceUID=-65535 or 0] (no resource) → task extensions".into(),
                );
                children_json(tree, a, &["TaskUID", "ResourceUID"])
            }
            None => {
                return Err(cx.fail(
                    a,
                    "unknown_uid",
                    format!("assignment to unknown resource UID {ruid}"),
                    &format!("{path}/ResourceUID"),
                ));
            }
        };
        left.insert("ResourceUID".into(), Value::String(ruid.to_string()));
        push_ext_array(&mut tasks[ti].extensions, "Assignment", Value::Object(left));
    }
    Ok(())
}

/// Adds the assignment `a` of resource `rid` to `task`; returns its
/// unmapped children.
fn resource_assignment(
    cx: &mut Ctx<'_, '_>,
    a: usize,
    path: &str,
    task: &mut Task,
    rid: &str,
) -> R<Map<String, Value>> {
    let hours = cx
        .minutes(a, "Work", path)?
        .and_then(|m| (m / Decimal::from(60)).to_f64());
    // MS Project's default units are 100%.
    let units = match cx.dec(a, "Units", path)? {
        Some(u) => u.to_f64(),
        None => Some(1.0),
    };
    // ActualWork and RemainingWork equal to what the export derives (work ×
    // percent complete) are not kept twice.
    let pct = task
        .progress
        .as_ref()
        .map_or_else(|| "0".to_string(), |p| p.percent_complete.to_string())
        .parse::<Decimal>()
        .unwrap_or_default();
    let (aw, rw) = codes::derived_progress(cx.minutes(a, "Work", path)?, pct);
    let mut used = vec!["TaskUID", "ResourceUID", "Work", "Units"];
    if aw.is_some() && cx.minutes(a, "ActualWork", path)? == aw {
        used.push("ActualWork");
    }
    if rw.is_some() && cx.minutes(a, "RemainingWork", path)? == rw {
        used.push("RemainingWork");
    }
    // WorkContour 0 (flat) is the default, written back on export; an
    // unknown number stays in the extensions.
    let wc = cx.int(a, "WorkContour", path)?;
    let contour = wc.and_then(stratops::Contour::from_mspdi);
    if contour.is_some() {
        used.push("WorkContour");
    }
    let contour = contour.filter(|c| *c != stratops::Contour::Flat);
    let left = cx.leftovers(a, &used, "Assignment");
    // The work periods also stay in the extensions, with the UID and
    // display unit the model does not hold.
    let timephased = crate::timephased::periods(left.get("TimephasedData"));
    task.assignments.push(Assignment {
        resource: rid.to_string(),
        role: Raci::Responsible,
        hours,
        units,
        timephased,
        contour,
    });
    Ok(left)
}

/// The export writes a task's resource assignments, then the placeholder
/// ones (no resource): keep the task's list in that order, so import ->
/// export -> import is exact.
pub(super) fn order_placeholders(tasks: &mut [Task]) {
    for t in tasks {
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
            stratops::sort::by_key(a, placeholder);
        }
    }
}
