// orgpolicy gateway middleware: a Fetch-API guard and an Express/Connect
// adapter over one PolicyEngine's `authorizeRequest` (DOMAIN §7).
//
// This file is the source; index.js (CommonJS) is generated from it by
// `node scripts/middleware-cjs.mjs` and checked by tests/e2e.
//
// The module has no dependencies and never loads the wasm itself: pass it
// any engine built from `orgpolicy` (pkg/node or pkg/web), or anything with
// an `authorizeRequest(request)` method.
//
// Credentials (read from the request):
//   X-API-Key: <key>               -> { type: "apiKey", key }  (PATs and service keys)
//   Authorization: Bearer <token>  -> { type: "session", userId } where userId is what
//                                      the caller's `verifySession(token)` returns.
// NO JWT VERIFICATION IS BUILT IN: without `verifySession`, bearer tokens are refused
// (401 INVALID_CREDENTIAL). `X-API-Key` wins when both headers are sent.
// X-Organization-Id and X-Tenant-Id are passed to the engine as they arrive.

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const SCOPES = ["org", "workspace", "user"];
const DEFAULT_HEADER_NAMES = {
  apiKey: "x-api-key",
  organization: "x-organization-id",
  tenant: "x-tenant-id",
  authorization: "authorization",
};

/** Thrown by `createGuard` / `expressGuard` / `setEngine` for a bad route table or options. */
export class GuardConfigError extends Error {
  constructor(message, path) {
    super(path ? `${path}: ${message}` : message);
    this.name = "GuardConfigError";
    this.code = "GUARD_CONFIG_INVALID";
    this.path = path ?? null;
  }
}

function describe(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "string" ? JSON.stringify(v) : typeof v;
}

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
    return { kind: "literal", value: s };
  });
}

function compileRoutes(routes) {
  if (!Array.isArray(routes)) {
    throw new GuardConfigError(`expected an array of routes, found ${describe(routes)}`, "routes");
  }
  return routes.map((r, i) => {
    const at = `routes[${i}]`;
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
      throw new GuardConfigError(`expected scope "org", "workspace" or "user", found ${describe(r.scope)}`, `${at}.scope`);
    }
    if (r.permission !== undefined && r.permission !== null && typeof r.permission !== "string") {
      throw new GuardConfigError(`expected a permission name, found ${describe(r.permission)}`, `${at}.permission`);
    }
    if (r.scope === "user" && r.permission) {
      throw new GuardConfigError("a user-scoped route takes no permission", `${at}.permission`);
    }
    const operation = { scope: r.scope };
    if (r.permission) operation.permission = r.permission;
    const pattern = r.path;
    const segments = compilePath(pattern, at);
    const label = typeof r.name === "string" ? r.name : `${methods ? methods.join("|") : "*"} ${pattern}`;
    return { index: i, methods, segments, operation, label };
  });
}

function splitPath(pathname) {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (trimmed === "/" || trimmed === "") return [];
  const out = [];
  for (const raw of trimmed.slice(1).split("/")) {
    try {
      out.push(decodeURIComponent(raw));
    } catch {
      return null; // malformed escape: matches no route
    }
  }
  return out;
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
      if (parts[i] === "") return null;
      params[s.name] = parts[i];
    }
  }
  return parts.length === segs.length ? params : null;
}

function methodMatches(route, method) {
  return route.methods === null || route.methods.includes(method) || (method === "HEAD" && route.methods.includes("GET"));
}

/** First route whose path and method match, else the methods the path allows. */
function findRoute(routes, method, pathname) {
  const parts = splitPath(pathname);
  if (parts === null) return { route: null, params: null, allow: [] };
  const allow = new Set();
  for (const route of routes) {
    const params = matchSegments(route, parts);
    if (params === null) continue;
    if (methodMatches(route, method)) return { route, params, allow: [] };
    for (const m of route.methods ?? []) allow.add(m);
  }
  return { route: null, params: null, allow: [...allow] };
}

function denial(status, code, message, extraHeaders) {
  const headers = { ...JSON_HEADERS, ...extraHeaders };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="orgpolicy"';
  return { ok: false, status, headers, body: { code, message } };
}

function compileHeaders(names) {
  const out = { ...DEFAULT_HEADER_NAMES };
  if (names === undefined || names === null) return out;
  for (const [k, v] of Object.entries(names)) {
    if (!(k in DEFAULT_HEADER_NAMES)) throw new GuardConfigError(`unknown header option ${JSON.stringify(k)}`, "credentials.headers");
    if (typeof v !== "string" || v === "") throw new GuardConfigError(`expected a header name, found ${describe(v)}`, `credentials.headers.${k}`);
    out[k] = v.toLowerCase();
  }
  return out;
}

function blankToNull(v) {
  if (typeof v !== "string") return null;
  const t = v.trim();
  return t === "" ? null : t;
}

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

function checkRoutesAgainst(engine, routes) {
  if (engine === null || typeof engine !== "object" || typeof engine.authorizeRequest !== "function") {
    throw new GuardConfigError(`expected an engine with an authorizeRequest method, found ${describe(engine)}`, "engine");
  }
  // The engine validates the operation (unknown permission, workspace
  // permission on an org route) before it looks at the credential.
  for (const r of routes) {
    try {
      engine.authorizeRequest({ operation: r.operation });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new GuardConfigError(msg, `routes[${r.index}].permission`);
    }
  }
}

/**
 * The shared core. `view` is `{ method, url, header(name) }`.
 * Resolves to `{ ok: true, context }` or a denial `{ ok: false, status, headers, body }`.
 */
async function decide(state, view, engine) {
  const method = (view.method || "GET").toUpperCase();
  let pathname;
  try {
    // A path is appended to a fixed origin, not resolved against it, so that
    // `//host/x` stays the path `//host/x` (and matches no route).
    const raw = String(view.url);
    pathname = new URL(raw.startsWith("/") ? `http://gateway.invalid${raw}` : raw).pathname;
  } catch {
    return denial(400, "BAD_REQUEST", "the request URL cannot be parsed");
  }
  const found = findRoute(state.routes, method, pathname);
  if (!found.route) {
    if (state.unknownRoute === "pass") {
      return { ok: true, context: null };
    }
    if (found.allow.length > 0) {
      return denial(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${pathname}`, { allow: found.allow.join(", ") });
    }
    return denial(404, "ROUTE_NOT_FOUND", `no route for ${method} ${pathname}`);
  }
  const h = state.headers;
  let credential = null;
  const apiKey = blankToNull(view.header(h.apiKey));
  if (apiKey !== null) {
    credential = { type: "apiKey", key: apiKey };
  } else {
    const auth = blankToNull(view.header(h.authorization));
    const m = auth === null ? null : /^Bearer\s+(\S+)$/i.exec(auth);
    if (m) {
      if (!state.verifySession) {
        return denial(401, "INVALID_CREDENTIAL", "bearer tokens are not accepted here (no session verifier configured)");
      }
      let userId = null;
      try {
        userId = await state.verifySession(m[1], view.raw);
      } catch (e) {
        state.onError(e, "verifySession");
        userId = null;
      }
      if (typeof userId !== "string" || userId === "") {
        return denial(401, "INVALID_CREDENTIAL", "the session token was rejected");
      }
      credential = { type: "session", userId };
    }
  }
  const request = { operation: found.route.operation };
  if (credential) request.credential = credential;
  const org = blankToNull(view.header(h.organization));
  const tenant = blankToNull(view.header(h.tenant));
  if (org !== null) request.organizationId = org;
  if (tenant !== null) request.tenantId = tenant;
  let d;
  try {
    d = engine.authorizeRequest(request);
  } catch (e) {
    state.onError(e, "authorizeRequest");
    return denial(500, "GUARD_ERROR", "the authorization engine failed on this request");
  }
  if (!d.allowed) return denial(d.status, d.code, d.message);
  return {
    ok: true,
    context: {
      orgId: d.orgId,
      workspaceId: d.workspaceId,
      userId: d.userId,
      credential: credential ? credential.type : null,
      route: found.route.label,
      params: found.params,
      decision: d,
    },
  };
}

function buildState(options) {
  if (options === null || typeof options !== "object") {
    throw new GuardConfigError(`expected an options object, found ${describe(options)}`, "options");
  }
  const routes = compileRoutes(options.routes);
  const unknownRoute = options.unknownRoute ?? "reject";
  if (unknownRoute !== "reject" && unknownRoute !== "pass") {
    throw new GuardConfigError(`expected "reject" or "pass", found ${describe(unknownRoute)}`, "unknownRoute");
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
  if (holder.mode === "owned") checkRoutesAgainst(options.engine, routes);
  return {
    routes,
    unknownRoute,
    verifySession: creds.verifySession ?? null,
    headers: compileHeaders(creds.headers),
    onError,
    holder,
  };
}

function attachEngineControls(target, state) {
  target.setEngine = (next, opts) => {
    checkRoutesAgainst(next, state.routes);
    return state.holder.swap(next, opts && typeof opts.free === "boolean" ? opts.free : undefined);
  };
  target.close = (opts) => state.holder.dispose(opts && typeof opts.free === "boolean" ? opts.free : undefined);
  Object.defineProperty(target, "engine", { get: () => state.holder.current(), enumerable: true });
  target.routes = state.routes.map((r) => ({ label: r.label, operation: { ...r.operation } }));
  return target;
}

function toResponse(d) {
  return new Response(JSON.stringify(d.body), { status: d.status, headers: d.headers });
}

function fetchView(request) {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
    raw: request,
  };
}

/**
 * A Fetch-API guard: `await guard(request)` resolves to
 * `{ ok: true, orgId, workspaceId, userId, ... }` or `{ ok: false, response }`.
 */
export function createGuard(options) {
  const state = buildState(options);
  const guard = async (request) => {
    const lease = await state.holder.acquire(request);
    try {
      const d = await decide(state, fetchView(request), lease.engine);
      if (!d.ok) return { ok: false, response: toResponse(d) };
      return d.context ? { ok: true, ...d.context } : passThrough();
    } finally {
      lease.release();
    }
  };
  guard.handle = async (request, next) => {
    const lease = await state.holder.acquire(request);
    try {
      const d = await decide(state, fetchView(request), lease.engine);
      if (!d.ok) return toResponse(d);
      const context = d.context ? { ok: true, ...d.context } : passThrough();
      return await next(request, { ...context, engine: lease.engine });
    } finally {
      lease.release();
    }
  };
  return attachEngineControls(guard, state);
}

function passThrough() {
  return { ok: true, orgId: null, workspaceId: null, userId: null, credential: null, route: null, params: {}, decision: null };
}

function nodeHeader(headers, name) {
  const v = headers[name];
  if (Array.isArray(v)) return v.join(", ");
  return typeof v === "string" ? v : null;
}

function sendNode(res, d) {
  const body = JSON.stringify(d.body);
  res.statusCode = d.status;
  for (const [k, v] of Object.entries(d.headers)) res.setHeader(k, v);
  res.setHeader("content-length", String(Buffer.byteLength(body)));
  res.end(body);
}

/**
 * An Express / Connect middleware `(req, res, next)`; on success it sets
 * `req.orgpolicy = { orgId, workspaceId, userId, ... }` and calls `next()`.
 * Works on plain `node:http` request/response objects too.
 */
export function expressGuard(options) {
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
        const view = {
          method: req.method,
          url: req.originalUrl || req.url || "/",
          header: (name) => nodeHeader(req.headers || {}, name),
          raw: req,
        };
        return decide(state, view, l.engine);
      })
      .then(
        (d) => {
          if (!d.ok) {
            release();
            if (res.headersSent) return next(new Error(`orgpolicy: ${d.body.code}`));
            return sendNode(res, d);
          }
          if (d.context) {
            req.orgpolicy = { ...d.context, engine: lease.engine };
            // Keep the engine leased until the response is done.
            if (res.writableFinished || res.destroyed) release();
            else if (typeof res.once === "function") res.once("close", release);
            else release();
          } else {
            release();
          }
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
