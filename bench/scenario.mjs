// The scenario every library models: the rules of /work/shared/DOMAIN.md §2-3
// that a plain permission check needs, written down here from the spec (not
// taken from orgpolicy), so the agreement check in run.mjs tests orgpolicy's
// answers against an independent reading.
//
// - org roles: ORGANIZATION_ADMIN / _OPERATOR hold organization:{read,manage,pats:create};
//   ORGANIZATION_USER holds read + pats:create; ORGANIZATION_VIEWER holds read;
// - workspace roles: WORKSPACE_ADMIN (every workspace permission), WORKSPACE_EDITOR,
//   WORKSPACE_VIEWER, and the org's custom roles (their listed permissions);
// - an Organization Admin acts as workspace Admin in every workspace of the org;
// - everyone else reaches a workspace only through membership (their role there);
// - a pending member holds nothing;
// - without RBAC every workspace member acts as workspace Admin; on a
//   single-workspace plan or in a personal org every member is an Org Admin.

const fam = (name, verbs) => verbs.map((v) => `${name}:${v}`);

/** Every workspace permission (DOMAIN §3, canonical spelling). */
export const WORKSPACE_PERMISSIONS = [
  ...fam("annotation-queues", ["create", "delete", "read", "update"]),
  ...fam("charts", ["create", "delete", "read", "update"]),
  ...fam("custom-apps", ["create", "delete", "download", "read", "update"]),
  ...fam("datasets", ["clone", "create", "delete", "download", "read", "share", "tag-on-create", "update"]),
  ...fam("deployments", ["create", "delete", "read", "update"]),
  ...fam("feedback", ["create", "delete", "read", "update"]),
  ...fam("feedback-configs", ["create", "update", "delete"]),
  "experiments:run",
  ...fam("issues", ["create", "delete", "read", "update"]),
  ...fam("projects", ["create", "delete", "read", "tag-on-create", "update", "increase-trace-tier", "decrease-trace-tier"]),
  ...fam("prompts", ["create", "delete", "read", "tag-on-create", "update", "share"]),
  ...fam("rules", ["create", "delete", "read", "update", "configure-retention"]),
  ...fam("runs", ["create", "read", "read-stats", "share", "delete"]),
  ...fam("alerts", ["create", "update", "delete", "read"]),
  ...fam("bulk-exports", ["read", "manage"]),
  ...fam("mcp-servers", ["create", "delete", "invoke", "read", "update"]),
  ...fam("sandboxes", ["create", "delete", "read", "tag-on-create", "update", "exec"]),
  ...fam("workspaces", ["read", "manage", "manage-members", "manage-keys", "manage-secrets", "manage-model-configs"]),
];

/**
 * The explicit lists of DOMAIN §3, plus the cells DOMAIN leaves open as the
 * project decided them (README "Open decisions", family pattern).
 */
export const OPEN_VIEWER = ["custom-apps:download"];
export const OPEN_EDITOR = [
  "custom-apps:download", "custom-apps:create", "custom-apps:update", "issues:create", "issues:update",
  "alerts:create", "alerts:update", "mcp-servers:create", "mcp-servers:update", "sandboxes:create",
  "sandboxes:update", "mcp-servers:invoke", "sandboxes:exec", "experiments:run", "sandboxes:tag-on-create",
  "datasets:clone", "feedback-configs:create", "feedback-configs:update", "feedback-configs:delete",
];
export const VIEWER = [
  "projects:read", "runs:read", "runs:read-stats", "rules:read", "datasets:read", "datasets:download",
  "feedback:read", "annotation-queues:read", "prompts:read", "charts:read", "deployments:read", "workspaces:read",
  "bulk-exports:read", "alerts:read", "mcp-servers:read", "issues:read", "custom-apps:read", "sandboxes:read",
  ...OPEN_VIEWER,
];
export const EDITOR = [
  ...VIEWER,
  "projects:update", "projects:increase-trace-tier", "projects:decrease-trace-tier", "runs:create", "runs:share",
  "rules:create", "rules:update", "rules:delete", "datasets:create", "datasets:update", "datasets:tag-on-create",
  "feedback:create", "feedback:update", "feedback:delete", "annotation-queues:create", "annotation-queues:update",
  "prompts:create", "prompts:update", "prompts:delete", "prompts:tag-on-create", "charts:create", "charts:update",
  "charts:delete", "deployments:create", "deployments:update",
  ...OPEN_EDITOR.filter((p) => !OPEN_VIEWER.includes(p)),
];

export const ORG_ROLE_PERMISSIONS = {
  ORGANIZATION_ADMIN: ["organization:read", "organization:manage", "organization:pats:create"],
  ORGANIZATION_OPERATOR: ["organization:read", "organization:manage", "organization:pats:create"],
  ORGANIZATION_USER: ["organization:read", "organization:pats:create"],
  ORGANIZATION_VIEWER: ["organization:read"],
};
export const ORG_ROLES = Object.keys(ORG_ROLE_PERMISSIONS);
export const BUILTIN_WS_ROLES = { WORKSPACE_ADMIN: WORKSPACE_PERMISSIONS, WORKSPACE_EDITOR: EDITOR, WORKSPACE_VIEWER: VIEWER };

/**
 * The directory document reduced to what a check needs, the same input for
 * every model: orgs with their workspaces and role → permissions table, and
 * members with their effective org role, status and workspace roles.
 */
export function normalize(doc) {
  const orgs = [];
  for (const o of doc.orgs ?? []) {
    const roles = { ...BUILTIN_WS_ROLES };
    for (const r of o.roles ?? []) roles[r.id] = r.permissions;
    const everyoneAdmin = o.personal === true || o.plan === "singleWorkspace";
    const rbac = o.rbac === true;
    const members = (o.members ?? []).map((m) => ({
      userId: m.userId ?? null,
      active: (m.status ?? "active") === "active",
      orgRole: everyoneAdmin ? "ORGANIZATION_ADMIN" : m.orgRole,
      workspaces: Object.entries(m.workspaces ?? {}).map(([ws, role]) => [ws, rbac ? role : "WORKSPACE_ADMIN"]),
    }));
    orgs.push({ id: o.id, workspaces: o.workspaces.map((w) => w.id), roles, members });
  }
  return orgs;
}
