//! Values across the boundary, as JSON.
//!
//! Results go out as `JSON.parse` of the serde JSON, so what JavaScript sees
//! is exactly what the CLI prints with `--format json` (snake_case fields,
//! money as decimal strings, dates as ISO strings). Objects come in through
//! `JSON.stringify`, which refuses cyclic and absurdly deep objects with a
//! JavaScript exception instead of letting Rust recurse over them.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::js_error;

/// Serialises a result and parses it into a JavaScript value.
pub fn to_js_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| {
        js_error(
            stratops::error::codes::INTERNAL,
            &format!("cannot serialise a result: {e}"),
            None,
            None,
        )
    })?;
    js_sys::JSON::parse(&text).map_err(|_| {
        js_error(
            stratops::error::codes::INTERNAL,
            "the engine produced JSON that JavaScript cannot parse",
            None,
            None,
        )
    })
}

/// Turns a plain JavaScript object into JSON text.
pub fn stringify(obj: &JsValue) -> Result<String, JsValue> {
    if obj.is_undefined() || obj.is_null() || !obj.is_object() {
        return Err(js_error(
            "wrong_type",
            "expected a plain object holding a stratops/1 document",
            None,
            Some(""),
        ));
    }
    match js_sys::JSON::stringify(obj) {
        Ok(s) => s.as_string().ok_or_else(|| {
            js_error(
                "wrong_type",
                "the object cannot be written as JSON",
                None,
                Some(""),
            )
        }),
        Err(e) => {
            // A TypeError (a cycle, a BigInt) or a RangeError (too deep).
            let msg = e
                .dyn_into::<js_sys::Error>()
                .ok()
                .and_then(|e| e.message().as_string())
                .unwrap_or_default();
            let code = if msg.to_lowercase().contains("circular") {
                "cyclic_object"
            } else if msg.to_lowercase().contains("call stack") {
                "too_deep"
            } else {
                "wrong_type"
            };
            Err(js_error(
                code,
                &format!("the object cannot be written as JSON: {msg}"),
                None,
                Some(""),
            ))
        }
    }
}
