//! The inline SVG Gantt chart of the HTML report.
//!
//! One row per task in outline order, at most [`MAX_ROWS`] rows. Critical
//! bars carry the class `critical`, summaries `summary`, milestones are
//! diamonds; a dashed line marks the as-of date.

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};

use super::html::esc;
use super::ScheduleSection;
use crate::calendar::to_minutes;
use crate::model::TaskKind;
use crate::values::Date;

/// The most rows drawn; a note says how many were left out.
pub(crate) const MAX_ROWS: usize = 300;

const LABEL_W: f64 = 300.0;
const CHART_W: f64 = 660.0;
const ROW_H: f64 = 24.0;
const HEAD_H: f64 = 40.0;

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Renders the chart, or `None` when there is no bar.
pub(crate) fn svg(s: &ScheduleSection, as_of: Date) -> Option<String> {
    if s.bars.is_empty() {
        return None;
    }
    let rows = &s.bars[..s.bars.len().min(MAX_ROWS)];
    let first = rows.iter().map(|b| b.start).min()?;
    let last = rows.iter().map(|b| b.finish).max()?;
    // whole days, with a day of margin on each side
    let d0 = first.date().0.pred_opt().unwrap_or(first.date().0);
    let d1 = last.date().0.succ_opt().unwrap_or(last.date().0);
    let d1 = d1.succ_opt().unwrap_or(d1);
    let t0 = to_minutes(Date(d0).start_of_day());
    let t1 = to_minutes(Date(d1).start_of_day());
    let span = (t1 - t0).max(1) as f64;
    let x = |m: i64| LABEL_W + (m - t0) as f64 / span * CHART_W;
    let height = HEAD_H + ROW_H * rows.len() as f64 + 6.0;
    let width = LABEL_W + CHART_W + 10.0;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg class="gantt" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Gantt chart">"#
    );
    // row stripes
    for (i, _) in rows.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(
                o,
                r#"<rect class="stripe" x="0" y="{}" width="{width}" height="{ROW_H}"/>"#,
                HEAD_H + ROW_H * i as f64
            );
        }
    }
    // ticks
    let days = (d1 - d0).num_days();
    let mut day = d0;
    let mut guard = 0;
    if days > 800 {
        // Years: at most about 40 labels however long the span, found
        // without walking the days (a horizon of years 1-9999 is 3.6
        // million days).
        let (y0, y1) = (d0.year(), d1.year());
        // A round step: 1, 2, 5, 10, 20, 50, ... years.
        let want = ((y1 - y0) / 40).max(1);
        let mut step = 1;
        for m in [1, 2, 5].iter().cycle() {
            if step * m >= want || step > 1_000_000 {
                step *= m;
                break;
            }
            if *m == 5 {
                step *= 10;
            }
        }
        let mut y = y0 + (step - y0.rem_euclid(step)) % step;
        while y <= y1 {
            if let Some(jan1) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= d0) {
                let tx = x(to_minutes(Date(jan1).start_of_day()));
                if tx + 36.0 <= width {
                    let _ = write!(
                        o,
                        r#"<line class="tick" x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{height}"/><text class="tick-label" x="{:.1}" y="14">{y}</text>"#,
                        HEAD_H - 20.0,
                        tx + 3.0,
                    );
                }
            }
            y += step;
        }
    }
    while days <= 800 && day <= d1 && guard <= days + 1 {
        guard += 1;
        let (tick, label, next) = tick(day, days);
        let tx = x(to_minutes(Date(day).start_of_day()));
        // no label that would run off the right edge
        if tick && tx + 36.0 <= width {
            let _ = write!(
                o,
                r#"<line class="tick" x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{height}"/><text class="tick-label" x="{:.1}" y="14">{}</text>"#,
                HEAD_H - 20.0,
                tx + 3.0,
                esc(&label)
            );
        }
        day = next;
    }
    // as-of line
    let asof_m = to_minutes(as_of.start_of_day()) + 24 * 60;
    if asof_m >= t0 && asof_m <= t1 {
        let ax = x(asof_m);
        let _ = write!(
            o,
            r#"<line class="asof" x1="{ax:.1}" y1="{}" x2="{ax:.1}" y2="{height}"/><text class="asof-label" x="{:.1}" y="{}">as of {as_of}</text>"#,
            HEAD_H - 14.0,
            ax - 4.0,
            HEAD_H - 6.0
        );
    }
    for (i, b) in rows.iter().enumerate() {
        let y = HEAD_H + ROW_H * i as f64;
        let mid = y + ROW_H / 2.0;
        let indent = 8.0 + 14.0 * f64::from(b.depth.min(8));
        // about 7 px a character at 12 px (8 px in bold), 12 px of gap
        let summary = b.kind == TaskKind::Summary;
        let per_char = if summary { 8.0 } else { 7.0 };
        let max_chars = ((LABEL_W - indent - 12.0) / per_char).max(6.0) as usize;
        let cls = if summary { "label summary" } else { "label" };
        let _ = write!(
            o,
            r#"<text class="{cls}" x="{indent:.0}" y="{:.1}">{}</text>"#,
            mid + 4.0,
            esc(&truncate(&b.name, max_chars))
        );
        // At a scale of weeks or more a bar spans whole days, as in any
        // Gantt chart; over three weeks or less it shows the exact times.
        let (xs, xf) = if days > 21 {
            let fd = super::owners::finish_day(b.finish);
            let end = fd.0.succ_opt().map(Date).unwrap_or(fd);
            let s = if b.kind == TaskKind::Milestone {
                end.start_of_day()
            } else {
                b.start.date().start_of_day()
            };
            (x(to_minutes(s)), x(to_minutes(end.start_of_day())))
        } else {
            (x(to_minutes(b.start)), x(to_minutes(b.finish)))
        };
        let crit = if b.critical { " critical" } else { "" };
        let done = if b.done { " done" } else { "" };
        let tip = format!(
            "{} ({}): {} → {}{}{}",
            b.name,
            b.id,
            super::fmt::when(b.start),
            super::fmt::when(b.finish),
            if b.critical { ", critical" } else { "" },
            if b.percent_complete > 0.0 {
                format!(", {}% complete", super::fmt::num(b.percent_complete))
            } else {
                String::new()
            }
        );
        let _ = write!(
            o,
            r#"<g class="row" data-id="{}"><title>{}</title>"#,
            esc(&b.id),
            esc(&tip)
        );
        match b.kind {
            TaskKind::Milestone => {
                let r = 7.0;
                let _ = write!(
                    o,
                    r#"<path class="milestone{crit}{done}" d="M{xs:.1} {:.1} L{:.1} {mid:.1} L{xs:.1} {:.1} L{:.1} {mid:.1} Z"/>"#,
                    mid - r,
                    xs + r,
                    mid + r,
                    xs - r
                );
            }
            TaskKind::Summary => {
                let w = (xf - xs).max(4.0);
                let _ = write!(
                    o,
                    r#"<rect class="bar summary" x="{xs:.1}" y="{:.1}" width="{w:.1}" height="6" rx="1"/>"#,
                    mid - 5.0
                );
            }
            TaskKind::Task => {
                let w = (xf - xs).max(4.0);
                let _ = write!(
                    o,
                    r#"<rect class="bar task{crit}{done}" x="{xs:.1}" y="{:.1}" width="{w:.1}" height="14" rx="3"/>"#,
                    mid - 7.0
                );
                let p = (b.percent_complete / 100.0).clamp(0.0, 1.0);
                if p > 0.0 {
                    let _ = write!(
                        o,
                        r#"<rect class="progress" x="{xs:.1}" y="{:.1}" width="{:.1}" height="4" rx="1"/>"#,
                        mid + 3.0,
                        w * p
                    );
                }
            }
        }
        o.push_str("</g>");
    }
    o.push_str("</svg>");
    Some(o)
}

/// Whether `day` gets a tick, its label, and the next day to look at.
fn tick(day: NaiveDate, span_days: i64) -> (bool, String, NaiveDate) {
    let next = |d: NaiveDate, n: i64| {
        d.checked_add_signed(Duration::days(n))
            .unwrap_or(NaiveDate::MAX)
    };
    if span_days <= 21 {
        (true, day.format("%b %-d").to_string(), next(day, 1))
    } else if span_days <= 130 {
        let is_monday = day.weekday() == chrono::Weekday::Mon;
        (is_monday, day.format("%b %-d").to_string(), next(day, 1))
    } else {
        // Up to 800 days; longer spans are ticked by years (see `gantt`).
        (
            day.day() == 1,
            day.format("%b %Y").to_string(),
            next(day, 1),
        )
    }
}
