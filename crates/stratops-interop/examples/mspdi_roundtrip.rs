//! Imports an MSPDI file, prints the extension report on stderr and the
//! re-exported XML on stdout: `cargo run --example mspdi_roundtrip FILE.xml`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: mspdi_roundtrip FILE.xml");
        std::process::exit(2);
    };
    let xml = match std::fs::read_to_string(&path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    match stratops_interop::import_mspdi(&xml).and_then(|i| {
        for f in &i.extension_fields {
            eprintln!("extension: {f}");
        }
        stratops_interop::export_mspdi(&i.document)
    }) {
        Ok(out) => print!("{out}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
