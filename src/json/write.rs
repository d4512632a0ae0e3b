//! Named types → [`Json`] → text. Outputs borrow from the value they
//! describe, so turning a decision into JSON copies each string once, into
//! the text.

use super::Json;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A type written as JSON.
pub trait ToJson {
    fn to_json(&self) -> Json<'_>;
}

/// An object under construction, fields in the order added.
#[derive(Default)]
pub struct Obj<'a>(Vec<(Cow<'a, str>, Json<'a>)>);

impl<'a> Obj<'a> {
    pub fn new() -> Self {
        Obj(Vec::new())
    }

    /// Adds `key: value` (`None` is written as `null`).
    #[must_use]
    pub fn field<T: ToJson + ?Sized>(mut self, key: &'static str, value: &'a T) -> Self {
        self.0.push((Cow::Borrowed(key), value.to_json()));
        self
    }

    /// Adds `key: value` unless `value` is `None`.
    #[must_use]
    pub fn some<T: ToJson>(self, key: &'static str, value: &'a Option<T>) -> Self {
        match value {
            Some(v) => self.field(key, v),
            None => self,
        }
    }

    /// Adds `key: value` when `cond` holds.
    #[must_use]
    pub fn when<T: ToJson + ?Sized>(self, cond: bool, key: &'static str, value: &'a T) -> Self {
        if cond {
            self.field(key, value)
        } else {
            self
        }
    }

    /// Adds a value built on the spot.
    #[must_use]
    pub fn value(mut self, key: &'static str, value: Json<'a>) -> Self {
        self.0.push((Cow::Borrowed(key), value));
        self
    }

    pub fn done(self) -> Json<'a> {
        Json::Object(self.0)
    }
}

impl ToJson for Json<'_> {
    fn to_json(&self) -> Json<'_> {
        self.clone()
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json<'_> {
        Json::Bool(*self)
    }
}

impl ToJson for usize {
    fn to_json(&self) -> Json<'_> {
        Json::from(*self)
    }
}

impl ToJson for u16 {
    fn to_json(&self) -> Json<'_> {
        Json::from(usize::from(*self))
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json<'_> {
        Json::String(Cow::Borrowed(self))
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json<'_> {
        Json::String(Cow::Borrowed(self))
    }
}

impl ToJson for &'static str {
    fn to_json(&self) -> Json<'_> {
        Json::String(Cow::Borrowed(self))
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json<'_> {
        self.as_ref().map_or(Json::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json<'_> {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Json<'_> {
        Json::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl ToJson for BTreeMap<String, String> {
    fn to_json(&self) -> Json<'_> {
        Json::Object(self.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), v.to_json())).collect())
    }
}

impl Json<'_> {
    /// Appends this value as compact JSON text.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(n) => out.push_str(n),
            Json::String(s) => write_str(out, s),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or_default());
        run = i + 1;
        if escaped.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_string};
    use super::*;

    #[test]
    fn writes_what_parses_back() {
        let s = "quote\" back\\ nl\n tab\t bell\u{7} é 😀".to_owned();
        let n: Option<String> = None;
        let list = vec![true, false];
        let v = Obj::new().field("s", &s).field("n", &n).field("list", &list).field("count", &3usize);
        let text = to_string(&v.done());
        assert_eq!(text, r#"{"s":"quote\" back\\ nl\n tab\t bell\u0007 é 😀","n":null,"list":[true,false],"count":3}"#);
        let back = parse(&text).ok();
        assert_eq!(back.as_ref().and_then(|v| v.get("s")), Some(&Json::String(s.as_str().into())));
    }
}
