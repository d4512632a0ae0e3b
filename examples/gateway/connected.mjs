#!/usr/bin/env node
// The example gateway with its directory read from a running deployment
// instead of a file: orgpolicy/langsmith keeps the engine fresh, and past
// the staleness bound every request is refused with 503 DIRECTORY_STALE.
//
//   node examples/gateway/connected.mjs      (needs the package built: scripts/build.sh)
//
// Environment:
//   LANGSMITH_URL      the deployment (default: start the local stand-in, examples/standin)
//   LANGSMITH_ORGS     `orgId=apiKey,orgId=apiKey` (one org-admin key per organization;
//                      default: the stand-in's organizations)
//   PORT               port on 127.0.0.1 (default 8788; 0 = a random free port)
//   REFRESH_MS         refresh interval (default 60000); staleness bound: 5 intervals
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { createGuard } from "../../pkg/middleware/index.mjs";
import { createSync } from "../../pkg/langsmith/index.mjs";
import { routeOptions } from "./server.mjs";

const require = createRequire(import.meta.url);
const { PolicyEngine } = require("../../pkg/node/orgpolicy.js");

/**
 * Starts a gateway whose engine comes from `baseUrl`. Resolves to
 * `{ url, sync, close }` once the first refresh is done (even a failed one:
 * the gateway then answers 503 until a refresh succeeds).
 */
export async function startConnectedGateway({ baseUrl, orgs, config = {}, port = 8788, intervalMs = 60_000, onEvent } = {}) {
  const sync = createSync({ PolicyEngine, config, baseUrl, orgs, intervalMs, onEvent });
  await sync.start();
  const guard = createGuard({ getEngine: () => sync.getEngine(), ...routeOptions });
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://gateway.local${req.url}`, { method: req.method, headers });
    const r = await guard(request);
    if (!r.ok) {
      res.writeHead(r.response.status, Object.fromEntries(r.response.headers));
      res.end(Buffer.from(await r.response.arrayBuffer()));
      return;
    }
    // A real gateway proxies to the platform here.
    const body = JSON.stringify({ allowed: true, orgId: r.orgId, workspaceId: r.workspaceId, userId: r.userId });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sync,
    close: async () => {
      sync.stop();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let baseUrl = process.env.LANGSMITH_URL;
  let orgs = (process.env.LANGSMITH_ORGS ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => {
      const [orgId, apiKey] = pair.split("=");
      return { orgId, apiKey };
    });
  if (!baseUrl) {
    const { startStandin, smallDeployment } = await import("../standin/server.mjs");
    const deployment = smallDeployment();
    const standin = await startStandin({ deployment });
    baseUrl = standin.url;
    orgs = deployment.orgs.map((o) => ({ orgId: o.info.id, apiKey: o.apiKey }));
    console.log(`platform stand-in on ${baseUrl}`);
  }
  const gw = await startConnectedGateway({
    baseUrl,
    orgs,
    port: process.env.PORT === undefined || process.env.PORT === "" ? 8788 : Number(process.env.PORT),
    intervalMs: Number(process.env.REFRESH_MS ?? 60_000),
    onEvent: (e) => {
      if (e.type === "refreshed") console.log(`[gateway] directory refreshed (changed: ${e.changed}, ${e.requests} requests)`);
      if (e.type === "refreshFailed") console.log(`[gateway] refresh failed, keeping the last good directory: ${e.error?.message}`);
    },
  });
  console.log(`orgpolicy gateway (directory from ${baseUrl}) on ${gw.url}`);
  console.log(`  try: curl -s -H 'X-API-Key: 00000009-0000-4000-8000-000000000301' -H 'X-Tenant-Id: 0000000b-0000-4000-8000-000000000012' ${gw.url}/api/v1/runs/42`);
}
