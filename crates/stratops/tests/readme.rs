//! The README shows the endpoint-security progress report verbatim (its
//! headings two levels down); this keeps it from going stale.

use stratops::report::{render_markdown, report};
use stratops::Model;

#[test]
fn readme_shows_the_current_markdown_report() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let plan =
        std::fs::read_to_string(format!("{root}/examples/plans/endpoint-security.json")).unwrap();
    let model = Model::from_json(&plan).unwrap();
    let r = report(&model, "2025-12-05".parse().unwrap(), &Default::default()).unwrap();
    let md = render_markdown(&r);
    let shifted: Vec<String> = md
        .trim()
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("##{l}")
            } else {
                l.to_string()
            }
        })
        .collect();
    let shifted = shifted.join("\n");
    assert!(
        readme.contains(&shifted),
        "README.md's report differs from `stratops report examples/plans/endpoint-security.json --as-of 2025-12-05 --format md`; paste the new one"
    );
    let doc = std::fs::read_to_string(format!("{root}/docs/example-report.md")).unwrap();
    assert_eq!(doc.trim(), md.trim(), "docs/example-report.md is stale");
}
