//! Each family of edits (tasks, dependencies, progress, costs, resources,
//! assignments and goals) as one function: how it changes the document and
//! the inverses it records. [`super::ops::apply`] dispatches to them.

use serde_json::{Map, Value};

use super::ops::{err, find_in, patch, plan_for, unknown, Edit, Entity, Inverse, Locator, Slot};
use crate::model::{Dependency, Document, Measurement};
use crate::Error;

/// A dispatch that reached the wrong family (a bug, never the input).
fn misrouted(edit: &Edit) -> Result<(), Error> {
    Err(Error::calc(
        crate::error::codes::INTERNAL,
        None,
        format!("{} reached the wrong edit family", edit.op()),
    ))
}

/// Applies an edit of tasks.
pub(super) fn task_edit(
    doc: &mut Document,
    edit: &Edit,
    loc: &mut Locator<'_>,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddTask { plan, task } => {
            if loc.find(doc, &task.id).is_some() {
                return Err(err(
                    "duplicate_id",
                    &task.id,
                    format!("a task {:?} exists", task.id),
                ));
            }
            let p = plan_for(doc, plan.as_deref(), "task")?;
            doc.plans[p].tasks.push((**task).clone());
            let i = doc.plans[p].tasks.len() - 1;
            inv.push(Inverse::Remove(Slot::Task(p, i)));
            loc.added(&task.id, p, i);
            Ok(())
        }
        Edit::RemoveTask { id, remove_links } => {
            let (p, i) = loc.task(doc, id)?;
            let children = doc
                .plans
                .iter()
                .flat_map(|pl| &pl.tasks)
                .any(|t| t.parent.as_deref() == Some(id));
            if children {
                return Err(err(
                    "task_has_children",
                    id,
                    format!("{id:?} has child tasks; remove them first"),
                ));
            }
            let dependents: Vec<(usize, usize)> = doc
                .plans
                .iter()
                .enumerate()
                .flat_map(|(pp, pl)| pl.tasks.iter().enumerate().map(move |(ii, t)| (pp, ii, t)))
                .filter(|(_, _, t)| t.dependencies.iter().any(|d| &d.predecessor == id))
                .map(|(pp, ii, _)| (pp, ii))
                .collect();
            if !dependents.is_empty() && !remove_links {
                let first = &doc.plans[dependents[0].0].tasks[dependents[0].1].id;
                return Err(err(
                    "task_has_dependents",
                    id,
                    format!("{first:?} (and {} other task(s)) depend on {id:?}; remove those links, or pass remove_links", dependents.len() - 1),
                ));
            }
            for &(pp, ii) in &dependents {
                let t = &mut doc.plans[pp].tasks[ii];
                inv.push(Inverse::Replace(
                    Slot::Task(pp, ii),
                    Entity::Task(Box::new(t.clone())),
                ));
                t.dependencies.retain(|d| &d.predecessor != id);
            }
            let old = doc.plans[p].tasks.remove(i);
            inv.push(Inverse::Insert(
                Slot::Task(p, i),
                Entity::Task(Box::new(old)),
            ));
            loc.moved();
            Ok(())
        }
        Edit::UpdateTask { id, set } => {
            let (p, i) = loc.task(doc, id)?;
            let new = patch(&doc.plans[p].tasks[i], set, id)?;
            let old = std::mem::replace(&mut doc.plans[p].tasks[i], new);
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(old)),
            ));
            Ok(())
        }
        _ => misrouted(edit),
    }
}

/// Applies an edit of dependencies.
pub(super) fn dependency_edit(
    doc: &mut Document,
    edit: &Edit,
    loc: &mut Locator<'_>,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddDependency {
            successor,
            predecessor,
            link_type,
            lag,
        } => {
            let (p, i) = loc.task(doc, successor)?;
            loc.task(doc, predecessor)?;
            let t = &doc.plans[p].tasks[i];
            if t.dependencies.iter().any(|d| &d.predecessor == predecessor) {
                return Err(err(
                    "duplicate_dependency",
                    successor,
                    format!("{successor:?} already depends on {predecessor:?}"),
                ));
            }
            let t = &mut doc.plans[p].tasks[i];
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(t.clone())),
            ));
            t.dependencies.push(Dependency {
                predecessor: predecessor.clone(),
                link_type: link_type.unwrap_or_default(),
                lag: *lag,
            });
            Ok(())
        }
        Edit::RemoveDependency {
            successor,
            predecessor,
        }
        | Edit::UpdateDependency {
            successor,
            predecessor,
            ..
        } => {
            let (p, i) = loc.task(doc, successor)?;
            let Some(at) = doc.plans[p].tasks[i]
                .dependencies
                .iter()
                .position(|d| &d.predecessor == predecessor)
            else {
                return Err(err(
                    "no_such_dependency",
                    successor,
                    format!("{successor:?} does not depend on {predecessor:?}"),
                ));
            };
            let new_dep = match edit {
                Edit::UpdateDependency { set, .. } => Some(patch(
                    &doc.plans[p].tasks[i].dependencies[at],
                    set,
                    successor,
                )?),
                _ => None,
            };
            let t = &mut doc.plans[p].tasks[i];
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(t.clone())),
            ));
            match new_dep {
                Some(d) if d.predecessor == *predecessor => t.dependencies[at] = d,
                Some(_) => {
                    // put the task back before refusing
                    if let Some(Inverse::Replace(_, Entity::Task(old))) = inv.pop() {
                        *t = *old;
                    }
                    return Err(err(
                        "bad_edit",
                        successor,
                        "updateDependency may not change the predecessor",
                    ));
                }
                None => drop(t.dependencies.remove(at)),
            }
            Ok(())
        }
        _ => misrouted(edit),
    }
}

/// Applies an edit of progress and measurements.
pub(super) fn progress_edit(
    doc: &mut Document,
    edit: &Edit,
    loc: &mut Locator<'_>,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::SetProgress {
            id,
            percent_complete,
            actual_start,
            actual_finish,
            remaining,
        } => {
            let (p, i) = loc.task(doc, id)?;
            let mut set = Map::new();
            for (k, v) in [
                ("percent_complete", percent_complete),
                ("actual_start", actual_start),
                ("actual_finish", actual_finish),
                ("remaining", remaining),
            ] {
                if let Some(v) = v {
                    set.insert(k.to_string(), v.clone());
                }
            }
            let task = &doc.plans[p].tasks[i];
            // `None` (no progress yet) is `null`: start from an empty object
            let mut progress = match &task.progress {
                Some(p) => Value::Object(super::ops::json_object(p).unwrap_or_default()),
                None => Value::Object(Map::new()),
            };
            if let Value::Object(o) = &mut progress {
                for (k, v) in set {
                    if v.is_null() {
                        o.remove(&k);
                    } else {
                        o.insert(k, v);
                    }
                }
                o.entry("percent_complete").or_insert(Value::from(0));
            }
            let mut whole = Map::new();
            whole.insert("progress".into(), progress);
            let new = patch(task, &whole, id)?;
            let old = std::mem::replace(&mut doc.plans[p].tasks[i], new);
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(old)),
            ));
            Ok(())
        }
        Edit::SetMeasurement {
            kpi,
            date,
            value,
            denominator,
            note,
        } => {
            let (p, i) =
                find_in(doc, kpi, |p| &p.kpis, |k| &k.id).ok_or_else(|| unknown("KPI", kpi))?;
            let k = &mut doc.plans[p].kpis[i];
            inv.push(Inverse::Replace(
                Slot::Kpi(p, i),
                Entity::Kpi(Box::new(k.clone())),
            ));
            let m = Measurement {
                date: *date,
                value: *value,
                denominator: *denominator,
                note: note.clone(),
            };
            match k.measurements.iter().position(|x| x.date == *date) {
                Some(at) => k.measurements[at] = m,
                None => {
                    let at = k
                        .measurements
                        .iter()
                        .take_while(|x| x.date <= *date)
                        .count();
                    k.measurements.insert(at, m);
                }
            }
            Ok(())
        }
        _ => misrouted(edit),
    }
}

/// Applies an edit of cost lines.
pub(super) fn cost_edit(
    doc: &mut Document,
    edit: &Edit,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddCost { plan, cost } => {
            if find_in(doc, &cost.id, |p| &p.costs, |c| &c.id).is_some() {
                return Err(err(
                    "duplicate_id",
                    &cost.id,
                    format!("a cost line {:?} exists", cost.id),
                ));
            }
            let p = plan_for(doc, plan.as_deref(), "cost line")?;
            doc.plans[p].costs.push((**cost).clone());
            inv.push(Inverse::Remove(Slot::Cost(p, doc.plans[p].costs.len() - 1)));
            Ok(())
        }
        Edit::RemoveCost { id } => {
            let (p, i) = find_in(doc, id, |p| &p.costs, |c| &c.id)
                .ok_or_else(|| unknown("cost line", id))?;
            let old = doc.plans[p].costs.remove(i);
            inv.push(Inverse::Insert(
                Slot::Cost(p, i),
                Entity::Cost(Box::new(old)),
            ));
            Ok(())
        }
        Edit::UpdateCost { id, set } => {
            let (p, i) = find_in(doc, id, |p| &p.costs, |c| &c.id)
                .ok_or_else(|| unknown("cost line", id))?;
            let new = patch(&doc.plans[p].costs[i], set, id)?;
            let old = std::mem::replace(&mut doc.plans[p].costs[i], new);
            inv.push(Inverse::Replace(
                Slot::Cost(p, i),
                Entity::Cost(Box::new(old)),
            ));
            Ok(())
        }
        _ => misrouted(edit),
    }
}

/// Applies an edit of resources.
pub(super) fn resource_edit(
    doc: &mut Document,
    edit: &Edit,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddResource { resource } => {
            if doc.resources.iter().any(|r| r.id == resource.id) {
                return Err(err(
                    "duplicate_id",
                    &resource.id,
                    format!("a resource {:?} exists", resource.id),
                ));
            }
            doc.resources.push((**resource).clone());
            inv.push(Inverse::Remove(Slot::Resource(doc.resources.len() - 1)));
            Ok(())
        }
        Edit::RemoveResource { id } => {
            let i = doc
                .resources
                .iter()
                .position(|r| &r.id == id)
                .ok_or_else(|| unknown("resource", id))?;
            let old = doc.resources.remove(i);
            inv.push(Inverse::Insert(
                Slot::Resource(i),
                Entity::Resource(Box::new(old)),
            ));
            Ok(())
        }
        Edit::UpdateResource { id, set } => {
            let i = doc
                .resources
                .iter()
                .position(|r| &r.id == id)
                .ok_or_else(|| unknown("resource", id))?;
            let new = patch(&doc.resources[i], set, id)?;
            let old = std::mem::replace(&mut doc.resources[i], new);
            inv.push(Inverse::Replace(
                Slot::Resource(i),
                Entity::Resource(Box::new(old)),
            ));
            Ok(())
        }
        _ => misrouted(edit),
    }
}

/// Applies an edit of assignments and goals.
pub(super) fn assignment_edit(
    doc: &mut Document,
    edit: &Edit,
    loc: &mut Locator<'_>,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddAssignment { task, assignment } => {
            let (p, i) = loc.task(doc, task)?;
            let t = &mut doc.plans[p].tasks[i];
            if t.assignments
                .iter()
                .any(|a| a.resource == assignment.resource)
            {
                return Err(err(
                    "duplicate_assignment",
                    task,
                    format!("{task:?} already has {:?} assigned", assignment.resource),
                ));
            }
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(t.clone())),
            ));
            t.assignments.push(assignment.clone());
            Ok(())
        }
        Edit::RemoveAssignment { task, resource }
        | Edit::UpdateAssignment { task, resource, .. } => {
            let (p, i) = loc.task(doc, task)?;
            let Some(at) = doc.plans[p].tasks[i]
                .assignments
                .iter()
                .position(|a| &a.resource == resource)
            else {
                return Err(err(
                    "no_such_assignment",
                    task,
                    format!("{task:?} has no assignment of {resource:?}"),
                ));
            };
            let new = match edit {
                Edit::UpdateAssignment { set, .. } => {
                    let a = patch(&doc.plans[p].tasks[i].assignments[at], set, task)?;
                    if &a.resource != resource {
                        return Err(err(
                            "bad_edit",
                            task,
                            "updateAssignment may not change the resource",
                        ));
                    }
                    Some(a)
                }
                _ => None,
            };
            let t = &mut doc.plans[p].tasks[i];
            inv.push(Inverse::Replace(
                Slot::Task(p, i),
                Entity::Task(Box::new(t.clone())),
            ));
            match new {
                Some(a) => t.assignments[at] = a,
                None => drop(t.assignments.remove(at)),
            }
            Ok(())
        }
        Edit::UpdateGoal { id, set } => {
            let (p, i) =
                find_in(doc, id, |p| &p.goals, |g| &g.id).ok_or_else(|| unknown("goal", id))?;
            let new = patch(&doc.plans[p].goals[i], set, id)?;
            let old = std::mem::replace(&mut doc.plans[p].goals[i], new);
            inv.push(Inverse::Replace(
                Slot::Goal(p, i),
                Entity::Goal(Box::new(old)),
            ));
            Ok(())
        }
        _ => misrouted(edit),
    }
}
