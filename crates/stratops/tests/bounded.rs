//! Bounded cost on every input: small valid plans whose work once grew far
//! faster than their size. Each test counts work (graph edges, result rows),
//! never time, and runs the inputs at full size.

use serde_json::{json, Value};
use stratops::{budget, schedule, Model};

fn model(v: Value) -> Model {
    Model::from_json(&v.to_string()).expect("valid plan")
}

/// F1: a summary with `n` children and `n` tasks that depend on the
/// summary. Every child sets the summary's finish, so every child drives
/// every successor: children × successors driving pairs.
fn wide_summary(n: usize) -> Value {
    let mut tasks = vec![json!({"id": "s", "name": "S"})];
    for i in 0..n {
        tasks.push(json!({"id": format!("c{i}"), "name": "c", "parent": "s", "duration": "1d"}));
    }
    for i in 0..n {
        tasks.push(json!({"id": format!("d{i}"), "name": "d", "duration": "1d",
            "dependencies": [{"predecessor": "s"}]}));
    }
    json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": tasks}]})
}

#[test]
fn summary_links_build_a_path_graph_linear_in_the_input() {
    let n = 20_000;
    let m = model(wide_summary(n));
    let opts = schedule::ScheduleOptions::default();
    let size = schedule::path_graph_size(&m, &opts).expect("schedules");
    let tasks = 2 * n + 1;
    let links = n;
    // Before the gates: n × n = 400 million edges.
    assert!(
        size.edges <= 4 * (tasks + links),
        "path graph has {} edges for {tasks} tasks and {links} links",
        size.edges
    );
    assert!(size.nodes <= 4 * tasks, "{} nodes", size.nodes);
    // The listing stops at max_paths (100) and its walk stays small.
    assert!(
        size.steps <= 100 * 4 * (tasks + links) as u64,
        "{} steps",
        size.steps
    );
    let s = schedule::schedule(&m, &opts).expect("schedules");
    assert_eq!(s.critical_paths.len(), 100);
    assert!(s.paths_truncated);
    // The first path: the first child (in start order, then index) and
    // the first successor, joined through the summary's finish gate.
    assert_eq!(
        s.critical_paths[0],
        vec!["c0".to_string(), "d0".to_string()]
    );
    assert_eq!(
        s.critical_paths[1],
        vec!["c0".to_string(), "d1".to_string()]
    );
}

/// The gates list the same chains as direct edges on a small case:
/// links from a summary, into a summary (inherited by its children), SS
/// from a summary (the children that start it) and a non-critical child.
#[test]
fn gates_list_the_same_paths_as_direct_edges() {
    let m = model(
        json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project",
            "name": "P", "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": [
            {"id": "a", "name": "A", "duration": "2d"},
            {"id": "b", "name": "B", "duration": "2d"},
            {"id": "x", "name": "X", "duration": "1d"},
            {"id": "s", "name": "S", "dependencies": [{"predecessor": "a"}, {"predecessor": "b"},
                {"predecessor": "x"}]},
            {"id": "s1", "name": "S1", "parent": "s", "duration": "3d"},
            {"id": "s2", "name": "S2", "parent": "s", "duration": "3d"},
            {"id": "s3", "name": "S3", "parent": "s", "duration": "1d"},
            {"id": "e", "name": "E", "duration": "1d", "dependencies": [{"predecessor": "s"}]},
            {"id": "f", "name": "F", "duration": "4d", "dependencies": [{"predecessor": "s", "type": "SS"}]}
        ]}]}),
    );
    let s = schedule::schedule(&m, &Default::default()).expect("schedules");
    let p: Vec<String> = s.critical_paths.iter().map(|p| p.join(">")).collect();
    // a and b drive S's start, which every child inherits (all start day
    // 3); s1 and s2 set S's finish (E's FS link) and all three set its
    // start (F's SS link); x has a day of float. The pre-gate engine
    // (direct edges) lists exactly these, in this order.
    let expected = [
        "a>s1>e", "a>s1>f", "a>s2>e", "a>s2>f", "a>s3>f", "b>s1>e", "b>s1>f", "b>s2>e", "b>s2>f",
        "b>s3>f",
    ];
    assert_eq!(p, expected);
}

/// F2: plan-level prorated cost lines over a horizon of years 1-9999 were
/// cut at every month (120,000 per line): 100 lines printed 328 MB. A
/// prorated line is phased over at most 1,200 months, or refused.
#[test]
fn prorated_lines_over_centuries_are_refused_before_any_work() {
    let lines = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                json!({"id": format!("l{i}"), "category": "x", "kind": "fixed",
                "amount": "1000.00", "accrual": "prorated"})
            })
            .collect()
    };
    for n in [100, 1000] {
        let m = model(
            json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "strategic",
            "name": "P", "horizon": {"start": "0001-01-01", "end": "9999-12-31"},
            "costs": lines(n)}]}),
        );
        let e = budget::budget(&m, None, &Default::default()).expect_err("refused");
        assert_eq!(e.code(), "horizon_too_long", "{e}");
        assert_eq!(e.id(), Some("l0"));
    }
    // 100 years fit: the result has one month per month of the horizon.
    let m = model(
        json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "strategic",
        "name": "P", "horizon": {"start": "2000-01-01", "end": "2099-12-31"},
        "costs": lines(100)}]}),
    );
    let b = budget::budget(&m, None, &Default::default()).expect("budget");
    assert_eq!(b.total.to_string(), "100000.00");
    assert_eq!(b.by_month.len(), 1200);
}

/// F4: a lag of -1,000,000,000 minutes is 8,000 years of an 8-hour
/// calendar: validation refuses it with the engine's code, naming the task
/// and the lag's path.
#[test]
fn a_lag_beyond_the_calendar_is_refused_by_validation() {
    let doc = json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": [
        {"id": "a", "name": "A", "duration": "1d"},
        {"id": "b", "name": "B", "duration": "1d",
         "dependencies": [{"predecessor": "a", "lag": "-1000000000m"}]}]}]});
    let e = Model::from_json(&doc.to_string()).expect_err("refused");
    let d = e
        .diagnostics()
        .iter()
        .find(|d| d.code == "date_out_of_range")
        .unwrap_or_else(|| panic!("no date_out_of_range in {e}"));
    assert_eq!(d.id.as_deref(), Some("b"));
    assert_eq!(d.path, "plans[0].tasks[1].dependencies[0].lag");
    // The same lag in elapsed minutes (1,900 years back from 2025) fits.
    let ok = doc.to_string().replace("-1000000000m", "-1000000000em");
    let m = Model::from_json(&ok).expect("valid");
    schedule::schedule(&m, &Default::default()).expect("schedules");
}

/// The HTML report's Gantt chart labels at most about 40 years however long
/// the schedule: a task of 2,000,000 days (7,700 years) once walked every
/// day and wrote a tick per year (828 KB of SVG).
#[test]
fn a_gantt_over_millennia_has_a_bounded_number_of_ticks() {
    let m = model(
        json!({"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": [
        {"id": "a", "name": "A", "duration": "1d"},
        {"id": "b", "name": "B", "duration": "2000000d", "dependencies": [{"predecessor": "a"}]}]}]}),
    );
    let r =
        stratops::report::report(&m, "2025-06-01".parse().unwrap(), &Default::default()).unwrap();
    let html = stratops::report::render_html(&r);
    let ticks = html.matches("class=\"tick\"").count();
    assert!((10..=60).contains(&ticks), "{ticks} ticks");
    assert!(html.len() < 100_000, "{} bytes", html.len());
}
