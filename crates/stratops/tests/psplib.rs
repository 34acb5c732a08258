//! PSPLIB j30: the project length of every network equals the file's
//! `MPM-Time` (durations in days, FS links, a 7-day continuous calendar).
//!
//! The files are reference data that no one here wrote; they are found
//! through `STRATOPS_DATA` (default `../shared/data` beside the repo).

use std::path::PathBuf;

use stratops::model::*;
use stratops::schedule::{schedule, ScheduleOptions};
use stratops::{Date, Duration, Model};

fn data_dir() -> Option<PathBuf> {
    let dir = match std::env::var("STRATOPS_DATA") {
        Ok(d) => PathBuf::from(d),
        Err(_) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "reference data not found at {} (set STRATOPS_DATA)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: reference data not found at {} (set STRATOPS_DATA)",
        dir.display()
    );
    None
}

struct Psp {
    mpm: i64,
    succ: Vec<Vec<usize>>,
    dur: Vec<i64>,
}

fn parse(text: &str) -> Psp {
    let lines: Vec<&str> = text.lines().collect();
    let mut mpm = -1;
    let mut succ = Vec::new();
    let mut dur = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.starts_with("pronr.") {
            let f: Vec<i64> = lines[i + 1]
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            mpm = f[5];
        } else if l.starts_with("PRECEDENCE RELATIONS") {
            i += 2;
            while !lines[i].starts_with('*') {
                let f: Vec<usize> = lines[i]
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                succ.push(f[3..].iter().map(|j| j - 1).collect());
                i += 1;
            }
        } else if l.starts_with("REQUESTS/DURATIONS") {
            i += 3;
            while !lines[i].starts_with('*') {
                let f: Vec<i64> = lines[i]
                    .split_whitespace()
                    .filter_map(|x| x.parse().ok())
                    .collect();
                dur.push(f[2]);
                i += 1;
            }
        }
        i += 1;
    }
    Psp { mpm, succ, dur }
}

fn document(p: &Psp) -> Document {
    let all_day = || {
        Some(vec![Interval {
            from: "00:00".into(),
            to: "24:00".into(),
        }])
    };
    let week = Week {
        monday: all_day(),
        tuesday: all_day(),
        wednesday: all_day(),
        thursday: all_day(),
        friday: all_day(),
        saturday: all_day(),
        sunday: all_day(),
    };
    let mut doc = Document::new();
    doc.settings.minutes_per_day = 1440;
    doc.settings.minutes_per_week = 10080;
    doc.settings.calendar = Some("7x24".into());
    doc.calendars.push(Calendar {
        id: "7x24".into(),
        name: None,
        base: None,
        week,
        exceptions: vec![],
        extensions: Default::default(),
    });
    let mut tasks: Vec<Task> = (0..p.dur.len())
        .map(|j| {
            serde_json::from_value(
                serde_json::json!({"id": format!("j{}", j + 1), "name": format!("job {}", j + 1)}),
            )
            .unwrap()
        })
        .collect();
    for (j, t) in tasks.iter_mut().enumerate() {
        t.duration = Some(Duration::days(p.dur[j]));
    }
    for (i, ss) in p.succ.iter().enumerate() {
        for &s in ss {
            tasks[s].dependencies.push(Dependency {
                predecessor: format!("j{}", i + 1),
                link_type: LinkType::FS,
                lag: None,
            });
        }
    }
    doc.plans.push(Plan {
        tasks,
        ..serde_json::from_value(serde_json::json!({
            "id": "psp", "kind": "project", "name": "psplib",
            "horizon": {"start": "2025-01-01", "end": "2026-01-01"}
        }))
        .unwrap()
    });
    doc
}

#[test]
fn j30_project_lengths_equal_mpm_time() {
    let Some(dir) = data_dir() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("psplib/j30"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sm"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 480,
        "expected the 480 j30 networks, found {}",
        files.len()
    );
    let start = Date::from_ymd(2025, 1, 1).unwrap().start_of_day();
    let mut checked = 0;
    for f in &files {
        let p = parse(&std::fs::read_to_string(f).unwrap());
        assert!(
            p.mpm > 0 && p.dur.len() == 32,
            "{}: unexpected file shape",
            f.display()
        );
        let model = Model::new(document(&p)).unwrap();
        let s = schedule(&model, &ScheduleOptions::default()).unwrap();
        let len = (s.project_finish.0 - start.0).num_minutes();
        assert_eq!(
            len,
            p.mpm * 1440,
            "{}: project length {} min, MPM-Time {} d",
            f.display(),
            len,
            p.mpm
        );
        // every critical path runs the whole length and every float is >= 0
        for path in &s.critical_paths {
            let first = s.task(&path[0]).unwrap();
            let last = s.task(path.last().unwrap()).unwrap();
            assert_eq!(first.early_start, s.project_start, "{}", f.display());
            assert_eq!(last.early_finish, s.project_finish, "{}", f.display());
        }
        assert!(!s.critical_paths.is_empty());
        assert!(s
            .tasks
            .iter()
            .all(|t| t.total_float_min >= 0 && t.free_float_min <= t.total_float_min));
        checked += 1;
    }
    println!("PSPLIB j30: {checked} networks, every project length equals MPM-Time");
}
