//! SSO (DOMAIN §6): what a first login provisions, and who may move the
//! default organization.

use crate::config::AuthMode;
use crate::decision::{Code, Decision};
use crate::directory::{Org, RoleRef};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::groups::{groups_required_denial, resolve, GroupResolution};
use crate::roles::OrgRole;
use crate::rules::{is_active_org_admin, newcomer_org_role};
use crate::text::normalize_email;

crate::json::wire! {
    /// An SSO login: the e-mail and, with groups sync, the groups claim.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LoginRequest: read write {
        pub email: String = "email",
        pub groups: Vec<String> = "groups" [default],
    }
}

crate::json::json_names! {
    /// Which of the four login paths was taken.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum LoginPath {
        ExistingAccess = "existing_access",
        Invite = "invite",
        Jit = "jit",
        Denied = "denied",
    }
}

crate::json::json_names! {
    /// Where a provisioned membership comes from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum MembershipSource {
        Invite = "invite",
        Jit = "jit",
        GroupsSync = "groups_sync",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WorkspaceMembership: write {
        pub workspace_id: String = "workspaceId",
        pub role: String = "role",
    }
}

crate::json::wire! {
    /// A membership the login would create (or activate).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProvisionedMembership: write {
        pub org_id: String = "orgId",
        pub org_role: OrgRole = "orgRole",
        pub workspaces: Vec<WorkspaceMembership> = "workspaces",
        pub source: MembershipSource = "source",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct LoginResult: write {
        pub allowed: bool = "allowed",
        pub code: Code = "code",
        pub message: String = "message",
        pub path: LoginPath = "path",
        pub memberships: Vec<ProvisionedMembership> = "memberships",
        /// The default org's groups-sync resolution, when groups sync is on there.
        pub groups_sync: Option<GroupResolution> = "groupsSync",
    }
}

impl LoginResult {
    fn denied(d: Decision, groups_sync: Option<GroupResolution>) -> LoginResult {
        LoginResult {
            allowed: false,
            code: d.code,
            message: d.message,
            path: LoginPath::Denied,
            memberships: vec![],
            groups_sync,
        }
    }
}

impl Engine {
    /// What an SSO login of `req.email` does (DOMAIN §6), in order:
    /// existing access, pending invite, JIT into the default org, denied.
    pub fn first_login(&self, req: &LoginRequest) -> LoginResult {
        if self.config.auth_mode != AuthMode::Oauth {
            return LoginResult::denied(
                Decision::deny(Code::SsoNotEnabled, "the instance does not use OAuth SSO"),
                None,
            );
        }
        let email = normalize_email(&req.email);
        let default_org = self.dir.default_org.and_then(|i| self.dir.orgs.get(i));
        let groups_sync = default_org.filter(|o| o.sso.groups_sync_enabled).map(|o| (o, resolve(o, &req.groups)));
        if let Some(denial) = groups_sync.as_ref().and_then(|(o, r)| groups_required_denial(o, r)) {
            return LoginResult::denied(denial, groups_sync.map(|(_, r)| r));
        }

        // 1. Already has access.
        let user = self.dir.user_for_email(&email);
        let has_access =
            user.is_some_and(|u| self.dir.orgs.iter().any(|o| o.member_by_user(u).is_some_and(|m| m.is_active())));
        let gs = groups_sync.as_ref().map(|(_, r)| r.clone());
        if has_access {
            return LoginResult {
                allowed: true,
                code: Code::SignedInExistingAccess,
                message: "already has access: signed in, nothing changes".into(),
                path: LoginPath::ExistingAccess,
                memberships: vec![],
                groups_sync: gs,
            };
        }

        // 2. Pending invites, where invites are enabled, win over JIT.
        let invites: Vec<ProvisionedMembership> = self
            .dir
            .orgs
            .iter()
            .filter(|o| o.settings.invites_enabled)
            .filter_map(|o| {
                let m = o.member_by_email(&email)?;
                (!m.is_active()).then(|| ProvisionedMembership {
                    org_id: o.id.clone(),
                    org_role: o.effective_org_role(m),
                    workspaces: m.workspaces.iter().filter_map(|(w, r)| membership(o, *w, *r)).collect(),
                    source: MembershipSource::Invite,
                })
            })
            .collect();
        if !invites.is_empty() {
            return LoginResult {
                allowed: true,
                code: Code::ProvisionedFromInvite,
                message: format!("provisioned from {} pending invite(s)", invites.len()),
                path: LoginPath::Invite,
                memberships: invites,
                groups_sync: gs,
            };
        }

        // 3. JIT into the default organization.
        let jit_off = |why: &str| {
            LoginResult::denied(
                Decision::deny(Code::SsoAccessDenied, format!("no access, no pending invite, and {why}")),
                gs.clone(),
            )
        };
        if !self.config.jit_provisioning_enabled {
            return jit_off("JIT provisioning is disabled on this instance");
        }
        let Some(org) = default_org else {
            return LoginResult::denied(
                Decision::deny(Code::SsoNoDefaultOrg, "no default organization is configured for SSO provisioning"),
                gs,
            );
        };
        if !org.settings.jit_provisioning_enabled {
            return jit_off(&format!("JIT provisioning is disabled in `{}`", org.name));
        }
        let synced = groups_sync.as_ref().map(|(_, r)| r).filter(|r| r.org_role.is_some());
        let m = match synced {
            Some(r) => ProvisionedMembership {
                org_id: org.id.clone(),
                org_role: r.org_role.unwrap_or(OrgRole::OrganizationUser),
                workspaces: r
                    .workspaces
                    .iter()
                    .map(|g| WorkspaceMembership { workspace_id: g.workspace_id.clone(), role: g.role.clone() })
                    .collect(),
                source: MembershipSource::GroupsSync,
            },
            None => ProvisionedMembership {
                org_id: org.id.clone(),
                org_role: newcomer_org_role(org),
                workspaces: org.sso.workspaces.iter().filter_map(|w| membership(org, *w, org.sso.role)).collect(),
                source: MembershipSource::Jit,
            },
        };
        LoginResult {
            allowed: true,
            code: Code::JitProvisioned,
            message: format!("joins `{}` by JIT provisioning", org.name),
            path: LoginPath::Jit,
            memberships: vec![m],
            groups_sync: gs,
        }
    }

    /// May `actor` make `target` the SSO default organization? Needs
    /// Organization Admin in both the current default and the target.
    pub fn can_set_default_org(&self, actor: &str, target: &str) -> Result<Decision, CheckError> {
        let (_, t) = self.org_at("targetOrgId", target)?;
        self.require_user("actorId", actor)?;
        if t.personal {
            return Err(CheckError::invalid(
                "targetOrgId",
                format!("`{target}` is a personal organization; it cannot be the default"),
            ));
        }
        let is_admin = |o: &Org| o.member_by_user(actor).is_some_and(|m| is_active_org_admin(o, m));
        if let Some(current) = self.dir.default_org.and_then(|i| self.dir.orgs.get(i)) {
            if !is_admin(current) {
                return Ok(Decision::deny(
                    Code::OrgAdminRequiredInCurrentDefault,
                    "needs Organization Admin in the current default organization",
                ));
            }
        }
        if !is_admin(t) {
            return Ok(Decision::deny(
                Code::OrgAdminRequiredInTarget,
                format!("needs Organization Admin in `{}`", t.name),
            ));
        }
        Ok(Decision::allow(Code::Allowed, "Organization Admin in both organizations"))
    }
}

fn membership(org: &Org, ws: usize, role: RoleRef) -> Option<WorkspaceMembership> {
    Some(WorkspaceMembership { workspace_id: org.workspaces.get(ws)?.id.clone(), role: org.role_id(role).to_string() })
}
