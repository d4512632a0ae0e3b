// Property test of canonicalization + route matching + the engine, on the
// platform's whole route table: arbitrary methods, paths (real routes mutated
// with encodings, dot segments, slashes, bad bytes) and headers (real and bad
// credentials, repeated scope headers, preflights).
//
// For every request: the authorizer never throws and answers a well-formed
// allow or refusal; an allow is only ever given to a request whose canonical
// form, computed by an independent reference below, is accepted and matches a
// route of the table with the very operation the guard authorized; and the
// path the upstream routes (decoded once as a whole, as the platform's
// server does) matches that same route.
//
//   ROUTES_SEED=<n> ROUTES_CASES=<n> node --test tests/routes/property.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
const mw = require("../../pkg/middleware/index.js");
const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");

const SEED = Number(process.env.ROUTES_SEED ?? 20261204);
const CASES = Number(process.env.ROUTES_CASES ?? 20000);
const TABLE = mw.langsmithTable().routes;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the independent reference -------------------------------------------------

/** The canonical segments of a request target, or null when it must be refused. */
function referenceSegments(url) {
  if (typeof url !== "string" || url.length > 8192) return null;
  let target = url;
  const abs = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  if (abs) {
    target = url.slice(abs[0].length);
    if (target === "") target = "/";
    else if (target.startsWith("?")) target = `/${target}`;
  }
  if (!target.startsWith("/")) return null;
  const path = target.split("?")[0];
  if (!/^[\x21-\x7e]*$/.test(path) || path.includes("#") || path.includes("\\")) return null;
  if (path === "/") return [];
  const raw = path.slice(1).split("/");
  if (raw.length > 1 && raw[raw.length - 1] === "") raw.pop();
  const out = [];
  for (const r of raw) {
    let d;
    try {
      d = decodeURIComponent(r);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (d === "" || d === "." || d === ".." || /[/\\\u0000-\u001f\u007f]/.test(d) || /%[0-9A-Fa-f]{2}/.test(d)) return null;
    out.push(d);
  }
  return out;
}

const compiled = TABLE.map((r) => ({
  route: r,
  re: new RegExp(`^${r.path.split("/").map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}$`),
}));

/** The first route of the table for this method and decoded path, by plain regexes. */
function referenceRoute(method, decodedPath) {
  const m = method === "HEAD" ? "GET" : method;
  for (const c of compiled) if (c.route.method === m && c.re.test(decodedPath)) return c.route;
  return null;
}

// ---- generators -----------------------------------------------------------------

const PARAMS = ["1", "r-1", "0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b", "a%20b", "%C3%A9", ".", "..", "%2e", "%2E%2e", "%2F", "%2f..", "%5C", "%00", "%", "%G0", "%C3", "%FF", "%252F", "%25", "a b", "é", "x#y", "a\\b", "", "query", "share", "current"];
const GOOD_PARAMS = ["1", "r-1", "0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b", "my-prompt"];
const METHODS = ["GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "Post", "TRACE", "CONNECT", "G ET", "", "PROPFIND"];
const KEYS = ["pat-bob", "pat-victor", "pat-gina", "key-org", "key-production", "key-readers", "nope", "", " pat-bob "];
const TENANTS = ["ws-1", "ws-production", "ws-staging", "ws-nope", ""];
const ORGS = ["org-default", "org-acme", "nope"];
const USERS = ["user-alice", "user-bob", "user-victor", "user-erin", "user-nobody"];

function generate(next) {
  const pick = (a) => a[Math.floor(next() * a.length)];
  const route = pick(TABLE);
  let path = route.path.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, () => (next() < 0.5 ? pick(GOOD_PARAMS) : pick(PARAMS)));
  const mutations = next() < 0.4 ? 0 : Math.floor(next() * 3);
  for (let i = 0; i < mutations; i++) {
    const at = Math.floor(next() * (path.length + 1));
    const kind = Math.floor(next() * 12);
    if (kind === 0) path = `${path.slice(0, at)}/${path.slice(at)}`;
    else if (kind === 1) path = `${path}/`;
    else if (kind === 2) path = `${path.slice(0, at)}/..${path.slice(at)}`;
    else if (kind === 3) path = `${path.slice(0, at)}/.${path.slice(at)}`;
    else if (kind === 4 && at < path.length) {
      const ch = path.charCodeAt(at);
      const hex = ch.toString(16).padStart(2, "0");
      path = `${path.slice(0, at)}%${next() < 0.5 ? hex : hex.toUpperCase()}${path.slice(at + 1)}`;
    } else if (kind === 5) path = `${path.slice(0, at)}%25${path.slice(at)}`;
    else if (kind === 6) path = `${path.slice(0, at)}${String.fromCharCode(Math.floor(next() * 256))}${path.slice(at)}`;
    else if (kind === 7) path = `${path}?q=${pick(PARAMS)}/../x`;
    else if (kind === 8) path = `http://gw.test${path}`;
    else if (kind === 9) path = path.toUpperCase();
    else if (kind === 10) path = `${path.slice(0, at)}${pick(PARAMS)}${path.slice(at)}`;
    else path = path.slice(0, at);
  }
  const method = next() < 0.7 ? route.method : next() < 0.97 ? pick(METHODS) : pick([undefined, null, 7, {}]);
  const headers = {};
  const maybe = (name, values, p = 0.6) => {
    if (next() >= p) return;
    headers[name] = next() < 0.1 ? [pick(values), pick(values)] : next() < 0.05 ? `${pick(values)}, ${pick(values)}` : pick(values);
  };
  if (next() < 0.7) maybe("x-api-key", next() < 0.5 ? ["key-org", "pat-bob"] : KEYS, 1);
  else maybe("authorization", USERS.map((u) => `Bearer s:${u}`).concat(["Bearer", "Basic x"]), 0.8);
  maybe("x-tenant-id", TENANTS);
  maybe("x-organization-id", ORGS, 0.3);
  if (method === "OPTIONS" && next() < 0.7) {
    headers.origin = "https://ui.test";
    headers["access-control-request-method"] = pick(["GET", "POST", "PATCH", "DELETE", "get"]);
  }
  if (next() < 0.02) headers[pick(["x-api-key", "x-tenant-id", "X-Organization-Id", "Authorization"])] = pick([42, null, {}, [1, "pat-bob"], [], true]);
  if (next() < 0.005) headers["x-api-key"] = "k".repeat(9000);
  if (next() < 0.005) path = `/api/v1/runs/${"a".repeat(9000)}`;
  return { method, url: path, headers };
}

// ---- the property ---------------------------------------------------------------

test(`canonicalization + matching + engine: ${CASES} generated requests (seed ${SEED})`, async (t) => {
  const engine = new PolicyEngine({}, readFileSync(`${ROOT}examples/sample-directory.json`, "utf8"));
  const authz = mw.createAuthorizer({
    engine,
    preset: "langsmith",
    credentials: { verifySession: (token) => (token.startsWith("s:") ? token.slice(2) : null) },
    onError: (e) => assert.fail(`onError called: ${e}`),
  });
  const next = rng(SEED);
  const counts = {};
  let allowed = 0;
  for (let i = 0; i < CASES; i++) {
    const req = generate(next);
    const where = `case ${i}: ${JSON.stringify(req).slice(0, 300)}`;
    let r;
    try {
      r = await authz.authorize(req);
    } catch (e) {
      assert.fail(`${where}: threw ${e && e.stack}`);
    }
    assert.equal(typeof r.ok, "boolean", where);
    if (!r.ok) {
      assert.ok(Number.isInteger(r.status) && r.status >= 400 && r.status < 600, where);
      assert.equal(typeof r.body.code, "string", where);
      assert.equal(r.body.code, r.code, where);
      assert.ok(/^[A-Z][A-Z0-9_]*$/.test(r.body.code), where);
      assert.notEqual(r.status, 500, `${where}: GUARD_ERROR`);
      counts[r.body.code] = (counts[r.body.code] ?? 0) + 1;
      continue;
    }
    allowed++;
    const ctx = r.context;
    counts[`allow:${ctx.code}`] = (counts[`allow:${ctx.code}`] ?? 0) + 1;
    const segments = referenceSegments(req.url);
    assert.ok(segments !== null, `${where}: allowed, but the reference refuses its path`);
    assert.ok(typeof req.method === "string" && /^[A-Z]+$/.test(req.method), `${where}: allowed a non-canonical method`);
    const decoded = `/${segments.join("/")}`;
    const asked = ctx.code === "PREFLIGHT" ? req.headers["access-control-request-method"].toUpperCase() : req.method;
    const ref = referenceRoute(asked, decoded);
    assert.ok(ref !== null, `${where}: allowed, but no route of the table matches ${asked} ${decoded}`);
    assert.deepEqual(ctx.operation, { scope: ref.scope, ...(ref.permission ? { permission: ref.permission } : {}) }, where);
    assert.equal(ctx.route, `${ref.method} ${ref.path}`, where);
    if (ctx.code !== "PREFLIGHT" && ctx.code !== "PUBLIC_ROUTE") {
      assert.equal(ctx.code, "ALLOWED", where);
      assert.equal(ctx.decision.allowed, true, where);
    }
    // What the upstream routes: the raw path decoded once as a whole.
    const rawPath = (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.test(req.url) ? req.url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, "") : req.url).split("?")[0] || "/";
    const upstream = decodeURIComponent(rawPath).replace(/(.)\/$/, "$1");
    const up = referenceRoute(asked, upstream);
    assert.ok(up && up.path === ref.path, `${where}: the upstream would route ${upstream} elsewhere`);
  }
  t.diagnostic(`allowed ${allowed} of ${CASES}; ${JSON.stringify(counts)}`);
  // The generator must reach allows and every refusal rule, or the property says little.
  assert.ok(allowed > CASES / 20, `only ${allowed} allows`);
  for (const code of Object.keys(mw.CANONICAL_CODES)) {
    if (code === "BAD_REQUEST_TARGET") continue; // generated URLs always start with / or a scheme
    assert.ok(counts[code] > 0, `no case reached ${code}`);
  }
  for (const code of ["ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED", "PERMISSION_DENIED", "allow:ALLOWED", "allow:PUBLIC_ROUTE", "allow:PREFLIGHT"]) {
    assert.ok(counts[code] > 0, `no case reached ${code}`);
  }
  await authz.close();
});
