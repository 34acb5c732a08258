//! "Challenges": everything off track or at risk, each with its owner.

use super::fmt::{money, pct};
use super::owners::risk_owner;
use super::{
    BudgetSection, Challenge, GoalRow, KpiRow, Level, MilestoneRow, MilestoneState, OverdueTask,
    PlanFinish, ScheduleSection,
};
use crate::index::EntityKind;
use crate::risk::{Band, RiskRegister};
use crate::scorecard::Status;
use crate::values::Date;
use crate::Model;

pub(crate) struct Inputs<'a> {
    pub model: &'a Model,
    pub goals: &'a [GoalRow],
    pub kpis: &'a [KpiRow],
    pub milestones: &'a [MilestoneRow],
    pub overdue: &'a [OverdueTask],
    pub schedule: Option<&'a ScheduleSection>,
    pub plans: &'a [PlanFinish],
    pub budget: &'a BudgetSection,
    pub register: &'a RiskRegister,
    pub as_of: Date,
}

fn status_issue(s: Status) -> Option<(Level, &'static str)> {
    match s {
        Status::OffTrack => Some((Level::OffTrack, "off_track")),
        Status::Missed => Some((Level::OffTrack, "missed")),
        Status::AtRisk => Some((Level::AtRisk, "at_risk")),
        _ => None,
    }
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::OffTrack => "off track",
        Status::Missed => "missed",
        Status::AtRisk => "at risk",
        _ => "",
    }
}

/// Collects the challenges, off-track first, then by kind in the order
/// goal, kpi, milestone, task, plan, budget, risk, then document order.
pub(crate) fn collect(i: Inputs<'_>) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    goals(&mut out, i.goals);
    kpis(&mut out, i.kpis);
    late_milestones(&mut out, i.milestones);
    overdue_tasks(&mut out, i.overdue);
    if let Some(s) = i.schedule {
        negative_float(&mut out, s);
    }
    plan_overruns(&mut out, i.plans);
    plan_budgets(&mut out, &i);
    category_budgets(&mut out, &i);
    risks(&mut out, &i);
    // stable: within a level, the push order above (kind, then document order)
    crate::sort::by_key(&mut out, |c| c.level);
    out
}

/// Goals off track, missed or at risk.
fn goals(out: &mut Vec<Challenge>, goals: &[GoalRow]) {
    for g in goals {
        if let Some((level, issue)) = status_issue(g.status) {
            let progress = match (g.progress, g.expected) {
                (Some(p), Some(e)) => format!(": {} done, {} expected", pct(p), pct(e)),
                _ => String::new(),
            };
            out.push(Challenge {
                level,
                kind: "goal",
                id: g.id.clone(),
                name: g.name.clone(),
                owner: g.owner.clone(),
                issue,
                message: format!("Goal is {}{progress}", status_words(g.status)),
            });
        }
    }
}

/// KPIs off track, missed or at risk, and stale KPIs.
fn kpis(out: &mut Vec<Challenge>, kpis: &[KpiRow]) {
    for k in kpis {
        if let Some((level, issue)) = status_issue(k.status) {
            let progress = match k.progress {
                Some(p) => format!(": {} done, {} expected", pct(p), pct(k.expected)),
                None => String::new(),
            };
            out.push(Challenge {
                level,
                kind: "kpi",
                id: k.id.clone(),
                name: k.name.clone(),
                owner: k.owner.clone(),
                issue,
                message: format!("KPI is {}{progress}", status_words(k.status)),
            });
        }
        if k.stale {
            let last = k
                .last_measured
                .map(|d| format!("last measured {d}"))
                .unwrap_or_else(|| "never measured".to_string());
            out.push(Challenge {
                level: Level::AtRisk,
                kind: "kpi",
                id: k.id.clone(),
                name: k.name.clone(),
                owner: k.owner.clone(),
                issue: "stale",
                message: format!("No measurement within its cadence ({last})"),
            });
        }
    }
}

/// Milestones not reached by their due date.
fn late_milestones(out: &mut Vec<Challenge>, milestones: &[MilestoneRow]) {
    for m in milestones
        .iter()
        .filter(|m| m.state == MilestoneState::Late)
    {
        out.push(Challenge {
            level: Level::OffTrack,
            kind: "milestone",
            id: m.id.clone(),
            name: m.name.clone(),
            owner: m.owner.clone(),
            issue: "late",
            message: format!(
                "Milestone due {} not reached ({} days late)",
                m.due, m.days_late
            ),
        });
    }
}

/// Tasks not done by their planned finish.
fn overdue_tasks(out: &mut Vec<Challenge>, overdue: &[OverdueTask]) {
    for t in overdue {
        out.push(Challenge {
            level: Level::OffTrack,
            kind: "task",
            id: t.id.clone(),
            name: t.name.clone(),
            owner: t.owner.clone(),
            issue: "overdue",
            message: format!(
                "Planned to finish {}, {}% complete ({} days overdue)",
                super::owners::finish_day(t.finish),
                super::fmt::num(t.percent_complete),
                t.days_overdue
            ),
        });
    }
}

/// Tasks with negative total float: a constraint or deadline is missed.
fn negative_float(out: &mut Vec<Challenge>, s: &ScheduleSection) {
    for f in &s.negative_float {
        out.push(Challenge {
            level: Level::OffTrack,
            kind: "task",
            id: f.id.clone(),
            name: f.name.clone(),
            owner: f.owner.clone(),
            issue: "negative_float",
            message: format!(
                "A constraint or deadline cannot be met: total float {} h",
                super::fmt::hours(f.total_float_min)
            ),
        });
    }
}

/// Plans scheduled to finish after their horizon ends.
fn plan_overruns(out: &mut Vec<Challenge>, plans: &[PlanFinish]) {
    for p in plans {
        if let (Some(d), Some(f)) = (p.days_to_horizon_end, p.finish) {
            if d < 0 {
                out.push(Challenge {
                    level: Level::OffTrack,
                    kind: "plan",
                    id: p.id.clone(),
                    name: p.name.clone(),
                    owner: p.owner.clone(),
                    issue: "overrun",
                    message: format!(
                        "Scheduled to finish {}, {} days after its horizon ends ({})",
                        super::owners::finish_day(f),
                        -d,
                        p.horizon_end
                    ),
                });
            }
        }
    }
}

/// Plans planned over their budget cap, and plans spending over plan.
fn plan_budgets(out: &mut Vec<Challenge>, i: &Inputs<'_>) {
    let cur = i.budget.currency.as_str();
    let doc = i.model.document();
    for row in &i.budget.by_plan {
        let plan = doc.plans.iter().find(|p| p.id == row.key);
        let owner = plan.and_then(|p| p.owner.clone());
        let name = plan.map(|p| p.name.clone()).unwrap_or_default();
        if let (true, Some(cap)) = (row.over_cap, row.cap) {
            out.push(Challenge {
                level: Level::OffTrack,
                kind: "budget",
                id: row.key.clone(),
                name: name.clone(),
                owner: owner.clone(),
                issue: "over_cap",
                message: format!(
                    "Planned cost {} exceeds the budget {}",
                    money(row.planned, cur),
                    money(cap, cur)
                ),
            });
        }
        if row.actual > row.planned {
            out.push(Challenge {
                level: Level::OffTrack,
                kind: "budget",
                id: row.key.clone(),
                name,
                owner,
                issue: "overspent",
                message: format!(
                    "Actual cost {} exceeds the planned {}",
                    money(row.actual, cur),
                    money(row.planned, cur)
                ),
            });
        }
    }
}

/// Cost categories planned over their cap.
fn category_budgets(out: &mut Vec<Challenge>, i: &Inputs<'_>) {
    let cur = i.budget.currency.as_str();
    let doc = i.model.document();
    // a category cap has no single owner: it goes to the owner of the first
    // plan that sets it
    for row in i.budget.by_category.iter().filter(|r| r.over_cap) {
        let plan = doc
            .plans
            .iter()
            .find(|p| p.category_budgets.contains_key(&row.key));
        out.push(Challenge {
            level: Level::OffTrack,
            kind: "budget",
            id: row.key.clone(),
            name: format!("category {}", row.key),
            owner: plan.and_then(|p| p.owner.clone()),
            issue: "over_cap",
            message: format!(
                "Planned {} cost {} exceeds its cap {}",
                row.key,
                money(row.planned, cur),
                row.cap.map(|c| money(c, cur)).unwrap_or_default()
            ),
        });
    }
}

/// Risks whose trigger date has passed, and risks banded high or critical.
fn risks(out: &mut Vec<Challenge>, i: &Inputs<'_>) {
    let ix = i.model.index();
    for r in &i.register.risks {
        let Some(d) = ix.of_kind(&r.id, EntityKind::Risk) else {
            continue;
        };
        let risk = i.model.risk(d);
        let owner = risk_owner(i.model, d);
        if let Some(t) = risk.trigger_date.filter(|t| *t <= i.as_of) {
            out.push(Challenge {
                level: Level::AtRisk,
                kind: "risk",
                id: r.id.clone(),
                name: r.description.clone(),
                owner: owner.clone(),
                issue: "triggered",
                message: format!("Trigger date {t} has passed: check whether it has happened"),
            });
        }
        if let Some(b @ (Band::High | Band::Critical)) = r.band {
            out.push(Challenge {
                level: Level::AtRisk,
                kind: "risk",
                id: r.id.clone(),
                name: r.description.clone(),
                owner,
                issue: "high_exposure",
                message: format!(
                    "Risk score {} ({})",
                    r.score.unwrap_or_default(),
                    if b == Band::High { "high" } else { "critical" }
                ),
            });
        }
    }
}
