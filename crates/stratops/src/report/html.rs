//! The HTML view of a [`Report`]: one self-contained page with inline CSS,
//! an inline SVG Gantt chart and KPI progress bars. It fetches nothing (not
//! even a favicon), runs no script, and HTML-escapes every piece of user
//! text.

use std::fmt::Write;

use super::fmt::{hours, money, num, pct, status, when};
use super::markdown::{band, response};
use super::owners::finish_day;
use super::{Level, MilestoneState, Report};
use crate::scorecard::Status;

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const CSS: &str = r#"
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;
--green:#2f9e44;--amber:#e8890c;--red:#d6336c;--darkred:#a61e4d;--grey:#9aa5b1;--blue:#3b5bdb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 48px}
header{margin-bottom:18px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 12px}
.sub{color:var(--muted)}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.03)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-bottom:14px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:#fbfcfd}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:19px;font-weight:600;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.card .d{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 8px;white-space:nowrap}
td{border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
tr:last-child td{border-bottom:none}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:600;border-top:2px solid var(--line)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f2f5;padding:1px 4px;border-radius:4px;color:#334e68}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;color:#fff;background:var(--grey)}
.s-on_track,.s-met,.s-done{background:var(--green)}
.s-at_risk,.s-due{background:var(--amber)}
.s-off_track,.s-late,.s-overdue{background:var(--red)}
.s-missed{background:var(--darkred)}
.s-upcoming{background:var(--blue)}
.tag{display:inline-block;font-size:11px;border:1px solid var(--line);border-radius:4px;padding:0 5px;color:var(--muted);margin-left:4px}
.meter{position:relative;height:10px;min-width:120px;background:#edf0f3;border-radius:5px;overflow:visible}
.meter .fill{position:absolute;left:0;top:0;bottom:0;border-radius:5px;background:var(--grey)}
.meter .fill.s-on_track,.meter .fill.s-met{background:var(--green)}
.meter .fill.s-at_risk{background:var(--amber)}
.meter .fill.s-off_track,.meter .fill.s-missed{background:var(--red)}
.meter .exp{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--ink);opacity:.55}
.mt{font-size:11px;color:var(--muted);margin-top:3px;white-space:nowrap}
.empty{color:var(--muted);font-style:italic}
.note{border-left:4px solid var(--amber);background:#fff8eb;padding:8px 12px;border-radius:4px;margin:8px 0}
.path{margin:0;padding-left:22px}
.path li{margin:3px 0}
.legend{color:var(--muted);font-size:12px;margin-top:8px}
.legend i{display:inline-block;width:12px;height:10px;border-radius:2px;margin:0 4px 0 12px;vertical-align:middle}
.scroll{overflow-x:auto}
svg.gantt{display:block;font:12px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg.gantt .stripe{fill:#f7f9fb}
svg.gantt .tick{stroke:#e4e7eb;stroke-width:1}
svg.gantt .tick-label{fill:#7b8794;font-size:11px}
svg.gantt .label{fill:#1f2933}
svg.gantt .label.summary{font-weight:600}
svg.gantt .bar.task{fill:#7c93c3}
svg.gantt .bar.task.done{fill:#a9b8d6}
svg.gantt .bar.summary{fill:#3e4c59}
svg.gantt .bar.critical{fill:#e03131}
svg.gantt .bar.critical.done{fill:#f08c8c}
svg.gantt .progress{fill:#1f2933;opacity:.55}
svg.gantt .milestone{fill:#3e4c59}
svg.gantt .milestone.critical{fill:#e03131}
svg.gantt .asof{stroke:#e8890c;stroke-width:2;stroke-dasharray:4 3}
svg.gantt .asof-label{fill:#e8890c;font-size:11px;text-anchor:end;font-weight:600}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
"#;

fn pill(class: &str, text: &str) -> String {
    format!(
        r#"<span class="pill s-{}">{}</span>"#,
        esc(class),
        esc(text)
    )
}

fn status_pill(s: Status) -> String {
    pill(s.as_str(), status(s))
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(esc).unwrap_or_else(|| "–".into())
}

fn meter(progress: Option<f64>, expected: Option<f64>, s: Status) -> String {
    let mut o = String::from(r#"<div class="meter">"#);
    if let Some(p) = progress {
        let w = (p.clamp(0.0, 1.0) * 100.0 * 10.0).round() / 10.0;
        let _ = write!(
            o,
            r#"<div class="fill s-{}" style="width:{}%"></div>"#,
            s.as_str(),
            num(w)
        );
    }
    if let Some(e) = expected {
        let l = (e.clamp(0.0, 1.0) * 100.0 * 10.0).round() / 10.0;
        let _ = write!(
            o,
            r#"<div class="exp" style="left:calc({}% - 1px)" title="expected {}"></div>"#,
            num(l),
            pct(e)
        );
    }
    o.push_str("</div>");
    let _ = write!(
        o,
        r#"<div class="mt">{} of {} expected</div>"#,
        progress.map(pct).unwrap_or_else(|| "–".into()),
        expected.map(pct).unwrap_or_else(|| "–".into())
    );
    o
}

fn card(o: &mut String, key: &str, value: &str, detail: &str) {
    let _ = write!(
        o,
        r#"<div class="card"><div class="k">{}</div><div class="v">{}</div><div class="d">{}</div></div>"#,
        esc(key),
        value,
        detail
    );
}

/// Renders the report as a self-contained HTML page.
///
/// # Example
/// ```
/// use stratops::{Model, report::{report, render_html, ReportOptions}};
/// let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "<b>Launch</b>",
///   "horizon": {"start": "2025-01-06", "end": "2025-01-31"},
///   "tasks": [{"id": "a", "name": "Build", "duration": "3d"}]}]}"#)?;
/// let html = render_html(&report(&model, "2025-01-07".parse().unwrap(), &ReportOptions::default())?);
/// assert!(html.contains("&lt;b&gt;Launch&lt;/b&gt;"));
/// assert!(html.contains(r#"class="bar task critical""#));
/// assert!(!html.contains("<script"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn render_html(r: &Report) -> String {
    let cur = r.currency.as_str();
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Progress report: {} ({})</title>
<style>{CSS}</style></head><body><main>
"#,
        esc(&r.title),
        r.as_of
    );
    let _ = write!(
        o,
        r#"<header><h1>Progress report: {}</h1><div class="sub">As of <strong>{}</strong>{} · amounts in {}</div></header>"#,
        esc(&r.title),
        r.as_of,
        r.organisation
            .as_deref()
            .map(|org| format!(" · {}", esc(org)))
            .unwrap_or_default(),
        esc(cur)
    );
    for n in &r.notes {
        let _ = write!(
            o,
            r#"<div class="note"><strong>Note</strong> (<code>{}</code>): {}</div>"#,
            esc(&n.code),
            esc(&n.message)
        );
    }

    html_executive_summary(&mut o, r);
    html_kpis(&mut o, r);
    html_schedule(&mut o, r);
    html_milestones_and_overdue(&mut o, r);
    html_executed(&mut o, r);
    html_budget(&mut o, r);
    html_risks(&mut o, r);
    html_challenges(&mut o, r);
    o
}

/// The report's executive summary section.
fn html_executive_summary(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    o.push_str(r#"<section id="summary"><h2>Executive summary</h2><div class="cards">"#);
    if let Some(f) = r.summary.project_finish {
        let horizon = r
            .summary
            .plans
            .iter()
            .filter(|p| p.finish.is_some())
            .map(|p| p.horizon_end)
            .max();
        let detail = match horizon {
            Some(h) => {
                let d = super::owners::days(finish_day(f), h);
                if d >= 0 {
                    format!("{d} days before the horizon ends ({h})")
                } else {
                    format!(
                        r#"<span style="color:var(--red)">{} days after</span> the horizon ends ({h})"#,
                        -d
                    )
                }
            }
            None => String::new(),
        };
        card(o, "Project finish", &finish_day(f).to_string(), &detail);
    }
    let c = &r.summary.kpi_status_counts;
    let get = |k: &str| c.get(k).copied().unwrap_or(0);
    card(
        o,
        "KPIs on track",
        &format!("{} / {}", get("on_track") + get("met"), r.kpis.len()),
        &format!(
            "{} at risk · {} off track · {} missed",
            get("at_risk"),
            get("off_track"),
            get("missed")
        ),
    );
    let m = &r.summary.milestone_counts;
    let mget = |k: &str| m.get(k).copied().unwrap_or(0);
    card(
        o,
        "Milestones done",
        &format!("{} / {}", mget("done"), r.milestones.len()),
        &format!(
            "{} late · {} due in {} days · {} upcoming",
            mget("late"),
            mget("due"),
            r.lookahead_days,
            mget("upcoming")
        ),
    );
    card(
        o,
        "Budget",
        &esc(&money(r.budget.planned, cur)),
        &format!(
            "{} spent · contingency {}",
            esc(&money(r.budget.actual, cur)),
            esc(&money(r.budget.contingency, cur))
        ),
    );
    card(
        o,
        "Challenges",
        &(r.summary.challenges_off_track + r.summary.challenges_at_risk).to_string(),
        &format!(
            "{} off track · {} at risk · {} overdue tasks",
            r.summary.challenges_off_track, r.summary.challenges_at_risk, r.summary.overdue_tasks
        ),
    );
    o.push_str("</div>");
    if !r.summary.strategic_goals.is_empty() {
        o.push_str(r#"<table><thead><tr><th>Strategic goal</th><th>Owner</th><th>Due</th><th>Progress</th><th>Status</th></tr></thead><tbody>"#);
        for g in &r.summary.strategic_goals {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.name),
                opt(&g.owner),
                g.due.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                meter(g.progress, g.expected, g.status),
                status_pill(g.status)
            );
        }
        o.push_str("</tbody></table>");
    }
    let plans: Vec<_> = r
        .summary
        .plans
        .iter()
        .filter(|p| p.finish.is_some())
        .collect();
    if !plans.is_empty() {
        o.push_str(r#"<table style="margin-top:14px"><thead><tr><th>Plan</th><th>Owner</th><th>Horizon</th><th>Scheduled finish</th><th class="num">Days to horizon end</th></tr></thead><tbody>"#);
        for p in plans {
            let _ = write!(
                o,
                r#"<tr><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td><td class="num">{}</td></tr>"#,
                esc(&p.name),
                opt(&p.owner),
                p.horizon_start,
                p.horizon_end,
                p.finish
                    .map(|f| finish_day(f).to_string())
                    .unwrap_or_default(),
                match p.days_to_horizon_end {
                    Some(d) if d < 0 => pill("late", &d.to_string()),
                    Some(d) => d.to_string(),
                    None => "–".into(),
                }
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
}

/// The report's KPIs section.
fn html_kpis(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="kpis"><h2>KPI status</h2>"#);
    if r.kpis.is_empty() {
        o.push_str(r#"<p class="empty">No KPIs.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>KPI</th><th>Owner</th><th class="num">Baseline</th><th class="num">Target</th><th class="num">Current</th><th>Progress</th><th>Status</th><th>Forecast</th></tr></thead><tbody>"#);
        for k in &r.kpis {
            let unit = k
                .unit
                .as_deref()
                .map(|u| format!(" {}", esc(u)))
                .unwrap_or_default();
            let _ = write!(
                o,
                r#"<tr><td>{}{}{}</td><td>{}</td><td class="num">{}{unit}</td><td class="num">{}{unit}<div class="mt">by {}</div></td><td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&k.name),
                if k.leading {
                    r#"<span class="tag">leading</span>"#
                } else {
                    ""
                },
                if k.stale {
                    r#"<span class="tag">stale</span>"#
                } else {
                    ""
                },
                opt(&k.owner),
                num(k.baseline),
                num(k.target),
                k.target_date,
                k.value
                    .map(|v| format!("{}{unit}", num(v)))
                    .unwrap_or_else(|| "–".into()),
                meter(k.progress, Some(k.expected), k.status),
                status_pill(k.status),
                match k.forecast_reaches_on {
                    Some(d) => format!(
                        r#"{}<div class="mt">trend reaches target {d}</div>"#,
                        k.forecast.as_str().replace('_', " ")
                    ),
                    None => k.forecast.as_str().replace('_', " "),
                }
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
    let others: Vec<_> = r
        .goals
        .iter()
        .filter(|g| !r.summary.strategic_goals.iter().any(|s| s.id == g.id))
        .collect();
    if !others.is_empty() {
        o.push_str(r#"<section id="goals"><h2>Goals</h2><table><thead><tr><th>Goal</th><th>Plan</th><th>Owner</th><th>Due</th><th>Progress</th><th>Status</th></tr></thead><tbody>"#);
        for g in others {
            let _ = write!(
                o,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&g.name),
                esc(&g.plan),
                opt(&g.owner),
                g.due.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                meter(g.progress, g.expected, g.status),
                status_pill(g.status)
            );
        }
        o.push_str("</tbody></table></section>");
    }
}

/// The report's schedule section.
fn html_schedule(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="schedule"><h2>Schedule and critical path</h2>"#);
    match &r.schedule {
        None => o.push_str(r#"<p class="empty">Nothing to schedule.</p>"#),
        Some(s) => {
            let _ = write!(
                o,
                r#"<p>Project start {}, finish <strong>{}</strong>.</p>"#,
                when(s.project_start),
                when(s.project_finish)
            );
            if let Some(svg) = super::gantt::svg(s, r.as_of) {
                let _ = write!(o, r#"<div class="scroll">{svg}</div>"#);
                o.push_str(r#"<div class="legend"><i style="background:#e03131"></i>critical<i style="background:#7c93c3"></i>task<i style="background:#3e4c59"></i>summary<i style="background:#e8890c;height:2px"></i>as of</div>"#);
                if s.bars.len() > super::gantt::MAX_ROWS {
                    let _ = write!(
                        o,
                        r#"<p class="empty">The chart shows the first {} of {} tasks.</p>"#,
                        super::gantt::MAX_ROWS,
                        s.bars.len()
                    );
                }
            }
            for (k, path) in s.critical_paths.iter().enumerate() {
                let _ = write!(
                    o,
                    "<h3 style=\"font-size:14px;margin:14px 0 6px\">Critical path{}</h3><ol class=\"path\">",
                    if s.critical_paths.len() > 1 {
                        format!(" {}", k + 1)
                    } else {
                        String::new()
                    }
                );
                for step in path {
                    let _ = write!(
                        o,
                        r#"<li><code>{}</code> {} <span class="sub">{} → {} · {}</span></li>"#,
                        esc(&step.id),
                        esc(&step.name),
                        when(step.start),
                        when(step.finish),
                        opt(&step.owner)
                    );
                }
                o.push_str("</ol>");
            }
            if s.paths_truncated {
                o.push_str(r#"<p class="empty">More critical paths exist than are listed.</p>"#);
            }
            for f in &s.negative_float {
                let _ = write!(
                    o,
                    r#"<div class="note"><code>{}</code> {} has negative float: {} h</div>"#,
                    esc(&f.id),
                    esc(&f.name),
                    hours(f.total_float_min)
                );
            }
        }
    }
    o.push_str("</section>");
}

/// The report's milestones and overdue section.
fn html_milestones_and_overdue(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="milestones"><h2>Milestones</h2>"#);
    if r.milestones.is_empty() {
        o.push_str(r#"<p class="empty">No milestones.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Milestone</th><th>Owner</th><th>Due</th><th>Deadline</th><th>State</th></tr></thead><tbody>"#);
        for m in &r.milestones {
            let label = match m.state {
                MilestoneState::Late => format!("late {} d", m.days_late),
                s => s.as_str().to_string(),
            };
            let _ = write!(
                o,
                "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                esc(&m.name),
                if m.critical {
                    r#"<span class="tag">critical</span>"#
                } else {
                    ""
                },
                opt(&m.owner),
                m.due,
                m.deadline
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "–".into()),
                pill(m.state.as_str(), &label),
                if m.misses_deadline {
                    r#" <span class="tag">misses deadline</span>"#
                } else {
                    ""
                }
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str(r#"<h2 style="margin-top:18px">Overdue tasks</h2>"#);
    if r.overdue_tasks.is_empty() {
        o.push_str(r#"<p class="empty">None.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Task</th><th>Owner</th><th>Planned finish</th><th class="num">Days overdue</th><th class="num">Complete</th></tr></thead><tbody>"#);
        for t in &r.overdue_tasks {
            let _ = write!(
                o,
                r#"<tr><td>{}{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}%</td></tr>"#,
                esc(&t.name),
                if t.critical {
                    r#"<span class="tag">critical</span>"#
                } else {
                    ""
                },
                opt(&t.owner),
                finish_day(t.finish),
                t.days_overdue,
                num(t.percent_complete)
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
}

/// The report's the plan as executed section.
fn html_executed(o: &mut String, r: &Report) {
    super::execution::html(o, r.forecast.as_ref(), r.earned_value.as_ref());
    super::execution::health_html(o, r.health.as_ref());
    super::execution::risk_html(o, r.schedule_risk.as_ref());
    super::resources::html(o, r.resources.as_ref());
}

/// The report's budget section.
fn html_budget(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    let b = &r.budget;
    o.push_str(r#"<section id="budget"><h2>Budget against actual</h2>"#);
    if b.lines == 0 && b.cap.is_none() {
        o.push_str(r#"<p class="empty">No cost lines.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Category</th><th class="num">Budget</th><th class="num">Planned</th><th class="num">Actual</th><th class="num">Remaining</th><th></th></tr></thead><tbody>"#);
        let mcell = |m: crate::values::Money| esc(&money(m, cur));
        for c in &b.by_category {
            let _ = write!(
                o,
                r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
                esc(&c.key),
                c.cap.map(mcell).unwrap_or_else(|| "–".into()),
                mcell(c.planned),
                mcell(c.actual),
                mcell(c.remaining),
                if c.over_cap {
                    pill("off_track", "over cap")
                } else {
                    String::new()
                }
            );
        }
        let _ = write!(
            o,
            r#"<tr class="total"><td>Total</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr></tbody></table>"#,
            b.cap.map(mcell).unwrap_or_else(|| "–".into()),
            mcell(b.planned),
            mcell(b.actual),
            mcell(b.remaining),
            if b.cap.is_some_and(|c| b.planned > c) {
                pill("off_track", "over cap")
            } else {
                String::new()
            }
        );
        let _ = write!(
            o,
            r#"<p class="sub">Actuals recorded on {} of {} cost lines. Contingency: {} risk exposure + {} management reserve = <strong>{}</strong>.</p>"#,
            b.lines_with_actual,
            b.lines,
            mcell(b.risk_contingency),
            mcell(b.management_reserve),
            mcell(b.contingency)
        );
    }
    o.push_str("</section>");
}

/// The report's risks section.
fn html_risks(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    o.push_str(r#"<section id="risks"><h2>Top risks by exposure</h2>"#);
    if r.risks.top.is_empty() {
        o.push_str(r#"<p class="empty">No risks.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Risk</th><th>Owner</th><th class="num">Probability</th><th class="num">Cost impact</th><th class="num">Exposure</th><th class="num">Delay exposure</th><th>Score</th><th>Response</th></tr></thead><tbody>"#);
        for k in &r.risks.top {
            let _ = write!(
                o,
                r#"<tr><td>{}{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&k.description),
                k.if_then
                    .as_deref()
                    .map(|t| format!(
                        r#"<div class="mt" style="white-space:normal">{}</div>"#,
                        esc(t)
                    ))
                    .unwrap_or_default(),
                opt(&k.owner),
                k.probability.map(pct).unwrap_or_else(|| "–".into()),
                k.impact_cost
                    .map(|m| esc(&money(m, cur)))
                    .unwrap_or_else(|| "–".into()),
                k.exposure_money
                    .map(|m| esc(&money(m, cur)))
                    .unwrap_or_else(|| "–".into()),
                k.exposure_days
                    .map(|d| format!("{} d", num(d)))
                    .unwrap_or_else(|| "–".into()),
                match (k.score, k.band) {
                    (Some(s), Some(bd)) => {
                        let class = match bd {
                            crate::risk::Band::Low => "on_track",
                            crate::risk::Band::Medium => "at_risk",
                            crate::risk::Band::High => "off_track",
                            crate::risk::Band::Critical => "missed",
                        };
                        pill(class, &format!("{s} {}", band(bd)))
                    }
                    _ => "–".into(),
                },
                k.response.map(response).unwrap_or("–")
            );
        }
        let _ = write!(
            o,
            r#"</tbody></table><p class="sub">{} risks in the register; total exposure {}.</p>"#,
            r.risks.count,
            esc(&money(r.risks.total_exposure, cur))
        );
    }
    o.push_str("</section>");
}

/// The report's challenges section.
fn html_challenges(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="challenges"><h2>Challenges</h2>"#);
    if r.challenges.is_empty() {
        o.push_str(r#"<p class="empty">Nothing off track or at risk.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Level</th><th>Item</th><th>Owner</th><th>Issue</th></tr></thead><tbody>"#);
        for c in &r.challenges {
            let (class, label) = match c.level {
                Level::OffTrack => ("off_track", "off track"),
                Level::AtRisk => ("at_risk", "at risk"),
            };
            let _ = write!(
                o,
                r#"<tr><td>{}</td><td>{}<div class="mt">{} <code>{}</code></div></td><td>{}</td><td>{}</td></tr>"#,
                pill(class, label),
                esc(&c.name),
                esc(c.kind),
                esc(&c.id),
                opt(&c.owner),
                esc(&c.message)
            );
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>");
    let _ = writeln!(
        o,
        "<footer>Generated by stratops as of {}. The JSON form of this report is the source of truth.</footer></main></body></html>",
        r.as_of
    );
}
