//! `stratops import mspdi` and `stratops export mspdi` end to end.

use std::process::Command;

const XML: &str = r#"<Project xmlns="http://schemas.microsoft.com/project">
  <Title>Roll-out</Title>
  <StartDate>2025-10-06T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>Deploy</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
    <Task><UID>2</UID><Name>Scan</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>
  </Tasks>
</Project>"#;

fn stratops(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stratops"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_export_import() {
    let dir = std::env::temp_dir().join(format!("stratops-cli-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xml = dir.join("plan.xml");
    std::fs::write(&xml, XML).unwrap();
    let json = dir.join("plan.json");
    let (code, _, err) = stratops(&[
        "import",
        "mspdi",
        xml.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("imported 2 task(s)"), "{err}");
    let doc = stratops::Document::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc.plans[0].tasks[1].dependencies[0].predecessor, "t1");
    // Export to stdout, then import that again: the same document.
    let (code, out, err) = stratops(&["export", "mspdi", json.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let xml2 = dir.join("again.xml");
    std::fs::write(&xml2, out).unwrap();
    let (code, json2, _) = stratops(&["import", "mspdi", xml2.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(stratops::Document::from_json(&json2).unwrap(), doc);
    // Bad XML: exit 1 with the coded diagnostic and its line (the
    // mismatched </Tasks> closes <Task> on line 3).
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, "<Project>\n<Tasks>\n<Task></Tasks>").unwrap();
    let (code, out, err) =
        stratops(&["import", "mspdi", bad.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "xml_syntax");
    assert_eq!(v["diagnostics"][0]["line"], 3);
    assert!(err.contains("xml_syntax"));
    let _ = std::fs::remove_dir_all(&dir);
}
