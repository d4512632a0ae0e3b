// The page's state: the engine, the directory and its indexes, and labels for ids.
import { WORKSPACE_ROLE_LABEL } from "./labels.js";
import { $ } from "./dom.js";

export const state = {
  /** @type {import("../pkg/web/orgpolicy.js").PolicyEngine | null} */
  engine: null,
  dir: null,
  reasons: new Map(),
  /** Draft switches (an InstanceConfig-shaped object). */
  draft: null,
  user: null,
  org: null,
  ws: null,
  permissionNames: { org: [], workspace: [] },
};

export const idx = { orgs: new Map(), ws: new Map(), users: new Map(), roleNames: new Map() };

export function indexDirectory(dir) {
  idx.orgs.clear();
  idx.ws.clear();
  idx.users.clear();
  idx.roleNames.clear();
  for (const u of dir.users ?? []) idx.users.set(u.id, u.email);
  for (const o of dir.orgs ?? []) {
    idx.orgs.set(o.id, o);
    for (const w of o.workspaces ?? []) idx.ws.set(w.id, { ws: w, org: o });
    for (const r of o.roles ?? []) idx.roleNames.set(`${o.id}/${r.id}`, r.name);
    for (const m of o.members ?? []) if (m.userId && !idx.users.has(m.userId)) idx.users.set(m.userId, m.email);
  }
}

export function wsRoleLabel(orgId, role) {
  if (!role) return null;
  return WORKSPACE_ROLE_LABEL[role] ?? idx.roleNames.get(`${orgId}/${role}`) ?? role;
}

export function orgName(id) {
  return idx.orgs.get(id)?.name ?? id;
}

export function wsName(id) {
  return idx.ws.get(id)?.ws.name ?? id;
}

export function whereLabel(orgId, wsId) {
  return wsId ? `${orgName(orgId)} › ${wsName(wsId)}` : orgName(orgId);
}
