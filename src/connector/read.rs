//! Reading the platform's API documents: snake_case objects with many fields
//! the engine does not use. Unknown fields are tolerated; every field that
//! is read has its type checked, and the schema's required ones must be
//! there. Problems are collected (never only the first) with the endpoint
//! and the JSON path inside that endpoint's answer.

use super::ApiIssue;
use crate::json::Json;
use std::borrow::Cow;

pub(super) type Members<'v, 'a> = &'v [(Cow<'a, str>, Json<'a>)];

/// `base.key`, or `key` at the root.
pub(super) fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_owned()
    } else {
        format!("{base}.{key}")
    }
}

/// `base[i]`.
pub(super) fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// Problems found while reading one endpoint's answer.
pub(super) struct Src<'i> {
    pub issues: &'i mut Vec<ApiIssue>,
    pub org: Option<usize>,
    pub endpoint: String,
}

fn get<'v, 'a>(o: Members<'v, 'a>, key: &str) -> Option<&'v Json<'a>> {
    o.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl Src<'_> {
    pub fn add(&mut self, path: &str, message: impl Into<String>) {
        let path = if path.is_empty() { "(root)".to_owned() } else { path.to_owned() };
        self.issues.push(ApiIssue { org: self.org, endpoint: self.endpoint.clone(), path, message: message.into() });
    }

    fn wrong(&mut self, path: &str, expected: &str, found: &Json<'_>) {
        self.add(path, format!("wrong type: expected {expected}, found {}", found.describe()));
    }

    fn missing(&mut self, base: &str, key: &str) {
        self.add(base, format!("missing field `{key}`"));
    }

    /// `v` as an object.
    pub fn object<'v, 'a>(&mut self, v: &'v Json<'a>, path: &str) -> Option<Members<'v, 'a>> {
        match v {
            Json::Object(m) => Some(m),
            other => {
                self.wrong(path, "an object", other);
                None
            }
        }
    }

    /// `v` as an array.
    pub fn array<'v, 'a>(&mut self, v: &'v Json<'a>, path: &str) -> Option<&'v [Json<'a>]> {
        match v {
            Json::Array(items) => Some(items),
            other => {
                self.wrong(path, "an array", other);
                None
            }
        }
    }

    /// The objects of the array `v` (an endpoint's whole answer), each with
    /// its path `[i]`; anything else is reported.
    pub fn objects<'v, 'a>(&mut self, v: &'v Json<'a>) -> Vec<(String, Members<'v, 'a>)> {
        let items = self.array(v, "").unwrap_or_default();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = index("", i);
            if let Some(o) = self.object(item, &at) {
                out.push((at, o));
            }
        }
        out
    }

    /// A required field that is an object.
    pub fn req_object<'v, 'a>(&mut self, o: Members<'v, 'a>, base: &str, key: &str) -> Option<Members<'v, 'a>> {
        match get(o, key) {
            Some(v) => self.object(v, &join(base, key)),
            None => {
                self.missing(base, key);
                None
            }
        }
    }

    /// A required, non-null string.
    pub fn req_str<'v>(&mut self, o: Members<'v, '_>, base: &str, key: &str) -> Option<&'v str> {
        match get(o, key) {
            Some(Json::String(s)) => Some(s),
            Some(other) => {
                self.wrong(&join(base, key), "a string", other);
                None
            }
            None => {
                self.missing(base, key);
                None
            }
        }
    }

    /// A nullable string that must be there (the schema requires it, `null` allowed).
    pub fn opt_str<'v>(&mut self, o: Members<'v, '_>, base: &str, key: &str) -> Option<&'v str> {
        match get(o, key) {
            Some(Json::String(s)) => Some(s),
            None | Some(Json::Null) => None,
            Some(other) => {
                self.wrong(&join(base, key), "a string or null", other);
                None
            }
        }
    }

    /// A boolean with the schema's default when absent (`null` is a wrong type).
    pub fn bool_or(&mut self, o: Members<'_, '_>, base: &str, key: &str, default: bool) -> bool {
        match get(o, key) {
            Some(Json::Bool(b)) => *b,
            None => default,
            Some(other) => {
                self.wrong(&join(base, key), "a boolean", other);
                default
            }
        }
    }

    /// A required boolean.
    pub fn req_bool(&mut self, o: Members<'_, '_>, base: &str, key: &str) -> Option<bool> {
        if get(o, key).is_none() {
            self.missing(base, key);
            return None;
        }
        Some(self.bool_or(o, base, key, false))
    }

    /// An integer with the schema's default when absent.
    pub fn int_or(&mut self, o: Members<'_, '_>, base: &str, key: &str, default: i64) -> i64 {
        match get(o, key) {
            None => default,
            Some(Json::Number(n)) => match n.parse::<i64>() {
                Ok(i) => i,
                Err(_) => {
                    self.add(&join(base, key), format!("expected an integer, found `{n}`"));
                    default
                }
            },
            Some(other) => {
                self.wrong(&join(base, key), "an integer", other);
                default
            }
        }
    }

    /// A string with the schema's default when absent.
    pub fn str_or<'v>(&mut self, o: Members<'v, '_>, base: &str, key: &str, default: &'v str) -> &'v str {
        match get(o, key) {
            None => default,
            Some(Json::String(s)) => s,
            Some(other) => {
                self.wrong(&join(base, key), "a string", other);
                default
            }
        }
    }

    /// An array of strings: absent or `null` is empty unless `required`.
    pub fn strings<'v>(&mut self, o: Members<'v, '_>, base: &str, key: &str, required: bool) -> Vec<&'v str> {
        let path = join(base, key);
        let items = match get(o, key) {
            Some(Json::Array(items)) => items,
            None if required => {
                self.missing(base, key);
                return Vec::new();
            }
            None | Some(Json::Null) if !required => return Vec::new(),
            Some(other) => {
                self.wrong(&path, "an array of strings", other);
                return Vec::new();
            }
            None => return Vec::new(),
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Json::String(s) => out.push(s.as_ref()),
                other => self.wrong(&index(&path, i), "a string", other),
            }
        }
        out
    }

    /// One of `names`, when present and not null.
    pub fn opt_name<'v>(&mut self, o: Members<'v, '_>, base: &str, key: &str, names: &[&str]) -> Option<&'v str> {
        let s = self.opt_str(o, base, key)?;
        if names.contains(&s) {
            Some(s)
        } else {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            self.add(&join(base, key), format!("unknown value `{s}`, expected one of {}", list.join(", ")));
            None
        }
    }
}
