//! The MS Project behaviours of the model, each on a small plan worked by
//! hand (the reference files check them against MS Project itself):
//! manual tasks, the project start time, SNET before the project start,
//! started tasks, resource-driven durations, elapsed slack, and the bad
//! inputs of each.

use serde_json::{json, Value};
use stratops::schedule::{schedule, Driver};
use stratops::Model;

fn plan(tasks: Value, extra: Value) -> Model {
    let mut p = json!({"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": tasks});
    if let (Some(p), Some(e)) = (p.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    Model::from_json(
        &json!({"format": "stratops/1",
            "calendars": [{"id": "night", "name": "Night", "week": {
                "monday": [{"from": "22:00", "to": "24:00"}],
                "tuesday": [{"from": "00:00", "to": "06:00"}, {"from": "22:00", "to": "24:00"}],
                "wednesday": [{"from": "00:00", "to": "06:00"}, {"from": "22:00", "to": "24:00"}],
                "thursday": [{"from": "00:00", "to": "06:00"}, {"from": "22:00", "to": "24:00"}],
                "friday": [{"from": "00:00", "to": "06:00"}],
                "saturday": [], "sunday": []}}],
            "resources": [{"id": "day", "name": "Day"}, {"id": "owl", "name": "Owl", "calendar": "night"},
                          {"id": "cement", "name": "Cement", "kind": "material"}],
            "plans": [p]})
        .to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn t<'a>(s: &'a stratops::schedule::Schedule, id: &str) -> &'a stratops::schedule::TaskTimes {
    s.task(id).unwrap_or_else(|| panic!("no task {id}"))
}

#[test]
fn a_manual_task_sits_on_its_entered_dates() {
    // Monday 2025-01-06 is the plan start. `m` is entered on Wednesday,
    // before its predecessor `a` (2 days) ends; `b` follows `m`.
    let m = plan(
        json!([
            {"id": "a", "name": "A", "duration": "2d"},
            {"id": "m", "name": "M", "duration": "1d", "dependencies": [{"predecessor": "a"}],
             "manual": {"start": "2025-01-07T08:00", "finish": "2025-01-07T17:00"}},
            {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "m"}]}
        ]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    // The link from `a` does not move `m`: it stays on Tuesday.
    assert_eq!(t(&s, "m").early_start.to_string(), "2025-01-07T08:00:00");
    assert_eq!(t(&s, "m").early_finish.to_string(), "2025-01-07T17:00:00");
    assert_eq!(t(&s, "m").driver, Driver::Manual);
    // `b` follows the manual dates: Wednesday.
    assert_eq!(t(&s, "b").early_start.to_string(), "2025-01-08T08:00:00");
    // Late dates still come from the logic: `m` must end by `b`'s late
    // start (Wednesday 08:00 = Tuesday 17:00), so it is critical.
    assert_eq!(t(&s, "m").late_finish.to_string(), "2025-01-07T17:00:00");
    assert!(t(&s, "m").critical);
}

#[test]
fn a_manual_placeholder_is_never_critical() {
    let m = plan(
        json!([{"id": "m", "name": "M", "duration": "1d",
                "manual": {"start": "2025-01-06T08:00", "finish": "2025-01-06T17:00", "placeholder": true}}]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "m").total_float_min, 0);
    assert!(!t(&s, "m").critical);
    assert!(s.critical_paths.is_empty());
}

#[test]
fn the_project_start_time_starts_the_first_tasks() {
    let m = plan(
        json!([{"id": "a", "name": "A", "duration": "1d"}]),
        json!({"start_time": "09:00"}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    // 8 working hours from Monday 09:00: 09-12 (3 h), 13-17 (4 h), Tuesday 08-09.
    assert_eq!(t(&s, "a").early_start.to_string(), "2025-01-06T09:00:00");
    assert_eq!(t(&s, "a").early_finish.to_string(), "2025-01-07T09:00:00");
}

#[test]
fn snet_before_the_project_start_starts_there_without_predecessors() {
    let m = plan(
        json!([
            {"id": "early", "name": "E", "duration": "1d", "constraint": {"type": "SNET", "date": "2024-12-30"}},
            {"id": "a", "name": "A", "duration": "1d"},
            {"id": "linked", "name": "L", "duration": "1d", "dependencies": [{"predecessor": "a", "type": "SS"}],
             "constraint": {"type": "SNET", "date": "2024-12-30"}}
        ]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(
        t(&s, "early").early_start.to_string(),
        "2024-12-30T08:00:00"
    );
    // With a predecessor the link rules: the SNET date is only a floor.
    assert_eq!(
        t(&s, "linked").early_start.to_string(),
        "2025-01-06T08:00:00"
    );
    assert_eq!(s.project_start.to_string(), "2024-12-30T08:00:00");
}

#[test]
fn a_started_task_shows_its_actual_start_as_late_start() {
    let m = plan(
        json!([
            {"id": "s", "name": "S", "duration": "2d", "progress": {"percent_complete": 50, "actual_start": "2025-01-06T08:00"}},
            {"id": "long", "name": "L", "duration": "5d"}
        ]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    let st = t(&s, "s");
    assert_eq!(st.late_start.to_string(), "2025-01-06T08:00:00");
    // Only finish slack: Tuesday 17:00 to Friday 17:00 = 3 days.
    assert_eq!(st.late_finish.to_string(), "2025-01-10T17:00:00");
    assert_eq!(st.total_float_min, 3 * 480);
}

#[test]
fn assignments_with_units_drive_the_dates() {
    let m = plan(
        json!([
            // 16 h at 50% = 32 h of the day calendar: 4 days, Mon-Thu.
            {"id": "half", "name": "H", "duration": "1d",
             "assignments": [{"resource": "day", "hours": 16, "units": 0.5}]},
            // Two assignments: the task ends with the longer one (12 h at 100%).
            {"id": "two", "name": "T", "duration": "1d",
             "assignments": [{"resource": "day", "hours": 4, "units": 1}, {"resource": "day", "hours": 12, "units": 1}]},
            // The night owl starts when the night calendar does: Monday 22:00;
            // 4 h run 22-24 and Tuesday 00-02.
            {"id": "owl-task", "name": "N", "duration": "1d",
             "assignments": [{"resource": "owl", "hours": 4, "units": 1}]},
            // Fixed duration: the duration rules.
            {"id": "fixed", "name": "F", "duration": "1d", "task_type": "fixed_duration",
             "assignments": [{"resource": "day", "hours": 40, "units": 1}]},
            // Without units, hours are effort for the budget only.
            {"id": "plain", "name": "P", "duration": "1d", "assignments": [{"resource": "day", "hours": 40}]},
            // A material resource does not drive.
            {"id": "mat", "name": "M", "duration": "1d", "assignments": [{"resource": "cement", "hours": 40, "units": 1}]}
        ]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(
        t(&s, "half").early_finish.to_string(),
        "2025-01-09T17:00:00"
    );
    assert_eq!(t(&s, "half").duration_min, 4 * 480);
    assert_eq!(t(&s, "two").early_finish.to_string(), "2025-01-07T12:00:00");
    assert_eq!(
        t(&s, "owl-task").early_start.to_string(),
        "2025-01-06T22:00:00"
    );
    assert_eq!(
        t(&s, "owl-task").early_finish.to_string(),
        "2025-01-07T02:00:00"
    );
    for id in ["fixed", "plain", "mat"] {
        assert_eq!(
            t(&s, id).early_finish.to_string(),
            "2025-01-06T17:00:00",
            "{id}"
        );
    }
}

#[test]
fn an_elapsed_task_counts_slack_in_elapsed_minutes() {
    let m = plan(
        json!([
            {"id": "e", "name": "E", "duration": "1ed"},
            {"id": "long", "name": "L", "duration": "5d"}
        ]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    let e = t(&s, "e");
    // The project ends Friday 17:00; an elapsed task may end as late as
    // Monday 08:00 (no working time between), so its slack is Tuesday
    // 08:00 -> Monday 08:00 = 6 days of 1,440 elapsed minutes.
    assert_eq!(e.early_finish.to_string(), "2025-01-07T08:00:00");
    assert_eq!(e.late_finish.to_string(), "2025-01-13T08:00:00");
    assert_eq!(e.total_float_min, 6 * 1440);
}

#[test]
fn bad_inputs_get_coded_diagnostics() {
    let cases = [
        (
            json!([{"id": "m", "name": "M", "manual": {"start": "2025-01-07T08:00", "finish": "2025-01-06T17:00"}}]),
            json!({}),
            "manual_finish_before_start",
        ),
        (
            json!([{"id": "u", "name": "U", "assignments": [{"resource": "day", "hours": 8, "units": -1}]}]),
            json!({}),
            "bad_units",
        ),
        (
            json!([{"id": "a", "name": "A"}]),
            json!({"start_time": "25:00"}),
            "bad_start_time",
        ),
        (
            json!([{"id": "w", "name": "W", "assignments": [{"resource": "day", "hours": 8, "units": 1,
                "timephased": [{"start": "2025-01-07T08:00", "finish": "2025-01-06T08:00", "hours": 8}]}]}]),
            json!({}),
            "bad_timephased",
        ),
        (
            json!([{"id": "w", "name": "W", "assignments": [{"resource": "day", "hours": 8, "units": 1,
                "timephased": [{"start": "2025-01-06T08:00", "finish": "2025-01-07T08:00", "hours": -1}]}]}]),
            json!({}),
            "bad_timephased",
        ),
        (
            json!([{"id": "w", "name": "W", "assignments": [{"resource": "day", "hours": 8, "units": 1,
                "timephased": [{"start": "2025-01-06T08:00", "finish": "2025-01-08T08:00", "hours": 8},
                               {"start": "2025-01-07T08:00", "finish": "2025-01-09T08:00", "hours": 8}]}]}]),
            json!({}),
            "timephased_overlap",
        ),
    ];
    for (tasks, extra, code) in cases {
        let mut p = json!({"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": tasks});
        for (k, v) in extra.as_object().into_iter().flatten() {
            p[k] = v.clone();
        }
        let doc = json!({"format": "stratops/1", "resources": [{"id": "day", "name": "Day"}], "plans": [p]});
        let e = Model::from_json(&doc.to_string()).expect_err(code);
        assert!(
            e.diagnostics()
                .iter()
                .any(|d| d.code == code && (d.id.is_some() || code == "bad_start_time")),
            "{code}: {e}"
        );
        // A work period's diagnostic names its JSON path (built only then).
        if code.contains("timephased") {
            let d = e.diagnostics().iter().find(|d| d.code == code).unwrap();
            let field = match (code, d.message.contains("end after")) {
                ("timephased_overlap", _) => "plans[0].tasks[0].assignments[0].timephased[1].start",
                (_, true) => "plans[0].tasks[0].assignments[0].timephased[0].finish",
                _ => "plans[0].tasks[0].assignments[0].timephased[0].hours",
            };
            assert_eq!(d.path, field, "{code}");
        }
    }
    // Zero units: a warning, and the task keeps its duration.
    let m = plan(
        json!([{"id": "z", "name": "Z", "duration": "1d", "assignments": [{"resource": "day", "hours": 8, "units": 0}]}]),
        json!({}),
    );
    assert!(m.warnings().iter().any(|d| d.code == "idle_assignment"));
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "z").early_finish.to_string(), "2025-01-06T17:00:00");
}

#[test]
fn a_predefined_contour_stretches_the_work() {
    // 40 h at 100% on a turtle contour (mean share 70%): 40 × 60 / 0.7 =
    // 3,428.57 working minutes, 3,429 rounded = 7 days 1 h 9 min from
    // Monday 2025-01-06 08:00: the 7 days end Tuesday 01-14 17:00, then
    // 69 minutes of Wednesday: 09:09.
    let m = plan(
        json!([{"id": "c", "name": "C", "duration": "5d",
                "assignments": [{"resource": "day", "hours": 40, "units": 1, "contour": "turtle"}]},
               {"id": "f", "name": "F", "duration": "5d",
                "assignments": [{"resource": "day", "hours": 40, "units": 1, "contour": "back_loaded"}]}]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "c").early_finish.to_string(), "2025-01-15T09:09:00");
    // Back loaded (mean 60%): 4,000 minutes = 8 days 2 h 40 min: Wednesday
    // 01-15 17:00 after 8 days, then Thursday 10:40.
    assert_eq!(t(&s, "f").early_finish.to_string(), "2025-01-16T10:40:00");
    // A contour without a table and no periods: flat, with a warning.
    let m = plan(
        json!([{"id": "e", "name": "E", "duration": "1d",
                "assignments": [{"resource": "day", "hours": 8, "units": 1, "contour": "early_peak"}]}]),
        json!({}),
    );
    assert!(m.warnings().iter().any(|d| d.code == "contour_flat"));
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "e").early_finish.to_string(), "2025-01-06T17:00:00");
}

#[test]
fn timephased_work_with_a_split_pushes_the_finish() {
    // 16 h laid out as 8 h Monday, nothing Tuesday (a split), 8 h
    // Wednesday: the assignment spans three working days, so the task ends
    // Wednesday 17:00, not Tuesday (16 h ÷ 100%).
    let periods = json!([
        {"start": "2025-01-06T08:00", "finish": "2025-01-07T08:00", "hours": 8},
        {"start": "2025-01-07T08:00", "finish": "2025-01-08T08:00", "hours": 0},
        {"start": "2025-01-08T08:00", "finish": "2025-01-08T17:00", "hours": 8}
    ]);
    let m = plan(
        json!([{"id": "a", "name": "A", "duration": "1d"},
               {"id": "s", "name": "S", "duration": "2d",
                "assignments": [{"resource": "day", "hours": 16, "units": 1, "timephased": periods}]},
               {"id": "b", "name": "B", "duration": "2d", "dependencies": [{"predecessor": "a"}],
                "assignments": [{"resource": "day", "hours": 16, "units": 1, "timephased": periods}]}]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "s").early_finish.to_string(), "2025-01-08T17:00:00");
    // The shape moves with the task: `b` starts Tuesday after `a` and
    // takes the same 24 working hours, to Thursday 17:00.
    assert_eq!(t(&s, "b").early_start.to_string(), "2025-01-07T08:00:00");
    assert_eq!(t(&s, "b").early_finish.to_string(), "2025-01-09T17:00:00");
    // Slack is measured on the task's calendar: `b` ends last, `s` has
    // one day (480 minutes).
    assert_eq!(t(&s, "s").total_float_min, 480);
    // A predefined contour wins over periods (MS Project recomputes them
    // from the contour); a hand-edited one (`contoured`) uses them.
    let m = plan(
        json!([{"id": "x", "name": "X", "duration": "2d",
                "assignments": [{"resource": "day", "hours": 16, "units": 1, "contour": "contoured",
                                 "timephased": periods}]}]),
        json!({}),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(t(&s, "x").early_finish.to_string(), "2025-01-08T17:00:00");
}

/// Old documents load unchanged: none of the new fields appear when saved.
#[test]
fn old_documents_round_trip_without_new_fields() {
    for f in [
        "endpoint-security",
        "talent-strategy",
        "three-year-strategy",
    ] {
        let path = format!(
            "{}/../../examples/plans/{f}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let doc = stratops::Document::from_json(&text).unwrap();
        let out = doc.to_json();
        for key in [
            "\"manual\"",
            "\"start_time\"",
            "\"units\"",
            "\"task_type\"",
            "\"effort_driven\"",
        ] {
            assert!(!out.contains(key), "{f}: {key}");
        }
        assert_eq!(stratops::Document::from_json(&out).unwrap(), doc);
    }
}
