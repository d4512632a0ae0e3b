//! The configuration object as JavaScript callers and JSON scenario files
//! write it: `{"authMode": "oauth", "workspaceScopeOrgInvitesEnabled": true}`.

use super::error::{ConfigError, ConfigErrors};
use super::{AuthMode, InstanceConfig};
use crate::json::{Fields, FromJson, Json, JsonError, Obj, Path, ToJson};
use crate::rules::basic_auth_admin_email;

/// Input form of [`InstanceConfig`]: every field optional, camelCase,
/// unknown fields refused. Omitted (or `null`) switches take the defaults of
/// the auth mode (DOMAIN §5, see [`InstanceConfig::for_auth_mode`]).
///
/// Validation: `authMode: "basic"` needs a plausible `initialOrgAdminEmail`;
/// `initialOrgName` and `defaultWorkspaceName`, when given, must not be
/// blank. Names and the e-mail are trimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigInput {
    pub auth_mode: Option<AuthMode>,
    pub workspace_scope_org_invites_enabled: Option<bool>,
    pub org_creation_disabled: Option<bool>,
    pub personal_orgs_disabled: Option<bool>,
    pub pat_creation_disabled: Option<bool>,
    pub jit_provisioning_enabled: Option<bool>,
    pub initial_org_admin_email: Option<String>,
    pub initial_org_name: Option<String>,
    pub default_workspace_name: Option<String>,
}

impl FromJson for ConfigInput {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let f = Fields::of(
            v,
            at,
            "an object",
            &[
                "authMode",
                "workspaceScopeOrgInvitesEnabled",
                "orgCreationDisabled",
                "personalOrgsDisabled",
                "patCreationDisabled",
                "jitProvisioningEnabled",
                "initialOrgAdminEmail",
                "initialOrgName",
                "defaultWorkspaceName",
            ],
        )?;
        Ok(ConfigInput {
            auth_mode: f.opt("authMode")?,
            workspace_scope_org_invites_enabled: f.opt("workspaceScopeOrgInvitesEnabled")?,
            org_creation_disabled: f.opt("orgCreationDisabled")?,
            personal_orgs_disabled: f.opt("personalOrgsDisabled")?,
            pat_creation_disabled: f.opt("patCreationDisabled")?,
            jit_provisioning_enabled: f.opt("jitProvisioningEnabled")?,
            initial_org_admin_email: f.opt("initialOrgAdminEmail")?,
            initial_org_name: f.opt("initialOrgName")?,
            default_workspace_name: f.opt("defaultWorkspaceName")?,
        })
    }
}

impl ToJson for ConfigInput {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .some("authMode", &self.auth_mode)
            .some("workspaceScopeOrgInvitesEnabled", &self.workspace_scope_org_invites_enabled)
            .some("orgCreationDisabled", &self.org_creation_disabled)
            .some("personalOrgsDisabled", &self.personal_orgs_disabled)
            .some("patCreationDisabled", &self.pat_creation_disabled)
            .some("jitProvisioningEnabled", &self.jit_provisioning_enabled)
            .some("initialOrgAdminEmail", &self.initial_org_admin_email)
            .some("initialOrgName", &self.initial_org_name)
            .some("defaultWorkspaceName", &self.default_workspace_name)
            .done()
    }
}

crate::json::serde_via_json!(ConfigInput);

impl TryFrom<ConfigInput> for InstanceConfig {
    type Error = ConfigErrors;

    fn try_from(input: ConfigInput) -> Result<Self, Self::Error> {
        let mode = input.auth_mode.unwrap_or_default();
        let mut errors = Vec::new();
        let mut config = InstanceConfig::for_auth_mode(mode);

        let or_default = |value: Option<bool>, default: bool| value.unwrap_or(default);
        config.workspace_scope_org_invites_enabled =
            or_default(input.workspace_scope_org_invites_enabled, config.workspace_scope_org_invites_enabled);
        config.org_creation_disabled = or_default(input.org_creation_disabled, config.org_creation_disabled);
        config.personal_orgs_disabled = or_default(input.personal_orgs_disabled, config.personal_orgs_disabled);
        config.pat_creation_disabled = or_default(input.pat_creation_disabled, config.pat_creation_disabled);
        config.jit_provisioning_enabled = or_default(input.jit_provisioning_enabled, config.jit_provisioning_enabled);

        let email = input.initial_org_admin_email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
        if mode == AuthMode::Basic {
            if let Err(problem) = basic_auth_admin_email(email.as_deref()) {
                crate::text::cold(|| {
                    let message = problem.message("`initialOrgAdminEmail`", email.as_deref().unwrap_or_default());
                    let error = ConfigError::new("initialOrgAdminEmail", message);
                    errors.push(match &email {
                        Some(address) => error.with_value(address.clone()),
                        None => error,
                    });
                });
            }
        }
        config.initial_org_admin_email = email;

        for (field, value, target) in [
            ("initialOrgName", input.initial_org_name, &mut config.initial_org_name),
            ("defaultWorkspaceName", input.default_workspace_name, &mut config.default_workspace_name),
        ] {
            if let Some(value) = value {
                let trimmed = value.trim();
                if trimmed.is_empty() {
                    crate::text::cold(|| {
                        errors.push(
                            ConfigError::new(field, format!("`{field}` is empty, expected a name"))
                                .with_value(value.clone()),
                        )
                    });
                } else {
                    *target = trimmed.to_owned();
                }
            }
        }

        if errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigErrors(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn from_json(value: serde_json::Value) -> Result<InstanceConfig, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn omitted_fields_take_the_auth_mode_defaults() -> Result<(), serde_json::Error> {
        let c = from_json(json!({"authMode": "oauth", "workspaceScopeOrgInvitesEnabled": true}))?;
        assert_eq!(c.auth_mode, AuthMode::Oauth);
        assert!(c.workspace_scope_org_invites_enabled);
        assert!(c.org_creation_disabled);
        assert!(c.personal_orgs_disabled);
        assert!(!c.pat_creation_disabled);
        assert!(c.jit_provisioning_enabled);
        assert_eq!(c.initial_org_name, "Default");
        assert_eq!(c.default_workspace_name, "Workspace 1");

        assert_eq!(from_json(json!({}))?, InstanceConfig::default());
        let c = from_json(json!({"authMode": null, "orgCreationDisabled": null}))?;
        assert_eq!(c, InstanceConfig::default());
        Ok(())
    }

    #[test]
    fn explicit_values_override_defaults() -> Result<(), serde_json::Error> {
        let c = from_json(json!({
            "authMode": "basic",
            "initialOrgAdminEmail": " admin@example.com ",
            "orgCreationDisabled": false,
            "personalOrgsDisabled": false,
            "patCreationDisabled": true,
            "jitProvisioningEnabled": false,
            "initialOrgName": "Acme",
            "defaultWorkspaceName": "Main"
        }))?;
        assert_eq!(c.auth_mode, AuthMode::Basic);
        assert!(!c.org_creation_disabled);
        assert!(!c.personal_orgs_disabled);
        assert!(c.pat_creation_disabled);
        assert!(!c.jit_provisioning_enabled);
        assert_eq!(c.initial_org_admin_email.as_deref(), Some("admin@example.com"));
        assert_eq!(c.initial_org_name, "Acme");
        assert_eq!(c.default_workspace_name, "Main");
        Ok(())
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = from_json(json!({"authMode": "none", "workspaceScopeOrgInviteEnabled": true}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown field `workspaceScopeOrgInviteEnabled`"), "{err}");
        let err = from_json(json!({"authMode": "mixed"})).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("unknown variant `mixed`"), "{err}");
        let err = from_json(json!({"patCreationDisabled": "true"})).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("patCreationDisabled: wrong type: expected a boolean"), "{err}");
    }

    #[test]
    fn basic_auth_requires_an_admin_email_and_all_problems_are_reported() {
        let err = InstanceConfig::try_from(ConfigInput {
            auth_mode: Some(AuthMode::Basic),
            initial_org_name: Some("  ".to_owned()),
            default_workspace_name: Some(String::new()),
            ..ConfigInput::default()
        })
        .err();
        let keys: Vec<_> = err.iter().flat_map(|e| e.0.iter().map(|e| e.key.as_str())).collect();
        assert_eq!(keys, vec!["initialOrgAdminEmail", "initialOrgName", "defaultWorkspaceName"]);

        let err = from_json(json!({"authMode": "basic"})).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            err.contains("basic auth needs an initial organization admin e-mail: set `initialOrgAdminEmail`"),
            "{err}"
        );
        let err = from_json(json!({"authMode": "basic", "initialOrgAdminEmail": "your-email"}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("`initialOrgAdminEmail` is `your-email`, expected an e-mail address"), "{err}");
    }

    #[test]
    fn serialized_config_round_trips() -> Result<(), serde_json::Error> {
        for mode in [AuthMode::None, AuthMode::Basic, AuthMode::Oauth] {
            let mut c = InstanceConfig::for_auth_mode(mode);
            c.initial_org_admin_email = Some("admin@example.com".to_owned());
            c.pat_creation_disabled = true;
            let json = serde_json::to_value(&c)?;
            assert_eq!(from_json(json)?, c);
        }
        Ok(())
    }
}
