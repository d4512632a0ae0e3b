"use strict";
// orgpolicy gateway middleware: the platform's route table, request
// canonicalization, and guards over one PolicyEngine's `authorizeRequest`
// (DOMAIN §7): `createAuthorizer` (protocol-neutral, used by forward-auth
// services), `createGuard` (Fetch API) and `expressGuard` (Express, Connect,
// node:http).
//
// This CommonJS file is the only implementation; index.mjs re-exports it for
// ES modules. No dependencies; it never loads the wasm itself: pass any
// engine built from `orgpolicy` (pkg/node or pkg/web), or anything with an
// `authorizeRequest(request)` method.
//
// Credentials (read from the request):
//   X-API-Key: <key>               -> { type: "apiKey", key }  (PATs and service keys)
//   Authorization: Bearer <token>  -> { type: "session", userId } where userId is what
//                                      the caller's `verifySession(token)` returns.
// NO JWT VERIFICATION IS BUILT IN: without `verifySession`, bearer tokens are refused
// (401 INVALID_CREDENTIAL). `X-API-Key` wins when both headers are sent.

const routing = require("./routing.js");

const {
  GuardConfigError,
  CANONICAL_CODES,
  canonicalizeRequest,
  compileRoutes,
  compileHeaderNames,
  compileLimits,
  matchRoute,
  langsmithTable,
  describe,
} = routing;

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

/** Codes the guard itself answers with (besides the engine's and CANONICAL_CODES). */
const GUARD_CODES = {
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  GUARD_ERROR: 500,
  INVALID_CREDENTIAL: 401,
};

/** Codes of requests let through without the engine. */
const PASS_CODES = ["PUBLIC_ROUTE", "PREFLIGHT", "UNKNOWN_ROUTE_PASSED"];

/** The engine holder: leases, swaps, frees retired engines once drained. */
function createEngineHolder(options) {
  const hasEngine = options.engine !== undefined && options.engine !== null;
  const hasGetter = typeof options.getEngine === "function";
  if (hasEngine === hasGetter) {
    throw new GuardConfigError("pass exactly one of `engine` or `getEngine`", hasEngine ? "getEngine" : "engine");
  }
  if (hasGetter) {
    // The caller owns these engines and their lifetime.
    return {
      mode: "getter",
      async acquire(request) {
        const engine = await options.getEngine(request);
        return { engine, release() {} };
      },
      current() {
        return null;
      },
      swap() {
        throw new GuardConfigError("setEngine needs a guard made with `engine`, not `getEngine`", "setEngine");
      },
      dispose() {
        return Promise.resolve();
      },
    };
  }
  const slot = (engine, freeOnRetire) => ({ engine, active: 0, retired: false, freeOnRetire, drained: null, resolveDrained: null });
  let cur = slot(options.engine, options.freeOnSwap !== false);
  const finish = (s) => {
    if (s.freeOnRetire && typeof s.engine.free === "function") {
      try {
        s.engine.free();
      } catch {
        // already freed by its owner: nothing to do
      }
    }
    if (s.resolveDrained) s.resolveDrained();
  };
  const retire = (s, free) => {
    s.retired = true;
    if (free !== undefined) s.freeOnRetire = free;
    s.drained = new Promise((resolve) => {
      s.resolveDrained = resolve;
    });
    if (s.active === 0) finish(s);
    return s.drained;
  };
  return {
    mode: "owned",
    acquire() {
      const s = cur;
      s.active++;
      let done = false;
      return {
        engine: s.engine,
        release() {
          if (done) return;
          done = true;
          s.active--;
          if (s.retired && s.active === 0) finish(s);
        },
      };
    },
    current() {
      return cur.engine;
    },
    swap(next, free) {
      const old = cur;
      cur = slot(next, options.freeOnSwap !== false);
      return retire(old, free);
    },
    dispose(free) {
      return retire(cur, free);
    },
    inFlight() {
      return cur.active;
    },
  };
}

function checkRoutesAgainst(engine, table) {
  if (engine === null || typeof engine !== "object" || typeof engine.authorizeRequest !== "function") {
    throw new GuardConfigError(`expected an engine with an authorizeRequest method, found ${describe(engine)}`, "engine");
  }
  // The engine validates the operation (unknown permission, workspace
  // permission on an org route) before it looks at the credential.
  const seen = new Set();
  for (const r of table.routes) {
    if (r.operation.scope === "public") continue;
    const key = `${r.operation.scope} ${r.operation.permission ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      engine.authorizeRequest({ operation: r.operation });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new GuardConfigError(msg, `${r.at}.permission`);
    }
  }
}

function denial(status, code, message, extraHeaders) {
  const headers = { ...JSON_HEADERS, ...extraHeaders };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="orgpolicy"';
  return { ok: false, status, code, headers, body: { code, message } };
}

/** A refusal with one of the guard's own codes (status from GUARD_CODES). */
function refuse(code, message, extraHeaders) {
  return denial(GUARD_CODES[code], code, message, extraHeaders);
}

function passContext(code, found) {
  return {
    code,
    orgId: null,
    workspaceId: null,
    userId: null,
    credential: null,
    route: found && found.route ? found.route.label : null,
    operation: found && found.route ? { ...found.route.operation } : null,
    params: found && found.params ? found.params : {},
    decision: null,
  };
}

/**
 * The shared core. `view` is `{ method, url, headers, raw }` (headers: a
 * Fetch `Headers`, a Node-style object or a getter). Resolves to
 * `{ ok: true, context }` or a denial `{ ok: false, status, code, headers, body }`.
 */
async function decide(state, view, engine) {
  const c = canonicalizeRequest(view, state);
  if (!c.ok) return denial(c.status, c.code, c.message);
  if (c.preflight !== null && state.preflight === "pass") {
    const pre = matchRoute(state.table, c.preflight, c.segments);
    if (pre.route) return { ok: true, context: passContext("PREFLIGHT", pre) };
  }
  const found = matchRoute(state.table, c.method, c.segments);
  if (!found.route) {
    if (state.unknownRoute === "pass") return { ok: true, context: passContext("UNKNOWN_ROUTE_PASSED", null) };
    if (found.allow.length > 0) {
      return refuse("METHOD_NOT_ALLOWED", `${c.method} is not allowed on ${c.path}`, { allow: found.allow.join(", ") });
    }
    return refuse("ROUTE_NOT_FOUND", `no route for ${c.method} ${c.path}`);
  }
  if (found.route.operation.scope === "public") return { ok: true, context: passContext("PUBLIC_ROUTE", found) };
  let credential = null;
  if (c.headers.apiKey !== null) {
    credential = { type: "apiKey", key: c.headers.apiKey };
  } else if (c.headers.authorization !== null) {
    const m = /^Bearer\s+(\S+)$/i.exec(c.headers.authorization);
    if (m) {
      if (!state.verifySession) {
        return refuse("INVALID_CREDENTIAL", "bearer tokens are not accepted here (no session verifier configured)");
      }
      let userId = null;
      try {
        userId = await state.verifySession(m[1], view.raw);
      } catch (e) {
        state.onError(e, "verifySession");
        userId = null;
      }
      if (typeof userId !== "string" || userId === "") {
        return refuse("INVALID_CREDENTIAL", "the session token was rejected");
      }
      credential = { type: "session", userId };
    }
  }
  const request = { operation: found.route.operation };
  if (credential) request.credential = credential;
  if (c.headers.organization !== null) request.organizationId = c.headers.organization;
  if (c.headers.tenant !== null) request.tenantId = c.headers.tenant;
  let d;
  try {
    d = engine.authorizeRequest(request);
  } catch (e) {
    state.onError(e, "authorizeRequest");
    return refuse("GUARD_ERROR", "the authorization engine failed on this request");
  }
  if (!d || d.allowed !== true) {
    if (d && typeof d.status === "number" && typeof d.code === "string") return denial(d.status, d.code, d.message);
    state.onError(new Error("authorizeRequest returned no decision"), "authorizeRequest");
    return refuse("GUARD_ERROR", "the authorization engine failed on this request");
  }
  return {
    ok: true,
    context: {
      code: d.code,
      orgId: d.orgId ?? null,
      workspaceId: d.workspaceId ?? null,
      userId: d.userId ?? null,
      credential: credential ? credential.type : null,
      route: found.route.label,
      operation: { ...found.route.operation },
      params: found.params,
      decision: d,
    },
  };
}

const PREFLIGHT_MODES = ["pass", "reject"];

function buildState(options) {
  if (options === null || typeof options !== "object") {
    throw new GuardConfigError(`expected an options object, found ${describe(options)}`, "options");
  }
  const table = compileRoutes(options.routes, options.preset);
  const unknownRoute = options.unknownRoute ?? "reject";
  if (unknownRoute !== "reject" && unknownRoute !== "pass") {
    throw new GuardConfigError(`expected "reject" or "pass", found ${describe(unknownRoute)}`, "unknownRoute");
  }
  const preflight = options.preflight ?? "pass";
  if (!PREFLIGHT_MODES.includes(preflight)) {
    throw new GuardConfigError(`expected "pass" or "reject", found ${describe(preflight)}`, "preflight");
  }
  const creds = options.credentials ?? {};
  if (creds === null || typeof creds !== "object") {
    throw new GuardConfigError(`expected an object, found ${describe(creds)}`, "credentials");
  }
  if (creds.verifySession !== undefined && typeof creds.verifySession !== "function") {
    throw new GuardConfigError(`expected a function, found ${describe(creds.verifySession)}`, "credentials.verifySession");
  }
  const onError =
    typeof options.onError === "function"
      ? options.onError
      : (err, where) => {
          console.error(`[orgpolicy guard] ${where}:`, err);
        };
  const holder = createEngineHolder(options);
  if (holder.mode === "owned") checkRoutesAgainst(options.engine, table);
  return {
    table,
    unknownRoute,
    preflight,
    verifySession: creds.verifySession ?? null,
    headerNames: compileHeaderNames(creds.headers),
    limits: compileLimits(options.limits),
    onError,
    holder,
  };
}

function attachEngineControls(target, state) {
  target.setEngine = (next, opts) => {
    checkRoutesAgainst(next, state.table);
    return state.holder.swap(next, opts && typeof opts.free === "boolean" ? opts.free : undefined);
  };
  target.close = (opts) => state.holder.dispose(opts && typeof opts.free === "boolean" ? opts.free : undefined);
  Object.defineProperty(target, "engine", { get: () => state.holder.current(), enumerable: true });
  target.routes = state.table.routes.map((r) => ({ label: r.label, operation: { ...r.operation } }));
  return target;
}

/**
 * The protocol-neutral core, for services that speak a proxy's protocol
 * (nginx auth_request, Caddy forward_auth, Envoy ext_authz):
 * `await authorizer.authorize({ method, url, headers })` resolves to
 * `{ ok: true, context }` or `{ ok: false, status, code, headers, body }`.
 * The engine is leased for the call only.
 */
function createAuthorizer(options) {
  const state = buildState(options);
  const authorizer = {
    async authorize(view) {
      const lease = await state.holder.acquire(view && view.raw !== undefined ? view.raw : view);
      try {
        return await decide(state, view, lease.engine);
      } finally {
        lease.release();
      }
    },
  };
  return attachEngineControls(authorizer, state);
}

function toResponse(d) {
  return new Response(JSON.stringify(d.body), { status: d.status, headers: d.headers });
}

function fetchView(request) {
  return { method: request.method, url: request.url, headers: request.headers, raw: request };
}

/**
 * A Fetch-API guard: `await guard(request)` resolves to
 * `{ ok: true, orgId, workspaceId, userId, ... }` or `{ ok: false, response }`.
 */
function createGuard(options) {
  const state = buildState(options);
  const guard = async (request) => {
    const lease = await state.holder.acquire(request);
    try {
      const d = await decide(state, fetchView(request), lease.engine);
      if (!d.ok) return { ok: false, response: toResponse(d) };
      return { ok: true, ...d.context };
    } finally {
      lease.release();
    }
  };
  guard.handle = async (request, next) => {
    const lease = await state.holder.acquire(request);
    try {
      const d = await decide(state, fetchView(request), lease.engine);
      if (!d.ok) return toResponse(d);
      return await next(request, { ok: true, ...d.context, engine: lease.engine });
    } finally {
      lease.release();
    }
  };
  return attachEngineControls(guard, state);
}

function sendNode(res, d) {
  const body = JSON.stringify(d.body);
  res.statusCode = d.status;
  for (const [k, v] of Object.entries(d.headers)) res.setHeader(k, v);
  res.setHeader("content-length", String(Buffer.byteLength(body)));
  res.end(body);
}

/** A Node request's headers, with repeated headers kept apart when Node offers it (`headersDistinct`). */
function nodeHeaders(req) {
  const distinct = req.headersDistinct;
  if (distinct && typeof distinct === "object") return distinct;
  return req.headers || {};
}

/**
 * An Express / Connect middleware `(req, res, next)`; on success it sets
 * `req.orgpolicy = { orgId, workspaceId, userId, ... }` and calls `next()`.
 * Works on plain `node:http` request/response objects too.
 */
function expressGuard(options) {
  const state = buildState(options);
  const middleware = (req, res, next) => {
    let lease = null;
    const release = () => {
      if (lease) {
        const l = lease;
        lease = null;
        l.release();
      }
    };
    Promise.resolve(state.holder.acquire(req))
      .then((l) => {
        lease = l;
        const view = { method: req.method, url: req.originalUrl || req.url || "/", headers: nodeHeaders(req), raw: req };
        return decide(state, view, l.engine);
      })
      .then(
        (d) => {
          if (!d.ok) {
            release();
            if (res.headersSent) return next(new Error(`orgpolicy: ${d.body.code}`));
            return sendNode(res, d);
          }
          req.orgpolicy = { ok: true, ...d.context, engine: lease.engine };
          // Keep the engine leased until the response is done.
          if (res.writableFinished || res.destroyed) release();
          else if (typeof res.once === "function") res.once("close", release);
          else release();
          return next();
        },
        (err) => {
          release();
          next(err);
        },
      )
      .catch((err) => state.onError(err, "next"));
  };
  return attachEngineControls(middleware, state);
}

/** Canonicalizes a request as the guards do (see routing.js); `options`: `{ limits, headers }`. */
function canonicalize(request, options) {
  return canonicalizeRequest(request, {
    limits: compileLimits(options && options.limits),
    headerNames: compileHeaderNames(options && options.headers),
  });
}

/** Compiles a route table for `matchRoute`: `routes` first, then `options.preset`'s. */
function createRouteTable(routes, options) {
  return compileRoutes(routes, options && options.preset);
}

module.exports = {
  createGuard,
  expressGuard,
  createAuthorizer,
  GuardConfigError,
  canonicalize,
  createRouteTable,
  matchRoute,
  langsmithTable,
  CANONICAL_CODES,
  GUARD_CODES,
  PASS_CODES,
};
