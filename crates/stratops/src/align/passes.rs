//! The passes of the alignment report: goal flags (measured, worked,
//! laddering), task support down the WBS, the task pass (unaligned tasks,
//! hours, RACI), cost lines, the goal pass (coverage, SMART), stale KPIs
//! and the hours share.

use std::collections::BTreeSet;

use super::{blank, HoursShare, Item, RaciViolation, SmartFailure, StaleKpi};
use crate::explain::Explanation;
use crate::index::{EntityKind, Index, NONE};
use crate::model::{Document, Plan, PlanKind, Raci, Task, TaskKind};
use crate::values::{cadence_days, Date};
use crate::Model;

/// The model, its document and index, and the lookups every pass shares.
pub(super) struct Cx<'a> {
    model: &'a Model,
    doc: &'a Document,
    ix: &'a Index,
}

impl<'a> Cx<'a> {
    /// The context of a model.
    pub(super) fn new(model: &'a Model) -> Self {
        Cx {
            model,
            doc: model.document(),
            ix: model.index(),
        }
    }

    /// The plan goal `g` belongs to.
    fn goal_plan(&self, g: usize) -> &'a Plan {
        &self.doc.plans[self.ix.goals[g].0 as usize]
    }

    /// The dense index of a goal id, if it names a goal.
    pub(super) fn gid(&self, id: &str) -> Option<usize> {
        self.ix.of_kind(id, EntityKind::Goal).map(|g| g as usize)
    }

    /// Goal `g` as a report item.
    fn item_goal(&self, g: usize) -> Item {
        let goal = self.model.goal(g as u32);
        Item {
            id: goal.id.clone(),
            plan: self.goal_plan(g).id.clone(),
            name: goal.name.clone(),
            owner: goal.owner.clone(),
        }
    }
}

/// Per goal: whether a KPI measures it, work supports it and it ladders up
/// to strategy (each transitively over contributions).
pub(super) struct GoalFlags {
    pub(super) measured: Vec<bool>,
    pub(super) worked: Vec<bool>,
    pub(super) ladders: Vec<bool>,
}

/// Computes the goal flags: direct KPI links and work, spread from
/// contributors to the goals they feed, then laddering in reverse order.
pub(super) fn goal_flags(cx: &Cx) -> GoalFlags {
    let mut measured = kpi_linked(cx);
    let mut worked = work_named(cx);
    for &g in &cx.ix.goal_order {
        let g = g as usize;
        for l in &cx.model.goal(g as u32).contributes_to {
            if let Some(t) = cx.gid(&l.goal) {
                measured[t] |= measured[g];
                worked[t] |= worked[g];
            }
        }
    }
    GoalFlags {
        measured,
        worked,
        ladders: laddering(cx),
    }
}

/// Goals a KPI links to directly.
fn kpi_linked(cx: &Cx) -> Vec<bool> {
    let mut measured = vec![false; cx.ix.goals.len()];
    for k in 0..cx.ix.kpis.len() {
        for l in &cx.model.kpi(k as u32).goals {
            if let Some(g) = cx.gid(&l.goal) {
                measured[g] = true;
            }
        }
    }
    measured
}

/// Goals a task or cost line names, or a plan with work names, directly.
fn work_named(cx: &Cx) -> Vec<bool> {
    let mut worked = vec![false; cx.ix.goals.len()];
    for plan in &cx.doc.plans {
        let plan_has_work = !plan.tasks.is_empty() || !plan.costs.is_empty();
        let named = plan
            .tasks
            .iter()
            .flat_map(|t| t.supports.iter())
            .chain(plan.costs.iter().flat_map(|c| c.supports.iter()))
            .chain(plan.supports.iter().filter(|_| plan_has_work));
        for id in named {
            if let Some(g) = cx.gid(id) {
                worked[g] = true;
            }
        }
    }
    worked
}

/// Goals in a strategic plan or contributing (transitively) to one that
/// ladders up.
fn laddering(cx: &Cx) -> Vec<bool> {
    let mut ladders = vec![false; cx.ix.goals.len()];
    for &g in cx.ix.goal_order.iter().rev() {
        let g = g as usize;
        ladders[g] = cx.goal_plan(g).kind == PlanKind::Strategic
            || cx
                .model
                .goal(g as u32)
                .contributes_to
                .iter()
                .any(|l| cx.gid(&l.goal).is_some_and(|t| ladders[t]));
    }
    ladders
}

/// Per task: whether it supports any goal, and a goal that ladders up,
/// directly, through its plan or inherited down the WBS.
pub(super) struct TaskSupport {
    pub(super) any: Vec<bool>,
    pub(super) strategic: Vec<bool>,
}

/// Computes each task's support in WBS order (parents first).
pub(super) fn task_support(cx: &Cx, ladders: &[bool]) -> TaskSupport {
    let nt = cx.ix.tasks.len();
    let any_strategic =
        |ids: &[String]| ids.iter().any(|id| cx.gid(id).is_some_and(|g| ladders[g]));
    let mut t_any = vec![false; nt];
    let mut t_strat = vec![false; nt];
    for &t in &cx.ix.wbs_order {
        let t = t as usize;
        let task = cx.model.task(t as u32);
        let plan = &cx.doc.plans[cx.ix.tasks[t].0 as usize];
        let parent = cx.ix.task_parent[t];
        let (pa, ps) = if parent == NONE {
            (false, false)
        } else {
            (t_any[parent as usize], t_strat[parent as usize])
        };
        let own_any = task.supports.iter().any(|s| cx.gid(s).is_some());
        let plan_any = plan.supports.iter().any(|s| cx.gid(s).is_some());
        t_any[t] = own_any || plan_any || pa;
        t_strat[t] = any_strategic(&task.supports) || any_strategic(&plan.supports) || ps;
    }
    TaskSupport {
        any: t_any,
        strategic: t_strat,
    }
}

/// What the task pass finds: unaligned tasks, RACI violations and the
/// hour sums.
pub(super) struct TaskFindings {
    pub(super) unaligned: Vec<Item>,
    pub(super) raci_violations: Vec<RaciViolation>,
    pub(super) total: f64,
    pub(super) aligned: f64,
    pub(super) strategic: f64,
}

/// Lists unaligned tasks and RACI violations and sums the hours, in task
/// order.
pub(super) fn task_findings(cx: &Cx, support: &TaskSupport) -> TaskFindings {
    let mut out = TaskFindings {
        unaligned: Vec::new(),
        raci_violations: Vec::new(),
        total: 0.0,
        aligned: 0.0,
        strategic: 0.0,
    };
    for t in 0..cx.ix.tasks.len() {
        let task = cx.model.task(t as u32);
        let plan = &cx.doc.plans[cx.ix.tasks[t].0 as usize];
        if !support.any[t] {
            out.unaligned.push(Item {
                id: task.id.clone(),
                plan: plan.id.clone(),
                name: task.name.clone(),
                owner: task.owner.clone(),
            });
        }
        let hours = task_hours(task);
        out.total += hours;
        if support.any[t] {
            out.aligned += hours;
        }
        if support.strategic[t] {
            out.strategic += hours;
        }
        if let Some(v) = raci_violation(cx, t, task, plan) {
            out.raci_violations.push(v);
        }
    }
    out
}

/// The finite explicit hours of a task's assignments.
fn task_hours(task: &Task) -> f64 {
    task.assignments
        .iter()
        .filter_map(|a| a.hours)
        .filter(|h| h.is_finite())
        .sum()
}

/// The RACI violation of task `t`, when it carries work and lacks exactly
/// one accountable or any responsible resource.
fn raci_violation(cx: &Cx, t: usize, task: &Task, plan: &Plan) -> Option<RaciViolation> {
    let summary = cx.ix.is_summary(t as u32);
    let carries_work = if summary {
        !task.assignments.is_empty()
    } else {
        task.kind != TaskKind::Milestone
    };
    if !carries_work {
        return None;
    }
    let count = |role: Raci| {
        task.assignments
            .iter()
            .filter(|a| a.role == role)
            .map(|a| a.resource.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    };
    let (a, r) = (count(Raci::Accountable), count(Raci::Responsible));
    let mut problems = Vec::new();
    if a != 1 {
        problems.push("accountable_count");
    }
    if r == 0 {
        problems.push("no_responsible");
    }
    (!problems.is_empty()).then(|| RaciViolation {
        task: task.id.clone(),
        plan: plan.id.clone(),
        accountable: a,
        responsible: r,
        problems,
    })
}

/// Cost lines supporting no goal directly, through their task or their
/// plan.
pub(super) fn unaligned_costs(cx: &Cx, t_any: &[bool]) -> Vec<Item> {
    let mut unaligned_costs = Vec::new();
    for c in 0..cx.ix.costs.len() {
        let line = cx.model.cost(c as u32);
        let plan = &cx.doc.plans[cx.ix.costs[c].0 as usize];
        let via_task = line
            .task
            .as_deref()
            .and_then(|id| cx.ix.task(id))
            .is_some_and(|t| t_any[t as usize]);
        let own = line.supports.iter().any(|s| cx.gid(s).is_some());
        let via_plan = plan.supports.iter().any(|s| cx.gid(s).is_some());
        if !(own || via_task || via_plan) {
            unaligned_costs.push(Item {
                id: line.id.clone(),
                plan: plan.id.clone(),
                name: line
                    .description
                    .clone()
                    .unwrap_or_else(|| line.category.clone()),
                owner: None,
            });
        }
    }
    unaligned_costs
}

/// What the goal pass finds.
pub(super) struct GoalFindings {
    pub(super) without_kpi: Vec<Item>,
    pub(super) without_work: Vec<Item>,
    pub(super) not_laddering: Vec<Item>,
    pub(super) smart_failures: Vec<SmartFailure>,
}

/// Lists goals without KPI, without work, not laddering up, and failing
/// SMART, in goal order.
pub(super) fn goal_findings(cx: &Cx, flags: &GoalFlags) -> GoalFindings {
    let mut out = GoalFindings {
        without_kpi: Vec::new(),
        without_work: Vec::new(),
        not_laddering: Vec::new(),
        smart_failures: Vec::new(),
    };
    for g in 0..cx.ix.goals.len() {
        if !flags.measured[g] {
            out.without_kpi.push(cx.item_goal(g));
        }
        if !flags.worked[g] {
            out.without_work.push(cx.item_goal(g));
        }
        if cx.goal_plan(g).kind != PlanKind::Strategic && !flags.ladders[g] {
            out.not_laddering.push(cx.item_goal(g));
        }
        if let Some(f) = smart_failure(cx, g, flags.measured[g]) {
            out.smart_failures.push(f);
        }
    }
    out
}

/// The SMART checks goal `g` fails, if any.
fn smart_failure(cx: &Cx, g: usize, measured: bool) -> Option<SmartFailure> {
    let goal = cx.model.goal(g as u32);
    let manual = goal.smart.clone().unwrap_or_default();
    let mut failed = Vec::new();
    if manual.specific == Some(false) {
        failed.push("specific");
    }
    if !measured {
        failed.push("measurable");
    }
    if manual.achievable == Some(false) {
        failed.push("achievable");
    }
    if manual.relevant == Some(false) {
        failed.push("relevant");
    }
    if blank(goal.owner.as_deref()) {
        failed.push("owned");
    }
    if goal.due.is_none() {
        failed.push("time_bound");
    }
    (!failed.is_empty()).then(|| SmartFailure {
        goal: goal.id.clone(),
        plan: cx.goal_plan(g).id.clone(),
        failed,
    })
}

/// KPIs with a cadence not measured within it as of `as_of`, in KPI order.
pub(super) fn stale_kpis(cx: &Cx, as_of: Date) -> Vec<StaleKpi> {
    (0..cx.ix.kpis.len())
        .filter_map(|k| stale_kpi(cx, k, as_of))
        .collect()
}

/// KPI `k` when it has a known cadence, has started and its last reading
/// is older than the cadence.
fn stale_kpi(cx: &Cx, k: usize, as_of: Date) -> Option<StaleKpi> {
    let kpi = cx.model.kpi(k as u32);
    let cad = kpi.cadence.as_deref()?;
    let days = cadence_days(cad)?;
    if as_of < kpi.baseline.date {
        return None;
    }
    // After the target date no further reading is due: judge the
    // last one against the target date instead.
    let until = as_of.min(kpi.target.date);
    let last = kpi
        .measurements
        .iter()
        .map(|m| m.date)
        .filter(|&d| d <= as_of)
        .max();
    let since = (until.0 - last.unwrap_or(kpi.baseline.date).0).num_days();
    (since > days).then(|| StaleKpi {
        id: kpi.id.clone(),
        plan: cx.doc.plans[cx.ix.kpis[k].0 as usize].id.clone(),
        owner: kpi.owner.clone(),
        cadence: cad.to_string(),
        cadence_days: days,
        last_measured: last,
        days_since: since,
    })
}

/// The hours share with its explanation.
pub(super) fn hours_share(total: f64, aligned: f64, strategic: f64) -> HoursShare {
    let share = (total > 0.0).then(|| strategic / total);
    let explanation = Explanation::new(
        "document",
        "hours_share_strategic",
        format!("strategic hours / total hours = {strategic} / {total}"),
        share.map_or("none".into(), |s| s.to_string()),
    )
    .input("total_hours", total.to_string(), None)
    .input("aligned_hours", aligned.to_string(), None)
    .input("strategic_hours", strategic.to_string(), None);
    HoursShare {
        total,
        aligned,
        strategic,
        share_strategic: share,
        explanation,
    }
}
