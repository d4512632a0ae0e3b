// One directory size in a fresh process: build time (JSON text and object
// paths) and the engine's memory. (Per-check time across sizes is measured
// by run.mjs in one process, sizes interleaved.)
//   node --expose-gc bench/children/scale.mjs <members>
import { captureWasmInstances, median, now } from "./common.mjs";
const wasm = captureWasmInstances();
const { create } = await import("../models/ours.mjs");
const { directoryJson } = await import("../synth.mjs");

const n = Number(process.argv[2]);
const text = directoryJson(n);
const gc = globalThis.gc ?? (() => {});

// Memory: one engine built in this fresh process, then two more (their
// growth is what an engine keeps: the first build's transient buffers,
// including the copy of the JSON text, are free again by then).
gc();
const mem0 = wasm.memoryBytes();
const rss0 = process.memoryUsage().rss;
let t = now();
const engine = create(text);
const firstBuildMs = now() - t;
gc();
const mem1 = wasm.memoryBytes();
const rss1 = process.memoryUsage().rss;
const extra = [create(text), create(text)];
const mem3 = wasm.memoryBytes();
for (const e of extra) e.free();

// Build time: median of several builds (JSON text; object).
const builds = n >= 100_000 ? 5 : 9;
const textMs = [];
for (let i = 0; i < builds; i++) {
  t = now();
  const e = create(text);
  textMs.push(now() - t);
  e.free();
}
const obj = JSON.parse(text);
const objMs = [];
for (let i = 0; i < builds; i++) {
  t = now();
  const e = create(obj);
  objMs.push(now() - t);
  e.free();
}


process.stdout.write(
  JSON.stringify({
    members: n,
    memberCount: engine.memberCount,
    jsonBytes: text.length,
    firstBuildMs,
    buildTextMs: median(textMs),
    buildObjectMs: median(objMs),
    wasmGrowthFirst: mem1 - mem0,
    wasmPerEngine: (mem3 - mem1) / 2,
    rssGrowthFirst: rss1 - rss0,
  }) + "\n",
);
