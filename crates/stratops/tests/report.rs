//! The report, reminders and diff, on hand-worked cases.

use stratops::report::{
    diff, remind, render_html, render_markdown, report, EventKind, Level, MilestoneState,
    ReportOptions,
};
use stratops::scorecard::Status;
use stratops::{Date, Model};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn endpoint() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    );
    std::fs::read_to_string(path).unwrap()
}

fn model(json: &str) -> Model {
    Model::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

/// The endpoint-security plan as of 5 December 2025, worked by hand from the
/// plan file:
/// - training wave 3 was scheduled for Monday 1 December and is 60% done:
///   4 calendar days overdue, owned by alex (its accountable resource);
/// - av-deployed is 100% done; compliance-achieved is scheduled for
///   29 December, 24 days out, beyond the 14-day window: upcoming;
/// - budget: 5000 + 3000 + (24 + 16) h × 120 = 12,800.00, no actuals;
///   contingency 0.1×2400 + 0.4×1200 + 0.3×1500 + 0.5×1000 = 1,670;
/// - the top risk is r-first-try (0.5 × 1000 = 500), then r-os-updates
///   (480), r-training-vendor (450) and r-key-person (240);
/// - r-training-vendor's trigger date (14 November) has passed;
/// - k-training-complete: 20 of the 50 due by its 5 December milestone:
///   progress 0.4, expected 1, off track; k-training-not-started: 12 left of
///   50 at its 5 December target date: missed;
/// - the plan finishes 29 December, 2 days before its horizon ends.
#[test]
fn endpoint_report_by_hand() {
    let m = model(&endpoint());
    let r = report(&m, d("2025-12-05"), &ReportOptions::default()).unwrap();
    assert_eq!(r.overdue_tasks.len(), 1);
    let t = &r.overdue_tasks[0];
    assert_eq!(
        (t.id.as_str(), t.days_overdue, t.percent_complete),
        ("training-wave-3", 4, 60.0)
    );
    assert_eq!(t.owner.as_deref(), Some("alex"));

    let states: Vec<(&str, MilestoneState)> = r
        .milestones
        .iter()
        .map(|m| (m.id.as_str(), m.state))
        .collect();
    assert_eq!(
        states,
        [
            ("av-deployed", MilestoneState::Done),
            ("compliance-achieved", MilestoneState::Upcoming)
        ]
    );

    assert_eq!(r.budget.planned.to_string(), "12800.00");
    assert_eq!(r.budget.actual.to_string(), "0");
    assert_eq!(r.budget.contingency.amount(), "1670".parse().unwrap());
    let top: Vec<&str> = r.risks.top.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(
        top,
        [
            "r-first-try",
            "r-os-updates",
            "r-training-vendor",
            "r-key-person"
        ]
    );
    assert!(r.risks.top[2].trigger_passed);

    // leading indicators first
    assert!(r.kpis[0].leading && r.kpis[1].leading && !r.kpis[2].leading);
    let k = r
        .kpis
        .iter()
        .find(|k| k.id == "k-training-complete")
        .unwrap();
    assert_eq!(
        (k.progress, k.expected, k.status),
        (Some(0.4), 1.0, Status::OffTrack)
    );
    let k = r
        .kpis
        .iter()
        .find(|k| k.id == "k-training-not-started")
        .unwrap();
    assert_eq!(k.status, Status::Missed);

    let plan = r
        .summary
        .plans
        .iter()
        .find(|p| p.id == "endpoint-security")
        .unwrap();
    assert_eq!(plan.days_to_horizon_end, Some(2));
    assert_eq!(r.summary.strategic_goals.len(), 1);
    assert_eq!(r.summary.strategic_goals[0].id, "g-reduce-breach-risk");

    // challenges: every off-track item before every at-risk one, each owned
    assert!(r.challenges.iter().all(|c| c.owner.is_some()));
    let first_amber = r
        .challenges
        .iter()
        .position(|c| c.level == Level::AtRisk)
        .unwrap();
    assert!(r.challenges[first_amber..]
        .iter()
        .all(|c| c.level == Level::AtRisk));
    assert!(r
        .challenges
        .iter()
        .any(|c| c.id == "training-wave-3" && c.issue == "overdue"));
    assert!(r
        .challenges
        .iter()
        .any(|c| c.id == "r-training-vendor" && c.issue == "triggered"));

    let s = r.schedule.as_ref().unwrap();
    let path: Vec<&str> = s.critical_paths[0].iter().map(|p| p.id.as_str()).collect();
    assert_eq!(path, ["compliance-review", "compliance-achieved"]);
}

/// Reminders of the same plan (see the report test for the dates):
/// as of 5 December, 14 days: the vendor risk's trigger (14 November) and
/// training wave 3 (due 1 December). With 30 days, the two tasks of
/// 29 December and the plan goal due 31 December join.
#[test]
fn endpoint_reminders_by_hand() {
    let m = model(&endpoint());
    let feed = remind(&m, d("2025-12-05"), 14).unwrap();
    let got: Vec<(EventKind, &str, &str)> = feed
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.owner.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        got,
        [
            (EventKind::RiskTriggered, "r-training-vendor", "alex"),
            (EventKind::Overdue, "training-wave-3", "alex"),
        ]
    );
    let feed = remind(&m, d("2025-12-05"), 30).unwrap();
    let got: Vec<(EventKind, &str, String)> = feed
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.date.to_string()))
        .collect();
    assert_eq!(
        got[2..],
        [
            (
                EventKind::DueSoon,
                "compliance-achieved",
                "2025-12-29".into()
            ),
            (EventKind::DueSoon, "compliance-review", "2025-12-29".into()),
            (
                EventKind::DueSoon,
                "g-endpoint-compliance",
                "2025-12-31".into()
            ),
        ]
    );
    assert_eq!(feed[4].owner.as_deref(), Some("ciso"));
    // as of 10 October: the weekly training KPIs (baseline 1 October, no
    // measurement yet) went stale on 8 October; av-deployed (100% done,
    // scheduled 8 October) was reached 2 days ago
    let feed = remind(&m, d("2025-10-10"), 14).unwrap();
    let got: Vec<(EventKind, &str, String)> = feed
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.date.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                EventKind::StaleKpi,
                "k-training-complete",
                "2025-10-08".into()
            ),
            (
                EventKind::StaleKpi,
                "k-training-not-started",
                "2025-10-08".into()
            ),
            (
                EventKind::MilestoneReached,
                "av-deployed",
                "2025-10-08".into()
            ),
        ]
    );
    assert!(remind(&m, d("2025-12-05"), -1).is_err());
}

fn set_duration(json: &str, task: &str, from: &str, to: &str) -> String {
    let needle = format!(r#""id": "{task}""#);
    let start = json.find(&needle).unwrap();
    let end = start + json[start..].find('}').unwrap();
    let old = format!(r#""duration": "{from}""#);
    let new = format!(r#""duration": "{to}""#);
    assert!(json[start..end].contains(&old));
    format!(
        "{}{}{}",
        &json[..start],
        json[start..end].replacen(&old, &new, 1),
        &json[end..]
    )
}

/// Delaying the critical task compliance-review by 3 days (1d → 4d) moves
/// the finish from Monday 29 December 17:00 to Thursday 1 January 17:00:
/// 30, 31 December and 1 January are working days on the standard
/// calendar, so 3 working days and 3 calendar days.
#[test]
fn delaying_a_critical_task_moves_the_finish() {
    let old = endpoint();
    let new = set_duration(&old, "compliance-review", "1d", "4d");
    let dd = diff(&model(&old), &model(&new), None).unwrap();
    let c = &dd.consequences;
    assert_eq!(c.finish_moved_working_min, Some(3 * 480));
    assert_eq!(c.finish_moved_working_days, Some(3.0));
    assert_eq!(c.finish_moved_calendar_days, Some(3));
    assert_eq!(
        c.project_finish_new.unwrap().to_string(),
        "2026-01-01T17:00:00"
    );
    assert!(!c.critical_path_changed);
    assert_eq!(c.budget_delta.amount(), rust_decimal::Decimal::ZERO);
    assert!(dd.added.is_empty() && dd.removed.is_empty());
    assert_eq!(dd.changed.len(), 1);
    assert_eq!(dd.changed[0].entity.id, "compliance-review");
    assert_eq!(dd.changed[0].fields[0].path, "duration");
    assert_eq!(dd.changed[0].fields[0].old, Some(serde_json::json!("1d")));
}

/// Across a weekend: a (2d) then b (2d) from Monday 6 October 2025 finish
/// Thursday 9 October. With a 3-day lag on the link, b starts Monday 13
/// and finishes Tuesday 14: 3 working days later, but 5 calendar days.
#[test]
fn a_three_day_delay_over_a_weekend() {
    let plan = |lag: &str| {
        format!(
            r#"{{"format": "stratops/1", "plans": [{{"id": "p", "kind": "project", "name": "P",
            "horizon": {{"start": "2025-10-06", "end": "2025-12-31"}},
            "tasks": [{{"id": "a", "name": "A", "duration": "2d"}},
                      {{"id": "b", "name": "B", "duration": "2d",
                        "dependencies": [{{"predecessor": "a"{lag}}}]}}]}}]}}"#
        )
    };
    let old = model(&plan(""));
    let new = model(&plan(r#", "lag": "3d""#));
    let c = diff(&old, &new, None).unwrap().consequences;
    assert_eq!(
        c.project_finish_old.unwrap().to_string(),
        "2025-10-09T17:00:00"
    );
    assert_eq!(
        c.project_finish_new.unwrap().to_string(),
        "2025-10-14T17:00:00"
    );
    assert_eq!(c.finish_moved_working_days, Some(3.0));
    assert_eq!(c.finish_moved_calendar_days, Some(5));
}

/// Added, removed, moved between plans, budget delta and goal status.
#[test]
fn diff_lists_entities_and_consequences() {
    let base = r#"{"format": "stratops/1", "resources": [{"id": "kim", "name": "Kim"}], "plans": [
      {"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-06", "end": "2025-06-30"},
       "goals": [{"id": "g", "name": "G"}],
       "kpis": [{"id": "k", "name": "K", "goals": [{"goal": "g"}], "polarity": "increase",
                 "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 100, "date": "2025-12-31"},
                 "measurements": [{"date": "2025-06-01", "value": MEASURED}]}],
       "tasks": [{"id": "a", "name": "A", "duration": "1d"}, TASKS],
       "costs": [{"id": "c", "category": "software", "kind": "fixed", "amount": "AMOUNT"}]},
      {"id": "q", "kind": "project", "name": "Q", "horizon": {"start": "2025-01-06", "end": "2025-06-30"}}]}"#;
    let old = base
        .replace("MEASURED", "41")
        .replace("TASKS", r#"{"id": "gone", "name": "Gone"}"#)
        .replace("AMOUNT", "100.00");
    let new = base
        .replace("MEASURED", "10")
        .replace("TASKS", r#"{"id": "new", "name": "New", "duration": "1d"}"#)
        .replace("AMOUNT", "250.50");
    let dd = diff(&model(&old), &model(&new), Some(d("2025-06-01"))).unwrap();
    let keys = |v: &[stratops::report::EntityKey]| -> Vec<String> {
        v.iter().map(|e| format!("{} {}", e.kind, e.id)).collect()
    };
    assert_eq!(keys(&dd.added), ["task new"]);
    assert_eq!(keys(&dd.removed), ["task gone"]);
    let changed: Vec<String> = dd
        .changed
        .iter()
        .flat_map(|c| {
            c.fields
                .iter()
                .map(move |f| format!("{} {}", c.entity.id, f.path))
        })
        .collect();
    assert_eq!(changed, ["k measurements", "c amount"]);
    // 250.50 - 100.00
    assert_eq!(dd.consequences.budget_delta.to_string(), "150.50");
    // as of 1 June (151 of 364 days, expected 0.415): 41 → pace 0.99, on
    // track; 10 → pace 0.24, off track
    assert_eq!(dd.consequences.goals_status_changed.len(), 1);
    let g = &dd.consequences.goals_status_changed[0];
    assert_eq!((g.old, g.new), (Status::OnTrack, Status::OffTrack));
}

#[test]
fn moving_a_task_between_plans_is_a_change() {
    let doc = |p: &str| {
        format!(
            r#"{{"format": "stratops/1", "plans": [
          {{"id": "p", "kind": "project", "name": "P", "horizon": {{"start": "2025-01-06", "end": "2025-06-30"}}{}}},
          {{"id": "q", "kind": "project", "name": "Q", "horizon": {{"start": "2025-01-06", "end": "2025-06-30"}}{}}}]}}"#,
            if p == "p" {
                r#", "tasks": [{"id": "t", "name": "T"}]"#
            } else {
                ""
            },
            if p == "q" {
                r#", "tasks": [{"id": "t", "name": "T"}]"#
            } else {
                ""
            },
        )
    };
    let dd = diff(&model(&doc("p")), &model(&doc("q")), None).unwrap();
    assert_eq!(dd.changed.len(), 1);
    assert_eq!(dd.changed[0].fields[0].path, "plan");
    assert_eq!(dd.changed[0].fields[0].new, Some(serde_json::json!("q")));
}

#[test]
fn diff_against_an_invalid_document_is_a_coded_error() {
    // the new version has a dangling predecessor: it never becomes a Model
    let bad = endpoint().replacen(
        r#""predecessor": "av-evaluate""#,
        r#""predecessor": "nowhere""#,
        1,
    );
    let err = Model::from_json(&bad).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(err
        .diagnostics()
        .iter()
        .any(|d| d.code == "dangling_reference"));
    let err = Model::from_json("{\"format\": \"stratops/1\", \"plans\": [").unwrap_err();
    assert_eq!(err.code(), "json_eof");
}

#[test]
fn report_before_every_horizon_is_valid_and_empty() {
    let m = model(&endpoint());
    let r = report(&m, d("2024-06-01"), &ReportOptions::default()).unwrap();
    assert_eq!(r.notes[0].code, "before_horizon");
    assert!(r.overdue_tasks.is_empty());
    // nothing is late or due; av-deployed says 100% complete (with no
    // date), so it counts as done whatever the as-of date
    let states: Vec<(&str, MilestoneState)> = r
        .milestones
        .iter()
        .map(|m| (m.id.as_str(), m.state))
        .collect();
    assert_eq!(
        states,
        [
            ("av-deployed", MilestoneState::Done),
            ("compliance-achieved", MilestoneState::Upcoming)
        ]
    );
    assert!(r.kpis.iter().all(|k| k.status == Status::NotStarted));
    assert!(r
        .challenges
        .iter()
        .all(|c| c.kind == "risk" || c.kind == "budget"));
    // still renders
    assert!(render_markdown(&r).contains("before_horizon"));
    assert!(render_html(&r).contains("before every plan"));
}

#[test]
fn empty_documents_give_empty_reports() {
    for (json, code) in [
        (r#"{"format": "stratops/1", "plans": []}"#, "no_plans"),
        (
            r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
               "horizon": {"start": "2025-01-06", "end": "2025-06-30"}}]}"#,
            "no_tasks",
        ),
    ] {
        let m = model(json);
        let r = report(&m, d("2025-03-01"), &ReportOptions::default()).unwrap();
        assert_eq!(r.notes[0].code, code);
        assert!(r.schedule.is_none());
        assert!(r.kpis.is_empty() && r.milestones.is_empty() && r.challenges.is_empty());
        assert_eq!(r.budget.planned.amount(), rust_decimal::Decimal::ZERO);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["notes"][0]["code"], code);
        assert!(render_html(&r).ends_with("</html>\n"));
        assert!(render_markdown(&r).contains("Nothing to schedule."));
        assert!(remind(&m, d("2025-03-01"), 14).unwrap().is_empty());
        let dd = diff(&m, &m, Some(d("2025-03-01"))).unwrap();
        assert!(dd.added.is_empty() && dd.removed.is_empty() && dd.changed.is_empty());
        assert_eq!(dd.consequences.project_finish_old, None);
    }
}

#[test]
fn milestone_states_and_done_dates() {
    // Milestones after a 1-day task starting Monday 6 January 2025 land on
    // its finish, Monday 6 January 17:00, plus their own SNET dates.
    let m = model(
        r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P", "owner": "pm",
        "horizon": {"start": "2025-01-06", "end": "2025-06-30"},
        "tasks": [
          {"id": "late", "name": "Late", "kind": "milestone", "constraint": {"type": "SNET", "date": "2025-01-10"}},
          {"id": "due", "name": "Due", "kind": "milestone", "constraint": {"type": "SNET", "date": "2025-01-24"}},
          {"id": "up", "name": "Up", "kind": "milestone", "constraint": {"type": "SNET", "date": "2025-01-27"}},
          {"id": "done", "name": "Done", "kind": "milestone", "progress": {"actual_finish": "2025-01-08"}},
          {"id": "future", "name": "Not yet", "kind": "milestone", "progress": {"actual_finish": "2025-01-20"}}]}]}"#,
    );
    // as of Friday 10 January: "late" was due on the 10th itself (due, not
    // late); a lookahead of 14 days reaches the 24th; the 27th is beyond
    let r = report(&m, d("2025-01-10"), &ReportOptions::default()).unwrap();
    let st = |r: &stratops::report::Report, id: &str| {
        r.milestones.iter().find(|m| m.id == id).unwrap().state
    };
    assert_eq!(st(&r, "late"), MilestoneState::Due);
    assert_eq!(st(&r, "due"), MilestoneState::Due);
    assert_eq!(st(&r, "up"), MilestoneState::Upcoming);
    assert_eq!(st(&r, "done"), MilestoneState::Done);
    // an actual finish after the as-of date has not happened yet
    assert_ne!(st(&r, "future"), MilestoneState::Done);
    let done = r.milestones.iter().find(|m| m.id == "done").unwrap();
    assert_eq!(done.done_on, Some(d("2025-01-08")));
    // a day later "late" is late by one day, and owned by the plan owner
    let r = report(&m, d("2025-01-11"), &ReportOptions::default()).unwrap();
    let late = r.milestones.iter().find(|m| m.id == "late").unwrap();
    assert_eq!((late.state, late.days_late), (MilestoneState::Late, 1));
    assert_eq!(late.owner.as_deref(), Some("pm"));
}

#[test]
fn budget_caps_and_overspend_are_challenges() {
    let m = model(
        r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P", "owner": "pm",
        "horizon": {"start": "2025-01-06", "end": "2025-06-30"}, "budget": "100.00",
        "category_budgets": {"vendor": "50.00"}, "management_reserve_pct": "10",
        "costs": [{"id": "c1", "category": "vendor", "kind": "fixed", "amount": "80.00", "actual": "90.00"},
                  {"id": "c2", "category": "tools", "kind": "unit", "quantity": "3", "unit_price": "12.50"}]}]}"#,
    );
    let r = report(&m, d("2025-03-01"), &ReportOptions::default()).unwrap();
    // 80 + 3 × 12.50 = 117.50 planned against a cap of 100; reserve 11.75
    assert_eq!(r.budget.planned.to_string(), "117.50");
    assert_eq!(
        r.budget.management_reserve.amount(),
        "11.75".parse().unwrap()
    );
    let issues: Vec<(&str, &str)> = r
        .challenges
        .iter()
        .map(|c| (c.id.as_str(), c.issue))
        .collect();
    // the plan (117.50 > 100) and the vendor category (80 > 50) are over
    // their caps; nothing is overspent (90 actual < 117.50 planned)
    assert_eq!(issues, [("p", "over_cap"), ("vendor", "over_cap")]);
    assert!(r
        .challenges
        .iter()
        .all(|c| c.owner.as_deref() == Some("pm")));
}

#[test]
fn user_text_is_escaped() {
    let evil = r#"<script>alert(\"x\")</script> & 'q' | *b* [l](u)"#;
    let m = model(&format!(
        r#"{{"format": "stratops/1", "organisation": "{evil}", "plans": [{{"id": "p", "kind": "project", "name": "{evil}", "owner": "{evil}",
        "horizon": {{"start": "2025-01-06", "end": "2025-06-30"}},
        "tasks": [{{"id": "t", "name": "{evil}", "duration": "1d"}}],
        "risks": [{{"id": "r", "description": "{evil}", "probability": 0.5, "impact": {{"cost": "10.00"}}, "if_then": "{evil}"}}]}}]}}"#
    ));
    let r = report(&m, d("2025-03-01"), &ReportOptions::default()).unwrap();
    let html = render_html(&r);
    assert!(!html.contains("<script"));
    assert!(!html.contains("'q'"));
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
    let md = render_markdown(&r);
    assert!(!md.contains("<script"));
    assert!(md.contains(r#"&lt;script&gt;alert("x")&lt;/script&gt; & 'q' \| \*b\* \[l\](u)"#));
}

#[test]
fn a_deep_wbs_does_not_recurse() {
    // 20 000 nested summaries over one task: owners, outline order and the
    // Gantt walk are iterative
    let n = 20_000;
    let mut tasks = Vec::with_capacity(n + 1);
    tasks.push(r#"{"id": "s0", "name": "S0", "owner": "top"}"#.to_string());
    for i in 1..n {
        tasks.push(format!(
            r#"{{"id": "s{i}", "name": "S{i}", "parent": "s{}"}}"#,
            i - 1
        ));
    }
    tasks.push(format!(
        r#"{{"id": "leaf", "name": "Leaf", "duration": "1d", "parent": "s{}"}}"#,
        n - 1
    ));
    let json = format!(
        r#"{{"format": "stratops/1", "plans": [{{"id": "p", "kind": "project", "name": "P",
        "horizon": {{"start": "2025-01-06", "end": "2025-06-30"}}, "tasks": [{}]}}]}}"#,
        tasks.join(",")
    );
    let m = model(&json);
    let r = report(&m, d("2025-02-01"), &ReportOptions::default()).unwrap();
    let s = r.schedule.as_ref().unwrap();
    assert_eq!(s.bars.len(), n + 1);
    assert_eq!(s.bars[n].depth, n as u32);
    // the owner is inherited down the whole chain
    assert_eq!(r.overdue_tasks[0].owner.as_deref(), Some("top"));
    let html = render_html(&r);
    assert!(html.contains("The chart shows the first 300 of 20001 tasks."));
}

#[test]
fn extreme_as_of_dates_do_not_panic() {
    let m = model(&endpoint());
    for as_of in ["0001-01-01", "9999-12-31"] {
        let r = report(&m, d(as_of), &ReportOptions::default()).unwrap();
        assert!(!render_html(&r).is_empty() && !render_markdown(&r).is_empty());
        remind(&m, d(as_of), i64::MAX).unwrap();
        diff(&m, &m, Some(d(as_of))).unwrap();
    }
    // as of the end of time every unfinished task is overdue
    let r = report(&m, d("9999-12-31"), &ReportOptions::default()).unwrap();
    let ids: Vec<&str> = r.overdue_tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["training-wave-3", "compliance-review"]);
}

#[test]
fn an_unpriceable_budget_is_a_coded_error() {
    // a labour line whose resource has no rate: the budget engine refuses
    // it, and so do the report and the diff, naming the line
    let m = model(
        r#"{"format": "stratops/1", "resources": [{"id": "kim", "name": "Kim"}],
        "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-06-30"},
        "tasks": [{"id": "t", "name": "T", "duration": "1d"}],
        "costs": [{"id": "c", "category": "labour", "kind": "labour", "task": "t", "resource": "kim", "hours": "8"}]}]}"#,
    );
    let err = report(&m, d("2025-03-01"), &ReportOptions::default()).unwrap_err();
    assert_eq!((err.code(), err.id()), ("missing_rate", Some("c")));
    assert_eq!(diff(&m, &m, None).unwrap_err().code(), "missing_rate");
}
