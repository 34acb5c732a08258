//! A deterministic, seeded generator of realistic `stratops/1` documents.
//!
//! The same [`GenOptions`] always give byte-identical JSON, on every
//! platform: the generator uses its own SplitMix64 stream, no hashing and no
//! clock.
//!
//! # The shape
//! - One **strategic plan** `S` (2025-2029) holding the strategic goals, a
//!   random tree of `contributes_to` links under three top goals (10% of
//!   goals feed a second parent), and the KPIs of those goals.
//! - **Project plans** `P0`, `P1`, ... (children of `S`) of at most
//!   [`GenOptions::plan_size`] tasks each. Each has its own goals, 90% of
//!   which contribute to a strategic goal (the rest do not ladder up, which
//!   the alignment report must find).
//! - **WBS**: each plan is a run of top-level branches, each with a depth
//!   drawn from 3 to 6. Inner levels have 2-5 (top) or 2-4 children; the
//!   last level holds 3-8 leaves. A branch cut short by the plan's task
//!   budget leaves a childless node, which is then an ordinary task.
//! - **Dependencies** are layered: a plan's leaves, in document order, are
//!   split into 40-120 layers; every leaf after the first layer has 2-4
//!   predecessors (mean 3) drawn from the previous layer (80%) or the one
//!   before (20%), so the network is a DAG with long chains and wide
//!   fan-in/fan-out, like a real programme schedule. Link types: FS 82%, SS
//!   8%, FF 7%, SF 3%. Lags: none 75%, 1-3 working days 12%, -1d 5%, 1-3
//!   elapsed days 4%, 25%/50% of the predecessor 4%.
//! - **Durations**: 1-10 days (80%), 2-16 hours (10%), 1-3 weeks (5%), 1-5
//!   elapsed days (5%); 3% of leaves are milestones. 0.5% of leaves carry
//!   an SNET constraint and 0.5% a deadline in 2030-2031, after every
//!   plan's finish: a missed deadline makes its whole upstream cone (most
//!   of a densely layered plan) critical with negative float, which would
//!   make "critical" meaningless here.
//! - **Calendars**: `corp` (the standard week with public holidays and a
//!   year-end shutdown for 2025-2044) is every plan's calendar; 10% of leaves
//!   use `six` (based on `corp`, plus Saturday mornings).
//! - **Resources and assignments**: one person per 200 tasks (at least 5)
//!   with an effective-dated rate; 90% of working leaves have a responsible
//!   and an accountable assignment, the rest only a responsible one.
//! - **Cost lines**: [`GenOptions::cost_lines`] lines (default: one per
//!   task) spread round-robin over the working leaves: fixed 50%, labour
//!   35%, unit 15%; accruals start/prorated/end 20/60/20; 30% have actuals.
//!   Each plan also has one plan-level line and up to 10 risks.
//! - **KPIs**: [`GenOptions::kpis`] KPIs (default tasks/10, at least 5),
//!   each on one or two random goals, with a baseline on 2025-01-01, a
//!   target on 2025-12-31, monthly cadence and
//!   [`GenOptions::measurements`] monthly measurements (default 12) along a
//!   noisy trend; polarities increase 40%, decrease 20%, at_least 15%,
//!   at_most 15%, range 10%.

use std::fmt::Write;

/// SplitMix64: a tiny, well-mixed, reproducible random stream.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A stream from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo + 1)
    }
    /// A uniform index below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// A uniform float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Tasks in all (summaries, leaves and milestones).
    pub tasks: usize,
    /// The seed.
    pub seed: u64,
    /// Most tasks in one project plan (default 10,000).
    pub plan_size: usize,
    /// Goals in all (default tasks/100, at least 5).
    pub goals: Option<usize>,
    /// KPIs (default tasks/10, at least 5).
    pub kpis: Option<usize>,
    /// Measurements per KPI (default 12).
    pub measurements: usize,
    /// Cost lines (default: one per task).
    pub cost_lines: Option<usize>,
}

impl GenOptions {
    /// `tasks` tasks from `seed`, everything else by default.
    pub fn new(tasks: usize, seed: u64) -> GenOptions {
        GenOptions {
            tasks,
            seed,
            plan_size: 10_000,
            goals: None,
            kpis: None,
            measurements: 12,
            cost_lines: None,
        }
    }
}

/// Counts of what was generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Plans, the strategic one included.
    pub plans: usize,
    /// Tasks in all.
    pub tasks: usize,
    /// Tasks with children.
    pub summaries: usize,
    /// Milestones.
    pub milestones: usize,
    /// Dependencies.
    pub links: usize,
    /// The deepest WBS level (top-level tasks are level 1).
    pub max_wbs_depth: usize,
    /// Goals.
    pub goals: usize,
    /// KPIs.
    pub kpis: usize,
    /// Measurements in all.
    pub measurements: usize,
    /// Cost lines, plan-level ones included.
    pub cost_lines: usize,
    /// Resources.
    pub resources: usize,
}

/// A generated document and its counts.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The `stratops/1` JSON text.
    pub json: String,
    /// What it holds.
    pub stats: Stats,
}

struct Node {
    parent: u32,
    level: u8,
    children: u32,
}

const NONE: u32 = u32::MAX;

/// Lays out one plan's WBS: `budget` nodes in document (depth-first) order.
fn wbs(rng: &mut Rng, budget: usize) -> Vec<Node> {
    let mut nodes: Vec<Node> = Vec::with_capacity(budget);
    // (node, level, children still to make, branch depth)
    let mut stack: Vec<(u32, u8, u64, u8)> = Vec::new();
    while nodes.len() < budget {
        let depth = rng.range(3, 6) as u8;
        nodes.push(Node {
            parent: NONE,
            level: 1,
            children: 0,
        });
        stack.push(((nodes.len() - 1) as u32, 1, rng.range(2, 5), depth));
        while let Some(top) = stack.last_mut() {
            if nodes.len() >= budget {
                stack.clear();
                break;
            }
            if top.2 == 0 {
                stack.pop();
                continue;
            }
            top.2 -= 1;
            let (parent, level, depth) = (top.0, top.1 + 1, top.3);
            nodes[parent as usize].children += 1;
            nodes.push(Node {
                parent,
                level,
                children: 0,
            });
            if level < depth {
                let k = if level + 1 == depth {
                    rng.range(3, 8)
                } else {
                    rng.range(2, 4)
                };
                stack.push(((nodes.len() - 1) as u32, level, k, depth));
            }
        }
    }
    nodes
}

const CATEGORIES: [&str; 4] = ["software", "training", "vendor", "hardware"];

fn holidays(out: &mut String) {
    // The week is spelled out although it equals the standard one that an
    // omitted week inherits: the MSPDI exporter writes only what is given,
    // and MPXJ's scheduler needs the week days of a base calendar.
    out.push_str(r#"{"id":"corp","name":"Corporate","week":{"#);
    for d in ["monday", "tuesday", "wednesday", "thursday", "friday"] {
        let _ = write!(
            out,
            r#""{d}":[{{"from":"08:00","to":"12:00"}},{{"from":"13:00","to":"17:00"}}],"#
        );
    }
    out.push_str(r#""saturday":[],"sunday":[]},"exceptions":["#);
    for (i, y) in (2025..2045).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"name":"New Year","from":"{y}-01-01"}},{{"name":"Labour Day","from":"{y}-05-01"}},{{"name":"Summer","from":"{y}-08-15"}},{{"name":"Shutdown","from":"{y}-12-24","to":"{y}-12-31"}}"#
        );
    }
    out.push_str("]},");
    out.push_str(r#"{"id":"six","name":"Six-day","base":"corp","week":{"saturday":[{"from":"08:00","to":"12:00"}]}}"#);
}

/// Generates a document.
///
/// # Example
/// ```
/// let g = stratops_bench::gen::generate(&stratops_bench::gen::GenOptions::new(500, 7));
/// let model = stratops::Model::from_json(&g.json).unwrap();
/// assert_eq!(model.index().tasks.len(), 500);
/// ```
pub fn generate(o: &GenOptions) -> Generated {
    let mut rng = Rng::new(o.seed);
    let mut st = Stats::default();
    let plan_size = o.plan_size.max(1);
    let n_plans = o.tasks.div_ceil(plan_size);
    let n_goals = o.goals.unwrap_or((o.tasks / 100).max(5)).max(1);
    let n_strat = if n_plans == 0 {
        n_goals
    } else {
        (n_goals / 10).clamp(1, n_goals)
    };
    let n_kpis = o.kpis.unwrap_or((o.tasks / 10).max(5));
    let n_res = (o.tasks / 200).max(5);
    let n_costs = o.cost_lines.unwrap_or(o.tasks);
    st.plans = 1 + n_plans;
    st.goals = n_goals;
    st.resources = n_res;

    // Goals: 0..n_strat strategic, the rest spread over the project plans.
    let op_goals = n_goals - n_strat;
    let goal_plan = |g: usize| -> usize {
        // 0 = strategic plan, k + 1 = project plan k
        if g < n_strat || n_plans == 0 {
            0
        } else {
            1 + (g - n_strat) * n_plans / op_goals.max(1)
        }
    };
    // KPIs: each on a random goal (sometimes a second), kept in the goal's plan.
    let mut kpis_of_plan: Vec<Vec<(usize, usize, Option<usize>)>> = vec![Vec::new(); 1 + n_plans];
    for k in 0..n_kpis {
        let g = rng.below(n_goals);
        let g2 = if rng.chance(0.1) {
            Some(rng.below(n_goals)).filter(|&h| h != g)
        } else {
            None
        };
        kpis_of_plan[goal_plan(g)].push((k, g, g2));
    }

    let mut j = String::with_capacity(o.tasks * 700 + n_kpis * 900 + 4096);
    j.push_str(
        r#"{"format":"stratops/1","organisation":"Generated Org","currency":"USD","calendars":["#,
    );
    holidays(&mut j);
    j.push_str(r#"],"resources":["#);
    for r in 0..n_res {
        if r > 0 {
            j.push(',');
        }
        let rate = 60 + (r % 9) * 10;
        let _ = write!(
            j,
            r#"{{"id":"r{r}","name":"Person {r}","rates":[{{"standard":"{rate}.00"}},{{"from":"2026-01-01","standard":"{}.50"}}]}}"#,
            rate + 5
        );
    }
    j.push_str(r#"],"plans":["#);

    // The strategic plan.
    j.push_str(r#"{"id":"S","kind":"strategic","name":"Strategy 2025-2029","horizon":{"start":"2025-01-01","end":"2029-12-31"},"owner":"CEO","vision":"Be the best","calendar":"corp","goals":["#);
    for g in 0..n_strat {
        if g > 0 {
            j.push(',');
        }
        let _ = write!(
            j,
            r#"{{"id":"g{g}","name":"Strategic goal {g}","owner":"r{}","due":"2029-12-31""#,
            g % n_res
        );
        if g >= 3 {
            let p = rng.below(g.min(3 + g / 4));
            let _ = write!(
                j,
                r#","contributes_to":[{{"goal":"g{p}","weight":{}}}"#,
                rng.range(1, 3)
            );
            if rng.chance(0.1) {
                let q = rng.below(g);
                if q != p {
                    let _ = write!(j, r#",{{"goal":"g{q}"}}"#);
                }
            }
            j.push(']');
        }
        j.push('}');
    }
    j.push(']');
    kpis_json(&mut j, &mut rng, o, &kpis_of_plan[0], &mut st);
    j.push('}');

    let mut task_no = 0usize;
    let mut cost_no = 0usize;
    for p in 0..n_plans {
        let budget = plan_size.min(o.tasks - p * plan_size);
        // This plan's goals.
        let first_goal = (n_strat..n_goals).find(|&g| goal_plan(g) == p + 1);
        let plan_goals: Vec<usize> = match first_goal {
            Some(f) => (f..n_goals)
                .take_while(|&g| goal_plan(g) == p + 1)
                .collect(),
            None => Vec::new(),
        };
        let _ = write!(
            j,
            r#",{{"id":"P{p}","kind":"project","name":"Project {p}","horizon":{{"start":"2025-01-06","end":"2026-12-31"}},"owner":"r{}","parent":"S","calendar":"corp""#,
            p % n_res
        );
        if !plan_goals.is_empty() {
            j.push_str(r#","goals":["#);
            for (i, &g) in plan_goals.iter().enumerate() {
                if i > 0 {
                    j.push(',');
                }
                let _ = write!(
                    j,
                    r#"{{"id":"g{g}","name":"Goal {g}","owner":"r{}","due":"2026-06-30""#,
                    g % n_res
                );
                if rng.chance(0.9) {
                    let _ = write!(
                        j,
                        r#","contributes_to":[{{"goal":"g{}"}}]"#,
                        rng.below(n_strat)
                    );
                }
                j.push('}');
            }
            j.push(']');
        }
        kpis_json(&mut j, &mut rng, o, &kpis_of_plan[p + 1], &mut st);

        // Tasks.
        let nodes = wbs(&mut rng, budget);
        let base = task_no;
        let leaves: Vec<u32> = (0..nodes.len() as u32)
            .filter(|&i| nodes[i as usize].children == 0)
            .collect();
        let n_layers = (rng.range(40, 120) as usize).clamp(1, leaves.len().max(1));
        let width = leaves.len().div_ceil(n_layers).max(1);
        let milestone: Vec<bool> = leaves.iter().map(|_| rng.chance(0.03)).collect();
        let mut work_leaves: Vec<usize> = Vec::new();
        let mut leaf_pos = 0usize;
        j.push_str(r#","tasks":["#);
        let mut preds: Vec<usize> = Vec::with_capacity(4);
        for (i, n) in nodes.iter().enumerate() {
            if i > 0 {
                j.push(',');
            }
            let id = base + i;
            st.max_wbs_depth = st.max_wbs_depth.max(n.level as usize);
            let _ = write!(j, r#"{{"id":"t{id}","name":"Task {id}""#);
            if n.parent != NONE {
                let _ = write!(j, r#","parent":"t{}""#, base + n.parent as usize);
            }
            if n.level == 1 && !plan_goals.is_empty() && rng.chance(0.9) {
                let _ = write!(
                    j,
                    r#","supports":["g{}"]"#,
                    plan_goals[rng.below(plan_goals.len())]
                );
            }
            if n.children > 0 {
                st.summaries += 1;
                j.push('}');
                continue;
            }
            let lp = leaf_pos;
            leaf_pos += 1;
            let is_ms = milestone[lp];
            if is_ms {
                st.milestones += 1;
                j.push_str(r#","kind":"milestone""#);
            } else {
                work_leaves.push(id);
                let r = rng.unit();
                let _ = if r < 0.80 {
                    write!(j, r#","duration":"{}d""#, rng.range(1, 10))
                } else if r < 0.90 {
                    write!(j, r#","duration":"{}h""#, rng.range(2, 16))
                } else if r < 0.95 {
                    write!(j, r#","duration":"{}w""#, rng.range(1, 3))
                } else {
                    write!(j, r#","duration":"{}ed""#, rng.range(1, 5))
                };
                if rng.chance(0.1) {
                    j.push_str(r#","calendar":"six""#);
                }
            }
            // Predecessors from the previous layer or the one before.
            let layer = lp / width;
            preds.clear();
            if layer > 0 {
                let k = rng.range(2, 4);
                for _ in 0..k {
                    let from = if layer >= 2 && rng.chance(0.2) {
                        layer - 2
                    } else {
                        layer - 1
                    };
                    let lo = from * width;
                    let hi = ((from + 1) * width).min(leaves.len());
                    let q = lo + rng.below(hi - lo);
                    if !preds.contains(&q) {
                        preds.push(q);
                    }
                }
                j.push_str(r#","dependencies":["#);
                for (x, &q) in preds.iter().enumerate() {
                    if x > 0 {
                        j.push(',');
                    }
                    st.links += 1;
                    let _ = write!(j, r#"{{"predecessor":"t{}""#, base + leaves[q] as usize);
                    let t = rng.unit();
                    if t >= 0.97 {
                        j.push_str(r#","type":"SF""#);
                    } else if t >= 0.90 {
                        j.push_str(r#","type":"FF""#);
                    } else if t >= 0.82 {
                        j.push_str(r#","type":"SS""#);
                    }
                    let l = rng.unit();
                    let _ = if l < 0.75 {
                        Ok(())
                    } else if l < 0.87 {
                        write!(j, r#","lag":"{}d""#, rng.range(1, 3))
                    } else if l < 0.92 {
                        write!(j, r#","lag":"-1d""#)
                    } else if l < 0.96 {
                        write!(j, r#","lag":"{}ed""#, rng.range(1, 3))
                    } else {
                        write!(j, r#","lag":"{}%""#, 25 * rng.range(1, 2))
                    };
                    j.push('}');
                }
                j.push(']');
            }
            let c = rng.unit();
            if c < 0.005 {
                let _ = write!(
                    j,
                    r#","constraint":{{"type":"SNET","date":"2025-{:02}-{:02}"}}"#,
                    rng.range(2, 12),
                    rng.range(1, 28)
                );
            } else if c < 0.01 {
                let _ = write!(
                    j,
                    r#","deadline":"{}-{:02}-{:02}""#,
                    rng.range(2030, 2031),
                    rng.range(1, 12),
                    rng.range(1, 28)
                );
            }
            if !is_ms {
                let a = rng.below(n_res);
                let _ = write!(
                    j,
                    r#","assignments":[{{"resource":"r{a}","role":"responsible","hours":{}}}"#,
                    8 * rng.range(1, 10)
                );
                if rng.chance(0.9) {
                    let _ = write!(
                        j,
                        r#",{{"resource":"r{}","role":"accountable"}}"#,
                        (a + 1) % n_res
                    );
                }
                j.push(']');
            }
            if !plan_goals.is_empty() && rng.chance(0.02) {
                let _ = write!(
                    j,
                    r#","supports":["g{}"]"#,
                    plan_goals[rng.below(plan_goals.len())]
                );
            }
            j.push('}');
        }
        j.push(']');
        st.tasks += nodes.len();
        task_no += nodes.len();

        // Cost lines: this plan's share of the total, round-robin over its
        // working leaves, plus one plan-level line.
        let share = n_costs * (p + 1) / n_plans - n_costs * p / n_plans;
        j.push_str(r#","costs":["#);
        let _ = write!(
            j,
            r#"{{"id":"c{cost_no}","category":"vendor","kind":"fixed","amount":"2500.00","accrual":"start"}}"#
        );
        cost_no += 1;
        st.cost_lines += 1;
        if !work_leaves.is_empty() {
            for x in 0..share {
                let t = work_leaves[x % work_leaves.len()];
                let id = cost_no;
                cost_no += 1;
                st.cost_lines += 1;
                let k = rng.unit();
                let _ = if k < 0.5 {
                    write!(
                        j,
                        r#",{{"id":"c{id}","task":"t{t}","category":"{}","kind":"fixed","amount":"{}.{:02}""#,
                        CATEGORIES[rng.below(CATEGORIES.len())],
                        rng.range(100, 20_000),
                        rng.range(0, 99)
                    )
                } else if k < 0.85 {
                    write!(
                        j,
                        r#",{{"id":"c{id}","task":"t{t}","category":"labour","kind":"labour","resource":"r{}","hours":"{}""#,
                        rng.below(n_res),
                        4 * rng.range(1, 20)
                    )
                } else {
                    write!(
                        j,
                        r#",{{"id":"c{id}","task":"t{t}","category":"hardware","kind":"unit","quantity":"{}","unit_price":"{}.99""#,
                        rng.range(1, 12),
                        rng.range(10, 999)
                    )
                };
                let a = rng.unit();
                if a < 0.2 {
                    j.push_str(r#","accrual":"start""#);
                } else if a >= 0.8 {
                    j.push_str(r#","accrual":"end""#);
                }
                if rng.chance(0.3) {
                    let _ = write!(j, r#","actual":"{}.00""#, rng.range(50, 15_000));
                }
                j.push('}');
            }
        }
        j.push(']');

        // A small risk register.
        j.push_str(r#","risks":["#);
        for r in 0..10.min(work_leaves.len()) {
            if r > 0 {
                j.push(',');
            }
            let _ = write!(
                j,
                r#"{{"id":"x{p}_{r}","category":"timeline","description":"Risk {r}","probability":0.{},"impact":{{"cost":"{}000.00","score":{}}},"response":"mitigate","affects":["t{}"]}}"#,
                rng.range(1, 9),
                rng.range(1, 50),
                rng.range(1, 5),
                work_leaves[rng.below(work_leaves.len())]
            );
        }
        j.push_str("]}");
    }
    j.push_str("]}");
    Generated { json: j, stats: st }
}

fn kpis_json(
    j: &mut String,
    rng: &mut Rng,
    o: &GenOptions,
    kpis: &[(usize, usize, Option<usize>)],
    st: &mut Stats,
) {
    if kpis.is_empty() {
        return;
    }
    j.push_str(r#","kpis":["#);
    for (i, &(k, g, g2)) in kpis.iter().enumerate() {
        if i > 0 {
            j.push(',');
        }
        st.kpis += 1;
        let _ = write!(
            j,
            r#"{{"id":"k{k}","name":"KPI {k}","goals":[{{"goal":"g{g}"}}"#
        );
        if let Some(h) = g2 {
            let _ = write!(j, r#",{{"goal":"g{h}","weight":0.5}}"#);
        }
        j.push(']');
        let r = rng.unit();
        let (pol, b, t, extra) = if r < 0.4 {
            ("increase", 40.0, 90.0, "")
        } else if r < 0.6 {
            ("decrease", 30.0, 10.0, "")
        } else if r < 0.75 {
            ("at_least", 60.0, 90.0, "")
        } else if r < 0.9 {
            ("at_most", 20.0, 5.0, "")
        } else {
            (
                "range",
                40.0,
                50.0,
                r#","range":{"lo":45,"hi":55,"tolerance":10}"#,
            )
        };
        let _ = write!(
            j,
            r#","polarity":"{pol}","baseline":{{"value":{b},"date":"2025-01-01"}},"target":{{"value":{t},"date":"2025-12-31"}}{extra},"cadence":"monthly""#
        );
        let a = rng.unit();
        if a < 0.2 {
            j.push_str(r#","aggregation":"average""#);
        }
        if rng.chance(0.2) {
            j.push_str(r#","leading":true"#);
        }
        if o.measurements > 0 {
            let pace = 0.5 + rng.unit() * 0.7;
            j.push_str(r#","measurements":["#);
            for m in 0..o.measurements {
                if m > 0 {
                    j.push(',');
                }
                st.measurements += 1;
                // Monthly from January 2025 (the 28th exists in every month).
                let (y, mo) = (2025 + m / 12, 1 + m % 12);
                let frac = (m + 1) as f64 / 12.0;
                let noise = (rng.unit() - 0.5) * 0.1 * (t - b);
                let v = b + (t - b) * frac * pace + noise;
                let _ = write!(j, r#"{{"date":"{y}-{mo:02}-28","value":{:.2}}}"#, v);
            }
            j.push(']');
        }
        j.push('}');
    }
    j.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_valid() {
        let o = GenOptions::new(3_000, 1);
        let a = generate(&o);
        let b = generate(&o);
        assert_eq!(a.json, b.json, "same options give the same bytes");
        assert_ne!(a.json, generate(&GenOptions::new(3_000, 2)).json);
        let m = stratops::Model::from_json(&a.json).expect("generated plans validate");
        assert_eq!(m.index().tasks.len(), 3_000);
        assert_eq!(a.stats.tasks, 3_000);
        assert!((3..=6).contains(&a.stats.max_wbs_depth));
        // 2-4 predecessors per leaf outside the first layer, deduplicated:
        // between 2 and 3 per leaf on average.
        let leaves = a.stats.tasks - a.stats.summaries;
        let per_leaf = a.stats.links as f64 / leaves as f64;
        assert!((2.0..=3.0).contains(&per_leaf), "{per_leaf}");
        assert_eq!(a.stats.kpis, 300);
        assert_eq!(a.stats.measurements, 3_600);
        assert_eq!(a.stats.cost_lines, 3_000 + 1);
        let s = stratops::schedule::schedule(&m, &Default::default()).expect("schedules");
        assert_eq!(s.tasks.len(), 3_000);
    }

    #[test]
    fn several_plans_and_scorecard_only() {
        let mut o = GenOptions::new(2_500, 3);
        o.plan_size = 1_000;
        let g = generate(&o);
        assert_eq!(g.stats.plans, 4);
        stratops::Model::from_json(&g.json).expect("valid");
        let mut o = GenOptions::new(0, 3);
        o.kpis = Some(50);
        o.goals = Some(20);
        let g = generate(&o);
        let m = stratops::Model::from_json(&g.json).expect("valid");
        assert_eq!(m.index().kpis.len(), 50);
        assert_eq!(m.index().goals.len(), 20);
    }
}
