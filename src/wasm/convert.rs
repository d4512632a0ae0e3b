//! JS values in, JS values out.
//!
//! Inputs: the JS value is walked into the core's JSON tree
//! ([`crate::json::Json`]) and read by the same `FromJson` code as JSON
//! text, so unknown fields, wrong types and paths are reported exactly as
//! the JSON facade reports them. Walking (rather than `JSON.stringify`)
//! refuses what JSON cannot carry: functions, symbols, bigints, non-finite
//! numbers, cycles (a depth limit; the wasm stack has no guard page).
//! Outputs: the core writes JSON text, `JSON.parse` makes the JS value.

use super::errors;
use crate::json::{FromJson, Json, Path, ToJson};
use std::borrow::Cow;
use wasm_bindgen::{JsCast, JsValue};

/// A number as JavaScript writes it (`1.5`, `1e+21`), without Rust's float
/// formatting code in the binary.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return (n as i64).to_string();
    }
    js_sys::Number::from(n).to_string_with_radix(10).map(String::from).unwrap_or_else(|_| "NaN".into())
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
pub fn to_json(value: &JsValue, prefix: &str) -> Result<Json<'static>, (String, String)> {
    let mut path = if prefix.is_empty() { String::new() } else { prefix.to_owned() };
    walk(value, &mut path, 0)
}

fn walk(v: &JsValue, path: &mut String, depth: usize) -> Result<Json<'static>, (String, String)> {
    if depth > MAX_DEPTH {
        return Err(walk_error(path, NotJson::TooDeep));
    }
    if v.is_null() || v.is_undefined() {
        return Ok(Json::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        if !n.is_finite() {
            return Err(walk_error(path, NotJson::NotFinite(n)));
        }
        return Ok(Json::Number(Cow::Owned(number_text(n))));
    }
    match text(v) {
        Some(Ok(s)) => return Ok(Json::String(Cow::Owned(s))),
        Some(Err(())) => return Err(walk_error(path, NotJson::LoneSurrogate)),
        None => {}
    }
    if let Some(array) = v.dyn_ref::<js_sys::Array>() {
        let mut out = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            let len = path.len();
            crate::json::push_index(path, i);
            out.push(walk(&item, path, depth + 1)?);
            path.truncate(len);
        }
        return Ok(Json::Array(out));
    }
    if v.is_object() && !v.is_function() {
        let entries = match v.dyn_ref::<js_sys::Map>() {
            Some(map) => js_sys::Array::from(&map.entries()),
            None if v.is_instance_of::<js_sys::Set>() => return Err(walk_error(path, NotJson::Set)),
            None => js_sys::Object::entries(v.unchecked_ref()),
        };
        let mut out: Vec<(Cow<'static, str>, Json<'static>)> = Vec::new();
        for entry in entries.iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0);
            let value = pair.get(1);
            let Some(key) = key.as_string() else { return Err(walk_error(path, NotJson::MapKey(&key))) };
            if value.is_undefined() {
                continue;
            }
            let len = path.len();
            crate::json::push_key(path, &key);
            let item = walk(&value, path, depth + 1)?;
            path.truncate(len);
            // Keys are unique in an object and in a `Map`.
            out.push((Cow::Owned(key), item));
        }
        return Ok(Json::Object(out));
    }
    Err(walk_error(path, NotJson::Other(v)))
}

/// What [`walk`] refuses; its message is written only when it happens
/// (out of line, so the walk V8 compiles on first use stays small).
enum NotJson<'a> {
    TooDeep,
    NotFinite(f64),
    LoneSurrogate,
    Set,
    MapKey(&'a JsValue),
    Other(&'a JsValue),
}

#[cold]
#[inline(never)]
fn walk_error(path: &str, problem: NotJson<'_>) -> (String, String) {
    let message = match problem {
        NotJson::TooDeep => format!("nested more than {MAX_DEPTH} levels deep (is there a cycle?)"),
        NotJson::NotFinite(n) => format!("wrong type: `{}` is not a finite number", number_text(n)),
        NotJson::LoneSurrogate => format!("the string {LONE_SURROGATE}"),
        NotJson::Set => "wrong type: a Set, expected an array or an object".into(),
        NotJson::MapKey(key) => format!("wrong type: a Map key is {}, expected a string", describe(key)),
        NotJson::Other(v) => format!("wrong type: {}, expected JSON-like data", describe(v)),
    };
    (crate::directory::path_or_root(path), message)
}

/// Reads a walked JS value as a named input, with the bad field's path
/// under `prefix` (an argument name, or `""` for the value itself).
pub fn from_json<T: FromJson>(value: &Json<'_>, prefix: &str) -> Result<T, (String, String)> {
    let root = Path::Root;
    let at = if prefix.is_empty() { root } else { root.key(prefix) };
    T::from_json(value, &at).map_err(|e| (e.path, e.message))
}

/// A JS argument as a named core input; failures are `INVALID_INPUT`.
pub fn input<T: FromJson>(value: &JsValue, name: &str) -> Result<T, JsValue> {
    if value.is_undefined() {
        return Err(errors::invalid(name, &format!("`{name}` is missing")));
    }
    to_json(value, name).and_then(|v| from_json(&v, name)).map_err(|(path, message)| errors::invalid(&path, &message))
}

/// A Rust value as a plain JS value (objects, not `Map`s; `None` → `null`),
/// through JSON text.
/// (One copy for every type: the value is written through `dyn ToJson`.)
#[inline(never)]
pub fn output(value: &dyn ToJson) -> Result<JsValue, JsValue> {
    let mut text = String::new();
    value.to_json().write(&mut text);
    parse_json(&text)
}

/// JSON text (made by this crate) as a JS value.
pub fn parse_json(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| errors::error("INTERNAL", "cannot convert the result", None))
}

/// A check result as JS: the value, or the check error thrown.
pub fn checked<T: ToJson>(result: Result<T, crate::error::CheckError>) -> Result<JsValue, JsValue> {
    match &result {
        Ok(v) => output(v),
        Err(e) => Err(errors::check(e)),
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
        format!("a number (`{}`)", number_text(n))
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

/// `INVALID_INPUT` for the argument `name`, missing or of the wrong kind.
#[cold]
#[inline(never)]
pub fn wrong_type(name: &str, expected: &str, value: &JsValue) -> JsValue {
    if value.is_undefined() {
        errors::invalid(name, &format!("`{name}` is missing; expected {expected}"))
    } else {
        expected_found(name, expected, value)
    }
}

/// `INVALID_INPUT` for the argument `name`: "expected {expected}, found
/// {what `value` is}" (out of line: the entry points V8 compiles on first
/// use carry no message formatting).
#[cold]
#[inline(never)]
pub fn expected_found(name: &str, expected: &str, value: &JsValue) -> JsValue {
    errors::invalid(name, &format!("expected {expected}, found {}", describe(value)))
}

/// A JS string as Rust text, or `Err` for a string with a lone UTF-16
/// surrogate: decoding would turn it into U+FFFD and make distinct ids
/// alias one another. `None` when the value is not a string.
pub fn text(value: &JsValue) -> Option<Result<String, ()>> {
    let s = value.as_string()?;
    Some(checked_text(s, value))
}

/// `Err` when `s`, decoded from the JS string `value`, stood for a lone
/// surrogate. Only a string that decoded to U+FFFD (UTF-8 `EF BF BD`) can
/// hold one; a byte scan keeps the common case cheap.
fn checked_text(s: String, value: &JsValue) -> Result<String, ()> {
    // `is_ascii` reads a word at a time; most text (every id) is ASCII.
    if !s.is_ascii()
        && s.as_bytes().windows(3).any(|w| w == "\u{FFFD}".as_bytes())
        && !value.dyn_ref::<js_sys::JsString>().is_some_and(|j| j.is_valid_utf16())
    {
        return Err(());
    }
    Ok(s)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The platform's `TextEncoder` (browsers, Node, Deno, workers).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &js_sys::JsString, dest: &js_sys::Uint8Array) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// [`text`] for long strings (a directory as JSON text): `encodeInto` in
/// native code, straight into the `Vec` in wasm memory (no buffer on the
/// JS heap, no second copy), where wasm-bindgen's own conversion walks the
/// string a character at a time in JS (~15% of a 100k-member build).
pub fn long_text(value: &JsValue) -> Option<Result<String, ()>> {
    let s = value.dyn_ref::<js_sys::JsString>()?;
    let encoder = TextEncoder::new();
    let mut out: Vec<u8> = Vec::new();
    let mut rest = s.clone();
    // ASCII text fits the first buffer; each further round has room for the
    // rest at 3 bytes per UTF-16 unit, so it ends in two rounds at most.
    let mut room = rest.length();
    loop {
        let start = out.len();
        if start == 0 {
            // Zeroed by the allocator (free for fresh memory), not by a loop.
            out = vec![0; room as usize];
        } else {
            out.resize(start + room as usize, 0);
        }
        // A view of the new bytes, taken after the resize (which may have
        // grown the memory) and used at once: nothing allocates until
        // `encodeInto` returns.
        let memory = wasm_bindgen::memory().unchecked_into::<js_sys::WebAssembly::Memory>();
        let at = out.as_ptr() as usize + start;
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at as u32, room);
        let done = encoder.encode_into(&rest, &view);
        out.truncate(start + done.written() as usize);
        if done.read() >= rest.length() {
            break;
        }
        rest = rest.slice(done.read(), rest.length());
        room = rest.length().saturating_mul(3);
    }
    // encodeInto writes UTF-8, a lone surrogate as U+FFFD.
    let Ok(text) = String::from_utf8(out) else { return Some(Err(())) };
    Some(checked_text(text, value))
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
