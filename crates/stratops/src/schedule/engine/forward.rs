//! The forward pass: early dates, in network order, each task from its
//! predecessors' bounds, its summary's entry gate, its constraint, its
//! actuals and the status date; then the project's start and finish.

use super::*;

/// How a constraint moves a leaf's early start.
#[derive(Clone, Copy)]
enum Pull {
    /// SNET, FNET: no earlier than the date.
    Floor,
    /// MSO, MFO: exactly on the date.
    Pin,
    /// SNLT, FNLT when honoured: no later than the date.
    Ceiling,
    /// ASAP, ALAP, or an unhonoured SNLT/FNLT.
    Nothing,
}

impl Net {
    /// Every pass over every node.
    pub(super) fn run_full(&mut self, model: &Model) -> Result<(), Error> {
        let ix = model.index();
        for &node in &ix.event_order {
            self.forward_node::<false>(model, node)?;
        }
        self.finish_bounds(model)?;
        for &node in ix.event_order.iter().rev() {
            self.backward_node::<false>(model, node)?;
        }
        for t in 0..self.n as u32 {
            self.total_float(t)?;
        }
        for t in 0..self.n as u32 {
            self.free_float(t)?;
        }
        Ok(())
    }

    /// The forward pass at one node of [`crate::Index::event_order`].
    /// `TRACK`: whether to compare with the previous figures (an
    /// incremental run); a full run skips the reads.
    #[inline(always)]
    pub(super) fn forward_node<const TRACK: bool>(
        &mut self,
        model: &Model,
        node: u32,
    ) -> Result<Changed, Error> {
        let ix = model.index();
        let (t, exit) = self.node_task(node);
        if exit {
            Ok(self.forward_exit_gate::<TRACK>(ix, t))
        } else if self.summary[t as usize] {
            self.forward_entry_gate::<TRACK>(ix, t)
        } else {
            self.forward_leaf::<TRACK>(ix, t)
        }
    }

    /// A summary's exit gate: the span of its children.
    #[inline(always)]
    fn forward_exit_gate<const TRACK: bool>(&mut self, ix: &crate::Index, t: u32) -> Changed {
        let tu = t as usize;
        let kids = ix.children(t);
        let es = kids.iter().map(|&c| self.es[c as usize]).min().unwrap_or(0);
        let ef = kids.iter().map(|&c| self.ef[c as usize]).max().unwrap_or(0);
        let dates = TRACK && (es, ef) != (self.es[tu], self.ef[tu]);
        self.es[tu] = es;
        self.ef[tu] = ef;
        Changed { dates, row: false }
    }

    /// A summary's entry gate: the start and finish bounds its children
    /// inherit, from its parent's, its own links and its constraint.
    #[inline(always)]
    fn forward_entry_gate<const TRACK: bool>(
        &mut self,
        ix: &crate::Index,
        t: u32,
    ) -> Result<Changed, Error> {
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        let (mut start_bound, mut finish_bound, mut src) = if parent != NONE {
            (
                self.start_bound[parent as usize],
                self.finish_bound[parent as usize],
                self.start_bound_from[parent as usize],
            )
        } else {
            (None, None, NONE)
        };
        let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
        for k in r {
            let li = self.in_links[k] as usize;
            let cv = self.cand(&self.links[li])?;
            self.link_cand[li] = cv.1;
            match cv {
                (Kind::Start, v) if start_bound.is_none_or(|b| v > b) => {
                    start_bound = Some(v);
                    src = t;
                }
                (Kind::Finish, v) if finish_bound.is_none_or(|b| v > b) => finish_bound = Some(v),
                _ => {}
            }
        }
        if let Some((kind, ds, df)) = self.extra(tu).and_then(|e| e.con) {
            match kind {
                ConstraintType::SNET | ConstraintType::MSO
                    if start_bound.is_none_or(|b| ds > b) =>
                {
                    start_bound = Some(ds);
                    src = t;
                }
                ConstraintType::FNET | ConstraintType::MFO => {
                    finish_bound = Some(finish_bound.map_or(df, |b| b.max(df)));
                }
                _ => {}
            }
        }
        let dates = TRACK
            && (start_bound, finish_bound, src)
                != (
                    self.start_bound[tu],
                    self.finish_bound[tu],
                    self.start_bound_from[tu],
                );
        self.start_bound[tu] = start_bound;
        self.finish_bound[tu] = finish_bound;
        self.start_bound_from[tu] = src;
        Ok(Changed { dates, row: false })
    }

    /// A leaf task: its early start from the logic, its constraint, manual
    /// dates, actuals and the status date; then its early finish.
    #[inline(always)]
    fn forward_leaf<const TRACK: bool>(
        &mut self,
        ix: &crate::Index,
        t: u32,
    ) -> Result<Changed, Error> {
        let tu = t as usize;
        let (mut es, mut driver, unlinked) = self.logic_start(ix, t)?;
        let c = self.c(t);
        let ext = self.extra(tu);
        let mut conflict = false;
        if let Some((con_kind, ds, df)) = ext.and_then(|e| e.con) {
            let at_start = || c.next_start(ds);
            let at_finish = || self.start_for_finish(t, df);
            let (v, pull) = match con_kind {
                ConstraintType::SNET => (at_start()?, Pull::Floor),
                ConstraintType::FNET => (at_finish()?, Pull::Floor),
                ConstraintType::MSO => (at_start()?, Pull::Pin),
                ConstraintType::MFO => (at_finish()?, Pull::Pin),
                ConstraintType::SNLT if self.honor => (at_start()?, Pull::Ceiling),
                ConstraintType::FNLT if self.honor => (at_finish()?, Pull::Ceiling),
                _ => (es, Pull::Nothing),
            };
            conflict = matches!(pull, Pull::Pin | Pull::Ceiling) && v < es;
            let applies = match pull {
                // No predecessor, own or inherited from a summary: an SNET
                // or FNET date replaces the project start, even when
                // earlier (MS Project).
                Pull::Floor => v > es || unlinked,
                Pull::Pin => true,
                Pull::Ceiling => v < es,
                Pull::Nothing => false,
            };
            if applies {
                es = v;
                driver = Drv::Constraint;
            }
        }
        // A milestone driven by a link sits at its predecessor's finish
        // (Monday 17:00, not Tuesday 08:00), as MS Project shows it.
        if self.dur[tu] == 0 && matches!(driver, Drv::Link(_)) {
            es = c.prev_finish(es)?;
        }
        // The date the logic allows, before actuals and entered dates.
        let logic_es = es;
        // A manual task sits on its entered dates.
        let manual = ext.and_then(|e| e.manual);
        if let Some((start, _, _)) = manual {
            es = match start {
                Some(d) => d,
                None => c.next_start(self.plan_start[tu])?,
            };
            driver = Drv::Manual;
        }
        if let Some(a) = ext.and_then(|e| e.act_start) {
            es = a;
            driver = Drv::Actual;
        }
        // With a status date, work not done waits for it: an unstarted task
        // starts after it; a started one resumes its remaining work after it
        // (and, with retained logic, after what its predecessors allow).
        let mut resume: Option<(i64, i64)> = None;
        if let (Some(sd), None) = (self.status, manual) {
            if !ext.is_some_and(Extra::complete) {
                let after = c.next_start(sd)?;
                if let Some(e) = ext.filter(|e| e.act_start.is_some() || e.pct > 0.0) {
                    let mut r = after.max(es);
                    if !self.progress_override {
                        r = r.max(logic_es);
                    }
                    let rem = e.rem.unwrap_or_else(|| {
                        ((self.dur[tu] as f64) * (100.0 - e.pct) / 100.0).round() as i64
                    });
                    resume = Some((r, rem));
                } else if after > es {
                    es = after;
                    driver = Drv::StatusDate;
                }
            }
        }
        let (es, ef) = self.early_finish(t, es, resume)?;
        let dates = TRACK && (es, ef) != (self.es[tu], self.ef[tu]);
        let row = TRACK && (driver != self.drivers[tu] || conflict != self.conflict[tu]);
        self.es[tu] = es;
        self.ef[tu] = ef;
        self.drivers[tu] = driver;
        self.conflict[tu] = conflict;
        Ok(Changed { dates, row })
    }

    /// A leaf's early start from the logic alone: the project start, its
    /// summary's inherited bounds and its own links. Also says whether the
    /// task is unlinked (no predecessor, own or inherited).
    #[inline(always)]
    fn logic_start(&mut self, ix: &crate::Index, t: u32) -> Result<(i64, Drv, bool), Error> {
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        let c = self.c(t);
        let mut es = c.next_start(self.plan_start[tu])?;
        let mut driver = Drv::ProjectStart;
        if parent != NONE {
            let pu = parent as usize;
            if let Some(start_bound) = self.start_bound[pu] {
                let v = c.next_start(start_bound)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(self.start_bound_from[pu]);
                }
            }
            if let Some(finish_bound) = self.finish_bound[pu] {
                let v = self.start_for_finish(t, finish_bound)?;
                if v > es {
                    es = v;
                    driver = Drv::Summary(parent);
                }
            }
        }
        let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
        let unlinked = r.is_empty()
            && (parent == NONE
                || (self.start_bound[parent as usize].is_none()
                    && self.finish_bound[parent as usize].is_none()));
        for k in r {
            let li = self.in_links[k];
            let l = &self.links[li as usize];
            let cv = self.cand(l)?;
            self.link_cand[li as usize] = cv.1;
            let c = self.c(t);
            let v = match cv {
                (Kind::Start, v) => c.next_start(v)?,
                (Kind::Finish, v) => self.start_for_finish(t, v)?,
            };
            if v > es {
                es = v;
                driver = Drv::Link(li);
            }
        }
        Ok((es, driver, unlinked))
    }

    /// A leaf's early finish from its early start: the remaining work after
    /// a status date, a manual task's entered finish, its driving
    /// assignments (each on its resource's calendar; the start moves to the
    /// first resource's), or its duration; an actual finish wins. Returns
    /// the (possibly moved) start and the finish.
    #[inline(always)]
    fn early_finish(
        &self,
        t: u32,
        mut es: i64,
        resume: Option<(i64, i64)>,
    ) -> Result<(i64, i64), Error> {
        let tu = t as usize;
        let c = self.c(t);
        let ext = self.extra(tu);
        let manual = ext.and_then(|e| e.manual);
        let drive = ext.and_then(|e| e.drive);
        let mut ef = match (manual, drive) {
            _ if resume.is_some() => {
                let (r, rem) = resume.unwrap_or_default();
                if rem > 0 {
                    self.dcal(t).add(r, rem)?
                } else {
                    c.prev_finish(r)?.max(es)
                }
            }
            (Some((_, Some(f), _)), _) if ext.is_none_or(|e| e.act_start.is_none()) => f,
            (_, Some((from, to))) => {
                let started = ext.is_some_and(|e| e.act_start.is_some());
                let mut first: Option<i64> = None;
                let mut last: Option<i64> = None;
                for &(rc, m) in &self.drive[from as usize..to as usize] {
                    let rcal = &self.cals[rc as usize];
                    let st = if started { es } else { rcal.next_start(es)? };
                    let f = rcal.add(st, m)?;
                    first = Some(first.map_or(st, |x| x.min(st)));
                    last = Some(last.map_or(f, |x| x.max(f)));
                }
                es = first.unwrap_or(es);
                last.unwrap_or(es)
            }
            _ if self.dur[tu] == 0 => es,
            _ => self.dcal(t).add(es, self.dur[tu])?,
        };
        if let Some((a, is_date)) = ext.and_then(|e| e.act_finish) {
            ef = if is_date { c.prev_finish(a)? } else { a };
        }
        Ok((es, ef))
    }

    /// The project's start and finish, once the forward pass is done.
    /// Returns whether the finish moved.
    pub(super) fn finish_bounds(&mut self, model: &Model) -> Result<bool, Error> {
        let doc = model.document();
        let starts = doc
            .plans
            .iter()
            .filter(|p| !p.tasks.is_empty())
            .map(|p| to_minutes(p.horizon.start.start_of_day()))
            .min();
        let project_start_raw = match starts {
            Some(s) => s,
            None => match doc
                .plans
                .iter()
                .map(|p| to_minutes(p.horizon.start.start_of_day()))
                .min()
            {
                Some(s) => s,
                None => {
                    return Err(Error::calc(
                        crate::error::codes::NO_PLANS,
                        None,
                        "the document has no plans to schedule",
                    ))
                }
            },
        };
        let mut pf: Option<i64> = None;
        let mut ps: Option<i64> = None;
        for t in 0..self.n {
            if !self.summary[t] {
                pf = Some(pf.map_or(self.ef[t], |x| x.max(self.ef[t])));
                ps = Some(ps.map_or(self.es[t], |x| x.min(self.es[t])));
            }
        }
        let pf = pf.unwrap_or(project_start_raw);
        let moved = pf != self.pf;
        self.pf = pf;
        self.project_start = ps.unwrap_or(project_start_raw);
        Ok(moved)
    }
}
