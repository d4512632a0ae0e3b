//! serde for Rust callers: [`Json`] implements `Serialize` and
//! `Deserialize`, and every public input and output type implements them by
//! way of its [`FromJson`](super::FromJson) / [`ToJson`](super::ToJson), so
//! serde (with any format) and the engine's own JSON agree on every rule.
//! Being generic, none of this is compiled into a build that does not use it.

use super::Json;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::fmt;

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => {
                // Integers as integers (but `-0` keeps its sign as a float);
                // a number beyond f64 is an error, not infinity.
                let integer = !n.contains(['.', 'e', 'E']) && n.as_ref() != "-0";
                if let (true, Ok(i)) = (integer, n.parse::<i64>()) {
                    s.serialize_i64(i)
                } else if let (true, Ok(u)) = (integer, n.parse::<u64>()) {
                    s.serialize_u64(u)
                } else {
                    match n.parse::<f64>() {
                        Ok(f) if f.is_finite() => s.serialize_f64(f),
                        _ => Err(serde::ser::Error::custom(format!("the number `{n}` is out of range"))),
                    }
                }
            }
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON-like data")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(Cow::Owned(n.to_string())))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(Cow::Owned(n.to_string())))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
        if n.is_finite() {
            Ok(Json::Number(Cow::Owned(n.to_string())))
        } else {
            Err(E::custom(format!("`{n}` is not a finite number")))
        }
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Json::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Json<'static>>()? {
            members.push((Cow::Owned(k), v));
        }
        Ok(Json::Object(members))
    }
}

/// `impl Serialize` through [`ToJson`](super::ToJson).
macro_rules! serialize_via_json {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&crate::json::ToJson::to_json(self), s)
            }
        }
    )*};
}

/// `impl Deserialize` through [`FromJson`](super::FromJson); errors carry the path.
macro_rules! deserialize_via_json {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = crate::json::Json::deserialize(d)?;
                <$t as crate::json::FromJson>::from_json(&v, &crate::json::Path::Root)
                    .map_err(serde::de::Error::custom)
            }
        }
    )*};
}

/// Both impls, for types that are read and written.
macro_rules! serde_via_json {
    ($($t:ty),* $(,)?) => {
        crate::json::serialize_via_json!($($t),*);
        crate::json::deserialize_via_json!($($t),*);
    };
}

pub(crate) use {deserialize_via_json, serde_via_json, serialize_via_json};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_kind() {
        let n = |t: &str| serde_json::to_value(Json::Number(Cow::Owned(t.to_owned()))).map_err(|e| e.to_string());
        assert_eq!(n("12"), Ok(serde_json::json!(12)));
        assert_eq!(n("18446744073709551615"), Ok(serde_json::json!(18_446_744_073_709_551_615u64)));
        assert_eq!(n("-0").map(|v| v.as_f64().map(f64::is_sign_negative)), Ok(Some(true)));
        assert_eq!(n("1.5e3"), Ok(serde_json::json!(1500.0)));
        assert!(n("1e400").is_err_and(|e| e.contains("out of range")));
    }
}
