//! Problems found while reading an instance configuration.
//!
//! A configuration document is checked completely before anything is
//! reported: [`ConfigErrors`] holds every problem found, not only the first.
//! Problems that do not stop the configuration from loading are
//! [`ConfigWarning`]s, returned beside the resolved configuration.

use crate::json::{Json, Obj, ToJson};
use std::fmt;

/// One problem in a configuration document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", with_line(*.line, .message))]
pub struct ConfigError {
    /// Where the problem is: a path in the document (`config.basicAuth.enabled`,
    /// `commonEnv[2].value`), a `.env` variable name (`PAT_CREATION_DISABLED`) or
    /// a field of the configuration object (`initialOrgAdminEmail`).
    pub key: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    /// 1-based line in the document, when known.
    pub line: Option<usize>,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self { key: key.into(), value: None, line: None, message: message.into() }
    }

    pub(crate) fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    pub(crate) fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }
}

/// Every problem found in a configuration; the configuration was not loaded.
///
/// Serializes as `{ "code": "CONFIG_INVALID", "message": "...", "errors": [...] }`
/// so a binding layer can hand it to JavaScript as one error object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl ConfigErrors {
    /// The stable error code of an invalid configuration.
    pub const CODE: &'static str = "CONFIG_INVALID";

    /// The stable error code: always `"CONFIG_INVALID"`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        Self::CODE
    }

    /// The individual problems.
    #[must_use]
    pub fn errors(&self) -> &[ConfigError] {
        &self.0
    }

    /// Number of problems.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` when no problem was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<ConfigError> for ConfigErrors {
    fn from(error: ConfigError) -> Self {
        Self(vec![error])
    }
}

impl ToJson for ConfigError {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .field("key", &self.key)
            .field("value", &self.value)
            .field("line", &self.line)
            .field("message", &self.message)
            .done()
    }
}

impl ToJson for ConfigErrors {
    fn to_json(&self) -> Json<'_> {
        Obj::new()
            .value("code", Json::from(Self::CODE))
            .value("message", Json::from(self.to_string()))
            .field("errors", &self.0)
            .done()
    }
}

/// Something suspicious that did not stop the configuration from loading:
/// a near-miss of a known name, a value overridden by another, a duplicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The path or variable name the warning is about.
    pub key: String,
    /// What was noticed and what was done about it.
    pub message: String,
    /// 1-based line in the document, when known.
    pub line: Option<usize>,
}

impl ToJson for ConfigWarning {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("key", &self.key).field("message", &self.message).field("line", &self.line).done()
    }
}

crate::json::serialize_via_json!(ConfigError, ConfigErrors, ConfigWarning);

impl ConfigWarning {
    pub(crate) fn new(key: impl Into<String>, message: impl Into<String>, line: Option<usize>) -> Self {
        Self { key: key.into(), message: message.into(), line }
    }
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&with_line(self.line, &self.message))
    }
}

fn with_line(line: Option<usize>, message: &str) -> String {
    match line {
        Some(line) => format!("line {line}: {message}"),
        None => message.to_owned(),
    }
}

fn summary(errors: &[ConfigError]) -> String {
    match errors {
        [] => "invalid instance configuration".to_owned(),
        [one] => format!("invalid instance configuration: {one}"),
        many => {
            let parts: Vec<String> = many.iter().map(ToString::to_string).collect();
            format!("invalid instance configuration ({} problems): {}", many.len(), parts.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_line_when_known() {
        let e = ConfigError::new("PAT_CREATION_DISABLED", "`PAT_CREATION_DISABLED` is `1`, expected true or false")
            .with_value("1")
            .at_line(Some(4));
        assert_eq!(e.to_string(), "line 4: `PAT_CREATION_DISABLED` is `1`, expected true or false");
        let e = ConfigError::new("initialOrgAdminEmail", "missing");
        assert_eq!(e.to_string(), "missing");
    }

    #[test]
    fn errors_display_lists_every_problem() {
        let errs = ConfigErrors(vec![
            ConfigError::new("A", "first problem").at_line(Some(1)),
            ConfigError::new("B", "second problem"),
        ]);
        assert_eq!(
            errs.to_string(),
            "invalid instance configuration (2 problems): line 1: first problem; second problem"
        );
        assert_eq!(errs.code(), "CONFIG_INVALID");
        assert_eq!(errs.len(), 2);
        assert!(!errs.is_empty());
    }

    #[test]
    fn errors_serialize_with_code_and_camel_case() -> Result<(), serde_json::Error> {
        let errs = ConfigErrors::from(
            ConfigError::new("BASIC_AUTH_ENABLED", "`BASIC_AUTH_ENABLED` is `yes`, expected true or false")
                .with_value("yes")
                .at_line(Some(2)),
        );
        let json = serde_json::to_value(&errs)?;
        assert_eq!(json.pointer("/code"), Some(&serde_json::json!("CONFIG_INVALID")));
        assert_eq!(json.pointer("/errors/0/key"), Some(&serde_json::json!("BASIC_AUTH_ENABLED")));
        assert_eq!(json.pointer("/errors/0/value"), Some(&serde_json::json!("yes")));
        assert_eq!(json.pointer("/errors/0/line"), Some(&serde_json::json!(2)));
        assert!(json
            .pointer("/message")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|m| m.contains("expected true or false")));
        let w = ConfigWarning::new("X", "msg", None);
        assert_eq!(serde_json::to_value(&w)?, serde_json::json!({"key": "X", "message": "msg", "line": null}));
        Ok(())
    }
}
