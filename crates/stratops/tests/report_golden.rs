//! Golden files: the report of every example plan in `examples/plans/`, in
//! JSON, Markdown and HTML, and its reminders feed, at fixed dates.
//!
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p stratops --test report_golden`
//! and review the diff: the goldens must be right, not just stable. The
//! endpoint-security figures were checked by hand (see `tests/report.rs`).

use std::path::{Path, PathBuf};

use stratops::report::{remind, render_html, render_markdown, report, ReportOptions};
use stratops::{Date, Model};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The dates each example is reported at. An example not listed here is
/// reported at the middle of its first non-strategic plan's horizon.
fn dates(stem: &str, model: &Model) -> Vec<Date> {
    let fixed: &[(&str, &[&str])] = &[("endpoint-security", &["2025-10-10", "2025-12-05"])];
    if let Some((_, ds)) = fixed.iter().find(|(s, _)| *s == stem) {
        return ds.iter().map(|d| d.parse().unwrap()).collect();
    }
    let doc = model.document();
    let plan = doc
        .plans
        .iter()
        .find(|p| p.kind != stratops::PlanKind::Strategic)
        .or(doc.plans.first());
    match plan {
        Some(p) => {
            let half = (p.horizon.end.0 - p.horizon.start.0) / 2;
            vec![Date(p.horizon.start.0 + half)]
        }
        None => vec!["2025-01-01".parse().unwrap()],
    }
}

fn check(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(_) => {
            failures.push(format!(
                "{}: missing (run with UPDATE_GOLDEN=1)",
                path.display()
            ));
            return;
        }
    };
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{}: differs from line {}:\n  golden: {:?}\n  actual: {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        ));
    }
}

#[test]
fn example_reports_match_their_goldens() {
    let plans = root().join("examples/plans");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&plans)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no example plans in {}", plans.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        let model = Model::from_json(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for as_of in dates(&stem, &model) {
            let r = report(&model, as_of, &ReportOptions::default()).unwrap();
            let base = golden.join(format!("{stem}@{as_of}"));
            let mut json = serde_json::to_string_pretty(&r).unwrap();
            json.push('\n');
            check(&base.with_extension("json"), &json, &mut failures);
            let mut md = render_markdown(&r);
            md.push('\n');
            check(&base.with_extension("md"), &md, &mut failures);
            check(
                &base.with_extension("html"),
                &render_html(&r),
                &mut failures,
            );
            let events = remind(&model, as_of, 14).unwrap();
            let mut feed = serde_json::to_string_pretty(&events).unwrap();
            feed.push('\n');
            check(
                &golden.join(format!("{stem}@{as_of}.remind.json")),
                &feed,
                &mut failures,
            );
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= files.len());
}
