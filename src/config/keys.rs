//! The known setting names of DOMAIN §5 and near-miss detection.
//!
//! Real `.env` and `values.yaml` files hold hundreds of settings this crate
//! does not care about; those are ignored. A name that is *almost* one of ours
//! (edit distance ≤ 2, a singular/plural or letter-case variant, or an `FF_`
//! prefix added or dropped) is most likely a typo that silently leaves a
//! switch at its default, so it is reported as a warning naming the known
//! name it resembles.

/// One instance switch, whatever the spelling it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Switch {
    WorkspaceScopeOrgInvites,
    OrgCreationDisabled,
    PersonalOrgsDisabled,
    PatCreationDisabled,
    JitProvisioning,
    AuthType,
    BasicAuthEnabled,
    OauthEnabled,
    OauthClientId,
    OauthIssuerUrl,
    InitialOrgAdminEmail,
    InitialOrgName,
    DefaultWorkspaceName,
}

/// How a switch's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Text,
    AuthType,
}

impl Switch {
    pub(crate) fn kind(self) -> Kind {
        match self {
            Self::WorkspaceScopeOrgInvites
            | Self::OrgCreationDisabled
            | Self::PersonalOrgsDisabled
            | Self::PatCreationDisabled
            | Self::JitProvisioning
            | Self::BasicAuthEnabled
            | Self::OauthEnabled => Kind::Bool,
            Self::AuthType => Kind::AuthType,
            Self::OauthClientId
            | Self::OauthIssuerUrl
            | Self::InitialOrgAdminEmail
            | Self::InitialOrgName
            | Self::DefaultWorkspaceName => Kind::Text,
        }
    }
}

/// A known name and the switch it sets. When two spellings of one switch are
/// both present, the one with the higher `rank` wins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KnownName {
    pub(crate) name: &'static str,
    pub(crate) switch: Switch,
    pub(crate) rank: u8,
}

const fn known(name: &'static str, switch: Switch, rank: u8) -> KnownName {
    KnownName { name, switch, rank }
}

/// Environment variable names (`.env` and Helm `commonEnv`). The `FF_`
/// spelling is the one the chart emits and the backend reads, so it outranks
/// the unprefixed (documented / older) spelling.
pub(crate) const ENV_NAMES: &[KnownName] = &[
    known("FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED", Switch::WorkspaceScopeOrgInvites, 1),
    known("WORKSPACE_SCOPE_ORG_INVITES_ENABLED", Switch::WorkspaceScopeOrgInvites, 0),
    known("FF_ORG_CREATION_DISABLED", Switch::OrgCreationDisabled, 1),
    known("ORG_CREATION_DISABLED", Switch::OrgCreationDisabled, 0),
    known("FF_PERSONAL_ORGS_DISABLED", Switch::PersonalOrgsDisabled, 1),
    known("PERSONAL_ORGS_DISABLED", Switch::PersonalOrgsDisabled, 0),
    known("PAT_CREATION_DISABLED", Switch::PatCreationDisabled, 0),
    known("SELF_HOSTED_JIT_PROVISIONING_ENABLED", Switch::JitProvisioning, 0),
    known("AUTH_TYPE", Switch::AuthType, 0),
    known("BASIC_AUTH_ENABLED", Switch::BasicAuthEnabled, 0),
    known("OAUTH_ENABLED", Switch::OauthEnabled, 0),
    known("OAUTH_CLIENT_ID", Switch::OauthClientId, 0),
    known("OAUTH_ISSUER_URL", Switch::OauthIssuerUrl, 0),
    known("INITIAL_ORG_ADMIN_EMAIL", Switch::InitialOrgAdminEmail, 0),
    known("INITIAL_ORG_NAME", Switch::InitialOrgName, 0),
    known("DEFAULT_WORKSPACE_NAME", Switch::DefaultWorkspaceName, 0),
];

/// Keys read under `config:` in `values.yaml`. `basicAuth` and `oauth` are
/// mappings walked separately; they are listed for near-miss detection.
pub(crate) const HELM_CONFIG_KEYS: &[KnownName] = &[
    known("workspaceScopeOrgInvitesEnabled", Switch::WorkspaceScopeOrgInvites, 0),
    known("userOrgCreationDisabled", Switch::OrgCreationDisabled, 1),
    known("orgCreationDisabled", Switch::OrgCreationDisabled, 0),
    known("personalOrgsDisabled", Switch::PersonalOrgsDisabled, 0),
    known("authType", Switch::AuthType, 0),
    known("initialOrgAdminEmail", Switch::InitialOrgAdminEmail, 1),
    known("initialOrgName", Switch::InitialOrgName, 0),
    known("defaultWorkspaceName", Switch::DefaultWorkspaceName, 0),
];

/// Mapping keys under `config:` that this crate walks into.
pub(crate) const HELM_CONFIG_SECTIONS: &[&str] = &["basicAuth", "oauth"];

/// Keys read under `config.basicAuth:`.
pub(crate) const HELM_BASIC_AUTH_KEYS: &[KnownName] =
    &[known("enabled", Switch::BasicAuthEnabled, 0), known("initialOrgAdminEmail", Switch::InitialOrgAdminEmail, 0)];

/// Keys read under `config.oauth:`.
pub(crate) const HELM_OAUTH_KEYS: &[KnownName] = &[known("enabled", Switch::OauthEnabled, 0)];

/// Top-level keys of `values.yaml` that this crate reads.
pub(crate) const HELM_TOP_KEYS: &[&str] = &["config", "commonEnv"];

/// Environment names of switches that have no `config.*` key in the chart
/// and can only be set through `commonEnv`.
const ENV_ONLY: &[&str] = &["PAT_CREATION_DISABLED", "SELF_HOSTED_JIT_PROVISIONING_ENABLED"];

pub(crate) fn find(table: &'static [KnownName], name: &str) -> Option<&'static KnownName> {
    table.iter().find(|k| k.name == name)
}

/// The known name `name` most likely misspells, if any. `None` for an exact
/// match and for names that resemble nothing we know.
pub(crate) fn near_miss<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if candidates.clone().into_iter().any(|c| c == name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let lower_bare = strip_ff(&lower);
    let has_ff = lower.starts_with("ff_");
    let words = plural_free_words(name);
    // Score: (distance class, whether the FF_ prefix differs); lowest wins,
    // the first candidate wins a tie.
    let mut best: Option<((usize, bool), &'a str)> = None;
    for candidate in candidates {
        let c_lower = candidate.to_ascii_lowercase();
        let distance = if words == plural_free_words(candidate) {
            Some(0)
        } else {
            bounded_distance(&lower, &c_lower)
                .into_iter()
                .chain(bounded_distance(lower_bare, strip_ff(&c_lower)))
                .min()
                .filter(|d| *d <= 2)
        };
        if let Some(distance) = distance {
            let score = (distance, has_ff != c_lower.starts_with("ff_"));
            let better = match best {
                None => true,
                Some((b, _)) => score < b,
            };
            if better {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The env-only variable a `values.yaml` key under `config:` (or at the top
/// level) tries to set, e.g. `config.patCreationDisabled` for
/// `PAT_CREATION_DISABLED`: the chart has no such key.
pub(crate) fn misplaced_env_setting(key: &str) -> Option<&'static str> {
    let compact = compact_str(key);
    ENV_ONLY.iter().copied().find(|env| {
        let env_compact = compact_str(env);
        compact == env_compact
            || compact == compact_str(env.trim_start_matches("SELF_HOSTED_"))
            || compact == format!("ff{env_compact}")
    })
}

fn compact_str(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn strip_ff(lower: &str) -> &str {
    lower.strip_prefix("ff_").unwrap_or(lower)
}

/// Words of a `SNAKE_CASE` or `camelCase` name, lowercased, without a leading
/// `ff` word and with a trailing plural `s` removed from each word. Names
/// are ASCII; other characters are kept as word characters, unchanged.
fn plural_free_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii() && !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    if words.first().is_some_and(|w| w == "ff") {
        words.remove(0);
    }
    for w in &mut words {
        if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w.pop();
        }
    }
    words
}

/// Levenshtein distance, or `None` when it is certainly above 2 (the lengths
/// differ by more than 2). Works on `char`s; never indexes.
fn bounded_distance(a: &str, b: &str) -> Option<usize> {
    let a_len = a.chars().count();
    let b_len = b.chars().count();
    if a_len.abs_diff(b_len) > 2 {
        return None;
    }
    let b_chars: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b_len).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = Vec::with_capacity(prev.len());
        cur.push(i + 1);
        for (cb, (diag, up)) in b_chars.iter().zip(prev.iter().zip(prev.iter().skip(1))) {
            let left = cur.last().copied().unwrap_or(usize::MAX - 1);
            let substitute = diag.saturating_add(usize::from(ca != *cb));
            cur.push(substitute.min(up.saturating_add(1)).min(left.saturating_add(1)));
        }
        prev = cur;
    }
    prev.last().copied()
}

/// All environment variable names this crate reads.
pub(crate) fn env_names() -> impl Iterator<Item = &'static str> + Clone {
    ENV_NAMES.iter().map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_basics() {
        assert_eq!(bounded_distance("kitten", "sitting"), Some(3));
        assert_eq!(bounded_distance("", "ab"), Some(2));
        assert_eq!(bounded_distance("abc", "abc"), Some(0));
        assert_eq!(bounded_distance("a", "abcd"), None);
        assert_eq!(bounded_distance("flaw", "lawn"), Some(2));
    }

    #[test]
    fn env_near_misses() {
        let cases = [
            ("WORKSPACE_SCOPE_ORG_INVITE_ENABLED", "WORKSPACE_SCOPE_ORG_INVITES_ENABLED"),
            ("FF_WORKSPACE_SCOPE_ORG_INVITE_ENABLED", "FF_WORKSPACE_SCOPE_ORG_INVITES_ENABLED"),
            ("FF_PAT_CREATION_DISABLED", "PAT_CREATION_DISABLED"),
            ("FF_SELF_HOSTED_JIT_PROVISIONING_ENABLED", "SELF_HOSTED_JIT_PROVISIONING_ENABLED"),
            ("PERSONAL_ORG_DISABLED", "PERSONAL_ORGS_DISABLED"),
            ("FF_PERSONAL_ORG_DISABLED", "FF_PERSONAL_ORGS_DISABLED"),
            ("WORKSPACES_SCOPE_ORGS_INVITE_ENABLED", "WORKSPACE_SCOPE_ORG_INVITES_ENABLED"),
            ("pat_creation_disabled", "PAT_CREATION_DISABLED"),
            ("BASIC_AUTH_ENABLE", "BASIC_AUTH_ENABLED"),
            ("INITAL_ORG_ADMIN_EMAIL", "INITIAL_ORG_ADMIN_EMAIL"),
            ("AUTHTYPE", "AUTH_TYPE"),
        ];
        for (typo, expected) in cases {
            assert_eq!(near_miss(typo, env_names()), Some(expected), "{typo}");
        }
    }

    #[test]
    fn known_and_unrelated_names_are_not_near_misses() {
        let real = [
            "FF_ORG_CREATION_DISABLED",
            "ORG_CREATION_DISABLED",
            "LANGSMITH_LICENSE_KEY",
            "API_KEY_SALT",
            "POSTGRES_DATABASE_URI",
            "REDIS_DATABASE_URI",
            "CLICKHOUSE_HOST",
            "CLICKHOUSE_TLS",
            "BASIC_AUTH_JWT_SECRET",
            "INITIAL_ORG_ADMIN_PASSWORD",
            "OAUTH_CLIENT_SECRET",
            "OAUTH_SCOPES",
            "OAUTH_SESSION_MAX_SEC",
            "TTL_ENABLED",
            "BLOB_STORAGE_ENABLED",
            "CH_SEARCH_ENABLED",
            "FF_CH_SEARCH_ENABLED",
            "FF_TRACE_TIERS_ENABLED",
            "FF_BLOB_STORAGE_ENABLED",
            "FF_S3_STORAGE_ENABLED",
            "FF_INFO_ENDPOINT_AUTH_REQUIRED",
            "LOG_LEVEL",
            "LANGSMITH_URL",
            "_LANGSMITH_IMAGE_VERSION",
            "MAX_ASYNC_JOBS_PER_WORKER",
            "ASYNCPG_POOL_MAX_SIZE",
            "X_SERVICE_AUTH_JWT_SECRET",
        ];
        for name in real {
            assert_eq!(near_miss(name, env_names()), None, "{name}");
        }
    }

    #[test]
    fn helm_near_misses() {
        let config_keys = || HELM_CONFIG_KEYS.iter().map(|k| k.name).chain(HELM_CONFIG_SECTIONS.iter().copied());
        assert_eq!(near_miss("workspaceScopeOrgInviteEnabled", config_keys()), Some("workspaceScopeOrgInvitesEnabled"));
        assert_eq!(near_miss("personalOrgDisabled", config_keys()), Some("personalOrgsDisabled"));
        assert_eq!(near_miss("userOrgCreationDisable", config_keys()), Some("userOrgCreationDisabled"));
        assert_eq!(near_miss("basicauth", config_keys()), Some("basicAuth"));
        assert_eq!(near_miss("authtype", config_keys()), Some("authType"));
        for real in [
            "langsmithLicenseKey",
            "apiKeySalt",
            "hostname",
            "basePath",
            "logLevel",
            "deployment",
            "blobStorage",
            "ttl",
            "settings",
            "telemetry",
            "customCa",
            "existingSecretName",
            "skipValidation",
            "infoEndpointAuthRequired",
            "agentBuilder",
            "insights",
        ] {
            assert_eq!(near_miss(real, config_keys()), None, "{real}");
        }
        let basic = || HELM_BASIC_AUTH_KEYS.iter().map(|k| k.name);
        assert_eq!(near_miss("enable", basic()), Some("enabled"));
        assert_eq!(near_miss("initialOrgAdminPassword", basic()), None);
        assert_eq!(near_miss("jwtSecret", basic()), None);
        assert_eq!(near_miss("commonEnvs", HELM_TOP_KEYS.iter().copied()), Some("commonEnv"));
        assert_eq!(near_miss("commonLabels", HELM_TOP_KEYS.iter().copied()), None);
        assert_eq!(near_miss("commonVolumes", HELM_TOP_KEYS.iter().copied()), None);
        assert_eq!(near_miss("clickhouse", HELM_TOP_KEYS.iter().copied()), None);
    }

    #[test]
    fn misplaced_settings() {
        assert_eq!(misplaced_env_setting("patCreationDisabled"), Some("PAT_CREATION_DISABLED"));
        assert_eq!(misplaced_env_setting("PAT_CREATION_DISABLED"), Some("PAT_CREATION_DISABLED"));
        assert_eq!(misplaced_env_setting("jitProvisioningEnabled"), Some("SELF_HOSTED_JIT_PROVISIONING_ENABLED"));
        assert_eq!(
            misplaced_env_setting("selfHostedJitProvisioningEnabled"),
            Some("SELF_HOSTED_JIT_PROVISIONING_ENABLED")
        );
        assert_eq!(misplaced_env_setting("personalOrgsDisabled"), None);
    }

    #[test]
    fn every_switch_has_an_env_name_and_kinds_are_consistent() {
        for k in ENV_NAMES {
            assert!(find(ENV_NAMES, k.name).is_some());
            assert!(k.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'));
        }
        for k in HELM_CONFIG_KEYS.iter().chain(HELM_BASIC_AUTH_KEYS).chain(HELM_OAUTH_KEYS) {
            assert!(ENV_NAMES.iter().any(|e| e.switch == k.switch), "{} has no env spelling", k.name);
        }
        assert_eq!(Switch::AuthType.kind(), Kind::AuthType);
        assert_eq!(Switch::InitialOrgName.kind(), Kind::Text);
        assert_eq!(Switch::JitProvisioning.kind(), Kind::Bool);
    }
}
