//! The membership-management operations of DOMAIN §7, and the
//! Operator-vs-Admin and restricted-role limits on them.

use crate::access::{decide, is_builtin_workspace_admin, Subject};
use crate::decision::{Code, Decision};
use crate::directory::{Member, Org, RoleRef};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use crate::permissions::{OrgPermission, Permission, WorkspacePermission};
use crate::roles::OrgRole;
use crate::rules::{active_member, default_workspace_role, may_assign_role, operator_may_act_on, org_role_in_plan};

/// One membership operation; members are named by their identity id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberOperation {
    /// The invitee lists their own pending invites.
    ListOwnInvites,
    /// The invitee accepts their pending invite.
    ClaimInvite {
        member_id: String,
    },
    /// The invitee declines their pending invite.
    DeclineInvite {
        member_id: String,
    },
    ListOrgMembers,
    ListPendingOrgMembers,
    InviteToOrg,
    UpdateOrgRole {
        member_id: String,
        role: String,
    },
    RemoveFromOrg {
        member_id: String,
    },
    /// Delete a pending invite; with `workspaceId`, as that workspace's admin.
    DeletePendingInvite {
        member_id: String,
        workspace_id: Option<String>,
    },
    ListWorkspaceMembers {
        workspace_id: String,
    },
    AddToWorkspace {
        member_id: String,
        workspace_id: String,
        role: Option<String>,
    },
    UpdateWorkspaceRole {
        member_id: String,
        workspace_id: String,
        role: String,
    },
    RemoveFromWorkspace {
        member_id: String,
        workspace_id: String,
    },
}

impl MemberOperation {
    /// Every `op` name.
    pub const NAMES: [&'static str; 13] = [
        "listOwnInvites",
        "claimInvite",
        "declineInvite",
        "listOrgMembers",
        "listPendingOrgMembers",
        "inviteToOrg",
        "updateOrgRole",
        "removeFromOrg",
        "deletePendingInvite",
        "listWorkspaceMembers",
        "addToWorkspace",
        "updateWorkspaceRole",
        "removeFromWorkspace",
    ];

    /// The `op` name of this operation.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ListOwnInvites => "listOwnInvites",
            Self::ClaimInvite { .. } => "claimInvite",
            Self::DeclineInvite { .. } => "declineInvite",
            Self::ListOrgMembers => "listOrgMembers",
            Self::ListPendingOrgMembers => "listPendingOrgMembers",
            Self::InviteToOrg => "inviteToOrg",
            Self::UpdateOrgRole { .. } => "updateOrgRole",
            Self::RemoveFromOrg { .. } => "removeFromOrg",
            Self::DeletePendingInvite { .. } => "deletePendingInvite",
            Self::ListWorkspaceMembers { .. } => "listWorkspaceMembers",
            Self::AddToWorkspace { .. } => "addToWorkspace",
            Self::UpdateWorkspaceRole { .. } => "updateWorkspaceRole",
            Self::RemoveFromWorkspace { .. } => "removeFromWorkspace",
        }
    }
}

impl FromJson for MemberOperation {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::object(v, at, "an operation object (`{ op: ... }`)")?;
        let name = f.tag("op", &Self::NAMES)?;
        Ok(match name {
            "listOwnInvites" => {
                f.only(&["op"])?;
                Self::ListOwnInvites
            }
            "claimInvite" => {
                f.only(&["op", "memberId"])?;
                Self::ClaimInvite { member_id: f.req("memberId")? }
            }
            "declineInvite" => {
                f.only(&["op", "memberId"])?;
                Self::DeclineInvite { member_id: f.req("memberId")? }
            }
            "listOrgMembers" => {
                f.only(&["op"])?;
                Self::ListOrgMembers
            }
            "listPendingOrgMembers" => {
                f.only(&["op"])?;
                Self::ListPendingOrgMembers
            }
            "inviteToOrg" => {
                f.only(&["op"])?;
                Self::InviteToOrg
            }
            "updateOrgRole" => {
                f.only(&["op", "memberId", "role"])?;
                Self::UpdateOrgRole { member_id: f.req("memberId")?, role: f.req("role")? }
            }
            "removeFromOrg" => {
                f.only(&["op", "memberId"])?;
                Self::RemoveFromOrg { member_id: f.req("memberId")? }
            }
            "deletePendingInvite" => {
                f.only(&["op", "memberId", "workspaceId"])?;
                Self::DeletePendingInvite { member_id: f.req("memberId")?, workspace_id: f.opt("workspaceId")? }
            }
            "listWorkspaceMembers" => {
                f.only(&["op", "workspaceId"])?;
                Self::ListWorkspaceMembers { workspace_id: f.req("workspaceId")? }
            }
            "addToWorkspace" => {
                f.only(&["op", "memberId", "workspaceId", "role"])?;
                Self::AddToWorkspace {
                    member_id: f.req("memberId")?,
                    workspace_id: f.req("workspaceId")?,
                    role: f.opt("role")?,
                }
            }
            "updateWorkspaceRole" => {
                f.only(&["op", "memberId", "workspaceId", "role"])?;
                Self::UpdateWorkspaceRole {
                    member_id: f.req("memberId")?,
                    workspace_id: f.req("workspaceId")?,
                    role: f.req("role")?,
                }
            }
            "removeFromWorkspace" => {
                f.only(&["op", "memberId", "workspaceId"])?;
                Self::RemoveFromWorkspace { member_id: f.req("memberId")?, workspace_id: f.req("workspaceId")? }
            }
            _ => return Err(at.error(format!("unknown op `{name}`"))),
        })
    }
}

crate::json::ts_text!(
    MemberOperation,
    r#"/** A membership operation, tagged on `op`; members are named by identity id. */
export type MemberOperation =
  | { op: "listOwnInvites" }
  | { op: "claimInvite"; memberId: string }
  | { op: "declineInvite"; memberId: string }
  | { op: "listOrgMembers" }
  | { op: "listPendingOrgMembers" }
  | { op: "inviteToOrg" }
  | { op: "updateOrgRole"; memberId: string; role: OrgRole }
  | { op: "removeFromOrg"; memberId: string }
  | { op: "deletePendingInvite"; memberId: string; workspaceId?: string | null }
  | { op: "listWorkspaceMembers"; workspaceId: string }
  | { op: "addToWorkspace"; memberId: string; workspaceId: string; role?: WorkspaceRoleId | null }
  | { op: "updateWorkspaceRole"; memberId: string; workspaceId: string; role: WorkspaceRoleId }
  | { op: "removeFromWorkspace"; memberId: string; workspaceId: string };
"#
);
crate::json::serde_via_json!(MemberOperation);

impl ToJson for MemberOperation {
    fn to_json(&self) -> Json<'_> {
        let o = Obj::new().value("op", Json::from(self.name()));
        match self {
            Self::ClaimInvite { member_id } => o.field("memberId", member_id).done(),
            Self::DeclineInvite { member_id } => o.field("memberId", member_id).done(),
            Self::UpdateOrgRole { member_id, role } => o.field("memberId", member_id).field("role", role).done(),
            Self::RemoveFromOrg { member_id } => o.field("memberId", member_id).done(),
            Self::DeletePendingInvite { member_id, workspace_id } => {
                o.field("memberId", member_id).field("workspaceId", workspace_id).done()
            }
            Self::ListWorkspaceMembers { workspace_id } => o.field("workspaceId", workspace_id).done(),
            Self::AddToWorkspace { member_id, workspace_id, role } => {
                o.field("memberId", member_id).field("workspaceId", workspace_id).field("role", role).done()
            }
            Self::UpdateWorkspaceRole { member_id, workspace_id, role } => {
                o.field("memberId", member_id).field("workspaceId", workspace_id).field("role", role).done()
            }
            Self::RemoveFromWorkspace { member_id, workspace_id } => {
                o.field("memberId", member_id).field("workspaceId", workspace_id).done()
            }
            _ => o.done(),
        }
    }
}

impl Engine {
    /// May `actor` perform `op` in `org`?
    pub fn can_manage_members(&self, actor: &str, org_id: &str, op: &MemberOperation) -> Result<Decision, CheckError> {
        use MemberOperation as Op;
        let (_, org) = self.org_at("orgId", org_id)?;
        let a = self.membership(org, "actorId", actor)?;
        // Resolve every id before deciding, so bad input is always an error.
        let target = |id: &str| member_by_id(org, id);
        let ws = |id: &str| self.workspace_in(org, "operation.workspaceId", id);
        let resolved: Resolved = match op {
            Op::ListOwnInvites => return Ok(Decision::allow(Code::Allowed, "anyone may list their own pending invites")),
            Op::ClaimInvite { member_id } | Op::DeclineInvite { member_id } => {
                let t = target(member_id)?;
                return Ok(own_invite(self, org, actor, t));
            }
            Op::ListOrgMembers | Op::ListPendingOrgMembers | Op::InviteToOrg => Resolved::default(),
            Op::UpdateOrgRole { member_id, role } => Resolved {
                target: Some(target(member_id)?),
                org_role: Some(OrgRole::from_id(role).ok_or_else(|| CheckError::UnknownRole {
                    path: "operation.role".into(),
                    value: role.clone(),
                    expected: "one of `ORGANIZATION_ADMIN`, `ORGANIZATION_OPERATOR`, `ORGANIZATION_USER`, `ORGANIZATION_VIEWER`".into(),
                })?),
                ..Resolved::default()
            },
            Op::RemoveFromOrg { member_id } => Resolved { target: Some(target(member_id)?), ..Resolved::default() },
            Op::DeletePendingInvite { member_id, workspace_id } => {
                let t = target(member_id)?;
                if t.is_active() {
                    return Err(CheckError::invalid("operation.memberId", format!("member `{member_id}` is not pending")));
                }
                Resolved { target: Some(t), ws: workspace_id.as_deref().map(ws).transpose()?, ..Resolved::default() }
            }
            Op::ListWorkspaceMembers { workspace_id } => Resolved { ws: Some(ws(workspace_id)?), ..Resolved::default() },
            Op::RemoveFromWorkspace { member_id, workspace_id } => Resolved {
                target: Some(target(member_id)?),
                ws: Some(ws(workspace_id)?),
                ..Resolved::default()
            },
            Op::AddToWorkspace { member_id, workspace_id, role } => Resolved {
                target: Some(target(member_id)?),
                ws: Some(ws(workspace_id)?),
                ws_role: role.as_deref().map(|r| ws_role(org, r)).transpose()?,
                ..Resolved::default()
            },
            Op::UpdateWorkspaceRole { member_id, workspace_id, role } => Resolved {
                target: Some(target(member_id)?),
                ws: Some(ws(workspace_id)?),
                ws_role: Some(ws_role(org, role)?),
                ..Resolved::default()
            },
        };

        let actor = match active_member(org, a) {
            Ok(m) => m,
            Err(d) => return Ok(d),
        };
        let s = Subject::Member(actor);
        let need = |p: Permission, ws: Option<usize>| decide(org, s, ws, p);
        let org_manage = Permission::Org(OrgPermission::Manage);
        let manage_members = Permission::Workspace(WorkspacePermission::WorkspacesManageMembers);

        let decision = match op {
            Op::ListOwnInvites | Op::ClaimInvite { .. } | Op::DeclineInvite { .. } => Decision::allowed(),
            Op::ListOrgMembers | Op::ListPendingOrgMembers => need(Permission::Org(OrgPermission::Read), None),
            Op::InviteToOrg => need(org_manage, None),
            Op::UpdateOrgRole { .. } | Op::RemoveFromOrg { .. } => {
                let d = need(org_manage, None);
                if !d.allowed {
                    return Ok(d);
                }
                let target = resolved.target.map(|t| t.org_role);
                let allowed = operator_may_act_on(org, actor, target, resolved.org_role)
                    .and_then(|()| resolved.org_role.map_or(Ok(()), |r| org_role_in_plan(org, r)));
                allowed.err().unwrap_or(d)
            }
            Op::DeletePendingInvite { .. } => match resolved.ws {
                None => need(org_manage, None),
                Some(w) => {
                    let by_org = need(org_manage, None);
                    let in_ws = resolved.target.is_some_and(|t| t.role_in(w).is_some());
                    if by_org.allowed || !in_ws {
                        by_org
                    } else {
                        need(manage_members, Some(w))
                    }
                }
            },
            Op::ListWorkspaceMembers { .. } => {
                need(Permission::Workspace(WorkspacePermission::WorkspacesRead), resolved.ws)
            }
            Op::RemoveFromWorkspace { .. } => need(manage_members, resolved.ws),
            Op::AddToWorkspace { .. } | Op::UpdateWorkspaceRole { .. } => {
                let d = need(manage_members, resolved.ws);
                if !d.allowed {
                    return Ok(d);
                }
                let role = resolved.ws_role.unwrap_or_else(|| default_workspace_role(org));
                let ws_idx = resolved.ws.unwrap_or_default();
                may_assign_role(org, role, is_builtin_workspace_admin(org, s, ws_idx)).err().unwrap_or(d)
            }
        };
        Ok(decision)
    }
}

/// Only the invitee may claim or decline a pending invite (DOMAIN §4).
fn own_invite(engine: &Engine, org: &Org, actor: &str, t: &Member) -> Decision {
    let actor_email = engine.dir.user_email(actor);
    let mine = t.user_id.as_deref() == Some(actor) || actor_email.is_some_and(|e| e == t.email);
    if t.is_active() {
        Decision::deny(Code::AlreadyMember, format!("member `{}` is not pending in `{}`", t.id, org.name))
    } else if mine {
        Decision::allow(Code::Allowed, "the invitee answers their own invite")
    } else {
        Decision::deny(Code::PermissionDenied, "only the invitee may claim or decline an invite")
    }
}

#[derive(Default)]
struct Resolved<'a> {
    target: Option<&'a Member>,
    ws: Option<usize>,
    org_role: Option<OrgRole>,
    ws_role: Option<RoleRef>,
}

fn member_by_id<'a>(org: &'a Org, id: &str) -> Result<&'a Member, CheckError> {
    org.member_by_id(id).ok_or_else(|| {
        CheckError::invalid("operation.memberId", format!("unknown member `{id}` in organization `{}`", org.id))
    })
}

fn ws_role(org: &Org, id: &str) -> Result<RoleRef, CheckError> {
    org.find_role(id).ok_or_else(|| CheckError::UnknownRole {
        path: "operation.role".into(),
        value: id.into(),
        expected: format!("one of {}", org.role_ids()),
    })
}
