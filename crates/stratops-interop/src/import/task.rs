//! Tasks and their links of an MSPDI import.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::Value;
use stratops::{
    Constraint, ConstraintType, CostKind, CostLine, DateOrTime, Dependency, Duration, DurationUnit,
    Money, Progress, Task, TaskKind, UnitScale,
};

use super::{ext, Ctx, R};
use crate::codes;
use crate::leftover::{node_json, push_value};

#[allow(clippy::too_many_arguments)]
pub(super) fn import_task(
    cx: &mut Ctx<'_, '_>,
    t: usize,
    uid: i64,
    path: &str,
    task_ids: &HashMap<i64, String>,
    cal_ids: &HashMap<i64, String>,
    scale: UnitScale,
    default_accrual: Option<i64>,
) -> R<(Task, Option<CostLine>, super::baseline::Rows)> {
    let tree = cx.tree;
    let id = format!("t{uid}");
    let mut consumed: Vec<&str> = vec![
        "UID",
        "ID",
        "Name",
        "OutlineLevel",
        "OutlineNumber",
        "PredecessorLink",
    ];
    let summary = cx.flag(t, "Summary");
    let milestone_flag = cx.flag(t, "Milestone");
    consumed.push("Summary");
    // A summary's duration is derived: the export writes its span again.
    if summary {
        consumed.push("Duration");
    }
    let dur_min = cx.minutes(t, "Duration", path)?;
    if let Some(m) = dur_min {
        if m.is_sign_negative() && !m.is_zero() {
            let c = tree.child(t, "Duration").unwrap_or(t);
            return Err(cx.fail(
                c,
                "negative_duration",
                format!("task UID {uid} has a negative duration"),
                &format!("{path}/Duration"),
            ));
        }
    }
    let fmt = cx.int(t, "DurationFormat", path)?.unwrap_or(7);
    let mut duration = None;
    let kind = if summary {
        if !milestone_flag {
            consumed.push("Milestone");
        }
        TaskKind::Summary
    } else if milestone_flag && dur_min.is_none_or(|m| m.is_zero()) {
        consumed.push("Milestone");
        if dur_min.is_some() {
            consumed.push("Duration");
        }
        TaskKind::Milestone
    } else {
        if !milestone_flag {
            consumed.push("Milestone");
        }
        if let Some(m) = dur_min.filter(|m| !(m.is_zero() && fmt == codes::NO_DURATION_FORMAT)) {
            duration = Some(codes::minutes_to_duration(m, fmt, scale));
            consumed.push("Duration");
            if tree.child(t, "DurationFormat").is_some() && codes::format_unit(fmt).is_some() {
                consumed.push("DurationFormat");
            }
        }
        TaskKind::Task
    };

    // progress
    let pc = cx.dec(t, "PercentComplete", path)?.unwrap_or_default();
    let actual_start = cx.datetime(t, "ActualStart", path)?;
    let actual_finish = cx.datetime(t, "ActualFinish", path)?;
    consumed.extend(["PercentComplete", "ActualStart", "ActualFinish"]);
    // ActualDuration and RemainingDuration equal to what the export derives
    // from the duration and percent complete are not stored twice.
    let (actual_d, remaining_d) = codes::derived_progress(dur_min, pc);
    if actual_d.is_some() && cx.minutes(t, "ActualDuration", path)? == actual_d {
        consumed.push("ActualDuration");
    }
    // A zero Duration in the "none" format is a task without a duration
    // (how the export writes one, since MS Project needs a Duration).
    if kind == TaskKind::Task
        && duration.is_none()
        && dur_min.is_some_and(|m| m.is_zero())
        && fmt == codes::NO_DURATION_FORMAT
    {
        consumed.extend(["Duration", "DurationFormat"]);
    }
    let progress = if !pc.is_zero() || actual_start.is_some() || actual_finish.is_some() {
        use rust_decimal::prelude::ToPrimitive;
        let remaining = match cx.minutes(t, "RemainingDuration", path)? {
            Some(m) if Some(m) == remaining_d => {
                consumed.push("RemainingDuration");
                None
            }
            Some(m) if kind == TaskKind::Task => {
                consumed.push("RemainingDuration");
                Some(codes::minutes_to_duration(m, fmt, scale))
            }
            _ => None,
        };
        Some(Progress {
            percent_complete: pc.to_f64().unwrap_or(0.0),
            actual_start: actual_start.map(DateOrTime::DateTime),
            actual_finish: actual_finish.map(DateOrTime::DateTime),
            remaining,
            ev_method: None,
        })
    } else {
        if remaining_d.is_some() && cx.minutes(t, "RemainingDuration", path)? == remaining_d {
            consumed.push("RemainingDuration");
        }
        None
    };

    // constraint and deadline
    let ctype = cx.int(t, "ConstraintType", path)?.unwrap_or(0);
    let Some(kind_c) = codes::constraint_type(ctype) else {
        let c = tree.child(t, "ConstraintType").unwrap_or(t);
        return Err(cx.fail(
            c,
            "bad_value",
            format!("unknown ConstraintType {ctype}"),
            &format!("{path}/ConstraintType"),
        ));
    };
    consumed.push("ConstraintType");
    let cdate = cx.datetime(t, "ConstraintDate", path)?;
    let constraint = match kind_c {
        ConstraintType::ASAP => None,
        ConstraintType::ALAP => Some(Constraint {
            kind: kind_c,
            date: None,
        }),
        _ => {
            let Some(d) = cdate else {
                return Err(cx.fail(
                    t,
                    "constraint_without_date",
                    format!("task UID {uid} has constraint type {ctype} but no ConstraintDate"),
                    &format!("{path}/ConstraintDate"),
                ));
            };
            consumed.push("ConstraintDate");
            Some(Constraint {
                kind: kind_c,
                date: Some(DateOrTime::DateTime(d)),
            })
        }
    };
    let deadline = cx.datetime(t, "Deadline", path)?.map(DateOrTime::DateTime);
    consumed.push("Deadline");

    // A UID that names no calendar means none (as in MPXJ's reader).
    consumed.push("CalendarUID");
    let calendar = match cx.int(t, "CalendarUID", path)? {
        None | Some(-1) => None,
        Some(u) => cx.calendar_named(cal_ids, u, "Task.CalendarUID"),
    };
    let notes = tree.child(t, "Notes").map(|n| tree.node(n).text.clone());
    consumed.push("Notes");

    // fixed cost (stored in hundredths of the currency unit)
    let fixed = cx.dec(t, "FixedCost", path)?.unwrap_or_default();
    let mut cost = None;
    if fixed.is_zero() {
        if cx.text(t, "FixedCost").is_some() {
            consumed.push("FixedCost");
        }
    } else {
        let acc_code = cx
            .int(t, "FixedCostAccrual", path)?
            .or(default_accrual)
            .unwrap_or(2);
        let Some(accrual) = codes::accrual(acc_code) else {
            let c = tree.child(t, "FixedCostAccrual").unwrap_or(t);
            return Err(cx.fail(
                c,
                "bad_value",
                format!("unknown FixedCostAccrual {acc_code}"),
                &format!("{path}/FixedCostAccrual"),
            ));
        };
        consumed.extend(["FixedCost", "FixedCostAccrual"]);
        let amount = fixed / Decimal::from(100);
        cost = Some(CostLine {
            id: format!("{id}-fixed-cost"),
            category: "fixed".into(),
            kind: CostKind::Fixed,
            description: Some("MS Project fixed cost".into()),
            task: Some(id.clone()),
            amount: Some(Money(amount)),
            resource: None,
            hours: None,
            quantity: None,
            unit_price: None,
            accrual,
            actual: None,
            actuals: vec![],
            credit: amount.is_sign_negative(),
            currency: None,
            supports: vec![],
            extensions: Default::default(),
        });
    }

    // links
    let mut deps = Vec::new();
    let mut link_left = Vec::new();
    for (k, l) in tree.children_named(t, "PredecessorLink").enumerate() {
        let lp = format!("{path}/PredecessorLink[{k}]");
        if cx.text(l, "CrossProject") == Some("1") {
            link_left.push(node_json(tree, l));
            cx.report
                .insert("PredecessorLink[CrossProject=1] (external) → task extensions".into());
            continue;
        }
        let Some(puid) = cx.int(l, "PredecessorUID", &lp)? else {
            return Err(cx.fail(
                l,
                "missing_uid",
                "this link has no PredecessorUID".into(),
                &lp,
            ));
        };
        let Some(pred) = task_ids.get(&puid) else {
            let c = tree.child(l, "PredecessorUID").unwrap_or(l);
            return Err(cx.fail(
                c,
                "unknown_uid",
                format!("task UID {uid} links to unknown task UID {puid}"),
                &format!("{lp}/PredecessorUID"),
            ));
        };
        let code = cx.int(l, "Type", &lp)?.unwrap_or(1);
        let Some(link_type) = codes::link_type(code) else {
            let c = tree.child(l, "Type").unwrap_or(l);
            return Err(cx.fail(
                c,
                "unknown_link_type",
                format!("link type {code} is not 0 (FF), 1 (FS), 2 (SF) or 3 (SS)"),
                &format!("{lp}/Type"),
            ));
        };
        // LinkLag is a whole number of tenths of a minute (or a whole
        // percentage) in MSPDI; a fraction is rounded as the export writes it.
        let tenths = cx.dec(l, "LinkLag", &lp)?.unwrap_or_default().round();
        let lag_fmt = cx.int(l, "LagFormat", &lp)?.unwrap_or(7);
        let mut lconsumed = vec!["PredecessorUID", "Type", "LinkLag"];
        if cx.text(l, "CrossProject") == Some("0") {
            lconsumed.push("CrossProject");
        }
        let lag = if tenths.is_zero() {
            // A zero lag in days (7, the default written back) is not data.
            if lag_fmt == 7 {
                lconsumed.push("LagFormat");
            }
            None
        } else {
            let Some((unit, elapsed)) = codes::format_unit(lag_fmt) else {
                let c = tree.child(l, "LagFormat").unwrap_or(l);
                return Err(cx.fail(
                    c,
                    "bad_value",
                    format!("unknown LagFormat {lag_fmt}"),
                    &format!("{lp}/LagFormat"),
                ));
            };
            if unit == DurationUnit::Percent {
                // LinkLag holds the percentage itself. stratops has no
                // elapsed percentage, so LagFormat 20 stays in extensions.
                if !elapsed {
                    lconsumed.push("LagFormat");
                }
                Some(Duration {
                    amount: tenths.normalize(),
                    unit: DurationUnit::Percent,
                    elapsed: false,
                })
            } else {
                lconsumed.push("LagFormat");
                Some(codes::minutes_to_duration(
                    tenths / Decimal::from(10),
                    lag_fmt,
                    scale,
                ))
            }
        };
        deps.push(Dependency {
            predecessor: pred.clone(),
            link_type,
            lag,
        });
        let mut left = cx.leftovers(l, &lconsumed, "PredecessorLink");
        if !left.is_empty() {
            left.insert("PredecessorUID".into(), Value::String(puid.to_string()));
            link_left.push(Value::Object(left));
        }
    }

    // A manually scheduled task (MS Project 2010+): its Start and Finish
    // are the entered dates (they stay in the extensions too, as MS Project
    // computed them). With StartText, FinishText or DurationText present,
    // the dates were never entered: a placeholder.
    let manual = if cx.flag(t, "Manual") && kind == TaskKind::Task {
        consumed.push("Manual");
        Some(stratops::Manual {
            start: cx.datetime(t, "Start", path)?.map(DateOrTime::DateTime),
            finish: cx.datetime(t, "Finish", path)?.map(DateOrTime::DateTime),
            placeholder: ["StartText", "FinishText", "DurationText"]
                .iter()
                .any(|k| tree.child(t, k).is_some()),
        })
    } else {
        None
    };
    // The task type and effort-driven flag.
    let task_type = match cx.int(t, "Type", path)? {
        Some(0) => Some(stratops::TaskType::FixedUnits),
        Some(1) => Some(stratops::TaskType::FixedDuration),
        Some(2) => Some(stratops::TaskType::FixedWork),
        _ => None,
    };
    if task_type.is_some() {
        consumed.push("Type");
    }
    let effort_driven = cx.flag(t, "EffortDriven");
    if matches!(cx.text(t, "EffortDriven"), Some("0") | Some("1")) {
        consumed.push("EffortDriven");
    }
    // The leveling priority: MS Project's default 500 stays in the
    // extensions (the model's absent priority means 500).
    let priority = match cx.int(t, "Priority", path)? {
        Some(p @ 0..=1000) if p != 500 => {
            consumed.push("Priority");
            Some(p as u32)
        }
        _ => None,
    };
    let (baselines, kept) = super::baseline::task_baselines(cx, t, &id, path, scale)?;
    consumed.push("Baseline");
    let mut left = cx.leftovers(t, &consumed, "Task");
    if !kept.is_empty() {
        left.insert("Baseline".into(), Value::Array(kept));
    }
    for l in link_left {
        push_value(&mut left, "PredecessorLink", l);
    }
    // PredecessorLink must stay an array so the exporter can merge by UID.
    if let Some(v) = left.get_mut("PredecessorLink") {
        if !v.is_array() {
            *v = Value::Array(vec![v.take()]);
        }
    }
    let task = Task {
        id,
        name: cx.text(t, "Name").unwrap_or_default().to_string(),
        parent: None,
        kind,
        duration,
        dependencies: deps,
        constraint,
        deadline,
        calendar,
        assignments: vec![],
        owner: None,
        deliverables: vec![],
        supports: vec![],
        progress,
        estimate: None,
        task_type,
        effort_driven,
        manual,
        priority,
        notes,
        comments: vec![],
        extensions: ext(left),
    };
    Ok((task, cost, baselines))
}
