//! The `orgpolicy/config` module: `parseEnv`, `parseHelmValues` and
//! `loadConfig`, which read a Docker Compose `.env` and a Helm
//! `values.yaml` into the configuration object `PolicyEngine` takes.
//!
//! A module of its own so that the engine module browsers load carries no
//! YAML or `.env` reader: the functions and their errors are the core
//! crate's (`orgpolicy::config`, feature `config-text`); this crate only
//! links them into their own WebAssembly module, with the TypeScript names
//! of their inputs and outputs taken from the engine module's declarations.

#[cfg(target_arch = "wasm32")]
pub use orgpolicy::wasm::{load_config, parse_env, parse_helm_values};

#[cfg(target_arch = "wasm32")]
mod types {
    use wasm_bindgen::prelude::*;

    /// The types named in the signatures, declared once in the engine
    /// module's `.d.ts`: the `node` one, which both the CommonJS and the ES
    /// module declarations can import (the `web` and `node` ones are the same).
    #[wasm_bindgen(typescript_custom_section)]
    const TYPES: &'static str = r#"
import type { ConfigSources, ConfigWarning, InstanceConfig, LoadedConfig } from "../../node/orgpolicy.js";
export type { ConfigSources, ConfigWarning, InstanceConfig, LoadedConfig };
"#;
}
