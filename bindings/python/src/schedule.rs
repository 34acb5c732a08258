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
use pyo3::types::{PyDateTime, PyDict, PyList, PyType};
use serde_json::json;
use stratops::schedule::{Schedule, TaskTimes};
use stratops::{DateTime, Error};

use crate::errors::{failure, guard};
use crate::table::{
    self, driver_field, driver_kind, kind_str, Col, IntKind, Numbers, StrCol, Strings,
    DRIVER_COLUMNS, PARALLEL_ROWS,
};
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

    /// The task table, column by column, in the order the row-by-row
    /// DataFrame build had: `id`, `name`, then the fields alphabetically
    /// with the first task's driver fields after `driver_kind`, then the
    /// driver fields first met on later rows. The string columns and the
    /// numeric ones are each filled in one pass over the tasks (a task
    /// record is read once, not once per column), on two threads for a
    /// large table.
    fn table(&self) -> Vec<(String, Col)> {
        let n = self.sched.tasks.len();
        let (mut strs, nums) = if n >= PARALLEL_ROWS {
            std::thread::scope(|scope| {
                let nums = scope.spawn(|| self.numbers());
                let strs = self.strings();
                // The numeric pass cannot panic; should it, do it here.
                (strs, nums.join().unwrap_or_else(|_| self.numbers()))
            })
        } else {
            (self.strings(), self.numbers())
        };
        let first_met = strs.first_met;
        let mut drivers = strs.drivers.map(Some);
        let mut driver = |k: usize| {
            let col = drivers[k].take().unwrap_or_else(|| StrCol::new(0));
            (format!("driver_{}", DRIVER_COLUMNS[k]), Col::Str(col))
        };
        let (us, count) = (IntKind::Micros, IntKind::Count);
        let take = |c: &mut StrCol| Col::Str(std::mem::replace(c, StrCol::new(0)));
        let mut out: Vec<(String, Col)> = vec![
            ("id".into(), take(&mut strs.id)),
            ("name".into(), take(&mut strs.name)),
            ("critical".into(), Col::Bool(nums.critical)),
            ("driver_kind".into(), take(&mut strs.driver_kind)),
        ];
        // The first task's driver fields, in their sorted order.
        let first: Vec<usize> = (0..4).filter(|&k| first_met[k] == Some(0)).collect();
        out.extend(first.iter().map(|&k| driver(k)));
        out.extend([
            ("duration_min".into(), Col::Int(count, nums.duration)),
            ("early_finish".into(), Col::Int(us, nums.early_finish)),
            ("early_start".into(), Col::Int(us, nums.early_start)),
            ("finish".into(), Col::Int(us, nums.finish)),
            ("free_float_min".into(), Col::Int(count, nums.free_float)),
            ("kind".into(), take(&mut strs.kind)),
            ("late_finish".into(), Col::Int(us, nums.late_finish)),
            ("late_start".into(), Col::Int(us, nums.late_start)),
            ("plan".into(), take(&mut strs.plan)),
            ("start".into(), Col::Int(us, nums.start)),
            ("total_float_min".into(), Col::Int(count, nums.total_float)),
        ]);
        // The other driver fields, in the order first met (row, then key).
        let mut later: Vec<(usize, usize)> = (0..4)
            .filter_map(|k| first_met[k].filter(|&row| row > 0).map(|row| (row, k)))
            .collect();
        later.sort_unstable();
        out.extend(later.into_iter().map(|(_, k)| driver(k)));
        out
    }

    /// The string columns, in one pass over the tasks.
    fn strings(&self) -> Strings {
        let ts = &self.sched.tasks;
        let n = ts.len();
        // The schedule lists the model's tasks by dense index.
        let model = self
            .doc
            .get()
            .model()
            .ok()
            .filter(|m| m.index().tasks.len() == n);
        let mut out = Strings::new(n);
        for (i, t) in ts.iter().enumerate() {
            let dense = model.zip(u32::try_from(i).ok());
            let name = dense.map_or_else(|| self.name(i), |(m, d)| &m.task(d).name);
            out.push(t, name);
        }
        out
    }

    /// The numeric columns, in one pass over the tasks.
    fn numbers(&self) -> Numbers {
        let ts = &self.sched.tasks;
        let mut out = Numbers::new(ts.len());
        for t in ts {
            out.push(t);
        }
        out
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
        let rows = self
            .sched
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let d = task_dict(py, t, self.name(i))?;
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
        let table = py.detach(|| self.table());
        table::list_columns(py, table)
    }

    /// The task table as the buffers of Arrow arrays, in the order of
    /// [`PySchedule::columns`]: a list of `(name, type, length, null_count,
    /// buffers)`, where `type` is `"large_string"`, `"timestamp[us]"`,
    /// `"int64"` or `"bool"` and `buffers` the array's buffers in Arrow's
    /// layout (validity bitmap or `None`, then offsets and UTF-8 data for
    /// strings, or the values: little-endian, bit-packed for booleans).
    /// Each buffer is `alloc(size)` (a writable buffer, such as
    /// `pyarrow.allocate_buffer`, so the memory is Arrow's own pool) filled
    /// from Rust, or `bytes` without `alloc`; `pyarrow.Array.from_buffers`
    /// wraps them without a copy.
    #[pyo3(signature = (alloc = None))]
    fn arrow_columns<'py>(
        &self,
        py: Python<'py>,
        alloc: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let n = self.sched.tasks.len();
        let table = py.detach(|| self.table());
        table::arrow_columns(py, n, table, alloc)
    }

    fn __repr__(&self) -> String {
        format!(
            "<stratops._core.Schedule: {} task(s), finish {}>",
            self.sched.tasks.len(),
            self.sched.project_finish
        )
    }
}
