#!/usr/bin/env node
// What the gateway layer adds to a decision, side by side in one process:
// per request, (a) the engine's authorizeRequest alone, (b) canonicalization
// + matching on the platform's route table (484 routes), (c) the whole
// createAuthorizer().authorize (a + b + header reading), over a mix of the
// SDK's common requests. Rounds are interleaved; medians and ratios printed.
// A benchmark, not a test: nothing fails on a slow figure.
//
//   node bench/routes.mjs [--rounds 15] [--batch 20000]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);
const mw = require("../pkg/middleware/index.js");
const { PolicyEngine } = require("../pkg/node/orgpolicy.js");

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg("--rounds", 15);
const BATCH = arg("--batch", 20000);

const engine = new PolicyEngine({}, readFileSync(`${ROOT}examples/sample-directory.json`, "utf8"));
const authz = mw.createAuthorizer({ engine, preset: "langsmith", freeOnSwap: false });
const table = mw.createRouteTable(null, { preset: "langsmith" });
const headers = { "x-api-key": "pat-bob", "x-tenant-id": "ws-1" };
const MIX = [
  ["GET", "/api/v1/datasets?limit=100&offset=0"],
  ["GET", "/api/v1/datasets/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b"],
  ["POST", "/api/v1/runs/multipart"],
  ["PATCH", "/api/v1/runs/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b"],
  ["POST", "/api/v1/runs/query"],
  ["GET", "/api/v1/sessions?limit=100"],
  ["GET", "/api/v2/runs/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b"],
  ["PUT", "/api/v1/datasets/0f4d2c1e-3b5a-4e6f-8a7b-9c0d1e2f3a4b/share"],
].map(([method, url]) => {
  const c = mw.canonicalize({ method, url, headers });
  const route = mw.matchRoute(table, c.method, c.segments).route;
  return { view: { method, url, headers }, request: { credential: { type: "apiKey", key: "pat-bob" }, tenantId: "ws-1", operation: route.operation } };
});

let sink = 0;
const variants = {
  "engine.authorizeRequest": async () => {
    for (let i = 0; i < BATCH; i++) sink += engine.authorizeRequest(MIX[i % MIX.length].request).allowed ? 1 : 0;
  },
  "canonicalize + matchRoute": async () => {
    for (let i = 0; i < BATCH; i++) {
      const c = mw.canonicalize(MIX[i % MIX.length].view);
      sink += mw.matchRoute(table, c.method, c.segments).route ? 1 : 0;
    }
  },
  "authorizer.authorize (all)": async () => {
    for (let i = 0; i < BATCH; i++) sink += (await authz.authorize(MIX[i % MIX.length].view)).ok ? 1 : 0;
  },
};

const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const f of Object.values(variants)) await f(); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, f] of Object.entries(variants)) {
    const t0 = process.hrtime.bigint();
    await f();
    samples[name].push(Number(process.hrtime.bigint() - t0) / BATCH);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const base = median(samples["engine.authorizeRequest"]);
console.log(`node ${process.version}, ${ROUNDS} interleaved rounds of ${BATCH} requests, load average ${loadavg()[0].toFixed(2)}`);
console.log("variant                          ns/request   vs engine alone");
for (const [name, s] of Object.entries(samples)) {
  const m = median(s);
  console.log(`${name.padEnd(32)} ${m.toFixed(0).padStart(10)}   ${(m / base).toFixed(2)}x`);
}
if (sink < 0) console.log(sink);
await authz.close();
engine.free();
