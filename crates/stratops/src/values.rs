//! The scalar value types of the `stratops/1` format: dates, date-times,
//! money and durations.
//!
//! Each one parses strictly from its string form and writes back the same
//! canonical string, so a load/save round trip is exact.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date, written `YYYY-MM-DD`, with a year from 1 to 9999.
///
/// # Example
/// ```
/// use stratops::Date;
/// let d: Date = "2025-10-01".parse().unwrap();
/// assert_eq!(d.to_string(), "2025-10-01");
/// assert!("0000-01-01".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

/// A local date-time with no zone, written `YYYY-MM-DDTHH:MM` or
/// `YYYY-MM-DDTHH:MM:SS`.
///
/// # Example
/// ```
/// use stratops::DateTime;
/// let t: DateTime = "2025-10-01T08:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2025-10-01T08:00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub NaiveDateTime);

/// Either a bare date or a date-time. A bare date used as a *start* bound
/// means the start of that day; used as a *finish* bound it means the end of
/// that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrTime {
    /// A bare `YYYY-MM-DD`.
    Date(Date),
    /// A full `YYYY-MM-DDTHH:MM[:SS]`.
    DateTime(DateTime),
}

/// An exact decimal amount of money, written as a decimal string such as
/// `"12800.00"`. Never a binary float.
///
/// # Example
/// ```
/// use stratops::Money;
/// let m: Money = "12800.00".parse().unwrap();
/// assert_eq!(m.to_string(), "12800.00");
/// assert!("1e5".parse::<Money>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub Decimal);

/// The unit of a [`Duration`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// `m`: minutes.
    Minutes,
    /// `h`: hours.
    Hours,
    /// `d`: days of `minutes_per_day` working minutes (or 24 h when elapsed).
    Days,
    /// `w`: weeks of `minutes_per_week` working minutes (or 7 days when elapsed).
    Weeks,
    /// `mo`: months of `days_per_month` days (or 30 days when elapsed).
    Months,
    /// `%`: a percentage of the predecessor's duration (lags only).
    Percent,
}

/// A duration such as `"5d"`, `"3h"`, `"2w"`, `"90m"`, `"1mo"`, `"4ed"`
/// (elapsed) or `"50%"` (lags only). A bare JSON number means working days.
///
/// # Example
/// ```
/// use stratops::{Duration, DurationUnit};
/// let d: Duration = "4ed".parse().unwrap();
/// assert!(d.elapsed);
/// assert_eq!(d.unit, DurationUnit::Days);
/// assert_eq!(d.to_string(), "4ed");
/// assert!("5x".parse::<Duration>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// The amount, which may be fractional or negative.
    pub amount: Decimal,
    /// The unit.
    pub unit: DurationUnit,
    /// Whether the duration is wall-clock (elapsed) time.
    pub elapsed: bool,
}

/// Why a scalar value failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// A stable code: `bad_date`, `bad_datetime`, `bad_money` or `bad_duration`.
    pub code: &'static str,
    /// A human message.
    pub message: String,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}
impl std::error::Error for ValueError {}

fn verr(code: &'static str, message: String) -> ValueError {
    ValueError { code, message }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    if y == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

impl Date {
    /// Builds a date from year, month and day, if it exists and the year is
    /// within 1..=9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }
    /// The start of this day (00:00).
    pub fn start_of_day(self) -> DateTime {
        DateTime(self.0.and_time(NaiveTime::MIN))
    }
}

impl FromStr for Date {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        parse_date(s).map(Date).ok_or_else(|| {
            verr(
                "bad_date",
                format!("{s:?} is not a date YYYY-MM-DD with a year from 0001 to 9999"),
            )
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if !(0..=9999).contains(&y) {
            return write!(f, "{y:04}-{m:02}-{d:02}");
        }
        // Written digit by digit: dates are formatted by the hundred
        // thousand in explanations and reports.
        let y = y as u32;
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let buf = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        // ASCII digits and dashes: always valid UTF-8.
        f.pad(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

impl DateTime {
    /// The date part.
    pub fn date(self) -> Date {
        Date(self.0.date())
    }
}

impl FromStr for DateTime {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let bad = || {
            verr(
                "bad_datetime",
                format!("{s:?} is not a local date-time YYYY-MM-DDTHH:MM[:SS]"),
            )
        };
        if s.len() < 16 || !s.is_char_boundary(10) || !s.is_char_boundary(11) {
            return Err(bad());
        }
        let date = parse_date(&s[..10]).ok_or_else(bad)?;
        if !matches!(&s[10..11], "T" | " ") {
            return Err(bad());
        }
        let t = &s[11..];
        let tb = t.as_bytes();
        let (h, mi, sec) = match tb.len() {
            5 if tb[2] == b':' => (digits(&t[0..2]), digits(&t[3..5]), Some(0)),
            8 if tb[2] == b':' && tb[5] == b':' => {
                (digits(&t[0..2]), digits(&t[3..5]), digits(&t[6..8]))
            }
            _ => return Err(bad()),
        };
        let time = NaiveTime::from_hms_opt(
            h.ok_or_else(bad)?,
            mi.ok_or_else(bad)?,
            sec.ok_or_else(bad)?,
        )
        .ok_or_else(bad)?;
        Ok(DateTime(date.and_time(time)))
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            Date(self.0.date()),
            self.0.hour(),
            self.0.minute(),
            self.0.second()
        )
    }
}

impl DateOrTime {
    /// The date part.
    pub fn date(self) -> Date {
        match self {
            DateOrTime::Date(d) => d,
            DateOrTime::DateTime(t) => t.date(),
        }
    }
    /// As a start bound: a bare date means 00:00 of that day.
    pub fn as_start(self) -> DateTime {
        match self {
            DateOrTime::Date(d) => d.start_of_day(),
            DateOrTime::DateTime(t) => t,
        }
    }
    /// As a finish bound: a bare date means the end of that day (24:00,
    /// that is 00:00 of the next day).
    pub fn as_finish(self) -> DateTime {
        match self {
            DateOrTime::Date(d) => {
                let next = d.0.succ_opt().unwrap_or(d.0);
                DateTime(next.and_time(NaiveTime::MIN))
            }
            DateOrTime::DateTime(t) => t,
        }
    }
}

impl FromStr for DateOrTime {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        if s.len() == 10 {
            s.parse().map(DateOrTime::Date)
        } else {
            s.parse().map(DateOrTime::DateTime)
        }
    }
}

impl fmt::Display for DateOrTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOrTime::Date(d) => d.fmt(f),
            DateOrTime::DateTime(t) => t.fmt(f),
        }
    }
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);
    /// The exact decimal amount.
    pub fn amount(self) -> Decimal {
        self.0
    }
}

impl FromStr for Money {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let t = s.trim_start_matches('-');
        let ok_shape = !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && t.bytes().filter(|&b| b == b'.').count() <= 1
            && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && t.bytes().last().is_some_and(|b| b.is_ascii_digit())
            && s.len() - t.len() <= 1;
        if !ok_shape {
            return Err(verr(
                "bad_money",
                format!("{s:?} is not a decimal amount such as \"12800.00\""),
            ));
        }
        // Significant digits: every digit after the leading zeros. A 96-bit
        // decimal holds some 29-digit numbers but not all, so the format
        // promises 28 and refuses more.
        let significant = t
            .trim_start_matches(['0', '.'])
            .bytes()
            .filter(u8::is_ascii_digit)
            .count();
        if significant > 28 {
            return Err(verr(
                "bad_money",
                format!("{s:?} has {significant} significant digits; at most 28 are allowed"),
            ));
        }
        Decimal::from_str_exact(s).map(Money).map_err(|e| {
            verr(
                "bad_money",
                format!("{s:?} cannot be held exactly (at most 28 significant digits): {e}"),
            )
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl DurationUnit {
    fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "m",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
            DurationUnit::Months => "mo",
            DurationUnit::Percent => "%",
        }
    }
}

/// How many minutes the units `d`, `w` and `mo` stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitScale {
    /// Working minutes in a day (480 by default).
    pub minutes_per_day: i64,
    /// Working minutes in a week (2400 by default).
    pub minutes_per_week: i64,
    /// Working days in a month (20 by default).
    pub days_per_month: i64,
}

impl Default for UnitScale {
    fn default() -> Self {
        UnitScale {
            minutes_per_day: 480,
            minutes_per_week: 2400,
            days_per_month: 20,
        }
    }
}

impl Duration {
    /// A working duration of `n` days.
    pub fn days(n: i64) -> Duration {
        Duration {
            amount: Decimal::from(n),
            unit: DurationUnit::Days,
            elapsed: false,
        }
    }
    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }
    /// The duration in minutes, rounded to the nearest minute. Working units
    /// use `scale`; elapsed units use 24 h days, 7-day weeks and 30-day months.
    /// Returns `None` for a percentage or on overflow.
    ///
    /// # Example
    /// ```
    /// use stratops::{Duration, UnitScale};
    /// let d: Duration = "1.5d".parse().unwrap();
    /// assert_eq!(d.minutes(UnitScale::default()), Some(720));
    /// let e: Duration = "1ed".parse().unwrap();
    /// assert_eq!(e.minutes(UnitScale::default()), Some(1440));
    /// ```
    pub fn minutes(&self, scale: UnitScale) -> Option<i64> {
        let per: i64 = match (self.unit, self.elapsed) {
            (DurationUnit::Percent, _) => return None,
            (DurationUnit::Minutes, _) => 1,
            (DurationUnit::Hours, _) => 60,
            (DurationUnit::Days, false) => scale.minutes_per_day,
            (DurationUnit::Weeks, false) => scale.minutes_per_week,
            (DurationUnit::Months, false) => {
                scale.days_per_month.checked_mul(scale.minutes_per_day)?
            }
            (DurationUnit::Days, true) => 1440,
            (DurationUnit::Weeks, true) => 10080,
            (DurationUnit::Months, true) => 43200,
        };
        let v = self.amount.checked_mul(Decimal::from(per))?;
        let v = v.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        i64::try_from(v).ok()
    }
}

impl FromStr for Duration {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        let bad = |why: &str| {
            verr(
                "bad_duration",
                format!("{s:?} is not a duration ({why}); use e.g. \"5d\", \"3h\", \"2w\", \"90m\", \"1mo\", \"4ed\" or \"50%\""),
            )
        };
        let s2 = s.trim();
        let num_end = s2
            .char_indices()
            .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
            .map(|(i, _)| i)
            .unwrap_or(s2.len());
        let (num, unit) = s2.split_at(num_end);
        if num.is_empty() || num == "-" || num == "+" {
            return Err(bad("no number"));
        }
        let amount = Decimal::from_str_exact(num).map_err(|_| bad("bad number"))?;
        let (elapsed, u) = match unit.strip_prefix('e') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, unit),
        };
        let unit = match u {
            "" => DurationUnit::Days,
            "m" | "min" => DurationUnit::Minutes,
            "h" => DurationUnit::Hours,
            "d" => DurationUnit::Days,
            "w" => DurationUnit::Weeks,
            "mo" => DurationUnit::Months,
            "%" if !elapsed => DurationUnit::Percent,
            _ => return Err(bad("unknown unit")),
        };
        Ok(Duration {
            amount,
            unit,
            elapsed,
        })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = if self.elapsed { "e" } else { "" };
        write!(f, "{}{}{}", self.amount, e, self.unit.suffix())
    }
}

// ---- serde -------------------------------------------------------------

macro_rules! string_serde {
    ($ty:ty, $expecting:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        v.parse().map_err(|e: ValueError| E::custom(e))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        <$ty as FromNumber>::from_number(v as f64, &v.to_string())
                            .map_err(E::custom)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        <$ty as FromNumber>::from_number(v as f64, &v.to_string())
                            .map_err(E::custom)
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        <$ty as FromNumber>::from_number(v, &v.to_string()).map_err(E::custom)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

/// How a bare JSON number is read for each scalar type.
trait FromNumber: Sized {
    fn from_number(v: f64, text: &str) -> Result<Self, ValueError>;
}

impl FromNumber for Date {
    fn from_number(_: f64, text: &str) -> Result<Self, ValueError> {
        Err(verr(
            "bad_date",
            format!("{text} is a number; a date is a string \"YYYY-MM-DD\""),
        ))
    }
}
impl FromNumber for DateTime {
    fn from_number(_: f64, text: &str) -> Result<Self, ValueError> {
        Err(verr(
            "bad_datetime",
            format!("{text} is a number; a date-time is a string \"YYYY-MM-DDTHH:MM\""),
        ))
    }
}
impl FromNumber for DateOrTime {
    fn from_number(_: f64, text: &str) -> Result<Self, ValueError> {
        Err(verr(
            "bad_date",
            format!("{text} is a number; a date is a string \"YYYY-MM-DD\""),
        ))
    }
}
impl FromNumber for Money {
    fn from_number(_: f64, text: &str) -> Result<Self, ValueError> {
        Err(verr(
            "bad_money",
            format!("{text} is a JSON number; money is a decimal string such as \"12800.00\" so that it stays exact"),
        ))
    }
}
impl FromNumber for Duration {
    fn from_number(v: f64, text: &str) -> Result<Self, ValueError> {
        if !v.is_finite() {
            return Err(verr(
                "bad_duration",
                format!("{text} is not a finite number"),
            ));
        }
        // A bare number means working days.
        text.parse()
    }
}

string_serde!(Date, "a date string \"YYYY-MM-DD\"");
string_serde!(DateTime, "a date-time string \"YYYY-MM-DDTHH:MM[:SS]\"");
string_serde!(
    DateOrTime,
    "a date \"YYYY-MM-DD\" or date-time \"YYYY-MM-DDTHH:MM[:SS]\""
);
string_serde!(Money, "a decimal string such as \"12800.00\"");
string_serde!(
    Duration,
    "a duration such as \"5d\", \"3h\" or \"4ed\", or a number of working days"
);

// ---- JSON Schema ---------------------------------------------------------

macro_rules! string_schema {
    ($ty:ty, $name:expr, $schema:tt) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

string_schema!(Date, "Date", {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "A date YYYY-MM-DD (year 0001-9999)."
});
string_schema!(DateTime, "DateTime", {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
    "description": "A local date-time with no zone."
});
string_schema!(DateOrTime, "DateOrTime", {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$",
    "description": "A date, or a local date-time with no zone."
});
string_schema!(Money, "Money", {
    "type": "string",
    "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
    "description": "An exact decimal amount, at most 28 significant digits."
});
string_schema!(Duration, "Duration", {
    "description": "A duration: a number with unit m, h, d, w or mo, optionally prefixed by e for elapsed time, or a percentage (lags only). A bare number means working days.",
    "oneOf": [
        {"type": "string", "pattern": "^[+-]?[0-9]+(\\.[0-9]+)?(m|min|h|d|w|mo|em|eh|ed|ew|emo|%)?$"},
        {"type": "number"}
    ]
});

/// `x` with exactly `decimals` decimals (exact rounding of its binary
/// value), then trailing zeros and a trailing point dropped; `-0` is `0`.
pub(crate) fn fixed_trimmed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// The length in days of a KPI cadence: `daily` (1), `weekly` (7),
/// `monthly` (31), `quarterly` (92), `yearly` (366), or an elapsed or
/// working duration such as `"14ed"` or `"2w"` (a working week counts as 7
/// calendar days here).
///
/// # Example
/// ```
/// assert_eq!(stratops::values::cadence_days("monthly"), Some(31));
/// assert_eq!(stratops::values::cadence_days("14ed"), Some(14));
/// assert_eq!(stratops::values::cadence_days("often"), None);
/// ```
pub fn cadence_days(c: &str) -> Option<i64> {
    match c {
        "daily" => return Some(1),
        "weekly" => return Some(7),
        "monthly" => return Some(31),
        "quarterly" => return Some(92),
        "yearly" | "annually" => return Some(366),
        _ => {}
    }
    let d: Duration = c.parse().ok()?;
    let days = match (d.unit, d.elapsed) {
        (DurationUnit::Percent, _) => return None,
        (DurationUnit::Minutes, _) => d.amount / Decimal::from(1440),
        (DurationUnit::Hours, _) => d.amount / Decimal::from(24),
        (DurationUnit::Days, _) => d.amount,
        (DurationUnit::Weeks, _) => d.amount.checked_mul(Decimal::from(7))?,
        (DurationUnit::Months, _) => d.amount.checked_mul(Decimal::from(31))?,
    };
    let days = i64::try_from(days.ceil()).ok()?;
    (days > 0).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cadence_too_long_for_a_decimal_is_no_cadence() {
        assert_eq!(cadence_days("79228162514264337593543950335w"), None);
        assert_eq!(cadence_days("79228162514264337593543950335mo"), None);
        assert_eq!(cadence_days("2w"), Some(14));
    }

    #[test]
    fn dates_are_strict() {
        assert!("2025-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("10000-01-01".parse::<Date>().is_err());
        assert!("0000-01-01".parse::<Date>().is_err());
        assert!("2025-1-01".parse::<Date>().is_err());
        assert_eq!(
            "9999-12-31".parse::<Date>().unwrap().to_string(),
            "9999-12-31"
        );
    }

    #[test]
    fn datetimes_parse() {
        let t: DateTime = "2025-10-01T17:30:00".parse().unwrap();
        assert_eq!(t.to_string(), "2025-10-01T17:30:00");
        assert!("2025-10-01T25:00".parse::<DateTime>().is_err());
        assert!("2025-10-01Té5:00".parse::<DateTime>().is_err());
    }

    #[test]
    fn money_is_exact_and_bounded() {
        let m: Money = "0.10".parse().unwrap();
        assert_eq!(m.0 * Decimal::from(3), "0.30".parse::<Decimal>().unwrap());
        assert!("12345678901234567890123456789".parse::<Money>().is_err());
        assert!("1e3".parse::<Money>().is_err());
        assert!("".parse::<Money>().is_err());
        assert!("-".parse::<Money>().is_err());
        assert!("--1".parse::<Money>().is_err());
        assert_eq!("-5.5".parse::<Money>().unwrap().to_string(), "-5.5");
    }

    #[test]
    fn durations() {
        let s = UnitScale::default();
        for (text, mins) in [
            ("5d", 2400),
            ("3h", 180),
            ("2w", 4800),
            ("90m", 90),
            ("1mo", 9600),
            ("4ed", 5760),
            ("-2d", -960),
            ("0.5h", 30),
        ] {
            let d: Duration = text.parse().unwrap();
            assert_eq!(d.minutes(s), Some(mins), "{text}");
            assert_eq!(d.to_string().parse::<Duration>().unwrap(), d);
        }
        for bad in ["5x", "", "d", "-", "1.2.3d", "e5", "5e%", "5ee"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad}");
        }
        let p: Duration = "50%".parse().unwrap();
        assert_eq!(p.minutes(s), None);
        let huge: Duration = "79228162514264337593543950335w".parse().unwrap();
        assert_eq!(huge.minutes(s), None);
    }
}
