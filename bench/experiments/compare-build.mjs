// Two builds of the package side by side: build time from JSON text and
// wasm memory per member, one fresh process per (build, size, round), the
// builds alternating within each round; then per-check time (`can`,
// `canHandles`) at the smallest and largest size, both builds in this
// process, cases interleaved round by round. Medians and ratios printed.
//   node bench/experiments/compare-build.mjs <pkgA> <pkgB> [rounds=3] [sizes=1000,10000,100000]
// <pkg>: a copy of pkg/ (e.g. `cp -r pkg /tmp/pkg-before` before a change).
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { interleave, loop, median } from "../children/common.mjs";
import { directoryJson, queries } from "../synth.mjs";

const [a, b, roundsArg, sizesArg] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/experiments/compare-build.mjs <pkgA> <pkgB> [rounds] [sizes]");
  process.exit(2);
}
const rounds = Number(roundsArg ?? 3);
const sizes = (sizesArg ?? "1000,10000,100000").split(",").map(Number);
const scale = join(dirname(fileURLToPath(import.meta.url)), "../children/scale.mjs");
const pkgs = [resolve(a), resolve(b)];

const runs = new Map(); // `${pkg} ${n}` -> [results]
const load0 = loadavg()[0];
for (let r = 0; r < rounds; r++) {
  for (const n of sizes) {
    const order = r % 2 ? [...pkgs].reverse() : pkgs;
    for (const pkg of order) {
      const out = execFileSync(process.execPath, ["--expose-gc", scale, String(n)], {
        env: { ...process.env, ORGPOLICY_PKG: pkg },
        encoding: "utf8",
      });
      const key = `${pkg} ${n}`;
      runs.set(key, [...(runs.get(key) ?? []), JSON.parse(out)]);
    }
  }
}
const load1 = loadavg()[0];

const fmt = (x, d = 1) => x.toFixed(d);
console.log(`A = ${pkgs[0]}\nB = ${pkgs[1]}`);
console.log(`${rounds} rounds, builds alternating; load average ${fmt(load0, 2)} -> ${fmt(load1, 2)}\n`);
console.log("| members | build from text A | B | B ÷ A | build from object A | B | B ÷ A | memory per member A | B | B ÷ A |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of sizes) {
  const [ra, rb] = pkgs.map((p) => runs.get(`${p} ${n}`));
  const m = (rs, f) => median(rs.map(f));
  const text = [ra, rb].map((rs) => m(rs, (x) => x.buildTextMs));
  const obj = [ra, rb].map((rs) => m(rs, (x) => x.buildObjectMs));
  const mem = [ra, rb].map((rs) => m(rs, (x) => x.wasmPerEngine / n));
  console.log(
    `| ${n.toLocaleString("en")} | ${fmt(text[0])} ms | ${fmt(text[1])} ms | **${fmt(text[1] / text[0], 2)}** | ` +
      `${fmt(obj[0])} ms | ${fmt(obj[1])} ms | ${fmt(obj[1] / obj[0], 2)} | ` +
      `${fmt(mem[0], 0)} B | ${fmt(mem[1], 0)} B | **${fmt(mem[1] / mem[0], 2)}** |`,
  );
}

// Per check: growth from the smallest to the largest size, both builds here.
const require = createRequire(import.meta.url);
const small = Math.min(...sizes);
const large = Math.max(...sizes);
const cases = [];
for (const [i, pkg] of pkgs.entries()) {
  const { PolicyEngine } = require(join(pkg, "node/orgpolicy.js"));
  for (const n of [small, large]) {
    const engine = new PolicyEngine({}, directoryJson(n));
    const qs = queries(n, 4096);
    const hq = qs.map(([u, o, w, p]) => [
      engine.userHandle(u),
      engine.orgHandle(o),
      w === null ? null : engine.workspaceHandle(w),
      engine.permissionHandle(p),
    ]);
    cases.push({ build: "AB"[i], n, api: "can", lib: engine, qs, fn: loop("lib.can(q[0], q[1], q[2], q[3])") });
    cases.push({ build: "AB"[i], n, api: "canHandles", lib: engine, qs: hq, fn: loop("lib.canHandles(q[0], q[1], q[2], q[3])") });
  }
}
const perCheckRounds = 15;
interleave(cases, perCheckRounds);
const ns = (build, n, api) => median(cases.find((c) => c.build === build && c.n === n && c.api === api).samples);
console.log(`\nPer check, ${perCheckRounds} rounds x 100,000 calls, interleaved; load average ${fmt(loadavg()[0], 2)}\n`);
console.log(`| API | A ${small} | A ${large} | A growth | B ${small} | B ${large} | B growth | B ÷ A at ${large} |`);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const api of ["can", "canHandles"]) {
  const [a0, a1, b0, b1] = [ns("A", small, api), ns("A", large, api), ns("B", small, api), ns("B", large, api)];
  console.log(`| \`${api}\` | ${fmt(a0, 0)} ns | ${fmt(a1, 0)} ns | ${fmt(a1 / a0, 2)}× | ${fmt(b0, 0)} ns | ${fmt(b1, 0)} ns | **${fmt(b1 / b0, 2)}×** | ${fmt(b1 / a1, 2)} |`);
}
for (const engine of new Set(cases.map((c) => c.lib))) engine.free();
