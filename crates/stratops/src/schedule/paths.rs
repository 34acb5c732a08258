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
use crate::index::{Index, NONE};
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

    /// A graph whose nodes 0..crits.len() are the critical leaves, in task
    /// order.
    fn with_leaves(crits: &[u32]) -> Self {
        let mut g = Graph {
            task: Vec::new(),
            node_of_task: HashMap::new(),
            out_gate: HashMap::new(),
            edges: Vec::new(),
        };
        for &t in crits {
            let v = g.new_node(t);
            g.node_of_task.insert(t, v);
        }
        g
    }

    /// Joins each critical leaf into the gates of the summaries it ends
    /// (starts): up the WBS while its date is the summary's; a chain
    /// already built from another leaf is not walked again.
    fn add_summary_gates(&mut self, net: &Net, ix: &Index, crits: &[u32]) {
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
                    let existed = self.out_gate.contains_key(&(p, finish));
                    let gate = self.gate(p, finish);
                    self.edges.push((node, gate));
                    if existed {
                        break;
                    }
                    (child, node) = (p, gate);
                }
            }
        }
    }

    /// The node a link is driven from: a critical leaf, or the gate of a
    /// summary that some critical leaf reaches.
    fn pred_side(&self, net: &Net, pred: u32, ty: LinkType) -> Option<u32> {
        if net.summary[pred as usize] {
            let finish = matches!(ty, LinkType::FS | LinkType::FF);
            self.out_gate.get(&(pred, finish)).copied()
        } else {
            self.node_of_task.get(&pred).copied()
        }
    }

    /// Joins the critical leaf `s` (node `target`) to the sides its own
    /// driving links come from.
    fn add_direct_links(&mut self, net: &Net, s: u32, target: u32) -> Result<(), Error> {
        let su = s as usize;
        for l in net.incoming(s) {
            let (kind, v) = net.cand(l)?;
            let driving = match kind {
                Kind::Start => tight(net, s, v, net.es[su])?,
                Kind::Finish => tight(net, s, v, net.ef[su])?,
            };
            if driving {
                if let Some(from) = self.pred_side(net, l.pred, l.ty) {
                    self.edges.push((from, target));
                }
            }
        }
        Ok(())
    }
}

pub(super) fn critical_paths(
    net: &Net,
    model: &crate::Model,
    max_paths: usize,
) -> Result<(Vec<Vec<String>>, bool), Error> {
    critical_paths_sized(net, model, max_paths).map(|(p, t, _)| (p, t))
}

/// The critical paths (at most `max_paths`, and whether more exist) with
/// the size of the path graph and the steps its enumeration took.
pub(super) fn critical_paths_sized(
    net: &Net,
    model: &crate::Model,
    max_paths: usize,
) -> Result<(Vec<Vec<String>>, bool, PathGraphSize), Error> {
    let n = net.n;
    let ix = model.index();
    let crit = |t: u32| !net.summary[t as usize] && net.is_critical(t);
    // The critical leaves are nodes 0..crits.len(), in task order.
    let crits: Vec<u32> = (0..n as u32).filter(|&t| crit(t)).collect();
    let mut g = Graph::with_leaves(&crits);
    g.add_summary_gates(net, ix, &crits);
    let mut inherited = Inherited::default();
    for (target, &s) in crits.iter().enumerate() {
        let target = target as u32;
        g.add_direct_links(net, s, target)?;
        let parent = ix.task_parent[s as usize];
        if parent == NONE {
            continue;
        }
        inherited.link_leaf(&mut g, net, parent, s, target)?;
    }
    g.edges.sort_unstable();
    g.edges.dedup();
    let nodes = g.task.len();

    let (dag, indeg) = Dag::new(&g);
    let order = dag.topological_order(indeg);
    let reached = dag.reached(&order);
    let roots = roots(net, &g, &reached, crits.len());

    // Work budget: the graph's size many times over; beyond it the listing
    // is marked truncated.
    let budget: u64 = 64 * (nodes + g.edges.len()) as u64 + 1_000_000;
    let mut listing = Listing {
        model,
        expander: Expander {
            live: dag.live(&order),
            dag: &dag,
            stamp: vec![0u32; nodes],
            generation: 0,
            walk: Vec::new(),
            steps: 0,
        },
        max_depth: n,
        max_paths,
        budget,
    };
    let (paths, truncated) = listing.run(roots);
    Ok((
        paths,
        truncated,
        PathGraphSize {
            nodes,
            edges: g.edges.len(),
            steps: listing.expander.steps,
        },
    ))
}

/// A summary's links of one kind (start or finish) grouped by the class of
/// their bound on one calendar.
type LinksByClass = HashMap<i64, Vec<(u32, LinkType)>>;

/// Inherited gates: (summary, kind is finish, calendar) -> the summary's
/// links of that kind grouped by the class of their bound on that
/// calendar; then (summary, kind, calendar, class) -> gate node.
#[derive(Default)]
struct Inherited {
    groups: HashMap<(u32, bool, u32), LinksByClass>,
    gates: HashMap<(u32, bool, u32, i64), u32>,
}

impl Inherited {
    /// Joins the critical leaf `s` (node `target`) under `parent` to the
    /// gate of the links, equally tight with its start (finish), of the
    /// summary its parent's start bound came from.
    fn link_leaf(
        &mut self,
        g: &mut Graph,
        net: &Net,
        parent: u32,
        s: u32,
        target: u32,
    ) -> Result<(), Error> {
        let su = s as usize;
        let q = net.start_bound_from[parent as usize];
        if q == NONE {
            return Ok(());
        }
        let cal = net.cal[su];
        for finish in [false, true] {
            let group = match self.groups.entry((q, finish, cal)) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(links_by_class(net, q, s, finish)?)
                }
            };
            let x = if finish { net.ef[su] } else { net.es[su] };
            let cx = class(net, s, x);
            let Some(links) = group.get(&cx) else {
                continue;
            };
            let gate = match self.gates.get(&(q, finish, cal, cx)) {
                Some(&gate) => gate,
                None => {
                    let froms: Vec<u32> = links
                        .iter()
                        .filter_map(|&(pred, ty)| g.pred_side(net, pred, ty))
                        .collect();
                    let id = g.new_node(NONE);
                    g.edges.extend(froms.into_iter().map(|f| (f, id)));
                    self.gates.insert((q, finish, cal, cx), id);
                    id
                }
            };
            g.edges.push((gate, target));
        }
        Ok(())
    }
}

/// Summary `q`'s finish (or start) links grouped by the class of their
/// bound on the calendar of `s`.
fn links_by_class(net: &Net, q: u32, s: u32, finish: bool) -> Result<LinksByClass, Error> {
    let mut by_class: LinksByClass = HashMap::new();
    for l in net.incoming(q) {
        let (kind, v) = net.cand(l)?;
        if (kind == Kind::Finish) == finish {
            by_class
                .entry(class(net, s, v))
                .or_default()
                .push((l.pred, l.ty));
        }
    }
    Ok(by_class)
}

/// The finished path graph indexed by source (CSR).
struct Dag<'g> {
    /// The task of each node, `NONE` for a gate.
    task: &'g [u32],
    /// The edges, sorted and deduplicated.
    edges: &'g [(u32, u32)],
    /// Node `v`'s edges are `edges[start[v]..start[v + 1]]`.
    start: Vec<usize>,
}

impl<'g> Dag<'g> {
    /// Indexes the (sorted, deduplicated) graph by source; also returns
    /// each node's in-degree.
    fn new(g: &'g Graph) -> (Self, Vec<u32>) {
        let nodes = g.task.len();
        let mut start = vec![0usize; nodes + 1];
        let mut indeg = vec![0u32; nodes];
        for &(a, b) in &g.edges {
            start[a as usize + 1] += 1;
            indeg[b as usize] += 1;
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let dag = Dag {
            task: &g.task,
            edges: &g.edges,
            start,
        };
        (dag, indeg)
    }

    /// The edges out of `v`.
    fn outs(&self, v: u32) -> &'g [(u32, u32)] {
        &self.edges[self.start[v as usize]..self.start[v as usize + 1]]
    }

    /// Whether `v` is a task node (not a gate).
    fn is_task(&self, v: u32) -> bool {
        self.task[v as usize] != NONE
    }

    /// Topological order (Kahn); a node on a cycle never enters it and is
    /// then neither reached nor live, so the walk cannot loop.
    fn topological_order(&self, mut indeg: Vec<u32>) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.task.len() as u32)
            .filter(|&v| indeg[v as usize] == 0)
            .collect();
        let mut k = 0;
        while k < order.len() {
            let v = order[k];
            k += 1;
            for &(_, w) in self.outs(v) {
                indeg[w as usize] -= 1;
                if indeg[w as usize] == 0 {
                    order.push(w);
                }
            }
        }
        order
    }

    /// Reached: some critical task drives into the node.
    fn reached(&self, order: &[u32]) -> Vec<bool> {
        let mut reached = vec![false; self.task.len()];
        for &v in order {
            if self.is_task(v) || reached[v as usize] {
                for &(_, w) in self.outs(v) {
                    reached[w as usize] = true;
                }
            }
        }
        reached
    }

    /// Live: the node leads to a critical task.
    fn live(&self, order: &[u32]) -> Vec<bool> {
        let mut live = vec![false; self.task.len()];
        for &v in order.iter().rev() {
            live[v as usize] = self
                .outs(v)
                .iter()
                .any(|&(_, w)| self.is_task(w) || live[w as usize]);
        }
        live
    }
}

/// The critical leaves no critical task drives, by early start then task.
fn roots(net: &Net, g: &Graph, reached: &[bool], leaves: usize) -> Vec<u32> {
    let mut roots: Vec<u32> = (0..leaves as u32)
        .filter(|&v| !reached[v as usize])
        .collect();
    roots.sort_by_key(|&v| {
        let t = g.task[v as usize];
        (net.es[t as usize], t)
    });
    roots
}

/// Lists the task successors of a node through gates, counting steps.
struct Expander<'a> {
    dag: &'a Dag<'a>,
    /// Whether each node leads to a critical task.
    live: Vec<bool>,
    /// The generation that last visited each node.
    stamp: Vec<u32>,
    generation: u32,
    walk: Vec<u32>,
    /// Steps taken so far (gate and task visits).
    steps: u64,
}

impl Expander<'_> {
    /// Appends the task successors of `v` through gates to `out`, in task
    /// order.
    fn expand(&mut self, v: u32, out: &mut Vec<u32>) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        let generation = self.generation;
        let from = out.len();
        self.walk.clear();
        self.walk.push(v);
        self.stamp[v as usize] = generation;
        while let Some(u) = self.walk.pop() {
            for &(_, w) in self.dag.outs(u) {
                self.steps += 1;
                let wu = w as usize;
                if self.stamp[wu] == generation {
                    continue;
                }
                self.stamp[wu] = generation;
                if self.dag.is_task(w) {
                    out.push(w);
                } else if self.live[wu] {
                    self.walk.push(w);
                }
            }
        }
        out[from..].sort_unstable_by_key(|&w| self.dag.task[w as usize]);
    }
}

/// The enumeration of root-to-sink chains within its limits.
struct Listing<'a> {
    model: &'a crate::Model,
    expander: Expander<'a>,
    /// The deepest chain allowed (the task count).
    max_depth: usize,
    max_paths: usize,
    /// The most steps allowed.
    budget: u64,
}

impl Listing<'_> {
    /// Lists the chains from `roots`, and whether the listing was cut
    /// short. Iterative depth-first: a frame is (node, start of its
    /// successors in `succ`, next successor, end).
    fn run(&mut self, roots: Vec<u32>) -> (Vec<Vec<String>>, bool) {
        let mut paths = Vec::new();
        let mut succ: Vec<u32> = Vec::new();
        let mut stack: Vec<(u32, usize, usize, usize)> = Vec::new();
        for r in roots {
            self.expander.expand(r, &mut succ);
            stack.push((r, 0, 0, succ.len()));
            while let Some(&(_, begin, next, end)) = stack.last() {
                if self.expander.steps > self.budget || stack.len() > self.max_depth {
                    return (paths, true);
                }
                if begin == end {
                    // a sink: the stack is one path
                    if paths.len() == self.max_paths {
                        return (paths, true);
                    }
                    paths.push(self.path(&stack));
                }
                if next < end {
                    let w = succ[next];
                    if let Some(top) = stack.last_mut() {
                        top.2 += 1;
                    }
                    let from = succ.len();
                    self.expander.expand(w, &mut succ);
                    stack.push((w, from, from, succ.len()));
                } else {
                    stack.pop();
                    succ.truncate(begin);
                }
            }
        }
        (paths, false)
    }

    /// The task ids of the chain on the stack.
    fn path(&self, stack: &[(u32, usize, usize, usize)]) -> Vec<String> {
        stack
            .iter()
            .map(|&(v, ..)| {
                self.model
                    .task(self.expander.dag.task[v as usize])
                    .id
                    .clone()
            })
            .collect::<Vec<_>>()
    }
}
