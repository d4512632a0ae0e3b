//! Named input types for every check, and a JSON facade over them:
//! `Engine::call("planInvites", json)` runs a check from a JSON value and
//! returns its JSON result. The scenario files, the wasm binding's generic
//! entry point and the fuzzers all go through here, so every runtime runs
//! the very same code path.

use crate::admin::OrgAction;
use crate::config::InstanceConfig;
use crate::engine::Engine;
use crate::error::CheckError;
use crate::invites::InviteRequest;
use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use crate::members::MemberOperation;
use crate::orgs::ShareableResource;
use crate::requests::ApiRequest;
use crate::sso::LoginRequest;

/// `can` / `check`: a permission of a user in an org or workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionQuery {
    pub user_id: String,
    pub org_id: String,
    pub workspace_id: Option<String>,
    pub permission: String,
}

impl FromJson for PermissionQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["userId", "orgId", "workspaceId", "permission"])?;
        Ok(PermissionQuery {
            user_id: f.req("userId")?,
            org_id: f.req("orgId")?,
            workspace_id: f.opt("workspaceId")?,
            permission: f.req("permission")?,
        })
    }
}

impl ToJson for PermissionQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("userId", &self.user_id)
            .field("orgId", &self.org_id)
            .field("workspaceId", &self.workspace_id)
            .field("permission", &self.permission)
            .done()
    }
}

/// `permissions`: the effective permission list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionsQuery {
    pub user_id: String,
    pub org_id: String,
    pub workspace_id: Option<String>,
}

impl FromJson for PermissionsQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["userId", "orgId", "workspaceId"])?;
        Ok(PermissionsQuery { user_id: f.req("userId")?, org_id: f.req("orgId")?, workspace_id: f.opt("workspaceId")? })
    }
}

impl ToJson for PermissionsQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("userId", &self.user_id)
            .field("orgId", &self.org_id)
            .field("workspaceId", &self.workspace_id)
            .done()
    }
}

/// `canInvite`: may the actor invite someone new (into the workspace)?
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteCapabilityQuery {
    pub actor_id: String,
    pub org_id: String,
    pub workspace_id: Option<String>,
}

impl FromJson for InviteCapabilityQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["actorId", "orgId", "workspaceId"])?;
        Ok(InviteCapabilityQuery {
            actor_id: f.req("actorId")?,
            org_id: f.req("orgId")?,
            workspace_id: f.opt("workspaceId")?,
        })
    }
}

impl ToJson for InviteCapabilityQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("actorId", &self.actor_id)
            .field("orgId", &self.org_id)
            .field("workspaceId", &self.workspace_id)
            .done()
    }
}

/// `canCreateOrg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    pub user_id: String,
}

impl FromJson for UserQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["userId"])?;
        Ok(UserQuery { user_id: f.req("userId")? })
    }
}

impl ToJson for UserQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("userId", &self.user_id).done()
    }
}

/// `personalOrgOnFirstLogin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailQuery {
    pub email: String,
}

impl FromJson for EmailQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["email"])?;
        Ok(EmailQuery { email: f.req("email")? })
    }
}

impl ToJson for EmailQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("email", &self.email).done()
    }
}

/// `canCreatePat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserOrgQuery {
    pub user_id: String,
    pub org_id: String,
}

impl FromJson for UserOrgQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["userId", "orgId"])?;
        Ok(UserOrgQuery { user_id: f.req("userId")?, org_id: f.req("orgId")? })
    }
}

impl ToJson for UserOrgQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("userId", &self.user_id).field("orgId", &self.org_id).done()
    }
}

/// `canSetDefaultOrg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetDefaultOrgQuery {
    pub actor_id: String,
    pub target_org_id: String,
}

impl FromJson for SetDefaultOrgQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["actorId", "targetOrgId"])?;
        Ok(SetDefaultOrgQuery { actor_id: f.req("actorId")?, target_org_id: f.req("targetOrgId")? })
    }
}

impl ToJson for SetDefaultOrgQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("actorId", &self.actor_id).field("targetOrgId", &self.target_org_id).done()
    }
}

/// `resolveGroups` / `groupsSyncLogin`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupsQuery {
    pub org_id: String,
    /// Group names, oldest first.
    pub groups: Vec<String>,
}

impl FromJson for GroupsQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["orgId", "groups"])?;
        Ok(GroupsQuery { org_id: f.req("orgId")?, groups: f.req("groups")? })
    }
}

impl ToJson for GroupsQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("orgId", &self.org_id).field("groups", &self.groups).done()
    }
}

/// `canManageMembers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberOperationQuery {
    pub actor_id: String,
    pub org_id: String,
    pub operation: MemberOperation,
}

impl FromJson for MemberOperationQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["actorId", "orgId", "operation"])?;
        Ok(MemberOperationQuery {
            actor_id: f.req("actorId")?,
            org_id: f.req("orgId")?,
            operation: f.req("operation")?,
        })
    }
}

impl ToJson for MemberOperationQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("actorId", &self.actor_id)
            .field("orgId", &self.org_id)
            .field("operation", &self.operation)
            .done()
    }
}

/// `canAdminister`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgActionQuery {
    pub actor_id: String,
    pub org_id: String,
    pub action: OrgAction,
}

impl FromJson for OrgActionQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["actorId", "orgId", "action"])?;
        Ok(OrgActionQuery { actor_id: f.req("actorId")?, org_id: f.req("orgId")?, action: f.req("action")? })
    }
}

impl ToJson for OrgActionQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("actorId", &self.actor_id).field("orgId", &self.org_id).field("action", &self.action).done()
    }
}

/// `canShare`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareQuery {
    pub user_id: String,
    pub org_id: String,
    pub workspace_id: String,
    pub resource: ShareableResource,
}

impl FromJson for ShareQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["userId", "orgId", "workspaceId", "resource"])?;
        Ok(ShareQuery {
            user_id: f.req("userId")?,
            org_id: f.req("orgId")?,
            workspace_id: f.req("workspaceId")?,
            resource: f.req("resource")?,
        })
    }
}

impl ToJson for ShareQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("userId", &self.user_id)
            .field("orgId", &self.org_id)
            .field("workspaceId", &self.workspace_id)
            .field("resource", &self.resource)
            .done()
    }
}

/// `capabilities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapabilitiesQuery {
    pub org_id: String,
    pub workspace_id: Option<String>,
}

impl FromJson for CapabilitiesQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["orgId", "workspaceId"])?;
        Ok(CapabilitiesQuery { org_id: f.req("orgId")?, workspace_id: f.opt("workspaceId")? })
    }
}

impl ToJson for CapabilitiesQuery {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("orgId", &self.org_id).field("workspaceId", &self.workspace_id).done()
    }
}

/// `whatIf`: the other configuration (omitted switches take its auth mode's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIfQuery {
    pub config: InstanceConfig,
}

impl FromJson for WhatIfQuery {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["config"])?;
        Ok(WhatIfQuery { config: f.req("config")? })
    }
}

/// Every method [`Engine::call`] accepts, in camelCase.
pub const METHODS: &[&str] = &[
    "can",
    "check",
    "permissions",
    "planInvites",
    "canInvite",
    "canCreateOrg",
    "personalOrgOnFirstLogin",
    "canCreatePat",
    "firstLogin",
    "canSetDefaultOrg",
    "resolveGroups",
    "groupsSyncLogin",
    "authorizeRequest",
    "canManageMembers",
    "canAdminister",
    "canShare",
    "capabilities",
    "whatIf",
];

/// Reads a named input from JSON text, reporting the path of a bad field
/// (`invitees[2].orgRole`).
pub fn parse_input<T: FromJson>(text: &str) -> Result<T, CheckError> {
    crate::json::from_str(text).map_err(CheckError::from)
}

fn out<T: ToJson>(v: T) -> Result<String, CheckError> {
    Ok(crate::json::to_string(&v))
}

impl Engine {
    /// Runs the check `method` on a JSON input and returns its JSON result.
    pub fn call(&self, method: &str, input: serde_json::Value) -> Result<serde_json::Value, CheckError> {
        let text = self.dispatch(method, &input.to_string())?;
        serde_json::from_str(&text).map_err(|e| CheckError::invalid("(result)", e.to_string()))
    }

    /// [`Engine::call`] on JSON text, answering JSON text: one parse, one
    /// serialization, nothing else (the WebAssembly binding's path).
    pub fn call_json(&self, method: &str, input: &str) -> Result<String, CheckError> {
        self.dispatch(method, input)
    }

    /// [`Engine::call_json`] on an already parsed input.
    pub fn call_value(&self, method: &str, input: &Json<'_>) -> Result<String, CheckError> {
        self.run(method, input)
    }

    fn dispatch(&self, method: &str, input: &str) -> Result<String, CheckError> {
        let v = crate::json::parse(input).map_err(CheckError::from)?;
        self.run(method, &v)
    }

    fn run(&self, method: &str, input: &Json<'_>) -> Result<String, CheckError> {
        fn read<T: FromJson>(v: &Json<'_>) -> Result<T, CheckError> {
            T::from_json(v, &Path::Root).map_err(CheckError::from)
        }
        match method {
            "can" => {
                let q: PermissionQuery = read(input)?;
                out(self.can(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission)?)
            }
            "check" => {
                let q: PermissionQuery = read(input)?;
                out(self.check(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission)?)
            }
            "permissions" => {
                let q: PermissionsQuery = read(input)?;
                out(self.permissions(&q.user_id, &q.org_id, q.workspace_id.as_deref())?)
            }
            "planInvites" => out(self.plan_invites(&read::<InviteRequest>(input)?)?),
            "canInvite" => {
                let q: InviteCapabilityQuery = read(input)?;
                out(self.can_invite(&q.actor_id, &q.org_id, q.workspace_id.as_deref())?)
            }
            "canCreateOrg" => out(self.can_create_org(&read::<UserQuery>(input)?.user_id)?),
            "personalOrgOnFirstLogin" => out(self.personal_org_on_first_login(&read::<EmailQuery>(input)?.email)),
            "canCreatePat" => {
                let q: UserOrgQuery = read(input)?;
                out(self.can_create_pat(&q.user_id, &q.org_id)?)
            }
            "firstLogin" => out(self.first_login(&read::<LoginRequest>(input)?)),
            "canSetDefaultOrg" => {
                let q: SetDefaultOrgQuery = read(input)?;
                out(self.can_set_default_org(&q.actor_id, &q.target_org_id)?)
            }
            "resolveGroups" => {
                let q: GroupsQuery = read(input)?;
                out(self.resolve_groups(&q.org_id, &q.groups)?)
            }
            "groupsSyncLogin" => {
                let q: GroupsQuery = read(input)?;
                out(self.groups_sync_login(&q.org_id, &q.groups)?)
            }
            "authorizeRequest" => out(self.authorize_request(&read::<ApiRequest>(input)?)?),
            "canManageMembers" => {
                let q: MemberOperationQuery = read(input)?;
                out(self.can_manage_members(&q.actor_id, &q.org_id, &q.operation)?)
            }
            "canAdminister" => {
                let q: OrgActionQuery = read(input)?;
                out(self.can_administer(&q.actor_id, &q.org_id, &q.action)?)
            }
            "canShare" => {
                let q: ShareQuery = read(input)?;
                out(self.can_share(&q.user_id, &q.org_id, &q.workspace_id, q.resource)?)
            }
            "capabilities" => {
                let q: CapabilitiesQuery = read(input)?;
                out(self.capabilities(&q.org_id, q.workspace_id.as_deref())?)
            }
            "whatIf" => out(self.what_if(&read::<WhatIfQuery>(input)?.config)?),
            other => Err(CheckError::invalid(
                "method",
                format!("unknown method `{other}`; expected one of {}", METHODS.join(", ")),
            )),
        }
    }
}
