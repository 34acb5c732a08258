//! Every error or diagnostic code raised anywhere in the code base (the
//! core, the interop crate, the CLI and both faces) is documented, as
//! `` `code` ``, in `docs/` (FORMAT.md lists them all; MSPDI.md the import
//! and export ones). The scan reads the sources: after each call that
//! raises a code (`Error::calc(`, a validation `err(`/`warn(`/`push(`, an
//! interop `fail(`, a face's `js_error(`, a `code: "..."` field), the first
//! snake_case string literal is the code.

use std::collections::BTreeSet;

use std::path::{Path, PathBuf};
use stratops::error::codes::Code;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if !matches!(name, "target" | "node_modules" | "pkg" | ".venv" | "tests") {
                    stack.push(p);
                }
            } else if name.ends_with(ext) {
                out.push(p);
            }
        }
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The first string literal within `window` bytes after `at`, unless it is
/// an id (`Some("...")`) or lies past the end of the statement (`;`): then
/// the code is a constant, not a literal.
fn first_literal(text: &str, at: usize, window: usize) -> Option<&str> {
    let rest = text.get(at..(at + window).min(text.len()))?;
    let open = rest.find('"')?;
    if rest[..open].ends_with("Some(") || rest[..open].contains(';') {
        return None;
    }
    let after = &rest[open + 1..];
    let close = after.find('"')?;
    Some(&after[..close])
}

fn raised_codes(root: &Path) -> BTreeSet<(String, String)> {
    let mut srcs = Vec::new();
    for d in [
        "crates/stratops/src",
        "crates/stratops-interop/src",
        "crates/stratops-cli/src",
        "bindings/python/src",
        "bindings/wasm/src",
    ] {
        files(&root.join(d), ".rs", &mut srcs);
    }
    let triggers = [
        "Error::calc(",
        "cx.err(",
        "cx.warn(",
        "Severity::Error,",
        "Severity::Warning,",
        "fail(",
        "js_error(",
        "code: \"",
        "bad_arg(",
        " err(",
        "(err(",
    ];
    let mut out = BTreeSet::new();
    for f in srcs {
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests inside a source file raise nothing.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for t in triggers {
            let mut from = 0;
            while let Some(i) = text[from..].find(t) {
                let at = from + i + t.len() - usize::from(t.ends_with('"'));
                from = at + 1;
                // `fail(` inside a longer name (`cx.fail(` is fine, `failed(` is not).
                if let Some(lit) = first_literal(text, at, 160) {
                    if is_code(lit) && lit.contains(|c: char| c == '_' || c.is_ascii_lowercase()) {
                        out.insert((lit.to_string(), f.display().to_string()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_raised_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut docs = String::new();
    let mut md = Vec::new();
    files(&root.join("docs"), ".md", &mut md);
    for f in md {
        docs.push_str(&std::fs::read_to_string(f).unwrap());
    }
    let codes = raised_codes(&root);
    assert!(
        codes.len() > 40,
        "the scan found only {} codes",
        codes.len()
    );
    let missing: Vec<String> = codes
        .iter()
        .filter(|(c, _)| !docs.contains(&format!("`{c}`")))
        .map(|(c, f)| format!("{c} ({f})"))
        .collect();
    assert!(
        missing.is_empty(),
        "codes raised but not documented in docs/:\n{}",
        missing.join("\n")
    );
    // every raised code is in the typed list the faces expose ...
    let unlisted: Vec<String> = codes
        .iter()
        .filter(|(c, _)| Code::parse(c).is_none())
        .map(|(c, f)| format!("{c} ({f})"))
        .collect();
    assert!(
        unlisted.is_empty(),
        "codes raised but missing from stratops::error::codes::Code:\n{}",
        unlisted.join("\n")
    );
    // ... and every listed code is documented
    let undocumented: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !docs.contains(&format!("`{c}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes in the list but not documented in docs/: {undocumented:?}"
    );
}

#[test]
fn the_code_list_is_sorted_unique_and_round_trips() {
    let all = stratops::error::codes::all();
    assert!(all.len() > 100, "only {} codes", all.len());
    assert!(
        all.windows(2).all(|w| w[0] < w[1]),
        "not sorted or not unique"
    );
    for c in Code::ALL {
        assert_eq!(Code::parse(c.as_str()), Some(*c));
        assert_eq!(c.to_string(), c.as_str());
    }
    assert_eq!(stratops::error::codes::BAD_OPTION, "bad_option");
}
