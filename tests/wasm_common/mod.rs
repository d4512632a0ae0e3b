//! WebAssembly tests shared by `tests/node.rs` (Node) and
//! `tests/browser.rs` (headless Chromium).
//!
//! 1. The JSON scenario files, run through the core compiled to wasm with
//!    the native runner (`tests/common/scenarios.rs`).
//! 2. The same scenario checks through the JS-facing `PolicyEngine`
//!    (`JsValue` in, `JsValue` out): every result and error must equal the
//!    core's.
//! 3. Boundary tests of the JS API: construction from objects and JSON text,
//!    wrong JS types, unknown fields, unknown ids, document errors with every
//!    issue, and the engine still working after each error.
#![allow(dead_code, clippy::panic, clippy::indexing_slicing)]

#[path = "../common/scenario_files.rs"]
mod scenario_files;
#[path = "../common/scenarios.rs"]
mod scenarios;

use orgpolicy::wasm::{is_org_policy_error, load_config, parse_env, parse_helm_values, reason_codes, PolicyEngine};
use orgpolicy::{Code, Engine, InstanceConfig};
use serde_json::{json, Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const DIRECTORY: &str = include_str!("directory.json");

// ---- helpers --------------------------------------------------------------

/// A JSON value as a plain JS value (what a JS caller would pass).
fn js(v: &Value) -> JsValue {
    match js_sys::JSON::parse(&v.to_string()) {
        Ok(x) => x,
        Err(_) => panic!("JSON.parse failed on {v}"),
    }
}

/// A JS result as JSON, through `JSON.stringify` (so only plain data survives).
fn back(v: &JsValue) -> Value {
    if v.is_undefined() {
        return Value::Null;
    }
    let text: String = match js_sys::JSON::stringify(v) {
        Ok(s) => s.into(),
        Err(_) => panic!("JSON.stringify failed"),
    };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn prop(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &s(key)).unwrap_or(JsValue::UNDEFINED)
}

fn prop_str(v: &JsValue, key: &str) -> Option<String> {
    prop(v, key).as_string()
}

/// Asserts a thrown value is a real `Error` named `OrgPolicyError` with this
/// code (and path, when given); returns it.
fn assert_error<T: std::fmt::Debug>(result: Result<T, JsValue>, code: &str, path: Option<&str>) -> JsValue {
    let err = match result {
        Ok(v) => panic!("expected a {code} error, got {v:?}"),
        Err(e) => e,
    };
    assert!(err.is_instance_of::<js_sys::Error>(), "not an Error: {err:?}");
    assert_eq!(prop_str(&err, "name").as_deref(), Some("OrgPolicyError"));
    assert!(is_org_policy_error(&err));
    let message = prop_str(&err, "message").unwrap_or_default();
    assert_eq!(prop_str(&err, "code").as_deref(), Some(code), "message: {message}");
    if let Some(p) = path {
        assert_eq!(prop_str(&err, "path").as_deref(), Some(p), "message: {message}");
    }
    assert!(!message.is_empty());
    err
}

fn directory() -> Value {
    serde_json::from_str(DIRECTORY).unwrap_or_default()
}

fn engine() -> PolicyEngine {
    match PolicyEngine::new(&js(&json!({"authMode": "oauth"})), &js(&directory())) {
        Ok(e) => e,
        Err(e) => panic!("build failed: {:?}", prop_str(&e, "message")),
    }
}

fn issues(err: &JsValue) -> Vec<(String, String)> {
    let list = prop(err, "issues");
    let Some(array) = list.dyn_ref::<js_sys::Array>() else { panic!("no `issues` array") };
    array
        .iter()
        .map(|i| (prop_str(&i, "path").unwrap_or_default(), prop_str(&i, "message").unwrap_or_default()))
        .collect()
}

// ---- 1. scenario files through the core -------------------------------------

#[wasm_bindgen_test]
fn scenario_files_pass_in_wasm() {
    assert!(!scenario_files::SCENARIOS.is_empty());
    let reports = scenarios::run_all(scenario_files::SCENARIOS);
    let checks: usize = reports.iter().map(|r| r.check_names.len()).sum();
    assert!(checks > 0, "no scenario checks ran");
    let failures = scenarios::failures(&reports);
    assert!(
        failures.is_empty(),
        "{} of {checks} scenario checks failed in wasm:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---- 2. scenario checks through the JS-facing class -------------------------

fn merged_config(base: Option<&Value>, overlay: Option<&Value>) -> Value {
    let mut m: Map<String, Value> = base.and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(o) = overlay.and_then(Value::as_object) {
        for (k, v) in o {
            m.insert(k.clone(), v.clone());
        }
    }
    Value::Object(m)
}

#[wasm_bindgen_test]
fn scenario_checks_agree_through_the_js_boundary() {
    let mut compared = 0usize;
    let mut problems = Vec::new();
    for (file, text) in scenario_files::SCENARIOS {
        let doc: Value = serde_json::from_str(text).unwrap_or_default();
        for check in doc.get("checks").and_then(Value::as_array).into_iter().flatten() {
            let name = check.get("name").and_then(Value::as_str).unwrap_or("?");
            let config = merged_config(doc.get("config"), check.get("config"));
            let dir = check.get("directory").or_else(|| doc.get("directory")).cloned().unwrap_or_default();
            let native_config: InstanceConfig = match serde_json::from_value(config.clone()) {
                Ok(c) => c,
                Err(_) => continue,
            };
            let native = Engine::from_json(native_config, &dir.to_string());
            // The directory goes in as a JS object here and as JSON text in
            // the build-error comparison below: both paths are exercised.
            let built = PolicyEngine::new(&js(&config), &js(&dir));
            let (native, wasm) = match (native, built) {
                (Ok(n), Ok(w)) => (n, w),
                (Err(n), Err(w)) => {
                    let text_err = PolicyEngine::new(&js(&config), &s(&dir.to_string())).err();
                    let want: Vec<(String, String)> = match &n {
                        orgpolicy::BuildError::Directory(d) => {
                            d.0.iter().map(|i| (i.path.clone(), i.message.clone())).collect()
                        }
                        other => vec![(String::new(), other.to_string())],
                    };
                    let got_text = text_err.as_ref().map(issues).unwrap_or_default();
                    if prop_str(&w, "code").as_deref() != Some(n.code()) || got_text != want {
                        problems
                            .push(format!("{file} › {name}: build errors differ: native {want:?}, wasm {got_text:?}"));
                    }
                    compared += 1;
                    continue;
                }
                (n, w) => {
                    problems.push(format!(
                        "{file} › {name}: native build ok={} but wasm build ok={}",
                        n.is_ok(),
                        w.is_ok()
                    ));
                    continue;
                }
            };
            let (Some(method), Some(input)) = (check.get("method").and_then(Value::as_str), check.get("input")) else {
                continue;
            };
            let want = native.call(method, input.clone());
            let got = wasm.call(&s(method), &js(input));
            match (want, got) {
                (Ok(w), Ok(g)) => {
                    let g = back(&g);
                    if w != g {
                        problems.push(format!("{file} › {name}: native {w} but wasm {g}"));
                    }
                }
                (Err(w), Err(g)) => {
                    if prop_str(&g, "code").as_deref() != Some(w.code())
                        || prop_str(&g, "path").as_deref() != Some(w.path())
                    {
                        problems.push(format!(
                            "{file} › {name}: native error {} at {} but wasm {:?} at {:?}",
                            w.code(),
                            w.path(),
                            prop_str(&g, "code"),
                            prop_str(&g, "path")
                        ));
                    }
                    if !g.is_instance_of::<js_sys::Error>() {
                        problems.push(format!("{file} › {name}: thrown value is not an Error"));
                    }
                }
                (w, g) => problems.push(format!("{file} › {name}: native ok={} but wasm ok={}", w.is_ok(), g.is_ok())),
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} checks compared");
    assert!(problems.is_empty(), "{} disagreements:\n{}", problems.len(), problems.join("\n"));
}

// ---- 3. the JS API -------------------------------------------------------------

#[wasm_bindgen_test]
fn object_and_json_text_build_the_same_engine() {
    let from_object = engine();
    let from_text = match PolicyEngine::new(&js(&json!({"authMode": "oauth"})), &s(DIRECTORY)) {
        Ok(e) => e,
        Err(_) => panic!("JSON text did not build"),
    };
    assert_eq!(from_object.member_count(), 7.0);
    assert_eq!(from_text.member_count(), 7.0);
    let config = back(&from_text.config().unwrap_or(JsValue::NULL));
    assert_eq!(config["authMode"], "oauth");
    assert_eq!(config["orgCreationDisabled"], true);
    assert_eq!(config["initialOrgAdminEmail"], Value::Null);
    for (u, w, p) in [
        ("u-user", "ws-dev", "runs:create"),
        ("u-viewer", "ws-dev", "runs:create"),
        ("u-admin", "ws-prod", "runs:delete"),
    ] {
        let a = from_object.can(&s(u), &s("org-main"), &s(w), &s(p));
        let b = from_text.can(&s(u), &s("org-main"), &s(w), &s(p));
        assert_eq!(a.ok(), b.ok());
    }
}

#[wasm_bindgen_test]
fn can_check_and_can_many() {
    let e = engine();
    assert_eq!(e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:create")).ok(), Some(true));
    assert_eq!(e.can(&s("u-viewer"), &s("org-main"), &s("ws-dev"), &s("runs:create")).ok(), Some(false));
    assert_eq!(e.can(&s("u-admin"), &s("org-main"), &JsValue::NULL, &s("organization:manage")).ok(), Some(true));
    assert_eq!(e.can(&s("u-admin"), &s("org-main"), &JsValue::UNDEFINED, &s("organization:manage")).ok(), Some(true));
    let d = back(&e.check(&s("u-viewer"), &s("org-main"), &s("ws-dev"), &s("runs:create")).unwrap_or(JsValue::NULL));
    assert_eq!(d["allowed"], false);
    assert_eq!(d["code"], "PERMISSION_DENIED");
    assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()));

    let queries = js(&json!([
        ["u-user", "org-main", "ws-dev", "runs:create"],
        ["u-viewer", "org-main", "ws-dev", "runs:create"],
        ["u-admin", "org-main", null, "organization:manage"]
    ]));
    assert_eq!(e.can_many(&queries).ok(), Some(vec![1, 0, 1]));
    assert_eq!(e.can_many(&js(&json!([]))).ok(), Some(vec![]));

    let bad = js(&json!([["u-user", "org-main", "ws-dev", "runs:create"], ["u-user", "org-nope", null, "runs:read"]]));
    let err = assert_error(e.can_many(&bad), "UNKNOWN_ORG", Some("queries[1].orgId"));
    assert!(prop_str(&err, "message").is_some_and(|m| m.starts_with("queries[1].orgId: ")));
    assert_error(e.can_many(&js(&json!([["u-user", "org-main", "ws-dev"]]))), "INVALID_INPUT", Some("queries[0]"));
    assert_error(
        e.can_many(&js(&json!([["u-user", 7, "ws-dev", "runs:read"]]))),
        "INVALID_INPUT",
        Some("queries[0].orgId"),
    );
    assert_error(e.can_many(&js(&json!([[], "x"]))), "INVALID_INPUT", Some("queries[0]"));
    assert_error(e.can_many(&s("nope")), "INVALID_INPUT", Some("queries"));
    assert_error(
        e.can_many(&js(&json!([["u-user", "org-main", "ws-dev", "runs:reed"]]))),
        "UNKNOWN_PERMISSION",
        Some("queries[0].permission"),
    );
}

#[wasm_bindgen_test]
fn wrong_js_types_throw_invalid_input_naming_the_argument() {
    let e = engine();
    let n = JsValue::from_f64(5.0);
    assert_error(e.can(&n, &s("org-main"), &s("ws-dev"), &s("runs:read")), "INVALID_INPUT", Some("userId"));
    assert_error(e.can(&s("u-user"), &JsValue::NULL, &s("ws-dev"), &s("runs:read")), "INVALID_INPUT", Some("orgId"));
    assert_error(
        e.can(&s("u-user"), &s("org-main"), &JsValue::TRUE, &s("runs:read")),
        "INVALID_INPUT",
        Some("workspaceId"),
    );
    let missing = assert_error(
        e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &JsValue::UNDEFINED),
        "INVALID_INPUT",
        Some("permission"),
    );
    assert!(prop_str(&missing, "message").is_some_and(|m| m.contains("missing")));
    assert_error(e.check(&s("u-user"), &js(&json!({})), &s("ws-dev"), &s("runs:read")), "INVALID_INPUT", Some("orgId"));
    assert_error(e.can_create_org(&JsValue::UNDEFINED), "INVALID_INPUT", Some("userId"));
    assert_error(e.personal_org_on_first_login(&n), "INVALID_INPUT", Some("email"));
    assert_error(e.plan_invites(&s("x")), "INVALID_INPUT", Some("request"));
    assert_error(e.plan_invites(&JsValue::UNDEFINED), "INVALID_INPUT", Some("request"));
    assert_error(e.first_login(&JsValue::NULL), "INVALID_INPUT", Some("request"));
    assert_error(e.authorize_request(&js(&json!([]))), "INVALID_INPUT", Some("request"));
    assert_error(e.resolve_groups(&s("org-main"), &s("LS:x")), "INVALID_INPUT", Some("groups"));
    assert_error(e.groups_sync_login(&s("org-main"), &js(&json!(["a", 3]))), "INVALID_INPUT", Some("groups[1]"));
    assert_error(
        e.can_manage_members(&s("u-admin"), &s("org-main"), &s("listOrgMembers")),
        "INVALID_INPUT",
        Some("operation"),
    );
    assert_error(e.can_administer(&s("u-admin"), &s("org-main"), &JsValue::UNDEFINED), "INVALID_INPUT", Some("action"));
    assert_error(e.can_share(&s("u-admin"), &s("org-main"), &s("ws-dev"), &n), "INVALID_INPUT", Some("resource"));
    assert_error(e.capabilities(&s("org-main"), &n), "INVALID_INPUT", Some("workspaceId"));
    assert_error(e.what_if(&n), "INVALID_INPUT", Some("config"));
    assert_error(e.with_config(&JsValue::UNDEFINED).map(|_| ()), "INVALID_INPUT", Some("config"));
    assert_error(e.call(&n, &js(&json!({}))), "INVALID_INPUT", Some("method"));
    assert_error(PolicyEngine::new(&n, &s(DIRECTORY)).map(|_| ()), "INVALID_INPUT", Some("config"));
    assert_error(PolicyEngine::new(&js(&json!({})), &n).map(|_| ()), "INVALID_INPUT", Some("directory"));
    assert_error(
        PolicyEngine::new(&js(&json!({})), &JsValue::UNDEFINED).map(|_| ()),
        "INVALID_INPUT",
        Some("directory"),
    );
    assert_error(parse_env(&n), "INVALID_INPUT", Some("text"));
    assert_error(parse_helm_values(&JsValue::NULL), "INVALID_INPUT", Some("text"));
    assert_error(load_config(&s("x")), "INVALID_INPUT", Some("sources"));
    // Still usable afterwards.
    assert_eq!(e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:read")).ok(), Some(true));
}

#[wasm_bindgen_test]
fn unknown_and_missing_fields_name_their_path() {
    let e = engine();
    let req = json!({"actorId": "u-admin", "orgId": "org-main", "invitees": [
        {"email": "a@example.com"}, {"email": "b@example.com"}, {"email": "c@example.com", "orgRol": "ORGANIZATION_USER"}
    ]});
    let err = assert_error(e.plan_invites(&js(&req)), "INVALID_INPUT", Some("invitees[2].orgRol"));
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("unknown field `orgRol`")));
    let req = json!({"actorId": "u-admin", "orgId": "org-main", "invitees": [{"email": "a@example.com"}, {"email": "b@example.com", "orgRole": "BOSS"}]});
    assert_error(e.plan_invites(&js(&req)), "UNKNOWN_ROLE", Some("invitees[1].orgRole"));
    let req = json!({"actorId": "u-admin", "invitees": []});
    let err = assert_error(e.plan_invites(&js(&req)), "INVALID_INPUT", None);
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("orgId")));
    // Unknown fields inside tagged unions are named in the path too.
    let err = assert_error(
        e.can_manage_members(
            &s("u-admin"),
            &s("org-main"),
            &js(&json!({"op": "removeFromOrg", "memberId": "m-user", "extra": 1})),
        ),
        "INVALID_INPUT",
        Some("operation.extra"),
    );
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("unknown field `extra`")));
    assert_error(
        e.can_administer(&s("u-admin"), &s("org-main"), &js(&json!({"action": "launchRockets"}))),
        "INVALID_INPUT",
        Some("action.action"),
    );
    let err = assert_error(
        e.authorize_request(&js(
            &json!({"operation": {"scope": "workspace"}, "credential": {"type": "apiKey", "token": "x"}}),
        )),
        "INVALID_INPUT",
        Some("credential.token"),
    );
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("unknown field `token`")));
    assert_error(
        e.authorize_request(&js(&json!({"operation": {"scope": "workspace", "perm": "runs:read"}}))),
        "INVALID_INPUT",
        Some("operation.perm"),
    );
    assert_error(e.first_login(&js(&json!({"email": "x@example.com", "group": []}))), "INVALID_INPUT", Some("group"));
    // `undefined` fields count as absent; `null` optional fields too.
    let login = js(&json!({"email": "newbie@example.com"}));
    let _ = js_sys::Reflect::set(&login, &s("groups"), &JsValue::UNDEFINED);
    assert!(e.first_login(&login).is_ok());
}

#[wasm_bindgen_test]
fn unknown_ids_and_permissions() {
    let e = engine();
    assert_error(e.can(&s("u-ghost"), &s("org-main"), &s("ws-dev"), &s("runs:read")), "UNKNOWN_USER", Some("userId"));
    assert_error(e.can(&s("u-user"), &s("org-ghost"), &s("ws-dev"), &s("runs:read")), "UNKNOWN_ORG", Some("orgId"));
    assert_error(
        e.can(&s("u-user"), &s("org-main"), &s("ws-ghost"), &s("runs:read")),
        "UNKNOWN_WORKSPACE",
        Some("workspaceId"),
    );
    let err = assert_error(
        e.check(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:raed")),
        "UNKNOWN_PERMISSION",
        Some("permission"),
    );
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("runs:read")));
    assert_error(e.can_create_pat(&s("u-user"), &s("org-ghost")), "UNKNOWN_ORG", Some("orgId"));
    assert_error(e.capabilities(&s("org-main"), &s("ws-ghost")), "UNKNOWN_WORKSPACE", Some("workspaceId"));
}

#[wasm_bindgen_test]
fn every_method_answers() {
    let e = engine();
    let p = back(&e.permissions(&s("u-user"), &s("org-main"), &s("ws-dev")).unwrap_or(JsValue::NULL));
    assert_eq!(p["orgRole"], "ORGANIZATION_USER");
    assert!(p["workspacePermissions"].as_array().is_some_and(|a| a.iter().any(|x| x == "runs:create")));
    let p = back(&e.permissions(&s("u-user"), &s("org-main"), &JsValue::UNDEFINED).unwrap_or(JsValue::NULL));
    assert_eq!(p["workspaceRole"], Value::Null);

    let plan = back(
        &e.plan_invites(&js(&json!({"actorId": "u-admin", "orgId": "org-main", "workspaceId": "ws-dev",
            "invitees": [{"email": " New@Example.com "}, {"email": "user@example.com"}]})))
            .unwrap_or(JsValue::NULL),
    );
    assert_eq!(plan["allowed"], true);
    assert_eq!(plan["invitees"][0]["email"], "new@example.com");
    assert_eq!(plan["invitees"][0]["outcome"], "pending_org_and_workspace");
    assert_eq!(plan["invitees"][1]["outcome"], "already_member");

    let d = |v: Result<JsValue, JsValue>| back(&v.unwrap_or(JsValue::NULL));
    assert_eq!(d(e.can_invite(&s("u-viewer"), &s("org-main"), &JsValue::UNDEFINED))["allowed"], false);
    assert_eq!(d(e.can_invite(&s("u-admin"), &s("org-main"), &s("ws-dev")))["allowed"], true);
    assert_eq!(d(e.can_create_org(&s("u-admin")))["code"], "ORG_CREATION_DISABLED");
    assert_eq!(d(e.personal_org_on_first_login(&s("x@example.com")))["code"], "PERSONAL_ORGS_DISABLED");
    assert_eq!(d(e.can_create_pat(&s("u-viewer"), &s("org-main")))["code"], "PAT_NOT_ALLOWED_FOR_VIEWER");
    let login = d(
        e.first_login(&js(&json!({"email": "newbie@example.com", "groups": ["LS:Organization User:Prod:Annotators"]})))
    );
    assert_eq!(login["path"], "jit");
    assert_eq!(login["groupsSync"]["workspaces"][0]["role"], "role-annotator");
    assert_eq!(d(e.can_set_default_org(&s("u-admin"), &s("org-other")))["code"], "ORG_ADMIN_REQUIRED_IN_TARGET");
    let g = d(e.resolve_groups(&s("org-main"), &js(&json!(["LS:Organization Admins", "other"]))));
    assert_eq!(g["orgRole"], "ORGANIZATION_ADMIN");
    assert_eq!(g["skipped"][0]["reason"], "missing_prefix");
    assert_eq!(d(e.groups_sync_login(&s("org-main"), &js(&json!([]))))["allowed"], true);
    let r = d(e.authorize_request(&js(
        &json!({"credential": {"type": "apiKey", "key": "key-org"}, "organizationId": "org-main",
        "operation": {"scope": "workspace"}}),
    )));
    assert_eq!((r["status"].as_u64(), r["code"].as_str()), (Some(403), Some("TENANT_REQUIRED")));
    let r = d(e.authorize_request(&js(&json!({"operation": {"scope": "org"}}))));
    assert_eq!((r["status"].as_u64(), r["code"].as_str()), (Some(401), Some("MISSING_CREDENTIAL")));
    assert_eq!(
        d(e.can_manage_members(
            &s("u-op"),
            &s("org-main"),
            &js(&json!({"op": "removeFromOrg", "memberId": "m-admin"}))
        ))["code"],
        "OPERATOR_CANNOT_MANAGE_ADMINS"
    );
    assert_eq!(
        d(e.can_administer(&s("u-op"), &s("org-main"), &js(&json!({"action": "manageBilling"}))))["code"],
        "OPERATOR_NOT_ALLOWED"
    );
    assert_eq!(d(e.can_share(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("run")))["allowed"], true);
    let rows = d(e.capabilities(&s("org-main"), &s("ws-dev")));
    assert_eq!(rows.as_array().map(Vec::len), Some(5));
    let changes = d(e.what_if(&js(&json!({"authMode": "none"}))));
    assert!(changes
        .as_array()
        .is_some_and(|c| c.iter().any(|x| x["capability"] == "createOrg" && x["gained"] == true)));

    let open = match e.with_config(&js(&json!({"authMode": "none"}))) {
        Ok(x) => x,
        Err(_) => panic!("withConfig failed"),
    };
    assert_eq!(open.member_count(), e.member_count());
    assert_eq!(d(open.can_create_org(&s("u-admin")))["allowed"], true);
    assert_eq!(d(e.can_create_org(&s("u-admin")))["allowed"], false, "the original keeps its config");

    let via_call = d(e.call(
        &s("check"),
        &js(&json!({"userId": "u-user", "orgId": "org-main", "workspaceId": "ws-dev", "permission": "runs:create"})),
    ));
    assert_eq!(via_call["code"], "ALLOWED");
    assert_eq!(back(&e.call(&s("can"), &js(&json!({"userId": "u-user", "orgId": "org-main", "workspaceId": "ws-dev", "permission": "runs:create"}))).unwrap_or(JsValue::NULL)), json!(true));
    assert_error(e.call(&s("nope"), &js(&json!({}))), "INVALID_INPUT", Some("method"));
}

#[wasm_bindgen_test]
fn directory_errors_carry_every_issue() {
    let bad = json!({"orgs": [
        {"id": "o1", "name": "One", "workspaces": [{"id": "w1", "name": "W"}],
         "members": [
           {"id": "m1", "userId": "u1", "email": "a@x.com", "orgRole": "BOSS"},
           {"id": "m2", "userId": "u2", "email": "b@x.com", "orgRole": "ORGANIZATION_USER", "workspaces": {"w-ghost": "WORKSPACE_ADMIN"}}
         ]}
    ]});
    for directory in [js(&bad), s(&bad.to_string())] {
        let err = assert_error(PolicyEngine::new(&js(&json!({})), &directory).map(|_| ()), "DIRECTORY_INVALID", None);
        let found = issues(&err);
        assert!(found.len() >= 2, "{found:?}");
        assert!(found.iter().any(|(p, _)| p == "orgs[0].members[0].orgRole"), "{found:?}");
        assert!(found.iter().any(|(p, _)| p.starts_with("orgs[0].members[1].workspaces")), "{found:?}");
        assert_eq!(prop_str(&err, "path").as_deref(), found.first().map(|(p, _)| p.as_str()));
    }
    let err = assert_error(
        PolicyEngine::new(
            &js(&json!({})),
            &js(&json!({"orgs": [{"id": "o", "name": "n", "workspaces": [], "color": "red"}]})),
        )
        .map(|_| ()),
        "DIRECTORY_INVALID",
        Some("orgs[0].color"),
    );
    assert_eq!(issues(&err).len(), 1);
    assert_error(PolicyEngine::new(&js(&json!({})), &s("{ not json")).map(|_| ()), "DIRECTORY_INVALID", None);
}

#[wasm_bindgen_test]
fn config_errors_carry_every_issue() {
    let err = assert_error(
        PolicyEngine::new(&js(&json!({"authMode": "basic", "initialOrgName": "  "})), &s(DIRECTORY)).map(|_| ()),
        "CONFIG_INVALID",
        None,
    );
    let found = issues(&err);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().any(|(p, _)| p == "initialOrgAdminEmail"));
    assert!(found.iter().any(|(p, _)| p == "initialOrgName"));
    assert_error(
        PolicyEngine::new(&js(&json!({"authMode": "saml"})), &s(DIRECTORY)).map(|_| ()),
        "CONFIG_INVALID",
        Some("authMode"),
    );
    assert_error(
        PolicyEngine::new(&js(&json!({"patCreationDisable": true})), &s(DIRECTORY)).map(|_| ()),
        "CONFIG_INVALID",
        Some("patCreationDisable"),
    );
    let e = engine();
    assert_error(e.what_if(&js(&json!({"authMode": 3}))), "CONFIG_INVALID", Some("authMode"));
    assert_error(e.with_config(&js(&json!({"bogus": true}))).map(|_| ()), "CONFIG_INVALID", Some("bogus"));
    assert_eq!(e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:read")).ok(), Some(true));
}

#[wasm_bindgen_test]
fn configuration_documents() {
    let env = parse_env(&s("AUTH_TYPE=oauth\nPAT_CREATION_DISABLED=\"true\"\nFF_ORG_CREATION_DISABLED=false\n"));
    let loaded = back(&env.unwrap_or(JsValue::NULL));
    assert_eq!(loaded["config"]["authMode"], "oauth");
    assert_eq!(loaded["config"]["patCreationDisabled"], true);
    assert_eq!(loaded["config"]["orgCreationDisabled"], false);
    assert!(loaded["warnings"].is_array());

    let err = assert_error(parse_env(&s("PAT_CREATION_DISABLED=yes\nBASIC_AUTH_ENABLED=1\n")), "CONFIG_INVALID", None);
    let found = issues(&err);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(prop(&prop(&err, "issues").unchecked_into::<js_sys::Array>().get(0), "line").as_f64(), Some(1.0));

    let helm = back(
        &parse_helm_values(&s("config:\n  authType: oauth\n  workspaceScopeOrgInvitesEnabled: true\n"))
            .unwrap_or(JsValue::NULL),
    );
    assert_eq!(helm["config"]["authMode"], "oauth");
    assert_eq!(helm["config"]["workspaceScopeOrgInvitesEnabled"], true);
    assert_error(parse_helm_values(&s("config: [unclosed\n")), "CONFIG_INVALID", None);

    let both = back(
        &load_config(&js(
            &json!({"helmValues": "config:\n  authType: oauth\n", "env": "PAT_CREATION_DISABLED=true\n"}),
        ))
        .unwrap_or(JsValue::NULL),
    );
    assert_eq!(both["config"]["authMode"], "oauth");
    assert_eq!(both["config"]["patCreationDisabled"], true);
    assert_eq!(back(&load_config(&js(&json!({}))).unwrap_or(JsValue::NULL))["config"]["authMode"], "none");
    assert_error(load_config(&js(&json!({"values": ""}))), "INVALID_INPUT", Some("sources.values"));
}

#[wasm_bindgen_test]
fn reason_codes_are_the_catalogue() {
    let list = back(&reason_codes().unwrap_or(JsValue::NULL));
    let Some(items) = list.as_array() else { panic!("not an array") };
    assert_eq!(items.len(), Code::ALL.len());
    for (item, code) in items.iter().zip(Code::ALL) {
        assert_eq!(item["code"], code.as_str());
        assert_eq!(item["meaning"], code.meaning());
    }
}

#[wasm_bindgen_test]
fn errors_never_break_the_instance() {
    let e = engine();
    for _ in 0..50 {
        let _ = e.can(&JsValue::from_f64(1.0), &s("org-main"), &s("ws-dev"), &s("runs:read"));
        let _ = e.can(&s("u-user"), &s("org-ghost"), &s("ws-dev"), &s("runs:read"));
        let _ = e.plan_invites(&js(&json!({"nope": 1})));
        let _ = PolicyEngine::new(&js(&json!({})), &s("{"));
        let _ = parse_env(&s("X=1\nPAT_CREATION_DISABLED=maybe"));
        let _ = parse_helm_values(&s(":\n  - ]["));
    }
    assert_eq!(e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:read")).ok(), Some(true));
    assert!(!is_org_policy_error(&JsValue::from_str("x")));
    assert!(!is_org_policy_error(&js_sys::Error::new("plain").into()));
}

#[wasm_bindgen_test]
fn js_values_that_are_not_json_are_refused_with_their_path() {
    let e = engine();
    // A cycle: refused at the depth limit instead of overflowing the stack.
    let req = js(&json!({"actorId": "u-admin", "orgId": "org-main", "invitees": []}));
    let _ = js_sys::Reflect::set(&req, &s("self"), &req);
    let err = assert_error(e.plan_invites(&req), "INVALID_INPUT", None);
    assert!(prop_str(&err, "message").is_some_and(|m| m.contains("levels deep")), "{:?}", prop_str(&err, "message"));
    // A function, NaN and a bigint, each at its path.
    let req = js(&json!({"actorId": "u-admin", "orgId": "org-main", "invitees": [{"email": "a@example.com"}]}));
    let invitee = js_sys::Reflect::get(&req, &s("invitees"))
        .map(|a| a.unchecked_into::<js_sys::Array>().get(0))
        .unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&invitee, &s("orgRole"), &js_sys::Function::new_no_args("return 1"));
    assert_error(e.plan_invites(&req), "INVALID_INPUT", Some("invitees[0].orgRole"));
    let _ = js_sys::Reflect::set(&invitee, &s("orgRole"), &JsValue::from_f64(f64::NAN));
    assert_error(e.plan_invites(&req), "INVALID_INPUT", Some("invitees[0].orgRole"));
    let _ = js_sys::Reflect::set(&invitee, &s("orgRole"), &js_sys::BigInt::from(5u32).into());
    assert_error(e.plan_invites(&req), "INVALID_INPUT", Some("invitees[0].orgRole"));
    // A Map reads as an object.
    let map = js_sys::Map::new();
    map.set(&s("userId"), &s("u-admin"));
    let d = back(&e.call(&s("canCreateOrg"), &map).unwrap_or(JsValue::NULL));
    assert_eq!(d["code"], "ORG_CREATION_DISABLED");
    // A cyclic directory object.
    let dir = js(&directory());
    let _ = js_sys::Reflect::set(&dir, &s("loop"), &dir);
    assert_error(PolicyEngine::new(&js(&json!({})), &dir).map(|_| ()), "DIRECTORY_INVALID", None);
    assert_eq!(e.can(&s("u-user"), &s("org-main"), &s("ws-dev"), &s("runs:read")).ok(), Some(true));
}
