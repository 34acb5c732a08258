//! `stratops align FILE [--as-of DATE] [--format json]`: the drift between
//! operations and strategy (DESIGN §6).

use std::fmt::Write;

use stratops::align::{align, AlignmentReport, Item};

use crate::cmd_scorecard::parse_date;
use crate::common::{self, CmdResult, Fmt, Out};

pub fn run(path: &str, as_of: Option<&str>, format: Fmt) -> CmdResult {
    let as_of = as_of.map(parse_date).transpose()?;
    let model = common::load(path, format)?;
    let report = align(&model, as_of).map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => {
            let v = serde_json::to_value(&report).map_err(|e| {
                common::usage(format!("stratops: cannot serialise the report: {e}"))
            })?;
            Ok(Out::json(&v))
        }
        Fmt::Text => Ok(Out::text(text(&report))),
    }
}

fn items(out: &mut String, title: &str, list: &[Item]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", list.len());
    for i in list {
        let owner = i
            .owner
            .as_deref()
            .map(|o| format!(" [{o}]"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {}  {} ({}){owner}", i.id, i.name, i.plan);
    }
}

fn text(r: &AlignmentReport) -> String {
    let mut out = String::new();
    match r.as_of {
        Some(d) => {
            let _ = writeln!(out, "Alignment as of {d}: {} finding(s)", r.findings());
        }
        None => {
            let _ = writeln!(
                out,
                "Alignment: {} finding(s) (no --as-of: staleness not checked)",
                r.findings()
            );
        }
    }
    items(&mut out, "Tasks supporting no goal", &r.unaligned_tasks);
    items(
        &mut out,
        "Cost lines supporting no goal",
        &r.unaligned_costs,
    );
    items(&mut out, "Goals with no KPI", &r.goals_without_kpi);
    items(
        &mut out,
        "Goals with no supporting work",
        &r.goals_without_work,
    );
    items(
        &mut out,
        "Goals not laddering up to strategy",
        &r.not_laddering,
    );
    if let Some(stale) = r.stale_kpis.as_ref().filter(|s| !s.is_empty()) {
        let _ = writeln!(out, "Stale KPIs ({}):", stale.len());
        for s in stale {
            let last = s.last_measured.map_or("never".into(), |d| d.to_string());
            let owner = s
                .owner
                .as_deref()
                .map(|o| format!(" [{o}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}  last measured {last}, {} days ago, cadence {} ({} days){owner}",
                s.id, s.days_since, s.cadence, s.cadence_days
            );
        }
    }
    if !r.raci_violations.is_empty() {
        let _ = writeln!(out, "RACI violations ({}):", r.raci_violations.len());
        for v in &r.raci_violations {
            let _ = writeln!(
                out,
                "  {}  {} accountable, {} responsible: {}",
                v.task,
                v.accountable,
                v.responsible,
                v.problems.join(", ")
            );
        }
    }
    if !r.smart_failures.is_empty() {
        let _ = writeln!(out, "SMART failures ({}):", r.smart_failures.len());
        for s in &r.smart_failures {
            let _ = writeln!(out, "  {}  not {}", s.goal, s.failed.join(", not "));
        }
    }
    let h = &r.hours;
    match h.share_strategic {
        Some(s) => {
            let _ = writeln!(
                out,
                "Work hours aligned to strategy: {:.1}% ({} of {} h; {} h support some goal)",
                s * 100.0,
                h.strategic,
                h.total,
                h.aligned
            );
        }
        None => {
            let _ = writeln!(out, "Work hours aligned to strategy: no assignment hours");
        }
    }
    if r.budget_share.is_none() {
        let _ = writeln!(out, "Budget aligned to strategy: not computed yet");
    }
    out
}
