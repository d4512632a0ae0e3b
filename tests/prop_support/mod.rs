//! Generators for the property tests: valid directories, configurations
//! and the ids to query them with.
//!
//! A directory is generated as a plain "spec" of small numbers (so proptest
//! can shrink it) and then built into a [`DirectoryDoc`] that satisfies every
//! validation rule by construction: indexes are taken modulo the lengths
//! they select from, ids are made unique by their position, roles respect
//! the plan and RBAC. `tests/properties.rs` asserts that every generated
//! document builds, so a generator that drifts from the rules fails loudly.

#![allow(dead_code)]

use orgpolicy::directory::{
    CustomRoleDoc, DirectoryDoc, GroupsSyncDoc, MemberDoc, MemberStatus, OrgDoc, OrgSettingsDoc, PatDoc, Plan,
    ServiceKeyDoc, SsoDoc, UserDoc, WorkspaceDoc,
};
use orgpolicy::permissions::WorkspacePermission;
use orgpolicy::roles::{BuiltinWorkspaceRole, OrgRole};
use orgpolicy::{AuthMode, InstanceConfig};
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use std::collections::BTreeMap;

/// Users every directory knows (listed in `users`, members of some orgs).
pub const USERS: usize = 8;

/// The proptest configuration: `PROPTEST_CASES` cases (default `default`).
pub fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, max_shrink_iters: 2048, ..ProptestConfig::default() }
}

pub fn user_id(n: usize) -> String {
    format!("user-{n}")
}

/// The user's e-mail, written in one of several spellings that normalize
/// (trim + lower-case) to the same address.
pub fn user_email(n: usize, variant: u8) -> String {
    match variant % 4 {
        0 => format!("user{n}@example.com"),
        1 => format!("User{n}@Example.COM"),
        2 => format!("  user{n}@example.com "),
        _ => format!("USER{n}@EXAMPLE.COM"),
    }
}

#[derive(Debug, Clone)]
pub struct MemberSpec {
    pub user: u8,
    /// Index into the four org roles (single-workspace orgs: always Admin).
    pub org_role: u8,
    pub pending: bool,
    /// Pending invite of someone without an account (no `userId`).
    pub no_account: bool,
    pub email_variant: u8,
    /// Per workspace: `None` no role; `Some(i)`: role index (built-ins then customs).
    pub workspaces: Vec<Option<u8>>,
}

#[derive(Debug, Clone)]
pub struct KeySpec {
    pub org_scoped: bool,
    pub workspaces: Vec<bool>,
    pub org_role: Option<u8>,
    pub workspace_role: Option<u8>,
}

#[derive(Debug, Clone)]
pub struct PatSpec {
    pub user: u8,
    pub workspace: Option<u8>,
}

#[derive(Debug, Clone)]
pub struct OrgSpec {
    pub personal: bool,
    pub single: bool,
    pub rbac: bool,
    pub workspaces: u8,
    pub roles: Vec<Vec<bool>>,
    pub restricted: Vec<u8>,
    pub members: Vec<MemberSpec>,
    pub keys: Vec<KeySpec>,
    pub pats: Vec<PatSpec>,
    pub invites_enabled: bool,
    pub jit: bool,
    pub pat_disabled: bool,
    pub sharing_disabled: bool,
    pub separator: u8,
    pub prefix: bool,
    pub sso_role: Option<u8>,
}

#[derive(Debug, Clone)]
pub struct DirSpec {
    pub orgs: Vec<OrgSpec>,
    pub default_org: Option<u8>,
}

fn member_spec() -> impl Strategy<Value = MemberSpec> {
    (
        0..USERS as u8,
        any::<u8>(),
        prop::bool::weighted(0.25),
        prop::bool::weighted(0.3),
        any::<u8>(),
        prop::collection::vec(prop::option::weighted(0.6, any::<u8>()), 4),
    )
        .prop_map(|(user, org_role, pending, no_account, email_variant, workspaces)| MemberSpec {
            user,
            org_role,
            pending,
            no_account,
            email_variant,
            workspaces,
        })
}

fn key_spec() -> impl Strategy<Value = KeySpec> {
    (
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 4),
        prop::option::of(any::<u8>()),
        prop::option::of(any::<u8>()),
    )
        .prop_map(|(org_scoped, workspaces, org_role, workspace_role)| KeySpec {
            org_scoped,
            workspaces,
            org_role,
            workspace_role,
        })
}

fn org_spec() -> impl Strategy<Value = OrgSpec> {
    let perms = WorkspacePermission::ALL.len();
    (
        (prop::bool::weighted(0.15), prop::bool::weighted(0.2), any::<bool>(), 1u8..=4),
        prop::collection::vec(prop::collection::vec(prop::bool::weighted(0.3), perms), 0..=3),
        prop::collection::vec(any::<u8>(), 0..=2),
        prop::collection::vec(member_spec(), 1..=7),
        prop::collection::vec(key_spec(), 0..=2),
        prop::collection::vec(
            (any::<u8>(), prop::option::of(any::<u8>())).prop_map(|(user, workspace)| PatSpec { user, workspace }),
            0..=2,
        ),
        (
            any::<bool>(),
            any::<bool>(),
            prop::bool::weighted(0.2),
            prop::bool::weighted(0.2),
            any::<u8>(),
            any::<bool>(),
            prop::option::of(any::<u8>()),
        ),
    )
        .prop_map(|((personal, single, rbac, workspaces), roles, restricted, members, keys, pats, settings)| {
            let (invites_enabled, jit, pat_disabled, sharing_disabled, separator, prefix, sso_role) = settings;
            OrgSpec {
                personal,
                single,
                rbac,
                workspaces,
                roles,
                restricted,
                members,
                keys,
                pats,
                invites_enabled: invites_enabled || personal,
                jit,
                pat_disabled,
                sharing_disabled,
                separator,
                prefix,
                sso_role,
            }
        })
}

pub fn dir_spec() -> impl Strategy<Value = DirSpec> {
    (prop::collection::vec(org_spec(), 1..=4), prop::option::of(any::<u8>()))
        .prop_map(|(orgs, default_org)| DirSpec { orgs, default_org })
}

/// Role ids assignable in an org: the built-ins, then its custom roles.
fn role_ids(org: &OrgDoc) -> Vec<String> {
    let mut ids: Vec<String> = BuiltinWorkspaceRole::ALL.iter().map(|r| r.id().to_string()).collect();
    ids.extend(org.roles.iter().map(|r| r.id.clone()));
    ids
}

fn pick<T: Clone>(items: &[T], i: u8) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        items.get(usize::from(i) % items.len()).cloned()
    }
}

/// A role an org may hand out: any role with RBAC, only Admin without.
fn assignable(org: &OrgDoc, i: u8) -> String {
    if org.rbac {
        pick(&role_ids(org), i).unwrap_or_else(|| BuiltinWorkspaceRole::Admin.id().to_string())
    } else {
        BuiltinWorkspaceRole::Admin.id().to_string()
    }
}

const SEPARATORS: [&str; 5] = [":", "-", "_", " ", "&"];

fn build_org(oi: usize, s: &OrgSpec) -> OrgDoc {
    let single = s.personal || s.single;
    let n_ws = if single { 1 } else { usize::from(s.workspaces).max(1) };
    let mut org = OrgDoc {
        id: format!("org-{oi}"),
        name: format!("Org {oi}"),
        personal: s.personal,
        plan: if single { Plan::SingleWorkspace } else { Plan::MultiWorkspace },
        rbac: s.rbac,
        settings: OrgSettingsDoc {
            invites_enabled: s.invites_enabled,
            jit_provisioning_enabled: s.jit,
            pat_creation_disabled: s.pat_disabled,
            public_sharing_disabled: s.sharing_disabled,
            group_separator: pick(&SEPARATORS, s.separator).unwrap_or(":").to_string(),
            group_prefix: if s.prefix { "LS:".into() } else { String::new() },
        },
        sso: SsoDoc::default(),
        workspaces: (0..n_ws)
            .map(|w| WorkspaceDoc { id: format!("org-{oi}-ws-{w}"), name: format!("Workspace {w}") })
            .collect(),
        roles: Vec::new(),
        restricted_roles: Vec::new(),
        members: Vec::new(),
        groups: Vec::new(),
        service_keys: Vec::new(),
        personal_access_tokens: Vec::new(),
    };
    if s.rbac {
        for (ri, bits) in s.roles.iter().enumerate() {
            let permissions = WorkspacePermission::ALL
                .iter()
                .zip(bits)
                .filter(|(_, on)| **on)
                .map(|(p, _)| p.as_str().to_string())
                .collect();
            org.roles.push(CustomRoleDoc {
                id: format!("org-{oi}-role-{ri}"),
                name: format!("Custom {ri}"),
                permissions,
            });
        }
    }
    let ids = role_ids(&org);
    for r in &s.restricted {
        if let Some(id) = pick(&ids, *r) {
            if !org.restricted_roles.contains(&id) {
                org.restricted_roles.push(id);
            }
        }
    }
    if let Some(r) = s.sso_role {
        org.sso.default_workspace_role = Some(assignable(&org, r));
    }
    org.sso.groups_sync = GroupsSyncDoc { enabled: s.jit, required: false, claim: "groups".into() };

    let mut seen_users = Vec::new();
    for (mi, m) in s.members.iter().enumerate() {
        if s.personal && !org.members.is_empty() {
            break;
        }
        let user = usize::from(m.user) % USERS;
        let no_account = m.no_account && m.pending && !s.personal;
        if !no_account {
            if seen_users.contains(&user) {
                continue;
            }
            seen_users.push(user);
        }
        let org_role = if single {
            OrgRole::OrganizationAdmin
        } else {
            pick(&OrgRole::ALL, m.org_role).unwrap_or(OrgRole::OrganizationUser)
        };
        let mut workspaces = BTreeMap::new();
        for (wi, slot) in m.workspaces.iter().enumerate().take(n_ws) {
            if let Some(r) = slot {
                workspaces.insert(format!("org-{oi}-ws-{wi}"), assignable(&org, *r));
            }
        }
        org.members.push(MemberDoc {
            id: format!("org-{oi}-member-{mi}"),
            user_id: (!no_account).then(|| user_id(user)),
            email: if no_account { format!("guest{mi}@invited.example") } else { user_email(user, m.email_variant) },
            org_role: org_role.id().to_string(),
            status: if m.pending && !s.personal { MemberStatus::Pending } else { MemberStatus::Active },
            workspaces,
        });
    }

    let ws_ids: Vec<String> = org.workspaces.iter().map(|w| w.id.clone()).collect();
    for (ki, k) in s.keys.iter().enumerate() {
        let mut workspace_ids: Vec<String> =
            ws_ids.iter().zip(&k.workspaces).filter(|(_, on)| **on).map(|(id, _)| id.clone()).collect();
        if !k.org_scoped && workspace_ids.is_empty() {
            workspace_ids.push(ws_ids.first().cloned().unwrap_or_default());
        }
        if k.org_scoped {
            workspace_ids.clear();
        }
        org.service_keys.push(ServiceKeyDoc {
            id: format!("org-{oi}-key-{ki}"),
            org_scoped: k.org_scoped,
            workspace_ids,
            org_role: k.org_role.and_then(|r| pick(&OrgRole::ALL, r)).map(|r| r.id().to_string()),
            workspace_role: k.workspace_role.map(|r| assignable(&org, r)),
        });
    }
    for (ti, t) in s.pats.iter().enumerate() {
        org.personal_access_tokens.push(PatDoc {
            id: format!("org-{oi}-pat-{ti}"),
            // Any known user: a member (active or pending) or not a member at all.
            user_id: user_id(usize::from(t.user) % USERS),
            workspace_id: t.workspace.and_then(|w| pick(&ws_ids, w)),
        });
    }
    org.groups = vec![
        format!("{}Organization Admins", org.settings.group_prefix),
        format!(
            "{}Organization User{sep}Workspace 0{sep}Editor",
            org.settings.group_prefix,
            sep = org.settings.group_separator
        ),
    ];
    org
}

/// The document a spec describes.
pub fn build_doc(spec: &DirSpec) -> DirectoryDoc {
    let orgs: Vec<OrgDoc> = spec.orgs.iter().enumerate().map(|(i, o)| build_org(i, o)).collect();
    let shared: Vec<String> = orgs.iter().filter(|o| !o.personal).map(|o| o.id.clone()).collect();
    DirectoryDoc {
        default_org_id: spec.default_org.and_then(|i| pick(&shared, i)),
        users: (0..USERS).map(|n| UserDoc { id: user_id(n), email: user_email(n, 0) }).collect(),
        orgs,
    }
}

pub fn directory() -> impl Strategy<Value = DirectoryDoc> {
    dir_spec().prop_map(|s| build_doc(&s))
}

/// Any configuration: every auth mode, every switch.
pub fn instance_config() -> impl Strategy<Value = InstanceConfig> {
    (0u8..3, any::<[bool; 5]>()).prop_map(|(mode, [ws_invites, org_creation, personal, pat, jit])| {
        let mode = match mode {
            0 => AuthMode::None,
            1 => AuthMode::Basic,
            _ => AuthMode::Oauth,
        };
        let mut c = InstanceConfig::for_auth_mode(mode);
        c.workspace_scope_org_invites_enabled = ws_invites;
        c.org_creation_disabled = org_creation;
        c.personal_orgs_disabled = personal;
        c.pat_creation_disabled = pat;
        c.jit_provisioning_enabled = jit;
        if mode == AuthMode::Basic {
            c.initial_org_admin_email = Some("admin@example.com".into());
        }
        c
    })
}

/// Every permission string of the catalogue (org and workspace).
pub fn all_permissions() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = orgpolicy::permissions::OrgPermission::ALL.iter().map(|p| p.as_str()).collect();
    v.extend(WorkspacePermission::ALL.iter().map(|p| p.as_str()));
    v
}

/// Is the member an active Organization Admin (single-workspace plans make everyone one)?
pub fn acts_as_org_admin(org: &OrgDoc, m: &MemberDoc) -> bool {
    m.status == MemberStatus::Active
        && (org.plan == Plan::SingleWorkspace || m.org_role == OrgRole::OrganizationAdmin.id())
}
