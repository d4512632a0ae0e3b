#!/usr/bin/env node
// An example API gateway in front of an LLM-observability backend: every
// request is authorized by orgpolicy (credential + X-Organization-Id +
// X-Tenant-Id against the route's operation) before it would be proxied.
// Here the "upstream" is simulated: allowed requests get a JSON echo of the
// resolved organization, workspace and user.
//
//   node examples/gateway/server.mjs           (needs the package built: scripts/build.sh)
//
// Environment:
//   PORT             port on 127.0.0.1 (default 8787; 0 = a random free port)
//   DIRECTORY        directory JSON (default examples/sample-directory.json)
//   CONFIG_ENV       optional Docker `.env` file with the instance switches
//   HELM_VALUES      optional Helm `values.yaml` with the instance switches
//   GATEWAY_ADAPTER  `fetch` (default: createGuard over a Fetch Request) or
//                    `express` (expressGuard used as plain node:http middleware)
//
// Reload: `kill -HUP <pid>` rereads DIRECTORY / CONFIG_ENV / HELM_VALUES and
// swaps the engine without dropping requests (in-flight requests finish on
// the engine they started with; the old engine is freed afterwards).
//
// Sessions: this example accepts `Authorization: Bearer demo-session:<userId>`
// WITHOUT ANY VERIFICATION, to show the flow. A real gateway verifies a JWT
// in `verifySession` and returns its user id.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { createGuard, expressGuard } from "../../pkg/middleware/index.mjs";

const require = createRequire(import.meta.url);
const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");
const { loadConfig } = require("../../pkg/config/node/orgpolicy_config.js");

const DEFAULT_DIRECTORY = fileURLToPath(new URL("../sample-directory.json", import.meta.url));

/**
 * The gateway's routes: the platform's whole API (`preset: "langsmith"`,
 * generated from its openapi.json) — every request is matched against it and
 * authorized for the operation it names. `routes` listed here are tried
 * first: this one adds the demo's own status endpoint as public.
 */
export const routeOptions = {
  preset: "langsmith",
  routes: [{ method: "GET", path: "/demo/status", scope: "public", name: "demo-status" }],
};

/** DEMO ONLY: trusts `demo-session:<userId>` tokens. Verify a real JWT here. */
function demoVerifySession(token) {
  const m = /^demo-session:(.+)$/.exec(token);
  return m ? m[1] : null;
}

/** Reads the configuration and directory files and builds an engine. */
export function buildEngine({ directory = DEFAULT_DIRECTORY, env, helmValues } = {}) {
  const sources = {};
  if (env) sources.env = readFileSync(env, "utf8");
  if (helmValues) sources.helmValues = readFileSync(helmValues, "utf8");
  const { config, warnings } = loadConfig(sources);
  for (const w of warnings) console.warn(`[gateway] config warning: ${w.key}${w.line ? ` (line ${w.line})` : ""}: ${w.message}`);
  return new PolicyEngine(config, readFileSync(directory, "utf8"));
}

function delayFrom(url) {
  const d = Number(new URL(url, "http://x").searchParams.get("delay") ?? 0);
  return Number.isFinite(d) ? Math.min(Math.max(d, 0), 2000) : 0;
}

/** The simulated upstream: what it would answer, echoing the resolved scope. */
async function upstream(method, url, ctx) {
  // `?delay=ms` simulates a slow backend (used by the engine-swap test).
  const delay = delayFrom(url);
  if (delay > 0) await sleep(delay);
  // The request still holds its engine here, even if a reload happened meanwhile.
  let workspaceRole = null;
  if (ctx.userId && ctx.orgId && ctx.workspaceId) {
    workspaceRole = ctx.engine.permissions(ctx.userId, ctx.orgId, ctx.workspaceId).workspaceRole;
  }
  return {
    proxied: `${method} ${new URL(url, "http://x").pathname}`,
    route: ctx.route,
    params: ctx.params,
    orgId: ctx.orgId,
    workspaceId: ctx.workspaceId,
    userId: ctx.userId,
    credential: ctx.credential,
    workspaceRole,
  };
}

function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function toFetchRequest(req, base) {
  const headers = new Headers();
  // headersDistinct keeps repeated headers apart (Node joins or drops them in req.headers).
  for (const [k, v] of Object.entries(req.headersDistinct ?? req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  // Only the method, URL and headers matter to the guard; a real proxy would stream the body on.
  // Appended, not resolved: `//other-host/x` must stay a path on this host.
  return new Request(`${base}${req.url.startsWith("/") ? req.url : `/${req.url}`}`, { method: req.method, headers });
}

async function writeFetchResponse(res, response) {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(body);
}

/**
 * Starts the gateway. Resolves to `{ url, server, guard, reload, close }`.
 * `reload()` rebuilds the engine from the files and swaps it in.
 */
export async function startGateway({
  port = 8787,
  host = "127.0.0.1",
  directory = DEFAULT_DIRECTORY,
  env,
  helmValues,
  adapter = "fetch",
  log = console.log,
} = {}) {
  const files = { directory, env, helmValues };
  const options = {
    engine: buildEngine(files),
    ...routeOptions,
    credentials: { verifySession: demoVerifySession },
  };
  let generation = 1;
  let handler;
  let guard;
  if (adapter === "express") {
    guard = expressGuard(options);
    handler = (req, res) => {
      guard(req, res, (err) => {
        if (err) return sendJson(res, 500, { code: "GATEWAY_ERROR", message: String(err) });
        upstream(req.method, req.url, req.orgpolicy).then(
          (body) => sendJson(res, 200, body),
          (e) => sendJson(res, 500, { code: "GATEWAY_ERROR", message: String(e) }),
        );
      });
    };
  } else if (adapter === "fetch") {
    guard = createGuard(options);
    handler = (req, res) => {
      const request = toFetchRequest(req, `http://${req.headers.host ?? host}`);
      guard
        .handle(request, async (r, ctx) => Response.json(await upstream(r.method, r.url, ctx)))
        .then((response) => writeFetchResponse(res, response))
        .catch((e) => sendJson(res, 500, { code: "GATEWAY_ERROR", message: String(e) }));
    };
  } else {
    throw new Error(`GATEWAY_ADAPTER must be "fetch" or "express", not ${JSON.stringify(adapter)}`);
  }

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      return sendJson(res, 200, { ok: true, generation, adapter });
    }
    handler(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const { port: actual } = server.address();
  const url = `http://${host}:${actual}`;

  const reload = async () => {
    const next = buildEngine(files); // throws on a bad file: the old engine stays
    const gen = ++generation;
    const drained = guard.setEngine(next);
    log(`[gateway] reloaded: engine generation ${gen} serves new requests`);
    await drained;
    log(`[gateway] engine generation ${gen - 1} drained and freed`);
  };
  const close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await guard.close();
  };
  return { url, server, guard, reload, close };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = process.env.PORT === undefined || process.env.PORT === "" ? 8787 : Number(process.env.PORT);
  const gw = await startGateway({
    port,
    directory: process.env.DIRECTORY || DEFAULT_DIRECTORY,
    env: process.env.CONFIG_ENV || undefined,
    helmValues: process.env.HELM_VALUES || undefined,
    adapter: process.env.GATEWAY_ADAPTER || "fetch",
  });
  console.log(`orgpolicy gateway listening on ${gw.url} (adapter: ${process.env.GATEWAY_ADAPTER || "fetch"})`);
  console.log(`  try: curl -s -H 'X-API-Key: pat-bob' ${gw.url}/api/v1/runs/42 (the platform's API, ${gw.guard.routes.length} routes)`);
  process.on("SIGHUP", () => {
    gw.reload().catch((e) => console.error(`[gateway] reload failed, keeping the current engine: ${e.message}`));
  });
  const stop = () => gw.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
