//! `stratops budget` end to end on the endpoint-security example.

use std::process::Command;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/plans/endpoint-security.json"
);

fn stratops(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_stratops"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn json_has_design_shape() {
    let (code, out, _) = stratops(&["budget", EXAMPLE, "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["currency"], "USD");
    assert_eq!(v["total"], "12800.00");
    assert_eq!(v["by_category"]["software"], "5000.00");
    assert_eq!(v["by_category"]["training"], "3000.00");
    assert_eq!(v["by_category"]["labour"], "4800.00");
    assert_eq!(v["by_plan"]["endpoint-security"], "12800.00");
    assert_eq!(v["by_task"]["antivirus"], "7880.00");
    assert_eq!(v["by_goal"]["g-endpoint-compliance"], "12800.00");
    // 9448.181818181 → 9448.18, 3283.636363638 → 3283.64, 68.181818181 → 68.18
    assert_eq!(v["by_period"]["2025-10"], "9448.18");
    assert_eq!(v["by_period"]["2025-11"], "3283.64");
    assert_eq!(v["by_period"]["2025-12"], "68.18");
    // 240 + 480 + 450 + 500
    assert_eq!(v["contingency"], "1670.00");
}

#[test]
fn text_shows_the_formatted_total_and_breakdown() {
    let (code, out, _) = stratops(&["budget", EXAMPLE]);
    assert_eq!(code, 0);
    assert!(out.contains("total 12,800.00 USD"), "{out}");
    assert!(out.contains("software  5,000.00 USD"), "{out}");
    let (_, out, _) = stratops(&["budget", EXAMPLE, "--by", "goal"]);
    assert!(out.contains("do not sum to the total"), "{out}");
    let (_, out, _) = stratops(&["budget", EXAMPLE, "--explain", "c-alex-scans"]);
    assert!(
        out.contains("16 h × 120.00 USD/h (rate of resource alex from 2025-01-01)"),
        "{out}"
    );
}

#[test]
fn invalid_input_exits_1_with_diagnostics() {
    let dir = std::env::temp_dir().join(format!("stratops-budget-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.json");
    std::fs::write(
        &f,
        r#"{"format": "stratops/1", "resources": [{"id": "r", "name": "R", "rates": [{"from": "2030-01-01", "standard": "1"}]}],
        "plans": [{"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-10-01", "end": "2025-10-31"},
        "costs": [{"id": "c", "category": "x", "kind": "labour", "resource": "r", "hours": "1"}]}]}"#,
    )
    .unwrap();
    let (code, out, err) = stratops(&["budget", f.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "missing_rate");
    assert_eq!(v["diagnostics"][0]["id"], "c");
    assert!(err.contains("missing_rate"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
