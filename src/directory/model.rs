//! The directory document: the JSON (or JS object) a deployment hands the
//! engine. Field names are camelCase; unknown fields are rejected so typos
//! surface. Role and permission names stay strings here so that validation
//! can name the exact path of a bad one.

use std::collections::BTreeMap;

crate::json::wire! {
    /// The whole directory: organizations, their workspaces, roles and members.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct DirectoryDoc: read write {
        /// The SSO default organization (DOMAIN §6), where JIT provisioning lands.
        pub default_org_id: Option<String> = "defaultOrgId" [opt],
        /// Users known to the instance without any membership yet (optional;
        /// members' users are known anyway).
        pub users: Vec<UserDoc> = "users" [default],
        pub orgs: Vec<OrgDoc> = "orgs",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct UserDoc: read write {
        pub id: String = "id",
        pub email: String = "email",
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

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct OrgDoc: read write {
        pub id: String = "id",
        pub name: String = "name",
        /// A personal organization: one per user, one workspace, no invites.
        pub personal: bool = "personal" [default],
        pub plan: Plan = "plan" [default],
        /// Workspace RBAC (Enterprise): workspace roles other than Admin and custom roles.
        pub rbac: bool = "rbac" [default],
        pub settings: OrgSettingsDoc = "settings" [default],
        pub sso: SsoDoc = "sso" [default],
        pub workspaces: Vec<WorkspaceDoc> = "workspaces",
        /// Custom workspace roles (RBAC only).
        pub roles: Vec<CustomRoleDoc> = "roles" [default],
        /// Role ids (built-in or custom) marked restricted.
        pub restricted_roles: Vec<String> = "restrictedRoles" [default] as "WorkspaceRoleId[]",
        pub members: Vec<MemberDoc> = "members" [default],
        /// SCIM / groups-sync group names in this org, oldest first.
        pub groups: Vec<String> = "groups" [default],
        pub service_keys: Vec<ServiceKeyDoc> = "serviceKeys" [default],
        pub personal_access_tokens: Vec<PatDoc> = "personalAccessTokens" [default],
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct OrgSettingsDoc: read write {
        pub invites_enabled: bool = "invitesEnabled" [or true],
        pub jit_provisioning_enabled: bool = "jitProvisioningEnabled" [or true],
        pub pat_creation_disabled: bool = "patCreationDisabled" [default],
        pub public_sharing_disabled: bool = "publicSharingDisabled" [default],
        /// Group-name separator: one of `:` `-` `_` space `&`.
        pub group_separator: String = "groupSeparator" [or ":".into()] as "GroupSeparator",
        /// Optional group-name prefix, e.g. `LS:`.
        pub group_prefix: String = "groupPrefix" [default],
    }
}

impl Default for OrgSettingsDoc {
    /// The settings of an organization that names none (as read from `{}`).
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

crate::json::wire! {
    /// SSO provisioning defaults for new members (used in the default org).
    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct SsoDoc: read write {
        /// Workspaces new members join; omitted: the org's first workspace.
        pub default_workspace_ids: Option<Vec<String>> = "defaultWorkspaceIds" [opt],
        /// Their workspace role; omitted: `WORKSPACE_EDITOR`.
        pub default_workspace_role: Option<String> = "defaultWorkspaceRole" [opt] as "WorkspaceRoleId | null",
        pub groups_sync: GroupsSyncDoc = "groupsSync" [default],
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct GroupsSyncDoc: read write {
        pub enabled: bool = "enabled" [default],
        /// Refuse a login whose groups match no group.
        pub required: bool = "required" [default],
        /// The token claim holding the groups (default `groups`).
        pub claim: String = "claim" [or "groups".into()],
    }
}

impl Default for GroupsSyncDoc {
    fn default() -> Self {
        GroupsSyncDoc { enabled: false, required: false, claim: "groups".into() }
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct WorkspaceDoc: read write {
        pub id: String = "id",
        pub name: String = "name",
    }
}

crate::json::wire! {
    #[derive(Debug, Clone, PartialEq)]
    pub struct CustomRoleDoc: read write {
        pub id: String = "id",
        pub name: String = "name",
        pub permissions: Vec<String> = "permissions" as "PermissionName[]",
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

crate::json::wire! {
    /// One identity: a user's membership in this organization.
    #[derive(Debug, Clone, PartialEq)]
    pub struct MemberDoc: read write {
        /// The identity id.
        pub id: String = "id",
        /// The user; may be omitted for a pending invite of someone with no account.
        pub user_id: Option<String> = "userId" [opt],
        pub email: String = "email",
        pub org_role: String = "orgRole" as "OrgRole",
        pub status: MemberStatus = "status" [default],
        /// Workspace id → workspace role id.
        pub workspaces: BTreeMap<String, String> = "workspaces" [default] as "Record<string, WorkspaceRoleId>",
    }
}

crate::json::wire! {
    /// A service key: scoped to some workspaces, or to the whole org.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ServiceKeyDoc: read write {
        pub id: String = "id",
        /// Org-wide key (covers every workspace; needs `X-Tenant-Id` for workspace resources).
        pub org_scoped: bool = "orgScoped" [default],
        /// Workspaces a workspace-scoped key covers; the first is where it was created.
        pub workspace_ids: Vec<String> = "workspaceIds" [default],
        /// Enterprise: the key's own org role (default `ORGANIZATION_ADMIN` for
        /// org-scoped keys, `ORGANIZATION_USER` otherwise).
        pub org_role: Option<String> = "orgRole" [opt] as "OrgRole | null",
        /// Enterprise: the key's own workspace role (default `WORKSPACE_ADMIN`).
        pub workspace_role: Option<String> = "workspaceRole" [opt] as "WorkspaceRoleId | null",
    }
}

crate::json::wire! {
    /// A personal access token, created by a user in this org.
    #[derive(Debug, Clone, PartialEq)]
    pub struct PatDoc: read write {
        pub id: String = "id",
        pub user_id: String = "userId",
        /// The workspace it was created in (used when a request has no `X-Tenant-Id`).
        pub workspace_id: Option<String> = "workspaceId" [opt],
    }
}
