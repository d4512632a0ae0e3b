//! Organization-wide switches (DOMAIN §5, §8): org creation, personal
//! organizations, personal access tokens and public sharing.

use crate::access::{decide, Subject};
use crate::config::AuthMode;
use crate::decision::{Code, Decision};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::permissions::{Permission, WorkspacePermission};
use crate::rules::active_member;
use crate::text::normalize_email;

crate::json::json_names! {
    /// Resources that can be shared publicly (DOMAIN §8).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ShareableResource {
        Run = "run",
        Dataset = "dataset",
        Prompt = "prompt",
    }
}

impl ShareableResource {
    fn permission(self) -> WorkspacePermission {
        match self {
            Self::Run => WorkspacePermission::RunsShare,
            Self::Dataset => WorkspacePermission::DatasetsShare,
            Self::Prompt => WorkspacePermission::PromptsShare,
        }
    }
}

impl Engine {
    /// May `user` create a new (shared) organization?
    pub fn can_create_org(&self, user: &str) -> Result<Decision, CheckError> {
        self.require_user("userId", user)?;
        Ok(self.org_creation_decision())
    }

    pub(crate) fn org_creation_decision(&self) -> Decision {
        if self.config.auth_mode == AuthMode::Basic {
            Decision::deny(
                Code::OrgCreationUnsupportedBasicAuth,
                "with basic auth, creating more organizations is not supported",
            )
        } else if self.config.org_creation_disabled {
            Decision::deny(Code::OrgCreationDisabled, "organization creation is disabled on this instance")
        } else {
            Decision::allow(Code::Allowed, "may create an organization")
        }
    }

    /// Is a personal organization made when the user with `email` first
    /// logs in? Also answers "may they create one now".
    pub fn personal_org_on_first_login(&self, email: &str) -> Decision {
        if self.config.personal_orgs_disabled {
            return Decision::deny(Code::PersonalOrgsDisabled, "personal organizations are disabled on this instance");
        }
        let email = normalize_email(email);
        let owns_one = self
            .dir
            .user_for_email(&email)
            .is_some_and(|user| self.dir.orgs.iter().any(|o| o.personal && o.member_by_user(user).is_some()));
        if owns_one {
            Decision::deny(Code::PersonalOrgExists, "the user already has a personal organization")
        } else {
            Decision::allow(Code::PersonalOrgCreated, "a personal organization is made for the user")
        }
    }

    /// May `user` create a personal access token in `org`?
    pub fn can_create_pat(&self, user: &str, org_id: &str) -> Result<Decision, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let m = self.membership(org, "userId", user)?;
        if self.config.pat_creation_disabled {
            return Ok(Decision::deny(
                Code::PatCreationDisabledInstance,
                "personal access token creation is disabled on this instance",
            ));
        }
        if org.settings.pat_creation_disabled {
            return Ok(Decision::deny(
                Code::PatCreationDisabledOrg,
                format!("`{}` disables personal access token creation", org.name),
            ));
        }
        Ok(match active_member(org, m) {
            Err(d) => d,
            Ok(m) => {
                decide(org, Subject::Member(m), None, Permission::Org(crate::permissions::OrgPermission::PatsCreate))
            }
        })
    }

    /// May `user` share a run, dataset or prompt of `workspace` publicly?
    pub fn can_share(
        &self,
        user: &str,
        org_id: &str,
        workspace: &str,
        resource: ShareableResource,
    ) -> Result<Decision, CheckError> {
        let (_, org) = self.org_at("orgId", org_id)?;
        let ws = self.workspace_in(org, "workspaceId", workspace)?;
        let m = self.membership(org, "userId", user)?;
        if org.settings.public_sharing_disabled {
            return Ok(Decision::deny(Code::PublicSharingDisabled, format!("`{}` disables public sharing", org.name)));
        }
        Ok(match active_member(org, m) {
            Err(d) => d,
            Ok(m) => decide(org, Subject::Member(m), Some(ws), Permission::Workspace(resource.permission())),
        })
    }
}
