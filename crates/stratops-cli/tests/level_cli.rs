//! `stratops import psplib` and `stratops level`: the JSON contract of the
//! leveling issue, end to end.

use std::process::Command;

const SM: &str = "\
jobs (incl. supersource/sink ):  4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
   3
************************************************************************
";

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
fn psplib_import_then_level_prints_the_contract() {
    let dir = std::env::temp_dir().join(format!("stratops-cli-level-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sm = dir.join("small.sm");
    std::fs::write(&sm, SM).unwrap();
    let json = dir.join("small.json");
    let (code, _, err) = stratops(&[
        "import",
        "psplib",
        sm.to_str().unwrap(),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = stratops(&[
        "level",
        json.to_str().unwrap(),
        "--schedules",
        "50",
        "--seed",
        "7",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // PSPLIB imports default to optimise
    assert_eq!(v["mode"], "optimise");
    // j2 (3 days) and j3 (2 days) need 2 of R1's 3 units: in sequence
    assert_eq!(v["makespan_days"], 5);
    assert_eq!(v["lower_bound_days"], 3);
    assert!(v["schedules"].as_u64().unwrap() >= 1);
    assert!(v["schedules"].as_u64().unwrap() <= 50);
    assert_eq!(v["overallocations"], serde_json::json!([]));
    let tasks = v["tasks"].as_array().unwrap();
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["j1", "j2", "j3", "j4"]);
    for t in tasks {
        for key in [
            "start",
            "finish",
            "start_day",
            "finish_day",
            "leveling_delay_days",
        ] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
    }
    let day = |id: &str, key: &str| {
        tasks.iter().find(|t| t["id"] == id).unwrap()[key]
            .as_i64()
            .unwrap()
    };
    // one of j2 and j3 starts on day 0, the other when it ends
    let (a, b) = (day("j2", "start_day"), day("j3", "start_day"));
    assert!((a, b) == (0, 3) || (a, b) == (2, 0), "j2 at {a}, j3 at {b}");
    assert_eq!(day("j4", "start_day"), 5);
    assert_eq!(day("j4", "leveling_delay_days"), 2);
    // the 7-day calendar from 2025-01-01: day 5 is 2025-01-06
    let sink = tasks.iter().find(|t| t["id"] == "j4").unwrap();
    assert!(
        sink["start"].as_str().unwrap().starts_with("2025-01-06"),
        "{sink}"
    );

    // standard mode on request; a bad mode is a usage error naming `mode`
    let (code, out, _) = stratops(&[
        "level",
        json.to_str().unwrap(),
        "--mode",
        "standard",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mode"], "standard");
    assert_eq!(v["makespan_days"], 5);
    let (code, out, err) = stratops(&[
        "level",
        json.to_str().unwrap(),
        "--mode",
        "fastest",
        "--format",
        "json",
    ]);
    assert_ne!(code, 0);
    assert!(
        out.contains("bad_option") || err.contains("bad_option"),
        "{out}{err}"
    );
    assert!(out.contains("mode") || err.contains("mode"), "{out}{err}");

    // a malformed .sm file: a coded error with the line
    let bad = dir.join("bad.sm");
    std::fs::write(&bad, SM.replace("   3\n****", "   x\n****")).unwrap();
    let (code, out, err) = stratops(&[
        "import",
        "psplib",
        bad.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_ne!(code, 0);
    assert!(
        out.contains("bad_psplib") || err.contains("bad_psplib"),
        "{out}{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
