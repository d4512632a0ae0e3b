//! Property tests over randomly generated directories, configurations and
//! requests (generators: `tests/prop_support/`).
//!
//! `PROPTEST_CASES` sets the number of cases per property (default 128, a
//! few seconds in a debug build); the long campaign of RELIABILITY.md runs
//! `PROPTEST_CASES=100000 cargo test --release --test properties`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "prop_support/mod.rs"]
mod prop_support;

use orgpolicy::directory::{DirectoryDoc, MemberStatus, OrgDoc, Plan};
use orgpolicy::invites::{InviteOutcome, InviteRequest, Invitee};
use orgpolicy::members::MemberOperation;
use orgpolicy::permissions::{Permission, WorkspacePermission};
use orgpolicy::requests::{ApiRequest, Credential, Operation, OperationScope};
use orgpolicy::roles::{BuiltinWorkspaceRole, OrgRole};
use orgpolicy::what_if::Capability;
use orgpolicy::{CheckError, Code, Engine, InstanceConfig};
use prop_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const DEFAULT_CASES: u32 = 128;

fn engine(config: &InstanceConfig, doc: &DirectoryDoc) -> Result<Engine, TestCaseError> {
    Engine::from_doc(config.clone(), doc)
        .map_err(|e| TestCaseError::fail(format!("generated directory does not build: {e}")))
}

fn ok<T>(r: Result<T, CheckError>, what: &str) -> Result<T, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(format!("{what}: unexpected error {e}")))
}

/// Users of the directory that act in `org`, with their membership.
fn members_with_users(org: &OrgDoc) -> impl Iterator<Item = (&str, &orgpolicy::directory::MemberDoc)> {
    org.members.iter().filter_map(|m| m.user_id.as_deref().map(|u| (u, m)))
}

fn ws_ids(org: &OrgDoc) -> Vec<&str> {
    org.workspaces.iter().map(|w| w.id.as_str()).collect()
}

/// Every `code` in a JSON result is in the catalogue and agrees with its
/// `allowed`; request statuses agree with `allowed`.
fn check_json(v: &Value) -> Result<(), TestCaseError> {
    match v {
        Value::Array(items) => items.iter().try_for_each(check_json),
        Value::Object(map) => {
            if let Some(code) = map.get("code").and_then(Value::as_str) {
                let c = Code::from_str_opt(code).filter(|c| Code::ALL.contains(c));
                prop_assert!(c.is_some(), "code `{}` is not in Code::ALL", code);
                if let (Some(c), Some(allowed)) = (c, map.get("allowed").and_then(Value::as_bool)) {
                    prop_assert_eq!(allowed, c.allows(), "allowed={} with code {}", allowed, code);
                }
            }
            if let (Some(status), Some(allowed)) =
                (map.get("status").and_then(Value::as_u64), map.get("allowed").and_then(Value::as_bool))
            {
                prop_assert_eq!(allowed, status == 200);
            }
            map.values().try_for_each(check_json)
        }
        _ => Ok(()),
    }
}

/// A batch of queries through the JSON facade, covering every method, with
/// ids of the directory (and a user who is a member nowhere).
fn queries(doc: &DirectoryDoc, seed: usize) -> Vec<(&'static str, Value)> {
    let perms = all_permissions();
    let mut q = Vec::new();
    let users: Vec<String> = (0..USERS).map(user_id).collect();
    for (oi, org) in doc.orgs.iter().enumerate() {
        let wss = ws_ids(org);
        for (ui, u) in users.iter().enumerate() {
            let k = seed.wrapping_add(oi * 31 + ui * 7);
            let ws = wss.get(k % wss.len().max(1)).copied();
            let p = perms.get(k % perms.len()).copied().unwrap_or("organization:read");
            let ws_for_p = if p.starts_with("organization:") { None } else { ws };
            q.push(("check", json!({"userId": u, "orgId": org.id, "workspaceId": ws_for_p, "permission": p})));
            q.push(("can", json!({"userId": u, "orgId": org.id, "workspaceId": ws_for_p, "permission": p})));
            q.push(("permissions", json!({"userId": u, "orgId": org.id, "workspaceId": ws})));
            q.push(("canInvite", json!({"actorId": u, "orgId": org.id, "workspaceId": ws})));
            q.push(("canCreatePat", json!({"userId": u, "orgId": org.id})));
            if !org.personal {
                // (a personal target is an input error by design: it can never be the default)
                q.push(("canSetDefaultOrg", json!({"actorId": u, "targetOrgId": org.id})));
            }
            if let Some(w) = ws {
                let resource = ["run", "dataset", "prompt"].get(k % 3).copied().unwrap_or("run");
                q.push(("canShare", json!({"userId": u, "orgId": org.id, "workspaceId": w, "resource": resource})));
                q.push(("canManageMembers", json!({"actorId": u, "orgId": org.id, "operation": {"op": "listWorkspaceMembers", "workspaceId": w}})));
                q.push((
                    "canAdminister",
                    json!({"actorId": u, "orgId": org.id, "action": {"action": "deleteWorkspace", "workspaceId": w}}),
                ));
            }
            if let Some(m) = org.members.get(k % org.members.len().max(1)) {
                let role = ["ORGANIZATION_ADMIN", "ORGANIZATION_USER", "ORGANIZATION_VIEWER"]
                    .get(k % 3)
                    .copied()
                    .unwrap_or("ORGANIZATION_USER");
                q.push(("canManageMembers", json!({"actorId": u, "orgId": org.id, "operation": {"op": "updateOrgRole", "memberId": m.id, "role": role}})));
            }
        }
        q.push(("capabilities", json!({"orgId": org.id, "workspaceId": wss.first()})));
        q.push(("resolveGroups", json!({"orgId": org.id, "groups": org.groups})));
        q.push(("groupsSyncLogin", json!({"orgId": org.id, "groups": []})));
        for k in org.service_keys.iter().map(|k| &k.id).chain(org.personal_access_tokens.iter().map(|t| &t.id)) {
            for (si, scope) in ["org", "workspace", "user"].iter().enumerate() {
                let tenant = wss.get((seed + si) % wss.len().max(1));
                q.push((
                    "authorizeRequest",
                    json!({"credential": {"type": "apiKey", "key": k}, "organizationId": org.id, "tenantId": tenant, "operation": {"scope": scope}}),
                ));
            }
        }
        for u in users.iter().take(3) {
            q.push(("authorizeRequest", json!({"credential": {"type": "session", "userId": u}, "organizationId": org.id, "tenantId": wss.first(), "operation": {"scope": "workspace", "permission": "runs:create"}})));
        }
    }
    for (ui, u) in users.iter().enumerate() {
        q.push(("canCreateOrg", json!({"userId": u})));
        q.push(("personalOrgOnFirstLogin", json!({"email": user_email(ui, 1)})));
        q.push(("firstLogin", json!({"email": user_email(ui, 2), "groups": ["Organization Admins"]})));
    }
    q.push(("firstLogin", json!({"email": "someone.new@example.com"})));
    q.push(("whatIf", json!({"config": {"authMode": "oauth", "workspaceScopeOrgInvitesEnabled": true}})));
    q
}

proptest! {
    #![proptest_config(config(DEFAULT_CASES))]

    /// The generator makes valid directories, and a directory serialized
    /// back to JSON and rebuilt gives the same answers.
    #[test]
    fn directories_build_and_round_trip_through_json(doc in directory(), config in instance_config(), seed in any::<usize>()) {
        let a = engine(&config, &doc)?;
        let text = serde_json::to_string(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = Engine::from_json(config.clone(), &text).map_err(|e| TestCaseError::fail(format!("round trip does not build: {e}")))?;
        prop_assert_eq!(a.directory().org_count(), doc.orgs.len());
        prop_assert_eq!(b.directory().member_count(), doc.orgs.iter().map(|o| o.members.len()).sum::<usize>());
        for (method, input) in queries(&doc, seed) {
            prop_assert_eq!(a.call(method, input.clone()), b.call(method, input.clone()), "{} {}", method, input);
        }
    }

    /// An active Organization Admin holds every workspace permission in
    /// every workspace of the org; a pending member holds none, anywhere.
    #[test]
    fn org_admins_hold_everything_and_pending_members_nothing(doc in directory(), config in instance_config(), pick in any::<usize>()) {
        let e = engine(&config, &doc)?;
        let perms = all_permissions();
        for org in &doc.orgs {
            for (user, m) in members_with_users(org) {
                for ws in ws_ids(org) {
                    let eff = ok(e.permissions(user, &org.id, Some(ws)), "permissions")?;
                    if acts_as_org_admin(org, m) {
                        prop_assert_eq!(eff.workspace_permissions.len(), WorkspacePermission::ALL.len(), "org admin {} in {}", user, ws);
                        prop_assert_eq!(eff.org_role, Some(OrgRole::OrganizationAdmin));
                        prop_assert!(eff.reason.is_none());
                    }
                    if m.status == MemberStatus::Pending {
                        prop_assert!(eff.workspace_permissions.is_empty() && eff.org_permissions.is_empty(), "pending {} holds {:?}", user, eff);
                        prop_assert_eq!(eff.reason, Some(Code::MemberPending));
                    }
                    // and the same through can/check, for a few permissions
                    for k in 0..6 {
                        let p = perms.get(pick.wrapping_add(k * 17) % perms.len()).copied().unwrap_or("runs:read");
                        let ws_arg = (!p.starts_with("organization:")).then_some(ws);
                        let can = ok(e.can(user, &org.id, ws_arg, p), "can")?;
                        if acts_as_org_admin(org, m) {
                            prop_assert!(can, "org admin {} lacks {} in {}", user, p, ws);
                        }
                        if m.status == MemberStatus::Pending {
                            prop_assert!(!can, "pending {} holds {}", user, p);
                            let d = ok(e.check(user, &org.id, ws_arg, p), "check")?;
                            prop_assert_eq!(d.code, Code::MemberPending);
                        }
                    }
                }
            }
        }
    }

    /// Organization Viewers never create PATs; with instance PAT creation
    /// disabled nobody can; with org creation disabled nobody creates an org.
    #[test]
    fn pat_and_org_creation_switches_stop_everyone(doc in directory(), config in instance_config()) {
        let e = engine(&config, &doc)?;
        for org in &doc.orgs {
            for n in 0..USERS {
                let user = user_id(n);
                let d = ok(e.can_create_pat(&user, &org.id), "can_create_pat")?;
                let m = org.members.iter().find(|m| m.user_id.as_deref() == Some(user.as_str()));
                let viewer = m.is_some_and(|m| org.plan == Plan::MultiWorkspace && m.org_role == OrgRole::OrganizationViewer.id());
                if viewer {
                    prop_assert!(!d.allowed, "an Organization Viewer may create a PAT: {:?}", d);
                    prop_assert!(!ok(e.can(&user, &org.id, None, "organization:pats:create"), "can")?);
                }
                if config.pat_creation_disabled {
                    prop_assert!(!d.allowed);
                    prop_assert_eq!(d.code, Code::PatCreationDisabledInstance);
                }
                if d.allowed {
                    prop_assert!(!config.pat_creation_disabled && !org.settings.pat_creation_disabled && !viewer);
                    prop_assert!(m.is_some_and(|m| m.status == MemberStatus::Active));
                }
            }
            for row in ok(e.capabilities(&org.id, None), "capabilities")? {
                for cell in row.cells {
                    if cell.capability == Capability::CreatePat && (config.pat_creation_disabled || (row.org_role == OrgRole::OrganizationViewer)) {
                        prop_assert!(!cell.decision.allowed, "{:?}", cell);
                    }
                    if cell.capability == Capability::CreateOrg && config.org_creation_disabled {
                        prop_assert!(!cell.decision.allowed, "{:?}", cell);
                    }
                }
            }
        }
        for n in 0..USERS {
            let d = ok(e.can_create_org(&user_id(n)), "can_create_org")?;
            if config.org_creation_disabled {
                prop_assert!(!d.allowed, "org creation disabled, yet {:?}", d);
            }
            prop_assert_eq!(d.allowed, !config.org_creation_disabled && config.auth_mode != orgpolicy::AuthMode::Basic);
        }
    }

    /// Turning workspace-scope invites on never removes a capability, and
    /// only adds `inviteToWorkspace` for workspace Admins (holders of
    /// `workspaces:manage-members` there who lack `organization:manage`).
    #[test]
    fn workspace_scope_invites_only_add_workspace_invites(doc in directory(), config in instance_config()) {
        let mut off = config.clone();
        off.workspace_scope_org_invites_enabled = false;
        let mut on = config;
        on.workspace_scope_org_invites_enabled = true;
        let e = engine(&off, &doc)?;
        let changes = ok(e.what_if(&on), "what_if")?;
        let mut gained = Vec::new();
        for c in &changes {
            prop_assert!(!c.before.allowed || c.after.allowed, "a capability was lost: {:?}", c);
            prop_assert_eq!(c.capability, Capability::InviteToWorkspace, "{:?}", c);
            if c.gained {
                let org = doc.orgs.iter().find(|o| o.id == c.org_id);
                let m = org.and_then(|o| o.members.iter().find(|m| m.id == c.member_id));
                let (Some(org), Some(m)) = (org, m) else { return Err(TestCaseError::fail("change for an unknown member")) };
                let user = m.user_id.as_deref().unwrap_or_default();
                let ws = c.workspace_id.as_deref();
                prop_assert!(ok(e.can(user, &org.id, ws, "workspaces:manage-members"), "can")?, "{:?}", c);
                prop_assert!(!ok(e.can(user, &org.id, None, "organization:manage"), "can")?, "{:?}", c);
                gained.push((c.member_id.clone(), c.workspace_id.clone()));
            }
        }
        // And every such workspace Admin gains it, unless another rule stops them.
        for org in doc.orgs.iter().filter(|o| !o.personal && o.settings.invites_enabled) {
            let default_role = if org.rbac { BuiltinWorkspaceRole::Viewer.id() } else { BuiltinWorkspaceRole::Admin.id() };
            for (user, m) in members_with_users(org) {
                for ws in ws_ids(org) {
                    let manages = ok(e.can(user, &org.id, Some(ws), "workspaces:manage-members"), "can")?;
                    let org_manage = ok(e.can(user, &org.id, None, "organization:manage"), "can")?;
                    let builtin_admin = !org.rbac || m.workspaces.get(ws).map(String::as_str) == Some(BuiltinWorkspaceRole::Admin.id());
                    let restricted_blocks = org.restricted_roles.iter().any(|r| r == default_role) && !builtin_admin;
                    if manages && !org_manage && !restricted_blocks {
                        prop_assert!(gained.contains(&(m.id.clone(), Some(ws.to_string()))), "{} in {} did not gain inviteToWorkspace", m.id, ws);
                    }
                }
            }
        }
    }

    /// The invite plan's outcome for an invitee depends on the invitee's
    /// status only: not on the order of the batch, nor on who else is in it.
    #[test]
    fn invite_outcomes_do_not_depend_on_batch_order(
        doc in directory(),
        config in instance_config(),
        org_pick in any::<usize>(),
        actor_pick in any::<usize>(),
        ws_pick in prop::option::of(any::<usize>()),
        batch in prop::collection::vec((0u8..5, any::<u8>(), prop::option::of(any::<u8>()), prop::option::of(any::<u8>())), 0..12),
        order in prop::collection::vec(any::<u32>(), 12),
    ) {
        let e = engine(&config, &doc)?;
        let org = doc.orgs.get(org_pick % doc.orgs.len()).ok_or_else(|| TestCaseError::fail("no org"))?;
        let wss = ws_ids(org);
        let ws = ws_pick.and_then(|w| wss.get(w % wss.len()).copied());
        let actor = user_id(actor_pick % USERS);
        let mut role_ids: Vec<String> = BuiltinWorkspaceRole::ALL.iter().map(|r| r.id().to_string()).collect();
        role_ids.extend(org.roles.iter().map(|r| r.id.clone()));
        let mut invitees: Vec<Invitee> = batch
            .iter()
            .map(|(kind, n, org_role, ws_role)| Invitee {
                email: match kind {
                    0 | 1 => user_email(usize::from(*n) % USERS, *n / 8),
                    2 => format!(" Guest{}@Invited.Example", usize::from(*n) % 8),
                    3 => format!("new{}@example.com", n % 4),
                    _ => ["not-an-email", "", "a@b@c", " @x"][usize::from(*n) % 4].to_string(),
                },
                org_role: org_role.map(|r| OrgRole::ALL[usize::from(r) % 4].id().to_string()),
                workspace_role: ws_role.filter(|_| ws.is_some()).map(|r| role_ids[usize::from(r) % role_ids.len()].clone()),
            })
            .collect();
        // A person listed twice is planned once, from the first listing
        // ("listed earlier in this request"): so that the first listing may
        // come from either order, every listing of one person asks for the
        // same roles (with different roles, the first listed wins by design).
        let mut first_roles: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
        for inv in &mut invitees {
            let (o, w) = first_roles
                .entry(inv.email.trim().to_lowercase())
                .or_insert_with(|| (inv.org_role.clone(), inv.workspace_role.clone()))
                .clone();
            inv.org_role = o;
            inv.workspace_role = w;
        }
        let mut shuffled_idx: Vec<usize> = (0..invitees.len()).collect();
        shuffled_idx.sort_by_key(|i| order.get(*i).copied().unwrap_or_default());
        let shuffled: Vec<Invitee> = shuffled_idx.iter().filter_map(|i| invitees.get(*i).cloned()).collect();
        let request = |invitees: Vec<Invitee>| InviteRequest { actor_id: actor.clone(), org_id: org.id.clone(), workspace_id: ws.map(Into::into), invitees };
        let a = ok(e.plan_invites(&request(invitees.clone())), "plan_invites")?;
        let b = ok(e.plan_invites(&request(shuffled)), "plan_invites")?;
        prop_assert_eq!((a.allowed, a.code, &a.message, a.path), (b.allowed, b.code, &b.message, b.path));
        let per_email = |plan: &orgpolicy::InvitePlan| {
            let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for r in &plan.invitees {
                m.entry(r.email.clone()).or_default().push(format!("{:?}", r));
            }
            m.values_mut().for_each(|v| v.sort());
            m
        };
        prop_assert_eq!(per_email(&a), per_email(&b));
        prop_assert_eq!(a.invitees.len(), invitees.len());
        let mut listed: Vec<&str> = Vec::new();
        for (inv, result) in invitees.iter().zip(&a.invitees) {
            // alone in a batch, the same answer (a repeat: planned once, not again)
            let alone = ok(e.plan_invites(&request(vec![inv.clone()])), "plan_invites")?;
            let alone = alone.invitees.first().ok_or_else(|| TestCaseError::fail("empty plan"))?;
            if listed.contains(&result.email.as_str()) && alone.outcome != InviteOutcome::Denied && a.allowed {
                let repeat = match alone.outcome {
                    InviteOutcome::AddedToWorkspace | InviteOutcome::AlreadyMember => InviteOutcome::AlreadyMember,
                    _ => InviteOutcome::AlreadyPending,
                };
                prop_assert_eq!(result.outcome, repeat, "{:?}", result);
                continue;
            }
            listed.push(&result.email);
            prop_assert_eq!(alone, result);
            // and the answer follows the invitee's status in the org
            let existing = org.members.iter().find(|m| m.email.trim().to_lowercase() == result.email);
            if a.allowed && result.code != Code::InvalidEmail {
                match existing {
                    // A pending member is reported as such, unless a workspace they are not in
                    // is named: then it is added to their pending invite (DOMAIN §4).
                    Some(m) if m.status == MemberStatus::Pending => match ws {
                        Some(w) if !m.workspaces.contains_key(w) => prop_assert!(
                            matches!(result.outcome, InviteOutcome::AddedToWorkspace | InviteOutcome::Denied),
                            "{:?}", result
                        ),
                        _ => prop_assert_eq!(result.outcome, InviteOutcome::AlreadyPending),
                    },
                    Some(m) => match ws {
                        None => prop_assert_eq!(result.outcome, InviteOutcome::AlreadyMember),
                        Some(w) if m.workspaces.contains_key(w) => prop_assert_eq!(result.outcome, InviteOutcome::AlreadyMember),
                        Some(_) => prop_assert!(matches!(result.outcome, InviteOutcome::AddedToWorkspace | InviteOutcome::Denied), "{:?}", result),
                    },
                    None => prop_assert!(
                        matches!(result.outcome, InviteOutcome::PendingOrg | InviteOutcome::PendingOrgAndWorkspace | InviteOutcome::Denied),
                        "{:?}", result
                    ),
                }
            }
            if !a.allowed {
                prop_assert_eq!(result.outcome, InviteOutcome::Denied);
            }
        }
    }

    /// Every decision is deterministic and every code is in the catalogue,
    /// whatever the method, configuration and directory.
    #[test]
    fn decisions_are_deterministic_with_catalogued_codes(doc in directory(), config in instance_config(), seed in any::<usize>()) {
        let e = engine(&config, &doc)?;
        for (method, input) in queries(&doc, seed) {
            let first = e.call(method, input.clone());
            prop_assert_eq!(&first, &e.call(method, input.clone()), "{} {}", method, input);
            match first {
                Ok(v) => check_json(&v)?,
                Err(err) => return Err(TestCaseError::fail(format!("{method} {input}: error on directory ids: {err}"))),
            }
        }
    }

    /// Unknown ids and permissions are errors, never an allow; unknown
    /// credentials and headers are denials (401 / 403).
    #[test]
    fn unknown_ids_and_permissions_are_errors(
        doc in directory(),
        config in instance_config(),
        junk in "[a-zA-Z0-9:_ -]{0,24}",
        pick in any::<usize>(),
    ) {
        let e = engine(&config, &doc)?;
        let org = doc.orgs.get(pick % doc.orgs.len()).ok_or_else(|| TestCaseError::fail("no org"))?;
        let known_org = doc.orgs.iter().any(|o| o.id == junk);
        let known_ws = doc.orgs.iter().flat_map(|o| &o.workspaces).any(|w| w.id == junk);
        let known_user = (0..USERS).any(|n| user_id(n) == junk);
        let known_key = doc.orgs.iter().any(|o| o.service_keys.iter().any(|k| k.id == junk) || o.personal_access_tokens.iter().any(|t| t.id == junk));
        let known_perm = Permission::parse(&junk).is_some();
        let user = user_id(pick % USERS);
        let ws = ws_ids(org).first().copied().unwrap_or_default();
        let is_err = |r: Result<bool, CheckError>, code: &str| matches!(r, Err(ref e) if e.code() == code);

        if !known_org {
            prop_assert!(is_err(e.can(&user, &junk, None, "organization:read"), "UNKNOWN_ORG"));
            prop_assert!(e.check(&user, &junk, None, "organization:read").is_err());
            prop_assert!(e.can_create_pat(&user, &junk).is_err());
            prop_assert!(e.can_invite(&user, &junk, None).is_err());
            prop_assert!(e.capabilities(&junk, None).is_err());
            prop_assert!(e.resolve_groups(&junk, &[]).is_err());
            prop_assert!(e.can_manage_members(&user, &junk, &MemberOperation::ListOrgMembers).is_err());
            prop_assert!(e.can_set_default_org(&user, &junk).is_err());
        }
        if !known_ws {
            prop_assert!(is_err(e.can(&user, &org.id, Some(&junk), "runs:read"), "UNKNOWN_WORKSPACE"));
            prop_assert!(e.check(&user, &org.id, Some(&junk), "runs:read").is_err());
            prop_assert!(e.permissions(&user, &org.id, Some(&junk)).is_err());
            prop_assert!(e.can_invite(&user, &org.id, Some(&junk)).is_err());
            prop_assert!(e.can_share(&user, &org.id, &junk, orgpolicy::ShareableResource::Run).is_err());
        }
        if !known_user {
            prop_assert!(is_err(e.can(&junk, &org.id, None, "organization:read"), "UNKNOWN_USER"));
            prop_assert!(e.check(&junk, &org.id, Some(ws), "runs:read").is_err());
            prop_assert!(e.can_create_org(&junk).is_err());
            prop_assert!(e.can_create_pat(&junk, &org.id).is_err());
            prop_assert!(e.permissions(&junk, &org.id, None).is_err());
            prop_assert!(e.can_invite(&junk, &org.id, None).is_err());
            let session = ApiRequest {
                credential: Some(Credential::Session { user_id: junk.clone() }),
                organization_id: Some(org.id.clone()),
                tenant_id: None,
                operation: Operation { scope: OperationScope::Org, permission: None },
            };
            let d = ok(e.authorize_request(&session), "authorize_request")?;
            prop_assert!(!d.allowed && d.status == 401 && d.code == Code::InvalidCredential, "{:?}", d);
        }
        if !known_perm {
            prop_assert!(is_err(e.can(&user, &org.id, Some(ws), &junk), "UNKNOWN_PERMISSION"));
            prop_assert!(e.check(&user, &org.id, Some(ws), &junk).is_err());
            for scope in [OperationScope::Org, OperationScope::Workspace, OperationScope::User] {
                let req = ApiRequest {
                    credential: Some(Credential::Session { user_id: user.clone() }),
                    organization_id: Some(org.id.clone()),
                    tenant_id: Some(ws.to_string()),
                    operation: Operation { scope, permission: Some(junk.clone()) },
                };
                prop_assert!(matches!(e.authorize_request(&req), Err(ref e) if e.code() == "UNKNOWN_PERMISSION"));
            }
        }
        if !known_key {
            let req = ApiRequest {
                credential: Some(Credential::ApiKey { key: junk.clone() }),
                organization_id: Some(org.id.clone()),
                tenant_id: Some(ws.to_string()),
                operation: Operation { scope: OperationScope::Workspace, permission: None },
            };
            let d = ok(e.authorize_request(&req), "authorize_request")?;
            prop_assert!(!d.allowed && d.status == 401 && d.code == Code::InvalidCredential, "{:?}", d);
        }
        // Headers naming no known org or workspace are 403 for a member's session.
        if let Some((member_user, _)) = members_with_users(org).find(|(_, m)| m.status == MemberStatus::Active) {
            let req = |org_h: &str, tenant: &str| ApiRequest {
                credential: Some(Credential::Session { user_id: member_user.to_string() }),
                organization_id: Some(org_h.to_string()),
                tenant_id: Some(tenant.to_string()),
                operation: Operation { scope: OperationScope::Workspace, permission: None },
            };
            if !known_org {
                let d = ok(e.authorize_request(&req(&junk, ws)), "authorize_request")?;
                prop_assert!(!d.allowed && d.status == 403, "{:?}", d);
            }
            if !ws_ids(org).contains(&junk.as_str()) {
                let d = ok(e.authorize_request(&req(&org.id, &junk)), "authorize_request")?;
                prop_assert!(!d.allowed && d.status == 403 && d.code == Code::TenantNotCovered, "{:?}", d);
            }
        }
    }

    /// `can()` agrees with `check().allowed` on every query, errors included.
    #[test]
    fn can_agrees_with_check(doc in directory(), config in instance_config(), seed in any::<usize>()) {
        let e = engine(&config, &doc)?;
        let perms = all_permissions();
        let mut users: Vec<String> = (0..USERS).map(user_id).collect();
        users.push("nobody".into());
        for org in &doc.orgs {
            let mut wss: Vec<Option<&str>> = vec![None];
            wss.extend(ws_ids(org).into_iter().map(Some));
            wss.push(Some("no-such-workspace"));
            for (ui, u) in users.iter().enumerate() {
                for (wi, ws) in wss.iter().enumerate() {
                    for k in 0..4 {
                        let p = perms.get(seed.wrapping_add(ui * 13 + wi * 5 + k * 29) % perms.len()).copied().unwrap_or("runs:read");
                        let can = e.can(u, &org.id, *ws, p);
                        let check = e.check(u, &org.id, *ws, p);
                        match (&can, &check) {
                            (Ok(c), Ok(d)) => {
                                prop_assert_eq!(*c, d.allowed, "{} {} {:?} {}: {:?}", u, org.id, ws, p, d);
                                prop_assert_eq!(d.allowed, d.code == Code::Allowed);
                            }
                            (Err(a), Err(b)) => prop_assert_eq!(a, b),
                            _ => return Err(TestCaseError::fail(format!("can {can:?} but check {check:?} for {u} {} {ws:?} {p}", org.id))),
                        }
                    }
                }
            }
        }
    }
}
