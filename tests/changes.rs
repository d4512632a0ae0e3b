//! Changes applied in place (`Engine::apply`) against a fresh engine built
//! from the changed document: a property over random directories and
//! random change batches, and scenario tests of refusals (atomicity).
//!
//! The reference applies each change to the plain document (`model_apply`
//! below: a few lines per change) and lets the directory's own validation
//! judge the result. `PROPTEST_CASES` sets the number of cases (default 64).
#![cfg(not(target_arch = "wasm32"))]
// Generated documents are indexed where the generator guarantees the item.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unreachable)]

#[path = "prop_support/mod.rs"]
mod prop_support;

use orgpolicy::directory::{
    Change, CustomRoleDoc, DirectoryDoc, MemberDoc, MemberStatus, OrgSettingsDoc, PatDoc, ServiceKeyDoc, SsoDoc,
    WorkspaceDoc,
};
use orgpolicy::{Engine, InstanceConfig};
use prop_support::*;
use proptest::prelude::*;

const DEFAULT_CASES: u32 = 64;

/// The reference: the change applied to the document itself. `Err` when
/// the change names something that is not there (or is refused by a rule
/// of removal); every other rule is left to the directory's validation.
fn model_apply(doc: &mut DirectoryDoc, c: &Change) -> Result<(), String> {
    use Change as C;
    if let C::RemoveKey { key_id } = c {
        for o in &mut doc.orgs {
            if let Some(i) = o.service_keys.iter().position(|k| &k.id == key_id) {
                o.service_keys.remove(i);
                return Ok(());
            }
            if let Some(i) = o.personal_access_tokens.iter().position(|k| &k.id == key_id) {
                o.personal_access_tokens.remove(i);
                return Ok(());
            }
        }
        return Err("unknown key".into());
    }
    let org_id = match c {
        C::AddMember { org_id, .. }
        | C::RemoveMember { org_id, .. }
        | C::ActivateMember { org_id, .. }
        | C::SetOrgRole { org_id, .. }
        | C::AddWorkspaceMember { org_id, .. }
        | C::SetWorkspaceRole { org_id, .. }
        | C::RemoveWorkspaceMember { org_id, .. }
        | C::AddWorkspace { org_id, .. }
        | C::RemoveWorkspace { org_id, .. }
        | C::AddRole { org_id, .. }
        | C::RemoveRole { org_id, .. }
        | C::AddServiceKey { org_id, .. }
        | C::AddPersonalAccessToken { org_id, .. }
        | C::SetSettings { org_id, .. }
        | C::SetSso { org_id, .. } => org_id,
        C::RemoveKey { .. } => unreachable!(),
    };
    let o = doc.orgs.iter_mut().find(|o| &o.id == org_id).ok_or("unknown org")?;
    let member = |o: &mut orgpolicy::directory::OrgDoc, id: &str| o.members.iter().position(|m| m.id == id);
    match c {
        C::AddMember { member, .. } => o.members.push(member.clone()),
        C::RemoveMember { member_id, .. } => {
            let i = member(o, member_id).ok_or("unknown member")?;
            o.members.swap_remove(i);
        }
        C::ActivateMember { member_id, user_id, .. } => {
            let i = member(o, member_id).ok_or("unknown member")?;
            let m = &mut o.members[i];
            if m.status == MemberStatus::Active {
                return Err("already active".into());
            }
            match (&m.user_id, user_id) {
                (None, None) => return Err("no user".into()),
                (Some(a), Some(b)) if a != b => return Err("another user".into()),
                (None, Some(b)) => m.user_id = Some(b.clone()),
                _ => {}
            }
            m.status = MemberStatus::Active;
        }
        C::SetOrgRole { member_id, org_role, .. } => {
            let i = member(o, member_id).ok_or("unknown member")?;
            o.members[i].org_role = org_role.clone();
        }
        C::AddWorkspaceMember { member_id, workspace_id, role, .. }
        | C::SetWorkspaceRole { member_id, workspace_id, role, .. } => {
            let i = member(o, member_id).ok_or("unknown member")?;
            if !o.workspaces.iter().any(|w| &w.id == workspace_id) {
                return Err("unknown workspace".into());
            }
            let held = o.members[i].workspaces.contains_key(workspace_id);
            if held == matches!(c, C::AddWorkspaceMember { .. }) {
                return Err("membership present / absent".into());
            }
            o.members[i].workspaces.insert(workspace_id.clone(), role.clone());
        }
        C::RemoveWorkspaceMember { member_id, workspace_id, .. } => {
            let i = member(o, member_id).ok_or("unknown member")?;
            o.members[i].workspaces.remove(workspace_id).ok_or("no membership")?;
        }
        C::AddWorkspace { workspace, .. } => o.workspaces.push(workspace.clone()),
        C::RemoveWorkspace { workspace_id, .. } => {
            let i = o.workspaces.iter().position(|w| &w.id == workspace_id).ok_or("unknown workspace")?;
            let named = |ids: &[String]| ids.contains(workspace_id);
            if o.workspaces.len() == 1
                || named(o.sso.default_workspace_ids.as_deref().unwrap_or_default())
                || o.service_keys.iter().any(|k| named(&k.workspace_ids))
                || o.personal_access_tokens.iter().any(|t| t.workspace_id.as_ref() == Some(workspace_id))
            {
                return Err("workspace in use".into());
            }
            o.workspaces.remove(i);
            for m in &mut o.members {
                m.workspaces.remove(workspace_id);
            }
        }
        C::AddRole { role, restricted, .. } => {
            o.roles.push(role.clone());
            if *restricted {
                o.restricted_roles.push(role.id.clone());
            }
        }
        C::RemoveRole { role_id, .. } => {
            let i = o.roles.iter().position(|r| &r.id == role_id).ok_or("unknown role")?;
            let held = o.members.iter().any(|m| m.workspaces.values().any(|r| r == role_id))
                || o.sso.default_workspace_role.as_ref() == Some(role_id)
                || o.service_keys.iter().any(|k| k.workspace_role.as_ref() == Some(role_id));
            if held {
                return Err("role in use".into());
            }
            o.roles.remove(i);
            o.restricted_roles.retain(|r| r != role_id);
        }
        C::AddServiceKey { key, .. } => o.service_keys.push(key.clone()),
        C::AddPersonalAccessToken { token, .. } => o.personal_access_tokens.push(token.clone()),
        C::SetSettings { settings, .. } => o.settings = settings.clone(),
        C::SetSso { sso, .. } => {
            // Omitted workspaces: the org's first workspace, named from then on.
            let first = o.workspaces.first().map(|w| w.id.clone());
            o.sso = SsoDoc {
                default_workspace_ids: sso.default_workspace_ids.clone().or(first.map(|f| vec![f])),
                ..sso.clone()
            };
        }
        C::RemoveKey { .. } => unreachable!(),
    }
    Ok(())
}

/// A batch on the document: all or nothing, each change judged by the
/// directory's validation of the document it leaves (a change may rely on
/// the earlier ones of its batch, never on later ones).
fn model_batch(doc: &DirectoryDoc, batch: &[Change]) -> Option<DirectoryDoc> {
    let mut next = doc.clone();
    for c in batch {
        model_apply(&mut next, c).ok()?;
        if let Err(e) = Engine::from_doc(InstanceConfig::default(), &next) {
            if std::env::var("CHANGES_DEBUG").is_ok() {
                eprintln!("model refused: {e}");
            }
            return None;
        }
    }
    Engine::from_doc(InstanceConfig::default(), &next).ok().map(|e| e.directory_doc())
}

fn pick<T: Clone>(list: &[T], i: u8) -> Option<T> {
    (!list.is_empty()).then(|| list[i as usize % list.len()].clone())
}

const ROLES: [&str; 5] = ["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER", "role-0", "role-x"];
const ORG_ROLES: [&str; 5] =
    ["ORGANIZATION_ADMIN", "ORGANIZATION_OPERATOR", "ORGANIZATION_USER", "ORGANIZATION_VIEWER", "ORG_ADMIN"];

/// One change, drawn from small numbers against the current document so
/// that most name things that exist.
fn change(doc: &DirectoryDoc, [kind, a, b, c, d]: [u8; 5]) -> Change {
    let org = &doc.orgs[a as usize % doc.orgs.len()];
    let org_id = org.id.clone();
    let member_id = pick(&org.members, b).map(|m| m.id).filter(|_| b < 240).unwrap_or_else(|| "ghost".into());
    let ws: Vec<String> = org.workspaces.iter().map(|w| w.id.clone()).collect();
    let workspace_id = if c < 230 { pick(&ws, c).unwrap_or_default() } else { format!("ws-new-{}", c % 4) };
    let role = ROLES[d as usize % ROLES.len()].to_string();
    let user = (b as usize) % (USERS + 3);
    match kind % 16 {
        0 | 1 => Change::AddMember {
            org_id,
            member: MemberDoc {
                id: format!("m-new-{}", d % 6),
                user_id: (c % 4 != 0).then(|| user_id(user)),
                email: if c % 7 == 0 { format!("other{}@example.com", d % 3) } else { user_email(user, d) },
                org_role: ORG_ROLES[(c as usize / 8) % ORG_ROLES.len()].into(),
                status: if d % 3 == 0 { MemberStatus::Pending } else { MemberStatus::Active },
                workspaces: pick(&ws, c).map(|w| [(w, role)].into_iter().collect()).unwrap_or_default(),
            },
        },
        2 => Change::RemoveMember { org_id, member_id },
        3 => Change::ActivateMember { org_id, member_id, user_id: (c % 3 != 0).then(|| user_id(user)) },
        4 => Change::SetOrgRole { org_id, member_id, org_role: ORG_ROLES[d as usize % ORG_ROLES.len()].into() },
        5 => Change::AddWorkspaceMember { org_id, member_id, workspace_id, role },
        6 => Change::SetWorkspaceRole { org_id, member_id, workspace_id, role },
        7 => Change::RemoveWorkspaceMember { org_id, member_id, workspace_id },
        8 => Change::AddWorkspace {
            org_id,
            workspace: WorkspaceDoc { id: format!("ws-new-{}", c % 4), name: format!("New {}", d % 3) },
        },
        9 => Change::RemoveWorkspace { org_id, workspace_id },
        10 => Change::AddRole {
            org_id,
            role: CustomRoleDoc {
                id: format!("role-{}", c % 3),
                name: format!("Custom {}", d % 3),
                permissions: vec![
                    ["runs:read", "projects:read", "runs:delete", "organization:read"][d as usize % 4].into()
                ],
            },
            restricted: b % 2 == 0,
        },
        11 => Change::RemoveRole { org_id, role_id: format!("role-{}", c % 3) },
        12 => Change::AddServiceKey {
            org_id,
            key: ServiceKeyDoc {
                id: format!("key-new-{}", c % 3),
                org_scoped: d % 2 == 0,
                workspace_ids: if d % 4 == 1 { ws.into_iter().take(1).collect() } else { vec![] },
                org_role: None,
                workspace_role: (d % 3 == 0).then_some(role),
            },
        },
        13 => {
            if d % 2 == 0 {
                Change::AddPersonalAccessToken {
                    org_id,
                    token: PatDoc {
                        id: format!("key-new-{}", c % 3),
                        user_id: user_id(user),
                        workspace_id: pick(&ws, c),
                    },
                }
            } else {
                let keys: Vec<String> = doc
                    .orgs
                    .iter()
                    .flat_map(|o| {
                        o.service_keys
                            .iter()
                            .map(|k| k.id.clone())
                            .chain(o.personal_access_tokens.iter().map(|t| t.id.clone()))
                    })
                    .collect();
                Change::RemoveKey { key_id: pick(&keys, c).filter(|_| b < 230).unwrap_or_else(|| "key-none".into()) }
            }
        }
        14 => Change::SetSettings {
            org_id,
            settings: OrgSettingsDoc {
                invites_enabled: c % 2 == 0,
                pat_creation_disabled: d % 2 == 0,
                group_separator: [":", "-", "/"][b as usize % 3].into(),
                ..OrgSettingsDoc::default()
            },
        },
        _ => Change::SetSso {
            org_id,
            sso: SsoDoc {
                default_workspace_ids: (c % 3 != 0).then(|| ws.into_iter().take((d % 3) as usize).collect()),
                default_workspace_role: (d % 2 == 0).then_some(role),
                ..SsoDoc::default()
            },
        },
    }
}

/// Every `can` (and its error code) over the users, orgs, workspaces and a
/// spread of permissions; `directory_doc` as the whole state. Each answer
/// on handles (which reads the users' hot records) must equal the answer
/// on ids, and every hot record must equal one computed afresh.
fn answers(e: &Engine, doc: &DirectoryDoc) -> Result<Vec<String>, TestCaseError> {
    prop_assert!(e.directory().hot_records_agree(), "a hot record is stale");
    let perms = all_permissions();
    let mut out = Vec::new();
    for u in (0..USERS + 3).map(user_id) {
        for o in &doc.orgs {
            let wss = std::iter::once(None).chain(o.workspaces.iter().map(|w| Some(w.id.as_str())));
            for w in wss {
                for p in perms.iter().step_by(5) {
                    let r = e.can(&u, &o.id, w, p).map_err(|x| x.code());
                    if let (Ok(uh), Ok(oh), Ok(wh), Ok(ph)) = (
                        e.user_handle(&u),
                        e.org_handle(&o.id),
                        w.map(|w| e.workspace_handle(w)).transpose(),
                        e.permission_handle(p),
                    ) {
                        let on_handles = e.can_handles(uh, oh, wh, ph).map_err(|x| x.code());
                        prop_assert_eq!(&on_handles, &r, "{} {} {:?} {} on handles", u, o.id, w, p);
                        let checked = e.check_handles(uh, oh, wh, ph).map_err(|x| x.code());
                        prop_assert_eq!(checked, e.check(&u, &o.id, w, p).map_err(|x| x.code()));
                    }
                    out.push(format!("{u} {} {w:?} {p}: {r:?}", o.id));
                }
            }
        }
    }
    Ok(out)
}

/// The document with the users of clear bits of `listed` left out of
/// `users` when they are members somewhere: such a user is known by its
/// first membership, whose hot record checks on handles then read.
fn unlist_members(mut doc: DirectoryDoc, listed: u8) -> DirectoryDoc {
    let members: std::collections::HashSet<String> =
        doc.orgs.iter().flat_map(|o| o.members.iter().filter_map(|m| m.user_id.clone())).collect();
    let mut n = 0;
    doc.users.retain(|u| {
        n += 1;
        listed & (1 << ((n - 1) % 8)) != 0 || !members.contains(&u.id)
    });
    doc
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES))]

    /// apply(batch) answers like a fresh engine built from the document the
    /// reference changed; refused batches change nothing; the document
    /// round-trips.
    #[test]
    fn applied_changes_answer_like_a_rebuild(
        doc in directory(),
        listed in any::<u8>(),
        steps in prop::collection::vec((any::<[u8; 5]>(), 1usize..4), 1..10),
    ) {
        let doc = unlist_members(doc, listed);
        let mut engine = Engine::from_doc(InstanceConfig::default(), &doc)
            .map_err(|e| TestCaseError::fail(format!("generated directory does not build: {e}")))?;
        let mut current = engine.directory_doc();
        let mut applied = 0;
        for (i, (seed, len)) in steps.iter().enumerate() {
            let batch: Vec<Change> = (0..*len)
                .map(|k| change(&current, seed.map(|x| x.wrapping_add((k * 37 + i) as u8))))
                .collect();
            let expected = model_batch(&current, &batch);
            let got = engine.apply(&batch);
            match (&expected, &got) {
                (Some(next), Ok(())) => {
                    let doc = engine.directory_doc();
                    prop_assert_eq!(&doc, next, "batch {:?}", batch);
                    let fresh = Engine::from_doc(InstanceConfig::default(), next)
                        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
                    prop_assert_eq!(answers(&engine, next)?, answers(&fresh, next)?, "batch {:?}", batch);
                    prop_assert_eq!(fresh.directory_doc(), doc, "round trip");
                    current = next.clone();
                    applied += 1;
                }
                (None, Err(e)) => {
                    prop_assert!(!e.0.is_empty());
                    prop_assert!(e.0.iter().all(|i| i.path.starts_with("changes[")), "{}", e);
                    prop_assert_eq!(&engine.directory_doc(), &current, "a refused batch changed the directory: {}", e);
                    let fresh = Engine::from_doc(InstanceConfig::default(), &current)
                        .map_err(|e| TestCaseError::fail(format!("{e}")))?;
                    prop_assert_eq!(answers(&engine, &current)?, answers(&fresh, &current)?);
                }
                (Some(_), Err(e)) => prop_assert!(false, "refused a valid batch {:?}: {}", batch, e),
                (None, Ok(())) => prop_assert!(false, "accepted an invalid batch {:?}", batch),
            }
        }
        if std::env::var("CHANGES_DEBUG").is_ok() {
            eprintln!("applied {applied} of {}", steps.len());
        }
    }
}

fn sample() -> Engine {
    let text = include_str!("../examples/sample-directory.json");
    Engine::from_json(InstanceConfig::default(), text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_batch_with_one_bad_change_changes_nothing() {
    let mut e = sample();
    let before = e.directory_doc();
    let batch = [
        Change::RemoveMember { org_id: "org-default".into(), member_id: "ident-bob".into() },
        Change::AddWorkspace {
            org_id: "org-default".into(),
            workspace: WorkspaceDoc { id: "ws-new".into(), name: "New".into() },
        },
        Change::SetOrgRole {
            org_id: "org-default".into(),
            member_id: "ident-erin".into(),
            org_role: "ORG_ADMIN".into(),
        },
        Change::RemoveWorkspace { org_id: "org-nope".into(), workspace_id: "ws-1".into() },
        Change::RemoveKey { key_id: "key-none".into() },
    ];
    let err = e.apply(&batch).err().unwrap_or_else(|| panic!("accepted"));
    let paths: Vec<&str> = err.0.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["changes[2].orgRole", "changes[3].orgId", "changes[4].keyId"]);
    assert!(err.0[0].message.starts_with("unknown role `ORG_ADMIN`; expected one of"), "{err}");
    assert_eq!(e.directory_doc(), before);
    assert_eq!(e.can("user-bob", "org-default", Some("ws-production"), "runs:delete"), Ok(true));
    assert!(e.workspace_handle("ws-new").is_err());
}

#[test]
fn refusals_name_what_is_in_use() {
    let mut e = sample();
    let doc = e.directory_doc();
    let org = &doc.orgs[0];
    let first_ws = org.workspaces[0].id.clone();
    let err = e
        .apply(&[Change::RemoveWorkspace { org_id: org.id.clone(), workspace_id: first_ws.clone() }])
        .err()
        .unwrap_or_else(|| panic!("removed an SSO default workspace"));
    assert_eq!(err.0[0].path, "changes[0].workspaceId");
    assert!(err.0.iter().any(|i| i.message.contains("SSO defaults")), "{err}");
    assert_eq!(e.directory_doc(), doc);
}
