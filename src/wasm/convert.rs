//! JS values in, JS values out.
//!
//! Inputs go JS value → `serde_json::Value` → the core's named type. The
//! JS value is walked here rather than through serde-wasm-bindgen's
//! deserializer, for three reasons: serde-wasm-bindgen reads only the
//! declared fields of a struct, which would silently defeat the core's
//! `deny_unknown_fields` on JS objects; it has no depth limit, so a cyclic
//! object would overflow the (unguarded) wasm stack; and a `Value` lets the
//! core's own `parse_input` report the path of a bad field exactly as the
//! JSON facade does. Outputs use serde-wasm-bindgen's JSON-compatible
//! serializer: plain objects and arrays, `None` as `null`.

use super::errors;
use crate::error::CheckError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Joins a field path under a prefix: `("operation", "memberId")` →
/// `operation.memberId`, `("groups", "[1]")` → `groups[1]`.
pub fn join(prefix: &str, path: &str) -> String {
    match (prefix, path) {
        ("", p) => crate::directory::path_or_root(p),
        (pre, "" | "." | "(root)") => pre.to_owned(),
        (pre, p) if p.starts_with('[') => format!("{pre}{p}"),
        (pre, p) => format!("{pre}.{p}"),
    }
}

/// Deepest nesting accepted in a JS input (a cycle would otherwise recurse
/// until the wasm stack, which has no guard page, overflows).
pub const MAX_DEPTH: usize = 128;

/// A JS value as JSON, or the path (under `prefix`) and message of the part
/// that is not JSON-like (a function, a symbol, a bigint, a non-finite
/// number, nesting deeper than [`MAX_DEPTH`]).
///
/// Like `JSON.stringify`, object properties whose value is `undefined` are
/// left out (so `{ groups: undefined }` means "no groups"), and `undefined`
/// array elements become `null`. A `Map` with string keys reads as an object.
pub fn to_json(value: &JsValue, prefix: &str) -> Result<Value, (String, String)> {
    let mut path = if prefix.is_empty() { String::new() } else { prefix.to_owned() };
    walk(value, &mut path, 0)
}

fn walk(v: &JsValue, path: &mut String, depth: usize) -> Result<Value, (String, String)> {
    let fail = |path: &str, message: String| Err((crate::directory::path_or_root(path), message));
    if depth > MAX_DEPTH {
        return fail(path, format!("nested more than {MAX_DEPTH} levels deep (is there a cycle?)"));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        let safe = 9_007_199_254_740_991.0;
        if n.fract() == 0.0 && n.abs() <= safe {
            return Ok(Value::from(n as i64));
        }
        return match serde_json::Number::from_f64(n) {
            Some(x) => Ok(Value::Number(x)),
            None => fail(path, format!("wrong type: `{n}` is not a finite number")),
        };
    }
    match text(v) {
        Some(Ok(s)) => return Ok(Value::String(s)),
        Some(Err(())) => return fail(path, format!("the string {LONE_SURROGATE}")),
        None => {}
    }
    if let Some(array) = v.dyn_ref::<js_sys::Array>() {
        let mut out = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            out.push(walk(&item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Value::Array(out));
    }
    if v.is_object() && !v.is_function() {
        let entries = match v.dyn_ref::<js_sys::Map>() {
            Some(map) => js_sys::Array::from(&map.entries()),
            None if v.is_instance_of::<js_sys::Set>() => {
                return fail(path, "wrong type: a Set, expected an array or an object".into());
            }
            None => js_sys::Object::entries(v.unchecked_ref()),
        };
        let mut out = serde_json::Map::new();
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0);
            let value = pair.get(1);
            let Some(key) = key.as_string() else {
                return fail(path, format!("wrong type: a Map key is {}, expected a string", describe(&key)));
            };
            if value.is_undefined() {
                continue;
            }
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let item = walk(&value, path, depth + 1)?;
            path.truncate(len);
            out.insert(key, item);
        }
        return Ok(Value::Object(out));
    }
    fail(path, format!("wrong type: {}, expected JSON-like data", describe(v)))
}

/// Deserializes a JSON value into a named input, with the bad field's path
/// under `prefix`. The value goes through JSON text, the one parser every
/// input type is compiled for (see `api::parse_input`), which keeps the
/// wasm small and the paths identical to the JSON facade's.
pub fn from_json<T: DeserializeOwned>(value: Value, prefix: &str) -> Result<T, (String, String)> {
    crate::api::parse_input(&value.to_string()).map_err(|e| (join(prefix, e.path()), error_message(&e)))
}

/// The message of an `INVALID_INPUT` error without its path prefix.
fn error_message(e: &CheckError) -> String {
    match e {
        CheckError::InvalidInput { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// A JS argument as a named core input; failures are `INVALID_INPUT`.
pub fn input<T: DeserializeOwned>(value: &JsValue, name: &str) -> Result<T, JsValue> {
    if value.is_undefined() {
        return Err(errors::invalid(name, &format!("`{name}` is missing")));
    }
    to_json(value, name).and_then(|v| from_json(v, name)).map_err(|(path, message)| errors::invalid(&path, &message))
}

/// A Rust value as a plain JS value (objects, not `Map`s; `None` → `null`),
/// through JSON text: one serializer per type for every entry point.
pub fn output<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| errors::error("INTERNAL", &format!("cannot convert the result: {e}"), None))?;
    parse_json(&text)
}

/// JSON text (made by this crate) as a JS value.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| errors::error("INTERNAL", "cannot convert the result", None))
}

/// A check result as JS: the value, or the check error thrown.
pub fn checked<T: Serialize>(result: Result<T, CheckError>) -> Result<JsValue, JsValue> {
    match result {
        Ok(v) => output(&v),
        Err(e) => Err(errors::check(&e)),
    }
}

/// How a JS value is described in a message: `a number (\`5\`)`.
pub fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if let Some(b) = value.as_bool() {
        format!("a boolean (`{b}`)")
    } else if let Some(n) = value.as_f64() {
        format!("a number (`{n}`)")
    } else if value.is_bigint() {
        "a bigint".into()
    } else if value.is_symbol() {
        "a symbol".into()
    } else if value.is_function() {
        "a function".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        "an object".into()
    }
}

fn wrong_type(name: &str, expected: &str, value: &JsValue) -> JsValue {
    if value.is_undefined() {
        errors::invalid(name, &format!("`{name}` is missing; expected {expected}"))
    } else {
        errors::invalid(name, &format!("expected {expected}, found {}", describe(value)))
    }
}

/// A JS string as Rust text, or `Err` for a string with a lone UTF-16
/// surrogate: decoding would turn it into U+FFFD and make distinct ids
/// alias one another. `None` when the value is not a string.
pub fn text(value: &JsValue) -> Option<Result<String, ()>> {
    let s = value.as_string()?;
    // Only a string that decoded to U+FFFD (UTF-8 `EF BF BD`) can hold a lone
    // surrogate; a byte scan keeps the common case cheap on the hot path.
    if s.bytes().any(|b| b == 0xEF)
        && s.contains('\u{FFFD}')
        && !value.dyn_ref::<js_sys::JsString>().is_some_and(|j| j.is_valid_utf16())
    {
        return Some(Err(()));
    }
    Some(Ok(s))
}

pub const LONE_SURROGATE: &str = "contains a lone UTF-16 surrogate, which is not valid Unicode text";

/// A required string argument.
pub fn string(value: &JsValue, name: &str) -> Result<String, JsValue> {
    match text(value) {
        Some(Ok(s)) => Ok(s),
        Some(Err(())) => Err(errors::invalid(name, &format!("`{name}` {LONE_SURROGATE}"))),
        None => Err(wrong_type(name, "a string", value)),
    }
}

/// An optional string argument: `null` and `undefined` are `None`.
pub fn opt_string(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    if value.is_null() || value.is_undefined() {
        Ok(None)
    } else {
        match text(value) {
            Some(Ok(s)) => Ok(Some(s)),
            Some(Err(())) => Err(errors::invalid(name, &format!("`{name}` {LONE_SURROGATE}"))),
            None => Err(errors::invalid(name, &format!("expected a string or null, found {}", describe(value)))),
        }
    }
}

/// A required array of strings.
pub fn strings(value: &JsValue, name: &str) -> Result<Vec<String>, JsValue> {
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Err(wrong_type(name, "an array of strings", value));
    };
    let mut out = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        out.push(string(&item, &format!("{name}[{i}]"))?);
    }
    Ok(out)
}
