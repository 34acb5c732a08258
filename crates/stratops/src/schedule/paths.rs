//! Critical paths: chains of critical leaf tasks joined by driving links.

use super::engine::{Kind, Net};
use crate::error::Error;

/// Leaves under `s` (or `s` itself when a leaf), without recursion.
fn leaves_under(net: &Net, ix: &crate::Index, s: u32, out: &mut Vec<u32>) {
    let mut stack = vec![s];
    while let Some(v) = stack.pop() {
        if net.summary[v as usize] {
            stack.extend(ix.children(v).iter().rev());
        } else {
            out.push(v);
        }
    }
}

/// Whether working time separates `a` from `b` on the successor's calendar.
fn tight(net: &Net, succ: u32, a: i64, b: i64) -> Result<bool, Error> {
    Ok(net.c(succ).between(a, b)? == 0)
}

pub(super) fn critical_paths(
    net: &Net,
    model: &crate::Model,
    tf: &[i64],
    threshold: i64,
    max_paths: usize,
) -> Result<(Vec<Vec<String>>, bool), Error> {
    let n = net.n;
    let ix = model.index();
    let crit = |t: u32| !net.summary[t as usize] && tf[t as usize] <= threshold;
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let mut buf = Vec::new();
    for s in 0..n as u32 {
        if !crit(s) {
            continue;
        }
        let su = s as usize;
        // links into s, and into the summary whose bound s inherited
        let mut sources = vec![s];
        let parent = ix.task_parent[su];
        if parent != crate::index::NONE && net.sb_src[parent as usize] != crate::index::NONE {
            sources.push(net.sb_src[parent as usize]);
        }
        for &target in &sources {
            for l in net.incoming(target) {
                let (kind, v) = net.cand(l)?;
                let driving = match kind {
                    Kind::Start => tight(net, s, v, net.es[su])?,
                    Kind::Finish => tight(net, s, v, net.ef[su])?,
                };
                if !driving {
                    continue;
                }
                let p = l.pred;
                buf.clear();
                leaves_under(net, ix, p, &mut buf);
                for &c in &buf {
                    let cu = c as usize;
                    let sets = !net.summary[p as usize]
                        || match l.ty {
                            crate::model::LinkType::FS | crate::model::LinkType::FF => {
                                net.ef[cu] == net.ef[p as usize]
                            }
                            _ => net.es[cu] == net.es[p as usize],
                        };
                    if sets && crit(c) && c != s {
                        edges.push((c, s));
                    }
                }
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let mut indeg = vec![0u32; n];
    let mut start = vec![0usize; n + 1];
    for &(a, b) in &edges {
        indeg[b as usize] += 1;
        start[a as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let succ_of = |v: u32| &edges[start[v as usize]..start[v as usize + 1]];
    let mut roots: Vec<u32> = (0..n as u32)
        .filter(|&t| crit(t) && indeg[t as usize] == 0)
        .collect();
    roots.sort_by_key(|&t| (net.es[t as usize], t));
    let mut paths = Vec::new();
    let mut truncated = false;
    // iterative depth-first enumeration of root-to-sink chains
    'roots: for r in roots {
        let mut stack: Vec<(u32, usize)> = vec![(r, 0)];
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            let outs = succ_of(v);
            if outs.is_empty() {
                if paths.len() == max_paths {
                    truncated = true;
                    break 'roots;
                }
                paths.push(
                    stack
                        .iter()
                        .map(|&(t, _)| model.task(t).id.clone())
                        .collect::<Vec<_>>(),
                );
                stack.pop();
                continue;
            }
            if *k < outs.len() {
                let w = outs[*k].1;
                *k += 1;
                stack.push((w, 0));
            } else {
                stack.pop();
            }
        }
    }
    Ok((paths, truncated))
}
