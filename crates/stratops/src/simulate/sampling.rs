//! The sampling plan: each task's estimate and the risks' impacts laid out
//! once, the random stream and the per-chunk sums.

use super::*;

/// A small, fast, seedable generator (SplitMix64), one stream per
/// iteration.
pub(super) struct Rng(pub(super) crate::rng::SplitMix64);

impl Rng {
    pub(super) fn new(seed: u64, iteration: u64) -> Rng {
        let mut r = crate::rng::SplitMix64(seed ^ iteration.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        Rng(r)
    }
    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        self.0.unit()
    }
    /// Standard normal (Box-Muller).
    pub(super) fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Gamma(shape, 1), Marsaglia-Tsang; shape >= 1 here.
    pub(super) fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        // at most a bounded number of tries (the acceptance rate is > 95%)
        for _ in 0..64 {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.unit();
            if u.max(f64::MIN_POSITIVE).ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
        d
    }
}

/// One sampled estimate in minutes, from (a, m, b).
pub(super) fn sample(rng: &mut Rng, dist: Distribution, a: f64, m: f64, b: f64) -> f64 {
    if b <= a {
        return a;
    }
    match dist {
        Distribution::Uniform => a + (b - a) * rng.unit(),
        Distribution::Triangular => {
            let u = rng.unit();
            let f = (m - a) / (b - a);
            if u < f {
                a + ((b - a) * (m - a) * u).sqrt()
            } else {
                b - ((b - a) * (b - m) * (1.0 - u)).sqrt()
            }
        }
        Distribution::Pert => {
            let alpha = 1.0 + 4.0 * (m - a) / (b - a);
            let beta = 1.0 + 4.0 * (b - m) / (b - a);
            let x = rng.gamma(alpha);
            let y = rng.gamma(beta);
            a + (b - a) * x / (x + y)
        }
    }
}

/// What an iteration varies: the uncertain tasks, and the risks.
pub(super) struct Plan {
    /// (slot in `touched`, distribution, a, m, b) per uncertain task.
    pub(super) uncertain: Vec<(usize, Distribution, f64, f64, f64)>,
    /// (probability, delay minutes, cost impact, slots in `touched` of the
    /// leaf tasks it affects).
    pub(super) risks: Vec<(f64, i64, Decimal, Vec<usize>)>,
    /// Every task an iteration sets, with its base duration in minutes and
    /// whether elapsed.
    pub(super) touched: Vec<(u32, i64, bool)>,
    /// Leaf tasks for the per-task figures.
    pub(super) leaves: Vec<u32>,
    /// Deadline targets: (task, instant).
    pub(super) deadlines: Vec<(u32, i64)>,
    /// Goal targets: (goal dense, due date, due instant, leaf tasks
    /// serving it).
    pub(super) goals: Vec<(u32, Date, i64, Vec<u32>)>,
}

/// Per-thread sums; all exact integers, so merging in any order gives the
/// same bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub(super) struct Acc {
    pub(super) critical: Vec<u64>,
    pub(super) sum_d: Vec<i128>,
    pub(super) sum_dd: Vec<i128>,
    pub(super) sum_df: Vec<i128>,
    pub(super) sum_f: i128,
    pub(super) sum_ff: i128,
    pub(super) deadlines: Vec<u64>,
    pub(super) goals: Vec<u64>,
}

impl Acc {
    pub(super) fn new(p: &Plan) -> Acc {
        let n = p.leaves.len();
        Acc {
            critical: vec![0; n],
            sum_d: vec![0; n],
            sum_dd: vec![0; n],
            sum_df: vec![0; n],
            sum_f: 0,
            sum_ff: 0,
            deadlines: vec![0; p.deadlines.len()],
            goals: vec![0; p.goals.len()],
        }
    }
}

pub(super) fn bad(message: impl Into<String>) -> Error {
    Error::calc(crate::error::codes::BAD_OPTION, Some("iterations"), message)
}

pub(super) fn bad_chunk(message: impl Into<String>) -> Error {
    Error::calc("bad_chunk", None, message)
}

impl Acc {
    /// Merges another chunk's sums (a thread's, or a chunk computed
    /// elsewhere): its shape must be this plan's and no sum may overflow.
    pub(super) fn merge_checked(&mut self, o: &Acc) -> Result<(), Error> {
        if o.critical.len() != self.critical.len()
            || o.sum_d.len() != self.sum_d.len()
            || o.sum_dd.len() != self.sum_dd.len()
            || o.sum_df.len() != self.sum_df.len()
            || o.deadlines.len() != self.deadlines.len()
            || o.goals.len() != self.goals.len()
        {
            return Err(bad_chunk(
                "a chunk is not of this plan (its sums have another shape)",
            ));
        }
        let over = || bad_chunk("a chunk's sums overflow");
        for (a, b) in self.critical.iter_mut().zip(&o.critical) {
            *a = a.checked_add(*b).ok_or_else(over)?;
        }
        for (a, b) in [
            (&mut self.sum_d, &o.sum_d),
            (&mut self.sum_dd, &o.sum_dd),
            (&mut self.sum_df, &o.sum_df),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x = x.checked_add(*y).ok_or_else(over)?;
            }
        }
        self.sum_f = self.sum_f.checked_add(o.sum_f).ok_or_else(over)?;
        self.sum_ff = self.sum_ff.checked_add(o.sum_ff).ok_or_else(over)?;
        for (a, b) in self.deadlines.iter_mut().zip(&o.deadlines) {
            *a = a.checked_add(*b).ok_or_else(over)?;
        }
        for (a, b) in self.goals.iter_mut().zip(&o.goals) {
            *a = a.checked_add(*b).ok_or_else(over)?;
        }
        Ok(())
    }
}

pub(super) fn risk_probability(r: &crate::model::Risk) -> f64 {
    match (r.probability, r.likelihood) {
        (Some(p), _) => p,
        (None, Some(l @ 1..=5)) => [0.1, 0.3, 0.5, 0.7, 0.9][l as usize - 1],
        _ => 0.0,
    }
}

pub(super) fn prepare(model: &Model, base: &crate::schedule::Schedule) -> Plan {
    let doc = model.document();
    let ix = model.index();
    let scale = doc.settings.scale();
    let n = ix.tasks.len();
    let leaf = |t: u32| !ix.is_summary(t);
    let complete = |t: u32| {
        model
            .task(t)
            .progress
            .as_ref()
            .is_some_and(|p| p.actual_finish.is_some() || p.percent_complete >= 100.0)
    };
    // (task, distribution, a, m, b) per uncertain task, in document order.
    let mut sampled = Vec::new();
    for t in 0..n as u32 {
        let task = model.task(t);
        let Some(e) = &task.estimate else { continue };
        if !leaf(t) || task.kind != TaskKind::Task || complete(t) || task.manual.is_some() {
            continue;
        }
        let m = |d: &Duration| d.minutes(scale).unwrap_or(0) as f64;
        sampled.push((
            t,
            e.distribution,
            m(&e.optimistic),
            m(&e.most_likely),
            m(&e.pessimistic),
        ));
    }
    let mut drawn = Vec::new();
    for p in &doc.plans {
        for r in &p.risks {
            let prob = risk_probability(r);
            let delay = r
                .impact
                .delay
                .as_ref()
                .and_then(|d| d.minutes(scale))
                .unwrap_or(0)
                .max(0);
            let cost = r.impact.cost.map_or(Decimal::ZERO, |c| c.0);
            let tasks: Vec<u32> = r
                .affects
                .iter()
                .filter_map(|id| ix.of_kind(id, EntityKind::Task))
                .filter(|&t| leaf(t) && !complete(t) && model.task(t).manual.is_none())
                .collect();
            if prob > 0.0 && (delay > 0 && !tasks.is_empty() || !cost.is_zero()) {
                drawn.push((prob, delay, cost, tasks));
            }
        }
    }
    // Every task an iteration sets, in task order, and each one's slot.
    let mut slot = vec![usize::MAX; n];
    for &t in sampled
        .iter()
        .map(|u| &u.0)
        .chain(drawn.iter().flat_map(|r| &r.3))
    {
        slot[t as usize] = 0;
    }
    let mut touched: Vec<(u32, i64, bool)> = Vec::new();
    for t in 0..n as u32 {
        if slot[t as usize] == 0 {
            slot[t as usize] = touched.len();
            let elapsed = model.task(t).duration.as_ref().is_some_and(|d| d.elapsed);
            touched.push((t, base.tasks[t as usize].duration_min, elapsed));
        }
    }
    let uncertain = sampled
        .into_iter()
        .map(|(t, dist, a, m, b)| (slot[t as usize], dist, a, m, b))
        .collect();
    let risks = drawn
        .into_iter()
        .map(|(p, d, c, tasks)| (p, d, c, tasks.iter().map(|&t| slot[t as usize]).collect()))
        .collect();
    let leaves: Vec<u32> = (0..n as u32).filter(|&t| leaf(t)).collect();
    let mut deadlines = Vec::new();
    for &t in &leaves {
        let task = model.task(t);
        if let Some(d) = task.deadline {
            deadlines.push((t, to_minutes(d.as_finish())));
        } else if base.tasks[t as usize].kind == TaskKind::Milestone {
            deadlines.push((t, to_minutes(base.tasks[t as usize].finish)));
        }
    }
    // The work serving each goal: leaves whose task, ancestors or plan
    // support it.
    let mut goals = Vec::new();
    for g in 0..ix.goals.len() as u32 {
        let goal = model.goal(g);
        let Some(due) = goal.due else { continue };
        let mut serving = Vec::new();
        for &t in &leaves {
            let (pi, _) = ix.tasks[t as usize];
            let mut x = t;
            let mut yes = doc.plans[pi as usize].supports.contains(&goal.id);
            while !yes && x != NONE {
                yes = model.task(x).supports.contains(&goal.id);
                x = ix.task_parent[x as usize];
            }
            if yes {
                serving.push(t);
            }
        }
        if !serving.is_empty() {
            goals.push((
                g,
                due,
                to_minutes(DateOrTime::Date(due).as_finish()),
                serving,
            ));
        }
    }
    Plan {
        uncertain,
        risks,
        touched,
        leaves,
        deadlines,
        goals,
    }
}
