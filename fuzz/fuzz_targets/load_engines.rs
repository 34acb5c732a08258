//! The JSON loader with every engine: arbitrary bytes as a document.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(model) = stratops::Model::from_json(text) else {
        return;
    };
    // Save and load again: the same document.
    let json = model.document().to_json();
    let back = stratops::Document::from_json(&json).expect("a saved document loads");
    assert_eq!(
        &back,
        model.document(),
        "JSON round trip changed the document"
    );
    common::run_engines(&model);
});
