//! The `scorecard`, `align` and `risks` verbs: DESIGN §8's JSON shape and
//! exit codes.

use std::process::Command;

use serde_json::Value;

fn example(name: &str) -> String {
    format!("{}/../../examples/plans/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stratops"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn scorecard_json_has_the_contract_shape() {
    let f = example("three-year-strategy.json");
    let (code, out, _) = run(&["scorecard", &f, "--as-of", "2025-08-15", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["as_of"], "2025-08-15");
    for k in v["kpis"].as_array().unwrap() {
        for field in ["id", "value", "progress", "expected", "status", "forecast"] {
            assert!(k.get(field).is_some(), "kpi lacks {field}: {k}");
        }
    }
    let goals = v["goals"].as_array().unwrap();
    for g in goals {
        for field in ["id", "progress", "status"] {
            assert!(g.get(field).is_some(), "goal lacks {field}");
        }
    }
    // g-retention is on track (see the core test for the numbers)
    let ret = goals.iter().find(|g| g["id"] == "g-retention").unwrap();
    assert_eq!(ret["status"], "on_track");
    // no_data KPIs carry null value and progress
    let nd = v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "k-q3-page-conversion")
        .unwrap();
    assert_eq!(nd["status"], "no_data");
    assert!(nd["value"].is_null() && nd["progress"].is_null());
}

#[test]
fn scorecard_text_is_a_tree_up_to_strategy() {
    let f = example("three-year-strategy.json");
    let (code, out, _) = run(&["scorecard", &f, "--as-of", "2025-08-15"]);
    assert_eq!(code, 0);
    // strategic goal first, then its operational goal, then a rock, then its KPI
    let pos = |s: &str| {
        out.find(s)
            .unwrap_or_else(|| panic!("{s} missing in\n{out}"))
    };
    assert!(pos("g-members") < pos("o-acquire"));
    assert!(pos("o-acquire") < pos("q3-chapter-drive"));
    assert!(pos("q3-chapter-drive") < pos("k-q3-signups"));
    assert!(out.contains("Leading indicators:"));
}

#[test]
fn usage_and_invalid_input_exit_codes() {
    let f = example("three-year-strategy.json");
    // a bad date is a usage error
    let (code, _, err) = run(&["scorecard", &f, "--as-of", "2025-13-01"]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of"));
    // --as-of is required
    assert_eq!(run(&["scorecard", &f]).0, 2);
    // an invalid document: exit 1 with diagnostics as JSON
    let dir = std::env::temp_dir().join(format!("stratops-cli-sc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format": "stratops/1", "plans": [{"id": "s", "kind": "strategic", "name": "S",
        "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
        "goals": [{"id": "g", "name": "G"}],
        "kpis": [{"id": "k", "name": "K", "goals": [{"goal": "g", "weight": 0}], "polarity": "increase",
          "baseline": {"value": 1, "date": "2025-01-01"}, "target": {"value": 1, "date": "2025-12-31"}}]}]}"#,
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    for args in [
        vec![
            "scorecard",
            bad,
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
        ],
        vec!["align", bad, "--format", "json"],
        vec!["risks", bad, "--format", "json"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(!err.is_empty());
        let v: Value = serde_json::from_str(&out).unwrap();
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"bad_weight"), "{codes:?}");
        assert!(codes.contains(&"target_equals_baseline"), "{codes:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn align_and_risks() {
    let f = example("three-year-strategy.json");
    let (code, out, _) = run(&["align", &f, "--as-of", "2025-08-15", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("unaligned_tasks"), ["t-office-move", "t-newsletter"]);
    assert_eq!(ids("goals_without_work"), ["q3-renewal-page"]);
    assert_eq!(v["stale_kpis"][0]["id"], "k-q3-page-conversion");
    // 760 of 880 hours: 40·7 rock tasks + 120 + 200 + 160 on strategy,
    // 80 (office move) + 40 (newsletter) not.
    assert_eq!(v["hours"]["total"], 880.0);
    assert_eq!(v["hours"]["strategic"], 760.0);
    // Budget: the 15,000.00 platform licence sits on t-cert-course (on
    // strategy); the 12,000.00 office move supports nothing: 15/27.
    assert_eq!(v["budget_share"]["total"], "27000.00");
    assert_eq!(v["budget_share"]["strategic"], "15000.00");
    let (code, out, _) = run(&["align", &f]);
    assert_eq!(code, 0);
    assert!(out.contains("staleness not checked"));

    let (code, out, _) = run(&["risks", &f, "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    // r-recession: likelihood 2 -> 0.3 × 250000.00 = 75000; r-cert: 0.35 × 40000 = 14000.
    assert_eq!(
        v["top"],
        serde_json::json!(["r-recession", "r-cert-accreditation"])
    );
    assert_eq!(v["risks"][0]["exposure_money"], "75000.000");
    assert_eq!(v["risks"][0]["band"], "high"); // 2 × 5 = 10
    let (code, out, _) = run(&["risks", &f]);
    assert_eq!(code, 0);
    assert!(out.contains("r-recession"));
}
