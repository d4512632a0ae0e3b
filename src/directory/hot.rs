//! Hot records: what a check on handles reads about a user, packed into 16
//! bytes per user so that the check touches one cache line for it.
//!
//! `Directory::user_hot[u]` mirrors the membership `user_slots[u]` points
//! at (the user's first): its org, org role, status and its first
//! [`INLINE`] workspace memberships. A check on handles in that org, about
//! a workspace the record covers, reads nothing else of the user; any other
//! query (another org, a membership beyond the inline ones, a position too
//! large to pack) reads the slot and the member as before.
//!
//! The records are derived data: the builder fills them once
//! ([`Directory::fill_hot`]), and every change that moves a slot or edits
//! a member's role, status or memberships refreshes the records it touches
//! (`changes.rs`). [`Directory::hot_records_agree`] compares every record
//! with one computed afresh.

use super::{Directory, Member, RoleRef, UserSlot};
use crate::directory::MemberStatus;
use crate::roles::{BuiltinWorkspaceRole, OrgRole};

/// Workspace memberships held in the record itself.
pub(crate) const INLINE: usize = 3;

/// `org` of a record that answers nothing (a listed user, or a membership
/// whose org position does not fit).
const NO_ORG: u32 = u32::MAX;

const PENDING: u8 = 1 << 2;
const LEN_SHIFT: u8 = 3;
const COMPLETE: u8 = 1 << 5;

/// One user's hot record (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hot {
    /// Position of the org of the membership, or [`NO_ORG`].
    org: u32,
    /// Workspace positions of the first `len` memberships.
    ws: [u16; INLINE],
    /// Their roles: a built-in role's position in
    /// [`BuiltinWorkspaceRole::ALL`], or that count plus a custom role's position.
    roles: [u8; INLINE],
    /// Bits 0–1: the org role's position in [`OrgRole::ALL`]; bit 2:
    /// pending; bits 3–4: `len`; bit 5: every membership is inline.
    meta: u8,
}

/// A member as a check reads it from a [`Hot`] record, for one workspace
/// (or none): `role` is the role held in that workspace.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HotMember {
    pub org_role: OrgRole,
    pub active: bool,
    pub workspace: Option<usize>,
    pub role: Option<RoleRef>,
}

const BUILTIN: usize = BuiltinWorkspaceRole::ALL.len();

fn role_code(r: RoleRef) -> Option<u8> {
    match r {
        RoleRef::Builtin(b) => {
            BuiltinWorkspaceRole::ALL.iter().position(|x| *x == b).and_then(|i| u8::try_from(i).ok())
        }
        RoleRef::Custom(i) => u8::try_from(i.checked_add(BUILTIN)?).ok(),
    }
}

fn role_of(code: u8) -> RoleRef {
    let i = usize::from(code);
    match BuiltinWorkspaceRole::ALL.get(i) {
        Some(b) => RoleRef::Builtin(*b),
        None => RoleRef::Custom(i - BUILTIN),
    }
}

fn org_role_code(r: OrgRole) -> u8 {
    match r {
        OrgRole::OrganizationAdmin => 0,
        OrgRole::OrganizationOperator => 1,
        OrgRole::OrganizationUser => 2,
        OrgRole::OrganizationViewer => 3,
    }
}

fn org_role_of(code: u8) -> OrgRole {
    match code & 3 {
        0 => OrgRole::OrganizationAdmin,
        1 => OrgRole::OrganizationOperator,
        2 => OrgRole::OrganizationUser,
        _ => OrgRole::OrganizationViewer,
    }
}

impl Hot {
    /// The record of a user with no membership to mirror.
    pub(crate) const NONE: Hot = Hot { org: NO_ORG, ws: [0; INLINE], roles: [0; INLINE], meta: 0 };

    /// The record of member `m` of org `org`.
    pub(crate) fn of(org: usize, m: &Member) -> Hot {
        let Some(org) = u32::try_from(org).ok().filter(|o| *o != NO_ORG) else { return Hot::NONE };
        let mut h = Hot { org, ..Hot::NONE };
        let mut len = 0;
        for &(w, r) in &m.workspaces {
            let (Some(slot_ws), Some(slot_role)) = (h.ws.get_mut(len), h.roles.get_mut(len)) else { break };
            let (Ok(w), Some(r)) = (u16::try_from(w), role_code(r)) else { break };
            (*slot_ws, *slot_role) = (w, r);
            len += 1;
        }
        h.meta = org_role_code(m.org_role) | ((len as u8) << LEN_SHIFT);
        if m.status == MemberStatus::Pending {
            h.meta |= PENDING;
        }
        if len == m.workspaces.len() {
            h.meta |= COMPLETE;
        }
        h
    }

    /// The member in org `org`, asked about workspace `ws`, when this
    /// record knows it; `None` sends the check to the slot and the member.
    #[inline]
    pub(crate) fn member(&self, org: usize, ws: Option<usize>) -> Option<HotMember> {
        if self.org as usize != org || self.org == NO_ORG {
            return None;
        }
        let role = match ws {
            None => None,
            Some(w) => {
                let len = usize::from((self.meta >> LEN_SHIFT) & 3);
                let found = self.ws.iter().zip(&self.roles).take(len).find(|(x, _)| usize::from(**x) == w);
                match found {
                    Some((_, r)) => Some(role_of(*r)),
                    None if self.meta & COMPLETE != 0 => None,
                    None => return None,
                }
            }
        };
        Some(HotMember { org_role: org_role_of(self.meta), active: self.meta & PENDING == 0, workspace: ws, role })
    }
}

impl HotMember {
    /// The role held in `ws` (`None` for a workspace other than the one asked about).
    pub(crate) fn role_in(&self, ws: usize) -> Option<RoleRef> {
        self.role.filter(|_| self.workspace == Some(ws))
    }
}

impl Directory {
    /// The record of the membership `slot` points at.
    fn hot_record(&self, slot: &UserSlot) -> Hot {
        match *slot {
            UserSlot::Member(o, m) => {
                self.orgs.get(o).and_then(|org| org.members.get(m)).map_or(Hot::NONE, |x| Hot::of(o, x))
            }
            UserSlot::Listed(_) => Hot::NONE,
        }
    }

    /// Every user's record, from the slots (once the slots are final).
    pub(crate) fn fill_hot(&mut self) {
        let hot = self.user_slots.iter().map(|s| self.hot_record(s)).collect();
        self.user_hot = hot;
    }

    /// Recomputes the record of user slot `s` (after its slot or its member changed).
    pub(crate) fn refresh_hot(&mut self, s: usize) {
        let Some(h) = self.user_slots.get(s).map(|slot| self.hot_record(slot)) else { return };
        if let Some(x) = self.user_hot.get_mut(s) {
            *x = h;
        }
    }

    /// The member at (`oi`, `pos`) changed: recomputes its user's record
    /// if its slot points at that member.
    pub(crate) fn refresh_hot_of_member(&mut self, oi: usize, pos: usize) {
        let Some(u) = self.orgs.get(oi).and_then(|o| o.members.get(pos)).and_then(|m| m.user_id.as_deref()) else {
            return;
        };
        if let Some(s) = self.user_position(u) {
            if matches!(self.user_slots.get(s), Some(UserSlot::Member(o, p)) if *o == oi && *p == pos) {
                self.refresh_hot(s);
            }
        }
    }

    /// Does every user's hot record equal the one computed afresh from its
    /// slot and member? (For tests and diagnostics: a record that went
    /// stale after a change would make checks on handles answer wrongly.)
    pub fn hot_records_agree(&self) -> bool {
        self.user_hot.len() == self.user_slots.len()
            && self.user_slots.iter().zip(&self.user_hot).all(|(s, h)| self.hot_record(s) == *h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, InstanceConfig};

    fn sample() -> Engine {
        let text = include_str!("../../examples/sample-directory.json");
        Engine::from_json(InstanceConfig::default(), text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_record_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Hot>(), 16);
    }

    #[test]
    fn records_mirror_members_and_stale_ones_are_noticed() {
        let e = sample();
        let mut dir = (*e.dir).clone();
        assert!(dir.hot_records_agree());
        let covered = dir.user_hot.iter().filter(|h| h.org != NO_ORG).count();
        assert!(covered > 5, "{covered} users with a record");
        // A member edited behind the records' back: the comparison fails,
        // and refreshing the member's record mends it.
        let (oi, pos) = dir
            .user_slots
            .iter()
            .find_map(|s| match *s {
                UserSlot::Member(o, m) => Some((o, m)),
                UserSlot::Listed(_) => None,
            })
            .unwrap_or_else(|| panic!("no member slot"));
        let m = &mut dir.orgs[oi].members[pos];
        m.org_role = if m.org_role == OrgRole::OrganizationViewer {
            OrgRole::OrganizationAdmin
        } else {
            OrgRole::OrganizationViewer
        };
        assert!(!dir.hot_records_agree());
        dir.refresh_hot_of_member(oi, pos);
        assert!(dir.hot_records_agree());
    }

    #[test]
    fn memberships_beyond_the_inline_ones_are_left_to_the_member() {
        let m = |n: usize| Member {
            id: "m".into(),
            user_id: Some("u".into()),
            email: "u@example.com".into(),
            org_role: OrgRole::OrganizationUser,
            status: MemberStatus::Active,
            workspaces: (0..n).map(|w| (w * 2, RoleRef::Custom(w))).collect(),
        };
        let full = Hot::of(1, &m(INLINE));
        assert_eq!(full.member(1, Some(2)).and_then(|h| h.role), Some(RoleRef::Custom(1)));
        assert!(full.member(1, Some(1)).is_some_and(|h| h.role.is_none()), "complete: not a member there");
        assert!(full.member(0, None).is_none(), "another org");
        let spilled = Hot::of(1, &m(INLINE + 1));
        assert!(spilled.member(1, Some(2 * INLINE)).is_none(), "beyond the inline memberships");
        assert!(spilled.member(1, Some(1)).is_none());
        assert_eq!(spilled.member(1, Some(0)).and_then(|h| h.role), Some(RoleRef::Custom(0)));
        let pending =
            Member { status: MemberStatus::Pending, workspaces: vec![(70_000, RoleRef::Custom(300))], ..m(0) };
        let h = Hot::of(1, &pending);
        assert!(h.member(1, None).is_some_and(|x| !x.active && x.org_role == OrgRole::OrganizationUser));
        assert!(h.member(1, Some(70_000)).is_none(), "a position too large to pack");
    }
}
