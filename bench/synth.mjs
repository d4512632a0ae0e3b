// A port of benches/support/synth.rs: the same xorshift64 PRNG, the same
// directory JSON text byte for byte, the same query list. run.mjs checks the
// bytes against `cargo run --example synth_directory` when cargo is around.

const MASK = (1n << 64n) - 1n;

export class Rng {
  constructor(seed) {
    this.s = BigInt(seed) === 0n ? 1n : BigInt(seed);
  }
  next() {
    let x = this.s;
    x ^= (x << 13n) & MASK;
    x ^= x >> 7n;
    x ^= (x << 17n) & MASK;
    this.s = x;
    return x;
  }
  below(n) {
    return Number(this.next() % BigInt(Math.max(n, 1)));
  }
}

export const WORKSPACES = 8;
export const PERMISSIONS = [
  "runs:read", "runs:create", "runs:delete", "datasets:read", "datasets:update", "datasets:delete",
  "projects:read", "projects:create", "prompts:update", "workspaces:manage-members", "feedback:create",
  "organization:read", "organization:manage", "organization:pats:create",
];
export const ORG_ID = "org-synth";
export const CUSTOM_ROLES = [
  { id: "role-annotator", name: "Annotators", permissions: ["runs:read", "feedback:create", "feedback:read"] },
  { id: "role-keys", name: "Key Managers", permissions: ["workspaces:read", "workspaces:manage-keys"] },
];

/** The directory as JSON text (identical to synth::directory_json). */
export function directoryJson(members) {
  const rng = new Rng(0x5eed);
  const parts = [];
  let head = `{"defaultOrgId":"org-synth","orgs":[{"id":"org-synth","name":"Synthetic","rbac":true,"workspaces":[`;
  for (let w = 0; w < WORKSPACES; w++) {
    if (w > 0) head += ",";
    head += `{"id":"ws-${w}","name":"Workspace ${w}"}`;
  }
  head += `],"roles":[{"id":"role-annotator","name":"Annotators","permissions":["runs:read","feedback:create","feedback:read"]},{"id":"role-keys","name":"Key Managers","permissions":["workspaces:read","workspaces:manage-keys"]}],"members":[`;
  const wsRoles = ["WORKSPACE_ADMIN", "WORKSPACE_EDITOR", "WORKSPACE_VIEWER", "WORKSPACE_EDITOR", "role-annotator", "WORKSPACE_VIEWER"];
  for (let i = 0; i < members; i++) {
    const r = rng.below(100);
    const orgRole = r <= 1 ? "ORGANIZATION_ADMIN" : r <= 4 ? "ORGANIZATION_OPERATOR" : r <= 79 ? "ORGANIZATION_USER" : "ORGANIZATION_VIEWER";
    const pending = i % 100 === 99;
    let ws = "";
    const first = rng.below(WORKSPACES);
    const extra = rng.below(3);
    for (let k = 0; k <= extra; k++) {
      const w = (first + k * 3) % WORKSPACES;
      if (ws) ws += ",";
      ws += `"ws-${w}":"${wsRoles[rng.below(wsRoles.length)]}"`;
    }
    parts.push(
      pending
        ? `{"id":"ident-${i}","email":"user${i}@example.com","orgRole":"${orgRole}","status":"pending","workspaces":{${ws}}}`
        : `{"id":"ident-${i}","userId":"user-${i}","email":"user${i}@example.com","orgRole":"${orgRole}","workspaces":{${ws}}}`,
    );
  }
  return head + parts.join(",") + "]}]}";
}

/** `count` queries [userId, orgId, workspaceId|null, permission] (identical to synth::queries). */
export function queries(members, count) {
  const rng = new Rng(0xbeef);
  const out = [];
  for (let c = 0; c < count; c++) {
    let u = rng.below(members);
    while (u % 100 === 99) u = rng.below(members);
    const p = PERMISSIONS[rng.below(PERMISSIONS.length)];
    const ws = p.startsWith("organization:") ? null : `ws-${rng.below(WORKSPACES)}`;
    out.push([`user-${u}`, ORG_ID, ws, p]);
  }
  return out;
}
