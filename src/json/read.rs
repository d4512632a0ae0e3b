//! Reading a [`Json`] tree into named types, with the path of every bad
//! field: wrong types, missing and unknown fields, duplicate keys and
//! unknown enum names are all errors, never silently dropped.

use super::{Json, JsonError};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Where a value sits in its document, built on the stack as a reader
/// descends and only rendered (`invitees[2].orgRole`) when there is an error.
#[derive(Debug, Clone, Copy)]
pub enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    pub fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }

    /// `orgs[1].members[0]`; the root is `(root)`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        if out.is_empty() {
            out.push_str("(root)");
        }
        out
    }

    fn render_into(&self, out: &mut String) {
        match *self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.render_into(out);
                push_key(out, key);
            }
            Path::Index(parent, i) => {
                parent.render_into(out);
                push_index(out, i);
            }
        }
    }

    /// An error at this path.
    pub fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError { path: self.render(), message: message.into() }
    }

    fn wrong_type(&self, expected: &str, found: &Json<'_>) -> JsonError {
        self.error(format!("wrong type: expected {expected}, found {}", found.describe()))
    }
}

/// Keys that read unambiguously after a `.`; others are written `["a b"]`.
fn plain(key: &str) -> bool {
    !key.is_empty() && !key.contains(['.', '[', ']', '"', ' ', '\t', '\n', '\r'])
}

/// Appends `.key` (or `key` first, or `["a b"]` for a key that would not
/// read back after a `.`).
pub(crate) fn push_key(out: &mut String, key: &str) {
    if plain(key) {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        out.push('[');
        super::write::write_str(out, key);
        out.push(']');
    }
}

/// Appends `[i]`.
pub(crate) fn push_index(out: &mut String, i: usize) {
    out.push('[');
    out.push_str(&i.to_string());
    out.push(']');
}

fn prepend(mut head: String, rest: &str) -> String {
    if !rest.is_empty() && !rest.starts_with('[') {
        head.push('.');
    }
    head.push_str(rest);
    head
}

/// `key` in front of a rendered path (used while an error unwinds).
pub(crate) fn key_segment(key: &str, rest: &str) -> String {
    let mut head = String::new();
    push_key(&mut head, key);
    prepend(head, rest)
}

/// `[i]` in front of a rendered path.
pub(crate) fn index_segment(i: usize, rest: &str) -> String {
    let mut head = String::new();
    push_index(&mut head, i);
    prepend(head, rest)
}

/// A type read from a JSON value at a path.
pub trait FromJson: Sized {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError>;
}

/// The string a value must be.
pub fn expect_str<'v>(v: &'v Json<'_>, at: &Path<'_>) -> Result<&'v str, JsonError> {
    match v {
        Json::String(s) => Ok(s),
        other => Err(at.wrong_type("a string", other)),
    }
}

/// One of a closed set of names (`all`, named by `name`).
pub fn variant<T: Copy>(v: &Json<'_>, at: &Path<'_>, all: &[T], name: fn(T) -> &'static str) -> Result<T, JsonError> {
    let s = expect_str(v, at)?;
    all.iter().copied().find(|t| name(*t) == s).ok_or_else(|| {
        let names: Vec<String> = all.iter().map(|t| format!("`{}`", name(*t))).collect();
        at.error(format!("unknown variant `{s}`, expected one of {}", names.join(", ")))
    })
}

impl FromJson for String {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        expect_str(v, at).map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        match v {
            Json::Bool(b) => Ok(*b),
            other => Err(at.wrong_type("a boolean", other)),
        }
    }
}

/// `null` reads as `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        match v {
            Json::Null => Ok(None),
            other => T::from_json(other, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        match v {
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(T::from_json(item, &at.index(i))?);
                }
                Ok(out)
            }
            other => Err(at.wrong_type("an array", other)),
        }
    }
}

/// An object of strings; a key given twice is an error.
impl FromJson for BTreeMap<String, String> {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let Json::Object(members) = v else { return Err(at.wrong_type("an object", v)) };
        let mut out = BTreeMap::new();
        for (k, item) in members {
            let here = at.key(k);
            if out.insert(k.to_string(), String::from_json(item, &here)?).is_some() {
                return Err(here.error(format!("duplicate key `{k}`")));
            }
        }
        Ok(out)
    }
}

/// The members of an object being read as a struct.
pub struct Fields<'v, 'a, 'p> {
    members: &'v [(Cow<'a, str>, Json<'a>)],
    at: &'p Path<'p>,
}

impl<'v, 'a, 'p> Fields<'v, 'a, 'p> {
    /// The members of `v`, which must be an object (`what` names it in the error).
    pub fn object(v: &'v Json<'a>, at: &'p Path<'p>, what: &str) -> Result<Self, JsonError> {
        match v {
            Json::Object(members) => Ok(Fields { members, at }),
            other => Err(at.wrong_type(what, other)),
        }
    }

    /// [`Fields::object`] whose keys must all be among `known`, each once.
    pub fn of(v: &'v Json<'a>, at: &'p Path<'p>, what: &str, known: &[&str]) -> Result<Self, JsonError> {
        let f = Self::object(v, at, what)?;
        f.only(known)?;
        Ok(f)
    }

    /// Refuses a key not in `known`, or one given twice.
    pub fn only(&self, known: &[&str]) -> Result<(), JsonError> {
        for (i, (k, _)) in self.members.iter().enumerate() {
            if !known.contains(&k.as_ref()) {
                return Err(self.unknown_field(k, known));
            }
            if self.members.iter().take(i).any(|(seen, _)| seen == k) {
                return Err(self.at.key(k).error(format!("duplicate field `{k}`")));
            }
        }
        Ok(())
    }

    // The errors, out of line: every document read reaches the readers.
    #[cold]
    #[inline(never)]
    fn unknown_field(&self, k: &str, known: &[&str]) -> JsonError {
        let names: Vec<String> = known.iter().map(|n| format!("`{n}`")).collect();
        let expected = if names.is_empty() { "no fields".into() } else { format!("one of {}", names.join(", ")) };
        self.at.key(k).error(format!("unknown field `{k}`, expected {expected}"))
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, key: &str) -> JsonError {
        self.at.error(format!("missing field `{key}`"))
    }

    /// Where this object is.
    pub fn at(&self) -> &'p Path<'p> {
        self.at
    }

    /// The raw value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'v Json<'a>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A required field.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        match self.get(key) {
            Some(v) => T::from_json(v, &self.at.key(key)),
            None => Err(self.missing(key)),
        }
    }

    /// An optional field: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&self, key: &str) -> Result<Option<T>, JsonError> {
        match self.get(key) {
            Some(v) => Option::<T>::from_json(v, &self.at.key(key)),
            None => Ok(None),
        }
    }

    /// A field that takes `default()` when absent (`null` is a wrong type).
    pub fn or<T: FromJson>(&self, key: &str, default: impl FnOnce() -> T) -> Result<T, JsonError> {
        match self.get(key) {
            Some(v) => T::from_json(v, &self.at.key(key)),
            None => Ok(default()),
        }
    }

    /// [`Fields::or`] with `T::default()`.
    pub fn or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, JsonError> {
        self.or(key, T::default)
    }

    /// The name in tag field `key` of an internally tagged union
    /// (`{ "op": "claimInvite", ... }`), one of `names`.
    pub fn tag(&self, key: &str, names: &[&'static str]) -> Result<&'static str, JsonError> {
        let here = self.at.key(key);
        let Some(v) = self.get(key) else { return Err(self.missing(key)) };
        variant(v, &here, names, |n| n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    struct Pair {
        a: String,
        b: Option<bool>,
    }

    impl FromJson for Pair {
        fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
            let f = Fields::of(v, at, "a pair object", &["a", "b"])?;
            Ok(Pair { a: f.req("a")?, b: f.opt("b")? })
        }
    }

    fn read(text: &str) -> Result<Vec<Pair>, JsonError> {
        let v = parse(text)?;
        Vec::<Pair>::from_json(&v, &Path::Root)
    }

    #[test]
    fn fields_report_paths() {
        let ok = read(r#"[{"a":"x"},{"a":"y","b":true},{"a":"z","b":null}]"#);
        let got: Vec<(String, Option<bool>)> = ok.unwrap_or_default().into_iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(got, [("x".into(), None), ("y".into(), Some(true)), ("z".into(), None)]);
        let cases = [
            (r#"[{"a":"x"},{"b":true}]"#, "[1]", "missing field `a`"),
            (r#"[{"a":"x","c":1}]"#, "[0].c", "unknown field `c`, expected one of `a`, `b`"),
            (r#"[{"a":"x","a":"y"}]"#, "[0].a", "duplicate field `a`"),
            (r#"[{"a":5}]"#, "[0].a", "wrong type: expected a string, found a number (5)"),
            (r#"[{"a":"x","b":"yes"}]"#, "[0].b", "wrong type: expected a boolean, found a string (\"yes\")"),
            (r#"[1]"#, "[0]", "wrong type: expected a pair object, found a number (1)"),
            (r#"{}"#, "(root)", "wrong type: expected an array, found an object"),
        ];
        for (text, path, message) in cases {
            let e = read(text).err();
            assert_eq!(e.as_ref().map(|e| (e.path.as_str(), e.message.as_str())), Some((path, message)), "{text}");
        }
    }

    #[test]
    fn maps_refuse_duplicate_keys_and_quote_odd_keys() {
        let v = parse(r#"{"w 1":"A","w 1":"B"}"#).unwrap_or(Json::Null);
        let e = BTreeMap::<String, String>::from_json(&v, &Path::Root).err();
        assert_eq!(e.map(|e| e.path), Some(r#"["w 1"]"#.to_owned()));
    }
}
