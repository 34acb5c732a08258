//! `stratops budget`: totals, breakdowns, contingency and variance.

use std::collections::BTreeMap;

use clap::ValueEnum;
use serde_json::json;
use stratops::budget::{budget, Budget, BudgetOptions};
use stratops::schedule::{schedule, ScheduleOptions};
use stratops::{Model, Money};

use crate::common::{invalid, load, CmdResult, Fmt, Out};

/// The breakdown shown by the text view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// By cost category.
    Category,
    /// By task, with the WBS rolled up.
    Task,
    /// By plan.
    Plan,
    /// By goal (figures overlap).
    Goal,
    /// By resource.
    Resource,
    /// By owner.
    Owner,
    /// By month.
    Month,
    /// By quarter.
    Quarter,
    /// By year.
    Year,
}

/// Runs the budget and prints DESIGN section 8's JSON or a text breakdown.
/// Amounts are rounded to the currency's minor unit unless `exact`. With
/// `explain`, prints the explanations of that id's figures instead.
pub fn run(
    path: &str,
    fmt: Fmt,
    by: By,
    exact: bool,
    no_schedule: bool,
    explain: Option<&str>,
) -> CmdResult {
    let model = load(path, fmt)?;
    let sched = if no_schedule {
        None
    } else {
        Some(schedule(&model, &ScheduleOptions::default()).map_err(|e| invalid(path, &e, fmt))?)
    };
    let b = budget(&model, sched.as_ref(), &BudgetOptions::default())
        .map_err(|e| invalid(path, &e, fmt))?;
    if let Some(id) = explain {
        let e = b.explain(id);
        if e.is_empty() {
            return Err(crate::common::usage(format!(
                "stratops: {path}: no budget figure is named {id:?}"
            )));
        }
        return Ok(match fmt {
            Fmt::Json => Out::json(&json!(e)),
            Fmt::Text => Out::text(e.iter().map(|x| format!("{x}\n")).collect::<String>()),
        });
    }
    match fmt {
        Fmt::Json => Ok(Out::json(
            &stratops::engines::budget_value(&b, exact).map_err(|e| invalid(path, &e, fmt))?,
        )),
        Fmt::Text => Ok(Out::text(text(path, &model, &b, by))),
    }
}

fn table(out: &mut String, rows: &[(String, String)]) {
    let w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let v = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (k, x) in rows {
        out.push_str(&format!("  {k:w$}  {x:>v$}\n"));
    }
}

fn text(path: &str, model: &Model, b: &Budget, by: By) -> String {
    let f = |v: &Money| b.format(v);
    let rows = |map: &BTreeMap<String, Money>| -> Vec<(String, String)> {
        map.iter().map(|(k, v)| (k.clone(), f(v))).collect()
    };
    let mut out = format!("{path}\ntotal {}\n", f(&b.total));
    let c = &b.contingency;
    out.push_str(&format!(
        "contingency {} (risk EMV {} + management reserve {}), not included in the total\n\n",
        f(&c.total),
        f(&c.risk_emv),
        f(&c.management_reserve)
    ));
    let (title, body) = match by {
        By::Category => ("by category", rows(&b.by_category)),
        By::Plan => ("by plan", rows(&b.by_plan)),
        By::Goal => ("by goal", rows(&b.by_goal)),
        By::Resource => ("by resource", rows(&b.by_resource)),
        By::Owner => ("by owner", rows(&b.by_owner)),
        By::Month => ("by month", rows(&b.by_month)),
        By::Quarter => ("by quarter", rows(&b.by_quarter)),
        By::Year => ("by year", rows(&b.by_year)),
        By::Task => ("by task (WBS rolled up)", task_rows(model, b)),
    };
    out.push_str(title);
    out.push('\n');
    table(&mut out, &body);
    if by == By::Goal {
        out.push_str(&format!("note: {}\n", b.goal_note));
    }
    let capped: Vec<_> = b
        .variance
        .iter()
        .filter(|p| p.total.budget.is_some() || p.categories.values().any(|v| v.budget.is_some()))
        .collect();
    if !capped.is_empty() {
        out.push_str("\nbudget against actual\n");
        let mut rows = vec![(
            "".to_string(),
            format!(
                "{:>18}  {:>18}  {:>18}  {:>18}  {:>8}",
                "budget", "planned", "actual", "variance", "spent"
            ),
        )];
        let fmt_v = |v: &stratops::budget::Variance| {
            let o = |x: &Option<Money>| x.as_ref().map(&f).unwrap_or_else(|| "-".into());
            format!(
                "{:>18}  {:>18}  {:>18}  {:>18}  {:>8}",
                o(&v.budget),
                f(&v.planned),
                f(&v.actual),
                o(&v.variance),
                v.percent_spent
                    .map(|p| format!("{p}%"))
                    .unwrap_or_else(|| "-".into())
            )
        };
        for p in capped {
            rows.push((p.plan.clone(), fmt_v(&p.total)));
            for (k, v) in &p.categories {
                rows.push((format!("  {k}"), fmt_v(v)));
            }
        }
        table(&mut out, &rows);
    }
    out
}

/// Tasks with cost in document order, indented by WBS depth.
fn task_rows(model: &Model, b: &Budget) -> Vec<(String, String)> {
    let ix = model.index();
    let n = ix.tasks.len();
    let mut depth = vec![0usize; n];
    for &t in &ix.wbs_order {
        let p = ix.task_parent[t as usize];
        if p != stratops::index::NONE {
            depth[t as usize] = depth[p as usize] + 1;
        }
    }
    (0..n as u32)
        .filter_map(|t| {
            let id = &model.task(t).id;
            b.by_task.get(id).map(|c| {
                (
                    format!("{}{id}", "  ".repeat(depth[t as usize].min(20))),
                    b.format(&c.total),
                )
            })
        })
        .collect()
}
