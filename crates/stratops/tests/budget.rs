//! The budget engine on the example plans, on hand-built cases and under
//! proptest invariants.

use std::collections::BTreeMap;
use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stratops::budget::{budget, Budget, BudgetOptions, PhasedBy};
use stratops::schedule::schedule;
use stratops::{Model, Money};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn endpoint() -> Model {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    );
    Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn run(model: &Model, with_schedule: bool) -> Budget {
    let s = with_schedule.then(|| schedule(model, &Default::default()).unwrap());
    budget(model, s.as_ref(), &BudgetOptions::default()).unwrap()
}

/// A map of exact figures, compared numerically.
fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, Decimal> {
    pairs.iter().map(|(k, v)| (k.to_string(), d(v))).collect()
}
fn dec(m: &BTreeMap<String, Money>) -> BTreeMap<String, Decimal> {
    m.iter().map(|(k, v)| (k.clone(), v.0)).collect()
}

#[test]
fn endpoint_security_total_and_breakdowns() {
    let m = endpoint();
    let b = run(&m, true);
    // 5000 (antivirus) + 3000 (training) + 40 h × 120 (24 h + 16 h of alex)
    assert_eq!(b.total.0, d("12800.00"));
    assert_eq!(b.total.to_string(), "12800.00");
    assert_eq!(b.format(&b.total), "12,800.00 USD");
    assert_eq!(b.currency, "USD");
    assert_eq!(b.phased_by, PhasedBy::Schedule);
    assert_eq!(
        dec(&b.by_category),
        map(&[
            ("software", "5000"),
            ("training", "3000"),
            ("labour", "4800")
        ])
    );
    // Every line is in the operational plan; the strategic plan has none.
    assert_eq!(
        dec(&b.by_plan),
        map(&[("endpoint-security", "12800"), ("it-strategy", "0")])
    );
    // Every task carrying a line descends from a task supporting
    // g-endpoint-compliance; nothing names g-reduce-breach-risk directly
    // (it is reached only through contributes_to, which is not followed).
    assert_eq!(dec(&b.by_goal), map(&[("g-endpoint-compliance", "12800")]));
    assert!(b.goal_note.contains("do not sum to the total"));
    assert_eq!(dec(&b.by_resource), map(&[("alex", "4800")]));
    // Owners: av-buy and av-install inherit alex from "antivirus", the
    // training line's task is owned by alex, scan-wave-1 by sec-eng-2.
    // alex: 5000 + 3000 + 2880 = 10880; sec-eng-2: 1920.
    assert_eq!(
        dec(&b.by_owner),
        map(&[("alex", "10880"), ("sec-eng-2", "1920")])
    );
    // By task, rolled up: antivirus = av-buy 5000 + av-install 2880.
    let t = |id: &str| (b.by_task[id].own.0, b.by_task[id].total.0);
    assert_eq!(t("av-buy"), (d("5000"), d("5000")));
    assert_eq!(t("av-install"), (d("2880"), d("2880")));
    assert_eq!(t("antivirus"), (d("0"), d("7880")));
    assert_eq!(t("training"), (d("3000"), d("3000")));
    assert_eq!(t("scan-wave-1"), (d("1920"), d("1920")));
    assert_eq!(b.by_task.len(), 5, "{:?}", b.by_task.keys());

    // By month, from the schedule (standard calendar, no holidays):
    // - c-antivirus-tools, accrual start, av-buy starts 2025-10-03: Oct 5000.
    // - c-training, prorated over the summary "training", 2025-10-01 08:00
    //   to 2025-12-01 17:00: 23 working days in October (Oct 1 is a
    //   Wednesday), 20 in November, 1 in December, so 23:20:1 of 3000. None
    //   of those shares terminates (44 = 4 × 11), so each takes a 10^-12
    //   fraction by largest remainder: 0.522727272727, 0.454545454546 (the
    //   one unit left goes to the largest remainder, .4545), and December
    //   takes the rest: 1568.181818181, 1363.636363638, 68.181818181.
    // - c-alex-install, prorated, av-install 2025-10-06 to 10-08: Oct 2880.
    // - c-alex-scans, prorated, scan-wave-1 2025-11-03 to 11-04: Nov 1920.
    assert_eq!(
        dec(&b.by_month),
        map(&[
            ("2025-10", "9448.181818181"),
            ("2025-11", "3283.636363638"),
            ("2025-12", "68.181818181")
        ])
    );
    assert_eq!(dec(&b.by_quarter), map(&[("2025-Q4", "12800")]));
    assert_eq!(dec(&b.by_year), map(&[("2025", "12800")]));
    // Presented: 9448.18 + 3283.64 + 68.18 = 12800.00.
    let r = |k: &str| b.round(&b.by_month[k]).to_string();
    assert_eq!(
        (r("2025-10"), r("2025-11"), r("2025-12")),
        ("9448.18".into(), "3283.64".into(), "68.18".into())
    );

    // Contingency: 0.1 × 2400 + 0.4 × 1200 + 0.3 × 1500 + 0.5 × 1000
    // = 240 + 480 + 450 + 500 = 1670; no management reserve.
    assert_eq!(b.contingency.risk_emv.0, d("1670"));
    assert_eq!(b.contingency.management_reserve.0, d("0"));
    assert_eq!(b.contingency.total.0, d("1670"));
    let emv: Vec<_> = b
        .contingency
        .risks
        .iter()
        .map(|r| (r.id.as_str(), r.emv.0))
        .collect();
    assert_eq!(
        emv,
        vec![
            ("r-key-person", d("240")),
            ("r-os-updates", d("480")),
            ("r-training-vendor", d("450")),
            ("r-first-try", d("500"))
        ]
    );

    // Budget against actual: cap 12800, planned 12800, no actuals yet.
    let v = b
        .variance
        .iter()
        .find(|v| v.plan == "endpoint-security")
        .unwrap();
    assert_eq!(v.total.budget.unwrap().0, d("12800"));
    assert_eq!(v.total.planned.0, d("12800"));
    assert_eq!(v.total.actual.0, d("0"));
    assert_eq!(v.total.variance.unwrap().0, d("12800"));
    assert_eq!(v.total.planned_variance.unwrap().0, d("0"));
    assert_eq!(v.total.percent_spent.unwrap().0, d("0"));
    for (cat, cap) in [
        ("software", "5000"),
        ("training", "3000"),
        ("labour", "4800"),
    ] {
        let c = &v.categories[cat];
        assert_eq!(c.budget.unwrap().0, d(cap));
        assert_eq!(c.planned.0, d(cap));
        assert_eq!(c.planned_variance.unwrap().0, d("0"));
    }
    let s = b.variance.iter().find(|v| v.plan == "it-strategy").unwrap();
    assert_eq!(s.total.budget, None);
    assert_eq!(s.total.percent_spent, None);

    // The result serializes with money as decimal strings.
    let j = serde_json::to_value(&b).unwrap();
    assert_eq!(j["total"], "12800.00");
    assert_eq!(j["by_category"]["software"], "5000.00");
    assert_eq!(
        j["lines"][2]["formula"],
        "24 h × 120.00 USD/h (rate of resource alex from 2025-01-01)"
    );

    // Every line supports a goal: the whole budget is aligned.
    let a = b.aligned_share().unwrap();
    assert_eq!(a.aligned.0, d("12800"));
    assert_eq!(a.share.unwrap().0, d("1"));
    assert!(a.unaligned_lines.is_empty());
}

#[test]
fn endpoint_security_explains_itself() {
    let m = endpoint();
    let b = run(&m, true);
    let e = b.explain("c-alex-install");
    assert_eq!(
        e[0].formula,
        "24 h × 120.00 USD/h (rate of resource alex from 2025-01-01)"
    );
    assert_eq!(e[0].result, "2880.00");
    assert_eq!(
        b.explain("c-antivirus-tools")[0].formula,
        "5000.00 USD (fixed)"
    );
    let t = b.explain("total");
    assert_eq!(t[0].result, "12800.00");
    assert_eq!(t[0].inputs.len(), 4);
    let g = b.explain("g-endpoint-compliance");
    assert!(g[0].formula.contains("overlap"));
    // 0.4 × 1200.00
    assert_eq!(d(&b.explain("r-os-updates")[0].result), d("480"));
    assert_eq!(b.explain("2025-Q4")[0].inputs.len(), 4);
    assert!(b.explain("no-such-id").is_empty());
    // antivirus: no own line, children av-buy (5000) and av-install (2880).
    let a = &b.explain("antivirus")[0];
    assert_eq!(a.result, "7880.00");
    assert!(a.formula.contains("av-buy, av-install"), "{}", a.formula);
}

#[test]
fn endpoint_security_without_schedule_uses_the_horizon() {
    let m = endpoint();
    let b = run(&m, false);
    assert_eq!(b.total.0, d("12800"));
    assert_eq!(b.phased_by, PhasedBy::Horizon);
    // Horizon 2025-10-01..12-31: 31, 30 and 31 days of 92. 31/92 and
    // 30/92 do not terminate with these amounts, so the 10^-12 fractions
    // are 0.336956521739, 0.326086956522 (one unit left, to the largest
    // remainder .739) and the rest.
    // antivirus (start): Oct 5000.
    // training 3000: 1010.869565217, 978.260869566, 1010.869565217.
    // alex install 2880: 970.43478260832, 939.13043478336, 970.43478260832.
    // alex scans 1920: 646.95652173888, 626.08695652224, 646.95652173888.
    assert_eq!(
        dec(&b.by_month),
        map(&[
            ("2025-10", "7628.2608695642"),
            ("2025-11", "2543.4782608716"),
            ("2025-12", "2628.2608695642")
        ])
    );
    assert!(b.lines.iter().all(|l| l.phased_by == PhasedBy::Horizon));
}

fn doc(resources: Value, tasks: Value, costs: Value, horizon: (&str, &str)) -> Model {
    let j = json!({"format": "stratops/1", "currency": "USD", "resources": resources,
        "plans": [{"id": "p", "kind": "project", "name": "P", "owner": "olga",
            "horizon": {"start": horizon.0, "end": horizon.1},
            "tasks": tasks, "costs": costs}]});
    Model::from_json(&j.to_string()).unwrap()
}

#[test]
fn rate_change_in_the_middle_of_a_task() {
    // Task of 5 days from Monday 2025-10-06 to Friday 10-10. The rate goes
    // from 100 to 130 on Wednesday 10-08: 2 working days before, 3 after,
    // so 40 h split 16 h + 24 h: 16 × 100 + 24 × 130 = 1600 + 3120 = 4720.
    let m = doc(
        json!([{"id": "r", "name": "R", "rates": [
            {"from": "2025-01-01", "standard": "100.00"},
            {"from": "2025-10-08", "standard": "130.00"}]}]),
        json!([{"id": "t", "name": "T", "duration": "5d"}]),
        json!([{"id": "c", "category": "labour", "kind": "labour", "task": "t", "resource": "r", "hours": "40"}]),
        ("2025-10-06", "2025-12-31"),
    );
    let b = run(&m, true);
    assert_eq!(b.total.0, d("4720"));
    let l = b.line("c").unwrap();
    let pieces: Vec<_> = l
        .rates
        .iter()
        .map(|p| (p.hours.0, p.rate.0, p.cost.0))
        .collect();
    assert_eq!(
        pieces,
        vec![
            (d("16"), d("100"), d("1600")),
            (d("24"), d("130"), d("3120"))
        ]
    );
    assert_eq!(
        l.formula,
        "16 h × 100.00 USD/h (rate of resource r from 2025-01-01) + 24 h × 130.00 USD/h (rate of resource r from 2025-10-08)"
    );
    // Without a schedule the rates are looked up over the horizon,
    // 2025-10-06..12-31 = 87 days: 2 days at 100, 85 at 130. 40 × 2/87 does
    // not terminate, so the fractions are 10^-12 multiples: 2e12/87 =
    // 22988505747.126.., 85e12/87 = 977011494252.873..; the unit left goes
    // to the larger remainder (the second piece). The line is prorated, so
    // the 85 days are also cut at month starts (24 + 30 + 31 days), which
    // moves units among those pieces but not the first, and they all carry
    // the 130 rate. So the first piece is 40 × 0.022988505747 = 0.91954022988 h at 100 = 91.954022988, and the
    // second takes the rest, 39.08045977012 h at 130 = 5080.4597701156.
    let b = run(&m, false);
    assert_eq!(b.total.0, d("5172.4137931036"));
}

#[test]
fn missing_rate_names_the_line() {
    let m = doc(
        json!([{"id": "r", "name": "R", "rates": [{"from": "2025-10-08", "standard": "130.00"}]}]),
        json!([{"id": "t", "name": "T", "duration": "5d"}]),
        json!([{"id": "c", "category": "labour", "kind": "labour", "task": "t", "resource": "r", "hours": "40"}]),
        ("2025-10-06", "2025-12-31"),
    );
    let s = schedule(&m, &Default::default()).unwrap();
    let e = budget(&m, Some(&s), &Default::default()).unwrap_err();
    assert_eq!(e.code(), "missing_rate");
    assert_eq!(e.id(), Some("c"));
    assert!(e.to_string().contains("2025-10-06"), "{e}");
    // A resource with no rate at all.
    let m = doc(
        json!([{"id": "r", "name": "R"}]),
        json!([{"id": "t", "name": "T", "duration": "1d", "assignments": [{"resource": "r", "hours": 8}]}]),
        json!([{"id": "c2", "category": "labour", "kind": "labour", "task": "t", "resource": "r"}]),
        ("2025-10-06", "2025-12-31"),
    );
    let e = budget(&m, None, &Default::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("missing_rate", Some("c2")));
}

#[test]
fn hours_default_to_the_assignment() {
    // 8 h + 4 h assigned to r on t, at 50: 600.
    let m = doc(
        json!([{"id": "r", "name": "R", "rates": [{"standard": "50"}]}]),
        json!([{"id": "t", "name": "T", "duration": "2d", "assignments": [
            {"resource": "r", "hours": 8}, {"resource": "r", "role": "accountable", "hours": 4}]}]),
        json!([{"id": "c", "category": "labour", "kind": "labour", "task": "t", "resource": "r"}]),
        ("2025-10-06", "2025-12-31"),
    );
    let b = run(&m, true);
    assert_eq!(b.total.0, d("600"));
    assert_eq!(
        b.line("c").unwrap().formula,
        "12 h × 50 USD/h (rate of resource r)"
    );
    // No hours anywhere: missing_hours.
    let m = doc(
        json!([{"id": "r", "name": "R", "rates": [{"standard": "50"}]}]),
        json!([{"id": "t", "name": "T", "duration": "2d"}]),
        json!([{"id": "c", "category": "labour", "kind": "labour", "task": "t", "resource": "r"}]),
        ("2025-10-06", "2025-12-31"),
    );
    let e = budget(&m, None, &Default::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("missing_hours", Some("c")));
}

#[test]
fn phasing_across_a_month_boundary_under_each_accrual() {
    // A 4-day task from Thursday 2025-10-30: Oct 30, 31, Nov 3, 4, so two
    // working days in each month.
    let costs = json!([
        {"id": "s", "category": "x", "kind": "fixed", "task": "t", "amount": "1000", "accrual": "start"},
        {"id": "e", "category": "x", "kind": "fixed", "task": "t", "amount": "1000", "accrual": "end"},
        {"id": "pr", "category": "x", "kind": "fixed", "task": "t", "amount": "1000", "accrual": "prorated"},
        {"id": "u", "category": "x", "kind": "unit", "task": "t", "quantity": "3", "unit_price": "1", "accrual": "prorated"},
        {"id": "h", "category": "y", "kind": "fixed", "amount": "6400", "accrual": "prorated"},
        {"id": "hs", "category": "y", "kind": "fixed", "amount": "10", "accrual": "start"},
        {"id": "he", "category": "y", "kind": "fixed", "amount": "20", "accrual": "end"}
    ]);
    let m = doc(
        json!([]),
        json!([{"id": "t", "name": "T", "duration": "4d"}]),
        costs,
        ("2025-10-30", "2025-11-30"),
    );
    let b = run(&m, true);
    let months = |id: &str| dec(&b.line(id).unwrap().months.to_map());
    assert_eq!(months("s"), map(&[("2025-10", "1000")]));
    assert_eq!(months("e"), map(&[("2025-11", "1000")]));
    assert_eq!(months("pr"), map(&[("2025-10", "500"), ("2025-11", "500")]));
    assert_eq!(months("u"), map(&[("2025-10", "1.5"), ("2025-11", "1.5")]));
    // The plan-level line lives over the horizon, 2025-10-30..11-30:
    // 2 days in October, 30 in November, so 6400 × 2/32 = 400 and 6000.
    assert_eq!(months("h"), map(&[("2025-10", "400"), ("2025-11", "6000")]));
    assert_eq!(months("hs"), map(&[("2025-10", "10")]));
    assert_eq!(months("he"), map(&[("2025-11", "20")]));
    // Oct: 1000 + 500 + 1.5 + 400 + 10 = 1911.5; Nov: 1000 + 500 + 1.5 + 6000 + 20 = 7521.5.
    assert_eq!(
        dec(&b.by_month),
        map(&[("2025-10", "1911.5"), ("2025-11", "7521.5")])
    );
    // The owner falls back to the plan's.
    assert_eq!(dec(&b.by_owner), map(&[("olga", "9433")]));
    // No goal anywhere: nothing is aligned.
    let a = b.aligned_share().unwrap();
    assert_eq!(a.aligned.0, d("0"));
    assert_eq!(a.unaligned_lines.len(), 7);
}

#[test]
fn milestones_and_the_end_of_time() {
    // A milestone after a 2-day task from Thursday 2025-10-30 falls on
    // Friday 10-31 17:00: it has no working time, so even a prorated line
    // lands in October.
    let m = doc(
        json!([]),
        json!([{"id": "t", "name": "T", "duration": "2d"},
               {"id": "ms", "name": "M", "kind": "milestone", "dependencies": [{"predecessor": "t"}]}]),
        json!([{"id": "c", "category": "x", "kind": "fixed", "task": "ms", "amount": "10"},
               {"id": "e", "category": "x", "kind": "fixed", "task": "ms", "amount": "1", "accrual": "end"}]),
        ("2025-10-30", "2025-11-30"),
    );
    let b = run(&m, true);
    assert_eq!(dec(&b.by_month), map(&[("2025-10", "11")]));
    // A horizon ending on the last representable day still works.
    let m = doc(
        json!([]),
        json!([]),
        json!([{"id": "c", "category": "x", "kind": "fixed", "amount": "10", "accrual": "end"}]),
        ("9999-12-01", "9999-12-31"),
    );
    let b = run(&m, false);
    assert_eq!(dec(&b.by_month), map(&[("9999-12", "10")]));
}

#[test]
fn credit_lines_may_be_negative_others_may_not() {
    let m = doc(
        json!([]),
        json!([]),
        json!([{"id": "a", "category": "x", "kind": "fixed", "amount": "100.00"},
               {"id": "rebate", "category": "x", "kind": "unit", "quantity": "-2", "unit_price": "10.00", "credit": true}]),
        ("2025-10-01", "2025-10-31"),
    );
    let b = run(&m, false);
    // 100 - 2 × 10 = 80
    assert_eq!(b.total.0, d("80"));
    let j = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-01", "end": "2025-10-31"},
        "costs": [{"id": "neg", "category": "x", "kind": "unit", "quantity": "-2", "unit_price": "10"}]}]});
    let e = Model::from_json(&j.to_string()).unwrap_err();
    let diag = e.diagnostics().iter().find(|d| d.is_error()).unwrap();
    assert_eq!(diag.code, "negative_amount");
    assert_eq!(diag.id.as_deref(), Some("neg"));
    assert_eq!(diag.path, "plans[0].costs[0].quantity");
}

#[test]
fn bad_input_is_a_coded_error_naming_the_line() {
    let base = |cost: Value, currency: &str| {
        json!({"format": "stratops/1", "currency": currency,
            "resources": [{"id": "r", "name": "R", "rates": [{"standard": "1"}]}],
            "plans": [{"id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-01", "end": "2025-10-31"}, "costs": [cost]}]})
        .to_string()
    };
    // unknown resource
    let e = Model::from_json(&base(
        json!({"id": "c", "category": "x", "kind": "labour", "resource": "nobody", "hours": "1"}),
        "USD",
    ))
    .unwrap_err();
    let diag = e.diagnostics().iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        (diag.code.as_str(), diag.id.as_deref()),
        ("dangling_reference", Some("c"))
    );
    // a line in another currency
    let e = Model::from_json(&base(
        json!({"id": "c", "category": "x", "kind": "fixed", "amount": "1", "currency": "EUR"}),
        "USD",
    ))
    .unwrap_err();
    let diag = e.diagnostics().iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        (diag.code.as_str(), diag.id.as_deref()),
        ("currency_mismatch", Some("c"))
    );
    // 29 significant digits
    let e = Model::from_json(&base(
        json!({"id": "c", "category": "x", "kind": "fixed", "amount": "12345678901234567890123456789"}),
        "USD",
    ))
    .unwrap_err();
    assert_eq!(e.code(), "bad_money");
    assert_eq!(e.path(), Some("plans[0].costs[0].amount"));
}

#[test]
fn overflow_is_an_error_naming_the_line() {
    // 28 nines ≈ 1e28 each; the decimal range ends near 7.92e28, so the
    // running total overflows when the eighth line is added.
    let costs: Vec<Value> = (1..=9)
        .map(|i| {
            json!({"id": format!("c{i}"), "category": "x", "kind": "fixed",
            "amount": "9999999999999999999999999999", "accrual": "start"})
        })
        .collect();
    let m = doc(
        json!([]),
        json!([]),
        json!(costs),
        ("2025-10-01", "2025-10-31"),
    );
    let e = budget(&m, None, &Default::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("overflow", Some("c8")));
    // A product that overflows: quantity × unit price.
    let m = doc(
        json!([]),
        json!([]),
        json!([{"id": "big", "category": "x", "kind": "unit",
            "quantity": "99999999999999999999", "unit_price": "99999999999999999999"}]),
        ("2025-10-01", "2025-10-31"),
    );
    let e = budget(&m, None, &Default::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("overflow", Some("big")));
}

#[test]
fn contingency_uses_likelihood_and_reserve() {
    let j = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-01", "end": "2025-10-31"},
        "management_reserve_pct": "10",
        "costs": [{"id": "c", "category": "x", "kind": "fixed", "amount": "1000.00"}],
        "risks": [
            {"id": "r1", "description": "a", "likelihood": 4, "impact": {"cost": "500.00"}},
            {"id": "r2", "description": "b", "probability": 0.15, "impact": {"cost": "100"}},
            {"id": "r3", "description": "c", "impact": {"cost": "100"}},
            {"id": "r4", "description": "d", "probability": 0.5}]}]});
    let m = Model::from_json(&j.to_string()).unwrap();
    let b = run(&m, false);
    // r1: likelihood 4 → 0.7 × 500 = 350; r2: 0.15 × 100 = 15 (read as the
    // decimal 0.15, not the binary float); r3 has no probability and r4 no
    // cost: nothing. Reserve: 10% of 1000 = 100. Total 465.
    assert_eq!(b.contingency.risk_emv.0, d("365"));
    assert_eq!(b.contingency.management_reserve.0, d("100"));
    assert_eq!(b.contingency.total.0, d("465"));
    assert_eq!(b.contingency.risks[1].probability.0, d("0.15"));
    // never mixed into the base total
    assert_eq!(b.total.0, d("1000"));
}

#[test]
fn actuals_and_percent_spent() {
    let j = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-01", "end": "2025-10-31"},
        "budget": "3000", "category_budgets": {"a": "1000", "c": "50"},
        "costs": [{"id": "c1", "category": "a", "kind": "fixed", "amount": "1200", "actual": "900"},
                  {"id": "c2", "category": "b", "kind": "fixed", "amount": "1000", "actual": "1100.50"}]}]});
    let m = Model::from_json(&j.to_string()).unwrap();
    let b = run(&m, false);
    let v = &b.variance[0];
    // actual 900 + 1100.50 = 2000.50; variance 3000 - 2000.50 = 999.50;
    // spent 2000.50 / 3000 = 66.683.. % → 66.68; planned variance 3000 - 2200 = 800.
    assert_eq!(v.total.actual.0, d("2000.50"));
    assert_eq!(v.total.variance.unwrap().0, d("999.50"));
    assert_eq!(v.total.percent_spent.unwrap().0, d("66.68"));
    assert_eq!(v.total.planned_variance.unwrap().0, d("800"));
    // category a: 900 of 1000 = 90%; b has no cap; c has a cap and no cost.
    assert_eq!(v.categories["a"].percent_spent.unwrap().0, d("90"));
    assert_eq!(v.categories["a"].planned_variance.unwrap().0, d("-200"));
    assert_eq!(v.categories["b"].budget, None);
    assert_eq!(v.categories["c"].planned.0, d("0"));
}

#[test]
fn rounding_policy_is_an_option() {
    let m = doc(
        json!([]),
        json!([]),
        json!([{"id": "c", "category": "x", "kind": "fixed", "amount": "0.125"}]),
        ("2025-10-01", "2025-10-31"),
    );
    let b = run(&m, false);
    assert_eq!(b.round(&b.total).to_string(), "0.12"); // banker's
    let up = BudgetOptions {
        rounding: rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    };
    let b = budget(&m, None, &up).unwrap();
    assert_eq!(b.round(&b.total).to_string(), "0.13");
    assert_eq!(b.format(&Money(d("-1234567.5"))), "-1,234,567.50 USD");
}

#[test]
fn deep_wbs_rolls_up_without_recursion() {
    let n = 50_000;
    let tasks: Vec<Value> = (0..n)
        .map(|i| {
            if i == 0 {
                json!({"id": "t0", "name": "t", "supports": ["g"]})
            } else {
                json!({"id": format!("t{i}"), "name": "t", "parent": format!("t{}", i - 1), "duration": "1d"})
            }
        })
        .collect();
    let j = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-01", "end": "2025-10-31"},
        "goals": [{"id": "g", "name": "G"}], "tasks": tasks,
        "costs": [{"id": "c", "category": "x", "kind": "fixed", "task": format!("t{}", n - 1), "amount": "7"}]}]});
    let m = Model::from_json(&j.to_string()).unwrap();
    let b = budget(&m, None, &Default::default()).unwrap();
    assert_eq!(b.by_task.len(), n);
    assert_eq!(b.by_task["t0"].total.0, d("7"));
    assert_eq!(dec(&b.by_goal), map(&[("g", "7")]));
}

// ---- proptest invariants -------------------------------------------------

#[derive(Debug, Clone)]
struct Line {
    kind: u8,
    task: Option<usize>,
    cents: i64,
    qty: i64,
    accrual: u8,
}

fn gen_doc(durations: &[u8], lines: &[Line], scale: i64, rate_day: u32) -> Value {
    let tasks: Vec<Value> = durations
        .iter()
        .enumerate()
        .map(|(i, dur)| {
            let mut t = json!({"id": format!("t{i}"), "name": "t", "duration": format!("{dur}d")});
            if i > 0 && i % 2 == 0 {
                t["dependencies"] = json!([{"predecessor": format!("t{}", i - 1)}]);
            }
            t
        })
        .collect();
    let money = |cents: i64| {
        let v = Decimal::new(cents, 2) * Decimal::from(scale);
        v.to_string()
    };
    let acc = ["start", "prorated", "end"];
    let costs: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut c = match l.kind % 3 {
                0 => json!({"kind": "fixed", "amount": money(l.cents)}),
                1 => json!({"kind": "unit", "quantity": l.qty.to_string(), "unit_price": money(l.cents)}),
                _ => json!({"kind": "labour", "resource": "r", "hours": l.qty.to_string()}),
            };
            c["id"] = json!(format!("c{i}"));
            c["category"] = json!(["a", "b", "c"][i % 3]);
            c["accrual"] = json!(acc[l.accrual as usize % 3]);
            if let Some(t) = l.task {
                c["task"] = json!(format!("t{}", t % durations.len()));
            }
            c
        })
        .collect();
    let (half, rest) = costs.split_at(costs.len() / 2);
    json!({"format": "stratops/1",
        "resources": [{"id": "r", "name": "R", "rates": [
            {"from": "2025-01-01", "standard": money(12_000)},
            {"from": format!("2025-10-{rate_day:02}"), "standard": money(13_337)}]}],
        "plans": [
            {"id": "p1", "kind": "project", "name": "P1",
             "horizon": {"start": "2025-09-29", "end": "2026-02-15"},
             "tasks": tasks, "costs": half},
            {"id": "p2", "kind": "project", "name": "P2",
             "horizon": {"start": "2025-10-15", "end": "2025-12-10"}, "costs": rest}]})
}

fn figures(b: &Budget) -> Vec<(String, BTreeMap<String, Decimal>)> {
    vec![
        (
            "total".into(),
            map(&[("total", b.total.to_string().as_str())]),
        ),
        ("category".into(), dec(&b.by_category)),
        ("plan".into(), dec(&b.by_plan)),
        ("goal".into(), dec(&b.by_goal)),
        ("owner".into(), dec(&b.by_owner)),
        ("resource".into(), dec(&b.by_resource)),
        ("month".into(), dec(&b.by_month)),
        ("quarter".into(), dec(&b.by_quarter)),
        ("year".into(), dec(&b.by_year)),
        (
            "task".into(),
            b.by_task
                .iter()
                .map(|(k, v)| (k.clone(), v.total.0))
                .collect(),
        ),
    ]
}

fn arb_lines() -> impl Strategy<Value = Vec<Line>> {
    prop::collection::vec(
        (
            0u8..3,
            prop::option::of(0usize..20),
            0i64..10_000_000,
            0i64..500,
            0u8..3,
        )
            .prop_map(|(kind, task, cents, qty, accrual)| Line {
                kind,
                task,
                cents,
                qty,
                accrual,
            }),
        1..12,
    )
}

fn compute(v: &Value, with_schedule: bool) -> Budget {
    let m = Model::from_json(&v.to_string()).unwrap();
    run(&m, with_schedule)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn sums_agree(durs in prop::collection::vec(1u8..15, 1..6), lines in arb_lines(),
                  rate_day in 1u32..28, sched in any::<bool>()) {
        let b = compute(&gen_doc(&durs, &lines, 1, rate_day), sched);
        let sum = |m: &BTreeMap<String, Money>| m.values().map(|v| v.0).sum::<Decimal>();
        prop_assert_eq!(sum(&b.by_category), b.total.0);
        prop_assert_eq!(sum(&b.by_plan), b.total.0);
        prop_assert_eq!(sum(&b.by_month), b.total.0);
        prop_assert_eq!(sum(&b.by_quarter), b.total.0);
        prop_assert_eq!(sum(&b.by_year), b.total.0);
        for l in &b.lines {
            prop_assert_eq!(l.months.values().map(|v| v.0).sum::<Decimal>(), l.amount.0);
        }
    }

    #[test]
    fn permuting_lines_changes_nothing(durs in prop::collection::vec(1u8..15, 1..6),
                                       lines in arb_lines(), rate_day in 1u32..28,
                                       seed in any::<u64>(), sched in any::<bool>()) {
        let mut v = gen_doc(&durs, &lines, 1, rate_day);
        let b1 = compute(&v, sched);
        // Shuffle each plan's cost lines (a simple seeded Fisher-Yates).
        let mut s = seed | 1;
        for p in 0..2 {
            if let Some(costs) = v["plans"][p]["costs"].as_array_mut() {
                for i in (1..costs.len()).rev() {
                    s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                    costs.swap(i, (s % (i as u64 + 1)) as usize);
                }
            }
        }
        let b2 = compute(&v, sched);
        prop_assert_eq!(figures(&b1), figures(&b2));
        prop_assert_eq!(b1.contingency.total, b2.contingency.total);
    }

    #[test]
    fn scaling_by_ten_scales_every_figure(durs in prop::collection::vec(1u8..15, 1..6),
                                          lines in arb_lines(), rate_day in 1u32..28,
                                          sched in any::<bool>()) {
        let b1 = compute(&gen_doc(&durs, &lines, 1, rate_day), sched);
        let b10 = compute(&gen_doc(&durs, &lines, 10, rate_day), sched);
        for ((n1, f1), (_, f10)) in figures(&b1).into_iter().zip(figures(&b10)) {
            let scaled: BTreeMap<String, Decimal> =
                f1.into_iter().map(|(k, v)| (k, v * Decimal::TEN)).collect();
            prop_assert_eq!(&scaled, &f10, "{}", n1);
        }
    }
}
