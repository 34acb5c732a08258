//! The DCMA 14-point checks: each one passes on a sound plan and fails on
//! a plan built to break it, worked by hand.
//!
//! The sound plan: milestone `s` (done), `a` (5d, done Monday 6 to Friday
//! 10 October 2025 as baselined), `b` and `c` (5d each, unstarted),
//! milestone `f`; a chain of FS links; resource `r` on every task;
//! baseline 0 saved from the plan as written; status date Friday 10-10.

use serde_json::{json, Value};
use stratops::baseline::save_baseline;
use stratops::health::{health, Check, Health, HealthOptions};
use stratops::{Date, Model};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn sound() -> Value {
    let asg = json!([{"resource": "r", "hours": 40}]);
    json!({"format": "stratops/1", "resources": [{"id": "r", "name": "R"}],
    "plans": [{"id": "p", "kind": "project", "name": "P",
    "horizon": {"start": "2025-10-06", "end": "2027-12-31"},
    "tasks": [
        {"id": "s", "name": "Start", "kind": "milestone", "progress": {"percent_complete": 100}},
        {"id": "a", "name": "A", "duration": "5d", "assignments": asg, "dependencies": [{"predecessor": "s"}],
         "progress": {"percent_complete": 100, "actual_start": "2025-10-06T08:00", "actual_finish": "2025-10-10T17:00"}},
        {"id": "b", "name": "B", "duration": "5d", "assignments": asg, "dependencies": [{"predecessor": "a"}]},
        {"id": "c", "name": "C", "duration": "5d", "assignments": asg, "dependencies": [{"predecessor": "b"}]},
        {"id": "f", "name": "Finish", "kind": "milestone", "dependencies": [{"predecessor": "c"}]}
    ]}]})
}

/// The plan with baseline 0 saved from `base` (the plan as written, before
/// `edit`), then `edit` applied, assessed at `status`.
fn assess(edit: impl Fn(&mut Value), status: &str) -> Health {
    let base = Model::from_json(&sound().to_string()).unwrap();
    let saved = save_baseline(&base, 0, d("2025-10-01"), None).unwrap();
    let mut v: Value = serde_json::from_str(&saved.to_json()).unwrap();
    edit(&mut v);
    let m = Model::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    health(
        &m,
        &HealthOptions {
            status_date: Some(d(status)),
            profile: None,
        },
    )
    .unwrap()
}

fn task(v: &mut Value, i: usize) -> &mut Value {
    &mut v["plans"][0]["tasks"][i]
}

fn nth(h: &Health, n: u8) -> &Check {
    &h.checks[n as usize - 1]
}

#[test]
fn the_sound_plan_passes_every_check() {
    let h = assess(|_| {}, "2025-10-10");
    assert_eq!(h.checks.len(), 14);
    for c in &h.checks {
        assert_eq!(c.pass, Some(true), "{c:?}");
    }
    assert_eq!((h.passed, h.failed), (14, 0));
    // 12: b delayed by 600 days moves the finish by 600 days
    assert_eq!(nth(&h, 12).value, Some(600.0));
    assert!(nth(&h, 12).tasks.contains(&"b".to_string()));
    assert!(nth(&h, 12)
        .note
        .as_deref()
        .unwrap_or("")
        .starts_with("delayed b by 600"));
    // 13: no deadline, so the project float is 0 and CPLI is 1
    assert_eq!(nth(&h, 13).value, Some(1.0));
    // 14: s and a were due and are done
    assert_eq!(nth(&h, 14).value, Some(1.0));
}

#[test]
fn missing_logic_fails() {
    // c loses its predecessor and b its successor. The incomplete leaves
    // are b, c and f: b (no successor) and c (no predecessor) are 2 of 3 =
    // 66.7%.
    let h = assess(|v| task(v, 3)["dependencies"] = json!([]), "2025-10-10");
    let c = nth(&h, 1);
    assert_eq!(c.pass, Some(false));
    assert_eq!(c.tasks, vec!["b", "c"]);
    assert!((c.value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
}

#[test]
fn leads_lags_and_link_types_fail() {
    let h = assess(
        |v| task(v, 3)["dependencies"][0]["lag"] = json!("-1d"),
        "2025-10-10",
    );
    assert_eq!(
        (nth(&h, 2).pass, nth(&h, 2).tasks.clone()),
        (Some(false), vec!["c".to_string()])
    );
    // 1 lag among the 3 links into incomplete tasks (b, c, f): 33.3% > 5%
    let h = assess(
        |v| task(v, 3)["dependencies"][0]["lag"] = json!("1d"),
        "2025-10-10",
    );
    assert_eq!(nth(&h, 3).pass, Some(false));
    assert!((nth(&h, 3).value.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(nth(&h, 2).pass, Some(true));
    // an SS link: FS are 2 of 3 = 66.7% < 90%
    let h = assess(
        |v| task(v, 3)["dependencies"][0]["type"] = json!("SS"),
        "2025-10-10",
    );
    assert_eq!(nth(&h, 4).pass, Some(false));
    assert_eq!(nth(&h, 4).tasks, vec!["c"]);
}

#[test]
fn hard_constraints_fail() {
    // an MSO on c: 1 of 3 incomplete tasks
    let h = assess(
        |v| task(v, 3)["constraint"] = json!({"type": "MSO", "date": "2025-10-20"}),
        "2025-10-10",
    );
    assert_eq!(
        (nth(&h, 5).pass, nth(&h, 5).tasks.clone()),
        (Some(false), vec!["c".to_string()])
    );
    // an SNET is not hard
    let h = assess(
        |v| task(v, 3)["constraint"] = json!({"type": "SNET", "date": "2025-10-20"}),
        "2025-10-10",
    );
    assert_eq!(nth(&h, 5).pass, Some(true));
}

#[test]
fn high_float_and_high_duration_fail() {
    // b and c take 30 days; d (1 day) runs beside them from a to f, with
    // 59 days of float > 44: 1 of 4 incomplete tasks.
    let h = assess(
        |v| {
            task(v, 2)["duration"] = json!("30d");
            task(v, 3)["duration"] = json!("30d");
            let tasks = v["plans"][0]["tasks"].as_array_mut().unwrap();
            tasks.push(json!({"id": "d", "name": "D", "duration": "1d",
                "assignments": [{"resource": "r", "hours": 8}], "dependencies": [{"predecessor": "a"}]}));
            tasks[4]["dependencies"] = json!([{"predecessor": "c"}, {"predecessor": "d"}]);
        },
        "2025-10-10",
    );
    assert_eq!(
        (nth(&h, 6).pass, nth(&h, 6).tasks.clone()),
        (Some(false), vec!["d".to_string()])
    );
    assert_eq!(nth(&h, 8).pass, Some(true));
    // 45 days is over 44: 1 of the 2 incomplete tasks with a duration
    let h = assess(|v| task(v, 3)["duration"] = json!("45d"), "2025-10-10");
    assert_eq!(
        (nth(&h, 8).pass, nth(&h, 8).value),
        (Some(false), Some(50.0))
    );
}

#[test]
fn negative_float_and_cpli_fail_on_a_missed_deadline() {
    // f must be reached by Tuesday 10-21 but is forecast Friday 10-24 17:00:
    // 3 days of negative float along b, c, f. CPL from the end of 10-10 to
    // 10-24 17:00 = 10 days; CPLI = (10 - 3) / 10 = 0.7.
    let h = assess(
        |v| task(v, 4)["deadline"] = json!("2025-10-21"),
        "2025-10-10",
    );
    assert_eq!(nth(&h, 7).pass, Some(false));
    assert_eq!(nth(&h, 7).tasks, vec!["b", "c", "f"]);
    let c = nth(&h, 13);
    assert_eq!(c.pass, Some(false));
    assert!((c.value.unwrap() - 0.7).abs() < 1e-9, "{c:?}");
}

#[test]
fn invalid_dates_fail() {
    // b claims to have started on 10-20, after the status date 10-10
    let h = assess(
        |v| {
            task(v, 2)["progress"] =
                json!({"percent_complete": 10, "actual_start": "2025-10-20T08:00"})
        },
        "2025-10-10",
    );
    assert_eq!(
        (nth(&h, 9).pass, nth(&h, 9).tasks.clone()),
        (Some(false), vec!["b".to_string()])
    );
}

#[test]
fn tasks_without_resources_fail() {
    let h = assess(|v| task(v, 2)["assignments"] = json!([]), "2025-10-10");
    assert_eq!(
        (nth(&h, 10).pass, nth(&h, 10).value),
        (Some(false), Some(1.0))
    );
    // a cost line on the task counts as a resource (DCMA: hours or dollars)
    let h = assess(
        |v| {
            task(v, 2)["assignments"] = json!([]);
            v["plans"][0]["costs"] =
                json!([{"id": "k", "category": "x", "kind": "fixed", "task": "b", "amount": "10"}]);
        },
        "2025-10-10",
    );
    assert_eq!(nth(&h, 10).pass, Some(true));
}

#[test]
fn a_late_completion_is_a_missed_task_and_bei_is_not_capped() {
    // a finished Monday 10-13, after its baseline finish 10-10: missed,
    // though complete. Due by 10-14: s and a; missed 1 of 2 = 50%.
    let h = assess(
        |v| task(v, 1)["progress"]["actual_finish"] = json!("2025-10-13T17:00"),
        "2025-10-14",
    );
    assert_eq!(
        (nth(&h, 11).pass, nth(&h, 11).tasks.clone()),
        (Some(false), vec!["a".to_string()])
    );
    // b finished early, by the status date 10-10: 3 done of 2 due, BEI 1.5
    let h = assess(
        |v| task(v, 2)["progress"] = json!({"percent_complete": 100, "actual_start": "2025-10-09T08:00", "actual_finish": "2025-10-10T17:00"}),
        "2025-10-10",
    );
    assert_eq!(nth(&h, 14).value, Some(1.5));
    // a only half done by its baseline finish: BEI 1 / 2
    let h = assess(
        |v| {
            task(v, 1)["progress"] =
                json!({"percent_complete": 50, "actual_start": "2025-10-06T08:00"})
        },
        "2025-10-10",
    );
    assert_eq!(
        (nth(&h, 14).pass, nth(&h, 14).value),
        (Some(false), Some(0.5))
    );
}

#[test]
fn the_critical_path_test_fails_when_a_constraint_severs_the_path() {
    // An MSO pins c to Monday 10-20, right after b (Friday 10-17), so b is
    // critical; but delaying b by 600 days leaves c and f where they are:
    // the finish moves from f (10-24 17:00) to b's new finish, 600 days
    // after 10-17, which is 600 - 5 = 595 days later. (An MFO on f alone
    // would not do it: c would still slip and finish the project.)
    let h = assess(
        |v| task(v, 3)["constraint"] = json!({"type": "MSO", "date": "2025-10-20"}),
        "2025-10-10",
    );
    let c = nth(&h, 12);
    assert_eq!(c.pass, Some(false), "{c:?}");
    assert_eq!(c.value, Some(595.0));
    assert!(c
        .note
        .as_deref()
        .unwrap_or("")
        .starts_with("delayed b by 600"));
}

#[test]
fn checks_that_cannot_run_say_why() {
    let m = Model::from_json(&sound().to_string()).unwrap();
    let h = health(&m, &HealthOptions::default()).unwrap();
    for n in [9u8, 11, 14] {
        let c = nth(&h, n);
        assert_eq!(c.pass, None, "{c:?}");
        assert!(c.note.is_some());
    }
    let h = health(
        &m,
        &HealthOptions {
            status_date: Some(d("2025-10-10")),
            profile: None,
        },
    )
    .unwrap();
    assert_eq!(nth(&h, 11).note.as_deref(), Some("needs baseline 0"));
    let e = health(
        &m,
        &HealthOptions {
            status_date: None,
            profile: Some("nasa".into()),
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "bad_option");
}

#[test]
fn the_example_plans_and_imported_files_run_every_check() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/plans");
    for name in [
        "endpoint-security.json",
        "three-year-strategy.json",
        "talent-strategy.json",
    ] {
        let m =
            Model::from_json(&std::fs::read_to_string(format!("{root}/{name}")).unwrap()).unwrap();
        let h = health(
            &m,
            &HealthOptions {
                status_date: Some(d("2025-12-05")),
                profile: None,
            },
        )
        .unwrap();
        assert_eq!(h.checks.len(), 14, "{name}");
        assert_eq!(
            h.passed + h.failed + h.checks.iter().filter(|c| c.pass.is_none()).count(),
            14
        );
    }
}
