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
use crate::members::MemberOperation;
use crate::orgs::ShareableResource;
use crate::requests::ApiRequest;
use crate::sso::LoginRequest;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `can` / `check`: a permission of a user in an org or workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PermissionQuery {
    pub user_id: String,
    pub org_id: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
    pub permission: String,
}

/// `permissions`: the effective permission list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PermissionsQuery {
    pub user_id: String,
    pub org_id: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
}

/// `canInvite`: may the actor invite someone new (into the workspace)?
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InviteCapabilityQuery {
    pub actor_id: String,
    pub org_id: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
}

/// `canCreateOrg`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserQuery {
    pub user_id: String,
}

/// `personalOrgOnFirstLogin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmailQuery {
    pub email: String,
}

/// `canCreatePat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserOrgQuery {
    pub user_id: String,
    pub org_id: String,
}

/// `canSetDefaultOrg`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetDefaultOrgQuery {
    pub actor_id: String,
    pub target_org_id: String,
}

/// `resolveGroups` / `groupsSyncLogin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupsQuery {
    pub org_id: String,
    /// Group names, oldest first.
    pub groups: Vec<String>,
}

/// `canManageMembers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberOperationQuery {
    pub actor_id: String,
    pub org_id: String,
    pub operation: MemberOperation,
}

/// `canAdminister`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgActionQuery {
    pub actor_id: String,
    pub org_id: String,
    pub action: OrgAction,
}

/// `canShare`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ShareQuery {
    pub user_id: String,
    pub org_id: String,
    pub workspace_id: String,
    pub resource: ShareableResource,
}

/// `capabilities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CapabilitiesQuery {
    pub org_id: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
}

/// `whatIf`: the other configuration (omitted switches take its auth mode's defaults).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatIfQuery {
    pub config: InstanceConfig,
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

/// Deserializes a named input from JSON text, reporting the path of a bad
/// field (`invitees[2].orgRole`).
pub fn parse_input<T: DeserializeOwned>(text: &str) -> Result<T, CheckError> {
    serde_json::from_str(text).map_err(|e| {
        let (path, message) = crate::json_path::locate(text, &e);
        CheckError::invalid(path, message)
    })
}

/// What [`Engine::call`] hands back: a JSON value, or JSON text.
pub trait CallOutput: Sized {
    fn from_result<T: Serialize>(v: &T) -> Result<Self, CheckError>;
}

impl CallOutput for Value {
    fn from_result<T: Serialize>(v: &T) -> Result<Self, CheckError> {
        serde_json::to_value(v).map_err(|e| CheckError::invalid("(result)", e.to_string()))
    }
}

impl CallOutput for String {
    fn from_result<T: Serialize>(v: &T) -> Result<Self, CheckError> {
        serde_json::to_string(v).map_err(|e| CheckError::invalid("(result)", e.to_string()))
    }
}

fn out<O: CallOutput, T: Serialize>(v: T) -> Result<O, CheckError> {
    O::from_result(&v)
}

impl Engine {
    /// Runs the check `method` on a JSON input and returns its JSON result.
    pub fn call(&self, method: &str, input: Value) -> Result<Value, CheckError> {
        self.dispatch(method, &input.to_string())
    }

    /// [`Engine::call`] on JSON text, answering JSON text: one parse, one
    /// serialization, nothing else (the WebAssembly binding's path).
    pub fn call_json(&self, method: &str, input: &str) -> Result<String, CheckError> {
        self.dispatch(method, input)
    }

    fn dispatch<O: CallOutput>(&self, method: &str, input: &str) -> Result<O, CheckError> {
        match method {
            "can" => {
                let q: PermissionQuery = parse_input(input)?;
                out(self.can(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission)?)
            }
            "check" => {
                let q: PermissionQuery = parse_input(input)?;
                out(self.check(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission)?)
            }
            "permissions" => {
                let q: PermissionsQuery = parse_input(input)?;
                out(self.permissions(&q.user_id, &q.org_id, q.workspace_id.as_deref())?)
            }
            "planInvites" => out(self.plan_invites(&parse_input::<InviteRequest>(input)?)?),
            "canInvite" => {
                let q: InviteCapabilityQuery = parse_input(input)?;
                out(self.can_invite(&q.actor_id, &q.org_id, q.workspace_id.as_deref())?)
            }
            "canCreateOrg" => out(self.can_create_org(&parse_input::<UserQuery>(input)?.user_id)?),
            "personalOrgOnFirstLogin" => {
                out(self.personal_org_on_first_login(&parse_input::<EmailQuery>(input)?.email))
            }
            "canCreatePat" => {
                let q: UserOrgQuery = parse_input(input)?;
                out(self.can_create_pat(&q.user_id, &q.org_id)?)
            }
            "firstLogin" => out(self.first_login(&parse_input::<LoginRequest>(input)?)),
            "canSetDefaultOrg" => {
                let q: SetDefaultOrgQuery = parse_input(input)?;
                out(self.can_set_default_org(&q.actor_id, &q.target_org_id)?)
            }
            "resolveGroups" => {
                let q: GroupsQuery = parse_input(input)?;
                out(self.resolve_groups(&q.org_id, &q.groups)?)
            }
            "groupsSyncLogin" => {
                let q: GroupsQuery = parse_input(input)?;
                out(self.groups_sync_login(&q.org_id, &q.groups)?)
            }
            "authorizeRequest" => out(self.authorize_request(&parse_input::<ApiRequest>(input)?)?),
            "canManageMembers" => {
                let q: MemberOperationQuery = parse_input(input)?;
                out(self.can_manage_members(&q.actor_id, &q.org_id, &q.operation)?)
            }
            "canAdminister" => {
                let q: OrgActionQuery = parse_input(input)?;
                out(self.can_administer(&q.actor_id, &q.org_id, &q.action)?)
            }
            "canShare" => {
                let q: ShareQuery = parse_input(input)?;
                out(self.can_share(&q.user_id, &q.org_id, &q.workspace_id, q.resource)?)
            }
            "capabilities" => {
                let q: CapabilitiesQuery = parse_input(input)?;
                out(self.capabilities(&q.org_id, q.workspace_id.as_deref())?)
            }
            "whatIf" => out(self.what_if(&parse_input::<WhatIfQuery>(input)?.config)?),
            other => Err(CheckError::invalid(
                "method",
                format!("unknown method `{other}`; expected one of {}", METHODS.join(", ")),
            )),
        }
    }
}
