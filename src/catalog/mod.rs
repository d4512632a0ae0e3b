//! The catalogues: every permission and every built-in role with what it
//! grants. The lowest domain layer: it imports nothing of the crate but the
//! JSON layer and text helpers.

pub mod permissions;
pub mod roles;
