//! Organization administration (DOMAIN §2, §3, §6, §7, §8): what
//! `organization:manage` covers, and the Operator limits on it.

use crate::access::{decide, Subject};
use crate::decision::{Code, Decision};
use crate::directory::{Org, Plan, RoleRef};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::groups::resolve_group_name;
use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use crate::permissions::{OrgPermission, Permission, WorkspacePermission};
use crate::rules::{active_member, custom_roles_available, is_operator, restricted_roles_available};

/// An administrative action on an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgAction {
    UpdateOrgInfo,
    /// Security settings: `unshare_all`, `disable_public_sharing` (Org Admin only).
    UpdateSecuritySettings,
    CreateWorkspace,
    DeleteWorkspace {
        workspace_id: String,
    },
    /// Create or edit custom roles (Org Admin only, RBAC).
    ManageCustomRoles,
    DeleteCustomRole {
        role_id: String,
    },
    /// Mark a role restricted (Admin or Operator, Enterprise).
    MarkRoleRestricted {
        role_id: String,
    },
    /// SSO, login methods and SCIM settings.
    ManageSsoSettings,
    SetDefaultSsoProvision,
    ManageBilling,
    CreateOrgServiceKey,
    CreateWorkspaceServiceKey {
        workspace_ids: Vec<String>,
    },
}

impl OrgAction {
    /// Every `action` name.
    pub const NAMES: [&'static str; 12] = [
        "updateOrgInfo",
        "updateSecuritySettings",
        "createWorkspace",
        "deleteWorkspace",
        "manageCustomRoles",
        "deleteCustomRole",
        "markRoleRestricted",
        "manageSsoSettings",
        "setDefaultSsoProvision",
        "manageBilling",
        "createOrgServiceKey",
        "createWorkspaceServiceKey",
    ];

    /// The `action` name of this action.
    pub fn name(&self) -> &'static str {
        match self {
            Self::UpdateOrgInfo => "updateOrgInfo",
            Self::UpdateSecuritySettings => "updateSecuritySettings",
            Self::CreateWorkspace => "createWorkspace",
            Self::DeleteWorkspace { .. } => "deleteWorkspace",
            Self::ManageCustomRoles => "manageCustomRoles",
            Self::DeleteCustomRole { .. } => "deleteCustomRole",
            Self::MarkRoleRestricted { .. } => "markRoleRestricted",
            Self::ManageSsoSettings => "manageSsoSettings",
            Self::SetDefaultSsoProvision => "setDefaultSsoProvision",
            Self::ManageBilling => "manageBilling",
            Self::CreateOrgServiceKey => "createOrgServiceKey",
            Self::CreateWorkspaceServiceKey { .. } => "createWorkspaceServiceKey",
        }
    }
}

impl FromJson for OrgAction {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::object(v, at, "an action object (`{ action: ... }`)")?;
        let name = f.tag("action", &Self::NAMES)?;
        Ok(match name {
            "updateOrgInfo" => {
                f.only(&["action"])?;
                Self::UpdateOrgInfo
            }
            "updateSecuritySettings" => {
                f.only(&["action"])?;
                Self::UpdateSecuritySettings
            }
            "createWorkspace" => {
                f.only(&["action"])?;
                Self::CreateWorkspace
            }
            "deleteWorkspace" => {
                f.only(&["action", "workspaceId"])?;
                Self::DeleteWorkspace { workspace_id: f.req("workspaceId")? }
            }
            "manageCustomRoles" => {
                f.only(&["action"])?;
                Self::ManageCustomRoles
            }
            "deleteCustomRole" => {
                f.only(&["action", "roleId"])?;
                Self::DeleteCustomRole { role_id: f.req("roleId")? }
            }
            "markRoleRestricted" => {
                f.only(&["action", "roleId"])?;
                Self::MarkRoleRestricted { role_id: f.req("roleId")? }
            }
            "manageSsoSettings" => {
                f.only(&["action"])?;
                Self::ManageSsoSettings
            }
            "setDefaultSsoProvision" => {
                f.only(&["action"])?;
                Self::SetDefaultSsoProvision
            }
            "manageBilling" => {
                f.only(&["action"])?;
                Self::ManageBilling
            }
            "createOrgServiceKey" => {
                f.only(&["action"])?;
                Self::CreateOrgServiceKey
            }
            "createWorkspaceServiceKey" => {
                f.only(&["action", "workspaceIds"])?;
                Self::CreateWorkspaceServiceKey { workspace_ids: f.req("workspaceIds")? }
            }
            _ => return Err(at.error(format!("unknown action `{name}`"))),
        })
    }
}

crate::json::ts_text!(
    OrgAction,
    r#"/** An administrative action on an organization, tagged on `action`. */
export type OrgAction =
  | { action: "updateOrgInfo" }
  | { action: "updateSecuritySettings" }
  | { action: "createWorkspace" }
  | { action: "deleteWorkspace"; workspaceId: string }
  | { action: "manageCustomRoles" }
  | { action: "deleteCustomRole"; roleId: string }
  | { action: "markRoleRestricted"; roleId: WorkspaceRoleId }
  | { action: "manageSsoSettings" }
  | { action: "setDefaultSsoProvision" }
  | { action: "manageBilling" }
  | { action: "createOrgServiceKey" }
  | { action: "createWorkspaceServiceKey"; workspaceIds: string[] };
"#
);
crate::json::serde_via_json!(OrgAction);

impl ToJson for OrgAction {
    fn to_json(&self) -> Json<'_> {
        let o = Obj::new().value("action", Json::from(self.name()));
        match self {
            Self::DeleteWorkspace { workspace_id } => o.field("workspaceId", workspace_id).done(),
            Self::DeleteCustomRole { role_id } => o.field("roleId", role_id).done(),
            Self::MarkRoleRestricted { role_id } => o.field("roleId", role_id).done(),
            Self::CreateWorkspaceServiceKey { workspace_ids } => o.field("workspaceIds", workspace_ids).done(),
            _ => o.done(),
        }
    }
}

impl Engine {
    /// May `actor` perform the administrative `action` in `org`?
    pub fn can_administer(&self, actor: &str, org_id: &str, action: &OrgAction) -> Result<Decision, CheckError> {
        use OrgAction as A;
        let (oi, org) = self.org_at("orgId", org_id)?;
        let a = self.membership(org, "actorId", actor)?;
        let ws = |id: &str, path: &str| self.workspace_in(org, path, id);
        let role = |id: &str| {
            org.find_role(id).ok_or_else(|| CheckError::UnknownRole {
                path: "action.roleId".into(),
                value: id.into(),
                expected: format!("one of {}", org.role_ids()),
            })
        };
        // Resolve ids first: bad input is an error whoever asks.
        let (ws_ids, role_ref) = match action {
            A::DeleteWorkspace { workspace_id } => (vec![ws(workspace_id, "action.workspaceId")?], None),
            A::CreateWorkspaceServiceKey { workspace_ids } => {
                let mut v = Vec::with_capacity(workspace_ids.len());
                for (i, w) in workspace_ids.iter().enumerate() {
                    v.push(ws(w, &format!("action.workspaceIds[{i}]"))?);
                }
                if v.is_empty() {
                    return Err(CheckError::invalid("action.workspaceIds", "name at least one workspace"));
                }
                (v, None)
            }
            A::DeleteCustomRole { role_id } | A::MarkRoleRestricted { role_id } => (vec![], Some(role(role_id)?)),
            _ => (vec![], None),
        };

        let actor = match active_member(org, a) {
            Ok(m) => m,
            Err(d) => return Ok(d),
        };
        let s = Subject::Member(actor);
        let manage = decide(org, s, None, Permission::Org(OrgPermission::Manage));
        let operator = is_operator(org, actor);
        // Admin-only actions: Operators hold organization:manage but not these
        // (DOMAIN §2, the stricter reading where the docs conflict).
        let admin_only = |what: &str| {
            if !manage.allowed && manage.code == Code::PermissionDenied {
                // Without `organization:manage` (Org User / Viewer): say who may.
                Decision::deny(Code::OrgAdminRequired, format!("only an Organization Admin may {what}"))
            } else if !manage.allowed {
                manage.clone()
            } else if operator {
                Decision::deny(Code::OperatorNotAllowed, format!("Organization Operators may not {what}"))
            } else {
                manage.clone()
            }
        };

        Ok(match action {
            A::UpdateOrgInfo => manage,
            A::UpdateSecuritySettings => admin_only("change security settings"),
            A::ManageSsoSettings => admin_only("change SSO, login-method or SCIM settings"),
            A::SetDefaultSsoProvision => admin_only("change the default SSO provisioning"),
            A::ManageBilling => admin_only("manage billing"),
            A::CreateOrgServiceKey => admin_only("create org-wide service keys"),
            A::CreateWorkspace => match (manage.allowed, org.plan) {
                (true, Plan::SingleWorkspace) => {
                    Decision::deny(Code::SingleWorkspacePlan, format!("`{}` is on a single-workspace plan", org.name))
                }
                _ => manage,
            },
            A::DeleteWorkspace { .. } => {
                let only_default =
                    self.dir.default_org == Some(oi) && org.sso.workspaces.as_slice() == ws_ids.as_slice();
                if manage.allowed && only_default {
                    Decision::deny(
                        Code::WorkspaceIsOnlySsoDefault,
                        "the workspace is the only default workspace of the SSO settings; set another default first",
                    )
                } else if manage.allowed && operator {
                    // Operators reach only the workspaces they created or were added to.
                    let ws_manage = Permission::Workspace(WorkspacePermission::WorkspacesManage);
                    ws_ids.first().map_or(manage, |w| decide(org, s, Some(*w), ws_manage))
                } else {
                    manage
                }
            }
            A::ManageCustomRoles | A::DeleteCustomRole { .. } => {
                let d = admin_only("create, edit or delete custom roles");
                if !d.allowed {
                    d
                } else if let Err(denial) = custom_roles_available(org) {
                    denial
                } else if let Some(r) = role_ref {
                    custom_role_deletion(org, r).unwrap_or(d)
                } else {
                    d
                }
            }
            A::MarkRoleRestricted { .. } => match restricted_roles_available(org) {
                Err(denial) if manage.allowed => denial,
                _ => manage,
            },
            A::CreateWorkspaceServiceKey { .. } => {
                let keys = Permission::Workspace(WorkspacePermission::WorkspacesManageKeys);
                ws_ids.iter().map(|w| decide(org, s, Some(*w), keys)).find(|d| !d.allowed).unwrap_or_else(|| {
                    Decision::allow(Code::Allowed, "holds `workspaces:manage-keys` in every workspace named")
                })
            }
        })
    }
}

/// Why a custom role cannot be deleted, if it cannot (DOMAIN §3).
fn custom_role_deletion(org: &Org, r: RoleRef) -> Option<Decision> {
    if let RoleRef::Builtin(b) = r {
        return Some(Decision::deny(Code::RoleIsBuiltIn, format!("`{}` is a built-in role", b.id())));
    }
    let name = org.role_id(r);
    if let Some(m) = org.members.iter().find(|m| m.workspaces.iter().any(|(_, x)| *x == r)) {
        return Some(Decision::deny(Code::RoleInUse, format!("`{name}` is assigned to member `{}`", m.id)));
    }
    if org.service_keys.iter().any(|k| k.workspace_role == r) {
        return Some(Decision::deny(Code::RoleInUse, format!("`{name}` is the role of a service key")));
    }
    if org.sso.role == r {
        return Some(Decision::deny(Code::RoleInUse, format!("`{name}` is the SSO default workspace role")));
    }
    if let Some(g) = org
        .groups
        .iter()
        .find(|g| resolve_group_name(org, g).is_some_and(|m| m.workspace.is_some_and(|(_, role)| role == r)))
    {
        return Some(Decision::deny(Code::RoleInUse, format!("`{name}` is mapped by group `{g}`")));
    }
    None
}
