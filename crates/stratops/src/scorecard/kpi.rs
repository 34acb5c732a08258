//! One KPI: its current value, progress, expected progress, status and
//! forecast. Pure functions of the KPI, the "as of" date and the options;
//! the decisions are written down in the parent module's docs.

use crate::explain::{Explanation, Input};
use crate::model::{Aggregation, Kpi, Polarity};
use crate::values::Date;
use crate::Error;

use super::{num, Forecast, ForecastOutcome, KpiScore, Num, ScorecardOptions, Status};

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days(a: Date, b: Date) -> f64 {
    (b.0 - a.0).num_days() as f64
}

/// `a + n` days, or `None` outside the calendar's range.
fn add_days(a: Date, n: i64) -> Option<Date> {
    use chrono::Datelike;
    let d = chrono::TimeDelta::try_days(n)?;
    a.0.checked_add_signed(d)
        .filter(|d| (1..=9999).contains(&d.year()))
        .map(Date)
}

/// The measurements used for `as_of`: dated from the baseline date to
/// `as_of`, both included, sorted by date (then by value, so that the order
/// of the input never matters).
fn window(k: &Kpi, as_of: Date) -> Vec<&crate::model::Measurement> {
    let mut pts: Vec<_> = k
        .measurements
        .iter()
        .filter(|m| m.date >= k.baseline.date && m.date <= as_of)
        .collect();
    crate::sort::by(&mut pts, |a, b| {
        a.date.cmp(&b.date).then(a.value.total_cmp(&b.value))
    });
    pts
}

/// The running aggregate: the KPI's value as of each measurement date in the
/// window. The last entry is the current value. A ratio whose denominators
/// sum to 0 has no value at that date, so the point is left out.
fn series(k: &Kpi, as_of: Date) -> Result<(Vec<(Date, f64)>, usize), Error> {
    let pts = window(k, as_of);
    let mut out = Vec::with_capacity(pts.len());
    let (mut sum, mut den) = (0.0f64, 0.0f64);
    for (i, m) in pts.iter().enumerate() {
        sum += m.value;
        den += m.denominator.unwrap_or(0.0);
        let v = match k.aggregation {
            Aggregation::Last => Some(m.value),
            Aggregation::Sum => Some(sum),
            Aggregation::Average => Some(sum / (i + 1) as f64),
            Aggregation::Ratio => (den != 0.0).then(|| sum / den),
        };
        if let Some(v) = v {
            if !v.is_finite() {
                return Err(Error::calc(
                    "non_finite_result",
                    Some(&k.id),
                    format!("the {:?} of the measurements overflows", k.aggregation).to_lowercase(),
                ));
            }
            out.push((m.date, v));
        }
    }
    Ok((out, pts.len()))
}

/// Progress for value `v`, clamped to `[0, cap]`.
pub(crate) fn progress(k: &Kpi, v: f64, cap: f64) -> f64 {
    let (b, g) = (k.baseline.value, k.target.value);
    let linear = |v: f64| {
        let d = g - b;
        if d == 0.0 {
            0.0
        } else {
            (v - b) / d
        }
    };
    let p = match k.polarity {
        Polarity::Increase | Polarity::Decrease => linear(v),
        Polarity::AtLeast | Polarity::AtMost => {
            let up = k.polarity == Polarity::AtLeast;
            let holds = if up { v >= g } else { v <= g };
            // The linear formula only means something when the target lies
            // in the good direction from the baseline.
            let good_side = if up { g > b } else { g < b };
            match (holds, good_side) {
                (true, true) => linear(v).max(1.0),
                (true, false) => 1.0,
                (false, true) => linear(v),
                (false, false) => 0.0,
            }
        }
        Polarity::Range => match &k.range {
            Some(r) => {
                let d = if v < r.lo {
                    r.lo - v
                } else if v > r.hi {
                    v - r.hi
                } else {
                    0.0
                };
                if d == 0.0 {
                    1.0
                } else if r.tolerance > 0.0 {
                    1.0 - d / r.tolerance
                } else {
                    0.0
                }
            }
            None => 0.0,
        },
    };
    if p.is_finite() {
        // `+ 0.0` turns a -0.0 (no move on a decreasing KPI) into 0.
        p.clamp(0.0, cap) + 0.0
    } else {
        0.0
    }
}

/// Whether value `v` meets the target.
pub(crate) fn meets(k: &Kpi, v: f64) -> bool {
    let (b, g) = (k.baseline.value, k.target.value);
    match k.polarity {
        Polarity::Increase | Polarity::Decrease => {
            if g >= b {
                v >= g
            } else {
                v <= g
            }
        }
        Polarity::AtLeast => v >= g,
        Polarity::AtMost => v <= g,
        Polarity::Range => k.range.as_ref().is_some_and(|r| v >= r.lo && v <= r.hi),
    }
}

/// The expected value at `t`: piecewise linear from the baseline through the
/// milestones (those strictly between baseline and target dates) to the
/// target.
fn expected_value(k: &Kpi, t: Date) -> f64 {
    let mut path: Vec<(Date, f64)> = vec![(k.baseline.date, k.baseline.value)];
    let mut ms: Vec<(Date, f64)> = k
        .milestones
        .iter()
        .filter(|m| m.date > k.baseline.date && m.date < k.target.date)
        .map(|m| (m.date, m.value))
        .collect();
    crate::sort::by(&mut ms, |a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    ms.dedup_by_key(|m| m.0);
    path.extend(ms);
    path.push((k.target.date, k.target.value));
    if t <= k.baseline.date {
        return k.baseline.value;
    }
    for w in path.windows(2) {
        let ((d0, v0), (d1, v1)) = (w[0], w[1]);
        if t <= d1 {
            let span = days(d0, d1);
            if span <= 0.0 {
                return v1;
            }
            return v0 + (v1 - v0) * days(d0, t) / span;
        }
    }
    k.target.value
}

/// Expected progress at `t`, within [0, 1].
pub(crate) fn expected(k: &Kpi, t: Date) -> (f64, String) {
    let (b, g) = (k.baseline.value, k.target.value);
    let linear = matches!(
        k.polarity,
        Polarity::Increase | Polarity::Decrease | Polarity::AtLeast | Polarity::AtMost
    ) && g != b;
    if linear {
        let ev = expected_value(k, t);
        let e = ((ev - b) / (g - b)).clamp(0.0, 1.0) + 0.0;
        let how = if k.milestones.is_empty() {
            "linear from baseline to target"
        } else {
            "piecewise linear through the milestones"
        };
        (
            if e.is_finite() { e } else { 0.0 },
            format!(
                "(expected value {} - {}) / ({} - {}), {how}",
                Num(ev),
                Num(b),
                Num(g),
                Num(b)
            ),
        )
    } else {
        let span = days(k.baseline.date, k.target.date);
        let e = if span <= 0.0 {
            1.0
        } else {
            (days(k.baseline.date, t) / span).clamp(0.0, 1.0)
        };
        (
            e,
            format!(
                "elapsed share of {} -> {} (no value path)",
                k.baseline.date, k.target.date
            ),
        )
    }
}

/// The least-squares line through the series, and what it says about the
/// target.
fn forecast(k: &Kpi, s: &[(Date, f64)]) -> Forecast {
    let target_date = k.target.date;
    let mut f = Forecast {
        outcome: ForecastOutcome::InsufficientData,
        points: s.len(),
        slope_per_day: None,
        projected_at_target: None,
        reaches_target_on: None,
        target_date,
    };
    if s.len() < 2 {
        return f;
    }
    let n = s.len() as f64;
    let x0 = k.baseline.date;
    let mx = s.iter().map(|p| days(x0, p.0)).sum::<f64>() / n;
    let my = s.iter().map(|p| p.1).sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for p in s {
        let dx = days(x0, p.0) - mx;
        sxx += dx * dx;
        sxy += dx * (p.1 - my);
    }
    if sxx <= 0.0 || !sxy.is_finite() || !sxx.is_finite() {
        return f;
    }
    let slope = sxy / sxx;
    let tx = days(x0, target_date);
    let at_target = my + slope * (tx - mx);
    if !slope.is_finite() || !at_target.is_finite() {
        return f;
    }
    f.slope_per_day = Some(slope);
    f.projected_at_target = Some(at_target);
    // The day the line crosses `level`, rounded up to a whole day; `None`
    // when flat or beyond the calendar.
    let cross = |level: f64| -> Option<Date> {
        if slope == 0.0 {
            return None;
        }
        let x = mx + (level - my) / slope;
        if !x.is_finite() || x.abs() > 4.0e6 {
            return None;
        }
        add_days(x0, x.ceil() as i64)
    };
    let (meets_at_target, toward): (bool, Option<f64>) = match k.polarity {
        Polarity::Range => match &k.range {
            Some(r) => {
                let inside = at_target >= r.lo && at_target <= r.hi;
                // the bound the line approaches, if it approaches one
                let last = s[s.len() - 1].1;
                let level = if last < r.lo && slope > 0.0 {
                    Some(r.lo)
                } else if last > r.hi && slope < 0.0 {
                    Some(r.hi)
                } else if at_target < r.lo && slope > 0.0 {
                    Some(r.lo)
                } else if at_target > r.hi && slope < 0.0 {
                    Some(r.hi)
                } else {
                    None
                };
                (inside, level)
            }
            None => (false, None),
        },
        _ => {
            let g = k.target.value;
            let up = match k.polarity {
                Polarity::AtLeast => true,
                Polarity::AtMost => false,
                _ => g >= k.baseline.value,
            };
            let dir = if up { 1.0 } else { -1.0 };
            (meets(k, at_target), (dir * slope > 0.0).then_some(g))
        }
    };
    f.reaches_target_on = toward.and_then(cross);
    f.outcome = if meets_at_target {
        ForecastOutcome::OnTime
    } else if f.reaches_target_on.is_some() {
        ForecastOutcome::Late
    } else {
        ForecastOutcome::NotReachable
    };
    f
}

/// Scores one KPI, onto the end of `out` (built in place: a `KpiScore`
/// returned through a `Result` was copied several times).
pub(crate) fn score(
    k: &Kpi,
    plan: &str,
    as_of: Date,
    opts: &ScorecardOptions,
    out: &mut Vec<KpiScore>,
) -> Result<(), Error> {
    let cx = Ctx { k, as_of, opts };
    let (f, e_formula) = cx.figures()?;
    let fc = forecast(k, &f.series);
    let explanation = cx.explanation(&f, e_formula, &fc);
    out.push(KpiScore {
        id: k.id.clone(),
        name: k.name.clone(),
        plan: plan.to_string(),
        unit: k.unit.clone(),
        goals: k.goals.iter().map(|l| l.goal.clone()).collect(),
        leading: k.leading,
        polarity: k.polarity,
        aggregation: k.aggregation,
        value: f.value,
        progress: f.progress,
        expected: f.expected,
        pace: f.pace,
        status: f.status,
        target_met: f.met,
        last_measured: f.last_measured,
        forecast: fc,
        explanation,
    });
    Ok(())
}

/// What scoring one KPI reads: the KPI, the as-of date and the options.
struct Ctx<'a> {
    k: &'a Kpi,
    as_of: Date,
    opts: &'a ScorecardOptions,
}

/// A KPI's figures as of the date, before its forecast and explanation.
struct Figures {
    /// The progress cap.
    cap: f64,
    /// The value as of each measurement date.
    series: Vec<(Date, f64)>,
    /// How many measurements the window holds.
    window_len: usize,
    value: Option<f64>,
    last_measured: Option<Date>,
    expected: f64,
    progress: Option<f64>,
    met: bool,
    /// Progress over expected progress.
    pace: Option<f64>,
    status: Status,
}

impl Ctx<'_> {
    /// The value series and the figures that follow from it, with the
    /// formula of the expected progress.
    fn figures(&self) -> Result<(Figures, String), Error> {
        let k = self.k;
        let cap = k.cap.unwrap_or(self.opts.default_cap);
        let (s, window_len) = series(k, self.as_of)?;
        let value = s.last().map(|p| p.1);
        let last_measured = s.last().map(|p| p.0);
        let (e, e_formula) = expected(k, self.as_of);
        let progress_v = value.map(|v| progress(k, v, cap));
        let met = value.is_some_and(|v| meets(k, v));
        let pace = match progress_v {
            Some(p) if e > 0.0 => Some(p / e),
            _ => None,
        };
        let status = self.status(value, met, pace);
        let f = Figures {
            cap,
            series: s,
            window_len,
            value,
            last_measured,
            expected: e,
            progress: progress_v,
            met,
            pace,
            status,
        };
        Ok((f, e_formula))
    }

    /// Not started before the baseline date, no data, met or missed once
    /// the target date has come, else by pace.
    fn status(&self, value: Option<f64>, met: bool, pace: Option<f64>) -> Status {
        let (k, opts) = (self.k, self.opts);
        if self.as_of < k.baseline.date {
            Status::NotStarted
        } else if value.is_none() {
            Status::NoData
        } else if self.as_of >= k.target.date {
            if met {
                Status::Met
            } else {
                Status::Missed
            }
        } else {
            match pace {
                // Nothing was expected yet: any data is on track.
                None => Status::OnTrack,
                Some(r) if r >= opts.on_track => Status::OnTrack,
                Some(r) if r >= opts.at_risk => Status::AtRisk,
                Some(_) => Status::OffTrack,
            }
        }
    }

    /// The progress explanation, with the value, expected progress, status
    /// and forecast as parts.
    fn explanation(&self, f: &Figures, e_formula: String, fc: &Forecast) -> Explanation {
        let k = self.k;
        let (b, g) = (k.baseline.value, k.target.value);
        // Built as one literal: the builder's by-value chain moved the
        // explanation once per call, a quarter of the scorecard's time.
        Explanation {
            id: k.id.clone(),
            quantity: "progress".into(),
            formula: self.progress_formula(f.value, f.cap),
            result: f.progress.map_or("no data".into(), num),
            inputs: vec![
                Input::new("value", f.value.map_or("none".into(), num), Some(&k.id)),
                Input::new(
                    "baseline",
                    format!("{} on {}", Num(b), k.baseline.date),
                    None,
                ),
                Input::new("target", format!("{} on {}", Num(g), k.target.date), None),
                Input::new("polarity", polarity_name(k.polarity).to_string(), None),
                Input::new("cap", num(f.cap), None),
            ],
            parts: vec![
                self.value_explanation(f.value, f.window_len),
                Explanation::new(&k.id, "expected", e_formula, num(f.expected)),
                Explanation::new(
                    &k.id,
                    "status",
                    self.status_formula(f.status, f.pace, f.met),
                    f.status.as_str(),
                ),
                Explanation::new(
                    &k.id,
                    "forecast",
                    format!(
                        "least-squares line through {} point(s) of the value series",
                        fc.points
                    ),
                    fc.outcome.as_str(),
                ),
            ],
        }
    }

    /// How the current value was aggregated from the window's measurements.
    fn value_explanation(&self, value: Option<f64>, window_len: usize) -> Explanation {
        let k = self.k;
        let agg = match k.aggregation {
            Aggregation::Last => "last measurement".to_string(),
            Aggregation::Sum => "sum of measurements".to_string(),
            Aggregation::Average => "mean of measurements".to_string(),
            Aggregation::Ratio => "sum of numerators / sum of denominators".to_string(),
        };
        Explanation::new(
            &k.id,
            "value",
            format!(
                "{agg} dated {} .. {} ({window_len} measurement(s))",
                k.baseline.date, self.as_of,
            ),
            value.map_or("no data".into(), num),
        )
    }

    /// The progress formula for the polarity, with the numbers filled in.
    fn progress_formula(&self, value: Option<f64>, cap: f64) -> String {
        let k = self.k;
        let (b, g) = (k.baseline.value, k.target.value);
        match (value, k.polarity) {
            (None, _) => "no measurement up to the as-of date".to_string(),
            (Some(v), Polarity::Range) => match &k.range {
                Some(r) => format!(
                    "1 inside [{}, {}], else 1 - distance / tolerance {}; v = {}",
                    Num(r.lo),
                    Num(r.hi),
                    Num(r.tolerance),
                    Num(v)
                ),
                None => "no range".into(),
            },
            (Some(v), Polarity::AtLeast | Polarity::AtMost) => format!(
                "1 if the bound {} {} holds, else (v - b)/(g - b) = ({} - {})/({} - {}); clamped to [0, {}]",
                if k.polarity == Polarity::AtLeast { ">=" } else { "<=" },
                Num(g),
                Num(v),
                Num(b),
                Num(g),
                Num(b),
                Num(cap)
            ),
            (Some(v), _) => format!(
                "(v - b)/(g - b) = ({} - {})/({} - {}), clamped to [0, {}]",
                Num(v),
                Num(b),
                Num(g),
                Num(b),
                Num(cap)
            ),
        }
    }

    /// Why the status is what it is.
    fn status_formula(&self, status: Status, pace: Option<f64>, met: bool) -> String {
        let opts = self.opts;
        match (status, pace) {
            (Status::NotStarted, _) => format!("as of {} is before the baseline date", self.as_of),
            (Status::NoData, _) => "no measurement".into(),
            (Status::Met | Status::Missed, _) => {
                format!(
                    "target date {} has come: target met = {met}",
                    self.k.target.date
                )
            }
            (_, Some(r)) => format!(
                "pace p/e = {} (on_track >= {}, at_risk >= {})",
                Num(r),
                Num(opts.on_track),
                Num(opts.at_risk)
            ),
            (_, None) => "nothing expected yet (e = 0)".into(),
        }
    }
}

/// The polarity's name as the explanation writes it.
fn polarity_name(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "increase",
        Polarity::Decrease => "decrease",
        Polarity::AtLeast => "atleast",
        Polarity::AtMost => "atmost",
        Polarity::Range => "range",
    }
}
