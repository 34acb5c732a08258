//! The backward pass and the floats: late dates in reverse network order
//! from the project finish, summary exit gates and late caps; then total
//! and free float.

use super::*;

impl Net {
    /// The backward pass at one node. `TRACK` as for
    /// [`Net::forward_node`].
    #[inline(always)]
    pub(super) fn backward_node<const TRACK: bool>(
        &mut self,
        model: &Model,
        node: u32,
    ) -> Result<bool, Error> {
        let ix = model.index();
        let (t, exit) = self.node_task(node);
        let tu = t as usize;
        let parent = ix.task_parent[tu];
        let (fc, sc) = self.extra(tu).map_or((None, None), |e| (e.cap_f, e.cap_s));
        if exit {
            let mut f = if parent != NONE {
                self.late_finish_bound[parent as usize]
            } else {
                None
            };
            let mut s: Option<i64> = None;
            for l in self.outgoing(t) {
                match self.late_cand(l)? {
                    (Kind::Finish, v) => f = Some(f.map_or(v, |b| b.min(v))),
                    (Kind::Start, v) => s = Some(s.map_or(v, |b| b.min(v))),
                }
            }
            if let Some(v) = fc {
                f = Some(f.map_or(v, |b| b.min(v)));
            }
            if let Some(v) = sc {
                s = Some(s.map_or(v, |b| b.min(v)));
            }
            let changed =
                TRACK && (f, s) != (self.late_finish_bound[tu], self.late_start_bound[tu]);
            self.late_finish_bound[tu] = f;
            self.late_start_bound[tu] = s;
            return Ok(changed);
        }
        let (ls, lf, leaf_late_finish_min) = if self.summary[tu] {
            let kids = ix.children(t);
            (
                kids.iter().map(|&c| self.ls[c as usize]).min().unwrap_or(0),
                kids.iter().map(|&c| self.lf[c as usize]).max().unwrap_or(0),
                kids.iter()
                    .map(|&c| self.leaf_late_finish_min[c as usize])
                    .min()
                    .unwrap_or(0),
            )
        } else {
            let c = self.c(t);
            let mut lf = self.pf;
            let mut ls_bound: Option<i64> = None;
            if parent != NONE {
                let pu = parent as usize;
                if let Some(f) = self.late_finish_bound[pu] {
                    lf = lf.min(f);
                }
                if let Some(s) = self.late_start_bound[pu] {
                    if self.es[tu] == self.es[pu] {
                        ls_bound = Some(s);
                    }
                }
            }
            for l in self.outgoing(t) {
                match self.late_cand(l)? {
                    (Kind::Finish, v) => lf = lf.min(v),
                    (Kind::Start, v) => ls_bound = Some(ls_bound.map_or(v, |b| b.min(v))),
                }
            }
            if let Some(v) = fc {
                lf = lf.min(v);
            }
            if let Some(v) = sc {
                ls_bound = Some(ls_bound.map_or(v, |b| b.min(v)));
            }
            if let Some(s) = ls_bound {
                lf = lf.min(self.finish_for_start(t, s)?);
            }
            match self.extra(tu).and_then(|e| e.drive) {
                Some((from, to)) => {
                    // Each assignment finishes by the bound on its
                    // resource's calendar; the task spans them.
                    let mut first: Option<i64> = None;
                    let mut last: Option<i64> = None;
                    for &(rc, m) in &self.drive[from as usize..to as usize] {
                        let rcal = &self.cals[rc as usize];
                        let f = rcal.prev_finish(lf)?;
                        let st = rcal.sub(f, m)?;
                        first = Some(first.map_or(st, |x| x.min(st)));
                        last = Some(last.map_or(f, |x| x.max(f)));
                    }
                    let lf = last.unwrap_or(lf);
                    (first.unwrap_or(lf), lf, lf)
                }
                None => {
                    // An elapsed task runs through non-working time, so it
                    // may end as late as the next working minute (MS
                    // Project: a bound of Friday 17:00 lets it end Monday
                    // 08:00).
                    let lf = if self.elapsed[tu] && self.dur[tu] > 0 {
                        c.next_start(lf)?
                    } else {
                        c.prev_finish(lf)?
                    };
                    let ls = if self.dur[tu] == 0 {
                        lf
                    } else {
                        self.dcal(t).sub(lf, self.dur[tu])?
                    };
                    (ls, lf, lf)
                }
            }
        };
        let changed = TRACK
            && (ls, lf, leaf_late_finish_min)
                != (self.ls[tu], self.lf[tu], self.leaf_late_finish_min[tu]);
        self.ls[tu] = ls;
        self.lf[tu] = lf;
        self.leaf_late_finish_min[tu] = leaf_late_finish_min;
        Ok(changed)
    }

    /// Total float: the lesser of start and finish slack.
    #[inline(always)]
    pub(super) fn total_float(&mut self, t: u32) -> Result<(), Error> {
        let tu = t as usize;
        // Slack of an elapsed task is in elapsed minutes.
        let c = self.dcal(t);
        let finish = c.between(self.ef[tu], self.lf[tu])?;
        // A started task has only finish slack: its start is history.
        self.tf[tu] = if self.started(tu) {
            finish
        } else {
            c.between(self.es[tu], self.ls[tu])?.min(finish)
        };
        Ok(())
    }

    /// Free float of a leaf: the least gap to a successor, or to the
    /// project finish. Needs the task's total float.
    #[inline(always)]
    pub(super) fn free_float(&mut self, t: u32) -> Result<(), Error> {
        let tu = t as usize;
        if self.summary[tu] {
            return Ok(());
        }
        let c = self.c(t);
        let mut gap: Option<i64> = None;
        let r = self.out_start[tu] as usize..self.out_start[tu + 1] as usize;
        for (l, &li) in self.links_out[r.clone()].iter().zip(&self.out_links[r]) {
            let s = l.succ as usize;
            let v = self.link_cand[li as usize];
            let g = match l.ty {
                LinkType::FS | LinkType::SS => c.between(v, self.es[s])?,
                LinkType::FF | LinkType::SF => c.between(v, self.ef[s])?,
            };
            gap = Some(gap.map_or(g, |x| x.min(g)));
        }
        let g = match gap {
            Some(g) => g,
            None if self.elapsed[tu] && self.dur[tu] > 0 => self
                .dcal(t)
                .between(self.ef[tu], self.c(t).next_start(self.pf)?)?,
            None => c.between(self.ef[tu], self.pf)?,
        };
        self.ff[tu] = g.min(self.tf[tu]).max(0);
        Ok(())
    }
}
