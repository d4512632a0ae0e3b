//! Workspace roles: the default one, workspace RBAC and restricted roles.

use crate::decision::{Code, Decision};
use crate::directory::{Org, RoleRef};
use crate::roles::{BuiltinWorkspaceRole, OrgRole};

const ADMIN: RoleRef = RoleRef::Builtin(BuiltinWorkspaceRole::Admin);

/// The workspace role someone acts with in a workspace, given their org
/// role and the role they hold there (`held`, asked only when needed). An
/// Organization Admin "acts as workspace Admin in every workspace of the
/// org, member or not" (DOMAIN §2), and "without RBAC every workspace member
/// acts as workspace Admin" (DOMAIN §1); otherwise the role held, if any.
/// Whether they are active is the caller's concern.
#[inline]
pub(crate) fn acting_workspace_role(
    org: &Org,
    org_role: OrgRole,
    held: impl FnOnce() -> Option<RoleRef>,
) -> Option<RoleRef> {
    if org_role == OrgRole::OrganizationAdmin {
        return Some(ADMIN);
    }
    match held() {
        Some(_) if !org.rbac => Some(ADMIN),
        held => held,
    }
}

/// The workspace role given when none is named (an invite, or adding an
/// org member to a workspace): `WORKSPACE_VIEWER` with workspace RBAC, and
/// `WORKSPACE_ADMIN` without it, since "without RBAC every workspace member
/// acts as workspace Admin" (DOMAIN §1, §4).
pub(crate) fn default_workspace_role(org: &Org) -> RoleRef {
    if org.rbac {
        RoleRef::Builtin(BuiltinWorkspaceRole::Viewer)
    } else {
        ADMIN
    }
}

/// May `role` be held in this org's workspaces? "Workspace RBAC (choosing a
/// workspace role other than Admin, custom roles) is an Enterprise
/// feature ... an invite may not name a workspace role" (DOMAIN §1).
/// `Err` is the one denial (`RBAC_REQUIRED`).
pub(crate) fn rbac_allows_role(org: &Org, role: RoleRef) -> Result<(), Decision> {
    if org.rbac || role == ADMIN {
        Ok(())
    } else {
        Err(Decision::deny(
            Code::RbacRequired,
            format!(
                "`{}` needs workspace RBAC; without it every workspace member is `{}`",
                org.role_id(role),
                BuiltinWorkspaceRole::Admin.id()
            ),
        ))
    }
}

/// May this org have custom workspace roles? They are "Enterprise + RBAC"
/// (DOMAIN §3). `Err` is the one denial (`RBAC_REQUIRED`).
pub(crate) fn custom_roles_available(org: &Org) -> Result<(), Decision> {
    if org.rbac {
        Ok(())
    } else {
        Err(Decision::deny(Code::RbacRequired, "custom roles need workspace RBAC (Enterprise)"))
    }
}

/// May roles be marked restricted in this org? "Restricted roles
/// (Enterprise)" (DOMAIN §3); workspace RBAC is the Enterprise switch the
/// directory carries. `Err` is the one denial (`RBAC_REQUIRED`).
pub(crate) fn restricted_roles_available(org: &Org) -> Result<(), Decision> {
    if org.rbac {
        Ok(())
    } else {
        Err(Decision::deny(Code::RbacRequired, "restricted roles are an Enterprise feature"))
    }
}

/// May an actor give `role` to someone in a workspace (by invite, by
/// adding them, or by changing their role)? The role must exist without
/// RBAC ([`rbac_allows_role`], DOMAIN §1), and a restricted role needs an
/// actor "whose role in that workspace is the built-in Workspace Admin (Org
/// Admins count); holding `workspaces:manage-members` through a custom role
/// is not enough" (DOMAIN §3): `actor_is_workspace_admin` says whether the
/// active actor acts there as `WORKSPACE_ADMIN` ([`acting_workspace_role`]).
/// The actor's permission to manage members at all is checked by the
/// caller. `Err` is the denial.
pub(crate) fn may_assign_role(org: &Org, role: RoleRef, actor_is_workspace_admin: bool) -> Result<(), Decision> {
    rbac_allows_role(org, role)?;
    if org.is_restricted(role) && !actor_is_workspace_admin {
        return Err(Decision::deny(
            Code::RestrictedRoleRequiresWorkspaceAdmin,
            format!("`{}` is restricted; only a Workspace Admin may assign it", org.role_id(role)),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::org_of;

    const ROLES: &str = r#""roles": [
            {"id": "role-annotator", "name": "Annotators", "permissions": ["runs:read"]},
            {"id": "role-managers", "name": "Member Managers", "permissions": ["workspaces:read", "workspaces:manage-members"]}],
        "restrictedRoles": ["WORKSPACE_EDITOR", "role-annotator"],
        "members": [
            {"id": "m-admin", "userId": "u-admin", "email": "admin@example.com", "orgRole": "ORGANIZATION_ADMIN"},
            {"id": "m-wsadmin", "userId": "u-wsadmin", "email": "wsadmin@example.com", "orgRole": "ORGANIZATION_USER",
             "workspaces": {"w1": "WORKSPACE_ADMIN"}},
            {"id": "m-manager", "userId": "u-manager", "email": "manager@example.com", "orgRole": "ORGANIZATION_USER",
             "workspaces": {"w1": "role-managers"}},
            {"id": "m-pending", "email": "pending@example.com", "orgRole": "ORGANIZATION_ADMIN", "status": "pending"}]"#;

    fn rbac_org() -> Result<Org, String> {
        org_of(&format!(r#"{{"rbac": true, {ROLES}}}"#))
    }

    fn plain_org() -> Result<Org, String> {
        org_of(
            r#"{"rbac": false, "members": [{"id": "m-user", "userId": "u-user", "email": "user@example.com",
            "orgRole": "ORGANIZATION_USER", "workspaces": {"w1": "WORKSPACE_ADMIN"}}]}"#,
        )
    }

    fn role(org: &Org, id: &str) -> Result<RoleRef, String> {
        org.find_role(id).ok_or_else(|| format!("no role {id}"))
    }

    /// Is member `id` the built-in Workspace Admin of workspace `ws`?
    fn admin_of(org: &Org, id: &str, ws: usize) -> Result<bool, String> {
        let m = org.member_by_id(id).ok_or_else(|| format!("no member {id}"))?;
        Ok(m.is_active() && acting_workspace_role(org, org.effective_org_role(m), || m.role_in(ws)) == Some(ADMIN))
    }

    /// DOMAIN §2: an Org Admin "acts as workspace Admin in every workspace of the org, member or not";
    /// DOMAIN §1: "without RBAC every workspace member acts as workspace Admin".
    #[test]
    fn org_admins_and_members_without_rbac_act_as_workspace_admin() -> Result<(), String> {
        let (rbac, plain) = (rbac_org()?, plain_org()?);
        let annotator = role(&rbac, "role-annotator")?;
        let viewer = RoleRef::Builtin(BuiltinWorkspaceRole::Viewer);
        for org in [&rbac, &plain] {
            assert_eq!(acting_workspace_role(org, OrgRole::OrganizationAdmin, || None), Some(ADMIN));
            assert_eq!(acting_workspace_role(org, OrgRole::OrganizationAdmin, || Some(viewer)), Some(ADMIN));
            assert_eq!(acting_workspace_role(org, OrgRole::OrganizationUser, || None), None);
            assert_eq!(acting_workspace_role(org, OrgRole::OrganizationOperator, || None), None);
        }
        assert_eq!(acting_workspace_role(&rbac, OrgRole::OrganizationUser, || Some(viewer)), Some(viewer));
        assert_eq!(acting_workspace_role(&rbac, OrgRole::OrganizationViewer, || Some(annotator)), Some(annotator));
        assert_eq!(acting_workspace_role(&plain, OrgRole::OrganizationUser, || Some(ADMIN)), Some(ADMIN));
        Ok(())
    }

    /// DOMAIN §1: "without RBAC every workspace member acts as workspace Admin".
    #[test]
    fn the_default_role_is_viewer_with_rbac_and_admin_without() -> Result<(), String> {
        assert_eq!(default_workspace_role(&rbac_org()?), RoleRef::Builtin(BuiltinWorkspaceRole::Viewer));
        assert_eq!(default_workspace_role(&plain_org()?), ADMIN);
        Ok(())
    }

    /// DOMAIN §1: "Workspace RBAC (choosing a workspace role other than Admin, custom roles) is an Enterprise feature".
    #[test]
    fn without_rbac_only_admin_may_be_named() -> Result<(), String> {
        let (rbac, plain) = (rbac_org()?, plain_org()?);
        for b in BuiltinWorkspaceRole::ALL {
            assert_eq!(rbac_allows_role(&rbac, RoleRef::Builtin(b)), Ok(()));
            let without = rbac_allows_role(&plain, RoleRef::Builtin(b));
            if b == BuiltinWorkspaceRole::Admin {
                assert_eq!(without, Ok(()));
            } else {
                let d = without.err().ok_or("allowed")?;
                assert_eq!(d.code, Code::RbacRequired);
                assert_eq!(
                    d.message,
                    format!(
                        "`{}` needs workspace RBAC; without it every workspace member is `WORKSPACE_ADMIN`",
                        b.id()
                    )
                );
            }
        }
        assert_eq!(rbac_allows_role(&rbac, role(&rbac, "role-annotator")?), Ok(()));
        Ok(())
    }

    /// DOMAIN §3: "Only a member whose role in that workspace is the built-in Workspace Admin (Org Admins count)
    /// may assign a restricted role; holding `workspaces:manage-members` through a custom role is not enough."
    #[test]
    fn restricted_roles_need_a_builtin_workspace_admin() -> Result<(), String> {
        let org = rbac_org()?;
        let (editor, annotator, viewer) =
            (role(&org, "WORKSPACE_EDITOR")?, role(&org, "role-annotator")?, role(&org, "WORKSPACE_VIEWER")?);
        for restricted in [editor, annotator] {
            assert_eq!(may_assign_role(&org, restricted, admin_of(&org, "m-admin", 0)?), Ok(()), "Org Admins count");
            assert_eq!(may_assign_role(&org, restricted, admin_of(&org, "m-admin", 1)?), Ok(()), "in every workspace");
            assert_eq!(may_assign_role(&org, restricted, admin_of(&org, "m-wsadmin", 0)?), Ok(()));
            for (who, ws) in [("m-manager", 0), ("m-wsadmin", 1), ("m-pending", 0)] {
                let d = may_assign_role(&org, restricted, admin_of(&org, who, ws)?).err().ok_or("allowed")?;
                assert_eq!(d.code, Code::RestrictedRoleRequiresWorkspaceAdmin, "{who} in {ws}");
                assert!(d.message.ends_with("is restricted; only a Workspace Admin may assign it"), "{}", d.message);
            }
        }
        assert_eq!(may_assign_role(&org, viewer, admin_of(&org, "m-manager", 0)?), Ok(()), "not restricted");
        Ok(())
    }

    /// DOMAIN §3: "Custom workspace roles (Enterprise + RBAC)", "Restricted roles (Enterprise)".
    #[test]
    fn custom_and_restricted_roles_need_rbac() -> Result<(), String> {
        let (rbac, plain) = (rbac_org()?, plain_org()?);
        assert_eq!(custom_roles_available(&rbac), Ok(()));
        assert_eq!(restricted_roles_available(&rbac), Ok(()));
        assert_eq!(custom_roles_available(&plain).err().map(|d| d.code), Some(Code::RbacRequired));
        assert_eq!(restricted_roles_available(&plain).err().map(|d| d.code), Some(Code::RbacRequired));
        Ok(())
    }

    /// DOMAIN §1 before §3: without RBAC a role other than Admin is refused whoever assigns it.
    #[test]
    fn assigning_checks_rbac_first() -> Result<(), String> {
        let org = plain_org()?;
        assert!(admin_of(&org, "m-user", 0)?, "every member acts as Admin without RBAC");
        let d = may_assign_role(&org, role(&org, "WORKSPACE_VIEWER")?, true).err().ok_or("allowed")?;
        assert_eq!(d.code, Code::RbacRequired);
        assert_eq!(may_assign_role(&org, ADMIN, true), Ok(()));
        Ok(())
    }
}
