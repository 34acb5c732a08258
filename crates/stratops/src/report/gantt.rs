//! The inline SVG Gantt chart of the HTML report.
//!
//! One row per task in outline order, at most [`MAX_ROWS`] rows. Critical
//! bars carry the class `critical`, summaries `summary`, milestones are
//! diamonds; a dashed line marks the as-of date.

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};

use super::html::esc;
use super::{Bar, ScheduleSection};
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
    let f = Frame::new(rows)?;
    let mut o = String::new();
    let (width, height) = (f.width, f.height);
    let _ = write!(
        o,
        r#"<svg class="gantt" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="Gantt chart">"#
    );
    f.stripes(&mut o, rows.len());
    if f.days > 800 {
        f.year_ticks(&mut o);
    } else {
        f.day_ticks(&mut o);
    }
    f.as_of_line(&mut o, as_of);
    for (i, b) in rows.iter().enumerate() {
        f.row(&mut o, i, b);
    }
    o.push_str("</svg>");
    Some(o)
}

/// The chart's frame: the days drawn, its size, and where a minute falls.
struct Frame {
    /// The first day drawn (a day of margin before the first start).
    d0: NaiveDate,
    /// The day after the last day drawn.
    d1: NaiveDate,
    /// The minute of `d0`'s start.
    t0: i64,
    /// The minute of `d1`'s start.
    t1: i64,
    /// The minutes drawn, at least 1.
    span: f64,
    /// Calendar days from `d0` to `d1`.
    days: i64,
    /// The chart's width in px.
    width: f64,
    /// The chart's height in px.
    height: f64,
}

impl Frame {
    /// The frame of the rows: whole days, with a day of margin on each side.
    fn new(rows: &[Bar]) -> Option<Frame> {
        let first = rows.iter().map(|b| b.start).min()?;
        let last = rows.iter().map(|b| b.finish).max()?;
        let d0 = first.date().0.pred_opt().unwrap_or(first.date().0);
        let d1 = last.date().0.succ_opt().unwrap_or(last.date().0);
        let d1 = d1.succ_opt().unwrap_or(d1);
        let t0 = to_minutes(Date(d0).start_of_day());
        let t1 = to_minutes(Date(d1).start_of_day());
        Some(Frame {
            d0,
            d1,
            t0,
            t1,
            span: (t1 - t0).max(1) as f64,
            days: (d1 - d0).num_days(),
            width: LABEL_W + CHART_W + 10.0,
            height: HEAD_H + ROW_H * rows.len() as f64 + 6.0,
        })
    }

    /// The x coordinate of a minute.
    fn x(&self, m: i64) -> f64 {
        LABEL_W + (m - self.t0) as f64 / self.span * CHART_W
    }

    /// A stripe behind every other row.
    fn stripes(&self, o: &mut String, rows: usize) {
        let width = self.width;
        for i in 0..rows {
            if i % 2 == 1 {
                let _ = write!(
                    o,
                    r#"<rect class="stripe" x="0" y="{}" width="{width}" height="{ROW_H}"/>"#,
                    HEAD_H + ROW_H * i as f64
                );
            }
        }
    }

    /// Ticks on the 1 January of round years: at most about 40 labels
    /// however long the span, found without walking the days (a horizon of
    /// years 1-9999 is 3.6 million days).
    fn year_ticks(&self, o: &mut String) {
        let (y0, y1) = (self.d0.year(), self.d1.year());
        let step = year_step(y0, y1);
        let height = self.height;
        let mut y = y0 + (step - y0.rem_euclid(step)) % step;
        while y <= y1 {
            if let Some(jan1) = NaiveDate::from_ymd_opt(y, 1, 1).filter(|d| *d >= self.d0) {
                let tx = self.x(to_minutes(Date(jan1).start_of_day()));
                if tx + 36.0 <= self.width {
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

    /// Ticks on days, Mondays or the first of months (spans up to 800 days).
    fn day_ticks(&self, o: &mut String) {
        let (days, height) = (self.days, self.height);
        let mut day = self.d0;
        let mut guard = 0;
        while day <= self.d1 && guard <= days + 1 {
            guard += 1;
            let (tick, label, next) = tick(day, days);
            let tx = self.x(to_minutes(Date(day).start_of_day()));
            // no label that would run off the right edge
            if tick && tx + 36.0 <= self.width {
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
    }

    /// The dashed line at the end of the as-of day, when it is drawn.
    fn as_of_line(&self, o: &mut String, as_of: Date) {
        let asof_m = to_minutes(as_of.start_of_day()) + 24 * 60;
        if asof_m >= self.t0 && asof_m <= self.t1 {
            let ax = self.x(asof_m);
            let height = self.height;
            let _ = write!(
                o,
                r#"<line class="asof" x1="{ax:.1}" y1="{}" x2="{ax:.1}" y2="{height}"/><text class="asof-label" x="{:.1}" y="{}">as of {as_of}</text>"#,
                HEAD_H - 14.0,
                ax - 4.0,
                HEAD_H - 6.0
            );
        }
    }

    /// Row `i`: the task's label, then its bar in a group with a tooltip.
    fn row(&self, o: &mut String, i: usize, b: &Bar) {
        let y = HEAD_H + ROW_H * i as f64;
        let mid = y + ROW_H / 2.0;
        label(o, b, mid);
        let (xs, xf) = self.extent(b);
        let _ = write!(
            o,
            r#"<g class="row" data-id="{}"><title>{}</title>"#,
            esc(&b.id),
            esc(&tip(b))
        );
        shape(o, b, xs, xf, mid);
        o.push_str("</g>");
    }

    /// Where a bar starts and ends. At a scale of weeks or more a bar spans
    /// whole days, as in any Gantt chart; over three weeks or less it shows
    /// the exact times.
    fn extent(&self, b: &Bar) -> (f64, f64) {
        if self.days > 21 {
            let fd = super::owners::finish_day(b.finish);
            let end = fd.0.succ_opt().map(Date).unwrap_or(fd);
            let s = if b.kind == TaskKind::Milestone {
                end.start_of_day()
            } else {
                b.start.date().start_of_day()
            };
            (
                self.x(to_minutes(s)),
                self.x(to_minutes(end.start_of_day())),
            )
        } else {
            (self.x(to_minutes(b.start)), self.x(to_minutes(b.finish)))
        }
    }
}

/// A round step between year ticks for about 40 labels: 1, 2, 5, 10, 20,
/// 50, ... years.
fn year_step(y0: i32, y1: i32) -> i32 {
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
    step
}

/// The task's name in the label column, indented by depth and truncated.
fn label(o: &mut String, b: &Bar, mid: f64) {
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
}

/// The tooltip: name, id, dates, and whether critical or started.
fn tip(b: &Bar) -> String {
    format!(
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
    )
}

/// The bar itself: a diamond, a thin summary bar, or a task bar with its
/// progress.
fn shape(o: &mut String, b: &Bar, xs: f64, xf: f64, mid: f64) {
    let crit = if b.critical { " critical" } else { "" };
    let done = if b.done { " done" } else { "" };
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
        // Up to 800 days; longer spans are ticked by years (see year_ticks).
        (
            day.day() == 1,
            day.format("%b %Y").to_string(),
            next(day, 1),
        )
    }
}
