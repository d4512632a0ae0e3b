//! The per-user directory: what a browser of one signed-in user is handed
//! instead of the whole instance's directory. It holds only the
//! organizations the user belongs to or is invited to, and there only what
//! the user may see: the members an `organization:read` holder may list (the
//! user alone otherwise), the workspaces, roles, settings and SSO defaults.
//! Credential ids (service keys, personal access tokens) and SCIM group
//! names never appear. The instance's default organization is named (id,
//! name and its first workspace, nothing else) in every view, since whether
//! the user may change the default depends on it. Every check about that user answers on the view as it
//! does on the full directory (tests/view_properties.rs).

use super::Engine;
use crate::directory::{
    CustomRoleDoc, DirectoryDoc, GroupsSyncDoc, Member, MemberDoc, Org, OrgDoc, OrgSettingsDoc, RoleRef, SsoDoc,
    UserDoc, WorkspaceDoc,
};
use crate::error::CheckError;
use crate::permissions::OrgPermission;
use crate::roles::BuiltinWorkspaceRole;

impl Engine {
    /// The directory as user `user_id` may see it (see the module docs).
    /// Errors: `UNKNOWN_USER` for a user the instance does not know.
    pub fn directory_for(&self, user_id: &str) -> Result<DirectoryDoc, CheckError> {
        self.require_user("userId", user_id)?;
        let email = self.dir.user_email(user_id).unwrap_or_default();
        let mut orgs = Vec::new();
        let mut member_somewhere = false;
        for org in &self.dir.orgs {
            let own =
                org.member_by_user(user_id).or_else(|| org.member_by_email(email).filter(|m| m.user_id.is_none()));
            let Some(own) = own else { continue };
            member_somewhere |= own.user_id.as_deref() == Some(user_id);
            let lists_members =
                self.permissions(user_id, &org.id, None)?.org_permissions.contains(&OrgPermission::Read);
            let members: Vec<&Member> = if lists_members { org.members.iter().collect() } else { vec![own] };
            orgs.push(org_view(org, &members));
        }
        // The instance's default organization decides who may change it
        // (`canSetDefaultOrg`): when the user is not in it, the view names it
        // (id, name, first workspace) and holds nothing else of it.
        let default_org = self.dir.default_org.and_then(|i| self.dir.orgs.get(i));
        if let Some(d) = default_org {
            if !orgs.iter().any(|o| o.id == d.id) {
                orgs.push(org_name_only(d));
            }
        }
        let default_org_id = default_org.map(|o| o.id.clone());
        // A user with no member record of their own in the view stays known through `users`.
        let users =
            if member_somewhere { vec![] } else { vec![UserDoc { id: user_id.to_string(), email: email.to_string() }] };
        Ok(DirectoryDoc { default_org_id, users, orgs })
    }
}

/// An organization by id and name, with its first workspace (where SSO
/// sign-ups land, and a document needs one): no roles, settings or members.
fn org_name_only(org: &Org) -> OrgDoc {
    OrgDoc {
        id: org.id.clone(),
        name: org.name.clone(),
        personal: org.personal,
        plan: org.plan,
        rbac: false,
        settings: OrgSettingsDoc::default(),
        sso: SsoDoc::default(),
        workspaces: org
            .workspaces
            .iter()
            .take(1)
            .map(|w| WorkspaceDoc { id: w.id.clone(), name: w.name.clone() })
            .collect(),
        roles: vec![],
        restricted_roles: vec![],
        members: vec![],
        groups: vec![],
        service_keys: vec![],
        personal_access_tokens: vec![],
    }
}

fn org_view(org: &Org, members: &[&Member]) -> OrgDoc {
    let ws_id = |w: usize| org.workspaces.get(w).map(|x| x.id.clone()).unwrap_or_default();
    let mut restricted_roles: Vec<String> = org.restricted_builtin.iter().map(|b| b.id().to_string()).collect();
    restricted_roles.extend(org.roles.iter().filter(|r| r.restricted).map(|r| r.id.clone()));
    OrgDoc {
        id: org.id.clone(),
        name: org.name.clone(),
        personal: org.personal,
        plan: org.plan,
        rbac: org.rbac,
        settings: OrgSettingsDoc {
            invites_enabled: org.settings.invites_enabled,
            jit_provisioning_enabled: org.settings.jit_provisioning_enabled,
            pat_creation_disabled: org.settings.pat_creation_disabled,
            public_sharing_disabled: org.settings.public_sharing_disabled,
            group_separator: org.settings.group_separator.to_string(),
            group_prefix: org.settings.group_prefix.clone(),
        },
        sso: SsoDoc {
            default_workspace_ids: Some(org.sso.workspaces.iter().map(|w| ws_id(*w)).collect()),
            // The default role is left out, as a document that names none.
            default_workspace_role: match org.sso.role {
                RoleRef::Builtin(BuiltinWorkspaceRole::Editor) => None,
                r => Some(org.role_id(r).to_string()),
            },
            groups_sync: GroupsSyncDoc {
                enabled: org.sso.groups_sync_enabled,
                required: org.sso.groups_required,
                claim: org.sso.groups_claim.clone(),
            },
        },
        workspaces: org.workspaces.iter().map(|w| WorkspaceDoc { id: w.id.clone(), name: w.name.clone() }).collect(),
        roles: org
            .roles
            .iter()
            .map(|r| CustomRoleDoc {
                id: r.id.clone(),
                name: r.name.clone(),
                permissions: r.permissions.iter().map(|p| p.as_str().to_string()).collect(),
            })
            .collect(),
        restricted_roles,
        members: members
            .iter()
            .map(|m| MemberDoc {
                id: m.id.clone(),
                user_id: m.user_id.clone(),
                email: m.email.clone(),
                org_role: m.org_role.id().to_string(),
                status: m.status,
                workspaces: m.workspaces.iter().map(|(w, r)| (ws_id(*w), org.role_id(*r).to_string())).collect(),
            })
            .collect(),
        groups: vec![],
        service_keys: vec![],
        personal_access_tokens: vec![],
    }
}
