//! The engine: an instance configuration plus a validated directory, built
//! once and queried many times. The checks live in their own modules
//! (`access`, `invites`, `orgs`, `sso`, `groups`, `requests`, `what_if`);
//! this module holds construction and the shared id lookups.

pub(crate) mod access;
pub mod admin;
pub mod groups;
pub(crate) mod handles;
pub mod invites;
pub mod members;
pub mod orgs;
pub mod requests;
pub mod sso;
mod view;
pub mod what_if;

use crate::config::InstanceConfig;
use crate::directory::{Change, Directory, DirectoryDoc, Map, Member, Org};
use crate::error::{BuildError, CheckError, DirectoryError};
use crate::permissions::Permission;
use std::sync::Arc;

/// Loaded once from a configuration and a directory; every check is a
/// method taking ids and returning a [`crate::Decision`] (or a richer value).
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) config: InstanceConfig,
    /// Shared, so `with_config` (what-if) does not copy the directory.
    pub(crate) dir: Arc<Directory>,
    /// Permission strings → permissions, for the hot path.
    pub(crate) perms: Map<Permission>,
}

impl Engine {
    pub fn new(config: InstanceConfig, dir: Directory) -> Engine {
        Engine { config, dir: Arc::new(dir), perms: crate::permissions::index() }
    }

    /// Builds from a parsed directory document.
    pub fn from_doc(config: InstanceConfig, doc: &DirectoryDoc) -> Result<Engine, BuildError> {
        Ok(Engine::new(config, Directory::from_doc(doc)?))
    }

    /// Builds from directory JSON text (the fast path for large directories).
    pub fn from_json(config: InstanceConfig, directory_json: &str) -> Result<Engine, BuildError> {
        Ok(Engine::new(config, Directory::from_json(directory_json)?))
    }

    pub fn config(&self) -> &InstanceConfig {
        &self.config
    }

    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// Applies a batch of directory changes in place, all or none: on a
    /// refusal the engine answers as before and every problem is returned
    /// with its path (`changes[2].member.orgRole`). Cost follows the change,
    /// not the directory (engines made by `with_config` keep the old one).
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), DirectoryError> {
        Arc::make_mut(&mut self.dir).apply(changes)
    }

    /// The current directory as a document (see [`Directory::to_doc`]).
    pub fn directory_doc(&self) -> DirectoryDoc {
        self.dir.to_doc()
    }

    /// The same directory under another configuration (what-if, demos).
    pub fn with_config(&self, config: InstanceConfig) -> Engine {
        Engine { config, dir: Arc::clone(&self.dir), perms: self.perms.clone() }
    }

    // ---- lookups shared by the checks -------------------------------------

    pub(crate) fn org_at(&self, path: &str, id: &str) -> Result<(usize, &Org), CheckError> {
        self.dir.org(id).ok_or_else(|| CheckError::UnknownOrg { path: path.into(), id: id.into() })
    }

    pub(crate) fn workspace_in(&self, org: &Org, path: &str, id: &str) -> Result<usize, CheckError> {
        org.ws_by_id.get(id).copied().ok_or_else(|| CheckError::UnknownWorkspace {
            path: path.into(),
            id: id.into(),
            org: org.id.clone(),
        })
    }

    /// A user known to the instance (a member somewhere, or listed in `users`).
    pub(crate) fn require_user(&self, path: &str, id: &str) -> Result<(), CheckError> {
        if self.dir.has_user(id) {
            Ok(())
        } else {
            Err(CheckError::UnknownUser { path: path.into(), id: id.into() })
        }
    }

    /// The user's membership in `org`, if any (the user must exist).
    pub(crate) fn membership<'a>(
        &self,
        org: &'a Org,
        path: &str,
        user: &str,
    ) -> Result<Option<&'a Member>, CheckError> {
        match org.member_by_user(user) {
            Some(m) => Ok(Some(m)),
            None => self.require_user(path, user).map(|_| None),
        }
    }
}

impl Engine {
    /// An engine over the directory read from a deployment's API documents
    /// (JSON text, see [`crate::connector`]).
    pub fn from_api_json(config: InstanceConfig, documents: &str) -> Result<Engine, crate::connector::ConnectorError> {
        Ok(Engine::new(config, crate::connector::directory(documents)?))
    }
}

/// The engine over `examples/sample-directory.json`, for unit tests.
#[cfg(test)]
pub(crate) fn sample_engine() -> Engine {
    let text = include_str!("../../examples/sample-directory.json");
    Engine::from_json(InstanceConfig::default(), text).unwrap_or_else(|e| panic!("{e}"))
}
