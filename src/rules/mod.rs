//! The rules layer: one small named function per sentence of the domain
//! reference (`DOMAIN.md`, beside the repository as `../shared/DOMAIN.md`).
//!
//! Invites, member management, SSO, administration, request scoping and the
//! configuration readers call these instead of deciding a rule themselves,
//! so a sentence of the reference has one answer in the code and one denial
//! message. Each function's doc comment cites its `DOMAIN §N` section; the
//! tests below check that every cited section exists.
//!
//! The rules are pure functions over the directory's types (`Org`,
//! `Member`, `RoleRef`), roles and decisions; they import nothing above
//! them (no engine, no access checks, no wire types). Callers pass in what
//! they resolved, e.g. whether an actor acts as Workspace Admin. The
//! directory calls the same rules: its builder to refuse documents that
//! contradict them (plan roles, RBAC roles, custom roles, e-mail
//! addresses), `Org::effective_org_role` for the plan.
//!
//! | area | file |
//! |---|---|
//! | e-mail addresses (§4, §5) | [`email`] |
//! | membership status (§1) | [`membership`] |
//! | organization roles and plans (§1, §2, §4, §6) | [`org_roles`] |
//! | workspace roles, RBAC, restricted roles (§1, §3) | [`workspace_roles`] |

pub(crate) mod email;
pub(crate) mod membership;
pub(crate) mod org_roles;
pub(crate) mod workspace_roles;

pub(crate) use email::{basic_auth_admin_email, is_valid_email, not_an_email};
pub(crate) use membership::{active_member, not_a_member, pending_membership};
pub(crate) use org_roles::{
    is_active_org_admin, is_operator, newcomer_org_role, operator_may_act_on, org_role_in_plan, org_role_under_plan,
    service_key_default_org_role,
};
pub(crate) use workspace_roles::{
    acting_workspace_role, custom_roles_available, default_workspace_role, may_assign_role, rbac_allows_role,
    restricted_roles_available,
};

#[cfg(test)]
mod tests {
    //! Keeps the layer honest: every rule cites a section that exists, and
    //! the decisions folded here are not decided again elsewhere in `src/`.

    use std::path::{Path, PathBuf};

    use crate::directory::{Directory, Org};

    /// The org `o` ("Acme", workspaces `w1` "Main" and `w2` "Production")
    /// with the fields of `fields` (a JSON object: members, plan, rbac,
    /// roles, ...) merged in. Shared by the tests of the rule files.
    pub(crate) fn org_of(fields: &str) -> Result<Org, String> {
        let mut org: serde_json::Value = serde_json::json!({
            "id": "o", "name": "Acme",
            "workspaces": [{"id": "w1", "name": "Main"}, {"id": "w2", "name": "Production"}],
        });
        let extra: serde_json::Value = serde_json::from_str(fields).map_err(|e| e.to_string())?;
        if let (Some(o), Some(extra)) = (org.as_object_mut(), extra.as_object()) {
            o.extend(extra.clone());
        }
        let doc = serde_json::json!({ "orgs": [org] }).to_string();
        let dir = Directory::from_json(&doc).map_err(|e| e.to_string())?;
        dir.orgs.into_iter().next().ok_or_else(|| "no organization".to_owned())
    }

    /// The rule files with their text, compiled in so the test needs no paths for them.
    const RULE_FILES: [(&str, &str); 4] = [
        ("email.rs", include_str!("email.rs")),
        ("membership.rs", include_str!("membership.rs")),
        ("org_roles.rs", include_str!("org_roles.rs")),
        ("workspace_roles.rs", include_str!("workspace_roles.rs")),
    ];

    /// The domain reference: `$ORGPOLICY_DOMAIN_MD` if set, else
    /// `shared/DOMAIN.md` beside the repository or beside one of its parents
    /// (a worktree sits deeper than the clone).
    fn domain_md() -> Result<String, String> {
        let path = match std::env::var_os("ORGPOLICY_DOMAIN_MD") {
            Some(p) => PathBuf::from(p),
            None => Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .skip(1)
                .map(|dir| dir.join("shared/DOMAIN.md"))
                .find(|p| p.is_file())
                .ok_or("`shared/DOMAIN.md` not found beside the repository or its parents; set ORGPOLICY_DOMAIN_MD")?,
        };
        std::fs::read_to_string(&path)
            .map_err(|e| format!("the domain reference is read from `{}`: {e}", path.display()))
    }

    /// Section numbers of `## N. Title` headings.
    fn sections(domain: &str) -> Vec<u32> {
        domain
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .filter_map(|l| l.split_once('.'))
            .filter_map(|(n, _)| n.trim().parse().ok())
            .collect()
    }

    /// `(file, function name, its doc comment)` for every function of a rule
    /// file outside its tests module.
    fn rule_functions() -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        for (file, text) in RULE_FILES {
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut doc = String::new();
            for line in code.lines() {
                let t = line.trim_start();
                if let Some(d) = t.strip_prefix("///") {
                    doc.push_str(d);
                    doc.push('\n');
                    continue;
                }
                if t.starts_with("#[") {
                    continue;
                }
                let name = t
                    .strip_prefix("pub(crate) fn ")
                    .or_else(|| t.strip_prefix("pub fn "))
                    .or_else(|| t.strip_prefix("fn "))
                    .and_then(|rest| rest.split(['(', '<']).next());
                if let Some(name) = name {
                    out.push((file, name.to_owned(), std::mem::take(&mut doc)));
                } else {
                    doc.clear();
                }
            }
        }
        out
    }

    /// Every `§N` cited in a text.
    fn cited(doc: &str) -> Vec<u32> {
        doc.split('§')
            .skip(1)
            .filter_map(|s| {
                let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect()
    }

    #[test]
    fn every_rule_cites_a_domain_section_that_exists() -> Result<(), String> {
        let domain = domain_md()?;
        let known = sections(&domain);
        assert!(known.len() >= 9, "DOMAIN.md headings not found: {known:?}");
        let functions = rule_functions();
        assert!(functions.len() >= 15, "rule functions not found: {functions:?}");
        for (file, name, doc) in &functions {
            let sections = cited(doc);
            assert!(doc.contains("DOMAIN §"), "{file}: `{name}` cites no DOMAIN section");
            for s in sections {
                assert!(known.contains(&s), "{file}: `{name}` cites DOMAIN §{s}, which does not exist");
            }
        }
        Ok(())
    }

    #[test]
    fn every_rule_has_a_test_beside_it() {
        for (file, name, _) in rule_functions() {
            let text = RULE_FILES.iter().find(|(f, _)| *f == file).map_or("", |(_, t)| *t);
            let tests = text.split("#[cfg(test)]").nth(1).unwrap_or_default();
            assert!(tests.contains(&format!("{name}(")), "{file}: `{name}` is not called by its tests");
        }
    }

    /// The same rule reached through invites and through member management
    /// (and permission checks) is denied with the same code and text.
    #[test]
    fn callers_share_one_denial_per_rule() -> Result<(), String> {
        use crate::invites::{InviteRequest, Invitee};
        use crate::{Decision, Engine, InstanceConfig, MemberOperation};

        let member = |id: &str, role: &str, ws: &str| {
            serde_json::json!({"id": format!("m-{id}"), "userId": format!("u-{id}"),
                "email": format!("{id}@example.com"), "orgRole": role,
                "workspaces": serde_json::from_str::<serde_json::Value>(ws).unwrap_or_default()})
        };
        let doc = serde_json::json!({"orgs": [
            {"id": "o-rbac", "name": "Rbac", "rbac": true,
             "workspaces": [{"id": "w-rbac", "name": "Main"}],
             "roles": [{"id": "role-annotator", "name": "Annotators", "permissions": ["runs:read"]},
                       {"id": "role-managers", "name": "Managers", "permissions": ["workspaces:manage-members"]}],
             "restrictedRoles": ["role-annotator"],
             "members": [
                member("op", "ORGANIZATION_OPERATOR", "{}"),
                member("user", "ORGANIZATION_USER", "{}"),
                member("manager", "ORGANIZATION_USER", r#"{"w-rbac": "role-managers"}"#),
                {"id": "m-pending", "userId": "u-pending", "email": "pending@example.com",
                 "orgRole": "ORGANIZATION_USER", "status": "pending"}]},
            {"id": "o-plain", "name": "Plain", "rbac": false,
             "workspaces": [{"id": "w-plain", "name": "Main"}],
             "members": [member("plain-admin", "ORGANIZATION_ADMIN", "{}"), member("plain-user", "ORGANIZATION_USER", "{}")]},
            {"id": "o-single", "name": "Single", "plan": "singleWorkspace",
             "workspaces": [{"id": "w-single", "name": "Main"}],
             "members": [member("single-admin", "ORGANIZATION_ADMIN", "{}"), member("single-2", "ORGANIZATION_ADMIN", "{}")]}
        ]});
        let engine = Engine::from_json(InstanceConfig::default(), &doc.to_string()).map_err(|e| e.to_string())?;

        // The first invitee's denial, as a decision.
        let invite =
            |actor: &str, org: &str, ws: Option<&str>, email: &str, org_role: Option<&str>, ws_role: Option<&str>| {
                let req = InviteRequest {
                    actor_id: actor.into(),
                    org_id: org.into(),
                    workspace_id: ws.map(Into::into),
                    invitees: vec![Invitee {
                        email: email.into(),
                        org_role: org_role.map(Into::into),
                        workspace_role: ws_role.map(Into::into),
                    }],
                };
                let plan = engine.plan_invites(&req).map_err(|e| e.to_string())?;
                let first = plan.invitees.into_iter().next().ok_or("no invitee")?;
                Ok::<Decision, String>(Decision::deny(first.code, first.message))
            };
        let manage = |actor: &str, org: &str, op: MemberOperation| {
            engine.can_manage_members(actor, org, &op).map_err(|e| e.to_string())
        };
        let set_role =
            |member: &str, role: &str| MemberOperation::UpdateOrgRole { member_id: member.into(), role: role.into() };
        let add = |member: &str, ws: &str, role: &str| MemberOperation::AddToWorkspace {
            member_id: member.into(),
            workspace_id: ws.into(),
            role: Some(role.into()),
        };
        let pairs = [
            // DOMAIN §2: Operators vs Admins.
            (
                invite("u-op", "o-rbac", None, "new@example.com", Some("ORGANIZATION_ADMIN"), None)?,
                manage("u-op", "o-rbac", set_role("m-user", "ORGANIZATION_ADMIN"))?,
            ),
            // DOMAIN §3: restricted roles.
            (
                invite("u-manager", "o-rbac", Some("w-rbac"), "user@example.com", None, Some("role-annotator"))?,
                manage("u-manager", "o-rbac", add("m-user", "w-rbac", "role-annotator"))?,
            ),
            // DOMAIN §1: RBAC roles.
            (
                invite("u-plain-admin", "o-plain", Some("w-plain"), "new@example.com", None, Some("WORKSPACE_VIEWER"))?,
                manage("u-plain-admin", "o-plain", add("m-plain-user", "w-plain", "WORKSPACE_VIEWER"))?,
            ),
            // DOMAIN §1: org roles of a single-workspace plan.
            (
                invite("u-single-admin", "o-single", None, "new@example.com", Some("ORGANIZATION_USER"), None)?,
                manage("u-single-admin", "o-single", set_role("m-single-2", "ORGANIZATION_USER"))?,
            ),
            // DOMAIN §1: a pending member acts as nothing.
            (
                invite("u-pending", "o-rbac", None, "new@example.com", None, None)?,
                manage("u-pending", "o-rbac", MemberOperation::InviteToOrg)?,
            ),
            (
                engine.check("u-pending", "o-rbac", None, "organization:read").map_err(|e| e.to_string())?,
                manage("u-pending", "o-rbac", MemberOperation::ListOrgMembers)?,
            ),
        ];
        use crate::Code as C;
        let codes = [
            C::OperatorCannotManageAdmins,
            C::RestrictedRoleRequiresWorkspaceAdmin,
            C::RbacRequired,
            C::OrgRoleNotInPlan,
            C::MemberPending,
            C::MemberPending,
        ];
        for (i, ((a, b), code)) in pairs.iter().zip(codes).enumerate() {
            assert!(!a.allowed && !b.allowed, "pair {i}: {a:?} / {b:?}");
            assert_eq!(a.code, code, "pair {i} did not reach its rule: {a:?}");
            assert_eq!((a.code, &a.message), (b.code, &b.message), "pair {i}");
        }
        Ok(())
    }

    #[test]
    fn the_citation_reader_sees_sections_and_citations() {
        assert_eq!(sections("# T\n## 1. A\ntext\n## 12. B\n### 3. not a section"), vec![1, 12]);
        assert_eq!(cited("DOMAIN §3 and §10, not §"), vec![3, 10]);
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                rust_files(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        Ok(())
    }

    /// Text that decides a rule folded into this layer; outside `src/rules/`
    /// it may appear only in the files listed (which define the data it reads).
    const DECIDED_HERE: [(&str, &[&str]); 11] = [
        // DOMAIN §2: Operators vs Admins.
        ("== OrgRole::OrganizationOperator", &[]),
        // DOMAIN §3: restricted roles.
        ("is_restricted(", &["directory/mod.rs"]),
        // DOMAIN §1: the default workspace role with and without RBAC.
        ("BuiltinWorkspaceRole::Viewer)", &[]),
        // DOMAIN §4, §5: one e-mail validity test.
        ("fn looks_like_email", &[]),
        // DOMAIN §1: a pending member holds no permissions (the denial's text).
        ("a pending member has no permissions", &[]),
        // DOMAIN §1, §4, §6: a newcomer's org role by plan.
        ("Plan::MultiWorkspace => OrgRole::OrganizationUser", &[]),
        // DOMAIN §1: on a single-workspace plan every member is an Org Admin.
        ("Plan::SingleWorkspace => OrgRole::OrganizationAdmin", &[]),
        // DOMAIN §1: without RBAC every workspace member acts as Admin.
        ("if !self.rbac", &[]),
        // DOMAIN §1: without RBAC no workspace role other than Admin.
        ("!= RoleRef::Builtin(BuiltinWorkspaceRole::Admin)", &[]),
        // DOMAIN §2: an Org Admin acts as workspace Admin everywhere.
        ("org_role(org) == OrgRole::OrganizationAdmin", &[]),
        // DOMAIN §7: the org role of a key without roles of its own.
        ("{ OrgRole::OrganizationAdmin } else { OrgRole::OrganizationUser }", &[]),
    ];

    #[test]
    fn folded_rules_are_not_decided_again_elsewhere() -> std::io::Result<()> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files)?;
        assert!(files.len() > 20, "sources not found under {}", src.display());
        for path in files {
            let rel = path.strip_prefix(&src).map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
            if rel.starts_with("rules") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            for (needle, allowed) in DECIDED_HERE {
                if allowed.contains(&rel.as_str()) {
                    continue;
                }
                assert!(!text.contains(needle), "src/{rel} decides `{needle}` itself; call the rule in src/rules/");
            }
        }
        Ok(())
    }
}
