//! Bounded cost: the export of a deep WBS is linear in its rows (F3 of the
//! bounded-cost issue: a 20,000-level WBS once exported 407 MB of XML).

use stratops_interop::{export_mspdi, import_mspdi};

/// An MSPDI file whose tasks nest `depth` levels deep, one task per level.
fn deep_wbs(depth: usize) -> String {
    let mut xml = String::from(
        "<Project xmlns=\"http://schemas.microsoft.com/project\"><StartDate>2025-01-06T08:00:00</StartDate><Tasks>",
    );
    for i in 1..=depth {
        xml.push_str(&format!(
            "<Task><UID>{i}</UID><ID>{i}</ID><Name>T{i}</Name><OutlineLevel>{i}</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
        ));
    }
    xml.push_str("</Tasks></Project>");
    xml
}

#[test]
fn a_deep_wbs_exports_in_size_linear_in_its_rows() {
    let depth = 20_000;
    let xml = deep_wbs(depth);
    let first = import_mspdi(&xml).expect("imports");
    let tasks = &first.document.plans[0].tasks;
    assert_eq!(tasks.len(), depth);
    assert_eq!(
        tasks[depth - 1].parent.as_deref(),
        Some(tasks[depth - 2].id.as_str())
    );
    let out = export_mspdi(&first.document).expect("exports");
    // Each row is a few hundred bytes; the dotted outline numbers alone
    // would be depth² / 2 × 2 bytes = 400 MB.
    let per_row = out.len() / depth;
    assert!(per_row < 2_000, "{} bytes for {depth} rows", out.len());
    // Outline numbers are written down to level 100 only.
    assert!(out.contains("<OutlineNumber>1.1.1</OutlineNumber>"));
    assert_eq!(
        out.matches("<OutlineNumber>").count(),
        stratops_interop::MAX_OUTLINE_NUMBER_LEVEL
    );
    // And the structure survives: import -> export -> import is exact.
    let second = import_mspdi(&out).expect("re-imports");
    assert_eq!(second.document, first.document);
}
