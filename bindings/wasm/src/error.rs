//! Core errors as JavaScript `Error` objects.
//!
//! A thrown value is always a real `Error` (so `instanceof Error` holds) whose
//! `name` is `"StratopsError"`, with the stable `code` of the core error, the
//! offending `id` and JSON `path` when known, the `diagnostics` of an invalid
//! document, and `line`/`column` for a format error. Never a string.

use js_sys::{Array, Object, Reflect};
use stratops::Error;
use wasm_bindgen::{JsCast, JsValue};

fn set(obj: &Object, key: &str, value: JsValue) {
    // Setting a property on a fresh, extensible Error object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value);
}

fn opt_str(s: Option<&str>) -> JsValue {
    match s {
        Some(s) if !s.is_empty() => JsValue::from_str(s),
        _ => JsValue::UNDEFINED,
    }
}

/// Builds a `StratopsError` with a code, a message, and an optional id and
/// path.
pub fn js_error(code: &str, message: &str, id: Option<&str>, path: Option<&str>) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("StratopsError");
    let obj: &Object = err.as_ref();
    set(obj, "code", JsValue::from_str(code));
    set(obj, "id", opt_str(id));
    set(obj, "path", opt_str(path));
    set(obj, "diagnostics", Array::new().into());
    err.into()
}

/// Converts a core error.
pub fn to_js(e: &Error) -> JsValue {
    let err = js_error(e.code(), &e.to_string(), e.id(), e.path());
    let obj: &Object = err.unchecked_ref();
    let diags =
        crate::convert::to_js_value(&e.diagnostics()).unwrap_or_else(|_| Array::new().into());
    set(obj, "diagnostics", diags);
    if let Error::Format(f) | Error::Import(f) = e {
        set(obj, "line", JsValue::from_f64(f.line as f64));
        set(obj, "column", JsValue::from_f64(f.column as f64));
    }
    if let Error::Edit(ed) = e {
        set(obj, "edit", JsValue::from_f64(ed.index as f64));
    }
    if let Error::Cycle(c) = e.inner() {
        let ids: Array = c.ids.iter().map(|s| JsValue::from_str(s)).collect();
        set(obj, "cycle", ids.into());
    }
    err
}
