//! Rescheduling after an edit: only the nodes an edit can move are
//! computed again.

use super::*;

/// Which figures of a node changed when it was computed again.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Changed {
    /// Dates other nodes read.
    pub(super) dates: bool,
    /// Only what the task's own result row shows (its driver, a conflict).
    pub(super) row: bool,
}

/// The nodes still to compute again in an incremental run, and the tasks
/// whose results changed.
pub(super) struct Marks {
    pub(super) fwd: Vec<bool>,
    pub(super) bwd: Vec<bool>,
    pub(super) touched: Vec<bool>,
    pub(super) touched_list: Vec<u32>,
}

impl Marks {
    pub(super) fn new(n: usize) -> Marks {
        Marks {
            fwd: vec![false; 2 * n],
            bwd: vec![false; 2 * n],
            touched: vec![false; n],
            touched_list: Vec::new(),
        }
    }
    pub(super) fn touch(&mut self, t: u32) {
        if let Some(x) = self.touched.get_mut(t as usize) {
            if !*x {
                *x = true;
                self.touched_list.push(t);
            }
        }
    }
}

impl Net {
    /// Computes again only what the changed durations of `changed` can
    /// move, and updates `sched` in place. Falls back to every node of the
    /// backward pass when the project finish moves. Returns the tasks whose
    /// rows were rebuilt (every other row is as it was), or `None` when
    /// every row was.
    ///
    /// Why the result equals a full run. Every figure of a node is a
    /// function of its inputs only: a node's early dates of its own
    /// duration, its predecessors' dates through its links (a percentage
    /// lag also reads the predecessor's duration) and its summary's entry
    /// gate; a late date of its successors' late dates, its summary's exit
    /// gate and the project finish. The forward phase visits the nodes in
    /// the same topological order as a full run and recomputes a node when
    /// one of its inputs changed (`Marks::fwd`), so each recomputed node
    /// reads final inputs, and a node not recomputed keeps the value a full
    /// run would give it, since none of its inputs moved. The backward
    /// phase does the same in reverse order, seeded by the nodes whose
    /// early dates or durations changed; when the project finish moves,
    /// every late date depends on it and the whole backward pass runs.
    /// Floats read a task's own dates and its successors' early dates
    /// (free float), so they are recomputed for the touched tasks and their
    /// predecessors. `tests/edit.rs` compares the editor's schedule (this
    /// path for duration-only transactions) with a full schedule after
    /// each of about 1,000 random transactions.
    pub(super) fn run_incremental(
        &mut self,
        model: &Model,
        changed: &[u32],
        sched: &mut Schedule,
    ) -> Result<Option<Vec<u32>>, Error> {
        let ix = model.index();
        let mut m = Marks::new(self.n);
        let dur_changed = self.mark_durations(model, changed, &mut m)?;
        let fwd_changed = self.forward_marked(model, &mut m)?;
        let rows = if self.finish_bounds(model)? {
            for &node in ix.event_order.iter().rev() {
                self.backward_node::<false>(model, node)?;
            }
            for t in 0..self.n as u32 {
                self.total_float(t)?;
            }
            for t in 0..self.n as u32 {
                self.free_float(t)?;
            }
            sched.tasks.clear();
            for t in 0..self.n as u32 {
                sched.tasks.push(self.row(model, t)?);
            }
            None
        } else {
            self.backward_marked(model, &mut m, fwd_changed.iter().chain(&dur_changed))?;
            // floats of the touched tasks and of their predecessors
            let mut floats = m.touched_list.clone();
            let mut seen = m.touched.clone();
            for &t in &m.touched_list {
                let tu = t as usize;
                for k in self.in_start[tu] as usize..self.in_start[tu + 1] as usize {
                    let p = self.links[self.in_links[k] as usize].pred;
                    if !seen[p as usize] {
                        seen[p as usize] = true;
                        floats.push(p);
                    }
                }
            }
            for &t in &floats {
                self.total_float(t)?;
            }
            for &t in &floats {
                self.free_float(t)?;
            }
            for &t in &floats {
                sched.tasks[t as usize] = self.row(model, t)?;
            }
            Some(floats)
        };
        let (critical_paths, paths_truncated) = paths::critical_paths(self, model, self.max_paths)?;
        sched.project_start = from_minutes(self.project_start)?;
        sched.project_finish = from_minutes(self.pf)?;
        sched.critical_paths = critical_paths;
        sched.paths_truncated = paths_truncated;
        sched.diagnostics = self.diagnostics(model);
        Ok(rows)
    }

    /// Reads the new durations of `changed`; marks the tasks whose duration
    /// moved (and the successors a percentage lag ties to it) for the
    /// forward phase. Returns the tasks whose duration moved.
    fn mark_durations(
        &mut self,
        model: &Model,
        changed: &[u32],
        m: &mut Marks,
    ) -> Result<Vec<u32>, Error> {
        let scale = model.document().settings.scale();
        let mut dur_changed = Vec::new();
        for &t in changed {
            let tu = t as usize;
            let (d, e) = task_duration(model.task(t), self.summary[tu], scale)?;
            // The row's kind reads whether the task has a duration at all
            // (none and "0d" both count zero minutes): rebuilt either way.
            m.touch(t);
            if (d, e) == (self.dur[tu], self.elapsed[tu]) {
                continue;
            }
            self.dur[tu] = d;
            self.elapsed[tu] = e;
            dur_changed.push(t);
            m.fwd[tu] = true;
            // a percentage lag reads its predecessor's duration
            for k in self.out_start[tu] as usize..self.out_start[tu + 1] as usize {
                m.fwd[self.links_out[k].succ as usize] = true;
            }
        }
        Ok(dur_changed)
    }

    /// The forward phase: the marked nodes in network order, marking what
    /// each changed node feeds. Returns the tasks whose early dates moved.
    fn forward_marked(&mut self, model: &Model, m: &mut Marks) -> Result<Vec<u32>, Error> {
        let ix = model.index();
        let n = self.n;
        let mut fwd_changed: Vec<u32> = Vec::new();
        for &node in &ix.event_order {
            let nu = node as usize;
            if !m.fwd[nu] {
                continue;
            }
            let c = self.forward_node::<true>(model, node)?;
            let (t, _) = self.node_task(node);
            let tu = t as usize;
            if c.row {
                m.touch(t);
            }
            if !c.dates {
                continue;
            }
            if nu < n && self.summary[tu] {
                // an entry gate: its children inherit its bounds
                for &k in ix.children(t) {
                    m.fwd[k as usize] = true;
                }
                continue;
            }
            m.touch(t);
            fwd_changed.push(t);
            for k in self.out_start[tu] as usize..self.out_start[tu + 1] as usize {
                m.fwd[self.links_out[k].succ as usize] = true;
            }
            let p = ix.task_parent[tu];
            if p != NONE {
                m.fwd[p as usize + n] = true;
            }
        }
        Ok(fwd_changed)
    }

    /// The backward phase (the project finish did not move): seeded by the
    /// tasks in `seeds`, the marked nodes in reverse network order, marking
    /// what each changed node bounds.
    fn backward_marked<'a>(
        &mut self,
        model: &Model,
        m: &mut Marks,
        seeds: impl Iterator<Item = &'a u32>,
    ) -> Result<(), Error> {
        let ix = model.index();
        let n = self.n;
        for &t in seeds {
            let tu = t as usize;
            let o = self.out_node(t);
            m.bwd[o] = true;
            if self.summary[tu] {
                // leaves compare their early start with their parent's
                for &k in ix.children(t) {
                    if !self.summary[k as usize] {
                        m.bwd[k as usize] = true;
                    }
                }
            }
        }
        for &node in ix.event_order.iter().rev() {
            let nu = node as usize;
            if !m.bwd[nu] {
                continue;
            }
            if !self.backward_node::<true>(model, node)? {
                continue;
            }
            let (t, _) = self.node_task(node);
            let tu = t as usize;
            if nu >= n {
                // an exit gate: its descendants inherit its bounds
                for &k in ix.children(t) {
                    let o = self.out_node(k);
                    m.bwd[o] = true;
                }
                continue;
            }
            m.touch(t);
            for k in self.in_start[tu] as usize..self.in_start[tu + 1] as usize {
                let l = &self.links[self.in_links[k] as usize];
                let o = self.out_node(l.pred);
                m.bwd[o] = true;
            }
            let p = ix.task_parent[tu];
            if p != NONE {
                m.bwd[p as usize] = true;
            }
        }
        Ok(())
    }
}

/// A schedule kept up to date across duration edits: after
/// [`Model::set_task_duration`], [`Rescheduler::durations_changed`]
/// computes again only the tasks the new durations can move (the
/// successors' early dates, and the predecessors' late dates unless the
/// project finish moves), and gives the same [`Schedule`] as
/// [`schedule`] would.
///
/// # Example
/// ```
/// use stratops::schedule::{self, Rescheduler};
/// let mut model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "1d"},
///             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
/// let mut r = Rescheduler::new(&model, &Default::default()).unwrap();
/// let a = model.index().task("a").unwrap();
/// model.set_task_duration(a, Some("2d".parse().unwrap())).unwrap();
/// let s = r.durations_changed(&model, &[a]).unwrap();
/// assert_eq!(s.task("b").unwrap().early_start.to_string(), "2025-10-08T08:00:00");
/// let full = schedule::schedule(&model, &Default::default()).unwrap();
/// assert_eq!(s.tasks, full.tasks);
/// ```
pub struct Rescheduler {
    net: Net,
    opts: ScheduleOptions,
    schedule: Schedule,
    /// The last update failed part way: the next one starts afresh.
    stale: bool,
    /// The rows the last update rebuilt, `None` for all of them.
    rows: Option<Vec<u32>>,
}

impl std::fmt::Debug for Rescheduler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rescheduler")
            .field("tasks", &self.net.n)
            .field("links", &self.net.links.len())
            .field("stale", &self.stale)
            .finish()
    }
}

impl Rescheduler {
    /// Schedules `model` in full and keeps what an update needs.
    pub fn new(model: &Model, opts: &ScheduleOptions) -> Result<Rescheduler, Error> {
        let mut net = Net::prepare(model, opts)?;
        net.run_full(model)?;
        let schedule = net.result(model, true)?;
        Ok(Rescheduler {
            net,
            opts: opts.clone(),
            schedule,
            stale: false,
            rows: None,
        })
    }

    /// The current schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The tasks (dense indices) whose rows of [`Rescheduler::schedule`]
    /// the last [`Rescheduler::durations_changed`] rebuilt: every other
    /// row is unchanged since the call before. `None` when every row was
    /// rebuilt (a full schedule, or the project finish moved), and before
    /// any update. The project dates, critical paths and diagnostics are
    /// rebuilt by every update. A face that keeps converted rows uses this
    /// to convert only these (the wasm `scheduleColumns()`).
    pub fn changed_rows(&self) -> Option<&[u32]> {
        self.rows.as_deref()
    }

    /// The current schedule, owned.
    pub fn into_schedule(self) -> Schedule {
        self.schedule
    }

    /// Brings the schedule up to date after the durations of the tasks
    /// `changed` (dense indices, as [`crate::Index::task`] gives) were set
    /// with [`Model::set_task_duration`].
    ///
    /// `model` must be the model this was built from, changed since only
    /// in those durations. When its task or link count differs, or an
    /// earlier update failed, this schedules it in full instead. An index
    /// beyond the model's tasks is an `unknown_task` error. After any other
    /// error, [`Rescheduler::schedule`] is not up to date until the next
    /// call succeeds (which schedules in full).
    pub fn durations_changed(
        &mut self,
        model: &Model,
        changed: &[u32],
    ) -> Result<&Schedule, Error> {
        // whatever happens below, the rows of an earlier call no longer
        // describe the last change
        self.rows = None;
        let n = model.index().tasks.len();
        if let Some(&t) = changed.iter().find(|&&t| t as usize >= n) {
            return Err(Error::calc(
                "unknown_task",
                None,
                format!("no task with index {t}"),
            ));
        }
        if self.stale || n != self.net.n || model.index().dep_pred.len() != self.net.links.len() {
            *self = Rescheduler::new(model, &self.opts)?;
            return Ok(&self.schedule);
        }
        self.stale = true;
        self.rows = self
            .net
            .run_incremental(model, changed, &mut self.schedule)?;
        self.stale = false;
        Ok(&self.schedule)
    }
}
