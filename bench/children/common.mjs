// Shared by the child processes: captures the wasm instance orgpolicy makes
// (to read its linear memory size) and a plain timing helper.

/** Wraps WebAssembly.Instance so the next instances' exports can be read. */
export function captureWasmInstances() {
  const seen = [];
  const Original = WebAssembly.Instance;
  WebAssembly.Instance = function Instance(module, imports) {
    const inst = new Original(module, imports);
    seen.push(inst);
    return inst;
  };
  WebAssembly.Instance.prototype = Original.prototype;
  return {
    memoryBytes() {
      const mem = seen.map((i) => i.exports.memory).find((m) => m instanceof WebAssembly.Memory);
      return mem ? mem.buffer.byteLength : NaN;
    },
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

export const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

/** A loop of its own per case (own feedback, own optimization), see run.mjs. */
export function loop(call) {
  return new Function(
    "lib",
    "qs",
    "n",
    `"use strict"; const mask = qs.length - 1; let acc = 0;
     for (let i = 0; i < n; i++) { const q = qs[i & mask]; if (${call}) acc++; }
     return acc;`,
  );
}

/**
 * Times per-check cases side by side: each case's `fn(lib, qs, n)` warmed
 * up, then `rounds` rounds in which every case runs `calls` calls back to
 * back, the order rotating; `c.samples` gets ns per call of each round.
 */
export function interleave(cases, rounds, calls = 100_000, warmup = 20_000) {
  for (const c of cases) {
    c.fn(c.lib, c.qs, warmup);
    c.samples = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + round) % cases.length];
      const t = process.hrtime.bigint();
      c.fn(c.lib, c.qs, calls);
      c.samples.push(Number(process.hrtime.bigint() - t) / calls);
    }
  }
}
