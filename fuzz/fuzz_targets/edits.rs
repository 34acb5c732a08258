//! Edits: duration changes applied through `Model::set_task_duration` and
//! the incremental rescheduler give exactly a fresh full schedule; a
//! refused edit changes nothing. Then transactions of random edits through
//! the editor (`stratops::edit`): a refused one changes nothing, an
//! applied one leaves the editor's schedule equal to a full schedule, and
//! undoing them all gives back the document exactly.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use stratops::edit::{Edit, Editor};
use stratops::schedule::{schedule, Rescheduler};

#[path = "gen.rs"]
mod gen;

const EDITS: &[&str] = &[
    "0d",
    "1d",
    "3d",
    "2h",
    "10ed",
    "-1d",
    "40000d",
    "1000000000000m",
];

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((doc, _)) = gen::plan(&mut u) else {
        return;
    };
    let Ok(mut model) = stratops::Model::from_json(&doc.to_string()) else {
        return;
    };
    let opts = Default::default();
    let Ok(mut r) = Rescheduler::new(&model, &opts) else {
        return;
    };
    let n = model.index().tasks.len();
    for _ in 0..u.int_in_range(1..=8usize).unwrap_or(1) {
        let Ok(t) = u.choose_index(n) else { return };
        let d = match u.choose(EDITS) {
            Ok(s) if u.ratio(5, 6).unwrap_or(true) => Some(s.parse().expect("duration")),
            _ => None,
        };
        let before = model.document().clone();
        if model.set_task_duration(t as u32, d).is_err() {
            assert_eq!(
                model.document(),
                &before,
                "a refused edit changed the document"
            );
            continue;
        }
        let inc = r.durations_changed(&model, &[t as u32]).map(|s| s.clone());
        let full = schedule(&model, &opts);
        match (inc, full) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    a.tasks, b.tasks,
                    "incremental != full after editing task {t}"
                );
                assert_eq!(a.critical_paths, b.critical_paths);
                assert_eq!(a.project_finish, b.project_finish);
            }
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("incremental {:?} vs full {:?}", a.err(), b.err()),
        }
    }
    transactions(&mut u, model);
});

/// One random edit naming tasks of `ids` (or an id that names nothing).
fn edit(u: &mut Unstructured, ids: &[String]) -> arbitrary::Result<Value> {
    let mut id = || -> arbitrary::Result<String> {
        Ok(if u.ratio(1, 10)? {
            "nope".to_string()
        } else {
            u.choose(ids)?.clone()
        })
    };
    let (a, b) = (id()?, id()?);
    let d = *u.choose(EDITS)?;
    let ty = *u.choose(&["FS", "SS", "FF", "SF"])?;
    Ok(match u.int_in_range(0..=7u8)? {
        0 | 1 => json!({"op": "updateTask", "id": a, "set": {"duration": d}}),
        2 => {
            json!({"op": "addTask", "task": {"id": format!("new{}", u.int_in_range(0..=9u8)?), "name": "N",
                    "duration": d, "dependencies": [{"predecessor": b}]}})
        }
        3 => json!({"op": "addDependency", "successor": a, "predecessor": b, "type": ty}),
        4 => json!({"op": "removeDependency", "successor": a, "predecessor": b}),
        5 => json!({"op": "removeTask", "id": a, "remove_links": u.arbitrary::<bool>()?}),
        6 => json!({"op": "setProgress", "id": a, "percent_complete": u.int_in_range(0..=120u8)?}),
        _ => json!({"op": "updateTask", "id": a, "set": {"parent": b}}),
    })
}

fn transactions(u: &mut Unstructured, model: stratops::Model) {
    let start = model.document().clone();
    let Ok(mut ed) = Editor::new(model, Default::default()) else {
        return;
    };
    let mut applied = 0;
    for _ in 0..u.int_in_range(1..=4usize).unwrap_or(1) {
        let ids: Vec<String> = ed
            .model()
            .document()
            .plans
            .iter()
            .flat_map(|p| p.tasks.iter().map(|t| t.id.clone()))
            .collect();
        if ids.is_empty() {
            return;
        }
        let mut list = Vec::new();
        for _ in 0..u.int_in_range(1..=5usize).unwrap_or(1) {
            match edit(u, &ids).map(serde_json::from_value::<Edit>) {
                Ok(Ok(e)) => list.push(e),
                _ => break,
            }
        }
        let before = ed.model().document().clone();
        match ed.apply(&list) {
            Ok(_) => {
                applied += 1;
                let full =
                    schedule(ed.model(), &Default::default()).expect("an applied edit schedules");
                let mine = ed.cached_schedule().expect("scheduled");
                assert_eq!(
                    mine.tasks, full.tasks,
                    "the editor's schedule != a full schedule"
                );
                assert_eq!(mine.critical_paths, full.critical_paths);
            }
            Err(e) => {
                assert!(e.path().is_some_and(|p| p.starts_with("edits[")), "{e}");
                assert_eq!(
                    ed.model().document(),
                    &before,
                    "a refused transaction changed the document"
                );
            }
        }
    }
    for _ in 0..applied {
        ed.undo().expect("undo").expect("a step to undo");
    }
    assert_eq!(
        ed.model().document(),
        &start,
        "undo did not restore the document"
    );
}
