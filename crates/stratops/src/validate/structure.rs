//! The structure: WBS cycles, the schedule network (MS Project's view of
//! summaries as two gates) and its cycles, and the goal DAG. These checks
//! run even when errors were found before, so that a cycle is reported
//! together with, say, a dangling reference: every diagnostic at once.
//! Unresolved references simply contribute no edge.

use super::Ctx;
use crate::error::Severity;
use crate::index::{topo_order, Index, NONE};
use crate::model::{Document, LinkType};

/// The edges the per-entity validators resolve, for the structural checks.
pub(super) struct Graph {
    /// Per task, whether its id names it (not an earlier duplicate).
    pub task_mine: Vec<bool>,
    /// The next task's dense index, as the validators walk the plans.
    pub next_task: u32,
    /// Each task's WBS parent, or `NONE`.
    pub parent: Vec<u32>,
    /// (predecessor, successor, type), in document order.
    pub dep_edges: Vec<(u32, u32, LinkType)>,
    /// (goal, goal it contributes to).
    pub goal_edges: Vec<(u32, u32)>,
    /// Each cost line's task, or `NONE`.
    pub cost_task: Vec<u32>,
}

impl Graph {
    pub fn new(task_mine: Vec<bool>, ntask: usize, ncost: usize) -> Graph {
        Graph {
            task_mine,
            next_task: 0,
            parent: vec![NONE; ntask],
            dep_edges: Vec::new(),
            goal_edges: Vec::new(),
            cost_task: Vec::with_capacity(ncost),
        }
    }
}

/// Every structural check; fills the index's WBS, network and goal order.
pub(super) fn check_structure(cx: &mut Ctx, ix: &mut Index, doc: &Document, mut g: Graph) {
    if check_wbs(cx, ix, doc, &g) {
        build_network(cx, ix, doc, &mut g);
    }
    check_goal_dag(cx, ix, doc, &g);
}

fn task_id(ix: &Index, doc: &Document, d: u32) -> String {
    let (p, i) = ix.tasks[d as usize];
    doc.plans[p as usize].tasks[i as usize].id.clone()
}

fn task_path(ix: &Index, d: u32) -> String {
    let (p, i) = ix.tasks[d as usize];
    format!("plans[{p}].tasks[{i}]")
}

/// WBS cycles: walks each parent chain once, marking nodes. Returns
/// whether the WBS is a forest.
fn check_wbs(cx: &mut Ctx, ix: &Index, doc: &Document, g: &Graph) -> bool {
    let ntask = ix.tasks.len();
    // WBS cycles: walk each parent chain once, marking nodes.
    let mut state = vec![0u8; ntask]; // 0 new, 1 on the current walk, 2 done
    let mut walk = Vec::new();
    let mut wbs_ok = true;
    for v in 0..ntask as u32 {
        let mut cur = v;
        walk.clear();
        while cur != NONE && state[cur as usize] == 0 {
            state[cur as usize] = 1;
            walk.push(cur);
            cur = g.parent[cur as usize];
        }
        if cur != NONE && state[cur as usize] == 1 {
            let from = walk.iter().position(|&w| w == cur).unwrap_or(0);
            let ids: Vec<String> = walk[from..].iter().map(|&w| task_id(ix, doc, w)).collect();
            cx.push(
                Severity::Error,
                "wbs_cycle",
                Some(&ids[0].clone()),
                format!("{}.parent", task_path(ix, cur)),
                format!("the WBS parents form a cycle: {}", ids.join(" -> ")),
                ids,
            );
            wbs_ok = false;
        }
        for &w in &walk {
            state[w as usize] = 2;
        }
    }
    wbs_ok
}

/// The children, the WBS order, the resolved predecessors and the schedule
/// network's event order; a loop in the network is a `dependency_cycle`.
fn build_network(cx: &mut Ctx, ix: &mut Index, doc: &Document, g: &mut Graph) {
    let ntask = ix.tasks.len();
    // children CSR, document order
    let edges: Vec<(u32, u32)> = (0..ntask as u32)
        .filter(|&c| g.parent[c as usize] != NONE)
        .map(|c| (g.parent[c as usize], c))
        .collect();
    let csr = crate::index::Csr::new(ntask, &edges);
    ix.children_start = csr.start;
    ix.task_children = csr.adj;
    ix.task_parent = std::mem::take(&mut g.parent);
    let mut order: Vec<u32> = (0..ntask as u32)
        .filter(|&t| ix.task_parent[t as usize] == NONE)
        .collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        let kids = ix.children(v).to_vec();
        order.extend(kids);
    }
    ix.wbs_order = order;

    // The schedule network, as MS Project sees it: a leaf task is one
    // node (its finish follows from its start), a summary S is two gates,
    // in(S) = S and out(S) = n + S. Links into S enter in(S), which feeds
    // every child; every child feeds out(S), from which S's own links
    // leave. Any link that closes a loop here is a circular relationship,
    // whatever its type (MS Project refuses the same links).
    let n = ntask as u32;
    let node_in = |t: u32, _: &Index| t;
    let node_out = |t: u32, ix: &Index| if ix.is_summary(t) { n + t } else { t };
    let mut ev: Vec<(u32, u32)> = Vec::with_capacity(2 * ntask + g.dep_edges.len());
    for t in 0..n {
        if ix.is_summary(t) {
            for &c in ix.children(t) {
                ev.push((node_in(t, ix), node_in(c, ix)));
                ev.push((node_out(c, ix), node_out(t, ix)));
            }
        }
    }
    // Resolved predecessors, so no engine looks an id up again. With no
    // error every task contributed its dependencies in order.
    ix.dep_start = Vec::with_capacity(ntask + 1);
    ix.dep_start.push(0);
    for &(pi, ti) in &ix.tasks {
        let k = doc.plans[pi as usize].tasks[ti as usize].dependencies.len() as u32;
        let last = ix.dep_start.last().copied().unwrap_or(0);
        ix.dep_start.push(last + k);
    }
    ix.dep_pred = g.dep_edges.iter().map(|e| e.0).collect();
    ix.cost_task = std::mem::take(&mut g.cost_task);
    for &(p, s, _) in &g.dep_edges {
        ev.push((node_out(p, ix), node_in(s, ix)));
    }
    match topo_order(2 * ntask, &ev) {
        Ok(order) => {
            ix.event_order = order
                .into_iter()
                .filter(|&v| v < n || ix.is_summary(v - n))
                .collect()
        }
        Err(cycle) => {
            let mut ids: Vec<String> = Vec::new();
            for e in cycle {
                let id = task_id(ix, doc, e % n);
                if ids.last() != Some(&id) {
                    ids.push(id);
                }
            }
            if ids.len() > 1 && ids.first() == ids.last() {
                ids.pop();
            }
            let first = ix.task(&ids[0]).unwrap_or(0);
            cx.push(
                Severity::Error,
                "dependency_cycle",
                Some(&ids[0].clone()),
                format!("{}.dependencies", task_path(ix, first)),
                format!(
                    "the dependencies form a cycle: {} -> {}",
                    ids.join(" -> "),
                    ids[0]
                ),
                ids,
            );
        }
    }
}

/// The goal DAG: `contributes_to` must not loop.
fn check_goal_dag(cx: &mut Ctx, ix: &mut Index, doc: &Document, g: &Graph) {
    match topo_order(ix.goals.len(), &g.goal_edges) {
        Ok(order) => ix.goal_order = order,
        Err(cycle) => {
            let ids: Vec<String> = cycle
                .iter()
                .map(|&g| {
                    let (p, i) = ix.goals[g as usize];
                    doc.plans[p as usize].goals[i as usize].id.clone()
                })
                .collect();
            let (p, i) = ix.goals[cycle[0] as usize];
            cx.push(
                Severity::Error,
                "goal_cycle",
                Some(&ids[0].clone()),
                format!("plans[{p}].goals[{i}].contributes_to"),
                format!(
                    "contributes_to forms a cycle: {} -> {}",
                    ids.join(" -> "),
                    ids[0]
                ),
                ids,
            );
        }
    }
}
