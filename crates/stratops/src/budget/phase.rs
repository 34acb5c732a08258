//! Time windows, their pieces and exact pro-rata splits.
//!
//! A cost line lives over a window `[a, b)` of minutes since 1970: the
//! task's scheduled start and finish, or its plan's horizon (from 00:00 of
//! the first day to 24:00 of the last). The window is cut into pieces (at
//! month starts for phasing, at rate changes for labour) and each piece is
//! weighed: by the task calendar's working minutes for a scheduled task, by
//! wall-clock minutes (that is, by days) for a horizon.

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::calendar::{from_minutes, to_minutes};
use crate::error::Error;
use crate::schedule::Schedule;
use crate::values::Date;

/// The digits of a pro-rata fraction: each piece gets an exact multiple of
/// 10^-12 of the whole, and the fractions of one split sum to exactly 1.
pub(crate) const FRACTION_DIGITS: u32 = 12;

/// The most months one prorated cost line is phased over (100 years): the
/// monthly table is bounded by the lines times this, never by how far a
/// horizon or a task reaches.
pub const MAX_PHASE_MONTHS: i64 = 1200;

/// Where a line's money is placed in time.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Window {
    /// A scheduled task: weights are working minutes of its calendar.
    Task { dense: u32, a: i64, b: i64 },
    /// A plan horizon: weights are wall-clock minutes, so days.
    Days { a: i64, b: i64 },
}

impl Window {
    /// The window of a horizon, from 00:00 of `start` to 24:00 of `end`.
    pub(crate) fn horizon(start: Date, end: Date) -> Window {
        let a = to_minutes(start.start_of_day());
        let b = to_minutes(end.start_of_day()) + 1440;
        Window::Days { a, b: b.max(a) }
    }
    pub(crate) fn bounds(self) -> (i64, i64) {
        match self {
            Window::Task { a, b, .. } | Window::Days { a, b } => (a, b),
        }
    }
    /// The instant of a `start` accrual.
    pub(crate) fn first(self) -> i64 {
        self.bounds().0
    }
    /// The instant of an `end` accrual: the last minute inside the window.
    pub(crate) fn last(self) -> i64 {
        let (a, b) = self.bounds();
        if b > a {
            b - 1
        } else {
            a
        }
    }

    /// Cuts the window at the instants of `cuts` that fall strictly inside
    /// it, and weighs each piece. Returns `(piece start, weight)` pairs.
    /// When every working weight is zero (a milestone, or a task on
    /// non-working time) the pieces are weighed by wall-clock minutes; when
    /// the window is empty, its one piece gets weight 1.
    pub(crate) fn pieces(
        self,
        cuts: &[i64],
        sched: Option<&Schedule>,
    ) -> Result<Vec<(i64, i64)>, Error> {
        let (a, b) = self.bounds();
        let mut bounds = vec![a];
        bounds.extend(cuts.iter().copied().filter(|&c| c > a && c < b));
        bounds.push(b.max(a));
        let mut out = Vec::with_capacity(bounds.len() - 1);
        for w in bounds.windows(2) {
            let weight = match (self, sched) {
                (Window::Task { dense, .. }, Some(s)) => {
                    s.working_minutes(dense, from_minutes(w[0])?, from_minutes(w[1])?)?
                }
                _ => w[1] - w[0],
            };
            out.push((w[0], weight.max(0)));
        }
        if out.iter().all(|p| p.1 == 0) {
            for (p, w) in out.iter_mut().zip(bounds.windows(2)) {
                p.1 = w[1] - w[0];
            }
        }
        if out.iter().all(|p| p.1 == 0) {
            out.truncate(1);
            if let Some(p) = out.first_mut() {
                p.1 = 1;
            }
        }
        Ok(out)
    }

    /// The starts of the months after the window's first month, up to its
    /// end: the cuts for monthly phasing. A window over more than
    /// [`MAX_PHASE_MONTHS`] months is refused (`horizon_too_long`, naming
    /// cost line `id`) before any month is cut.
    pub(crate) fn month_cuts(self, id: &str) -> Result<Vec<i64>, Error> {
        let (a, b) = self.bounds();
        let (mut y, mut m) = month_of(a)?;
        let (y_end, m_end) = month_of(self.last())?;
        let span =
            (i64::from(y_end) * 12 + i64::from(m_end)) - (i64::from(y) * 12 + i64::from(m)) + 1;
        if span > MAX_PHASE_MONTHS {
            return Err(Error::calc(
                "horizon_too_long",
                Some(id),
                format!(
                    "cost line {id} is prorated over {span} months; a budget phases at most {MAX_PHASE_MONTHS} (100 years) per line"
                ),
            ));
        }
        let mut cuts = Vec::new();
        loop {
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let Some(d) = Date::from_ymd(y, m, 1) else {
                break;
            };
            let t = to_minutes(d.start_of_day());
            if t >= b {
                break;
            }
            cuts.push(t);
        }
        Ok(cuts)
    }
}

/// The (year, month) of an instant.
pub(crate) fn month_of(t: i64) -> Result<(i32, u32), Error> {
    let d = from_minutes(t)?.0.date();
    Ok((d.year(), d.month()))
}

/// `"YYYY-MM"`.
pub(crate) fn month_key(t: i64) -> Result<String, Error> {
    let (y, m) = month_of(t)?;
    Ok(format!("{y:04}-{m:02}"))
}

/// `"YYYY-Qn"` of a `"YYYY-MM"` key.
pub(crate) fn quarter_key(month: &str) -> String {
    let (y, m) = month.split_at(4);
    let m: u32 = m.trim_start_matches('-').parse().unwrap_or(1);
    format!("{y}-Q{}", (m.saturating_sub(1)) / 3 + 1)
}

/// `"YYYY"` of a `"YYYY-MM"` key.
pub(crate) fn year_key(month: &str) -> String {
    month.get(..4).unwrap_or(month).to_string()
}

/// Splits 1 into fractions proportional to `weights`, each an exact
/// multiple of 10^-[`FRACTION_DIGITS`], summing to exactly 1 (largest
/// remainder; ties go to the earlier piece). Weights must be >= 0 with a
/// positive sum.
pub(crate) fn fractions(weights: &[i64]) -> Vec<Decimal> {
    let unit: i128 = 10i128.pow(FRACTION_DIGITS);
    let total: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    if total <= 0 {
        let mut v = vec![Decimal::ZERO; weights.len()];
        if let Some(f) = v.first_mut() {
            *f = Decimal::ONE;
        }
        return v;
    }
    let mut n: Vec<i128> = Vec::with_capacity(weights.len());
    let mut rem: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, &w) in weights.iter().enumerate() {
        let x = i128::from(w.max(0)) * unit;
        n.push(x / total);
        rem.push((x % total, i));
    }
    let left = unit - n.iter().sum::<i128>();
    // Largest remainder first; among equals, the earlier piece.
    rem.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)));
    for &(_, i) in rem.iter().take(usize::try_from(left).unwrap_or(0)) {
        n[i] += 1;
    }
    n.into_iter()
        .map(|k| Decimal::from_i128_with_scale(k, FRACTION_DIGITS).normalize())
        .collect()
}

/// Splits `amount` in proportion to `weights` (>= 0, positive sum). A share
/// whose exact value is a decimal of at most 28 digits is that value; any
/// other share is `amount × fraction` with the fractions of [`fractions`].
/// The last piece with a non-zero weight takes whatever is left, so the
/// shares always sum to `amount` exactly. Multiplying `amount` by 10 keeps
/// every share's kind, so it multiplies every share by 10 exactly.
pub(crate) fn split(amount: Decimal, weights: &[i64]) -> Option<Vec<Decimal>> {
    let fr = fractions(weights);
    let total: i128 = weights.iter().map(|&w| i128::from(w.max(0))).sum();
    let last = fr.iter().rposition(|f| !f.is_zero())?;
    let mut out = Vec::with_capacity(fr.len());
    let mut used = Decimal::ZERO;
    for (i, f) in fr.iter().enumerate() {
        if i == last {
            out.push(amount.checked_sub(used)?);
        } else {
            let s = match exact_share(amount, weights[i].max(0), total) {
                Some(s) => s,
                None => amount.checked_mul(*f)?,
            };
            used = used.checked_add(s)?;
            out.push(s);
        }
    }
    Some(out)
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `amount × w / total` when that is a terminating decimal held exactly.
/// With `amount = m × 10^-s`, the share terminates exactly when the
/// denominator of `m·w / total` in lowest terms has no prime factor but 2
/// and 5.
fn exact_share(amount: Decimal, w: i64, total: i128) -> Option<Decimal> {
    if total <= 0 {
        return None;
    }
    let m = amount.mantissa().rem_euclid(total);
    let g = gcd((m * (i128::from(w) % total)) % total, total);
    let mut d = total / g.max(1);
    for p in [2, 5] {
        while d % p == 0 {
            d /= p;
        }
    }
    if d != 1 {
        return None;
    }
    let num = amount.checked_mul(Decimal::from(w))?;
    let den = Decimal::from_i128_with_scale(total, 0);
    let q = num.checked_div(den)?;
    (q.checked_mul(den)? == num).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn fractions_sum_to_one() {
        // 23:20:1 -> 23e12/44 = 522727272727.27.., 20e12/44 = 454545454545.45..,
        // 1e12/44 = 22727272727.27..; floors sum to 999999999999, and the one
        // unit left goes to the largest remainder (.45, the second piece).
        let f = fractions(&[23, 20, 1]);
        assert_eq!(
            f,
            vec![
                d("0.522727272727"),
                d("0.454545454546"),
                d("0.022727272727")
            ]
        );
        assert_eq!(f.iter().sum::<Decimal>(), Decimal::ONE);
        // equal thirds: the one unit left goes to the first piece (tie).
        let f = fractions(&[1, 1, 1]);
        assert_eq!(f[0], d("0.333333333334"));
        assert_eq!(f[1], d("0.333333333333"));
        assert_eq!(fractions(&[0, 5]), vec![Decimal::ZERO, Decimal::ONE]);
    }

    #[test]
    fn split_is_exact_and_homogeneous() {
        let s = split(d("3000.00"), &[23, 20, 1]).unwrap();
        assert_eq!(s.iter().sum::<Decimal>(), d("3000"));
        assert_eq!(s[0], d("1568.181818181"));
        let s10 = split(d("30000.00"), &[23, 20, 1]).unwrap();
        for (a, b) in s.iter().zip(&s10) {
            assert_eq!(*a * Decimal::TEN, *b);
        }
        // the shares follow the fractions even when one is zero at the end
        let s = split(d("10"), &[3, 0]).unwrap();
        assert_eq!(s, vec![d("10"), Decimal::ZERO]);
        // 6100 × 31/61 = 3100 exactly: an exact share is used as is.
        let s = split(d("6100"), &[31, 30]).unwrap();
        assert_eq!(s, vec![d("3100"), d("3000")]);
        // 40 h over 2:3 working days: 16 h and 24 h.
        assert_eq!(
            split(d("40"), &[960, 1440]).unwrap(),
            vec![d("16"), d("24")]
        );
    }

    #[test]
    fn keys() {
        assert_eq!(quarter_key("2025-10"), "2025-Q4");
        assert_eq!(quarter_key("2025-03"), "2025-Q1");
        assert_eq!(year_key("2025-03"), "2025");
        let t = to_minutes("2025-10-31T23:59".parse().unwrap());
        assert_eq!(month_key(t).unwrap(), "2025-10");
    }

    #[test]
    fn horizon_months() {
        let w = Window::horizon("2025-10-01".parse().unwrap(), "2025-12-31".parse().unwrap());
        let cuts = w.month_cuts("c").unwrap();
        assert_eq!(cuts.len(), 2);
        let p = w.pieces(&cuts, None).unwrap();
        // 31, 30 and 31 days
        let days: Vec<i64> = p.iter().map(|x| x.1 / 1440).collect();
        assert_eq!(days, vec![31, 30, 31]);
    }
}
