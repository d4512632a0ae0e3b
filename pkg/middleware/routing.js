"use strict";
// Request canonicalization and route matching for orgpolicy's gateway guards
// and the forward-auth service. No dependencies; CommonJS (index.mjs
// re-exports it for ES modules).
//
// The request is decided on what the upstream will see: anything a proxy or
// the upstream could read as a different path than the one matched here
// (encoded separators, dot segments, empty segments, double encoding,
// malformed escapes, control characters) is refused with a stable code
// instead of being normalized. pkg/middleware/README.md lists the rules.

/** Thrown for a bad route table or options (`code: "GUARD_CONFIG_INVALID"`, `path`: the option at fault). */
class GuardConfigError extends Error {
  constructor(message, path) {
    super(path ? `${path}: ${message}` : message);
    this.name = "GuardConfigError";
    this.code = "GUARD_CONFIG_INVALID";
    this.path = path ?? null;
  }
}

/** Route scopes: the engine's three, plus `public` (let through without a credential). */
const SCOPES = ["org", "workspace", "user", "public"];

/** Limits applied before matching; every one can be set in the options. */
const DEFAULT_LIMITS = { maxUrlLength: 8192, maxHeaderLength: 8192 };

/** Header names the guard reads, by role. */
const DEFAULT_HEADER_NAMES = {
  apiKey: "x-api-key",
  organization: "x-organization-id",
  tenant: "x-tenant-id",
  authorization: "authorization",
};

/**
 * Every code a refusal before the engine can carry, with its HTTP status.
 * The engine's own codes (401/403) come from `authorizeRequest`.
 */
const CANONICAL_CODES = {
  BAD_METHOD: 400,
  BAD_REQUEST_TARGET: 400,
  PATH_INVALID_CHARACTER: 400,
  PATH_BACKSLASH: 400,
  PATH_MALFORMED_ESCAPE: 400,
  PATH_INVALID_UTF8: 400,
  PATH_ENCODED_SEPARATOR: 400,
  PATH_CONTROL_CHARACTER: 400,
  PATH_DOUBLE_ENCODED: 400,
  PATH_DOT_SEGMENT: 400,
  PATH_EMPTY_SEGMENT: 400,
  URI_TOO_LONG: 414,
  HEADER_TOO_LONG: 431,
  DUPLICATE_HEADER: 400,
};

function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string" ? JSON.stringify(v) : typeof v;
}

function refuse(code, message) {
  return { ok: false, status: CANONICAL_CODES[code], code, message };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEX = /^[0-9A-Fa-f]{2}$/;
const ESCAPE_IN_TEXT = /%[0-9A-Fa-f]{2}/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes one raw path segment. Returns `{ value }` or a refusal.
 * Rules: `%` must start a two-hex-digit escape; the bytes must be UTF-8;
 * an escape may not produce `/`, `\`, or a control character (NUL included);
 * the decoded text may not itself contain an escape (double encoding).
 */
function decodeSegment(raw) {
  if (!raw.includes("%")) return { value: raw };
  const bytes = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c !== 0x25) {
      bytes.push(c);
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return { refusal: refuse("PATH_MALFORMED_ESCAPE", `\`%${hex}\` is not a percent-escape (expected % and two hex digits)`) };
    const b = parseInt(hex, 16);
    if (b === 0x2f || b === 0x5c) return { refusal: refuse("PATH_ENCODED_SEPARATOR", `an encoded \`${b === 0x2f ? "/" : "\\"}\` (%${hex}) is refused in a path`) };
    if (b < 0x20 || b === 0x7f) return { refusal: refuse("PATH_CONTROL_CHARACTER", `an encoded control character (%${hex}) is refused in a path`) };
    bytes.push(b);
    i += 2;
  }
  let value;
  try {
    value = utf8.decode(Uint8Array.from(bytes));
  } catch {
    return { refusal: refuse("PATH_INVALID_UTF8", "the percent-escapes of the path are not valid UTF-8") };
  }
  if (ESCAPE_IN_TEXT.test(value)) return { refusal: refuse("PATH_DOUBLE_ENCODED", "the path is percent-encoded twice (an escape decodes to another escape)") };
  return { value };
}

/** The path part of a request target: origin-form as is, absolute-form without its scheme and authority. */
function requestTarget(url) {
  if (typeof url !== "string" || url === "") return null;
  if (url.startsWith("/")) return url;
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  if (!m) return null;
  const rest = url.slice(m[0].length);
  return rest === "" ? "/" : rest.startsWith("/") ? rest : rest.startsWith("?") ? `/${rest}` : null;
}

/**
 * Splits and checks a path (no query). Returns `{ ok: true, segments }`
 * (decoded; a single trailing `/` dropped) or a refusal.
 */
function canonicalPath(path) {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x5c) return refuse("PATH_BACKSLASH", "a `\\` is refused in a path");
    if (c <= 0x20 || c >= 0x7f || c === 0x23) {
      return refuse("PATH_INVALID_CHARACTER", `the character ${JSON.stringify(path[i])} must be percent-encoded in a path`);
    }
  }
  if (path === "/") return { ok: true, segments: [] };
  const parts = path.slice(1).split("/");
  if (parts.length > 1 && parts.at(-1) === "") parts.pop(); // one trailing slash
  const segments = [];
  for (const raw of parts) {
    if (raw === "") return refuse("PATH_EMPTY_SEGMENT", "an empty path segment (`//`) is refused");
    const d = decodeSegment(raw);
    if (d.refusal) return d.refusal;
    if (d.value === "." || d.value === "..") return refuse("PATH_DOT_SEGMENT", `a \`${d.value}\` path segment is refused`);
    segments.push(d.value);
  }
  return { ok: true, segments };
}

/** Reads a header through a Fetch `Headers`, a Node-style object or a getter; returns string[] (empty when absent). */
function headerReader(headers) {
  if (typeof headers === "function") return (name) => toList(headers(name));
  if (headers && typeof headers.get === "function" && typeof headers.has === "function") {
    return (name) => toList(headers.get(name));
  }
  const obj = headers && typeof headers === "object" ? headers : {};
  return (name) => {
    // Own keys only: a header named like an Object.prototype member is just absent.
    const key = Object.hasOwn(obj, name) ? name : Object.keys(obj).find((k) => k.toLowerCase() === name);
    return toList(key === undefined ? undefined : obj[key]);
  };
}

function toList(v) {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => typeof x === "string").map(String);
  return [String(v)];
}

/**
 * One header that must appear at most once: `null` when absent or blank,
 * the trimmed value, or a refusal. A value with a comma is two values
 * folded into one line (Fetch and Node join repeated headers with `, `).
 */
function singleHeader(read, name, limits) {
  const values = read(name);
  if (values.some((v) => v.length > limits.maxHeaderLength)) {
    return { refusal: refuse("HEADER_TOO_LONG", `the \`${name}\` header is longer than ${limits.maxHeaderLength} characters`) };
  }
  const present = values.map((v) => v.trim()).filter((v) => v !== "");
  if (present.length > 1 || present.some((v) => v.includes(","))) {
    return { refusal: refuse("DUPLICATE_HEADER", `the \`${name}\` header is sent more than once`) };
  }
  return { value: present.length === 1 ? present[0] : null };
}

function compileHeaderNames(names) {
  const out = { ...DEFAULT_HEADER_NAMES };
  if (names === undefined || names === null) return out;
  if (typeof names !== "object") throw new GuardConfigError(`expected an object, found ${describe(names)}`, "credentials.headers");
  for (const [k, v] of Object.entries(names)) {
    if (!(k in DEFAULT_HEADER_NAMES)) throw new GuardConfigError(`unknown header option ${JSON.stringify(k)}`, "credentials.headers");
    if (typeof v !== "string" || !TOKEN.test(v)) throw new GuardConfigError(`expected a header name, found ${describe(v)}`, `credentials.headers.${k}`);
    out[k] = v.toLowerCase();
  }
  return out;
}

function compileLimits(limits) {
  const out = { ...DEFAULT_LIMITS };
  if (limits === undefined || limits === null) return out;
  if (typeof limits !== "object") throw new GuardConfigError(`expected an object, found ${describe(limits)}`, "limits");
  for (const [k, v] of Object.entries(limits)) {
    if (!(k in DEFAULT_LIMITS)) throw new GuardConfigError(`unknown limit ${JSON.stringify(k)}, expected one of ${Object.keys(DEFAULT_LIMITS).join(", ")}`, "limits");
    if (!Number.isInteger(v) || v < 1) throw new GuardConfigError(`expected a positive integer, found ${describe(v)}`, `limits.${k}`);
    out[k] = v;
  }
  return out;
}

/**
 * Canonicalizes a request before matching: `{ method, url, headers }` where
 * `url` is a request target (`/path?query`) or an absolute URL, and
 * `headers` a Fetch `Headers`, a Node-style object or a `(name) => value`
 * getter. Resolves to `{ ok: true, method, matchMethod, path, segments,
 * query, preflight, headers: { apiKey, authorization, organization, tenant } }`
 * or `{ ok: false, status, code, message }`. Never throws on request data.
 */
function canonicalizeRequest(request, options = {}) {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const names = options.headerNames ?? DEFAULT_HEADER_NAMES;
  const req = request !== null && typeof request === "object" ? request : {};
  // No default: a view that lost the method must not be decided as a GET.
  const method = req.method;
  if (typeof method !== "string" || !TOKEN.test(method)) {
    return refuse("BAD_METHOD", `${describe(method)} is not an HTTP method`);
  }
  if (method !== method.toUpperCase()) {
    return refuse("BAD_METHOD", `methods are case-sensitive: \`${method}\` is not \`${method.toUpperCase()}\``);
  }
  const url = typeof req.url === "string" ? req.url : "";
  if (url.length > limits.maxUrlLength) return refuse("URI_TOO_LONG", `the request target is longer than ${limits.maxUrlLength} characters`);
  const target = requestTarget(url);
  if (target === null) return refuse("BAD_REQUEST_TARGET", `${describe(req.url)} is not a request target (expected a path starting with \`/\`)`);
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  const cp = canonicalPath(path);
  if (!cp.ok) return cp;
  const read = headerReader(req.headers);
  const headers = {};
  for (const role of Object.keys(DEFAULT_HEADER_NAMES)) {
    const h = singleHeader(read, names[role], limits);
    if (h.refusal) return h.refusal;
    headers[role] = h.value;
  }
  let preflight = null;
  if (method === "OPTIONS") {
    const acrm = read("access-control-request-method");
    if (read("origin").length > 0 && acrm.length === 1 && TOKEN.test(acrm[0].trim())) {
      preflight = acrm[0].trim().toUpperCase();
    }
  }
  return {
    ok: true,
    method,
    // HEAD is matched as GET (the upstream serves HEAD from its GET routes).
    matchMethod: method === "HEAD" ? "GET" : method,
    path,
    segments: cp.segments,
    query,
    preflight,
    headers,
  };
}

// ---- route tables ----

function compilePath(path, at) {
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new GuardConfigError(`expected a path starting with "/", found ${describe(path)}`, `${at}.path`);
  }
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const segments = trimmed === "/" ? [] : trimmed.slice(1).split("/");
  const names = new Set();
  return segments.map((s, i) => {
    if (s === "*") {
      if (i !== segments.length - 1) throw new GuardConfigError("`*` may only be the last segment", `${at}.path`);
      return { kind: "rest" };
    }
    if (s.startsWith(":")) {
      const name = s.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new GuardConfigError(`bad parameter name ${JSON.stringify(s)}`, `${at}.path`);
      }
      if (names.has(name)) throw new GuardConfigError(`parameter ${JSON.stringify(name)} appears twice`, `${at}.path`);
      names.add(name);
      return { kind: "param", name };
    }
    if (s === "") throw new GuardConfigError("empty path segment", `${at}.path`);
    if (s === "." || s === "..") throw new GuardConfigError(`a \`${s}\` segment never matches (such requests are refused)`, `${at}.path`);
    return { kind: "literal", value: s };
  });
}

function compileRoute(r, at, index) {
  if (r === null || typeof r !== "object" || Array.isArray(r)) {
    throw new GuardConfigError(`expected a route object, found ${describe(r)}`, at);
  }
  let methods = null;
  if (r.method !== undefined && r.method !== null && r.method !== "*") {
    const list = Array.isArray(r.method) ? r.method : [r.method];
    if (list.length === 0 || list.some((m) => typeof m !== "string" || !/^[A-Za-z]+$/.test(m))) {
      throw new GuardConfigError(`expected an HTTP method or a list of them, found ${describe(r.method)}`, `${at}.method`);
    }
    methods = list.map((m) => m.toUpperCase());
  }
  if (!SCOPES.includes(r.scope)) {
    throw new GuardConfigError(`expected scope "org", "workspace", "user" or "public", found ${describe(r.scope)}`, `${at}.scope`);
  }
  if (r.permission !== undefined && r.permission !== null && typeof r.permission !== "string") {
    throw new GuardConfigError(`expected a permission name, found ${describe(r.permission)}`, `${at}.permission`);
  }
  if ((r.scope === "user" || r.scope === "public") && r.permission) {
    throw new GuardConfigError(`a ${r.scope === "user" ? "user-scoped" : "public"} route takes no permission`, `${at}.permission`);
  }
  const operation = { scope: r.scope };
  if (r.permission) operation.permission = r.permission;
  const segments = compilePath(r.path, at);
  const label = typeof r.name === "string" ? r.name : `${methods ? methods.join("|") : "*"} ${r.path}`;
  return { index, at, methods, segments, operation, label, path: r.path };
}

function compileList(routes, where) {
  if (!Array.isArray(routes)) {
    throw new GuardConfigError(`expected an array of routes, found ${describe(routes)}`, where);
  }
  return routes.map((r, i) => compileRoute(r, `${where}[${i}]`, i));
}

function deepFreeze(v) {
  if (v !== null && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

let presetCache = null;
/** The platform's generated route table (pkg/middleware/langsmith-routes.json), loaded once, frozen (shared by every guard). */
function langsmithTable() {
  if (presetCache === null) presetCache = deepFreeze(require("./langsmith-routes.json"));
  return presetCache;
}

const PRESETS = { langsmith: () => langsmithTable().routes };

/**
 * Builds a route table: `routes` (tried first, so they extend or override
 * the preset) then the preset's routes (`preset: "langsmith"`). Returns a
 * table for `matchRoute`; throws `GuardConfigError` naming the bad entry.
 */
function compileRoutes(routes, preset) {
  const noPreset = preset === undefined || preset === null;
  if ((routes === undefined || routes === null) && noPreset) {
    throw new GuardConfigError(`expected an array of routes or a \`preset\`, found ${describe(routes)}`, "routes");
  }
  let list = routes === undefined || routes === null ? [] : compileList(routes, "routes");
  if (!noPreset) {
    if (typeof preset !== "string" || !Object.hasOwn(PRESETS, preset)) {
      throw new GuardConfigError(`expected one of ${Object.keys(PRESETS).map((p) => JSON.stringify(p)).join(", ")}, found ${describe(preset)}`, "preset");
    }
    const base = compileList(PRESETS[preset](), `preset(${preset}).routes`);
    list = list.concat(base);
  }
  list.forEach((r, i) => {
    r.index = i;
  });
  // Index by segment count; routes ending in `*` join every bucket that
  // could reach them, in table order.
  const rest = list.filter((r) => r.segments.at(-1)?.kind === "rest");
  const exact = new Map();
  for (const r of list) {
    if (r.segments.at(-1)?.kind === "rest") continue;
    const n = r.segments.length;
    if (!exact.has(n)) exact.set(n, []);
    exact.get(n).push(r);
  }
  const buckets = new Map();
  for (const [n, routesOfN] of exact) {
    buckets.set(n, routesOfN.concat(rest.filter((r) => r.segments.length - 1 <= n)).sort((a, c) => a.index - c.index));
  }
  const bucketFor = (n) => buckets.get(n) ?? rest.filter((r) => r.segments.length - 1 <= n);
  return { routes: list, bucketFor };
}

function matchSegments(route, parts) {
  const params = {};
  const segs = route.segments;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.kind === "rest") {
      params["*"] = parts.slice(i).join("/");
      return params;
    }
    if (i >= parts.length) return null;
    if (s.kind === "literal") {
      if (parts[i] !== s.value) return null;
    } else {
      params[s.name] = parts[i];
    }
  }
  return parts.length === segs.length ? params : null;
}

/**
 * The first route of `table` matching `method` (HEAD matched as GET) and the
 * decoded `segments`: `{ route, params, allow }`; with no match `route` is
 * null and `allow` lists the methods the path accepts (for 405).
 */
function matchRoute(table, method, segments) {
  const m = method === "HEAD" ? "GET" : method;
  const allow = new Set();
  for (const route of table.bucketFor(segments.length)) {
    const params = matchSegments(route, segments);
    if (params === null) continue;
    if (route.methods === null || route.methods.includes(m)) return { route, params, allow: [] };
    for (const x of route.methods) allow.add(x);
  }
  if (allow.has("GET")) allow.add("HEAD");
  return { route: null, params: null, allow: [...allow] };
}

module.exports = {
  GuardConfigError,
  CANONICAL_CODES,
  DEFAULT_HEADER_NAMES,
  DEFAULT_LIMITS,
  SCOPES,
  canonicalizeRequest,
  compileRoutes,
  compileHeaderNames,
  compileLimits,
  matchRoute,
  langsmithTable,
  describe,
};
