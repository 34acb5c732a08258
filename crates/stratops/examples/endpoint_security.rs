//! Load the endpoint-security example plan, schedule it, price it and score
//! it as of a date.
//!
//! ```sh
//! cargo run -p stratops --example endpoint_security
//! ```

use stratops::{budget, schedule, scorecard, Model};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/plans/endpoint-security.json"
    );
    let model = Model::from_json(&std::fs::read_to_string(path)?)?;

    let s = schedule::schedule(&model, &Default::default())?;
    println!("finish {}", s.project_finish);
    for path in &s.critical_paths {
        println!("critical path: {}", path.join(" -> "));
    }

    let b = budget::budget(&model, Some(&s), &Default::default())?;
    println!("budget {} {}", b.total, model.document().currency());
    assert_eq!(b.total.to_string(), "12800.00");

    let card = scorecard::scorecard(&model, "2025-12-05".parse()?, &Default::default())?;
    for k in &card.kpis {
        println!("{:28} {:?}", k.id, k.status);
    }
    Ok(())
}
