//! `stratops import mspdi FILE.xml [-o OUT.json]`,
//! `stratops import psplib FILE.sm [-o OUT.json]` and
//! `stratops export mspdi FILE.json [-o OUT.xml]`.
//!
//! Import prints the `stratops/1` document on stdout (or writes it with
//! `-o`) and a one-line summary on stderr, naming how many MSPDI fields were
//! kept in `extensions`; `--report` lists them. A file that cannot be
//! imported exits 1 with the coded diagnostic (XML line and column).

use clap::{Args, ValueEnum};
use stratops::{Document, Error};

use crate::common::{invalid, read_file, usage, CmdResult, Fmt, Out};

/// A foreign file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Foreign {
    /// Microsoft Project XML (MSPDI).
    Mspdi,
    /// A PSPLIB single-mode `.sm` file (import only).
    Psplib,
}

/// Arguments of `import` and `export`.
#[derive(Args)]
pub struct InteropArgs {
    /// The foreign format.
    #[arg(value_enum)]
    pub kind: Foreign,
    /// The input file.
    pub file: String,
    /// Write the result here instead of stdout.
    #[arg(short, long)]
    pub output: Option<String>,
    /// Format of diagnostics when the input is invalid.
    #[arg(long, value_enum, default_value_t = Fmt::Text)]
    pub format: Fmt,
    /// (import) List every MSPDI field kept in extensions on stderr.
    #[arg(long)]
    pub report: bool,
}

fn emit(text: String, output: Option<&str>, summary: String) -> CmdResult {
    match output {
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| usage(format!("stratops: cannot write {path}: {e}")))?;
            Ok(Out {
                stdout: String::new(),
                stderr: Some(format!("{summary}; wrote {path}")),
                code: 0,
            })
        }
        None => Ok(Out {
            stdout: text,
            stderr: Some(summary),
            code: 0,
        }),
    }
}

/// `stratops import mspdi FILE.xml`.
pub fn import(a: &InteropArgs) -> CmdResult {
    if a.kind == Foreign::Psplib {
        return import_psplib(a);
    }
    let xml = read_file(&a.file)?;
    let imp = stratops_interop::import_mspdi(&xml).map_err(|e| invalid(&a.file, &e, a.format))?;
    let doc = &imp.document;
    let tasks: usize = doc.plans.iter().map(|p| p.tasks.len()).sum();
    let mut summary = format!(
        "stratops: imported {} task(s), {} resource(s), {} calendar(s); {} MSPDI field(s) kept in extensions{}",
        tasks,
        doc.resources.len(),
        doc.calendars.len(),
        imp.extension_fields.len(),
        if a.report { ":" } else { " (--report lists them)" }
    );
    if a.report {
        for f in &imp.extension_fields {
            summary.push_str("\n  ");
            summary.push_str(f);
        }
    }
    let errors = stratops::validate(doc)
        .into_iter()
        .filter(|d| d.is_error())
        .count();
    if errors > 0 {
        summary.push_str(&format!(
            "\nstratops: warning: the imported document has {errors} validation error(s); run `stratops validate`"
        ));
    }
    let mut json = doc.to_json();
    json.push('\n');
    emit(json, a.output.as_deref(), summary)
}

/// `stratops import psplib FILE.sm`.
fn import_psplib(a: &InteropArgs) -> CmdResult {
    let text = read_file(&a.file)?;
    let doc = stratops_interop::import_psplib(&text).map_err(|e| invalid(&a.file, &e, a.format))?;
    let tasks: usize = doc.plans.iter().map(|p| p.tasks.len()).sum();
    let summary = format!(
        "stratops: imported {} job(s) and {} resource(s) from PSPLIB",
        tasks,
        doc.resources.len()
    );
    let mut json = doc.to_json();
    json.push('\n');
    emit(json, a.output.as_deref(), summary)
}

/// `stratops export mspdi FILE.json`.
pub fn export(a: &InteropArgs) -> CmdResult {
    if a.kind == Foreign::Psplib {
        return Err(usage(
            "stratops: PSPLIB is an import-only format (export mspdi writes MS Project XML)",
        ));
    }
    let text = read_file(&a.file)?;
    let doc = Document::from_json(&text).map_err(|e| invalid(&a.file, &e, a.format))?;
    let xml =
        stratops_interop::export_mspdi(&doc).map_err(|e: Error| invalid(&a.file, &e, a.format))?;
    let tasks: usize = doc.plans.iter().map(|p| p.tasks.len()).sum();
    emit(
        xml,
        a.output.as_deref(),
        format!("stratops: exported {tasks} task(s) as MS Project XML"),
    )
}
