//! The directory document: the JSON (or JS object) a deployment hands the
//! engine. Field names are camelCase; unknown fields are rejected so typos
//! surface. Role and permission names stay strings here so that validation
//! can name the exact path of a bad one.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole directory: organizations, their workspaces, roles and members.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DirectoryDoc {
    /// The SSO default organization (DOMAIN §6), where JIT provisioning lands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_org_id: Option<String>,
    /// Users known to the instance without any membership yet (optional;
    /// members' users are known anyway).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserDoc>,
    pub orgs: Vec<OrgDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserDoc {
    pub id: String,
    pub email: String,
}

/// What an organization's plan allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Plan {
    /// Several workspaces; all four org roles exist.
    #[default]
    MultiWorkspace,
    /// One workspace; every member is an Organization Admin.
    SingleWorkspace,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgDoc {
    pub id: String,
    pub name: String,
    /// A personal organization: one per user, one workspace, no invites.
    #[serde(default)]
    pub personal: bool,
    #[serde(default)]
    pub plan: Plan,
    /// Workspace RBAC (Enterprise): workspace roles other than Admin and custom roles.
    #[serde(default)]
    pub rbac: bool,
    #[serde(default)]
    pub settings: OrgSettingsDoc,
    #[serde(default)]
    pub sso: SsoDoc,
    pub workspaces: Vec<WorkspaceDoc>,
    /// Custom workspace roles (RBAC only).
    #[serde(default)]
    pub roles: Vec<CustomRoleDoc>,
    /// Role ids (built-in or custom) marked restricted.
    #[serde(default)]
    pub restricted_roles: Vec<String>,
    #[serde(default)]
    pub members: Vec<MemberDoc>,
    /// SCIM / groups-sync group names in this org, oldest first.
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub service_keys: Vec<ServiceKeyDoc>,
    #[serde(default)]
    pub personal_access_tokens: Vec<PatDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct OrgSettingsDoc {
    pub invites_enabled: bool,
    pub jit_provisioning_enabled: bool,
    pub pat_creation_disabled: bool,
    pub public_sharing_disabled: bool,
    /// Group-name separator: one of `:` `-` `_` space `&`.
    pub group_separator: String,
    /// Optional group-name prefix, e.g. `LS:`.
    pub group_prefix: String,
}

impl Default for OrgSettingsDoc {
    fn default() -> Self {
        OrgSettingsDoc {
            invites_enabled: true,
            jit_provisioning_enabled: true,
            pat_creation_disabled: false,
            public_sharing_disabled: false,
            group_separator: ":".into(),
            group_prefix: String::new(),
        }
    }
}

/// SSO provisioning defaults for new members (used in the default org).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SsoDoc {
    /// Workspaces new members join; omitted: the org's first workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_workspace_ids: Option<Vec<String>>,
    /// Their workspace role; omitted: `WORKSPACE_EDITOR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_workspace_role: Option<String>,
    pub groups_sync: GroupsSyncDoc,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GroupsSyncDoc {
    pub enabled: bool,
    /// Refuse a login whose groups match no group.
    pub required: bool,
    /// The token claim holding the groups.
    pub claim: String,
}

impl Default for GroupsSyncDoc {
    fn default() -> Self {
        GroupsSyncDoc { enabled: false, required: false, claim: "groups".into() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkspaceDoc {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomRoleDoc {
    pub id: String,
    pub name: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MemberStatus {
    #[default]
    Active,
    Pending,
}

/// One identity: a user's membership in this organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberDoc {
    /// The identity id.
    pub id: String,
    /// The user; may be omitted for a pending invite of someone with no account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    pub email: String,
    pub org_role: String,
    #[serde(default)]
    pub status: MemberStatus,
    /// Workspace id → workspace role id.
    #[serde(default)]
    pub workspaces: BTreeMap<String, String>,
}

/// A service key: scoped to some workspaces, or to the whole org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceKeyDoc {
    pub id: String,
    /// Org-wide key (covers every workspace; needs `X-Tenant-Id` for workspace resources).
    #[serde(default)]
    pub org_scoped: bool,
    /// Workspaces a workspace-scoped key covers; the first is where it was created.
    #[serde(default)]
    pub workspace_ids: Vec<String>,
    /// Enterprise: the key's own org role (default `ORGANIZATION_ADMIN` for
    /// org-scoped keys, `ORGANIZATION_USER` otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_role: Option<String>,
    /// Enterprise: the key's own workspace role (default `WORKSPACE_ADMIN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_role: Option<String>,
}

/// A personal access token, created by a user in this org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatDoc {
    pub id: String,
    pub user_id: String,
    /// The workspace it was created in (used when a request has no `X-Tenant-Id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_id: Option<String>,
}
