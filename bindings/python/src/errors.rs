//! Core errors to Python exceptions, and the panic guard.
//!
//! The exception classes live in the pure-Python module `stratops.errors`
//! (so they have real `__init__` signatures, docstrings and pickle support);
//! this file decides which class each core error becomes. The mapping is an
//! exhaustive `match` over [`stratops::Error`]: a new core variant does not
//! compile until it is mapped here.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use stratops::{Diagnostic, Error};

/// Builds `stratops.errors.<class>(message, **kwargs)` as a `PyErr`.
fn raise(py: Python<'_>, class: &str, message: String, kwargs: &Bound<'_, PyDict>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py.import("stratops.errors")?.getattr(class)?;
        let value = cls.call((message.clone(),), Some(kwargs))?;
        Ok(PyErr::from_value(value))
    };
    // If the Python module cannot be imported (a broken install), still
    // raise a ValueError carrying the message rather than nothing.
    build().unwrap_or_else(|e| PyValueError::new_err(format!("{message} ({e})")))
}

/// One diagnostic as a `stratops.errors.Diagnostic`.
pub fn diagnostic(py: Python<'_>, d: &Diagnostic) -> PyResult<Py<PyAny>> {
    let cls = py.import("stratops.errors")?.getattr("Diagnostic")?;
    let kw = PyDict::new(py);
    kw.set_item("code", &d.code)?;
    kw.set_item(
        "severity",
        match d.severity {
            stratops::Severity::Error => "error",
            stratops::Severity::Warning => "warning",
        },
    )?;
    kw.set_item("id", d.id.as_deref())?;
    kw.set_item("path", &d.path)?;
    kw.set_item("message", &d.message)?;
    kw.set_item("related", PyList::new(py, &d.related)?)?;
    Ok(cls.call((), Some(&kw))?.unbind())
}

/// A list of diagnostics as Python objects.
pub fn diagnostics<'py>(py: Python<'py>, ds: &[Diagnostic]) -> PyResult<Bound<'py, PyList>> {
    let items = ds
        .iter()
        .map(|d| diagnostic(py, d))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// Converts a core error to the matching Python exception.
pub fn to_py(py: Python<'_>, err: Error) -> PyErr {
    let message = err.to_string();
    to_py_with(py, err, message)
}

/// A malformed value of a DataFrame: it has a path in the document but no
/// place in any text, so the message names no line and column.
pub fn frame_value(py: Python<'_>, e: stratops::FormatError) -> PyErr {
    let message = format!("{} (path {}): {}", e.code, e.path, e.message);
    to_py_with(py, Error::Format(e), message)
}

/// Converts a core error to the matching Python exception, with `message`.
fn to_py_with(py: Python<'_>, err: Error, message: String) -> PyErr {
    let code = err.code().to_string();
    let fill = || -> PyResult<(&'static str, Bound<'_, PyDict>)> {
        let kw = PyDict::new(py);
        kw.set_item("code", &code)?;
        let class = match err.inner() {
            Error::Format(e) => {
                kw.set_item("line", e.line)?;
                kw.set_item("column", e.column)?;
                kw.set_item("path", &e.path)?;
                "FormatError"
            }
            Error::Import(e) => {
                kw.set_item("line", e.line)?;
                kw.set_item("column", e.column)?;
                kw.set_item("path", &e.path)?;
                "ImportFormatError"
            }
            Error::Invalid(ds) => {
                kw.set_item("diagnostics", diagnostics(py, ds)?)?;
                "ValidationError"
            }
            Error::Cycle(c) => {
                kw.set_item("diagnostics", diagnostics(py, &c.diagnostics)?)?;
                kw.set_item("task_ids", PyList::new(py, &c.ids)?)?;
                "CycleError"
            }
            Error::Calc(e) => {
                kw.set_item("id", e.id.as_deref())?;
                "CalculationError"
            }
            // `inner()` unwraps the one level an edit adds
            Error::Edit(_) => "CalculationError",
        };
        Ok((class, kw))
    };
    match fill() {
        Ok((class, kw)) => raise(py, class, message, &kw),
        Err(e) => e,
    }
}

/// An internal failure (a Rust panic, or a result that could not be
/// encoded) as `stratops.errors.InternalError`, code `internal`.
pub fn internal(py: Python<'_>, message: String) -> PyErr {
    let kw = PyDict::new(py);
    match kw.set_item("code", stratops::error::codes::INTERNAL) {
        Ok(()) => raise(py, "InternalError", message, &kw),
        Err(e) => e,
    }
}

/// What went wrong inside a guarded computation.
pub enum Failure {
    /// A core error.
    Core(Error),
    /// A panic, with its message.
    Panic(String),
}

/// Runs `f`, turning a panic into [`Failure::Panic`] so that it reaches
/// Python as a `StratopsError` (never pyo3's `PanicException`, which derives
/// from `BaseException` and slips past `except Exception`).
pub fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failure::Core(e)),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Failure::Panic(format!(
                "internal error (a bug in stratops, please report it): {msg}"
            )))
        }
    }
}

/// Converts a [`Failure`] to a Python exception.
pub fn failure(py: Python<'_>, f: Failure) -> PyErr {
    match f {
        Failure::Core(e) => to_py(py, e),
        Failure::Panic(m) => internal(py, m),
    }
}
