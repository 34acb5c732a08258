//! `stratops evm`, `stratops baseline` and `schedule --status-date` end to
//! end: the JSON contract scripts depend on.

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
fn evm_follows_the_contract() {
    let (code, out, err) = stratops(&[
        "evm",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "status_date",
        "currency",
        "bac",
        "pv",
        "ev",
        "ac",
        "sv",
        "cv",
        "spi",
        "cpi",
        "eac",
        "etc",
        "vac",
        "tcpi",
        "es_days",
        "at_days",
        "spi_t",
        "sv_t_days",
        "ieac_t_days",
        "by_task",
        "by_goal",
        "by_period",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["status_date"], "2025-12-05");
    assert_eq!(v["currency"], "USD");
    // money as decimal strings; the example's budget is 12,800 USD
    assert_eq!(v["bac"], "12800");
    assert!(v["ev"].is_string());
    // no actual cost recorded: CPI and the CPI forecast are null, not NaN
    assert_eq!(v["cpi"], serde_json::Value::Null);
    assert!(v["spi"].is_number());
    let t = &v["by_task"][0];
    for k in ["id", "bac", "pv", "ev", "ac"] {
        assert!(t.get(k).is_some(), "by_task lacks {k}");
    }
    let p = &v["by_period"][0];
    assert_eq!(p["period"], "2025-10");
    assert!(p["pv_cum"].is_string() && p["ac_cum"].is_string());
    // The training summary's 3000 line earns its three 1-day waves'
    // duration-weighted progress: (100 + 100 + 60) / 300 × 3000 = 2600.
    let training = v["by_task"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "training")
        .unwrap();
    assert_eq!(training["ev"], "2600");
    // EV by plan sums to EV.
    let sum: f64 = v["by_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["ev"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(sum, v["ev"].as_str().unwrap().parse::<f64>().unwrap());
}

#[test]
fn evm_refuses_bad_options_with_codes() {
    let (code, _, err) = stratops(&["evm", EXAMPLE, "--status-date", "2025-13-05"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = stratops(&[
        "evm",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--baseline",
        "4",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("unknown_baseline"), "{out}");
    let (code, _, err) = stratops(&[
        "evm",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--eac-method",
        "guess",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad_option"), "{err}");
}

#[test]
fn baseline_save_then_variance_and_evm_against_it() {
    let dir = std::env::temp_dir().join(format!("stratops-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("plan.json");
    std::fs::copy(EXAMPLE, &file).unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = stratops(&[
        "baseline",
        "save",
        f,
        "--number",
        "0",
        "--saved",
        "2025-10-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("baseline 0 saved"));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let ops = doc["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "endpoint-security")
        .unwrap();
    assert_eq!(ops["baselines"][0]["number"], 0);
    assert_eq!(ops["baselines"][0]["saved"], "2025-10-01");
    // at the status date the 60%-done training wave finishes Monday 12-08
    let (code, out, _) = stratops(&[
        "baseline",
        "variance",
        f,
        "--status-date",
        "2025-12-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["slipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "training-wave-3"),
        "{v}"
    );
    let (code, out, _) = stratops(&[
        "evm",
        f,
        "--status-date",
        "2025-12-05",
        "--baseline",
        "0",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["baseline"], 0);
    assert_eq!(v["bac"], "12800");
    let (code, _, _) = stratops(&["baseline", "save", f, "--number", "11"]);
    assert_eq!(code, 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn schedule_at_a_status_date_keeps_its_fields_and_adds_the_forecast() {
    let (code, out, _) = stratops(&[
        "schedule",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "project_start",
        "project_finish",
        "tasks",
        "critical_paths",
        "paths_truncated",
        "diagnostics",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["status_date"], "2025-12-05");
    assert_eq!(v["forecast_finish"], v["project_finish"]);
    let w3 = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "training-wave-3")
        .unwrap();
    // 60% of 1d done: the remaining 192 min resume Monday 08:00
    assert_eq!(w3["early_finish"], "2025-12-08T11:12:00");
    let (code, _, _) = stratops(&[
        "schedule",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--out-of-sequence",
        "bogus",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn health_follows_the_contract() {
    let (code, out, err) = stratops(&[
        "health",
        EXAMPLE,
        "--status-date",
        "2025-12-05",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in ["status_date", "profile", "checks", "passed", "failed"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["profile"], "dcma");
    let checks = v["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 14);
    for (i, c) in checks.iter().enumerate() {
        assert_eq!(c["number"], i + 1);
        for k in ["name", "value", "threshold", "pass", "tasks"] {
            assert!(c.get(k).is_some(), "check {i} lacks {k}");
        }
    }
    // no baseline in the example: 11 and 14 cannot run, and say so
    assert_eq!(checks[10]["pass"], serde_json::Value::Null);
    assert_eq!(checks[10]["note"], "needs baseline 0");
    assert_eq!(checks[11]["value"], 600.0);
    let (code, _, _) = stratops(&["health", EXAMPLE, "--profile", "nasa"]);
    assert_eq!(code, 1);
}

#[test]
fn simulate_follows_the_contract_and_is_the_same_on_any_thread_count() {
    let args = |t: &str| {
        vec![
            "simulate".to_string(),
            EXAMPLE.to_string(),
            "--iterations".into(),
            "300".into(),
            "--seed".into(),
            "7".into(),
            "--threads".into(),
            t.to_string(),
            "--format".into(),
            "json".into(),
        ]
    };
    let run = |t: &str| {
        let a = args(t);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        stratops(&a)
    };
    let (code, one, err) = run("1");
    assert_eq!(code, 0, "{err}");
    let (_, two, _) = run("2");
    assert_eq!(one, two, "thread count changed the result");
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["iterations"], 300);
    assert_eq!(v["seed"], 7);
    for k in ["p10", "p50", "p80", "p90", "mean", "std"] {
        assert!(v["duration_days"][k].is_number(), "duration_days.{k}");
    }
    for k in ["p10", "p50", "p80", "p90"] {
        assert!(v["finish"][k].as_str().unwrap().contains('T'), "finish.{k}");
        assert!(v["cost"][k].is_string(), "cost.{k}");
    }
    assert!(v["cost"]["mean"].is_string());
    let t = &v["tasks"][0];
    assert!(t["id"].is_string() && t["criticality"].is_number() && t.get("cruciality").is_some());
    assert!(v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["id"].is_string() && d["probability"].is_number()));
    let g = &v["goals"][0];
    assert_eq!(g["id"], "g-endpoint-compliance");
    assert_eq!(g["due"], "2025-12-31");
    assert!(v["histogram"].is_array());
    // the example's risks add cost: the P90 is above the base budget
    assert!(v["cost"]["p90"].as_str().unwrap().parse::<f64>().unwrap() >= 12800.0);
    let (code, out, _) = stratops(&["simulate", EXAMPLE, "--iterations", "0", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(out.contains("bad_option"), "{out}");
}
