//! Leveling on plans (not PSPLIB): MS Project's standard order, what is
//! pinned, links through summaries, usage by week, the report's section and
//! the coded errors.

use stratops::level::{level, resource_usage, LevelMode, LevelOptions, UsageOptions, UsagePeriod};
use stratops::Model;

fn model(tasks: &str, resources: &str) -> Model {
    let json = format!(
        r#"{{"format": "stratops/1", "resources": [{resources}],
  "plans": [{{"id": "p", "kind": "project", "name": "P",
    "horizon": {{"start": "2025-10-06", "end": "2026-06-30"}},
    "tasks": [{tasks}]}}]}}"#
    );
    Model::from_json(&json).unwrap()
}

const ANA: &str = r#"{"id": "ana", "name": "Ana"}"#;

fn standard() -> LevelOptions {
    LevelOptions {
        mode: Some(LevelMode::Standard),
        ..Default::default()
    }
}

fn delays(l: &stratops::level::Leveling) -> Vec<(&str, i64)> {
    l.tasks
        .iter()
        .map(|t| (t.id.as_str(), t.leveling_delay_days))
        .collect()
}

#[test]
fn standard_order_is_slack_then_priority() {
    // a (2 d) is critical through its successor c (5 d); b (1 d) has slack:
    // b waits, a keeps its dates
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 1, "assignments": [{"resource": "ana"}]},
           {"id": "c", "name": "C", "duration": 5, "dependencies": [{"predecessor": "a"}]}"#,
        ANA,
    );
    let l = level(&m, &standard()).unwrap();
    assert_eq!(delays(&l), [("a", 0), ("b", 2), ("c", 0)]);
    assert_eq!(l.makespan_days, 7);
    // with equal slack, the higher priority goes first
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 2, "priority": 900, "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    assert_eq!(
        delays(&level(&m, &standard()).unwrap()),
        [("a", 2), ("b", 0)]
    );
}

#[test]
fn started_and_manual_tasks_are_pinned() {
    // b started on the first day: it cannot move, so a waits for it
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}],
            "progress": {"percent_complete": 30, "actual_start": "2025-10-06"}}"#,
        ANA,
    );
    let o = LevelOptions {
        status_date: Some("2025-10-06".parse().unwrap()),
        ..standard()
    };
    let l = level(&m, &o).unwrap();
    let d = delays(&l);
    assert_eq!(d[1], ("b", 0));
    assert!(d[0].1 > 0, "{d:?}");
    assert!(l.overallocations.is_empty());
    // a manual task keeps the user's dates
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 2, "manual": {"start": "2025-10-06"}, "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    assert_eq!(
        delays(&level(&m, &standard()).unwrap()),
        [("a", 2), ("b", 0)]
    );
}

#[test]
fn links_through_summaries_hold_after_leveling() {
    // s = {x, y}; z follows s. x and y share Ana, so s ends later and z
    // with it; w (another summary's child) needs Ana too
    let m = model(
        r#"{"id": "s", "name": "S", "kind": "summary"},
           {"id": "x", "name": "X", "parent": "s", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "y", "name": "Y", "parent": "s", "duration": 3, "assignments": [{"resource": "ana"}]},
           {"id": "z", "name": "Z", "duration": 1, "dependencies": [{"predecessor": "s"}], "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    for mode in [LevelMode::Standard, LevelMode::Optimise] {
        let l = level(
            &m,
            &LevelOptions {
                mode: Some(mode),
                ..Default::default()
            },
        )
        .unwrap();
        let t = |id: &str| l.tasks.iter().find(|t| t.id == id).unwrap();
        assert!(
            t("z").start_day >= t("x").finish_day.max(t("y").finish_day),
            "{mode:?}"
        );
        assert_eq!(l.makespan_days, 6, "{mode:?}: 2 + 3 + 1 days of Ana");
        assert!(l.overallocations.is_empty());
    }
}

#[test]
fn within_slack_leaves_what_cannot_move() {
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    let l = level(
        &m,
        &LevelOptions {
            within_slack: true,
            ..standard()
        },
    )
    .unwrap();
    // b has 0 slack and a has 1 day: a cannot move past b's 3 days
    assert_eq!(delays(&l), [("a", 0), ("b", 0)]);
    assert_eq!(l.overallocations.len(), 1);
    assert_eq!(l.overallocations[0].tasks, ["a", "b"]);
}

#[test]
fn usage_by_week_sums_the_days() {
    // Thursday 9 October + 3 days: Thu, Fri in week 41, Mon in week 42
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 3, "constraint": {"type": "SNET", "date": "2025-10-09"},
            "assignments": [{"resource": "ana", "units": 0.5}]}"#,
        ANA,
    );
    let w = resource_usage(
        &m,
        &UsageOptions {
            period: Some(UsagePeriod::Week),
            ..Default::default()
        },
    )
    .unwrap();
    let rows: Vec<(String, f64, f64, bool)> = w
        .rows
        .iter()
        .map(|r| (r.date.to_string(), r.units, r.unit_days, r.over))
        .collect();
    assert_eq!(
        rows,
        [
            ("2025-10-06".to_string(), 0.5, 1.0, false),
            ("2025-10-13".to_string(), 0.5, 0.5, false)
        ]
    );
}

#[test]
fn impossible_requests_are_coded_errors() {
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana", "units": 1.5}]}"#,
        ANA,
    );
    let e = level(&m, &standard()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("over_capacity", Some("a")));
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]}"#,
        r#"{"id": "ana", "name": "Ana", "capacity": 0}"#,
    );
    let e = level(&m, &standard()).unwrap_err();
    assert_eq!(e.code(), "zero_capacity");
    // the report says so instead of failing
    let r =
        stratops::report::report(&m, "2025-10-06".parse().unwrap(), &Default::default()).unwrap();
    let note = r.resources.unwrap().note.unwrap();
    assert!(note.contains("zero_capacity"), "{note}");
}

#[test]
fn the_report_lists_overallocations_and_the_leveled_finish() {
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    let r =
        stratops::report::report(&m, "2025-10-03".parse().unwrap(), &Default::default()).unwrap();
    let s = r.resources.as_ref().unwrap();
    assert_eq!(s.overallocations.len(), 1);
    assert_eq!(s.overallocations[0].resource, "ana");
    assert_eq!(
        s.unleveled_finish.unwrap().to_string(),
        "2025-10-08T17:00:00"
    );
    assert_eq!(s.leveled_finish.unwrap().to_string(), "2025-10-10T17:00:00");
    assert_eq!(s.delayed.len(), 1);
    let md = stratops::report::render_markdown(&r);
    assert!(md.contains("## Resources"), "{md}");
    assert!(
        md.contains("| `ana` | 2025-10-06 | 2025-10-07 | 2.00 | 1.00 | `a`, `b` |"),
        "{md}"
    );
    let html = stratops::report::render_html(&r);
    assert!(html.contains(r#"<section id="resources">"#));
    // without assignments there is no section
    let m = model(r#"{"id": "a", "name": "A", "duration": 2}"#, ANA);
    let r =
        stratops::report::report(&m, "2025-10-03".parse().unwrap(), &Default::default()).unwrap();
    assert!(r.resources.is_none());
}

#[test]
fn tasks_before_the_project_start_level_without_harm() {
    // an ALAP task whose deadline pulls its late start before the project
    // start, and a manual task entered before it: days are negative
    let m = model(
        r#"{"id": "a", "name": "A", "duration": 10, "constraint": {"type": "ALAP"}, "deadline": "2025-10-08",
            "assignments": [{"resource": "ana"}]},
           {"id": "b", "name": "B", "duration": 2, "manual": {"start": "2025-09-29"}, "assignments": [{"resource": "ana"}]},
           {"id": "c", "name": "C", "duration": 2, "assignments": [{"resource": "ana"}]}"#,
        ANA,
    );
    for mode in [LevelMode::Standard, LevelMode::Optimise] {
        let l = level(
            &m,
            &LevelOptions {
                mode: Some(mode),
                ..Default::default()
            },
        )
        .unwrap();
        // the schedule's project start is the manual task's date, Monday
        // 29 September (before the plan's 6 October); A's late start, pulled
        // back by its deadline, is Thursday 25 September: day -2
        assert_eq!(l.project_start.to_string(), "2025-09-29T00:00:00");
        let a = l.tasks.iter().find(|t| t.id == "a").unwrap();
        assert_eq!(a.start_day - a.leveling_delay_days, -2, "{mode:?}: {a:?}");
        assert!(a.start.to_string().ends_with("T08:00:00"), "{a:?}");
        let b = l.tasks.iter().find(|t| t.id == "b").unwrap();
        // the manual task is pinned where the user put it
        assert_eq!((b.start_day, b.leveling_delay_days), (0, 0), "{mode:?}");
        assert_eq!(b.start.to_string(), "2025-09-29T00:00:00");
        // usage rows carry the same days
        assert!(l.usage_before.iter().any(|r| r.from_day < 0));
    }
    let u = resource_usage(&m, &UsageOptions::default()).unwrap();
    assert_eq!(u.rows.first().unwrap().date.to_string(), "2025-09-25");
    assert_eq!(u.rows.first().unwrap().from_day, -2);
}
