//! The incremental reschedule against a full schedule: after every duration
//! edit, `Rescheduler::durations_changed` must give exactly what
//! `schedule::schedule` gives on the edited model, field for field, on the
//! generated plans (summaries, all link types and lags, constraints,
//! deadlines, calendars with holidays) and on the example plans.

use stratops::schedule::{self, Rescheduler, ScheduleOptions};
use stratops::Model;
use stratops_bench::gen::{generate, GenOptions, Rng};

const DURATIONS: &[&str] = &[
    "0d", "1d", "2d", "3d", "5d", "8d", "13d", "40d", "4h", "90m", "2ed", "1w",
];

fn full(model: &Model, opts: &ScheduleOptions) -> serde_json::Value {
    let s = schedule::schedule(model, opts).expect("the full schedule runs");
    serde_json::to_value(&s).expect("a schedule serializes")
}

/// `edits` random duration edits, one or a few tasks at a time, each
/// checked against a full schedule.
fn check(model: &mut Model, seed: u64, edits: usize, opts: &ScheduleOptions) -> usize {
    let n = model.index().tasks.len() as u64;
    assert!(n > 0);
    let mut r = Rescheduler::new(model, opts).expect("the first schedule runs");
    assert_eq!(
        serde_json::to_value(r.schedule()).unwrap(),
        full(model, opts),
        "before any edit"
    );
    let mut rng = Rng::new(seed);
    let mut moved = 0;
    for e in 0..edits {
        let k = 1 + rng.below(3);
        let mut changed = Vec::new();
        for _ in 0..k {
            let t = rng.below(n as usize) as u32;
            let d = DURATIONS[rng.below(DURATIONS.len())];
            model
                .set_task_duration(t, Some(d.parse().unwrap()))
                .expect("a valid duration is accepted");
            changed.push(t);
        }
        let before = r.schedule().project_finish;
        let got = serde_json::to_value(r.durations_changed(model, &changed).unwrap()).unwrap();
        if r.schedule().project_finish != before {
            moved += 1;
        }
        let want = full(model, opts);
        if got != want {
            // name the first task that differs, for a readable failure
            let (g, w) = (&got["tasks"], &want["tasks"]);
            let first = (0..n as usize).find(|&i| g[i] != w[i]);
            panic!(
                "edit {e} ({changed:?}) differs from a full schedule; first task: {:?}\ngot  {}\nwant {}",
                first,
                first.map(|i| g[i].to_string()).unwrap_or_default(),
                first.map(|i| w[i].to_string()).unwrap_or_default(),
            );
        }
    }
    moved
}

#[test]
fn generated_plans_match_a_full_schedule_after_every_edit() {
    let mut finish_moves = 0;
    let mut finish_stays = 0;
    for seed in [1u64, 2, 3] {
        let mut o = GenOptions::new(1200, seed);
        o.plan_size = 400;
        let g = generate(&o);
        let mut model = Model::from_json(&g.json).unwrap();
        let edits = 60;
        let moved = check(&mut model, seed * 31, edits, &ScheduleOptions::default());
        finish_moves += moved;
        finish_stays += edits - moved;
    }
    // both paths (the late dates in full, and only the cone) were exercised
    assert!(finish_moves > 0, "no edit moved the project finish");
    assert!(finish_stays > 0, "every edit moved the project finish");
}

#[test]
fn constraints_off_and_a_float_threshold_match_too() {
    let g = generate(&GenOptions::new(600, 9));
    let mut model = Model::from_json(&g.json).unwrap();
    let opts = ScheduleOptions {
        honor_constraints: Some(false),
        critical_threshold_min: Some(480),
        max_paths: Some(3),
    };
    check(&mut model, 5, 40, &opts);
}

#[test]
fn example_plans_match_a_full_schedule_after_every_edit() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/plans");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let mut model = Model::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if model.index().tasks.is_empty() {
            continue;
        }
        check(&mut model, 17, 30, &ScheduleOptions::default());
        seen += 1;
    }
    assert!(seen >= 2, "expected the example plans in {}", dir.display());
}

#[test]
fn an_edit_that_changes_nothing_and_a_bad_index() {
    let g = generate(&GenOptions::new(200, 4));
    let mut model = Model::from_json(&g.json).unwrap();
    let mut r = Rescheduler::new(&model, &ScheduleOptions::default()).unwrap();
    let before = serde_json::to_value(r.schedule()).unwrap();
    // the same duration again: nothing moves
    let t = (0..200u32)
        .find(|&t| model.task(t).duration.is_some())
        .unwrap();
    let d = model.task(t).duration;
    model.set_task_duration(t, d).unwrap();
    let after = serde_json::to_value(r.durations_changed(&model, &[t]).unwrap()).unwrap();
    assert_eq!(before, after);
    let err = r.durations_changed(&model, &[200]).unwrap_err();
    assert_eq!(err.code(), "unknown_task");
    // a different model (more tasks) is scheduled in full, not misread
    let other = Model::from_json(&generate(&GenOptions::new(300, 4)).json).unwrap();
    let s = r.durations_changed(&other, &[]).unwrap();
    assert_eq!(s.tasks.len(), 300);
    assert_eq!(
        serde_json::to_value(s).unwrap(),
        full(&other, &ScheduleOptions::default())
    );
}
