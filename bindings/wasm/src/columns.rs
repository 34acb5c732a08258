//! A schedule as columns, for a fast crossing to JavaScript.
//!
//! Turning a 10,000-task schedule into JSON text and parsing it again took
//! about two thirds of `schedule()` (date formatting, string escaping,
//! `JSON.parse`). Instead the numbers cross as flat arrays (instants as
//! minutes since 1970-01-01 00:00, floats in minutes, flags), the drivers
//! and critical paths as task indices, and the task and plan ids as one
//! string each, which the `Plan` caches until an edit changes the task list.
//! `src/glue.js` builds the public objects from them, equal to what the
//! JSON gave.
//!
//! This module is plain Rust so that it is unit-tested natively.

use chrono::{Datelike, Timelike};
use stratops::model::{LinkType, TaskKind};
use stratops::schedule::{Driver, Schedule, TaskTimes};
use stratops::{DateTime, Error, Model};

/// Days from 0001-01-01 (day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// Minutes since 1970-01-01 00:00 of date-times, as
/// [`stratops::calendar::to_minutes`] counts them for the whole-minute
/// instants of a schedule, from the date and clock fields (several times
/// cheaper than subtracting date-times), keeping the day number of the
/// last date: dates repeat from one instant to the next (a task's early
/// and late dates, a chain's finish and its successor's start).
struct Clock {
    /// The last date seen and its day number since 1970-01-01.
    day: (chrono::NaiveDate, i64),
}

impl Clock {
    fn new() -> Clock {
        Clock {
            day: (chrono::NaiveDate::MIN, 0),
        }
    }
    /// The minutes of `t`. (`inline(always)`: the size-optimised build
    /// would call it.)
    #[inline(always)]
    fn at(&mut self, t: DateTime) -> f64 {
        let d = t.0.date();
        if d != self.day.0 {
            self.day = (d, i64::from(d.num_days_from_ce()) - UNIX_EPOCH_DAYS_FROM_CE);
        }
        (self.day.1 * 1440 + i64::from(t.0.num_seconds_from_midnight() / 60)) as f64
    }
    /// A task's early start, early finish, late start, late finish, start
    /// and finish; the start and finish are the early (or, ALAP, the late)
    /// dates, converted once.
    #[inline(always)]
    fn instants(&mut self, t: &TaskTimes) -> [f64; 6] {
        let (es, ef) = (self.at(t.early_start), self.at(t.early_finish));
        let (ls, lf) = (self.at(t.late_start), self.at(t.late_finish));
        let start = if t.start == t.early_start {
            es
        } else if t.start == t.late_start {
            ls
        } else {
            self.at(t.start)
        };
        let finish = if t.finish == t.early_finish {
            ef
        } else if t.finish == t.late_finish {
            lf
        } else {
            self.at(t.finish)
        };
        [es, ef, ls, lf, start, finish]
    }
}

/// A task kind's code: 0 task, 1 milestone, 2 summary.
fn kind_code(kind: TaskKind) -> u8 {
    match kind {
        TaskKind::Task => 0,
        TaskKind::Milestone => 1,
        TaskKind::Summary => 2,
    }
}

/// Strings joined into one text, with each one's length in UTF-16 code
/// units (what JavaScript's `String.prototype.slice` counts).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Joined {
    /// The strings, concatenated.
    pub text: String,
    /// Each string's length in UTF-16 code units.
    pub lens: Vec<u32>,
}

impl Joined {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.lens.push(s.encode_utf16().count() as u32);
    }
    /// Joins strings.
    pub fn of<'a>(strings: impl Iterator<Item = &'a str>) -> Joined {
        let mut j = Joined::default();
        for s in strings {
            j.push(s);
        }
        j
    }
}

/// The task ids in dense (document) order.
pub fn task_ids(model: &Model) -> Joined {
    let n = model.index().tasks.len() as u32;
    Joined::of((0..n).map(|t| model.task(t).id.as_str()))
}

/// The plan ids in document order.
pub fn plan_ids(model: &Model) -> Joined {
    Joined::of(model.document().plans.iter().map(|p| p.id.as_str()))
}

/// Driver kinds in `flags` bits 3-5.
const DRIVER_PROJECT_START: u8 = 0;
const DRIVER_LINK: u8 = 1;
const DRIVER_SUMMARY: u8 = 2;
const DRIVER_CONSTRAINT: u8 = 3;
const DRIVER_ACTUAL: u8 = 4;
const DRIVER_MANUAL: u8 = 5;
const DRIVER_STATUS_DATE: u8 = 6;

/// One schedule as columns; task `i` is the model's dense task `i`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleColumns {
    /// The plan (index into the document's plans) of each task.
    pub plan_of: Vec<u32>,
    /// Six instants per task, in minutes since 1970-01-01 00:00: early
    /// start, early finish, late start, late finish, start, finish.
    pub times: Vec<f64>,
    /// Three numbers per task: duration, total float, free float (minutes).
    pub nums: Vec<f64>,
    /// Bits 0-1 the kind (task, milestone, summary), bit 2 critical, bits
    /// 3-5 the driver kind (project start, link, summary, constraint,
    /// actual), bits 6-7 a link driver's type (FS, SS, FF, SF).
    pub flags: Vec<u8>,
    /// The driving predecessor or summary of each task, or -1.
    pub refs: Vec<i32>,
    /// The lags of link drivers that have one, as written.
    pub lags: Joined,
    /// The task each lag in `lags` belongs to.
    pub lag_task: Vec<u32>,
    /// The critical paths, as task indices, one after the other.
    pub paths: Vec<u32>,
    /// The length of each critical path.
    pub path_lens: Vec<u32>,
    /// Project start and finish (minutes), and 1 if paths were truncated.
    pub head: [f64; 3],
    /// The schedule's diagnostics as JSON (few, so JSON is cheap).
    pub diagnostics: String,
}

fn internal(message: String) -> Error {
    Error::calc(stratops::error::codes::INTERNAL, None, message)
}

impl ScheduleColumns {
    /// The columns of `sched`, a schedule of `model`.
    pub fn new(model: &Model, sched: &Schedule) -> Result<ScheduleColumns, Error> {
        let ix = model.index();
        let n = ix.tasks.len();
        if sched.tasks.len() != n {
            return Err(internal(format!(
                "the schedule has {} tasks, the plan {n}",
                sched.tasks.len()
            )));
        }
        let find = |id: &str| -> Result<i32, Error> {
            ix.task(id)
                .map(|t| t as i32)
                .ok_or_else(|| internal(format!("the schedule names an unknown task {id:?}")))
        };
        let mut c = ScheduleColumns {
            plan_of: ix.tasks.iter().map(|&(p, _)| p).collect(),
            times: Vec::with_capacity(6 * n),
            nums: Vec::with_capacity(3 * n),
            flags: Vec::with_capacity(n),
            refs: Vec::with_capacity(n),
            ..Default::default()
        };
        let mut clock = Clock::new();
        for (i, t) in sched.tasks.iter().enumerate() {
            c.times.extend_from_slice(&clock.instants(t));
            c.nums.push(t.duration_min as f64);
            c.nums.push(t.total_float_min as f64);
            c.nums.push(t.free_float_min as f64);
            let kind = kind_code(t.kind);
            let (driver, link, r) = match &t.driver {
                Driver::ProjectStart => (DRIVER_PROJECT_START, 0u8, -1),
                Driver::Link {
                    predecessor,
                    link_type,
                    lag,
                } => {
                    if let Some(lag) = lag {
                        c.lags.push(lag);
                        c.lag_task.push(i as u32);
                    }
                    let link = match link_type {
                        LinkType::FS => 0,
                        LinkType::SS => 1,
                        LinkType::FF => 2,
                        LinkType::SF => 3,
                    };
                    (DRIVER_LINK, link, find(predecessor)?)
                }
                Driver::Summary { summary } => (DRIVER_SUMMARY, 0, find(summary)?),
                Driver::Constraint => (DRIVER_CONSTRAINT, 0, -1),
                Driver::Actual => (DRIVER_ACTUAL, 0, -1),
                Driver::Manual => (DRIVER_MANUAL, 0, -1),
                Driver::StatusDate => (DRIVER_STATUS_DATE, 0, -1),
            };
            c.flags
                .push(kind | (u8::from(t.critical) << 2) | (driver << 3) | (link << 6));
            c.refs.push(r);
        }
        for path in &sched.critical_paths {
            for id in path {
                c.paths.push(find(id)? as u32);
            }
            c.path_lens.push(path.len() as u32);
        }
        c.head = [
            clock.at(sched.project_start),
            clock.at(sched.project_finish),
            f64::from(u8::from(sched.paths_truncated)),
        ];
        c.diagnostics = serde_json::to_string(&sched.diagnostics)
            .map_err(|e| internal(format!("cannot serialise diagnostics: {e}")))?;
        Ok(c)
    }
}

/// One schedule as the dense columns of `scheduleColumns()`: one vector
/// per field, task `i` the model's dense task `i`. No drivers or paths, so
/// no id lookups: one pass over the tasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DenseColumns {
    /// Early start, early finish, late start, late finish, start, finish
    /// (minutes since 1970-01-01 00:00), then duration, total float and
    /// free float (working minutes): nine columns of `n` values.
    pub cols: [Vec<f64>; 9],
    /// 0 task, 1 milestone, 2 summary.
    pub kind: Vec<u8>,
    /// 1 when critical.
    pub critical: Vec<u8>,
    /// Project start and finish (minutes).
    pub head: [f64; 2],
    /// The schedule's diagnostics as JSON.
    pub diagnostics: String,
}

/// The names of [`DenseColumns::cols`], in order.
pub const DENSE_NAMES: [&str; 9] = [
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "start",
    "finish",
    "duration_min",
    "total_float_min",
    "free_float_min",
];

impl DenseColumns {
    /// The dense columns of `sched`, a schedule of `model`.
    pub fn new(model: &Model, sched: &Schedule) -> Result<DenseColumns, Error> {
        let mut c = DenseColumns::default();
        c.refresh(model, sched, None)?;
        Ok(c)
    }

    /// Brings these columns up to date with `sched`, a schedule of
    /// `model`: converts again only the tasks `rows` (dense indices) when
    /// given, and every task when `None` or when the task count changed.
    /// `rows` must name every row of `sched` that changed since these
    /// columns were made (what [`stratops::edit::Editor::schedule_changes`]
    /// gives for a change one revision on). The project dates and the
    /// diagnostics are converted every time.
    pub fn refresh(
        &mut self,
        model: &Model,
        sched: &Schedule,
        rows: Option<&[u32]>,
    ) -> Result<(), Error> {
        let n = model.index().tasks.len();
        if sched.tasks.len() != n {
            return Err(internal(format!(
                "the schedule has {} tasks, the plan {n}",
                sched.tasks.len()
            )));
        }
        let rows = rows.filter(|_| self.kind.len() == n);
        if rows.is_none() {
            // Columns filled by index (the package is built for size,
            // where a `push` is a call).
            self.cols = std::array::from_fn(|_| vec![0.0; n]);
            self.kind = vec![0; n];
            self.critical = vec![0; n];
        }
        let mut clock = Clock::new();
        // slices, whose indexing is built in (a `Vec`'s is a call at -Oz)
        let [es, ef, ls, lf, st, fi, du, tf, ff] = self.cols.each_mut().map(|v| &mut v[..]);
        let (kind, critical) = (&mut self.kind[..], &mut self.critical[..]);
        let mut set = |i: usize, t: &TaskTimes| {
            [es[i], ef[i], ls[i], lf[i], st[i], fi[i]] = clock.instants(t);
            du[i] = t.duration_min as f64;
            tf[i] = t.total_float_min as f64;
            ff[i] = t.free_float_min as f64;
            kind[i] = kind_code(t.kind);
            critical[i] = u8::from(t.critical);
        };
        match rows {
            None => {
                for (i, t) in sched.tasks.iter().enumerate().take(n) {
                    set(i, t);
                }
            }
            Some(rows) => {
                for &i in rows {
                    if let Some(t) = sched.tasks.get(i as usize) {
                        set(i as usize, t);
                    }
                }
            }
        }
        self.head = [
            clock.at(sched.project_start),
            clock.at(sched.project_finish),
        ];
        self.diagnostics = serde_json::to_string(&sched.diagnostics)
            .map_err(|e| internal(format!("cannot serialise diagnostics: {e}")))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stratops::calendar::to_minutes;

    #[test]
    fn minutes_agree_with_the_core() {
        let mut clock = Clock::new();
        for text in [
            "0001-01-01T00:00:00",
            "1969-12-31T23:59:00",
            "1970-01-01T00:00:00",
            "2024-02-29T17:00:00",
            "2025-12-29T08:01:00",
            "9999-12-31T23:59:00",
        ] {
            let d: DateTime = text.parse().unwrap();
            // each on a fresh clock, and all on one (the kept day number)
            assert_eq!(Clock::new().at(d) as i64, to_minutes(d), "{text}");
            assert_eq!(clock.at(d) as i64, to_minutes(d), "{text}");
        }
    }

    const DOC: &str = r#"{"format": "stratops/1", "plans": [{
      "id": "p", "kind": "project", "name": "P",
      "horizon": {"start": "2025-01-06", "end": "2025-03-01"},
      "tasks": [
        {"id": "s", "name": "S", "constraint": {"type": "SNET", "date": "2025-01-08"}},
        {"id": "a", "name": "A", "parent": "s", "duration": "2d"},
        {"id": "b", "name": "B", "parent": "s", "duration": "1d",
         "dependencies": [{"predecessor": "a", "type": "SS", "lag": "1d"}]},
        {"id": "é", "name": "E", "duration": "1d", "constraint": {"type": "ALAP"}},
        {"id": "m", "name": "M", "kind": "milestone", "dependencies": [{"predecessor": "b"}]}
      ]}]}"#;

    #[test]
    fn columns_hold_every_field_of_the_schedule() {
        let model = Model::from_json(DOC).unwrap();
        let s = stratops::schedule::schedule(&model, &Default::default()).unwrap();
        let c = ScheduleColumns::new(&model, &s).unwrap();
        let ids = task_ids(&model);
        assert_eq!(ids.text, "sabém");
        assert_eq!(ids.lens, vec![1, 1, 1, 1, 1]);
        assert_eq!(plan_ids(&model).text, "p");
        for (i, t) in s.tasks.iter().enumerate() {
            let m = |k: usize| c.times[6 * i + k] as i64;
            assert_eq!(m(0), to_minutes(t.early_start));
            assert_eq!(m(3), to_minutes(t.late_finish));
            assert_eq!(m(4), to_minutes(t.start));
            assert_eq!(c.nums[3 * i + 1] as i64, t.total_float_min);
            assert_eq!(c.flags[i] & 4 != 0, t.critical);
        }
        // b is driven by its SS link from a with a 1d lag; a by its summary.
        let b = 2;
        assert_eq!((c.flags[b] >> 3) & 7, DRIVER_LINK);
        assert_eq!(c.flags[b] >> 6, 1);
        assert_eq!(c.refs[b], 1);
        assert_eq!(c.lag_task, vec![2]);
        assert_eq!(c.lags.text, "1d");
        assert_eq!((c.flags[1] >> 3) & 7, DRIVER_SUMMARY);
        assert_eq!(c.refs[1], 0);
        assert_eq!(c.flags[0] & 3, 2, "s is a summary");
        assert_eq!(c.flags[4] & 3, 1, "m is a milestone");
        let total: u32 = c.path_lens.iter().sum();
        assert_eq!(total as usize, c.paths.len());
        assert_eq!(c.head[1] as i64, to_minutes(s.project_finish));
        assert_eq!(c.diagnostics, "[]");
    }

    #[test]
    fn refreshing_the_rebuilt_rows_gives_the_columns_anew() {
        use crate::edit::{set_duration, DurationArg};
        let model = Model::from_json(DOC).unwrap();
        let mut ed = stratops::edit::Editor::new(model, Default::default()).unwrap();
        let mut d = DenseColumns::new(ed.model(), ed.cached_schedule().unwrap()).unwrap();
        let mut rev = ed.schedule_changes().0;
        let mut partial = 0;
        for (id, days) in [
            ("é", "3d"),
            ("b", "2d"),
            ("é", "1d"),
            ("a", "5d"),
            ("b", "1d"),
        ] {
            set_duration(&mut ed, id, &DurationArg::Text(days.into())).unwrap();
            let (r, rows) = ed.schedule_changes();
            assert_eq!(r, rev + 1, "one change per edit");
            let s = ed.cached_schedule().unwrap();
            if let Some(rows) = rows {
                assert!(rows.len() < s.tasks.len(), "{id} {days}: {rows:?}");
                partial += 1;
            }
            d.refresh(ed.model(), s, rows).unwrap();
            assert_eq!(d, DenseColumns::new(ed.model(), s).unwrap(), "{id} {days}");
            rev = r;
        }
        assert!(partial >= 2, "{partial} edits converted only some rows");
    }

    #[test]
    fn dense_columns_are_the_columns_by_field() {
        let model = Model::from_json(DOC).unwrap();
        let s = stratops::schedule::schedule(&model, &Default::default()).unwrap();
        let c = ScheduleColumns::new(&model, &s).unwrap();
        let d = DenseColumns::new(&model, &s).unwrap();
        for i in 0..s.tasks.len() {
            for k in 0..6 {
                assert_eq!(d.cols[k][i], c.times[6 * i + k]);
            }
            for k in 0..3 {
                assert_eq!(d.cols[6 + k][i], c.nums[3 * i + k]);
            }
            assert_eq!(d.kind[i], c.flags[i] & 3);
            assert_eq!(d.critical[i], (c.flags[i] >> 2) & 1);
        }
        assert_eq!(d.head, [c.head[0], c.head[1]]);
        assert_eq!(d.diagnostics, c.diagnostics);
    }

    #[test]
    fn utf16_lengths() {
        let j = Joined::of(["a", "😀", "é", ""].into_iter());
        assert_eq!(j.lens, vec![1, 2, 1, 0]);
    }
}
