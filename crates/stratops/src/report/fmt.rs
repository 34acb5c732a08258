//! Presentation of numbers, money and statuses, shared by the renderers.
//!
//! Money is rounded to the currency's minor unit only here, for display,
//! with banker's rounding (the report's JSON keeps exact amounts).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::scorecard::Status;
use crate::values::Money;

/// `12,800.00 USD`.
pub(crate) fn money(m: Money, currency: &str) -> String {
    let dp = crate::currency::minor_units(currency).unwrap_or(2);
    let r =
        m.0.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven);
    format!("{} {currency}", group(r, dp))
}

/// The amount with thousands separators and exactly `dp` decimals.
fn group(d: Decimal, dp: u32) -> String {
    let mut d = d;
    d.rescale(dp);
    let s = d.to_string();
    let (sign, s) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// A number with at most two decimals and no trailing zeros.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    crate::values::fixed_trimmed(x, 2)
}

/// A share as a percentage: `0.952` → `95.2%`.
pub(crate) fn pct(x: f64) -> String {
    let p = (x * 1000.0).round() / 10.0;
    format!("{}%", num(p))
}

/// Working minutes as hours: `-90` → `-1.5`.
pub(crate) fn hours(min: i64) -> String {
    num(min as f64 / 60.0)
}

/// A status in words.
pub(crate) fn status(s: Status) -> &'static str {
    match s {
        Status::NotStarted => "not started",
        Status::NoData => "no data",
        Status::OnTrack => "on track",
        Status::AtRisk => "at risk",
        Status::OffTrack => "off track",
        Status::Met => "met",
        Status::Missed => "missed",
    }
}

/// A date-time as `2025-10-01 08:00`.
pub(crate) fn when(t: crate::values::DateTime) -> String {
    t.0.format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_and_rounds_half_even() {
        let m = |s: &str| Money(s.parse().unwrap());
        assert_eq!(money(m("12800"), "USD"), "12,800.00 USD");
        assert_eq!(money(m("240.000"), "USD"), "240.00 USD");
        // banker's rounding: 0.125 -> 0.12, 0.135 -> 0.14
        assert_eq!(money(m("0.125"), "USD"), "0.12 USD");
        assert_eq!(money(m("0.135"), "USD"), "0.14 USD");
        assert_eq!(money(m("-1234567.5"), "JPY"), "-1,234,568 JPY");
        assert_eq!(money(m("999"), "USD"), "999.00 USD");
    }

    #[test]
    fn numbers() {
        assert_eq!(num(95.2), "95.2");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.001), "0");
        assert_eq!(pct(0.9523), "95.2%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(hours(-90), "-1.5");
    }
}
