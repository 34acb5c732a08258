//! The phases of an earned value run: baselines, planned value items,
//! planned and earned value, actual cost, the breakdowns, the S-curve, the
//! forecasts and the earned schedule.

use super::*;

/// Refuses a baseline number outside 0-10 (`bad_option`) or one no plan
/// has (`unknown_baseline`).
pub(super) fn check_baseline(model: &Model, opts: &EvmOptions) -> Result<(), Error> {
    let doc = model.document();
    if let Some(n) = opts.baseline {
        if !(0..=crate::validate::MAX_BASELINE).contains(&n) {
            return Err(Error::calc(
                crate::error::codes::BAD_OPTION,
                Some("baseline"),
                format!("option baseline must be within 0..=10, not {n}"),
            ));
        }
        if !doc
            .plans
            .iter()
            .any(|p| p.baselines.iter().any(|b| b.number == n))
        {
            return Err(Error::calc(
                "unknown_baseline",
                Some("baseline"),
                format!("no plan has baseline {n}"),
            ));
        }
    }
    Ok(())
}

/// A task's baseline: (cost, start, finish) in minutes.
pub(super) type TaskBaseline = Option<(Decimal, i64, i64)>;

/// Each task's baseline (cost, start, finish) where its plan has baseline
/// `number`, which plans have it, and each task's own share of its
/// baseline cost.
#[allow(clippy::type_complexity)]
pub(super) fn baselines(
    model: &Model,
    number: i64,
) -> Result<(Vec<TaskBaseline>, Vec<Option<i64>>, Vec<Option<Decimal>>), Error> {
    let doc = model.document();
    let ix = model.index();
    let n = ix.tasks.len();
    let mut base: Vec<Option<(Decimal, i64, i64)>> = vec![None; n];
    let mut plan_base: Vec<Option<i64>> = vec![None; doc.plans.len()];
    for (pi, plan) in doc.plans.iter().enumerate() {
        let Some(b) = plan.baselines.iter().find(|b| b.number == number) else {
            continue;
        };
        plan_base[pi] = Some(number);
        for bt in &b.tasks {
            if let (Some(t), Some(c), Some(s), Some(f)) = (
                ix.of_kind(&bt.task, EntityKind::Task),
                bt.cost,
                bt.start,
                bt.finish,
            ) {
                base[t as usize] = Some((c.0, to_minutes(s.as_start()), to_minutes(f.as_finish())));
            }
        }
    }
    // A summary's baseline cost includes its descendants': its own share is
    // the rest.
    let mut own_base: Vec<Option<Decimal>> = base.iter().map(|b| b.map(|b| b.0)).collect();
    for (t, b) in base.iter().enumerate() {
        let p = ix.task_parent[t];
        if p != NONE {
            if let (Some(c), Some(po)) = (b.map(|b| b.0), own_base[p as usize].as_mut()) {
                *po = po
                    .checked_sub(c)
                    .ok_or_else(|| overflow(&model.task(t as u32).id, "a baseline cost"))?;
            }
        }
    }
    Ok((base, plan_base, own_base))
}

/// The goals a task serves: those its nearest supporting ancestors name,
/// and its plan's.
pub(super) fn task_goals(model: &Model, facts: &TaskFacts, t: u32, plan: u32) -> Vec<String> {
    let doc = model.document();
    let ix = model.index();
    let mut goals: Vec<String> = Vec::new();
    let mut s = facts.sup_up[t as usize];
    while s != NONE {
        goals.extend(model.task(s).supports.iter().cloned());
        let p = ix.task_parent[s as usize];
        s = if p == NONE {
            NONE
        } else {
            facts.sup_up[p as usize]
        };
    }
    goals.extend(doc.plans[plan as usize].supports.iter().cloned());
    goals.retain(|g| ix.of_kind(g, EntityKind::Goal).is_some());
    crate::sort::by(&mut goals, Ord::cmp);
    goals.dedup();
    goals
}

/// The planned value items: baseline tasks, and every budget line not
/// replaced by a baseline.
pub(super) fn planned_items(
    model: &Model,
    bud: &crate::budget::Budget,
    plain: &Schedule,
    facts: &TaskFacts,
    base: &[TaskBaseline],
    own_base: &[Option<Decimal>],
) -> Result<Vec<Item>, Error> {
    let doc = model.document();
    let ix = model.index();
    let n = ix.tasks.len();
    let mut items: Vec<Item> = Vec::new();
    for line in &bud.lines {
        let task = line
            .task
            .as_deref()
            .and_then(|t| ix.of_kind(t, EntityKind::Task))
            .unwrap_or(NONE);
        if task != NONE && base[task as usize].is_some() {
            continue;
        }
        let plan = doc
            .plans
            .iter()
            .position(|p| p.id == line.plan)
            .unwrap_or(0) as u32;
        let (a, b) = (
            to_minutes(line.window_start),
            to_minutes(line.window_finish),
        );
        let win = match (line.phased_by, task) {
            (PhasedBy::Schedule, t) if t != NONE => Window::Task { dense: t, a, b },
            _ => Window::Days { a, b },
        };
        let months = line
            .months
            .iter()
            .filter_map(|(k, v)| month_start(k).map(|ms| (ms, k.clone(), v.0)))
            .collect();
        items.push(Item {
            task,
            plan,
            amount: line.amount.0,
            win,
            accrual: line.accrual,
            months,
            goals: line.goals.clone(),
        });
    }
    for t in 0..n as u32 {
        let (Some((_, a, b)), Some(cost)) = (base[t as usize], own_base[t as usize]) else {
            continue;
        };
        if cost.is_zero() {
            continue;
        }
        let id = &model.task(t).id;
        let win = Window::Task {
            dense: t,
            a,
            b: b.max(a),
        };
        let cuts = win.month_cuts(id)?;
        let pieces = win.pieces(&cuts, Some(plain))?;
        let w: Vec<i64> = pieces.iter().map(|p| p.1).collect();
        let shares = split(cost, &w).ok_or_else(|| overflow(id, "a baseline cost"))?;
        let mut months: Vec<(i64, String, Decimal)> = Vec::new();
        for (p, s) in pieces.iter().zip(shares) {
            let key = crate::budget::phase::month_key(p.0)?;
            let ms = month_start(&key).unwrap_or(p.0);
            match months.last_mut() {
                Some(m) if m.1 == key => m.2 += s,
                _ => months.push((ms, key, s)),
            }
        }
        let plan = ix.tasks[t as usize].0;
        items.push(Item {
            task: t,
            plan,
            amount: cost,
            win,
            accrual: Accrual::Prorated,
            months,
            goals: task_goals(model, facts, t, plan),
        });
    }
    Ok(items)
}

/// Budget, planned and earned value and actual cost summed per task
/// (own), plan and goal, and in total.
pub(super) struct Sums {
    pub(super) own: Vec<Acc>,
    pub(super) plans: Vec<Acc>,
    pub(super) goals: BTreeMap<String, Acc>,
    pub(super) total: Acc,
}

/// Planned and earned value of every item, summed.
pub(super) fn planned_and_earned(
    model: &Model,
    items: &[Item],
    status: i64,
    plain: &Schedule,
) -> Result<Sums, Error> {
    let doc = model.document();
    let n = model.index().tasks.len();
    let mut own: Vec<Acc> = vec![Acc::default(); n];
    let mut plans: Vec<Acc> = vec![Acc::default(); doc.plans.len()];
    let mut goals: BTreeMap<String, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    let credits = credits(model, plain);
    for it in items {
        let pv = it.pv(status, plain)?;
        let ev = if it.task == NONE {
            // A plan-level line is level of effort: it earns what it plans.
            pv
        } else {
            let (num, den) = credits[it.task as usize];
            it.amount
                .checked_mul(num)
                .and_then(|x| x.checked_div(den))
                .ok_or_else(|| overflow(&model.task(it.task).id, "earned value"))?
        };
        let a = Acc {
            bac: it.amount,
            pv,
            ev,
            ac: Decimal::ZERO,
        };
        add_to(
            &a, it.task, it.plan, &it.goals, &mut own, &mut plans, &mut goals, &mut total,
        )?;
    }
    Ok(Sums {
        own,
        plans,
        goals,
        total,
    })
}

/// Actual cost per line (to the status date), by month for the S-curve,
/// added to `sums`. Returns the status month, the actual cost by month and
/// by line.
#[allow(clippy::type_complexity)]
pub(super) fn actual_costs<'m>(
    model: &'m Model,
    bud: &crate::budget::Budget,
    status: i64,
    status_date: Date,
    sums: &mut Sums,
) -> Result<
    (
        String,
        BTreeMap<String, Decimal>,
        std::collections::HashMap<&'m str, Decimal>,
    ),
    Error,
> {
    let doc = model.document();
    let ix = model.index();
    let Sums {
        own,
        plans,
        goals,
        total,
    } = sums;
    let status_month = crate::budget::phase::month_key(status)?;
    let mut ac_months: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut ac_line: std::collections::HashMap<&str, Decimal> = std::collections::HashMap::new();
    for (pi, plan) in doc.plans.iter().enumerate() {
        for c in &plan.costs {
            let mut ac = Decimal::ZERO;
            let mut put = |month: String, v: Decimal| -> Result<(), Error> {
                let e = ac_months.entry(month).or_default();
                *e = e
                    .checked_add(v)
                    .ok_or_else(|| overflow(&c.id, "actual cost"))?;
                ac = ac
                    .checked_add(v)
                    .ok_or_else(|| overflow(&c.id, "actual cost"))?;
                Ok(())
            };
            if c.actuals.is_empty() {
                if let Some(a) = c.actual {
                    put(status_month.clone(), a.0)?;
                }
            } else {
                for d in c.actuals.iter().filter(|d| d.date <= status_date) {
                    put(
                        crate::budget::phase::month_key(to_minutes(d.date.start_of_day()))?,
                        d.amount.0,
                    )?;
                }
            }
            if ac.is_zero() {
                continue;
            }
            ac_line.insert(c.id.as_str(), ac);
            let task = c
                .task
                .as_deref()
                .and_then(|t| ix.of_kind(t, EntityKind::Task))
                .unwrap_or(NONE);
            let line_goals = bud.line(&c.id).map(|l| l.goals.clone()).unwrap_or_default();
            let a = Acc {
                ac,
                ..Acc::default()
            };
            add_to(&a, task, pi as u32, &line_goals, own, plans, goals, total)?;
        }
    }
    Ok((status_month, ac_months, ac_line))
}

/// The figures by task, plan and goal.
pub(super) type Breakdowns = (Vec<TaskEv>, Vec<PlanEv>, Vec<GoalEv>);

/// The figures by task (the WBS rolled up, children before parents), by
/// plan and by goal.
pub(super) fn breakdowns(
    model: &Model,
    sums: &Sums,
    plan_base: &[Option<i64>],
) -> Result<Breakdowns, Error> {
    let doc = model.document();
    let ix = model.index();
    let n = ix.tasks.len();
    let (own, plans, goals) = (&sums.own, &sums.plans, &sums.goals);
    let mut rolled = own.clone();
    for &t in ix.wbs_order.iter().rev() {
        let p = ix.task_parent[t as usize];
        if p != NONE {
            let c = rolled[t as usize];
            rolled[p as usize].add(&c, &model.task(p).id)?;
        }
    }
    let by_task = (0..n)
        .filter(|&t| !rolled[t].is_zero())
        .map(|t| TaskEv {
            id: model.task(t as u32).id.clone(),
            plan: doc.plans[ix.tasks[t].0 as usize].id.clone(),
            summary: ix.is_summary(t as u32),
            figures: rolled[t].figures(),
        })
        .collect();
    let by_plan = doc
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| PlanEv {
            plan: p.id.clone(),
            baseline: plan_base[i],
            figures: plans[i].figures(),
        })
        .collect();
    let by_goal = goals
        .iter()
        .map(|(g, a)| GoalEv {
            goal: g.clone(),
            figures: a.figures(),
        })
        .collect();
    Ok((by_task, by_plan, by_goal))
}

/// The S-curve: planned value by month, cumulated, beside the cumulated
/// actual cost up to the status month.
pub(super) fn s_curve(
    items: &[Item],
    ac_months: &BTreeMap<String, Decimal>,
    status_month: &str,
) -> Result<Vec<PeriodEv>, Error> {
    let mut pv_months: BTreeMap<String, Decimal> = BTreeMap::new();
    for it in items {
        for (_, k, v) in &it.months {
            let e = pv_months.entry(k.clone()).or_default();
            *e = e
                .checked_add(*v)
                .ok_or_else(|| overflow(k, "planned value"))?;
        }
    }
    let mut keys: Vec<&String> = pv_months.keys().chain(ac_months.keys()).collect();
    crate::sort::by(&mut keys, Ord::cmp);
    keys.dedup();
    let (mut pv_cum, mut ac_cum) = (Decimal::ZERO, Decimal::ZERO);
    let mut by_period = Vec::with_capacity(keys.len());
    for k in keys {
        let pv = pv_months.get(k).copied().unwrap_or_default();
        pv_cum = pv_cum
            .checked_add(pv)
            .ok_or_else(|| overflow(k, "planned value"))?;
        ac_cum = ac_cum
            .checked_add(ac_months.get(k).copied().unwrap_or_default())
            .ok_or_else(|| overflow(k, "actual cost"))?;
        by_period.push(PeriodEv {
            period: k.clone(),
            pv: Money(pv.normalize()),
            pv_cum: Money(pv_cum.normalize()),
            ac_cum: (k.as_str() <= status_month).then_some(Money(ac_cum.normalize())),
        });
    }
    Ok(by_period)
}

/// The variances, indices and forecasts of the totals.
pub(super) struct Indices {
    pub(super) sv: Decimal,
    pub(super) cv: Decimal,
    pub(super) spi: Option<f64>,
    pub(super) cpi: Option<f64>,
    pub(super) eac: Option<Decimal>,
    pub(super) etc: Option<Decimal>,
    pub(super) vac: Option<Decimal>,
    pub(super) tcpi: Option<f64>,
    pub(super) tcpi_eac: Option<f64>,
}

/// The cost indices and forecasts (the estimate at completion by
/// `opts.eac_method`).
pub(super) fn forecast(
    model: &Model,
    status_date: Date,
    opts: &EvmOptions,
    total: Acc,
    ac_line: &std::collections::HashMap<&str, Decimal>,
) -> Result<Indices, Error> {
    let Acc { bac, pv, ev, ac } = total;
    let sub =
        |a: Decimal, b: Decimal, what: &str| a.checked_sub(b).ok_or_else(|| overflow(what, what));
    let (sv, cv) = (sub(ev, pv, "sv")?, sub(ev, ac, "cv")?);
    let (spi, cpi) = (ratio(ev, pv), ratio(ev, ac));
    let rest = sub(bac, ev, "bac - ev")?;
    let eac: Option<Decimal> = match opts.eac_method {
        EacMethod::Cpi => (!ev.is_zero() && !ac.is_zero())
            .then(|| bac.checked_mul(ac).and_then(|x| x.checked_div(ev)))
            .flatten(),
        EacMethod::BudgetRate => ac.checked_add(rest),
        EacMethod::CpiSpi => {
            let k = if ac.is_zero() || pv.is_zero() {
                None
            } else {
                ev.checked_mul(ev)
                    .and_then(|e2| e2.checked_div(ac.checked_mul(pv)?))
            };
            k.filter(|k| !k.is_zero())
                .and_then(|k| rest.checked_div(k))
                .and_then(|r| ac.checked_add(r))
        }
        EacMethod::BottomUp => {
            let exec = schedule(
                model,
                &ScheduleOptions {
                    status_date: Some(status_date),
                    ..Default::default()
                },
            )?;
            let fb = budget(model, Some(&exec), &BudgetOptions::default())?;
            let mut etc = Decimal::ZERO;
            for l in &fb.lines {
                let spent = ac_line.get(l.id.as_str()).copied().unwrap_or_default();
                let left = l
                    .amount
                    .0
                    .checked_sub(spent)
                    .unwrap_or_default()
                    .max(Decimal::ZERO);
                etc = etc
                    .checked_add(left)
                    .ok_or_else(|| overflow(&l.id, "the estimate to complete"))?;
            }
            ac.checked_add(etc)
        }
    };
    let eac = eac.map(|d| d.normalize());
    let etc = eac.and_then(|e| e.checked_sub(ac));
    let vac = eac.and_then(|e| bac.checked_sub(e));
    let tcpi = ratio(rest, sub(bac, ac, "bac - ac")?);
    let tcpi_eac = etc.and_then(|e| ratio(rest, e));
    Ok(Indices {
        sv,
        cv,
        spi,
        cpi,
        eac,
        etc,
        vac,
        tcpi,
        tcpi_eac,
    })
}

/// Earned schedule, on the project calendar: (earned schedule, actual
/// time, planned duration) in working days.
pub(super) fn earned_schedule(
    model: &Model,
    items: &[Item],
    plain: &Schedule,
    ev: Decimal,
    status: i64,
    status_date: Date,
) -> Result<(f64, f64, f64), Error> {
    let cal = crate::calendar::project_calendar(model)?;
    let first = items.iter().map(|i| i.win.first()).min();
    let last = items.iter().map(|i| i.win.last()).max();
    let (mut es_days, mut at_days, mut pd_days) = (0.0, 0.0, 0.0);
    if let (Some(first), Some(last)) = (first, last) {
        let day0 = crate::calendar::from_minutes(first)?.date();
        let end = crate::calendar::from_minutes(last)?.date().max(status_date);
        let span = (end.0 - day0.0).num_days();
        if span > MAX_ES_DAYS {
            return Err(Error::calc(
                "horizon_too_long",
                Some("status_date"),
                format!("the earned schedule would walk {span} days; at most {MAX_ES_DAYS}"),
            ));
        }
        // The ends of the working days, from the first planned day.
        let mut ends: Vec<i64> = Vec::new();
        let mut d = day0;
        while d <= end {
            let a = to_minutes(d.start_of_day());
            if cal.between(a, a + 1440)? > 0 {
                ends.push(a + 1440);
            }
            match d.0.succ_opt() {
                Some(x) => d = Date(x),
                None => break,
            }
        }
        let pd = ends.iter().take_while(|&&e| e <= last).count()
            + usize::from(ends.iter().any(|&e| e > last && e - 1440 <= last));
        let pd = pd.min(ends.len());
        let at = ends.iter().take_while(|&&e| e <= status).count();
        let pv_at = |k: usize| -> Result<Decimal, Error> {
            if k == 0 {
                return Ok(Decimal::ZERO);
            }
            let t = ends[k - 1];
            let mut v = Decimal::ZERO;
            for it in items {
                v = v
                    .checked_add(it.pv(t, plain)?)
                    .ok_or_else(|| overflow("pv", "planned value"))?;
            }
            Ok(v)
        };
        // The last whole day C with PV(C) <= EV (PV never falls as time
        // passes, for lines that are no credits), then the share of day C+1.
        let (mut lo, mut hi) = (0usize, pd);
        if pv_at(pd)? <= ev {
            lo = pd;
        } else {
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if pv_at(mid)? <= ev {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        let mut es = Decimal::from(lo as i64);
        if lo < pd {
            let (p0, p1) = (pv_at(lo)?, pv_at(lo + 1)?);
            if p1 > p0 {
                let share = ev
                    .checked_sub(p0)
                    .zip(p1.checked_sub(p0))
                    .and_then(|(num, den)| num.checked_div(den))
                    .unwrap_or_default();
                es += share.max(Decimal::ZERO).min(Decimal::ONE);
            }
        }
        es_days = es.to_f64().unwrap_or(0.0);
        at_days = at as f64;
        pd_days = pd as f64;
    }
    Ok((es_days, at_days, pd_days))
}

#[allow(clippy::too_many_arguments)]
pub(super) fn add_to(
    a: &Acc,
    task: u32,
    plan: u32,
    goal_ids: &[String],
    own: &mut [Acc],
    plans: &mut [Acc],
    goals: &mut BTreeMap<String, Acc>,
    total: &mut Acc,
) -> Result<(), Error> {
    if task != NONE {
        own[task as usize].add(a, "task")?;
    }
    plans[plan as usize].add(a, "plan")?;
    for g in goal_ids {
        goals.entry(g.clone()).or_default().add(a, g)?;
    }
    total.add(a, "total")
}
