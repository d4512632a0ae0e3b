//! The directory document: the JSON (or JS object) a deployment hands the
//! engine. Field names are camelCase; unknown fields are rejected so typos
//! surface. Role and permission names stay strings here so that validation
//! can name the exact path of a bad one.

use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use std::collections::BTreeMap;

/// The whole directory: organizations, their workspaces, roles and members.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryDoc {
    /// The SSO default organization (DOMAIN §6), where JIT provisioning lands.
    pub default_org_id: Option<String>,
    /// Users known to the instance without any membership yet (optional;
    /// members' users are known anyway).
    pub users: Vec<UserDoc>,
    pub orgs: Vec<OrgDoc>,
}

impl FromJson for DirectoryDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["defaultOrgId", "users", "orgs"])?;
        Ok(DirectoryDoc { default_org_id: f.opt("defaultOrgId")?, users: f.or_default("users")?, orgs: f.req("orgs")? })
    }
}

impl ToJson for DirectoryDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .some("defaultOrgId", &self.default_org_id)
            .when(!self.users.is_empty(), "users", &self.users)
            .field("orgs", &self.orgs)
            .done()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserDoc {
    pub id: String,
    pub email: String,
}

impl FromJson for UserDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "email"])?;
        Ok(UserDoc { id: f.req("id")?, email: f.req("email")? })
    }
}

impl ToJson for UserDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("id", &self.id).field("email", &self.email).done()
    }
}

crate::json::json_names! {
    /// What an organization's plan allows.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum Plan {
        /// Several workspaces; all four org roles exist.
        #[default]
        MultiWorkspace = "multiWorkspace",
        /// One workspace; every member is an Organization Admin.
        SingleWorkspace = "singleWorkspace",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgDoc {
    pub id: String,
    pub name: String,
    /// A personal organization: one per user, one workspace, no invites.
    pub personal: bool,
    pub plan: Plan,
    /// Workspace RBAC (Enterprise): workspace roles other than Admin and custom roles.
    pub rbac: bool,
    pub settings: OrgSettingsDoc,
    pub sso: SsoDoc,
    pub workspaces: Vec<WorkspaceDoc>,
    /// Custom workspace roles (RBAC only).
    pub roles: Vec<CustomRoleDoc>,
    /// Role ids (built-in or custom) marked restricted.
    pub restricted_roles: Vec<String>,
    pub members: Vec<MemberDoc>,
    /// SCIM / groups-sync group names in this org, oldest first.
    pub groups: Vec<String>,
    pub service_keys: Vec<ServiceKeyDoc>,
    pub personal_access_tokens: Vec<PatDoc>,
}

impl FromJson for OrgDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(
            v,
            at,
            "an object",
            &[
                "id",
                "name",
                "personal",
                "plan",
                "rbac",
                "settings",
                "sso",
                "workspaces",
                "roles",
                "restrictedRoles",
                "members",
                "groups",
                "serviceKeys",
                "personalAccessTokens",
            ],
        )?;
        Ok(OrgDoc {
            id: f.req("id")?,
            name: f.req("name")?,
            personal: f.or_default("personal")?,
            plan: f.or_default("plan")?,
            rbac: f.or_default("rbac")?,
            settings: f.or_default("settings")?,
            sso: f.or_default("sso")?,
            workspaces: f.req("workspaces")?,
            roles: f.or_default("roles")?,
            restricted_roles: f.or_default("restrictedRoles")?,
            members: f.or_default("members")?,
            groups: f.or_default("groups")?,
            service_keys: f.or_default("serviceKeys")?,
            personal_access_tokens: f.or_default("personalAccessTokens")?,
        })
    }
}

impl ToJson for OrgDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("id", &self.id)
            .field("name", &self.name)
            .field("personal", &self.personal)
            .field("plan", &self.plan)
            .field("rbac", &self.rbac)
            .field("settings", &self.settings)
            .field("sso", &self.sso)
            .field("workspaces", &self.workspaces)
            .field("roles", &self.roles)
            .field("restrictedRoles", &self.restricted_roles)
            .field("members", &self.members)
            .field("groups", &self.groups)
            .field("serviceKeys", &self.service_keys)
            .field("personalAccessTokens", &self.personal_access_tokens)
            .done()
    }
}

#[derive(Debug, Clone, PartialEq)]
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

impl FromJson for OrgSettingsDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(
            v,
            at,
            "an object",
            &[
                "invitesEnabled",
                "jitProvisioningEnabled",
                "patCreationDisabled",
                "publicSharingDisabled",
                "groupSeparator",
                "groupPrefix",
            ],
        )?;
        let d = Self::default();
        Ok(OrgSettingsDoc {
            invites_enabled: f.or("invitesEnabled", || d.invites_enabled)?,
            jit_provisioning_enabled: f.or("jitProvisioningEnabled", || d.jit_provisioning_enabled)?,
            pat_creation_disabled: f.or("patCreationDisabled", || d.pat_creation_disabled)?,
            public_sharing_disabled: f.or("publicSharingDisabled", || d.public_sharing_disabled)?,
            group_separator: f.or("groupSeparator", || d.group_separator)?,
            group_prefix: f.or("groupPrefix", || d.group_prefix)?,
        })
    }
}

impl ToJson for OrgSettingsDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("invitesEnabled", &self.invites_enabled)
            .field("jitProvisioningEnabled", &self.jit_provisioning_enabled)
            .field("patCreationDisabled", &self.pat_creation_disabled)
            .field("publicSharingDisabled", &self.public_sharing_disabled)
            .field("groupSeparator", &self.group_separator)
            .field("groupPrefix", &self.group_prefix)
            .done()
    }
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SsoDoc {
    /// Workspaces new members join; omitted: the org's first workspace.
    pub default_workspace_ids: Option<Vec<String>>,
    /// Their workspace role; omitted: `WORKSPACE_EDITOR`.
    pub default_workspace_role: Option<String>,
    pub groups_sync: GroupsSyncDoc,
}

impl FromJson for SsoDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["defaultWorkspaceIds", "defaultWorkspaceRole", "groupsSync"])?;
        let d = Self::default();
        Ok(SsoDoc {
            default_workspace_ids: f.opt("defaultWorkspaceIds")?.or(d.default_workspace_ids),
            default_workspace_role: f.opt("defaultWorkspaceRole")?.or(d.default_workspace_role),
            groups_sync: f.or("groupsSync", || d.groups_sync)?,
        })
    }
}

impl ToJson for SsoDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .some("defaultWorkspaceIds", &self.default_workspace_ids)
            .some("defaultWorkspaceRole", &self.default_workspace_role)
            .field("groupsSync", &self.groups_sync)
            .done()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupsSyncDoc {
    pub enabled: bool,
    /// Refuse a login whose groups match no group.
    pub required: bool,
    /// The token claim holding the groups.
    pub claim: String,
}

impl FromJson for GroupsSyncDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["enabled", "required", "claim"])?;
        let d = Self::default();
        Ok(GroupsSyncDoc {
            enabled: f.or("enabled", || d.enabled)?,
            required: f.or("required", || d.required)?,
            claim: f.or("claim", || d.claim)?,
        })
    }
}

impl ToJson for GroupsSyncDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("enabled", &self.enabled).field("required", &self.required).field("claim", &self.claim).done()
    }
}

impl Default for GroupsSyncDoc {
    fn default() -> Self {
        GroupsSyncDoc { enabled: false, required: false, claim: "groups".into() }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceDoc {
    pub id: String,
    pub name: String,
}

impl FromJson for WorkspaceDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "name"])?;
        Ok(WorkspaceDoc { id: f.req("id")?, name: f.req("name")? })
    }
}

impl ToJson for WorkspaceDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("id", &self.id).field("name", &self.name).done()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomRoleDoc {
    pub id: String,
    pub name: String,
    pub permissions: Vec<String>,
}

impl FromJson for CustomRoleDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "name", "permissions"])?;
        Ok(CustomRoleDoc { id: f.req("id")?, name: f.req("name")?, permissions: f.req("permissions")? })
    }
}

impl ToJson for CustomRoleDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("id", &self.id).field("name", &self.name).field("permissions", &self.permissions).done()
    }
}

crate::json::json_names! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum MemberStatus {
        #[default]
        Active = "active",
        Pending = "pending",
    }
}

/// One identity: a user's membership in this organization.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDoc {
    /// The identity id.
    pub id: String,
    /// The user; may be omitted for a pending invite of someone with no account.
    pub user_id: Option<String>,
    pub email: String,
    pub org_role: String,
    pub status: MemberStatus,
    /// Workspace id → workspace role id.
    pub workspaces: BTreeMap<String, String>,
}

impl FromJson for MemberDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "userId", "email", "orgRole", "status", "workspaces"])?;
        Ok(MemberDoc {
            id: f.req("id")?,
            user_id: f.opt("userId")?,
            email: f.req("email")?,
            org_role: f.req("orgRole")?,
            status: f.or_default("status")?,
            workspaces: f.or_default("workspaces")?,
        })
    }
}

impl ToJson for MemberDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("id", &self.id)
            .some("userId", &self.user_id)
            .field("email", &self.email)
            .field("orgRole", &self.org_role)
            .field("status", &self.status)
            .field("workspaces", &self.workspaces)
            .done()
    }
}

/// A service key: scoped to some workspaces, or to the whole org.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceKeyDoc {
    pub id: String,
    /// Org-wide key (covers every workspace; needs `X-Tenant-Id` for workspace resources).
    pub org_scoped: bool,
    /// Workspaces a workspace-scoped key covers; the first is where it was created.
    pub workspace_ids: Vec<String>,
    /// Enterprise: the key's own org role (default `ORGANIZATION_ADMIN` for
    /// org-scoped keys, `ORGANIZATION_USER` otherwise).
    pub org_role: Option<String>,
    /// Enterprise: the key's own workspace role (default `WORKSPACE_ADMIN`).
    pub workspace_role: Option<String>,
}

impl FromJson for ServiceKeyDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "orgScoped", "workspaceIds", "orgRole", "workspaceRole"])?;
        Ok(ServiceKeyDoc {
            id: f.req("id")?,
            org_scoped: f.or_default("orgScoped")?,
            workspace_ids: f.or_default("workspaceIds")?,
            org_role: f.opt("orgRole")?,
            workspace_role: f.opt("workspaceRole")?,
        })
    }
}

impl ToJson for ServiceKeyDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("id", &self.id)
            .field("orgScoped", &self.org_scoped)
            .field("workspaceIds", &self.workspace_ids)
            .some("orgRole", &self.org_role)
            .some("workspaceRole", &self.workspace_role)
            .done()
    }
}

/// A personal access token, created by a user in this org.
#[derive(Debug, Clone, PartialEq)]
pub struct PatDoc {
    pub id: String,
    pub user_id: String,
    /// The workspace it was created in (used when a request has no `X-Tenant-Id`).
    pub workspace_id: Option<String>,
}

impl FromJson for PatDoc {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["id", "userId", "workspaceId"])?;
        Ok(PatDoc { id: f.req("id")?, user_id: f.req("userId")?, workspace_id: f.opt("workspaceId")? })
    }
}

impl ToJson for PatDoc {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("id", &self.id).field("userId", &self.user_id).some("workspaceId", &self.workspace_id).done()
    }
}
