//! SCIM / SSO groups-sync group names (DOMAIN §6):
//! `<prefix>Organization Admin(s)` and
//! `<prefix><org role><sep><workspace><sep><workspace role>`.

use crate::decision::{Code, Decision};
use crate::directory::{Org, RoleRef};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::roles::{BuiltinWorkspaceRole, OrgRole};
use crate::rules::{org_role_under_plan, rbac_allows_role};

/// What one group name grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GroupMatch {
    pub org_role: OrgRole,
    /// (workspace index, role); `None` for the Org Admin form.
    pub workspace: Option<(usize, RoleRef)>,
}

crate::json::json_names! {
    /// Why a group name granted nothing.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum SkipReason {
        /// The org has a prefix and the name does not start with it.
        MissingPrefix = "missing_prefix",
        /// No split of the name names an org role, a workspace and a role of this org.
        NoMatch = "no_match",
        /// The role is not Admin and the org has no workspace RBAC.
        RbacRequired = "rbac_required",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SkippedGroup: write {
        pub name: String = "name",
        pub reason: SkipReason = "reason",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct WorkspaceGrant: write {
        pub workspace_id: String = "workspaceId",
        pub role: String = "role",
        /// The group name that decided it.
        pub group: String = "group",
    }
}

crate::json::wire! {
    /// The roles a list of group names grants in one organization.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GroupResolution: write {
        /// `null` when no name matched.
        pub org_role: Option<OrgRole> = "orgRole",
        pub workspaces: Vec<WorkspaceGrant> = "workspaces",
        /// Names that granted something, in input order.
        pub matched: Vec<String> = "matched",
        pub skipped: Vec<SkippedGroup> = "skipped",
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| *c != ' ').collect()
}

fn org_role_token(tok: &str) -> Option<OrgRole> {
    let t = squash(tok);
    OrgRole::ALL.into_iter().find(|r| squash(r.display_name()) == t)
}

fn workspace_role_by_name(org: &Org, name: &str) -> Option<RoleRef> {
    BuiltinWorkspaceRole::ALL
        .into_iter()
        .find(|b| b.display_name() == name)
        .map(RoleRef::Builtin)
        .or_else(|| org.roles.iter().position(|r| r.name == name).map(RoleRef::Custom))
}

/// Parses one group name against the org's workspaces and roles.
fn parse(org: &Org, name: &str) -> Result<GroupMatch, SkipReason> {
    let prefix = org.settings.group_prefix.as_str();
    let Some(rest) = name.strip_prefix(prefix) else { return Err(SkipReason::MissingPrefix) };
    let squashed = squash(rest);
    if squashed == "OrganizationAdmin" || squashed == "OrganizationAdmins" {
        return Ok(GroupMatch { org_role: OrgRole::OrganizationAdmin, workspace: None });
    }
    let sep = org.settings.group_separator;
    let cuts: Vec<usize> = rest.char_indices().filter(|(_, c)| *c == sep).map(|(i, _)| i).collect();
    let mut rbac_blocked = false;
    // Every (first cut, last cut) pair: the workspace name may hold the separator.
    for (n, &i) in cuts.iter().enumerate() {
        let Some(org_role) = rest.get(..i).and_then(org_role_token) else { continue };
        for &j in cuts.iter().skip(n + 1) {
            let (Some(ws_name), Some(role_name)) = (rest.get(i + sep.len_utf8()..j), rest.get(j + sep.len_utf8()..))
            else {
                continue;
            };
            let Some(ws) = org.workspaces.iter().position(|w| w.name == ws_name) else { continue };
            let Some(role) = workspace_role_by_name(org, role_name) else { continue };
            if rbac_allows_role(org, role).is_err() {
                rbac_blocked = true;
                continue;
            }
            return Ok(GroupMatch { org_role, workspace: Some((ws, role)) });
        }
    }
    Err(if rbac_blocked { SkipReason::RbacRequired } else { SkipReason::NoMatch })
}

/// One group name's grant, if it has one (used by role-deletion checks).
pub(crate) fn resolve_group_name(org: &Org, name: &str) -> Option<GroupMatch> {
    parse(org, name).ok()
}

/// Resolves names (oldest first: later names are more recently created).
pub(crate) fn resolve(org: &Org, names: &[String]) -> GroupResolution {
    let mut matched = Vec::new();
    let mut skipped = Vec::new();
    let mut grants: Vec<(usize, GroupMatch)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match parse(org, name) {
            Ok(m) => {
                matched.push(name.clone());
                grants.push((i, m));
            }
            Err(reason) => skipped.push(SkippedGroup { name: name.clone(), reason }),
        }
    }
    let admin_group = grants.iter().find(|(_, g)| g.org_role == OrgRole::OrganizationAdmin);
    let (org_role, workspaces) = if let Some((i, _)) = admin_group {
        // An Org Admin group wins and grants Admin in every workspace.
        let group = names.get(*i).cloned().unwrap_or_default();
        let all = org
            .workspaces
            .iter()
            .map(|w| WorkspaceGrant {
                workspace_id: w.id.clone(),
                role: BuiltinWorkspaceRole::Admin.id().into(),
                group: group.clone(),
            })
            .collect();
        (Some(OrgRole::OrganizationAdmin), all)
    } else {
        // Otherwise the most recently created group wins, per workspace and for the org role.
        let org_role = grants.last().map(|(_, g)| org_role_under_plan(org, g.org_role));
        let mut per_ws: Vec<(usize, RoleRef, usize)> = Vec::new();
        for (i, g) in &grants {
            if let Some((ws, role)) = g.workspace {
                match per_ws.iter_mut().find(|(w, _, _)| *w == ws) {
                    Some(slot) => *slot = (ws, role, *i),
                    None => per_ws.push((ws, role, *i)),
                }
            }
        }
        per_ws.sort_unstable_by_key(|(w, _, _)| *w);
        let ws = per_ws
            .into_iter()
            .filter_map(|(w, role, i)| {
                Some(WorkspaceGrant {
                    workspace_id: org.workspaces.get(w)?.id.clone(),
                    role: org.role_id(role).to_string(),
                    group: names.get(i)?.clone(),
                })
            })
            .collect();
        (org_role, ws)
    };
    GroupResolution { org_role, workspaces, matched, skipped }
}

/// Groups sync's refusal: required, enabled, and nothing matched.
pub(crate) fn groups_required_denial(org: &Org, resolution: &GroupResolution) -> Option<Decision> {
    (org.sso.groups_sync_enabled && org.sso.groups_required && resolution.matched.is_empty()).then(|| {
        Decision::deny(
            Code::SsoGroupsRequired,
            format!(
                "`{}` requires a matching group (claim `{}`) and the login matches none",
                org.name, org.sso.groups_claim
            ),
        )
    })
}

impl Engine {
    /// Resolves group names (oldest first) into the org role and workspace roles they grant in `org`.
    pub fn resolve_groups(&self, org_id: &str, names: &[String]) -> Result<GroupResolution, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        Ok(resolve(org, names))
    }

    /// Would a groups-sync login with `groups` be refused in `org`?
    pub fn groups_sync_login(&self, org_id: &str, groups: &[String]) -> Result<Decision, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let r = resolve(org, groups);
        Ok(groups_required_denial(org, &r)
            .unwrap_or_else(|| Decision::allow(Code::Allowed, "the login's groups are accepted")))
    }
}
