//! The editing API: transactions, refusals that change nothing, undo and
//! redo that restore exactly (checked after random edit sequences against
//! a fresh model and a full schedule), the history's bound, and a
//! 100,000-task chain built by edits.

use serde_json::json;
use std::collections::HashMap;
use stratops::edit::{Edit, Editor, HISTORY_STEPS};
use stratops::schedule::schedule;
use stratops::Model;

const PLAN: &str = r#"{"format": "stratops/1",
  "resources": [{"id": "ana", "name": "Ana"}],
  "plans": [{"id": "p", "kind": "project", "name": "P",
    "horizon": {"start": "2025-10-06", "end": "2026-12-31"},
    "goals": [{"id": "g", "name": "G"}],
    "kpis": [{"id": "k", "name": "K", "polarity": "increase",
      "baseline": {"value": 0, "date": "2025-10-06"}, "target": {"value": 10, "date": "2026-06-30"}}],
    "costs": [{"id": "c1", "category": "licences", "kind": "fixed", "amount": "1000.00", "task": "a"}],
    "tasks": [
      {"id": "s", "name": "S"},
      {"id": "a", "name": "A", "parent": "s", "duration": "2d", "assignments": [{"resource": "ana"}]},
      {"id": "b", "name": "B", "parent": "s", "duration": "3d", "dependencies": [{"predecessor": "a"}]},
      {"id": "c", "name": "C", "duration": "1d", "dependencies": [{"predecessor": "s"}]},
      {"id": "m", "name": "M", "kind": "milestone", "dependencies": [{"predecessor": "c"}]}]}]}"#;

/// The refusal's reason: the code, or for an invalid result the first
/// error diagnostic's code.
fn why(e: &stratops::Error) -> &str {
    match e.code() {
        "invalid" => e
            .diagnostics()
            .iter()
            .find(|d| d.is_error())
            .map_or("invalid", |d| d.code.as_str()),
        code => code,
    }
}

/// A schedule as its JSON (every field, floats and diagnostics included).
fn json(s: &stratops::schedule::Schedule) -> String {
    serde_json::to_string(s).unwrap()
}

fn editor() -> Editor {
    Editor::new(Model::from_json(PLAN).unwrap(), Default::default()).unwrap()
}

fn edits(v: serde_json::Value) -> Vec<Edit> {
    serde_json::from_value(v).unwrap()
}

/// The editor's schedule equals a full schedule of its model, and its
/// model equals a fresh validation of its document.
fn consistent(ed: &Editor) {
    let fresh = Model::new(ed.model().document().clone()).unwrap();
    assert_eq!(fresh.document(), ed.model().document());
    let full = schedule(&fresh, &Default::default()).unwrap();
    assert_eq!(json(&full), json(ed.cached_schedule().unwrap()));
}

#[test]
fn a_transaction_reports_what_moved() {
    let mut ed = editor();
    let c = ed
        .apply(&edits(json!([
            {"op": "updateTask", "id": "a", "set": {"duration": "4d"}},
        ])))
        .unwrap();
    // a grows by 2 days: b, the summary s, c and m follow
    assert_eq!(c.changed_tasks, ["s", "a", "b", "c", "m"]);
    assert_eq!(c.project_finish_before.to_string(), "2025-10-13T17:00:00");
    assert_eq!(c.project_finish.to_string(), "2025-10-15T17:00:00");
    assert!(!c.critical_path_changed);
    consistent(&ed);
    // a non-critical addition changes nothing else
    let c = ed
        .apply(&edits(json!([
            {"op": "addTask", "task": {"id": "x", "name": "X", "duration": "1d"}},
            {"op": "setProgress", "id": "a", "percent_complete": 50, "actual_start": "2025-10-06T08:00"},
            {"op": "setMeasurement", "kpi": "k", "date": "2025-11-01", "value": 3},
            {"op": "updateCost", "id": "c1", "set": {"amount": "1500.00"}},
            {"op": "updateGoal", "id": "g", "set": {"name": "Goal"}},
        ])))
        .unwrap();
    assert_eq!(c.added_tasks, ["x"]);
    assert!(c.changed_tasks.is_empty(), "{:?}", c.changed_tasks);
    assert_eq!(c.edits, 5);
    consistent(&ed);
    let doc = ed.model().document();
    assert_eq!(doc.plans[0].kpis[0].measurements[0].value, 3.0);
    assert_eq!(doc.plans[0].costs[0].amount.unwrap().to_string(), "1500.00");
    assert_eq!(doc.plans[0].goals[0].name, "Goal");
}

#[test]
fn refused_edits_change_nothing_and_name_the_edit() {
    let mut ed = editor();
    let before = ed.model().document().clone();
    let cases = [
        (
            json!([{"op": "updateTask", "id": "nope", "set": {"name": "N"}}]),
            "unknown_id",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"name": "A2"}},
                {"op": "addDependency", "successor": "a", "predecessor": "b"}]),
            "dependency_cycle",
            1,
        ),
        (
            json!([{"op": "addTask", "task": {"id": "a", "name": "Again"}}]),
            "duplicate_id",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"duration": "5x"}}]),
            "bad_duration",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"name": "A", "duration": "5x"}}]),
            "bad_edit",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"duration": "-1d"}}]),
            "negative_duration",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "b", "set": {"duration": "1d"}},
                {"op": "updateTask", "id": "a", "set": {"duration": "-1d"}}]),
            "negative_duration",
            1,
        ),
        (
            json!([{"op": "removeTask", "id": "a"}]),
            "task_has_dependents",
            0,
        ),
        (
            json!([{"op": "removeTask", "id": "s"}]),
            "task_has_children",
            0,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"id": "z"}}]),
            "bad_edit",
            0,
        ),
        (
            json!([{"op": "removeDependency", "successor": "a", "predecessor": "b"}]),
            "no_such_dependency",
            0,
        ),
        (
            json!([{"op": "addTask", "task": {"id": "y", "name": "Y"}},
                {"op": "removeResource", "id": "ana"}]),
            "dangling_reference",
            1,
        ),
        (
            json!([{"op": "updateTask", "id": "a", "set": {"parent": "c"}},
                {"op": "addDependency", "successor": "x9", "predecessor": "a"}]),
            "unknown_id",
            1,
        ),
    ];
    for (list, code, k) in cases {
        let e = ed.apply(&edits(list.clone())).unwrap_err();
        assert_eq!(
            (why(&e), e.path()),
            (code, Some(format!("edits[{k}]").as_str())),
            "{list}"
        );
        assert_eq!(ed.model().document(), &before, "{list} changed the plan");
        consistent(&ed);
    }
    assert!(!ed.can_undo());
    // a cost line names a: removing a would leave it dangling
    let e = ed
        .apply(&edits(
            json!([{"op": "removeTask", "id": "a", "remove_links": true}]),
        ))
        .unwrap_err();
    assert_eq!(
        (e.code(), why(&e), e.id()),
        ("invalid", "dangling_reference", Some("c1"))
    );
    // m depends on c: removing c with its links is allowed
    ed.apply(&edits(
        json!([{"op": "removeTask", "id": "c", "remove_links": true}]),
    ))
    .unwrap();
    assert!(ed.model().index().task("c").is_none());
    assert!(ed.model().document().plans[0]
        .tasks
        .iter()
        .all(|t| t.dependencies.iter().all(|d| d.predecessor != "c")));
    consistent(&ed);
    // unknown fields and ops are refused when the edits are read
    assert!(serde_json::from_value::<Vec<Edit>>(json!([{"op": "renameTask", "id": "a"}])).is_err());
    assert!(serde_json::from_value::<Vec<Edit>>(
        json!([{"op": "removeTask", "id": "a", "force": true}])
    )
    .is_err());
}

/// What a face keeps: the schedule's rows as of a revision, brought up to
/// date the way `Editor::schedule_changes` allows (only the rebuilt rows
/// when one change behind), and checked against the editor's schedule.
#[derive(Default)]
struct Mirror {
    revision: u64,
    tasks: Vec<stratops::schedule::TaskTimes>,
    /// How many updates copied only some rows.
    partial: usize,
}

impl Mirror {
    fn sync(&mut self, ed: &Editor) {
        let (revision, rows) = ed.schedule_changes();
        let s = ed.cached_schedule().unwrap();
        match rows {
            _ if revision == self.revision => {}
            Some(rows) if revision == self.revision + 1 => {
                assert_eq!(
                    self.tasks.len(),
                    s.tasks.len(),
                    "rows given but the task count changed"
                );
                for &t in rows {
                    self.tasks[t as usize] = s.tasks[t as usize].clone();
                }
                self.partial += 1;
            }
            _ => self.tasks = s.tasks.clone(),
        }
        self.revision = revision;
        assert_eq!(self.tasks, s.tasks, "the rows not named changed");
    }
}

/// The tasks of `after` whose dates, floats or critical flag differ from
/// the same task's in `before` (by id, in `after`'s order): what a change
/// set must name, computed the slow way.
fn moved(
    before: &stratops::schedule::Schedule,
    after: &stratops::schedule::Schedule,
) -> Vec<String> {
    let old: HashMap<&str, &stratops::schedule::TaskTimes> =
        before.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let key = |t: &stratops::schedule::TaskTimes| {
        (
            [t.early_start, t.early_finish, t.late_start, t.late_finish],
            t.total_float_min,
            t.free_float_min,
            t.critical,
        )
    };
    after
        .tasks
        .iter()
        .filter(|t| old.get(t.id.as_str()).is_some_and(|o| key(o) != key(t)))
        .map(|t| t.id.clone())
        .collect()
}

/// A deterministic stream for the random sequences.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

fn random_edit(rng: &mut Rng, ids: &[String], fresh: &mut usize) -> serde_json::Value {
    let pick = |rng: &mut Rng| ids[rng.below(ids.len())].clone();
    match rng.below(9) {
        0 | 1 => {
            json!({"op": "updateTask", "id": pick(rng), "set": {"duration": format!("{}d", rng.below(6))}})
        }
        2 => {
            *fresh += 1;
            let mut t = json!({"id": format!("n{fresh}"), "name": "New", "duration": format!("{}h", 1 + rng.below(20))});
            if rng.below(2) == 0 {
                t["dependencies"] = json!([{"predecessor": pick(rng)}]);
            }
            json!({"op": "addTask", "task": t})
        }
        3 => {
            let ty = ["FS", "SS", "FF", "SF"][rng.below(4)];
            json!({"op": "addDependency", "successor": pick(rng), "predecessor": pick(rng),
                   "type": ty, "lag": format!("{}h", rng.below(9))})
        }
        4 => json!({"op": "removeDependency", "successor": pick(rng), "predecessor": pick(rng)}),
        5 => json!({"op": "removeTask", "id": pick(rng), "remove_links": rng.below(2) == 0}),
        6 => json!({"op": "setProgress", "id": pick(rng), "percent_complete": rng.below(101)}),
        7 => {
            json!({"op": "updateTask", "id": pick(rng), "set": {"constraint": {"type": "SNET", "date": "2025-10-09"}}})
        }
        _ => json!({"op": "updateTask", "id": pick(rng), "set": {"deadline": "2025-10-20"}}),
    }
}

#[test]
fn undo_and_redo_restore_exactly_after_random_sequences() {
    let (mut applied_all, mut refused_all) = (0, 0);
    let mut partial = 0;
    for seed in 0..40u64 {
        let mut rng = Rng(seed);
        let mut ed = editor();
        let mut mirror = Mirror::default();
        mirror.sync(&ed);
        let mut states = vec![(
            ed.model().document().clone(),
            ed.cached_schedule().unwrap().clone(),
        )];
        let mut fresh = 0;
        for _ in 0..25 {
            let ids: Vec<String> = ed
                .cached_schedule()
                .unwrap()
                .tasks
                .iter()
                .map(|t| t.id.clone())
                .collect();
            let n = 1 + rng.below(3);
            let list: Vec<serde_json::Value> = (0..n)
                .map(|_| random_edit(&mut rng, &ids, &mut fresh))
                .collect();
            let before = ed.model().document().clone();
            let prev = ed.cached_schedule().unwrap().clone();
            match ed.apply(&edits(serde_json::Value::Array(list.clone()))) {
                Ok(c) => {
                    assert_eq!(
                        c.changed_tasks,
                        moved(&prev, ed.cached_schedule().unwrap()),
                        "seed {seed}: {list:?}"
                    );
                    applied_all += 1;
                    states.push((
                        ed.model().document().clone(),
                        ed.cached_schedule().unwrap().clone(),
                    ))
                }
                Err(e) => {
                    refused_all += 1;
                    assert!(e.path().is_some_and(|p| p.starts_with("edits[")), "{e}");
                    assert_eq!(
                        ed.model().document(),
                        &before,
                        "seed {seed}: {list:?} refused ({e}) but changed the plan"
                    );
                }
            }
            consistent(&ed);
            mirror.sync(&ed);
        }
        // undo everything: each state comes back, document and schedule
        let applied = states.len() - 1;
        for k in (0..applied).rev() {
            let prev = ed.cached_schedule().unwrap().clone();
            let c = ed.undo().unwrap().unwrap();
            assert_eq!(c.changed_tasks, moved(&prev, ed.cached_schedule().unwrap()));
            mirror.sync(&ed);
            assert_eq!(
                ed.model().document(),
                &states[k].0,
                "seed {seed}: undo to state {k}"
            );
            assert_eq!(
                json(ed.cached_schedule().unwrap()),
                json(&states[k].1),
                "seed {seed}: schedule after undo to {k}"
            );
        }
        assert!(ed.undo().unwrap().is_none());
        for (k, state) in states.iter().enumerate().skip(1) {
            let prev = ed.cached_schedule().unwrap().clone();
            let c = ed.redo().unwrap().unwrap();
            assert_eq!(c.changed_tasks, moved(&prev, ed.cached_schedule().unwrap()));
            mirror.sync(&ed);
            assert_eq!(
                ed.model().document(),
                &state.0,
                "seed {seed}: redo to state {k}"
            );
            assert_eq!(json(ed.cached_schedule().unwrap()), json(&state.1));
        }
        assert!(!ed.can_redo());
        partial += mirror.partial;
    }
    // both paths are exercised: 1,000 transactions in all
    assert!(
        applied_all > 300 && refused_all > 100,
        "{applied_all} applied, {refused_all} refused"
    );
    // and the rows a duration change names are enough to keep a copy
    assert!(partial > 20, "{partial} partial updates");
}

#[test]
fn a_plan_that_validates_but_cannot_be_scheduled_is_refused_and_kept() {
    let mut ed = editor();
    let before = ed.model().document().clone();
    // valid (a date, a duration that fits from the plan start), but its
    // schedule runs past the year 9999
    let e = ed
        .apply(&edits(json!([{"op": "updateTask", "id": "c", "set": {
            "constraint": {"type": "SNET", "date": "9999-12-30"}, "duration": "20d"}}])))
        .unwrap_err();
    // refused by the scheduler, not by validation
    assert_eq!(
        (e.code(), e.path()),
        ("date_out_of_range", Some("edits[0]"))
    );
    assert_eq!(ed.model().document(), &before);
    consistent(&ed);
    // the editor still works on the plan as it was
    ed.apply(&edits(
        json!([{"op": "updateTask", "id": "c", "set": {"duration": "2d"}}]),
    ))
    .unwrap();
    consistent(&ed);
}

#[test]
fn progress_fields_are_removed_by_null() {
    let mut ed = editor();
    ed.apply(&edits(
        json!([{"op": "setProgress", "id": "a", "percent_complete": 100,
        "actual_start": "2025-10-06T08:00", "actual_finish": "2025-10-07T17:00"}]),
    ))
    .unwrap();
    ed.apply(&edits(
        json!([{"op": "setProgress", "id": "a", "percent_complete": 40, "actual_finish": null}]),
    ))
    .unwrap();
    let p = ed.model().document().plans[0].tasks[1]
        .progress
        .clone()
        .unwrap();
    assert_eq!(p.percent_complete, 40.0);
    assert!(
        p.actual_start.is_some() && p.actual_finish.is_none(),
        "{p:?}"
    );
    consistent(&ed);
}

#[test]
fn a_resource_driven_duration_edit_leaves_a_document_that_loads() {
    // a's dates come from its assignment (hours and units), so the engine
    // never walks its duration: such an edit takes the full validation
    // path, and whatever it accepts is a document that loads again
    // (2,080,000 working days is 998,400,000 minutes, under the overflow
    // limit)
    let mut ed = editor();
    ed.apply(&edits(
        json!([{"op": "updateAssignment", "task": "a", "resource": "ana",
        "set": {"hours": 16, "units": 1}}]),
    ))
    .unwrap();
    for d in ["2080000d", "3d"] {
        let before = ed.model().document().clone();
        match ed.apply(&edits(
            json!([{"op": "updateTask", "id": "a", "set": {"duration": d}}]),
        )) {
            Ok(_) => consistent(&ed),
            Err(e) => {
                assert_eq!(e.path(), Some("edits[0]"));
                assert_eq!(ed.model().document(), &before);
            }
        }
    }
    assert_eq!(
        ed.model().document().plans[0].tasks[1]
            .duration
            .unwrap()
            .to_string(),
        "3d"
    );
}

#[test]
fn the_history_is_bounded() {
    let mut ed = editor();
    for k in 0..HISTORY_STEPS + 50 {
        ed.apply(&edits(json!([{"op": "updateTask", "id": "c", "set": {"duration": format!("{}h", 1 + k % 7)}}])))
            .unwrap();
    }
    let mut undone = 0;
    while ed.undo().unwrap().is_some() {
        undone += 1;
    }
    assert_eq!(undone, HISTORY_STEPS);
}

#[test]
fn a_100k_task_chain_built_by_edits_schedules() {
    let doc = r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
      "horizon": {"start": "2025-01-06", "end": "2026-12-31"}, "tasks": [{"id": "t0", "name": "T", "duration": "1h"}]}]}"#;
    let mut ed = Editor::new(Model::from_json(doc).unwrap(), Default::default()).unwrap();
    let list: Vec<Edit> = (1..100_000)
        .map(|k| Edit::AddTask {
            plan: None,
            task: Box::new(
                serde_json::from_value(
                    json!({"id": format!("t{k}"), "name": "T", "duration": "1h",
                    "dependencies": [{"predecessor": format!("t{}", k - 1)}]}),
                )
                .unwrap(),
            ),
        })
        .collect();
    let c = ed.apply(&list).unwrap();
    assert_eq!(c.added_tasks.len(), 99_999);
    // 100,000 hours of 8-hour days: 12,500 working days
    let s = ed.cached_schedule().unwrap();
    assert_eq!(s.tasks.len(), 100_000);
    assert!(s.tasks[99_999].critical);
    // one duration edit at the head moves every task after it
    let c = ed
        .apply(&edits(
            json!([{"op": "updateTask", "id": "t0", "set": {"duration": "2h"}}]),
        ))
        .unwrap();
    assert_eq!(c.changed_tasks.len(), 100_000);
    ed.undo().unwrap();
    ed.undo().unwrap();
    assert_eq!(ed.cached_schedule().unwrap().tasks.len(), 1);
}

/// Edits are read as the file is: an entity given as a JSON array instead
/// of an object is refused (the document loader refuses it; the edit's
/// reader used to accept a task as a list of its fields), and a malformed
/// edit names what is wrong.
#[test]
fn edits_read_their_entities_as_the_file_does() {
    let read = |v: serde_json::Value| {
        serde_json::from_str::<Vec<Edit>>(&v.to_string())
            .map_err(|e| e.to_string())
            .map(|_| ())
    };
    // a task as the sequence of its fields: refused, as in a file
    let e = read(json!([{"op": "addTask", "task": ["y", "Y"]}])).unwrap_err();
    assert!(
        e.contains("invalid type: sequence, expected struct Task"),
        "{e}"
    );
    let e = read(json!([{"id": "a"}])).unwrap_err();
    assert!(e.contains("missing field `op`"), "{e}");
    let e = read(json!([{"op": 3, "id": "a"}])).unwrap_err();
    assert!(
        e.contains("invalid type: integer `3`, expected a string"),
        "{e}"
    );
    // an edit is an object, not the list of its fields
    let e = read(json!([["removeTask", "a"]])).unwrap_err();
    assert!(
        e.contains("invalid type: sequence, expected an edit"),
        "{e}"
    );
    // a key given twice is refused, as in a file (the last one used to win
    // silently): in the edit, in its entity, and `op` itself
    for (text, field) in [
        (
            r#"[{"op": "removeTask", "id": "keep", "id": "gone"}]"#,
            "id",
        ),
        (
            r#"[{"op": "addTask", "task": {"id": "t", "name": "T", "duration": "1d", "duration": "9d"}}]"#,
            "duration",
        ),
        (
            r#"[{"op": "removeTask", "op": "addTask", "id": "a"}]"#,
            "op",
        ),
    ] {
        let e = serde_json::from_str::<Vec<Edit>>(text)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(&format!("duplicate field `{field}`")),
            "{text}: {e}"
        );
    }
    // the first unknown field in input order is the one named
    let e = serde_json::from_str::<Vec<Edit>>(
        r#"[{"op": "removeTask", "zeta": 1, "id": "a", "alpha": 2}]"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("unknown field `zeta`"), "{e}");
    let e = read(json!([{"op": "renameTask", "id": "a"}])).unwrap_err();
    assert!(e.contains("unknown variant `renameTask`"), "{e}");
    let e = read(json!([{"op": "removeTask", "id": "a", "cascade": true}])).unwrap_err();
    assert!(e.contains("unknown field `cascade`"), "{e}");
    // the position is the caller's: the closing brace of the list's second
    // element in `[{"id":"a","op":"removeTask"},{"op":"x"}]` (column 40 of
    // 41), not one in the text the reader rebuilt (`{"x":{}}`)
    let e = read(json!([{"op": "removeTask", "id": "a"}, {"op": "x"}])).unwrap_err();
    assert!(e.ends_with("unknown variant `x`, expected one of `addTask`, `removeTask`, `updateTask`, `addDependency`, `removeDependency`, `updateDependency`, `setProgress`, `setMeasurement`, `addCost`, `removeCost`, `updateCost`, `addResource`, `removeResource`, `updateResource`, `addAssignment`, `removeAssignment`, `updateAssignment`, `updateGoal` at line 1 column 40"), "{e}");
    // a patch obeys the same rules: a horizon as an array is refused and
    // nothing changes
    let mut ed = editor();
    let before = ed.model().document().clone();
    let e = ed
        .apply(&edits(json!([{"op": "updateTask", "id": "a",
            "set": {"constraint": ["start_no_earlier_than", "2025-10-08"]}}])))
        .unwrap_err();
    assert_eq!(e.code(), "bad_edit", "{e}");
    assert!(e.to_string().contains("expected struct"), "{e}");
    assert_eq!(ed.model().document(), &before);
    // a round trip of every kind of edit through its JSON is exact
    let all = edits(json!([
        {"op": "addTask", "plan": "p", "task": {"id": "y", "name": "Y", "duration": "2d"}},
        {"op": "updateTask", "id": "y", "set": {"name": "Y2"}},
        {"op": "addDependency", "successor": "y", "predecessor": "a", "type": "SS", "lag": "1d"},
        {"op": "updateDependency", "successor": "y", "predecessor": "a", "set": {"lag": null}},
        {"op": "setProgress", "id": "a", "percent_complete": 50, "actual_start": null},
        {"op": "setMeasurement", "kpi": "k", "date": "2025-11-01", "value": 3.5},
        {"op": "addCost", "cost": {"id": "c2", "category": "x", "kind": "fixed", "amount": "5.00"}},
        {"op": "addResource", "resource": {"id": "bo", "name": "Bo"}},
        {"op": "addAssignment", "task": "y", "assignment": {"resource": "bo"}},
        {"op": "removeDependency", "successor": "y", "predecessor": "a"},
        {"op": "removeTask", "id": "y", "remove_links": true}
    ]));
    let text = serde_json::to_string(&all).unwrap();
    assert_eq!(serde_json::from_str::<Vec<Edit>>(&text).unwrap(), all);
    assert_eq!(all[0].op(), "addTask");
    ed.apply(&all).unwrap();
    consistent(&ed);
}
