//! The report's sections built on the schedules: the progress rows, the
//! engines' sections (forecast, health, schedule risk, resources, earned
//! value), the top risks, each plan's finish and the executive summary.

use std::collections::{BTreeMap, HashSet};

use super::build::{goal_rows, kpi_rows, note, progress_rows, schedule_section, Schedules};
use super::owners::{dated, days, finish_day, risk_owner, Owners};
use super::{
    Challenge, ForecastSection, GoalRow, KpiRow, Level, MilestoneRow, MilestoneState, Note,
    OverdueTask, PlanFinish, ResourceSection, RiskRow, RiskSection, ScheduleSection, Summary,
};
use crate::model::PlanKind;
use crate::risk::RiskRegister;
use crate::scorecard::Scorecard;
use crate::values::Date;
use crate::{Error, Model};

/// What the section builders read: the model, its owners, the as-of date
/// and the schedules.
pub(super) struct Ctx<'a> {
    pub model: &'a Model,
    pub owners: &'a Owners,
    pub as_of: Date,
    pub schedules: &'a Schedules,
}

/// The report's rows: goals, KPIs, milestones and overdue tasks.
pub(super) struct Rows {
    pub goals: Vec<GoalRow>,
    pub kpis: Vec<KpiRow>,
    pub milestones: Vec<MilestoneRow>,
    pub overdue_tasks: Vec<OverdueTask>,
}

impl Ctx<'_> {
    /// Whether the document has no task at all.
    fn no_tasks(&self) -> bool {
        self.model.index().tasks.is_empty()
    }

    /// The goal and KPI rows, and the milestones and overdue tasks of the
    /// plan as written.
    pub fn rows(&self, card: &Scorecard, stale: &HashSet<&str>, lookahead: i64) -> Rows {
        let goals = goal_rows(self.model, card, self.owners);
        let kpis = kpi_rows(self.model, card, self.owners, stale);
        let (milestones, overdue_tasks) = match &self.schedules.plain {
            Some(s) => progress_rows(self.model, s, self.owners, self.as_of, lookahead),
            None => (Vec::new(), Vec::new()),
        };
        Rows {
            goals,
            kpis,
            milestones,
            overdue_tasks,
        }
    }

    /// The schedule section (dates, critical paths, Gantt bars) as executed.
    pub fn schedule_section(&self) -> Option<ScheduleSection> {
        self.schedules
            .exec
            .as_ref()
            .map(|s| schedule_section(self.model, s, self.owners, self.as_of))
    }

    /// The forecast at the status date, when it could be scheduled.
    pub fn forecast(&self) -> Result<Option<ForecastSection>, Error> {
        let s = self.schedules;
        Ok(match (&s.plain, &s.exec) {
            (Some(p), Some(e)) if s.forecast_ok => Some(super::execution::forecast(
                self.model,
                p,
                e,
                self.owners,
                e.status_date.unwrap_or(self.as_of),
            )?),
            _ => None,
        })
    }

    /// Schedule health on the as-executed schedule.
    pub fn health(&self) -> Result<Option<crate::health::Health>, Error> {
        if self.no_tasks() || !self.schedules.forecast_ok {
            return Ok(None);
        }
        let exec = self.schedules.exec.as_ref();
        let o = crate::health::HealthOptions {
            status_date: exec.and_then(|e| e.status_date).or(Some(self.as_of)),
            profile: None,
        };
        // The as-executed schedule is the one health needs.
        Ok(Some(crate::health::health_on(self.model, &o, exec)?))
    }

    /// Schedule risk: the simulation, when any task has an estimate.
    pub fn schedule_risk(&self) -> Result<Option<crate::simulate::Simulation>, Error> {
        let model = self.model;
        let uncertain =
            (0..model.index().tasks.len() as u32).any(|t| model.task(t).estimate.is_some());
        if !(uncertain && self.schedules.forecast_ok) {
            return Ok(None);
        }
        let o = crate::simulate::SimOptions {
            iterations: 1000,
            seed: 0,
            threads: Some(1),
            status_date: Some(self.as_of),
        };
        Ok(Some(crate::simulate::simulate(model, &o)?))
    }

    /// Over-allocated resources at the as-of date.
    pub fn resources(&self) -> Result<Option<ResourceSection>, Error> {
        if self.no_tasks() || !self.schedules.forecast_ok {
            return Ok(None);
        }
        super::resources::section(self.model, self.as_of)
    }

    /// Earned value, or a note saying why there is none.
    pub fn earned_value(
        &self,
        notes: &mut Vec<Note>,
    ) -> Result<Option<crate::evm::EarnedValue>, Error> {
        if self.no_tasks() {
            return Ok(None);
        }
        match super::execution::evm(self.model, self.as_of, self.schedules.plain.as_ref()) {
            Ok(ev) => Ok(ev),
            Err(e)
                if matches!(
                    e.code(),
                    "horizon_too_long" | "date_out_of_range" | "overflow"
                ) =>
            {
                notes.push(note("no_earned_value", &format!("No earned value: {e}")));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The register's count and exposure, and its `top` first risks.
    pub fn risk_section(&self, register: &RiskRegister, top: usize) -> RiskSection {
        RiskSection {
            count: register.risks.len(),
            total_exposure: register.total_exposure_money,
            top: self.top_risks(register, top),
        }
    }

    /// The register's `top` first risks, as rows.
    fn top_risks(&self, register: &RiskRegister, top: usize) -> Vec<RiskRow> {
        let (model, ix) = (self.model, self.model.index());
        let mut rows = Vec::new();
        for id in register.top.iter().take(top) {
            let Some(r) = register.risks.iter().find(|r| &r.id == id) else {
                continue;
            };
            let Some(d) = ix.of_kind(id, crate::index::EntityKind::Risk) else {
                continue;
            };
            let risk = model.risk(d);
            rows.push(RiskRow {
                id: r.id.clone(),
                plan: r.plan.clone(),
                description: r.description.clone(),
                category: r.category,
                owner: risk_owner(model, d),
                probability: r.probability,
                impact_cost: risk.impact.cost,
                exposure_money: r.exposure_money,
                exposure_days: r.exposure_days,
                score: r.score,
                band: r.band,
                response: r.response,
                if_then: risk.if_then.clone(),
                trigger_date: risk.trigger_date,
                trigger_passed: risk.trigger_date.is_some_and(|t| t <= self.as_of),
            });
        }
        rows
    }

    /// Each plan's latest scheduled finish against its horizon.
    pub fn plan_finishes(&self) -> Vec<PlanFinish> {
        let (model, ix) = (self.model, self.model.index());
        let exec = self.schedules.exec.as_ref();
        model
            .document()
            .plans
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let finish = exec.and_then(|s| {
                    s.tasks
                        .iter()
                        .enumerate()
                        .filter(|(t, _)| {
                            ix.tasks[*t].0 as usize == pi
                                && !ix.is_summary(*t as u32)
                                && dated(model, *t as u32)
                        })
                        .map(|(_, tt)| tt.finish)
                        .max()
                });
                PlanFinish {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    owner: p.owner.clone(),
                    horizon_start: p.horizon.start,
                    horizon_end: p.horizon.end,
                    finish,
                    days_to_horizon_end: finish.map(|f| days(finish_day(f), p.horizon.end)),
                }
            })
            .collect()
    }

    /// The executive summary of the rows, plans and challenges.
    pub fn summary(
        &self,
        rows: &Rows,
        plans: Vec<PlanFinish>,
        challenges: &[Challenge],
    ) -> Summary {
        let exec = self.schedules.exec.as_ref();
        Summary {
            strategic_goals: self.strategic_goals(&rows.goals),
            plans,
            project_start: exec.map(|s| s.project_start),
            project_finish: exec.map(|s| s.project_finish),
            kpi_status_counts: kpi_status_counts(&rows.kpis),
            milestone_counts: milestone_counts(&rows.milestones),
            overdue_tasks: rows.overdue_tasks.len(),
            challenges_off_track: challenges
                .iter()
                .filter(|c| c.level == Level::OffTrack)
                .count(),
            challenges_at_risk: challenges
                .iter()
                .filter(|c| c.level == Level::AtRisk)
                .count(),
        }
    }

    /// The goals of strategic plans, else the goals that contribute to no
    /// other goal.
    fn strategic_goals(&self, goals: &[GoalRow]) -> Vec<GoalRow> {
        let (model, ix) = (self.model, self.model.index());
        let has_strategic = model
            .document()
            .plans
            .iter()
            .any(|p| p.kind == PlanKind::Strategic);
        goals
            .iter()
            .filter(|g| {
                if has_strategic {
                    g.plan_kind == PlanKind::Strategic
                } else {
                    ix.goal(&g.id)
                        .is_some_and(|d| model.goal(d).contributes_to.is_empty())
                }
            })
            .cloned()
            .collect()
    }
}

/// How many KPIs have each status.
fn kpi_status_counts(kpis: &[KpiRow]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for k in kpis {
        *counts.entry(k.status.as_str().to_string()).or_insert(0) += 1;
    }
    counts
}

/// How many milestones are in each state (every state listed).
fn milestone_counts(milestones: &[MilestoneRow]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for s in [
        MilestoneState::Done,
        MilestoneState::Late,
        MilestoneState::Due,
        MilestoneState::Upcoming,
    ] {
        counts.insert(
            s.as_str().to_string(),
            milestones.iter().filter(|m| m.state == s).count(),
        );
    }
    counts
}
