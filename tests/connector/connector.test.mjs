// The connector end to end: orgpolicy/langsmith against the platform
// stand-in (examples/standin) over real HTTP on 127.0.0.1, through the
// package's own entry points. Every answer the stand-in gives is checked
// against openapi.json's schemas with ajv (JSON Schema 2020-12).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, "..", "..");
const require = createRequire(import.meta.url);
const support = require("../js/support.cjs");
support.ensurePackage();
// Resolve "orgpolicy" through pkg/package.json's exports, as a consumer does.
fs.mkdirSync(path.join(here, "node_modules"), { recursive: true });
const link = path.join(here, "node_modules", "orgpolicy");
if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, "pkg"), link, "dir");

const { PolicyEngine, directoryFromApi } = await import("orgpolicy");
const { fetchDocuments, createSync, endpoints, retryAfterMs, DIRECTORY_STALE } = await import("orgpolicy/langsmith");
const { createGuard } = await import("orgpolicy/middleware");
const { startStandin, smallDeployment, largeDeployment, RESPONSE_SCHEMAS } = await import(
  path.join(ROOT, "examples/standin/server.mjs")
);
const toolsRequire = createRequire(path.join(ROOT, "tools", "package.json"));
const Ajv2020 = toolsRequire("ajv/dist/2020").default;
const addFormats = toolsRequire("ajv-formats").default;

// ---- schema validation of every stand-in answer ------------------------------

const { extract } = await import(path.join(here, "spec-schemas.mjs"));
const spec = JSON.parse(fs.readFileSync(path.join(here, "spec-schemas.json"), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, "openapi.json");

// The platform's spec lives beside the repository (../shared/langsmith/), as in CI.
const SPEC = process.env.ORGPOLICY_OPENAPI ?? path.resolve(ROOT, "..", "shared", "langsmith", "openapi.json");
test("the checked-in schemas are the platform spec's", () => {
  assert.ok(fs.existsSync(SPEC), `no platform spec at ${SPEC} (set ORGPOLICY_OPENAPI)`);
  assert.deepEqual(extract(JSON.parse(fs.readFileSync(SPEC, "utf8"))), spec);
});
const validators = new Map();
function validatorFor(route) {
  const name = RESPONSE_SCHEMAS[route];
  if (!validators.has(name)) {
    const ref = { $ref: `openapi.json#/components/schemas/${name.replace("[]", "")}` };
    validators.set(name, ajv.compile(name.endsWith("[]") ? { type: "array", items: ref } : ref));
  }
  return validators.get(name);
}

/** `fetch` that checks every 200 answer against the spec; problems are kept in `invalid`. */
function checkingFetch() {
  const invalid = [];
  let checked = 0;
  const f = async (url, init) => {
    const res = await fetch(url, init);
    if (res.status !== 200) return res;
    const text = await res.clone().text();
    const route = new URL(url).pathname;
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      invalid.push({ route, errors: "not JSON" });
      return res;
    }
    const validate = validatorFor(route);
    assert.ok(validate, `no schema for ${route}`);
    checked++;
    if (!validate(body)) invalid.push({ route, errors: validate.errors.slice(0, 3) });
    return res;
  };
  f.invalid = invalid;
  f.checked = () => checked;
  return f;
}

const servers = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function standin(deployment = smallDeployment()) {
  const s = await startStandin({ deployment });
  servers.push(s);
  return s;
}
const sources = (d) => d.orgs.map((o) => ({ orgId: o.info.id, apiKey: o.apiKey }));
const base = (s, d, extra = {}) => ({
  baseUrl: s.url,
  orgs: sources(d),
  defaultOrgId: d.defaultOrgId,
  backoffMs: 10,
  ...extra,
});

const expectations = JSON.parse(fs.readFileSync(path.join(here, "expectations.json"), "utf8")).cases;
function answers(engine) {
  const failed = [];
  for (const c of expectations) {
    const d = engine.call(c.method, c.input);
    const allowed = typeof d === "boolean" ? d : d.allowed;
    if (allowed !== c.allowed) failed.push(c.note);
  }
  return failed;
}

// ---- tests ---------------------------------------------------------------------

test("the small deployment, fetched and mapped, answers the shared expectations like its hand-written directory", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const f = checkingFetch();
  const { documents, stats } = await fetchDocuments(base(s, d, { fetch: f }));
  assert.deepEqual(f.invalid, []);
  assert.equal(f.checked(), stats.requests);
  const engine = PolicyEngine.fromApi({}, documents);
  assert.deepEqual(answers(engine), []);
  const hand = new PolicyEngine({}, fs.readFileSync(path.join(ROOT, "examples/standin/deployment-small.directory.json"), "utf8"));
  assert.deepEqual(answers(hand), []);
  // The object and its JSON text map alike, to the hand-written document.
  assert.deepEqual(JSON.parse(directoryFromApi(documents)), JSON.parse(directoryFromApi(JSON.stringify(documents))));
  engine.free();
  hand.free();
});

test("every request carries the headers of its security scheme", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  await fetchDocuments(base(s, d));
  const keys = new Map(d.orgs.map((o) => [o.apiKey, o]));
  for (const r of s.requests) {
    const org = keys.get(r.headers["x-api-key"]);
    assert.ok(org, `${r.path}: X-API-Key`);
    if (r.path === "/api/v1/workspaces/current/members") {
      assert.ok(org.workspaces.some((w) => w.id === r.headers["x-tenant-id"] && !w.is_deleted), `${r.path}: X-Tenant-Id`);
    } else {
      assert.equal(r.headers["x-organization-id"], org.info.id, `${r.path}: X-Organization-Id`);
    }
  }
  // Deleted workspaces are listed (to recognise references) but not read.
  const tenants = s.requests.filter((r) => r.headers["x-tenant-id"]).map((r) => r.headers["x-tenant-id"]);
  assert.equal(tenants.length, 5);
});

test("pagination follows the member lists to the end (>= 3 pages)", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const f = checkingFetch();
  const { documents } = await fetchDocuments(base(s, d, { pageSize: 2, fetch: f }));
  assert.deepEqual(f.invalid, []);
  const key = d.orgs[0].apiKey;
  const pages = s.requests.filter((r) => r.path.endsWith("/members/active") && r.headers["x-api-key"] === key);
  assert.deepEqual(pages.map((r) => r.query), ["?limit=2&offset=0", "?limit=2&offset=2", "?limit=2&offset=4", "?limit=2&offset=6"]);
  assert.deepEqual(documents.orgs[0].members.map((m) => m.id), d.orgs[0].members.map((m) => m.id));
});

test("bounded concurrency", async () => {
  const d = largeDeployment(300);
  const s = await standin(d);
  for (const path of ["/members/active", "/members/pending", "/roles", "/info"]) s.fault({ path, delayMs: 30 });
  await fetchDocuments(base(s, d, { concurrency: 2, pageSize: 50 }));
  assert.ok(s.maxInFlight <= 2, `max in flight ${s.maxInFlight}`);
  s.resetCounters();
  for (const path of ["/members/active", "/members/pending", "/roles", "/info"]) s.fault({ path, delayMs: 30 });
  await fetchDocuments(base(s, d, { concurrency: 8, pageSize: 50 }));
  assert.ok(s.maxInFlight > 2, `max in flight ${s.maxInFlight} with 8 allowed`);
});

test("429 with Retry-After, then success", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  s.fault({ path: "/orgs/current/roles", status: 429, retryAfter: 1 });
  const events = [];
  const t0 = Date.now();
  const { stats } = await fetchDocuments(base(s, d, { onEvent: (e) => events.push(e) }));
  const retry = events.filter((e) => e.type === "retry");
  assert.equal(retry.length, 1);
  assert.equal(retry[0].status, 429);
  assert.equal(retry[0].endpoint, endpoints.roles);
  assert.equal(retry[0].delayMs, 1000, "Retry-After: 1 is honoured over the 10 ms backoff");
  assert.ok(Date.now() - t0 >= 1000);
  assert.equal(stats.retries, 1);
  assert.equal(retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:58 GMT")), 2000);
  assert.equal(retryAfterMs("soon"), null);
});

test("500 three times: the refresh gives up and the last good engine keeps answering", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const events = [];
  const sync = createSync({ ...base(s, d, { retries: 2 }), PolicyEngine, config: {}, onEvent: (e) => events.push(e) });
  assert.equal((await sync.start()).ok, true);
  s.fault({ path: "/orgs/current/sso-settings", apiKey: d.orgs[0].apiKey, status: 500, times: 3 });
  const r = await sync.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.code, "HTTP_ERROR");
  assert.equal(r.error.status, 500);
  assert.equal(r.error.attempts, 3);
  assert.equal(r.error.endpoint, endpoints.ssoSettings);
  assert.equal(events.filter((e) => e.type === "retry").length, 2);
  const st = sync.status();
  assert.equal(st.lastError, r.error);
  assert.equal(st.stale, false);
  assert.equal(st.failures, 1);
  const lease = sync.acquire();
  assert.deepEqual(answers(lease.engine), []);
  lease.release();
  // A 4xx is not retried.
  s.fault({ path: "/orgs/current/info", apiKey: d.orgs[0].apiKey, status: 403 });
  const r2 = await sync.refresh();
  assert.equal(r2.error.status, 403);
  assert.equal(r2.error.attempts, 1);
  sync.stop();
});

test("a request that does not answer in time fails with TIMEOUT", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  s.fault({ path: "/orgs/current/service-keys", delayMs: 400 });
  await assert.rejects(fetchDocuments(base(s, d, { timeoutMs: 100, retries: 0 })), (e) => {
    assert.equal(e.code, "TIMEOUT");
    assert.equal(e.endpoint, endpoints.serviceKeys);
    return true;
  });
  // With a retry, the second attempt answers.
  s.fault({ path: "/orgs/current/service-keys", delayMs: 400 });
  const { stats } = await fetchDocuments(base(s, d, { timeoutMs: 100, retries: 1 }));
  assert.equal(stats.retries, 1);
});

test("a schema-invalid answer: the error names the endpoint and the path; a truncated one is INVALID_JSON", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const f = checkingFetch();
  const sync = createSync({ ...base(s, d, { fetch: f }), PolicyEngine, config: {} });
  await sync.start();
  assert.deepEqual(f.invalid, []);
  s.fault({ path: "/orgs/current/members/active", apiKey: d.orgs[0].apiKey, body: "invalid" });
  const r = await sync.refresh();
  assert.equal(r.ok, false);
  assert.equal(r.error.code, "API_DOCUMENT_INVALID");
  const issue = r.error.issues.find((i) => i.endpoint === endpoints.members);
  assert.ok(issue, JSON.stringify(r.error.issues));
  assert.equal(issue.path, "[0].id");
  assert.equal(issue.org, 0);
  assert.match(issue.message, /expected a string, found a number/);
  // The validator saw the same answer as invalid: the fixture checks can fail.
  assert.deepEqual(f.invalid.map((i) => i.route), ["/api/v1/orgs/current/members/active"]);
  s.fault({ path: "/workspaces/current/members", body: "truncate" });
  const t = await sync.refresh();
  assert.equal(t.error.code, "INVALID_JSON");
  assert.equal(t.error.endpoint, endpoints.workspaceMembers);
  assert.equal(sync.status().stale, false, "the last good engine is kept");
  sync.stop();
});

test("a change in the deployment shows after one refresh: member added, role changed, member removed", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const f = checkingFetch();
  const sync = createSync({ ...base(s, d, { fetch: f }), PolicyEngine, config: {} });
  await sync.start();
  const org = d.orgs[0];
  const [W1] = [org.workspaces[0].id];
  const can = (user, permission) => {
    const l = sync.acquire();
    try {
      return l.engine.can(user, org.info.id, W1, permission);
    } catch (e) {
      return e.code;
    } finally {
      l.release();
    }
  };
  const victor = org.members.find((m) => m.email.startsWith("victor")).user_id;
  const bob = org.members.find((m) => m.email.startsWith("bob")).user_id;
  const newUser = "0000000c-0000-4000-8000-000000000777";
  assert.equal(can(victor, "runs:create"), false);
  assert.equal(can(bob, "runs:create"), true);
  assert.equal(can(newUser, "runs:read"), "UNKNOWN_USER");

  const next = structuredClone(d);
  const o = next.orgs[0];
  const ws1 = o.workspaceMembers.find((l) => l.tenant_id === W1);
  // victor: Viewer -> Editor in Workspace 1
  ws1.members.find((m) => m.user_id === victor).role_id = o.roles.find((r) => r.name === "WORKSPACE_USER").id;
  // bob removed from the organization
  o.members = o.members.filter((m) => m.user_id !== bob);
  for (const l of o.workspaceMembers) l.members = l.members.filter((m) => m.user_id !== bob);
  // a new member, Editor in Workspace 1
  const tmpl = o.members[0];
  o.members.push({ ...tmpl, id: "0000000f-0000-4000-8000-000000000777", user_id: newUser, email: "nina@example.com",
    org_role_id: o.roles.find((r) => r.name === "ORGANIZATION_USER").id, org_role_name: "ORGANIZATION_USER", tenant_ids: [W1] });
  ws1.members.push({ ...ws1.members[0], id: "0000000f-0000-4000-8000-000000000778", user_id: newUser, email: "nina@example.com",
    role_id: o.roles.find((r) => r.name === "WORKSPACE_USER").id, role_name: "WORKSPACE_USER" });
  // bob is still a member of Acme: drop him there too, so he is gone from the instance
  next.orgs[1].members = next.orgs[1].members.filter((m) => m.user_id !== bob);
  for (const l of next.orgs[1].workspaceMembers) l.members = l.members.filter((m) => m.user_id !== bob);
  s.setDeployment(next);

  const r = await sync.refresh();
  assert.equal(r.ok, true, String(r.error?.message));
  assert.equal(r.changed, true);
  assert.deepEqual(f.invalid, []);
  assert.equal(can(victor, "runs:create"), true);
  assert.equal(can(newUser, "runs:create"), true);
  assert.equal(can(bob, "runs:read"), "UNKNOWN_USER");
  // No change: no rebuild.
  const again = await sync.refresh();
  assert.equal(again.changed, false);
  assert.equal(sync.status().swaps, 2);
  sync.stop();
});

test("no overlapping refreshes; the swap is atomic and the old engine is freed once released", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const sync = createSync({ ...base(s, d), PolicyEngine, config: {} });
  await sync.start();
  const perRefresh = s.requests.length;
  const held = sync.acquire();
  s.fault({ path: "/orgs/current/info", delayMs: 150 });
  const next = structuredClone(d);
  next.orgs[0].info.display_name = "Renamed";
  s.setDeployment(next);
  const [a, b] = [sync.refresh(), sync.refresh()];
  assert.equal(a, b, "a second call joins the refresh in flight");
  assert.equal(sync.status().refreshing, true);
  const r = await a;
  assert.equal(r.changed, true);
  assert.equal(s.requests.length, 2 * perRefresh, "one refresh's requests, not two");
  // The held engine is the old one and still works; released, it is freed.
  assert.equal(held.engine.memberCount, 12);
  assert.notEqual(sync.acquire().engine, held.engine);
  held.release();
  assert.throws(() => held.engine.memberCount);
  sync.stop();
});

test("past the staleness bound the guard answers 503 DIRECTORY_STALE (fail closed)", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  let clock = 1_000_000;
  const sync = createSync({ ...base(s, d, { retries: 0 }), PolicyEngine, config: {}, intervalMs: 1000, maxStalenessMs: 5000, now: () => clock });
  const guard = createGuard({
    getEngine: () => sync.getEngine(),
    routes: [{ method: "GET", path: "/api/v1/runs/:id", scope: "workspace", permission: "runs:read" }],
  });
  const org = d.orgs[0];
  const key = org.serviceKeys[0].id; // scoped to Production
  const production = org.workspaces.find((w) => w.display_name === "Production").id;
  const request = () =>
    new Request("http://gateway.test/api/v1/runs/1", { headers: { "x-api-key": key, "x-tenant-id": production } });

  const before = await guard(request());
  assert.equal(before.ok, false, "nothing synchronized yet: refused");
  assert.equal(before.response.status, 503);
  assert.equal((await before.response.json()).code, DIRECTORY_STALE);

  await sync.start();
  assert.equal((await guard(request())).ok, true);
  s.fault({ status: 500, times: 1000 });
  clock += 4000;
  assert.equal((await sync.refresh()).ok, false);
  assert.equal((await guard(request())).ok, true, "within the bound: the last good engine decides");
  assert.equal(sync.status().ageMs, 4000);
  clock += 2000;
  const stale = await guard(request());
  assert.equal(stale.response.status, 503);
  assert.equal((await stale.response.json()).code, DIRECTORY_STALE);
  assert.throws(() => sync.acquire(), (e) => e.code === DIRECTORY_STALE);
  assert.equal(sync.status().stale, true);
  sync.stop();
});

test("bad options are refused with the option named", () => {
  assert.throws(() => createSync({ baseUrl: "ftp://x", orgs: [], PolicyEngine, config: {} }), /baseUrl/);
  assert.throws(() => createSync({ baseUrl: "http://x", orgs: [{ orgId: "o" }], PolicyEngine, config: {} }), /orgs\[0\]\.apiKey/);
  assert.throws(() => createSync({ baseUrl: "http://x", orgs: [{ orgId: "o", apiKey: "k" }], config: {} }), /PolicyEngine/);
  return assert.rejects(fetchDocuments({ baseUrl: "http://x", orgs: [{ orgId: "o", apiKey: "k" }], timeoutMs: -1 }), /timeoutMs/);
});

test("the 10,000-member fixture's answers match the spec", { timeout: 120_000 }, async () => {
  const d = largeDeployment(10_000);
  const s = await standin(d);
  const f = checkingFetch();
  const { documents } = await fetchDocuments(base(s, d, { fetch: f }));
  assert.deepEqual(f.invalid, []);
  const engine = PolicyEngine.fromApi({}, JSON.stringify(documents));
  assert.equal(engine.memberCount, 10_000 - 100 + 200); // 1% disabled, 2% invited
  engine.free();
});

test("the connected gateway example decides from the stand-in's deployment", async () => {
  const d = smallDeployment();
  const s = await standin(d);
  const { startConnectedGateway } = await import(path.join(ROOT, "examples/gateway/connected.mjs"));
  const gw = await startConnectedGateway({ baseUrl: s.url, orgs: sources(d), port: 0 });
  try {
    const org = d.orgs[0];
    const production = org.workspaces.find((w) => w.display_name === "Production").id;
    const get = (key) => fetch(`${gw.url}/api/v1/runs/42`, { headers: { "x-api-key": key, "x-tenant-id": production } });
    const ok = await get(org.serviceKeys[0].id);
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).workspaceId, production);
    const unknown = await get("not-a-key");
    assert.equal(unknown.status, 401);
  } finally {
    await gw.close();
  }
});
