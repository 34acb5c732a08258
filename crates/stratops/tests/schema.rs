//! The checked-in JSON Schema (`schema/stratops-1.schema.json`) must match
//! the one generated from the Rust types.
//!
//! To regenerate it after changing the model:
//!
//! ```sh
//! UPDATE_SCHEMA=1 cargo test -p stratops --test schema
//! # or
//! cargo run -q -p stratops-cli -- schema > schema/stratops-1.schema.json
//! ```

use std::path::PathBuf;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema/stratops-1.schema.json")
}

#[test]
fn checked_in_schema_is_current() {
    let path = schema_path();
    let generated = stratops::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).expect("write schema/stratops-1.schema.json");
        eprintln!("rewrote {}", path.display());
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nGenerate it with: UPDATE_SCHEMA=1 cargo test -p stratops --test schema",
            path.display()
        )
    });
    // Compare line endings loosely so a CRLF checkout does not fail.
    let on_disk = on_disk.replace("\r\n", "\n");
    if on_disk != generated {
        let first_diff = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the files differ in length".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!(
            "schema/stratops-1.schema.json is stale ({first_diff}).\n\
             Regenerate it with:\n    UPDATE_SCHEMA=1 cargo test -p stratops --test schema\n\
             or:\n    cargo run -q -p stratops-cli -- schema > schema/stratops-1.schema.json"
        );
    }
}

#[test]
fn schema_is_json_and_describes_the_document() {
    let v: serde_json::Value =
        serde_json::from_str(&stratops::json_schema()).expect("the schema is JSON");
    assert_eq!(v["title"], "Document");
    // Every entity of the model has a definition.
    for def in [
        "Plan",
        "Goal",
        "Kpi",
        "Task",
        "Dependency",
        "Resource",
        "CostLine",
        "Risk",
        "Calendar",
        "Duration",
        "Money",
        "Date",
        "DateOrTime",
    ] {
        assert!(v["$defs"][def].is_object(), "missing $defs.{def}");
    }
    // deny_unknown_fields shows up as additionalProperties: false.
    assert_eq!(v["$defs"]["Task"]["additionalProperties"], false);
}
