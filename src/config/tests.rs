//! Rules of the config module as a whole: defaults, auth-mode resolution,
//! precedence, error collection. Parser details are tested beside each
//! parser.

use super::*;

type R = Result<(), ConfigErrors>;

fn env_err(text: &str) -> Vec<(String, Option<usize>, String)> {
    problems(from_env(text))
}

fn helm_err(text: &str) -> Vec<(String, Option<usize>, String)> {
    problems(from_helm_values(text))
}

fn problems(result: Result<LoadedConfig, ConfigErrors>) -> Vec<(String, Option<usize>, String)> {
    match result {
        Ok(loaded) => {
            assert_eq!(Some(&loaded), None, "expected errors");
            Vec::new()
        }
        Err(e) => e.0.into_iter().map(|e| (e.key, e.line, e.message)).collect(),
    }
}

fn warning_keys(loaded: &LoadedConfig) -> Vec<&str> {
    loaded.warnings.iter().map(|w| w.key.as_str()).collect()
}

const BASIC_ENV: &str = "AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=admin@example.com\n";

// ---------------------------------------------------------------- defaults

#[test]
fn defaults_per_auth_mode() {
    let none = InstanceConfig::for_auth_mode(AuthMode::None);
    assert_eq!(none.auth_mode, AuthMode::None);
    assert!(!none.org_creation_disabled);
    assert!(!none.personal_orgs_disabled);
    for mode in [AuthMode::Basic, AuthMode::Oauth] {
        let c = InstanceConfig::for_auth_mode(mode);
        assert_eq!(c.auth_mode, mode);
        assert!(c.org_creation_disabled, "{mode:?}");
        assert!(c.personal_orgs_disabled, "{mode:?}");
    }
    for mode in [AuthMode::None, AuthMode::Basic, AuthMode::Oauth] {
        let c = InstanceConfig::for_auth_mode(mode);
        assert!(!c.workspace_scope_org_invites_enabled);
        assert!(!c.pat_creation_disabled);
        assert!(c.jit_provisioning_enabled);
        assert_eq!(c.initial_org_admin_email, None);
        assert_eq!(c.initial_org_name, "Default");
        assert_eq!(c.default_workspace_name, "Workspace 1");
    }
    assert_eq!(InstanceConfig::default(), none);
}

#[test]
fn empty_documents_give_the_defaults() -> R {
    for loaded in [
        from_env("")?,
        from_env("# nothing\n\n")?,
        from_helm_values("")?,
        from_helm_values("# nothing\n")?,
        from_helm_values("config:\ncommonEnv: []\n")?,
        from_sources(None, None)?,
    ] {
        assert_eq!(loaded.config, InstanceConfig::default());
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }
    Ok(())
}

// ------------------------------------------------------- auth mode via .env

#[test]
fn env_basic_auth() -> R {
    let loaded = from_env(BASIC_ENV)?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Basic);
    assert!(loaded.config.org_creation_disabled);
    assert!(loaded.config.personal_orgs_disabled);
    assert_eq!(loaded.config.initial_org_admin_email.as_deref(), Some("admin@example.com"));
    assert!(loaded.warnings.is_empty());
    // `mixed` alone (basic auth not switched off, no OAuth) is basic auth.
    let loaded = from_env("AUTH_TYPE=mixed\nINITIAL_ORG_ADMIN_EMAIL=admin@example.com\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Basic);
    Ok(())
}

#[test]
fn env_oauth() -> R {
    let loaded = from_env("AUTH_TYPE=oauth\nOAUTH_CLIENT_ID=abc\nOAUTH_ISSUER_URL=https://idp.example.com\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    assert!(loaded.config.org_creation_disabled);
    assert!(loaded.config.personal_orgs_disabled);
    // OAuth with a client secret is documented as `AUTH_TYPE=mixed` plus the OAuth settings.
    let loaded =
        from_env("AUTH_TYPE=mixed\nOAUTH_CLIENT_ID=abc\nOAUTH_CLIENT_SECRET=s\nOAUTH_ISSUER_URL=https://idp\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    let loaded = from_env("OAUTH_ENABLED=true\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    Ok(())
}

#[test]
fn env_no_auth_ignores_oauth_placeholders() -> R {
    // The shipped `.env.example` has AUTH_TYPE=none next to OAuth placeholders.
    let loaded = from_env("AUTH_TYPE=none\nOAUTH_CLIENT_ID=your-client-id\nOAUTH_ISSUER_URL=https://your-issuer-url\nBASIC_AUTH_ENABLED=false\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::None);
    assert!(!loaded.config.org_creation_disabled);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    // Without AUTH_TYPE the OAuth settings are unused: warn.
    let loaded = from_env("OAUTH_CLIENT_ID=abc\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::None);
    assert_eq!(warning_keys(&loaded), vec!["OAUTH_CLIENT_ID"]);
    Ok(())
}

#[test]
fn env_basic_auth_with_leftover_oauth_settings_warns() -> R {
    let loaded = from_env(&format!("{BASIC_ENV}OAUTH_CLIENT_ID=your-client-id\n"))?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Basic);
    assert_eq!(
        loaded.warnings.first().map(|w| w.message.as_str()),
        Some("`OAUTH_CLIENT_ID` is ignored because basic auth is enabled")
    );
    Ok(())
}

#[test]
fn env_auth_conflicts_are_errors() {
    assert_eq!(
        env_err("AUTH_TYPE=oauth\nBASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=a@b.c\n"),
        vec![(
            "BASIC_AUTH_ENABLED".to_owned(),
            Some(2),
            "basic auth and OAuth cannot both be enabled: `BASIC_AUTH_ENABLED` is `true` and `AUTH_TYPE` is `oauth`"
                .to_owned()
        )]
    );
    assert_eq!(
        env_err("AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\nOAUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=a@b.c\n")
            .first()
            .map(|e| e.2.clone()),
        Some(
            "basic auth and OAuth cannot both be enabled: `BASIC_AUTH_ENABLED` is `true` and `OAUTH_ENABLED` is `true`"
                .to_owned()
        )
    );
    assert_eq!(
        env_err("BASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=a@b.c\n"),
        vec![(
            "AUTH_TYPE".to_owned(),
            None,
            "basic auth needs `AUTH_TYPE` set to `mixed`, but it is not set (`BASIC_AUTH_ENABLED` is `true`)"
                .to_owned()
        )]
    );
    assert_eq!(
        env_err("AUTH_TYPE=none\nBASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=a@b.c\n"),
        vec![(
            "AUTH_TYPE".to_owned(),
            Some(1),
            "basic auth needs `AUTH_TYPE` to be `mixed`, found `none` (`BASIC_AUTH_ENABLED` is `true`)".to_owned()
        )]
    );
    assert_eq!(
        env_err("AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=false\n"),
        vec![(
            "AUTH_TYPE".to_owned(),
            Some(1),
            "`AUTH_TYPE` is `mixed` but neither basic auth nor OAuth is enabled (`BASIC_AUTH_ENABLED` is `false`)"
                .to_owned()
        )]
    );
    assert_eq!(
        env_err("AUTH_TYPE=oauth\nOAUTH_ENABLED=false\n"),
        vec![("OAUTH_ENABLED".to_owned(), Some(2), "`OAUTH_ENABLED` is `false` but `AUTH_TYPE` is `oauth`".to_owned())]
    );
    assert_eq!(
        env_err("AUTH_TYPE=none\nOAUTH_ENABLED=true\n"),
        vec![(
            "AUTH_TYPE".to_owned(),
            Some(1),
            "`AUTH_TYPE` is `none` but `OAUTH_ENABLED` is `true`; expected `oauth` or `mixed`".to_owned()
        )]
    );
}

#[test]
fn basic_auth_needs_an_admin_email() {
    assert_eq!(
        env_err("AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\n"),
        vec![(
            "INITIAL_ORG_ADMIN_EMAIL".to_owned(),
            None,
            "basic auth needs an initial organization admin e-mail: set `INITIAL_ORG_ADMIN_EMAIL`".to_owned()
        )]
    );
    assert_eq!(
        env_err("AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\nINITIAL_ORG_ADMIN_EMAIL=your-email\n"),
        vec![(
            "INITIAL_ORG_ADMIN_EMAIL".to_owned(),
            Some(3),
            "`INITIAL_ORG_ADMIN_EMAIL` is `your-email`, expected an e-mail address".to_owned()
        )]
    );
    // A misspelled e-mail variable is pointed at from the error.
    assert_eq!(
        env_err("AUTH_TYPE=mixed\nBASIC_AUTH_ENABLED=true\nINITAL_ORG_ADMIN_EMAIL=a@b.c\n")
            .first()
            .map(|e| e.2.clone()),
        Some(
            "basic auth needs an initial organization admin e-mail: set `INITIAL_ORG_ADMIN_EMAIL`; `INITAL_ORG_ADMIN_EMAIL` on line 3 looks like a misspelling of it"
                .to_owned()
        )
    );
    assert_eq!(
        helm_err("config:\n  authType: mixed\n  basicAuth:\n    enabled: true\n"),
        vec![(
            "config.initialOrgAdminEmail".to_owned(),
            None,
            "basic auth needs an initial organization admin e-mail: set `config.initialOrgAdminEmail` (or `config.basicAuth.initialOrgAdminEmail`)".to_owned()
        )]
    );
}

// ----------------------------------------------------- switches and names

#[test]
fn every_env_spelling_sets_its_switch() -> R {
    type Getter = fn(&InstanceConfig) -> bool;
    let cases: [(&str, Getter, bool); 10] = [
        ("WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true", |c| c.workspace_scope_org_invites_enabled, true),
        ("FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true", |c| c.workspace_scope_org_invites_enabled, true),
        ("FF_ORG_CREATION_DISABLED=true", |c| c.org_creation_disabled, true),
        ("ORG_CREATION_DISABLED=true", |c| c.org_creation_disabled, true),
        ("FF_PERSONAL_ORGS_DISABLED=true", |c| c.personal_orgs_disabled, true),
        ("PERSONAL_ORGS_DISABLED=true", |c| c.personal_orgs_disabled, true),
        ("PAT_CREATION_DISABLED=true", |c| c.pat_creation_disabled, true),
        ("SELF_HOSTED_JIT_PROVISIONING_ENABLED=false", |c| c.jit_provisioning_enabled, false),
        ("SELF_HOSTED_JIT_PROVISIONING_ENABLED='FALSE'", |c| c.jit_provisioning_enabled, false),
        ("PAT_CREATION_DISABLED=\"True\"", |c| c.pat_creation_disabled, true),
    ];
    for (line, get, expected) in cases {
        let loaded = from_env(line)?;
        assert_eq!(get(&loaded.config), expected, "{line}");
        assert_eq!(get(&InstanceConfig::default()), !expected, "{line} must change the default");
    }
    let loaded = from_env(
        "INITIAL_ORG_NAME=Acme\nDEFAULT_WORKSPACE_NAME=\"Main workspace\"\nINITIAL_ORG_ADMIN_EMAIL=root@acme.io\n",
    )?;
    assert_eq!(loaded.config.initial_org_name, "Acme");
    assert_eq!(loaded.config.default_workspace_name, "Main workspace");
    assert_eq!(loaded.config.initial_org_admin_email.as_deref(), Some("root@acme.io"));
    Ok(())
}

#[test]
fn explicit_values_beat_auth_mode_defaults() -> R {
    let loaded = from_env(&format!("{BASIC_ENV}FF_ORG_CREATION_DISABLED=false\nFF_PERSONAL_ORGS_DISABLED=false\n"))?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Basic);
    assert!(!loaded.config.org_creation_disabled);
    assert!(!loaded.config.personal_orgs_disabled);
    let loaded = from_env("AUTH_TYPE=none\nORG_CREATION_DISABLED=true\n")?;
    assert!(loaded.config.org_creation_disabled);
    assert!(!loaded.config.personal_orgs_disabled);
    Ok(())
}

#[test]
fn ff_spelling_wins_whatever_the_order() -> R {
    for text in [
        "FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true\nWORKSPACE_SCOPE_ORG_INVITES_ENABLED=false\n",
        "WORKSPACE_SCOPE_ORG_INVITES_ENABLED=false\nFF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true\n",
    ] {
        let loaded = from_env(text)?;
        assert!(loaded.config.workspace_scope_org_invites_enabled);
        assert_eq!(warning_keys(&loaded), vec!["WORKSPACE_SCOPE_ORG_INVITES_ENABLED"]);
    }
    let loaded = from_env("FF_ORG_CREATION_DISABLED=true\nORG_CREATION_DISABLED=true\n")?;
    assert!(loaded.warnings.is_empty());
    Ok(())
}

#[test]
fn duplicate_env_variable_last_wins_with_warning() -> R {
    let loaded = from_env("PAT_CREATION_DISABLED=true\nLOG_LEVEL=info\nPAT_CREATION_DISABLED=false\n")?;
    assert!(!loaded.config.pat_creation_disabled);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(
        loaded.warnings.first().map(|w| (w.key.as_str(), w.line, w.message.as_str())),
        Some((
            "PAT_CREATION_DISABLED",
            Some(1),
            "`PAT_CREATION_DISABLED` is set more than once with different values: `false` (line 3) wins over `true` (line 1)"
        ))
    );
    let loaded = from_env("PAT_CREATION_DISABLED=true\nPAT_CREATION_DISABLED=TRUE\n")?;
    assert!(loaded.warnings.is_empty());
    // An empty value later on resets to the default.
    let loaded = from_env("PAT_CREATION_DISABLED=true\nPAT_CREATION_DISABLED=\n")?;
    assert!(!loaded.config.pat_creation_disabled);
    Ok(())
}

#[test]
fn all_env_problems_are_collected() {
    let errors = env_err(concat!(
        "AUTH_TYPE=basic\n",
        "PAT_CREATION_DISABLED=1\n",
        "NOT AN ASSIGNMENT\n",
        "FF_ORG_CREATION_DISABLED=yes\n",
        "INITIAL_ORG_NAME=\"unterminated\n",
    ));
    let keys: Vec<_> = errors.iter().map(|e| (e.0.as_str(), e.1)).collect();
    assert_eq!(
        keys,
        vec![
            ("AUTH_TYPE", Some(1)),
            ("PAT_CREATION_DISABLED", Some(2)),
            ("NOT", Some(3)),
            ("FF_ORG_CREATION_DISABLED", Some(4)),
            ("INITIAL_ORG_NAME", Some(5)),
        ]
    );
}

// ------------------------------------------------------------------- helm

#[test]
fn helm_config_keys() -> R {
    let loaded = from_helm_values(concat!(
        "config:\n",
        "  authType: mixed\n",
        "  initialOrgAdminEmail: admin@example.com\n",
        "  initialOrgName: Acme\n",
        "  defaultWorkspaceName: \"Main\"\n",
        "  basicAuth:\n",
        "    enabled: true\n",
        "  userOrgCreationDisabled: false\n",
        "  personalOrgsDisabled: \"False\"\n",
        "  workspaceScopeOrgInvitesEnabled: \"true\"\n",
    ))?;
    let c = &loaded.config;
    assert_eq!(c.auth_mode, AuthMode::Basic);
    assert!(!c.org_creation_disabled);
    assert!(!c.personal_orgs_disabled);
    assert!(c.workspace_scope_org_invites_enabled);
    assert_eq!(c.initial_org_admin_email.as_deref(), Some("admin@example.com"));
    assert_eq!(c.initial_org_name, "Acme");
    assert_eq!(c.default_workspace_name, "Main");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    Ok(())
}

#[test]
fn helm_older_names_and_both_email_places() -> R {
    let loaded = from_helm_values("config:\n  orgCreationDisabled: true\n")?;
    assert!(loaded.config.org_creation_disabled);
    let loaded = from_helm_values(
        "config:\n  authType: mixed\n  basicAuth:\n    enabled: true\n    initialOrgAdminEmail: old@example.com\n",
    )?;
    assert_eq!(loaded.config.initial_org_admin_email.as_deref(), Some("old@example.com"));
    // Both: the current names win, with warnings.
    let loaded = from_helm_values(concat!(
        "config:\n",
        "  authType: mixed\n",
        "  initialOrgAdminEmail: new@example.com\n",
        "  userOrgCreationDisabled: false\n",
        "  orgCreationDisabled: true\n",
        "  basicAuth:\n",
        "    enabled: true\n",
        "    initialOrgAdminEmail: old@example.com\n",
    ))?;
    assert_eq!(loaded.config.initial_org_admin_email.as_deref(), Some("new@example.com"));
    assert!(!loaded.config.org_creation_disabled);
    let mut keys = warning_keys(&loaded);
    keys.sort_unstable();
    assert_eq!(keys, vec!["config.basicAuth.initialOrgAdminEmail", "config.orgCreationDisabled"]);
    Ok(())
}

#[test]
fn helm_oauth_and_yaml_booleans() -> R {
    let loaded = from_helm_values("config:\n  authType: oauth\n  oauth:\n    enabled: yes\n    oauthClientId: abc\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    let loaded = from_helm_values("config:\n  authType: mixed\n  oauth:\n    enabled: true\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    assert_eq!(
        helm_err("config:\n  basicAuth:\n    enabled: true\n    initialOrgAdminEmail: a@b.c\n  authType: mixed\n  oauth:\n    enabled: true\n"),
        vec![(
            "config.basicAuth.enabled".to_owned(),
            Some(3),
            "basic auth and OAuth cannot both be enabled: `config.basicAuth.enabled` is `true` and `config.oauth.enabled` is `true`".to_owned()
        )]
    );
    Ok(())
}

#[test]
fn helm_common_env_wins_over_config_with_a_warning() -> R {
    let loaded = from_helm_values(concat!(
        "config:\n",
        "  workspaceScopeOrgInvitesEnabled: true\n",
        "  personalOrgsDisabled: false\n",
        "commonEnv:\n",
        "  - name: LOG_LEVEL\n",
        "    value: debug\n",
        "  - name: FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED\n",
        "    value: \"false\"\n",
        "  - name: PAT_CREATION_DISABLED\n",
        "    value: \"true\"\n",
        "  - name: SELF_HOSTED_JIT_PROVISIONING_ENABLED\n",
        "    value: \"false\"\n",
        "  - name: FF_PERSONAL_ORGS_DISABLED\n",
        "    value: \"false\"\n",
    ))?;
    let c = &loaded.config;
    assert!(!c.workspace_scope_org_invites_enabled);
    assert!(c.pat_creation_disabled);
    assert!(!c.jit_provisioning_enabled);
    assert!(!c.personal_orgs_disabled);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert_eq!(
        loaded.warnings.first().map(|w| (w.key.as_str(), w.line, w.message.as_str())),
        Some((
            "config.workspaceScopeOrgInvitesEnabled",
            Some(2),
            "`config.workspaceScopeOrgInvitesEnabled` is `true` but `commonEnv[1].value` (`FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED`) is `false`; `commonEnv[1].value` (`FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED`) wins because `commonEnv` comes after the chart's own environment"
        ))
    );
    Ok(())
}

#[test]
fn helm_common_env_value_shapes() -> R {
    let loaded = from_helm_values(concat!(
        "commonEnv:\n",
        "  - name: PAT_CREATION_DISABLED\n",
        "    value: true\n",
        "  - name: SELF_HOSTED_JIT_PROVISIONING_ENABLED\n",
        "    valueFrom:\n",
        "      secretKeyRef: {name: flags, key: jit}\n",
    ))?;
    assert!(loaded.config.pat_creation_disabled);
    assert!(loaded.config.jit_provisioning_enabled);
    assert_eq!(warning_keys(&loaded), vec!["commonEnv[0].value", "commonEnv[1].valueFrom"]);
    assert_eq!(
        loaded.warnings.first().map(|w| w.message.as_str()),
        Some("`commonEnv[0].value` (`PAT_CREATION_DISABLED`) is a YAML boolean; Kubernetes only accepts strings in `env`, write `\"true\"`")
    );
    Ok(())
}

#[test]
fn helm_shape_errors_are_collected() {
    let errors = helm_err(concat!(
        "config:\n",
        "  authType: basic\n",
        "  personalOrgsDisabled: 1\n",
        "  workspaceScopeOrgInvitesEnabled: [true]\n",
        "  basicAuth: enabled\n",
        "commonEnv:\n",
        "  - PAT_CREATION_DISABLED=true\n",
        "  - value: \"true\"\n",
        "  - name: PAT_CREATION_DISABLED\n",
        "    value: \"no\"\n",
    ));
    assert_eq!(
        errors,
        vec![
            (
                "config.authType".to_owned(),
                Some(2),
                "`config.authType` is `basic`, expected one of `mixed`, `oauth`, `none`".to_owned()
            ),
            (
                "config.personalOrgsDisabled".to_owned(),
                Some(3),
                "`config.personalOrgsDisabled` is `1`, expected true or false".to_owned()
            ),
            (
                "config.workspaceScopeOrgInvitesEnabled".to_owned(),
                Some(4),
                "`config.workspaceScopeOrgInvitesEnabled` must be a single value, found a list; expected true or false"
                    .to_owned()
            ),
            ("config.basicAuth".to_owned(), Some(5), "`config.basicAuth` must be a mapping, found a string".to_owned()),
            (
                "commonEnv[0]".to_owned(),
                Some(7),
                "`commonEnv[0]` must be a mapping with `name` and `value`, found a string".to_owned()
            ),
            (
                "commonEnv[1].name".to_owned(),
                Some(8),
                "`commonEnv[1]` has no `name`; every `commonEnv` entry needs one".to_owned()
            ),
            (
                "commonEnv[2].value".to_owned(),
                Some(10),
                "`commonEnv[2].value` (`PAT_CREATION_DISABLED`) is `no`, expected true or false".to_owned()
            ),
        ]
    );
}

#[test]
fn helm_near_misses_and_misplaced_settings_warn() -> R {
    let loaded = from_helm_values(concat!(
        "workspaceScopeOrgInvitesEnabled: true\n",
        "commonEnvs: []\n",
        "config:\n",
        "  workspaceScopeOrgInviteEnabled: true\n",
        "  patCreationDisabled: true\n",
        "  basicAuth:\n",
        "    enable: true\n",
        "  hostname: langsmith.example.com\n",
        "commonEnv:\n",
        "  - name: FF_PAT_CREATION_DISABLED\n",
        "    value: \"true\"\n",
    ))?;
    assert_eq!(loaded.config, InstanceConfig::default());
    let got: Vec<_> = loaded.warnings.iter().map(|w| (w.key.as_str(), w.line, w.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (
                "workspaceScopeOrgInvitesEnabled",
                Some(1),
                "`workspaceScopeOrgInvitesEnabled` at the top level is ignored; the chart reads `config.workspaceScopeOrgInvitesEnabled`"
            ),
            (
                "commonEnvs",
                Some(2),
                "`commonEnvs` is ignored: it is not a known setting but resembles `commonEnv`"
            ),
            (
                "config.workspaceScopeOrgInviteEnabled",
                Some(4),
                "`config.workspaceScopeOrgInviteEnabled` is ignored: it is not a known setting but resembles `config.workspaceScopeOrgInvitesEnabled`"
            ),
            (
                "config.patCreationDisabled",
                Some(5),
                "`config.patCreationDisabled` is ignored: the chart has no such setting; set `PAT_CREATION_DISABLED` with a `commonEnv` entry"
            ),
            (
                "config.basicAuth.enable",
                Some(7),
                "`config.basicAuth.enable` is ignored: it is not a known setting but resembles `config.basicAuth.enabled`"
            ),
            (
                "commonEnv[0].name",
                Some(10),
                "`FF_PAT_CREATION_DISABLED` (`commonEnv[0].name`) is ignored: it is not a known setting but resembles `PAT_CREATION_DISABLED`"
            ),
        ]
    );
    Ok(())
}

#[test]
fn helm_duplicate_keys_last_wins_with_warning() -> R {
    let loaded = from_helm_values(
        "config:\n  personalOrgsDisabled: true\n  logLevel: info\n  logLevel: debug\n  personalOrgsDisabled: false\n",
    )?;
    assert!(!loaded.config.personal_orgs_disabled);
    assert_eq!(
        loaded.warnings.iter().map(|w| (w.key.as_str(), w.line, w.message.as_str())).collect::<Vec<_>>(),
        vec![(
            "config.personalOrgsDisabled",
            Some(2),
            "`config.personalOrgsDisabled` appears more than once in the same mapping; the last one (line 5) is used"
        )]
    );
    // A repeated `config:` block replaces the earlier one entirely.
    let loaded = from_helm_values("config:\n  personalOrgsDisabled: true\nconfig:\n  authType: oauth\n")?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    assert!(loaded.config.personal_orgs_disabled, "oauth default, not the dropped block");
    assert_eq!(warning_keys(&loaded), vec!["config"]);
    Ok(())
}

#[test]
fn yaml_syntax_errors_carry_the_line() {
    assert_eq!(
        helm_err("config:\n  authType: [mixed\n"),
        vec![(
            "values.yaml".to_owned(),
            Some(2),
            "`values.yaml` is not valid YAML: unclosed bracket '[' (column 13)".to_owned()
        )]
    );
    let errors = helm_err("config:\n  authType: mixed\n---\nconfig: {}\n");
    assert_eq!(
        errors.first().map(|e| e.2.as_str()),
        Some("`values.yaml` is not valid YAML: it holds more than one YAML document, expected one (column 1)")
    );
    assert_eq!(
        helm_err("- a\n- b\n"),
        vec![(
            "values.yaml".to_owned(),
            Some(1),
            "`values.yaml` must be a mapping of settings, found a list".to_owned()
        )]
    );
    assert_eq!(
        helm_err("config: true\n"),
        vec![("config".to_owned(), Some(1), "`config` must be a mapping, found a boolean".to_owned())]
    );
    assert_eq!(
        helm_err("commonEnv: {name: X}\n"),
        vec![(
            "commonEnv".to_owned(),
            Some(1),
            "`commonEnv` must be a list of `name`/`value` entries, found a mapping".to_owned()
        )]
    );
}

#[test]
fn deep_yaml_is_refused_before_the_stack_runs_out() {
    let mut deep_block = String::new();
    for depth in 0..500 {
        deep_block.push_str(&" ".repeat(depth));
        deep_block.push_str("k:\n");
    }
    let errors = helm_err(&deep_block);
    assert_eq!(
        errors.first().map(|e| e.2.as_str()),
        Some("`values.yaml` is not valid YAML: it is nested more than 24 levels deep (column 25)")
    );
    // Twenty levels, deeper than any real values.yaml, still load.
    let mut ok = String::from("config:\n  authType: oauth\n");
    for depth in 0..20 {
        ok.push_str(&" ".repeat(depth));
        ok.push_str("k:\n");
    }
    assert_eq!(from_helm_values(&ok).ok().map(|l| l.config.auth_mode), Some(AuthMode::Oauth));
}

#[test]
fn hostile_yaml_does_not_panic() {
    let deep_flow = format!("a: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let mut deep_block = String::new();
    for depth in 0..500 {
        deep_block.push_str(&" ".repeat(depth));
        deep_block.push_str("k:\n");
    }
    let bomb = concat!(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n",
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
    );
    for text in [
        deep_flow.as_str(),
        deep_block.as_str(),
        bomb,
        "\u{0}",
        "? [a]\n: b\n",
        "config: *nope\n",
        "config:\n\t- x\n",
        "!!binary aGVsbG8=\n",
        "config: !!map {}\n",
        "config:\n  authType: !custom mixed\n",
    ] {
        let _ = from_helm_values(text);
    }
}

// ----------------------------------------------------------- from_sources

#[test]
fn env_overrides_helm_values_with_a_warning() -> R {
    let helm = "config:\n  workspaceScopeOrgInvitesEnabled: false\n  authType: oauth\n  oauth:\n    enabled: true\n";
    let env = "WORKSPACE_SCOPE_ORG_INVITES_ENABLED=true\nPAT_CREATION_DISABLED=true\n";
    let loaded = from_sources(Some(helm), Some(env))?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth);
    assert!(loaded.config.workspace_scope_org_invites_enabled);
    assert!(loaded.config.pat_creation_disabled);
    assert_eq!(
        loaded.warnings.iter().map(|w| (w.key.as_str(), w.message.as_str())).collect::<Vec<_>>(),
        vec![(
            "config.workspaceScopeOrgInvitesEnabled",
            "`config.workspaceScopeOrgInvitesEnabled` is `false` but `WORKSPACE_SCOPE_ORG_INVITES_ENABLED` is `true`; `WORKSPACE_SCOPE_ORG_INVITES_ENABLED` wins because `.env` settings override values.yaml"
        )]
    );
    // Each document alone.
    assert_eq!(from_sources(Some(helm), None)?, from_helm_values(helm)?);
    assert_eq!(from_sources(None, Some(env))?, from_env(env)?);
    Ok(())
}

#[test]
fn from_sources_collects_errors_of_both_documents() {
    let result =
        from_sources(Some("config:\n  personalOrgsDisabled: maybe\n"), Some("PAT_CREATION_DISABLED=sometimes\n"));
    let keys: Vec<_> = result.err().map(|e| e.0.into_iter().map(|e| e.key).collect()).unwrap_or_default();
    assert_eq!(keys, vec!["config.personalOrgsDisabled", "PAT_CREATION_DISABLED"]);
}

#[test]
fn cross_document_auth_rules() {
    // Basic auth switched on in values.yaml, the e-mail missing in both.
    let err =
        from_sources(Some("config:\n  authType: mixed\n  basicAuth:\n    enabled: true\n"), Some("LOG_LEVEL=info\n"));
    assert_eq!(
        err.err().and_then(|e| e.0.first().map(|e| e.key.clone())),
        Some("config.initialOrgAdminEmail".to_owned())
    );
    // ... and supplied by the .env.
    let ok = from_sources(
        Some("config:\n  authType: mixed\n  basicAuth:\n    enabled: true\n"),
        Some("INITIAL_ORG_ADMIN_EMAIL=admin@example.com\n"),
    );
    assert_eq!(ok.ok().map(|l| l.config.auth_mode), Some(AuthMode::Basic));
}

#[test]
fn loaded_config_serializes_camel_case() -> Result<(), serde_json::Error> {
    let loaded = from_env("WORKSPACE_SCOPE_ORG_INVITE_ENABLED=true\n").map_err(serde::ser::Error::custom)?;
    let json = serde_json::to_value(&loaded)?;
    assert_eq!(json.pointer("/config/authMode"), Some(&serde_json::json!("none")));
    assert_eq!(json.pointer("/config/workspaceScopeOrgInvitesEnabled"), Some(&serde_json::json!(false)));
    assert_eq!(json.pointer("/warnings/0/key"), Some(&serde_json::json!("WORKSPACE_SCOPE_ORG_INVITE_ENABLED")));
    assert_eq!(json.pointer("/warnings/0/line"), Some(&serde_json::json!(1)));
    Ok(())
}

#[test]
fn yaml_merge_keys_override_without_warnings() -> R {
    let text =
        "base: &base\n  authType: mixed\n  personalOrgsDisabled: true\nconfig:\n  <<: *base\n  authType: oauth\n";
    let loaded = from_helm_values(text)?;
    assert_eq!(loaded.config.auth_mode, AuthMode::Oauth, "the explicit key after the merge wins");
    assert!(loaded.config.personal_orgs_disabled, "the merged key is read");
    assert!(loaded.warnings.iter().all(|w| !w.message.contains("more than once")), "{:?}", loaded.warnings);
    // Keys repeated outside merges are still reported.
    let loaded = from_helm_values("config:\n  authType: mixed\n  authType: oauth\n")?;
    assert_eq!(warning_keys(&loaded), vec!["config.authType"]);
    Ok(())
}
