// The example gateway over real HTTP (both adapters), an engine swap under
// traffic, and unit tests of the Fetch guard and the Express adapter
// (CommonJS and ESM builds) without a server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import * as esm from "../../pkg/middleware/index.mjs";
import { ROOT, SAMPLE_TEXT, call, sampleEngine, spawnGateway } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const cjs = require("../../pkg/middleware/index.js");

// ---- the example gateway over HTTP -------------------------------------------------

for (const adapter of ["fetch", "express"]) {
  describe(`example gateway over HTTP (${adapter} adapter)`, () => {
    let gw;
    before(async () => {
      gw = await spawnGateway({ GATEWAY_ADAPTER: adapter });
    });
    after(async () => {
      await gw?.stop();
    });

    test("PAT acts as its user in its workspace", async () => {
      const r = await call(`${gw.url}/api/v1/runs/42`, { headers: { "X-API-Key": "pat-bob" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.orgId, "org-default");
      assert.equal(r.body.workspaceId, "ws-production");
      assert.equal(r.body.userId, "user-bob");
      assert.equal(r.body.credential, "apiKey");
      assert.deepEqual(r.body.params, { run_id: "42" });
      assert.equal(r.body.workspaceRole, "WORKSPACE_ADMIN");
    });

    test("PAT with a matching X-Organization-Id and X-Tenant-Id", async () => {
      const r = await call(`${gw.url}/api/v1/runs/7`, {
        headers: { "X-API-Key": "pat-bob", "X-Organization-Id": "org-default", "X-Tenant-Id": "ws-1" },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.workspaceId, "ws-1");
      assert.equal(r.body.workspaceRole, "WORKSPACE_EDITOR");
    });

    test("workspace service key without X-Tenant-Id → its own workspace", async () => {
      const r = await call(`${gw.url}/api/v1/datasets`, { headers: { "X-API-Key": "key-production" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.orgId, "org-default");
      assert.equal(r.body.workspaceId, "ws-production");
      assert.equal(r.body.userId, null);
    });

    test("workspace service key with an X-Tenant-Id it does not cover → 403 TENANT_NOT_COVERED", async () => {
      const r = await call(`${gw.url}/api/v1/datasets`, { headers: { "X-API-Key": "key-production", "X-Tenant-Id": "ws-1" } });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, "TENANT_NOT_COVERED");
    });

    test("org-scoped key with X-Tenant-Id → 200", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "key-org", "X-Tenant-Id": "ws-staging" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.workspaceId, "ws-staging");
    });

    test("org-scoped key without X-Tenant-Id → 403 TENANT_REQUIRED", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "key-org" } });
      assert.equal(r.status, 403);
      assert.deepEqual(Object.keys(r.body).sort(), ["code", "message"]);
      assert.equal(r.body.code, "TENANT_REQUIRED");
      assert.match(r.body.message, /X-Tenant-Id/);
      assert.match(r.headers.get("content-type"), /^application\/json/);
    });

    test("org-scoped key on an org route needs no tenant", async () => {
      const r = await call(`${gw.url}/api/v1/orgs/current/members`, { headers: { "X-API-Key": "key-org" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.orgId, "org-default");
      assert.equal(r.body.workspaceId, null);
    });

    test("wrong X-Organization-Id → 403 ORG_HEADER_MISMATCH", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-bob", "X-Organization-Id": "org-acme" } });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, "ORG_HEADER_MISMATCH");
    });

    test("user-only endpoint with an API key → 403 API_KEY_NOT_ALLOWED", async () => {
      const r = await call(`${gw.url}/api/v1/api-key/current`, { headers: { "X-API-Key": "pat-bob" } });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, "API_KEY_NOT_ALLOWED");
    });

    test("user-only endpoint with a session → 200", async () => {
      const r = await call(`${gw.url}/api/v1/api-key/current`, { headers: { Authorization: "Bearer demo-session:user-bob" } });
      assert.equal(r.status, 200);
      assert.equal(r.body.userId, "user-bob");
      assert.equal(r.body.credential, "session");
    });

    test("session on a workspace route with both headers", async () => {
      const r = await call(`${gw.url}/api/v1/runs/delete`, {
        method: "POST",
        headers: { Authorization: "Bearer demo-session:user-bob", "X-Organization-Id": "org-default", "X-Tenant-Id": "ws-production" },
      });
      assert.equal(r.status, 200);
      assert.equal(r.body.proxied, "POST /api/v1/runs/delete");
    });

    test("session without X-Organization-Id → 403 ORG_HEADER_REQUIRED", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { Authorization: "Bearer demo-session:user-bob" } });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, "ORG_HEADER_REQUIRED");
    });

    test("rejected bearer token → 401 INVALID_CREDENTIAL", async () => {
      const r = await call(`${gw.url}/api/v1/api-key/current`, { headers: { Authorization: "Bearer not-a-session" } });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "INVALID_CREDENTIAL");
    });

    test("missing credential → 401 MISSING_CREDENTIAL with WWW-Authenticate", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`);
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "MISSING_CREDENTIAL");
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer/);
    });

    test("unknown API key → 401 INVALID_CREDENTIAL", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "no-such-key" } });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "INVALID_CREDENTIAL");
    });

    test("PAT of a user who left → 401 CREDENTIAL_OWNER_NOT_MEMBER", async () => {
      const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-gina" } });
      assert.equal(r.status, 401);
      assert.equal(r.body.code, "CREDENTIAL_OWNER_NOT_MEMBER");
    });

    test("permission the user lacks → 403 PERMISSION_DENIED", async () => {
      const r = await call(`${gw.url}/api/v1/runs/delete`, { method: "POST", headers: { "X-API-Key": "pat-victor" } });
      assert.equal(r.status, 403);
      assert.equal(r.body.code, "PERMISSION_DENIED");
    });

    test("unknown route → 404 ROUTE_NOT_FOUND, wrong method → 405", async () => {
      const a = await call(`${gw.url}/api/v2/everything`, { headers: { "X-API-Key": "pat-bob" } });
      assert.equal(a.status, 404);
      assert.equal(a.body.code, "ROUTE_NOT_FOUND");
      const b = await call(`${gw.url}/api/v1/runs/1`, { method: "PUT", headers: { "X-API-Key": "pat-bob" } });
      assert.equal(b.status, 405);
      assert.equal(b.body.code, "METHOD_NOT_ALLOWED");
      assert.equal(b.headers.get("allow"), "GET, PATCH, HEAD");
    });

    test("empty segments and protocol-relative paths are refused (400 PATH_EMPTY_SEGMENT)", async () => {
      for (const path of ["//api/v1/runs/1", "/api//v1/runs/1", "/api/v1/runs//"]) {
        const r = await call(`${gw.url}${path}`, { headers: { "X-API-Key": "pat-bob" } });
        assert.equal(r.status, 400, path);
        assert.equal(r.body.code, "PATH_EMPTY_SEGMENT", path);
      }
    });

    test("encoded separators and repeated tenant headers are refused", async () => {
      const a = await call(`${gw.url}/api/v1/runs/a%2Fb`, { headers: { "X-API-Key": "pat-bob" } });
      assert.equal(a.status, 400);
      assert.equal(a.body.code, "PATH_ENCODED_SEPARATOR");
      const h = new Headers({ "X-API-Key": "pat-bob" });
      h.append("X-Tenant-Id", "ws-1");
      h.append("X-Tenant-Id", "ws-production");
      const b = await call(`${gw.url}/api/v1/runs/1`, { headers: h });
      assert.equal(b.status, 400);
      assert.equal(b.body.code, "DUPLICATE_HEADER");
    });

    test("public platform routes pass without a credential", async () => {
      const r = await call(`${gw.url}/api/v1/info`);
      assert.equal(r.status, 200);
      assert.equal(r.body.userId, null);
      assert.equal(r.body.route, "GET /api/v1/info");
    });

    test("percent-encoded paths are matched decoded", async () => {
      const r = await call(`${gw.url}/api/v1/r%75ns/a%20b`, { headers: { "X-API-Key": "pat-bob" } });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.params, { run_id: "a b" });
    });
  });
}

describe("engine swap under traffic (SIGHUP reload)", () => {
  let gw;
  let dir;
  let dirFile;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "orgpolicy-gw-"));
    dirFile = join(dir, "directory.json");
    writeFileSync(dirFile, SAMPLE_TEXT);
    gw = await spawnGateway({ DIRECTORY: dirFile });
  });
  after(async () => {
    await gw?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("requests keep succeeding, the new directory takes effect, the old engine is freed after draining", async () => {
    const before = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-erin" } });
    assert.equal(before.status, 401);
    assert.equal(before.body.code, "INVALID_CREDENTIAL");

    // Steady traffic: 4 workers, some requests slow enough to span the swap.
    let running = true;
    const statuses = [];
    const worker = async (n) => {
      for (let i = 0; running; i++) {
        const delay = (i + n) % 3 === 0 ? 80 : 0;
        const r = await call(`${gw.url}/api/v1/runs/${i}?delay=${delay}`, { headers: { "X-API-Key": "pat-bob" } });
        statuses.push(r.status);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    // A slow request that starts on the old engine and finishes after the swap,
    // calling its engine again at the end (it would throw if that engine were freed).
    const slow = call(`${gw.url}/api/v1/runs/slow?delay=600`, { headers: { "X-API-Key": "pat-bob" } });
    await sleep(100);

    const doc = JSON.parse(SAMPLE_TEXT);
    const org = doc.orgs.find((o) => o.id === "org-default");
    org.personalAccessTokens = org.personalAccessTokens.filter((p) => p.id !== "pat-victor");
    org.personalAccessTokens.push({ id: "pat-erin", userId: "user-erin", workspaceId: "ws-production" });
    writeFileSync(dirFile, JSON.stringify(doc));
    gw.child.kill("SIGHUP");
    await gw.waitFor(/reloaded: engine generation 2/);

    const erin = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-erin" } });
    assert.equal(erin.status, 200, JSON.stringify(erin.body));
    assert.equal(erin.body.userId, "user-erin");
    assert.equal(erin.body.workspaceRole, "WORKSPACE_EDITOR");
    const victor = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-victor" } });
    assert.equal(victor.status, 401);

    const slowRes = await slow;
    assert.equal(slowRes.status, 200, JSON.stringify(slowRes.body));
    assert.equal(slowRes.body.workspaceRole, "WORKSPACE_ADMIN");

    await sleep(200);
    running = false;
    await Promise.all(workers);
    assert.ok(statuses.length >= 8, `only ${statuses.length} requests ran`);
    assert.deepEqual([...new Set(statuses)], [200], "every request during the swap succeeded");
    await gw.waitFor(/engine generation 1 drained and freed/);
    const health = await call(`${gw.url}/healthz`);
    assert.equal(health.body.generation, 2);
  });

  test("a bad directory file keeps the current engine", async () => {
    writeFileSync(dirFile, "{ not json");
    gw.child.kill("SIGHUP");
    await gw.waitFor(/reload failed, keeping the current engine/);
    const r = await call(`${gw.url}/api/v1/runs/1`, { headers: { "X-API-Key": "pat-erin" } });
    assert.equal(r.status, 200);
  });
});

// ---- the Fetch guard and the Express adapter without a server ------------------------

const ROUTES = [
  { method: "GET", path: "/api/v1/runs/:id", scope: "workspace", permission: "runs:read" },
  { method: ["POST"], path: "/api/v1/runs", scope: "workspace", permission: "runs:create" },
  { path: "/api/v1/orgs/current/*", scope: "org" },
  { method: "GET", path: "/api-key/current", scope: "user", name: "current-key" },
];

function req(path, headers = {}, method = "GET") {
  return new Request(`http://gw.test${path}`, { method, headers });
}

/** An engine wrapper that counts `free()` calls. */
function tracked(engine = sampleEngine()) {
  const t = {
    freed: 0,
    calls: 0,
    authorizeRequest(r) {
      t.calls++;
      return engine.authorizeRequest(r);
    },
    permissions: (...a) => engine.permissions(...a),
    free() {
      t.freed++;
      engine.free();
    },
  };
  return t;
}

function fakeRes() {
  const res = new EventEmitter();
  res.statusCode = 200;
  res.headers = {};
  res.body = null;
  res.headersSent = false;
  res.setHeader = (k, v) => {
    res.headers[k.toLowerCase()] = v;
  };
  res.end = (b) => {
    res.body = b === undefined ? null : JSON.parse(b);
    res.headersSent = true;
  };
  return res;
}

/** Runs the Express middleware; resolves when it answered or called next. */
function runExpress(mw, req) {
  const res = fakeRes();
  return new Promise((resolve) => {
    const origEnd = res.end;
    res.end = (b) => {
      origEnd(b);
      resolve({ res, nextCalled: false, err: undefined });
    };
    mw(req, res, (err) => resolve({ res, nextCalled: true, err }));
  });
}

for (const [flavor, mod] of [
  ["CommonJS", cjs],
  ["ESM", esm],
]) {
  describe(`Fetch guard (${flavor})`, () => {
    test("exports", () => {
      assert.equal(typeof mod.createGuard, "function");
      assert.equal(typeof mod.expressGuard, "function");
      assert.equal(typeof mod.GuardConfigError, "function");
    });

    test("passes with the resolved scope and route params", async () => {
      const guard = mod.createGuard({ engine: sampleEngine(), routes: ROUTES });
      const r = await guard(req("/api/v1/runs/r-9", { "x-api-key": "pat-bob" }));
      assert.equal(r.ok, true);
      assert.equal(r.orgId, "org-default");
      assert.equal(r.workspaceId, "ws-production");
      assert.equal(r.userId, "user-bob");
      assert.equal(r.credential, "apiKey");
      assert.equal(r.route, "GET /api/v1/runs/:id");
      assert.deepEqual(r.params, { id: "r-9" });
      assert.equal(r.decision.code, "ALLOWED");
      await guard.close();
    });

    test("denials are Responses with a JSON { code, message } body", async () => {
      const guard = mod.createGuard({ engine: sampleEngine(), routes: ROUTES });
      const r = await guard(req("/api/v1/runs/1", { "x-api-key": "key-org" }));
      assert.equal(r.ok, false);
      assert.ok(r.response instanceof Response);
      assert.equal(r.response.status, 403);
      assert.match(r.response.headers.get("content-type"), /^application\/json/);
      assert.equal(r.response.headers.get("cache-control"), "no-store");
      const body = await r.response.json();
      assert.deepEqual(Object.keys(body).sort(), ["code", "message"]);
      assert.equal(body.code, "TENANT_REQUIRED");
      const missing = await guard(req("/api/v1/runs/1"));
      assert.equal(missing.response.status, 401);
      assert.equal((await missing.response.json()).code, "MISSING_CREDENTIAL");
      await guard.close();
    });

    test("wildcard routes, trailing slashes, HEAD on GET routes, route names", async () => {
      const guard = mod.createGuard({
        engine: sampleEngine(),
        routes: ROUTES,
        credentials: { verifySession: (t) => (t === "ok" ? "user-bob" : null) },
      });
      const a = await guard(req("/api/v1/orgs/current/members/ident-erin/", { "x-api-key": "key-org" }));
      assert.equal(a.ok, true);
      assert.equal(a.params["*"], "members/ident-erin");
      const b = await guard(req("/api/v1/runs/1", { "x-api-key": "pat-bob" }, "HEAD"));
      assert.equal(b.ok, true);
      const c = await guard(req("/api-key/current", { authorization: "Bearer ok" }));
      assert.equal(c.ok, true);
      assert.equal(c.route, "current-key");
      assert.equal(c.orgId, null);
      await guard.close();
    });

    test("unknown routes: 404 by default, 405 for a known path, pass-through on request", async () => {
      const guard = mod.createGuard({ engine: sampleEngine(), routes: ROUTES });
      const a = await guard(req("/nope", { "x-api-key": "pat-bob" }));
      assert.equal(a.response.status, 404);
      assert.deepEqual(await a.response.json(), { code: "ROUTE_NOT_FOUND", message: "no route for GET /nope" });
      const b = await guard(req("/api/v1/runs", { "x-api-key": "pat-bob" }, "GET"));
      assert.equal(b.response.status, 405);
      assert.equal(b.response.headers.get("allow"), "POST");
      const pass = mod.createGuard({ engine: sampleEngine(), routes: ROUTES, unknownRoute: "pass" });
      const c = await pass(req("/static/app.js"));
      assert.equal(c.ok, true);
      assert.equal(c.route, null);
      assert.equal(c.orgId, null);
      await guard.close();
      await pass.close();
    });

    test("credentials: X-API-Key wins over Authorization; bearer needs verifySession", async () => {
      const seen = [];
      const guard = mod.createGuard({
        engine: sampleEngine(),
        routes: ROUTES,
        credentials: {
          verifySession: async (token, request) => {
            seen.push([token, request instanceof Request]);
            return token === "tok-erin" ? "user-erin" : null;
          },
        },
      });
      const a = await guard(req("/api/v1/runs/1", { authorization: "Bearer tok-erin", "x-organization-id": "org-default", "x-tenant-id": "ws-production" }));
      assert.equal(a.ok, true);
      assert.equal(a.userId, "user-erin");
      assert.equal(a.credential, "session");
      assert.deepEqual(seen, [["tok-erin", true]]);
      const b = await guard(req("/api/v1/runs/1", { authorization: "Bearer tok-erin", "x-api-key": "pat-bob" }));
      assert.equal(b.userId, "user-bob");
      assert.equal(seen.length, 1, "verifySession not called when X-API-Key is present");
      const c = await guard(req("/api/v1/runs/1", { authorization: "Bearer nope" }));
      assert.equal(c.response.status, 401);
      assert.equal((await c.response.json()).code, "INVALID_CREDENTIAL");

      const noVerifier = mod.createGuard({ engine: sampleEngine(), routes: ROUTES });
      const d = await noVerifier(req("/api-key/current", { authorization: "Bearer tok-erin" }));
      assert.equal(d.response.status, 401);
      const body = await d.response.json();
      assert.equal(body.code, "INVALID_CREDENTIAL");
      assert.match(body.message, /no session verifier/);
      await guard.close();
      await noVerifier.close();
    });

    test("a throwing verifySession is a rejection (401) and is reported to onError", async () => {
      const errors = [];
      const guard = mod.createGuard({
        engine: sampleEngine(),
        routes: ROUTES,
        credentials: {
          verifySession: () => {
            throw new Error("jwt expired");
          },
        },
        onError: (e, where) => errors.push([e.message, where]),
      });
      const r = await guard(req("/api-key/current", { authorization: "Bearer x" }));
      assert.equal(r.response.status, 401);
      assert.deepEqual(errors, [["jwt expired", "verifySession"]]);
      await guard.close();
    });

    test("custom header names", async () => {
      const guard = mod.createGuard({
        engine: sampleEngine(),
        routes: ROUTES,
        credentials: { headers: { apiKey: "X-LangSmith-Key", tenant: "X-Workspace" } },
      });
      const r = await guard(req("/api/v1/runs/1", { "x-langsmith-key": "key-org", "x-workspace": "ws-1" }));
      assert.equal(r.ok, true);
      assert.equal(r.workspaceId, "ws-1");
      await guard.close();
    });

    test("route tables are checked when the guard is made", () => {
      const engine = sampleEngine();
      const bad = (routes, re) =>
        assert.throws(
          () => mod.createGuard({ engine, routes }),
          (e) => e instanceof mod.GuardConfigError && e.code === "GUARD_CONFIG_INVALID" && re.test(e.message),
        );
      bad([{ path: "/x", scope: "workspace", permission: "runs:fly" }], /routes\[0\]\.permission/);
      bad([{ path: "/x", scope: "org", permission: "runs:read" }], /workspace permission/);
      bad([{ path: "x", scope: "org" }], /routes\[0\]\.path/);
      bad([{ path: "/a/*/b", scope: "org" }], /last segment/);
      bad([{ path: "/a", scope: "tenant" }], /routes\[0\]\.scope/);
      bad([{ path: "/a", scope: "user", permission: "organization:read" }], /user-scoped/);
      bad([{ path: "/a", method: 3, scope: "org" }], /routes\[0\]\.method/);
      bad("nope", /routes/);
      assert.throws(() => mod.createGuard({ routes: [] }), mod.GuardConfigError);
      assert.throws(() => mod.createGuard({ engine, getEngine: () => engine, routes: [] }), mod.GuardConfigError);
      assert.throws(() => mod.createGuard({ engine, routes: [], unknownRoute: "maybe" }), /unknownRoute/);
      engine.free();
    });

    test("an engine error on a request is a 500 GUARD_ERROR, reported to onError", async () => {
      const errors = [];
      const engine = {
        authorizeRequest: () => {
          throw Object.assign(new Error("boom"), { code: "INTERNAL" });
        },
      };
      const guard = mod.createGuard({ getEngine: () => engine, routes: ROUTES, onError: (e, w) => errors.push(w) });
      const r = await guard(req("/api/v1/runs/1", { "x-api-key": "pat-bob" }));
      assert.equal(r.response.status, 500);
      assert.equal((await r.response.json()).code, "GUARD_ERROR");
      assert.deepEqual(errors, ["authorizeRequest"]);
    });

    test("handle(): calls next with the context and the engine; denials skip next", async () => {
      const guard = mod.createGuard({ engine: sampleEngine(), routes: ROUTES });
      const ok = await guard.handle(req("/api/v1/runs/3", { "x-api-key": "pat-bob" }), (r, ctx) =>
        Response.json({ ws: ctx.workspaceId, role: ctx.engine.permissions(ctx.userId, ctx.orgId, ctx.workspaceId).workspaceRole }),
      );
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { ws: "ws-production", role: "WORKSPACE_ADMIN" });
      let called = false;
      const no = await guard.handle(req("/api/v1/runs/3"), () => {
        called = true;
        return new Response("x");
      });
      assert.equal(no.status, 401);
      assert.equal(called, false);
      await guard.close();
    });

    test("setEngine: in-flight requests keep their engine; the old one is freed after they finish", async () => {
      const first = tracked();
      const guard = mod.createGuard({ engine: first, routes: ROUTES });
      let release;
      const gate = new Promise((r) => {
        release = r;
      });
      const inflight = guard.handle(req("/api/v1/runs/1", { "x-api-key": "pat-bob" }), async (r, ctx) => {
        await gate;
        // Still usable: not freed while this request holds it.
        return Response.json({ same: ctx.engine === first, role: ctx.engine.permissions("user-bob", "org-default", "ws-production").workspaceRole });
      });
      await sleep(10);

      const doc = JSON.parse(SAMPLE_TEXT);
      doc.orgs[0].personalAccessTokens.push({ id: "pat-new", userId: "user-erin" });
      const second = tracked(sampleEngine({}, JSON.stringify(doc)));
      let drained = false;
      const swapped = guard.setEngine(second).then(() => {
        drained = true;
      });
      assert.equal(guard.engine, second);
      const fresh = await guard(req("/api/v1/runs/1", { "x-api-key": "pat-new", "x-tenant-id": "ws-1" }));
      assert.equal(fresh.ok, true, "the new directory is in effect for new requests");
      await sleep(10);
      assert.equal(first.freed, 0, "not freed while a request holds it");
      assert.equal(drained, false);

      release();
      const res = await inflight;
      assert.deepEqual(await res.json(), { same: true, role: "WORKSPACE_ADMIN" });
      await swapped;
      assert.equal(first.freed, 1, "freed once drained");
      assert.equal(second.freed, 0);

      await guard.close();
      assert.equal(second.freed, 1);
    });

    test("setEngine({ free: false }) leaves the old engine to its owner; bad engines are refused", async () => {
      const first = tracked();
      const guard = mod.createGuard({ engine: first, routes: ROUTES });
      const second = tracked();
      await guard.setEngine(second, { free: false });
      assert.equal(first.freed, 0);
      assert.throws(() => guard.setEngine({}), mod.GuardConfigError);
      assert.throws(
        () =>
          guard.setEngine({
            authorizeRequest() {
              throw new Error("UNKNOWN_PERMISSION");
            },
          }),
        mod.GuardConfigError,
      );
      assert.equal(guard.engine, second, "a refused engine does not replace the current one");
      await guard.close();
      first.free();
    });

    test("getEngine: called per request; setEngine is not available", async () => {
      let n = 0;
      const engine = sampleEngine();
      const guard = mod.createGuard({
        getEngine: async () => {
          n++;
          return engine;
        },
        routes: ROUTES,
      });
      await guard(req("/api/v1/runs/1", { "x-api-key": "pat-bob" }));
      await guard(req("/api/v1/runs/2", { "x-api-key": "pat-bob" }));
      assert.equal(n, 2);
      assert.equal(guard.engine, null);
      assert.throws(() => guard.setEngine(engine), mod.GuardConfigError);
      engine.free();
    });
  });

  describe(`Express adapter (${flavor})`, () => {
    test("pass: sets req.orgpolicy and calls next()", async () => {
      const mw = mod.expressGuard({ engine: sampleEngine(), routes: ROUTES });
      const r = { method: "GET", url: "/runs/5", originalUrl: "/api/v1/runs/5", headers: { "x-api-key": "key-production" } };
      const out = await runExpress(mw, r);
      assert.equal(out.nextCalled, true);
      assert.equal(out.err, undefined);
      assert.equal(r.orgpolicy.orgId, "org-default");
      assert.equal(r.orgpolicy.workspaceId, "ws-production");
      assert.equal(r.orgpolicy.userId, null);
      assert.deepEqual(r.orgpolicy.params, { id: "5" });
      out.res.emit("close");
      await mw.close();
    });

    test("deny: answers 401/403 JSON and does not call next()", async () => {
      const mw = mod.expressGuard({ engine: sampleEngine(), routes: ROUTES });
      const a = await runExpress(mw, { method: "GET", url: "/api/v1/runs/1", headers: { "x-api-key": "pat-bob", "x-organization-id": "org-acme" } });
      assert.equal(a.nextCalled, false);
      assert.equal(a.res.statusCode, 403);
      assert.deepEqual(Object.keys(a.res.body).sort(), ["code", "message"]);
      assert.equal(a.res.body.code, "ORG_HEADER_MISMATCH");
      assert.match(a.res.headers["content-type"], /^application\/json/);
      const b = await runExpress(mw, { method: "GET", url: "/api/v1/runs/1", headers: {} });
      assert.equal(b.res.statusCode, 401);
      assert.match(b.res.headers["www-authenticate"], /^Bearer/);
      const c = await runExpress(mw, { method: "GET", url: "/api-key/current", headers: { "x-api-key": "key-org" } });
      assert.equal(c.res.statusCode, 403);
      assert.equal(c.res.body.code, "API_KEY_NOT_ALLOWED");
      const d = await runExpress(mw, { method: "GET", url: "/elsewhere", headers: {} });
      assert.equal(d.res.statusCode, 404);
      assert.equal(d.res.body.code, "ROUTE_NOT_FOUND");
      await mw.close();
    });

    test("array header values and sessions", async () => {
      const mw = mod.expressGuard({ engine: sampleEngine(), routes: ROUTES, credentials: { verifySession: (t) => (t === "s" ? "user-alice" : null) } });
      const r = { method: "GET", url: "/api/v1/runs/1", headers: { authorization: "bearer s", "x-organization-id": "org-default", "x-tenant-id": "ws-staging" } };
      const out = await runExpress(mw, r);
      assert.equal(out.nextCalled, true);
      assert.equal(r.orgpolicy.userId, "user-alice");
      assert.equal(r.orgpolicy.workspaceId, "ws-staging");
      out.res.emit("close");
      await mw.close();
    });

    test("pass-through option marks req.orgpolicy as UNKNOWN_ROUTE_PASSED", async () => {
      const mw = mod.expressGuard({ engine: sampleEngine(), routes: ROUTES, unknownRoute: "pass" });
      const r = { method: "GET", url: "/public/logo.png", headers: {} };
      const out = await runExpress(mw, r);
      assert.equal(out.nextCalled, true);
      assert.equal(r.orgpolicy.code, "UNKNOWN_ROUTE_PASSED");
      assert.equal(r.orgpolicy.userId, null);
      assert.equal(r.orgpolicy.route, null);
      out.res.emit("close"); // the engine stays leased until the response closes
      await mw.close();
    });

    test("engine errors answer 500 GUARD_ERROR", async () => {
      const mw = mod.expressGuard({
        getEngine: () => ({
          authorizeRequest() {
            throw new Error("boom");
          },
        }),
        routes: ROUTES,
        onError: () => {},
      });
      const out = await runExpress(mw, { method: "GET", url: "/api/v1/runs/1", headers: { "x-api-key": "pat-bob" } });
      assert.equal(out.res.statusCode, 500);
      assert.equal(out.res.body.code, "GUARD_ERROR");
    });

    test("getEngine failures go to next(err)", async () => {
      const mw = mod.expressGuard({
        getEngine: () => {
          throw new Error("no engine yet");
        },
        routes: ROUTES,
      });
      const out = await runExpress(mw, { method: "GET", url: "/api/v1/runs/1", headers: {} });
      assert.equal(out.nextCalled, true);
      assert.match(String(out.err), /no engine yet/);
    });

    test("setEngine: the old engine is freed only when open responses close", async () => {
      const first = tracked();
      const mw = mod.expressGuard({ engine: first, routes: ROUTES });
      const r = { method: "GET", url: "/api/v1/runs/1", headers: { "x-api-key": "pat-bob" } };
      const open = await runExpress(mw, r);
      assert.equal(open.nextCalled, true);
      assert.equal(r.orgpolicy.engine, first);
      const second = tracked();
      const drained = mw.setEngine(second);
      const r2 = { method: "GET", url: "/api/v1/runs/2", headers: { "x-api-key": "pat-bob" } };
      const next = await runExpress(mw, r2);
      assert.equal(r2.orgpolicy.engine, second);
      next.res.emit("close");
      await sleep(5);
      assert.equal(first.freed, 0, "still held by the open response");
      open.res.emit("close");
      await drained;
      assert.equal(first.freed, 1);
      await mw.close();
      assert.equal(second.freed, 1);
    });
  });
}

test("one implementation: index.mjs re-exports index.js, so both module systems share its classes", () => {
  assert.equal(esm.GuardConfigError, cjs.GuardConfigError);
  assert.equal(esm.createGuard, cjs.createGuard);
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
  assert.equal(readFileSync(`${ROOT}pkg/middleware/index.mjs`, "utf8").trim().split("\n").length, 1);
});
