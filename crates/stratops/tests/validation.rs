//! Validation: each diagnostic the format promises, with its code, severity,
//! entity id, JSON path and (for references and cycles) the related ids;
//! every diagnostic at once; and no stack overflow on a one-million-long
//! dependency chain or a WBS one million deep.

use std::collections::BTreeSet;
use std::sync::Mutex;

use serde_json::{json, Value};
use stratops::{Diagnostic, Document, Error, Model, Severity, Task};

fn doc(v: Value) -> Document {
    Document::from_json(&v.to_string()).expect("test document loads")
}

fn diags(v: Value) -> Vec<Diagnostic> {
    stratops::validate(&doc(v))
}

/// A document with one project plan holding `plan` merged over a default.
fn one_plan(plan: Value) -> Value {
    let mut p = json!({
        "id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-01", "end": "2025-06-30"}
    });
    if let (Some(p), Some(extra)) = (p.as_object_mut(), plan.as_object()) {
        for (k, v) in extra {
            p.insert(k.clone(), v.clone());
        }
    }
    json!({"format": "stratops/1", "plans": [p]})
}

fn codes(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

/// The diagnostic with `code`, which must be the only one with that code.
fn only<'a>(d: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<_> = d.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "expected one {code}, got {d:#?}");
    found[0]
}

/// Whether `got` is `want` rotated (a cycle may be reported from any node).
fn is_rotation(got: &[String], want: &[&str]) -> bool {
    got.len() == want.len()
        && (0..want.len()).any(|r| (0..want.len()).all(|i| got[i] == want[(i + r) % want.len()]))
}

#[test]
fn a_clean_document_has_no_diagnostics() {
    let d = diags(one_plan(json!({
        "goals": [{"id": "g", "name": "G"}],
        "tasks": [{"id": "a", "name": "A", "duration": "2d", "supports": ["g"]}]
    })));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn duplicate_ids_across_entity_kinds_and_plans() {
    let d = diags(json!({"format": "stratops/1", "plans": [
        {"id": "s", "kind": "strategic", "name": "S",
         "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
         "goals": [{"id": "x", "name": "G"}]},
        {"id": "o", "kind": "operational", "name": "O",
         "horizon": {"start": "2025-01-01", "end": "2025-12-31"},
         "tasks": [{"id": "x", "name": "T"}, {"id": "s", "name": "U"}]}
    ]}));
    assert_eq!(codes(&d), ["duplicate_id", "duplicate_id"], "{d:#?}");
    // The second use is reported; `related` names where the first is.
    assert_eq!(d[0].id.as_deref(), Some("x"));
    assert_eq!(d[0].path, "plans[1].tasks[0]");
    assert_eq!(d[0].related, ["plans[0].goals[0]"]);
    assert_eq!(d[0].severity, Severity::Error);
    // A task may not reuse a plan's id either.
    assert_eq!(d[1].id.as_deref(), Some("s"));
    assert_eq!(d[1].path, "plans[1].tasks[1]");
    assert_eq!(d[1].related, ["plans[0]"]);
}

#[test]
fn dangling_references_of_every_kind_name_both_ends() {
    let d = diags(json!({
        "format": "stratops/1",
        "settings": {"calendar": "no-settings-cal"},
        "calendars": [{"id": "cal", "base": "no-base-cal"}],
        "resources": [{"id": "res", "name": "R", "calendar": "no-res-cal"}],
        "plans": [{
            "id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-01-01", "end": "2025-06-30"},
            "parent": "no-plan", "supports": ["no-plan-goal"], "calendar": "no-plan-cal",
            "goals": [{"id": "g", "name": "G", "contributes_to": [{"goal": "no-parent-goal"}]}],
            "kpis": [{"id": "k", "name": "K", "polarity": "increase",
                      "baseline": {"value": 0, "date": "2025-01-01"},
                      "target": {"value": 1, "date": "2025-06-30"},
                      "goals": [{"goal": "no-kpi-goal"}]}],
            "tasks": [{"id": "t", "name": "T", "parent": "no-parent-task",
                       "dependencies": [{"predecessor": "no-pred"}],
                       "supports": ["no-task-goal"], "calendar": "no-task-cal",
                       "assignments": [{"resource": "no-resource"}]}],
            "costs": [{"id": "c", "category": "labour", "kind": "labour", "hours": "1",
                       "task": "no-cost-task", "resource": "no-cost-res",
                       "supports": ["no-cost-goal"]}],
            "risks": [{"id": "r", "description": "D", "affects": ["no-risk-task"]}]
        }]
    }));
    // (referring id, path, missing id)
    let want = [
        ("settings", "settings.calendar", "no-settings-cal"),
        ("cal", "calendars[0].base", "no-base-cal"),
        ("res", "resources[0].calendar", "no-res-cal"),
        ("p", "plans[0].parent", "no-plan"),
        ("p", "plans[0].supports[0]", "no-plan-goal"),
        ("p", "plans[0].calendar", "no-plan-cal"),
        (
            "g",
            "plans[0].goals[0].contributes_to[0].goal",
            "no-parent-goal",
        ),
        ("k", "plans[0].kpis[0].goals[0].goal", "no-kpi-goal"),
        ("t", "plans[0].tasks[0].parent", "no-parent-task"),
        (
            "t",
            "plans[0].tasks[0].dependencies[0].predecessor",
            "no-pred",
        ),
        ("t", "plans[0].tasks[0].calendar", "no-task-cal"),
        (
            "t",
            "plans[0].tasks[0].assignments[0].resource",
            "no-resource",
        ),
        ("t", "plans[0].tasks[0].supports[0]", "no-task-goal"),
        ("c", "plans[0].costs[0].task", "no-cost-task"),
        ("c", "plans[0].costs[0].resource", "no-cost-res"),
        ("c", "plans[0].costs[0].supports[0]", "no-cost-goal"),
        ("r", "plans[0].risks[0].affects[0]", "no-risk-task"),
    ];
    let got: BTreeSet<(String, String, String)> = d
        .iter()
        .map(|d| {
            assert_eq!(d.code, "dangling_reference", "{d:?}");
            assert_eq!(d.severity, Severity::Error);
            assert_eq!(d.related.len(), 1, "{d:?}");
            assert!(d.message.contains(&d.related[0]), "{d:?}");
            (
                d.id.clone().unwrap_or_default(),
                d.path.clone(),
                d.related[0].clone(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_reference_to_the_wrong_kind_of_entity() {
    let d = diags(one_plan(json!({
        "goals": [{"id": "g", "name": "G"}],
        "tasks": [{"id": "t", "name": "T", "parent": "g", "supports": ["t"]}]
    })));
    assert_eq!(codes(&d), ["wrong_reference_kind", "wrong_reference_kind"]);
    assert_eq!(d[0].path, "plans[0].tasks[0].parent");
    assert_eq!(d[0].id.as_deref(), Some("t"));
    assert_eq!(d[0].related, ["g"]);
    assert_eq!(d[1].path, "plans[0].tasks[0].supports[0]");
    assert_eq!(d[1].related, ["t"]);
}

#[test]
fn the_standard_calendar_needs_no_definition() {
    let d = diags(one_plan(json!({
        "calendar": "standard",
        "tasks": [{"id": "t", "name": "T", "calendar": "standard"}]
    })));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn dependency_cycles_list_the_ids_on_the_cycle() {
    // a -> b -> c -> a, with d hanging off the cycle but not on it.
    let v = one_plan(json!({"tasks": [
        {"id": "a", "name": "A", "dependencies": [{"predecessor": "c"}]},
        {"id": "b", "name": "B", "dependencies": [{"predecessor": "a", "type": "SS"}]},
        {"id": "c", "name": "C", "dependencies": [{"predecessor": "b", "type": "FF"}]},
        {"id": "d", "name": "D", "dependencies": [{"predecessor": "c"}]}
    ]}));
    let d = diags(v.clone());
    let c = only(&d, "dependency_cycle");
    assert_eq!(d.len(), 1);
    // Each id on the cycle is followed by its successor: a, b, c in some
    // rotation; d is not on it.
    assert!(is_rotation(&c.related, &["a", "b", "c"]), "{c:?}");
    assert_eq!(c.id.as_deref(), Some(c.related[0].as_str()));
    assert!(c.path.ends_with(".dependencies"), "{}", c.path);
    // The model refuses the document with a Cycle error naming the ids.
    match Model::new(doc(v)) {
        Err(Error::Cycle(e)) => {
            assert_eq!(e.code, "dependency_cycle");
            assert!(is_rotation(&e.ids, &["a", "b", "c"]), "{e:?}");
        }
        other => panic!("expected a cycle, got {other:?}"),
    }

    // A task that depends on itself.
    let d = diags(one_plan(json!({"tasks": [
        {"id": "a", "name": "A", "dependencies": [{"predecessor": "a"}]}
    ]})));
    assert_eq!(only(&d, "dependency_cycle").related, ["a"]);

    // A subtask linked to its own summary: the summary spans the child, so
    // FS summary -> child loops through the WBS (MS Project refuses it too).
    let d = diags(one_plan(json!({"tasks": [
        {"id": "s", "name": "S"},
        {"id": "k", "name": "K", "parent": "s", "dependencies": [{"predecessor": "s"}]}
    ]})));
    let c = only(&d, "dependency_cycle");
    assert_eq!(
        c.related.iter().cloned().collect::<BTreeSet<_>>(),
        BTreeSet::from(["k".to_string(), "s".to_string()])
    );

    // SS with a negative lag in both directions is still a cycle of links.
    let d = diags(one_plan(json!({"tasks": [
        {"id": "a", "name": "A", "dependencies": [{"predecessor": "b", "type": "SS", "lag": "-1d"}]},
        {"id": "b", "name": "B", "dependencies": [{"predecessor": "a", "type": "SS", "lag": "-1d"}]}
    ]})));
    assert!(is_rotation(
        &only(&d, "dependency_cycle").related,
        &["a", "b"]
    ));
}

#[test]
fn contributes_to_cycles_across_plans() {
    let d = diags(json!({"format": "stratops/1", "plans": [
        {"id": "s", "kind": "strategic", "name": "S",
         "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
         "goals": [{"id": "g1", "name": "G1", "contributes_to": [{"goal": "g2"}]}]},
        {"id": "o", "kind": "operational", "name": "O",
         "horizon": {"start": "2025-01-01", "end": "2025-12-31"},
         "goals": [{"id": "g2", "name": "G2", "contributes_to": [{"goal": "g3", "weight": 2}]},
                   {"id": "g3", "name": "G3", "contributes_to": [{"goal": "g1"}]},
                   {"id": "g4", "name": "G4", "contributes_to": [{"goal": "g1"}]}]}
    ]}));
    let c = only(&d, "goal_cycle");
    assert_eq!(d.len(), 1, "{d:#?}");
    // g1 feeds g2 feeds g3 feeds g1; g4 only feeds into the cycle.
    assert!(is_rotation(&c.related, &["g1", "g2", "g3"]), "{c:?}");
    assert!(c.path.ends_with(".contributes_to"), "{}", c.path);
    assert!(c.message.contains("g1") && c.message.contains("g3"));
}

#[test]
fn wbs_cycles() {
    let d = diags(one_plan(json!({"tasks": [
        {"id": "t1", "name": "T1", "parent": "t2"},
        {"id": "t2", "name": "T2", "parent": "t3"},
        {"id": "t3", "name": "T3", "parent": "t1"},
        {"id": "leaf", "name": "Leaf", "parent": "t1"},
        {"id": "me", "name": "Me", "parent": "me"}
    ]})));
    let wbs: Vec<&Diagnostic> = d.iter().filter(|d| d.code == "wbs_cycle").collect();
    assert_eq!(wbs.len(), 2, "{d:#?}");
    // Walking child -> parent: t1, t2, t3 (from any start).
    assert!(is_rotation(&wbs[0].related, &["t1", "t2", "t3"]), "{wbs:?}");
    assert!(wbs[0].path.ends_with(".parent"));
    assert_eq!(wbs[1].related, ["me"]);
    assert_eq!(wbs[1].path, "plans[0].tasks[4].parent");
}

#[test]
fn negative_durations_but_negative_lags_are_fine() {
    let d = diags(one_plan(json!({"tasks": [
        {"id": "a", "name": "A", "duration": "-3d"},
        {"id": "b", "name": "B", "duration": "-0.5eh"},
        {"id": "c", "name": "C", "duration": "2d",
         "dependencies": [{"predecessor": "a", "lag": "-1d"}, {"predecessor": "b", "type": "SS", "lag": "-50%"}]}
    ]})));
    assert_eq!(codes(&d), ["negative_duration", "negative_duration"]);
    assert_eq!(d[0].id.as_deref(), Some("a"));
    assert_eq!(d[0].path, "plans[0].tasks[0].duration");
    assert_eq!(d[1].id.as_deref(), Some("b"));
    // "-0" is not negative.
    let d = diags(one_plan(
        json!({"tasks": [{"id": "z", "name": "Z", "duration": "-0d"}]}),
    ));
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn constraints_need_dates_except_asap_and_alap() {
    let tasks: Vec<Value> = ["ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
        .iter()
        .map(|t| json!({"id": t.to_lowercase(), "name": t, "constraint": {"type": t}}))
        .collect();
    let d = diags(one_plan(json!({ "tasks": tasks })));
    let ids: Vec<&str> = d.iter().map(|d| d.id.as_deref().unwrap_or("")).collect();
    assert_eq!(ids, ["snet", "snlt", "fnet", "fnlt", "mso", "mfo"]);
    for x in &d {
        assert_eq!(x.code, "constraint_without_date");
        assert!(x.path.ends_with(".constraint"));
    }
    assert_eq!(d[0].path, "plans[0].tasks[2].constraint");
}

#[test]
fn unknown_and_mismatched_currencies() {
    let d = diags(json!({"format": "stratops/1", "currency": "XYZ", "plans": []}));
    let c = only(&d, "unknown_currency");
    assert_eq!(c.path, "currency");

    let mut v = one_plan(json!({
        "currency": "ABC",
        "costs": [{"id": "c1", "category": "x", "kind": "fixed", "amount": "1", "currency": "usd"},
                  {"id": "c2", "category": "x", "kind": "fixed", "amount": "1", "currency": "EUR"}]
    }));
    v["currency"] = json!("USD");
    let d = diags(v);
    assert_eq!(
        codes(&d),
        ["unknown_currency", "unknown_currency", "currency_mismatch"]
    );
    assert_eq!(
        (d[0].id.as_deref(), d[0].path.as_str()),
        (Some("p"), "plans[0].currency")
    );
    // Codes are upper case, as ISO 4217 writes them.
    assert_eq!(
        (d[1].id.as_deref(), d[1].path.as_str()),
        (Some("c1"), "plans[0].costs[0].currency")
    );
    assert_eq!(
        (d[2].id.as_deref(), d[2].path.as_str()),
        (Some("c2"), "plans[0].costs[1].currency")
    );
}

#[test]
fn reversed_horizon() {
    let d = diags(one_plan(
        json!({"horizon": {"start": "2025-06-30", "end": "2025-01-01"}}),
    ));
    let h = only(&d, "horizon_reversed");
    assert_eq!(d.len(), 1, "a reversed horizon is not also a kind mismatch");
    assert_eq!(h.id.as_deref(), Some("p"));
    assert_eq!(h.path, "plans[0].horizon");
    assert_eq!(h.severity, Severity::Error);
    // One day (start == end) is fine.
    let d = diags(one_plan(
        json!({"horizon": {"start": "2025-06-30", "end": "2025-06-30"}}),
    ));
    assert!(d.is_empty());
}

#[test]
fn horizon_that_does_not_fit_the_plan_kind_is_a_warning() {
    // (kind, start, end, warns). Day counts are inclusive:
    // 2025-01-01..2025-03-31 is 90 days; ..2025-12-31 is 365; ..2026-12-31
    // is 730; ..2034-12-31 is 3652 (ten years); ..2040-12-31 is 5844.
    let cases = [
        ("strategic", "2025-01-01", "2025-03-31", true),
        ("strategic", "2025-01-01", "2025-12-31", false),
        ("strategic", "2025-01-01", "2034-12-31", false),
        ("strategic", "2025-01-01", "2040-12-31", true),
        ("operational", "2025-01-01", "2025-12-31", false),
        ("operational", "2025-01-01", "2026-12-31", true),
        ("tactical", "2025-01-01", "2025-03-31", false),
        ("tactical", "2025-01-01", "2025-12-31", true),
        ("project", "2025-01-01", "2040-12-31", false),
    ];
    for (kind, start, end, warns) in cases {
        let v = one_plan(json!({"kind": kind, "horizon": {"start": start, "end": end}}));
        let d = diags(v.clone());
        if warns {
            let w = only(&d, "horizon_kind_mismatch");
            assert_eq!(w.severity, Severity::Warning);
            assert_eq!(w.id.as_deref(), Some("p"));
            assert_eq!(w.path, "plans[0].horizon");
            // A warning does not refuse the model; it is kept on it.
            let m = Model::new(doc(v)).expect("warnings do not refuse a model");
            assert_eq!(m.warnings().len(), 1);
        } else {
            assert!(d.is_empty(), "{kind} {start}..{end}: {d:?}");
        }
    }
}

#[test]
fn every_diagnostic_is_returned_at_once() {
    // Five different errors, including a cycle, in one document.
    let d = diags(one_plan(json!({
        "horizon": {"start": "2025-06-30", "end": "2025-01-01"},
        "tasks": [
            {"id": "a", "name": "A", "duration": "-3d", "dependencies": [{"predecessor": "b"}]},
            {"id": "b", "name": "B", "dependencies": [{"predecessor": "a"}]},
            {"id": "a", "name": "Again"},
            {"id": "c", "name": "C", "supports": ["missing-goal"],
             "constraint": {"type": "MSO"}}
        ]
    })));
    let got: BTreeSet<&str> = codes(&d).into_iter().collect();
    let want = BTreeSet::from([
        "horizon_reversed",
        "negative_duration",
        "duplicate_id",
        "dangling_reference",
        "constraint_without_date",
        "dependency_cycle",
    ]);
    assert_eq!(got, want, "{d:#?}");
    assert_eq!(d.len(), want.len());
    // The model refuses it, carrying all of them; the cycle is named.
    let err = Model::from_json(&one_plan(json!({
        "tasks": [
            {"id": "a", "name": "A", "dependencies": [{"predecessor": "b"}]},
            {"id": "b", "name": "B", "dependencies": [{"predecessor": "a"}], "supports": ["nope"]}
        ]
    }))
    .to_string())
    .unwrap_err();
    assert_eq!(err.code(), "dependency_cycle");
    assert_eq!(err.diagnostics().len(), 2);
}

#[test]
fn other_diagnostics() {
    // (document, code, path) for the rest of the codes validate emits.
    let kpi = |extra: Value| {
        let mut k = json!({"id": "k", "name": "K", "polarity": "increase",
            "baseline": {"value": 0, "date": "2025-01-01"},
            "target": {"value": 10, "date": "2025-06-30"}});
        for (a, b) in extra.as_object().into_iter().flatten() {
            k[a] = b.clone();
        }
        one_plan(json!({ "kpis": [k] }))
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            one_plan(json!({"tasks": [{"id": "", "name": "T"}]})),
            "empty_id",
            "plans[0].tasks[0]",
        ),
        (
            json!({"format": "stratops/1", "settings": {"minutes_per_day": 0}, "plans": []}),
            "bad_setting",
            "settings.minutes_per_day",
        ),
        (
            json!({"format": "stratops/1", "calendars": [{"id": "c", "exceptions": [{"from": "2025-01-02", "to": "2025-01-01"}]}], "plans": []}),
            "bad_exception",
            "calendars[0].exceptions[0]",
        ),
        (
            json!({"format": "stratops/1", "calendars": [{"id": "c", "week": {"monday": [{"from": "17:00", "to": "08:00"}]}}], "plans": []}),
            "bad_interval",
            "calendars[0].week.monday[0]",
        ),
        (
            json!({"format": "stratops/1", "calendars": [{"id": "c", "week": {"monday": [{"from": "08:00", "to": "12:00"}, {"from": "11:00", "to": "13:00"}]}}], "plans": []}),
            "overlapping_intervals",
            "calendars[0].week.monday",
        ),
        (
            json!({"format": "stratops/1", "calendars": [{"id": "c1", "base": "c2"}, {"id": "c2", "base": "c1"}], "plans": []}),
            "calendar_cycle",
            "calendars[0].base",
        ),
        (
            json!({"format": "stratops/1", "calendars": [{"id": "c", "week": {"monday": [], "tuesday": [], "wednesday": [], "thursday": [], "friday": []}}], "plans": []}),
            "calendar_no_working_time",
            "calendars[0].week",
        ),
        (
            json!({"format": "stratops/1", "resources": [{"id": "r", "name": "R", "rates": [{"standard": "-1"}]}], "plans": []}),
            "negative_rate",
            "resources[0].rates[0].standard",
        ),
        (
            json!({"format": "stratops/1", "resources": [{"id": "r", "name": "R", "rates": [{"from": "2025-01-01", "standard": "1"}, {"from": "2025-01-01", "standard": "2"}]}], "plans": []}),
            "duplicate_rate",
            "resources[0].rates[1].from",
        ),
        (
            json!({"format": "stratops/1", "resources": [{"id": "r", "name": "R", "capacity": -1}], "plans": []}),
            "bad_capacity",
            "resources[0].capacity",
        ),
        (
            one_plan(json!({"budget": "-5"})),
            "negative_amount",
            "plans[0].budget",
        ),
        (
            one_plan(
                json!({"goals": [{"id": "g", "name": "G"}, {"id": "h", "name": "H", "contributes_to": [{"goal": "g", "weight": 0}]}]}),
            ),
            "bad_weight",
            "plans[0].goals[1].contributes_to[0].weight",
        ),
        (
            one_plan(json!({"tasks": [{"id": "t", "name": "T", "duration": "50%"}]})),
            "bad_duration_unit",
            "plans[0].tasks[0].duration",
        ),
        (
            // 4,000,000 w x 2400 min = 9.6e9 min, above the 1e9 limit.
            one_plan(json!({"tasks": [{"id": "t", "name": "T", "duration": "4000000w"}]})),
            "duration_overflow",
            "plans[0].tasks[0].duration",
        ),
        (
            one_plan(
                json!({"tasks": [{"id": "a", "name": "A"}, {"id": "t", "name": "T", "dependencies": [{"predecessor": "a", "lag": "4000000w"}]}]}),
            ),
            "lag_overflow",
            "plans[0].tasks[1].dependencies[0].lag",
        ),
        (
            json!({"format": "stratops/1", "resources": [{"id": "r", "name": "R"}], "plans": [{"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-02-01"}, "tasks": [{"id": "t", "name": "T", "assignments": [{"resource": "r", "hours": -2}]}]}]}),
            "bad_hours",
            "plans[0].tasks[0].assignments[0].hours",
        ),
        (
            one_plan(
                json!({"tasks": [{"id": "t", "name": "T", "progress": {"percent_complete": 101}}]}),
            ),
            "bad_percent",
            "plans[0].tasks[0].progress.percent_complete",
        ),
        (
            one_plan(
                json!({"tasks": [{"id": "t", "name": "T", "progress": {"actual_start": "2025-01-02", "actual_finish": "2025-01-01"}}]}),
            ),
            "actual_finish_before_start",
            "plans[0].tasks[0].progress",
        ),
        (
            one_plan(
                json!({"costs": [{"id": "c", "category": "x", "kind": "unit", "quantity": "2"}]}),
            ),
            "missing_cost_field",
            "plans[0].costs[0].unit_price",
        ),
        (
            one_plan(json!({"risks": [{"id": "r", "description": "D", "probability": 1.5}]})),
            "bad_probability",
            "plans[0].risks[0].probability",
        ),
        (
            one_plan(json!({"risks": [{"id": "r", "description": "D", "impact": {"score": 6}}]})),
            "bad_score",
            "plans[0].risks[0].impact.score",
        ),
        (
            kpi(json!({"target": {"value": 10, "date": "2024-12-31"}})),
            "target_before_baseline",
            "plans[0].kpis[0].target.date",
        ),
        (
            kpi(json!({"target": {"value": 0, "date": "2025-06-30"}})),
            "target_equals_baseline",
            "plans[0].kpis[0].target.value",
        ),
        (
            kpi(json!({"polarity": "decrease"})),
            "polarity_mismatch",
            "plans[0].kpis[0].polarity",
        ),
        (
            kpi(json!({"polarity": "range"})),
            "missing_range",
            "plans[0].kpis[0].range",
        ),
        (
            kpi(json!({"polarity": "range", "range": {"lo": 5, "hi": 1, "tolerance": 1}})),
            "bad_range",
            "plans[0].kpis[0].range",
        ),
        (kpi(json!({"cap": 0})), "bad_cap", "plans[0].kpis[0].cap"),
        (
            kpi(json!({"cadence": "sometimes"})),
            "bad_cadence",
            "plans[0].kpis[0].cadence",
        ),
        (
            kpi(
                json!({"aggregation": "ratio", "measurements": [{"date": "2025-02-01", "value": 1}]}),
            ),
            "missing_denominator",
            "plans[0].kpis[0].measurements[0].denominator",
        ),
        (
            kpi(
                json!({"measurements": [{"date": "2025-02-01", "value": 1}, {"date": "2025-02-01", "value": 2}]}),
            ),
            "duplicate_measurement",
            "plans[0].kpis[0].measurements[1].date",
        ),
    ];
    for (v, code, path) in cases {
        let d = diags(v);
        let found = d.iter().find(|d| d.code == code);
        let Some(found) = found else {
            panic!("expected {code}, got {d:#?}");
        };
        assert_eq!(found.path, path, "{code}");
    }
    // A non-finite KPI value cannot come from JSON; only from Rust.
    let mut dd = doc(kpi(json!({})));
    dd.plans[0].kpis[0].baseline.value = f64::NAN;
    let d = stratops::validate(&dd);
    assert_eq!(
        only(&d, "non_finite_value").path,
        "plans[0].kpis[0].baseline.value"
    );
}

// ---- deep structures ---------------------------------------------------------

/// The deep tests each hold a million tasks; run them one at a time.
static BIG: Mutex<()> = Mutex::new(());

const N: usize = 1_000_000;

/// The closed-cycle variants use a tenth of that: the cycle walk is the same
/// loop, and the test suite stays quick in debug builds.
const N_CYCLE: usize = N / 10;

fn big_doc(n: usize, link: impl Fn(&mut Task, usize)) -> Document {
    let template: Task =
        serde_json::from_value(json!({"id": "x", "name": "", "duration": "1d"})).expect("task");
    let tasks: Vec<Task> = (0..n)
        .map(|i| {
            let mut t = template.clone();
            t.id = format!("t{i}");
            link(&mut t, i);
            t
        })
        .collect();
    let mut d = doc(one_plan(json!({})));
    d.plans[0].tasks = tasks;
    d
}

#[test]
fn a_million_long_dependency_chain_validates() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let pred: stratops::Dependency =
        serde_json::from_value(json!({"predecessor": "x"})).expect("dependency");
    let d = big_doc(N, |t, i| {
        if i > 0 {
            let mut p = pred.clone();
            p.predecessor = format!("t{}", i - 1);
            t.dependencies.push(p);
        }
    });
    let m = Model::new(d).expect("a chain has no cycle");
    let ix = m.index();
    // A leaf task is one node of the schedule network (summaries add exit
    // gates; a chain has none). The only topological order is t0, t1, ...
    assert_eq!(ix.event_order.len(), N);
    assert!(ix
        .event_order
        .iter()
        .enumerate()
        .all(|(k, &e)| e as usize == k));
}

#[test]
fn a_long_dependency_chain_closed_into_a_cycle() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let pred: stratops::Dependency =
        serde_json::from_value(json!({"predecessor": "x"})).expect("dependency");
    let d = big_doc(N_CYCLE, |t, i| {
        let mut p = pred.clone();
        p.predecessor = format!("t{}", (i + N_CYCLE - 1) % N_CYCLE);
        t.dependencies.push(p);
    });
    let diags = stratops::validate(&d);
    let c = only(&diags, "dependency_cycle");
    assert_eq!(c.related.len(), N_CYCLE);
}

#[test]
fn a_wbs_a_million_deep_validates() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let d = big_doc(N, |t, i| {
        if i > 0 {
            t.parent = Some(format!("t{}", i - 1));
        }
    });
    let m = Model::new(d).expect("a deep WBS is valid");
    let ix = m.index();
    // Parents before children: the order is t0, t1, ..., t999999.
    assert_eq!(ix.wbs_order.len(), N);
    assert!(ix
        .wbs_order
        .iter()
        .enumerate()
        .all(|(k, &t)| t as usize == k));
    assert!(ix.is_summary(0) && !ix.is_summary((N - 1) as u32));
    assert_eq!(ix.task_parent[N - 1] as usize, N - 2);
}

#[test]
fn a_deep_wbs_closed_into_a_cycle() {
    let _one_at_a_time = BIG.lock().unwrap_or_else(|e| e.into_inner());
    let d = big_doc(N_CYCLE, |t, i| {
        t.parent = Some(format!("t{}", (i + N_CYCLE - 1) % N_CYCLE))
    });
    let diags = stratops::validate(&d);
    let c = only(&diags, "wbs_cycle");
    assert_eq!(c.related.len(), N_CYCLE);
}

/// `Model::set_task_duration` refuses exactly what a full validation of the
/// edited document refuses, with the same diagnostic, leaves the model as it
/// was when it refuses, and otherwise gives the model (and so the schedule)
/// that validating the edited document gives.
#[test]
fn set_task_duration_agrees_with_full_validation() {
    let base = one_plan(json!({
        "tasks": [
            {"id": "a", "name": "A", "duration": "2d"},
            {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a"}]}
        ]
    }));
    let model = Model::new(doc(base.clone())).unwrap();
    let b = model.index().task("b").unwrap();
    for text in [
        "3d",
        "0d",
        "4ed",
        "90m",
        "2w",
        "-1d",
        "50%",
        "2000000y",
        "999999999w",
    ] {
        let Ok(d) = text.parse::<stratops::Duration>() else {
            continue;
        };
        let mut edited = base.clone();
        edited["plans"][0]["tasks"][1]["duration"] = json!(text);
        let full = Model::new(doc(edited));
        let mut fast = model.clone();
        let got = fast.set_task_duration(b, Some(d));
        match (&full, &got) {
            (Ok(full), Ok(())) => {
                assert_eq!(fast.document(), full.document(), "{text}");
                let s1 = stratops::schedule::schedule(&fast, &Default::default()).unwrap();
                let s2 = stratops::schedule::schedule(full, &Default::default()).unwrap();
                assert_eq!(s1.tasks, s2.tasks, "{text}");
            }
            (Err(full), Err(fast_err)) => {
                let want: Vec<_> = full.diagnostics().iter().filter(|d| d.is_error()).collect();
                let got: Vec<_> = fast_err.diagnostics().iter().collect();
                assert_eq!(got, want, "{text}");
                assert_eq!(fast.document(), model.document(), "{text}: unchanged");
            }
            _ => panic!("{text}: full validation {full:?}, edit {got:?}"),
        }
    }
    let mut m = model.clone();
    assert_eq!(
        m.set_task_duration(99, None).unwrap_err().code(),
        "unknown_task"
    );
    m.set_task_duration(b, None).unwrap();
    assert_eq!(m.task(b).duration, None);
}

/// Paths are formatted only when something is wrong (validation of a clean
/// document formats none); these are the sites whose paths are built on
/// demand, each named exactly.
#[test]
fn paths_built_on_demand_name_the_field() {
    let d = diags(one_plan(json!({
        "goals": [{"id": "g", "name": "G", "contributes_to": []}],
        "kpis": [{"id": "k", "name": "K", "polarity": "increase",
                  "baseline": {"date": "2025-06-01", "value": 0},
                  "target": {"date": "2025-01-01", "value": 10},
                  "goals": [{"goal": "g", "weight": -1}]}],
        "tasks": [
            {"id": "t", "name": "T", "duration": "-1d",
             "constraint": {"type": "SNET"},
             "dependencies": [{"predecessor": "u", "lag": "99999999999d"}]},
            {"id": "u", "name": "U", "duration": "1d",
             "assignments": [{"resource": "nobody"}]}],
        "costs": [{"id": "c", "category": "x", "kind": "fixed", "amount": "1",
                   "currency": "EUR"}]
    })));
    let paths: BTreeSet<(&str, &str)> = d
        .iter()
        .map(|d| (d.code.as_str(), d.path.as_str()))
        .collect();
    for want in [
        ("negative_duration", "plans[0].tasks[0].duration"),
        ("constraint_without_date", "plans[0].tasks[0].constraint"),
        ("lag_overflow", "plans[0].tasks[0].dependencies[0].lag"),
        (
            "dangling_reference",
            "plans[0].tasks[1].assignments[0].resource",
        ),
        ("bad_weight", "plans[0].kpis[0].goals[0].weight"),
    ] {
        assert!(paths.contains(&want), "{want:?} not in {paths:#?}");
    }
    assert!(
        paths
            .iter()
            .any(|(_, p)| *p == "plans[0].kpis[0].target.date"),
        "{paths:#?}"
    );
    assert!(
        paths
            .iter()
            .any(|(_, p)| *p == "plans[0].costs[0].currency"),
        "{paths:#?}"
    );
}
