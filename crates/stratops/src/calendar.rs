//! Working-time calendars at minute resolution.
//!
//! Time is an `i64` count of minutes since 1970-01-01 00:00 (local, no
//! zone). A calendar is a weekly pattern of working intervals plus dated
//! exceptions, resolved once through its base chain into a [`WorkCalendar`].
//! Arithmetic jumps from interval to interval and skips whole weeks that hold
//! no exception, so it never steps minute by minute.
//!
//! Conventions, as MS Project:
//! - a *start* is the first working minute at or after an instant
//!   ([`WorkCalendar::next_start`]);
//! - a *finish* is the end of the last working minute
//!   ([`WorkCalendar::add`] of a one-day duration from Monday 08:00 gives
//!   Monday 17:00, not Tuesday 08:00);
//! - two instants with only non-working time between them are the same
//!   instant for comparison ([`WorkCalendar::between`] is 0).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::error::Error;
use crate::model::{Calendar, Document, Interval};
use crate::values::DateTime;

/// Parses `HH:MM` (00:00 to 24:00) into minutes after midnight.
///
/// # Example
/// ```
/// assert_eq!(stratops::calendar::parse_clock("13:30"), Some(810));
/// assert_eq!(stratops::calendar::parse_clock("24:00"), Some(1440));
/// assert_eq!(stratops::calendar::parse_clock("24:01"), None);
/// ```
pub fn parse_clock(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit) {
        return None;
    }
    let h: u32 = s[..2].parse().ok()?;
    let m: u32 = s[3..].parse().ok()?;
    let v = h * 60 + m;
    (m < 60 && v <= 1440).then_some(v)
}

const DAY: i64 = 1440;
/// Minutes from 1970-01-01 to 0001-01-01 and to 10000-01-01.
const MIN_T: i64 = -62_135_596_800 / 60;
const MAX_T: i64 = 253_402_300_800 / 60;
/// The most exception days one calendar may expand to (about 1,100 years).
const MAX_EXCEPTION_DAYS: usize = 400_000;
/// The longest span of exception days given a direct day lookup (about 270
/// years, 1.6 MB).
const MAX_DENSE_DAYS: i64 = 100_000;
const NO_SET: u32 = u32::MAX;

fn epoch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
}

/// Converts a date-time to minutes since 1970-01-01 00:00 (seconds dropped).
pub fn to_minutes(t: DateTime) -> i64 {
    (t.0 - epoch()).num_minutes()
}

/// Converts minutes since 1970-01-01 00:00 back to a date-time, or an
/// error when outside the years 1..=9999.
pub fn from_minutes(m: i64) -> Result<DateTime, Error> {
    if !(MIN_T..MAX_T).contains(&m) {
        return Err(out_of_range());
    }
    // Whole days and the minute of the day, without date arithmetic.
    let (days, min) = (m.div_euclid(DAY), m.rem_euclid(DAY));
    let date = i32::try_from(days + 719_163)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(out_of_range)?;
    let time = chrono::NaiveTime::from_hms_opt((min / 60) as u32, (min % 60) as u32, 0)
        .ok_or_else(out_of_range)?;
    Ok(DateTime(NaiveDateTime::new(date, time)))
}

fn out_of_range() -> Error {
    Error::calc(
        "date_out_of_range",
        None,
        "the schedule runs beyond the year 9999 (or before the year 1)",
    )
}

/// Days since 1970-01-01 of a date.
pub fn day_number(d: NaiveDate) -> i64 {
    (d - epoch().date()).num_days()
}

type Spans = Vec<(i64, i64)>;

/// A calendar resolved through its base chain.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    /// Working intervals per weekday, Monday first, in minutes after midnight.
    week: [Spans; 7],
    week_minutes: i64,
    /// Exception days, sorted, each with an index into `sets`.
    exc_days: Vec<i64>,
    exc_set: Vec<u32>,
    sets: Vec<Spans>,
    /// `exc_delta[k]`: the working minutes the first `k` exception days add
    /// to (or take from) their weekdays' normal minutes, so the working time
    /// of any run of whole days is arithmetic plus two binary searches.
    exc_delta: Vec<i64>,
    /// A direct day lookup over the exception days' span: entry `k` is the
    /// index into `sets` of day `dense_from + k`, or `NO_SET` for a normal
    /// weekday. Empty when there are no exceptions or their span is larger
    /// than [`MAX_DENSE_DAYS`] (then a binary search finds them).
    dense_from: i64,
    dense: Vec<u32>,
    /// `dense_delta[k]`: what `exc_delta` holds for the days before
    /// `dense_from + k` (length `dense.len() + 1`), so counting the
    /// exceptions before a day is one lookup.
    dense_delta: Vec<i64>,
    /// `dense_cum[k]`: the working minutes of the days `dense_from ..
    /// dense_from + k` (length `dense.len() + 1`): working time as an
    /// ordinal over the exceptions' span, so [`WorkCalendar::add`] and
    /// [`WorkCalendar::sub`] jump over whole days with a search instead of
    /// stepping day by day.
    dense_cum: Vec<i64>,
    /// Working minutes of the days from Monday up to (not including) weekday
    /// `k`, over two weeks: the minutes of `r < 7` days from weekday `w` are
    /// `week_cum[w + r] - week_cum[w]`.
    week_cum: [i64; 15],
    /// Wall-clock time (a 24-hour, 7-day calendar): arithmetic is plain
    /// addition.
    continuous: bool,
}

fn spans(ints: &[Interval]) -> Spans {
    let mut v: Spans = ints
        .iter()
        .filter_map(|i| Some((parse_clock(&i.from)? as i64, parse_clock(&i.to)? as i64)))
        .filter(|(a, b)| a < b)
        .collect();
    v.sort_unstable();
    // merge touching intervals (08:00-12:00 + 12:00-17:00 = 08:00-17:00)
    let mut out: Spans = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

impl WorkCalendar {
    /// MS Project's "Standard": Monday to Friday, 08:00-12:00 and 13:00-17:00.
    pub fn standard() -> WorkCalendar {
        let day = vec![(480, 720), (780, 1020)];
        WorkCalendar::from_week(
            [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
            vec![],
        )
    }

    /// A wall-clock calendar: every minute of every day works.
    pub fn continuous() -> WorkCalendar {
        let all = vec![(0, DAY)];
        WorkCalendar::from_week(std::array::from_fn(|_| all.clone()), vec![])
    }

    fn from_week(week: [Spans; 7], exceptions: Vec<(i64, Spans)>) -> WorkCalendar {
        let week_minutes = week.iter().flatten().map(|(a, b)| b - a).sum();
        let mut ex = exceptions;
        // later definitions win: stable sort by day, keep the last per day
        ex.sort_by_key(|e| e.0);
        let mut exc_days = Vec::new();
        let mut exc_set = Vec::new();
        let mut sets: Vec<Spans> = Vec::new();
        let mut set_ids: HashMap<Spans, u32> = HashMap::new();
        for (d, s) in ex {
            let id = *set_ids.entry(s.clone()).or_insert_with(|| {
                sets.push(s);
                (sets.len() - 1) as u32
            });
            if exc_days.last() == Some(&d) {
                if let Some(last) = exc_set.last_mut() {
                    *last = id;
                }
            } else {
                exc_days.push(d);
                exc_set.push(id);
            }
        }
        let continuous = exc_days.is_empty() && week.iter().all(|d| d.as_slice() == [(0, DAY)]);
        let mins = |s: &Spans| s.iter().map(|(a, b)| b - a).sum::<i64>();
        let day_minutes: [i64; 7] = std::array::from_fn(|d| mins(&week[d]));
        let mut exc_delta = Vec::with_capacity(exc_days.len() + 1);
        exc_delta.push(0);
        let mut acc = 0i64;
        for (k, &d) in exc_days.iter().enumerate() {
            acc += mins(&sets[exc_set[k] as usize]) - day_minutes[(d + 3).rem_euclid(7) as usize];
            exc_delta.push(acc);
        }
        let (dense_from, dense) = match (exc_days.first(), exc_days.last()) {
            (Some(&a), Some(&b)) if b - a < MAX_DENSE_DAYS => {
                let mut v = vec![NO_SET; (b - a + 1) as usize];
                for (&d, &s) in exc_days.iter().zip(&exc_set) {
                    v[(d - a) as usize] = s;
                }
                (a, v)
            }
            _ => (0, Vec::new()),
        };
        let mut dense_delta =
            Vec::with_capacity(if dense.is_empty() { 0 } else { dense.len() + 1 });
        if !dense.is_empty() {
            let mut k = 0usize;
            for day in dense_from..=dense_from + dense.len() as i64 {
                while k < exc_days.len() && exc_days[k] < day {
                    k += 1;
                }
                dense_delta.push(exc_delta[k]);
            }
        }
        let mut week_cum = [0i64; 15];
        for k in 1..15 {
            week_cum[k] = week_cum[k - 1] + day_minutes[(k - 1) % 7];
        }
        let mut dense_cum = Vec::with_capacity(if dense.is_empty() { 0 } else { dense.len() + 1 });
        if !dense.is_empty() {
            let mut acc = 0i64;
            dense_cum.push(acc);
            for (k, &set) in dense.iter().enumerate() {
                acc += if set == NO_SET {
                    day_minutes[(dense_from + k as i64 + 3).rem_euclid(7) as usize]
                } else {
                    mins(&sets[set as usize])
                };
                dense_cum.push(acc);
            }
        }
        WorkCalendar {
            week,
            week_minutes,
            dense_from,
            dense,
            dense_delta,
            dense_cum,
            week_cum,
            exc_days,
            exc_set,
            sets,
            exc_delta,
            continuous,
        }
    }

    /// Resolves a calendar of the document through its base chain; days and
    /// exceptions the chain leaves open come from `standard`.
    pub fn resolve(doc: &Document, cal: &Calendar) -> Result<WorkCalendar, Error> {
        let by_id: HashMap<&str, &Calendar> =
            doc.calendars.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut chain = vec![cal];
        let mut cur = cal;
        while let Some(b) = &cur.base {
            match by_id.get(b.as_str()) {
                Some(next) if !chain.iter().any(|c| c.id == next.id) => {
                    chain.push(next);
                    cur = next;
                }
                _ => break,
            }
        }
        let std = WorkCalendar::standard();
        let mut week: [Spans; 7] = std.week.clone();
        let mut exceptions: Vec<(i64, Spans)> = Vec::new();
        let mut total = 0usize;
        // from the base (last) to the derived calendar (first): later wins
        for c in chain.iter().rev() {
            for (d, day) in c.week.days().iter().enumerate() {
                if let Some(ints) = day {
                    week[d] = spans(ints);
                }
            }
            for e in &c.exceptions {
                let from = day_number(e.from.0);
                let to = day_number(e.to.unwrap_or(e.from).0);
                let s = spans(&e.intervals);
                let n = (to - from + 1).max(0) as usize;
                total += n;
                if total > MAX_EXCEPTION_DAYS {
                    return Err(Error::calc(
                        "calendar_too_large",
                        Some(&c.id),
                        format!("calendar {:?} has exceptions covering more than {MAX_EXCEPTION_DAYS} days", c.id),
                    ));
                }
                exceptions.extend((from..=to).map(|d| (d, s.clone())));
            }
        }
        let wc = WorkCalendar::from_week(week, exceptions);
        if wc.week_minutes == 0 {
            return Err(Error::calc(
                "calendar_no_working_time",
                Some(&cal.id),
                format!("calendar {:?} has no working time in its week", cal.id),
            ));
        }
        Ok(wc)
    }

    /// Working minutes in a normal week.
    pub fn week_minutes(&self) -> i64 {
        self.week_minutes
    }

    #[inline(always)]
    fn day_spans(&self, day: i64) -> &[(i64, i64)] {
        if !self.exc_days.is_empty() {
            if self.dense.is_empty() {
                if let Ok(i) = self.exc_days.binary_search(&day) {
                    return &self.sets[self.exc_set[i] as usize];
                }
            } else if let Some(&s) = usize::try_from(day.wrapping_sub(self.dense_from))
                .ok()
                .and_then(|k| self.dense.get(k))
            {
                if s != NO_SET {
                    return &self.sets[s as usize];
                }
            }
        }
        let wd = (day + 3).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
        &self.week[wd]
    }

    /// Whole weeks that can be skipped forward from `day` with no exception
    /// inside.
    fn clear_weeks_fwd(&self, day: i64) -> i64 {
        let i = self.exc_days.partition_point(|&d| d < day);
        match self.exc_days.get(i) {
            Some(&next) => (next - day) / 7,
            None => i64::MAX / (8 * DAY * 7),
        }
    }

    /// Whole weeks that can be skipped backward ending before `day` (exclusive).
    fn clear_weeks_back(&self, day: i64) -> i64 {
        let i = self.exc_days.partition_point(|&d| d < day);
        match i.checked_sub(1).map(|k| self.exc_days[k]) {
            Some(prev) => (day - prev - 1) / 7,
            None => i64::MAX / (8 * DAY * 7),
        }
    }

    /// The first working minute at or after `t`.
    pub fn next_start(&self, t: i64) -> Result<i64, Error> {
        if self.continuous {
            return Ok(t);
        }
        let mut day = t.div_euclid(DAY);
        let mut m = t.rem_euclid(DAY);
        loop {
            if day * DAY > MAX_T {
                return Err(out_of_range());
            }
            for &(a, b) in self.day_spans(day) {
                if m < b {
                    return Ok(day * DAY + a.max(m));
                }
            }
            day += 1;
            m = 0;
        }
    }

    /// The latest instant at or before `t` that ends a working minute: `t`
    /// itself inside working time, else the end of the previous working
    /// interval. Monday 08:00 becomes Friday 17:00.
    pub fn prev_finish(&self, t: i64) -> Result<i64, Error> {
        if self.continuous {
            return Ok(t);
        }
        let mut day = t.div_euclid(DAY);
        let mut m = t.rem_euclid(DAY);
        if m == 0 {
            day -= 1;
            m = DAY;
        }
        loop {
            if day * DAY < MIN_T {
                return Err(out_of_range());
            }
            for &(a, b) in self.day_spans(day).iter().rev() {
                if a < m {
                    return Ok(day * DAY + b.min(m));
                }
            }
            day -= 1;
            m = DAY;
        }
    }

    /// Adds `work` working minutes to `t` (a start); the result is a finish.
    /// A negative `work` subtracts.
    pub fn add(&self, t: i64, work: i64) -> Result<i64, Error> {
        if work < 0 {
            return self.sub(t, work.checked_neg().ok_or_else(out_of_range)?);
        }
        if work == 0 {
            return Ok(t);
        }
        if self.continuous {
            return check(t.checked_add(work));
        }
        let mut left = work;
        let mut day = t.div_euclid(DAY);
        let mut m = t.rem_euclid(DAY);
        loop {
            if day * DAY > MAX_T {
                return Err(out_of_range());
            }
            if m == 0 && left > self.week_minutes {
                let k = ((left - 1) / self.week_minutes).min(self.clear_weeks_fwd(day));
                if k > 0 {
                    day += 7 * k;
                    left -= k * self.week_minutes;
                    continue;
                }
            }
            for &(a, b) in self.day_spans(day) {
                if m >= b {
                    continue;
                }
                let from = a.max(m);
                if left <= b - from {
                    return Ok(day * DAY + from + left);
                }
                left -= b - from;
            }
            // Inside the exceptions' span, find the day the work ends on
            // from the cumulative minutes (or leave the span).
            (day, left) = self.jump_fwd(day + 1, left);
            m = 0;
        }
    }

    /// The index of `day` in the exceptions' span (`dense`), if inside.
    #[inline]
    fn dense_index(&self, day: i64) -> Option<usize> {
        usize::try_from(day.wrapping_sub(self.dense_from))
            .ok()
            .filter(|&k| k < self.dense.len())
    }

    /// From the start of `day` with `left` working minutes to go: the day
    /// the work ends on and what is left for it, when `day` is inside the
    /// exceptions' span (found in `dense_cum`), else the first day after
    /// the span with what is left then; outside the span, `(day, left)`.
    #[inline]
    fn jump_fwd(&self, day: i64, left: i64) -> (i64, i64) {
        let cum = &self.dense_cum;
        let Some(k0) = self.dense_index(day) else {
            return (day, left);
        };
        let target = cum[k0] + left;
        let last = cum.len() - 1;
        if cum[last] < target {
            return (self.dense_from + last as i64, target - cum[last]);
        }
        // The first x > k0 with cum[x] >= target: gallop, then bisect.
        let (mut lo, mut step) = (k0, 1usize);
        while lo + step <= last && cum[lo + step] < target {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(last);
        let x = lo + 1 + cum[lo + 1..=hi].partition_point(|&c| c < target);
        // Day x - 1 holds the end: cum[x - 1] < target <= cum[x].
        (self.dense_from + (x - 1) as i64, target - cum[x - 1])
    }

    /// From the end of `day` (its midnight after) with `left` working
    /// minutes to go back: the day the work starts on and what is left for
    /// it, when `day` is inside the exceptions' span, else the last day
    /// before the span with what is left then; outside, `(day, left)`.
    #[inline]
    fn jump_back(&self, day: i64, left: i64) -> (i64, i64) {
        let cum = &self.dense_cum;
        let Some(k0) = self.dense_index(day) else {
            return (day, left);
        };
        let end = k0 + 1;
        let target = cum[end] - left;
        if target < cum[0] {
            return (self.dense_from - 1, cum[0] - target);
        }
        // The last d < end with cum[d] <= target: gallop down, then bisect.
        let (mut hi, mut step) = (end, 1usize);
        while hi >= step && cum[hi - step] > target {
            hi -= step;
            step *= 2;
        }
        let lo = hi.saturating_sub(step);
        let d = lo + cum[lo..hi].partition_point(|&c| c <= target) - 1;
        // Day d holds the start: cum[d] <= target < cum[d + 1].
        (self.dense_from + d as i64, cum[d + 1] - target)
    }

    /// Subtracts `work` working minutes from `t` (a finish); the result is a
    /// start.
    pub fn sub(&self, t: i64, work: i64) -> Result<i64, Error> {
        if work < 0 {
            return self.add(t, work.checked_neg().ok_or_else(out_of_range)?);
        }
        if work == 0 {
            return Ok(t);
        }
        if self.continuous {
            return check(t.checked_sub(work));
        }
        let mut left = work;
        let mut day = t.div_euclid(DAY);
        let mut m = t.rem_euclid(DAY);
        if m == 0 {
            day -= 1;
            m = DAY;
        }
        loop {
            if day * DAY < MIN_T {
                return Err(out_of_range());
            }
            if m == DAY && left > self.week_minutes {
                let k = ((left - 1) / self.week_minutes).min(self.clear_weeks_back(day + 1));
                if k > 0 {
                    day -= 7 * k;
                    left -= k * self.week_minutes;
                    continue;
                }
            }
            for &(a, b) in self.day_spans(day).iter().rev() {
                if a >= m {
                    continue;
                }
                let to = b.min(m);
                if left <= to - a {
                    return Ok(day * DAY + to - left);
                }
                left -= to - a;
            }
            (day, left) = self.jump_back(day - 1, left);
            m = DAY;
        }
    }

    /// Working minutes from `a` to `b`; negative when `b` is before `a`.
    ///
    /// Constant work per call: the whole days in between are counted by
    /// arithmetic over the weekly pattern, corrected by the prefix sums of
    /// the exception days (two binary searches); only the two end days are
    /// scanned.
    pub fn between(&self, a: i64, b: i64) -> Result<i64, Error> {
        if b < a {
            return Ok(-self.between(b, a)?);
        }
        if self.continuous {
            return Ok(b - a);
        }
        let (da, ma) = (a.div_euclid(DAY), a.rem_euclid(DAY));
        let (db, mb) = (b.div_euclid(DAY), b.rem_euclid(DAY));
        let within = |day: i64, lo: i64, hi: i64| -> i64 {
            self.day_spans(day)
                .iter()
                .map(|&(x, y)| (y.min(hi) - x.max(lo)).max(0))
                .sum()
        };
        if da == db {
            return Ok(within(da, ma, mb));
        }
        Ok(within(da, ma, DAY) + self.whole_days(da + 1, db) + within(db, 0, mb))
    }

    /// Working minutes of the whole days `from..to`.
    fn whole_days(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let n = to - from;
        let wd = (from + 3).rem_euclid(7) as usize;
        let r = (n % 7) as usize;
        let total = (n / 7) * self.week_minutes + self.week_cum[wd + r] - self.week_cum[wd];
        total + self.delta_before(to) - self.delta_before(from)
    }

    /// The working minutes the exception days before `day` add to (or take
    /// from) their weekdays' normal minutes.
    #[inline(always)]
    fn delta_before(&self, day: i64) -> i64 {
        if self.dense_delta.is_empty() {
            let i = self.exc_days.partition_point(|&d| d < day);
            return self.exc_delta[i];
        }
        let k = day
            .saturating_sub(self.dense_from)
            .clamp(0, self.dense.len() as i64);
        self.dense_delta[k as usize]
    }
}

fn check(v: Option<i64>) -> Result<i64, Error> {
    match v {
        Some(v) if (MIN_T..MAX_T).contains(&v) => Ok(v),
        _ => Err(out_of_range()),
    }
}

/// Weekday index, Monday = 0, of a date.
pub fn weekday(d: NaiveDate) -> usize {
    d.weekday().num_days_from_monday() as usize
}

/// The project calendar: the document's default (`settings.calendar`, else
/// the built-in standard calendar).
pub fn project_calendar(model: &crate::Model) -> Result<WorkCalendar, Error> {
    let doc = model.document();
    let id = doc
        .settings
        .calendar
        .as_deref()
        .unwrap_or(crate::validate::STANDARD);
    match doc.calendars.iter().find(|c| c.id == id) {
        Some(c) => WorkCalendar::resolve(doc, c),
        None => Ok(WorkCalendar::standard()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> i64 {
        to_minutes(s.parse().unwrap())
    }
    fn s(m: i64) -> String {
        from_minutes(m).unwrap().to_string()
    }

    #[test]
    fn standard_day_arithmetic() {
        let c = WorkCalendar::standard();
        // 2025-10-06 is a Monday
        assert_eq!(
            s(c.add(t("2025-10-06T08:00"), 480).unwrap()),
            "2025-10-06T17:00:00"
        );
        assert_eq!(
            s(c.next_start(t("2025-10-06T17:00")).unwrap()),
            "2025-10-07T08:00:00"
        );
        assert_eq!(
            s(c.next_start(t("2025-10-04T00:00")).unwrap()),
            "2025-10-06T08:00:00"
        );
        assert_eq!(
            s(c.next_start(t("2025-10-06T12:30")).unwrap()),
            "2025-10-06T13:00:00"
        );
        // 5 days from Monday 08:00 ends Friday 17:00
        assert_eq!(
            s(c.add(t("2025-10-06T08:00"), 2400).unwrap()),
            "2025-10-10T17:00:00"
        );
        // 10 weeks, with the week skip
        assert_eq!(
            s(c.add(t("2025-10-06T00:00"), 24000).unwrap()),
            "2025-12-12T17:00:00"
        );
        assert_eq!(
            s(c.sub(t("2025-10-10T17:00"), 2400).unwrap()),
            "2025-10-06T08:00:00"
        );
        assert_eq!(
            s(c.sub(t("2025-12-12T17:00"), 24000).unwrap()),
            "2025-10-06T08:00:00"
        );
        assert_eq!(
            s(c.sub(t("2025-12-15T00:00"), 24000).unwrap()),
            "2025-10-06T08:00:00"
        );
        assert_eq!(
            s(c.prev_finish(t("2025-10-13T08:00")).unwrap()),
            "2025-10-10T17:00:00"
        );
        assert_eq!(
            c.between(t("2025-10-10T17:00"), t("2025-10-13T08:00"))
                .unwrap(),
            0
        );
        assert_eq!(
            c.between(t("2025-10-06T08:00"), t("2025-12-12T17:00"))
                .unwrap(),
            24000
        );
        assert_eq!(
            c.between(t("2025-12-12T17:00"), t("2025-10-06T08:00"))
                .unwrap(),
            -24000
        );
        // half an hour into lunch counts nothing
        assert_eq!(
            c.between(t("2025-10-06T12:00"), t("2025-10-06T13:00"))
                .unwrap(),
            0
        );
    }

    #[test]
    fn exceptions_and_bounds() {
        let mut doc = Document::new();
        let cal: Calendar = serde_json::from_str(
            r#"{"id": "c", "exceptions": [{"from": "2025-12-25", "to": "2025-12-26"}, {"from": "2025-12-27", "intervals": [{"from": "09:00", "to": "11:00"}]}]}"#,
        )
        .unwrap();
        doc.calendars.push(cal.clone());
        let c = WorkCalendar::resolve(&doc, &cal).unwrap();
        // Wed 2025-12-24 17:00 + 1 day: Thu/Fri off, Sat 2h, then Mon 6h
        assert_eq!(
            s(c.add(t("2025-12-24T17:00"), 480).unwrap()),
            "2025-12-29T15:00:00"
        ); // 2 h Saturday + Mon 08-12 and 13-15
           // going back gives a start: Saturday 09:00 (same instant as Wednesday 17:00 in working time)
        assert_eq!(
            s(c.sub(t("2025-12-29T15:00"), 480).unwrap()),
            "2025-12-27T09:00:00"
        );
        assert_eq!(
            c.between(t("2025-12-24T17:00"), t("2025-12-29T15:00"))
                .unwrap(),
            480
        );
        // long jumps across the exceptions agree with day stepping
        let a = t("2025-01-06T08:00");
        let f = c.add(a, 480 * 300).unwrap();
        assert_eq!(c.between(a, f).unwrap(), 480 * 300);
        assert_eq!(c.sub(f, 480 * 300).unwrap(), a);
        assert!(c.add(t("9999-12-01T08:00"), 480 * 100).is_err());
        assert!(c.sub(t("0001-01-02T08:00"), 480 * 100).is_err());
    }

    /// Minutes to a date-time by whole days agrees with date arithmetic.
    #[test]
    fn from_minutes_agrees_with_date_arithmetic() {
        for m in [
            MIN_T,
            MIN_T + 1,
            -1_000_000_007,
            -1441,
            -1,
            0,
            1,
            1439,
            1440,
            29_000_000,
            MAX_T - 1,
        ] {
            let want = epoch() + chrono::Duration::minutes(m);
            assert_eq!(from_minutes(m).unwrap().0, want, "{m}");
            assert_eq!(to_minutes(from_minutes(m).unwrap()), m);
        }
        assert!(from_minutes(MAX_T).is_err() && from_minutes(MIN_T - 1).is_err());
    }

    /// The direct day lookup and the binary search (used when the
    /// exceptions span more than `MAX_DENSE_DAYS`) give the same answers.
    #[test]
    fn dense_lookup_agrees_with_binary_search() {
        let exc = r#"{"from": "2025-12-24", "to": "2026-01-02"},
                     {"from": "2026-03-07", "intervals": [{"from": "10:00", "to": "11:30"}]},
                     {"from": "2026-05-01"}"#;
        let near: Calendar =
            serde_json::from_str(&format!(r#"{{"id": "n", "exceptions": [{exc}]}}"#)).unwrap();
        // one far-away holiday pushes the span past the dense limit
        let far: Calendar = serde_json::from_str(&format!(
            r#"{{"id": "f", "exceptions": [{exc}, {{"from": "2900-01-01"}}]}}"#
        ))
        .unwrap();
        let doc = Document::new();
        let n = WorkCalendar::resolve(&doc, &near).unwrap();
        let f = WorkCalendar::resolve(&doc, &far).unwrap();
        assert!(!n.dense.is_empty());
        assert!(f.dense.is_empty());
        let a = t("2025-12-01T00:00");
        for k in 0..400 {
            let x = a + k * 337;
            assert_eq!(n.next_start(x).unwrap(), f.next_start(x).unwrap());
            assert_eq!(n.prev_finish(x).unwrap(), f.prev_finish(x).unwrap());
            for w in [1, 480, 4800, 48_000] {
                assert_eq!(n.add(x, w).unwrap(), f.add(x, w).unwrap());
                assert_eq!(n.sub(x, w).unwrap(), f.sub(x, w).unwrap());
            }
            let y = x + k * 1000;
            assert_eq!(n.between(x, y).unwrap(), f.between(x, y).unwrap());
        }
    }

    /// `add` and `sub` jump over the exceptions' span by its cumulative
    /// minutes; a calendar whose span is too wide for the dense tables
    /// walks day by day. Both give the same instant for random starts
    /// (before, inside and after the span), works up to a year, and works
    /// that leave the span on either side, with partial exception days and
    /// working Saturdays.
    #[test]
    fn cumulative_jumps_agree_with_walking_day_by_day() {
        let exc = r#"{"from": "2025-12-24", "to": "2026-01-02"},
                     {"from": "2026-03-07", "intervals": [{"from": "10:00", "to": "11:30"}]},
                     {"from": "2026-03-08", "intervals": [{"from": "00:00", "to": "24:00"}]},
                     {"from": "2026-05-01"}, {"from": "2026-08-03", "to": "2026-08-21"},
                     {"from": "2027-07-04", "to": "2027-07-05"}"#;
        let week = r#""week": {"saturday": [{"from": "09:00", "to": "13:00"}]}"#;
        let near: Calendar =
            serde_json::from_str(&format!(r#"{{"id": "n", {week}, "exceptions": [{exc}]}}"#))
                .unwrap();
        let far: Calendar = serde_json::from_str(&format!(
            r#"{{"id": "f", {week}, "exceptions": [{exc}, {{"from": "2900-01-01"}}]}}"#
        ))
        .unwrap();
        let doc = Document::new();
        let n = WorkCalendar::resolve(&doc, &near).unwrap();
        let f = WorkCalendar::resolve(&doc, &far).unwrap();
        assert!(!n.dense_cum.is_empty() && f.dense_cum.is_empty());
        let base = t("2025-10-01T00:00");
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = base + (x % (700 * DAY as u64)) as i64;
            let w = ((x >> 24) % 130_000) as i64 - 5_000;
            assert_eq!(
                n.add(a, w).unwrap(),
                f.add(a, w).unwrap(),
                "add {} {w}",
                s(a)
            );
            assert_eq!(
                n.sub(a, w).unwrap(),
                f.sub(a, w).unwrap(),
                "sub {} {w}",
                s(a)
            );
            let short = w.rem_euclid(600);
            assert_eq!(n.add(a, short).unwrap(), f.add(a, short).unwrap());
            assert_eq!(n.sub(a, short).unwrap(), f.sub(a, short).unwrap());
        }
    }

    /// `between` (arithmetic with exception prefix sums) equals a plain
    /// day-by-day count, over spans that cross many exceptions.
    #[test]
    fn between_matches_day_by_day_counting() {
        let mut doc = Document::new();
        let cal: Calendar = serde_json::from_str(
            r#"{"id": "c", "week": {"saturday": [{"from": "09:00", "to": "13:00"}]},
                "exceptions": [{"from": "2025-12-24", "to": "2026-01-02"},
                               {"from": "2026-03-07", "intervals": [{"from": "10:00", "to": "11:30"}]},
                               {"from": "2026-05-01"}, {"from": "2027-07-04", "to": "2027-07-05"}]}"#,
        )
        .unwrap();
        doc.calendars.push(cal.clone());
        let c = WorkCalendar::resolve(&doc, &cal).unwrap();
        let slow = |a: i64, b: i64| -> i64 {
            let mut total = 0;
            let mut day = a.div_euclid(DAY);
            while day * DAY < b {
                for &(x, y) in c.day_spans(day) {
                    total += (y.min(b - day * DAY) - x.max(a - day * DAY)).max(0);
                }
                day += 1;
            }
            total
        };
        let base = t("2025-11-03T00:00");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = base + (x % (900 * DAY as u64)) as i64;
            let b = a + ((x >> 20) % (400 * DAY as u64)) as i64;
            assert_eq!(c.between(a, b).unwrap(), slow(a, b), "{} .. {}", s(a), s(b));
            assert_eq!(c.between(b, a).unwrap(), -slow(a, b));
            let w = ((x >> 7) % 50_000) as i64;
            let f = c.add(a, w).unwrap();
            assert_eq!(c.between(a, f).unwrap(), w);
        }
    }

    #[test]
    fn continuous_is_plain_addition() {
        let c = WorkCalendar::continuous();
        assert_eq!(c.add(100, 1440).unwrap(), 1540);
        assert_eq!(c.between(0, 1440 * 7).unwrap(), 1440 * 7);
    }
}
