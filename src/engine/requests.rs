//! API request scoping (DOMAIN §7): a credential plus `X-Organization-Id`
//! and `X-Tenant-Id` headers, against what the operation needs.
//!
//! Everything here comes from outside (headers, keys), so unknown keys,
//! orgs and workspaces are denials (401/403), not errors; only the
//! operation, which the gateway's own route table supplies, can be an error.

use crate::access::{decide, Subject};
use crate::decision::{Code, Decision};
use crate::directory::Org;
use crate::engine::Engine;
use crate::error::CheckError;
use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use crate::permissions::{OrgPermission, Permission, WorkspacePermission};

/// How the request authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key (`X-API-Key`): a personal access token or a service key.
    ApiKey { key: String },
    /// A logged-in user's session (a verified JWT), by user id.
    Session { user_id: String },
}

impl Credential {
    /// Every `type` name.
    pub const NAMES: [&'static str; 2] = ["apiKey", "session"];

    /// The `type` name of this credential.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ApiKey { .. } => "apiKey",
            Self::Session { .. } => "session",
        }
    }
}

impl FromJson for Credential {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::object(v, at, "a credential object (`{ type: ... }`)")?;
        let name = f.tag("type", &Self::NAMES)?;
        Ok(match name {
            "apiKey" => {
                f.only(&["type", "key"])?;
                Self::ApiKey { key: f.req("key")? }
            }
            "session" => {
                f.only(&["type", "userId"])?;
                Self::Session { user_id: f.req("userId")? }
            }
            _ => return Err(at.error(format!("unknown type `{name}`"))),
        })
    }
}

crate::json::ts_text!(
    Credential,
    r#"export type Credential =
  | { type: "apiKey"; key: string }
  | { type: "session"; userId: string };
"#
);
crate::json::serde_via_json!(Credential);

impl ToJson for Credential {
    fn to_json(&self) -> Json<'_> {
        let o = Obj::new().value("type", Json::from(self.name()));
        match self {
            Self::ApiKey { key } => o.field("key", key).done(),
            Self::Session { user_id } => o.field("userId", user_id).done(),
        }
    }
}

crate::json::json_names! {
    /// What the endpoint is scoped to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum OperationScope {
        /// An organization resource (members, settings).
        Org = "org",
        /// A workspace resource (projects, runs, datasets, ...).
        Workspace = "workspace",
        /// A user-only endpoint (`/api-key/current`, SSO e-mail verification): session only.
        User = "user",
    }
}

crate::json::wire! {
    /// The route's requirement, from the gateway's route table.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Operation: read write {
        pub scope: OperationScope = "scope",
        /// Needed permission; omitted: `organization:read` (org scope) or `workspaces:read` (workspace scope).
        pub permission: Option<String> = "permission" [opt] as "PermissionName | null",
    }
}

crate::json::wire! {
    /// One incoming request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApiRequest: read write {
        pub credential: Option<Credential> = "credential" [opt],
        /// The `X-Organization-Id` header.
        pub organization_id: Option<String> = "organizationId" [opt],
        /// The `X-Tenant-Id` header (a workspace id).
        pub tenant_id: Option<String> = "tenantId" [opt],
        pub operation: Operation = "operation",
    }
}

crate::json::wire! {
    /// The gateway's answer: 200, 401 or 403, with the resolved scope.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RequestDecision: write {
        pub allowed: bool = "allowed",
        pub status: u16 = "status" as "200 | 401 | 403",
        pub code: Code = "code",
        pub message: String = "message",
        pub org_id: Option<String> = "orgId",
        pub workspace_id: Option<String> = "workspaceId",
        /// The user the request acts as (PATs and sessions).
        pub user_id: Option<String> = "userId",
    }
}

fn status_of(code: Code, allowed: bool) -> u16 {
    match code {
        _ if allowed => 200,
        Code::MissingCredential | Code::InvalidCredential | Code::CredentialOwnerNotMember => 401,
        _ => 403,
    }
}

struct Scope<'a> {
    org: &'a Org,
    subject: Subject<'a>,
    user_id: Option<&'a str>,
    /// Workspace used when no `X-Tenant-Id` is sent.
    default_ws: Option<usize>,
    /// Workspaces the credential may reach (None: any in the org).
    covers: Option<&'a [usize]>,
    org_scoped_key: bool,
}

impl Engine {
    /// Decides one API request (DOMAIN §7).
    pub fn authorize_request(&self, req: &ApiRequest) -> Result<RequestDecision, CheckError> {
        let op = &req.operation;
        let perm = match (&op.permission, op.scope) {
            (Some(p), _) => Some(self.permission("operation.permission", p)?),
            (None, OperationScope::Org) => Some(Permission::Org(OrgPermission::Read)),
            (None, OperationScope::Workspace) => Some(Permission::Workspace(WorkspacePermission::WorkspacesRead)),
            (None, OperationScope::User) => None,
        };
        if let (Some(Permission::Workspace(p)), OperationScope::Org | OperationScope::User) = (perm, op.scope) {
            return Err(CheckError::invalid(
                "operation.permission",
                format!("`{}` is a workspace permission; use scope `workspace`", p.as_str()),
            ));
        }
        let out = |d: Decision, org: Option<&Org>, ws: Option<usize>, user: Option<&str>| RequestDecision {
            status: status_of(d.code, d.allowed),
            allowed: d.allowed,
            code: d.code,
            message: d.message,
            org_id: org.map(|o| o.id.clone()),
            workspace_id: org.zip(ws).and_then(|(o, w)| o.workspaces.get(w)).map(|w| w.id.clone()),
            user_id: user.map(Into::into),
        };
        let deny = |code: Code, msg: &str| out(Decision::deny(code, msg), None, None, None);

        let scope = match &req.credential {
            None => return Ok(deny(Code::MissingCredential, "the request carries no credential")),
            Some(Credential::ApiKey { key }) => {
                let scope = if let Some(&(oi, ti)) = self.dir.pats.get(key.as_str()) {
                    let Some((org, pat)) = self.dir.orgs.get(oi).and_then(|o| Some((o, o.pats.get(ti)?))) else {
                        return Ok(deny(Code::InvalidCredential, "unknown API key"));
                    };
                    let Some(m) = org.member_by_user(&pat.user_id).filter(|m| m.is_active()) else {
                        return Ok(deny(
                            Code::CredentialOwnerNotMember,
                            "the token's user is no longer a member of its organization",
                        ));
                    };
                    Scope {
                        org,
                        subject: Subject::Member(m),
                        user_id: Some(&pat.user_id),
                        default_ws: pat.workspace,
                        covers: None,
                        org_scoped_key: false,
                    }
                } else if let Some(&(oi, ki)) = self.dir.service_keys.get(key.as_str()) {
                    let Some((org, k)) = self.dir.orgs.get(oi).and_then(|o| Some((o, o.service_keys.get(ki)?))) else {
                        return Ok(deny(Code::InvalidCredential, "unknown API key"));
                    };
                    Scope {
                        org,
                        subject: Subject::Key(k),
                        user_id: None,
                        default_ws: k.workspaces.first().copied(),
                        covers: (!k.org_scoped).then_some(k.workspaces.as_slice()),
                        org_scoped_key: k.org_scoped,
                    }
                } else {
                    return Ok(deny(Code::InvalidCredential, "unknown API key"));
                };
                if op.scope == OperationScope::User {
                    return Ok(deny(
                        Code::ApiKeyNotAllowed,
                        "this endpoint needs a logged-in user's session, not an API key",
                    ));
                }
                if req.organization_id.as_deref().is_some_and(|h| h != scope.org.id) {
                    return Ok(deny(Code::OrgHeaderMismatch, "`X-Organization-Id` is not the key's organization"));
                }
                scope
            }
            Some(Credential::Session { user_id }) => {
                if !self.dir.has_user(user_id) {
                    return Ok(deny(Code::InvalidCredential, "unknown user"));
                }
                if op.scope == OperationScope::User {
                    return Ok(out(
                        Decision::allow(Code::Allowed, "a user-only endpoint with a session"),
                        None,
                        None,
                        Some(user_id),
                    ));
                }
                let Some(org_id) = &req.organization_id else {
                    return Ok(deny(Code::OrgHeaderRequired, "the request needs an `X-Organization-Id` header"));
                };
                let Some((_, org)) = self.dir.org(org_id) else {
                    return Ok(deny(Code::NotAMember, "not a member of the organization in `X-Organization-Id`"));
                };
                let member = match crate::rules::active_member(org, org.member_by_user(user_id)) {
                    Ok(m) => m,
                    Err(d) => return Ok(out(d, Some(org), None, Some(user_id))),
                };
                Scope {
                    org,
                    subject: Subject::Member(member),
                    user_id: Some(user_id),
                    default_ws: None,
                    covers: None,
                    org_scoped_key: false,
                }
            }
        };

        let org = scope.org;
        let ws = match op.scope {
            OperationScope::Org | OperationScope::User => None,
            OperationScope::Workspace => match &req.tenant_id {
                Some(t) => match org.ws_by_id.get(t.as_str()) {
                    Some(&w) if scope.covers.is_none_or(|c| c.contains(&w)) => Some(w),
                    _ => {
                        return Ok(out(
                            Decision::deny(
                                Code::TenantNotCovered,
                                "`X-Tenant-Id` names a workspace this credential does not cover",
                            ),
                            Some(org),
                            None,
                            scope.user_id,
                        ))
                    }
                },
                None if scope.org_scoped_key || scope.default_ws.is_none() => {
                    let why = if scope.org_scoped_key {
                        "an org-scoped key needs `X-Tenant-Id` for a workspace resource"
                    } else {
                        "a workspace resource needs `X-Tenant-Id`"
                    };
                    return Ok(out(Decision::deny(Code::TenantRequired, why), Some(org), None, scope.user_id));
                }
                None => scope.default_ws,
            },
        };
        let d = match perm {
            Some(p) => decide(org, scope.subject, ws, p),
            None => Decision::allowed(),
        };
        Ok(out(d, Some(org), ws, scope.user_id))
    }
}
