//! The crate's own small JSON layer: a parsed tree that borrows its strings
//! from the text ([`Json`]), readers for the named input types that name the
//! path of a bad field ([`FromJson`], [`Fields`]), and a writer ([`ToJson`]).
//!
//! Why not serde's derived code: it is compiled once per type *and* per
//! format, with visitors for shapes no input uses (structs as sequences,
//! borrowed and owned keys); over some 60 input and output types that was
//! most of the WebAssembly binary. Here each type has one small reader or
//! writer over one tree. Every public type still implements serde's
//! `Serialize` / `Deserialize`, by way of this tree, so Rust callers keep
//! using serde with any format (the `serde_via_json!` macros, invoked by
//! `wire!` and `json_names!` and beside each hand-written type).

use std::borrow::Cow;

/// An enum that is a closed set of names: defines it with `ALL` and
/// `as_str`, and reads and writes it as its name (an unknown name is an
/// error listing the known ones).
macro_rules! json_names {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$m])*
        $vis enum $name { $($(#[$vm])* $variant),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The name used in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl crate::json::FromJson for $name {
            fn from_json(v: &crate::json::Json<'_>, at: &crate::json::Path<'_>) -> Result<Self, crate::json::JsonError> {
                crate::json::variant(v, at, Self::ALL, Self::as_str)
            }
        }

        impl crate::json::ToJson for $name {
            fn to_json(&self) -> crate::json::Json<'_> {
                crate::json::Json::from(self.as_str())
            }
        }

        impl crate::json::Ts for $name {
            fn ts() -> String {
                stringify!($name).into()
            }
            fn ts_decl() -> String {
                crate::json::ts_union(stringify!($name), &[$($text),*])
            }
        }

        crate::json::serde_via_json!($name);
    };
}
pub(crate) use json_names;

mod parse;
mod read;
mod serde_impl;
mod wire;
mod write;

pub(crate) use serde_impl::{deserialize_via_json, serde_via_json, serialize_via_json};
pub use wire::{array_of, ts_doc, ts_union, Ts};
pub(crate) use wire::{ts_names, ts_text, wire};

pub use parse::{parse, parse_deferring, Cursor, DeferredReader, MAX_DEPTH};
pub use read::{expect_str, variant, Fields, FromJson, Path};
#[cfg(target_arch = "wasm32")]
pub(crate) use read::{push_index, push_key};
pub use write::{Obj, ToJson};

/// A JSON value. Strings and numbers borrow from the parsed text when they
/// can; numbers keep their literal text (no input field is numeric, and
/// outputs only hold counts).
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// The number as written (`12`, `-0.5e3`).
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    /// Members in document order (duplicates are refused by the readers).
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl Json<'_> {
    /// How a value is named in messages: `a string ("x")`, `a number (5)`, `null`.
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("a boolean ({b})"),
            Json::Number(n) => format!("a number ({n})"),
            Json::String(s) => {
                let mut quoted = String::from("a string (");
                write::write_str(&mut quoted, s);
                quoted.push(')');
                quoted
            }
            Json::Array(_) => "an array".into(),
            Json::Object(_) => "an object".into(),
        }
    }

    /// The tree with every string owned: detached from the text.
    pub fn into_owned(self) -> Json<'static> {
        fn own(c: Cow<'_, str>) -> Cow<'static, str> {
            Cow::Owned(c.into_owned())
        }
        match self {
            Json::Null => Json::Null,
            Json::Bool(b) => Json::Bool(b),
            Json::Number(n) => Json::Number(own(n)),
            Json::String(s) => Json::String(own(s)),
            Json::Array(a) => Json::Array(a.into_iter().map(Json::into_owned).collect()),
            Json::Object(o) => Json::Object(o.into_iter().map(|(k, v)| (own(k), v.into_owned())).collect()),
        }
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json<'_>> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

impl From<bool> for Json<'_> {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<usize> for Json<'_> {
    fn from(n: usize) -> Self {
        Json::Number(Cow::Owned(n.to_string()))
    }
}

impl From<String> for Json<'_> {
    fn from(s: String) -> Self {
        Json::String(Cow::Owned(s))
    }
}

impl<'a> From<&'a str> for Json<'a> {
    fn from(s: &'a str) -> Self {
        Json::String(Cow::Borrowed(s))
    }
}

/// A JSON problem: where (a path such as `orgs[1].members[0].email`, or
/// `(root)`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text and reads it as `T`: the one path every named input takes.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&parse(text)?, &Path::Root)
}

/// `value` as JSON text.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.to_json().write(&mut out);
    out
}
