// orgpolicy-authz: the authorization service proxies call before they send a
// request upstream. One HTTP server answers:
//
//   GET  /auth                nginx `auth_request`: the original method and URI in
//                             X-Original-Method / X-Original-URI (names configurable)
//   GET  /forward-auth        Caddy `forward_auth`, Traefik ForwardAuth:
//                             X-Forwarded-Method / X-Forwarded-Uri
//   ANY  /check/<path>        Envoy HTTP `ext_authz`: same method, original path
//                             appended to the prefix (prefix configurable)
//   GET  /healthz, /readyz, /metrics;  POST /admin/reload (with the admin token)
//
// Allowed: 200 with X-Orgpolicy-{Org-Id,Workspace-Id,User-Id,Credential,Route,Code}
// for the proxy to forward upstream. Refused: 401 / 403 (or 400 / 404 / 405 / 414
// where the protocol passes them on) with a JSON body `{ code, message }`, and
// the same code and body in X-Orgpolicy-Code / X-Orgpolicy-Error for proxies
// that drop the body (nginx).
import { createServer } from "node:http";
import { createAuthorizer } from "../middleware/index.mjs";

export { EngineSource } from "./engine-source.mjs";
export { FileEngineSource } from "./file-source.mjs";
export { LangSmithEngineSource } from "./langsmith-source.mjs";
export { createSessionVerifier } from "./sessions.mjs";

/** The headers an allowed answer carries (lower case). */
export const RESULT_HEADERS = {
  orgId: "x-orgpolicy-org-id",
  workspaceId: "x-orgpolicy-workspace-id",
  userId: "x-orgpolicy-user-id",
  credential: "x-orgpolicy-credential",
  route: "x-orgpolicy-route",
  code: "x-orgpolicy-code",
};
const ERROR_HEADER = "x-orgpolicy-error";
const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Route-table file contents -> the routes tried before the preset: an array of
 * middleware routes (`{ method, path, scope, permission }`, scope `public`
 * for paths answered without a credential), or `{ "routes": [...] }`.
 */
export function readRouteTable(doc, where = "routes") {
  const routes = Array.isArray(doc) ? doc : doc?.routes;
  if (!Array.isArray(routes)) throw new Error(`${where}: expected an array of routes or { "routes": [...] }`);
  return routes;
}

/**
 * Builds the service (not listening yet).
 *
 * options: { source, preset = "langsmith", routes?, verifySession?, logger, metrics?,
 *            uriHeader = "x-original-uri", methodHeader = "x-original-method",
 *            envoyPrefix = "/check", maxUriLength = 8192, maxHeaderLength = 8192,
 *            maxStalenessSeconds = 0, adminToken?, shutdownTimeoutMs = 10000 }
 * Returns { server, guard, close(), decide(method, target, headers) }.
 */
export function createAuthzService(options) {
  const {
    source,
    preset = "langsmith",
    routes = [],
    verifySession,
    logger,
    metrics,
    uriHeader = "x-original-uri",
    methodHeader = "x-original-method",
    envoyPrefix = "/check",
    maxUriLength = 8192,
    maxHeaderLength = 8192,
    maxStalenessSeconds = 0,
    adminToken,
    shutdownTimeoutMs = 10000,
  } = options;
  const current = source.current();
  if (!current) throw new Error("source: no engine loaded (call source.start() first)");

  // The middleware's protocol-neutral core: canonicalization (refusing what
  // the upstream could read as another path), route matching, the engine.
  const guard = createAuthorizer({
    engine: current.engine,
    ...(preset ? { preset } : {}),
    routes,
    limits: { maxUrlLength: maxUriLength, maxHeaderLength },
    credentials: verifySession ? { verifySession: sessionHook(verifySession, logger) } : {},
    onError: (err, where) => logger.error({ err, where }, "engine error"),
  });
  metrics?.reloads.inc({ result: "ok" }); // the engine loaded at start
  metrics?.reloads.inc({ result: "failed" }, 0);
  source.on("engine", (engine, info) => {
    let retired;
    try {
      retired = guard.setEngine(engine); // checks the route table against the new engine first
    } catch (err) {
      logger.error({ err: { message: err.message, path: err.path }, version: info.version }, "new directory refused by the route table; keeping the previous engine");
      metrics?.reloads.inc({ result: "failed" });
      engine.free?.();
      return;
    }
    retired.catch((err) => logger.error({ err }, "retiring the previous engine failed"));
    logger.info({ version: info.version, reason: info.reason, ms: info.ms }, "directory loaded");
    metrics?.reloads.inc({ result: "ok" });
  });
  source.on("reload-failed", (err, reason) => {
    const { message, code, issues, endpoint, status } = err ?? {};
    logger.error({ err: { message, code, issues, endpoint, status }, reason }, "directory reload failed; keeping the previous engine");
    metrics?.reloads.inc({ result: "failed" });
  });
  source.on("unchanged", (info) => {
    logger.debug({ version: info.version, reason: info.reason, ms: info.ms }, "directory unchanged");
    metrics?.reloads.inc({ result: "ok" });
  });

  const uriH = uriHeader.toLowerCase();
  const methodH = methodHeader.toLowerCase();
  const prefix = envoyPrefix.replace(/\/+$/, "");
  let closing = false;

  /** Decides one request: `{ ok, status?, code, message?, orgId, workspaceId, ... }`. */
  async function decide(method, target, headers) {
    const r = await guard.authorize({ method, url: target, headers });
    if (!r.ok) return { ok: false, status: r.status, code: r.code, message: r.body.message, allow: r.headers.allow };
    const c = r.context;
    return { ok: true, code: c.code, route: c.route, orgId: c.orgId, workspaceId: c.workspaceId, userId: c.userId, credential: c.credential };
  }

  /** Past the staleness bound nothing is decided on the old directory (fail closed). */
  function staleness() {
    const age = source.ageSeconds();
    if (maxStalenessSeconds > 0 && age > maxStalenessSeconds) {
      return `the directory is ${age.toFixed(0)} s old, more than ${maxStalenessSeconds} s`;
    }
    return null;
  }

  async function authorize(req, res, protocol, method, target) {
    const started = process.hrtime.bigint();
    const headers = req.headersDistinct;
    const stale = staleness();
    const d = stale
      ? { ok: false, status: 503, code: "DIRECTORY_STALE", message: `not deciding: ${stale}` }
      : await decide(method, target, credentialHeaders(headers));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics?.decisions.inc({ protocol, code: d.code, route: d.route ?? "none" });
    metrics?.latency.observe({ protocol }, seconds);
    const record = {
      requestId: headers["x-request-id"]?.[0] ?? null,
      protocol,
      host: headers["x-forwarded-host"]?.[0] ?? headers.host?.[0] ?? null,
      method,
      uri: target,
      tenant: headers["x-tenant-id"] ?? null,
      organization: headers["x-organization-id"] ?? null,
      allowed: d.ok,
      code: d.code,
      workspaceId: d.workspaceId ?? null,
      orgId: d.orgId ?? null,
      userId: d.userId ?? null,
      route: d.route ?? null,
    };
    if (d.ok) {
      logger.debug(record, "allowed");
      res.statusCode = 200;
      for (const [k, h] of Object.entries(RESULT_HEADERS)) res.setHeader(h, d[k] ?? "");
      res.setHeader("content-length", "0");
      res.end();
      return;
    }
    logger.info({ ...record, status: d.status, message: d.message }, "refused");
    let status = d.status;
    // nginx treats any answer but 2xx / 401 / 403 as a failure of the service.
    if (protocol === "auth_request" && status !== 401 && status !== 403 && status < 500) status = 403;
    sendJson(res, status, { code: d.code, message: d.message }, d.allow && status === 405 ? { allow: d.allow } : {});
  }

  function readiness() {
    const cur = source.current();
    if (closing) return { ready: false, reason: "shutting down" };
    if (!cur) return { ready: false, reason: "no directory loaded" };
    const stale = staleness();
    if (stale) return { ready: false, reason: stale };
    return { ready: true, version: cur.version, ageSeconds: Math.round(source.ageSeconds()) };
  }

  async function route(req, res) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    if (path === "/auth") {
      const h = req.headersDistinct;
      if ((h[uriH]?.length ?? 0) !== 1 || (h[methodH]?.length ?? 0) !== 1) {
        return sendJson(res, 403, { code: "BAD_PROXY_REQUEST", message: `expected exactly one \`${uriH}\` and one \`${methodH}\` header` });
      }
      return authorize(req, res, "auth_request", h[methodH][0], h[uriH][0]);
    }
    if (path === "/forward-auth") {
      const h = req.headersDistinct;
      const m = h["x-forwarded-method"];
      const u = h["x-forwarded-uri"];
      if (m?.length !== 1 || u?.length !== 1) {
        return sendJson(res, 403, { code: "BAD_PROXY_REQUEST", message: "expected exactly one `x-forwarded-method` and one `x-forwarded-uri` header" });
      }
      return authorize(req, res, "forward_auth", m[0], u[0]);
    }
    if (url.startsWith(`${prefix}/`)) {
      return authorize(req, res, "ext_authz", req.method, url.slice(prefix.length));
    }
    if (path === "/healthz" && req.method === "GET") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz" && req.method === "GET") {
      const r = readiness();
      return sendJson(res, r.ready ? 200 : 503, r);
    }
    if (path === "/metrics" && req.method === "GET" && metrics) {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      return res.end(text);
    }
    if (path === "/admin/reload" && req.method === "POST") {
      if (!adminToken || req.headers.authorization !== `Bearer ${adminToken}`) {
        return sendJson(res, 403, { code: "ADMIN_FORBIDDEN", message: "the admin endpoint needs the admin token" });
      }
      const r = await source.reload("admin");
      return r.ok
        ? sendJson(res, 200, { reloaded: true, version: source.current()?.version })
        : sendJson(res, 500, { reloaded: false, message: r.error?.message ?? String(r.error) });
    }
    return sendJson(res, 404, { code: "NOT_FOUND", message: `no endpoint ${path}` });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      // Never fail open: an unexpected error is a 500 (nginx then refuses too).
      logger.error({ err }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { code: "AUTHZ_ERROR", message: "the authorization service failed on this request" });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function close() {
    closing = true;
    const done = new Promise((resolve) => server.close(resolve));
    // Keep-alive connections (nginx keeps a pool) close as soon as their
    // last request is answered; whatever is still busy at the timeout is cut.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs: shutdownTimeoutMs }, "shutdown timeout reached; closing the remaining connections");
      server.closeAllConnections();
    }, shutdownTimeoutMs);
    await done;
    clearInterval(idle);
    clearTimeout(timer);
    source.close();
    await guard.close();
  }

  return { server, guard, close, decide, readiness };
}

/** The request headers the decision reads, as the proxy sent them (repeats kept). */
const DECISION_HEADERS = ["x-api-key", "authorization", "x-organization-id", "x-tenant-id", "origin", "access-control-request-method"];
function credentialHeaders(distinct) {
  const out = {};
  for (const name of DECISION_HEADERS) {
    const v = distinct[name];
    if (v) out[name] = v.length === 1 ? v[0] : v;
  }
  return out;
}

function sessionHook(verify, logger) {
  return async (token) => {
    const r = await verify(token);
    if (r.error) logger.debug({ reason: r.error }, "session token rejected");
    return r.userId ?? null;
  };
}

/** JSON whose non-ASCII characters are escaped, so it can travel in a header too. */
function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function sendJson(res, status, body, extra = {}) {
  const text = asciiJson(body);
  res.statusCode = status;
  res.setHeader("content-type", JSON_TYPE);
  res.setHeader("cache-control", "no-store");
  if (status === 401) res.setHeader("www-authenticate", 'Bearer realm="orgpolicy"');
  if (body.code) {
    res.setHeader(RESULT_HEADERS.code, body.code);
    if (status >= 400) res.setHeader(ERROR_HEADER, text);
  }
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.setHeader("content-length", String(Buffer.byteLength(text)));
  res.end(text);
}

/** prom-client metrics for one registry: decisions, latency, directory age, reloads. */
export function createMetrics(promClient, source) {
  const registry = new promClient.Registry();
  promClient.collectDefaultMetrics({ register: registry, prefix: "orgpolicy_authz_" });
  const decisions = new promClient.Counter({
    name: "orgpolicy_authz_decisions_total",
    help: "Decisions by protocol, reason code and route",
    labelNames: ["protocol", "code", "route"],
    registers: [registry],
  });
  const latency = new promClient.Histogram({
    name: "orgpolicy_authz_decision_seconds",
    help: "Time to decide one request, from its arrival to the answer",
    labelNames: ["protocol"],
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [registry],
  });
  const reloads = new promClient.Counter({
    name: "orgpolicy_authz_directory_reloads_total",
    help: "Directory loads by result",
    labelNames: ["result"],
    registers: [registry],
  });
  new promClient.Gauge({
    name: "orgpolicy_authz_directory_age_seconds",
    help: "Seconds since the engine's directory was last known current",
    registers: [registry],
    collect() {
      this.set(source.ageSeconds());
    },
  });
  new promClient.Gauge({
    name: "orgpolicy_authz_directory_version",
    help: "How many directories this process has loaded",
    registers: [registry],
    collect() {
      this.set(source.current()?.version ?? 0);
    },
  });
  return { registry, decisions, latency, reloads };
}
