//! Permission checks (DOMAIN §2, §3): org permissions, workspace permissions
//! with Org Admin inheritance, RBAC off, single-workspace plans, custom roles
//! and pending members; and the effective permission list for UIs.

use crate::decision::{Code, Decision};
use crate::directory::hot::UserEntry;
use crate::directory::{Member, Org, RoleRef, ServiceKey};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::permissions::{OrgPermission, Permission, PermissionSet, WorkspacePermission};
use crate::roles::{BuiltinWorkspaceRole, OrgRole};
use crate::rules::{
    acting_workspace_role, not_a_member, org_role_under_plan, pending_membership, service_key_default_org_role,
};
use crate::text::concat;

/// Who is acting: a member of the org, or a service key of it.
#[derive(Clone, Copy)]
pub(crate) enum Subject<'a> {
    Member(&'a Member),
    Key(&'a ServiceKey),
    /// A member as its user's entry shows it (checks on handles), for a
    /// query the entry [answers for](UserEntry::answers_for).
    Hot(&'a UserEntry),
}

impl Subject<'_> {
    /// The org role the subject acts with.
    pub(crate) fn org_role(self, org: &Org) -> OrgRole {
        match self {
            Subject::Member(m) => org.effective_org_role(m),
            Subject::Hot(e) => org_role_under_plan(org, e.org_role()),
            // Without RBAC a key's own roles do not apply: org-wide keys act
            // as Org Admin, workspace keys as Org User (Admin in their workspaces).
            Subject::Key(k) if !org.rbac => service_key_default_org_role(k.org_scoped),
            Subject::Key(k) => k.org_role,
        }
    }

    /// Why the subject holds nothing at all, if so.
    fn inactive(self) -> Option<Code> {
        match self {
            Subject::Member(m) if !m.is_active() => Some(Code::MemberPending),
            Subject::Hot(e) if !e.is_active() => Some(Code::MemberPending),
            _ => None,
        }
    }

    /// The workspace role the subject holds in `ws` (explicitly).
    pub(crate) fn role_in(self, ws: usize) -> Option<RoleRef> {
        match self {
            Subject::Member(m) => m.role_in(ws),
            Subject::Hot(e) => e.inline_role(ws),
            Subject::Key(k) if k.org_scoped || k.workspaces.contains(&ws) => Some(k.workspace_role),
            Subject::Key(_) => None,
        }
    }
}

/// The workspace permissions of a subject in workspace `ws`, or why none.
pub(crate) fn workspace_permissions(org: &Org, s: Subject, ws: usize) -> Result<PermissionSet, Code> {
    if let Some(code) = s.inactive() {
        return Err(code);
    }
    match acting_workspace_role(org, s.org_role(org), || s.role_in(ws)) {
        Some(r) => Ok(org.role_permissions(r)),
        None => Err(Code::NotAWorkspaceMember),
    }
}

/// Whether a subject holds an org permission, or why not.
pub(crate) fn org_permission(org: &Org, s: Subject, p: OrgPermission) -> Result<(), Code> {
    if let Some(code) = s.inactive() {
        return Err(code);
    }
    if s.org_role(org).has(p) {
        Ok(())
    } else if p == OrgPermission::PatsCreate {
        Err(Code::PatNotAllowedForViewer)
    } else {
        Err(Code::PermissionDenied)
    }
}

/// Whether a subject holds `p` (a workspace permission needs `ws`): the
/// allocation-free core of `can`.
#[inline]
pub(crate) fn holds(org: &Org, s: Subject, ws: Option<usize>, p: Permission) -> bool {
    match p {
        Permission::Org(op) => org_permission(org, s, op).is_ok(),
        Permission::Workspace(wp) => {
            ws.is_some_and(|w| workspace_permissions(org, s, w).is_ok_and(|set| set.contains(wp)))
        }
    }
}

/// True when the subject acts as the built-in Workspace Admin in `ws`
/// (Org Admins count; a custom role with manage-members does not).
pub(crate) fn is_builtin_workspace_admin(org: &Org, s: Subject, ws: usize) -> bool {
    s.inactive().is_none()
        && acting_workspace_role(org, s.org_role(org), || s.role_in(ws))
            == Some(RoleRef::Builtin(BuiltinWorkspaceRole::Admin))
}

impl Engine {
    /// Parses a permission string: a hash lookup for canonical spellings,
    /// the full parser (aliases) otherwise.
    pub(crate) fn permission(&self, path: &str, s: &str) -> Result<Permission, CheckError> {
        match self.perms.get(s) {
            Some(p) => Ok(*p),
            None => Permission::parse(s).ok_or_else(|| CheckError::UnknownPermission {
                path: path.into(),
                value: s.into(),
                suggestion: Permission::suggest(s),
            }),
        }
    }
}

/// The workspace role a subject acts with in `ws`, if any.
pub(crate) fn effective_workspace_role<'a>(org: &'a Org, s: Subject, ws: usize) -> Option<&'a str> {
    if s.inactive().is_some() {
        return None;
    }
    acting_workspace_role(org, s.org_role(org), || s.role_in(ws)).map(|r| org.role_id(r))
}

/// A permission decision for `subject`, naming the permission and role.
pub(crate) fn decide(org: &Org, s: Subject, ws: Option<usize>, p: Permission) -> Decision {
    outcome(org, s, ws, p).decision(org)
}

/// How a permission query ends, before any text is written: the code and
/// what its message names. Equal outcomes in one org have equal decisions,
/// so a caller may keep decisions by outcome (`check` on handles does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Outcome {
    code: Code,
    /// What the message names, and only that (so equal decisions share a key).
    permission: Option<Permission>,
    workspace: Option<usize>,
    role: Option<NamedRole>,
}

/// The role a denial's message names: the workspace role held there, or the org role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NamedRole {
    Workspace(RoleRef),
    Org(OrgRole),
}

/// The outcome of `subject` asking for `p` (a workspace permission needs `ws`).
pub(crate) fn outcome(org: &Org, s: Subject, ws: Option<usize>, p: Permission) -> Outcome {
    let result = match (p, ws) {
        (Permission::Org(op), _) => org_permission(org, s, op),
        (Permission::Workspace(wp), Some(ws)) => workspace_permissions(org, s, ws).and_then(|set| {
            if set.contains(wp) {
                Ok(())
            } else {
                Err(Code::PermissionDenied)
            }
        }),
        // A workspace permission without a workspace is rejected by callers.
        (Permission::Workspace(_), None) => Err(Code::PermissionDenied),
    };
    let code = result.err().unwrap_or(Code::Allowed);
    let named = Outcome { code, permission: None, workspace: None, role: None };
    match code {
        Code::MemberPending | Code::PatNotAllowedForViewer => named,
        Code::NotAWorkspaceMember => Outcome { workspace: ws, ..named },
        Code::Allowed => Outcome { permission: Some(p), ..named },
        _ => {
            let role = match (p, ws.and_then(|w| s.role_in(w))) {
                (Permission::Workspace(_), Some(r)) => NamedRole::Workspace(r),
                _ => NamedRole::Org(s.org_role(org)),
            };
            Outcome { permission: Some(p), role: Some(role), ..named }
        }
    }
}

impl Outcome {
    /// A user who is not a member of the org.
    pub(crate) fn not_a_member() -> Outcome {
        Outcome { code: Code::NotAMember, permission: None, workspace: None, role: None }
    }

    /// The decision, with its message written for `org` (the org it was found in).
    pub fn decision(self, org: &Org) -> Decision {
        let p = self.permission.map_or("", Permission::as_str);
        match self.code {
            Code::Allowed => Decision::allow(Code::Allowed, concat(&["holds `", p, "`"])),
            Code::NotAMember => not_a_member(org),
            Code::MemberPending => pending_membership(org),
            Code::NotAWorkspaceMember => {
                let ws = self.workspace.and_then(|w| org.workspaces.get(w)).map_or("", |w| w.name.as_str());
                Decision::deny(Code::NotAWorkspaceMember, concat(&["not a member of workspace `", ws, "`"]))
            }
            Code::PatNotAllowedForViewer => Decision::deny(
                Code::PatNotAllowedForViewer,
                "Organization Viewers cannot create personal access tokens",
            ),
            code => {
                let (kind, role) = match self.role {
                    Some(NamedRole::Workspace(r)) => ("workspace role `", org.role_id(r)),
                    Some(NamedRole::Org(r)) => ("org role `", r.id()),
                    None => ("org role `", ""),
                };
                Decision::deny(code, concat(&[kind, role, "` does not hold `", p, "`"]))
            }
        }
    }
}

crate::json::wire! {
    /// What a user may do in an org or workspace, for UIs that hide buttons.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EffectivePermissions: write {
        /// The member's org role as acted on (single-workspace plans: Admin); absent for non-members.
        pub org_role: Option<OrgRole> = "orgRole",
        /// The member's workspace role id there, when a workspace was named and they hold one.
        pub workspace_role: Option<String> = "workspaceRole",
        /// The role they act with there: `WORKSPACE_ADMIN` for Org Admins (member
        /// or not) and, without RBAC, for every workspace member; else `workspaceRole`.
        pub effective_workspace_role: Option<String> = "effectiveWorkspaceRole",
        pub org_permissions: Vec<OrgPermission> = "orgPermissions",
        pub workspace_permissions: Vec<WorkspacePermission> = "workspacePermissions",
        /// Why the lists are empty, when they are (`MEMBER_PENDING`, `NOT_A_MEMBER`, ...).
        pub reason: Option<Code> = "reason",
    }
}

/// A permission query with its ids resolved: org, workspace, permission, member.
pub(crate) type Query<'a> = (&'a Org, Option<usize>, Permission, Option<&'a Member>);

impl Engine {
    /// Fast path: may `user` use `permission` in `org` (and `workspace`)?
    /// No allocation on success; errors for unknown ids or permissions.
    pub fn can(&self, user: &str, org: &str, workspace: Option<&str>, permission: &str) -> Result<bool, CheckError> {
        let (org, ws, p, m) = self.resolve_query(user, org, workspace, permission)?;
        Ok(m.is_some_and(|m| holds(org, Subject::Member(m), ws, p)))
    }

    /// A permission check with its reason.
    pub fn check(
        &self,
        user: &str,
        org: &str,
        workspace: Option<&str>,
        permission: &str,
    ) -> Result<Decision, CheckError> {
        let (org, ws, p, m) = self.resolve_query(user, org, workspace, permission)?;
        Ok(match m {
            None => not_a_member(org),
            Some(m) => decide(org, Subject::Member(m), ws, p),
        })
    }

    fn resolve_query<'a>(
        &'a self,
        user: &str,
        org_id: &str,
        workspace: Option<&str>,
        permission: &str,
    ) -> Result<Query<'a>, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let ws = match workspace {
            Some(w) => Some(self.workspace_in(org, "workspaceId", w)?),
            None => None,
        };
        let p = self.permission("permission", permission)?;
        if matches!(p, Permission::Workspace(_)) && ws.is_none() {
            return Err(CheckError::invalid(
                "workspaceId",
                format!("`{permission}` is a workspace permission; name the workspace"),
            ));
        }
        let m = org.member_by_user(user);
        if m.is_none() {
            self.require_user("userId", user)?;
        }
        Ok((org, ws, p, m))
    }

    /// The effective permissions of `user` in `org`, and in `workspace` if named.
    pub fn permissions(
        &self,
        user: &str,
        org_id: &str,
        workspace: Option<&str>,
    ) -> Result<EffectivePermissions, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let ws = match workspace {
            Some(w) => Some(self.workspace_in(org, "workspaceId", w)?),
            None => None,
        };
        let Some(m) = self.membership(org, "userId", user)? else {
            return Ok(EffectivePermissions {
                org_role: None,
                workspace_role: None,
                effective_workspace_role: None,
                org_permissions: vec![],
                workspace_permissions: vec![],
                reason: Some(Code::NotAMember),
            });
        };
        let s = Subject::Member(m);
        let org_permissions: Vec<OrgPermission> =
            OrgPermission::ALL.into_iter().filter(|p| org_permission(org, s, *p).is_ok()).collect();
        let (workspace_permissions, ws_reason) = match ws {
            None => (vec![], None),
            Some(w) => match workspace_permissions(org, s, w) {
                Ok(set) => (set.iter().collect(), None),
                Err(code) => (vec![], Some(code)),
            },
        };
        let reason = if !m.is_active() { Some(Code::MemberPending) } else { ws_reason };
        Ok(EffectivePermissions {
            org_role: Some(org.effective_org_role(m)),
            workspace_role: ws.and_then(|w| m.role_in(w)).map(|r| org.role_id(r).to_string()),
            effective_workspace_role: ws.and_then(|w| effective_workspace_role(org, s, w)).map(str::to_string),
            org_permissions,
            workspace_permissions,
            reason,
        })
    }
}
