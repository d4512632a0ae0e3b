// Connector benchmark: syncing a deployment of N members from the platform
// stand-in on 127.0.0.1, split into fetch (HTTP + JSON.parse), map (API
// documents -> directory document, in wasm) and build (directory -> engine),
// with the request count, memory, and a refresh that finds no change.
//
//   node --expose-gc bench/connector.mjs [members=10000] [runs=5]
//
// Prints medians of `runs` runs in one process (the stand-in shares the
// machine, so fetch times include its serving work), then the native
// phases of the same documents (examples/connector_profile.rs).
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import os from "node:os";
import fs from "node:fs";
import { execFileSync } from "node:child_process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const { PolicyEngine, directoryFromApi } = require(path.join(root, "pkg/node/orgpolicy.js"));
const { fetchDocuments, createSync } = await import(path.join(root, "pkg/langsmith/index.mjs"));
const { startStandin, largeDeployment } = await import(path.join(root, "examples/standin/server.mjs"));

const members = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (n) => (n / 1024 / 1024).toFixed(1);

const deployment = largeDeployment(members);
const standin = await startStandin({ deployment });
const org = deployment.orgs[0];
const options = { baseUrl: standin.url, orgs: [{ orgId: org.info.id, apiKey: org.apiKey }], defaultOrgId: deployment.defaultOrgId };

// The sync: a first refresh, then refreshes that find no change. Memory:
// what stays after the first sync, after a full GC (the engine lives in
// wasm memory, which keeps the size of the peak: the documents text, its
// parsed tree and the directory during PolicyEngine.fromApi).
const settled = () => {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed, external: m.external };
};
const before = settled();
const sync = createSync({ ...options, PolicyEngine, config: {} });
const first = await sync.start();
const after = settled();
const unchanged = [];
let unchangedRequests = 0;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = await sync.refresh();
  unchanged.push(performance.now() - t);
  if (r.changed) throw new Error("a refresh of an unchanged deployment rebuilt the engine");
  unchangedRequests = r.requests;
}
sync.stop();

const rows = { fetch: [], stringify: [], map: [], build: [], fromApi: [] };
let requests = 0;
let bytes = 0;
let dirBytes = 0;
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const { documents, stats } = await fetchDocuments(options);
  rows.fetch.push(performance.now() - t);
  requests = stats.requests;
  bytes = stats.bytes;
  t = performance.now();
  const text = JSON.stringify(documents);
  rows.stringify.push(performance.now() - t);
  t = performance.now();
  const dir = directoryFromApi(text);
  rows.map.push(performance.now() - t);
  dirBytes = dir.length;
  t = performance.now();
  const engine = new PolicyEngine({}, dir);
  rows.build.push(performance.now() - t);
  engine.free();
  t = performance.now();
  const direct = PolicyEngine.fromApi({}, text);
  rows.fromApi.push(performance.now() - t);
  direct.free();
}

await standin.close();

const line = (name, ms, note = "") => console.log(`${name.padEnd(34)}${ms.toFixed(1).padStart(9)} ms  ${note}`);
console.log(`connector sync, ${members} members (${deployment.orgs[0].pending.length} invites, 20 workspaces), median of ${runs}; ${os.cpus().length} cores, ${os.loadavg()[0].toFixed(2)} load, node ${process.version}`);
line("fetch (HTTP + JSON.parse)", median(rows.fetch), `${requests} requests, ${mb(bytes)} MB of JSON`);
line("JSON.stringify of the documents", median(rows.stringify));
line("map (directoryFromApi, wasm)", median(rows.map), `directory JSON ${mb(dirBytes)} MB`);
line("build (new PolicyEngine from it)", median(rows.build));
line("map + build (PolicyEngine.fromApi)", median(rows.fromApi), "what a refresh does");
line("first sync (sync.start)", first.fetchMs + first.buildMs, `fetch ${first.fetchMs} + build ${first.buildMs}`);
line("refresh that finds no change", median(unchanged), `${unchangedRequests} requests, no rebuild`);
console.log(
  `memory kept by the sync${global.gc ? "" : " (run with --expose-gc for settled figures)"}: RSS +${mb(after.rss - before.rss)} MB, ` +
    `JS heap +${mb(after.js - before.js)} MB, wasm memory and other external +${mb(after.external - before.external)} MB (measured first, in a fresh process; wasm memory keeps its peak size)`,
);

const docsFile = path.join(root, "target", "connector-documents.json");
const { documents } = await (async () => {
  const s = await startStandin({ deployment });
  try {
    return await fetchDocuments({ ...options, baseUrl: s.url });
  } finally {
    await s.close();
  }
})();
fs.writeFileSync(docsFile, JSON.stringify(documents));
console.log(
  execFileSync("cargo", ["run", "--release", "-q", "--example", "connector_profile", "--", docsFile], { cwd: root, encoding: "utf8" }).trim(),
);
