//! A readable tree of the scorecard: from the top goals (the strategic ones
//! first) down through contributing goals to their KPIs. Walked with an
//! explicit stack; a goal reached a second time through the DAG is printed
//! once more as a reference, without its subtree.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{Scorecard, Status};
use crate::model::PlanKind;

const MAX_INDENT: usize = 24;

fn pct(x: Option<f64>) -> String {
    match x {
        Some(v) => format!("{:>5.1}%", v * 100.0),
        None => "    - ".to_string(),
    }
}

fn badge(s: Status) -> String {
    format!("[{:<11}]", s.as_str())
}

/// Renders the scorecard as a text tree.
///
/// # Example
/// ```
/// use stratops::{Model, scorecard::{scorecard, render_text, ScorecardOptions}};
/// let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "s", "kind": "strategic", "name": "S",
///   "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
///   "goals": [{"id": "g", "name": "Grow"}],
///   "kpis": [{"id": "k", "name": "Members", "goals": [{"goal": "g"}],
///     "polarity": "increase",
///     "baseline": {"value": 0, "date": "2025-01-01"},
///     "target": {"value": 10, "date": "2025-12-31"}}]}]}"#)?;
/// let card = scorecard(&model, "2025-06-01".parse().unwrap(), &ScorecardOptions::default())?;
/// let text = render_text(&card);
/// assert!(text.contains("g  Grow"));
/// assert!(text.contains("no_data"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn render_text(card: &Scorecard) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Scorecard as of {}", card.as_of);
    let _ = writeln!(out, "  status         progress expected  id  name");
    let goal_ix: HashMap<&str, usize> = card
        .goals
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let kpi_ix: HashMap<&str, usize> = card
        .kpis
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id.as_str(), i))
        .collect();
    let rank = |k: PlanKind| match k {
        PlanKind::Strategic => 0,
        PlanKind::Operational => 1,
        PlanKind::Tactical => 2,
        PlanKind::Project => 3,
    };
    let mut roots: Vec<usize> = (0..card.goals.len())
        .filter(|&i| {
            card.goals[i]
                .contributes_to
                .iter()
                .all(|t| !goal_ix.contains_key(t.as_str()))
        })
        .collect();
    crate::sort::by_key(&mut roots, |&i| (rank(card.goals[i].plan_kind), i));

    enum Node {
        Goal(usize),
        Kpi(usize),
    }
    let mut seen: HashSet<usize> = HashSet::new();
    let mut stack: Vec<(Node, usize)> = roots.iter().rev().map(|&i| (Node::Goal(i), 0)).collect();
    while let Some((node, depth)) = stack.pop() {
        // Indentation stops growing at MAX_INDENT levels so that a very deep
        // goal chain prints in linear space; deeper lines carry their depth.
        let indent = if depth < MAX_INDENT {
            "  ".repeat(depth + 1)
        } else {
            format!("{}({depth}) ", "  ".repeat(MAX_INDENT + 1))
        };
        match node {
            Node::Goal(i) => {
                let g = &card.goals[i];
                let again = !seen.insert(i);
                let _ = writeln!(
                    out,
                    "{indent}{} {} {}  {}  {} ({}){}",
                    badge(g.status),
                    pct(g.progress),
                    pct(g.expected),
                    g.id,
                    g.name,
                    g.plan,
                    if again { "  (shown above)" } else { "" }
                );
                if again {
                    continue;
                }
                for c in g.children.iter().rev() {
                    let n = if c.kind == "goal" {
                        goal_ix.get(c.id.as_str()).map(|&j| Node::Goal(j))
                    } else {
                        kpi_ix.get(c.id.as_str()).map(|&j| Node::Kpi(j))
                    };
                    if let Some(n) = n {
                        stack.push((n, depth + 1));
                    }
                }
            }
            Node::Kpi(i) => {
                let k = &card.kpis[i];
                let value = k
                    .value
                    .map(|v| {
                        format!(
                            "{}{}",
                            super::num(v),
                            k.unit
                                .as_deref()
                                .map(|u| format!(" {u}"))
                                .unwrap_or_default()
                        )
                    })
                    .unwrap_or_else(|| "no data".into());
                let _ = writeln!(
                    out,
                    "{indent}{} {} {}  {}  {}{} = {}; forecast {}",
                    badge(k.status),
                    pct(k.progress),
                    pct(Some(k.expected)),
                    k.id,
                    k.name,
                    if k.leading { " (leading)" } else { "" },
                    value,
                    k.forecast.outcome.as_str()
                );
            }
        }
    }
    let unlinked: Vec<_> = card.kpis.iter().filter(|k| k.goals.is_empty()).collect();
    if !unlinked.is_empty() {
        let _ = writeln!(out, "KPIs feeding no goal:");
        for k in unlinked {
            let _ = writeln!(out, "  {} {}  {}", badge(k.status), pct(k.progress), k.id);
        }
    }
    if !card.leading.is_empty() {
        let _ = writeln!(out, "Leading indicators:");
        for l in &card.leading {
            let _ = writeln!(
                out,
                "  {} {} {}  {}",
                badge(l.status),
                pct(l.progress),
                pct(Some(l.expected)),
                l.id
            );
        }
    }
    out
}
