//! Organization roles: what the plan allows, newcomers, Admins and Operators.

use crate::decision::{Code, Decision};
use crate::directory::{Member, Org, Plan};
use crate::roles::OrgRole;

/// The org role a holder of `role` acts with under the org's plan: "in a
/// single-workspace organization every member is an Organization Admin"
/// (DOMAIN §1).
pub(crate) fn org_role_under_plan(org: &Org, role: OrgRole) -> OrgRole {
    match org.plan {
        Plan::SingleWorkspace => OrgRole::OrganizationAdmin,
        Plan::MultiWorkspace => role,
    }
}

impl Org {
    /// The org role a member acts with, under the plan (DOMAIN §1, through
    /// [`org_role_under_plan`]). Declared here, beside its rule, so the
    /// directory below does not reach up into the rules layer.
    pub fn effective_org_role(&self, m: &Member) -> OrgRole {
        org_role_under_plan(self, m.org_role)
    }
}

/// The org role of someone new to the org, invited from a workspace or
/// provisioned by JIT: "org role Organization User where the plan has it"
/// (DOMAIN §4, §6), Organization Admin on a single-workspace plan (DOMAIN §1).
/// It is also the default of an org-level invite that names no org role.
pub(crate) fn newcomer_org_role(org: &Org) -> OrgRole {
    org_role_under_plan(org, OrgRole::OrganizationUser)
}

/// May `role` be given in this org? "Only plans with several workspaces
/// have the Organization User / Viewer / Operator roles" (DOMAIN §1).
/// `Err` is the one denial (`ORG_ROLE_NOT_IN_PLAN`).
pub(crate) fn org_role_in_plan(org: &Org, role: OrgRole) -> Result<(), Decision> {
    if org_role_under_plan(org, role) == role {
        Ok(())
    } else {
        Err(Decision::deny(
            Code::OrgRoleNotInPlan,
            format!("`{}` does not exist on a single-workspace plan: every member is an Organization Admin", role.id()),
        ))
    }
}

/// The org role of a service key that carries none of its own: an org-wide
/// key acts as Organization Admin (org-wide keys are "Org Admin only"), a
/// workspace-scoped one as Organization User. Keys "carry their own org and
/// workspace roles" only on Enterprise (DOMAIN §7), so without workspace
/// RBAC every key acts with this role.
pub(crate) fn service_key_default_org_role(org_scoped: bool) -> OrgRole {
    if org_scoped {
        OrgRole::OrganizationAdmin
    } else {
        OrgRole::OrganizationUser
    }
}

/// Does `m` act as Organization Admin in `org`: active, and Admin by role
/// or by the plan (DOMAIN §1, §2)?
pub(crate) fn is_active_org_admin(org: &Org, m: &Member) -> bool {
    m.is_active() && org.effective_org_role(m) == OrgRole::OrganizationAdmin
}

/// Does `actor` act as Organization Operator in `org`, with the Operator
/// limits of DOMAIN §2?
pub(crate) fn is_operator(org: &Org, actor: &Member) -> bool {
    org.effective_org_role(actor) == OrgRole::OrganizationOperator
}

/// The Operator limit on membership changes: an Operator "may not invite,
/// change or remove Organization Admins, nor grant the Admin org role"
/// (DOMAIN §2, §4, §7). `target` is the org role of the member acted on
/// (`None` for someone new), `grant` the org role being given, if any.
/// `Err` is the one denial (`OPERATOR_CANNOT_MANAGE_ADMINS`).
pub(crate) fn operator_may_act_on(
    org: &Org,
    actor: &Member,
    target: Option<OrgRole>,
    grant: Option<OrgRole>,
) -> Result<(), Decision> {
    let admin = Some(OrgRole::OrganizationAdmin);
    if is_operator(org, actor) && (target == admin || grant == admin) {
        Err(Decision::deny(
            Code::OperatorCannotManageAdmins,
            "an Organization Operator cannot invite, change or remove Organization Admins, nor grant the Admin org role",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::org_of;

    const MEMBERS: &str = r#""members": [
        {"id": "m-admin", "userId": "u-admin", "email": "admin@example.com", "orgRole": "ORGANIZATION_ADMIN"},
        {"id": "m-op", "userId": "u-op", "email": "op@example.com", "orgRole": "ORGANIZATION_OPERATOR"},
        {"id": "m-user", "userId": "u-user", "email": "user@example.com", "orgRole": "ORGANIZATION_USER"},
        {"id": "m-pending-admin", "email": "pa@example.com", "orgRole": "ORGANIZATION_ADMIN", "status": "pending"}]"#;

    fn multi() -> Result<Org, String> {
        org_of(&format!("{{{MEMBERS}}}"))
    }

    fn single() -> Result<Org, String> {
        org_of(
            r#"{"plan": "singleWorkspace", "workspaces": [{"id": "w1", "name": "Main"}], "members": [
                {"id": "m-admin", "userId": "u-admin", "email": "admin@example.com", "orgRole": "ORGANIZATION_ADMIN"}]}"#,
        )
    }

    fn member<'a>(org: &'a Org, id: &str) -> Result<&'a Member, String> {
        org.member_by_id(id).ok_or_else(|| format!("no member {id}"))
    }

    /// DOMAIN §1: "in a single-workspace organization every member is an Organization Admin".
    #[test]
    fn single_workspace_plans_make_everyone_admin() -> Result<(), String> {
        let (multi, single) = (multi()?, single()?);
        for role in OrgRole::ALL {
            assert_eq!(org_role_under_plan(&multi, role), role);
            assert_eq!(org_role_under_plan(&single, role), OrgRole::OrganizationAdmin);
        }
        Ok(())
    }

    /// DOMAIN §1: a member acts with their own org role on a multi-workspace
    /// plan, and as Organization Admin on a single-workspace one.
    #[test]
    fn members_act_with_the_org_role_of_their_plan() -> Result<(), String> {
        let (multi, single) = (multi()?, single()?);
        assert_eq!(multi.effective_org_role(member(&multi, "m-user")?), OrgRole::OrganizationUser);
        assert_eq!(multi.effective_org_role(member(&multi, "m-op")?), OrgRole::OrganizationOperator);
        assert_eq!(single.effective_org_role(member(&single, "m-admin")?), OrgRole::OrganizationAdmin);
        Ok(())
    }

    /// DOMAIN §4 (workspace-level invite) and §6 (JIT): "org role Organization User where the plan has it".
    #[test]
    fn newcomers_are_org_users_where_the_plan_has_them() -> Result<(), String> {
        assert_eq!(newcomer_org_role(&multi()?), OrgRole::OrganizationUser);
        assert_eq!(newcomer_org_role(&single()?), OrgRole::OrganizationAdmin);
        Ok(())
    }

    /// DOMAIN §1: "only plans with several workspaces have the Organization User / Viewer / Operator roles".
    #[test]
    fn single_workspace_plans_have_only_the_admin_role() -> Result<(), String> {
        let (multi, single) = (multi()?, single()?);
        for role in OrgRole::ALL {
            assert_eq!(org_role_in_plan(&multi, role), Ok(()));
            let in_single = org_role_in_plan(&single, role);
            if role == OrgRole::OrganizationAdmin {
                assert_eq!(in_single, Ok(()));
            } else {
                let d = in_single.err().ok_or("allowed")?;
                assert_eq!(d.code, Code::OrgRoleNotInPlan);
                assert!(d.message.starts_with(&format!("`{}` does not exist", role.id())), "{}", d.message);
            }
        }
        Ok(())
    }

    /// DOMAIN §7: service keys "scoped to one workspace, several, or the whole org (org-wide: Org Admin only)".
    #[test]
    fn keys_without_roles_act_by_scope() {
        assert_eq!(service_key_default_org_role(true), OrgRole::OrganizationAdmin);
        assert_eq!(service_key_default_org_role(false), OrgRole::OrganizationUser);
    }

    /// DOMAIN §2: Organization Admin "acts as workspace Admin in every workspace"; pending members act as nothing.
    #[test]
    fn org_admins_are_active_admins_by_role_or_plan() -> Result<(), String> {
        let org = multi()?;
        assert!(is_active_org_admin(&org, member(&org, "m-admin")?));
        assert!(!is_active_org_admin(&org, member(&org, "m-op")?));
        assert!(!is_active_org_admin(&org, member(&org, "m-pending-admin")?));
        let single = single()?;
        assert!(is_active_org_admin(&single, member(&single, "m-admin")?));
        assert!(is_operator(&org, member(&org, "m-op")?));
        assert!(!is_operator(&org, member(&org, "m-admin")?));
        Ok(())
    }

    /// DOMAIN §2: an Operator "may not invite, change or remove Organization Admins, nor grant the Admin org role".
    #[test]
    fn operators_do_not_touch_admins() -> Result<(), String> {
        let org = multi()?;
        let (op, admin) = (member(&org, "m-op")?, member(&org, "m-admin")?);
        let (a, u) = (Some(OrgRole::OrganizationAdmin), Some(OrgRole::OrganizationUser));
        for (target, grant) in [(None, a), (a, None), (a, u), (u, a)] {
            let d = operator_may_act_on(&org, op, target, grant).err().ok_or("allowed")?;
            assert_eq!(d.code, Code::OperatorCannotManageAdmins);
            assert_eq!(operator_may_act_on(&org, admin, target, grant), Ok(()), "Admins may");
        }
        for (target, grant) in [(None, u), (u, None), (u, Some(OrgRole::OrganizationViewer)), (None, None)] {
            assert_eq!(operator_may_act_on(&org, op, target, grant), Ok(()));
        }
        Ok(())
    }
}
