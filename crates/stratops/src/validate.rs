//! Validation: every diagnostic at once, each with a stable code, the entity
//! id and the JSON path. Nothing here recurses over user-controlled depth.

use std::collections::{HashMap, HashSet};

use crate::calendar::parse_clock;
use crate::currency;
use crate::error::{Diagnostic, Severity};
use crate::index::{topo_order, EntityKind, EntityRef, Index, NONE};
use crate::model::{Aggregation, ConstraintType, CostKind, Document, PlanKind, Polarity};
use crate::values::{Duration, DurationUnit, UnitScale};

struct Ctx {
    diags: Vec<Diagnostic>,
}

impl Ctx {
    fn push(
        &mut self,
        sev: Severity,
        code: &str,
        id: Option<&str>,
        path: String,
        message: String,
        related: Vec<String>,
    ) {
        self.diags.push(Diagnostic {
            code: code.to_string(),
            severity: sev,
            id: id.map(str::to_string),
            path,
            message,
            related,
        });
    }
    fn err(&mut self, code: &str, id: &str, path: String, message: String) {
        self.push(Severity::Error, code, Some(id), path, message, vec![]);
    }
    fn warn(&mut self, code: &str, id: &str, path: String, message: String) {
        self.push(Severity::Warning, code, Some(id), path, message, vec![]);
    }
}

/// An assignment's timephased work: each period ends after it starts,
/// carries finite, non-negative hours, and starts no earlier than the
/// previous one ends (`timephased_overlap` otherwise), so its span is well
/// defined.
fn check_timephased(cx: &mut Ctx, id: &str, at: &str, periods: &[crate::model::WorkPeriod]) {
    let mut prev: Option<crate::DateTime> = None;
    for (i, p) in periods.iter().enumerate() {
        if !(p.hours.is_finite() && p.hours >= 0.0) {
            cx.err(
                "bad_timephased",
                id,
                format!("{at}.timephased[{i}].hours"),
                "a work period's hours must be a finite number >= 0".into(),
            );
        }
        if p.finish <= p.start {
            cx.err(
                "bad_timephased",
                id,
                format!("{at}.timephased[{i}].finish"),
                format!(
                    "a work period must end after it starts ({} to {})",
                    p.start, p.finish
                ),
            );
        }
        if let Some(f) = prev.filter(|&f| p.start < f) {
            cx.err(
                "timephased_overlap",
                id,
                format!("{at}.timephased[{i}].start"),
                format!(
                    "this work period starts at {}, before the previous one ends ({f}): periods are listed in order and do not overlap",
                    p.start
                ),
            );
        }
        prev = Some(prev.map_or(p.finish, |f| f.max(p.finish)));
    }
}

/// The JSON path of an indexed entity.
fn entity_path(ix: &Index, r: EntityRef) -> String {
    let d = r.dense as usize;
    let loc = |v: &[(u32, u32)], what: &str| {
        let (p, i) = v[d];
        format!("plans[{p}].{what}[{i}]")
    };
    match r.kind {
        EntityKind::Calendar => format!("calendars[{d}]"),
        EntityKind::Resource => format!("resources[{d}]"),
        EntityKind::Plan => format!("plans[{d}]"),
        EntityKind::Goal => loc(&ix.goals, "goals"),
        EntityKind::Kpi => loc(&ix.kpis, "kpis"),
        EntityKind::Task => loc(&ix.tasks, "tasks"),
        EntityKind::Cost => loc(&ix.costs, "costs"),
        EntityKind::Risk => loc(&ix.risks, "risks"),
    }
}

/// The built-in calendar id.
pub const STANDARD: &str = "standard";

/// Validates a document. Returns every diagnostic, and the index when the
/// document has no error.
pub fn validate(doc: &Document) -> (Vec<Diagnostic>, Option<Index>) {
    let mut cx = Ctx { diags: Vec::new() };
    let mut ix = Index::default();

    // ---- ids -----------------------------------------------------------
    // Paths are formatted only for diagnostics; a valid document with a
    // million tasks allocates none.
    let add = |cx: &mut Ctx,
               ix: &mut Index,
               id: &str,
               kind: EntityKind,
               dense: usize,
               path: &dyn Fn() -> String|
     -> bool {
        if id.is_empty() {
            cx.err(
                "empty_id",
                id,
                path(),
                format!("a {} has an empty id", kind.name()),
            );
            return false;
        }
        match ix.ids.insert(
            id,
            EntityRef {
                kind,
                dense: dense as u32,
            },
        ) {
            Err(prev) => {
                let (prev, path) = (entity_path(ix, prev), path());
                cx.push(
                    Severity::Error,
                    "duplicate_id",
                    Some(id),
                    path.clone(),
                    format!("id {id:?} is used twice: at {prev} and at {path}"),
                    vec![prev],
                );
                false
            }
            Ok(()) => true,
        }
    };
    ix.ids.reserve(
        doc.calendars.len()
            + doc.resources.len()
            + doc
                .plans
                .iter()
                .map(|p| {
                    1 + p.goals.len() + p.kpis.len() + p.tasks.len() + p.costs.len() + p.risks.len()
                })
                .sum::<usize>(),
    );
    let mut task_mine: Vec<bool> = Vec::new();
    for (i, c) in doc.calendars.iter().enumerate() {
        add(&mut cx, &mut ix, &c.id, EntityKind::Calendar, i, &|| {
            format!("calendars[{i}]")
        });
    }
    for (i, r) in doc.resources.iter().enumerate() {
        add(&mut cx, &mut ix, &r.id, EntityKind::Resource, i, &|| {
            format!("resources[{i}]")
        });
    }
    for (p, plan) in doc.plans.iter().enumerate() {
        add(&mut cx, &mut ix, &plan.id, EntityKind::Plan, p, &|| {
            format!("plans[{p}]")
        });
        let pu = p as u32;
        for (i, g) in plan.goals.iter().enumerate() {
            let d = ix.goals.len();
            ix.goals.push((pu, i as u32));
            add(&mut cx, &mut ix, &g.id, EntityKind::Goal, d, &|| {
                format!("plans[{p}].goals[{i}]")
            });
        }
        for (i, k) in plan.kpis.iter().enumerate() {
            let d = ix.kpis.len();
            ix.kpis.push((pu, i as u32));
            add(&mut cx, &mut ix, &k.id, EntityKind::Kpi, d, &|| {
                format!("plans[{p}].kpis[{i}]")
            });
        }
        for (i, t) in plan.tasks.iter().enumerate() {
            let d = ix.tasks.len();
            ix.tasks.push((pu, i as u32));
            // whether the id names this task (not an earlier duplicate)
            task_mine.push(add(&mut cx, &mut ix, &t.id, EntityKind::Task, d, &|| {
                format!("plans[{p}].tasks[{i}]")
            }));
        }
        for (i, c) in plan.costs.iter().enumerate() {
            let d = ix.costs.len();
            ix.costs.push((pu, i as u32));
            add(&mut cx, &mut ix, &c.id, EntityKind::Cost, d, &|| {
                format!("plans[{p}].costs[{i}]")
            });
        }
        for (i, r) in plan.risks.iter().enumerate() {
            let d = ix.risks.len();
            ix.risks.push((pu, i as u32));
            add(&mut cx, &mut ix, &r.id, EntityKind::Risk, d, &|| {
                format!("plans[{p}].risks[{i}]")
            });
        }
    }

    // ---- references ---------------------------------------------------
    // Returns the dense index if `target` names an entity of `kind`.
    // The path is built only when a diagnostic is pushed: most references
    // resolve, and formatting a path for each would dominate large documents.
    let check_ref = |cx: &mut Ctx,
                     ix: &Index,
                     from: &str,
                     path: &dyn Fn() -> String,
                     target: &str,
                     kind: EntityKind,
                     what: &str|
     -> Option<u32> {
        if kind == EntityKind::Calendar && target == STANDARD && ix.get(target).is_none() {
            return None;
        }
        match ix.get(target) {
            Some(r) if r.kind == kind => Some(r.dense),
            Some(r) => {
                cx.push(
                    Severity::Error,
                    "wrong_reference_kind",
                    Some(from),
                    path(),
                    format!(
                        "{from:?} names {what} {target:?}, but {target:?} is a {}, not a {}",
                        r.kind.name(),
                        kind.name()
                    ),
                    vec![target.to_string()],
                );
                None
            }
            None => {
                cx.push(
                    Severity::Error,
                    "dangling_reference",
                    Some(from),
                    path(),
                    format!("{from:?} names {what} {target:?}, which does not exist"),
                    vec![target.to_string()],
                );
                None
            }
        }
    };

    let scale = doc.settings.scale();
    let s = &doc.settings;
    if s.minutes_per_day <= 0 || s.minutes_per_day > 1440 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.minutes_per_day".into(),
            "minutes_per_day must be within 1..=1440".into(),
            vec![],
        );
    }
    if s.minutes_per_week <= 0 || s.minutes_per_week > 10080 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.minutes_per_week".into(),
            "minutes_per_week must be within 1..=10080".into(),
            vec![],
        );
    }
    if s.days_per_month <= 0 || s.days_per_month > 31 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.days_per_month".into(),
            "days_per_month must be within 1..=31".into(),
            vec![],
        );
    }
    if s.critical_threshold_min < 0 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.critical_threshold_min".into(),
            "critical_threshold_min must be >= 0".into(),
            vec![],
        );
    }
    if let Some(c) = &s.calendar {
        check_ref(
            &mut cx,
            &ix,
            "settings",
            &|| "settings.calendar".into(),
            c,
            EntityKind::Calendar,
            "calendar",
        );
    }
    let doc_cur = doc.currency();
    if currency::minor_units(doc_cur).is_none() {
        cx.push(
            Severity::Error,
            "unknown_currency",
            None,
            "currency".into(),
            format!("{doc_cur:?} is not an ISO 4217 currency code"),
            vec![],
        );
    }

    // calendars
    let ncal = doc.calendars.len();
    let mut cal_base = vec![NONE; ncal];
    for (i, c) in doc.calendars.iter().enumerate() {
        let cp = format!("calendars[{i}]");
        if let Some(b) = &c.base {
            if let Some(d) = check_ref(
                &mut cx,
                &ix,
                &c.id,
                &|| format!("{cp}.base"),
                b,
                EntityKind::Calendar,
                "base calendar",
            ) {
                cal_base[i] = d;
            }
        }
        for (d, day) in c.week.days().iter().enumerate() {
            if let Some(ints) = day {
                check_intervals(&mut cx, &c.id, &format!("{cp}.week.{}", DAY_NAMES[d]), ints);
            }
        }
        for (e, ex) in c.exceptions.iter().enumerate() {
            let ep = format!("{cp}.exceptions[{e}]");
            if ex.to.is_some_and(|t| t < ex.from) {
                cx.err(
                    "bad_exception",
                    &c.id,
                    ep.clone(),
                    "exception ends before it starts".into(),
                );
            }
            check_intervals(&mut cx, &c.id, &format!("{ep}.intervals"), &ex.intervals);
        }
    }
    // calendar base cycles and "no working time at all"
    for i in 0..ncal {
        let mut seen = vec![i];
        let mut cur = cal_base[i];
        let mut cyc = false;
        while cur != NONE {
            if seen.contains(&(cur as usize)) {
                cyc = true;
                break;
            }
            seen.push(cur as usize);
            cur = cal_base[cur as usize];
        }
        let c = &doc.calendars[i];
        if cyc {
            let ids: Vec<String> = seen.iter().map(|&k| doc.calendars[k].id.clone()).collect();
            cx.push(
                Severity::Error,
                "calendar_cycle",
                Some(&c.id),
                format!("calendars[{i}].base"),
                format!("calendar bases form a cycle: {}", ids.join(" -> ")),
                ids,
            );
            continue;
        }
        // Resolve each weekday along the chain; the standard week fills gaps.
        let any_work = (0..7).any(|d| {
            for &k in &seen {
                if let Some(ints) = doc.calendars[k].week.days()[d] {
                    return !ints.is_empty();
                }
            }
            d < 5
        });
        if !any_work {
            cx.err(
                "calendar_no_working_time",
                &c.id,
                format!("calendars[{i}].week"),
                format!("calendar {:?} has no working time in any week", c.id),
            );
        }
    }

    for (i, r) in doc.resources.iter().enumerate() {
        let rp = format!("resources[{i}]");
        if let Some(c) = &r.calendar {
            check_ref(
                &mut cx,
                &ix,
                &r.id,
                &|| format!("{rp}.calendar"),
                c,
                EntityKind::Calendar,
                "calendar",
            );
        }
        for (k, rate) in r.rates.iter().enumerate() {
            if rate.standard.0.is_sign_negative() && !rate.standard.0.is_zero() {
                cx.err(
                    "negative_rate",
                    &r.id,
                    format!("{rp}.rates[{k}].standard"),
                    "a rate cannot be negative".into(),
                );
            }
            if r.rates[..k].iter().any(|o| o.from == rate.from) {
                cx.err(
                    "duplicate_rate",
                    &r.id,
                    format!("{rp}.rates[{k}].from"),
                    "two rates take effect on the same date".into(),
                );
            }
        }
        if r.capacity.is_some_and(|c| !c.is_finite() || c < 0.0) {
            cx.err(
                "bad_capacity",
                &r.id,
                format!("{rp}.capacity"),
                "capacity must be a finite number >= 0".into(),
            );
        }
    }

    let ntask = ix.tasks.len();
    let mut parent = vec![NONE; ntask];
    let mut dep_edges: Vec<(u32, u32, crate::model::LinkType)> = Vec::new();
    let mut goal_edges: Vec<(u32, u32)> = Vec::new();
    let mut dense_task = 0u32;
    let mut cost_task: Vec<u32> = Vec::with_capacity(ix.costs.len());

    for (p, plan) in doc.plans.iter().enumerate() {
        let pp = format!("plans[{p}]");
        let pid = plan.id.as_str();
        if let Some(par) = &plan.parent {
            check_ref(
                &mut cx,
                &ix,
                pid,
                &|| format!("{pp}.parent"),
                par,
                EntityKind::Plan,
                "parent plan",
            );
        }
        for (k, g) in plan.supports.iter().enumerate() {
            check_ref(
                &mut cx,
                &ix,
                pid,
                &|| format!("{pp}.supports[{k}]"),
                g,
                EntityKind::Goal,
                "goal",
            );
        }
        if let Some(c) = &plan.calendar {
            check_ref(
                &mut cx,
                &ix,
                pid,
                &|| format!("{pp}.calendar"),
                c,
                EntityKind::Calendar,
                "calendar",
            );
        }
        if let Some(c) = &plan.currency {
            check_currency(&mut cx, pid, format!("{pp}.currency"), c, doc_cur);
        }
        if let Some(st) = &plan.start_time {
            if parse_clock(st).is_none_or(|m| m >= 1440) {
                cx.err(
                    "bad_start_time",
                    pid,
                    format!("{pp}.start_time"),
                    format!("start time {st:?} is not HH:MM within 00:00-23:59"),
                );
            }
        }
        let h = plan.horizon;
        if h.end.0 < h.start.0 {
            cx.err(
                "horizon_reversed",
                pid,
                format!("{pp}.horizon"),
                format!(
                    "the horizon ends ({}) before it starts ({})",
                    h.end, h.start
                ),
            );
        } else {
            let days = (h.end.0 - h.start.0).num_days() + 1;
            let fits = match plan.kind {
                PlanKind::Strategic => (300..=3700).contains(&days),
                PlanKind::Operational => days <= 370,
                PlanKind::Tactical => days <= 100,
                PlanKind::Project => true,
            };
            if !fits {
                let want = match plan.kind {
                    PlanKind::Strategic => "1-10 years",
                    PlanKind::Operational => "a year or less",
                    PlanKind::Tactical => "a month or a quarter",
                    PlanKind::Project => "",
                };
                cx.warn(
                    "horizon_kind_mismatch",
                    pid,
                    format!("{pp}.horizon"),
                    format!(
                        "a {:?} plan usually spans {want}; this one spans {days} days",
                        plan.kind
                    )
                    .to_lowercase(),
                );
            }
        }
        for (m, v) in [
            ("budget", &plan.budget),
            ("management_reserve_pct", &plan.management_reserve_pct),
        ] {
            if v.is_some_and(|v| v.0.is_sign_negative() && !v.0.is_zero()) {
                cx.err(
                    "negative_amount",
                    pid,
                    format!("{pp}.{m}"),
                    format!("{m} cannot be negative"),
                );
            }
        }

        // goals
        for (i, g) in plan.goals.iter().enumerate() {
            let gp = || format!("{pp}.goals[{i}]");
            let me = ix.goal(&g.id);
            for (k, l) in g.contributes_to.iter().enumerate() {
                let lp = || format!("{}.contributes_to[{k}]", gp());
                check_weight(&mut cx, &g.id, &lp, l.weight);
                if let (Some(a), Some(b)) = (
                    me,
                    check_ref(
                        &mut cx,
                        &ix,
                        &g.id,
                        &|| format!("{}.goal", lp()),
                        &l.goal,
                        EntityKind::Goal,
                        "goal",
                    ),
                ) {
                    goal_edges.push((a, b));
                }
            }
        }
        // kpis
        for (i, k) in plan.kpis.iter().enumerate() {
            check_kpi(&mut cx, &ix, k, &|| format!("{pp}.kpis[{i}]"), &check_ref);
        }
        // tasks
        for (i, t) in plan.tasks.iter().enumerate() {
            let tp = || format!("{pp}.tasks[{i}]");
            let me = dense_task;
            dense_task += 1;
            let mine = task_mine.get(me as usize).copied().unwrap_or(false);
            if let Some(par) = &t.parent {
                if let Some(d) = check_ref(
                    &mut cx,
                    &ix,
                    &t.id,
                    &|| format!("{}.parent", tp()),
                    par,
                    EntityKind::Task,
                    "parent task",
                ) {
                    if mine {
                        parent[me as usize] = d;
                    }
                }
            }
            if let Some(d) = &t.duration {
                if let Some((code, message)) = duration_error(d, scale) {
                    cx.err(code, &t.id, format!("{}.duration", tp()), message);
                }
            }
            for (k, dep) in t.dependencies.iter().enumerate() {
                let dp = || format!("{}.dependencies[{k}]", tp());
                if let Some(pred) = check_ref(
                    &mut cx,
                    &ix,
                    &t.id,
                    &|| format!("{}.predecessor", dp()),
                    &dep.predecessor,
                    EntityKind::Task,
                    "predecessor",
                ) {
                    if mine {
                        dep_edges.push((pred, me, dep.link_type));
                    }
                }
                if let Some(l) = &dep.lag {
                    let over = match l.unit {
                        DurationUnit::Percent => {
                            l.amount.abs() > rust_decimal::Decimal::from(100_000)
                        }
                        // `unsigned_abs`: `i64::MIN` minutes has no `abs`.
                        _ => l
                            .minutes(scale)
                            .is_none_or(|m| m.unsigned_abs() > MAX_MINUTES.unsigned_abs()),
                    };
                    if over {
                        cx.err(
                            "lag_overflow",
                            &t.id,
                            format!("{}.lag", dp()),
                            format!("lag {l} is too large to schedule"),
                        );
                    }
                }
            }
            if let Some(c) = &t.constraint {
                if !matches!(c.kind, ConstraintType::ASAP | ConstraintType::ALAP)
                    && c.date.is_none()
                {
                    cx.err(
                        "constraint_without_date",
                        &t.id,
                        format!("{}.constraint", tp()),
                        format!("a {:?} constraint needs a date", c.kind),
                    );
                }
            }
            if let Some(c) = &t.calendar {
                check_ref(
                    &mut cx,
                    &ix,
                    &t.id,
                    &|| format!("{}.calendar", tp()),
                    c,
                    EntityKind::Calendar,
                    "calendar",
                );
            }
            for (k, a) in t.assignments.iter().enumerate() {
                let ap = || format!("{}.assignments[{k}]", tp());
                check_ref(
                    &mut cx,
                    &ix,
                    &t.id,
                    &|| format!("{}.resource", ap()),
                    &a.resource,
                    EntityKind::Resource,
                    "resource",
                );
                if a.hours.is_some_and(|h| !h.is_finite() || h < 0.0) {
                    cx.err(
                        "bad_hours",
                        &t.id,
                        format!("{}.hours", ap()),
                        "hours must be a finite number >= 0".into(),
                    );
                }
                if a.units.is_some_and(|u| !u.is_finite() || u < 0.0) {
                    cx.err(
                        "bad_units",
                        &t.id,
                        format!("{}.units", ap()),
                        "units must be a finite number >= 0 (1 = 100%)".into(),
                    );
                } else if a.units == Some(0.0) || (a.units.is_some() && a.hours == Some(0.0)) {
                    cx.warn(
                        "idle_assignment",
                        &t.id,
                        ap(),
                        "an assignment with zero units or zero hours does not drive the task's dates"
                            .into(),
                    );
                }
                check_timephased(&mut cx, &t.id, &ap(), &a.timephased);
                if a.timephased.is_empty() && a.contour.is_some_and(|c| c.mean_share().is_none()) {
                    cx.warn(
                        "contour_flat",
                        &t.id,
                        format!("{}.contour", ap()),
                        "this contour has no table and the assignment no timephased periods: its work is scheduled flat"
                            .into(),
                    );
                }
            }
            for (k, g) in t.supports.iter().enumerate() {
                check_ref(
                    &mut cx,
                    &ix,
                    &t.id,
                    &|| format!("{}.supports[{k}]", tp()),
                    g,
                    EntityKind::Goal,
                    "goal",
                );
            }
            if let Some(pr) = &t.progress {
                if !(0.0..=100.0).contains(&pr.percent_complete) {
                    cx.err(
                        "bad_percent",
                        &t.id,
                        format!("{}.progress.percent_complete", tp()),
                        "percent complete must be within 0..=100".into(),
                    );
                }
                if let (Some(a), Some(b)) = (pr.actual_start, pr.actual_finish) {
                    // Two bare dates compare as dates: a finish on
                    // 1 January (24:00) and a start on 2 January (00:00)
                    // are the same instant but clearly reversed.
                    if b.as_finish() < a.as_start() || b.date() < a.date() {
                        cx.err(
                            "actual_finish_before_start",
                            &t.id,
                            format!("{}.progress", tp()),
                            "the actual finish is before the actual start".into(),
                        );
                    }
                }
            }
            if let Some(m) = &t.manual {
                if let (Some(a), Some(b)) = (m.start, m.finish) {
                    if b.as_finish() < a.as_start() || b.date() < a.date() {
                        cx.err(
                            "manual_finish_before_start",
                            &t.id,
                            format!("{}.manual", tp()),
                            "the entered finish of a manual task is before its entered start"
                                .into(),
                        );
                    }
                }
            }
        }
        // costs
        for (i, c) in plan.costs.iter().enumerate() {
            let cp = || format!("{pp}.costs[{i}]");
            let task = match &c.task {
                Some(t) => check_ref(
                    &mut cx,
                    &ix,
                    &c.id,
                    &|| format!("{}.task", cp()),
                    t,
                    EntityKind::Task,
                    "task",
                ),
                None => None,
            };
            cost_task.push(task.unwrap_or(NONE));
            if let Some(r) = &c.resource {
                check_ref(
                    &mut cx,
                    &ix,
                    &c.id,
                    &|| format!("{}.resource", cp()),
                    r,
                    EntityKind::Resource,
                    "resource",
                );
            }
            for (k, g) in c.supports.iter().enumerate() {
                check_ref(
                    &mut cx,
                    &ix,
                    &c.id,
                    &|| format!("{}.supports[{k}]", cp()),
                    g,
                    EntityKind::Goal,
                    "goal",
                );
            }
            if let Some(cur) = &c.currency {
                check_currency(&mut cx, &c.id, format!("{}.currency", cp()), cur, doc_cur);
            }
            let need = |cx: &mut Ctx, f: &str, v: bool| {
                if !v {
                    cx.err(
                        "missing_cost_field",
                        &c.id,
                        format!("{}.{f}", cp()),
                        format!("a {:?} cost line needs {f}", c.kind).to_lowercase(),
                    );
                }
            };
            match c.kind {
                CostKind::Fixed => need(&mut cx, "amount", c.amount.is_some()),
                CostKind::Labour => {
                    need(&mut cx, "resource", c.resource.is_some());
                    if c.task.is_none() {
                        need(&mut cx, "hours", c.hours.is_some());
                    }
                }
                CostKind::Unit => {
                    need(&mut cx, "quantity", c.quantity.is_some());
                    need(&mut cx, "unit_price", c.unit_price.is_some());
                }
            }
            if !c.credit {
                for (f, v) in [
                    ("amount", &c.amount),
                    ("hours", &c.hours),
                    ("quantity", &c.quantity),
                    ("unit_price", &c.unit_price),
                ] {
                    if v.is_some_and(|m| m.0.is_sign_negative() && !m.0.is_zero()) {
                        cx.err(
                            "negative_amount",
                            &c.id,
                            format!("{}.{f}", cp()),
                            format!("{f} is negative; set \"credit\": true for a credit line"),
                        );
                    }
                }
            }
        }
        // risks
        for (i, r) in plan.risks.iter().enumerate() {
            let rp = format!("{pp}.risks[{i}]");
            if r.probability.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
                cx.err(
                    "bad_probability",
                    &r.id,
                    format!("{rp}.probability"),
                    "probability must be within 0..=1".into(),
                );
            }
            if r.likelihood.is_some_and(|l| !(1..=5).contains(&l)) {
                cx.err(
                    "bad_score",
                    &r.id,
                    format!("{rp}.likelihood"),
                    "likelihood must be 1..=5".into(),
                );
            }
            if r.impact.score.is_some_and(|l| !(1..=5).contains(&l)) {
                cx.err(
                    "bad_score",
                    &r.id,
                    format!("{rp}.impact.score"),
                    "impact score must be 1..=5".into(),
                );
            }
            if r.impact
                .cost
                .is_some_and(|m| m.0.is_sign_negative() && !m.0.is_zero())
            {
                cx.err(
                    "negative_amount",
                    &r.id,
                    format!("{rp}.impact.cost"),
                    "a cost impact cannot be negative".into(),
                );
            }
            for (k, t) in r.affects.iter().enumerate() {
                check_ref(
                    &mut cx,
                    &ix,
                    &r.id,
                    &|| format!("{rp}.affects[{k}]"),
                    t,
                    EntityKind::Task,
                    "task",
                );
            }
        }
    }

    // The structural checks run even when errors were found above, so that
    // a cycle is reported together with, say, a dangling reference: every
    // diagnostic at once. Unresolved references simply contribute no edge.
    // ---- structure: WBS, dependency network, goal DAG -------------------
    let task_id = |d: u32| -> String {
        let (p, i) = ix.tasks[d as usize];
        doc.plans[p as usize].tasks[i as usize].id.clone()
    };
    let task_path = |d: u32| -> String {
        let (p, i) = ix.tasks[d as usize];
        format!("plans[{p}].tasks[{i}]")
    };
    // WBS cycles: walk each parent chain once, marking nodes.
    let mut state = vec![0u8; ntask]; // 0 new, 1 on the current walk, 2 done
    let mut walk = Vec::new();
    let mut wbs_ok = true;
    for v in 0..ntask as u32 {
        let mut cur = v;
        walk.clear();
        while cur != NONE && state[cur as usize] == 0 {
            state[cur as usize] = 1;
            walk.push(cur);
            cur = parent[cur as usize];
        }
        if cur != NONE && state[cur as usize] == 1 {
            let from = walk.iter().position(|&w| w == cur).unwrap_or(0);
            let ids: Vec<String> = walk[from..].iter().map(|&w| task_id(w)).collect();
            cx.push(
                Severity::Error,
                "wbs_cycle",
                Some(&ids[0].clone()),
                format!("{}.parent", task_path(cur)),
                format!("the WBS parents form a cycle: {}", ids.join(" -> ")),
                ids,
            );
            wbs_ok = false;
        }
        for &w in &walk {
            state[w as usize] = 2;
        }
    }
    if wbs_ok {
        // children CSR, document order
        let edges: Vec<(u32, u32)> = (0..ntask as u32)
            .filter(|&c| parent[c as usize] != NONE)
            .map(|c| (parent[c as usize], c))
            .collect();
        let csr = crate::index::Csr::new(ntask, &edges);
        ix.children_start = csr.start;
        ix.task_children = csr.adj;
        ix.task_parent = parent;
        let mut order: Vec<u32> = (0..ntask as u32)
            .filter(|&t| ix.task_parent[t as usize] == NONE)
            .collect();
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            let kids = ix.children(v).to_vec();
            order.extend(kids);
        }
        ix.wbs_order = order;

        // The schedule network, as MS Project sees it: a leaf task is one
        // node (its finish follows from its start), a summary S is two gates,
        // in(S) = S and out(S) = n + S. Links into S enter in(S), which feeds
        // every child; every child feeds out(S), from which S's own links
        // leave. Any link that closes a loop here is a circular relationship,
        // whatever its type (MS Project refuses the same links).
        let n = ntask as u32;
        let node_in = |t: u32, _: &Index| t;
        let node_out = |t: u32, ix: &Index| if ix.is_summary(t) { n + t } else { t };
        let mut ev: Vec<(u32, u32)> = Vec::with_capacity(2 * ntask + dep_edges.len());
        for t in 0..n {
            if ix.is_summary(t) {
                for &c in ix.children(t) {
                    ev.push((node_in(t, &ix), node_in(c, &ix)));
                    ev.push((node_out(c, &ix), node_out(t, &ix)));
                }
            }
        }
        // Resolved predecessors, so no engine looks an id up again. With no
        // error every task contributed its dependencies in order.
        ix.dep_start = Vec::with_capacity(ntask + 1);
        ix.dep_start.push(0);
        for &(pi, ti) in &ix.tasks {
            let k = doc.plans[pi as usize].tasks[ti as usize].dependencies.len() as u32;
            let last = ix.dep_start.last().copied().unwrap_or(0);
            ix.dep_start.push(last + k);
        }
        ix.dep_pred = dep_edges.iter().map(|e| e.0).collect();
        ix.cost_task = std::mem::take(&mut cost_task);
        for &(p, s, _) in &dep_edges {
            ev.push((node_out(p, &ix), node_in(s, &ix)));
        }
        match topo_order(2 * ntask, &ev) {
            Ok(order) => {
                ix.event_order = order
                    .into_iter()
                    .filter(|&v| v < n || ix.is_summary(v - n))
                    .collect()
            }
            Err(cycle) => {
                let mut ids: Vec<String> = Vec::new();
                for e in cycle {
                    let id = task_id(e % n);
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
                if ids.len() > 1 && ids.first() == ids.last() {
                    ids.pop();
                }
                let first = ix.task(&ids[0]).unwrap_or(0);
                cx.push(
                    Severity::Error,
                    "dependency_cycle",
                    Some(&ids[0].clone()),
                    format!("{}.dependencies", task_path(first)),
                    format!(
                        "the dependencies form a cycle: {} -> {}",
                        ids.join(" -> "),
                        ids[0]
                    ),
                    ids,
                );
            }
        }
    }
    match topo_order(ix.goals.len(), &goal_edges) {
        Ok(order) => ix.goal_order = order,
        Err(cycle) => {
            let ids: Vec<String> = cycle
                .iter()
                .map(|&g| {
                    let (p, i) = ix.goals[g as usize];
                    doc.plans[p as usize].goals[i as usize].id.clone()
                })
                .collect();
            let (p, i) = ix.goals[cycle[0] as usize];
            cx.push(
                Severity::Error,
                "goal_cycle",
                Some(&ids[0].clone()),
                format!("plans[{p}].goals[{i}].contributes_to"),
                format!(
                    "contributes_to forms a cycle: {} -> {}",
                    ids.join(" -> "),
                    ids[0]
                ),
                ids,
            );
        }
    }

    check_execution(doc, &ix, &mut cx);
    if !cx.diags.iter().any(Diagnostic::is_error) {
        check_reach(doc, &mut cx);
    }
    let ok = !cx.diags.iter().any(Diagnostic::is_error);
    (cx.diags, ok.then_some(ix))
}

/// The highest baseline number (MS Project's Baseline10).
pub const MAX_BASELINE: i64 = 10;

/// Baselines and dated actuals: a baseline number outside 0-10 or used
/// twice in a plan, a baseline entry naming no task of its plan (or one
/// task twice), a dated actual that is negative on a line that is no
/// credit, and an `actual` that disagrees with the sum of `actuals`.
fn check_execution(doc: &Document, ix: &Index, cx: &mut Ctx) {
    let scale = doc.settings.scale();
    for (p, plan) in doc.plans.iter().enumerate() {
        for (i, t) in plan.tasks.iter().enumerate() {
            let Some(e) = &t.estimate else { continue };
            let m = [&e.optimistic, &e.most_likely, &e.pessimistic].map(|d| {
                d.minutes(scale)
                    .filter(|m| *m >= 0 && *m <= MAX_MINUTES && d.unit != DurationUnit::Percent)
            });
            let ordered = matches!(m, [Some(a), Some(b), Some(c)] if a <= b && b <= c);
            if !ordered {
                cx.err(
                    "bad_estimate",
                    &t.id,
                    format!("plans[{p}].tasks[{i}].estimate"),
                    "an estimate needs optimistic <= most_likely <= pessimistic, each a duration of zero or more".into(),
                );
            }
        }
        let mut seen = [false; MAX_BASELINE as usize + 1];
        for (b, base) in plan.baselines.iter().enumerate() {
            let bp = format!("plans[{p}].baselines[{b}]");
            match usize::try_from(base.number)
                .ok()
                .filter(|&n| n < seen.len())
            {
                None => cx.err(
                    "bad_baseline_number",
                    &plan.id,
                    format!("{bp}.number"),
                    format!("baseline number {} is not within 0..=10", base.number),
                ),
                Some(n) if seen[n] => cx.err(
                    "duplicate_baseline",
                    &plan.id,
                    format!("{bp}.number"),
                    format!("plan {} has baseline {n} twice", plan.id),
                ),
                Some(n) => seen[n] = true,
            }
            let mut ids: HashSet<&str> = HashSet::with_capacity(base.tasks.len());
            for (k, bt) in base.tasks.iter().enumerate() {
                let path = format!("{bp}.tasks[{k}].task");
                let mine = ix
                    .get(&bt.task)
                    .filter(|e| e.kind == EntityKind::Task)
                    .is_some_and(|e| {
                        ix.tasks
                            .get(e.dense as usize)
                            .is_some_and(|l| l.0 as usize == p)
                    });
                if !mine {
                    cx.push(
                        Severity::Error,
                        "dangling_reference",
                        Some(&plan.id),
                        path,
                        format!(
                            "baseline {} names {:?}, which is no task of plan {}",
                            base.number, bt.task, plan.id
                        ),
                        vec![bt.task.clone()],
                    );
                } else if !ids.insert(&bt.task) {
                    cx.err(
                        "duplicate_id",
                        &bt.task,
                        path,
                        format!("baseline {} lists task {} twice", base.number, bt.task),
                    );
                }
            }
        }
        for (i, c) in plan.costs.iter().enumerate() {
            if c.actuals.is_empty() {
                continue;
            }
            let cp = format!("plans[{p}].costs[{i}]");
            let mut sum = rust_decimal::Decimal::ZERO;
            for (k, a) in c.actuals.iter().enumerate() {
                if !c.credit && a.amount.0.is_sign_negative() && !a.amount.0.is_zero() {
                    cx.err(
                        "negative_amount",
                        &c.id,
                        format!("{cp}.actuals[{k}].amount"),
                        "an actual is negative; set \"credit\": true for a credit line".into(),
                    );
                }
                sum = sum.saturating_add(a.amount.0);
            }
            if c.actual.is_some_and(|a| a.0 != sum) {
                cx.err(
                    "actuals_mismatch",
                    &c.id,
                    format!("{cp}.actual"),
                    format!(
                        "actual is {} but the dated actuals sum to {sum}",
                        c.actual.map(|a| a.0).unwrap_or_default()
                    ),
                );
            }
        }
    }
}

/// Durations and lags longer than this many minutes are walked on their
/// calendar from the plan's start by validation (shorter ones fit anywhere a
/// horizon can start but the last days of year 9999).
pub const REACH_CHECK_MINUTES: i64 = 100_000;

/// Refuses, with the code the engine would give (`date_out_of_range`), every
/// long duration or lag that cannot be counted on its calendar from its
/// plan's start without leaving the years 1-9999: for example a lag of
/// -1,000,000,000 minutes, which is 8,000 years of an 8-hour calendar. Only
/// values over [`REACH_CHECK_MINUTES`] are walked, so a plan of ordinary
/// tasks pays one comparison per value.
fn check_reach(doc: &Document, cx: &mut Ctx) {
    use crate::calendar::{to_minutes, WorkCalendar};
    let scale = doc.settings.scale();
    let default_cal = doc.settings.calendar.as_deref().unwrap_or(STANDARD);
    let mut cals: HashMap<&str, Option<WorkCalendar>> = HashMap::new();
    for (pi, plan) in doc.plans.iter().enumerate() {
        let start = to_minutes(plan.horizon.start.start_of_day());
        for (ti, t) in plan.tasks.iter().enumerate() {
            let long = |d: &Duration| {
                d.unit != DurationUnit::Percent
                    && d.minutes(scale)
                        .is_some_and(|m| m.unsigned_abs() > REACH_CHECK_MINUTES as u64)
            };
            let mut values: Vec<(&Duration, String)> = Vec::new();
            if let Some(d) = t.duration.as_ref().filter(|d| long(d)) {
                values.push((d, format!("plans[{pi}].tasks[{ti}].duration")));
            }
            for (k, dep) in t.dependencies.iter().enumerate() {
                if let Some(l) = dep.lag.as_ref().filter(|l| long(l)) {
                    values.push((l, format!("plans[{pi}].tasks[{ti}].dependencies[{k}].lag")));
                }
            }
            if values.is_empty() {
                continue;
            }
            let cid = t
                .calendar
                .as_deref()
                .or(plan.calendar.as_deref())
                .unwrap_or(default_cal);
            let wc = cals.entry(cid).or_insert_with(|| {
                match doc.calendars.iter().find(|c| c.id == cid) {
                    Some(c) => WorkCalendar::resolve(doc, c).ok(),
                    None => Some(WorkCalendar::standard()),
                }
            });
            let Some(wc) = wc.as_ref() else { continue };
            for (d, path) in values {
                let Some(m) = d.minutes(scale) else { continue };
                let reached = if d.elapsed {
                    WorkCalendar::continuous().add(start, m)
                } else {
                    wc.add(start, m)
                };
                if reached.is_err() {
                    cx.err(
                        "date_out_of_range",
                        &t.id,
                        path,
                        format!(
                            "{d} on calendar {cid} from the plan start {} leaves the years 1-9999",
                            plan.horizon.start
                        ),
                    );
                }
            }
        }
    }
}

/// The longest duration or lag accepted, in minutes (about 1,900 years),
/// which keeps every sum of minutes far from `i64` overflow.
pub const MAX_MINUTES: i64 = 1_000_000_000;

/// What validation says about a task's duration: `None` when it can be
/// scheduled, otherwise the error code (`bad_duration_unit`,
/// `negative_duration` or `duration_overflow`) and message. Shared with
/// [`crate::Model::set_task_duration`], so an edit refuses exactly the
/// durations a full validation refuses.
pub(crate) fn duration_error(d: &Duration, scale: UnitScale) -> Option<(&'static str, String)> {
    if d.unit == DurationUnit::Percent {
        Some((
            "bad_duration_unit",
            "a task duration cannot be a percentage".into(),
        ))
    } else if d.is_negative() {
        Some(("negative_duration", format!("duration {d} is negative")))
    } else if d.minutes(scale).is_none_or(|m| m > MAX_MINUTES) {
        Some((
            "duration_overflow",
            format!("duration {d} is too long to schedule"),
        ))
    } else {
        None
    }
}

const DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn check_currency(cx: &mut Ctx, id: &str, path: String, code: &str, doc_cur: &str) {
    if currency::minor_units(code).is_none() {
        cx.err(
            "unknown_currency",
            id,
            path,
            format!("{code:?} is not an ISO 4217 currency code"),
        );
    } else if code != doc_cur {
        cx.err("currency_mismatch", id, path, format!("{code} differs from the document currency {doc_cur}; exchange rates are not supported yet"));
    }
}

fn check_weight(cx: &mut Ctx, id: &str, path: &dyn Fn() -> String, w: f64) {
    if !w.is_finite() || w <= 0.0 {
        cx.err(
            "bad_weight",
            id,
            format!("{}.weight", path()),
            format!("weight {w} must be a finite number > 0"),
        );
    }
}

fn check_intervals(cx: &mut Ctx, id: &str, path: &str, ints: &[crate::model::Interval]) {
    let mut spans = Vec::new();
    for (k, iv) in ints.iter().enumerate() {
        let ip = format!("{path}[{k}]");
        match (parse_clock(&iv.from), parse_clock(&iv.to)) {
            (Some(a), Some(b)) if a < b => spans.push((a, b)),
            (Some(_), Some(_)) => cx.err(
                "bad_interval",
                id,
                ip,
                format!("interval {}-{} is empty or reversed", iv.from, iv.to),
            ),
            _ => cx.err(
                "bad_interval",
                id,
                ip,
                format!(
                    "interval {}-{} is not HH:MM-HH:MM within 00:00-24:00",
                    iv.from, iv.to
                ),
            ),
        }
    }
    spans.sort();
    if spans.windows(2).any(|w| w[1].0 < w[0].1) {
        cx.err(
            "overlapping_intervals",
            id,
            path.to_string(),
            "working intervals overlap".into(),
        );
    }
}

type RefCheck<'a> =
    dyn Fn(&mut Ctx, &Index, &str, &dyn Fn() -> String, &str, EntityKind, &str) -> Option<u32> + 'a;

fn check_kpi(
    cx: &mut Ctx,
    ix: &Index,
    k: &crate::model::Kpi,
    kp: &dyn Fn() -> String,
    check_ref: &RefCheck<'_>,
) {
    let id = k.id.as_str();
    for (j, l) in k.goals.iter().enumerate() {
        let lp = || format!("{}.goals[{j}]", kp());
        check_weight(cx, id, &lp, l.weight);
        check_ref(
            cx,
            ix,
            id,
            &|| format!("{}.goal", lp()),
            &l.goal,
            EntityKind::Goal,
            "goal",
        );
    }
    let finite = |cx: &mut Ctx, path: &dyn Fn() -> String, v: f64| {
        if !v.is_finite() {
            cx.err(
                "non_finite_value",
                id,
                path(),
                format!("{v} is not a finite number"),
            );
        }
    };
    finite(cx, &|| format!("{}.baseline.value", kp()), k.baseline.value);
    finite(cx, &|| format!("{}.target.value", kp()), k.target.value);
    if k.target.date < k.baseline.date {
        cx.err(
            "target_before_baseline",
            id,
            format!("{}.target.date", kp()),
            "the target date is before the baseline date".into(),
        );
    }
    if matches!(k.polarity, Polarity::Increase | Polarity::Decrease) {
        if k.target.value == k.baseline.value {
            cx.err(
                "target_equals_baseline",
                id,
                format!("{}.target.value", kp()),
                "the target equals the baseline, so progress (v - b)/(g - b) is undefined".into(),
            );
        } else if (k.polarity == Polarity::Increase) != (k.target.value > k.baseline.value) {
            cx.warn(
                "polarity_mismatch",
                id,
                format!("{}.polarity", kp()),
                format!(
                    "polarity is {:?} but the target moves the other way from the baseline",
                    k.polarity
                )
                .to_lowercase(),
            );
        }
    }
    if k.polarity == Polarity::Range {
        match &k.range {
            None => cx.err(
                "missing_range",
                id,
                format!("{}.range", kp()),
                "a range KPI needs \"range\": {lo, hi, tolerance}".into(),
            ),
            Some(b) => {
                if !(b.lo.is_finite() && b.hi.is_finite() && b.tolerance.is_finite())
                    || b.lo > b.hi
                    || b.tolerance <= 0.0
                {
                    cx.err(
                        "bad_range",
                        id,
                        format!("{}.range", kp()),
                        "range needs finite lo <= hi and tolerance > 0".into(),
                    );
                }
            }
        }
    }
    if let Some(c) = k.cap {
        if !c.is_finite() || c <= 0.0 {
            cx.err(
                "bad_cap",
                id,
                format!("{}.cap", kp()),
                "cap must be a finite number > 0".into(),
            );
        }
    }
    if let Some(c) = &k.cadence {
        if crate::values::cadence_days(c).is_none() {
            cx.err("bad_cadence", id, format!("{}.cadence", kp()), format!("{c:?} is not a cadence (daily, weekly, monthly, quarterly, yearly, or an elapsed duration like \"14ed\")"));
        }
    }
    for (j, m) in k.milestones.iter().enumerate() {
        finite(cx, &|| format!("{}.milestones[{j}].value", kp()), m.value);
    }
    // Dates already seen: a sorted copy keeps the check O(m log m).
    let mut seen: Vec<(crate::values::Date, usize)> = k
        .measurements
        .iter()
        .enumerate()
        .map(|(j, m)| (m.date, j))
        .collect();
    seen.sort_unstable();
    let mut dup = vec![false; k.measurements.len()];
    for w in seen.windows(2) {
        if w[0].0 == w[1].0 {
            dup[w[1].1.max(w[0].1)] = true;
        }
    }
    for (j, m) in k.measurements.iter().enumerate() {
        let mp = || format!("{}.measurements[{j}]", kp());
        finite(cx, &|| format!("{}.value", mp()), m.value);
        if let Some(d) = m.denominator {
            finite(cx, &|| format!("{}.denominator", mp()), d);
        } else if k.aggregation == Aggregation::Ratio {
            cx.err(
                "missing_denominator",
                id,
                format!("{}.denominator", mp()),
                "a ratio KPI's measurements need a denominator".into(),
            );
        }
        if dup[j] {
            cx.err(
                "duplicate_measurement",
                id,
                format!("{}.date", mp()),
                format!("two measurements on {}", m.date),
            );
        }
    }
}
