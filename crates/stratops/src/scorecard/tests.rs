//! Unit tests of KPI progress and goal rollup. Expected values are worked
//! out by hand in the comments.

use super::*;
use crate::Model;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A strategic plan with goals `g` (and `g2`, `top`) and the given KPIs.
fn model(goals: &str, kpis: &str) -> Model {
    let json = format!(
        r#"{{"format": "stratops/1", "plans": [{{
        "id": "s", "kind": "strategic", "name": "S",
        "horizon": {{"start": "2025-01-01", "end": "2027-12-31"}},
        "goals": [{goals}], "kpis": [{kpis}]}}]}}"#
    );
    Model::from_json(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn card(m: &Model, as_of: &str) -> Scorecard {
    scorecard(m, d(as_of), &ScorecardOptions::default()).unwrap()
}

const G: &str = r#"{"id": "g", "name": "G"}"#;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn decrease_moving_the_wrong_way_gives_zero() {
    // Vulnerabilities: baseline 100 on 01-01, target 20 on 12-31 (364 days).
    // Readings rise 110 (03-01), 130 (06-01). p = (130-100)/(20-100) = -0.375,
    // clamped to 0. Expected on 06-01: 151/364 = 0.415 > 0, pace 0 -> off_track.
    // The line rises while the target is below: not reachable.
    let m = model(
        G,
        r#"{"id": "k", "name": "Vulns", "goals": [{"goal": "g"}], "polarity": "decrease",
        "baseline": {"value": 100, "date": "2025-01-01"}, "target": {"value": 20, "date": "2025-12-31"},
        "measurements": [{"date": "2025-03-01", "value": 110}, {"date": "2025-06-01", "value": 130}]}"#,
    );
    let c = card(&m, "2025-06-01");
    let k = &c.kpis[0];
    assert_eq!(k.value, Some(130.0));
    assert_eq!(k.progress, Some(0.0));
    assert!(close(k.expected, 151.0 / 364.0));
    assert_eq!(k.status, Status::OffTrack);
    assert_eq!(k.forecast.outcome, ForecastOutcome::NotReachable);
    assert_eq!(k.forecast.reaches_target_on, None);
    // And falling: 60 -> p = (60-100)/(20-100) = 0.5.
    let m = model(
        G,
        r#"{"id": "k", "name": "Vulns", "goals": [{"goal": "g"}], "polarity": "decrease",
        "baseline": {"value": 100, "date": "2025-01-01"}, "target": {"value": 20, "date": "2025-12-31"},
        "measurements": [{"date": "2025-06-01", "value": 60}]}"#,
    );
    assert_eq!(card(&m, "2025-06-01").kpis[0].progress, Some(0.5));
    // No move: (100-100)/(20-100) is -0.0 in floating point; it must print as 0.
    let m = model(
        G,
        r#"{"id": "k", "name": "Vulns", "goals": [{"goal": "g"}], "polarity": "decrease",
        "baseline": {"value": 100, "date": "2025-01-01"}, "target": {"value": 20, "date": "2025-12-31"},
        "measurements": [{"date": "2025-06-01", "value": 100}]}"#,
    );
    let c = card(&m, "2025-01-01");
    let k = &c.kpis[0];
    assert!(k.expected.is_sign_positive());
    let c = card(&m, "2025-06-01");
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains("-0.0"), "{json}");
}

#[test]
fn range_kpi() {
    // Band [95, 99], tolerance 4: inside -> 1; 101 is 2 above -> 1 - 2/4 = 0.5;
    // 90 is 5 below -> 1 - 5/4 < 0 -> 0.
    let mk = |v: f64| {
        model(
            G,
            &format!(
                r#"{{"id": "k", "name": "Uptime", "goals": [{{"goal": "g"}}], "polarity": "range",
            "range": {{"lo": 95, "hi": 99, "tolerance": 4}},
            "baseline": {{"value": 90, "date": "2025-01-01"}}, "target": {{"value": 97, "date": "2025-12-31"}},
            "measurements": [{{"date": "2025-02-01", "value": {v}}}]}}"#
            ),
        )
    };
    assert_eq!(card(&mk(97.0), "2025-03-01").kpis[0].progress, Some(1.0));
    assert_eq!(card(&mk(101.0), "2025-03-01").kpis[0].progress, Some(0.5));
    assert_eq!(card(&mk(90.0), "2025-03-01").kpis[0].progress, Some(0.0));
    // after the target date: met only inside the band
    assert_eq!(card(&mk(97.0), "2026-01-01").kpis[0].status, Status::Met);
    assert_eq!(
        card(&mk(101.0), "2026-01-01").kpis[0].status,
        Status::Missed
    );
    // no value path: expected is the elapsed share, 59/364 on 03-01
    assert!(close(
        card(&mk(97.0), "2025-03-01").kpis[0].expected,
        59.0 / 364.0
    ));
}

#[test]
fn ratio_is_sum_over_sum_not_mean_of_ratios() {
    // 1/1 and 99/100: Σ/Σ = 100/101 = 0.990099..., the mean of ratios would
    // be (1 + 0.99)/2 = 0.995. Baseline 0.9, target 1.0: p = (100/101 - 0.9)/0.1.
    let m = model(
        G,
        r#"{"id": "k", "name": "Patched share", "goals": [{"goal": "g"}], "polarity": "increase",
        "aggregation": "ratio",
        "baseline": {"value": 0.9, "date": "2025-01-01"}, "target": {"value": 1.0, "date": "2025-12-31"},
        "measurements": [{"date": "2025-02-01", "value": 1, "denominator": 1},
                         {"date": "2025-03-01", "value": 99, "denominator": 100}]}"#,
    );
    let k = &card(&m, "2025-03-01").kpis[0];
    assert!(close(k.value.unwrap(), 100.0 / 101.0));
    assert!(close(
        k.progress.unwrap(),
        (100.0 / 101.0 - 0.9) / (1.0 - 0.9)
    ));
}

#[test]
fn sum_and_average_over_the_period_from_the_baseline() {
    // The 2024-12-01 reading is before the baseline and is ignored; the
    // 2025-05-01 one is after the as-of date. Sum = 10 + 30 = 40; mean = 20.
    let kpi = |agg: &str| {
        format!(
            r#"{{"id": "k", "name": "Leads", "goals": [{{"goal": "g"}}], "polarity": "increase",
        "aggregation": "{agg}",
        "baseline": {{"value": 0, "date": "2025-01-01"}}, "target": {{"value": 100, "date": "2025-12-31"}},
        "measurements": [{{"date": "2024-12-01", "value": 1000}}, {{"date": "2025-02-01", "value": 10}},
            {{"date": "2025-03-01", "value": 30}}, {{"date": "2025-05-01", "value": 7}}]}}"#
        )
    };
    assert_eq!(
        card(&model(G, &kpi("sum")), "2025-04-01").kpis[0].value,
        Some(40.0)
    );
    assert_eq!(
        card(&model(G, &kpi("average")), "2025-04-01").kpis[0].value,
        Some(20.0)
    );
    assert_eq!(
        card(&model(G, &kpi("last")), "2025-04-01").kpis[0].value,
        Some(30.0)
    );
}

#[test]
fn cap_above_one_allows_over_achievement() {
    // increase 0 -> 100, cap 1.5: 130 gives 1.3; 200 gives 2.0, capped at 1.5.
    let mk = |v: f64, pol: &str| {
        model(
            G,
            &format!(
                r#"{{"id": "k", "name": "Sales", "goals": [{{"goal": "g"}}], "polarity": "{pol}", "cap": 1.5,
            "baseline": {{"value": 0, "date": "2025-01-01"}}, "target": {{"value": 100, "date": "2025-12-31"}},
            "measurements": [{{"date": "2025-02-01", "value": {v}}}]}}"#
            ),
        )
    };
    assert!(close(
        card(&mk(130.0, "increase"), "2025-03-01").kpis[0]
            .progress
            .unwrap(),
        1.3
    ));
    assert_eq!(
        card(&mk(200.0, "increase"), "2025-03-01").kpis[0].progress,
        Some(1.5)
    );
    // at_least with the bound holding: max(1, linear) = 1.1 for 110.
    assert!(close(
        card(&mk(110.0, "at_least"), "2025-03-01").kpis[0]
            .progress
            .unwrap(),
        1.1
    ));
    // the goal is not re-clamped: a single child at 1.3 gives 1.3
    assert!(close(
        card(&mk(130.0, "increase"), "2025-03-01").goals[0]
            .progress
            .unwrap(),
        1.3
    ));
}

#[test]
fn at_least_and_at_most() {
    // at_most: errors per week, baseline 20, bound 5. 4 holds -> 1;
    // 10 -> (10-20)/(5-20) = 2/3; 25 (wrong way) -> 0.
    let mk = |v: f64| {
        model(
            G,
            &format!(
                r#"{{"id": "k", "name": "Errors", "goals": [{{"goal": "g"}}], "polarity": "at_most",
            "baseline": {{"value": 20, "date": "2025-01-01"}}, "target": {{"value": 5, "date": "2025-12-31"}},
            "measurements": [{{"date": "2025-02-01", "value": {v}}}]}}"#
            ),
        )
    };
    assert_eq!(card(&mk(4.0), "2025-03-01").kpis[0].progress, Some(1.0));
    assert!(close(
        card(&mk(10.0), "2025-03-01").kpis[0].progress.unwrap(),
        2.0 / 3.0
    ));
    assert_eq!(card(&mk(25.0), "2025-03-01").kpis[0].progress, Some(0.0));
    // at_least where the baseline already meets the bound (b = 99 >= g = 95),
    // falling below it to 90: the linear formula would give (90-99)/(95-99)
    // = 2.25, a positive reward for a drop; the rule gives 0.
    let m = model(
        G,
        r#"{"id": "k", "name": "SLA", "goals": [{"goal": "g"}], "polarity": "at_least",
        "baseline": {"value": 99, "date": "2025-01-01"}, "target": {"value": 95, "date": "2025-12-31"},
        "measurements": [{"date": "2025-02-01", "value": 90}]}"#,
    );
    assert_eq!(card(&m, "2025-03-01").kpis[0].progress, Some(0.0));
}

#[test]
fn not_started_no_data_met_missed() {
    let m = model(
        G,
        r#"{"id": "k", "name": "K", "goals": [{"goal": "g"}], "polarity": "increase",
        "baseline": {"value": 0, "date": "2025-03-01"}, "target": {"value": 10, "date": "2025-06-01"},
        "measurements": [{"date": "2025-05-01", "value": 10}]}"#,
    );
    assert_eq!(card(&m, "2025-02-01").kpis[0].status, Status::NotStarted);
    assert_eq!(card(&m, "2025-02-01").goals[0].status, Status::NotStarted);
    assert_eq!(card(&m, "2025-04-01").kpis[0].status, Status::NoData);
    assert_eq!(card(&m, "2025-04-01").kpis[0].progress, None);
    // met early: still judged by pace before the target date, target_met set
    let k = &card(&m, "2025-05-01").kpis[0];
    assert_eq!((k.status, k.target_met), (Status::OnTrack, true));
    assert_eq!(card(&m, "2025-06-01").kpis[0].status, Status::Met);
    let m = model(
        G,
        r#"{"id": "k", "name": "K", "goals": [{"goal": "g"}], "polarity": "increase",
        "baseline": {"value": 0, "date": "2025-03-01"}, "target": {"value": 10, "date": "2025-06-01"},
        "measurements": [{"date": "2025-05-01", "value": 9.99}]}"#,
    );
    assert_eq!(card(&m, "2025-06-02").kpis[0].status, Status::Missed);
}

#[test]
fn milestones_make_expected_piecewise() {
    // 0 on 01-01, milestone 80 on 01-11 (10 days), target 100 on 01-31.
    // On 01-06: expected value 40 -> e = 0.4. On 01-21: 80 + 20*10/20 = 90 -> 0.9.
    let m = model(
        G,
        r#"{"id": "k", "name": "K", "goals": [{"goal": "g"}], "polarity": "increase",
        "baseline": {"value": 0, "date": "2025-01-01"}, "target": {"value": 100, "date": "2025-01-31"},
        "milestones": [{"date": "2025-01-11", "value": 80}]}"#,
    );
    assert!(close(card(&m, "2025-01-06").kpis[0].expected, 0.4));
    assert!(close(card(&m, "2025-01-21").kpis[0].expected, 0.9));
    assert_eq!(card(&m, "2024-12-01").kpis[0].expected, 0.0);
    assert_eq!(card(&m, "2026-01-01").kpis[0].expected, 1.0);
}

#[test]
fn pace_thresholds_and_options() {
    // 0 -> 100 over 100 days from 2025-01-01; on day 50 e = 0.5.
    // 48 -> pace 0.96 on_track; 40 -> 0.8 at_risk; 30 -> 0.6 off_track.
    let mk = |v: f64| {
        model(
            G,
            &format!(
                r#"{{"id": "k", "name": "K", "goals": [{{"goal": "g"}}], "polarity": "increase",
            "baseline": {{"value": 0, "date": "2025-01-01"}}, "target": {{"value": 100, "date": "2025-04-11"}},
            "measurements": [{{"date": "2025-02-01", "value": {v}}}]}}"#
            ),
        )
    };
    let at = "2025-02-20"; // day 50
    assert_eq!(card(&mk(48.0), at).kpis[0].status, Status::OnTrack);
    assert_eq!(card(&mk(40.0), at).kpis[0].status, Status::AtRisk);
    assert_eq!(card(&mk(30.0), at).kpis[0].status, Status::OffTrack);
    let strict = ScorecardOptions {
        on_track: 1.0,
        at_risk: 0.97,
        ..ScorecardOptions::default()
    };
    let c = scorecard(&mk(48.0), d(at), &strict).unwrap();
    assert_eq!(c.kpis[0].status, Status::OffTrack);
    let bad = ScorecardOptions {
        on_track: f64::NAN,
        ..ScorecardOptions::default()
    };
    assert_eq!(
        scorecard(&mk(48.0), d(at), &bad).unwrap_err().code(),
        "bad_option"
    );
    let bad = ScorecardOptions {
        on_track: 0.5,
        at_risk: 0.9,
        ..ScorecardOptions::default()
    };
    assert_eq!(
        scorecard(&mk(48.0), d(at), &bad).unwrap_err().code(),
        "bad_option"
    );
}

fn kpi_at(id: &str, links: &str, baseline: f64, target: f64, v: Option<f64>) -> String {
    let ms = v.map_or(String::new(), |v| {
        format!(r#", "measurements": [{{"date": "2025-02-01", "value": {v}}}]"#)
    });
    format!(
        r#"{{"id": "{id}", "name": "{id}", "goals": [{links}], "polarity": "increase",
        "baseline": {{"value": {baseline}, "date": "2025-01-01"}}, "target": {{"value": {target}, "date": "2025-12-31"}}{ms}}}"#
    )
}

#[test]
fn goal_with_only_no_data_children() {
    // g has two KPIs with no data -> no progress, no_data. top has g (no
    // data, left out) and k3 at 0.5 -> top = 0.5, the weights renormalised.
    let goals = r#"{"id": "g", "name": "G", "contributes_to": [{"goal": "top", "weight": 9}]},
                   {"id": "top", "name": "Top"}"#;
    let kpis = [
        kpi_at("k1", r#"{"goal": "g"}"#, 0.0, 10.0, None),
        kpi_at("k2", r#"{"goal": "g"}"#, 0.0, 10.0, None),
        kpi_at("k3", r#"{"goal": "top"}"#, 0.0, 10.0, Some(5.0)),
    ]
    .join(",");
    let c = card(&model(goals, &kpis), "2025-03-01");
    let g = c.goal("g").unwrap();
    assert_eq!((g.progress, g.status), (None, Status::NoData));
    assert_eq!(g.expected, None);
    let top = c.goal("top").unwrap();
    assert_eq!(top.progress, Some(0.5));
    assert_eq!(top.children.len(), 2);
    assert_eq!(top.children[0].id, "g");
    assert_eq!(top.children[0].contribution, None);
    assert_eq!(top.children[1].contribution, Some(0.5));
    // the explanation lists both children
    assert_eq!(top.explanation.parts.len(), 2);
}

#[test]
fn kpi_feeding_two_goals_with_different_weights() {
    // a = 0.5, b = 1.0.
    // g1: a w3, b w1 -> (1.5 + 1)/4 = 0.625; g2: a w1, b w3 -> (0.5 + 3)/4 = 0.875.
    let goals = r#"{"id": "g1", "name": "G1"}, {"id": "g2", "name": "G2"}"#;
    let kpis = [
        kpi_at(
            "a",
            r#"{"goal": "g1", "weight": 3}, {"goal": "g2", "weight": 1}"#,
            0.0,
            10.0,
            Some(5.0),
        ),
        kpi_at(
            "b",
            r#"{"goal": "g1", "weight": 1}, {"goal": "g2", "weight": 3}"#,
            0.0,
            10.0,
            Some(10.0),
        ),
    ]
    .join(",");
    let c = card(&model(goals, &kpis), "2025-03-01");
    assert!(close(c.goal("g1").unwrap().progress.unwrap(), 0.625));
    assert!(close(c.goal("g2").unwrap().progress.unwrap(), 0.875));
    // contributions: g1 has a: 3/4 * 0.5 = 0.375 and b: 1/4 * 1 = 0.25
    let g1 = c.goal("g1").unwrap();
    assert!(close(g1.children[0].contribution.unwrap(), 0.375));
    assert!(close(g1.children[1].contribution.unwrap(), 0.25));
}

#[test]
fn min_and_all_met_rollups_and_weighted_status() {
    // a = 0.2 (off pace), b = 1.0 (met). On 2025-03-01 e = 59/364 = 0.162:
    // a's pace 1.23 -> on_track; b on_track with target met.
    let goals = r#"{"id": "gmin", "name": "Min", "rollup": "min"},
                   {"id": "gall", "name": "All", "rollup": "all_met"}"#;
    let kpis = [
        kpi_at(
            "a",
            r#"{"goal": "gmin"}, {"goal": "gall", "weight": 3}"#,
            0.0,
            10.0,
            Some(2.0),
        ),
        kpi_at(
            "b",
            r#"{"goal": "gmin"}, {"goal": "gall", "weight": 1}"#,
            0.0,
            10.0,
            Some(10.0),
        ),
    ]
    .join(",");
    let c = card(&model(goals, &kpis), "2025-03-01");
    assert!(close(c.goal("gmin").unwrap().progress.unwrap(), 0.2));
    // all_met: weighted share met = 1/(3+1) = 0.25
    assert!(close(c.goal("gall").unwrap().progress.unwrap(), 0.25));
    assert!(!c.goal("gall").unwrap().met);

    // Weighted status: KPIs x at 0.9 (w 9) and y at 0.0 (w 1) on day 182 of
    // 364 (e = 0.5). Worst-of: y is off_track. Weighted: p = 0.81, e = 0.5,
    // pace 1.62 -> on_track.
    let goals = r#"{"id": "gw", "name": "W", "status_rollup": "weighted"},
                   {"id": "gx", "name": "X"}"#;
    let kpis = [
        kpi_at(
            "x",
            r#"{"goal": "gw", "weight": 9}, {"goal": "gx", "weight": 9}"#,
            0.0,
            10.0,
            Some(9.0),
        ),
        kpi_at(
            "y",
            r#"{"goal": "gw"}, {"goal": "gx"}"#,
            0.0,
            10.0,
            Some(0.0),
        ),
    ]
    .join(",");
    let c = card(&model(goals, &kpis), "2025-07-02");
    assert!(close(c.kpis[0].expected, 0.5));
    assert!(close(c.goal("gw").unwrap().progress.unwrap(), 0.81));
    assert_eq!(c.goal("gw").unwrap().status, Status::OnTrack);
    assert_eq!(c.goal("gx").unwrap().status, Status::OffTrack);
}

#[test]
fn goal_with_no_children_is_no_data() {
    let c = card(&model(G, ""), "2025-03-01");
    assert_eq!(c.goals[0].status, Status::NoData);
    assert_eq!(c.goals[0].progress, None);
}

#[test]
fn num_formats() {
    assert_eq!(num(0.5), "0.5");
    assert_eq!(num(2.0), "2");
    assert_eq!(num(-0.00001), "0");
    assert_eq!(num(1.0 / 3.0), "0.3333");
    // the fast path agrees with exact formatting everywhere
    let slow = |x: f64| crate::values::fixed_trimmed(x, 4);
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..200_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let scale = [1e-6, 1e-3, 1.0, 1e3, 1e6, 1e11][i % 6];
        let v = ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * scale;
        assert_eq!(num(v), slow(v), "{v:e}");
        let tie = (v * 1e4).round() / 1e4 + 0.00005;
        assert_eq!(num(tie), slow(tie), "{tie:e}");
    }
    for v in [
        0.00005,
        -0.00005,
        0.00015,
        2.5,
        -2.5,
        1e20,
        -1e20,
        f64::MAX,
        0.1 + 0.2,
    ] {
        assert_eq!(num(v), slow(v), "{v:e}");
    }
}

#[test]
fn long_goal_chain_rolls_up_without_recursion() {
    // g0 <- g1 <- ... <- g{n-1}, with one KPI at 0.5 on the deepest goal:
    // every goal's progress is 0.5 (a single child each).
    let n = 50_000;
    let mut goals = vec![r#"{"id": "g0", "name": "G"}"#.to_string()];
    for i in 1..n {
        goals.push(format!(
            r#"{{"id": "g{i}", "name": "G", "contributes_to": [{{"goal": "g{}"}}]}}"#,
            i - 1
        ));
    }
    let k = kpi_at(
        "k",
        &format!(r#"{{"goal": "g{}"}}"#, n - 1),
        0.0,
        10.0,
        Some(5.0),
    );
    let m = model(&goals.join(","), &k);
    let c = card(&m, "2025-03-01");
    assert!(c.goals.iter().all(|g| g.progress == Some(0.5)));
    // The text tree stays linear in size: indentation stops growing.
    let t = render_text(&c);
    assert!(t.lines().count() > n);
    assert!(t.len() < 200 * n, "{} bytes", t.len());
}

#[test]
fn text_tree_shows_a_shared_goal_once() {
    // shared feeds both a and b: its subtree prints once, then a reference.
    let goals = r#"{"id": "a", "name": "A"}, {"id": "b", "name": "B"},
        {"id": "shared", "name": "Shared", "contributes_to": [{"goal": "a"}, {"goal": "b"}]}"#;
    let k = kpi_at("k", r#"{"goal": "shared"}"#, 0.0, 10.0, Some(5.0));
    let t = render_text(&card(&model(goals, &k), "2025-03-01"));
    assert_eq!(t.matches("  k  ").count(), 1, "{t}");
    assert_eq!(t.matches("(shown above)").count(), 1, "{t}");
}
