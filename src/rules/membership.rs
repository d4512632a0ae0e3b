//! Membership status: who acts in an organization at all.

use crate::decision::{Code, Decision};
use crate::directory::{Member, Org};

/// The denial for someone who is not a member of `org` (DOMAIN §1: "An
/// identity is one user's membership in one organization").
pub(crate) fn not_a_member(org: &Org) -> Decision {
    Decision::deny(Code::NotAMember, format!("not a member of organization `{}`", org.name))
}

/// The denial for a pending member (DOMAIN §1: "A pending member has no
/// permissions").
pub(crate) fn pending_membership(org: &Org) -> Decision {
    Decision::deny(
        Code::MemberPending,
        format!("the membership in `{}` is pending; a pending member has no permissions", org.name),
    )
}

/// The first check every org-scoped action makes of its actor: a member,
/// and active (DOMAIN §1). `Err(decision)` is the denial to return.
pub(crate) fn active_member<'a>(org: &'a Org, m: Option<&'a Member>) -> Result<&'a Member, Decision> {
    match m {
        None => Err(not_a_member(org)),
        Some(m) if !m.is_active() => Err(pending_membership(org)),
        Some(m) => Ok(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::org_of;

    /// DOMAIN §1: "Membership has a status: active or pending ... A pending member has no permissions."
    #[test]
    fn only_active_members_act() -> Result<(), String> {
        let org = org_of(
            r#"{"members": [
                {"id": "m-active", "userId": "u-active", "email": "a@example.com", "orgRole": "ORGANIZATION_USER"},
                {"id": "m-pending", "email": "p@example.com", "orgRole": "ORGANIZATION_USER", "status": "pending"}]}"#,
        )?;
        let active = org.member_by_id("m-active");
        let pending = org.member_by_id("m-pending");
        assert_eq!(active_member(&org, active).map(|m| m.id.as_str()), Ok("m-active"));
        assert_eq!(active_member(&org, pending).err(), Some(pending_membership(&org)));
        assert_eq!(active_member(&org, None).err(), Some(not_a_member(&org)));
        assert_eq!(not_a_member(&org).code, Code::NotAMember);
        assert_eq!(not_a_member(&org).message, "not a member of organization `Acme`");
        assert_eq!(pending_membership(&org).code, Code::MemberPending);
        assert!(!pending_membership(&org).allowed && !not_a_member(&org).allowed);
        Ok(())
    }
}
