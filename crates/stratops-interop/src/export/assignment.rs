//! Assignments of an MSPDI export.

use std::collections::HashSet;

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::Assignment;

use super::task::{take_assignment, TaskCx};
use super::{element, fail, minutes_text, s, work_text, write_kept, Cx, R};
use crate::{codes, SUMMARY_ASSIGNMENTS};

/// The assignments gathered while the tasks are written.
#[derive(Default)]
pub(super) struct Gathered {
    /// The assignments of resources, in task order.
    assignments: Vec<Vec<(String, Value)>>,
    /// The kept assignment UIDs already taken by those.
    used: HashSet<i64>,
    /// Kept assignments not yet matched, with their task's UID.
    pub(super) pending: Vec<(i64, Map<String, Value>)>,
}

/// Gathers the `<Assignment>` of a task's assignment `a`: the kept one of
/// the same task and resource, with the mapped fields written over it.
pub(super) fn task_assignment(
    tcx: &TaskCx<'_, '_>,
    a: &Assignment,
    gathered: &mut Gathered,
) -> R<()> {
    let (t, uid) = (tcx.t, tcx.uid);
    let Some(&ruid) = tcx.cx.uids.res.get(&a.resource) else {
        return Err(fail(
            "unknown_id",
            format!(
                "task {:?} is assigned unknown resource {:?}",
                t.id, a.resource
            ),
            tcx.path,
        ));
    };
    let mut m = take_assignment(&mut gathered.pending, uid, ruid);
    if let Some(u) = m
        .get("UID")
        .and_then(Value::as_str)
        .and_then(|u| u.parse().ok())
    {
        gathered.used.insert(u);
    }
    m.insert("TaskUID".into(), s(uid));
    m.insert("ResourceUID".into(), s(ruid));
    if let Some(h) = a.hours {
        m.insert("Work".into(), s(work_text(h)));
    } else if a.units.is_none() && !m.contains_key("Work") {
        // A plan's assignment with neither hours nor units: MS Project's
        // default, 100% over the task's duration, so clients schedule it
        // as stratops does.
        let mins = t
            .duration
            .as_ref()
            .filter(|_| t.kind == stratops::TaskKind::Task)
            .and_then(|d| codes::duration_minutes(d, tcx.cx.scale))
            .unwrap_or_default();
        m.insert("Work".into(), minutes_text(mins));
    }
    // MS Project writes Units on every assignment (100% when the plan says
    // nothing).
    m.insert("Units".into(), s(a.units.unwrap_or(1.0)));
    progress_work(&mut m, tcx);
    crate::timephased::write_back(&mut m, &a.timephased);
    if !m.contains_key("WorkContour") {
        let c = a.contour.unwrap_or(stratops::Contour::Flat);
        m.insert("WorkContour".into(), s(c.mspdi()));
    }
    gathered.assignments.push(m.into_iter().collect());
    Ok(())
}

/// MS Project writes ActualWork and RemainingWork on every assignment (and
/// MPXJ needs them): derived from the work and the task's percent complete
/// unless kept.
fn progress_work(m: &mut Map<String, Value>, tcx: &TaskCx<'_, '_>) {
    let pct = tcx
        .t
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
}

/// Writes `<Assignments>`: the gathered ones (numbered after the largest
/// kept UID when they have none), the kept placeholder ones (no resource)
/// and the kept ones of the project summary task.
pub(super) fn write_assignments(out: &mut String, cx: &Cx<'_>, gathered: Gathered) -> R<()> {
    let Gathered {
        assignments,
        used,
        pending,
    } = gathered;
    out.push_str("\t<Assignments>\n");
    let mut next_uid = pending
        .iter()
        .filter_map(|(_, m)| {
            m.get("UID")
                .and_then(Value::as_str)
                .and_then(|u| u.parse::<i64>().ok())
        })
        .chain(used.iter().copied())
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    for mut a in assignments {
        if !a.iter().any(|(k, _)| k == "UID") {
            a.push(("UID".into(), s(next_uid)));
            next_uid = next_uid.saturating_add(1);
        }
        element(out, 2, "Assignment", a)?;
    }
    // Placeholder assignments (no resource) kept from an import.
    for (uid, mut m) in pending {
        let r = m
            .get("ResourceUID")
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<i64>().ok());
        if matches!(r, Some(-65535) | Some(0)) {
            m.insert("TaskUID".into(), s(uid));
            element(out, 2, "Assignment", m.into_iter().collect())?;
        }
    }
    if let Some(Value::Array(a)) = cx.first.extensions.get(SUMMARY_ASSIGNMENTS) {
        for v in a {
            write_kept(out, 2, "Assignment", v, "assignment extensions")?;
        }
    }
    out.push_str("\t</Assignments>\n");
    Ok(())
}
