//! Built-in roles and what they hold (DOMAIN §2, §3).

use crate::json::{FromJson, Json, JsonError, Path, ToJson};
use crate::permissions::{OrgPermission, PermissionSet, WorkspacePermission as P};

/// Organization roles. There are no custom organization roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgRole {
    OrganizationAdmin,
    OrganizationOperator,
    OrganizationUser,
    OrganizationViewer,
}

impl OrgRole {
    pub const ALL: [OrgRole; 4] =
        [Self::OrganizationAdmin, Self::OrganizationOperator, Self::OrganizationUser, Self::OrganizationViewer];

    /// The API id, e.g. `ORGANIZATION_ADMIN`.
    pub fn id(self) -> &'static str {
        match self {
            Self::OrganizationAdmin => "ORGANIZATION_ADMIN",
            Self::OrganizationOperator => "ORGANIZATION_OPERATOR",
            Self::OrganizationUser => "ORGANIZATION_USER",
            Self::OrganizationViewer => "ORGANIZATION_VIEWER",
        }
    }

    /// The display name used in group names, e.g. `Organization Admin`.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::OrganizationAdmin => "Organization Admin",
            Self::OrganizationOperator => "Organization Operator",
            Self::OrganizationUser => "Organization User",
            Self::OrganizationViewer => "Organization Viewer",
        }
    }

    pub fn from_id(s: &str) -> Option<OrgRole> {
        // The ids differ in length: one comparison of text at most.
        Self::ALL.into_iter().find(|r| r.id().len() == s.len()).filter(|r| r.id() == s)
    }

    pub fn has(self, p: OrgPermission) -> bool {
        match self {
            Self::OrganizationAdmin | Self::OrganizationOperator => true,
            Self::OrganizationUser => p != OrgPermission::Manage,
            Self::OrganizationViewer => p == OrgPermission::Read,
        }
    }

    pub fn permissions(self) -> Vec<OrgPermission> {
        OrgPermission::ALL.into_iter().filter(|p| self.has(*p)).collect()
    }
}

impl FromJson for OrgRole {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        crate::json::variant(v, at, &Self::ALL, Self::id)
    }
}

impl ToJson for OrgRole {
    fn to_json(&self) -> Json<'_> {
        Json::from(self.id())
    }
}

crate::json::ts_names!(OrgRole, "OrgRole", OrgRole::ALL.iter().map(|r| r.id()));
crate::json::serde_via_json!(OrgRole);

/// The built-in workspace roles; they cannot be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinWorkspaceRole {
    Admin,
    Editor,
    Viewer,
}

impl BuiltinWorkspaceRole {
    pub const ALL: [BuiltinWorkspaceRole; 3] = [Self::Admin, Self::Editor, Self::Viewer];

    pub fn id(self) -> &'static str {
        match self {
            Self::Admin => "WORKSPACE_ADMIN",
            Self::Editor => "WORKSPACE_EDITOR",
            Self::Viewer => "WORKSPACE_VIEWER",
        }
    }

    /// The name used in group names: `Admin`, `Editor`, `Viewer`.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Admin => "Admin",
            Self::Editor => "Editor",
            Self::Viewer => "Viewer",
        }
    }

    pub fn from_id(s: &str) -> Option<BuiltinWorkspaceRole> {
        // The ids differ in their first letter after `WORKSPACE_`: one
        // comparison of text at most.
        let key = |id: &str| id.as_bytes().get(10).copied();
        Self::ALL.into_iter().find(|r| key(r.id()) == key(s)).filter(|r| r.id() == s)
    }

    pub fn permissions(self) -> PermissionSet {
        const ADMIN: PermissionSet = PermissionSet::all();
        const VIEWER_SET: PermissionSet = PermissionSet::of(VIEWER);
        const EDITOR_SET: PermissionSet = PermissionSet::of(EDITOR_EXTRA).union(VIEWER_SET);
        match self {
            Self::Admin => ADMIN,
            Self::Editor => EDITOR_SET,
            Self::Viewer => VIEWER_SET,
        }
    }
}

/// DOMAIN §3's Viewer list, plus `custom-apps:download` (open: it follows
/// `datasets:download`, a read-like permission Viewers hold).
const VIEWER: &[P] = &[
    P::ProjectsRead,
    P::RunsRead,
    P::RunsReadStats,
    P::RulesRead,
    P::DatasetsRead,
    P::DatasetsDownload,
    P::FeedbackRead,
    P::AnnotationQueuesRead,
    P::PromptsRead,
    P::ChartsRead,
    P::DeploymentsRead,
    P::WorkspacesRead,
    P::BulkExportsRead,
    P::AlertsRead,
    P::McpServersRead,
    P::IssuesRead,
    P::CustomAppsRead,
    P::SandboxesRead,
    // open decision: download follows datasets:download
    P::CustomAppsDownload,
];

/// What Editor holds beyond Viewer: DOMAIN §3's list, then the open rows
/// decided by family pattern (see README, "Open decisions").
const EDITOR_EXTRA: &[P] = &[
    P::ProjectsUpdate,
    P::ProjectsIncreaseTraceTier,
    P::ProjectsDecreaseTraceTier,
    P::RunsCreate,
    P::RunsShare,
    P::RulesCreate,
    P::RulesUpdate,
    P::RulesDelete,
    P::DatasetsCreate,
    P::DatasetsUpdate,
    P::DatasetsTagOnCreate,
    P::FeedbackCreate,
    P::FeedbackUpdate,
    P::FeedbackDelete,
    P::AnnotationQueuesCreate,
    P::AnnotationQueuesUpdate,
    P::PromptsCreate,
    P::PromptsUpdate,
    P::PromptsDelete,
    P::PromptsTagOnCreate,
    P::ChartsCreate,
    P::ChartsUpdate,
    P::ChartsDelete,
    P::DeploymentsCreate,
    P::DeploymentsUpdate,
    // open rows, by family pattern:
    P::DatasetsClone,         // like datasets:create
    P::FeedbackConfigsCreate, // feedback-configs follow feedback (Editor creates, updates, deletes)
    P::FeedbackConfigsUpdate,
    P::FeedbackConfigsDelete,
    P::ExperimentsRun, // like runs:create
    P::IssuesCreate,   // new families: Editor creates and updates, delete stays Admin-only
    P::IssuesUpdate,
    P::AlertsCreate,
    P::AlertsUpdate,
    P::CustomAppsCreate,
    P::CustomAppsUpdate,
    P::McpServersCreate,
    P::McpServersUpdate,
    P::McpServersInvoke, // using a server, like runs:create
    P::SandboxesCreate,
    P::SandboxesUpdate,
    P::SandboxesExec,
    P::SandboxesTagOnCreate, // like datasets/prompts tag-on-create
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `from_id` tells the ids apart by length (org roles) or by the letter
    /// after `WORKSPACE_` (workspace roles): each must be unique.
    #[test]
    fn ids_are_read_back_and_nothing_else() {
        for r in OrgRole::ALL {
            assert_eq!(OrgRole::from_id(r.id()), Some(r));
            assert_eq!(OrgRole::ALL.iter().filter(|o| o.id().len() == r.id().len()).count(), 1);
        }
        for r in BuiltinWorkspaceRole::ALL {
            assert_eq!(BuiltinWorkspaceRole::from_id(r.id()), Some(r));
            let key = r.id().as_bytes().get(10);
            assert_eq!(BuiltinWorkspaceRole::ALL.iter().filter(|o| o.id().as_bytes().get(10) == key).count(), 1);
        }
        for s in ["", "ORGANIZATION_ADMIX", "WORKSPACE_ADMIX", "WORKSPACE_EDITOX", "workspace_admin", "WORKSPACE"] {
            assert_eq!(OrgRole::from_id(s), None, "{s}");
            assert_eq!(BuiltinWorkspaceRole::from_id(s), None, "{s}");
        }
    }

    #[test]
    fn org_role_permissions_match_the_table() {
        use OrgPermission::*;
        assert_eq!(OrgRole::OrganizationAdmin.permissions(), vec![Read, Manage, PatsCreate]);
        assert_eq!(OrgRole::OrganizationOperator.permissions(), vec![Read, Manage, PatsCreate]);
        assert_eq!(OrgRole::OrganizationUser.permissions(), vec![Read, PatsCreate]);
        assert_eq!(OrgRole::OrganizationViewer.permissions(), vec![Read]);
    }

    #[test]
    fn viewer_within_editor_within_admin() {
        let v = BuiltinWorkspaceRole::Viewer.permissions();
        let e = BuiltinWorkspaceRole::Editor.permissions();
        let a = BuiltinWorkspaceRole::Admin.permissions();
        assert!(v.is_subset_of(e) && e.is_subset_of(a) && v != e && e != a);
        assert_eq!(a, PermissionSet::all());
    }

    #[test]
    fn editor_lacks_the_documented_admin_only_permissions() {
        let e = BuiltinWorkspaceRole::Editor.permissions();
        for p in [
            P::ProjectsCreate,
            P::ProjectsDelete,
            P::ProjectsTagOnCreate,
            P::RunsDelete,
            P::DatasetsDelete,
            P::DatasetsShare,
            P::AnnotationQueuesDelete,
            P::DeploymentsDelete,
            P::WorkspacesManage,
            P::WorkspacesManageMembers,
            P::WorkspacesManageKeys,
            P::BulkExportsManage,
        ] {
            assert!(!e.contains(p), "{} must be Admin-only", p.as_str());
        }
    }

    #[test]
    fn viewer_holds_only_reads_and_downloads() {
        for p in BuiltinWorkspaceRole::Viewer.permissions().iter() {
            let s = p.as_str();
            assert!(s.ends_with(":read") || s.ends_with(":read-stats") || s.ends_with(":download"), "{s}");
        }
    }

    #[test]
    fn ids_round_trip() {
        for r in OrgRole::ALL {
            assert_eq!(OrgRole::from_id(r.id()), Some(r));
        }
        for r in BuiltinWorkspaceRole::ALL {
            assert_eq!(BuiltinWorkspaceRole::from_id(r.id()), Some(r));
        }
        assert_eq!(OrgRole::from_id("organization_admin"), None);
    }
}
