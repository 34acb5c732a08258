//! Edits: duration changes applied through `Model::set_task_duration` and
//! the incremental rescheduler give exactly a fresh full schedule; a
//! refused edit changes nothing.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
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
});
