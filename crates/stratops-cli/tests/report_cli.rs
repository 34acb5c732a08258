//! `stratops report`, `remind` and `diff` through the binary: formats,
//! files and exit codes (0 ok, 1 invalid input, 2 usage).

use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stratops"))
}

fn example() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    )
    .to_string()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratops-report-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn report_in_three_formats() {
    let out = bin()
        .args([
            "report",
            &example(),
            "--as-of",
            "2025-12-05",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["as_of"], "2025-12-05");
    assert_eq!(v["budget"]["planned"], "12800.00");
    assert_eq!(v["overdue_tasks"][0]["id"], "training-wave-3");

    let md = bin()
        .args(["report", &example(), "--as-of", "2025-12-05"])
        .output()
        .unwrap();
    assert_eq!(md.status.code(), Some(0));
    assert!(String::from_utf8(md.stdout)
        .unwrap()
        .starts_with("# Progress report: Endpoint security compliance (Q4 2025)"));

    let file = tmp("report.html");
    let out = bin()
        .args([
            "report",
            &example(),
            "--as-of",
            "2025-12-05",
            "--format",
            "html",
            "-o",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"class="bar task critical""#));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["report", "x.json"],
        vec!["report", "x.json", "--as-of", "2025-13-01"],
        vec![
            "remind",
            "x.json",
            "--as-of",
            "2025-12-05",
            "--within",
            "soon",
        ],
        vec![
            "report",
            "x.json",
            "--as-of",
            "2025-12-05",
            "--format",
            "pdf",
        ],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn remind_json() {
    let out = bin()
        .args([
            "remind",
            &example(),
            "--as-of",
            "2025-12-05",
            "--within",
            "2w",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["within_days"], 14);
    let kinds: Vec<&str> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["risk_triggered", "overdue"]);
}

#[test]
fn diff_against_an_invalid_document_exits_1_with_codes() {
    let good = std::fs::read_to_string(example()).unwrap();
    let bad = good.replacen(
        r#""predecessor": "av-evaluate""#,
        r#""predecessor": "nowhere""#,
        1,
    );
    let bad_path = tmp("bad.json");
    std::fs::write(&bad_path, bad).unwrap();
    let out = bin()
        .args(["diff", &example()])
        .arg(&bad_path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "dangling_reference" && d["id"] == "av-buy"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.json"));

    let same = bin()
        .args([
            "diff",
            &example(),
            &example(),
            "--as-of",
            "2025-12-05",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(v["changed"], serde_json::json!([]));
    assert_eq!(v["consequences"]["finish_moved_working_days"], 0.0);
}
