//! The Monte Carlo simulation against analytic references. Tolerances are
//! four standard errors of each estimate at the iteration count used.

use serde_json::{json, Value};
use stratops::simulate::{simulate, SimOptions};
use stratops::Model;

fn model(tasks: Value, risks: Value) -> Model {
    Model::from_json(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2027-12-31"}, "tasks": tasks, "risks": risks}]})
        .to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn tri(a: &str, m: &str, b: &str) -> Value {
    json!({"optimistic": a, "most_likely": m, "pessimistic": b})
}

fn run(m: &Model, iterations: u32, seed: u64) -> stratops::simulate::Simulation {
    simulate(
        m,
        &SimOptions {
            iterations,
            seed,
            threads: Some(2),
            status_date: None,
        },
    )
    .unwrap()
}

#[test]
fn a_chain_mean_is_the_sum_of_the_means() {
    // Three triangular (8, 10, 15) days: mean (8 + 10 + 15) / 3 = 11 each,
    // 33 in all. Variance of one: (a² + m² + b² − am − ab − mb) / 18 =
    // (64 + 100 + 225 − 80 − 120 − 150) / 18 = 39 / 18; of the chain 6.5,
    // sd 2.55 days. At 4000 iterations the mean's standard error is
    // 2.55 / 63.2 = 0.040 days: tolerance 0.16.
    let t = |id: &str, pred: Option<&str>| {
        let mut v =
            json!({"id": id, "name": id, "duration": "10d", "estimate": tri("8d", "10d", "15d")});
        if let Some(p) = pred {
            v["dependencies"] = json!([{"predecessor": p}]);
        }
        v
    };
    let m = model(
        json!([t("a", None), t("b", Some("a")), t("c", Some("b"))]),
        json!([]),
    );
    let r = run(&m, 4000, 1);
    assert!(
        (r.duration_days.mean - 33.0).abs() < 0.16,
        "{}",
        r.duration_days.mean
    );
    // the variance adds up too: sd sqrt(6.5) = 2.55; its standard error at
    // n = 4000 is about sd / sqrt(2n) = 0.029: tolerance 0.12
    assert!(
        (r.duration_days.std - 6.5f64.sqrt()).abs() < 0.12,
        "{}",
        r.duration_days.std
    );
    // and the chain is always critical
    assert!(r.tasks.iter().all(|t| t.criticality == 1.0));
}

#[test]
fn a_long_chain_of_equal_tasks_is_nearly_normal() {
    // 30 uniform (5, 15) days: mean 30 × 10 = 300, variance 30 × 100 / 12 =
    // 250, sd 15.81. For a normal, P10 and P90 are the mean ∓ 1.2816 sd =
    // 279.7 and 320.3; the percentile's standard error at n = 3000 is about
    // sd × sqrt(0.09) / (sqrt(n) × φ(1.2816)) = 15.81 × 0.3 / (54.8 × 0.1755)
    // = 0.49: tolerance 2.
    let mut tasks = Vec::new();
    for i in 0..30 {
        let mut t = json!({"id": format!("t{i}"), "name": "T", "duration": "10d",
            "estimate": {"optimistic": "5d", "most_likely": "10d", "pessimistic": "15d", "distribution": "uniform"}});
        if i > 0 {
            t["dependencies"] = json!([{"predecessor": format!("t{}", i - 1)}]);
        }
        tasks.push(t);
    }
    let r = run(&model(Value::Array(tasks), json!([])), 3000, 2);
    assert!((r.duration_days.mean - 300.0).abs() < 4.0 * 15.81 / 3000f64.sqrt());
    assert!(
        (r.duration_days.p10 - 279.74).abs() < 2.0,
        "{}",
        r.duration_days.p10
    );
    assert!(
        (r.duration_days.p90 - 320.26).abs() < 2.0,
        "{}",
        r.duration_days.p90
    );
}

#[test]
fn two_equal_parallel_chains_are_each_critical_half_the_time() {
    // The standard error of a share of 0.5 at 4000 iterations is
    // sqrt(0.25 / 4000) = 0.0079: tolerance 0.032.
    let e = tri("4d", "5d", "9d");
    let m = model(
        json!([
            {"id": "a1", "name": "A1", "duration": "5d", "estimate": e},
            {"id": "a2", "name": "A2", "duration": "5d", "estimate": e, "dependencies": [{"predecessor": "a1"}]},
            {"id": "b1", "name": "B1", "duration": "5d", "estimate": e},
            {"id": "b2", "name": "B2", "duration": "5d", "estimate": e, "dependencies": [{"predecessor": "b1"}]},
            {"id": "end", "name": "End", "kind": "milestone",
             "dependencies": [{"predecessor": "a2"}, {"predecessor": "b2"}]}
        ]),
        json!([]),
    );
    let r = run(&m, 4000, 3);
    for id in ["a1", "a2", "b1", "b2"] {
        let c = r.tasks.iter().find(|t| t.id == id).unwrap().criticality;
        assert!((c - 0.5).abs() < 0.032, "{id}: {c}");
    }
}

#[test]
fn a_fixed_task_beside_a_triangular_one() {
    // f is fixed at 5 days; t is triangular (2, 4, 8). t is critical when
    // it is longer: P(T > 5) = (b − 5)² / ((b − a)(b − m)) = 9 / 24 = 0.375.
    // Standard error at 4000: sqrt(0.375 × 0.625 / 4000) = 0.0077: tol 0.031.
    let m = model(
        json!([
            {"id": "f", "name": "F", "duration": "5d"},
            {"id": "t", "name": "T", "duration": "4d", "estimate": tri("2d", "4d", "8d")},
            {"id": "end", "name": "End", "kind": "milestone",
             "dependencies": [{"predecessor": "f"}, {"predecessor": "t"}]}
        ]),
        json!([]),
    );
    let r = run(&m, 4000, 4);
    let c = |id: &str| r.tasks.iter().find(|t| t.id == id).unwrap().criticality;
    assert!((c("t") - 0.375).abs() < 0.031, "{}", c("t"));
    assert!((c("f") - 0.625).abs() < 0.031, "{}", c("f"));
    // the fixed task's duration never varies: no cruciality
    assert_eq!(
        r.tasks.iter().find(|t| t.id == "f").unwrap().cruciality,
        None
    );
}

#[test]
fn a_certain_risk_shifts_every_percentile_by_its_delay_and_cost() {
    let tasks = json!([
        {"id": "a", "name": "A", "duration": "10d", "estimate": tri("8d", "10d", "15d")},
        {"id": "b", "name": "B", "duration": "5d", "dependencies": [{"predecessor": "a"}]}
    ]);
    let base = run(&model(tasks.clone(), json!([])), 1000, 5);
    let risky = run(
        &model(
            tasks,
            json!([{"id": "r", "description": "R", "probability": 1.0, "affects": ["b"],
                    "impact": {"delay": "3d", "cost": "500"}}]),
        ),
        1000,
        5,
    );
    for (x, y) in [
        (base.duration_days.p10, risky.duration_days.p10),
        (base.duration_days.p50, risky.duration_days.p50),
        (base.duration_days.p80, risky.duration_days.p80),
        (base.duration_days.p90, risky.duration_days.p90),
    ] {
        assert!((y - x - 3.0).abs() < 1e-9, "{x} -> {y}");
    }
    assert_eq!(risky.cost.p50.to_string(), "500");
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_thread_count() {
    let e = tri("1d", "3d", "9d");
    let m = model(
        json!([
            {"id": "a", "name": "A", "duration": "3d", "estimate": e},
            {"id": "b", "name": "B", "duration": "3d", "estimate": {"optimistic": "1d", "most_likely": "3d", "pessimistic": "9d", "distribution": "pert"},
             "dependencies": [{"predecessor": "a"}], "deadline": "2025-10-14"},
            {"id": "c", "name": "C", "duration": "4d", "estimate": e}
        ]),
        json!([{"id": "r", "description": "R", "probability": 0.3, "affects": ["c"], "impact": {"delay": "2d", "cost": "100"}}]),
    );
    let one = simulate(
        &m,
        &SimOptions {
            iterations: 777,
            seed: 9,
            threads: Some(1),
            status_date: None,
        },
    )
    .unwrap();
    let three = simulate(
        &m,
        &SimOptions {
            iterations: 777,
            seed: 9,
            threads: Some(3),
            status_date: None,
        },
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&three).unwrap()
    );
    let other = simulate(
        &m,
        &SimOptions {
            iterations: 777,
            seed: 10,
            threads: Some(3),
            status_date: None,
        },
    )
    .unwrap();
    assert_ne!(one, other);
    assert!(one.deadlines.iter().any(|d| d.id == "b"));
    assert_eq!(one.histogram.iter().map(|b| b.count).sum::<u64>(), 777);
}

#[test]
fn chunks_computed_apart_merge_into_the_same_bytes() {
    use stratops::simulate::{merge_chunks, simulate_chunk, SimChunk};
    let e = tri("1d", "3d", "9d");
    let m = model(
        json!([
            {"id": "a", "name": "A", "duration": "3d", "estimate": e},
            {"id": "b", "name": "B", "duration": "3d", "estimate": e, "dependencies": [{"predecessor": "a"}], "deadline": "2025-10-14"}
        ]),
        json!([{"id": "r", "description": "R", "probability": 0.3, "affects": ["b"], "impact": {"delay": "2d", "cost": "100.25"}}]),
    );
    let opts = SimOptions {
        iterations: 500,
        seed: 4,
        threads: Some(1),
        status_date: None,
    };
    let whole = simulate(&m, &opts).unwrap();
    // three chunks, computed apart, sent as JSON (as to a cluster's workers)
    // and merged out of order
    let chunks: Vec<SimChunk> = [(300, 500), (0, 120), (120, 300)]
        .iter()
        .map(|&(a, b)| {
            let c = simulate_chunk(&m, &opts, a, b).unwrap();
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap()
        })
        .collect();
    let merged = merge_chunks(&m, &opts, &chunks).unwrap();
    assert_eq!(
        serde_json::to_string(&merged).unwrap(),
        serde_json::to_string(&whole).unwrap()
    );
    // a gap, an overlap, a bad range, a chunk of another plan: coded
    assert_eq!(
        merge_chunks(&m, &opts, &chunks[..2]).unwrap_err().code(),
        "bad_chunk"
    );
    let mut twice = chunks.clone();
    twice.push(chunks[1].clone());
    assert_eq!(
        merge_chunks(&m, &opts, &twice).unwrap_err().code(),
        "bad_chunk"
    );
    assert_eq!(
        simulate_chunk(&m, &opts, 400, 600).unwrap_err().code(),
        "bad_option"
    );
    let other = model(
        json!([{"id": "x", "name": "X", "duration": "1d", "estimate": e}]),
        json!([]),
    );
    let foreign: Vec<SimChunk> = vec![simulate_chunk(&other, &opts, 0, 500).unwrap()];
    assert_eq!(
        merge_chunks(&m, &opts, &foreign).unwrap_err().code(),
        "bad_chunk"
    );
}

#[test]
fn bad_input_is_coded() {
    let m = model(
        json!([{"id": "a", "name": "A", "duration": "1d"}]),
        json!([]),
    );
    for n in [0, 10_000_001] {
        let e = simulate(
            &m,
            &SimOptions {
                iterations: n,
                seed: 1,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "bad_option");
    }
    let e = Model::from_json(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
            "tasks": [{"id": "a", "name": "A", "duration": "1d", "estimate": tri("5d", "3d", "9d")}]}]})
        .to_string(),
    )
    .unwrap_err();
    assert_eq!(e.diagnostics()[0].code, "bad_estimate");
    assert_eq!(e.diagnostics()[0].path, "plans[0].tasks[0].estimate");
}

#[test]
fn goal_odds_and_completed_work() {
    // The goal is due Friday 2025-10-10: a (triangular 3, 4, 8 days from
    // Monday 6) must finish within those 5 working days: P(T <= 5 days) = 1 − (8 − 5)² / (5 × 4)
    // = 0.55. Standard error at 4000: 0.0079; tolerance 0.032.
    let m = Model::from_json(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
            "goals": [{"id": "g", "name": "G", "due": "2025-10-10"}],
            "tasks": [{"id": "a", "name": "A", "duration": "4d", "supports": ["g"], "estimate": tri("3d", "4d", "8d")},
                      {"id": "done", "name": "Done", "duration": "2d", "estimate": tri("1d", "2d", "9d"),
                       "progress": {"percent_complete": 100}}]}]})
        .to_string(),
    )
    .unwrap();
    let r = run(&m, 4000, 6);
    let g = &r.goals[0];
    assert_eq!(g.id, "g");
    assert!((g.probability - 0.55).abs() < 0.032, "{}", g.probability);
    // completed work is not sampled: its duration never varies
    assert_eq!(
        r.tasks.iter().find(|t| t.id == "done").unwrap().cruciality,
        None
    );
}

#[test]
fn the_report_shows_schedule_risk_when_tasks_have_estimates() {
    let m = Model::from_json(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
            "goals": [{"id": "g", "name": "G", "due": "2025-10-10"}],
            "tasks": [{"id": "a", "name": "A", "duration": "4d", "supports": ["g"], "estimate": tri("3d", "4d", "8d")}]}]})
        .to_string(),
    )
    .unwrap();
    let r =
        stratops::report::report(&m, "2025-10-01".parse().unwrap(), &Default::default()).unwrap();
    let sim = r.schedule_risk.as_ref().unwrap();
    assert_eq!((sim.iterations, sim.seed), (1000, 0));
    let md = stratops::report::render_markdown(&r);
    assert!(md.contains("## Schedule risk"), "{md}");
    assert!(md.contains("Goal `g` done by 2025-10-10"));
    let html = stratops::report::render_html(&r);
    assert!(html.contains(r#"<section id="schedule-risk">"#));
    // the histogram as inline SVG: one bar per non-empty or empty bin, and
    // the P50 and P80 lines with their values
    let section = &html[html.find(r#"<section id="schedule-risk">"#).unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains(r#"<svg class="histogram""#), "{section}");
    assert_eq!(section.matches("<rect ").count(), sim.histogram.len());
    for (name, v) in [
        ("P50", sim.duration_days.p50),
        ("P80", sim.duration_days.p80),
    ] {
        assert!(
            section.contains(&format!(">{name} {v:.1} d</text>")),
            "{name}"
        );
    }
}

#[test]
fn a_cost_beyond_exact_decimals_is_a_coded_error() {
    // Nine certain risks of 9.99e27 (28 digits, the most a file holds):
    // their sum, 8.99e28, passes the 7.9e28 range of an exact decimal.
    let risks: Vec<Value> = (0..9)
        .map(|i| {
            json!({"id": format!("r{i}"), "description": "R", "probability": 1.0,
            "impact": {"cost": "9990000000000000000000000000"}})
        })
        .collect();
    let m = model(
        json!([{"id": "a", "name": "A", "duration": "1d", "estimate": tri("1d", "1d", "2d")}]),
        Value::Array(risks),
    );
    let e = simulate(
        &m,
        &SimOptions {
            iterations: 3,
            seed: 1,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "overflow");
}
