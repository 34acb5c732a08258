//! Earned value and earned schedule, every formula worked by hand on a
//! five-task chain, and the identities on random plans.
//!
//! The chain: a -> b -> c -> d -> e, each 1 working day on the standard
//! calendar from Monday 2025-10-06 to Friday 10-10, each with a fixed cost
//! of 100 spread over its day. BAC = 500; planned value at the end of day
//! k is 100 × k.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stratops::baseline::{save_baseline, variance};
use stratops::evm::{earned_value, EacMethod, EvmOptions};
use stratops::{Date, Model};

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn chain(progress: [Value; 5], extra_costs: Value) -> Value {
    let ids = ["a", "b", "c", "d", "e"];
    let tasks: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut t = json!({"id": id, "name": id.to_uppercase(), "duration": "1d",
                "supports": [if i < 2 { "g1" } else { "g2" }]});
            if i > 0 {
                t["dependencies"] = json!([{"predecessor": ids[i - 1]}]);
            }
            if !progress[i].is_null() {
                t["progress"] = progress[i].clone();
            }
            t
        })
        .collect();
    let mut costs: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({"id": format!("c-{id}"), "category": "work", "kind": "fixed",
            "task": id, "amount": "100"})
        })
        .collect();
    if let Some(extra) = extra_costs.as_array() {
        for (i, c) in extra.iter().enumerate() {
            if let Some(obj) = c.as_object() {
                for (k, v) in obj {
                    costs[i][k] = v.clone();
                }
            }
        }
    }
    json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
        "goals": [{"id": "g1", "name": "G1"}, {"id": "g2", "name": "G2"}],
        "tasks": tasks, "costs": costs}]})
}

fn model(v: &Value) -> Model {
    Model::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn standard() -> Value {
    chain(
        [
            json!({"percent_complete": 100}),
            json!({"percent_complete": 100}),
            json!({"percent_complete": 30}),
            Value::Null,
            Value::Null,
        ],
        json!([
            {"actuals": [{"date": "2025-10-06", "amount": "120"}]},
            {"actuals": [{"date": "2025-10-07", "amount": "90"}]},
            {"actuals": [{"date": "2025-10-08", "amount": "50"}]},
            {"actuals": [{"date": "2025-10-09", "amount": "10"}]}
        ]),
    )
}

fn approx(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn every_formula_on_the_five_task_chain() {
    let m = model(&standard());
    let ev = earned_value(&m, d("2025-10-08"), &EvmOptions::default()).unwrap();
    // PV: three whole days; EV: 100 + 100 + 30% of 100; AC: the actuals
    // dated on or before Wednesday (d's 10 on Thursday is not yet spent).
    assert_eq!(ev.bac.to_string(), "500");
    assert_eq!(ev.pv.to_string(), "300");
    assert_eq!(ev.ev.to_string(), "230");
    assert_eq!(ev.ac.to_string(), "260");
    assert_eq!(ev.sv.to_string(), "-70");
    assert_eq!(ev.cv.to_string(), "-30");
    approx(ev.spi.unwrap(), 230.0 / 300.0);
    approx(ev.cpi.unwrap(), 230.0 / 260.0);
    // EAC = BAC / CPI = 500 × 260 / 230, exact to 28 digits.
    assert_eq!(
        ev.eac.unwrap().to_string(),
        "565.21739130434782608695652174"
    );
    assert_eq!(
        ev.etc.unwrap().to_string(),
        "305.21739130434782608695652174"
    );
    assert_eq!(
        ev.vac.unwrap().to_string(),
        "-65.21739130434782608695652174"
    );
    // TCPI = (500 - 230) / (500 - 260) = 270 / 240
    approx(ev.tcpi.unwrap(), 1.125);
    // Earned schedule: PV(2) = 200 <= 230 < PV(3) = 300, so ES = 2 + 30/100:
    // it falls inside task c. AT = 3 working days (Mon-Wed), PD = 5.
    approx(ev.es_days, 2.3);
    approx(ev.at_days, 3.0);
    approx(ev.pd_days, 5.0);
    approx(ev.spi_t.unwrap(), 2.3 / 3.0);
    approx(ev.sv_t_days, -0.7);
    approx(ev.ieac_t_days.unwrap(), 5.0 / (2.3 / 3.0));
    approx(ev.tspi.unwrap(), (5.0 - 2.3) / (5.0 - 3.0));
    // by task: c has 30 earned of 100, 50 spent
    let c = ev.by_task.iter().find(|t| t.id == "c").unwrap();
    assert_eq!(
        (
            c.figures.bac.to_string(),
            c.figures.pv.to_string(),
            c.figures.ev.to_string(),
            c.figures.ac.to_string()
        ),
        ("100".into(), "100".into(), "30".into(), "50".into())
    );
    // by goal: g1 is a and b, g2 is c, d and e
    let g1 = ev.by_goal.iter().find(|g| g.goal == "g1").unwrap();
    assert_eq!(
        (g1.figures.ev.to_string(), g1.figures.ac.to_string()),
        ("200".into(), "210".into())
    );
    let g2 = ev.by_goal.iter().find(|g| g.goal == "g2").unwrap();
    assert_eq!(
        (g2.figures.bac.to_string(), g2.figures.pv.to_string()),
        ("300".into(), "100".into())
    );
    // the S-curve: one month; AC through the status month
    assert_eq!(ev.by_period.len(), 1);
    assert_eq!(ev.by_period[0].pv_cum.to_string(), "500");
    assert_eq!(
        ev.by_period[0]
            .ac_cum
            .as_ref()
            .map(|m| m.to_string())
            .as_deref(),
        Some("260")
    );
    // every figure explains itself
    let e = ev.explain("spi_t").unwrap();
    assert_eq!(e.formula, "ES / AT");
}

#[test]
fn the_other_eac_methods() {
    let m = model(&standard());
    let run = |eac_method| {
        earned_value(
            &m,
            d("2025-10-08"),
            &EvmOptions {
                baseline: None,
                eac_method,
            },
        )
        .unwrap()
        .eac
        .unwrap()
        .to_string()
    };
    // AC + (BAC - EV) = 260 + 270
    assert_eq!(run(EacMethod::BudgetRate), "530");
    // AC + (BAC - EV) / (CPI × SPI) = 260 + 270 × 300 × 260 / 230²
    //   = 260 + 21060000 / 52900 = 260 + 398.10964083175803402646502836
    assert_eq!(run(EacMethod::CpiSpi), "658.10964083175803402646502836");
    // bottom up: each line's cost less what it cost by the status date,
    // never below zero: a 0 (spent 120), b 10, c 50, d 100 (its 10 is
    // dated after the status date), e 100 -> 260; EAC = 260 + 260
    assert_eq!(run(EacMethod::BottomUp), "520");
}

#[test]
fn earned_value_methods_per_task() {
    let mut v = standard();
    v["plans"][0]["tasks"][2]["progress"]["ev_method"] = json!("zero_hundred");
    let ev = earned_value(&model(&v), d("2025-10-08"), &Default::default()).unwrap();
    assert_eq!(ev.ev.to_string(), "200");
    v["plans"][0]["tasks"][2]["progress"]["ev_method"] = json!("fifty_fifty");
    let ev = earned_value(&model(&v), d("2025-10-08"), &Default::default()).unwrap();
    assert_eq!(ev.ev.to_string(), "250");
}

#[test]
fn ratios_are_null_where_undefined() {
    let m = model(&chain(
        [
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
        json!([]),
    ));
    // before the first planned day: PV = 0, AC = 0
    let ev = earned_value(&m, d("2025-10-01"), &Default::default()).unwrap();
    assert_eq!((ev.spi, ev.cpi, ev.spi_t), (None, None, None));
    assert_eq!(ev.eac, None);
    assert_eq!(ev.pv.to_string(), "0");
    let j = serde_json::to_value(&ev).unwrap();
    assert_eq!(j["spi"], Value::Null);
    assert_eq!(j["bac"], json!("500"));
}

#[test]
fn a_plan_level_line_earns_what_it_plans() {
    // 260 over the horizon's 26 days (October 6-31), spread by day: by the
    // end of Friday 10th, 5 days × 10 = 50.
    let mut v = standard();
    v["plans"][0]["horizon"]["end"] = json!("2025-10-31");
    v["plans"][0]["costs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "pm", "category": "pm", "kind": "fixed", "amount": "260"}));
    let ev = earned_value(&model(&v), d("2025-10-10"), &Default::default()).unwrap();
    let p = &ev.by_plan[0].figures;
    // tasks: PV 500, EV 230; the plan line: PV = EV = 50
    assert_eq!(p.pv.to_string(), "550");
    assert_eq!(p.ev.to_string(), "280");
}

#[test]
fn planned_value_comes_from_baseline_0_when_there_is_one() {
    let m = model(&standard());
    let saved = save_baseline(&m, 0, d("2025-10-01"), None).unwrap();
    let mut doc = saved;
    // c takes 3 days now: the plan as written moves, the baseline does not.
    doc.plans[0].tasks[2].duration = Some("3d".parse().unwrap());
    let later = Model::new(doc).unwrap();
    let ev = earned_value(&later, d("2025-10-08"), &Default::default()).unwrap();
    assert_eq!(ev.pv.to_string(), "300");
    assert_eq!(ev.by_plan[0].baseline, Some(0));
    let v = variance(&later, 0, Some(d("2025-10-08"))).unwrap();
    // c: 30% of 3d done, the rest (2.1d = 1008 min) from Thursday 08:00 ->
    // Friday 17:00 + 48 min -> Monday 13 08:48; baselined Wednesday 17:00.
    let c = v.tasks.iter().find(|t| t.id == "c").unwrap();
    assert_eq!(c.finish.to_string(), "2025-10-13T08:48:00");
    assert_eq!(c.finish_variance_min, Some(480 + 480 + 48));
    assert_eq!(c.duration_variance_min, Some(960));
    assert_eq!(v.slipped, vec!["c", "d", "e"]);
    assert_eq!(v.plans[0].finish_variance_min, Some(1008));
    // an unknown baseline number is refused
    assert_eq!(
        earned_value(
            &later,
            d("2025-10-08"),
            &EvmOptions {
                baseline: Some(3),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "unknown_baseline"
    );
    assert_eq!(
        earned_value(
            &later,
            d("2025-10-08"),
            &EvmOptions {
                baseline: Some(11),
                ..Default::default()
            }
        )
        .unwrap_err()
        .code(),
        "bad_option"
    );
}

#[test]
fn bad_baselines_and_actuals_are_coded_diagnostics() {
    let mut v = standard();
    v["plans"][0]["baselines"] = json!([
        {"number": 11, "tasks": []},
        {"number": 1, "tasks": [{"task": "nope"}]},
        {"number": 1, "tasks": [{"task": "a"}, {"task": "a"}]}
    ]);
    v["plans"][0]["costs"][0]["actual"] = json!("5");
    v["plans"][0]["costs"][1]["actuals"] = json!([{"date": "2025-10-07", "amount": "-1"}]);
    let err = Model::from_json(&v.to_string()).unwrap_err();
    let codes: Vec<(&str, &str)> = err
        .diagnostics()
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    for want in [
        ("bad_baseline_number", "plans[0].baselines[0].number"),
        ("dangling_reference", "plans[0].baselines[1].tasks[0].task"),
        ("duplicate_baseline", "plans[0].baselines[2].number"),
        ("duplicate_id", "plans[0].baselines[2].tasks[1].task"),
        ("actuals_mismatch", "plans[0].costs[0].actual"),
        ("negative_amount", "plans[0].costs[1].actuals[0].amount"),
    ] {
        assert!(codes.contains(&want), "{want:?} not in {codes:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn identities_hold_on_random_progress(
        pct in proptest::collection::vec(0u32..=100, 5),
        spent in proptest::collection::vec(0u32..500, 5),
        day in 0i64..30,
    ) {
        let progress: Vec<Value> = pct.iter().map(|p| json!({"percent_complete": p})).collect();
        let actuals: Vec<Value> = spent.iter().enumerate()
            .map(|(i, s)| json!({"actuals": [{"date": format!("2025-10-{:02}", 6 + i), "amount": s.to_string()}]}))
            .collect();
        let v = chain([progress[0].clone(), progress[1].clone(), progress[2].clone(), progress[3].clone(), progress[4].clone()], Value::Array(actuals));
        let m = model(&v);
        let status = Date(chrono::NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(day as u64));
        let ev = earned_value(&m, status, &Default::default()).unwrap();
        prop_assert_eq!(ev.sv.0, ev.ev.0 - ev.pv.0);
        prop_assert_eq!(ev.cv.0, ev.ev.0 - ev.ac.0);
        prop_assert!(ev.ev.0 <= ev.bac.0 && ev.pv.0 <= ev.bac.0);
        prop_assert!(ev.ev.0 >= Decimal::ZERO && ev.pv.0 >= Decimal::ZERO);
        let sum_ev: Decimal = ev.by_task.iter().map(|t| t.figures.ev.0).sum();
        prop_assert_eq!(sum_ev, ev.ev.0);
        if pct.iter().all(|&p| p == 100) {
            prop_assert_eq!(ev.ev.0, ev.bac.0);
        }
        prop_assert!(ev.es_days <= ev.pd_days + 1e-9);
        for r in [ev.spi, ev.cpi, ev.spi_t, ev.tcpi, ev.ieac_t_days, ev.tspi].into_iter().flatten() {
            prop_assert!(r.is_finite());
        }
    }
}

#[test]
fn planned_value_at_month_ends_is_the_budget_phasing() {
    // A 30-day task over October and November with a 3000 line: PV through
    // each month's end equals the budget's cumulative month.
    let v = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-20", "end": "2025-12-31"},
        "tasks": [{"id": "a", "name": "A", "duration": "30d"}],
        "costs": [{"id": "c", "category": "x", "kind": "fixed", "task": "a", "amount": "3000"}]}]});
    let m = model(&v);
    let s = stratops::schedule::schedule(&m, &Default::default()).unwrap();
    let b = stratops::budget::budget(&m, Some(&s), &Default::default()).unwrap();
    let oct = b.by_month["2025-10"].0;
    let ev = earned_value(&m, d("2025-10-31"), &Default::default()).unwrap();
    assert_eq!(ev.pv.0, oct);
    let ev = earned_value(&m, d("2025-11-30"), &Default::default()).unwrap();
    assert_eq!(ev.pv.0, oct + b.by_month["2025-11"].0);
    assert_eq!(ev.by_period[0].pv_cum.0, oct);
}

#[test]
fn no_actual_cost_means_no_cpi_forecast() {
    // Work earned but nothing spent yet: CPI is undefined, so is BAC / CPI.
    let m = model(&chain(
        [
            json!({"percent_complete": 100}),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
        json!([]),
    ));
    let ev = earned_value(&m, d("2025-10-06"), &Default::default()).unwrap();
    assert_eq!(ev.ev.to_string(), "100");
    assert_eq!((ev.cpi, ev.eac, ev.etc), (None, None, None));
    // the budget-rate forecast still exists: 0 + (500 - 100)
    let ev = earned_value(
        &m,
        d("2025-10-06"),
        &EvmOptions {
            baseline: None,
            eac_method: EacMethod::BudgetRate,
        },
    )
    .unwrap();
    assert_eq!(ev.eac.unwrap().to_string(), "400");
}

#[test]
fn a_summary_line_earns_the_duration_weighted_progress_of_its_leaves() {
    // s has a 300 line and two leaves: x (1d, 100%) and y (2d, 25%).
    // credit = (480 × 1 + 960 × 0.25) / (480 + 960) = 720 / 1440 = 0.5
    let m = model(
        &json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project",
        "name": "P", "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
        "tasks": [{"id": "s", "name": "S"},
                  {"id": "x", "name": "X", "parent": "s", "duration": "1d", "progress": {"percent_complete": 100}},
                  {"id": "y", "name": "Y", "parent": "s", "duration": "2d", "progress": {"percent_complete": 25}}],
        "costs": [{"id": "c", "category": "x", "kind": "fixed", "task": "s", "amount": "300"}]}]}),
    );
    let ev = earned_value(&m, d("2025-10-06"), &Default::default()).unwrap();
    assert_eq!(ev.ev.to_string(), "150");
}
