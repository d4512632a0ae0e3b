//! The connector's entry points: the fetched API documents of a deployment
//! (an object, or its JSON text) to a directory or an engine. The mapping
//! is the core's (`crate::connector`); this only converts.

use super::engine::{config_from_js, PolicyEngine};
use super::{convert, errors};
use crate::connector::{self, ConnectorError};
use crate::engine::Engine;
use crate::json::Json;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/**
 * The answers of one organization's endpoints, as fetched (the pages of
 * paged lists concatenated; `workspaceMembers`: one answer per workspace).
 * `orgpolicy/langsmith` assembles this; the mapping checks every field.
 */
export interface OrgApiDocuments {
  /** `GET /api/v1/orgs/current/info` */
  info: unknown;
  /** `GET /api/v1/workspaces` */
  workspaces: unknown;
  /** `GET /api/v1/orgs/current/roles` */
  roles: unknown;
  /** `GET /api/v1/orgs/current/members/active` */
  members: unknown;
  /** `GET /api/v1/orgs/current/members/pending` */
  pending: unknown;
  /** `GET /api/v1/workspaces/current/members`, one answer per workspace */
  workspaceMembers: unknown;
  /** `GET /api/v1/orgs/current/sso-settings` */
  ssoSettings: unknown;
  /** `GET /api/v1/orgs/current/service-keys` */
  serviceKeys: unknown;
  /** `GET /api/v1/orgs/current/personal-access-tokens` */
  personalAccessTokens: unknown;
}

/** A deployment's API documents: every organization the connector reads. */
export interface ApiDocuments {
  /** The SSO default organization (instance configuration). */
  defaultOrgId?: string;
  orgs: OrgApiDocuments[];
}

/**
 * The directory document (JSON text) of a deployment's API documents.
 * Throws `API_DOCUMENT_INVALID` with every issue (`endpoint`, `path`, `message`).
 */
export function directoryFromApi(documents: ApiDocuments | string): string;
"#;

fn documents(value: &JsValue) -> Result<Result<String, Json<'static>>, JsValue> {
    match convert::long_text(value) {
        Some(Ok(text)) => Ok(Ok(text)),
        Some(Err(())) => Err(errors::invalid("documents", convert::LONE_SURROGATE)),
        None => convert::to_json(value, "documents").map(Err).map_err(|(p, m)| errors::invalid(&p, &m)),
    }
}

/// `API_DOCUMENT_INVALID`, with every issue (written by `ApiIssue`'s wire declaration).
fn error(e: &ConnectorError) -> JsValue {
    let v = errors::error(e.code(), &e.to_string(), e.0.first().map(|i| i.path.as_str()));
    let issues = convert::parse_json(&crate::json::to_string(&e.0)).unwrap_or_else(|err| err);
    // Setting a data property on a fresh `Error` cannot fail.
    let _ = Reflect::set(&v, &JsValue::from_str("issues"), &issues);
    v
}

/// The directory document (JSON text) of a deployment's API documents.
#[wasm_bindgen(js_name = directoryFromApi, skip_typescript)]
pub fn directory_from_api(documents_value: &JsValue) -> Result<String, JsValue> {
    let doc = match documents(documents_value)? {
        Ok(text) => connector::directory_doc(&text),
        Err(tree) => connector::directory_doc_from(&tree),
    };
    doc.map(|d| crate::json::to_string(&d)).map_err(|e| error(&e))
}

#[wasm_bindgen]
impl PolicyEngine {
    /// An engine over a deployment's API documents (an object, or its JSON
    /// text): mapped and built in one go, so a problem the directory's own
    /// validation finds is still named by endpoint. Throws
    /// `CONFIG_INVALID` or `API_DOCUMENT_INVALID` (with every issue).
    #[wasm_bindgen(js_name = fromApi)]
    pub fn from_api(
        #[wasm_bindgen(unchecked_param_type = "InstanceConfigInput")] config: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "ApiDocuments | string")] documents_value: &JsValue,
    ) -> Result<PolicyEngine, JsValue> {
        let config = config_from_js(config, "config")?;
        let dir = match documents(documents_value)? {
            Ok(text) => connector::directory(&text),
            Err(tree) => connector::directory_from(&tree),
        };
        dir.map(|d| PolicyEngine::from_engine(Engine::new(config, d))).map_err(|e| error(&e))
    }
}
