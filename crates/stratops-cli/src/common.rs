//! Shared plumbing: loading, output formats, exit codes.

use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::{json, Value};
use stratops::{Diagnostic, Document, Error, Model, Severity};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Fmt {
    /// Human-readable text.
    Text,
    /// One JSON object.
    Json,
}

/// What a command produced.
pub struct Out {
    /// Printed on stdout.
    pub stdout: String,
    /// Printed on stderr.
    pub stderr: Option<String>,
    /// The exit code.
    pub code: u8,
}

impl Out {
    pub fn text(s: impl Into<String>) -> Out {
        Out {
            stdout: s.into(),
            stderr: None,
            code: 0,
        }
    }
    #[allow(dead_code)] // for the engine verbs of later issues
    pub fn json(v: &Value) -> Out {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        Out::text(s)
    }
}

/// A command failure: exit 1 (invalid input) or 2 (usage).
pub struct Fail {
    pub out: Out,
}

pub type CmdResult = Result<Out, Fail>;

pub fn usage(msg: impl Into<String>) -> Fail {
    Fail {
        out: Out {
            stdout: String::new(),
            stderr: Some(msg.into()),
            code: 2,
        },
    }
}

pub fn finish(r: CmdResult) -> ExitCode {
    let out = match r {
        Ok(o) => o,
        Err(f) => f.out,
    };
    if !out.stdout.is_empty() {
        // `print!` panics when the reader has gone (`stratops ... | head`);
        // a closed pipe simply ends the output.
        use std::io::Write;
        let mut so = std::io::stdout().lock();
        let written = so
            .write_all(out.stdout.as_bytes())
            .and_then(|()| {
                if out.stdout.ends_with('\n') {
                    Ok(())
                } else {
                    so.write_all(b"\n")
                }
            })
            .and_then(|()| so.flush());
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(std::io::stderr(), "stratops: cannot write the output: {e}");
                return ExitCode::from(1);
            }
        }
    }
    if let Some(e) = out.stderr {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{e}");
    }
    ExitCode::from(out.code)
}

pub fn read_file(path: &str) -> Result<String, Fail> {
    std::fs::read_to_string(path).map_err(|e| usage(format!("stratops: cannot read {path}: {e}")))
}

/// A diagnostic as the JSON of DESIGN section 8.
pub fn diag_json(d: &Diagnostic) -> Value {
    let mut v = json!({
        "code": d.code,
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "id": d.id,
        "path": d.path,
        "message": d.message,
    });
    if !d.related.is_empty() {
        v["related"] = json!(d.related);
    }
    v
}

/// Every diagnostic an error carries, as JSON, with format errors turned
/// into a single diagnostic that also names line and column.
pub fn error_diags(e: &Error) -> Vec<Value> {
    match e {
        Error::Format(f) | Error::Import(f) => vec![json!({
            "code": f.code, "severity": "error", "id": null, "path": f.path,
            "message": f.message, "line": f.line, "column": f.column,
        })],
        Error::Calc(c) => vec![json!({
            "code": c.code, "severity": "error", "id": c.id, "path": "", "message": c.message,
        })],
        _ => e.diagnostics().iter().map(diag_json).collect(),
    }
}

/// Turns an error into exit 1 with diagnostics on stdout and a summary line
/// on stderr.
pub fn invalid(path: &str, e: &Error, fmt: Fmt) -> Fail {
    let diags = error_diags(e);
    let stdout = match fmt {
        Fmt::Json => {
            let mut s =
                serde_json::to_string_pretty(&json!({"valid": false, "diagnostics": diags}))
                    .unwrap_or_default();
            s.push('\n');
            s
        }
        Fmt::Text => {
            let mut s = String::new();
            for d in &diags {
                s.push_str(&text_diag(d));
                s.push('\n');
            }
            s
        }
    };
    Fail {
        out: Out {
            stdout,
            stderr: Some(format!("stratops: {path}: {e}")),
            code: 1,
        },
    }
}

fn text_diag(d: &Value) -> String {
    let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
    let mut line = format!("{}[{}] {}", s("severity"), s("code"), s("path"));
    if let Some(id) = d["id"].as_str() {
        line.push_str(&format!(" ({id})"));
    }
    line.push_str(": ");
    line.push_str(&s("message"));
    line
}

/// Reads and validates a document, or fails with exit 1.
#[allow(dead_code)] // for the engine verbs of later issues
pub fn load(path: &str, fmt: Fmt) -> Result<Model, Fail> {
    let text = read_file(path)?;
    Model::from_json(&text).map_err(|e| invalid(path, &e, fmt))
}

pub fn validate(path: &str, fmt: Fmt) -> CmdResult {
    let text = read_file(path)?;
    let doc = Document::from_json(&text).map_err(|e| invalid(path, &e, fmt))?;
    let diags = stratops::validate(&doc);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let valid = errors == 0;
    let stdout = match fmt {
        Fmt::Json => {
            let v = json!({"valid": valid, "diagnostics": diags.iter().map(diag_json).collect::<Vec<_>>()});
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        Fmt::Text => {
            let mut s = String::new();
            for d in &diags {
                s.push_str(&text_diag(&diag_json(d)));
                s.push('\n');
            }
            if valid {
                s.push_str(&format!("{path}: valid ({} warning(s))\n", diags.len()));
            }
            s
        }
    };
    if valid {
        Ok(Out::text(stdout))
    } else {
        let first = diags
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.to_string())
            .unwrap_or_default();
        Err(Fail {
            out: Out {
                stdout,
                stderr: Some(format!(
                    "stratops: {path}: invalid, {errors} error(s); first: {first}"
                )),
                code: 1,
            },
        })
    }
}

pub fn fmt(path: &str, write: bool) -> CmdResult {
    let text = read_file(path)?;
    let doc = Document::from_json(&text).map_err(|e| invalid(path, &e, Fmt::Text))?;
    let mut out = doc.to_json();
    out.push('\n');
    if write {
        std::fs::write(path, &out)
            .map_err(|e| usage(format!("stratops: cannot write {path}: {e}")))?;
        Ok(Out::text(""))
    } else {
        Ok(Out::text(out))
    }
}
