//! Free functions: reading configuration documents, the reason-code
//! catalogue, and the error type guard.

use super::convert::{input, output, string};
use super::errors;
use crate::config::{self, LoadedConfig};
use crate::decision::ReasonCodeInfo;
use crate::json::{Fields, FromJson, Json, JsonError, Path};
use wasm_bindgen::prelude::*;

fn loaded(result: Result<LoadedConfig, config::ConfigErrors>) -> Result<JsValue, JsValue> {
    match result {
        Ok(c) => output(&c),
        Err(e) => Err(errors::config(&e)),
    }
}

/// Reads a Docker Compose `.env` text. Throws `CONFIG_INVALID` with every issue.
#[wasm_bindgen(js_name = parseEnv, unchecked_return_type = "LoadedConfig")]
pub fn parse_env(#[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue) -> Result<JsValue, JsValue> {
    loaded(config::from_env(&string(text, "text")?))
}

/// Reads a Helm `values.yaml` text. Throws `CONFIG_INVALID` with every issue.
#[wasm_bindgen(js_name = parseHelmValues, unchecked_return_type = "LoadedConfig")]
pub fn parse_helm_values(#[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue) -> Result<JsValue, JsValue> {
    loaded(config::from_helm_values(&string(text, "text")?))
}

/// The documents `loadConfig` reads.
#[derive(Debug, Default)]
struct Sources {
    helm_values: Option<String>,
    env: Option<String>,
}

impl FromJson for Sources {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(v, at, "an object", &["helmValues", "env"])?;
        Ok(Sources { helm_values: f.opt("helmValues")?, env: f.opt("env")? })
    }
}

/// Reads a `values.yaml` and a `.env` together (`.env` wins). Throws
/// `CONFIG_INVALID` with the issues of both documents.
#[wasm_bindgen(js_name = loadConfig, unchecked_return_type = "LoadedConfig")]
pub fn load_config(
    #[wasm_bindgen(unchecked_param_type = "ConfigSources")] sources: &JsValue,
) -> Result<JsValue, JsValue> {
    if !sources.is_object() || js_sys::Array::is_array(sources) {
        return Err(errors::invalid(
            "sources",
            &format!(
                "expected an object `{{ helmValues?: string, env?: string }}`, found {}",
                super::convert::describe(sources)
            ),
        ));
    }
    let s: Sources = input(sources, "sources")?;
    loaded(config::from_sources(s.helm_values.as_deref(), s.env.as_deref()))
}

/// Every reason code a decision can carry, with its meaning.
#[wasm_bindgen(js_name = reasonCodes, unchecked_return_type = "ReasonCodeInfo[]")]
pub fn reason_codes() -> Result<JsValue, JsValue> {
    output(&ReasonCodeInfo::all())
}

/// `true` for errors thrown by this package (an `Error` named `OrgPolicyError`).
#[wasm_bindgen(js_name = isOrgPolicyError, skip_typescript)]
pub fn is_org_policy_error(value: &JsValue) -> bool {
    value.dyn_ref::<js_sys::Error>().is_some_and(|e| e.name() == errors::ERROR_NAME)
}
