//! Interactive editing: transactions of [`Edit`]s with change lists, undo
//! and redo (see `docs/editing.md`).
//!
//! An [`Editor`] owns a [`Model`] and its schedule. [`Editor::apply`]
//! applies a list of edits atomically: each edit is checked and applied in
//! turn, then the document is validated once and rescheduled once
//! (incrementally when the transaction only changes durations of work
//! tasks). If any edit is refused, every change made so far is rolled back
//! and the error is an [`Error::Edit`] naming the edit (`path` is
//! `edits[i]`) around the refusal (its code, id and diagnostics: a cycle
//! is `dependency_cycle`, an invalid result `invalid` with the
//! diagnostics). The
//! result is a [`ChangeSet`]: the tasks whose dates or floats moved, the
//! project finish, whether the critical path changed.
//!
//! Every applied transaction records its inverse (the entities as they
//! were, not copies of the document), so [`Editor::undo`] restores the
//! document and the schedule exactly and [`Editor::redo`] re-applies it.
//! The history keeps at most [`HISTORY_STEPS`] transactions and
//! [`HISTORY_ENTITIES`] recorded entities; older steps are dropped, and a
//! transaction larger than that cannot be undone.
//!
//! ```
//! use stratops::edit::{Edit, Editor};
//! use stratops::Model;
//! let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
//!   "tasks": [{"id": "a", "name": "A", "duration": "2d"},
//!             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}]}]}"#).unwrap();
//! let mut ed = Editor::new(model, Default::default()).unwrap();
//! let edits: Vec<Edit> = serde_json::from_str(r#"[
//!   {"op": "updateTask", "id": "a", "set": {"duration": "4d"}},
//!   {"op": "addTask", "task": {"id": "c", "name": "C", "duration": "1d", "dependencies": [{"predecessor": "b"}]}}
//! ]"#).unwrap();
//! let changes = ed.apply(&edits).unwrap();
//! assert_eq!(changes.changed_tasks, ["a", "b"]);
//! assert_eq!(changes.added_tasks, ["c"]);
//! assert_eq!(changes.project_finish.to_string(), "2025-10-13T17:00:00");
//! // a cycle is refused: nothing changes, and the error names the edit
//! let cycle: Vec<Edit> = serde_json::from_str(r#"[
//!   {"op": "addDependency", "successor": "a", "predecessor": "c"}]"#).unwrap();
//! let err = ed.apply(&cycle).unwrap_err();
//! assert_eq!((err.code(), err.path()), ("dependency_cycle", Some("edits[0]")));
//! ed.undo().unwrap();
//! assert_eq!(ed.schedule().unwrap().project_finish.to_string(), "2025-10-08T17:00:00");
//! ```

mod kinds;
mod ops;

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

pub use ops::Edit;
use ops::{duration_value, fast_task, Inverse, Locator};

use crate::error::Diagnostic;
use crate::schedule::{Rescheduler, Schedule, ScheduleOptions};
use crate::values::{DateTime, Duration};
use crate::{Error, Model};

/// The most transactions the history keeps.
pub const HISTORY_STEPS: usize = 200;
/// The most recorded entities (inverses) the history keeps in all.
pub const HISTORY_ENTITIES: usize = 200_000;

/// What a transaction (or an undo or redo) changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSet {
    /// Tasks (present before and after) whose dates, floats or criticality
    /// moved, in document order.
    pub changed_tasks: Vec<String>,
    /// Tasks that exist now and did not before.
    pub added_tasks: Vec<String>,
    /// Tasks that existed before and do not now.
    pub removed_tasks: Vec<String>,
    /// The project finish now.
    pub project_finish: DateTime,
    /// The project finish before.
    pub project_finish_before: DateTime,
    /// Whether the critical paths changed.
    pub critical_path_changed: bool,
    /// The schedule's diagnostics now (constraint conflicts, missed
    /// deadlines) and the document's warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// The edits applied (0 for an empty transaction).
    pub edits: usize,
}

/// A fast-path duration change: (task, old, new).
type DurationChange = (u32, Option<Duration>, Option<Duration>);

/// One applied transaction.
#[derive(Debug, Clone)]
struct Step {
    edits: Vec<Edit>,
    /// Inverses in the order the changes were made.
    inverse: Vec<Inverse>,
    /// For a durations-only transaction: (task, old, new) per edit.
    fast: Option<Vec<DurationChange>>,
}

impl Step {
    /// What the step holds, for the history's bound.
    fn size(&self) -> usize {
        self.inverse.len() + self.fast.as_ref().map_or(0, Vec::len)
    }
}

/// The compact state of a schedule a change set is computed against.
struct Before {
    ids: Option<Vec<String>>,
    times: Vec<Times>,
    /// The revision `times` describe.
    revision: u64,
    finish: DateTime,
    paths: u64,
}

/// What a change set compares per task: the four dates, both floats and
/// the critical flag.
type Times = ([DateTime; 4], i64, i64, bool);

fn times(s: &Schedule) -> Vec<Times> {
    s.tasks.iter().map(row_times).collect()
}

fn row_times(t: &crate::schedule::TaskTimes) -> Times {
    (
        [t.early_start, t.early_finish, t.late_start, t.late_finish],
        t.total_float_min,
        t.free_float_min,
        t.critical,
    )
}

/// A fingerprint of the critical paths (FNV-1a over their ids), so that a
/// change set need not copy them.
fn paths_hash(paths: &[Vec<String>]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    };
    for p in paths {
        for id in p {
            id.bytes().for_each(&mut eat);
            eat(0xFF);
        }
        eat(0xFE);
    }
    h
}

/// A model, its schedule and an edit history.
#[derive(Debug)]
pub struct Editor {
    model: Model,
    /// The schedule, computed on first need ([`Editor::lazy`]).
    resched: Option<Rescheduler>,
    opts: ScheduleOptions,
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    recorded: usize,
    generation: u64,
    /// Counts the changes of the schedule (see [`Editor::schedule_changes`]).
    revision: u64,
    /// The compared times of the schedule at a revision, kept between
    /// change sets so that a duration edit compares only the rows it
    /// rebuilt instead of copying every task's times twice.
    shown: Option<(u64, Vec<Times>)>,
}

impl Editor {
    /// Schedules `model` with `opts` (every reschedule uses them).
    pub fn new(model: Model, opts: ScheduleOptions) -> Result<Editor, Error> {
        let mut ed = Editor::lazy(model, opts);
        ed.ensure()?;
        Ok(ed)
    }

    /// An editor that schedules on first need (the first edit, undo or
    /// [`Editor::schedule`]).
    pub fn lazy(model: Model, opts: ScheduleOptions) -> Editor {
        Editor {
            model,
            resched: None,
            opts,
            undo: VecDeque::new(),
            redo: Vec::new(),
            recorded: 0,
            generation: 0,
            revision: 0,
            shown: None,
        }
    }

    fn ensure(&mut self) -> Result<&mut Rescheduler, Error> {
        if self.resched.is_none() {
            self.resched = Some(Rescheduler::new(&self.model, &self.opts)?);
            self.revision += 1;
        }
        match &mut self.resched {
            Some(r) => Ok(r),
            None => Err(Error::calc(
                crate::error::codes::INTERNAL,
                None,
                "no schedule",
            )),
        }
    }

    /// The schedule, once `ensure` has computed it.
    fn computed(&self) -> Result<&Schedule, Error> {
        self.cached_schedule()
            .ok_or_else(|| Error::calc(crate::error::codes::INTERNAL, None, "no schedule"))
    }

    /// The model as edited.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Its schedule, computed if needed.
    pub fn schedule(&mut self) -> Result<&Schedule, Error> {
        Ok(self.ensure()?.schedule())
    }

    /// Its schedule, if computed (always after an edit, undo or redo).
    pub fn cached_schedule(&self) -> Option<&Schedule> {
        self.resched.as_ref().map(Rescheduler::schedule)
    }

    /// Gives the model back.
    pub fn into_model(self) -> Model {
        self.model
    }

    /// A number that changes whenever the task list may have changed
    /// (any transaction, undo or redo other than duration changes): a face
    /// that caches the task ids compares it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How the schedule changed: a number that grows with every change of
    /// [`Editor::cached_schedule`] (first computed, edited, undone, redone,
    /// or computed again after a refused edit), and the tasks (dense
    /// indices) whose rows the last change rebuilt, `None` when it may have
    /// changed any row. A face that keeps rows converted from the schedule
    /// at revision `r` and finds `r + 1` here converts again only these
    /// rows, and everything when the revision is further on (the wasm
    /// `scheduleColumns()`).
    pub fn schedule_changes(&self) -> (u64, Option<&[u32]>) {
        let rows = match &self.resched {
            Some(r) => r.changed_rows(),
            None => None,
        };
        (self.revision, rows)
    }

    /// Whether there is a transaction to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a transaction to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies `edits` atomically (see the module docs). Clears the redo
    /// list.
    pub fn apply(&mut self, edits: &[Edit]) -> Result<ChangeSet, Error> {
        let before = self.before(edits)?;
        let step = self.apply_step(edits)?;
        self.redo.clear();
        self.record(step);
        self.changes(before, edits.len())
    }

    /// Undoes the last transaction; `None` when there is none.
    pub fn undo(&mut self) -> Result<Option<ChangeSet>, Error> {
        let Some(step) = self.undo.pop_back() else {
            return Ok(None);
        };
        let before = match self.before(&step.edits) {
            Ok(b) => b,
            Err(e) => {
                self.undo.push_back(step);
                return Err(e);
            }
        };
        if let Err(e) = self.revert(&step) {
            // the plan is as it was before this undo; the step stays
            self.undo.push_back(step);
            return Err(e);
        }
        self.recorded -= step.size();
        self.generation += u64::from(step.fast.is_none());
        let n = step.edits.len();
        self.redo.push(step);
        self.changes(before, n).map(Some)
    }

    /// Re-applies the last undone transaction; `None` when there is none.
    pub fn redo(&mut self) -> Result<Option<ChangeSet>, Error> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        let before = match self.before(&step.edits) {
            Ok(b) => b,
            Err(e) => {
                self.redo.push(step);
                return Err(e);
            }
        };
        let again = match self.apply_step(&step.edits) {
            Ok(a) => a,
            Err(e) => {
                self.redo.push(step);
                return Err(e);
            }
        };
        self.record(again);
        self.changes(before, step.edits.len()).map(Some)
    }

    fn record(&mut self, step: Step) {
        if step.size() > HISTORY_ENTITIES {
            // too large to keep: the history before it no longer applies
            self.undo.clear();
            self.recorded = 0;
            return;
        }
        self.recorded += step.size();
        self.undo.push_back(step);
        while self.undo.len() > HISTORY_STEPS || self.recorded > HISTORY_ENTITIES {
            match self.undo.pop_front() {
                Some(old) => self.recorded -= old.size(),
                None => break,
            }
        }
    }

    fn before(&mut self, edits: &[Edit]) -> Result<Before, Error> {
        let shown = self.shown.take();
        self.ensure()?;
        let revision = self.revision;
        let s = self.computed()?;
        let structural = !edits.iter().all(|e| e.duration_only().is_some());
        let times = match shown {
            Some((r, t)) if r == revision && t.len() == s.tasks.len() => t,
            _ => times(s),
        };
        Ok(Before {
            ids: structural.then(|| s.tasks.iter().map(|t| t.id.clone()).collect()),
            times,
            revision,
            finish: s.project_finish,
            paths: paths_hash(&s.critical_paths),
        })
    }

    fn changes(&mut self, b: Before, edits: usize) -> Result<ChangeSet, Error> {
        self.ensure()?;
        let (revision, rows) = self.schedule_changes();
        let s = self.computed()?;
        let (mut changed, mut added, mut removed) = (Vec::new(), Vec::new(), Vec::new());
        let mut shown = b.times;
        // One change since `before` that rebuilt only `rows`: the other
        // rows are as they were, so only these are compared (and updated).
        let rows = rows.filter(|_| {
            b.ids.is_none() && revision == b.revision + 1 && shown.len() == s.tasks.len()
        });
        match (b.ids, rows) {
            (None, Some(rows)) => {
                // a mask rather than a sort keeps the document order (and
                // the first screen's module 1.7 KB smaller)
                let mut moved = vec![false; s.tasks.len()];
                for &k in rows {
                    let k = k as usize;
                    if let (Some(t), Some(old)) = (s.tasks.get(k), shown.get_mut(k)) {
                        let now = row_times(t);
                        if *old != now {
                            *old = now;
                            moved[k] = true;
                        }
                    }
                }
                changed.extend(
                    s.tasks
                        .iter()
                        .zip(moved)
                        .filter(|(_, m)| *m)
                        .map(|(t, _)| t.id.clone()),
                );
            }
            (None, None) => {
                let now = times(s);
                for (k, t) in s.tasks.iter().enumerate() {
                    if shown.get(k) != now.get(k) {
                        changed.push(t.id.clone());
                    }
                }
                shown = now;
            }
            (Some(ids), _) => {
                let now = times(s);
                let old: HashMap<&str, usize> = ids
                    .iter()
                    .enumerate()
                    .map(|(k, id)| (id.as_str(), k))
                    .collect();
                let mut seen = vec![false; ids.len()];
                for (k, t) in s.tasks.iter().enumerate() {
                    match old.get(t.id.as_str()) {
                        Some(&o) => {
                            seen[o] = true;
                            if shown[o] != now[k] {
                                changed.push(t.id.clone());
                            }
                        }
                        None => added.push(t.id.clone()),
                    }
                }
                removed.extend(
                    ids.into_iter()
                        .zip(seen)
                        .filter(|(_, seen)| !seen)
                        .map(|(id, _)| id),
                );
                shown = now;
            }
        }
        let mut diagnostics = s.diagnostics.clone();
        diagnostics.extend(self.model.warnings().iter().cloned());
        let project_finish = s.project_finish;
        let critical_path_changed = paths_hash(&s.critical_paths) != b.paths;
        self.shown = Some((revision, shown));
        Ok(ChangeSet {
            changed_tasks: changed,
            added_tasks: added,
            removed_tasks: removed,
            project_finish,
            project_finish_before: b.finish,
            critical_path_changed,
            diagnostics,
            edits,
        })
    }

    /// Applies a transaction and reschedules; on error nothing changed.
    fn apply_step(&mut self, edits: &[Edit]) -> Result<Step, Error> {
        if !edits.is_empty()
            && edits.iter().all(|e| {
                e.duration_only()
                    .is_some_and(|(id, _)| fast_task(&self.model, id).is_some())
            })
        {
            return self.apply_fast(edits);
        }
        let mut inverse = Vec::new();
        let failed = {
            let model = &mut self.model;
            let mut loc = Locator::new(&model.index);
            edits.iter().enumerate().find_map(|(k, e)| {
                ops::apply(&mut model.doc, e, &mut loc, &mut inverse)
                    .err()
                    .map(|err| (k, err))
            })
        };
        if let Some((k, e)) = failed {
            for inv in inverse.into_iter().rev() {
                inv.undo(&mut self.model.doc);
            }
            return Err(at(k, edits, e));
        }
        let doc = std::mem::take(&mut self.model.doc);
        match Model::try_new(doc) {
            Ok(m) => match Rescheduler::new(&m, &self.opts) {
                Ok(r) => {
                    self.model = m;
                    self.resched = Some(r);
                    self.revision += 1;
                    self.generation += 1;
                    Ok(Step {
                        edits: edits.to_vec(),
                        inverse,
                        fast: None,
                    })
                }
                Err(e) => {
                    // an engine refusal (a calendar too large, a date out
                    // of range): put the document back as it was; the old
                    // model's index and schedule still describe it
                    let mut doc = m.into_document();
                    for inv in inverse.into_iter().rev() {
                        inv.undo(&mut doc);
                    }
                    self.model.doc = doc;
                    Err(at(edits.len().saturating_sub(1), edits, e))
                }
            },
            Err(refused) => {
                let (err, mut doc) = *refused;
                for inv in inverse.into_iter().rev() {
                    inv.undo(&mut doc);
                }
                let k = culprit(&doc, edits, &self.model.index);
                self.model.doc = doc;
                Err(at(k, edits, err))
            }
        }
    }

    fn apply_fast(&mut self, edits: &[Edit]) -> Result<Step, Error> {
        let mut done: Vec<DurationChange> = Vec::new();
        let mut result = Ok(());
        for (k, e) in edits.iter().enumerate() {
            let Some((id, v)) = e.duration_only() else {
                continue;
            };
            let Some(t) = fast_task(&self.model, id) else {
                continue;
            };
            let old = self.model.task(t).duration;
            let r =
                duration_value(v, id).and_then(|d| self.model.set_task_duration(t, d).map(|()| d));
            match r {
                Ok(new) => done.push((t, old, new)),
                Err(err) => {
                    result = Err(at(k, edits, err));
                    break;
                }
            }
        }
        if let Err(e) = result {
            for &(t, old, _) in done.iter().rev() {
                let _ = self.model.set_task_duration(t, old);
            }
            return Err(e);
        }
        let changed: Vec<u32> = done.iter().map(|x| x.0).collect();
        let model = &self.model;
        let r = match &mut self.resched {
            Some(r) => r.durations_changed(model, &changed).map(|_| ()),
            None => Ok(()),
        };
        self.revision += 1;
        if let Err(e) = r {
            for &(t, old, _) in done.iter().rev() {
                let _ = self.model.set_task_duration(t, old);
            }
            self.revision += 1;
            self.resched = Some(Rescheduler::new(&self.model, &self.opts)?);
            return Err(at(edits.len() - 1, edits, e));
        }
        Ok(Step {
            edits: edits.to_vec(),
            inverse: Vec::new(),
            fast: Some(done),
        })
    }

    /// Undoes `step` on the model and the schedule; on error the plan is
    /// left as it was (the step's result).
    fn revert(&mut self, step: &Step) -> Result<(), Error> {
        if let Some(fast) = &step.fast {
            let mut changed = Vec::with_capacity(fast.len());
            for &(t, old, _) in fast.iter().rev() {
                // the old durations were valid on this model
                let _ = self.model.set_task_duration(t, old);
                changed.push(t);
            }
            let model = &self.model;
            let r = match &mut self.resched {
                Some(r) => r.durations_changed(model, &changed).map(|_| ()),
                None => Ok(()),
            };
            self.revision += 1;
            if let Err(e) = r {
                for &(t, _, new) in fast {
                    let _ = self.model.set_task_duration(t, new);
                }
                self.revision += 1;
                self.resched = Some(Rescheduler::new(&self.model, &self.opts)?);
                return Err(e);
            }
            return Ok(());
        }
        let mut doc = std::mem::take(&mut self.model.doc);
        for inv in step.inverse.iter().rev() {
            inv.clone().undo(&mut doc);
        }
        let failed = match Model::try_new(doc) {
            Ok(m) => match Rescheduler::new(&m, &self.opts) {
                Ok(r) => {
                    self.model = m;
                    self.resched = Some(r);
                    self.revision += 1;
                    return Ok(());
                }
                Err(e) => (e, m.into_document()),
            },
            Err(refused) => *refused,
        };
        // put the step's result back: the model's index and schedule still
        // describe it
        let (err, mut doc) = failed;
        let mut loc = Locator::scanning(&self.model.index);
        let mut scratch = Vec::new();
        for e in &step.edits {
            let _ = ops::apply(&mut doc, e, &mut loc, &mut scratch);
        }
        self.model.doc = doc;
        Err(err)
    }
}

/// Wraps the refusal of edit `k`: `path` is `edits[k]`; the code, id and
/// diagnostics stay the refusal's.
fn at(k: usize, edits: &[Edit], e: Error) -> Error {
    if let Error::Edit(_) = e {
        return e;
    }
    Error::Edit(crate::error::EditError {
        index: k,
        op: edits.get(k).map_or("edit", Edit::op).to_string(),
        path: format!("edits[{k}]"),
        error: Box::new(e),
    })
}

/// The first edit after which the document is invalid: a binary search
/// over prefixes, each applied to a copy of the (restored) document.
fn culprit(doc: &crate::Document, edits: &[Edit], index: &crate::Index) -> usize {
    let invalid = |k: usize| {
        let mut copy = doc.clone();
        let mut inv = Vec::new();
        let mut loc = Locator::new(index);
        for e in &edits[..=k] {
            if ops::apply(&mut copy, e, &mut loc, &mut inv).is_err() {
                return true;
            }
        }
        crate::validate(&copy).iter().any(Diagnostic::is_error)
    };
    let (mut lo, mut hi) = (0usize, edits.len().saturating_sub(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if invalid(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}
