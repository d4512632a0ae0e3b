//! orgpolicy: the organization and workspace rules of a self-hosted
//! LLM-observability platform, as a pure Rust engine.

pub mod config;
pub mod connector;
pub mod decision;
pub mod directory;
pub mod error;
mod hash;
pub mod json;
mod lowercase;
pub mod permissions;
pub mod roles;
mod text;
pub mod typescript;

pub use decision::{Code, Decision};
pub use directory::Directory;
pub use error::{BuildError, CheckError, DirectoryError, DirectoryIssue};

mod access;
pub mod admin;
pub mod api;
mod engine;
pub mod groups;
mod handles;
pub mod invites;
pub mod members;
pub mod orgs;
pub mod requests;
pub mod sso;
pub mod what_if;

pub use access::EffectivePermissions;
pub use admin::OrgAction;
pub use config::{AuthMode, InstanceConfig};
pub use engine::Engine;
pub use groups::GroupResolution;
pub use invites::{InviteOutcome, InvitePlan, InviteRequest, InviteSummary, Invitee};
pub use members::MemberOperation;
pub use orgs::ShareableResource;
pub use requests::{ApiRequest, Credential, Operation, OperationScope, RequestDecision};
pub use sso::{LoginRequest, LoginResult};
pub use what_if::{Capability, CapabilityChange, CapabilityRow};
#[cfg(target_arch = "wasm32")]
pub mod wasm;
