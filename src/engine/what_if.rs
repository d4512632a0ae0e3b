//! Capabilities at a glance, and what-if: which capabilities change for
//! whom if the instance switches change.

use crate::config::InstanceConfig;
use crate::decision::Decision;
use crate::directory::MemberStatus;
use crate::engine::Engine;
use crate::error::CheckError;
use crate::members::MemberOperation;
use crate::orgs::ShareableResource;
use crate::roles::OrgRole;

crate::json::json_names! {
    /// The capabilities a UI shows per member.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Capability {
        /// Invite someone new to the organization.
        InviteToOrg = "inviteToOrg",
        /// Invite someone new into the workspace.
        InviteToWorkspace = "inviteToWorkspace",
        /// Add an existing org member to the workspace.
        AddToWorkspace = "addToWorkspace",
        /// Create an organization.
        CreateOrg = "createOrg",
        /// Get a personal organization on first login.
        PersonalOrg = "personalOrg",
        /// Create a personal access token in the organization.
        CreatePat = "createPat",
        /// Change members' org roles.
        ManageOrgMembers = "manageOrgMembers",
        /// Move the SSO default organization here.
        SetDefaultOrg = "setDefaultOrg",
        /// Share a run of the workspace publicly.
        SharePublicly = "sharePublicly",
    }
}

impl Capability {
    /// Capabilities that need a workspace.
    pub const WORKSPACE: [Capability; 3] = [Self::InviteToWorkspace, Self::AddToWorkspace, Self::SharePublicly];
    /// Capabilities of the member in the organization.
    pub const ORG: [Capability; 5] =
        [Self::InviteToOrg, Self::CreateOrg, Self::PersonalOrg, Self::CreatePat, Self::ManageOrgMembers];
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CapabilityCell: write {
        pub capability: Capability = "capability",
        pub decision: Decision = "decision",
    }
}

crate::json::wire! {
    /// One member's row of the who-can-do-what matrix.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CapabilityRow: write {
        pub member_id: String = "memberId",
        pub user_id: Option<String> = "userId",
        pub email: String = "email",
        pub org_role: OrgRole = "orgRole",
        pub status: MemberStatus = "status",
        pub workspace_role: Option<String> = "workspaceRole",
        /// The role acted with in the workspace (Org Admins: `WORKSPACE_ADMIN`).
        pub effective_workspace_role: Option<String> = "effectiveWorkspaceRole",
        pub cells: Vec<CapabilityCell> = "cells",
    }
}

crate::json::wire! {
    /// A capability that differs between the current and another configuration.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CapabilityChange: write {
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId",
        pub member_id: String = "memberId",
        pub email: String = "email",
        pub capability: Capability = "capability",
        /// True when the capability is gained, false when lost.
        pub gained: bool = "gained",
        pub before: Decision = "before",
        pub after: Decision = "after",
    }
}

impl Engine {
    /// Every member's capabilities in `org` (and `workspace`, if named).
    pub fn capabilities(&self, org_id: &str, workspace: Option<&str>) -> Result<Vec<CapabilityRow>, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let ws = workspace.map(|w| self.workspace_in(org, "workspaceId", w)).transpose()?;
        let mut rows = Vec::with_capacity(org.members.len());
        for m in &org.members {
            let mut cells = Vec::new();
            for cap in Capability::ORG.into_iter().chain(Some(Capability::SetDefaultOrg)) {
                cells.push(CapabilityCell { capability: cap, decision: self.capability(org_id, None, m, cap)? });
            }
            if let Some(w) = workspace {
                for cap in Capability::WORKSPACE {
                    cells.push(CapabilityCell { capability: cap, decision: self.capability(org_id, Some(w), m, cap)? });
                }
            }
            rows.push(CapabilityRow {
                member_id: m.id.clone(),
                user_id: m.user_id.clone(),
                email: m.email.clone(),
                org_role: org.effective_org_role(m),
                status: m.status,
                workspace_role: ws.and_then(|w| m.role_in(w)).map(|r| org.role_id(r).to_string()),
                effective_workspace_role: ws
                    .and_then(|w| crate::access::effective_workspace_role(org, crate::access::Subject::Member(m), w))
                    .map(str::to_string),
                cells,
            });
        }
        Ok(rows)
    }

    fn capability(
        &self,
        org: &str,
        ws: Option<&str>,
        m: &crate::directory::Member,
        cap: Capability,
    ) -> Result<Decision, CheckError> {
        let Some(user) = m.user_id.as_deref() else {
            // A pending invite with no account yet: nothing to decide for it but pending.
            return Ok(Decision::deny(crate::Code::MemberPending, "a pending invite holds no permissions"));
        };
        let ws_id = ws.unwrap_or_default();
        match cap {
            Capability::InviteToOrg => self.can_invite(user, org, None),
            Capability::InviteToWorkspace => self.can_invite(user, org, Some(ws_id)),
            Capability::AddToWorkspace => self.check(user, org, Some(ws_id), "workspaces:manage-members"),
            Capability::CreateOrg => self.can_create_org(user),
            Capability::PersonalOrg => Ok(self.personal_org_on_first_login(&m.email)),
            Capability::CreatePat => self.can_create_pat(user, org),
            Capability::ManageOrgMembers => self.can_manage_members(user, org, &MemberOperation::InviteToOrg),
            Capability::SetDefaultOrg => self.can_set_default_org(user, org).or_else(|e| match e {
                // personal orgs can never be the default
                CheckError::InvalidInput { .. } => {
                    Ok(Decision::deny(crate::Code::PermissionDenied, "a personal organization cannot be the default"))
                }
                e => Err(e),
            }),
            Capability::SharePublicly => self.can_share(user, org, ws_id, ShareableResource::Run),
        }
    }

    /// Which capabilities would change, for whom, under `other` instead of
    /// the current configuration. Deterministic order: org, member, workspace, capability.
    pub fn what_if(&self, other: &InstanceConfig) -> Result<Vec<CapabilityChange>, CheckError> {
        let after = self.with_config(other.clone());
        let mut changes = Vec::new();
        for org in &self.dir.orgs {
            for m in &org.members {
                let mut compare = |ws: Option<&str>, cap: Capability| -> Result<(), CheckError> {
                    let b = self.capability(&org.id, ws, m, cap)?;
                    let a = after.capability(&org.id, ws, m, cap)?;
                    if a.allowed != b.allowed || a.code != b.code {
                        changes.push(CapabilityChange {
                            org_id: org.id.clone(),
                            workspace_id: ws.map(Into::into),
                            member_id: m.id.clone(),
                            email: m.email.clone(),
                            capability: cap,
                            gained: a.allowed && !b.allowed,
                            before: b,
                            after: a,
                        });
                    }
                    Ok(())
                };
                for cap in Capability::ORG.into_iter().chain(Some(Capability::SetDefaultOrg)) {
                    compare(None, cap)?;
                }
                for w in &org.workspaces {
                    for cap in Capability::WORKSPACE {
                        compare(Some(&w.id), cap)?;
                    }
                }
            }
        }
        Ok(changes)
    }
}
