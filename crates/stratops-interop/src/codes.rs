//! MSPDI value encodings: ISO 8601 durations (`PT8H0M0S`), duration and lag
//! format codes, link types, constraint types, fixed-cost accrual, and
//! currency amounts stored in hundredths.

use rust_decimal::Decimal;
use stratops::{Accrual, ConstraintType, Duration, DurationUnit, LinkType, UnitScale};

/// Parses an MSPDI duration such as `PT8H0M0S`, `PT0H30M0S`, `P1DT2H` or
/// `-PT8H0M0S` into minutes (exact, possibly fractional). `D` counts 24
/// hours, as in ISO 8601; `Y` and `M` before `T` are refused (ambiguous).
pub fn parse_iso_minutes(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let rest = s.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let mut total = Decimal::ZERO;
    let mut in_time = false;
    let mut num = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c {
            'T' if !in_time && num.is_empty() => in_time = true,
            '0'..='9' | '.' => num.push(c),
            _ => {
                if num.is_empty() {
                    return None;
                }
                let v = Decimal::from_str_exact(&num).ok()?;
                let per: i64 = match (c, in_time) {
                    ('W', false) => 7 * 1440,
                    ('D', false) => 1440,
                    ('H', true) => 60,
                    ('M', true) => 1,
                    ('S', true) => {
                        total = total.checked_add(v.checked_div(Decimal::from(60))?)?;
                        num.clear();
                        any = true;
                        continue;
                    }
                    _ => return None,
                };
                total = total.checked_add(v.checked_mul(Decimal::from(per))?)?;
                num.clear();
                any = true;
            }
        }
    }
    if !num.is_empty() || !any {
        return None;
    }
    Some(if neg { -total } else { total })
}

/// Writes minutes as an MSPDI duration `PT{h}H{m}M{s}S`.
pub fn format_iso_minutes(minutes: Decimal) -> String {
    let neg = minutes.is_sign_negative() && !minutes.is_zero();
    let m = minutes.abs();
    let whole = m.trunc();
    let h = (whole / Decimal::from(60)).trunc();
    let mm = whole - h * Decimal::from(60);
    let secs = ((m - whole) * Decimal::from(60)).normalize();
    format!(
        "{}PT{}H{}M{}S",
        if neg { "-" } else { "" },
        h.normalize(),
        mm.normalize(),
        secs
    )
}

/// The unit and elapsed flag of an MSPDI duration or lag format code, with
/// whether it is a percentage. `None` for unknown codes.
///
/// Codes: 3 m, 4 em, 5 h, 6 eh, 7 d, 8 ed, 9 w, 10 ew, 11 mo, 12 emo,
/// 19 %, 20 e%, 21 none; 35..=52 are the "estimated" variants of the same
/// units (code + 32), and 53 is "estimated, none".
pub fn format_unit(code: i64) -> Option<(DurationUnit, bool)> {
    let base = if (35..=53).contains(&code) {
        code - 32
    } else {
        code
    };
    Some(match base {
        3 => (DurationUnit::Minutes, false),
        4 => (DurationUnit::Minutes, true),
        5 => (DurationUnit::Hours, false),
        6 => (DurationUnit::Hours, true),
        7 | 21 => (DurationUnit::Days, false),
        8 => (DurationUnit::Days, true),
        9 => (DurationUnit::Weeks, false),
        10 => (DurationUnit::Weeks, true),
        11 => (DurationUnit::Months, false),
        12 => (DurationUnit::Months, true),
        19 => (DurationUnit::Percent, false),
        20 => (DurationUnit::Percent, true),
        _ => return None,
    })
}

/// The MSPDI format code of a duration unit.
pub fn unit_format(unit: DurationUnit, elapsed: bool) -> i64 {
    let base = match unit {
        DurationUnit::Minutes => 3,
        DurationUnit::Hours => 5,
        DurationUnit::Days => 7,
        DurationUnit::Weeks => 9,
        DurationUnit::Months => 11,
        DurationUnit::Percent => 19,
    };
    base + i64::from(elapsed)
}

/// Minutes in one unit.
pub fn unit_minutes(unit: DurationUnit, elapsed: bool, scale: UnitScale) -> Option<i64> {
    Some(match (unit, elapsed) {
        (DurationUnit::Percent, _) => return None,
        (DurationUnit::Minutes, _) => 1,
        (DurationUnit::Hours, _) => 60,
        (DurationUnit::Days, false) => scale.minutes_per_day,
        (DurationUnit::Weeks, false) => scale.minutes_per_week,
        (DurationUnit::Months, false) => scale.days_per_month.checked_mul(scale.minutes_per_day)?,
        (DurationUnit::Days, true) => 1440,
        (DurationUnit::Weeks, true) => 10080,
        (DurationUnit::Months, true) => 43200,
    })
}

/// Expresses `minutes` in the unit of a format code: in that unit when the
/// amount is exact (at most 6 decimals), otherwise in minutes, keeping the
/// elapsed flag.
pub fn minutes_to_duration(minutes: Decimal, code: i64, scale: UnitScale) -> Duration {
    let (unit, elapsed) = match format_unit(code) {
        Some((DurationUnit::Percent, e)) => (DurationUnit::Days, e),
        Some(u) => u,
        None => (DurationUnit::Days, false),
    };
    if let Some(per) = unit_minutes(unit, elapsed, scale).filter(|&p| p > 0) {
        let per = Decimal::from(per);
        if let Some(amount) = minutes.checked_div(per) {
            let amount = amount.normalize();
            if amount.scale() <= 6 && amount.checked_mul(per) == Some(minutes) {
                return Duration {
                    amount,
                    unit,
                    elapsed,
                };
            }
        }
    }
    Duration {
        amount: minutes.normalize(),
        unit: DurationUnit::Minutes,
        elapsed,
    }
}

/// The exact minutes of a non-percentage duration.
pub fn duration_minutes(d: &Duration, scale: UnitScale) -> Option<Decimal> {
    let per = unit_minutes(d.unit, d.elapsed, scale)?;
    d.amount.checked_mul(Decimal::from(per))
}

/// MSPDI link type codes: 0 FF, 1 FS, 2 SF, 3 SS.
pub fn link_type(code: i64) -> Option<LinkType> {
    Some(match code {
        0 => LinkType::FF,
        1 => LinkType::FS,
        2 => LinkType::SF,
        3 => LinkType::SS,
        _ => return None,
    })
}

/// The MSPDI code of a link type.
pub fn link_code(t: LinkType) -> i64 {
    match t {
        LinkType::FF => 0,
        LinkType::FS => 1,
        LinkType::SF => 2,
        LinkType::SS => 3,
    }
}

/// MSPDI constraint codes 0..=7: ASAP, ALAP, MSO, MFO, SNET, SNLT, FNET, FNLT.
pub fn constraint_type(code: i64) -> Option<ConstraintType> {
    Some(match code {
        0 => ConstraintType::ASAP,
        1 => ConstraintType::ALAP,
        2 => ConstraintType::MSO,
        3 => ConstraintType::MFO,
        4 => ConstraintType::SNET,
        5 => ConstraintType::SNLT,
        6 => ConstraintType::FNET,
        7 => ConstraintType::FNLT,
        _ => return None,
    })
}

/// The MSPDI code of a constraint type.
pub fn constraint_code(t: ConstraintType) -> i64 {
    match t {
        ConstraintType::ASAP => 0,
        ConstraintType::ALAP => 1,
        ConstraintType::MSO => 2,
        ConstraintType::MFO => 3,
        ConstraintType::SNET => 4,
        ConstraintType::SNLT => 5,
        ConstraintType::FNET => 6,
        ConstraintType::FNLT => 7,
    }
}

/// MSPDI fixed-cost accrual codes: 1 start, 2 prorated, 3 end.
pub fn accrual(code: i64) -> Option<Accrual> {
    Some(match code {
        1 => Accrual::Start,
        2 => Accrual::Prorated,
        3 => Accrual::End,
        _ => return None,
    })
}

/// The MSPDI code of an accrual.
pub fn accrual_code(a: Accrual) -> i64 {
    match a {
        Accrual::Start => 1,
        Accrual::Prorated => 2,
        Accrual::End => 3,
    }
}

/// The English weekday of an MSPDI `DayType` (1 = Sunday .. 7 = Saturday),
/// as an index into `Week::days()` (0 = Monday .. 6 = Sunday).
pub fn day_type_index(day_type: i64) -> Option<usize> {
    match day_type {
        1 => Some(6),
        2..=7 => Some((day_type - 2) as usize),
        _ => None,
    }
}

/// The MSPDI `DayType` of a `Week::days()` index.
pub fn index_day_type(i: usize) -> i64 {
    if i == 6 {
        1
    } else {
        i as i64 + 2
    }
}

/// The `ActualDuration` and `RemainingDuration` (minutes) MS Project keeps on
/// every task, derived from its duration and percent complete: actual =
/// duration × percent / 100, rounded to the minute; remaining = duration −
/// actual. `(None, None)` without a duration.
pub fn derived_progress(
    duration: Option<Decimal>,
    percent: Decimal,
) -> (Option<Decimal>, Option<Decimal>) {
    let Some(d) = duration else {
        return (None, None);
    };
    let pct = percent.max(Decimal::ZERO).min(Decimal::from(100));
    let actual = d
        .checked_mul(pct)
        .map(|x| (x / Decimal::from(100)).round())
        .unwrap_or(Decimal::ZERO);
    (Some(actual), d.checked_sub(actual))
}

/// The `DurationFormat` ("none", 21) the export gives a task without a
/// duration, with a zero `Duration`; the import reads that pair back as no
/// duration.
pub const NO_DURATION_FORMAT: i64 = 21;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn iso_durations() {
        assert_eq!(parse_iso_minutes("PT8H0M0S"), Some(d("480")));
        assert_eq!(parse_iso_minutes("PT0H30M30S"), Some(d("30.5")));
        assert_eq!(parse_iso_minutes("P1DT2H"), Some(d("1560")));
        assert_eq!(parse_iso_minutes("-PT8H0M0S"), Some(d("-480")));
        for bad in ["", "P", "PT", "8H", "PTH", "P1Y", "PT8X", "PT8H0M0"] {
            assert_eq!(parse_iso_minutes(bad), None, "{bad}");
        }
        assert_eq!(format_iso_minutes(d("480")), "PT8H0M0S");
        assert_eq!(format_iso_minutes(d("30.5")), "PT0H30M30S");
        assert_eq!(format_iso_minutes(d("-90")), "-PT1H30M0S");
        for m in ["0", "1", "59.5", "12345", "-480"] {
            assert_eq!(parse_iso_minutes(&format_iso_minutes(d(m))), Some(d(m)));
        }
    }

    #[test]
    fn durations_in_their_format() {
        let s = UnitScale::default();
        // 480 minutes at format 7 (days) with 480 min/day is exactly 1d.
        assert_eq!(minutes_to_duration(d("480"), 7, s).to_string(), "1d");
        // Format 39 is "estimated days": still days.
        assert_eq!(minutes_to_duration(d("960"), 39, s).to_string(), "2d");
        // 100 minutes is not a whole number of 480-minute days to 6 places.
        assert_eq!(minutes_to_duration(d("100"), 7, s).to_string(), "100m");
        // Elapsed days are 1440 minutes.
        assert_eq!(minutes_to_duration(d("2880"), 8, s).to_string(), "2ed");
        assert_eq!(minutes_to_duration(d("90"), 5, s).to_string(), "1.5h");
    }

    #[test]
    fn codes_round_trip() {
        for c in 0..4 {
            assert_eq!(link_code(link_type(c).unwrap()), c);
        }
        assert_eq!(link_type(4), None);
        for c in 0..8 {
            assert_eq!(constraint_code(constraint_type(c).unwrap()), c);
        }
        for c in 1..4 {
            assert_eq!(accrual_code(accrual(c).unwrap()), c);
        }
        for t in 1..=7 {
            assert_eq!(index_day_type(day_type_index(t).unwrap()), t);
        }
        // DayType 2 is Monday, index 0.
        assert_eq!(day_type_index(2), Some(0));
    }
}
