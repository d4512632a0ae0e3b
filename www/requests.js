// API requests checked as the platform's API would be.
import { STATUS_TEXT } from "./labels.js";
import { option } from "./context.js";
import { $, codeEl, errorBlock, h, rich } from "./dom.js";
import { idx, orgName, state, wsName } from "./state.js";

export function renderApiForm() {
  const sel = $("api-cred");
  const prev = sel.value;
  const pats = [];
  const keys = [];
  for (const o of idx.orgs.values()) {
    for (const p of o.personalAccessTokens ?? []) {
      pats.push([`apiKey:${p.id}`, `${p.id} (PAT of ${idx.users.get(p.userId) ?? p.userId}, ${o.name})`]);
    }
    for (const k of o.serviceKeys ?? []) {
      const scope = k.orgScoped ? "org-wide" : (k.workspaceIds ?? []).map(wsName).join(", ");
      keys.push([`apiKey:${k.id}`, `${k.id} (service key, ${o.name}: ${scope})`]);
    }
  }
  const sessions = [...idx.users.entries()].sort((a, b) => a[1].localeCompare(b[1])).map(([id, email]) => [`session:${id}`, `Session of ${email}`]);
  const group = (label, items) => h("optgroup", { label }, items.map(([v, l]) => option(v, l, v === prev)));
  sel.replaceChildren(
    option("none", "No credential", prev === "none"),
    group("Personal access tokens (X-API-Key)", pats),
    group("Service keys (X-API-Key)", keys),
    group("Logged-in user (JWT)", sessions),
  );
  if (!prev) sel.value = pats[0]?.[0] ?? "none";
  $("org-ids").replaceChildren(...[...idx.orgs.values()].map((o) => h("option", { value: o.id }, o.name)));
  $("ws-ids").replaceChildren(...[...idx.ws.values()].map(({ ws, org }) => h("option", { value: ws.id }, `${org.name} › ${ws.name}`)));
  renderPermissionList();
}

/** Permission names for the datalist: what an Org Admin holds, from the engine. */
export function loadPermissionNames() {
  state.permissionNames = { org: [], workspace: [] };
  for (const o of idx.orgs.values()) {
    const admin = (o.members ?? []).find((m) => m.orgRole === "ORGANIZATION_ADMIN" && m.userId && (m.status ?? "active") === "active");
    const ws = o.workspaces?.[0];
    if (!admin || !ws) continue;
    try {
      const p = state.engine.permissions(admin.userId, o.id, ws.id);
      if (p.workspacePermissions.length > state.permissionNames.workspace.length) {
        state.permissionNames = { org: p.orgPermissions, workspace: p.workspacePermissions };
      }
    } catch {
      // not a usable sample: try the next org
    }
  }
}

export function renderPermissionList() {
  const scope = $("api-scope").value;
  const names = scope === "org" ? state.permissionNames.org : scope === "workspace" ? state.permissionNames.workspace : [];
  $("perm-list").replaceChildren(...names.map((n) => h("option", { value: n })));
  const perm = $("api-perm");
  perm.disabled = scope === "user";
  perm.placeholder = scope === "org" ? "default: organization:read" : scope === "workspace" ? "default: workspaces:read" : "no permission for user routes";
}

export function onScopeChange() {
  const scope = $("api-scope").value;
  $("api-perm").value = scope === "workspace" ? "runs:read" : scope === "org" ? "organization:read" : "";
  renderPermissionList();
}

export function sendRequest(ev) {
  ev.preventDefault();
  const out = $("api-result");
  out.replaceChildren();
  const cred = $("api-cred").value;
  const req = { operation: { scope: $("api-scope").value } };
  if (cred.startsWith("apiKey:")) req.credential = { type: "apiKey", key: cred.slice(7) };
  else if (cred.startsWith("session:")) req.credential = { type: "session", userId: cred.slice(8) };
  const org = $("api-org").value.trim();
  const tenant = $("api-tenant").value.trim();
  const perm = $("api-perm").value.trim();
  if (org) req.organizationId = org;
  if (tenant) req.tenantId = tenant;
  if (perm && req.operation.scope !== "user") req.operation.permission = perm;
  let d;
  try {
    d = state.engine.authorizeRequest(req);
  } catch (e) {
    out.append(errorBlock(e));
    return;
  }
  out.append(
    h(
      "p",
      { class: `http http-${d.status}`, dataset: { status: String(d.status), code: d.code } },
      h("span", { class: "status" }, STATUS_TEXT[d.status] ?? String(d.status)),
      " ",
      codeEl(d.code),
    ),
    h("p", { class: "msg" }, rich(d.message)),
    h(
      "dl",
      { class: "resolved" },
      h("dt", {}, "Organization"),
      h("dd", {}, d.orgId ? `${orgName(d.orgId)} (${d.orgId})` : "–"),
      h("dt", {}, "Workspace"),
      h("dd", {}, d.workspaceId ? `${wsName(d.workspaceId)} (${d.workspaceId})` : "–"),
      h("dt", {}, "User"),
      h("dd", {}, d.userId ? `${idx.users.get(d.userId) ?? d.userId}` : "–"),
    ),
  );
}
