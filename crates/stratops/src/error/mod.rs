//! The one error type, with stable codes, and validation diagnostics.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document cannot be used by the engines.
    Error,
    /// Suspicious but usable.
    Warning,
}

/// One finding of validation: a stable `code`, a severity, the entity `id`,
/// the JSON `path` and a human message. `related` names the other ends of a
/// reference or the ids on a cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// A stable snake_case code, such as `dangling_reference`.
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// The entity the diagnostic is about.
    pub id: Option<String>,
    /// Where in the document, such as `plans[0].tasks[3].duration`.
    pub path: String,
    /// A human explanation.
    pub message: String,
    /// Other ids involved: the missing end of a reference, or a cycle's ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
}

impl Diagnostic {
    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}] {}: {}", self.code, self.path, self.message)
    }
}

/// A document that could not be read: the JSON is malformed, a value has
/// the wrong type, or a field is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatError {
    /// A stable code such as `json_syntax`, `unknown_field`, `bad_date`.
    pub code: String,
    /// A human message.
    pub message: String,
    /// The 1-based line, when known.
    pub line: usize,
    /// The 1-based column, when known.
    pub column: usize,
    /// The JSON path, such as `plans[0].tasks[2].duration`.
    pub path: String,
}

/// A cycle in the dependency network, the goal DAG, the WBS or the calendar
/// bases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleError {
    /// `dependency_cycle`, `goal_cycle`, `wbs_cycle` or `calendar_cycle`.
    pub code: String,
    /// The ids on the cycle, in order.
    pub ids: Vec<String>,
    /// Every diagnostic of the document, the cycle included.
    pub diagnostics: Vec<Diagnostic>,
}

/// An engine could not compute a result: an overflow, a date outside the
/// calendar's range, a missing rate, an unknown id passed as an argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalcError {
    /// A stable code such as `overflow`, `date_out_of_range`, `missing_rate`.
    pub code: String,
    /// The entity concerned.
    pub id: Option<String>,
    /// A human message.
    pub message: String,
}

/// An edit of a transaction was refused (see [`crate::edit`]): which one,
/// and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    /// The edit's position in the transaction.
    pub index: usize,
    /// Its op (`addTask`, ...).
    pub op: String,
    /// `edits[index]`.
    pub path: String,
    /// The refusal: its code, id and diagnostics are this error's.
    pub error: Box<Error>,
}

/// The one error type of stratops. Each variant is a family; [`Error::code`]
/// gives the stable code within it.
///
/// # Example
/// ```
/// let err = stratops::Document::from_json("{").unwrap_err();
/// assert_eq!(err.code(), "json_eof");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The text is not a readable `stratops/1` document.
    Format(FormatError),
    /// The document was read but is invalid; every diagnostic is listed.
    Invalid(Vec<Diagnostic>),
    /// The document contains a cycle.
    Cycle(CycleError),
    /// An engine could not compute a result.
    Calc(CalcError),
    /// A foreign file (MS Project XML, Primavera XER) could not be imported.
    Import(FormatError),
    /// An edit of a transaction was refused; nothing was changed.
    Edit(EditError),
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> &str {
        match self {
            Error::Format(e) | Error::Import(e) => &e.code,
            Error::Invalid(_) => codes::Code::Invalid.as_str(),
            Error::Cycle(e) => &e.code,
            Error::Calc(e) => &e.code,
            Error::Edit(e) => e.error.code(),
        }
    }
    /// The diagnostics carried, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Invalid(d) => d,
            Error::Cycle(c) => &c.diagnostics,
            Error::Edit(e) => e.error.diagnostics(),
            _ => &[],
        }
    }
    /// Builds a calculation error.
    pub fn calc(code: &str, id: Option<&str>, message: impl Into<String>) -> Error {
        Error::Calc(CalcError {
            code: code.to_string(),
            id: id.map(str::to_string),
            message: message.into(),
        })
    }
    /// The error inside an [`Error::Edit`], else this one.
    pub fn inner(&self) -> &Error {
        match self {
            Error::Edit(e) => &e.error,
            other => other,
        }
    }
    /// The offending entity id, if the error names one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Error::Calc(e) => e.id.as_deref(),
            Error::Edit(e) => e.error.id(),
            Error::Cycle(c) => c.ids.first().map(String::as_str),
            Error::Invalid(d) => d
                .iter()
                .find(|d| d.is_error())
                .and_then(|d| d.id.as_deref()),
            _ => None,
        }
    }
    /// The offending JSON path, if the error names one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Format(e) | Error::Import(e) => Some(&e.path),
            Error::Invalid(d) => d.iter().find(|d| d.is_error()).map(|d| d.path.as_str()),
            Error::Cycle(c) => c
                .diagnostics
                .iter()
                .find(|d| d.code == c.code)
                .map(|d| d.path.as_str()),
            Error::Calc(_) => None,
            Error::Edit(e) => Some(&e.path),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Format(e) | Error::Import(e) => {
                write!(f, "{} at line {} column {}", e.code, e.line, e.column)?;
                if !e.path.is_empty() {
                    write!(f, " (path {})", e.path)?;
                }
                write!(f, ": {}", e.message)
            }
            Error::Invalid(d) => {
                let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
                write!(f, "invalid document: {} error(s)", errors.len())?;
                if let Some(first) = errors.first() {
                    write!(f, "; first: {first}")?;
                }
                Ok(())
            }
            Error::Cycle(c) => write!(f, "{}: {}", c.code, c.ids.join(" -> ")),
            Error::Calc(e) => {
                write!(f, "{}", e.code)?;
                if let Some(id) = &e.id {
                    write!(f, " ({id})")?;
                }
                write!(f, ": {}", e.message)
            }
            Error::Edit(e) => write!(f, "{} ({}): {}", e.path, e.op, e.error),
        }
    }
}

impl std::error::Error for Error {}

pub mod codes;
