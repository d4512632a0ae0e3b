//! Decisions and the catalogue of reason codes.
//!
//! A denial is a value ([`Decision`] with `allowed: false`), never an error.
//! Codes are an API: stable, SCREAMING_SNAKE_CASE, each with one meaning.

use crate::hash::FastHash;
use crate::json::{Json, ToJson};
use std::collections::HashMap;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// Every reason code a decision can carry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($(#[doc = $doc])* $variant,)* }

        impl Code {
            /// The whole catalogue, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable wire name, e.g. `ORG_ADMIN_REQUIRED`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// What the code means (the README's table is generated from this).
            pub fn meaning(self) -> &'static str {
                match self { $(Code::$variant => concat!($($doc),*).trim_ascii(),)* }
            }

            pub fn from_str_opt(s: &str) -> Option<Code> {
                match s { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    /// Allowed: the actor holds what the operation needs.
    Allowed = "ALLOWED",
    /// The user is not a member of the organization.
    NotAMember = "NOT_A_MEMBER",
    /// The membership is pending (invited, not accepted): it holds no permissions.
    MemberPending = "MEMBER_PENDING",
    /// The member has no role in that workspace (and is not an Organization Admin).
    NotAWorkspaceMember = "NOT_A_WORKSPACE_MEMBER",
    /// The actor's role does not hold the permission the operation needs.
    PermissionDenied = "PERMISSION_DENIED",
    /// Only an Organization Admin may do this.
    OrgAdminRequired = "ORG_ADMIN_REQUIRED",
    /// Organization Operators may not do this (billing, SSO and login settings, custom roles, org-wide service keys, security settings).
    OperatorNotAllowed = "OPERATOR_NOT_ALLOWED",
    /// Organization Operators may not invite, change or remove Organization Admins, nor grant the Admin org role.
    OperatorCannotManageAdmins = "OPERATOR_CANNOT_MANAGE_ADMINS",
    /// A restricted role may only be assigned by a built-in Workspace Admin of that workspace (Organization Admins count).
    RestrictedRoleRequiresWorkspaceAdmin = "RESTRICTED_ROLE_REQUIRES_WORKSPACE_ADMIN",
    /// Workspace roles other than Admin, and custom roles, need workspace RBAC (Enterprise).
    RbacRequired = "RBAC_REQUIRED",
    /// The organization's plan has a single workspace: every member is an Organization Admin, other org roles do not exist.
    OrgRoleNotInPlan = "ORG_ROLE_NOT_IN_PLAN",
    /// The organization's plan allows a single workspace.
    SingleWorkspacePlan = "SINGLE_WORKSPACE_PLAN",
    /// Personal organizations cannot invite anyone.
    PersonalOrgNoInvites = "PERSONAL_ORG_NO_INVITES",
    /// The organization's `invites_enabled` setting is off: no new people may be invited.
    InvitesDisabledForOrg = "INVITES_DISABLED_FOR_ORG",
    /// Workspace-level invites of people not yet in the organization need the instance flag workspace-scope org invites.
    WorkspaceScopeInvitesDisabled = "WORKSPACE_SCOPE_INVITES_DISABLED",
    /// A workspace-level invite makes the invitee an Organization User; another org role needs an org-level invite.
    WorkspaceInviteOrgRoleFixed = "WORKSPACE_INVITE_ORG_ROLE_FIXED",
    /// A batch may hold at most 500 invitees.
    InviteBatchTooLarge = "INVITE_BATCH_TOO_LARGE",
    /// The invitee's e-mail address is not a valid address.
    InvalidEmail = "INVALID_EMAIL",
    /// The person is already an active member (of the workspace, or of the org when no workspace is named).
    AlreadyMember = "ALREADY_MEMBER",
    /// The person already has a pending invite in the organization.
    AlreadyPending = "ALREADY_PENDING",
    /// The instance disables organization creation for every user.
    OrgCreationDisabled = "ORG_CREATION_DISABLED",
    /// With basic auth, creating more organizations is not supported.
    OrgCreationUnsupportedBasicAuth = "ORG_CREATION_UNSUPPORTED_BASIC_AUTH",
    /// Allowed: a personal organization is made for the user.
    PersonalOrgCreated = "PERSONAL_ORG_CREATED",
    /// The instance disables personal organizations.
    PersonalOrgsDisabled = "PERSONAL_ORGS_DISABLED",
    /// The user already has a personal organization.
    PersonalOrgExists = "PERSONAL_ORG_EXISTS",
    /// The instance disables new personal access tokens.
    PatCreationDisabledInstance = "PAT_CREATION_DISABLED_INSTANCE",
    /// The organization disables new personal access tokens (`pat_creation_disabled`).
    PatCreationDisabledOrg = "PAT_CREATION_DISABLED_ORG",
    /// Organization Viewers can never create personal access tokens.
    PatNotAllowedForViewer = "PAT_NOT_ALLOWED_FOR_VIEWER",
    /// Allowed: the user already has access; nothing changes.
    SignedInExistingAccess = "SIGNED_IN_EXISTING_ACCESS",
    /// Allowed: the user is provisioned from a pending invite.
    ProvisionedFromInvite = "PROVISIONED_FROM_INVITE",
    /// Allowed: the user joins the default organization by JIT provisioning.
    JitProvisioned = "JIT_PROVISIONED",
    /// The user has no access, no usable invite, and JIT provisioning is off.
    SsoAccessDenied = "SSO_ACCESS_DENIED",
    /// The instance does not use OAuth SSO.
    SsoNotEnabled = "SSO_NOT_ENABLED",
    /// No default organization is configured for SSO provisioning.
    SsoNoDefaultOrg = "SSO_NO_DEFAULT_ORG",
    /// Groups sync requires a matching group and the login's groups match none.
    SsoGroupsRequired = "SSO_GROUPS_REQUIRED",
    /// Moving the default organization needs Organization Admin in the current default organization.
    OrgAdminRequiredInCurrentDefault = "ORG_ADMIN_REQUIRED_IN_CURRENT_DEFAULT",
    /// Moving the default organization needs Organization Admin in the target organization.
    OrgAdminRequiredInTarget = "ORG_ADMIN_REQUIRED_IN_TARGET",
    /// The workspace is the only default workspace of the SSO settings and cannot be deleted.
    WorkspaceIsOnlySsoDefault = "WORKSPACE_IS_ONLY_SSO_DEFAULT",
    /// Built-in roles cannot be edited or deleted.
    RoleIsBuiltIn = "ROLE_IS_BUILT_IN",
    /// The role is still assigned to a member, a group mapping or the SSO defaults.
    RoleInUse = "ROLE_IN_USE",
    /// Public sharing is disabled in the organization's security settings.
    PublicSharingDisabled = "PUBLIC_SHARING_DISABLED",
    /// The request carries no credential (401).
    MissingCredential = "MISSING_CREDENTIAL",
    /// The credential is not known (401).
    InvalidCredential = "INVALID_CREDENTIAL",
    /// The token's user is no longer an active member of the token's organization (401).
    CredentialOwnerNotMember = "CREDENTIAL_OWNER_NOT_MEMBER",
    /// The endpoint needs a logged-in user's session, never an API key (403).
    ApiKeyNotAllowed = "API_KEY_NOT_ALLOWED",
    /// `X-Organization-Id` names an organization other than the credential's (403).
    OrgHeaderMismatch = "ORG_HEADER_MISMATCH",
    /// The request needs an `X-Organization-Id` header (403).
    OrgHeaderRequired = "ORG_HEADER_REQUIRED",
    /// A workspace-scoped resource needs `X-Tenant-Id` with this credential (403).
    TenantRequired = "TENANT_REQUIRED",
    /// `X-Tenant-Id` names a workspace the credential does not cover (403).
    TenantNotCovered = "TENANT_NOT_COVERED",
}

impl Code {
    /// Whether a decision with this code allows: `ALLOWED` and the allowing
    /// outcomes of personal orgs and SSO logins; every other code denies.
    pub fn allows(self) -> bool {
        matches!(
            self,
            Code::Allowed
                | Code::PersonalOrgCreated
                | Code::SignedInExistingAccess
                | Code::ProvisionedFromInvite
                | Code::JitProvisioned
        )
    }
}

impl ToJson for Code {
    fn to_json(&self) -> Json<'_> {
        Json::from(self.as_str())
    }
}

crate::json::ts_names!(Code, "ReasonCode", Code::ALL.iter().map(|c| c.as_str()));
crate::json::serialize_via_json!(Code);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::json::wire! {
    /// A reason code and what it means.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct ReasonCodeInfo: write {
        pub code: Code = "code",
        pub meaning: &'static str = "meaning",
    }
}

impl ReasonCodeInfo {
    /// The whole catalogue with meanings (`reasonCodes()`).
    pub fn all() -> Vec<ReasonCodeInfo> {
        Code::ALL.iter().map(|c| ReasonCodeInfo { code: *c, meaning: c.meaning() }).collect()
    }
}

crate::json::wire! {
    /// The answer to a check: allowed or not, a stable code and a sentence.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct Decision: write {
        pub allowed: bool = "allowed",
        pub code: Code = "code",
        pub message: String = "message",
    }
}

impl Decision {
    pub fn allow(code: Code, message: impl Into<String>) -> Decision {
        Decision { allowed: true, code, message: message.into() }
    }

    pub fn deny(code: Code, message: impl Into<String>) -> Decision {
        Decision { allowed: false, code, message: message.into() }
    }

    /// Plain allowed, with the code's own meaning as message.
    pub fn allowed() -> Decision {
        Decision::allow(Code::Allowed, Code::Allowed.meaning())
    }
}

/// Decisions numbered for the JS side of `check`: the wasm side answers a
/// check on handles with a number, and the JS side builds the `Decision`
/// from its copy of the decision with that number (fetched once, through
/// the same writer as every other output), so no text crosses per call.
/// Decisions are kept by a key `K` that names them (equal keys, equal
/// decisions), so each is written once. At most [`DecisionNumbers::CAP`]
/// are kept, then the table starts afresh with the next numbers; JS is
/// always handed a number the table holds at that moment, and asks for it
/// at once. Numbers wrap at 2^31 (small integers for JS); the JS side keeps
/// far fewer than 2^31 of them (and each new number as it comes), so it
/// never holds a number reused since.
pub struct DecisionNumbers<K> {
    /// The number of `list[0]`.
    base: u32,
    list: Vec<Decision>,
    index: HashMap<K, u32, FastHash>,
}

impl<K> Default for DecisionNumbers<K> {
    fn default() -> Self {
        DecisionNumbers { base: 0, list: Vec::new(), index: HashMap::default() }
    }
}

impl<K: Eq + std::hash::Hash> DecisionNumbers<K> {
    pub const CAP: usize = 4096;
    const MASK: u32 = 0x7FFF_FFFF;

    /// The number of the decision named `key` (written by `write` the first
    /// time): the same as last time while the table holds it.
    pub fn number(&mut self, key: K, write: impl FnOnce() -> Decision) -> u32 {
        if let Some(&i) = self.index.get(&key) {
            return self.base.wrapping_add(i) & Self::MASK;
        }
        if self.list.len() >= Self::CAP {
            self.clear();
        }
        let i = self.list.len() as u32;
        self.index.insert(key, i);
        self.list.push(write());
        self.base.wrapping_add(i) & Self::MASK
    }

    /// The decision numbered `number`, while the table holds it.
    pub fn get(&self, number: u32) -> Option<&Decision> {
        let i = number.wrapping_sub(self.base) & Self::MASK;
        self.list.get(i as usize)
    }

    /// Forgets every decision (when the keys stop naming the same ones); the
    /// next numbers are new ones.
    pub fn clear(&mut self) {
        self.base = self.base.wrapping_add(self.list.len() as u32) & Self::MASK;
        self.list.clear();
        self.index.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_screaming_snake_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            let s = c.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert!(s.chars().all(|ch| ch.is_ascii_uppercase() || ch == '_'), "{s}");
            assert!(!c.meaning().is_empty(), "{s} has no meaning");
            assert_eq!(Code::from_str_opt(s), Some(*c));
        }
    }

    #[test]
    fn decision_serializes_with_code_string() {
        let d = Decision::deny(Code::OrgAdminRequired, "x");
        let v = serde_json::to_value(&d).unwrap_or_default();
        assert_eq!(v.get("code").and_then(|c| c.as_str()), Some("ORG_ADMIN_REQUIRED"));
        assert_eq!(v.get("allowed").and_then(|c| c.as_bool()), Some(false));
    }

    #[test]
    fn decision_numbers_are_stable_bounded_and_never_reused_for_another_decision() {
        let mut t = DecisionNumbers::<usize>::default();
        let d = |i: usize| Decision::deny(Code::PermissionDenied, format!("m{i}"));
        let first = t.number(0, || d(0));
        assert_eq!(t.number(0, || d(99)), first, "the same key, the same number, written once");
        assert_eq!(t.get(first), Some(&d(0)));
        let mut seen = std::collections::HashMap::new();
        for i in 0..3 * DecisionNumbers::<usize>::CAP {
            let n = t.number(i, || d(i));
            assert_eq!(t.get(n), Some(&d(i)), "a number just handed out is held");
            if let Some(other) = seen.insert(n, i) {
                assert_eq!(other, i, "number {n} reused");
            }
            assert!(t.list.len() <= DecisionNumbers::<usize>::CAP);
        }
        assert_eq!(t.get(first), None, "cleared");
        // Wrapping at 2^31.
        let mask = DecisionNumbers::<usize>::MASK;
        t.base = mask - 1;
        t.list.clear();
        t.index.clear();
        let (a, b, c) = (t.number(1, || d(1)), t.number(2, || d(2)), t.number(3, || d(3)));
        assert_eq!((a, b, c), (mask - 1, mask, 0));
        assert_eq!((t.get(a), t.get(b), t.get(c)), (Some(&d(1)), Some(&d(2)), Some(&d(3))));
        // Cleared: the same key gets a new number.
        t.clear();
        let again = t.number(1, || d(1));
        assert!(![a, b, c].contains(&again), "{again} reused after clear");
        assert_eq!((t.get(again), t.get(a)), (Some(&d(1)), None));
    }
}
