//! Property tests of the schedule engine on random networks.
//!
//! Networks are built as DAGs by drawing only edges i -> j with i < j and
//! then shuffling the labels, so every generated network is acyclic.

use proptest::prelude::*;
use stratops::schedule::{schedule, ScheduleOptions};
use stratops::Model;

#[derive(Debug, Clone)]
struct Net {
    /// durations in days
    dur: Vec<u32>,
    /// (pred, succ, type, lag in days)
    links: Vec<(usize, usize, &'static str, i32)>,
    /// label permutation
    perm: Vec<usize>,
}

fn net(max: usize, fs_only: bool) -> impl Strategy<Value = Net> {
    (2..max).prop_flat_map(move |n| {
        let dur = proptest::collection::vec(0u32..5, n);
        let links = proptest::collection::vec((0..n, 0..n, 0usize..4, -2i32..3), 0..(2 * n));
        let perm = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
        (dur, links, perm).prop_map(move |(dur, raw, perm)| {
            let mut links: Vec<_> = raw
                .into_iter()
                .filter(|(a, b, _, _)| a < b)
                .map(|(a, b, t, lag)| {
                    let ty = if fs_only {
                        "FS"
                    } else {
                        ["FS", "SS", "FF", "SF"][t]
                    };
                    (a, b, ty, if fs_only { 0 } else { lag })
                })
                .collect();
            links.sort();
            links.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
            Net { dur, links, perm }
        })
    })
}

fn json(net: &Net, continuous: bool, order: &[usize]) -> String {
    let id = |i: usize| format!("t{}", net.perm[i]);
    let mut tasks = Vec::new();
    for &i in order {
        let deps: Vec<String> = net
            .links
            .iter()
            .filter(|l| l.1 == i)
            .map(|l| {
                format!(
                    r#"{{"predecessor": "{}", "type": "{}", "lag": "{}d"}}"#,
                    id(l.0),
                    l.2,
                    l.3
                )
            })
            .collect();
        tasks.push(format!(
            r#"{{"id": "{}", "name": "x", "duration": "{}d", "dependencies": [{}]}}"#,
            id(i),
            net.dur[i],
            deps.join(",")
        ));
    }
    let cal = if continuous {
        let all = r#"[{"from": "00:00", "to": "24:00"}]"#;
        format!(
            r#""settings": {{"calendar": "c", "minutes_per_day": 1440, "minutes_per_week": 10080}},
            "calendars": [{{"id": "c", "week": {{"monday": {all}, "tuesday": {all}, "wednesday": {all}, "thursday": {all}, "friday": {all}, "saturday": {all}, "sunday": {all}}}}}],"#
        )
    } else {
        String::new()
    };
    format!(
        r#"{{"format": "stratops/1", {cal} "plans": [{{"id": "p", "kind": "project", "name": "P",
        "horizon": {{"start": "2025-10-06", "end": "2026-12-31"}}, "tasks": [{}]}}]}}"#,
        tasks.join(",")
    )
}

/// Longest path by brute force: every path from every node, depth first.
fn brute_longest(net: &Net) -> u32 {
    let n = net.dur.len();
    let mut best = 0;
    let mut stack: Vec<(usize, u32)> = (0..n).map(|i| (i, net.dur[i])).collect();
    while let Some((v, len)) = stack.pop() {
        best = best.max(len);
        for l in net.links.iter().filter(|l| l.0 == v) {
            stack.push((l.1, len + net.dur[l.1]));
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fs_networks_match_brute_force_longest_path(net in net(9, true)) {
        let order: Vec<usize> = (0..net.dur.len()).collect();
        let model = Model::from_json(&json(&net, true, &order)).unwrap();
        let s = schedule(&model, &ScheduleOptions::default()).unwrap();
        let len_days = (s.project_finish.0 - s.project_start.0).num_minutes() / 1440;
        prop_assert_eq!(len_days, brute_longest(&net) as i64);
        // each critical chain's durations add up to the project length
        for path in &s.critical_paths {
            let total: i64 = path.iter().map(|id| s.task(id).unwrap().duration_min).sum();
            prop_assert_eq!(total, len_days * 1440, "path {:?}", path);
        }
        prop_assert!(!s.critical_paths.is_empty());
    }

    #[test]
    fn float_is_never_negative_without_constraints(net in net(16, false)) {
        let order: Vec<usize> = (0..net.dur.len()).collect();
        let model = Model::from_json(&json(&net, false, &order)).unwrap();
        let s = schedule(&model, &ScheduleOptions::default()).unwrap();
        for t in &s.tasks {
            prop_assert!(t.total_float_min >= 0, "{} has float {}", t.id, t.total_float_min);
            prop_assert!(t.free_float_min >= 0 && t.free_float_min <= t.total_float_min);
            prop_assert_eq!(t.critical, t.total_float_min <= 0);
        }
        for path in &s.critical_paths {
            for id in path {
                prop_assert!(s.task(id).unwrap().critical);
            }
        }
    }

    #[test]
    fn results_do_not_depend_on_input_order(net in net(16, false), seed in any::<u64>()) {
        let n = net.dur.len();
        let order: Vec<usize> = (0..n).collect();
        let mut shuffled = order.clone();
        // a deterministic shuffle from the seed
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = schedule(&Model::from_json(&json(&net, false, &order)).unwrap(), &ScheduleOptions::default()).unwrap();
        let b = schedule(&Model::from_json(&json(&net, false, &shuffled)).unwrap(), &ScheduleOptions::default()).unwrap();
        prop_assert_eq!(a.project_finish, b.project_finish);
        for t in &a.tasks {
            let u = b.task(&t.id).unwrap();
            prop_assert_eq!((t.early_start, t.early_finish, t.late_start, t.late_finish), (u.early_start, u.early_finish, u.late_start, u.late_finish));
            prop_assert_eq!((t.total_float_min, t.free_float_min, t.critical), (u.total_float_min, u.free_float_min, u.critical));
        }
        let mut pa = a.critical_paths.clone();
        let mut pb = b.critical_paths.clone();
        pa.sort();
        pb.sort();
        prop_assert_eq!(pa, pb);
    }
}
