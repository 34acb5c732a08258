//! The schedule result kept as a Rust object (`stratops._core.Schedule`).
//!
//! `plan.schedule()` returns as soon as the engine has run: nothing is
//! serialised. Python asks for what it needs, when it needs it:
//!
//! - [`PySchedule::columns`] gives the task table column by column, the
//!   form DataFrames are made of: ids, names and the other strings as one
//!   `list` per column, the dates as `datetime64[us]`-ready little-endian
//!   `int64` microseconds, the minute counts as `int64` and `critical` as
//!   one byte per task (`bytes`, which numpy reads without a copy);
//! - [`PySchedule::tasks`] and [`PySchedule::task`] give typed rows
//!   (`datetime` values) for attribute access;
//! - [`PySchedule::summary`] gives the small fields (project dates,
//!   critical paths, diagnostics) as JSON text;
//! - [`PySchedule::to_json`] the whole result in the CLI's JSON shape.

use chrono::{Datelike, Timelike};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyDict, PyList, PyString, PyType};
use serde_json::json;
use stratops::model::{LinkType, TaskKind};
use stratops::schedule::{Driver, Schedule, TaskTimes};
use stratops::{DateTime, Error};

use crate::errors::{failure, guard};
use crate::PyDocument;

/// A computed schedule, with the document it was computed on (for the task
/// names it is displayed with, read only when a table or row is built).
#[pyclass(module = "stratops._core", name = "Schedule", frozen)]
pub struct PySchedule {
    sched: Schedule,
    doc: Py<PyDocument>,
}

impl PySchedule {
    /// Wraps a schedule computed on `doc`'s model.
    pub fn new(doc: Py<PyDocument>, sched: Schedule) -> PySchedule {
        PySchedule { sched, doc }
    }

    /// The task names, in the order of `sched.tasks` (the ids should the
    /// model be unavailable, which it cannot be once scheduled).
    fn names(&self) -> Vec<&str> {
        (0..self.sched.tasks.len()).map(|i| self.name(i)).collect()
    }

    /// The name of the `i`th task.
    fn name(&self, i: usize) -> &str {
        let t = &self.sched.tasks[i];
        let Ok(model) = self.doc.get().model() else {
            return &t.id;
        };
        let index = model.index();
        // The schedule lists tasks by dense index; look up by id should
        // that ever change.
        let dense = u32::try_from(i)
            .ok()
            .filter(|&d| (d as usize) < index.tasks.len() && model.task(d).id == t.id)
            .or_else(|| index.task(&t.id));
        dense.map_or(t.id.as_str(), |d| model.task(d).name.as_str())
    }
}

fn kind_str(k: TaskKind) -> &'static str {
    match k {
        TaskKind::Task => "task",
        TaskKind::Milestone => "milestone",
        TaskKind::Summary => "summary",
    }
}

fn link_str(t: LinkType) -> &'static str {
    match t {
        LinkType::FS => "FS",
        LinkType::SS => "SS",
        LinkType::FF => "FF",
        LinkType::SF => "SF",
    }
}

fn driver_kind(d: &Driver) -> &'static str {
    match d {
        Driver::ProjectStart => "project_start",
        Driver::Link { .. } => "link",
        Driver::Summary { .. } => "summary",
        Driver::Constraint => "constraint",
        Driver::Actual => "actual",
        Driver::Manual => "manual",
        Driver::StatusDate => "status_date",
    }
}

/// Microseconds since 1970-01-01 00:00 (the `datetime64[us]` value).
fn micros(t: DateTime) -> i64 {
    t.0.and_utc().timestamp_micros()
}

fn py_datetime(py: Python<'_>, t: DateTime) -> PyResult<Bound<'_, PyDateTime>> {
    let (d, tm) = (t.0.date(), t.0.time());
    // Months, days, hours, minutes and seconds all fit in a u8.
    let b = |v: u32| u8::try_from(v).unwrap_or(0);
    PyDateTime::new(
        py,
        d.year(),
        b(d.month()),
        b(d.day()),
        b(tm.hour()),
        b(tm.minute()),
        b(tm.second()),
        0,
        None,
    )
}

/// The driver columns in the order a row-by-row DataFrame build would
/// meet them (each row's driver keys in alphabetical order).
const DRIVER_COLUMNS: [&str; 4] = ["lag", "link_type", "predecessor", "summary"];

fn driver_field<'a>(d: &'a Driver, key: &str) -> Option<&'a str> {
    match (d, key) {
        (Driver::Link { lag, .. }, "lag") => lag.as_deref(),
        (Driver::Link { link_type, .. }, "link_type") => Some(link_str(*link_type)),
        (Driver::Link { predecessor, .. }, "predecessor") => Some(predecessor),
        (Driver::Summary { summary }, "summary") => Some(summary),
        _ => None,
    }
}

/// One task as a dict of typed values, keys as in the engine's JSON
/// (alphabetical), then `name`.
fn task_dict<'py>(py: Python<'py>, t: &TaskTimes, name: &str) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "critical"), t.critical)?;
    let drv = PyDict::new(py);
    drv.set_item(intern!(py, "kind"), driver_kind(&t.driver))?;
    for (key, name) in DRIVER_COLUMNS.iter().zip([
        intern!(py, "lag"),
        intern!(py, "link_type"),
        intern!(py, "predecessor"),
        intern!(py, "summary"),
    ]) {
        if let Some(v) = driver_field(&t.driver, key) {
            drv.set_item(name, v)?;
        }
    }
    d.set_item(intern!(py, "driver"), drv)?;
    d.set_item(intern!(py, "duration_min"), t.duration_min)?;
    d.set_item(
        intern!(py, "early_finish"),
        py_datetime(py, t.early_finish)?,
    )?;
    d.set_item(intern!(py, "early_start"), py_datetime(py, t.early_start)?)?;
    d.set_item(intern!(py, "finish"), py_datetime(py, t.finish)?)?;
    d.set_item(intern!(py, "free_float_min"), t.free_float_min)?;
    d.set_item(intern!(py, "id"), &t.id)?;
    d.set_item(intern!(py, "kind"), kind_str(t.kind))?;
    d.set_item(intern!(py, "late_finish"), py_datetime(py, t.late_finish)?)?;
    d.set_item(intern!(py, "late_start"), py_datetime(py, t.late_start)?)?;
    d.set_item(intern!(py, "plan"), &t.plan)?;
    d.set_item(intern!(py, "start"), py_datetime(py, t.start)?)?;
    d.set_item(intern!(py, "total_float_min"), t.total_float_min)?;
    d.set_item(intern!(py, "name"), name)?;
    Ok(d)
}

fn i64_bytes<'py>(
    py: Python<'py>,
    n: usize,
    f: impl Fn(usize) -> i64,
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, n * 8, |buf| {
        for (i, chunk) in buf.chunks_exact_mut(8).enumerate() {
            chunk.copy_from_slice(&f(i).to_le_bytes());
        }
        Ok(())
    })
}

/// A list of (interned per run) strings, one per task.
fn str_list<'py, 'a>(
    py: Python<'py>,
    items: impl ExactSizeIterator<Item = Option<&'a str>>,
) -> PyResult<Bound<'py, PyList>> {
    // Repeated values (plan ids, kinds, link types) share one object.
    let mut last: Option<(&str, Bound<'py, PyString>)> = None;
    let mut out: Vec<Bound<'py, PyAny>> = Vec::with_capacity(items.len());
    for s in items {
        match s {
            None => out.push(py.None().into_bound(py)),
            Some(s) => {
                let obj = match &last {
                    Some((l, o)) if *l == s => o.clone(),
                    _ => {
                        let o = PyString::new(py, s);
                        last = Some((s, o.clone()));
                        o
                    }
                };
                out.push(obj.into_any());
            }
        }
    }
    PyList::new(py, out)
}

#[pymethods]
impl PySchedule {
    /// The number of tasks.
    fn __len__(&self) -> usize {
        self.sched.tasks.len()
    }

    /// The whole result as JSON text, the CLI's `--format json` shape.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let s = &self.sched;
        py.detach(|| {
            guard(|| {
                serde_json::to_string(s).map_err(|e| {
                    Error::calc(
                        stratops::error::codes::INTERNAL,
                        None,
                        format!("cannot encode: {e}"),
                    )
                })
            })
        })
        .map_err(|f| failure(py, f))
    }

    /// Every field but the tasks, as JSON text (small).
    fn summary(&self) -> String {
        let s = &self.sched;
        let v = json!({
            "project_start": s.project_start,
            "project_finish": s.project_finish,
            "critical_paths": s.critical_paths,
            "paths_truncated": s.paths_truncated,
            "diagnostics": s.diagnostics,
        });
        v.to_string()
    }

    /// Every task as a dict of typed values (`datetime` dates), in document
    /// order, with its `name`. With `record`, a class whose instances keep
    /// their fields in a `_data` slot (`stratops.Record`), each row and its
    /// `driver` are made instances of it, without running its `__init__`.
    #[pyo3(signature = (record = None))]
    fn tasks<'py>(
        &self,
        py: Python<'py>,
        record: Option<&Bound<'py, PyType>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let object = py.get_type::<PyAny>();
        let (new, setattr) = (
            object.getattr(intern!(py, "__new__"))?,
            object.getattr(intern!(py, "__setattr__"))?,
        );
        let data = intern!(py, "_data");
        let wrap = |d: Bound<'py, PyDict>| -> PyResult<Bound<'py, PyAny>> {
            match record {
                None => Ok(d.into_any()),
                Some(cls) => {
                    let r = new.call1((cls,))?;
                    setattr.call1((&r, data, d))?;
                    Ok(r)
                }
            }
        };
        // Hundreds of thousands of new objects would otherwise trigger the
        // cyclic garbage collector over and over; none of them can form a
        // cycle, so it is paused while they are built.
        let gc = py.import(intern!(py, "gc"))?;
        let was_enabled = gc.call_method0(intern!(py, "isenabled"))?.is_truthy()?;
        if was_enabled {
            gc.call_method0(intern!(py, "disable"))?;
        }
        let names = self.names();
        let rows = self
            .sched
            .tasks
            .iter()
            .zip(names)
            .map(|(t, n)| {
                let d = task_dict(py, t, n)?;
                if record.is_some() {
                    let key = intern!(py, "driver");
                    if let Some(drv) = d.get_item(key)? {
                        d.set_item(key, wrap(drv.cast_into::<PyDict>()?)?)?;
                    }
                }
                wrap(d)
            })
            .collect::<PyResult<Vec<_>>>();
        if was_enabled {
            gc.call_method0(intern!(py, "enable"))?;
        }
        PyList::new(py, rows?)
    }

    /// One task as a typed dict, or `None` when there is no task `id`.
    fn task<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        match self.sched.tasks.iter().position(|t| t.id == id) {
            None => Ok(None),
            Some(i) => task_dict(py, &self.sched.tasks[i], self.name(i)).map(Some),
        }
    }

    /// The task table by column, in the order of the row-by-row table:
    /// `(names, columns)` where `columns` maps each name to a `list`
    /// (strings, `None` when absent) or to `("datetime64[us]" | "int64" |
    /// "bool", bytes)`.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<(Vec<String>, Bound<'py, PyDict>)> {
        let ts = &self.sched.tasks;
        let n = ts.len();
        let cols = PyDict::new(py);
        let mut order: Vec<String> = Vec::new();
        let mut put = |name: &str, v: Bound<'py, PyAny>| -> PyResult<()> {
            order.push(name.to_string());
            cols.set_item(name, v)
        };
        let typed = |kind: &str, b: Bound<'py, PyBytes>| -> PyResult<Bound<'py, PyAny>> {
            Ok((kind, b).into_pyobject(py)?.into_any())
        };
        put(
            "id",
            str_list(py, ts.iter().map(|t| Some(t.id.as_str())))?.into_any(),
        )?;
        put(
            "name",
            str_list(py, self.names().into_iter().map(Some))?.into_any(),
        )?;
        let crit = PyBytes::new_with(py, n, |buf| {
            for (b, t) in buf.iter_mut().zip(ts) {
                *b = u8::from(t.critical);
            }
            Ok(())
        })?;
        put("critical", typed("bool", crit)?)?;
        put(
            "driver_kind",
            str_list(py, ts.iter().map(|t| Some(driver_kind(&t.driver))))?.into_any(),
        )?;
        // The first task's other driver fields sit in its row's (sorted)
        // order, right after `driver_kind`; fields first met on later rows
        // come last, as the row-by-row table had them.
        let first: Vec<&str> = ts.first().map_or_else(Vec::new, |t0| {
            DRIVER_COLUMNS
                .into_iter()
                .filter(|key| driver_field(&t0.driver, key).is_some())
                .collect()
        });
        for &key in &first {
            let col = str_list(py, ts.iter().map(|t| driver_field(&t.driver, key)))?;
            put(&format!("driver_{key}"), col.into_any())?;
        }
        put(
            "duration_min",
            typed("int64", i64_bytes(py, n, |i| ts[i].duration_min)?)?,
        )?;
        let dt = |f: fn(&TaskTimes) -> DateTime| -> PyResult<Bound<'py, PyAny>> {
            typed("datetime64[us]", i64_bytes(py, n, |i| micros(f(&ts[i])))?)
        };
        put("early_finish", dt(|t| t.early_finish)?)?;
        put("early_start", dt(|t| t.early_start)?)?;
        put("finish", dt(|t| t.finish)?)?;
        put(
            "free_float_min",
            typed("int64", i64_bytes(py, n, |i| ts[i].free_float_min)?)?,
        )?;
        put(
            "kind",
            str_list(py, ts.iter().map(|t| Some(kind_str(t.kind))))?.into_any(),
        )?;
        put("late_finish", dt(|t| t.late_finish)?)?;
        put("late_start", dt(|t| t.late_start)?)?;
        put(
            "plan",
            str_list(py, ts.iter().map(|t| Some(t.plan.as_str())))?.into_any(),
        )?;
        put("start", dt(|t| t.start)?)?;
        put(
            "total_float_min",
            typed("int64", i64_bytes(py, n, |i| ts[i].total_float_min)?)?,
        )?;
        // The driver's other fields, each where first met.
        let mut seen: Vec<&str> = Vec::new();
        for t in ts {
            for key in DRIVER_COLUMNS {
                if !seen.contains(&key) && driver_field(&t.driver, key).is_some() {
                    seen.push(key);
                }
            }
            if seen.len() == DRIVER_COLUMNS.len() {
                break;
            }
        }
        for key in seen.into_iter().filter(|k| !first.contains(k)) {
            let col = str_list(py, ts.iter().map(|t| driver_field(&t.driver, key)))?;
            put(&format!("driver_{key}"), col.into_any())?;
        }
        Ok((order, cols))
    }

    fn __repr__(&self) -> String {
        format!(
            "<stratops._core.Schedule: {} task(s), finish {}>",
            self.sched.tasks.len(),
            self.sched.project_finish
        )
    }
}
