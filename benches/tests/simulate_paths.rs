//! The simulation's fast path against the slow one: `simulate_chunk` runs
//! the schedule's passes on a network prepared once and reads the figures
//! from it; `simulate_chunk_reference` sets each iteration's durations on a
//! copy of the model and schedules it in full. Their chunks (every
//! iteration's finish and cost, every per-task and per-goal sum) must be
//! equal, on the generated plans (summaries, all link types and lags,
//! elapsed durations, calendars with holidays, constraints, deadlines)
//! given estimates of every distribution, ALAP tasks and risks, and on the
//! example plans, with and without a status date.

use serde_json::{json, Value};
use stratops::simulate::{simulate_chunk, simulate_chunk_reference, SimOptions};
use stratops::Model;
use stratops_bench::gen::{generate, GenOptions, Rng};

fn same(model: &Model, opts: &SimOptions, what: &str, uncertain: bool) {
    let fast = simulate_chunk(model, opts, 0, opts.iterations).expect("the fast path runs");
    let slow =
        simulate_chunk_reference(model, opts, 0, opts.iterations).expect("the reference runs");
    assert!(
        fast == slow,
        "{what}: the fast path differs from full schedules"
    );
    // Not a vacuous comparison: the finish moves between iterations.
    let v = serde_json::to_value(&fast).unwrap();
    let finishes: Vec<i64> = serde_json::from_value(v["finishes"].clone()).unwrap();
    assert!(
        !uncertain || finishes.iter().any(|&f| f != finishes[0]),
        "{what}: the finish never moved"
    );
}

/// The generated plan of `tasks` tasks with estimates on its leaves (the
/// three distributions in turn), ALAP on some, and risks.
fn uncertain_plan(tasks: usize, seed: u64) -> Model {
    let g = generate(&GenOptions::new(tasks, seed));
    let mut doc: Value = serde_json::from_str(&g.json).unwrap();
    let mut rng = Rng::new(seed);
    let mut ids = Vec::new();
    let mut k = 0usize;
    for plan in doc["plans"].as_array_mut().unwrap() {
        let Some(list) = plan.get_mut("tasks").and_then(Value::as_array_mut) else {
            continue;
        };
        for task in list.iter_mut() {
            k += 1;
            ids.push(task["id"].as_str().unwrap().to_string());
            let Some(d) = task.get("duration").and_then(Value::as_str) else {
                continue;
            };
            // "10d" -> 8d / 10d / 15d; "2ed" -> 1ed / 2ed / 4ed
            let (num, unit) = d.split_at(d.find(|c: char| c.is_alphabetic()).unwrap());
            let Ok(n) = num.parse::<u32>() else { continue };
            let dist = ["triangular", "pert", "uniform"][k % 3];
            task["estimate"] = json!({
                "optimistic": format!("{}{unit}", n * 4 / 5),
                "most_likely": format!("{n}{unit}"),
                "pessimistic": format!("{}{unit}", n * 3 / 2 + 1),
                "distribution": dist,
            });
            if k % 29 == 0 && task.get("constraint").is_none() {
                task["constraint"] = json!({"type": "ALAP"});
            }
        }
    }
    let mut risks = Vec::new();
    for (r, p) in [0.3, 0.5, 1.0].iter().enumerate() {
        let affects: Vec<&String> = (0..4).map(|_| &ids[rng.below(ids.len())]).collect();
        risks.push(json!({
            "id": format!("risk{r}"), "description": format!("Risk {r}"), "probability": p,
            "impact": {"delay": format!("{}d", r + 1), "cost": "1250.50"},
            "affects": affects,
        }));
    }
    let plans = doc["plans"].as_array_mut().unwrap();
    let first = plans
        .iter_mut()
        .find(|p| p.get("tasks").is_some())
        .expect("a plan with tasks");
    first["risks"] = Value::Array(risks);
    Model::from_json(&doc.to_string()).expect("the uncertain plan loads")
}

#[test]
fn the_fast_path_equals_full_schedules_on_generated_plans() {
    for seed in 1..=3 {
        let m = uncertain_plan(300, seed);
        let opts = SimOptions {
            iterations: 25,
            seed: 11 * seed,
            ..Default::default()
        };
        same(&m, &opts, &format!("generated plan, seed {seed}"), true);
    }
}

#[test]
fn the_fast_path_equals_full_schedules_on_the_examples() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/plans");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("the example plans") {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let m = Model::from_json(&text).unwrap();
        for status_date in [None, Some("2026-03-31".parse().unwrap())] {
            let opts = SimOptions {
                iterations: 40,
                seed: 5,
                status_date,
                ..Default::default()
            };
            let uncertain = text.contains("\"estimate\"") && status_date.is_none();
            same(&m, &opts, &format!("{}", path.display()), uncertain);
            checked += 1;
        }
    }
    assert!(
        checked >= 6,
        "every example, with and without a status date"
    );
}
