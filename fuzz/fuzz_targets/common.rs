//! What every target runs on a valid model: every engine, each of which
//! must return (a value or a coded error), never panic, hang or blow up.

use stratops::{align, budget, report, risk, schedule, scorecard, Date, Model};

pub fn run_engines(model: &Model) {
    let s = schedule::schedule(model, &Default::default()).ok();
    let _ = budget::budget(model, s.as_ref(), &Default::default());
    let _ = budget::budget(model, None, &Default::default());
    let as_of: Date = "2025-12-05".parse().expect("date");
    let _ = scorecard::scorecard(model, as_of, &Default::default());
    let _ = align::align(model, Some(as_of));
    let _ = risk::risk_register(model);
    if let Ok(r) = report::report(model, as_of, &Default::default()) {
        let _ = report::render_markdown(&r);
        let _ = report::render_html(&r);
    }
}
