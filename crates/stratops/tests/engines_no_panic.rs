//! No engine panics on any input: the example plans, with random leaves
//! replaced by hostile values (extreme dates, huge or negative durations and
//! lags, huge money, extreme floats), are loaded, validated and, when valid,
//! run through every engine. Errors are fine; panics, hangs and overflows are
//! not.

use proptest::prelude::*;
use serde_json::{json, Value};
use stratops::{align, budget, risk, schedule, scorecard, Date, Document, Model};

fn examples() -> Vec<Value> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/plans");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect()
}

/// Every leaf of a JSON value, as a JSON pointer (iteratively).
fn leaves(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), v)];
    while let Some((p, v)) = stack.pop() {
        match v {
            Value::Object(m) => stack.extend(m.iter().map(|(k, v)| (format!("{p}/{k}"), v))),
            Value::Array(a) => {
                stack.extend(a.iter().enumerate().map(|(i, v)| (format!("{p}/{i}"), v)))
            }
            _ => out.push(p),
        }
    }
    out.sort();
    out
}

fn hostile() -> Vec<Value> {
    vec![
        json!("9999-12-31"),
        json!("0001-01-01"),
        json!("9999-12-31T23:59"),
        json!("999999999d"),
        json!("-999999999d"),
        json!("1000000000m"),
        json!("-5000000ed"),
        json!("100000%"),
        json!("-100000%"),
        json!("0d"),
        json!("0.0001m"),
        json!("9999999999999999999999999999"),
        json!("-9999999999999999999999999999"),
        json!("0.0000000000000000000000000001"),
        json!(1e300),
        json!(-1e300),
        json!(5e-324),
        json!(0),
        json!(-1),
        json!(""),
        json!("24:00"),
        json!("00:00"),
        json!("weekly"),
        json!("FF"),
        json!("SF"),
        json!("MFO"),
        json!("ALAP"),
        json!("range"),
        json!("ratio"),
        json!(true),
    ]
}

fn run_all(doc: Document) {
    let Ok(model) = Model::new(doc) else { return };
    let s = schedule::schedule(&model, &Default::default()).ok();
    let _ = schedule::schedule(
        &model,
        &schedule::ScheduleOptions {
            honor_constraints: Some(false),
            ..Default::default()
        },
    );
    let _ = budget::budget(&model, s.as_ref(), &Default::default());
    let _ = budget::budget(&model, None, &Default::default());
    for d in ["0001-01-01", "2025-08-15", "2025-12-05", "9999-12-31"] {
        let d: Date = d.parse().unwrap();
        let _ = scorecard::scorecard(&model, d, &Default::default());
        let _ = align::align(&model, Some(d));
    }
    let _ = risk::risk_register(&model);
    if let Some(s) = s {
        for t in &s.tasks {
            let _ = s.explain(&model, &t.id);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn hostile_leaves_never_panic(which in 0usize..16, picks in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..4)) {
        let all = examples();
        let mut v = all[which % all.len()].clone();
        let paths = leaves(&v);
        let values = hostile();
        for (p, h) in &picks {
            let path = &paths[p.index(paths.len())];
            if path == "/format" {
                continue;
            }
            if let Some(slot) = v.pointer_mut(path) {
                *slot = h.get(&values).clone();
            }
        }
        if let Ok(doc) = Document::from_json(&v.to_string()) {
            run_all(doc);
        }
    }
}

#[test]
fn the_examples_run_through_every_engine() {
    for v in examples() {
        let doc = Document::from_json(&v.to_string()).unwrap();
        run_all(doc);
    }
}
