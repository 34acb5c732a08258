//! Every example plan in `examples/plans/` loads, validates with zero errors
//! and zero warnings, and survives a save/load round trip.

use std::path::PathBuf;

use stratops::{Document, Model};

fn examples() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/plans");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (p.display().to_string(), text)
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "expected the example plans in {}",
        dir.display()
    );
    files
}

#[test]
fn every_example_validates_cleanly() {
    for (name, text) in examples() {
        let model = Model::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            model.warnings().is_empty(),
            "{name}: {:#?}",
            model.warnings()
        );
        assert!(!model.document().plans.is_empty(), "{name} has no plan");
    }
}

#[test]
fn every_example_round_trips() {
    for (name, text) in examples() {
        let doc = Document::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let saved = doc.to_json();
        let again = Document::from_json(&saved).unwrap_or_else(|e| panic!("{name} saved: {e}"));
        assert_eq!(again, doc, "{name}");
        // Saving is canonical: a second save is byte-identical.
        assert_eq!(again.to_json(), saved, "{name}");
    }
}

#[test]
fn saving_keeps_the_json_modulo_defaults() {
    // load(save(load(x))) == load(x) at the JSON level: the saved JSON and
    // the JSON of the reloaded document are the same value, and every member
    // of the original file survives except those equal to their default.
    for (name, text) in examples() {
        let doc = Document::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let saved: serde_json::Value =
            serde_json::from_str(&doc.to_json()).expect("saved JSON parses");
        let reloaded = Document::from_json(&saved.to_string()).expect("reload");
        assert_eq!(reloaded.to_value(), saved, "{name}");

        let original: serde_json::Value = serde_json::from_str(&text).expect("example parses");
        assert_subset(&original, &saved, "", &name);
    }
}

/// Checks that every member of `orig` is in `saved` with the same value,
/// except members dropped because they hold their default, and numbers and
/// scalar strings that the format writes in canonical form.
fn assert_subset(orig: &serde_json::Value, saved: &serde_json::Value, path: &str, name: &str) {
    use serde_json::Value;
    // Walk with an explicit stack: example files are small, but nothing in
    // this repository recurses over input depth.
    let mut stack = vec![(orig, saved, path.to_string())];
    while let Some((o, s, p)) = stack.pop() {
        match (o, s) {
            (Value::Object(om), Value::Object(sm)) => {
                for (k, ov) in om {
                    let kp = format!("{p}.{k}");
                    match sm.get(k) {
                        Some(sv) => stack.push((ov, sv, kp)),
                        None => {
                            assert!(is_default(k, ov), "{name}: {kp} = {ov} was dropped on save")
                        }
                    }
                }
            }
            (Value::Array(oa), Value::Array(sa)) => {
                assert_eq!(oa.len(), sa.len(), "{name}: {p} length");
                for (i, (a, b)) in oa.iter().zip(sa).enumerate() {
                    stack.push((a, b, format!("{p}[{i}]")));
                }
            }
            (Value::Number(a), Value::Number(b)) => {
                assert_eq!(a.as_f64(), b.as_f64(), "{name}: {p}");
            }
            (Value::Number(a), Value::String(b)) => {
                // A bare-number duration is written back with its unit.
                assert_eq!(format!("{a}d"), *b, "{name}: {p}");
            }
            (Value::String(a), Value::String(b)) if a != b => {
                // Date-times gain seconds ("08:00" -> "08:00:00").
                assert!(b.starts_with(a.as_str()), "{name}: {p}: {a:?} became {b:?}");
            }
            _ => assert_eq!(o, s, "{name}: {p}"),
        }
    }
}

/// Members the format omits on save because they hold the default.
fn is_default(key: &str, v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => key == "weight" && n.as_f64() == Some(1.0),
        Value::String(s) => matches!(
            (key, s.as_str()),
            ("kind", "task" | "person")
                | ("type", "FS")
                | ("role", "responsible")
                | ("accrual", "prorated")
                | ("aggregation", "last")
                | ("rollup", "weighted_mean")
                | ("status_rollup", "worst")
        ),
    }
}
