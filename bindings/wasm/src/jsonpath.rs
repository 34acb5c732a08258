//! The JSON path of a load error, found from its line and column.
//!
//! The core names the path of a load error by parsing the text a second
//! time through `serde_path_to_error`, which instantiates every
//! `Deserialize` impl a second time: about 110 KB of WebAssembly, an eighth
//! of the package. The package reads documents with
//! [`stratops::Document::from_json_without_path`] instead, so that code is
//! not linked, and finds the path here by scanning the text up to where
//! serde_json stopped: the path of the value (or object key) being read or
//! just completed there. The scan is a loop with an explicit stack, so deep
//! documents cannot overflow it.

use stratops::{Document, Error, FormatError};

enum Frame {
    /// An object and the key whose value is being read, if any.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// The byte offset of a serde_json position (1-based line, column = bytes
/// since the start of the line), clamped to the text.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut l = 1;
    while l < line {
        match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
        l += 1;
    }
    (start + column).min(bytes.len())
}

/// Decodes the JSON string starting after its opening quote at `i`;
/// returns it and the index after the closing quote, or `None` if the
/// string does not end before `end`.
fn string(bytes: &[u8], mut i: usize, end: usize) -> Option<(String, usize)> {
    let mut out: Vec<u16> = Vec::new();
    let mut raw_start = i;
    let mut text = String::new();
    let flush = |out: &mut Vec<u16>, text: &mut String| {
        if !out.is_empty() {
            text.push_str(&String::from_utf16_lossy(out));
            out.clear();
        }
    };
    while i < end {
        match bytes[i] {
            b'"' => {
                flush(&mut out, &mut text);
                text.push_str(&String::from_utf8_lossy(&bytes[raw_start..i]));
                return Some((text, i + 1));
            }
            b'\\' => {
                flush(&mut out, &mut text);
                text.push_str(&String::from_utf8_lossy(&bytes[raw_start..i]));
                let c = *bytes.get(i + 1)?;
                i += 2;
                match c {
                    b'n' => text.push('\n'),
                    b't' => text.push('\t'),
                    b'r' => text.push('\r'),
                    b'b' => text.push('\u{8}'),
                    b'f' => text.push('\u{c}'),
                    b'u' => {
                        let hex = std::str::from_utf8(bytes.get(i..i + 4)?).ok()?;
                        out.push(u16::from_str_radix(hex, 16).ok()?);
                        i += 4;
                        // Surrogate pairs are joined by the next flush.
                        while bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'u') {
                            let hex = std::str::from_utf8(bytes.get(i + 2..i + 6)?).ok()?;
                            out.push(u16::from_str_radix(hex, 16).ok()?);
                            i += 6;
                        }
                    }
                    other => text.push(char::from(other)),
                }
                raw_start = i;
            }
            _ => i += 1,
        }
    }
    None
}

/// The path (`plans[1].tasks[2].duration`) of the value being read at byte
/// `end`, in `serde_path_to_error`'s notation; empty at the top level.
///
/// For a syntax error (`syntax`) after a complete value in an object,
/// serde_json was looking for the next key, which serde_path_to_error
/// writes `?`.
pub fn path_at(text: &str, end: usize, syntax: bool) -> String {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    // In an object: whether the next string is a key.
    let mut want_key = false;
    // Whether the last token opened an object or array: serde_json reports
    // a container of the wrong type at its opening bracket, and
    // serde_path_to_error names the value, not its first element.
    let mut opened = false;
    let mut prev = 0u8;
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        if (b == b'}' || b == b']') && prev == b',' {
            // A trailing comma: the error is inside the container, before
            // an element (no index) or a key (`?`).
            if let Some(Frame::Array(_)) = stack.last() {
                stack.pop();
            }
            return render(&stack);
        }
        if !b.is_ascii_whitespace() {
            opened = b == b'{' || b == b'[';
            prev = b;
        }
        match b {
            b'{' => {
                stack.push(Frame::Object(None));
                want_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                want_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                want_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(k)) => {
                    *k = None;
                    want_key = true;
                }
                None => {}
            },
            b':' => want_key = false,
            b'"' => match string(bytes, i + 1, end) {
                Some((s, next)) => {
                    if want_key {
                        if let Some(Frame::Object(k)) = stack.last_mut() {
                            *k = Some(s);
                        }
                        prev = b':';
                    } else {
                        prev = b'"';
                    }
                    i = next;
                    continue;
                }
                None => break,
            },
            _ => {}
        }
        i += 1;
    }
    if opened {
        stack.pop();
    } else if syntax && matches!(prev, b'"' | b'}' | b']') {
        if let Some(Frame::Object(k)) = stack.last_mut() {
            *k = None;
        }
    }
    render(&stack)
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for f in stack {
        match f {
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
            Frame::Object(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                // Before its key is read, serde_path_to_error writes `?`.
                path.push_str(k.as_deref().unwrap_or("?"));
            }
        }
    }
    path
}

/// Reads a document as [`Document::from_json`] does, naming the path of a
/// load error from its line and column.
pub fn read(text: &str) -> Result<Document, Error> {
    Document::from_json_without_path(text).map_err(|e| match e {
        Error::Format(f) if f.path.is_empty() && f.line > 0 => Error::Format(FormatError {
            path: path_at(
                text,
                offset(text, f.line, f.column),
                f.code.starts_with("json_"),
            ),
            ..f
        }),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> (Error, Error) {
        let want = Document::from_json(text).expect_err(text);
        let got = read(text).expect_err(text);
        (want, got)
    }

    #[test]
    fn paths_agree_with_serde_path_to_error() {
        let task = |extra: &str| {
            format!(
                r#"{{"format": "stratops/1", "plans": [
                {{"id": "p0", "kind": "project", "name": "P", "horizon": {{"start": "2025-01-01", "end": "2025-06-01"}}}},
                {{"id": "p", "kind": "project", "name": "P",
                  "horizon": {{"start": "2025-01-01", "end": "2025-06-01"}},
                  "tasks": [{{"id": "a", "name": "A"}}, {{"id": "b\u00e9\"", "name": "B", {extra}}}]}}]}}"#
            )
        };
        let cases = [
            task(r#""duraton": "1d""#),
            task(r#""duration": "1x""#),
            task(r#""duration": true"#),
            task(r#""duration": [1]"#),
            task(r#""kind": "weekly""#),
            task(r#""dependencies": [{"predecessor": "a"}, {"predecessor": "a", "type": "XX"}]"#),
            task(r#""dependencies": [{"predecessor": "a", "lag": "1q"}]"#),
            task(r#""dependencies": [{"type": "FS"}]"#),
            task(r#""constraint": {"type": "SNET", "date": "2025-13-01"}"#),
            task(r#""deadline": "2025-02-30""#),
            task(r#""assignments": [{"resource": "r", "hours": "x"}]"#),
            task(r#""progress": {"percent_complete": "half"}"#),
            task(r#""extensions": {"k": 1}, "x": 2"#),
            task(r#""notes": 5"#),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project"}]}"#.into(),
            r#"{"format": "stratops/1", "plans": {}}"#.into(),
            r#"{"format": "stratops/1", "plans": [], "settings": {"minutes_per_day": "x"}}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [], "calendars": [{"id": "c", "week": {"monday": [{"from": "8"}]}}]}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [], "resources": [{"id": "r", "name": "R", "rates": [{"standard": "1.0.0"}]}]}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-06-01"}, "costs": [{"id": "c", "category": "x", "kind": "fixed", "amount": 12}]}]}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-06-01"}, "kpis": [{"id": "k", "name": "K", "polarity": "up"}]}]}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-01", "end": "2025-06-01"}, "goals": [{"id": "g", "name": "G", "contributes_to": [{"goal": "x", "weight": "w"}]}]}]}"#
                .into(),
            r#"{"format": "stratops/1", "plans": [1]}"#.into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p",}]}"#.into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p""#.into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "name": "x" "kind": 1}]}"#.into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "tasks": [{"id": "a", "supports": ["x", "y",]}]}]}"#.into(),
            r#"{"format": "stratops/1", "plans": [{"id": "p", "tasks": [{"id": "a", "supports": ["x", "y"]}, 7]}]}"#.into(),
            r#"{"format": "stratops/1", "pl\u0061ns": [{"id": 1}]}"#.into(),
            "[]".into(),
            "".into(),
            "{\n  \"format\": \"stratops/1\",\n  \"plans\": [\n    {\"id\": 7}\n  ]\n}".into(),
        ];
        let mut differ = Vec::new();
        for text in &cases {
            let (want, got) = both(text);
            assert_eq!(got.code(), want.code(), "{text}");
            assert_eq!(got.to_string(), want.to_string(), "{text}");
            if got.path() != want.path() {
                differ.push((
                    text.clone(),
                    want.path().map(String::from),
                    got.path().map(String::from),
                ));
            }
        }
        assert!(differ.is_empty(), "paths differ: {differ:#?}");
    }

    #[test]
    fn valid_documents_read_the_same() {
        let text = r#"{"format": "stratops/1", "plans": []}"#;
        assert_eq!(read(text).unwrap(), Document::from_json(text).unwrap());
    }

    #[test]
    fn deep_text_does_not_overflow() {
        let text = "[".repeat(1_000_000);
        // The last bracket is the value being read, not an enclosing array.
        assert_eq!(
            path_at(&text, text.len(), true).len(),
            "[0]".len() * 999_999
        );
        assert_eq!(
            read(&text).unwrap_err().code(),
            Document::from_json(&text).unwrap_err().code()
        );
    }
}
