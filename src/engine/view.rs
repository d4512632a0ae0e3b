//! The per-user directory: what a browser of one signed-in user is handed
//! instead of the whole instance's directory. It holds only the
//! organizations the user belongs to or is invited to, and there only what
//! the user may see: the members an `organization:read` holder may list (the
//! user alone otherwise), the workspaces, roles, settings and SSO defaults.
//! Credential ids (service keys, personal access tokens) and SCIM group
//! names never appear. The instance's default organization is named (id,
//! name and its first workspace, nothing else) in every view, since whether
//! the user may change the default depends on it. Every check about that
//! user answers on the view as it does on the full directory
//! (tests/view_properties.rs).

use super::Engine;
use crate::directory::{DirectoryDoc, Member, Org, OrgDoc, OrgSettingsDoc, SsoDoc, UserDoc, WorkspaceDoc};
use crate::error::CheckError;
use crate::permissions::OrgPermission;

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
            orgs.push(org.doc_with_members(members.into_iter()));
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
