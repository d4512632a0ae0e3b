// Two builds of the package side by side in one process: `can` per call and
// the build of a synthetic directory from JSON text, rounds interleaved
// (A, B, B, A, ...), medians and the ratio B ÷ A printed. For "is this change
// slower?" questions, where two separate runs on a shared machine would
// compare the load rather than the builds.
//
//   node bench/compare.mjs <A: node/orgpolicy.js> <B: node/orgpolicy.js> [members=100000] [rounds=9]
//
// Each build is a CommonJS Node entry (`pkg/node/orgpolicy.js` of a build);
// both get the same directory text and the same queries, and must answer the
// queries identically (the run aborts otherwise).
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { directoryJson, queries } from "./synth.mjs";
import { loop, median, now } from "./children/common.mjs";

const require = createRequire(import.meta.url);
const [a, b] = process.argv.slice(2, 4);
if (!a || !b) {
  console.error("usage: node bench/compare.mjs <A node/orgpolicy.js> <B node/orgpolicy.js> [members] [rounds]");
  process.exit(2);
}
const MEMBERS = Number(process.argv[4] ?? 100_000);
const ROUNDS = Number(process.argv[5] ?? 9);
const CHECK_MEMBERS = 300; // the per-check size of bench/run.mjs
const CALLS = 200_000;

const builds = [a, b].map((file, i) => ({ label: i === 0 ? "A" : "B", file, lib: require(resolve(file)) }));
const big = directoryJson(MEMBERS);
const small = directoryJson(CHECK_MEMBERS);
const qs = queries(CHECK_MEMBERS, 4096);
const canLoop = loop("lib.can(q[0], q[1], q[2], q[3])");

for (const x of builds) {
  x.engine = new x.lib.PolicyEngine({}, small);
  x.answers = qs.map((q) => x.engine.can(q[0], q[1], q[2], q[3]));
  x.canNs = [];
  x.buildMs = [];
}
const [A, B] = builds;
const differ = qs.findIndex((_, i) => A.answers[i] !== B.answers[i]);
if (differ >= 0) throw new Error(`A and B disagree on query ${differ}: ${JSON.stringify(qs[differ])}`);

for (const x of builds) canLoop(x.engine, qs, 20_000); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 ? [B, A] : [A, B];
  for (const x of order) {
    const t = now();
    canLoop(x.engine, qs, CALLS);
    x.canNs.push(((now() - t) * 1e6) / CALLS);
  }
  for (const x of order) {
    const t = now();
    const e = new x.lib.PolicyEngine({}, big);
    x.buildMs.push(now() - t);
    e.free();
  }
}

const row = (name, unit, key, digits) => {
  const ma = median(A[key]);
  const mb = median(B[key]);
  console.log(`${name.padEnd(34)}${ma.toFixed(digits).padStart(10)} ${unit}${mb.toFixed(digits).padStart(10)} ${unit}${(mb / ma).toFixed(2).padStart(8)}×`);
};
console.log(`A: ${A.file}\nB: ${B.file}`);
console.log(`${ROUNDS} interleaved rounds; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(`${"".padEnd(34)}${"A".padStart(13)}${"B".padStart(13)}   B ÷ A`);
row(`can (${CHECK_MEMBERS} members, 4096 queries)`, "ns", "canNs", 0);
row(`build ${MEMBERS.toLocaleString("en")} members (JSON text)`, "ms", "buildMs", 1);
