// Where the per-check time of `can` goes across the JS/wasm boundary, and
// what other calling conventions would cost. Needs a scratch build of the
// crate with experimental exports (prefixed `x`, never part of the package):
// bench/experiments/build-scratch.sh appends boundary_exports.rs.txt to a
// copy of src/wasm/engine.rs outside the repository and builds it.
//   bench/experiments/build-scratch.sh z 3     # → /tmp/orgpolicy-scratch/pkg-{z,3}/node
//   ORGPOLICY_NODE=/tmp/orgpolicy-scratch/pkg-z/node/orgpolicy.js node bench/experiments/boundary.mjs
import { directoryJson, queries } from "../synth.mjs";
import { create } from "../models/ours.mjs";
import * as casl from "../models/casl.mjs";
import { median } from "../children/common.mjs";
import { loadavg } from "node:os";

const N = Number(process.env.MEMBERS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const text = directoryJson(N);
const engine = create(text);
if (typeof engine.xNoop !== "function") {
  console.error("this build has no experimental exports: set ORGPOLICY_NODE to a scratch build (see the header)");
  process.exit(1);
}
const qs = queries(N, 4096);

// Handles, resolved once (the caller would keep them, or the glue would cache them).
const handle = new Map();
const h = (s) => { let x = handle.get(s); if (x === undefined) handle.set(s, (x = engine.xHandle(s))); return x; };
const idq = qs.map(([u, o, w, p]) => [h(u), h(o), w === null ? 0xffffffff : h(w), h(p)]);
const resolved = qs.map(([u, o, w, p]) => [engine.xResolveOrg(o), engine.xResolveMember(o, u), w === null ? -1 : engine.xResolveWs(o, w), engine.xResolvePerm(p)]);
const joined = qs.map(([u, o, w, p]) => [`${u}\u0001${o}\u0001${w ?? ""}\u0001${p}`]);
const strq = qs.map(([u, o, w, p]) => [u, o, w ?? "", p]);

// Same public API, ids interned by the JS glue: can(u, o, w, p) → Map lookups → u32 call.
const orgs = new Map(), wss = new Map(), perms = new Map(), members = new Map();
function canInterned(u, o, w, p) {
  let oi = orgs.get(o);
  if (oi === undefined) orgs.set(o, (oi = engine.xResolveOrg(o)));
  let m = members.get(o);
  if (m === undefined) members.set(o, (m = new Map()));
  let mi = m.get(u);
  if (mi === undefined) m.set(u, (mi = engine.xResolveMember(o, u)));
  let wi = -1;
  if (w !== null && w !== undefined) {
    const k = o + "\u0000" + w;
    wi = wss.get(k);
    if (wi === undefined) wss.set(k, (wi = engine.xResolveWs(o, w)));
  }
  let pi = perms.get(p);
  if (pi === undefined) perms.set(p, (pi = engine.xResolvePerm(p)));
  // (a real version would fall back to the string path on a miss, for the error)
  return engine.xCanResolved(oi, mi, wi, pi);
}
const internedLib = { can: canInterned };

const L = (call) => new Function("lib", "qs", "n", `"use strict"; let acc = 0; for (let i = 0; i < n; i++) { const q = qs[i & 4095]; if (${call}) acc++; } return acc;`);
const C = (name, lib, q, call, exact = true) => ({ name, lib, q, call, fn: L(call), exact });
const CAN = "lib.can(q[0], q[1], q[2], q[3])";
const cases = [
  C("`can(u, o, w, p)` today (4 JsValue strings)", engine, qs, CAN),
  C("call only: 4 JsValue args, nothing read (`xNoop`)", engine, qs, "!lib.xNoop(q[0], q[1], q[2], q[3])", false),
  C("call + 4 string conversions, no decision (`xConvOnly`)", engine, qs, "lib.xConvOnly(q[0], q[1], q[2], q[3])", false),
  ...(engine.xConvRaw ? [C("call + 4 plain `as_string`, no lone-surrogate scan (`xConvRaw`)", engine, qs, "lib.xConvRaw(q[0], q[1], q[2], q[3])", false)] : []),
  C("`&str` params (glue encodes; `xCanStr`)", engine, strq, "lib.xCanStr(q[0], q[1], q[2], q[3])"),
  C("one joined `&str` (`xCanJoined`)", engine, joined, "lib.xCanJoined(q[0])"),
  C("interned string ids, u32s, core `can` on the strings (`xCanIds`)", engine, idq, "lib.xCanIds(q[0], q[1], q[2], q[3])"),
  C("resolved ids, u32s (`xCanResolved`), the floor", engine, resolved, "lib.xCanResolved(q[0], q[1], q[2], q[3])"),
  C("same API, JS glue interns ids in Maps → `xCanResolved`", internedLib, qs, CAN),
  C("CASL (reference)", casl.create(JSON.parse(text)), qs, CAN),
];
// `check`: today a Decision goes Rust → serde_json text → JSON.parse in JS.
const CODES = engine.xCodes ? engine.xCodes() : null;
const checkParts = {
  check(u, o, w, p) {
    const s = engine.xCheckParts(u, o, w, p);
    return { allowed: s.charCodeAt(0) === 49, code: CODES[s.charCodeAt(1) - 48], message: s.slice(2) };
  },
};
if (CODES) {
  for (let i = 0; i < qs.length; i++) {
    const a = engine.check(...qs[i]), b = checkParts.check(...qs[i]), c = engine.xCheckCode(...qs[i]);
    if (a.allowed !== b.allowed || a.code !== b.code || a.message !== b.message || CODES[c >> 1] !== a.code || Boolean(c & 1) !== a.allowed) {
      console.error(`check variants differ at ${i}`); process.exit(1);
    }
  }
  cases.push(
    C("`check` today (Decision as JSON text, JSON.parse)", engine, qs, "lib.check(q[0], q[1], q[2], q[3]).allowed"),
    C("`check`: code index as u32, no message (`xCheckCode`)", engine, qs, "lib.xCheckCode(q[0], q[1], q[2], q[3]) & 1"),
    C("`check`: one string [allowed][code][message], object built in JS (`xCheckParts`)", checkParts, qs, "lib.check(q[0], q[1], q[2], q[3]).allowed"),
  );
}
// Same answers first.
const want = qs.map((q) => engine.can(...q));
for (const c of cases) {
  if (!c.exact) continue;
  const f = new Function("lib", "q", `return Boolean(${c.call})`);
  c.q.forEach((x, i) => { if (f(c.lib, x) !== want[i]) { console.error(`${c.name}: wrong answer at ${i}`); process.exit(1); } });
}
const samples = cases.map(() => []);
for (const c of cases) c.fn(c.lib, c.q, 20000);
const l0 = loadavg()[0].toFixed(2);
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < cases.length; k++) {
    const i = (k + r) % cases.length;
    const { lib, q, fn } = cases[i];
    const n = 100_000;
    const t = process.hrtime.bigint();
    fn(lib, q, n);
    samples[i].push(Number(process.hrtime.bigint() - t) / n);
  }
}
const base = median(samples[0]);
console.log(`${N} members, ${ROUNDS} rounds × 100,000 calls, interleaved; load ${l0} → ${loadavg()[0].toFixed(2)}; build: ${process.env.ORGPOLICY_NODE}\n`);
console.log("| calling convention | ns per check | vs today |\n|---|---:|---:|");
cases.forEach(({ name }, i) => console.log(`| ${name} | ${median(samples[i]).toFixed(0)} | ${(median(samples[i]) / base).toFixed(2)} |`));
