//! The "physical limit": a bare longest-path forward/backward pass over flat
//! CSR arrays with integer durations, no calendars, no summaries, no
//! constraints and no allocation inside the pass.
//!
//! Every link `i -> j` of any type becomes one difference constraint
//! `ES_j >= ES_i + w` on start times, with
//! `w = (d_i if the link leaves i's finish) + lag - (d_j if it enters j's finish)`
//! (FS: `d_i + L`; SS: `L`; FF: `d_i + L - d_j`; SF: `L - d_j`). The forward
//! pass is then one add and one max per link, the backward pass one subtract
//! and one min; total float is `LS - ES` and free float the least slack of
//! any outgoing link. That is the least work any CPM engine must do, so the
//! engine's distance from it is its overhead.
//!
//! [`Network::from_model`] reads the same network the engine schedules:
//! working durations and lags as plain minutes (elapsed ones too), a
//! percentage lag as that share of the predecessor's duration, summary
//! tasks as isolated zero-length nodes (the generator links only leaves).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use stratops::{DurationUnit, LinkType, Model, TaskKind};

/// A network as an edge list.
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Duration of each node, in minutes.
    pub dur: Vec<i64>,
    /// Links: (predecessor, successor, type 0=FS 1=SS 2=FF 3=SF, lag minutes).
    pub edges: Vec<(u32, u32, u8, i64)>,
}

impl Network {
    /// The network of a validated model (dense task indices as nodes).
    pub fn from_model(model: &Model) -> Network {
        let ix = model.index();
        let scale = model.document().settings.scale();
        let n = ix.tasks.len();
        let mut dur = vec![0i64; n];
        for (t, d) in dur.iter_mut().enumerate() {
            let task = model.task(t as u32);
            if ix.is_summary(t as u32) || task.kind == TaskKind::Milestone {
                continue;
            }
            *d = task
                .duration
                .and_then(|d| d.minutes(scale))
                .unwrap_or(scale.minutes_per_day);
        }
        let mut edges = Vec::new();
        for t in 0..n as u32 {
            for dep in &model.task(t).dependencies {
                let Some(p) = ix.task(&dep.predecessor) else {
                    continue;
                };
                let lag = match dep.lag {
                    None => 0,
                    Some(l) if l.unit == DurationUnit::Percent => {
                        (l.amount * Decimal::from(dur[p as usize]) / Decimal::from(100))
                            .round()
                            .to_i64()
                            .unwrap_or(0)
                    }
                    Some(l) => l.minutes(scale).unwrap_or(0),
                };
                let ty = match dep.link_type {
                    LinkType::FS => 0,
                    LinkType::SS => 1,
                    LinkType::FF => 2,
                    LinkType::SF => 3,
                };
                edges.push((p, t, ty, lag));
            }
        }
        Network { dur, edges }
    }

    /// The network as JSON for the comparison harness:
    /// `{"n", "dur": [...], "edges": [[pred, succ, type, lag], ...]}`.
    pub fn to_json(&self) -> String {
        use std::fmt::Write;
        let mut s = String::with_capacity(self.dur.len() * 8 + self.edges.len() * 24);
        let _ = write!(s, "{{\"n\":{},\"dur\":[", self.dur.len());
        for (i, d) in self.dur.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(s, "{d}");
        }
        s.push_str("],\"edges\":[");
        for (i, (a, b, t, l)) in self.edges.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(s, "[{a},{b},{t},{l}]");
        }
        s.push_str("]}");
        s
    }
}

/// The network in CSR form with a topological order: the kernel's input.
#[derive(Debug, Clone)]
pub struct Csr {
    /// Durations.
    pub dur: Vec<i64>,
    /// A topological order of the nodes.
    pub order: Vec<u32>,
    /// Incoming links by successor: offsets (n + 1), sources, weights.
    pub in_start: Vec<u32>,
    /// Sources of incoming links.
    pub in_src: Vec<u32>,
    /// Weights of incoming links.
    pub in_w: Vec<i64>,
    /// Outgoing links by predecessor: offsets (n + 1), targets, weights.
    pub out_start: Vec<u32>,
    /// Targets of outgoing links.
    pub out_dst: Vec<u32>,
    /// Weights of outgoing links.
    pub out_w: Vec<i64>,
}

/// The kernel's output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Times {
    /// Early start, minutes from the project start.
    pub es: Vec<i64>,
    /// Late start.
    pub ls: Vec<i64>,
    /// Free float.
    pub ff: Vec<i64>,
    /// The project length.
    pub finish: i64,
}

impl Times {
    /// Total float of a node.
    pub fn total_float(&self, v: usize) -> i64 {
        self.ls[v] - self.es[v]
    }
}

fn offsets(n: usize, keys: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for k in keys.clone() {
        start[k as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let fill = start[..n].to_vec();
    (start, fill)
}

impl Csr {
    /// Builds the CSR arrays and a topological order (Kahn). `None` on a
    /// cycle.
    pub fn build(net: &Network) -> Option<Csr> {
        let n = net.dur.len();
        let m = net.edges.len();
        let w = |&(a, b, t, l): &(u32, u32, u8, i64)| -> i64 {
            let from_finish = t == 0 || t == 2;
            let to_finish = t == 2 || t == 3;
            (if from_finish { net.dur[a as usize] } else { 0 }) + l
                - if to_finish { net.dur[b as usize] } else { 0 }
        };
        let (in_start, mut fill) = offsets(n, net.edges.iter().map(|e| e.1));
        let mut in_src = vec![0u32; m];
        let mut in_w = vec![0i64; m];
        for e in &net.edges {
            let k = fill[e.1 as usize] as usize;
            fill[e.1 as usize] += 1;
            in_src[k] = e.0;
            in_w[k] = w(e);
        }
        let (out_start, mut fill) = offsets(n, net.edges.iter().map(|e| e.0));
        let mut out_dst = vec![0u32; m];
        let mut out_w = vec![0i64; m];
        for e in &net.edges {
            let k = fill[e.0 as usize] as usize;
            fill[e.0 as usize] += 1;
            out_dst[k] = e.1;
            out_w[k] = w(e);
        }
        let mut indeg: Vec<u32> = (0..n).map(|v| in_start[v + 1] - in_start[v]).collect();
        let mut order: Vec<u32> = (0..n as u32).filter(|&v| indeg[v as usize] == 0).collect();
        order.reserve(n - order.len());
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            for &x in &out_dst[out_start[v] as usize..out_start[v + 1] as usize] {
                indeg[x as usize] -= 1;
                if indeg[x as usize] == 0 {
                    order.push(x);
                }
            }
        }
        if order.len() != n {
            return None;
        }
        Some(Csr {
            dur: net.dur.clone(),
            order,
            in_start,
            in_src,
            in_w,
            out_start,
            out_dst,
            out_w,
        })
    }

    /// The forward and backward passes, into `t` (reused across calls so the
    /// pass itself allocates nothing once `t` has grown).
    pub fn pass(&self, t: &mut Times) {
        let n = self.dur.len();
        t.es.resize(n, 0);
        t.ls.resize(n, 0);
        t.ff.resize(n, 0);
        let mut finish = 0i64;
        for &v in &self.order {
            let v = v as usize;
            let mut es = 0i64;
            let r = self.in_start[v] as usize..self.in_start[v + 1] as usize;
            for (&u, &w) in self.in_src[r.clone()].iter().zip(&self.in_w[r]) {
                es = es.max(t.es[u as usize] + w);
            }
            t.es[v] = es;
            finish = finish.max(es + self.dur[v]);
        }
        t.finish = finish;
        for &v in self.order.iter().rev() {
            let v = v as usize;
            let es = t.es[v];
            let mut ls = finish - self.dur[v];
            let mut ff = finish - self.dur[v] - es;
            let r = self.out_start[v] as usize..self.out_start[v + 1] as usize;
            for (&x, &w) in self.out_dst[r.clone()].iter().zip(&self.out_w[r]) {
                ls = ls.min(t.ls[x as usize] - w);
                ff = ff.min(t.es[x as usize] - es - w);
            }
            t.ls[v] = ls;
            t.ff[v] = ff.max(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_link_types_by_hand() {
        // a(5) -FS+2-> b(3) ; a -SS+1-> c(4) ; b -FF0-> d(2) ; c -SF+10-> d
        // ES a=0. b: 0+5+2=7. c: 0+1=1.
        // d via FF from b: EF_d >= EF_b = 10 -> ES_d >= 8.
        // d via SF from c: EF_d >= ES_c + 10 = 11 -> ES_d >= 9. So ES_d = 9.
        // Finish = max(EF) = max(5, 10, 5, 11) = 11.
        // Backward: LS_d = 11-2 = 9. LS_b = min(11-3, LS_d - (3+0-2)=8) = 8.
        // LS_c = min(11-4=7, LS_d - (0+10-2)=1) = 1. LS_a = min(6, LS_b-7=1, LS_c-1=0) = 0.
        // Free float of b: min(F - EF_b = 1, ES_d - ES_b - 1 = 1) = 1.
        let net = Network {
            dur: vec![5, 3, 4, 2],
            edges: vec![(0, 1, 0, 2), (0, 2, 1, 1), (1, 3, 2, 0), (2, 3, 3, 10)],
        };
        let csr = Csr::build(&net).expect("acyclic");
        let mut t = Times::default();
        csr.pass(&mut t);
        assert_eq!(t.es, vec![0, 7, 1, 9]);
        assert_eq!(t.ls, vec![0, 8, 1, 9]);
        assert_eq!(t.finish, 11);
        assert_eq!(t.ff[1], 1);
        assert_eq!(t.total_float(1), 1);
        assert_eq!(t.total_float(2), 0);
    }

    #[test]
    fn cycle_is_refused() {
        let net = Network {
            dur: vec![1, 1],
            edges: vec![(0, 1, 0, 0), (1, 0, 0, 0)],
        };
        assert!(Csr::build(&net).is_none());
    }
}
