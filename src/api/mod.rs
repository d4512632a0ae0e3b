//! Named input types for every check, and a JSON facade over them:
//! `Engine::call("planInvites", json)` runs a check from a JSON value and
//! returns its JSON result. The scenario files, the wasm binding's generic
//! entry point and the fuzzers all go through here, so every runtime runs
//! the very same code path.

use crate::access::EffectivePermissions;
use crate::admin::OrgAction;
use crate::config::InstanceConfig;
use crate::decision::Decision;
use crate::engine::Engine;
use crate::error::CheckError;
use crate::groups::GroupResolution;
use crate::invites::{InvitePlan, InviteRequest};
use crate::json::{FromJson, Json, Path, Ts};
use crate::members::MemberOperation;
use crate::orgs::ShareableResource;
use crate::requests::{ApiRequest, RequestDecision};
use crate::sso::{LoginRequest, LoginResult};
use crate::what_if::{CapabilityChange, CapabilityRow};

pub mod typescript;

crate::json::wire! {
    /// `can` / `check`: a permission of a user in an org or workspace.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PermissionQuery: read write {
        pub user_id: String = "userId",
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId" [opt],
        pub permission: String = "permission" as "PermissionName",
    }
}

crate::json::wire! {
    /// `permissions`: the effective permission list.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PermissionsQuery: read write {
        pub user_id: String = "userId",
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId" [opt],
    }
}

crate::json::wire! {
    /// `canInvite`: may the actor invite someone new (into the workspace)?
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct InviteCapabilityQuery: read write {
        pub actor_id: String = "actorId",
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId" [opt],
    }
}

crate::json::wire! {
    /// `canCreateOrg`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserQuery: read write {
        pub user_id: String = "userId",
    }
}

crate::json::wire! {
    /// `personalOrgOnFirstLogin`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct EmailQuery: read write {
        pub email: String = "email",
    }
}

crate::json::wire! {
    /// `canCreatePat`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserOrgQuery: read write {
        pub user_id: String = "userId",
        pub org_id: String = "orgId",
    }
}

crate::json::wire! {
    /// `canSetDefaultOrg`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct SetDefaultOrgQuery: read write {
        pub actor_id: String = "actorId",
        pub target_org_id: String = "targetOrgId",
    }
}

crate::json::wire! {
    /// `resolveGroups` / `groupsSyncLogin`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct GroupsQuery: read write {
        pub org_id: String = "orgId",
        /// Group names, oldest first.
        pub groups: Vec<String> = "groups",
    }
}

crate::json::wire! {
    /// `canManageMembers`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct MemberOperationQuery: read write {
        pub actor_id: String = "actorId",
        pub org_id: String = "orgId",
        pub operation: MemberOperation = "operation",
    }
}

crate::json::wire! {
    /// `canAdminister`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct OrgActionQuery: read write {
        pub actor_id: String = "actorId",
        pub org_id: String = "orgId",
        pub action: OrgAction = "action",
    }
}

crate::json::wire! {
    /// `canShare`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ShareQuery: read write {
        pub user_id: String = "userId",
        pub org_id: String = "orgId",
        pub workspace_id: String = "workspaceId",
        pub resource: ShareableResource = "resource",
    }
}

crate::json::wire! {
    /// `capabilities`.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CapabilitiesQuery: read write {
        pub org_id: String = "orgId",
        pub workspace_id: Option<String> = "workspaceId" [opt],
    }
}

crate::json::wire! {
    /// `whatIf`: the other configuration (omitted switches take its auth mode's defaults).
    #[derive(Debug, Clone, PartialEq)]
    pub struct WhatIfQuery: read {
        pub config: InstanceConfig = "config" as "InstanceConfigInput",
    }
}

/// The checks, one entry each: the Rust name, the method name of the JSON
/// facade and of `PolicyEngine.call`, the input and output types, and how the
/// engine runs it (`e` the engine, `q` the input). Everything that lists the
/// checks is generated from this table by a macro given to it: here
/// `METHODS`, [`Engine::call`]'s dispatch and the TypeScript `CallMap`; in the
/// WebAssembly binding, one typed function per check (what the typed JS
/// methods call) and the JS `call` dispatch.
///
/// Adding a check: the engine method (its rule), one line here, and its
/// docs (README's checks table, the JS method in `src/wasm/engine.rs`).
macro_rules! checks {
    ($callback:ident) => {
        $callback! {
            can "can": PermissionQuery => bool =
                |e, q| e.can(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission);
            check "check": PermissionQuery => Decision =
                |e, q| e.check(&q.user_id, &q.org_id, q.workspace_id.as_deref(), &q.permission);
            permissions "permissions": PermissionsQuery => EffectivePermissions =
                |e, q| e.permissions(&q.user_id, &q.org_id, q.workspace_id.as_deref());
            plan_invites "planInvites": InviteRequest => InvitePlan = |e, q| e.plan_invites(&q);
            can_invite "canInvite": InviteCapabilityQuery => Decision =
                |e, q| e.can_invite(&q.actor_id, &q.org_id, q.workspace_id.as_deref());
            can_create_org "canCreateOrg": UserQuery => Decision = |e, q| e.can_create_org(&q.user_id);
            personal_org_on_first_login "personalOrgOnFirstLogin": EmailQuery => Decision =
                |e, q| Ok(e.personal_org_on_first_login(&q.email));
            can_create_pat "canCreatePat": UserOrgQuery => Decision = |e, q| e.can_create_pat(&q.user_id, &q.org_id);
            first_login "firstLogin": LoginRequest => LoginResult = |e, q| Ok(e.first_login(&q));
            can_set_default_org "canSetDefaultOrg": SetDefaultOrgQuery => Decision =
                |e, q| e.can_set_default_org(&q.actor_id, &q.target_org_id);
            resolve_groups "resolveGroups": GroupsQuery => GroupResolution =
                |e, q| e.resolve_groups(&q.org_id, &q.groups);
            groups_sync_login "groupsSyncLogin": GroupsQuery => Decision =
                |e, q| e.groups_sync_login(&q.org_id, &q.groups);
            authorize_request "authorizeRequest": ApiRequest => RequestDecision = |e, q| e.authorize_request(&q);
            can_manage_members "canManageMembers": MemberOperationQuery => Decision =
                |e, q| e.can_manage_members(&q.actor_id, &q.org_id, &q.operation);
            can_administer "canAdminister": OrgActionQuery => Decision =
                |e, q| e.can_administer(&q.actor_id, &q.org_id, &q.action);
            can_share "canShare": ShareQuery => Decision =
                |e, q| e.can_share(&q.user_id, &q.org_id, &q.workspace_id, q.resource);
            capabilities "capabilities": CapabilitiesQuery => Vec<CapabilityRow> =
                |e, q| e.capabilities(&q.org_id, q.workspace_id.as_deref());
            what_if "whatIf": WhatIfQuery => Vec<CapabilityChange> = |e, q| e.what_if(&q.config);
        }
    };
}
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use checks;

/// The native facade over the table: `METHODS`, the dispatch, `CallMap`.
macro_rules! facade {
    ($($name:ident $method:literal: $input:ty => $output:ty = |$e:ident, $q:ident| $run:expr;)*) => {
        /// Every method [`Engine::call`] accepts, in camelCase.
        pub const METHODS: &[&str] = &[$($method),*];

        /// Every check of the table: its Rust name and its method name.
        pub const CHECKS: &[(&str, &str)] = &[$((stringify!($name), $method)),*];

        impl Engine {
            fn run(&self, method: &str, input: &Json<'_>) -> Result<String, CheckError> {
                match method {
                    $($method => {
                        let $q: $input = FromJson::from_json(input, &Path::Root)?;
                        let $e = self;
                        let result: Result<$output, CheckError> = $run;
                        Ok(crate::json::to_string(&result?))
                    })*
                    other => Err(unknown_method(other)),
                }
            }
        }

        /// The TypeScript `CallMap`: input and output of every method.
        pub fn call_map_ts() -> String {
            let mut out =
                String::from("/** Input and output of every method `call` accepts. */\nexport interface CallMap {\n");
            $(out.push_str(&format!(
                "  {}: {{ input: {}; output: {} }};\n",
                $method,
                <$input as Ts>::ts(),
                <$output as Ts>::ts()
            ));)*
            out.push_str("}\n");
            out
        }

        /// The TypeScript declarations of the checks' input types.
        pub fn call_inputs_ts() -> Vec<String> {
            vec![$(<$input as Ts>::ts_decl()),*]
        }
    };
}

checks!(facade);

/// The error for a method name not in the table.
pub fn unknown_method(name: &str) -> CheckError {
    CheckError::invalid("method", format!("unknown method `{name}`; expected one of {}", METHODS.join(", ")))
}

/// Reads a named input from JSON text, reporting the path of a bad field
/// (`invitees[2].orgRole`).
pub fn parse_input<T: FromJson>(text: &str) -> Result<T, CheckError> {
    crate::json::from_str(text).map_err(CheckError::from)
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
}
