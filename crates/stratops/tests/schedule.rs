//! Schedule engine tests on hand-worked networks. Every expected value is
//! derived in the comments (Standard calendar: Mon-Fri 08-12, 13-17).

use stratops::schedule::{schedule, Schedule, ScheduleOptions};
use stratops::Model;

fn run(tasks: &str) -> Schedule {
    run_opts(tasks, &ScheduleOptions::default())
}

fn run_opts(tasks: &str, opts: &ScheduleOptions) -> Schedule {
    // 2025-10-06 is a Monday
    let json = format!(
        r#"{{"format": "stratops/1", "plans": [{{"id": "p", "kind": "project", "name": "P",
        "horizon": {{"start": "2025-10-06", "end": "2025-12-31"}}, "tasks": [{tasks}]}}]}}"#
    );
    let model = Model::from_json(&json).unwrap();
    schedule(&model, opts).unwrap()
}

fn dates(s: &Schedule, id: &str) -> (String, String, String, String, i64, i64) {
    let t = s.task(id).unwrap();
    (
        t.early_start.to_string()[5..16].to_string(),
        t.early_finish.to_string()[5..16].to_string(),
        t.late_start.to_string()[5..16].to_string(),
        t.late_finish.to_string()[5..16].to_string(),
        t.total_float_min,
        t.free_float_min,
    )
}

fn d(
    es: &str,
    ef: &str,
    ls: &str,
    lf: &str,
    tf: i64,
    ff: i64,
) -> (String, String, String, String, i64, i64) {
    (es.into(), ef.into(), ls.into(), lf.into(), tf, ff)
}

#[test]
fn four_link_types_and_lags() {
    let s = run(r#"
        {"id": "A", "name": "A", "duration": "2d"},
        {"id": "B", "name": "B", "duration": "3d", "dependencies": [{"predecessor": "A", "type": "SS", "lag": "1d"}]},
        {"id": "C", "name": "C", "duration": "1d", "dependencies": [{"predecessor": "A", "type": "FF"}]},
        {"id": "D", "name": "D", "duration": "1d", "dependencies": [{"predecessor": "A", "type": "SF", "lag": "2d"}]},
        {"id": "E", "name": "E", "duration": "1d", "dependencies": [{"predecessor": "B", "lag": "-1d"}]},
        {"id": "F", "name": "F", "duration": "1d", "dependencies": [{"predecessor": "A", "lag": "2ed"}]},
        {"id": "G", "name": "G", "duration": "1d", "dependencies": [{"predecessor": "B", "lag": "50%"}]}
    "#);
    // A: Mon 08:00 - Tue 17:00. Late: B's SS bound gives LS(A) <= LS(B) - 1d = Mon 08:00.
    assert_eq!(
        dates(&s, "A"),
        d(
            "10-06T08:00",
            "10-07T17:00",
            "10-06T08:00",
            "10-07T17:00",
            0,
            0
        )
    );
    // B: SS +1d: Mon 08:00 + 8 h = Mon 17:00 -> Tue 08:00; 3 d -> Thu 17:00.
    // Late: G needs LF(B) <= LS(G) - 12 h = Mon 13:00 - 12 h = Fri 08:00 = Thu 17:00.
    assert_eq!(
        dates(&s, "B"),
        d(
            "10-07T08:00",
            "10-09T17:00",
            "10-07T08:00",
            "10-09T17:00",
            0,
            0
        )
    );
    // C: FF: EF(C) >= EF(A) = Tue 17:00 -> Tue 08:00-17:00. No successor: LF = project
    // finish Tue 10-14 12:00; float = Wed+Thu+Fri+Mon (32 h) + Tue 08-12 (4 h) = 36 h.
    assert_eq!(
        dates(&s, "C"),
        d(
            "10-07T08:00",
            "10-07T17:00",
            "10-13T13:00",
            "10-14T12:00",
            2160,
            2160
        )
    );
    // D: SF +2d: EF(D) >= ES(A) + 16 h = Tue 17:00: same as C.
    assert_eq!(
        dates(&s, "D"),
        d(
            "10-07T08:00",
            "10-07T17:00",
            "10-13T13:00",
            "10-14T12:00",
            2160,
            2160
        )
    );
    // E: FS -1d: Thu 17:00 - 8 h = Thu 08:00. Float to Tue 12:00: Fri 8 + Mon 8 + Tue 4 = 20 h.
    assert_eq!(
        dates(&s, "E"),
        d(
            "10-09T08:00",
            "10-09T17:00",
            "10-13T13:00",
            "10-14T12:00",
            1200,
            1200
        )
    );
    // F: FS +2 elapsed days: Tue 17:00 + 48 h = Thu 17:00 -> Fri 08:00. Float: Mon 8 + Tue 4 = 12 h.
    assert_eq!(
        dates(&s, "F"),
        d(
            "10-10T08:00",
            "10-10T17:00",
            "10-13T13:00",
            "10-14T12:00",
            720,
            720
        )
    );
    // G: FS +50% of B (24 h) = 12 h: Thu 17:00 + 12 h = Mon 12:00 -> after lunch Mon 13:00;
    // 1 d -> Tue 12:00, the project finish.
    assert_eq!(
        dates(&s, "G"),
        d(
            "10-13T13:00",
            "10-14T12:00",
            "10-13T13:00",
            "10-14T12:00",
            0,
            0
        )
    );
    assert_eq!(s.project_finish.to_string(), "2025-10-14T12:00:00");
    assert_eq!(s.critical_paths, vec![vec!["A", "B", "G"]]);
}

#[test]
fn constraints_and_negative_float() {
    let tasks = r#"
        {"id": "X", "name": "X", "duration": "2d"},
        {"id": "Y", "name": "Y", "duration": "1d", "dependencies": [{"predecessor": "X"}],
         "constraint": {"type": "FNLT", "date": "2025-10-07"}}
    "#;
    // Honored: Y must finish by Tue 10-07 end of day, so it is pulled to Tue 08:00-17:00,
    // ahead of X's finish; X must then finish by Mon 17:00: 8 h of negative float.
    let s = run(tasks);
    assert_eq!(
        dates(&s, "Y"),
        d(
            "10-07T08:00",
            "10-07T17:00",
            "10-07T08:00",
            "10-07T17:00",
            0,
            0
        )
    );
    assert_eq!(s.task("X").unwrap().total_float_min, -480);
    assert!(s
        .diagnostics
        .iter()
        .any(|d| d.code == "constraint_conflict" && d.id.as_deref() == Some("Y")));
    assert!(s
        .diagnostics
        .iter()
        .any(|d| d.code == "negative_float" && d.id.as_deref() == Some("X")));
    // Not honored: the link wins (Y Wed), and both tasks show -8 h of float.
    let s = run_opts(
        tasks,
        &ScheduleOptions {
            honor_constraints: Some(false),
            ..Default::default()
        },
    );
    assert_eq!(
        dates(&s, "Y"),
        d(
            "10-08T08:00",
            "10-08T17:00",
            "10-07T08:00",
            "10-07T17:00",
            -480,
            0
        )
    );
    assert_eq!(s.task("X").unwrap().total_float_min, -480);

    // SNET on a Saturday moves to Monday; MSO pins; a deadline caps the late finish only.
    let s = run(r#"
        {"id": "S", "name": "S", "duration": "1d", "constraint": {"type": "SNET", "date": "2025-10-11"}},
        {"id": "M", "name": "M", "duration": "1d", "constraint": {"type": "MSO", "date": "2025-10-08T13:00"}},
        {"id": "L", "name": "L", "duration": "3d", "deadline": "2025-10-07"}
    "#);
    assert_eq!(dates(&s, "S").0, "10-13T08:00");
    assert_eq!(dates(&s, "M").0, "10-08T13:00");
    assert_eq!(dates(&s, "M").1, "10-09T12:00");
    // L runs Mon-Wed but must finish by Tue 17:00: 8 h negative float, deadline missed.
    assert_eq!(s.task("L").unwrap().total_float_min, -480);
    assert!(s.diagnostics.iter().any(|d| d.code == "deadline_missed"));
    // constraint without a date is refused by validation
    let err = Model::from_json(
        r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
        "tasks": [{"id": "a", "name": "a", "constraint": {"type": "MSO"}}]}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "constraint_without_date");
}

#[test]
fn links_on_summaries_apply_to_children() {
    let s = run(r#"
        {"id": "P", "name": "P", "duration": "2d"},
        {"id": "S", "name": "S", "dependencies": [{"predecessor": "P"}]},
        {"id": "S1", "name": "S1", "parent": "S", "duration": "1d"},
        {"id": "S2", "name": "S2", "parent": "S", "duration": "1d", "dependencies": [{"predecessor": "S1"}]},
        {"id": "Q", "name": "Q", "duration": "1d", "dependencies": [{"predecessor": "S"}]}
    "#);
    // P Mon-Tue; S's link makes S1 wait: Wed; S2 Thu; S spans Wed-Thu; Q Fri.
    assert_eq!(dates(&s, "S1").0, "10-08T08:00");
    assert_eq!(dates(&s, "S2").0, "10-09T08:00");
    assert_eq!(dates(&s, "S").0, "10-08T08:00");
    assert_eq!(dates(&s, "S").1, "10-09T17:00");
    assert_eq!(dates(&s, "Q").0, "10-10T08:00");
    assert_eq!(s.critical_paths, vec![vec!["P", "S1", "S2", "Q"]]);
    // a child linked to its own summary is a circular relationship
    let err = Model::from_json(r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
        "tasks": [{"id": "S", "name": "S"}, {"id": "c", "name": "c", "parent": "S", "dependencies": [{"predecessor": "S"}]}]}]}"#)
    .unwrap_err();
    assert_eq!(err.code(), "dependency_cycle");
}

#[test]
fn endpoint_security_example() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    ))
    .unwrap();
    let model = Model::from_json(&text).unwrap();
    let s = schedule(&model, &ScheduleOptions::default()).unwrap();
    // The plan starts Wed 2025-10-01. Antivirus: evaluate Wed-Thu (2 d), buy Fri 10-03,
    // OS check Wed-Thu in parallel, install after both: Mon 10-06 to Wed 10-08 17:00,
    // "deployed" milestone at Wed 17:00. The summary's deadline (Wed 10-15) leaves
    // 5 working days = 40 h of float on that chain.
    assert_eq!(dates(&s, "av-install").0, "10-06T08:00");
    assert_eq!(dates(&s, "av-deployed").1, "10-08T17:00");
    assert_eq!(s.task("av-install").unwrap().total_float_min, 2400);
    // Training wave 2 is constrained to start no earlier than Sat 11-01: Monday 11-03.
    assert_eq!(dates(&s, "training-wave-2").0, "11-03T08:00");
    // The compliance review is pinned by its SNET to Mon 12-29 and drives the finish:
    // one day, then the milestone at Mon 12-29 17:00.
    assert_eq!(s.project_finish.to_string(), "2025-12-29T17:00:00");
    assert_eq!(
        s.critical_paths,
        vec![vec!["compliance-review", "compliance-achieved"]]
    );
    // The scans (SNET Mon 11-03, 2 d) can slip until the review: Wed 11-05 .. Fri 12-26
    // is 38 working days = 304 h of float.
    assert_eq!(s.task("scan-wave-1").unwrap().total_float_min, 304 * 60);
    let e = s.explain(&model, "scan-wave-1").unwrap();
    assert_eq!(e[0].formula, "Some(SNET) constraint");
}

#[test]
fn million_task_chain_schedules_without_overflowing_the_stack() {
    let n = 1_000_000;
    let mut tasks = String::with_capacity(n * 80);
    for i in 0..n {
        if i > 0 {
            tasks.push(',');
        }
        if i == 0 {
            tasks.push_str(r#"{"id":"t0","name":"t","duration":"1h"}"#);
        } else {
            tasks.push_str(&format!(r#"{{"id":"t{i}","name":"t","duration":"1h","dependencies":[{{"predecessor":"t{}"}}]}}"#, i - 1));
        }
    }
    let json = format!(
        r#"{{"format": "stratops/1", "settings": {{"calendar": "24x7", "minutes_per_day": 1440, "minutes_per_week": 10080}},
        "calendars": [{{"id": "24x7", "week": {{"monday": [{{"from":"00:00","to":"24:00"}}], "tuesday": [{{"from":"00:00","to":"24:00"}}],
          "wednesday": [{{"from":"00:00","to":"24:00"}}], "thursday": [{{"from":"00:00","to":"24:00"}}], "friday": [{{"from":"00:00","to":"24:00"}}],
          "saturday": [{{"from":"00:00","to":"24:00"}}], "sunday": [{{"from":"00:00","to":"24:00"}}]}}}}],
        "plans": [{{"id": "p", "kind": "project", "name": "P", "horizon": {{"start": "2025-01-01", "end": "2200-01-01"}}, "tasks": [{tasks}]}}]}}"#
    );
    let model = Model::from_json(&json).unwrap();
    let s = schedule(&model, &ScheduleOptions::default()).unwrap();
    // one million consecutive hours after 2025-01-01 00:00
    let minutes = (s.project_finish.0 - s.project_start.0).num_minutes();
    assert_eq!(minutes, 60 * n as i64);
    assert_eq!(s.critical_paths.len(), 1);
    assert_eq!(s.critical_paths[0].len(), n);
}

#[test]
fn bad_schedules_give_coded_errors_not_hangs() {
    let doc = |extra: &str, tasks: &str| {
        format!(
            r#"{{"format": "stratops/1", {extra} "plans": [{{"id": "p", "kind": "project", "name": "P",
            "horizon": {{"start": "2025-10-06", "end": "2025-12-31"}}, "tasks": [{tasks}]}}]}}"#
        )
    };
    // A calendar with no working time would loop forever: refused up front.
    let err = Model::from_json(&doc(
        r#""calendars": [{"id": "never", "week": {"monday": [], "tuesday": [], "wednesday": [], "thursday": [], "friday": []}}],"#,
        r#"{"id": "a", "name": "a", "duration": "1d", "calendar": "never"}"#,
    ))
    .unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "calendar_no_working_time");
    // A duration too long to schedule.
    let err = Model::from_json(&doc(
        "",
        r#"{"id": "a", "name": "a", "duration": "99999999999w"}"#,
    ))
    .unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "duration_overflow");
    // A lag too long to schedule.
    let err = Model::from_json(&doc(
        "",
        r#"{"id": "a", "name": "a", "duration": "1d"}, {"id": "b", "name": "b", "duration": "1d", "dependencies": [{"predecessor": "a", "lag": "99999999999d"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "lag_overflow");
    // The one lag whose minutes have no absolute value (i64::MIN): refused
    // too, not a panic (or, in release, endless mutual recursion between
    // `add` and `sub`).
    for lag in ["-9223372036854775808m", "9223372036854775807m"] {
        let err = Model::from_json(&doc(
            "",
            &format!(r#"{{"id": "a", "name": "a", "duration": "1d"}}, {{"id": "b", "name": "b", "duration": "1d", "dependencies": [{{"predecessor": "a", "lag": "{lag}"}}]}}"#),
        ))
        .unwrap_err();
        assert_eq!(err.diagnostics()[0].code, "lag_overflow", "{lag}");
    }
    let cal = stratops::calendar::WorkCalendar::standard();
    assert!(cal.add(0, i64::MIN).is_err());
    assert!(cal.sub(0, i64::MIN).is_err());
    // Valid on its own, but the chain runs past the year 9999: a coded error.
    let model = Model::from_json(&doc(
        "",
        r#"{"id": "a", "name": "a", "duration": "400000w"}, {"id": "b", "name": "b", "duration": "400000w", "dependencies": [{"predecessor": "a"}]}"#,
    ))
    .unwrap();
    let err = schedule(&model, &ScheduleOptions::default()).unwrap_err();
    assert_eq!(err.code(), "date_out_of_range");
    // A cycle names its tasks in order.
    let err = Model::from_json(&doc(
        "",
        r#"{"id": "a", "name": "a", "dependencies": [{"predecessor": "c"}]}, {"id": "b", "name": "b", "dependencies": [{"predecessor": "a", "type": "SS"}]}, {"id": "c", "name": "c", "dependencies": [{"predecessor": "b", "type": "FF"}]}"#,
    ))
    .unwrap_err();
    assert_eq!(err.code(), "dependency_cycle");
    let stratops::Error::Cycle(c) = err else {
        panic!("not a cycle error")
    };
    let mut ids = c.ids.clone();
    ids.sort();
    assert_eq!(ids, ["a", "b", "c"]);
}
