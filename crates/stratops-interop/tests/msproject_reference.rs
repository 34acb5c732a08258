//! The MS Project comparison: import each reference file, schedule it with
//! `stratops::schedule`, and compare every unfinished, non-summary task
//! with the values MS Project stored in the same file: early and late start
//! and finish, total and free slack (stored in tenths of a minute) and the
//! critical flag.
//!
//! Two instants are equal when only non-working time of the task's calendar
//! lies between them (Friday 17:00 == Monday 08:00). The test prints a
//! table, tasks × fields, with both values for every mismatch.

mod common;

use stratops::schedule::{schedule, Schedule, ScheduleOptions};
use stratops::{DateTime, Model, TaskKind};
use stratops_interop::import_mspdi;

const FIELDS: [&str; 7] = ["ES", "EF", "LS", "LF", "TS", "FS", "crit"];

/// One compared cell.
struct Cell {
    ok: bool,
    ours: String,
    theirs: String,
}

// No input is corrected: `sample.xml`'s "Second Task" (t2) stores
// `<Duration>PT800H0M0S</Duration>`, but its dates come from its two
// resource assignments (200 h at 50% on "First Resource" and 300 h at 75% on
// the "Night Shift"-based "Second Resource", each 400 h of its own
// calendar), which stratops now schedules as MS Project does: the task
// ends with its last assignment, 2003-03-18 08:00 (the end of 03-17).

fn stored<'a>(task: &'a stratops::Task, field: &str) -> Option<&'a str> {
    task.extensions.get("mspdi")?.get(field)?.as_str()
}

fn same_instant(s: &Schedule, dense: u32, a: DateTime, b: DateTime) -> bool {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    s.working_minutes(dense, lo, hi)
        .map(|m| m == 0)
        .unwrap_or(false)
}

/// Compares one file; returns the mismatches as (task id, field, text).
fn compare_file(name: &str, xml: &str) -> Vec<(String, String, String)> {
    compare_counted(name, xml).0
}

/// Compares one file; returns the mismatches and the number of cells
/// compared.
fn compare_counted(name: &str, xml: &str) -> (Vec<(String, String, String)>, usize) {
    let doc = import_mspdi(xml)
        .unwrap_or_else(|e| panic!("{name}: import refused: {e}"))
        .document;
    let model = Model::new(doc).unwrap_or_else(|e| panic!("{name}: invalid: {e}"));
    let sched = schedule(&model, &ScheduleOptions::default())
        .unwrap_or_else(|e| panic!("{name}: schedule failed: {e}"));
    let plan = &model.document().plans[0];
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for (dense, times) in sched.tasks.iter().enumerate() {
        let task = plan
            .tasks
            .iter()
            .find(|t| t.id == times.id)
            .expect("task exists");
        if times.kind == TaskKind::Summary {
            continue;
        }
        let pc: f64 = stored(task, "PercentComplete")
            .and_then(|v| v.parse().ok())
            .or(task.progress.as_ref().map(|p| p.percent_complete))
            .unwrap_or(0.0);
        if pc >= 100.0 {
            continue;
        }
        let dense = dense as u32;
        let mut cells = Vec::new();
        for (field, ours) in [
            ("EarlyStart", times.early_start),
            ("EarlyFinish", times.early_finish),
            ("LateStart", times.late_start),
            ("LateFinish", times.late_finish),
        ] {
            let theirs = stored(task, field).unwrap_or("(none)");
            let ok = theirs
                .parse::<DateTime>()
                .map(|t| same_instant(&sched, dense, ours, t))
                .unwrap_or(false);
            cells.push(Cell {
                ok,
                ours: ours.to_string(),
                theirs: theirs.to_string(),
            });
        }
        for (field, ours) in [
            ("TotalSlack", times.total_float_min),
            ("FreeSlack", times.free_float_min),
        ] {
            // MS Project stores slack in tenths of a minute.
            let theirs = stored(task, field).and_then(|v| v.parse::<i64>().ok());
            cells.push(Cell {
                ok: theirs == Some(ours * 10),
                ours: format!("{ours}m"),
                theirs: theirs.map_or("(none)".into(), |t| format!("{}m", t as f64 / 10.0)),
            });
        }
        let theirs = stored(task, "Critical").unwrap_or("(none)");
        cells.push(Cell {
            ok: (theirs == "1") == times.critical && theirs != "(none)",
            ours: u8::from(times.critical).to_string(),
            theirs: theirs.to_string(),
        });
        rows.push((format!("{} {}", task.id, task.name), cells));
    }

    // The table.
    println!("\n== {name}: {} tasks compared ==", rows.len());
    print!("{:<28}", "task");
    for f in FIELDS {
        print!(" {f:<5}");
    }
    println!();
    let mut mismatches = Vec::new();
    let compared = rows.iter().map(|(_, c)| c.len()).sum();
    for (label, cells) in &rows {
        print!("{label:<28}");
        for c in cells {
            print!(" {:<5}", if c.ok { "ok" } else { "DIFF" });
        }
        println!();
        for (f, c) in FIELDS.iter().zip(cells) {
            if !c.ok {
                let id = label.split(' ').next().unwrap_or("").to_string();
                let line = format!(
                    "{name} {label} {f}: ours {} vs MS Project {}",
                    c.ours, c.theirs
                );
                println!("    MISMATCH: {line}");
                mismatches.push((id, f.to_string(), line));
            }
        }
    }
    (mismatches, compared)
}

#[test]
fn schedules_match_ms_project() {
    let Some(dir) = common::mspdi_dir() else {
        return;
    };
    let mut all = Vec::new();
    for name in common::FILES {
        let xml = std::fs::read_to_string(dir.join(name)).expect("readable reference file");
        all.extend(compare_file(name, &xml).into_iter().map(|m| m.2));
    }
    assert!(
        all.is_empty(),
        "{} field(s) differ from MS Project:\n{}",
        all.len(),
        all.join("\n")
    );
}

// The differences `every_reference_file_imports_and_schedules` prints, and
// why they are not asserted away (docs/scheduling.md has the table):
// - mspdiduration.xml Tasks 1-4 (no successors): MS Project stores late
//   finish 2009-04-21 17:00, but the file's FinishDate (Task 10's early
//   finish) is 2009-04-24 08:00 = 04-23 17:00 on their calendar, and Task 5,
//   also without successors, stores late finish 04-23 17:00. The four kept
//   late dates from an earlier finish: slack 9,599 vs ours 10,559, 9,540 vs
//   10,500, 9,120 vs 10,080, 7,200 vs 8,160 minutes; each gap is 960 =
//   2 days × 480, the two working days 04-22 and 04-23.
// - mspdiresource.xml "Contoured Task": a work contour (not modelled).
// - mspditimephased.xml: splits in the timephased work and progress resumed
//   after a stop (not modelled; the status date belongs to the execution
//   issue).

/// Every file in the reference folder imports (none refused), validates and
/// schedules; the table says how many of MS Project's stored values each
/// reproduces. Files listed in `common::FILES` must match every value
/// (`schedules_match_ms_project`); the others exercise MS Project
/// behaviours not modelled yet (manual tasks, resource-driven durations,
/// splits: see docs/scheduling.md), and their differences are printed here,
/// not asserted away.
#[test]
fn every_reference_file_imports_and_schedules() {
    let Some(dir) = common::mspdi_dir() else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("reference folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xml"))
        .collect();
    names.sort();
    assert!(names.len() >= common::FILES.len());
    let mut summary = Vec::new();
    for name in &names {
        let xml = std::fs::read_to_string(dir.join(name)).expect("readable reference file");
        let (diff, cells) = compare_counted(name, &xml);
        summary.push((name.clone(), cells, cells - diff.len()));
    }
    println!(
        "\n{:<46} {:>6} {:>6} {:>7}",
        "file", "values", "match", "share"
    );
    let (mut all, mut ok) = (0, 0);
    for (name, cells, matched) in &summary {
        all += cells;
        ok += matched;
        let share = if *cells == 0 {
            100.0
        } else {
            100.0 * *matched as f64 / *cells as f64
        };
        println!("{name:<46} {cells:>6} {matched:>6} {share:>6.1}%");
    }
    println!(
        "{:<46} {all:>6} {ok:>6} {:>6.1}%",
        "all",
        100.0 * ok as f64 / all.max(1) as f64
    );
}
