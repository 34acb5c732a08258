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
    // progress = 0.558447. Worst status: missed; but the goal is due
    // 2025-12-31, after the as-of date, so it can still be met: off_track.
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
    assert_eq!(g.status, Status::OffTrack);
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

#[test]
fn three_year_rocks_roll_up_to_the_targets() {
    // As of 2025-08-15 (day 226 of 2025; 2025 has 364 days from 01-01 to
    // 12-31, the strategy 1094 from 2025-01-01 to 2027-12-31).
    let m = example("three-year-strategy.json");
    assert!(m.warnings().is_empty(), "{:?}", m.warnings());
    let c = scorecard(&m, d("2025-08-15"), &ScorecardOptions::default()).unwrap();
    let p = |id: &str| {
        c.goal(id)
            .map(|g| g.progress)
            .or_else(|| c.kpi(id).map(|k| k.progress))
            .unwrap()
    };
    let s = |id: &str| {
        c.goal(id)
            .map(|g| g.status)
            .or_else(|| c.kpi(id).map(|k| k.status))
            .unwrap()
    };
    // Quarterly rocks.
    // Q1 (due 03-31, past): referrals 30+55+75 = 160 >= 150 met, p = 1;
    //   calls 180+210+230 = 620 >= 600 met.
    assert_eq!(
        (p("q1-referral"), s("q1-referral")),
        (Some(1.0), Status::Met)
    );
    assert_eq!(
        (p("q1-renewal-calls"), s("q1-renewal-calls")),
        (Some(1.0), Status::Met)
    );
    // Q2 (due 06-30, past): enrolments 25+35+35 = 95 < 120 missed, p = 95/120;
    //   onboarded Σ 335/410 = 0.8171 >= 0.8 met, p = 1.
    assert!(close(p("q2-cert-pilot").unwrap(), 95.0 / 120.0, 1e-12));
    assert_eq!(s("q2-cert-pilot"), Status::Missed);
    assert_eq!(
        (p("q2-onboarding"), s("q2-onboarding")),
        (Some(1.0), Status::Met)
    );
    // Q3 (07-01 -> 09-30, 91 days; day 45, e = 45/91 = 0.4945):
    //   signups 90+80+60 = 230 of 400: p = 0.575, pace 1.163 on_track;
    //   cert seats 40+35 = 75 of 250: p = 0.3, pace 0.607 off_track;
    //   renewal page: no measurement, no_data.
    assert!(close(p("q3-chapter-drive").unwrap(), 0.575, 1e-12));
    assert_eq!(s("q3-chapter-drive"), Status::OnTrack);
    assert!(close(p("q3-cert-launch").unwrap(), 0.3, 1e-12));
    assert_eq!(s("q3-cert-launch"), Status::OffTrack);
    assert_eq!(
        (p("q3-renewal-page"), s("q3-renewal-page")),
        (None, Status::NoData)
    );
    // Q4 starts 10-01: not_started.
    assert_eq!(s("q4-year-end-campaign"), Status::NotStarted);

    // Operations plan 2025.
    // k-new-members: sum 120+130+160+150+140+130+150 = 980 of 1800 = 0.5444;
    //   e = 226/364 = 0.6209; pace 0.877 -> at_risk.
    // o-acquire = (2·0.5444 + 1·1 + 1·0.575)/4 (q4 not started, left out) = 0.665972.
    let acquire = (2.0 * 980.0 / 1800.0 + 1.0 + 0.575) / 4.0;
    assert!(close(p("o-acquire").unwrap(), acquire, 1e-12));
    assert_eq!(s("k-new-members"), Status::AtRisk);
    assert_eq!(s("o-acquire"), Status::AtRisk); // worst of at_risk, met, on_track
                                                // k-renewal-rate: ratio Σ 1290/1475 = 0.874576 < 0.88; p = (0.874576-0.84)/0.04 = 0.864407.
                                                // o-renew = (2·0.864407 + 1 + 1)/4 (renewal page no data, left out) = 0.932203.
    let rate = (1290.0 / 1475.0 - 0.84) / (0.88 - 0.84);
    let renew = (2.0 * rate + 2.0) / 4.0;
    assert!(close(p("k-renewal-rate").unwrap(), rate, 1e-9));
    assert!(close(p("o-renew").unwrap(), renew, 1e-9));
    assert_eq!(s("o-renew"), Status::OnTrack);
    // k-cert-revenue: 20+35 = 55 of 400 = 0.1375; milestone 100 on 09-30
    //   (272 days): expected value 100·226/272 = 83.09, e = 0.2077 -> off_track.
    // o-certificate = (2·0.1375 + 95/120 + 0.3)/4 = 0.341667; worst: missed,
    // but it is due 2025-12-31, after the as-of date 2025-08-15: off_track.
    let cert = (2.0 * 0.1375 + 95.0 / 120.0 + 0.3) / 4.0;
    assert!(close(
        c.kpi("k-cert-revenue").unwrap().expected,
        100.0 * 226.0 / 272.0 / 400.0,
        1e-12
    ));
    assert!(close(p("o-certificate").unwrap(), cert, 1e-12));
    assert_eq!(s("o-certificate"), Status::OffTrack);

    // Three-year targets.
    // g-members (status weighted): k-members (w 2) = (10720-10000)/5000 = 0.144,
    //   o-acquire (w 1), o-certificate (w 0.5):
    //   (0.288 + 0.665972 + 0.170833)/3.5 = 0.321373.
    //   expected: k-members 931.32/5000 = 0.186264 (milestone 11500 at year end),
    //   o-acquire (2·0.620879 + 1 + 0.494505)/4 = 0.684066,
    //   o-certificate (2·0.207721 + 1 + 0.494505)/4 = 0.477487;
    //   (0.372527 + 0.684066 + 0.238743)/3.5 = 0.370096; pace 0.868 -> at_risk.
    let members = (2.0 * 0.144 + acquire + 0.5 * cert) / 3.5;
    assert!(close(p("g-members").unwrap(), members, 1e-12));
    assert!(close(members, 0.321373, 1e-6));
    let gm = c.goal("g-members").unwrap();
    assert!(close(gm.expected.unwrap(), 0.370096, 1e-5));
    assert_eq!(gm.status, Status::AtRisk);
    // g-revenue: k-nondues (w 2) = 0.18/1.5 = 0.12, o-certificate (w 2):
    //   (0.24 + 2·0.341667)/4 = 0.230833; worst of off_track, off_track ->
    //   off_track (a three-year target, far from due, is never missed).
    assert!(close(
        p("g-revenue").unwrap(),
        (2.0 * 0.12 + 2.0 * cert) / 4.0,
        1e-12
    ));
    assert_eq!(s("g-revenue"), Status::OffTrack);
    // g-retention: k-retention at_least 84 -> 90, 86.2: p = 2.2/6 = 0.366667,
    //   e = 226/1094, pace 1.77 on_track; o-renew (w 1):
    //   (2·0.366667 + 0.932203)/3 = 0.555179, on_track.
    assert!(close(
        p("g-retention").unwrap(),
        (2.0 * 2.2 / 6.0 + renew) / 3.0,
        1e-9
    ));
    assert_eq!(s("g-retention"), Status::OnTrack);
    assert_eq!(c.strategic, ["g-members", "g-revenue", "g-retention"]);
    // Leading indicators listed apart: the seven rock KPIs marked leading.
    assert_eq!(c.leading.len(), 7);
}

#[test]
fn a_goal_not_yet_due_is_never_missed() {
    // The bug the 2025-12-05 report showed: worst-of rollup copied a child's
    // `missed` to the 2027 strategic goal. Until its own due date a goal is
    // at worst off track; on and after it, a missed child makes it missed.
    let m = example("endpoint-security.json");
    let before = scorecard(&m, d("2025-12-05"), &ScorecardOptions::default()).unwrap();
    assert_eq!(
        before.kpi("k-training-not-started").unwrap().status,
        Status::Missed
    );
    assert_eq!(
        before.goal("g-reduce-breach-risk").unwrap().status,
        Status::OffTrack
    );
    let after = scorecard(&m, d("2028-01-03"), &ScorecardOptions::default()).unwrap();
    assert_eq!(
        after.goal("g-reduce-breach-risk").unwrap().status,
        Status::Missed
    );
}
