//! Handles: ids resolved once to small numbers, for hot loops that check
//! the same users, orgs, workspaces and permissions again and again.
//!
//! `can_handles` skips every string hash and, across the wasm boundary,
//! every string copy. A handle belongs to the directory it came from: it
//! stays valid for engines made with `with_config`, and means nothing for
//! another directory (out-of-range handles are errors, never allows).

use crate::access::{holds, outcome, Outcome, Subject};
use crate::decision::Decision;
use crate::directory::{Org, UserSlot};
use crate::engine::Engine;
use crate::error::CheckError;
use crate::permissions::{OrgPermission, Permission, WorkspacePermission};

/// Every permission in handle order: org permissions, then workspace ones.
fn permission_at(i: usize) -> Option<Permission> {
    match i.checked_sub(OrgPermission::ALL.len()) {
        None => OrgPermission::ALL.get(i).copied().map(Permission::Org),
        Some(w) => WorkspacePermission::ALL.get(w).copied().map(Permission::Workspace),
    }
}

fn bad_handle(path: &str, what: &str, h: u32) -> CheckError {
    CheckError::invalid(path, format!("`{h}` is not a {what} handle of this directory"))
}

impl Engine {
    /// The handle of user `id`.
    pub fn user_handle(&self, id: &str) -> Result<u32, CheckError> {
        self.dir
            .user_position(id)
            .map(|i| i as u32)
            .ok_or_else(|| CheckError::UnknownUser { path: "userId".into(), id: id.into() })
    }

    /// The handle of organization `id`.
    pub fn org_handle(&self, id: &str) -> Result<u32, CheckError> {
        self.org_at("orgId", id).map(|(i, _)| i as u32)
    }

    /// The handle of workspace `id` (workspace ids are unique in a directory).
    pub fn workspace_handle(&self, id: &str) -> Result<u32, CheckError> {
        self.dir.workspace_position(id).map(|i| i as u32).ok_or_else(|| CheckError::UnknownWorkspace {
            path: "workspaceId".into(),
            id: id.into(),
            org: String::new(),
        })
    }

    /// The handle of a permission.
    pub fn permission_handle(&self, permission: &str) -> Result<u32, CheckError> {
        let p = self.permission("permission", permission)?;
        let i = match p {
            Permission::Org(op) => OrgPermission::ALL.iter().position(|x| *x == op),
            Permission::Workspace(wp) => {
                WorkspacePermission::ALL.iter().position(|x| *x == wp).map(|i| i + OrgPermission::ALL.len())
            }
        };
        Ok(i.unwrap_or_default() as u32)
    }

    /// [`Engine::can`] on handles: no strings, no hashing, no allocation.
    /// Errors for handles this directory did not issue, a workspace of
    /// another org, or a workspace permission without a workspace.
    pub fn can_handles(
        &self,
        user: u32,
        org: u32,
        workspace: Option<u32>,
        permission: u32,
    ) -> Result<bool, CheckError> {
        let (o, ws, p, subject) = self.resolve_handles(user, org, workspace, permission)?;
        Ok(subject.is_some_and(|s| holds(o, s, ws, p)))
    }

    /// [`Engine::check`] on handles: the same decision, code and message,
    /// with the errors of [`Engine::can_handles`].
    pub fn check_handles(
        &self,
        user: u32,
        org: u32,
        workspace: Option<u32>,
        permission: u32,
    ) -> Result<Decision, CheckError> {
        self.check_handles_keyed(user, org, workspace, permission).map(|c| c.decision())
    }

    /// [`Engine::check_handles`] with the decision not yet written: its
    /// [`DecisionKey`] names it, so a caller that keeps decisions by key
    /// writes each one once (until the directory changes).
    pub fn check_handles_keyed(
        &self,
        user: u32,
        org: u32,
        workspace: Option<u32>,
        permission: u32,
    ) -> Result<Checked<'_>, CheckError> {
        let (o, ws, p, subject) = self.resolve_handles(user, org, workspace, permission)?;
        let outcome = match subject {
            None => Outcome::not_a_member(),
            Some(s) => outcome(o, s, ws, p),
        };
        Ok(Checked { org: o, key: DecisionKey { org, outcome } })
    }

    /// The org, workspace index, permission and member four handles name.
    fn resolve_handles(
        &self,
        user: u32,
        org: u32,
        workspace: Option<u32>,
        permission: u32,
    ) -> Result<HandleQuery<'_>, CheckError> {
        let oi = org as usize;
        let o = self.dir.orgs.get(oi).ok_or_else(|| bad_handle("org", "organization", org))?;
        let p = permission_at(permission as usize).ok_or_else(|| bad_handle("permission", "permission", permission))?;
        let ws = match workspace {
            None => None,
            Some(w) => match self.dir.workspace_list.get(w as usize) {
                Some(&(wo, wi)) if wo == oi => Some(wi),
                Some(_) => {
                    return Err(CheckError::invalid(
                        "workspace",
                        format!("workspace handle `{w}` is not in organization `{}`", o.id),
                    ))
                }
                None => return Err(bad_handle("workspace", "workspace", w)),
            },
        };
        if matches!(p, Permission::Workspace(_)) && ws.is_none() {
            return Err(CheckError::invalid(
                "workspace",
                format!("`{}` is a workspace permission; name the workspace", p.as_str()),
            ));
        }
        let entry = self.dir.user_slots.get(user as usize).ok_or_else(|| bad_handle("user", "user", user))?;
        // The entry's hot record, when it covers the query: nothing else of the user is read.
        if entry.answers_for(oi, ws) {
            return Ok((o, ws, p, Some(Subject::Hot(entry))));
        }
        let slot = entry.slot();
        let member = match slot {
            // The slot of the user's first membership: no lookup when it is this org.
            UserSlot::Member(so, sm) if so == oi => o.members.get(sm),
            _ => self.dir.user_id_of(&slot).and_then(|id| o.member_by_user(id)),
        };
        Ok((o, ws, p, member.map(Subject::Member)))
    }
}

/// A query on handles resolved: org, workspace index, permission, and who
/// acts (`None`: not a member of the org).
type HandleQuery<'a> = (&'a Org, Option<usize>, Permission, Option<Subject<'a>>);

/// What names a decision of [`Engine::check_handles_keyed`]: within one
/// directory (until [`Engine::apply`] changes it), equal keys have equal
/// decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecisionKey {
    org: u32,
    outcome: Outcome,
}

/// A decision of [`Engine::check_handles_keyed`]: its key, and the org its
/// message is written for.
pub struct Checked<'a> {
    org: &'a Org,
    key: DecisionKey,
}

impl Checked<'_> {
    pub fn key(&self) -> DecisionKey {
        self.key
    }

    /// The decision, code and message.
    pub fn decision(&self) -> Decision {
        self.key.outcome.decision(self.org)
    }
}

/// In packed queries, the workspace of an org-level query.
pub const NO_WORKSPACE: u32 = u32::MAX;

impl Engine {
    /// Many [`Engine::can_handles`] at once from one packed buffer: four
    /// numbers per query (user, org, workspace or [`NO_WORKSPACE`],
    /// permission), one byte per answer (1 allowed, 0 denied). A length
    /// that is not a multiple of four, or a bad handle, is an error naming
    /// the query (`queries[7].workspace`).
    pub fn can_many_handles(&self, packed: &[u32]) -> Result<Vec<u8>, CheckError> {
        if !packed.len().is_multiple_of(4) {
            return Err(CheckError::invalid(
                "queries",
                format!("expected four numbers per query, found {} numbers", packed.len()),
            ));
        }
        let mut out = Vec::with_capacity(packed.len() / 4);
        for (i, q) in packed.chunks_exact(4).enumerate() {
            let &[user, org, ws, perm] = q else { continue };
            let ws = (ws != NO_WORKSPACE).then_some(ws);
            let allowed = self.can_handles(user, org, ws, perm).map_err(|e| e.under(&format!("queries[{i}]")))?;
            out.push(u8::from(allowed));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::sample_engine;

    #[test]
    fn handles_answer_like_strings_on_every_query() {
        let e = sample_engine();
        let users = [
            "user-alice",
            "user-oscar",
            "user-bob",
            "user-erin",
            "user-frank",
            "user-victor",
            "user-grace",
            "user-carol",
            "user-dave",
        ];
        let orgs = ["org-default", "org-acme", "org-carol-personal"];
        let mut compared = 0;
        for u in users {
            for o in orgs {
                let (oh, _) = (e.org_handle(o).unwrap_or(u32::MAX), ());
                let wss: Vec<&str> = e.dir.orgs[oh as usize].workspaces.iter().map(|w| w.id.as_str()).collect();
                for p in crate::permissions::index().keys() {
                    let ph = e.permission_handle(p).unwrap_or(u32::MAX);
                    let uh = e.user_handle(u).unwrap_or(u32::MAX);
                    let none = e.can(u, o, None, p).ok();
                    assert_eq!(e.can_handles(uh, oh, None, ph).ok(), none, "{u} {o} {p}");
                    for w in &wss {
                        let wh = e.workspace_handle(w).unwrap_or(u32::MAX);
                        assert_eq!(
                            e.can_handles(uh, oh, Some(wh), ph).ok(),
                            e.can(u, o, Some(w), p).ok(),
                            "{u} {o} {w} {p}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

    #[test]
    fn check_handles_decides_like_check_on_every_query() {
        let e = sample_engine();
        let mut compared = 0;
        let mut by_key = std::collections::HashMap::new();
        for (oi, org) in e.dir.orgs.iter().enumerate() {
            let users: Vec<&str> =
                e.dir.orgs.iter().flat_map(|o| o.members.iter().filter_map(|m| m.user_id.as_deref())).collect();
            for u in users {
                let uh = e.user_handle(u).unwrap_or(u32::MAX);
                for p in crate::permissions::index().keys() {
                    let ph = e.permission_handle(p).unwrap_or(u32::MAX);
                    let mut places: Vec<Option<&str>> = vec![None];
                    places.extend(org.workspaces.iter().map(|w| Some(w.id.as_str())));
                    for w in places {
                        let wh = w.map(|w| e.workspace_handle(w).unwrap_or(u32::MAX));
                        let by_id = e.check(u, &org.id, w, p).ok();
                        assert_eq!(e.check_handles(uh, oi as u32, wh, ph).ok(), by_id, "{u} {} {w:?} {p}", org.id);
                        compared += usize::from(by_id.is_some());
                        // A key names one decision: every query with that key decides the same.
                        if let (Ok(c), Some(d)) = (e.check_handles_keyed(uh, oi as u32, wh, ph), by_id) {
                            let first = by_key.entry(c.key()).or_insert_with(|| d.clone());
                            assert_eq!(*first, d, "{u} {} {w:?} {p}: two decisions under {:?}", org.id, c.key());
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "{compared}");
        // Keys share decisions (the point of keeping them), without merging different ones.
        assert!(by_key.len() * 4 < compared && by_key.len() > 50, "{} keys for {compared} decisions", by_key.len());
    }

    #[test]
    fn packed_queries_answer_like_single_calls() {
        let e = sample_engine();
        let read = e.permission_handle("runs:read").unwrap_or_default();
        let manage = e.permission_handle("organization:manage").unwrap_or_default();
        let org = e.org_handle("org-default").unwrap_or_default();
        let ws = e.workspace_handle("ws-production").unwrap_or_default();
        let mut packed = Vec::new();
        let mut single = Vec::new();
        for u in ["user-alice", "user-bob", "user-erin", "user-dave"] {
            let uh = e.user_handle(u).unwrap_or_default();
            packed.extend([uh, org, ws, read, uh, org, super::NO_WORKSPACE, manage]);
            single.push(u8::from(e.can(u, "org-default", Some("ws-production"), "runs:read") == Ok(true)));
            single.push(u8::from(e.can(u, "org-default", None, "organization:manage") == Ok(true)));
        }
        assert_eq!(e.can_many_handles(&packed), Ok(single));
        assert!(e.can_many_handles(&packed).is_ok_and(|v| v.contains(&1) && v.contains(&0)));
        packed[6] = 9999;
        assert_eq!(e.can_many_handles(&packed).map_err(|x| x.path().to_string()), Err("queries[1].workspace".into()));
        assert_eq!(e.can_many_handles(&[1, 2, 3]).map_err(|x| x.path().to_string()), Err("queries".into()));
    }

    #[test]
    fn foreign_or_unknown_handles_are_errors() {
        let e = sample_engine();
        let bob = e.user_handle("user-bob").unwrap_or_default();
        let default = e.org_handle("org-default").unwrap_or_default();
        let acme_ws = e.workspace_handle("ws-acme-main").unwrap_or_default();
        let read = e.permission_handle("runs:read").unwrap_or_default();
        assert!(e.can_handles(bob, default, Some(acme_ws), read).is_err());
        assert!(e.can_handles(9999, default, None, 0).is_err());
        assert!(e.can_handles(bob, 9999, None, 0).is_err());
        assert!(e.can_handles(bob, default, None, 9999).is_err());
        assert!(e.can_handles(bob, default, None, read).is_err(), "workspace permission without a workspace");
        assert_eq!(e.user_handle("nobody").map_err(|x| x.code()), Err("UNKNOWN_USER"));
        assert_eq!(e.permission_handle("runs:raed").map_err(|x| x.code()), Err("UNKNOWN_PERMISSION"));
    }
}
