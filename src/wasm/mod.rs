//! The WebAssembly binding: the only place that knows about JavaScript.
//!
//! - [`engine`]: the `PolicyEngine` class (argument checks, delegation);
//! - [`config`]: free functions (`parseEnv`, `parseHelmValues`,
//!   `loadConfig`, `reasonCodes`, `isOrgPolicyError`);
//! - [`convert`]: JS values to the core's named inputs and results back;
//! - [`errors`]: failures as JS `Error`s with a stable `code`;
//! - [`types`]: the TypeScript declarations generated from the wire declarations.
//!
//! Nothing here decides anything: every rule is in the core.

//!
//! Feature `engine-js` (default) carries the engine's exports, feature
//! `config-text` (default) the configuration text readers; the engine
//! module browsers load is built with the first only, `orgpolicy/config`
//! (`crates/config`) with the second only.

pub mod config;
#[cfg(feature = "engine-js")]
pub mod connector;
pub mod convert;
#[cfg(feature = "engine-js")]
pub mod engine;
pub mod errors;
#[cfg(feature = "engine-js")]
mod types;

#[cfg(feature = "engine-js")]
pub use config::{is_org_policy_error, reason_codes};
#[cfg(feature = "config-text")]
pub use config::{load_config, parse_env, parse_helm_values};
#[cfg(feature = "engine-js")]
pub use engine::PolicyEngine;
