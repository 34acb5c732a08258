//! The portfolio batch of `stratops.batch.schedule` in Rust: many whole
//! plans held in one tasks table and one dependencies table, each row
//! tagged with its plan's number, built, validated and scheduled plan by
//! plan into one task table.
//!
//! Each plan goes through exactly the steps of `Plan.from_frames(...)
//! .schedule()`: its rows of the frames converted as if they were whole
//! frames (`frames::build_tasks`, so the same `FrameError`s, rows counted
//! within the plan), its document read from the header the Python layer
//! made, the tasks' malformed values raised, the model validated and the
//! schedule run with the same options. A plan that fails gives the Python
//! exception the loop would have raised (its `code` and text), and the
//! others go on. Validation and scheduling run with the GIL released.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use stratops::error::codes;
use stratops::schedule::Schedule;
use stratops::{Document, Error, FormatError, Model};

use crate::errors::{self, failure, guard, Failure};
use crate::frames::{self, Rows, Table, DEPENDENCIES, TASKS};
use crate::table::{self, Col, IntKind, Numbers, Strings, DRIVER_COLUMNS};

/// The rows of each plan, in table order: `rows[starts[p]..starts[p + 1]]`.
struct Groups {
    rows: Vec<usize>,
    starts: Vec<usize>,
}

impl Groups {
    /// Groups the rows by plan number (`codes`: little-endian `int64`, one
    /// per row; a number outside `0..plans` belongs to no plan).
    fn of(codes: &[u8], rows: usize, plans: usize) -> PyResult<Groups> {
        if codes.len() != rows * 8 {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "{} plan numbers for {rows} rows",
                codes.len() / 8
            )));
        }
        let plan = |i: usize| -> Option<usize> {
            let b: [u8; 8] = codes.get(8 * i..8 * i + 8)?.try_into().ok()?;
            usize::try_from(i64::from_le_bytes(b))
                .ok()
                .filter(|&p| p < plans)
        };
        let mut starts = vec![0usize; plans + 1];
        for i in 0..rows {
            if let Some(p) = plan(i) {
                starts[p + 1] += 1;
            }
        }
        for p in 0..plans {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut out = vec![0usize; starts[plans]];
        for i in 0..rows {
            if let Some(p) = plan(i) {
                out[next[p]] = i;
                next[p] += 1;
            }
        }
        Ok(Groups { rows: out, starts })
    }

    fn of_plan(&self, p: usize) -> &[usize] {
        &self.rows[self.starts[p]..self.starts[p + 1]]
    }
}

/// Why a plan failed after its frames were converted.
enum Stop {
    Failure(Failure),
    Value(FormatError),
}

/// Reads `header`, gives its plan `tasks`, validates and schedules, as
/// `Document.from_json_with_tasks` then `Plan.schedule` do.
fn run_plan(
    header: &str,
    tasks: Vec<stratops::model::Task>,
    deferred: Option<FormatError>,
    options: &serde_json::Value,
) -> Result<(Model, Schedule), Stop> {
    let mut doc = guard(|| Document::from_json(header)).map_err(Stop::Failure)?;
    if let Some(e) = deferred {
        return Err(Stop::Value(e));
    }
    let plan = doc.plans.first_mut().ok_or_else(|| {
        Stop::Failure(Failure::Core(Error::calc(
            codes::BAD_OPTION,
            None,
            "the document has no plan for the tasks",
        )))
    })?;
    plan.tasks.extend(tasks);
    let model = match guard(|| Ok(Model::try_new(doc))) {
        Ok(Ok(m)) => m,
        Ok(Err(refused)) => return Err(Stop::Failure(Failure::Core(refused.0))),
        Err(f) => return Err(Stop::Failure(f)),
    };
    let sched =
        guard(|| stratops::engines::run_schedule(&model, options)).map_err(Stop::Failure)?;
    Ok((model, sched))
}

/// A failed plan: its number, the exception's `code` and text.
type Failed = (usize, String, String);

/// The `code` and text of a Python exception, as `stratops.batch` records
/// a failed plan.
fn describe(py: Python<'_>, err: &PyErr) -> (String, String) {
    let value = err.value(py);
    let code = value
        .getattr("code")
        .and_then(|c| c.str().map(|s| s.to_string()))
        .unwrap_or_else(|_| codes::INTERNAL.to_string());
    let text = value.str().map(|s| s.to_string()).unwrap_or_default();
    (code, text)
}

/// The batch's task table, every plan's rows appended.
struct Out {
    strings: Strings,
    numbers: Numbers,
    /// The plan number of each row.
    plan: Vec<u8>,
}

impl Out {
    fn push(&mut self, p: usize, model: &Model, sched: &Schedule) {
        let n = model.index().tasks.len();
        for (i, t) in sched.tasks.iter().enumerate() {
            // The schedule lists the model's tasks by dense index.
            let name = u32::try_from(i)
                .ok()
                .filter(|_| i < n)
                .map_or(t.id.as_str(), |d| model.task(d).name.as_str());
            self.strings.push(t, name);
            self.numbers.push(t);
            let p = i64::try_from(p).unwrap_or(i64::MAX);
            self.plan.extend_from_slice(&p.to_le_bytes());
        }
    }

    /// The columns in the batch frame's order: the plan number, the
    /// schedule's fields, then every driver column in a fixed order
    /// (`stratops.batch.DRIVER_COLUMNS`).
    fn columns(self) -> Vec<(String, Col)> {
        let (s, n) = (self.strings, self.numbers);
        let (us, count) = (IntKind::Micros, IntKind::Count);
        let [lag, link_type, predecessor, summary] = s.drivers;
        debug_assert_eq!(
            DRIVER_COLUMNS,
            ["lag", "link_type", "predecessor", "summary"]
        );
        vec![
            ("plan_row".into(), Col::Int(count, self.plan)),
            ("id".into(), Col::Str(s.id)),
            ("name".into(), Col::Str(s.name)),
            ("critical".into(), Col::Bool(n.critical)),
            ("duration_min".into(), Col::Int(count, n.duration)),
            ("early_finish".into(), Col::Int(us, n.early_finish)),
            ("early_start".into(), Col::Int(us, n.early_start)),
            ("finish".into(), Col::Int(us, n.finish)),
            ("free_float_min".into(), Col::Int(count, n.free_float)),
            ("kind".into(), Col::Str(s.kind)),
            ("late_finish".into(), Col::Int(us, n.late_finish)),
            ("late_start".into(), Col::Int(us, n.late_start)),
            ("plan".into(), Col::Str(s.plan)),
            ("start".into(), Col::Int(us, n.start)),
            ("total_float_min".into(), Col::Int(count, n.total_float)),
            ("driver_kind".into(), Col::Str(s.driver_kind)),
            ("driver_predecessor".into(), Col::Str(predecessor)),
            ("driver_link_type".into(), Col::Str(link_type)),
            ("driver_lag".into(), Col::Str(lag)),
            ("driver_summary".into(), Col::Str(summary)),
        ]
    }
}

/// Schedules every plan of a portfolio.
///
/// `headers[p]`: plan `p`'s document without tasks (JSON text), `None` to
/// skip it (the Python layer recorded its failure), or an exception to
/// raise once its frames are converted (one the loop would have raised
/// there). `tasks` and `dependencies`: the frames' columns, as
/// `task_frames` takes them; `task_plans`, `dependency_plans`: each row's
/// plan number (little-endian `int64` bytes). `options`: `Plan.schedule`'s
/// options as JSON. `progress(done, total)` is called as plans finish.
///
/// Returns `(columns, errors)`: the task table as `arrow_columns` gives
/// it (with `alloc`), its first column `plan_row`; and one `(plan number,
/// code, message)` per failed plan, in plan order.
#[pyfunction]
#[pyo3(signature = (headers, tasks, task_plans, dependencies, dependency_plans, options, alloc = None, progress = None))]
#[allow(clippy::too_many_arguments)]
pub fn batch_schedule<'py>(
    py: Python<'py>,
    headers: &Bound<'py, PyList>,
    tasks: &Bound<'py, PyDict>,
    task_plans: &[u8],
    dependencies: Option<&Bound<'py, PyDict>>,
    dependency_plans: Option<&[u8]>,
    options: &str,
    alloc: Option<Bound<'py, PyAny>>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyList>, Vec<Failed>)> {
    let plans = headers.len();
    let options: serde_json::Value = serde_json::from_str(options).map_err(|e| {
        errors::to_py(
            py,
            Error::calc(
                codes::BAD_OPTION,
                None,
                format!("options are not JSON: {e}"),
            ),
        )
    })?;
    let task_table = Table::read("tasks", tasks, TASKS)?;
    let task_groups = Groups::of(task_plans, task_table.len(), plans)?;
    let dep_table = dependencies
        .map(|d| Table::read("dependencies", d, DEPENDENCIES))
        .transpose()?;
    let dep_groups = match (&dep_table, dependency_plans) {
        (Some(t), Some(codes)) => Some(Groups::of(codes, t.len(), plans)?),
        (Some(_), None) => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "dependencies without their plan numbers",
            ))
        }
        _ => None,
    };
    let total_rows = task_groups.rows.len();
    let mut out = Out {
        strings: Strings::new(total_rows),
        numbers: Numbers::new(total_rows),
        plan: Vec::with_capacity(8 * total_rows),
    };
    let mut failed: Vec<Failed> = Vec::new();
    let step = (plans / 100).max(1);
    for (p, header) in headers.iter().enumerate() {
        if let Err(e) = one_plan(
            py,
            p,
            &header,
            &task_table,
            &task_groups,
            &dep_table,
            &dep_groups,
            &options,
            &mut out,
        ) {
            let (code, text) = describe(py, &e);
            failed.push((p, code, text));
        }
        if let Some(cb) = &progress {
            if (p + 1) % step == 0 || p + 1 == plans {
                cb.call1((p + 1, plans))?;
            }
        }
    }
    let n = out.plan.len() / 8;
    let columns = py.detach(|| out.columns());
    Ok((table::arrow_columns(py, n, columns, alloc)?, failed))
}

/// Converts, builds and schedules plan `p`, appending its rows to `out`.
#[allow(clippy::too_many_arguments)]
fn one_plan(
    py: Python<'_>,
    p: usize,
    header: &Bound<'_, PyAny>,
    tasks: &Table<'_, '_>,
    task_groups: &Groups,
    deps: &Option<Table<'_, '_>>,
    dep_groups: &Option<Groups>,
    options: &serde_json::Value,
    out: &mut Out,
) -> PyResult<()> {
    if header.is_none() {
        return Ok(());
    }
    let task_rows = Rows {
        table: tasks,
        rows: Some(task_groups.of_plan(p)),
    };
    let dep_rows = deps.as_ref().zip(dep_groups.as_ref()).map(|(t, g)| Rows {
        table: t,
        rows: Some(g.of_plan(p)),
    });
    let (converted, deferred) = frames::build_tasks(py, task_rows, dep_rows, None)?;
    if let Ok(err) = header.cast::<pyo3::exceptions::PyBaseException>() {
        return Err(PyErr::from_value(err.clone().into_any()));
    }
    let text: String = header.extract()?;
    let deferred = deferred.map(|(_, _, e)| e);
    match py.detach(|| run_plan(&text, converted, deferred, options)) {
        Ok((model, sched)) => {
            py.detach(|| out.push(p, &model, &sched));
            Ok(())
        }
        Err(Stop::Failure(f)) => Err(failure(py, f)),
        Err(Stop::Value(e)) => Err(errors::frame_value(py, e)),
    }
}
