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
        ..Default::default()
    };
    check(&mut model, 5, 40, &opts);
}

#[test]
fn a_status_date_with_progress_matches_too() {
    // Progress on every 7th leaf (some done, some started), and a status
    // date a few weeks in: started work resumes after it, unstarted work
    // waits for it, in the incremental run exactly as in the full one.
    let g = generate(&GenOptions::new(900, 4));
    let mut doc: serde_json::Value = serde_json::from_str(&g.json).unwrap();
    let mut k = 0;
    for plan in doc["plans"].as_array_mut().unwrap() {
        let Some(tasks) = plan.get_mut("tasks").and_then(|t| t.as_array_mut()) else {
            continue;
        };
        for t in tasks {
            k += 1;
            if k % 7 == 0 && t.get("duration").is_some() {
                let pct = [100, 40, 10][k % 3];
                t["progress"] = serde_json::json!({"percent_complete": pct});
            }
        }
    }
    let mut model = Model::from_json(&doc.to_string()).unwrap();
    for oos in [None, Some(schedule::OutOfSequence::ProgressOverride)] {
        let opts = ScheduleOptions {
            status_date: Some("2025-02-14".parse().unwrap()),
            out_of_sequence: oos,
            ..Default::default()
        };
        // the status date does move work
        assert_ne!(
            full(&model, &opts)["tasks"],
            full(&model, &Default::default())["tasks"]
        );
        check(&mut model, 11, 30, &opts);
    }
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

/// A small random network with what the generated plans lack: links into
/// and out of summaries (so percentage lags on a summary's span), every
/// constraint type (so conflicts and ALAP), actual dates, milestones, tasks
/// with no duration, and a long unlinked task now and then, so that many
/// edits leave the project finish where it is. Documents the validator
/// refuses (a link between a summary and its own descendant closes a
/// cycle) are skipped.
fn random_doc(rng: &mut Rng) -> String {
    let n = 6 + rng.below(22);
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for (i, p) in parent.iter_mut().enumerate().skip(1) {
        if rng.chance(0.3) {
            *p = Some(rng.below(i));
        }
    }
    let ancestors = |mut i: usize| {
        let mut a = Vec::new();
        while let Some(p) = parent[i] {
            a.push(p);
            i = p;
        }
        a
    };
    let pick = |rng: &mut Rng, xs: &[&'static str]| xs[rng.below(xs.len())];
    let mut tasks = Vec::new();
    for (i, par) in parent.iter().enumerate() {
        let mut t = format!(r#"{{"id": "t{i}", "name": "T{i}""#);
        if let Some(p) = par {
            t += &format!(r#", "parent": "t{p}""#);
        }
        if rng.chance(0.08) {
            t += r#", "kind": "milestone""#;
        } else if rng.chance(0.85) {
            let d = pick(rng, &["1d", "2d", "3d", "0d", "3h", "2ed", "5d", "60d"]);
            t += &format!(r#", "duration": "{d}""#);
        }
        let mut deps = Vec::new();
        for _ in 0..rng.below(3) {
            if i == 0 {
                break;
            }
            let j = rng.below(i);
            if ancestors(i).contains(&j)
                || deps
                    .iter()
                    .any(|d: &String| d.contains(&format!("\"t{j}\"")))
            {
                continue;
            }
            let ty = pick(rng, &["FS", "FS", "SS", "FF", "SF"]);
            let lag = pick(rng, &["", "1d", "-1d", "50%", "12.5%", "2ed", "4h"]);
            let lag = if lag.is_empty() {
                String::new()
            } else {
                format!(r#", "lag": "{lag}""#)
            };
            deps.push(format!(r#"{{"predecessor": "t{j}", "type": "{ty}"{lag}}}"#));
        }
        if !deps.is_empty() {
            t += &format!(r#", "dependencies": [{}]"#, deps.join(", "));
        }
        if rng.chance(0.2) {
            let ty = pick(
                rng,
                &["SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO", "ALAP", "ASAP"],
            );
            let day = 6 + rng.below(40);
            let (m, d) = if day > 31 { (11, day - 31) } else { (10, day) };
            t += &format!(r#", "constraint": {{"type": "{ty}", "date": "2025-{m:02}-{d:02}"}}"#);
        }
        if rng.chance(0.1) {
            t += &format!(r#", "deadline": "2025-10-{:02}""#, 10 + rng.below(20));
        }
        if rng.chance(0.08) {
            t += r#", "progress": {"percent_complete": 50, "actual_start": "2025-10-07"}"#;
        }
        t += "}";
        tasks.push(t);
    }
    format!(
        r#"{{"format": "stratops/1", "plans": [{{"id": "p", "kind": "project", "name": "P",
           "horizon": {{"start": "2025-10-06", "end": "2027-12-31"}}, "tasks": [{}]}}]}}"#,
        tasks.join(",\n")
    )
}

#[test]
fn random_networks_with_every_feature_match_a_full_schedule() {
    let mut rng = Rng::new(20261122);
    let mut checked = 0;
    let mut docs = 0;
    while docs < 300 {
        let text = random_doc(&mut rng);
        let Ok(mut model) = Model::from_json(&text) else {
            continue;
        };
        if schedule::schedule(&model, &ScheduleOptions::default()).is_err() {
            continue;
        }
        docs += 1;
        let n = model.index().tasks.len();
        let honor = rng.chance(0.5);
        let opts = ScheduleOptions {
            honor_constraints: Some(honor),
            ..Default::default()
        };
        let mut r = Rescheduler::new(&model, &opts).unwrap();
        for _ in 0..8 {
            let t = rng.below(n) as u32;
            // none among the durations: a task with none and one with "0d"
            // both count zero minutes, but show as a task and a milestone
            let d = ["0d", "1d", "4d", "2ed", "3h", "30d", ""][rng.below(7)];
            let d = (!d.is_empty()).then(|| d.parse().unwrap());
            if model.set_task_duration(t, d).is_err() {
                continue;
            }
            let got = serde_json::to_value(r.durations_changed(&model, &[t]).unwrap()).unwrap();
            assert_eq!(got, full(&model, &opts), "{text}\nafter t{t} = {d:?}");
            checked += 1;
        }
    }
    assert!(checked > 1500, "only {checked} edits checked");
}
