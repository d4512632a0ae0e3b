//! Instance configuration: the self-hosted switches of DOMAIN §5.
//!
//! [`InstanceConfig`] is the resolved form the engine uses. It can be built
//! directly (serde, camelCase; omitted switches take the auth mode's
//! defaults), or read from a Docker `.env` text ([`from_env`]), a Helm
//! `values.yaml` text ([`from_helm_values`]) or both ([`from_sources`]).

mod env;
mod error;
mod helm;
mod input;
mod keys;
mod resolve;
mod yaml;

pub use error::{ConfigError, ConfigErrors, ConfigWarning};
pub use input::ConfigInput;

use crate::json::{FromJson, Json, JsonError, Obj, Path, ToJson};
use resolve::{Layer, Style};

crate::json::json_names! {
    /// How users sign in to the instance.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum AuthMode {
        /// No authentication (single default user).
        #[default]
        None = "none",
        /// Basic auth (`authType: mixed`, `BASIC_AUTH_ENABLED=true`).
        Basic = "basic",
        /// OAuth / OIDC single sign-on (`authType: oauth`).
        Oauth = "oauth",
    }
}

/// The resolved instance switches.
///
/// Deserializing goes through [`ConfigInput`]: every field may be omitted
/// and then takes the auth mode's default, unknown fields are refused, and
/// basic auth needs `initialOrgAdminEmail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceConfig {
    pub auth_mode: AuthMode,
    /// Workspace Admins may invite people who are not yet in the org.
    pub workspace_scope_org_invites_enabled: bool,
    /// Nobody may create an organization.
    pub org_creation_disabled: bool,
    /// No personal organization is made on first login, and none can be created.
    pub personal_orgs_disabled: bool,
    /// No new personal access tokens in any organization.
    pub pat_creation_disabled: bool,
    /// Instance-wide JIT override: `false` disables JIT in every org.
    pub jit_provisioning_enabled: bool,
    pub initial_org_admin_email: Option<String>,
    pub initial_org_name: String,
    pub default_workspace_name: String,
}

/// Reads a [`ConfigInput`] and resolves it; the problems of the resolved
/// whole (basic auth without an admin e-mail, blank names) are reported
/// together, at the object's path.
impl FromJson for InstanceConfig {
    fn from_json(v: &Json<'_>, at: &Path<'_>) -> Result<Self, JsonError> {
        let input = ConfigInput::from_json(v, at)?;
        InstanceConfig::try_from(input).map_err(|errs| at.error(errs.to_string()))
    }
}

impl ToJson for InstanceConfig {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("authMode", &self.auth_mode)
            .field("workspaceScopeOrgInvitesEnabled", &self.workspace_scope_org_invites_enabled)
            .field("orgCreationDisabled", &self.org_creation_disabled)
            .field("personalOrgsDisabled", &self.personal_orgs_disabled)
            .field("patCreationDisabled", &self.pat_creation_disabled)
            .field("jitProvisioningEnabled", &self.jit_provisioning_enabled)
            .field("initialOrgAdminEmail", &self.initial_org_admin_email)
            .field("initialOrgName", &self.initial_org_name)
            .field("defaultWorkspaceName", &self.default_workspace_name)
            .done()
    }
}

crate::json::serde_via_json!(InstanceConfig);

impl InstanceConfig {
    /// The DOMAIN §5 defaults for an auth mode: org creation and personal
    /// orgs are disabled under basic auth and OAuth (not without auth);
    /// workspace-scope invites off; PAT creation allowed; JIT provisioning
    /// on; first organization `Default`, first workspace `Workspace 1`; no
    /// initial org admin e-mail.
    #[must_use]
    pub fn for_auth_mode(mode: AuthMode) -> Self {
        let authenticated = matches!(mode, AuthMode::Basic | AuthMode::Oauth);
        Self {
            auth_mode: mode,
            workspace_scope_org_invites_enabled: false,
            org_creation_disabled: authenticated,
            personal_orgs_disabled: authenticated,
            pat_creation_disabled: false,
            jit_provisioning_enabled: true,
            initial_org_admin_email: None,
            initial_org_name: "Default".to_owned(),
            default_workspace_name: "Workspace 1".to_owned(),
        }
    }
}

impl Default for InstanceConfig {
    /// The defaults without authentication: `for_auth_mode(AuthMode::None)`.
    fn default() -> Self {
        Self::for_auth_mode(AuthMode::None)
    }
}

/// A configuration read from documents, with the warnings found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub config: InstanceConfig,
    /// Near-misses of known names, overridden values, duplicates: things
    /// that did not stop loading but may not do what was meant.
    pub warnings: Vec<ConfigWarning>,
}

impl ToJson for LoadedConfig {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("config", &self.config).field("warnings", &self.warnings).done()
    }
}

crate::json::serialize_via_json!(LoadedConfig);

/// Read a Docker Compose `.env` text.
///
/// Known names are those of DOMAIN §5 (`WORKSPACE_SCOPE_ORG_INVITES_ENABLED`
/// and `FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED`, `FF_ORG_CREATION_DISABLED` and
/// `ORG_CREATION_DISABLED`, `FF_PERSONAL_ORGS_DISABLED` and
/// `PERSONAL_ORGS_DISABLED`, `PAT_CREATION_DISABLED`,
/// `SELF_HOSTED_JIT_PROVISIONING_ENABLED`, `AUTH_TYPE`, `BASIC_AUTH_ENABLED`,
/// `OAUTH_ENABLED`, `OAUTH_CLIENT_ID`, `OAUTH_ISSUER_URL`,
/// `INITIAL_ORG_ADMIN_EMAIL`, `INITIAL_ORG_NAME`, `DEFAULT_WORKSPACE_NAME`);
/// every other variable is ignored, near-misses of known names are warnings.
///
/// Booleans are `true` / `false` in any letter case, quoted or not. `1`,
/// `0`, `yes`, `no` are errors: the platform compares the text with
/// `"true"`, so they would silently mean false. An empty value (`KEY=`)
/// counts as unset. When both spellings of one switch are set, the `FF_`
/// one (what the backend reads) wins; a variable set twice keeps its last
/// value (as Docker Compose does); both cases warn when the values differ.
///
/// # Errors
/// [`ConfigErrors`] listing every malformed line, invalid value and broken
/// rule (see [`from_sources`]).
pub fn from_env(text: &str) -> Result<LoadedConfig, ConfigErrors> {
    finish(env::parse(text), Style::Env)
}

/// Read a Helm `values.yaml` text.
///
/// Read: `config.workspaceScopeOrgInvitesEnabled`,
/// `config.userOrgCreationDisabled` (older `config.orgCreationDisabled`),
/// `config.personalOrgsDisabled`, `config.authType` (`mixed`, `oauth`,
/// `none`, empty = unset), `config.basicAuth.enabled`, `config.oauth.enabled`,
/// `config.initialOrgAdminEmail` (older `config.basicAuth.initialOrgAdminEmail`),
/// `config.initialOrgName`, `config.defaultWorkspaceName`, and `commonEnv`
/// entries (`{name, value}`) carrying any name [`from_env`] knows. The chart
/// appends `commonEnv` after its own environment, so an entry there wins over
/// the `config.*` key (with a warning when they disagree); where two
/// spellings are present the current one wins. Booleans may be YAML booleans
/// (including YAML 1.1 `yes`/`on`, as Helm reads them) or the strings `"true"`
/// / `"false"`. Every other key is ignored; near-misses of the keys above,
/// switches put where the chart does not read them (`config.patCreationDisabled`),
/// repeated keys (the last one is used), YAML booleans in `commonEnv` values
/// and `valueFrom` entries (unreadable here) are warnings. Documents nested
/// more than 24 levels deep are refused.
///
/// # Errors
/// [`ConfigErrors`] for a YAML syntax error (with its line), values of the
/// wrong shape or kind, and broken rules (see [`from_sources`]).
pub fn from_helm_values(text: &str) -> Result<LoadedConfig, ConfigErrors> {
    finish(helm::parse(text), Style::Helm)
}

/// Read a `values.yaml` and a `.env` together; `.env` values override
/// `values.yaml` values (with a warning when they differ). Problems of both
/// documents are reported together. With neither document, the defaults of
/// [`InstanceConfig::default`].
///
/// Auth mode: basic auth when `BASIC_AUTH_ENABLED` / `config.basicAuth.enabled`
/// is true, or `AUTH_TYPE` / `config.authType` is `mixed` with no OAuth set-up
/// (and basic auth not explicitly off); OAuth when `config.oauth.enabled` /
/// `OAUTH_ENABLED` is true, the auth type is `oauth`, or the auth type is
/// `mixed` with `OAUTH_CLIENT_ID` / `OAUTH_ISSUER_URL` set (OAuth with a client
/// secret) and basic auth not switched on; otherwise none. Org creation and
/// personal orgs then default by that mode unless set explicitly.
///
/// # Errors
/// [`ConfigErrors`] (code `CONFIG_INVALID`) with every problem: malformed
/// `.env` lines, YAML syntax errors, values that are not booleans or not one
/// of the accepted auth types, basic auth and OAuth both enabled, basic auth
/// without auth type `mixed`, auth type `mixed` with both methods off, auth
/// type `oauth` with OAuth disabled (or `none` with OAuth enabled), and basic
/// auth without a plausible initial org admin e-mail.
pub fn from_sources(helm_values: Option<&str>, env: Option<&str>) -> Result<LoadedConfig, ConfigErrors> {
    let mut layer = Layer::default();
    if let Some(text) = helm_values {
        layer.append(helm::parse(text));
    }
    if let Some(text) = env {
        layer.append(env::parse(text));
    }
    let style = if env.is_some() || helm_values.is_none() { Style::Env } else { Style::Helm };
    finish(layer, style)
}

fn finish(layer: Layer, style: Style) -> Result<LoadedConfig, ConfigErrors> {
    let Layer { entries, mut errors, mut warnings, near_misses } = layer;
    let merged = resolve::merge(entries, &mut warnings);
    let config = resolve::resolve(&merged, style, &near_misses, &mut errors, &mut warnings);
    if errors.is_empty() {
        Ok(LoadedConfig { config, warnings })
    } else {
        Err(ConfigErrors(errors))
    }
}

#[cfg(test)]
mod tests;
