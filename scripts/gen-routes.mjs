#!/usr/bin/env node
// Generates pkg/middleware/langsmith-routes.json, the platform's route table,
// from its OpenAPI description (../shared/langsmith/openapi.json by default).
//
//   node scripts/gen-routes.mjs [--spec FILE] [--check]
//
// Every operation of the spec ends up either in `routes` (method, path
// pattern, scope, permission) or in `unmapped` with its reason; the counts are
// printed. `--check` exits 1 when the checked-in table differs from what the
// spec gives (tests/routes runs it).
//
// THE RULE (pkg/middleware/README.md explains it with examples):
//   path        the spec path under the platform's /api mount: `/api/...` as
//               is, `/v1/...` and `/v2/...` under `/api`, other paths under
//               `/api/v1` (the SDK's apiUrl ends in /api/v1 and appends them);
//               `{name}` becomes `:name`
//   scope       `Tenant ID` in the security schemes -> workspace,
//               `Organization ID` -> org, only `Bearer Auth` -> user, no
//               security at all -> public (reviewed list only, see PUBLIC)
//   family      from the first tag (TAG_FAMILY), refined by path (PATH_FAMILY)
//   action      from the method (GET read, POST create, PUT/PATCH update,
//               DELETE delete), except, in this order:
//                 - a last segment `share`: GET read, anything else share
//                 - GET of an export format (csv, jsonl, ...): download
//                 - POST whose last word is a query word (query, search, stats,
//                   count, group, ...; a trailing `/stream` is ignored): read
//                   (`stats`: the family's stats permission, runs:read-stats)
//                 - a last word `clone`: clone
//                 - a write below an item (`/x/{id}/sub...`): update of the family
//                 - a last word `delete` / `batch-delete`: delete
//   permission  FAMILIES[family][action]; org families map read to
//               organization:read and every write to organization:manage
//   EXCEPTIONS  a short reviewed list keyed by `METHOD specPath`, each with its reason
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = `${ROOT}pkg/middleware/langsmith-routes.json`;
// The spec lives beside the repository (../shared/langsmith/openapi.json);
// worktrees one level deeper find it one level further up.
const SPEC_CANDIDATES = [`${ROOT}../shared/langsmith/openapi.json`, `${ROOT}../../shared/langsmith/openapi.json`];

/** The spec file: `--spec`, else $ORGPOLICY_OPENAPI, else the first candidate that exists. */
export function specPath(argv = []) {
  const i = argv.indexOf("--spec");
  if (i >= 0 && argv[i + 1]) return argv[i + 1];
  if (process.env.ORGPOLICY_OPENAPI) return process.env.ORGPOLICY_OPENAPI;
  return SPEC_CANDIDATES.find((f) => existsSync(f)) ?? SPEC_CANDIDATES[0];
}
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Workspace permissions the engine knows (src/catalog/permissions.rs is the source). */
function enginePermissions() {
  const src = readFileSync(`${ROOT}src/catalog/permissions.rs`, "utf8");
  const names = new Set();
  for (const m of src.matchAll(/^\s+[A-Z][A-Za-z]+ = "([a-z-]+:[a-z-]+)",$/gm)) names.add(m[1]);
  for (const m of src.matchAll(/=> "(organization:[a-z:]+)"/g)) names.add(m[1]);
  return names;
}

const crud = (p, extra = {}) => ({
  read: `${p}:read`,
  stats: `${p}:read`,
  create: `${p}:create`,
  update: `${p}:update`,
  delete: `${p}:delete`,
  clone: `${p}:create`,
  ...extra,
});
/** A child resource whose writes update its parent. */
const childOf = (p, extra = {}) => ({ read: `${p}:read`, stats: `${p}:read`, create: `${p}:update`, update: `${p}:update`, delete: `${p}:update`, ...extra });
/** A workspace setting: read by any member, written with one manage permission. */
const setting = (write, read = "workspaces:read") => ({ read, stats: read, create: write, update: write, delete: write });

/** Family -> action -> engine permission (workspace scope). */
const FAMILIES = {
  datasets: crud("datasets", { share: "datasets:share", download: "datasets:download", clone: "datasets:clone" }),
  examples: childOf("datasets"),
  projects: crud("projects"),
  // Runs have no update permission: a run is written (and completed) by ingestion.
  runs: { read: "runs:read", stats: "runs:read-stats", create: "runs:create", update: "runs:create", delete: "runs:delete", share: "runs:share" },
  rules: crud("rules"),
  experiments: { read: "projects:read", stats: "projects:read", create: "experiments:run", update: "experiments:run" },
  "annotation-queues": crud("annotation-queues"),
  feedback: crud("feedback"),
  "feedback-configs": { read: "feedback:read", stats: "feedback:read", create: "feedback-configs:create", update: "feedback-configs:update", delete: "feedback-configs:delete" },
  charts: crud("charts"),
  prompts: crud("prompts", { share: "prompts:share" }),
  "bulk-exports": setting("bulk-exports:manage", "bulk-exports:read"),
  alerts: crud("alerts"),
  sandboxes: crud("sandboxes"),
  "mcp-servers": crud("mcp-servers"),
  issues: crud("issues"),
  workspace: setting("workspaces:manage"),
  "workspace-members": setting("workspaces:manage-members"),
  "workspace-keys": setting("workspaces:manage-keys"),
  "workspace-secrets": setting("workspaces:manage-secrets", "workspaces:manage-secrets"),
  "model-configs": setting("workspaces:manage-model-configs"),
};

/** First tag -> family. A tag not listed here has no permission family in the engine. */
const TAG_FAMILY = {
  datasets: "datasets",
  examples: "examples",
  "experiment-view-overrides": "examples",
  "tracer-sessions": "projects",
  sessions: "projects",
  run: "runs",
  runs: "runs",
  threads: "runs",
  experiments: "experiments",
  evaluators: "rules",
  "annotation-queues": "annotation-queues",
  annotation_queues: "annotation-queues",
  feedback: "feedback",
  "feedback-configs": "feedback-configs",
  charts: "charts",
  repos: "prompts",
  commits: "prompts",
  tags: "prompts",
  "tag-transitions": "prompts",
  likes: "prompts",
  comments: "prompts",
  ownerships: "prompts",
  "optimization-jobs": "prompts",
  "prompt-webhooks": "prompts",
  prompts: "prompts",
  directories: "prompts",
  hub_environments: "prompts",
  "bulk-exports": "bulk-exports",
  alert_rules: "alerts",
  sandboxes: "sandboxes",
  mcp: "mcp-servers",
  mcp_vendors: "mcp-servers",
  tools: "mcp-servers",
  "fleet mcp": "mcp-servers",
  issues: "issues",
  "issues-agent": "issues",
  workspaces: "workspace",
  settings: "workspace",
  "ttl-settings": "workspace",
  "TTL Settings": "workspace",
  "usage-limits": "workspace",
  "api-key": "workspace-keys",
  features: "model-configs",
  "playground-settings": "model-configs",
  "model-price-map": "model-configs",
};

/** Path refinements, tried in order on the mounted path. */
const PATH_FAMILY = [
  [/^\/api\/v1\/runs\/rules(\/|$)/, "rules"],
  [/^\/api\/v1\/workspaces\/current\/members(\/|$)/, "workspace-members"],
  [/^\/api\/v1\/workspaces\/current\/secrets(\/|$)/, "workspace-secrets"],
];

/** Operations the spec lists without any security that the gateway lets through unauthenticated. */
const PUBLIC = [
  [/^\/api\/v1\/(ok|info|info\/health)$/, "server status, read by the SDKs before anything else"],
  [/^\/api\/v1\/public\//, "public share links: the share token in the path is the credential, checked upstream"],
  [/^\/api\/v1\/(login|sso\/)/, "sign-in and SSO discovery: there is no session yet"],
  [/^\/api\/v1\/feedback\/tokens\/\{token\}$/, "pre-signed feedback URLs: the token in the path is the credential, checked upstream"],
];

/**
 * The reviewed exceptions, keyed by `METHOD specPath`. Each either fixes the
 * operation (`scope`, `permission`) or lists the operation as unmapped
 * (`unmapped`: the reason code), always with a reason.
 */
const EXCEPTIONS = {
  "GET /api/v1/api-key/current": { scope: "user", why: "a user's own personal access tokens: a session only, never an API key (platform docs)" },
  "POST /api/v1/api-key/current": { scope: "user", why: "creates a personal access token for the session's user: a session only" },
  "DELETE /api/v1/api-key/current/{pat_id}": { scope: "user", why: "revokes one of the session user's own tokens: a session only" },
  "POST /api/v1/orgs/current/personal-access-tokens": { scope: "org", permission: "organization:pats:create", why: "creating a PAT is its own org permission (DOMAIN §2)" },
  "DELETE /api/v1/workspaces/{workspace_id}": { scope: "org", permission: "organization:manage", why: "the path names the workspace: deleting one is org administration, whatever X-Tenant-Id says" },
  "PATCH /api/v1/workspaces/{workspace_id}": { scope: "org", permission: "organization:manage", why: "the path names the workspace: renaming one is org administration, whatever X-Tenant-Id says" },
  "POST /api/v1/workspaces/current/members/batch": { scope: "workspace", permission: "workspaces:manage-members", why: "lists both Tenant ID and Organization ID: it adds members to the X-Tenant-Id workspace" },
  "POST /api/v1/datasets/{dataset_id}/runs": { scope: "workspace", permission: "datasets:read", why: "a query of the dataset's experiment runs, despite its name" },
  "POST /api/v1/datasets/{dataset_id}/group/runs": { scope: "workspace", permission: "datasets:read", why: "a grouped query of the dataset's experiment runs" },
  "POST /api/v1/annotation-queues/{queue_id}/export": { scope: "workspace", permission: "annotation-queues:read", why: "exports (reads) the queue's runs" },
  "POST /api/v1/comments/{owner}/{repo}": { scope: "workspace", permission: "prompts:read", why: "commenting on a prompt is open to whoever may read it" },
  "POST /api/v1/comments/{owner}/{repo}/{parent_comment_id}": { scope: "workspace", permission: "prompts:read", why: "replying to a comment is open to whoever may read the prompt" },
  "POST /api/v1/comments/{owner}/{repo}/{parent_comment_id}/like": { scope: "workspace", permission: "prompts:read", why: "liking a comment is open to whoever may read the prompt" },
  "DELETE /api/v1/comments/{owner}/{repo}/{parent_comment_id}/like": { scope: "workspace", permission: "prompts:read", why: "unliking a comment is open to whoever may read the prompt" },
  "POST /api/v1/likes/{owner}/{repo}": { scope: "workspace", permission: "prompts:read", why: "liking a prompt is open to whoever may read it" },
  "POST /api/v1/mcp/proxy": { scope: "workspace", permission: "mcp-servers:invoke", why: "calls a tool of an MCP server" },
  "GET /api/v1/mcp/proxy": { scope: "workspace", permission: "mcp-servers:invoke", why: "the MCP proxy's streaming side of a tool call" },
  "POST /v2/sandboxes/boxes/{name}/service-url": { scope: "workspace", permission: "sandboxes:exec", why: "hands out a URL that runs code in the sandbox" },
  "POST /api/v1/runs/delete/traces": { scope: "workspace", permission: "runs:delete", why: "deletes whole traces (the action word is not last)" },
  "POST /api/v1/runs/query/validate": { unmapped: "no-security-declared", why: "declares no security although it reads the workspace's runs filter grammar; refused until reviewed" },
  "GET /api/v1/metrics/queue/{queue_name}": { unmapped: "internal", why: "internal queue metrics, not part of the client API" },
  "POST /api/v1/prompts/invoke_prompt": { unmapped: "no-security-declared", why: "declares no security although it runs a model with workspace secrets; refused until reviewed" },
  "POST /v2/sandboxes/internal/start/{name}": { unmapped: "internal", why: "service-to-service (sandboxes-internal)" },
  "POST /v1/platform/fleet/providers/github-app/webhooks": { unmapped: "internal", why: "GitHub's webhook deliveries, verified by their signature upstream; route them around the guard" },
  "POST /v1/beacon/usage-snapshot": { unmapped: "internal", why: "usage telemetry between platform services" },
};

/** Spec paths served outside the platform's /api mount (separate services). */
const OUTSIDE_API = [
  [/^\/(\.well-known|oauth)\//, "the OAuth authorization server, served at the site root"],
  [/^\/auth\/(public|sandbox-access)$/, "sandbox access tokens, served at the site root"],
  [/^\/(execute|execute\/ws|upload|download|checkpoint)$/, "the sandbox runtime's own endpoints"],
  [/^\/aws-marketplace\//, "AWS Marketplace registration, served at the site root"],
];

const READ_WORDS = new Set(["query", "search", "stats", "count", "group", "grouped", "delta", "preview", "validate", "generate-query", "filter", "diff"]);
const DOWNLOAD_WORDS = new Set(["csv", "jsonl", "openai", "openai_ft"]);
const DELETE_WORDS = new Set(["delete", "batch-delete", "bulk-delete"]);

/** The path the platform's clients send, under the /api mount. */
export function mountPath(specPath) {
  if (specPath.startsWith("/api/")) return specPath;
  if (/^\/v[0-9]+\//.test(specPath)) return `/api${specPath}`;
  return `/api/v1${specPath}`;
}

function scopeOf(op) {
  const names = new Set((op.security ?? []).flatMap((alt) => Object.keys(alt)));
  if (names.has("Tenant ID")) return "workspace";
  if (names.has("Organization ID")) return "org";
  if (names.has("Bearer Auth") && !names.has("API Key")) return "user";
  if (names.size === 0) return "public";
  return null; // an API key accepted with neither header: no scope to check against
}

/** The action of an operation from its method and path words (the rule above). */
export function actionOf(method, specPath) {
  const segs = specPath.split("/").filter(Boolean);
  const isParam = (s) => s.startsWith("{");
  let words = segs;
  if (words.at(-1) === "stream" && words.length > 1) words = words.slice(0, -1);
  const last = words.at(-1) ?? "";
  if (last === "share") return method === "GET" ? "read" : "share";
  if (method === "GET") return DOWNLOAD_WORDS.has(last) ? "download" : "read";
  if (method === "POST" && !isParam(last) && READ_WORDS.has(last)) return last === "stats" ? "stats" : "read";
  if (last === "clone") return "clone";
  const firstParam = words.findIndex(isParam);
  const belowItem = firstParam >= 0 && words.slice(firstParam + 1).some((s) => !isParam(s));
  if (belowItem) return "update";
  if (DELETE_WORDS.has(last)) return "delete";
  return { POST: "create", PUT: "update", PATCH: "update", DELETE: "delete" }[method] ?? null;
}

function familyOf(tag, path) {
  for (const [re, fam] of PATH_FAMILY) if (re.test(path)) return fam;
  return TAG_FAMILY[tag] ?? null;
}

const pattern = (specPath) => mountPath(specPath).replace(/\{([^}]+)\}/g, ":$1");

/** Maps one operation: `{ route }` or `{ unmapped }`. */
function mapOperation(method, specPath, op) {
  const key = `${method} ${specPath}`;
  const base = { method, path: pattern(specPath), operationId: op.operationId ?? null, specPath };
  const tag = op.tags?.[0] ?? null;
  const ex = EXCEPTIONS[key];
  if (ex?.unmapped) return { unmapped: { ...base, tag, reason: ex.unmapped, why: ex.why } };
  if (ex) return { route: { ...base, scope: ex.scope, ...(ex.permission ? { permission: ex.permission } : {}), rule: `exception: ${ex.why}` } };
  for (const [re, why] of OUTSIDE_API) {
    if (re.test(specPath)) return { unmapped: { ...base, path: specPath, tag, reason: "outside-api", why } };
  }
  const scope = scopeOf(op);
  if (scope === null) {
    return { unmapped: { ...base, tag, reason: "no-scope-declared", why: "accepts an API key but declares neither Tenant ID nor Organization ID" } };
  }
  if (scope === "public") {
    const pub = PUBLIC.find(([re]) => re.test(specPath));
    if (!pub) return { unmapped: { ...base, tag, reason: "no-security-declared", why: "declares no security and is not on the reviewed public list" } };
    return { route: { ...base, scope, rule: `public: ${pub[1]}` } };
  }
  if (scope === "user") return { route: { ...base, scope, rule: "user: Bearer Auth only (a session)" } };
  const action = actionOf(method, specPath);
  if (scope === "org") {
    const permission = action === "read" || action === "stats" || action === "download" ? "organization:read" : "organization:manage";
    return { route: { ...base, scope, permission, rule: `org: ${action} -> ${permission}` } };
  }
  const family = familyOf(tag, base.path);
  if (family === null) {
    return { unmapped: { ...base, tag, reason: "no-permission-family", why: `the engine has no permission family for tag \`${tag}\`` } };
  }
  const permission = FAMILIES[family]?.[action];
  if (!permission) {
    return { unmapped: { ...base, tag, reason: "no-permission-for-action", why: `family \`${family}\` has no permission for \`${action}\`` } };
  }
  return { route: { ...base, scope, permission, rule: `${family} (tag ${tag}): ${action}` } };
}

/** Orders routes so literal segments win over parameters, segment by segment. */
function specificity(a, b) {
  const sa = a.path.split("/");
  const sb = b.path.split("/");
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i].startsWith(":");
    const pb = sb[i].startsWith(":");
    if (pa !== pb) return pa ? 1 : -1;
    if (!pa && sa[i] !== sb[i]) return sa[i] < sb[i] ? -1 : 1;
  }
  if (sa.length !== sb.length) return sa.length - sb.length;
  return a.method < b.method ? -1 : a.method > b.method ? 1 : 0;
}

export function generate(spec) {
  const known = enginePermissions();
  const routes = [];
  const unmapped = [];
  let operations = 0;
  for (const [specPath, item] of Object.entries(spec.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      operations++;
      const r = mapOperation(m.toUpperCase(), specPath, op);
      if (r.route?.permission && !known.has(r.route.permission)) {
        throw new Error(`${m.toUpperCase()} ${specPath}: permission \`${r.route.permission}\` is not one of the engine's`);
      }
      if (r.route) routes.push(r.route);
      else unmapped.push(r.unmapped);
    }
  }
  // Two spec operations on one mounted method + path (the ingestion service's
  // `PATCH /runs/{run_id}` and the API's `PATCH /api/v1/runs/{run_id}`) become
  // one route when they need the same operation; otherwise generation fails.
  const byKey = new Map();
  const merged = [];
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    const prev = byKey.get(key);
    if (!prev) {
      const route = { ...r, operationIds: [r.operationId ?? `${r.method} ${r.specPath}`], specPaths: [r.specPath] };
      delete route.operationId;
      delete route.specPath;
      byKey.set(key, route);
      merged.push(route);
      continue;
    }
    if (prev.scope !== r.scope || prev.permission !== r.permission) {
      throw new Error(`${key}: two operations need different permissions (${prev.permission} / ${r.permission}); add an exception`);
    }
    prev.operationIds.push(r.operationId ?? `${r.method} ${r.specPath}`);
    prev.specPaths.push(r.specPath);
  }
  merged.sort(specificity);
  unmapped.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : specificity(a, b)));
  const byReason = {};
  for (const u of unmapped) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  const byScope = {};
  for (const r of merged) byScope[r.scope] = (byScope[r.scope] ?? 0) + 1;
  const mappedOps = merged.reduce((n, r) => n + r.operationIds.length, 0);
  return {
    $comment: "GENERATED by scripts/gen-routes.mjs from the platform's openapi.json; do not edit: override routes in code (pkg/middleware/README.md)",
    source: { title: spec.info?.title ?? null, version: spec.info?.version ?? null, operations },
    counts: { operations, mapped: mappedOps, routes: merged.length, unmapped: unmapped.length, routesByScope: byScope, unmappedByReason: byReason },
    routes: merged.map(({ method, path, scope, permission, operationIds, specPaths, rule }) => ({
      method,
      path,
      scope,
      ...(permission ? { permission } : {}),
      operationIds,
      specPaths,
      rule,
    })),
    unmapped: unmapped.map(({ method, path, specPath, operationId, tag, reason, why }) => ({ method, path, specPath, operationId, tag, reason, why })),
  };
}

/** The table as written to disk (stable: two-space JSON, final newline). */
export function render(table) {
  return `${JSON.stringify(table, null, 2)}\n`;
}

function main(argv) {
  const specFile = specPath(argv);
  const spec = JSON.parse(readFileSync(specFile, "utf8"));
  const table = generate(spec);
  const text = render(table);
  const c = table.counts;
  console.log(`${c.operations} operations: ${c.mapped} mapped (${c.routes} routes: ${Object.entries(c.routesByScope).map(([k, v]) => `${v} ${k}`).join(", ")}), ${c.unmapped} unmapped`);
  for (const [reason, n] of Object.entries(c.unmappedByReason)) console.log(`  unmapped ${reason}: ${n}`);
  if (argv.includes("--check")) {
    let cur = "";
    try {
      cur = readFileSync(OUT, "utf8");
    } catch {
      // missing: reported below
    }
    if (cur !== text) {
      console.error("pkg/middleware/langsmith-routes.json is out of date: run `node scripts/gen-routes.mjs`");
      process.exit(1);
    }
    console.log("pkg/middleware/langsmith-routes.json is up to date");
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT.slice(ROOT.length)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
