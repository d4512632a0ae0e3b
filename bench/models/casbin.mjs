// Casbin 5 (node-casbin): RBAC with domains. `g, user, role, domain` holds
// org roles (domain = org id) and workspace roles (domain = workspace id);
// `p, role, permission` is the role table. The Org-Admin-acts-as-Admin rule
// is in the matcher; pending members get no `g` line. Checked with
// `enforceSync(user, org, domain, permission)`, domain = workspace ?? org.
import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import { normalize, ORG_ROLE_PERMISSIONS } from "../scenario.mjs";

export const name = "Casbin";

export const MODEL = `
[request_definition]
r = sub, org, dom, act

[policy_definition]
p = sub, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.act == p.act && (g(r.sub, p.sub, r.dom) || (p.sub == "WORKSPACE_ADMIN" && r.dom != r.org && g(r.sub, "ORGANIZATION_ADMIN", r.org)))
`;

export function policyText(doc) {
  const lines = [];
  const seen = new Set();
  const p = (role, perm) => {
    const k = `${role}\u0000${perm}`;
    if (!seen.has(k)) { seen.add(k); lines.push(`p, ${role}, ${perm}`); }
  };
  const orgs = normalize(doc);
  for (const [role, perms] of Object.entries(ORG_ROLE_PERMISSIONS)) for (const x of perms) p(role, x);
  for (const org of orgs) for (const [role, perms] of Object.entries(org.roles)) for (const x of perms) p(role, x);
  for (const org of orgs) {
    for (const m of org.members) {
      if (m.userId === null || !m.active) continue;
      lines.push(`g, ${m.userId}, ${m.orgRole}, ${org.id}`);
      for (const [ws, role] of m.workspaces) lines.push(`g, ${m.userId}, ${role}, ${ws}`);
    }
  }
  return lines.join("\n");
}

export async function create(doc) {
  const e = await newEnforcer(newModelFromString(MODEL), new StringAdapter(policyText(doc)));
  return {
    can(user, org, ws, permission) {
      return e.enforceSync(user, org, ws ?? org, permission);
    },
  };
}
