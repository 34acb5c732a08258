//! Loading and saving `stratops/1` JSON.

use crate::error::{Error, FormatError};
use crate::model::{Document, FORMAT};
use crate::strict::Strict;

fn classify(msg: &str, syntax: bool, eof: bool) -> String {
    for code in ["bad_date", "bad_datetime", "bad_money", "bad_duration"] {
        if msg.starts_with(code) {
            return code.to_string();
        }
    }
    let code = if msg.contains("recursion limit exceeded") {
        "too_deep"
    } else if eof {
        "json_eof"
    } else if syntax {
        "json_syntax"
    } else if msg.starts_with("unknown field") {
        "unknown_field"
    } else if msg.starts_with("unknown variant") {
        "unknown_variant"
    } else if msg.starts_with("missing field") {
        "missing_field"
    } else if msg.starts_with("invalid type") {
        "wrong_type"
    } else if msg.starts_with("invalid value") || msg.starts_with("invalid length") {
        "invalid_value"
    } else {
        "bad_value"
    };
    code.to_string()
}

/// A parse failure as a format error, its message without serde_json's
/// " at line L column C" suffix (the line and column are fields).
fn format_error(inner: serde_json::Error, path: String) -> Error {
    let msg = inner.to_string();
    let clean = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    Error::Format(FormatError {
        code: classify(&clean, inner.is_syntax(), inner.is_eof()),
        message: clean,
        line: inner.line(),
        column: inner.column(),
        path: if path == "." { String::new() } else { path },
    })
}

impl Document {
    /// Reads a document from `stratops/1` JSON. A failure names the line,
    /// column and JSON path.
    ///
    /// # Example
    /// ```
    /// let doc = stratops::Document::from_json(r#"{"format": "stratops/1", "plans": []}"#).unwrap();
    /// assert!(doc.plans.is_empty());
    ///
    /// let err = stratops::Document::from_json(
    ///     r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "weekly"}]}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.code(), "unknown_variant");
    /// assert_eq!(err.path(), Some("plans[0].kind"));
    /// ```
    pub fn from_json(text: &str) -> Result<Document, Error> {
        Document::parse::<true>(text)
    }

    /// Reads a document like [`Document::from_json`], but a parse failure
    /// names only the line and column: its `path` is empty (a wrong
    /// `format` tag still names `format`). The path tracking
    /// parser is then never called, so a program that uses only this
    /// function does not link it (about 110 KB of WebAssembly, a second
    /// copy of every `Deserialize` impl). The npm package uses it and
    /// derives the path from the line and column itself.
    ///
    /// # Example
    /// ```
    /// let err = stratops::Document::from_json_without_path(
    ///     r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "weekly"}]}"#,
    /// ).unwrap_err();
    /// assert_eq!(err.code(), "unknown_variant");
    /// assert_eq!(err.path(), Some(""));
    /// assert!(stratops::Document::from_json_without_path(r#"{"format": "stratops/1", "plans": []}"#).is_ok());
    /// ```
    pub fn from_json_without_path(text: &str) -> Result<Document, Error> {
        Document::parse::<false>(text)
    }

    /// `PATHS` is a constant so that `from_json_without_path` does not link
    /// the path-tracking parser at all.
    fn parse<const PATHS: bool>(text: &str) -> Result<Document, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        // Strict: a struct is read from a JSON object only, never from an array.
        // The fast path parses without tracking paths; only a failure is
        // parsed again with serde_path_to_error, to name the JSON path.
        let fast = <Document as serde::Deserialize>::deserialize(Strict(&mut de));
        let doc: Document = match fast {
            Ok(doc) => doc,
            Err(e) if !PATHS => return Err(format_error(e, String::new())),
            Err(_) => match serde_path_to_error::deserialize(Strict(
                &mut serde_json::Deserializer::from_str(text),
            )) {
                Ok(doc) => doc,
                Err(e) => {
                    let path = e.path().to_string();
                    return Err(format_error(e.into_inner(), path));
                }
            },
        };
        if let Err(e) = de.end() {
            return Err(Error::Format(FormatError {
                code: "json_trailing".into(),
                message: "trailing characters after the document".into(),
                line: e.line(),
                column: e.column(),
                path: String::new(),
            }));
        }
        if doc.format != FORMAT {
            return Err(Error::Format(FormatError {
                code: "bad_format_tag".into(),
                message: format!("format is {:?}; expected {FORMAT:?}", doc.format),
                line: 0,
                column: 0,
                path: "format".into(),
            }));
        }
        Ok(doc)
    }

    /// Writes the document as pretty-printed `stratops/1` JSON. Reading the
    /// result back gives an equal document.
    pub fn to_json(&self) -> String {
        // Serialising plain data structures to a String cannot fail: every
        // map key is a string and every value is serialisable.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The document as a `serde_json::Value`.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// The JSON Schema of the `stratops/1` format, generated from the types.
///
/// # Example
/// ```
/// let schema = stratops::json_schema();
/// assert!(schema.contains("\"Task\""));
/// ```
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
