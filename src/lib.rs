//! orgpolicy: the organization and workspace rules of a self-hosted
//! LLM-observability platform, as a pure Rust engine.
//!
//! Layers, top down (a module imports only from its own layer or below;
//! `tests/architecture.rs` holds the crate to it):
//!
//! 1. `wasm` (WebAssembly only): the JS binding, converting and delegating;
//! 2. [`api`]: the checks' input types, the table of checks, the JSON facade
//!    (`Engine::call`) and the generated TypeScript declarations;
//! 3. `engine`: [`Engine`] and one module per family of checks (access,
//!    invites, members, SSO, groups, administration, API requests, what-if);
//! 4. [`config`] and the directory's builder: the documents a deployment
//!    provides, read and validated by applying the rules;
//! 5. `rules`: the domain's named predicates, one per DOMAIN sentence;
//! 6. [`directory`]: the directory model and its indexes;
//! 7. `catalog` ([`permissions`], [`roles`]): what each role grants;
//! 8. shared ground: [`decision`] (decisions and reason codes), [`error`],
//!    [`json`] (the wire format and the `wire!` declaration macro), text
//!    and hashing helpers.

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub mod api;

mod engine;
pub(crate) use engine::access;
pub use engine::{admin, groups, invites, members, orgs, requests, sso, what_if};

mod rules;

pub mod config;
pub mod connector;
pub mod directory;

mod catalog;
pub use catalog::{permissions, roles};

pub mod decision;
pub mod error;
mod hash;
pub mod json;
mod lowercase;
mod text;

pub use api::typescript;

pub use access::EffectivePermissions;
pub use admin::OrgAction;
pub use config::{AuthMode, InstanceConfig};
pub use decision::{Code, Decision};
pub use directory::Directory;
pub use engine::handles::{Checked, DecisionKey};
pub use engine::Engine;
pub use error::{BuildError, CheckError, DirectoryError, DirectoryIssue};
pub use groups::GroupResolution;
pub use invites::{InviteOutcome, InvitePlan, InviteRequest, InviteSummary, Invitee};
pub use members::MemberOperation;
pub use orgs::ShareableResource;
pub use requests::{ApiRequest, Credential, Operation, OperationScope, RequestDecision};
pub use sso::{LoginRequest, LoginResult};
pub use what_if::{Capability, CapabilityChange, CapabilityRow};
