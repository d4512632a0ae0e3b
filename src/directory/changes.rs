//! Changes applied to a built directory in place, at a cost proportional
//! to the change: one member added, removed or given another role touches
//! that member and its index entries, never the other 100,000.
//!
//! A batch is atomic. Each change is validated against the directory as
//! the earlier changes of the batch left it, with the directory's own
//! rules and messages (paths are `changes[i]...`); every problem of the
//! batch is collected, and if there is any, the changes already made are
//! undone in reverse order, so the directory is as it was.
//!
//! Member order: removing a member moves the org's last member into its
//! place (what [`Directory::to_doc`] then shows). Handles (user, workspace)
//! may be renumbered by a batch; resolve them again after it.

use super::build::{self, Issues};
use super::*;
use crate::error::DirectoryError;
use crate::json::{Fields, FromJson, Json, JsonError, Path};

/// One change to the directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new member (identity) of an org, active or pending.
    AddMember {
        org_id: String,
        member: MemberDoc,
    },
    RemoveMember {
        org_id: String,
        member_id: String,
    },
    /// Pending → active; `user_id` is required when the member has none.
    ActivateMember {
        org_id: String,
        member_id: String,
        user_id: Option<String>,
    },
    SetOrgRole {
        org_id: String,
        member_id: String,
        org_role: String,
    },
    /// Adds a workspace membership (the member has no role there yet).
    AddWorkspaceMember {
        org_id: String,
        member_id: String,
        workspace_id: String,
        role: String,
    },
    /// Changes the role of an existing workspace membership.
    SetWorkspaceRole {
        org_id: String,
        member_id: String,
        workspace_id: String,
        role: String,
    },
    RemoveWorkspaceMember {
        org_id: String,
        member_id: String,
        workspace_id: String,
    },
    AddWorkspace {
        org_id: String,
        workspace: WorkspaceDoc,
    },
    /// Removes a workspace and every membership in it; refused while an SSO
    /// default, a service key or a personal access token names it.
    RemoveWorkspace {
        org_id: String,
        workspace_id: String,
    },
    AddRole {
        org_id: String,
        role: CustomRoleDoc,
        restricted: bool,
    },
    /// Refused while a member, a service key or the SSO defaults hold the role.
    RemoveRole {
        org_id: String,
        role_id: String,
    },
    AddServiceKey {
        org_id: String,
        key: ServiceKeyDoc,
    },
    AddPersonalAccessToken {
        org_id: String,
        token: PatDoc,
    },
    /// A service key or a personal access token.
    RemoveKey {
        key_id: String,
    },
    /// The org's settings as a whole, as in the directory (omitted: defaults).
    SetSettings {
        org_id: String,
        settings: OrgSettingsDoc,
    },
    /// The org's SSO defaults as a whole, as in the directory; omitted
    /// `defaultWorkspaceIds` names the org's first workspace of that moment.
    SetSso {
        org_id: String,
        sso: SsoDoc,
    },
}

impl Change {
    /// Every `op` name.
    pub const NAMES: [&'static str; 16] = [
        "addMember",
        "removeMember",
        "activateMember",
        "setOrgRole",
        "addWorkspaceMember",
        "setWorkspaceRole",
        "removeWorkspaceMember",
        "addWorkspace",
        "removeWorkspace",
        "addRole",
        "removeRole",
        "addServiceKey",
        "addPersonalAccessToken",
        "removeKey",
        "setSettings",
        "setSso",
    ];

    fn org_id(&self) -> Option<&str> {
        use Change as C;
        match self {
            C::AddMember { org_id, .. }
            | C::RemoveMember { org_id, .. }
            | C::ActivateMember { org_id, .. }
            | C::SetOrgRole { org_id, .. }
            | C::AddWorkspaceMember { org_id, .. }
            | C::SetWorkspaceRole { org_id, .. }
            | C::RemoveWorkspaceMember { org_id, .. }
            | C::AddWorkspace { org_id, .. }
            | C::RemoveWorkspace { org_id, .. }
            | C::AddRole { org_id, .. }
            | C::RemoveRole { org_id, .. }
            | C::AddServiceKey { org_id, .. }
            | C::AddPersonalAccessToken { org_id, .. }
            | C::SetSettings { org_id, .. }
            | C::SetSso { org_id, .. } => Some(org_id),
            C::RemoveKey { .. } => None,
        }
    }
}

impl FromJson for Change {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::object(v, at, "a change object (`{ op: ... }`)")?;
        let op = f.tag("op", &Self::NAMES)?;
        let only = |extra: &[&str]| {
            let mut known = vec!["op"];
            if op != "removeKey" {
                known.push("orgId");
            }
            known.extend_from_slice(extra);
            f.only(&known)
        };
        let org = || f.req::<String>("orgId");
        Ok(match op {
            "addMember" => {
                only(&["member"])?;
                Change::AddMember { org_id: org()?, member: f.req("member")? }
            }
            "removeMember" => {
                only(&["memberId"])?;
                Change::RemoveMember { org_id: org()?, member_id: f.req("memberId")? }
            }
            "activateMember" => {
                only(&["memberId", "userId"])?;
                Change::ActivateMember { org_id: org()?, member_id: f.req("memberId")?, user_id: f.opt("userId")? }
            }
            "setOrgRole" => {
                only(&["memberId", "orgRole"])?;
                Change::SetOrgRole { org_id: org()?, member_id: f.req("memberId")?, org_role: f.req("orgRole")? }
            }
            "addWorkspaceMember" | "setWorkspaceRole" => {
                only(&["memberId", "workspaceId", "role"])?;
                let (org_id, member_id, workspace_id, role) =
                    (org()?, f.req("memberId")?, f.req("workspaceId")?, f.req("role")?);
                if op == "addWorkspaceMember" {
                    Change::AddWorkspaceMember { org_id, member_id, workspace_id, role }
                } else {
                    Change::SetWorkspaceRole { org_id, member_id, workspace_id, role }
                }
            }
            "removeWorkspaceMember" => {
                only(&["memberId", "workspaceId"])?;
                Change::RemoveWorkspaceMember {
                    org_id: org()?,
                    member_id: f.req("memberId")?,
                    workspace_id: f.req("workspaceId")?,
                }
            }
            "addWorkspace" => {
                only(&["workspace"])?;
                Change::AddWorkspace { org_id: org()?, workspace: f.req("workspace")? }
            }
            "removeWorkspace" => {
                only(&["workspaceId"])?;
                Change::RemoveWorkspace { org_id: org()?, workspace_id: f.req("workspaceId")? }
            }
            "addRole" => {
                only(&["role", "restricted"])?;
                Change::AddRole { org_id: org()?, role: f.req("role")?, restricted: f.or_default("restricted")? }
            }
            "removeRole" => {
                only(&["roleId"])?;
                Change::RemoveRole { org_id: org()?, role_id: f.req("roleId")? }
            }
            "addServiceKey" => {
                only(&["key"])?;
                Change::AddServiceKey { org_id: org()?, key: f.req("key")? }
            }
            "addPersonalAccessToken" => {
                only(&["token"])?;
                Change::AddPersonalAccessToken { org_id: org()?, token: f.req("token")? }
            }
            "removeKey" => {
                only(&["keyId"])?;
                Change::RemoveKey { key_id: f.req("keyId")? }
            }
            "setSettings" => {
                only(&["settings"])?;
                Change::SetSettings { org_id: org()?, settings: f.req("settings")? }
            }
            _ => {
                only(&["sso"])?;
                Change::SetSso { org_id: org()?, sso: f.req("sso")? }
            }
        })
    }
}

crate::json::deserialize_via_json!(Change);

crate::json::ts_text!(
    Change,
    r#"/** One change for `applyChanges`; a batch applies whole or not at all. */
export type Change =
  | { op: "addMember"; orgId: string; member: MemberDoc }
  | { op: "removeMember"; orgId: string; memberId: string }
  | { op: "activateMember"; orgId: string; memberId: string; userId?: string | null }
  | { op: "setOrgRole"; orgId: string; memberId: string; orgRole: OrgRole }
  | { op: "addWorkspaceMember" | "setWorkspaceRole"; orgId: string; memberId: string; workspaceId: string; role: WorkspaceRoleId }
  | { op: "removeWorkspaceMember"; orgId: string; memberId: string; workspaceId: string }
  | { op: "addWorkspace"; orgId: string; workspace: WorkspaceDoc }
  | { op: "removeWorkspace"; orgId: string; workspaceId: string }
  | { op: "addRole"; orgId: string; role: CustomRoleDoc; restricted?: boolean }
  | { op: "removeRole"; orgId: string; roleId: string }
  | { op: "addServiceKey"; orgId: string; key: ServiceKeyDoc }
  | { op: "addPersonalAccessToken"; orgId: string; token: PatDoc }
  | { op: "removeKey"; keyId: string }
  | { op: "setSettings"; orgId: string; settings: OrgSettingsDoc }
  | { op: "setSso"; orgId: string; sso: SsoDoc };
"#
);

/// Reads a batch of changes from JSON text (an array); paths start at `changes`.
pub fn changes_from_json(text: &str) -> Result<Vec<Change>, DirectoryError> {
    let tree = crate::json::parse(text)?;
    changes_from_tree(&tree)
}

/// Reads a batch of changes from a parsed JSON value (an array).
pub fn changes_from_tree(tree: &Json<'_>) -> Result<Vec<Change>, DirectoryError> {
    let root = Path::Root;
    Ok(Vec::<Change>::from_json(tree, &root.key("changes"))?)
}

/// What it takes to undo one change.
enum Undo {
    /// A member was pushed at the end of the org.
    Pushed(usize),
    /// A member left `pos` (the last one took its place).
    Removed { org: usize, pos: usize, member: Box<Member> },
    /// A member's fields changed.
    Changed { org: usize, pos: usize, old: Box<Member> },
    /// Anything but the members: the org's other fields, the members'
    /// workspace lists that changed, and the directory's id maps.
    Shell { org: usize, shell: Box<Org>, member_workspaces: Vec<(usize, Vec<(usize, RoleRef)>)>, maps: Box<Maps> },
}

struct Maps {
    workspace_list: Vec<(usize, usize)>,
    workspace_by_id: Map<usize>,
    service_keys: Map<(usize, usize)>,
    pats: Map<(usize, usize)>,
}

impl Directory {
    /// Applies a batch of changes, all or none: on any problem the
    /// directory is left as it was and every problem is returned with its
    /// path (`changes[2].member.orgRole`).
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), DirectoryError> {
        let mut issues = Issues(Vec::new());
        let mut undo = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            let before = issues.0.len();
            let p = format!("changes[{i}]");
            let Some(oi) = self.change_org(&mut issues, &p, c) else { continue };
            match self.apply_one(&mut issues, &p, oi, c) {
                Some(u) => undo.push(u),
                None if issues.0.len() == before => issues.add(p, "this change could not be applied"),
                None => {}
            }
        }
        if issues.0.is_empty() {
            return Ok(());
        }
        while let Some(u) = undo.pop() {
            self.undo(u);
        }
        Err(DirectoryError(issues.0))
    }

    /// The org a change is about (`usize::MAX` for `removeKey`).
    fn change_org(&self, issues: &mut Issues, p: &str, c: &Change) -> Option<usize> {
        let Some(id) = c.org_id() else { return Some(usize::MAX) };
        match self.org_by_id.get(id) {
            Some(oi) => Some(*oi),
            None => {
                issues.add(format!("{p}.orgId"), format!("unknown organization `{id}`"));
                None
            }
        }
    }

    fn org_mut(&mut self, oi: usize) -> Option<&mut Org> {
        self.orgs.get_mut(oi)
    }

    /// Validates one change and applies it; `None` (with issues) if refused.
    fn apply_one(&mut self, issues: &mut Issues, p: &str, oi: usize, c: &Change) -> Option<Undo> {
        let before = issues.0.len();
        let refused = |issues: &Issues| issues.0.len() > before;
        let member_at = |dir: &Directory, issues: &mut Issues, id: &str| -> Option<usize> {
            let org = dir.orgs.get(oi)?;
            let found = org.member_by_id.get(&org.members, |m| Some(m.id.as_str()), id);
            if found.is_none() {
                issues.add(format!("{p}.memberId"), format!("unknown member `{id}` in this organization"));
            }
            found
        };
        match c {
            Change::AddMember { member, .. } => {
                let member = self.check_new_member(issues, p, oi, member)?;
                if refused(issues) {
                    return None;
                }
                self.push_member(oi, member);
                Some(Undo::Pushed(oi))
            }
            Change::RemoveMember { member_id, .. } => {
                let pos = member_at(self, issues, member_id)?;
                let member = self.remove_member(oi, pos)?;
                Some(Undo::Removed { org: oi, pos, member: Box::new(member) })
            }
            Change::ActivateMember { member_id, user_id, .. } => {
                let pos = member_at(self, issues, member_id)?;
                let old = self.orgs.get(oi)?.members.get(pos)?.clone();
                let mut new = old.clone();
                self.check_activation(issues, p, oi, &mut new, user_id.as_deref());
                if refused(issues) {
                    return None;
                }
                self.replace_member(oi, pos, new);
                Some(Undo::Changed { org: oi, pos, old: Box::new(old) })
            }
            Change::SetOrgRole { member_id, org_role, .. } => {
                let pos = member_at(self, issues, member_id)?;
                let org = self.orgs.get(oi)?;
                let role = match OrgRole::from_id(org_role) {
                    Some(r) => r,
                    None => {
                        let ids = build::org_role_ids();
                        issues.add(format!("{p}.orgRole"), format!("unknown role `{org_role}`; expected one of {ids}"));
                        return None;
                    }
                };
                if (org.personal || org.plan == Plan::SingleWorkspace) && role != OrgRole::OrganizationAdmin {
                    issues.add(
                        format!("{p}.orgRole"),
                        format!(
                            "`{org_role}` is not available on a single-workspace plan; expected `ORGANIZATION_ADMIN`"
                        ),
                    );
                    return None;
                }
                self.change_member(oi, pos, |m| m.org_role = role)
            }
            Change::AddWorkspaceMember { member_id, workspace_id, role, .. }
            | Change::SetWorkspaceRole { member_id, workspace_id, role, .. } => {
                let pos = member_at(self, issues, member_id);
                let org = self.orgs.get(oi)?;
                let ws = workspace_of(issues, p, org, workspace_id);
                let r = build::resolve_assignable(org, role).map_err(|m| issues.add(format!("{p}.role"), m)).ok();
                let (pos, ws, r) = (pos?, ws?, r?);
                let held = org.members.get(pos)?.role_in(ws).is_some();
                let adding = matches!(c, Change::AddWorkspaceMember { .. });
                if adding && held {
                    issues.add(
                        format!("{p}.workspaceId"),
                        format!("member `{member_id}` already has a role in workspace `{workspace_id}`; use `setWorkspaceRole`"),
                    );
                    return None;
                }
                if !adding && !held {
                    issues.add(format!("{p}.workspaceId"), not_in_workspace(member_id, workspace_id));
                    return None;
                }
                self.change_member(oi, pos, |m| {
                    m.workspaces.retain(|(w, _)| *w != ws);
                    m.workspaces.push((ws, r));
                    m.workspaces.sort_unstable_by_key(|(w, _)| *w);
                })
            }
            Change::RemoveWorkspaceMember { member_id, workspace_id, .. } => {
                let pos = member_at(self, issues, member_id);
                let ws = workspace_of(issues, p, self.orgs.get(oi)?, workspace_id);
                let (pos, ws) = (pos?, ws?);
                if self.orgs.get(oi)?.members.get(pos)?.role_in(ws).is_none() {
                    issues.add(format!("{p}.workspaceId"), not_in_workspace(member_id, workspace_id));
                    return None;
                }
                self.change_member(oi, pos, |m| m.workspaces.retain(|(w, _)| *w != ws))
            }
            _ => self.apply_to_shell(issues, p, oi, c),
        }
    }

    /// Changes one member's fields (no id, user or e-mail change).
    fn change_member(&mut self, oi: usize, pos: usize, f: impl FnOnce(&mut Member)) -> Option<Undo> {
        let m = self.org_mut(oi)?.members.get_mut(pos)?;
        let old = m.clone();
        f(m);
        self.refresh_hot_of_member(oi, pos);
        Some(Undo::Changed { org: oi, pos, old: Box::new(old) })
    }

    /// Changes to anything but members: snapshot the org's other fields
    /// and the directory's maps (small next to the members), then apply.
    fn apply_to_shell(&mut self, issues: &mut Issues, p: &str, oi: usize, c: &Change) -> Option<Undo> {
        let maps = Box::new(Maps {
            workspace_list: self.workspace_list.clone(),
            workspace_by_id: self.workspace_by_id.clone(),
            service_keys: self.service_keys.clone(),
            pats: self.pats.clone(),
        });
        let key_org = match c {
            Change::RemoveKey { key_id } => match self.service_keys.get(key_id).or_else(|| self.pats.get(key_id)) {
                Some(&(o, _)) => o,
                None => {
                    issues.add(format!("{p}.keyId"), format!("unknown key `{key_id}`"));
                    return None;
                }
            },
            _ => oi,
        };
        let shell = Box::new(self.orgs.get(key_org).map(Org::shell)?);
        let mut member_workspaces = Vec::new();
        // Nothing was changed on a refusal: checks come before changes.
        self.change_shell(issues, p, key_org, c, &mut member_workspaces)?;
        for (mi, _) in &member_workspaces {
            self.refresh_hot_of_member(key_org, *mi);
        }
        Some(Undo::Shell { org: key_org, shell, member_workspaces, maps })
    }

    fn change_shell(
        &mut self,
        issues: &mut Issues,
        p: &str,
        oi: usize,
        c: &Change,
        member_workspaces: &mut Vec<(usize, Vec<(usize, RoleRef)>)>,
    ) -> Option<()> {
        let before = issues.0.len();
        match c {
            Change::AddWorkspace { workspace: w, .. } => {
                let org = self.orgs.get(oi)?;
                let wp = format!("{p}.workspace");
                if org.personal || org.plan == Plan::SingleWorkspace {
                    issues.add(wp.clone(), "a single-workspace organization holds one workspace");
                }
                if w.id.is_empty() {
                    issues.add(format!("{wp}.id"), "must not be empty");
                }
                if w.name.trim().is_empty() {
                    issues.add(format!("{wp}.name"), "must not be empty");
                }
                if self.workspace_by_id.contains_key(&w.id) {
                    issues.add(format!("{wp}.id"), format!("duplicate workspace id `{}`", w.id));
                }
                if org.workspaces.iter().any(|x| x.name == w.name) {
                    issues.add(
                        format!("{wp}.name"),
                        format!("duplicate workspace name `{}` in this organization", w.name),
                    );
                }
                if issues.0.len() > before {
                    return None;
                }
                let org = self.orgs.get_mut(oi)?;
                let wi = org.workspaces.len();
                org.workspaces.push(Workspace { id: w.id.clone(), name: w.name.clone() });
                org.ws_by_id.insert(w.id.clone(), wi);
                self.workspace_list.push((oi, wi));
                self.workspace_by_id.insert(w.id.clone(), self.workspace_list.len() - 1);
            }
            Change::RemoveWorkspace { workspace_id, .. } => {
                let org = self.orgs.get(oi)?;
                let ws = workspace_of(issues, p, org, workspace_id)?;
                let used = |what: &str| format!("workspace `{workspace_id}` is used by {what}; change that first");
                if org.workspaces.len() == 1 {
                    issues.add(format!("{p}.workspaceId"), "an organization needs at least one workspace");
                }
                if org.sso.workspaces.contains(&ws) {
                    issues.add(format!("{p}.workspaceId"), used("the SSO defaults (`sso.defaultWorkspaceIds`)"));
                }
                if org.service_keys.iter().any(|k| k.workspaces.contains(&ws)) {
                    issues.add(format!("{p}.workspaceId"), used("a service key"));
                }
                if org.pats.iter().any(|t| t.workspace == Some(ws)) {
                    issues.add(format!("{p}.workspaceId"), used("a personal access token"));
                }
                if issues.0.len() > before {
                    return None;
                }
                let org = self.orgs.get_mut(oi)?;
                let renumber = |w: usize| if w > ws { w - 1 } else { w };
                for (mi, m) in org.members.iter_mut().enumerate() {
                    if m.workspaces.iter().any(|(w, _)| *w >= ws) {
                        member_workspaces.push((mi, m.workspaces.clone()));
                        m.workspaces.retain(|(w, _)| *w != ws);
                        m.workspaces.iter_mut().for_each(|(w, _)| *w = renumber(*w));
                    }
                }
                org.workspaces.remove(ws);
                org.sso.workspaces.iter_mut().for_each(|w| *w = renumber(*w));
                for k in &mut org.service_keys {
                    k.workspaces.iter_mut().for_each(|w| *w = renumber(*w));
                }
                for t in &mut org.pats {
                    t.workspace = t.workspace.map(renumber);
                }
                org.ws_by_id = org.workspaces.iter().enumerate().map(|(i, w)| (w.id.clone(), i)).collect();
                self.reindex_workspaces();
            }
            Change::AddRole { role, restricted, .. } => {
                let org = self.orgs.get(oi)?;
                let rp = format!("{p}.role");
                if !org.rbac {
                    issues.add(rp.clone(), "custom roles need workspace RBAC (`rbac: true`)");
                }
                let mut r = build::custom_role(issues, org, &rp, role);
                if org.role_by_id.contains_key(&role.id) {
                    issues.add(format!("{rp}.id"), format!("duplicate role id `{}`", role.id));
                }
                if issues.0.len() > before {
                    return None;
                }
                r.restricted = *restricted;
                let org = self.orgs.get_mut(oi)?;
                org.role_by_id.insert(role.id.clone(), org.roles.len());
                org.roles.push(r);
            }
            Change::RemoveRole { role_id, .. } => {
                let org = self.orgs.get(oi)?;
                let rp = format!("{p}.roleId");
                let Some(ri) = org.role_by_id.get(role_id).copied() else {
                    issues.add(rp, format!("unknown custom role `{role_id}` in this organization"));
                    return None;
                };
                let r = RoleRef::Custom(ri);
                let held = |what: &str| format!("role `{role_id}` is held by {what}; change that first");
                if let Some(m) = org.members.iter().find(|m| m.workspaces.iter().any(|(_, x)| *x == r)) {
                    issues.add(rp.clone(), held(&format!("member `{}`", m.id)));
                }
                if org.sso.role == r {
                    issues.add(rp.clone(), held("the SSO defaults (`sso.defaultWorkspaceRole`)"));
                }
                if org.service_keys.iter().any(|k| k.workspace_role == r) {
                    issues.add(rp, held("a service key"));
                }
                if issues.0.len() > before {
                    return None;
                }
                let org = self.orgs.get_mut(oi)?;
                let renumber = |x: RoleRef| match x {
                    RoleRef::Custom(i) if i > ri => RoleRef::Custom(i - 1),
                    other => other,
                };
                for (mi, m) in org.members.iter_mut().enumerate() {
                    if m.workspaces.iter().any(|(_, x)| matches!(x, RoleRef::Custom(i) if *i > ri)) {
                        member_workspaces.push((mi, m.workspaces.clone()));
                        m.workspaces.iter_mut().for_each(|(_, x)| *x = renumber(*x));
                    }
                }
                org.roles.remove(ri);
                org.sso.role = renumber(org.sso.role);
                for k in &mut org.service_keys {
                    k.workspace_role = renumber(k.workspace_role);
                }
                org.role_by_id = org.roles.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
            }
            Change::AddServiceKey { key, .. } => {
                let kp = format!("{p}.key");
                let k = build::service_key(issues, self.orgs.get(oi)?, &kp, key);
                self.check_key_id(issues, &kp, &key.id);
                if issues.0.len() > before {
                    return None;
                }
                let org = self.orgs.get_mut(oi)?;
                self.service_keys.insert(key.id.clone(), (oi, org.service_keys.len()));
                org.service_keys.push(k);
            }
            Change::AddPersonalAccessToken { token, .. } => {
                let tp = format!("{p}.token");
                let t = build::personal_access_token(issues, self.orgs.get(oi)?, &tp, token);
                self.check_key_id(issues, &tp, &token.id);
                if issues.0.len() > before {
                    return None;
                }
                let org = self.orgs.get_mut(oi)?;
                self.pats.insert(token.id.clone(), (oi, org.pats.len()));
                org.pats.push(t);
            }
            Change::RemoveKey { key_id } => {
                let org = self.orgs.get_mut(oi)?;
                if let Some((_, ki)) = self.service_keys.remove(key_id) {
                    org.service_keys.remove(ki);
                    for (o, k) in self.service_keys.values_mut() {
                        if *o == oi && *k > ki {
                            *k -= 1;
                        }
                    }
                } else if let Some((_, ti)) = self.pats.remove(key_id) {
                    org.pats.remove(ti);
                    for (o, t) in self.pats.values_mut() {
                        if *o == oi && *t > ti {
                            *t -= 1;
                        }
                    }
                }
            }
            Change::SetSettings { settings, .. } => {
                let s = build::org_settings(issues, p, settings);
                if issues.0.len() > before {
                    return None;
                }
                self.org_mut(oi)?.settings = s;
            }
            Change::SetSso { sso, .. } => {
                let s = build::sso_defaults(issues, self.orgs.get(oi)?, p, sso);
                if issues.0.len() > before {
                    return None;
                }
                self.org_mut(oi)?.sso = s;
            }
            _ => return None,
        }
        Some(())
    }

    fn check_key_id(&self, issues: &mut Issues, p: &str, id: &str) {
        if self.service_keys.contains_key(id) || self.pats.contains_key(id) {
            issues.add(format!("{p}.id"), format!("duplicate key id `{id}`"));
        }
    }

    /// `workspace_list` and `workspace_by_id` from the orgs, in document order.
    fn reindex_workspaces(&mut self) {
        self.workspace_list.clear();
        self.workspace_by_id.clear();
        for (oi, o) in self.orgs.iter().enumerate() {
            for (wi, w) in o.workspaces.iter().enumerate() {
                self.workspace_by_id.insert(w.id.clone(), self.workspace_list.len());
                self.workspace_list.push((oi, wi));
            }
        }
    }

    /// A new member, checked as the directory checks members, plus the
    /// uniqueness rules against the org and the instance's users.
    fn check_new_member(&self, issues: &mut Issues, p: &str, oi: usize, doc: &MemberDoc) -> Option<Member> {
        let org = self.orgs.get(oi)?;
        let mp = |field: &str| format!("{p}.member.{field}");
        if org.personal && !org.members.is_empty() {
            issues.add(format!("{p}.member"), "a personal organization has exactly one member, its owner");
        }
        let m = build::build_member(issues, org, &mp, doc.clone(), org.personal)?;
        if org.member_by_id(&m.id).is_some() {
            issues.add(mp("id"), format!("duplicate member id `{}`", m.id));
        }
        if let Some(u) = &m.user_id {
            if org.member_by_user(u).is_some() {
                issues.add(mp("userId"), format!("user `{u}` is already a member of this organization"));
            }
            self.check_user_email(issues, &mp("email"), u, &m.email);
        }
        if org.member_by_email(&m.email).is_some() {
            issues.add(mp("email"), format!("e-mail `{}` is already a member of this organization", m.email));
        }
        Some(m)
    }

    /// A user id has one e-mail, and an e-mail belongs to one user.
    fn check_user_email(&self, issues: &mut Issues, path: &str, user: &str, email: &str) {
        if user.is_empty() {
            return;
        }
        match self.user_email(user) {
            Some(known) if known != email => {
                issues.add(path, format!("user `{user}` already has e-mail `{known}`, not `{email}`"))
            }
            Some(_) => {}
            None => {
                if let Some(other) = self.user_for_email(email) {
                    issues.add(path, format!("e-mail `{email}` already belongs to user `{other}`"));
                }
            }
        }
    }

    fn check_activation(&self, issues: &mut Issues, p: &str, oi: usize, m: &mut Member, user_id: Option<&str>) {
        let Some(org) = self.orgs.get(oi) else { return };
        if m.is_active() {
            issues.add(format!("{p}.memberId"), format!("member `{}` is already active", m.id));
            return;
        }
        match (m.user_id.as_deref(), user_id) {
            (None, None) => issues.add(format!("{p}.userId"), "an active member needs a `userId`"),
            (Some(had), Some(u)) if had != u => {
                issues.add(format!("{p}.userId"), format!("member `{}` is user `{had}`, not `{u}`", m.id))
            }
            (None, Some(u)) => {
                if u.is_empty() {
                    issues.add(format!("{p}.userId"), "must not be empty");
                } else if org.member_by_user(u).is_some() {
                    issues.add(format!("{p}.userId"), format!("user `{u}` is already a member of this organization"));
                }
                self.check_user_email(issues, &format!("{p}.userId"), u, &m.email);
                m.user_id = Some(u.to_string());
            }
            _ => {}
        }
        m.status = MemberStatus::Active;
    }

    // ---- members and their indexes ----------------------------------------

    fn push_member(&mut self, oi: usize, m: Member) {
        let Some(org) = self.orgs.get_mut(oi) else { return };
        let pos = org.members.len();
        org.members.push(m);
        org.index_member(pos);
        self.user_joined(oi, pos);
    }

    /// Removes the member at `pos`: the last member takes its place.
    fn remove_member(&mut self, oi: usize, pos: usize) -> Option<Member> {
        let last = self.orgs.get(oi)?.members.len().checked_sub(1)?;
        self.swap_members(oi, pos, last);
        self.user_leaving(oi, last);
        let org = self.orgs.get_mut(oi)?;
        org.unindex_member(last);
        org.members.pop()
    }

    /// Swaps two members of an org, with their index entries and user slots.
    fn swap_members(&mut self, oi: usize, a: usize, b: usize) {
        if a == b {
            return;
        }
        let (sa, sb) = (self.user_of_member(oi, a), self.user_of_member(oi, b));
        let Some(org) = self.orgs.get_mut(oi) else { return };
        org.repoint_member(a, b);
        org.repoint_member(b, a);
        org.members.swap(a, b);
        for (slot, from, to) in [(sa, a, b), (sb, b, a)] {
            if let Some(s) = slot.filter(|&s| self.slot_is_member(s, oi, from)) {
                self.set_user_slot(s, UserSlot::Member(oi, to));
            }
        }
    }

    /// Replaces a member's fields; its id and e-mail stay, its user may be new.
    fn replace_member(&mut self, oi: usize, pos: usize, new: Member) {
        let same_user = self.orgs.get(oi).and_then(|o| o.members.get(pos)).map(|m| m.user_id == new.user_id);
        if same_user == Some(false) {
            self.user_leaving(oi, pos);
            if let Some(org) = self.orgs.get_mut(oi) {
                org.unindex_member(pos);
            }
        }
        let Some(slot) = self.org_mut(oi).and_then(|o| o.members.get_mut(pos)) else { return };
        *slot = new;
        if same_user == Some(false) {
            if let Some(org) = self.orgs.get_mut(oi) {
                org.index_member(pos);
            }
            self.user_joined(oi, pos);
        }
        self.refresh_hot_of_member(oi, pos);
    }

    /// The member at (oi, pos) is new, or has a new user: index the user if
    /// the instance did not know it.
    fn user_joined(&mut self, oi: usize, pos: usize) {
        let Some(m) = self.orgs.get(oi).and_then(|o| o.members.get(pos)) else { return };
        let Some(u) = m.user_id.as_deref() else { return };
        if self.has_user(u) {
            return;
        }
        let (u, email, entry) = (u.to_string(), m.email.clone(), hot::UserEntry::member(oi, pos, m));
        let slot = self.user_slots.len();
        self.user_slots.push(entry);
        let (mut by_id, mut by_email) = (std::mem::take(&mut self.user_by_id), std::mem::take(&mut self.user_by_email));
        by_id.insert(&self.user_slots, |s| self.user_id_of(s), &u, slot);
        by_email.insert(&self.user_slots, |s| self.user_email_of(s), &email, slot);
        self.user_by_id = by_id;
        self.user_by_email = by_email;
    }

    /// The member at (oi, pos) is about to go (or lose its user): its user
    /// slot moves to another membership, or the user is forgotten.
    fn user_leaving(&mut self, oi: usize, pos: usize) {
        let Some(m) = self.orgs.get(oi).and_then(|o| o.members.get(pos)) else { return };
        let Some(u) = m.user_id.clone() else { return };
        let Some(s) = self.user_position(&u) else { return };
        if !self.slot_is_member(s, oi, pos) {
            return;
        }
        let elsewhere =
            self.orgs.iter().enumerate().filter(|(o, _)| *o != oi).find_map(|(o, org)| {
                org.member_by_user.get(&org.members, |x| x.user_id.as_deref(), &u).map(|p| (o, p))
            });
        if let Some((o, p)) = elsewhere {
            self.set_user_slot(s, UserSlot::Member(o, p));
            return;
        }
        // Forget the user; the last slot takes its place.
        let email = m.email.clone();
        let (mut by_id, mut by_email) = (std::mem::take(&mut self.user_by_id), std::mem::take(&mut self.user_by_email));
        by_id.remove(&self.user_slots, |x| self.user_id_of(x), &u);
        by_email.remove(&self.user_slots, |x| self.user_email_of(x), &email);
        let last = self.user_slots.len() - 1;
        if last != s {
            let moved = self.user_slots.get(last).copied();
            let id = moved.as_ref().and_then(|x| self.user_id_of(x)).map(str::to_string);
            let mail = moved.as_ref().and_then(|x| self.user_email_of(x)).map(str::to_string);
            if let (Some(id), Some(mail)) = (id, mail) {
                by_id.repoint(&self.user_slots, |x| self.user_id_of(x), &id, s);
                by_email.repoint(&self.user_slots, |x| self.user_email_of(x), &mail, s);
            }
        }
        self.user_slots.swap_remove(s);
        self.user_by_id = by_id;
        self.user_by_email = by_email;
    }

    fn undo(&mut self, u: Undo) {
        match u {
            Undo::Pushed(oi) => {
                if let Some(last) = self.orgs.get(oi).and_then(|o| o.members.len().checked_sub(1)) {
                    self.remove_member(oi, last);
                }
            }
            Undo::Removed { org, pos, member } => {
                self.push_member(org, *member);
                if let Some(last) = self.orgs.get(org).and_then(|o| o.members.len().checked_sub(1)) {
                    self.swap_members(org, pos, last);
                }
            }
            Undo::Changed { org, pos, old } => self.replace_member(org, pos, *old),
            Undo::Shell { org, shell, member_workspaces, maps } => {
                let Some(o) = self.orgs.get_mut(org) else { return };
                let members = std::mem::take(&mut o.members);
                let ids = std::mem::take(&mut o.member_by_id);
                let users = std::mem::take(&mut o.member_by_user);
                let emails = std::mem::take(&mut o.member_by_email);
                *o = *shell;
                (o.members, o.member_by_id, o.member_by_user, o.member_by_email) = (members, ids, users, emails);
                let mut restored = Vec::with_capacity(member_workspaces.len());
                for (mi, wss) in member_workspaces {
                    if let Some(m) = o.members.get_mut(mi) {
                        m.workspaces = wss;
                        restored.push(mi);
                    }
                }
                let Maps { workspace_list, workspace_by_id, service_keys, pats } = *maps;
                (self.workspace_list, self.workspace_by_id, self.service_keys, self.pats) =
                    (workspace_list, workspace_by_id, service_keys, pats);
                for mi in restored {
                    self.refresh_hot_of_member(org, mi);
                }
            }
        }
    }
}

fn workspace_of(issues: &mut Issues, p: &str, org: &Org, id: &str) -> Option<usize> {
    let w = org.ws_by_id.get(id).copied();
    if w.is_none() {
        issues.add(format!("{p}.workspaceId"), format!("unknown workspace `{id}` in this organization"));
    }
    w
}

fn not_in_workspace(member: &str, workspace: &str) -> String {
    format!("member `{member}` has no role in workspace `{workspace}`")
}

impl Org {
    /// Everything but the members and their indexes.
    fn shell(&self) -> Org {
        Org {
            members: Vec::new(),
            member_by_id: IdIndex::default(),
            member_by_user: IdIndex::default(),
            member_by_email: IdIndex::default(),
            id: self.id.clone(),
            name: self.name.clone(),
            personal: self.personal,
            plan: self.plan,
            rbac: self.rbac,
            settings: self.settings.clone(),
            sso: self.sso.clone(),
            workspaces: self.workspaces.clone(),
            ws_by_id: self.ws_by_id.clone(),
            roles: self.roles.clone(),
            role_by_id: self.role_by_id.clone(),
            restricted_builtin: self.restricted_builtin.clone(),
            groups: self.groups.clone(),
            service_keys: self.service_keys.clone(),
            pats: self.pats.clone(),
        }
    }

    fn index_member(&mut self, pos: usize) {
        let Some(m) = self.members.get(pos) else { return };
        self.member_by_id.insert(&self.members, |x| Some(x.id.as_str()), &m.id, pos);
        if let Some(u) = &m.user_id {
            self.member_by_user.insert(&self.members, |x| x.user_id.as_deref(), u, pos);
        }
        self.member_by_email.insert(&self.members, |x| Some(x.email.as_str()), &m.email, pos);
    }

    fn unindex_member(&mut self, pos: usize) {
        let Some(m) = self.members.get(pos) else { return };
        self.member_by_id.remove(&self.members, |x| Some(x.id.as_str()), &m.id);
        if let Some(u) = &m.user_id {
            self.member_by_user.remove(&self.members, |x| x.user_id.as_deref(), u);
        }
        self.member_by_email.remove(&self.members, |x| Some(x.email.as_str()), &m.email);
    }

    /// Points the index entries of the member at `from` to `to`.
    fn repoint_member(&mut self, from: usize, to: usize) {
        let Some(m) = self.members.get(from) else { return };
        self.member_by_id.repoint(&self.members, |x| Some(x.id.as_str()), &m.id, to);
        if let Some(u) = &m.user_id {
            self.member_by_user.repoint(&self.members, |x| x.user_id.as_deref(), u, to);
        }
        self.member_by_email.repoint(&self.members, |x| Some(x.email.as_str()), &m.email, to);
    }
}
