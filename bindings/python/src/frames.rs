//! The task, dependency and assignment frames of `Plan.from_frames`,
//! converted column by column straight into the core's `Task` values.
//!
//! These are the big frames (a plan of 100k tasks has some 230k links), so
//! they skip the per-row dicts and the JSON text the small frames go
//! through. The rules are those of `stratops/_frames.py` (`COLUMNS` and
//! `_convert`), applied in the same order (column by column in the spec's
//! order, rows in order), so the same `FrameError` comes out: code,
//! frame, column and row. A malformed value (the duration `"5x"`, the kind
//! `"epic"`) is a `FormatError` naming the JSON path it would have had in
//! the document (`plans[0].tasks[3].duration`), raised when the document
//! is built.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{NaiveDate, NaiveTime};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple,
};
use pyo3::types::{PyDateAccess, PyTimeAccess, PyTzInfoAccess};
use stratops::model::{Assignment, Constraint, ConstraintType, Dependency, Progress, Task};
use stratops::{Date, DateOrTime, DateTime, Duration, Error, FormatError};

/// The converted tasks (with their dependencies and assignments), waiting
/// for `Document.from_json_with_tasks`.
#[pyclass(module = "stratops._core", name = "TaskFrames", frozen)]
pub struct PyTaskFrames {
    inner: Mutex<Option<Converted>>,
}

struct Converted {
    tasks: Vec<Task>,
    /// The first malformed value, in document order.
    error: Option<(usize, usize, FormatError)>,
}

impl PyTaskFrames {
    /// Takes the tasks out (once), or the first malformed value's error.
    pub fn take(&self) -> Result<Vec<Task>, Error> {
        let c = self
            .inner
            .lock()
            .map_err(|_| {
                Error::calc(
                    stratops::error::codes::INTERNAL,
                    None,
                    "task frames poisoned",
                )
            })?
            .take()
            .ok_or_else(|| {
                Error::calc(
                    stratops::error::codes::BAD_OPTION,
                    None,
                    "these task frames were already used",
                )
            })?;
        match c.error {
            Some((_, _, e)) => Err(Error::Format(e)),
            None => Ok(c.tasks),
        }
    }
}

/// A `stratops.errors.FrameError`.
fn frame_error(
    py: Python<'_>,
    message: String,
    code: &str,
    frame: &str,
    column: &str,
    row: Option<usize>,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let kw = PyDict::new(py);
        kw.set_item("code", code)?;
        kw.set_item("frame", frame)?;
        kw.set_item("column", column)?;
        kw.set_item("row", row)?;
        let cls = py.import("stratops.errors")?.getattr("FrameError")?;
        Ok(PyErr::from_value(cls.call((message.clone(),), Some(&kw))?))
    };
    build().unwrap_or_else(|e| PyValueError::new_err(format!("{message} ({e})")))
}

fn expect(kind: &str) -> &'static str {
    match kind {
        "str" => "a string",
        "float" => "a number",
        "date_or_time" => "a date or naive datetime",
        "duration" => "a duration string such as \"5d\" or a number of working days",
        "ids" => "a list of ids or a comma-separated string",
        _ => "a value",
    }
}

/// `repr(v) (type)`, as the Python converter words a refused value.
fn describe(v: &Bound<'_, PyAny>) -> String {
    let r = v
        .repr()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    let t = v
        .get_type()
        .name()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    format!("{r} ({t})")
}

/// Missing: None, NaN, NaT, pd.NA.
fn missing(v: &Bound<'_, PyAny>) -> bool {
    if v.is_none() {
        return true;
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    if v.is_instance_of::<PyString>() || v.is_instance_of::<PyInt>() {
        return false;
    }
    v.get_type()
        .name()
        .is_ok_and(|n| n.to_str().is_ok_and(|n| n == "NaTType" || n == "NAType"))
}

/// A value in the form the document would hold it, before the core reads it.
enum Cell {
    Str(String),
    Num(serde_json::Number),
    When(DateOrTime),
    Ids(Vec<String>),
}

/// Why a cell was refused: the Python converter's TypeError/ValueError text.
type Refusal = String;

fn item<'py>(v: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    if v.is_instance_of::<PyString>() || !v.hasattr("item").unwrap_or(false) {
        return None;
    }
    v.call_method0("item").ok()
}

fn convert(kind: &str, v: &Bound<'_, PyAny>) -> Result<Cell, Refusal> {
    if let Ok(s) = v.cast::<PyString>() {
        let text = s.to_str().map_err(|_| describe(v))?;
        return from_str(kind, text).ok_or_else(|| describe(v));
    }
    convert_at(kind, v, true)
}

/// A string cell of a column of `kind`: what every kind but `float` takes
/// a string as (`None`: refused).
fn from_str(kind: &str, s: &str) -> Option<Cell> {
    match kind {
        "str" | "duration" | "date_or_time" => Some(Cell::Str(s.to_string())),
        "ids" => Some(Cell::Ids(
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect(),
        )),
        _ => None,
    }
}

/// Converts one cell. A numpy scalar is unwrapped with `.item()` once
/// (`unwrap`); a value whose `.item()` is not a plain scalar either is
/// refused rather than unwrapped again, so an odd object cannot recurse.
fn convert_at(kind: &str, v: &Bound<'_, PyAny>, unwrap: bool) -> Result<Cell, Refusal> {
    let refuse = || Err(describe(v));
    match kind {
        "str" => match v.cast::<PyString>() {
            Ok(s) => Ok(Cell::Str(s.to_str().map_err(|_| describe(v))?.to_string())),
            Err(_) => refuse(),
        },
        "float" => {
            if v.is_instance_of::<PyBool>() {
                return refuse();
            }
            let numeric = v.is_instance_of::<PyInt>()
                || v.is_instance_of::<PyFloat>()
                || v.get_type()
                    .name()
                    .is_ok_and(|n| n.to_str().is_ok_and(|n| n == "Decimal"));
            if numeric {
                let f: f64 = v.extract().map_err(|_| describe(v))?;
                if let Some(n) = serde_json::Number::from_f64(f) {
                    return Ok(Cell::Num(n));
                }
                return refuse();
            }
            match item(v).filter(|_| unwrap) {
                Some(x) => convert_at(kind, &x, false),
                None => refuse(),
            }
        }
        "duration" => {
            if let Ok(s) = v.cast::<PyString>() {
                return Ok(Cell::Str(s.to_str().map_err(|_| describe(v))?.to_string()));
            }
            if v.is_instance_of::<PyBool>() {
                return refuse();
            }
            if v.is_instance_of::<PyInt>() {
                return Ok(match v.extract::<i64>() {
                    Ok(i) => Cell::Num(i.into()),
                    // Too big for a number: the core refuses its digits.
                    Err(_) => Cell::Str(v.str().map_err(|_| describe(v))?.to_string()),
                });
            }
            if let Ok(f) = v.cast::<PyFloat>() {
                return serde_json::Number::from_f64(f.value())
                    .map(Cell::Num)
                    .ok_or_else(|| describe(v));
            }
            match item(v).filter(|_| unwrap) {
                Some(x) => convert_at(kind, &x, false),
                None => refuse(),
            }
        }
        "date_or_time" => {
            if let Ok(t) = v.cast::<PyDateTime>() {
                if t.get_tzinfo().is_some() {
                    let off = v.call_method0("utcoffset").map_err(|_| describe(v))?;
                    if !off.is_none() {
                        return Err("has a time zone; stratops times are local".into());
                    }
                }
                let d =
                    NaiveDate::from_ymd_opt(t.get_year(), t.get_month().into(), t.get_day().into())
                        .ok_or_else(|| describe(v))?;
                let (h, m, s) = (t.get_hour(), t.get_minute(), t.get_second());
                if (h, m, s, t.get_microsecond()) == (0, 0, 0, 0) {
                    return Ok(Cell::When(DateOrTime::Date(Date(d))));
                }
                let tm = NaiveTime::from_hms_opt(h.into(), m.into(), s.into())
                    .ok_or_else(|| describe(v))?;
                return Ok(Cell::When(DateOrTime::DateTime(DateTime(d.and_time(tm)))));
            }
            if let Ok(d) = v.cast::<PyDate>() {
                let d =
                    NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
                        .ok_or_else(|| describe(v))?;
                return Ok(Cell::When(DateOrTime::Date(Date(d))));
            }
            match v.cast::<PyString>() {
                Ok(s) => Ok(Cell::Str(s.to_str().map_err(|_| describe(v))?.to_string())),
                Err(_) => refuse(),
            }
        }
        "ids" => {
            if let Ok(s) = v.cast::<PyString>() {
                let s = s.to_str().map_err(|_| describe(v))?;
                return Ok(Cell::Ids(
                    s.split(',')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(String::from)
                        .collect(),
                ));
            }
            let owned;
            let mut v2 = v;
            if !v.is_instance_of::<PyList>()
                && !v.is_instance_of::<PyTuple>()
                && v.hasattr("tolist").unwrap_or(false)
            {
                owned = v.call_method0("tolist").map_err(|_| describe(v))?;
                v2 = &owned;
            }
            if v2.is_instance_of::<PyList>() || v2.is_instance_of::<PyTuple>() {
                let mut out = Vec::new();
                for x in v2.try_iter().map_err(|_| describe(v))? {
                    let x = x.map_err(|_| describe(v))?;
                    match x.cast::<PyString>() {
                        Ok(s) => out.push(s.to_str().map_err(|_| describe(v))?.to_string()),
                        Err(_) => return refuse(),
                    }
                }
                return Ok(Cell::Ids(out));
            }
            refuse()
        }
        _ => refuse(),
    }
}

/// A column as `stratops._frames` hands it over: a `list` of Python
/// values, or an Arrow string column as its buffers,
/// `("arrow_utf8", [(length, offset, validity, offsets, data, large), ...])`
/// (one tuple per chunk; buffers are byte memoryviews, `validity` may be
/// `None`; `large`: 64-bit offsets), read without a Python string per cell.
enum Source {
    List,
    Utf8(Vec<Utf8Chunk>),
}

/// One chunk of an Arrow `string` or `large_string` array: the part of
/// its buffers its rows use, copied.
struct Utf8Chunk {
    len: usize,
    /// The first row's bit in `validity`.
    shift: usize,
    validity: Option<Vec<u8>>,
    /// `len + 1` offsets, little-endian (64-bit when `large`).
    offsets: Vec<u8>,
    /// The bytes from the first row's offset (`base`) to the last's end.
    data: Vec<u8>,
    base: usize,
    large: bool,
}

/// One cell of a column.
enum Value<'py, 'a> {
    Py(Bound<'py, PyAny>),
    Str(&'a str),
    Null,
    /// Arrow buffers that do not hold a string at this row.
    Bad,
}

/// Bytes `start..end` of a buffer (clipped to its length): only the part
/// a chunk uses is copied, so a slice of a long array costs its own size.
fn copy_range(v: &Bound<'_, PyAny>, start: usize, end: usize) -> PyResult<Vec<u8>> {
    // A slice of the memoryview (no copy; Python clips it to the length).
    let int = |x: usize| isize::try_from(x).unwrap_or(isize::MAX);
    let part = v.get_item(PySlice::new(v.py(), int(start), int(end), 1))?;
    PyBuffer::<u8>::get(&part)?.to_vec(v.py())
}

/// Reads offset `k` of a little-endian offsets buffer.
fn offset_at(offsets: &[u8], k: usize, large: bool) -> Option<usize> {
    if large {
        let b: [u8; 8] = offsets.get(8 * k..8 * k + 8)?.try_into().ok()?;
        usize::try_from(i64::from_le_bytes(b)).ok()
    } else {
        let b: [u8; 4] = offsets.get(4 * k..4 * k + 4)?.try_into().ok()?;
        usize::try_from(i32::from_le_bytes(b)).ok()
    }
}

impl Source {
    fn of(values: &Bound<'_, PyAny>) -> PyResult<Source> {
        if values.is_instance_of::<PyList>() {
            return Ok(Source::List);
        }
        let (tag, chunks): (String, Vec<Bound<'_, PyTuple>>) = values.extract()?;
        if tag != "arrow_utf8" {
            return Err(PyValueError::new_err(format!(
                "unknown column form {tag:?}"
            )));
        }
        let mut out = Vec::with_capacity(chunks.len());
        for c in chunks {
            let (len, offset, validity, offsets, data, large): (
                usize,
                usize,
                Bound<'_, PyAny>,
                Bound<'_, PyAny>,
                Bound<'_, PyAny>,
                bool,
            ) = c.extract()?;
            out.push(Utf8Chunk::read(
                len, offset, &validity, &offsets, &data, large,
            )?);
        }
        Ok(Source::Utf8(out))
    }
}

impl Utf8Chunk {
    /// Copies the part of the buffers that rows `offset..offset + len` use.
    /// A length the offsets cannot hold is refused before anything is
    /// allocated; offsets that point outside the data make those rows
    /// `Bad`.
    fn read(
        len: usize,
        offset: usize,
        validity: &Bound<'_, PyAny>,
        offsets: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
        large: bool,
    ) -> PyResult<Utf8Chunk> {
        let width = if large { 8 } else { 4 };
        let empty = Utf8Chunk {
            len: 0,
            shift: 0,
            validity: None,
            offsets: Vec::new(),
            data: Vec::new(),
            base: 0,
            large,
        };
        if len == 0 {
            return Ok(empty);
        }
        let held = if offsets.is_none() {
            0
        } else {
            PyBuffer::<u8>::get(offsets)?.len_bytes() / width
        };
        let end = offset.checked_add(len).and_then(|e| e.checked_add(1));
        let Some(end) = end.filter(|&e| e <= held) else {
            return Err(PyValueError::new_err(
                "an Arrow chunk longer than its offsets",
            ));
        };
        let offs = copy_range(offsets, offset * width, end * width)?;
        let first = offset_at(&offs, 0, large).unwrap_or(0);
        let last = offset_at(&offs, len, large).unwrap_or(0).max(first);
        let data = if data.is_none() {
            Vec::new()
        } else {
            copy_range(data, first, last)?
        };
        let validity = if validity.is_none() {
            None
        } else {
            Some(copy_range(
                validity,
                offset / 8,
                (offset + len).div_ceil(8),
            )?)
        };
        Ok(Utf8Chunk {
            len,
            shift: offset % 8,
            validity,
            offsets: offs,
            data,
            base: first,
            large,
        })
    }

    /// Row `i` of the chunk; `Bad` when the buffers are too short or the
    /// bytes are not UTF-8 (never a panic).
    fn value<'py>(&self, i: usize) -> Value<'py, '_> {
        if let Some(bits) = &self.validity {
            let bit = self.shift + i;
            match bits.get(bit / 8) {
                Some(b) if b & (1 << (bit % 8)) == 0 => return Value::Null,
                Some(_) => {}
                None => return Value::Bad,
            }
        }
        let at = |k: usize| {
            offset_at(&self.offsets, k, self.large).and_then(|o| o.checked_sub(self.base))
        };
        let span = at(i).zip(i.checked_add(1).and_then(at));
        match span.and_then(|(a, b)| self.data.get(a..b)) {
            Some(bytes) => std::str::from_utf8(bytes).map_or(Value::Bad, Value::Str),
            None => Value::Bad,
        }
    }
}

/// One frame's columns, converted: column name to one cell per row.
pub(crate) struct Frame<'a> {
    name: &'a str,
    rows: usize,
    cols: HashMap<&'static str, Vec<Option<Cell>>>,
}

impl Frame<'_> {
    fn take(&mut self, col: &str) -> Vec<Option<Cell>> {
        self.cols
            .remove(col)
            .unwrap_or_else(|| (0..self.rows).map(|_| None).collect())
    }
}

/// One frame's columns as handed over, before conversion: read once, then
/// converted whole or a selection of rows at a time (one plan of a batch).
pub(crate) struct Table<'a, 'py> {
    name: &'a str,
    rows: usize,
    /// Name, kind, required, per column.
    specs: Vec<(&'static str, &'static str, bool)>,
    /// The columns held as Arrow strings (`None` for a list)...
    utf8: Vec<Option<Utf8Col>>,
    /// ... and those held as Python lists.
    lists: Vec<Option<Bound<'py, PyList>>>,
    /// The first column whose length differs from the first's: refused
    /// when conversion reaches it, after the columns before it.
    mismatch: Option<&'static str>,
}

/// An Arrow string column: its chunks and the first row of each.
struct Utf8Col {
    chunks: Vec<Utf8Chunk>,
    starts: Vec<usize>,
}

impl Utf8Col {
    fn value<'py>(&self, row: usize) -> Value<'py, '_> {
        let k = self.starts.partition_point(|&s| s <= row).saturating_sub(1);
        match (self.chunks.get(k), self.starts.get(k)) {
            (Some(c), Some(&s)) => c.value(row - s),
            _ => Value::Bad,
        }
    }
}

/// Why a frame was refused, before it becomes a `FrameError` (made with
/// the GIL held, so conversion itself can run without it).
pub(crate) struct Fault {
    col: &'static str,
    kind: &'static str,
    what: FaultKind,
}

enum FaultKind {
    Mismatch,
    Missing(usize),
    /// A refused value: its row and the converter's description of it.
    Wrong(usize, String),
    /// A refused string: described (`repr`) when the error is made.
    WrongStr(usize, String),
}

impl Fault {
    fn to_py(&self, py: Python<'_>, name: &str) -> PyErr {
        let col = self.col;
        match &self.what {
            FaultKind::Mismatch => frame_error(
                py,
                format!("{name}: columns have different lengths"),
                "bad_frame",
                name,
                col,
                None,
            ),
            FaultKind::Missing(i) => frame_error(
                py,
                format!("{name}.{col} is required but row {i} has no value"),
                "missing_value",
                name,
                col,
                Some(*i),
            ),
            FaultKind::Wrong(i, why) => self.wrong(py, name, *i, why),
            FaultKind::WrongStr(i, s) => {
                let why = describe(&PyString::new(py, s).into_any());
                self.wrong(py, name, *i, &why)
            }
        }
    }

    fn wrong(&self, py: Python<'_>, name: &str, i: usize, why: &str) -> PyErr {
        let col = self.col;
        frame_error(
            py,
            format!(
                "{name}.{col} must hold {}; row {i} is {why}",
                expect(self.kind)
            ),
            "wrong_column_type",
            name,
            col,
            Some(i),
        )
    }
}

/// Converts `n` rows (`rows` picks them, else `0..n`) of the columns
/// `specs`, reading each cell with `value(column, row)`.
fn convert_cells<'a, 'py, 'v>(
    name: &'a str,
    n: usize,
    specs: &[(&'static str, &'static str, bool)],
    mismatch: Option<&'static str>,
    rows: Option<&[usize]>,
    value: impl Fn(usize, usize) -> Value<'py, 'v>,
) -> Result<Frame<'a>, Fault> {
    let mut cols = HashMap::new();
    for (c, &(col, kind, required)) in specs.iter().enumerate() {
        let fault = |what| Fault { col, kind, what };
        if mismatch == Some(col) {
            return Err(fault(FaultKind::Mismatch));
        }
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            let row = rows.map_or(Some(i), |r| r.get(i).copied());
            let v = row.map_or(Value::Bad, |r| value(c, r));
            let converted = match v {
                Value::Null => None,
                Value::Py(v) if missing(&v) => None,
                Value::Py(v) => Some(convert(kind, &v).map_err(|why| FaultKind::Wrong(i, why))),
                Value::Str(s) => {
                    Some(from_str(kind, s).ok_or_else(|| FaultKind::WrongStr(i, s.to_string())))
                }
                Value::Bad => Some(Err(FaultKind::Wrong(
                    i,
                    "not valid UTF-8 in its Arrow buffers".to_string(),
                ))),
            };
            match converted {
                None if required => return Err(fault(FaultKind::Missing(i))),
                None => out.push(None),
                Some(Ok(c)) => out.push(Some(c)),
                Some(Err(what)) => return Err(fault(what)),
            }
        }
        cols.insert(col, out);
    }
    Ok(Frame {
        name,
        rows: n,
        cols,
    })
}

impl<'a, 'py> Table<'a, 'py> {
    /// Reads the columns of `columns` named in `spec`, in that order.
    pub(crate) fn read(
        name: &'a str,
        columns: &Bound<'py, PyDict>,
        spec: &[(&'static str, &'static str, bool)],
    ) -> PyResult<Table<'a, 'py>> {
        let mut table = Table {
            name,
            rows: 0,
            specs: Vec::new(),
            utf8: Vec::new(),
            lists: Vec::new(),
            mismatch: None,
        };
        let mut rows = None;
        for &(col, kind, required) in spec {
            let Some(values) = columns.get_item(col)? else {
                continue;
            };
            let n = match Source::of(&values)? {
                Source::List => {
                    let list = values.cast_into::<PyList>()?;
                    let n = list.len();
                    table.lists.push(Some(list));
                    table.utf8.push(None);
                    n
                }
                Source::Utf8(chunks) => {
                    let mut starts = Vec::with_capacity(chunks.len());
                    let mut at = 0usize;
                    for c in &chunks {
                        starts.push(at);
                        at = at.saturating_add(c.len);
                    }
                    table.lists.push(None);
                    table.utf8.push(Some(Utf8Col { chunks, starts }));
                    at
                }
            };
            if *rows.get_or_insert(n) != n && table.mismatch.is_none() {
                table.mismatch = Some(col);
            }
            table.specs.push((col, kind, required));
        }
        table.rows = rows.unwrap_or(0);
        Ok(table)
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// The part of the table held as Arrow strings, which converts without
    /// the GIL; `None` when a column is a Python list.
    fn detached(&self) -> Option<Detached<'_, 'a>> {
        self.lists.iter().all(Option::is_none).then_some(Detached {
            name: self.name,
            rows: self.rows,
            specs: &self.specs,
            utf8: &self.utf8,
            mismatch: self.mismatch,
        })
    }

    /// Converts `rows` (every row when `None`), numbered from 0 in that
    /// order in errors, as if they were the whole frame.
    pub(crate) fn convert(&self, py: Python<'_>, rows: Option<&[usize]>) -> PyResult<Frame<'a>> {
        let n = rows.map_or(self.rows, <[usize]>::len);
        let value = |c: usize, r: usize| match (&self.lists[c], &self.utf8[c]) {
            (Some(l), _) => l.get_item(r).map_or(Value::Bad, Value::Py),
            (None, Some(u)) => u.value(r),
            (None, None) => Value::Bad,
        };
        convert_cells(self.name, n, &self.specs, self.mismatch, rows, value)
            .map_err(|f| f.to_py(py, self.name))
    }
}

/// A table whose columns are all Arrow strings: converted without the GIL.
#[derive(Clone, Copy)]
struct Detached<'t, 'a> {
    name: &'a str,
    rows: usize,
    specs: &'t [(&'static str, &'static str, bool)],
    utf8: &'t [Option<Utf8Col>],
    mismatch: Option<&'static str>,
}

impl<'a> Detached<'_, 'a> {
    fn convert(self, rows: Option<&[usize]>) -> Result<Frame<'a>, Fault> {
        let n = rows.map_or(self.rows, <[usize]>::len);
        let value = |c: usize, r: usize| -> Value<'static, '_> {
            self.utf8[c].as_ref().map_or(Value::Bad, |u| u.value(r))
        };
        convert_cells(self.name, n, self.specs, self.mismatch, rows, value)
    }
}

pub(crate) const TASKS: &[(&str, &str, bool)] = &[
    ("id", "str", true),
    ("name", "str", true),
    ("duration", "duration", false),
    ("parent", "str", false),
    ("kind", "str", false),
    ("owner", "str", false),
    ("supports", "ids", false),
    ("constraint_type", "str", false),
    ("constraint_date", "date_or_time", false),
    ("deadline", "date_or_time", false),
    ("calendar", "str", false),
    ("percent_complete", "float", false),
    ("notes", "str", false),
];

pub(crate) const DEPENDENCIES: &[(&str, &str, bool)] = &[
    ("successor", "str", true),
    ("predecessor", "str", true),
    ("type", "str", false),
    ("lag", "duration", false),
];

const ASSIGNMENTS: &[(&str, &str, bool)] = &[
    ("task", "str", true),
    ("resource", "str", true),
    ("role", "str", false),
    ("hours", "float", false),
    ("units", "float", false),
    ("contour", "str", false),
];

/// The core's error code for a value the document's reader refuses, as
/// `Document::from_json` classifies it.
fn code_of(msg: &str) -> &'static str {
    for code in ["bad_date", "bad_datetime", "bad_money", "bad_duration"] {
        if msg.starts_with(code) {
            return code;
        }
    }
    if msg.starts_with("unknown variant") {
        "unknown_variant"
    } else if msg.starts_with("invalid type") {
        "wrong_type"
    } else if msg.starts_with("invalid value") {
        "invalid_value"
    } else {
        "bad_value"
    }
}

/// Collects the first malformed value in document order: (task row, rank
/// of the field within the task).
struct Errors(Option<(usize, usize, FormatError)>);

impl Errors {
    fn note(&mut self, row: usize, rank: usize, path: String, msg: String) {
        if self
            .0
            .as_ref()
            .is_some_and(|(r, k, _)| (*r, *k) <= (row, rank))
        {
            return;
        }
        self.0 = Some((
            row,
            rank,
            FormatError {
                code: code_of(&msg).to_string(),
                message: msg,
                line: 0,
                column: 0,
                path,
            },
        ));
    }
}

/// Reads a cell with the type's serde reader (strings and numbers, as the
/// JSON would have held them).
fn read<T: serde::de::DeserializeOwned>(c: Cell) -> Result<T, String> {
    let v = match c {
        Cell::Str(s) => serde_json::Value::String(s),
        Cell::Num(n) => serde_json::Value::Number(n),
        Cell::When(w) => {
            return serde_json::from_value(serde_json::Value::String(w.to_string()))
                .map_err(|e| e.to_string())
        }
        Cell::Ids(ids) => serde_json::Value::from(ids),
    };
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn when(c: Cell) -> Result<DateOrTime, String> {
    match c {
        Cell::When(w) => Ok(w),
        Cell::Str(s) => s.parse::<DateOrTime>().map_err(|e| e.to_string()),
        other => read(other),
    }
}

fn duration(c: Cell) -> Result<Duration, String> {
    match c {
        Cell::Str(s) => s.parse::<Duration>().map_err(|e| e.to_string()),
        other => read(other),
    }
}

fn string(c: Option<Cell>) -> Option<String> {
    match c {
        Some(Cell::Str(s)) => Some(s),
        _ => None,
    }
}

fn number(c: Option<Cell>) -> Option<f64> {
    match c {
        Some(Cell::Num(n)) => n.as_f64(),
        _ => None,
    }
}

/// Converts the tasks, dependencies and assignments frames, each given as
/// a dict of column name to list (only the columns present; the Python
/// layer has checked that the required ones are). Raises `FrameError`
/// like the row-by-row converter.
#[pyfunction]
#[pyo3(signature = (tasks, dependencies = None, assignments = None))]
pub fn task_frames(
    py: Python<'_>,
    tasks: &Bound<'_, PyDict>,
    dependencies: Option<&Bound<'_, PyDict>>,
    assignments: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyTaskFrames> {
    let tasks = Table::read("tasks", tasks, TASKS)?;
    let deps = dependencies
        .map(|d| Table::read("dependencies", d, DEPENDENCIES))
        .transpose()?;
    let asg = assignments
        .map(|a| Table::read("assignments", a, ASSIGNMENTS))
        .transpose()?;
    let (tasks, error) = build_tasks(
        py,
        Rows::all(&tasks),
        deps.as_ref().map(Rows::all),
        asg.as_ref().map(Rows::all),
    )?;
    Ok(PyTaskFrames {
        inner: Mutex::new(Some(Converted { tasks, error })),
    })
}

/// The row of each task id (the first, should ids repeat), hashed with the
/// core's fast id hasher.
type TaskRows = HashMap<String, usize, stratops::index::IdHasher>;

/// A malformed value, raised by the document: the task's row, the field's
/// rank among the task's fields (the first in document order wins), and the
/// error.
pub(crate) type Deferred = (usize, usize, FormatError);

/// Rows of a table to convert: all, or a selection (one plan of a batch).
#[derive(Clone, Copy)]
pub(crate) struct Rows<'t, 'a, 'py> {
    pub table: &'t Table<'a, 'py>,
    pub rows: Option<&'t [usize]>,
}

impl<'t, 'a, 'py> Rows<'t, 'a, 'py> {
    pub(crate) fn all(table: &'t Table<'a, 'py>) -> Rows<'t, 'a, 'py> {
        Rows { table, rows: None }
    }

    /// Converts the rows; a table held as Arrow strings converts with the
    /// GIL released.
    fn convert(self, py: Python<'_>) -> PyResult<Frame<'a>> {
        match self.table.detached() {
            Some(d) => {
                let rows = self.rows;
                py.detach(|| d.convert(rows))
                    .map_err(|f| f.to_py(py, d.name))
            }
            None => self.table.convert(py, self.rows),
        }
    }
}

/// The tasks of the `tasks` rows with the links of the `dependencies` rows
/// and the assignments of the `assignments` rows, each frame converted
/// when it is reached (so the errors come in the row-by-row converter's
/// order). A `FrameError` is raised; a malformed value (`"5x"` as a
/// duration) is returned beside the tasks, for the document to raise.
pub(crate) fn build_tasks(
    py: Python<'_>,
    tasks: Rows<'_, '_, '_>,
    dependencies: Option<Rows<'_, '_, '_>>,
    assignments: Option<Rows<'_, '_, '_>>,
) -> PyResult<(Vec<Task>, Option<Deferred>)> {
    let mut errors = Errors(None);
    let mut out = convert_tasks(tasks.convert(py)?, &mut errors);
    // The first task of each id takes its links and assignments.
    let mut index = TaskRows::with_capacity_and_hasher(out.len(), Default::default());
    for (i, t) in out.iter().enumerate() {
        index.entry(t.id.clone()).or_insert(i);
    }
    if let Some(deps) = dependencies {
        attach_dependencies(py, deps.convert(py)?, &index, &mut out, &mut errors)?;
    }
    if let Some(asg) = assignments {
        attach_assignments(py, asg.convert(py)?, &index, &mut out, &mut errors)?;
    }
    Ok((out, errors.0))
}

/// Converts the tasks frame into tasks without links or assignments.
fn convert_tasks(mut t: Frame<'_>, errors: &mut Errors) -> Vec<Task> {
    let n = t.rows;
    let ids = t.take("id");
    let names = t.take("name");
    // Absent columns stay `None` rather than a column of `None`s.
    let mut cols: Vec<Option<Vec<Option<Cell>>>> = [
        "duration",
        "parent",
        "kind",
        "owner",
        "supports",
        "constraint_type",
        "constraint_date",
        "deadline",
        "calendar",
        "percent_complete",
        "notes",
    ]
    .iter()
    .map(|c| t.cols.remove(c))
    .collect();
    let mut out: Vec<Task> = Vec::with_capacity(n);
    for (i, (id, name)) in ids.into_iter().zip(names).enumerate() {
        let mut c = 0;
        let mut cell = || {
            c += 1;
            cols[c - 1].as_mut().and_then(|v| v[i].take())
        };
        let (dur, parent, kind, owner, supports) = (cell(), cell(), cell(), cell(), cell());
        let (ctype, cdate, deadline, calendar, pct, notes) =
            (cell(), cell(), cell(), cell(), cell(), cell());
        let path = |f: &str| format!("plans[0].tasks[{i}].{f}");
        let mut task = Task {
            id: string(id).unwrap_or_default(),
            name: string(name).unwrap_or_default(),
            parent: string(parent),
            kind: Default::default(),
            duration: None,
            dependencies: Vec::new(),
            constraint: None,
            deadline: None,
            calendar: string(calendar),
            assignments: Vec::new(),
            owner: string(owner),
            deliverables: Vec::new(),
            supports: match supports {
                Some(Cell::Ids(v)) => v,
                _ => Vec::new(),
            },
            progress: number(pct).map(|p| Progress {
                percent_complete: p,
                ..Default::default()
            }),
            estimate: None,
            task_type: None,
            effort_driven: false,
            manual: None,
            priority: None,
            notes: string(notes),
            comments: Vec::new(),
            extensions: Default::default(),
        };
        if let Some(k) = kind {
            match read(k) {
                Ok(k) => task.kind = k,
                Err(m) => errors.note(i, 1, path("kind"), m),
            }
        }
        if let Some(d) = dur {
            match duration(d) {
                Ok(d) => task.duration = Some(d),
                Err(m) => errors.note(i, 2, path("duration"), m),
            }
        }
        if let Some(d) = deadline {
            match when(d) {
                Ok(d) => task.deadline = Some(d),
                Err(m) => errors.note(i, 3, path("deadline"), m),
            }
        }
        if ctype.is_some() || cdate.is_some() {
            let kind = match ctype.map(read::<ConstraintType>) {
                None => Ok(ConstraintType::SNET),
                Some(r) => r,
            };
            let date = cdate.map(when).transpose();
            match (kind, date) {
                (Ok(kind), Ok(date)) => task.constraint = Some(Constraint { kind, date }),
                (Err(m), _) => errors.note(i, 4, path("constraint.type"), m),
                (_, Err(m)) => errors.note(i, 4, path("constraint.date"), m),
            }
        }
        out.push(task);
    }
    out
}

/// The row of the task named `key` in column `col` of frame `f`, or an
/// `unknown_id` `FrameError`.
fn attach(
    py: Python<'_>,
    index: &TaskRows,
    f: &Frame<'_>,
    col: &str,
    row: usize,
    key: &str,
) -> PyResult<usize> {
    index.get(key).copied().ok_or_else(|| {
        let k = PyString::new(py, key)
            .repr()
            .map(|s| s.to_string())
            .unwrap_or_default();
        frame_error(
            py,
            format!(
                "{}.{col} row {row} names {k}, which is not in the tasks frame",
                f.name
            ),
            "unknown_id",
            f.name,
            col,
            Some(row),
        )
    })
}

/// Converts the dependencies frame and appends each link to its successor.
fn attach_dependencies(
    py: Python<'_>,
    mut f: Frame<'_>,
    index: &TaskRows,
    out: &mut [Task],
    errors: &mut Errors,
) -> PyResult<()> {
    let succ = f.take("successor");
    let pred = f.take("predecessor");
    let types = f.take("type");
    let lags = f.take("lag");
    for (r, (((s, p), ty), lag)) in succ.into_iter().zip(pred).zip(types).zip(lags).enumerate() {
        let s = string(s).unwrap_or_default();
        let ti = attach(py, index, &f, "successor", r, &s)?;
        let k = out[ti].dependencies.len();
        let path = |field: &str| format!("plans[0].tasks[{ti}].dependencies[{k}].{field}");
        let mut dep = Dependency {
            predecessor: string(p).unwrap_or_default(),
            link_type: Default::default(),
            lag: None,
        };
        if let Some(ty) = ty {
            match read(ty) {
                Ok(t) => dep.link_type = t,
                Err(m) => errors.note(ti, 10 + 2 * k, path("type"), m),
            }
        }
        if let Some(l) = lag {
            match duration(l) {
                Ok(l) => dep.lag = Some(l),
                Err(m) => errors.note(ti, 11 + 2 * k, path("lag"), m),
            }
        }
        out[ti].dependencies.push(dep);
    }
    Ok(())
}

/// Converts the assignments frame and appends each assignment to its task.
fn attach_assignments(
    py: Python<'_>,
    mut f: Frame<'_>,
    index: &TaskRows,
    out: &mut [Task],
    errors: &mut Errors,
) -> PyResult<()> {
    let tasks_col = f.take("task");
    let res = f.take("resource");
    let roles = f.take("role");
    let hours = f.take("hours");
    let units = f.take("units");
    let contours = f.take("contour");
    for (r, (((((t, re), role), h), u), contour)) in tasks_col
        .into_iter()
        .zip(res)
        .zip(roles)
        .zip(hours)
        .zip(units)
        .zip(contours)
        .enumerate()
    {
        let key = string(t).unwrap_or_default();
        let ti = attach(py, index, &f, "task", r, &key)?;
        let k = out[ti].assignments.len();
        let mut a = Assignment {
            resource: string(re).unwrap_or_default(),
            role: Default::default(),
            hours: number(h),
            units: number(u),
            timephased: Vec::new(),
            contour: None,
        };
        if let Some(c) = contour {
            match read(c) {
                Ok(x) => a.contour = Some(x),
                Err(m) => errors.note(
                    ti,
                    usize::MAX / 2 + 2 * k + 1,
                    format!("plans[0].tasks[{ti}].assignments[{k}].contour"),
                    m,
                ),
            }
        }
        if let Some(role) = role {
            match read(role) {
                Ok(x) => a.role = x,
                Err(m) => errors.note(
                    ti,
                    usize::MAX / 2 + 2 * k,
                    format!("plans[0].tasks[{ti}].assignments[{k}].role"),
                    m,
                ),
            }
        }
        out[ti].assignments.push(a);
    }
    Ok(())
}
