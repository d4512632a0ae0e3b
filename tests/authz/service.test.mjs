// orgpolicy-authz asked directly: Envoy's HTTP ext_authz protocol (requests
// shaped as Envoy sends them: same method, the original path after the
// prefix, the client's headers, no body), the nginx and forward-auth
// endpoints' own checks, health, readiness, metrics, reloads, shutdown and
// the command line.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AUTHZ_BIN, ROUTES, SAMPLE_DIRECTORY, rawRequest, startAuthz, tempDir } from "./support.mjs";

/** A request as Envoy's ext_authz HTTP service client sends it. */
async function envoy(authz, method, path, headers = {}) {
  const res = await fetch(`${authz.url}/check${path}`, {
    method,
    headers: {
      "x-forwarded-proto": "http",
      "x-request-id": "6f1c5b8e-0000-4000-8000-000000000000",
      "x-envoy-expected-rq-timeout-ms": "200",
      "content-length": "0",
      ...headers,
    },
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    body: text ? JSON.parse(text) : null,
  };
}

const key = (k, extra = {}) => ({ "x-api-key": k, ...extra });

describe("Envoy ext_authz (HTTP service)", () => {
  let authz;
  before(async () => {
    authz = await startAuthz(["--log-level", "debug"]);
  });
  after(() => authz?.stop());

  test("allowed: 200 with the decision in headers for the upstream", async () => {
    const r = await envoy(authz, "GET", "/api/v1/datasets?limit=1&offset=0", key("key-production"));
    assert.equal(r.status, 200);
    assert.equal(r.headers["x-orgpolicy-org-id"], "org-default");
    assert.equal(r.headers["x-orgpolicy-workspace-id"], "ws-production");
    assert.equal(r.headers["x-orgpolicy-user-id"], "");
    assert.equal(r.headers["x-orgpolicy-credential"], "apiKey");
    assert.equal(r.headers["x-orgpolicy-code"], "ALLOWED");
    assert.equal(r.headers["x-orgpolicy-route"], "GET /api/v1/datasets");
  });

  test("refused: the engine's status and a JSON {code, message} Envoy passes to the client", async () => {
    const viewer = await envoy(authz, "POST", "/api/v1/runs/multipart", key("pat-victor"));
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.code, "PERMISSION_DENIED");
    assert.match(viewer.body.message, /runs:create/);
    assert.equal(viewer.headers["x-orgpolicy-workspace-id"], undefined);

    const none = await envoy(authz, "GET", "/api/v1/datasets");
    assert.deepEqual([none.status, none.body.code], [401, "MISSING_CREDENTIAL"]);
    assert.equal(none.headers["www-authenticate"], 'Bearer realm="orgpolicy"');

    const unknownKey = await envoy(authz, "GET", "/api/v1/datasets", key("no-such-key"));
    assert.deepEqual([unknownKey.status, unknownKey.body.code], [401, "INVALID_CREDENTIAL"]);

    const bearer = await envoy(authz, "GET", "/api/v1/api-key/current", { authorization: "Bearer demo-session:user-bob" });
    assert.deepEqual([bearer.status, bearer.body.code], [401, "INVALID_CREDENTIAL"], "no session verifier: bearer tokens are refused");
  });

  test("X-Tenant-Id and X-Organization-Id as the directory says", async () => {
    const orgKey = await envoy(authz, "POST", "/api/v1/runs/query", key("key-org"));
    assert.deepEqual([orgKey.status, orgKey.body.code], [403, "TENANT_REQUIRED"]);
    const withTenant = await envoy(authz, "POST", "/api/v1/runs/query", key("key-org", { "x-tenant-id": "ws-staging" }));
    assert.equal(withTenant.status, 200);
    assert.equal(withTenant.headers["x-orgpolicy-workspace-id"], "ws-staging");
    const otherWs = await envoy(authz, "GET", "/api/v1/datasets", key("key-production", { "x-tenant-id": "ws-1" }));
    assert.equal(otherWs.status, 403);
    const otherOrg = await envoy(authz, "GET", "/api/v1/datasets", key("key-production", { "x-organization-id": "org-acme" }));
    assert.equal(otherOrg.status, 403);
  });

  test("routes: unknown path 404, wrong method 405 with Allow, HEAD as GET, public paths", async () => {
    const unknown = await envoy(authz, "GET", "/api/v1/secrets", key("key-production"));
    assert.deepEqual([unknown.status, unknown.body.code], [404, "ROUTE_NOT_FOUND"]);
    const wrong = await envoy(authz, "PUT", "/api/v1/runs/query", key("key-production"));
    assert.deepEqual([wrong.status, wrong.body.code], [405, "METHOD_NOT_ALLOWED"]);
    assert.ok(wrong.headers.allow.split(", ").includes("POST"), wrong.headers.allow);
    const options = await envoy(authz, "OPTIONS", "/api/v1/datasets", key("key-production"));
    assert.equal(options.status, 405);
    const head = await envoy(authz, "HEAD", "/api/v1/datasets", key("key-readers", { "x-tenant-id": "ws-1" }));
    assert.equal(head.status, 200);
    const info = await envoy(authz, "GET", "/api/v1/info");
    assert.deepEqual([info.status, info.headers["x-orgpolicy-code"]], [200, "PUBLIC_ROUTE"]);
    const infoPost = await envoy(authz, "POST", "/api/v1/info");
    assert.notEqual(infoPost.status, 200, "a public path is public for its method only");
  });

  test("targets the upstream could read otherwise are refused with 400 / 414", async () => {
    const cases = [
      ["/api/v1/datasets%2Fx", "PATH_ENCODED_SEPARATOR"],
      ["/api/v1/%2e%2e/datasets", "PATH_DOT_SEGMENT"],
      ["/api/v1//datasets", "PATH_EMPTY_SEGMENT"],
      ["/api/v1/datasets/%ZZ", "PATH_MALFORMED_ESCAPE"],
      ["/api/v1/datasets/%C0%AF", "PATH_INVALID_UTF8"],
      ["/api/v1/datasets/%00", "PATH_CONTROL_CHARACTER"],
      [`/api/v1/datasets/${"a".repeat(9000)}`, "URI_TOO_LONG"],
    ];
    const port = Number(authz.address.split(":")[1]);
    for (const [path, code] of cases) {
      // raw bytes: fetch would resolve the dot segments itself
      const r = await rawRequest(port, "GET", `/check${path}`, key("key-production"));
      assert.equal(JSON.parse(r.body).code, code, path);
      assert.equal(r.status, code === "URI_TOO_LONG" ? 414 : 400, path);
    }
  });

  test("a credential or tenant header sent twice is refused", async () => {
    for (const name of ["X-Tenant-Id", "X-Organization-Id", "X-API-Key"]) {
      const headers = { "X-API-Key": "key-org", "X-Organization-Id": "org-default", "X-Tenant-Id": "ws-1" };
      const r = await rawRequest(Number(authz.address.split(":")[1]), "GET", "/check/api/v1/datasets", { ...headers, [name]: [headers[name], headers[name]] });
      assert.equal(r.status, 400, name);
      assert.equal(JSON.parse(r.body).code, "DUPLICATE_HEADER", name);
    }
  });

  test("every decision is logged (debug) with what was asked and what was decided", async () => {
    await envoy(authz, "GET", "/api/v1/datasets?x=1", key("key-production"));
    const d = await authz.waitForLog((l) => l.msg === "allowed" && l.uri === "/api/v1/datasets?x=1");
    assert.equal(d.protocol, "ext_authz");
    assert.equal(d.allowed, true);
    assert.equal(d.workspaceId, "ws-production");
    assert.equal(d.service, "orgpolicy-authz");
  });

  test("/healthz, /readyz and Prometheus /metrics", async () => {
    assert.equal((await fetch(`${authz.url}/healthz`)).status, 200);
    const ready = await fetch(`${authz.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).ready, true);
    const m = await (await fetch(`${authz.url}/metrics`)).text();
    assert.match(m, /orgpolicy_authz_decisions_total\{protocol="ext_authz",code="ALLOWED",route="GET \/api\/v1\/datasets"\} \d+/);
    assert.match(m, /orgpolicy_authz_decisions_total\{protocol="ext_authz",code="TENANT_REQUIRED",route="none"\} 1/);
    assert.match(m, /orgpolicy_authz_decision_seconds_bucket\{le="0.001",protocol="ext_authz"\} \d+/);
    assert.match(m, /orgpolicy_authz_directory_age_seconds \d/);
    assert.match(m, /orgpolicy_authz_directory_reloads_total\{result="ok"\} 1/);
  });

  test("/auth without the original URI / method headers is refused, not guessed", async () => {
    const r = await fetch(`${authz.url}/auth`, { headers: key("key-production") });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).code, "BAD_PROXY_REQUEST");
    const f = await fetch(`${authz.url}/forward-auth`, { headers: { ...key("key-production"), "x-original-uri": "/api/v1/datasets", "x-original-method": "GET" } });
    assert.equal(f.status, 403, "forward-auth reads only X-Forwarded-*");
    const ok = await fetch(`${authz.url}/auth`, { headers: { ...key("key-production"), "x-original-uri": "/api/v1/datasets", "x-original-method": "GET" } });
    assert.equal(ok.status, 200);
    // nginx only passes 401 / 403: other refusals become 403, with the real code
    const nf = await fetch(`${authz.url}/auth`, { headers: { ...key("key-production"), "x-original-uri": "/api/v1/nope", "x-original-method": "GET" } });
    assert.deepEqual([nf.status, JSON.parse(nf.headers.get("x-orgpolicy-error")).code], [403, "ROUTE_NOT_FOUND"]);
  });
});

describe("Traefik ForwardAuth (requests shaped as Traefik sends them)", () => {
  let authz;
  before(async () => {
    authz = await startAuthz(["--log-level", "debug"]);
  });
  after(() => authz?.stop());

  const traefik = (method, uri, headers = {}) =>
    fetch(`${authz.url}/forward-auth`, {
      headers: {
        "x-forwarded-method": method,
        "x-forwarded-proto": "https",
        "x-forwarded-host": "langsmith.example.com",
        "x-forwarded-uri": uri,
        "x-forwarded-for": "203.0.113.7",
        ...headers,
      },
    });

  test("the original method and URI come from X-Forwarded-*; the decision in headers, refusals in JSON", async () => {
    const ok = await traefik("POST", "/api/v1/runs/multipart", { "x-api-key": "key-production" });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("x-orgpolicy-workspace-id"), "ws-production");
    const refused = await traefik("POST", "/api/v1/runs/multipart", { "x-api-key": "pat-victor" });
    assert.equal(refused.status, 403);
    assert.equal((await refused.json()).code, "PERMISSION_DENIED");
    const encoded = await traefik("GET", "/api/v1/runs/a%2Fb", { "x-api-key": "key-production" });
    assert.deepEqual([encoded.status, (await encoded.json()).code], [400, "PATH_ENCODED_SEPARATOR"]);
    const logged = await authz.waitForLog((l) => l.msg === "allowed" && l.protocol === "forward_auth");
    assert.equal(logged.host, "langsmith.example.com");
  });
});

describe("reloads, readiness and shutdown", () => {
  let dir;
  let file;
  const sample = readFileSync(SAMPLE_DIRECTORY, "utf8");
  const withoutKey = (id) => {
    const d = JSON.parse(sample);
    for (const o of d.orgs) o.serviceKeys = (o.serviceKeys ?? []).filter((k) => k.id !== id);
    return JSON.stringify(d);
  };
  const writeAtomically = (text) => {
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  };
  const status = async (authz, k = "key-production") => (await envoy(authz, "GET", "/api/v1/datasets", key(k))).status;
  const until = async (fn, ms = 5000) => {
    const end = Date.now() + ms;
    for (;;) {
      if (await fn()) return true;
      if (Date.now() > end) return false;
      await sleep(50);
    }
  };
  before(() => {
    dir = tempDir();
    file = join(dir, "directory.json");
  });

  test("file change, SIGHUP and the admin endpoint reload; a broken file keeps the last engine", async () => {
    copyFileSync(SAMPLE_DIRECTORY, file);
    const authz = await startAuthz(["--admin-token", "s3cret"], { directory: file });
    try {
      assert.equal(await status(authz), 200);
      writeAtomically(withoutKey("key-production"));
      assert.ok(await until(async () => (await status(authz)) === 401), "file change: the removed key stops working");

      writeAtomically("{ not json");
      assert.ok(await until(() => authz.logs().some((l) => l.msg.startsWith("directory reload failed"))));
      assert.equal(await status(authz), 401, "still deciding with the last good engine (the one without the key)");
      assert.equal(await status(authz, "key-readers"), 200);
      assert.equal((await fetch(`${authz.url}/readyz`)).status, 200);
      assert.match(await (await fetch(`${authz.url}/metrics`)).text(), /orgpolicy_authz_directory_reloads_total\{result="failed"\} [1-9]/);

      // admin endpoint: token required
      writeFileSync(file, sample); // not atomic, and the watcher may see it too: both paths reload
      const denied = await fetch(`${authz.url}/admin/reload`, { method: "POST" });
      assert.equal(denied.status, 403);
      const r = await fetch(`${authz.url}/admin/reload`, { method: "POST", headers: { authorization: "Bearer s3cret" } });
      assert.equal(r.status, 200);
      assert.equal(await status(authz), 200);
    } finally {
      await authz.stop();
    }
  });

  test("SIGHUP reloads without a watcher", async () => {
    copyFileSync(SAMPLE_DIRECTORY, file);
    const authz = await startAuthz(["--no-watch"], { directory: file });
    try {
      writeAtomically(withoutKey("key-production"));
      await sleep(300);
      assert.equal(await status(authz), 200, "no watcher: unchanged until told");
      authz.child.kill("SIGHUP");
      assert.ok(await until(async () => (await status(authz)) === 401));
    } finally {
      await authz.stop();
    }
  });

  test("/readyz fails once the directory is older than --max-staleness", async () => {
    copyFileSync(SAMPLE_DIRECTORY, file);
    const authz = await startAuthz(["--max-staleness", "1", "--no-watch"], { directory: file });
    try {
      assert.equal((await fetch(`${authz.url}/readyz`)).status, 200);
      await sleep(1300);
      const r = await fetch(`${authz.url}/readyz`);
      assert.equal(r.status, 503);
      assert.match((await r.json()).reason, /old/);
      authz.child.kill("SIGHUP");
      assert.ok(await until(async () => (await fetch(`${authz.url}/readyz`)).status === 200));
    } finally {
      await authz.stop();
    }
  });

  test("SIGTERM: idle keep-alive connections (as nginx holds them) do not delay the exit; exit code 0", async () => {
    const authz = await startAuthz();
    const exited = new Promise((resolve) => authz.child.once("exit", (code) => resolve(code)));
    // fetch keeps its connection open after this answer
    assert.equal((await envoy(authz, "GET", "/api/v1/datasets", key("key-production"))).status, 200);
    const t0 = Date.now();
    authz.child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.ok(Date.now() - t0 < 5000, "exited without waiting for the shutdown timeout");
    assert.ok(authz.logs().some((l) => l.msg === "stopped"));
  });
});

describe("command line", () => {
  const run = (args, env = {}) => spawnSync(process.execPath, [AUTHZ_BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 20000 });

  test("--help lists every flag with its environment variable", () => {
    const r = run(["--help"]);
    assert.equal(r.status, 0);
    for (const flag of ["--directory", "--routes", "--listen", "--uri-header", "--jwt-secret", "--oidc-issuer", "--jwks-url", "--max-staleness", "--admin-token", "--envoy-prefix"]) {
      assert.ok(r.stdout.includes(flag), flag);
    }
    assert.match(r.stdout, /ORGPOLICY_DIRECTORY/);
  });

  test("usage errors exit 2 naming the flag; a bad directory exits 1 naming the path", () => {
    const missing = run([]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--directory is required/);
    const unknown = run(["--nope"]);
    assert.equal(unknown.status, 2);
    const badListen = run(["--directory", SAMPLE_DIRECTORY, "--routes", ROUTES, "--listen", "localhost"]);
    assert.equal(badListen.status, 2);
    assert.match(badListen.stderr, /--listen/);
    const d = tempDir();
    writeFileSync(join(d, "bad.json"), '{"orgs": [{"id": "o", "name": "O", "workspaces": [], "members": [{"id": "m", "email": "m@example.com", "orgRole": "KING"}]}]}');
    const bad = run(["--directory", join(d, "bad.json"), "--routes", ROUTES, "--listen", "127.0.0.1:0"]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /orgRole/);
    writeFileSync(join(d, "routes.json"), '[{"path": "/x", "scope": "galaxy"}]');
    const badRoutes = run(["--directory", SAMPLE_DIRECTORY, "--routes", join(d, "routes.json"), "--listen", "127.0.0.1:0"]);
    assert.notEqual(badRoutes.status, 0);
    assert.match(badRoutes.stderr, /routes\[0\]\.scope/);
  });

  test("--routes adds routes before the platform's table; --preset none keeps only them", async () => {
    const withPreset = await startAuthz([], { routes: ROUTES });
    const only = await startAuthz(["--preset", "none"], { routes: ROUTES });
    try {
      assert.equal((await envoy(withPreset, "GET", "/status")).status, 200);
      const exp = await envoy(withPreset, "GET", "/api/v1/exports/e1", key("key-production"));
      assert.deepEqual([exp.status, exp.headers["x-orgpolicy-route"]], [200, "GET /api/v1/exports/:id"]);
      assert.equal((await envoy(withPreset, "GET", "/api/v1/datasets", key("key-production"))).status, 200);
      assert.equal((await envoy(only, "GET", "/status")).status, 200);
      assert.equal((await envoy(only, "GET", "/api/v1/datasets", key("key-production"))).status, 404);
    } finally {
      await withPreset.stop();
      await only.stop();
    }
    assert.equal(run(["--directory", SAMPLE_DIRECTORY, "--preset", "none"]).status, 2);
    assert.equal(run(["--directory", SAMPLE_DIRECTORY, "--preset", "other"]).status, 2);
  });

  test("environment variables stand in for flags", async () => {
    const authz = await startAuthz(["--method-header", "X-Auth-Method"], { env: { ORGPOLICY_ENVOY_PREFIX: "/ext-authz", ORGPOLICY_URI_HEADER: "X-Auth-Uri" } });
    try {
      const r = await fetch(`${authz.url}/ext-authz/api/v1/datasets`, { headers: key("key-production") });
      assert.equal(r.status, 200);
      const custom = await fetch(`${authz.url}/auth`, { headers: key("key-production", { "x-auth-uri": "/api/v1/runs", "x-auth-method": "POST" }) });
      assert.equal(custom.status, 200);
      const defaults = await fetch(`${authz.url}/auth`, { headers: key("key-production", { "x-original-uri": "/api/v1/runs", "x-original-method": "POST" }) });
      assert.equal(defaults.status, 403, "the default header names are no longer read");
    } finally {
      await authz.stop();
    }
  });
});
