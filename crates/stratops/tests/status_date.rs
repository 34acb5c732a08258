//! Scheduling the plan as executed at a status date, each case worked by
//! hand on the standard calendar (Monday-Friday, 08:00-12:00 and
//! 13:00-17:00). The week of 2025-10-06 is Monday 6 to Friday 10.

use serde_json::{json, Value};
use stratops::schedule::{schedule, Driver, OutOfSequence, Schedule, ScheduleOptions};
use stratops::{Date, Model};

fn model(tasks: Value) -> Model {
    Model::from_json(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2025-12-31"}, "tasks": tasks}]})
        .to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn at(m: &Model, day: &str, oos: Option<OutOfSequence>) -> Schedule {
    let opts = ScheduleOptions {
        status_date: Some(day.parse::<Date>().unwrap()),
        out_of_sequence: oos,
        ..Default::default()
    };
    schedule(m, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn dates(s: &Schedule, id: &str) -> (String, String) {
    let t = s.task(id).unwrap_or_else(|| panic!("no task {id}"));
    (t.early_start.to_string(), t.early_finish.to_string())
}

#[test]
fn started_work_resumes_after_the_status_date_and_moves_its_successors() {
    // a: 1d, 60% done, planned Mon 6. Status date Wed 8 (end of day): the
    // remaining 40% = 192 min resumes Thu 9 08:00 and ends 08:00 + 3h12 =
    // 11:12. b (FS on a, 1d) starts 11:12 and ends Fri 10 11:12.
    let m = model(json!([
        {"id": "a", "name": "A", "duration": "1d", "progress": {"percent_complete": 60}},
        {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}
    ]));
    let plain = schedule(&m, &Default::default()).unwrap();
    assert_eq!(plain.project_finish.to_string(), "2025-10-07T17:00:00");
    let s = at(&m, "2025-10-08", None);
    assert_eq!(
        dates(&s, "a"),
        ("2025-10-06T08:00:00".into(), "2025-10-09T11:12:00".into())
    );
    assert_eq!(
        dates(&s, "b"),
        ("2025-10-09T11:12:00".into(), "2025-10-10T11:12:00".into())
    );
    assert_eq!(s.project_finish.to_string(), "2025-10-10T11:12:00");
    assert_eq!(
        s.status_date.map(|d| d.to_string()).as_deref(),
        Some("2025-10-08")
    );
    // a started task shows its start as its late start: only finish slack.
    let a = s.task("a").unwrap();
    assert_eq!(a.late_start, a.early_start);
}

#[test]
fn unstarted_work_waits_for_the_status_date() {
    // c (2d, no progress) would start Mon 6; at status date Tue 7 it starts
    // Wed 8 08:00 and ends Thu 9 17:00; its driver says why.
    let m = model(json!([{"id": "c", "name": "C", "duration": "2d"}]));
    let s = at(&m, "2025-10-07", None);
    assert_eq!(
        dates(&s, "c"),
        ("2025-10-08T08:00:00".into(), "2025-10-09T17:00:00".into())
    );
    assert_eq!(s.task("c").unwrap().driver, Driver::StatusDate);
    let e = s.explain(&m, "c").unwrap();
    assert!(e[0].formula.contains("status date"), "{:?}", e[0]);
}

#[test]
fn completed_work_stays_where_it_happened() {
    // d finished late (actual Mon 6 - Fri 10 for a 1d task); e follows it.
    // At status date Fri 17, both are history: d keeps its actuals and e,
    // 100% done with no actual dates, keeps its logic dates.
    let m = model(json!([
        {"id": "d", "name": "D", "duration": "1d", "progress": {"percent_complete": 100,
            "actual_start": "2025-10-06T08:00", "actual_finish": "2025-10-10T17:00"}},
        {"id": "e", "name": "E", "duration": "1d", "dependencies": [{"predecessor": "d"}],
            "progress": {"percent_complete": 100}}
    ]));
    let s = at(&m, "2025-10-17", None);
    assert_eq!(
        dates(&s, "d"),
        ("2025-10-06T08:00:00".into(), "2025-10-10T17:00:00".into())
    );
    assert_eq!(
        dates(&s, "e"),
        ("2025-10-13T08:00:00".into(), "2025-10-13T17:00:00".into())
    );
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
}

#[test]
fn a_remaining_duration_entered_wins_over_the_percentage() {
    // f: 5d, 20% done, remaining entered as 2d: at status date Mon 6 it
    // resumes Tue 7 08:00 and ends Wed 8 17:00 (not 4 days later).
    let m = model(json!([{"id": "f", "name": "F", "duration": "5d",
        "progress": {"percent_complete": 20, "actual_start": "2025-10-06T08:00", "remaining": "2d"}}]));
    let s = at(&m, "2025-10-06", None);
    assert_eq!(
        s.task("f").unwrap().early_finish.to_string(),
        "2025-10-08T17:00:00"
    );
}

#[test]
fn out_of_sequence_progress_retained_logic_and_progress_override() {
    // a (2d) started Mon 6 and is 50% done; b (2d, FS on a) started Tue 7
    // anyway and is 50% done: out of sequence. Status date Tue 7.
    // a's remaining 1d: Wed 8 08:00-17:00.
    // Retained logic: b's remaining 1d waits for a: Thu 9 08:00-17:00.
    // Progress override: b's remaining 1d resumes Wed 8 08:00-17:00.
    let m = model(json!([
        {"id": "a", "name": "A", "duration": "2d",
            "progress": {"percent_complete": 50, "actual_start": "2025-10-06T08:00"}},
        {"id": "b", "name": "B", "duration": "2d", "dependencies": [{"predecessor": "a"}],
            "progress": {"percent_complete": 50, "actual_start": "2025-10-07T08:00"}}
    ]));
    let retained = at(&m, "2025-10-07", None);
    assert_eq!(
        retained.task("a").unwrap().early_finish.to_string(),
        "2025-10-08T17:00:00"
    );
    assert_eq!(
        dates(&retained, "b"),
        ("2025-10-07T08:00:00".into(), "2025-10-09T17:00:00".into())
    );
    let over = at(&m, "2025-10-07", Some(OutOfSequence::ProgressOverride));
    assert_eq!(
        over.task("b").unwrap().early_finish.to_string(),
        "2025-10-08T17:00:00"
    );
    for s in [&retained, &over] {
        let d: Vec<_> = s
            .diagnostics
            .iter()
            .filter(|d| d.code == "out_of_sequence")
            .collect();
        assert_eq!(d.len(), 1, "{:?}", s.diagnostics);
        assert_eq!(d[0].id.as_deref(), Some("b"));
        assert_eq!(d[0].related, vec!["a".to_string()]);
        assert_eq!(d[0].path, "plans[0].tasks[1].dependencies[0]");
    }
}

#[test]
fn actual_dates_after_the_status_date_are_reported() {
    let m = model(json!([{"id": "g", "name": "G", "duration": "1d",
        "progress": {"percent_complete": 10, "actual_start": "2025-10-09T08:00"}}]));
    let s = at(&m, "2025-10-07", None);
    let d: Vec<_> = s
        .diagnostics
        .iter()
        .filter(|d| d.code == "actual_after_status_date")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "plans[0].tasks[0].progress.actual_start");
    // still scheduled: from its actual start, its remaining 90% (432 min)
    // from there: Thu 9 08:00 + 7h12 of work = 16:12.
    assert_eq!(
        s.task("g").unwrap().early_finish.to_string(),
        "2025-10-09T16:12:00"
    );
}

#[test]
fn without_a_status_date_progress_does_not_move_the_plan() {
    let m = model(json!([{"id": "a", "name": "A", "duration": "1d",
        "progress": {"percent_complete": 60}}]));
    let s = schedule(&m, &Default::default()).unwrap();
    assert_eq!(
        s.task("a").unwrap().early_finish.to_string(),
        "2025-10-06T17:00:00"
    );
    assert_eq!(s.status_date, None);
}

#[test]
fn the_option_names_are_checked() {
    assert_eq!(
        OutOfSequence::from_option(Some("retained"))
            .unwrap_err()
            .code(),
        "bad_option"
    );
    assert_eq!(OutOfSequence::from_option(None).unwrap(), None);
}
