//! Generated plans of growing size through every engine, with the work
//! bounds of the bounded-cost issue checked on each: the critical-path
//! graph is linear in tasks + links, and a budget's monthly table is at
//! most 1,200 months per line.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;
#[path = "gen.rs"]
mod gen;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((doc, size)) = gen::plan(&mut u) else {
        return;
    };
    let Ok(model) = stratops::Model::from_json(&doc.to_string()) else {
        return;
    };
    if let Ok(g) = stratops::schedule::path_graph_size(&model, &Default::default()) {
        assert!(
            g.edges <= 4 * size + 16,
            "{} path edges for size {size}",
            g.edges
        );
    }
    if let Ok(b) = stratops::budget::budget(&model, None, &Default::default()) {
        let lines = model.document().plans[0].costs.len();
        let bound = stratops::budget::MAX_PHASE_MONTHS as usize * lines.max(1);
        assert!(b.by_month.len() <= bound);
    }
    common::run_engines(&model);
});
