// Steady memory: RSS (after GC) after 10,000 and after 1,000,000 checks of
// one kind on the 300-member directory, in a fresh process.
//   node --expose-gc bench/children/steady.mjs <can|check|canMany>
import { captureWasmInstances, loop } from "./common.mjs";
const wasm = captureWasmInstances();
const { create } = await import("../models/ours.mjs");
const { directoryJson, queries } = await import("../synth.mjs");

const mode = process.argv[2];
const engine = create(directoryJson(300));
const qs = queries(300, 4096);
const fn =
  mode === "canMany"
    ? (n) => { let acc = 0; for (let i = 0; i < n / qs.length; i++) acc += engine.canMany(qs)[0]; return acc; }
    : ((f) => (n) => f(engine, qs, n))(loop(mode === "check" ? "lib.check(q[0], q[1], q[2], q[3]).allowed" : "lib.can(q[0], q[1], q[2], q[3])"));
// GC, then give V8's memory reducer and the allocator a moment, GC again.
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 100));
  }
};
const sample = async () => { await settle(); return { rss: process.memoryUsage().rss, wasm: wasm.memoryBytes(), heap: process.memoryUsage().heapUsed }; };

fn(10_240); // 10k checks (whole batches of 4096 for canMany: 12,288)
const a = await sample();
const rssCurve = [];
for (let done = 10_240; done < 1_000_000; done += 98_976) {
  fn(98_976);
  rssCurve.push(process.memoryUsage().rss);
}
const b = await sample();
process.stdout.write(JSON.stringify({ mode, after10k: a, after1M: b, rssDelta: b.rss - a.rss, wasmDelta: b.wasm - a.wasm, rssPeak: Math.max(...rssCurve), rssCurve }) + "\n");
