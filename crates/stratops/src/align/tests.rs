//! Alignment report tests; expected findings worked out by hand from the
//! documents in the comments.

use super::*;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn ids(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn endpoint_security_is_fully_aligned() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    );
    let m = Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Every task supports g-endpoint-compliance directly or via its summary,
    // every cost line sits on such a task, both goals have KPIs, the
    // compliance goal feeds the strategic one, every working leaf task has
    // one accountable and a responsible, both goals have owner, due date and
    // KPI. As of 2025-12-05 every cadence is kept.
    let r = align(&m, Some(d("2025-12-05"))).unwrap();
    assert_eq!(r.findings(), 0, "{r:#?}");
    // The seed's 40 in-house hours (24 install + 16 scans), all on strategy.
    assert_eq!(r.hours.total, 40.0);
    assert_eq!(r.hours.strategic, 40.0);
    assert_eq!(r.hours.share_strategic, Some(1.0));
    // Every line (5000 + 3000 + 24 h and 16 h at 120) sits on a task that
    // supports the compliance goal, which feeds the strategic goal: all
    // 12,800.00 is aligned to strategy.
    let b = r.budget_share.as_ref().unwrap();
    assert_eq!(b.total.to_string(), "12800.00");
    assert_eq!(b.strategic, b.total);
    assert_eq!(b.share_strategic, Some(1.0));
    // As of 2026-01-15, ages are measured up to the earlier of as-of and the
    // target date:
    //  k-incidents: quarterly (92 d), target 2027: 09-30 -> 01-15 = 107 d, stale;
    //  k-compliant-devices: monthly (31 d), target 2026-01-01: 11-30 -> 01-01
    //    = 32 d, stale (the final reading is missing);
    //  k-training-complete: weekly, target 12-19: 12-05 -> 12-19 = 14 d, stale;
    //  k-training-not-started: weekly, target 12-05, read on 12-05: 0 d, fine;
    //  k-vulnerabilities has no cadence.
    let r = align(&m, Some(d("2026-01-15"))).unwrap();
    let stale: Vec<(&str, i64)> = r
        .stale_kpis
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| (s.id.as_str(), s.days_since))
        .collect();
    assert_eq!(
        stale,
        [
            ("k-incidents", 107),
            ("k-compliant-devices", 32),
            ("k-training-complete", 14),
        ]
    );
    assert_eq!(align(&m, None).unwrap().stale_kpis, None);
}

const DRIFT: &str = r#"{"format": "stratops/1",
  "resources": [{"id": "x", "name": "X"}, {"id": "y", "name": "Y"}],
  "plans": [
  {"id": "s", "kind": "strategic", "name": "S", "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
   "goals": [{"id": "grow", "name": "Grow"},
             {"id": "idle", "name": "Idle", "owner": "ceo", "due": "2027-12-31", "smart": {"relevant": false}}],
   "kpis": [{"id": "k-idle", "name": "K", "goals": [{"goal": "idle"}], "polarity": "increase", "cadence": "monthly",
             "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 1, "date": "2027-12-31"}}]},
  {"id": "o", "kind": "operational", "name": "O", "horizon": {"start": "2025-01-01", "end": "2025-12-31"},
   "goals": [{"id": "ops-g", "name": "Ops", "owner": "coo", "due": "2025-12-31", "contributes_to": [{"goal": "grow"}]}],
   "kpis": [{"id": "k-ops", "name": "K", "goals": [{"goal": "ops-g"}], "polarity": "increase",
             "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 1, "date": "2025-12-31"}}]},
  {"id": "t", "kind": "tactical", "name": "T", "horizon": {"start": "2025-01-01", "end": "2025-03-31"},
   "goals": [{"id": "rock", "name": "Rock", "owner": "x", "due": "2025-03-31", "contributes_to": [{"goal": "ops-g"}]}],
   "kpis": [{"id": "k-rock", "name": "K", "goals": [{"goal": "rock"}], "polarity": "increase",
             "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 1, "date": "2025-03-31"}}],
   "tasks": [
     {"id": "p", "name": "P", "supports": ["rock"]},
     {"id": "c", "name": "C", "parent": "p"},
     {"id": "cc", "name": "CC", "parent": "c", "duration": "1d",
      "assignments": [{"resource": "x", "role": "accountable", "hours": 10}, {"resource": "y"}]},
     {"id": "loose", "name": "Loose", "duration": "1d",
      "assignments": [{"resource": "x", "role": "accountable", "hours": 30}, {"resource": "y", "role": "accountable"}, {"resource": "y"}]},
     {"id": "m", "name": "M", "kind": "milestone"},
     {"id": "s2", "name": "S2"},
     {"id": "s2a", "name": "S2a", "parent": "s2", "duration": "1d",
      "assignments": [{"resource": "x", "role": "accountable"}, {"resource": "y", "role": "responsible"}]},
     {"id": "ot", "name": "OT", "duration": "1d", "supports": ["orphan"],
      "assignments": [{"resource": "x", "role": "accountable", "hours": 40}, {"resource": "y"}]}],
   "costs": [
     {"id": "c-loose", "category": "vendor", "kind": "fixed", "task": "loose", "amount": "100.00"},
     {"id": "c-plan", "category": "vendor", "kind": "fixed", "amount": "50.00", "supports": ["rock"]},
     {"id": "c-bare", "category": "vendor", "kind": "fixed", "amount": "50.00"},
     {"id": "c-deep", "category": "vendor", "kind": "fixed", "task": "cc", "amount": "10.00"}]},
  {"id": "sup", "kind": "project", "name": "Supported", "horizon": {"start": "2025-01-01", "end": "2025-06-30"},
   "supports": ["ops-g"],
   "goals": [{"id": "orphan", "name": "Orphan", "owner": "y", "due": "2025-06-30"}],
   "kpis": [{"id": "k-orphan", "name": "K", "goals": [{"goal": "orphan"}], "polarity": "increase",
             "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 1, "date": "2025-06-30"}}],
   "tasks": [
     {"id": "pt", "name": "PT", "duration": "1d",
      "assignments": [{"resource": "x", "role": "accountable", "hours": 20}, {"resource": "y"}]}]}
  ]}"#;

#[test]
fn drift_is_found() {
    let m = Model::from_json(DRIFT).unwrap();
    let r = align(&m, Some(d("2025-03-15"))).unwrap();
    // Tasks: p supports rock; c and cc inherit it; loose, m, s2, s2a support
    // nothing; pt inherits its plan's ops-g; ot (in plan t, which supports
    // nothing) supports orphan.
    assert_eq!(ids(&r.unaligned_tasks), ["loose", "m", "s2", "s2a"]);
    // Costs: c-loose sits on an unaligned task; c-bare has nothing;
    // c-plan supports rock itself; c-deep inherits from p through c and cc.
    assert_eq!(ids(&r.unaligned_costs), ["c-loose", "c-bare"]);
    // grow is measured through ops-g's KPI; every goal has a KPI path.
    assert!(r.goals_without_kpi.is_empty());
    // Work: rock (p, c-plan), ops-g (plan sup), orphan (ot); grow through
    // ops-g. idle has a KPI but no work.
    assert_eq!(ids(&r.goals_without_work), ["idle"]);
    // orphan (a project goal) does not ladder up; rock -> ops-g -> grow does.
    assert_eq!(ids(&r.not_laddering), ["orphan"]);
    // k-idle is monthly with no measurement: 73 days since its 01-01 baseline.
    let stale = r.stale_kpis.as_ref().unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!((stale[0].id.as_str(), stale[0].days_since), ("k-idle", 73));
    // RACI: cc ok (x A, y R by default); loose has two accountable; m is a
    // milestone (skipped); s2 is a summary without assignments (skipped);
    // s2a ok; pt and ot ok; p and c are summaries without assignments.
    let raci: Vec<(&str, usize, usize)> = r
        .raci_violations
        .iter()
        .map(|v| (v.task.as_str(), v.accountable, v.responsible))
        .collect();
    assert_eq!(raci, [("loose", 2, 1)]);
    assert_eq!(r.raci_violations[0].problems, ["accountable_count"]);
    // SMART: grow has no owner and no due date; idle is flagged not relevant.
    let smart: Vec<(&str, Vec<&str>)> = r
        .smart_failures
        .iter()
        .map(|s| (s.goal.as_str(), s.failed.clone()))
        .collect();
    assert_eq!(
        smart,
        [
            ("grow", vec!["owned", "time_bound"]),
            ("idle", vec!["relevant"])
        ]
    );
    // Hours: cc 10 (rock: strategic), loose 30 (none), pt 20 (ops-g via the
    // plan: strategic), ot 40 (orphan: aligned, not strategic).
    // total 100, aligned 70, strategic 30 -> share 0.3.
    assert_eq!(r.hours.total, 100.0);
    assert_eq!(r.hours.aligned, 70.0);
    assert_eq!(r.hours.strategic, 30.0);
    assert_eq!(r.hours.share_strategic, Some(0.3));
}

#[test]
fn no_hours_gives_no_share_and_deep_wbs_does_not_recurse() {
    // A WBS 100 000 deep: inheritance runs in wbs_order, not by recursion.
    let n = 100_000;
    let mut tasks = vec![r#"{"id": "t0", "name": "T", "supports": ["g"]}"#.to_string()];
    for i in 1..n {
        tasks.push(format!(
            r#"{{"id": "t{i}", "name": "T", "parent": "t{}"}}"#,
            i - 1
        ));
    }
    let json = format!(
        r#"{{"format": "stratops/1", "plans": [{{"id": "s", "kind": "strategic", "name": "S",
        "horizon": {{"start": "2025-01-01", "end": "2025-12-31"}},
        "goals": [{{"id": "g", "name": "G"}}], "tasks": [{}]}}]}}"#,
        tasks.join(",")
    );
    let m = Model::from_json(&json).unwrap();
    let r = align(&m, None).unwrap();
    assert!(r.unaligned_tasks.is_empty());
    assert_eq!(r.hours.share_strategic, None);
    // the one leaf has no assignment: no accountable, no responsible
    assert_eq!(r.raci_violations.len(), 1);
    assert_eq!(r.raci_violations[0].task, format!("t{}", n - 1));
}
