//! Reader for a Helm `values.yaml` of the LangSmith chart.
//!
//! The YAML is read by `serde-saphyr` ([`super::tree`]), keeping the line of
//! every node.
//!
//! The document is read into a small generic tree ([`Node`], each node and
//! key with its line), then the few settings of DOMAIN §5 are picked out:
//! - `config.workspaceScopeOrgInvitesEnabled`, `config.userOrgCreationDisabled`
//!   (older charts: `config.orgCreationDisabled`), `config.personalOrgsDisabled`,
//!   `config.authType`, `config.basicAuth.enabled`, `config.oauth.enabled`,
//!   `config.initialOrgAdminEmail` (older charts:
//!   `config.basicAuth.initialOrgAdminEmail`), `config.initialOrgName`,
//!   `config.defaultWorkspaceName`;
//! - `commonEnv: [{name, value}]` entries carrying any `.env` name. The chart
//!   appends them after its own environment, so they win over `config.*`
//!   (a warning says so when the two disagree).
//!
//! Booleans may be YAML booleans (`true`, and as in Helm's YAML 1.1 parser
//! `yes`/`on`) or the strings `"true"` / `"false"` in any letter case.
//! Every other key is ignored, except near-misses of the keys above, which
//! are warnings. A key repeated in one mapping keeps its last value, with a
//! warning when it is one of ours.

use std::collections::HashMap;

use super::error::{ConfigError, ConfigWarning};
use super::keys::{
    self, KnownName, ENV_NAMES, HELM_BASIC_AUTH_KEYS, HELM_CONFIG_KEYS, HELM_CONFIG_SECTIONS, HELM_OAUTH_KEYS,
    HELM_TOP_KEYS,
};
use super::resolve::{parse_value, Entry, Layer, Rank, Style, SOURCE_HELM_COMMON_ENV, SOURCE_HELM_CONFIG};
use super::tree::{self as yaml, Node, Spanned};

/// The document key used for problems with the document as a whole.
const DOCUMENT: &str = "values.yaml";

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Self::Null => "nothing",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::Str(_) => "a string",
            Self::Seq(_) => "a list",
            Self::Map(_) => "a mapping",
        }
    }
}

fn line_of<T>(s: &Spanned<T>) -> Option<usize> {
    Some(s.line).filter(|l| *l > 0)
}

/// Parse the YAML text.
fn load(text: &str) -> Result<Spanned<Node>, ConfigError> {
    yaml::parse(text).map_err(|e| {
        ConfigError::new(DOCUMENT, format!("`{DOCUMENT}` is not valid YAML: {} (column {})", e.message, e.column))
            .at_line(Some(e.line).filter(|l| *l > 0))
    })
}

/// Walks the tree, numbering entries in document order.
struct Walker {
    layer: Layer,
    order: usize,
}

/// Read a `values.yaml` text into a [`Layer`].
pub(crate) fn parse(text: &str) -> Layer {
    let mut walker = Walker { layer: Layer::default(), order: 0 };
    match load(text) {
        Err(error) => walker.layer.errors.push(error),
        Ok(root) => match &root.value {
            Node::Null => {}
            Node::Map(entries) => walker.root(entries),
            other => walker.layer.errors.push(
                ConfigError::new(
                    DOCUMENT,
                    format!("`{DOCUMENT}` must be a mapping of settings, found {}", other.kind()),
                )
                .at_line(line_of(&root)),
            ),
        },
    }
    walker.layer
}

type MapEntries = [(Spanned<String>, Spanned<Node>)];

impl Walker {
    /// The last occurrence of each key, in document order; earlier
    /// occurrences of keys `is_known` accepts are reported.
    fn dedupe<'a>(
        &mut self,
        entries: &'a MapEntries,
        prefix: &str,
        is_known: impl Fn(&str) -> bool,
    ) -> Vec<&'a (Spanned<String>, Spanned<Node>)> {
        let mut last: HashMap<&str, &Spanned<String>> = HashMap::with_capacity(entries.len());
        for (key, _) in entries {
            last.insert(key.value.as_str(), key);
        }
        let mut kept = Vec::with_capacity(last.len());
        for entry in entries {
            let name = entry.0.value.as_str();
            match last.get(name) {
                Some(last_key) if !std::ptr::eq(*last_key, &entry.0) => {
                    if is_known(name) {
                        let path = join(prefix, name);
                        let at = line_of(last_key).map(|l| format!(" (line {l})")).unwrap_or_default();
                        self.layer.warnings.push(ConfigWarning::new(
                            path.clone(),
                            format!("`{path}` appears more than once in the same mapping; the last one{at} is used"),
                            line_of(&entry.0),
                        ));
                    }
                }
                _ => kept.push(entry),
            }
        }
        kept
    }

    fn root(&mut self, entries: &MapEntries) {
        let top_known = |k: &str| HELM_TOP_KEYS.contains(&k);
        for (key, value) in self.dedupe(entries, "", top_known) {
            let name = key.value.as_str();
            match name {
                "config" => match &value.value {
                    Node::Map(config) => self.config(config),
                    Node::Null => {}
                    other => self.not_a_mapping("config", other, line_of(value)),
                },
                "commonEnv" => match &value.value {
                    Node::Seq(items) => self.common_env(items),
                    Node::Null => {}
                    other => self.layer.errors.push(
                        ConfigError::new(
                            "commonEnv",
                            format!("`commonEnv` must be a list of `name`/`value` entries, found {}", other.kind()),
                        )
                        .at_line(line_of(value)),
                    ),
                },
                _ => self.unknown_top_key(name, line_of(key)),
            }
        }
    }

    fn unknown_top_key(&mut self, name: &str, line: Option<usize>) {
        if let Some(resembles) = keys::near_miss(name, HELM_TOP_KEYS.iter().copied()) {
            self.layer.near_miss(name, &format!("`{name}`"), resembles, line);
        } else if let Some(known) = keys::find(HELM_CONFIG_KEYS, name) {
            self.layer.warnings.push(ConfigWarning::new(
                name,
                format!("`{name}` at the top level is ignored; the chart reads `config.{}`", known.name),
                line,
            ));
        } else if let Some(env) = keys::misplaced_env_setting(name) {
            self.misplaced(name, env, line);
        }
    }

    fn misplaced(&mut self, path: &str, env: &str, line: Option<usize>) {
        self.layer.warnings.push(ConfigWarning::new(
            path,
            format!("`{path}` is ignored: the chart has no such setting; set `{env}` with a `commonEnv` entry"),
            line,
        ));
    }

    fn not_a_mapping(&mut self, path: &str, found: &Node, line: Option<usize>) {
        self.layer
            .errors
            .push(ConfigError::new(path, format!("`{path}` must be a mapping, found {}", found.kind())).at_line(line));
    }

    fn config(&mut self, entries: &MapEntries) {
        let known = |k: &str| keys::find(HELM_CONFIG_KEYS, k).is_some() || HELM_CONFIG_SECTIONS.contains(&k);
        for (key, value) in self.dedupe(entries, "config", known) {
            let name = key.value.as_str();
            if let Some(k) = keys::find(HELM_CONFIG_KEYS, name) {
                self.scalar(k, "config", value);
            } else if name == "basicAuth" || name == "oauth" {
                let table = if name == "basicAuth" { HELM_BASIC_AUTH_KEYS } else { HELM_OAUTH_KEYS };
                let path = format!("config.{name}");
                match &value.value {
                    Node::Map(section) => self.section(section, &path, table),
                    Node::Null => {}
                    other => self.not_a_mapping(&path, other, line_of(value)),
                }
            } else {
                let candidates = HELM_CONFIG_KEYS.iter().map(|k| k.name).chain(HELM_CONFIG_SECTIONS.iter().copied());
                let path = format!("config.{name}");
                if let Some(resembles) = keys::near_miss(name, candidates) {
                    self.layer.near_miss(&path, &format!("`{path}`"), &format!("config.{resembles}"), line_of(key));
                } else if let Some(env) = keys::misplaced_env_setting(name) {
                    self.misplaced(&path, env, line_of(key));
                }
            }
        }
    }

    fn section(&mut self, entries: &MapEntries, path: &str, table: &'static [KnownName]) {
        let known = |k: &str| keys::find(table, k).is_some();
        for (key, value) in self.dedupe(entries, path, known) {
            let name = key.value.as_str();
            if let Some(k) = keys::find(table, name) {
                self.scalar(k, path, value);
            } else if let Some(resembles) = keys::near_miss(name, table.iter().map(|k| k.name)) {
                let full = join(path, name);
                self.layer.near_miss(&full, &format!("`{full}`"), &join(path, resembles), line_of(key));
            }
        }
    }

    /// A `config.*` scalar.
    fn scalar(&mut self, known: &KnownName, prefix: &str, value: &Spanned<Node>) {
        let key = join(prefix, known.name);
        let label = format!("`{key}`");
        let line = line_of(value);
        let raw = match &value.value {
            Node::Null => String::new(),
            Node::Bool(b) => b.to_string(),
            Node::Number(n) | Node::Str(n) => n.clone(),
            other @ (Node::Seq(_) | Node::Map(_)) => {
                self.layer.errors.push(
                    ConfigError::new(
                        key.clone(),
                        format!("{label} must be a single value, found {}; {}", other.kind(), expected(known)),
                    )
                    .at_line(line),
                );
                return;
            }
        };
        self.push(known, &raw, key, label, line, SOURCE_HELM_CONFIG);
    }

    fn push(&mut self, known: &KnownName, raw: &str, key: String, label: String, line: Option<usize>, source: u8) {
        match parse_value(known.switch, raw, &key, &label, line) {
            Ok(value) => {
                self.order += 1;
                self.layer.entries.push(Entry {
                    switch: known.switch,
                    value,
                    key,
                    label,
                    line,
                    rank: Rank { source, alias: known.rank, order: self.order },
                    style: Style::Helm,
                });
            }
            Err(error) => self.layer.errors.push(error),
        }
    }

    fn common_env(&mut self, items: &[Spanned<Node>]) {
        for (i, item) in items.iter().enumerate() {
            let path = format!("commonEnv[{i}]");
            let Node::Map(fields) = &item.value else {
                self.layer.errors.push(
                    ConfigError::new(
                        path.clone(),
                        format!("`{path}` must be a mapping with `name` and `value`, found {}", item.value.kind()),
                    )
                    .at_line(line_of(item)),
                );
                continue;
            };
            let field = |wanted: &str| fields.iter().rev().find(|(k, _)| k.value == wanted).map(|(_, v)| v);
            let name = match field("name") {
                Some(Spanned { value: Node::Str(name), .. }) => name.clone(),
                Some(other) => {
                    self.layer.errors.push(
                        ConfigError::new(
                            format!("{path}.name"),
                            format!("`{path}.name` must be a variable name, found {}", other.value.kind()),
                        )
                        .at_line(line_of(other)),
                    );
                    continue;
                }
                None => {
                    self.layer.errors.push(
                        ConfigError::new(
                            format!("{path}.name"),
                            format!("`{path}` has no `name`; every `commonEnv` entry needs one"),
                        )
                        .at_line(line_of(item)),
                    );
                    continue;
                }
            };
            let Some(known) = keys::find(ENV_NAMES, &name) else {
                if let Some(resembles) = keys::near_miss(&name, keys::env_names()) {
                    let name_line = field("name").and_then(line_of);
                    self.layer.near_miss(
                        &format!("{path}.name"),
                        &format!("`{name}` (`{path}.name`)"),
                        resembles,
                        name_line,
                    );
                }
                continue;
            };
            let key = format!("{path}.value");
            let label = format!("`{key}` (`{name}`)");
            match (field("value"), field("valueFrom")) {
                (None, Some(from)) => self.layer.warnings.push(ConfigWarning::new(
                    format!("{path}.valueFrom"),
                    format!(
                        "`{path}` (`{name}`) takes its value from a secret or config map, which cannot be read here; it is ignored"
                    ),
                    line_of(from),
                )),
                (None, None) => self.push(known, "", key, label, line_of(item), SOURCE_HELM_COMMON_ENV),
                (Some(value), _) => {
                    let line = line_of(value);
                    let raw = match &value.value {
                        Node::Null => String::new(),
                        Node::Str(s) => s.clone(),
                        Node::Number(n) => n.clone(),
                        Node::Bool(b) => {
                            self.layer.warnings.push(ConfigWarning::new(
                                key.clone(),
                                format!(
                                    "{label} is a YAML boolean; Kubernetes only accepts strings in `env`, write `\"{b}\"`"
                                ),
                                line,
                            ));
                            b.to_string()
                        }
                        other @ (Node::Seq(_) | Node::Map(_)) => {
                            self.layer.errors.push(
                                ConfigError::new(
                                    key.clone(),
                                    format!(
                                        "{label} must be a single value, found {}; {}",
                                        other.kind(),
                                        expected(known)
                                    ),
                                )
                                .at_line(line),
                            );
                            continue;
                        }
                    };
                    self.push(known, &raw, key, label, line, SOURCE_HELM_COMMON_ENV);
                }
            }
        }
    }
}

fn expected(known: &KnownName) -> &'static str {
    match known.switch.kind() {
        keys::Kind::Bool => "expected true or false",
        keys::Kind::AuthType => "expected one of `mixed`, `oauth`, `none`",
        keys::Kind::Text => "expected a string",
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}
