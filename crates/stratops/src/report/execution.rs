//! The report's view of the plan as executed: the forecast finish against
//! the baseline (or the plan as written), the slipped tasks, and earned
//! value with its S-curve.

use std::fmt::Write;

use serde::Serialize;

use super::fmt::{hours, money, when};
use super::markdown::esc;
use super::owners::Owners;
use crate::evm::EarnedValue;
use crate::schedule::Schedule;
use crate::values::{Date, DateTime};
use crate::{Error, Model};

/// One task that finishes later than it should.
#[derive(Debug, Clone, Serialize)]
pub struct SlippedTask {
    /// The task id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its owner.
    pub owner: Option<String>,
    /// When it should finish: its baseline finish, else its finish in the
    /// plan as written.
    pub target_finish: DateTime,
    /// Its forecast finish at the status date.
    pub forecast_finish: DateTime,
    /// Working minutes late, on its calendar.
    pub late_min: i64,
}

/// The forecast at the status date.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastSection {
    /// The status date (the report's as-of date).
    pub status_date: Date,
    /// The finish of the plan as written.
    pub planned_finish: DateTime,
    /// The finish forecast at the status date.
    pub forecast_finish: DateTime,
    /// The baseline compared with, when a plan has baseline 0.
    pub baseline: Option<i64>,
    /// The latest baseline finish, when there is a baseline.
    pub baseline_finish: Option<DateTime>,
    /// Working minutes of the project calendar from the target (baseline,
    /// else planned) finish to the forecast; positive = late.
    pub finish_variance_min: i64,
    /// Leaf tasks finishing later than their target, most minutes late
    /// first.
    pub slipped: Vec<SlippedTask>,
    /// Out-of-sequence progress (warnings of the status-date schedule).
    pub out_of_sequence: Vec<String>,
}

/// Builds the forecast from the plan as written (`plain`) and as executed
/// (`exec`, scheduled at the status date).
pub(crate) fn forecast(
    model: &Model,
    plain: &Schedule,
    exec: &Schedule,
    owners: &Owners,
    status_date: Date,
) -> Result<ForecastSection, Error> {
    let ix = model.index();
    let base = crate::baseline::finishes(model, 0);
    let has_base = base.is_some();
    let mut target: Vec<Option<DateTime>> = plain.tasks.iter().map(|t| Some(t.finish)).collect();
    let mut baseline_finish = None;
    for (t, f) in base.iter().flatten().enumerate() {
        if let Some(f) = *f {
            target[t] = Some(f);
            baseline_finish = Some(baseline_finish.map_or(f, |x: DateTime| x.max(f)));
        }
    }
    let mut slipped = Vec::new();
    for (t, times) in exec.tasks.iter().enumerate() {
        let Some(tf) = target[t] else { continue };
        if ix.is_summary(t as u32) || times.finish <= tf {
            continue;
        }
        let task = model.task(t as u32);
        slipped.push(SlippedTask {
            id: task.id.clone(),
            name: task.name.clone(),
            owner: owners.task[t].clone(),
            target_finish: tf,
            forecast_finish: times.finish,
            late_min: exec.working_minutes(t as u32, tf, times.finish)?,
        });
    }
    crate::sort::by(&mut slipped, |a, b| {
        b.late_min.cmp(&a.late_min).then(a.id.cmp(&b.id))
    });
    let cal = crate::calendar::project_calendar(model)?;
    let goal = baseline_finish.unwrap_or(plain.project_finish);
    let finish_variance_min = cal.between(
        crate::calendar::to_minutes(goal),
        crate::calendar::to_minutes(exec.project_finish),
    )?;
    Ok(ForecastSection {
        status_date,
        planned_finish: plain.project_finish,
        forecast_finish: exec.project_finish,
        baseline: has_base.then_some(0),
        baseline_finish,
        finish_variance_min,
        slipped,
        out_of_sequence: exec
            .diagnostics
            .iter()
            .filter(|d| d.code == "out_of_sequence")
            .map(|d| d.message.clone())
            .collect(),
    })
}

/// Earned value as of the status date, when the plan has any budget.
pub(crate) fn evm(
    model: &Model,
    status_date: Date,
    plain: Option<&Schedule>,
) -> Result<Option<EarnedValue>, Error> {
    let ev = crate::evm::earned_value_on(model, status_date, &Default::default(), plain)?;
    Ok((!ev.bac.0.is_zero()).then_some(ev))
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

fn verdict(c: &crate::health::Check) -> &'static str {
    match c.pass {
        Some(true) => "pass",
        Some(false) => "**fail**",
        None => "–",
    }
}

fn metric(c: &crate::health::Check) -> String {
    match (c.value, c.unit) {
        (None, _) => "–".into(),
        (Some(v), "percent") => format!("{v:.1}%"),
        (Some(v), "index") => format!("{v:.2}"),
        (Some(v), _) => format!("{v}"),
    }
}

fn limit(c: &crate::health::Check) -> String {
    let unit = if c.unit == "percent" { "%" } else { "" };
    c.threshold
        .map_or_else(|| "–".into(), |t| format!("{} {t}{unit}", c.comparison))
}

/// The Markdown of the health table.
pub(crate) fn health_markdown(o: &mut String, h: Option<&crate::health::Health>) {
    let Some(h) = h else { return };
    o.push_str(
        "## Schedule health

",
    );
    let _ = writeln!(
        o,
        "DCMA 14-point assessment at the status date: {} passed, {} failed, {} not run.\n",
        h.passed,
        h.failed,
        h.checks.len() - h.passed - h.failed
    );
    o.push_str(
        "| # | Check | Value | Threshold | Result | Tasks or note |\n|---:|---|---:|---|---|---|\n",
    );
    for c in &h.checks {
        let detail = match (&c.note, c.tasks.is_empty()) {
            (Some(n), true) => esc(n),
            (_, false) if c.number != 12 => c
                .tasks
                .iter()
                .take(8)
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
            (Some(n), false) => esc(n),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} |",
            c.number,
            c.name.replace('_', " "),
            metric(c),
            limit(c),
            verdict(c),
            detail
        );
    }
    o.push('\n');
}

/// The HTML of the health table.
pub(crate) fn health_html(o: &mut String, h: Option<&crate::health::Health>) {
    let Some(h) = h else { return };
    let _ = write!(
        o,
        r#"<section id="health"><h2>Schedule health</h2><p>DCMA 14-point assessment at the status date: {} passed, {} failed, {} not run.</p><table><thead><tr><th>#</th><th>Check</th><th>Value</th><th>Threshold</th><th>Result</th><th>Tasks or note</th></tr></thead><tbody>"#,
        h.passed,
        h.failed,
        h.checks.len() - h.passed - h.failed
    );
    for c in &h.checks {
        let detail = if c.number != 12 && !c.tasks.is_empty() {
            c.tasks
                .iter()
                .take(8)
                .map(|t| format!("<code>{}</code>", attr(t)))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            c.note.as_deref().map(attr).unwrap_or_default()
        };
        let _ = write!(
            o,
            r#"<tr><td class="num">{}</td><td>{}</td><td class="num">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            c.number,
            attr(&c.name.replace('_', " ")),
            attr(&metric(c)),
            attr(&limit(c)),
            verdict(c).replace("**", ""),
            detail
        );
    }
    o.push_str("</tbody></table></section>");
}

/// The Markdown of both sections.
pub(crate) fn markdown(o: &mut String, f: Option<&ForecastSection>, ev: Option<&EarnedValue>) {
    if let Some(f) = f {
        o.push_str("## Forecast\n\n");
        let target = match f.baseline_finish {
            Some(b) => format!("baseline finish {}", when(b)),
            None => format!("planned finish {}", when(f.planned_finish)),
        };
        let _ = writeln!(
            o,
            "At the status date {}: forecast finish **{}** against the {target} ({} h {}).\n",
            f.status_date,
            when(f.forecast_finish),
            hours(f.finish_variance_min.abs()),
            if f.finish_variance_min > 0 {
                "late"
            } else {
                "early or on time"
            }
        );
        if f.slipped.is_empty() {
            o.push_str("No task has slipped.\n\n");
        } else {
            o.push_str("| Slipped task | Owner | Target finish | Forecast finish | Late (h) |\n|---|---|---|---|---:|\n");
            for s in &f.slipped {
                let _ = writeln!(
                    o,
                    "| `{}` {} | {} | {} | {} | {} |",
                    s.id,
                    esc(&s.name),
                    s.owner.as_deref().map_or_else(|| "–".into(), esc),
                    when(s.target_finish),
                    when(s.forecast_finish),
                    hours(s.late_min)
                );
            }
            o.push('\n');
        }
        for m in &f.out_of_sequence {
            let _ = writeln!(o, "- Out of sequence: {}", esc(m));
        }
        if !f.out_of_sequence.is_empty() {
            o.push('\n');
        }
    }
    if let Some(e) = ev {
        let c = &e.currency;
        o.push_str("## Earned value\n\n");
        let _ = writeln!(
            o,
            "| BAC | PV | EV | AC | SPI | CPI | EAC | SPI(t) |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            money(e.bac, c),
            money(e.pv, c),
            money(e.ev, c),
            money(e.ac, c),
            ratio(e.spi),
            ratio(e.cpi),
            e.eac.map_or_else(|| "–".into(), |m| money(m, c)),
            ratio(e.spi_t)
        );
        let _ = writeln!(
            o,
            "Earned schedule {:.1} of {:.0} working days elapsed (planned {:.0}); schedule variance {} {}.\n",
            e.es_days,
            e.at_days,
            e.pd_days,
            money(e.sv, c),
            if e.sv.0.is_sign_negative() && !e.sv.0.is_zero() {
                "(behind)"
            } else {
                "(ahead or on plan)"
            }
        );
        if !e.by_goal.is_empty() {
            o.push_str("| Goal | BAC | EV | AC | SPI | CPI |\n|---|---:|---:|---:|---:|---:|\n");
            for g in &e.by_goal {
                let x = &g.figures;
                let _ = writeln!(
                    o,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    g.goal,
                    money(x.bac, c),
                    money(x.ev, c),
                    money(x.ac, c),
                    ratio(x.spi),
                    ratio(x.cpi)
                );
            }
            o.push('\n');
        }
    }
}

fn attr(s: &str) -> String {
    super::html::esc(s)
}

/// The HTML of both sections, with the S-curve as inline SVG.
pub(crate) fn html(o: &mut String, f: Option<&ForecastSection>, ev: Option<&EarnedValue>) {
    if let Some(f) = f {
        o.push_str(r#"<section id="forecast"><h2>Forecast</h2>"#);
        let target = match f.baseline_finish {
            Some(b) => format!("baseline finish {}", when(b)),
            None => format!("planned finish {}", when(f.planned_finish)),
        };
        let _ = write!(
            o,
            "<p>At the status date {}: forecast finish <strong>{}</strong> against the {} ({} h {}).</p>",
            f.status_date,
            when(f.forecast_finish),
            attr(&target),
            hours(f.finish_variance_min.abs()),
            if f.finish_variance_min > 0 { "late" } else { "early or on time" }
        );
        if f.slipped.is_empty() {
            o.push_str(r#"<p class="empty">No task has slipped.</p>"#);
        } else {
            o.push_str("<table><thead><tr><th>Slipped task</th><th>Owner</th><th>Target finish</th><th>Forecast finish</th><th>Late (h)</th></tr></thead><tbody>");
            for s in &f.slipped {
                let _ = write!(
                    o,
                    "<tr><td><code>{}</code> {}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                    attr(&s.id),
                    attr(&s.name),
                    s.owner.as_deref().map_or_else(|| "–".into(), attr),
                    when(s.target_finish),
                    when(s.forecast_finish),
                    hours(s.late_min)
                );
            }
            o.push_str("</tbody></table>");
        }
        for m in &f.out_of_sequence {
            let _ = write!(o, "<p>Out of sequence: {}</p>", attr(m));
        }
        o.push_str("</section>");
    }
    if let Some(e) = ev {
        let c = &e.currency;
        o.push_str(r#"<section id="evm"><h2>Earned value</h2><div class="cards">"#);
        for (k, v) in [
            ("BAC", money(e.bac, c)),
            ("PV", money(e.pv, c)),
            ("EV", money(e.ev, c)),
            ("AC", money(e.ac, c)),
            ("SPI", ratio(e.spi)),
            ("CPI", ratio(e.cpi)),
            ("SPI(t)", ratio(e.spi_t)),
            ("EAC", e.eac.map_or_else(|| "–".into(), |m| money(m, c))),
        ] {
            let _ = write!(
                o,
                r#"<div class="card"><div class="k">{k}</div><div class="v">{}</div></div>"#,
                attr(&v)
            );
        }
        o.push_str("</div>");
        s_curve(o, e);
        o.push_str("</section>");
    }
}

/// Cumulative PV and AC by month, and EV at the status date, as an SVG
/// line chart. Bounded: one point per month of the curve.
fn s_curve(o: &mut String, e: &EarnedValue) {
    use rust_decimal::prelude::ToPrimitive;
    let n = e.by_period.len();
    if n == 0 {
        return;
    }
    let top = e
        .by_period
        .iter()
        .flat_map(|p| [Some(p.pv_cum.0), p.ac_cum.map(|a| a.0)])
        .flatten()
        .chain([e.ev.0, e.bac.0])
        .filter_map(|d| d.to_f64())
        .fold(0.0f64, f64::max)
        .max(1.0);
    let (w, h, left, bottom) = (640.0, 220.0, 56.0, 24.0);
    let x = |i: usize| left + (w - left - 8.0) * (i as f64 + 1.0) / n as f64;
    let y = |v: f64| 8.0 + (h - bottom - 8.0) * (1.0 - v / top);
    let line = |vals: Vec<(usize, f64)>| -> String {
        vals.iter()
            .map(|(i, v)| format!("{:.1},{:.1}", x(*i), y(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let pv: Vec<(usize, f64)> = e
        .by_period
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.pv_cum.0.to_f64().map(|v| (i, v)))
        .collect();
    let ac: Vec<(usize, f64)> = e
        .by_period
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.ac_cum.and_then(|a| a.0.to_f64()).map(|v| (i, v)))
        .collect();
    let status = e.status_date.to_string();
    let si = e
        .by_period
        .iter()
        .position(|p| status.starts_with(&p.period))
        .unwrap_or(n - 1);
    let evv = e.ev.0.to_f64().unwrap_or(0.0);
    let _ = write!(
        o,
        r##"<figure><svg class="s-curve" role="img" aria-label="S-curve: cumulative planned value and actual cost by month, earned value at the status date" viewBox="0 0 {w} {h}" width="{w}" height="{h}"><line x1="{left}" y1="{b}" x2="{w}" y2="{b}" stroke="#999"/><text x="4" y="14" font-size="10">{}</text><polyline fill="none" stroke="#2b6cb0" stroke-width="2" points="{}"/><polyline fill="none" stroke="#c05621" stroke-width="2" points="{}"/><circle cx="{:.1}" cy="{:.1}" r="4" fill="#2f855a"/>"##,
        attr(&money(e.bac, &e.currency)),
        line(pv),
        line(ac),
        x(si),
        y(evv),
        b = h - bottom,
    );
    let step = n.div_ceil(12).max(1);
    for (i, p) in e.by_period.iter().enumerate().step_by(step) {
        let _ = write!(
            o,
            r#"<text x="{:.1}" y="{}" font-size="9" text-anchor="middle">{}</text>"#,
            x(i),
            h - 8.0,
            attr(&p.period)
        );
    }
    o.push_str(r#"</svg><figcaption><span style="color:#2b6cb0">■</span> planned value (cumulative) <span style="color:#c05621">■</span> actual cost (cumulative) <span style="color:#2f855a">●</span> earned value at the status date</figcaption></figure>"#);
}

/// The Markdown of the schedule risk section.
pub(crate) fn risk_markdown(o: &mut String, r: Option<&crate::simulate::Simulation>) {
    let Some(r) = r else { return };
    let d = &r.duration_days;
    o.push_str("## Schedule risk\n\n");
    let _ = writeln!(
        o,
        "{} iterations (seed {}): the planned finish {} against P50 **{}** and P80 **{}**; duration P50 {:.1} and P80 {:.1} working days (mean {:.1}, sd {:.1}); cost P50 {} and P80 {}.\n",
        r.iterations,
        r.seed,
        when(r.planned_finish),
        when(r.finish.p50),
        when(r.finish.p80),
        d.p50,
        d.p80,
        d.mean,
        d.std,
        r.cost.p50,
        r.cost.p80
    );
    for g in &r.goals {
        let _ = writeln!(
            o,
            "- Goal `{}` done by {}: {:.0}% likely",
            g.id,
            g.due,
            g.probability * 100.0
        );
    }
    if !r.tornado.is_empty() {
        let _ = writeln!(
            o,
            "- Drivers of the finish: {}",
            r.tornado
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    o.push('\n');
}

/// The HTML of the schedule risk section.
pub(crate) fn risk_html(o: &mut String, r: Option<&crate::simulate::Simulation>) {
    let Some(r) = r else { return };
    let mut md = String::new();
    risk_markdown(&mut md, Some(r));
    o.push_str(r#"<section id="schedule-risk"><h2>Schedule risk</h2>"#);
    for line in md.lines().skip(2).filter(|l| !l.is_empty()) {
        let _ = write!(
            o,
            "<p>{}</p>",
            attr(line.trim_start_matches("- ")).replace("**", "")
        );
    }
    risk_svg(o, r);
    o.push_str("</section>");
}

/// The duration histogram as inline SVG: one bar per bin, dashed lines at
/// P50 and P80, the axis in working days.
fn risk_svg(o: &mut String, r: &crate::simulate::Simulation) {
    let bins = &r.histogram;
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        return;
    };
    let (w, h, left, top) = (600.0_f64, 160.0_f64, 30.0_f64, 10.0_f64);
    let span = (last.to - first.from).max(1e-9);
    let max = bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let x = |d: f64| left + (d - first.from) / span * w;
    let _ = write!(
        o,
        r#"<svg class="histogram" role="img" aria-label="Distribution of the project duration" width="{}" height="{}" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">"#,
        w + left + 10.0,
        h + top + 30.0,
        w + left + 10.0,
        h + top + 30.0
    );
    for b in bins {
        let bh = h * b.count as f64 / max;
        let _ = write!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#4a7fd4"><title>{:.1}-{:.1} d: {} iterations</title></rect>"##,
            x(b.from),
            top + h - bh,
            (x(b.to) - x(b.from) - 1.0).max(0.5),
            bh,
            b.from,
            b.to,
            b.count
        );
    }
    for (name, v) in [("P50", r.duration_days.p50), ("P80", r.duration_days.p80)] {
        let _ = write!(
            o,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="#d62728" stroke-dasharray="4 3"/><text x="{0:.1}" y="{3:.1}" font-size="11" text-anchor="middle">{4} {5:.1} d</text>"##,
            x(v),
            top,
            top + h,
            top + h + 24.0,
            name,
            v
        );
    }
    let _ = write!(
        o,
        r##"<text x="{:.1}" y="{:.1}" font-size="11">{:.1} d</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{:.1} d</text></svg>"##,
        left,
        top + h + 12.0,
        first.from,
        left + w,
        top + h + 12.0,
        last.to
    );
}
