//! The MSPDI importer: arbitrary bytes as XML. What imports exports, and
//! the export imports back to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(first) = stratops_interop::import_mspdi(xml) else {
        return;
    };
    let Ok(out) = stratops_interop::export_mspdi(&first.document) else {
        return;
    };
    let second = stratops_interop::import_mspdi(&out).expect("an export re-imports");
    assert_eq!(
        second.document, first.document,
        "import -> export -> import changed the document"
    );
});
