//! PSPLIB: every j30 instance imported and leveled, each leveled schedule
//! checked feasible by a checker that reads the `.sm` file itself (not the
//! importer's document), and never shorter than the proven optimum of
//! `j30-optimum.csv`. Bad `.sm` files are coded errors with the line.

mod common;

use std::collections::HashMap;

use stratops::level::{level, LevelMode, LevelOptions};
use stratops::Model;
use stratops_interop::import_psplib;

/// The instance as the file states it, read independently of the importer.
struct Sm {
    succ: Vec<Vec<usize>>,
    dur: Vec<i64>,
    req: Vec<Vec<i64>>,
    cap: Vec<i64>,
    mpm: i64,
}

fn numbers(l: &str) -> Vec<i64> {
    l.split_whitespace().map(|w| w.parse().unwrap()).collect()
}

fn read_sm(text: &str) -> Sm {
    let lines: Vec<&str> = text.lines().collect();
    let at = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    let block = |from: usize| {
        lines[from..]
            .iter()
            .take_while(|l| !l.starts_with('*'))
            .map(|l| numbers(l))
            .collect::<Vec<_>>()
    };
    let prec = block(at("PRECEDENCE RELATIONS") + 2);
    let reqs = block(at("REQUESTS/DURATIONS") + 3);
    Sm {
        succ: prec
            .iter()
            .map(|r| r[3..].iter().map(|&s| s as usize - 1).collect())
            .collect(),
        dur: reqs.iter().map(|r| r[2]).collect(),
        req: reqs.iter().map(|r| r[3..].to_vec()).collect(),
        cap: numbers(lines[at("RESOURCEAVAILABILITIES") + 2]),
        mpm: numbers(lines[at("pronr.") + 1])[5],
    }
}

/// Checks precedence (a successor starts after its predecessor finishes)
/// and capacity (on every day, the requests of the jobs in progress fit).
fn feasible(sm: &Sm, start: &[i64]) -> Result<i64, String> {
    let n = sm.dur.len();
    for i in 0..n {
        if start[i] < 0 {
            return Err(format!("job {} starts on day {}", i + 1, start[i]));
        }
        for &s in &sm.succ[i] {
            if start[s] < start[i] + sm.dur[i] {
                return Err(format!(
                    "job {} starts on day {} before job {} ends on day {}",
                    s + 1,
                    start[s],
                    i + 1,
                    start[i] + sm.dur[i]
                ));
            }
        }
    }
    let makespan = (0..n).map(|i| start[i] + sm.dur[i]).max().unwrap();
    for day in 0..makespan {
        for (k, &cap) in sm.cap.iter().enumerate() {
            let used: i64 = (0..n)
                .filter(|&i| start[i] <= day && day < start[i] + sm.dur[i])
                .map(|i| sm.req[i][k])
                .sum();
            if used > cap {
                return Err(format!("R{} uses {used} of {cap} on day {day}", k + 1));
            }
        }
    }
    Ok(makespan)
}

#[test]
fn every_j30_instance_levels_to_a_feasible_schedule_no_shorter_than_the_optimum() {
    let Some(dir) = common::psplib_dir() else {
        return;
    };
    let optimum: HashMap<String, i64> = std::fs::read_to_string(dir.join("j30-optimum.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (f, v) = l.split_once(',').unwrap();
            (f.to_string(), v.trim().parse().unwrap())
        })
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("j30"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sm"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 480, "the 480 j30 instances");
    let (mut optimal, mut dev) = (0usize, 0.0f64);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(f).unwrap();
        let sm = read_sm(&text);
        let model = Model::new(import_psplib(&text).unwrap()).unwrap();
        let r = level(
            &model,
            &LevelOptions {
                schedules: Some(1000),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            r.mode,
            LevelMode::Optimise,
            "{name}: PSPLIB defaults to optimise"
        );
        assert_eq!(
            r.lower_bound_days, sm.mpm,
            "{name}: the critical path is MPM-Time"
        );
        assert!(r.schedules <= 1000, "{name}: {} schedules", r.schedules);
        let mut start = vec![-1; sm.dur.len()];
        for t in &r.tasks {
            let j: usize = t.id[1..].parse().unwrap();
            start[j - 1] = t.start_day;
            assert_eq!(t.finish_day - t.start_day, sm.dur[j - 1], "{name} {}", t.id);
        }
        let makespan = feasible(&sm, &start).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(makespan, r.makespan_days, "{name}");
        assert!(
            r.overallocations.is_empty(),
            "{name}: {:?}",
            r.overallocations
        );
        let opt = optimum[&name];
        assert!(
            makespan >= opt,
            "{name}: makespan {makespan} below the proven optimum {opt}: the checker or the file is wrong"
        );
        if makespan == opt {
            optimal += 1;
        }
        dev += (makespan - opt) as f64 / opt as f64;
    }
    println!(
        "j30 at 1,000 schedules: {optimal}/480 optimal, average deviation {:.3}%",
        100.0 * dev / 480.0
    );
}

#[test]
fn the_same_seed_gives_the_same_schedule_and_another_seed_may_not() {
    let Some(dir) = common::psplib_dir() else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("j30/j3013_1.sm")).unwrap();
    let model = Model::new(import_psplib(&text).unwrap()).unwrap();
    let run = |seed| {
        level(
            &model,
            &LevelOptions {
                schedules: Some(300),
                seed: Some(seed),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let (a, b) = (run(7), run(7));
    assert_eq!(a.tasks, b.tasks);
    assert_eq!(a.schedules, b.schedules);
    assert_eq!(a.seed, Some(7));
}

const SMALL: &str = "\
jobs (incl. supersource/sink ):  4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
   3
************************************************************************
";

#[test]
fn a_small_instance_levels_both_ways_and_keeps_its_header() {
    let doc = import_psplib(SMALL).unwrap();
    assert_eq!(doc.resources[0].id, "R1");
    assert!(doc.plans[0].extensions.contains_key("psplib"));
    let model = Model::new(doc).unwrap();
    for mode in [LevelMode::Standard, LevelMode::Optimise] {
        let r = level(
            &model,
            &LevelOptions {
                mode: Some(mode),
                ..Default::default()
            },
        )
        .unwrap();
        // j2 and j3 need 2 of 3 units each: they run one after the other
        assert_eq!(r.makespan_days, 5, "{mode:?}");
        assert_eq!(r.lower_bound_days, 3);
        assert_eq!(r.overallocations_before.len(), 1);
        assert_eq!(r.overallocations_before[0].tasks, ["j2", "j3"]);
        assert!(r.overallocations.is_empty());
        let delayed: Vec<_> = r
            .tasks
            .iter()
            .filter(|t| t.leveling_delay_days > 0)
            .collect();
        assert_eq!(
            delayed.len(),
            2,
            "j3 (or j2) and the sink wait: {delayed:?}"
        );
    }
}

fn err(text: &str) -> stratops::Error {
    import_psplib(text).unwrap_err()
}

#[test]
fn malformed_files_are_coded_errors_with_the_line() {
    let e = err("nothing here");
    assert_eq!(e.code(), "bad_psplib");
    // a successor that is not a job: line 6
    let e = err(&SMALL.replace(
        "   2        1          1           4",
        "   2        1          1           9",
    ));
    assert_eq!((e.code(), e.path()), ("bad_psplib", Some("line 6")));
    // a wrong successor count
    let e = err(&SMALL.replace(
        "   3        1          1           4",
        "   3        1          2           4",
    ));
    assert_eq!((e.code(), e.path()), ("bad_psplib", Some("line 7")));
    // a request row missing a column: line 14
    let e = err(&SMALL.replace("  2      1     3       2", "  2      1     3"));
    assert_eq!((e.code(), e.path()), ("bad_psplib", Some("line 14")));
    // a negative or non-numeric duration
    let e = err(&SMALL.replace("  2      1     3       2", "  2      1    -3       2"));
    assert_eq!((e.code(), e.path()), ("bad_psplib", Some("line 14")));
    // a multi-mode job
    let e = err(&SMALL.replace("   4        1          0", "   4        2          0"));
    assert_eq!((e.code(), e.path()), ("bad_psplib", Some("line 8")));
    // a truncated file
    let cut: String = SMALL.lines().take(10).collect::<Vec<_>>().join("\n");
    assert_eq!(err(&cut).code(), "bad_psplib");
    // a cycle: job 4 back to job 2
    let e = err(&SMALL.replace(
        "   4        1          0",
        "   4        1          1           2",
    ));
    assert_eq!(e.code(), "dependency_cycle");
    let stratops::Error::Cycle(c) = e else {
        panic!()
    };
    assert_eq!(c.ids, ["j2", "j4"]);
}

#[test]
fn a_task_needing_more_than_the_capacity_or_a_zero_capacity_is_refused() {
    let over =
        import_psplib(&SMALL.replace("  2      1     3       2", "  2      1     3       4"))
            .unwrap();
    let e = level(&Model::new(over).unwrap(), &LevelOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("over_capacity", Some("j2")));
    let zero = import_psplib(&SMALL.replace("  R 1\n   3", "  R 1\n   0")).unwrap();
    let e = level(&Model::new(zero).unwrap(), &LevelOptions::default()).unwrap_err();
    assert_eq!((e.code(), e.id()), ("zero_capacity", Some("R1")));
    let ok = Model::new(import_psplib(SMALL).unwrap()).unwrap();
    for bad in [0, stratops::level::MAX_SCHEDULES + 1] {
        let e = level(
            &ok,
            &LevelOptions {
                schedules: Some(bad),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!((e.code(), e.id()), ("bad_option", Some("schedules")));
    }
    let e = LevelMode::from_option("fastest").unwrap_err();
    assert_eq!((e.code(), e.id()), ("bad_option", Some("mode")));
}
