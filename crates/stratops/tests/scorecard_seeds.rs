//! The seeds' numbers on the example plans. Every expected value is worked
//! out by hand in the comments.

use stratops::scorecard::{scorecard, ForecastOutcome, ScorecardOptions, Status};
use stratops::{Date, Model};

fn example(name: &str) -> Model {
    let path = format!("{}/../../examples/plans/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Model::from_json(&text).unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() < tol
}

#[test]
fn training_is_behind_pace_and_will_not_finish_on_time() {
    // k-training-complete: increase, baseline 0 on 2025-10-01, milestone 50 on
    // 2025-12-05, target 50 on 2025-12-19. Readings 4 (10-31), 11 (11-14),
    // 20 (12-05: "50 were due; 20 done, 12 have not started").
    let m = example("endpoint-security.json");
    let c = scorecard(&m, d("2025-12-05"), &ScorecardOptions::default()).unwrap();
    let k = c.kpi("k-training-complete").unwrap();
    // value = last = 20; progress = (20 - 0)/(50 - 0) = 0.4
    assert_eq!(k.value, Some(20.0));
    assert_eq!(k.progress, Some(0.4));
    // expected path 0 -> 50 by the 12-05 milestone: e = 50/50 = 1
    assert_eq!(k.expected, 1.0);
    // pace 0.4 < 0.75 -> off_track
    assert_eq!(k.pace, Some(0.4));
    assert_eq!(k.status, Status::OffTrack);
    // Least squares with x = days since 10-01: (30, 4), (44, 11), (65, 20).
    // Σx = 139, Σy = 35, Σxy = 1904, Σx² = 7061.
    // Sxy = 1904 - 139·35/3 = 847/3; Sxx = 7061 - 139²/3 = 1862/3.
    // slope = 847/1862 = 0.45489 per day.
    // At the target date (x = 79): 35/3 + 847/1862·(79 - 139/3) = 26.526.
    // 50 is reached at x = 139/3 + (50 - 35/3)·1862/847 = 130.60 -> day 131
    // = 2026-02-09, after the 2025-12-19 target: late.
    let f = &k.forecast;
    assert_eq!(f.points, 3);
    assert!(close(f.slope_per_day.unwrap(), 847.0 / 1862.0, 1e-12));
    assert!(close(f.projected_at_target.unwrap(), 26.526, 1e-3));
    assert_eq!(f.outcome, ForecastOutcome::Late);
    assert_eq!(f.reaches_target_on, Some(d("2026-02-09")));
    // It is a leading indicator, so it is listed apart.
    assert!(c.leading.iter().any(|l| l.id == "k-training-complete"));
    // The not-started count: decrease 50 -> 0 due 12-05; 12 remain.
    // p = (12 - 50)/(0 - 50) = 0.76; the target date has come: missed.
    let n = c.kpi("k-training-not-started").unwrap();
    assert!(close(n.progress.unwrap(), 0.76, 1e-12));
    assert_eq!(n.status, Status::Missed);
}

#[test]
fn compliance_goal_rolls_up() {
    // As of 2025-12-05, the children of g-endpoint-compliance (weights):
    //  k-compliant-devices (3): at_least 80 -> 99.9, reading 95.2 (11-30);
    //    bound fails, p = 15.2/19.9 = 0.763819; e = 65/92 days = 0.706522;
    //    pace 1.081 -> on_track.
    //  k-vulnerabilities (1): decrease 140 -> 10, reading 140: p = 0;
    //    e = 32/56 = 0.571429 -> off_track.
    //  k-training-complete (1): 0.4, off_track (see above).
    //  k-training-not-started (0.5): 0.76, missed.
    // Σw = 5.5; Σwp = 3·0.763819 + 0 + 0.4 + 0.5·0.76 = 3.071457;
    // progress = 0.558447. Worst status: missed.
    let m = example("endpoint-security.json");
    let c = scorecard(&m, d("2025-12-05"), &ScorecardOptions::default()).unwrap();
    let dev = c.kpi("k-compliant-devices").unwrap();
    assert!(close(dev.progress.unwrap(), 15.2 / 19.9, 1e-12));
    assert!(close(dev.expected, 65.0 / 92.0, 1e-12));
    assert_eq!(dev.status, Status::OnTrack);
    assert_eq!(c.kpi("k-vulnerabilities").unwrap().status, Status::OffTrack);
    let g = c.goal("g-endpoint-compliance").unwrap();
    let want = (3.0 * 15.2 / 19.9 + 0.4 + 0.5 * 0.76) / 5.5;
    assert!(close(g.progress.unwrap(), want, 1e-12));
    assert!(close(want, 0.558447, 1e-6));
    assert_eq!(g.status, Status::Missed);
    assert_eq!(g.children.len(), 4);
    assert_eq!(g.explanation.parts.len(), 4);
    // Strategic goal: g-endpoint-compliance (w 1) and k-incidents (w 1).
    // k-incidents: decrease 12 -> 3, reading 9 (09-30): p = 3/9 = 1/3.
    // progress = (0.558447 + 0.333333)/2 = 0.445890.
    let top = c.goal("g-reduce-breach-risk").unwrap();
    assert!(close(
        top.progress.unwrap(),
        (want + 1.0 / 3.0) / 2.0,
        1e-12
    ));
    assert_eq!(c.strategic, vec!["g-reduce-breach-risk".to_string()]);
}

#[test]
fn compliance_met_at_99_9() {
    // Add a reading of 99.95 on 2025-12-31: at_least 99.9 holds, and as of the
    // target date 2026-01-01 the KPI is met with progress 1.
    let m = example("endpoint-security.json");
    let mut doc = m.into_document();
    let k = doc.plans[1]
        .kpis
        .iter_mut()
        .find(|k| k.id == "k-compliant-devices")
        .unwrap();
    k.measurements.push(stratops::Measurement {
        date: d("2025-12-31"),
        value: 99.95,
        denominator: None,
        note: None,
    });
    let m = Model::new(doc).unwrap();
    let c = scorecard(&m, d("2026-01-01"), &ScorecardOptions::default()).unwrap();
    let k = c.kpi("k-compliant-devices").unwrap();
    assert_eq!((k.progress, k.status), (Some(1.0), Status::Met));
    // 99.8 would miss: (99.8 - 80)/19.9 = 0.99497, status missed.
    let m = example("endpoint-security.json");
    let mut doc = m.into_document();
    let k = doc.plans[1]
        .kpis
        .iter_mut()
        .find(|k| k.id == "k-compliant-devices")
        .unwrap();
    k.measurements.push(stratops::Measurement {
        date: d("2025-12-31"),
        value: 99.8,
        denominator: None,
        note: None,
    });
    let c = scorecard(
        &Model::new(doc).unwrap(),
        d("2026-01-01"),
        &ScorecardOptions::default(),
    )
    .unwrap();
    let k = c.kpi("k-compliant-devices").unwrap();
    assert!(close(k.progress.unwrap(), 19.8 / 19.9, 1e-12));
    assert_eq!(k.status, Status::Missed);
}

#[test]
fn every_number_is_finite_and_explained() {
    let m = example("endpoint-security.json");
    for as_of in [
        "2024-01-01",
        "2025-10-01",
        "2025-11-15",
        "2025-12-05",
        "2026-06-01",
    ] {
        let c = scorecard(&m, d(as_of), &ScorecardOptions::default()).unwrap();
        for k in &c.kpis {
            assert!(k.expected.is_finite());
            for x in [k.value, k.progress, k.pace].into_iter().flatten() {
                assert!(x.is_finite(), "{} {as_of}", k.id);
            }
            assert_eq!(k.explanation.id, k.id);
        }
        for g in &c.goals {
            for x in [g.progress, g.expected].into_iter().flatten() {
                assert!(x.is_finite());
            }
        }
        let json = serde_json::to_string(&c).unwrap();
        assert!(!json.contains("NaN"));
    }
}
