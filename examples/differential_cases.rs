//! Random differential cases: valid random directories and configurations,
//! and ~100 random `Engine::call`s each (every method, unknown ids and
//! permissions included), answered natively. tests/js/differential.test.mjs
//! replays them through the wasm package and compares.
//!   cargo run --release -q --example differential_cases -- <seed> <count> [calls]
//! Prints one JSON array of `{ config, directory, calls: [{ method, input, result | error }] }`.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_range_loop
)]

use orgpolicy::api::METHODS;
use orgpolicy::{Engine, InstanceConfig};
use serde_json::{json, Map, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    fn bool(&mut self) -> bool {
        self.chance(50)
    }
}

const ORG_ROLES: &[&str] = &["ORGANIZATION_ADMIN", "ORGANIZATION_OPERATOR", "ORGANIZATION_USER", "ORGANIZATION_VIEWER"];
const WS_ROLES: &[&str] = &["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER"];
const WS_PERMS: &[&str] = &[
    "runs:read",
    "runs:create",
    "runs:delete",
    "runs:share",
    "projects:read",
    "projects:create",
    "datasets:read",
    "datasets:share",
    "datasets:tag-on-create",
    "prompts:share",
    "feedback:create",
    "annotation-queues:update",
    "workspaces:read",
    "workspaces:manage",
    "workspaces:manage-members",
    "workspaces:manage-keys",
    "charts:read",
];
const ORG_PERMS: &[&str] = &["organization:read", "organization:manage", "organization:pats:create"];
const BAD_PERMS: &[&str] =
    &["runz:read", "datasets:tag_on_create", "prompts:tag_on_create", "", "RUNS:READ", "organization:pats"];
const SEPARATORS: &[&str] = &[":", "-", "_", " ", "&"];

struct Org {
    id: String,
    personal: bool,
    workspaces: Vec<(String, String)>,
    roles: Vec<String>,
    member_ids: Vec<String>,
    group_names: Vec<String>,
}

struct Gen {
    users: Vec<(String, String)>,
    orgs: Vec<Org>,
    keys: Vec<String>,
}

fn email_variant(r: &mut Rng, n: usize) -> String {
    match r.below(4) {
        0 => format!("user{n}@example.com"),
        1 => format!("User{n}@Example.COM"),
        2 => format!("  user{n}@example.com "),
        _ => format!("USER{n}@EXAMPLE.COM"),
    }
}

fn directory(r: &mut Rng) -> (Value, Gen) {
    let n_users = 4 + r.below(6);
    let users: Vec<(String, String)> =
        (0..n_users).map(|i| (format!("user-{i}"), format!("user{i}@example.com"))).collect();
    let mut g = Gen { users: users.clone(), orgs: vec![], keys: vec![] };
    let mut orgs_json = vec![];
    let n_orgs = 1 + r.below(4);
    let mut personal_owners: Vec<usize> = vec![];
    for o in 0..n_orgs {
        let personal = o > 0 && r.chance(15);
        let single = personal || r.chance(25);
        let rbac = !personal && r.chance(60);
        let id = format!("org-{o}");
        let n_ws = if single { 1 } else { 1 + r.below(4) };
        let workspaces: Vec<(String, String)> = (0..n_ws).map(|w| (format!("ws-{o}-{w}"), format!("WS {w}"))).collect();
        let mut roles_json = vec![];
        let mut roles = vec![];
        if rbac {
            for k in 0..r.below(3) {
                let rid = format!("role-{o}-{k}");
                let mut perms: Vec<&str> = WS_PERMS.iter().copied().filter(|_| r.chance(30)).collect();
                if perms.is_empty() {
                    perms.push("runs:read");
                }
                roles_json.push(json!({ "id": rid, "name": format!("Custom {k}"), "permissions": perms }));
                roles.push(rid);
            }
        }
        let assignable: Vec<String> = if rbac {
            WS_ROLES.iter().map(|s| s.to_string()).chain(roles.iter().cloned()).collect()
        } else {
            vec!["WORKSPACE_ADMIN".to_string()]
        };
        let mut org = Map::new();
        org.insert("id".into(), json!(id));
        org.insert("name".into(), json!(format!("Org {o}")));
        if personal {
            org.insert("personal".into(), json!(true));
        }
        if single || r.bool() {
            org.insert("plan".into(), json!(if single { "singleWorkspace" } else { "multiWorkspace" }));
        }
        if rbac || r.bool() {
            org.insert("rbac".into(), json!(rbac));
        }
        let sep = *r.pick(SEPARATORS);
        let prefix = if r.bool() { "LS:" } else { "" };
        if r.chance(80) {
            org.insert(
                "settings".into(),
                json!({
                    "invitesEnabled": r.chance(75), "jitProvisioningEnabled": r.chance(70),
                    "patCreationDisabled": r.chance(25), "publicSharingDisabled": r.chance(30),
                    "groupSeparator": sep, "groupPrefix": prefix,
                }),
            );
        }
        let (sep, prefix) = if org.contains_key("settings") { (sep, prefix) } else { (":", "") };
        if r.chance(70) {
            let mut sso = Map::new();
            if r.bool() {
                let ids: Vec<&String> = workspaces.iter().map(|w| &w.0).filter(|_| r.bool()).collect();
                sso.insert("defaultWorkspaceIds".into(), json!(ids));
            }
            if r.bool() {
                sso.insert("defaultWorkspaceRole".into(), json!(r.pick(&assignable)));
            }
            sso.insert(
                "groupsSync".into(),
                json!({ "enabled": r.bool(), "required": r.chance(30), "claim": "groups" }),
            );
            org.insert("sso".into(), Value::Object(sso));
        }
        org.insert(
            "workspaces".into(),
            json!(workspaces.iter().map(|(i, n)| json!({"id": i, "name": n})).collect::<Vec<_>>()),
        );
        if !roles_json.is_empty() {
            org.insert("roles".into(), json!(roles_json));
        }
        if rbac && r.bool() {
            let restricted: Vec<&String> = assignable.iter().filter(|_| r.chance(30)).collect();
            org.insert("restrictedRoles".into(), json!(restricted));
        }
        let mut members = vec![];
        let mut member_ids = vec![];
        let mut member_users = vec![];
        if personal {
            let u = loop {
                let u = r.below(n_users);
                if !personal_owners.contains(&u) {
                    break u;
                }
                if personal_owners.len() >= n_users {
                    break u;
                }
            };
            personal_owners.push(u);
            let mid = format!("m-{o}-{u}");
            members.push(
                json!({ "id": mid, "userId": users[u].0, "email": email_variant(r, u), "orgRole": "ORGANIZATION_ADMIN",
                "workspaces": { workspaces[0].0.clone(): "WORKSPACE_ADMIN" } }),
            );
            member_ids.push(mid);
            member_users.push(u);
        } else {
            for u in 0..n_users {
                if !r.chance(60) {
                    continue;
                }
                let mid = format!("m-{o}-{u}");
                let role = if single { "ORGANIZATION_ADMIN" } else { *r.pick(ORG_ROLES) };
                let mut m = Map::new();
                m.insert("id".into(), json!(mid));
                m.insert("userId".into(), json!(users[u].0));
                m.insert("email".into(), json!(email_variant(r, u)));
                m.insert("orgRole".into(), json!(role));
                if r.chance(20) {
                    m.insert("status".into(), json!("pending"));
                } else if r.bool() {
                    m.insert("status".into(), json!("active"));
                }
                let mut ws = Map::new();
                for (wid, _) in &workspaces {
                    if r.chance(55) {
                        ws.insert(wid.clone(), json!(r.pick(&assignable)));
                    }
                }
                if !ws.is_empty() || r.bool() {
                    m.insert("workspaces".into(), Value::Object(ws));
                }
                members.push(Value::Object(m));
                member_ids.push(mid);
                member_users.push(u);
            }
            for k in 0..r.below(3) {
                let mid = format!("m-{o}-x{k}");
                let mut ws = Map::new();
                if r.bool() {
                    ws.insert(workspaces[0].0.clone(), json!(r.pick(&assignable)));
                }
                let role = if single { "ORGANIZATION_ADMIN" } else { *r.pick(ORG_ROLES) };
                members.push(json!({ "id": mid, "email": format!("Invitee{k}.{o}@Example.org"), "orgRole": role,
                    "status": "pending", "workspaces": ws }));
                member_ids.push(mid);
            }
        }
        org.insert("members".into(), json!(members));
        let mut group_names = vec![
            format!("{prefix}Organization Admins"),
            format!("{prefix}Organization User"),
            format!("{prefix}Organization Viewer"),
            "Unrelated Group".to_string(),
        ];
        for (_, wname) in &workspaces {
            for role in ["Admin", "Editor", "Viewer", "Custom 0"] {
                group_names.push(format!("{prefix}Organization User{sep}{wname}{sep}{role}"));
            }
        }
        if r.bool() {
            let gs: Vec<&String> = group_names.iter().filter(|_| r.chance(25)).collect();
            org.insert("groups".into(), json!(gs));
        }
        if !personal {
            let mut keys = vec![];
            for k in 0..r.below(3) {
                let kid = format!("key-{o}-{k}");
                let mut key = Map::new();
                key.insert("id".into(), json!(kid));
                if r.chance(35) {
                    key.insert("orgScoped".into(), json!(true));
                } else {
                    let mut ids: Vec<&String> = workspaces.iter().map(|w| &w.0).filter(|_| r.bool()).collect();
                    if ids.is_empty() {
                        ids.push(&workspaces[0].0);
                    }
                    key.insert("workspaceIds".into(), json!(ids));
                }
                if r.chance(30) {
                    key.insert("orgRole".into(), json!(r.pick(ORG_ROLES)));
                }
                if r.chance(40) {
                    key.insert("workspaceRole".into(), json!(r.pick(&assignable)));
                }
                keys.push(Value::Object(key));
                g.keys.push(kid);
            }
            org.insert("serviceKeys".into(), json!(keys));
        }
        let mut pats = vec![];
        for k in 0..r.below(3) {
            let pid = format!("pat-{o}-{k}");
            let u = if !member_users.is_empty() && r.chance(80) { *r.pick(&member_users) } else { r.below(n_users) };
            let mut pat = json!({ "id": pid, "userId": users[u].0 });
            if r.bool() {
                pat["workspaceId"] = json!(r.pick(&workspaces).0);
            }
            pats.push(pat);
            g.keys.push(pid);
        }
        if !pats.is_empty() {
            org.insert("personalAccessTokens".into(), json!(pats));
        }
        orgs_json.push(Value::Object(org));
        g.orgs.push(Org { id, personal, workspaces, roles, member_ids, group_names });
    }
    let mut dir = Map::new();
    let shared: Vec<&Org> = g.orgs.iter().filter(|o| !o.personal).collect();
    if r.chance(70) && !shared.is_empty() {
        dir.insert("defaultOrgId".into(), json!(r.pick(&shared).id));
    }
    dir.insert("users".into(), json!(users.iter().map(|(i, e)| json!({"id": i, "email": e})).collect::<Vec<_>>()));
    dir.insert("orgs".into(), json!(orgs_json));
    (Value::Object(dir), g)
}

fn maybe(r: &mut Rng, v: bool) -> Value {
    if r.chance(20) {
        Value::Null
    } else {
        json!(v)
    }
}

fn config(r: &mut Rng) -> Value {
    let mut c = Map::new();
    let mode = *r.pick(&["none", "oauth", "basic", "omit"]);
    if mode != "omit" {
        c.insert("authMode".into(), json!(mode));
    }
    for key in [
        "workspaceScopeOrgInvitesEnabled",
        "orgCreationDisabled",
        "personalOrgsDisabled",
        "patCreationDisabled",
        "jitProvisioningEnabled",
    ] {
        if r.chance(60) {
            let v = r.bool();
            c.insert(key.into(), maybe(r, v));
        }
    }
    if mode == "basic" || r.chance(20) {
        c.insert("initialOrgAdminEmail".into(), json!(format!(" Admin{}@Example.com", r.below(3))));
    }
    if r.chance(20) {
        c.insert("initialOrgName".into(), json!("Acme"));
    }
    if r.chance(20) {
        c.insert("defaultWorkspaceName".into(), json!("Main"));
    }
    Value::Object(c)
}

impl Gen {
    fn user(&self, r: &mut Rng) -> String {
        if r.chance(10) {
            "user-nobody".into()
        } else {
            r.pick(&self.users).0.clone()
        }
    }
    fn org(&self, r: &mut Rng) -> usize {
        r.below(self.orgs.len())
    }
    fn org_id(&self, r: &mut Rng, o: usize) -> String {
        if r.chance(8) {
            "org-nowhere".into()
        } else {
            self.orgs[o].id.clone()
        }
    }
    fn ws(&self, r: &mut Rng, o: usize) -> String {
        if r.chance(8) {
            // Unknown, or another org's workspace.
            let other = self.org(r);
            return if r.bool() { "ws-nowhere".into() } else { r.pick(&self.orgs[other].workspaces).0.clone() };
        }
        r.pick(&self.orgs[o].workspaces).0.clone()
    }
    fn opt_ws(&self, r: &mut Rng, o: usize) -> Value {
        match r.below(4) {
            0 => Value::Null,
            1 => Value::String("__omit__".into()),
            _ => json!(self.ws(r, o)),
        }
    }
    fn perm(&self, r: &mut Rng) -> String {
        let p = r.below(100);
        if p < 70 {
            r.pick(WS_PERMS).to_string()
        } else if p < 88 {
            r.pick(ORG_PERMS).to_string()
        } else {
            r.pick(BAD_PERMS).to_string()
        }
    }
    fn member_id(&self, r: &mut Rng, o: usize) -> String {
        if self.orgs[o].member_ids.is_empty() || r.chance(8) {
            "m-nobody".into()
        } else {
            r.pick(&self.orgs[o].member_ids).clone()
        }
    }
    fn ws_role(&self, r: &mut Rng, o: usize) -> String {
        let p = r.below(10);
        if p < 6 {
            r.pick(WS_ROLES).to_string()
        } else if p < 9 && !self.orgs[o].roles.is_empty() {
            r.pick(&self.orgs[o].roles).clone()
        } else {
            "role-nowhere".into()
        }
    }
    fn email(&self, r: &mut Rng) -> String {
        match r.below(6) {
            0 => "newcomer@example.com".into(),
            1 => "not-an-email".into(),
            2 => format!(" Invitee0.{}@example.ORG", self.org(r)),
            _ => {
                let u = r.below(self.users.len());
                email_variant(r, u)
            }
        }
    }
    fn groups(&self, r: &mut Rng, o: usize) -> Vec<String> {
        (0..r.below(4)).map(|_| r.pick(&self.orgs[o].group_names).clone()).collect()
    }
}

fn input(r: &mut Rng, g: &Gen, method: &str) -> Value {
    let o = g.org(r);
    let mut v = match method {
        "can" | "check" => {
            json!({ "userId": g.user(r), "orgId": g.org_id(r, o), "workspaceId": g.opt_ws(r, o), "permission": g.perm(r) })
        }
        "permissions" => json!({ "userId": g.user(r), "orgId": g.org_id(r, o), "workspaceId": g.opt_ws(r, o) }),
        "planInvites" => {
            let invitees: Vec<Value> = (0..r.below(4))
                .map(|_| {
                    let mut i = json!({ "email": g.email(r) });
                    if r.bool() {
                        i["orgRole"] = json!(r.pick(ORG_ROLES));
                    }
                    if r.chance(40) {
                        i["workspaceRole"] = json!(g.ws_role(r, o));
                    }
                    i
                })
                .collect();
            json!({ "actorId": g.user(r), "orgId": g.org_id(r, o), "workspaceId": g.opt_ws(r, o), "invitees": invitees })
        }
        "canInvite" => json!({ "actorId": g.user(r), "orgId": g.org_id(r, o), "workspaceId": g.opt_ws(r, o) }),
        "canCreateOrg" => json!({ "userId": g.user(r) }),
        "personalOrgOnFirstLogin" => json!({ "email": g.email(r) }),
        "canCreatePat" => json!({ "userId": g.user(r), "orgId": g.org_id(r, o) }),
        "firstLogin" => {
            if r.bool() {
                json!({ "email": g.email(r), "groups": g.groups(r, o) })
            } else {
                json!({ "email": g.email(r) })
            }
        }
        "canSetDefaultOrg" => json!({ "actorId": g.user(r), "targetOrgId": g.org_id(r, o) }),
        "resolveGroups" | "groupsSyncLogin" => json!({ "orgId": g.org_id(r, o), "groups": g.groups(r, o) }),
        "authorizeRequest" => {
            let mut req = Map::new();
            match r.below(4) {
                0 => {}
                1 => {
                    let key = if g.keys.is_empty() || r.chance(10) {
                        "key-nowhere".to_string()
                    } else {
                        r.pick(&g.keys).clone()
                    };
                    req.insert("credential".into(), json!({ "type": "apiKey", "key": key }));
                }
                _ => {
                    req.insert("credential".into(), json!({ "type": "session", "userId": g.user(r) }));
                }
            }
            if r.chance(60) {
                req.insert("organizationId".into(), json!(g.org_id(r, o)));
            }
            if r.chance(50) {
                req.insert("tenantId".into(), json!(g.ws(r, o)));
            }
            let scope = *r.pick(&["org", "workspace", "user"]);
            let mut op = json!({ "scope": scope });
            if r.chance(60) {
                op["permission"] = json!(g.perm(r));
            }
            req.insert("operation".into(), op);
            Value::Object(req)
        }
        "canManageMembers" => {
            let m = g.member_id(r, o);
            let w = g.ws(r, o);
            let op = match r.below(13) {
                0 => json!({ "op": "listOwnInvites" }),
                1 => json!({ "op": "claimInvite", "memberId": m }),
                2 => json!({ "op": "declineInvite", "memberId": m }),
                3 => json!({ "op": "listOrgMembers" }),
                4 => json!({ "op": "listPendingOrgMembers" }),
                5 => json!({ "op": "inviteToOrg" }),
                6 => json!({ "op": "updateOrgRole", "memberId": m, "role": r.pick(ORG_ROLES) }),
                7 => json!({ "op": "removeFromOrg", "memberId": m }),
                8 => {
                    json!({ "op": "deletePendingInvite", "memberId": m, "workspaceId": if r.bool() { json!(w) } else { Value::Null } })
                }
                9 => json!({ "op": "listWorkspaceMembers", "workspaceId": w }),
                10 => {
                    json!({ "op": "addToWorkspace", "memberId": m, "workspaceId": w, "role": if r.bool() { json!(g.ws_role(r, o)) } else { Value::Null } })
                }
                11 => json!({ "op": "updateWorkspaceRole", "memberId": m, "workspaceId": w, "role": g.ws_role(r, o) }),
                _ => json!({ "op": "removeFromWorkspace", "memberId": m, "workspaceId": w }),
            };
            json!({ "actorId": g.user(r), "orgId": g.org_id(r, o), "operation": op })
        }
        "canAdminister" => {
            let action = match r.below(12) {
                0 => json!({ "action": "updateOrgInfo" }),
                1 => json!({ "action": "updateSecuritySettings" }),
                2 => json!({ "action": "createWorkspace" }),
                3 => json!({ "action": "deleteWorkspace", "workspaceId": g.ws(r, o) }),
                4 => json!({ "action": "manageCustomRoles" }),
                5 => json!({ "action": "deleteCustomRole", "roleId": g.ws_role(r, o) }),
                6 => json!({ "action": "markRoleRestricted", "roleId": g.ws_role(r, o) }),
                7 => json!({ "action": "manageSsoSettings" }),
                8 => json!({ "action": "setDefaultSsoProvision" }),
                9 => json!({ "action": "manageBilling" }),
                10 => json!({ "action": "createOrgServiceKey" }),
                _ => {
                    json!({ "action": "createWorkspaceServiceKey", "workspaceIds": (0..r.below(3)).map(|_| g.ws(r, o)).collect::<Vec<_>>() })
                }
            };
            json!({ "actorId": g.user(r), "orgId": g.org_id(r, o), "action": action })
        }
        "canShare" => json!({ "userId": g.user(r), "orgId": g.org_id(r, o), "workspaceId": g.ws(r, o),
            "resource": if r.chance(90) { *r.pick(&["run", "dataset", "prompt"]) } else { "table" } }),
        "capabilities" => json!({ "orgId": g.org_id(r, o), "workspaceId": g.opt_ws(r, o) }),
        "whatIf" => json!({ "config": config(r) }),
        _ => json!({}),
    };
    // Optional workspace ids: `__omit__` means leave the field out.
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|_, x| x.as_str() != Some("__omit__"));
        // Rarely: a malformed input, so INVALID_INPUT paths are compared too.
        match r.below(100) {
            0 => {
                obj.insert("unexpected".into(), json!(1));
            }
            1 => {
                if let Some(k) = obj.keys().next().cloned() {
                    obj.insert(k, json!(42));
                }
            }
            2 => {
                if let Some(k) = obj.keys().next().cloned() {
                    obj.remove(&k);
                }
            }
            _ => {}
        }
    }
    v
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let count: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
    let calls: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut cases = vec![];
    let mut rejected = 0;
    while cases.len() < count {
        let (dir, g) = directory(&mut r);
        let cfg = config(&mut r);
        let config: InstanceConfig = serde_json::from_value(cfg.clone()).expect("generated config is valid");
        let engine = match Engine::from_json(config, &dir.to_string()) {
            Ok(e) => e,
            Err(e) => {
                rejected += 1;
                eprintln!("generator produced an invalid directory ({e}); skipped");
                assert!(rejected < 1000, "the generator keeps producing invalid directories");
                continue;
            }
        };
        let mut out = vec![];
        for _ in 0..calls {
            let method = if r.chance(1) { "noSuchMethod" } else { *r.pick(METHODS) };
            let input = input(&mut r, &g, method);
            let result = match engine.call(method, input.clone()) {
                Ok(v) => json!({ "method": method, "input": input, "result": v }),
                Err(e) => json!({ "method": method, "input": input, "error": { "code": e.code(), "path": e.path() } }),
            };
            out.push(result);
        }
        cases.push(json!({ "config": cfg, "directory": dir, "calls": out }));
    }
    println!("{}", Value::Array(cases));
}
