//! Wire shapes declared once: [`wire!`](crate::json::wire) declares a struct
//! that crosses the JSON / JS boundary and derives from that one
//! declaration its reader, writer, field list, serde impls and TypeScript
//! declaration; [`Ts`] names a type in TypeScript.

/// A type as TypeScript names it, and (for named types) its declaration.
pub trait Ts {
    /// The type expression (`string`, `OrgRole | null`, `Invitee[]`).
    fn ts() -> String;
    /// `export interface ...` / `export type ...`; empty for built-in types.
    fn ts_decl() -> String {
        String::new()
    }
}

impl Ts for String {
    fn ts() -> String {
        "string".into()
    }
}

impl Ts for bool {
    fn ts() -> String {
        "boolean".into()
    }
}

impl Ts for usize {
    fn ts() -> String {
        "number".into()
    }
}

impl<T: Ts> Ts for Option<T> {
    fn ts() -> String {
        format!("{} | null", T::ts())
    }
}

impl<T: Ts> Ts for Vec<T> {
    fn ts() -> String {
        array_of(&T::ts())
    }
}

impl Ts for std::collections::BTreeMap<String, String> {
    fn ts() -> String {
        "Record<string, string>".into()
    }
}

/// `T[]`, with parentheses around a union.
pub fn array_of(item: &str) -> String {
    if item.contains(' ') {
        format!("({item})[]")
    } else {
        format!("{item}[]")
    }
}

/// Doc comment lines as one `/** ... */` line at `indent` (nothing when empty).
pub fn ts_doc(indent: &str, lines: &[&str]) -> String {
    let text: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    if text.is_empty() {
        String::new()
    } else {
        format!("{indent}/** {} */\n", text.join(" "))
    }
}

/// Declares a struct that crosses the JSON / JS boundary, once.
///
/// ```text
/// crate::json::wire! {
///     /// `canCreatePat`.
///     #[derive(Debug, Clone, PartialEq, Eq)]
///     pub struct UserOrgQuery: read write {
///         /// Doc comments become TypeScript doc comments.
///         pub user_id: String = "userId",
///         pub org_id: String = "orgId" as "string",
///         pub workspace_id: Option<String> = "workspaceId" [opt],
///         pub groups: Vec<String> = "groups" [default],
///         pub plan: Plan = "plan" [or Plan::MultiWorkspace],
///     }
/// }
/// ```
///
/// Each field is `rust_name: Type = "wireName"`, then how it is read when
/// absent — nothing (required: missing is an error), `[opt]` (absent or
/// `null` is `None`), `[default]` (absent is `Default::default()`) or
/// `[or EXPR]` — and optionally `as "TsType"` where the TypeScript type is
/// narrower than the Rust one (`PermissionName` for a `String`).
///
/// `read` / `write` (either or both) choose the impls: `read` generates
/// [`FromJson`](crate::json::FromJson) (strict: unknown, duplicate and
/// missing fields and wrong types are errors at their path) and serde's
/// `Deserialize`; `write` generates [`ToJson`](crate::json::ToJson) (every
/// field, `None` as `null`) and `Serialize`. Always generated: the struct,
/// `FIELDS` (the wire names) and [`Ts`] (an `export interface` whose
/// optional fields are those a reader may omit).
///
/// The tests at the end of `src/json/wire.rs` use every form.
macro_rules! wire {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $vis:vis struct $name:ident : $($dir:ident)+ { $($body:tt)* }
    ) => {
        crate::json::wire!(@struct [$($doc)*] [$($derive),*] $vis $name { $($body)* });
        crate::json::wire!(@impls [$($dir)+] [$($doc)*] $name { $($body)* });
    };

    (@struct [$($doc:literal)*] [$($derive:path),*] $vis:vis $name:ident {
        $($(#[doc = $fdoc:literal])* $fvis:vis $field:ident : $ty:ty = $wire:literal $([$($mode:tt)+])? $(as $ts:literal)?),* $(,)?
    }) => {
        $(#[doc = $doc])*
        #[derive($($derive),*)]
        $vis struct $name {
            $($(#[doc = $fdoc])* $fvis $field: $ty,)*
        }

        impl $name {
            /// The fields' names on the wire, in declaration order.
            pub const FIELDS: &'static [&'static str] = &[$($wire),*];
        }
    };

    (@impls [read write] $docs:tt $name:ident $body:tt) => {
        crate::json::wire!(@read $name $body);
        crate::json::wire!(@write $name $body);
        crate::json::wire!(@ts true $docs $name $body);
    };
    (@impls [read] $docs:tt $name:ident $body:tt) => {
        crate::json::wire!(@read $name $body);
        crate::json::wire!(@ts true $docs $name $body);
    };
    (@impls [write] $docs:tt $name:ident $body:tt) => {
        crate::json::wire!(@write $name $body);
        crate::json::wire!(@ts false $docs $name $body);
    };

    (@read $name:ident {
        $($(#[doc = $fdoc:literal])* $fvis:vis $field:ident : $ty:ty = $wire:literal $([$($mode:tt)+])? $(as $ts:literal)?),* $(,)?
    }) => {
        impl crate::json::FromJson for $name {
            fn from_json(
                v: &crate::json::Json<'_>,
                at: &crate::json::Path<'_>,
            ) -> Result<Self, crate::json::JsonError> {
                let f = crate::json::Fields::of(v, at, "an object", Self::FIELDS)?;
                Ok($name { $($field: crate::json::wire!(@get f $wire $([$($mode)+])?),)* })
            }
        }
        crate::json::deserialize_via_json!($name);
    };

    (@get $f:ident $wire:literal) => { $f.req($wire)? };
    (@get $f:ident $wire:literal [opt]) => { $f.opt($wire)? };
    (@get $f:ident $wire:literal [default]) => { $f.or_default($wire)? };
    (@get $f:ident $wire:literal [or $e:expr]) => { $f.or($wire, || $e)? };

    (@write $name:ident {
        $($(#[doc = $fdoc:literal])* $fvis:vis $field:ident : $ty:ty = $wire:literal $([$($mode:tt)+])? $(as $ts:literal)?),* $(,)?
    }) => {
        impl crate::json::ToJson for $name {
            fn to_json(&self) -> crate::json::Json<'_> {
                crate::json::Obj::new()$(.field($wire, &self.$field))*.done()
            }
        }
        crate::json::serialize_via_json!($name);
    };

    (@ts $read:literal [$($doc:literal)*] $name:ident {
        $($(#[doc = $fdoc:literal])* $fvis:vis $field:ident : $ty:ty = $wire:literal $([$($mode:tt)+])? $(as $ts:literal)?),* $(,)?
    }) => {
        impl crate::json::Ts for $name {
            fn ts() -> String {
                stringify!($name).into()
            }
            fn ts_decl() -> String {
                let mut out = crate::json::ts_doc("", &[$($doc),*]);
                out.push_str(concat!("export interface ", stringify!($name), " {\n"));
                $(
                    out.push_str(&crate::json::ts_doc("  ", &[$($fdoc),*]));
                    out.push_str("  ");
                    out.push_str($wire);
                    if $read && crate::json::wire!(@optional $([$($mode)+])?) {
                        out.push('?');
                    }
                    out.push_str(": ");
                    out.push_str(&crate::json::wire!(@tstype $ty $(, $ts)?));
                    out.push_str(";\n");
                )*
                out.push_str("}\n");
                out
            }
        }
    };

    (@optional) => { false };
    (@optional [$($mode:tt)+]) => { true };
    (@tstype $ty:ty) => { <$ty as crate::json::Ts>::ts() };
    (@tstype $ty:ty, $ts:literal) => { String::from($ts) };
}
pub(crate) use wire;

/// `export type Name = "a" | "b";`, one member a line when long.
pub fn ts_union(name: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let one_line = format!("export type {name} = {};\n", quoted.join(" | "));
    if one_line.len() <= 100 {
        one_line
    } else {
        let mut out = format!("export type {name} =");
        for q in &quoted {
            out.push_str("\n  | ");
            out.push_str(q);
        }
        out.push_str(";\n");
        out
    }
}

/// [`Ts`] for a closed set of names that is not a [`json_names!`](crate::json::json_names)
/// enum: `ts_names!(Code, "ReasonCode", Code::ALL.iter().map(|c| c.as_str()))`.
macro_rules! ts_names {
    ($t:ty, $name:literal, $names:expr) => {
        impl crate::json::Ts for $t {
            fn ts() -> String {
                $name.into()
            }
            fn ts_decl() -> String {
                let names: Vec<&str> = $names.collect();
                crate::json::ts_union($name, &names)
            }
        }
    };
}
pub(crate) use ts_names;

/// [`Ts`] for a type whose TypeScript is written by hand beside its hand-
/// written reader (tagged unions): `ts_text!(OrgAction, "export type OrgAction = ...;")`.
macro_rules! ts_text {
    ($t:ident, $text:expr) => {
        impl crate::json::Ts for $t {
            fn ts() -> String {
                stringify!($t).into()
            }
            fn ts_decl() -> String {
                String::from($text)
            }
        }
    };
}
pub(crate) use ts_text;

impl Ts for u16 {
    fn ts() -> String {
        "number".into()
    }
}

impl Ts for &'static str {
    fn ts() -> String {
        "string".into()
    }
}

#[cfg(test)]
mod tests {
    use crate::json::{from_str, to_string, Ts};

    crate::json::wire! {
        /// A sample shape.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Sample: read write {
            /// Required.
            pub name: String = "name",
            pub nick: Option<String> = "nick" [opt],
            pub tags: Vec<String> = "tags" [default],
            pub on: bool = "on" [or true],
            pub role: String = "role" [default] as "OrgRole",
        }
    }

    crate::json::wire! {
        #[derive(Debug)]
        pub struct Out: write {
            pub count: usize = "count",
            pub note: Option<String> = "note",
        }
    }

    #[test]
    fn reads_with_defaults_and_writes_every_field() {
        let s: Result<Sample, _> = from_str(r#"{"name":"a","nick":null}"#);
        let want = Sample { name: "a".into(), nick: None, tags: vec![], on: true, role: String::new() };
        assert_eq!(s.as_ref().ok(), Some(&want));
        assert_eq!(
            s.map(|s| to_string(&s)).ok().as_deref(),
            Some(r#"{"name":"a","nick":null,"tags":[],"on":true,"role":""}"#)
        );
        assert_eq!(Sample::FIELDS, ["name", "nick", "tags", "on", "role"]);
        assert_eq!(Out::FIELDS, ["count", "note"]);
        assert_eq!(to_string(&Out { count: 2, note: None }), r#"{"count":2,"note":null}"#);
    }

    #[test]
    fn reader_is_strict_at_the_path() {
        let cases = [
            (r#"{}"#, "(root)", "missing field `name`"),
            (r#"{"name":"a","x":1}"#, "x", "unknown field `x`, expected one of `name`, `nick`, `tags`, `on`, `role`"),
            (r#"{"name":"a","name":"b"}"#, "name", "duplicate field `name`"),
            (r#"{"name":"a","tags":[1]}"#, "tags[0]", "wrong type: expected a string, found a number (1)"),
            (r#"{"name":"a","on":null}"#, "on", "wrong type: expected a boolean, found null"),
        ];
        for (text, path, message) in cases {
            let e = from_str::<Sample>(text).err();
            assert_eq!(e.as_ref().map(|e| (e.path.as_str(), e.message.as_str())), Some((path, message)), "{text}");
        }
    }

    #[test]
    fn typescript_marks_what_a_reader_may_omit() {
        assert_eq!(
            Sample::ts_decl(),
            "/** A sample shape. */\nexport interface Sample {\n  /** Required. */\n  name: string;\n  nick?: string | null;\n  tags?: string[];\n  on?: boolean;\n  role?: OrgRole;\n}\n"
        );
        assert_eq!(Out::ts_decl(), "export interface Out {\n  count: number;\n  note: string | null;\n}\n");
        assert_eq!(Vec::<Option<String>>::ts(), "(string | null)[]");
    }
}
