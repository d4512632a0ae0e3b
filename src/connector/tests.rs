use super::*;
use crate::directory::DirectoryDoc;
use crate::{Engine, InstanceConfig};
use serde_json::{json, Value};

const SMALL: &str = include_str!("../../examples/standin/deployment-small.json");
const HAND: &str = include_str!("../../examples/standin/deployment-small.directory.json");

fn small() -> Value {
    serde_json::from_str(SMALL).unwrap()
}

fn mapped(v: &Value) -> Result<DirectoryDoc, ConnectorError> {
    directory_doc(&v.to_string())
}

fn issues(v: &Value) -> Vec<(Option<usize>, String, String, String)> {
    match directory(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.into_iter().map(|i| (i.org, i.endpoint, i.path, i.message)).collect(),
    }
}

#[test]
fn small_deployment_maps_to_the_hand_written_directory() {
    let doc = mapped(&small()).unwrap();
    let hand: DirectoryDoc = crate::json::from_str(HAND).unwrap();
    for (a, b) in doc.orgs.iter().zip(&hand.orgs) {
        assert_eq!(a, b, "org {}", a.id);
    }
    assert_eq!(doc, hand);
    directory(SMALL).unwrap();
}

const EXPECTATIONS: &str = include_str!("../../tests/connector/expectations.json");

/// Runs every shared expectation on `engine`; the failures, described.
fn check_expectations(engine: &Engine, source: &str) -> Vec<String> {
    let cases: Value = serde_json::from_str(EXPECTATIONS).unwrap();
    let mut failed = Vec::new();
    for c in cases["cases"].as_array().unwrap() {
        let method = c["method"].as_str().unwrap();
        match engine.call(method, c["input"].clone()) {
            // `can` answers a boolean, the other checks a decision.
            Ok(d) if d == c["allowed"] || d["allowed"] == c["allowed"] => {}
            other => failed.push(format!("{source}: {}: {other:?}", c["note"])),
        }
    }
    failed
}

#[test]
fn one_expectation_two_sources() {
    let config = InstanceConfig::default();
    let from_api = Engine::from_api_json(config.clone(), SMALL).unwrap();
    let hand = Engine::from_json(config, HAND).unwrap();
    let mut failed = check_expectations(&from_api, "mapped");
    failed.extend(check_expectations(&hand, "hand-written"));
    assert!(failed.is_empty(), "{failed:#?}");
}

const W1: &str = "0000000b-0000-4000-8000-000000000011";
const W3_DELETED: &str = "0000000b-0000-4000-8000-000000000013";

fn org(doc: &DirectoryDoc, i: usize) -> &crate::directory::OrgDoc {
    &doc.orgs[i]
}

fn member<'d>(doc: &'d DirectoryDoc, o: usize, email: &str) -> Option<&'d MemberDoc> {
    org(doc, o).members.iter().find(|m| m.email == email)
}

#[test]
fn roles_built_in_and_custom() {
    let doc = mapped(&small()).unwrap();
    let bob = member(&doc, 0, "bob@example.com").unwrap();
    assert_eq!(bob.org_role, "ORGANIZATION_USER");
    assert_eq!(bob.workspaces.get(W1).map(String::as_str), Some("WORKSPACE_EDITOR"), "WORKSPACE_USER is the Editor");
    let custom = &org(&doc, 0).roles;
    assert_eq!(custom.len(), 1, "built-in roles are not custom roles");
    assert_eq!((custom[0].name.as_str(), custom[0].permissions.len()), ("Annotators", 6));
    let erin = member(&doc, 0, "erin@example.com").unwrap();
    assert!(erin.workspaces.values().any(|r| *r == custom[0].id));
}

#[test]
fn plans_rbac_and_personal_orgs() {
    let doc = mapped(&small()).unwrap();
    let (default, acme, personal) = (org(&doc, 0), org(&doc, 1), org(&doc, 2));
    assert_eq!((default.rbac, default.plan, default.personal), (true, Plan::MultiWorkspace, false));
    assert_eq!((acme.rbac, acme.plan), (false, Plan::MultiWorkspace));
    assert_eq!((personal.personal, personal.plan), (true, Plan::SingleWorkspace));
    // RBAC off: a workspace member whose role is left out is Admin.
    let hank = member(&doc, 1, "hank@acme.example").unwrap();
    assert!(hank.workspaces.values().all(|r| r == "WORKSPACE_ADMIN"));
    assert!(!acme.settings.invites_enabled && acme.settings.pat_creation_disabled);
    assert!(default.settings.public_sharing_disabled);

    // A single-workspace plan from `config.max_workspaces`.
    let mut v = small();
    v["orgs"][1]["info"]["config"]["max_workspaces"] = json!(1);
    let doc = mapped(&v).unwrap();
    assert_eq!(org(&doc, 1).plan, Plan::SingleWorkspace);
    // ...which then needs every member to be an Organization Admin: named at the member's endpoint.
    let found = issues(&v);
    assert!(
        found.iter().any(|(o, e, p, m)| *o == Some(1)
            && e == Endpoint::ActiveMembers.route()
            && p == "[1]"
            && m.contains("single-workspace")),
        "{found:#?}"
    );
}

#[test]
fn pending_invites_with_workspaces() {
    let doc = mapped(&small()).unwrap();
    let peggy = member(&doc, 0, "peggy@example.com").unwrap();
    assert_eq!(peggy.status, MemberStatus::Pending);
    assert_eq!(peggy.user_id, None);
    assert_eq!(peggy.workspaces.values().collect::<Vec<_>>(), ["WORKSPACE_VIEWER"]);
    let quinn = member(&doc, 0, "quinn@example.com").unwrap();
    assert!(quinn.workspaces.is_empty());
    // RBAC off: an invite to workspaces without a role is Admin there.
    let ivy = member(&doc, 1, "ivy@example.com").unwrap();
    assert_eq!(ivy.workspaces.values().collect::<Vec<_>>(), ["WORKSPACE_ADMIN"]);
}

#[test]
fn disabled_members_are_known_users_without_membership() {
    let doc = mapped(&small()).unwrap();
    assert!(member(&doc, 0, "dan@example.com").is_none());
    assert_eq!(doc.users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(), ["dan@example.com"]);
    let engine = Engine::from_api_json(InstanceConfig::default(), SMALL).unwrap();
    let dan = "0000000c-0000-4000-8000-000000000005";
    for perm in ["runs:read", "workspaces:manage"] {
        let q = json!({"userId": dan, "orgId": org(&doc, 0).id, "workspaceId": W1, "permission": perm});
        assert_eq!(engine.call("can", q).unwrap(), json!(false));
    }
}

#[test]
fn deleted_workspaces_are_skipped_with_their_references() {
    let doc = mapped(&small()).unwrap();
    let default = org(&doc, 0);
    assert_eq!(default.workspaces.len(), 2);
    assert!(!default.workspaces.iter().any(|w| w.id == W3_DELETED));
    // erin's tenant_ids and the SSO defaults named the deleted workspace.
    assert!(!member(&doc, 0, "erin@example.com").unwrap().workspaces.contains_key(W3_DELETED));
    assert_eq!(default.sso.default_workspace_ids, Some(vec![W1.to_owned()]));
}

#[test]
fn sso_defaults_and_groups_sync() {
    let doc = mapped(&small()).unwrap();
    let sso = &org(&doc, 0).sso;
    assert_eq!(sso.default_workspace_role.as_deref(), Some("WORKSPACE_VIEWER"));
    assert!(sso.groups_sync.enabled && !sso.groups_sync.required);
    assert_eq!(sso.groups_sync.claim, "groups");
    // No SSO provider: the engine's defaults.
    assert_eq!(org(&doc, 1).sso, SsoDoc::default());
    let mut v = small();
    let p = &mut v["orgs"][0]["ssoSettings"][0];
    p["sso_groups_required"] = json!(true);
    p["sso_groups_claim_field"] = json!("roles");
    p["sso_groups_enabled"] = json!(false);
    let g = mapped(&v).unwrap().orgs[0].sso.groups_sync.clone();
    assert_eq!((g.enabled, g.required, g.claim.as_str()), (false, true, "roles"));
}

#[test]
fn keys_are_ids_only() {
    let doc = mapped(&small()).unwrap();
    let keys = &org(&doc, 0).service_keys;
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].workspace_ids, ["0000000b-0000-4000-8000-000000000012"], "by workspace name");
    assert!(!keys[0].org_scoped && keys[1].org_scoped && keys[1].workspace_ids.is_empty());
    let text = crate::json::to_string(&doc);
    assert!(!text.contains("lsv2_"), "no key material in the directory");
    assert!(org(&doc, 0).personal_access_tokens.is_empty());
}

#[test]
fn schema_problems_name_endpoint_and_path_all_of_them() {
    let mut v = small();
    v["orgs"][0]["members"][2]["is_disabled"] = json!("no");
    v["orgs"][0]["workspaces"][1]["display_name"] = json!(5);
    v["orgs"][0]["roles"].as_array_mut().unwrap()[0].as_object_mut().unwrap().remove("id");
    v["orgs"][1]["info"]["is_personal"] = Value::Null;
    v["orgs"][0]["members"][0]["some_future_field"] = json!({"tolerated": true});
    let found = issues(&v);
    let want = [
        (
            Some(0),
            Endpoint::ActiveMembers.route(),
            "[2].is_disabled",
            "wrong type: expected a boolean, found a string (\"no\")",
        ),
        (
            Some(0),
            Endpoint::Workspaces.route(),
            "[1].display_name",
            "wrong type: expected a string, found a number (5)",
        ),
        (Some(0), Endpoint::Roles.route(), "[0]", "missing field `id`"),
        (Some(1), Endpoint::Info.route(), "is_personal", "wrong type: expected a boolean, found null"),
    ];
    for (o, e, p, m) in want {
        assert!(found.iter().any(|f| f.0 == o && f.1 == e && f.2 == p && f.3 == m), "{e} {p}: {found:#?}");
    }
}

#[test]
fn self_contradictions_are_errors() {
    let unknown_ws = "0000000b-0000-4000-8000-000000000099";
    let unknown_role = "0000000e-0000-4000-8000-000000000999";
    let mut v = small();
    v["orgs"][0]["members"][1]["tenant_ids"][0] = json!(unknown_ws);
    v["orgs"][0]["workspaceMembers"][1]["members"][2]["role_id"] = json!(unknown_role);
    v["orgs"][0]["pending"][0]["org_role_id"] = json!(unknown_role);
    v["orgs"][0]["workspaceMembers"][0]["members"][0]["user_id"] = json!("0000000c-0000-4000-8000-000000000777");
    v["orgs"][0]["workspaceMembers"].as_array_mut().unwrap().remove(0);
    let found = issues(&v);
    let has = |e: &str, p: &str, m: &str| found.iter().any(|f| f.1.starts_with(e) && f.2 == p && f.3.contains(m));
    assert!(has(Endpoint::ActiveMembers.route(), "[1].tenant_ids[0]", "unknown workspace"), "{found:#?}");
    assert!(has(Endpoint::WorkspaceMembers.route(), "members[2].role_id", "unknown role"), "{found:#?}");
    assert!(has(Endpoint::PendingMembers.route(), "[0].org_role_id", "unknown role"), "{found:#?}");
    assert!(has(DOCUMENTS, "orgs[0].workspaceMembers", "no member list for workspace"), "{found:#?}");
    // RBAC off: a Viewer workspace role contradicts the plan.
    let mut v = small();
    let viewer = v["orgs"][1]["roles"][6]["id"].clone();
    v["orgs"][1]["workspaceMembers"][0]["members"][1]["role_id"] = viewer;
    let found = issues(&v);
    assert!(
        found.iter().any(|f| f.0 == Some(1) && f.1 == Endpoint::ActiveMembers.route() && f.3.contains("RBAC")),
        "{found:#?}"
    );
    // A custom organization-scoped role, an unknown permission.
    let mut v = small();
    v["orgs"][0]["roles"][7]["access_scope"] = json!("organization");
    v["orgs"][0]["roles"][7]["name"] = json!("Auditors");
    let mut w = small();
    w["orgs"][0]["roles"][7]["permissions"][0] = json!("projects:reed");
    assert!(issues(&v).iter().any(|f| f.2 == "[7].name" && f.3.contains("custom organization role")));
    assert!(issues(&w).iter().any(|f| f.2 == "[7].permissions[0]" && f.3.contains("did you mean `projects:read`")));
}

#[test]
fn paging_overlap_and_missing_answers_are_errors() {
    let mut v = small();
    let first = v["orgs"][0]["members"][0].clone();
    v["orgs"][0]["members"].as_array_mut().unwrap().push(first);
    v["orgs"][2].as_object_mut().unwrap().remove("pending");
    let found = issues(&v);
    assert!(found.iter().any(|f| f.2 == "[6].id" && f.3.contains("listed twice")), "{found:#?}");
    assert!(found.iter().any(|f| f.0 == Some(2) && f.3.contains("missing field `pending`")), "{found:#?}");
    assert!(matches!(directory("{"), Err(ConnectorError(i)) if i[0].endpoint == DOCUMENTS));
    let e = directory("[]").unwrap_err();
    assert_eq!(e.code(), "API_DOCUMENT_INVALID");
    assert!(e.to_string().contains("expected an object"), "{e}");
}
