// The platform's route table (pkg/middleware/langsmith-routes.json): it is
// what scripts/gen-routes.mjs makes from the spec, every operation of the
// spec is accounted for, every permission is one the engine knows, and the
// calls the platform's SDK sends are matched to the expected operation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { actionOf, generate, mountPath, render, specPath } from "../../scripts/gen-routes.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const mw = require("../../pkg/middleware/index.js");
const spec = JSON.parse(readFileSync(specPath(), "utf8"));
const table = mw.langsmithTable();
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function specOperations() {
  const out = [];
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) out.push(`${m.toUpperCase()} ${p}`);
  }
  return out;
}

test("the checked-in table is what the generator makes from the spec (regenerate and diff)", () => {
  const fresh = render(generate(spec));
  const onDisk = readFileSync(`${ROOT}pkg/middleware/langsmith-routes.json`, "utf8");
  assert.ok(fresh === onDisk, "pkg/middleware/langsmith-routes.json is stale: run `node scripts/gen-routes.mjs`");
  const out = execFileSync(process.execPath, [`${ROOT}scripts/gen-routes.mjs`, "--check"], { encoding: "utf8" });
  assert.match(out, /^581 operations: \d+ mapped \(\d+ routes: .*\), \d+ unmapped$/m);
  assert.match(out, /up to date/);
});

test("all 581 operations are accounted for: mapped exactly once or listed as unmapped with a reason", () => {
  const ops = specOperations();
  assert.equal(ops.length, 581);
  assert.equal(table.counts.operations, 581);
  const seen = new Map();
  const note = (key, where) => {
    assert.ok(!seen.has(key), `${key} appears twice (${seen.get(key)} and ${where})`);
    seen.set(key, where);
  };
  for (const r of table.routes) {
    assert.equal(r.operationIds.length, r.specPaths.length);
    for (const p of r.specPaths) note(`${r.method} ${p}`, `route ${r.method} ${r.path}`);
  }
  const reasons = new Set(["internal", "no-permission-family", "no-permission-for-action", "no-scope-declared", "no-security-declared", "outside-api"]);
  for (const u of table.unmapped) {
    note(`${u.method} ${u.specPath}`, `unmapped (${u.reason})`);
    assert.ok(reasons.has(u.reason), `${u.method} ${u.specPath}: unknown reason ${u.reason}`);
    assert.ok(typeof u.why === "string" && u.why.length > 10, `${u.method} ${u.specPath}: no reason text`);
  }
  assert.deepEqual([...seen.keys()].sort(), ops.sort());
  const mapped = table.routes.reduce((n, r) => n + r.operationIds.length, 0);
  assert.equal(mapped, table.counts.mapped);
  assert.equal(mapped + table.unmapped.length, 581);
  const byReason = {};
  for (const u of table.unmapped) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  assert.deepEqual(byReason, table.counts.unmappedByReason);
});

test("scopes follow the security schemes; routes are unique, under /api, with engine permission names", () => {
  const keys = new Set();
  const security = new Map();
  for (const [p, item] of Object.entries(spec.paths)) {
    for (const m of METHODS) if (item[m]) security.set(`${m.toUpperCase()} ${p}`, new Set((item[m].security ?? []).flatMap((a) => Object.keys(a))));
  }
  for (const r of table.routes) {
    const key = `${r.method} ${r.path}`;
    assert.ok(!keys.has(key), `duplicate route ${key}`);
    keys.add(key);
    assert.match(r.path, /^\/api\/v[12]\//, key);
    assert.ok(typeof r.rule === "string" && r.rule !== "", key);
    for (const p of r.specPaths) {
      assert.equal(r.path, mountPath(p).replace(/\{([^}]+)\}/g, ":$1"), key);
      const s = security.get(`${r.method} ${p}`);
      if (r.rule.startsWith("exception:")) continue;
      if (r.scope === "workspace") assert.ok(s.has("Tenant ID"), key);
      if (r.scope === "org") assert.ok(s.has("Organization ID") && !s.has("Tenant ID"), key);
      if (r.scope === "user") assert.ok(s.has("Bearer Auth") && !s.has("API Key") && !s.has("Tenant ID") && !s.has("Organization ID"), key);
      if (r.scope === "public") assert.equal(s.size, 0, key);
    }
    if (r.scope === "org") assert.match(r.permission, /^organization:/, key);
    if (r.scope === "workspace") assert.doesNotMatch(r.permission, /^organization:/, key);
  }
  // The engine checks every permission when a guard is made on the preset.
  const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");
  const engine = new PolicyEngine({}, readFileSync(`${ROOT}examples/sample-directory.json`, "utf8"));
  const authz = mw.createAuthorizer({ engine, preset: "langsmith" });
  assert.equal(authz.routes.length, table.routes.length);
  engine.free();
});

test("the rule: actions from method and path words", () => {
  const cases = [
    ["GET", "/api/v1/datasets", "read"],
    ["POST", "/api/v1/datasets", "create"],
    ["PATCH", "/api/v1/datasets/{dataset_id}", "update"],
    ["DELETE", "/api/v1/datasets/{dataset_id}", "delete"],
    ["PUT", "/api/v1/datasets/{dataset_id}/share", "share"],
    ["DELETE", "/api/v1/datasets/{dataset_id}/share", "share"],
    ["GET", "/api/v1/datasets/{dataset_id}/share", "read"],
    ["GET", "/api/v1/datasets/{dataset_id}/csv", "download"],
    ["POST", "/api/v1/runs/query", "read"],
    ["POST", "/api/v1/runs/stats", "stats"],
    ["POST", "/api/v1/public/{t}/datasets/runs/delta/stream", "read"],
    ["POST", "/api/v1/datasets/clone", "clone"],
    ["POST", "/api/v1/sessions/{session_id}/views", "update"],
    ["POST", "/api/v1/runs/delete", "delete"],
    ["POST", "/api/v1/annotation-queues/{queue_id}/runs/delete", "update"],
  ];
  for (const [m, p, want] of cases) assert.equal(actionOf(m, p), want, `${m} ${p}`);
});

// the platform reference (langsmith/README.md), "What real clients send": the SDK's
// apiUrl ends in /api/v1; its calls, and the operation each must get.
const SDK_CALLS = [
  ["GET", "/api/v1/datasets?limit=100&offset=0", "workspace", "datasets:read"],
  ["GET", "/api/v1/datasets/8b6a3f2e-0d7c-4c52-9a0e-1f0c2b3d4e5f", "workspace", "datasets:read"],
  ["PUT", "/api/v1/datasets/8b6a3f2e-0d7c-4c52-9a0e-1f0c2b3d4e5f/share", "workspace", "datasets:share"],
  ["POST", "/api/v1/runs", "workspace", "runs:create"],
  ["PATCH", "/api/v1/runs/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b", "workspace", "runs:create"],
  ["GET", "/api/v1/runs/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b", "workspace", "runs:read"],
  ["POST", "/api/v1/runs/query", "workspace", "runs:read"],
  ["GET", "/api/v1/sessions?limit=100", "workspace", "projects:read"],
  ["GET", "/api/v1/info", "public", undefined],
  ["GET", "/api/v2/runs/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b", "workspace", "runs:read"],
  ["POST", "/api/v1/runs/multipart", "workspace", "runs:create"],
  ["POST", "/api/v1/runs/batch", "workspace", "runs:create"],
  ["POST", "/api/v1/examples/bulk", "workspace", "datasets:update"],
  ["POST", "/api/v1/feedback", "workspace", "feedback:create"],
  ["GET", "/api/v1/annotation-queues", "workspace", "annotation-queues:read"],
  ["GET", "/api/v1/repos/my-org/my-prompt", "workspace", "prompts:read"],
  ["GET", "/api/v1/commits/my-org/my-prompt/latest", "workspace", "prompts:read"],
  ["POST", "/api/v1/platform/datasets/8b6a3f2e-0d7c-4c52-9a0e-1f0c2b3d4e5f/examples", "workspace", "datasets:update"],
  ["GET", "/api/v1/orgs/current/members", "org", "organization:read"],
  ["POST", "/api/v1/orgs/current/personal-access-tokens", "org", "organization:pats:create"],
  ["GET", "/api/v1/api-key/current", "user", undefined],
];

test("the SDK's calls match the expected scope and permission", () => {
  const rt = mw.createRouteTable(null, { preset: "langsmith" });
  for (const [method, url, scope, permission] of SDK_CALLS) {
    const c = mw.canonicalize({ method, url, headers: { "x-api-key": "k" } });
    assert.ok(c.ok, `${method} ${url}: ${c.code}`);
    const m = mw.matchRoute(rt, c.method, c.segments);
    assert.ok(m.route, `${method} ${url} matched no route`);
    assert.equal(m.route.operation.scope, scope, `${method} ${url}`);
    assert.equal(m.route.operation.permission, permission, `${method} ${url}`);
  }
});

test("literal segments win over parameters, whatever the spec order", () => {
  const rt = mw.createRouteTable(null, { preset: "langsmith" });
  const seg = (p) => p.split("/").filter(Boolean);
  assert.equal(mw.matchRoute(rt, "POST", seg("/api/v1/runs/query")).route.path, "/api/v1/runs/query");
  assert.equal(mw.matchRoute(rt, "GET", seg("/api/v1/runs/rules")).route.path, "/api/v1/runs/rules");
  assert.equal(mw.matchRoute(rt, "GET", seg("/api/v1/runs/r-1")).route.path, "/api/v1/runs/:run_id");
  assert.equal(mw.matchRoute(rt, "GET", seg("/api/v1/datasets/stream")).route.path, "/api/v1/datasets/stream");
});

test("user routes extend and override the preset", () => {
  const rt = mw.createRouteTable(
    [
      { method: "GET", path: "/api/v1/datasets", scope: "workspace", permission: "datasets:download" },
      { method: "GET", path: "/internal/status", scope: "public" },
    ],
    { preset: "langsmith" },
  );
  assert.equal(rt.routes.length, table.routes.length + 2);
  assert.ok(Object.isFrozen(table.routes[0]) && Object.isFrozen(table.routes), "the shared preset cannot be changed in place");
  assert.equal(mw.matchRoute(rt, "GET", ["api", "v1", "datasets"]).route.operation.permission, "datasets:download");
  assert.equal(mw.matchRoute(rt, "GET", ["internal", "status"]).route.operation.scope, "public");
  for (const preset of ["nope", "toString", 1]) {
    assert.throws(() => mw.createRouteTable(null, { preset }), (e) => e instanceof mw.GuardConfigError && e.path === "preset" && /expected one of "langsmith"/.test(e.message));
  }
  assert.throws(() => mw.createRouteTable(null), (e) => e instanceof mw.GuardConfigError && e.path === "routes");
});
