//! The `stratops` binary: exit codes, the JSON contract of `validate`
//! (DESIGN section 8), `schema` and `fmt`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn stratops(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stratops"))
        .args(args)
        .output()
        .expect("run the stratops binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/plans")
        .join(name)
        .display()
        .to_string()
}

/// A file in a fresh per-process temporary directory.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stratops-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

const CYCLE: &str = r#"{
  "format": "stratops/1",
  "plans": [{
    "id": "p", "kind": "project", "name": "Cycle",
    "horizon": {"start": "2025-01-01", "end": "2025-03-01"},
    "tasks": [
      {"id": "alpha-task", "name": "A", "duration": "1d", "dependencies": [{"predecessor": "charlie-task"}]},
      {"id": "bravo-task", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "alpha-task"}]},
      {"id": "charlie-task", "name": "C", "duration": "1d", "dependencies": [{"predecessor": "bravo-task"}]},
      {"id": "delta-task", "name": "D", "duration": "1d"}
    ]
  }]
}"#;

const CYCLE_IDS: [&str; 3] = ["alpha-task", "bravo-task", "charlie-task"];

#[test]
fn validate_a_valid_example_exits_0() {
    for name in ["endpoint-security.json", "talent-strategy.json"] {
        let o = stratops(&["validate", &example(name)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains("valid"), "{}", stdout(&o));

        let o = stratops(&["validate", &example(name), "--format", "json"]);
        assert_eq!(o.status.code(), Some(0));
        let v: Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
        assert_eq!(v["valid"], true);
        assert_eq!(v["diagnostics"], Value::Array(vec![]));
    }
}

#[test]
fn validate_a_cycle_exits_1_and_names_the_ids() {
    let file = temp_file("cycle.json", CYCLE);
    let file = file.to_str().expect("utf-8 temp path");

    // JSON: valid false, a dependency_cycle whose `related` is the cycle.
    let o = stratops(&["validate", file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("one JSON object on stdout");
    assert_eq!(v["valid"], false);
    let diags = v["diagnostics"].as_array().expect("diagnostics array");
    let cycle = diags
        .iter()
        .find(|d| d["code"] == "dependency_cycle")
        .expect("a dependency_cycle diagnostic");
    for key in ["code", "severity", "id", "path", "message"] {
        assert!(cycle.get(key).is_some(), "missing {key} in {cycle}");
    }
    assert_eq!(cycle["severity"], "error");
    let mut related: Vec<&str> = cycle["related"]
        .as_array()
        .expect("related ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    related.sort_unstable();
    assert_eq!(related, CYCLE_IDS, "delta-task is not on the cycle");
    // A one-line summary on stderr.
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("invalid"), "{err}");

    // Text: the ids are printed too.
    let o = stratops(&["validate", file]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for id in CYCLE_IDS {
        assert!(out.contains(id), "{id} missing from {out}");
    }
    assert!(out.contains("dependency_cycle"), "{out}");
    assert!(!out.contains("delta-task"), "{out}");
    assert_eq!(stderr(&o).trim_end().lines().count(), 1);
}

#[test]
fn unreadable_json_exits_1_with_line_and_column() {
    let file = temp_file(
        "broken.json",
        "{\n  \"format\": \"stratops/1\",\n  \"plans\": [}\n",
    );
    let o = stratops(&[
        "validate",
        file.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(v["valid"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "json_syntax");
    // The stray `}` is on line 3, column 13.
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 13);
    assert_eq!(stderr(&o).trim_end().lines().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["validate"][..],
        &["validate", "x.json", "--format", "xml"][..],
        &["validate", "/nonexistent/stratops/plan.json"][..],
    ] {
        let o = stratops(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "{args:?} says why");
    }
    // --help is not an error.
    assert_eq!(stratops(&["--help"]).status.code(), Some(0));
}

#[test]
fn schema_prints_the_json_schema() {
    let o = stratops(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("the schema is JSON");
    let lib: Value = serde_json::from_str(&stratops::json_schema()).expect("library schema");
    assert_eq!(v, lib);
    assert_eq!(v["title"], "Document");
}

#[test]
fn fmt_output_reloads_equal() {
    for name in ["endpoint-security.json", "talent-strategy.json"] {
        let path = example(name);
        let o = stratops(&["fmt", &path]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let original =
            stratops::Document::from_json(&std::fs::read_to_string(&path).expect("read example"))
                .expect("example loads");
        let formatted = stratops::Document::from_json(&stdout(&o)).expect("fmt output loads");
        assert_eq!(formatted, original, "{name}");
        // fmt is idempotent.
        let file = temp_file(name, &stdout(&o));
        let again = stratops(&["fmt", file.to_str().expect("utf-8")]);
        assert_eq!(stdout(&again), stdout(&o));
    }
}

#[test]
fn fmt_write_rewrites_in_place() {
    let file = temp_file(
        "messy.json",
        r#"{"plans": [], "format": "stratops/1", "extensions": {"keep": [1, "two", {"three": null}]}}"#,
    );
    let f = file.to_str().expect("utf-8");
    let o = stratops(&["fmt", f, "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&file).expect("read back");
    assert!(
        text.starts_with("{\n  \"format\": \"stratops/1\""),
        "{text}"
    );
    let doc = stratops::Document::from_json(&text).expect("reloads");
    assert_eq!(
        doc.extensions["keep"],
        serde_json::json!([1, "two", {"three": null}])
    );
}

/// A reader that stops early (`stratops schedule FILE | head`) ends the
/// output quietly: no panic, no backtrace.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let mut tasks = vec![serde_json::json!({"id": "t0", "name": "T", "duration": "1d"})];
    for i in 1..5000 {
        tasks.push(
            serde_json::json!({"id": format!("t{i}"), "name": "T", "duration": "1d",
            "dependencies": [{"predecessor": format!("t{}", i - 1)}]}),
        );
    }
    let doc = serde_json::json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project",
        "name": "P", "horizon": {"start": "2025-01-06", "end": "2045-12-31"}, "tasks": tasks}]});
    let file = temp_file("big-chain.json", &doc.to_string());
    let mut child = Command::new(env!("CARGO_BIN_EXE_stratops"))
        .args(["schedule", file.to_str().unwrap(), "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    let mut out = child.stdout.take().unwrap();
    out.read_exact(&mut first).unwrap();
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
}
