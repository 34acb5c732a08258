//! Critical paths: chains of critical leaf tasks joined by driving links.
//!
//! A link whose predecessor is a summary is driven by every critical leaf
//! under it that sets the summary's finish (or start); a leaf that inherits
//! a summary's start bound is driven by the summary's links. Joining every
//! such leaf to every such successor directly would build children ×
//! successors edges (a summary with 20,000 children and 20,000 successors:
//! 400 million), so the path graph routes them through *gate* nodes, one
//! per summary and side, and one per group of equally tight inherited links.
//! The graph holds only the critical leaves and the gates they reach (a few
//! nodes and edges per critical task and link, so an edit of a large plan
//! with a short critical path pays little), and the enumeration expands
//! gates as it walks, so the paths listed are the same as with direct edges.

use std::collections::HashMap;

use super::engine::{Kind, Net};
use crate::error::Error;
use crate::index::NONE;
use crate::model::LinkType;

/// The working-time class of an instant on one calendar: two instants with
/// no working time between them share it (the first working minute at or
/// after them). After the last working minute every instant is one class.
fn class(net: &Net, cal_of: u32, t: i64) -> i64 {
    net.c(cal_of).next_start(t).unwrap_or(i64::MAX)
}

/// Whether working time separates `a` from `b` on the successor's calendar.
fn tight(net: &Net, succ: u32, a: i64, b: i64) -> Result<bool, Error> {
    Ok(net.c(succ).between(a, b)? == 0)
}

/// Counts of the path graph, for the work-bound tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathGraphSize {
    /// Critical-task nodes plus gate nodes.
    pub nodes: usize,
    /// Edges between them.
    pub edges: usize,
    /// Steps the enumeration took (gate and task visits).
    pub steps: u64,
}

/// The path graph under construction: nodes are numbered densely as they
/// are created; `task[v]` is the task of a task node, `NONE` for a gate.
struct Graph {
    task: Vec<u32>,
    node_of_task: HashMap<u32, u32>,
    /// Summary gates by (summary, finish side?).
    out_gate: HashMap<(u32, bool), u32>,
    edges: Vec<(u32, u32)>,
}

impl Graph {
    fn new_node(&mut self, task: u32) -> u32 {
        self.task.push(task);
        (self.task.len() - 1) as u32
    }
    fn gate(&mut self, summary: u32, finish: bool) -> u32 {
        if let Some(&g) = self.out_gate.get(&(summary, finish)) {
            return g;
        }
        let g = self.new_node(NONE);
        self.out_gate.insert((summary, finish), g);
        g
    }
}

pub(super) fn critical_paths(
    net: &Net,
    model: &crate::Model,
    max_paths: usize,
) -> Result<(Vec<Vec<String>>, bool), Error> {
    critical_paths_sized(net, model, max_paths).map(|(p, t, _)| (p, t))
}

pub(super) fn critical_paths_sized(
    net: &Net,
    model: &crate::Model,
    max_paths: usize,
) -> Result<(Vec<Vec<String>>, bool, PathGraphSize), Error> {
    let n = net.n;
    let ix = model.index();
    let crit = |t: u32| !net.summary[t as usize] && net.is_critical(t);
    let mut g = Graph {
        task: Vec::new(),
        node_of_task: HashMap::new(),
        out_gate: HashMap::new(),
        edges: Vec::new(),
    };
    // The critical leaves are nodes 0..crits.len(), in task order.
    let crits: Vec<u32> = (0..n as u32).filter(|&t| crit(t)).collect();
    for &t in &crits {
        let v = g.new_node(t);
        g.node_of_task.insert(t, v);
    }

    // Each critical leaf into the gates of the summaries it ends (starts):
    // up the WBS while its date is the summary's; a chain already built
    // from another leaf is not walked again.
    for (from, &c) in crits.iter().enumerate() {
        let from = from as u32;
        for finish in [true, false] {
            let date = |t: u32| {
                if finish {
                    net.ef[t as usize]
                } else {
                    net.es[t as usize]
                }
            };
            let (mut child, mut node) = (c, from);
            loop {
                let p = ix.task_parent[child as usize];
                if p == NONE || date(p) != date(child) {
                    break;
                }
                let existed = g.out_gate.contains_key(&(p, finish));
                let gate = g.gate(p, finish);
                g.edges.push((node, gate));
                if existed {
                    break;
                }
                (child, node) = (p, gate);
            }
        }
    }

    // The node a link is driven from: a critical leaf, or the gate of a
    // summary that some critical leaf reaches.
    let pred_side = |g: &Graph, pred: u32, ty: LinkType| -> Option<u32> {
        if net.summary[pred as usize] {
            let finish = matches!(ty, LinkType::FS | LinkType::FF);
            g.out_gate.get(&(pred, finish)).copied()
        } else {
            g.node_of_task.get(&pred).copied()
        }
    };

    // Inherited gates: (summary, kind is finish, calendar) -> the summary's
    // links of that kind grouped by the class of their bound on that
    // calendar; then (summary, kind, calendar, class) -> gate node.
    type GroupKey = (u32, bool, u32);
    let mut groups: HashMap<GroupKey, HashMap<i64, Vec<(u32, LinkType)>>> = HashMap::new();
    let mut gates: HashMap<(u32, bool, u32, i64), u32> = HashMap::new();

    for (target, &s) in crits.iter().enumerate() {
        let target = target as u32;
        let su = s as usize;
        for l in net.incoming(s) {
            let (kind, v) = net.cand(l)?;
            let driving = match kind {
                Kind::Start => tight(net, s, v, net.es[su])?,
                Kind::Finish => tight(net, s, v, net.ef[su])?,
            };
            if driving {
                if let Some(from) = pred_side(&g, l.pred, l.ty) {
                    g.edges.push((from, target));
                }
            }
        }
        let parent = ix.task_parent[su];
        if parent == NONE {
            continue;
        }
        let q = net.start_bound_from[parent as usize];
        if q == NONE {
            continue;
        }
        let cal = net.cal[su];
        for finish in [false, true] {
            let group = match groups.entry((q, finish, cal)) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let mut by_class: HashMap<i64, Vec<(u32, LinkType)>> = HashMap::new();
                    for l in net.incoming(q) {
                        let (kind, v) = net.cand(l)?;
                        if (kind == Kind::Finish) == finish {
                            by_class
                                .entry(class(net, s, v))
                                .or_default()
                                .push((l.pred, l.ty));
                        }
                    }
                    e.insert(by_class)
                }
            };
            let x = if finish { net.ef[su] } else { net.es[su] };
            let cx = class(net, s, x);
            let Some(links) = group.get(&cx) else {
                continue;
            };
            let gate = match gates.get(&(q, finish, cal, cx)) {
                Some(&gate) => gate,
                None => {
                    let froms: Vec<u32> = links
                        .iter()
                        .filter_map(|&(pred, ty)| pred_side(&g, pred, ty))
                        .collect();
                    let id = g.new_node(NONE);
                    g.edges.extend(froms.into_iter().map(|f| (f, id)));
                    gates.insert((q, finish, cal, cx), id);
                    id
                }
            };
            g.edges.push((gate, target));
        }
    }
    g.edges.sort_unstable();
    g.edges.dedup();
    let nodes = g.task.len();
    let is_task = |v: u32| g.task[v as usize] != NONE;

    // CSR by source.
    let mut start = vec![0usize; nodes + 1];
    let mut indeg = vec![0u32; nodes];
    for &(a, b) in &g.edges {
        start[a as usize + 1] += 1;
        indeg[b as usize] += 1;
    }
    for i in 0..nodes {
        start[i + 1] += start[i];
    }
    let outs = |v: u32| &g.edges[start[v as usize]..start[v as usize + 1]];

    // Topological order (Kahn); a node on a cycle never enters it and is
    // then neither reached nor live, so the walk cannot loop.
    let mut order: Vec<u32> = (0..nodes as u32)
        .filter(|&v| indeg[v as usize] == 0)
        .collect();
    let mut k = 0;
    while k < order.len() {
        let v = order[k];
        k += 1;
        for &(_, w) in outs(v) {
            indeg[w as usize] -= 1;
            if indeg[w as usize] == 0 {
                order.push(w);
            }
        }
    }
    // reached: some critical task drives into it; live: it leads to one.
    let mut reached = vec![false; nodes];
    for &v in &order {
        if is_task(v) || reached[v as usize] {
            for &(_, w) in outs(v) {
                reached[w as usize] = true;
            }
        }
    }
    let mut live = vec![false; nodes];
    for &v in order.iter().rev() {
        live[v as usize] = outs(v).iter().any(|&(_, w)| is_task(w) || live[w as usize]);
    }

    let mut roots: Vec<u32> = (0..crits.len() as u32)
        .filter(|&v| !reached[v as usize])
        .collect();
    roots.sort_by_key(|&v| {
        let t = g.task[v as usize];
        (net.es[t as usize], t)
    });

    // Work budget: the graph's size many times over; beyond it the listing
    // is marked truncated.
    let budget: u64 = 64 * (nodes + g.edges.len()) as u64 + 1_000_000;
    let mut steps: u64 = 0;
    let mut stamp = vec![0u32; nodes];
    let mut generation = 0u32;
    let mut walk: Vec<u32> = Vec::new();
    // The task successors of `v` through gates, in task order.
    let mut expand = |v: u32, out: &mut Vec<u32>, steps: &mut u64| {
        generation = generation.wrapping_add(1);
        if generation == 0 {
            stamp.iter_mut().for_each(|s| *s = 0);
            generation = 1;
        }
        let from = out.len();
        walk.clear();
        walk.push(v);
        stamp[v as usize] = generation;
        while let Some(u) = walk.pop() {
            for &(_, w) in outs(u) {
                *steps += 1;
                let wu = w as usize;
                if stamp[wu] == generation {
                    continue;
                }
                stamp[wu] = generation;
                if is_task(w) {
                    out.push(w);
                } else if live[wu] {
                    walk.push(w);
                }
            }
        }
        out[from..].sort_unstable_by_key(|&w| g.task[w as usize]);
    };

    let mut paths = Vec::new();
    let mut truncated = false;
    // Iterative depth-first enumeration of root-to-sink chains. A frame is
    // (node, start of its successors in `succ`, next successor, end).
    let mut succ: Vec<u32> = Vec::new();
    let mut stack: Vec<(u32, usize, usize, usize)> = Vec::new();
    'roots: for r in roots {
        expand(r, &mut succ, &mut steps);
        stack.push((r, 0, 0, succ.len()));
        while let Some(&(_, begin, next, end)) = stack.last() {
            if steps > budget || stack.len() > n {
                truncated = true;
                break 'roots;
            }
            if begin == end {
                // a sink: the stack is one path
                if paths.len() == max_paths {
                    truncated = true;
                    break 'roots;
                }
                paths.push(
                    stack
                        .iter()
                        .map(|&(v, ..)| model.task(g.task[v as usize]).id.clone())
                        .collect::<Vec<_>>(),
                );
            }
            if next < end {
                let w = succ[next];
                if let Some(top) = stack.last_mut() {
                    top.2 += 1;
                }
                let from = succ.len();
                expand(w, &mut succ, &mut steps);
                stack.push((w, from, from, succ.len()));
            } else {
                stack.pop();
                succ.truncate(begin);
            }
        }
    }
    Ok((
        paths,
        truncated,
        PathGraphSize {
            nodes,
            edges: g.edges.len(),
            steps,
        },
    ))
}
