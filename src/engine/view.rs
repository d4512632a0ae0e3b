//! The per-user directory: what a browser of one signed-in user is handed
//! instead of the whole instance's directory. It holds only the
//! organizations the user belongs to or is invited to, and there only what
//! the user may see: the members an `organization:read` holder may list (the
//! user alone otherwise), the workspaces, roles, settings and SSO defaults.
//! Credential ids (service keys, personal access tokens) and SCIM group
//! names never appear. When the user is not in the instance's default
//! organization, the view holds a stand-in for it (an id, name and workspace
//! of the view's own making, nothing of the real one), since whether the user
//! may change the default depends on its existence. Every check about that
//! user answers on the view as it does on the full directory
//! (tests/view_properties.rs).

use super::Engine;
use crate::directory::{DirectoryDoc, Member, OrgDoc, OrgSettingsDoc, Plan, SsoDoc, UserDoc, WorkspaceDoc};
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
        // (`canSetDefaultOrg`): when the user is not in it, the view holds a
        // stand-in that the user is not a member of, and nothing of the real one.
        let default_org_id = match self.dir.default_org.and_then(|i| self.dir.orgs.get(i)) {
            Some(d) if orgs.iter().any(|o| o.id == d.id) => Some(d.id.clone()),
            Some(_) => {
                let stand_in = default_org_stand_in(&orgs);
                let id = stand_in.id.clone();
                orgs.push(stand_in);
                Some(id)
            }
            None => None,
        };
        // A user with no member record of their own in the view stays known through `users`.
        let users =
            if member_somewhere { vec![] } else { vec![UserDoc { id: user_id.to_string(), email: email.to_string() }] };
        Ok(DirectoryDoc { default_org_id, users, orgs })
    }
}

/// The stand-in for a default organization the user is not in: an org with
/// one workspace (a document needs one) and no members, its ids chosen not
/// to clash with the view's own.
fn default_org_stand_in(orgs: &[OrgDoc]) -> OrgDoc {
    let taken = |id: &str| orgs.iter().any(|o| o.id == id || o.workspaces.iter().any(|w| w.id == id));
    let id = (1..)
        .map(|n| if n == 1 { "default-org".to_string() } else { format!("default-org-{n}") })
        .find(|id| !taken(id) && !taken(&format!("{id}-workspace")))
        .unwrap_or_default();
    OrgDoc {
        workspaces: vec![WorkspaceDoc { id: format!("{id}-workspace"), name: "Workspace".into() }],
        id,
        name: "Default organization".into(),
        personal: false,
        plan: Plan::default(),
        rbac: false,
        settings: OrgSettingsDoc::default(),
        sso: SsoDoc::default(),
        roles: vec![],
        restricted_roles: vec![],
        members: vec![],
        groups: vec![],
        service_keys: vec![],
        personal_access_tokens: vec![],
    }
}
