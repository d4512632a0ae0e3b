//! Failures as real JS `Error` objects.
//!
//! Every error thrown across the boundary is an `Error` (so `instanceof
//! Error` holds and stack traces work) named `OrgPolicyError`, with a stable
//! `code`, the `path` of the offending input when there is one, and, for
//! documents (directory, configuration), `issues`: every problem found.

use crate::config::ConfigErrors;
use crate::error::{BuildError, CheckError, DirectoryError, DirectoryIssue};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// The `name` of every error this package throws.
pub const ERROR_NAME: &str = "OrgPolicyError";

/// `code` of bad arguments (wrong JS type, missing, unknown fields).
pub const INVALID_INPUT: &str = "INVALID_INPUT";

/// One problem in a document, as JS sees it.
pub struct Issue<'a> {
    pub path: &'a str,
    pub message: &'a str,
    pub line: Option<usize>,
    pub value: Option<&'a str>,
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object or `Error` cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// Builds an `Error` named `OrgPolicyError` with `code` and optional `path`.
pub fn error(code: &str, message: &str, path: Option<&str>) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name(ERROR_NAME);
    let v: JsValue = e.into();
    set(&v, "code", &JsValue::from_str(code));
    if let Some(p) = path {
        set(&v, "path", &JsValue::from_str(p));
    }
    v
}

/// Bad input: `path` names the argument or field.
pub fn invalid(path: &str, message: &str) -> JsValue {
    error(INVALID_INPUT, &format!("{path}: {message}"), Some(path))
}

/// A bad field of an input, at its path.
pub fn json(e: &crate::json::JsonError) -> JsValue {
    invalid(&e.path, &e.message)
}

fn with_issues(code: &str, message: &str, issues: &[Issue<'_>]) -> JsValue {
    let v = error(code, message, issues.first().map(|i| i.path));
    let list = Array::new();
    for i in issues {
        let o: JsValue = Object::new().into();
        set(&o, "path", &JsValue::from_str(i.path));
        set(&o, "message", &JsValue::from_str(i.message));
        if let Some(line) = i.line {
            set(&o, "line", &JsValue::from_f64(line as f64));
        }
        if let Some(value) = i.value {
            set(&o, "value", &JsValue::from_str(value));
        }
        list.push(&o);
    }
    set(&v, "issues", &list);
    v
}

/// A check's bad input (`UNKNOWN_ORG`, `UNKNOWN_PERMISSION`, ...).
pub fn check(e: &CheckError) -> JsValue {
    error(e.code(), &e.to_string(), Some(e.path()))
}

/// Like [`check`], with the path placed under `prefix` (`queries[3].orgId`).
pub fn check_at(prefix: &str, e: &CheckError) -> JsValue {
    check(&e.clone().under(prefix))
}

/// `DIRECTORY_INVALID`, with every issue.
pub fn directory(e: &DirectoryError) -> JsValue {
    let issues: Vec<Issue<'_>> =
        e.0.iter().map(|i| Issue { path: &i.path, message: &i.message, line: None, value: None }).collect();
    with_issues(e.code(), &e.to_string(), &issues)
}

/// A failure to build an engine.
pub fn build(e: &BuildError) -> JsValue {
    match e {
        BuildError::Directory(d) => directory(d),
        BuildError::Config(c) => config(c),
    }
}

/// `CONFIG_INVALID`, with every issue (`key` becomes `path`).
pub fn config(e: &ConfigErrors) -> JsValue {
    let issues: Vec<Issue<'_>> = e
        .errors()
        .iter()
        .map(|i| Issue { path: &i.key, message: &i.message, line: i.line, value: i.value.as_deref() })
        .collect();
    with_issues(e.code(), &e.to_string(), &issues)
}

/// `CONFIG_INVALID` for a configuration object that does not deserialize.
pub fn config_object(path: &str, message: &str) -> JsValue {
    config(&ConfigErrors(vec![crate::config::ConfigError::new(path, message)]))
}

/// `DIRECTORY_INVALID` for a directory object that does not deserialize.
pub fn directory_object(path: &str, message: &str) -> JsValue {
    directory(&DirectoryError(vec![DirectoryIssue { path: path.into(), message: message.into() }]))
}
