//! Ids resolved once to dense indices, and the orders the engines walk.
//!
//! Built by validation; every engine reads it instead of looking ids up.

use std::hash::BuildHasher;

/// The kind of entity an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A plan.
    Plan,
    /// A goal.
    Goal,
    /// A KPI.
    Kpi,
    /// A task.
    Task,
    /// A cost line.
    Cost,
    /// A risk.
    Risk,
    /// A resource.
    Resource,
    /// A calendar.
    Calendar,
}

impl EntityKind {
    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Plan => "plan",
            EntityKind::Goal => "goal",
            EntityKind::Kpi => "KPI",
            EntityKind::Task => "task",
            EntityKind::Cost => "cost line",
            EntityKind::Risk => "risk",
            EntityKind::Resource => "resource",
            EntityKind::Calendar => "calendar",
        }
    }
}

/// Where an id points: its kind and its dense index within that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityRef {
    /// The kind.
    pub kind: EntityKind,
    /// The dense index among entities of that kind (document order).
    pub dense: u32,
}

/// The hasher of [`Index::ids`]: foldhash, several times faster than the
/// standard SipHash on short ids and still seeded per process, so a
/// document cannot be crafted to make its lookups collide predictably.
pub type IdHasher = foldhash::fast::RandomState;

/// "No index".
pub const NONE: u32 = u32::MAX;

/// A location inside a plan: (plan index, index within the plan's list).
pub type Loc = (u32, u32);

/// Every id of a document and what it names.
///
/// The ids are kept in one string, and the hash table holds only entry
/// numbers: a million-task document makes one allocation for its ids, not
/// a million, and a table a sixth the size of a map of owned strings, which
/// is what validation's five million lookups and inserts wait on.
///
/// # Example
/// ```
/// use stratops::index::{EntityKind, EntityRef, IdTable};
/// let mut ids = IdTable::default();
/// let task = EntityRef { kind: EntityKind::Task, dense: 0 };
/// let goal = EntityRef { kind: EntityKind::Goal, dense: 0 };
/// assert_eq!(ids.insert("a", task), Ok(()));
/// assert_eq!(ids.insert("ab", goal), Ok(()));
/// // an id names one entity: the second use is refused, naming the first
/// assert_eq!(ids.insert("a", goal), Err(task));
/// assert_eq!(ids.get("a"), Some(&task));
/// assert_eq!(ids.get("b"), None);
/// assert_eq!(ids.iter().map(|(id, _)| id).collect::<Vec<_>>(), ["a", "ab"]);
/// ```
#[derive(Clone, Default)]
pub struct IdTable {
    text: String,
    /// Where each entry's id starts in `text`; it ends where the next one
    /// starts (or at the end).
    starts: Vec<usize>,
    refs: Vec<EntityRef>,
    table: hashbrown::HashTable<u32>,
    hasher: IdHasher,
}

impl std::fmt::Debug for IdTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl IdTable {
    fn key<'a>(text: &'a str, starts: &[usize], k: u32) -> &'a str {
        let k = k as usize;
        let a = starts.get(k).copied().unwrap_or(0);
        let b = starts.get(k + 1).copied().unwrap_or(text.len());
        text.get(a..b).unwrap_or("")
    }
    /// What `id` names.
    pub fn get(&self, id: &str) -> Option<&EntityRef> {
        let h = self.hasher.hash_one(id);
        let (text, starts) = (&self.text, &self.starts);
        self.table
            .find(h, |&k| Self::key(text, starts, k) == id)
            .and_then(|&k| self.refs.get(k as usize))
    }
    /// Records that `id` names `r`, unless it already names something:
    /// then that is returned and nothing changes.
    pub fn insert(&mut self, id: &str, r: EntityRef) -> Result<(), EntityRef> {
        let h = self.hasher.hash_one(id);
        let (text, starts) = (&self.text, &self.starts);
        if let Some(&k) = self.table.find(h, |&k| Self::key(text, starts, k) == id) {
            return Err(self.refs.get(k as usize).copied().unwrap_or(r));
        }
        let k = self.refs.len() as u32;
        self.starts.push(self.text.len());
        self.text.push_str(id);
        self.refs.push(r);
        let (text, starts, hasher) = (&self.text, &self.starts, &self.hasher);
        self.table
            .insert_unique(h, k, |&j| hasher.hash_one(Self::key(text, starts, j)));
        Ok(())
    }
    /// Makes room for `n` more ids.
    pub fn reserve(&mut self, n: usize) {
        self.starts.reserve(n);
        self.refs.reserve(n);
        let (text, starts, hasher) = (&self.text, &self.starts, &self.hasher);
        self.table
            .reserve(n, |&j| hasher.hash_one(Self::key(text, starts, j)));
    }
    /// How many ids.
    pub fn len(&self) -> usize {
        self.refs.len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }
    /// Every id with what it names, in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &EntityRef)> {
        (0..self.refs.len() as u32)
            .map(|k| Self::key(&self.text, &self.starts, k))
            .zip(&self.refs)
    }
}

/// The resolved document.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every id.
    pub ids: IdTable,
    /// Dense task index to location.
    pub tasks: Vec<Loc>,
    /// Dense goal index to location.
    pub goals: Vec<Loc>,
    /// Dense KPI index to location.
    pub kpis: Vec<Loc>,
    /// Dense cost-line index to location.
    pub costs: Vec<Loc>,
    /// Dense risk index to location.
    pub risks: Vec<Loc>,
    /// The WBS parent of each task, or [`NONE`].
    pub task_parent: Vec<u32>,
    /// CSR offsets into `task_children` (length tasks + 1).
    pub children_start: Vec<u32>,
    /// Children of each task, in document order.
    pub task_children: Vec<u32>,
    /// Tasks with parents before children.
    pub wbs_order: Vec<u32>,
    /// The schedule network's nodes in a topological order. A leaf task `t`
    /// is node `t`; a summary `s` has an entry gate `s` (its incoming links,
    /// feeding its children) and an exit gate `tasks + s` (after all its
    /// children, feeding its outgoing links).
    pub event_order: Vec<u32>,
    /// CSR offsets into `dep_pred` (length tasks + 1): task `t`'s
    /// dependency `k` has predecessor `dep_pred[dep_start[t] + k]`.
    pub dep_start: Vec<u32>,
    /// The resolved predecessor of every dependency, in task and dependency
    /// order.
    pub dep_pred: Vec<u32>,
    /// The resolved task of every cost line (by dense cost index), or
    /// [`NONE`] when the line names no task.
    pub cost_task: Vec<u32>,
    /// Goals with every contributor before the goals it feeds.
    pub goal_order: Vec<u32>,
}

impl Index {
    /// Looks an id up.
    pub fn get(&self, id: &str) -> Option<EntityRef> {
        self.ids.get(id).copied()
    }
    /// The dense index of a task id.
    pub fn task(&self, id: &str) -> Option<u32> {
        self.of_kind(id, EntityKind::Task)
    }
    /// The dense index of a goal id.
    pub fn goal(&self, id: &str) -> Option<u32> {
        self.of_kind(id, EntityKind::Goal)
    }
    /// The dense index of an id of the given kind.
    pub fn of_kind(&self, id: &str, kind: EntityKind) -> Option<u32> {
        self.ids.get(id).filter(|r| r.kind == kind).map(|r| r.dense)
    }
    /// The resolved predecessor of task `t`'s `k`-th dependency.
    pub fn predecessor(&self, t: u32, k: usize) -> Option<u32> {
        let i = *self.dep_start.get(t as usize)? as usize + k;
        (i < *self.dep_start.get(t as usize + 1)? as usize)
            .then(|| self.dep_pred.get(i).copied())?
    }
    /// The children of a task.
    pub fn children(&self, task: u32) -> &[u32] {
        let t = task as usize;
        &self.task_children[self.children_start[t] as usize..self.children_start[t + 1] as usize]
    }
    /// Whether a task has children (and so is a summary).
    pub fn is_summary(&self, task: u32) -> bool {
        let t = task as usize;
        self.children_start[t + 1] > self.children_start[t]
    }
}

/// Compressed adjacency lists built from an edge list, without recursion.
pub(crate) struct Csr {
    pub start: Vec<u32>,
    pub adj: Vec<u32>,
}

impl Csr {
    pub fn new(n: usize, edges: &[(u32, u32)]) -> Csr {
        let mut start = vec![0u32; n + 1];
        for &(a, _) in edges {
            start[a as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; edges.len()];
        for &(a, b) in edges {
            adj[fill[a as usize] as usize] = b;
            fill[a as usize] += 1;
        }
        Csr { start, adj }
    }
    pub fn out(&self, v: u32) -> &[u32] {
        &self.adj[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// Kahn's algorithm. Returns the topological order, or a cycle (as a list of
/// nodes in edge order) when the graph has one.
pub(crate) fn topo_order(n: usize, edges: &[(u32, u32)]) -> Result<Vec<u32>, Vec<u32>> {
    let fwd = Csr::new(n, edges);
    let mut indeg = vec![0u32; n];
    for &(_, b) in edges {
        indeg[b as usize] += 1;
    }
    let mut order: Vec<u32> = (0..n as u32).filter(|&v| indeg[v as usize] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        for &w in fwd.out(v) {
            indeg[w as usize] -= 1;
            if indeg[w as usize] == 0 {
                order.push(w);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every node left has a predecessor that is also left: walk backwards
    // until a node repeats; the walk from that node is a cycle.
    let rev_edges: Vec<(u32, u32)> = edges
        .iter()
        .filter(|(a, b)| indeg[*a as usize] > 0 && indeg[*b as usize] > 0)
        .map(|&(a, b)| (b, a))
        .collect();
    let rev = Csr::new(n, &rev_edges);
    let start = (0..n as u32).find(|&v| indeg[v as usize] > 0).unwrap_or(0);
    let mut seen = vec![NONE; n];
    let mut walk = Vec::new();
    let mut v = start;
    loop {
        if seen[v as usize] != NONE {
            let from = seen[v as usize] as usize;
            let mut cycle: Vec<u32> = walk[from..].to_vec();
            cycle.reverse();
            return Err(cycle);
        }
        seen[v as usize] = walk.len() as u32;
        walk.push(v);
        match rev.out(v).first() {
            Some(&p) => v = p,
            None => return Err(walk),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topo_and_cycles() {
        assert_eq!(topo_order(3, &[(0, 1), (1, 2)]), Ok(vec![0, 1, 2]));
        let c = topo_order(4, &[(0, 1), (1, 2), (2, 3), (3, 1)]).unwrap_err();
        let mut s = c.clone();
        s.sort();
        assert_eq!(s, vec![1, 2, 3]);
        // the cycle is in edge order
        for w in 0..c.len() {
            let (a, b) = (c[w], c[(w + 1) % c.len()]);
            assert!([(1, 2), (2, 3), (3, 1)].contains(&(a, b)));
        }
        assert_eq!(topo_order(1, &[(0, 0)]), Err(vec![0]));
    }

    #[test]
    fn long_chain_no_recursion() {
        let n = 1_000_000u32;
        let edges: Vec<(u32, u32)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        assert_eq!(topo_order(n as usize, &edges).unwrap().len(), n as usize);
    }
}
