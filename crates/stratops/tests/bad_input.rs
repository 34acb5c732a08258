//! Bad input: every malformed document gives an error with a stable code and
//! the JSON path (and, for load errors, the line and column). None panics.
//!
//! Line and column are serde_json's: 1-based, and the column is that of the
//! last character read when the error was found (for a bad value, the
//! closing quote of the string or the last digit of the number).

use stratops::{Document, Error, FormatError};

/// Loads `text` and returns the format error it must produce.
fn format_err(text: &str) -> FormatError {
    match Document::from_json(text) {
        Err(Error::Format(e)) => e,
        Err(other) => panic!("expected a format error, got {other:?}"),
        Ok(_) => panic!("expected a format error, but the document loaded"),
    }
}

/// A one-plan document whose task list is `tasks` and whose plan carries
/// the extra members `plan_extra` (each on its own line). Line numbers:
/// line 1 `{`, 2 format, 3 `"plans": [{`, 4 id/kind/name, 5 horizon,
/// then the `plan_extra` lines, then the tasks line.
fn doc_with(plan_extra: &[&str], tasks: &str) -> String {
    let mut s = String::from(
        "{\n  \"format\": \"stratops/1\",\n  \"plans\": [{\n    \"id\": \"p\", \"kind\": \"project\", \"name\": \"P\",\n    \"horizon\": {\"start\": \"2025-01-01\", \"end\": \"2025-06-30\"},\n",
    );
    for l in plan_extra {
        s.push_str("    ");
        s.push_str(l);
        s.push_str(",\n");
    }
    s.push_str("    \"tasks\": [");
    s.push_str(tasks);
    s.push_str("]\n  }]\n}\n");
    s
}

#[test]
fn the_template_itself_is_valid() {
    let doc = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duration": "2d"}"#,
    ))
    .expect("template loads");
    assert!(stratops::validate(&doc).is_empty());
}

#[test]
fn malformed_json() {
    // An unexpected `}` where an array element should be, at column 36.
    let e = format_err(r#"{"format": "stratops/1", "plans": [}"#);
    assert_eq!(e.code, "json_syntax");
    assert_eq!((e.line, e.column), (1, 36));

    // A missing comma on line 3: the parser notices at `"plans"`, column 3.
    let e = format_err("{\n  \"format\": \"stratops/1\"\n  \"plans\": []\n}");
    assert_eq!(e.code, "json_syntax");
    assert_eq!((e.line, e.column), (3, 3));

    // Truncated input.
    let e = format_err(r#"{"format": "stratops/1", "plans": ["#);
    assert_eq!(e.code, "json_eof");
    assert_eq!(e.line, 1);

    let e = format_err("");
    assert_eq!(e.code, "json_eof");

    // Not a JSON value at all.
    let e = format_err("plans:");
    assert_eq!(e.code, "json_syntax");
    assert_eq!((e.line, e.column), (1, 1));
}

#[test]
fn trailing_garbage() {
    // The document ends at column 34; ` x` follows, so the error is at 36.
    let e = format_err(r#"{"format":"stratops/1","plans":[]} x"#);
    assert_eq!(e.code, "json_trailing");
    assert_eq!((e.line, e.column), (1, 36));
    assert_eq!(e.path, "");

    let e = format_err("{\"format\":\"stratops/1\",\"plans\":[]}\n{}");
    assert_eq!(e.code, "json_trailing");
    assert_eq!(e.line, 2);
}

#[test]
fn wrong_types() {
    // A number where the id string belongs.
    let e = format_err(&doc_with(&[], r#"{"id": 5, "name": "T"}"#));
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "plans[0].tasks[0].id");
    assert_eq!(e.line, 6);

    // An object where a list belongs.
    let e = format_err(&doc_with(&[r#""supports": {"g": 1}"#], "")); // line 6
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "plans[0].supports");
    assert_eq!(e.line, 6);

    // A string where a bool belongs.
    let e = format_err(&doc_with(
        &[],
        r#"{"id": "k", "name": "T", "progress": {"percent_complete": "50"}}"#,
    ));
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "plans[0].tasks[0].progress.percent_complete");

    // The top level is not an object.
    let e = format_err("\"stratops/1\"");
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "");

    // An array where an object belongs: serde would read a struct from its
    // fields in order, but the format says objects.
    let e = format_err(r#"["stratops/1"]"#);
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "");
    let text = doc_with(&[], "").replace(
        r#"{"start": "2025-01-01", "end": "2025-06-30"}"#,
        r#"["2025-01-01", "2025-06-30"]"#,
    );
    let e = format_err(&text);
    assert_eq!(e.code, "wrong_type");
    assert_eq!(e.path, "plans[0].horizon");
    assert_eq!(e.line, 5);

    // A 1-5 score of 300 does not fit.
    let e = format_err(&doc_with(
        &[r#""risks": [{"id": "r", "description": "d", "likelihood": 300}]"#],
        "",
    ));
    assert_eq!(e.code, "invalid_value");
    assert_eq!(e.path, "plans[0].risks[0].likelihood");

    // A number too large for a double.
    let e = format_err(&doc_with(
        &[r#""risks": [{"id": "r", "description": "d", "probability": 1e999}]"#],
        "",
    ));
    assert_eq!(e.line, 6);
    assert!(
        ["json_syntax", "invalid_value", "bad_value"].contains(&e.code.as_str()),
        "{e:?}"
    );
}

#[test]
fn missing_fields_and_format_tag() {
    let e = format_err(&doc_with(&[], r#"{"id": "t"}"#));
    assert_eq!(e.code, "missing_field");
    assert_eq!(e.path, "plans[0].tasks[0]");
    assert!(e.message.contains("name"), "{}", e.message);

    let e = format_err(r#"{"plans": []}"#);
    assert_eq!(e.code, "missing_field");
    assert!(e.message.contains("format"));

    let e = format_err(r#"{"format": "stratops/2", "plans": []}"#);
    assert_eq!(e.code, "bad_format_tag");
    assert_eq!(e.path, "format");
}

#[test]
fn unknown_enum_values() {
    // Line 4 is `    "id": "p", "kind": "weekly", "name": "P",`; the closing
    // quote of "weekly" is column 31.
    let text = doc_with(&[], "").replace("\"project\"", "\"weekly\"");
    let e = format_err(&text);
    assert_eq!(e.code, "unknown_variant");
    assert_eq!(e.path, "plans[0].kind");
    assert_eq!((e.line, e.column), (4, 31));

    let e = format_err(&doc_with(
        &[],
        r#"{"id": "b", "name": "B", "dependencies": [{"predecessor": "a", "type": "XS"}]}"#,
    ));
    assert_eq!(e.code, "unknown_variant");
    assert_eq!(e.path, "plans[0].tasks[0].dependencies[0].type");
    assert_eq!(e.line, 6);

    let e = format_err(&doc_with(
        &[],
        r#"{"id": "b", "name": "B", "constraint": {"type": "SOON", "date": "2025-01-01"}}"#,
    ));
    assert_eq!(e.code, "unknown_variant");
    assert_eq!(e.path, "plans[0].tasks[0].constraint.type");

    let e = format_err(&doc_with(
        &[],
        r#"{"id": "b", "name": "B", "assignments": [{"resource": "x", "role": "boss"}]}"#,
    ));
    assert_eq!(e.code, "unknown_variant");
    assert_eq!(e.path, "plans[0].tasks[0].assignments[0].role");
}

#[test]
fn unknown_fields_are_errors_and_extensions_are_the_place() {
    // A typo must not be silently ignored.
    let e = format_err(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duraton": "2d"}"#,
    ));
    assert_eq!(e.code, "unknown_field");
    assert_eq!(e.path, "plans[0].tasks[0].duraton");
    assert_eq!(e.line, 6);

    let e = format_err(r#"{"format": "stratops/1", "plans": [], "colour": "red"}"#);
    assert_eq!(e.code, "unknown_field");
    assert_eq!(e.path, "colour");

    // The same data under `extensions` is kept.
    let doc = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "extensions": {"duraton": "2d"}}"#,
    ))
    .expect("extensions accept anything");
    assert_eq!(doc.plans[0].tasks[0].extensions["duraton"], "2d");
}

#[test]
fn absurd_dates() {
    for (bad, code) in [
        ("0000-01-01", "bad_date"),
        ("10000-01-01", "bad_date"),
        ("2025-02-29", "bad_date"),
        ("2025-13-01", "bad_date"),
        ("25-01-01", "bad_date"),
        ("2025-1-1", "bad_date"),
    ] {
        let text = doc_with(&[], "").replace("\"2025-01-01\"", &format!("\"{bad}\""));
        let e = format_err(&text);
        assert_eq!(e.code, code, "{bad}");
        assert_eq!(e.path, "plans[0].horizon.start", "{bad}");
        assert_eq!(e.line, 5, "{bad}");
    }
    // A number is not a date.
    let text = doc_with(&[], "").replace("\"2025-01-01\"", "20250101");
    let e = format_err(&text);
    assert_eq!(e.code, "bad_date");
    assert_eq!(e.path, "plans[0].horizon.start");

    // Date-times: hour 25, year 0, year 10000, missing minutes.
    for bad in [
        "2025-01-01T25:00",
        "0000-01-01T08:00",
        "10000-01-01T08:00",
        "2025-01-01T08",
    ] {
        let e = format_err(&doc_with(
            &[],
            &format!(r#"{{"id": "t", "name": "T", "deadline": "{bad}"}}"#),
        ));
        assert!(
            e.code == "bad_datetime" || e.code == "bad_date",
            "{bad}: {e:?}"
        );
        assert_eq!(e.path, "plans[0].tasks[0].deadline", "{bad}");
    }
}

#[test]
fn money_errors() {
    // More than 28 significant digits: refused even when, like these 29,
    // a 96-bit decimal could hold them, and of course 30.
    for bad in [
        "12345678901234567890123456789",
        "-1234567890123456789.0123456789",
        "123456789012345678901234567890",
    ] {
        let e = format_err(&doc_with(&[&format!(r#""budget": "{bad}""#)], ""));
        assert_eq!(e.code, "bad_money", "{bad}");
        assert_eq!(e.path, "plans[0].budget");
        assert_eq!(e.line, 6);
    }
    // 28 digits load, and leading zeros do not count.
    for good in [
        "1234567890123456789012345678",
        "0.0000000000000000000000000001",
        "000123",
    ] {
        let text = doc_with(&[&format!(r#""budget": "{good}""#)], "");
        let doc = Document::from_json(&text).expect(good);
        assert!(doc.plans[0].budget.is_some());
    }

    // 29 fractional digits exceed the maximum scale of 28.
    let e = format_err(&doc_with(
        &[r#""budget": "0.00000000000000000000000000001""#],
        "",
    ));
    assert_eq!(e.code, "bad_money");
    assert_eq!(e.path, "plans[0].budget");

    // Money as a JSON number would be a binary float: refused.
    let e = format_err(&doc_with(&[r#""budget": 12800.00"#], ""));
    assert_eq!(e.code, "bad_money");
    assert_eq!(e.path, "plans[0].budget");
    assert!(e.message.contains("decimal string"), "{}", e.message);
    let e = format_err(&doc_with(&[r#""budget": 12800"#], ""));
    assert_eq!(e.code, "bad_money");

    for bad in ["1e5", "12,800.00", "$5", "", "1.", ".5", "--1", "five"] {
        let e = format_err(&doc_with(&[&format!(r#""budget": "{bad}""#)], ""));
        assert_eq!(e.code, "bad_money", "{bad:?}");
        assert_eq!(e.path, "plans[0].budget", "{bad:?}");
    }

    // Inside a map, the path names the key.
    let e = format_err(&doc_with(
        &[r#""category_budgets": {"software": "lots"}"#],
        "",
    ));
    assert_eq!(e.code, "bad_money");
    assert_eq!(e.path, "plans[0].category_budgets.software");
}

#[test]
fn durations() {
    for bad in ["5x", "d", "5ee", "1.2.3d", "5e%", "", "five days"] {
        let e = format_err(&doc_with(
            &[],
            &format!(r#"{{"id": "t", "name": "T", "duration": "{bad}"}}"#),
        ));
        assert_eq!(e.code, "bad_duration", "{bad:?}");
        assert_eq!(e.path, "plans[0].tasks[0].duration", "{bad:?}");
        assert_eq!(e.line, 6, "{bad:?}");
    }
    // In a lag too.
    let e = format_err(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "dependencies": [{"predecessor": "a", "lag": "2q"}]}"#,
    ));
    assert_eq!(e.code, "bad_duration");
    assert_eq!(e.path, "plans[0].tasks[0].dependencies[0].lag");

    // "-3d" is a well-formed duration (negative lags exist), so it loads;
    // as a task duration validation refuses it.
    let doc = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duration": "-3d"}"#,
    ))
    .expect("-3d parses");
    let diags = stratops::validate(&doc);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "negative_duration");
    assert_eq!(diags[0].id.as_deref(), Some("t"));
    assert_eq!(diags[0].path, "plans[0].tasks[0].duration");
    let err = stratops::Model::new(doc).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(err.path(), Some("plans[0].tasks[0].duration"));

    // A percentage is not a task duration.
    let doc = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duration": "50%"}"#,
    ))
    .expect("50% parses");
    let diags = stratops::validate(&doc);
    assert_eq!(diags[0].code, "bad_duration_unit");
    assert_eq!(diags[0].path, "plans[0].tasks[0].duration");

    // An absurdly long duration is refused by validation, not by overflow.
    let doc = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duration": "79228162514264337593543950335mo"}"#,
    ))
    .expect("the amount fits a decimal");
    let diags = stratops::validate(&doc);
    assert_eq!(diags[0].code, "duration_overflow");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    // 100,000 open brackets inside extensions.
    let deep = "[".repeat(100_000);
    let text = format!(r#"{{"format": "stratops/1", "plans": [], "extensions": {{"x": {deep}"#);
    let e = format_err(&text);
    assert_eq!(e.code, "too_deep");
    assert!(e.path.starts_with("extensions.x"), "{}", e.path);
    assert_eq!(e.line, 1);

    // Nested objects, closed properly.
    let n = 100_000;
    let text = format!(
        r#"{{"format": "stratops/1", "plans": [], "extensions": {{"x": {}1{}}}}}"#,
        r#"{"a":"#.repeat(n),
        "}".repeat(n)
    );
    let e = format_err(&text);
    assert_eq!(e.code, "too_deep");
    assert!(e.path.starts_with("extensions.x"), "{}", e.path);

    // Deep nesting where a plan belongs is a type error or too deep, never
    // a crash.
    let text = format!(r#"{{"format": "stratops/1", "plans": {deep}"#);
    let e = format_err(&text);
    assert!(
        ["wrong_type", "too_deep"].contains(&e.code.as_str()),
        "{e:?}"
    );

    // Moderate nesting (within the parser's limit) is kept verbatim.
    let text = format!(
        r#"{{"format": "stratops/1", "plans": [], "extensions": {{"x": {}{}}}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let doc = Document::from_json(&text).expect("100 levels load");
    assert_eq!(Document::from_json(&doc.to_json()).expect("reload"), doc);
}

#[test]
fn errors_display_line_column_and_path() {
    let err = Document::from_json(&doc_with(
        &[],
        r#"{"id": "t", "name": "T", "duration": "5x"}"#,
    ))
    .unwrap_err();
    let shown = err.to_string();
    assert!(
        shown.starts_with("bad_duration at line 6 column"),
        "{shown}"
    );
    assert!(
        shown.contains("(path plans[0].tasks[0].duration)"),
        "{shown}"
    );
    assert_eq!(err.code(), "bad_duration");
    assert_eq!(err.path(), Some("plans[0].tasks[0].duration"));
}
