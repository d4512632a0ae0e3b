//! A synthetic directory of any size, deterministic, for benchmarks:
//! one shared org with eight workspaces (RBAC on, two custom roles) and
//! `members` members across every org role (about 1% pending), each in one
//! to three workspaces; plus the query list the benchmarks replay.

#![allow(clippy::indexing_slicing)] // indices are taken modulo the slice length

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub const WORKSPACES: usize = 8;
pub const PERMISSIONS: &[&str] = &[
    "runs:read",
    "runs:create",
    "runs:delete",
    "datasets:read",
    "datasets:update",
    "datasets:delete",
    "projects:read",
    "projects:create",
    "prompts:update",
    "workspaces:manage-members",
    "feedback:create",
    "organization:read",
    "organization:manage",
    "organization:pats:create",
];

/// The directory as JSON text.
pub fn directory_json(members: usize) -> String {
    let mut rng = Rng::new(0x5eed);
    let mut out = String::with_capacity(members * 160 + 1024);
    out.push_str(
        r#"{"defaultOrgId":"org-synth","orgs":[{"id":"org-synth","name":"Synthetic","rbac":true,"workspaces":["#,
    );
    for w in 0..WORKSPACES {
        if w > 0 {
            out.push(',');
        }
        out.push_str(&format!(r#"{{"id":"ws-{w}","name":"Workspace {w}"}}"#));
    }
    out.push_str(r#"],"roles":[{"id":"role-annotator","name":"Annotators","permissions":["runs:read","feedback:create","feedback:read"]},{"id":"role-keys","name":"Key Managers","permissions":["workspaces:read","workspaces:manage-keys"]}],"members":["#);
    let ws_roles = [
        "WORKSPACE_ADMIN",
        "WORKSPACE_EDITOR",
        "WORKSPACE_VIEWER",
        "WORKSPACE_EDITOR",
        "role-annotator",
        "WORKSPACE_VIEWER",
    ];
    for i in 0..members {
        if i > 0 {
            out.push(',');
        }
        let org_role = match rng.below(100) {
            0..=1 => "ORGANIZATION_ADMIN",
            2..=4 => "ORGANIZATION_OPERATOR",
            5..=79 => "ORGANIZATION_USER",
            _ => "ORGANIZATION_VIEWER",
        };
        let pending = i % 100 == 99;
        let mut ws = String::new();
        let first = rng.below(WORKSPACES);
        for k in 0..=rng.below(3) {
            let w = (first + k * 3) % WORKSPACES;
            if !ws.is_empty() {
                ws.push(',');
            }
            ws.push_str(&format!(r#""ws-{w}":"{}""#, ws_roles[rng.below(ws_roles.len())]));
        }
        if pending {
            out.push_str(&format!(
                r#"{{"id":"ident-{i}","email":"user{i}@example.com","orgRole":"{org_role}","status":"pending","workspaces":{{{ws}}}}}"#
            ));
        } else {
            out.push_str(&format!(
                r#"{{"id":"ident-{i}","userId":"user-{i}","email":"user{i}@example.com","orgRole":"{org_role}","workspaces":{{{ws}}}}}"#
            ));
        }
    }
    out.push_str("]}]}");
    out
}

/// `count` queries (user, org, workspace, permission) over the first `members` members.
pub fn queries(members: usize, count: usize) -> Vec<(String, String, Option<String>, String)> {
    let mut rng = Rng::new(0xbeef);
    (0..count)
        .map(|_| {
            // Every hundredth member is a pending invite with no user id: ask about the others.
            let mut u = rng.below(members);
            while u % 100 == 99 {
                u = rng.below(members);
            }
            let p = PERMISSIONS[rng.below(PERMISSIONS.len())];
            let ws = if p.starts_with("organization:") { None } else { Some(format!("ws-{}", rng.below(WORKSPACES))) };
            (format!("user-{u}"), "org-synth".to_string(), ws, p.to_string())
        })
        .collect()
}
