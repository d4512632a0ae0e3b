//! The user table: each user's slot (where its id and e-mail are stored)
//! packed with a hot record of the membership it points at, 12 bytes per
//! user, so that a check on handles touches one entry and nothing else of
//! the user.
//!
//! A [`UserEntry`] holds the slot ([`UserSlot`]: a listed user, or the
//! user's first membership as org and member positions) and, for a
//! membership, the member's org role, status and first [`INLINE`]
//! workspace memberships (workspace position below 32, role a built-in one
//! or one of the org's first 13 custom roles). A check on handles in that
//! org, about a workspace the entry covers, decides from the entry alone;
//! any other query (another org, a membership not held inline) reads the
//! member as before.
//!
//! The hot part is derived data: the builder packs each entry once
//! ([`Directory::set_user_slots`]), and every change that moves a slot or
//! edits a member's role, status or memberships re-packs the entries it
//! touches (`changes.rs`). [`Directory::hot_records_agree`] compares every
//! entry with one packed afresh.

use super::{Directory, Member, RoleRef, UserSlot};
use crate::directory::MemberStatus;
use crate::roles::{BuiltinWorkspaceRole, OrgRole};

/// Workspace memberships held in the entry itself (`inline_role` reads
/// exactly three).
pub(crate) const INLINE: usize = 3;

/// `org` of a listed user's entry (then `pos` is its position in `listed_users`).
const LISTED: u32 = u32::MAX;

/// `pos` bit 31: the member is pending.
const PENDING: u32 = 1 << 31;

/// `hot` bits 0–1: the org role's position in [`OrgRole::ALL`]; bit 2: some
/// membership is not inline; then [`INLINE`] memberships of [`ENTRY_BITS`]
/// each (workspace position in the low 5 bits, role code in the high 4),
/// [`EMPTY`] where there is none; bit 30: [`NO_HOT`].
const MORE: u32 = 1 << 2;
/// `hot` bit 30: the entry answers for no check (a listed user, or a slot
/// without its member), which then reads the member.
const NO_HOT: u32 = 1 << 30;
const FIRST_SHIFT: u32 = 3;
const ENTRY_BITS: u32 = 9;
const WS_BITS: u32 = 5;
const EMPTY: u32 = (1 << ENTRY_BITS) - 1;
const WS_MASK: u32 = (1 << WS_BITS) - 1;

/// One user (see the module documentation). The slot's positions must fit
/// in 32 bits (31 for a member's): a directory that large could not be held
/// in memory anyway (a member alone takes more than 50 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UserEntry {
    /// The org of the membership, or [`LISTED`].
    org: u32,
    /// The member's position in the org (with [`PENDING`]), or the listed user's position.
    pos: u32,
    /// The member's org role and inline memberships (layout at [`MORE`]).
    hot: u32,
}

const BUILTIN: usize = BuiltinWorkspaceRole::ALL.len();

/// A membership as [`ENTRY_BITS`] bits, if it fits.
fn pack_membership(ws: usize, r: RoleRef) -> Option<u32> {
    let role = match r {
        RoleRef::Builtin(b) => BuiltinWorkspaceRole::ALL.iter().position(|x| *x == b)?,
        RoleRef::Custom(i) => i.checked_add(BUILTIN)?,
    };
    let bits = u32::try_from(role).ok()? << WS_BITS | u32::try_from(ws).ok()?;
    (ws < 1 << WS_BITS && bits < EMPTY).then_some(bits)
}

#[inline(always)]
fn role_of(code: u32) -> RoleRef {
    let i = code as usize;
    match BuiltinWorkspaceRole::ALL.get(i) {
        Some(b) => RoleRef::Builtin(*b),
        None => RoleRef::Custom(i - BUILTIN),
    }
}

// The org role's position in `OrgRole::ALL` fits the two low bits of `hot`.
const _: () = assert!(OrgRole::ALL.len() == 4);

fn org_role_code(r: OrgRole) -> u32 {
    OrgRole::ALL.iter().position(|x| *x == r).map_or(0, |i| i as u32)
}

#[inline(always)]
fn org_role_of(code: u32) -> OrgRole {
    OrgRole::ALL.get((code & 3) as usize).copied().unwrap_or(OrgRole::OrganizationViewer)
}

fn position(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl UserEntry {
    /// A user listed in `users[]`, at position `i` of `listed_users`.
    pub(crate) fn listed(i: usize) -> UserEntry {
        UserEntry { org: LISTED, pos: position(i), hot: NO_HOT }
    }

    /// A user whose slot is member `m`, at position `pos` of org `org`.
    pub(crate) fn member(org: usize, pos: usize, m: &Member) -> UserEntry {
        let mut inline = [EMPTY; INLINE];
        let mut packed = 0;
        for (slot, &(w, r)) in inline.iter_mut().zip(&m.workspaces) {
            let Some(bits) = pack_membership(w, r) else { break };
            *slot = bits;
            packed += 1;
        }
        let mut hot = org_role_code(m.org_role);
        if packed < m.workspaces.len() {
            hot |= MORE;
        }
        for (k, bits) in inline.into_iter().enumerate() {
            hot |= bits << (FIRST_SHIFT + ENTRY_BITS * k as u32);
        }
        let pending = if m.status == MemberStatus::Pending { PENDING } else { 0 };
        UserEntry { org: position(org).min(LISTED - 1), pos: position(pos) & !PENDING | pending, hot }
    }

    /// Where the user's id and e-mail are stored.
    pub(crate) fn slot(&self) -> UserSlot {
        if self.org == LISTED {
            UserSlot::Listed(self.pos as usize)
        } else {
            UserSlot::Member(self.org as usize, (self.pos & !PENDING) as usize)
        }
    }

    /// Does this entry hold all a check needs about its user in org
    /// `org` and workspace `ws`? Then [`UserEntry::org_role`],
    /// [`UserEntry::is_active`] and [`UserEntry::inline_role`] answer for
    /// the member; if not, the check reads the member.
    #[inline(always)]
    pub(crate) fn answers_for(&self, org: usize, ws: Option<usize>) -> bool {
        self.org as usize == org
            && self.hot & NO_HOT == 0
            && match ws {
                None => true,
                Some(w) => self.hot & MORE == 0 || self.inline_role(w).is_some(),
            }
    }

    /// The member's org role (as held, before the plan).
    #[inline(always)]
    pub(crate) fn org_role(&self) -> OrgRole {
        org_role_of(self.hot)
    }

    #[inline(always)]
    pub(crate) fn is_active(&self) -> bool {
        self.pos & PENDING == 0
    }

    /// The role the member holds in workspace `ws` among the inline
    /// memberships (all of them when [`UserEntry::answers_for`] said so).
    pub(crate) fn inline_role(&self, ws: usize) -> Option<RoleRef> {
        // Straight-line over the three inline memberships (no loop to mispredict).
        let at = |k: u32| (self.hot >> (FIRST_SHIFT + ENTRY_BITS * k)) & EMPTY;
        let hit = |e: u32| e != EMPTY && (e & WS_MASK) as usize == ws;
        let (e0, e1, e2) = (at(0), at(1), at(2));
        let e = if hit(e0) {
            e0
        } else if hit(e1) {
            e1
        } else if hit(e2) {
            e2
        } else {
            return None;
        };
        Some(role_of(e >> WS_BITS))
    }
}

impl super::SlotOf for UserEntry {
    fn slot_of(&self) -> UserSlot {
        self.slot()
    }
}

impl Directory {
    /// The entry of a user whose id and e-mail are stored at `slot`.
    pub(crate) fn user_entry(&self, slot: UserSlot) -> UserEntry {
        match slot {
            UserSlot::Listed(i) => UserEntry::listed(i),
            UserSlot::Member(o, p) => match self.orgs.get(o).and_then(|org| org.members.get(p)) {
                Some(m) => UserEntry::member(o, p, m),
                // Not reached: slots point at members. Then no check reads the entry.
                None => UserEntry { org: position(o).min(LISTED - 1), pos: position(p) & !PENDING, hot: NO_HOT },
            },
        }
    }

    /// The user table from the builder's slots (once the members are final).
    pub(crate) fn set_user_slots(&mut self, slots: Vec<UserSlot>) {
        self.user_slots = slots.into_iter().map(|s| self.user_entry(s)).collect();
    }

    /// Points user `s` at `slot` (or re-packs it after its member changed).
    pub(crate) fn set_user_slot(&mut self, s: usize, slot: UserSlot) {
        let e = self.user_entry(slot);
        if let Some(x) = self.user_slots.get_mut(s) {
            *x = e;
        }
    }

    /// The member at (`oi`, `pos`) changed: re-packs its user's entry if
    /// the user's slot is that member.
    pub(crate) fn refresh_hot_of_member(&mut self, oi: usize, pos: usize) {
        if let Some(s) = self.user_of_member(oi, pos).filter(|&s| self.slot_is_member(s, oi, pos)) {
            self.set_user_slot(s, UserSlot::Member(oi, pos));
        }
    }

    /// The user (its position in `user_slots`) of member `pos` of org `oi`.
    pub(crate) fn user_of_member(&self, oi: usize, pos: usize) -> Option<usize> {
        let m = self.orgs.get(oi)?.members.get(pos)?;
        self.user_position(m.user_id.as_deref()?)
    }

    /// Is user `s`'s slot member `pos` of org `oi`?
    pub(crate) fn slot_is_member(&self, s: usize, oi: usize, pos: usize) -> bool {
        self.user_slots.get(s).map(UserEntry::slot) == Some(UserSlot::Member(oi, pos))
    }

    /// Does every user's entry equal the one packed afresh from its slot
    /// and member? (For tests and diagnostics: an entry that went stale
    /// after a change would make checks on handles answer wrongly.)
    pub fn hot_records_agree(&self) -> bool {
        self.user_slots.iter().all(|e| self.user_entry(e.slot()) == *e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sample_engine;

    #[test]
    fn an_entry_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<UserEntry>(), 12);
    }

    #[test]
    fn every_org_role_packs_and_unpacks() {
        for r in OrgRole::ALL {
            assert_eq!(org_role_of(org_role_code(r)), r);
        }
    }

    #[test]
    fn entries_mirror_members_and_stale_ones_are_noticed() {
        let e = sample_engine();
        let mut dir = (*e.dir).clone();
        assert!(dir.hot_records_agree());
        let members = dir.user_slots.iter().filter(|x| matches!(x.slot(), UserSlot::Member(..))).count();
        assert!(members > 5, "{members} users known by a membership");
        // A member edited behind the table's back: the comparison fails,
        // and re-packing the member's entry mends it.
        let Some(UserSlot::Member(oi, pos)) =
            dir.user_slots.iter().map(UserEntry::slot).find(|s| matches!(s, UserSlot::Member(..)))
        else {
            panic!("no member slot")
        };
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
    fn memberships_not_held_inline_are_left_to_the_member() {
        let m = |n: usize| Member {
            id: "m".into(),
            user_id: Some("u".into()),
            email: "u@example.com".into(),
            org_role: OrgRole::OrganizationUser,
            status: MemberStatus::Active,
            workspaces: (0..n).map(|w| (w * 2, RoleRef::Custom(w))).collect(),
        };
        let full = UserEntry::member(1, 7, &m(INLINE));
        assert_eq!(full.slot(), UserSlot::Member(1, 7));
        assert!(full.answers_for(1, Some(2)) && full.answers_for(1, Some(1)) && full.answers_for(1, None));
        assert_eq!(full.inline_role(2), Some(RoleRef::Custom(1)));
        assert_eq!(full.inline_role(1), None, "all inline: no role there");
        assert!(!full.answers_for(0, None), "another org");
        let more = UserEntry::member(1, 7, &m(INLINE + 1));
        assert!(!more.answers_for(1, Some(2 * INLINE)), "beyond the inline memberships");
        assert!(!more.answers_for(1, Some(1)));
        assert!(more.answers_for(1, Some(0)) && more.answers_for(1, None));
        assert_eq!(more.inline_role(0), Some(RoleRef::Custom(0)));
        let pending = Member {
            status: MemberStatus::Pending,
            workspaces: vec![(3, RoleRef::Builtin(BuiltinWorkspaceRole::Editor)), (40, RoleRef::Custom(1))],
            ..m(0)
        };
        let h = UserEntry::member(2, 5, &pending);
        assert_eq!(h.slot(), UserSlot::Member(2, 5));
        assert!(h.answers_for(2, None) && !h.is_active() && h.org_role() == OrgRole::OrganizationUser);
        assert!(h.answers_for(2, Some(3)));
        assert_eq!(h.inline_role(3), Some(RoleRef::Builtin(BuiltinWorkspaceRole::Editor)));
        assert!(!h.answers_for(2, Some(40)), "a workspace position too large to pack");
        let custom13 = UserEntry::member(0, 0, &Member { workspaces: vec![(0, RoleRef::Custom(13))], ..m(0) });
        assert!(!custom13.answers_for(0, Some(0)), "a custom role position too large to pack");
        assert_eq!(UserEntry::listed(4).slot(), UserSlot::Listed(4));
        assert!(!UserEntry::listed(4).answers_for(u32::MAX as usize, None));
    }
}
