// orgpolicy/langsmith: the directory read from a running deployment's REST
// API, and kept fresh.
//
// - fetchDocuments(options): reads every endpoint the mapping needs, for
//   each organization, with standard `fetch` (Node 18+, browsers, edge
//   runtimes), following pagination, with a per-request timeout, bounded
//   concurrency and retries (429 / 5xx / network errors, honouring
//   Retry-After). Resolves to the documents `PolicyEngine.fromApi` maps.
// - createSync(options): an engine rebuilt on an interval and swapped
//   atomically; the last good engine is kept when a refresh fails, and past
//   `maxStalenessMs` the guard engine answers 503 DIRECTORY_STALE (fail
//   closed).
//
// Nothing is printed: progress and failures go to `onEvent`.

/** A failure to read the deployment (network, HTTP status, timeout, body). */
export class ConnectorFetchError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = "ConnectorFetchError";
    this.code = code;
    this.endpoint = details.endpoint ?? null;
    this.status = details.status ?? null;
    this.attempts = details.attempts ?? null;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

const API = "/api/v1";
const ENDPOINTS = {
  info: "/orgs/current/info",
  workspaces: "/workspaces",
  roles: "/orgs/current/roles",
  members: "/orgs/current/members/active",
  pending: "/orgs/current/members/pending",
  workspaceMembers: "/workspaces/current/members",
  ssoSettings: "/orgs/current/sso-settings",
  serviceKeys: "/orgs/current/service-keys",
  personalAccessTokens: "/orgs/current/personal-access-tokens",
};

/** The endpoints read, by their key in the documents (`GET /api/v1/...`). */
export const endpoints = Object.freeze(Object.fromEntries(Object.entries(ENDPOINTS).map(([k, p]) => [k, `GET ${API}${p}`])));

const DEFAULTS = {
  timeoutMs: 10_000,
  concurrency: 4,
  pageSize: 500,
  retries: 3,
  backoffMs: 250,
  maxBackoffMs: 10_000,
};

function optionError(path, message) {
  return new ConnectorFetchError("CONNECTOR_OPTIONS_INVALID", `${path}: ${message}`, {});
}

function positive(options, key, { min = 0, integer = true } = {}) {
  const v = options[key] ?? DEFAULTS[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    throw optionError(key, `expected ${integer ? "an integer" : "a number"} >= ${min}, found ${JSON.stringify(v)}`);
  }
  return v;
}

function readOptions(options) {
  if (options === null || typeof options !== "object") throw optionError("options", "expected an object");
  const { baseUrl, orgs } = options;
  if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) {
    throw optionError("baseUrl", `expected an http(s) URL, found ${JSON.stringify(baseUrl)}`);
  }
  if (!Array.isArray(orgs) || orgs.length === 0) throw optionError("orgs", "expected a non-empty array of { orgId, apiKey }");
  orgs.forEach((o, i) => {
    if (o === null || typeof o !== "object") throw optionError(`orgs[${i}]`, "expected { orgId, apiKey }");
    for (const k of ["orgId", "apiKey"]) {
      if (typeof o[k] !== "string" || o[k] === "") throw optionError(`orgs[${i}].${k}`, "expected a non-empty string");
    }
  });
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== "function") throw optionError("fetch", "no fetch function in this runtime; pass `fetch`");
  // The SDKs' apiUrl ends in /api/v1; accept it with or without.
  const root = baseUrl.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
  return {
    root,
    orgs,
    defaultOrgId: options.defaultOrgId,
    fetch: fetchFn,
    timeoutMs: positive(options, "timeoutMs", { min: 1 }),
    concurrency: positive(options, "concurrency", { min: 1 }),
    pageSize: positive(options, "pageSize", { min: 1 }),
    retries: positive(options, "retries"),
    backoffMs: positive(options, "backoffMs"),
    maxBackoffMs: positive(options, "maxBackoffMs"),
    onEvent: typeof options.onEvent === "function" ? options.onEvent : () => {},
  };
}

/** A counting semaphore: at most `n` requests on the wire. */
function limiter(n) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= n || queue.length === 0) return;
    active++;
    const { fn, resolve, reject } = queue.shift();
    fn().then(resolve, reject).finally(() => {
      active--;
      next();
    });
  };
  return (fn) =>
    new Promise((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      next();
    });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After: delta-seconds or an HTTP date; `null` when absent or unreadable. */
export function retryAfterMs(value, now = Date.now()) {
  if (value === null || value === undefined || value === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function retriable(status) {
  return status === 429 || (status >= 500 && status <= 599);
}

/** One GET with timeout and retries; resolves to the parsed JSON body. */
async function getJson(o, stats, url, headers, endpoint, org) {
  const emit = (e) => safeEmit(o.onEvent, { org, endpoint, url, ...e });
  let attempt = 0;
  for (;;) {
    attempt++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), o.timeoutMs);
    let failure;
    let wait = null;
    const started = Date.now();
    try {
      stats.requests++;
      const res = await o.fetch(url, { method: "GET", headers, signal: controller.signal });
      if (res.ok) {
        const text = await res.text();
        clearTimeout(timer);
        stats.bytes += text.length;
        emit({ type: "response", status: res.status, attempt, ms: Date.now() - started });
        try {
          return JSON.parse(text);
        } catch (e) {
          throw new ConnectorFetchError("INVALID_JSON", `${endpoint}: the answer is not JSON (${e.message})`, {
            endpoint,
            status: res.status,
            attempts: attempt,
          });
        }
      }
      clearTimeout(timer);
      // Drain the body so the connection can be reused.
      await res.text().catch(() => "");
      failure = new ConnectorFetchError("HTTP_ERROR", `${endpoint}: HTTP ${res.status}`, {
        endpoint,
        status: res.status,
        attempts: attempt,
      });
      if (!retriable(res.status)) throw failure;
      wait = retryAfterMs(res.headers.get("retry-after"));
    } catch (e) {
      clearTimeout(timer);
      if (e instanceof ConnectorFetchError && (e.code === "INVALID_JSON" || !retriable(e.status))) throw e;
      if (!(e instanceof ConnectorFetchError)) {
        const timedOut = controller.signal.aborted;
        failure = new ConnectorFetchError(
          timedOut ? "TIMEOUT" : "NETWORK_ERROR",
          timedOut ? `${endpoint}: no answer within ${o.timeoutMs} ms` : `${endpoint}: ${e?.message ?? e}`,
          { endpoint, attempts: attempt, cause: e },
        );
      } else {
        failure = e;
      }
    }
    if (attempt > o.retries) {
      emit({ type: "failed", code: failure.code, status: failure.status, attempt });
      throw failure;
    }
    const backoff = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** (attempt - 1));
    const delay = wait === null ? backoff : Math.min(Math.max(wait, backoff), o.maxBackoffMs);
    stats.retries++;
    emit({ type: "retry", code: failure.code, status: failure.status, attempt, delayMs: delay });
    await sleep(delay);
  }
}

function safeEmit(onEvent, event) {
  try {
    onEvent(event);
  } catch {
    // a listener's failure is not the connector's
  }
}

/**
 * Reads every endpoint the mapping needs, for every organization.
 * Resolves to `{ documents, stats }`: `documents` is what
 * `PolicyEngine.fromApi(config, documents)` and `directoryFromApi` take;
 * `stats` counts requests, retries and bytes.
 */
export async function fetchDocuments(options) {
  const o = readOptions(options);
  const stats = { requests: 0, retries: 0, bytes: 0, ms: 0 };
  const started = Date.now();
  const limit = limiter(o.concurrency);
  const orgs = await Promise.all(o.orgs.map((org, index) => fetchOrg(o, stats, limit, org, index)));
  stats.ms = Date.now() - started;
  const documents = { orgs };
  if (typeof o.defaultOrgId === "string") documents.defaultOrgId = o.defaultOrgId;
  safeEmit(o.onEvent, { type: "fetched", ...stats });
  return { documents, stats };
}

async function fetchOrg(o, stats, limit, org, index) {
  const base = { accept: "application/json", "x-api-key": org.apiKey };
  const orgHeaders = { ...base, "x-organization-id": org.orgId };
  const url = (path, query = "") => `${o.root}${API}${path}${query}`;
  const get = (key, query = "", headers = orgHeaders) =>
    limit(() => getJson(o, stats, url(ENDPOINTS[key], query), headers, endpoints[key], index));
  const paged = async (key) => {
    const all = [];
    for (let offset = 0; ; offset += o.pageSize) {
      const page = await get(key, `?limit=${o.pageSize}&offset=${offset}`);
      if (!Array.isArray(page)) return page; // the mapping names the problem
      all.push(...page);
      safeEmit(o.onEvent, { type: "page", org: index, endpoint: endpoints[key], offset, count: page.length });
      if (page.length < o.pageSize) return all;
    }
  };
  // Deleted workspaces are asked for too: references to them are then
  // recognised (and dropped) instead of reported as unknown.
  const [info, workspaces, roles, members, pending, ssoSettings, serviceKeys, personalAccessTokens] = await Promise.all([
    get("info"),
    get("workspaces", "?include_deleted=true"),
    get("roles"),
    paged("members"),
    paged("pending"),
    get("ssoSettings"),
    get("serviceKeys"),
    get("personalAccessTokens"),
  ]);
  const live = Array.isArray(workspaces)
    ? workspaces.filter((w) => w && typeof w === "object" && w.is_deleted === false && typeof w.id === "string")
    : [];
  const workspaceMembers = await Promise.all(
    live.map((w) => get("workspaceMembers", "", { ...base, "x-tenant-id": w.id })),
  );
  return { info, workspaces, roles, members, pending, workspaceMembers, ssoSettings, serviceKeys, personalAccessTokens };
}

// ---- Kept fresh --------------------------------------------------------------

/** SHA-256 of the documents text (the text itself where Web Crypto is missing). */
async function fingerprint(text) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return text;
  const hash = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The code the guard engine answers past the staleness bound. */
export const DIRECTORY_STALE = "DIRECTORY_STALE";

/**
 * A directory kept fresh from the deployment.
 *
 * Options: everything `fetchDocuments` takes, plus
 * - `PolicyEngine`: the class from `orgpolicy` (its `fromApi` builds engines);
 * - `config`: the instance configuration (`InstanceConfigInput`);
 * - `intervalMs` (60 000): time between refreshes;
 * - `maxStalenessMs` (5 x intervalMs): past this age without a successful
 *   refresh the guard engine answers 503 `DIRECTORY_STALE`;
 * - `now` (Date.now): the clock, for tests.
 */
export function createSync(options) {
  if (options === null || typeof options !== "object") throw optionError("options", "expected an object");
  const { PolicyEngine, config } = options;
  if (typeof PolicyEngine?.fromApi !== "function") {
    throw optionError("PolicyEngine", "expected the PolicyEngine class of orgpolicy (with fromApi)");
  }
  readOptions(options); // fail now, not at the first refresh
  const interval = options.intervalMs ?? 60_000;
  if (typeof interval !== "number" || !(interval >= 1)) {
    throw optionError("intervalMs", `expected a number >= 1, found ${JSON.stringify(interval)}`);
  }
  const maxStalenessMs = options.maxStalenessMs ?? 5 * interval;
  if (typeof maxStalenessMs !== "number" || !(maxStalenessMs > 0)) {
    throw optionError("maxStalenessMs", `expected a positive number, found ${JSON.stringify(maxStalenessMs)}`);
  }
  const now = typeof options.now === "function" ? options.now : Date.now;
  const onEvent = typeof options.onEvent === "function" ? options.onEvent : () => {};

  // The current engine and the ones retired but still leased.
  let cur = null; // { engine, active, retired }
  let lastDigest = null;
  let lastSuccessAt = null;
  let lastError = null;
  let inFlight = null;
  let timer = null;
  const counters = { refreshes: 0, failures: 0, unchanged: 0, swaps: 0 };

  const free = (slot) => {
    try {
      slot.engine.free?.();
    } catch {
      // already freed
    }
  };
  const retire = (slot) => {
    slot.retired = true;
    if (slot.active === 0) free(slot);
  };

  const isStale = () => cur === null || lastSuccessAt === null || now() - lastSuccessAt > maxStalenessMs;

  async function runRefresh() {
    const t0 = Date.now();
    let fetched;
    try {
      fetched = await fetchDocuments({ ...options, onEvent });
      const fetchMs = Date.now() - t0;
      const text = JSON.stringify(fetched.documents);
      const digest = await fingerprint(text);
      if (digest === lastDigest && cur !== null) {
        counters.unchanged++;
        lastSuccessAt = now();
        lastError = null;
        const result = { ok: true, changed: false, fetchMs, buildMs: 0, ...fetched.stats };
        safeEmit(onEvent, { type: "refreshed", ...result });
        return result;
      }
      const t1 = Date.now();
      const engine = PolicyEngine.fromApi(config, text);
      const buildMs = Date.now() - t1;
      const old = cur;
      cur = { engine, active: 0, retired: false };
      if (old) retire(old);
      counters.swaps++;
      lastDigest = digest;
      lastSuccessAt = now();
      lastError = null;
      const result = { ok: true, changed: true, fetchMs, buildMs, ...fetched.stats };
      safeEmit(onEvent, { type: "refreshed", ...result });
      return result;
    } catch (e) {
      counters.failures++;
      lastError = e;
      safeEmit(onEvent, { type: "refreshFailed", error: e, keptEngine: cur !== null, stale: isStale() });
      return { ok: false, changed: false, error: e };
    } finally {
      counters.refreshes++;
    }
  }

  const sync = {
    /**
     * Refreshes now; while a refresh runs, every call shares it (never two at
     * once). Resolves to `{ ok, changed, fetchMs, buildMs, requests, ... }`
     * or `{ ok: false, error }`; never rejects.
     */
    refresh() {
      if (!inFlight) {
        inFlight = runRefresh().finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },
    /** First refresh, then one every `intervalMs` (the timer does not keep Node alive). */
    async start() {
      const first = await sync.refresh();
      if (timer === null) {
        timer = setInterval(() => void sync.refresh(), interval);
        timer.unref?.();
      }
      return first;
    },
    /** Stops refreshing and frees the engine once no lease holds it. */
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      if (cur) retire(cur);
      cur = null;
    },
    /**
     * The current engine for a multi-step use: `{ engine, release() }`. The
     * engine stays alive until released, even if a refresh swaps it out.
     * Throws `DIRECTORY_STALE` past the staleness bound.
     */
    acquire() {
      if (isStale()) throw staleError();
      const slot = cur;
      slot.active++;
      let done = false;
      return {
        engine: slot.engine,
        release() {
          if (done) return;
          done = true;
          slot.active--;
          if (slot.retired && slot.active === 0) free(slot);
        },
      };
    },
    /**
     * For the guard's `getEngine` option: an engine whose every call runs on
     * the engine current at that moment, and whose `authorizeRequest`
     * answers 503 `DIRECTORY_STALE` past the staleness bound.
     */
    getEngine() {
      return guardEngine;
    },
    /** `{ ageMs, stale, lastSuccessAt, lastError, refreshing, memberCount, ...counters }` */
    status() {
      return {
        ageMs: lastSuccessAt === null ? null : now() - lastSuccessAt,
        stale: isStale(),
        lastSuccessAt,
        lastError,
        refreshing: inFlight !== null,
        memberCount: cur ? cur.engine.memberCount : null,
        maxStalenessMs,
        ...counters,
      };
    },
  };

  const staleError = () => {
    const age = lastSuccessAt === null ? "never synchronized" : `last synchronized ${now() - lastSuccessAt} ms ago`;
    return new ConnectorFetchError(DIRECTORY_STALE, `the directory is stale (${age}, bound ${maxStalenessMs} ms)`, {});
  };

  // Each call leases the current engine for its (synchronous) duration.
  const guardEngine = new Proxy(
    {},
    {
      get(_, prop) {
        if (prop === "then") return undefined; // not a thenable
        if (prop === "authorizeRequest") {
          return (request) => {
            if (isStale()) {
              const e = staleError();
              return { allowed: false, status: 503, code: DIRECTORY_STALE, message: e.message };
            }
            const lease = sync.acquire();
            try {
              return lease.engine.authorizeRequest(request);
            } finally {
              lease.release();
            }
          };
        }
        if (cur === null) return undefined;
        const v = cur.engine[prop];
        if (typeof v !== "function") return v;
        return (...args) => {
          const lease = sync.acquire();
          try {
            return lease.engine[prop](...args);
          } finally {
            lease.release();
          }
        };
      },
    },
  );
  return sync;
}
