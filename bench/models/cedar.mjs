// Cedar (@cedar-policy/cedar-wasm 4.x, `/nodejs` entry), stateful API: the
// policy set is parsed once (`preparsePolicySet`) and every check is a
// `statefulIsAuthorized` call naming it. Cedar takes the entities with each
// request; the model hands it the smallest slice that decides it (the user,
// the workspace, the org), prebuilt per id, never the whole directory.
//
// Entities: `User` (attr `active`; parents = the role groups it holds:
// `OrgRole::"<org>#<role>"`, `WsRole::"<ws>#<role>"`), `Org` and `Workspace`
// whose attributes point at their role groups; one `permit` per role,
// `principal in resource.<group>`, and a `forbid` for pending members.
import { createRequire } from "node:module";
import { normalize, ORG_ROLE_PERMISSIONS, BUILTIN_WS_ROLES } from "../scenario.mjs";

const require = createRequire(import.meta.url);
export const cedar = require("@cedar-policy/cedar-wasm/nodejs");

export const name = "Cedar";

const actions = (perms) => `[${perms.map((p) => `Action::${JSON.stringify(p)}`).join(", ")}]`;
const key = (s) => JSON.stringify(s);

export function policies(orgs) {
  const out = [`forbid (principal, action, resource) unless { principal.active };`];
  const orgGroups = { ORGANIZATION_ADMIN: "admins", ORGANIZATION_OPERATOR: "operators", ORGANIZATION_USER: "users", ORGANIZATION_VIEWER: "viewers" };
  for (const [role, perms] of Object.entries(ORG_ROLE_PERMISSIONS)) {
    out.push(`permit (principal, action in ${actions(perms)}, resource is Org) when { principal in resource.${orgGroups[role]} };`);
  }
  out.push(`permit (principal, action in ${actions(BUILTIN_WS_ROLES.WORKSPACE_ADMIN)}, resource is Workspace) when { principal in resource.org.admins };`);
  const roles = new Map();
  for (const org of orgs) for (const [r, perms] of Object.entries(org.roles)) roles.set(r, perms);
  for (const [r, perms] of roles) {
    out.push(`permit (principal, action in ${actions(perms)}, resource is Workspace) when { principal in resource.roles[${key(r)}] };`);
  }
  return out.join("\n");
}

export function entities(orgs) {
  const uid = (type, id) => ({ type, id });
  const users = new Map(); // userId → entity
  const resources = new Map(); // org or workspace id → [entity...]
  for (const org of orgs) {
    const orgEntity = {
      uid: uid("Org", org.id),
      attrs: {
        admins: { __entity: uid("OrgRole", `${org.id}#ORGANIZATION_ADMIN`) },
        operators: { __entity: uid("OrgRole", `${org.id}#ORGANIZATION_OPERATOR`) },
        users: { __entity: uid("OrgRole", `${org.id}#ORGANIZATION_USER`) },
        viewers: { __entity: uid("OrgRole", `${org.id}#ORGANIZATION_VIEWER`) },
      },
      parents: [],
    };
    resources.set(org.id, [orgEntity]);
    for (const w of org.workspaces) {
      const roles = {};
      for (const r of Object.keys(org.roles)) roles[r] = { __entity: uid("WsRole", `${w}#${r}`) };
      resources.set(w, [{ uid: uid("Workspace", w), attrs: { org: { __entity: uid("Org", org.id) }, roles }, parents: [] }, orgEntity]);
    }
    for (const m of org.members) {
      if (m.userId === null) continue;
      let e = users.get(m.userId);
      if (!e) users.set(m.userId, (e = { uid: uid("User", m.userId), attrs: { active: m.active }, parents: [] }));
      e.attrs.active = m.active; // one status per user in these directories
      e.parents.push(uid("OrgRole", `${org.id}#${m.orgRole}`));
      for (const [ws, role] of m.workspaces) e.parents.push(uid("WsRole", `${ws}#${role}`));
    }
  }
  return { users, resources };
}

let nextId = 0;

export function create(doc) {
  const orgs = normalize(doc);
  const psetId = `orgpolicy-bench-${nextId++}`;
  const parsed = cedar.preparsePolicySet(psetId, { staticPolicies: policies(orgs) });
  if (parsed.type !== "success") throw new Error(`cedar policies: ${JSON.stringify(parsed.errors)}`);
  const { users, resources } = entities(orgs);
  const context = {};
  return {
    can(user, org, ws, permission) {
      const r = ws ?? org;
      const u = users.get(user);
      const res = resources.get(r);
      const ents = u ? [u, ...res] : res;
      const answer = cedar.statefulIsAuthorized({
        principal: { type: "User", id: user },
        action: { type: "Action", id: permission },
        resource: { type: ws === null ? "Org" : "Workspace", id: r },
        context,
        preparsedPolicySetId: psetId,
        entities: ents,
      });
      if (answer.type !== "success") throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
      return answer.response.decision === "allow";
    },
  };
}
