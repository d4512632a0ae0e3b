//! Errors: bad input to a check, or a directory that does not validate.
//!
//! Denials are never errors; these are for ids, permissions and documents
//! the engine cannot make sense of. Every error has a stable `code()` and,
//! where it came from a document or request, the `path()` to the bad field.

use crate::json::{Json, Obj, ToJson};
use thiserror::Error;

/// Bad input to a check (unknown ids, permissions or roles, invalid fields).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CheckError {
    #[error("{path}: unknown organization `{id}`")]
    UnknownOrg { path: String, id: String },
    #[error("{path}: unknown user `{id}`")]
    UnknownUser { path: String, id: String },
    #[error("{path}: unknown workspace `{id}` in organization `{org}`")]
    UnknownWorkspace { path: String, id: String, org: String },
    #[error("{path}: unknown permission `{value}`{}", suggestion_suffix(.suggestion))]
    UnknownPermission { path: String, value: String, suggestion: Option<&'static str> },
    #[error("{path}: unknown role `{value}`; expected {expected}")]
    UnknownRole { path: String, value: String, expected: String },
    #[error("{path}: {message}")]
    InvalidInput { path: String, message: String },
}

fn suggestion_suffix(s: &Option<&'static str>) -> String {
    match s {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

impl CheckError {
    /// Every code `code()` can return.
    pub const CODES: [&'static str; 6] =
        ["UNKNOWN_ORG", "UNKNOWN_USER", "UNKNOWN_WORKSPACE", "UNKNOWN_PERMISSION", "UNKNOWN_ROLE", "INVALID_INPUT"];

    /// Stable code for callers to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownOrg { .. } => "UNKNOWN_ORG",
            Self::UnknownUser { .. } => "UNKNOWN_USER",
            Self::UnknownWorkspace { .. } => "UNKNOWN_WORKSPACE",
            Self::UnknownPermission { .. } => "UNKNOWN_PERMISSION",
            Self::UnknownRole { .. } => "UNKNOWN_ROLE",
            Self::InvalidInput { .. } => "INVALID_INPUT",
        }
    }

    /// Path to the offending field of the request (`orgId`, `invitees[2].workspaceRole`).
    pub fn path(&self) -> &str {
        match self {
            Self::UnknownOrg { path, .. }
            | Self::UnknownUser { path, .. }
            | Self::UnknownWorkspace { path, .. }
            | Self::UnknownPermission { path, .. }
            | Self::UnknownRole { path, .. }
            | Self::InvalidInput { path, .. } => path,
        }
    }

    /// The same error with its path placed under `prefix`
    /// (`orgId` under `queries[3]` is `queries[3].orgId`).
    #[must_use]
    pub fn under(mut self, prefix: &str) -> CheckError {
        let path = match &mut self {
            Self::UnknownOrg { path, .. }
            | Self::UnknownUser { path, .. }
            | Self::UnknownWorkspace { path, .. }
            | Self::UnknownPermission { path, .. }
            | Self::UnknownRole { path, .. }
            | Self::InvalidInput { path, .. } => path,
        };
        *path = format!("{prefix}.{path}");
        self
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> CheckError {
        CheckError::InvalidInput { path: path.into(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_moves_the_path_field_and_the_message_follows() {
        let e = CheckError::UnknownOrg { path: "orgId".into(), id: "o".into() }.under("queries[3]");
        assert_eq!(e.path(), "queries[3].orgId");
        assert_eq!(e.to_string(), "queries[3].orgId: unknown organization `o`");
        assert_eq!(e.code(), "UNKNOWN_ORG");
    }
}

impl From<crate::json::JsonError> for CheckError {
    fn from(e: crate::json::JsonError) -> Self {
        CheckError::InvalidInput { path: e.path, message: e.message }
    }
}

impl From<crate::json::JsonError> for DirectoryError {
    fn from(e: crate::json::JsonError) -> Self {
        DirectoryError(vec![DirectoryIssue { path: e.path, message: e.message }])
    }
}

/// One problem found in a directory document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {message}")]
pub struct DirectoryIssue {
    /// Where, e.g. `orgs[1].members[3].orgRole`.
    pub path: String,
    pub message: String,
}

impl ToJson for DirectoryIssue {
    fn to_json(&self) -> Json<'_> {
        Obj::new().field("path", &self.path).field("message", &self.message).done()
    }
}

crate::json::serialize_via_json!(DirectoryIssue);

/// Every problem found in a directory document (never only the first).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid directory ({} problem{}): {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, join(.0))]
pub struct DirectoryError(pub Vec<DirectoryIssue>);

fn join(issues: &[DirectoryIssue]) -> String {
    issues.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; ")
}

impl DirectoryError {
    pub fn code(&self) -> &'static str {
        "DIRECTORY_INVALID"
    }
}

/// Failure to build an engine: a bad configuration or directory.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BuildError {
    #[error(transparent)]
    Directory(#[from] DirectoryError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigErrors),
}

impl BuildError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Directory(e) => e.code(),
            Self::Config(e) => e.code(),
        }
    }
}
