//! The per-user directory (`Engine::directory_for`) over random directories:
//! every check about that user answers on the view as on the full directory,
//! and nothing of another organization, and no credential id, appears in it.

#[path = "prop_support/mod.rs"]
mod prop_support;

use orgpolicy::directory::DirectoryDoc;
use orgpolicy::members::MemberOperation;
use orgpolicy::orgs::ShareableResource;
use orgpolicy::roles::OrgRole;
use orgpolicy::{Engine, InstanceConfig};
use prop_support::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn engine(config: &InstanceConfig, doc: &DirectoryDoc) -> Result<Engine, TestCaseError> {
    Engine::from_doc(config.clone(), doc).map_err(|e| TestCaseError::fail(format!("does not build: {e}")))
}

/// Every user id the document knows.
fn users(doc: &DirectoryDoc) -> Vec<String> {
    let mut out: BTreeSet<String> = doc.users.iter().map(|u| u.id.clone()).collect();
    for o in &doc.orgs {
        out.extend(o.members.iter().filter_map(|m| m.user_id.clone()));
    }
    out.into_iter().collect()
}

/// Every string in a JSON value (keys and values).
fn strings(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.insert(s.clone());
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.insert(k.clone());
            strings(x, out)
        }),
        _ => {}
    }
}

/// Each check about `user` as text (value or error), on one engine.
fn answers(e: &Engine, doc: &DirectoryDoc, user: &str) -> Vec<String> {
    let mut out = vec![format!("canCreateOrg {:?}", e.can_create_org(user))];
    for org in &doc.orgs {
        let o = org.id.as_str();
        let mut scopes: Vec<Option<&str>> = vec![None];
        scopes.extend(org.workspaces.iter().map(|w| Some(w.id.as_str())));
        for ws in &scopes {
            for p in all_permissions() {
                out.push(format!("check {o} {ws:?} {p} {:?}", e.check(user, o, *ws, p)));
            }
            out.push(format!("permissions {o} {ws:?} {:?}", e.permissions(user, o, *ws)));
            out.push(format!("canInvite {o} {ws:?} {:?}", e.can_invite(user, o, *ws)));
            let row = e
                .capabilities(o, *ws)
                .map(|rows| rows.into_iter().filter(|r| r.user_id.as_deref() == Some(user)).collect::<Vec<_>>());
            out.push(format!("capabilities {o} {ws:?} {row:?}"));
            if let Some(w) = ws {
                for r in [ShareableResource::Run, ShareableResource::Dataset, ShareableResource::Prompt] {
                    out.push(format!("canShare {o} {w} {r:?} {:?}", e.can_share(user, o, w, r)));
                }
                let op = MemberOperation::ListWorkspaceMembers { workspace_id: w.to_string() };
                out.push(format!("canManageMembers {o} {op:?} {:?}", e.can_manage_members(user, o, &op)));
            }
            // Invites by the user: members' e-mails (already there) and a new one.
            let mut invitees: Vec<orgpolicy::Invitee> = org
                .members
                .iter()
                .map(|m| orgpolicy::Invitee { email: m.email.clone(), org_role: None, workspace_role: None })
                .collect();
            invitees.push(orgpolicy::Invitee {
                email: "newcomer@example.com".into(),
                org_role: None,
                workspace_role: None,
            });
            let req = orgpolicy::InviteRequest {
                actor_id: user.into(),
                org_id: o.into(),
                workspace_id: ws.map(String::from),
                invitees,
            };
            out.push(format!("planInvites {o} {ws:?} {:?}", e.plan_invites(&req)));
        }
        out.push(format!("canCreatePat {o} {:?}", e.can_create_pat(user, o)));
        out.push(format!("canSetDefaultOrg {o} {:?}", e.can_set_default_org(user, o)));
        let mut ops = vec![
            MemberOperation::ListOwnInvites,
            MemberOperation::ListOrgMembers,
            MemberOperation::ListPendingOrgMembers,
            MemberOperation::InviteToOrg,
        ];
        for m in &org.members {
            let id = m.id.clone();
            ops.push(MemberOperation::ClaimInvite { member_id: id.clone() });
            ops.push(MemberOperation::DeclineInvite { member_id: id.clone() });
            ops.push(MemberOperation::RemoveFromOrg { member_id: id.clone() });
            ops.push(MemberOperation::DeletePendingInvite { member_id: id.clone(), workspace_id: None });
            for r in OrgRole::ALL {
                ops.push(MemberOperation::UpdateOrgRole { member_id: id.clone(), role: r.id().into() });
            }
        }
        for op in ops {
            out.push(format!("canManageMembers {o} {op:?} {:?}", e.can_manage_members(user, o, &op)));
        }
    }
    out
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn a_users_view_answers_their_checks_as_the_full_directory(doc in directory(), config in instance_config(), pick in any::<usize>()) {
        let all = users(&doc);
        prop_assume!(!all.is_empty());
        let user = all[pick % all.len()].as_str();
        let full = engine(&config, &doc)?;
        let view = full.directory_for(user).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let small = engine(&config, &view)?;

        // (A default organization the user is not in is a stand-in: no members, one workspace.)
        let named_only = |o: &orgpolicy::directory::OrgDoc| o.members.is_empty() && o.workspaces.len() <= 1 && view.default_org_id.as_deref() == Some(o.id.as_str()) && !doc.orgs.iter().any(|d| d.id == o.id && d.members.iter().any(|m| m.user_id.as_deref() == Some(user)));
        let mine = DirectoryDoc { orgs: view.orgs.iter().filter(|o| !named_only(o)).cloned().collect(), ..view.clone() };
        // The same answers for every org of the user's (ids and members the view holds)...
        let a = answers(&full, &mine, user);
        let b = answers(&small, &mine, user);
        for (x, y) in a.iter().zip(&b) {
            prop_assert_eq!(x, y);
        }
        prop_assert_eq!(a.len(), b.len());
        prop_assert_eq!(format!("{:?}", full.can_create_org(user)), format!("{:?}", small.can_create_org(user)));

        // ...and outside it, the full directory allows the user nothing.
        let in_view: BTreeSet<&str> = view.orgs.iter().filter(|o| !named_only(o)).map(|o| o.id.as_str()).collect();
        // Every org the user is a member of (active or invited) is in the view, whole.
        for org in &doc.orgs {
            if org.members.iter().any(|m| m.user_id.as_deref() == Some(user)) {
                prop_assert!(in_view.contains(org.id.as_str()), "{} missing", org.id);
            }
        }
        // The stand-in for the default organization: nothing of it is allowed.
        for o in view.orgs.iter().filter(|o| named_only(o)) {
            prop_assert!(o.roles.is_empty() && o.service_keys.is_empty() && o.groups.is_empty());
            for p in all_permissions() {
                for e in [&full, &small] {
                    prop_assert_ne!(e.can(user, &o.id, o.workspaces.first().map(|w| w.id.as_str()), p).ok(), Some(true));
                }
            }
        }
        for org in doc.orgs.iter().filter(|o| !in_view.contains(o.id.as_str())) {
            let mut scopes: Vec<Option<&str>> = vec![None];
            scopes.extend(org.workspaces.iter().map(|w| Some(w.id.as_str())));
            for ws in scopes {
                for p in all_permissions() {
                    prop_assert_ne!(full.can(user, &org.id, ws, p).ok(), Some(true), "{} in {} {:?}", p, org.id, ws);
                }
            }
        }

        // Nothing of another organization, no credential id, no group name.
        let mut seen = BTreeSet::new();
        strings(&serde_json::from_str(&orgpolicy::json::to_string(&view)).map_err(|e| TestCaseError::fail(e.to_string()))?, &mut seen);
        let visible_emails: BTreeSet<String> =
            view.orgs.iter().flat_map(|o| o.members.iter().map(|m| m.email.to_lowercase())).collect();
        for org in &doc.orgs {
            for k in &org.service_keys {
                prop_assert!(!seen.contains(&k.id), "service key {}", k.id);
            }
            for t in &org.personal_access_tokens {
                prop_assert!(!seen.contains(&t.id), "PAT {}", t.id);
            }
            if in_view.contains(org.id.as_str()) {
                continue;
            }
            prop_assert!(!seen.contains(&org.id), "org id {}", org.id);
            prop_assert!(!view.orgs.iter().any(|o| o.name == org.name) || doc.orgs.iter().any(|o| o.name == org.name && in_view.contains(o.id.as_str())), "org name {}", org.name);
            for w in &org.workspaces {
                prop_assert!(!seen.contains(&w.id) || doc.orgs.iter().any(|o| in_view.contains(o.id.as_str()) && o.workspaces.iter().any(|x| x.id == w.id)), "workspace {} of {}", w.id, org.id);
            }
            for m in &org.members {
                prop_assert!(!seen.contains(&m.id), "member {} of {}", m.id, org.id);
                if !visible_emails.contains(&m.email.to_lowercase()) {
                    prop_assert!(!seen.contains(&m.email), "e-mail {} of {}", m.email, org.id);
                }
            }
        }
    }
}
