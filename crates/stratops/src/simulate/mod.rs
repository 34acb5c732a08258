//! Schedule and cost risk: a seeded Monte Carlo simulation over the full
//! critical path method.
//!
//! Each iteration samples every task that has an [`Estimate`](crate::model::Estimate) (triangular,
//! Beta-PERT or uniform), draws each risk of the register with its
//! probability (adding its delay to the tasks it affects and its cost
//! impact to the cost), and runs the schedule's passes again on a network
//! prepared once (no result rows are built). Iteration `i` draws
//! from its own random stream, derived from the seed and `i` alone, and
//! every accumulator is an exact integer sum, so the result is the same,
//! byte for byte, on any number of threads and any chunking.
//!
//! ```
//! let model = stratops::Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-10-06", "end": "2026-12-31"},
//!   "tasks": [{"id": "a", "name": "A", "duration": "10d",
//!              "estimate": {"optimistic": "8d", "most_likely": "10d", "pessimistic": "15d"}}]}]}"#)?;
//! let opts = stratops::simulate::SimOptions { iterations: 500, seed: 7, ..Default::default() };
//! let r = stratops::simulate::simulate(&model, &opts)?;
//! // a triangular (8, 10, 15) has its median near 10.8 days
//! assert!(r.duration_days.p50 > 10.0 && r.duration_days.p50 < 11.6);
//! assert_eq!(r.tasks[0].criticality, 1.0);
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! Method and sources: `docs/risk.md`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::calendar::{project_calendar, to_minutes};
use crate::error::Error;
use crate::index::{EntityKind, NONE};
use crate::model::{Distribution, TaskKind};
use crate::schedule::{schedule, ScheduleOptions, SimNet};
use crate::values::{Date, DateOrTime, DateTime, Duration, DurationUnit, Money};
use crate::Model;

mod sampling;
use sampling::*;

/// The most iterations one run takes.
pub const MAX_ITERATIONS: u32 = 10_000_000;

/// The bins of the duration histogram.
pub const HISTOGRAM_BINS: usize = 20;

/// Options of a simulation.
#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    /// How many iterations (1 to [`MAX_ITERATIONS`]).
    pub iterations: u32,
    /// The seed.
    pub seed: u64,
    /// Threads in native builds (default: the machine's cores; 1 in wasm).
    /// The result does not depend on it.
    pub threads: Option<usize>,
    /// Simulate the plan as executed at this status date: completed work
    /// is not sampled.
    pub status_date: Option<Date>,
}

/// Percentiles and moments of the project duration, in working days (of 8
/// hours) on the project calendar from the project start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationStats {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 80th percentile.
    pub p80: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub std: f64,
}

/// Percentiles of the finish date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinishStats {
    /// 10th percentile.
    pub p10: DateTime,
    /// Median.
    pub p50: DateTime,
    /// 80th percentile.
    pub p80: DateTime,
    /// 90th percentile.
    pub p90: DateTime,
}

/// Percentiles and mean of the cost: the base budget plus the sampled risk
/// costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostStats {
    /// 10th percentile.
    pub p10: Money,
    /// Median.
    pub p50: Money,
    /// 80th percentile.
    pub p80: Money,
    /// 90th percentile.
    pub p90: Money,
    /// Mean.
    pub mean: Money,
}

/// One task's share in the risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskRisk {
    /// The task id.
    pub id: String,
    /// The share of iterations in which it is critical.
    pub criticality: f64,
    /// The correlation of its duration with the project finish (Pearson),
    /// `null` when its duration never varies.
    pub cruciality: Option<f64>,
}

/// The chance of making a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateOdds {
    /// The task or goal id.
    pub id: String,
    /// The date: a deadline, a milestone's planned finish, a goal's due date.
    pub due: DateTime,
    /// The share of iterations in which it was made.
    pub probability: f64,
}

/// The chance that the work serving a goal is done by its due date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalOdds {
    /// The goal id.
    pub id: String,
    /// Its due date (the work must finish by the end of it).
    pub due: Date,
    /// The share of iterations in which every task serving it finished by then.
    pub probability: f64,
}

/// One bin of the duration histogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// The bin's lower edge, working days.
    pub from: f64,
    /// Its upper edge.
    pub to: f64,
    /// Iterations in it.
    pub count: u64,
    /// The share of iterations up to its upper edge (the CDF).
    pub cumulative: f64,
}

/// The result of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    /// Iterations run.
    pub iterations: u32,
    /// The seed.
    pub seed: u64,
    /// The status date, if any.
    pub status_date: Option<Date>,
    /// The deterministic project finish, for comparison.
    pub planned_finish: DateTime,
    /// The project duration.
    pub duration_days: DurationStats,
    /// The finish date.
    pub finish: FinishStats,
    /// The cost.
    pub cost: CostStats,
    /// Per leaf task, in document order.
    pub tasks: Vec<TaskRisk>,
    /// The tasks whose duration moves the finish most (|cruciality|,
    /// largest first, at most 10): the tornado.
    pub tornado: Vec<String>,
    /// Deadlines and milestones: the chance each finishes by its date.
    pub deadlines: Vec<DateOdds>,
    /// Goals with a due date: the chance the work serving each is done by it.
    pub goals: Vec<GoalOdds>,
    /// The duration histogram.
    pub histogram: Vec<Bin>,
}

/// The iterations `from..to` of a simulation, computed on their own (on
/// any machine): [`merge_chunks`] turns chunks covering `0..iterations`
/// into exactly the result of [`simulate`] with the same options, because
/// iteration i draws from its own stream of (seed, i) and every sum is an
/// exact integer. This is how a cluster spreads a long simulation.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SimChunk {
    /// The first iteration.
    pub from: u32,
    /// The iteration after the last.
    pub to: u32,
    finishes: Vec<i64>,
    costs: Vec<Money>,
    acc: Acc,
}

/// What every chunk and the merge share: the plan as prepared.
struct Setup {
    base: crate::schedule::Schedule,
    plan: Plan,
    sopts: ScheduleOptions,
    base_cost: Decimal,
    origin: i64,
}

fn setup(model: &Model, opts: &SimOptions) -> Result<Setup, Error> {
    if opts.iterations == 0 || opts.iterations > MAX_ITERATIONS {
        return Err(bad(format!(
            "iterations must be within 1..={MAX_ITERATIONS}, not {}",
            opts.iterations
        )));
    }
    let sopts = ScheduleOptions {
        status_date: opts.status_date,
        ..Default::default()
    };
    let base = schedule(model, &sopts)?;
    let plan = prepare(model, &base);
    let base_cost = crate::budget::budget(model, Some(&base), &Default::default())?
        .total
        .0;
    let origin = to_minutes(base.project_start);
    Ok(Setup {
        base,
        plan,
        sopts,
        base_cost,
        origin,
    })
}

/// Computes iterations `from..to` of the simulation `opts` describes (see
/// [`SimChunk`]); `threads` is ignored (one thread).
pub fn simulate_chunk(
    model: &Model,
    opts: &SimOptions,
    from: u32,
    to: u32,
) -> Result<SimChunk, Error> {
    chunk(model, opts, from, to, false)
}

/// [`simulate_chunk`] computed the slow way, for tests: each iteration's
/// durations are set on a copy of the model with
/// [`Model::set_task_duration`], and the copy is scheduled in full with
/// [`schedule`]. Equal to [`simulate_chunk`] by construction of the fast
/// path; `benches/tests/simulate_paths.rs` checks that it is.
#[doc(hidden)]
pub fn simulate_chunk_reference(
    model: &Model,
    opts: &SimOptions,
    from: u32,
    to: u32,
) -> Result<SimChunk, Error> {
    chunk(model, opts, from, to, true)
}

fn chunk(
    model: &Model,
    opts: &SimOptions,
    from: u32,
    to: u32,
    reference: bool,
) -> Result<SimChunk, Error> {
    let st = setup(model, opts)?;
    if from >= to || to > opts.iterations {
        return Err(bad(format!(
            "a chunk is a range within 0..{}, not {from}..{to}",
            opts.iterations
        )));
    }
    let job = Job {
        model,
        plan: &st.plan,
        sopts: st.sopts.clone(),
        seed: opts.seed,
        base_cost: st.base_cost,
        origin: st.origin,
        total: opts.iterations,
        done: std::sync::atomic::AtomicU32::new(0),
        progress: None,
    };
    let (finishes, costs, acc) = if reference {
        let mut e = FullSchedules {
            model: model.clone(),
            sopts: st.sopts.clone(),
            s: st.base.clone(),
        };
        run_chunk_on(&job, from, to, &mut e)?
    } else {
        run_chunk(&job, from, to)?
    };
    Ok(SimChunk {
        from,
        to,
        finishes,
        costs: costs.into_iter().map(Money).collect(),
        acc,
    })
}

/// Merges chunks that cover `0..opts.iterations` exactly (in any order)
/// into the result [`simulate`] gives. Chunks that overlap, leave a gap,
/// or come from another plan are the error `bad_chunk`.
pub fn merge_chunks(
    model: &Model,
    opts: &SimOptions,
    chunks: &[SimChunk],
) -> Result<Simulation, Error> {
    let st = setup(model, opts)?;
    let mut order: Vec<&SimChunk> = chunks.iter().collect();
    order.sort_by_key(|c| c.from);
    let mut next = 0u32;
    let mut finishes = Vec::with_capacity(opts.iterations as usize);
    let mut costs = Vec::with_capacity(opts.iterations as usize);
    let mut acc = Acc::new(&st.plan);
    for c in order {
        let len = c.to.checked_sub(c.from).map(|l| l as usize);
        if c.from != next || len != Some(c.finishes.len()) || len != Some(c.costs.len()) {
            return Err(bad_chunk(format!(
                "chunks must cover 0..{} once each, in ranges matching their data; found {}..{} after {next}",
                opts.iterations, c.from, c.to
            )));
        }
        acc.merge_checked(&c.acc)?;
        finishes.extend_from_slice(&c.finishes);
        costs.extend(c.costs.iter().map(|m| m.0));
        next = c.to;
    }
    if next != opts.iterations {
        return Err(bad_chunk(format!(
            "chunks cover 0..{next}, not 0..{}",
            opts.iterations
        )));
    }
    summarise(
        model, &st.base, &st.plan, opts, finishes, costs, &acc, st.origin,
    )
}

/// One chunk of iterations `[from, to)`: each iteration's finish (minutes)
/// and cost, and the sums.
/// A progress hook: called with (iterations done, total) every so often;
/// returning `false` stops the run (the error `cancelled`). Native builds
/// call it from the worker threads.
#[cfg(not(target_arch = "wasm32"))]
pub type Progress<'p> = &'p (dyn Fn(u32, u32) -> bool + Sync);
/// A progress hook (wasm: one thread, so any function).
#[cfg(target_arch = "wasm32")]
pub type Progress<'p> = &'p dyn Fn(u32, u32) -> bool;

/// What every chunk shares.
struct Job<'a> {
    model: &'a Model,
    plan: &'a Plan,
    sopts: ScheduleOptions,
    seed: u64,
    base_cost: Decimal,
    origin: i64,
    total: u32,
    done: std::sync::atomic::AtomicU32,
    progress: Option<Progress<'a>>,
}

impl Job<'_> {
    /// Counts `k` more iterations done; `false` when asked to stop.
    fn tick(&self, k: u32) -> bool {
        let done = self.done.fetch_add(k, std::sync::atomic::Ordering::Relaxed) + k;
        self.progress.is_none_or(|p| p(done, self.total))
    }
}

/// A chunk's iterations: finishes (minutes from the origin), costs, sums.
type Chunk = (Vec<i64>, Vec<Decimal>, Acc);

/// How an iteration is scheduled, and what it reads back.
trait Engine {
    /// Schedules with the durations `set` (minutes, by slot of
    /// `Plan::touched`).
    fn run(&mut self, touched: &[(u32, i64, bool)], set: &[i64]) -> Result<(), Error>;
    /// The project finish, minutes.
    fn project_finish(&self) -> i64;
    /// A task's scheduled finish, minutes.
    fn finish(&self, t: u32) -> i64;
    /// Whether a task is critical.
    fn critical(&self, t: u32) -> bool;
    /// A task's duration as its schedule row shows it.
    fn duration_min(&self, t: u32) -> Result<i64, Error>;
}

/// The engine of a run: the passes alone on a network prepared once.
struct Passes<'a> {
    model: &'a Model,
    net: SimNet,
}

impl Engine for Passes<'_> {
    fn run(&mut self, touched: &[(u32, i64, bool)], set: &[i64]) -> Result<(), Error> {
        for (k, &(t, _, elapsed)) in touched.iter().enumerate() {
            if set[k] > crate::validate::MAX_MINUTES {
                // The refusal a model edit gives, word for word.
                return Err(refused_duration(self.model, t, set[k], elapsed));
            }
            self.net.set_duration(t, set[k], elapsed);
        }
        self.net.run(self.model)
    }
    fn project_finish(&self) -> i64 {
        self.net.project_finish()
    }
    fn finish(&self, t: u32) -> i64 {
        self.net.finish(t)
    }
    fn critical(&self, t: u32) -> bool {
        self.net.critical(t)
    }
    fn duration_min(&self, t: u32) -> Result<i64, Error> {
        self.net.duration_min(t)
    }
}

fn minutes(m: i64, elapsed: bool) -> Duration {
    Duration {
        amount: Decimal::from(m),
        unit: DurationUnit::Minutes,
        elapsed,
    }
}

/// The error [`Model::set_task_duration`] gives for a duration of `m`
/// minutes on task `t`.
fn refused_duration(model: &Model, t: u32, m: i64, elapsed: bool) -> Error {
    let mut copy = model.clone();
    match copy.set_task_duration(t, Some(minutes(m, elapsed))) {
        Err(e) => e,
        Ok(()) => Error::calc("overflow", None, "a simulated duration is too long"),
    }
}

/// The reference engine: each iteration's durations set on a copy of the
/// model, which is then scheduled in full. Slow; tests compare [`Passes`]
/// with it.
struct FullSchedules {
    model: Model,
    sopts: ScheduleOptions,
    /// The last iteration's schedule (the base schedule before the first).
    s: crate::schedule::Schedule,
}

impl Engine for FullSchedules {
    fn run(&mut self, touched: &[(u32, i64, bool)], set: &[i64]) -> Result<(), Error> {
        for (k, &(t, _, elapsed)) in touched.iter().enumerate() {
            self.model
                .set_task_duration(t, Some(minutes(set[k], elapsed)))?;
        }
        self.s = schedule(&self.model, &self.sopts)?;
        Ok(())
    }
    fn project_finish(&self) -> i64 {
        to_minutes(self.s.project_finish)
    }
    fn finish(&self, t: u32) -> i64 {
        to_minutes(self.s.tasks[t as usize].finish)
    }
    fn critical(&self, t: u32) -> bool {
        self.s.tasks[t as usize].critical
    }
    fn duration_min(&self, t: u32) -> Result<i64, Error> {
        Ok(self.s.tasks[t as usize].duration_min)
    }
}

fn run_chunk(job: &Job<'_>, from: u32, to: u32) -> Result<Chunk, Error> {
    let mut e = Passes {
        model: job.model,
        net: SimNet::new(job.model, &job.sopts)?,
    };
    run_chunk_on(job, from, to, &mut e)
}

fn run_chunk_on(job: &Job<'_>, from: u32, to: u32, e: &mut impl Engine) -> Result<Chunk, Error> {
    let (p, seed, base_cost, origin) = (job.plan, job.seed, job.base_cost, job.origin);
    let mut acc = Acc::new(p);
    let mut finishes = Vec::with_capacity((to - from) as usize);
    let mut costs = Vec::with_capacity((to - from) as usize);
    let mut set: Vec<i64> = vec![0; p.touched.len()];
    for i in from..to {
        let mut rng = Rng::new(seed, u64::from(i));
        for (k, x) in p.touched.iter().enumerate() {
            set[k] = x.1;
        }
        for &(k, dist, a, mm, b) in &p.uncertain {
            let v = sample(&mut rng, dist, a, mm, b).round() as i64;
            set[k] = v.max(0);
        }
        let mut cost = base_cost;
        for (prob, delay, c, slots) in &p.risks {
            if rng.unit() < *prob {
                for &k in slots {
                    set[k] = set[k].saturating_add(*delay);
                }
                cost = cost.checked_add(*c).ok_or_else(|| {
                    Error::calc(
                        "overflow",
                        None,
                        "a simulated cost exceeds the range of an exact decimal",
                    )
                })?;
            }
        }
        e.run(&p.touched, &set)?;
        let f = e.project_finish() - origin;
        acc.sum_f += i128::from(f);
        acc.sum_ff += i128::from(f) * i128::from(f);
        for (k, &t) in p.leaves.iter().enumerate() {
            if e.critical(t) {
                acc.critical[k] += 1;
            }
            let d = i128::from(e.duration_min(t)?);
            acc.sum_d[k] += d;
            acc.sum_dd[k] += d * d;
            acc.sum_df[k] += d * i128::from(f);
        }
        for (k, &(t, due)) in p.deadlines.iter().enumerate() {
            if e.finish(t) <= due {
                acc.deadlines[k] += 1;
            }
        }
        for (k, (_, _, due, serving)) in p.goals.iter().enumerate() {
            if serving.iter().all(|&t| e.finish(t) <= *due) {
                acc.goals[k] += 1;
            }
        }
        finishes.push(f);
        costs.push(cost);
        if (i - from + 1) % 64 == 0 && !job.tick(64) {
            return Err(Error::calc("cancelled", None, "the simulation was stopped"));
        }
    }
    job.tick((to - from) % 64);
    Ok((finishes, costs, acc))
}

fn nearest_rank<T: Copy>(sorted: &[T], p: f64) -> T {
    let n = sorted.len();
    let k = ((p / 100.0) * n as f64).ceil() as usize;
    sorted[k.clamp(1, n) - 1]
}

/// Runs the simulation. Errors: `bad_option` for an iteration count of 0 or
/// over [`MAX_ITERATIONS`], and those of the schedule.
pub fn simulate(model: &Model, opts: &SimOptions) -> Result<Simulation, Error> {
    simulate_with(model, opts, None)
}

/// [`simulate`] with a progress hook (a terminal bar, a notebook bar, a
/// page's callback). The hook may stop the run by returning `false`; the
/// result is then the error `cancelled`. The hook never changes a result.
pub fn simulate_with(
    model: &Model,
    opts: &SimOptions,
    progress: Option<Progress<'_>>,
) -> Result<Simulation, Error> {
    let Setup {
        base,
        plan,
        sopts,
        base_cost,
        origin,
    } = setup(model, opts)?;
    let n = opts.iterations;
    #[cfg(not(target_arch = "wasm32"))]
    let threads = opts
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, 64)
        .min(n as usize);
    #[cfg(target_arch = "wasm32")]
    let threads = 1usize;
    let bounds: Vec<(u32, u32)> = (0..threads as u32)
        .map(|k| {
            let from = (u64::from(n) * u64::from(k) / threads as u64) as u32;
            let to = (u64::from(n) * u64::from(k + 1) / threads as u64) as u32;
            (from, to)
        })
        .collect();
    let job = Job {
        model,
        plan: &plan,
        sopts: sopts.clone(),
        seed: opts.seed,
        base_cost,
        origin,
        total: n,
        done: std::sync::atomic::AtomicU32::new(0),
        progress,
    };
    let parts: Vec<Result<Chunk, Error>> = if threads == 1 {
        vec![run_chunk(&job, 0, n)]
    } else {
        run_threads(&job, &bounds)
    };
    let mut finishes = Vec::with_capacity(n as usize);
    let mut costs = Vec::with_capacity(n as usize);
    let mut acc = Acc::new(&plan);
    for part in parts {
        let (f, c, a) = part?;
        finishes.extend(f);
        costs.extend(c);
        acc.merge_checked(&a)?;
    }
    summarise(model, &base, &plan, opts, finishes, costs, &acc, origin)
}

#[cfg(not(target_arch = "wasm32"))]
fn run_threads(job: &Job<'_>, bounds: &[(u32, u32)]) -> Vec<Result<Chunk, Error>> {
    std::thread::scope(|sc| {
        let handles: Vec<_> = bounds
            .iter()
            .map(|&(from, to)| sc.spawn(move || run_chunk(job, from, to)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::calc(
                        crate::error::codes::INTERNAL,
                        None,
                        "a simulation thread failed",
                    ))
                })
            })
            .collect()
    })
}

#[cfg(target_arch = "wasm32")]
fn run_threads(job: &Job<'_>, bounds: &[(u32, u32)]) -> Vec<Result<Chunk, Error>> {
    bounds
        .iter()
        .map(|&(from, to)| run_chunk(job, from, to))
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn summarise(
    model: &Model,
    base: &crate::schedule::Schedule,
    plan: &Plan,
    opts: &SimOptions,
    mut finishes: Vec<i64>,
    mut costs: Vec<Decimal>,
    acc: &Acc,
    origin: i64,
) -> Result<Simulation, Error> {
    let cal = project_calendar(model)?;
    let n = finishes.len() as f64;
    let day = 480.0;
    // Working days on the project calendar, from each finish's minutes.
    let days_of =
        |f: i64| -> Result<f64, Error> { Ok(cal.between(origin, origin + f)? as f64 / day) };
    let mut days: Vec<f64> = Vec::with_capacity(finishes.len());
    for &f in &finishes {
        days.push(days_of(f)?);
    }
    let mean = days.iter().sum::<f64>() / n;
    let var = days.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / n;
    days.sort_by(f64::total_cmp);
    finishes.sort_unstable();
    costs.sort();
    let at = |p: f64| -> Result<DateTime, Error> {
        crate::calendar::from_minutes(origin + nearest_rank(&finishes, p))
    };
    let cost_sum = costs
        .iter()
        .try_fold(Decimal::ZERO, |a, c| a.checked_add(*c))
        .ok_or_else(|| {
            Error::calc(
                "overflow",
                None,
                "the simulated costs exceed the range of an exact decimal",
            )
        })?;
    let cost_mean = (cost_sum / Decimal::from(finishes.len() as u64)).normalize();
    let nn = i128::from(opts.iterations);
    let mut tasks = Vec::with_capacity(plan.leaves.len());
    for (k, &t) in plan.leaves.iter().enumerate() {
        let cov = (nn * acc.sum_df[k] - acc.sum_d[k] * acc.sum_f) as f64;
        let vd = (nn * acc.sum_dd[k] - acc.sum_d[k] * acc.sum_d[k]) as f64;
        let vf = (nn * acc.sum_ff - acc.sum_f * acc.sum_f) as f64;
        let cruciality = (vd > 0.0 && vf > 0.0)
            .then(|| cov / (vd.sqrt() * vf.sqrt()))
            .filter(|x| x.is_finite());
        tasks.push(TaskRisk {
            id: model.task(t).id.clone(),
            criticality: acc.critical[k] as f64 / n,
            cruciality,
        });
    }
    let mut tornado: Vec<&TaskRisk> = tasks
        .iter()
        .filter(|t| t.cruciality.is_some_and(|c| c.abs() > 0.0))
        .collect();
    tornado.sort_by(|a, b| {
        b.cruciality
            .unwrap_or(0.0)
            .abs()
            .total_cmp(&a.cruciality.unwrap_or(0.0).abs())
            .then(a.id.cmp(&b.id))
    });
    let tornado = tornado.iter().take(10).map(|t| t.id.clone()).collect();
    let mut deadlines = Vec::new();
    for (k, &(t, due)) in plan.deadlines.iter().enumerate() {
        deadlines.push(DateOdds {
            id: model.task(t).id.clone(),
            due: crate::calendar::from_minutes(due)?,
            probability: acc.deadlines[k] as f64 / n,
        });
    }
    let mut goals = Vec::new();
    for (k, (g, day, _, _)) in plan.goals.iter().enumerate() {
        goals.push(GoalOdds {
            id: model.goal(*g).id.clone(),
            due: *day,
            probability: acc.goals[k] as f64 / n,
        });
    }
    // The histogram over [min, max] of the duration, fixed bins.
    let (lo, hi) = (days[0], days[days.len() - 1]);
    let width = if hi > lo {
        (hi - lo) / HISTOGRAM_BINS as f64
    } else {
        1.0
    };
    let bins = if hi > lo { HISTOGRAM_BINS } else { 1 };
    let mut counts = vec![0u64; bins];
    for d in &days {
        let b = (((d - lo) / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    let mut cum = 0u64;
    let histogram = counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            cum += c;
            Bin {
                from: lo + width * i as f64,
                to: lo + width * (i + 1) as f64,
                count: c,
                cumulative: cum as f64 / n,
            }
        })
        .collect();
    Ok(Simulation {
        iterations: opts.iterations,
        seed: opts.seed,
        status_date: opts.status_date,
        planned_finish: base.project_finish,
        duration_days: DurationStats {
            p10: nearest_rank(&days, 10.0),
            p50: nearest_rank(&days, 50.0),
            p80: nearest_rank(&days, 80.0),
            p90: nearest_rank(&days, 90.0),
            mean,
            std: var.sqrt(),
        },
        finish: FinishStats {
            p10: at(10.0)?,
            p50: at(50.0)?,
            p80: at(80.0)?,
            p90: at(90.0)?,
        },
        cost: CostStats {
            p10: Money(nearest_rank(&costs, 10.0)),
            p50: Money(nearest_rank(&costs, 50.0)),
            p80: Money(nearest_rank(&costs, 80.0)),
            p90: Money(nearest_rank(&costs, 90.0)),
            mean: Money(cost_mean),
        },
        tasks,
        tornado,
        deadlines,
        goals,
        histogram,
    })
}
