//! Invite planning (DOMAIN §4): who may invite whom, org-level or
//! workspace-level, and what happens to each invitee.

use crate::access::{is_builtin_workspace_admin, org_permission, workspace_permissions, Subject};
use crate::decision::{Code, Decision};
use crate::directory::{Member, Org, RoleRef};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::permissions::{OrgPermission, WorkspacePermission};
use crate::roles::OrgRole;
use crate::rules::{
    active_member, default_workspace_role, is_valid_email, may_assign_role, newcomer_org_role, not_an_email,
    operator_may_act_on, org_role_in_plan, rbac_allows_role,
};
use crate::text::normalize_email;

/// Most invitees one request may carry.
pub const MAX_INVITE_BATCH: usize = 500;

crate::json::wire! {
    /// An invite request: the actor invites a batch into an org, optionally
    /// into one of its workspaces.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InviteRequest: read write {
        pub actor_id: String = "actorId",
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId" [opt],
        pub invitees: Vec<Invitee> = "invitees",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Invitee: read write {
        pub email: String = "email",
        /// Org role id; default `ORGANIZATION_USER` (`ORGANIZATION_ADMIN` on single-workspace plans).
        pub org_role: Option<String> = "orgRole" [opt] as "OrgRole | null",
        /// Workspace role id (RBAC only); default `WORKSPACE_VIEWER` with RBAC, `WORKSPACE_ADMIN` without.
        pub workspace_role: Option<String> = "workspaceRole" [opt] as "WorkspaceRoleId | null",
    }
}

crate::json::json_names! {
    /// What happens to one invitee.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum InviteOutcome {
        /// New to the org: pending in the org and in the workspace.
        PendingOrgAndWorkspace = "pending_org_and_workspace",
        /// New to the org: pending in the org (no workspace named).
        PendingOrg = "pending_org",
        /// Already active in the org: added straight to the workspace.
        AddedToWorkspace = "added_to_workspace",
        /// Already has a pending invite; nothing is duplicated.
        AlreadyPending = "already_pending",
        /// Already active (in the workspace, or in the org when none is named).
        AlreadyMember = "already_member",
        /// Refused; `code` says why.
        Denied = "denied",
    }
}

crate::json::json_names! {
    /// Which rule the request goes through.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum InvitePath {
        /// `organization:manage` (Org Admin or Operator).
        Org = "org",
        /// `workspaces:manage-members` in the named workspace.
        Workspace = "workspace",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InviteeResult: write {
        /// The e-mail as matched: trimmed, lower-cased.
        pub email: String = "email",
        pub outcome: InviteOutcome = "outcome",
        /// `ALLOWED`, `ALREADY_MEMBER`, `ALREADY_PENDING`, or the denial's code.
        pub code: Code = "code",
        pub message: String = "message",
        /// The org role the invitee would get (new invitees only).
        pub org_role: Option<OrgRole> = "orgRole",
        /// The workspace role id the invitee would get in the workspace.
        pub workspace_role: Option<String> = "workspaceRole",
    }
}

crate::json::wire! {
    /// The plan for a whole request. `allowed` says whether the actor may make
    /// the request at all; each invitee then has its own outcome.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InvitePlan: write {
        pub allowed: bool = "allowed",
        pub code: Code = "code",
        pub message: String = "message",
        pub path: Option<InvitePath> = "path",
        pub invitees: Vec<InviteeResult> = "invitees",
        /// How many invitees got each outcome.
        pub summary: InviteSummary = "summary",
    }
}

crate::json::wire! {
    /// Outcome counts of a plan.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub struct InviteSummary: write {
        pub pending_org_and_workspace: usize = "pendingOrgAndWorkspace",
        pub pending_org: usize = "pendingOrg",
        pub added_to_workspace: usize = "addedToWorkspace",
        pub already_pending: usize = "alreadyPending",
        pub already_member: usize = "alreadyMember",
        pub denied: usize = "denied",
    }
}

impl InviteSummary {
    fn of(invitees: &[InviteeResult]) -> InviteSummary {
        let mut s = InviteSummary::default();
        for r in invitees {
            *match r.outcome {
                InviteOutcome::PendingOrgAndWorkspace => &mut s.pending_org_and_workspace,
                InviteOutcome::PendingOrg => &mut s.pending_org,
                InviteOutcome::AddedToWorkspace => &mut s.added_to_workspace,
                InviteOutcome::AlreadyPending => &mut s.already_pending,
                InviteOutcome::AlreadyMember => &mut s.already_member,
                InviteOutcome::Denied => &mut s.denied,
            } += 1;
        }
        s
    }
}

/// Parsed invitee roles, checked before any decision.
struct ParsedInvitee {
    email: String,
    org_role: Option<OrgRole>,
    workspace_role: Option<RoleRef>,
}

struct Ctx<'a> {
    org: &'a Org,
    actor: &'a Member,
    ws: Option<usize>,
    path: InvitePath,
    workspace_scope_flag: bool,
}

impl Engine {
    /// Plans an invite request without changing anything.
    pub fn plan_invites(&self, req: &InviteRequest) -> Result<InvitePlan, CheckError> {
        let (_, org) = self.org_at("orgId", &req.org_id)?;
        let ws = match &req.workspace_id {
            Some(w) => Some(self.workspace_in(org, "workspaceId", w)?),
            None => None,
        };
        let actor = self.membership(org, "actorId", &req.actor_id)?;
        let parsed = parse_invitees(org, ws, &req.invitees)?;

        let refuse = |code: Code, message: String| {
            let invitees: Vec<InviteeResult> = parsed.iter().map(|p| denied(&p.email, code, message.clone())).collect();
            InvitePlan { allowed: false, code, summary: InviteSummary::of(&invitees), invitees, message, path: None }
        };

        if parsed.len() > MAX_INVITE_BATCH {
            return Ok(refuse(
                Code::InviteBatchTooLarge,
                format!("{} invitees in one request; at most {MAX_INVITE_BATCH}", parsed.len()),
            ));
        }
        if org.personal {
            return Ok(refuse(
                Code::PersonalOrgNoInvites,
                format!("`{}` is a personal organization; it cannot invite", org.name),
            ));
        }
        let actor = match active_member(org, actor) {
            Ok(m) => m,
            Err(d) => return Ok(refuse(d.code, d.message)),
        };
        let s = Subject::Member(actor);
        let path = if org_permission(org, s, OrgPermission::Manage).is_ok() {
            InvitePath::Org
        } else if let Some(w) = ws.filter(|w| {
            workspace_permissions(org, s, *w)
                .is_ok_and(|set| set.contains(WorkspacePermission::WorkspacesManageMembers))
        }) {
            let _ = w;
            InvitePath::Workspace
        } else {
            let needs = match ws.and_then(|w| org.workspaces.get(w)) {
                Some(w) => format!("`organization:manage`, or `workspaces:manage-members` in `{}`", w.name),
                None => "`organization:manage`".to_string(),
            };
            return Ok(refuse(Code::PermissionDenied, format!("inviting needs {needs}")));
        };

        let ctx = Ctx { org, actor, ws, path, workspace_scope_flag: self.config.workspace_scope_org_invites_enabled };
        let mut invitees: Vec<InviteeResult> = Vec::with_capacity(parsed.len());
        for p in &parsed {
            // The same person twice in one request is planned once (no duplicate invite).
            let earlier = invitees.iter().find(|r| r.email == p.email).map(|r| r.outcome);
            invitees.push(match earlier {
                Some(
                    InviteOutcome::PendingOrg | InviteOutcome::PendingOrgAndWorkspace | InviteOutcome::AlreadyPending,
                ) => duplicate(&p.email, InviteOutcome::AlreadyPending, Code::AlreadyPending),
                Some(InviteOutcome::AddedToWorkspace | InviteOutcome::AlreadyMember) => {
                    duplicate(&p.email, InviteOutcome::AlreadyMember, Code::AlreadyMember)
                }
                Some(InviteOutcome::Denied) | None => plan_one(&ctx, p),
            });
        }
        let summary = InviteSummary::of(&invitees);
        let message = format!(
            "{} pending in org and workspace, {} pending in org, {} added to workspace, {} already pending, {} already members, {} denied",
            summary.pending_org_and_workspace,
            summary.pending_org,
            summary.added_to_workspace,
            summary.already_pending,
            summary.already_member,
            summary.denied,
        );
        Ok(InvitePlan { allowed: true, code: Code::Allowed, message, path: Some(path), invitees, summary })
    }

    /// May `actor` invite someone new into the org (or into `workspace`)?
    /// The capability a UI shows on its invite button.
    pub fn can_invite(&self, actor: &str, org: &str, workspace: Option<&str>) -> Result<Decision, CheckError> {
        let req = InviteRequest {
            actor_id: actor.into(),
            org_id: org.into(),
            workspace_id: workspace.map(Into::into),
            invitees: vec![Invitee {
                email: "new.person@invalid.example".into(),
                org_role: None,
                workspace_role: None,
            }],
        };
        let plan = self.plan_invites(&req)?;
        let first = plan.invitees.into_iter().next();
        Ok(match first {
            Some(r) if plan.allowed && r.outcome != InviteOutcome::Denied => Decision::allow(Code::Allowed, r.message),
            Some(r) => Decision::deny(r.code, r.message),
            None => Decision::deny(plan.code, plan.message),
        })
    }
}

fn parse_invitees(org: &Org, ws: Option<usize>, invitees: &[Invitee]) -> Result<Vec<ParsedInvitee>, CheckError> {
    let mut parsed = Vec::with_capacity(invitees.len());
    for (i, inv) in invitees.iter().enumerate() {
        let org_role = match &inv.org_role {
                None => None,
                Some(r) => Some(OrgRole::from_id(r).ok_or_else(|| CheckError::UnknownRole {
                    path: format!("invitees[{i}].orgRole"),
                    value: r.clone(),
                    expected: "one of `ORGANIZATION_ADMIN`, `ORGANIZATION_OPERATOR`, `ORGANIZATION_USER`, `ORGANIZATION_VIEWER`".into(),
                })?),
            };
        let workspace_role = match &inv.workspace_role {
            None => None,
            Some(_) if ws.is_none() => {
                return Err(CheckError::invalid(
                    format!("invitees[{i}].workspaceRole"),
                    "names a workspace role, but the request names no workspace",
                ))
            }
            Some(r) => Some(org.find_role(r).ok_or_else(|| CheckError::UnknownRole {
                path: format!("invitees[{i}].workspaceRole"),
                value: r.clone(),
                expected: format!("one of {}", org.role_ids()),
            })?),
        };
        parsed.push(ParsedInvitee { email: normalize_email(&inv.email), org_role, workspace_role });
    }
    Ok(parsed)
}

/// A repeat of an e-mail listed earlier in the same request.
fn duplicate(email: &str, outcome: InviteOutcome, code: Code) -> InviteeResult {
    InviteeResult {
        email: email.into(),
        outcome,
        code,
        message: "listed earlier in this request; planned once".into(),
        org_role: None,
        workspace_role: None,
    }
}

fn denied(email: &str, code: Code, message: String) -> InviteeResult {
    InviteeResult {
        email: email.into(),
        outcome: InviteOutcome::Denied,
        code,
        message,
        org_role: None,
        workspace_role: None,
    }
}

/// An invitee refused by a rule's denial.
fn refused(email: &str, d: Decision) -> InviteeResult {
    denied(email, d.code, d.message)
}

fn plan_one(ctx: &Ctx, inv: &ParsedInvitee) -> InviteeResult {
    let org = ctx.org;
    if !is_valid_email(&inv.email) {
        return denied(&inv.email, Code::InvalidEmail, not_an_email(&inv.email));
    }
    let result = |outcome, code, message: String, org_role, ws_role: Option<RoleRef>| InviteeResult {
        email: inv.email.clone(),
        outcome,
        code,
        message,
        org_role,
        workspace_role: ws_role.map(|r| org.role_id(r).to_string()),
    };
    let existing = org.member_by_email(&inv.email);
    match existing {
        // A pending member can still be added to another workspace (DOMAIN §4);
        // the addition stays pending with the rest of their invite.
        Some(m) if !m.is_active() => {
            return match ctx.ws.filter(|w| m.role_in(*w).is_none()) {
                None => result(
                    InviteOutcome::AlreadyPending,
                    Code::AlreadyPending,
                    "already has a pending invite".into(),
                    None,
                    None,
                ),
                Some(_) => match workspace_role(ctx, inv) {
                    Ok(r) => result(
                        InviteOutcome::AddedToWorkspace,
                        Code::Allowed,
                        "already invited to the organization: the workspace is added to the pending invite".into(),
                        None,
                        Some(r),
                    ),
                    Err(d) => refused(&inv.email, d),
                },
            };
        }
        Some(m) => {
            let Some(ws) = ctx.ws else {
                return result(
                    InviteOutcome::AlreadyMember,
                    Code::AlreadyMember,
                    "already a member of the organization".into(),
                    None,
                    None,
                );
            };
            if m.role_in(ws).is_some() {
                return result(
                    InviteOutcome::AlreadyMember,
                    Code::AlreadyMember,
                    "already a member of the workspace".into(),
                    None,
                    None,
                );
            }
            return match workspace_role(ctx, inv) {
                Ok(r) => result(
                    InviteOutcome::AddedToWorkspace,
                    Code::Allowed,
                    "already in the organization: added to the workspace".into(),
                    None,
                    Some(r),
                ),
                Err(d) => refused(&inv.email, d),
            };
        }
        None => {}
    }

    // Someone new to the organization.
    if !org.settings.invites_enabled {
        return denied(
            &inv.email,
            Code::InvitesDisabledForOrg,
            format!("`{}` does not accept new invites (`invites_enabled` is off)", org.name),
        );
    }
    let default_role = newcomer_org_role(org);
    let org_role = match ctx.path {
        InvitePath::Org => {
            let role = inv.org_role.unwrap_or(default_role);
            let allowed =
                org_role_in_plan(org, role).and_then(|()| operator_may_act_on(org, ctx.actor, None, Some(role)));
            if let Err(d) = allowed {
                return refused(&inv.email, d);
            }
            role
        }
        InvitePath::Workspace => {
            if !ctx.workspace_scope_flag {
                return denied(
                    &inv.email,
                    Code::WorkspaceScopeInvitesDisabled,
                    "not in the organization; inviting them from a workspace needs the workspace-scope org invites flag".into(),
                );
            }
            if inv.org_role.is_some_and(|r| r != default_role) {
                return denied(
                    &inv.email,
                    Code::WorkspaceInviteOrgRoleFixed,
                    format!("a workspace-level invite makes the invitee `{}`", default_role.id()),
                );
            }
            default_role
        }
    };
    match ctx.ws {
        None => result(
            InviteOutcome::PendingOrg,
            Code::Allowed,
            "invited: pending in the organization".into(),
            Some(org_role),
            None,
        ),
        Some(_) => match workspace_role(ctx, inv) {
            Ok(r) => result(
                InviteOutcome::PendingOrgAndWorkspace,
                Code::Allowed,
                "invited: pending in the organization and the workspace".into(),
                Some(org_role),
                Some(r),
            ),
            Err(d) => refused(&inv.email, d),
        },
    }
}

/// The workspace role an invitee gets: the one named or the default, if
/// the actor may assign it there.
fn workspace_role(ctx: &Ctx, inv: &ParsedInvitee) -> Result<RoleRef, Decision> {
    let role = inv.workspace_role.unwrap_or_else(|| default_workspace_role(ctx.org));
    match ctx.ws {
        Some(ws) => {
            may_assign_role(ctx.org, role, is_builtin_workspace_admin(ctx.org, Subject::Member(ctx.actor), ws))?
        }
        None => rbac_allows_role(ctx.org, role)?,
    }
    Ok(role)
}
