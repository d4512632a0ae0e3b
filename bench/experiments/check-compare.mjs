// Per-check time of two builds of the package in one process, every case
// interleaved round by round (bench/children/common.mjs `interleave`):
// `can`, `canHandles`, `check`, and per query `canMany` (4,096 string
// tuples) and `canManyHandles` (4,096 packed queries) on a synthetic directory. Medians and B ÷ A printed.
//   node bench/experiments/check-compare.mjs <pkgA> <pkgB> [members=10000] [rounds=15]
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { interleave, loop, median } from "../children/common.mjs";
import { directoryJson, queries } from "../synth.mjs";

const [a, b, membersArg, roundsArg] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/experiments/check-compare.mjs <pkgA> <pkgB> [members] [rounds]");
  process.exit(2);
}
const members = Number(membersArg ?? 10_000);
const rounds = Number(roundsArg ?? 15);
const require = createRequire(import.meta.url);
const text = directoryJson(members);
const qs = queries(members, 4096);
const BATCH = 4096;

const cases = [];
const batches = [];
for (const [label, dir] of [["A", a], ["B", b]]) {
  const { PolicyEngine } = require(join(resolve(dir), "node/orgpolicy.js"));
  const engine = new PolicyEngine({}, text);
  const hq = qs.map(([u, o, w, p]) => [
    engine.userHandle(u),
    engine.orgHandle(o),
    w === null ? null : engine.workspaceHandle(w),
    engine.permissionHandle(p),
  ]);
  cases.push({ label, api: "can", lib: engine, qs, fn: loop("lib.can(q[0], q[1], q[2], q[3])"), per: 1 });
  cases.push({ label, api: "canHandles", lib: engine, qs: hq, fn: loop("lib.canHandles(q[0], q[1], q[2], q[3])"), per: 1 });
  cases.push({ label, api: "check", lib: engine, qs, fn: loop("lib.check(q[0], q[1], q[2], q[3]).allowed"), per: 1 });
  // One call answers BATCH queries: time per query.
  const packed = new Uint32Array(hq.flatMap(([u, o, w, p]) => [u, o, w === null ? 0xffffffff : w, p]));
  batches.push({ label, api: "canMany (per query)", lib: engine, qs: [qs], fn: loop("lib.canMany(q).length"), per: BATCH });
  batches.push({ label, api: "canManyHandles (per query)", lib: engine, qs: [packed], fn: loop("lib.canManyHandles(q).length"), per: BATCH });
}
interleave(cases, rounds, 100_000, 20_000);
interleave(batches, rounds, 25, 5);
cases.push(...batches);
console.log(`${members} members, ${rounds} rounds interleaved, load average ${loadavg()[0].toFixed(2)}\n`);
console.log("| API | A | B | B ÷ A |\n|---|---:|---:|---:|");
for (const api of [...new Set(cases.map((c) => c.api))]) {
  const [ca, cb] = ["A", "B"].map((l) => cases.find((c) => c.api === api && c.label === l));
  const [ma, mb] = [ca, cb].map((c) => median(c.samples) / c.per);
  console.log(`| \`${api}\` | ${ma.toFixed(0)} ns | ${mb.toFixed(0)} ns | **${(mb / ma).toFixed(2)}** |`);
}
