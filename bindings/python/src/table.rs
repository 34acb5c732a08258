//! The task table of a schedule as columns (`stratops._core.Schedule`
//! and the portfolio batch): built in Rust, one pass per column family,
//! and handed to Python as Arrow buffers or as lists and `bytes`.

use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use stratops::model::{LinkType, TaskKind};
use stratops::schedule::{Driver, TaskTimes};
use stratops::DateTime;

pub(crate) fn kind_str(k: TaskKind) -> &'static str {
    match k {
        TaskKind::Task => "task",
        TaskKind::Milestone => "milestone",
        TaskKind::Summary => "summary",
    }
}

pub(crate) fn link_str(t: LinkType) -> &'static str {
    match t {
        LinkType::FS => "FS",
        LinkType::SS => "SS",
        LinkType::FF => "FF",
        LinkType::SF => "SF",
    }
}

pub(crate) fn driver_kind(d: &Driver) -> &'static str {
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
pub(crate) fn micros(t: DateTime) -> i64 {
    t.0.and_utc().timestamp_micros()
}

/// The driver columns in the order a row-by-row DataFrame build would
/// meet them (each row's driver keys in alphabetical order).
pub(crate) const DRIVER_COLUMNS: [&str; 4] = ["lag", "link_type", "predecessor", "summary"];

pub(crate) fn driver_field<'a>(d: &'a Driver, key: &str) -> Option<&'a str> {
    match (d, key) {
        (Driver::Link { lag, .. }, "lag") => lag.as_deref(),
        (Driver::Link { link_type, .. }, "link_type") => Some(link_str(*link_type)),
        (Driver::Link { predecessor, .. }, "predecessor") => Some(predecessor),
        (Driver::Summary { summary }, "summary") => Some(summary),
        _ => None,
    }
}

/// What an integer column holds.
#[derive(Clone, Copy)]
pub(crate) enum IntKind {
    /// Microseconds since 1970-01-01 00:00.
    Micros,
    /// A count (minutes).
    Count,
}

impl IntKind {
    pub(crate) fn numpy(self) -> &'static str {
        match self {
            IntKind::Micros => "datetime64[us]",
            IntKind::Count => "int64",
        }
    }

    pub(crate) fn arrow(self) -> &'static str {
        match self {
            IntKind::Micros => "timestamp[us]",
            IntKind::Count => "int64",
        }
    }
}

/// From this many tasks on, the task table's string and numeric columns
/// are built on two threads.
pub(crate) const PARALLEL_ROWS: usize = 20_000;

/// The string columns of the task table.
pub(crate) struct Strings {
    pub(crate) id: StrCol,
    pub(crate) name: StrCol,
    pub(crate) driver_kind: StrCol,
    pub(crate) kind: StrCol,
    pub(crate) plan: StrCol,
    /// One per [`DRIVER_COLUMNS`] key.
    pub(crate) drivers: [StrCol; 4],
    /// The row at which each driver field is first present.
    pub(crate) first_met: [Option<usize>; 4],
}

/// The numeric columns of the task table (little-endian `int64`, dates as
/// microseconds), and `critical`.
pub(crate) struct Numbers {
    pub(crate) critical: Vec<bool>,
    pub(crate) duration: Vec<u8>,
    pub(crate) early_finish: Vec<u8>,
    pub(crate) early_start: Vec<u8>,
    pub(crate) finish: Vec<u8>,
    pub(crate) free_float: Vec<u8>,
    pub(crate) late_finish: Vec<u8>,
    pub(crate) late_start: Vec<u8>,
    pub(crate) start: Vec<u8>,
    pub(crate) total_float: Vec<u8>,
}

impl Strings {
    pub(crate) fn new(n: usize) -> Strings {
        let col = || StrCol::new(n);
        Strings {
            id: col(),
            name: col(),
            driver_kind: col(),
            kind: col(),
            plan: col(),
            drivers: [col(), col(), col(), col()],
            first_met: [None; 4],
        }
    }

    /// Appends one task's row (`name`: its name in the model).
    pub(crate) fn push(&mut self, t: &TaskTimes, name: &str) {
        let row = self.id.len();
        self.id.push(Some(&t.id));
        self.name.push(Some(name));
        self.driver_kind.push(Some(driver_kind(&t.driver)));
        for (k, key) in DRIVER_COLUMNS.into_iter().enumerate() {
            let v = driver_field(&t.driver, key);
            if v.is_some() && self.first_met[k].is_none() {
                self.first_met[k] = Some(row);
            }
            self.drivers[k].push(v);
        }
        self.kind.push(Some(kind_str(t.kind)));
        self.plan.push(Some(&t.plan));
    }
}

impl Numbers {
    pub(crate) fn new(n: usize) -> Numbers {
        let col = || Vec::<u8>::with_capacity(8 * n);
        Numbers {
            critical: Vec::with_capacity(n),
            duration: col(),
            early_finish: col(),
            early_start: col(),
            finish: col(),
            free_float: col(),
            late_finish: col(),
            late_start: col(),
            start: col(),
            total_float: col(),
        }
    }

    /// Appends one task's row.
    pub(crate) fn push(&mut self, t: &TaskTimes) {
        self.critical.push(t.critical);
        self.duration
            .extend_from_slice(&t.duration_min.to_le_bytes());
        let date = |v: &mut Vec<u8>, d: DateTime| v.extend_from_slice(&micros(d).to_le_bytes());
        date(&mut self.early_finish, t.early_finish);
        date(&mut self.early_start, t.early_start);
        date(&mut self.finish, t.finish);
        date(&mut self.late_finish, t.late_finish);
        date(&mut self.late_start, t.late_start);
        date(&mut self.start, t.start);
        self.free_float
            .extend_from_slice(&t.free_float_min.to_le_bytes());
        self.total_float
            .extend_from_slice(&t.total_float_min.to_le_bytes());
    }
}

/// One column of the task table, before it is encoded for Python.
pub(crate) enum Col {
    Str(StrCol),
    /// Little-endian `int64` values.
    Int(IntKind, Vec<u8>),
    Bool(Vec<bool>),
}

/// A string column, built in Arrow's `large_string` layout: UTF-8 data,
/// `len + 1` offsets into it (little-endian `int64`), and a validity
/// bitmap (bit set: present).
pub(crate) struct StrCol {
    pub(crate) validity: Vec<u8>,
    pub(crate) nulls: usize,
    pub(crate) offsets: Vec<u8>,
    pub(crate) data: String,
}

impl StrCol {
    pub(crate) fn new(n: usize) -> StrCol {
        let mut offsets = Vec::with_capacity(8 * (n + 1));
        offsets.extend_from_slice(&0i64.to_le_bytes());
        StrCol {
            validity: vec![0; n.div_ceil(8)],
            nulls: 0,
            offsets,
            data: String::new(),
        }
    }

    fn len(&self) -> usize {
        self.offsets.len() / 8 - 1
    }

    pub(crate) fn push(&mut self, s: Option<&str>) {
        let i = self.len();
        match s {
            Some(s) => {
                self.data.push_str(s);
                if let Some(b) = self.validity.get_mut(i / 8) {
                    *b |= 1 << (i % 8);
                }
            }
            None => self.nulls += 1,
        }
        // A string never holds more than isize::MAX bytes.
        let end = i64::try_from(self.data.len()).unwrap_or(i64::MAX);
        self.offsets.extend_from_slice(&end.to_le_bytes());
    }

    /// The `i`th value.
    fn get(&self, i: usize) -> Option<&str> {
        let present = self
            .validity
            .get(i / 8)
            .is_some_and(|b| b & (1 << (i % 8)) != 0);
        let span = |k: usize| {
            let b: [u8; 8] = self.offsets.get(8 * k..8 * k + 8)?.try_into().ok()?;
            usize::try_from(i64::from_le_bytes(b)).ok()
        };
        match (present, span(i), span(i + 1)) {
            (true, Some(a), Some(b)) => self.data.get(a..b),
            _ => None,
        }
    }

    fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> {
        (0..self.len()).map(|i| self.get(i))
    }
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

/// The columns as lists and `bytes`: `(names, columns)` where `columns`
/// maps each name to a `list` (strings, `None` when absent) or to
/// `("datetime64[us]" | "int64" | "bool", bytes)`.
pub(crate) fn list_columns<'py>(
    py: Python<'py>,
    table: Vec<(String, Col)>,
) -> PyResult<(Vec<String>, Bound<'py, PyDict>)> {
    let cols = PyDict::new(py);
    let mut order: Vec<String> = Vec::new();
    for (name, col) in table {
        let v = match col {
            Col::Str(c) => str_list(py, c.iter())?.into_any(),
            Col::Bool(v) => {
                let b = PyBytes::new_with(py, v.len(), |buf| {
                    for (b, x) in buf.iter_mut().zip(&v) {
                        *b = u8::from(*x);
                    }
                    Ok(())
                })?;
                ("bool", b).into_pyobject(py)?.into_any()
            }
            Col::Int(kind, v) => (kind.numpy(), PyBytes::new(py, &v))
                .into_pyobject(py)?
                .into_any(),
        };
        cols.set_item(&name, v)?;
        order.push(name);
    }
    Ok((order, cols))
}

/// The columns as the buffers of Arrow arrays (`n` rows each): a list of
/// `(name, type, length, null_count, buffers)`, where `type` is
/// `"large_string"`, `"timestamp[us]"`, `"int64"` or `"bool"` and
/// `buffers` the array's buffers in Arrow's layout (validity bitmap or
/// `None`, then offsets and UTF-8 data for strings, or the values:
/// little-endian, bit-packed for booleans). Each buffer is `alloc(size)`
/// (a writable buffer, such as `pyarrow.allocate_buffer`, so the memory is
/// Arrow's own pool) filled from Rust, or `bytes` without `alloc`;
/// `pyarrow.Array.from_buffers` wraps them without a copy.
pub(crate) fn arrow_columns<'py>(
    py: Python<'py>,
    n: usize,
    table: Vec<(String, Col)>,
    alloc: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    let buf = |bytes: &[u8]| -> PyResult<Bound<'py, PyAny>> {
        match &alloc {
            None => Ok(PyBytes::new(py, bytes).into_any()),
            Some(alloc) => {
                let obj = alloc.call1((bytes.len(),))?;
                PyBuffer::<u8>::get(&obj)?.copy_from_slice(py, bytes)?;
                Ok(obj)
            }
        }
    };
    let none = || py.None().into_bound(py);
    for (name, col) in table {
        let (ty, nulls, buffers) = match col {
            Col::Str(c) => {
                let validity = if c.nulls > 0 {
                    buf(&c.validity)?
                } else {
                    none()
                };
                let offsets = buf(&c.offsets)?;
                (
                    "large_string",
                    c.nulls,
                    vec![validity, offsets, buf(c.data.as_bytes())?],
                )
            }
            Col::Bool(v) => {
                let mut bits = vec![0u8; n.div_ceil(8)];
                for (i, _) in v.iter().enumerate().filter(|(_, x)| **x) {
                    bits[i / 8] |= 1 << (i % 8);
                }
                ("bool", 0, vec![none(), buf(&bits)?])
            }
            Col::Int(kind, v) => (kind.arrow(), 0, vec![none(), buf(&v)?]),
        };
        out.append((name, ty, n, nulls, PyList::new(py, buffers)?))?;
    }
    Ok(out)
}
