//! Finds the shared reference data.
#![allow(dead_code)]

use std::path::PathBuf;

/// The `mspdi` reference directory: `$STRATOPS_DATA/mspdi`, by default
/// `../shared/data/mspdi` from the repository root. `None` (with a printed
/// message) when absent, unless `CI=true`, where absence is a failure.
pub fn mspdi_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("STRATOPS_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    let dir = base.join("mspdi");
    if dir.join("sample.xml").is_file() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("reference data missing at {} (CI=true)", dir.display());
    }
    println!(
        "SKIP: reference data not found at {}; set STRATOPS_DATA",
        dir.display()
    );
    None
}

/// The reference files: every one imports, round-trips and matches MS
/// Project's stored values (the few values that contradict their own file
/// are named and checked in `msproject_reference.rs`).
pub const FILES: [&str; 11] = [
    "mspdirelations.xml",
    "sample.xml",
    "assignment-assignments-project2007-mspdi.xml",
    "assignment-assignments-project2019-mspdi.xml",
    "calendar-calendars-project2019-mspdi.xml",
    "task-baselines-project2019-mspdi.xml",
    "task-durations-project2019-mspdi.xml",
    "task-links-project2019-mspdi.xml",
    "mspdiduration.xml",
    "mspdiresource.xml",
    "mspditimephased.xml",
];

/// The PSPLIB reference directory, `$STRATOPS_DATA/psplib`; like
/// [`mspdi_dir`], `None` when absent outside CI.
#[allow(dead_code)]
pub fn psplib_dir() -> Option<PathBuf> {
    let dir = mspdi_dir()?.join("../psplib");
    if dir.join("j30-optimum.csv").is_file() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "PSPLIB reference data missing at {} (CI=true)",
            dir.display()
        );
    }
    println!("SKIP: PSPLIB data not found at {}", dir.display());
    None
}
