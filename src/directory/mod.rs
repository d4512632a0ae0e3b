//! The directory: organizations, workspaces, roles, members and keys,
//! validated and indexed once so that checks are lookups.

mod build;
pub(crate) use build::unknown_permission;
mod changes;
mod export;
pub(crate) mod hot;
mod index;
pub mod model;

pub(crate) use index::IdIndex;

pub use changes::{changes_from_json, changes_from_tree, Change};
pub use model::*;

use crate::permissions::PermissionSet;
use crate::roles::{BuiltinWorkspaceRole, OrgRole};

pub(crate) use crate::hash::Map;

/// A workspace role: built-in or one of the org's custom roles (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleRef {
    Builtin(BuiltinWorkspaceRole),
    Custom(usize),
}

/// A validated, indexed directory. Build it with [`Directory::from_doc`] or
/// [`Directory::from_json`].
#[derive(Debug, Clone)]
pub struct Directory {
    pub(crate) orgs: Vec<Org>,
    pub(crate) org_by_id: Map<usize>,
    pub(crate) default_org: Option<usize>,
    /// Every user once: listed in `users`, or first seen as a member.
    /// Each user's slot with the hot record of its membership (`hot.rs`).
    pub(crate) user_slots: Vec<hot::UserEntry>,
    pub(crate) user_by_id: IdIndex,
    pub(crate) user_by_email: IdIndex,
    /// `users[]` of the document: (id, normalized e-mail).
    pub(crate) listed_users: Vec<(String, String)>,
    /// workspace id → position in `workspace_list`
    pub(crate) workspace_by_id: Map<usize>,
    /// Every workspace as (org, workspace), in document order.
    pub(crate) workspace_list: Vec<(usize, usize)>,
    /// service key id → (org, key)
    pub(crate) service_keys: Map<(usize, usize)>,
    /// PAT id → (org, token)
    pub(crate) pats: Map<(usize, usize)>,
}

/// Where a user's id and e-mail are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserSlot {
    /// `listed_users[i]`
    Listed(usize),
    /// `orgs[o].members[m]`
    Member(usize, usize),
}

/// A user slot, or what holds one (the user table's entries).
pub(crate) trait SlotOf {
    fn slot_of(&self) -> UserSlot;
}

impl SlotOf for UserSlot {
    fn slot_of(&self) -> UserSlot {
        *self
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub id: String,
    pub name: String,
    pub personal: bool,
    pub plan: Plan,
    pub rbac: bool,
    pub settings: OrgSettings,
    pub sso: SsoDefaults,
    pub workspaces: Vec<Workspace>,
    pub ws_by_id: Map<usize>,
    pub roles: Vec<CustomRole>,
    pub role_by_id: Map<usize>,
    pub restricted_builtin: Vec<BuiltinWorkspaceRole>,
    pub members: Vec<Member>,
    pub member_by_id: IdIndex,
    pub member_by_user: IdIndex,
    pub member_by_email: IdIndex,
    pub groups: Vec<String>,
    pub service_keys: Vec<ServiceKey>,
    pub pats: Vec<Pat>,
}

#[derive(Debug, Clone)]
pub(crate) struct OrgSettings {
    pub invites_enabled: bool,
    pub jit_provisioning_enabled: bool,
    pub pat_creation_disabled: bool,
    pub public_sharing_disabled: bool,
    pub group_separator: char,
    pub group_prefix: String,
}

#[derive(Debug, Clone)]
pub(crate) struct SsoDefaults {
    pub workspaces: Vec<usize>,
    pub role: RoleRef,
    pub groups_sync_enabled: bool,
    pub groups_required: bool,
    pub groups_claim: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct CustomRole {
    pub id: String,
    pub name: String,
    pub permissions: PermissionSet,
    pub restricted: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: String,
    pub user_id: Option<String>,
    pub email: String,
    pub org_role: OrgRole,
    pub status: MemberStatus,
    /// (workspace index, role), sorted by workspace index.
    pub workspaces: Vec<(usize, RoleRef)>,
}

impl Member {
    pub fn role_in(&self, ws: usize) -> Option<RoleRef> {
        self.workspaces.iter().find(|(w, _)| *w == ws).map(|(_, r)| *r)
    }

    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ServiceKey {
    pub org_scoped: bool,
    pub workspaces: Vec<usize>,
    pub org_role: OrgRole,
    pub workspace_role: RoleRef,
}

#[derive(Debug, Clone)]
pub(crate) struct Pat {
    pub user_id: String,
    pub workspace: Option<usize>,
}

impl Org {
    /// Permissions a workspace role grants. Which role someone acts with
    /// (Admin without RBAC) is decided by the rules layer
    /// (`rules::acting_workspace_role`); the org role a member acts with,
    /// under the plan, is `Org::effective_org_role`, defined there too.
    pub fn role_permissions(&self, r: RoleRef) -> PermissionSet {
        match r {
            RoleRef::Builtin(b) => b.permissions(),
            RoleRef::Custom(i) => self.roles.get(i).map(|c| c.permissions).unwrap_or_default(),
        }
    }

    pub fn role_id(&self, r: RoleRef) -> &str {
        match r {
            RoleRef::Builtin(b) => b.id(),
            RoleRef::Custom(i) => self.roles.get(i).map_or("", |c| c.id.as_str()),
        }
    }

    pub fn is_restricted(&self, r: RoleRef) -> bool {
        match r {
            RoleRef::Builtin(b) => self.restricted_builtin.contains(&b),
            RoleRef::Custom(i) => self.roles.get(i).is_some_and(|c| c.restricted),
        }
    }

    /// Resolves a role id (built-in or custom) of this org.
    pub fn find_role(&self, id: &str) -> Option<RoleRef> {
        BuiltinWorkspaceRole::from_id(id)
            .map(RoleRef::Builtin)
            .or_else(|| self.role_by_id.get(id).map(|i| RoleRef::Custom(*i)))
    }

    /// Every role id accepted in this org, for error messages.
    pub fn role_ids(&self) -> String {
        let mut ids: Vec<String> = BuiltinWorkspaceRole::ALL.iter().map(|r| format!("`{}`", r.id())).collect();
        ids.extend(self.roles.iter().map(|r| format!("`{}`", r.id)));
        ids.join(", ")
    }

    pub fn member_by_user(&self, user_id: &str) -> Option<&Member> {
        let i = self.member_by_user.get(&self.members, |m| m.user_id.as_deref(), user_id)?;
        self.members.get(i)
    }

    /// By normalized e-mail.
    pub fn member_by_email(&self, email: &str) -> Option<&Member> {
        let i = self.member_by_email.get(&self.members, |m| Some(m.email.as_str()), email)?;
        self.members.get(i)
    }

    /// By identity id.
    pub fn member_by_id(&self, id: &str) -> Option<&Member> {
        let i = self.member_by_id.get(&self.members, |m| Some(m.id.as_str()), id)?;
        self.members.get(i)
    }
}

impl Directory {
    /// Parses and validates a directory from JSON text.
    pub fn from_json(text: &str) -> Result<Directory, crate::error::DirectoryError> {
        build::from_text(text)
    }

    /// Like [`Directory::from_json`], from the parsed text (or a JS
    /// object's tree): the same checks, the same errors.
    pub fn from_json_tree(tree: crate::json::Json<'_>) -> Result<Directory, crate::error::DirectoryError> {
        build::from_tree(tree)
    }

    /// Validates and indexes a parsed document, collecting every problem.
    pub fn from_doc(doc: &DirectoryDoc) -> Result<Directory, crate::error::DirectoryError> {
        build::build(doc.clone())
    }

    /// Like [`Directory::from_doc`], taking the document (no copies).
    pub fn from_doc_owned(doc: DirectoryDoc) -> Result<Directory, crate::error::DirectoryError> {
        build::build(doc)
    }

    /// Position of user `id` in `user_slots` (its handle).
    pub(crate) fn user_position(&self, id: &str) -> Option<usize> {
        self.user_by_id.get(&self.user_slots, |s| self.user_id_of(s), id)
    }

    /// Position of workspace `id` in `workspace_list` (its handle).
    pub(crate) fn workspace_position(&self, id: &str) -> Option<usize> {
        self.workspace_by_id.get(id).copied()
    }

    pub(crate) fn user_id_of(&self, slot: &impl SlotOf) -> Option<&str> {
        self.user_id_at(slot.slot_of())
    }

    fn user_id_at(&self, slot: UserSlot) -> Option<&str> {
        match slot {
            UserSlot::Listed(i) => self.listed_users.get(i).map(|u| u.0.as_str()),
            UserSlot::Member(o, m) => self.orgs.get(o)?.members.get(m)?.user_id.as_deref(),
        }
    }

    fn user_email_of(&self, slot: &impl SlotOf) -> Option<&str> {
        self.user_email_at(slot.slot_of())
    }

    fn user_email_at(&self, slot: UserSlot) -> Option<&str> {
        match slot {
            UserSlot::Listed(i) => self.listed_users.get(i).map(|u| u.1.as_str()),
            UserSlot::Member(o, m) => Some(self.orgs.get(o)?.members.get(m)?.email.as_str()),
        }
    }

    /// Is `id` a user of the instance (a member somewhere, or listed)?
    pub(crate) fn has_user(&self, id: &str) -> bool {
        self.user_by_id.get(&self.user_slots, |s| self.user_id_of(s), id).is_some()
    }

    /// The normalized e-mail of user `id`.
    pub(crate) fn user_email(&self, id: &str) -> Option<&str> {
        let i = self.user_by_id.get(&self.user_slots, |s| self.user_id_of(s), id)?;
        self.user_email_of(self.user_slots.get(i)?)
    }

    /// The user id holding a normalized e-mail.
    pub(crate) fn user_for_email(&self, email: &str) -> Option<&str> {
        let i = self.user_by_email.get(&self.user_slots, |s| self.user_email_of(s), email)?;
        self.user_id_of(self.user_slots.get(i)?)
    }

    /// Number of organizations.
    pub fn org_count(&self) -> usize {
        self.orgs.len()
    }

    /// Total number of members (identities) over all organizations.
    pub fn member_count(&self) -> usize {
        self.orgs.iter().map(|o| o.members.len()).sum()
    }

    pub(crate) fn org(&self, id: &str) -> Option<(usize, &Org)> {
        let i = *self.org_by_id.get(id)?;
        self.orgs.get(i).map(|o| (i, o))
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn path_or_root(p: &str) -> String {
    if p.is_empty() || p == "." {
        "(root)".to_string()
    } else {
        p.to_string()
    }
}
