//! The permission catalogue (DOMAIN §2, §3) and a compact set type.
//!
//! Every workspace permission has a fixed bit, so a role's permissions are a
//! single `u128` and a check is one AND.

use crate::json::{Json, ToJson};

/// Organization-level permissions (DOMAIN §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgPermission {
    Read,
    Manage,
    PatsCreate,
}

impl OrgPermission {
    pub const ALL: [OrgPermission; 3] = [Self::Read, Self::Manage, Self::PatsCreate];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "organization:read",
            Self::Manage => "organization:manage",
            Self::PatsCreate => "organization:pats:create",
        }
    }
}

macro_rules! workspace_permissions {
    ($($variant:ident = $name:literal,)*) => {
        /// Workspace-level permissions (DOMAIN §3), in canonical spelling.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum WorkspacePermission { $($variant,)* }

        impl WorkspacePermission {
            /// Every workspace permission, in catalogue order.
            pub const ALL: &'static [WorkspacePermission] = &[$(Self::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }

            fn from_canonical(s: &str) -> Option<Self> {
                match s { $($name => Some(Self::$variant),)* _ => None }
            }
        }
    };
}

workspace_permissions! {
    AnnotationQueuesCreate = "annotation-queues:create",
    AnnotationQueuesDelete = "annotation-queues:delete",
    AnnotationQueuesRead = "annotation-queues:read",
    AnnotationQueuesUpdate = "annotation-queues:update",
    ChartsCreate = "charts:create",
    ChartsDelete = "charts:delete",
    ChartsRead = "charts:read",
    ChartsUpdate = "charts:update",
    CustomAppsCreate = "custom-apps:create",
    CustomAppsDelete = "custom-apps:delete",
    CustomAppsDownload = "custom-apps:download",
    CustomAppsRead = "custom-apps:read",
    CustomAppsUpdate = "custom-apps:update",
    DatasetsClone = "datasets:clone",
    DatasetsCreate = "datasets:create",
    DatasetsDelete = "datasets:delete",
    DatasetsDownload = "datasets:download",
    DatasetsRead = "datasets:read",
    DatasetsShare = "datasets:share",
    DatasetsTagOnCreate = "datasets:tag-on-create",
    DatasetsUpdate = "datasets:update",
    DeploymentsCreate = "deployments:create",
    DeploymentsDelete = "deployments:delete",
    DeploymentsRead = "deployments:read",
    DeploymentsUpdate = "deployments:update",
    FeedbackCreate = "feedback:create",
    FeedbackDelete = "feedback:delete",
    FeedbackRead = "feedback:read",
    FeedbackUpdate = "feedback:update",
    FeedbackConfigsCreate = "feedback-configs:create",
    FeedbackConfigsUpdate = "feedback-configs:update",
    FeedbackConfigsDelete = "feedback-configs:delete",
    ExperimentsRun = "experiments:run",
    IssuesCreate = "issues:create",
    IssuesDelete = "issues:delete",
    IssuesRead = "issues:read",
    IssuesUpdate = "issues:update",
    ProjectsCreate = "projects:create",
    ProjectsDelete = "projects:delete",
    ProjectsRead = "projects:read",
    ProjectsTagOnCreate = "projects:tag-on-create",
    ProjectsUpdate = "projects:update",
    ProjectsIncreaseTraceTier = "projects:increase-trace-tier",
    ProjectsDecreaseTraceTier = "projects:decrease-trace-tier",
    PromptsCreate = "prompts:create",
    PromptsDelete = "prompts:delete",
    PromptsRead = "prompts:read",
    PromptsTagOnCreate = "prompts:tag-on-create",
    PromptsUpdate = "prompts:update",
    PromptsShare = "prompts:share",
    RulesCreate = "rules:create",
    RulesDelete = "rules:delete",
    RulesRead = "rules:read",
    RulesUpdate = "rules:update",
    RulesConfigureRetention = "rules:configure-retention",
    RunsCreate = "runs:create",
    RunsRead = "runs:read",
    RunsReadStats = "runs:read-stats",
    RunsShare = "runs:share",
    RunsDelete = "runs:delete",
    AlertsCreate = "alerts:create",
    AlertsUpdate = "alerts:update",
    AlertsDelete = "alerts:delete",
    AlertsRead = "alerts:read",
    BulkExportsRead = "bulk-exports:read",
    BulkExportsManage = "bulk-exports:manage",
    McpServersCreate = "mcp-servers:create",
    McpServersDelete = "mcp-servers:delete",
    McpServersInvoke = "mcp-servers:invoke",
    McpServersRead = "mcp-servers:read",
    McpServersUpdate = "mcp-servers:update",
    SandboxesCreate = "sandboxes:create",
    SandboxesDelete = "sandboxes:delete",
    SandboxesRead = "sandboxes:read",
    SandboxesTagOnCreate = "sandboxes:tag-on-create",
    SandboxesUpdate = "sandboxes:update",
    SandboxesExec = "sandboxes:exec",
    WorkspacesRead = "workspaces:read",
    WorkspacesManage = "workspaces:manage",
    WorkspacesManageMembers = "workspaces:manage-members",
    WorkspacesManageKeys = "workspaces:manage-keys",
    WorkspacesManageSecrets = "workspaces:manage-secrets",
    WorkspacesManageModelConfigs = "workspaces:manage-model-configs",
}

impl WorkspacePermission {
    fn bit(self) -> u128 {
        1u128 << (self as u8)
    }
}

impl ToJson for WorkspacePermission {
    fn to_json(&self) -> Json<'_> {
        Json::from(self.as_str())
    }
}

impl ToJson for OrgPermission {
    fn to_json(&self) -> Json<'_> {
        Json::from(self.as_str())
    }
}

crate::json::ts_names!(OrgPermission, "OrgPermission", OrgPermission::ALL.iter().map(|p| p.as_str()));
crate::json::ts_names!(WorkspacePermission, "WorkspacePermission", WorkspacePermission::ALL.iter().map(|p| p.as_str()));
crate::json::serialize_via_json!(OrgPermission, WorkspacePermission);

/// A permission named by a caller: organization-level or workspace-level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    Org(OrgPermission),
    Workspace(WorkspacePermission),
}

impl Permission {
    /// Parses a canonical permission string. Underscores are accepted in
    /// place of hyphens (`datasets:tag_on_create`), as some API docs spell
    /// them; anything else unknown is `None`.
    pub fn parse(s: &str) -> Option<Permission> {
        match s {
            "organization:read" => return Some(Self::Org(OrgPermission::Read)),
            "organization:manage" => return Some(Self::Org(OrgPermission::Manage)),
            "organization:pats:create" => return Some(Self::Org(OrgPermission::PatsCreate)),
            _ => {}
        }
        if let Some(p) = WorkspacePermission::from_canonical(s) {
            return Some(Self::Workspace(p));
        }
        if s.contains('_') && s.len() <= 64 {
            let hyphenated = s.replace('_', "-");
            if let Some(p) = WorkspacePermission::from_canonical(&hyphenated) {
                return Some(Self::Workspace(p));
            }
            if hyphenated == "organization:pats:create" {
                return Some(Self::Org(OrgPermission::PatsCreate));
            }
        }
        None
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Org(p) => p.as_str(),
            Self::Workspace(p) => p.as_str(),
        }
    }

    /// The closest known permission to an unknown string, for error messages.
    pub fn suggest(s: &str) -> Option<&'static str> {
        let all =
            OrgPermission::ALL.iter().map(|p| p.as_str()).chain(WorkspacePermission::ALL.iter().map(|p| p.as_str()));
        let lower = s.to_ascii_lowercase();
        all.map(|c| (crate::text::edit_distance(&lower, c), c))
            .filter(|(d, _)| *d <= 3)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

/// Every canonical permission string, hashed once: the hot path's parser.
pub(crate) fn index() -> crate::hash::Map<Permission> {
    OrgPermission::ALL
        .iter()
        .map(|p| Permission::Org(*p))
        .chain(WorkspacePermission::ALL.iter().map(|p| Permission::Workspace(*p)))
        .map(|p| (p.as_str().to_string(), p))
        .collect()
}

/// A set of workspace permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PermissionSet(u128);

impl PermissionSet {
    pub const EMPTY: PermissionSet = PermissionSet(0);

    pub const fn all() -> PermissionSet {
        PermissionSet::of(WorkspacePermission::ALL)
    }

    /// The set of a list, at compile time (role tables are constants).
    #[allow(clippy::indexing_slicing)] // i < list.len()
    pub const fn of(list: &[WorkspacePermission]) -> PermissionSet {
        let mut bits = 0u128;
        let mut i = 0;
        while i < list.len() {
            bits |= 1u128 << (list[i] as u8);
            i += 1;
        }
        PermissionSet(bits)
    }

    pub fn contains(self, p: WorkspacePermission) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn insert(&mut self, p: WorkspacePermission) {
        self.0 |= p.bit();
    }

    pub const fn union(self, other: PermissionSet) -> PermissionSet {
        PermissionSet(self.0 | other.0)
    }

    pub fn is_subset_of(self, other: PermissionSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = WorkspacePermission> {
        WorkspacePermission::ALL.iter().copied().filter(move |p| self.contains(*p))
    }
}

impl FromIterator<WorkspacePermission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = WorkspacePermission>>(iter: I) -> Self {
        let mut set = PermissionSet::EMPTY;
        for p in iter {
            set.insert(p);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_fits_the_bit_set_and_round_trips() {
        assert!(WorkspacePermission::ALL.len() <= 128);
        assert_eq!(WorkspacePermission::ALL.len(), 83);
        for p in WorkspacePermission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(Permission::Workspace(*p)));
        }
        for p in OrgPermission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(Permission::Org(p)));
        }
    }

    #[test]
    fn underscores_are_accepted_but_unknown_strings_are_not() {
        assert_eq!(
            Permission::parse("datasets:tag_on_create"),
            Some(Permission::Workspace(WorkspacePermission::DatasetsTagOnCreate))
        );
        assert_eq!(Permission::parse("datasets:frobnicate"), None);
        assert_eq!(Permission::parse("DATASETS:READ"), None);
        assert_eq!(Permission::parse(""), None);
    }

    #[test]
    fn suggestion_for_a_typo() {
        assert_eq!(Permission::suggest("datasets:raed"), Some("datasets:read"));
        assert_eq!(Permission::suggest("zzzzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn set_operations() {
        let mut s = PermissionSet::EMPTY;
        assert!(s.is_empty());
        s.insert(WorkspacePermission::RunsRead);
        assert!(s.contains(WorkspacePermission::RunsRead));
        assert!(!s.contains(WorkspacePermission::RunsDelete));
        assert!(s.is_subset_of(PermissionSet::all()));
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![WorkspacePermission::RunsRead]);
    }
}
