//! The README documents the API; these tests keep it from drifting.

use orgpolicy::Code;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap_or_default()
}

/// The README's reason-code table is exactly the catalogue, in order.
#[test]
fn readme_lists_every_reason_code_with_its_meaning() {
    let expected: Vec<String> = Code::ALL.iter().map(|c| format!("| `{}` | {} |", c.as_str(), c.meaning())).collect();
    let readme = readme();
    let actual: Vec<String> = readme
        .lines()
        .filter(|l| l.starts_with("| `") && l.split('`').nth(1).is_some_and(|c| Code::from_str_opt(c).is_some()))
        .map(str::to_string)
        .collect();
    assert_eq!(actual, expected, "README reason-code table is out of date; expected rows:\n{}", expected.join("\n"));
}

/// Every configuration name the loader reads is named in the README.
#[test]
fn readme_names_every_configuration_key() {
    let readme = readme();
    for key in [
        "WORKSPACE_SCOPE_ORG_INVITES_ENABLED",
        "FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED",
        "FF_ORG_CREATION_DISABLED",
        "ORG_CREATION_DISABLED",
        "FF_PERSONAL_ORGS_DISABLED",
        "PERSONAL_ORGS_DISABLED",
        "PAT_CREATION_DISABLED",
        "SELF_HOSTED_JIT_PROVISIONING_ENABLED",
        "AUTH_TYPE",
        "BASIC_AUTH_ENABLED",
        "INITIAL_ORG_ADMIN_EMAIL",
        "INITIAL_ORG_NAME",
        "DEFAULT_WORKSPACE_NAME",
        "config.workspaceScopeOrgInvitesEnabled",
        "config.userOrgCreationDisabled",
        "config.orgCreationDisabled",
        "config.personalOrgsDisabled",
        "config.authType",
        "config.basicAuth.enabled",
        "config.oauth.enabled",
        "config.initialOrgName",
        "config.defaultWorkspaceName",
        "commonEnv",
    ] {
        assert!(readme.contains(&format!("`{key}`")), "README does not name `{key}`");
    }
}

/// The sample directory the README points to validates.
#[test]
fn sample_directory_builds() {
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample-directory.json"))
        .unwrap_or_default();
    let engine = orgpolicy::Engine::from_json(orgpolicy::InstanceConfig::default(), &json);
    assert!(engine.is_ok(), "{:?}", engine.err());
}
