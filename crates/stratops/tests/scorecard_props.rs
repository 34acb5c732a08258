//! Bad input gives coded diagnostics, never a panic; proptest invariants of
//! the scorecard: progress within [0, cap], goal progress within its
//! children's bounds, and results independent of input order.

use std::collections::BTreeMap;

use proptest::prelude::*;
use stratops::scorecard::{scorecard, ScorecardOptions};
use stratops::{Date, Error, Model};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn base() -> String {
    r#"{"format": "stratops/1", "plans": [{
      "id": "s", "kind": "strategic", "name": "S",
      "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
      "goals": [{"id": "g", "name": "G"}, {"id": "h", "name": "H", "contributes_to": [{"goal": "g"}]}],
      "kpis": [{"id": "k", "name": "K", "goals": [{"goal": "g"}], "polarity": "increase",
        "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 10, "date": "2025-12-31"},
        "measurements": [{"date": "2025-02-01", "value": 3}]}]}]}"#
        .to_string()
}

fn codes(e: &Error) -> Vec<String> {
    e.diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.clone())
        .collect()
}

fn edit(f: impl FnOnce(&mut stratops::Document)) -> Result<Model, Error> {
    let mut doc = stratops::Document::from_json(&base()).unwrap();
    f(&mut doc);
    Model::new(doc)
}

#[test]
fn bad_input_gets_coded_diagnostics() {
    assert!(edit(|_| {}).is_ok());
    let e = edit(|doc| doc.plans[0].kpis[0].measurements[0].value = f64::NAN).unwrap_err();
    assert_eq!(codes(&e), ["non_finite_value"]);
    assert_eq!(e.path(), Some("plans[0].kpis[0].measurements[0].value"));
    let e = edit(|doc| doc.plans[0].kpis[0].measurements[0].value = f64::INFINITY).unwrap_err();
    assert_eq!(codes(&e), ["non_finite_value"]);
    let e = edit(|doc| doc.plans[0].kpis[0].target.value = 0.0).unwrap_err();
    assert_eq!(codes(&e), ["target_equals_baseline"]);
    assert_eq!(e.id(), Some("k"));
    let e = edit(|doc| {
        let m = doc.plans[0].kpis[0].measurements[0].clone();
        doc.plans[0].kpis[0].measurements.push(m);
    })
    .unwrap_err();
    assert_eq!(codes(&e), ["duplicate_measurement"]);
    for w in [0.0, -1.0, f64::NAN] {
        let e = edit(|doc| doc.plans[0].kpis[0].goals[0].weight = w).unwrap_err();
        assert_eq!(codes(&e), ["bad_weight"]);
        let e = edit(|doc| doc.plans[0].goals[1].contributes_to[0].weight = w).unwrap_err();
        assert_eq!(codes(&e), ["bad_weight"]);
    }
    let e = edit(|doc| {
        doc.plans[0].goals[0]
            .contributes_to
            .push(stratops::GoalLink {
                goal: "h".into(),
                weight: 1.0,
            })
    })
    .unwrap_err();
    assert_eq!(e.code(), "goal_cycle");
    // An infinite number in the JSON text cannot even be read.
    let text = base().replace(r#""value": 3"#, r#""value": 1e999"#);
    assert!(Model::from_json(&text).is_err());
}

// ---- generators ---------------------------------------------------------

const POLS: [&str; 5] = ["increase", "decrease", "at_least", "at_most", "range"];
const AGGS: [&str; 4] = ["last", "sum", "average", "ratio"];

#[derive(Debug, Clone)]
struct KpiSpec {
    pol: usize,
    agg: usize,
    b: i32,
    g_off: i32,
    cap: Option<f64>,
    target_day: i64,
    ms: Vec<(i64, i32, i32)>,
    links: Vec<(usize, f64)>,
}

fn kpi_spec(ngoals: usize) -> impl Strategy<Value = KpiSpec> {
    (
        0..5usize,
        0..4usize,
        -50..50i32,
        prop_oneof![-40..-1i32, 1..40i32],
        prop_oneof![Just(None), (0.5f64..3.0).prop_map(Some)],
        0..400i64,
        prop::collection::btree_map(-30..500i64, (-100..100i32, 1..50i32), 0..6),
        prop::collection::vec((0..ngoals, 0.1f64..5.0), 0..3),
    )
        .prop_map(|(pol, agg, b, g_off, cap, target_day, ms, links)| KpiSpec {
            pol,
            agg,
            b,
            g_off,
            cap,
            target_day,
            ms: ms.into_iter().map(|(d, (v, den))| (d, v, den)).collect(),
            links,
        })
}

fn date_plus(days: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    (base + chrono::TimeDelta::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn kpi_json(i: usize, k: &KpiSpec, ms_order: &[usize]) -> String {
    let (lo, hi) = (k.b.min(k.b + k.g_off), k.b.max(k.b + k.g_off));
    let (b, g) = match POLS[k.pol] {
        "increase" => (lo, hi),
        "decrease" => (hi, lo),
        _ => (k.b, k.b + k.g_off),
    };
    let range = if POLS[k.pol] == "range" {
        format!(r#""range": {{"lo": {lo}, "hi": {hi}, "tolerance": 7}},"#)
    } else {
        String::new()
    };
    let cap = k.cap.map_or(String::new(), |c| format!(r#""cap": {c},"#));
    let mut seen_goal = std::collections::BTreeSet::new();
    let links: Vec<String> = k
        .links
        .iter()
        .filter(|(t, _)| seen_goal.insert(*t))
        .map(|(t, w)| format!(r#"{{"goal": "g{t}", "weight": {w}}}"#))
        .collect();
    let ms: Vec<String> = ms_order
        .iter()
        .map(|&j| {
            let (dd, v, den) = k.ms[j];
            format!(
                r#"{{"date": "{}", "value": {v}, "denominator": {den}}}"#,
                date_plus(dd)
            )
        })
        .collect();
    format!(
        r#"{{"id": "k{i}", "name": "K", "polarity": "{}", "aggregation": "{}", {range} {cap}
        "goals": [{}],
        "baseline": {{"value": {b}, "date": "2025-01-01"}},
        "target": {{"value": {g}, "date": "{}"}},
        "measurements": [{}]}}"#,
        POLS[k.pol],
        AGGS[k.agg],
        links.join(","),
        date_plus(k.target_day),
        ms.join(",")
    )
}

#[derive(Debug, Clone)]
struct Plan {
    /// goal i contributes to goals j > i (a DAG by construction)
    edges: Vec<(usize, usize, f64)>,
    rollups: Vec<usize>,
    kpis: Vec<KpiSpec>,
}

const NG: usize = 6;

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec((0..NG, 0..NG, 0.1f64..5.0), 0..10),
        prop::collection::vec(0..3usize, NG),
        prop::collection::vec(kpi_spec(NG), 1..8),
    )
        .prop_map(|(edges, rollups, kpis)| Plan {
            edges: edges.into_iter().filter(|(a, b, _)| a < b).collect(),
            rollups,
            kpis,
        })
}

fn doc_json(p: &Plan, goal_order: &[usize], kpi_order: &[usize], reverse_ms: bool) -> String {
    let rollups = ["weighted_mean", "min", "all_met"];
    let goals: Vec<String> = goal_order
        .iter()
        .map(|&i| {
            let mut seen = std::collections::BTreeSet::new();
            let links: Vec<String> = p
                .edges
                .iter()
                .filter(|(a, b, _)| *a == i && seen.insert(*b))
                .map(|(_, b, w)| format!(r#"{{"goal": "g{b}", "weight": {w}}}"#))
                .collect();
            format!(
                r#"{{"id": "g{i}", "name": "G", "rollup": "{}", "contributes_to": [{}]}}"#,
                rollups[p.rollups[i]],
                links.join(",")
            )
        })
        .collect();
    let kpis: Vec<String> = kpi_order
        .iter()
        .map(|&i| {
            let k = &p.kpis[i];
            let mut order: Vec<usize> = (0..k.ms.len()).collect();
            if reverse_ms {
                order.reverse();
            }
            kpi_json(i, k, &order)
        })
        .collect();
    format!(
        r#"{{"format": "stratops/1", "plans": [{{"id": "s", "kind": "strategic", "name": "S",
        "horizon": {{"start": "2025-01-01", "end": "2027-12-31"}},
        "goals": [{}], "kpis": [{}]}}]}}"#,
        goals.join(","),
        kpis.join(",")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn rollup_invariants(p in plan(), as_of in -20..500i64, seed in any::<u64>()) {
        let ident: Vec<usize> = (0..NG).collect();
        let kid: Vec<usize> = (0..p.kpis.len()).collect();
        let m = Model::from_json(&doc_json(&p, &ident, &kid, false)).unwrap();
        let as_of = d(&date_plus(as_of));
        let c = scorecard(&m, as_of, &ScorecardOptions::default()).unwrap();
        for k in &c.kpis {
            let cap = m.kpi(m.index().of_kind(&k.id, stratops::index::EntityKind::Kpi).unwrap()).cap.unwrap_or(1.0);
            if let Some(pr) = k.progress {
                prop_assert!((0.0..=cap).contains(&pr), "{} progress {pr} cap {cap}", k.id);
            }
            prop_assert!((0.0..=1.0).contains(&k.expected));
        }
        let prog: BTreeMap<&str, Option<f64>> = c.kpis.iter().map(|k| (k.id.as_str(), k.progress))
            .chain(c.goals.iter().map(|g| (g.id.as_str(), g.progress))).collect();
        for g in &c.goals {
            let kids: Vec<f64> = g.children.iter().filter_map(|ch| prog[ch.id.as_str()]).collect();
            match g.progress {
                None => prop_assert!(kids.is_empty()),
                Some(x) => {
                    prop_assert!(x.is_finite());
                    if g.rollup != stratops::Rollup::AllMet {
                        let lo = kids.iter().cloned().fold(f64::INFINITY, f64::min);
                        let hi = kids.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                        prop_assert!(x >= lo - 1e-12 && x <= hi + 1e-12, "{} {x} not in [{lo}, {hi}]", g.id);
                    } else {
                        prop_assert!((0.0..=1.0).contains(&x));
                    }
                }
            }
        }
        // Permute goals, KPIs and measurements: the same results by id.
        let mut go = ident.clone();
        let mut ko = kid.clone();
        let mut s = seed;
        let mut next = |n: usize| { s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); ((s >> 33) as usize) % n };
        for i in (1..go.len()).rev() { let j = next(i + 1); go.swap(i, j); }
        for i in (1..ko.len()).rev() { let j = next(i + 1); ko.swap(i, j); }
        let m2 = Model::from_json(&doc_json(&p, &go, &ko, true)).unwrap();
        let c2 = scorecard(&m2, as_of, &ScorecardOptions::default()).unwrap();
        let key = |c: &stratops::scorecard::Scorecard| -> BTreeMap<String, String> {
            c.kpis.iter().map(|k| (k.id.clone(), serde_json::to_string(k).unwrap()))
                .chain(c.goals.iter().map(|g| (g.id.clone(), serde_json::to_string(&(g.progress, g.expected, g.status, &g.children)).unwrap())))
                .collect()
        };
        prop_assert_eq!(key(&c), key(&c2));
    }
}
