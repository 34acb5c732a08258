//! Ids: every entity's id indexed once (`empty_id`, `duplicate_id`), and
//! the reference check every other validator uses.

use super::{Ctx, STANDARD};
use crate::error::Severity;
use crate::index::{EntityKind, EntityRef, Index};
use crate::model::Document;

/// Indexes one id; returns whether it names this entity (not an earlier
/// duplicate). Paths are formatted only for diagnostics: a valid document
/// with a million tasks allocates none.
fn add(
    cx: &mut Ctx,
    ix: &mut Index,
    id: &str,
    kind: EntityKind,
    dense: usize,
    path: &dyn Fn() -> String,
) -> bool {
    if id.is_empty() {
        cx.err(
            "empty_id",
            id,
            path(),
            format!("a {} has an empty id", kind.name()),
        );
        return false;
    }
    match ix.ids.insert(
        id,
        EntityRef {
            kind,
            dense: dense as u32,
        },
    ) {
        Err(prev) => {
            let (prev, path) = (entity_path(ix, prev), path());
            cx.push(
                Severity::Error,
                "duplicate_id",
                Some(id),
                path.clone(),
                format!("id {id:?} is used twice: at {prev} and at {path}"),
                vec![prev],
            );
            false
        }
        Ok(()) => true,
    }
}

/// Indexes every id of the document in document order; returns, per task,
/// whether its id names it.
pub(super) fn index_ids(cx: &mut Ctx, ix: &mut Index, doc: &Document) -> Vec<bool> {
    ix.ids.reserve(
        doc.calendars.len()
            + doc.resources.len()
            + doc
                .plans
                .iter()
                .map(|p| {
                    1 + p.goals.len() + p.kpis.len() + p.tasks.len() + p.costs.len() + p.risks.len()
                })
                .sum::<usize>(),
    );
    let mut task_mine: Vec<bool> = Vec::new();
    for (i, c) in doc.calendars.iter().enumerate() {
        add(cx, ix, &c.id, EntityKind::Calendar, i, &|| {
            format!("calendars[{i}]")
        });
    }
    for (i, r) in doc.resources.iter().enumerate() {
        add(cx, ix, &r.id, EntityKind::Resource, i, &|| {
            format!("resources[{i}]")
        });
    }
    for (p, plan) in doc.plans.iter().enumerate() {
        add(cx, ix, &plan.id, EntityKind::Plan, p, &|| {
            format!("plans[{p}]")
        });
        let pu = p as u32;
        for (i, g) in plan.goals.iter().enumerate() {
            let d = ix.goals.len();
            ix.goals.push((pu, i as u32));
            add(cx, ix, &g.id, EntityKind::Goal, d, &|| {
                format!("plans[{p}].goals[{i}]")
            });
        }
        for (i, k) in plan.kpis.iter().enumerate() {
            let d = ix.kpis.len();
            ix.kpis.push((pu, i as u32));
            add(cx, ix, &k.id, EntityKind::Kpi, d, &|| {
                format!("plans[{p}].kpis[{i}]")
            });
        }
        for (i, t) in plan.tasks.iter().enumerate() {
            let d = ix.tasks.len();
            ix.tasks.push((pu, i as u32));
            // whether the id names this task (not an earlier duplicate)
            task_mine.push(add(cx, ix, &t.id, EntityKind::Task, d, &|| {
                format!("plans[{p}].tasks[{i}]")
            }));
        }
        for (i, c) in plan.costs.iter().enumerate() {
            let d = ix.costs.len();
            ix.costs.push((pu, i as u32));
            add(cx, ix, &c.id, EntityKind::Cost, d, &|| {
                format!("plans[{p}].costs[{i}]")
            });
        }
        for (i, r) in plan.risks.iter().enumerate() {
            let d = ix.risks.len();
            ix.risks.push((pu, i as u32));
            add(cx, ix, &r.id, EntityKind::Risk, d, &|| {
                format!("plans[{p}].risks[{i}]")
            });
        }
    }
    task_mine
}

/// Checks that `target` names an entity of `kind`; returns its dense index.
/// The path is built only when a diagnostic is pushed: most references
/// resolve, and formatting a path for each would dominate large documents.
pub(super) fn check_ref(
    cx: &mut Ctx,
    ix: &Index,
    from: &str,
    path: &dyn Fn() -> String,
    target: &str,
    kind: EntityKind,
    what: &str,
) -> Option<u32> {
    if kind == EntityKind::Calendar && target == STANDARD && ix.get(target).is_none() {
        return None;
    }
    match ix.get(target) {
        Some(r) if r.kind == kind => Some(r.dense),
        Some(r) => {
            cx.push(
                Severity::Error,
                "wrong_reference_kind",
                Some(from),
                path(),
                format!(
                    "{from:?} names {what} {target:?}, but {target:?} is a {}, not a {}",
                    r.kind.name(),
                    kind.name()
                ),
                vec![target.to_string()],
            );
            None
        }
        None => {
            cx.push(
                Severity::Error,
                "dangling_reference",
                Some(from),
                path(),
                format!("{from:?} names {what} {target:?}, which does not exist"),
                vec![target.to_string()],
            );
            None
        }
    }
}

/// The JSON path of an indexed entity.
fn entity_path(ix: &Index, r: EntityRef) -> String {
    let d = r.dense as usize;
    let loc = |v: &[(u32, u32)], what: &str| {
        let (p, i) = v[d];
        format!("plans[{p}].{what}[{i}]")
    };
    match r.kind {
        EntityKind::Calendar => format!("calendars[{d}]"),
        EntityKind::Resource => format!("resources[{d}]"),
        EntityKind::Plan => format!("plans[{d}]"),
        EntityKind::Goal => loc(&ix.goals, "goals"),
        EntityKind::Kpi => loc(&ix.kpis, "kpis"),
        EntityKind::Task => loc(&ix.tasks, "tasks"),
        EntityKind::Cost => loc(&ix.costs, "costs"),
        EntityKind::Risk => loc(&ix.risks, "risks"),
    }
}
