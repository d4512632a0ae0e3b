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

pub mod config;
pub mod convert;
pub mod engine;
pub mod errors;
mod types;

pub use config::{is_org_policy_error, load_config, parse_env, parse_helm_values, reason_codes};
pub use engine::PolicyEngine;
