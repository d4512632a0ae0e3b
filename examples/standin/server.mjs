// A local stand-in for the platform's REST API: serves a deployment from a
// fixture, for the connector's tests, benchmarks and the demo. Only the
// endpoints the connector reads, with the platform's headers, pagination
// and error shapes; faults can be injected and the deployment changed
// between refreshes. Its answers are checked against openapi.json in
// tests/js/connector.test.mjs.
//
//   node examples/standin/server.mjs [--large N] [--port P]
//
// A deployment is `{ defaultOrgId, orgs: [{ apiKey, info, workspaces, roles,
// members, pending, workspaceMembers, ssoSettings, serviceKeys,
// personalAccessTokens }] }` (deployment-small.json).

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The ~10-member fixture (three organizations). */
export function smallDeployment() {
  return JSON.parse(readFileSync(`${here}deployment-small.json`, "utf8"));
}

const uuid = (kind, n) => `${kind.padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;

/**
 * A deterministic deployment of one enterprise organization with `members`
 * active members over 20 workspaces (each member in 3), 1% disabled, 2%
 * pending invites, one custom role.
 */
export function largeDeployment(members = 10_000) {
  const small = smallDeployment().orgs[0];
  const orgId = small.info.id;
  const created = "2026-01-15T10:00:00Z";
  const roles = small.roles;
  const role = (name) => roles.find((r) => r.name === name || r.display_name === name).id;
  const wsRoles = [role("WORKSPACE_ADMIN"), role("WORKSPACE_USER"), role("WORKSPACE_VIEWER"), role("Annotators")];
  const orgRoles = [role("ORGANIZATION_USER"), role("ORGANIZATION_VIEWER")];
  const workspaces = Array.from({ length: 20 }, (_, i) => ({
    id: uuid("b", 1000 + i),
    organization_id: orgId,
    created_at: created,
    display_name: `Workspace ${i + 1}`,
    is_personal: false,
    is_deleted: false,
  }));
  const lists = workspaces.map((w) => ({ tenant_id: w.id, members: [], pending: [] }));
  const active = [];
  for (let i = 0; i < members; i++) {
    const user = uuid("c", 100000 + i);
    const orgRole = i === 0 ? role("ORGANIZATION_ADMIN") : orgRoles[i % 7 === 0 ? 1 : 0];
    const tenants = [i % 20, (i * 7 + 3) % 20, (i * 13 + 5) % 20].filter((v, k, a) => a.indexOf(v) === k);
    const email = `user${i}@example.com`;
    active.push({
      id: uuid("f", 100000 + i),
      organization_id: orgId,
      created_at: created,
      user_id: user,
      ls_user_id: uuid("d", 100000 + i),
      read_only: false,
      role_id: orgRole,
      access_scope: "organization",
      email,
      full_name: `User ${i}`,
      is_disabled: i % 100 === 99,
      org_role_id: orgRole,
      org_role_name: null,
      tenant_ids: tenants.map((t) => workspaces[t].id),
    });
    for (const [k, t] of tenants.entries()) {
      const r = i === 0 ? role("WORKSPACE_ADMIN") : wsRoles[(i + k) % wsRoles.length];
      lists[t].members.push({
        id: uuid("f", 10_000_000 + i * 3 + k),
        organization_id: orgId,
        tenant_id: workspaces[t].id,
        created_at: created,
        user_id: user,
        ls_user_id: uuid("d", 100000 + i),
        read_only: false,
        role_id: r,
        email,
      });
    }
  }
  const pending = Array.from({ length: Math.floor(members / 50) }, (_, i) => ({
    email: `invitee${i}@example.com`,
    id: uuid("f", 5_000_000 + i),
    created_at: created,
    org_role_id: orgRoles[0],
    workspace_ids: [workspaces[i % 20].id],
    workspace_role_id: wsRoles[2],
  }));
  return {
    defaultOrgId: orgId,
    orgs: [
      {
        apiKey: small.apiKey,
        info: { ...small.info, config: { ...small.info.config, max_workspaces: 100 } },
        workspaces,
        roles,
        members: active,
        pending,
        workspaceMembers: lists,
        ssoSettings: [],
        serviceKeys: small.serviceKeys.map((k) => ({ ...k, workspace_names: k.workspace_names && ["Workspace 2"], default_workspace_name: k.default_workspace_name && "Workspace 2" })),
        personalAccessTokens: small.personalAccessTokens,
      },
    ],
  };
}

const ORG_ROUTES = {
  "/api/v1/orgs/current/info": (org) => org.info,
  "/api/v1/orgs/current/roles": (org) => org.roles,
  "/api/v1/orgs/current/sso-settings": (org) => org.ssoSettings,
  "/api/v1/orgs/current/service-keys": (org) => org.serviceKeys,
  "/api/v1/orgs/current/personal-access-tokens": (org) => org.personalAccessTokens,
};
const PAGED = {
  "/api/v1/orgs/current/members/active": (org) => org.members,
  "/api/v1/orgs/current/members/pending": (org) => org.pending,
};
/** The schema (openapi.json components) of each route's answer, for the tests. */
export const RESPONSE_SCHEMAS = {
  "/api/v1/orgs/current/info": "OrganizationInfo",
  "/api/v1/orgs/current/roles": "Role[]",
  "/api/v1/orgs/current/sso-settings": "SSOProvider[]",
  "/api/v1/orgs/current/service-keys": "APIKeyGetResponse[]",
  "/api/v1/orgs/current/personal-access-tokens": "APIKeyGetResponse[]",
  "/api/v1/orgs/current/members/active": "OrgMemberIdentity[]",
  "/api/v1/orgs/current/members/pending": "OrgPendingIdentity[]",
  "/api/v1/workspaces": "TenantForUser[]",
  "/api/v1/workspaces/current/members": "TenantMembers",
};

function problem(status, detail) {
  return { status, body: { detail } };
}

function intParam(q, name, dflt, min, max) {
  const raw = q.get(name);
  if (raw === null) return dflt;
  if (!/^\d+$/.test(raw)) return NaN;
  const v = Number(raw);
  return v < min || v > max ? NaN : v;
}

/** The answer to one request: `{ status, body }`. */
function answer(deployment, req, url) {
  if (req.method !== "GET") return problem(405, "Method Not Allowed");
  const key = req.headers["x-api-key"];
  const org = deployment.orgs.find((o) => o.apiKey === key);
  if (!key || !org) return problem(401, "Unauthorized");
  const path = url.pathname.replace(/\/+$/, "");
  if (path === "/api/v1/workspaces/current/members") {
    const tenant = req.headers["x-tenant-id"];
    const list = tenant && org.workspaces.some((w) => w.id === tenant && !w.is_deleted)
      ? org.workspaceMembers.find((l) => l.tenant_id === tenant)
      : null;
    if (!list) return problem(403, "Forbidden");
    return { status: 200, body: list };
  }
  // Org-scoped routes (security scheme `Organization ID`).
  if (req.headers["x-organization-id"] !== org.info.id) return problem(403, "Forbidden");
  if (ORG_ROUTES[path]) return { status: 200, body: ORG_ROUTES[path](org) };
  if (path === "/api/v1/workspaces") {
    const all = url.searchParams.get("include_deleted") === "true";
    return { status: 200, body: all ? org.workspaces : org.workspaces.filter((w) => !w.is_deleted) };
  }
  if (PAGED[path]) {
    const limit = intParam(url.searchParams, "limit", 50, 1, 500);
    const offset = intParam(url.searchParams, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    if (Number.isNaN(limit) || Number.isNaN(offset)) {
      return { status: 422, body: { detail: [{ loc: ["query", "limit"], msg: "invalid paging", type: "value_error" }] } };
    }
    return { status: 200, body: PAGED[path](org).slice(offset, offset + limit) };
  }
  return problem(404, "Not Found");
}

/**
 * Starts the stand-in on 127.0.0.1 (a free port unless `port`). Resolves to
 * `{ url, deployment, setDeployment(d), fault(f), clearFaults(), requests, maxInFlight, close() }`.
 *
 * `fault({ path?, apiKey?, times = 1, status?, retryAfter?, delayMs?, body? })`:
 * the next `times` requests whose path contains `path` (sent with `apiKey`) are answered with
 * `status` (and `Retry-After`), after `delayMs`, or with `body`:
 * `"truncate"` (the JSON cut in half) or `"invalid"` (a schema-invalid
 * document: the first object's first field set to a number).
 */
export async function startStandin({ deployment = smallDeployment(), port = 0 } = {}) {
  const state = { deployment, faults: [], requests: [], inFlight: 0, maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://standin.invalid");
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    state.requests.push({ method: req.method, path: url.pathname, query: url.search, headers: { ...req.headers } });
    try {
      const key = req.headers["x-api-key"];
      const i = state.faults.findIndex((f) => (!f.path || url.pathname.includes(f.path)) && (!f.apiKey || f.apiKey === key));
      const f = i >= 0 ? state.faults[i] : null;
      if (f && --f.times <= 0) state.faults.splice(i, 1);
      if (f?.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
      if (f?.status) {
        const headers = { "content-type": "application/json" };
        if (f.retryAfter !== undefined) headers["retry-after"] = String(f.retryAfter);
        res.writeHead(f.status, headers).end(JSON.stringify({ detail: "injected fault" }));
        return;
      }
      const a = answer(state.deployment, req, url);
      let text = JSON.stringify(a.body);
      if (f?.body === "truncate") text = text.slice(0, Math.floor(text.length / 2));
      if (f?.body === "invalid") text = JSON.stringify(breakSchema(a.body));
      if (res.destroyed) return;
      res.writeHead(a.status, { "content-type": "application/json" }).end(text);
    } finally {
      state.inFlight--;
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}`,
    get deployment() {
      return state.deployment;
    },
    setDeployment(d) {
      state.deployment = d;
    },
    fault(f) {
      state.faults.push({ times: 1, ...f });
    },
    /** Drops the faults not yet used up: the deployment answers normally again. */
    clearFaults() {
      state.faults.length = 0;
    },
    requests: state.requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    resetCounters() {
      state.requests.length = 0;
      state.maxInFlight = 0;
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A copy of `body` whose first object has its first field replaced by a number. */
function breakSchema(body) {
  const copy = structuredClone(body);
  const target = Array.isArray(copy) ? copy[0] : copy;
  if (target && typeof target === "object") {
    const k = Object.keys(target)[0];
    target[k] = 12345;
  }
  return copy;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const large = arg("--large");
  const deployment = large ? largeDeployment(Number(large)) : smallDeployment();
  const s = await startStandin({ deployment, port: Number(arg("--port") ?? 0) });
  const keys = deployment.orgs.map((o) => `${o.info.display_name}: orgId ${o.info.id}, X-API-Key ${o.apiKey}`);
  process.stdout.write(`stand-in serving on ${s.url}\n${keys.join("\n")}\n`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
