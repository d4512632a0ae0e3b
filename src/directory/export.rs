//! The directory as a document again: what [`Directory::to_doc`] writes
//! builds an equal directory, so a directory changed in place
//! ([`Directory::apply`]) can be saved, compared or handed to another
//! engine.
//!
//! The document is canonical rather than a copy of the one loaded:
//! defaults are written out (`sso.defaultWorkspaceIds`, every setting;
//! `sso.defaultWorkspaceRole` unless it is the default), e-mails are normalized,
//! permissions and restricted roles follow the catalog's order, and a
//! service key's roles are written explicitly.

use super::*;

impl Directory {
    /// The current directory as a document; `Directory::from_doc` on it
    /// gives a directory that answers every check the same.
    pub fn to_doc(&self) -> DirectoryDoc {
        let mut keys: Vec<(usize, usize, &str)> =
            self.service_keys.iter().map(|(id, &(o, k))| (o, k, id.as_str())).collect();
        keys.sort_unstable();
        let mut pats: Vec<(usize, usize, &str)> = self.pats.iter().map(|(id, &(o, t))| (o, t, id.as_str())).collect();
        pats.sort_unstable();
        let ids_of = |list: &[(usize, usize, &str)], oi: usize| -> Vec<String> {
            list.iter().filter(|(o, _, _)| *o == oi).map(|(_, _, id)| (*id).to_string()).collect()
        };
        DirectoryDoc {
            default_org_id: self.default_org.and_then(|i| self.orgs.get(i)).map(|o| o.id.clone()),
            users: self
                .listed_users
                .iter()
                .map(|(id, email)| UserDoc { id: id.clone(), email: email.clone() })
                .collect(),
            orgs: self
                .orgs
                .iter()
                .enumerate()
                .map(|(oi, o)| o.to_doc(&ids_of(&keys, oi), &ids_of(&pats, oi)))
                .collect(),
        }
    }
}

impl Org {
    fn workspace_id(&self, w: usize) -> String {
        self.workspaces.get(w).map(|x| x.id.clone()).unwrap_or_default()
    }

    fn to_doc(&self, key_ids: &[String], pat_ids: &[String]) -> OrgDoc {
        let mut doc = self.doc_with_members(self.members.iter());
        doc.groups = self.groups.clone();
        doc.service_keys = self
            .service_keys
            .iter()
            .zip(key_ids)
            .map(|(k, id)| ServiceKeyDoc {
                id: id.clone(),
                org_scoped: k.org_scoped,
                workspace_ids: k.workspaces.iter().map(|w| self.workspace_id(*w)).collect(),
                org_role: Some(k.org_role.id().to_string()),
                workspace_role: Some(self.role_id(k.workspace_role).to_string()),
            })
            .collect();
        doc.personal_access_tokens = self
            .pats
            .iter()
            .zip(pat_ids)
            .map(|(t, id)| PatDoc {
                id: id.clone(),
                user_id: t.user_id.clone(),
                workspace_id: t.workspace.map(|w| self.workspace_id(w)),
            })
            .collect();
        doc
    }

    /// The org as a document with these members only, and without SCIM
    /// group names or credential ids (the per-user view's org, and the base
    /// of [`Org::to_doc`]).
    pub(crate) fn doc_with_members<'a>(&self, members: impl Iterator<Item = &'a Member>) -> OrgDoc {
        let s = &self.settings;
        let mut restricted: Vec<String> = BuiltinWorkspaceRole::ALL
            .iter()
            .filter(|b| self.restricted_builtin.contains(b))
            .map(|b| b.id().to_string())
            .collect();
        restricted.extend(self.roles.iter().filter(|r| r.restricted).map(|r| r.id.clone()));
        OrgDoc {
            id: self.id.clone(),
            name: self.name.clone(),
            personal: self.personal,
            plan: self.plan,
            rbac: self.rbac,
            settings: OrgSettingsDoc {
                invites_enabled: s.invites_enabled,
                jit_provisioning_enabled: s.jit_provisioning_enabled,
                pat_creation_disabled: s.pat_creation_disabled,
                public_sharing_disabled: s.public_sharing_disabled,
                group_separator: s.group_separator.to_string(),
                group_prefix: s.group_prefix.clone(),
            },
            sso: SsoDoc {
                default_workspace_ids: Some(self.sso.workspaces.iter().map(|w| self.workspace_id(*w)).collect()),
                // Omitted means `WORKSPACE_EDITOR`, which an org without RBAC may not name.
                default_workspace_role: (self.sso.role != RoleRef::Builtin(BuiltinWorkspaceRole::Editor))
                    .then(|| self.role_id(self.sso.role).to_string()),
                groups_sync: GroupsSyncDoc {
                    enabled: self.sso.groups_sync_enabled,
                    required: self.sso.groups_required,
                    claim: self.sso.groups_claim.clone(),
                },
            },
            workspaces: self
                .workspaces
                .iter()
                .map(|w| WorkspaceDoc { id: w.id.clone(), name: w.name.clone() })
                .collect(),
            roles: self
                .roles
                .iter()
                .map(|r| CustomRoleDoc {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    permissions: r.permissions.iter().map(|p| p.as_str().to_string()).collect(),
                })
                .collect(),
            restricted_roles: restricted,
            members: members.map(|m| self.member_doc(m)).collect(),
            groups: vec![],
            service_keys: vec![],
            personal_access_tokens: vec![],
        }
    }

    pub(crate) fn member_doc(&self, m: &Member) -> MemberDoc {
        MemberDoc {
            id: m.id.clone(),
            user_id: m.user_id.clone(),
            email: m.email.clone(),
            org_role: m.org_role.id().to_string(),
            status: m.status,
            workspaces: m
                .workspaces
                .iter()
                .map(|(w, r)| (self.workspace_id(*w), self.role_id(*r).to_string()))
                .collect(),
        }
    }
}
