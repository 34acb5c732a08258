//! Results: the dense figures of the passes turned into rows with ids and
//! date-times, the diagnostics, and the schedule.

use super::*;

impl Net {
    /// The result row of task `t`.
    #[inline(always)]
    pub(super) fn row(&self, model: &Model, t: u32) -> Result<TaskTimes, Error> {
        let tu = t as usize;
        let task = model.task(t);
        let doc = model.document();
        let (pi, _) = model.index().tasks[tu];
        let kind = if self.summary[tu] {
            TaskKind::Summary
        } else if task.kind == TaskKind::Milestone
            || (task.kind == TaskKind::Task && self.dur[tu] == 0 && task.duration.is_some())
        {
            TaskKind::Milestone
        } else {
            TaskKind::Task
        };
        let alap = task
            .constraint
            .as_ref()
            .is_some_and(|c| c.kind == ConstraintType::ALAP);
        // A started task shows its actual start as its late start (MS
        // Project); the passes keep the late start its remaining work needs.
        let late_start = match self.extra(tu).and_then(|e| e.act_start) {
            Some(a) if !self.summary[tu] => a,
            _ if !self.summary[tu] && self.started(tu) => self.es[tu],
            _ => self.ls[tu],
        };
        let (es, ef, ls, lf) = (
            from_minutes(self.es[tu])?,
            from_minutes(self.ef[tu])?,
            from_minutes(late_start)?,
            from_minutes(self.lf[tu])?,
        );
        Ok(TaskTimes {
            id: task.id.clone(),
            plan: doc.plans[pi as usize].id.clone(),
            kind,
            early_start: es,
            early_finish: ef,
            late_start: ls,
            late_finish: lf,
            start: if alap { ls } else { es },
            finish: if alap { lf } else { ef },
            duration_min: self.duration_min(t)?,
            total_float_min: self.tf[tu],
            free_float_min: if self.summary[tu] { 0 } else { self.ff[tu] },
            critical: self.is_critical(t),
            driver: match self.drivers[tu] {
                Drv::ProjectStart => Driver::ProjectStart,
                Drv::Link(li) => {
                    let l = &self.links[li as usize];
                    let dep = &model.task(l.succ).dependencies[l.dep as usize];
                    Driver::Link {
                        predecessor: dep.predecessor.clone(),
                        link_type: dep.link_type,
                        lag: dep.lag.map(|l| l.to_string()),
                    }
                }
                Drv::Summary(s) => Driver::Summary {
                    summary: model.task(s).id.clone(),
                },
                Drv::Constraint => Driver::Constraint,
                Drv::Actual => Driver::Actual,
                Drv::Manual => Driver::Manual,
                Drv::StatusDate => Driver::StatusDate,
            },
        })
    }

    /// The duration a result row shows: a summary's or a resource-driven
    /// task's span on its calendar, else its own.
    #[inline(always)]
    pub(super) fn duration_min(&self, t: u32) -> Result<i64, Error> {
        let tu = t as usize;
        if self.summary[tu] || self.extra(tu).is_some_and(|e| e.drive.is_some()) {
            self.c(t).between(self.es[tu], self.ef[tu])
        } else {
            Ok(self.dur[tu])
        }
    }

    /// The warnings: constraint conflicts in network order, then negative
    /// float and missed deadlines in task order.
    pub(super) fn diagnostics(&self, model: &Model) -> Vec<Diagnostic> {
        let ix = model.index();
        let mut diags = Vec::new();
        if self.conflict.iter().any(|&c| c) {
            for &node in &ix.event_order {
                let tu = node as usize;
                if tu >= self.n || !self.conflict[tu] {
                    continue;
                }
                let task = model.task(node);
                let con = task.constraint.as_ref();
                let con_kind = con.map(|c| c.kind);
                let d = con
                    .and_then(|c| c.date)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let kind = con_kind.map(|k| format!("{k:?}")).unwrap_or_default();
                diags.push(Diagnostic {
                    code: "constraint_conflict".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{}].tasks[{}].constraint", ix.tasks[tu].0, ix.tasks[tu].1),
                    message: format!("the {kind} constraint on {d} moves it before what its predecessors allow; the constraint wins, which shows as negative float"),
                    related: vec![],
                });
            }
        }
        for tu in 0..self.n {
            let neg = self.tf[tu] < 0;
            let missed = self
                .extra(tu)
                .and_then(|e| e.deadline)
                .is_some_and(|d| self.ef[tu] > d);
            if !neg && !missed {
                continue;
            }
            let task = model.task(tu as u32);
            let (pi, ti) = ix.tasks[tu];
            if neg {
                diags.push(Diagnostic {
                    code: "negative_float".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{pi}].tasks[{ti}]"),
                    message: format!("{} has {} working minutes of negative float: a constraint or deadline cannot be met", task.id, self.tf[tu]),
                    related: vec![],
                });
            }
            if let (true, Some(d)) = (missed, task.deadline) {
                diags.push(Diagnostic {
                    code: "deadline_missed".into(),
                    severity: Severity::Warning,
                    id: Some(task.id.clone()),
                    path: format!("plans[{pi}].tasks[{ti}].deadline"),
                    message: format!("{} finishes after its deadline {d}", task.id),
                    related: vec![],
                });
            }
        }
        if let Some(sd) = self.status {
            self.status_diagnostics(model, sd, &mut diags);
        }
        diags
    }

    /// With a status date: actual dates after it, and progress out of
    /// sequence (a task started while a predecessor it waits for is not
    /// done: an FS or FF predecessor not complete, an SS or SF one not
    /// started), naming both tasks.
    pub(super) fn status_diagnostics(&self, model: &Model, sd: i64, diags: &mut Vec<Diagnostic>) {
        let ix = model.index();
        let day = self.status_date.map(|d| d.to_string()).unwrap_or_default();
        for tu in 0..self.n {
            let Some(e) = self.extra(tu) else { continue };
            let (pi, ti) = ix.tasks[tu];
            let task = model.task(tu as u32);
            let late = [
                ("actual_start", e.act_start),
                ("actual_finish", e.act_finish.map(|f| f.0)),
            ];
            for (field, v) in late {
                if v.is_some_and(|v| v > sd) {
                    diags.push(Diagnostic {
                        code: "actual_after_status_date".into(),
                        severity: Severity::Warning,
                        id: Some(task.id.clone()),
                        path: format!("plans[{pi}].tasks[{ti}].progress.{field}"),
                        message: format!("{}'s {field} is after the status date {day}", task.id),
                        related: vec![],
                    });
                }
            }
            if self.summary[tu] || !(e.act_start.is_some() || e.pct > 0.0 || e.complete()) {
                continue;
            }
            let r = self.in_start[tu] as usize..self.in_start[tu + 1] as usize;
            for k in r {
                let l = &self.links[self.in_links[k] as usize];
                let p = l.pred as usize;
                if self.summary[p] {
                    continue;
                }
                let pe = self.extra(p);
                let waits = match l.ty {
                    LinkType::FS | LinkType::FF => !pe.is_some_and(Extra::complete),
                    LinkType::SS | LinkType::SF => {
                        !pe.is_some_and(|e| e.act_start.is_some() || e.pct > 0.0 || e.complete())
                    }
                };
                if waits {
                    let pred = model.task(l.pred);
                    diags.push(Diagnostic {
                        code: "out_of_sequence".into(),
                        severity: Severity::Warning,
                        id: Some(task.id.clone()),
                        path: format!("plans[{pi}].tasks[{ti}].dependencies[{}]", l.dep),
                        message: format!(
                            "{} has progress but its {:?} predecessor {} {}",
                            task.id,
                            l.ty,
                            pred.id,
                            if matches!(l.ty, LinkType::FS | LinkType::FF) {
                                "is not complete"
                            } else {
                                "has not started"
                            }
                        ),
                        related: vec![pred.id.clone()],
                    });
                }
            }
        }
    }

    /// The public result of a full run.
    /// `with_cals`: a copy of the calendars for the schedule's own working
    /// time arithmetic (otherwise left empty, for the caller to move in).
    pub(super) fn result(&self, model: &Model, with_cals: bool) -> Result<Schedule, Error> {
        let mut tasks = Vec::with_capacity(self.n);
        for t in 0..self.n as u32 {
            tasks.push(self.row(model, t)?);
        }
        let (critical_paths, paths_truncated) = paths::critical_paths(self, model, self.max_paths)?;
        Ok(Schedule {
            project_start: from_minutes(self.project_start)?,
            project_finish: from_minutes(self.pf)?,
            tasks,
            critical_paths,
            paths_truncated,
            diagnostics: self.diagnostics(model),
            status_date: self.status_date,
            cals: if with_cals {
                self.cals.clone()
            } else {
                Vec::new()
            },
            task_cal: if with_cals {
                self.cal.clone()
            } else {
                Vec::new()
            },
        })
    }

    /// The node whose backward step reads `t`'s outgoing links: a leaf's
    /// own node, a summary's exit gate.
    pub(super) fn out_node(&self, t: u32) -> usize {
        if self.summary[t as usize] {
            t as usize + self.n
        } else {
            t as usize
        }
    }
}
