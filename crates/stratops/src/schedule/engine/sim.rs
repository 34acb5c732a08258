//! The passes alone, for a simulation: durations set by task index, then
//! the forward and backward passes and total float, with no result rows,
//! free float, critical paths or diagnostics. Each iteration of a Monte
//! Carlo run needs only the project finish and, per task, its finish, its
//! duration and whether it is critical; building a [`Schedule`] (ids,
//! date-times, drivers) cost about as much as the passes themselves.

use super::*;

/// A prepared network a simulation reschedules once per iteration.
///
/// The figures equal a full [`schedule`] of the model with the same
/// durations set through [`Model::set_task_duration`]: the passes are the
/// same code ([`Net::run_full`] without free float), and a duration is
/// read as `task_duration` reads the model (zero for summaries and
/// milestones). `benches/tests/simulate_paths.rs` checks a simulation
/// through this against one through full schedules.
pub(crate) struct SimNet {
    net: Net,
    /// Whether a task's duration stays zero whatever is set (a summary or a
    /// milestone).
    zero: Vec<bool>,
    /// Whether a task is scheduled as late as possible (its finish is its
    /// late finish).
    alap: Vec<bool>,
}

impl SimNet {
    /// Prepares the network of `model`.
    pub(crate) fn new(model: &Model, opts: &ScheduleOptions) -> Result<SimNet, Error> {
        let net = Net::prepare(model, opts)?;
        let n = net.n;
        let mut zero = Vec::with_capacity(n);
        let mut alap = Vec::with_capacity(n);
        for t in 0..n as u32 {
            let task = model.task(t);
            zero.push(net.summary[t as usize] || task.kind == TaskKind::Milestone);
            alap.push(
                task.constraint
                    .as_ref()
                    .is_some_and(|c| c.kind == ConstraintType::ALAP),
            );
        }
        Ok(SimNet { net, zero, alap })
    }

    /// Sets task `t`'s duration to `minutes` (working, or wall-clock when
    /// `elapsed`), as [`Model::set_task_duration`] and a reschedule would
    /// read it.
    pub(crate) fn set_duration(&mut self, t: u32, minutes: i64, elapsed: bool) {
        let tu = t as usize;
        let (d, e) = if self.zero[tu] {
            (0, false)
        } else {
            (minutes, elapsed)
        };
        self.net.dur[tu] = d;
        self.net.elapsed[tu] = e;
    }

    /// Runs the passes and total float.
    pub(crate) fn run(&mut self, model: &Model) -> Result<(), Error> {
        let ix = model.index();
        let net = &mut self.net;
        for &node in &ix.event_order {
            net.forward_node::<false>(model, node)?;
        }
        net.finish_bounds(model)?;
        for &node in ix.event_order.iter().rev() {
            net.backward_node::<false>(model, node)?;
        }
        for t in 0..net.n as u32 {
            net.total_float(t)?;
        }
        // A full schedule turns both into date-times: the same range check.
        from_minutes(net.project_start)?;
        from_minutes(net.pf)?;
        Ok(())
    }

    /// The project finish (minutes), after [`SimNet::run`].
    pub(crate) fn project_finish(&self) -> i64 {
        self.net.pf
    }

    /// Task `t`'s scheduled finish (minutes): its late finish when ALAP.
    pub(crate) fn finish(&self, t: u32) -> i64 {
        let tu = t as usize;
        if self.alap[tu] {
            self.net.lf[tu]
        } else {
            self.net.ef[tu]
        }
    }

    /// Whether task `t` is critical.
    pub(crate) fn critical(&self, t: u32) -> bool {
        self.net.is_critical(t)
    }

    /// Task `t`'s duration as its result row shows it.
    pub(crate) fn duration_min(&self, t: u32) -> Result<i64, Error> {
        self.net.duration_min(t)
    }
}
