// Load benchmark of orgpolicy-authz behind nginx (run by scripts/bench-authz.sh).
//
// One run, side by side, on 127.0.0.1: autocannon against
//   A. nginx alone in front of the upstream (examples/authz/nginx.conf without auth_request)
//   B. the same nginx with auth_request -> 1 orgpolicy-authz instance
//   C. the same nginx with auth_request -> 2 orgpolicy-authz instances (nginx `upstream`)
// while the directory file is rewritten every second (each instance reloads it).
// The request mix cycles through allowed and refused requests; every answer
// is checked against the decision expected for it, and wrong or failed
// answers are counted. Prints requests/s, p50 / p99 latency and the ratios.
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=32
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ROOT, SAMPLE_DIRECTORY, freePort, startAuthz, startNginx, tempDir } from "../tests/authz/support.mjs";

const autocannon = createRequire(`${ROOT}tools/package.json`)("autocannon");
const pkgRequire = createRequire(`${ROOT}pkg/package.json`);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

/** The mix: [method, path, headers, status expected through authz, workspace the upstream must be told]. */
const MIX = [
  ["GET", "/api/v1/datasets?limit=10", { "x-api-key": "key-production" }, 200, "ws-production"],
  ["POST", "/api/v1/runs/query", { "x-api-key": "key-org", "x-tenant-id": "ws-1" }, 200, "ws-1"],
  ["GET", "/api/v2/runs/6c1f2e3a-0000-4000-8000-000000000001", { "x-api-key": "pat-victor" }, 200, "ws-1"],
  ["POST", "/api/v1/runs", { "x-api-key": "pat-victor" }, 403],
  ["GET", "/api/v1/datasets", { "x-api-key": "key-production", "x-tenant-id": "ws-1" }, 403],
  ["GET", "/api/v1/datasets", {}, 401],
  ["GET", "/api/v1/info", {}, 200, ""],
].map(([method, path, headers, status, workspace], i) => [method, `${path}${path.includes("?") ? "&" : "?"}case=${i}`, headers, status, workspace]);

/**
 * Every answer is checked twice: its status against the request autocannon
 * attributes it to, and, for answers that reached the upstream, against the
 * request the upstream itself says it served (its echo of the target and of
 * the workspace it was told): a refused case there, or another workspace,
 * is a wrong decision whatever the attribution.
 */
async function load(url, { checkDecisions }) {
  const wrong = { count: 0, examples: [] };
  const flag = (what) => {
    wrong.count++;
    if (wrong.examples.length < 5) wrong.examples.push(what);
  };
  const requests = MIX.map(([method, path, headers, expected]) => ({
    method,
    path,
    headers,
    onResponse: (status, _body, _ctx, h) => {
      const want = checkDecisions ? expected : 200;
      if (status !== want) flag(`${method} ${path} -> ${status} (expected ${want})`);
      if (!checkDecisions || status !== 200) return;
      const served = Number(/[?&]case=(\d+)/.exec(h?.["x-echo-target"] ?? "")?.[1]);
      const c = MIX[served];
      if (!c || c[3] !== 200 || (h["x-echo-workspace"] ?? "") !== c[4]) {
        flag(`the upstream served ${h?.["x-echo-target"]} for workspace ${h?.["x-echo-workspace"]}`);
      }
    },
  }));
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors + r.timeouts,
    wrong,
  };
}

function startUpstreamProcess(port) {
  const child = spawn(process.execPath, [join(ROOT, "tests/authz/upstream.mjs"), String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`upstream exited with ${code}`)));
  });
}

/** Rewrites the directory every second (a user added / removed: decisions unchanged). */
function startReloads(file, base) {
  let n = 0;
  const timer = setInterval(() => {
    const d = JSON.parse(base);
    if (n % 2 === 0) d.users = [...(d.users ?? []), { id: `user-bench-${n}`, email: `bench-${n}@example.com` }];
    writeFileSync(`${file}.tmp`, JSON.stringify(d));
    renameSync(`${file}.tmp`, file);
    n++;
  }, 1000);
  return { stop: () => clearInterval(timer), count: () => n };
}

async function reloadsOf(authz) {
  const m = await (await fetch(`${authz.url}/metrics`)).text();
  return Number(/orgpolicy_authz_directory_reloads_total\{result="ok"\} (\d+)/.exec(m)?.[1] ?? 0);
}

/** The decision alone, in this process (no HTTP): µs per call over the mix. */
async function decisionCost() {
  const { createAuthzService, FileEngineSource } = await import("../pkg/authz/index.mjs");
  const pino = pkgRequire("pino");
  const orgpolicy = {
    PolicyEngine: pkgRequire("./node/orgpolicy.js").PolicyEngine,
    loadConfig: pkgRequire("./config/node/orgpolicy_config.js").loadConfig,
  };
  const source = new FileEngineSource({ orgpolicy, directory: SAMPLE_DIRECTORY, watch: false });
  await source.start();
  const service = createAuthzService({ source, logger: pino({ level: "silent" }) });
  const n = 20000;
  for (let i = 0; i < 2000; i++) await service.decide(MIX[i % MIX.length][0], MIX[i % MIX.length][1], MIX[i % MIX.length][2]);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const [method, path, headers] = MIX[i % MIX.length];
    await service.decide(method, path, headers);
  }
  const us = Number(process.hrtime.bigint() - t0) / n / 1000;
  await service.close();
  return us;
}

const decisionUs = await decisionCost();
const dir = tempDir("orgpolicy-bench-");
const directory = join(dir, "directory.json");
const base = readFileSync(SAMPLE_DIRECTORY, "utf8");
writeFileSync(directory, base);

const upstreamPort = await freePort();
const upstream = await startUpstreamProcess(upstreamPort);
const upstreamAddr = `127.0.0.1:${upstreamPort}`;
const results = {};
const cleanup = [];
try {
  const a1 = await startAuthz([], { directory, keepLogs: false });
  const a2 = await startAuthz([], { directory, keepLogs: false });
  cleanup.push(() => a1.stop(), () => a2.stop());
  const fronts = {
    "nginx alone": await startNginx({ authz: a1.address, upstream: upstreamAddr, authorize: false }),
    "nginx + orgpolicy-authz x1": await startNginx({ authz: a1.address, upstream: upstreamAddr }),
    "nginx + orgpolicy-authz x2": await startNginx({ authz: [a1.address, a2.address], upstream: upstreamAddr }),
  };
  for (const f of Object.values(fronts)) cleanup.push(() => f.stop());

  // warm-up (JIT, keep-alive pools), not measured
  for (const f of Object.values(fronts)) await autocannon({ url: f.url, connections: 8, duration: 2, requests: MIX.map(([method, path, headers]) => ({ method, path, headers })) });

  for (const [name, f] of Object.entries(fronts)) {
    const before = [await reloadsOf(a1), await reloadsOf(a2)];
    const reloads = startReloads(directory, base);
    const r = await load(f.url, { checkDecisions: name !== "nginx alone" });
    reloads.stop();
    await sleep(300);
    const after = [await reloadsOf(a1), await reloadsOf(a2)];
    r.fileRewrites = reloads.count();
    r.reloads = after.map((x, i) => x - before[i]);
    results[name] = r;
  }
} finally {
  for (const c of cleanup.reverse()) await c();
  upstream.kill("SIGTERM");
}

const alone = results["nginx alone"];
console.log(`\n${SECONDS} s per configuration, ${CONNECTIONS} connections, mix of ${MIX.length} requests (${MIX.filter((m) => m[3] === 200).length} allowed, ${MIX.filter((m) => m[3] !== 200).length} refused), directory rewritten every second\n`);
console.log("configuration                 req/s   p50 ms  p99 ms  vs alone  requests  failed  wrong  reloads (per instance)");
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(28)}${r.rps.toFixed(0).padStart(7)}${String(r.p50).padStart(9)}${String(r.p99).padStart(8)}${(r.rps / alone.rps).toFixed(2).padStart(9)}x${String(r.total).padStart(10)}${String(r.errors).padStart(8)}${String(r.wrong.count).padStart(7)}  ${name === "nginx alone" ? "-" : r.reloads.join(" / ")}`,
  );
  if (r.wrong.examples.length) console.log(`   wrong: ${r.wrong.examples.join("; ")}`);
}
const x1 = results["nginx + orgpolicy-authz x1"];
const x2 = results["nginx + orgpolicy-authz x2"];
console.log(`\nx2 / x1 throughput: ${(x2.rps / x1.rps).toFixed(2)}x`);
console.log(`one decision in process (canonicalization, route match, engine; no HTTP): ${decisionUs.toFixed(1)} µs on average over the mix`);
const bad = Object.values(results).reduce((n, r) => n + r.errors + r.wrong.count, 0);
if (bad > 0) {
  console.log(`\n${bad} failed or wrongly decided requests`);
  process.exitCode = 1;
}
