//! The directory read from a deployment's REST API: the JSON documents the
//! platform answers (organization info, workspaces, roles, members, pending
//! invites, per-workspace member lists, SSO settings, service keys and
//! personal access tokens) mapped to a [`DirectoryDoc`], then built.
//!
//! Pure: the fetching lives in JavaScript (`orgpolicy/langsmith`); this
//! module only reads the fetched documents, so it answers the same natively
//! and in WebAssembly.
//!
//! The input is one object, `{ "defaultOrgId"?, "orgs": [ ... ] }`, each org
//! holding the answers of one organization's endpoints under the keys of
//! [`Endpoint`] (pages of the paged lists concatenated):
//!
//! | key | endpoint |
//! |---|---|
//! | `info` | `GET /api/v1/orgs/current/info` |
//! | `workspaces` | `GET /api/v1/workspaces` |
//! | `roles` | `GET /api/v1/orgs/current/roles` |
//! | `members` | `GET /api/v1/orgs/current/members/active` |
//! | `pending` | `GET /api/v1/orgs/current/members/pending` |
//! | `workspaceMembers` | `GET /api/v1/workspaces/current/members`, one per workspace |
//! | `ssoSettings` | `GET /api/v1/orgs/current/sso-settings` |
//! | `serviceKeys` | `GET /api/v1/orgs/current/service-keys` |
//! | `personalAccessTokens` | `GET /api/v1/orgs/current/personal-access-tokens` |
//!
//! Decisions the API leaves open, taken here once:
//! - **Disabled members** (`is_disabled: true`) are not members in the
//!   directory: their user is listed under `users` (known to the instance,
//!   member of nothing), so every check about them in that organization is
//!   a denial (deny by default). Their entries in workspace lists are skipped.
//! - **Deleted workspaces** (`is_deleted: true`) are left out, and references
//!   to them (a member's `tenant_ids`, invites, SSO defaults) are dropped.
//!   A reference to a workspace that is neither listed nor deleted is an error.
//! - **Roles**: a role whose `name` is a built-in one (`ORGANIZATION_ADMIN`,
//!   `WORKSPACE_ADMIN`, `WORKSPACE_USER` or `WORKSPACE_EDITOR` for the
//!   Editor, ...) maps to the engine's id (its permissions are the engine's
//!   own); any other workspace-scoped role is a custom role, kept with its
//!   uuid and permissions. A custom organization-scoped role is an error.
//! - **Plan**: personal orgs and `config.max_workspaces == 1` are
//!   single-workspace; RBAC is `config.can_use_rbac`. Without RBAC a
//!   workspace member whose role the API leaves out is `WORKSPACE_ADMIN`.
//! - **SSO**: the first SSO provider's defaults; none: the engine's defaults.
//!   `sso_groups_role_sync_enabled` is read (type-checked) but has no
//!   counterpart in the engine.
//! - **Keys**: ids only, never key material. A service key's workspaces come
//!   from `workspace_names` (by display name); none listed: an org-wide key.
//!   Personal access tokens are read and checked, but the org listing does
//!   not say whose token each is, so they are not in the directory (a
//!   request with a PAT is checked as its user).
//! - `sso_only` and `workspace_admin_can_invite_to_org` (org info) are
//!   type-checked but have no counterpart in the engine yet.
//! - Instance switches (auth mode, org creation, ...) are not in the API:
//!   they come from the configuration, as for a hand-written directory.

mod read;

use crate::directory::{
    CustomRoleDoc, Directory, DirectoryDoc, GroupsSyncDoc, MemberDoc, MemberStatus, OrgDoc, OrgSettingsDoc, Plan,
    ServiceKeyDoc, SsoDoc, UserDoc, WorkspaceDoc,
};
use crate::error::DirectoryError;
use crate::json::{Json, JsonError};
use crate::permissions::Permission;
use crate::roles::{BuiltinWorkspaceRole, OrgRole};
use crate::text::normalize_email;
use read::{index, join, Members, Src};
use std::collections::BTreeMap;

type HashMap<K, V> = std::collections::HashMap<K, V, crate::hash::FastHash>;
type HashSet<K> = std::collections::HashSet<K, crate::hash::FastHash>;
use thiserror::Error;

/// An endpoint the mapping reads, with its key in the per-org input object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    Info,
    Workspaces,
    Roles,
    ActiveMembers,
    PendingMembers,
    WorkspaceMembers,
    SsoSettings,
    ServiceKeys,
    PersonalAccessTokens,
}

impl Endpoint {
    pub const ALL: [Endpoint; 9] = [
        Self::Info,
        Self::Workspaces,
        Self::Roles,
        Self::ActiveMembers,
        Self::PendingMembers,
        Self::WorkspaceMembers,
        Self::SsoSettings,
        Self::ServiceKeys,
        Self::PersonalAccessTokens,
    ];

    /// The key in the per-org input object.
    pub fn key(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Workspaces => "workspaces",
            Self::Roles => "roles",
            Self::ActiveMembers => "members",
            Self::PendingMembers => "pending",
            Self::WorkspaceMembers => "workspaceMembers",
            Self::SsoSettings => "ssoSettings",
            Self::ServiceKeys => "serviceKeys",
            Self::PersonalAccessTokens => "personalAccessTokens",
        }
    }

    /// `GET /api/v1/...`
    pub fn route(self) -> &'static str {
        match self {
            Self::Info => "GET /api/v1/orgs/current/info",
            Self::Workspaces => "GET /api/v1/workspaces",
            Self::Roles => "GET /api/v1/orgs/current/roles",
            Self::ActiveMembers => "GET /api/v1/orgs/current/members/active",
            Self::PendingMembers => "GET /api/v1/orgs/current/members/pending",
            Self::WorkspaceMembers => "GET /api/v1/workspaces/current/members",
            Self::SsoSettings => "GET /api/v1/orgs/current/sso-settings",
            Self::ServiceKeys => "GET /api/v1/orgs/current/service-keys",
            Self::PersonalAccessTokens => "GET /api/v1/orgs/current/personal-access-tokens",
        }
    }
}

crate::json::wire! {
    /// One problem in the API documents: which organization (index in
    /// `orgs`), which endpoint's answer, where in it, and what.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApiIssue: write {
        pub org: Option<usize> = "org",
        /// `GET /api/v1/orgs/current/members/active`; the input object itself: `(documents)`.
        pub endpoint: String = "endpoint",
        /// The path inside that endpoint's answer (`[12].org_role_id`).
        pub path: String = "path",
        pub message: String = "message",
    }
}

impl std::fmt::Display for ApiIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(o) = self.org {
            write!(f, "orgs[{o}] ")?;
        }
        write!(f, "{}: {}: {}", self.endpoint, self.path, self.message)
    }
}

impl std::error::Error for ApiIssue {}

/// Every problem found in the API documents.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the deployment's API documents do not map to a directory ({} problem{}): {}",
    .0.len(), if .0.len() == 1 { "" } else { "s" },
    .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
pub struct ConnectorError(pub Vec<ApiIssue>);

impl ConnectorError {
    pub fn code(&self) -> &'static str {
        "API_DOCUMENT_INVALID"
    }
}

/// Where the input object itself is wrong (not an endpoint's answer).
const DOCUMENTS: &str = "(documents)";

/// Where each mapped item came from, to name the endpoint when the built
/// directory finds a problem the mapping did not.
#[derive(Debug, Default)]
struct Provenance {
    workspaces: Vec<(Endpoint, String)>,
    roles: Vec<(Endpoint, String)>,
    members: Vec<(Endpoint, String)>,
    service_keys: Vec<(Endpoint, String)>,
}

/// Maps API documents (JSON text, see the module docs) to a directory document.
pub fn directory_doc(text: &str) -> Result<DirectoryDoc, ConnectorError> {
    map_text(text).map(|(doc, _)| doc)
}

/// Maps API documents (JSON text) and builds the directory; a problem the
/// directory's own validation finds is reported at its endpoint too.
pub fn directory(text: &str) -> Result<Directory, ConnectorError> {
    let (doc, prov) = map_text(text)?;
    Directory::from_doc_owned(doc).map_err(|e| locate(&prov, e))
}

/// [`directory_doc`] of an already parsed documents object.
pub fn directory_doc_from(documents: &Json<'_>) -> Result<DirectoryDoc, ConnectorError> {
    map(documents).map(|(doc, _)| doc)
}

/// [`directory`] of an already parsed documents object.
pub fn directory_from(documents: &Json<'_>) -> Result<Directory, ConnectorError> {
    let (doc, prov) = map(documents)?;
    Directory::from_doc_owned(doc).map_err(|e| locate(&prov, e))
}

fn map_text(text: &str) -> Result<(DirectoryDoc, Vec<Provenance>), ConnectorError> {
    let tree = crate::json::parse(text).map_err(|e: JsonError| {
        ConnectorError(vec![ApiIssue { org: None, endpoint: DOCUMENTS.into(), path: e.path, message: e.message }])
    })?;
    map(&tree)
}

/// Maps a parsed documents object.
fn map(v: &Json<'_>) -> Result<(DirectoryDoc, Vec<Provenance>), ConnectorError> {
    let mut issues = Vec::new();
    let mut doc = DirectoryDoc::default();
    let mut provs = Vec::new();
    let mut src = Src { issues: &mut issues, org: None, endpoint: DOCUMENTS.into() };
    if let Some(root) = src.object(v, "") {
        doc.default_org_id = src.opt_str(root, "", "defaultOrgId").map(str::to_owned);
        let orgs = match root.iter().find(|(k, _)| k == "orgs") {
            Some((_, orgs)) => src.array(orgs, "orgs").unwrap_or_default(),
            None => {
                src.add("", "missing field `orgs`");
                &[]
            }
        };
        for (oi, o) in orgs.iter().enumerate() {
            let mut prov = Provenance::default();
            if let Some(org) = map_org(&mut issues, oi, o, &mut prov, &mut doc.users) {
                doc.orgs.push(org);
                provs.push(prov);
            }
        }
    }
    if issues.is_empty() {
        Ok((doc, provs))
    } else {
        Err(ConnectorError(issues))
    }
}

/// What a role id of the API stands for in the engine.
#[derive(Debug, Clone)]
enum RoleTarget {
    Org(&'static str),
    Workspace(String),
}

const WORKSPACE_USER: &str = "WORKSPACE_USER";

fn builtin_workspace(name: &str) -> Option<BuiltinWorkspaceRole> {
    if name == WORKSPACE_USER {
        return Some(BuiltinWorkspaceRole::Editor);
    }
    BuiltinWorkspaceRole::from_id(name)
}

/// The per-org reading state.
struct OrgCtx<'i> {
    issues: &'i mut Vec<ApiIssue>,
    oi: usize,
    rbac: bool,
    /// Listed, not deleted: id → display name.
    live: HashMap<String, String>,
    deleted: HashSet<String>,
    roles: HashMap<String, RoleTarget>,
}

impl OrgCtx<'_> {
    fn src(&mut self, e: Endpoint) -> Src<'_> {
        Src { issues: self.issues, org: Some(self.oi), endpoint: e.route().into() }
    }

    /// `Some(true)` live, `Some(false)` deleted (skip), `None` unknown (reported).
    fn workspace_ref(&mut self, e: Endpoint, path: &str, id: &str) -> Option<bool> {
        if self.live.contains_key(id) {
            Some(true)
        } else if self.deleted.contains(id) {
            Some(false)
        } else {
            self.src(e).add(path, format!("unknown workspace `{id}`: not listed by {}", Endpoint::Workspaces.route()));
            None
        }
    }

    /// A workspace role id of the API as the engine's role id.
    fn workspace_role(&mut self, e: Endpoint, path: &str, id: &str) -> Option<String> {
        match self.roles.get(id) {
            Some(RoleTarget::Workspace(r)) => Some(r.clone()),
            Some(RoleTarget::Org(r)) => {
                let r = *r;
                self.src(e).add(path, format!("`{id}` is the organization role `{r}`; expected a workspace role"));
                None
            }
            None => {
                self.src(e).add(path, format!("unknown role `{id}`: not listed by {}", Endpoint::Roles.route()));
                None
            }
        }
    }

    /// The organization role from `org_role_id` (or `org_role_name`).
    fn org_role(&mut self, e: Endpoint, o: Members<'_, '_>, base: &str) -> Option<&'static str> {
        let mut src = self.src(e);
        let id = src.opt_str(o, base, "org_role_id");
        let name = src.opt_str(o, base, "org_role_name");
        match (id, name) {
            (Some(id), _) => match self.roles.get(id) {
                Some(RoleTarget::Org(r)) => Some(*r),
                Some(RoleTarget::Workspace(_)) => {
                    self.src(e).add(&join(base, "org_role_id"), format!("`{id}` is a workspace role"));
                    None
                }
                None => {
                    let msg = format!("unknown role `{id}`: not listed by {}", Endpoint::Roles.route());
                    self.src(e).add(&join(base, "org_role_id"), msg);
                    None
                }
            },
            (None, Some(name)) => match OrgRole::from_id(name) {
                Some(r) => Some(r.id()),
                None => {
                    self.src(e).add(&join(base, "org_role_name"), format!("unknown organization role `{name}`"));
                    None
                }
            },
            (None, None) => {
                self.src(e).add(base, "no organization role: `org_role_id` and `org_role_name` are both missing");
                None
            }
        }
    }
}

/// The documents of one organization: `Some` when they were readable at all.
fn map_org(
    issues: &mut Vec<ApiIssue>,
    oi: usize,
    v: &Json<'_>,
    prov: &mut Provenance,
    users: &mut Vec<UserDoc>,
) -> Option<OrgDoc> {
    let at = format!("orgs[{oi}]");
    let mut top = Src { issues, org: Some(oi), endpoint: DOCUMENTS.into() };
    let docs = top.object(v, &at)?;
    let mut parts: HashMap<&str, &Json<'_>> = HashMap::default();
    for e in Endpoint::ALL {
        match docs.iter().find(|(k, _)| k == e.key()) {
            Some((_, d)) => {
                parts.insert(e.key(), d);
            }
            None => top.add(&at, format!("missing field `{}` (the answer of {})", e.key(), e.route())),
        }
    }
    let part = |e: Endpoint| parts.get(e.key()).copied();

    let mut cx = OrgCtx {
        issues,
        oi,
        rbac: false,
        live: HashMap::default(),
        deleted: HashSet::default(),
        roles: HashMap::default(),
    };
    let mut org = read_info(&mut cx, part(Endpoint::Info)?)?;
    cx.rbac = org.rbac;
    if let Some(v) = part(Endpoint::Workspaces) {
        read_workspaces(&mut cx, v, &mut org, prov);
    }
    if let Some(v) = part(Endpoint::Roles) {
        read_roles(&mut cx, v, &mut org, prov);
    }
    let mut by_user: HashMap<String, usize> = HashMap::default();
    let mut disabled: HashSet<String> = HashSet::default();
    if let Some(v) = part(Endpoint::ActiveMembers) {
        read_active(&mut cx, v, &mut org, prov, &mut by_user, &mut disabled, users);
    }
    let mut pending_by_email: HashMap<String, usize> = HashMap::default();
    if let Some(v) = part(Endpoint::PendingMembers) {
        read_pending(&mut cx, v, &mut org, prov, &mut pending_by_email);
    }
    if let Some(v) = part(Endpoint::WorkspaceMembers) {
        let lists = WorkspaceLists { by_user: &by_user, disabled: &disabled, pending_by_email: &pending_by_email };
        read_workspace_members(&mut cx, v, &mut org, &lists);
    }
    if let Some(v) = part(Endpoint::SsoSettings) {
        read_sso(&mut cx, v, &mut org);
    }
    if let Some(v) = part(Endpoint::ServiceKeys) {
        read_service_keys(&mut cx, v, &mut org, prov);
    }
    if let Some(v) = part(Endpoint::PersonalAccessTokens) {
        read_pats(&mut cx, v);
    }
    Some(org)
}

fn read_info(cx: &mut OrgCtx<'_>, v: &Json<'_>) -> Option<OrgDoc> {
    let mut src = cx.src(Endpoint::Info);
    let o = src.object(v, "")?;
    let id = src.req_str(o, "", "id");
    let name = src.opt_str(o, "", "display_name");
    let personal = src.req_bool(o, "", "is_personal").unwrap_or(false);
    let config = src.req_object(o, "", "config");
    let (rbac, max_workspaces) = match config {
        Some(c) => (src.bool_or(c, "config", "can_use_rbac", false), src.int_or(c, "config", "max_workspaces", 1)),
        None => (false, 1),
    };
    let d = OrgSettingsDoc::default();
    let settings = OrgSettingsDoc {
        invites_enabled: src.bool_or(o, "", "invites_enabled", d.invites_enabled),
        jit_provisioning_enabled: src.bool_or(o, "", "jit_provisioning_enabled", d.jit_provisioning_enabled),
        pat_creation_disabled: src.bool_or(o, "", "pat_creation_disabled", d.pat_creation_disabled),
        public_sharing_disabled: src.bool_or(o, "", "public_sharing_disabled", d.public_sharing_disabled),
        group_separator: src.str_or(o, "", "scim_group_name_separator", ":").to_owned(),
        group_prefix: String::new(),
    };
    // Read for their type only: the engine has no counterpart yet.
    src.bool_or(o, "", "sso_only", false);
    src.bool_or(o, "", "workspace_admin_can_invite_to_org", false);
    let id = id?;
    let plan = if personal || max_workspaces == 1 { Plan::SingleWorkspace } else { Plan::MultiWorkspace };
    Some(OrgDoc {
        id: id.to_owned(),
        name: name.filter(|n| !n.is_empty()).unwrap_or(id).to_owned(),
        personal,
        plan,
        rbac,
        settings,
        sso: SsoDoc::default(),
        workspaces: Vec::new(),
        roles: Vec::new(),
        restricted_roles: Vec::new(),
        members: Vec::new(),
        groups: Vec::new(),
        service_keys: Vec::new(),
        personal_access_tokens: Vec::new(),
    })
}

fn read_workspaces(cx: &mut OrgCtx<'_>, v: &Json<'_>, org: &mut OrgDoc, prov: &mut Provenance) {
    let e = Endpoint::Workspaces;
    let mut src = cx.src(e);
    let mut found = Vec::new();
    for (at, o) in src.objects(v) {
        let id = src.req_str(o, &at, "id");
        let name = src.req_str(o, &at, "display_name");
        let deleted = src.req_bool(o, &at, "is_deleted");
        src.req_bool(o, &at, "is_personal");
        src.req_str(o, &at, "created_at");
        if let Some(owner) = src.opt_str(o, &at, "organization_id") {
            if owner != org.id {
                let msg = format!("`{owner}` is another organization than `{}`", org.id);
                src.add(&join(&at, "organization_id"), msg);
            }
        }
        if let (Some(id), Some(name), Some(deleted)) = (id, name, deleted) {
            found.push((at, id, name, deleted));
        }
    }
    for (at, id, name, deleted) in found {
        if deleted {
            cx.deleted.insert(id.to_owned());
        } else {
            cx.live.insert(id.to_owned(), name.to_owned());
            org.workspaces.push(WorkspaceDoc { id: id.to_owned(), name: name.to_owned() });
            prov.workspaces.push((e, at));
        }
    }
}

fn read_roles(cx: &mut OrgCtx<'_>, v: &Json<'_>, org: &mut OrgDoc, prov: &mut Provenance) {
    let e = Endpoint::Roles;
    let mut src = cx.src(e);
    let mut targets = Vec::new();
    for (at, o) in src.objects(v) {
        let id = src.req_str(o, &at, "id");
        let name = src.req_str(o, &at, "name");
        let display = src.req_str(o, &at, "display_name");
        src.req_str(o, &at, "description");
        let permissions = src.strings(o, &at, "permissions", true);
        let scope = src.opt_name(o, &at, "access_scope", &["organization", "workspace"]);
        let (Some(id), Some(name), Some(display)) = (id, name, display) else { continue };
        let target = if let Some(r) = OrgRole::from_id(name) {
            RoleTarget::Org(r.id())
        } else if let Some(r) = builtin_workspace(name) {
            RoleTarget::Workspace(r.id().to_owned())
        } else if scope == Some("organization") {
            src.add(
                &join(&at, "name"),
                format!("custom organization role `{name}` is not supported; organization roles are the built-in ones"),
            );
            continue;
        } else {
            let perms_at = join(&at, "permissions");
            for (pi, p) in permissions.iter().enumerate() {
                if Permission::parse(p).is_none() {
                    src.add(&index(&perms_at, pi), crate::directory::unknown_permission(p));
                }
            }
            org.roles.push(CustomRoleDoc {
                id: id.to_owned(),
                name: display.to_owned(),
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            });
            prov.roles.push((e, at.clone()));
            RoleTarget::Workspace(id.to_owned())
        };
        targets.push((at, id, target));
    }
    for (at, id, target) in targets {
        if cx.roles.insert(id.to_owned(), target).is_some() {
            cx.src(e).add(&join(&at, "id"), format!("duplicate role id `{id}`"));
        }
    }
}

fn read_active(
    cx: &mut OrgCtx<'_>,
    v: &Json<'_>,
    org: &mut OrgDoc,
    prov: &mut Provenance,
    by_user: &mut HashMap<String, usize>,
    disabled: &mut HashSet<String>,
    users: &mut Vec<UserDoc>,
) {
    let e = Endpoint::ActiveMembers;
    let mut seen: HashSet<&str> = HashSet::default();
    for (at, o) in cx.src(e).objects(v) {
        let mut src = cx.src(e);
        let id = src.req_str(o, &at, "id");
        let user = src.req_str(o, &at, "user_id");
        src.req_str(o, &at, "ls_user_id");
        src.req_str(o, &at, "organization_id");
        src.req_str(o, &at, "created_at");
        src.req_bool(o, &at, "read_only");
        let email = src.opt_str(o, &at, "email");
        let is_disabled = src.bool_or(o, &at, "is_disabled", false);
        src.opt_name(o, &at, "access_scope", &["organization", "workspace"]);
        let tenants = src.strings(o, &at, "tenant_ids", false);
        let role = cx.org_role(e, o, &at);
        let (Some(id), Some(user)) = (id, user) else { continue };
        if !seen.insert(id) {
            cx.src(e).add(&join(&at, "id"), format!("identity `{id}` listed twice"));
            continue;
        }
        let tenants_at = join(&at, "tenant_ids");
        for (ti, t) in tenants.iter().enumerate() {
            cx.workspace_ref(e, &index(&tenants_at, ti), t);
        }
        if is_disabled {
            // Known to the instance, member of nothing here: every check denies.
            if disabled.insert(user.to_owned()) && !users.iter().any(|u| u.id == user) {
                if let Some(email) = email {
                    users.push(UserDoc { id: user.to_owned(), email: email.to_owned() });
                }
            }
            continue;
        }
        let Some(email) = email else {
            cx.src(e).add(&join(&at, "email"), "an active member needs an e-mail address");
            continue;
        };
        let Some(role) = role else { continue };
        if by_user.insert(user.to_owned(), org.members.len()).is_some() {
            cx.src(e).add(&join(&at, "user_id"), format!("user `{user}` holds two identities in this organization"));
            continue;
        }
        org.members.push(MemberDoc {
            id: id.to_owned(),
            user_id: Some(user.to_owned()),
            email: email.to_owned(),
            org_role: role.to_owned(),
            status: MemberStatus::Active,
            workspaces: BTreeMap::new(),
        });
        prov.members.push((e, at));
    }
}

fn read_pending(
    cx: &mut OrgCtx<'_>,
    v: &Json<'_>,
    org: &mut OrgDoc,
    prov: &mut Provenance,
    by_email: &mut HashMap<String, usize>,
) {
    let e = Endpoint::PendingMembers;
    for (at, o) in cx.src(e).objects(v) {
        let mut src = cx.src(e);
        let id = src.req_str(o, &at, "id");
        let email = src.req_str(o, &at, "email");
        src.req_str(o, &at, "created_at");
        let user = src.opt_str(o, &at, "user_id");
        let ws_ids = src.strings(o, &at, "workspace_ids", false);
        let ws_role = src.opt_str(o, &at, "workspace_role_id");
        let role = cx.org_role(e, o, &at);
        let (Some(id), Some(email), Some(role)) = (id, email, role) else { continue };
        let mut workspaces = BTreeMap::new();
        let ws_at = join(&at, "workspace_ids");
        let live: Vec<&str> = ws_ids
            .iter()
            .enumerate()
            .filter(|(wi, w)| cx.workspace_ref(e, &index(&ws_at, *wi), w) == Some(true))
            .map(|(_, w)| *w)
            .collect();
        if !live.is_empty() {
            let role = match ws_role {
                Some(r) => cx.workspace_role(e, &join(&at, "workspace_role_id"), r),
                None if !cx.rbac => Some(BuiltinWorkspaceRole::Admin.id().to_owned()),
                None => {
                    cx.src(e).add(&at, "`workspace_ids` without a `workspace_role_id`");
                    None
                }
            };
            let Some(role) = role else { continue };
            for w in live {
                workspaces.insert(w.to_owned(), role.clone());
            }
        }
        if by_email.insert(normalize_email(email), org.members.len()).is_some() {
            cx.src(e).add(&join(&at, "email"), format!("`{email}` is invited twice"));
            continue;
        }
        org.members.push(MemberDoc {
            id: id.to_owned(),
            user_id: user.map(str::to_owned),
            email: email.to_owned(),
            org_role: role.to_owned(),
            status: MemberStatus::Pending,
            workspaces,
        });
        prov.members.push((e, at));
    }
}

/// Who the per-workspace lists may name.
struct WorkspaceLists<'a> {
    by_user: &'a HashMap<String, usize>,
    disabled: &'a HashSet<String>,
    pending_by_email: &'a HashMap<String, usize>,
}

fn read_workspace_members(cx: &mut OrgCtx<'_>, v: &Json<'_>, org: &mut OrgDoc, lists: &WorkspaceLists<'_>) {
    let e = Endpoint::WorkspaceMembers;
    let items = cx.src(e).array(v, "").unwrap_or_default();
    let mut covered: HashSet<&str> = HashSet::default();
    for (i, list) in items.iter().enumerate() {
        // Paths are inside one workspace's answer; the endpoint names the workspace.
        let mut src = Src { issues: cx.issues, org: Some(cx.oi), endpoint: format!("{} [{i}]", e.route()) };
        let Some(o) = src.object(list, "") else { continue };
        let Some(tenant) = src.req_str(o, "", "tenant_id") else { continue };
        let endpoint = format!("{} (X-Tenant-Id: {tenant})", e.route());
        match cx.workspace_ref(e, &format!("[{i}].tenant_id"), tenant) {
            Some(true) => {}
            _ => continue,
        }
        if !covered.insert(tenant) {
            Src { issues: cx.issues, org: Some(cx.oi), endpoint }.add("tenant_id", "a second member list for it");
            continue;
        }
        let mut src = Src { issues: cx.issues, org: Some(cx.oi), endpoint: endpoint.clone() };
        let members = match o.iter().find(|(k, _)| k == "members") {
            Some((_, m)) => src.array(m, "members").unwrap_or_default(),
            None => {
                src.add("", "missing field `members`");
                &[]
            }
        };
        let pending = match o.iter().find(|(k, _)| k == "pending") {
            Some((_, p)) => src.array(p, "pending").unwrap_or_default(),
            None => {
                src.add("", "missing field `pending`");
                &[]
            }
        };
        let mut out: Vec<(usize, String)> = Vec::new();
        for (mi, m) in members.iter().enumerate() {
            let at = index("members", mi);
            let mut src = Src { issues: cx.issues, org: Some(cx.oi), endpoint: endpoint.clone() };
            let Some(mo) = src.object(m, &at) else { continue };
            src.req_str(mo, &at, "id");
            let user = src.req_str(mo, &at, "user_id");
            let role_id = src.opt_str(mo, &at, "role_id");
            let role_name = src.opt_str(mo, &at, "role_name");
            let Some(user) = user else { continue };
            if lists.disabled.contains(user) {
                continue;
            }
            let Some(&slot) = lists.by_user.get(user) else {
                src.add(&join(&at, "user_id"), format!("user `{user}` is not an active member of the organization"));
                continue;
            };
            if let Some(role) = listed_role(cx, &endpoint, &at, role_id, role_name) {
                out.push((slot, role));
            }
        }
        for (pi, p) in pending.iter().enumerate() {
            let at = index("pending", pi);
            let mut src = Src { issues: cx.issues, org: Some(cx.oi), endpoint: endpoint.clone() };
            let Some(po) = src.object(p, &at) else { continue };
            src.req_str(po, &at, "id");
            let email = src.req_str(po, &at, "email");
            let role_id = src.opt_str(po, &at, "role_id");
            let Some(email) = email else { continue };
            let Some(&slot) = lists.pending_by_email.get(&normalize_email(email)) else {
                src.add(&join(&at, "email"), format!("`{email}` has no pending invite in the organization"));
                continue;
            };
            if let Some(role) = listed_role(cx, &endpoint, &at, role_id, None) {
                out.push((slot, role));
            }
        }
        for (slot, role) in out {
            if let Some(m) = org.members.get_mut(slot) {
                m.workspaces.insert(tenant.to_owned(), role);
            }
        }
    }
    let mut missing: Vec<&String> = cx.live.keys().filter(|w| !covered.contains(w.as_str())).collect();
    missing.sort();
    for w in missing {
        let msg = format!("no member list for workspace `{w}` ({} with X-Tenant-Id)", e.route());
        Src { issues: cx.issues, org: Some(cx.oi), endpoint: DOCUMENTS.into() }
            .add(&format!("orgs[{}].workspaceMembers", cx.oi), msg);
    }
}

/// The workspace role of an entry of a workspace's member list: `role_id`,
/// else a built-in `role_name`, else (without RBAC) `WORKSPACE_ADMIN`.
fn listed_role(
    cx: &mut OrgCtx<'_>,
    endpoint: &str,
    at: &str,
    role_id: Option<&str>,
    role_name: Option<&str>,
) -> Option<String> {
    match (role_id, role_name.and_then(builtin_workspace)) {
        (Some(r), _) => workspace_role_at(cx, endpoint, &join(at, "role_id"), r),
        (None, Some(b)) => Some(b.id().to_owned()),
        (None, None) if !cx.rbac => Some(BuiltinWorkspaceRole::Admin.id().to_owned()),
        (None, None) => {
            Src { issues: cx.issues, org: Some(cx.oi), endpoint: endpoint.to_owned() }
                .add(at, "no workspace role: `role_id` is missing");
            None
        }
    }
}

/// [`OrgCtx::workspace_role`] reported under a workspace's own endpoint text.
fn workspace_role_at(cx: &mut OrgCtx<'_>, endpoint: &str, path: &str, id: &str) -> Option<String> {
    let before = cx.issues.len();
    let r = cx.workspace_role(Endpoint::WorkspaceMembers, path, id);
    for i in cx.issues.iter_mut().skip(before) {
        i.endpoint = endpoint.to_owned();
    }
    r
}

fn read_sso(cx: &mut OrgCtx<'_>, v: &Json<'_>, org: &mut OrgDoc) {
    let e = Endpoint::SsoSettings;
    let mut src = cx.src(e);
    let mut first = None;
    for (at, o) in src.objects(v) {
        src.req_str(o, &at, "id");
        src.req_str(o, &at, "organization_id");
        src.req_str(o, &at, "provider_id");
        let role = src.req_str(o, &at, "default_workspace_role_id");
        let ws = src.strings(o, &at, "default_workspace_ids", true);
        let groups = GroupsSyncDoc {
            enabled: src.bool_or(o, &at, "sso_groups_enabled", false),
            required: src.bool_or(o, &at, "sso_groups_required", false),
            claim: src.str_or(o, &at, "sso_groups_claim_field", "groups").to_owned(),
        };
        src.bool_or(o, &at, "sso_groups_role_sync_enabled", true);
        if first.is_none() {
            first = Some((at, role, ws, groups));
        }
    }
    let Some((at, role, ws, groups_sync)) = first else { return };
    let role = role.and_then(|r| cx.workspace_role(e, &join(&at, "default_workspace_role_id"), r));
    let ws_at = join(&at, "default_workspace_ids");
    let ids: Vec<String> = ws
        .iter()
        .enumerate()
        .filter(|(i, w)| cx.workspace_ref(e, &index(&ws_at, *i), w) == Some(true))
        .map(|(_, w)| (*w).to_owned())
        .collect();
    org.sso = SsoDoc {
        default_workspace_ids: if ids.is_empty() { None } else { Some(ids) },
        default_workspace_role: role,
        groups_sync,
    };
}

fn read_service_keys(cx: &mut OrgCtx<'_>, v: &Json<'_>, org: &mut OrgDoc, prov: &mut Provenance) {
    let e = Endpoint::ServiceKeys;
    for (at, o) in cx.src(e).objects(v) {
        let mut src = cx.src(e);
        let id = src.req_str(o, &at, "id");
        src.req_str(o, &at, "short_key");
        src.req_str(o, &at, "description");
        let names = src.strings(o, &at, "workspace_names", false);
        let default = src.opt_str(o, &at, "default_workspace_name");
        let Some(id) = id else { continue };
        let mut ordered: Vec<&str> = default.into_iter().collect();
        ordered.extend(names.iter().copied().filter(|n| Some(*n) != default));
        let mut ids = Vec::new();
        for name in ordered {
            match cx.live.iter().find(|(_, n)| n.as_str() == name) {
                Some((wid, _)) => ids.push(wid.clone()),
                None => cx.src(e).add(&join(&at, "workspace_names"), format!("no listed workspace is named `{name}`")),
            }
        }
        org.service_keys.push(ServiceKeyDoc {
            id: id.to_owned(),
            org_scoped: ids.is_empty(),
            workspace_ids: ids,
            org_role: None,
            workspace_role: None,
        });
        prov.service_keys.push((e, at));
    }
}

fn read_pats(cx: &mut OrgCtx<'_>, v: &Json<'_>) {
    let mut src = cx.src(Endpoint::PersonalAccessTokens);
    for (at, o) in src.objects(v) {
        src.req_str(o, &at, "id");
        src.req_str(o, &at, "short_key");
        src.req_str(o, &at, "description");
    }
}

/// A directory issue (`orgs[0].members[12].orgRole`) named at the endpoint
/// its item came from.
fn locate(provs: &[Provenance], e: DirectoryError) -> ConnectorError {
    let issues = e.0.into_iter().map(|i| locate_one(provs, &i.path, i.message)).collect();
    ConnectorError(issues)
}

fn locate_one(provs: &[Provenance], path: &str, message: String) -> ApiIssue {
    let unplaced = |org| ApiIssue { org, endpoint: DOCUMENTS.into(), path: path.to_owned(), message: message.clone() };
    let Some(rest) = path.strip_prefix("orgs[") else { return unplaced(None) };
    let Some((n, rest)) = rest.split_once(']') else { return unplaced(None) };
    let Ok(oi) = n.parse::<usize>() else { return unplaced(None) };
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let Some(prov) = provs.get(oi) else { return unplaced(Some(oi)) };
    let section = |name: &str| -> Option<(usize, &str)> {
        let r = rest.strip_prefix(name)?.strip_prefix('[')?;
        let (i, tail) = r.split_once(']')?;
        Some((i.parse().ok()?, tail))
    };
    let lists: [(&str, &Vec<(Endpoint, String)>); 4] = [
        ("members", &prov.members),
        ("workspaces", &prov.workspaces),
        ("roles", &prov.roles),
        ("serviceKeys", &prov.service_keys),
    ];
    for (name, list) in lists {
        if let Some((i, tail)) = section(name) {
            if let Some((ep, at)) = list.get(i) {
                let field = tail.trim_start_matches('.');
                let message = if field.is_empty() { message } else { format!("{message} (directory field `{field}`)") };
                return ApiIssue { org: Some(oi), endpoint: ep.route().into(), path: at.clone(), message };
            }
        }
    }
    let ep = if rest.starts_with("sso") { Endpoint::SsoSettings } else { Endpoint::Info };
    ApiIssue {
        org: Some(oi),
        endpoint: ep.route().into(),
        path: "(root)".into(),
        message: format!("{rest}: {message}"),
    }
}

#[cfg(test)]
mod tests;
