//! `Directory::from_json` reads members straight from the parsed text, and
//! falls back to the reference reader (`DirectoryDoc`'s) when anything in
//! them is wrong. Property: on valid directories and on directories whose
//! member objects were edited (fields removed, of the wrong type, unknown,
//! given twice; workspace maps with bad or repeated entries; bad e-mails and
//! roles; a field given another member's value, so ids, users and e-mails
//! repeat), it builds the same directory, or fails with the same issues at
//! the same paths, as reading the document first and building from it; and
//! so does `Directory::from_json_tree`. The text also gets escapes in its
//! strings and keys, `members` twice in an org, or is cut short.
//!
//! `PROPTEST_CASES` sets the number of cases (default 256).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::indexing_slicing)] // indices are taken modulo the (non-empty) tables

mod prop_support;

use orgpolicy::directory::DirectoryDoc;
use orgpolicy::error::DirectoryError;
use orgpolicy::json;
use orgpolicy::Directory;
use proptest::prelude::*;
use serde_json::{json as j, Value};

const FIELDS: [&str; 6] = ["id", "userId", "email", "orgRole", "status", "workspaces"];

/// One edit of a member object (`org`, `member`, `field`, `value` pick
/// modulo what exists).
#[derive(Debug, Clone)]
enum Edit {
    Remove { org: usize, member: usize, field: usize },
    Set { org: usize, member: usize, field: usize, value: usize },
    Unknown { org: usize, member: usize },
    Twice { org: usize, member: usize, field: usize },
    WorkspaceRole { org: usize, member: usize, value: usize },
    WorkspaceTwice { org: usize, member: usize },
    NotAnObject { org: usize, member: usize },
    MembersNotAnArray { org: usize },
    MembersTwice { org: usize },
    SameAs { org: usize, member: usize, field: usize, from: (usize, usize) },
}

fn values() -> Vec<Value> {
    vec![
        Value::Null,
        j!(true),
        j!(7),
        j!([]),
        j!({}),
        j!("pending"),
        j!("active"),
        j!("invited"),
        j!("ORGANIZATION_ADMIN"),
        j!("ORGANIZATION_VIEWER"),
        j!("not an e-mail"),
        j!("Someone@Example.com"),
        j!(""),
        j!({ "ws-nope": "WORKSPACE_ADMIN" }),
        j!({ "x": 1 }),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = || 0..64usize;
    prop_oneof![
        (n(), n(), n()).prop_map(|(org, member, field)| Edit::Remove { org, member, field }),
        (n(), n(), n(), n()).prop_map(|(org, member, field, value)| Edit::Set { org, member, field, value }),
        (n(), n()).prop_map(|(org, member)| Edit::Unknown { org, member }),
        (n(), n(), n()).prop_map(|(org, member, field)| Edit::Twice { org, member, field }),
        (n(), n(), n()).prop_map(|(org, member, value)| Edit::WorkspaceRole { org, member, value }),
        (n(), n()).prop_map(|(org, member)| Edit::WorkspaceTwice { org, member }),
        (n(), n()).prop_map(|(org, member)| Edit::NotAnObject { org, member }),
        n().prop_map(|org| Edit::MembersNotAnArray { org }),
        n().prop_map(|org| Edit::MembersTwice { org }),
        (n(), n(), 0..3usize, (n(), n())).prop_map(|(org, member, field, from)| Edit::SameAs {
            org,
            member,
            field,
            from
        }),
    ]
}

fn pick<T>(items: &mut [T], i: usize) -> Option<&mut T> {
    let len = items.len();
    if len == 0 {
        None
    } else {
        items.get_mut(i % len)
    }
}

/// The members array of org `org`, if any.
fn members(doc: &mut Value, org: usize) -> Option<&mut Vec<Value>> {
    let orgs = doc.get_mut("orgs")?.as_array_mut()?;
    pick(orgs, org)?.get_mut("members")?.as_array_mut()
}

fn member(doc: &mut Value, org: usize, m: usize) -> Option<&mut serde_json::Map<String, Value>> {
    pick(members(doc, org)?, m)?.as_object_mut()
}

/// Applies an edit; repeated keys are written as a placeholder key,
/// renamed in the text afterwards (a JSON map holds each key once).
fn apply(doc: &mut Value, e: &Edit) {
    let vals = values();
    let field = |f: usize| FIELDS[f % FIELDS.len()];
    match *e {
        Edit::Remove { org, member: m, field: f } => {
            member(doc, org, m).map(|o| o.remove(field(f)));
        }
        Edit::Set { org, member: m, field: f, value } => {
            if let Some(o) = member(doc, org, m) {
                o.insert(field(f).into(), vals[value % vals.len()].clone());
            }
        }
        Edit::Unknown { org, member: m } => {
            member(doc, org, m).map(|o| o.insert("role".into(), j!("x")));
        }
        Edit::Twice { org, member: m, field: f } => {
            if let Some(o) = member(doc, org, m) {
                let v = o.get(field(f)).cloned().unwrap_or(j!("again"));
                o.insert(format!("@twice:{}", field(f)), v);
            }
        }
        Edit::WorkspaceRole { org, member: m, value } => {
            let roles = [j!("WORKSPACE_VIEWER"), j!("NO_SUCH_ROLE"), j!(3), Value::Null, j!("ORGANIZATION_ADMIN")];
            if let Some(ws) = member(doc, org, m).and_then(|o| o.get_mut("workspaces")).and_then(Value::as_object_mut) {
                let key = ws.keys().next().cloned().unwrap_or_else(|| "ws-none".into());
                ws.insert(key, roles[value % roles.len()].clone());
            }
        }
        Edit::WorkspaceTwice { org, member: m } => {
            if let Some(ws) = member(doc, org, m).and_then(|o| o.get_mut("workspaces")).and_then(Value::as_object_mut) {
                if let Some(key) = ws.keys().next().cloned() {
                    ws.insert(format!("@twice:{key}"), j!("WORKSPACE_ADMIN"));
                }
            }
        }
        Edit::NotAnObject { org, member: m } => {
            if let Some(v) = members(doc, org).and_then(|ms| pick(ms, m)) {
                *v = j!("member");
            }
        }
        Edit::MembersNotAnArray { org } => {
            if let Some(o) = doc.get_mut("orgs").and_then(Value::as_array_mut).and_then(|os| pick(os, org)) {
                o.as_object_mut().map(|o| o.insert("members".into(), j!({})));
            }
        }
        // Another member's (maybe in another org) id, user or e-mail: a
        // repeated member, a user with two e-mails, an e-mail of two users.
        Edit::SameAs { org, member: m, field: f, from: (from_org, from) } => {
            let f = field(f);
            if let Some(v) = member(doc, from_org, from).and_then(|o| o.get(f)).cloned() {
                member(doc, org, m).map(|o| o.insert(f.into(), v));
            }
        }
        Edit::MembersTwice { org } => {
            if let Some(o) = doc.get_mut("orgs").and_then(Value::as_array_mut).and_then(|os| pick(os, org)) {
                let again = o.get("members").cloned().unwrap_or(j!([]));
                o.as_object_mut().map(|o| o.insert("@twice:members".into(), again));
            }
        }
    }
}

/// The reference: the whole document read as a `DirectoryDoc`, then built.
fn reference(text: &str) -> Result<Directory, DirectoryError> {
    json::from_str::<DirectoryDoc>(text).map_err(DirectoryError::from).and_then(Directory::from_doc_owned)
}

fn same(text: &str, got: Result<Directory, DirectoryError>) -> Result<(), TestCaseError> {
    match (got, reference(text)) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a.to_doc(), b.to_doc(), "{}", text),
        (Err(a), Err(b)) => prop_assert_eq!(a, b, "{}", text),
        (a, b) => prop_assert!(false, "{}\nfrom_json: {:?}\nreference: {:?}", text, a.err(), b.err()),
    }
    Ok(())
}

proptest! {
    #![proptest_config(prop_support::config(256))]

    #[test]
    fn members_read_from_the_text_build_what_the_document_builds(
        doc in prop_support::directory(),
        edits in prop::collection::vec(edit(), 0..4),
        escape in any::<bool>(),
        cut in prop::option::weighted(0.1, any::<prop::sample::Index>()),
    ) {
        let mut value: Value = serde_json::from_str(&json::to_string(&doc)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for e in &edits {
            apply(&mut value, e);
        }
        let mut text = value.to_string();
        for f in FIELDS {
            text = text.replace(&format!("\"@twice:{f}\""), &format!("\"{f}\""));
        }
        text = text.replace("\"@twice:", "\"");
        if escape {
            // Escapes in keys and strings (ids, e-mails, workspace keys):
            // the same values, read through the escaped-string path.
            text = text.replace('-', "\\u002d").replace("\"email\"", "\"\\u0065mail\"");
        }
        if let Some(at) = cut {
            // Truncated text: the same syntax error, at the same path.
            let mut end = at.index(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
        }
        same(&text, Directory::from_json(&text))?;
        if let Ok(tree) = json::parse(&text) {
            same(&text, Directory::from_json_tree(tree))?;
        }
    }
}

/// The indexes built at once (from the text and the tree) against the
/// reference's one-by-one inserts, on repeats a random edit rarely makes.
#[test]
fn repeated_ids_users_and_emails_are_the_references_issues() {
    let member = |id: &str, user: &str, email: &str| j!({ "id": id, "userId": user, "email": email, "orgRole": "ORGANIZATION_ADMIN" });
    let org = |id: &str, members: Vec<Value>| j!({ "id": id, "name": id, "workspaces": [{ "id": format!("{id}-ws"), "name": "W" }], "members": members });
    let cases = [
        // One user in two orgs, the same e-mail (valid), and another e-mail.
        vec![org("a", vec![member("m1", "u1", "u1@x.io")]), org("b", vec![member("m2", "u1", "U1@x.io")])],
        vec![org("a", vec![member("m1", "u1", "u1@x.io")]), org("b", vec![member("m2", "u1", "other@x.io")])],
        // One e-mail, two users; in one org and in two.
        vec![org("a", vec![member("m1", "u1", "u1@x.io"), member("m2", "u2", "u1@x.io")])],
        vec![org("a", vec![member("m1", "u1", "u1@x.io")]), org("b", vec![member("m2", "u2", "u1@x.io")])],
        // A member id, a user repeated in one org.
        vec![org("a", vec![member("m1", "u1", "u1@x.io"), member("m1", "u2", "u2@x.io")])],
        vec![org("a", vec![member("m1", "u1", "u1@x.io"), member("m2", "u1", "u2@x.io")])],
    ];
    for orgs in cases {
        let text = j!({ "orgs": orgs }).to_string();
        same(&text, Directory::from_json(&text)).unwrap();
        same(&text, Directory::from_json_tree(json::parse(&text).unwrap())).unwrap();
    }
}
