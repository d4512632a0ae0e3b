// Real nginx and Caddy (from Debian), configured from examples/authz/, in
// front of a recording upstream with orgpolicy-authz as their authorizer.
//
// The bypass matrix sends each case as raw bytes through each proxy, then
// compares both sides: every request the upstream received must match a
// decision the service logged as allowed for the same request (same method,
// same request target byte for byte, same X-Tenant-Id / X-Organization-Id),
// and must carry that decision's org and workspace. Refused requests must
// never reach the upstream.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rawRequest, startAuthz, startCaddy, startNginx } from "./support.mjs";
import { startUpstream } from "./upstream.mjs";

const PROD = { "X-API-Key": "key-production" }; // service key, ws-production editor
const VIEWER = { "X-API-Key": "pat-victor" }; // read-only member of ws-1
const ORG_KEY = { "X-API-Key": "key-org" }; // org-scoped service key

/**
 * [name, method, target, headers, expect, check?(upstreamRecord)]; expect is
 * "allow" (200, reaches the upstream), "deny" (4xx, never reaches it),
 * "blocked" (never reaches it; the proxy may answer itself, as Caddy does for
 * `OPTIONS *`) or "any" (only the two-sided check).
 */
const MATRIX = [
  // plain decisions
  ["allowed read", "GET", "/api/v1/datasets", PROD, "allow"],
  ["allowed write", "POST", "/api/v1/runs", PROD, "allow"],
  ["no credential", "GET", "/api/v1/datasets", {}, "deny"],
  ["unknown key", "GET", "/api/v1/datasets", { "X-API-Key": "no-such-key" }, "deny"],
  ["unverified demo session", "GET", "/api/v1/api-key/current", { Authorization: "Bearer demo-session:user-bob" }, "deny"],
  ["viewer reads", "GET", "/api/v1/datasets", VIEWER, "allow"],
  ["viewer writes", "POST", "/api/v1/runs", VIEWER, "deny"],
  ["viewer deletes", "DELETE", "/api/v1/datasets/d1", VIEWER, "deny"],
  ["org key without tenant", "POST", "/api/v1/runs/query", ORG_KEY, "deny"],
  ["org key with tenant", "POST", "/api/v1/runs/query", { ...ORG_KEY, "X-Tenant-Id": "ws-1" }, "allow"],
  ["tenant the key does not cover", "GET", "/api/v1/datasets", { ...PROD, "X-Tenant-Id": "ws-1" }, "deny"],
  ["public path", "GET", "/api/v1/info", {}, "allow"],
  ["public path, other method", "POST", "/api/v1/info", {}, "deny"],
  ["unknown path", "GET", "/api/v1/secrets", PROD, "deny"],
  // encoded slashes and backslashes
  ["encoded slash", "GET", "/api/v1/datasets%2Fx", PROD, "deny"],
  ["encoded slash, lower case", "GET", "/api/v1/datasets%2fx", PROD, "deny"],
  ["encoded slash climbing", "GET", "/api/v1/runs/x%2F..%2F..%2Forgs%2Fcurrent%2Fmembers", PROD, "deny"],
  ["encoded slash in prefix", "GET", "/api%2Fv1/datasets", PROD, "deny"],
  ["encoded backslash", "GET", "/api/v1/datasets%5C..%5Corgs", PROD, "deny"],
  ["raw backslash", "GET", "/api/v1\\datasets", PROD, "deny"],
  // dot segments
  ["dot segment", "GET", "/api/v1/./datasets", PROD, "deny"],
  ["dot-dot segment", "GET", "/api/v1/../v1/datasets", PROD, "deny"],
  ["dot-dot to an org route", "GET", "/api/v1/runs/../orgs/current/members", PROD, "deny"],
  ["encoded dot", "GET", "/api/v1/%2e/datasets", PROD, "deny"],
  ["encoded dot-dot", "GET", "/api/v1/%2E%2E/v1/datasets", PROD, "deny"],
  ["half-encoded dot-dot", "GET", "/api/v1/.%2e/v1/datasets", PROD, "deny"],
  ["trailing dot-dot", "GET", "/api/v1/datasets/d1/..", PROD, "deny"],
  ["trailing dot", "GET", "/api/v1/datasets/.", PROD, "deny"],
  ["dot-dot after a public path", "GET", "/api/v1/info/../datasets", {}, "deny"],
  // repeated and trailing slashes
  ["leading double slash", "GET", "//api/v1/datasets", PROD, "deny"],
  ["inner double slash", "GET", "/api//v1/datasets", PROD, "deny"],
  ["trailing double slash", "GET", "/api/v1/datasets//", PROD, "deny"],
  ["trailing slash", "GET", "/api/v1/datasets/", PROD, "allow"],
  // case
  ["upper-case path", "GET", "/API/v1/datasets", PROD, "deny"],
  ["mixed-case segment", "GET", "/api/v1/Datasets", PROD, "deny"],
  ["lower-case method", "get", "/api/v1/datasets", PROD, "deny"],
  ["mixed-case method", "Post", "/api/v1/runs", VIEWER, "deny"],
  // methods
  ["HEAD on a GET route", "HEAD", "/api/v1/datasets", PROD, "allow"],
  ["HEAD on a POST-only path", "HEAD", "/api/v1/runs", PROD, "deny"],
  [
    "CORS preflight for a routed method (passes without a credential, as the platform answers preflights)",
    "OPTIONS",
    "/api/v1/datasets",
    { Origin: "http://app.example", "Access-Control-Request-Method": "GET" },
    "allow",
    (up) => assert.equal(up.headers["x-orgpolicy-code"], "PREFLIGHT"),
  ],
  ["CORS preflight for an unrouted method", "OPTIONS", "/api/v1/info", { Origin: "http://app.example", "Access-Control-Request-Method": "DELETE" }, "deny"],
  ["OPTIONS without preflight headers", "OPTIONS", "/api/v1/datasets", PROD, "deny"],
  ["OPTIONS *", "OPTIONS", "*", PROD, "blocked"],
  ["TRACE", "TRACE", "/api/v1/datasets", PROD, "deny"],
  ["unknown method", "PURGE", "/api/v1/datasets", PROD, "deny"],
  // duplicate or odd tenant and credential headers
  ["two X-Tenant-Id", "GET", "/api/v1/datasets", { ...PROD, "X-Tenant-Id": ["ws-production", "ws-1"] }, "deny"],
  ["two X-Organization-Id", "GET", "/api/v1/datasets", { ...PROD, "X-Organization-Id": ["org-default", "org-acme"] }, "deny"],
  ["two X-API-Key", "GET", "/api/v1/datasets", { "X-API-Key": ["pat-victor", "key-production"] }, "deny"],
  ["two tenants in one header", "GET", "/api/v1/datasets", { ...PROD, "X-Tenant-Id": "ws-production, ws-1" }, "deny"],
  ["tenant header in odd case", "GET", "/api/v1/datasets", { ...PROD, "x-TENANT-id": "ws-1" }, "deny"],
  ["tenant header with spaces", "GET", "/api/v1/datasets", { ...PROD, "X-Tenant-Id": "  ws-production  " }, "allow"],
  ["tenant header with underscores", "GET", "/api/v1/datasets", { ...PROD, X_Tenant_Id: "ws-1" }, "any"],
  // over-long
  ["path over the service's limit", "GET", `/api/v1/datasets/${"a".repeat(5000)}`, PROD, "deny"],
  ["path over the proxy's limit", "GET", `/api/v1/datasets/${"a".repeat(20000)}`, PROD, "deny"],
  ["query over the service's limit", "GET", `/api/v1/datasets?q=${"a".repeat(5000)}`, PROD, "deny"],
  ["over-long tenant header", "GET", "/api/v1/datasets", { ...PROD, "X-Tenant-Id": "w".repeat(10000) }, "deny"],
  // query tricks
  ["dot-dot in the query", "GET", "/api/v1/datasets?x=/../orgs/current/members", PROD, "allow"],
  ["allowed route in the query", "POST", "/api/v1/orgs/current/members?/api/v1/datasets", PROD, "deny"],
  ["encoded question mark", "GET", "/api/v1/datasets%3Fx=1", PROD, "deny"],
  ["malformed escape in the query (passed on untouched)", "GET", "/api/v1/datasets?a=%ZZ", PROD, "any"],
  ["fragment", "GET", "/api/v1/datasets#x", PROD, "any"],
  ["matrix parameter", "GET", "/api/v1/datasets;x=1", PROD, "deny"],
  // percent-encoding
  ["encoded letter", "GET", "/api/v1/%64atasets", PROD, "allow"],
  ["overlong UTF-8 dot", "GET", "/api/v1/datasets/%C0%AE%C0%AE", PROD, "deny"],
  ["encoded NUL", "GET", "/api/v1/datasets/%00", PROD, "deny"],
  ["double-encoded dot-dot", "GET", "/api/v1/datasets/%252e%252e", PROD, "deny"],
  ["double-encoded slash", "GET", "/api/v1/datasets/a%252Fb", PROD, "deny"],
  ["absolute-form target", "GET", "http://127.0.0.1/api/v1/datasets", PROD, "any"],
  ["absolute-form to another host", "GET", "http://internal.invalid/api/v1/orgs/current/members", PROD, "any"],
  // spoofing the proxy protocol or the decision
  ["spoofed X-Original-URI", "GET", "/api/v1/secrets", { "X-Original-URI": "/api/v1/info", "X-Original-Method": "GET" }, "deny"],
  ["spoofed X-Forwarded-Uri", "GET", "/api/v1/secrets", { "X-Forwarded-Uri": "/api/v1/info", "X-Forwarded-Method": "GET" }, "deny"],
  [
    "spoofed decision headers on an allowed request",
    "GET",
    "/api/v1/datasets",
    { ...PROD, "X-Orgpolicy-Workspace-Id": "ws-1", "X-Orgpolicy-User-Id": "user-alice" },
    "allow",
    (up) => {
      assert.equal(up.headers["x-orgpolicy-workspace-id"], "ws-production");
      assert.equal(up.headers["x-orgpolicy-user-id"] ?? "", "");
    },
  ],
  [
    "spoofed decision headers on a public path",
    "GET",
    "/api/v1/info",
    { "X-Orgpolicy-User-Id": "user-alice", "X-Orgpolicy-Org-Id": "org-acme" },
    "allow",
    (up) => {
      assert.equal(up.headers["x-orgpolicy-user-id"] ?? "", "");
      assert.equal(up.headers["x-orgpolicy-org-id"] ?? "", "");
    },
  ],
  ["the internal auth location", "GET", "/_orgpolicy_authz", PROD, "deny"],
  ["the service's own endpoint name", "GET", "/auth", PROD, "deny"],
];

const headerValue = (v) => (v === undefined || v === null ? null : Array.isArray(v) ? v.join(", ") : v);

for (const proxy of ["nginx", "caddy"]) {
  describe(`${proxy} in front of the platform, orgpolicy-authz deciding`, () => {
    let upstream;
    let authz;
    let front;
    before(async () => {
      upstream = await startUpstream();
      authz = await startAuthz(["--log-level", "debug", "--max-uri-length", "4096"]);
      front = await (proxy === "nginx" ? startNginx : startCaddy)({ authz: authz.address, upstream: upstream.address });
    });
    after(async () => {
      await front?.stop();
      await authz?.stop();
      await upstream?.close();
    });

    test("allowed requests reach the upstream with the decision's headers; refused ones answer JSON and never do", async () => {
      const ok = await rawRequest(front.port, "POST", "/api/v1/runs/query", { ...ORG_KEY, "X-Tenant-Id": "ws-staging", "X-Request-Id": "basic-1" });
      assert.equal(ok.status, 200);
      const got = upstream.received.find((r) => r.headers["x-request-id"] === "basic-1");
      assert.equal(got.url, "/api/v1/runs/query");
      assert.equal(got.headers["x-orgpolicy-org-id"], "org-default");
      assert.equal(got.headers["x-orgpolicy-workspace-id"], "ws-staging");
      assert.equal(got.headers["x-orgpolicy-credential"], "apiKey");
      assert.equal(got.headers["x-orgpolicy-code"], "ALLOWED");
      assert.equal(got.headers["x-api-key"], "key-org", "the credential itself still reaches the platform");

      const refused = await rawRequest(front.port, "POST", "/api/v1/runs", { ...VIEWER, "X-Request-Id": "basic-2" });
      assert.equal(refused.status, 403);
      assert.match(refused.headers["content-type"], /application\/json/);
      assert.deepEqual(JSON.parse(refused.body), { code: "PERMISSION_DENIED", message: "workspace role `WORKSPACE_VIEWER` does not hold `runs:create`" });
      const unauth = await rawRequest(front.port, "GET", "/api/v1/datasets", { "X-Request-Id": "basic-3" });
      assert.equal(unauth.status, 401);
      assert.equal(JSON.parse(unauth.body).code, "MISSING_CREDENTIAL");
      assert.equal(unauth.headers["www-authenticate"], 'Bearer realm="orgpolicy"');
      assert.ok(!upstream.received.some((r) => ["basic-2", "basic-3"].includes(r.headers["x-request-id"])));
    });

    test("authorization service down: refused (5xx), never passed through", async () => {
      // a second front whose authorizer address has nothing listening
      const dead = await (proxy === "nginx" ? startNginx : startCaddy)({ authz: "127.0.0.1:9", upstream: upstream.address });
      try {
        const r = await rawRequest(dead.port, "GET", "/api/v1/datasets", { ...PROD, "X-Request-Id": "dead-1" });
        assert.ok(r.status >= 500, `status ${r.status}`);
        assert.ok(!upstream.received.some((x) => x.headers["x-request-id"] === "dead-1"));
      } finally {
        await dead.stop();
      }
    });

    test(`bypass matrix: ${MATRIX.length} cases, upstream side against service side`, async () => {
      const results = [];
      for (const [i, [name, method, target, headers, expect, check]] of MATRIX.entries()) {
        const id = `${proxy}-case-${i}`;
        const r = await rawRequest(front.port, method, target, { ...headers, "X-Request-Id": id });
        results.push({ id, name, method, target, expect, check, status: r.status });
      }
      // the service logs asynchronously: wait for the last decision that was made
      await new Promise((resolve) => setTimeout(resolve, 300));
      const decisions = authz.decisions();
      const failures = [];
      for (const c of results) {
        const seen = upstream.received.filter((u) => u.headers["x-request-id"] === c.id);
        const asked = decisions.filter((d) => d.requestId === c.id);
        try {
          assert.ok(c.status < 500 || c.status === 503, `status ${c.status}`); // 503 only from the platform stand-in (none here)
          if (c.expect === "allow") {
            assert.equal(c.status, 200, "expected an allowed request");
            assert.equal(seen.length, 1, "expected it at the upstream");
          }
          if (c.expect === "deny") {
            assert.ok(c.status >= 400 && c.status < 500, `expected a refusal, got ${c.status}`);
          }
          if (c.expect === "deny" || c.expect === "blocked") {
            assert.equal(seen.length, 0, "a refused request reached the upstream");
          }
          for (const up of seen) {
            const match = asked.find(
              (d) =>
                d.allowed &&
                d.uri === up.url &&
                d.method === up.method &&
                headerValue(d.tenant) === headerValue(up.headers["x-tenant-id"]) &&
                headerValue(d.organization) === headerValue(up.headers["x-organization-id"]),
            );
            assert.ok(match, `the upstream got ${up.method} ${up.url.slice(0, 80)} (tenant ${up.headers["x-tenant-id"]}) with no matching allowed decision; decisions: ${JSON.stringify(asked).slice(0, 400)}`);
            assert.equal(up.headers["x-orgpolicy-workspace-id"] ?? "", match.workspaceId ?? "");
            assert.equal(up.headers["x-orgpolicy-org-id"] ?? "", match.orgId ?? "");
            if (c.check) c.check(up);
          }
        } catch (e) {
          failures.push(`${c.name} (${c.method} ${c.target.slice(0, 60)}): ${e.message}`);
        }
      }
      assert.ok(MATRIX.length >= 50);
      assert.deepEqual(failures, []);
      // both outcomes were exercised through this proxy
      assert.ok(results.filter((r) => r.status === 200).length >= 8);
      assert.ok(results.filter((r) => r.status >= 400).length >= 40);
    });
  });
}
