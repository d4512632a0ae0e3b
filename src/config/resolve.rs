//! From settings read out of documents to an [`InstanceConfig`].
//!
//! Each reader (`.env`, `values.yaml`) turns its document into a [`Layer`]:
//! typed [`Entry`]s plus the errors and warnings found while reading. The
//! layers are merged (the highest [`Rank`] wins for each switch, with a
//! warning when a different value is overridden), then [`resolve`] works out
//! the auth mode, applies the DOMAIN §5 defaults for it and checks the
//! cross-field rules.

use std::collections::BTreeMap;
use std::fmt;

use super::error::{ConfigError, ConfigWarning};
use super::keys::{Kind, Switch};
use super::{AuthMode, InstanceConfig};
use crate::rules::basic_auth_admin_email;

/// `AUTH_TYPE` / `config.authType` as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthType {
    Mixed,
    Oauth,
    None,
}

/// A parsed setting value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Bool(bool),
    Text(String),
    Auth(AuthType),
    /// Present but blank (`KEY=`, `key: ""`, `key: ~`): the same as unset,
    /// but it still overrides an earlier value of the same switch.
    Empty,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Text(t) => f.write_str(&excerpt(t)),
            Self::Auth(AuthType::Mixed) => f.write_str("mixed"),
            Self::Auth(AuthType::Oauth) => f.write_str("oauth"),
            Self::Auth(AuthType::None) => f.write_str("none"),
            Self::Empty => Ok(()),
        }
    }
}

/// Where an entry came from; later sources override earlier ones.
pub(crate) const SOURCE_HELM_CONFIG: u8 = 0;
/// Helm `commonEnv` entries are appended after the chart's own environment.
pub(crate) const SOURCE_HELM_COMMON_ENV: u8 = 1;
/// A `.env` file overrides `values.yaml` in [`super::from_sources`].
pub(crate) const SOURCE_ENV: u8 = 2;

/// Precedence of an entry: source first, then the spelling's rank (`FF_...`
/// over the unprefixed name, `userOrgCreationDisabled` over
/// `orgCreationDisabled`), then position in the document (last wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    pub(crate) source: u8,
    pub(crate) alias: u8,
    pub(crate) order: usize,
}

/// How to name a setting that is missing: as a `.env` variable or as a
/// `values.yaml` path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Env,
    Helm,
}

/// One setting read from a document.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) switch: Switch,
    pub(crate) value: Value,
    /// Path or variable name, used as the `key` of errors and warnings.
    pub(crate) key: String,
    /// How the setting is named in messages, backticks included.
    pub(crate) label: String,
    pub(crate) line: Option<usize>,
    pub(crate) rank: Rank,
    pub(crate) style: Style,
}

/// A name that resembles a known one; kept to explain "missing" errors.
#[derive(Debug, Clone)]
pub(crate) struct NearMiss {
    pub(crate) key: String,
    pub(crate) resembles: String,
    pub(crate) line: Option<usize>,
}

/// What one document contributed.
#[derive(Debug, Default)]
pub(crate) struct Layer {
    pub(crate) entries: Vec<Entry>,
    pub(crate) errors: Vec<ConfigError>,
    pub(crate) warnings: Vec<ConfigWarning>,
    pub(crate) near_misses: Vec<NearMiss>,
}

impl Layer {
    pub(crate) fn near_miss(&mut self, key: &str, label: &str, resembles: &str, line: Option<usize>) {
        self.warnings.push(ConfigWarning::new(
            key,
            format!("{label} is ignored: it is not a known setting but resembles `{resembles}`"),
            line,
        ));
        self.near_misses.push(NearMiss { key: key.to_owned(), resembles: resembles.to_owned(), line });
    }

    pub(crate) fn append(&mut self, other: Layer) {
        self.entries.extend(other.entries);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.near_misses.extend(other.near_misses);
    }
}

/// Shorten a value quoted in a message.
pub(crate) fn excerpt(s: &str) -> String {
    const MAX: usize = 60;
    let one_line = s.replace(['\n', '\r'], " ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let mut cut: String = one_line.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

/// Parse the raw text of a setting. Blank text is [`Value::Empty`].
///
/// Booleans are `true` or `false` in any letter case; `1`, `0`, `yes`, `no`,
/// `on`, `off` are refused because the platform compares the string with
/// `"true"`, so they would silently mean false.
pub(crate) fn parse_value(
    switch: Switch,
    raw: &str,
    key: &str,
    label: &str,
    line: Option<usize>,
) -> Result<Value, ConfigError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(Value::Empty);
    }
    let invalid = |expected: &str| {
        ConfigError::new(key, format!("{label} is `{}`, {expected}", excerpt(raw))).with_value(raw).at_line(line)
    };
    match switch.kind() {
        Kind::Bool => {
            if text.eq_ignore_ascii_case("true") {
                Ok(Value::Bool(true))
            } else if text.eq_ignore_ascii_case("false") {
                Ok(Value::Bool(false))
            } else {
                Err(invalid("expected true or false"))
            }
        }
        Kind::AuthType => match text {
            "mixed" => Ok(Value::Auth(AuthType::Mixed)),
            "oauth" => Ok(Value::Auth(AuthType::Oauth)),
            "none" => Ok(Value::Auth(AuthType::None)),
            _ => Err(invalid("expected one of `mixed`, `oauth`, `none`")),
        },
        Kind::Text => Ok(Value::Text(text.to_owned())),
    }
}

/// Keep the highest-ranked entry of each switch; warn when an entry with a
/// different value loses.
pub(crate) fn merge(entries: Vec<Entry>, warnings: &mut Vec<ConfigWarning>) -> BTreeMap<Switch, Entry> {
    let mut merged: BTreeMap<Switch, Entry> = BTreeMap::new();
    for entry in entries {
        match merged.remove(&entry.switch) {
            None => {
                merged.insert(entry.switch, entry);
            }
            Some(old) => {
                let (winner, loser) = if entry.rank >= old.rank { (entry, old) } else { (old, entry) };
                if winner.value != loser.value {
                    warnings.push(override_warning(&winner, &loser));
                }
                merged.insert(winner.switch, winner);
            }
        }
    }
    merged
}

fn override_warning(winner: &Entry, loser: &Entry) -> ConfigWarning {
    let at = |line: Option<usize>| line.map(|l| format!(" (line {l})")).unwrap_or_default();
    let message = if winner.key == loser.key {
        format!(
            "{} is set more than once with different values: `{}`{} wins over `{}`{}",
            winner.label,
            winner.value,
            at(winner.line),
            loser.value,
            at(loser.line)
        )
    } else {
        let reason = if winner.rank.source == SOURCE_ENV && loser.rank.source != SOURCE_ENV {
            " because `.env` settings override values.yaml"
        } else if winner.rank.source == SOURCE_HELM_COMMON_ENV && loser.rank.source == SOURCE_HELM_CONFIG {
            " because `commonEnv` comes after the chart's own environment"
        } else {
            ""
        };
        format!(
            "{} is `{}` but {} is `{}`; {} wins{reason}",
            loser.label, loser.value, winner.label, winner.value, winner.label
        )
    };
    ConfigWarning::new(loser.key.clone(), message, loser.line)
}

struct Names {
    auth_type: &'static str,
    email: &'static str,
    email_hint: &'static str,
}

fn names(style: Style) -> Names {
    match style {
        Style::Env => {
            Names { auth_type: "AUTH_TYPE", email: "INITIAL_ORG_ADMIN_EMAIL", email_hint: "`INITIAL_ORG_ADMIN_EMAIL`" }
        }
        Style::Helm => Names {
            auth_type: "config.authType",
            email: "config.initialOrgAdminEmail",
            email_hint: "`config.initialOrgAdminEmail` (or `config.basicAuth.initialOrgAdminEmail`)",
        },
    }
}

/// The auth-related settings, as merged.
struct AuthInputs<'a> {
    auth_type: Option<(AuthType, &'a Entry)>,
    basic: Option<(bool, &'a Entry)>,
    oauth_flag: Option<(bool, &'a Entry)>,
    credentials: Option<&'a Entry>,
}

/// Lookups in the merged settings; blank values count as unset.
struct Merged<'a>(&'a BTreeMap<Switch, Entry>);

impl<'a> Merged<'a> {
    fn get(&self, s: Switch) -> Option<&'a Entry> {
        self.0.get(&s).filter(|e| e.value != Value::Empty)
    }
    fn flag(&self, s: Switch) -> Option<(bool, &'a Entry)> {
        self.get(s).and_then(|e| match e.value {
            Value::Bool(b) => Some((b, e)),
            _ => None,
        })
    }
    fn text(&self, s: Switch) -> Option<(&'a str, &'a Entry)> {
        self.get(s).and_then(|e| match &e.value {
            Value::Text(t) => Some((t.as_str(), e)),
            _ => None,
        })
    }
    fn auth(&self) -> AuthInputs<'a> {
        AuthInputs {
            auth_type: self.get(Switch::AuthType).and_then(|e| match e.value {
                Value::Auth(a) => Some((a, e)),
                _ => None,
            }),
            basic: self.flag(Switch::BasicAuthEnabled),
            oauth_flag: self.flag(Switch::OauthEnabled),
            credentials: self.get(Switch::OauthClientId).or_else(|| self.get(Switch::OauthIssuerUrl)),
        }
    }
}

/// Work out the auth mode and the switches; push every rule violation.
///
/// Auth mode (DOMAIN §5, plus how the platform reads its settings):
/// - basic auth is on when `BASIC_AUTH_ENABLED` / `config.basicAuth.enabled`
///   is true, or when the auth type is `mixed`, basic auth is not explicitly
///   off and OAuth is not configured;
/// - OAuth is on when `config.oauth.enabled` / `OAUTH_ENABLED` is true, when
///   the auth type is `oauth`, or when the auth type is `mixed` with OAuth
///   client settings (`OAUTH_CLIENT_ID` / `OAUTH_ISSUER_URL`, the documented
///   OAuth-with-client-secret set-up) and basic auth not switched on;
/// - both on, basic auth without auth type `mixed`, or basic auth without an
///   initial org admin e-mail are errors.
pub(crate) fn resolve(
    merged: &BTreeMap<Switch, Entry>,
    default_style: Style,
    near_misses: &[NearMiss],
    errors: &mut Vec<ConfigError>,
    warnings: &mut Vec<ConfigWarning>,
) -> InstanceConfig {
    let merged = Merged(merged);
    let auth = merged.auth();
    let mode = auth_mode(&auth, near_misses, errors, warnings);
    if mode == AuthMode::Basic {
        let style = match (auth.basic, auth.auth_type) {
            (Some((_, e)), _) | (None, Some((_, e))) => e.style,
            (None, None) => default_style,
        };
        check_admin_email(merged.text(Switch::InitialOrgAdminEmail), style, near_misses, errors);
    }

    let mut config = InstanceConfig::for_auth_mode(mode);
    let set = |target: &mut bool, s: Switch| {
        if let Some((b, _)) = merged.flag(s) {
            *target = b;
        }
    };
    set(&mut config.workspace_scope_org_invites_enabled, Switch::WorkspaceScopeOrgInvites);
    set(&mut config.org_creation_disabled, Switch::OrgCreationDisabled);
    set(&mut config.personal_orgs_disabled, Switch::PersonalOrgsDisabled);
    set(&mut config.pat_creation_disabled, Switch::PatCreationDisabled);
    set(&mut config.jit_provisioning_enabled, Switch::JitProvisioning);
    config.initial_org_admin_email = merged.text(Switch::InitialOrgAdminEmail).map(|(address, _)| address.to_owned());
    if let Some((name, _)) = merged.text(Switch::InitialOrgName) {
        name.clone_into(&mut config.initial_org_name);
    }
    if let Some((name, _)) = merged.text(Switch::DefaultWorkspaceName) {
        name.clone_into(&mut config.default_workspace_name);
    }
    config
}

fn auth_mode(
    auth: &AuthInputs<'_>,
    near_misses: &[NearMiss],
    errors: &mut Vec<ConfigError>,
    warnings: &mut Vec<ConfigWarning>,
) -> AuthMode {
    let basic_on_explicitly = matches!(auth.basic, Some((true, _)));
    let is_mixed = matches!(auth.auth_type, Some((AuthType::Mixed, _)));

    // What turned OAuth on, if anything.
    let oauth_cause: Option<&Entry> = match (auth.oauth_flag, auth.auth_type) {
        (Some((true, e)), _) | (_, Some((AuthType::Oauth, e))) => Some(e),
        (None, Some((AuthType::Mixed, _))) if !basic_on_explicitly => auth.credentials,
        _ => None,
    };
    let oauth_on = oauth_cause.is_some();
    let basic_on = match auth.basic {
        Some((b, _)) => b,
        None => is_mixed && !oauth_on,
    };

    if let Some(creds) = auth.credentials {
        if auth.oauth_flag.is_none() && auth.auth_type.is_none() {
            warnings.push(ConfigWarning::new(
                creds.key.clone(),
                format!(
                    "{} is set but `AUTH_TYPE` is not; OAuth is only used with `AUTH_TYPE=oauth` or `AUTH_TYPE=mixed`",
                    creds.label
                ),
                creds.line,
            ));
        } else if auth.oauth_flag.is_none() && is_mixed && basic_on_explicitly {
            warnings.push(ConfigWarning::new(
                creds.key.clone(),
                format!("{} is ignored because basic auth is enabled", creds.label),
                creds.line,
            ));
        }
    }

    if let (Some((true, b)), Some(o)) = (auth.basic, oauth_cause) {
        errors.push(
            ConfigError::new(
                b.key.clone(),
                format!(
                    "basic auth and OAuth cannot both be enabled: {} is `true` and {} is `{}`",
                    b.label, o.label, o.value
                ),
            )
            .with_value("true")
            .at_line(b.line),
        );
    } else if let Some((true, b)) = auth.basic {
        basic_needs_mixed(auth.auth_type, b, near_misses, errors);
    }

    if let (Some((AuthType::Mixed, a)), Some((false, b)), false) = (auth.auth_type, auth.basic, oauth_on) {
        errors.push(
            ConfigError::new(
                a.key.clone(),
                format!("{} is `mixed` but neither basic auth nor OAuth is enabled ({} is `false`)", a.label, b.label),
            )
            .with_value("mixed")
            .at_line(a.line),
        );
    }
    if let (Some((AuthType::Oauth, a)), Some((false, o))) = (auth.auth_type, auth.oauth_flag) {
        errors.push(
            ConfigError::new(o.key.clone(), format!("{} is `false` but {} is `oauth`", o.label, a.label))
                .with_value("false")
                .at_line(o.line),
        );
    }
    if let (Some((AuthType::None, a)), Some((true, o))) = (auth.auth_type, auth.oauth_flag) {
        errors.push(
            ConfigError::new(
                a.key.clone(),
                format!("{} is `none` but {} is `true`; expected `oauth` or `mixed`", a.label, o.label),
            )
            .with_value("none")
            .at_line(a.line),
        );
    }

    if basic_on {
        AuthMode::Basic
    } else if oauth_on {
        AuthMode::Oauth
    } else {
        AuthMode::None
    }
}

/// Basic auth is switched on: the auth type must be `mixed`.
fn basic_needs_mixed(
    auth_type: Option<(AuthType, &Entry)>,
    basic: &Entry,
    near_misses: &[NearMiss],
    errors: &mut Vec<ConfigError>,
) {
    match auth_type {
        Some((AuthType::Mixed, _)) => {}
        Some((other, a)) => errors.push(
            ConfigError::new(
                a.key.clone(),
                format!(
                    "basic auth needs {} to be `mixed`, found `{}` ({} is `true`)",
                    a.label,
                    Value::Auth(other),
                    basic.label
                ),
            )
            .with_value(Value::Auth(other).to_string())
            .at_line(a.line),
        ),
        None => {
            let name = names(basic.style).auth_type;
            errors.push(ConfigError::new(
                name,
                format!(
                    "basic auth needs `{name}` set to `mixed`, but it is not set ({} is `true`){}",
                    basic.label,
                    hint(near_misses, name)
                ),
            ));
        }
    }
}

/// Basic auth is on: an initial org admin e-mail is required.
fn check_admin_email(
    email: Option<(&str, &Entry)>,
    style: Style,
    near_misses: &[NearMiss],
    errors: &mut Vec<ConfigError>,
) {
    let Err(problem) = basic_auth_admin_email(email.map(|(address, _)| address)) else {
        return;
    };
    errors.push(match email {
        Some((address, e)) => ConfigError::new(e.key.clone(), problem.message(&e.label, &excerpt(address)))
            .with_value(address)
            .at_line(e.line),
        None => {
            let n = names(style);
            ConfigError::new(n.email, format!("{}{}", problem.message(n.email_hint, ""), hint(near_misses, n.email)))
        }
    });
}

/// "; `X` on line N looks like a misspelling of it" when a near-miss of the
/// missing setting was seen.
fn hint(near_misses: &[NearMiss], wanted: &str) -> String {
    let leaf = |path: &str| path.rsplit('.').next().unwrap_or(path).to_owned();
    let wanted_leaf = leaf(wanted);
    near_misses
        .iter()
        .find(|n| leaf(&n.resembles) == wanted_leaf)
        .map(|n| match n.line {
            Some(line) => format!("; `{}` on line {line} looks like a misspelling of it", n.key),
            None => format!("; `{}` looks like a misspelling of it", n.key),
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(switch: Switch, value: Value, key: &str, rank: (u8, u8, usize)) -> Entry {
        Entry {
            switch,
            value,
            key: key.to_owned(),
            label: format!("`{key}`"),
            line: Some(rank.2),
            rank: Rank { source: rank.0, alias: rank.1, order: rank.2 },
            style: Style::Env,
        }
    }

    #[test]
    fn parse_booleans_case_insensitively_and_refuse_others() {
        let p = |raw: &str| parse_value(Switch::PatCreationDisabled, raw, "K", "`K`", Some(1));
        assert_eq!(p("true"), Ok(Value::Bool(true)));
        assert_eq!(p("TRUE"), Ok(Value::Bool(true)));
        assert_eq!(p(" False "), Ok(Value::Bool(false)));
        assert_eq!(p(""), Ok(Value::Empty));
        for bad in ["1", "0", "yes", "no", "on", "off", "t", "truee"] {
            let err = p(bad).err();
            assert_eq!(
                err.as_ref().map(|e| e.message.as_str()),
                Some(format!("`K` is `{bad}`, expected true or false").as_str())
            );
            assert_eq!(err.and_then(|e| e.value), Some(bad.to_owned()));
        }
    }

    #[test]
    fn parse_auth_types() {
        let p = |raw: &str| parse_value(Switch::AuthType, raw, "AUTH_TYPE", "`AUTH_TYPE`", None);
        assert_eq!(p("mixed"), Ok(Value::Auth(AuthType::Mixed)));
        assert_eq!(p("oauth"), Ok(Value::Auth(AuthType::Oauth)));
        assert_eq!(p("none"), Ok(Value::Auth(AuthType::None)));
        assert_eq!(
            p("basic").err().map(|e| e.message),
            Some("`AUTH_TYPE` is `basic`, expected one of `mixed`, `oauth`, `none`".to_owned())
        );
    }

    #[test]
    fn merge_keeps_highest_rank_and_warns_on_disagreement() {
        let mut warnings = Vec::new();
        let merged = merge(
            vec![
                entry(Switch::OrgCreationDisabled, Value::Bool(true), "FF_ORG_CREATION_DISABLED", (2, 1, 1)),
                entry(Switch::OrgCreationDisabled, Value::Bool(false), "ORG_CREATION_DISABLED", (2, 0, 2)),
                entry(Switch::PatCreationDisabled, Value::Bool(true), "PAT_CREATION_DISABLED", (2, 0, 3)),
                entry(Switch::PatCreationDisabled, Value::Bool(true), "PAT_CREATION_DISABLED", (2, 0, 4)),
            ],
            &mut warnings,
        );
        assert_eq!(merged.get(&Switch::OrgCreationDisabled).map(|e| e.key.as_str()), Some("FF_ORG_CREATION_DISABLED"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings.first().map(|w| w.message.as_str()),
            Some("`ORG_CREATION_DISABLED` is `false` but `FF_ORG_CREATION_DISABLED` is `true`; `FF_ORG_CREATION_DISABLED` wins")
        );
        assert_eq!(warnings.first().map(|w| w.key.as_str()), Some("ORG_CREATION_DISABLED"));
    }

    #[test]
    fn excerpt_shortens_long_values() {
        assert_eq!(excerpt("short"), "short");
        let long = "x".repeat(100);
        assert_eq!(excerpt(&long).chars().count(), 61);
        assert_eq!(excerpt("a\nb"), "a b");
    }
}
