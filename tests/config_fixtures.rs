//! The instance configuration read from realistic Docker `.env` and Helm
//! `values.yaml` files (tests/fixtures/config/), through the public API.

use orgpolicy::config::*;

const NONE_ENV: &str = include_str!("fixtures/config/none.env");
const BASIC_ENV: &str = include_str!("fixtures/config/basic.env");
const OAUTH_ENV: &str = include_str!("fixtures/config/oauth.env");
const NEAR_MISS_ENV: &str = include_str!("fixtures/config/near-miss.env");
const ERRORS_ENV: &str = include_str!("fixtures/config/errors.env");
const NONE_VALUES: &str = include_str!("fixtures/config/none.values.yaml");
const BASIC_VALUES: &str = include_str!("fixtures/config/basic.values.yaml");
const OAUTH_VALUES: &str = include_str!("fixtures/config/oauth.values.yaml");
const NEAR_MISS_VALUES: &str = include_str!("fixtures/config/near-miss.values.yaml");
const ERRORS_VALUES: &str = include_str!("fixtures/config/errors.values.yaml");
const SYNTAX_ERROR_VALUES: &str = include_str!("fixtures/config/syntax-error.values.yaml");
/// A `values.yaml` of the chart's shape and size (about 3,900 lines).
const CHART_VALUES: &str = include_str!("fixtures/config/chart-values.yaml");

type R = Result<(), ConfigErrors>;

fn warnings(loaded: &LoadedConfig) -> Vec<(&str, Option<usize>, &str)> {
    loaded.warnings.iter().map(|w| (w.key.as_str(), w.line, w.message.as_str())).collect()
}

fn errors(result: Result<LoadedConfig, ConfigErrors>) -> Vec<(String, Option<String>, Option<usize>, String)> {
    match result {
        Ok(loaded) => {
            assert_eq!(Some(&loaded), None, "expected errors");
            Vec::new()
        }
        Err(e) => {
            assert_eq!(e.code(), "CONFIG_INVALID");
            e.0.into_iter().map(|e| (e.key, e.value, e.line, e.message)).collect()
        }
    }
}

fn e(
    key: &str,
    value: Option<&str>,
    line: Option<usize>,
    message: &str,
) -> (String, Option<String>, Option<usize>, String) {
    (key.to_owned(), value.map(str::to_owned), line, message.to_owned())
}

// ------------------------------------------------------------- auth: none

#[test]
fn none_env() -> R {
    let loaded = from_env(NONE_ENV)?;
    let expected =
        InstanceConfig { workspace_scope_org_invites_enabled: true, ..InstanceConfig::for_auth_mode(AuthMode::None) };
    assert_eq!(loaded.config, expected);
    assert!(!loaded.config.org_creation_disabled && !loaded.config.personal_orgs_disabled);
    // OAuth placeholders next to AUTH_TYPE=none and ~30 unrelated variables: no noise.
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

#[test]
fn none_values() -> R {
    let loaded = from_helm_values(NONE_VALUES)?;
    let expected = InstanceConfig { workspace_scope_org_invites_enabled: true, ..InstanceConfig::default() };
    assert_eq!(loaded.config, expected);
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

// ------------------------------------------------------------ auth: basic

#[test]
fn basic_env() -> R {
    let loaded = from_env(BASIC_ENV)?;
    let expected = InstanceConfig {
        auth_mode: AuthMode::Basic,
        workspace_scope_org_invites_enabled: false,
        org_creation_disabled: true,
        personal_orgs_disabled: true,
        pat_creation_disabled: true,
        jit_provisioning_enabled: true,
        initial_org_admin_email: Some("platform-admin@example.com".to_owned()),
        initial_org_name: "Example Corp".to_owned(),
        default_workspace_name: "Research".to_owned(),
    };
    assert_eq!(loaded.config, expected);
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

#[test]
fn basic_values() -> R {
    let loaded = from_helm_values(BASIC_VALUES)?;
    let expected = InstanceConfig {
        auth_mode: AuthMode::Basic,
        workspace_scope_org_invites_enabled: false,
        org_creation_disabled: true,
        personal_orgs_disabled: true,
        pat_creation_disabled: true,
        jit_provisioning_enabled: true,
        initial_org_admin_email: Some("platform-admin@example.com".to_owned()),
        initial_org_name: "Example Corp".to_owned(),
        default_workspace_name: "Research".to_owned(),
    };
    assert_eq!(loaded.config, expected);
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

#[test]
fn chart_sized_values() -> R {
    assert!(CHART_VALUES.lines().count() > 3_800, "the fixture has the chart's size");
    let loaded = from_helm_values(CHART_VALUES)?;
    let expected = InstanceConfig {
        auth_mode: AuthMode::Basic,
        workspace_scope_org_invites_enabled: true,
        org_creation_disabled: true,
        personal_orgs_disabled: true,
        pat_creation_disabled: true,
        jit_provisioning_enabled: true,
        initial_org_admin_email: Some("admin@example.com".to_owned()),
        initial_org_name: "Acme Research".to_owned(),
        default_workspace_name: "Workspace 1".to_owned(),
    };
    assert_eq!(loaded.config, expected);
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

// ------------------------------------------------------------ auth: oauth

#[test]
fn oauth_env() -> R {
    let loaded = from_env(OAUTH_ENV)?;
    let expected = InstanceConfig {
        auth_mode: AuthMode::Oauth,
        workspace_scope_org_invites_enabled: true,
        org_creation_disabled: false,
        personal_orgs_disabled: true,
        pat_creation_disabled: false,
        jit_provisioning_enabled: false,
        initial_org_admin_email: Some("sso-admin@example.com".to_owned()),
        initial_org_name: "Default".to_owned(),
        default_workspace_name: "Workspace 1".to_owned(),
    };
    assert_eq!(loaded.config, expected);
    assert_eq!(warnings(&loaded), vec![]);
    Ok(())
}

#[test]
fn oauth_values_common_env_overrides_config() -> R {
    let loaded = from_helm_values(OAUTH_VALUES)?;
    let expected = InstanceConfig {
        auth_mode: AuthMode::Oauth,
        workspace_scope_org_invites_enabled: true,
        org_creation_disabled: true,
        personal_orgs_disabled: false,
        pat_creation_disabled: false,
        jit_provisioning_enabled: false,
        initial_org_admin_email: Some("sso-admin@example.com".to_owned()),
        initial_org_name: "Default".to_owned(),
        default_workspace_name: "Workspace 1".to_owned(),
    };
    assert_eq!(loaded.config, expected);
    assert_eq!(
        warnings(&loaded),
        vec![(
            "config.workspaceScopeOrgInvitesEnabled",
            Some(15),
            "`config.workspaceScopeOrgInvitesEnabled` is `false` but `commonEnv[1].value` (`FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED`) is `true`; `commonEnv[1].value` (`FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED`) wins because `commonEnv` comes after the chart's own environment"
        )]
    );
    Ok(())
}

#[test]
fn oauth_values_and_env_together_env_wins() -> R {
    let loaded = from_sources(Some(OAUTH_VALUES), Some(OAUTH_ENV))?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    // values.yaml says userOrgCreationDisabled: true, the .env FF_ORG_CREATION_DISABLED=false.
    assert!(!loaded.config.org_creation_disabled);
    // Only in values.yaml.
    assert!(!loaded.config.personal_orgs_disabled);
    assert!(!loaded.config.jit_provisioning_enabled);
    assert!(loaded.config.workspace_scope_org_invites_enabled);
    let keys: Vec<_> = loaded.warnings.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(
        keys,
        vec!["config.workspaceScopeOrgInvitesEnabled", "config.authType", "config.userOrgCreationDisabled"]
    );
    assert_eq!(
        loaded.warnings.get(2).map(ToString::to_string).as_deref(),
        Some("line 13: `config.userOrgCreationDisabled` is `true` but `FF_ORG_CREATION_DISABLED` is `false`; `FF_ORG_CREATION_DISABLED` wins because `.env` settings override values.yaml")
    );
    Ok(())
}

#[test]
fn each_auth_mode_resolves_the_same_from_both_formats() -> R {
    for (env, values, mode) in [
        (NONE_ENV, NONE_VALUES, AuthMode::None),
        (BASIC_ENV, BASIC_VALUES, AuthMode::Basic),
        (OAUTH_ENV, OAUTH_VALUES, AuthMode::Oauth),
    ] {
        assert_eq!(from_env(env)?.config.auth_mode, mode);
        assert_eq!(from_helm_values(values)?.config.auth_mode, mode);
        assert_eq!(from_sources(Some(values), Some(env))?.config.auth_mode, mode);
    }
    Ok(())
}

// ------------------------------------------------------------ near-misses

#[test]
fn near_miss_env() -> R {
    let loaded = from_env(NEAR_MISS_ENV)?;
    // The misspelled switches keep their defaults; the correct one applies.
    let expected = InstanceConfig { org_creation_disabled: true, ..InstanceConfig::default() };
    assert_eq!(loaded.config, expected);
    assert_eq!(
        warnings(&loaded),
        vec![
            (
                "WORKSPACE_SCOPE_ORG_INVITE_ENABLED",
                Some(11),
                "`WORKSPACE_SCOPE_ORG_INVITE_ENABLED` is ignored: it is not a known setting but resembles `WORKSPACE_SCOPE_ORG_INVITES_ENABLED`"
            ),
            (
                "FF_PAT_CREATION_DISABLED",
                Some(12),
                "`FF_PAT_CREATION_DISABLED` is ignored: it is not a known setting but resembles `PAT_CREATION_DISABLED`"
            ),
            (
                "PERSONAL_ORG_DISABLED",
                Some(13),
                "`PERSONAL_ORG_DISABLED` is ignored: it is not a known setting but resembles `PERSONAL_ORGS_DISABLED`"
            ),
            (
                "self_hosted_jit_provisioning_enabled",
                Some(14),
                "`self_hosted_jit_provisioning_enabled` is ignored: it is not a known setting but resembles `SELF_HOSTED_JIT_PROVISIONING_ENABLED`"
            ),
        ]
    );
    Ok(())
}

#[test]
fn near_miss_values() -> R {
    let loaded = from_helm_values(NEAR_MISS_VALUES)?;
    assert_eq!(loaded.config, InstanceConfig::for_auth_mode(AuthMode::Oauth));
    assert_eq!(
        warnings(&loaded),
        vec![
            (
                "config.workspaceScopeOrgInviteEnabled",
                Some(9),
                "`config.workspaceScopeOrgInviteEnabled` is ignored: it is not a known setting but resembles `config.workspaceScopeOrgInvitesEnabled`"
            ),
            (
                "config.userOrgCreationDisable",
                Some(10),
                "`config.userOrgCreationDisable` is ignored: it is not a known setting but resembles `config.userOrgCreationDisabled`"
            ),
            (
                "config.patCreationDisabled",
                Some(11),
                "`config.patCreationDisabled` is ignored: the chart has no such setting; set `PAT_CREATION_DISABLED` with a `commonEnv` entry"
            ),
            (
                "commonEnv[0].name",
                Some(14),
                "`FF_PAT_CREATION_DISABLED` (`commonEnv[0].name`) is ignored: it is not a known setting but resembles `PAT_CREATION_DISABLED`"
            ),
            (
                "commonEnv[1].name",
                Some(16),
                "`SELF_HOSTED_JIT_PROVISIONING_ENABLE` (`commonEnv[1].name`) is ignored: it is not a known setting but resembles `SELF_HOSTED_JIT_PROVISIONING_ENABLED`"
            ),
        ]
    );
    Ok(())
}

// ----------------------------------------------------------------- errors

#[test]
fn errors_env_reports_every_problem() {
    assert_eq!(
        errors(from_env(ERRORS_ENV)),
        vec![
            e("AUTH_TYPE", Some("basic"), Some(4), "`AUTH_TYPE` is `basic`, expected one of `mixed`, `oauth`, `none`"),
            e("BASIC_AUTH_ENABLED", Some("yes"), Some(5), "`BASIC_AUTH_ENABLED` is `yes`, expected true or false"),
            e("PAT_CREATION_DISABLED", Some("1"), Some(7), "`PAT_CREATION_DISABLED` is `1`, expected true or false"),
            e(
                "FF_ORG_CREATION_DISABLED",
                Some("maybe"),
                Some(8),
                "`FF_ORG_CREATION_DISABLED` is `maybe`, expected true or false"
            ),
            e(
                "REDIS_DATABASE_URI",
                None,
                Some(9),
                "`REDIS_DATABASE_URI redis://langchain-redis:6379` is not a `KEY=value` assignment"
            ),
            e("", None, Some(10), "`=orphan-value` has no variable name before `=`"),
            e(
                "INITIAL_ORG_NAME",
                None,
                Some(14),
                "`INITIAL_ORG_NAME` has an unterminated `\"` quote, expected a closing `\"`"
            ),
        ]
    );
}

#[test]
fn errors_values_reports_every_problem() {
    assert_eq!(
        errors(from_helm_values(ERRORS_VALUES)),
        vec![
            e(
                "config.personalOrgsDisabled",
                Some("nope"),
                Some(10),
                "`config.personalOrgsDisabled` is `nope`, expected true or false"
            ),
            e(
                "config.workspaceScopeOrgInvitesEnabled",
                None,
                Some(12),
                "`config.workspaceScopeOrgInvitesEnabled` must be a single value, found a list; expected true or false"
            ),
            e(
                "commonEnv[0].value",
                Some("1"),
                Some(16),
                "`commonEnv[0].value` (`PAT_CREATION_DISABLED`) is `1`, expected true or false"
            ),
            e(
                "commonEnv[1].name",
                None,
                Some(17),
                "`commonEnv[1]` has no `name`; every `commonEnv` entry needs one"
            ),
            e(
                "commonEnv[2]",
                None,
                Some(18),
                "`commonEnv[2]` must be a mapping with `name` and `value`, found a string"
            ),
            e(
                "config.basicAuth.enabled",
                Some("true"),
                Some(6),
                "basic auth and OAuth cannot both be enabled: `config.basicAuth.enabled` is `true` and `config.oauth.enabled` is `true`"
            ),
            e(
                "config.initialOrgAdminEmail",
                None,
                None,
                "basic auth needs an initial organization admin e-mail: set `config.initialOrgAdminEmail` (or `config.basicAuth.initialOrgAdminEmail`)"
            ),
        ]
    );
}

#[test]
fn syntax_error_values_names_the_line() {
    // serde-saphyr reads a flow (`[...`) on past the end of its line, as the
    // YAML spec allows, so the unclosed `[` of line 6 is reported where the
    // reading fails: the `:` of `ingress:` on line 7.
    assert_eq!(
        errors(from_helm_values(SYNTAX_ERROR_VALUES)),
        vec![e(
            "values.yaml",
            None,
            Some(7),
            "`values.yaml` is not valid YAML: illegal placement of ':' indicator (column 8)"
        )]
    );
}

#[test]
fn from_sources_collects_errors_of_both_fixtures() {
    let all = errors(from_sources(Some(ERRORS_VALUES), Some(ERRORS_ENV)));
    let keys: Vec<&str> = all.iter().map(|e| e.0.as_str()).collect();
    assert!(keys.contains(&"config.personalOrgsDisabled"), "{keys:?}");
    assert!(keys.contains(&"commonEnv[2]"), "{keys:?}");
    assert!(keys.contains(&"AUTH_TYPE"), "{keys:?}");
    assert!(keys.contains(&"INITIAL_ORG_NAME"), "{keys:?}");
    assert!(all.len() >= 13, "{all:?}");
}

#[test]
fn config_errors_display_and_serialize() -> Result<(), serde_json::Error> {
    let Err(errs) = from_env(ERRORS_ENV) else {
        return Err(serde::ser::Error::custom("errors.env must not load"));
    };
    let text = errs.to_string();
    assert!(text.starts_with("invalid instance configuration (7 problems): line 4: `AUTH_TYPE` is `basic`"), "{text}");
    let json = serde_json::to_value(&errs)?;
    assert_eq!(json.pointer("/code"), Some(&serde_json::json!("CONFIG_INVALID")));
    assert_eq!(json.pointer("/errors/1/key"), Some(&serde_json::json!("BASIC_AUTH_ENABLED")));
    assert_eq!(json.pointer("/errors/1/value"), Some(&serde_json::json!("yes")));
    assert_eq!(json.pointer("/errors/1/line"), Some(&serde_json::json!(5)));
    Ok(())
}

// ------------------------------------------------- JSON configuration object

#[test]
fn json_config_object() -> Result<(), serde_json::Error> {
    let config: InstanceConfig =
        serde_json::from_str(r#"{"authMode":"oauth","workspaceScopeOrgInvitesEnabled":true}"#)?;
    assert_eq!(
        config,
        InstanceConfig { workspace_scope_org_invites_enabled: true, ..InstanceConfig::for_auth_mode(AuthMode::Oauth) }
    );
    // What a loaded configuration serializes to can be fed back in.
    let loaded = from_env(BASIC_ENV).map_err(serde::ser::Error::custom)?;
    let again: InstanceConfig = serde_json::from_value(serde_json::to_value(&loaded.config)?)?;
    assert_eq!(again, loaded.config);
    let refused = serde_json::from_str::<InstanceConfig>(r#"{"authMode":"basic"}"#);
    assert!(refused.is_err());
    Ok(())
}
