//! The Markdown view of a [`Report`]: headings and GitHub-flavoured tables,
//! like the plan tables of the seed documents.
//!
//! Every piece of user text is escaped: table pipes, Markdown emphasis and
//! link characters, and `<`/`>` (so no raw HTML reaches a renderer; `&`
//! is kept, for readable text). Ids are
//! shown as code spans.

use std::fmt::Write;

use super::fmt::{hours, money, num, pct, status, when};
use super::owners::finish_day;
use super::{MilestoneState, Report};

/// Escapes user text for Markdown, inside or outside a table cell.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// An id as a code span (backticks cannot close it early; pipes are escaped
/// for tables).
fn code(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect();
    format!("`{}`", clean.replace('|', "\\|"))
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(esc).unwrap_or_else(|| "–".into())
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(
        out,
        "|{}|",
        head.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    );
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out.push('\n');
}

/// Renders the report as Markdown.
///
/// # Example
/// ```
/// use stratops::{Model, report::{report, render_markdown, ReportOptions}};
/// let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "A | B <script>",
///   "horizon": {"start": "2025-01-06", "end": "2025-01-31"}}]}"#)?;
/// let md = render_markdown(&report(&model, "2025-01-10".parse().unwrap(), &ReportOptions::default())?);
/// assert!(md.starts_with("# Progress report: A \\| B &lt;script&gt;"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn render_markdown(r: &Report) -> String {
    let mut o = String::new();
    let cur = r.currency.as_str();
    let _ = writeln!(o, "# Progress report: {}\n", esc(&r.title));
    let mut sub = format!("As of **{}**", r.as_of);
    if let Some(org) = &r.organisation {
        let _ = write!(sub, " · {}", esc(org));
    }
    let _ = writeln!(o, "{sub} · amounts in {}\n", esc(cur));
    for n in &r.notes {
        let _ = writeln!(o, "> **Note** ({}): {}\n", code(&n.code), esc(&n.message));
    }

    md_executive_summary(&mut o, r);
    md_kpis(&mut o, r);
    md_milestones_and_overdue_tasks(&mut o, r);
    md_critical_path(&mut o, r);
    md_executed(&mut o, r);
    md_budget(&mut o, r);
    md_risks(&mut o, r);
    md_challenges(&mut o, r);
    while o.ends_with("\n\n") {
        o.pop();
    }
    o
}

/// The report's executive summary section.
fn md_executive_summary(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    o.push_str("## Executive summary\n\n");
    if let (Some(s), Some(f)) = (r.summary.project_start, r.summary.project_finish) {
        let _ = writeln!(
            o,
            "- **Project finish:** {} (started {})",
            finish_day(f),
            s.date()
        );
    }
    for p in &r.summary.plans {
        if let (Some(f), Some(d)) = (p.finish, p.days_to_horizon_end) {
            let verdict = if d >= 0 {
                format!("{d} days before the horizon ends ({})", p.horizon_end)
            } else {
                format!("**{} days after** the horizon ends ({})", -d, p.horizon_end)
            };
            let _ = writeln!(
                o,
                "- **{}** finishes {}: {verdict}",
                esc(&p.name),
                finish_day(f)
            );
        }
    }
    let counts = |m: &std::collections::BTreeMap<String, usize>, keys: &[(&str, &str)]| {
        keys.iter()
            .filter_map(|(k, label)| {
                m.get(*k)
                    .filter(|&&n| n > 0)
                    .map(|n| format!("{n} {label}"))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kc = counts(
        &r.summary.kpi_status_counts,
        &[
            ("off_track", "off track"),
            ("at_risk", "at risk"),
            ("on_track", "on track"),
            ("missed", "missed"),
            ("met", "met"),
            ("no_data", "no data"),
            ("not_started", "not started"),
        ],
    );
    if !kc.is_empty() {
        let _ = writeln!(o, "- **KPIs:** {kc}");
    }
    let mc = counts(
        &r.summary.milestone_counts,
        &[
            ("done", "done"),
            ("late", "late"),
            ("due", "due"),
            ("upcoming", "upcoming"),
        ],
    );
    if !mc.is_empty() {
        let _ = writeln!(
            o,
            "- **Milestones:** {mc} (due = within {} days)",
            r.lookahead_days
        );
    }
    let _ = writeln!(
        o,
        "- **Budget:** {} planned, {} spent, contingency {}",
        money(r.budget.planned, cur),
        money(r.budget.actual, cur),
        money(r.budget.contingency, cur)
    );
    let _ = writeln!(
        o,
        "- **Overdue tasks:** {} · **Challenges:** {} off track, {} at risk\n",
        r.summary.overdue_tasks, r.summary.challenges_off_track, r.summary.challenges_at_risk
    );
    if !r.summary.strategic_goals.is_empty() {
        let rows: Vec<Vec<String>> = r
            .summary
            .strategic_goals
            .iter()
            .map(|g| {
                vec![
                    esc(&g.name),
                    opt(&g.owner),
                    g.due.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                    g.progress.map(pct).unwrap_or_else(|| "–".into()),
                    g.expected.map(pct).unwrap_or_else(|| "–".into()),
                    format!("**{}**", status(g.status)),
                ]
            })
            .collect();
        table(
            o,
            &[
                "Strategic goal",
                "Owner",
                "Due",
                "Progress",
                "Expected",
                "Status",
            ],
            &rows,
        );
    }
}

/// The report's KPIs section.
fn md_kpis(o: &mut String, r: &Report) {
    o.push_str("## KPI status\n\n");
    if r.kpis.is_empty() {
        o.push_str("No KPIs.\n\n");
    } else {
        o.push_str("Leading indicators first.\n\n");
        let rows: Vec<Vec<String>> = r
            .kpis
            .iter()
            .map(|k| {
                let unit = k.unit.as_deref().map(|u| format!(" {}", esc(u)));
                let unit = unit.unwrap_or_default();
                vec![
                    format!(
                        "{}{}",
                        esc(&k.name),
                        if k.leading { " *(leading)*" } else { "" }
                    ),
                    opt(&k.owner),
                    format!("{}{unit}", num(k.baseline)),
                    format!("{}{unit} by {}", num(k.target), k.target_date),
                    k.value
                        .map(|v| format!("{}{unit}", num(v)))
                        .unwrap_or_else(|| "–".into()),
                    k.progress.map(pct).unwrap_or_else(|| "–".into()),
                    pct(k.expected),
                    format!(
                        "**{}**{}",
                        status(k.status),
                        if k.stale { " (stale)" } else { "" }
                    ),
                    match k.forecast_reaches_on {
                        Some(d) => format!("{} ({d})", k.forecast.as_str().replace('_', " ")),
                        None => k.forecast.as_str().replace('_', " "),
                    },
                ]
            })
            .collect();
        table(
            o,
            &[
                "KPI", "Owner", "Baseline", "Target", "Current", "Progress", "Expected", "Status",
                "Forecast",
            ],
            &rows,
        );
    }
    let other_goals: Vec<_> = r
        .goals
        .iter()
        .filter(|g| !r.summary.strategic_goals.iter().any(|s| s.id == g.id))
        .collect();
    if !other_goals.is_empty() {
        o.push_str("## Goals\n\n");
        let rows: Vec<Vec<String>> = other_goals
            .iter()
            .map(|g| {
                vec![
                    esc(&g.name),
                    code(&g.plan),
                    opt(&g.owner),
                    g.due.map(|d| d.to_string()).unwrap_or_else(|| "–".into()),
                    g.progress.map(pct).unwrap_or_else(|| "–".into()),
                    g.expected.map(pct).unwrap_or_else(|| "–".into()),
                    format!("**{}**", status(g.status)),
                ]
            })
            .collect();
        table(
            o,
            &[
                "Goal", "Plan", "Owner", "Due", "Progress", "Expected", "Status",
            ],
            &rows,
        );
    }
}

/// The report's milestones and overdue tasks section.
fn md_milestones_and_overdue_tasks(o: &mut String, r: &Report) {
    o.push_str("## Milestones\n\n");
    if r.milestones.is_empty() {
        o.push_str("No milestones.\n\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .milestones
            .iter()
            .map(|m| {
                let mut state = match m.state {
                    MilestoneState::Done => match m.done_on {
                        Some(d) => format!("done ({d})"),
                        None => "done".into(),
                    },
                    MilestoneState::Late => format!("**late** ({} days)", m.days_late),
                    MilestoneState::Due => "due".into(),
                    MilestoneState::Upcoming => "upcoming".into(),
                };
                if m.misses_deadline {
                    state.push_str(", misses deadline");
                }
                vec![
                    esc(&m.name),
                    opt(&m.owner),
                    m.due.to_string(),
                    m.deadline
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "–".into()),
                    if m.critical { "yes".into() } else { "".into() },
                    state,
                ]
            })
            .collect();
        table(
            o,
            &["Milestone", "Owner", "Due", "Deadline", "Critical", "State"],
            &rows,
        );
    }
    o.push_str("## Overdue tasks\n\n");
    if r.overdue_tasks.is_empty() {
        o.push_str("None.\n\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .overdue_tasks
            .iter()
            .map(|t| {
                vec![
                    esc(&t.name),
                    opt(&t.owner),
                    finish_day(t.finish).to_string(),
                    t.days_overdue.to_string(),
                    format!("{}%", num(t.percent_complete)),
                    if t.critical { "yes".into() } else { "".into() },
                ]
            })
            .collect();
        table(
            o,
            &[
                "Task",
                "Owner",
                "Planned finish",
                "Days overdue",
                "Complete",
                "Critical",
            ],
            &rows,
        );
    }
}

/// The report's critical path section.
fn md_critical_path(o: &mut String, r: &Report) {
    o.push_str("## Critical path\n\n");
    match &r.schedule {
        None => o.push_str("Nothing to schedule.\n\n"),
        Some(s) => {
            let _ = writeln!(
                o,
                "Project start {}, finish **{}**.\n",
                when(s.project_start),
                when(s.project_finish)
            );
            for (k, path) in s.critical_paths.iter().enumerate() {
                if s.critical_paths.len() > 1 {
                    let _ = writeln!(o, "Path {}:\n", k + 1);
                }
                for (n, step) in path.iter().enumerate() {
                    let _ = writeln!(
                        o,
                        "{}. {} {} ({} → {}), {}",
                        n + 1,
                        code(&step.id),
                        esc(&step.name),
                        when(step.start),
                        when(step.finish),
                        opt(&step.owner)
                    );
                }
                o.push('\n');
            }
            if s.paths_truncated {
                o.push_str("More critical paths exist than are listed.\n\n");
            }
            for f in &s.negative_float {
                let _ = writeln!(
                    o,
                    "- {} {} has negative float: {} h",
                    code(&f.id),
                    esc(&f.name),
                    hours(f.total_float_min)
                );
            }
            if !s.negative_float.is_empty() {
                o.push('\n');
            }
        }
    }
}

/// The report's the plan as executed section.
fn md_executed(o: &mut String, r: &Report) {
    super::execution::markdown(o, r.forecast.as_ref(), r.earned_value.as_ref());
    super::execution::health_markdown(o, r.health.as_ref());
    super::execution::risk_markdown(o, r.schedule_risk.as_ref());
    super::resources::markdown(o, r.resources.as_ref());
}

/// The report's budget section.
fn md_budget(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    o.push_str("## Budget\n\n");
    let b = &r.budget;
    if b.lines == 0 && b.cap.is_none() {
        o.push_str("No cost lines.\n\n");
    } else {
        let mut rows: Vec<Vec<String>> = b
            .by_category
            .iter()
            .map(|c| {
                vec![
                    esc(&c.key),
                    c.cap.map(|m| money(m, cur)).unwrap_or_else(|| "–".into()),
                    money(c.planned, cur),
                    money(c.actual, cur),
                    money(c.remaining, cur),
                    if c.over_cap {
                        "**over cap**".into()
                    } else {
                        "".into()
                    },
                ]
            })
            .collect();
        rows.push(vec![
            "**Total**".into(),
            b.cap.map(|m| money(m, cur)).unwrap_or_else(|| "–".into()),
            format!("**{}**", money(b.planned, cur)),
            format!("**{}**", money(b.actual, cur)),
            format!("**{}**", money(b.remaining, cur)),
            if b.cap.is_some_and(|c| b.planned > c) {
                "**over cap**".into()
            } else {
                "".into()
            },
        ]);
        table(
            o,
            &["Category", "Budget", "Planned", "Actual", "Remaining", ""],
            &rows,
        );
        let _ = writeln!(
            o,
            "Actuals recorded on {} of {} cost lines. Contingency: {} risk exposure + {} management reserve = **{}**.\n",
            b.lines_with_actual,
            b.lines,
            money(b.risk_contingency, cur),
            money(b.management_reserve, cur),
            money(b.contingency, cur)
        );
    }
}

/// The report's risks section.
fn md_risks(o: &mut String, r: &Report) {
    let cur = r.currency.as_str();
    o.push_str("## Top risks by exposure\n\n");
    if r.risks.top.is_empty() {
        o.push_str("No risks.\n\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .risks
            .top
            .iter()
            .map(|k| {
                vec![
                    esc(&k.description),
                    opt(&k.owner),
                    k.probability.map(pct).unwrap_or_else(|| "–".into()),
                    k.impact_cost
                        .map(|m| money(m, cur))
                        .unwrap_or_else(|| "–".into()),
                    k.exposure_money
                        .map(|m| money(m, cur))
                        .unwrap_or_else(|| "–".into()),
                    k.exposure_days
                        .map(|d| format!("{} d", num(d)))
                        .unwrap_or_else(|| "–".into()),
                    match (k.score, k.band) {
                        (Some(s), Some(b)) => format!("{s} ({})", band(b)),
                        _ => "–".into(),
                    },
                    k.response
                        .map(|x| response(x).to_string())
                        .unwrap_or_else(|| "–".into()),
                ]
            })
            .collect();
        table(
            o,
            &[
                "Risk",
                "Owner",
                "Probability",
                "Cost impact",
                "Exposure",
                "Delay exposure",
                "Score",
                "Response",
            ],
            &rows,
        );
        let _ = writeln!(
            o,
            "{} risks in the register; total exposure {}.\n",
            r.risks.count,
            money(r.risks.total_exposure, cur)
        );
    }
}

/// The report's challenges section.
fn md_challenges(o: &mut String, r: &Report) {
    o.push_str("## Challenges\n\n");
    if r.challenges.is_empty() {
        o.push_str("Nothing off track or at risk.\n");
    } else {
        let rows: Vec<Vec<String>> = r
            .challenges
            .iter()
            .map(|c| {
                vec![
                    match c.level {
                        super::Level::OffTrack => "**off track**".into(),
                        super::Level::AtRisk => "at risk".into(),
                    },
                    format!("{} {}", c.kind, code(&c.id)),
                    esc(&c.name),
                    opt(&c.owner),
                    esc(&c.message),
                ]
            })
            .collect();
        table(o, &["Level", "Item", "Name", "Owner", "Issue"], &rows);
    }
}

pub(crate) fn band(b: crate::risk::Band) -> &'static str {
    use crate::risk::Band;
    match b {
        Band::Low => "low",
        Band::Medium => "medium",
        Band::High => "high",
        Band::Critical => "critical",
    }
}

pub(crate) fn response(r: crate::model::RiskResponse) -> &'static str {
    use crate::model::RiskResponse as R;
    match r {
        R::Avoid => "avoid",
        R::Mitigate => "mitigate",
        R::Transfer => "transfer",
        R::Accept => "accept",
        R::Escalate => "escalate",
    }
}
