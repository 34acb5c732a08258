//! The resource-constrained project scheduling problem (RCPSP) on a grid of
//! whole periods: schedule generation, priority rules and justification.
//!
//! An activity `j` has a duration `dur[j]` in periods, a release (earliest
//! start) and a request per resource; a resource has a capacity per period.
//! Precedence is a set of minimum start-to-start lags `s[j] >= s[i] + delta`
//! (every MS Project link type reduces to one: FS `d_i + lag`, SS `lag`, FF
//! `d_i + lag - d_j`, SF `lag - d_j`). Requests and capacities are integers
//! (thousandths of a unit in stratops plans, whole units in PSPLIB).
//!
//! The serial schedule generation scheme (SGS) takes activities in a
//! precedence-feasible list and puts each at its earliest precedence- and
//! resource-feasible start; the parallel scheme walks time and starts, at
//! each decision point, the eligible activities that fit, in priority order
//! (Kolisch 1996, "Serial and parallel resource-constrained project
//! scheduling methods revisited"). Justification (forward-backward
//! improvement, Valls, Ballestín and Quintanilla 2005) right-shifts every
//! activity in order of decreasing finish, then left-shifts them again in
//! order of increasing start; it never lengthens a schedule.
//!
//! Nothing here recurses, and the resource profile grows only to the
//! schedule's length, bounded by [`MAX_CELLS`].

use crate::Error;

/// The largest resource profile (periods x resources) a run may allocate.
pub const MAX_CELLS: usize = 64 << 20;

/// One RCPSP instance.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Duration of each activity, in periods (>= 0).
    pub dur: Vec<i64>,
    /// Earliest start of each activity (>= 0).
    pub release: Vec<i64>,
    /// Activities that are never moved for resources (placed at their
    /// precedence-feasible earliest start, their load still counted).
    pub pinned: Vec<bool>,
    /// The capacity of each resource.
    pub cap: Vec<i64>,
    /// CSR offsets into `req` per activity.
    pub req_start: Vec<u32>,
    /// `(resource, amount)` requests, amount > 0.
    pub req: Vec<(u32, i64)>,
    /// CSR offsets into `pred` per activity.
    pub pred_start: Vec<u32>,
    /// `(predecessor, delta)`: `s[j] >= s[pred] + delta`.
    pub pred: Vec<(u32, i64)>,
    /// CSR offsets into `succ` per activity.
    pub succ_start: Vec<u32>,
    /// `(successor, delta)`, the same links seen from the predecessor.
    pub succ: Vec<(u32, i64)>,
}

/// A link from the problem's link list: `(pred, succ, delta)`.
pub type Lag = (u32, u32, i64);

fn csr(
    n: usize,
    items: impl Iterator<Item = (u32, (u32, i64))> + Clone,
) -> (Vec<u32>, Vec<(u32, i64)>) {
    let mut start = vec![0u32; n + 1];
    for (k, _) in items.clone() {
        start[k as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut out = vec![(0u32, 0i64); start[n] as usize];
    for (k, v) in items {
        out[fill[k as usize] as usize] = v;
        fill[k as usize] += 1;
    }
    (start, out)
}

impl Problem {
    /// Builds a problem. `requests[j]` lists `(resource, amount)`; links are
    /// `(pred, succ, delta)`. The caller guarantees indices are in range.
    pub fn new(
        dur: Vec<i64>,
        release: Vec<i64>,
        pinned: Vec<bool>,
        cap: Vec<i64>,
        requests: &[Vec<(u32, i64)>],
        links: &[Lag],
    ) -> Problem {
        let n = dur.len();
        let (req_start, req) = csr(
            n,
            requests
                .iter()
                .enumerate()
                .flat_map(|(j, r)| r.iter().map(move |&x| (j as u32, x))),
        );
        let (pred_start, pred) = csr(n, links.iter().map(|&(p, s, d)| (s, (p, d))));
        let (succ_start, succ) = csr(n, links.iter().map(|&(p, s, d)| (p, (s, d))));
        Problem {
            dur,
            release,
            pinned,
            cap,
            req_start,
            req,
            pred_start,
            pred,
            succ_start,
            succ,
        }
    }

    /// The number of activities.
    pub fn len(&self) -> usize {
        self.dur.len()
    }

    /// Whether there are no activities.
    pub fn is_empty(&self) -> bool {
        self.dur.is_empty()
    }

    /// The requests of activity `j`.
    pub fn requests(&self, j: usize) -> &[(u32, i64)] {
        &self.req[self.req_start[j] as usize..self.req_start[j + 1] as usize]
    }

    fn preds(&self, j: usize) -> &[(u32, i64)] {
        &self.pred[self.pred_start[j] as usize..self.pred_start[j + 1] as usize]
    }

    fn succs(&self, j: usize) -> &[(u32, i64)] {
        &self.succ[self.succ_start[j] as usize..self.succ_start[j + 1] as usize]
    }

    /// A topological order (Kahn), or the activities left on a cycle.
    pub fn topological(&self) -> Result<Vec<u32>, Vec<u32>> {
        let n = self.len();
        let mut indeg: Vec<u32> = (0..n).map(|j| self.preds(j).len() as u32).collect();
        let mut out: Vec<u32> = (0..n as u32).filter(|&j| indeg[j as usize] == 0).collect();
        let mut k = 0;
        while k < out.len() {
            let i = out[k] as usize;
            k += 1;
            for &(s, _) in self.succs(i) {
                indeg[s as usize] -= 1;
                if indeg[s as usize] == 0 {
                    out.push(s);
                }
            }
        }
        if out.len() == n {
            Ok(out)
        } else {
            Err((0..n as u32).filter(|&j| indeg[j as usize] > 0).collect())
        }
    }

    /// Early starts without resources (the critical-path method), in
    /// topological order `topo`.
    pub fn early_starts(&self, topo: &[u32]) -> Vec<i64> {
        let mut es = self.release.clone();
        for &j in topo {
            let j = j as usize;
            let mut v = es[j];
            for &(p, d) in self.preds(j) {
                v = v.max(es[p as usize] + d);
            }
            es[j] = v;
        }
        es
    }

    /// The critical-path length: the latest early finish.
    pub fn cpm_length(&self, es: &[i64]) -> i64 {
        (0..self.len())
            .map(|j| es[j] + self.dur[j])
            .max()
            .unwrap_or(0)
    }

    /// Latest finishes without resources for a project length `horizon`.
    pub fn late_finishes(&self, topo: &[u32], horizon: i64) -> Vec<i64> {
        let n = self.len();
        let mut ls: Vec<i64> = (0..n).map(|j| horizon - self.dur[j]).collect();
        for &j in topo.iter().rev() {
            let j = j as usize;
            let mut v = ls[j];
            for &(s, d) in self.succs(j) {
                v = v.min(ls[s as usize] - d);
            }
            ls[j] = v;
        }
        (0..n).map(|j| ls[j] + self.dur[j]).collect()
    }

    /// A lower bound on the makespan from the resources alone: for each
    /// resource, the total work over the capacity, rounded up.
    pub fn resource_bound(&self) -> i64 {
        let mut work = vec![0i128; self.cap.len()];
        for j in 0..self.len() {
            for &(r, a) in self.requests(j) {
                work[r as usize] += i128::from(a) * i128::from(self.dur[j]);
            }
        }
        work.iter()
            .zip(&self.cap)
            .filter(|(_, &c)| c > 0)
            .map(|(&w, &c)| {
                let c = i128::from(c);
                i64::try_from((w + c - 1) / c).unwrap_or(i64::MAX)
            })
            .max()
            .unwrap_or(0)
    }

    /// The same problem with time mirrored: activity `j` at `s'` stands for
    /// `T - s' - d_j`, so every link `i -> j (delta)` becomes
    /// `j -> i (delta + d_j - d_i)`. Releases are zero and nothing is pinned
    /// (a right shift never breaks a release).
    pub fn mirrored(&self) -> Problem {
        let links: Vec<Lag> = (0..self.len())
            .flat_map(|j| {
                self.preds(j)
                    .iter()
                    .map(move |&(i, d)| (j as u32, i, d + self.dur[j] - self.dur[i as usize]))
            })
            .collect();
        let requests: Vec<Vec<(u32, i64)>> =
            (0..self.len()).map(|j| self.requests(j).to_vec()).collect();
        Problem::new(
            self.dur.clone(),
            vec![0; self.len()],
            vec![false; self.len()],
            self.cap.clone(),
            &requests,
            &links,
        )
    }
}

/// Resource use per period, period-major, grown on demand.
#[derive(Debug, Clone)]
pub struct Profile {
    r: usize,
    used: Vec<i64>,
}

fn too_large() -> Error {
    Error::calc(
        "level_too_large",
        None,
        format!(
            "the resource profile would exceed {} period-resource cells; shorten the horizon or level fewer resources",
            MAX_CELLS
        ),
    )
}

impl Profile {
    /// An empty profile for `r` resources.
    pub fn new(r: usize) -> Profile {
        Profile {
            r: r.max(1),
            used: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.used.iter_mut().for_each(|x| *x = 0);
    }

    fn ensure(&mut self, periods: i64) -> Result<(), Error> {
        let need = usize::try_from(periods).map_err(|_| too_large())?;
        let cells = need.checked_mul(self.r).ok_or_else(too_large)?;
        if cells > MAX_CELLS {
            return Err(too_large());
        }
        if cells > self.used.len() {
            self.used
                .resize(cells.max(self.used.len() * 2).min(MAX_CELLS), 0);
        }
        Ok(())
    }

    /// Use of resource `k` in period `t`.
    pub fn at(&self, t: i64, k: usize) -> i64 {
        self.used.get(t as usize * self.r + k).copied().unwrap_or(0)
    }

    /// The number of periods held.
    pub fn periods(&self) -> i64 {
        (self.used.len() / self.r) as i64
    }

    fn add(&mut self, req: &[(u32, i64)], s: i64, d: i64) -> Result<(), Error> {
        if req.is_empty() || d == 0 {
            return Ok(());
        }
        self.ensure(s + d)?;
        for t in s..s + d {
            let row = t as usize * self.r;
            for &(k, a) in req {
                let cell = &mut self.used[row + k as usize];
                *cell = cell.saturating_add(a);
            }
        }
        Ok(())
    }

    /// The first start `>= t` at which `req` fits for `d` periods.
    fn first_fit(&self, req: &[(u32, i64)], cap: &[i64], mut t: i64, d: i64) -> i64 {
        if req.is_empty() || d == 0 {
            return t;
        }
        let held = self.periods();
        'outer: loop {
            let mut u = t;
            while u < t + d && u < held {
                let row = u as usize * self.r;
                for &(k, a) in req {
                    if self.used[row + k as usize].saturating_add(a) > cap[k as usize] {
                        t = u + 1;
                        continue 'outer;
                    }
                }
                u += 1;
            }
            return t;
        }
    }
}

/// A schedule: a start per activity and its makespan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// Start period of each activity.
    pub start: Vec<i64>,
    /// The latest finish.
    pub makespan: i64,
}

/// The serial SGS: activities in `order` (precedence-feasible) each at the
/// earliest start that its predecessors and the resources allow. With
/// `latest`, an activity that would start after `latest[j]` is put at its
/// precedence-feasible start instead (left over-allocated): leveling only
/// within slack.
pub fn serial(
    p: &Problem,
    order: &[u32],
    latest: Option<&[i64]>,
    prof: &mut Profile,
    start: &mut Vec<i64>,
) -> Result<i64, Error> {
    prof.clear();
    start.clear();
    start.resize(p.len(), 0);
    let mut makespan = 0;
    for &j in order {
        let j = j as usize;
        let mut est = p.release[j];
        for &(i, d) in p.preds(j) {
            est = est.max(start[i as usize] + d);
        }
        let req = p.requests(j);
        let dj = p.dur[j];
        let mut s = if p.pinned[j] {
            est
        } else {
            prof.first_fit(req, &p.cap, est, dj)
        };
        if let Some(l) = latest {
            if s > l[j].max(est) {
                s = est;
            }
        }
        prof.add(req, s, dj)?;
        start[j] = s;
        makespan = makespan.max(s + dj);
    }
    Ok(makespan)
}

/// Loads the profile with activities at the given starts (nothing moves);
/// returns the makespan.
pub fn serial_fixed(p: &Problem, start: &[i64], prof: &mut Profile) -> Result<i64, Error> {
    prof.clear();
    let mut makespan = 0;
    for (j, &sj) in start.iter().enumerate().take(p.len()) {
        prof.add(p.requests(j), sj, p.dur[j])?;
        makespan = makespan.max(sj + p.dur[j]);
    }
    Ok(makespan)
}

/// The parallel SGS with a priority value per activity (lower first):
/// at each decision time, the eligible activities that fit start, in
/// priority order.
pub fn parallel(
    p: &Problem,
    prio: &[i64],
    prof: &mut Profile,
    start: &mut Vec<i64>,
) -> Result<i64, Error> {
    let n = p.len();
    prof.clear();
    start.clear();
    start.resize(n, 0);
    let mut left_preds: Vec<u32> = (0..n).map(|j| p.preds(j).len() as u32).collect();
    let mut est: Vec<i64> = p.release.clone();
    let mut eligible: Vec<u32> = (0..n as u32)
        .filter(|&j| left_preds[j as usize] == 0)
        .collect();
    let mut done = 0;
    let mut t = 0i64;
    let mut makespan = 0;
    let mut finishes: Vec<i64> = Vec::new();
    while done < n {
        eligible.sort_by_key(|&j| (prio[j as usize], j));
        let mut started = false;
        let mut k = 0;
        while k < eligible.len() {
            let j = eligible[k] as usize;
            let dj = p.dur[j];
            let fits =
                est[j] <= t && (p.pinned[j] || prof.first_fit(p.requests(j), &p.cap, t, dj) == t);
            if !fits {
                k += 1;
                continue;
            }
            let s = if p.pinned[j] { est[j] } else { t };
            prof.add(p.requests(j), s, dj)?;
            start[j] = s;
            makespan = makespan.max(s + dj);
            finishes.push(s + dj);
            done += 1;
            started = true;
            eligible.swap_remove(k);
            for &(q, d) in p.succs(j) {
                let q = q as usize;
                est[q] = est[q].max(s + d);
                left_preds[q] -= 1;
                if left_preds[q] == 0 {
                    eligible.push(q as u32);
                }
            }
        }
        if started {
            continue;
        }
        // the next decision point: an eligible release or a finish after t
        let next_est = eligible
            .iter()
            .map(|&j| est[j as usize])
            .filter(|&e| e > t)
            .min();
        let next_fin = finishes.iter().copied().filter(|&f| f > t).min();
        finishes.retain(|&f| f > t);
        t = match (next_est, next_fin) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            // every eligible activity is released and nothing runs past t,
            // so each fits now unless a request exceeds a capacity (which
            // the caller refuses) or nothing is eligible (a cycle)
            (None, None) => {
                return Err(Error::calc(
                    "internal",
                    None,
                    "the parallel schedule generation found no next decision point".to_string(),
                ))
            }
        };
    }
    Ok(makespan)
}

/// A precedence-feasible list that takes, among the eligible activities,
/// the one with the lowest `prio` (ties by index).
pub fn list_by_priority(p: &Problem, prio: &[i64]) -> Vec<u32> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let n = p.len();
    let mut left: Vec<u32> = (0..n).map(|j| p.preds(j).len() as u32).collect();
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = (0..n as u32)
        .filter(|&j| left[j as usize] == 0)
        .map(|j| Reverse((prio[j as usize], j)))
        .collect();
    let mut out = Vec::with_capacity(n);
    while let Some(Reverse((_, j))) = heap.pop() {
        out.push(j);
        for &(s, _) in p.succs(j as usize) {
            left[s as usize] -= 1;
            if left[s as usize] == 0 {
                heap.push(Reverse((prio[s as usize], s)));
            }
        }
    }
    out
}

/// Work buffers for repeated decoding.
#[derive(Debug)]
pub struct Decoder<'p> {
    fwd: &'p Problem,
    back: Problem,
    prof: Profile,
    s1: Vec<i64>,
    s2: Vec<i64>,
    keys: Vec<i64>,
    /// Schedules generated so far (each SGS pass counts one).
    pub schedules: u64,
}

impl<'p> Decoder<'p> {
    /// Buffers for `p`.
    pub fn new(p: &'p Problem) -> Decoder<'p> {
        Decoder {
            fwd: p,
            back: p.mirrored(),
            prof: Profile::new(p.cap.len()),
            s1: Vec::new(),
            s2: Vec::new(),
            keys: Vec::new(),
            schedules: 0,
        }
    }

    /// Decodes `list` with the serial SGS, then justifies it (a backward and
    /// a forward pass) when `justify`; returns the solution and rewrites
    /// `list` in the order of the final starts (so a good list is kept).
    /// Each pass takes its activities in a precedence-feasible order by the
    /// previous pass's times, so links with negative deltas stay sound.
    pub fn decode(&mut self, list: &mut [u32], justify: bool) -> Result<Solution, Error> {
        let mut ms = serial(self.fwd, list, None, &mut self.prof, &mut self.s1)?;
        self.schedules += 1;
        if justify && self.fwd.pinned.iter().all(|&x| !x) {
            let dur = &self.fwd.dur;
            // backward: by decreasing finish; mirrored starts are T - finish
            self.keys.clear();
            self.keys
                .extend((0..dur.len()).map(|j| -(self.s1[j] + dur[j])));
            let order = list_by_priority(&self.back, &self.keys);
            let back_ms = serial(&self.back, &order, None, &mut self.prof, &mut self.s2)?;
            self.schedules += 1;
            // forward: by start in the right-justified schedule
            self.keys.clear();
            self.keys
                .extend((0..dur.len()).map(|j| back_ms - self.s2[j] - dur[j]));
            let order = list_by_priority(self.fwd, &self.keys);
            let again = serial(self.fwd, &order, None, &mut self.prof, &mut self.s2)?;
            self.schedules += 1;
            if again <= ms {
                ms = again;
                std::mem::swap(&mut self.s1, &mut self.s2);
            }
        }
        let order = list_by_priority(self.fwd, &self.s1);
        list.copy_from_slice(&order);
        Ok(Solution {
            start: self.s1.clone(),
            makespan: ms,
        })
    }
}

/// Checks a solution independently: every link, release and capacity.
/// Returns the first violation as text.
pub fn check(p: &Problem, start: &[i64]) -> Result<(), String> {
    if start.len() != p.len() {
        return Err("wrong number of starts".into());
    }
    for j in 0..p.len() {
        if start[j] < p.release[j] {
            return Err(format!("activity {j} starts before its release"));
        }
        for &(i, d) in p.preds(j) {
            if start[j] < start[i as usize] + d {
                return Err(format!("link {i} -> {j} broken"));
            }
        }
    }
    let horizon = (0..p.len()).map(|j| start[j] + p.dur[j]).max().unwrap_or(0);
    let mut used = vec![0i64; p.cap.len()];
    for t in 0..horizon {
        used.iter_mut().for_each(|u| *u = 0);
        for (j, &sj) in start.iter().enumerate().take(p.len()) {
            if sj <= t && t < sj + p.dur[j] {
                for &(k, a) in p.requests(j) {
                    used[k as usize] = used[k as usize].saturating_add(a);
                }
            }
        }
        for (k, (&u, &c)) in used.iter().zip(&p.cap).enumerate() {
            if u > c {
                return Err(format!(
                    "resource {k} over capacity in period {t}: {u} > {c}"
                ));
            }
        }
    }
    Ok(())
}
