//! Native test: the package's TypeScript declarations (`src/wasm/types.d.ts`)
//! are the text generated from the wire declarations, and the few parts
//! written as text (tagged unions beside their hand-written readers, error
//! codes, configuration documents) name exactly what the Rust side accepts
//! and writes.
#![cfg(not(target_arch = "wasm32"))]
// A failing assertion in a test is a panic by design.
#![allow(clippy::panic, clippy::indexing_slicing)]

use orgpolicy::{CheckError, Code, InstanceConfig};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const TS: &str = include_str!("../src/wasm/types.d.ts");

#[test]
fn checked_in_declarations_are_the_generated_ones() {
    // `scripts/build.sh` regenerates the file; after changing a wire
    // declaration run `cargo run --example typescript > src/wasm/types.d.ts`.
    let generated = orgpolicy::typescript::typescript();
    if generated != TS {
        let common = generated.lines().count().min(TS.lines().count());
        let line = generated.lines().zip(TS.lines()).position(|(a, b)| a != b).unwrap_or(common) + 1;
        panic!("src/wasm/types.d.ts is not the generated text (first difference at line {line}); run `cargo run --example typescript > src/wasm/types.d.ts`");
    }
}

type Set = BTreeSet<String>;

fn set<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Set {
    items.into_iter().map(Into::into).collect()
}

/// The text of `export type NAME = ...;` (up to the `;` outside braces).
fn type_body(name: &str) -> &'static str {
    let head = format!("export type {name} =");
    let start = TS.find(&head).map(|i| i + head.len());
    let Some(start) = start else { panic!("`{head}` not found in types.d.ts") };
    let rest = &TS[start..];
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            ';' if depth == 0 => return &rest[..i],
            _ => {}
        }
    }
    panic!("unterminated type {name}")
}

/// Every `"literal"` in a text.
fn literals(text: &str) -> Vec<String> {
    text.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The members of a string-literal union, checked for duplicates.
fn string_union(name: &str) -> Set {
    let body = type_body(name);
    let all = literals(body);
    let unique = set(all.clone());
    assert_eq!(unique.len(), all.len(), "{name} lists a member twice");
    unique
}

/// Field names (without `?`) of `{ a: x; b?: y }` or of an interface body, at depth 0.
fn fields_of(body: &str) -> Set {
    let mut out = Set::new();
    let mut depth = 0i32;
    let mut token = String::new();
    for c in body.chars() {
        match c {
            '{' | '[' | '(' | '<' => {
                depth += 1;
                token.clear();
            }
            '}' | ']' | ')' | '>' => {
                depth -= 1;
                token.clear();
            }
            ':' if depth == 0 => {
                let name = token.trim().trim_end_matches('?').trim();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_owned());
                }
                token.clear();
            }
            ';' | ',' | '\n' if depth == 0 => token.clear(),
            '|' if depth == 0 => token.clear(),
            _ if depth == 0 => token.push(c),
            _ => {}
        }
    }
    // Skip comment words: only identifiers directly before a colon count,
    // and doc comments never contain `word:` at depth 0 in this file.
    out
}

/// The body of `export interface NAME { ... }`.
fn interface_body(name: &str) -> &'static str {
    let head = format!("export interface {name} {{");
    let Some(start) = TS.find(&head).map(|i| i + head.len()) else { panic!("`{head}` not found") };
    let rest = &TS[start..];
    let mut depth = 1i32;
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &rest[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unterminated interface {name}")
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    out.push_str(rest);
    out.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn interface_fields(name: &str) -> Set {
    fields_of(&strip_comments(interface_body(name)))
}

/// Splits at `sep` outside braces and brackets.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// Tagged union members: tag value → field names (without the tag).
fn tagged_union(name: &str, tag: &str) -> std::collections::BTreeMap<String, Set> {
    let body = strip_comments(type_body(name));
    let mut out = std::collections::BTreeMap::new();
    for member in split_top(&body, '|').iter().map(|m| m.trim()).filter(|m| !m.is_empty()) {
        let inner = member.trim_start_matches('{').trim_end_matches('}');
        let mut fields = fields_of(inner);
        assert!(fields.remove(tag), "{name}: member `{member}` has no `{tag}`");
        let value = inner
            .split(';')
            .find(|part| part.trim().starts_with(&format!("{tag}:")))
            .map(literals)
            .and_then(|l| l.into_iter().next());
        let Some(value) = value else { panic!("{name}: member `{member}` has no literal tag") };
        assert!(out.insert(value.clone(), fields).is_none(), "{name}: `{value}` twice");
    }
    out
}

/// The names in serde's "expected one of `a`, `b`" (or "expected `a`") message.
fn expected_names(message: &str) -> Set {
    let Some(i) = message.find("expected") else { panic!("no `expected` in: {message}") };
    let tail = &message[i..];
    let tail = tail.split(" at line").next().unwrap_or(tail);
    tail.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn deserialize_error<T: DeserializeOwned>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(_) => panic!("`{json}` was accepted"),
        Err(e) => e.to_string(),
    }
}

/// The fields a Rust input struct accepts, from its unknown-field error.
fn rust_fields<T: DeserializeOwned>() -> Set {
    let message = deserialize_error::<T>(r#"{"__unknown__": 1}"#);
    assert!(message.contains("unknown field"), "{message}");
    expected_names(&message)
}

/// The variants a Rust enum accepts, from its unknown-variant error.
fn rust_variants<T: DeserializeOwned>(json: &str) -> Set {
    let message = deserialize_error::<T>(json);
    assert!(message.contains("unknown variant"), "{message}");
    expected_names(&message)
}

#[test]
fn error_code_union_lists_every_error_code() {
    let s = String::new;
    let check_errors = [
        CheckError::UnknownOrg { path: s(), id: s() },
        CheckError::UnknownUser { path: s(), id: s() },
        CheckError::UnknownWorkspace { path: s(), id: s(), org: s() },
        CheckError::UnknownPermission { path: s(), value: s(), suggestion: None },
        CheckError::UnknownRole { path: s(), value: s(), expected: s() },
        CheckError::InvalidInput { path: s(), message: s() },
    ];
    // Exhaustive: a new variant fails to compile here until it is listed above.
    for e in &check_errors {
        match e {
            CheckError::UnknownOrg { .. }
            | CheckError::UnknownUser { .. }
            | CheckError::UnknownWorkspace { .. }
            | CheckError::UnknownPermission { .. }
            | CheckError::UnknownRole { .. }
            | CheckError::InvalidInput { .. } => {}
        }
    }
    let mut rust = set(check_errors.iter().map(|e| e.code()));
    rust.insert(orgpolicy::DirectoryError(vec![]).code().to_owned());
    rust.insert(orgpolicy::config::ConfigErrors::CODE.to_owned());
    rust.insert("INTERNAL".to_owned()); // the binding's own: a result that cannot be converted
    assert_eq!(string_union("ErrorCode"), rust);
}

/// Variant names and, per variant, field names of an internally tagged enum.
fn rust_tagged<T: DeserializeOwned>(
    tag: &str,
    ts: &std::collections::BTreeMap<String, Set>,
) -> std::collections::BTreeMap<String, Set> {
    let variants = rust_variants::<T>(&json!({ tag: "__" }).to_string());
    let mut out = std::collections::BTreeMap::new();
    for v in variants {
        // With every field the TS side names plus an unknown one, serde
        // reports the unknown one and lists the fields it accepts; a unit
        // variant accepts the bare tag.
        let mut fields = if serde_json::from_value::<T>(json!({ tag: v })).is_ok() {
            Set::new()
        } else {
            let message = deserialize_error::<T>(&json!({ tag: v, "__unknown__": 1 }).to_string());
            if message.contains("unknown field") {
                expected_names(&message)
            } else {
                // Serde reported a missing field first: probe with every TS field filled.
                let mut probe = serde_json::Map::new();
                probe.insert(tag.into(), json!(v));
                for f in ts.get(&v).into_iter().flatten() {
                    probe.insert(f.clone(), if f.ends_with("Ids") { json!([]) } else { json!("x") });
                }
                probe.insert("__unknown__".into(), json!(1));
                expected_names(&deserialize_error::<T>(&Value::Object(probe).to_string()))
            }
        };
        // The accepted fields listed include the tag itself.
        fields.remove(tag);
        out.insert(v, fields);
    }
    out
}

#[test]
fn tagged_unions_match() {
    use orgpolicy::{Credential, MemberOperation, OrgAction};
    let ts = tagged_union("MemberOperation", "op");
    assert_eq!(ts, rust_tagged::<MemberOperation>("op", &ts));
    let ts = tagged_union("OrgAction", "action");
    assert_eq!(ts, rust_tagged::<OrgAction>("action", &ts));
    let ts = tagged_union("Credential", "type");
    assert_eq!(ts, rust_tagged::<Credential>("type", &ts));
}

#[test]
fn config_interfaces_name_exactly_the_accepted_fields() {
    // The configuration documents' declarations are written as text (the
    // configuration layer reads them with its own readers).
    assert_eq!(interface_fields("InstanceConfigInput"), rust_fields::<orgpolicy::config::ConfigInput>());
}

/// Checks that a JSON object has exactly the fields of a TS interface.
fn assert_shape(interface: &str, value: &Value) {
    let Some(obj) = value.as_object() else { panic!("{interface}: not an object: {value}") };
    assert_eq!(set(obj.keys().cloned()), interface_fields(interface), "{interface} vs {value}");
}

fn each(interface: &str, value: &Value, key: &str) {
    let items = value.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    assert!(!items.is_empty(), "{interface}: `{key}` is empty in {value}; the test directory must exercise it");
    for item in &items {
        assert_shape(interface, item);
    }
}

#[test]
fn config_results_name_exactly_the_written_fields() {
    let config: InstanceConfig = serde_json::from_value(json!({"authMode": "oauth"})).unwrap_or_default();
    assert_shape("InstanceConfig", &serde_json::to_value(&config).unwrap_or_default());
    let loaded = orgpolicy::config::from_env("PAT_CREATION_DISABLED=true\nPAT_CREATION_DISABLED=false\n");
    let loaded = match loaded {
        Ok(l) => serde_json::to_value(l).unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_shape("LoadedConfig", &loaded);
    each("ConfigWarning", &loaded, "warnings");
}

#[test]
fn parser_self_check() {
    // The helpers above must be able to fail.
    assert_eq!(fields_of(" a: string; b?: number | null; c: { d: string } "), set(["a", "b", "c"]));
    assert_eq!(literals(r#" | "X" | "Y""#), vec!["X".to_owned(), "Y".to_owned()]);
    assert_ne!(string_union("ReasonCode"), set(Code::ALL.iter().skip(1).map(|c| c.as_str())));
    assert_ne!(interface_fields("InstanceConfigInput"), set(["authMode"]));
}
