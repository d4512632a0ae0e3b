//! What each fuzz target checks, as plain functions over the input bytes.
//!
//! The libFuzzer targets in `fuzz/fuzz_targets/` are one-line wrappers
//! around these functions, and the native test `tests/fuzz_regressions.rs`
//! includes this very file (`#[path]`) to replay every input kept in
//! `tests/fuzz_regressions/<target>/`. So a crash found by the fuzzer and
//! its regression test run the same code, with no libFuzzer needed in CI.
//!
//! Every function returns normally on uninteresting input (e.g. bytes that
//! are not UTF-8) and fails an `assert!` when an invariant breaks; a panic
//! inside the engine is a failure by itself.

use arbitrary::{Arbitrary, Unstructured};
use orgpolicy::api::METHODS;
use orgpolicy::config::{self, ConfigErrors, LoadedConfig};
use orgpolicy::directory::DirectoryDoc;
use orgpolicy::permissions::{OrgPermission, Permission, WorkspacePermission};
use orgpolicy::requests::{ApiRequest, Credential, Operation, OperationScope};
use orgpolicy::roles::{BuiltinWorkspaceRole, OrgRole};
use orgpolicy::{AuthMode, CheckError, Code, Directory, Engine, InstanceConfig};
use serde_json::Value;
use std::sync::OnceLock;

/// The realistic directory every id-based target runs against.
pub const SAMPLE_DIRECTORY: &str = include_str!("../../examples/sample-directory.json");

/// The fuzz targets, by name (each is a function of this module).
pub const TARGETS: &[&str] =
    &["env", "helm_values", "directory_json", "group_names", "request_headers", "api_call", "api_documents"];

/// Runs the target `name` on `data`; `false` for an unknown target name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "env" => env(data),
        "helm_values" => helm_values(data),
        "directory_json" => directory_json(data),
        "group_names" => group_names(data),
        "request_headers" => request_headers(data),
        "api_call" => api_call(data),
        "api_documents" => api_documents(data),
        _ => return false,
    }
    true
}

fn known_code(s: &str) -> Option<Code> {
    let c = Code::from_str_opt(s)?;
    Code::ALL.contains(&c).then_some(c)
}

// ---------------------------------------------------------------------------
// api_documents: the connector's mapping of a deployment's API answers

/// `connector::directory` on arbitrary text: an error naming an endpoint and
/// a path for every issue, or a directory that builds; the same answer twice.
pub fn api_documents(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let built = orgpolicy::connector::directory(text);
    match &built {
        Err(e) => {
            assert!(!e.0.is_empty(), "a connector error without issues");
            for i in &e.0 {
                assert!(
                    !i.endpoint.is_empty() && !i.path.is_empty() && !i.message.is_empty(),
                    "incomplete issue: {i:?}"
                );
            }
        }
        Ok(dir) => {
            // The mapped document is what was built.
            let doc = orgpolicy::connector::directory_doc(text);
            assert!(doc.is_ok(), "directory() built what directory_doc() refuses");
            let Ok(doc) = doc else { return };
            assert_eq!(dir.org_count(), doc.orgs.len());
        }
    }
    let again = orgpolicy::connector::directory(text).map(|d| d.member_count()).map_err(|e| e.0);
    assert_eq!(again, built.map(|d| d.member_count()).map_err(|e| e.0), "the mapping is not deterministic");
}

// ---------------------------------------------------------------------------
// env / helm_values: the configuration readers

/// `config::from_env` on arbitrary text.
pub fn env(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let a = config::from_env(text);
    assert_eq!(a, config::from_env(text), "from_env is not deterministic");
    assert_eq!(a, config::from_sources(None, Some(text)), "from_sources(None, env) differs from from_env");
    check_loaded(&a);
}

/// `config::from_helm_values` on arbitrary text.
pub fn helm_values(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let a = config::from_helm_values(text);
    assert_eq!(a, config::from_helm_values(text), "from_helm_values is not deterministic");
    assert_eq!(a, config::from_sources(Some(text), None), "from_sources(values, None) differs from from_helm_values");
    check_loaded(&a);
}

fn check_loaded(r: &Result<LoadedConfig, ConfigErrors>) {
    match r {
        Ok(loaded) => {
            let c = &loaded.config;
            if c.auth_mode == AuthMode::Basic {
                assert!(c.initial_org_admin_email.is_some(), "basic auth loaded without an initial org admin e-mail");
            }
            assert!(!c.initial_org_name.trim().is_empty(), "blank initial org name");
            assert!(!c.default_workspace_name.trim().is_empty(), "blank default workspace name");
            for w in &loaded.warnings {
                assert!(!w.message.is_empty(), "empty warning message for `{}`", w.key);
            }
            // A configuration read from a document can be handed on as the
            // JSON object the wasm binding and `whatIf` take, unchanged.
            let json = serde_json::to_value(c);
            assert!(json.is_ok(), "config does not serialize");
            if let Ok(json) = json {
                let back: Result<InstanceConfig, _> = serde_json::from_value(json.clone());
                assert_eq!(back.as_ref().ok(), Some(c), "config does not round-trip through JSON: {json} -> {back:?}");
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "an error without problems");
            assert_eq!(errors.code(), "CONFIG_INVALID");
            for e in errors.errors() {
                assert!(!e.message.is_empty(), "empty error message for `{}`", e.key);
                assert!(e.line.is_none_or(|l| l > 0), "line 0 in an error");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// directory_json: the directory document

/// `Directory::from_json` (and, when valid, every org's capability matrix).
pub fn directory_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let built = Directory::from_json(text);
    match &built {
        Err(e) => {
            assert!(!e.0.is_empty(), "a directory error without issues");
            for issue in &e.0 {
                assert!(
                    !issue.path.is_empty() && !issue.message.is_empty(),
                    "issue without path or message: {issue:?}"
                );
            }
            assert_eq!(Directory::from_json(text).err().as_ref(), Some(e), "directory errors are not deterministic");
        }
        Ok(dir) => {
            // Valid: the parsed document re-serializes to an equivalent directory.
            let doc: Result<DirectoryDoc, _> = serde_json::from_str(text);
            assert!(doc.is_ok(), "Directory accepted what DirectoryDoc rejects");
            let Ok(doc) = doc else { return };
            let again = serde_json::to_string(&doc)
                .map_err(|e| e.to_string())
                .and_then(|t| Directory::from_json(&t).map_err(|e| e.to_string()));
            assert!(again.is_ok(), "re-serialized directory does not build: {again:?}");
            assert_eq!(dir.org_count(), doc.orgs.len());
            let first = Engine::new(InstanceConfig::for_auth_mode(AuthMode::Oauth), dir.clone());
            let Ok(second) = again.map(|d| Engine::new(InstanceConfig::for_auth_mode(AuthMode::Oauth), d)) else {
                return;
            };
            for org in &doc.orgs {
                // Every id of the directory is known to the engine: no errors.
                let a = first.capabilities(&org.id, None);
                assert!(a.is_ok(), "capabilities of `{}` failed: {a:?}", org.id);
                assert_eq!(a, second.capabilities(&org.id, None), "round-tripped directory answers differently");
                for ws in org.workspaces.iter().take(3) {
                    let a = first.capabilities(&org.id, Some(&ws.id));
                    assert!(a.is_ok(), "capabilities of `{}`/`{}` failed: {a:?}", org.id, ws.id);
                    if let Ok(rows) = &a {
                        for cell in rows.iter().flat_map(|r| &r.cells) {
                            check_decision(cell.decision.allowed, cell.decision.code);
                        }
                    }
                }
                for m in org.members.iter().take(8) {
                    let Some(user) = &m.user_id else { continue };
                    let p = first.permissions(user, &org.id, org.workspaces.first().map(|w| w.id.as_str()));
                    assert!(p.is_ok(), "permissions of a member failed: {p:?}");
                }
            }
            let changes = first.what_if(&InstanceConfig::for_auth_mode(AuthMode::None));
            assert!(changes.is_ok(), "what_if failed on a valid directory: {changes:?}");
        }
    }
}

fn check_decision(allowed: bool, code: Code) {
    assert!(Code::ALL.contains(&code), "code {code} not in Code::ALL");
    assert_eq!(allowed, code.allows(), "allowed={allowed} with code {code}");
}

// ---------------------------------------------------------------------------
// The sample directory and the engines built from it

fn sample_doc() -> &'static DirectoryDoc {
    static DOC: OnceLock<DirectoryDoc> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(SAMPLE_DIRECTORY).unwrap_or_default())
}

/// The sample directory under three configurations (no auth with
/// defaults; OAuth with workspace-scope invites and PATs off; basic auth).
fn sample_engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let mut oauth = InstanceConfig::for_auth_mode(AuthMode::Oauth);
        oauth.workspace_scope_org_invites_enabled = true;
        oauth.pat_creation_disabled = true;
        let mut basic = InstanceConfig::for_auth_mode(AuthMode::Basic);
        basic.initial_org_admin_email = Some("alice@example.com".into());
        basic.jit_provisioning_enabled = false;
        [InstanceConfig::default(), oauth, basic]
            .into_iter()
            .filter_map(|c| Engine::from_json(c, SAMPLE_DIRECTORY).ok())
            .collect()
    })
}

/// A string that is either one of a few known values or anything at all.
#[derive(Debug, Arbitrary)]
enum Pick {
    Known(u8),
    Absent,
    Raw(String),
}

impl Pick {
    fn resolve(&self, known: &[String]) -> Option<String> {
        match self {
            Pick::Known(i) if !known.is_empty() => known.get(usize::from(*i) % known.len()).cloned(),
            Pick::Known(_) | Pick::Absent => None,
            Pick::Raw(s) => Some(s.clone()),
        }
    }
}

struct SampleIds {
    orgs: Vec<String>,
    workspaces: Vec<String>,
    users: Vec<String>,
    keys: Vec<String>,
    permissions: Vec<String>,
}

fn sample_ids() -> &'static SampleIds {
    static IDS: OnceLock<SampleIds> = OnceLock::new();
    IDS.get_or_init(|| {
        let doc = sample_doc();
        let mut users: Vec<String> = doc.users.iter().map(|u| u.id.clone()).collect();
        users.extend(doc.orgs.iter().flat_map(|o| o.members.iter().filter_map(|m| m.user_id.clone())));
        let mut permissions: Vec<String> = OrgPermission::ALL.iter().map(|p| p.as_str().to_string()).collect();
        permissions.extend(WorkspacePermission::ALL.iter().map(|p| p.as_str().to_string()));
        permissions.push("datasets:tag_on_create".into());
        permissions.push("organization:pats_create".into());
        SampleIds {
            orgs: doc.orgs.iter().map(|o| o.id.clone()).collect(),
            workspaces: doc.orgs.iter().flat_map(|o| o.workspaces.iter().map(|w| w.id.clone())).collect(),
            users,
            keys: doc
                .orgs
                .iter()
                .flat_map(|o| {
                    o.service_keys
                        .iter()
                        .map(|k| k.id.clone())
                        .chain(o.personal_access_tokens.iter().map(|t| t.id.clone()))
                })
                .collect(),
            permissions,
        }
    })
}

// ---------------------------------------------------------------------------
// group_names: SCIM / groups-sync names with arbitrary separator and prefix

#[derive(Debug, Arbitrary)]
struct GroupsInput {
    org: u8,
    separator: u8,
    prefix: Option<String>,
    /// bit 0: groups sync on; bit 1: groups required; bit 2: drop spaces in the org-role token
    flags: u8,
    names: Vec<String>,
    /// Well-formed names built from the org's real workspaces and roles:
    /// (org role, workspace, workspace role) indexes.
    synthesized: Vec<(u8, u8, u8)>,
}

const SEPARATORS: [&str; 5] = [":", "-", "_", " ", "&"];

/// `resolve_groups` / `groups_sync_login` on arbitrary names.
pub fn group_names(data: &[u8]) {
    let Ok(input) = GroupsInput::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut doc = sample_doc().clone();
    if doc.orgs.is_empty() {
        return;
    }
    let oi = usize::from(input.org) % doc.orgs.len();
    let sep = SEPARATORS.get(usize::from(input.separator) % SEPARATORS.len()).copied().unwrap_or(":");
    let Some(org) = doc.orgs.get_mut(oi) else { return };
    org.settings.group_separator = sep.to_string();
    if let Some(p) = &input.prefix {
        org.settings.group_prefix = p.clone();
    }
    org.sso.groups_sync.enabled = input.flags & 1 != 0;
    org.sso.groups_sync.required = input.flags & 2 != 0;
    let org = org.clone();
    let engine = Engine::from_doc(InstanceConfig::default(), &doc);
    assert!(engine.is_ok(), "changing separator/prefix broke the sample directory: {:?}", engine.err());
    let Ok(engine) = engine else { return };

    let mut names = input.names.clone();
    let mut expect_match = Vec::new();
    let role_names: Vec<(String, bool)> = BuiltinWorkspaceRole::ALL
        .iter()
        .map(|b| (b.display_name().to_string(), *b == BuiltinWorkspaceRole::Admin))
        .chain(org.roles.iter().map(|r| (r.name.clone(), false)))
        .collect();
    for (r, w, role) in input.synthesized.iter().take(16) {
        let org_role =
            OrgRole::ALL.get(usize::from(*r) % OrgRole::ALL.len()).copied().unwrap_or(OrgRole::OrganizationUser);
        let mut token = org_role.display_name().to_string();
        if input.flags & 4 != 0 {
            token.retain(|c| c != ' ');
        }
        let Some(ws) = org.workspaces.get(usize::from(*w) % org.workspaces.len().max(1)) else { continue };
        let Some((role_name, is_admin)) = role_names.get(usize::from(*role) % role_names.len()) else { continue };
        let name = format!("{}{token}{sep}{}{sep}{role_name}", org.settings.group_prefix, ws.name);
        if org.rbac || *is_admin {
            expect_match.push(name.clone());
        }
        names.push(name);
    }
    if input.flags & 8 != 0 {
        let name = format!("{}Organization Admins", org.settings.group_prefix);
        expect_match.push(name.clone());
        names.push(name);
    }

    let res = engine.resolve_groups(&org.id, &names);
    assert!(res.is_ok(), "resolve_groups failed for a known org: {res:?}");
    let Ok(res) = res else { return };
    assert_eq!(engine.resolve_groups(&org.id, &names).ok().as_ref(), Some(&res), "resolve_groups is not deterministic");
    assert_eq!(res.matched.len() + res.skipped.len(), names.len(), "every name is matched or skipped");
    // matched and skipped partition the input, each in input order
    let mut mi = res.matched.iter().peekable();
    let mut si = res.skipped.iter().peekable();
    for n in &names {
        if mi.peek().is_some_and(|m| *m == n) {
            mi.next();
        } else if si.peek().is_some_and(|s| s.name == *n) {
            si.next();
        } else {
            let in_order = false;
            assert!(in_order, "`{n}` is neither matched nor skipped in order");
        }
    }
    for n in &expect_match {
        assert!(res.matched.contains(n), "well-formed group `{n}` was skipped: {:?}", res.skipped);
    }
    if res.matched.is_empty() {
        assert!(res.org_role.is_none() && res.workspaces.is_empty(), "grants without a matched group");
    } else {
        assert!(res.org_role.is_some(), "matched groups but no org role");
    }
    let mut seen = std::collections::HashSet::new();
    for g in &res.workspaces {
        assert!(
            org.workspaces.iter().any(|w| w.id == g.workspace_id),
            "grant for a foreign workspace {}",
            g.workspace_id
        );
        assert!(seen.insert(g.workspace_id.clone()), "two grants for {}", g.workspace_id);
        let known_role = BuiltinWorkspaceRole::from_id(&g.role).is_some() || org.roles.iter().any(|r| r.id == g.role);
        assert!(known_role, "grant of unknown role {}", g.role);
        assert!(res.matched.contains(&g.group), "grant from an unmatched group {}", g.group);
        if !org.rbac {
            assert_eq!(g.role, BuiltinWorkspaceRole::Admin.id(), "a non-Admin role without RBAC");
        }
    }
    if res.org_role == Some(OrgRole::OrganizationAdmin) && org.plan != orgpolicy::directory::Plan::SingleWorkspace {
        assert_eq!(res.workspaces.len(), org.workspaces.len(), "an Org Admin group grants every workspace");
    }

    let login = engine.groups_sync_login(&org.id, &names);
    assert!(login.is_ok());
    if let Ok(d) = login {
        check_decision(d.allowed, d.code);
        let refused = org.sso.groups_sync.enabled && org.sso.groups_sync.required && res.matched.is_empty();
        assert_eq!(d.allowed, !refused, "groups sync login decision");
        if refused {
            assert_eq!(d.code, Code::SsoGroupsRequired);
        }
    }
    let unknown = engine.resolve_groups("no-such-org-id", &names);
    assert!(matches!(unknown, Err(CheckError::UnknownOrg { .. })), "unknown org must be an error");
}

// ---------------------------------------------------------------------------
// request_headers: the gateway check with untrusted headers and keys

#[derive(Debug, Arbitrary)]
enum CredentialIn {
    None,
    ApiKey(Pick),
    Session(Pick),
}

#[derive(Debug, Arbitrary)]
struct RequestIn {
    credential: CredentialIn,
    organization: Pick,
    tenant: Pick,
    scope: u8,
    permission: Pick,
}

/// `authorize_request` with arbitrary credential, headers and permission.
pub fn request_headers(data: &[u8]) {
    let Ok(input) = RequestIn::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let ids = sample_ids();
    let Some(engine) = sample_engines().first() else { return };
    let doc = sample_doc();
    let scope = [OperationScope::Org, OperationScope::Workspace, OperationScope::User]
        .get(usize::from(input.scope) % 3)
        .copied()
        .unwrap_or(OperationScope::Org);
    let credential = match &input.credential {
        CredentialIn::None => None,
        CredentialIn::ApiKey(p) => Some(Credential::ApiKey { key: p.resolve(&ids.keys).unwrap_or_default() }),
        CredentialIn::Session(p) => Some(Credential::Session { user_id: p.resolve(&ids.users).unwrap_or_default() }),
    };
    let req = ApiRequest {
        credential: credential.clone(),
        organization_id: input.organization.resolve(&ids.orgs),
        tenant_id: input.tenant.resolve(&ids.workspaces),
        operation: Operation { scope, permission: input.permission.resolve(&ids.permissions) },
    };
    let result = engine.authorize_request(&req);
    assert_eq!(result, engine.authorize_request(&req), "authorize_request is not deterministic");
    // Through the JSON facade the answer is the same.
    if let (Ok(d), Ok(json)) = (&result, serde_json::to_value(&req)) {
        let via = engine.call("authorizeRequest", json);
        assert_eq!(via.ok(), serde_json::to_value(d).ok(), "JSON facade differs");
    }

    let parsed = req.operation.permission.as_deref().map(Permission::parse);
    let bad_permission = match parsed {
        None => false,
        Some(None) => true,
        Some(Some(Permission::Workspace(_))) => scope != OperationScope::Workspace,
        Some(Some(Permission::Org(_))) => false,
    };
    let d = match result {
        Err(e) => {
            assert!(bad_permission, "an error for a request with a valid route permission: {e}");
            assert!(CheckError::CODES.contains(&e.code()));
            return;
        }
        Ok(d) => {
            assert!(!bad_permission, "a bad route permission was not an error: {d:?}");
            d
        }
    };
    assert!(known_code(d.code.as_str()).is_some());
    check_decision(d.allowed, d.code);
    let unauthenticated =
        matches!(d.code, Code::MissingCredential | Code::InvalidCredential | Code::CredentialOwnerNotMember);
    assert_eq!(
        d.status,
        if d.allowed {
            200
        } else if unauthenticated {
            401
        } else {
            403
        },
        "status of {d:?}"
    );

    // Deny by default: unknown credentials are 401.
    match &credential {
        None => assert_eq!(d.code, Code::MissingCredential),
        Some(Credential::ApiKey { key }) if !ids.keys.contains(key) => assert_eq!(d.code, Code::InvalidCredential),
        Some(Credential::Session { user_id }) if !ids.users.contains(user_id) => {
            assert_eq!(d.code, Code::InvalidCredential)
        }
        Some(_) => {}
    }
    if !d.allowed {
        return;
    }
    if scope == OperationScope::User {
        assert!(
            matches!(credential, Some(Credential::Session { .. })),
            "a user-only endpoint allowed without a session"
        );
        return;
    }
    let org_id = d.org_id.clone().unwrap_or_default();
    let org = doc.orgs.iter().find(|o| o.id == org_id);
    assert!(org.is_some(), "allowed without a resolved org: {d:?}");
    let Some(org) = org else { return };
    if let Some(h) = &req.organization_id {
        assert_eq!(*h, org.id, "allowed with another org in X-Organization-Id");
    }
    if scope == OperationScope::Workspace {
        let ws = d.workspace_id.clone().unwrap_or_default();
        assert!(
            org.workspaces.iter().any(|w| w.id == ws),
            "allowed workspace request without a workspace of the org: {d:?}"
        );
        if let Some(t) = &req.tenant_id {
            assert_eq!(*t, ws, "allowed in another workspace than X-Tenant-Id");
        }
    }
    if let Some(user) = &d.user_id {
        let m = org.members.iter().find(|m| m.user_id.as_deref() == Some(user.as_str()));
        assert!(
            m.is_some_and(|m| m.status == orgpolicy::directory::MemberStatus::Active),
            "allowed for a user who is not an active member of `{}`",
            org.id
        );
    }
}

// ---------------------------------------------------------------------------
// api_call: the JSON facade with arbitrary method names and input

/// `Engine::call(method, json)`: input is `method` `\n` JSON text.
pub fn api_call(data: &[u8]) {
    let (method, json) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (data.get(..i).unwrap_or_default(), data.get(i + 1..).unwrap_or_default()),
        None => (data, &[][..]),
    };
    let Ok(method) = std::str::from_utf8(method) else { return };
    let Ok(input) = serde_json::from_slice::<Value>(json) else { return };
    for engine in sample_engines() {
        let out = engine.call(method, input.clone());
        assert_eq!(out, engine.call(method, input.clone()), "`{method}` is not deterministic");
        match &out {
            Err(e) => {
                assert!(CheckError::CODES.contains(&e.code()), "unknown error code {}", e.code());
                assert!(!e.path().is_empty(), "error without a path: {e}");
                assert!(!e.to_string().is_empty());
                if !METHODS.contains(&method) {
                    assert_eq!(e.path(), "method");
                }
            }
            Ok(v) => {
                assert!(METHODS.contains(&method), "unknown method `{method}` answered");
                check_value(v);
            }
        }
        // `can` and `check` agree on every query.
        let twin = match method {
            "can" => Some("check"),
            "check" => Some("can"),
            _ => None,
        };
        if let Some(twin) = twin {
            let other = engine.call(twin, input.clone());
            assert_eq!(out.is_ok(), other.is_ok(), "`can` and `check` disagree on errors: {out:?} / {other:?}");
            let allowed = |v: &Value| v.as_bool().or_else(|| v.get("allowed").and_then(Value::as_bool));
            if let (Ok(a), Ok(b)) = (&out, &other) {
                assert_eq!(allowed(a), allowed(b), "`can` and `check` disagree: {a} / {b}");
            }
        }
    }
}

/// Walks a result: every `code` is in the catalogue, `allowed` agrees with
/// its code, request statuses agree with `allowed`, refused invite plans
/// deny every invitee.
fn check_value(v: &Value) {
    match v {
        Value::Array(items) => items.iter().for_each(check_value),
        Value::Object(map) => {
            let code = map.get("code").and_then(Value::as_str);
            if let Some(code) = code {
                let c = known_code(code);
                assert!(c.is_some(), "code `{code}` is not in Code::ALL");
                if let (Some(c), Some(allowed)) = (c, map.get("allowed").and_then(Value::as_bool)) {
                    check_decision(allowed, c);
                }
            }
            if let (Some(status), Some(allowed)) =
                (map.get("status").and_then(Value::as_u64), map.get("allowed").and_then(Value::as_bool))
            {
                assert_eq!(allowed, status == 200, "status {status} with allowed={allowed}");
            }
            if map.get("allowed") == Some(&Value::Bool(false)) {
                if let Some(Value::Array(invitees)) = map.get("invitees") {
                    for i in invitees {
                        assert_eq!(
                            i.get("outcome").and_then(Value::as_str),
                            Some("denied"),
                            "a refused plan admits {i}"
                        );
                    }
                }
            }
            if let Some(Value::String(reason)) = map.get("reason") {
                // EffectivePermissions.reason is a Code; SkippedGroup.reason is snake_case.
                assert!(
                    known_code(reason).is_some() || reason.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "reason `{reason}`"
                );
            }
            map.values().for_each(check_value);
        }
        _ => {}
    }
}
