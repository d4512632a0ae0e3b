// Request canonicalization, one test per rule (pkg/middleware/README.md,
// "Canonicalization"), and the guard's answers for each through
// createAuthorizer on the real engine and the platform's route table.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const mw = require("../../pkg/middleware/index.js");
const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");
const SAMPLE = readFileSync(`${ROOT}examples/sample-directory.json`, "utf8");

const canon = (url, extra = {}) => mw.canonicalize({ method: "GET", url, headers: {}, ...extra });

function refused(url, code, extra) {
  const c = canon(url, extra);
  assert.equal(c.ok, false, `${url} should be refused with ${code}`);
  assert.equal(c.code, code, `${url}: ${c.message}`);
  assert.equal(c.status, mw.CANONICAL_CODES[code]);
  assert.equal(typeof c.message, "string");
  return c;
}

describe("percent-decoding", () => {
  test("escapes are decoded before matching, per segment", () => {
    const c = canon("/api/v1/r%75ns/a%20b%C3%A9");
    assert.deepEqual(c.segments, ["api", "v1", "runs", "a bé"]);
  });
  test("an encoded / or \\ is refused (PATH_ENCODED_SEPARATOR)", () => {
    for (const u of ["/api/v1/runs/a%2Fb", "/api/v1/runs/a%2fb", "/api%2Fv1/runs", "/api/v1/runs/a%5Cb", "/api/v1/runs/a%5cb"]) refused(u, "PATH_ENCODED_SEPARATOR");
  });
  test("an encoded NUL or other control character is refused (PATH_CONTROL_CHARACTER)", () => {
    for (const u of ["/api/v1/runs/a%00", "/api/v1/runs/%0a", "/api/v1/runs/%7F", "/api/v1/runs/%1f"]) refused(u, "PATH_CONTROL_CHARACTER");
  });
  test("malformed escapes are refused (PATH_MALFORMED_ESCAPE)", () => {
    for (const u of ["/api/v1/runs/%", "/api/v1/runs/%G1", "/api/v1/runs/%4", "/api/v1/runs/a%%20"]) refused(u, "PATH_MALFORMED_ESCAPE");
  });
  test("escapes that are not UTF-8 are refused (PATH_INVALID_UTF8)", () => {
    for (const u of ["/api/v1/runs/%FF", "/api/v1/runs/%C3", "/api/v1/runs/%C0%AF", "/api/v1/runs/%ED%A0%80"]) refused(u, "PATH_INVALID_UTF8");
  });
  test("double encoding is refused (PATH_DOUBLE_ENCODED)", () => {
    for (const u of ["/api/v1/runs/a%252Fb", "/api/v1/runs/%252e%252e", "/api/v1/runs/%2541"]) refused(u, "PATH_DOUBLE_ENCODED");
    assert.equal(canon("/api/v1/runs/100%25").ok, true, "a lone encoded % is fine");
  });
});

describe("segments", () => {
  test("dot segments, raw or encoded, are refused (PATH_DOT_SEGMENT)", () => {
    for (const u of ["/api/v1/runs/..", "/api/v1/../v1/runs", "/api/./v1/runs", "/api/v1/runs/%2e%2e", "/api/v1/%2E/runs", "/api/v1/runs/.%2e/x"]) refused(u, "PATH_DOT_SEGMENT");
    assert.deepEqual(canon("/api/v1/runs/...").segments.at(-1), "...", "three dots is a name");
    assert.deepEqual(canon("/api/v1/runs/.hidden").segments.at(-1), ".hidden");
  });
  test("repeated slashes are refused (PATH_EMPTY_SEGMENT), including a leading //", () => {
    for (const u of ["//api/v1/runs", "/api//v1/runs", "/api/v1/runs//", "//"]) refused(u, "PATH_EMPTY_SEGMENT");
  });
  test("one trailing slash is ignored", () => {
    assert.deepEqual(canon("/api/v1/runs/").segments, ["api", "v1", "runs"]);
    assert.deepEqual(canon("/").segments, []);
  });
  test("a raw backslash is refused (PATH_BACKSLASH)", () => {
    refused("/api/v1\\runs", "PATH_BACKSLASH");
  });
  test("raw spaces, controls, non-ASCII and # are refused (PATH_INVALID_CHARACTER)", () => {
    for (const u of ["/api/v1/runs/a b", "/api/v1/runs/\u0000", "/api/v1/runs/é", "/api/v1/runs/a#frag", "/api/v1/runs/\t"]) refused(u, "PATH_INVALID_CHARACTER");
  });
});

describe("request target, query, method", () => {
  test("the query string is split off and never matched", () => {
    const c = canon("/api/v1/runs/1?select=a%2Fb&x=../y");
    assert.deepEqual(c.segments, ["api", "v1", "runs", "1"]);
    assert.equal(c.query, "select=a%2Fb&x=../y");
    assert.equal(canon("/api/v1/runs?").query, "");
  });
  test("absolute URLs are read without their origin; anything else is refused (BAD_REQUEST_TARGET)", () => {
    assert.deepEqual(canon("http://gw.test/api/v1/runs/1?x").segments, ["api", "v1", "runs", "1"]);
    assert.deepEqual(canon("https://gw.test").segments, []);
    for (const u of ["api/v1/runs", "", "*", "gw.test/api"]) refused(u, "BAD_REQUEST_TARGET");
    refused(undefined, "BAD_REQUEST_TARGET");
  });
  test("methods are case-sensitive tokens (BAD_METHOD)", () => {
    for (const m of ["get", "Post", "GE T", "", "G\u00c9T", 42, null]) {
      const c = mw.canonicalize({ method: m, url: "/api/v1/runs" });
      assert.equal(c.code, "BAD_METHOD", String(m));
      assert.equal(c.status, 400);
    }
    assert.equal(mw.canonicalize({ url: "/" }).code, "BAD_METHOD", "a missing method is not taken for GET");
  });
  test("HEAD is matched as GET", () => {
    assert.equal(mw.canonicalize({ method: "HEAD", url: "/api/v1/runs/1" }).matchMethod, "GET");
  });
  test("a CORS preflight names the method it asks for", () => {
    const c = mw.canonicalize({ method: "OPTIONS", url: "/api/v1/runs/1", headers: { origin: "https://ui.test", "access-control-request-method": "patch" } });
    assert.equal(c.preflight, "PATCH");
    assert.equal(mw.canonicalize({ method: "OPTIONS", url: "/api/v1/runs/1", headers: { origin: "https://ui.test" } }).preflight, null);
  });
});

describe("limits and headers", () => {
  test("over-long targets are refused (URI_TOO_LONG, 414)", () => {
    refused(`/api/v1/runs/${"a".repeat(9000)}`, "URI_TOO_LONG");
    const c = mw.canonicalize({ method: "GET", url: `/api/v1/runs/${"a".repeat(100)}` }, { limits: { maxUrlLength: 50 } });
    assert.equal(c.code, "URI_TOO_LONG");
  });
  test("over-long credential and scope headers are refused (HEADER_TOO_LONG, 431)", () => {
    refused("/api/v1/runs", "HEADER_TOO_LONG", { headers: { "x-api-key": "k".repeat(9000) } });
    refused("/api/v1/runs", "HEADER_TOO_LONG", { headers: { "x-tenant-id": "w".repeat(9000) } });
  });
  test("repeated X-Tenant-Id / X-Organization-Id / X-API-Key / Authorization are refused (DUPLICATE_HEADER), equal or not", () => {
    for (const name of ["x-tenant-id", "x-organization-id", "x-api-key", "authorization"]) {
      refused("/api/v1/runs", "DUPLICATE_HEADER", { headers: { [name]: ["a", "b"] } });
      refused("/api/v1/runs", "DUPLICATE_HEADER", { headers: { [name]: ["a", "a"] } });
      refused("/api/v1/runs", "DUPLICATE_HEADER", { headers: { [name]: "a, b" } });
      const h = new Headers();
      h.append(name, "a");
      h.append(name, "a");
      refused("/api/v1/runs", "DUPLICATE_HEADER", { headers: h });
    }
    const ok = canon("/api/v1/runs", { headers: { "X-Tenant-Id": " ws-1 ", "x-api-key": ["", "k"] } });
    assert.equal(ok.headers.tenant, "ws-1", "header names are case-insensitive, values trimmed");
    assert.equal(ok.headers.apiKey, "k", "blank values count as absent");
  });
  test("header objects are read by own keys only", () => {
    const c = mw.canonicalize({ method: "GET", url: "/", headers: { "X-Api-Key": "k" } }, { headers: { tenant: "constructor", organization: "__proto__" } });
    assert.deepEqual(c.headers, { apiKey: "k", organization: null, tenant: null, authorization: null });
  });
  test("bad options are GuardConfigErrors naming the option", () => {
    assert.throws(() => mw.canonicalize({ url: "/" }, { limits: { maxUrlLength: 0 } }), (e) => e.path === "limits.maxUrlLength");
    assert.throws(() => mw.canonicalize({ url: "/" }, { limits: { maxPath: 1 } }), (e) => e.path === "limits");
  });
});

describe("the authorizer on the platform's table", () => {
  const engine = new PolicyEngine({}, SAMPLE);
  const authz = mw.createAuthorizer({ engine, preset: "langsmith", freeOnSwap: false });
  const ask = (method, url, headers = {}) => authz.authorize({ method, url, headers });

  test("a PAT reads a run; the context names route, operation and scope", async () => {
    const r = await ask("GET", "/api/v1/runs/1", { "x-api-key": "pat-bob" });
    assert.equal(r.ok, true);
    assert.equal(r.context.code, "ALLOWED");
    assert.equal(r.context.route, "GET /api/v1/runs/:run_id");
    assert.deepEqual(r.context.operation, { scope: "workspace", permission: "runs:read" });
    assert.equal(r.context.workspaceId, "ws-production");
  });
  test("HEAD is authorized as GET", async () => {
    const r = await ask("HEAD", "/api/v1/runs/1", { "x-api-key": "pat-victor" });
    assert.equal(r.ok, true);
    assert.equal(r.context.operation.permission, "runs:read");
  });
  test("refusals before the engine carry their code and status", async () => {
    const r = await ask("GET", "/api/v1/runs/..%2F..%2Forgs", { "x-api-key": "pat-bob" });
    assert.equal(r.ok, false);
    assert.equal(r.status, 400);
    assert.equal(r.body.code, "PATH_ENCODED_SEPARATOR");
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
  });
  test("public routes pass without a credential; unknown routes are refused by default", async () => {
    const a = await ask("GET", "/api/v1/info");
    assert.equal(a.ok, true);
    assert.equal(a.context.code, "PUBLIC_ROUTE");
    const b = await ask("GET", "/api/v1/no-such-thing", { "x-api-key": "pat-bob" });
    assert.equal(b.status, 404);
    assert.equal(b.body.code, "ROUTE_NOT_FOUND");
    const c = await ask("PUT", "/api/v1/runs/1", { "x-api-key": "pat-bob" });
    assert.equal(c.status, 405);
    assert.equal(c.headers.allow, "GET, PATCH, HEAD");
  });
  test("preflight: passes for a known route and method, refused otherwise or when disabled", async () => {
    const pre = { origin: "https://ui.test", "access-control-request-method": "POST" };
    const a = await ask("OPTIONS", "/api/v1/runs/query", pre);
    assert.equal(a.ok, true);
    assert.equal(a.context.code, "PREFLIGHT");
    const b = await ask("OPTIONS", "/api/v1/runs/1", pre);
    assert.equal(b.ok, false, "POST /api/v1/runs/:id is no route");
    const strict = mw.createAuthorizer({ engine, preset: "langsmith", preflight: "reject", freeOnSwap: false });
    const c = await strict.authorize({ method: "OPTIONS", url: "/api/v1/runs/query", headers: pre });
    assert.equal(c.ok, false);
    assert.equal(c.status, 405);
    assert.throws(() => mw.createAuthorizer({ engine, preset: "langsmith", preflight: "maybe" }), (e) => e.path === "preflight");
  });
  test("unknownRoute: \"pass\" lets unknown routes through, still canonicalized", async () => {
    const open = mw.createAuthorizer({ engine, preset: "langsmith", unknownRoute: "pass", freeOnSwap: false });
    const a = await open.authorize({ method: "GET", url: "/static/app.js" });
    assert.equal(a.ok, true);
    assert.equal(a.context.code, "UNKNOWN_ROUTE_PASSED");
    const b = await open.authorize({ method: "GET", url: "/static/%2e%2e/app.js" });
    assert.equal(b.body.code, "PATH_DOT_SEGMENT");
  });
  test("the engine decides org and workspace scope from the headers", async () => {
    const a = await ask("GET", "/api/v1/orgs/current/members", { "x-api-key": "key-org" });
    assert.equal(a.ok, true);
    const b = await ask("POST", "/api/v1/orgs/current/members", { "x-api-key": "pat-victor" });
    assert.equal(b.status, 403);
    const c = await ask("POST", "/api/v1/runs/multipart", { "x-api-key": "key-org" });
    assert.equal(c.body.code, "TENANT_REQUIRED");
    const d = await ask("POST", "/api/v1/runs/multipart", { "x-api-key": "key-org", "x-tenant-id": "ws-1" });
    assert.equal(d.ok, true);
  });
});
