//! `stratops._core`: the native half of the Python package.
//!
//! This crate only converts: text and dicts in, the core's types and errors
//! out. The user-facing API (`stratops.Plan`, DataFrames, charts, typed
//! results) is the pure-Python layer in `python/stratops/`. Anything that
//! may take long (parsing, validation, engines) runs with the GIL released
//! (`py.detach`) and inside [`errors::guard`], so a Rust panic becomes a
//! `stratops.errors.InternalError`, never a crash.
#![forbid(unsafe_code)]

mod batch;
mod engines;
mod errors;
mod frames;
mod schedule;
mod table;

use std::sync::{Mutex, OnceLock};

/// The engines make many small allocations (ids, result rows); mimalloc
/// serves them markedly faster than the system allocator. It serves only
/// this module's Rust allocations, not Python's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use stratops::{Error, Model};

use errors::{failure, guard, Failure};

/// A parsed `stratops/1` document, with its validated model built on first
/// use and cached.
///
/// The document is held once: until the model is built it waits in
/// `pending`; then it lives in the model (or, refused, beside the error).
/// There is no copy to make when validating and none to free after.
#[pyclass(module = "stratops._core", name = "Document", frozen)]
pub struct PyDocument {
    pending: Mutex<Option<stratops::Document>>,
    built: OnceLock<Built>,
}

/// What validating the document gave.
enum Built {
    Valid(Box<Model>),
    Refused(Box<(Error, stratops::Document)>),
    /// Validation panicked (a bug), taking the document with it.
    Lost(String),
}

impl PyDocument {
    fn new(doc: stratops::Document) -> PyDocument {
        PyDocument {
            pending: Mutex::new(Some(doc)),
            built: OnceLock::new(),
        }
    }

    /// A document whose model is already validated (an editor's).
    fn from_model(model: Model) -> PyDocument {
        let built = OnceLock::new();
        let _ = built.set(Built::Valid(Box::new(model)));
        PyDocument {
            pending: Mutex::new(None),
            built,
        }
    }

    /// Validates the document once (call without the GIL).
    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let doc = self
                .pending
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take();
            let Some(doc) = doc else {
                return Built::Lost("internal error: the document is gone".into());
            };
            match guard(|| Ok(Model::try_new(doc))) {
                Ok(Ok(m)) => Built::Valid(Box::new(m)),
                Ok(Err(refused)) => Built::Refused(refused),
                Err(Failure::Panic(m)) => Built::Lost(m),
                Err(Failure::Core(e)) => Built::Lost(e.to_string()),
            }
        })
    }

    /// Runs `f` on the document, wherever it is now.
    fn with_doc<R>(&self, f: impl FnOnce(&stratops::Document) -> R) -> Result<R, Failure> {
        if self.built.get().is_none() {
            let pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(doc) = pending.as_ref() {
                return Ok(f(doc));
            }
            // Moved into a model being built right now: wait for it below.
        }
        match self.built() {
            Built::Valid(m) => Ok(f(m.document())),
            Built::Refused(r) => Ok(f(&r.1)),
            Built::Lost(m) => Err(Failure::Panic(m.clone())),
        }
    }

    /// The validated model, built once (call without the GIL).
    pub(crate) fn model(&self) -> Result<&Model, Failure> {
        match self.built() {
            Built::Valid(m) => Ok(m),
            Built::Refused(r) => Err(Failure::Core(r.0.clone())),
            Built::Lost(m) => Err(Failure::Panic(m.clone())),
        }
    }
}

#[pymethods]
impl PyDocument {
    /// Parses `stratops/1` JSON text. Raises `FormatError` (with line,
    /// column and JSON path) when the text cannot be read. Does not
    /// validate: see `validate` and `check`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyDocument> {
        py.detach(|| guard(|| stratops::Document::from_json(text)))
            .map(PyDocument::new)
            .map_err(|f| failure(py, f))
    }

    /// The document as `stratops/1` JSON: pretty-printed (the file format)
    /// or compact.
    #[pyo3(signature = (pretty = true))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        py.detach(|| {
            self.with_doc(|doc| {
                guard(|| {
                    if pretty {
                        Ok(doc.to_json())
                    } else {
                        serde_json::to_string(doc).map_err(|e| {
                            Error::calc(
                                stratops::error::codes::INTERNAL,
                                None,
                                format!("cannot encode: {e}"),
                            )
                        })
                    }
                })
            })?
        })
        .map_err(|f| failure(py, f))
    }

    /// Every diagnostic of the document, errors and warnings, as a list of
    /// `stratops.errors.Diagnostic`.
    fn validate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let ds = py
            .detach(|| self.with_doc(|doc| guard(|| Ok(stratops::validate(doc))))?)
            .map_err(|f| failure(py, f))?;
        errors::diagnostics(py, &ds)
    }

    /// Builds the validated model (cached). Raises `ValidationError` or
    /// `CycleError` when the document has errors; returns the warnings.
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let m = py.detach(|| self.model()).map_err(|f| failure(py, f))?;
        errors::diagnostics(py, m.warnings())
    }

    /// Runs engine `name` with options given as a JSON object and returns
    /// the result as JSON text (the CLI's `--format json` shape). The GIL
    /// is released while the engine runs. The long engines (`simulate`,
    /// `level`) call `progress(done, total)` now and then (with the GIL);
    /// returning `False` stops them, and so does Ctrl+C.
    #[pyo3(signature = (name, options, progress = None))]
    fn run(
        &self,
        py: Python<'_>,
        name: &str,
        options: &str,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<String> {
        let raised: Mutex<Option<PyErr>> = Mutex::new(None);
        let hook = |done: u64, total: u64| -> bool {
            Python::attach(|py| {
                if py.check_signals().is_err() {
                    return false;
                }
                match &progress {
                    None => true,
                    Some(cb) => match cb.call1(py, (done, total)) {
                        Ok(r) => !r.bind(py).is(pyo3::types::PyBool::new(py, false)),
                        Err(e) => {
                            // an error in the callback stops the run and is
                            // raised once the engine has returned
                            if let Ok(mut slot) = raised.lock() {
                                slot.get_or_insert(e);
                            }
                            false
                        }
                    },
                }
            })
        };
        let out = py.detach(|| {
            let model = self.model()?;
            guard(|| {
                let opts: serde_json::Value = serde_json::from_str(options).map_err(|e| {
                    Error::calc(
                        stratops::error::codes::BAD_OPTION,
                        None,
                        format!("options are not JSON: {e}"),
                    )
                })?;
                let v = engines::run(model, name, &opts, &hook)?;
                serde_json::to_string(&v).map_err(|e| {
                    Error::calc(
                        stratops::error::codes::INTERNAL,
                        None,
                        format!("cannot encode: {e}"),
                    )
                })
            })
        });
        if let Some(e) = raised.lock().ok().and_then(|mut slot| slot.take()) {
            return Err(e);
        }
        out.map_err(|f| failure(py, f))
    }

    /// Runs the schedule engine (options as a JSON object, as for `run`)
    /// and keeps the result as a Rust object: nothing is serialised until
    /// Python asks for it. The GIL is released while the engine runs.
    fn schedule(slf: &Bound<'_, Self>, options: &str) -> PyResult<schedule::PySchedule> {
        let (py, this) = (slf.py(), slf.get());
        let s = py
            .detach(|| {
                let model = this.model()?;
                guard(|| {
                    let opts: serde_json::Value = serde_json::from_str(options).map_err(|e| {
                        Error::calc(
                            stratops::error::codes::BAD_OPTION,
                            None,
                            format!("options are not JSON: {e}"),
                        )
                    })?;
                    engines::run_schedule(model, &opts)
                })
            })
            .map_err(|f| failure(py, f))?;
        Ok(schedule::PySchedule::new(slf.clone().unbind(), s))
    }

    /// Parses `stratops/1` JSON text whose first plan has no tasks, and
    /// gives that plan the tasks converted by `task_frames` (what
    /// `Plan.from_frames` builds). Raises `FormatError` as `from_json`
    /// does, naming the path a malformed task value would have had.
    #[staticmethod]
    fn from_json_with_tasks(
        py: Python<'_>,
        text: &str,
        tasks: &frames::PyTaskFrames,
    ) -> PyResult<PyDocument> {
        let tasks = tasks.take();
        // The rest of the document is read first, so its errors come first,
        // as they did when the tasks were part of the text.
        let doc = py
            .detach(|| guard(|| stratops::Document::from_json(text)))
            .map_err(|f| failure(py, f))?;
        let tasks = match tasks {
            Ok(t) => t,
            Err(Error::Format(e)) => return Err(errors::frame_value(py, e)),
            Err(e) => return Err(errors::to_py(py, e)),
        };
        py.detach(|| {
            guard(|| {
                let mut doc = doc;
                let plan = doc.plans.first_mut().ok_or_else(|| {
                    Error::calc(
                        stratops::error::codes::BAD_OPTION,
                        None,
                        "the document has no plan for the tasks",
                    )
                })?;
                plan.tasks.extend(tasks);
                Ok(doc)
            })
        })
        .map(PyDocument::new)
        .map_err(|f| failure(py, f))
    }

    /// Compares this document (the old version) with `other` (the new one):
    /// the diff as JSON text, like `stratops diff OLD NEW --format json`.
    fn diff(&self, py: Python<'_>, other: &PyDocument, options: &str) -> PyResult<String> {
        py.detach(|| {
            let old = self.model()?;
            let new = other.model()?;
            guard(|| {
                let opts: serde_json::Value = serde_json::from_str(options).map_err(|e| {
                    Error::calc(
                        stratops::error::codes::BAD_OPTION,
                        None,
                        format!("options are not JSON: {e}"),
                    )
                })?;
                let v = engines::diff(old, new, &opts)?;
                serde_json::to_string(&v).map_err(|e| {
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

    /// Task id to task name, over every plan (for labels in tables and
    /// charts, without converting the whole document).
    fn task_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        // Read without the GIL: the document may be inside a model being
        // validated on another thread, and waiting must not stall Python.
        let pairs: Vec<(String, String)> = py
            .detach(|| {
                self.with_doc(|doc| {
                    doc.plans
                        .iter()
                        .flat_map(|p| &p.tasks)
                        .map(|t| (t.id.clone(), t.name.clone()))
                        .collect()
                })
            })
            .map_err(|f| failure(py, f))?;
        let d = PyDict::new(py);
        for (id, name) in pairs {
            d.set_item(id, name)?;
        }
        Ok(d)
    }

    /// Pickle support: rebuilt from its compact JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let json = slf.get().to_json(py, false)?;
        let ctor = py.get_type::<PyDocument>().getattr("from_json")?;
        PyTuple::new(py, [ctor.into_any(), PyTuple::new(py, [json])?.into_any()])
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        py.detach(|| {
            self.with_doc(|doc| {
                let tasks: usize = doc.plans.iter().map(|p| p.tasks.len()).sum();
                format!(
                    "<stratops._core.Document: {} plan(s), {} task(s)>",
                    doc.plans.len(),
                    tasks
                )
            })
        })
        .unwrap_or_else(|_| "<stratops._core.Document: lost to an internal error>".into())
    }
}

/// The JSON Schema of the `stratops/1` format.
#[pyfunction]
fn json_schema() -> String {
    stratops::json_schema()
}

/// The engines this build provides, such as `["schedule"]`.
#[pyfunction]
#[pyo3(name = "engines")]
fn engine_names() -> Vec<&'static str> {
    engines::ENGINES.to_vec()
}

/// Every error and diagnostic code stratops raises (the core's typed list,
/// `stratops::error::codes::Code`), in alphabetical order.
#[pyfunction]
fn error_codes() -> Vec<&'static str> {
    stratops::error::codes::all()
}

/// Imports MS Project XML (MSPDI) text: the document and the list of MSPDI
/// fields placed in `extensions` (`Entity.Element`). Raises
/// `ImportFormatError` with the XML line and column when the file cannot be
/// imported.
#[pyfunction]
fn import_mspdi(py: Python<'_>, xml: &str) -> PyResult<(PyDocument, Vec<String>)> {
    py.detach(|| guard(|| stratops_interop::import_mspdi(xml)))
        .map(|i| (PyDocument::new(i.document), i.extension_fields))
        .map_err(|f| failure(py, f))
}

/// An edit history over a document (`stratops::edit::Editor`): `apply`,
/// `undo` and `redo` return the change set as JSON and the document as it
/// is now. The GIL is released while they run.
#[pyclass(module = "stratops._core", name = "Editor", frozen)]
pub struct PyEditor {
    ed: Mutex<stratops::edit::Editor>,
}

fn changed(
    ed: &stratops::edit::Editor,
    c: Option<stratops::edit::ChangeSet>,
) -> Result<Option<(String, PyDocument)>, Error> {
    let Some(c) = c else { return Ok(None) };
    let text = serde_json::to_string(&c).map_err(|e| {
        Error::calc(
            stratops::error::codes::INTERNAL,
            None,
            format!("cannot encode: {e}"),
        )
    })?;
    Ok(Some((text, PyDocument::from_model(ed.model().clone()))))
}

#[pymethods]
impl PyEditor {
    /// An editor over `document` (validated; schedules on first edit).
    #[new]
    fn py_new(py: Python<'_>, document: &PyDocument) -> PyResult<PyEditor> {
        let model = py
            .detach(|| document.model().cloned())
            .map_err(|f| failure(py, f))?;
        Ok(PyEditor {
            ed: Mutex::new(stratops::edit::Editor::lazy(model, Default::default())),
        })
    }

    /// Applies edits given as a JSON list, atomically.
    fn apply(&self, py: Python<'_>, edits: &str) -> PyResult<(String, PyDocument)> {
        py.detach(|| {
            guard(|| {
                let list: Vec<stratops::edit::Edit> = serde_json::from_str(edits).map_err(|e| {
                    Error::calc(
                        "bad_edit",
                        None,
                        format!("the edits are not a list of edits: {e}"),
                    )
                })?;
                let mut ed = self.ed.lock().unwrap_or_else(|p| p.into_inner());
                let c = ed.apply(&list)?;
                changed(&ed, Some(c))?.ok_or_else(|| {
                    Error::calc(stratops::error::codes::INTERNAL, None, "no change set")
                })
            })
        })
        .map_err(|f| failure(py, f))
    }

    /// Undoes the last transaction; `None` when there is none.
    fn undo(&self, py: Python<'_>) -> PyResult<Option<(String, PyDocument)>> {
        py.detach(|| {
            guard(|| {
                let mut ed = self.ed.lock().unwrap_or_else(|p| p.into_inner());
                let c = ed.undo()?;
                changed(&ed, c)
            })
        })
        .map_err(|f| failure(py, f))
    }

    /// Re-applies the last undone transaction; `None` when there is none.
    fn redo(&self, py: Python<'_>) -> PyResult<Option<(String, PyDocument)>> {
        py.detach(|| {
            guard(|| {
                let mut ed = self.ed.lock().unwrap_or_else(|p| p.into_inner());
                let c = ed.redo()?;
                changed(&ed, c)
            })
        })
        .map_err(|f| failure(py, f))
    }

    /// Whether there is a transaction to undo.
    #[getter]
    fn can_undo(&self) -> bool {
        self.ed.lock().unwrap_or_else(|p| p.into_inner()).can_undo()
    }

    /// Whether there is a transaction to redo.
    #[getter]
    fn can_redo(&self) -> bool {
        self.ed.lock().unwrap_or_else(|p| p.into_inner()).can_redo()
    }
}

/// Imports a PSPLIB single-mode `.sm` file's text (see
/// `stratops_interop::import_psplib`). Raises `ImportFormatError` with code
/// `bad_psplib` and the line.
#[pyfunction]
fn import_psplib(py: Python<'_>, text: &str) -> PyResult<PyDocument> {
    py.detach(|| guard(|| stratops_interop::import_psplib(text)))
        .map(PyDocument::new)
        .map_err(|f| failure(py, f))
}

/// Panics inside the guard, to test that a Rust panic reaches Python as
/// `stratops.errors.InternalError`. Not part of the API.
#[pyfunction]
fn _panic_for_test(py: Python<'_>) -> PyResult<()> {
    py.detach(|| guard(|| -> Result<(), Error> { panic!("deliberate test panic") }))
        .map_err(|f| failure(py, f))
}

/// The native module.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyDocument>()?;
    m.add_class::<PyEditor>()?;
    m.add_class::<schedule::PySchedule>()?;
    m.add_class::<frames::PyTaskFrames>()?;
    m.add_function(wrap_pyfunction!(frames::task_frames, m)?)?;
    m.add_function(wrap_pyfunction!(batch::batch_schedule, m)?)?;
    m.add_function(wrap_pyfunction!(json_schema, m)?)?;
    m.add_function(wrap_pyfunction!(engine_names, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(import_mspdi, m)?)?;
    m.add_function(wrap_pyfunction!(import_psplib, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
