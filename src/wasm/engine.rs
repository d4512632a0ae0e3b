//! `PolicyEngine`: the JS class over [`crate::Engine`].
//!
//! Arguments arrive as `JsValue` and are type-checked here, so a number where
//! a string belongs, a `null` or a missing argument throws an `INVALID_INPUT`
//! error naming the argument instead of being coerced or trapping. Each
//! method converts, delegates to the core and converts back; no rule lives
//! here.

use super::convert::{self, checked, opt_string, output, string};
use super::errors;
use crate::access::EffectivePermissions;
use crate::api::*;
use crate::config::{ConfigInput, InstanceConfig};
use crate::decision::{Decision, DecisionNumbers};
use crate::directory::{changes_from_json, changes_from_tree, Directory};
use crate::engine::Engine;
use crate::error::BuildError;
use crate::error::CheckError;
use crate::groups::GroupResolution;
use crate::invites::{InvitePlan, InviteRequest};
use crate::json::{FromJson, Json, Path};
use crate::requests::{ApiRequest, RequestDecision};
use crate::sso::{LoginRequest, LoginResult};
use crate::what_if::{CapabilityChange, CapabilityRow};
use crate::DecisionKey;
use js_sys::Array;
use std::borrow::Cow;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

fn is_plain_object(v: &JsValue) -> bool {
    v.is_object() && !Array::is_array(v)
}

/// An `InstanceConfigInput` object as a resolved configuration; the
/// object's problems are `CONFIG_INVALID` with every issue.
pub(crate) fn config_from_js(value: &JsValue, name: &str) -> Result<InstanceConfig, JsValue> {
    if !is_plain_object(value) {
        return Err(convert::expected_found(name, "a configuration object", value));
    }
    // `{}` (every setting at its default) is read as it would be, without
    // the walk and the field reader: code a first build need not compile.
    let raw = if is_empty_object(value) {
        ConfigInput::default()
    } else {
        let json = convert::to_json(value, "").map_err(|(p, m)| errors::config_object(&p, &m))?;
        convert::from_json(&json, "").map_err(|(p, m)| errors::config_object(&p, &m))?
    };
    InstanceConfig::try_from(raw).map_err(|e| errors::config(&e))
}

/// An object the walk would read as `{}`: no own enumerable string keys
/// (what it reads through `Object.entries`), and neither a `Map` (read
/// through its entries) nor a `Set` (refused).
fn is_empty_object(value: &JsValue) -> bool {
    value.dyn_ref::<js_sys::Map>().is_none()
        && !value.is_instance_of::<js_sys::Set>()
        && js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).length() == 0
}

/// Builds the engine from directory JSON text, or from a directory object
/// read the way every other input is read (`convert::to_json`: strict about
/// non-finite numbers, cycles, depth and lone surrogates, with the path of
/// the bad part). Both are then read by the same `FromJson` code, so they
/// report the very same issues at the very same paths. Large directories:
/// pass the text (one string crossing instead of a walk of every object).
fn engine_from_js(config: InstanceConfig, directory: &JsValue) -> Result<Engine, JsValue> {
    let tree = match convert::long_text(directory) {
        Some(Ok(text)) => return Engine::from_json(config, &text).map_err(|e| errors::build(&e)),
        Some(Err(())) => {
            return Err(errors::directory_object("(root)", &format!("the directory text {}", convert::LONE_SURROGATE)))
        }
        None => convert::to_json(directory, "").map_err(|(path, message)| errors::directory_object(&path, &message))?,
    };
    let built = Directory::from_json_tree(tree).map_err(BuildError::from);
    built.map(|dir| Engine::new(config, dir)).map_err(|e| errors::build(&e))
}

/// A handle argument: a non-negative integer that fits in 32 bits.
fn handle(value: Option<f64>, name: &str) -> Result<u32, JsValue> {
    match value {
        Some(v) if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) => Ok(v as u32),
        Some(v) => Err(errors::invalid(
            name,
            &format!("`{name}` must be a handle (a non-negative integer), found {}", convert::number_text(v)),
        )),
        None => Err(errors::invalid(name, &format!("`{name}` is missing; expected a handle"))),
    }
}

/// The decision table is in use (a re-entrant call; cannot happen from JS).
fn busy() -> JsValue {
    errors::error("INTERNAL", "the engine is busy", None)
}

/// The four handle arguments of `canHandles` and `checkHandlesNumber`
/// (`workspace` is `null` or `undefined` for none).
fn handles(
    user: Option<f64>,
    org: Option<f64>,
    workspace: Option<f64>,
    permission: Option<f64>,
) -> Result<(u32, u32, Option<u32>, u32), JsValue> {
    let workspace = match workspace {
        None => None,
        w => Some(handle(w, "workspace")?),
    };
    Ok((handle(user, "user")?, handle(org, "org")?, workspace, handle(permission, "permission")?))
}

fn object_arg(value: &JsValue, name: &str, what: &str) -> Result<(), JsValue> {
    if is_plain_object(value) {
        Ok(())
    } else {
        Err(convert::wrong_type(name, what, value))
    }
}

/// One function per check of the table ([`crate::api::checks`]): reads the
/// check's input type (one reader per type, shared with the JSON facade),
/// runs its `Engine` method and returns the result as a JS value. The typed
/// methods below (positional arguments gathered into the input object) and
/// the by-name `call` both use them.
macro_rules! typed_checks {
    ($($name:ident $method:literal: $input:ty => $output:ty = |$e:ident, $q:ident| $run:expr;)*) => {
        mod checks {
            use super::*;
            $(#[inline(never)]
            pub(super) fn $name($e: &Engine, input: &Json<'_>) -> Result<JsValue, JsValue> {
                let $q: $input = read(input)?;
                let result: Result<$output, CheckError> = $run;
                checked(result)
            })*
        }

        /// `call(method, input)`: the check named `method` on one input object.
        fn call_by_name(engine: &Engine, method: &str, input: &Json<'_>) -> Result<JsValue, JsValue> {
            match method {
                $($method => checks::$name(engine, input),)*
                other => Err(errors::check(&crate::api::unknown_method(other))),
            }
        }
    };
}

crate::api::checks!(typed_checks);

/// A check of the table, by its typed function.
type Check = fn(&Engine, &Json<'_>) -> Result<JsValue, JsValue>;

/// The authorization engine: an instance configuration and a directory,
/// loaded once, queried many times.
#[wasm_bindgen]
pub struct PolicyEngine {
    pub(crate) engine: Engine,
    /// The decisions `check` has answered, by number (see [`DecisionNumbers`]).
    decisions: RefCell<DecisionNumbers<DecisionKey>>,
}

impl PolicyEngine {
    pub(crate) fn from_engine(engine: Engine) -> PolicyEngine {
        PolicyEngine { engine, decisions: RefCell::default() }
    }
}

/// A required or optional positional argument.
const REQ: bool = true;
const OPT: bool = false;

/// Positional arguments read as the check's named input (`canInvite(actorId,
/// orgId)` is `{ actorId, orgId }`): the same reader as the JSON facade, so
/// bad fields are reported with the same messages at the argument's name.
/// A missing optional argument is left out.
#[inline(never)]
fn query(args: &[(bool, &'static str, &JsValue)]) -> Result<Json<'static>, JsValue> {
    let mut fields = Vec::with_capacity(args.len());
    for &(required, name, value) in args {
        if value.is_undefined() {
            if required {
                return Err(errors::invalid(name, &format!("`{name}` is missing")));
            }
            continue;
        }
        // Strings, the common case, skip the general walk.
        let v = match convert::text(value) {
            Some(Ok(s)) => Json::String(Cow::Owned(s)),
            _ => convert::to_json(value, name).map_err(|(p, m)| errors::invalid(&p, &m))?,
        };
        fields.push((Cow::Borrowed(name), v));
    }
    Ok(Json::Object(fields))
}

/// One input object, argument `name` (`what` says what it should be);
/// paths are relative to the object.
#[inline(never)]
fn object(value: &JsValue, name: &str, what: &str) -> Result<Json<'static>, JsValue> {
    object_arg(value, name, what)?;
    convert::to_json(value, "").map_err(|(p, m)| errors::invalid(&p, &m))
}

fn read<T: FromJson>(v: &Json<'_>) -> Result<T, JsValue> {
    T::from_json(v, &Path::Root).map_err(|e| errors::json(&e))
}

impl PolicyEngine {
    /// Runs `check` on positional arguments gathered into its input object.
    #[inline(never)]
    fn typed(&self, check: Check, args: &[(bool, &'static str, &JsValue)]) -> Result<JsValue, JsValue> {
        check(&self.engine, &query(args)?)
    }

    /// Runs `check` on one input object (argument `name`, `what` it should be).
    #[inline(never)]
    fn typed_object(&self, check: Check, value: &JsValue, name: &str, what: &str) -> Result<JsValue, JsValue> {
        check(&self.engine, &object(value, name, what)?)
    }
}

#[wasm_bindgen]
impl PolicyEngine {
    /// Builds the engine from a configuration object and a directory (an
    /// object, or its JSON text: the fast path for big directories).
    ///
    /// Throws `CONFIG_INVALID` / `DIRECTORY_INVALID` (with every issue) or
    /// `INVALID_INPUT` for arguments of the wrong kind.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "InstanceConfigInput")] config: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "DirectoryDoc | string")] directory: &JsValue,
    ) -> Result<PolicyEngine, JsValue> {
        // Arguments of the wrong kind first (`new PolicyEngine(directory)` is
        // a missing directory, not a bad configuration), then the documents.
        if !directory.is_string() && !is_plain_object(directory) {
            return Err(convert::expected_found("directory", "a directory object or its JSON text", directory));
        }
        let config = config_from_js(config, "config")?;
        Ok(PolicyEngine::from_engine(engine_from_js(config, directory)?))
    }

    /// Fast path: may the user use the permission there? Returns a boolean
    /// (no object is allocated); throws on unknown ids or permissions.
    pub fn can(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_param_type = "string | null | undefined")]
        workspace_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PermissionName")] permission: &JsValue,
    ) -> Result<bool, JsValue> {
        let user = string(user_id, "userId")?;
        let org = string(org_id, "orgId")?;
        let ws = opt_string(workspace_id, "workspaceId")?;
        let perm = string(permission, "permission")?;
        self.engine.can(&user, &org, ws.as_deref(), &perm).map_err(|e| errors::check(&e))
    }

    /// The handle of a user id, for [`PolicyEngine::canHandles`]. Throws
    /// `UNKNOWN_USER`. Handles stay valid for engines made by `withConfig`.
    #[wasm_bindgen(js_name = userHandle)]
    pub fn user_handle(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] id: &JsValue,
    ) -> Result<u32, JsValue> {
        self.engine.user_handle(&string(id, "userId")?).map_err(|e| errors::check(&e))
    }

    /// The handle of an organization id. Throws `UNKNOWN_ORG`.
    #[wasm_bindgen(js_name = orgHandle)]
    pub fn org_handle(
        &self,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] id: &JsValue,
    ) -> Result<u32, JsValue> {
        self.engine.org_handle(&string(id, "orgId")?).map_err(|e| errors::check(&e))
    }

    /// The handle of a workspace id. Throws `UNKNOWN_WORKSPACE`.
    #[wasm_bindgen(js_name = workspaceHandle)]
    pub fn workspace_handle(
        &self,
        #[wasm_bindgen(js_name = workspaceId, unchecked_param_type = "string")] id: &JsValue,
    ) -> Result<u32, JsValue> {
        self.engine.workspace_handle(&string(id, "workspaceId")?).map_err(|e| errors::check(&e))
    }

    /// The handle of a permission. Throws `UNKNOWN_PERMISSION`.
    #[wasm_bindgen(js_name = permissionHandle)]
    pub fn permission_handle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PermissionName")] permission: &JsValue,
    ) -> Result<u32, JsValue> {
        self.engine.permission_handle(&string(permission, "permission")?).map_err(|e| errors::check(&e))
    }

    /// Many `canHandles` in one call: a `Uint32Array` of four numbers per
    /// query (user, org, workspace or `0xFFFFFFFF` for none, permission)
    /// crosses the boundary once; one byte per answer (1 allowed, 0
    /// denied). Throws `INVALID_INPUT` naming the query (`queries[7].workspace`).
    #[wasm_bindgen(js_name = canManyHandles)]
    pub fn can_many_handles(&self, queries: &[u32]) -> Result<Vec<u8>, JsValue> {
        self.engine.can_many_handles(queries).map_err(|e| errors::check(&e))
    }

    /// `can` on handles (from `userHandle`, `orgHandle`, `workspaceHandle`,
    /// `permissionHandle`): no strings cross the boundary, the fastest check.
    /// `workspace` is `null` for org permissions. Throws `INVALID_INPUT` for
    /// a handle this directory did not issue.
    #[wasm_bindgen(js_name = canHandles)]
    pub fn can_handles(
        &self,
        user: Option<f64>,
        org: Option<f64>,
        workspace: Option<f64>,
        permission: Option<f64>,
    ) -> Result<bool, JsValue> {
        let (user, org, workspace, permission) = handles(user, org, workspace, permission)?;
        self.engine.can_handles(user, org, workspace, permission).map_err(|e| errors::check(&e))
    }

    /// `check` on handles, answered as the number of its decision (for the
    /// package's own `check`, which keeps the decisions by number; see
    /// `decisionByNumber`). Throws like `canHandles`.
    #[wasm_bindgen(js_name = checkHandlesNumber, skip_typescript)]
    pub fn check_handles_number(
        &self,
        user: Option<f64>,
        org: Option<f64>,
        workspace: Option<f64>,
        permission: Option<f64>,
    ) -> Result<u32, JsValue> {
        let (user, org, workspace, permission) = handles(user, org, workspace, permission)?;
        let checked =
            self.engine.check_handles_keyed(user, org, workspace, permission).map_err(|e| errors::check(&e))?;
        let mut table = self.decisions.try_borrow_mut().map_err(|_| busy())?;
        Ok(table.number(checked.key(), || checked.decision()))
    }

    /// The decision numbered `number` by `checkHandlesNumber`, as a
    /// `Decision` object.
    #[wasm_bindgen(js_name = decisionByNumber, skip_typescript)]
    pub fn decision_by_number(&self, number: u32) -> Result<JsValue, JsValue> {
        let table = self.decisions.try_borrow().map_err(|_| busy())?;
        match table.get(number) {
            Some(d) => output(d),
            None => Err(errors::invalid("number", &format!("`{number}` is not the number of a recent decision"))),
        }
    }

    /// Many `can` checks in one call: `1` allowed, `0` denied, in order.
    /// Throws on the first bad query, naming its index (`queries[3].orgId`).
    #[wasm_bindgen(js_name = canMany)]
    pub fn can_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<PermissionTuple>")] queries: &JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let Some(list) = queries.dyn_ref::<Array>() else {
            return Err(errors::invalid(
                "queries",
                &format!(
                    "expected an array of [userId, orgId, workspaceId, permission], found {}",
                    convert::describe(queries)
                ),
            ));
        };
        let mut out = Vec::with_capacity(list.length() as usize);
        for (i, q) in list.iter().enumerate() {
            // Paths are only formatted when something is wrong.
            let at = || format!("queries[{i}]");
            let Some(t) = q.dyn_ref::<Array>().filter(|t| t.length() == 4) else {
                let found = match q.dyn_ref::<Array>() {
                    Some(t) => format!("an array of {} element(s)", t.length()),
                    None => convert::describe(&q),
                };
                return Err(errors::invalid(
                    &at(),
                    &format!("expected [userId, orgId, workspaceId, permission], found {found}"),
                ));
            };
            let field = |j: u32, name: &str| -> Result<String, JsValue> {
                let v = t.get(j);
                match convert::text(&v) {
                    Some(Ok(s)) => Ok(s),
                    _ => string(&v, &format!("{}.{name}", at())),
                }
            };
            let user = field(0, "userId")?;
            let org = field(1, "orgId")?;
            let w = t.get(2);
            let ws = match convert::text(&w) {
                Some(Ok(s)) => Some(s),
                _ => opt_string(&w, &format!("{}.workspaceId", at()))?,
            };
            let perm = field(3, "permission")?;
            let allowed =
                self.engine.can(&user, &org, ws.as_deref(), &perm).map_err(|e| errors::check_at(&at(), &e))?;
            out.push(u8::from(allowed));
        }
        Ok(out)
    }

    /// A permission check with its reason.
    #[wasm_bindgen(unchecked_return_type = "Decision")]
    pub fn check(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_param_type = "string | null | undefined")]
        workspace_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "PermissionName")] permission: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::check,
            &[
                (REQ, "userId", user_id),
                (REQ, "orgId", org_id),
                (OPT, "workspaceId", workspace_id),
                (REQ, "permission", permission),
            ],
        )
    }

    /// What the user may do in the org (and workspace): for UIs.
    #[wasm_bindgen(unchecked_return_type = "EffectivePermissions")]
    pub fn permissions(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_optional_param_type = "string | null")] workspace_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::permissions,
            &[(REQ, "userId", user_id), (REQ, "orgId", org_id), (OPT, "workspaceId", workspace_id)],
        )
    }

    /// Plans an invite request (org- or workspace-level) without changing anything.
    #[wasm_bindgen(js_name = planInvites, unchecked_return_type = "InvitePlan")]
    pub fn plan_invites(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InviteRequest")] request: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed_object(checks::plan_invites, request, "request", "an invite request object")
    }

    /// May the actor invite someone new (into the workspace, if named)?
    #[wasm_bindgen(js_name = canInvite, unchecked_return_type = "Decision")]
    pub fn can_invite(
        &self,
        #[wasm_bindgen(js_name = actorId, unchecked_param_type = "string")] actor_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_optional_param_type = "string | null")] workspace_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::can_invite,
            &[(REQ, "actorId", actor_id), (REQ, "orgId", org_id), (OPT, "workspaceId", workspace_id)],
        )
    }

    /// May the user create a new organization?
    #[wasm_bindgen(js_name = canCreateOrg, unchecked_return_type = "Decision")]
    pub fn can_create_org(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::can_create_org, &[(REQ, "userId", user_id)])
    }

    /// Is a personal organization made when this e-mail first logs in?
    #[wasm_bindgen(js_name = personalOrgOnFirstLogin, unchecked_return_type = "Decision")]
    pub fn personal_org_on_first_login(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] email: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::personal_org_on_first_login, &[(REQ, "email", email)])
    }

    /// May the user create a personal access token in the org?
    #[wasm_bindgen(js_name = canCreatePat, unchecked_return_type = "Decision")]
    pub fn can_create_pat(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::can_create_pat, &[(REQ, "userId", user_id), (REQ, "orgId", org_id)])
    }

    /// What an SSO login does: existing access, invite, JIT, or denied.
    #[wasm_bindgen(js_name = firstLogin, unchecked_return_type = "LoginResult")]
    pub fn first_login(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LoginRequest")] request: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed_object(checks::first_login, request, "request", "a login request object")
    }

    /// May the actor move the SSO default organization to the target?
    #[wasm_bindgen(js_name = canSetDefaultOrg, unchecked_return_type = "Decision")]
    pub fn can_set_default_org(
        &self,
        #[wasm_bindgen(js_name = actorId, unchecked_param_type = "string")] actor_id: &JsValue,
        #[wasm_bindgen(js_name = targetOrgId, unchecked_param_type = "string")] target_org_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::can_set_default_org, &[(REQ, "actorId", actor_id), (REQ, "targetOrgId", target_org_id)])
    }

    /// The roles a list of group names (oldest first) grants in the org.
    #[wasm_bindgen(js_name = resolveGroups, unchecked_return_type = "GroupResolution")]
    pub fn resolve_groups(
        &self,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string>")] groups: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::resolve_groups, &[(REQ, "orgId", org_id), (REQ, "groups", groups)])
    }

    /// Would SSO groups sync let a login with these groups in?
    #[wasm_bindgen(js_name = groupsSyncLogin, unchecked_return_type = "Decision")]
    pub fn groups_sync_login(
        &self,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string>")] groups: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::groups_sync_login, &[(REQ, "orgId", org_id), (REQ, "groups", groups)])
    }

    /// Decides one API request: 200, 401 or 403 with the resolved scope.
    #[wasm_bindgen(js_name = authorizeRequest, unchecked_return_type = "RequestDecision")]
    pub fn authorize_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ApiRequest")] request: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed_object(checks::authorize_request, request, "request", "an API request object")
    }

    /// May the actor perform the membership operation in the org?
    #[wasm_bindgen(js_name = canManageMembers, unchecked_return_type = "Decision")]
    pub fn can_manage_members(
        &self,
        #[wasm_bindgen(js_name = actorId, unchecked_param_type = "string")] actor_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "MemberOperation")] operation: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::can_manage_members,
            &[(REQ, "actorId", actor_id), (REQ, "orgId", org_id), (REQ, "operation", operation)],
        )
    }

    /// May the actor perform the administrative action in the org?
    #[wasm_bindgen(js_name = canAdminister, unchecked_return_type = "Decision")]
    pub fn can_administer(
        &self,
        #[wasm_bindgen(js_name = actorId, unchecked_param_type = "string")] actor_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "OrgAction")] action: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::can_administer,
            &[(REQ, "actorId", actor_id), (REQ, "orgId", org_id), (REQ, "action", action)],
        )
    }

    /// May the user share a run, dataset or prompt of the workspace publicly?
    #[wasm_bindgen(js_name = canShare, unchecked_return_type = "Decision")]
    pub fn can_share(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_param_type = "string")] workspace_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ShareableResource")] resource: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(
            checks::can_share,
            &[
                (REQ, "userId", user_id),
                (REQ, "orgId", org_id),
                (REQ, "workspaceId", workspace_id),
                (REQ, "resource", resource),
            ],
        )
    }

    /// Every member's capabilities in the org (and workspace, if named).
    #[wasm_bindgen(unchecked_return_type = "CapabilityRow[]")]
    pub fn capabilities(
        &self,
        #[wasm_bindgen(js_name = orgId, unchecked_param_type = "string")] org_id: &JsValue,
        #[wasm_bindgen(js_name = workspaceId, unchecked_optional_param_type = "string | null")] workspace_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        self.typed(checks::capabilities, &[(REQ, "orgId", org_id), (OPT, "workspaceId", workspace_id)])
    }

    /// The capabilities that would change under another configuration.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "CapabilityChange[]")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InstanceConfigInput")] config: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let other = config_from_js(config, "config")?;
        checked(self.engine.what_if(&other))
    }

    /// Applies a batch of directory changes in place (an array of
    /// `Change`, or its JSON text), all or none: on any problem nothing
    /// changes and a `DIRECTORY_INVALID` error lists every issue with its
    /// path (`changes[1].member.orgRole`). Handles may be renumbered:
    /// resolve them again afterwards. Engines made by `withConfig` keep the
    /// directory they were made with.
    #[wasm_bindgen(js_name = applyChanges)]
    pub fn apply_changes(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Change[] | string")] changes: &JsValue,
    ) -> Result<(), JsValue> {
        let batch = match convert::long_text(changes) {
            Some(Ok(text)) => changes_from_json(&text),
            Some(Err(())) => {
                return Err(errors::directory_object(
                    "changes",
                    &format!("the changes text {}", convert::LONE_SURROGATE),
                ))
            }
            None if !Array::is_array(changes) => {
                return Err(errors::invalid(
                    "changes",
                    &format!("expected an array of changes or its JSON text, found {}", convert::describe(changes)),
                ))
            }
            None => {
                let tree = convert::to_json(changes, "changes").map_err(|(p, m)| errors::directory_object(&p, &m))?;
                changes_from_tree(&tree)
            }
        };
        let batch = batch.map_err(|e| errors::directory(&e))?;
        // Decision keys name workspaces and roles by position, which changes may move.
        self.decisions.get_mut().clear();
        self.engine.apply(&batch).map_err(|e| errors::directory(&e))
    }

    /// The current directory as a document (after `applyChanges`, the
    /// changed one): `new PolicyEngine(config, engine.directory())` answers
    /// the same.
    #[wasm_bindgen(unchecked_return_type = "DirectoryDoc")]
    pub fn directory(&self) -> Result<JsValue, JsValue> {
        convert::parse_json(&crate::json::to_string(&self.engine.directory_doc()))
    }

    /// The same directory under another configuration.
    #[wasm_bindgen(js_name = withConfig)]
    pub fn with_config(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InstanceConfigInput")] config: &JsValue,
    ) -> Result<PolicyEngine, JsValue> {
        let config = config_from_js(config, "config")?;
        Ok(PolicyEngine::from_engine(self.engine.with_config(config)))
    }

    /// The generic JSON facade: runs `method` (a name of the JSON API, e.g.
    /// `planInvites`) on one input object, as the scenario files do.
    #[wasm_bindgen(skip_typescript)]
    pub fn call(&self, method: &JsValue, input: &JsValue) -> Result<JsValue, JsValue> {
        let method = string(method, "method")?;
        let value = convert::to_json(input, "").map_err(|(p, m)| errors::invalid(&p, &m))?;
        call_by_name(&self.engine, &method, &value)
    }

    /// The directory as user `userId` may see it, for that user's browser:
    /// only the organizations they belong to or are invited to, and there the
    /// members an `organization:read` holder may list, the workspaces, roles,
    /// settings; no service key or personal access token ids, no group names.
    /// Every check about that user answers on it as on the full directory.
    /// Throws `UNKNOWN_USER` for a user the directory does not know.
    #[wasm_bindgen(js_name = directoryFor, unchecked_return_type = "DirectoryDoc")]
    pub fn directory_for(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "string")] user_id: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let user_id = string(user_id, "userId")?;
        checked(self.engine.directory_for(&user_id))
    }

    /// The resolved configuration switches.
    #[wasm_bindgen(getter, unchecked_return_type = "InstanceConfig")]
    pub fn config(&self) -> Result<JsValue, JsValue> {
        output(self.engine.config())
    }

    /// Number of members (identities) over all organizations.
    #[wasm_bindgen(getter, js_name = memberCount)]
    pub fn member_count(&self) -> f64 {
        self.engine.directory().member_count() as f64
    }
}
